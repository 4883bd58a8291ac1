#!/bin/sh
# corpus-run.sh BIN - run BIN over every file of ../shared/corpus/sisimai
# (maildir/*/*, mailbox/*), one file at a time, then over the whole tree at
# once with two jobs.  Fails on a crash or hang, a sanitizer report, an exit
# status other than 0 or 1, an exit 1 without an error line, invalid JSON,
# or a message count that does not match the file:
#   - a file that does not start with "From " is one message;
#   - an mbox has at least as many messages as "From " lines at its start or
#     after an empty line, and at most as many as "From " lines in all
#     (whatever the line ends: LF, CRLF, CR);
#   - messages are numbered 1..n without gaps; records + error lines = n.
# Skips (exit 0) when the corpus is not beside the repository.
set -u
cd "$(dirname "$0")/.."
bin=${1:-./bouncediag}
corpus=../shared/corpus/sisimai
[ -d "$corpus" ] || { echo "skip: no $corpus"; exit 0; }
t=$(mktemp -d /tmp/bd-corpus.XXXXXX)
trap 'rm -rf "$t"' EXIT
fails=0; files=0; records=0

bad() { fails=$((fails + 1)); echo "FAIL $1"; }

# sanitizer_report FILE: did a sanitizer write to FILE?
sanitizer_report() {
	grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: (Address|Undefined)' "$1"
}

# from_counts FILE: "MIN MAX" messages an mbox FILE may hold, or "1 1"
from_counts() {
	sed 's/\r$//' "$1" | tr '\r' '\n' | awk '
		NR == 1 && !/^From / { print "1 1"; done = 1; exit }
		/^From / { all++; if (NR == 1 || prev == "") strict++ }
		{ prev = $0 }
		END { if (!done) print (strict ? strict : 1), (all ? all : 1) }'
}

# check_file FILE: run BIN on FILE and check everything above
check_file() {
	f=$1; out=$t/out; err=$t/err
	timeout 60 "$bin" --format json --jobs 1 "$f" > "$out" 2> "$err"
	rc=$?
	files=$((files + 1))
	if [ $rc -eq 124 ]; then bad "$f: timed out (60 s)"; return; fi
	if [ $rc -gt 1 ]; then bad "$f: exit status $rc: $(head -c 300 "$err")"; return; fi
	if sanitizer_report "$err"; then bad "$f: sanitizer report:"; head -n 15 "$err"; return; fi
	nerr=$(grep -c "^bouncediag: " "$err")
	if [ $rc -eq 1 ] && [ "$nerr" -eq 0 ]; then bad "$f: exit 1 without an error line"; return; fi
	nrec=$(wc -l < "$out")
	records=$((records + nrec))
	cat "$out" >> "$t/all.json"
	nmsg=$(grep -o '"message":[0-9]*' "$out" | sort -u | wc -l)
	maxmsg=$(grep -o '"message":[0-9]*' "$out" | cut -d: -f2 | sort -n | tail -n 1)
	[ "${maxmsg:-0}" -le $((nmsg + nerr)) ] || bad "$f: message numbers have gaps (max $maxmsg, $nmsg seen)"
	set -- $(from_counts "$f")
	got=$((nmsg + nerr))
	if [ $got -lt "$1" ] || [ $got -gt "$2" ]; then
		bad "$f: $got messages (records $nmsg + errors $nerr), expected $1..$2"
	fi
}

for f in "$corpus"/maildir/*/* "$corpus"/mailbox/*; do
	[ -f "$f" ] && check_file "$f"
done

# JSON validity of every record, in one pass
if command -v python3 >/dev/null 2>&1 && [ -s "$t/all.json" ]; then
	python3 - "$t/all.json" <<'PY' || bad "invalid JSON lines (above)"
import json, sys
bad = 0
with open(sys.argv[1], "rb") as fp:
    for no, line in enumerate(fp, 1):
        try:
            json.loads(line.decode("utf-8"))
        except Exception as e:
            bad += 1
            if bad <= 5:
                print("line %d: %s: %r" % (no, e, line[:200]))
sys.exit(1 if bad else 0)
PY
fi

# the whole tree at once, two jobs: same records as file by file
timeout 300 "$bin" --format json --jobs 2 "$corpus/maildir" "$corpus/mailbox" > "$t/tree" 2> "$t/treeerr"
rc=$?
if [ $rc -gt 1 ] || sanitizer_report "$t/treeerr"; then
	bad "whole tree, --jobs 2: exit $rc"; head -n 15 "$t/treeerr"
elif [ "$(wc -l < "$t/tree")" -ne "$records" ]; then
	bad "whole tree, --jobs 2: $(wc -l < "$t/tree") records, file by file $records"
fi

echo "$files files, $records records, $fails failures"
[ $fails -eq 0 ]
