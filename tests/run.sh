#!/bin/sh
# run.sh - run every cmocka binary given as argument and every
# tests/*.test.sh script; print one line per program and a total.
cd "$(dirname "$0")/.."
pass=0; fail=0; failed=""
for t in "$@" tests/*.test.sh; do
	[ -e "$t" ] || continue
	log="tests/bin/$(basename "$t").log"
	mkdir -p tests/bin
	case "$t" in
	*.sh) sh "$t" > "$log" 2>&1 ;;
	*) "$t" > "$log" 2>&1 ;;
	esac
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); echo "ok   $t"
	else
		fail=$((fail + 1)); failed="$failed $t"; echo "FAIL $t (see $log)"
		tail -n 20 "$log" | sed 's/^/     /'
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
