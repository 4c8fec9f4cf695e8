#!/usr/bin/perl
# SPDX-License-Identifier: MIT
#
# fcgi-client.pl SCENARIO PORT - speaks raw FastCGI to 127.0.0.1:PORT for
# scripts/make-samples, built on Net::FastCGI::Protocol, so the octets on the
# wire are exactly the ones a scenario needs (split pairs, interleaved ids,
# aborts, management records).  Prints every record it receives, as
# Net::FastCGI's dump_record shows it, to standard output.
#
# Params are built one pair at a time so their order on the wire is the
# order written here (build_params on a hash would follow Perl's hash order,
# which changes from run to run).
use strict;
use warnings;
use IO::Socket::INET;
use Net::FastCGI::Constant qw[:all];
use Net::FastCGI::Protocol qw[:all];

my ($scenario, $port) = @ARGV;
die "usage: $0 SCENARIO PORT\n" unless defined $port;
$SIG{ALRM} = sub { die "fcgi-client: $scenario timed out\n" };
alarm 20;

sub connect_app {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp')
        or die "fcgi-client: connect 127.0.0.1:$port: $!\n";
    $s->autoflush(1);
    binmode $s;
    return $s;
}

# Each element is written with its own syscall, so each tends to become its
# own TCP segment: that keeps interleavings visible in the capture.
sub send_parts {
    my ($s, @parts) = @_;
    for my $p (@parts) {
        my $off = 0;
        while ($off < length $p) {
            my $n = syswrite($s, $p, length($p) - $off, $off);
            die "fcgi-client: write: $!\n" unless defined $n;
            $off += $n;
        }
        select(undef, undef, undef, 0.02);
    }
}

sub pairs {
    my @kv = @_;
    my $out = '';
    while (my ($k, $v) = splice(@kv, 0, 2)) {
        $out .= build_params({ $k => $v });
    }
    return $out;
}

sub read_exact {
    my ($s, $len) = @_;
    my $buf = '';
    while (length $buf < $len) {
        my $n = sysread($s, $buf, $len - length $buf, length $buf);
        die "fcgi-client: read: $!\n" unless defined $n;
        return undef if $n == 0;
    }
    return $buf;
}

# Reads one record; returns (type, id, content) or () at end of stream.
sub read_one {
    my ($s) = @_;
    my $h = read_exact($s, FCGI_HEADER_LEN);
    return () unless defined $h;
    my ($type, $id, $clen, $plen) = parse_header($h);
    my $body = $clen + $plen ? read_exact($s, $clen + $plen) : '';
    die "fcgi-client: end of stream inside a record\n" unless defined $body;
    print dump_record($h . $body), "\n";
    return ($type, $id, substr($body, 0, $clen));
}

# Reads until `want` END_REQUEST records (or one management reply) arrived.
sub read_until_end {
    my ($s, $want) = @_;
    my $ends = 0;
    while (my ($type) = read_one($s)) {
        $ends++ if $type == FCGI_END_REQUEST;
        return if $want && $ends >= $want;
        return if !$want && ($type == FCGI_GET_VALUES_RESULT || $type == FCGI_UNKNOWN_TYPE);
    }
}

my @cgi = (
    GATEWAY_INTERFACE => 'CGI/1.1', SERVER_PROTOCOL => 'HTTP/1.1',
    SERVER_NAME => 'samples.test', SERVER_PORT => '80', REMOTE_ADDR => '127.0.0.1',
);

my %scenarios;

# GET_VALUES for the three variables the spec defines.
$scenarios{'get-values'} = sub {
    my $s = connect_app();
    send_parts($s, build_record(FCGI_GET_VALUES, FCGI_NULL_REQUEST_ID,
        pairs(FCGI_MAX_CONNS, '', FCGI_MAX_REQS, '', FCGI_MPXS_CONNS, '')));
    read_until_end($s, 0);
};

# A management record of a type nobody knows (0x2A): the application must
# answer FCGI_UNKNOWN_TYPE; then an ordinary request on the same connection.
$scenarios{'unknown-type'} = sub {
    my $s = connect_app();
    send_parts($s, build_record(0x2A, FCGI_NULL_REQUEST_ID, 'what is this?'));
    read_until_end($s, 0);
    send_parts($s,
        build_begin_request_record(1, FCGI_RESPONDER, 0),
        build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'GET', SCRIPT_NAME => '/after-unknown'), 1),
        build_stream(FCGI_STDIN, 1, '', 1));
    read_until_end($s, 1);
};

# One pair whose 10000-octet value is split across two PARAMS records at an
# odd point, and a second pair cut inside its 4-octet length prefix.
$scenarios{'split-params'} = sub {
    my $s = connect_app();
    my $big = join '', map { chr(ord('A') + $_ % 26) } 0 .. 9999;
    my $p1 = pairs(@cgi, REQUEST_METHOD => 'GET', SCRIPT_NAME => '/split', X_BIG => $big);
    my $p2 = pairs(X_LONG_NAME_PAIR => ('v' x 300), QUERY_STRING => 'split=1');
    my $all = $p1 . $p2;
    my $cut1 = length($p1) - 4321;      # 4321 octets before X_BIG's value ends
    # X_LONG_NAME_PAIR's name length takes 1 octet, its value length (300) 4:
    # cut after the first 2 of those 4.
    my $cut2 = length($p1) + 1 + 2;
    my @recs = (
        build_record(FCGI_PARAMS, 1, substr($all, 0, $cut1)),
        build_record(FCGI_PARAMS, 1, substr($all, $cut1, $cut2 - $cut1)),
        build_record(FCGI_PARAMS, 1, substr($all, $cut2)),
        build_record(FCGI_PARAMS, 1, ''),
    );
    send_parts($s, build_begin_request_record(1, FCGI_RESPONDER, 0), @recs,
        build_record(FCGI_STDIN, 1, ''));
    read_until_end($s, 1);
};

# Three requests multiplexed on one connection: their records interleave.
$scenarios{'multiplex'} = sub {
    my $s = connect_app();
    my @ids = (1, 2, 3);
    send_parts($s, map { build_begin_request_record($_, FCGI_RESPONDER, FCGI_KEEP_CONN) } @ids);
    send_parts($s, map { build_record(FCGI_PARAMS, $_,
        pairs(@cgi, REQUEST_METHOD => 'GET', SCRIPT_NAME => "/mux/$_", QUERY_STRING => "id=$_")) } @ids);
    send_parts($s, map { build_record(FCGI_PARAMS, $_, '') } reverse @ids);
    # All three requests become complete in one read, so the server answers
    # them together and its STDOUT records alternate between the ids.
    send_parts($s, join '', map { build_record(FCGI_STDIN, $_, '') } @ids);
    read_until_end($s, scalar @ids);
};

# FILTER: params, an empty STDIN, then the file to filter on DATA.
$scenarios{'filter'} = sub {
    my $s = connect_app();
    my $data = "The quick brown fox\njumps over the lazy dog.\n" x 3;
    send_parts($s,
        build_begin_request_record(1, FCGI_FILTER, 0),
        build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'GET',
            SCRIPT_NAME => '/filter', FCGI_DATA_LENGTH => length $data,
            FCGI_DATA_LAST_MOD => '1700000000'), 1),
        build_stream(FCGI_STDIN, 1, '', 1),
        build_record(FCGI_DATA, 1, substr($data, 0, 50)),
        build_record(FCGI_DATA, 1, substr($data, 50)),
        build_record(FCGI_DATA, 1, ''));
    read_until_end($s, 1);
};

# AUTHORIZER twice on one kept connection: once allowed, once refused.
$scenarios{'authorizer'} = sub {
    my $s = connect_app();
    for my $user ('alice', 'mallory') {
        send_parts($s,
            build_begin_request_record(1, FCGI_AUTHORIZER, FCGI_KEEP_CONN),
            build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'GET',
                REQUEST_URI => '/private/report.pdf', REMOTE_USER => $user), 1));
        read_until_end($s, 1);
    }
};

# A request whose STDIN never ends, aborted by the web server.
$scenarios{'abort'} = sub {
    my $s = connect_app();
    send_parts($s,
        build_begin_request_record(1, FCGI_RESPONDER, 0),
        build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'POST',
            SCRIPT_NAME => '/slow-upload', CONTENT_TYPE => 'application/octet-stream',
            CONTENT_LENGTH => '100000'), 1),
        build_record(FCGI_STDIN, 1, 'first part of a body that will never be finished'));
    select(undef, undef, undef, 0.2);
    send_parts($s, build_record(FCGI_ABORT_REQUEST, 1));
    read_until_end($s, 1);
};

# A role the application does not implement (0x0009).
$scenarios{'unknown-role'} = sub {
    my $s = connect_app();
    send_parts($s,
        build_begin_request_record(1, 9, 0),
        build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'GET'), 1),
        build_stream(FCGI_STDIN, 1, '', 1));
    read_until_end($s, 1);
};

# An ordinary RESPONDER request with a short body, and its response.
$scenarios{'responder'} = sub {
    my $s = connect_app();
    my $body = 'greeting=hello&lang=en';
    send_parts($s,
        build_begin_request_record(1, FCGI_RESPONDER, 0),
        build_stream(FCGI_PARAMS, 1, pairs(@cgi, REQUEST_METHOD => 'POST',
            SCRIPT_NAME => '/echo', QUERY_STRING => 'x=1',
            CONTENT_TYPE => 'application/x-www-form-urlencoded',
            CONTENT_LENGTH => length $body), 1),
        build_stream(FCGI_STDIN, 1, $body, 1));
    read_until_end($s, 1);
};

my $run = $scenarios{$scenario} or die "fcgi-client: unknown scenario '$scenario'\n";
$run->();
