/*
 * batch.c - diagnose a stream of messages in parallel, print in order
 *
 * A reader thread pulls messages from the source into a ring of tasks;
 * worker threads diagnose them and format their records into the task;
 * the calling thread writes finished tasks in ring order, so the output is
 * the same as with one job.  The ring bounds the memory: at most RING_PER_JOB
 * tasks per worker are in flight, whatever the size of the batch.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "limits.h"
#include "source.h"
#include "summary.h"

#define RING_PER_JOB 8

enum task_state { T_FREE, T_READY, T_DONE };

struct task {
	enum task_state state;
	char *file;
	size_t index;
	char *data;
	size_t len;
	int truncated;
	char *error;          /* input error text, or NULL */
	int failed;           /* diagnosis ran out of memory */
	struct strbuf out;    /* formatted records */
	bd_report *report;    /* kept for the summary until written */
};

struct batch {
	const bd_rules *rules;
	const struct bd_batch_opts *o;
	struct bd_source *src;
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done, cv_free;
	struct task *ring;
	size_t cap, produced, taken, written;
	int eof, nomem;
	struct bd_summary *summary;
	int rc;
	struct timespec start, last_progress;
	int progress_shown;
};

/* task_fill - a task from what the source returned */
static int
task_fill(struct task *t, enum bd_source_status st, struct bd_msgbuf *msg)
{
	memset(t, 0, sizeof *t);
	t->file = bd_strdup(msg->file ? msg->file : "-");
	t->index = msg->index;
	if (st == BD_SRC_ERROR) {
		t->error = bd_strdup(msg->error);
		return (t->file && t->error) ? 0 : -1;
	}
	t->len = msg->len;
	t->truncated = msg->truncated;
	t->data = bd_source_take(msg);
	return (t->file && t->data) ? 0 : -1;
}

static void
task_clear(struct task *t)
{
	free(t->file);
	free(t->data);
	free(t->error);
	sb_free(&t->out);
	bd_report_free(t->report);
	memset(t, 0, sizeof *t);
}

/* task_run - diagnose one message and format its records */
static void
task_run(struct batch *b, bd_ctx *ctx, struct task *t)
{
	struct bd_origin from;
	size_t i, n;

	if (t->error)
		return;
	if (bd_diagnose(ctx, t->data, t->len, &t->report) != BD_OK) {
		t->failed = 1;
		return;
	}
	free(t->data);
	t->data = NULL;
	if (b->o->summary_only)
		return;
	from.file = t->file;
	from.message = t->index;
	from.note = t->truncated ? "message larger than the size limit: the rest was not read" : NULL;
	n = bd_report_count(t->report);
	for (i = 0; i < n; i++)
		if (bd_out_record(&t->out, &b->o->out, &from, bd_report_record(t->report, i)) < 0)
			t->failed = 1;
}

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* progress - "12345 messages, 4000/s" on stderr, at most twice a second,
 * only once the batch has run for a second */
static void
progress(struct batch *b, int last)
{
	struct timespec now;
	double t;

	if (!b->o->progress)
		return;
	if (last) {
		if (b->progress_shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (b->written % 64 != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = elapsed(&b->start, &now);
	if (t < 1.0 || elapsed(&b->last_progress, &now) < 0.5)
		return;
	b->last_progress = now;
	b->progress_shown = 1;
	fprintf(stderr, "\r\033[K%s: %zu messages, %.0f/s", b->o->progname,
	    b->written, (double)b->written / t);
}

/* task_write - print a finished task and count it */
static void
task_write(struct batch *b, struct task *t)
{
	if (t->error) {
		fprintf(stderr, "%s: %s: %s\n", b->o->progname, t->file, t->error);
		bd_summary_add_error(b->summary);
		b->rc = 1;
	} else if (t->failed) {
		fprintf(stderr, "%s: %s: message %zu: out of memory\n", b->o->progname,
		    t->file, t->index);
		bd_summary_add_error(b->summary);
		b->rc = 1;
	} else {
		if (t->out.len)
			fwrite(t->out.s, 1, t->out.len, stdout);
		if (bd_summary_add_report(b->summary, t->report) < 0)
			b->nomem = 1;
	}
}

/* run_serial - one job: read, diagnose, write, in this thread */
static void
run_serial(struct batch *b)
{
	struct bd_msgbuf msg;
	enum bd_source_status st;
	struct task t;
	bd_ctx *ctx = bd_ctx_new(b->rules, b->o->lang);

	if (ctx == NULL) {
		b->nomem = 1;
		return;
	}
	memset(&msg, 0, sizeof msg);
	while ((st = bd_source_next(b->src, &msg)) != BD_SRC_END) {
		if (st == BD_SRC_NOMEM || task_fill(&t, st, &msg) < 0) {
			b->nomem = 1;
			break;
		}
		task_run(b, ctx, &t);
		task_write(b, &t);
		task_clear(&t);
		b->written++;
		progress(b, 0);
	}
	bd_ctx_free(ctx);
}

/* reader - thread: fill the ring from the source */
static void *
reader(void *arg)
{
	struct batch *b = arg;
	struct bd_msgbuf msg;
	enum bd_source_status st;
	struct task t;

	memset(&msg, 0, sizeof msg);
	for (;;) {
		st = bd_source_next(b->src, &msg);
		if (st == BD_SRC_END)
			break;
		if (st == BD_SRC_NOMEM || task_fill(&t, st, &msg) < 0) {
			pthread_mutex_lock(&b->mu);
			b->nomem = 1;
			pthread_mutex_unlock(&b->mu);
			break;
		}
		pthread_mutex_lock(&b->mu);
		while (b->produced - b->written >= b->cap)
			pthread_cond_wait(&b->cv_free, &b->mu);
		t.state = T_READY;
		b->ring[b->produced % b->cap] = t;
		b->produced++;
		pthread_cond_signal(&b->cv_work);
		pthread_mutex_unlock(&b->mu);
	}
	pthread_mutex_lock(&b->mu);
	b->eof = 1;
	pthread_cond_broadcast(&b->cv_work);
	pthread_cond_broadcast(&b->cv_done);
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* worker - thread: diagnose tasks in ring order */
static void *
worker(void *arg)
{
	struct batch *b = arg;
	struct task *t;
	bd_ctx *ctx = bd_ctx_new(b->rules, b->o->lang);

	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (b->taken == b->produced && !b->eof)
			pthread_cond_wait(&b->cv_work, &b->mu);
		if (b->taken == b->produced) {
			pthread_mutex_unlock(&b->mu);
			break;
		}
		t = &b->ring[b->taken++ % b->cap];
		pthread_mutex_unlock(&b->mu);
		if (ctx == NULL)
			t->failed = 1;
		else
			task_run(b, ctx, t);
		pthread_mutex_lock(&b->mu);
		t->state = T_DONE;
		pthread_cond_broadcast(&b->cv_done);
		pthread_mutex_unlock(&b->mu);
	}
	bd_ctx_free(ctx);
	return NULL;
}

/* write_in_order - the calling thread: print tasks as they finish, in order */
static void
write_in_order(struct batch *b)
{
	struct task *t;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		t = &b->ring[b->written % b->cap];
		while (!(b->written < b->produced && t->state == T_DONE) &&
		    !(b->eof && b->written == b->produced))
			pthread_cond_wait(&b->cv_done, &b->mu);
		if (b->written == b->produced && b->eof)
			break;
		pthread_mutex_unlock(&b->mu);
		task_write(b, t);
		task_clear(t);
		pthread_mutex_lock(&b->mu);
		b->written++;   /* only now may the reader reuse the slot */
		progress(b, 0);
		pthread_cond_signal(&b->cv_free);
	}
	pthread_mutex_unlock(&b->mu);
}

/* run_parallel - reader thread, jobs workers, writer in this thread */
static void
run_parallel(struct batch *b, int jobs)
{
	pthread_t rd, *wk;
	int i, started = 0;

	b->cap = (size_t)jobs * RING_PER_JOB;
	b->ring = calloc(b->cap, sizeof *b->ring);
	wk = calloc((size_t)jobs, sizeof *wk);
	if (b->ring == NULL || wk == NULL ||
	    pthread_create(&rd, NULL, reader, b) != 0) {
		free(wk);
		b->nomem = 1;
		return;
	}
	for (i = 0; i < jobs; i++)
		if (pthread_create(&wk[i], NULL, worker, b) == 0)
			started++;
		else
			break;
	if (started == 0)
		worker(b);   /* no thread could start: work here, then write */
	write_in_order(b);
	pthread_join(rd, NULL);
	for (i = 0; i < started; i++)
		pthread_join(wk[i], NULL);
	free(wk);
}

/* print_summary - the summary at the end, when asked for or by default */
static void
print_summary(struct batch *b)
{
	struct strbuf sb = { 0 };
	const struct bd_batch_opts *o = b->o;

	if (o->summary_only) {
		if (o->out.format == BD_FMT_JSON)
			bd_summary_json(b->summary, &sb);
		else
			bd_summary_text(b->summary, &sb);
	} else if (o->summary_after && bd_summary_messages(b->summary) > 1)
		bd_summary_text(b->summary, &sb);
	if (sb.len)
		fwrite(sb.s, 1, sb.len, stdout);
	sb_free(&sb);
}

int
bd_batch_run(const bd_rules *rules, const struct bd_batch_opts *o,
    const char *const *paths, size_t npaths)
{
	struct batch b;
	struct strbuf head = { 0 };

	memset(&b, 0, sizeof b);
	b.rules = rules;
	b.o = o;
	b.src = bd_source_new(paths, npaths);
	b.summary = bd_summary_new();
	if (b.src == NULL || b.summary == NULL) {
		fprintf(stderr, "%s: out of memory\n", o->progname);
		bd_source_free(b.src);
		bd_summary_free(b.summary);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &b.start);
	if (!o->summary_only && bd_out_header(&head, &o->out) == 0 && head.len)
		fwrite(head.s, 1, head.len, stdout);
	sb_free(&head);
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv_work, NULL);
	pthread_cond_init(&b.cv_done, NULL);
	pthread_cond_init(&b.cv_free, NULL);
	if (o->jobs <= 1)
		run_serial(&b);
	else
		run_parallel(&b, o->jobs);
	progress(&b, 1);
	print_summary(&b);
	if (b.nomem) {
		fprintf(stderr, "%s: out of memory\n", o->progname);
		b.rc = 2;
	}
	free(b.ring);
	bd_source_free(b.src);
	bd_summary_free(b.summary);
	return b.rc;
}
