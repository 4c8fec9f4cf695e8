#!/bin/bash
# SPDX-License-Identifier: MIT
# Bounded memory under hostile traffic, measured as peak RSS (/usr/bin/time
# -f %M) and checked against ceilings.
#
#   memory.sh --plugin fastcgi.so --fcgi tools/fcgi [--ci] [--keep]
#
# (ctest robust.memory runs it with --ci; scripts/robust-memory builds the
# plugin and the tool and runs it at full size.)
#
# Dissector cases (captures written by tests/robust/hostile-capture.pl into a
# temporary folder, never committed), each dissected three times: with the
# plugin, with Wireshark's built-in fcgi dissector only, and with both
# disabled (the cost of tshark itself: frames, TCP reassembly):
#   huge-pair   a PARAMS pair declaring a 2^31-1 octet name, then MiB of it
#   stdout      a STDOUT stream that never ends
#   open-ids    request ids begun (BEGIN_REQUEST + half a pair) and never ended
#   reused-id   the same: id 1 begun again and again on one connection
#   tiny-pairs  one PARAMS stream of 1-octet names and values
# Tool cases (tests/robust/hostile-peer.pl on the other end):
#   request     `fcgi request` reading an endless STDOUT, body to /dev/null
#   values      `fcgi values` answered by a pair declaring a 2^31-1 octet name
#   proxy       `fcgi proxy` relaying MiB of STDIN up and of STDOUT down to a
#               client that reads slowly; again with --trace and --pcap FILE
#
# Full size (default): 300 MiB streams, 60000 ids, 1000000 pairs.  --ci:
# 30 MiB, 5000 ids, 100000 pairs (well under a minute).  Prints a Markdown
# table, then one line per ceiling check and "N passed, N failed"; exits 1
# when a check fails, 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/wireshark-plugin.sh"

ci=0 keep=0 plugin= fcgi=
while [ $# -gt 0 ]; do
  case $1 in
    --ci) ci=1 ;;
    --keep) keep=1 ;;
    --plugin) plugin=$2; shift ;;
    --fcgi) fcgi=$2; shift ;;
    *) echo "usage: $0 --plugin SO --fcgi BIN [--ci] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$plugin" ] && [ -n "$fcgi" ] ||
  { echo "usage: $0 --plugin SO --fcgi BIN [--ci] [--keep]" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }

if [ $ci -eq 1 ]; then
  mib=30 ids=5000 pairs=100000
else
  mib=300 ids=60000 pairs=1000000
fi
# The plugin's preference defaults (plugin/README.md), in KiB.
max_body_k=16384 max_pair_k=1024

work=$(mktemp -d /tmp/robust-memory-XXXXXX)
cleanup() { [ $keep -eq 1 ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT
chmod 0755 "$work"
mkdir -p "$work/o"
chmod 0777 "$work/o"
ws_stage_plugin "$plugin" "$work/plugins"

# Peak RSS (KiB) of tshark, into $rss; its stdout into $work/out.txt.  tshark
# runs as nobody when root (root ignores plugin folders), with the plugin,
# the built-in fcgi dissector only, or neither; /usr/bin/time runs inside
# runuser so that it measures tshark itself.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
measure_tshark() {
  local how=$1; shift
  local timed=(/usr/bin/time -o "$work/o/rss.txt" -f '%M')
  rm -f "$work/o/rss.txt"
  case $how in
    plugin)   as_user env HOME="$work/plugins" WIRESHARK_PLUGIN_DIR="$work/plugins" \
                "${timed[@]}" tshark "$@" ;;
    builtin)  as_user env HOME=/nonexistent "${timed[@]}" tshark -d tcp.port==9000,fcgi "$@" ;;
    disabled) as_user env HOME="$work/plugins" WIRESHARK_PLUGIN_DIR="$work/plugins" \
                "${timed[@]}" tshark --disable-protocol fastcgi --disable-protocol fcgi "$@" ;;
  esac >"$work/out.txt" 2>"$work/err.txt" || true
  rss=$(tail -1 "$work/o/rss.txt")
}

passed=0 failed=0
checks=()
check() { # check NAME VALUE_KIB <= CEILING_KIB
  local name=$1 value=$2 ceiling=$3
  if [ "$value" -le "$ceiling" ]; then
    passed=$((passed + 1)); checks+=("ok   $name: $value KiB <= $ceiling KiB")
  else
    failed=$((failed + 1)); checks+=("FAIL $name: $value KiB > $ceiling KiB")
  fi
}
expect() { # expect NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1)); checks+=("ok   $1: $3")
  else
    failed=$((failed + 1)); checks+=("FAIL $1: $3")
  fi
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "| case | size | peak RSS plugin | built-in fcgi | FastCGI disabled | plugin - disabled | expert items (plugin) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"

# The FastCGI lines of tshark -z expert as "N x summary; ...", lines that
# differ only in numbers (frame numbers...) added up under the first one.
experts() {
  awk '/ FastCGI  / {
         n = $1; sub(/^ *[0-9]+ +[A-Za-z]+ +FastCGI +/, "")
         k = $0; gsub(/[0-9]+/, "#", k)
         if (!(k in sum)) { order[++kinds] = k; text[k] = $0 }
         sum[k] += n
       }
       END { for (i = 1; i <= kinds; i++) printf "%s%d x %s", (i > 1 ? "; " : ""), sum[order[i]], text[order[i]] }' \
    "$work/out.txt"
}

dissector_case() { # case size-arg label
  local c=$1 size=$2 label=$3
  local f=$work/o/$c.pcap
  perl "$root/tests/robust/hostile-capture.pl" "$c" "$f" "$size"
  measure_tshark plugin -r "$f" -q -z expert
  local p=$rss ex; ex=$(experts)
  cp "$work/out.txt" "$work/$c.expert.txt"
  measure_tshark builtin -r "$f" -q -z expert
  local bi=$rss
  measure_tshark disabled -r "$f" -q -z expert
  local d=$rss
  echo "| $c | $label | $(mb "$p") MiB | $(mb "$bi") MiB | $(mb "$d") MiB | $(mb $((p - d))) MiB | ${ex:-none} |"
  rm -f "$f"
  eval "rss_${c//-/_}_plugin=$p rss_${c//-/_}_builtin=$bi rss_${c//-/_}_disabled=$d"
  eval "exp_${c//-/_}=\"\$ex\""
}

dissector_case huge-pair "$mib" "2^31-1 declared, $mib MiB sent"
dissector_case stdout "$mib" "$mib MiB"
dissector_case open-ids "$ids" "$ids ids"
dissector_case reused-id "$ids" "$ids BEGINs of id 1"
dissector_case tiny-pairs "$pairs" "$pairs pairs"

# Ceilings.  TCP reassembly keeps every reassembled record whoever
# dissects it, so streams compare with the built-in dissector (which
# reassembles the same PDUs); what the plugin may add is its preference
# limit plus 8 MiB of slack.
check "huge-pair: plugin - built-in <= max_pair + 8 MiB" \
  $((rss_huge_pair_plugin - rss_huge_pair_builtin)) $((max_pair_k + 8192))
expect "huge-pair: expert says the stream ended inside the pair" \
  "$(case $exp_huge_pair in *"ended inside a name-value pair"*) echo 0 ;; *) echo 1 ;; esac)" \
  "${exp_huge_pair:-none}"
check "stdout: plugin - built-in <= max_body + 8 MiB" \
  $((rss_stdout_plugin - rss_stdout_builtin)) $((max_body_k + 8192))
expect "stdout: expert says max_body was hit" \
  "$(case $exp_stdout in *"exceeds the max_body"*) echo 0 ;; *) echo 1 ;; esac)" "${exp_stdout:-none}"
# Per-request and per-pair state is not bounded by a preference: these
# ceilings pin today's cost (about 1.1 KiB an open id, 4 octets a pair, at
# full size) with room for noise, so that it cannot grow unnoticed; see
# tests/robust/README.md.
check "open-ids: plugin - disabled <= 2 KiB an id + 16 MiB" \
  $((rss_open_ids_plugin - rss_open_ids_disabled)) $((ids * 2 + 16384))
check "reused-id: plugin - disabled <= 2 KiB a BEGIN + 16 MiB" \
  $((rss_reused_id_plugin - rss_reused_id_disabled)) $((ids * 2 + 16384))
check "tiny-pairs: plugin - disabled <= 16 octets a pair + 16 MiB" \
  $((rss_tiny_pairs_plugin - rss_tiny_pairs_disabled)) $((pairs / 64 + 16384))

# ---- The tool ---------------------------------------------------------

peer() { # peer MODE MIB: starts hostile-peer.pl as a server; sets $peer_pid $peer_port
  rm -f "$work/port"
  perl "$root/tests/robust/hostile-peer.pl" "$1" "$work/port" "$2" >"$work/peer.txt" 2>&1 &
  peer_pid=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
  peer_port=$(cat "$work/port")
}

peer stdout "$mib"
/usr/bin/time -o "$work/rss.txt" -f '%M' "$fcgi" request "127.0.0.1:$peer_port" /srv/endless.php \
  2>"$work/err.txt" | wc -c >"$work/count.txt" || true
wait "$peer_pid" || true
req_rss=$(tail -1 "$work/rss.txt") req_bytes=$(tr -d ' ' <"$work/count.txt")
echo "| fcgi request | $mib MiB STDOUT to a pipe | $(mb "$req_rss") MiB | | | | body octets: $req_bytes |"
check "fcgi request: peak RSS <= 8 MiB" "$req_rss" 8192
expect "fcgi request: the whole body was written" "$([ "$req_bytes" -eq $((mib * 1048576)) ] && echo 0 || echo 1)" \
  "$req_bytes octets"

peer values "$mib"
rc=0
/usr/bin/time -o "$work/rss.txt" -f '%M' "$fcgi" values "127.0.0.1:$peer_port" \
  >"$work/out.txt" 2>"$work/err.txt" || rc=$?
wait "$peer_pid" || true
val_rss=$(tail -1 "$work/rss.txt")
echo "| fcgi values | pair declaring 2^31-1 octets | $(mb "$val_rss") MiB | | | | exit $rc: $(grep -v '^Command' "$work/err.txt" | head -1) |"
check "fcgi values: peak RSS <= 8 MiB" "$val_rss" 8192
expect "fcgi values: exits 4 (malformed answer)" "$([ $rc -eq 4 ] && echo 0 || echo 1)" "exit $rc"

# proxy_case LABEL [PROXY OPTIONS...]: the slow client through the proxy.
proxy_case() {
  local label=$1; shift
  peer sink "$mib"
  local up=$peer_port sink_pid=$peer_pid pport= time_pid got prx_rss proxy_pid
  for _ in 1 2 3 4 5; do
    pport=$((20000 + RANDOM % 30000))
    /usr/bin/time -o "$work/proxy-rss.txt" -f '%M' "$fcgi" proxy -q -l "127.0.0.1:$pport" \
      -u "127.0.0.1:$up" "$@" 2>"$work/proxy-err.txt" &
    time_pid=$!
    sleep 0.3
    kill -0 "$time_pid" 2>/dev/null && break
    pport=
  done
  got=$(timeout 300 perl "$root/tests/robust/hostile-peer.pl" slow-client "$pport" "$mib" || echo 0)
  wait "$sink_pid" || true
  proxy_pid=$(pgrep -P "$time_pid" || true)
  [ -n "$proxy_pid" ] && kill -TERM "$proxy_pid"
  wait "$time_pid" || true
  prx_rss=$(tail -1 "$work/proxy-rss.txt")
  local expected=$((mib * 1048576 + 42)) # body and the 42-octet CGI header block
  echo "| $label | $mib MiB up, $mib MiB down, slow reader | $(mb "$prx_rss") MiB | | | | STDOUT octets relayed: $got |"
  check "$label: peak RSS <= 8 MiB" "$prx_rss" 8192
  expect "$label: every STDOUT octet arrived" "$([ "$got" -eq $expected ] && echo 0 || echo 1)" \
    "$got of $expected"
}
proxy_case "fcgi proxy"
# Tracing every record and writing the capture must not buffer either.
proxy_case "fcgi proxy --trace --pcap" --trace --pcap "$work/proxy.pcapng"
rm -f "$work/proxy.pcapng"

echo
printf '%s\n' "${checks[@]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
