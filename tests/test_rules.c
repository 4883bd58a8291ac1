/*
 * test_rules.c - the rule loader (valid and invalid files), the precedence
 * of the engine, hard/temporary, inferred statuses and match limits.
 * Each test builds its own rule directories under a temporary directory.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "bouncediag.h"
#include "classify.h"
#include "facts.h"
#include "rules.h"

static const char *const vocab[] = {
	"userunknown", "hostunknown", "hasmoved", "notaccept", "suspend",
	"mailboxfull", "mesgtoobig", "exceedlimit", "norelaying",
	"securityerror", "authfailure", "requireptr", "blocked",
	"badreputation", "rejected", "spamdetected", "virusdetected",
	"filtered", "contenterror", "policyviolation", "notcompliantrfc",
	"speeding", "toomanyconn", "syntaxerror", "systemerror", "systemfull",
	"networkerror", "expired", "mailererror", "onhold", "undefined",
	"delivered", "vacation", "feedback", NULL
};

static char root[64];

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* make_dir - root/name, holding a complete catalogue when with_catalog */
static const char *
make_dir(const char *name, int with_catalog)
{
	static char paths[8][128];
	static int next;
	char *path = paths[next++ % 8];
	FILE *f;
	char cat[256];
	int i;

	snprintf(path, 128, "%s/%s", root, name);
	mkdir(path, 0700);
	if (!with_catalog)
		return path;
	snprintf(cat, sizeof cat, "%s/reasons.catalog", path);
	f = fopen(cat, "w");
	assert_non_null(f);
	for (i = 0; vocab[i]; i++) {
		const char *hard = strcmp(vocab[i], "userunknown") == 0 ? "yes" :
		    strcmp(vocab[i], "notaccept") == 0 ? "permanent" : "no";
		fprintf(f, "[reason %s]\nhard = %s\ninferred-status = 5.0.9%02d\n", vocab[i], hard, i);
		fprintf(f, "title.en = T %s\ntitle.zh = 标题\ntitle.ru = Заголовок\n", vocab[i]);
		fprintf(f, "cause.en = C %s\n  continued\ncause.zh = 原因\ncause.ru = Причина\n", vocab[i]);
		fprintf(f, "fix.en = F %s\nfix.zh = 办法\nfix.ru = Решение\n\n", vocab[i]);
	}
	fclose(f);
	write_file(path, "status-codes.tsv", "# registry\nX.7.1\tDelivery not authorized, message refused\n");
	write_file(path, "reply-codes.tsv", "550\tMailbox unavailable\n");
	return path;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/bd-test-rules-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* load - the set from dirs, asserting success */
static bd_rules *
load(const char *d1, const char *d2)
{
	const char *dirs[2] = { d1, d2 };
	bd_rules *rules = NULL;
	char err[512];
	int rc = bd_rules_load(&rules, dirs, d2 ? 2 : 1, err, sizeof err);

	if (rc != BD_OK)
		fail_msg("load failed: %s", err);
	return rules;
}

/* load_error - the error text of loading d1 (+ d2), asserting failure */
static void
load_error(const char *d1, const char *d2, char *err, size_t errlen)
{
	const char *dirs[2] = { d1, d2 };
	bd_rules *rules = NULL;

	assert_int_equal(bd_rules_load(&rules, dirs, d2 ? 2 : 1, err, errlen), BD_ERR_RULES);
	assert_null(rules);
}

/* verdict - classify one recipient with these facts */
static void
verdict(bd_rules *rules, enum bd_kind kind, const char *status, int code,
    const char *action, const char *diag, struct bd_verdict *v)
{
	struct bd_factlist fl;
	struct bd_facts f;
	bd_ctx *ctx = bd_ctx_new(rules, BD_LANG_EN);

	assert_non_null(ctx);
	memset(&fl, 0, sizeof fl);
	memset(&f, 0, sizeof f);
	fl.kind = kind;
	snprintf(f.status, sizeof f.status, "%s", status ? status : "");
	f.reply_code = code;
	f.action = action ? strdup(action) : NULL;
	f.diagnostic = diag ? strdup(diag) : NULL;
	assert_int_equal(bd_classify(ctx, &fl, &f, v), 0);
	free(f.action);
	free(f.diagnostic);
	bd_ctx_free(ctx);
}

static const char base_rules[] =
	"# codes\n"
	"[rule code.5.1.1]\nreason = userunknown\nstatus = 5.1.1\n\n"
	"[rule code.5.7]\nreason = securityerror\nstatus = 5.7.*\n\n"
	"[rule code.5.7.1]\nreason = blocked\nstatus = 5.7.1\n\n"
	"[rule code.550]\nreason = onhold\ncode = 550\n\n"
	"[rule fallback]\nreason = undefined\npriority = -100\n\n"
	"[rule text.relay]\nreason = norelaying\nmatch = relay(ing)?\\s+(denied|not permitted)\n"
	"  # a comment inside is skipped\n"
	"match = unable to\n  relay\ncause.en = Relay refused here.\n\n"
	"[rule text.quota]\nreason = mailboxfull\nmatch = over quota\nunless = disk\n\n"
	"[rule text.notaccept]\nreason = notaccept\nmatch = does not accept mail\n\n"
	"[rule vacation]\nreason = vacation\nkind = vacation\n\n"
	"[rule delivered]\nreason = delivered\naction = delivered relayed\n";

/* with_site - the base rules in a shipped directory called ship, and one
 * site file (name, text) in a directory called site, loaded together */
static bd_rules *
with_site(const char *ship, const char *site, const char *name, const char *text)
{
	const char *d = make_dir(ship, 1), *s = make_dir(site, 0);

	write_file(d, "10-base.rules", base_rules);
	write_file(s, name, text);
	return load(d, s);
}

static void
test_valid_set(void **state)
{
	const char *d = make_dir("valid", 1);
	bd_rules *rules;
	size_t n;

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	rules = load(d, NULL);
	assert_int_equal(bd_rules_count(rules), 10);
	assert_non_null(bd_rules_reasons(rules, &n));
	assert_int_equal(n, 34);
	assert_string_equal(bd_rules_reason(rules, "userunknown")->cause[BD_LANG_EN], "C userunknown continued");
	assert_int_equal(bd_rules_reason(rules, "notaccept")->hard, 2);
	assert_string_equal(bd_rules_status_title(rules, "5.7.1"), "Delivery not authorized, message refused");
	assert_string_equal(bd_rules_reply_title(rules, 550), "Mailbox unavailable");
	assert_null(bd_rules_reply_title(rules, 299));
	bd_rules_free(rules);
}

/* "recipient = known | unknown": whether the bounce names the recipient
 * (a guess from the returned original's To is no name) */
static void
test_recipient_condition(void **state)
{
	static const char set[] =
		"[rule named]\nreason = onhold\nrecipient = known\npriority = -100\n\n"
		"[rule unnamed]\nreason = undefined\npriority = -100\n";
	static const char *const names[] = { "ann@example.net", "ann@example.net", NULL };
	static const int guessed[] = { 0, 1, 0 };
	static const char *const want[] = { "onhold", "undefined", "undefined" };
	const char *d = make_dir("rcpt", 1);
	struct bd_factlist fl;
	struct bd_facts f;
	struct bd_verdict v;
	bd_rules *rules;
	bd_ctx *ctx;
	size_t i;

	(void)state;
	write_file(d, "10-rcpt.rules", set);
	rules = load(d, NULL);
	ctx = bd_ctx_new(rules, BD_LANG_EN);
	assert_non_null(ctx);
	for (i = 0; i < 3; i++) {
		memset(&fl, 0, sizeof fl);
		memset(&f, 0, sizeof f);
		fl.kind = BD_KIND_BOUNCE;
		f.recipient = (char *)(uintptr_t)names[i];
		f.recipient_guessed = guessed[i];
		assert_int_equal(bd_classify(ctx, &fl, &f, &v), 0);
		assert_string_equal(v.reason, want[i]);
		bd_verdict_free(&v);
	}
	bd_ctx_free(ctx);
	bd_rules_free(rules);
}

static void
test_precedence(void **state)
{
	const char *d = make_dir("prec", 1);
	struct bd_verdict v;
	bd_rules *rules;

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	rules = load(d, NULL);
	/* the text beats the bare status and code */
	verdict(rules, BD_KIND_BOUNCE, "5.7.1", 550, "failed", "550 5.7.1 Unable to relay", &v);
	assert_string_equal(v.reason, "norelaying");
	assert_string_equal(v.rule_id, "text.relay");
	assert_string_equal(v.evidence, "Unable to relay");
	assert_string_equal(v.cause, "Relay refused here.");
	assert_string_equal(v.fix, "F norelaying");
	assert_int_equal(v.hard, 0);
	bd_verdict_free(&v);
	/* exact status beats a status prefix beats a reply code */
	verdict(rules, BD_KIND_BOUNCE, "5.7.1", 550, NULL, "550 5.7.1 no", &v);
	assert_string_equal(v.rule_id, "code.5.7.1");
	assert_string_equal(v.evidence, "status 5.7.1");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "5.7.9", 550, NULL, NULL, &v);
	assert_string_equal(v.rule_id, "code.5.7");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 550, NULL, NULL, &v);
	assert_string_equal(v.rule_id, "code.550");
	assert_string_equal(v.evidence, "reply code 550");
	assert_string_equal(v.inferred_status, "5.0.929");
	bd_verdict_free(&v);
	/* unless vetoes a match */
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "over quota: disk full", &v);
	assert_string_equal(v.rule_id, "fallback");
	assert_string_equal(v.reason, "undefined");
	bd_verdict_free(&v);
	/* kind and action conditions */
	verdict(rules, BD_KIND_VACATION, "", 0, NULL, NULL, &v);
	assert_string_equal(v.reason, "vacation");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "2.0.0", 250, "delivered", NULL, &v);
	assert_string_equal(v.reason, "delivered");
	bd_verdict_free(&v);
	bd_rules_free(rules);
}

static void
test_hard_and_temporary(void **state)
{
	const char *d = make_dir("hard", 1);
	struct bd_verdict v;
	bd_rules *rules;

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	rules = load(d, NULL);
	verdict(rules, BD_KIND_BOUNCE, "5.1.1", 550, NULL, NULL, &v);
	assert_string_equal(v.reason, "userunknown");
	assert_int_equal(v.hard, 1);
	assert_string_equal(v.inferred_status, "");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 554, NULL, "this host does not accept mail", &v);
	assert_string_equal(v.reason, "notaccept");
	assert_int_equal(v.hard, 1);
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 421, NULL, "this host does not accept mail", &v);
	assert_int_equal(v.hard, 0);
	assert_string_equal(v.inferred_status, "4.0.903");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 0, "delayed", "does not accept mail now", &v);
	assert_int_equal(v.hard, 0);
	bd_verdict_free(&v);
	bd_rules_free(rules);
}

static void
test_site_rules_override(void **state)
{
	struct bd_verdict v;
	bd_rules *rules;

	(void)state;
	/* same id replaces; same conditions, later directory wins */
	rules = with_site("ship", "site", "local.rules",
	    "[rule text.quota]\nreason = exceedlimit\nmatch = over quota\n\n"
	    "[rule site.relay]\nreason = securityerror\nmatch = relay(ing)?\\s+(denied|not permitted)\n"
	    "match = unable to relay\n");
	assert_int_equal(bd_rules_count(rules), 11);
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "user is over quota", &v);
	assert_string_equal(v.reason, "exceedlimit");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "Relaying denied", &v);
	assert_string_equal(v.rule_id, "site.relay");
	bd_verdict_free(&v);
	bd_rules_free(rules);
}

/* expect_evidence - classify diag answering command (or none): the rule
 * and the evidence it gives */
static void
expect_evidence(bd_ctx *ctx, const char *command, const char *diag, const char *rule,
    const char *evidence)
{
	struct bd_verdict v;
	struct bd_factlist fl;
	struct bd_facts f;

	memset(&fl, 0, sizeof fl);
	memset(&f, 0, sizeof f);
	fl.kind = BD_KIND_BOUNCE;
	f.smtp_command = command ? strdup(command) : NULL;
	f.diagnostic = strdup(diag);
	assert_int_equal(bd_classify(ctx, &fl, &f, &v), 0);
	assert_string_equal(v.rule_id, rule);
	assert_string_equal(v.evidence, evidence);
	bd_verdict_free(&v);
	free(f.smtp_command);
	free(f.diagnostic);
}

/* A rule whose pattern takes any text ("match = .") gives its other
 * conditions as evidence, or the text it matched: never an error. */
static void
test_any_text_rules(void **state)
{
	bd_rules *rules;
	bd_ctx *ctx;

	(void)state;
	rules = with_site("ship-any", "site-any", "any.rules",
	    "[rule site.auth]\nreason = securityerror\ncommand = AUTH\nmatch = .\npriority = 9\n\n"
	    "[rule site.any]\nreason = systemerror\nmatch = .\npriority = -9\n");
	assert_non_null(ctx = bd_ctx_new(rules, BD_LANG_EN));
	expect_evidence(ctx, "AUTH", "535 Username and Password not accepted", "site.auth",
	    "reply to AUTH");
	expect_evidence(ctx, NULL, "x happened", "site.any", "x");
	bd_ctx_free(ctx);
	bd_rules_free(rules);
}

/* expect_error - a site file with text gives an error naming want */
static void
expect_error(const char *name, const char *text, const char *want)
{
	const char *d = make_dir("ship-err", 1), *site = make_dir(name, 0);
	char err[512];

	write_file(site, "site.rules", text);
	load_error(d, site, err, sizeof err);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void
test_invalid_files(void **state)
{
	(void)state;
	expect_error("e1", "[rule a]\nreason = userunknown\ncolour = red\n", "site.rules:3: unknown key 'colour'");
	expect_error("e2", "# x\n[rule a]\nreason = nosuch\n", "site.rules:3: unknown reason 'nosuch'");
	expect_error("e3", "[rule a]\nreason = blocked\n\nmatch = (unclosed\n", "site.rules:4:9: pattern does not compile");
	expect_error("e4", "[rule a]\nreason = blocked\n[rule a]\nreason = blocked\n", "site.rules:3: duplicate rule id 'a'");
	expect_error("e5", "[rule a]\nstatus = 5.1.1\n", "site.rules:1: rule 'a' has no reason");
	expect_error("e6", "[rule a]\nreason = blocked\nstatus = 5.1\n", "site.rules:3: bad status code '5.1'");
	expect_error("e7", "[rule a]\nreason = blocked\ncode = 650\n", "bad reply code '650'");
	expect_error("e8", "reason = blocked\n", "site.rules:1: 'reason' outside a section");
	expect_error("e9", "[rule A B]\nreason = blocked\n", "bad rule id");
	expect_error("e10", "[rule a]\nreason = blocked\npriority = 500\n", "site.rules:3: priority");
	expect_error("e11", "[rule a]\nreason blocked\n", "site.rules:2: expected 'key = value'");
	expect_error("e12", "[rule a]\nreason = blocked\ncommand = FETCH\n", "unknown value 'FETCH'");
	/* rule files are UTF-8: a Latin-1 byte is an error, not a broken fix */
	expect_error("e13", "[rule a]\nreason = blocked\nfix.en = caf\xe9\n", "site.rules:3: not valid UTF-8");
}

static void
test_missing_dir_and_catalogue(void **state)
{
	const char *empty = make_dir("nocat", 0);
	char err[512];
	char missing[128];

	(void)state;
	snprintf(missing, sizeof missing, "%s/does-not-exist", root);
	load_error(missing, NULL, err, sizeof err);
	assert_non_null(strstr(err, "does-not-exist"));
	load_error(empty, NULL, err, sizeof err);
	assert_non_null(strstr(err, "missing from the catalogue"));
}

static void
test_check_collects_all(void **state)
{
	const char *d = make_dir("ship-check", 1), *site = make_dir("check", 0);
	const char *dirs[2] = { d, site };
	struct strbuf errors = { 0 };

	(void)state;
	write_file(site, "a.rules", "[rule a]\nreason = nosuch\n[rule b]\nreason = blocked\nmatch = (\n");
	write_file(site, "b.rules", "[rule c]\nfrobnicate = 1\nreason = blocked\n");
	assert_int_equal(bd_rules_check(dirs, 2, &errors), 3);
	assert_non_null(strstr(errors.s, "a.rules:2"));
	assert_non_null(strstr(errors.s, "a.rules:5"));
	assert_non_null(strstr(errors.s, "b.rules:2"));
	sb_free(&errors);
}

static void
test_match_limit(void **state)
{
	char subject[20001];
	struct bd_verdict v;
	bd_rules *rules;

	(void)state;
	rules = with_site("limit", "evil", "evil.rules",
	    "[rule evil]\nreason = blocked\nmatch = ^(a|aa)+$\n");
	memset(subject, 'a', sizeof subject - 2);
	subject[sizeof subject - 2] = 'b';
	subject[sizeof subject - 1] = '\0';
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, subject, &v);
	/* the match limit stops the exponential backtracking: the rule
	 * does not apply (without the limit this would not return) */
	assert_string_equal(v.reason, "undefined");
	bd_verdict_free(&v);
	bd_rules_free(rules);
}

/* Negated classes (\\S, \\W, \\D) match letters beyond ASCII, and a
 * diagnostic with stray bytes (a library caller's facts) is still read:
 * the bytes count as '?' and the evidence keeps its offsets. */
static void
test_non_ascii_subjects(void **state)
{
	struct bd_verdict v;
	bd_rules *rules;

	(void)state;
	rules = with_site("nonascii", "classes", "classes.rules",
	    "[rule site.expired]\nreason = expired\nmatch = distribu\\S* dans les\n\n"
	    "[rule site.full]\nreason = mailboxfull\nmatch = postfach\\W+voll\n");
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "pas distribu\xc3\xa9 dans les d\xc3\xa9lais", &v);
	assert_string_equal(v.reason, "expired");
	assert_string_equal(v.evidence, "distribu\xc3\xa9 dans les");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "Postfach \xe2\x80\x94 voll", &v);
	assert_string_equal(v.reason, "mailboxfull");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "\xff\xfe user over quota \xc3", &v);
	assert_string_equal(v.reason, "mailboxfull");
	assert_string_equal(v.evidence, "over quota");
	bd_verdict_free(&v);
	verdict(rules, BD_KIND_BOUNCE, "", 0, NULL, "Postfach\xe9voll", &v);
	assert_string_equal(v.reason, "mailboxfull");
	assert_string_equal(v.evidence, "Postfach?voll");
	bd_verdict_free(&v);
	bd_rules_free(rules);
}

/* the same facts twice give the same decision (the second one from the
 * context's memory), and other words after them a fresh one */
static void
test_repeated_facts(void **state)
{
	const char *d = make_dir("repeat", 1);
	struct bd_factlist fl;
	struct bd_facts f;
	struct bd_verdict v;
	bd_rules *rules;
	bd_ctx *ctx;
	int i;

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	rules = load(d, NULL);
	ctx = bd_ctx_new(rules, BD_LANG_EN);
	memset(&fl, 0, sizeof fl);
	fl.kind = BD_KIND_BOUNCE;
	for (i = 0; i < 6; i++) {
		memset(&f, 0, sizeof f);
		f.reply_code = 550;
		f.diagnostic = strdup(i % 2 ? "user over quota now" : "550 Unable to relay here");
		assert_int_equal(bd_classify(ctx, &fl, &f, &v), 0);
		assert_string_equal(v.reason, i % 2 ? "mailboxfull" : "norelaying");
		assert_string_equal(v.evidence, i % 2 ? "over quota" : "Unable to relay");
		bd_verdict_free(&v);
		free(f.diagnostic);
	}
	bd_ctx_free(ctx);
	bd_rules_free(rules);
}

/* expect_rule - with the rules of d and site, the first record of text
 * is decided by rule id */
static void
expect_rule(const char *d, const char *site, const char *text, const char *id)
{
	bd_rules *rules = load(d, site);
	bd_ctx *ctx = bd_ctx_new(rules, BD_LANG_EN);
	bd_report *rep = NULL;

	assert_non_null(ctx);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->rule, id);
	bd_report_free(rep);
	bd_ctx_free(ctx);
	bd_rules_free(rules);
}

/* Site rules on the writing software and on the bounce's prose work
 * through the whole pipeline (the scanner works them out only when some
 * rule reads them). */
static void
test_agent_and_body_rules(void **state)
{
	static const char bounce[] =
		"From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n"
		"Subject: Undelivered Mail Returned to Sender\n\n"
		"This is the mail system at host mx.example.org.\n\n"
		"Our help desk ticket queue is closed this week.\n\n"
		"<bob@example.net>: host mx.example.net[192.0.2.7] said: 550 5.0.0 sorry "
		"(in reply to RCPT TO command)\n";
	const char *d = make_dir("agentbody", 1), *site = make_dir("agentbody-site", 0);

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	write_file(site, "local.rules",
	    "[rule site.postfix-sorry]\nreason = systemerror\nagent = postfix\nmatch = sorry\n\n"
	    "[rule site.exim-sorry]\nreason = blocked\nagent = exim\nmatch = sorry\n");
	expect_rule(d, site, bounce, "site.postfix-sorry");
	site = make_dir("agentbody-site2", 0);
	write_file(site, "local.rules",
	    "[rule site.ticket]\nreason = onhold\nbody = help desk ticket queue\n");
	expect_rule(d, site, bounce, "site.ticket");
}

/* Contexts sharing their decisions: the same answers, and each lives on
 * after the one it shares with is freed. */
static void
test_shared_decisions(void **state)
{
	const char *d = make_dir("shared", 1);
	struct bd_factlist fl;
	struct bd_facts f;
	struct bd_verdict v;
	bd_rules *rules;
	bd_ctx *a, *b;
	int i;

	(void)state;
	write_file(d, "10-base.rules", base_rules);
	rules = load(d, NULL);
	a = bd_ctx_new(rules, BD_LANG_EN);
	b = bd_ctx_new_sharing(a);
	assert_non_null(b);
	memset(&fl, 0, sizeof fl);
	fl.kind = BD_KIND_BOUNCE;
	for (i = 0; i < 4; i++) {
		memset(&f, 0, sizeof f);
		f.reply_code = 550;
		f.diagnostic = strdup("550 Unable to relay here");
		assert_int_equal(bd_classify(i % 2 ? b : a, &fl, &f, &v), 0);
		assert_string_equal(v.reason, "norelaying");
		assert_string_equal(v.evidence, "Unable to relay");
		bd_verdict_free(&v);
		if (i == 1)
			bd_ctx_free(a);   /* b keeps the shared decisions alive */
		if (i == 1)
			a = b;
		free(f.diagnostic);
	}
	bd_ctx_free(b);
	bd_rules_free(rules);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_set),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_recipient_condition),
		cmocka_unit_test(test_hard_and_temporary),
		cmocka_unit_test(test_site_rules_override),
		cmocka_unit_test(test_any_text_rules),
		cmocka_unit_test(test_invalid_files),
		cmocka_unit_test(test_missing_dir_and_catalogue),
		cmocka_unit_test(test_check_collects_all),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_non_ascii_subjects),
		cmocka_unit_test(test_repeated_facts),
		cmocka_unit_test(test_agent_and_body_rules),
		cmocka_unit_test(test_shared_decisions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
