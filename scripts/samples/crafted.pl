#!/usr/bin/perl
# SPDX-License-Identifier: MIT
#
# crafted.pl CASE PORT - plays both ends of one malformed FastCGI
# conversation over a real loopback TCP connection on 127.0.0.1:PORT, for
# scripts/make-samples to capture.  A forked "application" accepts one
# connection, reads until the "web server" half-closes, then sends its own
# (possibly malformed) reply; the web-server side sends the case's records
# one write each.  `crafted.pl list` prints the cases.
#
# Records are built by hand with pack() so that any field can be wrong;
# well-formed parts use Net::FastCGI::Protocol.
use strict;
use warnings;
use IO::Socket::INET;
use POSIX ();
use Net::FastCGI::Constant qw[:all];
use Net::FastCGI::Protocol qw[:all];

# rec(type, id, content, version => v, reserved => r, padding => octets,
#     content_length => n): one record, any field overridable.
sub rec {
    my ($type, $id, $content, %o) = @_;
    $content //= '';
    my $clen = $o{content_length} // length $content;
    my $pad = $o{padding} // "\0" x ((8 - length($content) % 8) % 8);
    return pack('CCnnCC', $o{version} // FCGI_VERSION_1, $type, $id, $clen, length $pad,
                $o{reserved} // 0) . $content . $pad;
}

# Deterministic noise: the same octets on every run.
sub random_octets {
    my ($n, $seed) = @_;
    srand($seed);
    return join '', map { chr int rand 256 } 1 .. $n;
}

sub pair { my ($n, $v) = @_; return build_params({ $n => $v }) }

my $params = pair(REQUEST_METHOD => 'GET') . pair(SCRIPT_NAME => '/crafted')
           . pair(QUERY_STRING => 'case=1');
my @request = (build_begin_request_record(1, FCGI_RESPONDER, 0),
               build_record(FCGI_PARAMS, 1, $params), build_record(FCGI_PARAMS, 1, ''),
               build_record(FCGI_STDIN, 1, ''));
my $ok_reply = build_end_request(1, 0, FCGI_REQUEST_COMPLETE,
    "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\ncrafted\n");

# name => [description, [web-server parts], application reply]
my %cases = (
    'version-2' => ['a PARAMS record with protocol version 2 in the middle of a request',
        [$request[0], rec(FCGI_PARAMS, 1, $params, version => 2), @request[2, 3]], $ok_reply],
    'bad-body-length' => ['BEGIN_REQUEST with a 5-octet body, ABORT_REQUEST with content, '
            . 'END_REQUEST with a 4-octet body',
        [rec(FCGI_BEGIN_REQUEST, 1, "\0\1\0\0\0"), rec(FCGI_ABORT_REQUEST, 1, 'why')],
        rec(FCGI_END_REQUEST, 1, "\0\0\0\0")],
    'management-nonzero-id' => ['GET_VALUES with request id 3; UNKNOWN_TYPE reply with id 3',
        [rec(FCGI_GET_VALUES, 3, pair(FCGI_MPXS_CONNS, ''))],
        rec(FCGI_UNKNOWN_TYPE, 3, "\x2A" . "\0" x 7)],
    'application-id-zero' => ['BEGIN_REQUEST, PARAMS and STDIN with request id 0',
        [rec(FCGI_BEGIN_REQUEST, 0, "\0\1\0\0\0\0\0\0"), rec(FCGI_PARAMS, 0, $params),
         rec(FCGI_PARAMS, 0, ''), rec(FCGI_STDIN, 0, '')],
        rec(FCGI_END_REQUEST, 0, "\0\0\0\0\0\0\0\0")],
    'truncated-pair' => ['PARAMS stream ending inside a pair: value length 50, 20 octets sent',
        [$request[0], build_record(FCGI_PARAMS, 1, $params . "\x04\x32TEST" . ('x' x 16)),
         @request[2, 3]], $ok_reply],
    'huge-nv-length' => ['PARAMS pair declaring a 2147483647-octet name (2 GiB), then the stream ends',
        [$request[0], build_record(FCGI_PARAMS, 1, $params . "\xFF\xFF\xFF\xFF\x01" . 'HUGE'),
         @request[2, 3]], $ok_reply],
    'nonzero-padding-reserved' => ['records with reserved octet 0x5A and non-zero padding octets',
        [$request[0], rec(FCGI_PARAMS, 1, $params, reserved => 0x5A,
                          padding => "\xAA" x ((8 - length($params) % 8) % 8 || 8)),
         @request[2, 3]],
        rec(FCGI_STDOUT, 1, "Status: 204 No Content\r\n\r\n", padding => "\xFF\xFF\xFF\xFF\xFF\xFF")
            . rec(FCGI_STDOUT, 1, '') . build_end_request_record(1, 0, 0)],
    'data-after-stream-end' => ['STDIN data after the empty STDIN record; STDOUT data after the empty STDOUT',
        [@request, build_record(FCGI_STDIN, 1, 'late')],
        build_record(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\nok\n")
            . build_record(FCGI_STDOUT, 1, '') . build_record(FCGI_STDOUT, 1, 'too late')
            . build_end_request_record(1, 0, 0)],
    'stream-not-terminated' => ['END_REQUEST while STDOUT and STDERR are still open (no empty records)',
        [@request],
        build_record(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\npartial")
            . build_record(FCGI_STDERR, 1, "something went wrong\n")
            . build_end_request_record(1, 255, FCGI_REQUEST_COMPLETE)],
    'never-begun-id' => ['PARAMS and STDIN for id 7, which no BEGIN_REQUEST began; STDOUT and END_REQUEST for id 9',
        [@request, build_record(FCGI_PARAMS, 7, $params), build_record(FCGI_STDIN, 7, '')],
        $ok_reply . build_record(FCGI_STDOUT, 9, 'stray') . build_end_request_record(9, 0, 0)],
    'duplicate-begin' => ['a second BEGIN_REQUEST for id 1 while request 1 is active',
        [$request[0], build_record(FCGI_PARAMS, 1, $params),
         build_begin_request_record(1, FCGI_RESPONDER, FCGI_KEEP_CONN), @request[2, 3]],
        $ok_reply],
    'end-request-statuses' => ['END_REQUEST with FCGI_CANT_MPX_CONN and FCGI_OVERLOADED and app status 3',
        [build_begin_request_record(1, FCGI_RESPONDER, FCGI_KEEP_CONN),
         build_begin_request_record(2, FCGI_RESPONDER, FCGI_KEEP_CONN)],
        build_end_request_record(2, 0, FCGI_CANT_MPX_CONN) . build_end_request_record(1, 3, FCGI_OVERLOADED)],
    # Not FastCGI at all, for the heuristic's false-positive tests.
    'random-bytes' => ['not FastCGI: 6000 pseudo-random octets each way (fixed seed)',
        [map { random_octets(2000, $_) } 1 .. 3], random_octets(6000, 4)],
    'truncated-record' => ['the connection closes 13 octets into a 40-octet PARAMS record',
        [$request[0], substr(build_record(FCGI_PARAMS, 1, $params), 0, 13)], ''],
);

my ($case, $port) = @ARGV;
if (defined $case && $case eq 'list') {
    printf "%-26s %s\n", $_, $cases{$_}[0] for sort keys %cases;
    exit 0;
}
die "usage: $0 CASE PORT | $0 list\n" unless defined $port && $cases{$case};
my (undef, $parts, $reply) = @{ $cases{$case} };
$SIG{ALRM} = sub { die "crafted: $case timed out\n" };
alarm 15;

my $listener = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port,
                                     Proto => 'tcp', Listen => 1, ReuseAddr => 1)
    or die "crafted: listen on 127.0.0.1:$port: $!\n";
my $pid = fork() // die "crafted: fork: $!\n";
if ($pid == 0) {
    my $c = $listener->accept or POSIX::_exit(1);
    my $buf;
    1 while sysread($c, $buf, 65536);
    syswrite($c, $reply) if length $reply;
    close $c;
    POSIX::_exit(0);
}
close $listener;
my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp')
    or die "crafted: connect: $!\n";
for my $p (@$parts) {
    syswrite($s, $p) == length $p or die "crafted: write: $!\n";
    select(undef, undef, undef, 0.02);
}
shutdown($s, 1);
my ($buf, $got) = ('', 0);
$got += length $buf while sysread($s, $buf, 65536);
close $s;
waitpid($pid, 0);
print "$case: sent ", scalar(@$parts), " parts, received $got octets\n";
exit($? >> 8);
