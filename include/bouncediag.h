/*
 * bouncediag.h - public interface of libbouncediag
 *
 * libbouncediag reads a bounce (a whole message or a pasted fragment) from
 * memory and returns one record per recipient: the facts the bounce states
 * (status, reply code, diagnostic...) and the reason a rule set gives them.
 *
 * Ownership: every object returned by a bd_*_new/_load/_diagnose function
 * belongs to the caller and is released with the matching _free function;
 * _free(NULL) is a no-op.  Strings inside a bd_record belong to the report
 * they came from and live until bd_report_free().  The library never prints
 * and never exits: errors come back as a non-zero return value and a message
 * written into the caller's buffer.
 *
 * Threads: a bd_rules set is read-only once loaded and may be shared; a
 * bd_ctx holds per-thread scratch space (PCRE2 match data) and must not be
 * used by two threads at once.
 */
#ifndef BOUNCEDIAG_H
#define BOUNCEDIAG_H

#include <stddef.h>

#define BD_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bd_rules bd_rules;   /* rule files + reasons catalogue */
typedef struct bd_ctx bd_ctx;       /* per-thread matching state */
typedef struct bd_report bd_report; /* the records of one message */

enum bd_lang { BD_LANG_EN = 0, BD_LANG_ZH = 1, BD_LANG_RU = 2, BD_NLANG = 3 };

/* Return values. */
enum {
	BD_OK = 0,
	BD_ERR_NOMEM = -1,
	BD_ERR_IO = -2,     /* a file or directory could not be read */
	BD_ERR_RULES = -3,  /* a rule file is invalid */
	BD_ERR_INPUT = -4   /* the input cannot be used at all */
};

/* One recipient of one bounce.  Unknown values are NULL (strings) or 0. */
typedef struct bd_record {
	const char *recipient;    /* address, as written in the bounce */
	const char *action;       /* failed, delayed, delivered, relayed, expanded */
	const char *status;       /* enhanced status code, "5.1.1" */
	int reply_code;           /* SMTP reply code, 550; 0 when unknown */
	const char *reason;       /* reasons.md vocabulary; NULL: not a bounce */
	int hard;                 /* 1: remove the address from the list */
	const char *diagnostic;   /* the server's own words */
	const char *remote_mta;   /* host that gave the answer */
	const char *smtp_command; /* CONNECT, HELO, EHLO, MAIL, RCPT, DATA... */
	const char *rule;         /* id of the rule that decided */
	const char *evidence;     /* the text (or code) the rule matched */
	const char *title;        /* short title of the reason, in the chosen language */
	const char *cause;        /* why it happened, in the chosen language */
	const char *fix;          /* what to do, in the chosen language */
	const char *note;         /* a limit that was hit while parsing, or NULL */
} bd_record;

/*
 * bd_rules_load - read every NAME.rules file and the reasons catalogue from
 * dirs[0..ndirs-1], in that order (later directories override earlier ones).
 * On error returns BD_ERR_RULES (or NOMEM/IO) and writes "file:line: what"
 * into err.
 */
int bd_rules_load(bd_rules **out, const char *const *dirs, size_t ndirs,
    char *err, size_t errlen);
void bd_rules_free(bd_rules *rules);
size_t bd_rules_count(const bd_rules *rules);

/* bd_ctx_new - matching state for one thread; NULL when out of memory.
 * bd_ctx_free also closes the charset converters the calling thread kept
 * open, so free a context in the thread that used it. */
bd_ctx *bd_ctx_new(const bd_rules *rules, enum bd_lang lang);
/* bd_ctx_new_sharing - a context for another thread, on other's rules and
 * language, sharing other's remembered decisions (a reply one thread has
 * decided is not matched again by another); each is freed on its own. */
bd_ctx *bd_ctx_new_sharing(const bd_ctx *other);
void bd_ctx_free(bd_ctx *ctx);

/*
 * bd_diagnose - parse buf[0..len) (a message, or a fragment when it has no
 * header block) and classify every recipient.  Always produces at least one
 * record: a message that is not a bounce gets one record with reason NULL.
 */
int bd_diagnose(bd_ctx *ctx, const char *buf, size_t len, bd_report **out);
size_t bd_report_count(const bd_report *report);
const bd_record *bd_report_record(const bd_report *report, size_t i);
void bd_report_free(bd_report *report);

/* bd_lang_parse - "en", "zh_CN.UTF-8", "ru"... -> language; -1 if unknown. */
int bd_lang_parse(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* BOUNCEDIAG_H */
