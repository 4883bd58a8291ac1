/*
 * session.h - failures in SMTP session logs (hMailServer, MDaemon,
 * SmarterMail, IceWarp, Exchange's protocol logs), where the reply that
 * refuses a recipient comes on a later line than the RCPT TO naming it.
 * Internal.
 */
#ifndef BD_SESSION_H
#define BD_SESSION_H

#include <stddef.h>

#include "facts.h"

/* The sessions of one log in progress: their commands awaiting a reply
 * and the recipients their transactions have. */
struct bd_session_log;

/*
 * bd_session_stream - 1 when text (n bytes, the start of a stream) is a
 * session log: its first line is one of these servers' session lines, or
 * Exchange's protocol log header.  Such a stream is read line by line,
 * each refusal one message (bd_session_line).
 */
int bd_session_stream(const char *text, size_t n);

/*
 * bd_session_line - a line (n bytes) of a session log read as a stream,
 * noted in *log (made at the first call; freed with bd_session_free): 1
 * when it ends a refusal of MAIL, RCPT, DATA or the message, *start then
 * the earlier lines it needs (the command, the recipients of a refused
 * message, the reply's first lines; NUL-ended, '\n' between, valid until
 * the next call): read together with the line, they give the refusal's
 * entries.  0 for any other line, -1 when out of memory.
 */
int bd_session_line(struct bd_session_log **log, const char *line, size_t n, const char **start);
void bd_session_free(struct bd_session_log *log);

/*
 * bd_session_scan - append to fl an entry per recipient each refusal in
 * the session log text names (a refusal of MAIL: one entry without one).
 * Returns the number of entries added (0: no session log line refuses
 * anything), or -1 when out of memory.
 */
int bd_session_scan(const char *text, size_t len, struct bd_factlist *fl);

#endif
