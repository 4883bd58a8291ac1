/*
 * output.h - render records and summaries as text, JSON Lines, TSV or CSV
 * into a strbuf (so worker threads can format while the main thread writes
 * in order).  One JSON string escaper serves every JSON output.
 */
#ifndef BD_OUTPUT_H
#define BD_OUTPUT_H

#include <stddef.h>

#include "bouncediag.h"
#include "util.h"

enum bd_format { BD_FMT_TEXT, BD_FMT_JSON, BD_FMT_TSV, BD_FMT_CSV };

struct bd_out_opts {
	enum bd_format format;
	int color;            /* ANSI colour in text output */
	enum bd_lang lang;    /* language of the text output's labels */
};

/* Where a record came from. */
struct bd_origin {
	const char *file;     /* path as given, "-" for stdin */
	size_t message;       /* 1-based index within the file */
	const char *note;     /* extra note (e.g. truncated by the source) or NULL */
};

/* bd_format_parse - "json" -> BD_FMT_JSON...; -1 if unknown. */
int bd_format_parse(const char *name);
/* bd_out_header - the header line of tsv/csv output (nothing for others). */
int bd_out_header(struct strbuf *sb, const struct bd_out_opts *o);
/* bd_out_row - one tsv or csv line of n values (NULL: an empty cell),
 * quoted as the records are. */
int bd_out_row(struct strbuf *sb, enum bd_format fmt, const char *const *values, size_t n);
/* bd_out_record - append one record. 0, or -1 out of memory. */
int bd_out_record(struct strbuf *sb, const struct bd_out_opts *o,
    const struct bd_origin *from, const bd_record *r);
/* bd_json_string - append s as a JSON string (null for NULL); invalid
 * UTF-8 becomes U+FFFD. */
int bd_json_string(struct strbuf *sb, const char *s);

#endif
