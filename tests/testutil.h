/*
 * testutil.h - what every cmocka test file includes: cmocka's own
 * prerequisites in the order it needs them, and small helpers.
 */
#ifndef BD_TESTUTIL_H
#define BD_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The shipped rules, relative to the repository root (tests run from it). */
#define TEST_RULES_DIR "rules"

/* Directory of ../shared (corpus, seeds), or NULL when it is not beside
 * the repository. */
static inline const char *
test_shared_dir(void)
{
	static const char *dir = "../shared";
	FILE *f = fopen("../shared/seeds/examples.tsv", "r");

	if (f == NULL)
		return NULL;
	fclose(f);
	return dir;
}

#endif
