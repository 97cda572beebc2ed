set -e
composer --no-interaction install --no-dev
