#!/usr/bin/perl
# crosscheck.pl - Sisimai's records for each file named: file, recipient,
# reason, status, reply code (tab-separated).  The peer side of crosscheck.sh.
use strict; use warnings; use Sisimai;
for my $f (@ARGV) {
	my $v = Sisimai->make($f) or next;
	for my $r (@$v) {
		my $d = $r->damn;
		printf "%s\t%s\t%s\t%s\t%s\n", $f, $d->{recipient} // '', $d->{reason} // '',
		    $d->{deliverystatus} // '', $d->{replycode} // '';
	}
}
