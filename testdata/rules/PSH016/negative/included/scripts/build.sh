#!/bin/bash
set -euo pipefail
composer install --no-dev
php bin/console cache:warmup
