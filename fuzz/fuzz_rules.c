/*
 * fuzz_rules.c - libFuzzer harness: the rule file loader.  Each input is
 * written as a rules file into a scratch directory that also holds a copy
 * of the shipped catalogue and registries; the directory goes through
 * bd_rules_check and bd_rules_load.  When the rules load, one small bounce
 * is diagnosed with them, so that the fuzzed patterns are matched too
 * (a catastrophic pattern must hit the PCRE2 limits, not the timeout).
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bouncediag.h"
#include "fuzzutil.h"
#include "rules.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[] = "/tmp/bd-fuzz-rules.XXXXXX";
static char rulefile[sizeof scratch + 32];

static const char sample[] =
    "From: MAILER-DAEMON@mx.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n"
    "\n--b\nContent-Type: text/plain\n\nThe mail system: delivery failed.\n"
    "--b\nContent-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns; mx.example.org\n\n"
    "Final-Recipient: rfc822; bob@example.net\nAction: failed\n"
    "Status: 5.1.1\nRemote-MTA: dns; mx.example.net\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address "
    "rejected: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
    "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa!\n"
    "--b--\n";

/* copy_file - copy src to dst; 0 or -1 */
static int
copy_file(const char *src, const char *dst)
{
	char buf[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	if ((in = fopen(src, "rb")) == NULL)
		return -1;
	if ((out = fopen(dst, "wb")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

/* cleanup - remove the scratch directory at exit */
static void
cleanup(void)
{
	char path[sizeof scratch + 300];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(scratch)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", scratch, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(scratch);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char src[4096], dst[sizeof scratch + 300];
	const char *dir = fz_rules_dir();
	struct dirent *e;
	size_t l;
	DIR *d;

	(void)argc;
	(void)argv;
	if (mkdtemp(scratch) == NULL || (d = opendir(dir)) == NULL)
		fz_fail("cannot prepare the scratch rules directory", dir);
	atexit(cleanup);
	/* everything but the shipped rule files: catalogue, registries */
	while ((e = readdir(d)) != NULL) {
		l = strlen(e->d_name);
		if (e->d_name[0] == '.' || (l > 6 && strcmp(e->d_name + l - 6, ".rules") == 0))
			continue;
		snprintf(src, sizeof src, "%s/%s", dir, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", scratch, e->d_name);
		if (copy_file(src, dst) < 0)
			fz_fail("cannot copy", src);
	}
	closedir(d);
	snprintf(rulefile, sizeof rulefile, "%s/fuzz.rules", scratch);
	return 0;
}

/* diagnose_sample - match the loaded rules against a small bounce */
static void
diagnose_sample(const bd_rules *rules)
{
	bd_report *rep;
	bd_ctx *ctx;
	size_t i;

	if ((ctx = bd_ctx_new(rules, BD_LANG_EN)) == NULL)
		return;
	if (bd_diagnose(ctx, sample, sizeof sample - 1, &rep) == BD_OK) {
		for (i = 0; i < bd_report_count(rep); i++)
			fz_check_record(bd_report_record(rep, i));
		bd_report_free(rep);
	}
	bd_ctx_free(ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dirs[1] = { scratch };
	struct strbuf errors = { 0 };
	bd_rules *rules = NULL;
	char err[1024];
	int problems, rc;
	FILE *f;

	if ((f = fopen(rulefile, "wb")) == NULL)
		fz_fail("cannot write", rulefile);
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fz_fail("cannot write", rulefile);
	problems = bd_rules_check(dirs, 1, &errors);
	if (errors.s && !fz_utf8_valid(errors.s, errors.len))
		fz_fail("rules check message is not valid UTF-8", errors.s);
	err[0] = '\0';
	rc = bd_rules_load(&rules, dirs, 1, err, sizeof err);
	if (rc == BD_OK) {
		if (problems > 0)
			fz_fail("rules load but check finds problems", errors.s);
		diagnose_sample(rules);
	} else {
		if (problems == 0)
			fz_fail("rules check passes but load fails", err);
		if (err[0] == '\0' || memchr(err, '\0', sizeof err) == NULL)
			fz_fail("load failed without a message", "err");
	}
	bd_rules_free(rules);
	sb_free(&errors);
	return 0;
}
