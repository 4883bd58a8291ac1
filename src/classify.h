/*
 * classify.h - apply the rule set to the facts of one recipient and fill in
 * the verdict: reason, hard, rule id, evidence, and the title, cause and fix
 * in the context's language.  Precedence is described in rules.h.
 */
#ifndef BD_CLASSIFY_H
#define BD_CLASSIFY_H

#include "bouncediag.h"
#include "facts.h"
#include "util.h"

struct bd_verdict {
	const char *reason;      /* never NULL for a bounce ("undefined" at worst) */
	const char *rule_id;     /* NULL when no rule applied */
	char *evidence;          /* allocated: the matched text, or "status 5.1.1" */
	int hard;
	const char *title, *cause, *fix;   /* point into the rule set */
	char inferred_status[16]; /* from the catalogue when f->status is "", else "" */
};

/* bd_classify - 0, or -1 out of memory.  v must be freed with
 * bd_verdict_free. */
int bd_classify(bd_ctx *ctx, const struct bd_factlist *fl,
    const struct bd_facts *f, struct bd_verdict *v);
void bd_verdict_free(struct bd_verdict *v);

/* bd_ctx_wants - does any rule look at the agent, at the context? */
void bd_ctx_wants(const bd_ctx *ctx, int *agent, int *context);

/* bd_ctx accessors for the glue code. */
const bd_rules *bd_ctx_rules(const bd_ctx *ctx);
enum bd_lang bd_ctx_lang(const bd_ctx *ctx);

/* bd_explain - append to out a readable explanation of each code in
 * codes[0..n) ("550", "5.7.1", "5.1.10"): registered meaning, and the
 * reasons the shipped rules give for it with their cause and fix.
 * Returns 0, or -1 when a code is not a reply code or status code (a line
 * saying so is appended). */
int bd_explain(const bd_rules *rules, enum bd_lang lang,
    const char *const *codes, size_t n, struct strbuf *out);

#endif
