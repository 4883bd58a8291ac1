/*
 * pslist.c - the queue and trace views of Exchange and Microsoft 365
 * administrators, pasted from PowerShell's Format-List ("| fl"): blocks of
 * "Name : value" lines, a long value continued on indented lines.
 *
 *   Identity    : EX01\41\7516192811                     (Get-Message)
 *   Status      : Retry
 *   LastError   : 451 4.4.0 DNS query failed. ...
 *   Recipients  : {a@b;2;2;[{LRT=};{LED=451 4.4.0 ...};{FQDN=};{IP=}];0;CN=...;0, c@d;...}
 *
 *   Identity      : EX01\41                                (Get-Queue)
 *   NextHopDomain : b.example
 *   LastError     : 451 4.4.0 DNS query failed. ...
 *
 *   Event            : Defer                  (Get-MessageTraceDetail)
 *   Detail           : The message was deferred. Reason: [{LED=452 4.2.2 ...}]
 *   RecipientAddress : a@b     (or the command's "-RecipientAddress a@b")
 *
 *   RecipientAddress : a@b                      (Get-MessageTrace)
 *   Status           : Failed
 *
 *   EventId         : FAIL                     (Get-MessageTrackingLog)
 *   Recipients      : {a@b, c@d}
 *   RecipientStatus : {550 5.1.1 ..., 550 5.1.1 ...}
 *
 * A message's recipients fail with their own last error (LED=), else the
 * message's, else its queue's (the queue whose Identity starts the
 * message's).  A trace's or a tracking log's failure or deferral fails its
 * recipients; for a recipient traced twice, the later event is the one; a
 * trace's summary row that says Failed or Pending stands for a recipient
 * none of its details trace.  A
 * queue's error with no message of it listed fails no one named.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "maillog.h"
#include "pslist.h"
#include "smtp.h"
#include "util.h"

#define PS_FIELDS 24       /* fields of a block kept */
#define PS_NAME 32         /* bytes of a field's name */
#define PS_BLOCKS 256      /* blocks of a paste read */
#define PS_ENTRIES 64      /* recipients of one message read */

struct field {
	char name[PS_NAME];
	struct strbuf value;
};

struct block {
	struct field f[PS_FIELDS];
	size_t n;
	char *asked;   /* the address the command above it named (-RecipientAddress) */
};

/* field_line - the length of the name of "Name   : value" at line (n
 * bytes; a name of letters and digits, blanks, a colon, then a blank or
 * the line's end), its value's start into *value; 0 when line is none */
static size_t
field_line(const char *line, size_t n, const char **value)
{
	size_t name = 0, k;

	while (name < n && isalnum((unsigned char)line[name]))
		name++;
	if (name == 0 || name >= PS_NAME || !isalpha((unsigned char)line[0]))
		return 0;
	for (k = name; k < n && line[k] == ' '; k++)
		;
	if (k == name || k >= n || line[k] != ':' || (k + 1 < n && line[k + 1] != ' ' &&
	    line[k + 1] != '\r' && line[k + 1] != '\n'))
		return 0;
	for (k++; k < n && line[k] == ' '; k++)
		;
	*value = line + k;
	return name;
}

/* block_value - the value of field name in b, or NULL (empty is NULL) */
static const char *
block_value(const struct block *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcasecmp(b->f[i].name, name) == 0)
			return b->f[i].value.s && b->f[i].value.s[0] ? b->f[i].value.s : NULL;
	return NULL;
}

static void
blocks_free(struct block *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < v[i].n; k++)
			sb_free(&v[i].f[k].value);
		free(v[i].asked);
	}
	free(v);
}

/* append_value - the value's text (n bytes, its line end and trailing
 * blanks dropped) to sb, a blank before a continued part; -1 when out of
 * memory */
static int
append_value(struct strbuf *sb, const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (sb->len > 0 && n > 0 && sb_appendc(sb, ' ') < 0)
		return -1;
	return n > 0 ? sb_append(sb, p, n) : 0;
}

/* asked_address - the address a command line names after its
 * -RecipientAddress parameter ("Get-MessageTraceDetail ... -RecipientAddress
 * a@b | fl"), or NULL */
static char *
asked_address(const char *line, size_t n)
{
	const char *hit = bd_memcasemem(line, n, "-RecipientAddress ", 18);
	char buf[320];
	size_t k;

	if (hit == NULL)
		return NULL;
	hit += 18;
	hit += strspn(hit, " \"'");
	k = strcspn(hit, " \"'|\r\n");
	if (k == 0 || k >= sizeof buf || hit + k > line + n)
		return NULL;
	memcpy(buf, hit, k);
	buf[k] = '\0';
	return bd_find_address(buf);
}

/* read_blocks - the blocks of text into *out (how many into *count): a
 * block is a run of field lines and their continuations, with the address
 * the last command line before it asked about; -1 when out of memory */
static int
read_blocks(const char *text, size_t len, struct block **out, size_t *count)
{
	struct block *v = calloc(PS_BLOCKS, sizeof *v), *b = NULL;
	const char *p = text, *end = text + len, *nl, *value;
	char *asked = NULL, *a;
	size_t n = 0, name, k;

	if (v == NULL)
		return -1;
	for (; p < end; p = nl) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		k = (size_t)(nl - p);
		if ((name = field_line(p, k, &value)) > 0) {
			if (b == NULL) {
				if (n == PS_BLOCKS)
					break;
				b = &v[n++];
				if (asked && (b->asked = bd_strdup(asked)) == NULL)
					goto nomem;
			}
			if (b->n == PS_FIELDS)
				continue;
			memcpy(b->f[b->n].name, p, name);
			b->f[b->n].name[name] = '\0';
			if (append_value(&b->f[b->n++].value, value, (size_t)(nl - value)) < 0)
				goto nomem;
		} else if (b != NULL && b->n > 0 && k > 2 && p[0] == ' ' && p[1] == ' ') {
			if (append_value(&b->f[b->n - 1].value, p + strspn(p, " "),
			    (size_t)(nl - p) - strspn(p, " ")) < 0)
				goto nomem;
		} else {
			b = NULL;   /* a blank line, a prompt, a table: the block ends */
			if ((a = asked_address(p, k)) != NULL) {
				free(asked);
				asked = a;
			}
		}
	}
	free(asked);
	*out = v;
	*count = n;
	return 0;
nomem:
	free(asked);
	blocks_free(v, n);
	return -1;
}

/* last_error - the words of the first "{LED=...}" in s[0..n), its length
 * into *len; NULL when none or empty */
static const char *
last_error(const char *s, size_t n, size_t *len)
{
	const char *led = bd_memcasemem(s, n, "{LED=", 5), *end;

	if (led == NULL)
		return NULL;
	led += 5;
	for (end = led; end < s + n && !(*end == '}' && (end + 1 == s + n || end[1] == ';' ||
	    end[1] == ']')); end++)
		;
	*len = (size_t)(end - led);
	return *len > 0 ? led : NULL;
}

/* add_entry - an entry for recipient (n bytes, or NULL) failing with
 * words (wlen bytes); action from event when given, else the words' code */
static int
add_entry(struct bd_factlist *fl, const char *recipient, size_t n, const char *words,
    size_t wlen, const char *action)
{
	struct bd_delivery d;
	char *rcpt = NULL;

	if (recipient && (rcpt = bd_strndup(recipient, n)) == NULL)
		return -1;
	memset(&d, 0, sizeof d);
	d.diag = words;
	d.diag_len = wlen;
	d.action = action ? action : words[0] == '5' ? "failed" : "delayed";
	return bd_maillog_add(fl, &d, rcpt);
}

/* queue_error - the LastError of the queue whose Identity starts the
 * message's identity id ("EX01\41" for "EX01\41\7516192811"), or NULL */
static const char *
queue_error(const struct block *v, size_t n, const char *id)
{
	const char *qid;
	size_t i, k;

	for (i = 0; id && i < n; i++) {
		if ((qid = block_value(&v[i], "Identity")) == NULL || block_value(&v[i], "Recipients"))
			continue;
		k = strlen(qid);
		if (strncasecmp(id, qid, k) == 0 && id[k] == '\\')
			return block_value(&v[i], "LastError");
	}
	return NULL;
}

/* entry_start - p starts a recipient of a list "{a@b;...;0, c@d;...}":
 * an address at the list's start or after ", ", ending at ';', ',' or
 * '}'; its end into *end */
static int
entry_start(const char *list, const char *p, const char **end)
{
	const char *b;

	if (p != list && p[-1] != '{' && !(p - list >= 2 && p[-2] == ',' && p[-1] == ' '))
		return 0;
	b = bd_address_span(list, p, end);
	return b == p && (**end == ';' || **end == ',' || **end == '}' || **end == '\0');
}

/* message_entries - the entries of a message's block b: each recipient of
 * its Recipients list with its own last error, else the message's or its
 * queue's (fallback); statuses (RecipientStatus, a tracking log's) are
 * paired with the recipients in order when as many */
static int
message_entries(struct bd_factlist *fl, const struct block *b, const char *fallback,
    const char *action)
{
	const char *list = block_value(b, "Recipients"), *status = block_value(b, "RecipientStatus");
	const char *start[PS_ENTRIES], *addr_end[PS_ENTRIES], *st[PS_ENTRIES], *p, *e, *words;
	size_t n = 0, nst = 0, i, wlen, slen;
	int rc = 0;

	for (p = list; p && *p && n < PS_ENTRIES; p++)
		if (entry_start(list, p, &e)) {
			start[n] = p;
			addr_end[n++] = e;
			p = e - 1;
		}
	for (p = status; p && *p && nst < PS_ENTRIES; p += strcspn(p, ","), p += *p == ',')
		st[nst++] = p + strspn(p, "{ ");
	for (i = 0; i < n && rc == 0; i++) {
		e = i + 1 < n ? start[i + 1] : list + strlen(list);
		if ((words = last_error(addr_end[i], (size_t)(e - addr_end[i]), &wlen)) == NULL &&
		    status && n == 1)   /* "{[{LRT=};{LED=550 ...};{FQDN=}]}" */
			words = last_error(status, strlen(status), &wlen);
		if (words == NULL && status && nst == n && (slen = strcspn(st[i], ",}")) > 0) {
			words = st[i];
			wlen = slen;
		}
		if (words == NULL && (words = status ? status + strspn(status, "{") : fallback) != NULL)
			wlen = strcspn(words, "}");
		if (words != NULL && wlen > 0)
			rc = add_entry(fl, start[i], (size_t)(addr_end[i] - start[i]), words, wlen, action);
	}
	return rc;
}

/* event_action - what a trace's Event or a tracking log's EventId says:
 * failed, delayed, or NULL for any other event */
static const char *
event_action(const struct block *b)
{
	const char *ev = block_value(b, "Event");

	if (ev == NULL)
		ev = block_value(b, "EventId");
	if (ev == NULL)
		return NULL;
	if (strcasecmp(ev, "Fail") == 0 || strcasecmp(ev, "Failed") == 0 ||
	    strcasecmp(ev, "Drop") == 0 || strcasecmp(ev, "DSN") == 0)
		return "failed";
	return strcasecmp(ev, "Defer") == 0 || strcasecmp(ev, "Deferred") == 0 ? "delayed" : NULL;
}

/* traced_address - the recipient a trace's block is about: its
 * RecipientAddress, else the one its command asked about */
static const char *
traced_address(const struct block *b)
{
	const char *rcpt = block_value(b, "RecipientAddress");

	return rcpt ? rcpt : b->asked;
}

/* traced_from - a block of v from the one at from on traces rcpt failing
 * or deferred */
static int
traced_from(const struct block *v, size_t n, size_t from, const char *rcpt)
{
	const char *other;
	size_t k;

	for (k = from; rcpt && k < n; k++)
		if (event_action(&v[k]) && (other = traced_address(&v[k])) &&
		    strcasecmp(rcpt, other) == 0)
			return 1;
	return 0;
}

/* trace_entry - the entry of a trace's Fail or Defer block b: its
 * recipient, the last error its Detail names, else the Detail */
static int
trace_entry(struct bd_factlist *fl, const struct block *b, const char *action)
{
	const char *rcpt = traced_address(b), *detail = block_value(b, "Detail");
	const char *words;
	size_t wlen;

	if (detail == NULL)
		return 0;
	if ((words = last_error(detail, strlen(detail), &wlen)) == NULL) {
		words = detail;
		wlen = strlen(detail);
	}
	return add_entry(fl, rcpt, rcpt ? strlen(rcpt) : 0, words, wlen, action);
}

/* status_entry - a trace's summary row b (Get-MessageTrace): a recipient
 * whose Status is Failed or Pending and that no detail block of v traces
 * gets an entry of its status alone; delivered ones none */
static int
status_entry(struct bd_factlist *fl, const struct block *v, size_t n, const struct block *b)
{
	const char *rcpt = block_value(b, "RecipientAddress"), *status = block_value(b, "Status");
	const char *action;

	if (strcasecmp(status, "Failed") == 0)
		action = "failed";
	else if (strcasecmp(status, "Pending") == 0 || strcasecmp(status, "Deferred") == 0)
		action = "delayed";
	else
		return 0;
	if (traced_from(v, n, 0, rcpt))
		return 0;   /* its details say why */
	return add_entry(fl, rcpt, strlen(rcpt), status, strlen(status), action);
}

/* block_entries - the entries block i of v gives; *listed set when it
 * names recipients */
static int
block_entries(struct bd_factlist *fl, const struct block *v, size_t n, size_t i, int *listed)
{
	const struct block *b = &v[i];
	const char *action = event_action(b), *err;

	if (block_value(b, "Recipients")) {
		*listed = 1;
		if (block_value(b, "EventId") && action == NULL)
			return 0;   /* a tracking log's delivery, receipt, ... */
		err = block_value(b, "LastError");
		return message_entries(fl, b, err ? err : queue_error(v, n, block_value(b, "Identity")),
		    action);
	}
	if (traced_address(b) && block_value(b, "Event")) {
		*listed = 1;
		return action && !traced_from(v, n, i + 1, traced_address(b)) ?
		    trace_entry(fl, b, action) : 0;
	}
	if (block_value(b, "RecipientAddress") && block_value(b, "Status") &&
	    block_value(b, "MessageTraceId")) {
		*listed = 1;   /* a trace's summary row: its details say why */
		return status_entry(fl, v, n, b);
	}
	return 0;
}

int
bd_pslist_scan(const char *text, size_t len, struct bd_factlist *fl)
{
	struct block *v;
	size_t n, i, before = fl->n;
	const char *err;
	int rc = 0, listed = 0;

	if (bd_memcasemem(text, len, "LastError", 9) == NULL &&
	    bd_memcasemem(text, len, "RecipientAddress", 16) == NULL &&
	    bd_memcasemem(text, len, "RecipientStatus", 15) == NULL)
		return 0;
	if (read_blocks(text, len, &v, &n) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = block_entries(fl, v, n, i, &listed);
	for (i = 0; i < n && rc == 0 && !listed; i++)   /* queues alone: their errors */
		if (block_value(&v[i], "NextHopDomain") && (err = block_value(&v[i], "LastError")))
			rc = add_entry(fl, NULL, 0, err, strlen(err), NULL);
	blocks_free(v, n);
	if (rc < 0)
		return -1;
	bd_factlist_dedupe(fl, before);
	return (int)(fl->n - before);
}
