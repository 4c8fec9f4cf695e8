<?php
// SPDX-License-Identifier: MIT
// A page PHP compresses itself (zlib.output_compression: gzip or deflate,
// as the request's Accept-Encoding asks), and with ?download a CSV file
// named by Content-Disposition.
ini_set('zlib.output_compression', '1');
if (isset($_GET['download'])) {
    header('Content-Type: text/csv; charset=utf-8');
    header('Content-Disposition: attachment; filename="report.csv"');
    for ($i = 1; $i <= 200; $i++) {
        echo $i, ',item ', $i, ',', $i * 3, "\n";
    }
} else {
    header('Content-Type: text/html; charset=UTF-8');
    echo "<!DOCTYPE html>\n<html><body>\n";
    for ($i = 1; $i <= 200; $i++) {
        echo '<p>Line ', $i, " of a page PHP compressed itself.</p>\n";
    }
    echo "</body></html>\n";
}
