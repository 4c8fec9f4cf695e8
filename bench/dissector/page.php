<?php
// SPDX-License-Identifier: MIT
// The application behind the dissector benchmark: what a small PHP site does
// for a GET, i.e. read the query string and a few CGI params, set a header,
// and print a short HTML page (about 1.5 KB), so the capture carries the usual
// PARAMS, an empty STDIN and a few STDOUT records per request.
$name = isset($_GET['q']) ? $_GET['q'] : 'world';
$page = isset($_GET['page']) ? (int)$_GET['page'] : 1;
header('Cache-Control: no-store');
?>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Results for <?= htmlspecialchars($name) ?></title></head>
<body>
<h1>Results for <?= htmlspecialchars($name) ?>, page <?= $page ?></h1>
<p>Served by <?= htmlspecialchars($_SERVER['SERVER_SOFTWARE'] ?? 'unknown') ?>
 to <?= htmlspecialchars($_SERVER['REMOTE_ADDR'] ?? '-') ?>
 for <?= htmlspecialchars($_SERVER['REQUEST_URI'] ?? '/') ?>.</p>
<ul>
<?php for ($i = 1; $i <= 12; $i++): ?>
<li><a href="?q=<?= urlencode($name) ?>&amp;page=<?= $page ?>&amp;item=<?= $i ?>">Item <?= ($page - 1) * 12 + $i ?> about <?= htmlspecialchars($name) ?></a></li>
<?php endfor; ?>
</ul>
<p>Generated at <?= gmdate('Y-m-d H:i:s') ?> UTC.</p>
</body>
</html>
