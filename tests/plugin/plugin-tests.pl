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
#   display   a pair's row is a field, the Parameters subtree, request fields
#             once per frame, split pairs where they begin, names and labels
#   content   decompressed bodies, export object names, the request summary
#   experts   severities on real servers' traffic, messages, cut-off records,
#             attack shapes and interop traps
#   fresh     traffic captured now from nginx, Apache and fcgiwrap in front
#             of php-fpm and a CGI script (root; exit 77 when not possible)
#   code      the plugin's source: layers, no proto internals, no leaks
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


# A sample capture, staged for tshark.
sub sample { my ($name) = @_; return $ts->stage("$srcdir/samples/captures/$name.pcapng") }
# Frame numbers matching a filter (two passes: links to later frames).
sub frames_of { my ($file, $filter, @extra) = @_; return map { $_->[0] } $ts->fields($file, $filter, ['frame.number'], '-2', @extra) }
# The one value of a field in a frame (all occurrences joined by ',').
sub value_in {
    my ($file, $frame, $field, @extra) = @_;
    my ($row) = $ts->fields($file, "frame.number == $frame", [$field], '-2', @extra);
    return join ',', values_of($row ? $row->[0] : undef);
}
# FastCGI expert items of a capture, from `-q -z expert`, as [severity, summary].
sub fastcgi_experts {
    my ($file, @extra) = @_;
    my ($sev, @out) = ('');
    for (split /\n/, $ts->run('-r', $file, '-2', '-q', '-z', 'expert', @extra)) {
        $sev = $1 if /^(Errors|Warns|Notes|Chats|Comments) \(/;
        push @out, [$sev, $1] if /^\s+\d+\s+\S+\s+FastCGI\s+(.*)$/;
    }
    return @out;
}
# Objects --export-objects saves: { name => contents }.
sub exported {
    my ($file, @extra) = @_;
    my $dir = $ts->work . '/eo-' . int(rand(1e9));
    mkdir $dir; chmod 0777, $dir;
    $ts->run('-r', $file, '-q', '--export-objects', "fastcgi,$dir", @extra);
    my %o;
    opendir(my $dh, $dir) or die "$dir: $!";
    for my $n (grep { !/^\./ } readdir $dh) {
        open my $fh, '<:raw', "$dir/$n" or die "$dir/$n: $!";
        local $/;
        $o{$n} = <$fh> // '';
    }
    system('rm', '-rf', $dir);
    return \%o;
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
                  fastcgi.time fastcgi.param.begin_frame fastcgi.params fastcgi.param.end_frame
                  fastcgi.param.REQUEST_METHOD fastcgi.param.HTTP_PROXY fastcgi.param.FCGI_MPXS_CONNS
                  fastcgi.request.scheme fastcgi.request.server_name fastcgi.request.traceparent
                  fastcgi.request.x_request_id fastcgi.response.content_encoding
                  fastcgi.response.content_disposition fastcgi.response.decompressed_length
                  fastcgi.cut_off)) {
        ok($field{$f}, "field $f registered");
    }
    is($proto{fastcgi}, 'FastCGI Protocol', 'protocol "FastCGI Protocol" / fastcgi');
    is($proto{fcgi}, 'FastCGI', 'the built-in fcgi still coexists');
    my $prefs = $ts->run('-G', 'defaultprefs');
    like($prefs, qr/^#fastcgi\.tcp\.port: 9000$/m, 'port preference defaults to 9000');
    like($prefs, qr/^#fastcgi\.max_body: \d+/m, 'max_body preference');
    like($prefs, qr/^#fastcgi\.max_pair: \d+/m, 'max_pair preference');
    like($prefs, qr/^#fastcgi\.desegment: TRUE/m, 'desegment preference');
    like($prefs, qr/^#fastcgi\.decompress_body: TRUE/m, 'decompress_body preference');
    my $heur = $ts->run('-G', 'heuristic-decodes');
    # Rows start with table, protocol, enabled; later releases add columns.
    ok((grep { /^tcp\tfastcgi\tT(\t|$)/ } split /\n/, $heur), 'heuristic on TCP, enabled by default')
        or diag grep { /fastcgi/ } split /\n/, $heur;
    # Expert items are listed among the fields (4.0 has no "-G expert").
    for my $e ((map { $_->[0] } @FcgiCrafted::MALFORMED, @FcgiCrafted::MALFORMED_SERVER),
               qw(fastcgi.expert.reassembly_limit fastcgi.expert.pair_limit fastcgi.expert.split_pair
                  fastcgi.expert.huge_length fastcgi.expert.nul_in_name fastcgi.expert.httpoxy
                  fastcgi.expert.newline_in_path fastcgi.expert.params_too_long fastcgi.expert.cut_off
                  fastcgi.expert.capture_ends fastcgi.expert.repeated_end_of_stream fastcgi.expert.late_input
                  fastcgi.expert.after_end_request fastcgi.expert.begun_before_capture
                  fastcgi.expert.stale_reserved fastcgi.expert.unknown_management_type
                  fastcgi.expert.bad_status fastcgi.expert.decompression_failed
                  fastcgi.expert.encoding_unsupported)) {
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
    is(count_frames($fi, 'fastcgi.expert.unknown_management_type'), 1,
       'management record of unknown type 12 noted once');
    is(count_frames($fi, 'fastcgi.expert.unknown_type'), 0, 'and not as an application record');

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
    for my $msg ('Protocol version 2', 'with 7 octets of content: Content length wrong', 'Management record', 'Application record',
                 'is not one the specification defines', 'Unknown role', 'never begun', 'already active',
                 'terminating empty record', 'Non-zero padding', 'Header reserved octet is 0x03',
                 'ended inside a name-value pair', 'aborted', 'Malformed or truncated name-value pair',
                 'not terminated', 'Application status 3', 'Request not completed: UNKNOWN_ROLE',
                 'Primary script unknown') {
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
    is(count_frames($hm, 'fastcgi.expert.begun_before_capture'), 1, 'mid-connection request: begun before the capture, said once');
    is(count_frames($hm, 'fastcgi.expert.not_begun'), 0, 'and not called never begun');
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
        # Links to later frames (response_in) only exist in the second pass,
        # and so does a record cut off (the first pass cannot know that
        # nothing more will come); everything else must match.
        my %cut = map { $_ => 1 } frames_of($f, 'fastcgi.expert.cut_off');
        $two = join '', grep { /^(\d+)/ && !$cut{$1} } split /^/m, $two;
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
        my $mine = $ts->run('-r', $f, '-Y', 'fastcgi.param.name', '-T', 'pdml');
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


$suites{display} = sub {
    my $pf = sample('php-post-form');
    my $pdml = $ts->run('-r', $pf, '-Y', 'frame.number == 4', '-T', 'pdml');

    # 1. The visible row of a pair is a field of its own.
    like($pdml, qr{<field name="fastcgi\.param\.REQUEST_METHOD" showname="REQUEST_METHOD: POST" size="20" pos="\d+" show="POST"},
         'REQUEST_METHOD row: the visible field fastcgi.param.REQUEST_METHOD = "POST", over the whole pair');
    like($pdml, qr{<field name="fastcgi\.param\.REQUEST_METHOD" [^>]*show="POST"[^>]*>\s*<field name="fastcgi\.param\.name" [^>]*hide="yes"[^>]*show="REQUEST_METHOD"[^>]*/>\s*<field name="fastcgi\.param\.value" [^>]*hide="yes"[^>]*show="POST"}s,
         'under it, hidden, fastcgi.param.name and fastcgi.param.value');
    is_deeply([ frames_of($pf, 'fastcgi.param.REQUEST_METHOD == "POST"') ], [4], 'the filter the row gives selects the request frame');
    is_deeply([ frames_of($pf, 'fastcgi.param.name == "REQUEST_METHOD" && fastcgi.param.value == "POST"') ], [4],
              'name and value stay filterable');
    my @col = $ts->columns($pf, 'fastcgi', [['No.', '%m'], ['M', '%Cus:fastcgi.param.REQUEST_METHOD']]);
    is_deeply([ map { "$_->[0]=$_->[1]" } @col ], ['4=POST', '6='], 'a column of the row\'s field shows its value, once');
    my $fields = $crafted->{fields};
    my $fp = $ts->run('-r', $fields, '-Y', 'fastcgi.param.name == "HTTP_X_CUSTOM"', '-T', 'pdml');
    like($fp, qr{<field name="fastcgi\.param" showname="HTTP_X_CUSTOM: custom value" [^>]*show="HTTP_X_CUSTOM=custom value"},
         'a name without a field of its own: fastcgi.param = "NAME=VALUE", shown as the others');
    is(count_frames($fields, 'fastcgi.param == "HTTP_X_CUSTOM=custom value"'), 1, 'and the filter it gives matches');

    # 2. The pairs in a "Parameters (n)" subtree, not flat in the record.
    my ($indent, $count, $block) = $pdml =~ m{\n( +)<field name="fastcgi\.params" showname="Parameters \((\d+)\)".*?\n(.*?)\n\1</field>}s;
    is($count, 24, 'PARAMS record: a "Parameters (24)" subtree');
    my @rows = ($block // '') =~ m{^\Q$indent\E  <field name="(fastcgi\.param(?:\.[A-Z_0-9]+)?)" }mg;
    is(scalar @rows, 24, 'holding the 24 pair rows') or diag explain \@rows;
    my ($pt) = $ts->run('-r', $pf, '-Y', 'frame.number == 4', '-T', 'pdml') =~ m{(<proto name="fastcgi" showname="FastCGI Protocol, PARAMS, Request ID 1".*?\n  </proto>)}s;
    unlike($pt // '', qr{^    <field name="fastcgi\.param\.}m, 'no pair row directly in the record');

    # 3. Request fields once per frame: the POST frame (BEGIN, PARAMS, STDIN).
    is(value_in($pf, 4, 'fastcgi.request.method'), 'POST', 'fastcgi.request.method once in the POST frame, not POST,POST');
    is(value_in($pf, 4, 'fastcgi.request.uri'), '/form.php', 'fastcgi.request.uri once');
    my @cc = $ts->columns($pf, 'fastcgi', [['No.', '%m'], ['U', '%Cus:fastcgi.request.uri']]);
    is_deeply([ map { "$_->[0]=$_->[1]" } @cc ], ['4=/form.php', '6=/form.php'], 'a custom column shows the URI once per frame');
    for my $name (qw(php-keep-conn php-get-query fcgiwrap-cgi apache-php-fpm)) {
        my $f = sample($name);
        my @many = grep { scalar(values_of($_->[1])) > 1 } $ts->fields($f, 'fastcgi', ['frame.number', 'fastcgi.request.method'], '-2');
        is(scalar @many, 0, "$name: no frame repeats a request field");
    }

    # 4. A split pair is announced where it begins, linked to where it ends.
    my $split = $crafted->{split};
    my ($a, $b, $c) = frames_of($split, 'fastcgi.type == 4 && fastcgi.content_length > 0');
    is(value_in($split, $a, 'fastcgi.param.end_frame'), $b, 'the record where HTTP_COOKIE begins links to where it completes');
    is(value_in($split, $b, 'fastcgi.param.begin_frame'), $a, 'where it completes links back');
    ok((grep { $_->[1] =~ /^Pair split across PARAMS records \(it began in frame $a\): .*php-fpm does not accept it/ }
        fastcgi_experts($split, '-Y', "frame.number == $b")), 'and says the pair is split, which php-fpm refuses');
    ok((grep { /split across PARAMS/ } split /\n/, $ts->run('-r', $split, '-q', '-z', 'expert')),
       'known on the first pass too (one-pass -z expert)');
    is(value_in($split, $b, 'fastcgi.param.end_frame'), $c, 'the next split pair, begun there, links to its end');
    is(value_in($split, $c, 'fastcgi.param.begin_frame'), $b, 'which links back');
    for my $name (qw(mux-split-params cgi-fcgi-split-params)) {
        my $f = sample($name);
        my @ends = $ts->fields($f, 'fastcgi.param.end_frame', ['frame.number', 'fastcgi.param.end_frame'], '-2');
        ok(scalar @ends, "$name: a pair announced where it begins");
        for my $r (@ends) {
            my $e = (values_of($r->[1]))[0];
            is(value_in($f, $e, 'fastcgi.param.begin_frame'), $r->[0], "$name: frame $r->[0] -> $e -> $r->[0]");
        }
    }

    # 9. Names and labels: short names in summaries, the specification's in
    # fields, two differently named reserved fields, data sources named once.
    my $v = $ts->run('-r', $pf, '-V', '-O', 'fastcgi');
    like($v, qr/^FastCGI Protocol, BEGIN_REQUEST, Request ID 1$/m, 'a record\'s row says BEGIN_REQUEST');
    like($v, qr/^    Type: FCGI_BEGIN_REQUEST \(1\)$/m, 'its Type field says FCGI_BEGIN_REQUEST, as the specification');
    like($v, qr/^    Header reserved: 0x00$/m, 'the header\'s reserved octet: "Header reserved"');
    like($v, qr/^    Body reserved: 0000000000$/m, 'a body\'s: "Body reserved"');
    unlike($v, qr/^\s+Reserved: /m, 'no field labelled just "Reserved"');
    my $v2 = sample('malformed-version-2');
    my @vi = grep { /version/ } map { $_->[0] } $ts->fields($v2, 'fastcgi.expert.version', ['_ws.col.Info']);
    like($vi[0] // '', qr/\[1\] version 2 record, not decoded/, 'a version-2 record\'s Info says so');
    unlike($vi[0] // '', qr/version\?/, 'not "version?"');
    my $x = $ts->run('-r', sample('php-large-response'), '-2', '-x', '-Y', 'fastcgi.stdout');
    like($x, qr/^Reassembled STDOUT \(\d+ bytes\):$/m, 'data source "Reassembled STDOUT" (Wireshark adds the size)');
    unlike($x, qr/octets\) \(/, 'no size said twice');
};

$suites{content} = sub {
    # 5. Compressed bodies decompressed before the media hand-off.
    my $enc = $crafted->{encoded};
    my $objects = exported($enc);
    my $zstd_note = count_frames($enc, 'fastcgi.expert.encoding_unsupported && fastcgi.request.uri contains "zstd"', '-2');
    for my $e (@FcgiCrafted::ENCODED) {
        my ($name, $coding, $wire, $text) = @$e;
        my $got = $objects->{"$name.txt"};
        if ($name eq 'zstd' && $zstd_note) {
            is($got, $wire, 'zstd: this Wireshark cannot undo it, says so, exports the octets as sent');
        } elsif (defined $text) {
            is($got, $text, "$name ($coding): exported decompressed");
        } else {
            is($got, $wire, "$name: not decompressed, exported as sent");
        }
    }
    is(count_frames($enc, 'fastcgi.expert.decompression_failed'), 1, 'a corrupt gzip body: decompression_failed');
    ok(count_frames($enc, 'fastcgi.expert.encoding_unsupported && fastcgi.response.content_encoding == "compress"') == 1,
       'an unknown coding: encoding_unsupported');
    my $ev = $ts->run('-r', $enc, '-V');
    like($ev, qr/gzip body: decompressed by the dissector/, 'the media dissector sees the decompressed text');
    like($ev, qr/Content-encoded body \(br\): \d+ octets \S+ \d+ octets/, 'br too (this Wireshark has brotli)');
    like($ts->run('-r', $enc, '-x', '-Y', 'fastcgi.response.decompressed_length'), qr/^Decompressed body \(\d+ bytes\):$/m,
         'the decompressed body is a data source of its own');
    my $off = exported($enc, '-o', 'fastcgi.decompress_body:FALSE');
    is($off->{'gzip.txt'}, $FcgiCrafted::ENCODED[0][2], 'preference decompress_body off: the body as sent');
    is(count_frames($enc, 'fastcgi.response.decompressed_length', '-o', 'fastcgi.decompress_body:FALSE'), 0, 'and nothing decompressed');
    my $pc = exported(sample('php-compressed'));
    like($pc->{'compressed.php'} // '', qr/^<!DOCTYPE html>/, 'php-compressed: the gzip page exported as HTML');
    like($pc->{'report.csv'} // '', qr/^1,item 1,3\n/, 'the deflate download exported as CSV, named report.csv');
  SKIP: {
        my ($apache) = grep { /apache-mod-proxy-fcgi-ndpi/ } real_captures();
        skip 'the shared Apache capture is absent', 3 unless $apache;
        my $warns = grep { $_->[0] =~ /^(Warns|Errors)$/ } map { [ /^(\S+)/ ] } grep { /XML/ }
                    split /\n/, $ts->run('-r', $apache, '-q', '-z', 'expert');
        my $xml = $ts->run('-r', $apache, '-q', '-z', 'expert');
        unlike($xml, qr/Unrecognized text/, 'Apache capture: the gzip XML body is XML to the XML dissector');
        my $ao = exported($apache);
        ok(exists $ao->{'map.osm'}, 'exported as map.osm (Content-Disposition)');
        like($ao->{'map.osm'} // '', qr/^<\?xml /, 'decompressed');
    }

    # 6. Export object names.
    my $names = exported($crafted->{objects});
    is_deeply([ sort keys %$names ], [ sort map { $_->[0] } @FcgiCrafted::OBJECTS ],
              'names: Content-Disposition (filename*, filename, no directories), the URI\'s last segment with its query, '
              . 'DOCUMENT_URI for a folder, SCRIPT_NAME or DOCUMENT_URI without REQUEST_URI');
    my $kc = exported(sample('php-keep-conn'));
    is_deeply([ sort keys %$kc ], ['index.php%3freq=1', 'index.php%3freq=3'],
              'php-keep-conn: requests that differ by their query string keep it (the redirect has no body)');
    is_deeply([ sort keys %{ exported(sample('fcgiwrap-cgi')) } ], ['hello.sh%3ffrom=fcgiwrap'],
              'fcgiwrap: /cgi-bin/hello.sh saved as hello.sh, not %2fcgi-bin%2fhello.sh');

    # 7. The request summary.
    my $f = $crafted->{fields};
    my ($end1, $end2, $end3) = frames_of($f, 'fastcgi.type == 3');
    is(value_in($f, $end1, 'fastcgi.request.scheme'), 'https', 'scheme from HTTPS=on');
    is(value_in($f, $end2, 'fastcgi.request.scheme'), 'http', 'scheme from REQUEST_SCHEME');
    is(value_in($f, $end1, 'fastcgi.request.server_name'), 'shop.example', 'server name');
    is(value_in($f, $end1, 'fastcgi.request.traceparent'), '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'trace parent');
    is(value_in($f, $end1, 'fastcgi.request.x_request_id'), 'req-42', 'request id header');
    is(value_in($f, $end2, 'fastcgi.request.query_string'), '', 'an empty QUERY_STRING is no summary line');
    unlike($ts->run('-r', sample('php-post-form'), '-V'), qr/\[Query string: \]/, 'php-post-form: no "[Query string: ]"');
    my $tree = $ts->run('-r', $f, '-q', '-z', 'fastcgi,tree');
    like($tree, qr{^FastCGI/FastCGI Requests:$}m, 'the statistics are FastCGI Requests, under FastCGI');
    like($tree, qr{^\s+/cgi-bin/plain\.sh\s+1\b}m, 'by script: SCRIPT_NAME when SCRIPT_FILENAME is absent');
    like($tree, qr{^\s+/srv/www/traced\.php\s+1\b}m, 'SCRIPT_FILENAME otherwise');
    # 13. One CGI parser: "Status: abc" is no status anywhere.
    is(value_in($f, $end3, 'fastcgi.response.status'), '', 'Status: abc gives no fastcgi.response.status');
    is(count_frames($f, 'fastcgi.expert.bad_status'), 1, 'but an expert item');
    like($tree, qr/^\s+\(none\)\s+1\b/m, 'and no status in the statistics');
    unlike(join(' ', map { $_->[0] } $ts->fields($f, 'fastcgi.type == 3', ['_ws.col.Info'])), qr/STDOUT 200.*STDOUT 200.*STDOUT 200/,
           'nor in Info');
};

# Real servers' ordinary traffic (and, when present, the shared captures).
my @ORDINARY = qw(php-get-query php-post-form php-post-multipart php-large-response php-redirect php-get-values
                  php-nonstandard-port php-keep-conn php-compressed apache-php-fpm fcgiwrap-cgi
                  mux-multiplexed mux-responder-post mux-filter-data mux-authorizer mux-get-values);

$suites{experts} = sub {
    # 8. An ordinary exchange raises nothing above Chat.
    my @files = ((map { sample($_) } @ORDINARY), grep { m{/(apache-mod-proxy|nginx-php-fpm)[^/]*$} } real_captures());
    for my $f (@files) {
        (my $b = $f) =~ s{.*/}{};
        my @above = grep { $_->[0] ne 'Chats' } fastcgi_experts($f);
        is(scalar @above, 0, "$b: no FastCGI expert item above Chat") or diag explain \@above;
    }
    my $kc = sample('php-keep-conn');
    is(count_frames($kc, 'fastcgi.expert.unterminated_stream'), 3, 'php-keep-conn: php-fpm\'s unterminated STDOUT said on each of the 3 responses');
    ok((grep { $_->[0] eq 'Chats' && $_->[1] =~ /^STDOUT not terminated .*php-fpm/ } fastcgi_experts($kc)), 'at Chat, naming php-fpm');
    ok((grep { $_->[1] =~ /php-fpm leaves stale octets/ && $_->[0] eq 'Chats' } fastcgi_experts($kc)),
       'php-fpm\'s stale END_REQUEST reserved octets: Chat, naming php-fpm');

    # 9. Messages that say what happened.
    my $ends = $crafted->{ends};
    my ($s1, $s2) = frames_of($ends, 'fastcgi.type == 5');
    is(count_frames($ends, "frame.number == $s2 && fastcgi.expert.repeated_end_of_stream", '-2'), 1,
       'a second empty STDIN: "already ended ... a second one"');
    is(count_frames($ends, 'fastcgi.expert.after_end_of_stream && fastcgi.type == 5', '-2'), 0, 'not "data after"');
    ok((grep { $_->[0] eq 'Chats' && $_->[1] =~ /STDIN already ended with an empty record in frame $s1/ } fastcgi_experts($ends)),
       'at Chat, with the frame of the first');
    ok((grep { $_->[0] eq 'Warns' && $_->[1] =~ /^STDOUT data after/ } fastcgi_experts($ends)), 'STDOUT data after its end: a warning');
    my $ur = sample('mux-unknown-role');
    is(count_frames($ur, 'fastcgi.expert.not_begun', '-2'), 0, 'PARAMS after END_REQUEST(UNKNOWN_ROLE): not "never begun"');
    ok((grep { $_->[1] =~ /^PARAMS of request 1 after its END_REQUEST \(frame \d+\): the application answered without reading it$/ }
        fastcgi_experts($ur)), 'but input after END_REQUEST, the frame of the END_REQUEST said');
    # A refused body says which rule failed: the length for its type, or
    # the request id for its class, never both when only one is wrong.
    my $bl = sample('malformed-bad-body-length');
    is(count_frames($bl, 'fastcgi.expert.bad_length', '-2'), 3, 'bad body lengths: the length rule, three times');
    is(count_frames($bl, 'fastcgi.expert.management_id || fastcgi.expert.application_id', '-2'), 0, 'and not the request id');
    ok((grep { $_->[1] =~ /^BEGIN_REQUEST with 5 octets of content: / } fastcgi_experts($bl)), 'naming the type and the length');
    my $mi = sample('malformed-management-nonzero-id');
    is(count_frames($mi, 'fastcgi.expert.management_id', '-2'), 2, 'management records with an id: the id rule');
    is(count_frames($mi, 'fastcgi.expert.bad_length', '-2'), 0, 'and not the length');
    my $huge = sample('malformed-huge-nv-length');
    unlike($ts->run('-r', $huge, '-2', '-V'), qr/will be shown truncated/, 'no promise of a truncated display that never comes');

    # 10. A record cut off when the connection closes.
    my $cut = sample('malformed-truncated-record');
    is_deeply([ map { "$_->[0] $_->[1] $_->[2]" } $ts->columns($cut, 'fastcgi.expert.cut_off', [['No.', '%m'], ['Protocol', '%p'], ['Info', '%i']], '-2') ],
              ['6 FastCGI [1] PARAMS cut off after 13 of 72 octets'], 'malformed-truncated-record: frame 6 is a cut-off PARAMS record');
    ok((grep { $_->[0] eq 'Warns' && $_->[1] =~ /^Record cut off: a PARAMS record of request 1, 72 octets .*the connection carried no more after 13/ }
        fastcgi_experts($cut)), 'a warning: the connection went on without the rest');
    is(count_frames($ends, 'fastcgi.expert.cut_off', '-2'), 1, 'a record header cut off too');
    my $head = $ts->work . '/cut-by-capture.pcap';
    system('editcap', '-F', 'pcap', '-r', $cut, $head, '1-6') == 0 or die "editcap";
    chmod 0644, $head;
    is(count_frames($head, 'fastcgi.expert.cut_off', '-2'), 0, 'the same record, the capture ending with its frame: not cut off by the connection');
    is(count_frames($head, 'fastcgi.expert.capture_ends', '-2'), 1, 'but incomplete, at Chat');
    is(count_frames(sample('php-large-response'), 'fastcgi.expert.cut_off', '-2'), 0, 'records split across segments are not cut off');

    # 11. Attack shapes and interop traps.
    my $at = $crafted->{attacks};
    my %want = ('fastcgi.expert.newline_in_path' => 2, 'fastcgi.expert.httpoxy' => 1, 'fastcgi.expert.nul_in_name' => 1,
                'fastcgi.expert.params_too_long' => 1);
    for my $e (sort keys %want) {
        my @rows = $ts->fields($at, "tcp.stream == 0 && $e", [$e], '-2');
        is(scalar(map { values_of($_->[0]) } @rows) || scalar @rows, $want{$e}, "$e: $want{$e} on the hostile request");
        is(count_frames($at, "tcp.stream == 1 && $e", '-2'), 0, "$e: none on the ordinary one");
    }
    ok((grep { $_->[1] =~ /reads it as "X"/ } fastcgi_experts($at)), 'the NUL item says what a C server reads');
    is(count_frames($huge, 'fastcgi.expert.huge_length', '-2'), 1, 'a pair announcing 2^31 - 1 octets: huge_length');
    ok((grep { $_->[0] eq 'Errors' && $_->[1] =~ /CVE-2025-23016/ } fastcgi_experts($huge)), 'an error naming libfcgi CVE-2025-23016');
    is(count_frames($crafted->{split}, 'fastcgi.expert.split_pair', '-2'), 2, 'two pairs split across PARAMS records: split_pair twice');
    is(count_frames(sample('cgi-fcgi-split-params'), 'fastcgi.expert.split_pair', '-2'), 1, 'cgi-fcgi\'s split at 8 KiB: once');
    for my $f (map { sample($_) } @ORDINARY) {
        (my $b = $f) =~ s{.*/}{};
        is(count_frames($f, 'fastcgi.expert.newline_in_path || fastcgi.expert.httpoxy || fastcgi.expert.nul_in_name || '
                            . 'fastcgi.expert.huge_length || fastcgi.expert.params_too_long', '-2'), 0, "$b: no attack shape");
    }
};

# The plugin's source: one-way layers, each file its own fields, no proto
# internals, nothing allocated outside a wmem scope where a tvb accessor
# could throw.
# Traffic captured now from real servers (nginx -> php-fpm, Apache
# mod_proxy_fcgi -> php-fpm, fcgiwrap), not only the committed samples:
# every request found (by the heuristic where php-fpm could not have port
# 9000), answered, linked, and nothing above Chat.
$suites{fresh} = sub {
    my @need = ('/usr/sbin/php-fpm8.2', '/usr/sbin/apache2', '/usr/sbin/fcgiwrap');
    my @missing = grep { !-x } @need;
    push @missing, grep { system("command -v $_ >/dev/null 2>&1") != 0 } qw(nginx spawn-fcgi dumpcap curl);
    if ($> != 0 || @missing) {
        print "1..0 # SKIP ", ($> != 0 ? 'needs root (dumpcap on lo)' : "missing @missing"), "\n";
        exit 77;
    }
    my $dir = $ts->work . '/fresh';
    mkdir $dir or die "$dir: $!";
    my %want = (
        'php-get-query' => 1, 'php-post-form' => 1, 'php-post-multipart' => 1, 'php-large-response' => 1,
        'php-redirect' => 1, 'php-compressed' => 2, 'php-keep-conn' => 3, 'apache-php-fpm' => 2,
        'fcgiwrap-cgi' => 1,
    );
    my $only = '^(' . join('|', sort keys %want) . ')$';
    my $log = $ts->work . '/make-samples.log';
    my $rc = system("ONLY='$only' timeout --foreground 300 '$srcdir/scripts/make-samples' '$dir' >'$log' 2>&1");
    is($rc, 0, 'make-samples captured real servers') or diag(`tail -n 30 '$log'`);
    for my $name (sort keys %want) {
        my $f = "$dir/$name.pcapng";
        ok(-s $f, "$name: captured") or next;
        $f = $ts->stage($f);
        my $begins = count_frames($f, 'fastcgi.type == 1');
        ok($begins >= $want{$name}, "$name: $begins request(s) found (at least $want{$name})");
        is(count_frames($f, 'fastcgi.type == 3 && fastcgi.request_in', '-2'), count_frames($f, 'fastcgi.type == 3'),
           "$name: every END_REQUEST linked to its request");
        ok(count_frames($f, 'fastcgi.response.status') >= $want{$name}, "$name: CGI status read");
        my @above = grep { $_->[0] ne 'Chats' } fastcgi_experts($f);
        is(scalar @above, 0, "$name: no FastCGI expert item above Chat") or diag explain \@above;
    }
};

$suites{code} = sub {
    my $dir = "$srcdir/plugin";
    my %src;
    for my $f (glob("$dir/*.c"), glob("$dir/*.h")) {
        open my $fh, '<', $f or die "$f: $!";
        local $/;
        (my $b = $f) =~ s{.*/}{};
        $src{$b} = <$fh>;
        # Comments say why; they may name anything.
        $src{$b} =~ s{/\*.*?\*/}{}gs;
        $src{$b} =~ s{//[^\n]*}{}g;
    }
    for my $b (sort keys %src) {
        unlike($src{$b}, qr/\b(PTREE_DATA|PITEM_FINFO|PNODE_FINFO)\b/, "$b: no proto internals");
        # Files that call tvb accessors make strings in wmem scopes only; a
        # heap block goes straight into a structure that a cleanup routine
        # frees with the file, so that no local pointer is lost to a throw.
        if ($src{$b} =~ /\btvb_\w+\s*\(/) {
            unlike($src{$b}, qr/\b(g_string_new|g_ascii_strdown|g_strdup_printf|g_strdup)\s*\(/,
                   "$b: no GLib string a throw would leak");
            my @heap = $src{$b} =~ /^([^\n]*\bg_(?:malloc0?|realloc|new0?)\s*\()/mg;
            my @loose = grep { !/^\s*\w+(?:->\w+|\[\w+\]\.\w+)+\s*=\s*(?:\w+\s*\?\s*)?(?:\([\w\s*]+\)\s*)?g_\w+\s*\($/ } @heap;
            is_deeply(\@loose, [], "$b: heap blocks only into structures");
            like($src{$b}, qr/\bregister_cleanup_routine\s*\(/, "$b: and freed with the file") if @heap;
        }
        unlike($src{$b}, qr/^\s*extern\s+(int|expert_field|guint|gint)\b/m, "$b: exports no field, expert item or preference");
    }
    # Layers: display files -> tracking and taps -> codec.
    my %includes;
    for my $b (keys %src) { $includes{$b} = [ $src{$b} =~ /#include "([^"]+)"/g ] }
    is_deeply([ sort grep { $_ ne 'fastcgi-request.h' } @{ $includes{'fastcgi-request.c'} } ], [], 'tracking includes only its own header');
    is_deeply([ sort grep { $_ ne 'fastcgi-tap.h' } @{ $includes{'fastcgi-tap.c'} } ], [], 'taps include only their own header');
    unlike($src{'fastcgi-request.c'}, qr/\b(proto_tree_add_\w+|proto_item_\w+|expert_add_\w+|col_\w+|add_new_data_source)\s*\(/,
           'tracking builds no tree, no column, no expert item');
    unlike($src{'fastcgi-tap.c'}, qr/\b(proto_tree_add_\w+|expert_add_\w+)\s*\(/, 'taps build no tree');
    for my $b (qw(fastcgi-params.c fastcgi-body.c)) {
        unlike($src{$b}, qr/#include "packet-fastcgi\.h"/, "$b does not reach back into the record layer");
    }
    ok(!-e "$dir/fastcgi-cgi.c" && $src{'fastcgi-body.c'} =~ /\bfcgi_cgi_parse\s*\(/ && $src{'fastcgi-request.c'} =~ /\bfcgi_cgi_parse\s*\(/,
       'CGI response headers: the codec\'s parser (fcgi/cgi.h), shared with the fcgi tool, in both passes');
    unlike(join('', values %src), qr/"Status"[^;]*isdigit|g_ascii_isdigit/, 'no status digits read outside the codec');
    # Every field, subtree and expert item registered once (Wireshark
    # refuses a second registration; a dead ett is one never used).
    for my $b (sort keys %src) {
        for my $ett ($src{$b} =~ /static gint (ett_\w+)/g) {
            my $uses = () = $src{$b} =~ /\b$ett\b/g;
            ok($uses >= 3, "$b: $ett is declared, registered and used");
        }
    }
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
