#!/bin/sh
# seeds.test.sh - bounce phrases classify into their reasons: the project's
# own phrases (tests/seeds.tsv, several languages), and every phrase quoted
# in the seed articles (../shared/seeds/examples.tsv) when it is present.
bin=${1:-./bouncediag}
fail=0; n=0; good=0

# check ALLOWED TEXT - one of the records' reasons is in ALLOWED (a,b,c)
check() {
	got=$(printf '%s\n' "$2" | "$bin" --format tsv | awk -F'\t' 'NR > 1 { print $7 }' | tr '\n' ',')
	n=$((n + 1))
	for r in $(echo "$got" | tr ',' ' '); do
		case ",$1," in *",$r,"*) good=$((good + 1)); return 0 ;; esac
	done
	echo "FAIL want $1, got ${got:-nothing}: $2"
	fail=1
}

while IFS='	' read -r reason text; do
	case "$reason" in '#'*|'') continue ;; esac
	check "$reason" "$text"
done < tests/seeds.tsv
echo "own phrases: $good/$n"

# wrapped FILE ALLOWED_FIELD TEXT_FIELD NAME - the phrases of FILE as a
# remote server's reply inside whole bounces: a Postfix text report, an
# Exim one, an RFC 3464 DSN, a Sendmail transcript, a qmail report, an
# Office 365 NDR, a Gmail one, an Exchange 2003 one, a Domino one, and
# Chinese (Coremail-like), Japanese, Russian, German and French ones, all
# in one mbox read by one run; each message must give its phrase's reason.
wrapped() {
	mbox=$(mktemp /tmp/bd-seeds.XXXXXX)
	grep -v '^#' "$1" | grep . | awk -F'\t' -v a="$2" -v t="$3" -v want="$mbox.want" '
	function head(subject) {
		printf "From MAILER-DAEMON Mon Nov 23 10:00:00 2026\nFrom: MAILER-DAEMON@mx.example.org\n"
		printf "To: alice@example.org\nSubject: %s\n", subject
	}
	{
		head("Undelivered Mail Returned to Sender")
		printf "\nThis is the mail system at host mx.example.org.\n\n"
		printf "<bob@example.net>: host mx.example.net[192.0.2.7] said: %s (in reply to RCPT TO command)\n\n", $t
		head("Mail delivery failed: returning message to sender")
		printf "\nThis message was created automatically by mail delivery software.\n\n"
		printf "  bob@example.net\n    host mx.example.net [192.0.2.7]\n"
		printf "    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n    %s\n\n", $t
		head("Delivery Status Notification (Failure)")
		printf "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		printf "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		printf "Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.0.0\n"
		printf "Diagnostic-Code: smtp; %s\n--b--\n\n", $t
		head("Returned mail: see transcript for details")
		printf "\n   ----- The following addresses had permanent fatal errors -----\n"
		printf "<bob@example.net>\n    (reason: %s)\n\n", $t
		printf "   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
		printf ">>> RCPT To:<bob@example.net>\n<<< %s\n\n", $t
		head("failure notice")
		printf "\nHi. This is the qmail-send program at mx.example.org.\n"
		printf "I\047m afraid I wasn\047t able to deliver your message to the following addresses.\n"
		printf "This is a permanent error; I\047ve given up. Sorry it didn\047t work out.\n\n"
		printf "<bob@example.net>:\nRemote host said: %s\n\n", $t
		head("Undeliverable: hello")
		printf "\nDelivery has failed to these recipients or groups:\n\nbob@example.net\n"
		printf "A problem occurred while delivering this message to this email address.\n\n"
		printf "Diagnostic information for administrators:\n\nGenerating server: AM0PR01MB1234.prod.outlook.com\n\n"
		printf "bob@example.net\nRemote Server returned \047%s\047\n\n", $t
		head("Delivery Status Notification (Failure)")
		printf "\n** Message not delivered **\n\n"
		printf "Your message couldn\047t be delivered to bob@example.net because the remote server rejected it.\n\n"
		printf "The response was:\n%s\n\n", $t
		head("Undeliverable: hello")
		printf "\nYour message\n\n  Subject: hello\n\ndid not reach the following recipient(s):\n\n"
		printf "bob@example.net on 11/23/2026 10:00 AM\n    %s\n    <mx.example.net #5.0.0 smtp;%s>\n\n", $t, $t
		head("DELIVERY FAILURE: bob@example.net")
		printf "\nYour message\n\n  Subject: hello\n\nwas not delivered to:\n\n  bob@example.net\n\nbecause:\n\n  %s\n\n", $t
		head("=?UTF-8?B?57O757uf6YCA5L+h?=")
		printf "Content-Type: text/plain; charset=utf-8\n\n"
		printf "\xe6\x82\xa8\xe5\x8f\x91\xe9\x80\x81\xe7\x9a\x84\xe9\x82\xae\xe4\xbb\xb6\xe6\x97\xa0\xe6\xb3\x95\xe6\x8a\x95\xe9\x80\x92\n\n"
		printf "\xe6\x94\xb6\xe4\xbb\xb6\xe4\xba\xba\xef\xbc\x9a bob@example.net\n\xe5\x8e\x9f\xe5\x9b\xa0\xef\xbc\x9a %s\n\n", $t
		head("=?UTF-8?B?6YWN5L+h44Ko44Op44O8?=")
		printf "Content-Type: text/plain; charset=utf-8\n\n\xe4\xbb\xa5\xe4\xb8\x8b\xe3\x81\xae\xe5\xae\x9b\xe5\x85\x88\xe3\x81\xb8\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\x92\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x81\xa7\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82\n\n\xe5\xae\x9b\xe5\x85\x88: bob@example.net\n\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc\xe5\x86\x85\xe5\xae\xb9: %s\n\n", $t
		head("=?UTF-8?B?0J3QtdC00L7RgdGC0LDQstC70LXQvdC90L7QtSDRgdC+0L7QsdGJ0LXQvdC40LU=?=")
		printf "Content-Type: text/plain; charset=utf-8\n\n\xd0\xa1\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5\x20\xd0\xbd\xd0\xb5\x20\xd0\xb1\xd1\x8b\xd0\xbb\xd0\xbe\x20\xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe\x2e\n\n\xd0\x9f\xd0\xbe\xd0\xbb\xd1\x83\xd1\x87\xd0\xb0\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c: bob@example.net\n\xd0\x9f\xd1\x80\xd0\xb8\xd1\x87\xd0\xb8\xd0\xbd\xd0\xb0: %s\n\n", $t
		head("Unzustellbar: hello")
		printf "Content-Type: text/plain; charset=utf-8\n\n\x44\x69\x65\x20\x4e\x61\x63\x68\x72\x69\x63\x68\x74\x20\x6b\x6f\x6e\x6e\x74\x65\x20\x6e\x69\x63\x68\x74\x20\x61\x6e\x20\x66\x6f\x6c\x67\x65\x6e\x64\x65\x20\x45\x6d\x70\x66\xc3\xa4\x6e\x67\x65\x72\x20\x7a\x75\x67\x65\x73\x74\x65\x6c\x6c\x74\x20\x77\x65\x72\x64\x65\x6e\x3a\n\nbob@example.net\n\x47\x72\x75\x6e\x64: %s\n\n", $t
		head("Non remis : hello")
		printf "Content-Type: text/plain; charset=utf-8\n\n\x56\x6f\x74\x72\x65\x20\x6d\x65\x73\x73\x61\x67\x65\x20\x6e\x27\x61\x20\x70\x61\x73\x20\x70\x75\x20\xc3\xaa\x74\x72\x65\x20\x72\x65\x6d\x69\x73\x20\x61\x75\x78\x20\x64\x65\x73\x74\x69\x6e\x61\x74\x61\x69\x72\x65\x73\x20\x73\x75\x69\x76\x61\x6e\x74\x73\x20\x3a\n\nbob@example.net\n\x52\x61\x69\x73\x6f\x6e : %s\n\n", $t
		for (i = 0; i < 14; i++)
			print $a > want
	}' > "$mbox"
	"$bin" --format tsv "$mbox" | awk -F'\t' -v want="$mbox.want" -v name="$4" '
	BEGIN { n = split("postfix exim dsn sendmail qmail exchange gmail exchange2003 domino coremail japanese russian german french", wrapper, " ") }
	NR == 1 { while ((getline w < want) > 0) allowed[++m] = w; next }
	{ got[$2] = got[$2] "," $7 }
	END {
		bad = 0
		for (i = 1; i <= m; i++) {
			split(allowed[i], ok, ",")
			hit = 0
			for (k in ok)
				hit = hit || index(got[i] ",", "," ok[k] ",") > 0
			if (!hit) {
				printf "FAIL %s #%d (%s): want %s, got %s\n", name, i,
				    wrapper[(i - 1) % n + 1], allowed[i], got[i]
				bad++
			}
		}
		printf "%s inside bounces: %d/%d\n", name, m - bad, m
		exit bad > 0
	}' || fail=1
	rm -f "$mbox" "$mbox.want"
}

wrapped tests/seeds.tsv 1 2 "own phrases"

shared=../shared/seeds/examples.tsv
if [ -r "$shared" ]; then
	n=0; good=0
	while IFS='	' read -r seed category allowed text; do
		case "$seed" in '#'*|'') continue ;; esac
		check "$allowed" "$text"
	done < "$shared"
	echo "seed examples: $good/$n"
	wrapped "$shared" 3 4 "seed examples"
else
	echo "skip seed examples: $shared not found"
fi
exit $fail
