/*
 * source.h - where messages come from: stdin, files, directory trees,
 * Maildirs and mbox files, one message at a time.
 *
 * A bd_source walks the inputs named on the command line in order.  Each
 * call to bd_source_next() yields the next message as a buffer (at most
 * BD_MAX_MESSAGE_BYTES kept; the rest is read past and the message flagged
 * truncated), or an error to report (unreadable file, symlink loop...), or
 * the end.  mbox streams are split on "From " lines with ">From " unescaped,
 * whatever the line ends (LF, CRLF, CR).  A stream whose first line is a
 * mail server's log line (maillog.h) yields each of its bounce, deferral
 * and refusal lines as a message, numbered by its line.  Memory does not grow with the number
 * of messages.  Files are opened read-only.
 */
#ifndef BD_SOURCE_H
#define BD_SOURCE_H

#include <stddef.h>

struct bd_source;

enum bd_source_status {
	BD_SRC_MESSAGE = 0, /* msg filled in */
	BD_SRC_ERROR = 1,   /* msg.file and msg.error filled in; go on */
	BD_SRC_END = 2,     /* nothing more */
	BD_SRC_NOMEM = 3
};

struct bd_msgbuf {
	const char *file;   /* path as given ("-" for stdin) or found in a walk */
	size_t index;       /* 1-based message number within file (a log's line number) */
	char *data;         /* the message bytes (owned by the source, valid until the next call) */
	size_t len;
	int truncated;      /* 1: the message was longer than BD_MAX_MESSAGE_BYTES */
	char error[512];    /* with BD_SRC_ERROR: what went wrong, without the file name */
};

/* bd_source_new - paths[0..n) ("-" means stdin; n == 0 means stdin). */
struct bd_source *bd_source_new(const char *const *paths, size_t n);
enum bd_source_status bd_source_next(struct bd_source *src, struct bd_msgbuf *msg);
void bd_source_free(struct bd_source *src);

/* bd_source_take - move msg->data to the caller (who must free() it), so a
 * message can be handed to another thread; the source allocates anew. */
char *bd_source_take(struct bd_msgbuf *msg);

#endif
