/*
 * message.h - an RFC 5322 message taken apart: unfolded, decoded header
 * fields and the MIME tree flattened into its leaf parts, each decoded
 * (base64 / quoted-printable) and converted to UTF-8.
 *
 * The input must already have LF line ends (bd_diagnose normalises CRLF and
 * bare CR first).  Limits (limits.h) truncate and set a flag in
 * bd_message.truncated; they never make parsing fail.
 */
#ifndef BD_MESSAGE_H
#define BD_MESSAGE_H

#include <stddef.h>

struct bd_header {
	char *name;   /* as written, e.g. "Content-Type" */
	char *value;  /* unfolded, RFC 2047 words decoded to UTF-8, trimmed */
};

/* The fields of a header block that bouncediag reads (see kept_fields in
 * message.c); the others are only counted. */
struct bd_headers {
	struct bd_header *v;
	size_t n, cap;
	size_t seen;          /* fields in the block, kept or not */
	int message_like;     /* a field only messages have was seen */
	int weak;             /* fields a pasted text may start with too */
};

/* bd_field_name_len - length of "Name" when the line p..eol starts
 * "Name:" (a header field), else 0 */
size_t bd_field_name_len(const char *p, const char *eol);

/* Flags for bd_message.truncated: which limit was hit. */
enum {
	BD_TRUNC_SIZE = 1 << 0,    /* message longer than BD_MAX_MESSAGE_BYTES */
	BD_TRUNC_DEPTH = 1 << 1,   /* MIME nesting deeper than BD_MAX_MIME_DEPTH */
	BD_TRUNC_PARTS = 1 << 2,   /* more than BD_MAX_MIME_PARTS parts */
	BD_TRUNC_HEADERS = 1 << 3, /* too many / too long header fields */
	BD_TRUNC_PART = 1 << 4,    /* a part longer than BD_MAX_PART_BYTES */
	BD_TRUNC_RECIPIENTS = 1 << 5, /* more than BD_MAX_RECIPIENTS entries */
	BD_INPUT_BINARY = 1 << 6   /* not text: not read as mail (a note, not a cut) */
};

/* One leaf of the MIME tree. */
struct bd_part {
	char *type;           /* lower-case "text/plain", "message/delivery-status" */
	char *charset;        /* lower-case declared charset, or NULL */
	char *filename;       /* from Content-Disposition/Type, or NULL */
	struct bd_headers headers; /* the part's own MIME header fields */
	char *text;           /* decoded body converted to UTF-8, NUL-terminated */
	size_t len;           /* bytes in text */
	int depth;            /* 0 for a non-multipart message body */
	int in_attached;      /* 1 when inside a message/rfc822 attachment */
	char *report;         /* an attached message that may be a bounce to
	                         read: a delivery report (a gateway wrapped the
	                         MTA's bounce), or any attached message of a
	                         message that is no report (a person forwarding
	                         a bounce); its whole source, bounded; else NULL */
	size_t report_len;
};

struct bd_message {
	struct bd_headers headers;  /* the top-level header block */
	struct bd_part *parts;      /* leaves in document order */
	size_t nparts;
	unsigned truncated;         /* BD_TRUNC_* flags */
	int has_header_block;       /* 0: the input did not start with a header block */
};

/*
 * bd_message_parse - parse buf[0..len) into m (which the caller zeroed).
 * A message/rfc822 part (the returned original) is a leaf whose text is
 * only its header block (undecoded: parse it with bd_headers_parse when
 * needed; part.headers stays empty): it is not descended into.  When that
 * header block declares a multipart/report, the part's whole source is
 * kept too (part.report), to be parsed as a message of its own.
 * text/rfc822-headers parts are leaves with their text.  message/delivery-status
 * parts are leaves too.  Returns 0, or -1 when out of memory.
 */
int bd_message_parse(struct bd_message *m, const char *buf, size_t len);
void bd_message_free(struct bd_message *m);

/* bd_headers_get - value of the first field called name (case-insensitive),
 * or NULL. */
const char *bd_headers_get(const struct bd_headers *h, const char *name);

/*
 * bd_headers_parse - parse a header block at buf[0..len) (up to the first
 * empty line) into h.  Returns the offset of the body (after the empty line),
 * or len when there is no body.  *truncated gets BD_TRUNC_HEADERS when a
 * limit was hit.  Used for top-level headers, MIME part headers, embedded
 * text/rfc822-headers and the field groups of message/delivery-status.
 */
size_t bd_headers_parse(struct bd_headers *h, const char *buf, size_t len,
    unsigned *truncated);
void bd_headers_free(struct bd_headers *h);

/* bd_header_param - the value of parameter param (e.g. "charset",
 * "boundary") in a structured field value such as a Content-Type, newly
 * allocated, unquoted; NULL when absent. */
char *bd_header_param(const char *value, const char *param);

#endif
