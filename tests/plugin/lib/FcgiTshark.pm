# SPDX-License-Identifier: MIT
# FcgiTshark - runs tshark with a freshly built fastcgi.so.
#
# As root, tshark ignores WIRESHARK_PLUGIN_DIR and personal plugin folders,
# so the plugin is copied to $dir/MAJOR.MINOR/epan/fastcgi.so (world-readable)
# and tshark runs as "nobody" with HOME and WIRESHARK_PLUGIN_DIR set to $dir.
# Without root, tshark runs directly with WIRESHARK_PLUGIN_DIR.
#
# MAJOR.MINOR is the Wireshark the plugin was built for: the name of the
# folder the build put it in (build/plugin/plugins/4.0/epan/fastcgi.so), else
# the version of the tshark on PATH.
package FcgiTshark;
use strict;
use warnings;
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use JSON::PP;

sub new {
    my ($class, $plugin) = @_;
    -r $plugin or die "plugin $plugin not found\n";
    my $abi = plugin_abi($plugin) or die "cannot tell the Wireshark version of $plugin\n";
    my $dir = tempdir('fastcgi-plugin-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    chmod 0755, $dir;
    for my $d ("$dir/$abi", "$dir/$abi/epan", "$dir/work") {
        mkdir $d;
        chmod 0777, $d; # the work folder receives exported objects
    }
    copy($plugin, "$dir/$abi/epan/fastcgi.so") or die "copy: $!";
    chmod 0644, "$dir/$abi/epan/fastcgi.so";
    return bless { dir => $dir, abi => $abi }, $class;
}

sub plugin_abi {
    my ($plugin) = @_;
    return $1 if $plugin =~ m{/(\d+\.\d+)/epan/[^/]+$};
    my ($v) = (`tshark --version 2>/dev/null` // '') =~ /^\D*(\d+\.\d+)\./;
    return $v;
}

# MAJOR.MINOR of the Wireshark under test, e.g. "4.0".
sub abi { $_[0]{abi} }

sub dir  { $_[0]{dir} }
sub work { "$_[0]{dir}/work" }

# A capture tshark (running as nobody) can read: copied into the work folder.
sub stage {
    my ($self, $file) = @_;
    (my $base = $file) =~ s{.*/}{};
    my $dst = $self->work . "/$base";
    copy($file, $dst) or die "copy $file: $!";
    chmod 0644, $dst;
    return $dst;
}

sub _cmd {
    my ($self, $with_plugin, @args) = @_;
    my @env = ("HOME=$self->{dir}", 'WIRESHARK_ABORT_ON_DISSECTOR_BUG=1');
    push @env, "WIRESHARK_PLUGIN_DIR=$self->{dir}" if $with_plugin;
    # Without the plugin, HOME and the plugin dir point elsewhere.
    @env = ('HOME=/nonexistent', 'WIRESHARK_ABORT_ON_DISSECTOR_BUG=1') unless $with_plugin;
    my @pre = $> == 0 ? ('runuser', '-u', 'nobody', '--', 'env', @env) : ('env', @env);
    return (@pre, 'tshark', @args);
}

sub _run {
    my ($self, $with_plugin, @args) = @_;
    my @cmd = $self->_cmd($with_plugin, @args);
    my $pid = open(my $fh, '-|');
    defined $pid or die "fork: $!";
    if (!$pid) {
        open STDERR, '>', "$self->{dir}/stderr.txt";
        exec @cmd or exit 127;
    }
    local $/;
    my $out = <$fh> // '';
    close $fh;
    my $rc = $?;
    open my $e, '<', "$self->{dir}/stderr.txt";
    my $err = <$e> // '';
    $self->{last_rc} = $rc;
    $self->{last_err} = $err;
    return $out;
}

sub last_rc  { $_[0]{last_rc} }
sub last_err { $_[0]{last_err} }

# tshark with the plugin: returns stdout.
sub run { my $self = shift; return $self->_run(1, @_) }

# tshark without the plugin (the built-in fcgi dissector only).
sub run_builtin { my $self = shift; return $self->_run(0, @_) }

# Rows of -T fields output, one array per frame.
sub fields {
    my ($self, $file, $filter, $fields, @extra) = @_;
    my $out = $self->run('-r', $file, (defined $filter ? ('-Y', $filter) : ()), '-T', 'fields',
                         '-E', 'occurrence=a', '-E', "aggregator=\x1f", @extra,
                         map { ('-e', $_) } @$fields);
    return map { [ split /\t/, $_, -1 ] } split /\n/, $out;
}

# Rows of the packet list as a user sees it, with the columns given as
# [title, format] pairs (-T tabs; the names of -T fields's _ws.col.* fields
# differ between Wireshark versions, and a postdissector's column text does
# not reach them in 4.2 and later).
sub columns {
    my ($self, $file, $filter, $cols, @extra) = @_;
    my $format = join ',', map { qq{"$_->[0]","$_->[1]"} } @$cols;
    my $out = $self->run('-r', $file, (defined $filter ? ('-Y', $filter) : ()), '-T', 'tabs',
                         '-o', "gui.column.format:$format", @extra);
    return map { [ map { s/^\s+|\s+$//gr } split /\t/, $_, -1 ] } split /\n/, $out;
}

# -T json with -e fields: list of { field => [values] } per frame.
sub json_fields {
    my ($self, $file, $filter, $fields, @extra) = @_;
    my $out = $self->run('-r', $file, (defined $filter ? ('-Y', $filter) : ()), '-T', 'json',
                         @extra, map { ('-e', $_) } @$fields);
    return () unless $out =~ /\S/;
    my $data = JSON::PP->new->utf8->decode($out);
    return map { $_->{_source}{layers} } @$data;
}

1;
