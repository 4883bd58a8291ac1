/*
 * forward.c - a forward's header block in the user's language, renamed
 * (see forward.h)
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "forward.h"

#define MAX_LABEL 40   /* bytes of a field label ("Destinatário", "보낸 사람") */
#define MAX_FIELDS 12  /* lines of one forward header block */

/* The labels mail clients write, in the languages they are sold in, and
 * the field each stands for (ASCII letters compared without case). */
static const struct {
	const char *label;
	const char *name;
} labels[] = {
	{ "From", "From" }, { "De", "From" }, { "Von", "From" }, { "Da", "From" },
	{ "Van", "From" }, { "Od", "From" }, { "Fra", "From" }, { "Från", "From" },
	{ "Afzender", "From" }, { "Remetente", "From" }, { "Remitente", "From" },
	{ "Nadawca", "From" }, { "Odesílatel", "From" }, { "Lähettäjä", "From" },
	{ "Kimden", "From" }, { "Feladó", "From" }, { "Expeditor", "From" },
	{ "От", "From" }, { "Від", "From" }, { "Από", "From" }, { "发件人", "From" },
	{ "寄件者", "From" }, { "差出人", "From" }, { "送信者", "From" }, { "보낸 사람", "From" }, { "מאת", "From" },
	{ "من", "From" },
	{ "Sent", "Date" }, { "Date", "Date" }, { "Envoyé", "Date" }, { "Gesendet", "Date" },
	{ "Enviado", "Date" }, { "Enviado el", "Date" }, { "Enviada em", "Date" },
	{ "Inviato", "Date" }, { "Verzonden", "Date" }, { "Wysłano", "Date" },
	{ "Odesláno", "Date" }, { "Skickat", "Date" }, { "Sendt", "Date" },
	{ "Lähetetty", "Date" }, { "Gönderildi", "Date" }, { "Elküldve", "Date" },
	{ "Trimis", "Date" }, { "Datum", "Date" }, { "Fecha", "Date" }, { "Data", "Date" },
	{ "Отправлено", "Date" }, { "Дата", "Date" }, { "Надіслано", "Date" },
	{ "Ημερομηνία", "Date" }, { "Στάλθηκε", "Date" }, { "发送时间", "Date" },
	{ "日期", "Date" }, { "寄件日期", "Date" }, { "送信日時", "Date" }, { "日時", "Date" },
	{ "보낸 날짜", "Date" }, { "תאריך", "Date" }, { "تاريخ", "Date" },
	{ "To", "To" }, { "À", "To" }, { "A", "To" }, { "An", "To" }, { "Para", "To" },
	{ "Aan", "To" }, { "Do", "To" }, { "Komu", "To" }, { "Till", "To" }, { "Til", "To" },
	{ "Vastaanottaja", "To" }, { "Kime", "To" }, { "Címzett", "To" }, { "Către", "To" },
	{ "Кому", "To" }, { "Προς", "To" }, { "收件人", "To" }, { "收件者", "To" },
	{ "宛先", "To" }, { "받는 사람", "To" }, { "אל", "To" }, { "إلى", "To" },
	{ "Cc", "Cc" }, { "Kopie", "Cc" }, { "Copia", "Cc" }, { "DW", "Cc" }, { "Копия", "Cc" },
	{ "抄送", "Cc" }, { "副本", "Cc" }, { "참조", "Cc" },
	{ "Subject", "Subject" }, { "Objet", "Subject" }, { "Betreff", "Subject" },
	{ "Asunto", "Subject" }, { "Assunto", "Subject" }, { "Oggetto", "Subject" },
	{ "Onderwerp", "Subject" }, { "Temat", "Subject" }, { "Předmět", "Subject" },
	{ "Ämne", "Subject" }, { "Emne", "Subject" }, { "Aihe", "Subject" }, { "Konu", "Subject" },
	{ "Tárgy", "Subject" }, { "Subiect", "Subject" }, { "Тема", "Subject" },
	{ "Θέμα", "Subject" }, { "主题", "Subject" }, { "主旨", "Subject" }, { "件名", "Subject" },
	{ "제목", "Subject" }, { "נושא", "Subject" }, { "الموضوع", "Subject" },
	{ NULL, NULL }
};

/* label_end - where the label of the line p[0..n) ends (before the
 * blanks and the colon, ASCII or full-width, that follow it); *value is
 * set past them.  NULL when no colon follows a short label. */
static const char *
label_end(const char *p, size_t n, const char **value)
{
	const char *end = p + n, *q, *colon = NULL;

	for (q = p; q < end && q - p <= MAX_LABEL; q++) {
		if (*q == ':')
			colon = q + 1;
		else if (end - q >= 3 && memcmp(q, "\xef\xbc\x9a", 3) == 0) /* "：" */
			colon = q + 3;
		else
			continue;
		for (*value = colon; *value < end && (**value == ' ' || **value == '\t' ||
		    **value == '*'); (*value)++)
			;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		return q;
	}
	return NULL;
}

const char *
bd_forward_field(const char *p, size_t n, const char **value)
{
	const char *end;
	size_t i, len;

	if (n > 0 && *p == '*') /* Outlook's plain text of bold labels: "*From:* ..." */
		p++, n--;
	if ((end = label_end(p, n, value)) == NULL || end == p)
		return NULL;
	len = (size_t)(end - p);
	if (p[len - 1] == '*')
		len--;
	for (i = 0; labels[i].label; i++)
		if (strlen(labels[i].label) == len && strncasecmp(labels[i].label, p, len) == 0)
			return labels[i].name;
	return NULL;
}

/* as_written - the field at p is written as RFC 5322 names it ("From:",
 * not "De :", "Sent:" or "*From:*") */
static int
as_written(const char *p, const char *name)
{
	size_t n = strlen(name);

	return strncasecmp(p, name, n) == 0 && p[n] == ':';
}

/* block_end - the end of the forward header block text starts with (the
 * start of the line after its last field or continuation); 0 when text
 * does not start with one, or with a header block that needs no renaming
 * (a forwarded message's own header, which goes on past these fields) */
static size_t
block_end(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *value;
	const char *name;
	size_t fields = 0;
	int from = 0, renamed = 0;

	for (; p < end && fields < MAX_FIELDS; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (fields > 0 && nl > p && (*p == ' ' || *p == '\t'))
			continue; /* a continuation of a long recipient list */
		if ((name = bd_forward_field(p, (size_t)(nl - p), &value)) == NULL)
			break;
		from |= strcmp(name, "From") == 0;
		renamed |= !as_written(p, name);
		fields++;
		if (nl == end) {
			p = end;
			break;
		}
	}
	return from && renamed && fields >= 2 ? (size_t)(p - text) : 0;
}

int
bd_forward_headers(const char *text, size_t len, char **out, size_t *outlen)
{
	size_t hlen = block_end(text, len);
	const char *p = text, *end = text + hlen, *nl, *value, *name;
	char *w;

	if (hlen == 0)
		return 0;
	/* a name takes at most "Subject: " (a label and its colon go), the
	 * last line may gain its '\n', and a blank line and a NUL follow */
	if ((*out = w = malloc(len + MAX_FIELDS * 9 + 3)) == NULL)
		return -1;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((name = bd_forward_field(p, (size_t)(nl - p), &value)) == NULL)
			value = p; /* a continuation, as it is */
		else {
			memcpy(w, name, strlen(name));
			w += strlen(name);
			*w++ = ':';
			*w++ = ' ';
		}
		memcpy(w, value, (size_t)(nl - value));
		w += nl - value;
		*w++ = '\n';
	}
	*w++ = '\n';
	if (hlen < len) {
		memcpy(w, text + hlen, len - hlen);
		w += len - hlen;
	}
	*w = '\0';
	*outlen = (size_t)(w - *out);
	return 1;
}
