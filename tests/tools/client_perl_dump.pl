#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# client_perl_dump.pl FILE - the reference for `fcgi dump`: one line per
# complete record of FILE, as Net::FastCGI::Protocol::dump_record() prints
# it; stops at a truncated record.  With --boundaries, prints instead the
# offset where each complete record ends.
use strict;
use warnings;
use Net::FastCGI::Protocol qw(dump_record get_record_length);

my $bounds = @ARGV && $ARGV[0] eq '--boundaries' ? shift : 0;
local $/;
open my $f, '<:raw', $ARGV[0] or die "$ARGV[0]: $!";
my $s = <$f>;
my $off = 0;
while (length($s) - $off >= 8) {
    my $n = get_record_length(substr($s, $off, 8));
    last if $off + $n > length $s;
    if ($bounds) { print $off + $n, "\n" }
    else { print dump_record(substr($s, $off, $n)), "\n" }
    $off += $n;
}
