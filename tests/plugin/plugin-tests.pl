#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# plugin-tests.pl PLUGIN SUITE [SOURCE_DIR]
#
# Runs tshark with the freshly built fastcgi.so and checks fields and expert
# items with -T fields / -T json.  SUITE is one of:
#   load      the plugin loads and registers its fields, prefs, taps
#   crafted   crafted captures: fields, pairs, streams, tracking, experts
#   finding   ports, port preference, Decode As, heuristic (and its negatives)
#   stats     -z fastcgi,tree, export objects, one pass vs two passes
#   builtin   every pair the built-in fcgi dissector shows, ours shows too
#   robust    every capture and a few hundred mutations, abort on dissector bug
#             (FASTCGI_MUTATIONS: mutated copies in all, default 240, spread
#             over the captures; FASTCGI_TRUNCATIONS: the snapshot lengths
#             each capture is also cut to, default "60 100 200")
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use File::Temp qw(tempdir);
use FcgiTshark;
use FcgiCrafted;

my ($plugin, $suite, $srcdir) = @ARGV;
$srcdir //= "$FindBin::Bin/../..";
die "usage: $0 PLUGIN SUITE [SOURCE_DIR]\n" unless $plugin && $suite;
my $ts = FcgiTshark->new($plugin);
my $crafted = FcgiCrafted::write_all($ts->work);

# Real captures: the repository's samples, and optionally the shared ones.
sub real_captures {
    my @files = sort glob("$srcdir/samples/captures/*.pcapng"), glob("$srcdir/samples/captures/*.pcap");
    push @files, grep { -r } glob('/work/shared/captures/*.pcap');
    return map { $ts->stage($_) } @files;
}

sub col { my ($rows, $i) = @_; return map { $_->[$i] } @$rows }
sub values_of { my ($v) = @_; return defined $v && length $v ? split /\x1f/, $v : () }
# All values of one field over a capture (optionally filtered).
sub all_values {
    my ($file, $field, $filter, @extra) = @_;
    return map { values_of($_->[0]) } $ts->fields($file, $filter, [$field], @extra);
}
sub count_frames {
    my ($file, $filter, @extra) = @_;
    my @rows = $ts->fields($file, $filter, ['frame.number'], @extra);
    return scalar @rows;
}

my %suites;

$suites{load} = sub {
    my $out = $ts->run('-G', 'plugins');
    like($out, qr/^fastcgi\.so\s+\S+\s+dissector/m, 'tshark -G plugins lists fastcgi.so');
    # Field abbreviations and protocols, read once: the listing is tens of
    # megabytes in later releases.
    my (%field, %proto);
    for (split /\n/, $ts->run('-G', 'fields')) {
        my @c = split /\t/;
        $field{$c[2]} = 1 if $c[0] eq 'F' && @c > 2;
        $proto{$c[2]} = $c[1] if $c[0] eq 'P' && @c > 2;
    }
    for my $f (qw(fastcgi.version fastcgi.type fastcgi.request_id fastcgi.content_length
                  fastcgi.padding_length fastcgi.reserved fastcgi.content fastcgi.padding
                  fastcgi.role fastcgi.flags fastcgi.flags.keep_conn fastcgi.app_status
                  fastcgi.protocol_status fastcgi.unknown_type fastcgi.param.name
                  fastcgi.param.value fastcgi.request.method fastcgi.request.uri
                  fastcgi.request.script_filename fastcgi.request.query_string
                  fastcgi.request.content_type fastcgi.request.host fastcgi.stdin fastcgi.data
                  fastcgi.stdout fastcgi.stderr fastcgi.response.header fastcgi.response.status
                  fastcgi.response.content_type fastcgi.response_in fastcgi.request_in
                  fastcgi.time fastcgi.param.begin_frame)) {
        ok($field{$f}, "field $f registered");
    }
    is($proto{fastcgi}, 'FastCGI Protocol', 'protocol "FastCGI Protocol" / fastcgi');
    is($proto{fcgi}, 'FastCGI', 'the built-in fcgi still coexists');
    my $prefs = $ts->run('-G', 'defaultprefs');
    like($prefs, qr/^#fastcgi\.tcp\.port: 9000$/m, 'port preference defaults to 9000');
    like($prefs, qr/^#fastcgi\.max_body: \d+/m, 'max_body preference');
    like($prefs, qr/^#fastcgi\.max_pair: \d+/m, 'max_pair preference');
    like($prefs, qr/^#fastcgi\.desegment: TRUE/m, 'desegment preference');
    my $heur = $ts->run('-G', 'heuristic-decodes');
    # Rows start with table, protocol, enabled; later releases add columns.
    ok((grep { /^tcp\tfastcgi\tT(\t|$)/ } split /\n/, $heur), 'heuristic on TCP, enabled by default')
        or diag grep { /fastcgi/ } split /\n/, $heur;
    # Expert items are listed among the fields (4.0 has no "-G expert").
    for my $e ((map { $_->[0] } @FcgiCrafted::MALFORMED, @FcgiCrafted::MALFORMED_SERVER),
               'fastcgi.expert.reassembly_limit') {
        ok($field{$e}, "expert item $e registered");
    }
};

$suites{crafted} = sub {
    my $basic = $crafted->{basic};
    # Info column, per record group.
    my @info = $ts->fields($basic, 'fastcgi', ['frame.number', '_ws.col.Info']);
    my %info = map { $_->[0] => $_->[1] } @info;
    my @texts = values %info;
    ok((grep { $_ eq '[1] BEGIN_REQUEST RESPONDER keep-conn, PARAMS GET /index.php?x=1, STDIN' } @texts),
       'Info: request group') or diag explain \@texts;
    ok((grep { $_ eq '[1] STDOUT 404 text/html, STDERR, END_REQUEST REQUEST_COMPLETE' } @texts),
       'Info: response group');
    ok((grep { /^\[1\] STDOUT 302 text\/plain, END_REQUEST REQUEST_COMPLETE$/ } @texts), 'Info: redirect');

    # Header fields.
    my @hdr = $ts->fields($basic, 'fastcgi', [qw(fastcgi.version fastcgi.type fastcgi.request_id fastcgi.role fastcgi.flags.keep_conn)]);
    is($hdr[0][0], join("\x1f", (1) x 4), 'four records in the first request frame, all version 1');
    is($hdr[0][1], join("\x1f", 1, 4, 4, 5), 'types BEGIN PARAMS PARAMS STDIN');
    is($hdr[0][3], '1', 'role RESPONDER (1)');
    like($hdr[0][4], qr/^(1|True)$/, 'keep_conn set');

    # Pairs: names and values, UTF-8, invalid octets escaped.
    my ($layers) = $ts->json_fields($basic, 'fastcgi.type == 4', ['fastcgi.param.name', 'fastcgi.param.value']);
    my %pairs;
    @pairs{ @{ $layers->{'fastcgi.param.name'} } } = @{ $layers->{'fastcgi.param.value'} };
    for my $k (grep { $_ ne 'HTTP_X_BINARY' && $_ ne 'HTTP_X_UTF8' } keys %FcgiCrafted::PARAMS_A) {
        is($pairs{$k}, $FcgiCrafted::PARAMS_A{$k}, "pair $k");
    }
    is($pairs{HTTP_X_UTF8}, "h\x{e9}llo w\x{f6}rld", 'UTF-8 value decoded');
    like($pairs{HTTP_X_BINARY} // '', qr/^a.+b.+c$/s, 'binary value present');
    unlike($pairs{HTTP_X_BINARY} // '', qr/\xff/, 'invalid UTF-8 octet escaped');

    # Convenience fields.
    my @conv = $ts->fields($basic, 'fastcgi.type == 4', [qw(fastcgi.request.method fastcgi.request.uri
        fastcgi.request.script_filename fastcgi.request.query_string fastcgi.request.host)]);
    is_deeply([ map { values_of($_) } @{ $conv[0] } ], ['GET', '/index.php?x=1', '/srv/www/index.php', 'x=1', 'example.test'],
              'convenience fields on the PARAMS record');
    is_deeply([ all_values($basic, 'fastcgi.request.content_type', 'fastcgi.type == 4') ],
              ['application/x-www-form-urlencoded'], 'request content type');

    # Streams: STDIN to the media table, STDOUT as CGI response, STDERR lines.
    is_deeply([ all_values($basic, 'urlencoded-form.key') ], ['first', 'second'], 'STDIN body reassembled and handed to the form dissector');
    is_deeply([ sort { $a <=> $b } all_values($basic, 'fastcgi.response.status') ], [302, 404], 'status from Status:, and 302 from Location:');
    is_deeply([ all_values($basic, 'fastcgi.response.content_type', 'fastcgi.response.status == 404') ],
              ['text/html; charset=utf-8'], 'response content type');
    ok(scalar(grep { /^Status: 404 Not Found$/ } all_values($basic, 'fastcgi.response.header')), 'response header lines');
    is_deeply([ all_values($basic, 'fastcgi.stderr') ], ['PHP Warning: something odd', 'second line'], 'STDERR lines');
    ok(count_frames($basic, 'fastcgi.expert.stderr') == 1, 'STDERR expert note');

    # Tracking: links and time.
    # Links to later frames need the second pass.
    my @begin = $ts->fields($basic, 'fastcgi.type == 1', ['frame.number', 'fastcgi.response_in'], '-2');
    my @end = $ts->fields($basic, 'fastcgi.type == 3', ['frame.number', 'fastcgi.request_in', 'fastcgi.time'], '-2');
    is(scalar @begin, 2, 'two requests');
    is($begin[$_][1], $end[$_][0], "request $_: response_in -> END frame") for 0, 1;
    is($end[$_][1], $begin[$_][0], "request $_: request_in -> BEGIN frame") for 0, 1;
    ok($end[0][2] >= 0.25 && $end[0][2] < 0.3, "fastcgi.time measured ($end[0][2])");

    # A well-formed capture raises no warning or error of ours.
    my @bad = $ts->fields($basic, 'fastcgi && _ws.expert.severity >= "Warning"', ['frame.number']);
    is(scalar @bad, 0, 'well-formed capture: no warnings');

    # Pairs split across records.
    my $split = $crafted->{split};
    my ($sl) = $ts->json_fields($split, 'fastcgi.param.name == "HTTP_COOKIE"', ['frame.number', 'fastcgi.param.name', 'fastcgi.param.value', 'fastcgi.param.begin_frame']);
    my @names = @{ $sl->{'fastcgi.param.name'} };
    is(scalar(grep { $_ eq 'HTTP_COOKIE' } all_values($split, 'fastcgi.param.name')), 1, 'split pair shown once');
    my %sv; @sv{@names} = @{ $sl->{'fastcgi.param.value'} };
    is($sv{HTTP_COOKIE}, 'v' x 3000, 'split pair value whole');
    my @first = $ts->fields($split, 'fastcgi.type == 1', ['frame.number']);
    is($sl->{'fastcgi.param.begin_frame'}[0], $first[0][0], 'split pair links to the frame where it began');
    isnt($sl->{'frame.number'}[0], $first[0][0], 'split pair shown where it completes');
    my @long = $ts->fields($split, 'fastcgi.param.name == "HTTP_X_LONGNAME"', ['fastcgi.param.value']);
    is(scalar @long, 1, 'pair with a split length prefix shown once');
    ok((grep { $_ eq 'w' x 200 } values_of($long[0][0])), 'pair with a split length prefix decoded');
    is_deeply([ all_values($split, 'fastcgi.param.name') ],
              [qw(REQUEST_METHOD REQUEST_URI HTTP_COOKIE HTTP_X_AFTER HTTP_X_LONGNAME LAST)], 'every pair in order');
    is(count_frames($split, 'fastcgi.expert.bad_pair'), 0, 'no malformed pair reported');

    # Multiplexing and ABORT.
    my $mx = $crafted->{multiplex};
    my @mb = $ts->fields($mx, 'fastcgi.type == 1', ['frame.number', 'fastcgi.request_id', 'fastcgi.response_in', 'fastcgi.abort_in'], '-2');
    my %begin_frame;
    for my $r (@mb) {
        my @ids = values_of($r->[1]);
        my @resp = values_of($r->[2]);
        $begin_frame{$ids[$_]} = $r->[0] for 0 .. $#ids;
    }
    my @me = $ts->fields($mx, 'fastcgi.type == 3', ['frame.number', 'fastcgi.request_id', 'fastcgi.request_in']);
    for my $r (@me) {
        my $id = (values_of($r->[1]))[-1]; # END_REQUEST is the frame's last record
        is($r->[2], $begin_frame{$id}, "END of id $id links to its BEGIN");
    }
    my @ab = $ts->fields($mx, 'fastcgi.type == 2', ['fastcgi.request_in']);
    is($ab[0][0], $begin_frame{1}, 'ABORT_REQUEST links to its request');
    is(count_frames($mx, 'fastcgi.abort_in', '-2'), 1, 'BEGIN links to its ABORT');
    is(count_frames($mx, 'fastcgi.expert.abort'), 1, 'ABORT expert');
    is(count_frames($mx, 'fastcgi.expert.protocol_status'), 1, 'OVERLOADED expert');
    is(count_frames($mx, 'fastcgi.expert.app_status'), 1, 'app status expert');
    is_deeply([ sort(all_values($mx, 'fastcgi.request.uri', 'fastcgi.type == 3')) ], ['/auth', '/one', '/two'],
              'END_REQUEST frames carry their own request URIs');
    is(count_frames($mx, 'fastcgi.role == 2'), 1, 'AUTHORIZER role');

    # FILTER, DATA, GET_VALUES, UNKNOWN_TYPE.
    my $fi = $crafted->{filter};
    is(count_frames($fi, 'fastcgi.role == 3'), 1, 'FILTER role');
    is_deeply([ map { pack 'H*', $_ =~ s/://gr } all_values($fi, 'fastcgi.data') ], ['hello world'], 'DATA reassembled');
    is_deeply([ all_values($fi, 'fastcgi.param.value', 'fastcgi.type == 10') ], [10, 50, 1], 'GET_VALUES_RESULT values');
    is(count_frames($fi, 'fastcgi.unknown_type == 12'), 1, 'UNKNOWN_TYPE body');
    is(count_frames($fi, 'fastcgi.expert.unknown_type'), 1, 'unknown type 12 flagged once');

    # Largest record, many records per segment.
    my $big = $crafted->{bigrecord};
    is((all_values($big, 'fastcgi.content_length', 'fastcgi.padding_length == 255'))[0], 65535, 'record of 65535 + 255 reassembled');
    is(scalar(grep { $_ == 6 } all_values($big, 'fastcgi.type', 'fastcgi.type == 6')), 102, 'every STDOUT record of one segment');
    is(count_frames($big, 'fastcgi.stdin'), 1, 'STDIN body reassembled once');
    is(count_frames($big, 'fastcgi.stdin', '-o', 'fastcgi.max_body:1000'), 0, 'max_body limits reassembly');
    is(count_frames($big, 'fastcgi.expert.reassembly_limit', '-o', 'fastcgi.max_body:500'), 2, 'limit expert (STDIN, STDOUT)') ;

    # Expert items, with and without a tree.
    my $mf = $crafted->{malformed};
    my $expert_text = $ts->run('-r', $mf, '-q', '-z', 'expert');
    for my $e (@FcgiCrafted::MALFORMED, @FcgiCrafted::MALFORMED_SERVER) {
        is(count_frames($mf, $e->[0]) > 0 ? 1 : 0, 1, "expert $e->[0] raised");
    }
    for my $msg ('Protocol version 2', 'Content length 7 is wrong', 'Management record', 'Application record',
                 'Unknown record type', 'Unknown role', 'never begun', 'already active', 'terminating empty record',
                 'Non-zero padding', 'Non-zero reserved', 'ended inside a name-value pair', 'aborted',
                 'Malformed or truncated name-value pair', 'not terminated', 'Application status 3',
                 'FCGI_UNKNOWN_ROLE', 'Primary script unknown') {
        like($expert_text, qr/\Q$msg\E/, "-q -z expert (no tree) sees: $msg");
    }
};

$suites{finding} = sub {
    my ($basic, $hs, $hm, $hg, $neg) = @$crafted{qw(basic heur_start heur_mid heur_getvalues negative)};
    my @noheur = ('--disable-heuristic', 'fastcgi_tcp');
    ok(count_frames($basic, 'fastcgi', @noheur) > 0, 'port 9000 by default');
    is(count_frames($basic, 'fastcgi', @noheur, '-o', 'fastcgi.tcp.port:9001'), 0, 'port preference replaces 9000');
    ok(count_frames($hs, 'fastcgi', @noheur, '-o', 'fastcgi.tcp.port:4444') > 0, 'port preference adds its port');
    is(count_frames($hs, 'fastcgi', @noheur), 0, 'port 4444 not FastCGI without heuristic');
    ok(count_frames($hs, 'fastcgi', @noheur, '-d', 'tcp.port==4444,fastcgi') > 0, 'Decode As');
    is(count_frames($hs, 'fastcgi'), 2, 'heuristic: conversation starting with BEGIN_REQUEST');
    is_deeply([ all_values($hs, 'fastcgi.response.status') ], [200], 'heuristic conversation fully dissected');
    is(count_frames($hm, 'fastcgi'), 2, 'heuristic: mid-connection chain of records');
    is(count_frames($hm, 'fastcgi.expert.not_begun'), 1, 'mid-connection request flagged not begun once');
    is(count_frames($hg, 'fastcgi'), 2, 'heuristic: GET_VALUES at conversation start');
    is(count_frames($neg, 'fastcgi'), 0, 'no false positive on HTTP, TLS and random octets');
    is(count_frames($neg, 'fastcgi', '-o', 'tcp.desegment_tcp_streams:FALSE'), 0, 'no false positive without desegmentation');
    ok(count_frames($neg, 'http') > 0, 'HTTP still HTTP');
    for my $f (real_captures()) {
        (my $b = $f) =~ s{.*/}{};
        if ($b =~ /^not-fastcgi-/) {
            is(count_frames($f, 'fastcgi'), 0, "$b: not claimed");
        } elsif ($b =~ /^malformed-/) {
            # The heuristic is strict on purpose; these are on port 9000.
            ok(count_frames($f, 'fastcgi.expert.version || fastcgi.expert.bad_length || fastcgi.expert.management_id || fastcgi.expert.application_id || fastcgi.expert.bad_pair || fastcgi.expert.not_begun || fastcgi.expert.duplicate_begin || fastcgi.expert.after_end_of_stream || fastcgi.expert.unknown_type || fastcgi.expert.unknown_role || fastcgi.expert.padding || fastcgi.expert.reserved || fastcgi.expert.unterminated_stream || fastcgi.expert.protocol_status || fastcgi.expert.app_status') > 0 || ($b =~ /truncated/ && count_frames($f, 'fastcgi') > 0),
               "$b: dissected on the default port, anomaly reported");
        } else {
            ok(count_frames($f, 'fastcgi', '-o', 'fastcgi.tcp.port:') > 0, "$b: found by the heuristic alone");
        }
    }
};

$suites{stats} = sub {
    my ($basic, $mx) = @$crafted{qw(basic multiplex)};
    my $tree = $ts->run('-r', $basic, '-q', '-z', 'fastcgi,tree');
    like($tree, qr/FastCGI requests\s+2\b/, 'stats: two requests');
    like($tree, qr/RESPONDER\s+2\b/, 'stats: by role');
    like($tree, qr/GET\s+1\b/, 'stats: by method GET');
    like($tree, qr/POST\s+1\b/, 'stats: by method POST');
    like($tree, qr/404\s+1\b/, 'stats: by status 404');
    like($tree, qr/302\s+1\b/, 'stats: by status 302');
    like($tree, qr{/srv/www/index\.php\s+1\b}, 'stats: by script');
    like($tree, qr/Response time \(ms\)\s+2\s+[\d.]+\s+[\d.]+\s+[\d.]+/, 'stats: response time count/avg/min/max');
    my $tm = $ts->run('-r', $mx, '-q', '-z', 'fastcgi,tree');
    like($tm, qr/AUTHORIZER\s+1\b/, 'stats: AUTHORIZER counted');

    my $dir = $ts->work . '/objects';
    mkdir $dir; chmod 0777, $dir;
    $ts->run('-r', $basic, '-q', '--export-objects', "fastcgi,$dir");
    opendir(my $dh, $dir) or die "$dir: $!";
    my @objs = sort grep { !/^\./ } readdir $dh;
    is(scalar @objs, 2, 'two exported objects') or diag explain \@objs;
    ok((grep { /index\.php/ } @objs), 'object named by URI');
    my ($idx) = grep { /index\.php/ } @objs;
    open my $fh, '<', "$dir/$idx"; local $/; my $body = <$fh> // '';
    is($body, "<p>not here</p>\n", 'object holds the STDOUT body');

    # The same answers in one pass and in two passes.
    for my $f (values %$crafted) {
        my @fields = ('frame.number', '_ws.col.Info', 'fastcgi.param.name', 'fastcgi.param.value',
                      'fastcgi.response.status', 'fastcgi.request_in', 'fastcgi.param.begin_frame',
                      'fastcgi.stderr', 'fastcgi.request.uri');
        my $one = $ts->run('-r', $f, '-Y', 'fastcgi', '-T', 'fields', map { ('-e', $_) } @fields);
        my $two = $ts->run('-r', $f, '-2', '-Y', 'fastcgi', '-T', 'fields', map { ('-e', $_) } @fields);
        (my $b = $f) =~ s{.*/}{};
        # Links to later frames (response_in) only exist in the second pass;
        # request_in and everything else must match.
        is($two, $one, "$b: one pass and two passes agree");
    }
};

sub unxml {
    my ($s) = @_;
    $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g; $s =~ s/&apos;/'/g;
    $s =~ s/&#x([0-9a-fA-F]+);/chr(hex $1)/ge; $s =~ s/&amp;/&/g;
    return $s;
}

# Every pair the built-in shows ("NAME = VALUE" in its tree) appears here.
$suites{builtin} = sub {
    my @files = (@$crafted{qw(basic multiplex filter heur_start)}, grep { !m{/(not-fastcgi-|malformed-)[^/]*$} && !m{split[^/]*$} } real_captures());
    # Only well-formed captures: the built-in turns a split pair into bogus
    # pairs made of the value's octets, and refuses malformed records.
    my $total = 0;
    for my $f (@files) {
        (my $b = $f) =~ s{.*/}{};
        # The built-in has no port: decode the FastCGI ports we find.
        my %ports;
        for my $r ($ts->fields($f, 'fastcgi.type == 1 || fastcgi.type == 9', ['tcp.dstport'])) { $ports{$_} = 1 for values_of($r->[0]) }
        if (!%ports) {
            for my $r ($ts->fields($f, 'fastcgi.type == 6 || fastcgi.type == 3', ['tcp.srcport'])) { $ports{$_} = 1 for values_of($r->[0]) }
        }
        my @d = map { ('-d', "tcp.port==$_,fcgi") } sort keys %ports;
        my $pdml = $ts->run_builtin('-r', $f, @d, '-T', 'pdml');
        my @theirs;
        while ($pdml =~ /<field name="fcgi\.nv_name" showname="([^"]*)"/g) {
            my $s = unxml($1);
            # The built-in shows a pair with an empty value as its name alone.
            $s .= ' = ' unless $s =~ / = /;
            push @theirs, $s;
        }
        # Ours from PDML too: empty values stay in step with their names.
        my %ours;
        my $mine = $ts->run('-r', $f, '-Y', 'fastcgi.param', '-T', 'pdml');
        while ($mine =~ /<field name="fastcgi\.param\.name" [^>]*show="([^"]*)".*?<field name="fastcgi\.param\.value" [^>]*show="([^"]*)"/gs) {
            $ours{ unxml("$1 = $2") }++;
        }
        my ($same, $mangled) = (0, 0);
        my @missing;
        for my $t (@theirs) {
            # The built-in reads ASCII: non-ASCII octets come out as U+FFFD.
            if ($t =~ /[^\x20-\x7e]/) {
                $mangled++;
                next;
            }
            if ($ours{$t}) { $same++ } else { push @missing, $t }
        }
        $total += @theirs;
        is(scalar @missing, 0, "$b: all $same ASCII pairs of the built-in shown identically ($mangled non-ASCII skipped)")
            or diag explain [ @missing[0 .. ($#missing > 5 ? 5 : $#missing)] ];
    }
    ok($total > 50, "the comparison covered $total pairs");
};

$suites{robust} = sub {
    my @base = (values %$crafted, real_captures());
    my $n = $ENV{FASTCGI_MUTATIONS} // 240;
    my $tmp = $ts->work;
    my @runs;
    for my $f (@base) {
        push @runs, $f;
    }
    my $per = int(($n + @base - 1) / @base);
    my @lengths = split ' ', $ENV{FASTCGI_TRUNCATIONS} // '60 100 200';
    my $seed = 1;
    for my $f (@base) {
        for (1 .. $per) {
            my $out = "$tmp/mut-$seed.pcap";
            system('editcap', '-F', 'pcap', '-E', '0.02', '--seed', $seed, $f, $out) == 0 or next;
            chmod 0644, $out;
            push @runs, $out;
            $seed++;
        }
        for my $len (@lengths) {
            my $out = "$tmp/trunc-$seed.pcap";
            system('editcap', '-F', 'pcap', '-s', $len, $f, $out) == 0 or next;
            chmod 0644, $out;
            push @runs, $out;
            $seed++;
        }
    }
    my $bad = 0;
    for my $r (@runs) {
        $ts->run('-r', $r, '-V', '-2', '-o', 'fastcgi.max_body:4096', '-z', 'fastcgi,tree', '-z', 'expert');
        my $rc = $ts->last_rc;
        my $err = $ts->last_err;
        if ($rc != 0 || $err =~ /dissector bug|Dissector bug|assert|CRITICAL/i) {
            $bad++;
            diag("$r: rc=$rc $err") if $bad < 5;
        }
    }
    is($bad, 0, scalar(@runs) . ' runs (' . scalar(@base) . ' captures, mutations, truncations): no crash, no dissector bug');
    unlink glob("$tmp/mut-*"), glob("$tmp/trunc-*");
};

die "unknown suite $suite\n" unless $suites{$suite};
$suites{$suite}->();
done_testing();
