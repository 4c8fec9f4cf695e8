#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_misbehave.sh - `fcgi request` against a server that
# misbehaves (client_misbehave.pl): garbage, a stall, a close before and in
# the middle of a record, FCGI_OVERLOADED, no CGI headers, a record for
# another request id, a 3 MB answer in odd pieces, an answer one octet at a
# time.  Each must give its documented exit code, one clear line, and
# never hang.
# usage: test_client_misbehave.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 20"

# expect MODE EXIT NEEDLE [extra fcgi request options]
expect() {
    local mode=$1 want=$2 needle=$3
    shift 3
    start_misbehave "$mode"
    local start rc elapsed
    start=$(date +%s%N)
    $T "$fcgi" request "$bad_addr" /x.php "$@" > "$d/out" 2> "$d/err"
    rc=$?
    elapsed=$((($(date +%s%N) - start) / 1000000))
    check_eq "$mode: exit code" "$want" "$rc"
    check_contains "$mode: message" "$needle" "$(cat "$d/err")"
    check_eq "$mode: finished within 3 s" 1 "$([ "$elapsed" -lt 3000 ] && echo 1 || echo 0)"
}

expect garbage 4 "malformed response: record header with version 0x48"
expect stall 5 "read timeout" --read-timeout 500ms
expect stall 5 "total timeout" --max-time 700ms
expect close-early 4 "closed the connection before END_REQUEST (after 0 octets)"
expect close-mid 4 "closed the connection in the middle of a record"
expect overloaded 6 "FCGI_OVERLOADED"
expect no-headers 4 "no CGI header block"
expect wrong-id 4 "closed the connection before END_REQUEST"
check_contains "wrong-id: warning" "record for request id 2 ignored" "$(cat "$d/err")"

expect drip 0 "drip warning" -v
check_eq "drip: body" "dripped body" "$(cat "$d/out")"
check_contains "drip: status from Status:" "status 201" "$(cat "$d/err")"

expect huge-values 0 "" --trace
check_eq "3 MB answer in 7777-octet writes: body" 3145728 "$(wc -c < "$d/out")"
check_eq "3 MB answer: every record traced" \
    "$(( (3145728 + 28 + 32759) / 32760 + 2 ))" "$(grep -c '< {FCGI_STDOUT\|< {FCGI_END_REQUEST' "$d/err")"

# The hard stop: even a stalled server cannot keep the tool past --max-time.
start_misbehave stall
start=$(date +%s%N)
$T "$fcgi" request "$bad_addr" /x.php --read-timeout 0 --max-time 1 > /dev/null 2>&1
rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
check_eq "no read timeout, total 1 s: exit 5" 5 "$rc"
check_eq "no read timeout, total 1 s: within 2.5 s" 1 "$([ "$elapsed" -lt 2500 ] && echo 1 || echo 0)"

# A load run against a server that stalls fails cleanly, too.
$T "$fcgi" request "$bad_addr" /x.php --repeat 10 --concurrency 2 --read-timeout 300ms > "$d/out" 2> "$d/err"
check_eq "load against a stall: exit 5" 5 "$?"
check_contains "load against a stall: report" "failed" "$(cat "$d/out")"
finish
