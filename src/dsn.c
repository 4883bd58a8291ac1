/*
 * dsn.c - RFC 3464 message/delivery-status bodies (and RFC 6533
 * message/global-delivery-status): the per-message fields and one
 * bd_facts per per-recipient group.
 *
 * Real reports bend the format: groups without the blank line between
 * them, Original-Recipient after Final-Recipient, fields in any case.  A
 * Final-Recipient that finds the current recipient already named starts a
 * new one, so such reports still give one entry per recipient.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "dsn.h"
#include "limits.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"

struct dsn_state {
	struct bd_factlist *fl;
	struct bd_facts *cur;   /* the recipient being filled, or NULL */
	int cur_final;          /* cur has its Final-Recipient */
	int cur_foreign;        /* ... of a type that is not a mail address
	                           (x400, X-Unix): an Original-Recipient that
	                           is one is the better name */
	int added;
	int nomem;
};

/* host_name - a Remote-MTA's host: "mx.example.org. (192.0.2.1, the
 * server for the domain example.org.)" -> "mx.example.org", "[192.0.2.1]"
 * -> "192.0.2.1" */
static char *
host_name(const char *v)
{
	size_t n;

	if (*v == '[' && (n = strcspn(v + 1, "] \t")) > 0 && v[1 + n] == ']')
		return bd_strndup(v + 1, n); /* an address literal: "[192.0.2.1]" */
	n = strcspn(v, " \t(");

	while (n > 1 && v[n - 1] == '.')
		n--;
	return n ? bd_strndup(v, n) : bd_strdup(v);
}

/* strip_type - "rfc822; a@b" -> "a@b": drop a leading "type;" */
static const char *
strip_type(const char *v)
{
	const char *semi = strchr(v, ';'), *p;

	if (semi == NULL || semi - v > 32)
		return v;
	for (p = v; p < semi; p++)
		if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == ' '))
			return v;
	for (p = semi + 1; *p == ' ' || *p == '\t'; p++)
		;
	return p;
}

/* hexval - value of a hex digit, -1 if not one */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 32;
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* unescape_utf8 - RFC 6533 "\x{HEX}" escapes to UTF-8, in place */
static void
unescape_utf8(char *s)
{
	char *r = s, *w = s;
	unsigned long cp;
	int d, n;

	while (*r) {
		if (r[0] == '\\' && r[1] == 'x' && r[2] == '{') {
			cp = 0;
			for (n = 0; (d = hexval((unsigned char)r[3 + n])) >= 0 && n < 6; n++)
				cp = cp * 16 + (unsigned long)d;
			if (n > 0 && r[3 + n] == '}' && cp <= 0x10ffff && cp != 0 &&
			    !(cp >= 0xd800 && cp <= 0xdfff) && bd_put_utf8(w, cp) <= (size_t)(4 + n)) {
				w += bd_put_utf8(w, cp);
				r += 4 + n;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* mail_address_type - a *-Recipient value that is an Internet mail
 * address: "rfc822;", "utf-8;" (RFC 6533) or no type at all, with a
 * dotted domain (not a server's internal name, "a@sims-ms-daemon") */
static int
mail_address_type(const char *v)
{
	const char *at = strrchr(v, '@');

	return (strip_type(v) == v || bd_strcaseprefix(v, "rfc822;") ||
	    bd_strcaseprefix(v, "utf-8;")) && at && strchr(at, '.');
}

/* address_value - the address of a *-Recipient field, newly allocated:
 * "<a@b>", "Name <a@b>", "a@b (comment)" and "a@b." all give a@b */
static char *
address_value(const char *v)
{
	char *a = bd_strdup(strip_type(v)), *p, *q, *at;
	size_t n;

	if (a == NULL)
		return NULL;
	bd_trim(a);
	if ((p = strchr(a, '<')) != NULL && (q = strchr(p, '>')) != NULL) {
		n = (size_t)(q - p - 1);
		memmove(a, p + 1, n);
		a[n] = '\0';
	}
	if ((at = strrchr(a, '@')) != NULL) {
		for (p = at; *p && *p != ' ' && *p != '\t' && *p != '('; p++)
			;
		*p = '\0';
		while (p > at + 1 && p[-1] == '.')
			*--p = '\0';
	}
	unescape_utf8(a);
	return bd_trim(a);
}

/* close_recipient - keep the current entry only if it says something */
static void
close_recipient(struct dsn_state *st)
{
	struct bd_facts *f = st->cur;

	st->cur = NULL;
	st->cur_final = 0;
	st->cur_foreign = 0;
	if (f == NULL)
		return;
	if (f->recipient == NULL && f->status[0] == '\0' && f->diagnostic == NULL) {
		free(f->action);
		free(f->remote_mta);
		st->fl->n--;
		st->added--;
	}
}

/* open_recipient - a new entry; 0, or -1 when none can be added */
static int
open_recipient(struct dsn_state *st)
{
	close_recipient(st);
	if ((st->cur = bd_factlist_add(st->fl)) == NULL)
		return -1;
	st->added++;
	return 0;
}

/* set_string - replace *slot with a copy of v */
static void
set_string(struct dsn_state *st, char **slot, char *copy)
{
	if (copy == NULL) {
		st->nomem = 1;
		return;
	}
	free(*slot);
	*slot = copy;
}

/* diagnostic_value - "smtp; 550 ..." without the type, folded, bounded;
 * the type X-Unix stays: it says the words are a local program's exit
 * status ("X-Unix; 255"), which the number alone does not */
static char *
diagnostic_value(const char *v)
{
	const char *text = bd_strcaseprefix(v, "x-unix;") ? v : strip_type(v);
	char *d = bd_strndup(text, bd_utf8_cut(text, strnlen(text, BD_MAX_DIAGNOSTIC)));

	return d ? bd_fold_space(d) : NULL;
}

/* action_value - an Action field's value in lower case, the words some
 * servers write for RFC 3464's named ("failure", "bounced", "deferred",
 * "success") taken as those; newly allocated, or NULL */
static char *
action_value(const char *value)
{
	static const struct { const char *said, *action; } synonyms[] = {
		{ "failure", "failed" }, { "fail", "failed" }, { "bounced", "failed" },
		{ "bounce", "failed" }, { "rejected", "failed" }, { "deferred", "delayed" },
		{ "delay", "delayed" }, { "success", "delivered" }, { "sent", "delivered" },
	};
	char *a = bd_strndup(value, strcspn(value, " \t(;"));
	size_t i;

	if (a == NULL)
		return NULL;
	bd_lower(a);
	for (i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
		if (strcmp(a, synonyms[i].said) == 0) {
			free(a);
			return bd_strdup(synonyms[i].action);
		}
	return a;
}

/* recipient_field - a field that belongs to one recipient */
static void
recipient_field(struct dsn_state *st, const char *name, const char *value)
{
	struct bd_facts *f;

	if (strcasecmp(name, "final-recipient") == 0) {
		if ((st->cur == NULL || st->cur_final) && open_recipient(st) < 0)
			return;
		st->cur_final = 1;
		st->cur_foreign = !mail_address_type(value);
		if (st->cur->recipient == NULL || !st->cur_foreign)
			set_string(st, &st->cur->recipient, address_value(value));
		return;
	}
	if (strcasecmp(name, "original-recipient") == 0) {
		if (st->cur == NULL && open_recipient(st) < 0)
			return;
		if (st->cur->recipient == NULL || (st->cur_foreign && mail_address_type(value))) {
			set_string(st, &st->cur->recipient, address_value(value));
			st->cur_foreign = 0;
		}
		return;
	}
	if (st->cur == NULL && open_recipient(st) < 0)
		return;
	f = st->cur;
	if (strcasecmp(name, "action") == 0) {
		set_string(st, &f->action, action_value(value));
	} else if (strcasecmp(name, "status") == 0) {
		bd_find_status(value, f->status);
	} else if (strcasecmp(name, "remote-mta") == 0) {
		set_string(st, &f->remote_mta, host_name(strip_type(value)));
	} else if (strcasecmp(name, "diagnostic-code") == 0) {
		const char *words = strip_type(value);

		/* "smtp;" and nothing: no words here, the prose may have some */
		if (words[strspn(words, " \t\r\n")] != '\0')
			set_string(st, &f->diagnostic, diagnostic_value(value));
	}
}

/* is_recipient_field - the RFC 3464 per-recipient field names we use */
static int
is_recipient_field(const char *name)
{
	static const char *const names[] = { "final-recipient", "original-recipient",
		"action", "status", "remote-mta", "diagnostic-code", NULL };
	int i;

	for (i = 0; names[i]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* field - one unfolded "Name: value" */
static void
field(struct dsn_state *st, char *line)
{
	char *colon = strchr(line, ':'), *name, *value;

	if (colon == NULL || colon == line)
		return;
	*colon = '\0';
	name = bd_trim(line);
	value = bd_trim(colon + 1);
	if (strcasecmp(name, "reporting-mta") == 0) {
		if (st->fl->reporting_mta == NULL)
			set_string(st, &st->fl->reporting_mta, bd_strdup(strip_type(value)));
	} else if (is_recipient_field(name)) {
		recipient_field(st, name, value);
	}
}

/* complete - fill reply code, status and command from the diagnostic */
static void
complete(struct bd_factlist *fl, size_t from)
{
	struct bd_facts *f;
	size_t i;

	for (i = from; i < fl->n; i++) {
		f = &fl->v[i];
		if (f->diagnostic == NULL)
			continue;
		bd_facts_complete(f);
	}
}

int
bd_dsn_parse(const char *text, size_t len, struct bd_factlist *fl)
{
	struct dsn_state st;
	struct strbuf cur = { 0 };
	const char *p = text, *end = text + len, *nl;
	size_t first = fl->n, n;

	memset(&st, 0, sizeof st);
	st.fl = fl;
	for (; p < end && !st.nomem; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && (p[0] == ' ' || p[0] == '\t') && cur.len) {
			if (cur.len < BD_MAX_HEADER_BYTES && sb_append(&cur, p, bd_utf8_cut(p, n)) < 0)
				st.nomem = 1;
			continue;
		}
		if (cur.len)
			field(&st, cur.s);
		cur.len = 0;
		if (n == 0 || strspn(p, " \t") >= n) {
			close_recipient(&st);
			continue;
		}
		if (sb_append(&cur, p, n > BD_MAX_LINE_BYTES ? bd_utf8_cut(p, BD_MAX_LINE_BYTES) : n) < 0)
			st.nomem = 1;
	}
	if (cur.len && !st.nomem)
		field(&st, cur.s);
	close_recipient(&st);
	sb_free(&cur);
	complete(fl, first);
	return st.nomem ? -1 : st.added;
}
