#!/usr/bin/perl
# sisimai.pl - the Sisimai side of bench.sh: Sisimai->make for each file
# under the paths given (directories walked), then the number of records.
use strict; use warnings; use Sisimai; use File::Find;
my $n = 0;
find({ no_chdir => 1, wanted => sub { return unless -f $_; my $v = Sisimai->make($_); $n += scalar @$v if $v; } }, @ARGV);
print "$n\n";
