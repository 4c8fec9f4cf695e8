# SPDX-License-Identifier: MIT
# common.sh - sourced first by every tools test (client_lib.sh,
# test_proxy.sh): finds the fcgi binary under test and picks free ports.
#
# The binary is the test's first argument, else $FCGI, else the newest
# build*/tools/fcgi of this checkout. Sets here (tests/tools), repo and
# fcgi (an absolute path), or exits 1. Defines free_port.

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
