#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# fastcgi-dissection.pl PLUGIN OUT_DIR CAPTURE...
#
# Writes what the plugin makes of each capture to OUT_DIR/<capture>.txt, in
# a form that does not depend on the Wireshark release: per frame, the Info
# column of FastCGI frames and every item of the FastCGI tree (field name,
# position, length and value, indented by depth), its expert items and any
# malformed marker, after two passes; then the `-z fastcgi,tree` statistics
# and the objects `--export-objects fastcgi` saves (name, size, MD5).  Items of other protocols (TCP, the
# media dissectors a body is handed to) are left out: they are Wireshark's
# own and change between releases.  So is the spelling of a boolean's value
# in PDML (1 in 4.0, True in 4.4 and later): booleans are written as 1 or 0.
#
# Comparing these files across Wireshark versions shows whether the plugin
# behaves the same on each (scripts/wireshark-releases does).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use File::Basename qw(basename);
use Digest::MD5;
use FcgiTshark;

my ($plugin, $out, @captures) = @ARGV;
die "usage: $0 PLUGIN OUT_DIR CAPTURE...\n" unless $plugin && $out && @captures;
my $ts = FcgiTshark->new($plugin);
mkdir $out;
my %boolean = map { (split /\t/)[2] => 1 } grep { /^F\t[^\t]*\tfastcgi\.[^\t]*\tFT_BOOLEAN\t/ }
              split /\n/, $ts->run('-G', 'fields');
die "no boolean FastCGI field registered: is the plugin loaded?\n" unless %boolean;

for my $capture (@captures) {
    my $file = $ts->stage($capture);
    # The Info column as the packet list shows it (a postdissector's text
    # does not reach -T fields's _ws.col.info in 4.4 and later).
    my %info = map { $_->[0] => $_->[1] }
               $ts->columns($file, 'fastcgi', [['No.', '%m'], ['Info', '%i']], '-2');
    my $pdml = $ts->run('-r', $file, '-2', '-T', 'pdml');
    die "tshark failed on $capture: " . $ts->last_err . "\n" if $ts->last_rc != 0;

    my @lines;
    my @stack; # open elements: [kind, name]
    for (split /\n/, $pdml) {
        if (/^<packet>/) {
            @stack = ();
            next;
        }
        if (/^\s*<\/(proto|field)>$/) {
            pop @stack;
            next;
        }
        my ($kind, $attrs, $leaf) = /^\s*<(proto|field)\b(.*?)(\/?)>$/ or next;
        my %a;
        $a{$1} = $2 while $attrs =~ /(\w+)="([^"]*)"/g;
        my $name = $a{name} // '';
        if ($kind eq 'field' && $name eq 'num' && @stack == 1 && $stack[0][1] eq 'geninfo') {
            push @lines, "frame $a{show}" . (exists $info{$a{show}} ? "\t$info{$a{show}}" : '');
        }
        # Depth below the outermost FastCGI proto, undef outside it or
        # inside another protocol's tree within it.
        my ($first) = grep { $stack[$_][0] eq 'proto' && $stack[$_][1] eq 'fastcgi' } 0 .. $#stack;
        my $depth = $first;
        $depth = undef if defined $first &&
            grep { $stack[$_][0] eq 'proto' && $stack[$_][1] ne 'fastcgi' } $first .. $#stack;
        my $own = $kind eq 'proto' && $name eq 'fastcgi';
        push @stack, [$kind, $name] unless $leaf;
        next unless $own || (defined $depth && $name =~ /^(fastcgi\.|_ws\.expert|_ws\.malformed)/);
        my $indent = '  ' x ($own ? 0 : @stack - $depth - ($leaf ? 0 : 1));
        my $value = $own ? $a{showname} : ($a{show} // '');
        $value = $value =~ /^(1|True)$/ ? 1 : 0 if $boolean{$name};
        push @lines, join("\t", "$indent$name", $a{pos} // '', $a{size} // '', $value);
    }

    push @lines, 'statistics';
    my $stats = $ts->run('-r', $file, '-q', '-z', 'fastcgi,tree');
    push @lines, grep { /\S/ && !/^=+$/ } split /\n/, $stats;

    push @lines, 'export objects';
    my $eo = $ts->work . '/eo';
    system('rm', '-rf', $eo) == 0 or die "rm $eo\n";
    mkdir $eo;
    chmod 0777, $eo;
    $ts->run('-r', $file, '-q', '--export-objects', "fastcgi,$eo");
    for my $f (sort glob("$eo/*")) {
        open my $fh, '<', $f or die "$f: $!\n";
        binmode $fh;
        push @lines, join("\t", basename($f), -s $f, Digest::MD5->new->addfile($fh)->hexdigest);
    }

    my $path = "$out/" . basename($capture) . '.txt';
    open my $fh, '>', $path or die "$path: $!\n";
    print $fh "$_\n" for @lines;
    close $fh;
}
