/*
 * rules.c - load the rule set from its directories: NAME.rules files, the
 * reasons catalogue and the code registries.  The format is described in
 * rules.h and bouncediag-rules(5).
 *
 * One loader serves both bd_rules_load (stop at the first problem) and
 * bd_rules_check (collect every problem).
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "facts.h"
#include "limits.h"
#include "rules_impl.h"

#define MAX_RULE_FILE (4u * 1024 * 1024)
#define MAX_RULE_FILES 1000

const char *const bd_rule_commands[] = { "CONNECT", "HELO", "EHLO", "MAIL",
	"RCPT", "DATA", "BDAT", "QUIT", "AUTH", "STARTTLS", NULL };
const char *const bd_rule_actions[] = { "failed", "delayed", "delivered",
	"relayed", "expanded", NULL };
/* In the order of enum bd_kind. */
const char *const bd_rule_kinds[] = { "none", "bounce", "vacation",
	"feedback", NULL };
/* Whether the bounce names the recipient the entry is about. */
const char *const bd_rule_recipients[] = { "known", "unknown", NULL };

/* The fixed vocabulary of ../shared/reference/reasons.md. */
static const char *const vocabulary[] = {
	"userunknown", "hostunknown", "hasmoved", "notaccept", "suspend",
	"mailboxfull", "mesgtoobig", "exceedlimit", "norelaying",
	"securityerror", "authfailure", "requireptr", "blocked",
	"badreputation", "rejected", "spamdetected", "virusdetected",
	"filtered", "contenterror", "policyviolation", "notcompliantrfc",
	"speeding", "toomanyconn", "syntaxerror", "systemerror", "systemfull",
	"networkerror", "expired", "mailererror", "onhold", "undefined",
	"delivered", "vacation", "feedback", NULL
};

static const char *const lang_suffix[BD_NLANG] = { "en", "zh", "ru" };

/* A rule whose reason is resolved once the catalogue is read. */
struct pending {
	char *reason;
	int line;
};

struct loader {
	struct bd_rules *set;
	struct pending *pending;     /* parallel to set->rules */
	size_t cap;
	struct strbuf *errors;       /* check mode: every problem */
	char *err;                   /* load mode: the first problem */
	size_t errlen;
	int problems;
	int nomem;
	const char *file;
	int dirno;
	int order;
	size_t dir_first;            /* first rule index of this directory */
	struct bd_rule *rule;        /* section being read */
	struct bd_reason_info *reason;
	int section_line;
	int bad_section;             /* the header was wrong: skip its keys */
};

/* printable - bytes of a rule file quoted in a message that are not
 * valid UTF-8 become '?', so that every message can be printed */
static void
printable(char *s)
{
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		if ((k = bd_utf8_seq((const unsigned char *)s + i, n - i)) == 0) {
			s[i++] = '?';
			continue;
		}
		i += k;
	}
}

/* problem - record "file:line[:offset]: what" */
static void problem(struct loader *ld, int line, int offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(struct loader *ld, int line, int offset, const char *fmt, ...)
{
	char msg[600], where[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printable(msg);
	if (line > 0 && offset >= 0)
		snprintf(where, sizeof where, "%s:%d:%d", ld->file, line, offset);
	else if (line > 0)
		snprintf(where, sizeof where, "%s:%d", ld->file, line);
	else
		snprintf(where, sizeof where, "%s", ld->file);
	if (ld->problems == 0 && ld->err)
		snprintf(ld->err, ld->errlen, "%s: %s", where, msg);
	if (ld->errors) {
		if (sb_appends(ld->errors, where) < 0 || sb_appends(ld->errors, ": ") < 0 ||
		    sb_appends(ld->errors, msg) < 0 || sb_appendc(ld->errors, '\n') < 0)
			ld->nomem = 1;
	}
	ld->problems++;
}

static int
in_list(const char *const *list, const char *s)
{
	int i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

static void
regex_free(struct bd_regex *re)
{
	pcre2_code_free(re->code);
	free(re->source);
	re->code = NULL;
	re->source = NULL;
}

static void
rule_free(struct bd_rule *r)
{
	size_t i;
	int l;

	if (r == NULL)
		return;
	free(r->id);
	free(r->file);
	if (r->agents)
		for (i = 0; r->agents[i]; i++)
			free(r->agents[i]);
	free(r->agents);
	regex_free(&r->mta);
	regex_free(&r->body);
	for (i = 0; i < r->nmatch; i++)
		regex_free(&r->match[i]);
	free(r->match);
	for (i = 0; i < r->nunless; i++)
		regex_free(&r->unless[i]);
	free(r->unless);
	for (l = 0; l < BD_NLANG; l++) {
		free(r->cause[l]);
		free(r->fix[l]);
	}
	free(r);
}

static void
reason_free(struct bd_reason_info *ri)
{
	int l;

	free(ri->name);
	for (l = 0; l < BD_NLANG; l++) {
		free(ri->title[l]);
		free(ri->cause[l]);
		free(ri->fix[l]);
	}
}

static void
titles_free(struct bd_code_title *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].code);
		free(t[i].title);
	}
	free(t);
}

void
bd_rules_free(bd_rules *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nrules; i++)
		rule_free(set->rules[i]);
	free(set->rules);
	bd_prefilter_free(set->prefilter);
	for (i = 0; i < set->nreasons; i++)
		reason_free(&set->reasons[i]);
	free(set->reasons);
	titles_free(set->statuses, set->nstatuses);
	titles_free(set->replies, set->nreplies);
	free(set);
}

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

void
bd_regex_ready(const struct bd_regex *cre)
{
	struct bd_regex *re = (struct bd_regex *)(uintptr_t)cre;

	if (atomic_load_explicit(&re->ready, memory_order_acquire))
		return;
	pthread_mutex_lock(&jit_lock);
	if (!atomic_load_explicit(&re->ready, memory_order_relaxed)) {
		pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* interpreter if it fails */
		atomic_store_explicit(&re->ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&jit_lock);
}

/* compile - a PCRE2 pattern with the rule set's options */
static int
compile(struct loader *ld, int line, const char *src, struct bd_regex *re)
{
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];

	re->pf_id = -1;
	re->code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_CASELESS, &errcode,
	    &erroff, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		problem(ld, line, (int)erroff, "pattern does not compile: %s", (char *)msg);
		return -1;
	}
	/* JIT on first use unless asked not to: JIT code reads a few bytes
	 * past the subject with vector loads, which valgrind reports */
	atomic_init(&re->ready, getenv("BOUNCEDIAG_NO_JIT") != NULL);
	if ((re->source = bd_strdup(src)) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	return 0;
}

/* add_regex - append a compiled pattern to an array of them */
static int
add_regex(struct loader *ld, int line, const char *src, struct bd_regex **v, size_t *n)
{
	struct bd_regex *grown;

	if (*n >= BD_MAX_RULE_VALUES) {
		problem(ld, line, -1, "more than %d patterns of one kind", BD_MAX_RULE_VALUES);
		return -1;
	}
	grown = realloc(*v, (*n + 1) * sizeof **v);
	if (grown == NULL) {
		ld->nomem = 1;
		return -1;
	}
	*v = grown;
	memset(&grown[*n], 0, sizeof grown[*n]);
	if (compile(ld, line, src, &grown[*n]) < 0)
		return -1;
	(*n)++;
	return 0;
}

/* parse_status_word - "5.1.1", "5.7.*", "4.*.*", "*.1.1" or "X.1.1" */
static int
parse_status_word(const char *w, struct bd_status_cond *c)
{
	int part[3], i;
	const char *p = w;
	char *end;
	long v;

	for (i = 0; i < 3; i++) {
		if (*p == '*' || ((*p == 'x' || *p == 'X') && i == 0)) {
			part[i] = -1;
			p++;
		} else {
			if (*p < '0' || *p > '9')
				return -1;
			v = strtol(p, &end, 10);
			if (v > 999 || end - p > 3)
				return -1;
			part[i] = (int)v;
			p = end;
		}
		if (i < 2 && *p++ != '.')
			return -1;
	}
	if (*p != '\0')
		return -1;
	if (part[0] != -1 && part[0] != 2 && part[0] != 4 && part[0] != 5)
		return -1;
	if (part[1] == -1 && part[2] != -1)
		return -1;
	c->klass = part[0];
	c->subject = part[1];
	c->detail = part[2];
	return 0;
}

/* parse_code_word - "550", "55x", "5xx" */
static int
parse_code_word(const char *w, struct bd_code_cond *c)
{
	size_t n = strlen(w), i;
	int lo = 0, hi = 0, wild = 0;

	if (n != 3 || w[0] < '2' || w[0] > '5')
		return -1;
	for (i = 0; i < 3; i++) {
		if (w[i] == 'x' || w[i] == 'X') {
			wild = 1;
			lo = lo * 10;
			hi = hi * 10 + 9;
		} else if (w[i] >= '0' && w[i] <= '9' && !wild) {
			lo = lo * 10 + (w[i] - '0');
			hi = hi * 10 + (w[i] - '0');
		} else
			return -1;
	}
	c->lo = lo;
	c->hi = hi;
	return 0;
}

/* each_word - call fn for each white-space separated word of value */
static int
each_word(struct loader *ld, int line, char *value, const char *what,
    int (*fn)(struct loader *, int, const char *, void *), void *arg)
{
	char *w, *save = NULL;
	int n = 0;

	for (w = strtok_r(value, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		if (fn(ld, line, w, arg) < 0)
			return -1;
		n++;
	}
	if (n == 0) {
		problem(ld, line, -1, "%s needs a value", what);
		return -1;
	}
	return 0;
}

static int
word_status(struct loader *ld, int line, const char *w, void *arg)
{
	struct bd_rule *r = arg;

	if (r->nstatus >= BD_MAX_RULE_VALUES) {
		problem(ld, line, -1, "too many status codes");
		return -1;
	}
	if (parse_status_word(w, &r->status[r->nstatus]) < 0) {
		problem(ld, line, -1, "bad status code '%s' (want 5.1.1, 5.7.* or 4.*.*)", w);
		return -1;
	}
	r->nstatus++;
	return 0;
}

static int
word_code(struct loader *ld, int line, const char *w, void *arg)
{
	struct bd_rule *r = arg;

	if (r->ncode >= BD_MAX_RULE_VALUES) {
		problem(ld, line, -1, "too many reply codes");
		return -1;
	}
	if (parse_code_word(w, &r->code[r->ncode]) < 0) {
		problem(ld, line, -1, "bad reply code '%s' (want 550, 55x or 5xx)", w);
		return -1;
	}
	r->ncode++;
	return 0;
}

/* word_bit - one word of a command / action / kind list */
static int
word_bit(struct loader *ld, int line, const char *w, const char *const *names,
    int upper, unsigned *bits)
{
	char buf[32];
	size_t i;
	int k;

	for (i = 0; w[i] && i < sizeof buf - 1; i++)
		buf[i] = upper ? (char)(w[i] >= 'a' && w[i] <= 'z' ? w[i] - 32 : w[i])
			       : (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	buf[i] = '\0';
	if ((k = in_list(names, buf)) < 0) {
		problem(ld, line, -1, "unknown value '%s'", w);
		return -1;
	}
	*bits |= 1u << k;
	return 0;
}

static int
word_command(struct loader *ld, int line, const char *w, void *arg)
{
	return word_bit(ld, line, w, bd_rule_commands, 1, &((struct bd_rule *)arg)->commands);
}

static int
word_action(struct loader *ld, int line, const char *w, void *arg)
{
	return word_bit(ld, line, w, bd_rule_actions, 0, &((struct bd_rule *)arg)->actions);
}

static int
word_kind(struct loader *ld, int line, const char *w, void *arg)
{
	return word_bit(ld, line, w, bd_rule_kinds, 0, &((struct bd_rule *)arg)->kinds);
}

static int
word_recipient(struct loader *ld, int line, const char *w, void *arg)
{
	return word_bit(ld, line, w, bd_rule_recipients, 0, &((struct bd_rule *)arg)->recipients);
}

static int
word_agent(struct loader *ld, int line, const char *w, void *arg)
{
	struct bd_rule *r = arg;
	size_t n = 0;
	char **grown;

	(void)line;
	while (r->agents && r->agents[n])
		n++;
	if ((grown = realloc(r->agents, (n + 2) * sizeof *grown)) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	r->agents = grown;
	if ((grown[n] = bd_strdup(w)) == NULL) {
		ld->nomem = 1;
		grown[n] = NULL;
		return -1;
	}
	bd_lower(grown[n]);
	grown[n + 1] = NULL;
	return 0;
}

/* lang_key - "cause.zh" -> BD_LANG_ZH when key starts with prefix+'.' */
static int
lang_key(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);
	int l;

	if (strncmp(key, prefix, n) != 0 || key[n] != '.')
		return -1;
	for (l = 0; l < BD_NLANG; l++)
		if (strcmp(key + n + 1, lang_suffix[l]) == 0)
			return l;
	return -1;
}

/* set_text - store a text value, replacing an earlier one */
static int
set_text(struct loader *ld, char **slot, const char *value)
{
	free(*slot);
	if ((*slot = bd_strdup(value)) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	return 0;
}

/* single_regex - mta and body take one pattern */
static int
single_regex(struct loader *ld, int line, const char *value, struct bd_regex *re)
{
	if (re->code) {
		problem(ld, line, -1, "only one pattern allowed for this key");
		return -1;
	}
	return compile(ld, line, value, re);
}

/* rule_key - one "key = value" of a [rule] section */
static int
rule_key(struct loader *ld, int line, const char *key, char *value)
{
	struct bd_rule *r = ld->rule;
	struct pending *pd = &ld->pending[ld->set->nrules - 1];
	char *end;
	long v;
	int l;

	if (strcmp(key, "reason") == 0) {
		if (in_list(vocabulary, value) < 0)
			problem(ld, line, -1, "unknown reason '%s' (see the reasons in reasons.catalog)", value);
		pd->line = line; /* kept even when unknown: one problem is enough */
		return set_text(ld, &pd->reason, value);
	}
	if (strcmp(key, "status") == 0)
		return each_word(ld, line, value, key, word_status, r);
	if (strcmp(key, "code") == 0)
		return each_word(ld, line, value, key, word_code, r);
	if (strcmp(key, "command") == 0)
		return each_word(ld, line, value, key, word_command, r);
	if (strcmp(key, "action") == 0)
		return each_word(ld, line, value, key, word_action, r);
	if (strcmp(key, "kind") == 0)
		return each_word(ld, line, value, key, word_kind, r);
	if (strcmp(key, "agent") == 0)
		return each_word(ld, line, value, key, word_agent, r);
	if (strcmp(key, "recipient") == 0)
		return each_word(ld, line, value, key, word_recipient, r);
	if (strcmp(key, "mta") == 0)
		return single_regex(ld, line, value, &r->mta);
	if (strcmp(key, "body") == 0)
		return single_regex(ld, line, value, &r->body);
	if (strcmp(key, "match") == 0)
		return add_regex(ld, line, value, &r->match, &r->nmatch);
	if (strcmp(key, "unless") == 0)
		return add_regex(ld, line, value, &r->unless, &r->nunless);
	if (strcmp(key, "priority") == 0) {
		v = strtol(value, &end, 10);
		if (end == value || *end || v < -100 || v > 100) {
			problem(ld, line, -1, "priority must be a number from -100 to 100");
			return -1;
		}
		r->priority = (int)v;
		return 0;
	}
	if ((l = lang_key(key, "cause")) >= 0)
		return set_text(ld, &r->cause[l], value);
	if ((l = lang_key(key, "fix")) >= 0)
		return set_text(ld, &r->fix[l], value);
	problem(ld, line, -1, "unknown key '%s' in a rule", key);
	return -1;
}

/* reason_key - one "key = value" of a [reason] section */
static int
reason_key(struct loader *ld, int line, const char *key, char *value)
{
	struct bd_reason_info *ri = ld->reason;
	int l;

	if (strcmp(key, "hard") == 0) {
		if (strcmp(value, "yes") == 0)
			ri->hard = 1;
		else if (strcmp(value, "no") == 0)
			ri->hard = 0;
		else if (strcmp(value, "permanent") == 0)
			ri->hard = 2;
		else {
			problem(ld, line, -1, "hard must be yes, no or permanent");
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "inferred-status") == 0) {
		struct bd_status_cond c;

		if (strlen(value) >= sizeof ri->inferred ||
		    parse_status_word(value, &c) < 0 || c.subject < 0 || c.detail < 0) {
			problem(ld, line, -1, "bad inferred-status '%s'", value);
			return -1;
		}
		strcpy(ri->inferred, value);
		return 0;
	}
	if ((l = lang_key(key, "title")) >= 0)
		return set_text(ld, &ri->title[l], value);
	if ((l = lang_key(key, "cause")) >= 0)
		return set_text(ld, &ri->cause[l], value);
	if ((l = lang_key(key, "fix")) >= 0)
		return set_text(ld, &ri->fix[l], value);
	problem(ld, line, -1, "unknown key '%s' in a reason", key);
	return -1;
}

/* valid_id - [a-z0-9._-]+ */
static int
valid_id(const char *id)
{
	if (*id == '\0')
		return 0;
	for (; *id; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9') ||
		    *id == '.' || *id == '_' || *id == '-'))
			return 0;
	return 1;
}

/* drop_rule - remove rule i (replaced by a later one with its id) */
static void
drop_rule(struct loader *ld, size_t i)
{
	struct bd_rules *set = ld->set;

	rule_free(set->rules[i]);
	free(ld->pending[i].reason);
	memmove(&set->rules[i], &set->rules[i + 1], (set->nrules - i - 1) * sizeof set->rules[0]);
	memmove(&ld->pending[i], &ld->pending[i + 1], (set->nrules - i - 1) * sizeof ld->pending[0]);
	set->nrules--;
	if (i < ld->dir_first)
		ld->dir_first--;
}

/* start_rule - a new [rule ID] section */
static int
start_rule(struct loader *ld, int line, const char *id)
{
	struct bd_rules *set = ld->set;
	struct bd_rule *r;
	size_t i;

	if (!valid_id(id)) {
		problem(ld, line, -1, "bad rule id '%s' (letters a-z, digits, . _ -)", id);
		return -1;
	}
	for (i = 0; i < set->nrules; i++) {
		if (strcmp(set->rules[i]->id, id) != 0)
			continue;
		if (i >= ld->dir_first) {
			problem(ld, line, -1, "duplicate rule id '%s' (first at %s:%d)", id,
			    set->rules[i]->file, set->rules[i]->line);
			return -1;
		}
		drop_rule(ld, i); /* a later directory overrides */
		break;
	}
	if (set->nrules == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : 256;
		struct bd_rule **rv = realloc(set->rules, cap * sizeof *rv);
		struct pending *pv;

		if (rv == NULL) {
			ld->nomem = 1;
			return -1;
		}
		set->rules = rv;
		if ((pv = realloc(ld->pending, cap * sizeof *pv)) == NULL) {
			ld->nomem = 1;
			return -1;
		}
		ld->pending = pv;
		ld->cap = cap;
	}
	if ((r = calloc(1, sizeof *r)) == NULL || (r->id = bd_strdup(id)) == NULL ||
	    (r->file = bd_strdup(ld->file)) == NULL) {
		rule_free(r);
		ld->nomem = 1;
		return -1;
	}
	r->line = line;
	r->order = ld->order++;
	memset(&ld->pending[set->nrules], 0, sizeof ld->pending[0]);
	set->rules[set->nrules++] = r;
	ld->rule = r;
	return 0;
}

/* start_reason - a new [reason NAME] section (a later one replaces) */
static int
start_reason(struct loader *ld, int line, const char *name)
{
	struct bd_rules *set = ld->set;
	struct bd_reason_info *grown, *ri;
	size_t i;

	if (in_list(vocabulary, name) < 0) {
		problem(ld, line, -1, "unknown reason '%s' (see the reasons in reasons.catalog)", name);
		return -1;
	}
	for (i = 0; i < set->nreasons; i++)
		if (strcmp(set->reasons[i].name, name) == 0) {
			ri = &set->reasons[i];
			ld->reason = ri;
			return 0;
		}
	grown = realloc(set->reasons, (set->nreasons + 1) * sizeof *grown);
	if (grown == NULL) {
		ld->nomem = 1;
		return -1;
	}
	set->reasons = grown;
	ri = &grown[set->nreasons];
	memset(ri, 0, sizeof *ri);
	if ((ri->name = bd_strdup(name)) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	set->nreasons++;
	ld->reason = ri;
	return 0;
}

/* end_section - checks when a section is complete */
static void
end_section(struct loader *ld)
{
	if (ld->rule && ld->pending[ld->set->nrules - 1].reason == NULL)
		problem(ld, ld->section_line, -1, "rule '%s' has no reason", ld->rule->id);
	ld->rule = NULL;
	ld->reason = NULL;
	ld->bad_section = 0;
}

/* section - "[rule ID]" or "[reason NAME]" */
static void
section(struct loader *ld, int line, char *text, int catalogue)
{
	char *close = strchr(text, ']'), *name;
	const char *want = catalogue ? "reason" : "rule";
	size_t n = strlen(want);

	end_section(ld);
	ld->section_line = line;
	ld->bad_section = 1;
	if (close == NULL || close[1] != '\0' || strncmp(text + 1, want, n) != 0 ||
	    (text[1 + n] != ' ' && text[1 + n] != '\t')) {
		problem(ld, line, -1, "bad section header (want [%s NAME])", want);
		return;
	}
	*close = '\0';
	name = bd_trim(text + 1 + n);
	if ((catalogue ? start_reason(ld, line, name) : start_rule(ld, line, name)) == 0)
		ld->bad_section = 0;
}

/* entry - one logical "key = value" line */
static void
entry(struct loader *ld, int line, char *text, int catalogue)
{
	char *eq = strchr(text, '='), *key, *value;

	if (eq == NULL) {
		problem(ld, line, -1, "expected 'key = value' or a [section]");
		return;
	}
	*eq = '\0';
	key = bd_trim(text);
	value = bd_trim(eq + 1);
	if (catalogue ? ld->reason == NULL : ld->rule == NULL) {
		if (ld->bad_section)
			return;
		problem(ld, line, -1, "'%s' outside a section", key);
		return;
	}
	if (*value == '\0') {
		problem(ld, line, -1, "'%s' has an empty value", key);
		return;
	}
	if (catalogue)
		reason_key(ld, line, key, value);
	else
		rule_key(ld, line, key, value);
}

/* logical - dispatch a complete logical line */
static void
logical(struct loader *ld, int line, char *text, int catalogue)
{
	if (text[0] == '[')
		section(ld, line, text, catalogue);
	else
		entry(ld, line, text, catalogue);
}

/* parse_text - split a rule or catalogue file into logical lines: blank
 * lines and '#' lines are skipped, an indented line continues the value */
static void
parse_text(struct loader *ld, char *buf, int catalogue)
{
	struct strbuf cur = { 0 };
	char *p = buf, *nl;
	int line = 0, cur_line = 0;

	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		if (strlen(p) > BD_MAX_RULE_LINE) {
			problem(ld, line, -1, "line longer than %d bytes", BD_MAX_RULE_LINE);
			continue;
		}
		if (!bd_utf8_valid(p, strlen(p))) {
			problem(ld, line, -1, "not valid UTF-8 (rule files are UTF-8 text)");
			continue;
		}
		if (p[strspn(p, " \t\r")] == '#' || p[strspn(p, " \t\r")] == '\0') {
			if (nl == NULL)
				break;
			continue;
		}
		if ((p[0] == ' ' || p[0] == '\t') && cur.len) {
			if (sb_appendc(&cur, ' ') < 0 || sb_appends(&cur, bd_trim(p)) < 0)
				ld->nomem = 1;
		} else if (p[0] == ' ' || p[0] == '\t') {
			problem(ld, line, -1, "continuation line with nothing to continue");
		} else {
			if (cur.len)
				logical(ld, cur_line, cur.s, catalogue);
			cur.len = 0;
			cur_line = line;
			if (sb_appends(&cur, bd_trim(p)) < 0)
				ld->nomem = 1;
		}
		if (nl == NULL)
			break;
	}
	if (cur.len)
		logical(ld, cur_line, cur.s, catalogue);
	end_section(ld);
	sb_free(&cur);
}

/* word_often - one reason of a registry's third column */
static int
word_often(struct loader *ld, int line, const char *w, void *arg)
{
	struct bd_code_title *e = arg;
	int i = in_list(vocabulary, w);

	if (i < 0) {
		problem(ld, line, -1, "unknown reason '%s' (see the reasons in reasons.catalog)", w);
		return -1;
	}
	if (e->noften >= BD_MAX_OFTEN) {
		problem(ld, line, -1, "more than %d reasons", BD_MAX_OFTEN);
		return -1;
	}
	e->often[e->noften++] = vocabulary[i];
	return 0;
}

/* parse_titles - "CODE<tab>title[<tab>reasons]" lines of a registry */
static void
parse_titles(struct loader *ld, char *buf, struct bd_code_title **v, size_t *n)
{
	char *p = buf, *nl, *tab, *tab2;
	struct bd_code_title *grown, *e;
	int line = 0;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		if (p[strspn(p, " \t\r")] == '#' || p[strspn(p, " \t\r")] == '\0')
			continue;
		if ((tab = strchr(p, '\t')) == NULL) {
			problem(ld, line, -1, "expected 'CODE<tab>title'");
			continue;
		}
		*tab = '\0';
		if ((tab2 = strchr(tab + 1, '\t')) != NULL)
			*tab2 = '\0';
		if ((grown = realloc(*v, (*n + 1) * sizeof *grown)) == NULL) {
			ld->nomem = 1;
			return;
		}
		*v = grown;
		e = &grown[(*n)++];
		memset(e, 0, sizeof *e);
		e->code = bd_strdup(bd_trim(p));
		e->title = bd_strdup(bd_trim(tab + 1));
		if (e->code == NULL || e->title == NULL)
			ld->nomem = 1;
		if (tab2 && *bd_trim(tab2 + 1))
			each_word(ld, line, tab2 + 1, "a reason list", word_often, e);
	}
}

/* read_file - the whole of a (small, trusted) rule file, NUL-terminated */
static char *
read_file(struct loader *ld, const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (f == NULL) {
		problem(ld, 0, -1, "%s", strerror(errno));
		return NULL;
	}
	if ((buf = malloc(MAX_RULE_FILE + 1)) == NULL) {
		fclose(f);
		ld->nomem = 1;
		return NULL;
	}
	n = fread(buf, 1, MAX_RULE_FILE + 1, f);
	if (ferror(f))
		problem(ld, 0, -1, "read error");
	else if (n > MAX_RULE_FILE)
		problem(ld, 0, -1, "file larger than %u bytes", MAX_RULE_FILE);
	fclose(f);
	if (ld->problems && ld->err) {
		free(buf);
		return NULL;
	}
	if (n > MAX_RULE_FILE)
		n = MAX_RULE_FILE;
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL)
		problem(ld, 0, -1, "contains a NUL byte");
	return buf;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* load_one - read one file of a rule directory by its kind */
static void
load_one(struct loader *ld, const char *dir, const char *name)
{
	char path[4096];
	char *buf;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ld->file = path;
	if ((buf = read_file(ld, path)) == NULL)
		return;
	if (has_suffix(name, ".rules"))
		parse_text(ld, buf, 0);
	else if (strcmp(name, "reasons.catalog") == 0)
		parse_text(ld, buf, 1);
	else if (strcmp(name, "status-codes.tsv") == 0)
		parse_titles(ld, buf, &ld->set->statuses, &ld->set->nstatuses);
	else
		parse_titles(ld, buf, &ld->set->replies, &ld->set->nreplies);
	free(buf);
	ld->file = "";
}

static int
wanted(const char *name)
{
	return name[0] != '.' && (has_suffix(name, ".rules") ||
	    strcmp(name, "reasons.catalog") == 0 ||
	    strcmp(name, "status-codes.tsv") == 0 || strcmp(name, "reply-codes.tsv") == 0);
}

/* load_dir - every wanted file of dir, the catalogue first, then sorted */
static void
load_dir(struct loader *ld, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[MAX_RULE_FILES];
	size_t n = 0, i;

	ld->dir_first = ld->set->nrules;
	ld->file = dir;
	if (d == NULL) {
		problem(ld, 0, -1, "cannot open rules directory: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL && n < MAX_RULE_FILES) {
		if (!wanted(de->d_name))
			continue;
		if ((names[n] = bd_strdup(de->d_name)) == NULL) {
			ld->nomem = 1;
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_names);
	for (i = 0; i < n; i++) {
		if (!ld->nomem && (ld->errors || ld->problems == 0))
			load_one(ld, dir, names[i]);
		free(names[i]);
	}
}

/* finish - resolve reasons, check the catalogue is complete, sort */
static void
finish(struct loader *ld)
{
	struct bd_rules *set = ld->set;
	size_t i;
	int v, l;

	ld->file = "reasons.catalog";
	for (v = 0; vocabulary[v]; v++) {
		const struct bd_reason_info *ri = bd_rules_reason(set, vocabulary[v]);

		if (ri == NULL) {
			problem(ld, 0, -1, "reason '%s' is missing from the catalogue", vocabulary[v]);
			continue;
		}
		for (l = 0; l < BD_NLANG; l++)
			if (!ri->title[l] || !ri->cause[l] || !ri->fix[l]) {
				problem(ld, 0, -1, "reason '%s' lacks title, cause or fix in '%s'",
				    vocabulary[v], lang_suffix[l]);
				break;
			}
	}
	for (i = 0; i < set->nrules; i++)
		set->rules[i]->reason = bd_rules_reason(set, ld->pending[i].reason);
}

/* rank_cmp - best first: text rank, then priority, then later order */
static int
rank_cmp(const void *a, const void *b)
{
	const struct bd_rule *x = *(struct bd_rule *const *)a;
	const struct bd_rule *y = *(struct bd_rule *const *)b;
	int tx = bd_rule_textrank(x), ty = bd_rule_textrank(y);

	if (tx != ty)
		return ty - tx;
	if (x->priority != y->priority)
		return y->priority - x->priority;
	return y->order - x->order;
}

int
bd_rule_textrank(const struct bd_rule *r)
{
	return r->nmatch ? 2 : r->body.code ? 1 : 0;
}

/* build_prefilter - one automaton over the match patterns of all rules */
static int
build_prefilter(bd_rules *set)
{
	struct bd_rule *r;
	size_t i, j;

	if ((set->prefilter = bd_prefilter_new()) == NULL)
		return -1;
	for (i = 0; i < set->nrules; i++) {
		r = set->rules[i];
		for (j = 0; j < r->nmatch; j++)
			if ((r->match[j].pf_id = bd_prefilter_add(set->prefilter,
			    r->match[j].source)) < 0)
				return -1;
	}
	return bd_prefilter_build(set->prefilter);
}

/* run_loader - the shared body of bd_rules_load and bd_rules_check */
static int
run_loader(struct loader *ld, const char *const *dirs, size_t ndirs)
{
	size_t i;

	if ((ld->set = calloc(1, sizeof *ld->set)) == NULL)
		return -1;
	for (i = 0; i < ndirs && !ld->nomem; i++) {
		ld->dirno = (int)i;
		load_dir(ld, dirs[i]);
		if (ld->problems && ld->err)
			break;
	}
	if (!ld->nomem && (ld->problems == 0 || ld->errors))
		finish(ld);
	for (i = 0; i < ld->set->nrules; i++)
		free(ld->pending[i].reason);
	free(ld->pending);
	ld->pending = NULL;
	if (ld->nomem)
		return -1;
	if (ld->set->nrules > 1)
		qsort(ld->set->rules, ld->set->nrules, sizeof ld->set->rules[0], rank_cmp);
	return build_prefilter(ld->set);
}

int
bd_rules_load(bd_rules **out, const char *const *dirs, size_t ndirs,
    char *err, size_t errlen)
{
	struct loader ld;

	memset(&ld, 0, sizeof ld);
	ld.err = err;
	ld.errlen = errlen;
	ld.file = "";
	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (run_loader(&ld, dirs, ndirs) < 0) {
		bd_rules_free(ld.set);
		snprintf(err, errlen, "out of memory loading the rules");
		return BD_ERR_NOMEM;
	}
	if (ld.problems) {
		bd_rules_free(ld.set);
		return BD_ERR_RULES;
	}
	*out = ld.set;
	return BD_OK;
}

int
bd_rules_check(const char *const *dirs, size_t ndirs, struct strbuf *errors)
{
	struct loader ld;
	int rc;

	memset(&ld, 0, sizeof ld);
	ld.errors = errors;
	ld.file = "";
	rc = run_loader(&ld, dirs, ndirs);
	bd_rules_free(ld.set);
	return rc < 0 ? -1 : ld.problems;
}

size_t
bd_rules_count(const bd_rules *set)
{
	return set ? set->nrules : 0;
}

const struct bd_reason_info *
bd_rules_reason(const bd_rules *set, const char *name)
{
	size_t i;

	if (set == NULL || name == NULL)
		return NULL;
	for (i = 0; i < set->nreasons; i++)
		if (strcmp(set->reasons[i].name, name) == 0)
			return &set->reasons[i];
	return NULL;
}

const struct bd_reason_info *
bd_rules_reasons(const bd_rules *set, size_t *n)
{
	*n = set ? set->nreasons : 0;
	return set ? set->reasons : NULL;
}

/* find_entry - the registry entry for code, or NULL */
static const struct bd_code_title *
find_entry(const struct bd_code_title *v, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

static const char *
find_title(const struct bd_code_title *v, size_t n, const char *code)
{
	const struct bd_code_title *e = find_entry(v, n, code);

	return e ? e->title : NULL;
}

/* x_entry - the registry entry of a status's X.subject.detail */
static const struct bd_code_title *
x_entry(const bd_rules *set, const char *status)
{
	const char *dot = status ? strchr(status, '.') : NULL;
	char key[24];

	if (dot == NULL || strlen(dot) > 16)
		return NULL;
	snprintf(key, sizeof key, "X%s", dot);
	return find_entry(set->statuses, set->nstatuses, key);
}

const char *
bd_rules_status_title(const bd_rules *set, const char *status)
{
	const struct bd_code_title *e = x_entry(set, status);

	return e ? e->title : NULL;
}

size_t
bd_rules_often(const bd_rules *set, int code, const char *status, const char *const **names)
{
	const struct bd_code_title *e;
	char key[16];

	if (code) {
		snprintf(key, sizeof key, "%d", code);
		e = find_entry(set->replies, set->nreplies, key);
	} else if (status == NULL || status[0] == 'X' ||
	    (e = find_entry(set->statuses, set->nstatuses, status)) == NULL || e->noften == 0)
		e = x_entry(set, status);   /* a server's whole code, else its X form */
	*names = e ? e->often : NULL;
	return e ? e->noften : 0;
}

const char *
bd_rules_status_server_title(const bd_rules *set, const char *status)
{
	return status && status[0] != 'X' ? find_title(set->statuses, set->nstatuses, status) :
	    NULL;
}

const char *
bd_rules_reply_title(const bd_rules *set, int code)
{
	char key[16];

	snprintf(key, sizeof key, "%d", code);
	return find_title(set->replies, set->nreplies, key);
}
