<?php
// SPDX-License-Identifier: MIT
// A page that works but makes PHP log a warning and a notice: both travel on
// the FastCGI STDERR stream while the page goes to STDOUT.
header('Content-Type: text/plain');
$list = [1, 2, 3];
echo "fourth item: ", $list[3] ?? 'none', "\n";
echo "undefined: ", @$undefined, "\n";
$x = $list[7];             // Warning: Undefined array key 7
echo "total: ", intdiv(10, 3) + (int) $x, "\n";
trigger_error('sample deprecation notice from warn.php', E_USER_NOTICE);
