/*
 * Hex and base64.  Base64 decoding is strict: the standard alphabet with
 * its padding, or the URL-safe alphabet with or without padding, never a
 * mix, no whitespace, and no stray bits in the last character (so every
 * byte string has exactly one accepted encoding per alphabet).
 */
#ifndef INK_CODEC_H
#define INK_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void hex_encode(char *out, const unsigned char *in, size_t n);
/* Exactly 2n hex digits (either case) into n bytes. */
int hex_decode(unsigned char *out, size_t n, const char *in, size_t inlen);
/* The value of one hex digit (either case), or -1. */
int hex_value(char c);

/* Standard alphabet with padding, appended to out. */
int b64_encode(struct buf *out, const void *in, size_t n);
/* URL-safe alphabet without padding, appended to out. */
int b64url_encode(struct buf *out, const void *in, size_t n);
/* Decodes either form strictly, appending to out. */
int b64_decode(struct buf *out, const char *in, size_t n);

/* Big-endian 32-bit integers (git's pack index, signed-note key ids). */
void be32_put(unsigned char *p, uint32_t v);
uint32_t be32_get(const unsigned char *p);

#endif
