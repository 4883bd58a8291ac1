/*
 * test_source.c - where messages come from: single files, mbox files with
 * any line ends and ">From " escapes, Maildirs, sorted trees, and the
 * entries that are reported instead of read (FIFOs, loops, empty files),
 * gzip-compressed files (whole, concatenated, truncated, corrupt, bombs).
 */
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"

#include "limits.h"
#include "source.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/bd-test-source-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* put - write text (len bytes) to root/name, creating directories */
static const char *
put(const char *name, const char *text, size_t len)
{
	static char path[256];
	char *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, name);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

/* Everything a source yields, in order. */
struct seen {
	int messages, errors;
	char files[16][256];
	char texts[16][512];
	size_t index[16];
	int truncated[16];
};

static void
drain(const char *const *paths, size_t n, struct seen *s)
{
	struct bd_source *src = bd_source_new(paths, n);
	struct bd_msgbuf msg;
	enum bd_source_status st;
	int k;

	memset(s, 0, sizeof *s);
	memset(&msg, 0, sizeof msg);
	assert_non_null(src);
	while ((st = bd_source_next(src, &msg)) != BD_SRC_END) {
		assert_int_not_equal(st, BD_SRC_NOMEM);
		k = s->messages + s->errors;
		if (k < 16) {
			snprintf(s->files[k], sizeof s->files[k], "%s", msg.file);
			if (st == BD_SRC_MESSAGE) {
				snprintf(s->texts[k], sizeof s->texts[k], "%.*s",
				    (int)(msg.len < 500 ? msg.len : 500), msg.data);
				s->index[k] = msg.index;
				s->truncated[k] = msg.truncated;
			} else
				snprintf(s->texts[k], sizeof s->texts[k], "ERROR %.100s", msg.error);
		}
		if (st == BD_SRC_MESSAGE)
			s->messages++;
		else
			s->errors++;
	}
	bd_source_free(src);
}

static void
test_mbox_line_ends(void **state)
{
	static const char lf[] = "From a@example.org Tue Nov 24 10:00:00 2026\nSubject: one\n\nhi\n"
		">From the start\n\nFrom b@example.org Tue Nov 24 10:01:00 2026\nSubject: two\n\nbye\n";
	char crlf[sizeof lf * 2], cr[sizeof lf];
	const char *paths[3];
	struct seen s;
	size_t i, j = 0;

	(void)state;
	for (i = 0; lf[i]; i++) {
		if (lf[i] == '\n')
			crlf[j++] = '\r';
		crlf[j++] = lf[i];
		cr[i] = lf[i] == '\n' ? '\r' : lf[i];
	}
	paths[0] = strdup(put("lf.mbox", lf, strlen(lf)));
	paths[1] = strdup(put("crlf.mbox", crlf, j));
	paths[2] = strdup(put("cr.mbox", cr, i));
	drain(paths, 3, &s);
	assert_int_equal(s.messages, 6);
	assert_int_equal(s.errors, 0);
	assert_string_equal(s.texts[0], "Subject: one\n\nhi\nFrom the start\n\n");
	assert_int_equal(s.index[1], 2);
	assert_string_equal(s.texts[1], "Subject: two\n\nbye\n");
	assert_string_equal(s.texts[2], "Subject: one\r\n\r\nhi\r\nFrom the start\r\n\r\n");
	assert_string_equal(s.texts[5], "Subject: two\r\rbye\r");
	for (i = 0; i < 3; i++)
		free((char *)(uintptr_t)paths[i]);
}

/* A mail log is read line by line: each bounce, deferral or refusal line
 * is a message numbered by its line (CRLF or LF); deliveries and other
 * lines are passed over; a log with none of them gives nothing (and no
 * error).  A text that merely starts with a date is no log. */
static void
test_mail_log_lines(void **state)
{
	static const char log[] =
		"Nov 23 09:59:58 mx postfix/smtpd[812]: connect from a.example[192.0.2.9]\n"
		"Nov 23 10:00:01 mx postfix/smtp[901]: 4A: to=<eve@example.net>, relay=mx.example.net"
		"[192.0.2.7]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)\r\n"
		"Nov 23 10:00:02 mx postfix/smtp[902]: 4A: to=<fay@example.net>, relay=none, dsn=4.4.1,"
		" status=deferred (connect to mx.example.net[192.0.2.7]:25: Connection refused)\r\n"
		"Nov  3 10:00:03 mx postfix/qmgr[77]: 4B: removed\n"
		"2026-11-23 10:01:04 1vXabc-000126-AB ** max@example.invalid: Unrouteable address";
	static const char quiet[] =
		"2026-11-23 10:01:00 1vXabc-000123-AB <= ann@example.org H=a.example [192.0.2.9]\n"
		"2026-11-23 10:01:01 1vXabc-000123-AB => kim@example.net R=dnslookup T=remote_smtp\n";
	static const char precise[] =
		"Nov 23 10:00:00.123456 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]\n"
		"2026-11-23T10:00:01+0100 mx postfix/smtp[2]: 4A: to=<bob@example.net>, relay=none,"
		" dsn=5.1.1, status=bounced (unknown user)\n";
	static const char applog[] =
		"2026-11-23 10:00:00 ERROR mailer: 550 5.1.1 <bob@example.net>: User unknown\n"
		"2026-11-23 10:00:01 INFO retrying\n";
	const char *paths[4];
	struct seen s;
	int i;

	(void)state;
	paths[0] = strdup(put("mail.log", log, strlen(log)));
	paths[1] = strdup(put("quiet.log", quiet, strlen(quiet)));
	paths[2] = strdup(put("app.log", applog, strlen(applog)));
	paths[3] = strdup(put("precise.log", precise, strlen(precise)));
	drain(paths, 4, &s);
	assert_int_equal(s.messages, 4);
	assert_int_equal(s.errors, 0);   /* a quiet log is no error: nothing to say */
	assert_int_equal(s.index[0], 3);
	assert_non_null(strstr(s.texts[0], "to=<fay@example.net>"));
	assert_int_equal(s.index[1], 5);
	assert_non_null(strstr(s.texts[1], "** max@example.invalid"));
	assert_null(strstr(s.files[2], "quiet.log"));   /* it gave nothing */
	assert_int_equal(s.index[2], 1);   /* the application log: one message */
	assert_non_null(strstr(s.texts[2], "ERROR mailer: 550 5.1.1"));
	assert_non_null(strstr(s.texts[2], "\n2026-11-23 10:00:01 INFO"));
	assert_int_equal(s.index[3], 2);   /* journalctl's precise and ISO stamps */
	assert_non_null(strstr(s.texts[3], "to=<bob@example.net>"));
	for (i = 0; i < 4; i++)
		free((char *)(uintptr_t)paths[i]);
}

/* Haraka's and Stalwart's logs are streams too: each refusal is a message
 * numbered by its line, from a first line that is none. */
/* A session log (here MDaemon's) is a stream too: each refusal is a
 * message numbered by the reply's line, read under the lines it needs
 * (the command; for a refused message, its accepted recipients and their
 * replies), whatever other sessions' lines come between; accepted
 * commands give none. */
static void
test_session_log(void **state)
{
	static const char log[] =
		"Sat 2026-12-05 10:00:01.100: [12] Session 00012; child 0001\n"
		"Sat 2026-12-05 10:00:01.140: [12] --> MAIL From:<ann@example.org>\n"
		"Sat 2026-12-05 10:00:01.150: [12] <-- 250 2.1.0 OK\n"
		"Sat 2026-12-05 10:00:01.160: [12] --> RCPT To:<bob@example.com>\n"
		"Sat 2026-12-05 10:00:01.161: [13] --> RCPT To:<eve@example.net>\n"
		"Sat 2026-12-05 10:00:01.170: [12] <-- 250 2.1.5 OK\n"
		"Sat 2026-12-05 10:00:01.171: [13] <-- 550 5.1.1 No such user\n"
		"Sat 2026-12-05 10:00:01.180: [12] --> DATA\n"
		"Sat 2026-12-05 10:00:01.190: [12] <-- 354 go ahead\n"
		"Sat 2026-12-05 10:00:01.200: [12] <-- 554-5.7.1 Message rejected\n"
		"Sat 2026-12-05 10:00:01.200: [12] <-- 554 5.7.1 as spam\n";
	static const char sendmail_v[] =
		"nu@example.net... Connecting to mx.example.net. via esmtp...\n"
		"220 mx.example.net ESMTP\n"
		">>> EHLO app.example.com\n"
		"250 mx.example.net\n"
		">>> MAIL From:<root@app.example.com>\n"
		"530 5.7.0 Must issue a STARTTLS command first\n";
	static const char transcript[] =
		"... while talking to mx.example.com.:\n"
		">>> DATA\n"
		"<<< 550 5.1.1 <ov@example.com>... User unknown\n"
		"550 5.1.1 <ov@example.com>... User unknown\n";
	static const char mailenable[] =
		"#Software: MailEnable\n"
		"#Fields: time\ttype\tThreadID\tConnID\tip-address\tcommand\tdata\tresponse\n"
		"03/11/26 08:14:02\tSMTP-OU\t6F2A1C0E.MAI\t2148\t203.0.113.25\tRCPT\tRCPT TO:<ok@example.net>\t250 OK\n"
		"03/11/26 08:14:03\tSMTP-OU\t6F2A1C0E.MAI\t2148\t203.0.113.25\tRCPT\tRCPT TO:<lm@example.net>\t"
		"550 5.1.1 User unknown\n";
	const char *paths[1];
	struct seen s;

	(void)state;
	paths[0] = strdup(put("mdaemon.log", log, strlen(log)));
	drain(paths, 1, &s);
	assert_int_equal(s.errors, 0);
	assert_int_equal(s.messages, 2);
	assert_int_equal(s.index[0], 7);
	assert_non_null(strstr(s.texts[0], "--> RCPT To:<eve@example.net>\n"));
	assert_non_null(strstr(s.texts[0], "<-- 550 5.1.1"));
	assert_null(strstr(s.texts[0], "bob@"));
	assert_int_equal(s.index[1], 11);
	assert_non_null(strstr(s.texts[1], "RCPT To:<bob@example.com>\nSat 2026-12-05 10:00:01.170: [12] <-- 250"));
	assert_non_null(strstr(s.texts[1], "--> DATA\n"));
	assert_non_null(strstr(s.texts[1], "554-5.7.1 Message rejected\n"));
	assert_non_null(strstr(s.texts[1], "554 5.7.1 as spam"));
	free((char *)(uintptr_t)paths[0]);
	/* MailEnable's activity log, under its W3C header: a refusal on the
	 * line of its command */
	paths[0] = strdup(put("SMTP-Activity-260311.log", mailenable, strlen(mailenable)));
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_int_equal(s.index[0], 4);
	assert_non_null(strstr(s.texts[0], "RCPT TO:<lm@example.net>\t550 5.1.1"));
	free((char *)(uintptr_t)paths[0]);
	/* sendmail -v, once a line announces a delivery attempt: a refused
	 * sender's message starts with that line; a bounce's transcript
	 * (">>> DATA", "<<< 550 ...") is no stream, read whole */
	paths[0] = strdup(put("sendmail-v.txt", sendmail_v, strlen(sendmail_v)));
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_int_equal(s.index[0], 6);
	assert_true(strncmp(s.texts[0], "nu@example.net... Connecting to", 31) == 0);
	free((char *)(uintptr_t)paths[0]);
	paths[0] = strdup(put("transcript.txt", transcript, strlen(transcript)));
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_int_equal(s.index[0], 1);
	free((char *)(uintptr_t)paths[0]);
}

/* A tracking table (Exchange's message tracking log, PowerMTA's
 * accounting file) is a stream too: each failure or deferral row is a
 * message numbered by its line, read under the header row above it. */
static void
test_tracking_table(void **state)
{
	static const char msgtrk[] =
		"#Software: Microsoft Exchange Server\n"
		"#Version: 15.02.1544.004\n"
		"#Fields: date-time,server-hostname,source,event-id,recipient-address,recipient-status\n"
		"2026-12-02T09:14:22.519Z,EX01,SMTP,RECEIVE,ann@example.org,\n"
		"2026-12-02T09:14:22.901Z,EX01,ROUTING,FAIL,ann@example.org,550 5.1.1 RecipNotFound\n";
	static const char acct[] =
		"type,timeLogged,rcpt,dsnAction,dsnStatus,dsnDiag\n"
		"d,2026-04-15 12:00:03-0400,lu@example.net,relayed,2.0.0 (success),smtp;250 OK\n"
		"t,2026-04-15 12:00:04-0400,tom@example.net,delayed,4.2.2 (mailbox full),\n";
	static const char listing[] =
		"[PS] C:\\>Get-Message | Format-List Identity,Status,LastError,Recipients\n\n"
		"Identity    : EX01\\17\\2147483658\n"
		"LastError   : 451 4.4.0 DNS query failed\n"
		"Recipients  : {ann@example.net}\n";
	const char *paths[2];
	struct seen s;
	int i;

	(void)state;
	paths[0] = strdup(put("MSGTRK2026120209-1.LOG", msgtrk, strlen(msgtrk)));
	paths[1] = strdup(put("acct-2026-04-15.csv", acct, strlen(acct)));
	drain(paths, 2, &s);
	assert_int_equal(s.messages, 2);
	assert_int_equal(s.index[0], 5);
	assert_true(strncmp(s.texts[0], "#Fields: date-time,", 19) == 0);
	assert_non_null(strstr(s.texts[0], "\n2026-12-02T09:14:22.901Z,EX01,ROUTING,FAIL"));
	assert_int_equal(s.index[1], 3);
	assert_non_null(strstr(s.texts[1], "dsnDiag\nt,2026"));
	for (i = 0; i < 2; i++)
		free((char *)(uintptr_t)paths[i]);
	/* a PowerShell command naming the columns it lists is no header row:
	 * the file is one text */
	paths[0] = strdup(put("getmessage.txt", listing, strlen(listing)));
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_non_null(strstr(s.texts[0], "Recipients  : {ann@example.net}"));
	free((char *)(uintptr_t)paths[0]);
}

static void
test_other_mail_logs(void **state)
{
	static const char haraka[] =
		"2026-07-02T11:04:19.881Z [NOTICE] [0C4E] [core] connect ip=198.51.100.150 port=46220\n"
		"2026-07-02T11:04:20.013Z [INFO] [0C4E] [core] hook=connect plugin=dnsbl"
		" function=connect_first params=\"\" retval=DENY msg=\"host is listed\"\n";
	static const char stalwart[] =
		"2026-11-03T14:22:10Z INFO SMTP connection started (smtp.connection-start)"
		" listenerId = \"smtp\", localPort = 25\n"
		"2026-11-03T14:22:11Z INFO EHLO command (smtp.ehlo) domain = \"mail.example.net\"\n"
		"2026-11-03T14:23:02Z INFO Mailbox does not exist (smtp.mailbox-does-not-exist)"
		" to = \"no@example.org\", code = 550, details = \"5.1.2 Mailbox does not exist.\"\n";
	const char *paths[2];
	struct seen s;
	int i;

	(void)state;
	paths[0] = strdup(put("haraka.log", haraka, strlen(haraka)));
	paths[1] = strdup(put("stalwart.log", stalwart, strlen(stalwart)));
	drain(paths, 2, &s);
	assert_int_equal(s.messages, 2);
	assert_int_equal(s.index[0], 2);
	assert_non_null(strstr(s.texts[0], "hook=connect"));
	assert_int_equal(s.index[1], 3);
	assert_non_null(strstr(s.texts[1], "no@example.org"));
	for (i = 0; i < 2; i++)
		free((char *)(uintptr_t)paths[i]);
}

/* qmail-send's log (tai64n or syslog-wrapped) is a stream as well: a
 * delivery's failure or deferral is a message numbered by its own line,
 * read with the line that started the delivery, which names the
 * recipient; a failure whose start the log does not hold gives nothing. */
static void
test_qmail_log(void **state)
{
	static const char tai[] =
		"@400000006571b2a30c1b2c34 new msg 12345\n"
		"@400000006571b2a30c1c0000 starting delivery 5: msg 12345 to remote bob@example.net\n"
		"@400000006571b2a30c1c0001 starting delivery 6: msg 12345 to remote cy@example.org\n"
		"@400000006571b2a30c1c1000 delivery 6: deferral: Connection_refused/\n"
		"@400000006571b2a30c1c1000 delivery 5: failure: Remote_host_said:_550_no_such_user/\n"
		"@400000006571b2a30c1c2000 delivery 9: failure: Remote_host_said:_550_unseen/\n";
	static const char wrapped[] =
		"Nov 23 10:00:00 mx qmail: 1700000000.123456 starting delivery 7: msg 9 to local d@example.com\n"
		"Nov 23 10:00:01 mx qmail: 1700000001.123456 delivery 7: failure: Over_quota/\n";
	/* qmail-smtpd's log through tai64nlocal, and journalctl's output
	 * under the command and its first line */
	static const char smtpd[] =
		"2026-03-20 08:15:01.402113500 tcpserver: status: 3/40\n"
		"2026-03-20 08:16:40.912006500 CHKUSER rejected rcpt: from <n@s.example::> remote"
		" <m.s.example:unknown:203.0.113.12> rcpt <fr@example.org> : not existing recipient\n";
	static const char journal[] =
		"$ journalctl -u postfix --no-pager\n"
		"-- Logs begin at Mon 2026-03-11 00:00:03 CET, end at Tue 2026-03-12 14:20:41 CET. --\n"
		"Mar 12 14:02:10 gw postfix/smtp[3310]: 7D41E40A1F: to=<af@gmial.example>, relay=none,"
		" delay=0.09, dsn=5.4.4, status=bounced (Host or domain name not found)\n";
	const char *paths[4];
	struct seen s;
	int i;

	(void)state;
	paths[0] = strdup(put("current", tai, strlen(tai)));
	paths[1] = strdup(put("maillog", wrapped, strlen(wrapped)));
	paths[2] = strdup(put("smtpd", smtpd, strlen(smtpd)));
	paths[3] = strdup(put("journal", journal, strlen(journal)));
	drain(paths, 4, &s);
	assert_int_equal(s.messages, 5);
	assert_int_equal(s.index[3], 2);
	assert_non_null(strstr(s.texts[3], "CHKUSER rejected"));
	assert_int_equal(s.index[4], 3);
	assert_int_equal(s.errors, 0);
	assert_int_equal(s.index[0], 4);
	assert_non_null(strstr(s.texts[0], "delivery 6: msg 12345 to remote cy@example.org\n"));
	assert_non_null(strstr(s.texts[0], "delivery 6: deferral"));
	assert_int_equal(s.index[1], 5);
	assert_non_null(strstr(s.texts[1], "to remote bob@example.net\n@4000"));
	assert_int_equal(s.index[2], 2);
	assert_non_null(strstr(s.texts[2], "Over_quota"));
	for (i = 0; i < 4; i++)
		free((char *)(uintptr_t)paths[i]);
}

static void
test_single_message_keeps_from_lines(void **state)
{
	static const char text[] = "Subject: x\n\nFrom here on, a body line.\n";
	const char *paths[1];
	struct seen s;

	(void)state;
	paths[0] = put("single.eml", text, strlen(text));
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_string_equal(s.texts[0], text);
}

static void
test_maildir_and_tree(void **state)
{
	const char *paths[1];
	char dir[128];
	struct seen s;

	(void)state;
	put("md/cur/2.host:2,S", "Subject: cur\n\nx\n", 16);
	put("md/new/1.host", "Subject: new\n\nx\n", 16);
	put("md/tmp/3.host", "Subject: tmp\n\nx\n", 16);
	put("md/.hidden", "Subject: hidden\n\nx\n", 19);
	snprintf(dir, sizeof dir, "%s/md", root);
	paths[0] = dir;
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 2);
	assert_int_equal(s.errors, 0);
	assert_non_null(strstr(s.files[0], "/cur/2.host:2,S"));  /* sorted: cur before new */
	assert_non_null(strstr(s.files[1], "/new/1.host"));
}

static void
test_reported_entries(void **state)
{
	const char *paths[1];
	char dir[128], fifo[160], loop[160], empty[160];
	struct seen s;
	int i, fifo_seen = 0, loop_seen = 0, empty_seen = 0;

	(void)state;
	put("odd/a.eml", "Subject: a\n\nx\n", 14);
	snprintf(dir, sizeof dir, "%s/odd", root);
	snprintf(fifo, sizeof fifo, "%s/b.fifo", dir);
	snprintf(loop, sizeof loop, "%s/c-loop", dir);
	snprintf(empty, sizeof empty, "%s/d.eml", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink(dir, loop), 0);
	put("odd/d.eml", "", 0);
	paths[0] = dir;
	drain(paths, 1, &s);   /* must not hang on the FIFO nor loop */
	assert_int_equal(s.messages, 1);
	assert_int_equal(s.errors, 3);
	for (i = 0; i < 4; i++) {
		fifo_seen |= strstr(s.files[i], "b.fifo") && strstr(s.texts[i], "FIFO");
		loop_seen |= strstr(s.files[i], "c-loop") && strstr(s.texts[i], "loop");
		empty_seen |= strstr(s.files[i], "d.eml") && strstr(s.texts[i], "empty");
	}
	assert_true(fifo_seen && loop_seen && empty_seen);
}

/* An mbox entry with nothing after its From line is an error that names
 * it; the entries around it keep their numbers. */
static void
test_empty_mbox_entry(void **state)
{
	static const char mbox[] =
		"From a@example.org Mon Jan  1 00:00:00 2024\nSubject: one\n\nx\n\n"
		"From b@example.org Mon Jan  1 00:00:01 2024\n\n"
		"From c@example.org Mon Jan  1 00:00:02 2024\nSubject: three\n\ny\n";
	const char *paths[1];
	struct seen s;

	(void)state;
	paths[0] = put("gap.mbox", mbox, sizeof mbox - 1);
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 2);
	assert_int_equal(s.errors, 1);
	assert_non_null(strstr(s.texts[1], "message 2 is empty"));
	assert_int_equal(s.index[0], 1);
	assert_int_equal(s.index[2], 3);
}

/* gzip - text[0..n) as one gzip member, into out (*outlen in: room) */
static void
gzip(const char *text, size_t n, unsigned char *out, size_t *outlen)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	    Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)text;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)*outlen;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = *outlen - z.avail_out;
	deflateEnd(&z);
}

/* A gzip file is read as what it holds: an mbox inside is split, members
 * written one after the other are read on, bytes after the last member
 * that start no member are left; standard input too. */
static void
test_gzip_read_as_text(void **state)
{
	static const char one[] = "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: one\n\nx\n";
	static const char two[] = "From b@example.org Mon Jan  1 00:00:01 2024\nSubject: two\n\ny\n";
	unsigned char gz[1024];
	size_t n1 = sizeof gz, n2;
	const char *paths[1];
	struct seen s;

	(void)state;
	gzip(one, sizeof one - 1, gz, &n1);
	n2 = sizeof gz - n1;
	gzip(two, sizeof two - 1, gz + n1, &n2);
	memcpy(gz + n1 + n2, "\0\0\0junk", 7);
	paths[0] = put("box.mbox.gz", (const char *)gz, n1 + n2 + 7);
	drain(paths, 1, &s);
	assert_int_equal(s.errors, 0);
	assert_int_equal(s.messages, 2);
	assert_string_equal(s.texts[0], "Subject: one\n\nx\n");
	assert_string_equal(s.texts[1], "Subject: two\n\ny\n");
	assert_int_equal(s.index[1], 2);
}

/* A gzip file cut short or damaged is an error that says so and where;
 * the messages before the damage are read. */
static void
test_gzip_damaged(void **state)
{
	char text[4096];
	unsigned char gz[8192];
	size_t n = sizeof gz, i;
	const char *paths[1];
	struct seen s;

	(void)state;
	/* two messages whose bytes do not repeat: the second needs the tail */
	n = (size_t)snprintf(text, sizeof text, "From a@example.org Mon Jan  1 00:00:00 2024\n"
	    "Subject: one\n\n");
	for (i = 0; n < 3000; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%zu ", i * 7919 % 100003);
	n += (size_t)snprintf(text + n, sizeof text - n, "\n\nFrom b@example.org Mon Jan  1 "
	    "00:00:01 2024\nSubject: two\n\n");
	for (; n < 4000; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%zu ", i * 7919 % 100003);
	i = n;
	n = sizeof gz;
	gzip(text, i, gz, &n);
	paths[0] = put("cut.gz", (const char *)gz, n - 300);
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 1);
	assert_int_equal(s.errors, 1);
	assert_non_null(strstr(s.texts[1], "gzip data ends early"));
	assert_non_null(strstr(s.texts[1], "compressed byte"));

	gz[n / 2] ^= 0x55;
	gz[n / 2 + 1] ^= 0xaa;
	paths[0] = put("bad.gz", (const char *)gz, n);
	drain(paths, 1, &s);
	assert_int_equal(s.errors, 1);
	assert_true(strstr(s.texts[s.messages], "corrupt") != NULL ||
	    strstr(s.texts[s.messages], "ends early") != NULL);
}

/* A stream that inflates far beyond what text compresses to stops with an
 * error past BD_GUNZIP_CHECK_BYTES (the limit's test) */
static void
test_gzip_bomb(void **state)
{
	size_t chunk = 1024 * 1024, total = BD_GUNZIP_CHECK_BYTES + 4 * chunk, done;
	char *zeros = calloc(1, chunk);
	unsigned char *out = malloc(chunk);
	const char *paths[1];
	char path[256];
	z_stream z;
	FILE *f;
	struct seen s;

	(void)state;
	assert_non_null(zeros);
	assert_non_null(out);
	memcpy(zeros, "Subject: zeros\n\n", 16);
	snprintf(path, sizeof path, "%s/bomb.gz", root);
	assert_non_null(f = fopen(path, "wb"));
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	    Z_OK);
	for (done = 0; done < total; done += chunk) {
		z.next_in = (unsigned char *)zeros;
		z.avail_in = (uInt)chunk;
		do {
			z.next_out = out;
			z.avail_out = (uInt)chunk;
			deflate(&z, done + chunk >= total ? Z_FINISH : Z_NO_FLUSH);
			fwrite(out, 1, chunk - z.avail_out, f);
		} while (z.avail_out == 0);
	}
	deflateEnd(&z);
	fclose(f);
	free(zeros);
	free(out);
	paths[0] = path;
	drain(paths, 1, &s);
	assert_int_equal(s.messages, 0);
	assert_int_equal(s.errors, 1);
	assert_non_null(strstr(s.texts[0], "decompression bomb"));
}

static void
test_size_limit(void **state)
{
	size_t n = BD_MAX_MESSAGE_BYTES + 4096;
	char *big = malloc(n);
	const char *paths[1];
	struct bd_source *src;
	struct bd_msgbuf msg;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	memcpy(big, "Subject: big\n\n", 14);
	paths[0] = put("big.eml", big, n);
	free(big);
	memset(&msg, 0, sizeof msg);
	src = bd_source_new(paths, 1);
	assert_int_equal(bd_source_next(src, &msg), BD_SRC_MESSAGE);
	assert_int_equal(msg.len, BD_MAX_MESSAGE_BYTES);
	assert_true(msg.truncated);
	assert_int_equal(bd_source_next(src, &msg), BD_SRC_END);
	bd_source_free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mbox_line_ends),
		cmocka_unit_test(test_single_message_keeps_from_lines),
		cmocka_unit_test(test_mail_log_lines),
		cmocka_unit_test(test_other_mail_logs),
		cmocka_unit_test(test_qmail_log),
		cmocka_unit_test(test_session_log),
		cmocka_unit_test(test_tracking_table),
		cmocka_unit_test(test_maildir_and_tree),
		cmocka_unit_test(test_reported_entries),
		cmocka_unit_test(test_empty_mbox_entry),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_gzip_read_as_text),
		cmocka_unit_test(test_gzip_damaged),
		cmocka_unit_test(test_gzip_bomb),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
