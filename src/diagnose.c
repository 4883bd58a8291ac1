/*
 * diagnose.c - the pipeline for one message: normalise line ends, parse
 * (message or pasted fragment), extract facts per recipient, classify each,
 * and hand back the records.
 */
#include <stdlib.h>
#include <string.h>

#include "bouncediag.h"
#include "classify.h"
#include "decode.h"
#include "facts.h"
#include "message.h"
#include "scan.h"
#include "util.h"

struct bd_report {
	struct bd_factlist facts;
	struct bd_verdict *verdicts;  /* one per fact */
	char (*statuses)[16];         /* status shown per record */
	bd_record *records;
	size_t nrecords;
	char *note;
};

/*
 * normalise - copy buf with CRLF and bare CR turned into LF and NUL bytes
 * into spaces, so that every later step sees the same text whatever the
 * line ends were.
 */
static char *
normalise(const char *buf, size_t len, size_t *outlen)
{
	char *out, *w;
	size_t i;

	out = malloc(len + 1);
	if (out == NULL)
		return NULL;
	if (memchr(buf, '\r', len) == NULL && memchr(buf, '\0', len) == NULL) {
		memcpy(out, buf, len); /* already LF only: the common case */
		out[len] = '\0';
		*outlen = len;
		return out;
	}
	w = out;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\r') {
			*w++ = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else if (buf[i] == '\0')
			*w++ = ' ';
		else
			*w++ = buf[i];
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

/* from_utf16 - a text saved as UTF-16 with its byte order mark (Windows
 * Notepad's "Unicode", PowerShell's "> file") as UTF-8 in a new buffer;
 * NULL when buf is no such text (or out of memory: it is then read as is) */
static char *
from_utf16(const char *buf, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)buf;

	if (len < 4 || !((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return NULL;
	return bd_to_utf8(buf + 2, len - 2, u[0] == 0xff ? "UTF-16LE" : "UTF-16BE", outlen);
}

/* trunc_note - a readable note for the limits that were hit, or NULL */
static char *
trunc_note(unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *text;
	} notes[] = {
		{ BD_TRUNC_SIZE, "message truncated at the size limit" },
		{ BD_TRUNC_DEPTH, "MIME nesting deeper than the limit" },
		{ BD_TRUNC_PARTS, "more MIME parts than the limit" },
		{ BD_TRUNC_HEADERS, "header fields over the limit" },
		{ BD_TRUNC_PART, "a part truncated at the size limit" },
		{ BD_TRUNC_RECIPIENTS, "more recipients than the limit: the rest not read" },
		{ BD_INPUT_BINARY, "binary data (compressed or not text): not read as mail" },
	};
	struct strbuf sb = { 0 };
	size_t i;

	if (flags == 0)
		return NULL;
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		if ((flags & notes[i].flag) == 0)
			continue;
		if (sb.len && sb_appends(&sb, "; ") < 0)
			break;
		if (sb_appends(&sb, notes[i].text) < 0)
			break;
	}
	return sb_steal(&sb);
}

/* binary - the start of buf is no text: one byte in twenty among its first
 * 1024 a control character that neither text nor ISO-2022's shifts use (a
 * gzip file, an image met in a tree of bounces) */
static int
binary(const char *buf, size_t len)
{
	size_t i, n = len < 1024 ? len : 1024, odd = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)buf[i];
		/* odd: NUL to BS, DLE to US but ESC, and DEL (tab to SI are text) */
		odd += c == 0x7f || (c < 0x20 && (c < 0x09 || c > 0x0f) && c != 0x1b);
	}
	return n > 0 && odd * 20 >= n;
}

/* extract - facts for the normalised text, with what ctx's rules read */
static int
extract(bd_ctx *ctx, const char *text, size_t len, struct bd_factlist *fl)
{
	struct bd_scan_wants wants;
	struct bd_message m;
	int rc;

	bd_ctx_wants(ctx, &wants.agent, &wants.context);
	memset(&m, 0, sizeof m);
	if (bd_message_parse(&m, text, len) < 0) {
		bd_message_free(&m);
		return -1;
	}
	if (m.has_header_block)
		rc = bd_scan_message(&m, fl, &wants);
	else if (binary(text, len)) {   /* no header block: is it text at all? */
		fl->kind = BD_KIND_NOT_BOUNCE;
		fl->truncated |= BD_INPUT_BINARY;
		rc = 0;
	} else if (m.nparts > 0)
		rc = bd_scan_fragment(m.parts[0].text, m.parts[0].len, fl);
	else
		rc = bd_scan_fragment(text, len, fl);
	fl->truncated |= m.truncated;
	bd_message_free(&m);
	return rc;
}

/* empty_or_null - NULL for an empty string, so output shows null */
static const char *
empty_or_null(const char *s)
{
	return (s && *s) ? s : NULL;
}

/* temporary_note - what a recipient not failed for good needs said
 * beside its reason's cause and fix: a delay the sending server still
 * retries, or a temporary (4xx) refusal met alone (a pasted reply); NULL
 * for a failure */
static const char *
temporary_note(enum bd_lang lang, const struct bd_facts *f)
{
	static const char *const delayed[BD_NLANG] = {
		"delayed, not failed: the sending server keeps retrying and nothing needs resending; "
		"if it gives up, a final notice will say so",
		"仅为延迟，并未失败：发送服务器会继续重试，无需重新发送；若最终放弃，会另发失败通知",
		"это задержка, а не отказ: сервер-отправитель продолжает попытки, пересылать ничего не "
		"нужно; если он сдастся, придёт окончательное уведомление",
	};
	static const char *const temporary[BD_NLANG] = {
		"a temporary refusal (4xx): a sending server retries by itself; only if it finally "
		"gives up is there anything to fix or resend",
		"这是临时拒绝（4xx）：发送服务器会自动重试；只有最终放弃时才需要处理或重新发送",
		"это временный отказ (4xx): сервер-отправитель повторит попытку сам; исправлять или "
		"пересылать что-то нужно, только если он в итоге сдастся",
	};

	if (f->action && strcasecmp(f->action, "delayed") == 0)
		return delayed[lang];
	if ((f->action == NULL || f->action[0] == '\0') &&
	    (f->reply_code / 100 == 4 || (f->reply_code == 0 && f->status[0] == '4')))
		return temporary[lang];
	return NULL;
}

/* fill_record - record i from the facts and verdict of recipient i */
static void
fill_record(bd_report *r, size_t i, enum bd_lang lang)
{
	const struct bd_facts *f = &r->facts.v[i];
	const struct bd_verdict *v = &r->verdicts[i];
	bd_record *rec = &r->records[i];

	if (f->status[0])
		memcpy(r->statuses[i], f->status, sizeof r->statuses[i]);
	else
		memcpy(r->statuses[i], v->inferred_status, sizeof r->statuses[i]);
	rec->recipient = empty_or_null(f->recipient);
	rec->action = empty_or_null(f->action);
	rec->status = empty_or_null(r->statuses[i]);
	rec->reply_code = f->reply_code;
	rec->reason = v->reason;
	rec->hard = v->hard;
	rec->diagnostic = empty_or_null(f->diagnostic);
	rec->remote_mta = empty_or_null(f->remote_mta);
	rec->smtp_command = empty_or_null(f->smtp_command);
	rec->rule = v->rule_id;
	rec->evidence = v->evidence;
	rec->title = v->title;
	rec->cause = v->cause;
	rec->fix = v->fix;
	rec->note = r->note ? r->note : temporary_note(lang, f);
}

/* shared_reason - a bounce that lists its recipients without a reason
 * for any of them gives the reason for all in its prose ("Your message was
 * not delivered within 2 days", then the list): when every verdict is
 * onhold and no entry has a reply code of its own, each is judged again on
 * the prose (not the subject: its words are a title), and a reason the
 * prose names replaces it (the recipient's own facts and status stay); 0,
 * or -1 when out of memory */
static int
shared_reason(bd_ctx *ctx, bd_report *r)
{
	struct bd_facts whole;
	struct bd_verdict v;
	size_t i;

	if (r->facts.context == NULL)
		return 0;
	for (i = 0; i < r->facts.n; i++)
		if (strcmp(r->verdicts[i].reason, "onhold") != 0 || r->facts.v[i].reply_code)
			return 0;
	for (i = 0; i < r->facts.n; i++) {
		whole = r->facts.v[i];
		whole.diagnostic = r->facts.context + r->facts.prose_at;
		if (bd_classify(ctx, &r->facts, &whole, &v) < 0)
			return -1;
		if (strcmp(v.reason, "onhold") == 0 || strcmp(v.reason, "undefined") == 0) {
			bd_verdict_free(&v);
			continue;
		}
		bd_verdict_free(&r->verdicts[i]);
		r->verdicts[i] = v;
	}
	return 0;
}

/* classify_all - a verdict and a record for every fact */
static int
classify_all(bd_ctx *ctx, bd_report *r)
{
	size_t i, n = r->facts.n;

	r->verdicts = calloc(n, sizeof *r->verdicts);
	r->statuses = calloc(n, sizeof *r->statuses);
	r->records = calloc(n, sizeof *r->records);
	if (r->verdicts == NULL || r->statuses == NULL || r->records == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (bd_classify(ctx, &r->facts, &r->facts.v[i], &r->verdicts[i]) < 0)
			return -1;
	if (shared_reason(ctx, r) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		fill_record(r, i, bd_ctx_lang(ctx));
		r->nrecords++;
	}
	return 0;
}

/* unrecognised - an unconfirmed fragment (no code, no error, no bounce
 * wording) for which no rule named a reason either (only the fallbacks
 * applied; a rule may name "onhold" itself: "not delivering to previously
 * bounced address"): a stray text, no bounce */
static int
unrecognised(const bd_report *r)
{
	const struct bd_verdict *v;
	size_t i;

	if (!r->facts.unconfirmed)
		return 0;
	for (i = 0; i < r->facts.n; i++) {
		v = &r->verdicts[i];
		if (strcmp(v->reason, "undefined") != 0 && (strcmp(v->reason, "onhold") != 0 ||
		    (v->rule_id && strncmp(v->rule_id, "fallback.", 9) != 0)))
			return 0;
	}
	return 1;
}

/* drop_verdicts - forget the verdicts and records of r */
static void
drop_verdicts(bd_report *r)
{
	size_t i;

	for (i = 0; r->verdicts && i < r->facts.n; i++)
		bd_verdict_free(&r->verdicts[i]);
	free(r->verdicts);
	free(r->statuses);
	free(r->records);
	r->verdicts = NULL;
	r->statuses = NULL;
	r->records = NULL;
	r->nrecords = 0;
}

/* not_a_bounce - the single record of a message that is not a bounce */
static int
not_a_bounce(bd_report *r)
{
	r->records = calloc(1, sizeof *r->records);
	if (r->records == NULL)
		return -1;
	r->records[0].note = r->note;
	r->nrecords = 1;
	return 0;
}

int
bd_diagnose(bd_ctx *ctx, const char *buf, size_t len, bd_report **out)
{
	bd_report *r;
	char *text, *wide;
	size_t tlen;
	int rc;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if ((wide = from_utf16(buf, len, &tlen)) != NULL) {
		buf = wide;
		len = tlen;
	}
	text = normalise(buf, len, &tlen);
	free(wide);
	if (r == NULL || text == NULL) {
		free(r);
		free(text);
		return BD_ERR_NOMEM;
	}
	rc = extract(ctx, text, tlen, &r->facts);
	free(text);
	if (rc == 0) {
		r->note = trunc_note(r->facts.truncated);
		if (r->facts.kind == BD_KIND_NOT_BOUNCE)
			rc = not_a_bounce(r);
		else {
			/* A bounce in which no recipient was found still gets
			 * one record, classified from what is there. */
			if (r->facts.n == 0 && bd_factlist_add(&r->facts) == NULL)
				rc = -1;
			if (rc == 0)
				rc = classify_all(ctx, r);
			if (rc == 0 && unrecognised(r)) {
				drop_verdicts(r);
				r->facts.kind = BD_KIND_NOT_BOUNCE;
				rc = not_a_bounce(r);
			}
		}
	}
	if (rc < 0) {
		bd_report_free(r);
		return BD_ERR_NOMEM;
	}
	*out = r;
	return BD_OK;
}

size_t
bd_report_count(const bd_report *r)
{
	return r ? r->nrecords : 0;
}

const bd_record *
bd_report_record(const bd_report *r, size_t i)
{
	return (r && i < r->nrecords) ? &r->records[i] : NULL;
}

void
bd_report_free(bd_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->verdicts)
		for (i = 0; i < r->facts.n; i++)
			bd_verdict_free(&r->verdicts[i]);
	bd_factlist_free(&r->facts);
	free(r->verdicts);
	free(r->statuses);
	free(r->records);
	free(r->note);
	free(r);
}

int
bd_lang_parse(const char *name)
{
	if (name == NULL || *name == '\0')
		return -1;
	if (bd_strcaseprefix(name, "en") || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0)
		return BD_LANG_EN;
	if (bd_strcaseprefix(name, "zh"))
		return BD_LANG_ZH;
	if (bd_strcaseprefix(name, "ru"))
		return BD_LANG_RU;
	return -1;
}
