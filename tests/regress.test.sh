#!/bin/sh
# regress.test.sh - every file in tests/regress/ through ./bouncediag, one
# by one: a clean exit 0 within the time limit, no sanitizer report, valid
# JSON Lines, and the record count its name gives ("NAME-rN.ext": N
# records; without -rN: at least one).  The files are small inputs that
# once crashed, hung or leaked (minimised fuzzer finds) or that sit on an
# edge of the parsers; add one with each fix.
set -u
cd "$(dirname "$0")/.."
bin=./bouncediag
fails=0; n=0
t=$(mktemp -d /tmp/bd-regress.XXXXXX)
trap 'rm -rf "$t"' EXIT
slow=1
grep -qa 'AddressSanitizer' "$bin" && slow=5

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $1"; }

for f in tests/regress/*; do
	[ -f "$f" ] || continue
	want=$(basename "$f" | sed -n 's/.*-r\([0-9][0-9]*\)\.[^.]*$/\1/p')
	timeout $((5 * slow)) $bin --format json --jobs 1 "$f" > "$t/out" 2> "$t/err"
	rc=$?
	if [ $rc != 0 ] || grep -qE 'Sanitizer|runtime error:' "$t/err"; then
		bad "$f: exit $rc (124: timed out): $(head -c 400 "$t/err")"
		continue
	fi
	got=$(grep -c . "$t/out")
	if command -v python3 >/dev/null 2>&1 && ! python3 tests/jsonl.py "$t/out" > /dev/null; then
		bad "$f: invalid JSON"
	elif [ -n "$want" ] && [ "$got" != "$want" ]; then
		bad "$f: $got records, want $want"
	elif [ "$got" -lt 1 ]; then
		bad "$f: no record"
	else
		ok "$f: $got record(s)"
	fi
done

echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
