/*
 * test_smtp.c - the SMTP fact finders (smtp.c) and the RFC 3464 parser
 * (dsn.c) on lines and reports shaped like real servers' ones.
 */
#include "testutil.h"

#include "dsn.h"
#include "facts.h"
#include "smtp.h"

static void
expect_status(const char *line, const char *want)
{
	char out[16];
	const char *p = bd_find_status(line, out);

	if (want == NULL) {
		if (p != NULL)
			fail_msg("'%s': found status '%s'", line, out);
		return;
	}
	if (p == NULL || strcmp(out, want) != 0)
		fail_msg("'%s': want '%s', got '%s'", line, want, p ? out : "(none)");
}

static void
test_status(void **state)
{
	(void)state;
	expect_status("550 5.1.1 <bob@example.net>: Recipient address rejected", "5.1.1");
	expect_status("550-5.7.1 [192.0.2.1] Our system has detected", "5.7.1");
	expect_status("Status: 4.7.650 (throttled)", "4.7.650");
	expect_status("#550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found ##", "5.1.10");
	expect_status("smtp; 554 5.7.26 Unauthenticated email", "5.7.26");
	expect_status("connect to 192.168.5.1.2 failed", NULL);
	expect_status("host 10.4.4.1 refused", NULL);
	expect_status("Sendmail 8.14.4 version 2.5.1", NULL);
	expect_status("version 5.1.1.3 of the server", NULL);
	expect_status("no code here", NULL);
	/* the one right after the reply code wins over an earlier one */
	expect_status("see RFC 5.7.1 then 550 5.1.1 gone", "5.1.1");
	/* a success status in prose is a version unless its code leads it */
	expect_status("Undeliverable: RELEASED Mailman 2.0.12 on Thu", NULL);
	expect_status("250 2.1.5 Ok", "2.1.5");
	expect_status("2.0.0", "2.0.0");
	/* a transcript: the success to RCPT, then the failure to DATA */
	expect_status("<-- 250 2.1.5 OK --> DATA <-- 354 Go ahead <-- 552-5.7.0 blocked", "5.7.0");
	expect_status("<-- 250 2.1.5 OK; the message was refused (5.7.1)", "5.7.1");
	/* Exchange quoting the reply of the next hop: the quoted one */
	expect_status("#5.0.0 smtp; 5.3.0 - Other mail system problem 552-'5.2.2 Mailbox over quota'",
	    "5.2.2");
}

static void
test_reply_code(void **state)
{
	(void)state;
	assert_int_equal(bd_find_reply_code("550 5.1.1 User unknown"), 550);
	assert_int_equal(bd_find_reply_code("250 <a@b.example>, Sender ok 552 Message would exceed quota"), 552);
	assert_int_equal(bd_find_reply_code("550-Mailbox unavailable"), 550);
	assert_int_equal(bd_find_reply_code("host mx.example.net said: 452 4.2.2 Over quota"), 452);
	assert_int_equal(bd_find_reply_code("Server Error: 550, Error Number: 0x800CCC79"), 550);
	assert_int_equal(bd_find_reply_code("\xe5\x8e\x9f\xe5\x9b\xa0\xef\xbc\x9a" "550 Mailbox not found"), 550);
	assert_int_equal(bd_find_reply_code("on 11/23/2026 10:00 AM 550 #5.1.0 Address rejected"), 550);
	assert_int_equal(bd_find_reply_code("on 11/23/2026 10:00 AM the mailbox is full"), 0);
	assert_int_equal(bd_find_reply_code("SMTP error code 554, message refused"), 554);
	assert_int_equal(bd_find_reply_code("<bob@example.net>: 553 sorry, no mailbox here"), 553);
	assert_int_equal(bd_find_reply_code("Remote server returned '554 5.7.1 rejected'"), 554);
	assert_int_equal(bd_find_reply_code("ошибка 550: почтовый ящик не найден"), 550);
	assert_int_equal(bd_find_reply_code("message size 5500 bytes exceeds 400"), 0);
	assert_int_equal(bd_find_reply_code("connect to 192.0.2.250 port 25"), 0);
	assert_int_equal(bd_find_reply_code("Error Number: 0x800CCC79"), 0);
	assert_int_equal(bd_find_reply_code("we tried for 5 days"), 0);
	/* Sendmail names the remote reply after the address */
	assert_int_equal(bd_find_reply_code("554 <bob@example.net>... 550 Host unknown"), 550);
	assert_int_equal(bd_find_reply_code("554 <bob@example.net>... Service unavailable"), 554);
	/* a transcript line and a multi-line reply marker */
	assert_int_equal(bd_find_reply_code(">>> RCPT TO:<a@example.net> <<< 550 <a@example.net>: unknown"), 550);
	assert_int_equal(bd_find_reply_code("Other mail system problem 550-'Unknown user'"), 550);
	assert_int_equal(bd_find_reply_code("call 555-1234 now"), 0);
	/* a success stated before a failure is not the reply that failed */
	assert_int_equal(bd_find_reply_code("09:14:05: <-- 250 2.1.5 OK 09:14:06: <-- 552-5.7.0 blocked"), 552);
	assert_int_equal(bd_find_reply_code("server said: 250 ok, then said: 451 try later"), 451);
	assert_int_equal(bd_find_reply_code("the server said: 250 2.0.0 queued"), 250);
	assert_int_equal(bd_find_reply_code("255"), 0);
	assert_int_equal(bd_find_reply_code("mx.example.net #550 5.1.1 RESOLVER.ADR.RecipNotFound"), 550);
	assert_int_equal(bd_find_reply_code("see ticket #4521 and #12"), 0);
	assert_int_equal(bd_find_reply_code("250 2.1.5 Ok"), 250);
	/* a street address in a signature */
	assert_int_equal(bd_find_reply_code("500 W Madison St, Suite 1800"), 0);
	assert_int_equal(bd_find_reply_code("Acme Corp, 450 Main Street, Springfield"), 0);
	assert_int_equal(bd_find_reply_code("550 Mailbox Full"), 550);
}

static void
test_command(void **state)
{
	(void)state;
	assert_string_equal(bd_find_command("(in reply to RCPT TO command)"), "RCPT");
	assert_string_equal(bd_find_command("(in reply to end of DATA command)"), "DATA");
	assert_string_equal(bd_find_command("in reply to MAIL FROM:<a@b.example> command"), "MAIL");
	/* the same in providers' translated templates, a word or two on */
	assert_string_equal(bd_find_command("552 quota (som svar på kommandot DATA)"), "DATA");
	assert_string_equal(bd_find_command("550 inconnu (en réponse à la commande RCPT TO)"), "RCPT");
	assert_string_equal(bd_find_command("550 unbekannt (als Antwort auf den MAIL FROM-Befehl)"), "MAIL");
	assert_null(bd_find_command("in reply to your message of Monday"));
	/* 1&1 and GMX call DATA "TEXT"; Yahoo's tag for the message's end */
	assert_string_equal(bd_find_command("SMTP error from remote server for TEXT command, host: x"), "DATA");
	assert_string_equal(bd_find_command("552 5.3.4 Message size exceeds fixed limit [END_OF_MESSAGE]"), "DATA");
	assert_string_equal(bd_find_command("SMTP error from remote mail server after RCPT TO:<x@y.example>:"), "RCPT");
	assert_string_equal(bd_find_command("SMTP error from remote mail server after initial connection:"), "CONNECT");
	assert_null(bd_find_command("User unknown"));
	/* phrases start words: "email from" is not "mail from" */
	assert_null(bd_find_command("Unauthenticated email from example.org is not accepted"));
	assert_string_equal(bd_find_command("rejected after MAIL FROM:<a@b.example>"), "MAIL");
	assert_string_equal(bd_find_command("192.0.2.1 failed after I sent the message."), "DATA");
	assert_string_equal(bd_find_command("192.0.2.1 does not like recipient."), "RCPT");
	assert_string_equal(bd_find_command("host mx.example.net[192.0.2.1] refused to talk to me: "
	    "554 5.7.1 listed"), "CONNECT");
	assert_string_equal(bd_find_command("Connected to 192.0.2.1 but sender was rejected."), "MAIL");
	/* a client naming the command that failed, after a transcript of all */
	assert_string_equal(bd_find_command("CLIENT -> SERVER: EHLO x.example SMTP ERROR: "
	    "RCPT TO command failed: 554 5.7.1 Relay access denied"), "RCPT");
	assert_string_equal(bd_find_command("SMTP Error: data not accepted."), "DATA");
	assert_string_equal(bd_find_command("DATA END command failed Detail: spam"), "DATA");
	assert_string_equal(bd_find_command("5.7.57 Client was not authenticated to send anonymous "
	    "mail during MAIL FROM [HOST.example.com]"), "MAIL");
	/* Coremail's "（DATA）" */
	assert_string_equal(bd_find_command("\xe5\x9c\xa8\xef\xbc\x88" "DATA\xef\xbc\x89 550 spam"),
	    "DATA");
}

static void
expect_address(const char *line, const char *want)
{
	char *a = bd_find_address(line);

	if (want == NULL) {
		if (a)
			fail_msg("'%s': found '%s'", line, a);
		return;
	}
	if (a == NULL || strcmp(a, want) != 0)
		fail_msg("'%s': want '%s', got '%s'", line, want, a ? a : "(none)");
	free(a);
}

static void
test_address(void **state)
{
	(void)state;
	/* quoting around an address is not its local part */
	expect_address("{'bob@example.net': (550, b'5.1.1')}", "bob@example.net");
	expect_address("<bob@example.net>: host said", "bob@example.net");
	expect_address("  bob.smith+tag@mail.example.co.uk.", "bob.smith+tag@mail.example.co.uk");
	expect_address("To: \"Bob\" <bob@example.net>", "bob@example.net");
	expect_address("postmaster@[192.0.2.1] refused", "postmaster@[192.0.2.1]");
	expect_address("用户@例子.广告 不存在", "用户@例子.广告");
	expect_address("收件人：abc@example.com", "abc@example.com");
	expect_address("宛先、taro@example.ne.jp", "taro@example.ne.jp");
	/* the tail of a link is no local part */
	expect_address("https://example.top/quota-upgrade?user=ann@example.com now",
	    "ann@example.com");
	expect_address("user@localhost", NULL);
	expect_address("no address", NULL);
}

static const char two_recipients[] =
	"Reporting-MTA: dns; mx.example.org\n"
	"X-Postfix-Queue-ID: 3F2A81C0\n"
	"Arrival-Date: Mon, 2 Nov 2026 10:00:00 +0000\n"
	"\n"
	"Final-Recipient: rfc822; bob@example.net\n"
	"Original-Recipient: rfc822;bob@example.net\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"Remote-MTA: dns; mx.example.net\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address\n"
	"    rejected: User unknown in virtual mailbox table\n"
	"\n"
	"Final-Recipient: rfc822; carol@example.net\n"
	"Action: Delayed\n"
	"Status: 4.0.0 (temporary failure)\n"
	"Diagnostic-Code: X-Postfix; connect to mx.example.net[192.0.2.7]:25: Connection timed out\n";

static void
test_dsn_two_recipients(void **state)
{
	struct bd_factlist fl;

	(void)state;
	memset(&fl, 0, sizeof fl);
	assert_int_equal(bd_dsn_parse(two_recipients, strlen(two_recipients), &fl), 2);
	assert_string_equal(fl.reporting_mta, "mx.example.org");
	assert_string_equal(fl.v[0].recipient, "bob@example.net");
	assert_string_equal(fl.v[0].action, "failed");
	assert_string_equal(fl.v[0].status, "5.1.1");
	assert_int_equal(fl.v[0].reply_code, 550);
	assert_string_equal(fl.v[0].remote_mta, "mx.example.net");
	assert_string_equal(fl.v[0].diagnostic,
	    "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table");
	assert_string_equal(fl.v[1].recipient, "carol@example.net");
	assert_string_equal(fl.v[1].action, "delayed");
	assert_string_equal(fl.v[1].status, "4.0.0");
	assert_int_equal(fl.v[1].reply_code, 0);
	assert_string_equal(fl.v[1].smtp_command, "CONNECT");
	bd_factlist_free(&fl);
}

static void
test_dsn_bent_shapes(void **state)
{
	/* no blank line between groups, Exchange's Status without a code in
	 * the diagnostic, a utf-8 address with RFC 6533 escapes, garbage */
	static const char text[] =
		"\n\nreporting-mta: dns;exch.example.com\n"
		"garbage line without colon\n"
		"Final-Recipient: rfc822;dave@example.com\n"
		"Action: failed\n"
		"Status: 5.2.2\n"
		"Diagnostic-Code: smtp;554 5.2.2 mailbox full;STOREDRV.Deliver.Exception\n"
		"Final-Recipient: utf-8; j\\x{00FC}rgen@example.de\n"
		"Action: failed\n"
		"Status: 5.1.10\n"
		"\n"
		"Final-Recipient: RFC822; \"Eve Example\" <eve@example.org>\n"
		"Status: 5.1.1\n"
		"\n"
		"Final-Recipient: rfc822; fay@example.org. (Fay)\n"
		"Status: 5.1.1\n"
		"Remote-MTA: dns; [192.0.2.77]\n";
	struct bd_factlist fl;

	(void)state;
	memset(&fl, 0, sizeof fl);
	assert_int_equal(bd_dsn_parse(text, strlen(text), &fl), 4);
	assert_string_equal(fl.reporting_mta, "exch.example.com");
	assert_string_equal(fl.v[0].recipient, "dave@example.com");
	assert_int_equal(fl.v[0].reply_code, 554);
	assert_string_equal(fl.v[1].recipient, "j\xc3\xbcrgen@example.de");
	assert_string_equal(fl.v[1].status, "5.1.10");
	assert_null(fl.v[1].diagnostic);
	assert_string_equal(fl.v[2].recipient, "eve@example.org"); /* a display name */
	assert_string_equal(fl.v[3].recipient, "fay@example.org"); /* a dot and a comment */
	assert_string_equal(fl.v[3].remote_mta, "192.0.2.77");     /* an address literal */
	bd_factlist_free(&fl);
}

static void
test_dsn_empty(void **state)
{
	struct bd_factlist fl;

	(void)state;
	memset(&fl, 0, sizeof fl);
	assert_int_equal(bd_dsn_parse("", 0, &fl), 0);
	assert_int_equal(bd_dsn_parse("Reporting-MTA: dns; x\n\n\n", 22, &fl), 0);
	assert_int_equal(fl.n, 0);
	bd_factlist_free(&fl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_reply_code),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_dsn_two_recipients),
		cmocka_unit_test(test_dsn_bent_shapes),
		cmocka_unit_test(test_dsn_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
