/*
 * textscan.c - recipients and diagnostics in a bounce's prose.
 *
 * MTAs agree on little, but their texts share a shape: the failed address
 * stands out (alone on a line, or first on it followed by a colon or a
 * comma), and the server's words follow it, until a blank line or the next
 * address.  Transcripts name the recipient in "RCPT TO:<addr>".  This
 * module reads that shape line by line; it does not know any MTA by name.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "limits.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"

#define MAX_DIAG_LINES 10
#define MAX_ERROR_LINES 6

/* Lines that introduce the returned original (lower-case). */
static const char *const cut_words[] = {
	"original message", "copy of the message", "below this line", "returned message",
	"message header", "original header", "unsent message", "rfc822", "undelivered message",
	"headers of the original", "original mail", "copy of your message", "message follows",
	"原始邮件", "原邮件", "元のメッセージ", "исходное сообщение", "original-nachricht",
	"message d'origine", "mensaje original", NULL
};

/* Header fields of an original message that start its header block. */
static const char *const header_starts[] = {
	"Received: ", "Return-Path:", "Return-path:", "Message-ID:", "Message-Id:",
	"DKIM-Signature:", "X-Received:", "Delivered-To:", NULL
};

/* Prefixes of lines whose address is never a failed recipient. */
static const char *const not_recipient[] = {
	"from:", "reply-to:", "sender:", "return-path:", "received:", "message-id:",
	"date:", "subject:", "mail from", ">>> mail from", "envelope-from", "x-", "cc:",
	"account:", "reporting-mta", "in-reply-to:", "references:", NULL
};

/* Labels after which a recipient address is written. */
static const char *const recipient_labels[] = {
	"recipient:", "recipient address:", "original-recipient:", "final-recipient:",
	"failed recipient:", "failed address:", "address:", "email:", "e-mail:", "rcpt to:",
	"收件人:", "收件人：", "получатель:", "宛先:", "宛先：", "destinataire :", "empfänger:",
	NULL
};

/* line - one line of text: [p, p+n), terminator excluded */
struct line {
	const char *p;
	size_t n;
};

/* next_line - the line at *pos in text[0..len); 0 at the end */
static int
next_line(const char *text, size_t len, size_t *pos, struct line *l)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	l->p = text + *pos;
	nl = memchr(l->p, '\n', len - *pos);
	l->n = nl ? (size_t)(nl - l->p) : len - *pos;
	*pos += l->n + 1;
	if (l->n > BD_MAX_LINE_BYTES)
		l->n = bd_utf8_cut(l->p, BD_MAX_LINE_BYTES);
	return 1;
}

/* skip_blank - first non-blank byte of l */
static const char *
skip_blank(const struct line *l)
{
	const char *p = l->p, *end = l->p + l->n;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

static int
is_blank(const struct line *l)
{
	return skip_blank(l) == l->p + l->n;
}

/* has_word - l contains one of words (ASCII case-insensitive) */
static int
has_word(const struct line *l, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++)
		if (bd_memcasemem(l->p, l->n, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* is_cut_line - a marker of the returned original */
static int
is_cut_line(const struct line *l, const struct line *next)
{
	const char *p = skip_blank(l), *end = l->p + l->n;
	size_t i, marks = 0;

	for (; p < end && (*p == '-' || *p == '_' || *p == '=' || *p == '*' || *p == ' '); p++)
		marks += *p != ' ';
	if (marks >= 2 && has_word(l, cut_words))
		return 1;
	if (marks == 0 && l->n < 80 && (bd_strcaseprefix(l->p, "original message follows") ||
	    bd_strcaseprefix(l->p, "------ this is a copy")))
		return 1;
	if (l->n < 10 || !strchr("RMDX", l->p[0]))
		return 0;   /* every header start is longer, with one of these */
	for (i = 0; header_starts[i]; i++)
		if (l->n >= strlen(header_starts[i]) &&
		    memcmp(l->p, header_starts[i], strlen(header_starts[i])) == 0 && next &&
		    next->n > 0 && (next->p[0] == ' ' || next->p[0] == '\t' ||
		    memchr(next->p, ':', next->n < 40 ? next->n : 40)))
			return 1;
	return 0;
}

size_t
bd_text_cut(const char *text, size_t len)
{
	size_t pos = 0, here, peek;
	struct line l, next;

	for (;;) {
		here = pos;
		if (!next_line(text, len, &pos, &l))
			return len;
		peek = pos;
		if (is_cut_line(&l, next_line(text, len, &peek, &next) ? &next : NULL))
			return here;
	}
}

/* excluded - an address that is never a failed recipient */
static int
excluded(const char *addr, const struct bd_exclude *ex)
{
	size_t i;

	if (bd_strcaseprefix(addr, "mailer-daemon@") || bd_strcaseprefix(addr, "postmaster@"))
		return 1;
	for (i = 0; ex && i < ex->n; i++)
		if (ex->v[i] && strcasecmp(addr, ex->v[i]) == 0)
			return 1;
	return 0;
}

/* address_only - the line holds an address and nothing else of substance
 * ("<a@b>:", "  a@b", "a@b,"); sets *rest past it */
static char *
lead_address(const struct line *l, const char **rest)
{
	const char *p = skip_blank(l), *end = l->p + l->n, *q;
	char buf[600], *a;
	size_t n;

	/* a list bullet: "* a@b", "- a@b", "-- a@b", "• a@b" */
	if (end - p > 2 && (*p == '*' || *p == '-') && (p[1] == ' ' || (p[1] == '-' && p[2] == ' ')))
		p += p[1] == ' ' ? 2 : 3;
	else if (end - p > 4 && memcmp(p, "\xe2\x80\xa2 ", 4) == 0)
		p += 4;
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == '<' || *p == '"' || *p == '\'' || *p == '['))
		p++;
	if (end - p > 5 && strncasecmp(p, "smtp:", 5) == 0) /* Exchange: "[SMTP:a@b]" */
		p += 5;
	for (q = p; q < end && *q != '>' && *q != ' ' && *q != '\t' && *q != ',' && *q != ';' &&
	    *q != '"' && *q != '\'' && *q != '(' && *q != ']' && *q != '\r'; q++)
		;
	while (q > p && (q[-1] == ':' || q[-1] == '.'))
		q--;
	n = (size_t)(q - p);
	if (n == 0 || n >= sizeof buf || memchr(p, '@', n) == NULL)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if ((a = bd_find_address(buf)) == NULL)
		return NULL;
	if (strlen(a) != n) { /* the token was more than an address */
		free(a);
		return NULL;
	}
	while (q < end && (*q == '>' || *q == ':' || *q == ',' || *q == ';' || *q == '.' ||
	    *q == ' ' || *q == '\t' || *q == '"' || *q == '\'' || *q == ']' || *q == '\r'))
		q++;
	*rest = q;
	return a;
}

/* labelled_address - "To: addr", "Recipient address: addr" */
static char *
labelled_address(const struct line *l, const char **rest)
{
	const char *p = skip_blank(l), *end = l->p + l->n;
	struct line after;
	size_t i, n;

	for (i = 0; recipient_labels[i]; i++) {
		n = strlen(recipient_labels[i]);
		if ((size_t)(end - p) > n && strncasecmp(p, recipient_labels[i], n) == 0) {
			after.p = p + n;
			after.n = (size_t)(end - after.p);
			if (after.n > 5 && bd_strcaseprefix(after.p, "rfc822;"))
				after.p += 7, after.n -= 7;
			return lead_address(&after, rest);
		}
	}
	return NULL;
}

/* starts_with_code - the line (past blanks) opens with a reply code */
static int
starts_with_code(const struct line *l)
{
	const char *p = skip_blank(l), *end = l->p + l->n;

	return end - p >= 4 && p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' &&
	    p[2] >= '0' && p[2] <= '9' && (p[3] == ' ' || p[3] == '-');
}

/* Words of a label that says what failed: "Delivery failed 20 attempts:
 * a@b", "Invalid final delivery userid: a@b", "User's mailbox is full: <a@b>"
 * (lower-case). */
static const char *const failure_label_words[] = {
	"recipient", "address", "userid", "mailbox", "deliver", "attempts", "undeliverable",
	"destinat", "empfänger", "收件人", "получател", NULL
};

/* Words of a label about the sender's side, never a failed recipient. */
static const char *const sender_label_words[] = {
	"sender", "from", "reply", "return", "originat", "absender", "expéditeur",
	"发件人", "отправител", NULL
};

/* worded_address - "<words naming a failure>: addr": the label's words
 * are part of the diagnostic, so the whole line is */
static char *
worded_address(const struct line *l, const char **rest)
{
	const char *p = skip_blank(l), *end = l->p + l->n, *colon;
	struct line label, after;
	size_t n = (size_t)(end - p);
	char *a;

	/* a reply line ("550 Invalid recipient: <a@b>") is the words of the
	 * recipient being read, not a new one */
	if (starts_with_code(l) || (colon = memchr(p, ':', n < 48 ? n : 48)) == NULL ||
	    memchr(p, '@', (size_t)(colon - p)))
		return NULL;
	label.p = p;
	label.n = (size_t)(colon - p);
	if (!has_word(&label, failure_label_words) || has_word(&label, sender_label_words))
		return NULL;
	after.p = colon + 1;
	after.n = (size_t)(end - after.p);
	if ((a = lead_address(&after, rest)) != NULL)
		*rest = p;
	return a;
}

/* transcript_address - ">>> RCPT To:<addr>" or "... after RCPT TO:<addr>" */
static char *
transcript_address(const struct line *l)
{
	const char *hit = bd_memcasemem(l->p, l->n, "rcpt to:", 8);
	char buf[600];
	size_t n;

	if (hit == NULL)
		return NULL;
	n = (size_t)(l->p + l->n - (hit + 8));
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, hit + 8, n);
	buf[n] = '\0';
	return bd_find_address(buf);
}

/* refuses_anchor - lines whose address names a sender, not a recipient */
static int
refuses_anchor(const struct line *l)
{
	const char *p = skip_blank(l);
	struct line t = { p, (size_t)(l->p + l->n - p) };
	size_t i;

	for (i = 0; not_recipient[i]; i++)
		if (t.n >= strlen(not_recipient[i]) && bd_strcaseprefix(t.p, not_recipient[i]))
			return 1;
	return 0;
}

/* coded_address - "554 <addr>... 550 Host unknown", "550 5.1.1 <addr>:
 * ...": a reply whose first word is the recipient */
static char *
coded_address(const struct line *l, const char **rest)
{
	const char *p = skip_blank(l), *end = l->p + l->n;
	struct line after;

	if (end - p < 8 || !starts_with_code(l))
		return NULL;
	p += 4;
	if (p < end && *p >= '2' && *p <= '5' && p + 1 < end && p[1] == '.')
		p += strcspn(p, " ");
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p != '<')
		return NULL;
	after.p = p;
	after.n = (size_t)(end - p);
	return lead_address(&after, rest);
}

/* anchor - the recipient a line announces, and where its own text starts */
static char *
anchor(const struct line *l, const char **rest, int *transcript)
{
	char *a;

	*transcript = 0;
	*rest = l->p + l->n;
	if (memchr(l->p, '@', l->n) == NULL || refuses_anchor(l))
		return NULL; /* every anchor names an address */
	if ((a = lead_address(l, rest)) != NULL || (a = labelled_address(l, rest)) != NULL)
		return a;
	if ((a = coded_address(l, rest)) != NULL) {
		*rest = skip_blank(l); /* the code belongs to the diagnostic */
		return a;
	}
	if ((a = worded_address(l, rest)) != NULL)
		return a;
	if ((a = transcript_address(l)) != NULL) {
		*transcript = 1;
		*rest = l->p + l->n;
	}
	return a;
}

/* is_separator - a line of dashes or equals signs */
static int
is_separator(const struct line *l)
{
	const char *p = skip_blank(l);

	return l->p + l->n - p >= 3 && (p[0] == '-' || p[0] == '=' || p[0] == '_') &&
	    p[1] == p[0] && p[2] == p[0];
}

/* find_entry - the entry of fl (from first on) for addr, or NULL */
static struct bd_facts *
find_entry(struct bd_factlist *fl, size_t first, const char *addr)
{
	size_t i;

	for (i = first; i < fl->n; i++)
		if (fl->v[i].recipient && strcasecmp(fl->v[i].recipient, addr) == 0)
			return &fl->v[i];
	return NULL;
}

/* add_diag - append text to the entry's diagnostic, bounded */
static int
add_diag(struct bd_facts *f, const char *p, size_t n)
{
	size_t old = f->diagnostic ? strlen(f->diagnostic) : 0;
	char *grown;

	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\t'))
		n--;
	if (n == 0 || old + 2 >= BD_MAX_DIAGNOSTIC)
		return 0;
	if (old + n + 2 > BD_MAX_DIAGNOSTIC)
		n = bd_utf8_cut(p, BD_MAX_DIAGNOSTIC - old - 2);
	if (f->diagnostic && bd_memcasemem(f->diagnostic, old, p, n))
		return 0; /* the same words again (a transcript repeats them) */
	if ((grown = realloc(f->diagnostic, old + n + 2)) == NULL)
		return -1;
	if (old)
		grown[old++] = ' ';
	memcpy(grown + old, p, n);
	grown[old + n] = '\0';
	f->diagnostic = grown;
	return 0;
}

/* Scanning state for bd_text_scan. */
struct scan {
	struct bd_factlist *fl;
	size_t first;
	struct bd_facts *cur;
	int lines, blank;
	struct line prev;       /* the last line of prose, when it was the
	                           line right before this one */
};

/* is_label_line - "Date: ...", "时　间： ...": a short label, a colon, a value */
static int
is_label_line(const struct line *l)
{
	const char *p = skip_blank(l), *end = l->p + l->n, *colon;
	size_t n = (size_t)(end - p);

	colon = memchr(p, ':', n < 24 ? n : 24);
	if (colon == NULL)
		colon = bd_memcasemem(p, n < 40 ? n : 40, "\xef\xbc\x9a", 3); /* fullwidth colon */
	return colon != NULL && colon > p && colon + 1 < end;
}

/* on_anchor - a line naming recipient a (ownership taken) */
static int
on_anchor(struct scan *sc, char *a, const char *rest, const struct line *l)
{
	struct bd_facts *f = find_entry(sc->fl, sc->first, a);

	if (f == NULL) {
		if ((f = bd_factlist_add(sc->fl)) == NULL) {
			free(a);
			return sc->fl->n >= BD_MAX_RECIPIENTS ? 0 : -1;
		}
		f->recipient = a;
		/* "User not listed in the address book" then the address:
		 * the reason stands right above it (not a heading "...:",
		 * not a "Label: value" line of the message's details) */
		if (rest == l->p + l->n && sc->cur == NULL && sc->prev.p && sc->prev.n > 0 &&
		    sc->prev.p[sc->prev.n - 1] != ':' && !is_label_line(&sc->prev) &&
		    add_diag(f, sc->prev.p, sc->prev.n) < 0)
			return -1;
	} else
		free(a);
	sc->cur = f;
	sc->lines = 0;
	sc->blank = 0;
	return add_diag(f, rest, (size_t)(l->p + l->n - rest));
}

/* ends_with_colon - the text so far is a heading ("because:") */
static int
ends_with_colon(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n > 0 && s[n - 1] == ':';
}

/* on_text - a line that is not an anchor */
static int
on_text(struct scan *sc, const struct line *l)
{
	if (sc->cur == NULL)
		return 0;
	if (is_blank(l)) {
		/* a blank line ends the words, unless they are only a
		 * heading such as "because:" */
		if (sc->cur->diagnostic && !ends_with_colon(sc->cur->diagnostic))
			sc->blank = 1;
		return 0;
	}
	if (sc->blank || is_separator(l) || sc->lines >= MAX_DIAG_LINES) {
		sc->cur = NULL;
		return 0;
	}
	sc->lines++;
	return add_diag(sc->cur, l->p, l->n);
}

int
bd_text_scan(const char *text, size_t len, const struct bd_exclude *ex,
    struct bd_factlist *fl)
{
	struct scan sc = { fl, fl->n, NULL, 0, 0, { NULL, 0 } };
	size_t pos = 0, i;
	const char *rest;
	struct line l;
	char *a;
	int transcript, rc = 0;

	while (rc == 0 && next_line(text, len, &pos, &l)) {
		a = anchor(&l, &rest, &transcript);
		if (a && excluded(a, ex)) {
			free(a);
			a = NULL;
		}
		if (a && transcript && sc.cur && sc.cur->recipient &&
		    (strcasecmp(sc.cur->recipient, a) == 0 || starts_with_code(&l))) {
			/* "after RCPT TO:<same>", or a reply that echoes the
			 * command it answers: the diagnostic goes on */
			free(a);
			a = NULL;
		}
		rc = a ? on_anchor(&sc, a, rest, &l) : on_text(&sc, &l);
		if (a || is_blank(&l) || is_separator(&l))
			sc.prev.p = NULL;
		else
			sc.prev = l;
	}
	if (rc < 0)
		return -1;
	for (i = sc.first; i < fl->n; i++) {
		if (fl->v[i].diagnostic)
			bd_fold_space(fl->v[i].diagnostic);
		bd_facts_complete(&fl->v[i]);
	}
	return (int)(fl->n - sc.first);
}

/* names_sender - the address at at follows "from" ("not accepting mail
 * from a@b", "From: <a@b>"): the sender's, not a recipient's */
static int
names_sender(const char *text, const char *at)
{
	const char *p = at;
	int k;

	for (k = 0; k < 3 && p > text && (p[-1] == '<' || p[-1] == ' ' || p[-1] == ':' ||
	    p[-1] == '"'); k++)
		p--;
	return p - text >= 4 && strncasecmp(p - 4, "from", 4) == 0;
}

char *
bd_text_sole_address(const char *text, const struct bd_exclude *ex)
{
	const char *pos = text;
	char *a, *sole = NULL;
	int seen = 0;

	while (seen < 64 && (a = bd_next_address(text, &pos)) != NULL) {
		seen++;
		if (excluded(a, ex) || (sole && strcasecmp(sole, a) == 0) ||
		    names_sender(text, pos - strlen(a))) {
			free(a);
			continue;
		}
		if (sole) { /* a second one: the prose does not say which */
			free(a);
			free(sole);
			return NULL;
		}
		sole = a;
	}
	return sole;
}

/* error_line - does the line state an SMTP error */
static int
error_line(const struct line *l)
{
	char buf[1024], st[16];
	size_t n = l->n < sizeof buf - 1 ? l->n : sizeof buf - 1, i;

	for (i = 0; i < n && !(l->p[i] == '2' || l->p[i] == '4' || l->p[i] == '5'); i++)
		;
	if (i == n)
		return 0; /* no code or status starts without a 2, 4 or 5 */
	memcpy(buf, l->p, n);
	buf[n] = '\0';
	return (bd_find_reply_code(buf) >= 400) || bd_find_status(buf, st) != NULL;
}

char *
bd_text_errors(const char *text, size_t len)
{
	struct bd_facts f;
	size_t pos = 0;
	struct line l;
	int taken = 0;

	memset(&f, 0, sizeof f);
	while (taken < MAX_ERROR_LINES && next_line(text, len, &pos, &l)) {
		if (refuses_anchor(&l) || !error_line(&l))
			continue;
		if (add_diag(&f, l.p, l.n) < 0)
			break;
		taken++;
	}
	return f.diagnostic ? bd_fold_space(f.diagnostic) : NULL;
}

/* remote_host - "host NAME said", "host NAME [ip]", "talking to NAME" */
static char *
remote_host(const char *d)
{
	static const char *const leads[] = { "host ", "talking to ", "remote host ", NULL };
	const char *hit, *p, *q;
	size_t i;

	for (i = 0; leads[i]; i++) {
		if ((hit = bd_memcasemem(d, strlen(d), leads[i], strlen(leads[i]))) == NULL)
			continue;
		p = hit + strlen(leads[i]);
		for (q = p; *q && *q != ' ' && *q != '[' && *q != ':' && *q != ','; q++)
			;
		if (q - p >= 3 && memchr(p, '.', (size_t)(q - p)) &&
		    (q[0] == ' ' || q[0] == '[' || q[0] == ':'))
			return bd_strndup(p, (size_t)(q - p - (q[-1] == '.')));
	}
	return NULL;
}

/* reply_dash - d starts "550-" followed by a status or a word (not the
 * digits of a phone number) */
static int
reply_dash(const char *d)
{
	return d[0] >= '2' && d[0] <= '5' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' &&
	    d[2] <= '9' && d[3] == '-' && d[4] != '\0' &&
	    (!(d[4] >= '0' && d[4] <= '9') || d[5] == '.');
}

/* unfold_reply - a multi-line reply joined into one line repeats its code
 * ("550-5.7.1 Our system ... 550-5.7.1 likely suspicious ... 550 5.7.1"):
 * keep the first code and status, drop the repeats, so that the words
 * read as one sentence again */
static void
unfold_reply(char *d)
{
	char lead[32], *r, *w, *start = d;
	size_t n;

	for (; *d; d++) /* the first "550-" that starts a word */
		if ((d == start || d[-1] == ' ') && reply_dash(d))
			break;
	if (strlen(d) < 8)
		return;
	n = 4 + strcspn(d + 4, " ");   /* "550-5.7.1" or "550-Word" */
	if (d[4] != d[0] || d[5] != '.')
		n = 4;                     /* no status: only "550-" repeats */
	if (n >= sizeof lead)
		return;
	memcpy(lead, d, n);
	lead[n] = '\0';
	for (r = w = d + n; *r; ) {
		if (r[0] == ' ' && strncmp(r + 1, lead, 3) == 0 && (r[4] == '-' || r[4] == ' ') &&
		    strncmp(r + 5, lead + 4, n - 4) == 0 && (r[1 + n] == ' ' || r[1 + n] == '\0' || n == 4)) {
			r += 1 + n;        /* " 550-5.7.1" or " 550 5.7.1" */
			if (*r != ' ' && *r != '\0')
				*w++ = ' ';        /* "550-No SMTP service" */
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

void
bd_facts_complete(struct bd_facts *f)
{
	const char *cmd;
	char st[16];

	if (f->diagnostic == NULL)
		return;
	if (f->reply_code == 0)
		f->reply_code = bd_find_reply_code(f->diagnostic);
	/* the remote server's own status is more precise than a reporting
	 * MTA's mapping of it, when both are of one class, or when the report
	 * calls the failure final (Action: failed) but its status temporary */
	if (bd_find_status(f->diagnostic, st) && (f->status[0] == '\0' || f->status[0] == st[0] ||
	    (f->status[0] == '4' && st[0] == '5' && f->action && strcmp(f->action, "failed") == 0)))
		memcpy(f->status, st, sizeof st);
	if (f->smtp_command == NULL && (cmd = bd_find_command(f->diagnostic)) != NULL)
		f->smtp_command = bd_strdup(cmd);
	if (f->remote_mta == NULL)
		f->remote_mta = remote_host(f->diagnostic);
	/* a permanent reply code under a temporary status is not what
	 * decided ("554 4.4.7 expired <421 4.4.2 timed out>", a 5xx greeting
	 * a client still retries): the 4xx code that goes with the status,
	 * or none.  (A 4xx under a permanent status is the last reply of a
	 * delivery given up on: it stays.) */
	if (f->status[0] == '4' && f->reply_code >= 500 && f->reply_code < 600)
		f->reply_code = bd_find_reply_code_of(f->diagnostic, 4);
	unfold_reply(f->diagnostic);
}
