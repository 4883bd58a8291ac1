#!/bin/sh
# lossless.test.sh - nothing read is lost, nothing read is changed, and a
# broken rule set stops the command with one clear line:
#   - a tree with plain messages, empty files, a dangling symlink, an mbox
#     of K messages, a truncated mbox ending mid-line, a Maildir: distinct
#     (file, message) pairs in the JSON plus error lines on stderr equal the
#     messages in it, exit status 1 (the symlink), with one job and with two;
#   - every input unchanged afterwards (content, size, mode, mtime, names);
#   - a FIFO in a tree does not hang the walk;
#   - a malformed rule file, an unknown reason, a regex that does not
#     compile, a rule without a reason, a missing rules directory: exit 2,
#     one error line naming file:line (or the directory), no records.
set -u
cd "$(dirname "$0")/.."
bin=./bouncediag
fails=0; n=0
t=$(mktemp -d /tmp/bd-lossless.XXXXXX)
trap 'chmod -R u+w "$t"; rm -rf "$t"' EXIT

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $1"; }

if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 is needed to check the JSON"
	exit 0
fi

# dsn RCPT...: a minimal RFC 3464 bounce for the recipients
dsn() {
	printf 'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n'
	printf 'Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
	printf -- '--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n'
	for r in "$@"; do
		printf '\nFinal-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n' "$r"
		printf 'Diagnostic-Code: smtp; 550 5.1.1 <%s>: User unknown\n' "$r"
	done
	printf -- '--B--\n'
}
# jsonl FILE: set messages (distinct file, message pairs); -1 if invalid
jsonl() {
	messages=-1; invalid=-1
	eval "$(python3 tests/jsonl.py "$1")"
	[ "$invalid" = 0 ] || messages=-1
}
plain() { printf 'From: a@example.org\nTo: b@example.org\nSubject: hello\n\nhi\n'; }

# the tree; "expect" counts the messages in it as they are made
in=$t/in; mkdir -p "$in/sub/deeper" "$in/md/cur" "$in/md/new" "$in/md/tmp"
expect=0
dsn bob@example.net carol@example.net > "$in/two-rcpts.eml"; expect=$((expect + 1))
plain > "$in/plain.eml"; expect=$((expect + 1))
dsn dave@example.net > "$in/sub/deeper/nested.eml"; expect=$((expect + 1))
: > "$in/empty1.eml"; : > "$in/sub/empty2"; expect=$((expect + 2))
ln -s "$in/does-not-exist" "$in/dangling.eml"; expect=$((expect + 1))
k=3
{ i=1; while [ $i -le $k ]; do
	echo "From MAILER-DAEMON Mon Nov 23 00:00:0$i 2026"; dsn "m$i@example.net"
	printf '>From the body, escaped\n\n'; i=$((i + 1)); done; } > "$in/box.mbox"
expect=$((expect + k))
{ echo "From MAILER-DAEMON Mon Nov 23 00:00:00 2026"; dsn t1@example.net; echo
  echo "From MAILER-DAEMON Mon Nov 23 00:00:01 2026"; dsn t2@example.net | head -c 300; } > "$in/truncated.mbox"
expect=$((expect + 2))
dsn md1@example.net > "$in/md/cur/1.host:2,S"; dsn md2@example.net > "$in/md/new/2.host"
dsn md3@example.net > "$in/md/tmp/3.host"   # tmp/ is never read
expect=$((expect + 2))
[ "$(tail -c 1 "$in/truncated.mbox" | od -An -c | tr -d ' ')" != '\n' ] || bad "setup: truncated mbox ends with a newline"

# snapshot DIR: names, sizes, modes, mtimes and checksums of everything
snapshot() {
	(cd "$1" && find . -printf '%p %s %m %T@ %y\n' | sort &&
		find . -type f -exec sha256sum {} + | sort -k 2)
}
chmod -R a-w "$in"
snapshot "$in" > "$t/before"

for jobs in 1 2; do
	timeout 60 $bin --format json --jobs $jobs "$in" > "$t/out" 2> "$t/err"
	rc=$?
	jsonl "$t/out"
	errors=$(grep -c '^bouncediag: ' "$t/err")
	[ $rc = 1 ] && ok "tree, --jobs $jobs: exit 1" || bad "tree, --jobs $jobs: exit 1 (rc=$rc)"
	[ $((messages + errors)) = $expect ] &&
		ok "tree, --jobs $jobs: $messages messages + $errors errors = $expect read" ||
		bad "tree, --jobs $jobs: $messages messages + $errors errors != $expect: $(cat "$t/err")"
	grep -q "dangling.eml" "$t/err" && ok "tree, --jobs $jobs: dangling symlink named" ||
		bad "tree, --jobs $jobs: dangling symlink named"
	grep -q '"recipient":"md3@' "$t/out" && bad "tree, --jobs $jobs: Maildir tmp/ read" || ok "tree, --jobs $jobs: Maildir tmp/ skipped"
	grep -q '"recipient":"carol@example.net"' "$t/out" && grep -q '"recipient":"m3@example.net"' "$t/out" &&
		ok "tree, --jobs $jobs: second recipient and last mbox message there" ||
		bad "tree, --jobs $jobs: second recipient and last mbox message there"
done
# the same files named one by one on the command line
timeout 60 $bin --format json --jobs 1 "$in/box.mbox" "$in/truncated.mbox" "$in/empty1.eml" > "$t/out" 2> "$t/err"
jsonl "$t/out"
errors=$(grep -c '^bouncediag: ' "$t/err")
[ $((messages + errors)) = $((k + 3)) ] && ok "files as arguments: $((k + 3)) read" ||
	bad "files as arguments: $messages messages + $errors errors != $((k + 3))"

snapshot "$in" > "$t/after"
cmp -s "$t/before" "$t/after" && ok "inputs unchanged (content, size, mode, mtime, names)" ||
	{ bad "inputs unchanged"; diff "$t/before" "$t/after" | head -n 10; }

# a FIFO nobody writes to must not hang the walk
mkdir -p "$t/fifo"; plain > "$t/fifo/a.eml"
if mkfifo "$t/fifo/pipe" 2>/dev/null; then
	timeout 10 $bin --format json "$t/fifo" > "$t/out" 2> "$t/err"; rc=$?
	[ $rc -le 1 ] && grep -q '"message":1' "$t/out" && ok "FIFO in a tree: no hang (exit $rc)" ||
		bad "FIFO in a tree: exit $rc (124: hung)"
fi

# rule-file errors: NAME CONTENT WHERE (text the error line must hold)
rule_error() {
	d=$t/rules-$1; mkdir -p "$d"; printf "$2" > "$d/site.rules"
	timeout 20 $bin --format json --rules "$d" "$in/plain.eml" > "$t/out" 2> "$t/err"; rc=$?
	lines=$(grep -c . "$t/err")
	[ $rc = 2 ] && [ "$lines" = 1 ] && grep -q "$3" "$t/err" && [ ! -s "$t/out" ] &&
		ok "$1: exit 2, one line: $(cat "$t/err")" ||
		bad "$1: rc=$rc, $lines error lines, want '$3': $(head -c 300 "$t/err")"
	timeout 20 $bin rules check "$d" > /dev/null 2> "$t/err"; rc=$?
	[ $rc = 2 ] && grep -q "$3" "$t/err" && ok "$1: rules check exit 2" ||
		bad "$1: rules check: rc=$rc: $(head -c 300 "$t/err")"
}
rule_error "malformed line" '[rule site.a]\nreason = userunknown\nthis is not a field\n' 'site.rules:3'
rule_error "unknown reason" '# site\n[rule site.b]\nreason = nosuchreason\nmatch = foo\n' 'site.rules:3'
rule_error "regex does not compile" '[rule site.c]\nreason = blocked\n\nmatch = (unclosed[\n' 'site.rules:4'
rule_error "rule without a reason" '[rule site.d]\nmatch = foo\n' 'site.rules:[12]'
timeout 20 $bin --format json --rules "$t/no-such-dir" "$in/plain.eml" > "$t/out" 2> "$t/err"; rc=$?
[ $rc = 2 ] && [ "$(grep -c . "$t/err")" = 1 ] && grep -q "no-such-dir" "$t/err" && [ ! -s "$t/out" ] &&
	ok "missing rules directory: exit 2, one line: $(cat "$t/err")" ||
	bad "missing rules directory: rc=$rc: $(head -c 300 "$t/err")"

echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
