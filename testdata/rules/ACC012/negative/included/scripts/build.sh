set -e
composer --no-interaction install --no-dev
php ./vendor/bin/ece-tools run scenario/build/generate.xml
