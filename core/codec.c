/*
 * Hex and strict base64.
 */
#include <string.h>

#include "core/codec.h"
#include "core/error.h"

static const char hexdig[] = "0123456789abcdef";
static const char std64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
hex_encode(char *out, const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdig[in[i] >> 4];
		out[2 * i + 1] = hexdig[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(unsigned char *out, size_t n, const char *in, size_t inlen)
{
	if (inlen != 2 * n)
		return ink_error(INK_EINPUT, "expected %zu hex digits, got %zu",
		    2 * n, inlen);
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value(in[2 * i]), lo = hex_value(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return ink_error(INK_EINPUT, "not a hex digit");
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int
encode(struct buf *out, const unsigned char *in, size_t n,
    const char *alpha, int pad)
{
	char q[1024];
	size_t k = 0;
	int rc;

	/* Whole quads go out through a small block, not one by one. */
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		size_t left = n - i;
		if (left > 1)
			v |= (unsigned)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		q[k] = alpha[v >> 18 & 63];
		q[k + 1] = alpha[v >> 12 & 63];
		q[k + 2] = left > 1 ? alpha[v >> 6 & 63] : '=';
		q[k + 3] = left > 2 ? alpha[v & 63] : '=';
		k += pad || left > 2 ? 4 : left + 1;
		if (k > sizeof(q) - 4 || i + 3 >= n) {
			if ((rc = buf_add(out, q, k)) != 0)
				return rc;
			k = 0;
		}
	}
	if (out->data == NULL)
		return buf_add(out, "", 0);
	return 0;
}

int
b64_encode(struct buf *out, const void *in, size_t n)
{
	return encode(out, in, n, std64, 1);
}

int
b64url_encode(struct buf *out, const void *in, size_t n)
{
	return encode(out, in, n, url64, 0);
}

int
b64_decode(struct buf *out, const char *in, size_t n)
{
	signed char map[256];
	const char *alpha = std64;
	size_t pad = 0, body, i;
	int rc;

	/* Pick the alphabet from the text: '+' or '/' mean standard, '-' or
	 * '_' URL-safe (a mix is refused below, as an invalid character);
	 * text with neither reads the same in both, and is taken as URL-safe
	 * so that unpadded base64url is accepted. */
	int std = 0, url = 0;
	for (i = 0; i < n; i++) {
		if (in[i] == '+' || in[i] == '/')
			std = 1;
		else if (in[i] == '-' || in[i] == '_')
			url = 1;
	}
	if (std && url)
		return ink_error(INK_EINPUT, "base64: mixes the standard and "
		    "URL-safe alphabets");
	if (url || (!std && (n == 0 || in[n - 1] != '=')))
		alpha = url64;
	while (pad < n && pad < 2 && in[n - 1 - pad] == '=')
		pad++;
	body = n - pad;
	if (alpha == std64 && n % 4 != 0)
		return ink_error(INK_EINPUT, "base64: length is not a multiple "
		    "of 4 (padding missing)");
	if (pad > 0 && n % 4 != 0)
		return ink_error(INK_EINPUT, "base64: wrong padding");
	if (body % 4 == 1)
		return ink_error(INK_EINPUT, "base64: truncated");
	memset(map, -1, sizeof(map));
	for (i = 0; i < 64; i++)
		map[(unsigned char)alpha[i]] = (signed char)i;
	/* Room for the whole output at once: one growth, not one per
	 * three bytes. */
	if ((rc = buf_reserve(out, body / 4 * 3 + (body % 4 ? body % 4 - 1 :
	    0))) != 0)
		return rc;
	/* Whole quads first, four lookups each; a bad character anywhere
	 * makes some lookup negative, found after the loop. */
	unsigned char *o = out->data + out->len;
	int bad = 0;
	size_t whole = body - body % 4;
	if (whole == body && body > 0)
		whole -= 4; /* the last quad goes the careful way below */
	for (i = 0; i < whole; i += 4) {
		int a = map[(unsigned char)in[i]], b = map[(unsigned char)in[i + 1]];
		int c = map[(unsigned char)in[i + 2]], d = map[(unsigned char)in[i + 3]];
		bad |= a | b | c | d;
		unsigned v = (unsigned)a << 18 | (unsigned)b << 12 |
		    (unsigned)c << 6 | (unsigned)d;
		*o++ = (unsigned char)(v >> 16);
		*o++ = (unsigned char)(v >> 8);
		*o++ = (unsigned char)v;
	}
	if (bad < 0) {
		for (i = 0; i < whole; i++)
			if (map[(unsigned char)in[i]] < 0)
				break;
		return ink_error(INK_EINPUT, "base64: invalid character at "
		    "offset %zu", i);
	}
	out->len += whole / 4 * 3;
	for (i = whole; i < body; i += 4) {
		size_t k = body - i < 4 ? body - i : 4;
		unsigned v = 0;
		unsigned char q[3];
		for (size_t j = 0; j < 4; j++) {
			int d = 0;
			if (j < k) {
				d = map[(unsigned char)in[i + j]];
				if (d < 0)
					return ink_error(INK_EINPUT,
					    "base64: invalid character at "
					    "offset %zu", i + j);
			}
			v = v << 6 | (unsigned)d;
		}
		q[0] = (unsigned char)(v >> 16);
		q[1] = (unsigned char)(v >> 8);
		q[2] = (unsigned char)v;
		/* Bits beyond the last whole byte must be zero. */
		if ((k == 2 && (v & 0xffff) != 0) || (k == 3 && (v & 0xff) != 0))
			return ink_error(INK_EINPUT,
			    "base64: non-canonical final character");
		memcpy(out->data + out->len, q, k - 1);
		out->len += k - 1;
	}
	out->data[out->len] = 0;
	return 0;
}

void
be32_put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

uint32_t
be32_get(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}
