#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# hostile-peer.pl - the far side of the client and proxy memory tests.
# Serves (or, as "slow-client", makes) exactly one FastCGI connection on
# 127.0.0.1, then exits; an alarm bounds every run.
#
#   hostile-peer.pl stdout PORTFILE MIB      server: answers one request with
#       a CGI header block and MIB MiB of STDOUT in 65535-octet records,
#       then END_REQUEST (a response "that never ends" as far as any buffer
#       is concerned).
#   hostile-peer.pl values PORTFILE MIB      server: answers GET_VALUES with a
#       GET_VALUES_RESULT whose first pair declares a 2^31-1 octet name, then
#       keeps sending GET_VALUES_RESULT records of filler, MIB MiB in all,
#       until the client hangs up.
#   hostile-peer.pl sink PORTFILE MIB        server: reads a request whose
#       STDIN it discards, then sends MIB MiB of STDOUT and END_REQUEST.
#   hostile-peer.pl slow-client PORT MIB     client: sends a request with MIB
#       MiB of STDIN, then reads the response 16 KiB at a time with a pause
#       after each read; prints the STDOUT octets received.
#
# A server binds port 0 and writes the port it got to PORTFILE.
use strict;
use warnings;
use IO::Socket::INET;
use Time::HiRes qw(usleep);

my ($mode, $where, $mib) = @ARGV;
die "usage: $0 stdout|values|sink|slow-client PORTFILE|PORT MIB\n" unless $mode && $where && $mib;
alarm 600;
$SIG{PIPE} = 'IGNORE';

my $filler = join('', map { chr(ord('a') + $_ % 26) } 0 .. 65534);

sub record {
    my ($type, $id, $content) = @_;
    my $pad = (8 - length($content) % 8) % 8;
    return pack('CCnnCC', 1, $type, $id, length $content, $pad, 0) . $content . ("\0" x $pad);
}

sub write_all {
    my ($s, $buf) = @_;
    while (length $buf) {
        my $n = syswrite($s, $buf);
        return 0 unless defined $n && $n > 0;
        substr($buf, 0, $n, '');
    }
    return 1;
}

sub read_exact {
    my ($s, $n) = @_;
    my $buf = '';
    while (length $buf < $n) {
        my $got = sysread($s, $buf, $n - length $buf, length $buf);
        return undef unless $got;
    }
    return $buf;
}

# One record: (type, id, content) or () at end of input.
sub read_record {
    my ($s) = @_;
    my $h = read_exact($s, 8) // return ();
    my ($v, $type, $id, $clen, $plen) = unpack('CCnnC', $h);
    my $body = read_exact($s, $clen + $plen) // return ();
    return ($type, $id, substr($body, 0, $clen));
}

# Reads records until the empty STDIN record (or the end): the request id.
sub read_request {
    my ($s) = @_;
    my $id = 1;
    while (my ($type, $rid, $content) = read_record($s)) {
        $id = $rid;
        return $id if $type == 5 && $content eq '';
    }
    return $id;
}

# STDOUT of $total octets in full records, then END_REQUEST.
sub send_stdout {
    my ($s, $id, $total) = @_;
    write_all($s, record(6, $id, "Content-Type: application/octet-stream\r\n\r\n")) or return;
    while ($total > 0) {
        my $n = $total > 65535 ? 65535 : $total;
        write_all($s, record(6, $id, substr($filler, 0, $n))) or return;
        $total -= $n;
    }
    write_all($s, record(6, $id, '') . record(3, $id, pack('NCx3', 0, 0)));
}

my $total = $mib * 1024 * 1024;

if ($mode eq 'slow-client') {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $where, Proto => 'tcp')
        or die "connect: $!\n";
    my $params = pack('CC', 14, 4) . 'REQUEST_METHODPOST' . pack('CC', 15, 12) . 'SCRIPT_FILENAME/srv/sink.php';
    write_all($s, record(1, 1, pack('nCx5', 1, 0)) . record(4, 1, $params) . record(4, 1, ''));
    my $left = $total;
    while ($left > 0) {
        my $n = $left > 65535 ? 65535 : $left;
        write_all($s, record(5, 1, substr($filler, 0, $n))) or die "write: $!\n";
        $left -= $n;
    }
    write_all($s, record(5, 1, ''));
    my ($got, $buf, $pending) = (0, '', '');
    # Parse records out of 16 KiB reads, pausing after each read.
    while (sysread($s, $buf, 16384)) {
        $pending .= $buf;
        while (length $pending >= 8) {
            my ($v, $type, $id, $clen, $plen) = unpack('CCnnC', $pending);
            last if length $pending < 8 + $clen + $plen;
            $got += $clen if $type == 6;
            substr($pending, 0, 8 + $clen + $plen, '');
        }
        usleep(200);
    }
    print "$got\n";
    exit 0;
}

my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 4, ReuseAddr => 1,
                              Proto => 'tcp') or die "listen: $!\n";
open my $pf, '>', "$where.tmp" or die "$where: $!\n";
print $pf $l->sockport, "\n";
close $pf;
rename "$where.tmp", $where;
my $s = $l->accept or die "accept: $!\n";

if ($mode eq 'stdout' || $mode eq 'sink') {
    my $id = read_request($s);
    send_stdout($s, $id, $total);
} elsif ($mode eq 'values') {
    read_record($s); # the GET_VALUES
    # A GET_VALUES_RESULT whose pair claims a 2^31-1 octet name and 1-octet value.
    my $first = pack('NC', 0x80000000 | 0x7fffffff, 1);
    my $left = $total;
    write_all($s, record(10, 0, $first . substr($filler, 0, 65535 - length $first))) or $left = 0;
    while ($left > 0) {
        write_all($s, record(10, 0, $filler)) or last;
        $left -= 65535;
    }
} else {
    die "unknown mode $mode\n";
}
close $s;
