/*
 * fragment.c - a pasted piece of a bounce, without a header block: a lone
 * SMTP reply, a few lines of an NDR, an Outlook dialog, an Exchange event,
 * a client's "SMTP error code 550, ...", in any language.  Somebody pasted
 * it because something failed, so it is a bounce; unless it states no code,
 * no error and no bounce wording and no rule names a reason for it either
 * (a stray text file met in a tree: diagnose.c decides).
 *
 * A pasted RFC 3464 body goes to the DSN parser; mail log lines to the
 * log reader (maillog.c), one entry per line; several recipients each
 * with their own words go through the text scanner; anything else becomes
 * one record whose diagnostic is the whole (bounded) text, so that rules
 * see every word the user pasted.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "dsn.h"
#include "limits.h"
#include "maillog.h"
#include "session.h"
#include "tracking.h"
#include "scan.h"
#include "ses.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"
#include "webhook.h"

#define MAX_CONTEXT 8192
#define MIN_PROSE_LINES 3 /* sentences of a post, not of a pasted error */

/* has_dsn_fields - the text holds RFC 3464 per-recipient fields */
static int
has_dsn_fields(const char *text, size_t len)
{
	return bd_memcasemem(text, len, "final-recipient:", 16) != NULL ||
	    (bd_memcasemem(text, len, "original-recipient:", 19) != NULL &&
	    bd_memcasemem(text, len, "status:", 7) != NULL);
}

/* What a client, a library or a server's event log writes when sending
 * failed, without a reply code (lower-case). */
static const char *const client_failures[] = {
	"smtp error", "event id:", "could not connect to smtp host", "failed to connect to server",
	"connection timed out", "connection refused", "sending' reported error (0x",
	"sending and receiving' reported error (0x", NULL
};

/* says_failure - text states an SMTP error or words itself as a bounce */
static int
says_failure(const char *text, size_t len)
{
	char *errors = bd_text_errors(text, len);
	size_t i;

	free(errors);
	if (errors != NULL || bd_scan_bounce_wording(text))
		return 1;
	for (i = 0; client_failures[i]; i++)
		if (bd_memcasemem(text, len, client_failures[i], strlen(client_failures[i])))
			return 1;
	return 0;
}

/* whole_text - one entry for the whole fragment */
static int
whole_text(const char *text, size_t len, char *recipient, struct bd_factlist *fl)
{
	struct bd_facts *f = bd_factlist_add(fl);

	if (f == NULL) {
		free(recipient);
		return -1;
	}
	f->recipient = recipient;
	if ((f->diagnostic = bd_strndup(text, bd_utf8_cut(text, len < BD_MAX_DIAGNOSTIC ?
	    len : BD_MAX_DIAGNOSTIC))) == NULL)
		return -1;
	bd_fold_space(f->diagnostic);
	bd_facts_complete(f);
	if (f->recipient == NULL)
		f->recipient = bd_text_first_address(f->diagnostic);
	fl->unconfirmed = f->status[0] == '\0' && f->reply_code == 0 && !says_failure(text, len);
	return 0;
}

/* sentence_lines - the lines of text that read as sentences (ten words or
 * more): a person's post has several, an error dialog, a stack trace or
 * an event log entry few */
static size_t
sentence_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t n = 0, words, i;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (i = 0, words = 0; p + i < nl; i++)
			words += p[i] != ' ' && p[i] != '\t' && (i == 0 || p[i - 1] == ' ' ||
			    p[i - 1] == '\t');
		n += words >= 10;
	}
	return n;
}

/* bounded_copy - the first max bytes of text, whole characters only */
static char *
bounded_copy(const char *text, size_t len, size_t max)
{
	return bd_strndup(text, bd_utf8_cut(text, len < max ? len : max));
}

/* A recipient named with its own failing reply inside a pasted text:
 * "'a@b': (550, b'5.1.1 ...')" (Python), "<a@b>: 550 ...", "550 5.1.1
 * <a@b>: ..." (JavaMail).  Its words start at start. */
struct reply_anchor {
	const char *start, *address, *address_end;
};

#define MAX_ANCHORS 64
#define REPLY_GAP 8     /* bytes of punctuation between an address and its code */

/* failure_code_at - p starts a 4xx or 5xx reply code standing alone */
static int
failure_code_at(const char *text, const char *p)
{
	return bd_reply_code_at(text, p) >= 400;
}

/* reply_after - a failure code follows the address ending at e across a
 * little punctuation: "'a@b': (550,", "<a@b>: 550 " */
static int
reply_after(const char *text, const char *e)
{
	size_t i;

	for (i = 0; i < REPLY_GAP && e[i] && strchr("'\">:,( .", e[i]); i++)
		;
	return e[i] != '\0' && failure_code_at(text, e + i);
}

/* reply_before - the failure code before the address starting at b, with
 * at most a status code between ("550 5.1.1 <a@b>"), or NULL */
static const char *
reply_before(const char *text, const char *b)
{
	const char *p = b;

	if (p > text && p[-1] == '<')
		p--;
	while (p > text && p[-1] == ' ')
		p--;
	if (p > text && isdigit((unsigned char)p[-1])) {
		const char *q = p;

		while (q > text && (isdigit((unsigned char)q[-1]) || q[-1] == '.'))
			q--;
		if (memchr(q, '.', (size_t)(p - q)) != NULL) /* a status: skip it */
			for (p = q; p > text && p[-1] == ' '; p--)
				;
	}
	return p - text >= 3 && failure_code_at(text, p - 3) ? p - 3 : NULL;
}

/* find_anchors - each address of text (once) that has its own failing
 * reply beside it; how many */
static size_t
find_anchors(const char *text, struct reply_anchor *v, size_t max)
{
	const char *p = text, *b, *e, *code;
	size_t n = 0, i;

	while (n < max && (b = bd_address_span(text, p, &e)) != NULL) {
		p = e;
		for (i = 0; i < n; i++)
			if ((size_t)(v[i].address_end - v[i].address) == (size_t)(e - b) &&
			    strncasecmp(v[i].address, b, (size_t)(e - b)) == 0)
				break;
		if (i < n)
			continue; /* the same recipient again, inside its reply */
		if ((code = reply_before(text, b)) == NULL && !reply_after(text, e))
			continue;
		v[n].start = code ? code : b;
		v[n].address = b;
		v[n++].address_end = e;
	}
	return n;
}

/* split_replies - one entry per recipient when the text names several,
 * each with its own failing reply, on one line or a few; its words run to
 * the next recipient's or to the end of its line.  Entries made (0 when
 * fewer than two recipients are named so), -1 when out of memory. */
static int
split_replies(const char *text, struct bd_factlist *fl)
{
	struct reply_anchor v[MAX_ANCHORS];
	size_t n = find_anchors(text, v, MAX_ANCHORS), i;
	const char *end;
	struct bd_facts *f;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		if ((end = strchr(v[i].address_end, '\n')) == NULL)
			end = v[i].address_end + strlen(v[i].address_end);
		if (i + 1 < n && v[i + 1].start < end)
			end = v[i + 1].start;
		if ((f = bd_factlist_add(fl)) == NULL ||
		    (f->recipient = bd_strndup(v[i].address,
		    (size_t)(v[i].address_end - v[i].address))) == NULL ||
		    (f->diagnostic = bounded_copy(v[i].start, (size_t)(end - v[i].start),
		    BD_MAX_DIAGNOSTIC)) == NULL)
			return -1;
		bd_fold_space(f->diagnostic);
		bd_facts_complete(f);
	}
	return (int)n;
}

static int scan_fragment(const char *text, size_t len, struct bd_factlist *fl);

int
bd_scan_fragment(const char *text, size_t len, struct bd_factlist *fl)
{
	char *utf8 = NULL;
	size_t ulen;
	int rc;

	/* the pipeline hands over UTF-8; a library caller may not */
	if (!bd_utf8_valid(text, len)) {
		if ((utf8 = bd_to_utf8(text, len, NULL, &ulen)) == NULL)
			return -1;
		text = utf8;
		len = ulen;
	}
	rc = scan_fragment(text, len, fl);
	free(utf8);
	return rc;
}

/* scan_fragment - bd_scan_fragment on valid UTF-8 */
static int
scan_fragment(const char *text, size_t len, struct bd_factlist *fl)
{
	char *recipient = NULL;
	int n;

	fl->kind = BD_KIND_BOUNCE;
	if ((fl->context = bounded_copy(text, len, MAX_CONTEXT)) == NULL)
		return -1;
	if (has_dsn_fields(text, len)) {
		if ((n = bd_dsn_parse(text, len, fl)) < 0)
			return -1;
		if (n > 0)
			return 0;
	}
	/* log lines, tracking rows and JSON events: each stands alone, no
	 * shared prose */
	if ((n = bd_maillog_scan(text, len, fl)) != 0 ||
	    (n = bd_session_scan(text, len, fl)) != 0 ||
	    (n = bd_tracking_scan(text, len, fl)) != 0 ||
	    (n = bd_ses_notification(fl->context, fl)) != 0 ||
	    (n = bd_webhook_events(text, len, fl)) != 0) {
		free(fl->context);
		fl->context = NULL;
		return n < 0 ? -1 : 0;
	}
	/* a bounce a person forwarded and pasted, under its forward header */
	if ((n = bd_scan_pasted_forward(text, len, fl)) != 0)
		return n < 0 ? -1 : 0;
	if ((n = bd_text_scan(text, bd_text_cut(text, len), NULL, fl)) < 0)
		return -1;
	if (n >= 2)
		return 0;
	/* an automatic reply pasted with its header lines: no failure */
	if (n == 0 && (n = bd_scan_pasted_autoreply(text, len, fl)) != 0) {
		free(fl->context);
		fl->context = NULL;
		return n < 0 ? -1 : 0;
	}
	if (n == 1) {
		recipient = fl->v[0].recipient;
		fl->v[0].recipient = NULL;
		bd_factlist_free(fl);
		fl->kind = BD_KIND_BOUNCE;
		if ((fl->context = bounded_copy(text, len, MAX_CONTEXT)) == NULL) {
			free(recipient);
			return -1;
		}
	}
	if ((n = split_replies(fl->context, fl)) != 0) {
		free(recipient);
		return n < 0 ? -1 : 0;
	}
	if (whole_text(text, len, recipient, fl) < 0)
		return -1;
	/* sentences that say nothing a bounce says and name no address: a
	 * person's own words (a forum post about mail that vanished),
	 * whatever words they use */
	if (fl->unconfirmed && fl->v[0].recipient == NULL &&
	    sentence_lines(text, len) >= MIN_PROSE_LINES) {
		bd_factlist_free(fl);
		fl->kind = BD_KIND_NOT_BOUNCE;
	}
	return 0;
}
