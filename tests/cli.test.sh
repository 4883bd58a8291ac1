#!/bin/sh
# cli.test.sh - the command line as a user meets it: help, version, exit
# status, error lines, input kinds (stdin, file, mbox, Maildir, tree),
# formats, summary arithmetic, --jobs ordering, inputs left untouched.
set -u
cd "$(dirname "$0")/.."
bin=./bouncediag
fails=0; n=0
t=$(mktemp -d /tmp/bd-cli.XXXXXX)
trap 'rm -rf "$t"' EXIT

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi
}

dsn() { # dsn RCPT STATUS DIAG: a minimal RFC 3464 bounce
	cat <<MSG
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: alice@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system at host mx.example.org.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; $1
Action: failed
Status: $2
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; $3

--B--
MSG
}

dsn bob@example.net 5.1.1 "550 5.1.1 <bob@example.net>: User unknown" > "$t/unknown.eml"
dsn carol@example.net 5.2.2 "552 5.2.2 Mailbox full" > "$t/full.eml"

# help, version, usage errors
check "help exits 0" $bin --help
$bin --help | grep -q -- '--format' && ok "help lists --format" || bad "help lists --format"
$bin --version | grep -q '^bouncediag [0-9]' && ok "version" || bad "version"
$bin --format xml "$t/unknown.eml" >/dev/null 2>"$t/err"; rc=$?
[ $rc = 2 ] && grep -q "^bouncediag: unknown format 'xml'" "$t/err" && ok "bad format: exit 2 and message" || bad "bad format: exit 2 and message (rc=$rc)"
$bin --jobs 0 - </dev/null >/dev/null 2>&1; [ $? = 2 ] && ok "bad --jobs: exit 2" || bad "bad --jobs: exit 2"
$bin --bogus >/dev/null 2>&1; [ $? = 2 ] && ok "unknown option: exit 2" || bad "unknown option: exit 2"

# the issue's end-to-end example
$bin --format json "$t/unknown.eml" > "$t/out" 2>"$t/err"; rc=$?
[ $rc = 0 ] && ok "DSN: exit 0" || bad "DSN: exit 0 (rc=$rc: $(cat "$t/err"))"
for kv in '"file":"'"$t"'/unknown.eml"' '"message":1' '"recipient":"bob@example.net"' \
    '"action":"failed"' '"status":"5.1.1"' '"reply_code":550' '"reason":"userunknown"' \
    '"hard":true' '"remote_mta":"mx.example.net"' '"smtp_command":null' '"rule":"'; do
	grep -qF "$kv" "$t/out" && ok "DSN json has $kv" || bad "DSN json has $kv: $(cat "$t/out")"
done

# default format: json when stdout is not a terminal
$bin "$t/unknown.eml" | grep -q '^{"file":' && ok "json by default in a pipe" || bad "json by default in a pipe"
# stdin, "-" and file name "-"
$bin --format json < "$t/unknown.eml" | grep -q '"file":"-"' && ok "stdin is -" || bad "stdin is -"
$bin --format json - < "$t/unknown.eml" | grep -q '"reason":"userunknown"' && ok "explicit -" || bad "explicit -"
# a pasted fragment
echo "550 5.7.1 Unable to relay for bob@example.net" | $bin --format json | grep -q '"reason":"norelaying"' \
	&& ok "fragment on stdin" || bad "fragment on stdin"

# missing file: error line with the name, exit 1, the other input still done
$bin --format json "$t/nope.eml" "$t/full.eml" > "$t/out" 2>"$t/err"; rc=$?
[ $rc = 1 ] && ok "missing file: exit 1" || bad "missing file: exit 1 (rc=$rc)"
grep -q "^bouncediag: $t/nope.eml: " "$t/err" && ok "missing file: named on stderr" || bad "missing file: named on stderr"
grep -q '"reason":"mailboxfull"' "$t/out" && ok "missing file: batch goes on" || bad "missing file: batch goes on"

# mbox with CRLF line ends, Maildir, tree
{ echo "From MAILER-DAEMON Mon Nov 23 00:00:00 2026"; cat "$t/unknown.eml"; echo
  echo "From MAILER-DAEMON Mon Nov 23 00:00:01 2026"; cat "$t/full.eml"; } | sed 's/$/\r/' > "$t/box.mbox"
$bin --format json "$t/box.mbox" > "$t/out"
[ "$(grep -c . "$t/out")" = 2 ] && grep -q '"message":2,"recipient":"carol@example.net"' "$t/out" \
	&& ok "CRLF mbox: two messages" || bad "CRLF mbox: two messages: $(cat "$t/out")"
mkdir -p "$t/md/cur" "$t/md/new" "$t/md/tmp"
cp "$t/unknown.eml" "$t/md/cur/1.host:2,S"; cp "$t/full.eml" "$t/md/new/2.host"; cp "$t/full.eml" "$t/md/tmp/3.host"
$bin --format json "$t/md" > "$t/out"
[ "$(grep -c . "$t/out")" = 2 ] && ok "Maildir: cur and new, not tmp" || bad "Maildir: cur and new, not tmp"

# summary adds up; json summary is one object
mkdir -p "$t/tree/a"; cp "$t/unknown.eml" "$t/tree/a/1.eml"; cp "$t/full.eml" "$t/tree/2.eml"
printf 'From: a@example.org\nTo: b@example.org\nSubject: hello\n\nhi\n' > "$t/tree/3.eml"
: > "$t/tree/4.eml"
$bin --summary --format json "$t/tree" > "$t/out" 2>/dev/null; rc=$?
[ "$(grep -c . "$t/out")" = 1 ] && grep -q '"messages":4,"bounces":2,"replies":0,"non_bounces":1,"errors":1' "$t/out" \
	&& ok "json summary adds up" || bad "json summary adds up: $(cat "$t/out")"
# an out-of-office reply is counted apart from the bounces
printf 'From: ann@example.net\nTo: b@example.org\nSubject: Out of Office: hello\nAuto-Submitted: auto-replied\n\nI am away.\n' > "$t/tree/5.eml"
$bin --summary --format json "$t/tree" 2>/dev/null | grep -q '"messages":5,"bounces":2,"replies":1,"non_bounces":1,"errors":1' \
	&& ok "json summary: replies apart" || bad "json summary: replies apart: $($bin --summary --format json "$t/tree" 2>&1)"
[ $rc = 1 ] && ok "empty file makes exit 1" || bad "empty file makes exit 1"
$bin --format text "$t/tree" 2>/dev/null | grep -q '^Summary: 5 messages read: 2 bounces, 1 automatic reply or report' && ok "text batch ends with a summary" \
	|| bad "text batch ends with a summary"
$bin --format text --no-summary "$t/tree" 2>/dev/null | grep -q '^Summary' && bad "--no-summary" || ok "--no-summary"
# a csv or tsv summary is a table of reasons (header + one row per reason)
$bin --summary --format csv "$t/tree" > "$t/out" 2>/dev/null
[ "$(head -n 1 "$t/out")" = "$(printf 'reason,recipients,share,hard,soft,delayed,domains,remote_mtas\r')" ] &&
	[ "$(grep -c . "$t/out")" = 4 ] && grep -q '^userunknown,1,0\.3333,1,0,0,' "$t/out" &&
	grep -q '^mailboxfull,1,0\.3333,0,1,0,' "$t/out" && grep -q '^vacation,1,' "$t/out" &&
	ok "csv summary: a table of reasons" || bad "csv summary: a table of reasons: $(cat "$t/out")"
$bin --summary --format tsv "$t/tree" 2>/dev/null | grep -q "^userunknown	1	0.3333	1	0	0	" &&
	ok "tsv summary: a table of reasons" || bad "tsv summary: a table of reasons"
$bin --summary --no-summary "$t/tree" > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 2 ] && [ ! -s "$t/out" ] && grep -q 'contradict' "$t/err" &&
	ok "--summary --no-summary is refused" || bad "--summary --no-summary is refused"
# recipients only delayed (still retried) are counted apart within their reason
$bin --summary --format json examples/mail.log 2>/dev/null |
	grep -q '"recipients":[0-9]*,"delayed":[1-9][0-9]*,' && ok "json summary: delayed counted" ||
	bad "json summary: delayed counted"
$bin --summary --format text examples/mail.log 2>/dev/null | head -n 1 |
	grep -q 'recipients ([1-9][0-9]* of them delayed, still retried)$' && ok "text summary: delayed counted" ||
	bad "text summary: delayed counted"

# --jobs gives the same output as one job
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cp "$t/unknown.eml" "$t/tree/u$i.eml"; cp "$t/full.eml" "$t/tree/f$i.eml"; done
$bin --format json --jobs 1 "$t/tree" > "$t/j1" 2>/dev/null
$bin --format json --jobs 4 "$t/tree" > "$t/j4" 2>/dev/null
cmp -s "$t/j1" "$t/j4" && ok "--jobs 4 output equals --jobs 1" || bad "--jobs 4 output equals --jobs 1"

# formats
$bin --format tsv "$t/unknown.eml" | head -n 1 | grep -q '^file	message	recipient' && ok "tsv header" || bad "tsv header"
$bin --format csv "$t/unknown.eml" | sed -n 2p | grep -q '^.*unknown.eml,1,bob@example.net,failed,5.1.1,550,userunknown,true,' \
	&& ok "csv line" || bad "csv line"
# text in the reader's language: labels and words too; reason names stay
$bin --format text --lang en "$t/unknown.eml" | grep -q '^  reason: *userunknown (hard) - ' && ok "text in English" ||
	bad "text in English"
$bin --format text --lang ru "$t/unknown.eml" | grep -q '^  причина: *userunknown (жёсткий) - ' && ok "text in Russian" ||
	bad "text in Russian"
$bin --format text --lang zh "$t/unknown.eml" > "$t/out" && grep -q '^  原因： userunknown（硬退信） - ' "$t/out" &&
	grep -q '^  处理： ' "$t/out" && ok "text in Chinese" || bad "text in Chinese: $(cat "$t/out")"
$bin --format json --lang zh "$t/unknown.eml" | grep -q '"reason":"userunknown","hard":true' &&
	ok "json keys and reasons whatever the language" || bad "json keys and reasons whatever the language"
NO_COLOR=1 $bin --format text --color auto "$t/unknown.eml" | grep -q "$(printf '\033')" && bad "NO_COLOR" || ok "NO_COLOR"
$bin --format text --color always "$t/unknown.eml" | grep -q "$(printf '\033')" && ok "--color always" || bad "--color always"

# inputs are never modified
sum1=$(cat "$t/box.mbox" "$t/md/cur/"* | md5sum); m1=$(stat -c %Y "$t/box.mbox")
$bin "$t/box.mbox" "$t/md" >/dev/null 2>&1
sum2=$(cat "$t/box.mbox" "$t/md/cur/"* | md5sum); m2=$(stat -c %Y "$t/box.mbox")
[ "$sum1" = "$sum2" ] && [ "$m1" = "$m2" ] && ok "inputs unchanged" || bad "inputs unchanged"

# progress line: only when asked for (or on a terminal); messages, rate,
# share and ETA when every input is a regular file
i=0; while [ $i -lt 40 ]; do cat examples/spool.mbox; i=$((i + 1)); done > "$t/big.mbox"
BOUNCEDIAG_PROGRESS_DELAY=0 $bin --progress=always --jobs 1 "$t/big.mbox" >/dev/null 2>"$t/err"
tr '\r' '\n' < "$t/err" | grep -q 'bouncediag: 64 messages, [0-9]*/s, [0-9]*%, ETA 0m0[0-9]s' \
	&& ok "progress: count, rate, share, ETA" || bad "progress: count, rate, share, ETA ($(cat "$t/err"))"
BOUNCEDIAG_PROGRESS_DELAY=0 $bin --progress=always --jobs 1 - < "$t/big.mbox" >/dev/null 2>"$t/err"
tr '\r' '\n' < "$t/err" | grep -q 'messages, [0-9]*/s$' && ! grep -q ETA "$t/err" \
	&& ok "progress: no ETA when the total is unknown" || bad "progress: no ETA when the total is unknown"
BOUNCEDIAG_PROGRESS_DELAY=0 $bin "$t/big.mbox" >/dev/null 2>"$t/err"
[ ! -s "$t/err" ] && ok "progress: never into a pipe or file by default" || bad "progress: never into a pipe or file by default"

# a directory given with a trailing slash: file names without "//"
$bin --format tsv examples/ | cut -f1 | grep -q '//' && bad "trailing slash: // in names" ||
	ok "trailing slash: clean names"

# binary data (an image met in a tree) is no bounce, and says why
{ printf '\211PNG\r\n\032\n'; head -c 3000 /dev/urandom; } > "$t/scan.png"
out=$($bin --format tsv "$t/scan.png" | tail -n 1)
case "$out" in
*"binary data"*) [ "$(echo "$out" | cut -f7)" = "" ] && ok "binary data: no bounce, noted" ||
	bad "binary data: reason $(echo "$out" | cut -f7)" ;;
*) bad "binary data: $out" ;;
esac

# other compressions are not read: an error line says how to read them
{ printf '\3757zXZ\0'; head -c 200 /dev/urandom; } > "$t/mail.log.xz"
$bin "$t/mail.log.xz" > /dev/null 2> "$t/err"; rc=$?
[ $rc = 1 ] && grep -q "^bouncediag: $t/mail.log.xz: xz-compressed data: not read (decompress it first: xz -dc" "$t/err" &&
	ok "xz: error line saying how to read it" || bad "xz: rc $rc, $(cat "$t/err")"
# a text saved as UTF-16 (Notepad's "Unicode", PowerShell's "> file")
printf '550 5.1.1 <a@b.example>: Recipient address rejected: User unknown\n' |
	iconv -f UTF-8 -t UTF-16 > "$t/u16.txt"
[ "$($bin --format tsv "$t/u16.txt" | tail -n 1 | cut -f3,7)" = "$(printf 'a@b.example\tuserunknown')" ] &&
	ok "UTF-16 text read" || bad "UTF-16 text read"
# an empty pipe (a grep that found nothing) is a good day, an empty file is not
: | $bin > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 0 ] && [ ! -s "$t/out" ] && [ ! -s "$t/err" ] && ok "empty stdin: nothing, exit 0" ||
	bad "empty stdin: rc $rc"
: > "$t/empty.eml"
$bin "$t/empty.eml" > /dev/null 2> "$t/err"; rc=$?
[ $rc = 1 ] && grep -q "empty.eml: empty input" "$t/err" && ok "empty file: error" || bad "empty file: rc $rc"
# an unknown option is named, by the program's name (not the path run)
"$PWD/bouncediag" --bogus > /dev/null 2> "$t/err"; rc=$?
[ $rc = 2 ] && grep -q "^bouncediag: unknown option '--bogus'" "$t/err" && ok "unknown option named" ||
	bad "unknown option: rc $rc, $(cat "$t/err")"

# gzip-compressed inputs are read as what they hold: a bounce, an mbox, a
# a log is a log from its first line: an Exim mainlog that opens with a
# connection, journalctl's output under the prompt that printed it; each
# record points at its line
printf '%s\n' '2026-12-01 08:14:52 SMTP connection from [192.0.2.61]:51344 (TCP/IP connection count = 3)' \
	'2026-12-01 08:14:53 H=(client) [192.0.2.61]:51344 F=<a@example.com> rejected RCPT <ann@example.org>: relay not permitted' \
	'2026-12-01 08:17:03 H=mx.example.com [192.0.2.52]:38202 F=<b@example.com> rejected RCPT <bo@example.org>: Unrouteable address' > "$t/mainlog"
$bin --format json "$t/mainlog" > "$t/out" 2>&1
grep -q '"message":2,"recipient":"ann@example.org"' "$t/out" && grep -q '"message":3,"recipient":"bo@example.org"' "$t/out" &&
	ok "Exim mainlog opening with a connection" || bad "Exim mainlog opening with a connection: $(cat "$t/out")"
{ echo '$ journalctl -u postfix --no-pager'; sed -n 1,3p examples/mail.log; } > "$t/journal"
$bin --format json "$t/journal" | grep -q '"message":3,' && ok "journalctl output under its prompt" ||
	bad "journalctl output under its prompt: $($bin --format json "$t/journal" 2>&1)"
# rotated mail log, on the command line, in a tree and on stdin
mkdir "$t/gz"
for f in relay-denied.eml spool.mbox mail.log; do gzip -c "examples/$f" > "$t/gz/$f.gz"; done
$bin --format json examples/mail.log examples/relay-denied.eml examples/spool.mbox |
	cut -d, -f2- > "$t/plain"
$bin --format json "$t/gz" | cut -d, -f2- > "$t/inflated"
[ -s "$t/plain" ] && cmp -s "$t/plain" "$t/inflated" && ok "gzip: same records as plain" ||
	bad "gzip: same records as plain"
$bin --format json - < "$t/gz/relay-denied.eml.gz" | cut -d, -f2- > "$t/inflated"
grep -c . "$t/inflated" | grep -qx 1 && grep -qF "$(cat "$t/inflated")" "$t/plain" && ok "gzip: on stdin" || bad "gzip: on stdin"
# cut short: an error line with the file and the offset, exit status 1
head -c 400 "$t/gz/spool.mbox.gz" > "$t/cut.gz"
$bin "$t/cut.gz" > /dev/null 2> "$t/err"; rc=$?
[ $rc = 1 ] && grep -q "^bouncediag: $t/cut.gz: compressed byte [0-9]*: the gzip data ends early" "$t/err" &&
	ok "gzip cut short: error line, exit 1" || bad "gzip cut short: rc $rc, $(cat "$t/err")"

# the shipped rules' own causes and fixes come in every language the
# catalogue has (a rule's text in English only would fall back to a generic
# one for zh and ru readers)
for k in cause fix; do
	en=$(cat rules/*.rules | grep -c "^$k\.en =")
	zh=$(cat rules/*.rules | grep -c "^$k\.zh =")
	ru=$(cat rules/*.rules | grep -c "^$k\.ru =")
	[ "$en" = "$zh" ] && [ "$en" = "$ru" ] && ok "rules' $k texts in en, zh, ru ($en)" ||
		bad "rules' $k texts: en $en, zh $zh, ru $ru"
done

# explain and rules check
$bin explain 550 5.7.1 > "$t/out" 2>&1 && grep -qi 'relay\|authori' "$t/out" && ok "explain 550 5.7.1" || bad "explain 550 5.7.1"
$bin explain 9.9 >/dev/null 2>&1; [ $? = 2 ] && ok "explain bad code: exit 2" || bad "explain bad code: exit 2"
# a status alone gets the usual reason of a reply of its class; a reply
# code after its status is one query; the usual reason is not repeated
# among the others
$bin explain 5.7.1 > "$t/out" 2>&1 && grep -q 'usual reason: rejected' "$t/out" && ok "explain 5.7.1 alone" ||
	bad "explain 5.7.1 alone: $(grep usual "$t/out")"
[ "$($bin explain 5.7.1 550 | grep -c '^[0-9]')" = 1 ] && ok "explain 5.7.1 550: one query" || bad "explain 5.7.1 550: one query"
$bin explain 5.7.509 | grep 'also:' | grep -q authfailure && bad "explain: usual reason among the others" ||
	ok "explain: usual reason not among the others"
# codes that decide little alone list what their words often mean: the
# status's list before the reply code's; a registry naming an unknown
# reason is a rule-file error
$bin explain 550 5.7.1 | grep 'also:' > "$t/out" && grep -q 'also: norelaying .*, blocked ' "$t/out" &&
	! grep -q mailboxfull "$t/out" && ok "explain 550 5.7.1: relaying and blocks among the others" ||
	bad "explain 550 5.7.1: relaying and blocks among the others: $(cat "$t/out")"
$bin explain 550 | grep 'also:' | grep -q 'userunknown .*norelaying' && ok "explain 550: the usual meanings" ||
	bad "explain 550: the usual meanings"
mkdir -p "$t/often"; printf '550\tMailbox unavailable\tuserunknown nosuch\n' > "$t/often/reply-codes.tsv"
$bin --rules "$t/often" explain 550 > "$t/out" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "reply-codes.tsv:1: unknown reason 'nosuch'" "$t/out" &&
	ok "registry: unknown reason refused" || bad "registry: unknown reason refused: $(cat "$t/out")"
$bin explain 5.1.10 | grep -q 'as a server defines it: Exchange Online: recipient not found' &&
	ok "explain 5.1.10: Exchange Online's meaning" || bad "explain 5.1.10: Exchange Online's meaning"
# a server's own code beyond the registry: its meaning and its usual reason
$bin explain 4.7.650 > "$t/out" 2>&1 && grep -q 'not in the registry' "$t/out" &&
	grep -q 'as a server defines it: Exchange Online' "$t/out" &&
	grep -q 'usual reason: badreputation' "$t/out" && ok "explain 4.7.650" || bad "explain 4.7.650: $(cat "$t/out")"
# the X.0.9NN codes records carry when a bounce states no status
$bin explain 4.0.947 > "$t/out" 2>&1 && grep -q "bouncediag's code for this reason" "$t/out" &&
	grep -q 'usual reason: expired' "$t/out" && ok "explain 4.0.947" || bad "explain 4.0.947: $(cat "$t/out")"
$bin explain 5.1.8 > "$t/out" 2>&1 && grep -q "Bad sender's system address" "$t/out" &&
	grep -q 'as a server defines it' "$t/out" && ok "explain 5.1.8: registry and server" || bad "explain 5.1.8: $(cat "$t/out")"
$bin rules check > "$t/out" 2>&1 && ok "shipped rules check" || bad "shipped rules check: $(cat "$t/out")"
mkdir -p "$t/badrules"; printf '[rule x.y]\nreason = nosuchreason\n' > "$t/badrules/a.rules"
$bin rules check "$t/badrules" 2>"$t/err" >/dev/null; rc=$?
[ $rc = 2 ] && grep -q 'a.rules:2' "$t/err" && ok "bad rule file: file:line, exit 2" || bad "bad rule file: file:line, exit 2 (rc=$rc: $(cat "$t/err"))"
$bin --rules "$t/badrules" "$t/unknown.eml" >/dev/null 2>&1; [ $? = 2 ] && ok "refuses to run with a broken rule file" \
	|| bad "refuses to run with a broken rule file"
$bin --rules "$t/missing-dir" "$t/unknown.eml" >/dev/null 2>"$t/err"; rc=$?
[ $rc = 2 ] && grep -q 'missing-dir' "$t/err" && ok "missing rules dir: exit 2" || bad "missing rules dir: exit 2"

echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
