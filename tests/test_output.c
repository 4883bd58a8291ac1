/*
 * test_output.c - record formats: JSON Lines escaping and keys, TSV and
 * CSV quoting, the text block.
 */
#include "testutil.h"

#include "output.h"

static bd_record
sample_record(void)
{
	bd_record r;

	memset(&r, 0, sizeof r);
	r.recipient = "bob@example.net";
	r.action = "failed";
	r.status = "5.1.1";
	r.reply_code = 550;
	r.reason = "userunknown";
	r.hard = 1;
	r.diagnostic = "550 5.1.1 \"bob\"\tunknown\n";
	r.rule = "userunknown.test";
	r.title = "Recipient unknown";
	return r;
}

static const struct bd_origin origin = { "in/a.eml", 2, NULL };

static void
test_json_keys_and_escapes(void **state)
{
	struct bd_out_opts o = { BD_FMT_JSON, 0 };
	struct strbuf sb = { 0 };
	bd_record r = sample_record();

	(void)state;
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	assert_non_null(strstr(sb.s, "\"file\":\"in/a.eml\""));
	assert_non_null(strstr(sb.s, "\"message\":2,"));
	assert_non_null(strstr(sb.s, "\"reply_code\":550,"));
	assert_non_null(strstr(sb.s, "\"hard\":true,"));
	assert_non_null(strstr(sb.s, "\"remote_mta\":null,"));
	assert_non_null(strstr(sb.s, "\"diagnostic\":\"550 5.1.1 \\\"bob\\\"\\u0009unknown\\u000a\""));
	assert_int_equal(sb.s[sb.len - 1], '\n');
	assert_null(strchr(sb.s, '\t'));
	sb_free(&sb);
}

static void
test_json_not_a_bounce(void **state)
{
	struct bd_out_opts o = { BD_FMT_JSON, 0 };
	struct strbuf sb = { 0 };
	bd_record r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	assert_non_null(strstr(sb.s, "\"reason\":null,\"hard\":null"));
	assert_non_null(strstr(sb.s, "\"reply_code\":null"));
	sb_free(&sb);
}

static void
test_json_invalid_utf8(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	/* a lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, then valid Chinese */
	assert_int_equal(bd_json_string(&sb, "a\x80 b\xe4\xb8 c\xc0\xaf d\xed\xa0\x80 \xe9\x80\x80"), 0);
	assert_string_equal(sb.s, "\"a\xef\xbf\xbd b\xef\xbf\xbd\xef\xbf\xbd c\xef\xbf\xbd\xef\xbf\xbd"
	    " d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xe9\x80\x80\"");
	sb_free(&sb);
}

static void
test_tsv_header_and_line(void **state)
{
	struct bd_out_opts o = { BD_FMT_TSV, 0 };
	struct strbuf sb = { 0 };
	bd_record r = sample_record();
	char *line2;

	(void)state;
	assert_int_equal(bd_out_header(&sb, &o), 0);
	assert_true(strncmp(sb.s, "file\tmessage\trecipient\taction\tstatus\treply_code\treason\thard\t", 60) == 0);
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	line2 = strchr(sb.s, '\n') + 1;
	assert_true(strncmp(line2, "in/a.eml\t2\tbob@example.net\tfailed\t5.1.1\t550\tuserunknown\ttrue\t550 5.1.1 \"bob\" unknown \t", 80) == 0);
	/* one line: the diagnostic's tab and newline became spaces */
	assert_ptr_equal(strchr(line2, '\n'), sb.s + sb.len - 1);
	sb_free(&sb);
}

static void
test_csv_quoting(void **state)
{
	struct bd_out_opts o = { BD_FMT_CSV, 0 };
	struct strbuf sb = { 0 };
	bd_record r = sample_record();

	(void)state;
	r.diagnostic = "550 no, \"such\" user";
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	assert_non_null(strstr(sb.s, ",\"550 no, \"\"such\"\" user\","));
	assert_int_equal(sb.s[sb.len - 2], '\r');
	sb_free(&sb);
}

static void
test_text_block(void **state)
{
	struct bd_out_opts o = { BD_FMT_TEXT, 0 };
	struct strbuf sb = { 0 };
	bd_record r = sample_record();

	(void)state;
	r.remote_mta = "mx.example.net";
	r.smtp_command = "RCPT";
	r.evidence = "User unknown";
	r.cause = "The address does not exist.";
	r.fix = "Remove it.";
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	assert_non_null(strstr(sb.s, "bob@example.net  failed  5.1.1  550"));
	assert_non_null(strstr(sb.s, "reason:   userunknown (hard) - Recipient unknown\n"));
	assert_non_null(strstr(sb.s, "cause:    The address does not exist.\n"));
	assert_non_null(strstr(sb.s, "fix:      Remove it.\n"));
	assert_non_null(strstr(sb.s, "server:   mx.example.net said: 550 5.1.1"));
	assert_non_null(strstr(sb.s, "(after RCPT)"));
	assert_non_null(strstr(sb.s, "rule:     userunknown.test, matched \"User unknown\""));
	assert_null(strchr(sb.s, '\033'));
	sb_free(&sb);
	o.color = 1;
	assert_int_equal(bd_out_record(&sb, &o, &origin, &r), 0);
	assert_non_null(strchr(sb.s, '\033'));
	sb_free(&sb);
}

static void
test_format_parse(void **state)
{
	(void)state;
	assert_int_equal(bd_format_parse("json"), BD_FMT_JSON);
	assert_int_equal(bd_format_parse("csv"), BD_FMT_CSV);
	assert_int_equal(bd_format_parse("xml"), -1);
}

/* a hostile bounce must not reach the terminal with escape sequences, nor
 * a spreadsheet with invalid UTF-8 */
static void
test_hostile_strings(void **state)
{
	struct bd_out_opts text = { BD_FMT_TEXT, 0 }, csv = { BD_FMT_CSV, 0 };
	struct strbuf sb = { 0 };
	bd_record r = sample_record();

	(void)state;
	r.diagnostic = "550 \033]0;pwned\007 gone \xff\xfe \"q\"";
	r.recipient = "evil\033[2J@example.net";
	assert_int_equal(bd_out_record(&sb, &text, &origin, &r), 0);
	assert_null(strchr(sb.s, '\033'));
	assert_null(strchr(sb.s, '\007'));
	assert_non_null(strstr(sb.s, "gone \xef\xbf\xbd\xef\xbf\xbd"));
	sb_free(&sb);
	assert_int_equal(bd_out_record(&sb, &csv, &origin, &r), 0);
	assert_null(strchr(sb.s, '\033'));
	assert_null(strstr(sb.s, "\xff"));
	assert_non_null(strstr(sb.s, "\"\"q\"\"\""));
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_keys_and_escapes),
		cmocka_unit_test(test_json_not_a_bounce),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_tsv_header_and_line),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_text_block),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_hostile_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
