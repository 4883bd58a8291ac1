#!/bin/sh
# crosscheck.sh - bouncediag on bounces its rules were not written against,
# beside its peers: Sisimai's reasons and flufl.bounce's failed addresses.
# A measurement of how the rules generalise, not a test.  Each directory is
# one collection with its own figures.  The default collections: the bounces
# Debian's python3-flufl.bounce ships for its own tests (about a hundred,
# 2001-2020) and, once bench/fetch-unseen.sh has fetched it, the test corpus
# of Mail::DeliveryStatus::BounceParser (126, 2003-2012).
# usage: bench/crosscheck.sh [BIN [DIR...]]      (make crosscheck)
cd "$(dirname "$0")/.."
bin=${1:-./bouncediag}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
	set -- /usr/lib/python3/dist-packages/flufl/bounce/tests/data
	[ -d bench/work/bounceparser/t/corpus ] && set -- "$@" bench/work/bounceparser/t/corpus
fi
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
# Debian's python3 modules live under /usr/bin/python3
py=/usr/bin/python3
[ -x "$py" ] || py=python3
status=0
for dir in "$@"; do
	find "$dir" -type f ! -name '*.py' ! -name '*.pyc' | sort > "$t/files"
	if [ ! -s "$t/files" ]; then
		echo "crosscheck.sh: $dir: no input files (install python3-flufl.bounce, or name a directory)" >&2
		status=2
		continue
	fi
	tr '\n' '\0' < "$t/files" | xargs -0 perl bench/crosscheck.pl > "$t/sisimai.tsv" 2>/dev/null
	tr '\n' '\0' < "$t/files" | xargs -0 "$bin" --jobs 1 --format json > "$t/ours.jsonl" 2>"$t/err"
	echo "== $dir: $(wc -l < "$t/files") files; bouncediag errors: $(wc -l < "$t/err")"
	tr '\n' '\0' < "$t/files" | xargs -0 "$py" bench/crosscheck.py "$t/sisimai.tsv" "$t/ours.jsonl"
done
exit $status
