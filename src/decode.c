/* decode.c - stub, being written */
#include <stdlib.h>
#include "decode.h"
#include "util.h"
char *bd_base64_decode(const char *in, size_t len, size_t *outlen) { *outlen = len; return bd_strndup(in, len); }
char *bd_qp_decode(const char *in, size_t len, size_t *outlen) { *outlen = len; return bd_strndup(in, len); }
char *bd_to_utf8(const char *in, size_t len, const char *charset, size_t *outlen) { (void)charset; *outlen = len; return bd_strndup(in, len); }
char *bd_rfc2047_decode(const char *in, size_t len) { return bd_strndup(in, len); }
int bd_utf8_valid(const char *s, size_t len) { (void)s; (void)len; return 1; }
