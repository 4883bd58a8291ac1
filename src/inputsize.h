/*
 * inputsize.h - the total size of a batch's inputs, for the progress
 * line's share and ETA.  Regular files are sized at once; directory trees
 * are walked in a thread of their own, so the batch starts at once and the
 * ETA appears when the walk is done.  A pipe makes the total unknown.
 */
#ifndef BD_INPUTSIZE_H
#define BD_INPUTSIZE_H

#include <stddef.h>

struct bd_sizer;

/* bd_sizer_start - begin sizing paths[0..n) (kept, not copied: they must
 * outlive the sizer); NULL when out of memory. */
struct bd_sizer *bd_sizer_start(const char *const *paths, size_t n);

/* bd_sizer_total - the total bytes, or 0 while unknown (still walking, or
 * never knowable). */
unsigned long long bd_sizer_total(struct bd_sizer *s);

/* bd_sizer_stop - stop a walk still running, wait for it and free s. */
void bd_sizer_stop(struct bd_sizer *s);

#endif
