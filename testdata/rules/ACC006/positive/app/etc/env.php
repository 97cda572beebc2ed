<?php
return [
    'backend' => ['frontName' => 'admin_q3x9'],
    'crypt' => [
        'key' => 'b7c1e9f04a2d63e8c5f1a07d94b2e6c3'
    ],
    'db' => [
        'connection' => [
            'default' => [
                'host' => 'database.internal',
                'username' => 'user',
                'password' => 'Tq7!vR2m#Lp9',
            ],
        ],
    ],
];
