/*
 * limits.h - every bound bouncediag puts on untrusted input, in one place
 *
 * Going over a limit truncates (and marks the record with a note); it never
 * fails the batch.  Each limit has a test that goes past it.
 */
#ifndef BD_LIMITS_H
#define BD_LIMITS_H

/* Bytes of one message kept for parsing; the rest is skipped (the returned
 * original and its attachments come last and are not needed). */
#define BD_MAX_MESSAGE_BYTES   (8u * 1024 * 1024)
/* Bytes of one header field after unfolding. */
#define BD_MAX_HEADER_BYTES    (64u * 1024)
/* Header fields kept per header block. */
#define BD_MAX_HEADERS         1000
/* MIME nesting depth (multipart inside multipart...). */
#define BD_MAX_MIME_DEPTH      32
/* MIME leaf parts kept per message. */
#define BD_MAX_MIME_PARTS      256
/* Length of a MIME boundary (RFC 2046 says 70). */
#define BD_MAX_BOUNDARY        256
/* Decoded bytes kept per text part. */
#define BD_MAX_PART_BYTES      (1024u * 1024)
/* Bytes of one line the scanners look at; longer lines are cut. */
#define BD_MAX_LINE_BYTES      (16u * 1024)
/* Bytes of a diagnostic kept per recipient. */
#define BD_MAX_DIAGNOSTIC      4096
/* Recipients kept per message. */
#define BD_MAX_RECIPIENTS      1000
/* PCRE2: match limit and depth limit per pattern per subject. */
#define BD_PCRE2_MATCH_LIMIT   100000
#define BD_PCRE2_DEPTH_LIMIT   1000
/* Rule files: bytes of one rule-file line. */
#define BD_MAX_RULE_LINE       8192
/* Directory walk: depth of nested directories. */
#define BD_MAX_DIR_DEPTH       64
/* gzip-compressed input: past this many bytes of output, a stream that
 * inflates more than BD_GUNZIP_MAX_RATIO times its compressed size stops
 * with an error (text and mail compress 3 to 20 times; a run of one byte
 * over 1000 times). */
#define BD_GUNZIP_CHECK_BYTES  (64ull * 1024 * 1024)
#define BD_GUNZIP_MAX_RATIO    500

#define BD_STR_(x) #x
#define BD_STR(x) BD_STR_(x)

#endif
