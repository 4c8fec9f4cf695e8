#!/bin/bash
# SPDX-License-Identifier: MIT
# Dissector robustness: tshark with the fastcgi.so plugin on mutated and
# truncated copies of every sample capture, then valgrind memcheck of tshark
# with the plugin on every unmodified sample.
#
#   mutations.sh --plugin fastcgi.so [--mutations N] [--ci] [--no-valgrind] [--keep]
#
# (ctest robust.mutations runs it with --ci; scripts/robust-mutations builds
# the plugin and runs it at full size.)
#
# Inputs: samples/captures/*.pcap* and, when present, the reference
# captures in ../shared/captures/*.pcap beside the source tree (never
# required).
# Mutation i (seed i) takes sample i mod count and, by i mod 4, either
# changes octets with `editcap -E RATE --seed i` (RATE 0.005, 0.02, 0.1) or
# cuts every packet with `editcap -s SNAPLEN` (SNAPLEN from a table of
# lengths around the Ethernet/IP/TCP/FastCGI header boundaries).  Each
# mutated capture is dissected three ways: with a tree (-V), without a tree
# (summary lines), and in two passes with a tree (-2 -V), all under
# WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 and WIRESHARK_DEBUG_WMEM_OVERRIDE=strict
# (wmem's checking allocator) and with small max_body/max_pair so the
# limits are crossed too.  A run is a crash when tshark dies on a signal or
# exits non-zero; a dissector bug when its output or stderr says so (or
# reports a GLib CRITICAL / assertion / wmem error).  A failing run is
# tried again with the plugin's dissector disabled (--disable-protocol
# fastcgi): when it fails the same way there, the fault is Wireshark's own
# (counted and kept, not held against the plugin).
#
# valgrind: one memcheck run per sample (-V -2), leaks included
# (definite ones); an error counts against us when its stack holds a frame
# of fastcgi.so (which links the codec) or a fcgi_/fastcgi_ function.
#
# Default: 3000 mutations and valgrind on every sample (about an hour on
# one core).  --ci: 24 mutations and one valgrind run over all samples
# concatenated (under a minute).  Ends with "N passed, N failed" (a
# mutated capture or valgrind run is one test); exits 1 on any failure and
# keeps the failing inputs; exits 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/wireshark-plugin.sh"

mutations=3000 ci=0 valgrind=1 keep=0 plugin=
while [ $# -gt 0 ]; do
  case $1 in
    --mutations) mutations=$2; shift ;;
    --ci) ci=1; mutations=24 ;;
    --no-valgrind) valgrind=0 ;;
    --plugin) plugin=$2; shift ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 --plugin SO [--mutations N] [--ci] [--no-valgrind] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$plugin" ] ||
  { echo "usage: $0 --plugin SO [--mutations N] [--ci] [--no-valgrind] [--keep]" >&2; exit 2; }

work=$(mktemp -d /tmp/robust-mutations-XXXXXX)
chmod 0755 "$work"
mkdir -p "$work/in" "$work/o" "$work/failed"
chmod 0777 "$work/o"
ws_stage_plugin "$plugin" "$work/plugins"
for c in "$root"/samples/captures/*.pcap "$root"/samples/captures/*.pcapng \
         "$root"/../shared/captures/*.pcap; do
  [ -f "$c" ] && cp "$c" "$work/in/"
done
chmod -R a+rX "$work/in"
samples=("$work"/in/*)
nsamples=${#samples[@]}
[ "$nsamples" -gt 0 ] || { echo "no sample captures found" >&2; exit 2; }

# A command (tshark, or valgrind tshark) with the plugin, as nobody when
# root (root ignores plugin folders), bounded in time; WMEM is the
# WIRESHARK_DEBUG_WMEM_OVERRIDE allocator.
WMEM=strict
with_plugin() {
  local pre=(timeout 600)
  [ "$(id -u)" -eq 0 ] && pre+=(runuser -u nobody --)
  "${pre[@]}" env HOME="$work/plugins" WIRESHARK_PLUGIN_DIR="$work/plugins" \
    WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 WIRESHARK_DEBUG_WMEM_OVERRIDE=$WMEM "$@"
}

with_plugin tshark -G plugins 2>/dev/null | grep -q 'fastcgi\.so' ||
  { echo "tshark does not load $plugin" >&2; exit 2; }

rates=(0.005 0.02 0.1)
snaplens=(14 34 54 55 58 62 63 70 78 86 100 150 300 1000)
prefs=(-o fastcgi.max_body:4096 -o fastcgi.max_pair:64)
tried=0 packets=0 crashes=0 bugs=0 theirs=0 malformed=0 passed=0 failed=0
bug_pattern='dissector bug|DISSECTOR_BUG|CRITICAL|assertion|failed assertion|wmem|Aborted|Segmentation'

# dissect FILE MODE-ARGS...: 0 clean, 1 crash (signal, non-zero exit or
# hang), 2 dissector bug.
dissect() {
  local f=$1; shift
  local rc=0
  with_plugin tshark -r "$f" "${prefs[@]}" "$@" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  if [ $rc -ne 0 ]; then
    return 1
  fi
  if grep -qiE "$bug_pattern" "$work/err.txt" || grep -qE '\[Dissector bug' "$work/out.txt"; then
    return 2
  fi
  return 0
}

start=$(date +%s)
for ((i = 1; i <= mutations; i++)); do
  src=${samples[$(( (i - 1) % nsamples ))]}
  m=$work/o/m.pcap
  kind=$(( i % 4 ))
  if [ $kind -eq 3 ]; then
    what="-s ${snaplens[$(( (i / 4) % ${#snaplens[@]} ))]}"
  else
    what="-E ${rates[$kind]} --seed $i"
  fi
  # shellcheck disable=SC2086 # $what is options
  editcap -F pcap $what "$src" "$m" >/dev/null 2>&1 || continue
  chmod 0644 "$m"
  tried=$((tried + 1))
  verdict=0
  for mode in "-V" "" "-2 -V"; do
    # shellcheck disable=SC2086 # $mode is options
    r=0; dissect "$m" $mode || r=$?
    if [ "$mode" = "" ] && [ $r -eq 0 ]; then
      packets=$((packets + $(wc -l <"$work/out.txt")))
      malformed=$((malformed + $(grep -c 'Malformed Packet' "$work/out.txt" || true)))
    fi
    if [ $r -ne 0 ]; then
      verdict=$r
      name="$i-$(basename "$src" | sed 's/\.pcap.*//')${mode// /}"
      cp "$m" "$work/failed/$name.pcap"
      cp "$work/err.txt" "$work/failed/$name.err"
      # shellcheck disable=SC2086 # $mode is options
      r2=0; dissect "$m" $mode --disable-protocol fastcgi || r2=$?
      if [ $r2 -eq $r ]; then
        verdict=3
        echo "WIRESHARK mutation $i ($what on $(basename "$src"), tshark ${mode:-(no tree)}), also" \
             "with the plugin's dissector disabled: $(head -c 300 "$work/err.txt")"
      else
        echo "FAIL mutation $i ($what on $(basename "$src"), tshark ${mode:-(no tree)}): $(head -c 300 "$work/failed/$name.err")"
      fi
      break
    fi
  done
  case $verdict in
    0) passed=$((passed + 1)) ;;
    1) crashes=$((crashes + 1)); failed=$((failed + 1)) ;;
    2) bugs=$((bugs + 1)); failed=$((failed + 1)) ;;
    3) theirs=$((theirs + 1)); passed=$((passed + 1)) ;;
  esac
  if [ $ci -eq 0 ] && [ $((i % 250)) -eq 0 ]; then
    echo "  ... $i mutations, $packets packets, $crashes crashes, $bugs dissector bugs ($(( $(date +%s) - start )) s)"
  fi
done
secs=$(( $(date +%s) - start ))
echo "mutations: $nsamples samples, $tried mutated captures tried (x3 dissections), $packets packets" \
     "dissected, $malformed malformed-packet items, $crashes crashes, $bugs dissector bugs," \
     "$theirs failure(s) of Wireshark's own ($secs s)"

# ---- valgrind ----------------------------------------------------------
if [ $valgrind -eq 1 ]; then
  command -v valgrind >/dev/null || { echo "valgrind missing" >&2; exit 2; }
  vstart=$(date +%s)
  if [ $ci -eq 1 ]; then
    # tshark's start-up dominates under valgrind: one run over all samples.
    mergecap -a -F pcap -w "$work/o/all.pcap" "${samples[@]}" 2>/dev/null
    chmod 0644 "$work/o/all.pcap"
    vinputs=("$work/o/all.pcap")
  else
    vinputs=("${samples[@]}")
  fi
  vruns=0 vours=0 vother=0 vpackets=0
  for f in "${vinputs[@]}"; do
    log=$work/o/vg-$(basename "$f").log
    touch "$log"; chmod 0666 "$log"
    # WIRESHARK_DEBUG_WMEM_OVERRIDE=simple: every wmem block is its own
    # malloc, so valgrind sees each allocation's bounds.
    rc=0
    WMEM=simple G_SLICE=always-malloc with_plugin \
      valgrind -q --error-exitcode=99 --error-limit=no --leak-check=full --show-leak-kinds=definite \
      --errors-for-leak-kinds=definite --num-callers=30 --log-file="$log" \
      tshark -r "$f" -V -2 >"$work/out.txt" 2>"$work/err.txt" || rc=$?
    vruns=$((vruns + 1))
    vpackets=$((vpackets + $(grep -c '^Frame [0-9]*:' "$work/out.txt" || true)))
    # Error records are separated by "==pid== " lines; one is ours when a
    # frame of fastcgi.so or a codec/plugin function is on its stack.
    counts=$(awk 'BEGIN { RS = "==[0-9]+== *\n" }
                  /==[0-9]+== +(at|by) / { all++ }
                  /fastcgi\.so|[^_a-z]fcgi_[a-z]|fastcgi_[a-z]/ { ours++ }
                  END { print ours + 0, all + 0 }' "$log")
    ours=${counts% *} all=${counts#* }
    vours=$((vours + ours)); vother=$((vother + all - ours))
    if [ "$ours" -ne 0 ] || { [ $rc -ne 0 ] && [ $rc -ne 99 ]; }; then
      failed=$((failed + 1)); cp "$log" "$work/failed/"
      echo "FAIL valgrind $(basename "$f"): rc $rc, $ours error(s) in fastcgi.so/codec frames"
    else
      passed=$((passed + 1))
    fi
  done
  echo "valgrind: $vruns run(s) over $nsamples samples, $vpackets packets, $vours error(s) with" \
       "fastcgi.so/codec frames, $vother other ($(( $(date +%s) - vstart )) s)"
fi

if [ $failed -ne 0 ] || [ $theirs -ne 0 ] || [ $keep -eq 1 ]; then
  echo "inputs and logs kept in $work"
else
  rm -rf "$work"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
