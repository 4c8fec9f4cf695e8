#!/bin/bash
# SPDX-License-Identifier: MIT
# Reproducer for a finding of the memory tests (tests/robust/README.md,
# "Findings"): every PARAMS stream that is begun and not ended holds a
# max_pair-sized scratch buffer (1 MiB by default) from wmem file scope, so
# a 240 KB capture of 5000 unfinished requests makes tshark reserve about
# 5 GiB of address space.  Under an address-space limit of 4 GB (ulimit -v,
# or vm.overcommit_memory=2 on a smaller machine) tshark with the plugin
# aborts in g_malloc, while the built-in fcgi dissector reads the same
# capture.
#
#   finding-open-params.sh fastcgi.so
#
# Exits 0 when tshark with the plugin reads the capture under the limit,
# 1 when it does not.  Registered in ctest as robust.finding.open_params.
set -euo pipefail
plugin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/robust-finding-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
. "$here/../lib/wireshark-plugin.sh"
ws_stage_plugin "$plugin" "$work/plugins"
perl "$here/hostile-capture.pl" open-ids "$work/open.pcap" 5000

limit=4000000000
pre=()
[ "$(id -u)" -eq 0 ] && pre=(runuser -u nobody --)

rc=0
"${pre[@]}" env HOME=/nonexistent prlimit --as=$limit \
  tshark -d tcp.port==9000,fcgi -r "$work/open.pcap" -q -z expert >/dev/null 2>&1 || rc=$?
echo "built-in fcgi, 5000 open requests, address space <= $limit: exit $rc"
[ $rc -eq 0 ] || { echo "the built-in dissector fails too: the limit is too small here" >&2; exit 2; }

rc=0
"${pre[@]}" env HOME="$work/plugins" WIRESHARK_PLUGIN_DIR="$work/plugins" prlimit --as=$limit \
  tshark -r "$work/open.pcap" -q -z expert >/dev/null 2>"$work/err.txt" || rc=$?
echo "plugin,        5000 open requests, address space <= $limit: exit $rc $(grep -o 'failed to allocate.*' "$work/err.txt" || true)"
[ $rc -eq 0 ]
