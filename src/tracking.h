/*
 * tracking.h - failures and deferrals in message tracking exports pasted or
 * piped in: Exchange's message tracking log ("#Fields: date-time,...,
 * event-id,...,recipient-address,recipient-status,..."), its
 * Get-MessageTrackingLog and Microsoft 365's message trace exported with
 * Export-Csv ("Date","Event","Action","Detail","RecipientAddress",...),
 * PowerMTA's accounting file ("type,...,rcpt,...,dsnAction,dsnStatus,...").
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

/*
 * A table read as a stream, a row at a time (a tracking log or an
 * accounting file of any size): bd_tracking_stream - 1 when line (n bytes,
 * the stream's first) starts such a table (a header row, or Exchange's
 * "#Software: Microsoft Exchange" preamble); bd_tracking_header - 1 when
 * line is a header row; bd_tracking_failure - 1 when row, under header
 * (NUL-ended), is a failure or a deferral, which bd_tracking_scan reads
 * from the two lines.
 */
int bd_tracking_stream(const char *line, size_t n);
int bd_tracking_header(const char *line, size_t n);
int bd_tracking_failure(const char *header, const char *row, size_t n);

#endif
