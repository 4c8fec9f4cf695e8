#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_hostile.sh - answers the tool must not trust, servers that
# try to make it grow or outlive its time limit, and bad command lines,
# against client_misbehave.pl:
#   Status values web servers refuse, END_REQUEST without STDOUT or with an
#   empty one, endless and huge CGI header blocks (--max-header-size),
#   ping/status against endless bodies and headers and a body that drips
#   past --timeout, a GET_VALUES_RESULT under request id 1, ports out of
#   range and malformed addresses, a 200 MB upload from a file, a load run
#   against a server that closes kept-open connections.
# Every case checks its exit code and message; where time or memory is the
# point, the elapsed time and the peak RSS (/usr/bin/time) too.  Peak RSS
# is compared with the same binary's peak on a harmless request, so the
# ceilings hold for sanitizer builds as well.  One line per case gives
# exit code, time and peak RSS.
# usage: test_client_hostile.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
[ -x /usr/bin/time ] || { echo "FAIL: /usr/bin/time is needed (apt-get install time)"; exit 1; }
T="timeout 20"

# measure CMD...: runs it with stdout to $d/out (or $OUT), stderr to
# $d/err; sets rc, ms (elapsed) and kib (peak RSS).
measure() {
    local start
    start=$(date +%s%N)
    $T /usr/bin/time -f %M -o "$d/rss" "$@" > "${OUT:-$d/out}" 2> "$d/err"
    rc=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    kib=$(tail -n1 "$d/rss" 2>/dev/null)
    [ -n "$kib" ] || kib=0
}
row() { printf 'case: %-58s exit %s  %6s ms  %7s KiB\n' "$1" "$rc" "$ms" "$kib"; }
# expect DESCRIPTION EXIT NEEDLE: checks the last measure.
expect() {
    row "$1"
    check_eq "$1: exit code" "$2" "$rc"
    check_contains "$1: message" "$3" "$(cat "$d/err")"
}
within() { # DESCRIPTION MIN_MS MAX_MS
    check_eq "$1: took $ms ms, expected $2..$3" 1 "$([ "$ms" -ge "$2" ] && [ "$ms" -lt "$3" ] && echo 1 || echo 0)"
}
bounded() { # DESCRIPTION: peak RSS at most the baseline + 8 MiB
    check_eq "$1: peak RSS $kib KiB <= $base_kib + 8192 KiB" 1 "$([ "$kib" -le $((base_kib + 8192)) ] && echo 1 || echo 0)"
}

# The baseline: a harmless request, answered at once.
start_misbehave ok
measure "$fcgi" request "$bad_addr" /x.php
check_eq "baseline request: exit 0" 0 "$rc"
base_kib=$kib
row "baseline: an ordinary answer"

# ---- Status values nginx and Apache answer 502 or 500 for ------------------
for v in abc -1 "" 0 042 20x 2000 "200OK"; do
    start_misbehave "status=$v"
    measure "$fcgi" request "$bad_addr" /x.php
    expect "Status: '$v'" 4 "bad or repeated Status header 'Status: $v'"
    check_eq "Status: '$v': no body written" "" "$(cat "$d/out")"
done
start_misbehave "status=404 Not Here"
measure "$fcgi" request "$bad_addr" /x.php
expect "Status: 404 with a reason" 1 "HTTP status 404 Not Here"
start_misbehave "status=299"
measure "$fcgi" request "$bad_addr" /x.php -v
expect "Status: 299 (any 3 digits)" 0 "status 299"

# ---- no CGI header block at all ------------------------------------------------
start_misbehave no-stdout
measure "$fcgi" request "$bad_addr" /x.php
expect "END_REQUEST without STDOUT" 4 "END_REQUEST without any FCGI_STDOUT"
start_misbehave empty-stdout
measure "$fcgi" request "$bad_addr" /x.php
expect "an empty STDOUT record, then END_REQUEST" 4 "FCGI_STDOUT is empty"
start_misbehave no-headers
measure "$fcgi" request "$bad_addr" /x.php
expect "a body without headers" 4 "no CGI header block (no empty line"

# ---- header blocks over the limit: stop at once ---------------------------------
start_misbehave endless-headers
measure "$fcgi" request "$bad_addr" /x.php
expect "request: endless header lines" 4 "CGI header block is larger than 65536 octets"
check_contains "endless header lines: the option is named" "--max-header-size" "$(cat "$d/err")"
within "endless header lines: stopped at once" 0 1000
bounded "endless header lines"
measure "$fcgi" request "$bad_addr" /x.php --max-header-size 8k
expect "request: endless header lines, --max-header-size 8k" 4 "larger than 8192 octets"
start_misbehave huge-header
measure "$fcgi" request "$bad_addr" /x.php
expect "request: a 1 MB header line, then the empty line" 4 "larger than 65536 octets"
measure "$fcgi" request "$bad_addr" /x.php --max-header-size 2M
expect "request: the same with --max-header-size 2M" 0 ""
check_eq "1 MB header line, 2M limit: the body" "after the huge header" "$(cat "$d/out")"
bounded "1 MB header line, 2M limit"
for bad in 0 -5 1x 2G abc; do
    $T "$fcgi" request "$bad_addr" /x.php --max-header-size "$bad" > /dev/null 2>&1
    check_eq "--max-header-size $bad: usage error" 2 "$?"
done

# ---- probes: bounded memory, strict time ------------------------------------------
for cmd in ping status; do
    start_misbehave endless-body
    measure "$fcgi" $cmd "$bad_addr" --timeout 3
    expect "$cmd: a body that never ends" 4 "body is larger than 65536 octets"
    within "$cmd: endless body: stopped at once" 0 1000
    bounded "$cmd: endless body"
    start_misbehave endless-headers
    measure "$fcgi" $cmd "$bad_addr" --timeout 3
    expect "$cmd: header lines that never end" 4 "CGI header block is larger than 65536"
    within "$cmd: endless headers: stopped at once" 0 1000
    bounded "$cmd: endless headers"
done
start_misbehave "status=abc"
measure "$fcgi" ping "$bad_addr"
expect "ping: Status: abc" 4 "bad or repeated Status header 'Status: abc'"
start_misbehave no-stdout
measure "$fcgi" status "$bad_addr"
expect "status: END_REQUEST without STDOUT" 4 "END_REQUEST without any FCGI_STDOUT"
start_misbehave slow-body
measure "$fcgi" ping "$bad_addr" --timeout 1
expect "ping: a body dripping past --timeout 1" 5 "timed out waiting for the server (total timeout"
within "ping: dripping body: stopped at the limit" 950 1250
start_misbehave stall
measure "$fcgi" status "$bad_addr" --timeout 700ms
expect "status: a server that never answers, --timeout 700ms" 5 "total timeout"
within "status: stall: stopped at the limit" 650 950
start_misbehave endless-body
OUT=/dev/null measure "$fcgi" request "$bad_addr" /x.php -m 1
expect "request: endless body at full speed, -m 1" 5 "total timeout"
within "request: endless body: stopped at the limit" 950 1250
bounded "request: endless body"

# ---- management records use request id 0 ---------------------------------------
start_misbehave values-id1
measure "$fcgi" values "$bad_addr" --wait 200ms
expect "values: GET_VALUES_RESULT under request id 1" 4 "under request id 1 (management records use id 0)"
check_eq "values, id 1: nothing printed" "" "$(cat "$d/out")"

# ---- addresses: out of range or malformed is a usage error (2) ---------------------
start_misbehave ok
port=${bad_addr##*:}
for a in "127.0.0.1:$((port + 65536))" "127.0.0.1:0" "127.0.0.1:99999999999" "[::1]:65536" \
         "127.0.0.1" "127.0.0.1:" "127.0.0.1:80x" "bad host:80" "[::1:80" "unix:"; do
    for cmd in "request $a /x.php" "values $a" "ping $a" "status $a"; do
        measure "$fcgi" $cmd
        check_eq "$cmd: exit 2" 2 "$rc"
    done
    row "malformed address '$a'"
done
measure "$fcgi" request "127.0.0.1:$((port + 65536))" /x.php
check_contains "port above 65535: says so" "port $((port + 65536)) is out of range (1 to 65535)" "$(cat "$d/err")"
# A host name that parses but does not resolve is exit 3.  The resolver
# refuses an empty label itself, so no lookup leaves the machine.
for cmd in "request no-such..host:9000 /x.php" "values no-such..host:9000" \
           "ping no-such..host:9000" "status no-such..host:9000"; do
    measure "$fcgi" $cmd
    expect "${cmd%% *}: a host name that does not resolve" 3 "no-such..host"
done
pport=$(free_port)
measure timeout --foreground 5 "$fcgi" proxy --listen "127.0.0.1:99999" --upstream "$bad_addr"
expect "proxy --listen 127.0.0.1:99999" 2 "port 99999 is out of range"
measure timeout --foreground 5 "$fcgi" proxy --listen "127.0.0.1:$pport" --upstream "127.0.0.1:70000"
expect "proxy --upstream 127.0.0.1:70000" 2 "port 70000 is out of range"

# ---- a 200 MB upload is streamed from the file -------------------------------------
start_misbehave sink
truncate -s 200M "$d/upload.bin"
measure "$fcgi" request "$bad_addr" /x.php -d "@$d/upload.bin"
expect "request -d @FILE of 200 MiB" 0 ""
check_eq "200 MiB upload: every octet arrived" 209715200 "$(cat "$d/out")"
bounded "200 MiB upload"
measure "$fcgi" request "$bad_addr" /x.php --role filter -d "@$d/upload.bin" --data "@$d/upload.bin"
check_eq "200 MiB STDIN and 200 MiB DATA: exit" 0 "$rc"
bounded "200 MiB STDIN and 200 MiB DATA"
rm -f "$d/upload.bin"
head -c 100000 /dev/urandom > "$d/small.bin"
measure "$fcgi" request "$bad_addr" /x.php -d "@$d/small.bin" --trace
check_eq "100 kB upload: every octet arrived" 100000 "$(cat "$d/out")"
check_eq "100 kB upload: STDIN in records of 32760 octets and a terminator" 5 "$(grep -c '> {FCGI_STDIN' "$d/err")"

# ---- load: the server closes kept-open connections ----------------------------------
start_misbehave close-after=3
measure "$fcgi" request "$bad_addr" /x.php --repeat 60 --concurrency 2
expect "load: the server closes after 3 requests per connection" 0 ""
check_contains "load, close after 3: all completed" "60 sent, 60 completed, 0 failed" "$(cat "$d/out")"
check_contains "load, close after 3: reconnects reported" "reconnects:" "$(cat "$d/out")"
start_misbehave close-after=1
measure "$fcgi" request "$bad_addr" /x.php --repeat 30 --concurrency 3
expect "load: the server closes after every request" 0 ""
check_contains "load, close after 1: all completed" "30 sent, 30 completed, 0 failed" "$(cat "$d/out")"
# Refused answers are failures, and have no status to count.
start_misbehave "status=abc"
measure "$fcgi" request "$bad_addr" /x.php --repeat 5
expect "load: every answer has Status: abc" 4 "5 failed; first: malformed CGI response"
check_eq "load, Status: abc: no status counted" "status:" "$(grep '^status:' "$d/out" | tr -d ' ')"
# A server that closes before answering anything is still a failure.
start_misbehave close-early
measure "$fcgi" request "$bad_addr" /x.php --repeat 10 --concurrency 2
expect "load: the server closes without answering" 4 "closed the connection"
finish
