/*
 * dsn.h - RFC 3464 message/delivery-status parser (with RFC 6533 utf-8
 * addresses): per-message fields (Reporting-MTA, X-Postfix-Sender...) and
 * one bd_facts per per-recipient group.
 */
#ifndef BD_DSN_H
#define BD_DSN_H

#include <stddef.h>

#include "facts.h"

/*
 * bd_dsn_parse - parse the body of a message/delivery-status part and append
 * one entry per recipient group to fl (Final-Recipient, else
 * Original-Recipient; Action; Status; Remote-MTA; Diagnostic-Code with its
 * continuation lines, the "smtp;" type stripped; the reply code and status
 * found in the diagnostic when the fields lack them).  Sets
 * fl->reporting_mta when present.  Returns the number of entries added, or
 * -1 when out of memory.
 */
int bd_dsn_parse(const char *text, size_t len, struct bd_factlist *fl);

#endif
