#!/bin/sh
# accuracy.sh - how bouncediag's records agree with the labelled corpus
# (../shared/corpus/sisimai), whether line ends change anything, and the
# seed articles' phrases.  Prints figures; this is a measurement, not a
# test.  usage: bench/accuracy.sh [BIN]     (make accuracy)
cd "$(dirname "$0")/.."
bin=${1:-./bouncediag}
corpus=${CORPUS:-../shared/corpus/sisimai}
if [ ! -d "$corpus/maildir/bsd" ]; then
	echo "accuracy.sh: $corpus not found (it sits beside the repository)" >&2
	exit 2
fi
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT

echo "== labelled corpus ($corpus/maildir/bsd)"
"$bin" --format json "$corpus/maildir/bsd" > "$t/bsd.jsonl"
python3 bench/accuracy.py "$corpus/labels.tsv" "$t/bsd.jsonl"

echo "== line ends: dos/ (CRLF) and mac/ (CR) copies against bsd/ (LF)"
for v in dos mac; do
	same=0; differ=0
	for f in "$corpus/maildir/$v"/*.eml; do
		name=$(basename "$f")
		[ -f "$corpus/maildir/bsd/$name" ] || continue  # no LF copy to compare with
		a=$("$bin" --format json "$corpus/maildir/bsd/$name" | cut -d, -f3-)
		b=$("$bin" --format json "$f" | cut -d, -f3-)
		if [ "$a" = "$b" ]; then same=$((same + 1)); else differ=$((differ + 1)); echo "  differs: $v/$name"; fi
	done
	echo "  $v: $same identical, $differ different"
done

echo "== messages that are not bounces ($corpus/maildir/not)"
"$bin" --format tsv "$corpus/maildir/not" | awk -F'\t' 'NR > 1 { print "  " $1 ": reason " ($7 == "" ? "null (not a bounce)" : $7) }'

echo "== seed phrases (../shared/seeds/examples.tsv)"
sh tests/seeds.test.sh "$bin" | tail -n 2
