# SPDX-License-Identifier: MIT
# FcgiCapture - writes small pcap files of TCP conversations for the plugin
# tests: Ethernet + IPv4 + TCP with consistent sequence numbers, so
# tshark's TCP reassembly treats them like real traffic.
package FcgiCapture;
use strict;
use warnings;

sub new {
    my ($class) = @_;
    return bless { packets => [], time => 1_700_000_000.0 }, $class;
}

# connect(cport => N, sport => N, handshake => 0|1): a conversation between
# 127.0.0.1:cport (client) and 127.0.0.2:sport (server).
sub connect {
    my ($self, %o) = @_;
    my $conn = bless {
        cap => $self,
        cport => $o{cport} // 40000 + int(rand(20000)),
        sport => $o{sport} // 9000,
        cseq => 1000, sseq => 5000,
    }, 'FcgiCapture::Conn';
    if ($o{handshake} // 1) {
        $conn->_segment('c', 0x02, '');
        $conn->{cseq}++;
        $conn->_segment('s', 0x12, '');
        $conn->{sseq}++;
        $conn->_segment('c', 0x10, '');
    }
    return $conn;
}

sub _add {
    my ($self, $frame) = @_;
    $self->{time} += 0.001;
    push @{ $self->{packets} }, [ $self->{time}, $frame ];
}

# Sets the clock forward (seconds), e.g. to give a request a response time.
sub sleep { my ($self, $s) = @_; $self->{time} += $s; }

sub write {
    my ($self, $file) = @_;
    open my $fh, '>:raw', $file or die "$file: $!";
    print $fh pack('VvvVVVV', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1);
    for my $p (@{ $self->{packets} }) {
        my ($t, $frame) = @$p;
        my $sec = int($t);
        my $usec = int(($t - $sec) * 1e6 + 0.5);
        print $fh pack('VVVV', $sec, $usec, length $frame, length $frame), $frame;
    }
    close $fh;
    chmod 0644, $file;
}

package FcgiCapture::Conn;

sub _ip_checksum {
    my ($hdr) = @_;
    my $sum = 0;
    $sum += $_ for unpack('n*', $hdr);
    $sum = ($sum & 0xffff) + ($sum >> 16) while $sum >> 16;
    return ~$sum & 0xffff;
}

sub _segment {
    my ($self, $dir, $flags, $payload) = @_;
    my ($src, $dst, $sp, $dp, $seq, $ack) = $dir eq 'c'
        ? ("\x7f\0\0\x01", "\x7f\0\0\x02", $self->{cport}, $self->{sport}, $self->{cseq}, $self->{sseq})
        : ("\x7f\0\0\x02", "\x7f\0\0\x01", $self->{sport}, $self->{cport}, $self->{sseq}, $self->{cseq});
    $ack = 0 if $flags == 0x02;
    my $tcp = pack('nnNNCCnnn', $sp, $dp, $seq, $ack, 5 << 4, $flags, 65535, 0, 0);
    my $ip = pack('CCnnnCCna4a4', 0x45, 0, 20 + length($tcp) + length($payload), 1, 0x4000, 64,
                  6, 0, $src, $dst);
    substr($ip, 10, 2) = pack('n', _ip_checksum($ip));
    my $eth = "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00";
    $self->{cap}->_add($eth . $ip . $tcp . $payload);
}

# send($dir, $bytes, seg => N): the octets in segments of at most N (default
# 1400) octets; seg => [a, b, ...] gives the segment sizes explicitly.
sub send {
    my ($self, $dir, $bytes, %o) = @_;
    my $seg = $o{seg} // 1400;
    my @sizes = ref $seg ? @$seg : ();
    my $key = $dir eq 'c' ? 'cseq' : 'sseq';
    while (length $bytes) {
        my $n = @sizes ? shift @sizes : $seg;
        $n = length $bytes if $n > length $bytes;
        my $chunk = substr($bytes, 0, $n, '');
        $self->_segment($dir, 0x18, $chunk);
        $self->{$key} = ($self->{$key} + length $chunk) % 2**32;
    }
}

sub close {
    my ($self) = @_;
    $self->_segment('c', 0x11, '');
    $self->{cseq}++;
    $self->_segment('s', 0x11, '');
    $self->{sseq}++;
    $self->_segment('c', 0x10, '');
}

1;
