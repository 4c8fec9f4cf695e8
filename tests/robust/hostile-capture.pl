#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# hostile-capture.pl - writes the hostile FastCGI captures of the bounded
# memory tests straight to a pcap file, packet by packet, so a capture of
# hundreds of megabytes never sits in memory (FcgiCapture keeps every
# packet until write(); fine for the plugin's small crafted captures, not
# for these).
#
#   hostile-capture.pl CASE OUT.pcap [SIZE]
#
#   huge-pair   BEGIN_REQUEST, then a PARAMS stream whose first pair claims
#               a name of 2^31-1 octets, followed by SIZE MiB of name octets
#               (default 300) in full PARAMS records, then the empty PARAMS
#               record (the stream ends inside the pair).
#   stdout      a request whose STDOUT never ends: SIZE MiB (default 300) of
#               response in 65535-octet records, no empty STDOUT record and
#               no END_REQUEST.
#   open-ids    SIZE request ids (default 50000) opened with BEGIN_REQUEST
#               and a PARAMS record that leaves a pair half done (so the
#               pair decoder holds state), never closed; 60000 ids per
#               connection, as many connections as needed.
#   reused-id   SIZE BEGIN_REQUESTs (default 50000) all for request id 1 on
#               one connection, each followed by a PARAMS record that leaves
#               a pair half done: every BEGIN replaces an unfinished request.
#   tiny-pairs  one request whose PARAMS stream holds SIZE (default 1000000)
#               pairs of a 1-octet name and a 1-octet value, in full
#               records (so pairs straddle record boundaries), then ended.
#
# Frames are Ethernet + IPv4 + TCP, client 127.0.0.1 -> server 127.0.0.2:9000,
# sequence numbers consistent so tshark reassembles like real traffic.
use strict;
use warnings;

my ($case, $out, $size) = @ARGV;
die "usage: $0 huge-pair|stdout|open-ids|reused-id|tiny-pairs OUT.pcap [SIZE]\n" unless $case && $out;

open my $fh, '>:raw', $out or die "$out: $!\n";
print $fh pack('VvvVVVV', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1);

my $clock = 1_700_000_000 * 1_000_000; # microseconds
my $SEG = 16384;                       # TCP payload per frame

sub frame {
    my ($bytes) = @_;
    $clock += 10;
    print $fh pack('VVVV', int($clock / 1_000_000), $clock % 1_000_000, length $bytes, length $bytes),
        $bytes;
}

sub checksum {
    my $sum = 0;
    $sum += $_ for unpack('n*', $_[0]);
    $sum = ($sum & 0xffff) + ($sum >> 16) while $sum >> 16;
    return ~$sum & 0xffff;
}

# A connection: [client port, client seq, server seq].
sub conn_open {
    my ($cport) = @_;
    my $c = { cport => $cport, c => 1000, s => 5000 };
    segment($c, 'c', 0x02, '');
    $c->{c}++;
    segment($c, 's', 0x12, '');
    $c->{s}++;
    segment($c, 'c', 0x10, '');
    return $c;
}

sub segment {
    my ($c, $dir, $flags, $payload) = @_;
    my ($src, $dst, $sp, $dp, $seq, $ack) = $dir eq 'c'
        ? ("\x7f\0\0\x01", "\x7f\0\0\x02", $c->{cport}, 9000, $c->{c}, $c->{s})
        : ("\x7f\0\0\x02", "\x7f\0\0\x01", 9000, $c->{cport}, $c->{s}, $c->{c});
    $ack = 0 if $flags == 0x02;
    my $tcp = pack('nnNNCCnnn', $sp, $dp, $seq, $ack, 5 << 4, $flags, 65535, 0, 0);
    my $ip = pack('CCnnnCCna4a4', 0x45, 0, 20 + 20 + length($payload), 1, 0x4000, 64, 6, 0, $src, $dst);
    substr($ip, 10, 2) = pack('n', checksum($ip));
    frame("\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00" . $ip . $tcp . $payload);
}

# Octets from one side, in segments of at most $SEG.
sub send_bytes {
    my ($c, $dir, $bytes) = @_;
    for (my $off = 0; $off < length $bytes; $off += $SEG) {
        my $chunk = substr($bytes, $off, $SEG);
        segment($c, $dir, 0x18, $chunk);
        $c->{$dir} = ($c->{$dir} + length $chunk) % 2**32;
    }
}

sub record {
    my ($type, $id, $content) = @_;
    my $pad = (8 - length($content) % 8) % 8;
    return pack('CCnnCC', 1, $type, $id, length $content, $pad, 0) . $content . ("\0" x $pad);
}

sub begin { my ($id) = @_; record(1, $id, pack('nCx5', 1, 0)) }   # RESPONDER, no keep-conn

# A stream of $total octets from $dir in full records, each record's content
# produced by $fill->(length).  Records are written as they are made.
sub stream_records {
    my ($c, $dir, $type, $id, $total, $fill) = @_;
    my $buf = '';
    while ($total > 0) {
        my $n = $total > 65535 ? 65535 : $total;
        $buf .= record($type, $id, $fill->($n));
        $total -= $n;
        if (length $buf >= 4 * $SEG) {
            my $whole = length($buf) - length($buf) % $SEG;
            send_bytes($c, $dir, substr($buf, 0, $whole, ''));
        }
    }
    send_bytes($c, $dir, $buf);
}

my $MiB = 1024 * 1024;
my $filler = join('', map { chr(ord('a') + $_ % 26) } 0 .. 65535);

if ($case eq 'huge-pair') {
    my $mib = $size // 300;
    my $c = conn_open(40001);
    # Name length 2^31 - 1 (four octets, top bit set), value length 1.
    my $first = pack('NC', 0x80000000 | 0x7fffffff, 1);
    send_bytes($c, 'c', begin(1) . record(4, 1, $first . substr($filler, 0, 65535 - 5)));
    stream_records($c, 'c', 4, 1, $mib * $MiB, sub { substr($filler, 0, $_[0]) });
    send_bytes($c, 'c', record(4, 1, ''));
} elsif ($case eq 'stdout') {
    my $mib = $size // 300;
    my $c = conn_open(40002);
    my $params = pack('CC', 14, 3) . 'REQUEST_METHODGET' . pack('CC', 11, 9) . 'REQUEST_URI/endless/';
    send_bytes($c, 'c', begin(1) . record(4, 1, $params) . record(4, 1, '') . record(5, 1, ''));
    my $head = "Content-Type: text/plain\r\n\r\n";
    send_bytes($c, 's', record(6, 1, $head));
    stream_records($c, 's', 6, 1, $mib * $MiB, sub { substr($filler, 0, $_[0]) });
} elsif ($case eq 'open-ids') {
    my $ids = $size // 50000;
    my $port = 41000;
    while ($ids > 0) {
        my $n = $ids > 60000 ? 60000 : $ids;
        my $c = conn_open($port++);
        my $buf = '';
        for my $id (1 .. $n) {
            # A pair announcing a 300-octet name, of which 16 arrive.
            $buf .= begin($id) . record(4, $id, pack('NC', 0x80000000 | 300, 1) . ('x' x 16));
            if (length $buf >= 4 * $SEG) {
                my $whole = length($buf) - length($buf) % $SEG;
                send_bytes($c, 'c', substr($buf, 0, $whole, ''));
            }
        }
        send_bytes($c, 'c', $buf);
        $ids -= $n;
    }
} elsif ($case eq 'reused-id') {
    my $n = $size // 50000;
    my $c = conn_open(40005);
    my $buf = '';
    for (1 .. $n) {
        $buf .= begin(1) . record(4, 1, pack('NC', 0x80000000 | 300, 1) . ('x' x 16));
        if (length $buf >= 4 * $SEG) {
            my $whole = length($buf) - length($buf) % $SEG;
            send_bytes($c, 'c', substr($buf, 0, $whole, ''));
        }
    }
    send_bytes($c, 'c', $buf);
} elsif ($case eq 'tiny-pairs') {
    my $pairs = $size // 1_000_000;
    my $c = conn_open(40004);
    send_bytes($c, 'c', begin(1));
    # "\x01\x01" name value: 4 octets a pair; 65535 is not a multiple of 4,
    # so records cut pairs in every possible place.
    my $pattern = "\x01\x01ab" x 16384;
    my $total = $pairs * 4;
    my $pos = 0;
    stream_records($c, 'c', 4, 1, $total, sub {
        my ($n) = @_;
        my $s = '';
        while (length $s < $n) {
            my $take = $n - length $s;
            my $from = $pos % 4;
            $take = length($pattern) - $from if $take > length($pattern) - $from;
            $s .= substr($pattern, $from, $take);
            $pos += $take;
        }
        return $s;
    });
    send_bytes($c, 'c', record(4, 1, '') . record(5, 1, ''));
} else {
    die "unknown case $case\n";
}
close $fh or die "$out: $!\n";
chmod 0644, $out;
