set -e
composer --no-interaction update --no-dev
php ./vendor/bin/ece-tools run scenario/build/generate.xml
