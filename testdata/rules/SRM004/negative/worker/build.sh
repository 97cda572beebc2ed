set -e
pip install -r requirements.txt
