/*
 * fuzzutil.h - what the libFuzzer harnesses share: where the shipped rules
 * are, a strict UTF-8 check, the reason vocabulary, and a loud failure.
 *
 * Harnesses are programs, not library code: they may print and abort.
 * Everything here is static so each harness stays a single translation
 * unit plus the library.
 */
#ifndef BD_FUZZUTIL_H
#define BD_FUZZUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bouncediag.h"

/* fz_fail - report a broken invariant and abort, so libFuzzer saves the input */
static inline void fz_fail(const char *, const char *) __attribute__((noreturn));

static inline void
fz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz invariant broken: %s: %s\n", what,
	    detail ? detail : "(null)");
	abort();
}

/*
 * fz_rules_dir - the shipped rules: $BD_FUZZ_RULES, else "rules" in the
 * working directory (make fuzz runs from the repository root), else
 * ../../rules beside the harness binary (fuzz/bin/NAME).
 */
static inline const char *
fz_rules_dir(void)
{
	static char path[4096];
	const char *env = getenv("BD_FUZZ_RULES");
	char *slash;
	ssize_t n;

	if (env && *env)
		return env;
	if (access("rules/reasons.catalog", R_OK) == 0)
		return "rules";
	n = readlink("/proc/self/exe", path, sizeof path - 16);
	if (n > 0) {
		path[n] = '\0';
		if ((slash = strrchr(path, '/')) != NULL) {
			strcpy(slash + 1, "../../rules");
			return path;
		}
	}
	return "rules";
}

/* fz_load_rules - the shipped rules, or abort with the loader's message */
static inline bd_rules *
fz_load_rules(void)
{
	const char *dir = fz_rules_dir();
	char err[1024];
	bd_rules *rules;

	if (bd_rules_load(&rules, &dir, 1, err, sizeof err) != BD_OK) {
		fprintf(stderr, "fuzz: cannot load rules from %s: %s\n"
		    "(set BD_FUZZ_RULES to the rules directory)\n", dir, err);
		exit(2);
	}
	return rules;
}

/*
 * fz_utf8_len - length of the valid UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF) at p[0..n), or 0.
 */
static inline size_t
fz_utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* fz_utf8_valid - is s[0..n) valid UTF-8? */
static inline int
fz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if ((l = fz_utf8_len(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

/* fz_json_string - skip the JSON string at *p (RFC 8259); 0 or -1 */
static inline int
fz_json_string(const char **p, const char *end)
{
	const char *s = *p;
	int i;

	if (s >= end || *s++ != '"')
		return -1;
	while (s < end && *s != '"') {
		if ((unsigned char)*s < 0x20)
			return -1;
		if (*s++ != '\\')
			continue;
		if (s >= end)
			return -1;
		if (strchr("\"\\/bfnrt", *s) != NULL && *s != '\0') {
			s++;
			continue;
		}
		if (*s++ != 'u' || end - s < 4)
			return -1;
		for (i = 0; i < 4; i++, s++)
			if (strchr("0123456789abcdefABCDEF", *s) == NULL || *s == '\0')
				return -1;
	}
	if (s >= end)
		return -1;
	*p = s + 1;
	return 0;
}

/* fz_json_value - skip a flat JSON value: string, integer, true, false,
 * null; 0 or -1 */
static inline int
fz_json_value(const char **p, const char *end)
{
	static const char *const words[] = { "true", "false", "null" };
	const char *s = *p;
	size_t i, l;

	if (s < end && *s == '"')
		return fz_json_string(p, end);
	if (s < end && (*s == '-' || (*s >= '0' && *s <= '9'))) {
		if (*s == '-')
			s++;
		if (s >= end || *s < '0' || *s > '9' || (*s == '0' && s + 1 < end &&
		    s[1] >= '0' && s[1] <= '9'))
			return -1;
		while (s < end && *s >= '0' && *s <= '9')
			s++;
		*p = s;
		return 0;
	}
	for (i = 0; i < 3; i++) {
		l = strlen(words[i]);
		if ((size_t)(end - s) >= l && memcmp(s, words[i], l) == 0) {
			*p = s + l;
			return 0;
		}
	}
	return -1;
}

/*
 * fz_json_line - is s[0..n) one JSON object of flat values, as bouncediag
 * writes a record, followed by a single newline, in valid UTF-8?  Returns
 * the number of members, or -1.
 */
static inline int
fz_json_line(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int members = 0;

	if (n < 3 || !fz_utf8_valid(s, n) || *p++ != '{' || end[-1] != '\n')
		return -1;
	end--;
	while (p < end && *p != '}') {
		if (members > 0 && *p++ != ',')
			return -1;
		if (fz_json_string(&p, end) < 0 || p >= end || *p++ != ':' ||
		    fz_json_value(&p, end) < 0)
			return -1;
		members++;
	}
	return (p < end && *p == '}' && p + 1 == end) ? members : -1;
}

/* fz_check_string - a record string must be NULL or valid UTF-8 */
static inline void
fz_check_string(const char *field, const char *s)
{
	if (s != NULL && !fz_utf8_valid(s, strlen(s)))
		fz_fail("invalid UTF-8 in record field", field);
}

/* fz_reason_known - is name in reasons.md's vocabulary? */
static inline int
fz_reason_known(const char *name)
{
	static const char *const vocab[] = {
		"userunknown", "hostunknown", "hasmoved", "notaccept", "suspend",
		"mailboxfull", "mesgtoobig", "exceedlimit", "norelaying",
		"securityerror", "authfailure", "requireptr", "blocked",
		"badreputation", "rejected", "spamdetected", "virusdetected",
		"filtered", "contenterror", "policyviolation", "notcompliantrfc",
		"speeding", "toomanyconn", "syntaxerror", "systemerror",
		"systemfull", "networkerror", "expired", "mailererror", "onhold",
		"undefined", "delivered", "vacation", "feedback",
	};
	size_t i;

	for (i = 0; i < sizeof vocab / sizeof vocab[0]; i++)
		if (strcmp(name, vocab[i]) == 0)
			return 1;
	return 0;
}

/* fz_check_record - every invariant a record must hold, whatever the input */
static inline void
fz_check_record(const bd_record *r)
{
	if (r == NULL)
		fz_fail("bd_report_record returned NULL", "index < count");
	fz_check_string("recipient", r->recipient);
	fz_check_string("action", r->action);
	fz_check_string("status", r->status);
	fz_check_string("reason", r->reason);
	fz_check_string("diagnostic", r->diagnostic);
	fz_check_string("remote_mta", r->remote_mta);
	fz_check_string("smtp_command", r->smtp_command);
	fz_check_string("rule", r->rule);
	fz_check_string("evidence", r->evidence);
	fz_check_string("title", r->title);
	fz_check_string("cause", r->cause);
	fz_check_string("fix", r->fix);
	fz_check_string("note", r->note);
	if (r->reason != NULL && !fz_reason_known(r->reason))
		fz_fail("reason outside the vocabulary", r->reason);
	if (r->hard != 0 && r->hard != 1)
		fz_fail("hard is not a boolean", "hard");
	if (r->reply_code < 0 || r->reply_code > 999)
		fz_fail("reply code out of range", "reply_code");
}

#endif
