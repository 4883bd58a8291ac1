/*
 * maillog.h - facts from the delivery lines of mail server logs pasted or
 * piped in: Postfix ("to=<a@b>, relay=..., dsn=5.1.1, status=bounced
 * (...)" and "NOQUEUE: reject: RCPT from ...; from=<> to=<a@b>"), Exim
 * ("** a@b ...: reason", "== a@b ...", "rejected RCPT <a@b>: reason"),
 * Sendmail ("to=<a@b>, ..., dsn=5.1.1, stat=User unknown", "<a@b>... User
 * unknown"), OpenSMTPD ("mta delivery ... result="PermFail" stat="...""),
 * Haraka ("hook=rcpt ... retval=DENY msg=...", "[outbound] recipient <a@b>
 * bounced: ..."), Stalwart ("(smtp.relay-not-allowed) ..., to = "a@b",
 * code = 550, details = "...""), amavisd ("Blocked SPAM ... -> <a@b>"),
 * Zimbra's mailbox.log ("lmtp - rejecting message a@b: ..."),
 * qmail-smtpd's chkuser and rblsmtpd refusals ("CHKUSER rejected rcpt:
 * ... rcpt <a@b> : not existing recipient"), and, in a text read whole,
 * qmail-send ("delivery 12: failure: ..." after "starting delivery 12: ...
 * to remote a@b") and queue listings
 * (postqueue -p, mailq: a reason in parentheses above its recipients;
 * exim -bp: a frozen message's recipients).
 * Internal.
 */
#ifndef BD_MAILLOG_H
#define BD_MAILLOG_H

#include <stddef.h>

#include "facts.h"

/* One delivery a log line (or a tracking row) reports: pointers into the
 * line, lengths; NULL where it says nothing. */
struct bd_delivery {
	const char *to, *relay, *dsn, *diag, *command;
	size_t to_len, relay_len, dsn_len, diag_len;
	const char *action;     /* static: failed, delayed, delivered */
	int code;               /* a reply code logged apart from the words, or 0 */
};

/*
 * bd_maillog_add - append to fl the entry of recipient (owned, taken; NULL
 * for none) with what d says: its action, status (dsn), next hop (relay),
 * command and words (cut to BD_MAX_DIAGNOSTIC, white space folded; the
 * reply code, status and command they state fill what d lacks).  Returns
 * 0 (also when fl is full), or -1 when out of memory.
 */
int bd_maillog_add(struct bd_factlist *fl, const struct bd_delivery *d, char *recipient);

/*
 * bd_maillog_scan - append to fl one entry per log line of text that
 * reports a recipient's bounce, deferral or refusal, in order; other lines
 * (deliveries, connections, queue lines, anything else) are passed over.  Sets fl->agent when every such line comes from
 * one server software.  Returns the number of entries added (0: text holds
 * no such line), or -1 when out of memory.
 */
int bd_maillog_scan(const char *text, size_t len, struct bd_factlist *fl);

/*
 * bd_maillog_failure - 1 when line (n bytes, no line end needed) is one
 * that bd_maillog_scan makes an entry of.
 */
int bd_maillog_failure(const char *line, size_t n);

/*
 * bd_maillog_stream - 1 when line (the first of a stream) is a mail
 * server's log line: a syslog line of Postfix, Exim, Sendmail or qmail, an
 * Exim log line (time stamp, then a message id or a connection's H=), a
 * qmail-send line after a tai64n or accustamp stamp.  Such a
 * stream is read line by line, each bounce, deferral or refusal line one
 * message.
 */
int bd_maillog_stream(const char *line, size_t n);

/*
 * bd_maillog_qmail - a line (n bytes) of a qmail-send log read as a
 * stream: a delivery's start line is remembered in *log (made at the first
 * one; freed with bd_maillog_qmail_free); for the failure or deferral of a
 * delivery whose start was seen, 1 and *start its start line (NUL-ended,
 * valid until the next call): the two lines together name the recipient and
 * the server's words.  0 for any other line, -1 when out of memory.
 */
struct bd_qmail_log;
int bd_maillog_qmail(struct bd_qmail_log **log, const char *line, size_t n, const char **start);
void bd_maillog_qmail_free(struct bd_qmail_log *log);

#endif
