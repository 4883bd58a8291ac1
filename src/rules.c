/* rules.c - stub, being written */
#include <stdlib.h>
#include "rules.h"
int bd_rules_load(bd_rules **out, const char *const *dirs, size_t ndirs, char *err, size_t errlen) { (void)dirs; (void)ndirs; (void)err; (void)errlen; *out = NULL; return BD_ERR_RULES; }
void bd_rules_free(bd_rules *rules) { (void)rules; }
size_t bd_rules_count(const bd_rules *rules) { (void)rules; return 0; }
const struct bd_reason_info *bd_rules_reason(const bd_rules *rules, const char *name) { (void)rules; (void)name; return NULL; }
const struct bd_reason_info *bd_rules_reasons(const bd_rules *rules, size_t *n) { (void)rules; *n = 0; return NULL; }
int bd_rules_check(const char *const *dirs, size_t ndirs, struct strbuf *errors) { (void)dirs; (void)ndirs; (void)errors; return 0; }
const char *bd_rules_status_title(const bd_rules *rules, const char *status) { (void)rules; (void)status; return NULL; }
const char *bd_rules_reply_title(const bd_rules *rules, int code) { (void)rules; (void)code; return NULL; }
