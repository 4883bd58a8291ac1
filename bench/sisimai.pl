#!/usr/bin/perl
# sisimai.pl - the Sisimai side of bench.sh: parse every path given, count records.
use strict; use warnings; use Sisimai;
my $n = 0;
for my $path (@ARGV) { my $v = Sisimai->make($path); $n += scalar @$v if $v; }
print "$n\n";
