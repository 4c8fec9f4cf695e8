# SPDX-License-Identifier: MIT
# client_lib.sh - shared by the tests of the client subcommands (request,
# values, ping, status, dump): locating the tool, a temp dir cleaned by a
# trap, servers on random 127.0.0.1 ports or Unix sockets, and checks.
#
# Source it after setting `name`; it sets (with common.sh): fcgi, d (temp
# dir), pass/fail counters, and defines free_port, start_php_fpm,
# start_fcgiwrap, start_misbehave, check (compare), finish.

. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

d=$(mktemp -d "/tmp/test_${name}.XXXXXX")
chmod 755 "$d"
bg_pids=()
cleanup() {
    local f
    for f in "$d/fpm.pid" "$d/nginx.pid"; do
        [ -f "$f" ] && kill "$(cat "$f" 2>/dev/null)" 2>/dev/null
    done
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $d"; else rm -rf "$d"; fi
}
trap cleanup EXIT
# The script itself runs under `timeout` (tests/tools/CMakeLists.txt), and
# every tool invocation below is bounded by `timeout` too: nothing can hang.

passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check DESCRIPTION EXPECTED ACTUAL
check() {
    if [ "$2" == "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
# check_contains DESCRIPTION NEEDLE HAYSTACK
check_contains() {
    case "$3" in *"$2"*) ok ;; *) bad "$1: [$2] not in [$3]" ;; esac
}

finish() {
    echo "test_${name}: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

skip() { echo "SKIP: $*"; exit 77; }

# wait_listen ADDRESS: until something accepts connections (max ~5 s).
wait_listen() {
    local a=$1 i
    for i in $(seq 1 100); do
        if [ "${a#/}" != "$a" ]; then
            [ -S "$a" ] && perl -MIO::Socket::UNIX -e 'exit !IO::Socket::UNIX->new(Peer => $ARGV[0])' "$a" && return 0
        else
            perl -MIO::Socket::INET -e 'exit !IO::Socket::INET->new(PeerAddr => $ARGV[0], Timeout => 1)' "$a" && return 0
        fi
        sleep 0.05
    done
    echo "server at $a did not start"
    return 1
}

php_fpm=$(ls /usr/sbin/php-fpm* 2>/dev/null | head -n1)

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
    cat > "$d/fpm.conf" <<EOF2
[global]
pid = $d/fpm.pid
error_log = $d/fpm.log
daemonize = no
[tcp]
listen = $fpm_tcp
pm = static
pm.max_children = 4
ping.path = /ping
pm.status_path = /status
[unix]
listen = $fpm_unix
pm = static
pm.max_children = 2
ping.path = /health
ping.response = alive
pm.status_path = /fpm-status
EOF2
    "$php_fpm" -R -n -y "$d/fpm.conf" -p "$d" >"$d/fpm.out" 2>&1 &
    bg_pids+=($!)
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
    bg_pids+=($!)
    wait_listen "$wrap_tcp" || { cat "$d/wrap.out"; exit 1; }
}

# start_misbehave MODE: the deliberately broken server (client_misbehave.pl)
# on a random port.  Sets bad_addr.
start_misbehave() {
    local port
    port=$(free_port)
    bad_addr=127.0.0.1:$port
    perl "$here/client_misbehave.pl" "$port" "$1" >"$d/bad_$1.out" 2>&1 &
    bg_pids+=($!)
    wait_listen "$bad_addr" || exit 1
}
