/*
 * prefilter.h - which patterns could match a text, found in one pass
 *
 * Each pattern's source is read for literal strings ("atoms") one of
 * which every match must contain.  All atoms go into one Aho-Corasick
 * automaton; one scan of a text marks the patterns some atom of which
 * occurs.  A pattern not marked cannot match and need not be run.  A
 * pattern whose source is beyond this reader, or that can match without
 * any literal, is always marked.  The answer is conservative: it never
 * leaves out a pattern that matches.
 */
#ifndef BD_PREFILTER_H
#define BD_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct bd_prefilter;

/* bd_prefilter_new - an empty prefilter, or NULL when out of memory */
struct bd_prefilter *bd_prefilter_new(void);

/* bd_prefilter_add - register a PCRE2 pattern (compiled caseless, UTF);
 * returns its id (0, 1, ...) or -1 when out of memory */
int bd_prefilter_add(struct bd_prefilter *pf, const char *source);

/* bd_prefilter_build - finish the automaton after the last add; -1 when
 * out of memory */
int bd_prefilter_build(struct bd_prefilter *pf);

/* bd_prefilter_words - uint64_t words a mark set of pf needs */
size_t bd_prefilter_words(const struct bd_prefilter *pf);

/* bd_prefilter_scan - set in marks (bd_prefilter_words long) the bit of
 * every pattern that could match text */
void bd_prefilter_scan(const struct bd_prefilter *pf, const char *text, size_t len,
    uint64_t *marks);

/* bd_prefilter_marked - is id's bit set in marks? */
static inline int
bd_prefilter_marked(const uint64_t *marks, int id)
{
	return (marks[id / 64] >> (id % 64)) & 1;
}

/* bd_prefilter_filtered - does pattern id have atoms (0: always marked)? */
int bd_prefilter_filtered(const struct bd_prefilter *pf, int id);

void bd_prefilter_free(struct bd_prefilter *pf);

#endif
