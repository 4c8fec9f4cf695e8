#!/usr/bin/perl
# SPDX-License-Identifier: MIT
#
# oracle.pl - answers questions about Net::FastCGI's behaviour, for the
# differential test in diff_main.c.
#
# Protocol (one request per line on stdin, one answer per line on stdout):
#   request:  FUNCTION <TAB> ARG <TAB> ARG ...
#             octet strings are lowercase hex ("" is the empty string),
#             integers are decimal, "~" means "leave this argument out".
#   answer:   OK <TAB> FIELD <TAB> FIELD ...   or   ERR <TAB> MESSAGE
#             octet strings and text (names, dumps) come back as hex,
#             integers and booleans (0/1) as decimal, records and params as
#             the canonical text described at canon_hash().
#   "sync" answers "SYNC" and flushes: answers are block-buffered between
#   syncs so that a batch of thousands of requests costs few system calls.
# The first line written is "READY <TAB> version <TAB> implementation", or
# "FATAL <TAB> reason" when Net::FastCGI cannot be loaded.
use strict;
use warnings;

BEGIN { $ENV{NET_FASTCGI_PP} = 1 }

binmode STDIN;
binmode STDOUT;

my $loaded = eval {
    require Net::FastCGI::Protocol;
    Net::FastCGI::Protocol->import(':all', 'dump_record', 'dump_record_body');
    require Net::FastCGI::Constant;
    1;
};
if (!$loaded) {
    my $why = $@;
    $why =~ s/\s+/ /g;
    print "FATAL\tcannot load Net::FastCGI::Protocol (Debian: apt-get install libnet-fastcgi-perl): $why\n";
    exit 1;
}

# Perl's own buggy walks (see dump_params_fixed) read past the end of the
# string; those warnings are expected and would only clutter the log.
$SIG{__WARN__} = sub { };

sub hx  { unpack 'H*', $_[0] }
sub unhx {
    my ($s) = @_;
    die "bad hex '$s'\n" if $s !~ /\A(?:[0-9a-f]{2})*\z/;
    return pack 'H*', $s;
}
sub bool01 { $_[0] ? 1 : 0 }

# Hashes (records from parse_record_body, params from parse_params) as text
# that the C side can rebuild: "key=value" pairs in key order, separated by
# one space.  Octet strings (content, params names and values) are hex
# prefixed with "x" so that the empty string is visible; a nested hash is
# "{name:value,...}" with hex names and values, sorted by hex name.
sub canon_params {
    my ($h) = @_;
    my %by_hex = map { hx($_) => hx($h->{$_}) } keys %$h;
    return '{' . join(',', map { "$_:$by_hex{$_}" } sort keys %by_hex) . '}';
}

sub canon_record {
    my ($r) = @_;
    my @out;
    for my $k (sort keys %$r) {
        my $v = $r->{$k};
        if (ref $v eq 'HASH')  { push @out, "$k=" . canon_params($v) }
        elsif ($k eq 'content') { push @out, "$k=x" . hx($v) }
        else                    { push @out, "$k=$v" }
    }
    return join ' ', @out;
}

# ---- corrected params dump ---------------------------------------------
#
# Net::FastCGI 0.14's dump_record_body() steps over a 4-octet length by
# looking at the decoded value (">0x7F ? 4 : 1") instead of at the first
# octet, so a 4-octet length holding a value below 128 is mis-walked.  The
# C codec decodes it correctly.  To check the C text in exactly that case,
# this is the same dump with the step taken from the first octet; every other
# detail (octal heads, escapes, the 78-character limit) follows Perl's.

my %NAMED_ESCAPE = ("\a" => '\a', "\b" => '\b', "\t" => '\t',
                    "\n" => '\n', "\f" => '\f', "\r" => '\r');

sub escape_char {
    my ($c) = @_;
    return "\\$c" if $c eq '\\' || $c eq '"';
    return $NAMED_ESCAPE{$c} if exists $NAMED_ESCAPE{$c};
    return $c if $c =~ /[\x20-\x7E]/;
    return sprintf '\\x%.2X', ord $c;
}

sub fixed_params_text {
    my ($c) = @_;
    my $max = 78;
    my ($len, $at, $text) = (length $c, 0, '');
    while ($at < $len) {
        my $start = $at;
        my @n;
        for my $i (0, 1) {
            my $first = ord substr($c, $at, 1);
            if ($first & 0x80) {
                $n[$i] = unpack('N', substr($c, $at, 4)) & 0x7FFF_FFFF;
                $at += 4;
            } else {
                $n[$i] = $first;
                $at += 1;
            }
        }
        $text .= join '', map { sprintf '\\%.3o', ord } split //, substr($c, $start, $at - $start);
        $text .= join '', map { escape_char($_) } split //, substr($c, $at, $n[0] + $n[1]);
        $at += $n[0] + $n[1];
        last if $at > $max;
    }
    $text = substr($text, 0, $max - 5) . ' ... ' if length $text > $max;
    return qq["$text"];
}

# (type, request_id, content) -> the text dump_record_body() would give
# without the mis-step; only for well-formed, non-empty params content.
sub dump_params_fixed {
    my ($type, $request_id, $content) = @_;
    my $is_params = $type == 4 || $type == 9 || $type == 10;
    die "dump_params_fixed only knows non-empty, well-formed params content\n"
        unless $is_params && length $content && check_params($content);
    return sprintf '{%s, %d, %s}', get_type_name($type), $request_id, fixed_params_text($content);
}

# ---- requests ----------------------------------------------------------

# Optional trailing octet arguments: "~" leaves the argument (and every one
# after it) out, so Perl sees the shorter argument list.
sub opt_octets {
    my @out;
    for (@_) { last if $_ eq '~'; push @out, unhx($_) }
    return @out;
}

my %HANDLER = (
    build_header => sub { hx(build_header(@_)) },
    parse_header => sub { join "\t", parse_header(unhx($_[0])) },

    build_begin_request_body => sub { hx(build_begin_request_body(@_)) },
    parse_begin_request_body => sub { join "\t", parse_begin_request_body(unhx($_[0])) },
    build_end_request_body   => sub { hx(build_end_request_body(@_)) },
    parse_end_request_body   => sub { join "\t", parse_end_request_body(unhx($_[0])) },
    build_unknown_type_body  => sub { hx(build_unknown_type_body(@_)) },
    parse_unknown_type_body  => sub { scalar parse_unknown_type_body(unhx($_[0])) },

    build_begin_request_record => sub { hx(build_begin_request_record(@_)) },
    build_end_request_record   => sub { hx(build_end_request_record(@_)) },
    build_unknown_type_record  => sub { hx(build_unknown_type_record(@_)) },

    build_record => sub { hx(build_record($_[0], $_[1], opt_octets($_[2]))) },
    parse_record => sub { canon_record(scalar parse_record(unhx($_[0]))) },
    parse_record_body => sub { canon_record(parse_record_body($_[0], $_[1], unhx($_[2]))) },
    # type request_id terminate content (integers first, like every request)
    build_stream => sub { hx(build_stream($_[0], $_[1], unhx($_[3]), $_[2])) },

    # id role flags npairs name value ... [stdin [data]]
    build_begin_request => sub {
        my ($id, $role, $flags, $n, @rest) = @_;
        my %params;
        for (1 .. $n) {
            my ($k, $v) = splice @rest, 0, 2;
            $params{unhx($k)} = unhx($v);
        }
        hx(build_begin_request($id, $role, $flags, \%params, opt_octets(@rest)));
    },
    # id app_status protocol_status [stdout [stderr]]
    build_end_request => sub {
        my ($id, $app, $ps, @rest) = @_;
        hx(build_end_request($id, $app, $ps, opt_octets(@rest)));
    },

    build_params => sub {
        my %params;
        while (@_) { my ($k, $v) = splice @_, 0, 2; $params{unhx($k)} = unhx($v) }
        hx(build_params(\%params));
    },
    parse_params => sub { canon_params(parse_params(unhx($_[0]))) },
    check_params => sub { bool01(check_params(unhx($_[0]))) },

    get_record_length => sub { get_record_length(unhx($_[0])) },
    get_type_name     => sub { hx(get_type_name($_[0])) },
    get_role_name     => sub { hx(get_role_name($_[0])) },
    get_protocol_status_name => sub { hx(get_protocol_status_name($_[0])) },
    is_known_type      => sub { bool01(is_known_type($_[0])) },
    is_management_type => sub { bool01(is_management_type($_[0])) },
    is_discrete_type   => sub { bool01(is_discrete_type($_[0])) },
    is_stream_type     => sub { bool01(is_stream_type($_[0])) },

    dump_record       => sub { hx(dump_record(unhx($_[0]))) },
    dump_record_body  => sub { hx(dump_record_body($_[0], $_[1], opt_octets($_[2]))) },
    dump_params_fixed => sub { hx(dump_params_fixed($_[0], $_[1], unhx($_[2]))) },
);

my $impl = defined &Net::FastCGI::Protocol::PP::build_header ? 'PP' : 'XS';
print "READY\t$Net::FastCGI::Protocol::VERSION\t$impl\n";
STDOUT->flush;

while (my $line = <STDIN>) {
    chomp $line;
    if ($line eq 'sync') {
        print "SYNC\n";
        STDOUT->flush;
        next;
    }
    my ($func, @args) = split /\t/, $line, -1;
    my $h = $HANDLER{$func};
    if (!$h) {
        print "ERR\toracle: unknown function '$func'\n";
        next;
    }
    my $answer = eval { $h->(@args) };
    if (defined $answer) {
        print "OK\t$answer\n";
    } else {
        my $msg = $@ eq '' ? 'oracle: no answer' : $@;
        # croak appends " at FILE line N." (and a newline); the C codec's
        # messages have no location.
        $msg =~ s/ at \S+ line \d+\.?\n?\z//;
        $msg =~ s/\n/ /g;
        print "ERR\t$msg\n";
    }
}
STDOUT->flush;
