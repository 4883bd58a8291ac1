/*
 * decode.h - transfer encodings and charsets: base64, quoted-printable,
 * RFC 2047 encoded words, and conversion of any charset to UTF-8 (iconv).
 *
 * All functions take pointer + length and return newly allocated,
 * NUL-terminated output (or NULL when out of memory).  Bad input never
 * fails: invalid base64 characters are skipped, broken QP escapes are kept
 * as written, unknown or lying charsets fall back (see bd_to_utf8).
 */
#ifndef BD_DECODE_H
#define BD_DECODE_H

#include <stddef.h>

char *bd_base64_decode(const char *in, size_t len, size_t *outlen);
char *bd_qp_decode(const char *in, size_t len, size_t *outlen);

/*
 * bd_to_utf8 - convert in[0..len) from charset (NULL or unknown: guess) to
 * valid UTF-8.  When the declared charset is wrong or missing: valid UTF-8
 * is kept as is, else ISO-2022-JP escapes, GB18030, Shift_JIS... are tried
 * by plausibility, and as a last resort invalid bytes become U+FFFD.  The
 * result is always valid UTF-8.
 */
char *bd_to_utf8(const char *in, size_t len, const char *charset, size_t *outlen);

/* bd_rfc2047_decode - decode =?charset?B|Q?...?= words in a header value,
 * dropping white space between adjacent encoded words; result is UTF-8. */
char *bd_rfc2047_decode(const char *in, size_t len);

/* bd_utf8_seq - length of the valid UTF-8 sequence at s (n bytes left),
 * 0 when the bytes there are not valid UTF-8 (overlongs, surrogates). */
size_t bd_utf8_seq(const unsigned char *s, size_t n);

/* bd_utf8_cut - the largest length <= n at which s can be cut without
 * splitting a UTF-8 sequence (s has at least n bytes). */
size_t bd_utf8_cut(const char *s, size_t n);

/* bd_line_copy - the first line of line[0..n) into buf (size bytes), without
 * its end (LF or CRLF), NUL-ended, cut between characters when longer;
 * returns the bytes it spans in line, its end included */
size_t bd_line_copy(const char *line, size_t n, char *buf, size_t size);

/* bd_utf8_valid - 1 when s[0..len) is valid UTF-8 (no overlongs, no
 * surrogates). */
int bd_utf8_valid(const char *s, size_t len);

/* bd_decode_thread_done - close the charset converters the calling thread
 * keeps open (bd_ctx_free calls it: a context belongs to one thread). */
void bd_decode_thread_done(void);

#endif
