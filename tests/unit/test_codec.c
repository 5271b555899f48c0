/*
 * Unit tests for core/codec: hex, and base64 whose decoder must accept
 * exactly one spelling of each byte string per alphabet (standard with
 * padding, URL-safe with or without) and nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/codec.h"
#include "core/error.h"

struct b64vec {
	const char *plain;
	const char *std;
	const char *url;
};

/* RFC 4648 section 10. */
static const struct b64vec rfc4648[] = {
	{ "", "", "" },
	{ "f", "Zg==", "Zg" },
	{ "fo", "Zm8=", "Zm8" },
	{ "foo", "Zm9v", "Zm9v" },
	{ "foob", "Zm9vYg==", "Zm9vYg" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
};

#define NVEC (sizeof(rfc4648) / sizeof(rfc4648[0]))

/* Deterministic bytes that cover every value over a few calls. */
static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

static void
expect_decode(const char *in, const void *want, size_t wantlen)
{
	struct buf b = BUF_INIT(1 << 20);
	int rc = b64_decode(&b, in, strlen(in));

	if (rc != 0)
		fail_msg("b64_decode('%s') refused: %s", in, ink_error_last());
	if (b.len != wantlen || memcmp(b.data, want, wantlen) != 0)
		fail_msg("b64_decode('%s') gave %zu wrong bytes", in, b.len);
	assert_non_null(b.data);
	buf_release(&b);
}

static void
expect_reject(const char *in, size_t n)
{
	struct buf b = BUF_INIT(1 << 20);
	int rc = b64_decode(&b, in, n);

	buf_release(&b);
	if (rc != INK_EINPUT)
		fail_msg("b64_decode('%.*s') returned %d, expected INK_EINPUT",
		    (int)n, in, rc);
}

#define REJECT(s) expect_reject((s), sizeof(s) - 1)

static void
test_hex_round_trip(void **state)
{
	unsigned char all[256], back[256];
	char hex[2 * 256 + 1];

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	hex_encode(hex, all, sizeof(all));
	assert_int_equal(strlen(hex), 512);
	assert_memory_equal(hex, "000102030405060708090a0b0c0d0e0f", 32);
	assert_string_equal(hex + 480, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
	assert_int_equal(hex_decode(back, sizeof(back), hex, strlen(hex)), 0);
	assert_memory_equal(back, all, sizeof(all));

	/* Either case is read. */
	assert_int_equal(hex_decode(back, 4, "DEADbeef", 8), 0);
	assert_memory_equal(back, "\xde\xad\xbe\xef", 4);
	hex_encode(hex, back, 0);
	assert_string_equal(hex, "");
	assert_int_equal(hex_decode(back, 0, "", 0), 0);
}

static void
test_hex_rejects(void **state)
{
	unsigned char out[4];

	(void)state;
	/* Odd length. */
	assert_int_equal(hex_decode(out, 1, "abc", 3), INK_EINPUT);
	assert_int_equal(hex_decode(out, 2, "abc", 3), INK_EINPUT);
	assert_int_equal(hex_decode(out, 1, "a", 1), INK_EINPUT);
	/* Even but not the expected length. */
	assert_int_equal(hex_decode(out, 2, "ab", 2), INK_EINPUT);
	assert_int_equal(hex_decode(out, 1, "abcd", 4), INK_EINPUT);
	/* Not hex digits. */
	assert_int_equal(hex_decode(out, 1, "g0", 2), INK_EINPUT);
	assert_int_equal(hex_decode(out, 1, "0G", 2), INK_EINPUT);
	assert_int_equal(hex_decode(out, 2, "0x10", 4), INK_EINPUT);
	assert_int_equal(hex_decode(out, 2, "12 4", 4), INK_EINPUT);
	assert_int_equal(hex_decode(out, 2, "-123", 4), INK_EINPUT);
	assert_int_equal(hex_decode(out, 2, "12\0" "4", 4), INK_EINPUT);
	assert_int_equal(hex_decode(out, 1, "\xc3\xa9", 2), INK_EINPUT);
}

static void
test_b64_encode_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		struct buf s = BUF_INIT(64), u = BUF_INIT(64);
		const char *p = rfc4648[i].plain;
		assert_int_equal(b64_encode(&s, p, strlen(p)), 0);
		assert_int_equal(b64url_encode(&u, p, strlen(p)), 0);
		/* Even empty output is a real string. */
		assert_non_null(s.data);
		assert_non_null(u.data);
		assert_string_equal(buf_str(&s), rfc4648[i].std);
		assert_string_equal(buf_str(&u), rfc4648[i].url);
		buf_release(&s);
		buf_release(&u);
	}
}

static void
test_b64_decode_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++)
		expect_decode(rfc4648[i].std, rfc4648[i].plain,
		    strlen(rfc4648[i].plain));
}

/* Against OpenSSL's encoder as an independent oracle, every length to 100. */
static void
test_b64_encode_matches_openssl(void **state)
{
	unsigned char in[100], ref[4 * 34 + 1];

	(void)state;
	for (size_t n = 0; n <= sizeof(in); n++) {
		struct buf s = BUF_INIT(1024), u = BUF_INIT(1024);
		fill(in, n, (unsigned)n);
		int m = EVP_EncodeBlock(ref, in, (int)n);
		assert_int_equal(b64_encode(&s, in, n), 0);
		assert_int_equal(s.len, (size_t)m);
		assert_memory_equal(s.data, ref, (size_t)m);
		/* The URL form is the same text, re-spelt and unpadded. */
		assert_int_equal(b64url_encode(&u, in, n), 0);
		while (m > 0 && ref[m - 1] == '=')
			m--;
		for (int k = 0; k < m; k++)
			if (ref[k] == '+' || ref[k] == '/')
				ref[k] = ref[k] == '+' ? '-' : '_';
		assert_int_equal(u.len, (size_t)m);
		assert_memory_equal(u.data, ref, (size_t)m);
		buf_release(&s);
		buf_release(&u);
	}
}

static void
test_b64_encode_appends(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_adds(&b, "x:"), 0);
	assert_int_equal(b64_encode(&b, "foo", 3), 0);
	assert_int_equal(b64url_encode(&b, "\xfb\xff", 2), 0);
	assert_string_equal(buf_str(&b), "x:Zm9v-_8");
	buf_release(&b);
}

static void
test_b64_encode_over_limit(void **state)
{
	struct buf b = BUF_INIT(7);

	(void)state;
	assert_int_equal(b64_encode(&b, "foobar", 6), INK_EINPUT);
	buf_release(&b);
	buf_init(&b, 8);
	assert_int_equal(b64_encode(&b, "foobar", 6), 0);
	assert_string_equal(buf_str(&b), "Zm9vYmFy");
	buf_release(&b);
}

static void
test_b64url_encode_no_padding(void **state)
{
	unsigned char in[64];

	(void)state;
	for (size_t n = 0; n <= sizeof(in); n++) {
		struct buf u = BUF_INIT(1024);
		fill(in, n, 7u + (unsigned)n);
		assert_int_equal(b64url_encode(&u, in, n), 0);
		assert_null(memchr(u.data, '=', u.len));
		assert_null(memchr(u.data, '+', u.len));
		assert_null(memchr(u.data, '/', u.len));
		assert_int_equal(u.len, (4 * n + 2) / 3);
		buf_release(&u);
	}
	/* Whereas the standard form pads to a multiple of four. */
	struct buf s = BUF_INIT(16);
	assert_int_equal(b64_encode(&s, "\xfb\xff", 2), 0);
	assert_string_equal(buf_str(&s), "+/8=");
	buf_release(&s);
}

static void
test_b64_decode_standard_padded(void **state)
{
	(void)state;
	expect_decode("+/8=", "\xfb\xff", 2);
	expect_decode("+w==", "\xfb", 1);
	expect_decode("//++", "\xff\xff\xbe", 3);
	expect_decode("QQ==", "A", 1);
	expect_decode("QUI=", "AB", 2);
	expect_decode("", "", 0);
}

static void
test_b64_decode_urlsafe(void **state)
{
	(void)state;
	/* With padding. */
	expect_decode("-_8=", "\xfb\xff", 2);
	expect_decode("-w==", "\xfb", 1);
	/* Without padding. */
	expect_decode("-_8", "\xfb\xff", 2);
	expect_decode("-w", "\xfb", 1);
	expect_decode("-_-_", "\xfb\xff\xbf", 3);
	expect_decode("Zm9vYg-_", "foo\x62\x0f\xbf", 6);
}

/*
 * URL-safe without padding whose text happens to use only the letters,
 * digits and no '-' or '_' is still URL-safe without padding: "QQ" is the
 * one URL-safe unpadded spelling of "A" (b64url_encode writes it), so it
 * must decode.  Salts and disclosure digests are written this way.
 */
static void
test_b64_decode_url_unpadded_plain(void **state)
{
	(void)state;
	expect_decode("QQ", "A", 1);
	expect_decode("Zm8", "fo", 2);
	expect_decode("Zm9vYg", "foob", 4);
}

/* Whatever b64_encode or b64url_encode writes, b64_decode reads back. */
static void
test_b64_round_trip(void **state)
{
	unsigned char in[64];
	size_t bad = 0;

	(void)state;
	for (size_t n = 0; n <= sizeof(in); n++) {
		for (unsigned seed = 0; seed < 8; seed++) {
			struct buf s = BUF_INIT(1024), u = BUF_INIT(1024);
			struct buf d1 = BUF_INIT(1024), d2 = BUF_INIT(1024);
			fill(in, n, seed * 131u + (unsigned)n);
			assert_int_equal(b64_encode(&s, in, n), 0);
			assert_int_equal(b64url_encode(&u, in, n), 0);
			assert_int_equal(b64_decode(&d1, (char *)s.data,
			    s.len), 0);
			assert_int_equal(d1.len, n);
			assert_memory_equal(d1.data, in, n);
			if (b64_decode(&d2, (char *)u.data, u.len) != 0 ||
			    d2.len != n || memcmp(d2.data, in, n) != 0) {
				if (bad++ < 3)
					print_message("# b64url '%s' does not "
					    "decode back: %s\n", buf_str(&u),
					    ink_error_last());
			}
			buf_release(&s);
			buf_release(&u);
			buf_release(&d1);
			buf_release(&d2);
		}
	}
	if (bad)
		fail_msg("%zu of %zu b64url_encode outputs not read back by "
		    "b64_decode", bad, (size_t)(65 * 8));
}

static void
test_b64_decode_missing_padding_rejected(void **state)
{
	(void)state;
	/* Standard alphabet (it has '+' or '/') without its padding. */
	REJECT("+/8");
	REJECT("+w");
	REJECT("+w=");
	REJECT("Zm9v+w");
	REJECT("Zm9v/w=");
	/* Padding in the wrong amount. */
	REJECT("QQ=");
	REJECT("QQ===");
	/* "QUI" has neither '+' nor '/': it is valid unpadded base64url
	 * (see test_b64_decode_url_unpadded_plain), so only wrong padding
	 * counts here. */
	REJECT("QUI==");
	REJECT("-w=");
	REJECT("-_8==");
}

static void
test_b64_decode_mixed_alphabets_rejected(void **state)
{
	(void)state;
	REJECT("+-AA");
	REJECT("_/AA");
	REJECT("-/8=");
	REJECT("+_8=");
	REJECT("Zm9v+_8=");
	REJECT("-w==+w==");
	REJECT("Zm-/");
}

static void
test_b64_decode_whitespace_rejected(void **state)
{
	(void)state;
	REJECT("Zm9v\n");
	REJECT(" Zm9v");
	REJECT("Zm 9v");
	REJECT("Zm9v\r\nYg==");
	REJECT("Zm9v\tYg==");
	REJECT("Zm9vYg==\n");
	REJECT("Zm9v    ");
	REJECT("Zm9\0v");
}

static void
test_b64_decode_noncanonical_rejected(void **state)
{
	(void)state;
	/* "QQ==" is the one spelling of "A"; stray bits make these others. */
	REJECT("QR==");
	REJECT("QX==");
	REJECT("Q/==");
	REJECT("Zm9=");
	REJECT("Zm9vYh==");
	REJECT("QUJ=");
	REJECT("QR");
	REJECT("-_9");
	REJECT("-x");
}

static void
test_b64_decode_truncated_rejected(void **state)
{
	(void)state;
	REJECT("Q");
	REJECT("Q=");
	REJECT("Q==");
	REJECT("Q===");
	REJECT("Zm9vY");
	REJECT("Zm9vY===");
	REJECT("-");
	REJECT("Zm9v-");
	REJECT("=");
	REJECT("==");
	REJECT("====");
	/* Padding anywhere but the end. */
	REJECT("QQ==QQ==");
	REJECT("Q=Q=");
	REJECT("=QQ=");
}

static void
test_b64_decode_other_characters_rejected(void **state)
{
	(void)state;
	REJECT("Zm9*");
	REJECT("Zm9.");
	REJECT("Zm\xc3\xa9");
	REJECT("Zm9\x80");
	REJECT("Zm9v!A==");
}

static void
test_b64_decode_appends_and_limit(void **state)
{
	struct buf b = BUF_INIT(5);

	(void)state;
	assert_int_equal(buf_adds(&b, "ab"), 0);
	assert_int_equal(b64_decode(&b, "Zm9v", 4), 0);
	assert_string_equal(buf_str(&b), "abfoo");
	/* A sixth byte is over the ceiling. */
	assert_int_equal(b64_decode(&b, "QQ==", 4), INK_EINPUT);
	buf_release(&b);
}

/* Long inputs (the encoder writes in blocks): every length up to a few
 * blocks matches OpenSSL's encoder, and the URL-safe form is the same
 * text with its two letters swapped and no padding. */
static void
test_b64_encode_long_matches_openssl(void **state)
{
	static unsigned char in[3100];
	static unsigned char ref[4200];
	(void)state;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof(in); n += (n < 800 ? 1 : 97)) {
		struct buf a = BUF_INIT(1 << 20), u = BUF_INIT(1 << 20);
		int m = EVP_EncodeBlock(ref, in, (int)n);
		assert_int_equal(b64_encode(&a, in, n), 0);
		assert_int_equal(a.len, (size_t)m);
		assert_memory_equal(a.data, ref, (size_t)m);
		assert_int_equal(b64url_encode(&u, in, n), 0);
		while (m > 0 && ref[m - 1] == '=')
			m--;
		for (int k = 0; k < m; k++)
			ref[k] = ref[k] == '+' ? '-' : ref[k] == '/' ? '_' : ref[k];
		assert_int_equal(u.len, (size_t)m);
		assert_memory_equal(u.data, ref, (size_t)m);
		buf_release(&a);
		buf_release(&u);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_round_trip),
		cmocka_unit_test(test_hex_rejects),
		cmocka_unit_test(test_b64_encode_rfc4648),
		cmocka_unit_test(test_b64_decode_rfc4648),
		cmocka_unit_test(test_b64_encode_matches_openssl),
		cmocka_unit_test(test_b64_encode_appends),
		cmocka_unit_test(test_b64_encode_over_limit),
		cmocka_unit_test(test_b64url_encode_no_padding),
		cmocka_unit_test(test_b64_decode_standard_padded),
		cmocka_unit_test(test_b64_decode_urlsafe),
		cmocka_unit_test(test_b64_decode_url_unpadded_plain),
		cmocka_unit_test(test_b64_round_trip),
		cmocka_unit_test(test_b64_decode_missing_padding_rejected),
		cmocka_unit_test(test_b64_decode_mixed_alphabets_rejected),
		cmocka_unit_test(test_b64_decode_whitespace_rejected),
		cmocka_unit_test(test_b64_decode_noncanonical_rejected),
		cmocka_unit_test(test_b64_decode_truncated_rejected),
		cmocka_unit_test(test_b64_decode_other_characters_rejected),
		cmocka_unit_test(test_b64_decode_appends_and_limit),
		cmocka_unit_test(test_b64_encode_long_matches_openssl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
