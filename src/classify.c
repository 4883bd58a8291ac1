/*
 * classify.c - the rule engine: find the rule that decides the reason for
 * one recipient's facts, by the precedence described in rules.h.
 *
 * Rules are sorted at load time by (text rank, priority, load order), best
 * first.  The engine walks that list one group of equal (text rank,
 * priority) at a time; the first group with a rule that applies holds the
 * winner, which is the applying rule of that group with the highest
 * specificity (then the later one).  Cheap conditions (codes, command,
 * action, kind, agent) are tested before any pattern is run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "decode.h"
#include "limits.h"
#include "rules_impl.h"

#define MAX_EVIDENCE 300
#define VCACHE_SLOTS 4096        /* remembered decisions per cache */
#define VCACHE_LOCKS 64          /* slots share this many locks */
#define VCACHE_MAX_KEY 8192      /* longer subjects are not remembered */

/* A remembered decision: real spools repeat the same server words for
 * thousands of recipients, and the winner depends only on the key. */
struct vcache_entry {
	uint64_t hash;
	char *key;
	size_t keylen;
	const struct bd_rule *rule;
	int text;                /* 0 none, 1 diagnostic, 2 context */
	size_t so, eo;
};

/* The decisions of one context, or of several sharing them (the jobs of a
 * batch): a reply one job has decided is not matched again by another. */
struct vcache {
	struct vcache_entry slots[VCACHE_SLOTS];
	pthread_mutex_t locks[VCACHE_LOCKS];
	atomic_int refs;
};

struct bd_ctx {
	const bd_rules *rules;
	enum bd_lang lang;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct vcache *cache;
	int key_context, key_mta;  /* do rules read the context, the MTAs */
	int key_agent;             /* ... the agent */
	struct strbuf key;
	uint64_t *marks;           /* prefilter: match patterns that may hold */
	int marks_valid;           /* marks are for the current subject */
	struct strbuf repaired[4]; /* the subject's texts that were not UTF-8 */
};

/* What one recipient offers to the rules, parsed once. */
struct subject {
	const struct bd_factlist *fl;
	const struct bd_facts *f;
	/* the texts the patterns read, valid UTF-8 (repaired copies in the
	 * context when the facts' are not): diagnostic, context, MTAs */
	const char *diag, *context, *mta, *reporting_mta;
	int status[3];          /* class, subject, detail; class 0: none */
	unsigned command, action, kind;  /* bit of the value, 0: unknown */
	unsigned recipient;              /* bit of "known" or "unknown" */
};

/* A rule that applies and what it matched. */
struct hit {
	const struct bd_rule *rule;
	int specificity;
	const char *text;       /* matched subject, or NULL */
	size_t so, eo;
};

/* vcache_new - an empty cache with one reference, or NULL */
static struct vcache *
vcache_new(void)
{
	struct vcache *c = calloc(1, sizeof *c);
	int i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < VCACHE_LOCKS; i++)
		pthread_mutex_init(&c->locks[i], NULL);
	atomic_init(&c->refs, 1);
	return c;
}

/* vcache_drop - one reference less; the last frees */
static void
vcache_drop(struct vcache *c)
{
	size_t i;

	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	for (i = 0; i < VCACHE_SLOTS; i++)
		free(c->slots[i].key);
	for (i = 0; i < VCACHE_LOCKS; i++)
		pthread_mutex_destroy(&c->locks[i]);
	free(c);
}

/* ctx_new - a context remembering its decisions in cache (a new one when
 * NULL) */
static bd_ctx *
ctx_new(const bd_rules *rules, enum bd_lang lang, struct vcache *cache)
{
	bd_ctx *ctx = calloc(1, sizeof *ctx);
	size_t i;

	if (ctx == NULL)
		return NULL;
	ctx->rules = rules;
	ctx->lang = lang;
	ctx->md = pcre2_match_data_create(16, NULL);
	ctx->mc = pcre2_match_context_create(NULL);
	if (ctx->md == NULL || ctx->mc == NULL) {
		bd_ctx_free(ctx);
		return NULL;
	}
	pcre2_set_match_limit(ctx->mc, BD_PCRE2_MATCH_LIMIT);
	pcre2_set_depth_limit(ctx->mc, BD_PCRE2_DEPTH_LIMIT);
	for (i = 0; rules && i < rules->nrules; i++) {
		ctx->key_context |= rules->rules[i]->body.code != NULL;
		ctx->key_mta |= rules->rules[i]->mta.code != NULL;
		ctx->key_agent |= rules->rules[i]->agents != NULL;
	}
	if (cache)
		atomic_fetch_add(&cache->refs, 1);
	ctx->cache = cache ? cache : vcache_new();
	if (rules && rules->prefilter)
		ctx->marks = calloc(bd_prefilter_words(rules->prefilter), sizeof *ctx->marks);
	if (ctx->cache == NULL || (rules && rules->prefilter && ctx->marks == NULL)) {
		bd_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

bd_ctx *
bd_ctx_new(const bd_rules *rules, enum bd_lang lang)
{
	return ctx_new(rules, lang, NULL);
}

bd_ctx *
bd_ctx_new_sharing(const bd_ctx *other)
{
	return ctx_new(other->rules, other->lang, other->cache);
}

void
bd_ctx_free(bd_ctx *ctx)
{
	int i;

	if (ctx == NULL)
		return;
	pcre2_match_data_free(ctx->md);
	pcre2_match_context_free(ctx->mc);
	vcache_drop(ctx->cache);
	free(ctx->marks);
	sb_free(&ctx->key);
	for (i = 0; i < 4; i++)
		sb_free(&ctx->repaired[i]);
	free(ctx);
	bd_decode_thread_done();
}

const bd_rules *
bd_ctx_rules(const bd_ctx *ctx)
{
	return ctx->rules;
}

void
bd_ctx_wants(const bd_ctx *ctx, int *agent, int *context)
{
	*agent = ctx->key_agent;
	*context = ctx->key_context;
}

enum bd_lang
bd_ctx_lang(const bd_ctx *ctx)
{
	return ctx->lang;
}

/* re_match - 1 when re matches s, valid UTF-8 (span in *so, *eo); errors
 * (match limit hit on a crafted line) count as no match.  The patterns are
 * compiled without PCRE2_MATCH_INVALID_UTF: with it, PCRE2 10.42's JIT
 * lets \S, \W and \D match no character beyond ASCII. */
static int
re_match(bd_ctx *ctx, const struct bd_regex *re, const char *s, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	size_t len = strnlen(s, BD_MAX_PART_BYTES);

	bd_regex_ready(re);
	if (pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, ctx->md,
	    ctx->mc) < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(ctx->md);
	*so = ov[0];
	*eo = ov[1] < ov[0] ? ov[0] : ov[1];
	return 1;
}

/* bit_of - the bit of value in names, 0 when unknown */
static unsigned
bit_of(const char *const *names, const char *value)
{
	int i;

	if (value == NULL)
		return 0;
	for (i = 0; names[i]; i++)
		if (strcasecmp(names[i], value) == 0)
			return 1u << i;
	return 0;
}

/* utf8_text - text itself when it is valid UTF-8 (up to the length the
 * patterns read), else a copy in buf with '?' for each stray byte (offsets
 * kept); NULL when text is NULL or memory runs out */
static const char *
utf8_text(const char *text, struct strbuf *buf)
{
	size_t len, i, n;

	if (text == NULL)
		return NULL;
	len = strnlen(text, BD_MAX_PART_BYTES);
	if (bd_utf8_valid(text, len))
		return text;
	buf->len = 0;
	for (i = 0; i < len; i += n) {
		n = bd_utf8_seq((const unsigned char *)text + i, len - i);
		if (n == 0 ? sb_appendc(buf, '?') < 0 : sb_append(buf, text + i, n) < 0)
			return NULL;
		n += n == 0;
	}
	return sb_appendc(buf, '\0') < 0 ? NULL : buf->s;
}

/* parse_subject - the facts in the shape the conditions test */
static void
parse_subject(bd_ctx *ctx, struct subject *s, const struct bd_factlist *fl,
    const struct bd_facts *f)
{
	const char *p = f->status;
	char *end;
	int i;

	memset(s, 0, sizeof *s);
	s->fl = fl;
	s->f = f;
	s->diag = utf8_text(f->diagnostic, &ctx->repaired[0]);
	s->context = utf8_text(fl->context, &ctx->repaired[1]);
	s->mta = utf8_text(f->remote_mta, &ctx->repaired[2]);
	s->reporting_mta = utf8_text(fl->reporting_mta, &ctx->repaired[3]);
	for (i = 0; i < 3 && *p; i++) {
		s->status[i] = (int)strtol(p, &end, 10);
		if (end == p)
			break;
		p = *end == '.' ? end + 1 : end;
	}
	if (i < 3)
		s->status[0] = 0;
	s->command = bit_of(bd_rule_commands, f->smtp_command);
	s->action = bit_of(bd_rule_actions, f->action);
	s->kind = 1u << (fl->kind < 4 ? fl->kind : 0);
	s->recipient = f->recipient && !f->recipient_guessed ? 1u : 2u;
}

/* status_spec - specificity of the best status entry that holds, -1: none */
static int
status_spec(const struct bd_rule *r, const struct subject *s)
{
	const struct bd_status_cond *c;
	int best = -1, spec;
	size_t i;

	if (r->nstatus == 0)
		return 0;
	if (s->status[0] == 0)
		return -1;
	for (i = 0; i < r->nstatus; i++) {
		c = &r->status[i];
		if ((c->klass != -1 && c->klass != s->status[0]) ||
		    (c->subject != -1 && c->subject != s->status[1]) ||
		    (c->detail != -1 && c->detail != s->status[2]))
			continue;
		spec = c->detail != -1 ? 6 : c->subject != -1 ? 4 : 2;
		if (spec > best)
			best = spec;
	}
	return best;
}

/* code_spec - specificity of the best reply code entry that holds */
static int
code_spec(const struct bd_rule *r, int code)
{
	int best = -1, spec;
	size_t i;

	if (r->ncode == 0)
		return 0;
	for (i = 0; i < r->ncode; i++) {
		if (code < r->code[i].lo || code > r->code[i].hi)
			continue;
		spec = r->code[i].hi == r->code[i].lo ? 3 : r->code[i].hi - r->code[i].lo < 10 ? 2 : 1;
		if (spec > best)
			best = spec;
	}
	return best;
}

/* agent_ok - the rule's agent list names the bounce's agent */
static int
agent_ok(const struct bd_rule *r, const char *agent)
{
	size_t i;

	if (r->agents == NULL)
		return 1;
	if (agent == NULL)
		return 0;
	for (i = 0; r->agents[i]; i++)
		if (strcmp(r->agents[i], agent) == 0)
			return 1;
	return 0;
}

/* cheap_spec - specificity from the conditions that need no pattern, or
 * -1 when one of them does not hold */
static int
cheap_spec(const struct bd_rule *r, const struct subject *s)
{
	int st, cd, spec;

	if ((r->commands && !(r->commands & s->command)) ||
	    (r->actions && !(r->actions & s->action)) ||
	    (r->kinds && !(r->kinds & s->kind)) ||
	    (r->recipients && !(r->recipients & s->recipient)) || !agent_ok(r, s->fl->agent))
		return -1;
	if ((st = status_spec(r, s)) < 0 || (cd = code_spec(r, s->f->reply_code)) < 0)
		return -1;
	spec = st + cd;
	spec += (r->commands != 0) + (r->actions != 0) + (r->kinds != 0) + (r->recipients != 0) +
	    (r->agents != NULL) + (r->mta.code != NULL);
	return spec;
}

/* may_match - could re match diag, by the prefilter's marks (scanned
 * once per subject)? */
static int
may_match(bd_ctx *ctx, const struct bd_regex *re, const char *diag)
{
	const struct bd_prefilter *pf = ctx->rules->prefilter;

	if (re->pf_id < 0 || ctx->marks == NULL)
		return 1;
	if (!ctx->marks_valid) {
		bd_prefilter_scan(pf, diag, strlen(diag), ctx->marks);
		ctx->marks_valid = 1;
	}
	return bd_prefilter_marked(ctx->marks, re->pf_id);
}

/* patterns_hold - mta, body, match and unless; fills the evidence span */
static int
patterns_hold(bd_ctx *ctx, const struct bd_rule *r, const struct subject *s, struct hit *h)
{
	const char *diag = s->diag, *mta = s->mta;
	size_t so, eo, i;
	int found = 0;

	if (r->mta.code) {
		if (!(mta && re_match(ctx, &r->mta, mta, &so, &eo)) &&
		    !(s->reporting_mta && re_match(ctx, &r->mta, s->reporting_mta, &so, &eo)))
			return 0;
	}
	if (r->nmatch) {
		if (diag == NULL)
			return 0;
		for (i = 0; i < r->nmatch && !found; i++)
			found = may_match(ctx, &r->match[i], diag) &&
			    re_match(ctx, &r->match[i], diag, &h->so, &h->eo);
		if (!found)
			return 0;
		h->text = diag;
	}
	if (r->body.code) {
		if (s->context == NULL || !re_match(ctx, &r->body, s->context, &so, &eo))
			return 0;
		if (h->text == NULL) {
			h->text = s->context;
			h->so = so;
			h->eo = eo;
		}
	}
	for (i = 0; i < r->nunless; i++)
		if (diag && re_match(ctx, &r->unless[i], diag, &so, &eo))
			return 0;
	return 1;
}

/* find_winner - the deciding rule for s, or h->rule NULL */
static void
find_winner(bd_ctx *ctx, const struct subject *s, struct hit *best)
{
	const bd_rules *set = ctx->rules;
	const struct bd_rule *r, *head = NULL;
	struct hit h;
	size_t i;
	int spec;

	memset(best, 0, sizeof *best);
	best->specificity = -1;
	ctx->marks_valid = 0;
	for (i = 0; i < set->nrules; i++) {
		r = set->rules[i];
		if (head && (bd_rule_textrank(r) != bd_rule_textrank(head) ||
		    r->priority != head->priority)) {
			if (best->rule)
				return;
			head = r;
		}
		if (head == NULL)
			head = r;
		if ((spec = cheap_spec(r, s)) < 0 || spec <= best->specificity)
			continue; /* earlier rules of the group are later in order */
		memset(&h, 0, sizeof h);
		if (!patterns_hold(ctx, r, s, &h))
			continue;
		h.rule = r;
		h.specificity = spec;
		*best = h;
	}
}

/* key_add - one field of the cache key, NUL-separated */
static void
key_add(struct strbuf *k, const char *v)
{
	if (v)
		sb_appends(k, v);
	sb_append(k, "\0", 1);
}

/* make_key - everything the rules can look at, as one byte string */
static int
make_key(bd_ctx *ctx, const struct subject *s)
{
	struct strbuf *k = &ctx->key;
	char num[64];

	k->len = 0;
	snprintf(num, sizeof num, "%s|%d|%u|%u|%u|%u", s->f->status, s->f->reply_code,
	    s->command, s->action, s->kind, s->recipient);
	key_add(k, num);
	key_add(k, s->fl->agent);
	key_add(k, s->f->diagnostic);
	if (ctx->key_context)
		key_add(k, s->fl->context);
	if (ctx->key_mta) {
		key_add(k, s->f->remote_mta);
		key_add(k, s->fl->reporting_mta);
	}
	return k->s != NULL && k->len <= VCACHE_MAX_KEY;
}

/* fnv1a - 64-bit FNV-1a hash */
static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	return h;
}

/* decide - the winner for s, remembered per key (the lookup and the
 * store each under the slot's lock; the matching in between without) */
static void
decide(bd_ctx *ctx, const struct subject *s, struct hit *h)
{
	struct vcache_entry *e;
	pthread_mutex_t *lock;
	uint64_t hash;
	char *key;

	if (!make_key(ctx, s)) {
		find_winner(ctx, s, h);
		return;
	}
	hash = fnv1a(ctx->key.s, ctx->key.len);
	e = &ctx->cache->slots[hash % VCACHE_SLOTS];
	lock = &ctx->cache->locks[(hash % VCACHE_SLOTS) % VCACHE_LOCKS];
	pthread_mutex_lock(lock);
	if (e->key && e->hash == hash && e->keylen == ctx->key.len &&
	    memcmp(e->key, ctx->key.s, e->keylen) == 0) {
		memset(h, 0, sizeof *h);
		h->rule = e->rule;
		h->text = e->text == 1 ? s->diag : e->text == 2 ? s->context : NULL;
		h->so = e->so;
		h->eo = e->eo;
		pthread_mutex_unlock(lock);
		return;
	}
	pthread_mutex_unlock(lock);
	find_winner(ctx, s, h);
	if ((key = malloc(ctx->key.len)) == NULL)
		return; /* not remembered: no harm */
	memcpy(key, ctx->key.s, ctx->key.len);
	pthread_mutex_lock(lock);
	free(e->key);
	e->key = key;
	e->keylen = ctx->key.len;
	e->hash = hash;
	e->rule = h->rule;
	e->text = h->text == NULL ? 0 : h->text == s->diag ? 1 : 2;
	e->so = h->so;
	e->eo = h->eo;
	pthread_mutex_unlock(lock);
}

/* is_temporary - 4xx, 4.x.x or Action: delayed */
static int
is_temporary(const struct bd_facts *f)
{
	if (f->status[0] == '4' || (f->reply_code >= 400 && f->reply_code < 500))
		return 1;
	if (f->status[0] == '\0' && f->reply_code == 0 && f->action &&
	    strcmp(f->action, "delayed") == 0)
		return 1;
	return 0;
}

/* evidence - the matched text, or the codes, action or command a rule
 * whose pattern takes any text ("match = .", to rank as a text rule)
 * used; NULL only when out of memory */
static char *
evidence(const struct hit *h, const struct bd_facts *f)
{
	struct strbuf sb = { 0 };
	size_t n;

	if (h->text && h->eo - h->so > 1) {
		n = h->eo - h->so;
		if (n > MAX_EVIDENCE)
			n = bd_utf8_cut(h->text + h->so, MAX_EVIDENCE);
		return bd_strndup(h->text + h->so, n);
	}
	if (h->rule->nstatus && f->status[0]) {
		sb_appends(&sb, "status ");
		sb_appends(&sb, f->status);
	}
	if (h->rule->ncode && f->reply_code) {
		char code[16];

		snprintf(code, sizeof code, "%d", f->reply_code);
		if (sb.len)
			sb_appends(&sb, ", ");
		sb_appends(&sb, "reply code ");
		sb_appends(&sb, code);
	}
	if (sb.len == 0 && f->action && h->rule->actions) {
		sb_appends(&sb, "action ");
		sb_appends(&sb, f->action);
	}
	if (sb.len == 0 && f->smtp_command && h->rule->commands) {
		sb_appends(&sb, "reply to ");
		sb_appends(&sb, f->smtp_command);
	}
	if (sb.len == 0 && h->text)   /* "match = ." and no other condition */
		return bd_strndup(h->text + h->so, h->eo - h->so);
	return sb.len ? sb_steal(&sb) : NULL;
}

/* texts - title, cause and fix in the context's language */
static void
texts(const bd_ctx *ctx, const struct bd_rule *r, const struct bd_reason_info *ri,
    struct bd_verdict *v)
{
	int l = ctx->lang;

	v->title = ri->title[l];
	v->cause = (r && r->cause[l]) ? r->cause[l] : ri->cause[l];
	v->fix = (r && r->fix[l]) ? r->fix[l] : ri->fix[l];
}

int
bd_classify(bd_ctx *ctx, const struct bd_factlist *fl,
    const struct bd_facts *f, struct bd_verdict *v)
{
	const struct bd_reason_info *ri;
	struct subject s;
	struct hit h;
	int temporary = is_temporary(f);

	memset(v, 0, sizeof *v);
	parse_subject(ctx, &s, fl, f);
	decide(ctx, &s, &h);
	ri = h.rule ? h.rule->reason : bd_rules_reason(ctx->rules, "undefined");
	v->reason = ri ? ri->name : "undefined";
	if (ri == NULL)
		return 0;
	v->rule_id = h.rule ? h.rule->id : NULL;
	if (h.rule && (v->evidence = evidence(&h, f)) == NULL && h.text)
		return -1;
	v->hard = ri->hard == 1 || (ri->hard == 2 && !temporary);
	texts(ctx, h.rule, ri, v);
	if (f->status[0] == '\0' && ri->inferred[0]) {
		memcpy(v->inferred_status, ri->inferred, sizeof v->inferred_status);
		v->inferred_status[0] = temporary ? '4' : '5';
	}
	return 0;
}

void
bd_verdict_free(struct bd_verdict *v)
{
	free(v->evidence);
	v->evidence = NULL;
}
