/*
 * util.c - growable string buffer and byte-string helpers
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int
ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* sb_grow - make room for n more bytes plus a NUL */
static int
sb_grow(struct strbuf *sb, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - sb->len - 1)
		return -1;
	need = sb->len + n + 1;
	if (need <= sb->cap)
		return 0;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	p = realloc(sb->s, cap);
	if (p == NULL)
		return -1;
	sb->s = p;
	sb->cap = cap;
	return 0;
}

int
sb_append(struct strbuf *sb, const char *p, size_t n)
{
	if (sb_grow(sb, n) < 0)
		return -1;
	if (n)
		memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return 0;
}

int
sb_appends(struct strbuf *sb, const char *s)
{
	return sb_append(sb, s, strlen(s));
}

int
sb_appendc(struct strbuf *sb, char c)
{
	if (sb->len + 2 <= sb->cap) { /* room for it and the NUL: the common case */
		sb->s[sb->len++] = c;
		sb->s[sb->len] = '\0';
		return 0;
	}
	return sb_append(sb, &c, 1);
}

char *
sb_steal(struct strbuf *sb)
{
	char *s = sb->s;

	if (s == NULL)
		s = calloc(1, 1);
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *
bd_strndup(const char *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		return NULL;
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
bd_strdup(const char *s)
{
	return s ? bd_strndup(s, strlen(s)) : NULL;
}

const char *
bd_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char *p, *end, *lo, *up;
	int cl, cu;
	size_t j;

	if (nlen == 0)
		return hay;
	if (nlen > hlen)
		return NULL;
	cl = bd_ascii_lower((unsigned char)needle[0]);
	cu = (cl >= 'a' && cl <= 'z') ? cl - 32 : cl;
	end = hay + (hlen - nlen + 1);   /* candidates start before end */
	lo = memchr(hay, cl, (size_t)(end - hay));
	up = cu != cl ? memchr(hay, cu, (size_t)(end - hay)) : NULL;
	while (lo || up) {
		p = (lo && (!up || lo < up)) ? lo : up;
		for (j = 1; j < nlen; j++)
			if (bd_ascii_lower((unsigned char)p[j]) != bd_ascii_lower((unsigned char)needle[j]))
				break;
		if (j == nlen)
			return p;
		if (p == lo)
			lo = memchr(p + 1, cl, (size_t)(end - p - 1));
		else
			up = memchr(p + 1, cu, (size_t)(end - p - 1));
	}
	return NULL;
}

int
bd_strcaseprefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (bd_ascii_lower((unsigned char)*s) != bd_ascii_lower((unsigned char)*prefix))
			return 0;
	return 1;
}

char *
bd_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && ascii_space((unsigned char)s[n - 1]))
		n--;
	while (i < n && ascii_space((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
	return s;
}

char *
bd_fold_space(char *s)
{
	char *r = s, *w;
	int space = 0;

	/* the part already folded (words and single spaces) stays in place */
	while (*r && (!ascii_space((unsigned char)*r) ||
	    (*r == ' ' && r > s && r[1] && !ascii_space((unsigned char)r[1]))))
		r++;
	for (w = r; *r; r++) {
		if (ascii_space((unsigned char)*r)) {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

size_t
bd_lower_char(const unsigned char *p, size_t n, unsigned char *out)
{
	unsigned cp;

	if (*p < 0x80) {
		out[0] = (unsigned char)bd_ascii_lower(*p);
		return 1;
	}
	if (n >= 2 && (p[1] & 0xc0) == 0x80) {
		if (p[0] == 0xc3 && p[1] <= 0x9e && p[1] != 0x97) {   /* À..Þ, not × */
			out[0] = 0xc3;
			out[1] = (unsigned char)(p[1] + 0x20);
			return 2;
		}
		if (p[0] == 0xce || p[0] == 0xd0) {
			cp = (p[0] == 0xce ? 0x380u : 0x400u) | (p[1] & 0x3fu);
			if (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2)
				cp += 0x20;   /* Α..Ω -> α..ω */
			else if (cp == 0x386)
				cp = 0x3ac;   /* Ά -> ά */
			else if (cp == 0x38c)
				cp = 0x3cc;   /* Ό -> ό */
			else if (cp >= 0x388 && cp <= 0x38a)
				cp += 0x25;   /* Έ Ή Ί -> έ ή ί */
			else if (cp == 0x38e || cp == 0x38f)
				cp += 0x3f;   /* Ύ Ώ -> ύ ώ */
			else if (cp >= 0x400 && cp < 0x410)
				cp += 0x50;   /* Ѐ..Џ -> ѐ..џ */
			else if (cp >= 0x410 && cp < 0x430)
				cp += 0x20;   /* А..Я -> а..я */
			return bd_put_utf8((char *)out, cp);   /* two bytes, as it came */
		}
	}
	out[0] = *p;
	return 1;
}

void
bd_lower_utf8(const char *in, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i;

	for (i = 0; i < len; ) {
		if (p[i] < 0x80) {   /* the common case, without the call */
			out[i] = (char)bd_ascii_lower(p[i]);
			i++;
		} else {
			i += bd_lower_char(p + i, len - i, (unsigned char *)out + i);
		}
	}
}

char *
bd_lower(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)bd_ascii_lower((unsigned char)*p);
	return s;
}

size_t
bd_put_utf8(char *w, unsigned long cp)
{
	if (cp < 0x80) {
		w[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		w[0] = (char)(0xc0 | (cp >> 6));
		w[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		w[0] = (char)(0xe0 | (cp >> 12));
		w[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		w[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	w[0] = (char)(0xf0 | (cp >> 18));
	w[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	w[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	w[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* bd_fits_form - s starts with a stamp of form ('d' a digit, 'A' an
 * upper-case letter, 'a' a lower-case one, anything else itself): its
 * length, or 0 */
size_t
bd_fits_form(const char *s, const char *form)
{
	size_t i;

	for (i = 0; form[i]; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    form[i] == 'A' ? !isupper((unsigned char)s[i]) :
		    form[i] == 'a' ? !islower((unsigned char)s[i]) : s[i] != form[i])
			return 0;
	return i;
}

/* bd_csv_split - the comma-separated fields of line (tab-separated when
 * it holds a tab: a table copied from a web console), unquoted in place
 * ("a ""b""" -> a "b"); the number of fields (at most max) */
int
bd_csv_split(char *line, char **field, int max)
{
	char *r = line, *w;
	char sep = strchr(line, '\t') ? '\t' : ',';
	int n = 0;

	for (;;) {
		if (n == max)
			return n;
		field[n++] = w = r;
		if (*r == '"') {
			for (r++; *r && !(*r == '"' && r[1] != '"'); r++)
				*w++ = *r == '"' ? *++r : *r;
			if (*r == '"')
				r++;
			while (*r && *r != sep)
				r++;
		} else {
			while (*r && *r != sep)
				*w++ = *r++;
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		r++;
		*w = '\0';
	}
}
