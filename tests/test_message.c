/*
 * test_message.c - decoders (base64, quoted-printable, charsets, RFC 2047)
 * and the MIME parser: header blocks, nested multiparts, returned
 * messages, fragments and the limits.
 */
#include "testutil.h"

#include "decode.h"
#include "limits.h"
#include "message.h"
#include "util.h"

static void
test_base64_qp(void **state)
{
	size_t n;
	char *s;

	(void)state;
	s = bd_base64_decode("SGVs\nbG8g!d29y bGQ=", 19, &n);
	assert_string_equal(s, "Hello world");
	assert_int_equal(n, 11);
	free(s);
	s = bd_base64_decode("SGk", 3, &n); /* no padding */
	assert_string_equal(s, "Hi");
	free(s);
	s = bd_qp_decode("caf=C3=A9 =\nsoft=20break =ZZ end=", 33, &n);
	assert_string_equal(s, "caf\xc3\xa9 soft break =ZZ end");
	free(s);
}

static void
expect_utf8(const char *in, size_t len, const char *cs, const char *want)
{
	size_t n;
	char *s = bd_to_utf8(in, len, cs, &n);

	assert_non_null(s);
	assert_true(bd_utf8_valid(s, n));
	if (strcmp(s, want) != 0)
		fail_msg("charset %s: want '%s', got '%s'", cs ? cs : "(none)", want, s);
	free(s);
}

static void
test_charsets(void **state)
{
	(void)state;
	/* "Пользователь" in KOI8-R and in CP1251 */
	expect_utf8("\xf0\xcf\xcc\xd8\xda\xcf\xd7\xc1\xd4\xc5\xcc\xd8", 12, "koi8-r",
	    "Пользователь");
	expect_utf8("\xcf\xee\xeb\xfc\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc", 12, "windows-1251",
	    "Пользователь");
	/* undeclared CP1251 is guessed */
	expect_utf8("\xcf\xee\xeb\xfc\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc", 12, NULL, "Пользователь");
	/* Russian in KOI8-R labelled windows-1251, and the reverse: the label
	 * is swapped when the text reads as capitals under it; a short text
	 * in capitals keeps its label */
	expect_utf8("\xf0\xcf\xcc\xd8\xda\xcf\xd7\xc1\xd4\xc5\xcc\xd8 \xce\xc5 \xce"
	    "\xc1\xca\xc4\xc5\xce, \xd4\xc1\xcb\xcf\xc7\xcf \xd0\xcf\xde\xd4"
	    "\xcf\xd7\xcf\xc7\xcf \xd1\xdd\xc9\xcb\xc1 \xce\xc5 \xd3\xd5\xdd"
	    "\xc5\xd3\xd4\xd7\xd5\xc5\xd4", 60,
	    "windows-1251", "Пользователь не найден, такого почтового ящика не существует");
	expect_utf8("\xcf\xee\xeb\xfc\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc \xed\xe5 \xed"
	    "\xe0\xe9\xe4\xe5\xed, \xf2\xe0\xea\xee\xe3\xee \xef\xee\xf7\xf2"
	    "\xee\xe2\xee\xe3\xee \xff\xf9\xe8\xea\xe0 \xed\xe5 \xf1\xf3\xf9"
	    "\xe5\xf1\xf2\xe2\xf3\xe5\xf2", 60,
	    "koi8-r", "Пользователь не найден, такого почтового ящика не существует");
	expect_utf8("\xce\xd8\xc8\xc1\xca\xc0", 6, "windows-1251", "ОШИБКА");
	/* "用户不存在" in GB2312 */
	expect_utf8("\xd3\xc3\xbb\xa7\xb2\xbb\xb4\xe6\xd4\xda", 10, "gb2312", "用户不存在");
	expect_utf8("\xd3\xc3\xbb\xa7\xb2\xbb\xb4\xe6\xd4\xda", 10, NULL, "用户不存在");
	/* "宛先" in ISO-2022-JP and Shift_JIS */
	expect_utf8("\x1b$B08@h\x1b(B", 10, "iso-2022-jp", "宛先");
	expect_utf8("\x88\xb6\x90\xe6", 4, "shift_jis", "宛先");
	expect_utf8("caf\xe9", 4, "iso-8859-1", "caf\xc3\xa9");
	/* a lie: declared UTF-8, bytes Latin-1 */
	expect_utf8("caf\xe9 cr\xe8me", 10, "utf-8", "caf\xc3\xa9 cr\xc3\xa8me");
	/* a lie: declared ISO-2022-JP (7-bit), bytes UTF-8 */
	expect_utf8("\xe5\xae\x9b\xe5\x85\x88", 6, "iso-2022-jp", "宛先");
	/* an unknown charset name still gives valid UTF-8 */
	expect_utf8("plain", 5, "x-no-such-charset", "plain");
	/* double-byte and Cyrillic text under a Latin or 7-bit label (GBK and
	 * EUC-KR labelled ISO-8859-1, Shift_JIS labelled ISO-2022-JP, KOI8-R
	 * labelled US-ASCII): the detected charset reads it */
	expect_utf8("\xca\xd5\xbc\xfe\xc8\xcb\xd3\xca\xcf\xe4\xbf\xd5\xbc\xe4\xd2\xd1"
	    "\xc2\xfa\xa3\xac\xce\xde\xb7\xa8\xbd\xd3\xca\xd5\xd0\xc2\xd3\xca"
	    "\xbc\xfe\xa1\xa3\xc7\xeb\xcd\xa8\xd6\xaa\xca\xd5\xbc\xfe\xc8\xcb"
	    "\xc7\xe5\xc0\xed\xd3\xca\xcf\xe4\xba\xf3\xd4\xd9\xd6\xd8\xd0\xc2"
	    "\xb7\xa2\xcb\xcd\xa1\xa3", 70, "iso-8859-1",
	    "收件人邮箱空间已满，无法接收新邮件。请通知收件人清理邮箱后再重新发送。");
	expect_utf8("\xbc\xf6\xbd\xc5\xc0\xda\xc0\xc7\x20\xb8\xde\xc0\xcf\xc7\xd4\x20"
	    "\xbf\xeb\xb7\xae\xc0\xcc\x20\xc3\xca\xb0\xfa\xb5\xc7\xbe\xee\x20"
	    "\xb8\xde\xc0\xcf\xc0\xbb\x20\xb9\xde\xc0\xbb\x20\xbc\xf6\x20\xbe"
	    "\xf8\xbd\xc0\xb4\xcf\xb4\xd9\x2e\x20\xbc\xf6\xbd\xc5\xc0\xda\xbf"
	    "\xa1\xb0\xd4\x20\xb8\xde\xc0\xcf\xc7\xd4\xc0\xbb\x20\xc1\xa4\xb8"
	    "\xae\xc7\xcf\xb5\xb5\xb7\xcf\x20\xbe\xcb\xb7\xc1\x20\xc1\xd6\xbd"
	    "\xca\xbd\xc3\xbf\xc0\x2e", 102, "iso-8859-1",
	    "수신자의 메일함 용량이 초과되어 메일을 받을 수 없습니다. 수신자에게 메일함을 정리하도록 알려 주십시오.");
	expect_utf8("\x83\x81\x81\x5b\x83\x8b\x83\x7b\x83\x62\x83\x4e\x83\x58\x82\xcc"
	    "\x97\x65\x97\xca\x82\xaa\x8f\xe3\x8c\xc0\x82\xc9\x92\x42\x82\xb5"
	    "\x82\xc4\x82\xa2\x82\xe9\x82\xbd\x82\xdf\x81\x41\x83\x81\x83\x62"
	    "\x83\x5a\x81\x5b\x83\x57\x82\xf0\x94\x7a\x90\x4d\x82\xc5\x82\xab"
	    "\x82\xdc\x82\xb9\x82\xf1\x82\xc5\x82\xb5\x82\xbd\x81\x42\x8e\xf3"
	    "\x90\x4d\x8e\xd2\x82\xc9\x98\x41\x97\x8d\x82\xb5\x82\xc4\x82\xad"
	    "\x82\xbe\x82\xb3\x82\xa2\x81\x42", 104, "iso-2022-jp",
	    "メールボックスの容量が上限に達しているため、メッセージを配信できませんでした。受信者に連絡してください。");
	expect_utf8("\xe4\xcf\xcd\xc5\xce\x20\xd0\xcf\xcc\xd5\xde\xc1\xd4\xc5\xcc\xd1"
	    "\x20\xce\xc5\x20\xd3\xd5\xdd\xc5\xd3\xd4\xd7\xd5\xc5\xd4\x2c\x20"
	    "\xd3\xcf\xcf\xc2\xdd\xc5\xce\xc9\xc5\x20\xce\xc5\x20\xcd\xcf\xd6"
	    "\xc5\xd4\x20\xc2\xd9\xd4\xd8\x20\xc4\xcf\xd3\xd4\xc1\xd7\xcc\xc5"
	    "\xce\xcf\x20\xc1\xc4\xd2\xc5\xd3\xc1\xd4\xd5\x2e", 76, "us-ascii",
	    "Домен получателя не существует, сообщение не может быть доставлено адресату.");
	/* German under its own Latin label stays German */
	expect_utf8("\x44\x65\x72\x20\x45\x6d\x70\x66\xe4\x6e\x67\x65\x72\x20\x69\x73"
	    "\x74\x20\x75\x6e\x62\x65\x6b\x61\x6e\x6e\x74\x2e\x20\x44\x69\x65"
	    "\x20\x4e\x61\x63\x68\x72\x69\x63\x68\x74\x20\x6b\x6f\x6e\x6e\x74"
	    "\x65\x20\x6e\x69\x63\x68\x74\x20\x7a\x75\x67\x65\x73\x74\x65\x6c"
	    "\x6c\x74\x20\x77\x65\x72\x64\x65\x6e\x2c\x20\x47\x72\xf6\xdf\x65"
	    "\x20\xfc\x62\x65\x72\x73\x63\x68\x72\x69\x74\x74\x65\x6e\x2e", 95, "iso-8859-1",
	    "Der Empfänger ist unbekannt. Die Nachricht konnte nicht zugestellt werden, Größe überschritten.");
	/* French in Latin-1 without a label is not taken for Cyrillic */
	expect_utf8("d\xe9j\xe0 r\xe9sili\xe9 \xe0 c\xf4t\xe9", 20, NULL,
	    "d\xc3\xa9j\xc3\xa0 r\xc3\xa9sili\xc3\xa9 \xc3\xa0 c\xc3\xb4t\xc3\xa9");
}

static void
test_lower_utf8(void **state)
{
	const char *in = "ÀÉÞ×ß Ёлка ПРИВЕТ Ѐ ABC ґ Ґ 用";
	const char *want = "àéþ×ß ёлка привет ѐ abc ґ Ґ 用";  /* Ґ is not basic Cyrillic */
	char out[64];
	size_t n = strlen(in);

	(void)state;
	assert_true(n < sizeof out);
	bd_lower_utf8(in, n, out);
	out[n] = '\0';
	assert_string_equal(out, want);
}

/* bd_fold_space: white space runs become one space, none at the ends */
static void
test_fold_space(void **state)
{
	static const char *const cases[][2] = {
		{ "a b", "a b" }, { "  a  b  ", "a b" }, { "a\r\n\tb", "a b" }, { "a \nb", "a b" },
		{ "550 5.1.1 User unknown", "550 5.1.1 User unknown" }, { "x ", "x" }, { "   ", "" },
		{ "", "" }, { "one two\n three", "one two three" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(buf, sizeof buf, "%s", cases[i][0]);
		assert_string_equal(bd_fold_space(buf), cases[i][1]);
	}
}

static void
test_utf8_cut(void **state)
{
	const char *s = "ab\xc3\xa9\xe7\x94\xa8";	/* a b é 用 */

	(void)state;
	assert_int_equal(bd_utf8_cut(s, 7), 7);
	assert_int_equal(bd_utf8_cut(s, 6), 4);	/* inside 用 */
	assert_int_equal(bd_utf8_cut(s, 5), 4);
	assert_int_equal(bd_utf8_cut(s, 4), 4);
	assert_int_equal(bd_utf8_cut(s, 3), 2);	/* inside é */
	assert_int_equal(bd_utf8_cut(s, 0), 0);
}

static void
test_rfc2047(void **state)
{
	char *s;

	(void)state;
	s = bd_rfc2047_decode("=?UTF-8?B?0J3QtdC00L7RgdGC0LDQstC70LXQvdC+?= =?utf-8?Q?_x?= end", 63);
	assert_string_equal(s, "Недоставлено x end");
	free(s);
	s = bd_rfc2047_decode("=?gb2312?B?z7XNs83L0MU=?=", 25);
	assert_string_equal(s, "系统退信");
	free(s);
	s = bd_rfc2047_decode("=?broken?X?zz?= and =?utf-8?Q?caf=C3=A9?=", 41);
	assert_string_equal(s, "=?broken?X?zz?= and café");
	free(s);
}

static const char dsn_message[] =
	"Return-Path: <>\n"
	"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
	"Subject: =?utf-8?Q?Undelivered_Mail?=\n"
	" Returned to Sender\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/report; report-type=delivery-status;\n"
	"\tboundary=\"outer\"\n"
	"\n"
	"preamble\n"
	"--outer\n"
	"Content-Type: multipart/alternative; boundary=inner\n"
	"\n"
	"--inner\n"
	"Content-Type: text/plain; charset=koi8-r\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"=F0=CF=CC=D8=DA=CF=D7=C1=D4=C5=CC=D8 bob@example.net\n"
	"--inner--\n"
	"--outer\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.org\n"
	"\n"
	"Final-Recipient: rfc822; bob@example.net\n"
	"Status: 5.1.1\n"
	"--outer\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"From: alice@example.org\n"
	"Subject: hello\n"
	"\n"
	"original body\n"
	"--outer\n"
	"Content-Type: image/png; name=\"x.png\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"iVBORw0KGgo=\n"
	"--outer--\n"
	"epilogue\n";

static void
test_mime_tree(void **state)
{
	struct bd_message m;

	(void)state;
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, dsn_message, strlen(dsn_message)), 0);
	assert_true(m.has_header_block);
	assert_string_equal(bd_headers_get(&m.headers, "subject"), "Undelivered Mail Returned to Sender");
	assert_int_equal(m.nparts, 4);
	assert_string_equal(m.parts[0].type, "text/plain");
	assert_int_equal(m.parts[0].depth, 2);
	assert_string_equal(m.parts[0].text, "Пользователь bob@example.net");
	assert_string_equal(m.parts[1].type, "message/delivery-status");
	assert_non_null(strstr(m.parts[1].text, "Status: 5.1.1"));
	assert_string_equal(m.parts[2].type, "message/rfc822");
	assert_true(m.parts[2].in_attached);
	assert_int_equal(m.parts[2].headers.n, 0);
	assert_string_equal(m.parts[2].text, "From: alice@example.org\nSubject: hello\n\n");
	assert_string_equal(m.parts[3].filename, "x.png");
	assert_int_equal(m.parts[3].len, 0);
	assert_int_equal(m.truncated, 0);
	bd_message_free(&m);
}

/* parse_parts - parse text into m (zeroed first), which must have n parts */
static void
parse_parts(struct bd_message *m, const char *text, size_t n)
{
	memset(m, 0, sizeof *m);
	assert_int_equal(bd_message_parse(m, text, strlen(text)), 0);
	assert_int_equal(m->nparts, n);
}

/* A delivery-status part in the server's own legacy charset, which only
 * the text part before it declares (EUC-KR), is read in that charset; one
 * in UTF-8 stays UTF-8. */
static void
test_undeclared_part_charset(void **state)
{
	static const char text[] =
		"From: MAILER-DAEMON@mail.example.kr\nSubject: x\nMIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain; charset=euc-kr\n\n\xbc\xf6\xbd\xc5\xc0\xda\n"
		"--b\nContent-Type: message/delivery-status\n\nDiagnostic-Code: smtp; 550 "
		"\xc1\xb8\xc0\xe7\xc7\xcf\xc1\xf6 \xbe\xca\xb4\xc2 \xbb\xe7\xbf\xeb\xc0\xda\n"
		"--b\nContent-Type: message/delivery-status\n\nDiagnostic-Code: smtp; 550 "
		"\xec\x82\xac\xec\x9a\xa9\xec\x9e\x90\n--b--\n";
	struct bd_message m;

	(void)state;
	parse_parts(&m, text, 3);
	assert_non_null(strstr(m.parts[0].text, "수신자"));
	assert_non_null(strstr(m.parts[1].text, "550 존재하지 않는 사용자"));
	assert_non_null(strstr(m.parts[2].text, "550 사용자"));
	bd_message_free(&m);
}

/* A NUL a decoding produced ("=00" from a stray "=" before digits) does
 * not end the part's text; an attached delivery report keeps its source. */
static void
test_nul_and_attached_report(void **state)
{
	static const char text[] =
		"From: postmaster@example.com\nSubject: Undeliverable\n"
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
		"see http://example.com/?LinkId=00000000 then the rest\n"
		"--b\nContent-Type: message/rfc822\n\n"
		"From: postmaster@mx.example.com\nContent-Type: multipart/report; boundary=c\n\n"
		"--c\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--c--\n"
		"--b--\n";
	struct bd_message m;

	(void)state;
	parse_parts(&m, text, 2);
	assert_int_equal(strlen(m.parts[0].text), m.parts[0].len);
	assert_non_null(strstr(m.parts[0].text, "then the rest"));
	assert_null(m.parts[0].report);
	assert_non_null(m.parts[1].report);
	assert_non_null(strstr(m.parts[1].report, "Status: 5.1.1"));
	assert_null(strstr(m.parts[1].text, "Status: 5.1.1")); /* text: the header block */
	bd_message_free(&m);
}

/* An attached message's source is kept when the message carrying it is
 * no report (a person forwarding a bounce); a report's returned original
 * keeps only its header block. */
static void
test_attached_source_kept(void **state)
{
	static const char forward[] =
		"From: helen@example.org\nSubject: Fwd: returned mail\n"
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nwhat does this mean?\n"
		"--b\nContent-Type: message/rfc822\n\n"
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail\n\n"
		"<q@example.net>: host mx.example.net said: 552 5.2.2 Mailbox full\n"
		"--b--\n";
	static const char report[] =
		"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nNot delivered.\n"
		"--b\nContent-Type: message/rfc822\n\n"
		"From: helen@example.org\nSubject: lunch\n\nshall we?\n"
		"--b--\n";
	struct bd_message m;

	(void)state;
	parse_parts(&m, forward, 2);
	assert_non_null(m.parts[1].report);
	assert_non_null(strstr(m.parts[1].report, "Mailbox full"));
	bd_message_free(&m);
	parse_parts(&m, report, 2);
	assert_null(m.parts[1].report);
	assert_null(strstr(m.parts[1].text, "shall we"));
	bd_message_free(&m);
}

static void
expect_fragment(const char *text, int want_header_block)
{
	struct bd_message m;

	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, text, strlen(text)), 0);
	if (m.has_header_block != want_header_block)
		fail_msg("has_header_block %d for '%s'", m.has_header_block, text);
	if (!want_header_block) {
		assert_int_equal(m.nparts, 1);
		assert_string_equal(m.parts[0].text, text);
	}
	bd_message_free(&m);
}

static void
test_fragments(void **state)
{
	(void)state;
	expect_fragment("550 5.7.1 Unable to relay for bob@example.net\n", 0);
	expect_fragment("Server Error: 550, Error Number: 0x800CCC79\n", 0);
	expect_fragment("Final-Recipient: rfc822; a@example.net\nStatus: 5.1.1\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 unknown\n", 0);
	expect_fragment("From: a@example.org\nTo: b@example.net\nSubject: hi\n\nbody\n", 1);
	expect_fragment("From MAILER-DAEMON Mon Nov  2 10:00:00 2026\nFrom: x@example.org\n\nbody\n", 1);
}

static void
test_limits(void **state)
{
	struct strbuf sb = { 0 };
	struct bd_message m;
	int i;

	(void)state;
	/* nesting deeper than the limit */
	sb_appends(&sb, "From: a@example.org\nContent-Type: multipart/mixed; boundary=b0\n\n");
	for (i = 0; i < BD_MAX_MIME_DEPTH + 5; i++) {
		char line[128];

		snprintf(line, sizeof line, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i + 1);
		sb_appends(&sb, line);
	}
	sb_appends(&sb, "deep text\n");
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, sb.s, sb.len), 0);
	assert_true(m.truncated & BD_TRUNC_DEPTH);
	bd_message_free(&m);
	sb_free(&sb);
	/* more parts than the limit */
	sb_appends(&sb, "From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n");
	for (i = 0; i < BD_MAX_MIME_PARTS + 10; i++)
		sb_appends(&sb, "--x\n\npart\n");
	sb_appends(&sb, "--x--\n");
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, sb.s, sb.len), 0);
	assert_true(m.truncated & BD_TRUNC_PARTS);
	assert_int_equal(m.nparts, BD_MAX_MIME_PARTS);
	bd_message_free(&m);
	sb_free(&sb);
	/* more header fields than the limit */
	sb_appends(&sb, "From: a@example.org\n");
	for (i = 0; i < BD_MAX_HEADERS + 10; i++)
		sb_appends(&sb, "X-Junk: 1\n");
	sb_appends(&sb, "\nbody\n");
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, sb.s, sb.len), 0);
	assert_true(m.truncated & BD_TRUNC_HEADERS);
	assert_int_equal(m.headers.seen, BD_MAX_HEADERS);
	bd_message_free(&m);
	sb_free(&sb);
}

static void
test_unterminated_and_odd(void **state)
{
	static const char text[] =
		"From: a@example.org\nContent-Type: multipart/mixed; boundary=\"\"\n\nno parts\n";
	static const char open_end[] =
		"From: a@example.org\nContent-Type: multipart/mixed; boundary=z\n\n--z\n\nfirst\n--z\n\nsecond, no close";
	struct bd_message m;

	(void)state;
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, text, strlen(text)), 0);
	assert_int_equal(m.nparts, 1);
	assert_string_equal(m.parts[0].text, "no parts\n");
	bd_message_free(&m);
	memset(&m, 0, sizeof m);
	assert_int_equal(bd_message_parse(&m, open_end, strlen(open_end)), 0);
	assert_int_equal(m.nparts, 2);
	assert_string_equal(m.parts[0].text, "first");
	assert_string_equal(m.parts[1].text, "second, no close");
	bd_message_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_qp),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_rfc2047),
		cmocka_unit_test(test_lower_utf8),
		cmocka_unit_test(test_utf8_cut),
		cmocka_unit_test(test_fold_space),
		cmocka_unit_test(test_mime_tree),
		cmocka_unit_test(test_undeclared_part_charset),
		cmocka_unit_test(test_nul_and_attached_report),
		cmocka_unit_test(test_attached_source_kept),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_unterminated_and_odd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
