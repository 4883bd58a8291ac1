#!/bin/sh
# seeds.test.sh - bounce phrases classify into their reasons: the project's
# own phrases (tests/seeds.tsv, several languages), and every phrase quoted
# in the seed articles (../shared/seeds/examples.tsv) when it is present.
bin=${1:-./bouncediag}
fail=0; n=0; good=0

# check ALLOWED TEXT - one of the records' reasons is in ALLOWED (a,b,c)
check() {
	got=$(printf '%s\n' "$2" | "$bin" --format tsv | awk -F'\t' 'NR > 1 { print $7 }' | tr '\n' ',')
	n=$((n + 1))
	for r in $(echo "$got" | tr ',' ' '); do
		case ",$1," in *",$r,"*) good=$((good + 1)); return 0 ;; esac
	done
	echo "FAIL want $1, got ${got:-nothing}: $2"
	fail=1
}

while IFS='	' read -r reason text; do
	case "$reason" in '#'*|'') continue ;; esac
	check "$reason" "$text"
done < tests/seeds.tsv
echo "own phrases: $good/$n"

shared=../shared/seeds/examples.tsv
if [ -r "$shared" ]; then
	n=0; good=0
	while IFS='	' read -r seed category allowed text; do
		case "$seed" in '#'*|'') continue ;; esac
		check "$allowed" "$text"
	done < "$shared"
	echo "seed examples: $good/$n"
else
	echo "skip seed examples: $shared not found"
fi
exit $fail
