/*
 * source.c - messages from stdin, files, mbox files, Maildirs and
 * directory trees, one at a time, in bounded memory.
 *
 * A stream (a file or stdin) is read through a fixed buffer, line by line
 * whatever the line ends (LF, CRLF, CR).  A stream that starts with "From "
 * is an mbox and is split on its "From " separator lines; any other is one
 * message.  A stream that starts with gzip's magic is inflated as it is
 * read (gunzip.h), so a rotated mail.log.1.gz or a saved .eml.gz is read
 * as what it holds.  A message keeps at most BD_MAX_MESSAGE_BYTES; the rest is read
 * past.  Directories are walked depth-first in strcmp order with an
 * explicit stack; a Maildir's tmp/ is skipped, symlink loops and entries
 * that are not regular files are reported and the walk goes on.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gunzip.h"
#include "limits.h"
#include "maillog.h"
#include "session.h"
#include "source.h"
#include "tracking.h"
#include "util.h"

#define READ_BUF (64u * 1024)
#define FROM_LOOKAHEAD 512   /* bytes kept ahead to judge a "From " line */

/* One directory being walked: its sorted entries. */
struct frame {
	char *path;
	char **names;         /* each followed, past its NUL, by a d_type byte */
	size_t n, next;
	dev_t dev;
	ino_t ino;
	int dirfd;            /* the directory, for openat; -1: use the path */
};

struct bd_source {
	const char *const *paths;
	size_t npaths, next_path;
	struct frame stack[BD_MAX_DIR_DEPTH + 1];
	int depth;                 /* frames in use */
	/* the open stream */
	int fd;                    /* -1: none */
	int close_fd;
	char *file;                /* its name as reported */
	size_t index;              /* messages yielded from it */
	int mbox;
	int log;                   /* a mail log: each failure line a message */
	struct bd_qmail_log *qmail; /* its qmail deliveries in progress, or NULL */
	struct bd_session_log *sessions; /* a session log's sessions, or NULL */
	int table;                 /* a tracking table: each failure row a message */
	char *header;              /* ... under its header row (owned), or NULL */
	size_t line;               /* lines of a log read so far */
	int bol;                   /* the next byte starts a line */
	int eof;
	unsigned long long offset; /* bytes read from the stream */
	long long size;       /* a regular file's size when opened, or -1 */
	struct bd_gunzip *gz;      /* a gzip stream's inflater, or NULL */
	const char *fault;         /* why the stream broke off, when not errno's */
	int broken;                /* ... after what is in buf (fault set, eof too) */
	char why[192];             /* the error reported for it */
	char buf[READ_BUF];
	size_t rpos, rlen;
	/* the message being built */
	char *data;
	size_t len, cap;
};

struct bd_source *
bd_source_new(const char *const *paths, size_t n)
{
	static const char *const stdin_only[] = { "-" };
	struct bd_source *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;

	s->paths = n ? paths : stdin_only;
	s->npaths = n ? n : 1;
	s->fd = -1;
	return s;
}

static void
frame_free(struct frame *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->path);
	if (f->dirfd >= 0)
		close(f->dirfd);
	memset(f, 0, sizeof *f);
	f->dirfd = -1;
}

/* close_stream - done with the current file */
static void
close_stream(struct bd_source *s)
{
	if (s->fd >= 0 && s->close_fd)
		close(s->fd);
	s->fd = -1;
	bd_gunzip_free(s->gz);
	s->gz = NULL;
	bd_maillog_qmail_free(s->qmail);
	s->qmail = NULL;
	bd_session_free(s->sessions);
	s->sessions = NULL;
	free(s->header);
	s->header = NULL;
}

void
bd_source_free(struct bd_source *s)
{
	if (s == NULL)
		return;
	close_stream(s);
	while (s->depth > 0)
		frame_free(&s->stack[--s->depth]);
	free(s->file);
	free(s->data);
	free(s);
}

char *
bd_source_take(struct bd_msgbuf *msg)
{
	char *d = msg->data;

	msg->data = NULL;
	return d;
}

/* set_error - fill msg for a BD_SRC_ERROR about file */
static enum bd_source_status
set_error(struct bd_source *s, struct bd_msgbuf *msg, const char *file, const char *what)
{
	char *copy = bd_strdup(file);

	if (copy == NULL)
		return BD_SRC_NOMEM;
	free(s->file);
	s->file = copy;
	memset(msg, 0, sizeof *msg);
	msg->file = s->file;
	snprintf(msg->error, sizeof msg->error, "%s", what);
	return BD_SRC_ERROR;
}

/* read_some - up to n bytes of the stream (inflated when gzip) */
static ssize_t
read_some(struct bd_source *s, char *dst, size_t n)
{
	ssize_t r;

	if (s->gz)
		return bd_gunzip_read(s->gz, s->fd, dst, n, &s->fault);
	do
		r = read(s->fd, dst, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* fill - move unread bytes to the front and read more; -1 on error
 * (s->fault or errno says why) */
static int
fill(struct bd_source *s)
{
	ssize_t r;

	if (s->eof)
		return 0;
	if (s->rpos > 0) {
		memmove(s->buf, s->buf + s->rpos, s->rlen - s->rpos);
		s->rlen -= s->rpos;
		s->rpos = 0;
	}
	while (s->rlen < sizeof s->buf) {
		r = read_some(s, s->buf + s->rlen, sizeof s->buf - s->rlen);
		if (r < 0 && s->fault) {
			s->broken = s->eof = 1; /* what came before the damage is read */
			break;
		}
		if (r < 0)
			return -1;
		if (r == 0) {
			s->eof = 1;
			break;
		}
		s->rlen += (size_t)r;
		s->offset += (unsigned long long)r;
		if (s->gz == NULL && s->size >= 0 && s->offset >= (unsigned long long)s->size) {
			s->eof = 1; /* the file as it was opened: no read to learn it */
			break;
		}
		if (s->rlen >= FROM_LOOKAHEAD)
			break;
	}
	return 0;
}

/* line_end_at - offset of the first '\n' or '\r' in p[0..n), or n */
static size_t
line_end_at(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	size_t end = nl ? (size_t)(nl - p) : n;
	const char *cr = memchr(p, '\r', end);

	return cr ? (size_t)(cr - p) : end;
}

/* line_len - bytes of the line (or line piece) at the read position,
 * terminator included; 0 at the end of the stream, -1 on a read error */
static long
line_len(struct bd_source *s)
{
	const char *p;
	size_t avail, i;

	if (s->rlen - s->rpos < FROM_LOOKAHEAD && fill(s) < 0)
		return -1;
	for (;;) {
		p = s->buf + s->rpos;
		avail = s->rlen - s->rpos;
		i = line_end_at(p, avail);
		if (i < avail && p[i] == '\r' && i + 1 == avail && !s->eof) {
			/* is it CRLF? one more byte is needed */
		} else if (i < avail) {
			return (long)(i + 1 + (p[i] == '\r' && i + 1 < avail && p[i + 1] == '\n'));
		} else if (s->eof || (s->rpos == 0 && s->rlen == sizeof s->buf)) {
			return (long)avail; /* last line, or a piece of a long one */
		}
		if (s->rpos == 0 && s->rlen == sizeof s->buf)
			return (long)avail;
		if (fill(s) < 0)
			return -1;
	}
}

/* is_separator - an mbox "From " line: "From SENDER DATE" with a time */
static int
is_separator(const char *p, size_t n)
{
	size_t i;

	if (n < 7 || memcmp(p, "From ", 5) != 0 || p[5] == ' ' || p[5] == '\n' || p[5] == '\r')
		return 0;
	for (i = 6; i + 1 < n && i < FROM_LOOKAHEAD; i++)
		if (p[i] == ':' && p[i - 1] >= '0' && p[i - 1] <= '9' && p[i + 1] >= '0' &&
		    p[i + 1] <= '9')
			return 1;
	return 0;
}

/* append - add bytes to the message, up to the size limit */
static int
append(struct bd_source *s, const char *p, size_t n, int *truncated)
{
	size_t cap;
	char *grown;

	if (s->len + n > BD_MAX_MESSAGE_BYTES) {
		*truncated = 1;
		n = BD_MAX_MESSAGE_BYTES - s->len;
	}
	if (s->len + n + 1 > s->cap) {
		cap = s->cap ? s->cap : s->log ? 1024 : 64 * 1024;
		while (cap < s->len + n + 1)
			cap *= 2;
		if ((grown = realloc(s->data, cap)) == NULL)
			return -1;
		s->data = grown;
		s->cap = cap;
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
	s->data[s->len] = '\0';
	return 0;
}

/* read_whole - the rest of a stream that is not an mbox, as one message
 * (same results as read_message) */
static int
read_whole(struct bd_source *s, int *truncated)
{
	int started = 0;

	for (;;) {
		if (s->rpos == s->rlen && fill(s) < 0)
			return -1;
		if (s->rpos == s->rlen)
			break;
		if (append(s, s->buf + s->rpos, s->rlen - s->rpos, truncated) < 0)
			return -2;
		s->rpos = s->rlen;
		started = 1;
	}
	return started;
}

/* append_under - the message is line p (n bytes) under the earlier line
 * first that it needs (a header row, a delivery's start); as read_message */
static int
append_under(struct bd_source *s, const char *first, const char *p, size_t n, int *truncated)
{
	return append(s, first, strlen(first), truncated) < 0 || append(s, "\n", 1, truncated) < 0 ||
	    append(s, p, n, truncated) < 0 ? -2 : 1;
}

/* table_row - a row of a tracking table read as a stream: a header row
 * is kept (the columns of the rows under it); 1 for a failure or deferral
 * row under one, 0 for any other row, -1 when out of memory */
static int
table_row(struct bd_source *s, const char *p, size_t n)
{
	if (bd_tracking_header(p, n)) {
		free(s->header);
		while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
			n--;
		return (s->header = bd_strndup(p, n)) == NULL ? -1 : 0;
	}
	return s->header && bd_tracking_failure(s->header, p, n);
}

/* read_log_line - the next bounce, deferral or refusal line of a mail log
 * as the message (other lines passed over; s->line counts them all); a
 * qmail-send failure comes after the line that started its delivery,
 * which names the recipient; as read_message */
static int
read_log_line(struct bd_source *s, int *truncated)
{
	const char *p, *start;
	long n;
	int k;

	for (;;) {
		if ((n = line_len(s)) < 0)
			return -1;
		if (n == 0)
			return 0;
		p = s->buf + s->rpos;
		s->rpos += (size_t)n;
		if (s->bol)
			s->line++;
		s->bol = p[n - 1] == '\n' || p[n - 1] == '\r';
		if (s->table) {
			if ((k = table_row(s, p, (size_t)n)) != 0)
				return k < 0 ? -2 : append_under(s, s->header, p, (size_t)n, truncated);
			continue;
		}
		if (bd_maillog_failure(p, (size_t)n))
			return append(s, p, (size_t)n, truncated) < 0 ? -2 : 1;
		if ((k = bd_maillog_qmail(&s->qmail, p, (size_t)n, &start)) != 0 ||
		    (k = bd_session_line(&s->sessions, p, (size_t)n, &start)) != 0)
			return k < 0 ? -2 : append_under(s, start, p, (size_t)n, truncated);
	}
}

/* read_message - the next message of the open stream into s->data;
 * 1: one read, 0: the stream is done, -1 read error (errno), -2 nomem */
static int
read_message(struct bd_source *s, int *truncated)
{
	const char *p;
	long n;
	int started = 0, bol;

	s->len = 0;
	*truncated = 0;
	if (s->log)
		return read_log_line(s, truncated);
	if (!s->mbox)
		return read_whole(s, truncated);
	for (;;) {
		if ((n = line_len(s)) < 0)
			return -1;
		if (n == 0)
			break;
		p = s->buf + s->rpos;
		bol = s->bol;
		s->bol = p[n - 1] == '\n' || p[n - 1] == '\r';
		if (bol && s->mbox && is_separator(p, (size_t)n)) {
			if (started) {
				s->bol = 1; /* leave the separator for the next message */
				return 1;
			}
			s->rpos += (size_t)n;
			started = 1;
			continue;
		}
		s->rpos += (size_t)n;
		if (bol && s->mbox && p[0] == '>') {
			size_t k = strspn(p, ">");

			if ((size_t)n >= k + 5 && memcmp(p + k, "From ", 5) == 0) {
				p++; /* mboxrd: one '>' less */
				n--;
			}
		}
		if (append(s, p, (size_t)n, truncated) < 0)
			return -2;
		started = 1;
	}
	return started ? 1 : 0;
}

/* other_compression - what a stream compressed in a format other than
 * gzip holds is not read: the error that says how to read it, or NULL */
static const char *
other_compression(const char *buf, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} formats[] = {
		{ "\xfd" "7zXZ\0", 6, "xz-compressed data: not read (decompress it first: xz -dc FILE | bouncediag)" },
		{ "BZh", 3, "bzip2-compressed data: not read (decompress it first: bzip2 -dc FILE | bouncediag)" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd-compressed data: not read (decompress it first: zstd -dc FILE | bouncediag)" },
		{ "\x04\x22\x4d\x18", 4, "lz4-compressed data: not read (decompress it first: lz4 -dc FILE | bouncediag)" },
		{ "PK\x03\x04", 4, "a zip archive: not read (extract it first: unzip -p FILE | bouncediag)" },
		{ "7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive: not read (extract it first: 7z x -so FILE | bouncediag)" },
	};
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (n >= formats[i].len && memcmp(buf, formats[i].magic, formats[i].len) == 0 &&
		    (formats[i].magic[0] != 'B' || (n >= 10 && buf[3] >= '1' && buf[3] <= '9' &&
		    memcmp(buf + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0)))
			return formats[i].what;
	return NULL;
}

/* broke_off - close the stream that could not be read on and say why
 * (errno's words, with the offset when reading had begun) */
static const char *
broke_off(struct bd_source *s)
{
	int err = errno;

	if (s->fault && s->gz)
		snprintf(s->why, sizeof s->why, "compressed byte %llu: %s",
		    bd_gunzip_offset(s->gz), s->fault);
	else if (s->fault)
		snprintf(s->why, sizeof s->why, "%s", s->fault);
	else if (s->offset == 0)
		snprintf(s->why, sizeof s->why, "%s", strerror(err));
	else
		snprintf(s->why, sizeof s->why, "read error after byte %llu: %s", s->offset,
		    strerror(err));
	close_stream(s);
	return s->why;
}

/* open_stream - start reading fd as the stream called name */
static int
open_stream(struct bd_source *s, int fd, int close_fd, const char *name, long long size)
{
	char *copy = bd_strdup(name);

	if (copy == NULL) {
		if (close_fd)
			close(fd);
		return -1;
	}
	free(s->file);
	s->file = copy;
	s->fd = fd;
	s->close_fd = close_fd;
	s->index = 0;
	s->eof = 0;
	s->bol = 1;
	s->offset = 0;
	s->size = size;
	s->rpos = s->rlen = 0;
	s->fault = NULL;
	s->broken = 0;
	if (fill(s) < 0)
		return -2;
	if (bd_gunzip_magic(s->buf, s->rlen)) {
		if ((s->gz = bd_gunzip_new(s->buf, s->rlen)) == NULL)
			return -1;
		s->rlen = 0;
		s->offset = 0;
		s->eof = 0;
		if (fill(s) < 0)
			return -2;
	}
	if (s->gz == NULL && (s->fault = other_compression(s->buf, s->rlen)) != NULL)
		return -2;
	s->mbox = s->rlen >= 5 && memcmp(s->buf, "From ", 5) == 0;
	s->log = !s->mbox && (bd_maillog_stream(s->buf, s->rlen) || bd_session_stream(s->buf, s->rlen));
	s->table = !s->mbox && !s->log && bd_tracking_stream(s->buf, s->rlen);
	s->log = s->log || s->table;
	s->line = 0;
	return 0;
}

/* open_file - open path (relative to dirfd, or AT_FDCWD) read-only
 * (flags: more open flags); -1 with errno */
static int
open_file(int dirfd, const char *path, int flags)
{
	int fd;

#ifdef O_NOATIME
	fd = openat(dirfd, path, O_RDONLY | O_NOATIME | O_CLOEXEC | flags);
	if (fd >= 0 || errno != EPERM)
		return fd;
#endif
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | flags);
	return fd;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* is_maildir - the directory has cur/ or new/ beside tmp/ */
static int
is_maildir(char **names, size_t n)
{
	size_t i;
	int sub = 0;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], "cur") == 0 || strcmp(names[i], "new") == 0)
			sub = 1;
	return sub;
}

/* name_with_type - a copy of the entry's name with its d_type after the
 * terminating NUL (DT_REG spares a stat before the open) */
static char *
name_with_type(const struct dirent *de)
{
	size_t n = strlen(de->d_name);
	char *copy = malloc(n + 2);

	if (copy == NULL)
		return NULL;
	memcpy(copy, de->d_name, n + 1);
	copy[n + 1] = (char)de->d_type;
	return copy;
}

/* push_dir - open a directory for walking; an error text or NULL */
static const char *
push_dir(struct bd_source *s, const char *path, const struct stat *st, int *nomem)
{
	struct frame *f;
	struct dirent *de;
	DIR *d;
	char **grown;
	size_t cap = 0;
	int i;

	for (i = 0; i < s->depth; i++)
		if (s->stack[i].dev == st->st_dev && s->stack[i].ino == st->st_ino)
			return "symbolic link loop (directory already being walked)";
	if (s->depth >= BD_MAX_DIR_DEPTH)
		return "directories nested deeper than the limit (64)";
	if ((d = opendir(path)) == NULL)
		return strerror(errno);
	f = &s->stack[s->depth];
	memset(f, 0, sizeof *f);
	f->dirfd = -1;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	if ((f->path = bd_strdup(path)) == NULL)
		*nomem = 1;
	while (!*nomem && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (f->n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(f->names, cap * sizeof *grown)) == NULL) {
				*nomem = 1;
				break;
			}
			f->names = grown;
		}
		if ((f->names[f->n] = name_with_type(de)) == NULL)
			*nomem = 1;
		else
			f->n++;
	}
	closedir(d);
	/* entries are opened relative to the directory: one name to look up
	 * instead of the whole path */
	f->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->n > 1)
		qsort(f->names, f->n, sizeof f->names[0], cmp_names);
	if (is_maildir(f->names, f->n))
		for (i = 0; i < (int)f->n; i++)
			if (strcmp(f->names[i], "tmp") == 0)
				f->names[i][0] = '\0'; /* skipped below */
	s->depth++;
	if (*nomem) {
		frame_free(&s->stack[--s->depth]);
		return NULL;
	}
	return NULL;
}

/* open_path - a path met on the command line or in a walk: start a
 * stream, push a directory, or say what is wrong (returned).  A walk's
 * entry known to be a regular file is opened without a stat first. */
static const char *
open_path(struct bd_source *s, const char *path, int explicit, int regular,
    int dirfd, const char *name, int *nomem)
{
	struct stat st, lst;
	int fd;

	if (!regular) {
		if (stat(path, &st) < 0) {
			if (errno == ELOOP)
				return "symbolic link loop";
			if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
				return "dangling symbolic link";
			return strerror(errno);
		}
		if (S_ISDIR(st.st_mode))
			return push_dir(s, path, &st, nomem);
		if (!S_ISREG(st.st_mode) && !(explicit && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))))
			return S_ISFIFO(st.st_mode) ? "not a regular file (a FIFO); skipped" :
			    "not a regular file; skipped";
	}
	/* a FIFO named on the command line waits for its writer; an entry
	 * of a walk must not block if it was replaced by one */
	fd = regular && dirfd >= 0 ? open_file(dirfd, name, O_NONBLOCK) :
	    open_file(AT_FDCWD, path, regular ? O_NONBLOCK : 0);
	if (fd < 0)
		return strerror(errno);
	if (regular && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);   /* replaced since the directory was read */
		return open_path(s, path, explicit, 0, -1, NULL, nomem);
	}
	switch (open_stream(s, fd, 1, path, S_ISREG(st.st_mode) && st.st_size > 0 ? (long long)st.st_size : -1)) {
	case -1:
		*nomem = 1;
		return NULL;
	case -2:
		return broke_off(s);
	}
	return NULL;
}

/* next_in_walk - open the next entry of the walk; 1 when something was
 * opened or reported (*err), 0 when the walk is over */
static int
next_in_walk(struct bd_source *s, char *path, size_t pathlen, const char **err, int *nomem)
{
	struct frame *f;
	const char *name;

	while (s->depth > 0) {
		f = &s->stack[s->depth - 1];
		if (f->next == f->n) {
			frame_free(f);
			s->depth--;
			continue;
		}
		if (f->names[f->next][0] == '\0') {
			f->next++;
			continue;
		}
		name = f->names[f->next++];
		snprintf(path, pathlen, "%s%s%s", f->path,
		    f->path[0] && f->path[strlen(f->path) - 1] == '/' ? "" : "/", name);
		*err = open_path(s, path, 0, name[strlen(name) + 1] == DT_REG, f->dirfd, name, nomem);
		return 1;
	}
	return 0;
}

/* message_from_stream - yield the next message of the open stream */
/* all_blank - p[0..n) holds white space only */
static int
all_blank(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, n--;
	return n == 0;
}

static enum bd_source_status
message_from_stream(struct bd_source *s, struct bd_msgbuf *msg, int *done)
{
	int truncated, rc;
	const char *why;

	rc = read_message(s, &truncated);
	*done = 0;
	if (rc == -2)
		return BD_SRC_NOMEM;
	if (s->broken && (rc == 0 || s->rpos == s->rlen))
		rc = -1;  /* damaged data: the error; a message it cut short is not read */
	if (rc < 0) {
		why = broke_off(s);
		*done = 1;
		memset(msg, 0, sizeof *msg);
		msg->file = s->file;
		snprintf(msg->error, sizeof msg->error, "%s", why);
		return BD_SRC_ERROR;
	}
	if (rc == 0) {
		close_stream(s);
		*done = 1;
		/* an empty file is worth a word; a mail log without a
		 * bounce is a good day, and so is an empty pipe ("grep
		 * status=bounced mail.log | bouncediag" that found none) */
		if (s->index == 0 && !s->log && s->close_fd) { /* close_fd: not stdin */
			memset(msg, 0, sizeof *msg);
			msg->file = s->file;
			snprintf(msg->error, sizeof msg->error, "empty input, no message");
			return BD_SRC_ERROR;
		}
		return BD_SRC_END;
	}
	memset(msg, 0, sizeof *msg);
	msg->file = s->file;
	msg->index = ++s->index;
	if (s->log)
		msg->index = s->line;  /* a log's records point at their line */
	/* an mbox entry with nothing after its From line */
	if (s->mbox && all_blank(s->data, s->len)) {
		snprintf(msg->error, sizeof msg->error, "message %zu is empty (its From line only)",
		    msg->index);
		return BD_SRC_ERROR;
	}
	msg->data = s->data;
	msg->len = s->len;
	msg->truncated = truncated;
	s->data = NULL; /* a fresh buffer next time: the caller may take this */
	s->cap = s->len = 0;
	return BD_SRC_MESSAGE;
}

enum bd_source_status
bd_source_next(struct bd_source *s, struct bd_msgbuf *msg)
{
	char path[4096];
	const char *err;
	enum bd_source_status st;
	int nomem = 0, done;

	free(msg->data); /* a message the caller did not take */
	msg->data = NULL;
	for (;;) {
		if (s->fd >= 0) {
			st = message_from_stream(s, msg, &done);
			if (st != BD_SRC_END)
				return st;
			continue;
		}
		err = NULL;
		if (next_in_walk(s, path, sizeof path, &err, &nomem)) {
			if (nomem)
				return BD_SRC_NOMEM;
			if (err)
				return set_error(s, msg, path, err);
			continue;
		}
		if (s->next_path >= s->npaths)
			return BD_SRC_END;
		if (strcmp(s->paths[s->next_path], "-") == 0) {
			s->next_path++;
			switch (open_stream(s, 0, 0, "-", -1)) {
			case -1:
				return BD_SRC_NOMEM;
			case -2:
				return set_error(s, msg, "-", broke_off(s));
			}
			continue;
		}
		err = open_path(s, s->paths[s->next_path], 1, 0, -1, NULL, &nomem);
		s->next_path++;
		if (nomem)
			return BD_SRC_NOMEM;
		if (err)
			return set_error(s, msg, s->paths[s->next_path - 1], err);
	}
}
