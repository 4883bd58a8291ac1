/*
 * batch.c - diagnose a stream of messages in parallel, print in order
 *
 * Every job (the calling thread and jobs-1 more) does all three steps:
 * when nobody is at the source it reads a chunk of messages into the next
 * slot of a ring and diagnoses it, formatting the records into the chunk;
 * when the oldest chunk is done and nobody is writing, it writes it.  The
 * output is therefore in input order, the same as with one job, and the
 * threads meet once per chunk, not once per message.  The ring bounds the
 * memory: at most two chunks per job are in flight, whatever the size of
 * the batch.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "inputsize.h"
#include "limits.h"
#include "source.h"
#include "summary.h"

#define CHUNK_MAX 32              /* messages handed to a job at once */
#define CHUNK_BYTES (1 << 20)     /* ... or about this many bytes */

struct task {
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

enum chunk_state { C_FREE, C_BUSY, C_DONE };

/* Messages read together, diagnosed by one job, written together. */
struct chunk {
	enum chunk_state state;
	struct task t[CHUNK_MAX];
	size_t n;
};

struct batch {
	const bd_rules *rules;
	const struct bd_batch_opts *o;
	struct bd_source *src;
	pthread_mutex_t mu;
	pthread_cond_t cv;    /* a chunk was read, diagnosed or written */
	struct chunk *ring;   /* chunks in flight, in input order */
	size_t cap, produced, written;  /* chunks */
	size_t written_msgs;  /* messages written (progress) */
	int reading, writing; /* a job is at the source / at the output */
	bd_ctx *shared;       /* whose remembered decisions every job shares */
	int eof, nomem;
	struct bd_summary *summary;
	int rc;
	struct timespec start, last_progress;
	int progress_shown;
	struct bd_sizer *sizer;          /* the inputs' total size, when known */
	unsigned long long done_bytes;   /* of the messages written */
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

/* eta - "ETA 1m05s" from the bytes done and the total, or "" */
static void
eta(const struct batch *b, double t, char *buf, size_t len)
{
	unsigned long long total = bd_sizer_total(b->sizer);
	double left;

	buf[0] = '\0';
	if (total == 0 || b->done_bytes == 0 || b->done_bytes >= total)
		return;
	left = t * (double)(total - b->done_bytes) / (double)b->done_bytes;
	if (left >= 3600)
		snprintf(buf, len, ", %.0f%%, ETA %dh%02dm", 100.0 * (double)b->done_bytes /
		    (double)total, (int)(left / 3600), (int)(left / 60) % 60);
	else
		snprintf(buf, len, ", %.0f%%, ETA %dm%02ds", 100.0 * (double)b->done_bytes /
		    (double)total, (int)(left / 60), (int)left % 60);
}

/* progress - "12345 messages, 4000/s, 40%, ETA 0m12s" on stderr, at most
 * twice a second, only once the batch has run for progress_delay; the ETA when
 * the inputs' total size is known */
static void
progress(struct batch *b, int last)
{
	struct timespec now;
	char left[64];
	double t;

	if (!b->o->progress)
		return;
	if (last) {
		if (b->progress_shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (b->written_msgs % 64 != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = elapsed(&b->start, &now);
	if (t < b->o->progress_delay || elapsed(&b->last_progress, &now) < 0.5)
		return;
	b->last_progress = now;
	b->progress_shown = 1;
	eta(b, t, left, sizeof left);
	fprintf(stderr, "\r\033[K%s: %zu messages, %.0f/s%s", b->o->progname,
	    b->written_msgs, (double)b->written_msgs / t, left);
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
		b->done_bytes += t->len;
		if (t->out.len)
			fwrite(t->out.s, 1, t->out.len, stdout);
		/* the tally is only for a summary that will be printed */
		if ((b->o->summary_only || b->o->summary_after) &&
		    bd_summary_add_report(b->summary, t->report) < 0)
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
		b->written_msgs++;
		progress(b, 0);
	}
	bd_ctx_free(ctx);
}

/* fill_chunk - read up to CHUNK_MAX messages (or CHUNK_BYTES) into c;
 * sets b->eof at the end of the input.  Called with no lock held, by one
 * thread at a time (b->reading). */
static void
fill_chunk(struct batch *b, struct chunk *c)
{
	struct bd_msgbuf msg;
	enum bd_source_status st;
	size_t bytes = 0;
	int nomem = 0, eof = 0;

	memset(&msg, 0, sizeof msg);
	c->n = 0;
	while (c->n < CHUNK_MAX && bytes < CHUNK_BYTES) {
		st = bd_source_next(b->src, &msg);
		if (st == BD_SRC_END) {
			eof = 1;
			break;
		}
		if (st == BD_SRC_NOMEM || task_fill(&c->t[c->n], st, &msg) < 0) {
			nomem = eof = 1;
			break;
		}
		bytes += c->t[c->n++].len;
	}
	pthread_mutex_lock(&b->mu);
	b->nomem |= nomem;
	b->eof |= eof;
	pthread_mutex_unlock(&b->mu);
}

/* write_chunk - print a diagnosed chunk; one thread at a time (b->writing) */
static void
write_chunk(struct batch *b, struct chunk *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		task_write(b, &c->t[i]);
		task_clear(&c->t[i]);
		b->written_msgs++;
		progress(b, 0);
	}
	c->n = 0;
}

/* work - one job: read a chunk when it is our turn, diagnose it, write
 * the chunks that are next in order; every job, the calling thread too */
static void *
work(void *arg)
{
	struct batch *b = arg;
	bd_ctx *ctx = b->shared ? bd_ctx_new_sharing(b->shared) : NULL;
	struct chunk *c;
	size_t i;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		c = &b->ring[b->written % b->cap];
		if (!b->writing && b->written < b->produced && c->state == C_DONE) {
			b->writing = 1;
			pthread_mutex_unlock(&b->mu);
			write_chunk(b, c);
			pthread_mutex_lock(&b->mu);
			c->state = C_FREE;
			b->written++;
			b->writing = 0;
			pthread_cond_broadcast(&b->cv);
			continue;
		}
		if (!b->reading && !b->eof && b->produced - b->written < b->cap) {
			c = &b->ring[b->produced % b->cap];
			b->reading = 1;
			pthread_mutex_unlock(&b->mu);
			fill_chunk(b, c);
			pthread_mutex_lock(&b->mu);
			b->reading = 0;
			if (c->n > 0) {
				c->state = C_BUSY;
				b->produced++;
			}
			pthread_cond_broadcast(&b->cv);
			if (c->n == 0)
				continue;
			pthread_mutex_unlock(&b->mu);
			for (i = 0; i < c->n; i++) {
				if (ctx == NULL)
					c->t[i].failed = 1;
				else
					task_run(b, ctx, &c->t[i]);
			}
			pthread_mutex_lock(&b->mu);
			c->state = C_DONE;
			pthread_cond_broadcast(&b->cv);
			continue;
		}
		if (b->eof && !b->reading && b->written == b->produced)
			break;
		pthread_cond_wait(&b->cv, &b->mu);
	}
	pthread_mutex_unlock(&b->mu);
	bd_ctx_free(ctx);
	return NULL;
}

/* run_parallel - jobs-1 threads and this one share the work */
static void
run_parallel(struct batch *b, int jobs)
{
	pthread_t *wk;
	int i, started = 0;

	b->cap = (size_t)jobs * 2;
	b->ring = calloc(b->cap, sizeof *b->ring);
	wk = calloc((size_t)jobs, sizeof *wk);
	b->shared = bd_ctx_new(b->rules, b->o->lang);
	if (b->ring == NULL || wk == NULL || b->shared == NULL) {
		free(wk);
		bd_ctx_free(b->shared);
		b->shared = NULL;
		b->nomem = 1;
		return;
	}
	for (i = 0; i < jobs - 1; i++)
		if (pthread_create(&wk[i], NULL, work, b) == 0)
			started++;
		else
			break;
	work(b);
	for (i = 0; i < started; i++)
		pthread_join(wk[i], NULL);
	free(wk);
	bd_ctx_free(b->shared);
	b->shared = NULL;
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
		else if (o->out.format == BD_FMT_TSV || o->out.format == BD_FMT_CSV)
			bd_summary_table(b->summary, &sb, o->out.format);
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
	if (o->progress)
		b.sizer = bd_sizer_start(paths, npaths); /* NULL: no ETA, that is all */
	if (!o->summary_only && bd_out_header(&head, &o->out) == 0 && head.len)
		fwrite(head.s, 1, head.len, stdout);
	sb_free(&head);
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	if (o->jobs <= 1)
		run_serial(&b);
	else
		run_parallel(&b, o->jobs);
	progress(&b, 1);
	bd_sizer_stop(b.sizer);
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
