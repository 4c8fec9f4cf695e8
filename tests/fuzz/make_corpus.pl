#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# make_corpus.pl - writes the seed corpus of every fuzz target.
#
#   perl make_corpus.pl OUTDIR [CAPTURE ...]
#
# Seeds come from two places:
#  - conversations built here with Net::FastCGI (the reference
#    implementation), covering every record type, both name-value length
#    forms, and a few deliberately broken inputs;
#  - the TCP payloads of the given captures (pcap/pcapng, read with tshark),
#    one byte stream per direction of each TCP connection.
# Each stream is then cut into what each target takes as input (records,
# bodies, name-value content, streams with a split plan in front...).
# Files are named by the SHA-1 of their content; OUTDIR/<target>/ is
# emptied first, so the corpus is exactly what this run produces.
use strict;
use warnings;
use Digest::SHA qw(sha1_hex);
use File::Path qw(make_path remove_tree);
use Net::FastCGI::Constant qw(:type :role :protocol_status :flag);
use Net::FastCGI::Protocol qw(:all);

my $out = shift @ARGV or die "usage: $0 OUTDIR [CAPTURE ...]\n";
my $MAX_STREAM = 12 * 1024;   # longer streams are cut: seeds stay small
my $MAX_FILES = 160;          # per target

# ---- streams ---------------------------------------------------------------
my @streams;    # byte strings, each a whole direction of a conversation

sub params_of { my %h = @_; return \%h }

# Requests and responses built by Net::FastCGI.
my $env = params_of(
    SCRIPT_FILENAME => '/srv/www/index.php', REQUEST_METHOD => 'POST',
    QUERY_STRING => 'a=1&b=2', CONTENT_TYPE => 'application/x-www-form-urlencoded',
    CONTENT_LENGTH => 7, HTTP_HOST => 'localhost', EMPTY => '');
push @streams, build_begin_request(1, FCGI_RESPONDER, FCGI_KEEP_CONN, $env, 'x=1&y=2');
push @streams, build_begin_request(2, FCGI_AUTHORIZER, 0, params_of(REMOTE_USER => 'u'));
push @streams, build_begin_request(3, FCGI_FILTER, 0, params_of(A => 'b'), 'in', 'data');
push @streams, build_begin_request(7, FCGI_RESPONDER, 0,
    params_of(('L' x 200) => ('v' x 300), N => ('w' x 130)), '');
push @streams, build_end_request(1, 0, FCGI_REQUEST_COMPLETE,
    "Status: 404 Not Found\r\nContent-Type: text/html\r\n\r\nFile not found.\n",
    "Primary script unknown");
push @streams, build_end_request(1, 0, FCGI_REQUEST_COMPLETE,
    "Location: /elsewhere\r\n\r\n");
push @streams, build_end_request(1, 0, FCGI_REQUEST_COMPLETE,
    "Content-Type: text/plain\n\nhello\n");
push @streams, build_end_request(5, 255, FCGI_OVERLOADED);
push @streams, build_end_request(5, 1, FCGI_UNKNOWN_ROLE) . build_end_request(6, 0, FCGI_CANT_MPX_CONN);
push @streams, build_record(FCGI_GET_VALUES, 0,
    build_params(params_of(FCGI_MAX_CONNS => '', FCGI_MAX_REQS => '', FCGI_MPXS_CONNS => '')));
push @streams, build_record(FCGI_GET_VALUES_RESULT, 0,
    build_params(params_of(FCGI_MAX_CONNS => '10', FCGI_MPXS_CONNS => '0')));
push @streams, build_unknown_type_record(200) . build_record(2, 1, '');
push @streams, build_record(99, 4, 'an unknown type') . build_record(FCGI_DATA, 4, "\0\1\2\xff");
push @streams, build_record(FCGI_STDOUT, 1, "x" x 1000);
# Broken on purpose: version 2, a truncated record, a 4-octet length below
# 128, a name-value length of 2^31-1, odd padding, reserved octet set.
push @streams, "\x02\x01\x00\x01\x00\x08\x00\x00" . ("\0" x 8);
push @streams, substr(build_record(FCGI_STDIN, 1, "abcdefghij"), 0, 13);
push @streams, build_record(FCGI_PARAMS, 1, "\x80\x00\x00\x03\x01abcd") . build_record(FCGI_PARAMS, 1, '');
push @streams, build_record(FCGI_PARAMS, 1, "\xff\xff\xff\xff\x01ab");
push @streams, "\x01\x06\x00\x01\x00\x03\x05\x07abc\0\0\0\0\0";
push @streams, build_record(FCGI_BEGIN_REQUEST, 0, "\0\1\0\0\0\0\0\0");
push @streams, build_record(FCGI_END_REQUEST, 1, "short");

# Captures: one stream per direction of each TCP connection, in packet
# order (good enough for seeds; retransmissions are rare in loopback
# captures).
for my $cap (@ARGV) {
    # tshark's warning about running as root is noise here.
    open(my $saved_err, '>&', \*STDERR) or die;
    open(STDERR, '>', '/dev/null') or die;
    open(my $ts, '-|', 'tshark', '-r', $cap, '-Y', 'tcp.len > 0', '-T', 'fields',
         '-e', 'tcp.stream', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'tcp.payload')
        or die "tshark: $!";
    open(STDERR, '>&', $saved_err) or die;
    my (%dir, @order);
    while (my $line = <$ts>) {
        chomp $line;
        my ($s, $sp, $dp, $hex) = split /\t/, $line;
        next unless defined $hex && length $hex;
        $hex =~ s/://g;
        my $key = "$s/$sp/$dp";
        push @order, $key unless exists $dir{$key};
        $dir{$key} .= pack('H*', $hex);
    }
    close $ts;
    push @streams, map { substr($dir{$_}, 0, $MAX_STREAM) } @order;
}

# ---- cutting streams into target inputs -------------------------------------
my %files;    # target => { sha1 => content }

sub put {
    my ($target, $data) = @_;
    $files{$target}{sha1_hex($data)} = $data;
}

# Whole records of a stream: (header, content) pairs, plus the raw octets.
sub records {
    my ($s) = @_;
    my @r;
    my $o = 0;
    while (length($s) - $o >= 8) {
        my ($v, $type, $id, $clen, $plen) = unpack('CCnnC', substr($s, $o, 8));
        last if $v != 1;
        my $rlen = 8 + $clen + $plen;
        last if length($s) - $o < $rlen;
        push @r, { type => $type, id => $id, content => substr($s, $o + 8, $clen),
                   raw => substr($s, $o, $rlen) };
        $o += $rlen;
    }
    return @r;
}

my @plans = ("\x00", "\x01\x01", "\x03\x07\x01\xff", "\x02\x00\x05");
for my $s (@streams) {
    my @recs = records($s);
    my %nv;    # "type/id" => name-value content of a stream
    for my $r (@recs) {
        put('parse_header', substr($r->{raw}, 0, 8));
        put('parse_record', $r->{raw});
        put('parse_record', substr($r->{raw}, 0, 8 + length($r->{content}))); # no padding
        put('dump', $r->{raw});
        put('parse_record_body', pack('Cn', $r->{type}, $r->{id}) . $r->{content});
        if ($r->{type} == FCGI_PARAMS || $r->{type} == FCGI_GET_VALUES
            || $r->{type} == FCGI_GET_VALUES_RESULT) {
            $nv{"$r->{type}/$r->{id}"} .= $r->{content};
        }
    }
    put('parse_record', $s) unless @recs;     # not FastCGI at all
    put('parse_header', substr($s, 0, 8)) unless @recs;
    for my $content (values %nv) {
        put('params', $content);
        put('params', substr($content, 0, length($content) - 1)) if length $content;
        put('nv_decoder', chr(0) . $plans[0] . $content);
        put('nv_decoder', chr(16) . $plans[1] . $content);
        put('nv_decoder', chr(255) . $plans[2] . $content);
    }
    put('parser_split', $plans[$_ % @plans] . $s) for 0 .. $#plans;
    put('proxy_trace', $plans[$_ % @plans] . $s) for 0 .. $#plans;
    put('io_read', "\x80" . $s);
    put('io_read', "\x04" . $s);
    my %stdout;    # request id => its STDOUT content
    $stdout{$_->{id}} .= $_->{content} for grep { $_->{type} == FCGI_STDOUT } @recs;
    for my $out (values %stdout) {
        put('cgi', "\x00\x00" . $plans[$_ % @plans] . $out) for 0 .. $#plans;
        put('cgi', "\x00\x40" . $plans[0] . $out);    # max 64
    }
    put('cgi_response', "\x00" . $s);
    put('cgi_response', "\x80" . $s);
    put('cgi_response', "\x08" . $s);
}

# Header blocks the captures do not show: every Status form web servers
# refuse, folded and malformed lines, bare LF line ends, no block at all.
for my $block ("Status: 200 OK\r\nContent-Type: text/html\r\n\r\nbody",
               "Status: 404\n\n", "Location: /x\r\n\r\n", "Status: abc\r\n\r\n",
               "Status: 042\n\n", "Status: 20x\n\n", "Status: 200\nStatus: 201\n\n",
               "X: 1\n continued\n\n", "HTTP/1.1 200 OK\r\n\r\n", "X: a\0b\n\n",
               "\r\nbody", "just a body, no headers") {
    put('cgi', "\x00\x00" . $plans[$_ % @plans] . $block) for 0 .. $#plans;
}

for my $target (sort keys %files) {
    my $dir = "$out/$target";
    remove_tree($dir);
    make_path($dir);
    my $h = $files{$target};
    # The smallest seeds first: they are the cheapest to mutate.
    my @keys = sort { length($h->{$a}) <=> length($h->{$b}) || $a cmp $b } keys %$h;
    splice(@keys, $MAX_FILES) if @keys > $MAX_FILES;
    for my $k (@keys) {
        open(my $f, '>:raw', "$dir/$k") or die "$dir/$k: $!";
        print $f $h->{$k};
        close $f;
    }
    printf "%-18s %4d files\n", $target, scalar @keys;
}
