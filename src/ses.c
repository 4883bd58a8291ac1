/*
 * ses.c - Amazon SES notifications delivered by e-mail (through SNS): the
 * bounce is JSON, {"notificationType":"Bounce","bounce":{"bouncedRecipients":
 * [{"emailAddress":...,"action":...,"status":...,"diagnosticCode":...}]}},
 * "DeliveryDelay" with "delayedRecipients", "Delivery" with "recipients"
 * and "smtpResponse", "Complaint" with "complainedRecipients"; inside the
 * SNS envelope the JSON is an escaped string, and pasted JSON may be
 * pretty-printed.  The few keys needed are read without a JSON parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "limits.h"
#include "ses.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"

/* ses_recipient - one entry from a recipient object s[0..end) */
static int
ses_recipient(struct bd_factlist *fl, const char *s, const char *end, const char *action,
    const char *response)
{
	struct bd_facts *f;
	char *st;

	if ((f = bd_factlist_add(fl)) == NULL)
		return fl->n >= BD_MAX_RECIPIENTS ? 0 : -1;
	f->recipient = bd_json_find_string(s, end, "emailAddress");
	f->action = bd_json_find_string(s, end, "action");
	if (f->action == NULL && action)
		f->action = bd_strdup(action);
	f->diagnostic = bd_json_find_string(s, end, "diagnosticCode");
	if (f->diagnostic == NULL && response)
		f->diagnostic = bd_strdup(response);
	if (f->diagnostic && bd_strcaseprefix(f->diagnostic, "smtp; "))
		memmove(f->diagnostic, f->diagnostic + 6, strlen(f->diagnostic + 6) + 1);
	if ((st = bd_json_find_string(s, end, "status")) != NULL) {
		bd_find_status(st, f->status);
		free(st);
	}
	bd_facts_complete(f);
	return 0;
}

/* ses_list - entries for the objects (or plain strings) of the array
 * that follows "key":[ in text */
static int
ses_list(struct bd_factlist *fl, const char *text, const char *key, const char *action,
    const char *response)
{
	const char *p, *close, *obj, *objend;
	size_t n = strlen(text);

	if ((p = bd_json_find_open(text, text + n, key, '[')) == NULL)
		return 0;
	close = bd_json_close(p, text + n);
	while (p < close && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (*p == '"') { /* ["a@b","c@d"] */
		while (p < close && *p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(close - p - 1));
			struct bd_facts *f;

			if (q == NULL || (f = bd_factlist_add(fl)) == NULL)
				break;
			f->recipient = bd_strndup(p + 1, (size_t)(q - p - 1));
			f->action = action ? bd_strdup(action) : NULL;
			f->diagnostic = response ? bd_strdup(response) : NULL;
			bd_facts_complete(f);
			p = q + 1;
			while (p < close && (*p == ',' || *p == ' ' || *p == '\t' || *p == '\r' ||
			    *p == '\n'))
				p++;
		}
		return 0;
	}
	for (obj = p; obj < close && (obj = memchr(obj, '{', (size_t)(close - obj))) != NULL;
	    obj = objend + 1) {
		objend = bd_json_close(obj + 1, close);
		if (ses_recipient(fl, obj, objend, action, response) < 0)
			return -1;
	}
	return 0;
}

static int ses_plain(const char *text, struct bd_factlist *fl);

/* unescape_json - a copy of text with \" and \\ undone: the SNS envelope
 * carries the SES notification as an escaped JSON string */
static char *
unescape_json(const char *text)
{
	char *copy = bd_strdup(text), *r, *w;

	if (copy == NULL)
		return NULL;
	for (r = w = copy; *r; r++) {
		if (r[0] == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return copy;
}

int
bd_ses_notification(const char *text, struct bd_factlist *fl)
{
	char *plain;
	int rc;

	if (strstr(text, "\\\"notificationType\\\"") == NULL &&
	    strstr(text, "\\\"eventType\\\"") == NULL)
		return ses_plain(text, fl);
	if ((plain = unescape_json(text)) == NULL)
		return -1;
	rc = ses_plain(plain, fl);
	free(plain);
	return rc;
}

/* ses_plain - ses_notification on unescaped JSON */
static int
ses_plain(const char *text, struct bd_factlist *fl)
{
	const char *end = text + strlen(text);
	char *type = bd_json_find_string(text, end, "notificationType");
	char *response = NULL;
	int rc = 1;

	if (type == NULL)
		type = bd_json_find_string(text, end, "eventType");
	if (type == NULL)
		return 0;
	if (strcasecmp(type, "Bounce") == 0) {
		fl->kind = BD_KIND_BOUNCE;
		rc = ses_list(fl, text, "bouncedRecipients", "failed", NULL) < 0 ? -1 : 1;
	} else if (strcasecmp(type, "DeliveryDelay") == 0) {
		fl->kind = BD_KIND_BOUNCE;
		rc = ses_list(fl, text, "delayedRecipients", "delayed", NULL) < 0 ? -1 : 1;
	} else if (strcasecmp(type, "Delivery") == 0) {
		fl->kind = BD_KIND_BOUNCE;
		response = bd_json_find_string(text, end, "smtpResponse");
		rc = ses_list(fl, text, "recipients", "delivered", response) < 0 ? -1 : 1;
	} else if (strcasecmp(type, "Complaint") == 0) {
		fl->kind = BD_KIND_FEEDBACK;
		rc = ses_list(fl, text, "complainedRecipients", NULL, NULL) < 0 ? -1 : 1;
	} else
		rc = 0;
	free(type);
	free(response);
	return rc;
}
