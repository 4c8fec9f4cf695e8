#!/bin/bash
# SPDX-License-Identifier: MIT
# test_client_dump.sh - `fcgi dump` against Net::FastCGI's dump_record():
#   1. every record type, role, flag, status, malformed body and content
#      length (streams built by Net::FastCGI, three seeds): identical lines;
#   2. real streams captured from php-fpm (both directions, through a relay)
#      and, when /work/shared is present, from a pcap with tshark's
#      `-z follow,tcp,raw`: identical lines;
#   3. every prefix of a stream: the complete records printed, exit 0 on a
#      record boundary and 3 inside a record, with a message;
#   4. a bad version: the records before it, exit 1, offset and version;
#   5. standard input, --offsets, --id, usage errors.
# usage: test_client_dump.sh [PATH/TO/fcgi]
. "$(dirname "$0")/client_lib.sh"
command -v perl >/dev/null && perl -MNet::FastCGI::Protocol -e1 2>/dev/null ||
    skip "perl Net::FastCGI is not installed"
T="timeout 20"

# compare_with_perl LABEL FILE: fcgi dump FILE == dump_record of each record.
compare_with_perl() {
    local label=$1 file=$2
    perl "$here/client_perl_dump.pl" "$file" > "$d/want" || { fail "$label: perl failed"; return; }
    $T "$fcgi" dump "$file" > "$d/got" 2> "$d/err"
    local rc=$?
    check_eq "$label: exit code" 0 "$rc"
    if cmp -s "$d/want" "$d/got"; then
        pass
    else
        fail "$label: output differs from Net::FastCGI"
        diff "$d/want" "$d/got" | head -n 10
    fi
    records=$((records + $(wc -l < "$d/want")))
}
records=0

# 1. Every record type.
for seed in 1 2 3; do
    perl "$here/client_gen_records.pl" "$seed" > "$d/gen$seed.bin"
    compare_with_perl "generated stream (seed $seed)" "$d/gen$seed.bin"
done
types=$($T "$fcgi" dump "$d/gen1.bin" | sed -n 's/^{\([A-Z_0-9x]*\),.*/\1/p' | sort -u | tr '\n' ' ')
for t in FCGI_BEGIN_REQUEST FCGI_ABORT_REQUEST FCGI_END_REQUEST FCGI_PARAMS FCGI_STDIN \
         FCGI_STDOUT FCGI_STDERR FCGI_DATA FCGI_GET_VALUES FCGI_GET_VALUES_RESULT \
         FCGI_UNKNOWN_TYPE 0x00 0x0C 0xFF; do
    check_contains "record type $t in the generated stream" " $t " " $types"
done

# 2. Real streams from php-fpm, captured through a relay.
if [ -n "$php_fpm" ]; then
    start_php_fpm
    capture() { # LABEL then fcgi request arguments after the address
        local label=$1 port
        shift
        port=$(free_port)
        perl "$here/client_relay.pl" "$port" "$fpm_tcp" "$d/cap_$label" &
        local relay=$!
        for i in $(seq 1 100); do
            [ -e "$d/cap_$label.ready" ] && break
            sleep 0.05
        done
        $T "$fcgi" request "127.0.0.1:$port" "$@" > /dev/null 2>&1
        $T tail --pid=$relay -f /dev/null
    }
    capture hello "$www/hello.php" --uri '/hello.php?name=dump'
    capture post "$www/echo.php" -d "@$here/client_gen_records.pl"
    capture large "$www/large.php" --uri '/large.php?n=300000'
    capture warn "$www/warn.php" --keep-conn
    capture missing "$www/missing.php"
    for c in hello post large warn missing; do
        for dir in c2s s2c; do
            compare_with_perl "php-fpm $c $dir" "$d/cap_$c.$dir"
        done
    done
    check_eq "php-fpm request starts with BEGIN_REQUEST" "{FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, 0}}" \
        "$($T "$fcgi" dump "$d/cap_hello.c2s" | head -n1)"
    check_eq "php-fpm response ends with END_REQUEST" "{FCGI_END_REQUEST, 1, {0, FCGI_REQUEST_COMPLETE}}" \
        "$($T "$fcgi" dump "$d/cap_hello.s2c" | tail -n1)"
    check_contains "php-fpm STDERR record" '{FCGI_STDERR, 1, "PHP message: something odd happened' \
        "$($T "$fcgi" dump "$d/cap_warn.s2c")"
    check_eq "300 kB response: every STDOUT record" \
        "$(perl "$here/client_perl_dump.pl" "$d/cap_large.s2c" | grep -c FCGI_STDOUT)" \
        "$($T "$fcgi" dump "$d/cap_large.s2c" | grep -c FCGI_STDOUT)"
    cat "$d/cap_hello.c2s" "$d/cap_warn.s2c" > "$d/prefix_mix"
    prefix_src=$d/prefix_mix
else
    echo "note: php-fpm not installed; captured-stream checks skipped"
    prefix_src=$d/gen1.bin
fi

# The project's reference captures, through tshark's follow,tcp,raw (optional).
pcap=/work/shared/captures/nginx-php-fpm-deepflow.pcap
if [ -r "$pcap" ] && command -v tshark >/dev/null && command -v xxd >/dev/null; then
    # Lines starting with a tab are the server's side, the others the client's.
    $T tshark -r "$pcap" -q -z follow,tcp,raw,0 2>/dev/null |
        sed -n '/^Node 1:/,/^====/p' | sed '1d;$d' > "$d/follow.txt"
    grep -v $'^\t' "$d/follow.txt" | xxd -r -p > "$d/pcap.c2s"
    grep $'^\t' "$d/follow.txt" | tr -d '\t' | xxd -r -p > "$d/pcap.s2c"
    for dir in c2s s2c; do
        if [ -s "$d/pcap.$dir" ]; then
            perl "$here/client_perl_dump.pl" "$d/pcap.$dir" > "$d/want"
            $T "$fcgi" dump "$d/pcap.$dir" > "$d/got" 2>/dev/null
            if cmp -s "$d/want" "$d/got"; then pass; else fail "pcap $dir: output differs"; fi
        fi
    done
fi

# 3. Every prefix of a stream.
head -c 1500 "$prefix_src" > "$d/prefix_src"
total=$(stat -c %s "$d/prefix_src")
perl "$here/client_perl_dump.pl" --boundaries "$d/prefix_src" > "$d/bounds"
perl "$here/client_perl_dump.pl" "$d/prefix_src" > "$d/all_lines"
prefix_fail=0
for k in $(seq 0 "$total"); do
    head -c "$k" "$d/prefix_src" > "$d/p"
    $T "$fcgi" dump "$d/p" > "$d/got" 2> "$d/err"
    rc=$?
    complete=$(awk -v k="$k" '$1 <= k' "$d/bounds" | wc -l)
    on_boundary=$( { echo 0; cat "$d/bounds"; } | grep -qx "$k" && echo 1 || echo 0)
    want_rc=3
    [ "$on_boundary" = 1 ] && want_rc=0
    if [ "$rc" != "$want_rc" ] || ! cmp -s "$d/got" <(head -n "$complete" "$d/all_lines"); then
        prefix_fail=$((prefix_fail + 1))
        [ $prefix_fail -le 3 ] && echo "prefix $k: rc $rc (want $want_rc), $(wc -l < "$d/got") lines (want $complete)"
    elif [ "$want_rc" = 3 ] && ! grep -q "truncated" "$d/err"; then
        prefix_fail=$((prefix_fail + 1))
        echo "prefix $k: no 'truncated' message: $(cat "$d/err")"
    fi
done
check_eq "every prefix (0..$total octets) of a stream" 0 "$prefix_fail"

# 4. A record with protocol version 2 after two good ones.
perl -MNet::FastCGI::Protocol=:all -e 'binmode STDOUT; print build_record(6, 1, "one"), build_record(7, 1, "two"), pack("CCnnCC", 2, 6, 1, 3, 5, 0), "abc\0\0\0\0\0", build_record(6, 1, "after")' > "$d/v2.bin"
out=$($T "$fcgi" dump "$d/v2.bin" 2> "$d/err")
check_eq "version 2: exit code" 1 "$?"
check_eq "version 2: the records before it" $'{FCGI_STDOUT, 1, "one"}\n{FCGI_STDERR, 1, "two"}' "$out"
check_contains "version 2: message" "offset 32 has protocol version 0x02" "$(cat "$d/err")"

# 5. Standard input, options, usage.
check_eq "stdin" "$($T "$fcgi" dump "$d/gen2.bin")" "$(cat "$d/gen2.bin" | $T "$fcgi" dump)"
check_eq "stdin as -" "$($T "$fcgi" dump "$d/gen2.bin")" "$($T "$fcgi" dump - < "$d/gen2.bin")"
check_eq "--offsets" $'0\t{FCGI_STDOUT, 1, "one"}\n16\t{FCGI_STDERR, 1, "two"}' \
    "$($T "$fcgi" dump --offsets "$d/v2.bin" 2>/dev/null)"
check_eq "--id" "$(perl "$here/client_perl_dump.pl" "$d/gen1.bin" | grep -c '^{[A-Z_0-9x]*, 3, ')" \
    "$($T "$fcgi" dump --id 3 "$d/gen1.bin" | grep -c .)"
$T "$fcgi" dump "$d/does-not-exist" > /dev/null 2>&1
check_eq "missing file: exit code" 2 "$?"
$T "$fcgi" dump --bogus > /dev/null 2>&1
check_eq "bad option: exit code" 2 "$?"
$T "$fcgi" dump --help | grep -q "exit codes"
check_eq "--help lists exit codes" 0 "$?"
: > "$d/empty"
check_eq "empty stream" "0:" "$($T "$fcgi" dump "$d/empty"; echo "$?:")"

echo "compared $records records with Net::FastCGI, $((total + 1)) prefixes"
finish
