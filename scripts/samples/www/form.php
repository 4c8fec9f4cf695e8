<?php
// SPDX-License-Identifier: MIT
// POST application/x-www-form-urlencoded: echoes the decoded fields as JSON.
header('Content-Type: application/json');
echo json_encode(['method' => $_SERVER['REQUEST_METHOD'], 'fields' => $_POST],
                 JSON_UNESCAPED_UNICODE), "\n";
