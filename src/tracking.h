/*
 * tracking.h - failures and deferrals in message tracking exports pasted or
 * piped in: Exchange's message tracking log ("#Fields: date-time,...,
 * event-id,...,recipient-address,recipient-status,..."), its
 * Get-MessageTrackingLog and Microsoft 365's message trace exported with
 * Export-Csv ("Date","Event","Action","Detail","RecipientAddress",...).
 * Internal.
 */
#ifndef BD_TRACKING_H
#define BD_TRACKING_H

#include <stddef.h>

#include "facts.h"

/*
 * bd_tracking_scan - after a header row that names a recipient column and
 * an event (or status) column, append to fl one entry per recipient of
 * each row whose event is a failure (action failed) or a deferral
 * (delayed), with the row's detail or recipient status as its words; other
 * rows are passed over.  Returns the number of entries added (0: no such
 * header or row), or -1 when out of memory.
 */
int bd_tracking_scan(const char *text, size_t len, struct bd_factlist *fl);

#endif
