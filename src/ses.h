/*
 * ses.h - Amazon SES notifications (JSON in an e-mail) as facts.
 */
#ifndef BD_SES_H
#define BD_SES_H

#include "facts.h"

/* bd_ses_notification - when text (a bounce's prose) is an SES
 * notification, set fl->kind and add one entry per recipient: 1; when it
 * is not one: 0; out of memory: -1. */
int bd_ses_notification(const char *text, struct bd_factlist *fl);

#endif
