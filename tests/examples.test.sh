#!/bin/sh
# examples.test.sh - the bundled example bounces give the reasons they
# were written for, in every input form (file, mbox, Maildir, stdin).
bin=${1:-./bouncediag}
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

# reasons FILE: "recipient reason" per record
reasons() { "$bin" --format tsv "$@" | awk -F'\t' 'NR > 1 { print $3 " " $7 }'; }

expect() {
	name=$1; shift; want=$1; shift
	got=$(reasons "$@" | tr '\n' ';')
	[ "$got" = "$want" ] && ok "$name" || bad "$name: want '$want', got '$got'"
}

expect relay-denied "bob@example.net norelaying;" examples/relay-denied.eml
expect user-unknown "carol@example.net userunknown;dave@example.net userunknown;" examples/user-unknown.eml
expect mailbox-full "erin@example.org mailboxfull;" examples/mailbox-full.eml
expect forwarded-ndr "bob@example.net userunknown;" examples/forwarded-ndr.eml
expect rbl-blocked "frank@example.net blocked;" examples/rbl-blocked.eml
expect outlook-dialog "grace@example.net norelaying;" examples/outlook-dialog.txt
expect "outlook dialog on stdin" "grace@example.net norelaying;" - < examples/outlook-dialog.txt
expect "mbox: four messages, one not a bounce" \
	"bob@example.net norelaying; ;carol@example.net userunknown;dave@example.net userunknown;erin@example.org mailboxfull;" \
	examples/spool.mbox
log="dan@example.org norelaying;fay@example.net blocked;ivy@example.net userunknown;joe@example.net expired;lou@example.org norelaying;max@example.invalid hostunknown;ned@example.net userunknown;oli@example.net userunknown;"
expect "mail log: a record per bounce, deferral or refusal line" "$log" examples/mail.log
expect "mail log on stdin" "$log" - < examples/mail.log
expect "Maildir: cur and new, not tmp" "frank@example.net blocked;erin@example.org mailboxfull;" examples/maildir

# the hard flag follows the reason
hard=$("$bin" --format json examples/user-unknown.eml examples/relay-denied.eml | grep -c '"hard":true')
[ "$hard" = 2 ] && ok "hard only for unknown users" || bad "hard only for unknown users: $hard"
# text output names the reason, the cause, the fix and the rule
"$bin" --format text examples/relay-denied.eml > /tmp/bd-ex.$$ 2>&1
grep -q 'reason: *norelaying' /tmp/bd-ex.$$ && grep -q 'fix:' /tmp/bd-ex.$$ &&
	grep -q 'rule: *norelaying' /tmp/bd-ex.$$ && ok "text block" || bad "text block: $(cat /tmp/bd-ex.$$)"
rm -f /tmp/bd-ex.$$
exit $fail
