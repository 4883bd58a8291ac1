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
#include "pslist.h"
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
	"sending and receiving' reported error (0x",
	/* Apple Mail's "Cannot Send Mail ... The recipient "a@b" was rejected
	 * by the server", in its languages */
	"cannot send mail", "was rejected by the server", "kann nicht gesendet werden",
	"vom server abgelehnt", "a été refusé par le serveur", "impossible d'envoyer",
	"fue rechazado por el servidor", "no se puede enviar", "foi rejeitado pelo servidor",
	"não é possível enviar", "è stato rifiutato dal server", "impossibile inviare",
	"is geweigerd door de server", "kan e-mail niet versturen",
	"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\x92\xe9\x80\x81\xe4\xbf\xa1"
	"\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",   /* メールを送信できません */
	"\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90\xe3\x81\xab\xe3\x82\x88\xe3\x81\xa3"
	"\xe3\x81\xa6\xe6\x8b\x92\xe5\x90\xa6",   /* サーバによって拒否 */
	NULL
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

/* receiving_only - text is a client's error of fetching mail (Outlook's
 * "Task 'a@b - Receiving' reported error (0x800CCC0F)", Apple Mail's
 * "Cannot Get Mail", Gmail's fetching of a POP3 account, in their
 * languages), of no sending, and f states no reply: nothing bounced */
static int
receiving_only(const char *text, size_t len, const struct bd_facts *f)
{
	static const char *const receiving[] = { "- receiving'", "- receiving\"", "- empfangen'",
		"- empfangen\"", "- r\xc3\xa9" "ception'", "- recibiendo'", "- recebendo'",
		/* Apple Mail's, Gmail's fetching of another account */
		"cannot get mail", "abrufen der e-mails nicht m", "impossible de relever",
		"no se puede obtener el correo", "denied pop3 access", "unable to fetch mail", NULL };
	static const char *const sending[] = { "- sending", "- senden", "- envoi", "- enviando",
		"cannot send", "nicht gesendet", "impossible d'envoyer", NULL };
	size_t i;
	int got = 0;

	if (f->reply_code != 0 || f->status[0] != '\0')
		return 0;
	for (i = 0; receiving[i] && !got; i++)
		got = bd_memcasemem(text, len, receiving[i], strlen(receiving[i])) != NULL;
	for (i = 0; sending[i] && got; i++)
		got = bd_memcasemem(text, len, sending[i], strlen(sending[i])) == NULL;
	return got;
}

/* sentence_lines - the lines of text that read as sentences (ten words or
 * more, or twenty Chinese or Japanese characters, which stand without
 * spaces): a person's post has several, an error dialog, a stack trace or
 * an event log entry few */
static size_t
sentence_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t n = 0, words, ideographs, i;
	unsigned char c;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (i = 0, words = 0, ideographs = 0; p + i < nl; i++) {
			c = (unsigned char)p[i];
			words += c != ' ' && c != '\t' && (i == 0 || p[i - 1] == ' ' ||
			    p[i - 1] == '\t');
			ideographs += c >= 0xe3 && c <= 0xe9;   /* U+3000-U+9FFF lead bytes */
		}
		n += words >= 10 || ideographs >= 20;
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
 * little punctuation, or the word "failed" of a program's log: "'a@b':
 * (550,", "<a@b>: 550 ", "send to a@b failed: 454 " */
static int
reply_after(const char *text, const char *e)
{
	size_t gap = strspn(e, "'\">:,( .");

	if (strncmp(e + gap, "failed", 6) == 0 && (e[gap + 6] == ':' || e[gap + 6] == ',')) {
		e += gap + 6;
		gap = strspn(e, "'\">:,( .");
	}
	return gap <= REPLY_GAP && e[gap] != '\0' && failure_code_at(text, e + gap);
}

/* reply_before - the failure code before the address starting at b, with
 * at most a status code between ("550 5.1.1 <a@b>"), or a failure status
 * alone (.NET: "The server response was: 5.1.1 <a@b>: ..."), or NULL */
static const char *
reply_before(const char *text, const char *b)
{
	const char *p = b, *status = NULL;

	if (p > text && p[-1] == '<')
		p--;
	while (p > text && p[-1] == ' ')
		p--;
	if (p > text && isdigit((unsigned char)p[-1])) {
		const char *q = p;

		while (q > text && (isdigit((unsigned char)q[-1]) || q[-1] == '.'))
			q--;
		if (memchr(q, '.', (size_t)(p - q)) != NULL) { /* a status: skip it */
			if ((*q == '4' || *q == '5') && q[1] == '.' &&
			    (q == text || q[-1] == ' ' || q[-1] == ':'))
				status = q;
			for (p = q; p > text && p[-1] == ' '; p--)
				;
		}
	}
	return p - text >= 3 && failure_code_at(text, p - 3) ? p - 3 : status;
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

/* Words a person writes of themselves (whole words, as written at a
 * sentence's start or inside it): a post's own paragraphs, not the
 * bounce it quotes.  Plural ones ("we", "our") are left out: servers
 * write them too ("We're writing to let you know..."). */
static const char *const person_words[] = {
	"i", "i'm", "i've", "i'd", "i'll", "my", "me", "ich", "mein", "meine", "meinen", "meiner",
	"mir", "mich", "je", "j'ai", "mon", "mes", "moi", "yo", "mis", "eu", "meu", "minha", "io",
	"mio", "ik", "mijn", "я", "Я", "мой", "Мой", "моя", "Моя", "мои", "мне", "Мне", "меня",
	"Меня", NULL
};

/* person_word - the word of n bytes at w is one of person_words */
static int
person_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; person_words[i]; i++)
		if (strlen(person_words[i]) == n && strncasecmp(w, person_words[i], n) == 0)
			return 1;
	return 0;
}

/* asks - text (n bytes) asks a question: a "?" ending a word (not a
 * URL's query) or a full-width "？" */
static int
asks(const char *text, size_t n)
{
	const char *p;

	for (p = text; p < text + n; p++)
		if ((*p == '?' && (p + 1 == text + n || isspace((unsigned char)p[1]) || p[1] == '"' ||
		    p[1] == ')')) || ((size_t)(text + n - p) >= 3 && memcmp(p, "？", 3) == 0))
			return 1;
	return 0;
}

/* names_writer - text (n bytes) speaks of its writer: a first-person word,
 * Chinese 我 but not 我们, Japanese 私 */
static int
names_writer(const char *text, size_t n)
{
	const char *p = text, *end = text + n, *w;

	while (p < end) {
		if ((size_t)(end - p) >= 3 && (memcmp(p, "私", 3) == 0 ||
		    (memcmp(p, "我", 3) == 0 && (end - p < 6 || (memcmp(p + 3, "们", 3) != 0 &&
		    memcmp(p + 3, "們", 3) != 0)))))
			return 1;
		if (isalpha((unsigned char)*p) || (unsigned char)*p >= 0xc0) {
			for (w = p; p < end && (isalnum((unsigned char)*p) || *p == '\'' ||
			    (unsigned char)*p >= 0x80); p++)
				;
			if ((w == text || !isalnum((unsigned char)w[-1])) && person_word(w, (size_t)(p - w)))
				return 1;
			continue;
		}
		p++;
	}
	return 0;
}

/* separator_line - a line of n bytes that only rules a paste off: blank,
 * or three or more of "-=_*~`#" ("----", "```") */
static int
separator_line(const char *line, size_t n)
{
	size_t marks = 0, i;

	for (i = 0; i < n; i++) {
		if (strchr("-=_*~`#", line[i]) != NULL)
			marks++;
		else if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
			return 0;
	}
	return marks == 0 || marks >= 3;
}

#define MAX_PARAGRAPH 4096

/* code_at_start - line starts with a failing reply or status, past blanks
 * and a paste's marks ("> ", "```", "* "): a reply pasted, not one a
 * sentence quotes */
static int
code_at_start(const char *line)
{
	const char *p = line + strspn(line, " \t>`*-#");
	char st[16];

	return bd_reply_code_at(line, p) >= 400 || (bd_find_status(p, st) == p);
}

/* persons_paragraph - a paragraph (n bytes) of the person who pasted a
 * bounce: it asks, or speaks of its writer without a bounce's wording;
 * it holds no <address> of a report and no failing reply or status (with
 * quoted_codes, none starting a line: "we got '550 5.7.1 ...' from
 * others" is the person's) */
static int
persons_paragraph(const char *text, size_t n, int quoted_codes)
{
	char buf[MAX_PARAGRAPH], st[16], *nl;
	const char *line;
	int bracketed, question;

	if (n >= sizeof buf || !((question = asks(text, n)) || names_writer(text, n)))
		return 0;   /* a long block: a pasted report more likely than a post */
	memcpy(buf, text, n);
	buf[n] = '\0';
	bracketed = strchr(buf, '<') && strchr(buf, '@') && strchr(buf, '>');
	if (bracketed || (!question && bd_scan_bounce_wording(buf)))
		return 0;   /* a server's "I'm sorry ... could not be delivered" */
	for (line = buf; line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (quoted_codes ? code_at_start(line) : (bd_find_reply_code_of(line, 4) ||
		    bd_find_reply_code_of(line, 5) || bd_find_status(line, st) != NULL))
			return 0;
	}
	return 1;
}

/* flush_paragraph - append the paragraph from start to end to kept unless
 * it is the person's; 1 when dropped, 0 when kept, -1 when out of memory */
static int
flush_paragraph(struct strbuf *kept, const char *start, const char *end, int quoted_codes)
{
	if (end > start && persons_paragraph(start, (size_t)(end - start), quoted_codes))
		return 1;
	return sb_append(kept, start, (size_t)(end - start));
}

/* drop_person - text without the paragraphs persons_paragraph finds, in
 * kept; 1 when some were dropped, 0 when none, -1 when out of memory */
static int
drop_person(const char *text, size_t len, int quoted_codes, struct strbuf *kept)
{
	const char *p, *end = text + len, *start = text, *nl;
	int dropped = 0, rc = 0;

	for (p = text; p < end && rc >= 0; p = nl) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		else
			nl++;
		if (!separator_line(p, (size_t)(nl - p)))
			continue;
		if ((rc = flush_paragraph(kept, start, p, quoted_codes)) > 0)
			dropped = 1;
		if (rc >= 0)
			rc = sb_append(kept, p, (size_t)(nl - p));
		start = nl;
	}
	if (rc >= 0 && (rc = flush_paragraph(kept, start, end, quoted_codes)) > 0)
		dropped = 1;
	return rc < 0 ? -1 : dropped;
}

/* states_reply - text holds a failing reply or status of its own */
static int
states_reply(const char *text, size_t len)
{
	char *errors = bd_text_errors(text, len);

	free(errors);
	return errors != NULL;
}

/* without_person - text without the paragraphs of the person who pasted
 * it (a forum post or a ticket around a bounce), when it reads as such a
 * post and what is left still states a failure; the person's paragraphs
 * that quote a code in a sentence go too when the paste states its own
 * reply.  NULL when none is dropped (also when out of memory: the text is
 * then read whole). */
static char *
without_person(const char *text, size_t len)
{
	struct strbuf kept = { 0 }, strict = { 0 };
	int dropped;

	if (sentence_lines(text, len) < MIN_PROSE_LINES)
		return NULL;
	if ((dropped = drop_person(text, len, 0, &kept)) < 0 || kept.s == NULL ||
	    !says_failure(kept.s, kept.len)) {
		sb_free(&kept);
		return NULL;
	}
	if (states_reply(kept.s, kept.len) && drop_person(text, len, 1, &strict) > 0 &&
	    strict.s != NULL && states_reply(strict.s, strict.len)) {
		sb_free(&kept);
		return sb_steal(&strict);
	}
	sb_free(&strict);
	if (!dropped) {
		sb_free(&kept);
		return NULL;
	}
	return sb_steal(&kept);
}

/* frame_line - the line (n bytes) is a frame of a program's stack trace:
 * "   at Ns.Class.Method(Type name)" (.NET, Java, Node), '  File "x.py",
 * line 12, in send' (Python), "#0 /srv/app/Mailer.php(88): ..." (PHP).
 * Its words are the program's (a parameter called "sender"), not the
 * server's. */
static int
frame_line(const char *line, size_t n)
{
	const char *p = line, *end = line + n;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == line && *p != '#')
		return 0;   /* frames are indented, PHP's numbered */
	if (end - p > 3 && memcmp(p, "at ", 3) == 0) {
		const char *w, *dot = NULL;   /* a dotted name, then its arguments */

		for (w = p + 3; w < end && *w != ' ' && *w != '('; w++)
			if (*w == '.')
				dot = w;
		return dot != NULL && memchr(w, '(', (size_t)(end - w)) != NULL;
	}
	if (end - p > 6 && memcmp(p, "File \"", 6) == 0)
		return bd_memcasemem(p, (size_t)(end - p), "\", line ", 8) != NULL;
	if (*p == '#' && end - p > 2 && isdigit((unsigned char)p[1])) {
		for (p++; p < end && isdigit((unsigned char)*p); p++)
			;
		return p + 1 < end && *p == ' ' &&
		    (p[1] == '/' || p[1] == '{' || isalpha((unsigned char)p[1]));
	}
	return 0;
}

/* without_frames - text without the frames of a stack trace pasted with
 * it (and the source line Python prints under each of its frames); NULL
 * when it has none (also when out of memory: the text is then read
 * whole) */
static char *
without_frames(const char *text, size_t len)
{
	struct strbuf kept = { 0 };
	const char *p, *end = text + len, *nl;
	int dropped = 0, python = 0, rc = 0;

	for (p = text; p < end && rc >= 0; p = nl) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		else
			nl++;
		if (frame_line(p, (size_t)(nl - p))) {
			python = p[strspn(p, " \t")] == 'F';
			dropped = 1;
			continue;
		}
		if (python && (*p == ' ' || *p == '\t')) {
			python = 0;   /* the source line under a Python frame */
			continue;
		}
		python = 0;
		rc = sb_append(&kept, p, (size_t)(nl - p));
	}
	if (rc < 0 || !dropped || kept.s == NULL) {
		sb_free(&kept);
		return NULL;
	}
	return sb_steal(&kept);
}

static int scan_fragment(const char *text, size_t len, struct bd_factlist *fl);
static int scan_pasted_text(const char *text, size_t len, struct bd_factlist *fl);

int
bd_scan_fragment(const char *text, size_t len, struct bd_factlist *fl)
{
	char *utf8 = NULL, *frameless;
	size_t ulen;
	int rc;

	/* the pipeline hands over UTF-8; a library caller may not */
	if (!bd_utf8_valid(text, len)) {
		if ((utf8 = bd_to_utf8(text, len, NULL, &ulen)) == NULL)
			return -1;
		text = utf8;
		len = ulen;
	}
	/* a program's stack trace around the server's reply */
	if ((frameless = without_frames(text, len)) != NULL) {
		text = frameless;
		len = strlen(frameless);
	}
	rc = scan_fragment(text, len, fl);
	free(frameless);
	free(utf8);
	return rc;
}

/* scan_fragment - bd_scan_fragment on valid UTF-8 */
static int
scan_fragment(const char *text, size_t len, struct bd_factlist *fl)
{
	char *own;
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
	    (n = bd_pslist_scan(text, len, fl)) != 0 ||
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
	/* a bounce pasted into a post: the post's own paragraphs (the
	 * person's guesses, "spam filter?", "mailbox full?") are not its words */
	if ((own = without_person(text, len)) != NULL) {
		free(fl->context);
		n = (fl->context = bounded_copy(own, strlen(own), MAX_CONTEXT)) == NULL ? -1 :
		    scan_pasted_text(own, strlen(own), fl);
		free(own);
		return n;
	}
	return scan_pasted_text(text, len, fl);
}

/* scan_pasted_text - the recipients of a pasted text that is no log, no
 * report's fields and no forward, fl->context its copy */
static int
scan_pasted_text(const char *text, size_t len, struct bd_factlist *fl)
{
	char *recipient = NULL;
	int n;

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
	if ((fl->unconfirmed && fl->v[0].recipient == NULL &&
	    sentence_lines(text, len) >= MIN_PROSE_LINES) || receiving_only(text, len, &fl->v[0])) {
		bd_factlist_free(fl);
		fl->kind = BD_KIND_NOT_BOUNCE;
	}
	return 0;
}
