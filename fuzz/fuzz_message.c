/*
 * fuzz_message.c - libFuzzer harness: the whole pipeline (bd_diagnose) on
 * arbitrary bytes with the shipped rules, as the command runs it on every
 * message.  Checks what must hold whatever the input: at least one record,
 * no more than BD_MAX_RECIPIENTS, every string valid UTF-8, the reason NULL
 * or in the vocabulary, and each record's JSON rendering one valid object
 * on one line.
 */
#include <stddef.h>
#include <stdint.h>

#include "bouncediag.h"
#include "fuzzutil.h"
#include "limits.h"
#include "output.h"
#include "util.h"

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

/* check_json - the record's JSON line: one object of 17 members on one
 * line, valid UTF-8 */
static void
check_json(const bd_record *r)
{
	static const struct bd_out_opts json = { BD_FMT_JSON, 0, BD_LANG_EN };
	struct bd_origin from = { "fuzz", 1, NULL };
	struct strbuf sb = { 0 };

	if (bd_out_record(&sb, &json, &from, r) < 0)
		fz_fail("bd_out_record", "out of memory");
	if (fz_json_line(sb.s, sb.len) != 17)
		fz_fail("JSON record is not one valid object line", sb.s);
	sb_free(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bd_report *rep;
	size_t i, n;

	if (bd_diagnose(ctx, (const char *)data, size, &rep) != BD_OK)
		return 0;   /* out of memory: allowed, but must not leak */
	n = bd_report_count(rep);
	if (n < 1 || n > BD_MAX_RECIPIENTS)
		fz_fail("record count out of range", n < 1 ? "0" : "too many");
	for (i = 0; i < n; i++) {
		fz_check_record(bd_report_record(rep, i));
		check_json(bd_report_record(rep, i));
	}
	if (bd_report_record(rep, n) != NULL)
		fz_fail("bd_report_record past the end", "not NULL");
	bd_report_free(rep);
	return 0;
}
