#!/bin/sh
# crosscheck.sh - bouncediag on bounces its rules were not written against,
# beside its peers: Sisimai's reasons and flufl.bounce's failed addresses.
# A measurement of how the rules generalise, not a test.  The default input
# is the bounce collection Debian's python3-flufl.bounce ships for its own
# tests (about a hundred real bounces from 2001-2020 servers).
# usage: bench/crosscheck.sh [BIN [FILE-OR-DIR...]]      (make crosscheck)
cd "$(dirname "$0")/.."
bin=${1:-./bouncediag}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- /usr/lib/python3/dist-packages/flufl/bounce/tests/data
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
find "$@" -type f ! -name '*.py' ! -name '*.pyc' | sort > "$t/files"
if [ ! -s "$t/files" ]; then
	echo "crosscheck.sh: no input files (install python3-flufl.bounce, or name some)" >&2
	exit 2
fi
tr '\n' '\0' < "$t/files" | xargs -0 perl bench/crosscheck.pl > "$t/sisimai.tsv" 2>/dev/null
tr '\n' '\0' < "$t/files" | xargs -0 "$bin" --jobs 1 --format json > "$t/ours.jsonl" 2>"$t/err"
echo "== $(wc -l < "$t/files") files; bouncediag errors: $(wc -l < "$t/err")"
# Debian's python3 modules live under /usr/bin/python3
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tr '\n' '\0' < "$t/files" | xargs -0 "$py" bench/crosscheck.py "$t/sisimai.tsv" "$t/ours.jsonl"
