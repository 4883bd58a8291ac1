#!/bin/sh
# valgrind.test.sh [BIN] - the program under valgrind memcheck: no invalid
# read or write, no use of uninitialised values, no definite or indirect
# leak, on the paths a user takes: a batch of files (tests/regress and a
# sample of ../shared/corpus/sisimai) with one job and with two, a fragment
# on stdin, explain, rules check, and the rule-error and unreadable-input
# error paths.  Slow (minutes): run by "make valgrind" (BD_VALGRIND=1); make
# check, which runs every tests/*.test.sh, only sees it skip.
set -u
cd "$(dirname "$0")/.."
[ "${BD_VALGRIND:-0}" = 1 ] || { echo "skip: slow, run by make valgrind"; exit 0; }
bin=${1:-./bouncediag}
command -v valgrind >/dev/null 2>&1 || { echo "skip: valgrind is not installed"; exit 0; }
fails=0; n=0
# PCRE2's JIT code reads past the subject with vector loads (harmless,
# inside the allocation's page) and memcheck cannot see through JIT code
export BOUNCEDIAG_NO_JIT=1
t=$(mktemp -d /tmp/bd-valgrind.XXXXXX)
trap 'rm -rf "$t"' EXIT

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL $1"; }

# vg NAME STDIN ARGS...: run BIN under memcheck; exit 99 means errors found
vg() {
	name=$1; input=$2; shift 2
	valgrind -q --error-exitcode=99 --leak-check=full --suppressions=tests/valgrind.supp \
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--track-origins=yes --log-file="$t/vg.log" \
		"$bin" "$@" < "$input" > "$t/out" 2> "$t/err"
	rc=$?
	if [ $rc = 99 ] || [ -s "$t/vg.log" ] || [ $rc -gt 2 ]; then
		bad "$name (exit $rc)"; head -n 40 "$t/vg.log"
	else
		ok "$name: exit $rc, $(grep -c . "$t/out") lines out"
	fi
}

corpus=../shared/corpus/sisimai
sample=$t/sample; mkdir -p "$sample"
cp tests/regress/* "$sample/" 2>/dev/null
if [ -d "$corpus" ]; then
	i=0
	for f in "$corpus"/maildir/*/*; do
		i=$((i + 1)); [ $((i % ${VG_EVERY:-12})) = 0 ] && cp "$f" "$sample/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	cp "$corpus"/mailbox/* "$sample/"
fi
echo "550 5.7.1 <bob@example.net>: Relay access denied" > "$t/fragment"
mkdir -p "$t/badrules"; printf '[rule x]\nreason = blocked\nmatch = (unclosed\n' > "$t/badrules/x.rules"

vg "batch, one job ($(ls "$sample" | wc -l) files)" /dev/null --format json --jobs 1 "$sample"
vg "batch, two jobs, text with summary" /dev/null --format text --jobs 2 "$sample"
vg "batch, csv, summary only" /dev/null --format csv --summary --jobs 2 "$sample"
BOUNCEDIAG_PROGRESS_DELAY=0 vg "batch with progress (a tree sized in a thread)" /dev/null \
	--format json --progress=always --jobs 2 "$sample"
vg "fragment on stdin" "$t/fragment" --format json
vg "explain" /dev/null explain 550 5.7.1 4.2.2 999
vg "rules check" /dev/null rules check
vg "broken site rules" /dev/null --rules "$t/badrules" "$t/fragment"
vg "missing input" /dev/null --format json "$t/nope" "$t/fragment"

echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
