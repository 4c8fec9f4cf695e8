#!/bin/bash
# SPDX-License-Identifier: MIT
#
# install-test.sh BUILD_DIR SOURCE_DIR PREFIX LIBDIR CMAKE CC [sanitize|plain [EXTCAP_DIR]]
#
# 1. `cmake --install BUILD_DIR` with DESTDIR=<temp>/root, so everything
#    (including anything installed to an absolute path) stays in the temp
#    folder; the codec lands in <temp>/root/PREFIX.
# 2. Builds samples/examples as its own CMake project with
#    CMAKE_PREFIX_PATH=<temp>/root/PREFIX (find_package(fcgicodec)).
# 3. Builds them with samples/examples/Makefile, i.e. plain
#    `pkg-config --cflags --libs fcgicodec`, with PKG_CONFIG_PATH pointing
#    into the staging root; the .pc file finds its prefix relative to its own
#    folder, so a staged or relocated install needs nothing more.
# 4. Runs both dump-request binaries against the staged shared library and
#    compares their output with dump-request.expected (Net::FastCGI's
#    dump_record of the same octets); runs the pkg-config-built mux-server
#    and checks its GET_VALUES answer.
# 5. Checks the staged libfcgicodec.so exports exactly the functions the
#    installed headers declare FCGI_API, which are Net::FastCGI's 30 and the
#    27 listed below, and nothing that does not start with fcgi_.
# 6. With EXTCAP_DIR (fcgidump is built): fcgidump is staged there, the
#    folder Wireshark runs extcap programs from, and answers as one.
# With `sanitize` (an FCGI_SANITIZE build, whose library needs the ASan
# runtime loaded first) the examples are built with the same sanitizers.
set -euo pipefail

BUILD=$1 SRC=$2 PREFIX=$3 LIBDIR=$4 CMAKE=$5 CC=$6 MODE=${7:-plain} EXTCAP=${8:-}
SAN_FLAGS=
[ "$MODE" = sanitize ] && SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d /tmp/fcgi-install-test.XXXXXX)
MUX_PID=
cleanup() {
  [ -n "$MUX_PID" ] && kill "$MUX_PID" 2>/dev/null && wait "$MUX_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

ROOT=$TMP/root
STAGED=$ROOT$PREFIX
case $LIBDIR in /*) STAGED_LIB=$ROOT$LIBDIR ;; *) STAGED_LIB=$STAGED/$LIBDIR ;; esac

# ---- 1. install ------------------------------------------------------------
DESTDIR=$ROOT "$CMAKE" --install "$BUILD" >"$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log" >&2; fail "cmake --install"; }
for f in "$STAGED/include/fcgi/fcgi.h" "$STAGED_LIB/libfcgicodec.so" "$STAGED_LIB/libfcgicodec.a" \
         "$STAGED_LIB/pkgconfig/fcgicodec.pc" "$STAGED_LIB/cmake/fcgicodec/fcgicodecConfig.cmake"; do
  [ -e "$f" ] || fail "not installed: ${f#$ROOT}"
done
pass "cmake --install staged headers, libraries, fcgicodec.pc and the CMake package"

check_dump() { # BINARY HOW
  local out
  out=$(LD_LIBRARY_PATH=$STAGED_LIB "$1") || fail "$2: dump-request exited non-zero"
  diff -u "$HERE/dump-request.expected" - <<<"$out" || fail "$2: dump-request output differs"
  # Into a variable first: `ldd | grep -q` can fail under pipefail when
  # grep exits before ldd has written everything.
  local libs
  libs=$(LD_LIBRARY_PATH=$STAGED_LIB ldd "$1")
  [[ $libs == *"$STAGED_LIB/libfcgicodec.so"* ]] \
    || fail "$2: dump-request does not load the staged libfcgicodec.so"
  pass "$2: dump-request output matches Net::FastCGI's dump_record"
}

# ---- 2. find_package ---------------------------------------------------------
"$CMAKE" -S "$SRC/samples/examples" -B "$TMP/cmake-build" -DCMAKE_C_COMPILER="$CC" \
  -DCMAKE_PREFIX_PATH="$STAGED" -DCMAKE_C_FLAGS="$SAN_FLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN_FLAGS" >"$TMP/cmake.log" 2>&1 \
  && "$CMAKE" --build "$TMP/cmake-build" -j2 >>"$TMP/cmake.log" 2>&1 \
  || { cat "$TMP/cmake.log" >&2; fail "find_package build"; }
grep -q "$STAGED" "$TMP/cmake-build/CMakeCache.txt" || fail "find_package did not use the staged prefix"
check_dump "$TMP/cmake-build/dump-request" "find_package"

# ---- 3. pkg-config -------------------------------------------------------------
mkdir -p "$TMP/pc-build"
export PKG_CONFIG_PATH=$STAGED_LIB/pkgconfig PKG_CONFIG_LIBDIR=
flags=$(pkg-config --cflags --libs fcgicodec) || fail "pkg-config does not find fcgicodec"
pc_inc=$(realpath -m "$(pkg-config --variable=includedir fcgicodec)")
pc_lib=$(realpath -m "$(pkg-config --variable=libdir fcgicodec)")
[[ $pc_inc == "$(realpath -m "$STAGED/include")" && $pc_lib == "$(realpath -m "$STAGED_LIB")" ]] \
  || fail "pkg-config flags do not point into the staging root: $flags"
make -C "$TMP/pc-build" -f "$SRC/samples/examples/Makefile" CC="$CC" \
  CFLAGS="-O2 -g -Wall -Wextra $SAN_FLAGS" LDFLAGS="$SAN_FLAGS" >"$TMP/make.log" 2>&1 \
  || { cat "$TMP/make.log" >&2; fail "pkg-config build"; }
check_dump "$TMP/pc-build/dump-request" "pkg-config"

# mux-server: start on a free port, ask GET_VALUES, expect the three answers.
LD_LIBRARY_PATH=$STAGED_LIB "$TMP/pc-build/mux-server" -p 0 -t 30 >"$TMP/mux.out" 2>"$TMP/mux.err" &
MUX_PID=$!
for ((i = 0; i < 50; i++)); do grep -q '^listening on' "$TMP/mux.out" && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$TMP/mux.out")
[ -n "$port" ] || fail "mux-server did not start: $(cat "$TMP/mux.err")"
# GET_VALUES (id 0) asking FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS:
# 48 octets of content, no padding.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf '\x01\x09\x00\x00\x00\x30\x00\x00\x0e\x00FCGI_MAX_CONNS\x0d\x00FCGI_MAX_REQS\x0f\x00FCGI_MPXS_CONNS' >&3
timeout 5 head -c 64 <&3 >"$TMP/reply" || true
exec 3>&-
# GET_VALUES_RESULT, id 0, 53 octets of content, 3 of padding.
printf '\x01\x0a\x00\x00\x00\x35\x03\x00\x0e\x02FCGI_MAX_CONNS32\x0d\x02FCGI_MAX_REQS16\x0f\x01FCGI_MPXS_CONNS1\x00\x00\x00' \
  >"$TMP/reply.expected"
cmp -s "$TMP/reply" "$TMP/reply.expected" \
  || fail "mux-server GET_VALUES_RESULT differs: $(od -An -tx1 "$TMP/reply" | tr -s ' \n' ' ')"
pass "pkg-config: mux-server answers GET_VALUES (MAX_CONNS 32, MAX_REQS 16, MPXS_CONNS 1)"

# ---- 5. exported symbols ---------------------------------------------------------
nm -D --defined-only "$STAGED_LIB/libfcgicodec.so" | awk '{print $NF}' | sort -u >"$TMP/exported"
cat "$STAGED"/include/fcgi/*.h | tr '\n' ' ' | grep -oE 'FCGI_API[^;(]*\(' \
  | grep -oE 'fcgi_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u >"$TMP/declared"
perl_api="build_header parse_header build_begin_request_body parse_begin_request_body
  build_end_request_body parse_end_request_body build_unknown_type_body parse_unknown_type_body
  build_begin_request_record build_end_request_record build_unknown_type_record build_params
  parse_params check_params build_record parse_record parse_record_body dump_record
  dump_record_body build_stream build_begin_request build_end_request get_record_length
  get_type_name get_role_name get_protocol_status_name is_known_type is_management_type
  is_discrete_type is_stream_type"
n=0
for f in $perl_api; do
  n=$((n + 1))
  grep -qx "fcgi_$f" "$TMP/exported" || fail "Net::FastCGI function fcgi_$f is not exported"
done
[ "$n" = 30 ] || fail "the list of Net::FastCGI functions has $n entries, not 30"
# The codec's own API beyond Net::FastCGI's, which the tool and the plugin
# link against: a function that lost its FCGI_API would vanish from both
# lists above unnoticed, so it is named here.
own_api="build_params_records check_request_id check_content_length cgi_parser_init cgi_parse
  cgi_iter_init cgi_next parser_init parser_feed parser_at_boundary nv_decoder_init
  nv_decoder_feed nv_decoder_finish nv_decoder_peek nv_decoder_set_scratch params_iter_init
  params_next strerror status_name format_status
  read_header read_record write_header write_record write_stream can_read can_write"
for f in $own_api; do
  n=$((n + 1))
  grep -qx "fcgi_$f" "$TMP/exported" || fail "codec function fcgi_$f is not exported"
done
[ "$(wc -l <"$TMP/exported")" = "$n" ] \
  || fail "$(wc -l <"$TMP/exported") functions exported, $n listed here: update the lists"
stray=$(grep -v '^fcgi_' "$TMP/exported" || true)
[ -z "$stray" ] || fail "exported symbols without the fcgi_ prefix: $(echo $stray)"
diff -u "$TMP/declared" "$TMP/exported" >"$TMP/sym.diff" \
  || { cat "$TMP/sym.diff" >&2; fail "exports differ from the FCGI_API declarations (- declared only, + exported only)"; }
pass "libfcgicodec.so exports exactly the $(wc -l <"$TMP/declared") FCGI_API functions: all 30 of Net::FastCGI and the codec's own"

# ---- 6. the extcap program -------------------------------------------------------
if [ -n "$EXTCAP" ]; then
  case $EXTCAP in /*) staged_extcap=$ROOT$EXTCAP ;; *) staged_extcap=$STAGED/$EXTCAP ;; esac
  [ -x "$staged_extcap/fcgidump" ] || fail "not installed: ${staged_extcap#$ROOT}/fcgidump"
  "$staged_extcap/fcgidump" --extcap-interfaces | grep -q '^interface {value=fcgidump}' \
    || fail "the staged fcgidump does not list its interface"
  pass "cmake --install put fcgidump into Wireshark's extcap folder ${staged_extcap#$ROOT}"
fi
