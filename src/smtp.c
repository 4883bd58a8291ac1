/*
 * smtp.c - find SMTP facts in free text: enhanced status codes (RFC 3463),
 * reply codes (RFC 5321), the command that was answered, and addresses.
 * Every finder is a single left-to-right pass over a NUL-terminated line.
 */
#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "smtp.h"
#include "util.h"

#define MAX_ADDRESS 512

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* digits - number of decimal digits at s (at most max+1 counted) */
static size_t
digits(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && is_digit((unsigned char)s[n]))
		n++;
	return n;
}

/* after_version - "version 2.5.1", "v 4.1.2": a version, not a status */
static int
after_version(const char *s, const char *p)
{
	while (p > s && p[-1] == ' ')
		p--;
	return ((size_t)(p - s) >= 7 && bd_strcaseprefix(p - 7, "version")) ||
	    ((size_t)(p - s) >= 1 && (p[-1] == 'v' || p[-1] == 'V') &&
	    (p - s == 1 || !isalpha((unsigned char)p[-2])));
}

/* status_at - length of an enhanced status code starting at p, or 0.  The
 * code must stand alone: no digit or dot-digit glued on either side. */
static size_t
status_at(const char *s, const char *p)
{
	size_t a, b;

	if (p > s && (is_digit((unsigned char)p[-1]) || p[-1] == '.' ||
	    isalpha((unsigned char)p[-1])))
		return 0;
	if ((*p != '2' && *p != '4' && *p != '5') || p[1] != '.')
		return 0;
	if ((a = digits(p + 2, 3)) == 0 || a > 3 || p[2 + a] != '.')
		return 0;
	if ((b = digits(p + 3 + a, 3)) == 0 || b > 3)
		return 0;
	p += 3 + a + b;
	if (*p == '.' && is_digit((unsigned char)p[1]))
		return 0; /* an IP address or a version number */
	if (isalpha((unsigned char)*p) || *p == '@' || *p == '_')
		return 0;
	if (after_version(s, p - (3 + a + b)))
		return 0;
	return 3 + a + b;
}

/* after_own_code - the status at p follows a reply code of its class:
 * "550 5.1.1", "550-5.1.1", "552-'5.2.2" (Exchange quoting a reply) */
static int
after_own_code(const char *s, const char *p)
{
	char klass = *p;

	if (p - s >= 5 && (p[-1] == '\'' || p[-1] == '"') && (p[-2] == ' ' || p[-2] == '-'))
		p--; /* past the quote */
	return p - s >= 4 && (p[-1] == ' ' || p[-1] == '-') && p[-4] == klass &&
	    is_digit((unsigned char)p[-3]) && is_digit((unsigned char)p[-2]);
}

const char *
bd_find_status(const char *s, char out[16])
{
	const char *p, *first = NULL;
	size_t n, firstlen = 0;

	out[0] = '\0';
	for (p = s; *p; p++) {
		if ((n = status_at(s, p)) == 0)
			continue;
		/* one right after a reply code ("550 5.1.1", "550-5.1.1") wins,
		 * a success only when no failure follows: a transcript's "250
		 * 2.1.5 OK" to RCPT before the "552 5.7.0" to DATA */
		if (after_own_code(s, p)) {
			if (p[0] != '2') {
				memcpy(out, p, n);
				out[n] = '\0';
				return p;
			}
			if (first == NULL) {
				first = p;
				firstlen = n;
			}
		}
		/* a success status elsewhere in prose is most often a version
		 * ("Mailman 2.0.12"); it counts only after its reply code or
		 * on its own */
		else if ((p[0] != '2' && (first == NULL || first[0] == '2')) ||
		    (first == NULL && p == s)) {
			first = p;
			firstlen = n;
		}
		p += n - 1;
	}
	if (first) {
		memcpy(out, first, firstlen);
		out[firstlen] = '\0';
	}
	return first;
}

/* cjk_punct_before - the three bytes before b are CJK punctuation or a
 * full-width form ("收件人：a@b", "宛先、a@b"): not part of a local part */
static int
cjk_punct_before(const char *s, const char *b)
{
	const unsigned char *u = (const unsigned char *)b;

	return b - s >= 3 && ((u[-3] == 0xEF && (u[-2] == 0xBC || u[-2] == 0xBD)) ||
	    (u[-3] == 0xE3 && u[-2] == 0x80));
}

/* street_after - a street address follows a number at p ("500 W Madison
 * St", "250 Main Street"): a signature's, no reply */
static int
street_after(const char *p)
{
	static const char *const kinds[] = { "st", "street", "ave", "avenue", "rd", "road",
		"blvd", "boulevard", "lane", "ln", "drive", "dr", "way", "plaza", "pkwy", NULL };
	const char *q;
	size_t n, i;

	if (p[0] != ' ')
		return 0;
	p++;
	if (p[0] != '\0' && strchr("NSEW", p[0]) && (p[1] == ' ' || p[1] == '.'))
		return 1;   /* a direction: no server writes "550 W ..." */
	if (!isupper((unsigned char)p[0]))
		return 0;
	for (q = p; isalpha((unsigned char)*q); q++)
		;
	if (*q != ' ')
		return 0;
	for (p = ++q; isalpha((unsigned char)*q); q++)
		;
	n = (size_t)(q - p);
	if (*q != '\0' && *q != ' ' && *q != ',' && *q != '.')
		return 0;
	for (i = 0; kinds[i]; i++)
		if (strlen(kinds[i]) == n && strncasecmp(p, kinds[i], n) == 0)
			return 1;
	return 0;
}

int
bd_reply_code_at(const char *s, const char *p)
{
	int code;

	if (p > s && (is_digit((unsigned char)p[-1]) || isalpha((unsigned char)p[-1]) ||
	    p[-1] == '.' || p[-1] == '-' || p[-1] == '+' || p[-1] == '/'))
		return 0; /* '#' may precede: Exchange writes "#550 5.1.1 ..." */
	if (digits(p, 3) != 3 || p[0] < '2' || p[0] > '5' || p[1] > '5')
		return 0;
	/* a telephone's area code: "(503) 555-0147" */
	if (p > s && p[-1] == '(' && p[3] == ')' && p[4] == ' ' && digits(p + 5, 3) == 3 &&
	    (p[8] == '-' || p[8] == ' ' || p[8] == '.') && digits(p + 9, 4) == 4)
		return 0;
	if (street_after(p + 3))
		return 0;
	code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	if (code < 400 && code != 211 && code != 214 && code != 220 && code != 221 &&
	    code != 235 && code != 250 && code != 251 && code != 252)
		return 0; /* success codes are few; "255" is an exit status */
	p += 3;
	if (*p == '\0' || *p == ' ' || *p == '-' || *p == '\t' || *p == ')' ||
	    *p == ',' || *p == ';' || *p == '\'' || *p == '"' || *p == ']' ||
	    (*p == '.' && !is_digit((unsigned char)p[1])) || (*p == ':' && p[1] == ' ') ||
	    cjk_punct_before(s, p + 3))
		return code; /* "服务器错误: 554，错误号" */
	return 0;
}

/* Phrases after which a reply code is stated. */
static const char *const code_leads[] = {
	"said:", "said", "error code", "server error:", "smtp error", "returned",
	"response:", "reply:", "status code", "code:", "code", "error:", "error",
	"ошибка", "код", "错误代码", "代码", "代码：", "错误", "エラー", "failed:",
	"remote server replied:", "remote host said:", "response was", "smtp;", NULL
};

/* lead_before - the text before p ends with a code-stating phrase */
static int
lead_before(const char *s, const char *p)
{
	const char *q = p;
	size_t i, n;

	while (q > s && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '(' || q[-1] == '\'' ||
	    q[-1] == '"' || q[-1] == '['))
		q--;
	if (q > s && (q[-1] == ':' || q[-1] == '>' || q[-1] == '<'))
		return 1; /* "<addr>: 550", "host said: 550", "<<< 550" */
	if (q - s >= 3 && memcmp(q - 3, "\xef\xbc\x9a", 3) == 0)
		return 1; /* a fullwidth colon: "原因：550" */
	for (i = 0; code_leads[i]; i++) {
		n = strlen(code_leads[i]);
		if ((size_t)(q - s) >= n && bd_memcasemem(q - n, n, code_leads[i], n))
			return 1;
	}
	return 0;
}

/* relayed_code - Sendmail's "554 <addr>... 550 Host unknown": the local
 * code first, then the remote server's own reply, which is the one that
 * says why; code is the leading one, at p */
static int
relayed_code(const char *s, const char *p, int code)
{
	const char *dots = strstr(p + 3, "... ");
	int inner;

	if (dots == NULL || dots - p > 300 || memchr(p, '@', (size_t)(dots - p)) == NULL)
		return code;
	inner = bd_reply_code_at(s, dots + 4);
	return inner ? inner : code;
}

/* next_code - the first reply code standing alone that starts a run of
 * digits at or after p: its place (the code in *code), or NULL */
static const char *
next_code(const char *s, const char *p, int *code)
{
	for (; *p; p++) {
		if (!is_digit((unsigned char)*p))
			continue;
		if ((*code = bd_reply_code_at(s, p)) != 0)
			return p;
		while (is_digit((unsigned char)p[1]))
			p++;
	}
	return NULL;
}

int
bd_find_reply_code_of(const char *s, int klass)
{
	const char *p;
	int code;

	for (p = s; (p = next_code(s, p, &code)) != NULL; p++)
		if (code / 100 == klass)
			return code;
	return 0;
}

/* status_follows - the code at p is followed by its enhanced status ("550
 * 5.1.1", "550 #5.1.0") or is a multi-line reply's marker ("550-Mailbox") */
static int
status_follows(const char *p)
{
	return ((p[3] == ' ' || p[3] == '-') && p[4] == p[0] && p[5] == '.') ||
	    (p[3] == ' ' && p[4] == '#' && p[5] == p[0] && p[6] == '.') ||
	    (p[3] == '-' && p[4] && !is_digit((unsigned char)p[4]));
}

int
bd_find_reply_code(const char *s)
{
	const char *p = s;
	int code, failed, pass, success = 0;

	while (*p == ' ' || *p == '\t' || *p == '#' || *p == '(' || *p == '[' || *p == '<')
		p++;
	if ((code = bd_reply_code_at(s, p)) != 0) {
		if (code >= 400)
			return relayed_code(s, p, code);
		/* a transcript that opens with a success ("250 Sender ok")
		 * failed later: the first failing reply is the one */
		if ((failed = bd_find_reply_code_of(s, 5)) == 0)
			failed = bd_find_reply_code_of(s, 4);
		return failed ? failed : relayed_code(s, p, code);
	}
	/* a code after a phrase that states one, else a code followed by
	 * its enhanced status: "... 550 5.1.1 ...", "... 550 #5.1.0 ...", or
	 * a multi-line reply marker: "... 550-Mailbox ..."; a success only
	 * when no failure is stated either way */
	for (pass = 0; pass < 2; pass++)
		for (p = s; (p = next_code(s, p, &code)) != NULL; p++) {
			if (pass == 0 ? !lead_before(s, p) : !status_follows(p))
				continue;
			if (code >= 400)
				return code;
			if (success == 0)
				success = code;
		}
	return success;
}

/* Phrases naming the command that was answered, most specific first. */
static const struct {
	const char *phrase;
	const char *command;
} command_phrases[] = {
	{ "end of data", "DATA" }, { "after data", "DATA" }, { "reply to data", "DATA" },
	{ "data end", "DATA" }, { "data not accepted", "DATA" }, /* PHPMailer */
	{ "data command", "DATA" }, { "after message", "DATA" }, { "message body", "DATA" },
	{ "our final data", "DATA" }, /* DragonFly: "X did not like our final DATA:" */
	/* Yahoo's tags after the reply: "... [RCPT_TO]", "... [DATA]" */
	{ "[rcpt_to]", "RCPT" }, { "[mail_from]", "MAIL" }, { "[data]", "DATA" }, { "[body]", "DATA" },
	{ "[end_of_message]", "DATA" },
	/* 1&1 and GMX: "SMTP error from remote server for TEXT command" */
	{ "for text command", "DATA" }, { "after text command", "DATA" },
	{ "(data)", "DATA" }, { "\xef\xbc\x88" "data\xef\xbc\x89", "DATA" }, /* "（DATA）" */
	/* qmail's wording for each stage of its session */
	{ "after i sent the message", "DATA" }, { "does not like recipient", "RCPT" },
	{ "but sender was rejected", "MAIL" }, { "but my name was rejected", "EHLO" },
	{ "but greeting failed", "CONNECT" },
	/* Postfix: "host X[ip] refused to talk to me: 554 ..." (its greeting) */
	{ "refused to talk to me", "CONNECT" },
	{ "rcpt to", "RCPT" }, { "rcpt command", "RCPT" }, { "recipient address", "RCPT" },
	{ "mail from", "MAIL" }, { "mail command", "MAIL" },
	{ "initial connection", "CONNECT" }, { "greeting", "CONNECT" }, { "banner", "CONNECT" },
	{ "connecting to", "CONNECT" }, { "connect to", "CONNECT" },
	{ "ehlo", "EHLO" }, { "helo", "HELO" }, { "starttls", "STARTTLS" },
	{ "auth ", "AUTH" }, { "bdat", "BDAT" }, { NULL, NULL }
};

/* The first bytes of the phrases above, a quick test before the table:
 * made from it once, so that no phrase can be missed. */
static unsigned char command_start[256];
static pthread_once_t command_start_once = PTHREAD_ONCE_INIT;

static void
make_command_start(void)
{
	size_t i;

	for (i = 0; command_phrases[i].phrase; i++)
		command_start[(unsigned char)command_phrases[i].phrase[0]] = 1;
}

/* command_written - "mail from" at hit is the command ("MAIL FROM:<a@b>",
 * "mail from command", "rejected MAIL FROM address"), not prose ("not
 * allowed to send mail from example.com"); other phrases are what they say */
static int
command_written(const char *phrase, const char *hit)
{
	const char *p = hit + strlen(phrase);

	if (strcmp(phrase, "starttls") == 0) /* "Must issue a STARTTLS command first" */
		return strncmp(p, " command first", 14) != 0;
	if (strcmp(phrase, "mail from") != 0)
		return 1;
	while (*p == ' ')
		p++;
	return *p == ':' || *p == '<' || *p == '\0' || *p == ')' || *p == '[' ||
	    strncmp(p, "command", 7) == 0 ||
	    strncmp(p, "address", 7) == 0;
}

/* failed_command - the command named right before " command failed" at
 * hit in the lower-case s, or NULL */
static const char *
failed_command(const char *s, const char *hit)
{
	static const struct {
		const char *words, *command;
	} named[] = {
		{ "rcpt to", "RCPT" }, { "rcpt", "RCPT" }, { "mail from", "MAIL" }, { "mail", "MAIL" },
		{ "data end", "DATA" }, { "data", "DATA" }, { "ehlo", "EHLO" }, { "helo", "HELO" },
		{ "starttls", "STARTTLS" }, { "auth", "AUTH" }, { NULL, NULL }
	};
	size_t i, n;

	for (i = 0; named[i].words; i++) {
		n = strlen(named[i].words);
		if ((size_t)(hit - s) >= n && memcmp(hit - n, named[i].words, n) == 0 &&
		    (hit - s == (ptrdiff_t)n || !isalnum((unsigned char)hit[-(ptrdiff_t)n - 1])))
			return named[i].command;
	}
	return NULL;
}

/* command_at - the command whose name starts w ("rcpt to", "data"...) */
static const char *
command_at(const char *w)
{
	size_t i;

	for (i = 0; command_phrases[i].phrase; i++)
		if (bd_strcaseprefix(w, command_phrases[i].phrase))
			return command_phrases[i].command;
	if (bd_strcaseprefix(w, "mail"))
		return "MAIL";
	if (bd_strcaseprefix(w, "rcpt"))
		return "RCPT";
	if (bd_strcaseprefix(w, "data"))
		return "DATA";
	return NULL;
}

/* command_replied - Postfix's "(in reply to RCPT TO command)" and its
 * translations in providers' templates ("som svar på kommandot DATA", "en
 * réponse à la commande RCPT TO"): the command named after the words, or
 * a word or two further (s is lower-case) */
static const char *
command_replied(const char *s)
{
	static const char *const leads[] = { "in reply to ", "som svar på ", "als antwort auf ",
		"en réponse à ", "en respuesta a ", "in risposta a ", "em resposta a ",
		"w odpowiedzi na ", "als antwoord op ", "jako odpověď na ", "vastauksena ",
		"в ответ на ", "у відповідь на ", NULL };
	const char *hit, *w, *c;
	size_t i, k;

	for (i = 0; leads[i]; i++) {
		if ((hit = strstr(s, leads[i])) == NULL)
			continue;
		for (w = hit + strlen(leads[i]), k = 0; k < 3 && *w; k++) {
			if ((c = command_at(w)) != NULL)
				return c;
			w += strcspn(w, " ");   /* "kommandot DATA", "la commande DATA" */
			w += strspn(w, " ");
		}
	}
	return NULL;
}

const char *
bd_find_command(const char *s)
{
	char low[4100];
	size_t n = strnlen(s, sizeof low - 1), i;
	const char *hit, *p;

	/* one lower-case copy, then plain substring searches */
	for (i = 0; i < n; i++)
		low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	low[n] = '\0';
	s = low;
	/* "in reply to X command" names it exactly */
	if ((p = command_replied(s)) != NULL)
		return p;
	/* a client's "RCPT TO command failed: 554 ..." (PHPMailer) names
	 * it after a transcript that shows every command sent */
	if ((hit = strstr(s, " command failed")) != NULL && (p = failed_command(s, hit)) != NULL)
		return p;
	pthread_once(&command_start_once, make_command_start);
	/* the first phrase in the text (the first of the table at one
	 * place) that starts a word: "email from" is not "mail from" */
	for (p = s; *p; p++) {
		if (!command_start[(unsigned char)*p] || (p > s && isalnum((unsigned char)p[-1])))
			continue;
		for (i = 0; command_phrases[i].phrase; i++)
			if (command_phrases[i].phrase[0] == p[0] && command_phrases[i].phrase[1] == p[1] &&
			    strncmp(p, command_phrases[i].phrase, strlen(command_phrases[i].phrase)) == 0 &&
			    command_written(command_phrases[i].phrase, p))
				return command_phrases[i].command;
	}
	return NULL;
}

/* local_char - may c appear in an unquoted local part (UTF-8 allowed) */
static int
local_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

/* domain_char - may c appear in a domain (UTF-8 allowed) */
static int
domain_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '-' || c == '.' || c == '_';
}

/* wide_before - the character before b (in s) ends an ASCII local part: a
 * three-byte one (CJK text and punctuation, general punctuation such as
 * curly quotes: "地址为“kehu@") or a guillemet; letters of two-byte scripts
 * (müller@, Cyrillic) may belong to a local part */
static int
wide_before(const char *s, const char *b)
{
	const unsigned char *u = (const unsigned char *)b;

	if (b - s >= 2 && u[-2] == 0xC2 && (u[-1] == 0xAB || u[-1] == 0xBB))
		return 1;
	return b - s >= 3 && u[-3] >= 0xE2 && u[-3] <= 0xEF && (u[-2] & 0xC0) == 0x80 &&
	    (u[-1] & 0xC0) == 0x80;
}

/* wide_at - the character at p ends an ASCII domain the same way
 * ("a@example.jp」です") */
static int
wide_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) || (u[0] >= 0xE2 && u[0] <= 0xEF);
}

/* past_assignment - where an address starts in a local part that a
 * program's log quotes as a value ("To='a@b'", "rcpt=\"a@b\""): past the
 * last "='" or "=\"" of [b, at), or b */
static const char *
past_assignment(const char *b, const char *at)
{
	const char *p, *from = b;

	for (p = b; p + 1 < at; p++)
		if (p[0] == '=' && (p[1] == '\'' || p[1] == '"'))
			from = p + 2;
	return from;
}

/* past_url - where the local part [b, at) starts when it is the tail of a
 * link ("//host/quota?user=a@b"): after the link's last separator */
static const char *
past_url(const char *b, const char *at)
{
	const char *p, *cut = b;
	int link = *b == '/';

	for (p = b; p + 1 < at && !link; p++)
		link = p[0] == '/' && p[1] == '/';
	if (!link)
		return b;
	for (p = b; p < at; p++)
		if (*p == '/' || *p == '?' || *p == '=' || *p == '&')
			cut = p + 1;
	return cut;
}

static int
address_at(const char *s, const char *at, const char **start, const char **end)
{
	const char *b = at, *e = at + 1;
	int dot = 0, ascii = 1;   /* ascii: the part read so far is all ASCII */

	while (b > s && local_char((unsigned char)b[-1]) && at - b < 256 &&
	    !cjk_punct_before(s, b) && !(b < at && ascii && wide_before(s, b)))
		ascii &= (unsigned char)*--b < 0x80;
	ascii = 1;
	b = past_url(b, at);
	b = past_assignment(b, at);
	while (*b == '.' || *b == '\'' || *b == '{' || *b == '`' || *b == '|')
		b++; /* quoting around the address, not its local part */
	if (b == at)
		return 0;
	if (*e == '[') {
		while (*e && *e != ']' && e - at < 64)
			e++;
		if (*e != ']')
			return 0;
		e++;
		dot = 1;
	} else {
		while (domain_char((unsigned char)*e) && e - at < 256 &&
		    !(e > at + 1 && ascii && wide_at(e))) {
			if (*e == '.' && e[1] && domain_char((unsigned char)e[1]) && e[1] != '.')
				dot = 1;
			ascii &= (unsigned char)*e++ < 0x80;
		}
		while (e > at + 1 && (e[-1] == '.' || e[-1] == '-'))
			e--;
	}
	while (b < at && ((unsigned char)*b & 0xC0) == 0x80)
		b++; /* the bound fell inside a character */
	e = b + bd_utf8_cut(b, (size_t)(e - b));
	if (!dot || b == at || e - b > MAX_ADDRESS || e <= at + 1 ||
	    !bd_utf8_valid(b, (size_t)(e - b)))
		return 0;
	*start = b;
	*end = e;
	return 1;
}

char *
bd_next_address(const char *s, const char **pos)
{
	const char *b, *e;

	if ((b = bd_address_span(s, *pos, &e)) == NULL) {
		*pos += strlen(*pos);
		return NULL;
	}
	*pos = e;
	return bd_strndup(b, (size_t)(e - b));
}

const char *
bd_address_span(const char *s, const char *from, const char **end)
{
	const char *at, *b, *e;

	for (; (at = strchr(from, '@')) != NULL; from = at + 1)
		if (address_at(s, at, &b, &e)) {
			*end = e;
			return b;
		}
	return NULL;
}

char *
bd_find_address(const char *s)
{
	const char *pos = s;

	return bd_next_address(s, &pos);
}
