#!/bin/bash
# SPDX-License-Identifier: MIT
# Regression test for a finding of the memory tests (tests/robust/README.md,
# "Findings"): a name-value pair that announces more than max_pair octets,
# in a PARAMS stream that never ends, gets its expert item when it is
# announced (reporting it only when the pair completes, or the short stream
# only when it ends, reports nothing here).  The capture is huge-pair at 2 MiB without its last
# packets: the stream stays open inside the pair.
#
#   finding-open-pair-limit.sh fastcgi.so
#
# Exits 0 when tshark with the plugin reports fastcgi.expert.pair_limit
# for the open pair, 1 when it does not.
set -euo pipefail
plugin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/robust-pair-limit-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
. "$here/../lib/wireshark-plugin.sh"
ws_stage_plugin "$plugin" "$work/plugins"
perl "$here/hostile-capture.pl" huge-pair "$work/whole.pcap" 2
packets=$(capinfos -c -M "$work/whole.pcap" | awk '/Number of packets/ {print $NF}')
editcap -r "$work/whole.pcap" "$work/open.pcap" "1-$((packets - 2))"
chmod -R a+rX "$work"

pre=()
[ "$(id -u)" -eq 0 ] && pre=(runuser -u nobody --)
"${pre[@]}" env HOME="$work/plugins" WIRESHARK_PLUGIN_DIR="$work/plugins" \
  tshark -r "$work/open.pcap" -Y fastcgi.expert.pair_limit -T fields \
  -e frame.number -e _ws.expert.message >"$work/out.txt" 2>"$work/err.txt" || {
  cat "$work/err.txt" >&2
  exit 1
}
cat "$work/out.txt"
if grep -q 'more than the max_pair preference' "$work/out.txt"; then
  echo "ok   the open over-long pair is reported (1 passed, 0 failed)"
  exit 0
fi
echo "FAIL no expert item for a pair over max_pair in an unended stream" >&2
exit 1
