#!/bin/sh
# shapes.test.sh - notifications in the shapes of many servers, gateways and
# languages (tests/shapes/*.eml, written for these tests) give the
# recipients and reasons tests/shapes/expected.tsv lists, in one batch run.
bin=${1:-./bouncediag}
dir=tests/shapes
got=$(mktemp /tmp/bd-shapes.XXXXXX) || exit 2
trap 'rm -f "$got"' EXIT
# every file once, in the order of expected.tsv
grep -v '^#' "$dir/expected.tsv" | cut -f1 | sed "s|^|$dir/|" | tr '\n' '\0' |
    xargs -0 "$bin" --jobs 1 --format tsv |
    awk -F'\t' 'NR > 1 { n = split($1, p, "/"); r[p[n]] = r[p[n]] (r[p[n]] == "" ? "" : " ") $3 ":" $7 }
	END { for (f in r) print f "\t" r[f] }' > "$got"
fail=0; n=0
while IFS='	' read -r file want; do
	case "$file" in '#'*|'') continue ;; esac
	n=$((n + 1))
	have=$(awk -F'\t' -v f="$file" '$1 == f { print $2 }' "$got")
	if [ "$have" != "$want" ]; then
		echo "FAIL $file: want '$want', got '$have'"
		fail=1
	fi
done < "$dir/expected.tsv"
missing=$(ls "$dir"/*.eml | wc -l)
[ "$missing" -eq "$n" ] || { echo "FAIL $missing files, $n listed in expected.tsv"; fail=1; }
echo "server shapes: $n notifications"
exit $fail
