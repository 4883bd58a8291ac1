/*
 * rules.h - the rule set as data: rule files (rules/NAME.rules), the reasons
 * catalogue (rules/reasons.catalog) and the code registries used by
 * "explain" (rules/status-codes.tsv, rules/reply-codes.tsv).
 *
 * File format (documented for users in bouncediag-rules(5)); every file is
 * UTF-8 text, '#' starts a comment line, blank lines are ignored:
 *
 *   [rule ID]                 a rule; ID is [a-z0-9._-]+, unique in the set
 *   reason   = NAME           required; a reason of reasons.md
 *   status   = 5.1.1 5.7.* 4.*.*   enhanced status: exact or prefix (any of)
 *   code     = 550 55x 5xx    reply code: exact or class (any of)
 *   command  = RCPT DATA      SMTP command the server answered (any of)
 *   action   = failed delayed DSN Action (any of)
 *   kind     = bounce vacation feedback   message kind (any of)
 *   agent    = postfix exim   software that wrote the bounce (any of)
 *   recipient = known | unknown   whether the bounce names the recipient
 *                             (not only the returned original's To)
 *   mta      = PATTERN        PCRE2 over remote MTA and reporting MTA
 *   match    = PATTERN        PCRE2 over the diagnostic; several match
 *                             lines: any one of them
 *   body     = PATTERN        PCRE2 over the bounce's prose (context)
 *   unless   = PATTERN        PCRE2 over the diagnostic; if any matches,
 *                             the rule does not apply
 *   priority = N              -100..100, default 0
 *   cause.en / cause.zh / cause.ru / fix.en / fix.zh / fix.ru = TEXT
 *                             refine the catalogue's text for this rule
 *
 *   A line that starts with white space continues the previous value.
 *   Patterns are compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
 *   PCRE2_CASELESS (write (?-i) for a case-sensitive one) and JIT.
 *
 * Catalogue (reasons.catalog):
 *   [reason NAME]
 *   hard = yes | no | permanent      (permanent: yes unless temporary)
 *   inferred-status = X.0.911        status reported when the bounce has none
 *   title.en title.zh title.ru cause.en ... fix.ru = TEXT   (all required)
 *
 * Precedence (the engine's, not the files'): every rule whose conditions
 * all hold is a candidate; the winner has the highest score:
 *   1. a rule with a match (diagnostic text) beats one without; a body
 *      match ranks between the two;
 *   2. then the higher priority;
 *   3. then specificity: exact status > status prefix with two parts >
 *      class-only status; exact reply code > code class; each of command,
 *      agent, mta, action, kind, recipient adds one;
 *   4. then the later rule (files are read in directory order, sorted by
 *      name; --rules directories after the shipped one): a site rule with
 *      the same conditions overrides a shipped one.
 *   A rule with the ID of an earlier one replaces it.
 */
#ifndef BD_RULES_H
#define BD_RULES_H

#include <stddef.h>

#include "bouncediag.h"
#include "util.h"

struct bd_reason_info {
	char *name;
	int hard;                 /* 0 no, 1 yes, 2 yes unless temporary */
	char inferred[16];        /* "X.0.911" or "" */
	char *title[BD_NLANG];
	char *cause[BD_NLANG];
	char *fix[BD_NLANG];
};

/* The full definition of struct bd_rule and struct bd_rules is private to
 * rules.c and classify.c (rules_impl.h). */

/* bd_rules_reason - catalogue entry for a reason name, or NULL. */
const struct bd_reason_info *bd_rules_reason(const bd_rules *rules, const char *name);
/* bd_rules_reasons - every catalogue entry, in file order. */
const struct bd_reason_info *bd_rules_reasons(const bd_rules *rules, size_t *n);

/*
 * bd_rules_check - load dirs like bd_rules_load but keep going after an
 * error: append one line "file:line[:offset]: what" per problem to errors.
 * Returns the number of problems found (0: valid), or -1 out of memory.
 */
int bd_rules_check(const char *const *dirs, size_t ndirs, struct strbuf *errors);

/* Registries for "explain": title of an enhanced status code subject.detail
 * ("X.1.1") and meaning of a reply code ("550"); NULL if not registered. */
const char *bd_rules_status_title(const bd_rules *rules, const char *status);
/* bd_rules_status_server_title - what a server that defines the whole code
 * ("5.7.509") beyond the registry means by it (the title names the
 * server), or NULL */
const char *bd_rules_status_server_title(const bd_rules *rules, const char *status);
const char *bd_rules_reply_title(const bd_rules *rules, int code);
/* bd_rules_often - the reasons a reply code's (code != 0) or a status's
 * words often give, as the registry lists them: their count, *names set
 * to the list (reason names that live as long as the program) */
size_t bd_rules_often(const bd_rules *rules, int code, const char *status,
    const char *const **names);

#endif
