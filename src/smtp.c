/* smtp.c - stub, being written */
#include <stdlib.h>
#include "smtp.h"
const char *bd_find_status(const char *s, char out[16]) { (void)s; out[0] = 0; return NULL; }
int bd_find_reply_code(const char *s) { (void)s; return 0; }
const char *bd_find_command(const char *s) { (void)s; return NULL; }
char *bd_find_address(const char *s) { (void)s; return NULL; }
