/*
 * rules_impl.h - the loaded rule set, private to rules.c, classify.c and
 * explain.c.  Everything here is read-only once bd_rules_load returns.
 */
#ifndef BD_RULES_IMPL_H
#define BD_RULES_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>

#include "prefilter.h"
#include "rules.h"

#define BD_MAX_RULE_VALUES 32 /* entries in one status/code/... list */
#define BD_MAX_OFTEN 12       /* reasons a registry line may list */

/* An enhanced status condition: -1 in subject/detail means any. */
struct bd_status_cond {
	int klass, subject, detail;
};

/* A reply code condition: the codes lo..hi ("550", "55x", "5xx"). */
struct bd_code_cond {
	int lo, hi;
};

/* A pattern.  The one thing that changes after loading: its JIT code is
 * compiled the first time it runs (bd_regex_ready), under a lock, so that
 * patterns the prefilter never lets through cost nothing. */
struct bd_regex {
	pcre2_code *code;
	char *source;
	int pf_id;            /* id in bd_rules.prefilter, -1: not in it */
	atomic_int ready;     /* 1: JIT compiled (or not wanted) */
};

struct bd_rule {
	char *id;
	char *file;
	int line;
	const struct bd_reason_info *reason;
	struct bd_status_cond status[BD_MAX_RULE_VALUES];
	size_t nstatus;
	struct bd_code_cond code[BD_MAX_RULE_VALUES];
	size_t ncode;
	unsigned commands;    /* bit per BD_COMMANDS entry; 0: any */
	unsigned actions;     /* bit per BD_ACTIONS entry; 0: any */
	unsigned kinds;       /* bit per enum bd_kind; 0: any */
	unsigned recipients;  /* bit per bd_rule_recipients entry; 0: any */
	char **agents;        /* NULL-terminated, or NULL: any */
	struct bd_regex mta;  /* code NULL: any */
	struct bd_regex *match;
	size_t nmatch;
	struct bd_regex body;
	struct bd_regex *unless;
	size_t nunless;
	int priority;
	int order;            /* position in load order; later wins ties */
	char *cause[BD_NLANG], *fix[BD_NLANG];
};

struct bd_code_title {
	char *code;           /* "X.1.1", "5.X.X" or "550" */
	char *title;
	const char *often[BD_MAX_OFTEN];  /* reasons its words often give (vocabulary) */
	size_t noften;
};

struct bd_rules {
	struct bd_rule **rules;     /* sorted by bd_rule_rank, best first */
	size_t nrules;
	struct bd_reason_info *reasons;
	size_t nreasons;
	struct bd_code_title *statuses, *replies;
	size_t nstatuses, nreplies;
	struct bd_prefilter *prefilter;  /* over every rule's match patterns */
};

/* Names the command / action / kind bits stand for, NULL-terminated. */
extern const char *const bd_rule_commands[];
extern const char *const bd_rule_actions[];
extern const char *const bd_rule_kinds[];
extern const char *const bd_rule_recipients[];

/* bd_regex_ready - JIT-compile re on its first use (thread-safe) */
void bd_regex_ready(const struct bd_regex *re);

/* bd_rule_textrank - 2: has a match pattern, 1: a body pattern, 0: none */
int bd_rule_textrank(const struct bd_rule *r);

#endif
