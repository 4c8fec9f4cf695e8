#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs inside a chroot of another Debian release (scripts/wireshark-releases
# makes it), with the sources read-only at /src and results going to /out:
#
#   build     the whole project against this release's Wireshark, with
#             warnings as errors in the codec and the plugin
#   tests     the unit, differential and plugin suites
#   package   the .deb packages of that build (what scripts/package makes),
#             installed with apt-get
#   installed what a user gets from the packages: tshark lists fastcgi.so as
#             a dissector, the plugin package depends on this Wireshark's
#             libwireshark soname, tshark lists fcgidump's capture
#             interfaces, `fcgi --version` runs, and a program builds
#             against the installed codec through pkg-config
#   samples   the plugin's dissection of every sample capture, written to
#             /out/dissection for comparison with other releases
#
# Usage: in-chroot.sh [STAGE...]   (default: all five, in this order)
# Each stage's time in seconds goes to /out/times; the first failing stage
# ends the run with exit 1.
set -euo pipefail
src=/src out=/out b=/var/tmp/fcgi-build pkg=/var/tmp/fcgi-packages
jobs=$(nproc 2>/dev/null || echo 2)
export DEBIAN_FRONTEND=noninteractive
: >"$out/times"

stage() { # NAME COMMAND...
  local name=$1 t0 rc=0
  shift
  t0=$(date +%s)
  echo "== $name"
  "$@" || rc=$?
  echo "$name $(( $(date +%s) - t0 ))" >>"$out/times"
  [ $rc -eq 0 ] || { echo "FAIL: $name (exit $rc)"; exit 1; }
}

build() {
  # The preset of this machine's first test pass, less the benchmark, with
  # prefix /usr as scripts/package configures, so the same build packages;
  # the sources are read-only, so the build goes elsewhere.
  (cd "$src" && cmake --preset default -B "$b" -DFCGI_BUILD_BENCH=OFF \
                 -DCMAKE_INSTALL_PREFIX=/usr) >"$out/configure.log"
  grep 'Wireshark plugin:' "$out/configure.log"
  cmake --build "$b" -j"$jobs" >"$out/build.log" 2>&1 || { tail -n 40 "$out/build.log"; return 1; }
  # The plugin fails on any warning (-Werror); the rest is listed here.
  if grep -n 'warning:' "$out/build.log"; then
    echo "the build printed warnings"
    return 1
  fi
}

tests() {
  # The plugin's mutation run is smaller than on the main machine, where
  # the same code meets the full count; here it guards against what this
  # release's Wireshark checks differently.
  FASTCGI_MUTATIONS=${FASTCGI_MUTATIONS:-50} FASTCGI_TRUNCATIONS=${FASTCGI_TRUNCATIONS:-100} \
    ctest --test-dir "$b" -L 'unit|diff|plugin' -j"$jobs" --no-tests=error --output-on-failure \
    >"$out/ctest.log" 2>&1 || { grep -v '^ok ' "$out/ctest.log" | tail -n 80; return 1; }
  grep -E 'tests passed|Total Test time' "$out/ctest.log"
}

package() {
  rm -rf "$pkg"
  (cd "$b" && cpack -G DEB -B "$pkg" >"$out/cpack.log" 2>&1) || { tail -n 20 "$out/cpack.log"; return 1; }
  ls "$pkg"/*.deb
  apt-get install -y -q "$pkg"/*.deb >"$out/apt-install.log" 2>&1 ||
    { tail -n 20 "$out/apt-install.log"; return 1; }
}

installed() {
  local plugins soname dep dir
  plugins=$(tshark -G plugins 2>/dev/null)
  echo "$plugins" | grep -E '^fastcgi\.so[[:space:]]+[^[:space:]]+[[:space:]]+dissector' ||
    { echo "tshark -G plugins does not list fastcgi.so as a dissector"; echo "$plugins"; return 1; }

  soname=$(objdump -p "$(pkg-config --variable=libdir wireshark)/libwireshark.so" |
           awk '$1 == "SONAME" { print $2 }')
  dep=$(dpkg-query -W -f '${Depends}' wireshark-plugin-fastcgi)
  echo "wireshark-plugin-fastcgi depends on: $dep"
  case ", $dep" in
    *", ${soname%%.so.*}${soname##*.so.} "*|*", ${soname%%.so.*}${soname##*.so.},"*) ;;
    *) echo "no dependency on ${soname%%.so.*}${soname##*.so.} ($soname)"; return 1 ;;
  esac

  # fcgidump went where this release's Wireshark looks for extcap programs.
  tshark -D 2>/dev/null | grep -F 'fcgidump' ||
    { echo "tshark -D does not list fcgidump's interfaces"; return 1; }

  fcgi --version

  dir=$(mktemp -d)
  cc -std=c11 -Wall -Wextra -Werror -o "$dir/dump-request" "$src/samples/examples/dump-request.c" \
     $(pkg-config --cflags --libs fcgicodec)
  "$dir/dump-request" | diff -u "$src/tests/install/dump-request.expected" -
  ldd "$dir/dump-request" | grep -F libfcgicodec.so
  rm -rf "$dir"
  echo "dump-request built with pkg-config against the installed codec: output as expected"
}

samples() {
  local plugin
  plugin=$(. "$src/tests/lib/wireshark-plugin.sh"; ws_built_plugin "$b")
  perl "$src/tests/plugin/fastcgi-dissection.pl" "$plugin" "$out/dissection" \
    "$src"/samples/captures/*.pcap*
  ls "$out/dissection" | wc -l
}

tshark --version | head -n 1 | tee "$out/version"
[ $# -gt 0 ] || set -- build tests package installed samples
for s in "$@"; do
  case $s in
    build|tests|package|installed|samples) stage "$s" "$s" ;;
    *) echo "unknown stage $s"; exit 2 ;;
  esac
done
