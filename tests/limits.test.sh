#!/bin/sh
# limits.test.sh - bounds on untrusted input, through the command:
#   - a 300 MB single line and a 300 MB message through a pipe run in
#     bounded memory (peak RSS under 64 MB) and give one record; a 1 GB line
#     too when BD_BIG_TESTS=1;
#   - MIME nesting depth, MIME part count, header count and header length
#     over the limits of src/limits.h: one clean record with a note;
#     diagnostics cut at BD_MAX_DIAGNOSTIC, recipients at BD_MAX_RECIPIENTS;
#   - catastrophic regular expressions in a site rule stop at the PCRE2
#     limits: the run ends in seconds and records come out;
#   - binary garbage and invalid UTF-8 give valid JSON Lines; control
#     characters of a bounce do not reach the terminal in text output.
# Under a sanitizer build (make check-asan) the memory bound is not
# asserted and the time bounds are five times looser.
set -u
cd "$(dirname "$0")/.."
bin=./bouncediag
fails=0; n=0
t=$(mktemp -d /tmp/bd-limits.XXXXXX)
trap 'rm -rf "$t"' EXIT

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $1"; }
limit() { sed -n "s/^#define $1 *(\{0,1\}\([0-9u* ]*\))\{0,1\}.*/\1/p" src/limits.h | tr -d 'u' ; }
max_diag=$(($(limit BD_MAX_DIAGNOSTIC)))
max_rcpt=$(($(limit BD_MAX_RECIPIENTS)))
max_depth=$(($(limit BD_MAX_MIME_DEPTH)))
max_parts=$(($(limit BD_MAX_MIME_PARTS)))
max_headers=$(($(limit BD_MAX_HEADERS)))
max_hbytes=$(($(limit BD_MAX_HEADER_BYTES)))
rss_limit_kb=65536
slow=1
grep -qa 'AddressSanitizer' "$bin" && slow=5

if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 is needed to check the JSON"
	exit 0
fi

# measure RSSFILE CMD...: run CMD, peak RSS in KB into RSSFILE
if [ -x /usr/bin/time ]; then
	measure() { rf=$1; shift; /usr/bin/time -f %M -o "$rf" "$@"; }
else
	measure() {
		python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$@"
	}
fi

# counts FILE: set records, messages, notes, maxdiag from tests/jsonl.py
counts() {
	records=-1; messages=-1; notes=-1; maxdiag=-1; invalid=-1
	eval "$(python3 tests/jsonl.py "$1" 2>"$t/jsonl.err")"
	[ "$invalid" = 0 ] || { echo "     invalid JSON: $(head -n 3 "$t/jsonl.err")"; records=-1; }
}

# now_ms: wall clock in milliseconds
now_ms() { date +%s%3N; }

# big NAME RC: check a big run (rc, one record, RSS) of "$t/out", "$t/rss"
big() {
	counts "$t/out"
	rss=$(tail -n 1 "$t/rss")
	[ "$2" = 0 ] && [ "$records" = 1 ] && ok "$1: exit 0, one record" ||
		bad "$1: exit 0, one record (rc=$2, records=$records: $(head -c 300 "$t/err"))"
	if [ $slow = 1 ]; then
		[ "$rss" -lt $rss_limit_kb ] && ok "$1: peak RSS ${rss} KB < $rss_limit_kb KB" ||
			bad "$1: peak RSS ${rss} KB >= $rss_limit_kb KB"
	fi
}

# 1. size: one huge line, one huge message, through a pipe on stdin
head -c 300M /dev/zero | tr '\0' 'a' | measure "$t/rss" $bin --format json > "$t/out" 2> "$t/err"
big "300 MB single line on stdin" $?
{ printf 'From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\n'
  printf '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n'
  yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.' | head -c 300M; } |
	measure "$t/rss" $bin --format json > "$t/out" 2> "$t/err"
big "300 MB message on stdin" $?
if [ "${BD_BIG_TESTS:-0}" = 1 ]; then
	head -c 1G /dev/zero | tr '\0' 'b' | measure "$t/rss" $bin --format json > "$t/out" 2> "$t/err"
	big "1 GB single line on stdin" $?
fi

# dsn_head BOUNDARY: the header block of a multipart/report
dsn_head() {
	printf 'From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n'
	printf 'Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary="%s"\n' "$1"
}
# dsn_part RCPT DIAG: a delivery-status part for one recipient
dsn_part() {
	printf 'Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n'
	printf 'Final-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n' "$1"
	printf 'Diagnostic-Code: smtp; %s\n' "$2"
}

# run_one FILE [ARGS]: the command on FILE; sets rc and the counts
run_one() {
	input=$1; shift
	timeout $((30 * slow)) $bin --format json "$@" "$input" > "$t/out" 2> "$t/err"
	rc=$?
	counts "$t/out"
}

# expect_note NAME: exit 0, at least one record, every record with a note
expect_note() {
	[ $rc = 0 ] && [ "$records" -ge 1 ] && [ "$notes" = "$records" ] && ok "$1: records with a note" ||
		bad "$1: records with a note (rc=$rc records=$records notes=$notes: $(head -c 300 "$t/err"))"
}

# 2. MIME depth: nested multiparts far past the limit, the DSN at the bottom
{ dsn_head b0; echo; i=0
  while [ $i -lt $((max_depth * 4)) ]; do
	printf -- '--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' $i $((i + 1)); i=$((i + 1))
  done
  printf -- '--b%d\n' $i; dsn_part bob@example.net "550 5.1.1 User unknown"
  while [ $i -ge 0 ]; do printf -- '--b%d--\n' $i; i=$((i - 1)); done; } > "$t/deep.eml"
run_one "$t/deep.eml"; expect_note "MIME depth $((max_depth * 4))"

# MIME parts: many leaves
{ dsn_head P; echo; i=0
  while [ $i -lt $((max_parts * 3)) ]; do printf -- '--P\nContent-Type: text/plain\n\npart %d\n' $i; i=$((i + 1)); done
  printf -- '--P\n'; dsn_part bob@example.net "550 5.1.1 User unknown"; printf -- '--P--\n'; } > "$t/parts.eml"
run_one "$t/parts.eml"; expect_note "$((max_parts * 3)) MIME parts"

# header count and header length
{ i=0; while [ $i -lt $((max_headers * 3)) ]; do printf 'X-Filler-%d: %d\n' $i $i; i=$((i + 1)); done
  dsn_head H; printf '\n--H\n'; dsn_part bob@example.net "550 5.1.1 User unknown"; printf -- '--H--\n'; } > "$t/hdrs.eml"
run_one "$t/hdrs.eml"; expect_note "$((max_headers * 3)) header fields"
{ printf 'Subject: '; head -c $((max_hbytes * 4)) /dev/zero | tr '\0' 'x'; printf '\n'
  printf 'X-Folded: a\n'; i=0; while [ $i -lt 4000 ]; do printf ' continued line %d of a folded field\n' $i; i=$((i + 1)); done
  dsn_head L; printf '\n--L\n'; dsn_part bob@example.net "550 5.1.1 User unknown"; printf -- '--L--\n'; } > "$t/long.eml"
run_one "$t/long.eml"; expect_note "header fields of $((max_hbytes * 4)) bytes"

# a 1 MB diagnostic is cut at BD_MAX_DIAGNOSTIC bytes
{ dsn_head D; printf '\n--D\n'
  dsn_part bob@example.net "550 5.1.1 $(head -c 1048576 /dev/zero | tr '\0' 'y')"; printf -- '--D--\n'; } > "$t/diag.eml"
run_one "$t/diag.eml"
[ $rc = 0 ] && [ "$records" = 1 ] && [ "$maxdiag" -le "$max_diag" ] && ok "1 MB diagnostic kept to $maxdiag <= $max_diag bytes" ||
	bad "1 MB diagnostic: rc=$rc records=$records diagnostic $maxdiag bytes (limit $max_diag)"

# recipients past BD_MAX_RECIPIENTS
{ dsn_head R; printf '\n--R\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n'
  i=0; while [ $i -lt $((max_rcpt * 2)) ]; do
	printf '\nFinal-Recipient: rfc822; u%d@example.net\nAction: failed\nStatus: 5.1.1\n' $i; i=$((i + 1)); done
  printf -- '--R--\n'; } > "$t/rcpt.eml"
run_one "$t/rcpt.eml"
[ $rc = 0 ] && [ "$records" -ge 1 ] && [ "$records" -le "$max_rcpt" ] && ok "$((max_rcpt * 2)) recipients: $records records" ||
	bad "$((max_rcpt * 2)) recipients: rc=$rc records=$records (limit $max_rcpt)"

# 3. PCRE2 limits: catastrophic patterns in a site rule, a 20 KB line
mkdir -p "$t/evil"
cat > "$t/evil/evil.rules" <<'EOF'
[rule evil.alternation]
reason = blocked
match = (a|a)+$

[rule evil.words]
reason = spamdetected
match = (\w+\s?)+$

[rule evil.body]
reason = filtered
body = (a|aa)+(b|bb)+$
EOF
line=$(head -c 20480 /dev/zero | tr '\0' 'a')
words=$(yes 'word' | head -n 4000 | tr '\n' ' ')
{ printf '550 5.7.1 <bob@example.net>: %s!\n' "$line"; } > "$t/evil1.txt"
{ printf '550 5.7.1 <bob@example.net>: %s!\n' "$words"; } > "$t/evil2.txt"
{ dsn_head E; printf '\n--E\nContent-Type: text/plain\n\n%s!\n\n--E\n' "$line"
  dsn_part bob@example.net "550 5.7.1 $line!"; printf -- '--E--\n'; } > "$t/evil3.eml"
for f in evil1.txt evil2.txt evil3.eml; do
	start=$(now_ms)
	run_one "$t/$f" --rules "$t/evil"
	ms=$(($(now_ms) - start))
	[ $rc = 0 ] && [ "$records" -ge 1 ] && [ $ms -lt $((3000 * slow)) ] &&
		ok "catastrophic patterns, $f: $records record(s) in $ms ms" ||
		bad "catastrophic patterns, $f: rc=$rc records=$records in $ms ms: $(head -c 300 "$t/err")"
done

# 4. binary garbage and invalid UTF-8: valid JSON Lines
head -c 1M /dev/urandom > "$t/garbage"
run_one "$t/garbage"
if [ $rc = 0 ] && [ "$records" -ge 1 ]; then ok "1 MB of random bytes: valid JSON"; else
	mkdir -p tests/bin; cp "$t/garbage" tests/bin/limits-garbage.failed
	bad "1 MB of random bytes: rc=$rc records=$records (input kept in tests/bin/limits-garbage.failed)"
fi
{ dsn_head U; printf 'X-Bad: =?utf-8?B?//79?= =?x-no-such-charset?Q?=FF=FE?= \377\300\257\n'
  printf '\n--U\nContent-Type: text/plain; charset=utf-8\n\nbad \355\240\200 \303\050 \364\220\200\200 bytes\n'
  printf -- '--U\nContent-Type: text/plain; charset=iso-2022-jp\n\n\033$B\033(\033$@\377\n'
  printf -- '--U\nContent-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n2ADYANgA3A==\n'
  printf -- '--U\n'; dsn_part "b\377b@ex\300ample.net" "550 5.1.1 \377\376 no such user \355\240\200 \300\257"
  printf -- '--U--\n'; } > "$t/badutf8.eml"
run_one "$t/badutf8.eml"
[ $rc = 0 ] && [ "$records" -ge 1 ] && ok "invalid UTF-8 everywhere: valid JSON" ||
	bad "invalid UTF-8 everywhere: rc=$rc records=$records"
printf '\000\001\002From \r\r\n\n\033[31m550 \377\376\000 5.1.1 <\000@\000>\n' > "$t/ctrl.txt"
run_one "$t/ctrl.txt"
[ $rc = 0 ] && [ "$records" -ge 1 ] && ok "NUL and control bytes: valid JSON" ||
	bad "NUL and control bytes: rc=$rc records=$records"

# control characters from a bounce must not reach a terminal in text output
{ dsn_head C; printf '\n--C\n'
  dsn_part "bob@example.net" "$(printf '550 5.1.1 \033]0;owned\007\033[2J\033[31mred\010\013 user unknown')"
  printf -- '--C--\n'; } > "$t/esc.eml"
timeout $((30 * slow)) $bin --format text --color never "$t/esc.eml" > "$t/out" 2> "$t/err"; rc=$?
if [ $rc = 0 ] && [ -s "$t/out" ] && ! tr -d '\n' < "$t/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	ok "text output: no control characters from the bounce"
else
	bad "text output: control characters from the bounce reach the terminal (rc=$rc): $(LC_ALL=C grep -n '[[:cntrl:]]' "$t/out" | head -n 2 | od -c | head -n 3)"
fi

echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
