# SPDX-License-Identifier: MIT
# FcgiCrafted - the crafted captures of the plugin tests.  Records are built
# with Net::FastCGI (an implementation independent of our codec) or, for the
# malformed ones, by hand with pack().  write_all($dir) writes every capture
# and returns { name => path }.
package FcgiCrafted;
use strict;
use warnings;
use Net::FastCGI::Constant qw(:all);
use Net::FastCGI::Protocol qw(build_record build_header build_begin_request_body
                              build_end_request_body build_params build_stream
                              build_unknown_type_body);
use Compress::Zlib ();
use Compress::Raw::Zlib ();
use FcgiCapture;

# Pairs in the order given (build_params takes a hash, so one pair at a time).
sub params { my @kv = @_; my $s = ''; while (my ($k, $v) = splice(@kv, 0, 2)) { $s .= build_params({ $k => $v }) } $s }
sub begin  { my ($id, $role, $flags) = @_; build_record(FCGI_BEGIN_REQUEST, $id, build_begin_request_body($role, $flags // 0)) }
sub endreq { my ($id, $app, $ps) = @_; build_record(FCGI_END_REQUEST, $id, build_end_request_body($app // 0, $ps // FCGI_REQUEST_COMPLETE)) }
sub stream { my ($type, $id, $content) = @_; build_stream($type, $id, $content, 1) }
# A raw record: header fields as given, then content and padding octets.
sub raw { my ($type, $id, $content, %o) = @_;
    my $pad = $o{padding} // '';
    pack('CCnnCC', $o{version} // 1, $type, $id, length $content, length $pad, $o{reserved} // 0) . $content . $pad }

our %PARAMS_A = (
    REQUEST_METHOD => 'GET', REQUEST_URI => '/index.php?x=1', SCRIPT_FILENAME => '/srv/www/index.php',
    QUERY_STRING => 'x=1', HTTP_HOST => 'example.test', HTTP_X_UTF8 => "h\xc3\xa9llo w\xc3\xb6rld",
    HTTP_X_BINARY => "a\xffb\x01c", SERVER_PROTOCOL => 'HTTP/1.1',
);

my %builders;

# Two requests on one kept-alive connection, both with id 1 (as nginx does).
$builders{basic} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40100, sport => 9000);
    $k->send('c', begin(1, FCGI_RESPONDER, FCGI_KEEP_CONN)
        . stream(FCGI_PARAMS, 1, params(map { ($_, $PARAMS_A{$_}) } sort keys %PARAMS_A))
        . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $c->sleep(0.25);
    $k->send('s', stream(FCGI_STDOUT, 1, "Status: 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>not here</p>\n")
        . stream(FCGI_STDERR, 1, "PHP Warning: something odd\nsecond line\n")
        . endreq(1), seg => 65000);
    $k->send('c', begin(1, FCGI_RESPONDER, FCGI_KEEP_CONN)
        . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'POST', REQUEST_URI => '/form.php',
                                        SCRIPT_FILENAME => '/srv/www/form.php',
                                        CONTENT_TYPE => 'application/x-www-form-urlencoded',
                                        CONTENT_LENGTH => 17)), seg => 65000);
    $k->send('c', build_record(FCGI_STDIN, 1, 'first=1&') . build_record(FCGI_STDIN, 1, 'second=two')
        . build_record(FCGI_STDIN, 1, ''), seg => 65000);
    $c->sleep(0.05);
    $k->send('s', stream(FCGI_STDOUT, 1, "Location: /next\r\nContent-Type: text/plain\r\n\r\nmoved\n") . endreq(1), seg => 65000);
    $k->close;
    return $c;
};

# A pair split across PARAMS records, and a 4-octet length prefix split too.
$builders{split} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40200, sport => 9000);
    my $big = 'v' x 3000;
    my $p = params(REQUEST_METHOD => 'GET', REQUEST_URI => '/split.php', HTTP_COOKIE => $big,
                   HTTP_X_AFTER => 'short', HTTP_X_LONGNAME => 'w' x 200, LAST => 'end');
    my $cookie_at = index($p, 'HTTP_COOKIE');
    my $cut1 = $cookie_at + 100;                   # inside the big value
    my $long_at = index($p, 'HTTP_X_LONGNAME');
    my $cut2 = $long_at - 3;                       # inside the 4-octet value length
    $k->send('c', begin(1, FCGI_RESPONDER) . build_record(FCGI_PARAMS, 1, substr($p, 0, $cut1)), seg => 65000);
    $k->send('c', build_record(FCGI_PARAMS, 1, substr($p, $cut1, $cut2 - $cut1)), seg => 65000);
    $k->send('c', build_record(FCGI_PARAMS, 1, substr($p, $cut2)) . build_record(FCGI_PARAMS, 1, '')
        . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('s', stream(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\nok\n") . endreq(1), seg => 65000);
    $k->close;
    return $c;
};

# Interleaved ids, an ABORT_REQUEST, and an overloaded refusal.
$builders{multiplex} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40300, sport => 9000);
    $k->send('c', begin(1, FCGI_RESPONDER, FCGI_KEEP_CONN) . begin(2, FCGI_RESPONDER, FCGI_KEEP_CONN), seg => 65000);
    $k->send('c', stream(FCGI_PARAMS, 2, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/two')) , seg => 65000);
    $k->send('c', stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/one')), seg => 65000);
    $k->send('c', stream(FCGI_STDIN, 2, '') . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('s', build_record(FCGI_STDOUT, 2, "Content-Type: text/plain\r\n\r\ntwo"), seg => 65000);
    $k->send('c', build_record(FCGI_ABORT_REQUEST, 1, ''), seg => 65000);
    $k->send('s', build_record(FCGI_STDOUT, 2, '') . endreq(2), seg => 65000);
    $k->send('s', endreq(1, 0, FCGI_REQUEST_COMPLETE), seg => 65000);
    $k->send('c', begin(3, FCGI_AUTHORIZER) . stream(FCGI_PARAMS, 3, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/auth')), seg => 65000);
    $k->send('s', endreq(3, 7, FCGI_OVERLOADED), seg => 65000);
    $k->close;
    return $c;
};

# FILTER with DATA; GET_VALUES on port 9000 too.
$builders{filter} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40400, sport => 9000);
    $k->send('c', build_record(FCGI_GET_VALUES, 0, params(FCGI_MAX_CONNS => '', FCGI_MAX_REQS => '', FCGI_MPXS_CONNS => '')), seg => 65000);
    $k->send('s', build_record(FCGI_GET_VALUES_RESULT, 0, params(FCGI_MAX_CONNS => '10', FCGI_MAX_REQS => '50', FCGI_MPXS_CONNS => '1')), seg => 65000);
    $k->send('c', begin(1, FCGI_FILTER) . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/filtered.txt',
        FCGI_DATA_LENGTH => 11)) . stream(FCGI_STDIN, 1, '') . stream(FCGI_DATA, 1, 'hello world'), seg => 65000);
    $k->send('s', stream(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\nHELLO WORLD") . endreq(1), seg => 65000);
    # The application does not know type 12 and says so.
    $k->send('c', raw(12, 0, ''), seg => 65000);
    $k->send('s', build_record(FCGI_UNKNOWN_TYPE, 0, build_unknown_type_body(12)), seg => 65000);
    $k->close;
    return $c;
};

# One anomaly per client segment, so frame order tells which is which.
our @MALFORMED = (
    [ 'fastcgi.expert.version',              raw(FCGI_STDIN, 1, '', version => 2) ],
    [ 'fastcgi.expert.bad_length',           raw(FCGI_BEGIN_REQUEST, 9, "\0\x01\0\0\0\0\0") ],
    [ 'fastcgi.expert.management_id',        raw(FCGI_GET_VALUES, 1, '') ],
    [ 'fastcgi.expert.application_id',       raw(FCGI_STDIN, 0, '') ],
    [ 'fastcgi.expert.unknown_type',         raw(42, 5, '') ],
    [ 'fastcgi.expert.unknown_role',         begin(5, 9) ],
    [ 'fastcgi.expert.not_begun',            build_record(FCGI_STDIN, 77, 'x') ],
    [ 'fastcgi.expert.duplicate_begin',      begin(5, FCGI_RESPONDER) ],
    [ 'fastcgi.expert.after_end_of_stream',  build_record(FCGI_PARAMS, 5, '') . build_record(FCGI_PARAMS, 5, params(A => 'b')) ],
    [ 'fastcgi.expert.padding',              raw(FCGI_STDIN, 5, 'abc', padding => "\0\x07\0\0\0") ],
    [ 'fastcgi.expert.reserved',             raw(FCGI_STDIN, 5, 'def', reserved => 3) ],
    [ 'fastcgi.expert.bad_pair',             begin(6, FCGI_RESPONDER) . build_record(FCGI_PARAMS, 6, "\x05\x09abc") . build_record(FCGI_PARAMS, 6, '') ],
    [ 'fastcgi.expert.abort',                build_record(FCGI_ABORT_REQUEST, 6, '') ],
);
our @MALFORMED_SERVER = (
    [ 'fastcgi.expert.bad_pair',             build_record(FCGI_GET_VALUES_RESULT, 0, "\x0e\x02FCGI_MAX_CONNS1") ],
    [ 'fastcgi.expert.unterminated_stream',  build_record(FCGI_STDOUT, 5, "Content-Type: text/plain\r\n\r\nx") . endreq(5, 3, FCGI_UNKNOWN_ROLE) ],
    [ 'fastcgi.expert.app_status',           '' ],
    [ 'fastcgi.expert.protocol_status',      '' ],
    [ 'fastcgi.expert.stderr',               build_record(FCGI_STDERR, 6, "Primary script unknown\n") ],
);

$builders{malformed} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40500, sport => 9000);
    $k->send('c', $_->[1], seg => 65000) for @MALFORMED;
    $k->send('s', $_->[1], seg => 65000) for grep { length $_->[1] } @MALFORMED_SERVER;
    $k->close;
    return $c;
};

# Heuristic: a conversation on a port nobody registered, starting with BEGIN.
$builders{heur_start} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40600, sport => 4444);
    $k->send('c', begin(1, FCGI_RESPONDER) . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/heur'))
        . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('s', stream(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\nheur") . endreq(1), seg => 65000);
    $k->close;
    return $c;
};

# Heuristic: the capture starts mid-connection, in the middle of a response.
$builders{heur_mid} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40700, sport => 5555, handshake => 0);
    $k->send('s', build_record(FCGI_STDOUT, 3, 'a' x 100) . build_record(FCGI_STDOUT, 3, 'b' x 50)
        . build_record(FCGI_STDOUT, 3, ''), seg => 65000);
    $k->send('s', endreq(3), seg => 65000);
    return $c;
};

# Heuristic: GET_VALUES at the start of a connection.
$builders{heur_getvalues} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40800, sport => 6666);
    $k->send('c', build_record(FCGI_GET_VALUES, 0, params(FCGI_MPXS_CONNS => '')), seg => 65000);
    $k->send('s', build_record(FCGI_GET_VALUES_RESULT, 0, params(FCGI_MPXS_CONNS => '0')), seg => 65000);
    $k->close;
    return $c;
};

# The largest record (65535 + 255) across many segments, then many small
# records in one segment.
$builders{bigrecord} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 40900, sport => 9000);
    $k->send('c', begin(1, FCGI_RESPONDER) . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'POST', REQUEST_URI => '/upload',
        CONTENT_TYPE => 'application/octet-stream')), seg => 65000);
    my $content = join '', map { chr($_ % 251) } 0 .. 65534;
    $k->send('c', raw(FCGI_STDIN, 1, $content, padding => "\0" x 255) . build_record(FCGI_STDIN, 1, ''), seg => 1460);
    my $many = join '', map { build_record(FCGI_STDOUT, 1, sprintf("line %03d\n", $_)) } 1 .. 100;
    $k->send('s', build_record(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\n") . $many . build_record(FCGI_STDOUT, 1, '') . endreq(1), seg => 65000);
    $k->close;
    return $c;
};

# Traffic that is not FastCGI: HTTP, TLS-like and random octets on other ports.
$builders{negative} = sub {
    my $c = FcgiCapture->new;
    my $h = $c->connect(cport => 41000, sport => 8080);
    $h->send('c', "GET /index.php?x=1 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: t\r\n\r\n");
    $h->send('s', "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello");
    $h->close;
    my $t = $c->connect(cport => 41001, sport => 8443);
    $t->send('c', "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" . ("\x11" x 32) . "\x00\x00\x02\x13\x01\x01\x00");
    $t->send('s', "\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03" . ("\x22" x 32));
    $t->close;
    srand(12345);
    for my $i (0 .. 39) {
        my $r = $c->connect(cport => 42000 + $i, sport => 7000 + $i, handshake => $i % 2);
        for (1 .. 5) {
            my $bytes = join '', map { chr(int(rand(256))) } 1 .. 1 + int(rand(600));
            # Half of them start like a FastCGI header, to tempt the heuristic.
            substr($bytes, 0, 1) = "\x01" if $_ % 2;
            $r->send($_ % 2 ? 'c' : 's', $bytes);
        }
    }
    return $c;
};


# A response: CGI headers (CRLF), the empty line, the body, END_REQUEST.
sub respond { my ($id, $headers, $body) = @_;
    stream(FCGI_STDOUT, $id, join('', map { "$_\r\n" } @$headers) . "\r\n" . $body) . endreq($id) }
# One request and its answer on a kept connection, id 1 as nginx sends it.
sub exchange { my ($k, $params, $headers, $body) = @_;
    $k->send('c', begin(1, FCGI_RESPONDER, FCGI_KEEP_CONN) . stream(FCGI_PARAMS, 1, params(@$params))
        . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('s', respond(1, $headers, $body), seg => 65000) }

sub raw_deflate { my ($text) = @_;
    my ($d) = Compress::Raw::Zlib::Deflate->new(-WindowBits => -15, -AppendOutput => 1);
    my $out = '';
    $d->deflate($text, $out); $d->flush($out);
    return $out }

# Response bodies in every content coding the dissector undoes, one that
# is corrupt and one it does not know.  brotli and zstd were made once with
# `printf ... | brotli -c` and `| zstd -c` (Perl has neither).
our @ENCODED = (
    # name, Content-Encoding, body on the wire, the text it holds (undef: none)
    [ 'gzip',    'gzip',     Compress::Zlib::memGzip("gzip body: decompressed by the dissector\n" x 20),
      "gzip body: decompressed by the dissector\n" x 20 ],
    [ 'deflate', 'deflate',  Compress::Zlib::compress("deflate body: decompressed by the dissector\n" x 20),
      "deflate body: decompressed by the dissector\n" x 20 ],
    [ 'rawdeflate', 'deflate', raw_deflate("raw deflate body: decompressed by the dissector\n" x 20),
      "raw deflate body: decompressed by the dissector\n" x 20 ],
    [ 'br',      'br',       pack('H*', '1f2a00f0c56dec779667f7a6d80882a03ab5229c748294a2d3e972fa2ac1d63b149d5e083a958bc100'),
      "brotli body: decompressed by the dissector\n" ],
    [ 'zstd',    'zstd',     pack('H*', '28b52ffd04584901007a73746420626f64793a206465636f6d707265737365642062792074686520646973736563746f720a74c5922c'),
      "zstd body: decompressed by the dissector\n" ],
    [ 'corrupt', 'gzip',     "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" . ("\xff" x 40), undef ],
    [ 'unknown', 'compress', "not a coding anyone undoes", undef ],
);

$builders{encoded} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 41100, sport => 9000);
    for my $e (@ENCODED) {
        exchange($k, [ REQUEST_METHOD => 'GET', REQUEST_URI => "/enc/$e->[0].txt", SCRIPT_NAME => "/enc/$e->[0].txt" ],
                 [ 'Content-Type: text/plain', "Content-Encoding: $e->[1]" ], $e->[2]);
    }
    $k->close;
    return $c;
};

# Export object names: expected name (as tshark saves it, in UTF-8) =>
# request params and response headers.
our @OBJECTS = (
    [ 'report 2024.csv',   [ REQUEST_URI => '/files/get.php?id=7' ],
      [ 'Content-Type: text/csv', 'Content-Disposition: attachment; filename="report 2024.csv"' ] ],
    [ "na\xc3\xafve r\xc3\xa9sum\xc3\xa9.txt", [ REQUEST_URI => '/files/get.php?id=8' ],
      [ 'Content-Type: text/plain', q{Content-Disposition: attachment; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.txt; filename="naive.txt"} ] ],
    [ 'passwd',            [ REQUEST_URI => '/files/get.php?id=9' ],
      [ 'Content-Type: text/plain', 'Content-Disposition: attachment; filename="../../etc/passwd"' ] ],
    [ 'index.php%3fpage=1', [ REQUEST_URI => '/index.php?page=1' ], [ 'Content-Type: Text/HTML; charset=UTF-8' ] ],
    [ 'index.php%3fpage=2', [ REQUEST_URI => '/index.php?page=2' ], [ 'Content-Type: text/html;charset=utf-8' ] ],
    [ 'home.php',          [ REQUEST_URI => '/app/', DOCUMENT_URI => '/app/home.php' ], [ 'Content-Type: text/html' ] ],
    [ 'hello.sh%3fx=1',    [ SCRIPT_NAME => '/cgi-bin/hello.sh', QUERY_STRING => 'x=1' ], [ 'Content-Type: text/plain' ] ],
    [ 'doc.php',           [ DOCUMENT_URI => '/doc.php', SCRIPT_NAME => '/doc.php' ], [ 'Content-Type: text/plain' ] ],
);

$builders{objects} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 41200, sport => 9000);
    my $n = 0;
    for my $o (@OBJECTS) {
        $n++;
        exchange($k, [ REQUEST_METHOD => 'GET', @{ $o->[1] } ], $o->[2], "object $n\n");
    }
    $k->close;
    return $c;
};

# The request fields observability tools read; a request with no
# SCRIPT_FILENAME; a Status that is not one.
$builders{fields} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 41300, sport => 9000);
    exchange($k, [ REQUEST_METHOD => 'GET', REQUEST_URI => '/traced?q=1', QUERY_STRING => 'q=1',
                   SCRIPT_FILENAME => '/srv/www/traced.php', HTTPS => 'on', SERVER_NAME => 'shop.example',
                   HTTP_TRACEPARENT => '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
                   HTTP_X_REQUEST_ID => 'req-42', HTTP_X_CUSTOM => 'custom value' ],
             [ 'Content-Type: text/plain' ], "traced\n");
    exchange($k, [ REQUEST_METHOD => 'GET', REQUEST_URI => '/plain', QUERY_STRING => '', REQUEST_SCHEME => 'http',
                   SCRIPT_NAME => '/cgi-bin/plain.sh' ],
             [ 'Content-Type: text/plain' ], "plain\n");
    exchange($k, [ REQUEST_METHOD => 'GET', REQUEST_URI => '/broken', SCRIPT_FILENAME => '/srv/www/broken.php' ],
             [ 'Status: abc', 'Content-Type: text/plain' ], "broken\n");
    $k->close;
    return $c;
};

# Attack shapes and what php-fpm refuses, on one request; an ordinary
# request on another connection.
$builders{attacks} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 41400, sport => 9000);
    my $p = params(REQUEST_METHOD => 'GET', REQUEST_URI => '/index.php/PHP%0Ais_the_shittiest_lang.php?QQQ',
                   PATH_INFO => "/PHP\nis_the_shittiest_lang.php", SCRIPT_FILENAME => '/srv/www/index.php',
                   HTTP_PROXY => 'http://attacker.example:8080', "X\0Y" => 'nul in the name');
    $k->send('c', begin(1, FCGI_RESPONDER) . build_record(FCGI_PARAMS, 1, $p), seg => 65000);
    # 65535 octets of content and 8 of padding in one PARAMS record.
    my $big = params(HTTP_X_FILLER => 'f' x 65000);
    # The last pair fills the record: 1 octet of name length, 4 of value
    # length (the value is over 127 octets), the name, the value.
    $big .= params(HTTP_X_PAD => 'p' x (65535 - length($big) - 1 - 4 - length('HTTP_X_PAD')));
    die "PARAMS filler is " . length($big) . " octets\n" unless length $big == 65535;
    $k->send('c', raw(FCGI_PARAMS, 1, $big, padding => "\0" x 8) . build_record(FCGI_PARAMS, 1, '')
        . stream(FCGI_STDIN, 1, ''), seg => 1460);
    $k->send('s', respond(1, [ 'Content-Type: text/plain' ], "ok\n"), seg => 65000);
    $k->close;
    my $o = $c->connect(cport => 41401, sport => 9000);
    $o->send('c', begin(1, FCGI_RESPONDER) . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'GET',
        REQUEST_URI => '/index.php?x=1', PATH_INFO => '', SCRIPT_FILENAME => '/srv/www/index.php'))
        . stream(FCGI_STDIN, 1, ''), seg => 65000);
    $o->send('s', respond(1, [ 'Content-Type: text/plain' ], "ok\n"), seg => 65000);
    $o->close;
    return $c;
};

# Stream ends: a second empty STDIN record (harmless), then data after
# STDOUT's empty record (wrong); the connection closes 5 octets into a
# record header.
$builders{ends} = sub {
    my $c = FcgiCapture->new;
    my $k = $c->connect(cport => 41500, sport => 9000);
    $k->send('c', begin(1, FCGI_RESPONDER) . stream(FCGI_PARAMS, 1, params(REQUEST_METHOD => 'GET', REQUEST_URI => '/ends')),
             seg => 65000);
    $k->send('c', build_record(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('c', build_record(FCGI_STDIN, 1, ''), seg => 65000);
    $k->send('s', stream(FCGI_STDOUT, 1, "Content-Type: text/plain\r\n\r\nok\n"), seg => 65000);
    $k->send('s', build_record(FCGI_STDOUT, 1, 'late'), seg => 65000);
    $k->send('s', endreq(1), seg => 65000);
    $k->send('c', substr(begin(2, FCGI_RESPONDER), 0, 5), seg => 65000);
    $k->close;
    return $c;
};

sub write_all {
    my ($dir) = @_;
    my %out;
    for my $name (sort keys %builders) {
        my $file = "$dir/crafted-$name.pcap";
        $builders{$name}->()->write($file);
        $out{$name} = $file;
    }
    return \%out;
}

1;
