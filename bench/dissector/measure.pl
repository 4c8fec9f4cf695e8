#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# Times tshark over one capture with (a) the fastcgi plugin, (b) Wireshark's
# built-in fcgi dissector, (c) FastCGI dissection disabled, for two jobs
# (`-V`, and `-2 -T fields`), interleaved: every round runs every command,
# the variants in rotating order, so slow drift of a shared machine hits them
# alike. Prints medians as a markdown table, ratios (a)/(b) first, each the
# median of the per-round ratios. Called by scripts/bench-dissector, which
# prepares the plugin folders (tshark runs as nobody: root's tshark ignores
# WIRESHARK_PLUGIN_DIR).
use strict;
use warnings;
use Getopt::Long;
use POSIX qw(uname);

my %o = (port => 9000, rounds => 5, 'capture-note' => '');
GetOptions(\%o, 'capture=s', 'port=i', 'rounds=i', 'with-plugin=s', 'no-plugin=s',
           'out=s', 'capture-note=s', 'prev-plugin=s')
  or die "usage: measure.pl --capture F --with-plugin DIR --no-plugin DIR --out DIR [--port P] [--rounds N]\n";
for (qw(capture with-plugin no-plugin out)) { die "measure.pl: --$_ is required\n" unless $o{$_} }

my $cap  = $o{capture};
my $port = $o{port};

# How each variant finds (or does not find) FastCGI. The plugin claims port
# 9000 by default; on another port its own preference says so.
my %variant = (
  a => { dir => $o{'with-plugin'},
         args => $port == 9000 ? [] : ['-o', "fastcgi.tcp.port:$port"],
         name => '(a) fastcgi plugin' },
  b => { dir => $o{'no-plugin'}, args => ['-d', "tcp.port==$port,fcgi"],
         name => '(b) built-in fcgi' },
  c => { dir => $o{'no-plugin'}, args => ['-d', "tcp.port==$port,fcgi", '--disable-protocol', 'fcgi'],
         name => '(c) no FastCGI dissection' },
);
# The scripting job: which request, which script, what status. The built-in
# has no field for a param's value, so it lists the param names (its closest
# field) and the END_REQUEST app status; (c) runs (b)'s command with fcgi off.
my @fields_a = map { ('-e', $_) } qw(frame.number fastcgi.request.uri fastcgi.request.script_filename
                                     fastcgi.response.status);
my @fields_b = map { ('-e', $_) } qw(frame.number fcgi.type fcgi.nv_name fcgi.end_request.app_status);
my %job = (
  V      => { name => '`tshark -V`', args => sub { ['-V'] } },
  fields => { name => '`tshark -2 -T fields`',
              args => sub { ['-2', '-T', 'fields', @{ $_[0] =~ /^[ap]$/ ? \@fields_a : \@fields_b }] } },
);
my @jobs = qw(V fields);
my @variants = qw(a b c);
# (p): another build of the plugin (an earlier commit), timed in the same
# rounds so that before and after compare side by side.
if ($o{'prev-plugin'}) {
  $variant{p} = { dir => $o{'prev-plugin'}, args => $variant{a}{args}, name => '(p) previous plugin' };
  push @variants, 'p';
}

sub command {
  my ($v, $j, @extra) = @_;
  my $d = $variant{$v}{dir};
  return ('runuser', '-u', 'nobody', '--', 'env', "HOME=$d", "WIRESHARK_PLUGIN_DIR=$d",
          'tshark', '-r', $cap, @{ $variant{$v}{args} }, @extra, @{ $job{$j}{args}->($v) });
}

sub shell_quote { join ' ', map { /^[\w.\/=:,-]+$/ ? $_ : "'" . s/'/'\\''/gr . "'" } @_ }

# Run one command as nobody under /usr/bin/time; returns (wall s, KiB, CPU s).
# CPU time (user + system) is the steadier figure on a shared machine.
sub timed {
  my ($v, $j) = @_;
  my ($t, $err) = ("$o{out}/time", "$o{out}/stderr");
  unlink $t, $err;
  my @cmd = command($v, $j);
  # time runs inside runuser, so it measures tshark alone, not the PAM session.
  splice @cmd, 4, 0, '/usr/bin/time', '-f', '%e %M %U %S', '-o', $t;
  my $pid = fork // die "fork: $!";
  if (!$pid) {
    open STDOUT, '>', '/dev/null' or die;
    open STDERR, '>', $err or die;
    exec 'timeout', '600', @cmd or die "exec: $!";
  }
  waitpid $pid, 0;
  my $status = $?;
  my $log = -s $err ? do { local (@ARGV, $/) = $err; <> } : '';
  die "measure.pl: $variant{$v}{name}, $j failed (status $status): $log\n" if $status;
  warn "measure.pl: $variant{$v}{name}, $j wrote to stderr:\n$log" if $log =~ /\S/;
  open my $fh, '<', $t or die "measure.pl: no timing from /usr/bin/time\n";
  my ($sec, $kib, $user, $sys) = split ' ', scalar <$fh>;
  return ($sec, $kib, $user + $sys);
}

# Before timing: on the first frames, each variant must find what it claims
# to find, or the table would compare the wrong things.
sub check_variants {
  for my $v (@variants) {
    my @cmd = command($v, 'fields', '-c', '3000');
    open my $fh, '-|', @cmd or die "measure.pl: cannot run tshark: $!\n";
    my ($frames, $hits) = (0, 0);
    while (<$fh>) {
      chomp;
      my (undef, @f) = split /\t/, $_, -1;
      $frames++;
      $hits++ if grep { length } @f;
    }
    close $fh or die "measure.pl: tshark failed for $variant{$v}{name}\n";
    if ($v eq 'c' ? $hits : !$hits) {
      die "measure.pl: $variant{$v}{name}: $hits of $frames frames have FastCGI fields\n";
    }
    printf STDERR "measure.pl: %s: FastCGI fields in %d of the first %d frames\n",
      $variant{$v}{name}, $hits, $frames;
  }
}

sub median {
  my @s = sort { $a <=> $b } @_;
  return @s % 2 ? $s[$#s / 2] : ($s[@s / 2 - 1] + $s[@s / 2]) / 2;
}

sub machine {
  my $cpu = 'unknown CPU';
  if (open my $fh, '<', '/proc/cpuinfo') {
    while (<$fh>) { if (/^model name\s*:\s*(.*)/) { $cpu = $1; last } }
  }
  chomp(my $cores = `nproc 2>/dev/null` || '?');
  my $mem = '?';
  if (open my $fh, '<', '/proc/meminfo') {
    while (<$fh>) { if (/^MemTotal:\s*(\d+)/) { $mem = sprintf '%.0f GiB', $1 / 1048576; last } }
  }
  my (undef, undef, $kernel) = uname();
  chomp(my $ts = (`tshark --version 2>/dev/null` =~ /^(TShark \S+ \S+)/m)[0] // 'tshark ?');
  return "$cpu, $cores online CPUs, $mem RAM, Linux $kernel; $ts";
}

check_variants();

my %res;   # {job}{variant} = [ [sec, kib], ... ]
for my $r (0 .. $o{rounds} - 1) {
  my @order = @variants[map { ($_ + $r) % @variants } 0 .. $#variants];
  for my $j ($r % 2 ? reverse @jobs : @jobs) {
    for my $v (@order) {
      my ($sec, $kib, $cpu) = timed($v, $j);
      push @{ $res{$j}{$v} }, [$sec, $kib, $cpu];
      printf STDERR "measure.pl: round %d/%d %-7s %-27s %7.2f s %8d KiB %7.2f s CPU\n",
        $r + 1, $o{rounds}, $j, $variant{$v}{name}, $sec, $kib, $cpu;
    }
  }
}

sub per_round_ratio {
  my ($j, $k, $x, $y) = @_;
  return median(map { $res{$j}{$x}[$_][$k] / $res{$j}{$y}[$_][$k] } 0 .. $o{rounds} - 1);
}
sub med { my ($j, $v, $k) = @_; median(map { $_->[$k] } @{ $res{$j}{$v} }) }
sub mib { sprintf '%.0f MiB', $_[0] / 1024 }

print "Machine: ", machine(), ".\n";
print "Capture: $o{'capture-note'}.\n" if $o{'capture-note'};
print "Method: $o{rounds} round", ($o{rounds} == 1 ? '' : 's'), "; each round runs every command, the ", scalar(@variants), " variants in rotating order;\n",
      "figures are medians, ratios the median of per-round ratios. tshark runs as nobody, output to /dev/null;\n",
      "wall time, peak RSS and CPU time (user + system) from `/usr/bin/time -f '%e %M %U %S'`.\n\n";
print "| job | wall (a)/(b) | peak RSS (a)/(b) | wall (a) | wall (b) | wall (c) | RSS (a) | RSS (b) | RSS (c) | CPU (a)/(b) | CPU (a) | CPU (b) | CPU (c) |\n";
print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
my @verdicts;
for my $j (@jobs) {
  my $wr = per_round_ratio($j, 0, 'a', 'b');
  my $mr = per_round_ratio($j, 1, 'a', 'b');
  my ($wa, $wb, $wc) = map { med($j, $_, 0) } qw(a b c);
  my ($ma, $mb, $mc) = map { med($j, $_, 1) } qw(a b c);
  my $cr = per_round_ratio($j, 2, 'a', 'b');
  my ($ca, $cb, $cc) = map { med($j, $_, 2) } qw(a b c);
  printf "| %s | **%.2f ×** | **%.2f ×** | %.2f s | %.2f s | %.2f s | %s | %s | %s | %.2f × | %.2f s | %.2f s | %.2f s |\n",
    $job{$j}{name}, $wr, $mr, $wa, $wb, $wc, mib($ma), mib($mb), mib($mc), $cr, $ca, $cb, $cc;
  # -V may cost up to a tenth more than the built-in (the plugin shows
  # more); the scripting job must cost no more.
  my $wt = $j eq 'V' ? 1.10 : 1.00;
  push @verdicts, sprintf('- **%s** %s wall time: (a) = %.2f × (b) (target ≤ %.2f)',
                          $wr <= $wt ? 'met' : 'MISSED', $job{$j}{name}, $wr, $wt);
  push @verdicts, sprintf('- **%s** %s CPU time: (a) = %.2f × (b) (target ≤ %.2f)',
                          $cr <= $wt ? 'met' : 'MISSED', $job{$j}{name}, $cr, $wt);
  push @verdicts, sprintf('- **%s** %s peak RSS: (a) = %.2f × (b) (target ≤ 1.15)',
                          $mr <= 1.15 ? 'met' : 'MISSED', $job{$j}{name}, $mr);
}
if ($variant{p}) {
  print "\nThis plugin (a) against the previous one (p), same rounds:\n\n";
  print "| job | wall (a)/(p) | CPU (a)/(p) | peak RSS (a)/(p) | wall (p) | CPU (p) | RSS (p) | wall (p)/(b) | CPU (p)/(b) | RSS (p)/(b) |\n";
  print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for my $j (@jobs) {
    printf "| %s | %.2f × | %.2f × | %.2f × | %.2f s | %.2f s | %s | %.2f × | %.2f × | %.2f × |\n", $job{$j}{name},
      per_round_ratio($j, 0, 'a', 'p'), per_round_ratio($j, 2, 'a', 'p'), per_round_ratio($j, 1, 'a', 'p'),
      med($j, 'p', 0), med($j, 'p', 2), mib(med($j, 'p', 1)),
      per_round_ratio($j, 0, 'p', 'b'), per_round_ratio($j, 2, 'p', 'b'), per_round_ratio($j, 1, 'p', 'b');
  }
}
print "\nTargets:\n\n", join("\n", @verdicts), "\n\nCommands (CAPTURE, PLUGIN_DIR and EMPTY_DIR stand for the temporary files):\n\n```sh\n";
for my $j (@jobs) {
  for my $v (@variants) {
    my $line = shell_quote(command($v, $j));
    $line =~ s/\Q$cap\E/CAPTURE/g;
    $line =~ s/\Q$o{'with-plugin'}\E/PLUGIN_DIR/g;
    $line =~ s/\Q$o{'no-plugin'}\E/EMPTY_DIR/g;
    print "$line >/dev/null   # $variant{$v}{name}\n";
  }
}
print "```\n";
