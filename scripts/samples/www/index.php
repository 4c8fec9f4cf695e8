<?php
// SPDX-License-Identifier: MIT
// GET with a query string: greets ?name= and lists the query parameters.
header('Content-Type: text/plain; charset=utf-8');
$name = $_GET['name'] ?? 'world';
echo "Hello, $name!\n";
foreach ($_GET as $k => $v) {
    echo "$k=$v\n";
}
