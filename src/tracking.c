/*
 * tracking.c - failures and deferrals in message tracking exports.
 *
 * Exchange administrators look a lost message up in the message tracking
 * log, Microsoft 365 administrators in the message trace, and paste what
 * they find.  Both are tables whose header row names the columns:
 *
 *   #Fields: date-time,...,event-id,...,recipient-address,recipient-status,...
 *   2025-04-08T09:14:22.901Z,...,FAIL,...,a@b.example,550 5.1.1 RESOLVER...,...
 *
 *   "Date","Event","Action","Detail","RecipientAddress","MessageId"
 *   "3/11/2025 9:02:13 AM","Fail","","Reason: [{LED=550 5.1.1 ...}]","a@b",...
 *
 * Bulk senders read PowerMTA's accounting file, a table of the same kind:
 *
 *   type,timeLogged,...,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,...
 *   b,2025-04-15 12:00:04-0400,...,a@b,,failed,5.1.1 (bad destination
 *       mailbox address),smtp;550 5.1.1 ...,mx.b (192.0.2.5),bad-mailbox,...
 *
 * A row whose event is a failure or a deferral gives one entry per
 * recipient it names ("a@b;c@d", paired with "550 ...;452 ..." when the
 * statuses are as many), its detail or status the words.  Rows of other
 * events (receive, send, deliver, expand) are passed over.
 *
 * Senders export the bounces their sending service recorded, a row per
 * address and no event column: every row is a failure, its words the
 * service's record of the reply (or only its category), its code beside:
 *
 *   created,email,reason,status                          (SendGrid)
 *   1739261654,a@b,"550 5.1.1 The email account ...",5.1.1
 *   created,email,reason               (SendGrid's invalid addresses)
 *   Email,Bounce Type,Bounce Code,Bounce Description,... (ActiveCampaign)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "limits.h"
#include "maillog.h"
#include "smtp.h"
#include "tracking.h"
#include "util.h"

#define MAX_FIELDS 64
#define MAX_LIST 32      /* recipients of one row paired with statuses */

/* Where the columns that matter are; -1 when absent.  An export of
 * bounces has no event column: every row is a failure. */
struct columns {
	int recipient, event, detail, status, relay, code;
	int export;
};

/* same_name - does the column name s, compared without case, blanks,
 * '-' and '_', equal want? */
static int
same_name(const char *s, const char *want)
{
	for (;; s++) {
		while (*s == '-' || *s == '_' || *s == ' ')
			s++;
		if (tolower((unsigned char)*s) != *want)
			return 0;
		if (*want++ == '\0')
			return 1;
	}
}

/* one_of - the name s is one of names */
static int
one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (same_name(s, *names))
			return 1;
	return 0;
}

/* The names sending services give the address column of their exports. */
static const char *const export_address[] = { "email", "emailaddress", "address", "rcptto",
	"recipient", NULL };

/* export_detail - how well a column of a bounce export names the reply
 * (0: not at all), the SMTP reply recorded before a category */
static int
export_detail(const char *name)
{
	static const char *const details[] = { "rawreason", "diagnosticcode", "deliverystatusmessage",
		"bouncedetail", "details", "error", "bouncereason", "reason", "emailhardbouncereason",
		"bouncedescription", "bouncecategory", "bouncetype", "description", NULL };
	int i;

	for (i = 0; details[i]; i++)
		if (same_name(name, details[i]))
			return 100 - i;
	return 0;
}

/* export_columns - the columns of a bounce export (no event column): an
 * address, the reply or the category, the code; 1 when the names say
 * bounces (a column about bounces or errors, or SendGrid's reason and
 * status, or its reason beside the time a record was created), not any
 * list of addresses with a description */
static int
export_columns(char **field, int n, struct columns *c)
{
	static const char *const code[] = { "code", "errorcode", "bouncecode",
		"deliverystatuscode", "statuscode", "status", NULL };
	int i, best = 0, rank, says = 0, created = 0;

	for (i = 0; i < n; i++) {
		created |= same_name(field[i], "created");
		if (c->recipient < 0 && one_of(field[i], export_address))
			c->recipient = i;
		else if ((rank = export_detail(field[i])) > best) {
			best = rank;
			c->detail = i;
		} else if (c->code < 0 && one_of(field[i], code))
			c->code = i;
		says |= bd_memcasemem(field[i], strlen(field[i]), "bounce", 6) != NULL ||
		    same_name(field[i], "error") ||
		    same_name(field[i], "rawreason") || same_name(field[i], "diagnosticcode");
	}
	says |= c->detail >= 0 && same_name(field[c->detail], "reason") &&
	    ((c->code >= 0 && same_name(field[c->code], "status")) || created);
	c->export = c->recipient >= 0 && c->detail >= 0 && says;
	return c->export;
}

/* event_detail - a sending service's event table may name the reply in
 * a column other than its detail (Mailgun: Reason "bounce", Delivery
 * Status Message "550 ..."): the column that names it best, the code, and
 * the address when it is called so (Brevo: EMAIL, EVENT, REASON) */
static void
event_detail(char **field, int n, struct columns *c)
{
	static const char *const code[] = { "errorcode", "bouncecode", "deliverystatuscode", NULL };
	int i, best = c->detail >= 0 ? export_detail(field[c->detail]) : 0, rank;

	for (i = 0; i < n; i++) {
		if (c->recipient < 0 && one_of(field[i], export_address))
			c->recipient = i;
		if (i != c->event && (rank = export_detail(field[i])) > best) {
			best = rank;
			c->detail = i;
		}
		if (c->code < 0 && one_of(field[i], code))
			c->code = i;
	}
}

/* header_row - the columns a header row names (line is split in place);
 * 1, with *out set, when it names a recipient and an event, or is a
 * bounce export's */
static int
header_row(char *line, struct columns *out)
{
	static const char *const recipient[] = { "recipientaddress", "recipients",
		"recipient", "recipientaddresses", "rcpt", "to", NULL };
	static const char *const event[] = { "eventid", "event", "status", "dsnaction", NULL };
	static const char *const detail[] = { "recipientstatus", "detail", "details",
		"reason", "dsndiag", NULL };
	char *field[MAX_FIELDS];
	struct columns col = { -1, -1, -1, -1, -1, -1, 0 }, *c = &col;
	struct columns exp = { -1, -1, -1, -1, -1, -1, 0 };
	int i, n, export, tabbed;

	if (strncmp(line, "\xef\xbb\xbf", 3) == 0)   /* a byte order mark */
		line += 3;
	if (strncmp(line, "#Fields:", 8) == 0)
		line += 8;
	while (*line == ' ')
		line++;
	tabbed = strchr(line, '\t') != NULL;
	n = bd_csv_split(line, field, MAX_FIELDS);
	for (i = 0; i < n; i++)
		if (strlen(field[i]) > 48 || strpbrk(field[i], "{}|<>\\") != NULL)
			return 0;   /* a command line naming columns ("Get-Message | fl a,b") */
	for (i = 0; i < n; i++) {
		if (c->recipient < 0 && one_of(field[i], recipient))
			c->recipient = i;
		else if (c->event < 0 && one_of(field[i], event))
			c->event = i;
		else if (c->detail < 0 && one_of(field[i], detail))
			c->detail = i;
		else if (c->status < 0 && same_name(field[i], "dsnstatus"))
			c->status = i;
		else if (c->relay < 0 && same_name(field[i], "dsnmta"))
			c->relay = i;
	}
	/* a trace detail (Get-MessageTraceDetail: Date, Event, Action,
	 * Detail) is of one recipient, named where it was asked for */
	/* SendGrid's "status" column holds a status code, not an event */
	export = export_columns(field, n, &exp);
	/* a table copied from a web console (tab-separated) is read for the
	 * replies its detail column gives; without one, the text around it
	 * (the console's message details) says more */
	if (c->event >= 0 && (c->recipient >= 0 || c->detail >= 0) && (!tabbed || c->detail >= 0) &&
	    !(export && same_name(field[c->event], "status"))) {
		event_detail(field, n, c);
		*out = col;
		return 1;
	}
	if (export)
		*out = exp;
	return export;
}

/* event_action - the action an event or status value stands for, or
 * NULL; *words set to what a status says beyond it ("FilteredAsSpam") */
static const char *
event_action(const char *value, const char **words)
{
	static const struct {
		const char *name, *action, *words;
	} events[] = {
		{ "fail", "failed", NULL }, { "failed", "failed", NULL }, { "failure", "failed", NULL },
		{ "bounce", "failed", NULL }, { "bounced", "failed", NULL },
		{ "filteredasspam", "failed", "filtered as spam" },
		{ "hardbounce", "failed", NULL }, { "outofband", "failed", NULL },
		{ "softbounce", "delayed", NULL },
		{ "defer", "delayed", NULL }, { "deferred", "delayed", NULL },
		{ "delayed", "delayed", NULL }, { "pending", "delayed", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof events / sizeof events[0]; i++)
		if (same_name(value, events[i].name)) {
			*words = events[i].words;
			return events[i].action;
		}
	return NULL;
}

/* nth_item - the k-th of the ';'-separated items of s, length in *n */
static const char *
nth_item(const char *s, int k, size_t *n)
{
	for (; k > 0 && (s = strchr(s, ';')) != NULL; k--)
		s++;
	if (s == NULL)
		return NULL;
	*n = strcspn(s, ";");
	return s;
}

/* count_items - how many ';'-separated items s holds */
static int
count_items(const char *s)
{
	int n = 1;

	while ((s = strchr(s, ';')) != NULL && n < MAX_LIST)
		s++, n++;
	return n;
}

/* reply_words - the reply a detail column records, without its "smtp;"
 * type (PowerMTA's "smtp;550 ...", SES's "smtp; 550 ...") or a sending
 * service's category before it (Mandrill's "bad_mailbox: smtp;550 ...") */
static const char *
reply_words(const char *words)
{
	const char *colon = strstr(words, ": smtp;");

	if (colon != NULL && colon - words < 40)
		words = colon + 2;
	if (bd_strcaseprefix(words, "smtp;"))
		words += 5 + (words[5] == ' ');
	return words;
}

/* code_column - what a code column says: a status ("5.1.1") when d has
 * none, or a reply code ("550") */
static void
code_column(struct bd_delivery *d, const char *code)
{
	if (isdigit((unsigned char)code[0]) && code[1] == '.' && d->dsn == NULL) {
		d->dsn = code;
		d->dsn_len = strcspn(code, " ");
	} else if (strlen(code) == 3 && (code[0] == '4' || code[0] == '5'))
		d->code = atoi(code);
}

/* export_row - the entry of a bounce export's row: its address, the
 * reply recorded, its code */
static int
export_row(struct bd_factlist *fl, char **field, int nfield, const struct columns *c)
{
	struct bd_delivery d = { 0 };
	const char *words, *pos;
	char *a;

	if (c->recipient >= nfield || c->detail >= nfield)
		return 0;
	pos = field[c->recipient];
	if ((a = bd_next_address(field[c->recipient], &pos)) == NULL)
		return 0;
	words = reply_words(field[c->detail]);
	if (c->code >= 0 && c->code < nfield)
		code_column(&d, field[c->code]);
	d.action = "failed";
	d.diag = *words ? words : NULL;
	d.diag_len = strlen(words);
	return bd_maillog_add(fl, &d, a);
}

/* add_row - an entry for each recipient of a failure or deferral row */
static int
add_row(struct bd_factlist *fl, char **field, int nfield, const struct columns *c)
{
	struct bd_delivery d = { 0 };
	const char *words = "", *said, *w, *pos;
	char *list, *item, *next, *a;
	size_t n;
	int k, pair, rc = 0;

	if (c->export)
		return export_row(fl, field, nfield, c);
	if (c->recipient >= nfield || c->event >= nfield ||
	    (d.action = event_action(field[c->event], &said)) == NULL)
		return 0;
	if (c->detail >= 0 && c->detail < nfield)
		words = reply_words(field[c->detail]);
	if (*words == '\0' && said)   /* a trace summary's status is all it says */
		words = said;
	/* PowerMTA's status column ("5.1.2 (bad destination system: no such
	 * domain)") and next hop ("mx.example.net (192.0.2.5)") */
	if (c->status >= 0 && c->status < nfield && *field[c->status]) {
		d.dsn = field[c->status];
		d.dsn_len = strcspn(d.dsn, " ");
		if (*words == '\0')
			words = d.dsn;
	}
	if (c->code >= 0 && c->code < nfield)
		code_column(&d, field[c->code]);
	if (c->relay >= 0 && c->relay < nfield && *field[c->relay]) {
		d.relay = field[c->relay];
		d.relay_len = strcspn(d.relay, " ");
	}
	if (c->recipient < 0) {
		d.diag = words;
		d.diag_len = strlen(words);
		return bd_maillog_add(fl, &d, NULL);
	}
	pair = strchr(words, ';') && count_items(words) == count_items(field[c->recipient]);
	if ((list = bd_strdup(field[c->recipient])) == NULL)
		return -1;
	for (item = list, k = 0; rc == 0 && item && k < MAX_LIST; item = next, k++) {
		if ((next = strchr(item, ';')) != NULL)
			*next++ = '\0';
		pos = item;
		if ((a = bd_next_address(item, &pos)) == NULL)
			continue;
		if (!pair || (w = nth_item(words, k, &n)) == NULL) {
			w = words;
			n = strlen(words);
		}
		d.diag = n > 0 ? w : NULL;
		d.diag_len = n;
		rc = bd_maillog_add(fl, &d, a);
	}
	free(list);
	return rc;
}

int
bd_tracking_scan(const char *text, size_t len, struct bd_factlist *fl)
{
	char *line = malloc(2 * BD_MAX_LINE_BYTES), *copy, *field[MAX_FIELDS];
	struct columns c = { -1, -1, -1, -1, -1, -1, 0 };
	size_t pos = 0, before = fl->n;
	int rc = 0, n, header = 0;

	if (line == NULL)
		return -1;
	copy = line + BD_MAX_LINE_BYTES;
	while (rc == 0 && pos < len) {
		pos += bd_line_copy(text + pos, len - pos, line, BD_MAX_LINE_BYTES);
		if (strpbrk(line, ",\t") == NULL)
			continue;
		memcpy(copy, line, strlen(line) + 1);
		if (header_row(copy, &c)) {
			header = 1;
			continue;
		}
		if (!header)
			continue;
		n = bd_csv_split(line, field, MAX_FIELDS);
		rc = add_row(fl, field, n, &c);
	}
	free(line);
	return rc < 0 ? -1 : (int)(fl->n - before);
}

int
bd_tracking_stream(const char *line, size_t n)
{
	return (n >= 29 && memcmp(line, "#Software: Microsoft Exchange", 29) == 0) ||
	    bd_tracking_header(line, n);
}

int
bd_tracking_header(const char *line, size_t n)
{
	char buf[BD_MAX_LINE_BYTES];
	struct columns c;

	bd_line_copy(line, n, buf, sizeof buf);
	return strpbrk(buf, ",\t") != NULL && header_row(buf, &c);
}

int
bd_tracking_failure(const char *header, const char *row, size_t n)
{
	char buf[BD_MAX_LINE_BYTES], *field[MAX_FIELDS];
	const char *said;
	struct columns c;
	int nfield;

	bd_line_copy(header, strlen(header), buf, sizeof buf);
	if (!header_row(buf, &c))
		return 0;
	bd_line_copy(row, n, buf, sizeof buf);
	nfield = bd_csv_split(buf, field, MAX_FIELDS);
	if (c.export)
		return c.recipient < nfield && strchr(field[c.recipient], '@') != NULL;
	return c.event < nfield && event_action(field[c.event], &said) != NULL;
}
