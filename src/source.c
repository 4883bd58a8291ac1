/* source.c - stub, being written */
#include <stdlib.h>
#include "source.h"
struct bd_source *bd_source_new(const char *const *paths, size_t n) { (void)paths; (void)n; return NULL; }
enum bd_source_status bd_source_next(struct bd_source *src, struct bd_msgbuf *msg) { (void)src; (void)msg; return BD_SRC_END; }
void bd_source_free(struct bd_source *src) { (void)src; }
char *bd_source_take(struct bd_msgbuf *msg) { char *d = msg->data; msg->data = NULL; return d; }
