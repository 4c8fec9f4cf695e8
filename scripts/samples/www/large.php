<?php
// SPDX-License-Identifier: MIT
// A ~200 KB response, flushed in pieces so php-fpm sends many STDOUT records.
header('Content-Type: text/plain');
for ($i = 0; $i < 2500; $i++) {
    printf("line %05d: %s\n", $i, str_repeat(chr(ord('a') + $i % 26), 68));
    if ($i % 100 == 99) {
        flush();
    }
}
