/*
 * gunzip.c - a gzip stream read as the bytes it holds (see gunzip.h),
 * with zlib's inflate.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gunzip.h"
#include "limits.h"

#define ZBUF (64u * 1024)

struct bd_gunzip {
	z_stream z;
	unsigned char in[ZBUF];
	unsigned long long consumed; /* compressed bytes read from the file */
	unsigned long long out;      /* bytes inflated */
	int member_done;             /* the last inflate ended a member */
	int eof;                     /* the file has no more bytes */
};

int
bd_gunzip_magic(const void *buf, size_t n)
{
	const unsigned char *p = buf;

	return n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

struct bd_gunzip *
bd_gunzip_new(const void *head, size_t n)
{
	struct bd_gunzip *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	if (n > sizeof g->in)
		n = sizeof g->in;   /* the source hands over one buffer at most */
	memcpy(g->in, head, n);
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)n;
	g->consumed = n;
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) { /* 16: gzip wrapper only */
		free(g);
		return NULL;
	}
	return g;
}

/* refill - read more compressed bytes when all were inflated; 0, or -1
 * when read(2) failed */
static int
refill(struct bd_gunzip *g, int fd)
{
	ssize_t r;

	if (g->z.avail_in > 0 || g->eof)
		return 0;
	do
		r = read(fd, g->in, sizeof g->in);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (r == 0)
		g->eof = 1;
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)r;
	g->consumed += (unsigned long long)r;
	return 0;
}

/* next_member - after a member's end: 1 if another member follows (the
 * inflater reset for it), 0 if the stream is over */
static int
next_member(struct bd_gunzip *g, int fd)
{
	if (refill(g, fd) < 0)
		return -1;
	if (g->z.avail_in == 0 || g->z.next_in[0] != 0x1f)
		return 0;   /* the end, or trailing bytes that start no member */
	g->member_done = 0;
	return inflateReset(&g->z) == Z_OK ? 1 : -1;
}

/* too_inflated - the output outgrew what a text compresses to */
static int
too_inflated(const struct bd_gunzip *g)
{
	return g->out > BD_GUNZIP_CHECK_BYTES &&
	    g->out / BD_GUNZIP_MAX_RATIO > g->consumed;
}

ssize_t
bd_gunzip_read(struct bd_gunzip *g, int fd, char *dst, size_t n, const char **why)
{
	int zr, more;

	*why = NULL;
	g->z.next_out = (unsigned char *)dst;
	g->z.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	n = g->z.avail_out;
	while (g->z.avail_out == n) {
		if (g->member_done) {
			if ((more = next_member(g, fd)) < 0)
				return -1;
			if (more == 0)
				return 0;
		}
		if (refill(g, fd) < 0)
			return -1;
		if (g->z.avail_in == 0) {
			*why = "the gzip data ends early (a truncated file?)";
			return -1;
		}
		zr = inflate(&g->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			g->member_done = 1;
		} else if (zr != Z_OK && !(zr == Z_BUF_ERROR && g->z.avail_in == 0)) {
			*why = zr == Z_MEM_ERROR ? "out of memory inflating gzip data" :
			    "the gzip data is corrupt";
			return -1;
		}
	}
	g->out += n - g->z.avail_out;
	if (too_inflated(g)) {
		*why = "the gzip data inflates more than " BD_STR(BD_GUNZIP_MAX_RATIO)
		    " times its size (a decompression bomb?): the rest is not read";
		return -1;
	}
	return (ssize_t)(n - g->z.avail_out);
}

unsigned long long
bd_gunzip_offset(const struct bd_gunzip *g)
{
	return g->consumed - g->z.avail_in;
}

void
bd_gunzip_free(struct bd_gunzip *g)
{
	if (g == NULL)
		return;
	inflateEnd(&g->z);
	free(g);
}
