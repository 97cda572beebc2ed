<?php
return [
    'crypt' => ['key' => ''],
    'db' => ['connection' => ['default' => ['password' => '']]],
];
