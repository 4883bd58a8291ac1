#!/bin/sh
# multi.test.sh - each recipient of a bounce gets its own reason: the own
# phrases of tests/seeds.tsv, two at a time, as the replies for two
# recipients of one Postfix report, one Exim report, one RFC 3464 DSN, one
# Sendmail transcript, one qmail report, one Office 365 NDR, one Exchange
# 2003 NDR and one Domino report; each recipient's record must give its
# phrase's reason, and no third record may appear.  Phrases that name an address of
# their own are left to seeds.test.sh (a reply naming another address is
# another recipient to these formats).
bin=${1:-./bouncediag}
mbox=$(mktemp /tmp/bd-multi.XXXXXX) || exit 2
trap 'rm -f "$mbox" "$mbox.want"' EXIT

grep -v '^#' tests/seeds.tsv | grep . | grep -v '@' | awk -F'\t' -v want="$mbox.want" '
function head(subject) {
	printf "From MAILER-DAEMON Mon Nov 23 10:00:00 2026\nFrom: MAILER-DAEMON@mx.example.org\n"
	printf "To: alice@example.org\nSubject: %s\n", subject
}
NR % 2 == 1 { a = $1; ta = $2; next }
{
	b = $1; tb = $2
	head("Undelivered Mail Returned to Sender")
	printf "\nThis is the mail system at host mx.example.org.\n\n"
	printf "<bob@example.net>: host mx.example.net[192.0.2.7] said: %s (in reply to RCPT TO command)\n\n", ta
	printf "<carol@example.com>: host mx.example.com[192.0.2.8] said: %s (in reply to RCPT TO command)\n\n", tb
	head("Mail delivery failed: returning message to sender")
	printf "\nThis message was created automatically by mail delivery software.\n\n"
	printf "  bob@example.net\n    host mx.example.net [192.0.2.7]\n"
	printf "    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n    %s\n\n", ta
	printf "  carol@example.com\n    host mx.example.com [192.0.2.8]\n"
	printf "    SMTP error from remote mail server after RCPT TO:<carol@example.com>:\n    %s\n\n", tb
	head("Delivery Status Notification (Failure)")
	printf "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	printf "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
	printf "Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.0.0\n"
	printf "Diagnostic-Code: smtp; %s\n\n", ta
	printf "Final-Recipient: rfc822; carol@example.com\nAction: failed\nStatus: 5.0.0\n"
	printf "Diagnostic-Code: smtp; %s\n--b--\n\n", tb
	head("Returned mail: see transcript for details")
	printf "\n   ----- The following addresses had permanent fatal errors -----\n"
	printf "<bob@example.net>\n    (reason: %s)\n<carol@example.com>\n    (reason: %s)\n\n", ta, tb
	printf "   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
	printf ">>> RCPT To:<bob@example.net>\n<<< %s\n... while talking to mx.example.com.:\n", ta
	printf ">>> RCPT To:<carol@example.com>\n<<< %s\n\n", tb
	head("failure notice")
	printf "\nHi. This is the qmail-send program at mx.example.org.\n"
	printf "I\047m afraid I wasn\047t able to deliver your message to the following addresses.\n"
	printf "This is a permanent error; I\047ve given up. Sorry it didn\047t work out.\n\n"
	printf "<bob@example.net>:\nRemote host said: %s\n\n", ta
	printf "<carol@example.com>:\nRemote host said: %s\n\n", tb
	head("Undeliverable: hello")
	printf "\nDelivery has failed to these recipients or groups:\n\nbob@example.net\ncarol@example.com\n\n"
	printf "Diagnostic information for administrators:\n\nGenerating server: AM0PR01MB1234.prod.outlook.com\n\n"
	printf "bob@example.net\nRemote Server returned \047%s\047\n\n", ta
	printf "carol@example.com\nRemote Server returned \047%s\047\n\n", tb
	head("Undeliverable: hello")
	printf "\nYour message\n\n  Subject: hello\n\ndid not reach the following recipient(s):\n\n"
	printf "bob@example.net on 11/23/2026 10:00 AM\n    %s\n    <mx.example.net #5.0.0 smtp;%s>\n\n", ta, ta
	printf "carol@example.com on 11/23/2026 10:00 AM\n    %s\n    <mx.example.com #5.0.0 smtp;%s>\n\n", tb, tb
	head("DELIVERY FAILURE: hello")
	printf "\nYour message\n\n  Subject: hello\n\nwas not delivered to:\n\n  bob@example.net\n\nbecause:\n\n  %s\n\n", ta
	printf "and was not delivered to:\n\n  carol@example.com\n\nbecause:\n\n  %s\n\n", tb
	for (i = 0; i < 8; i++)
		printf "%s\t%s\n", a, b > want
}' > "$mbox"

"$bin" --jobs 1 --format tsv "$mbox" | awk -F'\t' -v want="$mbox.want" '
BEGIN { split("postfix exim dsn sendmail qmail exchange exchange2003 domino", wrapper, " ") }
NR == 1 { while ((getline w < want) > 0) { split(w, p, "\t"); allow_b[++m] = p[1]; allow_c[m] = p[2] }; next }
{
	n[$2]++
	if ($3 == "bob@example.net") got_b[$2] = $7
	else if ($3 == "carol@example.com") got_c[$2] = $7
}
function ok(allowed, got,   k, list) {
	split(allowed, list, ",")
	for (k in list)
		if (list[k] == got)
			return 1
	return 0
}
END {
	bad = 0
	for (i = 1; i <= m; i++)
		if (n[i] != 2 || !ok(allow_b[i], got_b[i]) || !ok(allow_c[i], got_c[i])) {
			printf "FAIL message %d (%s): want %s and %s, got %s and %s (%d records)\n", i,
			    wrapper[(i - 1) % 8 + 1], allow_b[i], allow_c[i], got_b[i], got_c[i], n[i]
			bad++
		}
	printf "two recipients, each its own reason: %d/%d bounces\n", m - bad, m
	exit bad > 0
}'
