#!/bin/sh
# run.sh SECONDS HARNESS... - run each libFuzzer harness (fuzz/bin/fuzz_NAME)
# for SECONDS, with its corpus in fuzz/corpus-NAME (kept between runs, not in
# git) seeded from ../shared/corpus/sisimai, the seed phrases, the shipped
# rules and tests/regress.  Crashes, leaks and timeouts (over 1 s per input)
# are saved as fuzz/crash-*, fuzz/leak-*, fuzz/timeout-*.  Prints one line
# per harness; exits 1 when any of them failed.
set -u
cd "$(dirname "$0")/.."
secs=${1:-60}; shift
shared=../shared
corpus=$shared/corpus/sisimai
fails=0

# seeds_fragment DIR: every phrase of the seeds as its own file (once)
seeds_fragment() {
	[ -f "$shared/seeds/examples.tsv" ] || return 0
	[ -n "$(ls "$1" 2>/dev/null)" ] && return 0
	grep -v '^#' "$shared/seeds/examples.tsv" | cut -f4 | awk -v d="$1" \
		'{ f = sprintf("%s/seed-%03d", d, NR); printf "%s\n", $0 > f; close(f) }'
}

for bin in "$@"; do
	name=$(basename "$bin"); name=${name#fuzz_}
	dir=fuzz/corpus-$name
	mkdir -p "$dir"
	seeds=""
	[ -d tests/regress ] && seeds="tests/regress"
	case $name in
	message) maxlen=131072
		for d in "$corpus"/maildir/* "$corpus"/mailbox; do [ -d "$d" ] && seeds="$seeds $d"; done ;;
	fragment) maxlen=16384; seeds_fragment "$dir"
		[ -d "$corpus/maildir/bsd" ] && seeds="$seeds $corpus/maildir/bsd" ;;
	rules) maxlen=16384; seeds="rules" ;;
	source) maxlen=131072
		for d in "$corpus"/mailbox "$corpus"/maildir/mac "$corpus"/maildir/dos; do
			[ -d "$d" ] && seeds="$seeds $d"; done
		# gzip-compressed inputs too (once)
		for f in "$corpus"/mailbox/*; do
			[ -f "$f" ] && [ ! -f "$dir/gz-${f##*/}" ] && gzip -c "$f" > "$dir/gz-${f##*/}"
		done ;;
	output) maxlen=4096 ;;
	*) maxlen=65536 ;;
	esac
	log=fuzz/bin/$name.log
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 -max_len=$maxlen \
		-print_final_stats=1 -artifact_prefix=fuzz/ "$dir" $seeds > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "ok   $name: ${runs:-?} inputs in ${secs}s, $cov, corpus $(ls "$dir" | wc -l)"
	else
		fails=$((fails + 1))
		echo "FAIL $name (exit $rc, see $log):"
		grep -aE '^(==[0-9]+==ERROR|SUMMARY|fuzz|artifact_prefix|.*runtime error)' "$log" \
			| head -n 8 | sed 's/^/     /'
	fi
done
[ $fails -eq 0 ]
