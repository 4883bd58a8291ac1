/*
 * textscan.h - find failed recipients and their diagnostics in the prose
 * of a bounce (or a pasted piece of one), whatever MTA wrote it.  Shared
 * by scan.c (whole messages) and fragment.c (pasted text).  Internal.
 */
#ifndef BD_TEXTSCAN_H
#define BD_TEXTSCAN_H

#include <stddef.h>

#include "facts.h"

/* Addresses that are never failed recipients (the bounce's own sender and
 * receiver...): a NULL-terminated list, compared case-insensitively. */
struct bd_exclude {
	const char *v[16];
	size_t n;
};

/* bd_text_excluded - addr is one ex lists, or a mailer daemon's or a
 * postmaster's: never a failed recipient */
int bd_text_excluded(const char *addr, const struct bd_exclude *ex);

/*
 * The text given to bd_text_scan and bd_text_errors is the bounce's own
 * prose: cut it with bd_text_cut first, so that the returned original is
 * not searched.
 *
 * bd_text_scan - append to fl one entry per recipient anchored in text
 * (an address alone on its line, "<addr>: text", "addr, 554 ...", a
 * transcript's "RCPT To:<addr>"...), in order, with the lines after each
 * anchor as its diagnostic and the reply code, status and command found in
 * it.  Returns the number of entries
 * added, or -1 when out of memory.
 */
int bd_text_scan(const char *text, size_t len, const struct bd_exclude *ex,
    struct bd_factlist *fl);

/*
 * bd_text_errors - the lines of text that state an SMTP error (a reply
 * code, an enhanced status code, or failure wording), joined with spaces
 * and bounded; NULL when there is none.  For bounces whose recipient is
 * not next to the error.
 */
char *bd_text_errors(const char *text, size_t len);

/*
 * bd_text_sole_address - the one address text names, leaving aside those
 * ex excludes and repeats of it; NULL when it names none or several.  For
 * bounces that name their recipient inside a sentence ("Local mailbox
 * a@b is unavailable").
 */
char *bd_text_sole_address(const char *text, const struct bd_exclude *ex);

/*
 * bd_text_first_address - the first address text names that is neither a
 * sender's nor a contact's (a pasted fragment's recipient), or NULL.
 */
char *bd_text_first_address(const char *text);

/* bd_text_cut - length of text before the returned original message. */
size_t bd_text_cut(const char *text, size_t len);

/* bd_facts_complete - fill reply code, status and command of f from its
 * diagnostic where they are missing. */
void bd_facts_complete(struct bd_facts *f);
/* bd_sent_command - the command a transcript's sent line names, its words
 * after the arrow ("MAIL From:<a@b>" MAIL, "." DATA), or NULL */
const char *bd_sent_command(const char *words);

#endif
