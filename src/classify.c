/* classify.c - stub, being written */
#include <stdlib.h>
#include "classify.h"
struct bd_ctx { const bd_rules *rules; enum bd_lang lang; };
bd_ctx *bd_ctx_new(const bd_rules *rules, enum bd_lang lang) { bd_ctx *c = calloc(1, sizeof *c); if (c) { c->rules = rules; c->lang = lang; } return c; }
void bd_ctx_free(bd_ctx *ctx) { free(ctx); }
const bd_rules *bd_ctx_rules(const bd_ctx *ctx) { return ctx->rules; }
enum bd_lang bd_ctx_lang(const bd_ctx *ctx) { return ctx->lang; }
int bd_classify(bd_ctx *ctx, const struct bd_factlist *fl, const struct bd_facts *f, struct bd_verdict *v) { (void)ctx; (void)fl; (void)f; v->reason = "undefined"; v->rule_id = NULL; v->evidence = NULL; v->hard = 0; v->title = v->cause = v->fix = NULL; v->inferred_status[0] = 0; return 0; }
void bd_verdict_free(struct bd_verdict *v) { free(v->evidence); v->evidence = NULL; }
