#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# client_relay.pl PORT UPSTREAM OUT - relays one connection accepted on
# 127.0.0.1:PORT to UPSTREAM (host:port or a Unix socket path) and saves
# what each side sent, raw, in OUT.c2s and OUT.s2c.  Exits after the
# connection ends (or after 60 s).  Used to capture real FastCGI streams.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Socket::UNIX;
use IO::Select;

my ($port, $upstream, $out) = @ARGV;
my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 1, ReuseAddr => 1)
  or die "listen: $!";
# Tell the test the port is open.
open my $ready, '>', "$out.ready" or die;
close $ready;
alarm 60;
my $c = $l->accept or die "accept: $!";
my $u = $upstream =~ m{^/}
  ? IO::Socket::UNIX->new(Peer => $upstream)
  : IO::Socket::INET->new(PeerAddr => $upstream);
die "upstream: $!" unless $u;
open my $c2s, '>:raw', "$out.c2s" or die;
open my $s2c, '>:raw', "$out.s2c" or die;
my %to = (fileno($c) => [$u, $c2s], fileno($u) => [$c, $s2c]);
my $sel = IO::Select->new($c, $u);
while ($sel->count) {
    for my $h ($sel->can_read) {
        my $buf;
        my $n = sysread($h, $buf, 65536);
        my ($peer, $log) = @{ $to{fileno $h} };
        if (!$n) {
            $sel->remove($h);
            shutdown($peer, 1);
            next;
        }
        print $log $buf;
        syswrite($peer, $buf);
    }
}
close $c2s;
close $s2c;
