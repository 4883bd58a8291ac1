/*
 * webhook.c - sending services' event notifications.
 *
 * A sender's ops team pastes the event its sending service posted, or
 * gets it mailed, and asks why the address bounced.  The events are JSON,
 * one object or an array of them, each service with its own keys:
 *
 *   SendGrid  [{"email":"a@b","event":"bounce","status":"5.1.1","reason":"550 5.1.1 ..."}]
 *   Mailgun   {"event-data":{"event":"failed","severity":"permanent","recipient":"a@b",
 *              "delivery-status":{"code":550,"message":"5.1.1 ...","mx-host":"mx.b"}}}
 *   Postmark  {"RecordType":"Bounce","Type":"HardBounce","Email":"a@b",
 *              "Details":"smtp;550 5.1.1 ..."}
 *   SparkPost [{"msys":{"message_event":{"type":"bounce","rcpt_to":"a@b",
 *              "raw_reason":"550 5.1.1 ...","error_code":"550"}}}]
 *   Mailjet   {"event":"bounce","email":"a@b","hard_bounce":true,"error":"user unknown",
 *              "comment":"..."}
 *   Brevo     {"event":"hard_bounce","email":"a@b","reason":"550 5.1.1 ..."}
 *
 * The keys are looked up in each event object, nested or not; the first
 * key of each list below that an event has is the one read.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "limits.h"
#include "maillog.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"
#include "webhook.h"

/* What an event's name says happened to the delivery. */
static const struct {
	const char *event, *action;   /* action "complaint": a feedback report */
} outcomes[] = {
	{ "bounce", "failed" }, { "bounced", "failed" }, { "failed", "failed" },
	{ "dropped", "failed" }, { "blocked", "failed" }, { "hard_bounce", "failed" },
	{ "hardbounce", "failed" }, { "policy_rejection", "failed" },
	{ "out_of_band", "failed" }, { "generation_rejection", "failed" },
	{ "generation_failure", "failed" }, { "invalid_email", "failed" },
	{ "rejected", "failed" }, { "spamnotification", "failed" },
	{ "virusnotification", "failed" }, { "bademailaddress", "failed" },
	{ "smtpapierror", "failed" }, { "dmarcpolicy", "failed" },
	{ "deferred", "delayed" }, { "delay", "delayed" }, { "delayed", "delayed" },
	{ "soft_bounce", "delayed" }, { "softbounce", "delayed" }, { "transient", "delayed" },
	{ "dnserror", "delayed" },
	{ "delivered", "delivered" }, { "delivery", "delivered" },
	{ "spamreport", "complaint" }, { "spam_report", "complaint" },
	{ "complained", "complaint" }, { "spamcomplaint", "complaint" },
};

static const char *const event_keys[] = { "event", "type", "RecordType", NULL };
static const char *const recipient_keys[] = { "recipient", "email", "rcpt_to", "emailAddress",
	NULL };
static const char *const words_keys[] = { "raw_reason", "Details", "message", "description",
	"reason", "response", "error", NULL };

/* first_string - the first non-empty string value of keys in s[0..end) */
static char *
first_string(const char *s, const char *end, const char *const *keys)
{
	char *v;
	size_t i;

	for (i = 0; keys[i]; i++) {
		if ((v = bd_json_find_string(s, end, keys[i])) != NULL && v[strspn(v, " \t")] != '\0')
			return v;
		free(v);
	}
	return NULL;
}

/* event_action - the action the event s[0..end) tells, or NULL */
static const char *
event_action(const char *s, const char *end)
{
	const char *v;
	char *name;
	size_t i, k;

	for (k = 0; event_keys[k]; k++) {
		if ((name = bd_json_find_string(s, end, event_keys[k])) == NULL)
			continue;
		for (i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
			if (strcasecmp(name, outcomes[i].event) == 0)
				break;
		free(name);
		if (i == sizeof outcomes / sizeof outcomes[0])
			continue;
		/* Mailgun's failure that it retries; Mailjet's soft bounce */
		if (strcmp(outcomes[i].action, "failed") == 0 &&
		    (((v = bd_json_find(s, end, "severity")) && strncmp(v, "\"temporary\"", 11) == 0) ||
		    ((v = bd_json_find(s, end, "hard_bounce")) && strncmp(v, "false", 5) == 0)))
			return "delayed";
		return outcomes[i].action;
	}
	return NULL;
}

/* event_words - the server's words the event s[0..end) carries (Mailjet's
 * error and its comment joined), "smtp;" dropped; or NULL */
static char *
event_words(const char *s, const char *end)
{
	char *w = first_string(s, end, words_keys), *comment;
	struct strbuf sb = { 0 };

	if (w && bd_strcaseprefix(w, "smtp;"))
		memmove(w, w + 5 + (w[5] == ' '), strlen(w + 5 + (w[5] == ' ')) + 1);
	if (w == NULL || (comment = bd_json_find_string(s, end, "comment")) == NULL || *comment == '\0')
		return w;
	sb_appends(&sb, w);
	sb_appends(&sb, ": ");
	sb_appends(&sb, comment);
	free(w);
	free(comment);
	return sb.s ? sb_steal(&sb) : NULL;
}

/* add_event - an entry for the event object s[0..end): 1, 0 when it tells
 * no outcome or names no recipient, -1 when out of memory */
static int
add_event(struct bd_factlist *fl, const char *s, const char *end, int *complaints)
{
	const char *action = event_action(s, end);
	char *recipient, *st;
	struct bd_facts *f;
	int code;

	if (action == NULL || (recipient = first_string(s, end, recipient_keys)) == NULL)
		return 0;
	if ((f = bd_factlist_add(fl)) == NULL) {
		free(recipient);
		return fl->n >= BD_MAX_RECIPIENTS ? 0 : -1;
	}
	f->recipient = recipient;
	if (strcmp(action, "complaint") == 0) {
		(*complaints)++;
		return 1;
	}
	if ((f->action = bd_strdup(action)) == NULL)
		return -1;
	f->diagnostic = event_words(s, end);
	if (f->diagnostic)
		bd_fold_space(f->diagnostic);
	if ((st = bd_json_find_string(s, end, "status")) != NULL ||
	    (st = bd_json_find_string(s, end, "enhanced-code")) != NULL) {
		bd_find_status(st, f->status);
		free(st);
	}
	if ((code = bd_json_find_int(s, end, "code")) == 0)
		code = bd_json_find_int(s, end, "error_code");
	if (code >= 200 && code < 600)
		f->reply_code = code;
	f->remote_mta = bd_json_find_string(s, end, "mx-host");
	bd_facts_complete(f);
	return 1;
}

/* queue_entries - an entry for each recipient of Postfix's "postqueue -j"
 * object s[0..end) ({"queue_name":"deferred","recipients":[{"address":
 * "a@b","delay_reason":"host ... said: 452 ..."}]}) that has a reason;
 * how many, -1 when out of memory */
static int
queue_entries(struct bd_factlist *fl, const char *s, const char *end)
{
	const char *arr = bd_json_find_open(s, end, "recipients", '['), *arr_end, *obj, *close;
	struct bd_delivery d;
	char *reason;
	int n = 0, rc = 0;

	if (arr == NULL)
		return 0;
	arr_end = bd_json_close(arr, end);
	memset(&d, 0, sizeof d);
	d.action = "delayed";
	for (obj = arr; rc == 0 && obj < arr_end &&
	    (obj = memchr(obj, '{', (size_t)(arr_end - obj))) != NULL; obj = close + 1) {
		close = bd_json_close(obj + 1, arr_end);
		if ((reason = bd_json_find_string(obj + 1, close, "delay_reason")) == NULL)
			continue;   /* not tried yet, or held */
		d.diag = reason;
		d.diag_len = strlen(reason);
		rc = bd_maillog_add(fl, &d, bd_json_find_string(obj + 1, close, "address"));
		free(reason);
		n++;
	}
	return rc < 0 ? -1 : n;
}

/* add_object - the entries of one top-level object s[0..end): a queue
 * listing's or an event's */
static int
add_object(struct bd_factlist *fl, const char *s, const char *end, int *complaints)
{
	if (bd_json_find(s, end, "queue_id") != NULL && bd_json_find(s, end, "recipients") != NULL)
		return queue_entries(fl, s, end);
	return add_event(fl, s, end, complaints);
}

/* json_start - the first '{' or '[' that starts a line of text[0..len),
 * or NULL */
static const char *
json_start(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		p = bd_json_skip_blank(p, end);
		if (p < end && (*p == '{' || *p == '['))
			return p;
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;
	}
	return NULL;
}

int
bd_webhook_events(const char *text, size_t len, struct bd_factlist *fl)
{
	const char *p = json_start(text, len), *end, *obj, *close, *stop = text + len;
	size_t before = fl->n;
	int complaints = 0, rc = 0;

	/* one value, or one per line (JSON Lines) */
	for (; p != NULL && rc >= 0; p = end < stop ? json_start(end + 1, (size_t)(stop - end - 1)) : NULL) {
		end = bd_json_close(p + 1, stop);
		if (*p == '{')
			rc = add_object(fl, p + 1, end, &complaints);
		for (obj = p + 1; *p == '[' && rc >= 0 && obj < end &&
		    (obj = memchr(obj, '{', (size_t)(end - obj))) != NULL; obj = close + 1) {
			close = bd_json_close(obj + 1, end);
			rc = add_object(fl, obj + 1, close, &complaints);
		}
	}
	if (rc < 0)
		return -1;
	if (fl->n > before)
		fl->kind = (size_t)complaints == fl->n - before ? BD_KIND_FEEDBACK : BD_KIND_BOUNCE;
	return (int)(fl->n - before);
}
