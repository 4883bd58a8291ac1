/*
 * facts.c - the list of per-recipient facts a scanner builds
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts.h"
#include "limits.h"
#include "message.h"

struct bd_facts *
bd_factlist_add(struct bd_factlist *fl)
{
	struct bd_facts *v;
	size_t cap;

	if (fl->n >= BD_MAX_RECIPIENTS) {
		fl->truncated |= BD_TRUNC_RECIPIENTS;
		return NULL;
	}
	if (fl->n == fl->cap) {
		cap = fl->cap ? fl->cap * 2 : 4;
		v = realloc(fl->v, cap * sizeof *v);
		if (v == NULL)
			return NULL;
		fl->v = v;
		fl->cap = cap;
	}
	memset(&fl->v[fl->n], 0, sizeof fl->v[0]);
	return &fl->v[fl->n++];
}

int
bd_factlist_take(struct bd_factlist *to, struct bd_factlist *from)
{
	struct bd_facts *f;
	size_t i;

	for (i = 0; i < from->n; i++) {
		if ((f = bd_factlist_add(to)) == NULL) {
			if (to->truncated & BD_TRUNC_RECIPIENTS)
				break;
			return -1;
		}
		*f = from->v[i];
		memset(&from->v[i], 0, sizeof from->v[i]);
	}
	to->truncated |= from->truncated;
	return 0;
}

static void
facts_free(struct bd_facts *f)
{
	free(f->recipient);
	free(f->action);
	free(f->diagnostic);
	free(f->remote_mta);
	free(f->smtp_command);
}

/* same_facts - two entries that say the same */
static int
same_facts(const struct bd_facts *a, const struct bd_facts *b)
{
	return a->recipient && b->recipient && strcasecmp(a->recipient, b->recipient) == 0 &&
	    strcmp(a->status, b->status) == 0 &&
	    ((a->diagnostic == NULL && b->diagnostic == NULL) ||
	    (a->diagnostic && b->diagnostic && strcmp(a->diagnostic, b->diagnostic) == 0));
}

void
bd_factlist_dedupe(struct bd_factlist *fl, size_t from)
{
	size_t i, j, w = from;

	for (i = from; i < fl->n; i++) {
		for (j = from; j < w && !same_facts(&fl->v[j], &fl->v[i]); j++)
			;
		if (j < w) {
			facts_free(&fl->v[i]);
			continue;
		}
		fl->v[w++] = fl->v[i];
	}
	fl->n = w;
}

void
bd_factlist_truncate(struct bd_factlist *fl, size_t n)
{
	while (fl->n > n)
		facts_free(&fl->v[--fl->n]);
}

void
bd_factlist_free(struct bd_factlist *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		facts_free(&fl->v[i]);
	free(fl->v);
	free(fl->agent);
	free(fl->reporting_mta);
	free(fl->context);
	memset(fl, 0, sizeof *fl);
}
