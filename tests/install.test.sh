#!/bin/sh
# install.test.sh - make install into a DESTDIR: binary, rules, man pages,
# completion, static and shared library, header and pkg-config file; the
# installed program runs; a small program builds against the installed
# library with pkg-config; make uninstall removes it all.
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
make -s install PREFIX=/usr DESTDIR="$t" >"$t/log" 2>&1 || { cat "$t/log"; exit 1; }
for f in usr/bin/bouncediag usr/share/bouncediag/rules/reasons.catalog \
    usr/share/man/man1/bouncediag.1 usr/share/man/man5/bouncediag-rules.5 \
    usr/share/bash-completion/completions/bouncediag usr/lib/libbouncediag.a \
    usr/lib/libbouncediag.so usr/include/bouncediag.h usr/lib/pkgconfig/bouncediag.pc; do
	[ -e "$t/$f" ] && ok "installed $f" || bad "missing $f"
done
out=$(BOUNCEDIAG_RULES="$t/usr/share/bouncediag/rules" "$t/usr/bin/bouncediag" --format tsv \
	examples/relay-denied.eml | awk -F'\t' 'NR == 2 { print $7 }')
[ "$out" = norelaying ] && ok "installed binary diagnoses" || bad "installed binary: '$out'"
# built for PREFIX=/usr, it looks for its rules there, not in /usr/local
strings "$t/usr/bin/bouncediag" | grep -qx '/usr/share/bouncediag/rules' &&
	ok "installed binary looks in /usr/share/bouncediag/rules" ||
	bad "installed binary has another rules directory compiled in"

cat > "$t/demo.c" <<'CEOF'
#include <stdio.h>
#include <string.h>
#include <bouncediag.h>

int
main(int argc, char **argv)
{
	static const char text[] = "550 5.1.1 <bob@example.net>: User unknown\n";
	const char *dirs[1] = { argv[1] };
	char err[256];
	bd_rules *rules;
	bd_ctx *ctx;
	bd_report *rep;

	if (argc < 2 || bd_rules_load(&rules, dirs, 1, err, sizeof err) != BD_OK)
		return 1;
	ctx = bd_ctx_new(rules, BD_LANG_EN);
	if (ctx == NULL || bd_diagnose(ctx, text, strlen(text), &rep) != BD_OK)
		return 1;
	printf("%s %s\n", bd_report_record(rep, 0)->recipient, bd_report_record(rep, 0)->reason);
	bd_report_free(rep);
	bd_ctx_free(ctx);
	bd_rules_free(rules);
	return 0;
}
CEOF
flags=$(PKG_CONFIG_PATH="$t/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$t" \
	pkg-config --static --cflags --libs bouncediag) || bad "pkg-config bouncediag"
# a library built by make check-asan needs the sanitizer runtimes too
san=
if nm "$t/usr/lib/libbouncediag.a" 2>/dev/null | grep -q __asan_init; then
	san="-fsanitize=address,undefined"
	export CC=clang
fi
if ${CC:-cc} $san -o "$t/demo" "$t/demo.c" $flags 2>"$t/cc.log" || \
   ${CC:-cc} $san -o "$t/demo" "$t/demo.c" -I"$t/usr/include" "$t/usr/lib/libbouncediag.a" \
	$(pkg-config --libs libpcre2-8) -lpthread 2>>"$t/cc.log"; then
	out=$(LD_LIBRARY_PATH="$t/usr/lib" "$t/demo" "$t/usr/share/bouncediag/rules")
	[ "$out" = "bob@example.net userunknown" ] && ok "program built with pkg-config" ||
		bad "program built with pkg-config: '$out'"
else
	bad "cannot build against the installed library: $(cat "$t/cc.log")"
fi
make -s uninstall PREFIX=/usr DESTDIR="$t" >/dev/null 2>&1
make -s bouncediag >/dev/null 2>&1   # back to the default prefix for the other tests
left=$(find "$t/usr" -type f 2>/dev/null | wc -l)
[ "$left" -eq 0 ] && ok "uninstall removes every file" || bad "uninstall left $left files"
exit $fail
