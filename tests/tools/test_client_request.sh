#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_request.sh - `fcgi request` against real servers: php-fpm on
# TCP and on a Unix socket (hello, GET query, POST echo, params, headers,
# Status: 404, Location: -> 302, STDERR kept apart, large output, php-fpm
# failure hints, --trace, --keep-conn, -i, timeouts) and fcgiwrap (libfcgi)
# with shell CGI scripts, plus the authorizer and filter roles.
# usage: test_client_request.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 20"
start_php_fpm

for addr in "$fpm_tcp" "$fpm_unix" "unix:$fpm_unix"; do
    out=$($T "$fcgi" request "$addr" "$www/hello.php" --uri '/hello.php?name=Ann' 2>"$d/err")
    check_eq "hello via $addr: exit" 0 "$?"
    check_eq "hello via $addr: body" "Hello, Ann!" "$out"
    check_eq "hello via $addr: no stderr" "" "$(cat "$d/err")"
done

# POST bodies: literal, @file, standard input; method and content type.
out=$($T "$fcgi" request "$fpm_tcp" "$www/echo.php" -d 'a=1&b=2')
check_eq "POST literal" $'POST application/x-www-form-urlencoded 7\na=1&b=2' "$out"
head -c 300000 /dev/urandom | base64 -w 0 > "$d/big.txt"
out=$($T "$fcgi" request "$fpm_unix" "$www/echo.php" -d "@$d/big.txt" -H 'Content-Type: text/plain' | tail -c +2)
check_eq "POST 400 kB @file echoed" "$(cat "$d/big.txt")" "$(printf '%s' "$out" | sed 1d)"
out=$(echo -n 'from stdin' | $T "$fcgi" request "$fpm_tcp" "$www/echo.php" -d - -X PUT -H 'Content-Type: text/x-test')
check_eq "PUT from stdin" $'PUT text/x-test 10\nfrom stdin' "$out"

# Params: the nginx-like set, -p overrides and removals, -H -> HTTP_*.
env_out=$(FOO_SHOULD_NOT_LEAK=1 $T "$fcgi" request "$fpm_tcp" "$www/env.php" --uri '/env.php?x=1' \
    -H 'X-Trace-Id: abc' -H 'Host: example.org' -p SERVER_NAME=example.org -p -REMOTE_PORT -p CUSTOM=yes)
for kv in "REQUEST_METHOD=GET" "SCRIPT_FILENAME=$www/env.php" "SCRIPT_NAME=/env.php" \
          "REQUEST_URI=/env.php?x=1" "QUERY_STRING=x=1" "DOCUMENT_ROOT=$www" "DOCUMENT_URI=/env.php" \
          "GATEWAY_INTERFACE=CGI/1.1" "SERVER_PROTOCOL=HTTP/1.1" "HTTP_X_TRACE_ID=abc" \
          "HTTP_HOST=example.org" "SERVER_NAME=example.org" "CUSTOM=yes" "REDIRECT_STATUS=200"; do
    check_contains "param $kv" $'\n'"$kv"$'\n' $'\n'"$env_out"$'\n'
done
case "$env_out" in *REMOTE_PORT=*) fail "-p -REMOTE_PORT did not remove it" ;; *) pass ;; esac
case "$env_out" in *FOO_SHOULD_NOT_LEAK*) fail "the caller's environment leaked" ;; *) pass ;; esac
check_eq "--show-params" "CONTENT_LENGTH=3" \
    "$($T "$fcgi" request x:1 /srv/a.php -d abc --show-params | grep '^CONTENT_LENGTH=')"

# Status handling.
$T "$fcgi" request "$fpm_tcp" "$www/notfound.php" > "$d/out" 2> "$d/err"
check_eq "Status: 404 -> exit 1" 1 "$?"
check_eq "404 body still written" "no such thing" "$(cat "$d/out")"
check_contains "404 reported" "HTTP status 404" "$(cat "$d/err")"
$T "$fcgi" request "$fpm_tcp" "$www/redirect.php" -v > /dev/null 2> "$d/err"
check_eq "Location without Status -> 302, exit 0" 0 "$?"
check_contains "302 reported by -v" "status 302" "$(cat "$d/err")"
out=$($T "$fcgi" request "$fpm_tcp" "$www/hello.php" -i | tr -d '\r')
check_contains "-i prints CGI headers" $'Content-type: text/html; charset=UTF-8\n\nHello, world!' "$out"

# STDERR records go to stderr only.
$T "$fcgi" request "$fpm_tcp" "$www/warn.php" > "$d/out" 2> "$d/err"
check_eq "warning: exit 0" 0 "$?"
check_eq "warning: body" "body after warning" "$(cat "$d/out")"
check_contains "warning: on stderr" "PHP message: something odd happened" "$(cat "$d/err")"

# Large output streams through.
size=$($T "$fcgi" request "$fpm_unix" "$www/large.php" --uri '/large.php?n=5000000' | wc -c)
check_eq "5 MB body" 5000000 "$size"

# php-fpm failures get hints.
$T "$fcgi" request "$fpm_tcp" "$www/missing.php" > /dev/null 2> "$d/err"
check_eq "missing script: exit 1" 1 "$?"
check_contains "missing script: hint" "cannot find SCRIPT_FILENAME" "$(cat "$d/err")"
$T "$fcgi" request "$fpm_tcp" "$www/plain.txt" > /dev/null 2> "$d/err"
check_eq "limit_extensions: exit 1" 1 "$?"
check_contains "limit_extensions: hint" "security.limit_extensions" "$(cat "$d/err")"

# --trace: every record, both directions, timestamps.
$T "$fcgi" request "$fpm_tcp" "$www/hello.php" --trace --keep-conn > /dev/null 2> "$d/trace"
check_contains "trace: BEGIN_REQUEST with KEEP_CONN" '> {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, FCGI_KEEP_CONN}}' "$(cat "$d/trace")"
check_contains "trace: params terminator" '> {FCGI_PARAMS, 1, ""}' "$(cat "$d/trace")"
check_contains "trace: stdin terminator" '> {FCGI_STDIN, 1, ""}' "$(cat "$d/trace")"
check_contains "trace: END_REQUEST" '< {FCGI_END_REQUEST, 1, {0, FCGI_REQUEST_COMPLETE}}' "$(cat "$d/trace")"
check_eq "trace: line format" 0 "$(grep -v '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{6\} +[0-9.]*ms c1 [<>*] ' "$d/trace" | wc -l)"

# Timeouts: read timeout and total time against a slow script.
start=$(date +%s%N)
$T "$fcgi" request "$fpm_tcp" "$www/slow.php" --uri '/slow.php?ms=3000' --read-timeout 300ms > /dev/null 2> "$d/err"
rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
check_eq "read timeout: exit 5" 5 "$rc"
check_contains "read timeout: message" "read timeout" "$(cat "$d/err")"
check_eq "read timeout: within 2 s" 1 "$([ "$elapsed" -lt 2000 ] && echo 1 || echo 0)"
$T "$fcgi" request "$fpm_tcp" "$www/slow.php" --uri '/slow.php?ms=3000' -m 0.5 > /dev/null 2> "$d/err"
check_eq "total timeout: exit 5" 5 "$?"
check_contains "total timeout: message" "total timeout" "$(cat "$d/err")"

# Connection failures.
$T "$fcgi" request "127.0.0.1:$(free_port)" "$www/hello.php" > /dev/null 2> "$d/err"
check_eq "refused: exit 3" 3 "$?"
check_contains "refused: message" "Connection refused" "$(cat "$d/err")"
$T "$fcgi" request "$d/no.sock" "$www/hello.php" > /dev/null 2> "$d/err"
check_eq "no socket file: exit 3" 3 "$?"
: > "$d/stale.sock"
$T "$fcgi" request "not-an-address" "$www/hello.php" > /dev/null 2>&1
check_eq "malformed address: exit 2 (usage)" 2 "$?"

# Usage errors.
for args in "" "$fpm_tcp" "$fpm_tcp x --role nope" "$fpm_tcp x --repeat 0" "$fpm_tcp x -d @$d/none" \
            "$fpm_tcp x --data abc" "$fpm_tcp x --max-time soon"; do
    $T "$fcgi" request $args > /dev/null 2>&1
    check_eq "usage error for [$args]" 2 "$?"
done
$T "$fcgi" request --help | grep -q "exit codes"
check_eq "--help lists exit codes" 0 "$?"

# fcgiwrap (libfcgi): a shell CGI script, GET and POST, Status: 503.
start_fcgiwrap
out=$($T "$fcgi" request "$wrap_tcp" "$cgi/hello.sh" --uri '/hello.sh?q=1' 2> "$d/err")
check_eq "fcgiwrap GET: exit" 0 "$?"
check_eq "fcgiwrap GET: body" "hello from cgi, method=GET query=q=1" "$out"
# fcgiwrap sends a script's stderr to its own stderr, not FCGI_STDERR.
check_contains "fcgiwrap: script stderr kept out of the body" "a line for stderr" "$(cat "$d/wrap.out")"
out=$($T "$fcgi" request "$wrap_tcp" "$cgi/hello.sh" -d 'posted data' 2>/dev/null)
check_eq "fcgiwrap POST" $'hello from cgi, method=POST query=\nposted data' "$out"
$T "$fcgi" request "$wrap_tcp" "$cgi/fail.sh" > "$d/out" 2> "$d/err"
check_eq "fcgiwrap Status: 503 -> exit 1" 1 "$?"
check_contains "fcgiwrap 503 reported" "HTTP status 503 Service Unavailable" "$(cat "$d/err")"
$T "$fcgi" request "$wrap_tcp" "$cgi/none.sh" > /dev/null 2> "$d/err"
check_eq "fcgiwrap missing script: exit 1" 1 "$?"

# Roles: php-fpm runs authorizer requests like responders (no FCGI_STDIN
# is sent); the filter role sends FCGI_DATA with its length.
out=$($T "$fcgi" request "$fpm_tcp" "$www/hello.php" --role authorizer --trace 2> "$d/trace")
check_eq "authorizer: exit" 0 "$?"
check_contains "authorizer: role on the wire" "{FCGI_AUTHORIZER, 0}" "$(cat "$d/trace")"
case "$(cat "$d/trace")" in *"> {FCGI_STDIN"*) fail "authorizer: STDIN sent" ;; *) pass ;; esac
echo "filtered data" > "$d/data.txt"
$T "$fcgi" request "$fpm_tcp" "$www/env.php" --role filter --data "@$d/data.txt" --trace > "$d/out" 2> "$d/trace"
check_contains "filter: role on the wire" "{FCGI_FILTER, 0}" "$(cat "$d/trace")"
check_contains "filter: DATA stream" '> {FCGI_DATA, 1, "filtered data\n"}' "$(cat "$d/trace")"
check_contains "filter: FCGI_DATA_LENGTH" "FCGI_DATA_LENGTH=14" "$($T "$fcgi" request x:1 /a --role filter --data "@$d/data.txt" --show-params)"

finish
