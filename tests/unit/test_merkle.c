/*
 * Unit tests for core/merkle: the RFC 6962 known answers (tree heads,
 * every inclusion path and consistency proof up to 8 leaves) made and
 * checked, a forgery for every proof, and generation checked against
 * verification and a plain recursive tree hash on larger trees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/merkle.h"

typedef unsigned char hash_t[MERKLE_HASH_LEN];

static cJSON *vec;
static hash_t leaves[8];
static hash_t roots[9];

static char *
slurp(const char *name)
{
	const char *dir = getenv("INKAN_VECTORS");
	char path[4096];
	FILE *f;
	char *s;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/vectors",
	    name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	if (s == NULL || fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

static void
hex32(hash_t out, const char *hex)
{
	assert_non_null(hex);
	assert_int_equal(hex_decode(out, MERKLE_HASH_LEN, hex, strlen(hex)),
	    0);
}

/* A proof from its JSON array of hex strings; *n gets its length. */
static hash_t *
hex_proof(const cJSON *arr, size_t *n)
{
	hash_t *p;
	size_t i = 0;
	const cJSON *e;

	*n = (size_t)cJSON_GetArraySize(arr);
	p = calloc(*n + 1, sizeof(*p));
	assert_non_null(p);
	cJSON_ArrayForEach(e, arr)
		hex32(p[i++], cJSON_GetStringValue(e));
	return p;
}

static int
setup(void **state)
{
	const cJSON *a, *e;
	char *text, key[8];
	size_t i = 0;

	(void)state;
	if ((text = slurp("rfc6962-merkle.json")) == NULL)
		return -1;
	vec = cJSON_Parse(text);
	free(text);
	if (vec == NULL)
		return -1;
	a = cJSON_GetObjectItemCaseSensitive(vec, "leaf_inputs_hex");
	cJSON_ArrayForEach(e, a) {
		const char *h = cJSON_GetStringValue(e);
		unsigned char b[64];
		size_t n = strlen(h) / 2;
		if (i >= 8 || n > sizeof(b) || hex_decode(b, n, h, strlen(h)))
			return -1;
		if (merkle_leaf_hash(leaves[i++], b, n) != 0)
			return -1;
	}
	if (i != 8)
		return -1;
	for (i = 0; i <= 8; i++) {
		const char *h;
		snprintf(key, sizeof(key), "%zu", i);
		h = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(vec, "roots"), key));
		if (h == NULL || hex_decode(roots[i], 32, h, strlen(h)) != 0)
			return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cJSON_Delete(vec);
	return 0;
}

static void
test_leaf_and_node_hash(void **state)
{
	unsigned char b[1 + 2 * MERKLE_HASH_LEN];
	hash_t h, want;

	(void)state;
	/* The empty leaf: SHA-256 of the single byte 0x00. */
	assert_int_equal(merkle_leaf_hash(h, "", 0), 0);
	hex32(want, "6e340b9cffb37a989ca544e6bb780a2c"
	    "78901d3fb33738768511a30617afa01d");
	assert_memory_equal(h, want, MERKLE_HASH_LEN);
	merkle_node_hash(h, leaves[0], leaves[1]);
	assert_memory_equal(h, roots[2], MERKLE_HASH_LEN);
	/* Output may alias an input. */
	memcpy(h, leaves[0], MERKLE_HASH_LEN);
	merkle_node_hash(h, h, leaves[1]);
	assert_memory_equal(h, roots[2], MERKLE_HASH_LEN);
	b[0] = 0x01;
	memcpy(b + 1, leaves[1], MERKLE_HASH_LEN);
	memcpy(b + 1 + MERKLE_HASH_LEN, leaves[0], MERKLE_HASH_LEN);
	sha256(want, b, sizeof(b));
	merkle_node_hash(h, leaves[1], leaves[0]);
	assert_memory_equal(h, want, MERKLE_HASH_LEN);
}

static void
test_roots(void **state)
{
	hash_t h;

	(void)state;
	for (uint64_t n = 0; n <= 8; n++) {
		assert_int_equal(merkle_root(h, n ? leaves : NULL, n), 0);
		assert_memory_equal(h, roots[n], MERKLE_HASH_LEN);
	}
	assert_int_equal(merkle_root(h, NULL, 1), INK_EINPUT);
}

/*
 * Neither proof binds the tree size by itself (the signed checkpoint
 * does): a proof checks out under another size exactly when the RFC 6962
 * recursion gives that size the same shape of proof.  These shapes come
 * from the recursion as the RFC writes it, not from the verifier's walk.
 */
static uint64_t
ref_split(uint64_t n)
{
	uint64_t k = 1;

	while (2 * k < n)
		k *= 2;
	return k;
}

/* PATH(m, D[n]) bottom-up: 1 where the sibling is on the left. */
static size_t
incl_shape(int *dir, uint64_t m, uint64_t n)
{
	uint64_t k;
	size_t len;

	if (n <= 1)
		return 0;
	k = ref_split(n);
	if (m < k) {
		len = incl_shape(dir, m, k);
		dir[len] = 0;
	} else {
		len = incl_shape(dir, m - k, n - k);
		dir[len] = 1;
	}
	return len + 1;
}

static int
expect_inclusion(uint64_t m, uint64_t s, uint64_t n)
{
	int a[64], b[64];
	size_t la, lb;

	if (m >= s)
		return INK_EINPUT;
	la = incl_shape(a, m, n);
	lb = incl_shape(b, m, s);
	return la == lb && memcmp(a, b, la * sizeof(*a)) == 0 ? 0 : INK_ELOG;
}

/*
 * SUBPROOF(m, D[n], true) bottom-up: dir[0] is 1 when the proof starts
 * with a hash of its own rather than the old root, then 1 for each
 * sibling on the left (it covers old leaves too), 0 on the right.
 */
static size_t
cons_shape(int *dir, uint64_t m, uint64_t n, int whole)
{
	uint64_t k;
	size_t len;

	if (m == n) {
		dir[0] = !whole;
		return 1;
	}
	k = ref_split(n);
	if (m <= k) {
		len = cons_shape(dir, m, k, whole);
		dir[len] = 0;
	} else {
		len = cons_shape(dir, m - k, n - k, 0);
		dir[len] = 1;
	}
	return len + 1;
}

static int
expect_consistency(uint64_t m, uint64_t s, uint64_t n)
{
	int a[65], b[65];
	size_t la, lb;

	/* From 1 <= m <= n to m <= s != n: the sizes never meet in both. */
	if (m == s || m == n)
		return INK_ELOG;
	la = cons_shape(a, m, n, 1);
	lb = cons_shape(b, m, s, 1);
	return la == lb && memcmp(a, b, la * sizeof(*a)) == 0 ? 0 : INK_ELOG;
}

static void
test_inclusion_vectors(void **state)
{
	const cJSON *e;
	size_t count = 0;

	(void)state;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(vec,
	    "inclusion")) {
		uint64_t m = (uint64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "leaf_index"));
		uint64_t n = (uint64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "tree_size"));
		const unsigned char *leaf = leaves[m];
		const unsigned char *root = roots[n];
		hash_t *want, *got = NULL, *bad;
		size_t len, gotlen;

		want = hex_proof(cJSON_GetObjectItemCaseSensitive(e, "path"),
		    &len);
		assert_int_equal(merkle_inclusion_proof(&got, &gotlen, leaves,
		    n, m), 0);
		assert_int_equal(gotlen, len);
		if (len)
			assert_memory_equal(got, want, len * MERKLE_HASH_LEN);
		else
			assert_null(got);
		assert_int_equal(merkle_inclusion_verify(leaf, m, n, want, len,
		    root), 0);

		bad = calloc(len + 1, sizeof(*bad));
		assert_non_null(bad);
		for (size_t i = 0; i < len; i++) {
			memcpy(bad, want, len * MERKLE_HASH_LEN);
			bad[i][i % MERKLE_HASH_LEN] ^= 0x01;
			assert_int_equal(merkle_inclusion_verify(leaf, m, n,
			    bad, len, root), INK_ELOG);
		}
		/* The wrong leaf, root, index and size. */
		assert_int_equal(merkle_inclusion_verify(leaves[(m + 1) % 8],
		    m, n, want, len, root), INK_ELOG);
		assert_int_equal(merkle_inclusion_verify(leaf, m, n, want, len,
		    roots[n - 1]), INK_ELOG);
		if (n > 1)
			assert_int_equal(merkle_inclusion_verify(leaf,
			    (m + 1) % n, n, want, len, root), INK_ELOG);
		assert_int_equal(merkle_inclusion_verify(leaf, n, n, want, len,
		    root), INK_EINPUT);
		/* A tree twice the size always has a longer path. */
		assert_int_equal(merkle_inclusion_verify(leaf, m, 2 * n, want,
		    len, root), INK_ELOG);
		for (uint64_t s = 1; s <= 2 * n + 1; s++)
			if (s != n)
				assert_int_equal(merkle_inclusion_verify(leaf,
				    m, s, want, len, root),
				    expect_inclusion(m, s, n));
		/* Truncated, and with an element too many. */
		if (len > 0)
			assert_int_equal(merkle_inclusion_verify(leaf, m, n,
			    want, len - 1, root), INK_ELOG);
		memcpy(bad, want, len * MERKLE_HASH_LEN);
		memcpy(bad[len], leaves[0], MERKLE_HASH_LEN);
		assert_int_equal(merkle_inclusion_verify(leaf, m, n, bad,
		    len + 1, root), INK_ELOG);
		free(bad);
		free(want);
		free(got);
		count++;
	}
	/* Every leaf of every tree from 1 to 8 leaves. */
	assert_int_equal(count, 36);
}

static void
test_consistency_vectors(void **state)
{
	const cJSON *e;
	size_t count = 0;

	(void)state;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(vec,
	    "consistency")) {
		uint64_t m = (uint64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "old_size"));
		uint64_t n = (uint64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "new_size"));
		hash_t *want, *got = NULL, *bad;
		size_t len, gotlen;

		want = hex_proof(cJSON_GetObjectItemCaseSensitive(e, "proof"),
		    &len);
		assert_int_equal(merkle_consistency_proof(&got, &gotlen,
		    leaves, m, n), 0);
		assert_int_equal(gotlen, len);
		if (len)
			assert_memory_equal(got, want, len * MERKLE_HASH_LEN);
		else
			assert_null(got);
		assert_int_equal(merkle_consistency_verify(m, n, roots[m],
		    roots[n], want, len), 0);

		bad = calloc(len + 1, sizeof(*bad));
		assert_non_null(bad);
		for (size_t i = 0; i < len; i++) {
			memcpy(bad, want, len * MERKLE_HASH_LEN);
			bad[i][(i * 7) % MERKLE_HASH_LEN] ^= 0x80;
			assert_int_equal(merkle_consistency_verify(m, n,
			    roots[m], roots[n], bad, len), INK_ELOG);
		}
		/* Wrong roots. */
		assert_int_equal(merkle_consistency_verify(m, n, roots[m - 1],
		    roots[n], want, len), INK_ELOG);
		if (n < 8)
			assert_int_equal(merkle_consistency_verify(m, n,
			    roots[m], roots[n + 1], want, len), INK_ELOG);
		/* Wrong sizes: every other old size, and a new tree twice
		 * the size, are refused; other new sizes as their shape says. */
		for (uint64_t s = 0; s <= n + 1; s++)
			if (s != m)
				assert_int_equal(merkle_consistency_verify(s,
				    n, roots[m], roots[n], want, len),
				    s > n ? INK_EINPUT : INK_ELOG);
		assert_int_equal(merkle_consistency_verify(m, 2 * n, roots[m],
		    roots[n], want, len), INK_ELOG);
		for (uint64_t s = m; s <= 2 * n + 1; s++)
			if (s != n)
				assert_int_equal(merkle_consistency_verify(m,
				    s, roots[m], roots[n], want, len),
				    expect_consistency(m, s, n));
		/* Truncated, and with an element too many. */
		if (len > 0)
			assert_int_equal(merkle_consistency_verify(m, n,
			    roots[m], roots[n], want, len - 1), INK_ELOG);
		memcpy(bad, want, len * MERKLE_HASH_LEN);
		memcpy(bad[len], leaves[3], MERKLE_HASH_LEN);
		assert_int_equal(merkle_consistency_verify(m, n, roots[m],
		    roots[n], bad, len + 1), INK_ELOG);
		free(bad);
		free(want);
		free(got);
		count++;
	}
	/* Every pair 1 <= old <= new <= 8. */
	assert_int_equal(count, 36);
}

static void
test_bad_input(void **state)
{
	hash_t big[MERKLE_MAX_PROOF + 1];
	hash_t *p = NULL;
	hash_t empty;
	size_t n = 99;

	(void)state;
	memset(big, 0, sizeof(big));
	assert_int_equal(merkle_inclusion_proof(&p, &n, leaves, 8, 8),
	    INK_EINPUT);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_int_equal(merkle_inclusion_proof(&p, &n, leaves, 0, 0),
	    INK_EINPUT);
	assert_int_equal(merkle_consistency_proof(&p, &n, leaves, 5, 4),
	    INK_EINPUT);
	assert_int_equal(merkle_inclusion_verify(leaves[0], 0, 0, NULL, 0,
	    roots[0]), INK_EINPUT);
	assert_int_equal(merkle_inclusion_verify(leaves[0], 0, 8, big,
	    MERKLE_MAX_PROOF + 1, roots[8]), INK_EINPUT);
	assert_int_equal(merkle_inclusion_verify(leaves[0], UINT64_MAX - 1,
	    UINT64_MAX, big, MERKLE_MAX_PROOF, roots[8]), INK_ELOG);
	assert_int_equal(merkle_consistency_verify(5, 4, roots[5], roots[4],
	    big, 1), INK_EINPUT);
	assert_int_equal(merkle_consistency_verify(3, 8, roots[3], roots[8],
	    big, MERKLE_MAX_PROOF + 1), INK_EINPUT);
	assert_int_equal(merkle_consistency_verify(3, 8, roots[3], roots[8],
	    NULL, 0), INK_ELOG);
	assert_int_equal(merkle_consistency_verify(1, UINT64_MAX, roots[1],
	    roots[8], big, MERKLE_MAX_PROOF), INK_ELOG);
	/* The empty tree is consistent with every tree, by an empty proof. */
	sha256(empty, "", 0);
	assert_int_equal(merkle_consistency_proof(&p, &n, leaves, 0, 8), 0);
	assert_int_equal(n, 0);
	assert_int_equal(merkle_consistency_verify(0, 8, empty, roots[8],
	    NULL, 0), 0);
	assert_int_equal(merkle_consistency_verify(0, 0, empty, empty,
	    NULL, 0), 0);
	assert_int_equal(merkle_consistency_verify(0, 8, roots[1], roots[8],
	    NULL, 0), INK_ELOG);
	assert_int_equal(merkle_consistency_verify(0, 8, empty, roots[8],
	    big, 1), INK_ELOG);
	/* Equal sizes need equal roots. */
	assert_int_equal(merkle_consistency_verify(8, 8, roots[8], roots[7],
	    NULL, 0), INK_ELOG);
}

/* MTH exactly as RFC 6962 2.1 writes it, to check the fast one by. */
static void
ref_root(hash_t out, const hash_t *d, uint64_t n)
{
	hash_t l, r;
	uint64_t k = 1;

	if (n == 0) {
		sha256(out, "", 0);
		return;
	}
	if (n == 1) {
		memcpy(out, d[0], MERKLE_HASH_LEN);
		return;
	}
	while (2 * k < n)
		k *= 2;
	ref_root(l, d, k);
	ref_root(r, d + k, n - k);
	merkle_node_hash(out, l, r);
}

static hash_t *
make_leaves(uint64_t n)
{
	hash_t *d = calloc(n ? n : 1, sizeof(*d));
	unsigned char b[8];

	assert_non_null(d);
	for (uint64_t i = 0; i < n; i++) {
		for (int j = 0; j < 8; j++)
			b[j] = (unsigned char)(i >> (8 * j));
		assert_int_equal(merkle_leaf_hash(d[i], b, sizeof(b)), 0);
	}
	return d;
}

static void
test_generated_trees(void **state)
{
	enum { N = 70 };
	hash_t *d = make_leaves(N);
	hash_t r[N + 1], *p;
	size_t len;

	(void)state;
	for (uint64_t n = 0; n <= N; n++) {
		hash_t want;
		ref_root(want, d, n);
		assert_int_equal(merkle_root(r[n], d, n), 0);
		assert_memory_equal(r[n], want, MERKLE_HASH_LEN);
	}
	for (uint64_t n = 1; n <= N; n++) {
		for (uint64_t m = 0; m < n; m++) {
			assert_int_equal(merkle_inclusion_proof(&p, &len, d, n,
			    m), 0);
			assert_int_equal(merkle_inclusion_verify(d[m], m, n, p,
			    len, r[n]), 0);
			assert_int_equal(merkle_inclusion_verify(d[m], m, n, p,
			    len, r[n - 1]), INK_ELOG);
			free(p);
		}
		for (uint64_t m = 0; m <= n; m++) {
			assert_int_equal(merkle_consistency_proof(&p, &len, d,
			    m, n), 0);
			assert_int_equal(merkle_consistency_verify(m, n, r[m],
			    r[n], p, len), 0);
			if (m > 0 && m < n)
				assert_int_equal(merkle_consistency_verify(m,
				    n, r[m - 1], r[n], p, len), INK_ELOG);
			free(p);
		}
	}
	free(d);
}

static void
test_large_tree(void **state)
{
	const uint64_t n = 131075;
	const uint64_t idx[] = { 0, 1, 65535, 65536, 131071, 131072,
		131074 };
	const uint64_t olds[] = { 1, 3, 65536, 99999, 131072, 131074 };
	hash_t *d = make_leaves(n);
	hash_t root, want, old, *p;
	size_t len;

	(void)state;
	assert_int_equal(merkle_root(root, d, n), 0);
	ref_root(want, d, n);
	assert_memory_equal(root, want, MERKLE_HASH_LEN);
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		assert_int_equal(merkle_inclusion_proof(&p, &len, d, n,
		    idx[i]), 0);
		assert_true(len >= 2 && len <= 18);
		assert_int_equal(merkle_inclusion_verify(d[idx[i]], idx[i], n,
		    p, len, root), 0);
		free(p);
	}
	for (size_t i = 0; i < sizeof(olds) / sizeof(olds[0]); i++) {
		assert_int_equal(merkle_root(old, d, olds[i]), 0);
		assert_int_equal(merkle_consistency_proof(&p, &len, d, olds[i],
		    n), 0);
		assert_int_equal(merkle_consistency_verify(olds[i], n, old,
		    root, p, len), 0);
		free(p);
	}
	free(d);
}

/* A stored tree as the registry's tiles give it: any complete subtree's
 * head, here computed from the leaves; a node source that fails says so. */
static hash_t *node_leaves;
static int node_calls;

static int
array_node(void *ctx, unsigned level, uint64_t index, unsigned char *out)
{
	(void)ctx;
	node_calls++;
	return merkle_root(out, (const unsigned char (*)[MERKLE_HASH_LEN])
	    node_leaves + (index << level), (uint64_t)1 << level);
}

static int
failing_node(void *ctx, unsigned level, uint64_t index, unsigned char *out)
{
	(void)ctx;
	(void)level;
	(void)index;
	(void)out;
	return INK_ELOG;
}

static void
test_proof_from_nodes(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 7, 8, 9, 255, 256, 257, 511,
		1000, 65536, 65537, 70001 };
	(void)state;
	node_leaves = calloc(70001, sizeof(hash_t));
	assert_non_null(node_leaves);
	for (uint64_t i = 0; i < 70001; i++) {
		char b[32];
		snprintf(b, sizeof(b), "leaf %llu", (unsigned long long)i);
		assert_int_equal(merkle_leaf_hash(node_leaves[i], b, strlen(b)), 0);
	}
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint64_t n = sizes[k];
		hash_t root;
		assert_int_equal(merkle_root(root, (const unsigned char
		    (*)[MERKLE_HASH_LEN])node_leaves, n), 0);
		for (uint64_t m = 0; m < n; m += n > 600 ? n / 7 + 1 : 1) {
			unsigned char (*want)[MERKLE_HASH_LEN] = NULL;
			unsigned char (*got)[MERKLE_HASH_LEN] = NULL;
			size_t wl = 0, gl = 0;
			node_calls = 0;
			assert_int_equal(merkle_inclusion_proof(&want, &wl,
			    (const unsigned char (*)[MERKLE_HASH_LEN])node_leaves, n,
			    m), 0);
			assert_int_equal(merkle_inclusion_proof_nodes(&got, &gl, n, m,
			    array_node, NULL), 0);
			assert_int_equal(gl, wl);
			if (wl)
				assert_memory_equal(got, want, wl * MERKLE_HASH_LEN);
			/* O(log n) nodes: at most two per level. */
			assert_true(node_calls <= 2 * 64);
			assert_int_equal(merkle_inclusion_verify(node_leaves[m], m, n,
			    (const unsigned char (*)[MERKLE_HASH_LEN])got, gl, root), 0);
			free(want);
			free(got);
		}
	}
	{
		unsigned char (*got)[MERKLE_HASH_LEN] = NULL;
		size_t gl = 0;
		assert_int_equal(merkle_inclusion_proof_nodes(&got, &gl, 1000, 3,
		    failing_node, NULL), INK_ELOG);
		assert_null(got);
		assert_int_equal(merkle_inclusion_proof_nodes(&got, &gl, 5, 5,
		    array_node, NULL), INK_EINPUT);
	}
	free(node_leaves);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf_and_node_hash),
		cmocka_unit_test(test_roots),
		cmocka_unit_test(test_inclusion_vectors),
		cmocka_unit_test(test_consistency_vectors),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_generated_trees),
		cmocka_unit_test(test_large_tree),
		cmocka_unit_test(test_proof_from_nodes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
