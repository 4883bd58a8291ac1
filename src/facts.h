/*
 * facts.h - what a bounce states about each recipient, before
 * classification.  Filled in by dsn.c, textscan.c, maillog.c, tracking.c,
 * ses.c, scan.c and fragment.c, read by classify.c.
 * Every string is owned by the fact list (freed by bd_factlist_free).
 */
#ifndef BD_FACTS_H
#define BD_FACTS_H

#include <stddef.h>

/* What kind of message it is. */
enum bd_kind {
	BD_KIND_NOT_BOUNCE = 0, /* an ordinary message: one record, reason NULL */
	BD_KIND_BOUNCE,         /* a delivery report / NDR / pasted error */
	BD_KIND_VACATION,       /* RFC 3834 automatic reply */
	BD_KIND_FEEDBACK        /* RFC 5965 ARF report */
};

struct bd_facts {
	char *recipient;     /* "user@example.com" (no <>), or NULL */
	char *action;        /* lower-case: failed, delayed, delivered, relayed, expanded */
	char status[16];     /* "5.1.1", "" when unknown */
	int reply_code;      /* 550, 0 when unknown */
	char *diagnostic;    /* the server's words about this recipient, white space folded */
	char *remote_mta;    /* host name or address that answered, or NULL */
	char *smtp_command;  /* upper-case: CONNECT HELO EHLO MAIL RCPT DATA BDAT QUIT... */
	int recipient_guessed; /* the bounce does not name it: taken from the
	                          returned original's To */
};

struct bd_factlist {
	struct bd_facts *v;
	size_t n, cap;
	enum bd_kind kind;
	char *agent;         /* lower-case name of the software that wrote the
	                        bounce, if recognised: postfix, exim, sendmail,
	                        qmail, exchange, gmail... or NULL */
	char *reporting_mta; /* host that wrote the report, or NULL */
	char *context;       /* the bounce's own prose (explanation paragraphs,
	                        subject), UTF-8, for rules that look past the
	                        diagnostic; may be NULL */
	size_t prose_at;     /* where the prose starts in context (after the
	                        subject line) */
	unsigned truncated;  /* BD_TRUNC_* flags from message.h */
	int unconfirmed;     /* a fragment with no code, no status, no error
	                        line and no bounce wording: a bounce only if a
	                        rule names a reason (a stray text file is not) */
};

/* bd_factlist_add - append a zeroed entry; NULL when out of memory or when
 * BD_MAX_RECIPIENTS is reached (then fl->truncated gets BD_TRUNC_RECIPIENTS). */
struct bd_facts *bd_factlist_add(struct bd_factlist *fl);
/* bd_factlist_take - move the entries of from to the end of to (from keeps
 * none; its list-wide fields stay); those past BD_MAX_RECIPIENTS are left
 * in from and noted in to->truncated.  0, or -1 when out of memory. */
int bd_factlist_take(struct bd_factlist *to, struct bd_factlist *from);

/* bd_factlist_dedupe - drop the entries from the from-th on that repeat an
 * earlier one of them (same recipient, status and words: a report quoted
 * twice, a log's retries). */
void bd_factlist_dedupe(struct bd_factlist *fl, size_t from);

/* bd_factlist_truncate - free the entries from the n-th on (the list-wide
 * fields stay). */
void bd_factlist_truncate(struct bd_factlist *fl, size_t n);
void bd_factlist_free(struct bd_factlist *fl);

#endif
