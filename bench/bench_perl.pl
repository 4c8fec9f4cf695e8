#!/usr/bin/perl
# SPDX-License-Identifier: MIT
#
# bench_perl.pl DIR [ROUNDS] - the operations of bench_codec, through Perl's
# Net::FastCGI::Protocol, on the inputs `bench_codec --write-inputs DIR`
# wrote.  Prints "key<TAB>nanoseconds" lines, per message for the parse rows
# and per call otherwise, the same units bench_codec reports, so that
# `bench_codec --perl FILE` can print the speed-up.  Each figure is the
# median of ROUNDS (default 5) timed batches of at least 50 ms.
use strict;
use warnings;

use Net::FastCGI::Constant qw[:type :role FCGI_KEEP_CONN];
use Net::FastCGI::Protocol qw[
    build_begin_request build_params build_stream dump_record
    get_record_length parse_params parse_record
];
use Time::HiRes qw[clock_gettime CLOCK_MONOTONIC];

my $dir = shift @ARGV or die "usage: $0 DIR [ROUNDS]\n";
my $rounds = shift @ARGV || 5;
my $NMSG = 64;     # requests in typical_stream.bin, as in bench_codec
my $PIECE = 1460;

sub slurp {
    my ($name) = @_;
    open my $fh, '<:raw', "$dir/$name" or die "$dir/$name: $!\n";
    local $/;
    my $octets = <$fh>;
    return $octets;
}

# What a Perl program that speaks FastCGI does with a buffer: cut off each
# complete record, parse it, collect PARAMS content and decode it when the
# empty PARAMS record arrives.  Returns (records, pairs) for the checks.
sub parse_buffer {
    my ($buf, $state) = @_;
    while (length $$buf >= 8) {
        my $len = get_record_length($$buf);
        last if length $$buf < $len;
        my $rec = parse_record(substr($$buf, 0, $len, ''));
        $state->{records}++;
        next unless $rec->{type} == FCGI_PARAMS;
        if (length $rec->{content}) {
            $state->{params} .= $rec->{content};
        } else {
            my $params = parse_params($state->{params});
            $state->{pairs} += keys %$params;
            $state->{params} = '';
        }
    }
}

sub parse_whole {
    my ($octets) = @_;
    my %state = (records => 0, pairs => 0, params => '');
    parse_buffer(\$octets, \%state);
    return \%state;
}

sub parse_pieces {
    my ($octets) = @_;
    my %state = (records => 0, pairs => 0, params => '');
    my $buf = '';
    for (my $off = 0; $off < length $octets; $off += $PIECE) {
        $buf .= substr($octets, $off, $PIECE);
        parse_buffer(\$buf, \%state);
    }
    return \%state;
}

sub frame {
    my ($octets) = @_;
    my ($records, $content) = (0, 0);
    while (length $octets >= 8) {
        my $len = get_record_length($octets);
        my $rec = parse_record(substr($octets, 0, $len, ''));
        $records++;
        $content += length $rec->{content};
    }
    return ($records, $content);
}

# Median ns per call of $code, over $rounds batches of >= 50 ms each.
sub time_it {
    my ($code) = @_;
    my $iters = 1;
    for (;;) {
        my $t0 = clock_gettime(CLOCK_MONOTONIC);
        $code->() for 1 .. $iters;
        my $t = clock_gettime(CLOCK_MONOTONIC) - $t0;
        last if $t >= 0.05;
        $iters = $t > 0.005 ? int($iters * 0.05 / $t) + 1 : $iters * 2;
    }
    my @per;
    for (1 .. $rounds) {
        my $t0 = clock_gettime(CLOCK_MONOTONIC);
        $code->() for 1 .. $iters;
        push @per, (clock_gettime(CLOCK_MONOTONIC) - $t0) * 1e9 / $iters;
    }
    @per = sort { $a <=> $b } @per;
    return $per[$#per / 2];
}

my $typical = slurp('typical.bin');
my $stream = slurp('typical_stream.bin');
my $content = slurp('content.bin');

# The pairs to build, decoded from the typical request's PARAMS record.
my $rest = substr($typical, get_record_length($typical));
my $params = parse_params(parse_record($rest)->{content});
my $npairs = keys %$params;

# Check that Perl sees the inputs as bench_codec does.
for my $r (parse_whole($stream), parse_pieces($stream)) {
    die "perl parse: $r->{records} records, $r->{pairs} pairs\n"
      unless $r->{records} == 4 * $NMSG && $r->{pairs} == $npairs * $NMSG;
}

my @rows;
push @rows, ['parse.whole', time_it(sub { parse_whole($stream) }) / $NMSG];
push @rows, ['parse.1460', time_it(sub { parse_pieces($stream) }) / $NMSG];
for my $n (32760, 65535, 8) {
    my $s = slurp("stream_$n.bin");
    my ($records, $octets) = frame($s);
    die "perl frame $n: $octets content octets\n" unless $octets == length $content;
    push @rows, ["frame.$n", time_it(sub { frame($s) })];
}
push @rows, ['build.begin_request',
             time_it(sub { build_begin_request(1, FCGI_RESPONDER, FCGI_KEEP_CONN, $params, '') })];
push @rows, ['build.params', time_it(sub { build_params($params) })];
push @rows, ['build.stream', time_it(sub { build_stream(FCGI_STDOUT, 1, $content, 1) })];
for my $kind (qw[begin params stdout end]) {
    my $rec = slurp("dump_$kind.bin");
    push @rows, ["dump.$kind", time_it(sub { dump_record($rec) })];
}
printf "%s\t%.1f\n", @$_ for @rows;
