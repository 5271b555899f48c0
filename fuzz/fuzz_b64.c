/*
 * Strict base64 and hex.
 *
 * Properties:
 *  - decode(encode(x)) == x, for the standard alphabet with padding and
 *    for the URL-safe one without;
 *  - one encoding per byte string: text that decodes is exactly the
 *    standard encoding with padding of what it decodes to, or the
 *    URL-safe encoding without padding, or that with its padding;
 *  - a refused text leaves a reason;
 *  - hex likewise: hex_decode(hex_encode(x)) == x, and accepted hex is
 *    the lowercase or the uppercase encoding.
 */
#include <ctype.h>

#include "fuzz/common.h"

#include "core/buf.h"
#include "core/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
decodes_to(const char *text, size_t n, const uint8_t *want, size_t wantlen)
{
	struct buf d = BUF_INIT(1u << 24);

	FUZZ_ASSERT(b64_decode(&d, text, n) == 0);
	FUZZ_ASSERT(d.len == wantlen);
	FUZZ_ASSERT(wantlen == 0 || memcmp(d.data, want, wantlen) == 0);
	buf_release(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf std = BUF_INIT(1u << 24), url = BUF_INIT(1u << 24);
	struct buf dec = BUF_INIT(1u << 24), e1 = BUF_INIT(1u << 24);
	struct buf e2 = BUF_INIT(1u << 24);
	char *hex;
	unsigned char *back;

	if (size > (1u << 20))
		return 0;

	/* Round trips of arbitrary bytes. */
	FUZZ_ASSERT(b64_encode(&std, data, size) == 0);
	FUZZ_ASSERT(std.len == (size + 2) / 3 * 4);
	decodes_to((const char *)std.data, std.len, data, size);
	FUZZ_ASSERT(b64url_encode(&url, data, size) == 0);
	decodes_to((const char *)url.data, url.len, data, size);

	/* The input as base64 text. */
	if (b64_decode(&dec, (const char *)data, size) == 0) {
		size_t n = size, pad = 0;
		FUZZ_ASSERT(b64_encode(&e1, dec.data, dec.len) == 0);
		FUZZ_ASSERT(b64url_encode(&e2, dec.data, dec.len) == 0);
		while (pad < n && data[n - 1 - pad] == '=')
			pad++;
		FUZZ_ASSERT(
		    (e1.len == size && memcmp(e1.data, data, size) == 0) ||
		    (e2.len == size && memcmp(e2.data, data, size) == 0) ||
		    (pad > 0 && size % 4 == 0 && e2.len == size - pad &&
		    memcmp(e2.data, data, size - pad) == 0));
	} else {
		FUZZ_ASSERT(*ink_error_last() != '\0');
	}

	/* Hex. */
	hex = malloc(2 * size + 1);
	back = malloc(size + 1);
	FUZZ_ASSERT(hex != NULL && back != NULL);
	hex_encode(hex, data, size);
	FUZZ_ASSERT(hex_decode(back, size, hex, 2 * size) == 0);
	FUZZ_ASSERT(size == 0 || memcmp(back, data, size) == 0);
	if (size % 2 == 0 && hex_decode(back, size / 2, (const char *)data,
	    size) == 0) {
		hex_encode(hex, back, size / 2);
		for (size_t i = 0; i < size; i++)
			FUZZ_ASSERT(tolower(data[i]) == (unsigned char)hex[i]);
	}
	free(hex);
	free(back);
	ink_error_clear();
	buf_release(&std);
	buf_release(&url);
	buf_release(&dec);
	buf_release(&e1);
	buf_release(&e2);
	return 0;
}
