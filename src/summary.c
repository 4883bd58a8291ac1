/*
 * summary.c - batch counters and bounded tallies
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "summary.h"

/* A bounded tally of string keys. */
struct tally_entry {
	char *key;
	size_t count;
};

#define TALLY_SLOTS (2 * BD_SUMMARY_MAX_KEYS)  /* power of two */

struct tally {
	struct tally_entry *v;
	size_t n, cap;
	size_t other;   /* counts of keys that did not fit */
	unsigned *slot; /* open-addressing index: entry number + 1, 0 = free */
};

struct reason_stat {
	char *reason;
	size_t count, hard;
	size_t delayed;       /* of count: still retried (Action: delayed) */
	struct tally domains;
	struct tally mtas;
};

struct bd_summary {
	size_t messages, bounces, replies, non_bounces, errors, recipients;
	size_t delayed;       /* recipients still retried, not failed */
	struct reason_stat *reasons;
	size_t nreasons, capreasons;
	struct tally rbls;
};

/* hash - FNV-1a of a string */
static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* tally_add - count key once */
static int
tally_add(struct tally *t, const char *key)
{
	struct tally_entry *v;
	size_t i, cap;

	if (t->slot == NULL && (t->slot = calloc(TALLY_SLOTS, sizeof *t->slot)) == NULL)
		return -1;
	for (i = hash(key) & (TALLY_SLOTS - 1); t->slot[i]; i = (i + 1) & (TALLY_SLOTS - 1))
		if (strcmp(t->v[t->slot[i] - 1].key, key) == 0) {
			t->v[t->slot[i] - 1].count++;
			return 0;
		}
	if (t->n >= BD_SUMMARY_MAX_KEYS) {
		t->other++;
		return 0;
	}
	if (t->n == t->cap) {
		cap = t->cap ? t->cap * 2 : 8;
		v = realloc(t->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n].key = bd_strdup(key);
	if (t->v[t->n].key == NULL)
		return -1;
	t->v[t->n].count = 1;
	t->slot[i] = (unsigned)++t->n;
	return 0;
}

static void
tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].key);
	free(t->v);
	free(t->slot);
}

static int
by_count(const void *a, const void *b)
{
	const struct tally_entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* tally_sort - entries by count, most first (the index is dropped: only
 * done once, when the batch is over) */
static void
tally_sort(struct tally *t)
{
	free(t->slot);
	t->slot = NULL;
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, by_count);
}

struct bd_summary *
bd_summary_new(void)
{
	return calloc(1, sizeof(struct bd_summary));
}

void
bd_summary_free(struct bd_summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nreasons; i++) {
		free(s->reasons[i].reason);
		tally_free(&s->reasons[i].domains);
		tally_free(&s->reasons[i].mtas);
	}
	free(s->reasons);
	tally_free(&s->rbls);
	free(s);
}

/* reason_stat - the counters of a reason, created on first use */
static struct reason_stat *
reason_stat(struct bd_summary *s, const char *reason)
{
	struct reason_stat *v;
	size_t i, cap;

	for (i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].reason, reason) == 0)
			return &s->reasons[i];
	if (s->nreasons == s->capreasons) {
		cap = s->capreasons ? s->capreasons * 2 : 16;
		v = realloc(s->reasons, cap * sizeof *v);
		if (v == NULL)
			return NULL;
		s->reasons = v;
		s->capreasons = cap;
	}
	v = &s->reasons[s->nreasons];
	memset(v, 0, sizeof *v);
	v->reason = bd_strdup(reason);
	if (v->reason == NULL)
		return NULL;
	s->nreasons++;
	return v;
}

/* rbl_name - the DNSBL zone a diagnostic names ("blocked using
 * zen.spamhaus.org", "listed in bl.spamcop.net", "found in
 * dnsbl.sorbs.net", "RBL b.barracudacentral.org"), copied into out */
static int
rbl_name(const char *diag, char *out, size_t outlen)
{
	static const char *const marks[] = {
		"blocked using ", "listed in ", "listed on ", "found in ",
		"found on ", "rbl ", "dnsbl ", "blacklisted by ", "blocklisted by ",
	};
	const char *p, *q;
	size_t i, n;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		p = bd_memcasemem(diag, strlen(diag), marks[i], strlen(marks[i]));
		if (p == NULL)
			continue;
		p += strlen(marks[i]);
		if (strncmp(p, "by ", 3) == 0)
			p += 3;
		for (q = p; *q && (strchr("-._", *q) || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')); q++)
			;
		while (q > p && q[-1] == '.')
			q--;
		n = (size_t)(q - p);
		if (n < 4 || n >= outlen || memchr(p, '.', n) == NULL)
			continue;
		memcpy(out, p, n);
		out[n] = '\0';
		bd_lower(out);
		return 1;
	}
	return 0;
}

/* add_record - count one recipient */
static int
add_record(struct bd_summary *s, const bd_record *r)
{
	struct reason_stat *rs;
	const char *at;
	char rbl[256];
	int rc = 0;

	s->recipients++;
	rs = reason_stat(s, r->reason);
	if (rs == NULL)
		return -1;
	rs->count++;
	if (r->hard)
		rs->hard++;
	if (r->action && strcasecmp(r->action, "delayed") == 0) {
		rs->delayed++;
		s->delayed++;
	}
	at = r->recipient ? strrchr(r->recipient, '@') : NULL;
	if (at && at[1]) {
		char dom[256];

		snprintf(dom, sizeof dom, "%s", at + 1);
		rc |= tally_add(&rs->domains, bd_lower(dom));
	}
	if (r->remote_mta)
		rc |= tally_add(&rs->mtas, r->remote_mta);
	if (r->diagnostic && rbl_name(r->diagnostic, rbl, sizeof rbl))
		rc |= tally_add(&s->rbls, rbl);
	return rc;
}

/* reports_no_failure - an automatic reply, a feedback report or a report
 * of deliveries: every record's reason says no delivery failed */
static int
reports_no_failure(const bd_report *r)
{
	size_t i, n = bd_report_count(r);
	const char *reason;

	for (i = 0; i < n; i++) {
		reason = bd_report_record(r, i)->reason;
		if (reason == NULL || (strcmp(reason, "vacation") != 0 &&
		    strcmp(reason, "feedback") != 0 && strcmp(reason, "delivered") != 0))
			return 0;
	}
	return 1;
}

int
bd_summary_add_report(struct bd_summary *s, const bd_report *r)
{
	size_t i, n = bd_report_count(r);
	const bd_record *rec;

	s->messages++;
	if (n == 0 || bd_report_record(r, 0)->reason == NULL) {
		s->non_bounces++;
		return 0;
	}
	if (reports_no_failure(r))
		s->replies++;
	else
		s->bounces++;
	for (i = 0; i < n; i++) {
		rec = bd_report_record(r, i);
		if (rec->reason && add_record(s, rec) < 0)
			return -1;
	}
	return 0;
}

void
bd_summary_add_error(struct bd_summary *s)
{
	s->messages++;
	s->errors++;
}

size_t
bd_summary_messages(const struct bd_summary *s)
{
	return s->messages;
}

static int
by_reason_count(const void *a, const void *b)
{
	const struct reason_stat *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->reason, y->reason);
}

/* sort_all - reasons by count, each tally by count (done once, at the end) */
static void
sort_all(struct bd_summary *s)
{
	size_t i;

	if (s->nreasons > 1)
		qsort(s->reasons, s->nreasons, sizeof *s->reasons, by_reason_count);
	for (i = 0; i < s->nreasons; i++) {
		tally_sort(&s->reasons[i].domains);
		tally_sort(&s->reasons[i].mtas);
	}
	tally_sort(&s->rbls);
}

/* top_cell - "a (3), b (1)": a tally's first keys for one table cell */
static int
top_cell(struct strbuf *cell, const struct tally *t)
{
	char buf[64];
	size_t i;
	int rc = 0;

	cell->len = 0;
	if (cell->s)
		cell->s[0] = '\0';
	for (i = 0; i < t->n && i < BD_SUMMARY_TOP; i++) {
		rc |= sb_appends(cell, i ? ", " : "");
		rc |= sb_appends(cell, t->v[i].key);
		snprintf(buf, sizeof buf, " (%zu)", t->v[i].count);
		rc |= sb_appends(cell, buf);
	}
	return rc;
}

/* text_top - "      domains: a (3), b (1)" */
static int
text_top(struct strbuf *out, const char *label, const struct tally *t)
{
	struct strbuf cell = { 0 };
	int rc = 0;

	if (t->n == 0)
		return 0;
	rc |= top_cell(&cell, t);
	rc |= sb_appends(out, label);
	rc |= sb_appendc(out, ' ');
	rc |= sb_append(out, cell.s, cell.len);
	rc |= sb_appendc(out, '\n');
	sb_free(&cell);
	return rc;
}

int
bd_summary_text(struct bd_summary *s, struct strbuf *out)
{
	char buf[256];
	size_t i;
	int rc = 0;

	sort_all(s);
	snprintf(buf, sizeof buf, "Summary: %zu message%s read: %zu bounce%s, "
	    "%zu automatic repl%s or report%s, %zu other message%s, %zu error%s; "
	    "%zu recipient%s\n", s->messages, s->messages == 1 ? "" : "s",
	    s->bounces, s->bounces == 1 ? "" : "s", s->replies, s->replies == 1 ? "y" : "ies",
	    s->replies == 1 ? "" : "s", s->non_bounces, s->non_bounces == 1 ? "" : "s",
	    s->errors, s->errors == 1 ? "" : "s", s->recipients, s->recipients == 1 ? "" : "s");
	if (s->delayed) {   /* "...; 12 recipients (3 of them delayed, still retried)" */
		buf[strlen(buf) - 1] = '\0';
		rc |= sb_appends(out, buf);
		snprintf(buf, sizeof buf, " (%zu of them delayed, still retried)\n", s->delayed);
	}
	rc |= sb_appends(out, buf);
	for (i = 0; i < s->nreasons; i++) {
		const struct reason_stat *rs = &s->reasons[i];

		snprintf(buf, sizeof buf, "  %-16s %6zu  %5.1f%%  hard %zu, soft %zu",
		    rs->reason, rs->count,
		    s->recipients ? 100.0 * (double)rs->count / (double)s->recipients : 0.0,
		    rs->hard, rs->count - rs->hard);
		rc |= sb_appends(out, buf);
		if (rs->delayed) {
			snprintf(buf, sizeof buf, " (delayed %zu)", rs->delayed);
			rc |= sb_appends(out, buf);
		}
		rc |= sb_appendc(out, '\n');
		rc |= text_top(out, "      domains:", &rs->domains);
		rc |= text_top(out, "      remote MTAs:", &rs->mtas);
	}
	rc |= text_top(out, "  DNSBLs named:", &s->rbls);
	return rc ? -1 : 0;
}

/* json_top - "[{"name":..,"count":..},...]" */
static int
json_top(struct strbuf *out, const struct tally *t)
{
	char buf[64];
	size_t i;
	int rc = 0;

	rc |= sb_appendc(out, '[');
	for (i = 0; i < t->n && i < BD_SUMMARY_TOP; i++) {
		rc |= sb_appends(out, i ? ",{\"name\":" : "{\"name\":");
		rc |= bd_json_string(out, t->v[i].key);
		snprintf(buf, sizeof buf, ",\"count\":%zu}", t->v[i].count);
		rc |= sb_appends(out, buf);
	}
	rc |= sb_appendc(out, ']');
	return rc;
}

int
bd_summary_json(struct bd_summary *s, struct strbuf *out)
{
	char buf[256];
	size_t i;
	int rc = 0;

	sort_all(s);
	snprintf(buf, sizeof buf, "{\"messages\":%zu,\"bounces\":%zu,\"replies\":%zu,"
	    "\"non_bounces\":%zu,\"errors\":%zu,\"recipients\":%zu,\"delayed\":%zu,\"reasons\":[",
	    s->messages, s->bounces, s->replies, s->non_bounces, s->errors, s->recipients,
	    s->delayed);
	rc |= sb_appends(out, buf);
	for (i = 0; i < s->nreasons; i++) {
		const struct reason_stat *rs = &s->reasons[i];

		rc |= sb_appends(out, i ? ",{\"reason\":" : "{\"reason\":");
		rc |= bd_json_string(out, rs->reason);
		snprintf(buf, sizeof buf, ",\"count\":%zu,\"share\":%.4f,\"hard\":%zu,"
		    "\"soft\":%zu,\"delayed\":%zu,\"domains\":", rs->count,
		    s->recipients ? (double)rs->count / (double)s->recipients : 0.0,
		    rs->hard, rs->count - rs->hard, rs->delayed);
		rc |= sb_appends(out, buf);
		rc |= json_top(out, &rs->domains);
		rc |= sb_appends(out, ",\"remote_mtas\":");
		rc |= json_top(out, &rs->mtas);
		rc |= sb_appendc(out, '}');
	}
	rc |= sb_appends(out, "],\"dnsbls\":");
	rc |= json_top(out, &s->rbls);
	rc |= sb_appends(out, "}\n");
	return rc ? -1 : 0;
}

int
bd_summary_table(struct bd_summary *s, struct strbuf *out, enum bd_format fmt)
{
	static const char *const head[] = { "reason", "recipients", "share", "hard",
	    "soft", "delayed", "domains", "remote_mtas" };
	struct strbuf domains = { 0 }, mtas = { 0 };
	char num[5][32];
	size_t i;
	int rc = 0;

	sort_all(s);
	rc |= bd_out_row(out, fmt, head, sizeof head / sizeof head[0]);
	for (i = 0; i < s->nreasons && rc == 0; i++) {
		const struct reason_stat *rs = &s->reasons[i];
		const char *row[8];

		snprintf(num[0], sizeof num[0], "%zu", rs->count);
		snprintf(num[1], sizeof num[1], "%.4f", s->recipients ?
		    (double)rs->count / (double)s->recipients : 0.0);
		snprintf(num[2], sizeof num[2], "%zu", rs->hard);
		snprintf(num[3], sizeof num[3], "%zu", rs->count - rs->hard);
		snprintf(num[4], sizeof num[4], "%zu", rs->delayed);
		rc |= top_cell(&domains, &rs->domains);
		rc |= top_cell(&mtas, &rs->mtas);
		row[0] = rs->reason;
		row[1] = num[0]; row[2] = num[1]; row[3] = num[2];
		row[4] = num[3]; row[5] = num[4];
		row[6] = domains.len ? domains.s : "";
		row[7] = mtas.len ? mtas.s : "";
		rc |= bd_out_row(out, fmt, row, 8);
	}
	sb_free(&domains);
	sb_free(&mtas);
	return rc ? -1 : 0;
}
