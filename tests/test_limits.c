/*
 * test_limits.c - every bound of src/limits.h, through the library: input
 * past each limit is processed (never fails, never crashes), what is kept
 * stays within the limit, and the records carry a note.  Every input is
 * handed over in a buffer of exactly its size, without a NUL after it, so a
 * sanitizer build catches any read past the end.  Also: catastrophic
 * regular expressions in a site rule stop at the PCRE2 limits in time.
 */
#include "testutil.h"

#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "bouncediag.h"
#include "limits.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLOW 5
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW 5
#endif
#endif
#ifndef SLOW
#define SLOW 1
#endif

static bd_rules *rules;
static bd_ctx *ctx;

static int
setup(void **state)
{
	const char *dir = TEST_RULES_DIR;
	char err[1024];

	(void)state;
	if (bd_rules_load(&rules, &dir, 1, err, sizeof err) != BD_OK) {
		fprintf(stderr, "cannot load %s: %s\n", dir, err);
		return -1;
	}
	ctx = bd_ctx_new(rules, BD_LANG_EN);
	return ctx ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	bd_ctx_free(ctx);
	bd_rules_free(rules);
	return 0;
}

/* diagnose - bd_diagnose on an exact-size copy of sb (no NUL after it) */
static bd_report *
diagnose_with(bd_ctx *c, const struct strbuf *sb)
{
	bd_report *rep = NULL;
	char *copy = malloc(sb->len ? sb->len : 1);

	assert_non_null(copy);
	if (sb->len)
		memcpy(copy, sb->s, sb->len);
	assert_int_equal(bd_diagnose(c, copy, sb->len, &rep), BD_OK);
	free(copy);
	assert_non_null(rep);
	assert_true(bd_report_count(rep) >= 1);
	return rep;
}

static bd_report *
diagnose(const struct strbuf *sb)
{
	return diagnose_with(ctx, sb);
}

/* add - append printf-formatted text to sb */
static void add(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct strbuf *sb, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof buf);
	assert_int_equal(sb_append(sb, buf, (size_t)n), 0);
}

/* add_fill - append n copies of c */
static void
add_fill(struct strbuf *sb, char c, size_t n)
{
	char chunk[4096];
	size_t k;

	memset(chunk, c, sizeof chunk);
	for (; n > 0; n -= k) {
		k = n < sizeof chunk ? n : sizeof chunk;
		assert_int_equal(sb_append(sb, chunk, k), 0);
	}
}

/* dsn_head, dsn_status - a multipart/report with boundary B */
static void
dsn_head(struct strbuf *sb)
{
	add(sb, "From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n"
	    "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n");
}

static void
dsn_status(struct strbuf *sb, const char *rcpt)
{
	add(sb, "--B\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; %s\n"
	    "Action: failed\nStatus: 5.1.1\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 <%s>: User unknown\n--B--\n", rcpt, rcpt);
}

/* assert_noted - every record of rep has a note */
static void
assert_noted(bd_report *rep)
{
	size_t i;

	for (i = 0; i < bd_report_count(rep); i++)
		assert_non_null(bd_report_record(rep, i)->note);
}

static void
test_mime_depth(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;
	int i, depth = BD_MAX_MIME_DEPTH * 4;

	(void)state;
	add(&sb, "From: MAILER-DAEMON@example.org\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"b0\"\n\n");
	for (i = 0; i < depth; i++)
		add(&sb, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i + 1);
	add(&sb, "--b%d\nContent-Type: text/plain\n\n550 5.1.1 user unknown\n", depth);
	for (i = depth; i >= 0; i--)
		add(&sb, "--b%d--\n", i);
	rep = diagnose(&sb);
	assert_noted(rep);
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_mime_parts(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;
	int i;

	(void)state;
	dsn_head(&sb);
	add(&sb, "\n");
	for (i = 0; i < BD_MAX_MIME_PARTS * 3; i++)
		add(&sb, "--B\nContent-Type: text/plain\n\npart %d\n", i);
	dsn_status(&sb, "bob@example.net");
	rep = diagnose(&sb);
	assert_noted(rep);
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_header_count(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;
	int i;

	(void)state;
	for (i = 0; i < BD_MAX_HEADERS * 3; i++)
		add(&sb, "X-Filler-%d: %d\n", i, i);
	dsn_head(&sb);
	add(&sb, "\n");
	dsn_status(&sb, "bob@example.net");
	rep = diagnose(&sb);
	assert_noted(rep);
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_header_bytes(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;
	int i;

	(void)state;
	add(&sb, "Subject: ");
	add_fill(&sb, 's', BD_MAX_HEADER_BYTES * 3);
	add(&sb, "\nX-Folded: start\n");
	for (i = 0; i < 20000; i++)   /* folded past the limit */
		add(&sb, " continuation %d\n", i);
	dsn_head(&sb);
	add(&sb, "\n");
	dsn_status(&sb, "bob@example.net");
	rep = diagnose(&sb);
	assert_noted(rep);
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_message_bytes(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;

	(void)state;
	dsn_head(&sb);
	add(&sb, "\n");
	dsn_status(&sb, "bob@example.net");
	add(&sb, "--B\nContent-Type: text/plain\n\n");
	while (sb.len < BD_MAX_MESSAGE_BYTES + BD_MAX_MESSAGE_BYTES / 2) {
		add_fill(&sb, 'z', 1000);
		add_fill(&sb, '\n', 1);
	}
	rep = diagnose(&sb);
	assert_noted(rep);
	assert_string_equal(bd_report_record(rep, 0)->recipient, "bob@example.net");
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_diagnostic_bytes(void **state)
{
	struct strbuf sb = { 0 };
	const bd_record *r;
	bd_report *rep;

	(void)state;
	dsn_head(&sb);
	add(&sb, "\n--B\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: rfc822; bob@example.net\nAction: failed\n"
	    "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 ");
	add_fill(&sb, 'd', BD_MAX_LINE_BYTES * 8);
	add(&sb, "\n--B--\n");
	rep = diagnose(&sb);
	assert_int_equal(bd_report_count(rep), 1);
	r = bd_report_record(rep, 0);
	assert_non_null(r->diagnostic);
	assert_true(strlen(r->diagnostic) <= BD_MAX_DIAGNOSTIC);
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_recipients(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep;
	int i;

	(void)state;
	dsn_head(&sb);
	add(&sb, "\n--B\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example.org\n");
	for (i = 0; i < BD_MAX_RECIPIENTS * 3; i++)
		add(&sb, "\nFinal-Recipient: rfc822; u%d@example.net\nAction: failed\n"
		    "Status: 5.1.1\n", i);
	add(&sb, "--B--\n");
	rep = diagnose(&sb);
	assert_true(bd_report_count(rep) <= BD_MAX_RECIPIENTS);
	assert_string_equal(bd_report_record(rep, 0)->recipient, "u0@example.net");
	bd_report_free(rep);
	sb_free(&sb);
}

static void
test_empty_and_tiny(void **state)
{
	static const char *const inputs[] = { "", "\n", "\r", ":", "From ", "550",
	    "Content-Type: multipart/mixed; boundary=\n\n--\n" };
	struct strbuf sb = { 0 };
	bd_report *rep;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		sb.len = 0;
		if (*inputs[i])
			add(&sb, "%s", inputs[i]);
		rep = diagnose(&sb);
		bd_report_free(rep);
	}
	sb_free(&sb);
}

/* now - monotonic seconds */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_pcre_limits(void **state)
{
	static const char evil[] =
	    "[rule evil.alternation]\nreason = blocked\nmatch = (a|a)+$\n\n"
	    "[rule evil.words]\nreason = spamdetected\nmatch = (\\w+\\s?)+$\n\n"
	    "[rule evil.body]\nreason = filtered\nbody = (a|aa)+(b|bb)+$\n";
	char dir[] = "/tmp/bd-test-limits.XXXXXX", path[64], err[1024];
	const char *dirs[2] = { TEST_RULES_DIR, dir };
	struct strbuf sb = { 0 };
	bd_rules *site;
	bd_report *rep;
	bd_ctx *c;
	double t0;
	FILE *f;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/evil.rules", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(evil, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(bd_rules_load(&site, dirs, 2, err, sizeof err), BD_OK);
	assert_non_null(c = bd_ctx_new(site, BD_LANG_EN));
	dsn_head(&sb);
	add(&sb, "\n--B\nContent-Type: text/plain\n\n");
	add_fill(&sb, 'a', 20480);
	add(&sb, "!\n\n--B\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: rfc822; bob@example.net\nAction: failed\n"
	    "Status: 5.7.1\nDiagnostic-Code: smtp; 550 5.7.1 ");
	for (i = 0; i < 4000; i++)
		add(&sb, i % 2 ? "aaaaa" : "word ");
	add(&sb, "!\n--B--\n");
	t0 = now();
	rep = diagnose_with(c, &sb);
	assert_true(now() - t0 < 2.0 * SLOW);
	assert_string_equal(bd_report_record(rep, 0)->recipient, "bob@example.net");
	bd_report_free(rep);
	bd_ctx_free(c);
	bd_rules_free(site);
	unlink(path);
	rmdir(dir);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mime_depth),
		cmocka_unit_test(test_mime_parts),
		cmocka_unit_test(test_header_count),
		cmocka_unit_test(test_header_bytes),
		cmocka_unit_test(test_message_bytes),
		cmocka_unit_test(test_diagnostic_bytes),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_pcre_limits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
