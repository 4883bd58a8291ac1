/*
 * json.h - the few reads of JSON that notifications need (SES, sending
 * services' webhooks): a key's value found in a span of text, without a
 * parser or a tree.  A key is found wherever it stands in the span, nested
 * or not, case-insensitively.  Internal.
 */
#ifndef BD_JSON_H
#define BD_JSON_H

/* bd_json_find - where the value of the next "key" at or after s starts in
 * s[0..end) (past the colon and blanks, whatever it is), or NULL */
const char *bd_json_find(const char *s, const char *end, const char *key);

/* bd_json_find_open - where the value of "key" starts in s[0..end) when it
 * starts with open ('"', '[' or '{'): past the opening character; or NULL */
const char *bd_json_find_open(const char *s, const char *end, const char *key, char open);

/* bd_json_close - the bracket that closes the array or object whose
 * content starts at p (after its '[' or '{'), within [p, end): strings and
 * nested brackets skipped; or end */
const char *bd_json_close(const char *p, const char *end);

/* bd_json_find_string - the string value of "key" in s[0..end), newly allocated
 * (\" \\ \/ \n \t undone), or NULL (absent, or out of memory) */
char *bd_json_find_string(const char *s, const char *end, const char *key);

/* bd_json_find_int - the value of "key" in s[0..end) as a number, written as
 * one (550) or as a string ("550"); 0 when absent or not a number */
int bd_json_find_int(const char *s, const char *end, const char *key);

/* bd_json_skip_blank - p past JSON white space, not beyond end */
const char *bd_json_skip_blank(const char *p, const char *end);

#endif
