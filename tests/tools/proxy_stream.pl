#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# proxy_stream.pl - reads `tshark -q -z follow,tcp,raw,N` on stdin and
# writes one direction of the reassembled TCP stream, with Net::FastCGI
# (an implementation independent of the codec) as the record reader:
#
#   proxy_stream.pl raw NODE         the octets node 0 (client) or 1 sent
#   proxy_stream.pl types NODE       one record type name per line
#   proxy_stream.pl content NODE T   concatenated content of records of
#                                    type T (e.g. FCGI_STDOUT)
#   proxy_stream.pl params NODE      the PARAMS stream as NAME=VALUE lines
# Exits 1 when the direction does not split into whole FastCGI records.
use strict;
use warnings;
use Net::FastCGI::Constant qw(:type);
use Net::FastCGI::Protocol qw(get_record_length parse_record get_type_name parse_params);

my ($what, $node, $type) = @ARGV;
die "usage: proxy_stream.pl raw|types|content|params NODE [TYPE]\n" unless defined $node;

my @data = ('', '');
my $in_body = 0;
while (my $line = <STDIN>) {
    chomp $line;
    if ($line =~ /^=+$/) { $in_body = 0; next }
    if ($line =~ /^Node 1:/) { $in_body = 1; next }
    next unless $in_body;
    next if $line eq '';
    # Follow's raw format: hex of node 0's octets, node 1's indented by a tab.
    my $from = $line =~ s/^\t// ? 1 : 0;
    $data[$from] .= pack('H*', $line);
}
my $octets = $data[$node];
if ($what eq 'raw') {
    binmode STDOUT;
    print $octets;
    exit 0;
}

my (@records);
while (length $octets) {
    my $len = get_record_length($octets);
    if (!$len || $len > length $octets) {
        print STDERR "proxy_stream.pl: not whole FastCGI records (", length $octets,
          " octets left)\n";
        exit 1;
    }
    # In list context parse_record gives (type, request id, content).
    push @records, [parse_record(substr($octets, 0, $len, ''))];
}
binmode STDOUT;
if ($what eq 'types') {
    print get_type_name($_->[0]), "\n" for @records;
} elsif ($what eq 'content') {
    my $code = Net::FastCGI::Constant->can($type) or die "unknown type $type\n";
    for my $r (@records) {
        print $r->[2] if $r->[0] == $code->();
    }
} elsif ($what eq 'params') {
    my $stream = '';
    for my $r (@records) {
        $stream .= $r->[2] if $r->[0] == FCGI_PARAMS;
    }
    my $p = parse_params($stream);
    print "$_=$p->{$_}\n" for sort keys %$p;
} else {
    die "unknown request $what\n";
}
