#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# client_misbehave.pl PORT MODE - a FastCGI server on 127.0.0.1:PORT that
# misbehaves in one chosen way, for the client tests.  One child process per
# connection; the parent exits when killed.
#
# Modes:
#   garbage      answers a request with an HTTP response (not FastCGI)
#   stall        reads the request and never answers
#   close-early  reads the request and closes without a word
#   close-mid    sends part of a STDOUT record, then closes
#   huge-values  answers GET_VALUES with a 65535-octet result (a 65000-octet
#                value) and requests with 3 MB of STDOUT in odd-sized writes
#   bad-values   answers GET_VALUES with content that is not name-value pairs
#   late-values  answers GET_VALUES only after more octets arrive (libfcgi)
#   unknown-type answers GET_VALUES with FCGI_UNKNOWN_TYPE
#   overloaded   ends every request with protocol status FCGI_OVERLOADED
#   no-headers   answers with a body but no CGI header block
#   drip         a correct answer, sent one octet at a time
#   mpx          a correct server that multiplexes (FCGI_MPXS_CONNS=1): it
#                answers the requests of a connection in reverse order of
#                arrival, in batches, with its id and the param X in the body
#   wrong-id     answers a request under another request id, then closes
#   status=TEXT  answers "Status: TEXT" (TEXT may be empty), a content type
#                and a body
#   no-stdout    ends the request without any FCGI_STDOUT record
#   empty-stdout an empty FCGI_STDOUT record, then END_REQUEST
#   endless-headers  STDOUT of header lines that never end
#   huge-header  one 1 MB header line, then the empty line and a body
#   endless-body a header block, then a body that never ends, as fast as
#                the client reads
#   slow-body    a header block, then 100 octets of body every 20 ms, forever
#   values-id1   answers GET_VALUES with a GET_VALUES_RESULT under request id 1
#   close-after=N  answers N requests on a kept-open connection, then closes
#                it (as php-fpm does at pm.max_requests)
#   sink         reads the request, STDIN included, and answers with the
#                number of STDIN octets
#   any other    (e.g. ok) a correct answer: "Status: 200", body "ok"
use strict;
use warnings;
use IO::Socket::INET;
use Net::FastCGI::Constant qw(:all);
use Net::FastCGI::Protocol qw(:all);

my ($port, $mode) = @ARGV;
die "usage: $0 PORT MODE\n" unless $port && $mode;
my $arg = $mode =~ s/=(.*)$//s ? $1 : '';
$SIG{CHLD} = 'IGNORE';
$SIG{PIPE} = 'IGNORE';
my $server = IO::Socket::INET->new(
    LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 64, ReuseAddr => 1)
  or die "listen: $!";
# Never outlive the test for long, whatever happens to the parent script;
# and when the test stops us, stop the connections we forked too (a
# stalling child would otherwise sleep on after the test).
alarm 300;
my %children;
$SIG{TERM} = $SIG{ALRM} = sub { kill 'TERM', keys %children; exit 0 };

while (1) {
    my $c = $server->accept or next;
    my $pid = fork;
    if (!defined $pid) { close $c; next; }
    if ($pid == 0) {
        $SIG{TERM} = $SIG{ALRM} = 'DEFAULT';
        alarm 120;
        close $server;
        $c->autoflush(1);
        serve($c);
        exit 0;
    }
    $children{$pid} = 1;
    delete $children{$_} for grep { !kill 0, $_ } keys %children;
    close $c;
}

sub read_exact {
    my ($c, $n) = @_;
    my $buf = '';
    while (length($buf) < $n) {
        my $r = sysread($c, $buf, $n - length($buf), length($buf));
        return undef unless $r;
    }
    return $buf;
}

# Returns (type, id, content) or () at the end of the stream.
sub read_record {
    my ($c) = @_;
    my $h = read_exact($c, 8);
    return () unless defined $h;
    my ($type, $id, $clen, $plen) = parse_header($h);
    my $body = read_exact($c, $clen + $plen);
    return () unless defined $body;
    return ($type, $id, substr($body, 0, $clen));
}

# Reads one whole request (until the empty STDIN record); returns its id,
# its params and the number of STDIN octets, or whatever management record
# came first.
sub read_request {
    my ($c) = @_;
    my ($id, $params, $stdin) = (0, '', 0);
    while (my ($type, $rid, $content) = read_record($c)) {
        if ($type == FCGI_GET_VALUES) { return ('values', $content); }
        $id = $rid if $type == FCGI_BEGIN_REQUEST;
        $params .= $content if $type == FCGI_PARAMS;
        $stdin += length $content if $type == FCGI_STDIN;
        return ($id, $params, $stdin) if $type == FCGI_STDIN && $content eq '';
    }
    return ();
}

# Writes all of $bytes; false once the client has gone.
sub out {
    my ($c, $bytes) = @_;
    while (length $bytes) {
        my $n = syswrite($c, $bytes);
        return 0 unless $n;
        substr($bytes, 0, $n, '');
    }
    return 1;
}

sub serve {
    my ($c) = @_;
    if ($mode eq 'mpx') { serve_mpx($c); return; }
    my $answered = 0;
    while (1) {
        my ($id, $p, $stdin) = read_request($c);
        return unless defined $id;
        if ($id eq 'values') {
            values_reply($c, $p) or return;
            next;
        }
        if ($mode eq 'garbage') {
            out($c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            return;
        } elsif ($mode eq 'stall') {
            sleep 600;
        } elsif ($mode eq 'close-early') {
            return;
        } elsif ($mode eq 'close-mid') {
            my $rec = build_record(FCGI_STDOUT, $id, "Status: 200\r\n\r\n" . ('z' x 100));
            out($c, substr($rec, 0, 40));
            return;
        } elsif ($mode eq 'huge-values') {
            my $body = "Content-Type: text/plain\r\n\r\n" . ('0123456789abcdef' x 196608);
            my $stream = build_stream(FCGI_STDOUT, $id, $body, 1) . build_end_request_record($id, 0, 0);
            while (length $stream) { out($c, substr($stream, 0, 7777, '')); }
        } elsif ($mode eq 'overloaded') {
            out($c, build_end_request_record($id, 0, FCGI_OVERLOADED));
        } elsif ($mode eq 'no-headers') {
            out($c, build_end_request($id, 0, 0, "just a body, no headers"));
        } elsif ($mode eq 'drip') {
            my $all = build_end_request($id, 0, 0, "Status: 201 Created\r\nX: y\r\n\r\ndripped body\n", "drip warning\n");
            for my $ch (split //, $all) { out($c, $ch); select(undef, undef, undef, 0.002); }
        } elsif ($mode eq 'wrong-id') {
            out($c, build_end_request($id + 1, 0, 0, "Status: 200\r\n\r\nnot yours"));
            return;
        } elsif ($mode eq 'status') {
            out($c, build_end_request($id, 0, 0, "Status: $arg\r\nContent-Type: text/plain\r\n\r\nbody\n"));
        } elsif ($mode eq 'no-stdout') {
            out($c, build_end_request_record($id, 0, 0));
        } elsif ($mode eq 'empty-stdout') {
            out($c, build_record(FCGI_STDOUT, $id, '') . build_end_request_record($id, 0, 0));
        } elsif ($mode eq 'endless-headers') {
            my $lines = join('', map { sprintf("X-Filler-%06d: %s\r\n", $_, 'h' x 80) } 1 .. 300);
            my $rec = build_record(FCGI_STDOUT, $id, $lines);
            1 while out($c, $rec);
            return;
        } elsif ($mode eq 'huge-header') {
            my $body = "Content-Type: text/plain\r\nX-Huge: " . ('x' x 1048576) . "\r\n\r\nafter the huge header\n";
            out($c, build_end_request($id, 0, 0, $body));
        } elsif ($mode eq 'endless-body') {
            out($c, build_record(FCGI_STDOUT, $id, "Content-Type: text/plain\r\n\r\n")) or return;
            my $rec = build_record(FCGI_STDOUT, $id, 'b' x 65535);
            1 while out($c, $rec);
            return;
        } elsif ($mode eq 'slow-body') {
            out($c, build_record(FCGI_STDOUT, $id, "Content-Type: text/plain\r\n\r\n")) or return;
            my $rec = build_record(FCGI_STDOUT, $id, 's' x 100);
            while (out($c, $rec)) { select(undef, undef, undef, 0.02); }
            return;
        } elsif ($mode eq 'close-after') {
            out($c, build_end_request($id, 0, 0, "Status: 200\r\n\r\nok\n"));
            return if ++$answered >= $arg;
        } elsif ($mode eq 'sink') {
            out($c, build_end_request($id, 0, 0, "Status: 200\r\nContent-Type: text/plain\r\n\r\n$stdin\n"));
        } else {
            out($c, build_end_request($id, 0, 0, "Status: 200\r\n\r\nok\n"));
        }
    }
}

sub values_reply {
    my ($c, $query) = @_;
    if ($mode eq 'late-values') {
        # Like libfcgi: the answer waits for the next octets to arrive.
        my $more = '';
        return 0 unless sysread($c, $more, 1);
    }
    if ($mode eq 'stall') {
        sleep 600;
        return 0;
    } elsif ($mode eq 'garbage') {
        out($c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        return 0;
    } elsif ($mode eq 'close-early' || $mode eq 'close-mid') {
        return 0;
    }
    if ($mode eq 'unknown-type') {
        out($c, build_unknown_type_record(FCGI_GET_VALUES));
    } elsif ($mode eq 'huge-values') {
        out($c, build_record(FCGI_GET_VALUES_RESULT, 0,
            build_params({ FCGI_MPXS_CONNS => '0', 'X_HUGE' => ('v' x 65000) })));
    } elsif ($mode eq 'values-id1') {
        out($c, build_record(FCGI_GET_VALUES_RESULT, 1,
            build_params({ FCGI_MAX_CONNS => '1', FCGI_MAX_REQS => '1', FCGI_MPXS_CONNS => '0' })));
    } elsif ($mode eq 'bad-values') {
        out($c, build_record(FCGI_GET_VALUES_RESULT, 0, "\x7f\x7fshort"));
    } elsif ($mode eq 'mpx') {
        # A well-behaved server: answers exactly the names it was asked.
        my %have = (FCGI_MAX_CONNS => '10', FCGI_MAX_REQS => '100', FCGI_MPXS_CONNS => '1');
        my %asked = %{ parse_params($query) };
        my %answer = map { exists $have{$_} ? ($_ => $have{$_}) : () } keys %asked;
        out($c, build_record(FCGI_GET_VALUES_RESULT, 0, build_params(\%answer)));
    } else {
        out($c, build_record(FCGI_GET_VALUES_RESULT, 0,
            build_params({ FCGI_MAX_CONNS => '1', FCGI_MAX_REQS => '1', FCGI_MPXS_CONNS => '0' })));
    }
    return 1;
}

sub serve_mpx {
    my ($c) = @_;
    my (%params, @ready);
    my $rin = '';
    vec($rin, fileno($c), 1) = 1;
    while (my ($type, $id, $content) = read_record($c)) {
        if ($type == FCGI_GET_VALUES) { values_reply($c, $content); next; }
        $params{$id} .= $content if $type == FCGI_PARAMS;
        push @ready, $id if $type == FCGI_STDIN && $content eq '';
        # Answer when no more input is waiting: batches, in reverse order.
        my $rout;
        next if @ready && select($rout = $rin, undef, undef, 0) > 0;
        for my $rid (reverse @ready) {
            my %p = %{ parse_params($params{$rid} // "") };
            delete $params{$rid};
            out($c, build_end_request($rid, 0, 0, "Status: 200\r\n\r\nid=$rid x=" . ($p{X} // '')));
        }
        @ready = ();
    }
}
