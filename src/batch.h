/*
 * batch.h - the command's batch loop: read every input, diagnose each
 * message on a pool of worker threads, write records in input order, report
 * unreadable inputs on stderr, keep the summary.  Part of the program, not
 * of the library (it writes to stdout and stderr).
 */
#ifndef BD_BATCH_H
#define BD_BATCH_H

#include <stddef.h>

#include "bouncediag.h"
#include "output.h"

struct bd_batch_opts {
	struct bd_out_opts out;
	enum bd_lang lang;
	int jobs;            /* worker threads; 1: everything in the caller's thread */
	int summary_only;    /* print the summary and no records */
	int summary_after;   /* print the summary after the records (batches of > 1) */
	int progress;        /* progress line on stderr for long batches */
	double progress_delay; /* seconds before the progress line appears */
	const char *progname;
};

/* bd_batch_run - returns the exit status: 0 all read, 1 some input failed,
 * 2 out of memory. */
int bd_batch_run(const bd_rules *rules, const struct bd_batch_opts *o,
    const char *const *paths, size_t npaths);

#endif
