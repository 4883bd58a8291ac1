/*
 * webhook.h - sending services' event notifications (JSON pasted, or
 * mailed) as facts: SendGrid, Mailgun, Postmark, SparkPost, Mailjet, Brevo.
 */
#ifndef BD_WEBHOOK_H
#define BD_WEBHOOK_H

#include <stddef.h>

#include "facts.h"

/* bd_webhook_events - when text[0..len) holds such events (a JSON object
 * or an array of them at the start of a line), set fl->kind and add one
 * entry per event that tells a delivery's outcome (bounce, failure,
 * deferral, delivery, drop); events that tell none (open, click,
 * processed) are passed over.  Returns the number of entries added (0:
 * no such events), or -1 when out of memory. */
int bd_webhook_events(const char *text, size_t len, struct bd_factlist *fl);

#endif
