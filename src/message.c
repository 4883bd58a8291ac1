/*
 * message.c - take an RFC 5322 message apart: header fields (unfolded,
 * RFC 2047 decoded) and the MIME tree flattened into decoded UTF-8 leaves.
 *
 * One pass per level: a multipart body is split on its boundary lines in a
 * single scan, each part parsed in turn.  Every limit of limits.h
 * truncates and sets a flag; nothing here fails except for memory.
 */
#define _GNU_SOURCE 1 /* memmem (POSIX.1-2024, glibc under _GNU_SOURCE) */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "limits.h"
#include "message.h"
#include "util.h"

/* Header names whose presence at the top says "this is a message"; a
 * pasted fragment (a DSN body, an Outlook dialog) has none of them. */
static const char *const message_fields[] = {
	"from", "date", "received", "return-path", "message-id", "mime-version",
	"delivered-to", "dkim-signature", "authentication-results", "x-failed-recipients",
	"envelope-to", "x-original-to", NULL
};

/* Header names a pasted text may also start with ("Subject: Invoice", an
 * Outlook notice's "To:" and "Subject:", a tracking log's "Sender:"): a
 * message when three of them lead it. */
static const char *const message_fields_weak[] = {
	"to", "subject", "content-type", "reply-to", "sender", "auto-submitted", "x-mailer",
	"cc", "in-reply-to", "references", "thread-topic", NULL
};
#define WEAK_FIELDS_OF_A_MESSAGE 3

/* The fields whose values anything reads (bd_headers_get); the values of
 * the rest (Received, DKIM-Signature, ...: most of a header block) are
 * never decoded nor kept. */
static const char *const kept_fields[] = {
	"content-type", "content-transfer-encoding", "content-disposition", "from", "to",
	"subject", "reply-to", "x-failed-recipients", "auto-submitted", "x-autoreply",
	"x-autorespond", "x-autoresponse", "x-apple-action", "precedence", "x-mailman-version",
	"x-list-administrivia", "x-mlserver", "return-path", "list-unsubscribe", "list-id", "list-post",
	"x-cron-env", NULL
};

/* in_list - is the name (n bytes) one of list (lower-case names)? */
static int
in_list(const char *const *list, const char *name, size_t n)
{
	size_t i;
	int c = name[0] >= 'A' && name[0] <= 'Z' ? name[0] + 32 : name[0];

	for (i = 0; list[i]; i++)   /* the length first: many names start "x-" */
		if (list[i][0] == c && strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

/* line_end - end of the line at p (the '\n' or end) */
static const char *
line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

size_t
bd_field_name_len(const char *p, const char *eol)
{
	const char *q;

	for (q = p; q < eol && *q != ':'; q++)
		if ((unsigned char)*q <= ' ' || (unsigned char)*q >= 0x7f)
			return 0;
	if (q == eol || q == p || q - p > 76)
		return 0;
	return (size_t)(q - p);
}

/* note_field - count a field and note whether it makes the block a
 * message's; 1 when its value is to be kept */
static int
note_field(struct bd_headers *h, const char *name, size_t nlen, unsigned *truncated)
{
	if (h->seen >= BD_MAX_HEADERS) {
		*truncated |= BD_TRUNC_HEADERS;
		return 0;
	}
	h->seen++;
	if (!h->message_like && in_list(message_fields, name, nlen))
		h->message_like = 1;
	else if (!h->message_like && in_list(message_fields_weak, name, nlen) &&
	    ++h->weak >= WEAK_FIELDS_OF_A_MESSAGE)
		h->message_like = 1;
	return in_list(kept_fields, name, nlen);
}

/* add_field - append one unfolded field to h */
static int
add_field(struct bd_headers *h, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	struct bd_header *grown;
	char *v;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		if ((grown = realloc(h->v, cap * sizeof *grown)) == NULL)
			return -1;
		h->v = grown;
		h->cap = cap;
	}
	if ((v = bd_rfc2047_decode(value, vlen)) == NULL)
		return -1;
	h->v[h->n].value = bd_fold_space(v);
	if ((h->v[h->n].name = bd_strndup(name, nlen)) == NULL) {
		free(v);
		return -1;
	}
	h->n++;
	return 0;
}

size_t
bd_headers_parse(struct bd_headers *h, const char *buf, size_t len,
    unsigned *truncated)
{
	const char *p = buf, *end = buf + len, *eol, *name = NULL, *first = NULL;
	struct strbuf value = { 0 };
	size_t nlen = 0, n = 0, body = len;
	int nomem = 0, folded = 0, keep = 0;

	if (len >= 5 && memcmp(buf, "From ", 5) == 0) /* an mbox separator */
		p = line_end(p, end) + 1;
	for (; p < end && !nomem; p = eol + 1) {
		eol = line_end(p, end);
		if (eol == p) {
			body = (size_t)(eol + 1 - buf); /* the empty line */
			break;
		}
		if ((*p == ' ' || *p == '\t') && name) {
			/* a continuation: a kept value is gathered in a buffer */
			if (!keep)
				continue;
			if (!folded) {
				value.len = 0;
				if (sb_append(&value, first, n) < 0)
					nomem = 1;
				folded = 1;
			}
			if (value.len + (size_t)(eol - p) > BD_MAX_HEADER_BYTES)
				*truncated |= BD_TRUNC_HEADERS;
			else if (sb_append(&value, p, (size_t)(eol - p)) < 0)
				nomem = 1;
			continue;
		}
		if (name && keep && add_field(h, name, nlen, folded ? value.s : first,
		    folded ? value.len : n) < 0)
			nomem = 1;
		name = NULL;
		folded = 0;
		if ((n = bd_field_name_len(p, eol)) == 0) {
			body = (size_t)(p - buf); /* not a field: the body starts here */
			break;
		}
		name = p;
		nlen = n;
		keep = note_field(h, name, nlen, truncated);
		first = p + nlen + 1;
		n = (size_t)(eol - p) - nlen - 1;
		if (n > BD_MAX_HEADER_BYTES) {
			n = BD_MAX_HEADER_BYTES;
			*truncated |= BD_TRUNC_HEADERS;
		}
	}
	if (name && keep && !nomem && add_field(h, name, nlen, folded ? value.s : first,
	    folded ? value.len : n) < 0)
		nomem = 1;
	sb_free(&value);
	return body > len ? len : body;
}

void
bd_headers_free(struct bd_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = h->seen = 0;
	h->message_like = h->weak = 0;
}

const char *
bd_headers_get(const struct bd_headers *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if ((h->v[i].name[0] | 0x20) == (name[0] | 0x20) && strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	assert(in_list(kept_fields, name, strlen(name))); /* else never kept */
	return NULL;
}

/* param_value - the (unquoted) value starting at p; newly allocated */
static char *
param_value(const char *p)
{
	struct strbuf sb = { 0 };

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			sb_appendc(&sb, *p);
		}
	} else {
		for (; *p && *p != ';' && *p != ' ' && *p != '\t'; p++)
			sb_appendc(&sb, *p);
	}
	return sb_steal(&sb);
}

/* pct_decode - RFC 2231 "charset'lang'%41%42" -> the bytes, in place */
static void
pct_decode(char *s)
{
	char *r, *w, *q;
	int hi, lo;

	if ((q = strchr(s, '\'')) == NULL || (q = strchr(q + 1, '\'')) == NULL)
		return;
	memmove(s, q + 1, strlen(q + 1) + 1);
	for (r = w = s; *r; r++) {
		if (*r == '%' && r[1] && r[2]) {
			hi = r[1] >= 'a' ? r[1] - 'a' + 10 : r[1] >= 'A' ? r[1] - 'A' + 10 : r[1] - '0';
			lo = r[2] >= 'a' ? r[2] - 'a' + 10 : r[2] >= 'A' ? r[2] - 'A' + 10 : r[2] - '0';
			if (hi >= 0 && hi < 16 && lo >= 0 && lo < 16) {
				*w++ = (char)(hi * 16 + lo);
				r += 2;
				continue;
			}
		}
		*w++ = *r;
	}
	*w = '\0';
}

char *
bd_header_param(const char *value, const char *param)
{
	size_t n = strlen(param);
	const char *p = value;
	char *v;

	while (p && (p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, n) != 0)
			continue;
		if (p[n] == '=')
			return param_value(p + n + 1);
		if (p[n] == '*' && (p[n + 1] == '=' || (p[n + 1] == '0' && p[n + 2] == '*'
		    && p[n + 3] == '='))) {
			v = param_value(strchr(p + n, '=') + 1);
			if (v)
				pct_decode(v);
			return v;
		}
		if (p[n] == '*' && p[n + 1] == '0' && p[n + 2] == '=')
			return param_value(p + n + 3);
	}
	return NULL;
}

/* The parse of one message: the output and the running limits. */
struct parser {
	struct bd_message *m;
	int nomem;
	const char *hint;   /* the first legacy charset a text part declared */
};

/* charset_for - the charset to read a part's bytes in: the one it
 * declares (remembered as the message's when it is a legacy one); for a
 * part that declares none and is not UTF-8 (a delivery-status part in a
 * Korean or Japanese server's own charset), the one a text part before it
 * declared; else none, and the bytes are guessed */
static const char *
charset_for(struct parser *ps, const char *declared, const char *raw, size_t len)
{
	if (declared) {
		if (ps->hint == NULL && strcmp(declared, "us-ascii") != 0 &&
		    strncmp(declared, "utf-", 4) != 0)
			ps->hint = declared;
		return declared;
	}
	return ps->hint && !bd_utf8_valid(raw, len) ? ps->hint : NULL;
}

/* content_type - lower-case type/subtype of h, or dflt */
static char *
content_type(const struct bd_headers *h, const char *dflt)
{
	const char *v = bd_headers_get(h, "Content-Type");
	size_t n;
	char *t;

	if (v == NULL || (n = strcspn(v, "; \t")) == 0 || memchr(v, '/', n) == NULL)
		return bd_strdup(dflt);
	t = bd_strndup(v, n);
	return t ? bd_lower(t) : NULL;
}

/* decode_body - undo the transfer encoding of a leaf */
static char *
decode_body(const struct bd_headers *h, const char *body, size_t len, size_t *outlen)
{
	const char *cte = bd_headers_get(h, "Content-Transfer-Encoding");

	if (cte && bd_strcaseprefix(cte, "base64"))
		return bd_base64_decode(body, len, outlen);
	if (cte && bd_strcaseprefix(cte, "quoted-printable"))
		return bd_qp_decode(body, len, outlen);
	*outlen = len;
	return bd_strndup(body, len);
}

/* wants_text - leaves whose bytes the scanners read */
static int
wants_text(const char *type)
{
	return bd_strcaseprefix(type, "text/") || bd_strcaseprefix(type, "message/") ||
	    strcmp(type, "application/octet-stream") == 0 ? 1 : 0;
}

/* is_attached_message - message/rfc822 and message/global */
static int
is_attached_message(const char *type)
{
	return strcmp(type, "message/rfc822") == 0 || strcmp(type, "message/global") == 0 ||
	    strcmp(type, "message/partial") == 0;
}

/* header_block_len - bytes up to and including the empty line that ends
 * the header block at p (all of it when there is none) */
static size_t
header_block_len(const char *p, size_t len)
{
	const char *q = p, *end = p + len, *nl;

	while (q < end && (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		if (nl == q)
			return (size_t)(nl + 1 - p);
		q = nl + 1;
	}
	return len;
}

/* attached_report - an attached message's header block declares a
 * delivery report ("Content-Type: multipart/report") */
static int
attached_report(const char *head, size_t len)
{
	const char *p = head;

	if (len < 13 || !bd_strcaseprefix(head, "content-type:")) {
		if ((p = bd_memcasemem(head, len, "\ncontent-type:", 14)) == NULL)
			return 0;
		p++;
	}
	p += 13;
	len -= (size_t)(p - head);
	while (len > 0 && (*p == ' ' || *p == '\t'))
		p++, len--;
	return len >= 16 && bd_strcaseprefix(p, "multipart/report");
}

/* keep_attached - is an attached message's whole source wanted: when it
 * is itself a delivery report (a gateway wrapped the MTA's bounce), or
 * when the message carrying it is no report (a person forwarding a bounce
 * as an attachment); a report's returned original is not */
static int
keep_attached(const struct bd_message *m, const char *body, size_t len)
{
	const char *top = bd_headers_get(&m->headers, "Content-Type");

	if (attached_report(body, header_block_len(body, len)))
		return 1;
	return m->has_header_block && !(top && bd_strcaseprefix(top, "multipart/report"));
}

/* blank_nuls - NUL bytes a decoding produced ("=00" in quoted-printable,
 * often a stray "=" before digits) made spaces: the text is read as a C
 * string, and a NUL would end it there */
static void
blank_nuls(char *s, size_t len)
{
	char *p = s, *end = s + len;

	while (p < end && (p = memchr(p, '\0', (size_t)(end - p))) != NULL)
		*p++ = ' ';
}

/* add_leaf - a decoded leaf; takes ownership of type and headers */
static void
add_leaf(struct parser *ps, char *type, struct bd_headers *h, const char *body,
    size_t len, int depth, int in_attached)
{
	struct bd_message *m = ps->m;
	struct bd_part *part, *grown;
	const char *cd;
	char *raw = NULL;
	size_t rawlen = 0;

	if (m->nparts >= BD_MAX_MIME_PARTS) {
		m->truncated |= BD_TRUNC_PARTS;
		free(type);
		bd_headers_free(h);
		return;
	}
	if ((grown = realloc(m->parts, (m->nparts + 1) * sizeof *grown)) == NULL) {
		ps->nomem = 1;
		free(type);
		bd_headers_free(h);
		return;
	}
	m->parts = grown;
	part = &grown[m->nparts++];
	memset(part, 0, sizeof *part);
	part->type = type;
	part->depth = depth;
	part->in_attached = in_attached;
	part->charset = bd_header_param(bd_headers_get(h, "Content-Type"), "charset");
	if (part->charset)
		bd_lower(part->charset);
	if ((cd = bd_headers_get(h, "Content-Disposition")) != NULL)
		part->filename = bd_header_param(cd, "filename");
	if (part->filename == NULL)
		part->filename = bd_header_param(bd_headers_get(h, "Content-Type"), "name");
	if (is_attached_message(type)) {
		/* the returned original: only its header block is needed
		 * (who it was sent to), kept as text and parsed only when a
		 * scanner asks; its body, often the largest part of a bounce,
		 * is neither decoded nor converted */
		in_attached = 1;
		part->in_attached = 1;
		bd_headers_free(h);
		if (keep_attached(m, body, len)) {
			part->report_len = len < BD_MAX_PART_BYTES ? len : BD_MAX_PART_BYTES;
			if ((part->report = bd_strndup(body, part->report_len)) == NULL)
				ps->nomem = 1;
		}
		len = header_block_len(body, len);
		if (len > BD_MAX_PART_BYTES)
			len = BD_MAX_PART_BYTES;
		if ((part->text = bd_to_utf8(body, len, NULL, &part->len)) == NULL)
			ps->nomem = 1;
		else
			blank_nuls(part->text, part->len);
		return;
	}
	part->headers = *h;
	memset(h, 0, sizeof *h);
	if (!wants_text(type)) {
		part->text = bd_strdup("");
		ps->nomem |= part->text == NULL;
		return;
	}
	if (len > 4 * (size_t)BD_MAX_PART_BYTES) {
		len = 4 * (size_t)BD_MAX_PART_BYTES; /* enough for any encoding */
		m->truncated |= BD_TRUNC_PART;
	}
	if ((raw = decode_body(&part->headers, body, len, &rawlen)) == NULL) {
		ps->nomem = 1;
		return;
	}
	if (rawlen > BD_MAX_PART_BYTES) {
		rawlen = BD_MAX_PART_BYTES;
		m->truncated |= BD_TRUNC_PART;
	}
	part->text = bd_to_utf8(raw, rawlen, charset_for(ps, part->charset, raw, rawlen),
	    &part->len);
	free(raw);
	if (part->text == NULL)
		ps->nomem = 1;
	else
		blank_nuls(part->text, part->len);
}

static void parse_entity(struct parser *ps, struct bd_headers *h, const char *body,
    size_t len, int depth, int in_attached, const char *dflt_type);

/* boundary_line - does the line at p..eol open (1) or close (2) a part */
static int
boundary_line(const char *p, const char *eol, const char *b, size_t blen)
{
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++; /* seen in the wild: an indented boundary */
	if ((size_t)(eol - p) < blen + 2 || p[0] != '-' || p[1] != '-' ||
	    memcmp(p + 2, b, blen) != 0)
		return 0;
	p += 2 + blen;
	if (p + 2 <= eol && p[0] == '-' && p[1] == '-')
		return 2;
	while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == eol ? 1 : 0;
}

/* parse_part - one body part of a multipart: its headers, then itself */
static void
parse_part(struct parser *ps, const char *p, size_t len, int depth, int in_attached,
    const char *dflt)
{
	struct bd_headers h = { 0 };
	unsigned tr = 0;
	size_t off;

	if (len > 0 && p[0] == '\n')
		off = 1; /* no header fields at all */
	else
		off = bd_headers_parse(&h, p, len, &tr);
	ps->m->truncated |= tr;
	parse_entity(ps, &h, p + off, len - off, depth, in_attached, dflt);
}

/* next_boundary - the start of the next line at or after p holding the
 * delimiter "--boundary" (possibly indented), or NULL */
static const char *
next_boundary(const char *body, const char *p, const char *end, const char *delim, size_t dlen)
{
	const char *q, *line;

	while (p < end && (q = memmem(p, (size_t)(end - p), delim, dlen)) != NULL) {
		for (line = q; line > body && (line[-1] == ' ' || line[-1] == '\t'); line--)
			;
		if (line == body || line[-1] == '\n')
			return line;
		p = q + 1;   /* inside a line: not a delimiter */
	}
	return NULL;
}

/* parse_multipart - split body on the boundary, parse each part; 0 when
 * the body has no boundary line at all */
static int
parse_multipart(struct parser *ps, const char *boundary, const char *body,
    size_t len, int depth, int in_attached, const char *dflt)
{
	const char *p = body, *end = body + len, *eol, *start = NULL;
	size_t blen = strlen(boundary);
	char *delim;
	int kind, seen = 0;

	if ((delim = malloc(blen + 3)) == NULL) {
		ps->nomem = 1;
		return 0;
	}
	delim[0] = delim[1] = '-';
	memcpy(delim + 2, boundary, blen + 1);
	while (p < end && !ps->nomem && (p = next_boundary(body, p, end, delim, blen + 2)) != NULL) {
		eol = line_end(p, end);
		if ((kind = boundary_line(p, eol, boundary, blen)) == 0) {
			p = eol + 1;   /* the delimiter with more after it */
			continue;
		}
		seen = 1;
		if (start)  /* the part ends before the line break of the boundary */
			parse_part(ps, start, (size_t)(p - start > 0 ? p - start - 1 : 0),
			    depth, in_attached, dflt);
		start = kind == 1 ? (eol < end ? eol + 1 : end) : NULL;
		if (kind == 2 || eol == end)
			break;
		p = eol + 1;
	}
	free(delim);
	if (start && start < end && !ps->nomem) /* no closing boundary */
		parse_part(ps, start, (size_t)(end - start), depth, in_attached, dflt);
	return seen;
}

/* plain_leaf - a body read as text/plain whatever it declared */
static void
plain_leaf(struct parser *ps, struct bd_headers *h, const char *body, size_t len,
    int depth, int in_attached)
{
	char *type = bd_strdup("text/plain");

	if (type == NULL) {
		ps->nomem = 1;
		bd_headers_free(h);
		return;
	}
	add_leaf(ps, type, h, body, len, depth, in_attached);
}

/* parse_entity - a body with its header fields h (ownership taken) */
static void
parse_entity(struct parser *ps, struct bd_headers *h, const char *body,
    size_t len, int depth, int in_attached, const char *dflt_type)
{
	char *type = content_type(h, dflt_type), *boundary;

	if (type == NULL) {
		ps->nomem = 1;
		bd_headers_free(h);
		return;
	}
	if (!bd_strcaseprefix(type, "multipart/")) {
		add_leaf(ps, type, h, body, len, depth, in_attached);
		return;
	}
	boundary = bd_header_param(bd_headers_get(h, "Content-Type"), "boundary");
	if (boundary == NULL || *boundary == '\0' || strlen(boundary) > BD_MAX_BOUNDARY ||
	    depth >= BD_MAX_MIME_DEPTH) {
		if (depth >= BD_MAX_MIME_DEPTH)
			ps->m->truncated |= BD_TRUNC_DEPTH;
		free(boundary);
		free(type);
		plain_leaf(ps, h, body, len, depth, in_attached);
		return;
	}
	if (!parse_multipart(ps, boundary, body, len, depth + 1, in_attached,
	    strcmp(type, "multipart/digest") == 0 ? "message/rfc822" : "text/plain")) {
		/* a multipart without its boundaries: read it as plain text */
		free(boundary);
		free(type);
		plain_leaf(ps, h, body, len, depth, in_attached);
		return;
	}
	free(boundary);
	free(type);
	bd_headers_free(h);
}


int
bd_message_parse(struct bd_message *m, const char *buf, size_t len)
{
	struct parser ps = { m, 0, NULL };
	struct bd_headers h = { 0 };
	unsigned tr = 0;
	size_t off;

	if (len > BD_MAX_MESSAGE_BYTES) {
		len = BD_MAX_MESSAGE_BYTES;
		m->truncated |= BD_TRUNC_SIZE;
	}
	off = bd_headers_parse(&m->headers, buf, len, &tr);
	m->truncated |= tr;
	m->has_header_block = m->headers.message_like;
	if (!m->has_header_block) {
		/* a pasted fragment: one text leaf holding all of it */
		bd_headers_free(&m->headers);
		off = 0;
	} else {
		/* the MIME headers of the top entity, copied for parse_entity */
		const char *ct = bd_headers_get(&m->headers, "Content-Type");
		const char *cte = bd_headers_get(&m->headers, "Content-Transfer-Encoding");

		if ((ct && add_field(&h, "Content-Type", 12, ct, strlen(ct)) < 0) ||
		    (cte && add_field(&h, "Content-Transfer-Encoding", 25, cte, strlen(cte)) < 0)) {
			bd_headers_free(&h);
			return -1;
		}
	}
	parse_entity(&ps, &h, buf + off, len - off, 0, 0, "text/plain");
	return ps.nomem ? -1 : 0;
}

void
bd_message_free(struct bd_message *m)
{
	size_t i;

	bd_headers_free(&m->headers);
	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].type);
		free(m->parts[i].charset);
		free(m->parts[i].filename);
		bd_headers_free(&m->parts[i].headers);
		free(m->parts[i].text);
		free(m->parts[i].report);
	}
	free(m->parts);
	m->parts = NULL;
	m->nparts = 0;
}
