#!/bin/bash
# SPDX-License-Identifier: MIT
# test_extcap.sh - fcgidump as Wireshark runs it.
#
# tshark runs as an unprivileged user (root's tshark ignores personal
# plugin folders) with fcgidump in its personal extcap folder, the plugin
# in WIRESHARK_PLUGIN_DIR, and discovery pointed at this test's folder.
# php-fpm (root, -R) serves three Unix-socket pools and a TCP one.
#   1. listing: tshark -D shows the relay and one interface per php-fpm
#      socket (a socket glob, pool configurations with $pool; a link listed
#      once; TCP, a commented-out line and a non-socket left out); the
#      DLT, the configuration's defaults, the capture filter check;
#   2. interposition: tshark -i fcgidump-app -a duration:N captures the
#      requests sent to the unchanged socket path; the built-in dissector
#      and the plugin find every one; the original socket (same inode) is
#      back and php-fpm answers on it;
#   3. the stop: SIGTERM to tshark while a slow request and a stream of
#      short ones run: the socket is handed back at once, the slow request
#      finishes, not one request fails;
#   4. a new socket (--listen) on the generic interface, dissected live;
#   5. refusals, as Wireshark shows them: not a socket, no permission, a
#      socket in use, a capture already running; nothing is changed;
#   6. crashes: tshark killed (fcgidump sees its parent end and restores);
#      fcgidump killed (php-fpm keeps serving on the moved socket, the next
#      capture or fcgidump --restore puts it back);
#   7. Wireshark's control pipes: Log messages framed as the toolbar
#      protocol says, and control-in closing stops the capture.
#
# usage: test_extcap.sh FCGI FCGIDUMP PLUGIN|none
# Exit 0 pass, 1 fail, 77 skip (php-fpm, tshark or setpriv missing).
me=$(cd "$(dirname "$0")" && pwd)
. "$me/../lib/harness.sh"
find_fcgi "${1:-}"
fcgidump=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
plugin=${3:-none}

for tool in tshark perl timeout pgrep; do
    command -v $tool >/dev/null || skip "$tool is not installed"
done
[ -n "$php_fpm" ] || skip "php-fpm is not installed"
# As root, tshark ignores personal plugin and extcap settings that matter
# here, and interposing would not meet the permission checks users meet:
# run it as nobody.
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || skip "setpriv is not installed"
    as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
else
    as_user=()
fi
ver=$(tshark --version | sed -nE '1s/^TShark \(Wireshark\) ([0-9]+\.[0-9]+)\..*/\1/p')
workdir test_extcap
home=$d/home
case $ver in # the personal extcap folder moved in 4.1
    [0-3].* | 4.0) extcap_dir=$home/.config/wireshark/extcap ;;
    *) extcap_dir=$home/.local/lib/wireshark/extcap ;;
esac
run=$d/run/php
mkdir -p "$extcap_dir" "$d/plugins/$ver/epan" "$d/tmp" "$d/out" "$run" "$d/run/other" \
    "$d/locked" "$d/www" "$d/pool.d" "$d/hostile" "$d/ctl"
cp "$fcgidump" "$extcap_dir/fcgidump"
[ "$plugin" != none ] && cp "$plugin" "$d/plugins/$ver/epan/fastcgi.so"
chmod -R a+rX "$d"
chmod 1777 "$d/tmp"
chmod 777 "$d/out" "$run" "$d/run/other" "$d/ctl"

# fcgidump processes seen, in case one outlives its tshark: stopped at the
# end like the test's own (pids, harness.sh).
fpids=()
on_exit 'for p in "${fpids[@]}"; do kill "$p"; done; pids+=("${fpids[@]}")'
watchdog 260

discovery=(FCGIDUMP_SOCKETS="$run/*.sock" FCGIDUMP_POOL_CONFIGS="$d/pool.d/*.conf:$d/hostile/*")
# tshark as Wireshark's user would run it.
tsh() {
    "${as_user[@]}" env HOME="$home" TMPDIR="$d/tmp" WIRESHARK_PLUGIN_DIR="$d/plugins" \
        "${discovery[@]}" tshark "$@"
}
# capture NAME TSHARK-ARGS...: tshark in the background, its output in
# $d/NAME.out.  Sets cap_pid (for await) and tshark_pid.
# (A subshell between this shell and timeout, so that a tshark the test
# kills is not reported as a killed job.)
capture() {
    local name=$1; shift
    ( timeout --foreground 120 "${as_user[@]}" env HOME="$home" TMPDIR="$d/tmp" \
        WIRESHARK_PLUGIN_DIR="$d/plugins" "${discovery[@]}" tshark "$@" >"$d/$name.out" 2>&1
      exit $? ) &
    cap_pid=$!
    pids+=("$cap_pid")
    tshark_pid=
    for _ in $(seq 50); do
        tshark_pid=$(pgrep -P "$(pgrep -P "$cap_pid" | head -n1)" 2>/dev/null | head -n1)
        [ -n "$tshark_pid" ] && break
        sleep 0.1
    done
}
no_extcap_error() { ! grep -q "Error by extcap pipe" "$d/$1.out"; }
inode() { stat -c %i "$1" 2>/dev/null; }
# wait_interposed PATH INODE: until a running fcgidump has swapped PATH
# (the socket INODE) with its own.
wait_interposed() {
    for _ in $(seq 150); do
        kill -0 "$(state_pid "$1")" 2>/dev/null && [ "$(inode "$1")" != "$2" ] &&
            [ -n "$(inode "$1")" ] && {
            fpids+=("$(awk '{print $3}' "$1.fcgidump-pid")")
            return 0
        }
        sleep 0.1
    done
    echo "    $1 was not interposed; tshark said: $(tail -n3 "$d"/*.out | tr '\n' ' ')"
    return 1
}
# wait_restored PATH INODE [SECONDS]: until PATH is the socket INODE again.
wait_restored() {
    for _ in $(seq $((${3:-10} * 10))); do
        [ "$(inode "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
# restored PATH INODE: the application's own socket is back, nothing left
# next to it, and it answers.
restored() {
    [ -S "$1" ] && [ "$(inode "$1")" = "$2" ] && [ ! -e "$1.fcgidump-orig" ] &&
        [ ! -e "$1.fcgidump-pid" ] && [ "$(hello "$1" /check)" = "hello /check" ]
}
hello() { "$fcgi" request "$1" "$d/www/hello.php" --uri "$2" 2>&1; }
state_pid() { awk '{print $3}' "$1.fcgidump-pid" 2>/dev/null; }
gone() { # gone PID [SECONDS]
    for _ in $(seq $((${2:-10} * 10))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    return 1
}
# Occurrences of record type T in a capture, by the built-in dissector.
records() { # records FILE TYPE
    tshark -r "$1" -d tcp.port==9000,fcgi -T fields -e fcgi.type 2>/dev/null | tr ',' '\n' |
        grep -cx "$2"
}

# ---- the application ---------------------------------------------------------
cat >"$d/www/hello.php" <<'EOF'
<?php echo "hello ", $_SERVER['REQUEST_URI'], "\n";
EOF
cat >"$d/www/post.php" <<'EOF'
<?php $b = file_get_contents('php://input'); echo strlen($b), " ", md5($b), "\n";
EOF
cat >"$d/www/slow.php" <<'EOF'
<?php usleep(2000000); echo "slow done\n";
EOF
cat >"$d/www/tick.php" <<'EOF'
<?php usleep(5000); echo "t\n";
EOF
p_tcp=$(free_port)
fpm_conf "$d/fpm.conf" "$d/pool.d/*.conf"
pool() { # pool NAME LISTEN CHILDREN [LINE...]: a pool in a file of its own
    fpm_pool "$@" >"$d/pool.d/$1.conf"
}
pool app "$run/app.sock" 4
pool other "\"$d/run/other/\$pool.sock\"" 4 ";listen = $run/commented-out.sock"
pool locked "$d/locked/locked.sock" 4
pool tcp "127.0.0.1:$p_tcp" 4
fpm_start "$d/fpm.conf"
for s in "$run/app.sock" "$d/run/other/other.sock" "$d/locked/locked.sock"; do
    wait_for_file "$s" || { echo "FAIL: php-fpm did not start"; cat "$d/fpm.log" "$d/fpm.out"; exit 1; }
done
ln -s app.sock "$run/php-fpm.sock"
echo "not a socket" >"$run/junk.sock"
# What discovery must survive: configurations php-fpm would not load, and
# names the interface list cannot carry.
perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die "$!\n"' \
    "$run/we{ird}.sock"
{
    printf '[big]\nlisten = /%s.sock\n' "$(head -c 5000 /dev/zero | tr '\0' x)"
    printf '[b{a}d]\nlisten = %s\n' "$d/run/other/other.sock"
    printf '[env]\nlisten = ${HOME}/x.sock\nlisten = /dev/null\nlisten = relative.sock\n'
} >"$d/hostile/pools.conf"
head -c 4000 /dev/urandom >"$d/hostile/binary.conf"
echo "not a socket either" >"$run/notasocket"
chmod 0555 "$d/locked" # (already closed to nobody when root)
ino_app=$(inode "$run/app.sock")
ino_locked=$(inode "$d/locked/locked.sock")

# ---- 1. listing --------------------------------------------------------------
tsh -D >"$d/list.out" 2>&1
ifaces=$(grep -oE '^[0-9]+\. fcgidump[^ ]*' "$d/list.out" | sed 's/^[0-9]*\. //' | tr '\n' ' ')
check "tshark -D lists the relay and one interface per php-fpm socket ($ifaces)" \
    test "$ifaces" = "fcgidump fcgidump-app fcgidump-locked fcgidump-other "
check "tshark -D describes fcgidump-app by its socket and pool" \
    grep -qF "fcgidump-app (php-fpm socket $run/app.sock, pool app (fcgidump))" "$d/list.out"
check "\$pool in a listen line is expanded" grep -qF "$d/run/other/other.sock, pool other" "$d/list.out"
env "${discovery[@]}" "$fcgidump" --extcap-interfaces >"$d/interfaces.out" 2>&1; rc=$?
check "hostile configurations and names: exit $rc, every line an extcap sentence, nothing else listed" \
    test $rc = 0 -a "$(grep -cvE '^(extcap|interface|control) \{[^{}]*\}(\{[^{}]*\})*$' "$d/interfaces.out")" = 0 \
    -a "$(grep -c '^interface' "$d/interfaces.out")" = 4
check "tshark -L gives the raw IPv4 link type" \
    grep -q '^  IPV4 (Raw IPv4' <(tsh -L -i fcgidump-app 2>&1)
env "${discovery[@]}" "$fcgidump" --extcap-interface fcgidump-app --extcap-config >"$d/config.out"
check "configuration of fcgidump-app: its socket and interposition are the defaults" \
    grep -qF "{call=--upstream}{display=FastCGI application}{type=string}{default=$run/app.sock}" "$d/config.out"
check "... and --interpose defaults to true" grep -q '{call=--interpose}.*{type=boolflag}{default=true}' "$d/config.out"
check "configuration of fcgidump: the upstream is required, --interpose off" \
    test "$("$fcgidump" --extcap-interface fcgidump --extcap-config | grep -c '{required=true}\|{call=--interpose}.*{default=false}')" = 2
check "the Log control is declared for Wireshark's toolbar" \
    grep -q '^control {number=0}{type=button}{role=logger}' <("$fcgidump" --extcap-interfaces)
check "a capture filter is refused with a reason, an empty one accepted" \
    test -n "$("$fcgidump" --extcap-interface fcgidump --extcap-capture-filter 'tcp port 80')" \
    -a -z "$("$fcgidump" --extcap-interface fcgidump --extcap-capture-filter '')"
unset_list=$(env -u FCGIDUMP_SOCKETS -u FCGIDUMP_POOL_CONFIGS "$fcgidump" --extcap-interfaces)
check "the default discovery runs (exit 0, the relay listed)" \
    grep -q '^interface {value=fcgidump}' <<<"$unset_list"

# ---- 2. interposition ----------------------------------------------------------
capture interpose -i fcgidump-app -a duration:8 -w "$d/out/interpose.pcapng"
check "capture started: $run/app.sock is the relay's now" wait_interposed "$run/app.sock" "$ino_app"
check "the state file names the running fcgidump" \
    grep -q fcgidump "/proc/$(state_pid "$run/app.sock")/cmdline"
ok=0
for i in 1 2 3 4 5; do [ "$(hello "$run/app.sock" "/hello.php?n=$i")" = "hello /hello.php?n=$i" ] && ok=$((ok + 1)); done
check "5 requests to the unchanged socket path answered ($ok/5)" test $ok = 5
head -c 100000 /dev/urandom >"$d/body.bin"
got=$("$fcgi" request "$run/app.sock" "$d/www/post.php" -X POST -d @"$d/body.bin" --uri /post.php 2>&1)
check "a 100000-octet POST arrived whole" test "$got" = "100000 $(md5sum <"$d/body.bin" | cut -d' ' -f1)"
"$fcgi" request "$run/app.sock" "$d/www/hello.php" --uri /load --repeat 100 --concurrency 4 >"$d/load.out" 2>&1
check "100 requests on kept-open connections, none failed" grep -q '100 completed, 0 failed' "$d/load.out"
await "$cap_pid" 40; rc=$?
check "tshark ends after its duration (exit $rc), no error from fcgidump" \
    test $rc = 0 -a -s "$d/out/interpose.pcapng" && no_extcap_error interpose
check "the application's own socket is back (inode $ino_app), nothing left, php-fpm answers" \
    restored "$run/app.sock" "$ino_app"
n=$(records "$d/out/interpose.pcapng" 3)
check "the capture holds an END_REQUEST for each of the 106 requests ($n)" test "$n" = 106
if [ "$plugin" != none ]; then
    uris=$(tsh -r "$d/out/interpose.pcapng" -Y 'fastcgi.request.uri' -T fields -e fastcgi.request.uri 2>/dev/null | sort -u | tr '\n' ' ')
    check "the plugin dissects every request URI ($uris)" \
        test "$uris" = "/hello.php?n=1 /hello.php?n=2 /hello.php?n=3 /hello.php?n=4 /hello.php?n=5 /load /post.php "
    n=$(tsh -r "$d/out/interpose.pcapng" -T fields -e fastcgi.protocol_status 2>/dev/null | tr ',' '\n' | grep -cx 0)
    check "the plugin finds 106 REQUEST_COMPLETE ($n)" test "$n" = 106
    n=$(tsh -r "$d/out/interpose.pcapng" -Y 'fastcgi.response.status == 200' 2>/dev/null | wc -l)
    check "the plugin reads 106 CGI responses with status 200 ($n)" test "$n" = 106
    n=$(tsh -r "$d/out/interpose.pcapng" -Y '_ws.malformed || _ws.expert.severity >= "warning"' 2>/dev/null | wc -l)
    check "no malformed packet, no warning ($n)" test "$n" = 0
else
    echo "skip plugin checks: the plugin is not built here"
fi

# ---- 3. the stop ------------------------------------------------------------------
capture stop -i fcgidump-app -o "extcap.fcgidump_app.logfile:$d/out/stop.log" -w "$d/out/stop.pcapng"
wait_interposed "$run/app.sock" "$ino_app"
( "$fcgi" request "$run/app.sock" "$d/www/slow.php" --uri /slow >"$d/slow.out" 2>&1; echo $? >"$d/slow.rc" ) &
pids+=($!)
( "$fcgi" request "$run/app.sock" "$d/www/tick.php" --uri /tick --repeat 400 --concurrency 2 \
    --no-keep-conn >"$d/ticks.out" 2>&1; echo $? >"$d/ticks.rc" ) &
pids+=($!)
sleep 0.6
t0=$(date +%s%N)
kill -TERM "$tshark_pid"
wait_restored "$run/app.sock" "$ino_app" 10
ms=$((($(date +%s%N) - t0) / 1000000))
check "Wireshark's stop (SIGTERM): the socket is handed back at once (${ms} ms)" test $ms -lt 1500
await "$cap_pid" 30; rc=$?
wait_for_file "$d/slow.rc"; wait_for_file "$d/ticks.rc"
check "the slow request in progress at the stop finished ($(cat "$d/slow.out"))" \
    test "$(cat "$d/slow.out")" = "slow done" -a "$(cat "$d/slow.rc")" = 0
check "not one of 400 requests around the stop failed ($(grep -o '[0-9]* completed, [0-9]* failed' "$d/ticks.out"))" \
    grep -q '400 completed, 0 failed' "$d/ticks.out"
n=$(($(records "$d/out/stop.pcapng" 1) - 1))
check "the stream spanned the stop: $n of the 400 went through the relay, the rest straight to php-fpm" \
    test "$n" -ge 1 -a "$n" -lt 400
check "tshark stopped (exit $rc), no error from fcgidump" test $rc = 0 && no_extcap_error stop
check "the log tells the stop and the hand-back" \
    grep -q 'shutting down ([1-9][0-9]* connections\? open)' "$d/out/stop.log" &&
    grep -qF "put the application's socket back at $run/app.sock" "$d/out/stop.log"
check "the socket is the application's again" restored "$run/app.sock" "$ino_app"

# ---- 4. a new socket, dissected live ------------------------------------------------
if [ "$plugin" != none ]; then
    live=(-Y fastcgi.request.uri -T fields -e fastcgi.request.uri)
else
    live=(-d tcp.port==9000,fcgi -Y 'fcgi.type == 1' -T fields -e fcgi.type)
fi
capture live -i fcgidump -o "extcap.fcgidump.upstream:$run/app.sock" \
    -o "extcap.fcgidump.listen:$d/out/relay.sock" -o extcap.fcgidump.socketmode:0666 \
    -o "extcap.fcgidump.logfile:$d/out/live.log" -a duration:5 "${live[@]}"
wait_for_line "$d/out/live.log" "listening on"
hello "$d/out/relay.sock" /live1 >"$d/live1"
hello "$d/out/relay.sock" /live2 >"$d/live2"
await "$cap_pid" 30
check "--listen: requests through the new socket answered" \
    test "$(cat "$d/live1" "$d/live2")" = "hello /live1"$'\n'"hello /live2"
if [ "$plugin" != none ]; then
    check "--listen: the plugin dissects them live" \
        test "$(grep '^/live' "$d/live.out" | sort -u | tr '\n' ' ')" = "/live1 /live2 "
else
    check "--listen: tshark dissects them live" test "$(grep -cE '^1(,|$)' "$d/live.out")" = 2
fi
check "--listen: the new socket is removed, the application's never touched" \
    test ! -e "$d/out/relay.sock" -a "$(inode "$run/app.sock")" = "$ino_app" && no_extcap_error live

# ---- 5. refusals ---------------------------------------------------------------------
tsh -i fcgidump -o "extcap.fcgidump.upstream:$run/notasocket" -o extcap.fcgidump.interpose:true \
    -a duration:2 >"$d/notsock.out" 2>&1
check "refused: not a socket, said as Wireshark shows it" \
    grep -qF "Error by extcap pipe: fcgidump: $run/notasocket is a regular file, not a socket" "$d/notsock.out"
check "... and the file is untouched" \
    test "$(cat "$run/notasocket")" = "not a socket either" -a ! -e "$run/notasocket.fcgidump-orig"
tsh -i fcgidump-locked -a duration:2 >"$d/locked.out" 2>&1
check "refused: no permission to move the socket aside, and why" \
    grep -qF "Permission denied; interposing needs the right to rename files in $d/locked" "$d/locked.out"
check "... and the socket is untouched and answers" \
    test "$(inode "$d/locked/locked.sock")" = "$ino_locked" -a "$(hello "$d/locked/locked.sock" /l)" = "hello /l"
tsh -i fcgidump -o "extcap.fcgidump.upstream:$run/app.sock" \
    -o "extcap.fcgidump.listen:$d/run/other/other.sock" -a duration:2 >"$d/inuse.out" 2>&1
check "refused: --listen on a socket in use, pointing at --interpose" \
    grep -qF "something accepts connections there already" "$d/inuse.out"
check "... and that socket still answers" test "$(hello "$d/run/other/other.sock" /o)" = "hello /o"

capture busy -i fcgidump-app -w "$d/out/busy.pcapng"
wait_interposed "$run/app.sock" "$ino_app"
owner=$(state_pid "$run/app.sock")
tsh -i fcgidump-app -a duration:2 >"$d/second.out" 2>&1
check "refused: a second capture of a socket being captured (pid $owner)" \
    grep -qF "$run/app.sock is being captured by fcgidump (pid $owner)" "$d/second.out"
check "fcgidump --restore refuses too" \
    eval '! "${as_user[@]}" "$fcgidump" --restore "$run/app.sock" 2>"$d/restore-busy.err"'
check "... and the first capture goes on" \
    test "$(state_pid "$run/app.sock")" = "$owner" -a "$(hello "$run/app.sock" /busy)" = "hello /busy"
# The stop closes the FIFO at once: what dumpcap has not read by then is not
# in the file, so the stop waits until the request is there (or 10 s).
for _ in $(seq 20); do
    [ "$(records "$d/out/busy.pcapng" 1)" = 1 ] && break
    sleep 0.5
done
kill -TERM "$tshark_pid"
await "$cap_pid" 30
check "the first capture has the request" test "$(records "$d/out/busy.pcapng" 1)" = 1
check "... and gave the socket back" restored "$run/app.sock" "$ino_app"

# ---- 6. crashes ------------------------------------------------------------------------
capture killed -i fcgidump-app
wait_interposed "$run/app.sock" "$ino_app"
fpid=$(state_pid "$run/app.sock")
kill -KILL "$tshark_pid"
check "tshark killed: fcgidump sees its parent end and restores the socket" \
    wait_restored "$run/app.sock" "$ino_app" 10
check "... and exits" gone "$fpid" 10
check "... leaving the application's socket as it was" restored "$run/app.sock" "$ino_app"
await "$cap_pid" 20

capture crash -i fcgidump-app
wait_interposed "$run/app.sock" "$ino_app"
fpid=$(state_pid "$run/app.sock")
kill -KILL "$fpid"
await "$cap_pid" 20
"$fcgi" request "$run/app.sock" "$d/www/hello.php" >/dev/null 2>&1; rc=$?
check "fcgidump killed: its dead socket is left at the path (fcgi request exits $rc)" test $rc = 3
check "... while php-fpm keeps serving on the moved socket" \
    test "$(hello "$run/app.sock.fcgidump-orig" /moved)" = "hello /moved"
check "tshark -D says the socket is left interposed" \
    grep -q "fcgidump-app (php-fpm socket $run/app.sock, pool app, interposed" <(tsh -D 2>&1)
capture recover -i fcgidump-app -a duration:4 -o "extcap.fcgidump_app.logfile:$d/out/recover.log" \
    -w "$d/out/recover.pcapng"
wait_interposed "$run/app.sock" "$ino_app"
hello "$run/app.sock" /after-crash >"$d/after-crash"
await "$cap_pid" 30
check "the next capture puts it right first ..." \
    grep -qF "put the application's socket back at $run/app.sock (a capture (pid $fpid) ended without restoring it)" "$d/out/recover.log"
check "... then captures as usual" \
    test "$(cat "$d/after-crash")" = "hello /after-crash" -a "$(records "$d/out/recover.pcapng" 1)" = 1
check "... and restores the socket at its end" restored "$run/app.sock" "$ino_app"

capture crash2 -i fcgidump-app
wait_interposed "$run/app.sock" "$ino_app"
fpid=$(state_pid "$run/app.sock")
kill -KILL "$fpid"
await "$cap_pid" 20
out=$("${as_user[@]}" "$fcgidump" --restore "$run/app.sock" 2>&1)
check "fcgidump --restore puts it back ($out)" restored "$run/app.sock" "$ino_app"
out=$("${as_user[@]}" "$fcgidump" --restore "$run/app.sock" 2>&1)
check "... and a second --restore finds nothing to do" grep -q "nothing to restore" <<<"$out"

# ---- 7. Wireshark's control pipes --------------------------------------------------------
c=$d/ctl
mkfifo -m 666 "$c/fifo" "$c/in" "$c/out"
cat "$c/fifo" >"$c/cap.pcapng" &
pids+=($!)
cat "$c/out" >"$c/out.bin" &
pids+=($!)
timeout --foreground 60 "${as_user[@]}" env "${discovery[@]}" "$extcap_dir/fcgidump" --capture \
    --extcap-interface fcgidump-app --fifo "$c/fifo" --extcap-control-in "$c/in" \
    --extcap-control-out "$c/out" --interpose --upstream "$run/app.sock" 2>"$c/err" &
ctl_pid=$!
pids+=("$ctl_pid")
# Wireshark's end of control-in: held open by one writer, like Wireshark.
sleep 60 >"$c/in" &
holder=$!
pids+=("$holder")
timeout 10 sh -c "printf 'T\\000\\000\\002\\000\\000' >'$c/in'" # "initialized"
wait_interposed "$run/app.sock" "$ino_app"
hello "$run/app.sock" /ctl >"$d/ctl.txt"
kill "$holder"
await "$ctl_pid" 20; rc=$?
check "control-in closed: fcgidump stops (exit $rc), nothing on stderr" test $rc = 0 -a ! -s "$c/err"
check "... the request went through it" \
    test "$(cat "$d/ctl.txt")" = "hello /ctl" -a "$(records "$c/cap.pcapng" 1)" = 1
check "... and the socket is back" restored "$run/app.sock" "$ino_app"
log=$(perl -e 'local $/; my $b = <STDIN>; my $t = "";
    while (length $b) {
        my ($sync, $l1, $l2, $l3, $ctrl, $cmd) = unpack "a C C C C C", $b;
        my $len = ($l1 << 16 | $l2 << 8 | $l3) - 2;
        die "bad frame\n" if $sync ne "T" || $len < 0 || length($b) < 6 + $len;
        die "not the logger\n" if $ctrl != 0 || $cmd != 2;
        $t .= substr($b, 6, $len); $b = substr($b, 6 + $len);
    }
    print $t' <"$c/out.bin" 2>&1)
check "Log window messages are well-framed logger entries" grep -q 'interposed on' <<<"$log"
check "... telling the interposition, the stop and the hand-back" \
    grep -qF "interposed on $run/app.sock" <<<"$log" &&
    grep -qF "Wireshark closed the control pipe: shutting down" <<<"$log" &&
    grep -qF "put the application's socket back at $run/app.sock" <<<"$log"

echo "log sample:"
sed 's/^/    /' "$d/out/stop.log"
finish
