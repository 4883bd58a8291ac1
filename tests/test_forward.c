/*
 * test_forward.c - the header blocks mail clients write above a forwarded
 * message, in their users' languages (forward.c).
 */
#include "testutil.h"

#include "forward.h"

static void
expect_field(const char *line, const char *want, const char *want_value)
{
	const char *value = NULL;
	const char *name = bd_forward_field(line, strlen(line), &value);

	if (want == NULL) {
		if (name != NULL)
			fail_msg("'%s': read as %s", line, name);
		return;
	}
	if (name == NULL || strcmp(name, want) != 0)
		fail_msg("'%s': want %s, got %s", line, want, name ? name : "(none)");
	assert_string_equal(value, want_value);
}

static void
test_fields(void **state)
{
	(void)state;
	expect_field("From: Mail Delivery System <x@y>", "From", "Mail Delivery System <x@y>");
	expect_field("De : Microsoft Outlook", "From", "Microsoft Outlook");
	expect_field("Envoyé : mardi 4 mars 2025 11:02", "Date", "mardi 4 mars 2025 11:02");
	expect_field("Betreff: Unzustellbar: Angebot", "Subject", "Unzustellbar: Angebot");
	expect_field("*From:* Postmaster", "From", "Postmaster");
	expect_field("发件人: \"Mail Delivery System\"<MAILER-DAEMON@a.example>;", "From",
	    "\"Mail Delivery System\"<MAILER-DAEMON@a.example>;");
	expect_field("主题：Undelivered Mail", "Subject", "Undelivered Mail");
	expect_field("Кому: Иван", "To", "Иван");
	expect_field("보낸 사람: 시스템 관리자", "From", "시스템 관리자");
	expect_field("送信者: Mail Delivery System <Mailer-Daemon@a.example>", "From",
	    "Mail Delivery System <Mailer-Daemon@a.example>");   /* Gmail's Japanese forward */
	/* a sentence with a colon is not a field, nor a long label */
	expect_field("The following recipient could not be reached: a@b", NULL, NULL);
	expect_field("Remote server said: 550", NULL, NULL);
	expect_field("Note: see below", NULL, NULL);
}

static void
expect_renamed(const char *text, const char *want)
{
	char *out = NULL;
	size_t n = 0;
	int rc = bd_forward_headers(text, strlen(text), &out, &n);

	if (want == NULL) {
		assert_int_equal(rc, 0);
		assert_null(out);
		return;
	}
	assert_int_equal(rc, 1);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	free(out);
}

static void
test_blocks(void **state)
{
	(void)state;
	/* Outlook in French: renamed, a blank line after the block */
	expect_renamed("De : Microsoft Outlook <a@b.example>\nEnvoyé : mardi 4 mars 2025\n"
	    "À : Julien <j@b.example>\nObjet : Non remis : Plans\n\nVotre message...\n",
	    "From: Microsoft Outlook <a@b.example>\nDate: mardi 4 mars 2025\n"
	    "To: Julien <j@b.example>\nSubject: Non remis : Plans\n\n\nVotre message...\n");
	/* a long recipient list continues on the next line; the text may
	 * follow without a blank line */
	expect_renamed("Von: Postmaster <p@x.example>\nAn: a@x.example,\n b@x.example\n"
	    "Betreff: Unzustellbar\nIhre Nachricht ...",
	    "From: Postmaster <p@x.example>\nTo: a@x.example,\n b@x.example\n"
	    "Subject: Unzustellbar\n\nIhre Nachricht ...");
	/* a forwarded message's own header needs no renaming (it goes on
	 * with fields no client writes in a forward block) */
	expect_renamed("From: feedback@isp.example\nTo: abuse@example.org\nSubject: Abuse report\n"
	    "MIME-Version: 1.0\n\nbody\n", NULL);
	/* one field, or none of them the sender, is no block */
	expect_renamed("Objet : Non remis\n\ntext\n", NULL);
	expect_renamed("Envoyé : mardi\nÀ : Julien\n\ntext\n", NULL);
	expect_renamed("", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
