/*
 * decode.c - transfer encodings and charsets.  Bad input never fails:
 * invalid base64 characters are skipped, broken quoted-printable escapes
 * are kept as written, and bytes that do not convert become U+FFFD.
 * Charset conversion is glibc's iconv; a converter is opened per call, so
 * the functions are safe to use from several threads.  When a label lies
 * (GBK, EUC-KR, Shift_JIS or KOI8-R text labelled ISO-8859-1, or not at
 * all), uchardet, Mozilla's charset detector, names the charset.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "decode.h"
#include "util.h"

#define REPLACEMENT "\xef\xbf\xbd"

/* b64val - the value of a base64 character, -1 for any other byte */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

char *
bd_base64_decode(const char *in, size_t len, size_t *outlen)
{
	char *out = malloc(len / 4 * 3 + 4), *w = out;
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (in[i] == '=')
			break;
		if ((v = b64val((unsigned char)in[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*w++ = (char)((acc >> bits) & 0xff);
		}
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

static int
hexdigit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
bd_qp_decode(const char *in, size_t len, size_t *outlen)
{
	char *out = malloc(len + 1), *w = out;
	size_t i, j;
	int hi, lo;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (in[i] != '=') {
			/* the run of bytes up to the next '=' as it is */
			const char *eq = memchr(in + i, '=', len - i);
			size_t run = eq ? (size_t)(eq - (in + i)) : len - i;

			memcpy(w, in + i, run);
			w += run;
			i += run - 1;
			continue;
		}
		/* soft line break: '=' then optional blanks then end of line */
		for (j = i + 1; j < len && (in[j] == ' ' || in[j] == '\t' || in[j] == '\r'); j++)
			;
		if (j == len || in[j] == '\n') {
			i = j;
			continue;
		}
		if (i + 2 < len + 0 && (hi = hexdigit((unsigned char)in[i + 1])) >= 0 &&
		    (lo = hexdigit((unsigned char)in[i + 2])) >= 0) {
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else
			*w++ = '=';
	}
	*w = '\0';
	*outlen = (size_t)(w - out);
	return out;
}

size_t
bd_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

size_t
bd_utf8_cut(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t back = 0;

	/* step back over continuation bytes to the start of the last
	 * sequence; keep it only if it is whole */
	while (back < n && back < 4 && (p[n - 1 - back] & 0xC0) == 0x80)
		back++;
	if (back < n && p[n - 1 - back] >= 0xC0 &&
	    bd_utf8_seq(p + n - 1 - back, back + 1) != back + 1)
		return n - 1 - back;
	return n;
}

/* ascii_run - bytes below 0x80 at the start of p[0..len), eight at a time */
static size_t
ascii_run(const unsigned char *p, size_t len)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < len && p[i] < 0x80)
		i++;
	return i;
}

int
bd_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (len > 0) {
		n = ascii_run(p, len);
		p += n;
		len -= n;
		if (len == 0)
			break;
		if ((n = bd_utf8_seq(p, len)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

/* repair_utf8 - a copy with every invalid byte made U+FFFD */
static char *
repair_utf8(const char *in, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)in;
	struct strbuf sb = { 0 };
	size_t n;

	if (sb_append(&sb, "", 0) < 0)
		return NULL;
	while (len > 0) {
		n = bd_utf8_seq(p, len);
		if ((n ? sb_append(&sb, (const char *)p, n) : sb_appends(&sb, REPLACEMENT)) < 0) {
			sb_free(&sb);
			return NULL;
		}
		if (n == 0)
			n = 1;
		p += n;
		len -= n;
	}
	*outlen = sb.len;
	return sb_steal(&sb);
}

/* Charset names iconv does not know, or knows under a narrower name. */
static const struct {
	const char *name, *iconv_name;
} aliases[] = {
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "cp936", "GB18030" }, { "euc-cn", "GB18030" }, { "hz-gb-2312", "GB18030" },
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "x-sjis", "CP932" },
	{ "sjis", "CP932" }, { "windows-31j", "CP932" }, { "iso-2022-jp", "ISO-2022-JP-3" },
	{ "ks_c_5601-1987", "CP949" }, { "euc-kr", "CP949" }, { "big5", "BIG5-HKSCS" },
	{ "x-mac-roman", "MACINTOSH" }, { "unicode-1-1-utf-7", "UTF-7" },
	{ "ansi_x3.4-1968", "ISO-8859-1" }, { "us-ascii", "ISO-8859-1" },
	{ "ascii", "ISO-8859-1" }, { "iso-8859-8-i", "ISO-8859-8" }, { "latin1", "ISO-8859-1" },
	{ "utf8", "UTF-8" }, { "unknown-8bit", NULL }, { "x-unknown", NULL },
	{ "default", NULL }, { "x-user-defined", NULL }, { NULL, NULL }
};

/* iconv_name - the name to give iconv for a declared charset; NULL when
 * the declaration says nothing (then the bytes are guessed) */
static const char *
iconv_name(const char *charset)
{
	size_t i;

	if (charset == NULL || *charset == '\0')
		return NULL;
	for (i = 0; aliases[i].name; i++)
		if (strcasecmp(charset, aliases[i].name) == 0)
			return aliases[i].iconv_name;
	return charset;
}

/* convert - in from charset to UTF-8 with iconv; bytes that do not convert
 * become U+FFFD, *bad counts them.  NULL when iconv does not know the
 * charset (or out of memory, with *bad = -1). */
/*
 * Converters are kept open per thread: glibc loads a module for each
 * iconv_open and unloads it at iconv_close, which costs more than most
 * conversions.  A small cache per thread keeps the library thread-safe.
 */
#define CD_CACHE 8
static _Thread_local struct {
	char name[32];
	iconv_t cd;
} cd_cache[CD_CACHE];
static _Thread_local unsigned cd_next;

/* open_cd - a converter from charset to UTF-8 in its initial state */
static iconv_t
open_cd(const char *charset)
{
	unsigned i;
	iconv_t cd;

	if (strlen(charset) >= sizeof cd_cache[0].name)
		return iconv_open("UTF-8", charset);
	for (i = 0; i < CD_CACHE; i++)
		if (cd_cache[i].name[0] && strcasecmp(cd_cache[i].name, charset) == 0) {
			iconv(cd_cache[i].cd, NULL, NULL, NULL, NULL);
			return cd_cache[i].cd;
		}
	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return cd;
	i = cd_next++ % CD_CACHE;
	if (cd_cache[i].name[0])
		iconv_close(cd_cache[i].cd);
	strcpy(cd_cache[i].name, charset);
	cd_cache[i].cd = cd;
	return cd;
}

void
bd_decode_thread_done(void)
{
	unsigned i;

	for (i = 0; i < CD_CACHE; i++)
		if (cd_cache[i].name[0]) {
			iconv_close(cd_cache[i].cd);
			cd_cache[i].name[0] = '\0';
		}
}

/* close_cd - give back a converter from open_cd */
static void
close_cd(iconv_t cd, const char *charset)
{
	if (strlen(charset) >= sizeof cd_cache[0].name)
		iconv_close(cd);
}

static char *
convert(const char *in, size_t len, const char *charset, size_t *outlen, long *bad)
{
	iconv_t cd = open_cd(charset);
	struct strbuf sb = { 0 };
	char buf[4096], *ip = (char *)(uintptr_t)in, *op;
	size_t il = len, ol, r;

	*bad = 0;
	if (cd == (iconv_t)-1)
		return NULL;
	while (il > 0) {
		op = buf;
		ol = sizeof buf;
		r = iconv(cd, &ip, &il, &op, &ol);
		if (sb_append(&sb, buf, (size_t)(op - buf)) < 0)
			goto nomem;
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL: replace one byte and go on */
		if (sb_appends(&sb, REPLACEMENT) < 0)
			goto nomem;
		(*bad)++;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	close_cd(cd, charset);
	if (sb_append(&sb, "", 0) < 0)
		goto nomem_closed;
	*outlen = sb.len;
	return sb_steal(&sb);
nomem:
	close_cd(cd, charset);
nomem_closed:
	sb_free(&sb);
	*bad = -1;
	return NULL;
}

/* cjk_share - share (0..100) of CJK / kana / hangul characters among the
 * non-ASCII characters of valid UTF-8 text */
static int
cjk_share(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, high = 0, cjk = 0;
	unsigned cp;

	while (len > 0) {
		n = bd_utf8_seq(p, len);
		if (n == 0)
			n = 1;
		if (n == 3) {
			cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
			high++;
			if ((cp >= 0x3000 && cp <= 0x30ff) || (cp >= 0x4e00 && cp <= 0x9fff) ||
			    (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xff01 && cp <= 0xff5e))
				cjk++;
		} else if (n > 1)
			high++;
		p += n;
		len -= n;
	}
	return high ? (int)(cjk * 100 / high) : 0;
}

/* cyrillic_guess - CP1251 or KOI8-R for single-byte text whose high bytes
 * are mostly letters: Russian text is mostly lower case, which is
 * 0xE0-0xFF in CP1251 and 0xC0-0xDF in KOI8-R; NULL when not Cyrillic */
static const char *
cyrillic_guess(const unsigned char *p, size_t len)
{
	size_t i, high = 0, c0 = 0, e0 = 0, runs = 0;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x80)
			continue;
		high++;
		if ((i > 0 && p[i - 1] >= 0x80) || (i + 1 < len && p[i + 1] >= 0x80))
			runs++; /* Cyrillic words are runs of high bytes */
		if (p[i] >= 0xc0 && p[i] <= 0xdf)
			c0++;
		else if (p[i] >= 0xe0)
			e0++;
	}
	if (high < 4 || (c0 + e0) * 10 < high * 8 || runs * 2 < high)
		return NULL;
	return e0 >= c0 ? "CP1251" : "KOI8-R";
}

/* cyrillic_relabel - the other of CP1251 and KOI8-R when text labelled
 * one of them reads as mostly capitals there and mostly small letters in
 * the other (the classic mislabelling of Russian mail); long texts only,
 * so that a subject in capitals keeps its label; else name */
static const char *
cyrillic_relabel(const char *name, const unsigned char *p, size_t len)
{
	size_t i, c0 = 0, e0 = 0;
	int koi = strncasecmp(name, "KOI8-R", 6) == 0 || strncasecmp(name, "KOI8-U", 6) == 0;

	if (!koi && strcasecmp(name, "CP1251") != 0 && strcasecmp(name, "WINDOWS-1251") != 0)
		return name;
	for (i = 0; i < len; i++) {
		if (p[i] >= 0xc0 && p[i] <= 0xdf)
			c0++;
		else if (p[i] >= 0xe0)
			e0++;
	}
	if (c0 + e0 < 40)
		return name;
	if (!koi && c0 > 3 * e0)
		return "KOI8-R";
	if (koi && e0 > 3 * c0)
		return "CP1251";
	return name;
}

/* The charsets uchardet may name for text whose label lies, as iconv
 * knows them: double-byte CJK and Cyrillic ones, which a Latin label (or
 * none) turns into mojibake.  Its other answers (Latin, Greek, Hebrew...)
 * change nothing the label did not already read. */
static const struct {
	const char *detected, *iconv_name;
	int cjk;
} detectable[] = {
	{ "GB18030", "GB18030", 1 }, { "GBK", "GB18030", 1 }, { "GB2312", "GB18030", 1 },
	{ "BIG5", "BIG5-HKSCS", 1 }, { "EUC-TW", "EUC-TW", 1 }, { "UHC", "CP949", 1 },
	{ "EUC-KR", "CP949", 1 }, { "SHIFT_JIS", "CP932", 1 }, { "EUC-JP", "EUC-JP", 1 },
	{ "KOI8-R", "KOI8-R", 0 }, { "WINDOWS-1251", "CP1251", 0 }, { "IBM866", "IBM866", 0 },
	{ "ISO-8859-5", "ISO-8859-5", 0 }, { "MAC-CYRILLIC", "MAC-CYRILLIC", 0 }, { NULL, NULL, 0 }
};

#define DETECT_BYTES (64u * 1024)   /* bytes of a text uchardet reads */

/* paired_share - share (0..100) of the high bytes that stand in runs of
 * two or more: double-byte and Cyrillic words are such runs, the accented
 * letters of Latin text mostly stand alone */
static int
paired_share(const unsigned char *p, size_t len)
{
	size_t i, high = 0, paired = 0;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x80)
			continue;
		high++;
		paired += (i > 0 && p[i - 1] >= 0x80) || (i + 1 < len && p[i + 1] >= 0x80);
	}
	return high ? (int)(paired * 100 / high) : 0;
}

/* detected - in read in the charset uchardet names for it, when it names
 * one of detectable and the conversion is clean; NULL otherwise */
static char *
detected(const char *in, size_t len, size_t *outlen)
{
	uchardet_t ud;
	const char *name = NULL;
	char *out = NULL;
	long bad;
	int i;

	if (paired_share((const unsigned char *)in, len) < 80 || (ud = uchardet_new()) == NULL)
		return NULL;
	if (uchardet_handle_data(ud, in, len < DETECT_BYTES ? len : DETECT_BYTES) == 0) {
		uchardet_data_end(ud);
		for (i = 0; detectable[i].detected; i++)
			if (strcasecmp(uchardet_get_charset(ud), detectable[i].detected) == 0)
				break;
		name = detectable[i].iconv_name;
	}
	uchardet_delete(ud);
	if (name == NULL || (out = convert(in, len, name, outlen, &bad)) == NULL)
		return NULL;
	if (bad != 0 || (detectable[i].cjk && cjk_share(out, *outlen) < 70)) {
		free(out);
		return NULL;
	}
	return out;
}

/* guess - convert bytes of an unknown charset */
static char *
guess(const char *in, size_t len, size_t *outlen)
{
	static const char *const cjk[] = { "GB18030", "CP932", "EUC-JP", "BIG5-HKSCS", NULL };
	const char *cyr;
	char *out;
	long bad;
	int i;

	if (bd_memcasemem(in, len, "\033$B", 3) || bd_memcasemem(in, len, "\033$@", 3))
		if ((out = convert(in, len, "ISO-2022-JP-3", outlen, &bad)) != NULL)
			return out;
	if ((out = detected(in, len, outlen)) != NULL)
		return out;
	/* Cyrillic first: its high bytes are all >= 0xC0, which CJK double
	 * byte text, with many trail bytes below 0xC0, is not */
	if ((cyr = cyrillic_guess((const unsigned char *)in, len)) != NULL)
		return convert(in, len, cyr, outlen, &bad);
	for (i = 0; cjk[i]; i++) {
		out = convert(in, len, cjk[i], outlen, &bad);
		if (out && bad == 0 && cjk_share(out, *outlen) >= 70)
			return out;
		free(out);
		if (bad < 0)
			return NULL;
	}
	return convert(in, len, "CP1252", outlen, &bad);
}

/* has_high - any byte >= 0x80 */
static int
has_high(const char *s, size_t len)
{
	return ascii_run((const unsigned char *)s, len) < len;
}

/* wide_or_7bit - charsets whose ASCII-only bytes still need converting */
static int
wide_or_7bit(const char *name)
{
	return name && (bd_strcaseprefix(name, "UTF-7") || bd_strcaseprefix(name, "UTF-16") ||
	    bd_strcaseprefix(name, "UTF-32") || bd_strcaseprefix(name, "UCS") ||
	    bd_strcaseprefix(name, "HZ"));
}

char *
bd_to_utf8(const char *in, size_t len, const char *charset, size_t *outlen)
{
	const char *name = iconv_name(charset);
	int high = has_high(in, len);
	char *out;
	long bad;

	if (!high && !memchr(in, '\033', len) && !wide_or_7bit(name))
		return (*outlen = len, bd_strndup(in, len));
	/* valid UTF-8 with high bytes is UTF-8, whatever the label says
	 * (a label of an 8-bit or a 7-bit charset on UTF-8 text is a
	 * common lie; a 7-bit charset never has high bytes at all) */
	if ((name == NULL || strcasecmp(name, "UTF-8") == 0 ||
	    (bd_strcaseprefix(name, "ISO-2022") && high) ||
	    strncasecmp(name, "ISO-8859", 8) == 0 || strncasecmp(name, "WINDOWS-125", 11) == 0) &&
	    bd_utf8_valid(in, len))
		return (*outlen = len, bd_strndup(in, len));
	/* a Latin label (or a 7-bit one) on double-byte or Cyrillic text */
	if (name && (strcasecmp(name, "ISO-8859-1") == 0 || strcasecmp(name, "WINDOWS-1252") == 0 ||
	    strcasecmp(name, "CP1252") == 0 || (bd_strcaseprefix(name, "ISO-2022") && high)) &&
	    (out = detected(in, len, outlen)) != NULL)
		return out;
	if (name && strcasecmp(name, "UTF-8") != 0) {
		out = convert(in, len, cyrillic_relabel(name, (const unsigned char *)in, len),
		    outlen, &bad);
		if (out && bad * 20 <= (long)len)
			return out;
		free(out);
		if (bad < 0 && out == NULL && iconv_name(charset) == NULL)
			return NULL;
	}
	out = guess(in, len, outlen);
	return out ? out : repair_utf8(in, len, outlen);
}

/* encoded_word - decode one "=?cs?E?text?=" at p (length in *used); NULL
 * when p does not hold a well-formed encoded word */
static char *
encoded_word(const char *p, const char *end, size_t *used, size_t *outlen)
{
	const char *q1, *q2, *stop;
	char cs[64], *raw, *out, *w;
	size_t rawlen, i, n;
	int enc;

	if (end - p < 8 || p[0] != '=' || p[1] != '?')
		return NULL;
	if ((q1 = memchr(p + 2, '?', (size_t)(end - p - 2))) == NULL || q1 - p - 2 >= (long)sizeof cs ||
	    q1 + 3 > end || q1[2] != '?')
		return NULL;
	enc = q1[1] | 32;
	if (enc != 'b' && enc != 'q')
		return NULL;
	q2 = q1 + 3;
	if ((stop = bd_memcasemem(q2, (size_t)(end - q2), "?=", 2)) == NULL)
		return NULL;
	memcpy(cs, p + 2, (size_t)(q1 - p - 2));
	cs[q1 - p - 2] = '\0';
	if ((w = strchr(cs, '*')) != NULL)
		*w = '\0'; /* RFC 2231 language */
	n = (size_t)(stop - q2);
	if (enc == 'b')
		raw = bd_base64_decode(q2, n, &rawlen);
	else {
		char *tmp = bd_strndup(q2, n);

		if (tmp == NULL)
			return NULL;
		for (i = 0; i < n; i++)
			if (tmp[i] == '_')
				tmp[i] = ' ';
		raw = bd_qp_decode(tmp, n, &rawlen);
		free(tmp);
	}
	if (raw == NULL)
		return NULL;
	out = bd_to_utf8(raw, rawlen, cs, outlen);
	free(raw);
	*used = (size_t)(stop + 2 - p);
	return out;
}

char *
bd_rfc2047_decode(const char *in, size_t len)
{
	struct strbuf sb = { 0 };
	const char *p = in, *end = in + len, *gap = NULL;
	char *word, *out;
	size_t used, wlen;

	if (bd_memcasemem(in, len, "=?", 2) == NULL)
		return bd_utf8_valid(in, len) ? bd_strndup(in, len) : repair_utf8(in, len, &wlen);
	if (sb_append(&sb, "", 0) < 0)
		return NULL;
	while (p < end) {
		if (p[0] == '=' && p + 1 < end && p[1] == '?' &&
		    (word = encoded_word(p, end, &used, &wlen)) != NULL) {
			gap = NULL; /* white space between encoded words goes */
			if (sb_append(&sb, word, wlen) < 0) {
				free(word);
				break;
			}
			free(word);
			p += used;
			while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
				if (gap == NULL)
					gap = p;
				p++;
			}
			if (gap && !(p + 1 < end && p[0] == '=' && p[1] == '?'))
				sb_append(&sb, gap, (size_t)(p - gap));
			gap = NULL;
			continue;
		}
		/* plain text up to the next possible encoded word */
		word = memchr(p + 1, '=', (size_t)(end - p - 1));
		if (word == NULL)
			word = (char *)(uintptr_t)end;
		sb_append(&sb, p, (size_t)(word - p));
		p = word;
	}
	if (!bd_utf8_valid(sb.s, sb.len)) {
		out = repair_utf8(sb.s, sb.len, &wlen);
		sb_free(&sb);
		return out;
	}
	return sb_steal(&sb);
}

/* bd_line_copy - the first line of line[0..n), without its end, NUL-ended
 * into buf (size bytes: longer lines are cut); the bytes of line it
 * spans, its end included */
size_t
bd_line_copy(const char *line, size_t n, char *buf, size_t size)
{
	const char *nl = memchr(line, '\n', n);
	size_t spans = nl ? (size_t)(nl - line) + 1 : n;

	n = nl ? (size_t)(nl - line) : n;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n >= size)
		n = bd_utf8_cut(line, size - 1);   /* whole characters only */
	memcpy(buf, line, n);
	buf[n] = '\0';
	return spans;
}
