/*
 * forward.h - the header block a mail client writes above a message it
 * forwards or quotes, in its user's language
 *
 * Outlook, Thunderbird, Gmail, Apple Mail and Foxmail introduce a
 * forwarded message with a few lines that look like header fields but are
 * named in the user's language and often spaced as French typography
 * wants ("De : Mail Delivery System <...>", "Betreff: Unzustellbar: ...",
 * "发件人: ...").  Renamed as RFC 5322 names them, the forwarded bounce
 * parses as a message of its own: its sender and subject say what it is.
 */
#ifndef BD_FORWARD_H
#define BD_FORWARD_H

#include <stddef.h>

/* bd_forward_field - the RFC 5322 name ("From", "Date", "To", "Cc",
 * "Subject") of the forward header field the line p[0..n) starts with,
 * and in *value where its value starts; NULL when it starts none */
const char *bd_forward_field(const char *p, size_t n, const char **value);

/* bd_forward_headers - when text[0..len) starts with a forward header
 * block (at least two fields, one of them the sender), a new copy with
 * those fields renamed and a blank line after them (its length in
 * *outlen): 1; 0 when it does not start so; -1 when out of memory */
int bd_forward_headers(const char *text, size_t len, char **out, size_t *outlen);

#endif
