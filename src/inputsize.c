/*
 * inputsize.c - the total size of a batch's inputs (see inputsize.h).
 *
 * The walk counts what the reader reads: regular files below the named
 * directories, not hidden entries, not a Maildir's tmp/, no symbolic
 * links; it stops at the reader's depth bound.  A gzip file counts what it
 * holds (its trailer's size, modulo 4 GiB: an estimate).  It only informs an
 * estimate, so a tree that changes meanwhile costs nothing but accuracy.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gunzip.h"
#include "inputsize.h"
#include "limits.h"

/* held_size - the bytes a regular file yields to the reader: what a gzip
 * file inflates to (the last member's trailer), else its size */
static unsigned long long
held_size(int dirfd, const char *name, const struct stat *st)
{
	unsigned char b[4];
	int fd;
	unsigned long long held = (unsigned long long)st->st_size;

	if (st->st_size < 18 || (fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC)) < 0)
		return held;
	if (pread(fd, b, 3, 0) == 3 && bd_gunzip_magic(b, 3) &&
	    pread(fd, b, 4, st->st_size - 4) == 4)
		held = (unsigned long long)b[0] | (unsigned long long)b[1] << 8 |
		    (unsigned long long)b[2] << 16 | (unsigned long long)b[3] << 24;
	close(fd);
	return held;
}

/* is_gz_name - a name a gzip file goes by (only those are opened in a walk) */
static int
is_gz_name(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".gz") == 0;
}

struct bd_sizer {
	const char *const *paths;
	size_t n;
	atomic_ullong total;      /* 0: not known (yet) */
	atomic_int stop;          /* the batch is over: give up */
	pthread_t thread;
	int walking;              /* thread started */
};

/* tree_size - bytes of the regular files below the directory fd (taken,
 * closed here); depth bounds the recursion */
static unsigned long long
tree_size(struct bd_sizer *s, int fd, int depth)
{
	unsigned long long sum = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int sub, maildir;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	maildir = fstatat(fd, "cur", &st, AT_SYMLINK_NOFOLLOW) == 0 ||
	    fstatat(fd, "new", &st, AT_SYMLINK_NOFOLLOW) == 0;
	while (!atomic_load(&s->stop) && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (maildir && strcmp(de->d_name, "tmp") == 0) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISREG(st.st_mode))
			sum += is_gz_name(de->d_name) ? held_size(fd, de->d_name, &st) :
			    (unsigned long long)st.st_size;
		else if (S_ISDIR(st.st_mode) && depth < BD_MAX_DIR_DEPTH &&
		    (sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) >= 0)
			sum += tree_size(s, sub, depth + 1);
	}
	closedir(d);
	return sum;
}

/* path_size - bytes of a regular file or a tree; 0 with *known 0 for
 * anything else (a pipe, standard input) */
static unsigned long long
path_size(struct bd_sizer *s, const char *path, int *known)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0 || stat(path, &st) < 0) {
		*known = 0;
		return 0;
	}
	if (S_ISREG(st.st_mode))
		return held_size(AT_FDCWD, path, &st);
	if (S_ISDIR(st.st_mode) && (fd = open(path, O_RDONLY | O_DIRECTORY)) >= 0)
		return tree_size(s, fd, 0);
	*known = 0;
	return 0;
}

/* walk - the thread: every input's size, stored when all are known */
static void *
walk(void *arg)
{
	struct bd_sizer *s = arg;
	unsigned long long sum = 0;
	int known = 1;
	size_t i;

	for (i = 0; i < s->n && known && !atomic_load(&s->stop); i++)
		sum += path_size(s, s->paths[i], &known);
	if (known && !atomic_load(&s->stop))
		atomic_store(&s->total, sum);
	return NULL;
}

/* has_directory - is one of the inputs a directory */
static int
has_directory(const char *const *paths, size_t n)
{
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
	return 0;
}

struct bd_sizer *
bd_sizer_start(const char *const *paths, size_t n)
{
	struct bd_sizer *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->paths = paths;
	s->n = n;
	atomic_init(&s->total, 0);
	atomic_init(&s->stop, 0);
	if (!has_directory(paths, n))
		walk(s); /* files only: a stat each, at once */
	else if (pthread_create(&s->thread, NULL, walk, s) == 0)
		s->walking = 1;
	return s;
}

unsigned long long
bd_sizer_total(struct bd_sizer *s)
{
	return s ? atomic_load(&s->total) : 0;
}

void
bd_sizer_stop(struct bd_sizer *s)
{
	if (s == NULL)
		return;
	atomic_store(&s->stop, 1);
	if (s->walking)
		pthread_join(s->thread, NULL);
	free(s);
}
