/*
 * fuzz_fragment.c - libFuzzer harness: the fragment parser
 * (bd_scan_fragment) on arbitrary bytes, then the classifier on every
 * recipient it found.  The input is prepared as bd_diagnose prepares it
 * (CR and CRLF to LF, NUL to space, a NUL terminator after len bytes), so
 * the harness tests the parser under the contract the pipeline gives it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bouncediag.h"
#include "classify.h"
#include "facts.h"
#include "fuzzutil.h"
#include "limits.h"
#include "scan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bd_rules *rules;
static bd_ctx *ctx;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fz_load_rules();
	if ((ctx = bd_ctx_new(rules, BD_LANG_EN)) == NULL)
		fz_fail("bd_ctx_new", "out of memory");
	return 0;
}

/* prepare - a normalised, NUL-terminated copy of the input */
static char *
prepare(const uint8_t *data, size_t size, size_t *len)
{
	char *t, *w;
	size_t i;

	if ((t = malloc(size + 1)) == NULL)
		return NULL;
	for (w = t, i = 0; i < size; i++) {
		if (data[i] == '\r') {
			*w++ = '\n';
			if (i + 1 < size && data[i + 1] == '\n')
				i++;
		} else
			*w++ = data[i] == '\0' ? ' ' : (char)data[i];
	}
	*w = '\0';
	*len = (size_t)(w - t);
	return t;
}

/* check_facts - what the scanner found must be usable as it stands */
static void
check_facts(const struct bd_factlist *fl)
{
	struct bd_verdict v;
	size_t i;

	if (fl->n > BD_MAX_RECIPIENTS)
		fz_fail("more recipients than BD_MAX_RECIPIENTS", "fragment");
	for (i = 0; i < fl->n; i++) {
		const struct bd_facts *f = &fl->v[i];

		if (memchr(f->status, '\0', sizeof f->status) == NULL)
			fz_fail("status not NUL-terminated", "fragment");
		fz_check_string("recipient", f->recipient);
		fz_check_string("diagnostic", f->diagnostic);
		fz_check_string("remote_mta", f->remote_mta);
		memset(&v, 0, sizeof v);
		if (bd_classify(ctx, fl, f, &v) == 0) {
			if (v.reason == NULL || !fz_reason_known(v.reason))
				fz_fail("classified reason outside the vocabulary", v.reason);
			fz_check_string("evidence", v.evidence);
		}
		bd_verdict_free(&v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bd_factlist fl;
	size_t len;
	char *text;

	if ((text = prepare(data, size, &len)) == NULL)
		return 0;
	memset(&fl, 0, sizeof fl);
	if (bd_scan_fragment(text, len, &fl) == 0)
		check_facts(&fl);
	bd_factlist_free(&fl);
	free(text);
	return 0;
}
