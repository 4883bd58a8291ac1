/*
 * scan.h - turn a parsed message (or a pasted fragment) into facts per
 * recipient: uses message/delivery-status when present, and otherwise the
 * texts MTAs write (qmail, Exim, Postfix, Sendmail, Exchange, Domino, Gmail,
 * Yahoo, Coremail, mail.ru...), in any language.  Also recognises automatic
 * replies (RFC 3834), ARF feedback reports (RFC 5965) and messages that are
 * not bounces.
 */
#ifndef BD_SCAN_H
#define BD_SCAN_H

#include <stddef.h>

#include "facts.h"
#include "message.h"

/* What the rules will look at beyond the recipients' own facts: the
 * writing software (bd_factlist.agent) and the prose (.context).  What no
 * rule reads is not worked out. */
struct bd_scan_wants {
	int agent, context;
};

/* bd_scan_message - facts for a whole message; wants NULL: everything.
 * 0, or -1 out of memory. */
int bd_scan_message(const struct bd_message *m, struct bd_factlist *fl,
    const struct bd_scan_wants *wants);

/*
 * bd_scan_fragment - facts for a pasted fragment (no header block): a lone
 * SMTP reply line, several lines of a bounce, an Outlook/Outlook Express
 * error dialog, a CDO / Windows Script Host error, an Exchange event log
 * entry (1709, 1710...), a client's wrapped "SMTP error code 550, ..." in any
 * language.  A fragment with any error in it is a bounce.  0, or -1.
 */
int bd_scan_fragment(const char *text, size_t len, struct bd_factlist *fl);

/* bd_scan_bounce_wording - 1 when text words itself as a bounce ("could not
 * be delivered", "undeliverable"... in the languages known), in its first
 * 16 KB */
int bd_scan_bounce_wording(const char *text);

/* bd_scan_pasted_autoreply - text (len bytes, no header block of its own)
 * holds an automatic reply as a mail client shows it, its header lines
 * in the user's language ("Von: ... Betreff: Automatische Antwort: ..."):
 * fl becomes a vacation entry for its sender; 1, 0 when it holds none,
 * -1 when out of memory */
int bd_scan_pasted_autoreply(const char *text, size_t len, struct bd_factlist *fl);

/* bd_scan_pasted_forward - text (len bytes, no header block of its own)
 * holds a forwarded bounce under its forward header block (a person's
 * words may come first): fl replaced by the bounce's facts, 1; 0 when it
 * holds none, -1 when out of memory. */
int bd_scan_pasted_forward(const char *text, size_t len, struct bd_factlist *fl);

#endif
