/*
 * fuzz_output.c - libFuzzer harness: the output formats on any record.
 * The input is cut at NUL bytes into the record's strings (file name,
 * recipient, diagnostic...); two bytes give the message number, reply code
 * and hard flag.  Every record must render as one valid JSON object of 17
 * members on one line, one TSV line of 17 columns, and one RFC 4180 CSV
 * record of 17 fields ending in CRLF.  The text format only must not fail.
 */
#include <stddef.h>
#include <stdint.h>

#include "bouncediag.h"
#include "fuzzutil.h"
#include "output.h"
#include "util.h"

#define NFIELDS 17

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* csv_fields - fields in one RFC 4180 record ending in CRLF, or -1 */
static int
csv_fields(const char *s, size_t n)
{
	size_t i = 0;
	int fields = 1;

	while (i < n) {
		if (s[i] == '"') {
			for (i++; i < n; i++)
				if (s[i] == '"' && (i + 1 >= n || s[i + 1] != '"'))
					break;
				else if (s[i] == '"')
					i++;
			if (i++ >= n)
				return -1;
			if (i < n && s[i] != ',' && s[i] != '\r')
				return -1;
		}
		for (; i < n && s[i] != ',' && s[i] != '\r'; i++)
			if (s[i] == '"' || s[i] == '\n')
				return -1;
		if (i < n && s[i] == ',') {
			fields++;
			i++;
			continue;
		}
		return (n >= 2 && i == n - 2 && s[i] == '\r' && s[i + 1] == '\n') ? fields : -1;
	}
	return -1;
}

/* render - the record in format fmt into sb (emptied first) */
static void
render(struct strbuf *sb, enum bd_format fmt, const struct bd_origin *from,
    const bd_record *r)
{
	struct bd_out_opts o = { fmt, 0 };

	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
	if (bd_out_record(sb, &o, from, r) < 0)
		fz_fail("bd_out_record", "out of memory");
}

/* count - occurrences of c in s[0..n) */
static size_t
count(const char *s, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *str[15] = { 0 };
	struct strbuf sb = { 0 };
	struct bd_origin from;
	bd_record r;
	char *copy;
	size_t i, k;

	if (size < 2 || (copy = malloc(size - 1)) == NULL)
		return 0;
	memcpy(copy, data + 2, size - 2);
	copy[size - 2] = '\0';
	/* NUL-separated strings; an empty one stays NULL */
	for (i = 0, k = 0; k < 15 && i < size - 1; k++) {
		str[k] = copy[i] ? copy + i : NULL;
		i += strlen(copy + i) + 1;
	}
	memset(&r, 0, sizeof r);
	from.file = str[0] ? str[0] : "-";
	from.message = data[0];
	from.note = str[14];
	r.recipient = str[1]; r.action = str[2]; r.status = str[3];
	r.reason = str[4]; r.diagnostic = str[5]; r.remote_mta = str[6];
	r.smtp_command = str[7]; r.rule = str[8]; r.evidence = str[9];
	r.title = str[10]; r.cause = str[11]; r.fix = str[12]; r.note = str[13];
	r.reply_code = data[1] * 4;
	r.hard = data[1] & 1;

	render(&sb, BD_FMT_JSON, &from, &r);
	if (fz_json_line(sb.s, sb.len) != NFIELDS)
		fz_fail("JSON record is not one valid object line", sb.s);
	render(&sb, BD_FMT_TSV, &from, &r);
	if (count(sb.s, sb.len, '\t') != NFIELDS - 1 || count(sb.s, sb.len, '\n') != 1 ||
	    sb.s[sb.len - 1] != '\n')
		fz_fail("TSV record is not one line of 17 columns", sb.s);
	render(&sb, BD_FMT_CSV, &from, &r);
	if (csv_fields(sb.s, sb.len) != NFIELDS)
		fz_fail("CSV record is not one RFC 4180 record of 17 fields", sb.s);
	render(&sb, BD_FMT_TEXT, &from, &r);
	sb_free(&sb);
	free(copy);
	return 0;
}
