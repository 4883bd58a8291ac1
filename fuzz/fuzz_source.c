/*
 * fuzz_source.c - libFuzzer harness: the message source (file reading and
 * the mbox splitter, the mail log reader) on arbitrary bytes written to a
 * scratch file.  Checks that messages are numbered 1, 2, 3... (a mail
 * log's by their lines: increasing, at most one per byte; an empty mbox
 * entry's error takes its number), that a file gets at most one error of
 * its own, that messages stay within
 * BD_MAX_MESSAGE_BYTES,
 * never add up to more bytes than the file has (a gzip file: than the
 * inflation bound lets it hold), and that the walk ends.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzzutil.h"
#include "gunzip.h"
#include "limits.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[] = "/tmp/bd-fuzz-source.XXXXXX";
static char input[sizeof scratch + 16];

/* cleanup - remove the scratch file and directory at exit */
static void
cleanup(void)
{
	unlink(input);
	rmdir(scratch);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(scratch) == NULL)
		fz_fail("mkdtemp", scratch);
	snprintf(input, sizeof input, "%s/mbox", scratch);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[1] = { input };
	enum bd_source_status st;
	struct bd_source *src;
	struct bd_msgbuf msg;
	size_t seen = 0, bytes = 0, errors = 0, room = size;
	FILE *f;

	if (bd_gunzip_magic(data, size))  /* what it may inflate to */
		room = BD_GUNZIP_CHECK_BYTES + size * BD_GUNZIP_MAX_RATIO + 65536;

	if ((f = fopen(input, "wb")) == NULL)
		fz_fail("cannot write", input);
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fz_fail("cannot write", input);
	if ((src = bd_source_new(paths, 1)) == NULL)
		return 0;
	memset(&msg, 0, sizeof msg);
	while ((st = bd_source_next(src, &msg)) != BD_SRC_END) {
		if (st == BD_SRC_NOMEM)
			break;
		if (st == BD_SRC_ERROR) {
			if (memchr(msg.error, '\0', sizeof msg.error) == NULL)
				fz_fail("error text not terminated", input);
			/* an mbox entry's error is numbered as its message */
			if (msg.index != 0 && msg.index != ++seen)
				fz_fail("an entry's error out of the message numbers", msg.error);
			if (msg.index == 0 && ++errors > 1)
				fz_fail("more than one error for one file", msg.error);
			continue;
		}
		if (msg.index != ++seen && (msg.index < seen || msg.index > size + 1))
			fz_fail("message numbers neither 1, 2, 3... nor increasing line numbers", input);
		seen = msg.index;
		if (msg.len > BD_MAX_MESSAGE_BYTES || (msg.len && msg.data == NULL))
			fz_fail("message buffer out of bounds", input);
		bytes += msg.len;
		if (bytes > room)
			fz_fail("messages add up to more than the file", input);
		if (msg.file == NULL || strcmp(msg.file, input) != 0)
			fz_fail("message file name is not the path given", msg.file);
	}
	bd_source_free(src);
	return 0;
}
