#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_load.sh - `fcgi request --repeat N --concurrency C`: against
# php-fpm (one request per connection, connections reused), fcgiwrap, and a
# multiplexing server (FCGI_MPXS_CONNS=1: ids 1..C over fewer connections,
# answers out of order); the report's counts and percentiles.
# usage: test_client_load.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 60"
start_php_fpm

out=$($T "$fcgi" request "$fpm_tcp" "$www/hello.php" --repeat 500 --concurrency 4)
check_eq "php-fpm tcp: exit" 0 "$?"
check_contains "php-fpm tcp: all completed" "500 sent, 500 completed, 0 failed" "$out"
check_contains "php-fpm tcp: not multiplexed" "connections: 4, concurrency 4, one request per connection" "$out"
check_contains "php-fpm tcp: statuses" "status:      200 x500" "$out"
check_eq "php-fpm tcp: percentiles" 1 "$(echo "$out" | grep -c '^latency ms:  p50 [0-9.]*  p90 [0-9.]*  p99 [0-9.]*  max [0-9.]*$')"
check_eq "php-fpm tcp: requests/s" 1 "$(echo "$out" | grep -c '^time: .* [0-9.]* requests/s$')"

out=$($T "$fcgi" request "$fpm_unix" "$www/notfound.php" --repeat 50 --concurrency 2 2> "$d/err")
check_eq "404s: exit 1" 1 "$?"
check_contains "404s: counted" "status:      404 x50" "$out"
check_contains "404s: first failure" "first: HTTP status 404" "$(cat "$d/err")"

# More kept-open connections than php-fpm workers (4): the extra ones are
# never served; the report says why.  Fresh connections work.
out=$($T "$fcgi" request "$fpm_tcp" "$www/hello.php" --repeat 200 --concurrency 6 --read-timeout 1 2> "$d/err")
check_eq "keep-conn above pm.max_children: exit 5" 5 "$?"
check_contains "keep-conn above pm.max_children: hint" "pm.max_children" "$(cat "$d/err")"
out=$($T "$fcgi" request "$fpm_tcp" "$www/hello.php" --repeat 300 --concurrency 6 --no-keep-conn --trace 2> "$d/trace")
check_eq "--no-keep-conn: exit" 0 "$?"
check_contains "--no-keep-conn: all completed" "300 sent, 300 completed, 0 failed" "$out"
check_eq "--no-keep-conn: no KEEP_CONN flag" 0 "$(grep -c 'FCGI_KEEP_CONN' "$d/trace")"
check_eq "--no-keep-conn: 300 connections" 300 "$(grep -c '\* connected to' "$d/trace")"

out=$($T "$fcgi" request "$fpm_tcp" "$www/echo.php" -d 'posted' --repeat 100 --concurrency 3)
check_eq "POST load: exit" 0 "$?"

start_fcgiwrap
# fcgiwrap under spawn-fcgi is one process: it serves one kept-open
# connection at a time, so one request in flight.
out=$($T "$fcgi" request "$wrap_tcp" "$cgi/hello.sh" --repeat 40 --concurrency 1)
check_eq "fcgiwrap: exit" 0 "$?"
check_contains "fcgiwrap: all completed" "40 sent, 40 completed, 0 failed" "$out"

start_misbehave mpx
out=$($T "$fcgi" request "$bad_addr" /x --repeat 400 --concurrency 16 --trace -p X=1 2> "$d/trace")
check_eq "mpx: exit" 0 "$?"
check_contains "mpx: multiplexed" "connections: 2, concurrency 16, multiplexed" "$out"
check_contains "mpx: all completed" "400 sent, 400 completed, 0 failed" "$out"
check_eq "mpx: ids 1..8 used" 8 "$(grep -o '> {FCGI_BEGIN_REQUEST, [0-9]*,' "$d/trace" | sort -u | wc -l)"
check_eq "mpx: one GET_VALUES probe" 1 "$(grep -c '> {FCGI_GET_VALUES, 0' "$d/trace")"
out=$($T "$fcgi" request "$bad_addr" /x --repeat 100 --concurrency 8 --no-mpx)
check_contains "--no-mpx" "connections: 8, concurrency 8, one request per connection" "$out"
out=$($T "$fcgi" request "$bad_addr" /x --repeat 100 --concurrency 8 --connections 1)
check_contains "--connections 1" "connections: 1, concurrency 8, multiplexed" "$out"
finish
