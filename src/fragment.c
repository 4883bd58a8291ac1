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
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "dsn.h"
#include "limits.h"
#include "maillog.h"
#include "tracking.h"
#include "scan.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"

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

/* says_failure - text states an SMTP error or words itself as a bounce */
static int
says_failure(const char *text, size_t len)
{
	char *errors = bd_text_errors(text, len);

	free(errors);
	return errors != NULL || bd_scan_bounce_wording(text);
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

static int scan_fragment(const char *text, size_t len, struct bd_factlist *fl);

/* bounded_copy - the first max bytes of text, whole characters only */
static char *
bounded_copy(const char *text, size_t len, size_t max)
{
	return bd_strndup(text, bd_utf8_cut(text, len < max ? len : max));
}

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
	/* log lines and tracking rows: each stands alone, no shared prose */
	if ((n = bd_maillog_scan(text, len, fl)) != 0 ||
	    (n = bd_tracking_scan(text, len, fl)) != 0) {
		free(fl->context);
		fl->context = NULL;
		return n < 0 ? -1 : 0;
	}
	if ((n = bd_text_scan(text, bd_text_cut(text, len), NULL, fl)) < 0)
		return -1;
	if (n >= 2)
		return 0;
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
