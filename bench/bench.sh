#!/bin/sh
# bench.sh - speed and memory of bouncediag against Debian's Sisimai and a
# plain grep over the same bytes.  Prints figures; asserts nothing.
# usage: bench/bench.sh [BIN]     (make bench)
# env:   BENCH_COPIES (default 20), BENCH_MBOX (default 100000 messages),
#        BENCH_SISIMAI=0 to skip Sisimai, BENCH_DIR (default bench/work)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-./bouncediag}
corpus=${CORPUS:-../shared/corpus/sisimai}
work=${BENCH_DIR:-bench/work}
copies=${BENCH_COPIES:-20}
nmbox=${BENCH_MBOX:-100000}
mkdir -p "$work"

# Inputs: the bsd corpus replicated, a big mbox and a tenth of it, a bounce
# carrying a 50 MB attachment.
if [ ! -f "$work/.copies-$copies" ]; then
	rm -rf "$work/replicated"; mkdir -p "$work/replicated"
	i=1
	while [ $i -le "$copies" ]; do
		mkdir -p "$work/replicated/$i"
		cp "$corpus"/maildir/bsd/*.eml "$work/replicated/$i/"
		i=$((i + 1))
	done
	touch "$work/.copies-$copies"
fi
python3 bench/mkinputs.py "$corpus/maildir/bsd" "$work" "$nmbox"

have_sisimai=0
if [ "${BENCH_SISIMAI:-1}" = 1 ] && perl -MSisimai -e 1 2>/dev/null; then have_sisimai=1; fi
[ $have_sisimai = 1 ] || echo "(Sisimai not installed: apt-get install libsisimai-perl)"

files=$(find "$work/replicated" -type f | wc -l)
mb=$(du -sm "$work/replicated" | cut -f1)
jobs=$(nproc)

# run NAME COMMAND...: wall seconds and peak RSS (KB) of one command
run() {
	name=$1; shift
	t0=$(date +%s%N)
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out.$name" 2>/dev/null || true
	t1=$(date +%s%N)
	read -r secs rss < "$work/time"
	secs=$(echo "($t1 - $t0) / 1000000000" | bc -l)   # finer than time's 10 ms
	echo "$name $secs $rss"
}

# every tool reads from the page cache: read the files once first
find "$work/replicated" -type f -exec cat {} + > /dev/null

echo "== replicated corpus: $files files, $mb MB, $jobs CPUs"
printf '%-24s %8s %10s %8s %9s\n' tool seconds msgs/s MB/s peakRSS_MB
report() {
	printf '%-24s %8.3f %10.0f %8.1f %9.1f\n' "$1" "$2" \
	    "$(echo "$files / ($2 + 0.001)" | bc -l)" "$(echo "$mb / ($2 + 0.001)" | bc -l)" \
	    "$(echo "$3 / 1024" | bc -l)"
}
set -- $(run grep grep -rc '^Status:' "$work/replicated"); t_grep=$2; report "grep -c ^Status:" "$2" "$3"
set -- $(run bd1 "$bin" --format json --jobs 1 "$work/replicated"); t_bd1=$2; report "bouncediag --jobs 1" "$2" "$3"
set -- $(run bdN "$bin" --format json "$work/replicated"); t_bdN=$2; report "bouncediag --jobs $jobs" "$2" "$3"
if [ $have_sisimai = 1 ]; then
	set -- $(run sisimai perl bench/sisimai.pl "$work/replicated"); t_sis=$2; report "Sisimai (perl)" "$2" "$3"
	printf 'ratio Sisimai/bouncediag: --jobs 1 %.0fx, --jobs %s %.0fx\n' \
	    "$(echo "$t_sis / ($t_bd1 + 0.001)" | bc -l)" "$jobs" "$(echo "$t_sis / ($t_bdN + 0.001)" | bc -l)"
fi
printf 'ratio bouncediag/grep: --jobs 1 %.1fx, --jobs %s %.1fx\n' \
    "$(echo "$t_bd1 / ($t_grep + 0.001)" | bc -l)" "$jobs" "$(echo "$t_bdN / ($t_grep + 0.001)" | bc -l)"

# Every bounce seen once: no decision can be remembered from an earlier
# copy, as in a spool of bounces from many different servers.
once=$(find "$corpus/maildir/bsd" -type f | wc -l)
echo "== the bsd corpus once: $once files, every bounce new"
set -- $(run once1 "$bin" --format json --jobs 1 "$corpus/maildir/bsd"); t_o1=$2
printf 'bouncediag --jobs 1: %.3f s, %.0f msgs/s\n' "$2" "$(echo "$once / ($2 + 0.001)" | bc -l)"
set -- $(run onceN "$bin" --format json "$corpus/maildir/bsd"); t_oN=$2
printf 'bouncediag --jobs %s: %.3f s, %.0f msgs/s\n' "$jobs" "$2" "$(echo "$once / ($2 + 0.001)" | bc -l)"
if [ $have_sisimai = 1 ]; then
	set -- $(run oncesis perl bench/sisimai.pl "$corpus/maildir/bsd"); t_os=$2
	printf 'Sisimai: %.3f s; ratio --jobs 1 %.0fx, --jobs %s %.0fx\n' "$2" \
	    "$(echo "$t_os / ($t_o1 + 0.001)" | bc -l)" "$jobs" "$(echo "$t_os / ($t_oN + 0.001)" | bc -l)"
fi

for m in "$nmbox" $((nmbox / 10)); do
	f="$work/mbox-$m"
	mb=$(du -m "$f" | cut -f1)
	echo "== mbox of $m messages, $mb MB"
	set -- $(run "mbox$m" "$bin" --format json "$f")
	printf 'bouncediag --jobs %s: %.2f s, %.0f msgs/s, %.1f MB/s, peak RSS %.1f MB\n' "$jobs" "$2" \
	    "$(echo "$m / ($2 + 0.001)" | bc -l)" "$(echo "$mb / ($2 + 0.001)" | bc -l)" "$(echo "$3 / 1024" | bc -l)"
	set -- $(run "mbox1$m" "$bin" --format json --jobs 1 "$f")
	printf 'bouncediag --jobs 1: %.2f s, peak RSS %.1f MB\n' "$2" "$(echo "$3 / 1024" | bc -l)"
done

echo "== one bounce with a 50 MB attachment"
set -- $(run big "$bin" --format json "$work/attach-50mb.eml")
printf 'bouncediag: %.3f s, peak RSS %.1f MB, records %s\n' "$2" "$(echo "$3 / 1024" | bc -l)" \
    "$(grep -c . "$work/out.big")"

f="$work/mail-1m.log"
echo "== a Postfix log of 1,000,000 lines, $(du -m "$f" | cut -f1) MB"
set -- $(run log "$bin" --summary --format json "$f")
printf 'bouncediag --summary --jobs %s: %.2f s, %.0f lines/s, peak RSS %.1f MB\n' "$jobs" "$2" \
    "$(echo "1000000 / ($2 + 0.001)" | bc -l)" "$(echo "$3 / 1024" | bc -l)"
set -- $(run log1 "$bin" --summary --format json --jobs 1 "$f")
printf 'bouncediag --summary --jobs 1: %.2f s, peak RSS %.1f MB\n' "$2" "$(echo "$3 / 1024" | bc -l)"
