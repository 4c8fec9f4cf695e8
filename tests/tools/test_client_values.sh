#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_values.sh - `fcgi values`: php-fpm (partial answer: only
# FCGI_MPXS_CONNS), fcgiwrap/libfcgi (late answer), a full answer, chosen
# names, FCGI_UNKNOWN_TYPE, a malformed and a huge answer, silence, a closed
# connection, nothing listening.
# usage: test_client_values.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 20"

start_php_fpm
for addr in "$fpm_tcp" "$fpm_unix"; do
    out=$($T "$fcgi" values "$addr" 2> "$d/err")
    check_eq "php-fpm $addr: partial answer exits 1" 1 "$?"
    check_eq "php-fpm $addr: the answer" "FCGI_MPXS_CONNS=0" "$out"
    check_contains "php-fpm $addr: names left out" "2 of 3 name(s) left out: FCGI_MAX_CONNS FCGI_MAX_REQS" "$(cat "$d/err")"
done
out=$($T "$fcgi" values "$fpm_tcp" FCGI_MPXS_CONNS)
check_eq "php-fpm, only FCGI_MPXS_CONNS: exit 0" "0 FCGI_MPXS_CONNS=0" "$? $out"

start_fcgiwrap
out=$($T "$fcgi" values "$wrap_tcp" --wait 300ms 2> "$d/err")
check_eq "fcgiwrap: exit 0" 0 "$?"
check_eq "fcgiwrap: full answer" $'FCGI_MAX_CONNS=1\nFCGI_MAX_REQS=1\nFCGI_MPXS_CONNS=0' "$out"

start_misbehave late-values
out=$($T "$fcgi" values "$bad_addr" --wait 200ms --trace 2> "$d/err")
check_eq "late answer: exit 0" 0 "$?"
check_eq "late answer: values" $'FCGI_MAX_CONNS=1\nFCGI_MAX_REQS=1\nFCGI_MPXS_CONNS=0' "$(echo "$out" | sort)"
check_contains "late answer: reported" "answered late" "$(cat "$d/err")"
check_contains "late answer: query sent again" "sending the query again" "$(cat "$d/err")"

start_misbehave mpx
out=$($T "$fcgi" values "$bad_addr" FCGI_MPXS_CONNS FCGI_MAX_REQS)
check_eq "chosen names" $'FCGI_MAX_REQS=100\nFCGI_MPXS_CONNS=1' "$(echo "$out" | sort)"

start_misbehave unknown-type
$T "$fcgi" values "$bad_addr" > /dev/null 2> "$d/err"
check_eq "UNKNOWN_TYPE: exit 4" 4 "$?"
check_contains "UNKNOWN_TYPE: message" "FCGI_UNKNOWN_TYPE" "$(cat "$d/err")"

start_misbehave bad-values
$T "$fcgi" values "$bad_addr" > /dev/null 2> "$d/err"
check_eq "malformed answer: exit 4" 4 "$?"
check_contains "malformed answer: message" "not well-formed" "$(cat "$d/err")"

start_misbehave huge-values
out=$($T "$fcgi" values "$bad_addr" FCGI_MPXS_CONNS X_HUGE 2> "$d/err")
check_eq "huge answer: exit 0" 0 "$?"
check_eq "huge answer: 65000-octet value" 65008 "$(echo "$out" | grep '^X_HUGE=' | wc -c)"

start_misbehave stall
start=$(date +%s%N)
$T "$fcgi" values "$bad_addr" --wait 200ms --max-time 1 > /dev/null 2> "$d/err"
rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
check_eq "silent server: exit 5" 5 "$rc"
check_eq "silent server: within the 1 s limit (+0.5)" 1 "$([ "$elapsed" -lt 1500 ] && echo 1 || echo 0)"
check_contains "silent server: message" "no FCGI_GET_VALUES_RESULT" "$(cat "$d/err")"

start_misbehave garbage
$T "$fcgi" values "$bad_addr" --wait 200ms > /dev/null 2> "$d/err"
check_eq "HTTP instead of FastCGI: exit 4" 4 "$?"
check_contains "HTTP instead of FastCGI: message" "version 0x48" "$(cat "$d/err")"

start_misbehave close-early
$T "$fcgi" values "$bad_addr" --wait 200ms > /dev/null 2> "$d/err"
check_eq "closed without answer: exit 4" 4 "$?"
check_contains "closed without answer: message" "closed the connection without answering" "$(cat "$d/err")"

$T "$fcgi" values "127.0.0.1:$(free_port)" > /dev/null 2>&1
check_eq "refused: exit 3" 3 "$?"
$T "$fcgi" values > /dev/null 2>&1
check_eq "no address: exit 2" 2 "$?"
$T "$fcgi" values --help | grep -q "exit codes"
check_eq "--help lists exit codes" 0 "$?"
finish
