#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# client_gen_records.pl SEED - writes to standard output a stream holding
# every record type (1..11), unknown types, every role and flag form, every
# protocol status, malformed bodies, name-value pairs with 1- and 4-octet
# lengths, printable, escaped and binary content of many lengths - built
# with Net::FastCGI, so `fcgi dump` can be compared with dump_record().
use strict;
use warnings;
use Net::FastCGI::Constant qw(:all);
use Net::FastCGI::Protocol qw(:all);

srand($ARGV[0] // 1);
binmode STDOUT;
my @out;
sub rnd_bytes { my $n = shift; join '', map { chr int rand 256 } 1 .. $n }
my @text = (('a' .. 'z'), ' ', "\r", "\n", "\t", '"', '\\', "\0", "\x7f", "\xe9");
sub rnd_text  { my $n = shift; join '', map { $text[int rand @text] } 1 .. $n }

for my $role (0, 1, 2, 3, 4, 0xFFFF) {
    for my $flags (0, 1, 2, 0xFE, 0xFF) {
        push @out, build_begin_request_record(1 + int rand 65535, $role, $flags);
    }
}
push @out, build_record(FCGI_ABORT_REQUEST, 7, '');
for my $ps (0 .. 4, 0xFF) {
    push @out, build_end_request_record(1, int rand 4294967296, $ps);
}
push @out, build_end_request_record(2, 4294967295, 9);
my @lens = (0, 1, 7, 8, 20, 69, 70, 71, 127, 128, 300, 32760, 65535);
for my $type (FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR, FCGI_DATA) {
    for my $len (@lens) {
        push @out, build_record($type, 1, rnd_text($len));
        push @out, build_record($type, 3, rnd_bytes($len));
    }
}
# Name-value pairs: short and long names and values.
for my $nl (0, 1, 127, 128, 300) {
    for my $vl (0, 1, 127, 128, 1000) {
        my $p = build_params({ ('N' x $nl) => ('v' x $vl) });
        push @out, build_record(FCGI_PARAMS, 1, $p) if length $p <= 65535;
        push @out, build_record(FCGI_GET_VALUES_RESULT, 0, $p) if length $p <= 65535;
    }
}
push @out, build_record(FCGI_PARAMS, 1, build_params({ SCRIPT_FILENAME => '/srv/www/index.php', QUERY_STRING => 'a=1&b=2' }));
push @out, build_record(FCGI_GET_VALUES, 0, build_params({ FCGI_MAX_CONNS => '', FCGI_MAX_REQS => '', FCGI_MPXS_CONNS => '' }));
push @out, build_record(FCGI_GET_VALUES, 0, '');
push @out, build_record(FCGI_GET_VALUES_RESULT, 0, build_params({ FCGI_MPXS_CONNS => '0' }));
push @out, build_unknown_type_record($_) for (0, 12, 99, 255);
# Malformed bodies: wrong request ids, wrong lengths, bad pairs.
push @out, build_record(FCGI_BEGIN_REQUEST, 0, build_begin_request_body(1, 0));
push @out, build_record(FCGI_BEGIN_REQUEST, 1, "\0\1\0");
push @out, build_record(FCGI_ABORT_REQUEST, 1, 'x');
push @out, build_record(FCGI_ABORT_REQUEST, 0, '');
push @out, build_record(FCGI_END_REQUEST, 1, "\0\0\0\0\0");
push @out, build_record(FCGI_END_REQUEST, 0, build_end_request_body(0, 0));
push @out, build_record(FCGI_STDOUT, 0, 'id zero');
push @out, build_record(FCGI_GET_VALUES, 5, '');
push @out, build_record(FCGI_GET_VALUES, 0, "\x05\x05abc");
push @out, build_record(FCGI_GET_VALUES_RESULT, 0, "\x80\x00\x00");
push @out, build_record(FCGI_UNKNOWN_TYPE, 1, "\x63" . "\0" x 7);
push @out, build_record(FCGI_UNKNOWN_TYPE, 0, "\x63");
for my $type (0, 12, 13, 100, 200, 255) {
    push @out, build_record($type, int rand 65536, rnd_text(int rand 90));
}
# Padding other than Net::FastCGI's own: 0 and 255 octets, reserved set.
push @out, pack('CCnnCC', 1, FCGI_STDOUT, 1, 3, 0, 0) . 'abc';
push @out, pack('CCnnCC', 1, FCGI_STDOUT, 1, 3, 255, 7) . 'abc' . ("\0" x 255);
# A few random records of any type and length.
for (1 .. 40) {
    my $type = int rand 256;
    my $id = int rand 65536;
    push @out, build_record($type, $id, rnd_bytes(int rand 200));
}
print @out;
