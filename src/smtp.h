/*
 * smtp.h - find the SMTP facts in a line of text: enhanced status codes
 * (RFC 3463), reply codes (RFC 5321), the SMTP command that was answered,
 * and e-mail addresses.  Shared by dsn.c, textscan.c, scan.c and fragment.c.
 */
#ifndef BD_SMTP_H
#define BD_SMTP_H

#include <stddef.h>

/* Each function works on a NUL-terminated string. */
/* bd_find_status - first enhanced status code ("5.1.1", "4.7.650") in s that
 * is not part of a longer number or an IP address; copies it into out
 * (size >= 16) and returns a pointer to it in s, or NULL. */
const char *bd_find_status(const char *s, char out[16]);
/* bd_find_reply_code - the SMTP reply code (2xx-5xx) s starts with or
 * states ("550-", "550 ", "said: 550", "error code 550", "Server Error:
 * 550"), or 0. */
int bd_find_reply_code(const char *s);

/* bd_reply_code_at - the reply code at p (a pointer into s) when it
 * stands alone there, not inside a number, a phone number or an address
 * ("(550, ", "550 5.1.1", "#550"), else 0. */
int bd_reply_code_at(const char *s, const char *p);

/* bd_find_reply_code_of - the first reply code of class klass (4 or 5)
 * standing alone in s, or 0 */
int bd_find_reply_code_of(const char *s, int klass);
/* bd_find_command - the SMTP command a text says was answered ("in reply to
 * RCPT TO command", "RCPT TO:<...>", "after end of data"...), upper-case
 * static string, or NULL. */
const char *bd_find_command(const char *s);

/* bd_find_address - first e-mail address in s ("<a@b>", "a@b"), copied
 * into a new string without the brackets; NULL when none (or no memory). */
char *bd_find_address(const char *s);

/* bd_next_address - the next address in s at or after *pos (a pointer into
 * s), copied as bd_find_address does; *pos is moved past it.  NULL when no
 * address is left (or no memory). */
char *bd_next_address(const char *s, const char **pos);

/* bd_address_span - where the next address in s at or after from starts
 * (without its brackets), its end in *end; NULL when none is left. */
const char *bd_address_span(const char *s, const char *from, const char **end);

#endif
