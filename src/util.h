/*
 * util.h - small helpers shared by every module: a growable string buffer
 * and byte-string functions on pointer + length.
 */
#ifndef BD_UTIL_H
#define BD_UTIL_H

#include <stddef.h>

/* A growable byte buffer, always NUL-terminated once anything was added.
 * Zero-initialise it ({0}); release with sb_free(). */
struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

int sb_append(struct strbuf *sb, const char *p, size_t n); /* 0 or -1 (nomem) */
int sb_appends(struct strbuf *sb, const char *s);
int sb_appendc(struct strbuf *sb, char c);
char *sb_steal(struct strbuf *sb);    /* the string (never NULL), sb emptied */
void sb_free(struct strbuf *sb);

char *bd_strndup(const char *p, size_t n);   /* NULL when out of memory */
char *bd_strdup(const char *s);              /* NULL in, NULL out */

/* bd_memcasemem - first case-insensitive (ASCII) occurrence of needle. */
const char *bd_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* bd_csv_split - the comma-separated fields of line, tab-separated when
 * it holds a tab (RFC 4180 quoting undone in place: "a ""b""" is a "b"),
 * at most max of them; how many */
int bd_csv_split(char *line, char **field, int max);
/* bd_fits_form - s starts with a stamp of form ('d' a digit, 'A' an upper-case
 * letter, 'a' a lower-case one, anything else itself): its length, or 0 */
size_t bd_fits_form(const char *s, const char *form);
/* bd_strcaseprefix - does s start with prefix (ASCII case-insensitive)? */
int bd_strcaseprefix(const char *s, const char *prefix);
/* bd_trim - strip ASCII white space at both ends, in place; returns s. */
char *bd_trim(char *s);
/* bd_fold_space - collapse runs of white space (incl. newlines) into one
 * space and trim, in place; returns s. */
char *bd_fold_space(char *s);
/* bd_ascii_lower - c in lower case when an ASCII capital */
static inline int
bd_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* bd_lower - ASCII lower-case in place; returns s. */
char *bd_lower(char *s);
/* bd_lower_char - the character at p (n bytes left) in lower case into out,
 * in as many bytes as it takes (ASCII, Latin-1 capitals, Greek and basic
 * Cyrillic capitals; any other byte as it is); returns the bytes taken, 1
 * or 2. */
size_t bd_lower_char(const unsigned char *p, size_t n, unsigned char *out);
/* bd_put_utf8 - encode code point cp (at most 0x10ffff) at w, which has
 * room for 4 bytes; the bytes written */
size_t bd_put_utf8(char *w, unsigned long cp);

/* bd_lower_utf8 - in[0..len) lowered with bd_lower_char into out (len bytes:
 * lowering keeps the length). */
void bd_lower_utf8(const char *in, size_t len, char *out);

#endif
