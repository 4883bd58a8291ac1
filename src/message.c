/* message.c - stub, being written */
#include <stdlib.h>
#include <string.h>
#include "message.h"
#include "util.h"
int bd_message_parse(struct bd_message *m, const char *buf, size_t len) {
	m->parts = calloc(1, sizeof *m->parts);
	if (!m->parts) return -1;
	m->parts[0].type = bd_strdup("text/plain");
	m->parts[0].text = bd_strndup(buf, len);
	m->parts[0].len = len;
	m->nparts = 1;
	return 0;
}
void bd_message_free(struct bd_message *m) { size_t i; for (i = 0; i < m->nparts; i++) { free(m->parts[i].type); free(m->parts[i].text); } free(m->parts); }
const char *bd_headers_get(const struct bd_headers *h, const char *name) { (void)h; (void)name; return NULL; }
size_t bd_headers_parse(struct bd_headers *h, const char *buf, size_t len, unsigned *t) { (void)h; (void)buf; (void)t; return len; }
void bd_headers_free(struct bd_headers *h) { (void)h; }
char *bd_header_param(const char *value, const char *param) { (void)value; (void)param; return NULL; }
