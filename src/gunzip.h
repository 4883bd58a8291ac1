/*
 * gunzip.h - read a gzip-compressed stream (a rotated mail.log.1.gz, a
 * saved bounce.eml.gz, a compressed mbox) as the bytes it holds.
 *
 * The source (source.c) reads a stream's first bytes; when they are gzip's
 * magic it hands them to bd_gunzip_new() and reads on through
 * bd_gunzip_read().  Concatenated members are read one after the other (as
 * gzip -d does); bytes after the last member that start no other member are
 * ignored.  Untrusted input is bounded: past BD_GUNZIP_CHECK_BYTES of
 * output, a stream that grows more than BD_GUNZIP_MAX_RATIO times its
 * compressed size stops with an error (a decompression bomb).
 */
#ifndef BD_GUNZIP_H
#define BD_GUNZIP_H

#include <stddef.h>
#include <sys/types.h>

struct bd_gunzip;

/* bd_gunzip_magic - buf[0..n) starts a gzip stream (1f 8b, deflate) */
int bd_gunzip_magic(const void *buf, size_t n);

/* bd_gunzip_new - a reader that starts with the n compressed bytes at head
 * (copied) and reads the rest from fd; NULL when out of memory. */
struct bd_gunzip *bd_gunzip_new(const void *head, size_t n);

/* bd_gunzip_read - up to n bytes of output into dst: the count, 0 at the
 * end of the stream, -1 on error with *why set (a sentence, static) or
 * NULL when read(2) failed (see errno). */
ssize_t bd_gunzip_read(struct bd_gunzip *g, int fd, char *dst, size_t n, const char **why);

/* bd_gunzip_offset - compressed bytes consumed so far (for error messages) */
unsigned long long bd_gunzip_offset(const struct bd_gunzip *g);

void bd_gunzip_free(struct bd_gunzip *g);

#endif
