#!/bin/bash
# Build the app.
composer install --no-dev
php bin/console cache:warmup
