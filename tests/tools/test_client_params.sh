#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_params.sh - large params against real servers: php-fpm
# refuses a name-value pair split across PARAMS records, so `fcgi request`
# sends every pair whole in one record of up to 65535 octets.
#   php-fpm (TCP and Unix): one pair of 30, 32.7, 60 and 65 KB; 90 and 200
#   headers of 600 octets; a 70 KB pair (refused by the tool, exit 2; with
#   --split-params php-fpm hangs up, exit 4); the records on the wire
#   (--trace); the load generator with big params;
#   fcgi proxy -> php-fpm: the same requests relayed;
#   the example mux-server: whole pairs arrive whole, and a pair sent with
#   --split-params arrives split (it accepts that).
# usage: test_client_params.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
T="timeout 30"
start_php_fpm
cat > "$www/params.php" <<'PHP'
<?php $n = 0; $t = 0;
foreach ($_SERVER as $k => $v) if (strncmp($k, 'HTTP_X_', 7) == 0) { $n++; $t += strlen($v); }
echo "$n $t ", strlen($_SERVER['HTTP_X_BIG'] ?? ''), "\n";
PHP

# letters N: N octets of text
letters() { head -c "$1" /dev/zero | tr '\0' q; }
# headers COUNT SIZE: -H options for COUNT headers X-H<i> of SIZE octets
headers() {
    local i v
    v=$(letters "$2")
    hdrs=()
    for ((i = 1; i <= $1; i++)); do hdrs+=(-H "X-H$i: $v"); done
}

for addr in "$fpm_tcp" "$fpm_unix"; do
    for size in 30000 32700 60000 65000; do
        out=$($T "$fcgi" request "$addr" "$www/params.php" -H "X-Big: $(letters $size)" 2> "$d/err")
        check_eq "one $size-octet pair via $addr: exit" 0 "$?"
        check_eq "one $size-octet pair via $addr: php-fpm read it" "1 $size $size" "$out"
    done
    headers 90 600
    out=$($T "$fcgi" request "$addr" "$www/params.php" "${hdrs[@]}" 2> "$d/err")
    check_eq "90 headers of 600 octets via $addr: exit" 0 "$?"
    check_eq "90 headers of 600 octets via $addr: php-fpm read them" "90 54000 0" "$out"
done
headers 200 600
out=$($T "$fcgi" request "$fpm_tcp" "$www/params.php" "${hdrs[@]}" --trace 2> "$d/trace")
check_eq "200 headers of 600 octets: exit" 0 "$?"
check_eq "200 headers of 600 octets: php-fpm read them" "200 120000 0" "$out"
# About 122 KB of pairs: two records of at most 65535 octets, then the
# empty one (cut every 32760 octets, it would take four).
check_eq "200 headers: two PARAMS records and the empty one" 3 "$(grep -c '> {FCGI_PARAMS, 1' "$d/trace")"

# 70 KB cannot be one record: refused, naming the param and the option.
$T "$fcgi" request "$fpm_tcp" "$www/params.php" -H "X-Big: $(letters 70000)" > "$d/out" 2> "$d/err"
check_eq "70 KB pair: exit 2" 2 "$?"
check_contains "70 KB pair: names the param" "param HTTP_X_BIG takes 70015 octets" "$(cat "$d/err")"
check_contains "70 KB pair: names the option" "--split-params" "$(cat "$d/err")"
# Sent split anyway, php-fpm hangs up (it resets the connection).
$T "$fcgi" request "$fpm_tcp" "$www/params.php" -H "X-Big: $(letters 70000)" --split-params > "$d/out" 2> "$d/err"
check_eq "70 KB pair, --split-params, php-fpm: exit 4" 4 "$?"
check_contains "70 KB pair, --split-params, php-fpm: says why" "refuse a name-value pair split across FCGI_PARAMS records" "$(cat "$d/err")"
# php-fpm still serves after that.
out=$($T "$fcgi" request "$fpm_tcp" "$www/params.php" -H "X-Big: $(letters 65000)")
check_eq "php-fpm still answers after the refused request" "1 65000 65000" "$out"

# The load generator sends the same records.
headers 100 600
out=$($T "$fcgi" request "$fpm_tcp" "$www/params.php" "${hdrs[@]}" --repeat 40 --concurrency 2)
check_eq "load with 60 KB of params: exit" 0 "$?"
check_contains "load with 60 KB of params: all completed" "40 sent, 40 completed, 0 failed" "$out"

# ---- through fcgi proxy ---------------------------------------------------------
pport=$(free_port)
timeout --foreground 120 "$fcgi" proxy --listen "127.0.0.1:$pport" --upstream "$fpm_unix" --trace \
    2> "$d/proxy.err" &
pids+=($!)
wait_listen "127.0.0.1:$pport" || exit 1
out=$($T "$fcgi" request "127.0.0.1:$pport" "$www/params.php" -H "X-Big: $(letters 65000)")
check_eq "proxy: one 65000-octet pair" "1 65000 65000" "$out"
headers 200 600
out=$($T "$fcgi" request "127.0.0.1:$pport" "$www/params.php" "${hdrs[@]}")
check_eq "proxy: 200 headers of 600 octets" "200 120000 0" "$out"
check_eq "proxy: the trace shows both requests' params (2 + 3 records)" 5 "$(grep -c 'web>app {FCGI_PARAMS' "$d/proxy.err")"
check_eq "proxy: and both answers" 2 "$(grep -c 'app>web {FCGI_END_REQUEST, 1, {0, FCGI_REQUEST_COMPLETE}}' "$d/proxy.err")"
check_eq "proxy: nothing malformed" 0 "$(grep -c 'Malformed' "$d/proxy.err")"

# ---- the example mux-server (samples/examples) ------------------------------------
mux=$(dirname "$(dirname "$fcgi")")/samples/examples/mux-server
[ -x "$mux" ] || { fail "no mux-server next to $fcgi"; finish; }
"$mux" -p 0 -t 120 > "$d/mux.out" 2> "$d/mux.err" &
pids+=($!)
for ((i = 0; i < 50; i++)); do grep -qs '^listening on' "$d/mux.out" && break; sleep 0.1; done
mux_addr=$(sed -n 's/^listening on \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$d/mux.out")
[ -n "$mux_addr" ] || { fail "mux-server did not start: $(cat "$d/mux.err")"; finish; }
out=$($T "$fcgi" request "$mux_addr" /x -H "X-Big: $(letters 60000)")
check_eq "mux-server, one 60000-octet pair: exit" 0 "$?"
check_contains "mux-server, one 60000-octet pair: arrived whole" "HTTP_X_BIG=<60000 octets: qqq" "$out"
headers 200 600
out=$($T "$fcgi" request "$mux_addr" /x "${hdrs[@]}")
check_eq "mux-server, 200 headers: exit" 0 "$?"
check_eq "mux-server, 200 headers: none split" 0 "$(echo "$out" | grep -c 'split across records')"
check_eq "mux-server, 200 headers: all there" 200 "$(echo "$out" | grep -c '^HTTP_X_H[0-9]*=<600 octets')"
out=$($T "$fcgi" request "$mux_addr" /x -H "X-Big: $(letters 70000)" --split-params)
check_eq "mux-server, 70000-octet pair with --split-params: exit" 0 "$?"
check_contains "mux-server accepts the split pair" "HTTP_X_BIG=<70000 octets, split across records" "$out"
finish
