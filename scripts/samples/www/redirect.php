<?php
// SPDX-License-Identifier: MIT
// A CGI redirect: only a Location header, which php-fpm turns into 302.
header('Location: /index.php?name=redirected');
