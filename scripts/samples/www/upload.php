<?php
// SPDX-License-Identifier: MIT
// POST multipart/form-data: reports each uploaded file's name, size and digest.
header('Content-Type: text/plain');
foreach ($_FILES as $field => $f) {
    printf("%s: %s, %d octets, sha256 %s\n", $field, $f['name'], $f['size'],
           hash_file('sha256', $f['tmp_name']));
}
foreach ($_POST as $k => $v) {
    echo "$k=$v\n";
}
