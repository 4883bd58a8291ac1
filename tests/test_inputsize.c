/*
 * test_inputsize.c - the batch's input sizer: regular files at once, a
 * tree in a thread (hidden entries, a Maildir's tmp/ and symbolic links
 * left out), nothing for standard input; a gzip file counts what it holds.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "inputsize.h"

/* put - a file of n bytes at path */
static void
put(const char *path, size_t n)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	for (i = 0; i < n; i++)
		fputc('x', fp);
	fclose(fp);
}

/* settled - the sizer's total once its walk is over (waits, bounded) */
static unsigned long long
settled(struct bd_sizer *s)
{
	struct timespec tick = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000 && bd_sizer_total(s) == 0; i++)
		nanosleep(&tick, NULL);
	return bd_sizer_total(s);
}

static void
test_sizes(void **state)
{
	char dir[] = "/tmp/bd-size.XXXXXX", p[256], q[256];
	const char *paths[2];
	struct bd_sizer *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/a.eml", dir);
	put(p, 100);
	snprintf(p, sizeof p, "%s/.hidden", dir);
	put(p, 1000);
	snprintf(p, sizeof p, "%s/box", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/box/cur", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/box/tmp", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/box/cur/1", dir);
	put(p, 20);
	snprintf(p, sizeof p, "%s/box/tmp/2", dir);
	put(p, 3000);
	snprintf(p, sizeof p, "%s/link", dir);
	snprintf(q, sizeof q, "%s/a.eml", dir);
	assert_int_equal(symlink(q, p), 0);

	/* a tree: 100 + 20, walked in a thread */
	paths[0] = dir;
	s = bd_sizer_start(paths, 1);
	assert_non_null(s);
	assert_int_equal(settled(s), 120);
	bd_sizer_stop(s);

	/* files only: known at once */
	paths[0] = q;
	s = bd_sizer_start(paths, 1);
	assert_int_equal(bd_sizer_total(s), 100);
	bd_sizer_stop(s);

	/* standard input among them: never known */
	paths[1] = "-";
	s = bd_sizer_start(paths, 2);
	assert_int_equal(bd_sizer_total(s), 0);
	bd_sizer_stop(s);

	/* stopped at once, before its walk could be done: no harm */
	paths[0] = dir;
	bd_sizer_stop(bd_sizer_start(paths, 1));

	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

/* A gzip file counts the bytes it inflates to (its trailer says), on the
 * command line and, named *.gz, in a tree; other files their size. */
static void
test_gzip_sizes(void **state)
{
	char dir[] = "/tmp/bd-size.XXXXXX", p[256];
	const char *paths[1];
	struct bd_sizer *s;
	gzFile gz;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/mail.log.1.gz", dir);
	assert_non_null(gz = gzopen(p, "wb"));
	for (i = 0; i < 5000; i++)
		assert_int_equal(gzputc(gz, 'x'), 'x');
	assert_int_equal(gzclose(gz), Z_OK);
	paths[0] = p;
	s = bd_sizer_start(paths, 1);
	assert_int_equal(bd_sizer_total(s), 5000);
	bd_sizer_stop(s);

	snprintf(p, sizeof p, "%s/a.eml", dir);
	put(p, 100);
	paths[0] = dir;
	s = bd_sizer_start(paths, 1);
	assert_int_equal(settled(s), 5100);
	bd_sizer_stop(s);

	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_gzip_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
