#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# proxy_peer.pl - the two ends test_proxy.sh puts around `fcgi proxy` when
# it needs exact control over the octets (malformed traffic, idle peers).
#
#   proxy_peer.pl serve PORTFILE RECVFILE REPLYFILE
#       Listens on 127.0.0.1 (a free port, written to PORTFILE), accepts one
#       connection at a time, reads until the peer half-closes, saves what
#       arrived to RECVFILE, replies with the octets of REPLYFILE, closes.
#   proxy_peer.pl client HOST:PORT|/unix/path SENDFILE RECVFILE [WAIT [READ_DELAY]]
#       Connects, optionally waits WAIT seconds, sends SENDFILE, half-closes,
#       optionally waits READ_DELAY seconds (a slow reader), reads until the
#       end of the stream into RECVFILE.  Prints "eof after N s" on stdout.
#       Exits 1 on a connection error.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Socket::UNIX;
use Socket qw(SHUT_WR);
use Time::HiRes qw(time sleep);

sub slurp { my ($f) = @_; open my $fh, '<:raw', $f or die "$f: $!"; local $/; my $d = <$fh>; $d //= ''; return $d }
sub spit  { my ($f, $d) = @_; open my $fh, '>:raw', $f or die "$f: $!"; print $fh $d; close $fh }

my $mode = shift // die "usage: proxy_peer.pl serve|client ...\n";
if ($mode eq 'serve') {
    my ($portfile, $recvfile, $replyfile) = @ARGV;
    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 16,
                                  ReuseAddr => 1) or die "listen: $!";
    spit("$portfile.tmp", $l->sockport . "\n");
    rename "$portfile.tmp", $portfile;
    alarm 120;
    $SIG{PIPE} = 'IGNORE';
    while (my $c = $l->accept) {
        binmode $c;
        my $got = '';
        while (1) {
            my $n = sysread($c, my $buf, 65536);
            last if !defined $n || $n == 0;
            $got .= $buf;
        }
        spit($recvfile, $got);
        my $reply = slurp($replyfile);
        syswrite($c, $reply) if length $reply;
        close $c;
    }
} elsif ($mode eq 'client') {
    my ($addr, $sendfile, $recvfile, $wait, $read_delay) = @ARGV;
    my $s = $addr =~ m{^(?:unix:)?(/.*)}
        ? IO::Socket::UNIX->new(Peer => $1, Type => SOCK_STREAM)
        : IO::Socket::INET->new(PeerAddr => $addr, Timeout => 5);
    $s or do { print "connect: $!\n"; exit 1 };
    binmode $s;
    alarm 60;
    my $t0 = time;
    sleep $wait if $wait;
    my $data = slurp($sendfile);
    # The proxy may already have closed an idle connection: keep going
    # and report what was read.
    local $SIG{PIPE} = 'IGNORE';
    syswrite($s, $data) if length $data;
    shutdown($s, SHUT_WR);
    sleep $read_delay if $read_delay;
    my $got = '';
    while (1) {
        my $n = sysread($s, my $buf, 65536);
        last if !defined $n || $n == 0;
        $got .= $buf;
    }
    spit($recvfile, $got);
    printf "eof after %.1f s\n", time - $t0;
} else {
    die "unknown mode $mode\n";
}
