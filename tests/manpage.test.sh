#!/bin/sh
# manpage.test.sh - the man pages are lint-clean, and every long option of
# --help is documented in bouncediag(1) and offered by the completion.
bin=${1:-./bouncediag}
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

if command -v mandoc >/dev/null 2>&1; then
	for page in man/bouncediag.1 man/bouncediag-rules.5; do
		out=$(mandoc -Tlint -W warning "$page" 2>&1 | grep -v 'unusual Xr order')
		[ -z "$out" ] && ok "mandoc lint $page" || bad "mandoc lint $page: $out"
	done
else
	echo "skip mandoc lint: mandoc not installed"
fi
for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "Fl $(echo "$opt" | sed 's/^-//')" man/bouncediag.1 &&
		ok "$opt in bouncediag.1" || bad "$opt missing from bouncediag.1"
	grep -q -- "$opt" completion/bouncediag.bash &&
		ok "$opt in completion" || bad "$opt missing from completion"
done
exit $fail
