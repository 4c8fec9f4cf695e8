# SPDX-License-Identifier: MIT
# common.sh - sourced first by every tools test (client_lib.sh,
# test_proxy.sh, ../extcap/test_extcap.sh): finds the fcgi binary under
# test, picks free ports, waits with time limits.
#
# The binary is the test's first argument, else $FCGI, else the newest
# build*/tools/fcgi of this checkout. Sets here (tests/tools), repo and
# fcgi (an absolute path), or exits 1. Defines free_port, await,
# wait_for_line and wait_for_file.

set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
fcgi=${1:-${FCGI:-}}
if [ -z "$fcgi" ]; then
    fcgi=$(ls -t "$repo"/build*/tools/fcgi 2>/dev/null | head -n1)
fi
if [ -z "$fcgi" ] || [ ! -x "$fcgi" ]; then
    echo "FAIL: no fcgi binary (pass its path as the first argument)"
    exit 1
fi
fcgi=$(cd "$(dirname "$fcgi")" && pwd)/$(basename "$fcgi")

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

wait_for_line() { # file pattern: a proxy announces it listens (a probe
    # connection would show up in its capture and trace)
    for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
wait_for_file() {
    for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done
    return 1
}
