set -e
composer install --no-dev
