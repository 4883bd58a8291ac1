/*
 * session.c - SMTP session logs, where a server writes each command it
 * sends or receives and each reply on a line of its own.  The reply that
 * refuses a recipient comes lines after the RCPT TO naming it, other
 * sessions' lines may come between, and the lines of one session share
 * its id:
 *
 *   hMailServer (tab-separated; "[nl]" joins a multi-line reply):
 *     "SMTPC"  3876  6  "2026-12-05 10:00:01.437"  "192.0.2.7"  "SENT: RCPT TO:<a@b>"
 *     "SMTPC"  3876  6  "2026-12-05 10:00:01.512"  "192.0.2.7"  "RECEIVED: 550 5.1.1 ..."
 *   MDaemon:
 *     Sat 2026-12-05 10:00:01.437: --> RCPT To:<a@b>
 *     Sat 2026-12-05 10:00:01.512: <-- 550 5.1.1 ...
 *   SmarterMail:
 *     10:00:01.437 [192.0.2.7][15193093] cmd: RCPT TO:<a@b>
 *     10:00:01.512 [192.0.2.7][15193093] rsp: 550 5.1.1 ...
 *   IceWarp:
 *     192.0.2.7 [0C4C] 10:00:01 >>> RCPT TO:<a@b>
 *     192.0.2.7 [0C4C] 10:00:01 <<< 550 5.1.1 ...
 *   Mercury/32, swaks's transcript:
 *     11:04:40.192: << RCPT TO:<a@b><cr><lf>      11:04:40.301: >> 550 ...
 *      -> RCPT TO:<a@b>                            <** 550 ...
 *   Exchange's SMTP protocol logs (date-time, connector-id, session-id,
 *   sequence-number, local-endpoint, remote-endpoint, event, data, context):
 *     2026-12-05T10:00:01.437Z,Outbound,08DC1A,5,10.0.0.5:5012,192.0.2.7:25,>,RCPT TO:<a@b>,
 *     2026-12-05T10:00:01.512Z,Outbound,08DC1A,6,10.0.0.5:5012,192.0.2.7:25,<,550 5.1.1 ...,
 *
 * Whichever side sent them, commands and replies are told apart by their
 * shape, so a log of receiving sessions reads like one of sending ones.
 * Replies answer a session's commands in order (PIPELINING sends several
 * before the first reply).  A refusal (4xx, 5xx) of MAIL, RCPT, DATA or
 * BDAT, or of the message after DATA's 354, is a failure: of the recipient
 * its RCPT named; of every recipient the transaction had for a refused
 * message; of no one named for a refused sender.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "limits.h"
#include "maillog.h"
#include "message.h"
#include "session.h"
#include "smtp.h"
#include "util.h"

#define SESSIONS 16          /* sessions in progress remembered */
#define SESSION_KEY 64       /* bytes of a session id kept */
#define SESSION_QUEUE 8      /* commands awaiting their replies */
#define SESSION_RCPTS 8      /* accepted recipients of one transaction kept */
#define SESSION_LINE 512     /* a command or reply line kept whole, at most */
#define SESSION_REPLY 2048   /* a multi-line reply's earlier lines kept */

/* V_CHUNK: a BDAT chunk but the last, whose acceptance ends nothing */
enum verb { V_NONE, V_MAIL, V_RCPT, V_DATA, V_CHUNK, V_OTHER };

static const char *const verb_names[] = { NULL, "MAIL", "RCPT", "DATA", "DATA", NULL };

enum form { F_NONE, F_HMAIL, F_MDAEMON, F_SMARTERMAIL, F_ICEWARP, F_EXCHANGE, F_AXIGEN,
	F_KERIO, F_IIS, F_EXIM, F_MERCURY, F_SWAKS, F_MAILENABLE, F_COMMUNIGATE, F_SENDMAIL };

static const char *const form_agents[] = { NULL, "hmailserver", "mdaemon", "smartermail",
	"icewarp", "exchange", "axigen", "kerio", "iis", "exim", "mercury", NULL, "mailenable",
	"communigate", "sendmail" };

struct session {
	char key[SESSION_KEY];
	unsigned long used;                     /* the log's clock when last seen; 0: free */
	enum verb verb[SESSION_QUEUE];          /* commands awaiting replies, oldest first */
	char command[SESSION_QUEUE][SESSION_LINE];
	size_t queued;
	char rcpt[SESSION_RCPTS][2][SESSION_LINE]; /* accepted: the RCPT line, its reply line */
	size_t rcpts;
	char reply[SESSION_REPLY];              /* a reply's earlier lines, '\n' after each */
	size_t reply_len;
	int replying;                           /* a multi-line reply is coming */
	enum verb answered;                     /* the command it answers */
	char answered_line[SESSION_LINE];       /* its line */
	char announced[SESSION_LINE];           /* sendmail -v: "a@b, c@d... Connecting to" */
	int sender_refused;                     /* the transaction's MAIL was refused */
};

struct bd_session_log {
	struct session s[SESSIONS];
	unsigned long clock;
	enum form form;                         /* of the last session line, F_NONE: mixed */
	int bare_replies;                       /* sendmail -v: replies stand without a mark */
	enum verb refused;                      /* the command the last refusal answers */
	char command[SESSION_LINE];             /* its line */
	char start[(SESSION_RCPTS * 2 + SESSION_QUEUE + 2) * SESSION_LINE + SESSION_REPLY];
};

static int reply_code(const char *p, int *more);

/* keep - line (n bytes, its end dropped) into buf (SESSION_LINE bytes) */
static void
keep(char *buf, const char *line, size_t n)
{
	bd_line_copy(line, n, buf, SESSION_LINE);
}

/* unquote - s without the double quotes around it (changed in place) */
static char *
unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

/* hmail_fields - split an hMailServer log line at its tabs into f (at
 * most max fields, unquoted): how many, or 0 when it is no such line (a
 * quoted upper-case log type first, a quoted time stamp in the 3rd or
 * 4th field) */
static int
hmail_fields(char *line, char **f, int max)
{
	int n = 0, t;

	if (line[0] != '"' || !isupper((unsigned char)line[1]))
		return 0;
	for (f[n++] = line; n < max && (line = strchr(line, '\t')) != NULL; f[n++] = line)
		*line++ = '\0';
	for (t = 0; t < n; t++)
		f[t] = unquote(f[t]);
	for (t = 2; t <= 3 && t < n; t++)
		if (bd_fits_form(f[t], "dddd-dd-dd dd:dd:dd"))
			return n;
	return 0;
}

/* hmail_words - the command or reply of an hMailServer SMTP line ("SENT:
 * RCPT TO:<a@b>", "RECEIVED: 550 ..."), its session id into key */
static char *
hmail_words(char *line, char *key)
{
	char *f[6];

	if (hmail_fields(line, f, 6) != 6 || (strcmp(f[0], "SMTPC") != 0 && strcmp(f[0], "SMTPD") != 0))
		return NULL;
	bd_line_copy(f[2], strlen(f[2]), key, SESSION_KEY);
	if (strncmp(f[5], "SENT: ", 6) == 0)
		return f[5] + 6;
	return strncmp(f[5], "RECEIVED: ", 10) == 0 ? f[5] + 10 : NULL;
}

/* after_marker - the words after the one of markers p starts with, or
 * NULL */
static char *
after_marker(char *p, const char *const *markers)
{
	size_t n;

	for (; *markers; markers++)
		if (strncmp(p, *markers, (n = strlen(*markers))) == 0)
			return p + n;
	return NULL;
}

/* mdaemon_prefix - length of MDaemon's "Sat 2026-12-05 10:00:01.437: "
 * (the day's name may be missing) and of a session number after it ("03:
 * ", "[1234] ", copied into key), or 0 */
static size_t
mdaemon_prefix(const char *s, char *key)
{
	size_t k = bd_fits_form(s, "Aaa "), id;

	if (bd_fits_form(s + k, "dddd-dd-dd dd:dd:dd.ddd: ") == 0)
		return 0;
	k += 25;
	id = strspn(s + k + (s[k] == '['), "0123456789");
	if (id > 0 && s[k] == '[' && s[k + 1 + id] == ']' && s[k + 2 + id] == ' ') {
		bd_line_copy(s + k + 1, id, key, SESSION_KEY);
		return k + id + 3;
	}
	if (id > 0 && s[k] != '[' && s[k + id] == ':' && s[k + id + 1] == ' ') {
		bd_line_copy(s + k, id, key, SESSION_KEY);
		return k + id + 2;
	}
	return k;
}

/* mdaemon_words - the command or reply after MDaemon's "-->" or "<--" */
static char *
mdaemon_words(char *line, char *key)
{
	static const char *const markers[] = { "--> ", "<-- ", NULL };
	size_t k = mdaemon_prefix(line, key);

	return k > 0 ? after_marker(line + k, markers) : NULL;
}

/* smartermail_prefix - length of SmarterMail's "10:00:01.437 " (a date
 * "[2026.12.05] " may stand before it) and the bracketed ids after it
 * ("[192.0.2.7][15193093] ", copied into key), or 0 */
static size_t
smartermail_prefix(const char *s, char *key)
{
	size_t k = bd_fits_form(s, "[dddd.dd.dd] ");
	const char *end;

	if (bd_fits_form(s + k, "dd:dd:dd.ddd [") == 0 || (end = strstr(s + k + 13, "] ")) == NULL)
		return 0;
	bd_line_copy(s + k + 13, (size_t)(end + 1 - (s + k + 13)), key, SESSION_KEY);
	return (size_t)(end + 2 - s);
}

/* smartermail_words - the command or reply after "cmd: " or "rsp: ", or
 * of a receiving session's "command: " and ""550 ..." response returned." */
static char *
smartermail_words(char *line, char *key)
{
	static const char *const markers[] = { "cmd: ", "rsp: ", "CMD: ", "RSP: ", "command: ", NULL };
	size_t k = smartermail_prefix(line, key);
	char *p = line + k, *end;

	if (k == 0)
		return NULL;
	if (*p == '"' && (end = strstr(p, "\" response returned")) != NULL) {
		*end = '\0';
		return p + 1;
	}
	return after_marker(p, markers);
}

/* icewarp_prefix - length of IceWarp's "192.0.2.7 [0C4C] 10:00:01 " (a
 * host or word, the session's id in brackets, copied into key, the time),
 * or 0 */
static size_t
icewarp_prefix(const char *line, char *key)
{
	const char *p = line + strcspn(line, " ");
	size_t id;

	if (p == line || strncmp(p, " [", 2) != 0 || (id = strspn(p + 2, "0123456789ABCDEFabcdef")) == 0 ||
	    p[2 + id] != ']' || bd_fits_form(p + 3 + id, " dd:dd:dd ") == 0)
		return 0;
	bd_line_copy(p + 2, id, key, SESSION_KEY);
	return (size_t)(p - line) + 3 + id + 10;
}

/* icewarp_words - the command or reply after IceWarp's ">>> " or "<<< "
 * (a few words, "Client session", may stand before them) */
static char *
icewarp_words(char *line, char *key)
{
	size_t k = icewarp_prefix(line, key);
	char *p = line + k, *in, *out;

	if (k == 0)
		return NULL;
	in = strstr(p, "<<< ");
	out = strstr(p, ">>> ");
	if (in == NULL || (out && out < in))
		in = out;
	return in && in - p <= 32 ? in + 4 : NULL;
}

/* axigen_prefix - length of Axigen's "2026-12-05 10:00:01 +0200 08 mx1
 * SMTP-OUT:00004A1C: " (the connection's id copied into key), or 0 */
static size_t
axigen_prefix(const char *line, char *key)
{
	const char *p, *id;
	size_t n;

	if (bd_fits_form(line, "dddd-dd-dd dd:dd:dd ") == 0 || (line[20] != '+' && line[20] != '-') ||
	    ((p = strstr(line, " SMTP-OUT:")) == NULL && (p = strstr(line, " SMTP-IN:")) == NULL))
		return 0;
	id = p + 1;
	n = strspn(id + (p[6] == 'O' ? 9 : 8), "0123456789ABCDEFabcdef");
	p = id + (p[6] == 'O' ? 9 : 8) + n;
	if (n == 0 || p[0] != ':' || p[1] != ' ')
		return 0;
	bd_line_copy(id, (size_t)(p - id), key, SESSION_KEY);
	return (size_t)(p + 2 - line);
}

/* axigen_words - the command or reply after Axigen's ">> " or "<< "
 * (">>> ", "<<< " in some versions) */
static char *
axigen_words(char *line, char *key)
{
	static const char *const markers[] = { ">> ", "<< ", ">>> ", "<<< ", NULL };
	size_t k = axigen_prefix(line, key);

	return k > 0 ? after_marker(line + k, markers) : NULL;
}

/* kerio_prefix - length of Kerio Connect's debug log prefix "[05/Dec/2026
 * 10:00:01][2108] {smtpc} " (the thread's number copied into key), or 0 */
static size_t
kerio_prefix(const char *line, char *key)
{
	size_t id;

	if (bd_fits_form(line, "[dd/Aaa/dddd dd:dd:dd][") == 0 ||
	    (id = strspn(line + 23, "0123456789")) == 0 || strncmp(line + 23 + id, "] {", 3) != 0)
		return 0;
	bd_line_copy(line + 23, id, key, SESSION_KEY);
	return 23 + id + 2 + strcspn(line + 23 + id + 2, " ") + 1;
}

/* kerio_words - the command or reply after "Sending: ", "Received: ",
 * "Command " or "Sent reply to RCPT: " (in other versions "Sent command: ",
 * "Received reply: ") */
static char *
kerio_words(char *line, char *key)
{
	static const char *const markers[] = { "Sending: ", "Received: ", "Command ",
		"Sent command: ", "Received reply: ", "Received response: ", NULL };
	size_t k = kerio_prefix(line, key);
	char *p = line + k;

	if (k == 0 || p[-1] != ' ')
		return NULL;
	if (strncmp(p, "Sent reply to ", 14) == 0 && (p = strstr(p, ": ")) != NULL)
		return p + 2;
	return after_marker(p, markers);
}

/* iis_words - the command or reply of a sending session in Microsoft's
 * IIS SMTP service log (W3C: date time c-ip cs-username s-sitename
 * s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query ...):
 * "RCPT TO:<a@b>" of an OutboundConnectionCommand, the reply ('+' for a
 * space) of an OutboundConnectionResponse; the remote address into key */
static char *
iis_words(char *line, char *key)
{
	char *f[11], *p = line;
	int i;

	if (bd_fits_form(line, "dddd-dd-dd dd:dd:dd ") == 0)
		return NULL;
	for (i = 0; i < 11; i++) {
		f[i] = p;
		p += strcspn(p, " ");
		if (*p == '\0' && i < 10)
			return NULL;
		if (*p)
			*p++ = '\0';
	}
	bd_line_copy(f[2], strlen(f[2]), key, SESSION_KEY);
	if (strcmp(f[3], "OutboundConnectionCommand") == 0) {
		if (strcmp(f[10], "-") != 0) {   /* "RCPT" and "TO:<a@b>" joined */
			p = f[8] + strlen(f[8]);
			*p++ = ' ';
			memmove(p, f[10], strlen(f[10]) + 1);
		}
		return f[8];
	}
	if (strcmp(f[3], "OutboundConnectionResponse") != 0)
		return NULL;
	for (p = f[10]; *p; p++)
		if (*p == '+')
			*p = ' ';
	return f[10];
}

/* exim_debug_words - the command or reply in Exim's debug output ("41877
 * SMTP>> RCPT TO:<a@b>", "SMTP|>" for one held for pipelining, "SMTP<<
 * 550-...", a reply's next line "41877          550 ..."), the process
 * number into key */
static char *
exim_debug_words(char *line, char *key)
{
	static const char *const markers[] = { "SMTP>> ", "SMTP|> ", "SMTP<< ", NULL };
	size_t id = strspn(line, "0123456789"), k;
	char *w;

	if (id == 0 || line[id] != ' ')
		return NULL;
	k = id + strspn(line + id, " ");
	bd_line_copy(line, id, key, SESSION_KEY);
	if ((w = after_marker(line + k, markers)) != NULL)
		return w;
	w = line + k;   /* a multi-line reply's next line */
	return isdigit((unsigned char)w[0]) && isdigit((unsigned char)w[1]) &&
	    isdigit((unsigned char)w[2]) && (w[3] == '-' || w[3] == ' ') ? w : NULL;
}

/* exchange_words - the data of a row of Exchange's protocol log whose
 * event is ">" or "<" (a command or reply), the session id into key */
static char *
exchange_words(char *line, char *key)
{
	char *f[9];

	if (bd_fits_form(line, "dddd-dd-ddTdd:dd:dd") == 0 || bd_csv_split(line, f, 9) < 8)
		return NULL;
	if (strcmp(f[6], ">") != 0 && strcmp(f[6], "<") != 0)
		return NULL;
	bd_line_copy(f[2], strlen(f[2]), key, SESSION_KEY);
	return f[7];
}

/* swaks_words - the command or reply of swaks's transcript (" -> RCPT
 * TO:<a@b>", "<-  250 ...", "<** 550 ..." for a refusal; "~>", "<~ ",
 * "<~*" inside TLS) */
static char *
swaks_words(char *line, char *key)
{
	static const char *const markers[] = { " -> ", " ~> ", "<-  ", "<~  ", "<** ", "<~* ", NULL };

	key[0] = '\0';
	return after_marker(line, markers);
}

/* mercury_words - the command or reply of Mercury/32's session log
 * ("11:04:40.192: << RCPT TO:<a@b><cr><lf>", ">> 550 ...<cr><lf>") */
static char *
mercury_words(char *line, char *key)
{
	static const char *const markers[] = { "<< ", ">> ", NULL };
	size_t k = bd_fits_form(line, "dd:dd:dd.ddd: "), n;
	char *w;

	if (k == 0 || (w = after_marker(line + k, markers)) == NULL)
		return NULL;
	n = strlen(w);
	if (n >= 8 && strcmp(w + n - 8, "<cr><lf>") == 0)
		w[n - 8] = '\0';
	key[0] = '\0';
	return w;
}

/* mailenable_prefix - length of MailEnable's "03/11/24 08:14:02 SMTP-OU "
 * (tabs or spaces between), or 0 */
static size_t
mailenable_prefix(const char *line)
{
	size_t k = bd_fits_form(line, "dd/dd/dd dd:dd:dd");

	if (k == 0 || (line[k] != '\t' && line[k] != ' '))
		return 0;
	k++;
	if (strncmp(line + k, "SMTP-IN", 7) != 0 && strncmp(line + k, "SMTP-OU", 7) != 0)
		return 0;
	k += 7;
	return line[k] == '\t' || line[k] == ' ' ? k + 1 : 0;
}

#define MAILENABLE_FIELDS 12

/* mailenable_words - a line of MailEnable's SMTP logs: in its debug log,
 * the command or reply after ">>> " or "<<< " (the thread's ids before
 * them into key); in its activity log, a command and its reply on one
 * line, in the fields after the command's name ("RCPT", "RCPT TO:<a@b>",
 * "550 ...", tab-separated, or space-separated with '+' for a space):
 * the command, its reply into *reply, the message's id into key */
static char *
mailenable_words(char *line, char *key, char **reply)
{
	static const char *const markers[] = { ">>> ", "<<< ", NULL };
	size_t k = mailenable_prefix(line), n = 0, i;
	char *f[MAILENABLE_FIELDS], *p, *w;
	const char *sep;
	int more;

	if (k == 0)
		return NULL;
	for (p = line + k; *p && p - (line + k) < 48; p++)
		if ((w = after_marker(p, markers)) != NULL) {
			bd_line_copy(line + k, (size_t)(p - (line + k)), key, SESSION_KEY);
			return w;
		}
	sep = strchr(line + k, '\t') ? "\t" : " ";
	for (p = line + k; n < MAILENABLE_FIELDS && *p; n++) {
		f[n] = p;
		p += strcspn(p, sep);
		if (*p)
			*p++ = '\0';
	}
	for (i = 0; *sep == ' ' && i < n; i++)   /* W3C: '+' for a space */
		for (p = f[i]; *p; p++)
			if (*p == '+')
				*p = ' ';
	/* "RCPT" "RCPT TO:<a@b>" "550 ...", "." "." "250 ...", the message's
	 * end "DATA" "" "554 ..." */
	for (i = 1; i + 2 < n; i++)
		if (f[i][0] != '\0' && (bd_strcaseprefix(f[i + 1], f[i]) || strcmp(f[i], ".") == 0 ||
		    (f[i + 1][0] == '\0' && isupper((unsigned char)f[i][0]))) &&
		    reply_code(f[i + 2], &more) != 0)
			break;
	if (i + 2 >= n)
		return NULL;
	bd_line_copy(f[0], strlen(f[0]), key, SESSION_KEY);
	*reply = f[i + 2];
	return f[i + 1];
}

/* communigate_words - the command or reply of a CommuniGate Pro SMTP log
 * line after "inp: ", "out: " or "rsp: " ("10:41:02.455 4
 * SMTPI-018842([203.0.113.58]) out: 550 ...", "SMTP-000731(host) ..."),
 * the channel's name and number into key */
static char *
communigate_words(char *line, char *key)
{
	static const char *const markers[] = { "inp: ", "out: ", "rsp: ", NULL };
	size_t k = bd_fits_form(line, "dd:dd:dd.ddd d ");
	char *end;

	if (k == 0 || (strncmp(line + k, "SMTPI-", 6) != 0 && strncmp(line + k, "SMTP-", 5) != 0) ||
	    (end = strstr(line + k, ") ")) == NULL)
		return NULL;
	bd_line_copy(line + k, (size_t)(end + 1 - (line + k)), key, SESSION_KEY);
	return after_marker(end + 2, markers);
}

/* sendmail_words - a command of Sendmail's verbose delivery ("sendmail
 * -v"): ">>> RCPT To:<a@b>"; its replies stand bare on the lines after
 * (see sendmail_line) */
static char *
sendmail_words(char *line, char *key)
{
	if (strncmp(line, ">>> ", 4) != 0)
		return NULL;
	strcpy(key, "sendmail");
	return line + 4;
}

/* announces - Sendmail's verbose line naming the recipients a delivery
 * attempt is for: "a@b, c@d... Connecting to mx.b. via esmtp..." */
static int
announces(const char *line)
{
	const char *p = strstr(line, "... Connecting to ");

	return p != NULL && p > line && memchr(line, '@', (size_t)(p - line)) != NULL &&
	    strstr(p, " via ") != NULL;
}

/* announces_line - announces() of line (n bytes, not NUL-ended) */
static int
announces_line(const char *line, size_t n)
{
	char buf[SESSION_LINE];

	bd_line_copy(line, n, buf, sizeof buf);
	return announces(buf);
}

/* session_words - the command or reply a session log line carries, its
 * session id into key, its form into *form; NULL for any other line.  A
 * line that carries a command and its reply (MailEnable) gives the
 * command, the reply into *reply (else NULL).  A reader may cut line in
 * place once its start fits its form; no two forms start alike, so the
 * readers after it see what they need. */
static char *
session_words(char *line, char *key, enum form *form, char **reply)
{
	char *w;

	key[0] = '\0';
	*reply = NULL;
	*form = (w = mailenable_words(line, key, reply)) ? F_MAILENABLE :
	    (w = communigate_words(line, key)) ? F_COMMUNIGATE :
	    (w = hmail_words(line, key)) ? F_HMAIL :
	    (w = mdaemon_words(line, key)) ? F_MDAEMON :
	    (w = smartermail_words(line, key)) ? F_SMARTERMAIL :
	    (w = icewarp_words(line, key)) ? F_ICEWARP :
	    (w = exchange_words(line, key)) ? F_EXCHANGE :
	    (w = axigen_words(line, key)) ? F_AXIGEN :
	    (w = kerio_words(line, key)) ? F_KERIO :
	    (w = iis_words(line, key)) ? F_IIS :
	    (w = exim_debug_words(line, key)) ? F_EXIM :
	    (w = mercury_words(line, key)) ? F_MERCURY :
	    (w = swaks_words(line, key)) ? F_SWAKS :
	    (w = sendmail_words(line, key)) ? F_SENDMAIL : F_NONE;
	return w;
}

/* command_verb - what command p is (V_NONE: no command) */
static enum verb
command_verb(const char *p)
{
	static const char *const others[] = { "EHLO", "HELO", "LHLO", "QUIT", "RSET", "NOOP",
		"STARTTLS", "AUTH", "VRFY", "EXPN", "XCLIENT", "XFORWARD", NULL };
	size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	int i;

	if (bd_strcaseprefix(p, "MAIL FROM:"))
		return V_MAIL;
	if (bd_strcaseprefix(p, "RCPT TO:"))
		return V_RCPT;
	if (p[n] != '\0' && p[n] != ' ')
		return V_NONE;
	if (n == 4 && bd_strcaseprefix(p, "DATA"))
		return V_DATA;
	if (n == 4 && bd_strcaseprefix(p, "BDAT"))   /* a chunk; the last one ends the message */
		return bd_memcasemem(p, strlen(p), " LAST", 5) ? V_DATA : V_CHUNK;
	for (i = 0; others[i]; i++)
		if (n == strlen(others[i]) && bd_strcaseprefix(p, others[i]))
			return V_OTHER;
	return V_NONE;
}

/* reply_code - the code of reply line p (2xx to 5xx), *more set when
 * more lines of the reply follow ("550-..."; hMailServer's "[nl]" keeps
 * them on one line); 0 when p is no reply */
static int
reply_code(const char *p, int *more)
{
	if (p[0] < '2' || p[0] > '5' || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || (p[3] != ' ' && p[3] != '-' && p[3] != '\0'))
		return 0;
	*more = p[3] == '-' && strstr(p, "[nl]") == NULL;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* session_of - the session with key (the oldest one forgotten for it) */
static struct session *
session_of(struct bd_session_log *log, const char *key)
{
	struct session *s, *oldest = &log->s[0];

	for (s = log->s; s < log->s + SESSIONS; s++) {
		if (s->used && strcmp(s->key, key) == 0)
			break;
		if (s->used < oldest->used)
			oldest = s;
	}
	if (s == log->s + SESSIONS) {
		s = oldest;
		memset(s, 0, sizeof *s);
		strcpy(s->key, key);
	}
	s->used = ++log->clock;
	return s;
}

/* command_sent - a command line of s awaits its reply (the oldest one
 * forgotten when too many do); MAIL and RSET start a transaction */
static void
command_sent(struct session *s, enum verb v, const char *line, size_t n, const char *words)
{
	if (v == V_MAIL || bd_strcaseprefix(words, "RSET"))
		s->rcpts = s->sender_refused = 0;
	if (s->queued == SESSION_QUEUE) {
		memmove(s->verb, s->verb + 1, (SESSION_QUEUE - 1) * sizeof s->verb[0]);
		memmove(s->command, s->command + 1, (SESSION_QUEUE - 1) * sizeof s->command[0]);
		s->queued--;
	}
	s->verb[s->queued] = v;
	keep(s->command[s->queued++], line, n);
	s->reply_len = 0;
	s->replying = 0;   /* the reply before it ended, whether all its lines were logged or not */
}

/* command_answered - the oldest command of s awaiting a reply, taken,
 * its line into line (SESSION_LINE bytes); V_NONE when none awaits one */
static enum verb
command_answered(struct session *s, char *line)
{
	enum verb v;

	if (s->queued == 0)
		return V_NONE;
	v = s->verb[0];
	strcpy(line, s->command[0]);
	memmove(s->verb, s->verb + 1, (SESSION_QUEUE - 1) * sizeof s->verb[0]);
	memmove(s->command, s->command + 1, (SESSION_QUEUE - 1) * sizeof s->command[0]);
	s->queued--;
	return v;
}

/* reply_continues - an earlier line of a refusal's reply, kept */
static void
reply_continues(struct session *s, const char *line, size_t n)
{
	char buf[SESSION_LINE];
	size_t k;

	keep(buf, line, n);
	k = strlen(buf);
	if (s->reply_len + k + 1 < SESSION_REPLY) {
		memcpy(s->reply + s->reply_len, buf, k);
		s->reply_len += k;
		s->reply[s->reply_len++] = '\n';
		s->reply[s->reply_len] = '\0';
	}
}

/* accepted - a reply (code) that does not refuse answered the command v
 * (its line in log->command): an accepted recipient is kept, a message
 * accepted ends the transaction, DATA's 354 awaits the message's reply */
static void
accepted(struct bd_session_log *log, struct session *s, enum verb v, int code,
    const char *line, size_t n)
{
	if (v == V_RCPT && s->rcpts < SESSION_RCPTS) {
		strcpy(s->rcpt[s->rcpts][0], log->command);
		keep(s->rcpt[s->rcpts++][1], line, n);
	} else if (v == V_DATA && code == 354) {
		command_sent(s, V_DATA, log->command, strlen(log->command), "DATA");
	} else if (v == V_DATA) {
		s->rcpts = 0;
	}
	s->reply_len = 0;
}

/* sendmail_line - a line of "sendmail -v" that session_words does not
 * read (buf, line's copy): a bare reply once the dialogue is shown whole
 * (its words, key and *form set); the line announcing a delivery's
 * recipients, kept by the session; a reply marked "<<< " (a bounce's
 * transcript, whose bare lines are Sendmail's own) stops bare replies.
 * NULL when line carries no reply. */
static char *
sendmail_line(struct bd_session_log **logp, char *buf, const char *line, size_t n, char *key,
    enum form *form, int *nomem)
{
	int more;

	if (strncmp(buf, "<<< ", 4) == 0) {
		if (*logp != NULL)
			(*logp)->bare_replies = -1;
		return NULL;
	}
	if (announces(buf)) {
		if (*logp == NULL && (*logp = calloc(1, sizeof **logp)) == NULL) {
			*nomem = 1;
			return NULL;
		}
		keep(session_of(*logp, "sendmail")->announced, line, n);
		return NULL;
	}
	if (*logp == NULL || (*logp)->bare_replies <= 0 || reply_code(buf, &more) == 0)
		return NULL;
	strcpy(key, "sendmail");
	*form = F_SENDMAIL;
	return buf;
}

/* sendmail_status - the recipient (owned) of a "sendmail -v" status line
 * reporting a failure ("a@b... Host unknown (Name server: b: host not
 * found)"), for an address the last delivery attempt shown was not for
 * (whatever attempt, when anytime), its words into *words (a pointer into
 * line); NULL for any other line (the status after a refusal the session
 * gave, "Sent (...)", "Connecting to") */
static char *
sendmail_status(const struct bd_session_log *log, const char *line, size_t n, const char **words,
    int anytime)
{
	static const char *const progress[] = { "Connecting to ", "Sent", "Saved message",
		"Closing connection", "queued", NULL };
	const struct session *s;
	const char *dots, *pos = line;
	char *addr;
	size_t i;

	if (log == NULL || log->bare_replies <= 0)
		return NULL;   /* no sendmail -v dialogue (a bounce's transcript marks replies "<<<") */
	for (s = log->s; s < log->s + SESSIONS && strcmp(s->key, "sendmail") != 0; s++)
		;
	if (s == log->s + SESSIONS || (dots = bd_memcasemem(line, n, "... ", 4)) == NULL ||
	    memchr(line, '@', (size_t)(dots - line)) == NULL || memchr(line, ' ', (size_t)(dots - line)))
		return NULL;
	for (i = 0; progress[i]; i++)
		if (strncmp(dots + 4, progress[i], strlen(progress[i])) == 0)
			return NULL;
	if ((addr = bd_next_address(line, &pos)) == NULL)
		return NULL;
	if (pos > dots || (!anytime && bd_memcasemem(s->announced, strlen(s->announced), addr,
	    strlen(addr)))) {
		free(addr);
		return NULL;
	}
	*words = dots + 4;
	return addr;
}

/* session_feed - note line (n bytes) in *logp (made at the first session
 * line): the session whose refusal it ends (log->refused and log->command
 * say of what), else NULL; *nomem set when out of memory */
static struct session *
session_feed(struct bd_session_log **logp, const char *line, size_t n, int *nomem)
{
	char buf[BD_MAX_LINE_BYTES], key[SESSION_KEY], *words, *reply;
	struct bd_session_log *log;
	struct session *s;
	enum form form;
	enum verb v;
	int code, more;

	bd_line_copy(line, n, buf, sizeof buf);
	if ((words = session_words(buf, key, &form, &reply)) == NULL &&
	    (words = sendmail_line(logp, buf, line, n, key, &form, nomem)) == NULL)
		return NULL;
	if (*logp == NULL && (*logp = calloc(1, sizeof **logp)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	log = *logp;
	log->form = log->clock == 0 || log->form == form ? form : F_NONE;
	s = session_of(log, key);
	if ((v = command_verb(words)) != V_NONE) {
		command_sent(s, v, line, n, words);
		if (form == F_SENDMAIL && log->bare_replies == 0 && (v == V_MAIL ||
		    bd_strcaseprefix(words, "EHLO") || bd_strcaseprefix(words, "HELO")))
			log->bare_replies = 1;   /* a dialogue shown whole, replies bare */
		if (reply == NULL)
			return NULL;
	}
	if (reply != NULL)   /* the command's reply on its line (after "." too) */
		words = reply;
	if ((code = reply_code(words, &more)) == 0)
		return NULL;
	if (form == F_SMARTERMAIL || form == F_IIS || reply != NULL)
		more = 0;   /* they log a reply's first line only */
	if (!s->replying)   /* a reply's first line: the command it answers */
		s->answered = command_answered(s, s->answered_line);
	s->replying = more;
	if (more) {
		if (code >= 400)
			reply_continues(s, line, n);
		return NULL;
	}
	v = s->answered;
	strcpy(log->command, s->answered_line);
	if (code < 400) {
		accepted(log, s, v, code, line, n);
		return NULL;
	}
	if (v == V_RCPT && s->sender_refused) {
		s->reply_len = 0;   /* "503 need MAIL": the refused sender's, said already */
		return NULL;
	}
	if (v == V_MAIL || v == V_RCPT || v == V_DATA || v == V_CHUNK) {
		log->refused = v == V_CHUNK ? V_DATA : v;
		return s;
	}
	s->reply_len = 0;
	return NULL;
}

/* refusal_done - the refusal read: a refused sender or message ends its
 * transaction */
static void
refusal_done(struct bd_session_log *log, struct session *s)
{
	if (log->refused != V_RCPT)
		s->rcpts = 0;
	s->sender_refused = log->refused == V_MAIL;
	s->reply_len = 0;
}

/* pipelined_rcpts - how many RCPT commands of s await their replies (sent
 * with MAIL, before its refusal came) */
static size_t
pipelined_rcpts(const struct session *s)
{
	size_t k, n = 0;

	for (k = 0; k < s->queued; k++)
		n += s->verb[k] == V_RCPT;
	return n;
}

int
bd_session_line(struct bd_session_log **log, const char *line, size_t n, const char **start)
{
	struct session *s;
	char *w;
	size_t k;
	int nomem = 0;

	if ((s = session_feed(log, line, n, &nomem)) == NULL) {
		if (nomem)
			return -1;
		if ((w = sendmail_status(*log, line, n, start, 0)) == NULL)
			return 0;
		free(w);
		*start = "";   /* the line alone */
		return 1;
	}
	w = (*log)->start;
	if ((*log)->refused == V_MAIL && s->announced[0] != '\0')
		w += sprintf(w, "%s\n", s->announced);
	for (k = 0; (*log)->refused == V_DATA && k < s->rcpts; k++)
		w += sprintf(w, "%s\n%s\n", s->rcpt[k][0], s->rcpt[k][1]);
	w += sprintf(w, "%s\n", (*log)->command);
	for (k = 0; (*log)->refused == V_MAIL && k < s->queued; k++)   /* pipelined after it */
		if (s->verb[k] == V_RCPT)
			w += sprintf(w, "%s\n", s->command[k]);
	w += sprintf(w, "%s", s->reply);
	if (w > (*log)->start && w[-1] == '\n')
		w[-1] = '\0';
	refusal_done(*log, s);
	*start = (*log)->start;
	return 1;
}

void
bd_session_free(struct bd_session_log *log)
{
	free(log);
}

/* words_of - the command or reply of line (n bytes, copied into buf,
 * BD_MAX_LINE_BYTES); of a line that carries both (MailEnable), the reply
 * when want_reply, else the command; a reply standing bare ("sendmail -v")
 * is the line */
static char *
words_of(const char *line, size_t n, char *buf, int want_reply)
{
	char key[SESSION_KEY], *reply, *w;
	enum form form;
	int more;

	bd_line_copy(line, n, buf, BD_MAX_LINE_BYTES);
	if ((w = session_words(buf, key, &form, &reply)) == NULL && reply_code(buf, &more) != 0)
		return buf;
	return w && reply && want_reply ? reply : w;
}

/* refusal_words - the reply's words: its earlier lines (kept by s), then
 * line; "[nl]" read as a space */
static char *
refusal_words(const struct session *s, const char *line, size_t n)
{
	struct strbuf sb = { NULL, 0, 0 };
	char *buf = malloc(BD_MAX_LINE_BYTES), *p, *w;
	const char *from;
	int fail = buf == NULL;

	for (from = s->reply; !fail && *from; from = strchr(from, '\n') + 1)
		fail = (w = words_of(from, strcspn(from, "\n"), buf, 1)) != NULL &&
		    (sb_appends(&sb, w) < 0 || sb_appendc(&sb, ' ') < 0);
	if (!fail)
		fail = (w = words_of(line, n, buf, 1)) != NULL && sb_appends(&sb, w) < 0;
	free(buf);
	if (fail) {
		sb_free(&sb);
		return NULL;
	}
	w = sb_steal(&sb);
	while ((p = strstr(w, "[nl]")) != NULL)
		memcpy(p, "    ", 4);
	return w;
}

/* recipient_of - the address a kept RCPT line names (owned), or NULL */
static char *
recipient_of(const char *line)
{
	char *buf = malloc(BD_MAX_LINE_BYTES), *w, *addr = NULL;
	const char *pos;

	if (buf != NULL && (w = words_of(line, strlen(line), buf, 0)) != NULL) {
		pos = w;
		addr = bd_next_address(w, &pos);
	}
	free(buf);
	return addr;
}

/* announced_entries - an entry of d for each recipient a "sendmail -v"
 * line announced ("a@b, c@d... Connecting to ..."): a refused sender
 * fails them all */
static int
announced_entries(struct bd_factlist *fl, const struct bd_delivery *d, const char *line)
{
	const char *end = strstr(line, "... Connecting to "), *pos = line;
	char *addr;
	int rc = 0;

	while (rc == 0 && pos < end && (addr = bd_next_address(line, &pos)) != NULL)
		rc = pos <= end ? bd_maillog_add(fl, d, addr) : (free(addr), 0);
	return rc;
}

/* refusal_entries - fl's entries for the refusal line ends in s: its
 * recipient, the transaction's recipients, or none named; -1 when out of
 * memory */
static int
refusal_entries(struct bd_session_log *log, struct session *s, const char *line, size_t n,
    struct bd_factlist *fl)
{
	struct bd_delivery d;
	char *words = refusal_words(s, line, n);
	size_t k;
	int rc = 0;

	if (words == NULL)
		return -1;
	memset(&d, 0, sizeof d);
	d.diag = words;
	d.diag_len = strlen(words);
	d.command = verb_names[log->refused];
	d.action = words[0] == '5' ? "failed" : "delayed";
	if (log->refused == V_RCPT)
		rc = bd_maillog_add(fl, &d, recipient_of(log->command));
	else if (log->refused == V_DATA && s->rcpts > 0)
		for (k = 0; rc == 0 && k < s->rcpts; k++)
			rc = bd_maillog_add(fl, &d, recipient_of(s->rcpt[k][0]));
	else if (log->refused == V_MAIL && pipelined_rcpts(s) > 0)
		for (k = 0; rc == 0 && k < s->queued; k++)
			rc = s->verb[k] == V_RCPT ? bd_maillog_add(fl, &d, recipient_of(s->command[k])) : 0;
	else if (log->refused == V_MAIL && s->announced[0] != '\0')
		rc = announced_entries(fl, &d, s->announced);
	else
		rc = bd_maillog_add(fl, &d, NULL);
	free(words);
	return rc;
}

/* status_entries - after a "sendmail -v" text read whole, an entry for
 * each recipient its status lines report failing that no refusal gave one
 * (from the from-th entry on) */
static int
status_entries(const struct bd_session_log *log, const char *text, size_t len,
    struct bd_factlist *fl, size_t from)
{
	struct bd_delivery d;
	const char *end, *words;
	char *addr;
	size_t pos, n, i, entries = fl->n;
	int rc = 0;

	for (pos = 0; rc == 0 && pos < len; pos += n) {
		end = memchr(text + pos, '\n', len - pos);
		n = end ? (size_t)(end + 1 - (text + pos)) : len - pos;
		if ((addr = sendmail_status(log, text + pos, n, &words, 1)) == NULL)
			continue;
		for (i = from; i < entries && !(fl->v[i].recipient &&
		    strcasecmp(fl->v[i].recipient, addr) == 0); i++)
			;
		if (i < entries) {
			free(addr);
			continue;
		}
		memset(&d, 0, sizeof d);
		d.diag = words;
		d.diag_len = (size_t)(text + pos + n - words);
		d.action = strncmp(words, "Deferred", 8) == 0 ? "delayed" : "failed";
		rc = bd_maillog_add(fl, &d, addr);
	}
	return rc;
}

int
bd_session_scan(const char *text, size_t len, struct bd_factlist *fl)
{
	struct bd_session_log *log = NULL;
	struct session *s;
	const char *end;
	size_t pos = 0, n, before = fl->n;
	int rc = 0, nomem = 0;

	end = memchr(text, '\n', len);
	n = end ? (size_t)(end - text) : len;
	if ((n >= 4 && strncmp(text, ">>> ", 4) == 0) || announces_line(text, n)) {
		if ((log = calloc(1, sizeof *log)) == NULL)   /* "sendmail -v" shown from its start */
			return -1;
		log->bare_replies = 1;
	}
	while (rc == 0 && !nomem && pos < len) {
		end = memchr(text + pos, '\n', len - pos);
		n = end ? (size_t)(end + 1 - (text + pos)) : len - pos;
		if ((s = session_feed(&log, text + pos, n, &nomem)) != NULL) {
			rc = refusal_entries(log, s, text + pos, n, fl);
			refusal_done(log, s);
		}
		pos += n;
	}
	if (rc == 0 && !nomem)
		rc = status_entries(log, text, len, fl, before);
	if (rc == 0 && !nomem && fl->n > before && form_agents[log->form] && fl->agent == NULL &&
	    (fl->agent = bd_strdup(form_agents[log->form])) == NULL)
		nomem = 1;
	free(log);
	if (rc < 0 || nomem)
		return -1;
	bd_factlist_dedupe(fl, before);
	return (int)(fl->n - before);
}

int
bd_session_stream(const char *text, size_t n)
{
	char buf[BD_MAX_LINE_BYTES], key[SESSION_KEY], *f[6], *reply;
	size_t head = n < 2048 ? n : 2048, pos, k;
	enum form form;
	int sendmail = 0;

	if (head >= 10 && memcmp(text, "#Software:", 10) == 0)   /* a W3C header */
		return bd_memcasemem(text, head, " Protocol Log", 13) != NULL ||
		    bd_memcasemem(text, head, " MailEnable", 11) != NULL ||
		    bd_memcasemem(text, head, "connector-id,session-id", 23) != NULL ||
		    bd_memcasemem(text, head, " OutboundConnection", 19) != NULL;
	bd_line_copy(text, n, buf, sizeof buf);
	if (mdaemon_prefix(buf, key) > 0 || smartermail_prefix(buf, key) > 0 || mailenable_prefix(buf) > 0 ||
	    icewarp_prefix(buf, key) > 0 || axigen_prefix(buf, key) > 0 || kerio_prefix(buf, key) > 0 ||
	    strncmp(buf, "Exim version ", 13) == 0 || hmail_fields(buf, f, 6) > 0)
		return 1;
	if (isalpha((unsigned char)buf[0]) && bd_field_name_len(buf, buf + strlen(buf)) > 0)
		return 0;   /* a message's header field ("Received:"; not "11:02:15"): no log */
	for (pos = 0; pos < head; pos += k) {   /* a session's command or reply soon */
		k = bd_line_copy(text + pos, head - pos, buf, sizeof buf);
		sendmail |= announces(buf);   /* not a bounce's transcript: sendmail -v */
		if (session_words(buf, key, &form, &reply) != NULL && (form != F_SENDMAIL || sendmail))
			return 1;
	}
	return 0;
}
