#!/bin/bash
# SPDX-License-Identifier: MIT
# test_proxy.sh - `fcgi proxy` between real servers:
#
#   curl -> nginx -> php-fpm                       (direct, the reference)
#   curl -> nginx -> fcgi proxy (TCP) -> php-fpm   (Unix socket; --trace, --pcap FILE)
#   curl -> nginx -> fcgi proxy (Unix) -> php-fpm  (--pcap - into a pipe)
#   curl -> nginx -> fcgi proxy -> nothing          (upstream refused)
#   perl -> fcgi proxy -> perl                      (malformed octets, idle timeout)
#
# and the captures read back by tshark: no errors, good checksums, TCP
# streams that reassemble into the octets the peers sent, FastCGI records
# dissected by the built-in dissector and, when it is built, by ours.
#
# usage: test_proxy.sh [PATH/TO/fcgi]   (or FCGI=...; default: the newest build)
# Exit 0 pass, 1 fail, 77 skip (a server or tshark is missing).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/harness.sh"
find_fcgi "${1:-}"
build=$(dirname "$(dirname "$fcgi")")

for tool in nginx curl tshark perl timeout; do
    command -v $tool >/dev/null || skip "$tool is not installed"
done
[ -n "$php_fpm" ] || skip "php-fpm is not installed"

workdir test_proxy
on_exit 'kill "$(cat "$d/nginx.pid" 2>/dev/null)"'
# The whole test is bounded even if something hangs.
watchdog 250

wait_for_port() { # host port
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
# tshark, quiet about running as root; its stderr is kept apart.
tsh() { tshark "$@" 2>>"$d/tshark.err"; }

# ---- the application ---------------------------------------------------------
mkdir -p "$d/www" "$d/tmp"
cat >"$d/www/hello.php" <<'EOF'
<?php
header('X-Test: hello');
echo "hello ", $_SERVER['REQUEST_METHOD'], " ", $_SERVER['QUERY_STRING'], "\n";
EOF
cat >"$d/www/post.php" <<'EOF'
<?php
$body = file_get_contents('php://input');
echo strlen($body), " ", md5($body), "\n", $body;
EOF
cat >"$d/www/big.php" <<'EOF'
<?php
for ($i = 0; $i < 6000; $i++) printf("line %06d of a large response, %s\n", $i, md5("x$i"));
EOF
cat >"$d/www/slow.php" <<'EOF'
<?php
usleep(100000);
echo "slow ", $_GET['n'], "\n";
EOF

fpm_conf "$d/fpm.conf"
fpm_pool www "$d/fpm.sock" 8 'catch_workers_output = yes' >>"$d/fpm.conf"
fpm_start "$d/fpm.conf"
wait_for_file "$d/fpm.sock" || { echo "FAIL: php-fpm did not start"; cat "$d/fpm.log"; exit 1; }

# Every proxy gets signals from this script, so it runs under `timeout
# --foreground`. Plain `timeout` passes a signal on to its whole process group
# and follows it with SIGCONT; under ASan, a SIGCONT that lands while
# LeakSanitizer's exit-time scan attaches to the process cancels the SIGSTOP
# the attach is waiting for, and the scan then waits forever.

# ---- the proxies -------------------------------------------------------------
p_proxy=$(free_port)
timeout --foreground 280 "$fcgi" proxy --listen "127.0.0.1:$p_proxy" --upstream "$d/fpm.sock" \
    --trace --pcap "$d/tcp.pcapng" 2>"$d/trace.txt" &
proxy_tcp=$!
pids+=("$proxy_tcp")

mkfifo "$d/pcap.fifo"
cat "$d/pcap.fifo" >"$d/pipe.pcapng" &
pids+=($!)
timeout --foreground 280 "$fcgi" proxy --listen "unix:$d/proxy.sock" --socket-mode 0666 \
    --upstream "unix:$d/fpm.sock" --pcap - >"$d/pcap.fifo" 2>"$d/proxy_unix.err" &
proxy_unix=$!
pids+=("$proxy_unix")

p_refused=$(free_port)
timeout --foreground 280 "$fcgi" proxy --listen "127.0.0.1:$p_refused" --upstream "$d/nothing.sock" \
    --trace --pcap "$d/refused.pcapng" 2>"$d/refused.txt" &
proxy_refused=$!
pids+=("$proxy_refused")

# ---- nginx -------------------------------------------------------------------
p_direct=$(free_port)
p_via_tcp=$(free_port)
p_via_unix=$(free_port)
p_via_refused=$(free_port)
server() { # port fastcgi_pass
    cat <<EOF
    server {
        listen 127.0.0.1:$1;
        root $d/www;
        location ~ \.php\$ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_pass $2;
        }
    }
EOF
}
cat >"$d/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 1;
error_log $d/nginx-error.log;
pid $d/nginx.pid;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $d/tmp/body;
    fastcgi_temp_path $d/tmp/fastcgi;
    proxy_temp_path $d/tmp/proxy;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    client_max_body_size 10m;
$(server "$p_direct" "unix:$d/fpm.sock")
$(server "$p_via_tcp" "127.0.0.1:$p_proxy")
$(server "$p_via_unix" "unix:$d/proxy.sock")
$(server "$p_via_refused" "127.0.0.1:$p_refused")
}
EOF
timeout 280 nginx -c "$d/nginx.conf" -p "$d" -e "$d/nginx-error.log" 2>"$d/nginx.out" &
pids+=($!)
for f in trace.txt proxy_unix.err refused.txt; do
    wait_for_line "$d/$f" "listening on" || { echo "FAIL: a proxy did not start"; cat "$d/$f"; exit 1; }
done
for p in "$p_direct" "$p_via_tcp" "$p_via_unix" "$p_via_refused"; do
    wait_for_port 127.0.0.1 "$p" || { echo "FAIL: port $p never opened"; cat "$d"/*.out "$d/nginx-error.log"; exit 1; }
done

# ---- same responses with and without the proxy ---------------------------------
head -c 300000 /dev/urandom >"$d/body.bin"
requests=(
    "get       /hello.php?a=1&b=two"
    "post      /post.php"
    "postbig   /post.php"
    "big       /big.php"
    "missing   /missing.php"
)
fetch() { # name path port out
    local extra=()
    case $1 in
        post) extra=(--data-binary "form=field&x=1") ;;
        postbig) extra=(--data-binary "@$d/body.bin" -H 'Content-Type: application/octet-stream') ;;
    esac
    curl -s -m 20 -o "$4.body" -w '%{http_code}' "${extra[@]}" "http://127.0.0.1:$3$2" >"$4.code"
}
for r in "${requests[@]}"; do
    set -- $r
    fetch "$1" "$2" "$p_direct" "$d/direct.$1"
    fetch "$1" "$2" "$p_via_tcp" "$d/tcp.$1"
    fetch "$1" "$2" "$p_via_unix" "$d/unix.$1"
    code=$(cat "$d/direct.$1.code")
    check "$1 $2: status $code and body ($(stat -c %s "$d/direct.$1.body") octets) identical via the TCP proxy" \
        cmp -s "$d/direct.$1.body" "$d/tcp.$1.body"
    check "$1 $2: identical via the Unix proxy" cmp -s "$d/direct.$1.body" "$d/unix.$1.body"
    check "$1 $2: same status through both proxies" \
        test "$code" = "$(cat "$d/tcp.$1.code")" -a "$code" = "$(cat "$d/unix.$1.code")"
done
check "GET answered 200" test "$(cat "$d/direct.get.code")" = 200
check "missing script answered 404" test "$(cat "$d/direct.missing.code")" = 404
check "large response is over 100 KB" test "$(stat -c %s "$d/direct.big.body")" -gt 100000
check "large POST body arrived whole" \
    grep -q "^300000 $(md5sum <"$d/body.bin" | cut -d' ' -f1)\$" "$d/tcp.postbig.body"

# ---- many at once ----------------------------------------------------------------
conc_ok=0
curls=()
for i in $(seq 50); do
    curl -s -m 30 -o "$d/conc.$i" "http://127.0.0.1:$p_via_tcp/slow.php?n=$i" &
    curls+=($!)
done
wait "${curls[@]}"
for i in $(seq 50); do
    [ "$(cat "$d/conc.$i" 2>/dev/null)" = "slow $i" ] && conc_ok=$((conc_ok + 1))
done
check "50 concurrent requests through the proxy all answered ($conc_ok/50)" test "$conc_ok" = 50
check "proxy still running after the concurrent burst" kill -0 "$proxy_tcp"

# ---- upstream refused ---------------------------------------------------------------
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p_via_refused/hello.php")
check "refused upstream: nginx answers 502 (got $code)" test "$code" = 502
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p_via_refused/hello.php")
check "refused upstream: proxy keeps running and answers again" test "$code" = 502 -a -e /proc/$proxy_refused
: >"$d/empty"
out=$(timeout 10 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_refused" "$d/empty" "$d/refused.recv")
check "refused upstream: the client sees the connection closed ($out)" \
    test -n "$out" -a ! -s "$d/refused.recv"
check "refused upstream: the trace says why" grep -q "upstream $d/nothing.sock: No such file or directory" "$d/refused.txt"

# ---- malformed octets are forwarded unchanged ------------------------------------------
perl -e 'print "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nnot FastCGI at all ", map(chr, 0..255) x 40' >"$d/garbage.reply"
perl -e 'print pack("CCnnCx", 1, 1, 1, 8, 0), pack("nCx5", 1, 0), "\x02\x09 then junk ", map(chr, reverse 0..255) x 300' >"$d/garbage.request"
timeout 120 perl "$here/proxy_peer.pl" serve "$d/fake.port" "$d/fake.recv" "$d/garbage.reply" &
pids+=($!)
wait_for_file "$d/fake.port"
p_fake=$(cat "$d/fake.port")
p_mal=$(free_port)
timeout --foreground 120 "$fcgi" proxy --listen "127.0.0.1:$p_mal" --upstream "127.0.0.1:$p_fake" --trace \
    --pcap "$d/malformed.pcapng" 2>"$d/malformed.txt" &
proxy_mal=$!
pids+=("$proxy_mal")
wait_for_line "$d/malformed.txt" "listening on"
timeout 20 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_mal" "$d/garbage.request" "$d/garbage.recv" >/dev/null
check "malformed request reached the upstream unchanged" cmp -s "$d/garbage.request" "$d/fake.recv"
check "malformed reply reached the client unchanged" cmp -s "$d/garbage.reply" "$d/garbage.recv"
check "trace reports the malformed request once" \
    test "$(grep -c 'web>app {Malformed FCGI_Record} at stream offset 16: Protocol version mismatch (0x02)' "$d/malformed.txt")" = 1
check "trace reports the malformed reply once" \
    test "$(grep -c 'app>web {Malformed FCGI_Record} at stream offset 0: Protocol version mismatch (0x48)' "$d/malformed.txt")" = 1
check "trace still shows the good record before the garbage" \
    grep -q 'web>app {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, 0}}' "$d/malformed.txt"
kill -TERM "$proxy_mal"; await "$proxy_mal" 20
check "SIGTERM: the proxy exits 0" test $? = 0
tsh -r "$d/malformed.pcapng" -q -z follow,tcp,raw,0 >"$d/malformed.follow"
perl "$here/proxy_stream.pl" raw 0 <"$d/malformed.follow" >"$d/malformed.0"
perl "$here/proxy_stream.pl" raw 1 <"$d/malformed.follow" >"$d/malformed.1"
check "capture of malformed traffic reassembles to the request" cmp -s "$d/malformed.0" "$d/garbage.request"
check "capture of malformed traffic reassembles to the reply" cmp -s "$d/malformed.1" "$d/garbage.reply"
check "capture uses the upstream's real TCP port" \
    test "$(tsh -r "$d/malformed.pcapng" -c 1 -T fields -e tcp.dstport)" = "$p_fake"

# ---- backpressure: a slow reader must not make the proxy buffer -------------------
# The upstream sends 32 MiB at once; the client reads nothing for 2 s.  The
# proxy may hold its two 64 KiB buffers, not the reply.
head -c $((32 << 20)) /dev/urandom >"$d/huge.reply"
p_bp=$(free_port)
timeout 120 perl "$here/proxy_peer.pl" serve "$d/bp.port" "$d/bp.recv" "$d/huge.reply" &
pids+=($!)
wait_for_file "$d/bp.port"
timeout --foreground 60 "$fcgi" proxy --listen "127.0.0.1:$p_bp" --upstream "127.0.0.1:$(cat "$d/bp.port")" \
    2>"$d/bp.txt" &
pids+=($!)
wait_for_line "$d/bp.txt" "listening on"
proxy_bp=$(pgrep -P $! | head -n1) # the proxy itself, not `timeout`
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
hwm_before=$(hwm "$proxy_bp")
timeout 60 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_bp" "$d/empty" "$d/huge.recv" 0 2 >/dev/null &
bp_client=$!
sleep 1.5
hwm_stalled=$(hwm "$proxy_bp")
wait "$bp_client"
hwm_after=$(hwm "$proxy_bp")
check "backpressure: peak memory grew by $((hwm_stalled - hwm_before)) KiB while the reader stalled (< 4096)" \
    test $((hwm_stalled - hwm_before)) -lt 4096
check "backpressure: peak memory grew by $((hwm_after - hwm_before)) KiB for the whole 32 MiB (< 4096)" \
    test $((hwm_after - hwm_before)) -lt 4096
check "backpressure: the 32 MiB arrived unchanged" cmp -s "$d/huge.reply" "$d/huge.recv"

# ---- idle timeout --------------------------------------------------------------
p_idle=$(free_port)
timeout --foreground 60 "$fcgi" proxy --listen "127.0.0.1:$p_idle" --upstream "127.0.0.1:$p_fake" \
    --idle-timeout 1 --trace 2>"$d/idle.txt" &
pids+=($!)
wait_for_line "$d/idle.txt" "listening on"
# The fake upstream waits for the end of the request, the client waits 4 s
# before sending it: the proxy must close the connection after 1 s.
out=$(timeout 20 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_idle" "$d/empty" "$d/idle.recv" 4)
check "idle timeout closes a silent connection ($out)" grep -q "aborted: idle for 1 s" "$d/idle.txt"

# ---- a live reader: `--pcap - | tshark -i -`, as one would run wireshark -k -i - ----
p_live=$(free_port)
mkfifo "$d/live.fifo"
( timeout 30 tshark -i - -c 5 -T fields -e tcp.flags <"$d/live.fifo" >"$d/live.txt" 2>/dev/null
  echo $? >"$d/live.rc" ) &
pids+=($!)
timeout --foreground 60 "$fcgi" proxy --listen "127.0.0.1:$p_live" --upstream "127.0.0.1:$p_fake" --pcap - \
    >"$d/live.fifo" 2>"$d/live.err" &
pids+=($!)
wait_for_line "$d/live.err" "listening on"
timeout 20 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_live" "$d/garbage.request" "$d/live.recv1" >/dev/null
wait_for_file "$d/live.rc"
flags=$(tr '\n' ' ' <"$d/live.txt")
check "live reader: tshark -i - saw 5 packets, the handshake first, while the proxy ran ($flags)" \
    test "$(cat "$d/live.rc")" = 0 -a "$(head -n3 "$d/live.txt" | tr '\n' ' ')" = "0x0002 0x0012 0x0010 " \
    -a "$(wc -l <"$d/live.txt")" = 5
# The reader is gone: the proxy says so once and keeps relaying.
timeout 20 perl "$here/proxy_peer.pl" client "127.0.0.1:$p_live" "$d/garbage.request" "$d/live.recv2" >/dev/null
check "live reader gone: relaying continues" cmp -s "$d/live.recv2" "$d/garbage.reply"
check "live reader gone: reported once" test "$(grep -c 'capture: write failed' "$d/live.err")" = 1

# ---- live pcap on a pipe, then shutdown -----------------------------------------
check "--pcap - is streamed while the proxy runs" \
    test "$(tsh -r "$d/pipe.pcapng" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' 2>/dev/null | wc -l)" -ge 5
# Every packet is flushed: a live reader sees the SYN of a new request at once.
before=$(stat -c %s "$d/pipe.pcapng")
curl -s -m 10 -o /dev/null "http://127.0.0.1:$p_via_unix/hello.php"
sleep 0.3
check "--pcap - flushed after the last request" test "$(stat -c %s "$d/pipe.pcapng")" -gt "$before"
kill -INT "$proxy_unix" "$proxy_tcp" "$proxy_refused"
await "$proxy_tcp" 20; rc_tcp=$?
await "$proxy_unix" 20; rc_unix=$?
await "$proxy_refused" 20; rc_refused=$?
check "SIGINT: proxies exit 0 ($rc_tcp, $rc_unix, $rc_refused)" \
    test "$rc_tcp" = 0 -a "$rc_unix" = 0 -a "$rc_refused" = 0
sleep 0.2

# ---- the captures, read by tshark ------------------------------------------------
for cap in tcp pipe refused malformed; do
    : >"$d/tshark.err"
    tshark -r "$d/$cap.pcapng" >"$d/$cap.tshark" 2>"$d/tshark.err"
    rc=$?
    grep -v '^Running as user "root"' "$d/tshark.err" >"$d/tshark.err2"
    check "$cap.pcapng: tshark reads it without errors (exit $rc, $(stat -c %s "$d/$cap.pcapng") octets)" \
        test $rc = 0 -a ! -s "$d/tshark.err2"
    bad=$(tsh -r "$d/$cap.pcapng" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
        -Y 'ip.checksum.status==0 || tcp.checksum.status==0 || _ws.malformed || (_ws.expert.severity >= "warning" && tcp.flags.reset==0)' | wc -l)
    check "$cap.pcapng: checksums good, nothing malformed, no warnings but resets ($bad bad)" test "$bad" = 0
done

n_streams=$(tsh -r "$d/tcp.pcapng" -T fields -e tcp.stream | sort -un | wc -l)
expected=$(( ${#requests[@]} + 50 ))
check "tcp.pcapng: one TCP conversation per relayed connection ($n_streams, expected $expected)" \
    test "$n_streams" = "$expected"
check "tcp.pcapng: distinct client ports" \
    test "$(tsh -r "$d/tcp.pcapng" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' -T fields -e tcp.srcport | sort -u | wc -l)" = "$expected"
check "tcp.pcapng: every conversation ends with a FIN from each side" \
    test "$(tsh -r "$d/tcp.pcapng" -Y 'tcp.flags.fin==1' | wc -l)" = $((2 * expected))
check "tcp.pcapng: no segment larger than 65000 octets" \
    test "$(tsh -r "$d/tcp.pcapng" -Y 'tcp.len > 65000' | wc -l)" = 0
check "tcp.pcapng: the large response was split into several segments" \
    test "$(tsh -r "$d/tcp.pcapng" -Y 'tcp.stream==3 && tcp.srcport==9000 && tcp.len > 0' | wc -l)" -gt 1
check "tcp.pcapng: comments name the Unix socket and php-fpm's pid" \
    grep -q "application at unix:$d/fpm.sock, peer pid $(cat "$d/fpm.pid") " \
        <(tsh -r "$d/tcp.pcapng" -T fields -e frame.comment)
worker=$(pgrep -P "$(cat "$d/nginx.pid")" | head -n1)
check "pipe.pcapng: comments name the proxy's socket and the nginx worker's pid" \
    grep -q "web server at unix:$d/proxy.sock, peer pid $worker " \
        <(tsh -r "$d/pipe.pcapng" -T fields -e frame.comment)
check "refused.pcapng: the refused connection is a SYN answered by RST" \
    test "$(tsh -r "$d/refused.pcapng" -Y 'tcp.flags.reset==1 && tcp.srcport==9000' | wc -l)" = 3

# Streams 0..4 are the requests above, in order; node 1 is php-fpm.
i=0
for r in "${requests[@]}"; do
    set -- $r
    tsh -r "$d/tcp.pcapng" -q -z "follow,tcp,raw,$i" >"$d/follow.$i"
    perl "$here/proxy_stream.pl" content 1 FCGI_STDOUT <"$d/follow.$i" >"$d/stdout.$i"
    # The CGI headers end at the first empty line; the rest is the body.
    perl -0777 -ne 'print $1 if /\r?\n\r?\n(.*)\z/s' "$d/stdout.$i" >"$d/stdout.$i.body"
    check "stream $i ($1): reassembled FCGI_STDOUT body equals what curl received" \
        cmp -s "$d/stdout.$i.body" "$d/tcp.$1.body"
    perl "$here/proxy_stream.pl" params 0 <"$d/follow.$i" >"$d/params.$i"
    check "stream $i ($1): reassembled PARAMS carry REQUEST_URI=$2" grep -qxF "REQUEST_URI=$2" "$d/params.$i"
    i=$((i + 1))
done
perl "$here/proxy_stream.pl" content 0 FCGI_STDIN <"$d/follow.2" >"$d/stdin.2"
check "stream 2: reassembled FCGI_STDIN equals the 300000-octet POST body" cmp -s "$d/stdin.2" "$d/body.bin"

types=$(tsh -r "$d/tcp.pcapng" -d tcp.port==9000,fcgi -Y 'tcp.stream==0' -T fields -e fcgi.type | tr ',' '\n' | grep . | sort -un | tr '\n' ' ')
check "built-in dissector finds BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT ($types)" \
    test "$types" = "1 3 4 5 6 "
check "trace: the GET's records in order" \
    grep -A5 'web>app {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, 0}}' "$d/trace.txt" | grep -q 'web>app {FCGI_STDIN, 1, ""}'
check "trace: END_REQUEST with REQUEST_COMPLETE for every request" \
    test "$(grep -c 'app>web {FCGI_END_REQUEST, 1, {0, FCGI_REQUEST_COMPLETE}}' "$d/trace.txt")" = "$expected"

# ---- our dissector, when it is built ------------------------------------------------
. "$(dirname "$0")/../lib/wireshark-plugin.sh"
plugin=${FASTCGI_PLUGIN:-$(ws_built_plugin "$build")}
if [ -n "$plugin" ] && [ -f "$plugin" ] && command -v runuser >/dev/null; then
    pd="$d/plugins"
    ws_stage_plugin "$plugin" "$pd"
    chmod a+r "$d/tcp.pcapng"
    ptsh() { runuser -u nobody -- env HOME="$pd" WIRESHARK_PLUGIN_DIR="$pd" tshark "$@" 2>>"$d/tshark.err"; }
    if ptsh -G protocols | grep -q '	fastcgi$'; then
        statuses=$(ptsh -r "$d/tcp.pcapng" -Y 'fastcgi.protocol_status' -T fields -e fastcgi.protocol_status | tr ',' '\n' | sort | uniq -c | awk '{print $1"x"$2}' | tr '\n' ' ')
        check "plugin: one protocol_status REQUEST_COMPLETE per request ($statuses)" \
            test "$statuses" = "${expected}x0 "
        ptypes=$(ptsh -r "$d/tcp.pcapng" -Y 'tcp.stream==1' -T fields -e fastcgi.type | tr ',' '\n' | grep . | sort -un | tr '\n' ' ')
        check "plugin: record types of the POST ($ptypes)" test "$ptypes" = "1 3 4 5 6 "
        fields=$(ptsh -G fields | awk -F'\t' '$1=="F" {print $3}')
        has() { grep -qx "$1" <<<"$fields"; }
        if has fastcgi.param.name && has fastcgi.param.value; then
            ptsh -r "$d/tcp.pcapng" -Y 'tcp.stream==0' -T fields -E occurrence=a -E aggregator='|' \
                -e fastcgi.param.name -e fastcgi.param.value >"$d/plugin.params"
            perl -ne 'chomp; my ($n, $v) = split /\t/; my @n = split /\|/, $n, -1; my @v = split /\|/, $v, -1;
                      print "$n[$_]=$v[$_]\n" for 0..$#n' "$d/plugin.params" | sort -u >"$d/plugin.params.txt"
            check "plugin: the GET's params equal those Net::FastCGI reads from the reassembled stream" \
                cmp -s "$d/plugin.params.txt" <(sort -u "$d/params.0")
        else
            echo "skip plugin params: no fastcgi.param.name/value fields"
        fi
        if has fastcgi.response.status; then
            got=""
            want=""
            i=0
            for r in "${requests[@]}"; do
                set -- $r
                want="$want $(cat "$d/tcp.$1.code")"
                got="$got $(ptsh -r "$d/tcp.pcapng" -Y "tcp.stream==$i && fastcgi.response.status" -T fields -e fastcgi.response.status | grep . | head -n1)"
                i=$((i + 1))
            done
            check "plugin: response statuses ($got) equal what curl got ($want)" test "$got" = "$want"
        else
            echo "skip plugin statuses: no fastcgi.response.status field"
        fi
    else
        echo "skip plugin: tshark did not load $plugin"
    fi
else
    echo "skip plugin: $plugin not built"
fi

echo "trace sample:"
grep '#1 ' "$d/trace.txt" | head -n 12 | sed 's/^/    /'
finish
