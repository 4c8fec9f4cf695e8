#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_probe.sh - `fcgi ping` and `fcgi status` as container probes
# against php-fpm (ping.path / pm.status_path on a TCP and a Unix pool),
# several addresses, socket globs, thresholds, wrong paths, dead and stalled
# servers under a strict total timeout.
# usage: test_client_probe.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 20"
start_php_fpm

out=$($T "$fcgi" ping "$fpm_tcp")
check_eq "ping tcp: exit" 0 "$?"
check_contains "ping tcp: line" "$fpm_tcp: healthy: pong" "$out"
out=$($T "$fcgi" ping "$fpm_unix" --path /health --expect alive)
check_eq "ping unix with its own path and response" 0 "$?"
out=$($T "$fcgi" ping "$fpm_tcp" "unix:$fpm_unix" --path /ping -q 2> "$d/err")
check_eq "two addresses, one wrong path: exit 1" 1 "$?"
check_contains "wrong path: why" "unix:$fpm_unix: unhealthy: HTTP status 404 for /ping (is ping.path set" "$(cat "$d/err")"
check_eq "-q: nothing on stdout" "" "$out"
$T "$fcgi" ping "$fpm_tcp" --expect pang > /dev/null 2> "$d/err"
check_eq "unexpected body: exit 1" 1 "$?"
check_contains "unexpected body: why" "answered 'pong', expected 'pang'" "$(cat "$d/err")"

# Globs of sockets.
out=$($T "$fcgi" ping "$d/*.sock" --path /health --expect alive)
check_eq "glob: exit" 0 "$?"
check_contains "glob: expanded" "unix:$fpm_unix: healthy" "$out"
$T "$fcgi" ping "$d/none-*.sock" > /dev/null 2> "$d/err"
check_eq "glob without match: exit 3" 3 "$?"
check_contains "glob without match: why" "no socket matches" "$(cat "$d/err")"

# Status page and thresholds.
out=$($T "$fcgi" status "$fpm_tcp" --max-listen-queue 0 --max-slow-requests 0 --min-idle-processes 1)
check_eq "status within limits: exit" 0 "$?"
check_contains "status: line" "pool tcp: listen queue 0, active" "$out"
$T "$fcgi" status "$fpm_unix" --path /fpm-status --min-idle-processes 5 > /dev/null 2> "$d/err"
check_eq "status below min idle: exit 1" 1 "$?"
check_contains "status below min idle: why" "pool unix: idle processes is" "$(cat "$d/err")"
$T "$fcgi" status "$fpm_tcp" --check 'accepted conn>=1' --check 'total processes<=4' > /dev/null
check_eq "status --check: exit" 0 "$?"
$T "$fcgi" status "$fpm_tcp" --check 'no such field<=1' > /dev/null 2> "$d/err"
check_eq "status unknown field: exit 1" 1 "$?"
$T "$fcgi" status "$fpm_tcp" --path /ping > /dev/null 2> "$d/err"
check_eq "status on a non-JSON page: exit 1" 1 "$?"
check_contains "status on a non-JSON page: why" "not JSON" "$(cat "$d/err")"
$T "$fcgi" status "$fpm_tcp" -v | grep -q '"listen queue len"'
check_eq "status -v prints the JSON" 0 "$?"
# Busy pool: two slow requests occupy the unix pool's two workers.
busy=()
for i in 1 2; do
    $T "$fcgi" request "$fpm_unix" "$www/slow.php" --uri '/slow.php?ms=1500' > /dev/null 2>&1 &
    busy+=($!)
done
sleep 0.5
$T "$fcgi" status "$fpm_unix" --path /fpm-status --timeout 1 --max-active-processes 1 > /dev/null 2> "$d/err"
rc=$?
check_eq "busy pool: exit 5 (no free worker) or 1 (limit)" 1 "$([ $rc = 5 ] || [ $rc = 1 ] && echo 1 || echo 0)"
wait "${busy[@]}"

# Dead and stalled servers: strict total timeout, right codes.
$T "$fcgi" ping "127.0.0.1:$(free_port)" > /dev/null 2> "$d/err"
check_eq "refused: exit 3" 3 "$?"
check_contains "refused: why" "unhealthy: connect to" "$(cat "$d/err")"
start_misbehave stall
start=$(date +%s%N)
$T "$fcgi" ping "$bad_addr" "$fpm_tcp" --timeout 800ms > /dev/null 2> "$d/err"
rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
check_eq "stalled + healthy: exit 5" 5 "$rc"
check_eq "stalled: strict timeout (< 1.5 s)" 1 "$([ "$elapsed" -lt 1500 ] && echo 1 || echo 0)"
check_contains "stalled: why" "timed out" "$(cat "$d/err")"
start_misbehave overloaded
$T "$fcgi" status "$bad_addr" > /dev/null 2> "$d/err"
check_eq "overloaded: exit 6" 6 "$?"
start_misbehave garbage
$T "$fcgi" ping "$bad_addr" > /dev/null 2> "$d/err"
check_eq "garbage: exit 4" 4 "$?"

for cmd in ping status; do
    $T "$fcgi" $cmd > /dev/null 2>&1
    check_eq "$cmd without address: exit 2" 2 "$?"
    $T "$fcgi" $cmd --help | grep -q "exit codes"
    check_eq "$cmd --help lists exit codes" 0 "$?"
done
$T "$fcgi" status x:1 --max-listen-queue many > /dev/null 2>&1
check_eq "bad limit: exit 2" 2 "$?"
finish
