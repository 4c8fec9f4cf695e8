# SPDX-License-Identifier: MIT
# harness.sh - the base of the shell tests (tests/tools, tests/extcap), for
# bash.  Sourced first; a test then has:
#
#   find_fcgi [PATH]       sets fcgi (absolute): PATH, else $FCGI, else the
#                          newest build*/tools/fcgi of this checkout; exits 1
#                          when there is none
#   workdir NAME           sets d: a fresh folder /tmp/NAME.XXXXXX (mode 755),
#                          removed at exit unless KEEP=1
#   pids+=(PID)            processes to stop at exit (TERM, then KILL after
#                          10 s each)
#   on_exit COMMAND        more to run at exit, before those are stopped
#   watchdog SECONDS       ends the whole test after SECONDS with a FAIL line
#   pass [WHAT]  fail WHAT             count a check (and say what)
#   check WHAT COMMAND...              passes when COMMAND succeeds
#   check_eq WHAT EXPECTED ACTUAL      passes when both strings are equal
#   check_contains WHAT NEEDLE TEXT    passes when TEXT contains NEEDLE
#   finish                 "NAME: N passed, N failed"; exits 0 or 1
#   skip WHY               exits 77 (ctest: skipped)
#   free_port, await PID SECONDS, wait_for_line FILE PATTERN,
#   wait_for_file PATH, wait_listen ADDRESS
#   php_fpm, fpm_conf, fpm_pool, fpm_start   php-fpm pools (below)
#
# Every server a test starts listens on 127.0.0.1 or a Unix socket in $d and
# is stopped at exit; the test itself runs under `timeout` (CMakeLists.txt).

set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
test_name=$(basename "$0" .sh)

find_fcgi() {
    fcgi=${1:-${FCGI:-}}
    if [ -z "$fcgi" ]; then
        fcgi=$(ls -t "$repo"/build*/tools/fcgi 2>/dev/null | head -n1)
    fi
    if [ -z "$fcgi" ] || [ ! -x "$fcgi" ]; then
        echo "FAIL: no fcgi binary (pass its path as the first argument)"
        exit 1
    fi
    fcgi=$(cd "$(dirname "$fcgi")" && pwd)/$(basename "$fcgi")
}

# ---- the test's folder, its processes and the end ----------------------------

d=
pids=()
exit_commands=()
on_exit() { exit_commands+=("$1"); }

harness_cleanup() {
    local c p
    for c in "${exit_commands[@]}"; do eval "$c" 2>/dev/null; done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do await "$p" 10 >/dev/null 2>&1; done
    wait 2>/dev/null
    [ -n "$d" ] || return 0
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept $d"
    else
        chmod -R u+w "$d" 2>/dev/null
        rm -rf "$d"
    fi
}
trap harness_cleanup EXIT

workdir() {
    d=$(mktemp -d "/tmp/$1.XXXXXX")
    chmod 755 "$d"
}

# The sleep holds no pipe open, so a killed watchdog releases the output.
watchdog() {
    ( sleep "$1" </dev/null >/dev/null 2>&1; echo "FAIL: $test_name timed out"; kill -TERM $$ ) &
    pids+=($!)
}

# ---- checks --------------------------------------------------------------------

passed=0
failed=0
pass() { passed=$((passed + 1)); [ $# -eq 0 ] || echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check WHAT COMMAND...
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
check_eq() { # check_eq WHAT EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}
check_contains() { # check_contains WHAT NEEDLE TEXT
    case "$3" in *"$2"*) pass "$1" ;; *) fail "$1: [$2] not in [$3]" ;; esac
}
finish() {
    echo "$test_name: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
skip() { echo "SKIP: $*"; exit 77; }

# ---- waiting, with limits ------------------------------------------------------

# A free TCP port on 127.0.0.1 (the kernel picks; a race is possible but rare).
free_port() {
    perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport'
}

# await PID SECONDS: waits for a child of this shell to end and returns its
# exit status; if it is still running after SECONDS, prints what it is doing,
# kills it and returns 124. (`wait` alone has no time limit.)
await() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$1" 2>/dev/null || { wait "$1"; return; }
        sleep 0.1
    done
    echo "process $1 still running after $2 s: $(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)"
    local t
    for t in /proc/"$1"/task/* $(pgrep -P "$1" | sed 's|^|/proc/|'); do
        echo "  $t: $(grep -E '^(State|TracerPid|SigPnd|ShdPnd|SigBlk)' "$t/status" 2>/dev/null | tr '\n\t' '  ')"
    done
    kill -KILL "$1" $(pgrep -P "$1") 2>/dev/null
    wait "$1" 2>/dev/null
    return 124
}

wait_for_line() { # FILE PATTERN: e.g. a proxy announcing that it listens (a
    # probe connection would show up in its capture and trace)
    for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
wait_for_file() {
    for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done
    return 1
}
# wait_listen ADDRESS (host:port or a socket path): until something accepts
# connections there (about 5 s at most).
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

# ---- php-fpm ---------------------------------------------------------------------
# Every test pool is the same: static, as many workers as asked, the socket
# open to every user (nginx's workers, tshark as nobody).  php-fpm runs as
# root with -R (tests start as root in CI) and without php.ini (-n).

php_fpm=$(ls /usr/sbin/php-fpm* 2>/dev/null | head -n1)

# fpm_conf FILE [INCLUDE]: writes php-fpm's [global] section to FILE (pid
# and log in $d, in the foreground), and an include line for pool files.
fpm_conf() {
    {
        printf '[global]\npid = %s/fpm.pid\nerror_log = %s/fpm.log\ndaemonize = no\n' "$d" "$d"
        [ -z "${2:-}" ] || printf 'include = %s\n' "$2"
    } >"$1"
}

# fpm_pool NAME LISTEN CHILDREN [LINE...]: prints a pool section; the LINEs
# (pool settings) come before `listen`.
fpm_pool() {
    local name=$1 listen=$2 children=$3
    shift 3
    printf '[%s]\n' "$name"
    [ $# -eq 0 ] || printf '%s\n' "$@"
    printf 'listen = %s\nlisten.mode = 0666\npm = static\npm.max_children = %s\n' \
        "$listen" "$children"
}

# fpm_start CONF: starts php-fpm in the background (output in $d/fpm.out,
# bounded in time) and adds it to pids; skips the test without php-fpm.
fpm_start() {
    [ -n "$php_fpm" ] || skip "php-fpm is not installed"
    timeout 280 "$php_fpm" -R -n -y "$1" -p "$d" >"$d/fpm.out" 2>&1 &
    pids+=($!)
    on_exit 'kill "$(cat "$d/fpm.pid" 2>/dev/null)"'
}
