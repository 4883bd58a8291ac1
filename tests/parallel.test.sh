#!/bin/sh
# parallel.test.sh - the scale-out form README documents: an mbox stream
# cut into chunks on its "From " lines by GNU parallel gives the same
# records as one direct run (file and message numbers aside).
bin=${1:-./bouncediag}
if ! command -v parallel >/dev/null 2>&1; then
	echo "skip: GNU parallel not installed"
	exit 0
fi
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
# a stream of 60 messages from the examples
for i in $(seq 1 15); do cat examples/spool.mbox; done > "$t/stream.mbox"
strip() { cut -d, -f3- | sort; }
"$bin" --format json --jobs 1 < "$t/stream.mbox" | strip > "$t/direct"
parallel --will-cite --pipe --recstart 'From ' --block 8k -j 3 "$bin" --format json \
	< "$t/stream.mbox" | strip > "$t/parallel"
n=$(wc -l < "$t/direct")
if [ "$n" -eq 75 ] && cmp -s "$t/direct" "$t/parallel"; then
	echo "ok   parallel --pipe gives the same $n records"
else
	echo "FAIL parallel --pipe: $n direct records, $(wc -l < "$t/parallel") in parallel"
	diff "$t/direct" "$t/parallel" | head
	exit 1
fi
