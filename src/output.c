/*
 * output.c - records as text blocks, JSON Lines, TSV and CSV
 *
 * Every format carries the same fields in the same order (FIELDS below);
 * text is the readable one.  Strings are written as UTF-8; invalid bytes
 * become U+FFFD so the output is always valid.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "output.h"
#include "util.h"

/* The record fields in output order: the JSON keys and tsv/csv columns. */
enum field {
	F_FILE, F_MESSAGE, F_RECIPIENT, F_ACTION, F_STATUS, F_REPLY_CODE,
	F_REASON, F_HARD, F_DIAGNOSTIC, F_REMOTE_MTA, F_SMTP_COMMAND, F_RULE,
	F_CAUSE, F_FIX, F_EVIDENCE, F_TITLE, F_NOTE, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"file", "message", "recipient", "action", "status", "reply_code",
	"reason", "hard", "diagnostic", "remote_mta", "smtp_command", "rule",
	"cause", "fix", "evidence", "title", "note"
};

int
bd_format_parse(const char *name)
{
	static const char *const names[] = { "text", "json", "tsv", "csv" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* plain_ascii - bytes that go into a JSON string as they are (printable
 * ASCII but the quote and the backslash) */
static const unsigned char plain_ascii[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

int
bd_json_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, left;
	char esc[8];
	int rc = 0;

	if (s == NULL)
		return sb_appends(sb, "null");
	left = strlen(s);
	rc |= sb_appendc(sb, '"');
	while (left > 0 && rc == 0) {
		for (n = 0; n < left && plain_ascii[p[n]]; n++)
			;
		if (n > 0) { /* a run of plain ASCII goes as it is */
			rc |= sb_append(sb, (const char *)p, n);
			p += n;
			left -= n;
			continue;
		}
		if (*p == '"' || *p == '\\') {
			rc |= sb_appendc(sb, '\\');
			rc |= sb_appendc(sb, (char)*p);
			n = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			rc |= sb_appends(sb, esc);
			n = 1;
		} else if ((n = bd_utf8_seq(p, left)) > 0)
			rc |= sb_append(sb, (const char *)p, n);
		else {
			rc |= sb_appends(sb, "\xef\xbf\xbd");
			n = 1;
		}
		p += n;
		left -= n;
	}
	rc |= sb_appendc(sb, '"');
	return rc ? -1 : 0;
}

/* append_safe - s with control characters (escape sequences a hostile
 * bounce could use on a terminal, tabs, line breaks) made spaces and
 * invalid UTF-8 made U+FFFD */
static int
append_safe(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = s ? strlen(s) : 0, n;
	int rc = 0;

	while (left > 0 && rc == 0) {
		if (*p < 0x20 || *p == 0x7f) {
			rc |= sb_appendc(sb, ' ');
			n = 1;
		} else if ((n = bd_utf8_seq(p, left)) > 0)
			rc |= sb_append(sb, (const char *)p, n);
		else {
			rc |= sb_appends(sb, "\xef\xbf\xbd");
			n = 1;
		}
		p += n;
		left -= n;
	}
	return rc ? -1 : 0;
}

/* field_text - a field's value as a string (NULL when unknown) */
static const char *
field_text(enum field f, const struct bd_origin *from, const bd_record *r,
    char num[32])
{
	switch (f) {
	case F_FILE: return from->file;
	case F_MESSAGE:
		snprintf(num, 32, "%zu", from->message);
		return num;
	case F_RECIPIENT: return r->recipient;
	case F_ACTION: return r->action;
	case F_STATUS: return r->status;
	case F_REPLY_CODE:
		if (r->reply_code == 0)
			return NULL;
		snprintf(num, 32, "%d", r->reply_code);
		return num;
	case F_REASON: return r->reason;
	case F_HARD:
		if (r->reason == NULL)
			return NULL;
		return r->hard ? "true" : "false";
	case F_DIAGNOSTIC: return r->diagnostic;
	case F_REMOTE_MTA: return r->remote_mta;
	case F_SMTP_COMMAND: return r->smtp_command;
	case F_RULE: return r->rule;
	case F_CAUSE: return r->cause;
	case F_FIX: return r->fix;
	case F_EVIDENCE: return r->evidence;
	case F_TITLE: return r->title;
	case F_NOTE: return from->note ? from->note : r->note;
	default: return NULL;
	}
}

/* out_json - one JSON object on one line */
static int
out_json(struct strbuf *sb, const struct bd_origin *from, const bd_record *r)
{
	char num[32];
	const char *v;
	int rc = 0, f;

	rc |= sb_appendc(sb, '{');
	for (f = 0; f < F_COUNT; f++) {
		if (f)
			rc |= sb_appendc(sb, ',');
		rc |= bd_json_string(sb, field_names[f]);
		rc |= sb_appendc(sb, ':');
		v = field_text((enum field)f, from, r, num);
		if (v != NULL && (f == F_MESSAGE || f == F_REPLY_CODE || f == F_HARD))
			rc |= sb_appends(sb, v);
		else
			rc |= bd_json_string(sb, v);
	}
	rc |= sb_appends(sb, "}\n");
	return rc ? -1 : 0;
}

/* out_tsv_value - a value with tabs and line breaks made spaces */
static int
out_tsv_value(struct strbuf *sb, const char *v)
{
	return append_safe(sb, v);
}

/* out_csv_value - RFC 4180: quote when needed, double the quotes */
static int
out_csv_value(struct strbuf *sb, const char *v)
{
	int rc = 0;

	const char *q;

	if (v == NULL)
		return 0;
	if (strpbrk(v, ",\"\r\n") == NULL)
		return append_safe(sb, v);
	rc |= sb_appendc(sb, '"');
	while (rc == 0 && (q = strchr(v, '"')) != NULL) {
		char *piece = bd_strndup(v, (size_t)(q - v) + 1);

		rc |= piece ? append_safe(sb, piece) : -1;
		rc |= sb_appendc(sb, '"');
		free(piece);
		v = q + 1;
	}
	rc |= append_safe(sb, v);
	rc |= sb_appendc(sb, '"');
	return rc;
}

/* out_cell - one value of a tsv or csv line, after its separator */
static int
out_cell(struct strbuf *sb, enum bd_format fmt, int first, const char *v)
{
	int rc = 0;

	if (!first)
		rc |= sb_appendc(sb, fmt == BD_FMT_TSV ? '\t' : ',');
	rc |= fmt == BD_FMT_TSV ? out_tsv_value(sb, v) : out_csv_value(sb, v);
	return rc;
}

/* out_row_end - a tsv line ends in LF, a csv one in CRLF (RFC 4180) */
static int
out_row_end(struct strbuf *sb, enum bd_format fmt)
{
	return sb_appends(sb, fmt == BD_FMT_TSV ? "\n" : "\r\n");
}

/* out_delimited - one tsv or csv line */
static int
out_delimited(struct strbuf *sb, enum bd_format fmt,
    const struct bd_origin *from, const bd_record *r)
{
	char num[32];
	int rc = 0, f;

	for (f = 0; f < F_COUNT; f++)
		rc |= out_cell(sb, fmt, f == 0, field_text((enum field)f, from, r, num));
	rc |= out_row_end(sb, fmt);
	return rc ? -1 : 0;
}

int
bd_out_row(struct strbuf *sb, enum bd_format fmt, const char *const *values, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		rc |= out_cell(sb, fmt, i == 0, values[i]);
	rc |= out_row_end(sb, fmt);
	return rc ? -1 : 0;
}

int
bd_out_header(struct strbuf *sb, const struct bd_out_opts *o)
{
	if (o->format != BD_FMT_TSV && o->format != BD_FMT_CSV)
		return 0;
	return bd_out_row(sb, o->format, field_names, F_COUNT);
}

/* The words of the text output, per language: labels padded to one
 * width, and the short words inside lines. */
enum text_word {
	W_REASON, W_CAUSE, W_FIX, W_SERVER, W_RULE, W_NOTE, W_NO_RECIPIENT, W_NOT_BOUNCE,
	W_HARD, W_SOFT, W_INFERRED, W_SAID, W_AFTER, W_AFTER_END, W_MATCHED, W_MATCHED_END,
	W_COUNT
};

static const char *const text_words[BD_NLANG][W_COUNT] = {
	{ "reason:  ", "cause:   ", "fix:     ", "server:  ", "rule:    ", "note:    ",
	  "(no recipient)", "not a bounce", " (hard)", " (soft)", " (inferred)", " said: ",
	  " (after ", ")", ", matched \"", "\"" },
	{ "原因：", "起因：", "处理：", "回复：", "规则：", "备注：",
	  "（无收件人）", "不是退信", "（硬退信）", "（软退信）", "（推断）", " 返回：",
	  "（命令 ", "）", "，匹配“", "”" },
	{ "причина:    ", "суть:       ", "что делать: ", "сервер:     ", "правило:    ",
	  "примечание: ", "(без получателя)", "не отказ о доставке", " (жёсткий)", " (мягкий)",
	  " (выведен)", " ответил: ", " (после ", ")", ", совпало «", "»" },
};

#define WORD(o, w) (text_words[(o)->lang < BD_NLANG ? (o)->lang : BD_LANG_EN][w])

/* text_line - "  label: value" when value is set */
static int
text_line(struct strbuf *sb, const struct bd_out_opts *o, const char *label,
    const char *value)
{
	int rc = 0;

	if (value == NULL || *value == '\0')
		return 0;
	rc |= sb_appends(sb, o->color ? "  \033[2m" : "  ");
	rc |= sb_appends(sb, label);
	rc |= sb_appends(sb, o->color ? "\033[0m " : " ");
	rc |= sb_appends(sb, value);
	rc |= sb_appendc(sb, '\n');
	return rc;
}

/* inferred - a status the catalogue gave for a reason (X.0.9NN), which no
 * server wrote: text output says so, lest someone search the web for it */
static int
inferred(const char *status)
{
	return strlen(status) == 7 && status[1] == '.' && status[3] == '.' && status[4] == '9' &&
	    isdigit((unsigned char)status[5]) && isdigit((unsigned char)status[6]);
}

/* text_head - first line: address, action, codes */
static int
text_head(struct strbuf *sb, const struct bd_out_opts *o,
    const struct bd_origin *from, const bd_record *r)
{
	char buf[96];
	int rc = 0;

	rc |= sb_appends(sb, o->color ? "\033[1m" : "");
	rc |= r->recipient ? append_safe(sb, r->recipient) : sb_appends(sb, WORD(o, W_NO_RECIPIENT));
	rc |= sb_appends(sb, o->color ? "\033[0m" : "");
	if (r->action)
		rc |= sb_appends(sb, "  "), rc |= sb_appends(sb, r->action);
	if (r->status) {
		rc |= sb_appends(sb, "  "), rc |= sb_appends(sb, r->status);
		if (inferred(r->status))
			rc |= sb_appends(sb, WORD(o, W_INFERRED));
	}
	if (r->reply_code) {
		snprintf(buf, sizeof buf, "  %d", r->reply_code);
		rc |= sb_appends(sb, buf);
	}
	rc |= sb_appends(sb, "  [");
	rc |= append_safe(sb, from->file);
	snprintf(buf, sizeof buf, " #%zu]\n", from->message);
	rc |= sb_appends(sb, buf);
	return rc;
}

/* text_reason - "reason: userunknown (hard) - title" */
static int
text_reason(struct strbuf *sb, const struct bd_out_opts *o, const bd_record *r)
{
	struct strbuf line = { 0 };
	const char *on = "", *off = "";
	int rc = 0;

	if (r->reason == NULL)
		return text_line(sb, o, WORD(o, W_REASON), WORD(o, W_NOT_BOUNCE));
	if (o->color) {
		on = r->hard ? "\033[1;31m" : "\033[1;33m";
		off = "\033[0m";
	}
	rc |= sb_appends(&line, on);
	rc |= sb_appends(&line, r->reason);
	rc |= sb_appends(&line, off);
	rc |= sb_appends(&line, WORD(o, r->hard ? W_HARD : W_SOFT));
	if (r->title) {
		rc |= sb_appends(&line, " - ");
		rc |= sb_appends(&line, r->title);
	}
	if (rc == 0)
		rc = text_line(sb, o, WORD(o, W_REASON), line.s);
	sb_free(&line);
	return rc;
}

/* names_host - the diagnostic starts by naming the server that spoke
 * ("host mx.example.net[192.0.2.7] said: 550 ...", as Postfix words it) */
static int
names_host(const char *diag)
{
	const char *said;

	return diag && strncmp(diag, "host ", 5) == 0 && (said = strstr(diag, " said: ")) != NULL &&
	    memchr(diag + 5, ' ', (size_t)(said - diag - 5)) == NULL;
}

/* text_server - "server: host said: diagnostic (RCPT)" */
static int
text_server(struct strbuf *sb, const struct bd_out_opts *o, const bd_record *r)
{
	struct strbuf line = { 0 };
	int rc = 0;

	if (r->diagnostic == NULL && r->remote_mta == NULL)
		return 0;
	if (r->remote_mta && !names_host(r->diagnostic) && !(r->diagnostic &&
	    bd_memcasemem(r->diagnostic, strnlen(r->diagnostic, 120), r->remote_mta,
	    strlen(r->remote_mta)))) {   /* its words name the server already */
		rc |= append_safe(&line, r->remote_mta);
		rc |= sb_appends(&line, r->diagnostic ? WORD(o, W_SAID) : "");
	}
	if (r->diagnostic)
		rc |= append_safe(&line, r->diagnostic);
	if (r->smtp_command && !(r->diagnostic && bd_memcasemem(r->diagnostic,
	    strlen(r->diagnostic), r->smtp_command, strlen(r->smtp_command)))) {
		rc |= sb_appends(&line, WORD(o, W_AFTER));
		rc |= sb_appends(&line, r->smtp_command);
		rc |= sb_appends(&line, WORD(o, W_AFTER_END));
	}
	if (rc == 0)
		rc = text_line(sb, o, WORD(o, W_SERVER), line.s);
	sb_free(&line);
	return rc;
}

/* text_rule - "rule: id, matched "evidence"" */
static int
text_rule(struct strbuf *sb, const struct bd_out_opts *o, const bd_record *r)
{
	struct strbuf line = { 0 };
	int rc = 0;

	if (r->rule == NULL)
		return 0;
	rc |= sb_appends(&line, r->rule);
	if (r->evidence) {
		rc |= sb_appends(&line, WORD(o, W_MATCHED));
		rc |= append_safe(&line, r->evidence);
		rc |= sb_appends(&line, WORD(o, W_MATCHED_END));
	}
	if (rc == 0)
		rc = text_line(sb, o, WORD(o, W_RULE), line.s);
	sb_free(&line);
	return rc;
}

/* out_text - a readable block per record */
static int
out_text(struct strbuf *sb, const struct bd_out_opts *o,
    const struct bd_origin *from, const bd_record *r)
{
	int rc = 0;

	rc |= text_head(sb, o, from, r);
	rc |= text_reason(sb, o, r);
	rc |= text_line(sb, o, WORD(o, W_CAUSE), r->cause);
	rc |= text_line(sb, o, WORD(o, W_FIX), r->fix);
	rc |= text_server(sb, o, r);
	rc |= text_rule(sb, o, r);
	rc |= text_line(sb, o, WORD(o, W_NOTE), from->note ? from->note : r->note);
	rc |= sb_appendc(sb, '\n');
	return rc ? -1 : 0;
}

int
bd_out_record(struct strbuf *sb, const struct bd_out_opts *o,
    const struct bd_origin *from, const bd_record *r)
{
	switch (o->format) {
	case BD_FMT_JSON:
		return out_json(sb, from, r);
	case BD_FMT_TSV:
	case BD_FMT_CSV:
		return out_delimited(sb, o->format, from, r);
	default:
		return out_text(sb, o, from, r);
	}
}
