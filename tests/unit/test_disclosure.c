/*
 * Unit tests for core/disclosure: salted-digest disclosures [salt, path,
 * value].  Digests are checked against values computed outside inkan
 * (Python's hashlib and base64), the salts for form and freshness, and
 * the parser for every shape it must refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "0123456789-_";

static void
test_digest_known_answers(void **state)
{
	/* base64url(sha256(x)) without padding, from Python. */
	static const char text[] = "[\"AAAAAAAAAAAAAAAAAAAAAA\",\"controls/"
	    "CC6.1\",{\"result\":\"conformant\"}]";
	char d[DISCLOSURE_DIGEST_LEN];

	(void)state;
	disclosure_digest(d, "", 0);
	assert_string_equal(d, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
	disclosure_digest(d, text, strlen(text));
	assert_string_equal(d, "fwu5rgy4AvdNNiR9HkcHwYM2pRN9CIFNPoHDiVWQXaA");
}

static void
test_digest_changes_with_one_character(void **state)
{
	char text[] = "[\"AAAAAAAAAAAAAAAAAAAAAA\",\"controls/CC6.1\","
	    "{\"result\":\"conformant\"}]";
	char a[DISCLOSURE_DIGEST_LEN], b[DISCLOSURE_DIGEST_LEN];

	(void)state;
	disclosure_digest(a, text, strlen(text));
	text[3] = 'B';
	disclosure_digest(b, text, strlen(text));
	assert_string_not_equal(a, b);
}

static void
test_make_round_trip(void **state)
{
	struct buf t = BUF_INIT(INK_MAX_DISCLOSURE), canon = BUF_INIT(0);
	char digest[DISCLOSURE_DIGEST_LEN], again[DISCLOSURE_DIGEST_LEN];
	cJSON *value = NULL, *parsed = NULL;
	const char *salt;

	(void)state;
	buf_init(&canon, INK_MAX_DISCLOSURE);
	assert_int_equal(json_parse(&value, "{\"result\":\"exception\","
	    "\"reason\":\"25件中2件で記録なし\",\"sample_size\":25}", strlen(
	    "{\"result\":\"exception\",\"reason\":\"25件中2件で記録なし\","
	    "\"sample_size\":25}"), "value"), 0);
	assert_int_equal(disclosure_make(&t, digest, "controls/CC7.2", value),
	    0);
	/* The digest is over the bytes as made. */
	disclosure_digest(again, (const char *)t.data, t.len);
	assert_string_equal(digest, again);
	assert_int_equal(strlen(digest), DISCLOSURE_DIGEST_LEN - 1);
	assert_int_equal(strspn(digest, b64url), DISCLOSURE_DIGEST_LEN - 1);

	assert_int_equal(disclosure_parse(&parsed, (const char *)t.data,
	    t.len), 0);
	salt = cJSON_GetArrayItem(parsed, 0)->valuestring;
	assert_int_equal(strlen(salt), 22);
	assert_int_equal(strspn(salt, b64url), 22);
	assert_string_equal(cJSON_GetArrayItem(parsed, 1)->valuestring,
	    "controls/CC7.2");
	assert_true(cJSON_Compare(cJSON_GetArrayItem(parsed, 2), value, 1));
	/* The bytes are the canonical form (keys sorted, no whitespace). */
	assert_int_equal(json_canon(&canon, parsed), 0);
	assert_int_equal(canon.len, t.len);
	assert_memory_equal(canon.data, t.data, t.len);
	assert_non_null(strstr((const char *)t.data, "\"reason\":\"25件中"));
	assert_true(strstr((const char *)t.data, "\"reason\"") <
	    strstr((const char *)t.data, "\"result\""));

	cJSON_Delete(parsed);
	cJSON_Delete(value);
	buf_release(&t);
	buf_release(&canon);
}

static void
test_make_appends(void **state)
{
	struct buf t = BUF_INIT(INK_MAX_DISCLOSURE);
	char d1[DISCLOSURE_DIGEST_LEN], d2[DISCLOSURE_DIGEST_LEN];
	cJSON *v = cJSON_CreateString("x");
	size_t first;

	(void)state;
	assert_int_equal(disclosure_make(&t, d1, "a", v), 0);
	first = t.len;
	assert_int_equal(disclosure_make(&t, d2, "b", v), 0);
	/* The second digest covers only the second disclosure's bytes. */
	disclosure_digest(d1, (const char *)t.data + first, t.len - first);
	assert_string_equal(d1, d2);
	cJSON_Delete(v);
	buf_release(&t);
}

static void
test_salts_are_fresh(void **state)
{
	char d[DISCLOSURE_DIGEST_LEN], seen[64][DISCLOSURE_DIGEST_LEN];
	cJSON *v = cJSON_CreateString("same value");

	(void)state;
	/* The same item made twice must not give the same digest: the
	 * salt is what keeps a guessed value from being confirmed. */
	for (int i = 0; i < 64; i++) {
		struct buf t = BUF_INIT(INK_MAX_DISCLOSURE);
		assert_int_equal(disclosure_make(&t, d, "controls/CC6.1", v),
		    0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[j], d);
		memcpy(seen[i], d, sizeof(d));
		buf_release(&t);
	}
	cJSON_Delete(v);
}

static void
bad(const char *text)
{
	cJSON *j = (cJSON *)&j;
	int rc = disclosure_parse(&j, text, strlen(text));

	if (rc != INK_EINPUT) {
		cJSON_Delete(rc == 0 ? j : NULL);
		fail_msg("disclosure_parse('%s') returned %d, expected "
		    "INK_EINPUT", text, rc);
	}
	assert_null(j);
	assert_true(ink_error_last()[0] != '\0');
}

static void
good(const char *text)
{
	cJSON *j = NULL;

	if (disclosure_parse(&j, text, strlen(text)) != 0)
		fail_msg("disclosure_parse('%s') refused: %s", text,
		    ink_error_last());
	cJSON_Delete(j);
}

static void
test_parse_refuses(void **state)
{
	(void)state;
	good("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\",1]");
	good("[\"-_-_-_-_-_-_-_-_-_-_-_\",\"controls/A1.2\",null]");
	bad("");
	bad("{}");
	bad("\"AAAAAAAAAAAAAAAAAAAAAA\"");
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\"]");
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\",1,2]");
	/* Salt: 22 base64url characters, nothing else. */
	bad("[\"AAAAAAAAAAAAAAAAAAAAA\",\"p\",1]");
	bad("[\"AAAAAAAAAAAAAAAAAAAAAAA\",\"p\",1]");
	bad("[\"AAAAAAAAAAAAAAAAAAAA+/\",\"p\",1]");
	bad("[\"AAAAAAAAAAAAAAAAAAAA==\",\"p\",1]");
	bad("[1,\"p\",1]");
	/* Path: a non-empty string. */
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"\",1]");
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",7,1]");
	/* Strict JSON: nothing after the array, no duplicate keys. */
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\",1]x");
	bad("[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\",{\"a\":1,\"a\":2}]");
}

static void
test_parse_limit(void **state)
{
	size_t n = INK_MAX_DISCLOSURE + 1;
	char *big = malloc(n + 1);
	cJSON *j = NULL;

	(void)state;
	assert_non_null(big);
	/* A well-formed disclosure one byte over the limit. */
	memset(big, 'x', n);
	memcpy(big, "[\"AAAAAAAAAAAAAAAAAAAAAA\",\"p\",\"", 31);
	big[n - 2] = '"';
	big[n - 1] = ']';
	big[n] = '\0';
	assert_int_equal(disclosure_parse(&j, big, n), INK_EINPUT);
	assert_null(j);
	assert_non_null(strstr(ink_error_last(), "larger"));
	/* At the limit it is read. */
	memmove(big + 31, big + 32, n - 31); /* one 'x' less, and the NUL */
	assert_int_equal(disclosure_parse(&j, big, n - 1), 0);
	cJSON_Delete(j);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_known_answers),
		cmocka_unit_test(test_digest_changes_with_one_character),
		cmocka_unit_test(test_make_round_trip),
		cmocka_unit_test(test_make_appends),
		cmocka_unit_test(test_salts_are_fresh),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_parse_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
