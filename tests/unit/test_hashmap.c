/*
 * Unit tests for core/hashmap: values found by key, keys with one hash
 * told apart by the caller's callback, growth keeping every entry, and
 * lookups of what was never put.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hashmap.h"

static int
same_name(const void *ctx, size_t val, const void *key)
{
	const char *const *names = ctx;

	return strcmp(names[val], key) == 0;
}

static void
test_stable_hash(void **state)
{
	(void)state;
	/* The site's build cache stores these hashes: they never change. */
	assert_int_equal(hmap_str(""), 0x14650fb0739d0383ull);
	assert_int_equal(hmap_str("a"), 0x44bd8ad473cd9906ull);
	assert_int_equal(hmap_str("records/index.html"), 0x2633aa73fbff1207ull);
	assert_int_equal(hmap_bytes("ab", 2), hmap_str("ab"));
}

static void
test_names(void **state)
{
	static char store[5000][16];
	const char *names[5000];
	struct hmap m = HMAP_INIT;

	(void)state;
	for (size_t i = 0; i < 5000; i++) {
		snprintf(store[i], sizeof(store[i]), "name-%zu", i);
		names[i] = store[i];
		assert_int_equal(hmap_put(&m, hmap_str(names[i]), i), 0);
	}
	assert_int_equal(m.n, 5000);
	assert_true(m.cap >= 10000);
	for (size_t i = 0; i < 5000; i++)
		assert_int_equal(hmap_get(&m, hmap_str(names[i]), same_name,
		    names, names[i]), i);
	assert_int_equal(hmap_get(&m, hmap_str("name-5000"), same_name,
	    names, "name-5000"), HMAP_NONE);
	hmap_free(&m);
	assert_int_equal(hmap_get(&m, 1, NULL, NULL, NULL), HMAP_NONE);
}

static void
test_collisions(void **state)
{
	const char *names[] = { "first", "second", "third" };
	struct hmap m = HMAP_INIT;

	(void)state;
	/* Three keys forced onto one hash (and hash 0, kept as 1). */
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(hmap_put(&m, 0, i), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(hmap_get(&m, 0, same_name, names, names[i]), i);
	assert_int_equal(hmap_get(&m, 0, same_name, names, "fourth"),
	    HMAP_NONE);
	/* Without a callback the hash is the key: the first one put. */
	assert_int_equal(hmap_get(&m, 0, NULL, NULL, NULL), 0);
	assert_int_equal(hmap_get(&m, 2, NULL, NULL, NULL), HMAP_NONE);
	hmap_free(&m);
}

static void
test_reserve(void **state)
{
	struct hmap m = HMAP_INIT;

	(void)state;
	assert_int_equal(hmap_reserve(&m, 1000), 0);
	size_t cap = m.cap;
	assert_true(cap >= 2000);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(hmap_put(&m, i * 7919 + 1, i), 0);
	assert_int_equal(m.cap, cap);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(hmap_get(&m, i * 7919 + 1, NULL, NULL, NULL), i);
	assert_int_not_equal(hmap_reserve(&m, SIZE_MAX / 2), 0);
	assert_int_equal(m.cap, cap);
	hmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stable_hash),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
