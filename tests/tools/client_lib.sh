# SPDX-License-Identifier: MIT
# client_lib.sh - the servers of the tests of the client subcommands
# (request, values, ping, status, dump), on ../lib/harness.sh: php-fpm
# pools with PHP scripts, fcgiwrap with shell CGI scripts, and the
# deliberately broken server of client_misbehave.pl.
#
# Source it first; it finds the fcgi binary (the test's first argument)
# and makes the work folder $d.  Defines start_php_fpm, start_fcgiwrap and
# start_misbehave.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/harness.sh"
find_fcgi "${1:-}"
workdir "$test_name"

# start_php_fpm: php-fpm with a pool on 127.0.0.1:$fpm_port and one on
# $d/fpm.sock, both with ping.path and pm.status_path, and PHP scripts in
# $d/www.  Sets fpm_tcp, fpm_unix, www.
start_php_fpm() {
    [ -n "$php_fpm" ] || skip "php-fpm is not installed"
    www=$d/www
    mkdir -p "$www"
    cat > "$www/hello.php" <<'PHP'
<?php echo "Hello, ", $_GET['name'] ?? 'world', "!\n";
PHP
    cat > "$www/echo.php" <<'PHP'
<?php
header('Content-Type: text/plain');
echo $_SERVER['REQUEST_METHOD'], " ", $_SERVER['CONTENT_TYPE'] ?? '-', " ", $_SERVER['CONTENT_LENGTH'] ?? '-', "\n";
echo file_get_contents('php://input');
PHP
    cat > "$www/env.php" <<'PHP'
<?php foreach ($_SERVER as $k => $v) if (is_string($v)) echo "$k=$v\n";
PHP
    cat > "$www/notfound.php" <<'PHP'
<?php http_response_code(404); echo "no such thing\n";
PHP
    cat > "$www/redirect.php" <<'PHP'
<?php header('Location: http://example.com/elsewhere'); echo "moved\n";
PHP
    cat > "$www/warn.php" <<'PHP'
<?php error_log("something odd happened"); echo "body after warning\n";
PHP
    cat > "$www/large.php" <<'PHP'
<?php $n = (int)($_GET['n'] ?? 1000000); $line = str_repeat('x', 99) . "\n";
for ($i = 0; $i < intdiv($n, 100); $i++) echo $line;
PHP
    cat > "$www/slow.php" <<'PHP'
<?php usleep((int)($_GET['ms'] ?? 2000) * 1000); echo "late\n";
PHP
    echo "not php" > "$www/plain.txt"
    fpm_port=$(free_port)
    fpm_tcp=127.0.0.1:$fpm_port
    fpm_unix=$d/fpm.sock
    fpm_conf "$d/fpm.conf"
    {
        fpm_pool tcp "$fpm_tcp" 4 'ping.path = /ping' 'pm.status_path = /status'
        fpm_pool unix "$fpm_unix" 2 'ping.path = /health' 'ping.response = alive' \
            'pm.status_path = /fpm-status'
    } >>"$d/fpm.conf"
    fpm_start "$d/fpm.conf"
    wait_listen "$fpm_tcp" || { cat "$d/fpm.out" "$d/fpm.log" 2>/dev/null; exit 1; }
    wait_listen "$fpm_unix" || exit 1
}

# start_fcgiwrap: fcgiwrap (libfcgi) through spawn-fcgi on 127.0.0.1,
# with a shell CGI script $d/cgi/hello.sh.  Sets wrap_tcp, cgi.
start_fcgiwrap() {
    command -v spawn-fcgi >/dev/null || skip "spawn-fcgi is not installed"
    [ -x /usr/sbin/fcgiwrap ] || skip "fcgiwrap is not installed"
    cgi=$d/cgi
    mkdir -p "$cgi"
    cat > "$cgi/hello.sh" <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "hello from cgi, method=$REQUEST_METHOD query=$QUERY_STRING"
echo "a line for stderr" >&2
[ "$REQUEST_METHOD" = POST ] && cat
exit 0
SH
    cat > "$cgi/fail.sh" <<'SH'
#!/bin/sh
printf 'Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndown\n'
SH
    chmod 755 "$cgi"/*.sh
    local port
    port=$(free_port)
    wrap_tcp=127.0.0.1:$port
    spawn-fcgi -n -a 127.0.0.1 -p "$port" -- /usr/sbin/fcgiwrap >"$d/wrap.out" 2>&1 &
    pids+=($!)
    wait_listen "$wrap_tcp" || { cat "$d/wrap.out"; exit 1; }
}

# start_misbehave MODE: the deliberately broken server (client_misbehave.pl)
# on a random port.  Sets bad_addr.
start_misbehave() {
    local port
    port=$(free_port)
    bad_addr=127.0.0.1:$port
    perl "$here/client_misbehave.pl" "$port" "$1" >"$d/bad_$1.out" 2>&1 &
    pids+=($!)
    wait_listen "$bad_addr" || exit 1
}
