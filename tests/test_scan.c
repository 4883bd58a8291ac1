/*
 * test_scan.c - whole bounces in the shapes MTAs write them, through
 * bd_diagnose with the shipped rules: recipients in order, their codes,
 * the command and the reason.  Every sample here is written for the test
 * (example.* domains, documentation addresses).
 */
#include "testutil.h"

#include <dirent.h>

#include "bouncediag.h"
#include "decode.h"
#include "util.h"

static bd_rules *rules;
static bd_ctx *ctx;

static int
setup(void **state)
{
	const char *dirs[1] = { TEST_RULES_DIR };
	char err[512];

	(void)state;
	if (bd_rules_load(&rules, dirs, 1, err, sizeof err) != BD_OK) {
		fprintf(stderr, "rules: %s\n", err);
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

/* Expected fields of one record; NULL / 0: not checked. */
struct want {
	const char *recipient, *status;
	int code;
	const char *command, *reason;
};

/* expect - diagnose text and compare the records with want[0..n) */
static void
expect(const char *text, const struct want *want, size_t n)
{
	bd_report *rep = NULL;
	const bd_record *r;
	size_t i;

	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	if (bd_report_count(rep) != n)
		fail_msg("want %zu records, got %zu (first: %s)", n, bd_report_count(rep),
		    bd_report_count(rep) ? bd_report_record(rep, 0)->recipient : "-");
	for (i = 0; i < n; i++) {
		r = bd_report_record(rep, i);
		if (want[i].recipient)
			assert_string_equal(r->recipient, want[i].recipient);
		if (want[i].status)
			assert_string_equal(r->status, want[i].status);
		if (want[i].code)
			assert_int_equal(r->reply_code, want[i].code);
		if (want[i].command)
			assert_string_equal(r->smtp_command, want[i].command);
		if (want[i].reason)
			assert_string_equal(r->reason, want[i].reason);
		else
			assert_null(r->reason);
	}
	bd_report_free(rep);
}

/* expect_actions - the first n records of text have these actions */
static void
expect_actions(const char *text, const char *const *actions, size_t n)
{
	bd_report *rep = NULL;
	size_t i;

	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_true(bd_report_count(rep) >= n);
	for (i = 0; i < n; i++)
		assert_string_equal(bd_report_record(rep, i)->action, actions[i]);
	bd_report_free(rep);
}

/* expect_remote - record i of text names remote as its server (NULL:
 * none) */
static void
expect_remote(const char *text, size_t i, const char *remote)
{
	bd_report *rep = NULL;
	const char *got;

	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_true(i < bd_report_count(rep));
	got = bd_report_record(rep, i)->remote_mta;
	if (remote)
		assert_string_equal(got, remote);
	else
		assert_null(got);
	bd_report_free(rep);
}

/* expect_one - one record with this reason (and action, when given); with
 * no_recipient, a record that names no recipient */
static void
expect_one(const char *text, const char *reason, const char *action, int no_recipient)
{
	bd_report *rep = NULL;
	const bd_record *r;

	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	r = bd_report_record(rep, 0);
	assert_string_equal(r->reason, reason);
	if (action)
		assert_string_equal(r->action, action);
	if (no_recipient)
		assert_null(r->recipient);
	bd_report_free(rep);
}

/* command_of - the SMTP command of text's record i (NULL: none) */
static const char *
command_of(const char *text, size_t i, char *buf, size_t len)
{
	bd_report *rep = NULL;
	const char *c;

	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_true(i < bd_report_count(rep));
	c = bd_report_record(rep, i)->smtp_command;
	snprintf(buf, len, "%s", c ? c : "");
	bd_report_free(rep);
	return buf[0] ? buf : NULL;
}

/* The one reply a transcript shows after ">>> DATA" answers DATA (Courier;
 * a user-unknown refusal then is a filter's: filtered); replies after a
 * pipelined batch, or in the shape of Sendmail's answer to a RCPT, answer
 * earlier commands and are not placed. */
static void
test_reply_after_data(void **state)
{
	static const char courier[] =
		"From: Courier mail server at mail.example.org <@>\n"
		"To: news@example.org\n"
		"Subject: NOTICE: mail delivery status.\n"
		"\n"
		"Your message to the following recipients cannot be delivered:\n"
		"\n"
		"<ann@example.net>:\n"
		"    mx.example.net [192.0.2.7]:\n"
		">>> DATA\n"
		"<<< 550 unknown user ann@example.net\n"
		"\n"
		"<bea@example.com>:\n"
		"    mx.example.com [192.0.2.8]:\n"
		">>> RCPT TO:<bea@example.com>\n"
		"<<< 550 unknown user bea@example.com\n";
	static const char pipelined[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n"
		"To: news@example.org\n"
		"Subject: Returned mail: see transcript for details\n"
		"\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.net.:\n"
		">>> DATA\n"
		"<<< 550 5.1.1 Recipient address rejected: User unknown\n"
		"550 5.1.1 <cid@example.net>... User unknown\n"
		"<<< 503 5.0.0 Need RCPT (recipient)\n";
	/* MDaemon: DATA taken (354), the failure after the message answers
	 * it; the server is the one its session line connects to */
	static const char mdaemon[] =
		"From: MDaemon@mail.example.org\n"
		"Subject: Permanent Delivery Failure\n"
		"\n"
		"The attached message had PERMANENT fatal delivery errors!\n"
		"\n"
		" Mon 2026-12-01 08:30:00.841: Attempting SMTP connection to [mx.example.net : 25]\n"
		" Mon 2026-12-01 08:30:01.257: <-- 220 mx.example.net ESMTP\n"
		" Mon 2026-12-01 08:30:02.103: --> RCPT To:<dan@example.net>\n"
		" Mon 2026-12-01 08:30:02.139: <-- 250 2.1.5 Recipient OK\n"
		" Mon 2026-12-01 08:30:02.148: --> DATA\n"
		" Mon 2026-12-01 08:30:02.259: <-- 354 Start mail input\n"
		" Mon 2026-12-01 08:30:02.468: <-- 554 5.7.1 Message rejected as spam\n";
	const struct want want_mdaemon[] = {
		{ "dan@example.net", "5.7.1", 554, "DATA", "spamdetected" },
	};
	const struct want want_courier[] = {
		{ "ann@example.net", NULL, 550, "DATA", "filtered" },
		{ "bea@example.com", NULL, 550, "RCPT", "userunknown" },
	};
	const struct want want_pipelined[] = {
		{ "cid@example.net", "5.1.1", 550, NULL, "userunknown" },
	};
	char buf[16];

	(void)state;
	expect(courier, want_courier, 2);
	expect(mdaemon, want_mdaemon, 1);
	expect_remote(mdaemon, 0, "mx.example.net");
	expect(pipelined, want_pipelined, 1);
	assert_null(command_of(pipelined, 0, buf, sizeof buf));
}

/* Templates that align their labels ("Recipient : a@b", "제    목 :
 * ...") are read as when they do not; V5 Sendmail's "While talking to
 * X:" names the server of the replies under it, not of a failure listed
 * after them; a notice's "Server: X [ip]" names it too, and 1&1's "host:
 * X (ip)", but not a word ending in "host:"; a translated "in reply to
 * ... DATA" names the command; so do InterScan's reversed arrows. */
static void
test_aligned_labels_and_servers(void **state)
{
	static const char aligned[] =
		"From: MAILER-DAEMON@mail.example.kr\n"
		"Subject: =?UTF-8?B?66mU7J28IOuwmOyGoQ==?=\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"\n"
		"보내신 메일이 아래 받는 사람에게 전달되지 못했습니다.\n"
		"\n"
		"  받는 사람 : ann@example.kr\n"
		"  제    목 : 회의 일정\n"
		"  보낸 시각 : 2026년 12월 1일 오전 9시\n"
		"\n"
		"실패 사유 : 받는 사람의 메일함 용량이 초과되어 메일을 받을 수 없습니다.\n";
	static const char v5[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@old.example.edu>\n"
		"Subject: Returned mail: User unknown\n"
		"\n"
		"   ----- Transcript of session follows -----\n"
		"While talking to mail.example.net:\n"
		">>> RCPT To:<bob@example.net>\n"
		"<<< 550 <bob@example.net>... User unknown\n"
		"550 <bob@example.net>... User unknown\n"
		"550 <cy@gone.example.com>... Host unknown (Name server: gone.example.com: host not found)\n";
	static const char labelled[] =
		"From: postmaster@office.example.org\n"
		"Subject: Delivery failure\n"
		"\n"
		"Your message could not be delivered to one of its recipients.\n"
		"\n"
		"   Recipient:  <dee@example.com>\n"
		"   Server:     mx.example.com [192.0.2.18]\n"
		"   Response:   554 5.7.1 Message refused: spam score 11.4\n";
	static const char swedish[] =
		"From: MAILER-DAEMON@mail.example.se\n"
		"Subject: Meddelandet kunde inte levereras\n"
		"\n"
		"<eva@example.se>: mottagarservern svarade: 552 5.2.2 Quota exceeded\n"
		"    (mailbox full) (som svar på kommandot DATA)\n";
	/* InterScan's arrows point the other way, under "Sent" / "Received" */
	static const char interscan[] =
		"From: InterScan MSS <postmaster@gw.example.co.jp>\n"
		"Subject: Mail could not be delivered\n"
		"\n"
		"This message is from the InterScan Messaging Security Suite.\n"
		"The following message could not be delivered.\n"
		"\n"
		"Sent <<< RCPT TO:<tom@partner.example.com>\n"
		"Received >>> 550 5.7.1 <tom@partner.example.com>... Relaying denied\n"
		"\n"
		"Unable to deliver message to <tom@partner.example.com>.\n";
	const struct want want_interscan[] = {
		{ "tom@partner.example.com", "5.7.1", 550, "RCPT", "norelaying" },
	};
	const struct want want_v5[] = {
		{ "bob@example.net", NULL, 550, "RCPT", "userunknown" },
		{ "cy@gone.example.com", NULL, 550, NULL, "hostunknown" },
	};
	const struct want want_labelled[] = {
		{ "dee@example.com", "5.7.1", 554, NULL, "spamdetected" },
	};
	const struct want want_swedish[] = {
		{ "eva@example.se", "5.2.2", 552, "DATA", "mailboxfull" },
	};
	static const char ionos[] =
		"From: Mail Delivery System <mailer-daemon@mout.example.net>\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"This message was created automatically by mail delivery software.\n\n"
		"A message that you sent could not be delivered to one or more of\n"
		"its recipients. This is a permanent error. The following address(es)\nfailed:\n\n"
		"fin@example.de:\nSMTP error from remote server for RCPT TO command, host: "
		"mx.example.de (192.0.2.40) reason: 550 5.1.1 User unknown\n";
	static const char limit[] =
		"Jun 11 22:05:40 mx haraka[512]: [limit] rate_rcpt_host: 192.0.2.77 exceeded 20/5m; "
		"450 4.7.1 <gil@example.net>: too many recipients, slow down\n";
	bd_report *rep = NULL;
	const bd_record *r;

	(void)state;
	expect(interscan, want_interscan, 1);
	expect_one(aligned, "mailboxfull", "failed", 0);
	assert_int_equal(bd_diagnose(ctx, aligned, strlen(aligned), &rep), BD_OK);
	r = bd_report_record(rep, 0);
	assert_string_equal(r->recipient, "ann@example.kr");
	assert_null(strstr(r->diagnostic, "회의 일정"));   /* the subject is no reason */
	bd_report_free(rep);

	expect(v5, want_v5, 2);
	expect_remote(v5, 0, "mail.example.net");
	expect_remote(v5, 1, NULL);  /* listed after the session's replies: not its */
	expect(labelled, want_labelled, 1);
	expect_remote(labelled, 0, "mx.example.com");
	/* Exchange Online giving up names the server it tried last; with no
	 * address (0.0.0.0) none answered */
	expect_remote("<ida@example.net>: 550 4.4.7 QUEUE.Expired; message expired "
	    "[LastAttemptedServerName=mx2.example.net] [LastAttemptedIP=192.0.2.8:25]\n",
	    0, "mx2.example.net");
	expect_remote("<ida@example.net>: 550 4.4.7 QUEUE.Expired; message expired "
	    "[LastAttemptedServerName=example.net] [LastAttemptedIP=0.0.0.0:25]\n", 0, NULL);
	expect(swedish, want_swedish, 1);
	expect_remote(ionos, 0, "mx.example.de");
	expect_remote(limit, 0, NULL);
}

/* Sendmail without a DSN: one session per server, each reply naming its
 * recipient; the command a failing reply answers comes from the session
 * (not Sendmail's "<a@b>... " refusal after ">>> DATA", which answers a
 * RCPT of a pipelined batch);
 * CommuniGate Pro's "Failed to deliver to '<a@b>'" blocks; MDaemon's
 * arrows, a success to MAIL before the failure to RCPT; a DSN's reply
 * that the transcript shows after ">>> MAIL From:" (naming the sender,
 * not the recipient) answered MAIL; a DSN that quotes only the first line
 * of a multi-line reply gets the whole of it from the transcript, which
 * aligned it with more blanks; Exim's "text generated during the delivery
 * attempt" joins its recipient's words. */
static void
test_sessions_and_blocks(void **state)
{
	static const char sendmail[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n"
		"To: news@example.org\n"
		"Subject: Returned mail: see transcript for details\n"
		"\n"
		"   ----- The following addresses had permanent fatal errors -----\n"
		"<one@example.net>\n"
		"<two@example.com>\n"
		"\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.net.:\n"
		">>> RCPT To:<one@example.net>\n"
		"<<< 550 5.1.1 <one@example.net>... User unknown\n"
		"550 5.1.1 <one@example.net>... User unknown\n"
		"... while talking to mx.example.com.:\n"
		">>> DATA\n"
		"<<< 552 5.2.2 <two@example.com>... Mailbox full\n"
		"554 5.0.0 Service unavailable\n";
	static const char communigate[] =
		"From: MAILER-DAEMON@cgp.example.org\n"
		"To: news@example.org\n"
		"Subject: Undeliverable mail\n"
		"\n"
		"Failed to deliver to '<three@example.net>'\n"
		"SMTP module(domain example.net) reports:\n"
		" mx.example.net: 554 5.7.1 Message refused: looks like spam\n"
		"\n"
		"Failed to deliver to '<four@cgp.example.org>'\n"
		"LOCAL module(account four) reports:\n"
		" account is full (quota exceeded)\n";
	static const char mdaemon[] =
		"From: MDaemon@mail.example.org\n"
		"To: news@example.org\n"
		"Subject: Permanent Delivery Failure\n"
		"\n"
		"The attached message had PERMANENT fatal delivery errors!\n"
		"\n"
		"--- Session Transcript ---\n"
		" Wed 2026-12-02 10:19:58.300: --> MAIL From:<news@example.org>\n"
		" Wed 2026-12-02 10:19:58.350: <-- 250 2.1.0 Sender OK\n"
		" Wed 2026-12-02 10:19:58.351: --> RCPT To:<five@example.net>\n"
		" Wed 2026-12-02 10:19:58.400: <-- 550 5.1.1 No such user here\n"
		"--- End Transcript ---\n";
	const struct want want_sendmail[] = {
		{ "one@example.net", "5.1.1", 550, "RCPT", "userunknown" },
		{ "two@example.com", "5.2.2", 552, NULL, "mailboxfull" },
	};
	const struct want want_communigate[] = {
		{ "three@example.net", "5.7.1", 554, NULL, "spamdetected" },
		{ "four@cgp.example.org", NULL, 0, NULL, "mailboxfull" },
	};
	/* a temporary reply in a notice that says the server gave up */
	static const char qmail_gave_up[] =
		"From: MAILER-DAEMON@mail.example.org\n"
		"Subject: failure notice\n"
		"\n"
		"Hi. This is the qmail-send program at mail.example.org.\n"
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
		"This is a permanent error; I've given up. Sorry it didn't work out.\n"
		"\n"
		"<six@example.net>:\n"
		"Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n"
		"I'm not going to try again; this message has been in the queue too long.\n";
	const struct want want_mdaemon[] = {
		{ "five@example.net", "5.1.1", 550, "RCPT", "userunknown" },
	};
	static const char dsn_first_line[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n"
		"Subject: Warning: could not send message for past 4 hours\n"
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; "
		"boundary=\"w\"\n\n--w\nContent-Type: text/plain\n\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.com.:\n>>> DATA\n"
		"<<< 421-4.7.28 [192.0.2.60      15] Our system has detected an unusual rate of\n"
		"<<< 421-4.7.28 unsolicited mail originating from your IP address.\n"
		"<<< 421 4.7.28 Please slow down. - gsmtp\n"
		"<eight@example.com>... Deferred: 421-4.7.28 [192.0.2.60      15] Our system has detected "
		"an unusual rate of\n"
		"--w\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n\n"
		"Final-Recipient: RFC822; eight@example.com\nAction: delayed\nStatus: 4.7.28\n"
		"Remote-MTA: DNS; mx.example.com\nDiagnostic-Code: SMTP; 421-4.7.28 [192.0.2.60      15] "
		"Our system has detected an unusual rate of\n--w--\n";
	static const char exim_output[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"This message was created automatically by mail delivery software.\n\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n\n"
		"  nine@example.net\n"
		"    Child process of dovecot_delivery transport returned 77 (could mean permission "
		"denied) from command:\n    /usr/lib/dovecot/dovecot-lda\n\n"
		"The following text was generated during the delivery attempt:\n\n"
		"------ nine@example.net ------\n\nQuota exceeded (mailbox for user is full)\n";
	static const char dsn_mail[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n"
		"Subject: Returned mail: see transcript for details\n"
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; "
		"boundary=\"s\"\n\n--s\nContent-Type: text/plain\n\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.net.:\n"
		">>> MAIL From:<news@example.org> SIZE=2048\n"
		"<<< 553 5.1.8 <news@example.org>... Domain of sender address news@example.org does not exist\n"
		"501 5.6.0 Data format error\n"
		"--s\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n\n"
		"Final-Recipient: RFC822; seven@example.net\nAction: failed\nStatus: 5.1.8\n"
		"Remote-MTA: DNS; mx.example.net\nDiagnostic-Code: SMTP; 553 5.1.8 <news@example.org>... "
		"Domain of sender address news@example.org does not exist\n--s--\n";

	char buf[16];

	(void)state;
	expect(sendmail, want_sendmail, 2);
	assert_null(command_of(sendmail, 1, buf, sizeof buf));
	expect(communigate, want_communigate, 2);
	expect(mdaemon, want_mdaemon, 1);
	expect_one(qmail_gave_up, "networkerror", "failed", 0);
	assert_string_equal(command_of(dsn_mail, 0, buf, sizeof buf), "MAIL");
	expect_one(dsn_first_line, "badreputation", "delayed", 0);
	assert_string_equal(command_of(dsn_first_line, 0, buf, sizeof buf), "DATA");
	expect_one(exim_output, "mailboxfull", "failed", 0);
}

/* Exim: recipient blocks one after the other, no blank line between. */
static void
test_exim_blocks(void **state)
{
	static const char text[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
		"To: sender@example.org\n"
		"Subject: Mail delivery failed: returning message to sender\n"
		"\n"
		"This message was created automatically by mail delivery software.\n"
		"\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n"
		"\n"
		"  one@example.net\n"
		"    SMTP error from remote mail server after RCPT TO:<one@example.net>:\n"
		"    host mx.example.net [192.0.2.1]: 550 5.2.2 <one@example.net>... Mailbox Full\n"
		"  two@example.net\n"
		"    SMTP error from remote mail server after RCPT TO:<two@example.net>:\n"
		"    host mx.example.net [192.0.2.1]: 550 5.1.1 <two@example.net>... User unknown\n"
		"\n"
		"------ This is a copy of the message, including all the headers. ------\n"
		"\n"
		"From: sender@example.org\nTo: one@example.net, two@example.net\n\nhello\n";
	const struct want want[] = {
		{ "one@example.net", "5.2.2", 550, "RCPT", "mailboxfull" },
		{ "two@example.net", "5.1.1", 550, "RCPT", "userunknown" },
	};
	/* the same in a translated template: the host before its address */
	static const char french[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"Un message que vous avez envoy\xc3\xa9 n'a pas pu \xc3\xaatre remis.\n\n"
		"  three@example.net\n"
		"    h\xc3\xb4te mx3.example.net [192.0.2.3]: 552 5.2.2 <three@example.net>: Mailbox full\n";
	const struct want w_fr[] = { { "three@example.net", "5.2.2", 552, NULL, "mailboxfull" } };

	(void)state;
	expect(text, want, 2);
	expect(french, w_fr, 1);
	expect_remote(french, 0, "mx3.example.net");
}

/* qmail: "<addr>:" then the remote host's words. */
static void
test_qmail(void **state)
{
	static const char text[] =
		"From: MAILER-DAEMON@mail.example.org\n"
		"To: sender@example.org\n"
		"Subject: failure notice\n"
		"\n"
		"Hi. This is the qmail-send program at mail.example.org.\n"
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
		"This is a permanent error; I've given up. Sorry it didn't work out.\n"
		"\n"
		"<carol@example.net>:\n"
		"192.0.2.5 does not like recipient.\n"
		"Remote host said: 554 5.7.1 <carol@example.net>: Relay access denied\n"
		"Giving up on 192.0.2.5.\n"
		"\n"
		"--- Below this line is a copy of the message.\n"
		"\n"
		"From: sender@example.org\nTo: carol@example.net\n\nhi\n";
	const struct want want[] = { { "carol@example.net", "5.7.1", 554, NULL, "norelaying" } };
	static const char connected[] =
		"From: MAILER-DAEMON@mail.example.org\n"
		"Subject: failure notice\n"
		"\n"
		"Hi. This is the qmail-send program at mail.example.org.\n"
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
		"\n"
		"<dan@example.net>:\n"
		"Connected to 2001:db8::25 but sender was rejected.\n"
		"Remote host said: 553 5.1.8 Sender domain does not exist\n"
		"\n"
		"--- Below this line is a copy of the message.\n";
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 1);
	/* qmail names the server by its address only: that is the remote MTA */
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "192.0.2.5");
	bd_report_free(rep);
	assert_int_equal(bd_diagnose(ctx, connected, strlen(connected), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "2001:db8::25");
	assert_string_equal(bd_report_record(rep, 0)->smtp_command, "MAIL");
	bd_report_free(rep);
}

/* Sendmail: the address, its reason, and the transcript naming it again. */
static void
test_sendmail_transcript(void **state)
{
	static const char text[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.org>\n"
		"To: <sender@example.org>\n"
		"Subject: Returned mail: see transcript for details\n"
		"\n"
		"   ----- The following addresses had permanent fatal errors -----\n"
		"<dave@example.net>\n"
		"    (reason: 552 5.2.2 Over quota)\n"
		"\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.net.:\n"
		">>> RCPT To:<dave@example.net>\n"
		"<<< 552 5.2.2 Over quota\n"
		"552 5.2.2 <dave@example.net>... Over quota\n";
	const struct want want[] = { { "dave@example.net", "5.2.2", 552, NULL, "mailboxfull" } };

	(void)state;
	expect(text, want, 1);
}

/* Old Sendmail: a reply whose first word is the recipient, quoting the
 * remote server's own reply after it. */
static void
test_code_led_lines(void **state)
{
	static const char text[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@old.example.org>\n"
		"To: sender@example.org\n"
		"Subject: Returned mail: Host unknown\n"
		"\n"
		"   ----- Transcript of session follows -----\n"
		"550 example.net (smtp)... 550 Host unknown\n"
		"554 <erin@example.net>... 550 Host unknown (Authoritative answer from name server)\n"
		"554 <frank@example.com>... 550 5.1.1 User unknown\n";
	const struct want want[] = {
		{ "erin@example.net", NULL, 550, NULL, "hostunknown" },
		{ "frank@example.com", "5.1.1", 550, NULL, "userunknown" },
	};

	(void)state;
	expect(text, want, 2);
}

/* Lotus Notes style: the reason right above the address. */
static void
test_reason_above_address(void **state)
{
	static const char text[] =
		"From: POSTMASTER@notes.example.org\n"
		"To: sender@example.org\n"
		"Subject: Undeliverable message\n"
		"\n"
		"------- Failure Reasons  --------\n"
		"\n"
		"User not listed in public Name & Address Book\n"
		"grace@example.org\n"
		"\n"
		"------- Returned Message --------\n";
	const struct want want[] = { { "grace@example.org", "5.0.911", 0, NULL, "userunknown" } };

	(void)state;
	expect(text, want, 1);
}

/* Domino style: the address, then a heading, then the reason. */
static void
test_heading_then_reason(void **state)
{
	static const char text[] =
		"From: Postmaster <postmaster@domino.example.org>\n"
		"To: sender@example.org\n"
		"Subject: DELIVERY FAILURE: User uma not listed in Domino Directory\n"
		"\n"
		"Your message\n\n  Subject: Test\n\nwas not delivered to:\n\n"
		"  uma@example.org\n\nbecause:\n\n"
		"  User uma (uma@example.org) not listed in Domino Directory\n";
	const struct want want[] = { { "uma@example.org", NULL, 0, NULL, "userunknown" } };

	(void)state;
	expect(text, want, 1);
}

/* A bounce known only by its wording and the original it returns. */
static void
test_plain_sender_with_original(void **state)
{
	static const char text[] =
		"From: no-reply@carrier.example\nTo: sender@example.org\nSubject: Mail\n"
		"Content-Type: multipart/mixed; boundary=z\n\n"
		"--z\nContent-Type: text/plain\n\n"
		"Your mail sent on: Mon, 23 Nov 2026 10:00:00 +0900\n"
		"     Could not be delivered to: <vic@carrier.example>\n     As their mailbox is full.\n"
		"--z\nContent-Type: message/rfc822\n\nFrom: sender@example.org\nTo: vic@carrier.example\n\nhi\n--z--\n";
	const struct want want[] = { { "vic@carrier.example", NULL, 0, NULL, "mailboxfull" } };

	(void)state;
	expect(text, want, 1);
}

/* Gmail style: the error paragraph apart from the address. */
static void
test_error_apart(void **state)
{
	static const char text[] =
		"From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>\n"
		"To: sender@example.org\n"
		"Subject: Delivery Status Notification (Failure)\n"
		"\n"
		"Delivery to the following recipient failed permanently:\n"
		"\n"
		"     heidi@example.net\n"
		"\n"
		"Technical details of permanent failure:\n"
		"The recipient server rejected the message.\n"
		"\n"
		"The error that the other server returned was:\n"
		"550 5.7.1 Service unavailable; Client host [192.0.2.8] blocked using bl.example.org\n"
		"\n"
		"----- Original message -----\n"
		"To: heidi@example.net\n";
	const struct want want[] = { { "heidi@example.net", "5.7.1", 550, NULL, "blocked" } };

	(void)state;
	expect(text, want, 1);
}

/* A provider's wrapper quoting the MTA's whole report inline: the quoted
 * report is read as a message of its own. */
static void
test_forwarded_bounce(void **state)
{
	static const char text[] =
		"From: Mail Administrator <mailadm@isp.example>\n"
		"To: sender@example.org\n"
		"Subject: Undeliverable mail\n"
		"\n"
		"The message below could not be delivered to one or more destinations.\n"
		"For further assistance, please contact <support@isp.example>\n"
		"\n"
		"------------------------------\n"
		"Return-Path: <>\n"
		"Received: from relay.isp.example by mx.isp.example; Mon, 23 Nov 2026 10:00:00 +0900\n"
		"From: MAILER-DAEMON@relay.isp.example (Mail Delivery System)\n"
		"Subject: Undelivered Mail Returned to Sender\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n"
		"\n"
		"--b1\nContent-Type: text/plain\n\nThis is the mail system at host relay.isp.example.\n\n"
		"--b1\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; relay.isp.example\n\n"
		"Final-Recipient: rfc822; ivan@example.net\nAction: failed\nStatus: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 <ivan@example.net>: Recipient address rejected: "
		"User unknown in local recipient table\n"
		"--b1--\n";
	const struct want want[] = { { "ivan@example.net", "5.1.1", 550, NULL, "userunknown" } };

	(void)state;
	expect(text, want, 1);
}

/* The reason a paragraph above the address, no code anywhere. */
static void
test_reason_paragraph(void **state)
{
	static const char text[] =
		"From: postmaster@carrier.example\n"
		"To: sender@example.org\n"
		"Subject: Mail System Error - Returned Mail\n"
		"\n"
		"Your message was not delivered within 0 days and 4 hours.\n"
		"Remote host is not responding.\n"
		"\n"
		"The following recipients did not receive this message:\n"
		"\n"
		"<judy@carrier.example>\n";
	const struct want want[] = { { "judy@carrier.example", NULL, 0, NULL, "expired" } };

	(void)state;
	expect(text, want, 1);
}

/* One reason in the prose for several recipients listed without one:
 * every recipient takes it; the subject's words do not count. */
static void
test_shared_reason(void **state)
{
	static const char text[] =
		"From: postmaster@relay.example\n"
		"To: sender@example.org\n"
		"Subject: Mail System Error - Returned Mail\n"
		"\n"
		"This message could not be delivered.\n"
		"The message was not delivered within 3 days; the destination did not answer.\n"
		"\n"
		"Recipients:\n"
		"\n"
		"     <kim@far.example>\n"
		"     <lee@far.example>\n";
	static const char subject_only[] =
		"From: postmaster@relay.example\n"
		"To: sender@example.org\n"
		"Subject: Mail System Error - Returned Mail\n"
		"\n"
		"Your message could not be delivered to these recipients:\n"
		"\n"
		"     <kim@far.example>\n";
	const struct want want[] = {
		{ "kim@far.example", NULL, 0, NULL, "expired" },
		{ "lee@far.example", NULL, 0, NULL, "expired" },
	};
	const struct want none[] = { { "kim@far.example", NULL, 0, NULL, "onhold" } };

	/* X-Failed-Recipients names two; the words name neither */
	static const char header_only[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"To: sender@example.org\n"
		"Subject: Mail delivery failed: returning message to sender\n"
		"X-Failed-Recipients: kim@far.example, lee@far.example\n"
		"\n"
		"A message that you sent could not be delivered to one or more of its recipients.\n"
		"Mailbox quota exceeded.\n";
	const struct want full[] = {
		{ "kim@far.example", NULL, 0, NULL, "mailboxfull" },
		{ "lee@far.example", NULL, 0, NULL, "mailboxfull" },
	};

	(void)state;
	expect(text, want, 2);
	expect(subject_only, none, 1);
	expect(header_only, full, 2);
}

/* Exim hides an address ("an undisclosed address") and names the one it
 * came from; under a named address that line is an alias, not another
 * recipient. */
static void
test_exim_generated_from(void **state)
{
	static const char text[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"To: sender@example.org\n"
		"Subject: Mail delivery failed: returning message to sender\n"
		"\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n"
		"\n"
		"  an undisclosed address\n"
		"    (generated from list@example.net)\n"
		"    mailbox is full: retry timeout exceeded\n"
		"\n"
		"  nina@example.com\n"
		"    (generated from team@example.net)\n"
		"    SMTP error from remote mail server after RCPT TO:<nina@example.com>:\n"
		"    550 5.1.1 <nina@example.com>: Recipient address rejected: User unknown\n";
	const struct want want[] = {
		{ "list@example.net", NULL, 0, NULL, "mailboxfull" },
		{ "nina@example.com", "5.1.1", 550, "RCPT", "userunknown" },
	};

	(void)state;
	expect(text, want, 2);
}

/* Exim's reply under "SMTP error ... after RCPT TO:<a@b>:", or Postfix's
 * reply wrapped onto an indented line, may name another address (an alias
 * the remote server expanded): the words stay with the entry, they start
 * no other recipient. */
static void
test_reply_names_other_address(void **state)
{
	static const char text[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"To: sender@example.org\n"
		"Subject: Mail delivery failed: returning message to sender\n"
		"\n"
		"This message was created automatically by mail delivery software.\n"
		"\n"
		"  olga@example.com\n"
		"    host mx.example.com [192.0.2.8]\n"
		"    SMTP error from remote mail server after RCPT TO:<olga@example.com>:\n"
		"    550 5.1.1 <o.smith@mail.example.com>: Recipient address rejected: User unknown\n"
		"\n"
		"  pat@example.com\n"
		"    host mx.example.com [192.0.2.8]\n"
		"    SMTP error from remote mail server after RCPT TO:<pat@example.com>:\n"
		"    552 5.2.2 <pat@example.com>: Mailbox full\n";
	/* Postfix wraps a long reply onto indented lines */
	static const char postfix[] =
		"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
		"To: sender@example.org\n"
		"Subject: Undelivered Mail Returned to Sender\n"
		"\n"
		"<olga@example.com>: host mx.example.com[192.0.2.8] said: 550 5.1.1\n"
		"    <o.smith@mail.example.com>: Recipient address rejected: User unknown in\n"
		"    virtual mailbox table (in reply to RCPT TO command)\n";
	const struct want want[] = {
		{ "olga@example.com", "5.1.1", 550, "RCPT", "userunknown" },
		{ "pat@example.com", "5.2.2", 552, "RCPT", "mailboxfull" },
	};

	(void)state;
	expect(text, want, 2);
	expect(postfix, want, 1);
}

/* The error line leads when the lines after the address are details of
 * the message, not words of the server. */
static void
test_error_before_details(void **state)
{
	static const char text[] =
		"From: post_master@sms.example\n"
		"To: sender@example.org\n"
		"Subject: Re: Hello\n"
		"\n"
		"Error: Invalid user address\n"
		"Error message below:\n"
		"550 - Requested action not taken: no such user here\n"
		"Message details:\n"
		"  Subject: Hello\n"
		"  MAIL FROM: sender@example.org\n"
		"  RCPT TO: 5550100@sms.example\n"
		"  Size (in bytes): 39\n";
	const struct want want[] = { { "5550100@sms.example", NULL, 550, NULL, "userunknown" } };

	(void)state;
	expect(text, want, 1);
}

/* A temporary cause is one reason while the server still retries and
 * another once it gave up: NXDOMAIN a network problem, then a dead
 * domain; greylisting a block, then an expiry (the queue ran out). */
static void
test_retried_or_given_up(void **state)
{
	static const char fmt[] =
		"From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>\n"
		"To: sender@example.org\n"
		"Subject: Delivery Status Notification\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mail.example.com\n\n"
		"Final-Recipient: rfc822; %s\nAction: %s\nStatus: %s\n"
		"Diagnostic-Code: smtp; %s\n--b--\n";
	static const struct {
		const char *rcpt, *status_delayed, *status_failed, *diagnostic;
		int code;
		const char *delayed, *failed;
	} cases[] = {
		{ "kate@example.invalid", "4.0.0", "5.0.0", "DNS Error: DNS type 'mx' lookup of "
		  "example.invalid responded with code NXDOMAIN", 0, "networkerror", "hostunknown" },
		{ "lee@example.net", "4.7.1", "4.7.1", "450 4.7.1 <lee@example.net>: Recipient "
		  "address rejected: Greylisted, please try again later", 450, "blocked", "expired" },
	};
	char text[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct want w = { cases[i].rcpt, cases[i].status_delayed, cases[i].code, NULL,
		    cases[i].delayed };

		snprintf(text, sizeof text, fmt, cases[i].rcpt, "delayed", cases[i].status_delayed,
		    cases[i].diagnostic);
		expect(text, &w, 1);
		w.status = cases[i].status_failed;
		w.reason = cases[i].failed;
		snprintf(text, sizeof text, fmt, cases[i].rcpt, "failed", cases[i].status_failed,
		    cases[i].diagnostic);
		expect(text, &w, 1);
	}
}

/* A person forwards an Exchange NDR to a helpdesk, quoted inline under
 * "-----Original Message-----": the quoted NDR is diagnosed. */
static void
test_person_forwards_ndr(void **state)
{
	static const char text[] =
		"From: Alice <alice@example.org>\n"
		"To: helpdesk@example.org\n"
		"Subject: FW: Undeliverable: Quarterly report\n"
		"\n"
		"Hi, what does this mean?\n"
		"\n"
		"-----Original Message-----\n"
		"From: Microsoft Outlook <MicrosoftExchange329e71ec@example.org>\n"
		"Sent: Monday, November 23, 2026 9:58 AM\n"
		"To: Alice <alice@example.org>\n"
		"Subject: Undeliverable: Quarterly report\n"
		"\n"
		"Delivery has failed to these recipients or groups:\n"
		"\n"
		"bob@example.net\n"
		"The email address you entered couldn't be found.\n"
		"\n"
		"Diagnostic information for administrators:\n"
		"\n"
		"bob@example.net\n"
		"Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n";
	const struct want want[] = { { "bob@example.net", "5.1.1", 550, NULL, "userunknown" } };
	static const char plain[] =
		"From: Alice <alice@example.org>\nTo: bob@example.org\nSubject: Re: lunch\n\n"
		"Yes, at noon.\n\n-----Original Message-----\nFrom: Bob <bob@example.org>\n"
		"Subject: lunch\n\nLunch tomorrow?\n";
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 1);
	/* a reply quoting an ordinary message stays an ordinary message */
	assert_int_equal(bd_diagnose(ctx, plain, strlen(plain), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_null(bd_report_record(rep, 0)->reason);
	bd_report_free(rep);
}

/* The same forwarded by clients in other languages, or quoted in a
 * reply; a telephone number in the person's signature is no reply code. */
static void
test_forwards_and_quotes(void **state)
{
	static const char outlook_fr[] =
		"From: Julien <julien@example.org>\nTo: support@example.org\nSubject: TR: Non remis\n\n"
		"Bonjour, le fichier revient.\n\nJulien\n(503) 555-0147\n\n"
		"-----Message d'origine-----\n"
		"De : Microsoft Outlook <MicrosoftExchange329e71ec@example.org> \n"
		"Envoy\xc3\xa9 : mardi 4 mars 2025 11:02\n"
		"\xc3\x80 : Julien <julien@example.org>\n"
		"Objet : Non remis : Plans\n\n"
		"Votre message \xc3\xa0 contact@example.net n'a pas pu \xc3\xaatre remis.\n\n"
		"Code d'\xc3\xa9tat : 552 5.3.4\n"
		"Erreur : 552 5.3.4 Message size exceeds fixed maximum message size\n";
	const struct want toobig[] = { { "contact@example.net", "5.3.4", 552, NULL, "mesgtoobig" } };
	static const char foxmail[] =
		"From: liming@example.org\nTo: it@example.org\nSubject: \xe9\x80\x80\xe4\xbf\xa1\n\n"
		"\xe5\xb8\xae\xe5\xbf\x99\xe7\x9c\x8b\xe4\xb8\x80\xe4\xb8\x8b\n\n"
		"------------------ \xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6 ------------------\n"
		"\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba: \"Mail Delivery System\"<MAILER-DAEMON@mail.example.org>;\n"
		"\xe6\x94\xb6\xe4\xbb\xb6\xe4\xba\xba: \"liming\"<liming@example.org>;\n"
		"\xe4\xb8\xbb\xe9\xa2\x98: Undelivered Mail Returned to Sender\n\n"
		"This is the mail system at host mail.example.org.\n\n"
		"<buyer@example.net>: host mx.example.net[192.0.2.9] said: 550 Mailbox not found.\n"
		"    (in reply to RCPT TO command)\n";
	const struct want unknown[] = { { "buyer@example.net", NULL, 550, "RCPT", "userunknown" } };
	/* a reply quoting the bounce, once and twice ("> >>>" is a quoted
	 * transcript line) */
	static const char quoted[] =
		"From: Rebecca <rebecca@example.org>\nTo: helpdesk@example.org\n"
		"Subject: Re: Undelivered Mail Returned to Sender\n\n"
		"It says he moved. Should I use the new address?\n\n"
		"On 04/03/2025 08:47, Mail Delivery System wrote:\n"
		"> This is the mail system at host mx.example.org.\n"
		">\n"
		"> <dan@example.net>: host mail.example.net[192.0.2.60] said: 550 5.1.6\n"
		">     <dan@example.net>: Recipient address rejected: User has moved to\n"
		">     dan@example.com (in reply to RCPT TO command)\n";
	const struct want moved[] = { { "dan@example.net", "5.1.6", 550, "RCPT", "hasmoved" } };
	static const char twice[] =
		"From: Tom <tom@example.org>\nTo: helpdesk@example.org\nSubject: Re: Re: bounce\n\n"
		"See below.\n\n"
		"On Tue, Mar 4, 2025, Kim wrote:\n"
		"> Still happening.\n"
		">\n"
		"> On Mon, Mar 3, 2025, Mail Delivery Subsystem wrote:\n"
		">> The original message was received from localhost\n"
		">>    ----- The following addresses had permanent fatal errors -----\n"
		">> <eve@example.net>\n"
		">>     (reason: 550 5.1.1 <eve@example.net>... User unknown)\n"
		">>    ----- Transcript of session follows -----\n"
		">> ... while talking to mail.example.net.:\n"
		">> >>> RCPT To:<eve@example.net>\n"
		">> <<< 550 5.1.1 <eve@example.net>... User unknown\n";
	const struct want eve[] = { { "eve@example.net", "5.1.1", 550, "RCPT", "userunknown" } };
	/* German puts the name after the verb: "Am ... schrieb X:" */
	static const char german[] =
		"From: Sabine <sabine@example.org>\nTo: it@example.org\nSubject: AW: Warnung\n\n"
		"Hallo, k\xc3\xb6nnen Sie sich das ansehen?\n\n"
		"Am 04.03.2025 um 13:12 schrieb Mail Delivery System:\n"
		"> <praxis@example.net>: host mx.example.net[192.0.2.14] said: 450 4.7.25 Client\n"
		">     host rejected: cannot find your hostname (in reply to RCPT TO command)\n";
	const struct want ptr[] = { { "praxis@example.net", "4.7.25", 450, "RCPT", "requireptr" } };
	/* a colleague's words quoted, then the bounce they had quoted: a
	 * Sendmail warning without a code, which names its recipient */
	static const char relayed_quote[] =
		"From: Dan <dan@example.org>\nTo: it@example.org\nSubject: Re: Fwd: contract\n\n"
		"Adding IT.\n(510) 555-0164\n\n"
		"> On Mar 20, 2025, at 9:14 AM, Mei <mei@example.org> wrote:\n"
		"> \n> Dan, this came back this morning.\n> \n> Mei\n> \n"
		">> On Mar 20, 2025, at 8:58 AM, Mail Delivery Subsystem <MAILER-DAEMON@example.org> wrote:\n"
		">> \n>>   ----- Transcript of session follows -----\n"
		">> <jo@example.net>... Deferred: Connection refused by mx1.example.net.\n"
		">> Warning: message still undelivered after 4 hours\n";
	const struct want deferred[] = { { "jo@example.net", NULL, 0, NULL, "networkerror" } };
	/* a Chinese client's attribution ends with a full-width colon */
	static const char chinese_quote[] =
		"From: liu@example.org\nTo: it@example.org\nSubject: Re: \xe9\x80\x80\xe4\xbf\xa1\n\n"
		"\xe5\xb8\xae\xe5\xbf\x99\xe7\x9c\x8b\xe4\xb8\x80\xe4\xb8\x8b\n\n"
		"\xe5\x9c\xa8 2025/3/27 14:22, postmaster \xe5\x86\x99\xe9\x81\x93\xef\xbc\x9a\n"
		"> \xe6\x97\xa0\xe6\xb3\x95\xe5\x8f\x91\xe9\x80\x81\xe5\x88\xb0 zhao@example.com\n"
		"> host mx3.example.com [198.51.100.213]\n"
		"> SMTP error, RCPT TO: 550 Mailbox not found\n";
	const struct want nouser[] = { { "zhao@example.com", NULL, 550, NULL, "userunknown" } };
	/* two bounces attached to one mail: both are read */
	static const char two_attached[] =
		"From: Kim <kim@example.org>\nTo: it@example.org\nSubject: Fwd: two bounces\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"m\"\n\n"
		"--m\nContent-Type: text/plain\n\nThese two came back today.\n"
		"--m\nContent-Type: message/rfc822\n\n"
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
		"<tom@example.net>: host mx.example.net[192.0.2.5] said: 550 5.1.1 User unknown\n"
		"--m\nContent-Type: message/rfc822\n\n"
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
		"<uma@example.com>: host mx.example.com[192.0.2.6] said: 552 5.2.2 Mailbox full\n"
		"--m--\n";
	const struct want both[] = {
		{ "tom@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "uma@example.com", "5.2.2", 552, NULL, "mailboxfull" },
	};
	/* a list manager passing on a bounce it could not read: the
	 * attached bounce is read though it states no code */
	static const char uncaught[] =
		"From: staff-bounces@lists.example.org\nTo: staff-owner@lists.example.org\n"
		"Subject: Uncaught bounce notification\nX-List-Administrivia: yes\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"u\"\n\n"
		"--u\nContent-Type: text/plain\n\nThe attached message was received as a bounce, but "
		"either the bounce format was not recognized, or no member addresses could be "
		"extracted from it.\n"
		"--u\nContent-Type: message/rfc822\n\n"
		"From: Mail Delivery System <Mailer-Daemon@mx.example.com>\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"This message was created automatically by mail delivery software.\n\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n\n"
		"  ida@gone.example.net\n    Unrouteable address\n"
		"--u--\n";
	const struct want unrouteable[] = { { "ida@gone.example.net", NULL, 0, NULL, "hostunknown" } };
	/* ... or a member's out-of-office reply: it speaks for its sender */
	static const char away[] =
		"From: staff-bounces@lists.example.org\nTo: staff-owner@lists.example.org\n"
		"Subject: Uncaught bounce notification\nX-Mailman-Version: 2.1.39\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"u\"\n\n"
		"--u\nContent-Type: text/plain\n\nThe attached message was received as a bounce, but "
		"either the bounce format was not recognized, or no member addresses could be "
		"extracted from it.\n"
		"--u\nContent-Type: message/rfc822\n\n"
		"From: Jo Lind <jo@example.se>\nTo: staff-bounces@lists.example.org\n"
		"Subject: Automatic reply: [staff] Minutes\nAuto-Submitted: auto-replied\n\n"
		"I am away until Monday.\n"
		"--u--\n";
	const struct want vacation[] = { { "jo@example.se", NULL, 0, NULL, "vacation" } };
	bd_report *rep = NULL;

	(void)state;
	expect(uncaught, unrouteable, 1);
	expect(away, vacation, 1);
	expect(outlook_fr, toobig, 1);
	expect(foxmail, unknown, 1);
	assert_int_equal(bd_diagnose(ctx, foxmail, strlen(foxmail), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.net");
	bd_report_free(rep);
	expect(quoted, moved, 1);
	/* "the mail system at host X" is the reporting server */
	assert_int_equal(bd_diagnose(ctx, quoted, strlen(quoted), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mail.example.net");
	bd_report_free(rep);
	expect(twice, eve, 1);
	expect(german, ptr, 1);
	expect(two_attached, both, 2);
	expect(relayed_quote, deferred, 1);
	expect(chinese_quote, nouser, 1);
}

/* A bounce quoted in a reply under a quoted forward marker ("> --------
 * Forwarded Message --------"), or as a lone quoted line: the server's
 * words wrapped over quoted lines are read whole, without the quoting. */
static void
test_quoted_in_reply(void **state)
{
	static const char marked[] =
		"From: Tom <tom@example.com>\nTo: it@example.com\nSubject: Re: mail bounced\n\n"
		"Why does this keep happening??\n\n"
		"> -------- Forwarded Message --------\n"
		"> Subject: Undelivered Mail Returned to Sender\n"
		"> From: MAILER-DAEMON@mail.example.com (Mail Delivery System)\n"
		">\n"
		"> <vip@bigcorp.example>: host mx.bigcorp.example[198.51.100.5] said: 550 5.7.1\n"
		">     Message rejected as spam by Content Filtering. (in reply to end of DATA\n"
		">     command)\n";
	static const char lone[] =
		"From: Tom <tom@example.com>\nTo: it@example.com\nSubject: Re: mail bounced\n\n"
		"See below.\n\n"
		"> <vip@bigcorp.example>: host mx.bigcorp.example[198.51.100.5] said: 550 5.7.1 "
		"Message rejected as spam by Content Filtering. (in reply to end of DATA command)\n";
	const struct want spam[] = {
		{ "vip@bigcorp.example", "5.7.1", 550, "DATA", "spamdetected" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(marked, spam, 1);
	expect(lone, spam, 1);
	assert_int_equal(bd_diagnose(ctx, lone, strlen(lone), &rep), BD_OK);
	assert_int_equal(bd_report_record(rep, 0)->diagnostic[0] == '>', 0);
	bd_report_free(rep);
}

/* A report whose status part the server labelled text/plain: its fields
 * are still the report's (the remote MTA comes from them), not prose. */
static void
test_status_part_as_text(void **state)
{
	static const char text[] =
		"From: MAILER-DAEMON@relay.example.org\nTo: sales@example.com\n"
		"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\n\n"
		"--R\nContent-Type: text/plain\n\nThe mail system\n\n"
		"<giulia@example.it>: unknown user\n\n"
		"--R\nContent-Type: text/plain\n\nReporting-MTA: dns; relay.example.org\n\n"
		"Final-Recipient: rfc822; giulia@example.it\nAction: failed\nStatus: 5.1.1\n"
		"Remote-MTA: DNS; mx.example.it\n"
		"Diagnostic-Code: SMTP; 550 5.1.1 <giulia@example.it>: User unknown\n--R--\n";
	const struct want want[] = { { "giulia@example.it", "5.1.1", 550, NULL, "userunknown" } };
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 1);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.it");
	bd_report_free(rep);
}

/* Bounces written for these tests in the shapes of Coremail, Gmail
 * (text only), mail.ru and a Postfix delay warning. */
static void
test_more_shapes(void **state)
{
	static const char coremail[] =
		"From: postmaster@mail.example.cn\nTo: alice@example.org\nSubject: 系统退信\n\n"
		"抱歉，您的邮件被退回来了……\n\n原邮件信息：\n"
		"    时　间： 2026-11-23 10:00:00\n    收件人： bob@example.net\n\n"
		"退信原因：\n    收件人(bob@example.net)邮箱空间已满，无法接收邮件。\n";
	static const char gmail[] =
		"From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>\n"
		"To: alice@example.org\nSubject: Delivery Status Notification (Failure)\n\n"
		"** Address not found **\n\nYour message wasn't delivered to bob@example.net because "
		"the address couldn't be found, or is unable to receive mail.\n";
	static const char mailru[] =
		"From: Mail Delivery System <mailer-daemon@mail.example.ru>\nTo: alice@example.org\n"
		"Subject: Недоставленное сообщение\n\nСообщение не было доставлено.\n\n"
		"bob@example.ru\nПочтовый ящик переполнен\n";
	static const char delayed[] =
		"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: alice@example.org\n"
		"Subject: Delayed Mail (still being retried)\n\n"
		"This is the mail system at host mx.example.org.\n\n"
		"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n\n"
		"<bob@example.net>: connect to mx.example.net[192.0.2.9]:25: Connection timed out\n";
	/* OpenSMTPD's delay report: no code, its own words say temporary */
	static const char smtpd_delay[] =
		"From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n"
		"Subject: Delivery status notification: Delayed\n\n"
		"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
		"    A message is delayed for more than 4 hours for the following\n"
		"    list of recipients:\n\n"
		"bob@example.net: Network error on destination MXs\n\n"
		"    Please note that this is only a temporary failure report.\n"
		"    You DO NOT NEED to re-send the message to these recipients.\n";
	const struct want w1[] = { { "bob@example.net", NULL, 0, NULL, "mailboxfull" } };
	const struct want w2[] = { { "bob@example.net", NULL, 0, NULL, "userunknown" } };
	const struct want w3[] = { { "bob@example.ru", NULL, 0, NULL, "mailboxfull" } };
	const struct want w4[] = { { "bob@example.net", "4.0.947", 0, NULL, "expired" } };
	const struct want w5[] = { { "bob@example.net", NULL, 0, NULL, "networkerror" } };
	static const char pipe_output[] =
		"<tickets@example.org>: Command died with status 1: \"/usr/bin/ticket-import\".\n"
		"    Command output: ticket-import: could not connect to server\n";
	bd_report *rep = NULL;

	(void)state;
	expect(coremail, w1, 1);
	expect(gmail, w2, 1);
	expect(mailru, w3, 1);
	expect(delayed, w4, 1);
	assert_int_equal(bd_diagnose(ctx, delayed, strlen(delayed), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_false(bd_report_record(rep, 0)->hard);
	/* no host answered: the remote MTA is the one tried */
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.net");
	bd_report_free(rep);
	expect(smtpd_delay, w5, 1);
	assert_int_equal(bd_diagnose(ctx, smtpd_delay, strlen(smtpd_delay), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	bd_report_free(rep);
	/* a delivery program's output names no SMTP command, whatever it says */
	assert_int_equal(bd_diagnose(ctx, pipe_output, strlen(pipe_output), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->reason, "mailererror");
	assert_null(bd_report_record(rep, 0)->smtp_command);
	bd_report_free(rep);
}

/* Written for these tests in the shapes of MDaemon (a session
 * transcript) and Exchange 2003 (recipient, date, words, then the code). */
static void
test_transcript_and_ex2003(void **state)
{
	static const char mdaemon[] =
		"From: MDaemon@mail.example.org\nTo: alice@example.org\n"
		"Subject: Permanent Delivery Failure\n\n"
		"The attached message had PERMANENT fatal delivery errors!\n\n"
		"--- Session Transcript ---\n"
		" Mon 2026-11-23 10:00:00: *  To: bob@example.net\n"
		" Mon 2026-11-23 10:00:01: --> RCPT To:<bob@example.net>\n"
		" Mon 2026-11-23 10:00:01: <-- 552 5.2.2 Mailbox full\n"
		"--- End Transcript ---\n";
	static const char ex2003[] =
		"From: System Administrator <postmaster@example.org>\nTo: alice@example.org\n"
		"Subject: Undeliverable: Report\n\n"
		"Your message did not reach some or all of the intended recipients.\n\n"
		"The following recipient(s) could not be reached:\n\n"
		"      bob@example.net on 11/23/2026 10:01 AM\n"
		"            The e-mail account does not exist at the organization this message was sent to.\n"
		"            <mx.example.org #5.1.1 smtp;550 5.1.1 User unknown>\n";
	const struct want w1[] = { { "bob@example.net", "5.2.2", 552, NULL, "mailboxfull" } };
	const struct want w2[] = { { "bob@example.net", "5.1.1", 550, NULL, "userunknown" } };

	(void)state;
	expect(mdaemon, w1, 1);
	expect(ex2003, w2, 1);
}

/* Written for these tests in Portuguese, German and French, the way
 * their providers word a bounce (accented capitals in the subject). */
static void
test_romance_and_german(void **state)
{
	static const char pt[] =
		"From: MAILER-DAEMON@mail.example.br\nTo: alice@example.org\n"
		"Subject: Mensagem não entregue\n\n"
		"Não foi possível entregar sua mensagem aos seguintes destinatários:\n\n"
		"<bob@example.com.br>: Usuário desconhecido\n";
	static const char de[] =
		"From: Mail Delivery System <mailer-daemon@mail.example.de>\nTo: alice@example.org\n"
		"Subject: Unzustellbar: Hallo\n\nDie Nachricht konnte nicht zugestellt werden an:\n\n"
		"bob@example.de\nDas Postfach des Empfängers ist voll.\n";
	static const char fr[] =
		"From: MAILER-DAEMON@mail.example.fr\nTo: alice@example.org\n"
		"Subject: ÉCHEC DE REMISE\n\nVotre message n'a pas pu être remis :\n\n"
		"carol@example.fr\n    Boîte aux lettres du destinataire pleine\n";
	const struct want w1[] = { { "bob@example.com.br", NULL, 0, NULL, "userunknown" } };
	const struct want w2[] = { { "bob@example.de", NULL, 0, NULL, "mailboxfull" } };
	const struct want w3[] = { { "carol@example.fr", NULL, 0, NULL, "mailboxfull" } };

	(void)state;
	expect(pt, w1, 1);
	expect(de, w2, 1);
	expect(fr, w3, 1);
}

/* The reply code reported goes with the status: a 5xx greeting the sender
 * still retries (Status 4.0.0) has no code of its own; an expiry quoting
 * the last attempt's 4xx gives that one. */
static void
test_code_goes_with_status(void **state)
{
	static const char fmt[] =
		"From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n"
		"Subject: Undelivered Mail Returned to Sender\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: rfc822; bob@example.net\nAction: %s\nStatus: %s\n"
		"Diagnostic-Code: smtp; %s\n--b--\n";
	char text[1024];
	const struct want expired[] = { { "bob@example.net", NULL, 421, NULL, "expired" } };
	bd_report *rep = NULL;

	(void)state;
	snprintf(text, sizeof text, fmt, "failed", "4.0.0",
	    "554 mx.example.net ESMTP not accepting connections");
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->status, "4.0.0");
	assert_int_equal(bd_report_record(rep, 0)->reply_code, 0);
	bd_report_free(rep);
	snprintf(text, sizeof text, fmt, "failed", "4.4.7",
	    "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>");
	expect(text, expired, 1);
	/* a failure the report calls final with a temporary status: the
	 * remote server's own permanent status and code stand */
	snprintf(text, sizeof text, fmt, "failed", "4.5.0", "550 5.5.0 Service refused");
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->status, "5.5.0");
	assert_int_equal(bd_report_record(rep, 0)->reply_code, 550);
	bd_report_free(rep);
}

/* A reply that echoes the command it answers, with another address in
 * it (an alias the server expanded), stays with the recipient it is for. */
static void
test_reply_echoes_command(void **state)
{
	static const char text[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: alice@example.org\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"This message was created automatically by mail delivery software.\n\n"
		"  bob@example.net\n    host mx.example.net [192.0.2.7]\n"
		"    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n"
		"    550 Invalid recipient: <kim@alias.example> (RCPT TO:kim@alias.example)\n";
	const struct want want[] = { { "bob@example.net", NULL, 550, "RCPT", "userunknown" } };

	(void)state;
	expect(text, want, 1);
}

/* A DSN without diagnostics takes the words from the text part. */
static void
test_dsn_enriched(void **state)
{
	static const char text[] =
		"From: MAILER-DAEMON@mx.example.org\n"
		"To: sender@example.org\n"
		"Subject: Undelivered Mail Returned to Sender\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
		"\n"
		"--b\n"
		"Content-Type: text/plain\n"
		"\n"
		"<ivan@example.net>: host mx.example.net[192.0.2.9] said: 550 5.7.26\n"
		"    Unauthenticated email is not accepted due to the sender domain's DMARC\n"
		"    policy (in reply to end of DATA command)\n"
		"\n"
		"--b\n"
		"Content-Type: message/delivery-status\n"
		"\n"
		"Reporting-MTA: dns; mx.example.org\n"
		"\n"
		"Final-Recipient: rfc822; ivan@example.net\n"
		"Action: failed\n"
		"Status: 5.7.26\n"
		"--b--\n";
	const struct want want[] = { { "ivan@example.net", "5.7.26", 550, "DATA", "authfailure" } };

	(void)state;
	expect(text, want, 1);
}

/* Not a bounce, an automatic reply, a feedback report. */
static void
test_kinds(void **state)
{
	static const char plain[] =
		"From: judy@example.org\nTo: sender@example.org\nSubject: lunch?\n"
		"Date: Tue, 24 Nov 2026 10:00:00 +0000\n\nNoon at the usual place.\n";
	static const char vacation[] =
		"From: judy@example.org\nTo: sender@example.org\nSubject: Automatic reply: lunch?\n"
		"Auto-Submitted: auto-replied\n\nI am away until Monday.\n";
	static const char arf[] =
		"From: feedback@isp.example\nTo: abuse@example.org\nSubject: complaint\n"
		"Content-Type: multipart/report; report-type=feedback-report; boundary=x\n\n"
		"--x\nContent-Type: text/plain\n\nA user complained.\n"
		"--x\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
		"--x\nContent-Type: message/rfc822\n\nFrom: news@example.org\nTo: kim@isp.example\n\nad\n--x--\n";
	const struct want none[] = { { NULL, NULL, 0, NULL, NULL } };
	const struct want vac[] = { { "judy@example.org", NULL, 0, NULL, "vacation" } };
	const struct want fb[] = { { "kim@isp.example", NULL, 0, NULL, "feedback" } };
	/* Microsoft's JMRP: no ARF part, the complained-about message attached */
	static const char jmrp[] =
		"From: staff@hotmail.example\nTo: abuse@example.org\n"
		"Subject: complaint about message from 192.0.2.22\n"
		"Content-Type: multipart/mixed; boundary=j\n\n"
		"--j\nContent-Type: message/rfc822\n\nFrom: news@example.org\nTo: kim@isp.example\n"
		"Subject: offers\n\nad\n--j--\n";

	static const char vacation_ja[] =
		"From: Taro <taro@example.jp>\nTo: sender@example.org\nSubject: 自動応答: こんにちは\n\n"
		"ただいま不在にしております。\n";
	const struct want vac_ja[] = { { "taro@example.jp", NULL, 0, NULL, "vacation" } };
	static const char vacation_prec[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: Re: offer\n"
		"Precedence: auto_reply\n\nI am away.\n";
	/* a courier's notice under a bounce-like subject names no address */
	static const char parcel[] =
		"From: Parcel Service <noreply@parcels.example.com>\nTo: sender@example.org\n"
		"Subject: Delivery failed: your parcel 12345\n\n"
		"Your parcel could not be delivered today because nobody was at home.\n";
	/* ... nor when it gives a contact address, in any language: the
	 * words name no recipient, no code, no returned message */
	static const char parcel_contact[] =
		"From: Kargo <bilgi@kargo.example.com.tr>\nTo: sender@example.org\n"
		"Subject: =?UTF-8?B?R8O2bmRlcmluaXogdGVzbGltIGVkaWxlbWVkaQ==?=\n"
		"Content-Type: text/plain; charset=utf-8\n\n"
		"G\xc3\xb6nderiniz teslim edilemedi. Sorular: destek@kargo.example.com.tr\n";
	static const char parcel_en[] =
		"From: Parcel Service <noreply@parcels.example.com>\nTo: sender@example.org\n"
		"Subject: Parcel not delivered\n\n"
		"Your parcel could not be delivered. Questions? help@support.example.com\n";
	static const char vacation_apple[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: Re: offer\n"
		"X-Apple-Action: vacation\n\nI am away.\n";
	static const char ack[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: Thank you for your message\n"
		"Return-Path: <>\n\nWe will answer within two days.\n";
	static const char vacation_nl[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: Afwezigheidsmelding\n\n"
		"Ik ben afwezig.\n";
	/* subjects in Hungarian, Romanian, Vietnamese and capital Greek */
	static const char vacation_hu[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: Automatikus v\xc3\xa1lasz: aj\xc3\xa1nlat\n\n"
		"Szabads\xc3\xa1gon vagyok.\n";
	static const char vacation_ro[] =
		"From: kim@example.net\nTo: sender@example.org\nSubject: R\xc4\x83spuns automat\n\nSunt plecat.\n";
	static const char vacation_vi[] =
		"From: kim@example.net\nTo: sender@example.org\n"
		"Subject: Tr\xe1\xba\xa3 l\xe1\xbb\x9di t\xe1\xbb\xb1 \xc4\x91\xe1\xbb\x99ng\n\nV\xe1\xba\xafng m\xe1\xba\xb7t.\n";
	static const char vacation_el[] =
		"From: kim@example.net\nTo: sender@example.org\n"
		"Subject: \xce\x91\xce\xa5\xce\xa4\xce\x8c\xce\x9c\xce\x91\xce\xa4\xce\x97 "
		"\xce\x91\xce\xa0\xce\x86\xce\x9d\xce\xa4\xce\x97\xce\xa3\xce\x97\n\nAway.\n";
	const struct want vac_kim[] = { { "kim@example.net", NULL, 0, NULL, "vacation" } };
	/* a person's question quoting an error is not a bounce; the same
	 * error under a subject that names a failed delivery is one */
	static const char question[] =
		"From: judy@example.org\nTo: helpdesk@example.org\nSubject: Problem with mail\n\n"
		"Since this morning I get 550 5.7.1 Unable to relay for bob@example.net.\n";
	static const char undeliverable[] =
		"From: judy@example.org\nTo: helpdesk@example.org\nSubject: Undeliverable: report\n\n"
		"550 5.7.1 Unable to relay for bob@example.net\n";
	const struct want relay[] = { { "bob@example.net", "5.7.1", 550, NULL, "norelaying" } };
	/* a person writing that a mail to an address was "undeliverable",
	 * with nothing a rule knows: no bounce; a notice listing the address
	 * on a line of its own is one, however little it says */
	static const char lost[] =
		"From: peter@example.org\nTo: helpdesk@example.org\nSubject: Undeliverable?\n\n"
		"I sent the drawings to erik@example.net this morning and saw an \"Undeliverable\"\n"
		"message pop up, but I can't find it now. Can you check the logs?\n";
	static const char notice[] =
		"From: relay@example.org\nTo: sender@example.org\nSubject: non remis (delivery failed)\n\n"
		"Your message could not be delivered to\nuserx@example.net\n";
	const struct want held[] = { { "userx@example.net", NULL, 0, NULL, "onhold" } };

	/* a newsletter on why mail bounces quotes replies: no bounce */
	static const char newsletter[] =
		"From: Weekly <editor@news.example.org>\nTo: ops@example.org\n"
		"Subject: This week: why your mail bounces\n"
		"List-Unsubscribe: <https://news.example.org/unsub>\n\n"
		"When a server says \"550 5.1.1 User unknown\", write to ann@example.net: the\n"
		"address does not exist. \"552 5.2.2 Mailbox full\" could not be delivered today.\n";

	(void)state;
	expect(lost, none, 1);
	expect(notice, held, 1);
	expect(newsletter, none, 1);
	expect(plain, none, 1);
	expect(question, none, 1);
	expect(parcel, none, 1);
	expect(parcel_contact, none, 1);
	expect(parcel_en, none, 1);
	expect(undeliverable, relay, 1);
	expect(vacation, vac, 1);
	expect(vacation_ja, vac_ja, 1);
	expect(vacation_prec, vac_kim, 1);
	expect(vacation_nl, vac_kim, 1);
	expect(vacation_apple, vac_kim, 1);
	expect(vacation_hu, vac_kim, 1);
	expect(vacation_ro, vac_kim, 1);
	expect(vacation_vi, vac_kim, 1);
	expect(vacation_el, vac_kim, 1);
	expect(ack, vac_kim, 1);
	expect(arf, fb, 1);
	expect(jmrp, fb, 1);
}

/* Pasted fragments: a DSN body, several recipients, an Outlook dialog. */
static void
test_fragments(void **state)
{
	static const char dsn[] =
		"Final-Recipient: rfc822; leo@example.net\nAction: failed\nStatus: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 No such user\n";
	static const char two[] =
		"<mia@example.net>: host mx.example.net[192.0.2.4] said: 552 5.2.2 Mailbox full\n"
		"<nick@example.net>: host mx.example.net[192.0.2.4] said: 550 5.1.1 User unknown\n";
	static const char dialog[] =
		"The message could not be sent because one of the recipients was rejected by the server. "
		"The rejected e-mail address was 'olga@example.net'. Subject 'Hi', Account: 'mail.example.org', "
		"Server: 'smtp.example.org', Protocol: SMTP, Server Response: '553 sorry, that domain isn't in my "
		"list of allowed rcpthosts (#5.7.1)', Port: 25, Secure(SSL): No, Server Error: 553, "
		"Error Number: 0x800CCC79\n";
	const struct want w1[] = { { "leo@example.net", "5.1.1", 550, NULL, "userunknown" } };
	const struct want w2[] = {
		{ "mia@example.net", "5.2.2", 552, NULL, "mailboxfull" },
		{ "nick@example.net", "5.1.1", 550, NULL, "userunknown" },
	};
	const struct want w3[] = { { "olga@example.net", "5.7.1", 553, NULL, "norelaying" } };
	/* a text with no code, no error, no bounce wording and nothing a rule
	 * knows is no bounce (a README in a tree of bounces); the words of a
	 * reason, or a bounce's wording, alone still make one */
	static const char stray[] = "Maintainer: Paul <paul@example.org>\nSee the manual.\n";
	static const char full[] = "Mailbox full\n";
	static const char worded[] = "Your message to quinn@example.net couldn't be delivered.\n";
	/* ... but a person's own sentences, naming no address, are a post
	 * about mail, whatever words a rule knows they use; a multi-line
	 * error (a stack trace) is not */
	static const char post[] =
		"Since two weeks my mails to one customer simply vanish without a trace.\n"
		"I get no error and no bounce, and they are not in spam either.\n"
		"Mail from them to me works fine, so what could be going on here?\n";
	static const char trace[] =
		"Error: connect ECONNREFUSED 127.0.0.1:587\n"
		"    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1494:16) {\n"
		"  errno: -111,\n  code: 'ESOCKET',\n  command: 'CONN'\n}\n";
	const struct want none[] = { { NULL, NULL, 0, NULL, NULL } };
	const struct want w4[] = { { NULL, NULL, 0, NULL, "mailboxfull" } };
	const struct want w5[] = { { "quinn@example.net", NULL, 0, NULL, "onhold" } };
	/* the address such a text names is the sender's own */
	static const char sender_dialog[] =
		"The message could not be sent because the server rejected the sender's e-mail address. "
		"The sender's e-mail address was 'rita@example.org'. Server Response: '553 sorry, your "
		"envelope sender domain must exist (#5.7.1)', Server Error: 553, Error Number: 0x800CCC78\n";
	/* Outlook names the account the task ran for, not a recipient */
	static const char outlook_task[] =
		"Task 'rita@example.org - Sending' reported error (0x800CCC79) : 'One of the "
		"recipients was rejected by the server. Server Response: 550 5.7.1 Unable to relay'\n";
	/* a paste that starts with lines like a header's is still a fragment */
	static const char pasted_ndr[] =
		"Subject: Invoice\nSent: 12/3/2026 10:00 AM\n\nThe following recipient(s) cannot be "
		"reached:\n\n  'sam@example.net' on 12/3/2026 10:00 AM\n    550 5.1.1 User unknown\n";
	const struct want w6[] = { { "sam@example.net", "5.1.1", 550, NULL, "userunknown" } };
	/* the words of a failed delivery, with nothing more, are a bounce
	 * whose reason cannot be told */
	static const char *const undecided[] = {
		"\xe6\x82\xa8\xe5\x8f\x91\xe9\x80\x81\xe7\x9a\x84\xe9\x82\xae\xe4\xbb\xb6"
		"\xe8\xa2\xab\xe9\x80\x80\xe5\x9b\x9e\xe3\x80\x82\n",   /* 您发送的邮件被退回。 */
		"A problem occurred during the delivery of this message to this e-mail address.\n",
		"Cannot send message using the server mail.example.net.\n",
		"System.Net.Mail.SmtpException: Failure sending mail.\n",
	};
	size_t i;
	static const char sender_identity[] =
		"554 Message rejected: Email address is not verified. The following identities failed "
		"the check in region EU-WEST-1: Shop <shop@example.org>\n";

	(void)state;
	expect(dsn, w1, 1);
	expect(two, w2, 2);
	expect(dialog, w3, 1);
	expect(stray, none, 1);
	expect(post, none, 1);
	expect_one(trace, "networkerror", NULL, 1);
	expect(full, w4, 1);
	expect(worded, w5, 1);
	expect_one(sender_dialog, "rejected", NULL, 1);
	expect_one(sender_identity, "rejected", NULL, 1);
	expect_one(outlook_task, "norelaying", NULL, 1);
	expect(pasted_ndr, w6, 1);
	for (i = 0; i < sizeof undecided / sizeof undecided[0]; i++)
		expect_one(undecided[i], "undefined", NULL, 1);
}

/* A bounce pasted into a post: the person's own paragraphs around it (a
 * question, a guess in the first person) do not steer its reason, in
 * English or Chinese; a server's own first-person sentences stay. */
static void
test_posts_around_pastes(void **state)
{
	static const char guess[] =
		"Hi all,\n\nSince Monday every mail I send to one client comes straight back. I think\n"
		"their spam filter is eating it because I attach PDFs? I tried without, same thing.\n\n"
		"----\nYour message wasn't delivered to ann@example.net because the address couldn't be\n"
		"found, or is unable to receive mail.\n\n550 5.1.1 <ann@example.net>: Recipient address "
		"rejected: User unknown in virtual mailbox table\n----\n\n"
		"Any idea how to get past their filter? Is my mailbox full maybe?\n";
	static const char chinese[] =
		"\xe6\xa0\x87\xe9\xa2\x98\xef\xbc\x9a\xe5\x8f\x91\xe7\xbb\x99\xe5\xae\xa2"
		"\xe6\x88\xb7\xe7\x9a\x84\xe9\x82\xae\xe7\xae\xb1\xe4\xb8\x80\xe7\x9b\xb4"
		"\xe8\xa2\xab\xe9\x80\x80\xe5\x9b\x9e\xef\xbc\x8c\xe6\x98\xaf\xe4\xb8\x8d"
		"\xe6\x98\xaf\xe8\xa2\xab\xe5\xbd\x93\xe6\x88\x90\xe5\x9e\x83\xe5\x9c\xbe"
		"\xe9\x82\xae\xe4\xbb\xb6\xe4\xba\x86\xef\xbc\x9f\n\n"   /* the question */
		"\xe6\x88\x91\xe4\xbb\xac\xe5\x85\xac\xe5\x8f\xb8\xe7\x94\xa8\xe7\x9a\x84"
		"\xe6\x98\xaf\xe8\x87\xaa\xe5\xb7\xb1\xe6\x90\xad\xe7\x9a\x84\xe6\x9c\x8d"
		"\xe5\x8a\xa1\xe5\x99\xa8\xef\xbc\x8c\xe6\x9c\x80\xe8\xbf\x91\xe7\xbb\x99"
		"\xe5\xae\xa2\xe6\x88\xb7\xe5\x8f\x91\xe6\x8a\xa5\xe4\xbb\xb7\xe5\x8d\x95"
		"\xe6\xaf\x8f\xe6\xac\xa1\xe9\x83\xbd\xe9\x80\x80\xe4\xbf\xa1\xef\xbc\x8c"
		"\xe6\x98\xaf\xe4\xb8\x8d\xe6\x98\xaf\xe5\xaf\xb9\xe6\x96\xb9\xe6\x8a\x8a"
		"\xe6\x88\x91\xe4\xbb\xac\xe6\x8b\x89\xe9\xbb\x91\xe4\xba\x86\xef\xbc\x9f"
		"\n\n"   /* the guess */
		"Diagnostic-Code: smtp; 552 Requested mail action aborted: exceeded mailsize limit\n"
		"To: bo@example.net\n\n"
		"\xe8\xaf\xb7\xe9\x97\xae\xe8\xbf\x99\xe7\xa7\x8d\xe6\x83\x85\xe5\x86\xb5"
		"\xe5\xba\x94\xe8\xaf\xa5\xe6\x80\x8e\xe4\xb9\x88\xe5\xa4\x84\xe7\x90\x86"
		"\xef\xbc\x9f\xe6\x88\x91\xe4\xbb\xac\xe7\x9a\x84\xe6\x9c\x8d\xe5\x8a\xa1"
		"\xe5\x99\xa8\xe6\x98\xaf\xe4\xb8\x8d\xe6\x98\xaf\xe8\xa2\xab\xe7\xbd\x91"
		"\xe6\x98\x93\xe6\x8b\x89\xe9\xbb\x91\xe4\xba\x86\xef\xbc\x8c\xe9\x9c\x80"
		"\xe8\xa6\x81\xe6\x80\x8e\xe4\xb9\x88\xe7\x94\xb3\xe8\xaf\xb7\xe8\xa7\xa3"
		"\xe5\xb0\x81\xef\xbc\x9f\n";   /* how to get unblocked */
	static const char qmail[] =
		"Our mails to one customer come back after a week, and I do not see why that is.\n"
		"Their admin says the server is fine and that nothing is blocked on their side.\n"
		"Here is the bounce I got back this morning, maybe someone understands it:\n\n"
		"Hi. This is the qmail-send program at mail.example.org.\n"
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
		"This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
		"<cy@example.net>:\nConnection refused, 192.0.2.8\n"
		"I'm not going to try again; this message has been in the queue too long.\n";
	/* the person quotes another code in a sentence; the paste has its own */
	static const char quoted[] =
		"Since Monday anything we send to one of our freight partners bounces back within a few\n"
		"seconds. Other people at the same company get our mail fine, it is just this one guy.\n\n"
		"My guess is they put us on some block list. A colleague says we got \"550 5.7.1 ... access\n"
		"denied\" from a couple of places when that happened, so I assume this is the same thing?\n\n"
		"```\nYour message to dj@example.com couldn't be delivered.\n\n"
		"Remote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient "
		"dj@example.com not found by SMTP address lookup'\n```\n";
	const struct want w1[] = { { "ann@example.net", "5.1.1", 550, NULL, "userunknown" } };
	const struct want w2[] = { { "bo@example.net", NULL, 552, NULL, "mesgtoobig" } };
	const struct want w4[] = { { "dj@example.com", "5.1.10", 550, NULL, "userunknown" } };
	const struct want w3[] = { { "cy@example.net", NULL, 0, NULL, "networkerror" } };

	(void)state;
	expect(guess, w1, 1);
	expect(chinese, w2, 1);
	expect(qmail, w3, 1);
	expect(quoted, w4, 1);
}

/* Mail clients' own words for a failed send: Apple Mail's "Cannot Send
 * Mail" and its recipient or sender refused, in English, Japanese, German
 * and French; Outlook's German task names the account, not a recipient;
 * its task that fetched mail failed is no bounce; a sender refused for
 * its sending rate is speeding. */
static void
test_client_dialogs(void **state)
{
	static const char ios[] =
		"Cannot Send Mail\nA copy has been placed in your Outbox. The recipient \xe2\x80\x9c"
		"mo@example.com\xe2\x80\x9d was rejected by the server because it does not allow relaying.\n";
	static const char ios_ja[] =
		"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\x92\xe9\x80\x81\xe4\xbf\xa1\xe3\x81\xa7"
		"\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\n"   /* メールを送信できません */
		"\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90\xe3\x81\x8c\xe3\x83\xaa\xe3\x83\xac\xe3\x83\xbc"
		"\xe3\x82\x92\xe8\xa8\xb1\xe5\x8f\xaf\xe3\x81\x97\xe3\x81\xa6\xe3\x81\x84\xe3\x81\xaa"
		"\xe3\x81\x84\xe3\x81\x9f\xe3\x82\x81\xe3\x80\x81\xe5\x8f\x97\xe4\xbf\xa1\xe8\x80\x85"
		"\xe2\x80\x9cty@example.co.jp\xe2\x80\x9d\xe3\x81\xaf\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90"
		"\xe3\x81\xab\xe3\x82\x88\xe3\x81\xa3\xe3\x81\xa6\xe6\x8b\x92\xe5\x90\xa6\xe3\x81\x95"
		"\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82\n";
		/* サーバがリレーを許可していないため、受信者“ty@example.co.jp”はサーバによって拒否されました。 */
	static const char ios_de[] =
		"E-Mail kann nicht gesendet werden.\nEine Kopie wurde in den Postausgang gelegt. Der "
		"Empf\xc3\xa4nger \xe2\x80\x9ehb@example.de\xe2\x80\x9c wurde vom Server abgelehnt.\n";
	static const char ios_fr[] =
		"Impossible d\xe2\x80\x99" "envoyer le message\nUne copie a \xc3\xa9t\xc3\xa9 plac\xc3\xa9"
		"e dans votre bo\xc3\xae" "te d\xe2\x80\x99" "envoi. L\xe2\x80\x99" "adresse de l\xe2\x80\x99"
		"exp\xc3\xa9" "diteur \xc2\xab cd@example.fr \xc2\xbb a \xc3\xa9t\xc3\xa9 refus\xc3\xa9"
		"e par le serveur.\n";
	static const char outlook_de[] =
		"Fehler (0x800CCC79) bei Vorgang \"buch@example.de - Senden\": \"Ihr Postausgangsserver "
		"(SMTP) hat einen internen Fehler gemeldet. Antwort des Servers: 550 5.1.10 "
		"RESOLVER.ADR.RecipientNotFound; Recipient km@example.de not found by SMTP address lookup\"\n";
	static const char receiving[] =
		"Task 'dn@example.com - Receiving' reported error (0x800CCC0F) : 'The connection to the "
		"server was interrupted. If this problem continues, contact your server administrator.'\n";
	static const char rate[] =
		"Impossibile inviare il messaggio\n(451 4.7.1 <mr@example.it>: Sender address rejected: "
		"Rate limit exceeded for sender mr@example.it, please try again later)\n";
	static const char thunderbird_de[] =
		"Senden der Nachricht fehlgeschlagen\n\nDie Gr\xc3\xb6\xc3\x9f" "e der Nachricht, die Sie "
		"senden m\xc3\xb6" "chten, \xc3\xbc" "berschreitet die globale Gr\xc3\xb6\xc3\x9f" "enbeschr"
		"\xc3\xa4" "nkung des Servers (26214400 Bytes).\n";
	static const char get_mail_de[] =
		"Abrufen der E-Mails nicht m\xc3\xb6glich\nDer Benutzername oder das Passwort f\xc3\xbcr "
		"\xe2\x80\x9eimap.example.de\xe2\x80\x9c ist falsch.\n";
	static const char pop3_fetch[] =
		"Last checked: 2 hours ago. View history\nError: Server denied POP3 access for the given "
		"username and password.\nServer returned error: \"-ERR [AUTH] Authentication failed.\"\n";
	const struct want w_ios[] = { { "mo@example.com", NULL, 0, NULL, "norelaying" } };
	const struct want w_ja[] = { { "ty@example.co.jp", NULL, 0, NULL, "norelaying" } };
	const struct want w_de[] = { { "hb@example.de", NULL, 0, NULL, "onhold" } };
	const struct want w_outlook[] = { { "km@example.de", "5.1.10", 550, NULL, "userunknown" } };
	const struct want none[] = { { NULL, NULL, 0, NULL, NULL } };

	(void)state;
	expect(ios, w_ios, 1);
	expect(ios_ja, w_ja, 1);
	expect(ios_de, w_de, 1);
	expect_one(ios_fr, "rejected", NULL, 1);
	expect(outlook_de, w_outlook, 1);
	expect(receiving, none, 1);
	expect(get_mail_de, none, 1);
	expect(pop3_fetch, none, 1);
	expect_one(thunderbird_de, "mesgtoobig", NULL, 1);
	expect_one(rate, "speeding", NULL, 0);
}

/* Pastes from forums and tickets: a library's exception naming several
 * refused recipients, each with its own reply, on one line or a few; the
 * command a client names as failed; an event log entry or a client's
 * connection error inside a person's question. */
static void
test_pasted_client_errors(void **state)
{
	static const char python[] =
		"smtplib.SMTPRecipientsRefused: {'ann@example.net': (550, b'5.1.1 <ann@example.net>: "
		"Recipient address rejected: User unknown in local recipient table'), "
		"'bob@example.net': (450, b'4.7.1 Client host rejected: cannot find your reverse "
		"hostname, [192.0.2.50]')}\n";
	static const char javamail[] =
		"javax.mail.SendFailedException: Invalid Addresses;\n  nested exception is:\n"
		"\tcom.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <cat@example.net>: "
		"Recipient address rejected: User unknown in virtual alias table\n;\n"
		"  nested exception is:\n"
		"\tcom.sun.mail.smtp.SMTPAddressFailedException: 552 5.2.2 <dan@example.net>... "
		"Mailbox full\n";
	const struct want w1[] = {
		{ "ann@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "bob@example.net", "4.7.1", 450, NULL, "requireptr" },
	};
	const struct want w2[] = {
		{ "cat@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "dan@example.net", "5.2.2", 552, NULL, "mailboxfull" },
	};
	/* one recipient named again inside its own reply is one record */
	static const char once[] =
		"CLIENT -> SERVER: EHLO www.example.org\n"
		"CLIENT -> SERVER: RCPT TO:<eve@example.net>\n"
		"SERVER -> CLIENT: 554 5.7.1 <eve@example.net>: Relay access denied\n"
		"SMTP ERROR: RCPT TO command failed: 554 5.7.1 <eve@example.net>: Relay access denied\n";
	const struct want w3[] = { { "eve@example.net", "5.7.1", 554, "RCPT", "norelaying" } };
	static const char data_end[] =
		"SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: "
		"Message rejected as spam by Content Filtering. SMTP code: 550\n";
	const struct want w4[] = { { NULL, NULL, 550, "DATA", "spamdetected" } };
	static const char during_mail[] =
		"System.Net.Mail.SmtpException: The SMTP server requires a secure connection or the "
		"client was not authenticated. The server response was: 5.7.57 Client was not "
		"authenticated to send anonymous mail during MAIL FROM [HOST.example.com]\n";
	const struct want w5[] = { { NULL, "5.7.57", 0, "MAIL", "securityerror" } };
	/* a question around an event log entry, a client that could not
	 * connect: failures, though no code is written */
	static const char event[] =
		"Seeing loads of these in the Application log on our old server, hundreds per hour.\n\n"
		"Event Source:\tMSExchangeTransport\nEvent ID:\t1709\nDescription:\n"
		"An SMTP client did not authenticate before attempting to send mail. Access was denied.\n\n"
		"For more information, see Help and Support Center at http://example.com/events.asp.\n";
	static const char timeout[] =
		"Hi, the test email fails, hosting support says port 587 is open. Debug output:\n"
		"SMTP Error: Could not connect to SMTP host. Failed to connect to server\n"
		"SMTP ERROR: Failed to connect to server: Connection timed out (110)\n";

	(void)state;
	expect(python, w1, 2);
	expect(javamail, w2, 2);
	expect(once, w3, 1);
	expect(data_end, w4, 1);
	expect(during_mail, w5, 1);
	expect_one(event, "norelaying", NULL, 1);
	expect_one(timeout, "networkerror", NULL, 1);
}

/* Bounces whose parts sit apart: Sendmail's transcript shows the failing
 * reply before the line naming its recipient; Postfix's "NAME[ip]" in a
 * template of another language; an Exchange 2003 reply quoted inside
 * another; a list manager's notice that names the list in its words, a
 * contact address under it, or help and contact addresses and a signed
 * "--list@host, Be Seeing You!" (one entry: the list's); a phrase wrapped
 * across lines. */
static void
test_parts_apart(void **state)
{
	static const char sendmail[] =
		"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
		"Subject: Returned mail: see transcript for details\n\n"
		"   ----- Transcript of session follows -----\n"
		"... while talking to mail.example.net.:\n"
		">>> DATA\n<<< 354 Enter mail\n>>> .\n<<< 554 5.7.1 Message rejected as spam\n"
		"554 5.7.1 <fay@example.net>... Message rejected as spam\n"
		"... while talking to mail.example.com.:\n"
		">>> MAIL From:<me@example.org> SIZE=14680311\n"
		"<<< 552 5.3.4 Message size exceeds fixed maximum message size\n"
		"552 5.3.4 <gus@example.com>... Message size exceeds fixed maximum message size\n";
	const struct want w1[] = {
		{ "fay@example.net", "5.7.1", 554, "DATA", "spamdetected" },
		{ "gus@example.com", "5.3.4", 552, "MAIL", "mesgtoobig" },
	};
	static const char coremail[] =
		"From: postmaster@example.cn\nSubject: =?UTF-8?B?6YCA5L+h?=\n"
		"Content-Type: text/plain; charset=UTF-8\n\n"
		"hal@example.net\n"
		"\xe5\xaf\xb9\xe6\x96\xb9\xe6\x9c\x8d\xe5\x8a\xa1\xe5\x99\xa8 "
		"mx.example.net[192.0.2.9] \xe8\xbf\x94\xe5\x9b\x9e\xef\xbc\x9a "
		"552 5.2.2 <hal@example.net>: Mailbox quota exceeded\n";
	static const char ex2003[] =
		"From: postmaster@example.org\nSubject: Undeliverable: report\n\n"
		"Your message did not reach some or all of the intended recipients.\n\n"
		"      ivy@example.net on 03/10/2019 14:15\n"
		"            Remote Server returned '< #5.0.0 smtp; 5.3.0 - Other mail system problem "
		"552-'5.2.2 Mailbox over quota' (delivery attempts: 0)>'\n";
	const struct want w3[] = { { "ivy@example.net", "5.2.2", 552, NULL, "mailboxfull" } };
	static const char sympa[] =
		"From: SYMPA <sympa@lists.example.edu>\nTo: jo@example.com\n"
		"Subject: Message distribution: your message to hydro was rejected\n\n"
		"Your message to list hydro@lists.example.edu could not be\ndistributed.\n\n"
		"Its size (14336 KB) exceeds the maximum size allowed for this list\n(5120 KB).\n\n"
		"For further information, please contact the owners of the list:\n"
		"hydro-request@lists.example.edu\n";
	const struct want w4[] = { { "hydro@lists.example.edu", NULL, 0, NULL, "mesgtoobig" } };
	static const char fml[] =
		"From: choir-admin@ml.example.org\nTo: kai@example.com\n"
		"Subject: You are not a member of the choir mailing list\n"
		"X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]\n\n"
		"Your mail was rejected and not delivered to the list members.\n\n"
		"You are not a member of this mailing list <choir@ml.example.org>.\n\n"
		"If you know the general guide of this list, please send mail with\n"
		"the mail body\n\n\tguide\n\nto the address\n\n\tchoir-ctl@ml.example.org\n\n"
		"--choir@ml.example.org, Be Seeing You!\n\n"
		"If you have any questions or problems,\n   please contact choir-admin@ml.example.org\n";
	const struct want w5[] = { { "choir@ml.example.org", NULL, 0, NULL, "rejected" } };
	bd_report *rep = NULL;

	(void)state;
	expect(sendmail, w1, 2);
	assert_int_equal(bd_diagnose(ctx, coremail, strlen(coremail), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.net");
	bd_report_free(rep);
	expect(ex2003, w3, 1);
	expect(sympa, w4, 1);
	expect(fml, w5, 1);
}

/* Recipients listed one per line, then the words for all of them; a
 * list's digest that discusses bounces is none; a link's tail is no
 * recipient. */
static void
test_lists_and_digests(void **state)
{
	static const char listed[] =
		"From: Email Security Gateway <notify@gw.example.org>\n"
		"Subject: Message REJECTED: contract draft\nAuto-Submitted: auto-generated\n\n"
		"Your message was REJECTED by the example.org email security gateway and has NOT "
		"been delivered to the following recipient(s):\n\n"
		"    kim@example.org\n    lee@example.org\n\n"
		"  Subject:      Contract draft\n  Attachment:   draft.docm (212 KB)\n\n"
		"Reason: The attachment type is blocked by the recipient organisation's policy.\n";
	const struct want w1[] = {
		{ "kim@example.org", NULL, 0, NULL, "policyviolation" },
		{ "lee@example.org", NULL, 0, NULL, "policyviolation" },
	};
	/* one block of words per recipient after the list: its own */
	static const char per_domain[] =
		"From: Mail Delivery Subsystem <mailer-daemon@example.com>\n"
		"Subject: Delivery Status Notification (Failure)\n\n"
		"Delivery to the following recipients failed permanently:\n\n"
		"     max@example.net\n     ned@example.org\n\n"
		"The error that the other server returned was:\n"
		"554 5.7.1 <ned@example.org>: Relay access denied\n";
	const struct want w2[] = {
		{ "max@example.net", NULL, 0, NULL, "onhold" },
		{ "ned@example.org", "5.7.1", 554, NULL, "norelaying" },
	};
	static const char digest[] =
		"From: mta-users-request@lists.example.org\nTo: mta-users@lists.example.org\n"
		"Subject: mta-users Digest, Vol 187, Issue 14\n"
		"List-Id: MTA administrators <mta-users.lists.example.org>\n\n"
		"Today's Topics:\n\n   1. Re: soft vs hard bounces (Pat)\n\n"
		"Message: 1\nFrom: Pat <pat@example.net>\nSubject: Re: soft vs hard bounces\n\n"
		"A 550 5.7.1 \"Client host blocked using zen.spamhaus.org\" is not the address's "
		"fault: do not unsubscribe ola@example.org for it.\n";
	const struct want none[] = { { NULL, NULL, 0, NULL, NULL } };
	static const char phish[] =
		"From: Mail Admin <admin@example.top>\nTo: ann@example.com\n"
		"Subject: Message delivery failure: mailbox quota exceeded\n\n"
		"14 incoming messages have been returned to their senders with the error:\n\n"
		"    552 5.2.2 Mailbox full - quota exceeded\n\n"
		"Increase your quota now:\n\n"
		"    https://example.top/webmail/quota-upgrade?user=ann@example.com\n";
	/* an NDR's look, no failed recipient, no report, no message returned,
	 * and a request to click or sign in: phishing, no bounce; the same
	 * words naming a failed recipient stay a bounce */
	static const char lure[] =
		"From: Mail Delivery System <mailer-daemon@example.com>\nTo: ann@example.com\n"
		"Subject: Mail delivery failed: you have 5 pending messages\n\n"
		"5 incoming messages for ann@example.com could not be delivered to your inbox.\n"
		"To release your pending messages, click below:\nhttps://example.top/release\n";
	static const char real[] =
		"From: Mail Delivery System <mailer-daemon@example.com>\nTo: ann@example.com\n"
		"Subject: Mail delivery failed\n\n"
		"<bo@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 User unknown\n"
		"To find out more, click here: https://example.com/help\n";
	const struct want w3[] = { { "bo@example.net", "5.1.1", 550, NULL, "userunknown" } };
	bd_report *rep = NULL;

	(void)state;
	expect(listed, w1, 2);
	expect(per_domain, w2, 2);
	expect(digest, none, 1);
	expect(lure, none, 1);
	expect(real, w3, 1);
	assert_int_equal(bd_diagnose(ctx, phish, strlen(phish), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_null(bd_report_record(rep, 0)->recipient);
	bd_report_free(rep);
}

/* The same bounce with CRLF and bare CR line ends gives the same records. */
static void
test_line_ends(void **state)
{
	static const char lf[] =
		"From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\n"
		"Subject: Undelivered Mail Returned to Sender\n\n"
		"<pat@example.net>: host mx.example.net[192.0.2.2] said: 550 5.1.1\n"
		"    <pat@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n";
	char crlf[sizeof lf * 2], cr[sizeof lf];
	const struct want want[] = { { "pat@example.net", "5.1.1", 550, "RCPT", "userunknown" } };
	size_t i, j = 0;

	(void)state;
	for (i = 0; lf[i]; i++) {
		if (lf[i] == '\n')
			crlf[j++] = '\r';
		crlf[j++] = lf[i];
		cr[i] = lf[i] == '\n' ? '\r' : lf[i];
	}
	crlf[j] = '\0';
	cr[i] = '\0';
	expect(lf, want, 1);
	expect(crlf, want, 1);
	expect(cr, want, 1);
}

/* Amazon SES notifications by e-mail: JSON, plain or escaped in SNS, or
 * pretty-printed; a delay event; a bracket inside a diagnostic string
 * does not end the list. */
static void
test_ses_json(void **state)
{
	static const char plain[] =
		"From: SES <no-reply@sns.example.com>\nTo: ops@example.org\nSubject: AWS Notification Message\n\n"
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":["
		"{\"emailAddress\":\"quinn@example.net\",\"action\":\"failed\",\"status\":\"5.2.2\","
		"\"diagnosticCode\":\"smtp; 552 5.2.2 Mailbox full\"},"
		"{\"emailAddress\":\"ruth@example.net\",\"action\":\"failed\",\"status\":\"5.1.1\","
		"\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}]}}\n";
	static const char escaped[] =
		"From: SES <no-reply@sns.example.com>\nTo: ops@example.org\nSubject: AWS Notification Message\n\n"
		"{\n  \"Type\" : \"Notification\",\n  \"Message\" : \"{\\\"notificationType\\\":\\\"Delivery\\\","
		"\\\"delivery\\\":{\\\"recipients\\\":[\\\"sam@example.net\\\"],"
		"\\\"smtpResponse\\\":\\\"250 2.6.0 Message received\\\"}}\"\n}\n";
	const struct want w1[] = {
		{ "quinn@example.net", "5.2.2", 552, NULL, "mailboxfull" },
		{ "ruth@example.net", "5.1.1", 550, NULL, "userunknown" },
	};
	const struct want w2[] = { { "sam@example.net", "2.6.0", 250, NULL, "delivered" } };
	static const char pretty[] =
		"From: SES <no-reply@sns.example.com>\nTo: ops@example.org\nSubject: AWS Notification Message\n\n"
		"{\n  \"eventType\": \"DeliveryDelay\",\n  \"deliveryDelay\": {\n"
		"    \"delayedRecipients\": [\n      {\n        \"emailAddress\": \"tess@example.net\",\n"
		"        \"status\": \"4.7.650\",\n        \"diagnosticCode\": \"smtp; 451 4.7.650 The mail "
		"server [192.0.2.47] has been temporarily rate limited due to IP reputation.\"\n      },\n"
		"      {\n        \"emailAddress\": \"uri@example.net\",\n        \"status\": \"4.2.2\",\n"
		"        \"diagnosticCode\": \"smtp; 452 4.2.2 Mailbox full\"\n      }\n    ]\n  }\n}\n";
	const struct want w3[] = {
		{ "tess@example.net", "4.7.650", 451, NULL, "badreputation" },
		{ "uri@example.net", "4.2.2", 452, NULL, "mailboxfull" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(plain, w1, 2);
	expect(escaped, w2, 1);
	expect(pretty, w3, 2);
	assert_int_equal(bd_diagnose(ctx, pretty, strlen(pretty), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_non_null(strstr(bd_report_record(rep, 0)->diagnostic, "due to IP reputation"));
	bd_report_free(rep);
}

/* A multi-line reply joined into one line reads as one sentence. */
static void
test_multiline_reply(void **state)
{
	static const char text[] =
		"<tom@example.net>: host mx.example.net[192.0.2.3] said: 550-5.7.1 Messages with multiple\n"
		"    550-5.7.1 addresses in From: header are not accepted. 550 5.7.1 See the help page.\n";
	bd_report *rep;

	(void)state;
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_string_equal(bd_report_record(rep, 0)->diagnostic,
	    "<tom@example.net>: host mx.example.net[192.0.2.3] said: 550-5.7.1 Messages with multiple "
	    "addresses in From: header are not accepted. See the help page.");
	assert_string_equal(bd_report_record(rep, 0)->reason, "notcompliantrfc");
	bd_report_free(rep);
}

/* check_field - a record string is NULL or valid UTF-8 */
static void
check_field(const char *file, const char *name, const char *v)
{
	if (v && !bd_utf8_valid(v, strlen(v)))
		fail_msg("%s: field %s is not valid UTF-8", file, name);
}

/* every string of every record of tests/regress (fuzzer finds among
 * them) is valid UTF-8, whatever bytes came in */
static void
test_regress_utf8(void **state)
{
	static char buf[1 << 20];
	DIR *d = opendir("tests/regress");
	struct dirent *de;
	char path[512];
	bd_report *rep;
	size_t n, i;
	FILE *f;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "tests/regress/%s", de->d_name);
		assert_non_null(f = fopen(path, "rb"));
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		assert_int_equal(bd_diagnose(ctx, buf, n, &rep), BD_OK);
		for (i = 0; i < bd_report_count(rep); i++) {
			const bd_record *r = bd_report_record(rep, i);

			check_field(path, "recipient", r->recipient);
			check_field(path, "diagnostic", r->diagnostic);
			check_field(path, "remote_mta", r->remote_mta);
			check_field(path, "evidence", r->evidence);
			check_field(path, "status", r->status);
		}
		bd_report_free(rep);
	}
	closedir(d);
}

/* How old and small servers name the failed recipient: a list bullet, an
 * Exchange "[SMTP:addr]", a label that states the failure, or the only
 * address of a sentence; an address after "from" is the sender's. */
static void
test_recipient_shapes(void **state)
{
	static const char *const texts[] = {
		"From: MAILER-DAEMON@mx.example.org\nSubject: Delivery Status Notification\n\n"
		"Delivery to the following recipients failed permanently:\n   * ann@example.net\n\n"
		"Technical details:\nSMTP:RCPT host 192.0.2.7: 553 5.3.0 <ann@example.net>... No such user here\n",
		"From: \"Delivery Subsystem\" <postmaster@mx.example.org>\nSubject: Message Delivery Failure\n\n"
		"The following recipient(s) could not be reached:\n\tRecipient: [SMTP:ann@example.net]\n"
		"\tReason: Remote SMTP Server Returned: 550 No such user here.\n",
		"From: postmaster@mx.example.org\nSubject: Undeliverable: report\n\n"
		"Delivery has failed to these recipients or groups:\n\n"
		"ann@example.net<mailto:ann@example.net>\n"
		"The email address wasn't found at the destination domain.\n",
		"From: postmaster@mx.example.org\nSubject: Undeliverable Mail\n\n"
		"Sender address: owner@example.org\n"
		"User's mailbox is full: <ann@example.net>\nUnable to deliver mail.\n",
		"From: Mail Delivery System <mailer-daemon@mx.example.org>\nSubject: Undelivered mail\n\n"
		"A message that you sent was rejected by the local scanning code.\n"
		"Local mailbox ann@example.net is unavailable: user not found\n",
		("From: MAILER-DAEMON@mx.example.org\nSubject: Delivery Status\n\n"
		"Delivery report for ann@example.net: the message could not be delivered.\n"),
	};
	static const char *const reasons[] = { "userunknown", "userunknown", "userunknown", "mailboxfull",
		"userunknown", "onhold" };
	static const char sender[] =
		"From: \"Mail Delivery Subsystem\" <MAILER-DAEMON@mx.example.org>\nTo: <list-bounces@example.org>\n"
		"Subject: Mail Delivery Problem\n\nYour mail to the following recipients could not be delivered "
		"because they are not accepting mail from owner@example.org:\n\tann\n";
	static const char contact[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undeliverable mail\n\n"
		"Your message could not be delivered.\n553 5.3.0 DNSBL:RBL 521< 192.0.2.1 >_is_blocked. "
		"For assistance forward this email to abuse_rbl@abuse.example.net\n";
	const struct want unnamed[] = { { NULL, NULL, 0, NULL, "filtered" } };
	const struct want helpdesk[] = { { NULL, NULL, 553, NULL, "blocked" } };
	bd_report *rep = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const struct want want[] = { { "ann@example.net", NULL, 0, NULL, reasons[i] } };

		expect(texts[i], want, 1);
	}
	expect(sender, unnamed, 1);
	assert_int_equal(bd_diagnose(ctx, sender, strlen(sender), &rep), BD_OK);
	assert_null(bd_report_record(rep, 0)->recipient);
	bd_report_free(rep);
	/* nor is an address given to write to for help */
	expect(contact, helpdesk, 1);
	assert_int_equal(bd_diagnose(ctx, contact, strlen(contact), &rep), BD_OK);
	assert_null(bd_report_record(rep, 0)->recipient);
	bd_report_free(rep);
}

/* A Final-Recipient that is not a mail address (an X.400 gateway's) gives
 * way to an rfc822 Original-Recipient; a DSN whose diagnostic is only a
 * local program's exit status is a mailer error. */
static void
test_dsn_recipient_types(void **state)
{
	static const char x400[] =
		"From: postmaster@gw.example.org\nSubject: Delivery Report (failure)\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain\n\nYour message was not delivered.\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: x400; gw\n\n"
		"Original-Recipient: rfc822; ann@example.net\n"
		"Final-Recipient: x400; /RFC-822=ann(a)example.net/ADMD= /C=WW/\n"
		"Action: failed\nStatus: 5.1.1\n--b--\n";
	static const char unix_exit[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Returned mail\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: RFC822; ann@example.net\nX-Actual-Recipient: X-Unix; |/usr/local/bin/filter\n"
		"Action: failed\nStatus: 5.0.0\nDiagnostic-Code: X-Unix; 255\n--b--\n";
	static const char empty_diag[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Warning: could not send message for past 4 hours\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\n\n<ann@example.net>... Deferred: Connection timed out with mx.example.net.\n"
		"Warning: message still undelivered after 4 hours\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: RFC822; ann@example.net\nAction: delayed\nStatus: 4.4.1\n"
		"Diagnostic-Code: SMTP; \n--b--\n";
	static const char internal[] =
		"From: postmaster@mx.example.org\nSubject: Delivery Notification: Delivery has failed\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		"Action: failed\nStatus: 5.2.2 (recipient reached disk quota)\n"
		"Original-recipient: rfc822;ann@example.net\nFinal-recipient: rfc822;ann@ms-daemon\n--b--\n";
	const struct want want_x400[] = { { "ann@example.net", "5.1.1", 0, NULL, "userunknown" } };
	const struct want want_internal[] = { { "ann@example.net", "5.2.2", 0, NULL, "mailboxfull" } };
	const struct want want_empty[] = { { "ann@example.net", "4.4.1", 0, NULL, "expired" } };
	bd_report *rep = NULL;
	static const char unix_transcript[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Returned mail\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\n\n   ----- Transcript of session follows -----\n"
		"554 5.3.0 unknown mailer error 255\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: RFC822; ann@example.net\nAction: failed\nStatus: 5.0.0\n"
		"Diagnostic-Code: X-Unix; 255\n--b--\n";
	const struct want want_unix[] = { { "ann@example.net", "5.0.0", 0, NULL, "mailererror" } };
	const struct want want_unix_coded[] = { { "ann@example.net", "5.3.0", 554, NULL, "mailererror" } };

	(void)state;
	expect(x400, want_x400, 1);
	/* nor does a server's internal name (a domain without a dot) */
	expect(internal, want_internal, 1);
	expect(unix_exit, want_unix, 1);
	/* the prose's error line gives the code the DSN's words lack */
	expect(unix_transcript, want_unix_coded, 1);
	/* "Diagnostic-Code: smtp;" with nothing after: the prose's words */
	expect(empty_diag, want_empty, 1);
	assert_int_equal(bd_diagnose(ctx, empty_diag, strlen(empty_diag), &rep), BD_OK);
	assert_non_null(strstr(bd_report_record(rep, 0)->diagnostic, "Connection timed out"));
	bd_report_free(rep);
}

/* A bounce that names the recipient but not why is on hold; one that
 * names neither is undefined.  A delay report with only a network status
 * is a message waiting to expire. */
static void
test_onhold_and_delay(void **state)
{
	static const char named[] =
		"From: postmaster@mx.example.org\nSubject: Delivery Status Notification (Failure)\n\n"
		"This is an automatically generated Delivery Status Notification.\n\n"
		"Delivery to the following recipients failed.\n\n       ann@example.net\n";
	static const char unnamed[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
		"I'm sorry to have to inform you that your message could not be delivered.\n";
	static const char delayed[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Delivery delayed\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
		"Final-Recipient: rfc822; ann@example.net\nAction: delayed\nStatus: 4.4.1\n--b--\n";
	const struct want want_named[] = { { "ann@example.net", "5.0.901", 0, NULL, "onhold" } };
	const struct want want_unnamed[] = { { NULL, "5.0.900", 0, NULL, "undefined" } };
	const struct want want_delayed[] = { { "ann@example.net", "4.4.1", 0, NULL, "expired" } };

	(void)state;
	expect(named, want_named, 1);
	expect(unnamed, want_unnamed, 1);
	expect(delayed, want_delayed, 1);
}

/* An NDR written only in HTML: its source line ends are spaces, so the
 * reason on the next displayed line stays with the address; a table's
 * cells are apart and its rows are lines, even when the source puts the
 * whole table on one line. */
static void
test_html_only_ndr(void **state)
{
	static const char text[] =
		"From: System Administrator <postmaster@mx.example.org>\nSubject: Undeliverable: Release 2.0.12\n"
		"Content-Type: text/html; charset=us-ascii\n\n"
		"<HTML><BODY><P>Your message<BR>\n<BR>\n&nbsp; Subject: Release 2.0.12<BR>\n"
		"did not reach the following recipient(s):<BR>\n<BR>\n"
		"ann@example.net on Thu, 11 Jul 2002 16:54:54 -0300<BR>\n"
		"&nbsp;&nbsp;&nbsp; The recipient name is not recognized<BR>\n</P></BODY></HTML>\n";
	/* character references decoded; a style sheet's words are no text */
	static const char refs[] =
		"From: postmaster@mx.example.org\nSubject: Undeliverable: plans\n"
		"Content-Type: text/html; charset=us-ascii\n\n"
		"<html><head><style>.mailbox-full { color: red }</style></head><body>\n"
		"<div>&lt;bea@example.net&gt;:</div>\n"
		"<div>This user doesn&#x27;t have an example.net account &#8212; sorry</div>\n"
		"</body></html>\n";
	const struct want want[] = { { "ann@example.net", "5.0.911", 0, NULL, "userunknown" } };
	const struct want want_refs[] = { { "bea@example.net", NULL, 0, NULL, "userunknown" } };
	static const char table[] =
		"From: Delivery Reports <reports@esp.example.com>\nSubject: Undelivered messages\n"
		"Content-Type: text/html; charset=us-ascii\n\n"
		"<html><body><table><tr><th>Recipient</th><th>Reply</th></tr><tr><td>cy@example.net"
		"</td><td>550 5.1.1 User unknown</td></tr><tr><td>dee@example.org</td><td>552 5.2.2 "
		"Mailbox full</td></tr></table></body></html>\n";
	const struct want want_table[] = {
		{ "cy@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "dee@example.org", "5.2.2", 552, NULL, "mailboxfull" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 1);
	expect(refs, want_refs, 1);
	expect(table, want_table, 2);
	assert_int_equal(bd_diagnose(ctx, refs, strlen(refs), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->diagnostic,
	    "This user doesn't have an example.net account \xe2\x80\x94 sorry");
	bd_report_free(rep);
}

/* Mail log lines pasted or piped in: one record per line that reports a
 * bounce, a deferral or a refusal, in order, each on its own words;
 * deliveries, connection and queue lines give none. */
static void
test_mail_logs(void **state)
{
	static const char text[] =
		"Nov 23 09:59:58 mx postfix/smtpd[812]: connect from mail.example.com[198.51.100.9]\n"
		"Nov 23 09:59:59 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from mail.example.com"
		"[198.51.100.9]: 554 5.7.1 <dan@example.org>: Relay access denied; from=<ann@example.com>"
		" to=<dan@example.org> proto=ESMTP helo=<mail.example.com>\n"
		"Nov 23 10:00:00 mx postfix/qmgr[77]: 4ABC1234: from=<ann@example.com>, size=1234, nrcpt=2"
		" (queue active)\n"
		"Nov 23 10:00:01 mx postfix/smtp[901]: 4ABC1234: to=<eve@example.net>, relay=mx.example.net"
		"[192.0.2.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok:"
		" queued as 9XYZ)\r\n"
		"Nov 23 10:00:02 mx postfix/smtp[902]: 4ABC1234: to=<fay@example.net>, relay=none, delay=30,"
		" dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.7]:25: Connection refused)\n"
		"Nov 23 10:00:04 mx postfix/cleanup[903]: 6AAA0001: reject: header Subject: Invoice from"
		" unknown[203.0.113.66]; from=<x@spam.example> to=<hal@example.org> proto=ESMTP"
		" helo=<spam.example>: 5.7.1 Attachment type not allowed\n"
		"2026-11-23 10:01:00 1vXabc-000123-AB ** ivy@example.net R=dnslookup T=remote_smtp"
		" H=mx.example.net [192.0.2.7] X=TLS1.3:TLS_AES_256_GCM_SHA384:256: SMTP error from remote"
		" mail server after RCPT TO:<ivy@example.net>: 552 5.2.2 Mailbox full\n"
		"2026-11-23 10:01:03 H=(helo.example) [203.0.113.5] F=<x@spam.example> rejected RCPT"
		" <lou@example.org>: relay not permitted\n"
		"2026-11-23 10:01:04.123 +0100 [1234] 1vXabc-000126-AB ** max@example.invalid: Unrouteable"
		" address\n"
		"Nov 23 10:02:00 host sm-mta[123]: 5ANA0001: to=<ned@example.net>,<oli@example.net>,"
		" delay=00:00:01, mailer=esmtp, pri=120, relay=mx.example.net. [192.0.2.7], dsn=5.1.1,"
		" stat=User unknown\n"
		"Nov 23 10:02:06 mx postfix/smtp[906]: 4F: to=<gnu@example.com>, relay=none, delay=432000,"
		" dsn=4.4.1, status=expired, returned to sender\n"
		"Nov 23 10:02:13 mx postfix/smtpd[913]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 450"
		" 4.2.0 <mole@example.net>: Recipient address rejected: Greylisted; from=<x@spam.example>"
		" to=<mole@example.net> proto=ESMTP helo=<spam>\n"
		"2026-11-23 10:02:14 H=(helo.example) [203.0.113.5] F=<x@spam.example> temporarily rejected"
		" RCPT <nan@example.org>: Could not complete sender verify\n"
		"Nov 23 10:02:20 host sm-mta[124]: 5ANA0002: ruleset=check_rcpt, arg1=<pam@example.org>,"
		" relay=[203.0.113.9], reject=550 5.7.1 <pam@example.org>... Relaying denied\n"
		"Nov 23 10:02:21 host sm-mta[125]: 5ANA0003: ruleset=check_mail, arg1=<x@nonexist.example>,"
		" relay=pc [203.0.113.9], reject=553 5.1.8 <x@nonexist.example>... Domain of sender"
		" address x@nonexist.example does not exist\n"
		"Nov 23 10:02:22 mail postfix/smtpd[2222]: NOQUEUE: reject: MAIL from pc[203.0.113.9]: 452"
		" 4.3.1 Insufficient system storage; proto=ESMTP helo=<pc>\n"
		"Nov 23 10:02:30 mx postfix/qmgr[77]: 4ABC1234: from=<ann@example.com>, status=expired,"
		" returned to sender\n"
		"Nov 23 10:02:40 host sm-mta[126]: 5ANA0004: <quin@example.org>... User unknown\n"
		"Nov 23 10:02:41 host sm-mta[126]: 5ANA0004: from=<x@spam.example>, size=0, class=0,"
		" nrcpts=0, proto=ESMTP, daemon=MTA, relay=pc [203.0.113.9]\n"
		"2026-11-23 10:03:00 [1234";   /* cut short: no record, no read past the end */
	const struct want want[] = {
		{ "dan@example.org", "5.7.1", 554, "RCPT", "norelaying" },
		{ "fay@example.net", "4.4.1", 0, NULL, "networkerror" },
		{ "hal@example.org", "5.7.1", 0, "DATA", "policyviolation" },
		{ "ivy@example.net", "5.2.2", 552, "RCPT", "mailboxfull" },
		{ "lou@example.org", NULL, 0, "RCPT", "norelaying" },
		{ "max@example.invalid", NULL, 0, NULL, "hostunknown" },
		{ "ned@example.net", "5.1.1", 0, NULL, "userunknown" },
		{ "oli@example.net", "5.1.1", 0, NULL, "userunknown" },
		{ "gnu@example.com", "4.4.1", 0, NULL, "expired" },
		{ "mole@example.net", "4.2.0", 450, "RCPT", "blocked" },
		{ "nan@example.org", NULL, 0, "RCPT", "rejected" },
		/* Sendmail's refusals of a recipient and of a sender, Postfix's of
		 * a MAIL FROM: the last two name no recipient */
		{ "pam@example.org", "5.7.1", 550, "RCPT", "norelaying" },
		{ NULL, "5.1.8", 553, "MAIL", "rejected" },
		{ NULL, "4.3.1", 452, "MAIL", "systemfull" },
		/* qmgr gives a message up: the recipients were on its deferrals */
		{ NULL, NULL, 0, NULL, "expired" },
		/* Sendmail refusing a recipient in the dialogue */
		{ "quin@example.org", NULL, 0, "RCPT", "userunknown" },
	};
	static const char *const actions[] = { "failed", "delayed", "failed",
		"failed", "failed", "failed", "failed", "failed", "failed", "delayed", "delayed",
		"failed", "failed", "delayed", "failed", "failed" };
	static const char *const mtas[] = { NULL, "mx.example.net", NULL,
		"mx.example.net", NULL, NULL, "mx.example.net", "mx.example.net", NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, NULL };
	static const char postscreen[] =
		"Nov 22 03:43:02 edge postfix/postscreen[2211]: NOQUEUE: reject: RCPT from "
		"[192.0.2.66]:40212: 550 5.7.1 Service unavailable; client [192.0.2.66] blocked using "
		"zen.spamhaus.org; from=<a@example.com>, to=<bill@example.org>, proto=ESMTP, "
		"helo=<example.com>\n";
	const struct want want_postscreen[] = {
		{ "bill@example.org", "5.7.1", 550, "RCPT", "blocked" },
	};
	bd_report *rep = NULL;
	size_t i;

	(void)state;
	expect(text, want, 16);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	for (i = 0; i < 16; i++) {
		assert_string_equal(bd_report_record(rep, i)->action, actions[i]);
		if (mtas[i])
			assert_string_equal(bd_report_record(rep, i)->remote_mta, mtas[i]);
		else
			assert_null(bd_report_record(rep, i)->remote_mta);
	}
	assert_string_equal(bd_report_record(rep, 0)->diagnostic,
	    "554 5.7.1 <dan@example.org>: Relay access denied");
	assert_string_equal(bd_report_record(rep, 14)->diagnostic,
	    "from=<ann@example.com>, status=expired, returned to sender");
	bd_report_free(rep);
	/* postscreen names its client "[ip]:port", with no host name */
	expect(postscreen, want_postscreen, 1);
	assert_int_equal(bd_diagnose(ctx, postscreen, strlen(postscreen), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->diagnostic, "550 5.7.1 Service unavailable; "
	    "client [192.0.2.66] blocked using zen.spamhaus.org");
	bd_report_free(rep);
}

/* qmail-send's log names a delivery's recipient when it starts and its
 * outcome later: the two are joined by the delivery number; an outcome
 * whose start is not in the text, and a success, give none. */
static void
test_qmail_log(void **state)
{
	static const char text[] =
		"@400000006543a1b2c3d4e5f6 new msg 123456\n"
		"@400000006543a1b2c3d4e5f6 starting delivery 12: msg 123456 to remote bob@example.net\n"
		"@400000006543a1b2c3d4e5f7 starting delivery 13: msg 123456 to remote carol@example.org\n"
		"@400000006543a1b2c3d4e5f7 starting delivery 14: msg 123456 to local dave@mx.example.com\n"
		"@400000006543a1b2c3d4e5f8 delivery 13: deferral: Connected_to_192.0.2.8_but_connection_"
		"died._(#4.4.2)/\n"
		"@400000006543a1b2c3d4e5f8 delivery 12: failure: 192.0.2.7_does_not_like_recipient./Remote_"
		"host_said:_552_5.2.2_<bob@example.net>:_Mailbox_full/Giving_up_on_192.0.2.7./\n"
		"@400000006543a1b2c3d4e5fa delivery 14: success: did_0+0+1/\n"
		"@400000006543a1b2c3d4e5fb delivery 99: failure: Sorry,_no_mailbox_here_by_that_name._"
		"(#5.1.1)/\n"
		"@400000006543a1b2c3d4e5fc starting delivery 15: msg 123457 to local"
		" example.org-erin@example.org\n"
		"@400000006543a1b2c3d4e5fd delivery 15: failure: The_users_mailfolder_is_over_the_"
		"allowed_quota_(size)._(#5.2.2)/\n";
	const struct want want[] = {
		{ "carol@example.org", "4.4.2", 0, NULL, "expired" },
		{ "bob@example.net", "5.2.2", 552, NULL, "mailboxfull" },
		/* a virtual domain's local delivery: the domain prefix dropped */
		{ "erin@example.org", "5.2.2", 0, NULL, "mailboxfull" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 3);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 1)->action, "failed");
	assert_string_equal(bd_report_record(rep, 0)->diagnostic,
	    "Connected to 192.0.2.8 but connection died. (#4.4.2)");
	bd_report_free(rep);
}

/* OpenSMTPD's log: a delivery's result and status (its relay's host in
 * parentheses), a local delivery's, a refused command; a success gives
 * none. */
static void
test_opensmtpd_log(void **state)
{
	static const char text[] =
		"Dec  2 12:00:43 relay smtpd[610]: 3a9f1c mta delivery evpid=5d1c01 from=<yu@example.com>"
		" to=<bo@example.net> rcpt=<-> source=\"192.0.2.25\" relay=\"198.51.100.30"
		" (mx1.example.net)\" delay=2s result=\"PermFail\" stat=\"550 5.1.1 <bo@example.net>:"
		" User unknown\"\n"
		"Dec  2 12:00:44 relay smtpd[610]: 3a9f1d mta delivery evpid=5d1c02 from=<yu@example.com>"
		" to=<cy@example.org> rcpt=<-> source=\"192.0.2.25\" relay=\"203.0.113.9"
		" (mail.example.org)\" delay=1s result=\"Ok\" stat=\"250 2.0.0 Ok\"\n"
		"Dec  2 12:00:45 relay smtpd[610]: 3a9f1e mda delivery evpid=5d1c03 from=<yu@example.com>"
		" to=<di@example.com> rcpt=<di@example.com> user=di delay=0s result=\"TempFail\""
		" stat=\"Error (\\\"/usr/local/bin/sorter exited abnormally\\\")\"\n"
		"Dec  2 12:02:11 relay smtpd[610]: 3a9f1f smtp failed-command command=\"RCPT"
		" TO:<ed@example.com>\" result=\"550 Invalid recipient: <ed@example.com>\"\n"
		/* older versions leave the result unquoted */
		"Dec  2 12:03:01 relay smtpd[610]: 3a9f20 delivery evpid=5d1c04 from=<yu@example.com>"
		" to=<fa@example.com> rcpt=<fa@example.com> user=fa delay=0s result=PermFail"
		" stat=\"Error (mailbox over quota)\"\n";
	const struct want want[] = {
		{ "bo@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "di@example.com", NULL, 0, NULL, "mailererror" },
		{ "ed@example.com", NULL, 550, "RCPT", "userunknown" },
		{ "fa@example.com", NULL, 0, NULL, "mailboxfull" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 4);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx1.example.net");
	assert_string_equal(bd_report_record(rep, 1)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 2)->action, "failed");
	bd_report_free(rep);
}

/* qmail-smtpd's refusals as its chkuser patch and rblsmtpd log them; a
 * recipient chkuser accepted gives none. */
static void
test_qmail_smtpd_log(void **state)
{
	static const char text[] =
		"@4000000066a0b1203b7d9c18 rblsmtpd: 198.51.100.211 pid 30121: 451"
		" http://www.spamhaus.org/query/ip/198.51.100.211\n"
		"@4000000066a0b1260a7e3b18 CHKUSER rejected rcpt: from <b@example.com::> remote"
		" <mail.example.com:mail.example.com:203.0.113.58> rcpt <nobody@example.net> : not"
		" existing recipient\n"
		"@4000000066a0b1260a7e4cac CHKUSER accepted rcpt: from <b@example.com::> remote"
		" <mail.example.com:mail.example.com:203.0.113.58> rcpt <ann@example.net> : found"
		" existing recipient\n"
		"@4000000066a0b12e04c7f0e0 CHKUSER rejected relaying: from <x@example.org::> remote"
		" <pc:unknown:192.0.2.222> rcpt <t@example.com> : client not allowed to relay\n"
		"@4000000066a0b1320114a5e8 CHKUSER rejected sender: from <i@nomx.example::> remote"
		" <out:out:198.51.100.97> rcpt <> : invalid sender MX domain\n";
	const struct want want[] = {
		{ NULL, NULL, 451, "CONNECT", "blocked" },
		{ "nobody@example.net", NULL, 0, "RCPT", "userunknown" },
		{ "t@example.com", NULL, 0, "RCPT", "norelaying" },
		{ NULL, NULL, 0, "MAIL", "rejected" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 4);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_null(bd_report_record(rep, 3)->recipient);
	bd_report_free(rep);
}

/* Exim's ACL refusals other than a recipient's: after DATA, of the
 * greeting, of the sender; a delivery failure quoting a remote's
 * "rejected after DATA" is still the delivery's. */
static void
test_exim_acl_refusals(void **state)
{
	static const char text[] =
		"2026-12-01 08:21:44 rejected EHLO from [198.51.100.19]:40011: syntactically invalid"
		" argument(s): mail_server@#1\n"
		"2026-12-01 08:41:37 1rA3CD-000FWz-4R H=out.example.net [198.51.100.144]:43320"
		" F=<x7@example.net> rejected after DATA: Your message scored 17.4 SpamAssassin points"
		" and has been rejected as spam\n"
		"2026-12-01 09:03:48 1rA3XQ-000FfA-0B H=crm.example [192.0.2.77]:44210"
		" F=<crm@crm.example> temporarily rejected after DATA: syntax error in 'From:' header"
		" when scanning for sender\n"
		"2026-12-01 09:10:02 H=(pc) [192.0.2.78]:44211 F=<x@example.org> rejected MAIL"
		" <x@example.org>: Sender verify failed\n"
		"2026-12-01 09:12:00 1rA3Xc-000FfH-0S ** kim@example.net R=dnslookup T=remote_smtp"
		" H=mx.example.net [192.0.2.9]: SMTP error from remote mail server after end of data:"
		" 550 5.7.1 Message rejected after DATA: virus found\n";
	const struct want want[] = {
		{ NULL, NULL, 0, "EHLO", "syntaxerror" },
		{ NULL, NULL, 0, "DATA", "spamdetected" },
		{ NULL, NULL, 0, "DATA", "notcompliantrfc" },
		{ NULL, NULL, 0, "MAIL", "rejected" },
		{ "kim@example.net", "5.7.1", 550, "DATA", "virusdetected" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 5);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_null(bd_report_record(rep, 0)->recipient);
	assert_string_equal(bd_report_record(rep, 2)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 4)->remote_mta, "mx.example.net");
	bd_report_free(rep);
}

/* Haraka's log: a plugin's DENY at each stage (the recipient's named on
 * the rcpt hook), the answer to a recipient, an outbound bounce and
 * deferral; a plugin's CONT and a delivery give none. */
static void
test_haraka_log(void **state)
{
	static const char text[] =
		"2026-07-02T11:04:20.013Z [INFO] [0C4E] [core] hook=connect plugin=dnsbl"
		" function=connect_first params=\"\" retval=DENY msg=\"host [198.51.100.150] is"
		" blacklisted by zen.spamhaus.org\"\n"
		"2026-07-02T11:05:01.100Z [INFO] [9A0F] [core] hook=helo plugin=helo.checks"
		" function=init params=mail.example.com retval=CONT msg=\"\"\n"
		"2026-07-02T11:05:02.702Z [INFO] [9A0F] [core] hook=rcpt plugin=rcpt_to.in_host_list"
		" function=hook_rcpt params=<ceo@example.com> retval=DENY msg=\"I cannot deliver mail"
		" for <ceo@example.com>\"\n"
		"2026-07-02T11:05:40.703Z [INFO] [7A6B.1] [core] recipient <sales@example.org>"
		" code=DENYSOFT msg=\"rate limit exceeded\" sender=<d@example.com>\n"
		"2026-07-02T11:06:41.552Z [INFO] [D5E1.1] [core] hook=data_post plugin=spamassassin"
		" function=hook_data_post params=\"\" retval=DENY msg=\"spam score exceeded threshold\"\n"
		"2026-07-02T11:08:31.440Z [NOTICE] [-] [outbound] delivered file=17_1 domain=example.net"
		" host=mx.example.net response=\"2.0.0 Ok: queued as 4WD2mF\" rcpts=1/0/0\n"
		"2026-07-02T11:09:40.771Z [NOTICE] [-] [outbound] recipient <nina@example.net> bounced:"
		" 550 5.1.1 <nina@example.net>: Recipient address rejected: User unknown\n"
		"2026-07-02T11:10:02.118Z [INFO] [-] [outbound] Temp failing 17_2 for 64 seconds:"
		" Upstream error: 421 4.7.0 Too many connections from your IP\n";
	const struct want want[] = {
		{ NULL, NULL, 0, "CONNECT", "blocked" },
		{ "ceo@example.com", NULL, 0, "RCPT", "norelaying" },
		{ "sales@example.org", NULL, 0, "RCPT", "speeding" },
		{ NULL, NULL, 0, "DATA", "spamdetected" },
		{ "nina@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ NULL, "4.7.0", 421, NULL, "toomanyconn" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 6);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 2)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 4)->action, "failed");
	assert_string_equal(bd_report_record(rep, 5)->action, "delayed");
	bd_report_free(rep);
}

/* Stalwart's log: events refusing a client or failing a delivery give
 * their code, details or reason, recipients (one or a list) and host;
 * events of sessions and deliveries that went well give none. */
static void
test_stalwart_log(void **state)
{
	static const char text[] =
		"2026-11-03T14:22:10Z INFO SMTP connection started (smtp.connection-start)"
		" listenerId = \"smtp\", localPort = 25, remoteIp = 192.0.2.61, remotePort = 55331\n"
		"2026-11-03T14:22:30Z INFO Relay not allowed (smtp.relay-not-allowed) listenerId ="
		" \"smtp\", remoteIp = 203.0.113.45, from = \"s@example.org\", to ="
		" \"victim@example.com\", code = 550, details = \"5.7.1 Relay not allowed.\"\n"
		"2026-11-03T14:25:42Z INFO Delivery completed (delivery.completed) queueId = 214532,"
		" hostname = \"mx.example.net\", to = \"v@example.net\", code = 250, details ="
		" \"2.0.0 Ok\"\n"
		"2026-11-03T14:25:43Z INFO Recipient rejected (delivery.rcpt-rejected) queueId ="
		" 214532, hostname = \"mx.example.org\", to = \"t@example.org\", code = 452, details ="
		" \"4.2.2 Mailbox full, try again later\"\n"
		"2026-11-03T14:30:00Z INFO Message rejected by spam filter (smtp.spam-rejected)"
		" remoteIp = 198.51.100.250, to = [\"a@example.com\", \"b@example.com\"], code = 550,"
		" details = \"5.7.1 Your message has been rejected as spam.\"\n"
		"2026-11-08T14:25:45Z INFO DSN permanent failure notification"
		" (delivery.dsn-perm-fail) queueId = 214501, to = \"cfo@example.net\", reason ="
		" \"Message expired: retry period exceeded, last error: Connection refused\"\n";
	const struct want want[] = {
		{ "victim@example.com", "5.7.1", 550, "RCPT", "norelaying" },
		{ "t@example.org", "4.2.2", 452, "RCPT", "mailboxfull" },
		{ "a@example.com", "5.7.1", 550, "DATA", "spamdetected" },
		{ "b@example.com", "5.7.1", 550, "DATA", "spamdetected" },
		{ "cfo@example.net", NULL, 0, NULL, "expired" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 5);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 1)->remote_mta, "mx.example.org");
	assert_string_equal(bd_report_record(rep, 1)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 4)->action, "failed");
	bd_report_free(rep);
}

/* amavisd's verdicts and Zimbra's mailbox.log refusing local deliveries;
 * a message amavisd passed gives none. */
static void
test_amavis_zimbra_log(void **state)
{
	static const char text[] =
		"Mar 12 09:11:00 zm amavis[23880]: (23880-10) Passed CLEAN {RelayedInbound},"
		" [192.0.2.9]:41230 [192.0.2.9] <a@example.org> -> <b@example.com>, Hits: -1.2\n"
		"Mar 12 09:14:37 zm amavis[23882]: (23882-04) Blocked INFECTED (Win.Trojan.Emotet-1)"
		" {DiscardedInbound,Quarantined}, [203.0.113.201]:50122 [203.0.113.201]"
		" <ap@example.net> -> <ap@example.com>,<ar@example.com>, quarantine: U/virus-Lm3Q\n"
		"Mar 12 09:15:10 zm amavis[23881]: (23881-12) Blocked BANNED (multipart/mixed |"
		" application/octet-stream,.exe) {DiscardedInbound,Quarantined}, [192.0.2.140]:39011"
		" [192.0.2.140] <bill@example.de> -> <finance@example.com>, quarantine: 4/banned-P0\n"
		"2026-03-12 09:16:21,140 INFO  [LmtpServer-5012] [name=returns@example.com;mid=61;]"
		" lmtp - try again for message returns@example.com: quota exceeded (mailbox is over"
		" quota)\n"
		"2026-03-12 09:41:59,004 WARN  [LmtpServer-5020] [name=old@example.com;mid=77;] lmtp -"
		" rejecting message old@example.com: account is not active (closed)\n";
	const struct want want[] = {
		{ "ap@example.com", NULL, 0, "DATA", "virusdetected" },
		{ "ar@example.com", NULL, 0, "DATA", "virusdetected" },
		{ "finance@example.com", NULL, 0, "DATA", "policyviolation" },
		{ "returns@example.com", NULL, 0, "RCPT", "mailboxfull" },
		{ "old@example.com", NULL, 0, "RCPT", "suspend" },
	};

	(void)state;
	expect(text, want, 5);
}

/* Dovecot's LMTP and LDA (a failed save is retried, "rejected" is final,
 * a Sieve reject is the recipient's own filter), Courier's refusals and
 * deliveries, spamdyke's filters, Haraka's outbound refusals and Kerio
 * Connect's failures and refusals; a saved or delivered message and a
 * connection give none. */
static void
test_dovecot_courier_log(void **state)
{
	static const char text[] =
		"Mar 22 08:01:12 imap1 dovecot: lmtp(ann@example.org)<4021><pTUV>: msgid=<9f1e@x>:"
		" saved mail to INBOX\n"
		"Mar 22 08:01:12 imap1 dovecot: lmtp(ito@example.org)<4021><pTUV>: msgid=<9f1e@x>:"
		" save failed to INBOX: Quota exceeded (mailbox for user is full)\n"
		"Mar 22 08:12:55 imap1 dovecot: lmtp(rs@example.org)<4055><mB3c>: sieve:"
		" msgid=<p@shop.example>: rejected message from <p@shop.example> (reject)\n"
		"Mar 22 08:20:33 imap1 dovecot: lda(dp@example.org)<4071><>: msgid=<aa77@n>:"
		" rejected: Quota exceeded (mailbox for user is full)\n"
		"Jun  4 13:40:02 mail courieresmtpd: started,ip=[::ffff:198.51.100.23],port=[51122]\n"
		"Jun  4 13:40:03 mail courieresmtpd: error,relay=::ffff:198.51.100.23,port=51122,"
		"from=<o@blast.example>,to=<nouser@example.com>: 550 User unknown.\n"
		"Jun  4 13:41:19 mail courieresmtpd: error,relay=::ffff:203.0.113.61,port=44310,"
		"msg=\"554 Mail rejected - 203.0.113.61 is listed at zen.spamhaus.org\","
		"cmd: RCPT TO:<sales@example.com>\n"
		"Jun  4 13:44:58 mail courieresmtp: id=0001A2B3.665F1C2D.00004D21,from=<a@example.com>,"
		"addr=<jp@example.net>,size=3120,success: 250 2.0.0 Ok: queued as 4VtB1x3Qm0z1qR\n"
		"Jun  4 13:52:31 mail courierlocal: id=0001A2C0.665F1DEF.00004D80,from=<a@example.com>,"
		"addr=<kim@example.com>: Mail quota exceeded.\n"
		"2026-03-20 08:22:17.003310500 spamdyke[22470]: DENIED_RBL_MATCH from: i@b.example"
		" to: acc@example.org origin_ip: 203.0.113.166 origin_rdns: (unknown) auth: (unknown)"
		" encryption: (none) reason: zen.spamhaus.org\n"
		"2026-03-20 08:22:45.914562500 spamdyke[22478]: DENIED_RDNS_MISSING from: h@s.example"
		" to: info@example.org origin_ip: 198.51.100.245 origin_rdns: (unknown) auth: (unknown)"
		" encryption: TLS reason: (empty)\n"
		"[INFO] [E91F] [outbound] recipient <d.ong@example.org> rejected by mx1.example.org"
		" (198.51.100.61): 550 5.1.1 <d.ong@example.org>: Recipient address rejected: User"
		" unknown in virtual alias table\n"
		"[21/Mar/2026 10:16:41] Sent: Queue-ID: 65fbfc88-00000a12, Recipient: <uf@example.it>,"
		" Result: failed, Status: 5.1.1 , Remote-Host: 203.0.113.60, Msg-Id: <6@k.example>\n"
		"[21/Mar/2026 10:15:04] Sent: Queue-ID: 65fbfc27-00000a10, Recipient: <dr@example.it>,"
		" Result: delivered, Status: 2.0.0 , Remote-Host: 203.0.113.60, Msg-Id: <7@k.example>\n"
		"[21/Mar/2026 10:44:51] SMTP Spam attack from 203.0.113.209 detected: IP address is"
		" blacklisted (zen.spamhaus.org), To: <info@k.example>, From: <bulk@cheap.example>\n"
		"[26/Mar/2026 15:24:57] Sent: Queue-ID: 6602db27-00005118, Recipient: <wo@example.at>,"
		" Result: failed, Status: 5.7.1 Remote server 203.0.113.61 (mx.example.at) replied: 554 5.7.1"
		" Service unavailable; Client host [192.0.2.200] blocked using bl.spamcop.net, Remote-Host:"
		" 203.0.113.61, Msg-Id: <f0@k.example>\n";

	const struct want want[] = {
		{ "ito@example.org", NULL, 0, NULL, "mailboxfull" },
		{ "rs@example.org", NULL, 0, NULL, "filtered" },
		{ "dp@example.org", NULL, 0, NULL, "mailboxfull" },
		{ "nouser@example.com", NULL, 550, "RCPT", "userunknown" },
		{ "sales@example.com", NULL, 554, "RCPT", "blocked" },
		{ "kim@example.com", NULL, 0, NULL, "mailboxfull" },
		{ "acc@example.org", NULL, 0, "RCPT", "blocked" },
		{ "info@example.org", NULL, 0, "RCPT", "requireptr" },
		{ "d.ong@example.org", "5.1.1", 550, NULL, "userunknown" },
		{ "uf@example.it", "5.1.1", 0, NULL, "userunknown" },
		{ "info@k.example", NULL, 0, NULL, "blocked" },
		{ "wo@example.at", "5.7.1", 554, NULL, "blocked" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 12);
	expect_remote(text, 9, "203.0.113.60");
	expect_remote(text, 8, "mx1.example.org");
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 2)->action, "failed");
	assert_string_equal(bd_report_record(rep, 4)->diagnostic,
	    "554 Mail rejected - 203.0.113.61 is listed at zen.spamhaus.org");
	assert_string_equal(bd_report_record(rep, 5)->action, "delayed");
	bd_report_free(rep);
}

/* SMTP session logs: a refusal on a later line than the command it
 * answers, other sessions' lines between, replies in the order of the
 * commands (pipelining), a multi-line reply read whole; a refused message
 * fails every recipient its transaction had, a refused sender names no
 * one; accepted recipients, EHLO's reply and the greeting give nothing. */
static void
test_session_logs(void **state)
{
	static const char hmail[] =
		"\"SMTPC\"\t3876\t6\t\"2026-12-05 10:00:01.100\"\t\"192.0.2.7\"\t\"SENT: RCPT TO:<ann@example.com>\"\n"
		"\"SMTPD\"\t3880\t7\t\"2026-12-05 10:00:01.150\"\t\"198.51.100.9\"\t\"RECEIVED: RCPT TO:<bo@example.org>\"\n"
		"\"SMTPC\"\t3876\t6\t\"2026-12-05 10:00:01.200\"\t\"192.0.2.7\"\t\"RECEIVED: 550-5.1.1 The email account"
		" that you tried to reach does not exist.[nl]550 5.1.1 Please try double-checking.\"\n"
		"\"SMTPD\"\t3880\t7\t\"2026-12-05 10:00:01.250\"\t\"198.51.100.9\"\t\"SENT: 250 OK\"\n";
	static const char mdaemon[] =
		"Wed 2026-03-13 15:30:02.101: 03: Session 311820; child 0004\n"
		"Wed 2026-03-13 15:30:02.152: 03: --> 220 mail.example.org ESMTP MDaemon\n"
		"Wed 2026-03-13 15:30:02.201: 03: <-- EHLO mx02.example.net\n"
		"Wed 2026-03-13 15:30:02.202: 03: --> 250-mail.example.org Hello\n"
		"Wed 2026-03-13 15:30:02.202: 03: --> 250 SIZE 52428800\n"
		"Wed 2026-03-13 15:30:02.260: 03: <-- MAIL FROM:<v@example.net>\n"
		"Wed 2026-03-13 15:30:02.262: 03: --> 250 2.1.0 Sender OK\n"
		"Wed 2026-03-13 15:30:02.311: 03: <-- RCPT TO:<rk@example.org>\n"
		"Wed 2026-03-13 15:30:02.313: 03: --> 250 2.1.5 Recipient OK\n"
		"Wed 2026-03-13 15:30:02.360: 03: <-- RCPT TO:<lohn@example.org>\n"
		"Wed 2026-03-13 15:30:02.412: 03: --> 552 5.2.2 <lohn@example.org>... Mailbox full\n"
		"Wed 2026-03-13 15:30:02.460: 03: <-- DATA\n"
		"Wed 2026-03-13 15:30:02.461: 03: --> 354 Enter mail\n"
		"Wed 2026-03-13 15:30:02.790: 03: --> 554 5.7.1 Message rejected: virus found\n";
	static const char exchange[] =
		"2026-12-05T10:00:01.300Z,Out,08DC1A,2,10.0.0.5:5012,192.0.2.7:25,>,MAIL FROM:<a@example.org>,\n"
		"2026-12-05T10:00:01.310Z,Out,08DC1A,3,10.0.0.5:5012,192.0.2.7:25,>,RCPT TO:<bob@example.com>,\n"
		"2026-12-05T10:00:01.320Z,Out,08DC1A,4,10.0.0.5:5012,192.0.2.7:25,>,RCPT TO:<cy@example.com>,\n"
		"2026-12-05T10:00:01.400Z,Out,08DC1A,5,10.0.0.5:5012,192.0.2.7:25,<,250 2.1.0 Sender OK,\n"
		"2026-12-05T10:00:01.410Z,Out,08DC1A,6,10.0.0.5:5012,192.0.2.7:25,<,\"550 5.1.1 User unknown, sorry\",\n"
		"2026-12-05T10:00:01.420Z,Out,08DC1A,7,10.0.0.5:5012,192.0.2.7:25,<,250 2.1.5 OK,\n"
		"2026-12-05T10:00:01.430Z,Out,08DC1A,8,10.0.0.5:5012,192.0.2.7:25,>,MAIL FROM:<a@example.org>,\n"
		"2026-12-05T10:00:01.440Z,Out,08DC1A,9,10.0.0.5:5012,192.0.2.7:25,<,553 5.1.8 Sender domain does not exist,\n";
	static const char others[] =
		"13:22:40.230 [192.0.2.214][40917733] command: EHLO out.example.net\n"
		"13:22:40.263 [192.0.2.214][40917733] \"250-mail.example.com Hello\" response returned.\n"
		"13:22:40.510 [192.0.2.214][40917733] command: RCPT TO:<pn@example.com>\n"
		"13:22:40.623 [192.0.2.214][40917733] \"550 <pn@example.com> No such user here\" response returned.\n"
		"SYSTEM [0F2C] 10:32:10 Client session >>> RCPT TO:<mq@example.es>\n"
		"SYSTEM [0F2C] 10:32:11 Client session <<< 450 4.7.25 Client host rejected: cannot find your hostname\n"
		"2026-03-18 10:16:40 +0200 08 mx1 SMTP-OUT:00004A1F: >> RCPT TO:<ct@example.ro>\n"
		"2026-03-18 10:16:40 +0200 08 mx1 SMTP-OUT:00004A1F: << 554 5.7.1 <ct@example.ro>: Relay access denied\n"
		"[20/Mar/2026 12:02:16][3344] {smtps} Command RCPT TO:<pn@example.se>\n"
		"[20/Mar/2026 12:02:16][3344] {smtps} Sent reply to RCPT: 552 5.2.2 Mailbox quota exceeded\n"
		"2026-03-25 08:03:40 192.0.2.19 OutboundConnectionCommand SMTPSVC1 WEB01 - 25 RCPT - TO:<ts@example.de> 0 0 4 0 93 SMTP - - - -\n"
		"2026-03-25 08:03:40 192.0.2.19 OutboundConnectionResponse SMTPSVC1 WEB01 - 25 - - 550+5.1.1+User+unknown 0 0 104 0 109 SMTP - - - -\n"
		"52210   SMTP|> RCPT TO:<hg@example.at>\n"
		"52210   SMTP<< 550-5.2.1 Mailbox disabled\n"
		"52210          550 5.2.1 for this recipient\n";
	/* swaks's transcript, Mercury/32's session log */
	static const char swaks[] =
		"=== Trying mx.example.com:25...\n"
		" -> MAIL FROM:<shop@vine.example>\n"
		"<-  250 2.1.0 Ok\n"
		" -> RCPT TO:<lm@example.com>\n"
		"<** 550 5.1.1 <lm@example.com>: Recipient address rejected: User unknown\n"
		" -> QUIT\n";
	static const char mercury[] =
		"11:04:40.192: << RCPT TO:<jw@example.de><cr><lf>\n"
		"11:04:40.301: >> 552 5.2.2 <jw@example.de>: Mailbox full<cr><lf>\n";
	/* a BDAT chunk accepted ends nothing: the last one's refusal is the
	 * message's, for the recipients the transaction had */
	static const char bdat[] =
		"2026-12-05T10:00:01.300Z,Out,08DC1B,2,10.0.0.5:5012,192.0.2.7:25,>,RCPT TO:<bw@example.com>,\n"
		"2026-12-05T10:00:01.310Z,Out,08DC1B,3,10.0.0.5:5012,192.0.2.7:25,<,250 2.1.5 OK,\n"
		"2026-12-05T10:00:01.320Z,Out,08DC1B,4,10.0.0.5:5012,192.0.2.7:25,>,BDAT 1000,\n"
		"2026-12-05T10:00:01.330Z,Out,08DC1B,5,10.0.0.5:5012,192.0.2.7:25,<,250 2.0.0 chunk ok,\n"
		"2026-12-05T10:00:01.340Z,Out,08DC1B,6,10.0.0.5:5012,192.0.2.7:25,>,BDAT 200 LAST,\n"
		"2026-12-05T10:00:01.350Z,Out,08DC1B,7,10.0.0.5:5012,192.0.2.7:25,<,550 5.7.1 Message rejected as spam,\n";
	/* MailEnable's activity log gives a command and its reply on one line
	 * (tab-separated, or space-separated with '+' for a space); its debug
	 * log and CommuniGate Pro's give each on a line of its own */
	static const char mailenable[] =
		"#Software: MailEnable\n"
		"03/11/26 08:14:02\tSMTP-OU\t6F2A1C0E.MAI\t2148\t203.0.113.25\tRCPT\tRCPT TO:<lm@example.net>\t"
		"550 5.1.1 <lm@example.net>: Recipient address rejected: User unknown\t31\t98\n"
		"03/12/26 10:02:12 SMTP-IN 2E91F7A0.MAI 4412 Connected 203.0.113.77 RCPT RCPT+TO:<ok@example.org> "
		"250+Requested+mail+action+okay,+completed 37 39\n"
		"03/12/26 10:02:12 SMTP-IN 2E91F7A0.MAI 4412 Connected 203.0.113.77 DATA DATA "
		"354+Start+mail+input 6 46\n"
		"03/12/26 10:02:13 SMTP-IN 2E91F7A0.MAI 4412 Connected 203.0.113.77 . . "
		"554+5.6.0+Message+rejected:+virus+found+in+attachment 5331 39\n"
		"04/08/26 16:20:41\tSMTP-OU\tD2C7A9E0.MAI\t1844\t198.51.100.161\tRCPT\tRCPT TO:<fo@example.com>\t"
		"250 2.1.5 Ok\t49\t14\n"
		"04/08/26 16:20:41\tSMTP-OU\tD2C7A9E0.MAI\t1844\t198.51.100.161\tDATA\tDATA\t354 End data\t6\t37\n"
		"04/08/26 16:20:43\tSMTP-OU\tD2C7A9E0.MAI\t1844\t198.51.100.161\tDATA\t\t554 5.7.0 Reject, "
		"id=04117-12 - spam\t64102\t38\n"
		"03/13/26 14:21:06 SMTP-OU 3308 [E4A1] >>> RCPT TO:<kw@example.com>\n"
		"03/13/26 14:21:06 SMTP-OU 3308 [E4A1] <<< 452-4.2.2 The recipient's inbox is out of\n"
		"03/13/26 14:21:06 SMTP-OU 3308 [E4A1] <<< 452 4.2.2 storage space.\n";
	/* a sender refused after pipelined RCPTs fails their recipients; the
	 * "503 need MAIL" each then gets is said already */
	static const char pipelined_mail[] =
		"09:14:03.431 4 SMTP-003246(example.com) out: MAIL FROM:<nf@lab.example> SIZE=7734\n"
		"09:14:03.431 4 SMTP-003246(example.com) out: RCPT TO:<sa@example.com>\n"
		"09:14:03.431 4 SMTP-003246(example.com) out: RCPT TO:<tb@example.com>\n"
		"09:14:03.486 4 SMTP-003246(example.com) inp: 451 4.7.650 The mail server [192.0.2.61] has "
		"been temporarily rate limited due to IP reputation.\n"
		"09:14:03.487 4 SMTP-003246(example.com) inp: 503 5.5.1 Error: need MAIL command\n"
		"09:14:03.488 4 SMTP-003246(example.com) inp: 503 5.5.1 Error: need MAIL command\n";
	const struct want want_pipelined_mail[] = {
		{ "sa@example.com", "4.7.650", 451, "MAIL", "badreputation" },
		{ "tb@example.com", "4.7.650", 451, "MAIL", "badreputation" },
	};
	static const char communigate[] =
		"10:41:02.371 4 SMTPI-018842([203.0.113.58]) inp: RCPT TO:<md@example.org>\n"
		"16:02:31.601 4 SMTP-000731(mx.example.coop) out: RCPT TO:<tr@example.coop>\n"
		"10:41:02.455 4 SMTPI-018842([203.0.113.58]) out: 550 5.1.1 md@example.org unknown user account\n"
		"16:02:31.683 4 SMTP-000731(mx.example.coop) rsp: 452 4.2.2 <tr@example.coop>: Mailbox is full\n";
	/* sendmail -v: ">>> " commands, bare replies; a refused sender fails
	 * the recipients its attempt was announced for; a recipient that no
	 * attempt was for fails with its status line */
	static const char sendmail_v[] =
		"$ sendmail -v ops@example.org ka@example.org lu@gone.example < msg\n"
		"lu@gone.example... Host unknown (Name server: gone.example: host not found)\n"
		"ops@example.org, ka@example.org... Connecting to mx.example.org. via esmtp...\n"
		"220 mx.example.org ESMTP\n"
		">>> EHLO app.example.com\n"
		"250-mx.example.org\n"
		"250 PIPELINING\n"
		">>> MAIL From:<root@app.example.com>\n"
		">>> RCPT To:<ops@example.org>\n"
		">>> RCPT To:<ka@example.org>\n"
		">>> DATA\n"
		"250 2.1.0 Sender ok\n"
		"250 2.1.5 <ops@example.org>... Recipient ok\n"
		"452 4.2.2 <ka@example.org>... Mailbox full\n"
		"354 Enter mail\n"
		">>> .\n"
		"552 5.3.4 Message size exceeds fixed maximum message size\n"
		"ops@example.org... Service unavailable\n"
		"ka@example.org... Deferred: 452 4.2.2 <ka@example.org>... Mailbox full\n"
		"nu@example.net... Connecting to mx.example.net. via esmtp...\n"
		"220 mx.example.net ESMTP\n"
		">>> EHLO app.example.com\n"
		"250 mx.example.net\n"
		">>> MAIL From:<root@app.example.com>\n"
		"530 5.7.0 Must issue a STARTTLS command first\n";
	const struct want want_sendmail_v[] = {
		{ "ka@example.org", "4.2.2", 452, "RCPT", "mailboxfull" },
		{ "ops@example.org", "5.3.4", 552, "DATA", "mesgtoobig" },
		{ "nu@example.net", "5.7.0", 530, "MAIL", "securityerror" },
		{ "lu@gone.example", NULL, 0, NULL, "hostunknown" },
	};
	/* a bounce's transcript marks its replies "<<< ": the bare lines after
	 * them are Sendmail's own, read as before */
	static const char dsn_transcript[] =
		"   ----- Transcript of session follows -----\n"
		"... while talking to mx.example.com.:\n"
		">>> DATA\n"
		"<<< 550 5.1.1 <ov@example.com>... User unknown\n"
		"550 5.1.1 <ov@example.com>... User unknown\n";
	const struct want want_dsn_transcript[] = { { "ov@example.com", "5.1.1", 550, NULL, "userunknown" } };
	const struct want want_mailenable[] = {
		{ "lm@example.net", "5.1.1", 550, "RCPT", "userunknown" },
		{ "ok@example.org", "5.6.0", 554, "DATA", "virusdetected" },
		{ "fo@example.com", "5.7.0", 554, "DATA", "spamdetected" },
		{ "kw@example.com", "4.2.2", 452, "RCPT", "mailboxfull" },
	};
	const struct want want_communigate[] = {
		{ "md@example.org", "5.1.1", 550, "RCPT", "userunknown" },
		{ "tr@example.coop", "4.2.2", 452, "RCPT", "mailboxfull" },
	};
	const struct want want_bdat[] = { { "bw@example.com", "5.7.1", 550, "DATA", "spamdetected" } };
	const struct want want_swaks[] = { { "lm@example.com", "5.1.1", 550, "RCPT", "userunknown" } };
	const struct want want_mercury[] = { { "jw@example.de", "5.2.2", 552, "RCPT", "mailboxfull" } };
	const struct want want_hmail[] = { { "ann@example.com", "5.1.1", 550, "RCPT", "userunknown" } };
	const struct want want_mdaemon[] = {
		{ "lohn@example.org", "5.2.2", 552, "RCPT", "mailboxfull" },
		{ "rk@example.org", "5.7.1", 554, "DATA", "virusdetected" },
	};
	const struct want want_exchange[] = {
		{ "bob@example.com", "5.1.1", 550, "RCPT", "userunknown" },
		{ NULL, "5.1.8", 553, "MAIL", "rejected" },
	};
	const struct want want_others[] = {
		{ "pn@example.com", NULL, 550, "RCPT", "userunknown" },
		{ "mq@example.es", "4.7.25", 450, "RCPT", "requireptr" },
		{ "ct@example.ro", "5.7.1", 554, "RCPT", "norelaying" },
		{ "pn@example.se", "5.2.2", 552, "RCPT", "mailboxfull" },
		{ "ts@example.de", "5.1.1", 550, "RCPT", "userunknown" },
		{ "hg@example.at", "5.2.1", 550, "RCPT", "suspend" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(hmail, want_hmail, 1);
	expect(mdaemon, want_mdaemon, 2);
	expect(exchange, want_exchange, 2);
	expect(others, want_others, 6);
	expect(swaks, want_swaks, 1);
	expect(mercury, want_mercury, 1);
	expect(bdat, want_bdat, 1);
	expect(mailenable, want_mailenable, 4);
	expect(pipelined_mail, want_pipelined_mail, 2);
	expect(communigate, want_communigate, 2);
	expect(sendmail_v, want_sendmail_v, 4);
	expect(dsn_transcript, want_dsn_transcript, 1);
	assert_int_equal(bd_diagnose(ctx, hmail, strlen(hmail), &rep), BD_OK);
	assert_non_null(strstr(bd_report_record(rep, 0)->diagnostic, "does not exist. Please try double"));
	assert_string_equal(bd_report_record(rep, 0)->action, "failed");
	bd_report_free(rep);
	assert_int_equal(bd_diagnose(ctx, exchange, strlen(exchange), &rep), BD_OK);
	assert_null(bd_report_record(rep, 1)->recipient);
	bd_report_free(rep);
	assert_int_equal(bd_diagnose(ctx, others, strlen(others), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 1)->action, "delayed");
	bd_report_free(rep);
}

/* Programs' errors pasted or mailed: PHPMailer and Jenkins name the first
 * failed recipient after their message, wherever the log line starts;
 * a log's "To='a@b'" value is the address; Python's bytes literal keeps a
 * reply's line ends as "\n" and the status each line repeats; Nodemailer's
 * "Recipient command failed" is SMTP, not a delivery program; cron's mail
 * of a job whose mail library failed is a bounce. */
static void
test_program_errors(void **state)
{
	static const char phpmailer[] =
		"[09-Jan-2026 11:48:02 UTC] PHP Fatal error:  Uncaught PHPMailer\\PHPMailer\\Exception:"
		" SMTP Error: The following recipients failed: al@example.net: <al@example.net>: Relay access denied\n"
		"hr@example.org: <hr@example.org>: Relay access denied\n"
		" in /var/www/vendor/phpmailer/phpmailer/src/PHPMailer.php:2110\n";
	static const char jenkins[] =
		"Sending email to: dev@example.com qa@partner.example.net\n"
		"Error sending to the following INVALID addresses: qa@partner.example.net\n"
		"SendFailedException message: 550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain\n";
	static const char jira[] =
		"2026-01-15 10:41:07,228+0100 ERROR [] Sending mailitem To='jn@nordlog.example' Subject='[JIRA]'\n"
		"com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.2 <jn@nordlog.example>: Recipient"
		" address rejected: Domain not found\n";
	static const char python[] =
		"smtplib.SMTPDataError: (421, b'4.7.0 [203.0.113.12      15] This message is suspicious due"
		" to the very low\\n4.7.0 reputation of the sending IP address. To best protect our users"
		" from\\n4.7.0 spam, the message has been blocked.')\n";
	static const char nodemailer[] =
		"Error: Can't send mail - all recipients were rejected: 550 5.1.1 <nt@example.org>:"
		" Recipient address rejected: User unknown in local recipient table\n"
		"  rejectedErrors: [\n"
		"    Error: Recipient command failed: 550 5.1.1 <nt@example.org>: Recipient address rejected\n";
	static const char cron[] =
		"From: root@files.example.org (Cron Daemon)\n"
		"To: root@files.example.org\n"
		"Subject: Cron <root@files> /usr/local/bin/report.py\n"
		"X-Cron-Env: <SHELL=/bin/sh>\n"
		"\n"
		"Traceback (most recent call last):\n"
		"    raise SMTPRecipientsRefused(senderrs)\n"
		"smtplib.SMTPRecipientsRefused: {'st@example.org': (452, b'4.2.2 <st@example.org>:"
		" Recipient address rejected: Quota exceeded')}\n";
	const struct want want_phpmailer[] = {
		{ "al@example.net", NULL, 0, NULL, "norelaying" },
		{ "hr@example.org", NULL, 0, NULL, "norelaying" },
	};
	const struct want want_jenkins[] = { { "qa@partner.example.net", "5.7.54", 550, NULL, "norelaying" } };
	const struct want want_jira[] = { { "jn@nordlog.example", "5.1.2", 550, NULL, "hostunknown" } };
	const struct want want_python[] = { { NULL, "4.7.0", 421, NULL, "badreputation" } };
	const struct want want_nodemailer[] = { { "nt@example.org", "5.1.1", 550, NULL, "userunknown" } };
	const struct want want_cron[] = { { "st@example.org", "4.2.2", 452, NULL, "mailboxfull" } };
	bd_report *rep = NULL;

	(void)state;
	expect(phpmailer, want_phpmailer, 2);
	expect(jenkins, want_jenkins, 1);
	expect(jira, want_jira, 1);
	expect(python, want_python, 1);
	expect(nodemailer, want_nodemailer, 1);
	expect(cron, want_cron, 1);
	assert_int_equal(bd_diagnose(ctx, python, strlen(python), &rep), BD_OK);
	assert_non_null(strstr(bd_report_record(rep, 0)->diagnostic, "very low reputation of the sending"));
	bd_report_free(rep);
}

/* A stack trace around a server's reply: its frames are the program's
 * words (MailKit's "MailboxAddress sender" is no sender refusal); .NET
 * puts a status before each failed address ("The server response was:
 * 5.1.1 <a@b>: ..."), a Go program's log "send to a@b failed: 454 ...";
 * each address gets its own reply. */
static void
test_stack_traces(void **state)
{
	static const char mailkit[] =
		"fail: Shop.MailService[0]\n"
		"      Sending order 51 to pa@example.com failed\n"
		"      MailKit.Net.Smtp.SmtpCommandException: The email account that you tried to reach is"
		" disabled.\n"
		"         at MailKit.Net.Smtp.SmtpClient.SendAsync(FormatOptions options, MimeMessage message,"
		" MailboxAddress sender, IList`1 recipients)\n"
		"      StatusCode: MailboxUnavailable (550)\n";
	static const char dotnet[] =
		"[ERR] failed recipient <ph@example.com> StatusCode=MailboxUnavailable: Mailbox unavailable."
		" The server response was: 5.1.1 <ph@example.com>: Recipient address rejected: User unknown\n"
		"   at System.Net.Mail.SmtpTransport.SendMail(MailAddress sender, MailAddressCollection"
		" recipients, String deliveryNotify)\n"
		"[ERR] failed recipient <to@example.com> StatusCode=ExceededStorageAllocation: Exceeded storage"
		" allocation. The server response was: 5.2.2 <to@example.com>: Recipient address rejected:"
		" Mailbox is full\n";
	static const char golog[] =
		"2026/05/06 18:02:44 mailer: send to cd@example.com failed: 452 4.2.2 Mailbox full\n"
		"2026/05/06 18:02:44 mailer: send to em@example.net failed: 550 5.1.1 No such user\n";
	static const char python[] =
		"Traceback (most recent call last):\n"
		"  File \"/srv/app/notify.py\", line 42, in send\n"
		"    refused = server.sendmail(sender, [rcpt], body)\n"
		"smtplib.SMTPRecipientsRefused: {'jo@example.org': (550, b'5.2.1 Account disabled')}\n";
	const struct want want_mailkit[] = { { "pa@example.com", NULL, 0, NULL, "suspend" } };
	const struct want want_dotnet[] = {
		{ "ph@example.com", "5.1.1", 0, NULL, "userunknown" },
		{ "to@example.com", "5.2.2", 0, NULL, "mailboxfull" },
	};
	const struct want want_golog[] = {
		{ "cd@example.com", "4.2.2", 452, NULL, "mailboxfull" },
		{ "em@example.net", "5.1.1", 550, NULL, "userunknown" },
	};
	const struct want want_python[] = { { "jo@example.org", "5.2.1", 550, NULL, "suspend" } };

	(void)state;
	expect(mailkit, want_mailkit, 1);
	expect(dotnet, want_dotnet, 2);
	expect(golog, want_golog, 2);
	expect(python, want_python, 1);
}

/* Outlook forwards without a marker line above the forward's header
 * block, in the user's language; pasted with the person's words above it
 * the forwarded bounce is read the same; Gmail's "Your message to a@b has
 * been blocked" and Exchange Online's recipient label in Spanish name the
 * recipient. */
static void
test_forward_without_marker(void **state)
{
	static const char mail[] =
		"From: Javier <jm@iberia.example>\n"
		"To: Soporte <it@iberia.example>\n"
		"Subject: RV: No se puede entregar: Liquidacion\n"
		"\n"
		"Buenos dias, me llega este aviso.\n"
		"\n"
		"De: Microsoft Outlook <postmaster@iberia.example>\n"
		"Enviado el: jueves, 2 de mayo de 2026 11:02\n"
		"Para: Javier <jm@iberia.example>\n"
		"Asunto: No se puede entregar: Liquidacion\n"
		"\n"
		"No se pudo entregar a estos destinatarios o grupos:\n"
		"\n"
		"fm@duero.example\n"
		"\n"
		"El servidor remoto devolvio '550 5.2.1 <fm@duero.example>: Recipient address rejected:"
		" Account disabled'\n"
		"\n"
		"From: Javier <jm@iberia.example>\n"
		"To: fm@duero.example\n"
		"Subject: Liquidacion\n";
	static const char pasted[] =
		"Hola, nos llega esto desde esta manana.\n"
		"Marta\n"
		"\n"
		"-----Mensaje original-----\n"
		"De: Microsoft Outlook <MAILER-DAEMON@DB8P191.PROD.OUTLOOK.COM>\n"
		"Enviado el: martes, 7 de noviembre de 2026 10:22\n"
		"Para: Comercial <co@soler.example>\n"
		"Asunto: No se puede entregar: Presupuesto\n"
		"\n"
		"Direccion del remitente:   co@soler.example\n"
		"Dirección del destinatario:   ob@ribas.example\n"
		"Error notificado:   550 5.7.1 Mailbox unavailable: account disabled\n";
	static const char gmail[] =
		"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
		"To: bookings@cedar.example\n"
		"Subject: Delivery Status Notification (Failure)\n"
		"\n"
		"** Message blocked **\n"
		"\n"
		"Your message to ev@sorensen.example has been blocked. See technical details below.\n"
		"\n"
		"The response from the remote server was:\n"
		"550-5.7.26 This mail is unauthenticated, which poses a security risk to the\n"
		"550 5.7.26 sender and Gmail users, and has been blocked.\n";
	const struct want want_mail[] = { { "fm@duero.example", "5.2.1", 550, NULL, "suspend" } };
	const struct want want_pasted[] = { { "ob@ribas.example", "5.7.1", 550, NULL, "suspend" } };
	const struct want want_gmail[] = { { "ev@sorensen.example", "5.7.26", 550, NULL, "authfailure" } };

	(void)state;
	expect(mail, want_mail, 1);
	expect(pasted, want_pasted, 1);
	expect(gmail, want_gmail, 1);
}

/* Sending services' bounce exports: a row per address, no event column
 * (SendGrid's reason and status, or reason alone for invalid addresses, ActiveCampaign's bounce code and
 * description), or an event column whose reply stands in another column
 * than its reason (Mailgun), an address called EMAIL (Brevo), a category
 * before the reply (Mandrill's "bad_mailbox: smtp;550 ..."). */
static void
test_bounce_exports(void **state)
{
	static const char sendgrid[] =
		"created,email,reason,status\n"
		"1739261654,ja@example.com,\"550 5.1.1 The email account that you tried to reach does not"
		" exist.\",5.1.1\n"
		"1739261700,gh@example.co.uk,452 4.2.2 Mailbox full,4.2.2\n";
	static const char sendgrid_invalid[] =
		"created,email,reason\n"
		"1739261800,dh@exmaple.org,Mail domain mentioned in email address is unknown\n"
		"1739261900,pq@example.net,Mail domain mentioned in email address is unknown\n";
	static const char activecampaign[] =
		"Email,Bounce Type,Bounce Code,Bounce Description,Date,Campaign\n"
		"cw@example.com,Hard,5.1.1,Bad destination mailbox address,2025-05-06 14:12:09,May Promo\n";
	static const char mailgun[] =
		"Timestamp,Event,Severity,Reason,Recipient,Delivery Status Code,Delivery Status Message\n"
		"2025-05-20 08:31:15,failed,permanent,bounce,nv@example.com,550,5.1.1 <nv@example.com>:"
		" Recipient address rejected: User unknown in virtual alias table\n"
		"2025-05-20 08:32:15,delivered,,,ok@example.com,250,OK\n";
	static const char brevo[] =
		"EMAIL,EVENT,DATE,REASON,MESSAGE ID\n"
		"np@example.ch,soft_bounce,2025-03-10T08:41:27+01:00,552 5.3.4 Error: message file too big,<1@x>\n";
	static const char mandrill[] =
		"Date,Email Address,Sender,Subject,Status,Tags,Bounce Detail\n"
		"2025-02-17 14:03:22,rc@example.com,o@shop.example.org,Shipped,bounced,x,bad_mailbox:"
		" smtp;550 5.1.1 <rc@example.com>: Recipient address rejected: User unknown\n";
	const struct want want_sendgrid[] = {
		{ "ja@example.com", "5.1.1", 550, NULL, "userunknown" },
		{ "gh@example.co.uk", "4.2.2", 452, NULL, "mailboxfull" },
	};
	const struct want want_sendgrid_invalid[] = {
		{ "dh@exmaple.org", NULL, 0, NULL, "hostunknown" },
		{ "pq@example.net", NULL, 0, NULL, "hostunknown" },
	};
	const struct want want_activecampaign[] = { { "cw@example.com", "5.1.1", 0, NULL, "userunknown" } };
	const struct want want_mailgun[] = { { "nv@example.com", "5.1.1", 550, NULL, "userunknown" } };
	const struct want want_brevo[] = { { "np@example.ch", "5.3.4", 552, NULL, "mesgtoobig" } };
	const struct want want_mandrill[] = { { "rc@example.com", "5.1.1", 550, NULL, "userunknown" } };
	bd_report *rep = NULL;

	(void)state;
	expect(sendgrid, want_sendgrid, 2);
	expect(sendgrid_invalid, want_sendgrid_invalid, 2);
	expect(activecampaign, want_activecampaign, 1);
	expect(mailgun, want_mailgun, 1);
	expect(brevo, want_brevo, 1);
	expect(mandrill, want_mandrill, 1);
	assert_int_equal(bd_diagnose(ctx, mandrill, strlen(mandrill), &rep), BD_OK);
	assert_true(strncmp(bd_report_record(rep, 0)->diagnostic, "550 5.1.1", 9) == 0);
	bd_report_free(rep);
}

/* A list manager's report to a list's owner on the subscribers it
 * deleted for their bounces, each with its last error (LISTSERV's table,
 * a list host's "Member: Name <a@b>" with the last bounce); a welcome
 * message that mentions bounces is none. */
static void
test_list_owner_reports(void **state)
{
	static const char listserv[] =
		"From: \"L-Soft list server at LISTS.EXAMPLE.ORG (16.5)\" <LISTSERV@LISTS.EXAMPLE.ORG>\n"
		"Subject: CARDIO: Automatic deletion of 2 subscribers\n"
		"To: CARDIO-request@LISTS.EXAMPLE.ORG\n"
		"\n"
		"The following subscribers have been automatically deleted from the\n"
		"CARDIO list because of persistent delivery errors. The last error\n"
		"message received for each address is shown below.\n"
		"\n"
		"bj@clinic.example.net\n"
		"  Last error (22 May 2026 23:58): 550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found\n"
		"\n"
		"fs@example.org\n"
		"  Last error (23 May 2026 02:40): 550 5.2.1 The email account that you tried\n"
		"  to reach is disabled.\n";
	static const char host[] =
		"From: \"Groups Notification\" <noreply@groups.example>\n"
		"To: owner@example.com\n"
		"Subject: A member of your group is bouncing\n"
		"\n"
		"A member of your group photo@groups.example is now bouncing.\n"
		"\n"
		"Member: Kim Yoon <ky@example.com>\n"
		"Status: Bouncing\n"
		"\n"
		"The most recent bounce message we received was:\n"
		"\n"
		"  550-5.7.26 Unauthenticated email from example.org is not accepted due to\n"
		"  550 5.7.26 domain's DMARC policy.\n";
	static const char welcome[] =
		"From: mailman@lists.example.org\n"
		"Subject: Welcome to the \"photo\" mailing list\n"
		"\n"
		"Welcome! If your address bounces too often, for example after 550 5.2.2 Mailbox full\n"
		"replies, your subscription is disabled.\n";
	const struct want want_listserv[] = {
		{ "bj@clinic.example.net", "5.1.10", 550, NULL, "userunknown" },
		{ "fs@example.org", "5.2.1", 550, NULL, "suspend" },
	};
	const struct want want_host[] = { { "ky@example.com", "5.7.26", 550, NULL, "authfailure" } };
	bd_report *rep = NULL;

	(void)state;
	expect(listserv, want_listserv, 2);
	expect(host, want_host, 1);
	assert_int_equal(bd_diagnose(ctx, welcome, strlen(welcome), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_null(bd_report_record(rep, 0)->reason);
	bd_report_free(rep);
}

/* A person pasting an automatic reply they were sent, with the header
 * lines their client shows: no failure, a vacation record for its sender;
 * a pasted forward of a bounce stays a bounce. */
static void
test_pasted_autoreply(void **state)
{
	static const char away[] =
		"Hallo, ist das ein Bounce? Ich bekomme bei jeder Mail diese Antwort:\n\n"
		"Von: Lorenz, Sabine <s.lorenz@example.de>\n"
		"Gesendet: Dienstag, 28. Mai 2026 09:14\n"
		"Betreff: Automatische Antwort: Angebot\n\n"
		"Vielen Dank f\xc3\xbcr Ihre Nachricht. Ich bin bis 14.06. nicht im B\xc3\xbcro.\n";
	static const char bounce[] =
		"Was bedeutet das?\n\n"
		"Von: Mail Delivery System <MAILER-DAEMON@mx.example.de>\n"
		"Betreff: Undelivered Mail Returned to Sender\n\n"
		"<ann@example.net>: host mx.example.net[192.0.2.5] said: 550 5.1.1 User unknown\n";
	const struct want vacation[] = { { "s.lorenz@example.de", NULL, 0, NULL, "vacation" } };
	const struct want unknown[] = { { "ann@example.net", "5.1.1", 550, NULL, "userunknown" } };

	(void)state;
	expect(away, vacation, 1);
	expect(bounce, unknown, 1);
}

/* A reply listing each recipient's outcome in parentheses (Barracuda's)
 * gives each recipient its own part, the words after the list kept. */
static void
test_reply_listing_recipients(void **state)
{
	static const char text[] =
		"From: MAILER-DAEMON@out.example.com\n"
		"Subject: Undelivered Mail Returned to Sender\n\n"
		"<ann@example.org>: host mx.ess.example.net[192.0.2.4] said: 550 permanent\n"
		"    failure for one or more recipients (ann@example.org:550 5.7.1 Message\n"
		"    rejected as spam,bob@example.org:550 5.1.1 <bob@example.org>: Recipient\n"
		"    address rejected: User unknown) (in reply to end of DATA command)\n"
		"\n"
		"<bob@example.org>: host mx.ess.example.net[192.0.2.4] said: 550 permanent\n"
		"    failure for one or more recipients (ann@example.org:550 5.7.1 Message\n"
		"    rejected as spam,bob@example.org:550 5.1.1 <bob@example.org>: Recipient\n"
		"    address rejected: User unknown) (in reply to end of DATA command)\n";
	bd_report *rep = NULL;
	const char *d;

	(void)state;
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 2);
	d = bd_report_record(rep, 0)->diagnostic;
	assert_non_null(strstr(d, "(ann@example.org:550 5.7.1 Message rejected as spam)"));
	assert_null(strstr(d, "bob@"));
	d = bd_report_record(rep, 1)->diagnostic;
	assert_non_null(strstr(d, "recipients (bob@example.org:550 5.1.1"));
	assert_non_null(strstr(d, "User unknown) (in reply to end of DATA command)"));
	assert_null(strstr(d, "ann@"));
	assert_string_equal(bd_report_record(rep, 0)->status, "5.7.1");
	assert_string_equal(bd_report_record(rep, 1)->status, "5.1.1");
	assert_string_equal(bd_report_record(rep, 0)->reason, "spamdetected");
	assert_string_equal(bd_report_record(rep, 1)->smtp_command, "DATA");
	bd_report_free(rep);
}

/* Sending services' webhook events, pasted: one record per event that
 * tells an outcome (events of opens and processing give none), with the
 * service's code, status and words; a mailed SES notification's pasted
 * JSON too. */
static void
test_webhook_events(void **state)
{
	static const char sendgrid[] =
		"[{\"email\":\"ann@example.net\",\"event\":\"processed\"},\n"
		" {\"email\":\"bob@example.org\",\"event\":\"bounce\",\"type\":\"bounce\","
		"\"status\":\"5.1.1\",\"reason\":\"550 5.1.1 The email account that you tried to reach"
		" does not exist.\"},\n"
		" {\"email\":\"cy@example.com\",\"event\":\"deferred\",\"response\":\"452 4.2.2 The"
		" recipient's mailbox is over quota\",\"attempt\":\"3\"}]\n";
	static const char mailgun[] =
		"{\"signature\": {\"token\": \"a8ce\"},\n"
		" \"event-data\": {\"event\": \"failed\", \"severity\": \"permanent\", \"reason\":"
		" \"bounce\", \"recipient\": \"dee@example.com\",\n"
		"  \"message\": {\"headers\": {\"to\": \"Dee <dee@example.com>\"}},\n"
		"  \"delivery-status\": {\"message\": \"\", \"code\": 550, \"enhanced-code\": \"5.7.1\","
		" \"description\": \"Service unavailable; Client host [192.0.2.4] blocked using"
		" zen.spamhaus.org\", \"mx-host\": \"mx.example.com\"}}}\n";
	static const char postmark[] =
		"{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Email\":\"eve@example.com\","
		"\"Description\":\"The server was unable to deliver your message.\","
		"\"Details\":\"smtp;552 5.3.4 Message size exceeds fixed maximum message size\"}\n";
	static const char mailjet[] =
		"{\"event\":\"bounce\",\"email\":\"fay@example.invalid\",\"hard_bounce\":false,"
		"\"error_related_to\":\"recipient\",\"error\":\"user unknown\",\"comment\":\"Host or"
		" domain name not found. Name service error for name=example.invalid type=A: Host"
		" not found, try again\"}\n";
	static const char ses[] =
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\","
		"\"bouncedRecipients\":[{\"emailAddress\":\"gil@example.com\",\"action\":\"failed\","
		"\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}]}}\n";
	const struct want sg[] = {
		{ "bob@example.org", "5.1.1", 550, NULL, "userunknown" },
		{ "cy@example.com", "4.2.2", 452, NULL, "mailboxfull" },
	};
	const struct want mg[] = { { "dee@example.com", "5.7.1", 550, NULL, "blocked" } };
	const struct want pm[] = { { "eve@example.com", "5.3.4", 552, NULL, "mesgtoobig" } };
	const struct want mj[] = { { "fay@example.invalid", NULL, 0, NULL, "networkerror" } };
	static const char mailed[] =
		"From: webhooks@relay.example.com\nTo: ops@example.com\nSubject: Event\n\n"
		"Bounce event posted at 10:02:\n\n"
		"{\"event\":\"hard_bounce\",\"email\":\"hal@example.com\",\"reason\":\"550"
		" 5.2.1 The email account that you tried to reach is disabled.\"}\n";
	const struct want sesw[] = { { "gil@example.com", "5.1.1", 550, NULL, "userunknown" } };
	const struct want mailw[] = { { "hal@example.com", "5.2.1", 550, NULL, "suspend" } };
	bd_report *rep = NULL;

	(void)state;
	expect(sendgrid, sg, 2);
	expect(mailgun, mg, 1);
	expect_remote(mailgun, 0, "mx.example.com");
	expect(postmark, pm, 1);
	expect(mailjet, mj, 1);
	expect(ses, sesw, 1);
	expect(mailed, mailw, 1);
	assert_int_equal(bd_diagnose(ctx, sendgrid, strlen(sendgrid), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "failed");
	assert_string_equal(bd_report_record(rep, 1)->action, "delayed");
	bd_report_free(rep);
	assert_int_equal(bd_diagnose(ctx, mailjet, strlen(mailjet), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");   /* soft */
	assert_string_equal(bd_report_record(rep, 0)->diagnostic, "user unknown: Host or domain"
	    " name not found. Name service error for name=example.invalid type=A: Host not"
	    " found, try again");
	bd_report_free(rep);
}

/* exim -bp's listing: a frozen message's undelivered recipients wait for
 * a person (onhold), a delivered one ("D") and those of a message merely
 * queued give none; the message's own log (exim -Mvl) names no message id,
 * and its retries of one failure give one record. */
static void
test_exim_queue_listing(void **state)
{
	static const char text[] =
		"root@mx3:~# exim -bp\n"
		"52h  3.1K 1rs8Tc-0009x1-3q <> *** frozen ***\n"
		"          noreply@example.com\n"
		"\n"
		" 2d  6.1K 1tYbWq-00000000Gh2-1sXa <invoices@example.org>\n"
		"          lars@example.no\n"
		"        D accounts@example.net\n"
		"\n"
		"root@mx3:~# exim -Mvl 1tYbWq-00000000Gh2-1sXa\n"
		"2026-02-05 11:22:04 => accounts@example.net R=dnslookup T=remote_smtp H=mx.example.net"
		" [198.51.100.14]\n"
		"2026-02-05 11:22:05 == lars@example.no R=dnslookup T=remote_smtp defer (-44)"
		" H=mx.example.no [203.0.113.55]: SMTP error from remote mail server after RCPT"
		" TO:<lars@example.no>: 452 4.2.2 <lars@example.no>: Mailbox is full\n"
		"2026-02-05 17:22:41 == lars@example.no R=dnslookup T=remote_smtp defer (-44)"
		" H=mx.example.no [203.0.113.55]: SMTP error from remote mail server after RCPT"
		" TO:<lars@example.no>: 452 4.2.2 <lars@example.no>: Mailbox is full\n";
	const struct want want[] = {
		{ "noreply@example.com", NULL, 0, NULL, "onhold" },
		{ "lars@example.no", "4.2.2", 452, "RCPT", "mailboxfull" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(text, want, 2);
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 1)->remote_mta, "mx.example.no");
	bd_report_free(rep);
}

/* A message's own log may name its recipients without the flags of the
 * main log: a 5xx reply from the remote fails its recipient, a "defer"
 * delays its recipient. */
static void
test_exim_msglog_unflagged(void **state)
{
	static const char text[] =
		"[root@mx7 ~]# exim -Mvl 1ttFpQ-00000001Lr4-2dKe\n"
		"2026-03-15 11:48:30 Received from mk@example.org U=mk P=esmtpsa S=38411203\n"
		"2026-03-15 11:48:33 rm@example.com R=dnslookup T=remote_smtp H=mx.example.com"
		" [198.51.100.121]: SMTP error from remote mail server after MAIL FROM:<mk@example.org>"
		" SIZE=38411203: 552 5.3.4 Message size exceeds fixed maximum message size\n"
		"2026-03-15 11:48:35 ca@example.net R=dnslookup T=remote_smtp defer (-18)"
		" H=mail.example.net [203.0.113.54]: Remote host closed connection in response to"
		" RCPT TO:<ca@example.net>\n";
	const struct want want[] = {
		{ "rm@example.com", "5.3.4", 552, "MAIL", "mesgtoobig" },
		{ "ca@example.net", NULL, 0, NULL, "networkerror" },
	};
	static const char *const actions[] = { "failed", "delayed" };

	(void)state;
	expect(text, want, 2);
	expect_actions(text, actions, 2);
}

/* A DSN's Action in the words some servers use for RFC 3464's: "failure"
 * and "bounced" are failed, "deferred" delayed. */
static void
test_dsn_action_words(void **state)
{
	static const char text[] =
		"Reporting-MTA: dns; mx.example.com\n\n"
		"Final-Recipient: rfc822; ann@example.org\nAction: Failure\nStatus: 5.1.1\n\n"
		"Final-Recipient: rfc822; bob@example.org\nAction: bounced\nStatus: 5.2.2\n\n"
		"Final-Recipient: rfc822; cy@example.org\nAction: deferred\nStatus: 4.4.1\n";
	static const char *const actions[] = { "failed", "failed", "delayed" };
	bd_report *rep = NULL;

	(void)state;
	assert_int_equal(bd_diagnose(ctx, text, strlen(text), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 3);
	bd_report_free(rep);
	expect_actions(text, actions, 3);
}

/* One failure naming no address (a screen name, a program) takes the
 * recipient of the original returned inline, when it was sent to one. */
static void
test_inline_original_recipient(void **state)
{
	static const char one[] =
		"From: MAILER-DAEMON@aol.example.com\nTo: deals@example.com\n"
		"Subject: Returned mail: User unknown\n\n"
		"Your mail to the following recipients could not be delivered because they are not"
		" accepting mail from deals@example.com:\n\tgrammypat47\n\n"
		"Original message follows:\n\n"
		"Received: from mta7.example.com by rly.aol.example.com; Mon, 24 May 2004 17:21:30\n"
		"From: deals@example.com\nTo: grammypat47@aol.example.com\nSubject: fares\n\nHello\n";
	static const char two[] =
		"From: MAILER-DAEMON@aol.example.com\nTo: deals@example.com\n"
		"Subject: Returned mail: User unknown\n\n"
		"Your mail to the following recipients could not be delivered because they are not"
		" accepting mail from deals@example.com:\n\tgrammypat47\n\n"
		"Original message follows:\n\n"
		"From: deals@example.com\nTo: a@aol.example.com, b@aol.example.com\nSubject: fares\n\n"
		"Hello\n";
	bd_report *rep = NULL;

	(void)state;
	assert_int_equal(bd_diagnose(ctx, one, strlen(one), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_string_equal(bd_report_record(rep, 0)->recipient, "grammypat47@aol.example.com");
	bd_report_free(rep);
	/* sent to two: which one failed is not known */
	assert_int_equal(bd_diagnose(ctx, two, strlen(two), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_null(bd_report_record(rep, 0)->recipient);
	bd_report_free(rep);
}

/* Exim's alias expansion: "generated by a@b" names the recipient of a
 * program's entry ("pipe to |/prog" or cPanel's "|/prog"), but under an
 * entry that named its own address it says only where it came from. */
static void
test_exim_generated_by(void **state)
{
	static const char text[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"Subject: Mail delivery failed: returning message to sender\n\n"
		"This message was created automatically by mail delivery software.\n\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n\n"
		"  |/usr/local/bin/intake --queue=studio\n"
		"    generated by studio@example.net\n"
		"    local delivery failed\n"
		"  kim@example.net\n"
		"    generated by studio@example.net\n"
		"    Mailbox quota exceeded\n"
		"  ex@example.net\n"
		"    generated by studio@example.net\n"
		"    Unrouteable address\n";
	const struct want want[] = {
		{ "studio@example.net", NULL, 0, NULL, "mailererror" },
		{ "kim@example.net", NULL, 0, NULL, "mailboxfull" },
		{ "ex@example.net", NULL, 0, NULL, "hostunknown" },
	};

	/* with a DSN whose Final-Recipient is the program: the address it
	 * was expanded from, and the program's output as its words */
	static const char dsn[] =
		"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
		"Subject: Mail delivery failed: returning message to sender\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain\n\n"
		"A message that you sent could not be delivered to one or more of its\n"
		"recipients. This is a permanent error. The following address(es) failed:\n\n"
		"  pipe to |/home/shop/helpdesk/pipe.php\n"
		"    generated by help@example.net\n"
		"    local delivery failed\n\n"
		"The following text was generated during the delivery attempt:\n\n"
		"------ pipe to |/home/shop/helpdesk/pipe.php\n"
		"       generated by help@example.net ------\n\n"
		"PHP Fatal error: could not connect to the database\n\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.net\n\n"
		"Action: failed\nFinal-Recipient: rfc822;|/home/shop/helpdesk/pipe.php\nStatus: 5.0.0\n"
		"--b--\n";
	const struct want program[] = { { "help@example.net", NULL, 0, NULL, "mailererror" } };
	bd_report *rep = NULL;
	const char *words;

	(void)state;
	expect(text, want, 3);
	expect(dsn, program, 1);
	assert_int_equal(bd_diagnose(ctx, dsn, strlen(dsn), &rep), BD_OK);
	words = bd_report_record(rep, 0)->diagnostic;
	assert_non_null(strstr(words, "PHP Fatal error"));
	assert_null(strstr(words, "------"));
	assert_null(bd_report_record(rep, 0)->smtp_command);
	bd_report_free(rep);
}

/* Queue listings: each recipient under a reason in parentheses is
 * delayed by it; one under no reason (active, held) is not failing; the
 * reason of one message does not carry over to the next. */
static void
test_queue_listings(void **state)
{
	static const char postfix[] =
		"$ postqueue -p\n"
		"-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n"
		"A1B2C3D4E5*     812 Wed Dec  2 10:00:01  app@example.com\n"
		"                                         busy@example.org\n"
		"\n"
		"F6A7B8C9D0     4102 Wed Dec  2 09:55:12  app@example.com\n"
		"(host mx.example.net[192.0.2.9] said: 452 4.2.2 <ann@example.net>: Mailbox full "
		"(in reply to RCPT TO command))\n"
		"                                         ann@example.net\n"
		"                                         ben@example.net  \n"
		"\n"
		"0A1B2C3D4F     2044 Wed Dec  2 09:12:01  app@example.com\n"
		"                                         held@example.org\n"
		"\n"
		"1A2B3C4D5E     1877 Wed Dec  2 08:31:40  app@example.com\n"
		"(lost connection with mx.example.com[192.0.2.3] while sending RCPT TO)\n"
		"                                         cas@example.com\n"
		"\n"
		"-- 7 Kbytes in 4 Requests.\n";
	static const char sendmail[] =
		"\t\t/var/spool/mqueue (2 requests)\n"
		"-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------\n"
		"5B2AaBc1012345     2286 Wed Dec  2 11:02 <app@example.com>\n"
		"                 (Deferred: Connection refused by mx.example.org.)\n"
		"\t\t\t\t\t <cal@example.org>\n"
		"5B2AaBc1012346*    5310 Wed Dec  2 10:05 <app@example.com>\n"
		"\t\t\t\t\t <dee@example.org>\n"
		"\t\tTotal requests: 2\n";
	const struct want want_postfix[] = {
		{ "ann@example.net", "4.2.2", 452, "RCPT", "mailboxfull" },
		{ "ben@example.net", "4.2.2", 452, "RCPT", "mailboxfull" },
		{ "cas@example.com", NULL, 0, "RCPT", "networkerror" },
	};
	const struct want want_sendmail[] = {
		{ "cal@example.org", NULL, 0, NULL, "networkerror" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(postfix, want_postfix, 3);
	assert_int_equal(bd_diagnose(ctx, postfix, strlen(postfix), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.net");
	assert_string_equal(bd_report_record(rep, 2)->remote_mta, "mx.example.com");
	bd_report_free(rep);
	expect(sendmail, want_sendmail, 1);
	assert_int_equal(bd_diagnose(ctx, sendmail, strlen(sendmail), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.org");
	bd_report_free(rep);
}

/* Queue and trace views pasted from PowerShell's Format-List: a message's
 * recipients fail with their own last error (LED=), else their queue's
 * (the queue whose Identity starts the message's); a trace's later event
 * for a recipient is the one; a tracking log's recipients are paired with
 * their statuses.  Postfix's "postqueue -j" lines: each recipient with a
 * delay reason.  The command line naming the listed columns is no table's
 * header row. */
static void
test_queue_views(void **state)
{
	static const char getmessage[] =
		"[PS] C:\\>Get-Message -Queue EX01\\17 | fl Identity,Status,LastError,Recipients\n\n"
		"Identity    : EX01\\17\\2147483658\n"
		"Status      : Retry\n"
		"LastError   : 451 4.4.0 Primary target IP address responded with: \"452 4.2.2 Mailbox full.\"\n"
		"Recipients  : {ann@example.net;2;2;[{LRT=};{LED=451 4.4.0 Primary target IP address "
		"responded with: \"452 4.2.2 Mailbox full.\"};{FQDN=};{IP=}];0;CN=Outbound,CN=Connections;0, "
		"bo@example.net;2;2;[{LRT=};{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found};"
		"{FQDN=};{IP=}];0;CN=Outbound,CN=Connections;0}\n";
	static const char queue[] =
		"PS C:\\> Get-Queue | fl Identity,NextHopDomain,LastError\n"
		"Identity      : EX01\\41\n"
		"NextHopDomain : gone.example\n"
		"LastError     : 451 4.4.0 DNS query failed. The error was: SMTPSEND.DNS.NonExistentDomain;\n"
		"                nonexistent domain\n\n"
		"Identity      : EX01\\Unreachable\n"
		"LastError     :\n\n"
		"PS C:\\> Get-Message -Queue EX01\\41 | fl\n"
		"Identity    : EX01\\41\\7516192811\n"
		"Recipients  : {cy@gone.example}\n";
	static const char trace[] =
		"Date             : 3/11/2026 9:16:02 AM\n"
		"Event            : Defer\n"
		"Detail           : The message was deferred. Reason: [{LED=451 4.4.0 DNS query failed};{MSG=}]\n"
		"RecipientAddress : di@example.org\n\n"
		"Date             : 3/11/2026 9:20:02 AM\n"
		"Event            : Defer\n"
		"Detail           : The message was deferred. Reason: [{LED=452 4.2.2 Mailbox quota\n"
		"                   exceeded};{MSG=};{FQDN=mx.example.org}]\n"
		"RecipientAddress : di@example.org\n\n"
		"Date             : 3/11/2026 9:25:00 AM\n"
		"Event            : Deliver\n"
		"Detail           : The message was successfully delivered.\n"
		"RecipientAddress : ed@example.org\n";
	static const char tracking[] =
		"EventId         : FAIL\n"
		"Source          : SMTP\n"
		"Recipients      : {fe@example.com, gu@example.com}\n"
		"RecipientStatus : {550 5.1.1 User unknown, 552 5.2.2 Mailbox full}\n\n"
		"EventId         : DELIVER\n"
		"Recipients      : {ok@example.com}\n";
	static const char postqueue[] =
		"{\"queue_name\": \"deferred\", \"queue_id\": \"4TwBq56m2C\", \"recipients\": [{\"address\": "
		"\"hi@example.net\", \"delay_reason\": \"host mx.example.net[192.0.2.27] said: 450 4.2.1 "
		"receiving mail at a rate that prevents additional messages (in reply to end of DATA command)\"}]}\n"
		"{\"queue_name\": \"active\", \"queue_id\": \"4TwBsK2yQb\", \"recipients\": [{\"address\": "
		"\"busy@example.net\"}]}\n"
		"{\"queue_name\": \"deferred\", \"queue_id\": \"4TwBn04kZ8\", \"recipients\": [{\"address\": "
		"\"io@example.org\", \"delay_reason\": \"lost connection with mx2.example.org[203.0.113.140] "
		"while sending RCPT TO\"}]}\n";
	const struct want want_getmessage[] = {
		{ "ann@example.net", "4.4.0", 451, NULL, "mailboxfull" },
		{ "bo@example.net", "5.1.10", 550, NULL, "userunknown" },
	};
	static const char *const getmessage_actions[] = { "delayed", "failed" };
	const struct want want_queue[] = { { "cy@gone.example", "4.4.0", 451, NULL, "hostunknown" } };
	const struct want want_trace[] = { { "di@example.org", "4.2.2", 452, NULL, "mailboxfull" } };
	const struct want want_tracking[] = {
		{ "fe@example.com", "5.1.1", 550, NULL, "userunknown" },
		{ "gu@example.com", "5.2.2", 552, NULL, "mailboxfull" },
	};
	const struct want want_postqueue[] = {
		{ "hi@example.net", "4.2.1", 450, "DATA", "speeding" },
		{ "io@example.org", NULL, 0, "RCPT", "networkerror" },
	};

	(void)state;
	expect(getmessage, want_getmessage, 2);
	expect_actions(getmessage, getmessage_actions, 2);
	expect(queue, want_queue, 1);
	expect(trace, want_trace, 1);
	expect(tracking, want_tracking, 2);
	expect(postqueue, want_postqueue, 2);
}

/* A message trace's summary rows (Get-MessageTrace | fl) and the details
 * of each recipient asked for by its own command line: a detail block
 * names no RecipientAddress, the command's -RecipientAddress does; a
 * delivered recipient gives nothing, a failed one its detail's error, a
 * pending one that no detail traces its status alone (delayed, so
 * expired: still retrying). */
static void
test_trace_summary(void **state)
{
	static const char trace[] =
		"PS /home/ops> Get-MessageTraceV2 -SenderAddress n@example.com | Format-List\n\n"
		"MessageTraceId   : 5f0d3b62-8a11-4c9e-2d47-08dd61c4a0b3\n"
		"RecipientAddress : ap@example.com\n"
		"Status           : Failed\n\n"
		"MessageTraceId   : 5f0d3b62-8a11-4c9e-2d47-08dd61c4a0b3\n"
		"RecipientAddress : ok@example.org\n"
		"Status           : Delivered\n\n"
		"MessageTraceId   : 5f0d3b62-8a11-4c9e-2d47-08dd61c4a0b3\n"
		"RecipientAddress : wait@example.net\n"
		"Status           : Pending\n\n"
		"PS /home/ops> Get-MessageTraceDetailV2 -MessageTraceId 5f0d3b62 -RecipientAddress"
		" ap@example.com | fl Date,Event,Detail\n\n"
		"Date   : 3/13/2026 7:05:31 AM\n"
		"Event  : Receive\n"
		"Detail : Message received by: AM9P195MB1402.EURP195.PROD.OUTLOOK.COM\n\n"
		"Date   : 3/13/2026 7:05:34 AM\n"
		"Event  : Fail\n"
		"Detail : Reason: [{LED=550 5.1.1 User unknown};{MSG=};{FQDN=mx.example.com}]\n";
	const struct want want_trace[] = {   /* in the order of the blocks read */
		{ "wait@example.net", NULL, 0, NULL, "expired" },
		{ "ap@example.com", "5.1.1", 550, NULL, "userunknown" },
	};
	static const char *const actions[] = { "delayed", "failed" };

	(void)state;
	expect(trace, want_trace, 2);
	expect_actions(trace, actions, 2);
}

/* Message tracking exports: Exchange's tracking log (its #Fields header,
 * a row's recipients paired with its statuses), PowerMTA's accounting
 * file and a CSV export with
 * quoted fields (commas and doubled quotes inside); rows of other events
 * give nothing, and so do rows before any header. */
static void
test_tracking_exports(void **state)
{
	static const char msgtrk[] =
		"#Software: Microsoft Exchange Server\n"
		"#Fields: date-time,server-hostname,source,event-id,recipient-address,"
		"recipient-status,total-bytes\n"
		"2026-12-02T09:14:22.519Z,EX01,SMTP,RECEIVE,ann@example.org;bo@example.net,,9211\n"
		"2026-12-02T09:14:22.901Z,EX01,ROUTING,FAIL,ann@example.org;bo@example.net,"
		"550 5.1.1 RESOLVER.ADR.RecipNotFound; 552 5.2.2 mailbox full,9211\n"
		"2026-12-02T09:15:02.100Z,EX01,SMTP,SEND,cy@example.com,250 2.0.0 OK,9211\n";
	/* a web console's log copied as a tab-separated table: its Details
	 * column gives the replies (a comma inside is no separator); a table
	 * without one leaves the reply to the message details under it */
	static const char console[] =
		"Time\tFrom\tTo\tSubject\tStatus\tDetails\n"
		"27 Mar 2026 10:14 AM\tpn@shop.example\tok@example.com\tPO 4471\tDelivered\t250 2.0.0 OK\n"
		"27 Mar 2026 10:22 AM\tpn@shop.example\tvr@example.in\tSwatches\tFailed\t550 5.1.1 "
		"<vr@example.in>: Recipient address rejected: User unknown\n"
		"27 Mar 2026 12:47 PM\tpn@shop.example\tio@example.org\tFollow up\tDeferred\t451 4.7.1 Rate "
		"limit exceeded: too many messages, slow down\n";
	static const char console_bare[] =
		"Date\tSender\tRecipient\tSubject\tStatus\n"
		"Mar 28, 2026, 9:02:13 AM\tev@school.example\tro@example.net\tTickets\tBounced\n\n"
		"Recipient: ro@example.net\n"
		"  Mar 28, 2026, 9:02:13 AM  SMTP response: 550 5.1.1 <ro@example.net>: Recipient address "
		"rejected: User unknown in relay recipient table\n";
	const struct want want_console[] = {
		{ "vr@example.in", "5.1.1", 550, NULL, "userunknown" },
		{ "io@example.org", "4.7.1", 451, NULL, "speeding" },
	};
	const struct want want_console_bare[] = { { "ro@example.net", "5.1.1", 550, NULL, "userunknown" } };
	static const char export[] =
		"FAIL,before,any,header,dan@example.org\n"
		"\"Date\",\"Event\",\"Detail\",\"RecipientAddress\"\n"
		"\"12/2/2026 9:02:13 AM\",\"Deliver\",\"Delivered\",\"eve@example.org\"\n"
		"\"12/2/2026 9:07:40 AM\",\"Defer\",\"Reason: 451 4.4.0 DNS query failed, "
		"\"\"ErrorRetry\"\"\",\"fay@example.fr\"\n";
	static const char trace[] =
		"\"Date\",\"Event\",\"Action\",\"Detail\",\"RecipientAddress\"\n"
		"\"12/2/2026 9:02:13 AM\",\"Fail\",\"\",\"Reason: [{LED=550 5.1.1 <gus@example.net>:"
		" User unknown};{MSG=};{FQDN=mx.example.net};{IP=192.0.2.4};{LRT=}]\",\"gus@example.net\"\n";
	/* a message trace summary: its status is all it says; and a trace
	 * detail, which names no recipient (it was asked for one) */
	static const char summary[] =
		"\"Received\",\"SenderAddress\",\"RecipientAddress\",\"Subject\",\"Status\"\n"
		"\"3/10/2026 8:01:12 AM\",\"c@example.com\",\"hal@example.org\",\"x\",\"Delivered\"\n"
		"\"3/10/2026 8:01:12 AM\",\"c@example.com\",\"ian@example.org\",\"x\",\"Pending\"\n"
		"\"3/10/2026 9:45:33 AM\",\"s@example.net\",\"jo@example.com\",\"y\",\"FilteredAsSpam\"\n";
	static const char detail[] =
		"\"Date\",\"Event\",\"Action\",\"Detail\"\n"
		"\"3/10/2026 8:01:12 AM\",\"Receive\",\"\",\"Message received by: AS8PR01MB7777\"\n"
		"\"3/10/2026 8:01:16 AM\",\"Fail\",\"\",\"Reason: [{LED=550 5.7.509 Access denied,"
		" sending domain example.com does not pass DMARC verification and has a DMARC policy"
		" of reject.};{MSG=};{FQDN=mx01.example.de};{IP=198.51.100.205};{LRT=}]\"\n";
	const struct want want_summary[] = {
		{ "ian@example.org", NULL, 0, NULL, "expired" },
		{ "jo@example.com", NULL, 0, NULL, "spamdetected" },
	};
	const struct want want_detail[] = { { NULL, "5.7.509", 550, NULL, "authfailure" } };
	const struct want want_msgtrk[] = {
		{ "ann@example.org", "5.1.1", 550, NULL, "userunknown" },
		{ "bo@example.net", "5.2.2", 552, NULL, "mailboxfull" },
	};
	const struct want want_export[] = {
		{ "fay@example.fr", "4.4.0", 451, NULL, "networkerror" },
	};
	/* PowerMTA's accounting file: the action column decides, the status
	 * column speaks when the diagnostic column is empty, "smtp;" is the
	 * diagnostic's type */
	static const char pmta[] =
		"type,timeLogged,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat\n"
		"d,2026-04-15 12:00:03-0400,b@m.example,lu@example.net,,relayed,2.0.0 (success),"
		"smtp;250 2.0.0 OK,mx.example.net (192.0.2.5),\n"
		"b,2026-04-15 12:00:04-0400,b@m.example,tom@example.net,,failed,5.1.1 (bad destination"
		" mailbox address),smtp;550 5.1.1 No such user,mx.example.net (192.0.2.5),bad-mailbox\n"
		"b,2026-04-15 12:00:05-0400,b@m.example,al@typo.example,,failed,5.1.2 (bad destination"
		" system: no such domain),,,bad-domain\n";
	const struct want want_pmta[] = {
		{ "tom@example.net", "5.1.1", 550, NULL, "userunknown" },
		{ "al@typo.example", "5.1.2", 0, NULL, "hostunknown" },
	};
	bd_report *rep = NULL;

	(void)state;
	expect(pmta, want_pmta, 2);
	expect_remote(pmta, 0, "mx.example.net");
	expect(msgtrk, want_msgtrk, 2);
	expect(console, want_console, 2);
	expect(console_bare, want_console_bare, 1);
	expect(export, want_export, 1);
	expect(summary, want_summary, 2);
	expect(detail, want_detail, 1);
	assert_int_equal(bd_diagnose(ctx, export, strlen(export), &rep), BD_OK);
	assert_string_equal(bd_report_record(rep, 0)->action, "delayed");
	assert_string_equal(bd_report_record(rep, 0)->diagnostic,
	    "Reason: 451 4.4.0 DNS query failed, \"ErrorRetry\"");
	bd_report_free(rep);
	/* Exchange Online's fields name the server that answered */
	assert_int_equal(bd_diagnose(ctx, trace, strlen(trace), &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	assert_string_equal(bd_report_record(rep, 0)->reason, "userunknown");
	assert_string_equal(bd_report_record(rep, 0)->remote_mta, "mx.example.net");
	bd_report_free(rep);
}

/* A log line's words longer than a diagnostic holds are cut between
 * characters, never inside one. */
static void
test_mail_log_long_words(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep = NULL;
	const char *d;
	int i;

	(void)state;
	sb_appends(&sb, "Nov 23 10:00:01 mx postfix/smtp[9]: 4A: to=<u@example.net>, relay=none, "
	    "dsn=5.1.1, status=bounced (x");
	for (i = 0; i < 3000; i++)
		sb_appends(&sb, "\xc3\xa9");   /* 'é': the cut at 4096 bytes falls inside one */
	assert_int_equal(sb_appends(&sb, ")\n"), 0);
	assert_int_equal(bd_diagnose(ctx, sb.s, sb.len, &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1);
	d = bd_report_record(rep, 0)->diagnostic;
	assert_true(strlen(d) <= 4096);
	assert_true(bd_utf8_valid(d, strlen(d)));
	bd_report_free(rep);
	sb_free(&sb);
}

/* More recipients than the limit: the first ones are read and the record
 * says the rest were not. */
static void
test_recipient_limit_noted(void **state)
{
	struct strbuf sb = { 0 };
	bd_report *rep = NULL;
	char line[200];
	int i;

	(void)state;
	for (i = 0; i < 1005; i++) {
		snprintf(line, sizeof line, "Nov 23 10:00:01 mx postfix/smtp[9]: 4A: to=<u%d@example.net>,"
		    " relay=none, dsn=5.1.1, status=bounced (unknown user)\n", i);
		assert_int_equal(sb_appends(&sb, line), 0);
	}
	assert_int_equal(bd_diagnose(ctx, sb.s, sb.len, &rep), BD_OK);
	assert_int_equal(bd_report_count(rep), 1000);
	assert_non_null(bd_report_record(rep, 999)->note);
	assert_non_null(strstr(bd_report_record(rep, 999)->note, "more recipients than the limit"));
	bd_report_free(rep);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exim_blocks),
		cmocka_unit_test(test_sessions_and_blocks),
		cmocka_unit_test(test_reply_after_data),
		cmocka_unit_test(test_aligned_labels_and_servers),
		cmocka_unit_test(test_quoted_in_reply),
		cmocka_unit_test(test_qmail),
		cmocka_unit_test(test_sendmail_transcript),
		cmocka_unit_test(test_code_led_lines),
		cmocka_unit_test(test_reason_above_address),
		cmocka_unit_test(test_heading_then_reason),
		cmocka_unit_test(test_error_apart),
		cmocka_unit_test(test_plain_sender_with_original),
		cmocka_unit_test(test_dsn_enriched),
		cmocka_unit_test(test_forwarded_bounce),
		cmocka_unit_test(test_more_shapes),
		cmocka_unit_test(test_romance_and_german),
		cmocka_unit_test(test_code_goes_with_status),
		cmocka_unit_test(test_reply_echoes_command),
		cmocka_unit_test(test_transcript_and_ex2003),
		cmocka_unit_test(test_person_forwards_ndr),
		cmocka_unit_test(test_forwards_and_quotes),
		cmocka_unit_test(test_status_part_as_text),
		cmocka_unit_test(test_retried_or_given_up),
		cmocka_unit_test(test_reason_paragraph),
		cmocka_unit_test(test_error_before_details),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_posts_around_pastes),
		cmocka_unit_test(test_client_dialogs),
		cmocka_unit_test(test_pasted_client_errors),
		cmocka_unit_test(test_parts_apart),
		cmocka_unit_test(test_lists_and_digests),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_regress_utf8),
		cmocka_unit_test(test_ses_json),
		cmocka_unit_test(test_multiline_reply),
		cmocka_unit_test(test_recipient_shapes),
		cmocka_unit_test(test_dsn_recipient_types),
		cmocka_unit_test(test_onhold_and_delay),
		cmocka_unit_test(test_html_only_ndr),
		cmocka_unit_test(test_shared_reason),
		cmocka_unit_test(test_exim_generated_from),
		cmocka_unit_test(test_reply_names_other_address),
		cmocka_unit_test(test_mail_logs),
		cmocka_unit_test(test_qmail_log),
		cmocka_unit_test(test_opensmtpd_log),
		cmocka_unit_test(test_exim_acl_refusals),
		cmocka_unit_test(test_qmail_smtpd_log),
		cmocka_unit_test(test_haraka_log),
		cmocka_unit_test(test_stalwart_log),
		cmocka_unit_test(test_amavis_zimbra_log),
		cmocka_unit_test(test_dovecot_courier_log),
		cmocka_unit_test(test_session_logs),
		cmocka_unit_test(test_program_errors),
		cmocka_unit_test(test_forward_without_marker),
		cmocka_unit_test(test_bounce_exports),
		cmocka_unit_test(test_stack_traces),
		cmocka_unit_test(test_list_owner_reports),
		cmocka_unit_test(test_pasted_autoreply),
		cmocka_unit_test(test_reply_listing_recipients),
		cmocka_unit_test(test_webhook_events),
		cmocka_unit_test(test_exim_queue_listing),
		cmocka_unit_test(test_exim_msglog_unflagged),
		cmocka_unit_test(test_dsn_action_words),
		cmocka_unit_test(test_inline_original_recipient),
		cmocka_unit_test(test_exim_generated_by),
		cmocka_unit_test(test_queue_listings),
		cmocka_unit_test(test_queue_views),
		cmocka_unit_test(test_trace_summary),
		cmocka_unit_test(test_tracking_exports),
		cmocka_unit_test(test_mail_log_long_words),
		cmocka_unit_test(test_recipient_limit_noted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
