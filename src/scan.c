/*
 * scan.c - the facts of a whole message: what kind of message it is, and
 * for a bounce one entry per recipient.
 *
 * RFC 3464 delivery-status parts are trusted first; the prose of the
 * bounce (its text parts, cut before the returned original) fills in what
 * they lack, and stands alone for the many MTAs that send no DSN.  Whether
 * a message is a bounce at all is decided from its structure (a report
 * part, X-Failed-Recipients), its sender and subject, and its wording.
 */
#define _GNU_SOURCE 1 /* memmem (POSIX.1-2024, glibc under _GNU_SOURCE) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "dsn.h"
#include "forward.h"
#include "limits.h"
#include "scan.h"
#include "ses.h"
#include "smtp.h"
#include "textscan.h"
#include "util.h"
#include "webhook.h"

#define MAX_FORWARD_DEPTH 2   /* bounces quoted in bounces, followed this deep */
#define MAX_QUOTE_LEVELS 3    /* "> > > ": quoting taken off this deep */

#define MAX_CONTEXT 8192
#define MAX_PROSE (256u * 1024)

/* Words of a bounce's sender (lower-case, substrings). */
static const char *const bounce_senders[] = {
	"mailer-daemon", "postmaster", "mail delivery", "mail administrator",
	"mail system", "maildelivery", "mail-daemon", "bounce", "microsoftexchange",
	"nobody@", "mmdf", "mail.notification", "mailmaster", "post_master", "mdaemon",
	"courier mail server", "maiser@", "x400", "x.400", NULL
};

/* Words of a bounce's subject (lower-case, substrings). */
static const char *const bounce_subjects[] = {
	"undeliver", "delivery status", "delivery failure", "failure notice",
	"returned mail", "mail delivery failed", "delivery notification", "non-deliver",
	"nondeliver", "not delivered", "could not be delivered", "delivery has failed",
	"mail system error", "delivery problem", "failed delivery", "delivery failed",
	"warning: could not send", "message delivery", "returned to sender", "bounced",
	"rejected", "delivery report", "unzustellbar", "nicht zustellbar", "non remis",
	"no se pudo entregar", "non recapitabile", "退信", "未送达", "投递失败", "无法投递",
	"发送失败", "недоставлен", "не доставлено", "не удалось доставить", "配信不能",
	"配送エラー", "エラー", "não entregue", "mensagem devolvida", "non recapitato",
	"no entregado", "mancata consegna", "echec de remise", "échec de remise", "non consegnato",
	"delivery warning", "delivery delay", "delayed mail", "user unknown", "onbestelbaar",
	"não é possível entregar", "nao e possivel entregar", "не удается доставить",
	"nie można dostarczyć", "kan inte levereras", "teslim edilemiyor", "배달 못 함",
	"loop alert", "발송 실패", "발송실패", "전송 실패", "반송된", "반송 메일", "nedoručiteln",
	"nedoručen", "niedostarczon", "teslim edilemedi", "iletilemedi", "niet afgeleverd",
	"kunde inte levereras", "kunne ikke leveres", "kézbesíthetetlen", "toimitus epäonnistui",
	"tidak terkirim", "gagal terkirim", "nelivrat", "δεν παραδόθηκε", "không gửi được",
	"недоставлене", "nebyla doručena", "반송", "فشل تسليم", "تعذر تسليم", "لم يتم تسليم",
	"לא נמסר", "αποτυχία παράδοσης", "ส่งไม่สำเร็จ", "not member article", "loop back warning",
	"郵件無法傳送", "郵件傳送失敗", "郵件退回", "配送失敗", "返送", "届きませんでした",
	"配送遅延", "ошибка доставки", "возврат письма", "forsinket", "leveringsfejl",
	"leveringsfeil", "kézbesítési hiba",
	/* a sending service telling its customer: "Bounce notification for
	 * a@b", "Hard bounce: a@b", "2 messages failed permanently" */
	"bounce notification", "hard bounce", "soft bounce", "bounce event", "bounce summary",
	"bounce report", "bounce digest", "bounces", "failed permanently", "rebonds", "rebotes",
	/* generic words last: a person's subject may hold them too */
	"error", "failure", "fail", "problem", NULL
};
#define GENERIC_SUBJECT_WORDS 4

/* Wording only bounces use (lower-case, substrings of the prose). */
static const char *const bounce_words[] = {
	"could not be delivered", "couldn't be delivered", "was not delivered",
	"permanent error", "permanent fatal errors", "delivery has failed",
	"undeliverable", "delivery to the following recipient", "failed permanently",
	"unable to deliver", "qmail-send program", "mail delivery software",
	"the mail system", "delivery status notification", "wasn't able to deliver",
	"message could not be sent", "following address", "no se pudo entregar",
	"无法投递", "未能送达", "退信", "не может быть доставлено", "не доставлено",
	"配信できません", "delivery failed", "returned to the sender", "did not reach",
	"wasn't delivered", "送信できませんでした", "送信に失敗しました", "配信に失敗しました",
	"お届けできませんでした", "nicht zugestellt", "n'a pas pu être remis",
	"не было доставлено", "не удалось доставить", "fatal delivery errors",
	"unsuccessful delivery attempts", "removed from the mail queue",
	"não foi possível entregar", "não pôde ser entregue", "non è stato recapitato",
	"impossibile recapitare", "mancata consegna", "konnte nicht zugestellt werden",
	"ne peut être délivré",
	"no pudo ser entregado", "non è stato possibile consegnare", "could not deliver",
	"cannot be delivered", "can not be delivered", "can't be delivered",
	"could not be reached", "not yet been delivered", "has been postponed",
	"failed recipient", "no such user", "unknown user", "无法发送", "无法送达", "not been delivered",
	"was blocked by", "has been blocked by", "duplicated message-id",
	"while attempting to deliver", "failure reasons", "following recipient",
	"failed address", "transcript of session follows", "message still undelivered",
	"could not send message for", "senden der nachricht fehlgeschlagen",
	"l'envoi du message a \xc3\xa9" "chou\xc3\xa9",
	/* Exchange's opening line in its languages */
	"fehler bei der zustellung", "soldée par un échec", "error en la entrega",
	"recapito non riuscito", "falha na entrega", "bezorging is mislukt",
	"не удалось выполнить доставку", "传递到这些收件人或组失败", "배달하지 못했습니다",
	"nie powiodło się", "misslyckades", "teslim başarısız",
	/* the same news in more languages */
	"발송이 실패", "발송하지 못했", "전달되지 않았", "전달하지 못했", "nepodařilo doručit",
	"nelze doručit", "nebyla doručena", "nie została dostarczona", "nie mogła zostać dostarczona",
	"nie udało się dostarczyć", "teslim edilemedi", "iletilemedi", "niet worden afgeleverd",
	"niet worden bezorgd", "kunde inte levereras", "kunne ikke leveres", "kunne ikke afleveres",
	"nem sikerült kézbesíteni", "nem kézbesíthető", "nem tudta kézbesíteni",
	"ikke blevet leveret", "ikke blitt levert", "ei voitu toimittaa", "tidak dapat dikirim",
	"gagal dikirim", "tidak dapat disampaikan", "nu a putut fi livrat", "nu a putut fi trimis",
	"δεν ήταν δυνατή η παράδοση", "không thể gửi", "không thể chuyển",
	"не вдалося доставити", "не може бути доставлено", "не було доставлено",
	"nemohla být doručena", "전달할 수 없습니다", "تعذر تسليم", "لا يمكن تسليم",
	"לא ניתן היה למסור", "לא ניתן למסור", "δεν ήταν δυνατό να παραδοθεί",
	"ไม่สามารถส่ง", "non-delivery report", "destination addresses were unknown",
	"未能投递", "被退回", "a problem occurred during the delivery of this message",
	/* a client that could not hand the message over */
	"cannot send message using the server", "failure sending mail", NULL
};

/* Words of an automatic reply's subject (lower-case, substrings). */
static const char *const vacation_subjects[] = {
	"auto reply", "autoreply", "auto-reply", "automatic reply", "auto:", "out of office",
	"out of the office", "vacation", "abwesenheit", "absence", "自动回复", "自動回覆",
	"автоответ", "автоматический ответ", "不在", "réponse automatique",
	"respuesta automática", "risposta automatica", "on leave", "away from", "自動応答",
	"自動返信", "autoresponder", "automatische antwort", "automatisch antwoord",
	"resposta automática", "abwesend", "afwezig", "autosvar", "automaattinen vastaus",
	"자동 회신", "자동응답", "fuera de la oficina", "fora do escritório", "fuori ufficio",
	"hors du bureau", "odpowiedź automatyczna", "automatyczna odpowied", "otomatik yanıt",
	"automatická odpověď", "auto response", "auto-response", "autoresponse",
	"automatic response", "thank you for your e-mail", "thank you for your email",
	"thank you for your message", "thanks for your e-mail", "thanks for your email",
	"thanks for your message", "automatikus válasz", "házon kívül", "răspuns automat",
	"fraværsmelding", "fraværsmeddelelse", "frånvaro", "poissa", "αυτόματη απάντηση",
	"trả lời tự động", "balasan otomatis", "di luar kantor", "מענה אוטומטי", "رد تلقائي",
	"ตอบกลับอัตโนมัติ", "nepřítomnost", "nieobecność", "außer haus", "ausser haus",
	"nicht im büro", "bei uns eingegangen", "request has been received", "request received",
	NULL
};

/* lower_prefix - a lowercased copy (bd_lower_utf8) of the first 16 KB of
 * s (the words that matter come early), white space folded; length in
 * *n; NULL when out of memory */
static char *
lower_prefix(const char *s, size_t *n)
{
	char *low;

	*n = strnlen(s, 16384);
	if ((low = malloc(*n + 1)) == NULL)
		return NULL;
	bd_lower_utf8(s, *n, low);
	low[*n] = '\0';
	/* a phrase wrapped across lines is still the phrase */
	if (memchr(low, '\n', *n) != NULL || memchr(low, '\r', *n) != NULL)
		*n = strlen(bd_fold_space(low));
	return low;
}

/* first_of - index of the first of words (lower-case) found in s (ASCII,
 * Latin-1, Greek and Cyrillic letters without case), or -1 */
static int
first_of(const char *s, const char *const *words)
{
	char *low;
	size_t n;
	int i;

	if (s == NULL || (low = lower_prefix(s, &n)) == NULL)
		return -1;
	for (i = 0; words[i]; i++)
		if (memmem(low, n, words[i], strlen(words[i])))
			break;
	free(low);
	return words[i] ? i : -1;
}

/* has_any - s contains one of words (lower-case; ASCII case-insensitive) */
static int
has_any(const char *s, const char *const *words)
{
	return first_of(s, words) >= 0;
}

int
bd_scan_bounce_wording(const char *text)
{
	return has_any(text, bounce_words);
}

/* report_fields - text is a delivery report's fields, labelled as plain
 * text by the server that sent it: it starts with a per-message field
 * and names a recipient the RFC 3464 way */
static int
report_fields(const char *text, size_t len)
{
	static const char *const starts[] = { "reporting-mta:", "original-envelope-id:",
		"received-from-mta:", "arrival-date:", NULL };
	size_t i;

	while (len > 0 && (*text == '\n' || *text == '\r' || *text == ' ' || *text == '\t'))
		text++, len--;
	if (bd_strcaseprefix(text, "final-recipient:"))
		return 1;
	for (i = 0; starts[i]; i++)
		if (bd_strcaseprefix(text, starts[i]))
			return bd_memcasemem(text, len, "\nfinal-recipient:", 17) != NULL ||
			    bd_memcasemem(text, len, "\noriginal-recipient:", 20) != NULL;
	return 0;
}

static int
is_dsn_part(const struct bd_part *p)
{
	return strcmp(p->type, "message/delivery-status") == 0 ||
	    strcmp(p->type, "message/global-delivery-status") == 0 ||
	    (strcmp(p->type, "text/plain") == 0 && p->depth > 0 && p->text &&
	    report_fields(p->text, p->len));
}

/* is_prose_part - text the bounce itself says (not the original, not
 * its report's fields) */
static int
is_prose_part(const struct bd_part *p, int want_html)
{
	if (p->in_attached || p->text == NULL || p->len == 0)
		return 0;
	if (want_html)
		return strcmp(p->type, "text/html") == 0;
	return (strcmp(p->type, "text/plain") == 0 && !is_dsn_part(p)) ||
	    strcmp(p->type, "text/enriched") == 0;
}

/* html_entity - the character an entity or a numeric character reference
 * at p stands for ("&lt;", "&#39;", "&#x2019;"), appended to sb; the bytes
 * of p it took, 0 when p starts none */
static size_t
html_entity(struct strbuf *sb, const char *p, const char *end)
{
	static const struct { const char *ent, *ch; } ents[] = {
		{ "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" }, { "&nbsp;", " " },
		{ "&quot;", "\"" }, { "&apos;", "'" }, { "&rsquo;", "\xe2\x80\x99" },
		{ "&lsquo;", "\xe2\x80\x98" }, { "&ldquo;", "\xe2\x80\x9c" },
		{ "&rdquo;", "\xe2\x80\x9d" }, { "&ndash;", "\xe2\x80\x93" },
		{ "&mdash;", "\xe2\x80\x94" }, { NULL, NULL } };
	unsigned long cp = 0;
	const char *q = p + 2;
	char utf8[4];
	int hex = 0, digits = 0, d;
	size_t i;

	for (i = 0; ents[i].ent; i++)
		if (bd_strcaseprefix(p, ents[i].ent)) {
			sb_appends(sb, ents[i].ch);
			return strlen(ents[i].ent);
		}
	if (end - p < 4 || p[1] != '#')
		return 0;
	if (*q == 'x' || *q == 'X')
		hex = 1, q++;
	for (; q < end && digits < 7; q++, digits++) {
		if (*q >= '0' && *q <= '9')
			d = *q - '0';
		else if (hex && ((*q | 32) >= 'a' && (*q | 32) <= 'f'))
			d = (*q | 32) - 'a' + 10;
		else
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (digits == 0 || q >= end || *q != ';' || cp == 0 || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	sb_append(sb, utf8, bd_put_utf8(utf8, cp < 0x20 ? ' ' : cp));
	return (size_t)(q + 1 - p);
}

/* skip_element - past the end of a <style> or <script> element at p
 * (its content is no text), else p */
static const char *
skip_element(const char *p, const char *end)
{
	const char *close;

	if (bd_strcaseprefix(p, "<style"))
		close = bd_memcasemem(p, (size_t)(end - p), "</style", 7);
	else if (bd_strcaseprefix(p, "<script"))
		close = bd_memcasemem(p, (size_t)(end - p), "</script", 8);
	else
		return p;
	return close ? close : end;
}

/* tag_break - what a tag <...> from p to its '>' at q puts in the text:
 * '\n' for one that breaks lines (a paragraph, a division, a table row,
 * a list item, a heading...), '\t' for a table cell, else 0 */
static int
tag_break(const char *p, const char *q)
{
	static const char *const lines[] = {
		"br", "p", "div", "tr", "li", "table", "ul", "ol", "h1", "h2", "h3", "h4",
		"h5", "h6", "hr", "blockquote", "pre", "dt", "dd", NULL };
	char name[12];
	size_t n = 0, i;

	for (p += 1 + (p[1] == '/'); p < q && n + 1 < sizeof name &&
	    (((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9')); p++)
		name[n++] = (char)(*p | 32);
	name[n] = '\0';
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		return '\t';
	for (i = 0; lines[i]; i++)
		if (strcmp(name, lines[i]) == 0)
			return '\n';
	return 0;
}

/* strip_html - the text of HTML source s[0..len): tags dropped (line
 * breaks where the markup breaks lines, a tab between table cells, the
 * source's own line ends as spaces), entities and character references
 * decoded */
static void
strip_html(struct strbuf *sb, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *q;
	size_t used;

	while (p < end) {
		if (*p == '<' && (p = skip_element(p, end)) < end &&
		    (q = memchr(p, '>', (size_t)(end - p))) != NULL) {
			int brk = tag_break(p, q);

			if (brk == '\n' || (brk && sb->len > 0 && sb->s[sb->len - 1] != '\n' &&
			    sb->s[sb->len - 1] != '\t'))
				sb_appendc(sb, (char)brk);
			p = q + 1;
			continue;
		}
		if (p >= end)
			break;
		if (*p == '&' && (used = html_entity(sb, p, end)) > 0) {
			p += used;
			continue;
		}
		/* a source line end is a space, none at the start of a line */
		if ((*p != '\n' && *p != '\r') || (sb->len > 0 && sb->s[sb->len - 1] != '\n'))
			sb_appendc(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
		p++;
	}
}

/* prose - the text parts of the bounce, joined (HTML only when there is
 * no plain text) */
static char *
prose(const struct bd_message *m)
{
	struct strbuf sb = { 0 };
	size_t i;
	int html;

	for (html = 0; html < 2 && sb.len == 0; html++)
		for (i = 0; i < m->nparts && sb.len < MAX_PROSE; i++) {
			const struct bd_part *p = &m->parts[i];

			if (!is_prose_part(p, html))
				continue;
			if (html)
				strip_html(&sb, p->text, p->len);
			else
				sb_append(&sb, p->text, p->len);
			sb_appendc(&sb, '\n');
		}
	return sb_steal(&sb);
}

/* add_exclusion - the address in a header field, never a recipient */
static void
add_exclusion(struct bd_exclude *ex, char **owned, const char *value)
{
	char *a;

	if (value == NULL || ex->n >= 8 || (a = bd_find_address(value)) == NULL)
		return;
	owned[ex->n] = a;
	ex->v[ex->n++] = a;
}

/* detect_agent - the software that wrote the bounce, when it says so */
static char *
detect_agent(const struct bd_message *m, const char *text)
{
	/* marks (lower-case) in order of preference, and whose they are */
	static const char *const marks[] = {
		"qmail-send program", "this is the qmail", "x-postfix", "the mail system",
		"mail delivery software", "transcript of session follows",
		"diagnostic information for administrators", "microsoft exchange",
		"google tried to deliver", "amazon ses", "lotus domino", "yahoo", NULL };
	static const char *const agents[] = {
		"qmail", "qmail", "postfix", "postfix", "exim", "sendmail", "exchange",
		"exchange", "gmail", "amazonses", "domino", "yahoo" };
	int in_text, in_from;

	if (bd_headers_get(&m->headers, "X-Failed-Recipients"))
		return bd_strdup("exim");
	in_text = first_of(text, marks);
	in_from = first_of(bd_headers_get(&m->headers, "From"), marks);
	if (in_text < 0 || (in_from >= 0 && in_from < in_text))
		in_text = in_from;
	return in_text < 0 ? NULL : bd_strdup(agents[in_text]);
}

/* context - subject and prose, bounded, for rules that read past the
 * diagnostic */
static char *
context(const struct bd_message *m, const char *text, size_t *prose_at)
{
	const char *subject = bd_headers_get(&m->headers, "Subject");
	struct strbuf sb = { 0 };
	size_t cut = text ? strlen(text) : 0; /* already cut before the original */

	if (subject) {
		sb_appends(&sb, subject);
		sb_appendc(&sb, '\n');
	}
	*prose_at = sb.len;
	if (text)
		sb_append(&sb, text, bd_utf8_cut(text, cut < MAX_CONTEXT ? cut : MAX_CONTEXT));
	return sb_steal(&sb);
}

/* undecided - a bounce none of whose entries has a reply code or a status
 * naming a reason (none, or X.0.0): its prose may decide for all
 * (diagnose.c, shared_reason) */
static int
undecided(const struct bd_factlist *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].reply_code || (fl->v[i].status[0] && strcmp(fl->v[i].status + 1, ".0.0") != 0))
			return 0;
	return fl->kind == BD_KIND_BOUNCE;
}

/* What a fake notice asks of its reader to get at the "undelivered"
 * messages (lower-case): no bounce asks to click, sign in or confirm. */
static const char *const lure_words[] = {
	"click below", "click here", "click the link", "click the button", "sign in to",
	"to sign in", "log in to", "login to", "verify your account", "confirm your account",
	"release your", "release the held", "recover the", "open the attached", "upgrade now",
	"klicken sie", "bestätigen sie", "cliquez", "haga clic", "clique aqui", NULL
};

static int returns_original(const struct bd_message *m);

/* is_lure - a notice that only looks like a bounce: it names no failed
 * recipient, carries no report and no returned message, and asks the
 * reader to act through a link or an attachment (phishing) */
static int
is_lure(const struct bd_message *m, const struct bd_factlist *fl, const char *text, int ndsn)
{
	size_t i;

	if (ndsn > 0 || returns_original(m))
		return 0;
	for (i = 0; i < fl->n; i++)
		if (fl->v[i].recipient && !fl->v[i].recipient_guessed)
			return 0;
	return has_any(text, lure_words); /* the 16 KB read last */
}

/* returns_original - the message carries a message/rfc822 part */
static int
returns_original(const struct bd_message *m)
{
	size_t i;

	for (i = 0; i < m->nparts; i++)
		if (m->parts[i].in_attached)
			return 1;
	return 0;
}

/* is_feedback - an RFC 5965 ARF report, or Microsoft's JMRP complaint
 * ("complaint about message from 192.0.2.1", the message attached) */
static int
is_feedback(const struct bd_message *m)
{
	const char *ct = bd_headers_get(&m->headers, "Content-Type");
	const char *subject = bd_headers_get(&m->headers, "Subject");
	char *rt = bd_header_param(ct, "report-type");
	size_t i;
	int yes = rt && strcasecmp(rt, "feedback-report") == 0;

	if (subject && bd_strcaseprefix(subject, "complaint about message from ") && returns_original(m))
		yes = 1;
	free(rt);
	for (i = 0; i < m->nparts && !yes; i++)
		yes = strcmp(m->parts[i].type, "message/feedback-report") == 0;
	return yes;
}

/* auto_submitted - Auto-Submitted says a machine wrote the message */
static int
auto_submitted(const struct bd_message *m)
{
	const char *as = bd_headers_get(&m->headers, "Auto-Submitted");

	return as && !bd_strcaseprefix(as, "no");
}

/* null_return_path - "Return-Path: <>": sent with the null sender, as
 * bounces and other automatic notices are (RFC 5321, 4.5.5) */
static int
null_return_path(const struct bd_message *m)
{
	const char *rp = bd_headers_get(&m->headers, "Return-Path");

	return rp && strstr(rp, "<>") != NULL;
}

/* How sure looks_like_bounce is. */
enum bounce_evidence { NO_BOUNCE, WEAK_BOUNCE, BOUNCE };

/* Local parts of the addresses mailing list managers write from, and the
 * endings of a list's own administrative addresses. */
static const char *const list_senders[] = {
	"mailman", "sympa", "listserv", "majordomo", "ecartis", "lyris", NULL
};
static const char *const list_sender_endings[] = { "-owner", "-request", "-bounces", NULL };

/* from_list_manager - a mailing list's notice to a poster (held for the
 * moderator, refused, too big): automatic, but no out-of-office reply */
static int
from_list_manager(const struct bd_message *m)
{
	const char *from = bd_headers_get(&m->headers, "From");
	char *a;
	size_t local, i, n;
	int yes;

	if (bd_headers_get(&m->headers, "X-Mailman-Version") ||
	    bd_headers_get(&m->headers, "X-List-Administrivia") ||
	    bd_headers_get(&m->headers, "X-MLServer"))
		return 1;
	if (from == NULL || (a = bd_find_address(from)) == NULL)
		return 0;
	local = strcspn(a, "@");
	yes = strncasecmp(a, "owner-", 6) == 0;
	for (i = 0; list_senders[i] && !yes; i++)
		yes = local == strlen(list_senders[i]) && strncasecmp(a, list_senders[i], local) == 0;
	for (i = 0; list_sender_endings[i] && !yes; i++) {
		n = strlen(list_sender_endings[i]);
		yes = local > n && strncasecmp(a + local - n, list_sender_endings[i], n) == 0;
	}
	free(a);
	return yes;
}

/* Words of a list manager's notice that it refused a post: the list's
 * address then failed like any recipient (lower-case).  A post held for
 * the moderator has not failed. */
static const char *const list_refusal_words[] = {
	"was rejected", "been rejected", "not a member of this mailing list",
	"could not be distributed", "not authorized to send mail to", "looks posted from this mailing list",
	"duplicated message-id", "not allowed to post", "is not from a list member", NULL
};

/* Words of a list manager's report to its owner on subscribers whose
 * mail bounces, with each one's last error (lower-case) */
static const char *const list_bounce_report_words[] = {
	"persistent delivery errors", "because of delivery errors", "is now bouncing",
	"has been bouncing", "excessive bounces", "bounce score", "last error", "most recent bounce",
	"probe results", "returned with a delivery error", NULL
};

/* Words of a list manager's notice that it holds a post for the
 * moderator, whatever reason it gives (lower-case). */
static const char *const list_held_words[] = {
	"being held", "held for moderat", "held until", "awaits moderator",
	"awaiting moderator", "moderator approval", "held for approval", NULL
};

/* Subjects of notices to a mailbox's owner, not to a sender (lower-case). */
static const char *const owner_notice_subjects[] = {
	"quota warning", "mailbox quota warning", "mailbox is almost full", "mailbox size warning",
	"quarantine summary", "quarantine digest", "quarantine notification", "end user digest",
	"spam digest", "quarantined messages", "% full", "mailbox is nearly full", NULL
};

/* is_digest - a list's digest of posts (RFC 1153, under a list's headers
 * or from its manager; or multipart/digest), not a sending service's
 * "bounce digest" */
static int
is_digest(const struct bd_message *m)
{
	const char *subject = bd_headers_get(&m->headers, "Subject");
	const char *ct = bd_headers_get(&m->headers, "Content-Type");

	return (subject && bd_memcasemem(subject, strlen(subject), "digest", 6) &&
	    (bd_headers_get(&m->headers, "List-Id") || bd_headers_get(&m->headers, "List-Post") ||
	    from_list_manager(m))) ||
	    (ct && bd_memcasemem(ct, strlen(ct), "multipart/digest", 16));
}

/* looks_like_bounce - sender, subject, report type or wording say so;
 * WEAK_BOUNCE when only a person's subject and words do (a courier's
 * "parcel not delivered" notice too), which a returned message or the
 * facts found must then confirm */
static enum bounce_evidence
looks_like_bounce(const struct bd_message *m, const char *text, int ndsn)
{
	const char *from = bd_headers_get(&m->headers, "From");
	const char *subject = bd_headers_get(&m->headers, "Subject");
	const char *ct = bd_headers_get(&m->headers, "Content-Type");
	char *rt = bd_header_param(ct, "report-type"), *errors;
	int yes = rt && strcasecmp(rt, "delivery-status") == 0, sender, subj, named, newsletter,
	    machine, cron, worded = 0;
	size_t nsubj = sizeof bounce_subjects / sizeof bounce_subjects[0] - 1;

	free(rt);
	/* Outlook's report on recalling a message: no delivery failed */
	if (subject && (bd_strcaseprefix(subject, "message recall ") ||
	    bd_strcaseprefix(subject, "nachrichtenrückruf")))
		return NO_BOUNCE;
	if (yes || ndsn > 0 || bd_headers_get(&m->headers, "X-Failed-Recipients"))
		return BOUNCE;
	/* a list's digest quotes posts, which may discuss or quote bounces;
	 * a notice to a mailbox's owner (its quota, its quarantined mail)
	 * tells of a bounce to come, or of none */
	if (is_digest(m) || has_any(subject, owner_notice_subjects))
		return NO_BOUNCE;
	/* a daemon's address, or the null sender "<>" written as From */
	sender = has_any(from, bounce_senders) || (from && strstr(from, "<>") && !strchr(from, '@'));
	subj = first_of(subject, bounce_subjects);
	named = subj >= 0 && (size_t)subj < nsubj - GENERIC_SUBJECT_WORDS;
	if (sender && subj >= 0) /* the cheap test first: most bounces pass it */
		return BOUNCE;
	/* a list manager refusing a post: the list's address failed */
	if (from_list_manager(m) && has_any(text, list_refusal_words) &&
	    !has_any(text, list_held_words))
		return BOUNCE;
	/* a list manager's (or a list host's no-reply) report to a list's
	 * owner of the subscribers whose mail bounces, with their errors */
	if ((from_list_manager(m) || (from && bd_memcasemem(from, strlen(from), "noreply@", 8))) &&
	    has_any(text, list_bounce_report_words) &&
	    (errors = bd_text_errors(text, strlen(text))) != NULL) {
		free(errors);
		return BOUNCE;
	}
	/* a mailer daemon returning the message, whatever its language */
	if (sender && returns_original(m) && null_return_path(m))
		return BOUNCE;
	/* a machine wrote it (Exim marks its bounces Auto-Submitted; IMail
	 * sends from root, with the null sender), and in a bounce's words */
	machine = sender || returns_original(m) || auto_submitted(m) || null_return_path(m);
	if (machine && (worded = has_any(text, bounce_words)))
		return BOUNCE;
	/* an SMTP error line, from a mailer daemon or under a subject that
	 * names a failed delivery (not a person's "problem with mail", nor
	 * a newsletter's "why your mail bounces": it offers unsubscribing) */
	newsletter = bd_headers_get(&m->headers, "List-Unsubscribe") != NULL;
	/* cron mails a job's output: a script's mail library failing */
	cron = bd_headers_get(&m->headers, "X-Cron-Env") != NULL;
	if ((sender || cron || (named && !newsletter)) &&
	    (errors = bd_text_errors(text, strlen(text))) != NULL) {
		free(errors);
		return BOUNCE;
	}
	/* a bounce's subject and words alone: the words must name an
	 * address (a courier's "your parcel could not be delivered" names
	 * none), and the facts found must name a recipient or a code; not
	 * a newsletter */
	if (subj >= 0 && strchr(text, '@') && !newsletter &&
	    (machine ? worded : has_any(text, bounce_words)))
		return WEAK_BOUNCE;
	return NO_BOUNCE;
}

/* same_domain - the addresses a and b have one domain */
static int
same_domain(const char *a, const char *b)
{
	const char *da = a ? strrchr(a, '@') : NULL, *db = b ? strrchr(b, '@') : NULL;

	return da && db && strcasecmp(da, db) == 0;
}

/* leads_line - addr first appears in text at the start of a line (after
 * blanks, quotes and brackets), as failed recipients are listed */
static int
leads_line(const char *text, const char *addr)
{
	const char *at = bd_memcasemem(text, strlen(text), addr, strlen(addr)), *p;

	if (at == NULL)
		return 0;
	for (p = at; p > text && strchr(" \t\"'<(", p[-1]); p--)
		;
	return p == text || p[-1] == '\n';
}

/* confirmed - the facts of a bounce judged on its subject and words alone
 * carry a reply code or a status, or name a recipient on a line of its
 * own (2); or they only name one inside a sentence (1), which a person
 * writing about a failed delivery does too.  Not a recipient guessed from
 * the returned original, nor one of the sender's own domain named inside
 * a sentence (a notice's contact address). */
static int
confirmed(const struct bd_factlist *fl, const char *text, const char *from)
{
	char *sender = from ? bd_find_address(from) : NULL;
	const struct bd_facts *f;
	size_t i;
	int yes = 0;

	for (i = 0; i < fl->n && yes < 2; i++) {
		f = &fl->v[i];
		if (f->status[0] || f->reply_code)
			yes = 2;
		else if (f->recipient && !f->recipient_guessed && leads_line(text, f->recipient))
			yes = 2;
		else if (f->recipient && !f->recipient_guessed && !same_domain(f->recipient, sender))
			yes = 1;
	}
	free(sender);
	return yes;
}

/* is_vacation - RFC 3834 automatic reply */
static int
is_vacation(const struct bd_message *m)
{
	const char *as = bd_headers_get(&m->headers, "Auto-Submitted");
	const char *subject = bd_headers_get(&m->headers, "Subject");
	const char *prec = bd_headers_get(&m->headers, "Precedence");
	const char *apple = bd_headers_get(&m->headers, "X-Apple-Action");

	if (from_list_manager(m))
		return 0;
	return (as && bd_strcaseprefix(as, "auto-replied")) || has_any(subject, vacation_subjects) ||
	    (prec && bd_strcaseprefix(prec, "auto_reply")) || (apple && bd_strcaseprefix(apple, "vacation")) ||
	    bd_headers_get(&m->headers, "X-Autoreply") || bd_headers_get(&m->headers, "X-Autorespond") ||
	    bd_headers_get(&m->headers, "X-Autoresponse");
}

/* autoreply_sender - one entry for the address an automatic reply comes
 * from (the recipient of the mail it answers); 0, or -1 out of memory */
static int
autoreply_sender(const struct bd_message *m, struct bd_factlist *fl)
{
	const char *from = bd_headers_get(&m->headers, "From");
	struct bd_facts *f;
	char *a;

	if (from == NULL || (a = bd_find_address(from)) == NULL)
		return 0;
	if ((f = bd_factlist_add(fl)) == NULL) {
		free(a);
		return -1;
	}
	f->recipient = a;
	return 0;
}

/* original_to - the To of the returned original message, or NULL */
static char *
original_to(const struct bd_message *m)
{
	const char *to;
	size_t i;

	for (i = 0; i < m->nparts; i++) {
		const struct bd_part *p = &m->parts[i];

		/* the original's header block: a text/rfc822-headers part, or
		 * the text kept of a message/rfc822 one */
		if ((strcmp(p->type, "text/rfc822-headers") == 0 || p->in_attached) && p->text) {
			struct bd_headers h = { 0 };
			unsigned tr = 0;
			char *a;

			bd_headers_parse(&h, p->text, p->len, &tr);
			a = (to = bd_headers_get(&h, "To")) ? bd_find_address(to) : NULL;
			bd_headers_free(&h);
			if (a)
				return a;
		}
	}
	return NULL;
}

/* inline_to - the one address of the To of an original returned inline
 * after the bounce's words (orig[0..n) starts at the line that introduces
 * it: "Original message follows:", "----- Unsent message follows -----"),
 * or NULL (none, or several) */
static char *
inline_to(const char *orig, size_t n)
{
	const char *p = memchr(orig, '\n', n), *end = orig + n, *to, *pos, *eol;
	struct bd_headers h = { 0 };
	unsigned tr = 0;
	char *a = NULL, *more;

	if (p == NULL)
		return NULL;
	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL || bd_field_name_len(p, eol) == 0)
		return NULL;   /* no header block follows */
	bd_headers_parse(&h, p, (size_t)(end - p), &tr);
	if ((to = bd_headers_get(&h, "To")) != NULL) {
		pos = to;
		a = bd_next_address(to, &pos);
		if (a && (more = bd_next_address(to, &pos)) != NULL) {
			free(more);
			free(a);
			a = NULL;
		}
	}
	bd_headers_free(&h);
	return a;
}

/* feedback_recipient - the address the reported message was sent to: the
 * report's Original-Rcpt-To (RFC 5965, 3.2), else the returned original's
 * To (a list's address, when the message went through one) */
static char *
feedback_recipient(const struct bd_message *m)
{
	const char *p;
	size_t i;

	for (i = 0; i < m->nparts; i++) {
		if (strcmp(m->parts[i].type, "message/feedback-report") != 0 ||
		    (p = bd_memcasemem(m->parts[i].text, m->parts[i].len, "original-rcpt-to:", 17)) == NULL)
			continue;
		return bd_find_address(p + 17);
	}
	return original_to(m);
}

/* phrase_recipient - the address right after "delivered to" and its
 * like in the prose ("Your message wasn't delivered to bob@example.net
 * because..."), or NULL */
static char *
phrase_recipient(const char *text)
{
	static const char *const phrases[] = {
		"delivered to", "deliver to", "delivery to", "deliver your message to",
		"delivering your message to", "could not reach", "was addressed,", "addressed to",
		"your message to", NULL };
	const char *hit, *p;
	char buf[320];
	size_t i, n = strnlen(text, 16384), k;

	for (i = 0; phrases[i]; i++) {
		if ((hit = bd_memcasemem(text, n, phrases[i], strlen(phrases[i]))) == NULL)
			continue;
		p = hit + strlen(phrases[i]);
		for (k = 0; k < 3 && (*p == ' ' || *p == ':' || *p == '<' || *p == '"'); k++)
			p++;
		k = strcspn(p, " \t\r\n>\"");
		if (k == 0 || k >= sizeof buf || memchr(p, '@', k) == NULL)
			continue;
		memcpy(buf, p, k);
		buf[k] = '\0';
		return bd_find_address(buf);
	}
	return NULL;
}

/* says_only_time_ran_out - a DSN status of X.4.7 (delivery time
 * expired): its words say that time ran out, the prose may say why
 * (Exchange lists the attempts: "... returned '451 4.7.650 ...'") */
static int
says_only_time_ran_out(const struct bd_facts *f, const struct bd_facts *t)
{
	return f->diagnostic && t->diagnostic && strlen(f->status) == 5 &&
	    strcmp(f->status + 1, ".4.7") == 0 &&
	    strlen(t->diagnostic) > strlen(f->diagnostic) &&
	    bd_memcasemem(t->diagnostic, strlen(t->diagnostic), f->diagnostic,
	    strlen(f->diagnostic)) != NULL;
}

static int join_words(struct bd_facts *f, char *words, int lead);

/* take_missing - what the prose says of a recipient that its DSN entry
 * lacks: the words (or more of them), the command answered, the host;
 * 0, or -1 when out of memory */
static int
take_missing(struct bd_facts *f, struct bd_facts *t)
{
	char *words;

	if (f->diagnostic == NULL) {
		f->diagnostic = t->diagnostic;
		t->diagnostic = NULL;
	} else if (says_only_time_ran_out(f, t)) {
		words = t->diagnostic;
		t->diagnostic = NULL;
		if (join_words(f, words, 0) < 0)
			return -1;
	}
	if (f->smtp_command == NULL) {
		f->smtp_command = t->smtp_command;
		t->smtp_command = NULL;
	}
	if (f->remote_mta == NULL) {
		f->remote_mta = t->remote_mta;
		t->remote_mta = NULL;
	}
	if (f->reply_code == 0)
		f->reply_code = t->reply_code;
	bd_facts_complete(f);
	return 0;
}

/* same_words - a and b start with the same n bytes but for the length
 * of their runs of blanks (a DSN folds what a transcript aligned) */
static int
same_words(const char *a, const char *b, size_t n)
{
	while (n > 0 && *a && *b && *a != '\n' && *b != '\n') {
		if (*a == ' ' && *b == ' ') {
			a += strspn(a, " \t");
			b += strspn(b, " \t");
			continue;
		}
		if (*a++ != *b++)
			return 0;
		n--;
	}
	return n == 0 || ((*a == '\0' || *a == '\r' || *a == '\n') &&
	    (*b == '\0' || *b == '\n'));
}

/* transcript_line - the "<<< " line of the prose's session transcript that
 * shows a DSN's reply (its first 40 bytes, blanks aside), or NULL; *reply
 * gets where the reply starts in the diagnostic ("smtp;" skipped) */
static const char *
transcript_line(const char *text, const char *diagnostic, const char **reply)
{
	char key[48];
	const char *d = diagnostic, *line;
	size_t n;

	if (bd_strcaseprefix(d, "smtp;"))
		d += 5;
	d += strspn(d, " ");
	n = strcspn(d, " \n");
	if (n < 3 || n > 40 || bd_find_reply_code(d) == 0 || strlen(d) < 12)
		return NULL;
	snprintf(key, sizeof key, "<<< %.*s", (int)n, d);   /* "<<< 421-4.7.28" */
	for (line = text; (line = strstr(line, key)) != NULL; line++)
		if ((line == text || line[-1] == '\n') && same_words(line + 4, d, 40)) {
			*reply = d;
			return line;
		}
	return NULL;
}

/* final_replies - the replies a session transcript shows from line on,
 * to the next command sent or the next session: their last lines ("<<<
 * 554 ...", not "<<< 554-..."), counted; more than one after DATA are a
 * pipelined batch's */
static int
final_replies(const char *line)
{
	int n = 0;

	for (; *line && strncmp(line, ">>> ", 4) != 0 && strncmp(line, "... ", 4) != 0 &&
	    strncmp(line, "--", 2) != 0; line += strcspn(line, "\n"), line += *line == '\n')
		if (strncmp(line, "<<< ", 4) == 0 && line[4] && line[5] && line[6] && line[7] == ' ')
			n++;
	return n;
}

/* transcript_command - the command a DSN's reply d answered, when the
 * prose shows that reply at hit in a session transcript ("<<< 553 5.1.8
 * <a@b>... Domain of sender address does not exist") that names no
 * recipient: the command of the nearest ">>> " line above it; or NULL */
static const char *
transcript_command(const char *text, const char *hit, const char *d)
{
	const char *line, *prev, *cmd;
	int replies = 0;

	for (line = hit; line > text; line = prev, replies++) {
		for (prev = line - 1; prev > text && prev[-1] != '\n'; prev--)
			;
		if (strncmp(prev, ">>> ", 4) == 0) {
			/* after DATA, only its one reply, not a pipelined batch's
			 * refusals of recipients ("<<< 550 <a@b>... User unknown") */
			cmd = bd_sent_command(prev + 4);
			if (cmd && strcmp(cmd, "DATA") == 0 && (replies > 0 || strstr(d, ">... ") ||
			    final_replies(hit) > 1))
				return NULL;
			return cmd;
		}
		if (strncmp(prev, "<<< ", 4) != 0)
			return NULL;   /* the replies above it are the session's */
	}
	return NULL;
}

/* transcript_reply - the whole of a multi-line reply d whose first line a
 * DSN quotes alone (Sendmail's "Diagnostic-Code: SMTP; 421-4.7.28 Our
 * system has detected an unusual rate of"), joined from the transcript
 * lines at hit ("<<< 421-4.7.28 ..." up to "<<< 421 4.7.28 ..."), blanks
 * folded; or NULL */
static char *
transcript_reply(const char *hit, const char *d)
{
	struct strbuf sb = { 0 };
	const char *line = hit;
	size_t n, lines;
	int last = 0;

	if (d[3] != '-')
		return NULL;
	for (lines = 0; lines < 30 && !last && sb.len <= BD_MAX_DIAGNOSTIC &&
	    strncmp(line, "<<< ", 4) == 0 && strncmp(line + 4, d, 3) == 0; lines++) {
		n = strcspn(line + 4, "\r\n");
		if (sb.len)
			sb_appendc(&sb, ' ');
		sb_append(&sb, line + 4, n);
		last = line[7] != '-';      /* "421 4.7.28 ...": the last line */
		line += 4 + n;
		line += strspn(line, "\r");
		if (*line == '\n')
			line++;
	}
	if ((!last && lines < 2) || sb.s == NULL) {   /* nothing more than the DSN's */
		sb_free(&sb);
		return NULL;
	}
	return bd_fold_space(sb_steal(&sb));
}

/* enrich - recipients of a DSN that lack words (or whose words only say
 * that time ran out) get them from the prose; a reply shown in the
 * prose's transcript names its command, and completes a multi-line reply
 * the DSN cut to its first line */
static int
enrich(struct bd_factlist *fl, const char *text, const struct bd_exclude *ex)
{
	struct bd_factlist tl;
	const char *cmd;
	size_t i, j;
	int transcript = strstr(text, "\n<<< ") != NULL;

	memset(&tl, 0, sizeof tl);
	if (bd_text_scan(text, strlen(text), ex, &tl) < 0)
		return -1;
	for (i = 0; i < fl->n; i++) {
		struct bd_facts *f = &fl->v[i];
		const char *hit, *reply;
		char *whole;

		if (transcript && f->diagnostic &&
		    (hit = transcript_line(text, f->diagnostic, &reply)) != NULL) {
			cmd = f->smtp_command ? NULL : transcript_command(text, hit, reply);
			if (cmd && (f->smtp_command = bd_strdup(cmd)) == NULL) {
				bd_factlist_free(&tl);
				return -1;
			}
			if ((whole = transcript_reply(hit, reply)) != NULL) {
				free(f->diagnostic);   /* reply pointed into it */
				f->diagnostic = whole;
				bd_facts_complete(f);
			}
		}
		if (f->recipient == NULL)
			continue;
		for (j = 0; j < tl.n; j++)
			if (tl.v[j].recipient && tl.v[j].diagnostic &&
			    strcasecmp(tl.v[j].recipient, f->recipient) == 0) {
				if (take_missing(f, &tl.v[j]) < 0) {
					bd_factlist_free(&tl);
					return -1;
				}
				break;
			}
	}
	bd_factlist_free(&tl);
	return 0;
}

/* join_words - words (owned, taken) added to f's diagnostic, before it
 * when lead, else after it; bounded; 0, or -1 when out of memory */
static int
join_words(struct bd_facts *f, char *words, int lead)
{
	struct strbuf sb = { 0 };

	if (f->diagnostic == NULL) {
		f->diagnostic = words;
		return 0;
	}
	sb_appends(&sb, lead ? words : f->diagnostic);
	sb_appendc(&sb, ' ');
	sb_appends(&sb, lead ? f->diagnostic : words);
	free(words);
	if (sb.s == NULL)
		return -1;
	free(f->diagnostic);
	f->diagnostic = sb_steal(&sb);
	if (strlen(f->diagnostic) > BD_MAX_DIAGNOSTIC)
		f->diagnostic[bd_utf8_cut(f->diagnostic, BD_MAX_DIAGNOSTIC)] = '\0';
	return 0;
}

/* lone_error - the only recipient of a bounce whose error line stands
 * apart from the address gets that line */
static int
lone_error(struct bd_factlist *fl, const char *text)
{
	struct bd_facts *f = &fl->v[0];
	char *errors;

	if (fl->n != 1 || (f->reply_code && f->status[0]) ||
	    (errors = bd_text_errors(text, strlen(text))) == NULL)
		return 0;
	if (f->diagnostic && bd_memcasemem(f->diagnostic, strlen(f->diagnostic), errors,
	    strlen(errors))) {
		free(errors);
	} else if (join_words(f, errors, f->reply_code == 0) < 0) {
		/* the error line leads when the words found so far hold no
		 * reply code: they are often only details of the message */
		return -1;
	}
	bd_facts_complete(f);
	return 0;
}

/* prose_words - the bounce's own words (before the returned original),
 * bounded, for a bounce that names no error line */
static char *
prose_words(const char *text)
{
	size_t n = strlen(text); /* already cut before the original */
	char *d;

	if ((d = bd_strndup(text, bd_utf8_cut(text, n > 2000 ? 2000 : n))) == NULL)
		return NULL;
	bd_fold_space(d);
	if (*d == '\0') {
		free(d);
		return NULL;
	}
	return d;
}

/* failed_header - an entry for each further address of X-Failed-Recipients
 * after the first (that one is f's), with f's words; 0, or -1 when out of
 * memory */
static int
failed_header(struct bd_factlist *fl, const char *failed)
{
	const char *pos = failed;
	struct bd_facts *f;
	char *a;

	free(bd_next_address(failed, &pos)); /* the first: already taken */
	while ((a = bd_next_address(failed, &pos)) != NULL) {
		if ((f = bd_factlist_add(fl)) == NULL) {
			free(a);
			return fl->n >= BD_MAX_RECIPIENTS ? 0 : -1;
		}
		f->recipient = a;
		if (fl->v[0].diagnostic && (f->diagnostic = bd_strdup(fl->v[0].diagnostic)) == NULL)
			return -1;
		bd_facts_complete(f);
	}
	return 0;
}

/* no_recipient_found - entries from what the bounce says at all: one, or
 * one for each address of X-Failed-Recipients */
static int
no_recipient_found(const struct bd_message *m, struct bd_factlist *fl, const char *text,
    const struct bd_exclude *ex)
{
	const char *failed = bd_headers_get(&m->headers, "X-Failed-Recipients");
	struct bd_facts *f = bd_factlist_add(fl);

	if (f == NULL)
		return -1;
	/* the header names them; else the prose, by a phrase or as the only
	 * address it names; else the returned original's To */
	f->recipient = failed ? bd_find_address(failed) : phrase_recipient(text);
	if (f->recipient == NULL)
		f->recipient = bd_text_sole_address(text, ex);
	if (f->recipient == NULL && (f->recipient = original_to(m)) != NULL)
		f->recipient_guessed = 1;
	f->diagnostic = bd_text_errors(text, strlen(text));
	if (f->diagnostic == NULL)
		f->diagnostic = prose_words(text);
	bd_facts_complete(f);
	return failed && f->recipient ? failed_header(fl, failed) : 0;
}

/* parse_dsn_parts - every delivery-status part; the number of them */
static int
parse_dsn_parts(const struct bd_message *m, struct bd_factlist *fl)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->nparts; i++) {
		if (m->parts[i].in_attached || !is_dsn_part(&m->parts[i]))
			continue;
		if (bd_dsn_parse(m->parts[i].text, m->parts[i].len, fl) < 0)
			return -1;
		n++;
	}
	return n;
}

/* Words of a delay warning: the server still tries (lower-case). */
static const char *const delay_words[] = {
	"this is a warning only", "will be retried", "still being retried",
	"will continue trying", "will keep trying", "still trying to deliver",
	"has been delayed", "delivery is delayed", "delivery delayed",
	"no action is required", "you do not need to resend", "暂时无法投递",
	"延迟投递", "配送が遅れて", "доставка задерживается", "not delivered yet",
	"will retry for", "not yet been delivered", "will continue to try", "will try again",
	"delivery attempts will continue", "attempts to deliver the message will continue",
	"delivery attempts are still pending", "you do not need to re-send",
	"only a temporary failure",
	/* "not delivered yet" in other languages */
	"endnu ikke blevet leveret", "ennå ikke levert", "ännu inte levererats",
	"noch nicht zugestellt", "pas encore été remis", "pas encore été distribué",
	"aún no se ha entregado", "todavía no se ha entregado", "ainda não foi entregue",
	"non è stato ancora consegnato", "non è ancora stato consegnato", "nog niet afgeleverd",
	"nog niet bezorgd", "jeszcze nie został dostarczony", NULL
};

/* Words of a server that stopped trying: a temporary reply in such a
 * notice was the last one before it gave up (lower-case). */
static const char *const given_up_words[] = {
	"i'm not going to try again", "this is a permanent error", "permanent fatal errors",
	"has been in the queue too long", "retry timeout exceeded", "gave up",
	"did not reach the following recipient", NULL
};

/* set_actions - a bounce's prose reports failures: "delayed" when the
 * codes say temporary (unless the prose says the server gave up) or,
 * without a code, the prose is a delay warning; else "failed" */
static int
set_actions(struct bd_factlist *fl, const char *text)
{
	size_t i;
	int temporary, warning = -1, given_up = -1;

	for (i = 0; i < fl->n; i++) {
		if (fl->v[i].action)
			continue;
		temporary = fl->v[i].status[0] == '4' ||
		    (fl->v[i].reply_code >= 400 && fl->v[i].reply_code < 500);
		if (temporary && given_up < 0)
			given_up = has_any(text, given_up_words);
		if (temporary && given_up)
			temporary = 0;
		if (!temporary && fl->v[i].status[0] == '\0' && fl->v[i].reply_code == 0) {
			if (warning < 0)
				warning = has_any(text, delay_words);
			temporary = warning;
		}
		if ((fl->v[i].action = bd_strdup(temporary ? "delayed" : "failed")) == NULL)
			return -1;
	}
	return 0;
}

/* coded_prose - the only recipient of a DSN whose words carry no reply
 * code ("X-Unix; 255") takes the prose's error line when that line gives
 * a status of the DSN's class (and a code of that class, if any: "554
 * 5.3.0 unknown mailer error 255"): its words follow the DSN's (if any),
 * its code is the reply code, and its status replaces a bare X.0.0; 0, or
 * -1 when out of memory */
static int
coded_prose(struct bd_factlist *fl, const char *text)
{
	struct bd_facts *f = &fl->v[0];
	char *errors, st[16];
	int code;

	if (fl->n != 1 || f->reply_code || f->status[0] == '\0' ||
	    (errors = bd_text_errors(text, strlen(text))) == NULL)
		return 0;
	code = bd_find_reply_code(errors);
	if ((code == 0 || code / 100 == f->status[0] - '0') && bd_find_status(errors, st) &&
	    st[0] == f->status[0]) {
		f->reply_code = code;
		if (strcmp(f->status + 1, ".0.0") == 0)
			memcpy(f->status, st, sizeof st);
		if (f->diagnostic == NULL ||
		    !bd_memcasemem(f->diagnostic, strlen(f->diagnostic), errors, strlen(errors)))
			return join_words(f, errors, 0);
	}
	free(errors);
	return 0;
}

/* wordless_report - the only recipient of a DSN that gives neither words
 * nor a specific status is judged on the bounce's prose */
static int
wordless_report(struct bd_factlist *fl, const char *text)
{
	struct bd_facts *f = &fl->v[0];

	if (fl->n != 1 || f->diagnostic ||
	    (f->status[0] && strcmp(f->status + 1, ".0.0") != 0))
		return 0;
	if ((f->diagnostic = prose_words(text)) != NULL)
		bd_facts_complete(f);
	return 0;
}

/* delivery_output - what a delivery program wrote for one recipient, as
 * Exim quotes it after "The following text was generated during the
 * delivery attempt" (the caller checked the text says so): the lines
 * under "------ a@b ------" up to a blank line, folded and bounded; or
 * NULL */
static char *
delivery_output(const char *text, const char *recipient)
{
	char mark[340];
	const char *p, *end;
	char *words;

	if (strlen(recipient) > 300)
		return NULL;
	snprintf(mark, sizeof mark, "------ %s ------", recipient);
	if ((p = bd_memcasemem(text, strlen(text), mark, strlen(mark))) == NULL) {
		/* a program's: "------ pipe to |/prog\n generated by a@b ------" */
		snprintf(mark, sizeof mark, "generated by %s ------", recipient);
		if ((p = bd_memcasemem(text, strlen(text), mark, strlen(mark))) == NULL)
			return NULL;
	}
	p += strlen(mark);
	p += strspn(p, " \t\r\n");
	for (end = p; *end && !(end[0] == '\n' && (end[1] == '\n' ||
	    (end[1] == '\r' && end[2] == '\n'))) && strncmp(end, "\n------ ", 8) != 0; end++)
		;
	if (end == p || (words = bd_strndup(p, bd_utf8_cut(p, (size_t)(end - p) > 500 ? 500 :
	    (size_t)(end - p)))) == NULL)
		return NULL;
	return bd_fold_space(words);
}

/* program_output - each recipient's delivery program output joins its
 * words (a pipe's exit code alone says little: "returned 77" is a full
 * mailbox when dovecot-lda writes "Quota exceeded"); 0, or -1 */
static int
program_output(struct bd_factlist *fl, const char *text)
{
	size_t i;
	char *words;

	if (strstr(text, "generated during the delivery attempt") == NULL)
		return 0;
	for (i = 0; i < fl->n; i++) {
		struct bd_facts *f = &fl->v[i];

		if (f->recipient == NULL || (words = delivery_output(text, f->recipient)) == NULL)
			continue;
		if (f->diagnostic && strstr(f->diagnostic, words)) {
			free(words);
			continue;
		}
		if (join_words(f, words, 0) < 0)
			return -1;
	}
	return 0;
}

/* program_owner - a DSN entry for a program ("|/home/a/pipe.php") takes
 * the address it was expanded from when the prose names it right after
 * the program (Exim's "pipe to |/prog" then "generated by a@b"): the
 * address the sender wrote to.  0, or -1 when out of memory */
static int
program_owner(struct bd_factlist *fl, const char *text)
{
	const char *p;
	char *owner;
	size_t i, n;

	for (i = 0; i < fl->n; i++) {
		struct bd_facts *f = &fl->v[i];

		if (f->recipient == NULL || f->recipient[0] != '|' ||
		    (p = strstr(text, f->recipient)) == NULL)
			continue;
		p += strlen(f->recipient);
		p += strspn(p, " \t\r\n");
		if (!bd_strcaseprefix(p, "generated by "))
			continue;
		p += 13;
		n = strcspn(p, " \t\r\n<>");
		if (n < 3 || memchr(p, '@', n) == NULL)
			continue;
		if ((owner = bd_strndup(p, n)) == NULL)
			return -1;
		free(f->recipient);
		f->recipient = owner;
	}
	return 0;
}

/* recipients - the bounce's entries, from DSN parts or from its prose */
static int
recipients(const struct bd_message *m, struct bd_factlist *fl, const char *text,
    const struct bd_exclude *ex, int ndsn)
{
	if (ndsn > 0 && fl->n > 0) {
		bd_factlist_dedupe(fl, 0);
		if (program_owner(fl, text) < 0 || enrich(fl, text, ex) < 0 ||
		    program_output(fl, text) < 0)
			return -1;
		if (coded_prose(fl, text) < 0)
			return -1;
		return wordless_report(fl, text);
	}
	if (bd_text_scan(text, strlen(text), ex, fl) < 0 || program_output(fl, text) < 0)
		return -1;
	if (fl->n == 0 && no_recipient_found(m, fl, text, ex) < 0)
		return -1;
	if (lone_error(fl, text) < 0 || wordless_report(fl, text) < 0)
		return -1;
	return set_actions(fl, text);
}

/* uncoded - no entry carries a status or a reply code */
static int
uncoded(const struct bd_factlist *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].status[0] || fl->v[i].reply_code)
			return 0;
	return 1;
}

/* refusal_address - the address on the line of a list manager's refusal
 * words or on the line after it (the sentence may end there), not one of
 * ex; *line gets the line (or the two), copied.  Each refusal phrase is
 * tried in turn; NULL when none names an address. */
static char *
refusal_address(const char *text, const struct bd_exclude *ex, char **line)
{
	size_t n = strlen(text), w, k, j;
	const char *hit, *start, *end;
	char *a;

	for (w = 0; list_refusal_words[w]; w++) {
		hit = bd_memcasemem(text, n, list_refusal_words[w], strlen(list_refusal_words[w]));
		if (hit == NULL)
			continue;
		for (start = hit; start > text && start[-1] != '\n'; start--)
			;
		for (k = 1; k <= 2; k++) {
			for (end = start, j = 0; *end && j < k; end++)
				j += *end == '\n';
			if ((*line = bd_strndup(start, (size_t)(end - start))) == NULL)
				return NULL;
			if ((a = bd_find_address(*line)) != NULL && !bd_text_excluded(a, ex))
				return a;
			free(a);
			free(*line);
			*line = NULL;
		}
	}
	return NULL;
}

/* list_address - a list manager refusing a post in its own words (no
 * SMTP reply in them): one entry, for the list's address as the refusal
 * names it ("You are not a member of this mailing list <ml@example.org>"),
 * else as the subject does, else the returned post's To.  What the prose
 * scan took for recipients (its help and contact addresses) goes. */
static int
list_address(const struct bd_message *m, struct bd_factlist *fl, const char *text,
    const struct bd_exclude *ex)
{
	const char *subject = bd_headers_get(&m->headers, "Subject");
	char *line = NULL, *a;
	struct bd_facts *f;

	if (fl->n == 0 || !uncoded(fl) || !from_list_manager(m) ||
	    !has_any(text, list_refusal_words))
		return 0;
	if ((a = refusal_address(text, ex, &line)) == NULL && subject &&
	    (a = bd_find_address(subject)) != NULL && bd_text_excluded(a, ex)) {
		free(a);
		a = NULL;
	}
	if (a == NULL && (a = original_to(m)) == NULL)
		return 0;
	bd_factlist_truncate(fl, 0);
	if ((f = bd_factlist_add(fl)) == NULL) {
		free(line);
		free(a);
		return -1;
	}
	f->recipient = a;
	f->diagnostic = line ? bd_fold_space(line) : prose_words(text);
	bd_facts_complete(f);
	return set_actions(fl, text);
}

/* forward_start - where a forward's header block starts among the first
 * lines of text (its sender's line), or NULL */
static const char *
forward_start(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *value, *name;
	size_t lines;

	for (lines = 0; p < end && lines < 64; p = nl + 1, lines++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		name = bd_forward_field(p, (size_t)(nl - p), &value);
		if (name != NULL && strcmp(name, "From") == 0)
			return p;
	}
	return NULL;
}

static int scan_message(const struct bd_message *m, struct bd_factlist *fl,
    const struct bd_scan_wants *wants, int depth);

/* unquote - text[0..len) with one level of a mail client's quoting ("> "
 * or ">") taken off each line, in a new buffer (its length in *outlen);
 * NULL when out of memory */
static char *
unquote(const char *text, size_t len, size_t *outlen)
{
	const char *p = text, *end = text + len, *nl, *next;
	char *out = malloc(len + 1), *w = out;

	if (out == NULL)
		return NULL;
	for (; p < end; p = next) {
		nl = memchr(p, '\n', (size_t)(end - p));
		next = nl ? nl + 1 : end;
		if (*p == '>')
			p += (p + 1 < next && p[1] == ' ') ? 2 : 1;
		memcpy(w, p, (size_t)(next - p));
		w += next - p;
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

/* guessed_only - no entry names a recipient the bounce's own words name
 * (at most one taken from the returned original's To) */
static int
guessed_only(const struct bd_factlist *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].recipient && !fl->v[i].recipient_guessed)
			return 0;
	return 1;
}

/* named_recipients - every entry of fl names its recipient */
static int
named_recipients(const struct bd_factlist *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].recipient == NULL)
			return 0;
	return 1;
}

/* trimmed_end - the end of the line p..e without its trailing blanks */
static const char *
trimmed_end(const char *p, const char *e)
{
	while (e > p && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
		e--;
	return e;
}

/* ends_introducing - the line p..e ends with a colon, ASCII or
 * full-width: it introduces what follows */
static int
ends_introducing(const char *p, const char *e)
{
	return (e > p && e[-1] == ':') || (e - p >= 3 && memcmp(e - 3, "\xef\xbc\x9a", 3) == 0);
}

/* deeper_quote - in a quoted person's words, the next level of quoting
 * that a line introduces ("On ..., X wrote:" then "> ..."): where it
 * starts, or NULL */
static const char *
deeper_quote(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *e, *intro = NULL;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (*p == '>' && intro)
			return p;
		if ((e = trimmed_end(p, nl)) > p)
			intro = ends_introducing(p, e) ? p : NULL;
	}
	return NULL;
}

/* past_markers - past the marker lines ("-----Original Message-----", a
 * rule, a blank, "On ... wrote:") of text[0..*len) to where the quoted
 * message starts: a header field, a forward's field in the user's
 * language, or a line a mail client marked "> "; NULL when no line ends */
static const char *
past_markers(const char *text, size_t *len)
{
	const char *nl, *value, *p, *e;
	int skip;

	for (skip = 0; skip < 3 && *len > 0; skip++) {
		if ((nl = memchr(text, '\n', *len)) == NULL)
			return NULL;
		if (bd_field_name_len(text, nl) > 0 || text[0] == '>' ||
		    bd_forward_field(text, (size_t)(nl - text), &value))
			break;
		for (p = text; p < nl && (*p == ' ' || *p == '\t'); p++)
			;
		e = trimmed_end(p, nl);
		/* a marker is blank, a rule or a banner ("-----Original
		 * Message-----"), or introduces what follows ("wrote:",
		 * "写道：") */
		if (e > p && !strchr("-_=*", *p) && !ends_introducing(p, e))
			break;
		*len -= (size_t)(nl + 1 - text);
		text = nl + 1;
	}
	return text;
}

/* forwarded_bounce - a bounce quoted whole in the prose of another (an
 * NDR forwarded inline, a provider's wrapper around the MTA's report, a
 * reply quoting it): when the outer text says nothing coded (or is no
 * bounce at all: a person forwarding one), the quoted message is read as a
 * message of its own (its forward header block renamed when a mail client
 * wrote it in its user's language), or, quoted without headers, as a
 * pasted fragment; its facts are taken if they are a bounce's (with a
 * code, when need_code or when quoted without headers).  1 when they were
 * taken. */
static int
forwarded_bounce(const char *quoted, size_t len, struct bd_factlist *fl,
    const struct bd_scan_wants *wants, int depth, int need_code)
{
	struct bd_message inner;
	struct bd_factlist got;
	int rc = 0, taken = 0, level, renamed, fragment = 0;
	char *plain = NULL, *q;
	const char *deeper;
	size_t n;

	/* one level of quoting off at a time: "> > " or ">> " is two */
	for (level = 0; level < MAX_QUOTE_LEVELS; level++) {
		if ((quoted = past_markers(quoted, &len)) == NULL || len == 0) {
			free(plain);
			return 0;
		}
		/* a person's words quoted, then the bounce they quoted */
		if (quoted[0] != '>' && level > 0 && (deeper = deeper_quote(quoted, len)) != NULL) {
			len -= (size_t)(deeper - quoted);
			quoted = deeper;
		}
		if (quoted[0] != '>')
			break;
		if ((q = unquote(quoted, len, &len)) == NULL) {
			free(plain);
			return -1;
		}
		free(plain);
		quoted = plain = q;
	}
	if ((renamed = bd_forward_headers(quoted, len, &q, &n)) < 0) {
		free(plain);
		return -1;
	}
	if (renamed) {
		free(plain);
		quoted = plain = q;
		len = n;
	}
	memset(&inner, 0, sizeof inner);
	memset(&got, 0, sizeof got);
	if (bd_message_parse(&inner, quoted, len) < 0)
		rc = -1;
	else if (inner.has_header_block)
		rc = scan_message(&inner, &got, wants, depth + 1);
	else if (level > 0) {
		/* a whole bounce's text, so what it says of giving up or
		 * retrying gives the actions, as in a message */
		if ((rc = bd_scan_fragment(quoted, len, &got)) == 0)
			rc = set_actions(&got, quoted);
		fragment = 1;
	}
	/* a bounce; or, forwarded by a person, an abuse report; quoted
	 * without its header, a bounce's text that names its recipients
	 * and states an error or a bounce's words */
	if (rc == 0 && got.n > 0 && ((got.kind == BD_KIND_BOUNCE && !(need_code && uncoded(&got)) &&
	    !(fragment && (got.unconfirmed || !named_recipients(&got)))) ||
	    (got.kind == BD_KIND_FEEDBACK && !need_code && !fragment))) {
		bd_factlist_free(fl);
		*fl = got;
		taken = 1;
	} else
		bd_factlist_free(&got);
	bd_message_free(&inner);
	free(plain);
	return rc < 0 ? -1 : taken;
}

/* attached_bounce - a bounce carried as an attached message: by a
 * gateway that wrapped the MTA's report (the outer text says nothing, the
 * facts are taken only with a code), or by a person forwarding it (or
 * several) as an attachment; each attached bounce is read as a message of
 * its own, and the records of all of them are kept */
static int
attached_bounce(const struct bd_message *m, struct bd_factlist *fl,
    const struct bd_scan_wants *wants, int depth, int need_code)
{
	struct bd_factlist more;
	size_t i;
	int rc, taken = 0;

	for (i = 0; i < m->nparts; i++) {
		if (m->parts[i].report == NULL)
			continue;
		memset(&more, 0, sizeof more);
		rc = forwarded_bounce(m->parts[i].report, m->parts[i].report_len, &more, wants,
		    depth, need_code);
		if (rc > 0 && !taken) {   /* the first replaces what the outer text gave */
			bd_factlist_free(fl);
			*fl = more;
			taken = 1;
			continue;
		}
		if (rc > 0 && more.kind == fl->kind)
			rc = bd_factlist_take(fl, &more);
		bd_factlist_free(&more);
		if (rc < 0)
			return -1;
	}
	return taken;
}

/* autoreply_of - when text (len bytes) parses as an automatic reply, fl
 * becomes a vacation entry for its sender: 1; 0 when it is none, -1 when
 * out of memory */
static int
autoreply_of(const char *text, size_t len, struct bd_factlist *fl)
{
	struct bd_message inner;
	struct bd_factlist got;
	int rc = 0;

	memset(&inner, 0, sizeof inner);
	memset(&got, 0, sizeof got);
	if (bd_message_parse(&inner, text, len) < 0)
		rc = -1;
	else if (inner.has_header_block && is_vacation(&inner)) {
		got.kind = BD_KIND_VACATION;
		rc = autoreply_sender(&inner, &got) < 0 ? -1 : got.n > 0;
		if (rc > 0) {
			bd_factlist_free(fl);
			*fl = got;
			memset(&got, 0, sizeof got);
		}
	}
	bd_factlist_free(&got);
	bd_message_free(&inner);
	return rc;
}

/* attached_autoreply - a list manager passing on a "bounce" it could not
 * read (Mailman's uncaught bounce) that is a member's automatic reply:
 * the reply speaks for its sender.  1 when taken, 0, -1 when out of
 * memory */
static int
attached_autoreply(const struct bd_message *m, struct bd_factlist *fl)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < m->nparts && rc == 0; i++)
		if (m->parts[i].report != NULL)
			rc = autoreply_of(m->parts[i].report, m->parts[i].report_len, fl);
	return rc;
}

int
bd_scan_pasted_autoreply(const char *text, size_t len, struct bd_factlist *fl)
{
	const char *p = forward_start(text, len);
	char *block;
	size_t n;
	int rc;

	if (p == NULL)
		return 0;
	if ((rc = bd_forward_headers(p, (size_t)(text + len - p), &block, &n)) <= 0)
		return rc;
	rc = autoreply_of(block, n, fl);
	free(block);
	return rc;
}

int
bd_scan_pasted_forward(const char *text, size_t len, struct bd_factlist *fl)
{
	static const struct bd_scan_wants all = { 1, 1 };
	const char *p = forward_start(text, len);

	return p ? forwarded_bounce(p, (size_t)(text + len - p), fl, &all, 1, 0) : 0;
}

int
bd_scan_message(const struct bd_message *m, struct bd_factlist *fl,
    const struct bd_scan_wants *wants)
{
	static const struct bd_scan_wants all = { 1, 1 };

	return scan_message(m, fl, wants ? wants : &all, 0);
}

static int
scan_message(const struct bd_message *m, struct bd_factlist *fl,
    const struct bd_scan_wants *wants, int depth)
{
	struct bd_exclude ex;
	char *owned[8] = { 0 }, *text;
	const char *fwd;
	enum bounce_evidence evidence = NO_BOUNCE;
	int ndsn, rc = 0, weak;
	size_t i, len, cut;
	char at_cut;

	memset(&ex, 0, sizeof ex);
	add_exclusion(&ex, owned, bd_headers_get(&m->headers, "To"));
	add_exclusion(&ex, owned, bd_headers_get(&m->headers, "From"));
	add_exclusion(&ex, owned, bd_headers_get(&m->headers, "Reply-To"));
	if ((text = prose(m)) == NULL)
		return -1;
	len = strlen(text);
	cut = bd_text_cut(text, len);
	at_cut = text[cut];
	text[cut] = '\0'; /* the original is not ours */
	if (wants->agent)
		fl->agent = detect_agent(m, text);
	if ((ndsn = parse_dsn_parts(m, fl)) < 0)
		rc = -1;
	else if (is_feedback(m)) {
		bd_factlist_free(fl);
		fl->kind = BD_KIND_FEEDBACK;
		if (bd_factlist_add(fl) == NULL)
			rc = -1;
		else
			fl->v[0].recipient = feedback_recipient(m);
	} else if (ndsn == 0 && ((rc = bd_ses_notification(text, fl)) != 0 ||
	    (rc = bd_webhook_events(text, strlen(text), fl)) != 0)) {
		rc = rc < 0 ? -1 : 0;
	} else if ((evidence = looks_like_bounce(m, text, ndsn)) != NO_BOUNCE) {
		fl->kind = BD_KIND_BOUNCE;
		rc = recipients(m, fl, text, &ex, ndsn);
		if (rc == 0 && ndsn == 0)
			rc = list_address(m, fl, text, &ex);
		if (rc == 0 && depth < MAX_FORWARD_DEPTH && cut < len && uncoded(fl)) {
			text[cut] = at_cut;
			rc = forwarded_bounce(text + cut, len - cut, fl, wants, depth, 1) < 0 ? -1 : 0;
		}
		/* a person forwarding a bounce as an attachment: their own
		 * words named no failed recipient; a list manager passing on a
		 * bounce it could not read (Mailman's "uncaught bounce"): the
		 * attached one is a bounce even without a code */
		if (rc == 0 && depth < MAX_FORWARD_DEPTH && ndsn == 0 &&
		    (uncoded(fl) || guessed_only(fl))) {
			rc = attached_bounce(m, fl, wants, depth, !from_list_manager(m));
			if (rc == 0 && from_list_manager(m))
				rc = attached_autoreply(m, fl);
			rc = rc < 0 ? -1 : 0;
		}
		/* one failure naming no address (a screen name, a program):
		 * the original returned inline was sent to one */
		if (rc == 0 && cut < len && fl->n == 1 && fl->v[0].recipient == NULL) {
			text[cut] = at_cut;
			if ((fl->v[0].recipient = inline_to(text + cut, len - cut)) != NULL)
				fl->v[0].recipient_guessed = 1;
		}
		/* nothing a bounce would state, no message returned; a person
		 * writing that a message to an address was "undeliverable"
		 * is a bounce only if a rule finds a reason in the words */
		if (rc == 0 && evidence == WEAK_BOUNCE && cut == len &&
		    (weak = confirmed(fl, text, bd_headers_get(&m->headers, "From"))) < 2) {
			if (weak == 0) {
				bd_factlist_free(fl);
				fl->kind = BD_KIND_NOT_BOUNCE;
			} else
				fl->unconfirmed = 1;
		}
		if (rc == 0 && cut == len && fl->kind == BD_KIND_BOUNCE && is_lure(m, fl, text, ndsn)) {
			bd_factlist_free(fl);
			fl->kind = BD_KIND_NOT_BOUNCE;
		}
	} else {
		fl->kind = is_vacation(m) ? BD_KIND_VACATION : BD_KIND_NOT_BOUNCE;
		/* an automatic reply comes from the recipient it speaks for */
		if (fl->kind == BD_KIND_VACATION && autoreply_sender(m, fl) < 0)
			rc = -1;
		/* a person forwarding a bounce (to a helpdesk) quotes it or
		 * attaches it (a list's digest quotes people's posts, which
		 * may quote bounces; the bounces it carries are attached) */
		if (fl->kind == BD_KIND_NOT_BOUNCE && depth < MAX_FORWARD_DEPTH && cut < len &&
		    !is_digest(m)) {
			text[cut] = at_cut;
			rc = forwarded_bounce(text + cut, len - cut, fl, wants, depth, 0) < 0 ? -1 : 0;
		}
		/* Outlook puts no marker line above a forward's header block
		 * ("De: ...", "Enviado el: ..."): the cut fell below it */
		if (rc == 0 && fl->kind == BD_KIND_NOT_BOUNCE && depth < MAX_FORWARD_DEPTH &&
		    !is_digest(m) && (fwd = forward_start(text, cut)) != NULL) {
			text[cut] = at_cut;
			rc = forwarded_bounce(fwd, len - (size_t)(fwd - text), fl, wants, depth, 0) < 0 ? -1 : 0;
		}
		if (rc == 0 && fl->kind == BD_KIND_NOT_BOUNCE && depth < MAX_FORWARD_DEPTH)
			rc = attached_bounce(m, fl, wants, depth, 0) < 0 ? -1 : 0;
	}
	/* the prose, for rules that read it and for a bounce whose prose
	 * may give the reason for all its entries (no memory: none) */
	if (rc == 0 && fl->context == NULL && (wants->context || undecided(fl))) {
		text[cut] = '\0';
		fl->context = context(m, text, &fl->prose_at);
	}
	for (i = 0; i < ex.n; i++)
		free(owned[i]);
	free(text);
	return rc;
}
