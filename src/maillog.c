/*
 * maillog.c - delivery lines of Postfix, Exim, Sendmail, OpenSMTPD, Haraka,
 * Stalwart, amavisd and Zimbra logs.
 *
 * A postmaster pastes, pipes or names a log; each line that reports a
 * bounce, a deferral or a refusal becomes one entry, with the recipient,
 * the action the log word stands for, the status, the next hop and the
 * server's words.  Deliveries and every other line are passed over.  The
 * line formats are the ones these servers document and have written for
 * decades:
 *
 *   postfix/smtp[1]: 4Q: to=<a@b>, relay=mx[192.0.2.1]:25, ..., dsn=5.1.1,
 *       status=bounced (host mx[192.0.2.1] said: 550 ... (in reply to ...))
 *   postfix/smtpd[1]: NOQUEUE: reject: RCPT from h[192.0.2.1]: 554 5.7.1
 *       <a@b>: Relay access denied; from=<s@c> to=<a@b> proto=ESMTP helo=<h>
 *   2026-11-23 10:00:00 1vX-000-AB ** a@b R=r T=t H=mx [192.0.2.1]: reason
 *   2026-11-23 10:00:00 H=(h) [192.0.2.1] F=<s@c> rejected RCPT <a@b>: why
 *   sm-mta[1]: 5AN: to=<a@b>, ..., relay=mx. [192.0.2.1], dsn=5.1.1,
 *       stat=User unknown
 *   sm-mta[1]: 5AN: <a@b>... User unknown
 *   smtpd[1]: 3a9f mta delivery evpid=5d1c from=<s> to=<a@b> rcpt=<->
 *       relay="192.0.2.1 (mx.example.net)" delay=2s result="PermFail"
 *       stat="550 5.1.1 ..."
 *   smtpd[1]: 3a9f smtp failed-command command="RCPT TO:<a@b>" result="550 ..."
 *
 * qmail-send names the recipient when a delivery starts and the outcome
 * lines later, so its lines are read only here, in a text read whole:
 *   @4000... starting delivery 12: msg 34 to remote a@b
 *   @4000... delivery 12: failure: 192.0.2.1_does_not_like_recipient./...
 *
 * So are queue listings (Postfix's postqueue -p or mailq, Sendmail's
 * mailq), whose reason stands above the recipients it holds back:
 *   -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
 *   D81F2208A7      4102 Tue Oct 14 07:55:12  sender@example.com
 *   (connect to mx.example.net[192.0.2.1]:25: Connection timed out)
 *                                            a@example.net
 */
#define _GNU_SOURCE 1 /* memmem (POSIX.1-2024, glibc under _GNU_SOURCE) */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "limits.h"
#include "maillog.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"

enum agent { AG_NONE, AG_POSTFIX, AG_EXIM, AG_SENDMAIL, AG_QMAIL, AG_OPENSMTPD, AG_AMAVIS,
	AG_HARAKA, AG_STALWART, AG_ZIMBRA, AG_DOVECOT, AG_COURIER, AG_KERIO, AG_MIXED };

static const char *const agent_names[] = { NULL, "postfix", "exim", "sendmail", "qmail",
	"opensmtpd", "amavis", "haraka", "stalwart", "zimbra", "dovecot", "courier", "kerio", NULL };

#define QMAIL_STARTS 64   /* qmail deliveries in progress remembered */
#define QMAIL_START_BYTES 512   /* a start line kept whole, at most */

/* field - the value after "name" in line (name includes the '='), its
 * length in *n; NULL when absent */
static const char *
field(const char *line, const char *name, const char *stops, size_t *n)
{
	const char *p = strstr(line, name);

	if (p == NULL)
		return NULL;
	p += strlen(name);
	*n = strcspn(p, stops);
	return p;
}

/* parenthesised - the text inside the parentheses that start at p and end
 * at the line's last ')' (Postfix's "status=bounced (...)"), length in *n */
static const char *
parenthesised(const char *p, size_t *n)
{
	const char *close;

	while (*p == ' ')
		p++;
	if (*p != '(' || (close = strrchr(p, ')')) == NULL)
		return NULL;
	*n = (size_t)(close - p - 1);
	return p + 1;
}

/* A log word and what it stands for. */
struct word_map {
	const char *word, *meaning;
};

/* map_word - the meaning of the word at w (up to one of stops) in map[0..n),
 * or NULL */
static const char *
map_word(const struct word_map *map, size_t n, const char *w, const char *stops)
{
	size_t i, len = strcspn(w, stops);

	for (i = 0; i < n; i++)
		if (strlen(map[i].word) == len && strncmp(w, map[i].word, len) == 0)
			return map[i].meaning;
	return NULL;
}

/* postfix_action - the action a Postfix status word stands for */
static const char *
postfix_action(const char *w)
{
	static const struct word_map map[] = {
		{ "bounced", "failed" }, { "deferred", "delayed" }, { "sent", "delivered" },
		{ "expired", "failed" }, { "undeliverable", "failed" },
		{ "deliverable", "delivered" },
	};

	return map_word(map, sizeof map / sizeof map[0], w, " ,");
}

/* postfix_delivery - "to=<a@b>, relay=..., dsn=..., status=word (...)" */
static int
postfix_delivery(const char *line, struct bd_delivery *d)
{
	const char *st = strstr(line, ", status=");

	if (st == NULL || (d->action = postfix_action(st + 9)) == NULL)
		return 0;
	if ((d->to = field(line, " to=<", ">", &d->to_len)) == NULL) {
		/* qmgr gives a message up: "Q: from=<s>, status=expired,
		 * returned to sender" names no recipient (those are on the
		 * deferral lines before it); the words name the sender */
		if (strncmp(st + 9, "expired", 7) != 0 ||
		    (d->diag = strstr(line, " from=<")) == NULL)
			return 0;
		d->diag++;
		d->diag_len = strlen(d->diag);
		return 1;
	}
	d->relay = field(line, ", relay=", ",[ ", &d->relay_len);
	d->dsn = field(line, ", dsn=", ", ", &d->dsn_len);
	d->diag = parenthesised(st + 9 + strcspn(st + 9, " ,"), &d->diag_len);
	if (d->diag == NULL) {  /* "status=expired, returned to sender" */
		d->diag = st + 9;
		d->diag_len = strlen(d->diag);
	}
	return 1;
}

/* reject_command - the SMTP command a Postfix "reject: WHAT from" names:
 * header and body checks run on the message, after DATA */
static const char *
reject_command(const char *p)
{
	static const struct word_map map[] = {
		{ "CONNECT", "CONNECT" }, { "EHLO", "EHLO" }, { "HELO", "HELO" },
		{ "MAIL", "MAIL" }, { "RCPT", "RCPT" }, { "DATA", "DATA" },
		{ "END-OF-MESSAGE", "DATA" }, { "header", "DATA" }, { "body", "DATA" },
	};

	return map_word(map, sizeof map / sizeof map[0], p, " ");
}

/* client_end - where the words after a refusal's client start: past
 * "from NAME[ip]: " or postscreen's "from [ip]:port: "; or NULL */
static const char *
client_end(const char *r)
{
	const char *p;

	for (p = strchr(r, ']'); p; p = strchr(p + 1, ']')) {
		const char *q = p + 1;

		if (*q == ':' && isdigit((unsigned char)q[1]))
			q += 1 + strspn(q + 1, "0123456789");
		if (q[0] == ':' && q[1] == ' ')
			return q + 2;
	}
	return NULL;
}

/* postfix_reject - "reject: RCPT from h[ip]: 550 ...; from=<s> to=<a@b>
 * proto=... helo=<h>" (the words before "; from="), or a header or body
 * check's "reject: header ... helo=<h>: 5.7.1 words" (the words after) */
static int
postfix_reject(const char *line, struct bd_delivery *d)
{
	const char *r = strstr(line, "reject: "), *from, *helo, *colon;

	if (r == NULL || strstr(line, "postfix") == NULL)
		return 0;
	d->to = field(line, " to=<", ">", &d->to_len); /* none: MAIL, CONNECT refused */
	r += 8;
	d->action = "failed";
	d->command = reject_command(r);
	from = strstr(r, "; from=<");
	helo = strstr(r, " helo=<");
	if (helo && (colon = strstr(helo, ">: ")) != NULL) {
		d->diag = colon + 3;
		d->diag_len = strlen(d->diag);
	} else if ((colon = client_end(r)) != NULL && (from == NULL || colon < from)) {
		d->diag = colon;
		d->diag_len = from ? (size_t)(from - d->diag) : strlen(d->diag);
	}
	if (d->diag && d->diag[0] == '4')
		d->action = "delayed";  /* a 4xx refusal: the client tries again */
	return 1;
}

/* exim_stamp - length of an Exim log line's time stamp ("2026-11-23
 * 10:00:00", optional ".123", " +0100", " [1234]") and the space after,
 * or 0 */
static size_t
exim_stamp(const char *s)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	if (s[i] == '.')
		for (i++; isdigit((unsigned char)s[i]); i++)
			;
	if (s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-') && isdigit((unsigned char)s[i + 2]))
		for (i += 2; isdigit((unsigned char)s[i]); i++)
			;
	if (s[i] == ' ' && s[i + 1] == '[') {
		i += 2 + strcspn(s + i + 2, "]");
		if (s[i] == ']')
			i++;
	}
	return s[i] == ' ' ? i + 1 : 0;
}

/* exim_id - p starts with an Exim message id ("1vXabc-000123-AB", or the
 * longer "1vXabc-00000000123-ABCD" of Exim 4.97) and a space */
static int
exim_id(const char *p)
{
	size_t a = 0, b, c;

	while (isalnum((unsigned char)p[a]))
		a++;
	if (a != 6 || p[a] != '-')
		return 0;
	for (b = 0; isalnum((unsigned char)p[a + 1 + b]); b++)
		;
	if (b < 6 || b > 11 || p[a + 1 + b] != '-')
		return 0;
	for (c = 0; isalnum((unsigned char)p[a + 2 + b + c]); c++)
		;
	return c >= 2 && c <= 4 && p[a + 2 + b + c] == ' ';
}

/* exim_action - the action of an Exim delivery flag */
static const char *
exim_action(const char *p)
{
	if (strncmp(p, "** ", 3) == 0)
		return "failed";
	if (strncmp(p, "== ", 3) == 0)
		return "delayed";
	if (strncmp(p, "=> ", 3) == 0 || strncmp(p, "-> ", 3) == 0 || strncmp(p, "*> ", 3) == 0)
		return "delivered";
	return NULL;
}

/* exim_reject - an Exim ACL's refusal after the time stamp: "H=h [ip]
 * F=<s> rejected RCPT <a@b>: why", "... rejected MAIL <s>: why", "...
 * rejected after DATA: why", "rejected EHLO from [ip]:port: why", "H=h [ip]
 * rejected connection in "connect" ACL: why"; "temporarily rejected" is a
 * 4xx the client retries */
static int
exim_reject(const char *p, struct bd_delivery *d)
{
	/* where the words start: after the recipient's "<a@b>: ", after
	 * ": ", or after the client's "[ip]:port: " */
	enum { AFTER_RECIPIENT, AFTER_COLON, AFTER_CLIENT };
	static const struct { const char *what, *command; int words; } kinds[] = {
		{ "RCPT <", "RCPT", AFTER_RECIPIENT }, { "MAIL <", "MAIL", AFTER_COLON },
		{ "after DATA", "DATA", AFTER_COLON }, { "EHLO ", "EHLO", AFTER_CLIENT },
		{ "HELO ", "HELO", AFTER_CLIENT }, { "connection", "CONNECT", AFTER_CLIENT },
	};
	const char *rej, *w, *words = NULL, *colon = strstr(p, ": ");
	size_t i;

	/* the refusal is logged before any words (a delivery's failure
	 * quoting a remote "rejected after DATA" is not one) */
	for (rej = strstr(p, "rejected "); rej; rej = strstr(rej + 9, "rejected "))
		if (rej == p || rej[-1] == ' ')
			break;
	if (rej == NULL || (colon && colon < rej))
		return 0;
	w = rej + 9;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strncmp(w, kinds[i].what, strlen(kinds[i].what)) == 0)
			break;
	if (i == sizeof kinds / sizeof kinds[0])
		return 0;
	d->command = kinds[i].command;
	d->action = rej - p >= 12 && strncmp(rej - 12, "temporarily ", 12) == 0 ?
	    "delayed" : "failed";
	if (kinds[i].words == AFTER_RECIPIENT) {
		d->to = w + 6;
		d->to_len = strcspn(d->to, ">");
		if ((words = strstr(d->to, ">: ")) != NULL)
			words += 3;
	} else if (kinds[i].words == AFTER_CLIENT)
		words = client_end(w);
	if (words == NULL && kinds[i].words != AFTER_RECIPIENT && (words = strstr(w, ": ")) != NULL)
		words += 2;
	d->diag = words;
	d->diag_len = words ? strlen(words) : 0;
	return 1;
}

/* exim_unmarked - the action of a message's own log line that names its
 * recipient without a flag ("a@b R=dnslookup T=remote_smtp defer (-18)
 * H=...: words", "a@b R=.. T=.. H=..: SMTP error from remote mail server
 * after RCPT TO:<a@b>: 550 ..."): delayed for a deferral or a 4xx reply,
 * failed for a 5xx one, else NULL */
static const char *
exim_unmarked(const char *p)
{
	size_t n = strcspn(p, " ");
	const char *words;
	int code;

	if (memchr(p, '@', n) == NULL || strncmp(p + n, " R=", 3) != 0 ||
	    strstr(p + n, " T=") == NULL)
		return NULL;
	if (strstr(p + n, " defer (") != NULL)
		return "delayed";
	if ((words = strstr(p + n, "SMTP error from remote mail server")) == NULL ||
	    (code = bd_find_reply_code(words)) < 400)
		return NULL;
	return code < 500 ? "delayed" : "failed";
}

/* exim_line - "ID ** a@b <orig> R=.. T=.. H=host [ip]: reason" (no ID in a
 * message's own log, exim -Mvl, which may also leave the flag out), or an
 * ACL's refusal (exim_reject) */
static int
exim_line(const char *line, struct bd_delivery *d)
{
	const char *p = line + exim_stamp(line), *words;

	if (p == line)
		return 0;
	if (exim_reject(p, d))
		return 1;
	if ((d->action = exim_unmarked(p)) == NULL) {
		if (exim_action(p) == NULL) {   /* the message id (none in a message's own log) */
			p += strcspn(p, " ");
			if (*p++ != ' ')
				return 0;
		}
		if ((d->action = exim_action(p)) == NULL)
			return 0;
		p += 3;   /* the flag */
	}
	d->to = p;
	d->to_len = strcspn(d->to, " :");
	if ((d->relay = strstr(d->to, " H=")) != NULL) {
		d->relay += 3;
		d->relay_len = strcspn(d->relay, " :");
	}
	if ((words = strstr(d->to, ": ")) != NULL) {
		d->diag = words + 2;
		d->diag_len = strlen(d->diag);
	}
	return 1;
}

/* sendmail_line - "to=<a@b>,<c@d>, ..., relay=mx. [ip], dsn=5.1.1,
 * stat=words" */
static int
sendmail_line(const char *line, struct bd_delivery *d)
{
	const char *st = strstr(line, ", stat=");

	if (st == NULL || (d->to = field(line, " to=", " ", &d->to_len)) == NULL)
		return 0;
	d->relay = field(line, ", relay=", " ,[", &d->relay_len);
	d->dsn = field(line, ", dsn=", ", ", &d->dsn_len);
	d->diag = st + 7;
	d->diag_len = strlen(d->diag);
	if (d->dsn && d->dsn_len)
		d->action = d->dsn[0] == '2' ? "delivered" : d->dsn[0] == '4' ? "delayed" : "failed";
	else
		d->action = strncmp(d->diag, "Sent", 4) == 0 ? "delivered" :
		    strncmp(d->diag, "Deferred", 8) == 0 ? "delayed" : "failed";
	return 1;
}

/* sendmail_reject - "ruleset=check_rcpt, arg1=<a@b>, relay=h [ip],
 * reject=550 5.7.1 <a@b>... Relaying denied": a refusal of the client
 * (check_mail and check_relay refuse the sender or the host: no recipient) */
static int
sendmail_reject(const char *line, struct bd_delivery *d)
{
	const char *rj = strstr(line, ", reject="), *rs = strstr(line, "ruleset=check_");

	if (rj == NULL || rs == NULL || rs > rj)
		return 0;
	if (strncmp(rs + 14, "rcpt,", 5) == 0)
		d->to = field(line, ", arg1=", ",", &d->to_len);
	d->command = strncmp(rs + 14, "rcpt,", 5) == 0 ? "RCPT" :
	    strncmp(rs + 14, "mail,", 5) == 0 ? "MAIL" : "CONNECT";
	d->diag = rj + 9;  /* its relay= is the client refused, no remote server */
	d->diag_len = strlen(d->diag);
	d->action = d->diag[0] == '4' ? "delayed" : "failed";
	return 1;
}

/* sendmail_recipient - "5AN0001: <a@b>... User unknown": Sendmail's
 * refusal of a recipient in the SMTP dialogue, logged with the words of
 * its reply */
static int
sendmail_recipient(const char *line, struct bd_delivery *d)
{
	const char *p, *close;

	if ((strstr(line, "sendmail[") == NULL && strstr(line, "sm-mta[") == NULL) ||
	    (p = strstr(line, ": <")) == NULL || (close = strstr(p, ">... ")) == NULL)
		return 0;
	d->to = p + 3;
	d->to_len = (size_t)(close - d->to);
	if (memchr(d->to, '@', d->to_len) == NULL || memchr(d->to, ' ', d->to_len) != NULL)
		return 0;
	d->diag = close + 5;
	d->diag_len = strlen(d->diag);
	d->command = "RCPT";
	d->action = "failed";
	return 1;
}

/* quoted_value - the value of name="..." in line, length in *n (its
 * escaped quotes stay escaped); NULL when absent */
static const char *
quoted_value(const char *line, const char *name, size_t *n)
{
	const char *p = strstr(line, name), *q;

	if (p == NULL)
		return NULL;
	p += strlen(name);
	for (q = p; *q && *q != '"'; q++)
		if (*q == '\\' && q[1])
			q++;
	*n = (size_t)(q - p);
	return p;
}

/* log_value - the value of name=... in line: inside its quotes when
 * quoted, else up to the next blank (or, with rest, the line's end);
 * length in *n; NULL when absent */
static const char *
log_value(const char *line, const char *name, int rest, size_t *n)
{
	const char *p = strstr(line, name);

	if (p == NULL)
		return NULL;
	p += strlen(name);
	if (*p == '"')
		return quoted_value(p, "\"", n);
	*n = rest ? strlen(p) : strcspn(p, " ");
	return p;
}

/* opensmtpd_line - OpenSMTPD's "mta delivery ... to=<a@b> ... relay=
 * "ip (host)" ... result="PermFail" stat="..."" (an "mda delivery" for a
 * local one), and its "smtp failed-command command="RCPT TO:<a@b>"
 * result="550 ..."" refusing a client */
static int
opensmtpd_line(const char *line, struct bd_delivery *d)
{
	const char *result, *cmd, *open;
	size_t n, k;

	if (strstr(line, "smtpd[") == NULL || (result = log_value(line, " result=", 0, &n)) == NULL)
		return 0;
	if ((cmd = quoted_value(line, " failed-command command=\"", &k)) != NULL) {
		d->command = strncmp(cmd, "RCPT", 4) == 0 ? "RCPT" : strncmp(cmd, "MAIL", 4) == 0 ?
		    "MAIL" : strncmp(cmd, "DATA", 4) == 0 ? "DATA" : NULL;
		if (strncmp(cmd, "RCPT TO:<", 9) == 0)
			d->to = field(cmd, "RCPT TO:<", ">", &d->to_len);
		d->diag = result;
		d->diag_len = n;
		d->action = result[0] == '4' ? "delayed" : "failed";
		return 1;
	}
	if (strstr(line, " delivery evpid=") == NULL ||
	    (d->to = field(line, " to=<", ">", &d->to_len)) == NULL)
		return 0;
	d->action = n == 2 && strncmp(result, "Ok", 2) == 0 ? "delivered" :
	    n == 8 && strncmp(result, "TempFail", 8) == 0 ? "delayed" : "failed";
	if ((d->diag = log_value(line, " stat=", 1, &d->diag_len)) == NULL) {
		d->diag = result;
		d->diag_len = n;
	}
	if ((d->relay = quoted_value(line, " relay=\"", &k)) != NULL &&
	    (open = memchr(d->relay, '(', k)) != NULL) {   /* "192.0.2.1 (mx.example.net)" */
		d->relay = open + 1;
		d->relay_len = strcspn(d->relay, ")\"");
	} else
		d->relay = NULL;
	return 1;
}

/* amavis_line - amavisd's verdict on a message it kept from its
 * recipients: "amavis[1]: (1-01) Blocked SPAM {DiscardedInbound,...},
 * [ip]:port [ip] <s@c> -> <a@b>,<c@d>, quarantine: ...", the words the
 * verdict and its detail ("Blocked INFECTED (Eicar-Test-Signature)") */
static int
amavis_line(const char *line, struct bd_delivery *d)
{
	const char *b, *arrow;

	if (strstr(line, "amavis") == NULL || (b = strstr(line, ") Blocked ")) == NULL ||
	    (arrow = strstr(b, "> -> <")) == NULL)
		return 0;
	d->diag = b + 2;
	d->diag_len = strcspn(d->diag, "{,");
	while (d->diag_len > 0 && d->diag[d->diag_len - 1] == ' ')
		d->diag_len--;
	d->to = arrow + 5;
	d->to_len = strcspn(d->to, " ");
	d->command = "DATA";
	d->action = "failed";
	return 1;
}

/* before_fields - the length of s up to the " name=value" fields that
 * follow its words ("550 No such user rcpt=<a@b> host=mx"), or all of it */
static size_t
before_fields(const char *s)
{
	const char *p, *k;

	for (p = strchr(s, ' '); p; p = strchr(p + 1, ' ')) {
		for (k = p + 1; islower((unsigned char)*k) || *k == '_'; k++)
			;
		if (k > p + 1 && *k == '=')
			return (size_t)(p - s);
	}
	return strlen(s);
}

/* haraka_command - the SMTP command a Haraka hook answers ("rcpt",
 * "data_post", "connect_init"), or NULL */
static const char *
haraka_command(const char *hook)
{
	static const struct word_map map[] = {
		{ "connect", "CONNECT" }, { "connect_init", "CONNECT" }, { "lookup_rdns", "CONNECT" },
		{ "helo", "HELO" }, { "ehlo", "EHLO" }, { "mail", "MAIL" }, { "rcpt", "RCPT" },
		{ "data", "DATA" }, { "data_post", "DATA" }, { "queue", "DATA" },
	};

	return map_word(map, sizeof map / sizeof map[0], hook, " ");
}

/* haraka_core - Haraka refusing a client: a plugin's "[core] hook=rcpt
 * plugin=p function=f params=<a@b> retval=DENY msg="why"" (DENYSOFT: a
 * 4xx), or its answer to a command, "[core] recipient <a@b> code=DENY
 * msg="why" sender=<s>" (or "sender <s> code=DENY ...") */
static int
haraka_core(const char *line, struct bd_delivery *d)
{
	const char *w, *rv;

	if ((w = strstr(line, "] [core] ")) == NULL)
		return 0;
	w += 9;
	if (strncmp(w, "hook=", 5) == 0 && (rv = strstr(w, " retval=DENY")) != NULL) {
		d->command = haraka_command(w + 5);
		if (d->command && strcmp(d->command, "RCPT") == 0)
			d->to = field(line, " params=<", ">", &d->to_len);
		rv += 12;
	} else if ((strncmp(w, "recipient <", 11) == 0 || strncmp(w, "sender <", 8) == 0) &&
	    (rv = strstr(w, "> code=DENY")) != NULL) {
		if (w[0] == 'r') {
			d->to = w + 11;
			d->to_len = (size_t)(rv - d->to);
		}
		d->command = w[0] == 'r' ? "RCPT" : "MAIL";
		rv += 11;
	} else
		return 0;
	d->action = strncmp(rv, "SOFT", 4) == 0 ? "delayed" : "failed";
	d->diag = quoted_value(rv, " msg=\"", &d->diag_len);
	return 1;
}

/* haraka_outbound - Haraka's queue giving up on or deferring a delivery:
 * "[outbound] recipient <a@b> bounced: why" (or "deferred: why"),
 * "[outbound] bounce: why rcpt=<a@b> host=mx", "[outbound] Temp failing F
 * for 64 seconds: why" */
static int
haraka_outbound(const char *line, struct bd_delivery *d)
{
	const char *w, *rv;

	if ((w = strstr(line, "] [outbound] ")) == NULL)
		return 0;
	w += 13;
	if (strncmp(w, "recipient <", 11) == 0 && (rv = strstr(w, "> ")) != NULL &&
	    (strncmp(rv + 2, "bounced: ", 9) == 0 || strncmp(rv + 2, "deferred: ", 10) == 0)) {
		d->to = w + 11;
		d->to_len = (size_t)(rv - d->to);
		d->action = rv[2] == 'b' ? "failed" : "delayed";
		d->diag = rv + (rv[2] == 'b' ? 11 : 12);
		d->diag_len = strlen(d->diag);
	} else if (strncmp(w, "recipient <", 11) == 0 && (rv = strstr(w, "> ")) != NULL &&
	    (strncmp(rv + 2, "rejected by ", 12) == 0 || strncmp(rv + 2, "deferred by ", 12) == 0) &&
	    (d->diag = strstr(rv, "): ")) != NULL) {
		/* "recipient <a@b> rejected by mx (192.0.2.1): 550 ..." */
		d->to = w + 11;
		d->to_len = (size_t)(rv - d->to);
		d->action = rv[2] == 'r' ? "failed" : "delayed";
		d->relay = rv + 14;
		d->relay_len = strcspn(d->relay, " ");
		d->diag += 3;
		d->diag_len = strlen(d->diag);
	} else if (strncmp(w, "bounce: ", 8) == 0 || strncmp(w, "bouncing mail: ", 15) == 0) {
		d->action = "failed";
		d->diag = w + (w[6] == ':' ? 8 : 15);
		d->to = field(d->diag, " rcpt=<", ">", &d->to_len);
		d->relay = field(d->diag, " host=", " ", &d->relay_len);
		d->diag_len = before_fields(d->diag);
	} else if (strncmp(w, "Temp failing ", 13) == 0 && (w = strstr(w, " seconds: ")) != NULL) {
		d->action = "delayed";
		d->diag = w + 10;
		d->diag_len = strlen(d->diag);
	} else
		return 0;
	return 1;
}

/* stalwart_value - the value of Stalwart's field "name = value" in
 * fields: inside its quotes, the whole of a list "[...]", else up to the
 * next ", "; length in *n; NULL when absent */
static const char *
stalwart_value(const char *fields, const char *name, size_t *n)
{
	const char *p;
	size_t k = strlen(name);

	for (p = strstr(fields, name); p; p = strstr(p + k, name))
		if ((p[-1] == ' ' && (p[-2] == ',' || p[-2] == ')')) &&
		    strncmp(p + k, " = ", 3) == 0)
			break;
	if (p == NULL)
		return NULL;
	p += k + 3;
	if (*p == '"')
		return quoted_value(p, "\"", n);
	*n = *p == '[' ? strcspn(p, "]") : strcspn(p, ",");
	return p;
}

/* stalwart_area - id starts with the area of a Stalwart event that can
 * tell of a refusal or a failed delivery ("smtp.", "delivery.") */
static int
stalwart_area(const char *id)
{
	static const char *const areas[] = { "smtp.", "delivery.", "queue.", "spam.", "dsn.",
		"mail-auth.", "security.", "limit.", NULL };
	size_t i;

	for (i = 0; areas[i]; i++)
		if (strncmp(id, areas[i], strlen(areas[i])) == 0)
			return 1;
	return 0;
}

/* stalwart_event - the event id of a Stalwart log line, "2024-11-03T14:22:30Z
 * INFO Relay not allowed (smtp.relay-not-allowed) fields", length in *n,
 * the fields after it in *fields; NULL when the line is not one */
static const char *
stalwart_event(const char *line, size_t *n, const char **fields)
{
	static const char *const levels[] = { " INFO ", " WARN ", " ERROR ", " DEBUG ", " TRACE ", NULL };
	const char *p = NULL, *id;
	size_t i, k;

	for (i = 0; levels[i] && (p = strstr(line, levels[i])) == NULL; i++)
		;
	for (p = p ? strstr(p, " (") : NULL; p; p = strstr(p + 2, " (")) {
		id = p + 2;
		k = strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-.");
		if (k > 2 && id[k] == ')' && id[k + 1] == ' ' && stalwart_area(id)) {
			*n = k;
			*fields = id + k + 1;
			return id;
		}
	}
	return NULL;
}

/* stalwart_line - an event of Stalwart's log refusing a client or failing
 * a delivery: "Relay not allowed (smtp.relay-not-allowed) ..., to =
 * "a@b", code = 550, details = "5.7.1 Relay not allowed."", "Recipient
 * rejected (delivery.rcpt-rejected) ..., hostname = "mx", ...", "(delivery.
 * dsn-perm-fail) ..., reason = "..."" */
static int
stalwart_line(const char *line, struct bd_delivery *d)
{
	static const char *const failing[] = { "reject", "fail", "denied", "not-allowed",
		"does-not-exist", "exceeded", "expired", "invalid", "blocked", "error", NULL };
	static const struct word_map commands[] = {
		{ "rcpt", "RCPT" }, { "relay", "RCPT" }, { "mailbox", "RCPT" }, { "mail-from", "MAIL" },
		{ "sender", "MAIL" }, { "ehlo", "EHLO" }, { "spam", "DATA" }, { "message", "DATA" },
		{ "data", "DATA" },
	};
	const char *id, *fields, *v;
	char event[64];
	size_t n, k, i;

	if ((id = stalwart_event(line, &n, &fields)) == NULL || n >= sizeof event)
		return 0;
	memcpy(event, id, n);
	event[n] = '\0';
	if ((v = stalwart_value(fields, "code", &k)) != NULL)
		d->code = atoi(v);
	for (i = 0; failing[i] && strstr(event, failing[i]) == NULL; i++)
		;
	if (failing[i] == NULL && d->code < 400)
		return 0;
	if ((d->diag = stalwart_value(fields, "details", &d->diag_len)) == NULL)
		d->diag = stalwart_value(fields, "reason", &d->diag_len);
	d->to = stalwart_value(fields, "to", &d->to_len);
	d->relay = stalwart_value(fields, "hostname", &d->relay_len);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strstr(event, commands[i].word))
			d->command = commands[i].meaning;
	d->action = strstr(event, "perm-fail") || d->code >= 500 ? "failed" :
	    d->code >= 400 || strstr(event, "temp-fail") || strncmp(event, "delivery.", 9) == 0 ?
	    "delayed" : "failed";
	return 1;
}

/* zimbra_lmtp - Zimbra's mailbox.log refusing a local delivery: "lmtp -
 * rejecting message a@b: account is not active", "lmtp - try again for
 * message a@b: quota exceeded" */
static int
zimbra_lmtp(const char *line, struct bd_delivery *d)
{
	const char *p;

	if ((p = strstr(line, "] lmtp - rejecting message ")) != NULL) {
		d->action = "failed";
		p += 27;
	} else if ((p = strstr(line, "] lmtp - try again for message ")) != NULL) {
		d->action = "delayed";
		p += 31;
	} else
		return 0;
	d->to = p;
	d->to_len = strcspn(p, ": ");
	d->diag = strstr(p, ": ");
	d->diag = d->diag ? d->diag + 2 : NULL;
	d->diag_len = d->diag ? strlen(d->diag) : 0;
	d->command = "RCPT";
	return 1;
}

/* dovecot_line - Dovecot's LMTP or LDA giving up on a mailbox:
 *   dovecot: lmtp(a@b)<1><s>: msgid=<m>: save failed to INBOX: Quota exceeded
 *   dovecot: lda(a@b)<1><>: msgid=<m>: rejected: Quota exceeded (...)
 *   dovecot: lmtp(a@b)<1><s>: sieve: msgid=<m>: rejected message from <s> (reject)
 * Dovecot refuses the message for good only by "rejected"; a failed save
 * is answered with a temporary reply. */
static int
dovecot_line(const char *line, struct bd_delivery *d)
{
	static const char *const outcomes[] = { "save failed to ", "rejected: ",
		"rejected message from ", "failed to deliver", NULL };
	const char *p, *sieve, *words = NULL;
	size_t i;

	if ((p = strstr(line, "dovecot: lmtp(")) != NULL)
		p += 14;
	else if ((p = strstr(line, "dovecot: lda(")) != NULL)
		p += 13;
	else
		return 0;
	for (i = 0; outcomes[i] && words == NULL; i++)
		words = strstr(p, outcomes[i]);
	if (words == NULL)
		return 0;
	d->to = p;
	d->to_len = strcspn(p, ")");
	d->action = strncmp(words, "rejected", 8) == 0 ? "failed" : "delayed";
	if ((sieve = strstr(p, ": sieve: ")) != NULL && sieve < words)
		words = sieve + 2;   /* the recipient's own filter */
	d->diag = words;
	d->diag_len = strlen(words);
	return 1;
}

/* courier_line - Courier's refusals and delivery failures:
 *   courieresmtpd: error,relay=...,from=<s>,to=<a@b>: 550 User unknown.
 *   courieresmtpd: error,relay=...,msg="554 ...",cmd: RCPT TO:<a@b>
 *   courieresmtp: id=...,from=<s>,addr=<a@b>: 550 5.1.1 ... (or words)
 * A reply's class gives the action; words without a code are a deferral
 * (the "status: failure" line that may follow says no more). */
static int
courier_line(const char *line, struct bd_delivery *d)
{
	const char *p, *to, *words;

	if ((p = strstr(line, " courier")) == NULL || (p = strchr(p, ':')) == NULL)
		return 0;
	if (strncmp(p, ": error,", 8) == 0) {
		if ((to = strstr(p, ",to=<")) != NULL && (words = strstr(to, ">: ")) != NULL) {
			d->to = to + 5;
			words += 3;
			d->diag_len = strlen(words);
		} else if ((words = strstr(p, ",msg=\"")) != NULL &&
		    (to = strstr(words, ",cmd: RCPT TO:<")) != NULL) {
			d->to = to + 15;
			words += 6;
			d->diag_len = strcspn(words, "\"");   /* the quoted reply */
		} else
			return 0;
		d->command = "RCPT";
	} else if (strncmp(p, ": id=", 5) == 0 && (to = strstr(p, ",addr=<")) != NULL &&
	    (words = strstr(to, ">: ")) != NULL) {
		d->to = to + 7;
		words += 3;
		d->diag_len = strlen(words);
	} else
		return 0;
	d->to_len = strcspn(d->to, ">");
	d->diag = words;
	d->action = words[0] == '5' && isdigit((unsigned char)words[1]) ? "failed" :
	    words[0] == '2' && isdigit((unsigned char)words[1]) ? "delivered" : "delayed";
	return 1;
}

/* spamdyke_line - spamdyke (in front of qmail-smtpd) refusing a recipient:
 *   spamdyke[1]: DENIED_RBL_MATCH from: s@c to: a@b origin_ip: 192.0.2.1
 *       origin_rdns: (unknown) auth: (unknown) encryption: (none) reason: zen...
 * its filter's name is the reason; greylisting defers */
static int
spamdyke_line(const char *line, struct bd_delivery *d)
{
	const char *p = strstr(line, "spamdyke[");

	if (p == NULL || (p = strstr(p, "]: DENIED_")) == NULL ||
	    (d->to = strstr(p, " to: ")) == NULL)
		return 0;
	d->to += 5;
	d->to_len = strcspn(d->to, " ");
	d->diag = p + 3;
	d->diag_len = strlen(d->diag);
	d->action = strncmp(d->diag, "DENIED_GRAYLISTED", 17) == 0 ? "delayed" : "failed";
	d->command = "RCPT";
	return 1;
}

/* kerio_line - Kerio Connect's mail log and its security log:
 *   [21/Mar/2026 10:16:41] Sent: Queue-ID: q, Recipient: <a@b>, Result: failed,
 *       Status: 5.1.1 , Remote-Host: 192.0.2.1, Msg-Id: <m>
 *   [21/Mar/2026 10:40:29] Message from 192.0.2.9 rejected by spam filter
 *       (score: 12.40, threshold: 10.00): From: <s@c>, To: <a@b>, ...
 *   [21/Mar/2026 10:44:51] SMTP Spam attack from 192.0.2.9 detected: IP
 *       address is blacklisted (zen.spamhaus.org), To: <a@b>, From: <s@c> */
static int
kerio_line(const char *line, struct bd_delivery *d)
{
	const char *p, *q;

	if (line[0] != '[' || (p = strstr(line, "] ")) == NULL || p - line != 21)
		return 0;
	p += 2;
	if (strncmp(p, "Sent: Queue-ID: ", 16) == 0) {
		if (strstr(p, ", Result: failed,") != NULL)
			d->action = "failed";
		else if (strstr(p, ", Result: delayed,") != NULL)
			d->action = "delayed";
		else
			return 0;
		d->to = field(p, ", Recipient: <", ">", &d->to_len);
		d->relay = field(p, ", Remote-Host: ", ",", &d->relay_len);
		if (d->relay && (d->relay_len <= 1 || strncmp(d->relay, "localhost", 9) == 0))
			d->relay = NULL;
		/* "Status: 5.1.1 ," or "Status: 5.7.1 Remote server X replied: 550 ...,
		 * Remote-Host:": the status, the words up to the next field */
		if ((d->diag = field(p, ", Status: ", "", &d->diag_len)) != NULL) {
			if ((q = strstr(d->diag, ", Remote-Host: ")) != NULL)
				d->diag_len = (size_t)(q - d->diag);
			d->dsn = d->diag;
			d->dsn_len = strcspn(d->diag, " ,");
			d->diag -= 8;   /* "Status: 5.1.1 ..." */
			d->diag_len += 8;
		}
		return d->to != NULL;
	}
	if ((strncmp(p, "Message from ", 13) == 0 && strstr(p, " rejected by ") != NULL) ||
	    strncmp(p, "SMTP Spam attack from ", 22) == 0) {
		if ((d->to = field(p, ", To: <", ">", &d->to_len)) == NULL &&
		    (d->to = field(p, ": To: <", ">", &d->to_len)) == NULL)
			return 0;
		d->action = "failed";
		d->diag = p;
		d->diag_len = strcspn(p, ",");
		return 1;
	}
	return 0;
}

/* qmail_smtpd_line - qmail-smtpd's refusals logged by its chkuser patch,
 * "CHKUSER rejected rcpt: from <s::> remote <h:h:ip> rcpt <a@b> : not
 * existing recipient" (also "rejected relaying", "rejected sender"), and
 * by rblsmtpd, "rblsmtpd: 192.0.2.1 pid 12: 451 http://..." */
static int
qmail_smtpd_line(const char *line, struct bd_delivery *d)
{
	const char *p, *words;

	if ((p = strstr(line, "CHKUSER rejected ")) != NULL &&
	    (words = strstr(p, " : ")) != NULL) {
		p += 17;
		d->command = strncmp(p, "sender", 6) == 0 ? "MAIL" : "RCPT";
		if ((d->to = field(p, " rcpt <", ">", &d->to_len)) != NULL && d->to_len == 0)
			d->to = NULL;
		d->diag = words + 3;
	} else if ((p = strstr(line, "rblsmtpd: ")) != NULL && (words = strstr(p, ": ")) != NULL &&
	    (words = strstr(words + 2, ": ")) != NULL) {
		d->command = "CONNECT";
		d->diag = words + 2;
	} else
		return 0;
	d->diag_len = strlen(d->diag);
	d->action = d->diag[0] == '4' ? "delayed" : "failed";
	return 1;
}

/* parse_any - which software wrote line, and its delivery facts */
static enum agent
parse_any(const char *line, struct bd_delivery *d)
{
	static const struct {
		int (*parse)(const char *line, struct bd_delivery *d);
		enum agent agent;
	} parsers[] = {
		{ postfix_delivery, AG_POSTFIX }, { postfix_reject, AG_POSTFIX },
		{ exim_line, AG_EXIM }, { sendmail_line, AG_SENDMAIL },
		{ sendmail_reject, AG_SENDMAIL }, { sendmail_recipient, AG_SENDMAIL },
		{ opensmtpd_line, AG_OPENSMTPD }, { amavis_line, AG_AMAVIS },
		{ haraka_core, AG_HARAKA }, { haraka_outbound, AG_HARAKA },
		{ stalwart_line, AG_STALWART },
		{ zimbra_lmtp, AG_ZIMBRA }, { qmail_smtpd_line, AG_QMAIL },
		{ dovecot_line, AG_DOVECOT }, { courier_line, AG_COURIER },
		{ spamdyke_line, AG_QMAIL }, { kerio_line, AG_KERIO },
	};
	size_t i;

	for (i = 0; i < sizeof parsers / sizeof parsers[0]; i++) {
		memset(d, 0, sizeof *d);
		if (parsers[i].parse(line, d))
			return parsers[i].agent;
	}
	return AG_NONE;
}

/* parse_line - as parse_any, for the lines that report a failure, a
 * deferral or a refusal (AG_NONE for deliveries) */
static enum agent
parse_line(const char *line, struct bd_delivery *d)
{
	enum agent a = parse_any(line, d);

	return a != AG_NONE && strcmp(d->action, "delivered") == 0 ? AG_NONE : a;
}

/* relay_span - length of the host name in a relay field
 * ("mx.example.net[192.0.2.1]:25", "mx.example.net.", "none"): 0 when it
 * names none */
static size_t
relay_span(const char *p, size_t n)
{
	size_t host = strcspn(p, "[");

	if (host < n)
		n = host;
	while (n > 0 && p[n - 1] == '.')
		n--;
	return n == 4 && strncmp(p, "none", 4) == 0 ? 0 : n;
}

int
bd_maillog_add(struct bd_factlist *fl, const struct bd_delivery *d, char *recipient)
{
	struct bd_facts *f = bd_factlist_add(fl);
	size_t n;

	if (f == NULL) {
		free(recipient);
		return fl->n >= BD_MAX_RECIPIENTS ? 0 : -1;
	}
	f->recipient = recipient;
	f->reply_code = d->code;
	if ((f->action = bd_strdup(d->action)) == NULL)
		return -1;
	if (d->dsn && d->dsn_len > 0 && d->dsn_len < sizeof f->status &&
	    isdigit((unsigned char)d->dsn[0]))
		memcpy(f->status, d->dsn, d->dsn_len);
	if (d->relay && (n = relay_span(d->relay, d->relay_len)) > 0 &&
	    (f->remote_mta = bd_strndup(d->relay, n)) == NULL)
		return -1;
	if (d->command && (f->smtp_command = bd_strdup(d->command)) == NULL)
		return -1;
	if (d->diag && d->diag_len > 0) {
		if ((f->diagnostic = bd_strndup(d->diag, bd_utf8_cut(d->diag,
		    d->diag_len < BD_MAX_DIAGNOSTIC ? d->diag_len : BD_MAX_DIAGNOSTIC))) == NULL)
			return -1;
		bd_fold_space(f->diagnostic);
		bd_facts_complete(f);
	}
	return 0;
}

/* add_delivery - an entry per recipient the line names (Sendmail lists
 * several in one to=); -1 when out of memory */
static int
add_delivery(struct bd_factlist *fl, const struct bd_delivery *d)
{
	char *to, *a;
	const char *pos;
	int rc = 0;

	if (d->to == NULL) /* a refusal of the sender or of the host */
		return bd_maillog_add(fl, d, NULL);
	if ((to = bd_strndup(d->to, d->to_len)) == NULL)
		return -1;
	pos = to;
	while (rc == 0 && (a = bd_next_address(to, &pos)) != NULL)
		rc = bd_maillog_add(fl, d, a);
	free(to);
	return rc;
}

/* The start lines of a qmail-send log's deliveries in progress, by
 * delivery number, kept whole: a failure's record reads the two lines
 * together (a stream), or takes its recipient from its start (a text read
 * whole, into to). */
struct bd_qmail_log {
	unsigned long id[QMAIL_STARTS];
	char line[QMAIL_STARTS][QMAIL_START_BYTES];
	size_t next;
	char to[QMAIL_START_BYTES];
};

/* unprefix_virtual - a qmail virtual domain's local delivery names its
 * recipient "example.org-ann@example.org" (virtualdomains prepends the
 * domain): "ann@example.org" */
static void
unprefix_virtual(char *addr)
{
	const char *at = strrchr(addr, '@');
	size_t d;

	if (at == NULL || (d = strlen(at + 1)) == 0 || (size_t)(at - addr) <= d + 1 ||
	    strncasecmp(addr, at + 1, d) != 0 || addr[d] != '-')
		return;
	memmove(addr, addr + d + 1, strlen(addr + d + 1) + 1);
}

/* qmail_start - the delivery number of a qmail-send "starting delivery N:
 * msg M to remote|local a@b" line (p just past "starting delivery "), its
 * recipient in *to (length *n); 0 when the line says no recipient */
static int
qmail_start(const char *p, unsigned long *id, const char **to, size_t *n)
{
	char *end;

	*id = strtoul(p, &end, 10);
	if (end == p || ((*to = strstr(end, " to remote ")) == NULL &&
	    (*to = strstr(end, " to local ")) == NULL))
		return 0;
	*to += (*to)[4] == 'r' ? 11 : 10;
	*n = strcspn(*to, " ");
	return *n > 0;
}

/* qmail_outcome - the action of a qmail-send "delivery N: failure: ..." or
 * "delivery N: deferral: ..." line, N in *id and its words in *words; NULL
 * for any other line */
static const char *
qmail_outcome(char *line, unsigned long *id, char **words)
{
	char *p = strstr(line, " delivery "), *end;

	if (p == NULL)
		return NULL;
	*id = strtoul(p + 10, &end, 10);
	if (end == p + 10)
		return NULL;
	if (strncmp(end, ": failure: ", 11) == 0) {
		*words = end + 11;
		return "failed";
	}
	if (strncmp(end, ": deferral: ", 12) == 0) {
		*words = end + 12;
		return "delayed";
	}
	return NULL;
}

/* qmail_note - remember line (NUL-ended) when it starts a delivery that
 * names its recipient (*logp made at the first); 1 when it does, 0 when
 * it is no start, -1 when out of memory */
static int
qmail_note(struct bd_qmail_log **logp, const char *line)
{
	const char *p = strstr(line, "starting delivery "), *to;
	unsigned long id;
	size_t i, n;

	if (p == NULL)
		return 0;
	if (!qmail_start(p + 18, &id, &to, &n) || strlen(line) >= QMAIL_START_BYTES)
		return 1;
	if (*logp == NULL && (*logp = calloc(1, sizeof **logp)) == NULL)
		return -1;
	i = (*logp)->next++ % QMAIL_STARTS;
	(*logp)->id[i] = id;
	strcpy((*logp)->line[i], line);
	return 1;
}

/* qmail_started - the start line remembered for delivery id, or NULL */
static const char *
qmail_started(const struct bd_qmail_log *log, unsigned long id)
{
	size_t k, i;

	for (k = 1; log && k <= QMAIL_STARTS && k <= log->next; k++) {
		i = (log->next - k) % QMAIL_STARTS;
		if (log->id[i] == id)
			return log->line[i];
	}
	return NULL;
}

/* qmail_line - a line of qmail-send's log read whole: a delivery's start
 * is remembered in *logp (-1 when out of memory); its failure or deferral
 * fills d (1 returned) when its start was seen, the recipient taken from
 * it, the words decoded ('_' stands for a space, '/' ends a line) */
static int
qmail_line(char *line, struct bd_qmail_log **logp, struct bd_delivery *d)
{
	const char *start, *to;
	char *p, *words;
	unsigned long id;
	size_t n;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = qmail_note(logp, line)) != 0)
		return rc < 0 ? -1 : 0;
	if ((d->action = qmail_outcome(line, &id, &words)) == NULL ||
	    (start = qmail_started(*logp, id)) == NULL ||
	    !qmail_start(strstr(start, "starting delivery ") + 18, &id, &to, &n))
		return 0;   /* no delivery started: not qmail's log */
	memcpy((*logp)->to, to, n);
	(*logp)->to[n] = '\0';
	unprefix_virtual((*logp)->to);
	d->to = (*logp)->to;
	d->to_len = strlen(d->to);
	for (p = strchr(words, '\0'); p > words && p[-1] == '/'; p--)
		;
	d->diag = words;
	d->diag_len = (size_t)(p - words);
	for (p = words; p < words + d->diag_len; p++)
		if (*p == '_' || *p == '/')
			*p = ' ';
	return 1;
}

int
bd_maillog_qmail(struct bd_qmail_log **logp, const char *line, size_t n, const char **start)
{
	char buf[BD_MAX_LINE_BYTES], *words;
	unsigned long id;
	int rc;

	if (memmem(line, n, "delivery ", 9) == NULL)
		return 0;   /* most lines: neither a start nor an outcome */
	bd_line_copy(line, n, buf, sizeof buf);
	if ((rc = qmail_note(logp, buf)) != 0)
		return rc < 0 ? -1 : 0;
	if (qmail_outcome(buf, &id, &words) == NULL || (*start = qmail_started(*logp, id)) == NULL)
		return 0;
	return 1;
}

void
bd_maillog_qmail_free(struct bd_qmail_log *log)
{
	free(log);
}

/* A queue listing being read: which server's, and the reason the entry
 * being read gave last (owned; NULL: none, the message is active or held,
 * not failing). */
struct queue_listing {
	enum agent agent;       /* AG_NONE until a listing's header line */
	char *reason;
};

/* queue_header - the column headings of a queue listing; its agent */
static enum agent
queue_header(const char *line)
{
	if (strstr(line, "-Queue ID-") && strstr(line, "-Sender/Recipient-"))
		return AG_POSTFIX;
	if (strstr(line, "-Q-ID-") && strstr(line, "-Sender/Recipient-"))
		return AG_SENDMAIL;
	return AG_NONE;
}

/* queue_entry - a message's first line: its queue id (a '*' when active,
 * '!' when held) at the start of the line, then its size */
static int
queue_entry(const char *line)
{
	const char *p = line;

	while (isalnum((unsigned char)*p))
		p++;
	if (p == line)
		return 0;
	if (*p == '*' || *p == '!')
		p++;
	if (*p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	return isdigit((unsigned char)*p);
}

/* exim_queue_entry - a message's line in exim -bp's listing: its age,
 * size, id and sender ("52h  3.1K 1rs8Tc-0009x1-3q <> *** frozen ***") */
static int
exim_queue_entry(const char *line)
{
	const char *p = line + strspn(line, " ");
	size_t n = strspn(p, "0123456789");

	if (n == 0 || p[n] == '\0' || !strchr("smhdw", p[n]) || p[n + 1] != ' ')
		return 0;
	p += n + 1 + strspn(p + n + 1, " ");
	if ((n = strspn(p, "0123456789.")) == 0)
		return 0;
	p += n;
	if (*p == 'K' || *p == 'M' || *p == 'G')
		p++;
	if (*p != ' ')
		return 0;
	p += strspn(p, " ");
	return exim_id(p) && p[strcspn(p, " ") + 1] == '<';
}

/* queue_line - a line of a queue listing: a reason in parentheses is
 * noted in *ql; a recipient under one fills d (1 returned) as delayed by
 * it; -1 when out of memory */
static int
queue_line(const char *line, struct queue_listing *ql, struct bd_delivery *d)
{
	const char *p = line, *close;
	enum agent agent;
	size_t n;

	if ((agent = queue_header(line)) != AG_NONE) {
		ql->agent = agent;
		return 0;
	}
	if (exim_queue_entry(line)) {   /* exim -bp lists no column headings */
		ql->agent = AG_EXIM;
		free(ql->reason);
		ql->reason = NULL;
		/* a frozen message waits for a person, not a retry */
		if (strstr(line, " *** frozen ***") && (ql->reason = bd_strdup("message frozen")) == NULL)
			return -1;
		return 0;
	}
	if (ql->agent == AG_NONE)
		return 0;
	if (queue_entry(line)) {
		free(ql->reason);
		ql->reason = NULL;
		return 0;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '(' && (close = strrchr(p, ')')) != NULL) {
		free(ql->reason);
		return (ql->reason = bd_strndup(p + 1, (size_t)(close - p - 1))) == NULL ? -1 : 0;
	}
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (ql->reason == NULL || p == line || memchr(p, '@', n) == NULL || memchr(p, ' ', n))
		return 0;   /* a recipient is alone on an indented line */
	memset(d, 0, sizeof *d);
	d->to = p;
	d->to_len = n;
	d->action = "delayed";
	d->diag = ql->reason;
	d->diag_len = strlen(ql->reason);
	return 1;
}

int
bd_maillog_failure(const char *line, size_t n)
{
	char buf[BD_MAX_LINE_BYTES];
	struct bd_delivery d;

	bd_line_copy(line, n, buf, sizeof buf);
	return parse_line(buf, &d) != AG_NONE;
}

/* starts_with_one - p starts with one of words */
static int
starts_with_one(const char *p, const char *const *words)
{
	for (; *words; words++)
		if (strncmp(p, *words, strlen(*words)) == 0)
			return 1;
	return 0;
}

/* syslog_stamp - length of a syslog time stamp ("Nov 23 10:00:00", "Nov  3
 * 10:00:00", "Nov 23 10:00:00.123456", "2026-11-23T10:00:00.123+01:00")
 * and the space after, or 0 */
static size_t
syslog_stamp(const char *s)
{
	static const char classic[] = "Aaa dd dd:dd:dd ";
	size_t i, frac = 0;

	if (isdigit((unsigned char)s[0])) {
		for (i = 0; isdigit((unsigned char)s[i]) || strchr("-T:.+Z", s[i]); i++)
			if (s[i] == '\0')
				return 0;
		return i >= 19 && s[10] == 'T' && s[i] == ' ' ? i + 1 : 0;
	}
	for (i = 0; classic[i]; i++) {
		if (i == 15 && s[i] == '.')   /* journalctl's short-precise: ".123456" */
			frac = 1 + strspn(s + i + 1, "0123456789");
		if (classic[i] == 'A' ? !isupper((unsigned char)s[i]) :
		    classic[i] == 'a' ? !islower((unsigned char)s[i]) :
		    classic[i] == 'd' ? !(isdigit((unsigned char)s[i]) || (i == 4 && s[i] == ' ')) :
		    s[i + frac] != classic[i])
			return 0;
	}
	return i + frac;
}

/* mail_program - p (after the host name) names a mail server's program:
 * "postfix/smtp[12]:", "postfix-out/qmgr[3]:", "exim[4]:", "sm-mta[5]:",
 * "qmail:", "dovecot:", "courieresmtpd:" */
static int
mail_program(const char *p)
{
	static const char *const names[] = { "postfix", "exim", "sendmail", "sm-mta",
		"sm-msp-queue", "smtpd", "qmail", "dovecot", NULL };
	size_t n;
	int i;

	if (strncmp(p, "courier", 7) == 0) {   /* courierd, courieresmtp, courierlocal */
		n = 7 + strspn(p + 7, "abcdefghijklmnopqrstuvwxyz");
		return p[n] == ':' || p[n] == '[';
	}
	for (i = 0; names[i]; i++) {
		n = strlen(names[i]);
		if (strncmp(p, names[i], n) == 0 && p[n] != '\0' && strchr("/-[:0123456789", p[n]))
			return 1;
	}
	return 0;
}

/* exim_event - the words of an Exim mainlog line that is about no message
 * (a connection, a refused greeting, a queue run), after its time stamp:
 * a log may start with one */
static int
exim_event(const char *p)
{
	static const char *const events[] = {
		"SMTP connection from ", "SMTP call from ", "rejected EHLO ", "rejected HELO ",
		"Start queue run", "End queue run", "exim ", "no host name found for IP",
		"no IP address found for host", "SMTP protocol ", "SMTP command timeout",
		"unexpected disconnection", "TLS error on connection", "SMTP data timeout",
		"Connection from ", "cwd=", NULL };

	return starts_with_one(p, events);
}

/* qmail_stamp - length of a tai64n label ("@4000000065...", 25 bytes),
 * tai64nlocal's rendering of one ("2026-03-20 08:16:40.114102500") or an
 * accustamp ("1700000000.123456") and the space after, or 0 */
static size_t
qmail_stamp(const char *s)
{
	size_t n;

	if ((n = bd_fits_form(s, "dddd-dd-dd dd:dd:dd.ddddddddd ")) > 0)
		return n;
	if (s[0] == '@') {
		n = 1 + strspn(s + 1, "0123456789abcdef");
		return n == 25 && s[n] == ' ' ? n + 1 : 0;
	}
	n = strspn(s, "0123456789");
	if (n < 9 || s[n] != '.')
		return 0;
	n += 1 + strspn(s + n + 1, "0123456789");
	return s[n] == ' ' ? n + 1 : 0;
}

/* qmail_event - p starts the words of a qmail-send or qmail-smtpd log line
 * (tcpserver, chkuser, rblsmtpd, spamdyke) */
static int
qmail_event(const char *p)
{
	static const char *const events[] = { "new msg ", "info msg ", "starting delivery ",
		"delivery ", "status: local ", "end msg ", "bounce msg ", "triple bounce: ",
		"tcpserver: ", "CHKUSER ", "qmail-smtpd", "rblsmtpd", "spamdyke[", NULL };

	return starts_with_one(p, events);
}

/* kerio_stamp - s starts with Kerio Connect's "[21/Mar/2026 10:15:03] " */
static int
kerio_stamp(const char *s)
{
	return bd_fits_form(s, "[dd/Aaa/dddd dd:dd:dd] ") > 0;
}

/* haraka_level - p starts Haraka's log words: "[NOTICE] [uuid] [core] " */
static int
haraka_level(const char *p)
{
	size_t n;

	if (*p != '[')
		return 0;
	n = strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	return n >= 4 && strncmp(p + 1 + n, "] [", 3) == 0;
}

int
bd_maillog_stream(const char *line, size_t n)
{
	char buf[BD_MAX_LINE_BYTES];
	struct bd_delivery d;
	const char *p, *fields;
	size_t k, id_len;

	/* a shell prompt and the command that printed the log ("$ journalctl
	 * -u postfix"), journalctl's "-- Logs begin at ..." line: the log
	 * starts on the next line */
	for (k = 0; k < 2; k++)
		if (n > 3 && (((line[0] == '$' || line[0] == '#') && line[1] == ' ') ||
		    strncmp(line, "-- ", 3) == 0) && (p = memchr(line, '\n', n)) != NULL) {
			n -= (size_t)(p + 1 - line);
			line = p + 1;
		}
	bd_line_copy(line, n, buf, sizeof buf);
	memset(&d, 0, sizeof d);
	if (parse_any(buf, &d) != AG_NONE)
		return 1;
	if ((k = qmail_stamp(buf)) > 0)
		return qmail_event(buf + k);
	if ((k = exim_stamp(buf)) > 0)
		return exim_id(buf + k) || strncmp(buf + k, "H=", 2) == 0 ||
		    exim_event(buf + k);
	if (haraka_level(buf))   /* Haraka logging to a file without stamps */
		return 1;
	if (kerio_stamp(buf))
		return 1;
	if ((k = syslog_stamp(buf)) == 0)
		return 0;
	if (haraka_level(buf + k) || stalwart_event(buf, &id_len, &fields))
		return 1;
	p = buf + k + strcspn(buf + k, " ");   /* past the host name */
	return *p == ' ' && mail_program(p + 1);
}

int
bd_maillog_scan(const char *text, size_t len, struct bd_factlist *fl)
{
	char *line = malloc(BD_MAX_LINE_BYTES);
	struct bd_qmail_log *qmail = NULL;
	struct queue_listing ql = { AG_NONE, NULL };
	enum agent agent = AG_NONE, a;
	struct bd_delivery d;
	size_t pos = 0, before = fl->n;
	int rc = 0, q;

	if (line == NULL)
		return -1;
	while (rc == 0 && pos < len) {
		pos += bd_line_copy(text + pos, len - pos, line, BD_MAX_LINE_BYTES);
		if ((a = parse_line(line, &d)) == AG_NONE) {
			if ((q = qmail_line(line, &qmail, &d)) < 0)
				rc = -1;
			a = q > 0 ? AG_QMAIL : AG_NONE;
		}
		if (a == AG_NONE) {
			if ((q = queue_line(line, &ql, &d)) < 0)
				rc = -1;
			a = q > 0 ? ql.agent : AG_NONE;
		}
		if (a == AG_NONE)
			continue;
		agent = agent == AG_NONE || agent == a ? a : AG_MIXED;
		rc = add_delivery(fl, &d);
	}
	free(line);
	free(qmail);
	free(ql.reason);
	if (rc < 0)
		return -1;
	bd_factlist_dedupe(fl, before);   /* a log's retries of one failure */
	if (fl->n > before && agent_names[agent] && fl->agent == NULL &&
	    (fl->agent = bd_strdup(agent_names[agent])) == NULL)
		return -1;
	return (int)(fl->n - before);
}
