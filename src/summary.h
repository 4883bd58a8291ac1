/*
 * summary.h - what a batch looked like: messages read, bounces, automatic
 * replies and reports (vacation, feedback, delivered), other messages,
 * errors; recipients by reason (hard and soft), the top recipient domains
 * and remote MTAs per reason, and the DNSBLs named.
 * Memory is bounded: each tally keeps at most BD_SUMMARY_MAX_KEYS distinct
 * keys and counts the rest as "(other)".
 */
#ifndef BD_SUMMARY_H
#define BD_SUMMARY_H

#include <stddef.h>

#include "bouncediag.h"
#include "output.h"
#include "util.h"

#define BD_SUMMARY_MAX_KEYS 4096
#define BD_SUMMARY_TOP 5

struct bd_summary;

struct bd_summary *bd_summary_new(void);
void bd_summary_free(struct bd_summary *s);
/* bd_summary_add_report - count one message and its records. */
int bd_summary_add_report(struct bd_summary *s, const bd_report *r);
/* bd_summary_add_error - count one input that could not be read. */
void bd_summary_add_error(struct bd_summary *s);
size_t bd_summary_messages(const struct bd_summary *s);
/* bd_summary_text / bd_summary_json - render (json: one object + "\n");
 * call once, when the batch is over (they sort the tallies). */
int bd_summary_text(struct bd_summary *s, struct strbuf *out);
int bd_summary_json(struct bd_summary *s, struct strbuf *out);
/* bd_summary_table - recipients by reason as a tsv or csv table, one row
 * per reason (the message counts are in the text and JSON forms). */
int bd_summary_table(struct bd_summary *s, struct strbuf *out, enum bd_format fmt);

#endif
