/*
 * pslist.h - failures and deferrals in the queue and trace views of
 * Exchange and Microsoft 365 pasted from PowerShell's Format-List
 * (Get-Queue, Get-Message, Get-MessageTraceDetail, Get-MessageTrackingLog
 * piped to "fl").  Internal.
 */
#ifndef BD_PSLIST_H
#define BD_PSLIST_H

#include <stddef.h>

#include "facts.h"

/*
 * bd_pslist_scan - append to fl one entry per recipient the blocks of
 * "Name : value" lines in text report failing or deferred, with its last
 * error (a message's recipient with its own, its message's or its
 * queue's; a trace's with its latest failure or deferral).  Returns the
 * number of entries added (0: no such block), or -1 when out of memory.
 */
int bd_pslist_scan(const char *text, size_t len, struct bd_factlist *fl);

#endif
