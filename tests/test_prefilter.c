/*
 * test_prefilter.c - the literal prefilter in front of the rule patterns:
 * what it reads from pattern sources, and that it never leaves out a
 * pattern that matches (checked on every shipped pattern against every
 * phrase and example the repository holds).
 */
#include "testutil.h"

#include "prefilter.h"
#include "rules_impl.h"

/* marked - build a prefilter of one pattern, scan text */
static int
marked(const char *pattern, const char *text)
{
	struct bd_prefilter *pf = bd_prefilter_new();
	uint64_t marks[1];
	int id;

	assert_non_null(pf);
	id = bd_prefilter_add(pf, pattern);
	assert_int_equal(id, 0);
	assert_int_equal(bd_prefilter_build(pf), 0);
	bd_prefilter_scan(pf, text, strlen(text), marks);
	id = bd_prefilter_marked(marks, 0);
	bd_prefilter_free(pf);
	return id;
}

/* filtered - does the pattern get atoms at all? */
static int
filtered(const char *pattern)
{
	struct bd_prefilter *pf = bd_prefilter_new();
	int yes;

	assert_non_null(pf);
	assert_int_equal(bd_prefilter_add(pf, pattern), 0);
	yes = bd_prefilter_filtered(pf, 0);
	bd_prefilter_free(pf);
	return yes;
}

static void
test_atoms(void **state)
{
	(void)state;
	/* literals, caseless */
	assert_true(marked("user unknown", "550 User Unknown"));
	assert_false(marked("user unknown", "550 mailbox full"));
	/* alternation and optional parts multiply into exact strings */
	assert_true(marked("\\bno (such )?(user|mailbox)\\b", "no such mailbox here"));
	assert_true(marked("\\bno (such )?(user|mailbox)\\b", "NO USER"));
	assert_false(marked("\\bno (such )?(user|mailbox)\\b", "no such domain"));
	assert_true(marked("does ?n[o']t exist", "doesn't exist"));
	assert_true(marked("does ?n[o']t exist", "does not exist"));
	/* a gap keeps the better side */
	assert_true(marked("\\bquota\\b.{0,20}exceeded", "quota was exceeded"));
	assert_false(marked("\\bquota\\b.{0,20}exceeded", "over quota"));
	/* several matches in one scan, overlapping atoms */
	assert_true(marked("ababc", "abababc"));
	/* characters without case are atoms, ones with case beyond ASCII are not */
	assert_true(marked("用户不存在", "错误：用户不存在"));
	assert_false(marked("用户不存在", "邮箱已满"));
	assert_true(filtered("用户不存在"));
	/* Latin-1 and Greek letters are folded on both sides too, a final
	 * sigma as any sigma; in a class as well */
	assert_true(filtered("χρήστης"));
	assert_true(marked("άγνωστος χρήστης", "ΆΓΝΩΣΤΟΣ ΧΡΉΣΤΗΣ"));
	assert_true(marked("χρήστης", "ΧΡΉΣΤΗΣ"));
	assert_false(marked("άγνωστος χρήστης", "γεμάτο"));
	assert_true(marked("σ", "ς"));
	assert_true(filtered("\\bk[oö]t[uü] itibar"));
	assert_true(marked("\\bk[oö]t[uü]\\b", "KÖTÜ"));
	assert_false(marked("\\bk[oö]t[uü]\\b", "iyi"));
	/* a Greek symbol form or the MICRO SIGN folds onto a letter: everything
	 * is marked */
	assert_true(marked("θέμα", "\xcf\x91" "έμα"));
	assert_true(marked("μήνυμα", "\xc2\xb5" "ήνυμα"));
	/* Latin Extended letters are not read: "ł" leaves the atoms around it */
	assert_true(marked("pe\xc5\x82na", "PE\xc5\x81NA"));
	/* basic Cyrillic is folded on both sides */
	assert_true(filtered("пользователь"));
	assert_true(marked("пользователь не найден", "ПОЛЬЗОВАТЕЛЬ НЕ НАЙДЕН"));
	assert_true(marked("ящик (переполнен|заполнен)", "Ящик Переполнен"));
	assert_false(marked("ящик (переполнен|заполнен)", "ящик заблокирован"));
	assert_true(marked("Ёлка", "ёлка"));
	/* a Cyrillic Extended-C letter folds onto в: everything is marked */
	assert_true(marked("вход", "\xe1\xb2\x80ход"));
	assert_true(marked("empfänger unbekannt", "EMPFÄNGER UNBEKANNT"));
	/* KELVIN SIGN matches k caselessly: everything is marked */
	assert_true(marked("blocked", "bloc\xe2\x84\xaa" "ed"));
	/* patterns without literals, or beyond the reader, always run */
	assert_false(filtered("."));
	assert_false(filtered("\\w+\\s\\d+"));
	assert_true(marked("\\w+@\\w+", "a@b"));
	assert_false(filtered("(a)\\1"));
	assert_false(filtered("x*"));
	assert_false(filtered("(?x) a b"));
	assert_true(filtered("(?i)spam"));
	/* lookarounds say nothing but are parsed past */
	assert_true(marked("\\bSPAM\\b(?!haus)", "spam"));
	assert_false(marked("\\bSPAM\\b(?!haus)", "ham"));
	/* a '{' that is not a quantifier is a literal */
	assert_true(marked("a{b", "xa{bx"));
	assert_true(marked("ab{2}c", "abbc"));
	assert_true(marked("(ab){0,2}c", "c"));
}

/* A set large enough that most states are deep (no table row): a scan
 * walks their links and still marks exactly the atoms in the text, also
 * one reached through a deep state's failure link. */
static void
test_deep_states(void **state)
{
	struct bd_prefilter *pf = bd_prefilter_new();
	const char *text = "see k123longatomtext, k12, k045longatomtexX and k200longatomtextzz";
	uint64_t *marks;
	char atom[32];
	int i, tail;

	(void)state;
	assert_non_null(pf);
	for (i = 0; i < 300; i++) {
		snprintf(atom, sizeof atom, "k%03dlongatomtext", i);
		assert_int_equal(bd_prefilter_add(pf, atom), i);
	}
	tail = bd_prefilter_add(pf, "atomtextzz");
	assert_int_equal(bd_prefilter_build(pf), 0);
	marks = calloc(bd_prefilter_words(pf), sizeof *marks);
	assert_non_null(marks);
	bd_prefilter_scan(pf, text, strlen(text), marks);
	for (i = 0; i < 300; i++)
		if (bd_prefilter_marked(marks, i) != (i == 123 || i == 200))
			fail_msg("atom %d marked %d", i, bd_prefilter_marked(marks, i));
	assert_true(bd_prefilter_marked(marks, tail));
	bd_prefilter_scan(pf, "K123LONGATOMTEXT", 16, marks);   /* caseless */
	assert_true(bd_prefilter_marked(marks, 123));
	assert_false(bd_prefilter_marked(marks, tail));
	free(marks);
	bd_prefilter_free(pf);
}

/* each_line - call fn on every line of a file (without its newline) */
static void
each_line(const char *path, void (*fn)(const char *line, void *arg), void *arg)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		fn(line, arg);
	}
	fclose(f);
}

struct sweep {
	const bd_rules *set;
	pcre2_match_data *md;
	uint64_t *marks;
	long texts, matches;
};

/* check_text - every shipped pattern that matches text is marked */
static void
check_text(const char *text, void *arg)
{
	struct sweep *sw = arg;
	const struct bd_rule *r;
	size_t i, j;

	bd_prefilter_scan(sw->set->prefilter, text, strlen(text), sw->marks);
	sw->texts++;
	for (i = 0; i < sw->set->nrules; i++) {
		r = sw->set->rules[i];
		for (j = 0; j < r->nmatch; j++) {
			if (pcre2_match(r->match[j].code, (PCRE2_SPTR)text, strlen(text), 0, 0,
			    sw->md, NULL) < 0)
				continue;
			sw->matches++;
			if (!bd_prefilter_marked(sw->marks, r->match[j].pf_id))
				fail_msg("rule %s: /%s/ matches '%s' but is not marked",
				    r->id, r->match[j].source, text);
		}
	}
}

static void
test_never_misses(void **state)
{
	const char *dirs[] = { TEST_RULES_DIR };
	const char *files[] = { "tests/seeds.tsv", "examples/relay-denied.eml",
		"examples/user-unknown.eml", "examples/mailbox-full.eml",
		"examples/rbl-blocked.eml", "examples/outlook-dialog.txt",
		"examples/spool.mbox", "../shared/seeds/examples.tsv" };
	struct sweep sw = { 0 };
	bd_rules *set;
	char err[512];
	size_t i;

	(void)state;
	assert_int_equal(bd_rules_load(&set, dirs, 1, err, sizeof err), 0);
	sw.set = set;
	sw.md = pcre2_match_data_create(16, NULL);
	sw.marks = calloc(bd_prefilter_words(set->prefilter), sizeof *sw.marks);
	assert_non_null(sw.md);
	assert_non_null(sw.marks);
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		each_line(files[i], check_text, &sw);
	/* the sweep is real: many texts, many patterns matching */
	assert_true(sw.texts > 100);
	assert_true(sw.matches > 60);
	free(sw.marks);
	pcre2_match_data_free(sw.md);
	bd_rules_free(set);
}

/* Every shipped pattern with words has atoms: one that the reader gives
 * up on (an alternation too wide to keep, a construct it does not
 * follow) runs on every diagnostic, which costs every message. */
static void
test_shipped_filtered(void **state)
{
	const char *dirs[] = { TEST_RULES_DIR };
	const struct bd_rule *r;
	bd_rules *set;
	char err[512];
	size_t i, j, n = 0;

	(void)state;
	assert_int_equal(bd_rules_load(&set, dirs, 1, err, sizeof err), 0);
	for (i = 0; i < set->nrules; i++) {
		r = set->rules[i];
		for (j = 0; j < r->nmatch; j++) {
			if (strcmp(r->match[j].source, ".") == 0)
				continue;   /* a status-only rule's "any text" */
			n++;
			if (!bd_prefilter_filtered(set->prefilter, r->match[j].pf_id))
				fail_msg("rule %s: /%.80s/ has no atoms", r->id, r->match[j].source);
		}
	}
	assert_true(n > 300);
	bd_rules_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atoms),
		cmocka_unit_test(test_deep_states),
		cmocka_unit_test(test_never_misses),
		cmocka_unit_test(test_shipped_filtered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
