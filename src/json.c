/*
 * json.c - reading a key's value out of a span of JSON text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

const char *
bd_json_skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

const char *
bd_json_find(const char *s, const char *end, const char *key)
{
	char pat[64];
	const char *p, *v;
	int n = snprintf(pat, sizeof pat, "\"%s\"", key);

	if (n < 0 || (size_t)n >= sizeof pat)
		return NULL;
	for (p = s; p < end && (p = bd_memcasemem(p, (size_t)(end - p), pat, (size_t)n)) != NULL;
	    p++) {
		v = bd_json_skip_blank(p + n, end);
		if (v < end && *v == ':')
			return bd_json_skip_blank(v + 1, end);
	}
	return NULL;
}

const char *
bd_json_find_open(const char *s, const char *end, const char *key, char open)
{
	const char *v;

	for (v = s; (v = bd_json_find(v, end, key)) != NULL; )
		if (v < end && *v == open)
			return v + 1;
	return NULL;
}

const char *
bd_json_close(const char *p, const char *end)
{
	int depth = 0, in_string = 0;

	for (; p < end; p++) {
		if (in_string) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				in_string = 0;
		} else if (*p == '"')
			in_string = 1;
		else if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && depth-- == 0)
			return p;
	}
	return end;
}

char *
bd_json_find_string(const char *s, const char *end, const char *key)
{
	const char *q;
	struct strbuf sb = { 0 };

	if ((q = bd_json_find_open(s, end, key, '"')) == NULL)
		return NULL;
	for (; q < end && *q != '"'; q++) {
		if (*q == '\\' && q + 1 < end) {
			q++;
			if (*q == 'u')   /* \uXXXX stays as written */
				sb_appendc(&sb, '\\');
			sb_appendc(&sb, *q == 'n' || *q == 'r' || *q == 't' ? ' ' : *q);
		} else
			sb_appendc(&sb, *q);
	}
	return sb_steal(&sb);
}

int
bd_json_find_int(const char *s, const char *end, const char *key)
{
	const char *v;

	for (v = s; (v = bd_json_find(v, end, key)) != NULL; ) {
		if (v < end && *v == '"')
			v++;
		if (v < end && isdigit((unsigned char)*v))
			return atoi(v);
	}
	return 0;
}
