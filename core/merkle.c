/*
 * RFC 6962 Merkle trees.  Proofs are made by walking the RFC's recursive
 * definitions (PATH and SUBPROOF, RFC 9162 2.1.3.1 and 2.1.4.1) as loops
 * from the top of the tree down, and checked with the bit-walking
 * algorithms of 2.1.3.2 and 2.1.4.2, which need only the two tree heads.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/digest.h"
#include "core/error.h"
#include "core/merkle.h"

typedef unsigned char hash_t[MERKLE_HASH_LEN];

int
merkle_leaf_hash(unsigned char out[MERKLE_HASH_LEN], const void *data,
    size_t n)
{
	static const unsigned char prefix = 0x00;
	EVP_MD_CTX *ctx = NULL;
	int rc = 0;

	/* Streamed, so a large leaf is not copied just to gain a prefix. */
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, &prefix, 1) ||
	    !EVP_DigestUpdate(ctx, data, n) ||
	    !EVP_DigestFinal_ex(ctx, out, NULL))
		rc = ink_error_ssl(INK_EINPUT, "merkle: leaf hash");
	EVP_MD_CTX_free(ctx);
	return rc;
}

void
merkle_node_hash(unsigned char out[MERKLE_HASH_LEN],
    const unsigned char left[MERKLE_HASH_LEN],
    const unsigned char right[MERKLE_HASH_LEN])
{
	unsigned char b[1 + 2 * MERKLE_HASH_LEN];

	/* Copied first, so out may be the same memory as left or right. */
	b[0] = 0x01;
	memcpy(b + 1, left, MERKLE_HASH_LEN);
	memcpy(b + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	sha256(out, b, sizeof(b));
}

/* The largest power of two below n (n >= 2): where RFC 6962 splits. */
static uint64_t
split_point(uint64_t n)
{
	uint64_t k = 1;

	/* k < n - k rather than 2k < n, which overflows near 2^64. */
	while (k < n - k)
		k <<= 1;
	return k;
}

static int
is_pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/*
 * MTH over n leaves, as a binary counter: the stack holds the heads of
 * the complete subtrees seen so far, largest first, so at most one per
 * bit of n.  Folding it from the right at the end gives exactly the
 * RFC's left-heavy shape.
 */
static void
subtree_root(unsigned char out[MERKLE_HASH_LEN], const hash_t *leaves,
    uint64_t n)
{
	hash_t stack[64];
	size_t top = 0;

	if (n == 0) {
		sha256(out, "", 0);
		return;
	}
	for (uint64_t i = 0; i < n; i++) {
		memcpy(stack[top++], leaves[i], MERKLE_HASH_LEN);
		for (uint64_t c = i + 1; (c & 1) == 0; c >>= 1) {
			top--;
			merkle_node_hash(stack[top - 1], stack[top - 1],
			    stack[top]);
		}
	}
	while (top > 1) {
		top--;
		merkle_node_hash(stack[top - 1], stack[top - 1], stack[top]);
	}
	memcpy(out, stack[0], MERKLE_HASH_LEN);
}

int
merkle_root(unsigned char out[MERKLE_HASH_LEN],
    const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t size)
{
	if (size > 0 && leaves == NULL)
		return ink_error(INK_EINPUT, "merkle: no leaves given");
	subtree_root(out, leaves, size);
	return 0;
}

/* Hands the hashes collected top-down to the caller bottom-up. */
static int
proof_out(unsigned char (**out)[MERKLE_HASH_LEN], size_t *outlen,
    const hash_t *path, size_t n)
{
	hash_t *p;

	if (n == 0)
		return 0;
	if ((p = calloc(n, sizeof(*p))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < n; i++)
		memcpy(p[i], path[n - 1 - i], MERKLE_HASH_LEN);
	*out = p;
	*outlen = n;
	return 0;
}

int
merkle_inclusion_proof(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, const unsigned char (*leaves)[MERKLE_HASH_LEN],
    uint64_t size, uint64_t index)
{
	hash_t path[MERKLE_MAX_PROOF];
	uint64_t lo = 0, n = size, m = index, k;
	size_t len = 0;

	*out = NULL;
	*outlen = 0;
	if (index >= size)
		return ink_error(INK_EINPUT, "merkle: leaf index %" PRIu64
		    " is not below the tree size %" PRIu64, index, size);
	if (leaves == NULL)
		return ink_error(INK_EINPUT, "merkle: no leaves given");
	/* Each sibling covers leaves no other does: O(size) in all. */
	while (n > 1) {
		k = split_point(n);
		if (m < k) {
			subtree_root(path[len++], leaves + lo + k, n - k);
			n = k;
		} else {
			subtree_root(path[len++], leaves + lo, k);
			lo += k;
			m -= k;
			n -= k;
		}
	}
	return proof_out(out, outlen, path, len);
}

int
merkle_consistency_proof(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, const unsigned char (*leaves)[MERKLE_HASH_LEN],
    uint64_t old_size, uint64_t new_size)
{
	hash_t path[MERKLE_MAX_PROOF];
	uint64_t lo = 0, n = new_size, m = old_size, k;
	size_t len = 0;
	int whole = 1;

	*out = NULL;
	*outlen = 0;
	if (old_size > new_size)
		return ink_error(INK_EINPUT, "merkle: old size %" PRIu64
		    " is above the new size %" PRIu64, old_size, new_size);
	if (old_size == 0 || old_size == new_size)
		return 0;
	if (leaves == NULL)
		return ink_error(INK_EINPUT, "merkle: no leaves given");
	while (m != n) {
		k = split_point(n);
		if (m <= k) {
			subtree_root(path[len++], leaves + lo + k, n - k);
			n = k;
		} else {
			subtree_root(path[len++], leaves + lo, k);
			lo += k;
			m -= k;
			n -= k;
			whole = 0;
		}
	}
	/* The verifier knows the old head itself only while the old tree
	 * is still a subtree of the walk's left edge. */
	if (!whole)
		subtree_root(path[len++], leaves + lo, n);
	return proof_out(out, outlen, path, len);
}

int
merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH_LEN],
    uint64_t index, uint64_t size,
    const unsigned char (*proof)[MERKLE_HASH_LEN], size_t prooflen,
    const unsigned char root[MERKLE_HASH_LEN])
{
	hash_t r;
	uint64_t fn, sn;

	if (index >= size)
		return ink_error(INK_EINPUT, "inclusion proof: leaf index %"
		    PRIu64 " is not below the tree size %" PRIu64, index, size);
	if (prooflen > MERKLE_MAX_PROOF)
		return ink_error(INK_EINPUT, "inclusion proof: more than %d "
		    "hashes", MERKLE_MAX_PROOF);
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (size_t i = 0; i < prooflen; i++) {
		if (sn == 0)
			return ink_error(INK_ELOG, "inclusion proof: too many "
			    "hashes for leaf %" PRIu64 " of %" PRIu64,
			    index, size);
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(r, proof[i], r);
			while ((fn & 1) == 0 && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(r, r, proof[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return ink_error(INK_ELOG, "inclusion proof: too few hashes "
		    "for leaf %" PRIu64 " of %" PRIu64, index, size);
	if (memcmp(r, root, MERKLE_HASH_LEN) != 0)
		return ink_error(INK_ELOG, "inclusion proof: leaf %" PRIu64
		    " does not lead to the root of the tree of %" PRIu64,
		    index, size);
	return 0;
}

int
merkle_consistency_verify(uint64_t old_size, uint64_t new_size,
    const unsigned char old_root[MERKLE_HASH_LEN],
    const unsigned char new_root[MERKLE_HASH_LEN],
    const unsigned char (*proof)[MERKLE_HASH_LEN], size_t prooflen)
{
	hash_t fr, sr, empty;
	uint64_t fn, sn;
	size_t i = 0;

	if (old_size > new_size)
		return ink_error(INK_EINPUT, "consistency proof: old size %"
		    PRIu64 " is above the new size %" PRIu64, old_size,
		    new_size);
	if (prooflen > MERKLE_MAX_PROOF)
		return ink_error(INK_EINPUT, "consistency proof: more than %d "
		    "hashes", MERKLE_MAX_PROOF);
	if (old_size == 0 || old_size == new_size) {
		if (prooflen != 0)
			return ink_error(INK_ELOG, "consistency proof: must be "
			    "empty from size %" PRIu64 " to %" PRIu64,
			    old_size, new_size);
		sha256(empty, "", 0);
		if (old_size == 0 &&
		    memcmp(old_root, empty, MERKLE_HASH_LEN) != 0)
			return ink_error(INK_ELOG, "consistency proof: the old "
			    "root is not that of an empty tree");
		if (old_size != 0 &&
		    memcmp(old_root, new_root, MERKLE_HASH_LEN) != 0)
			return ink_error(INK_ELOG, "consistency proof: two "
			    "different roots for size %" PRIu64, old_size);
		return 0;
	}
	if (prooflen == 0)
		return ink_error(INK_ELOG, "consistency proof: empty from "
		    "size %" PRIu64 " to %" PRIu64, old_size, new_size);
	/* A power-of-two old tree is a whole subtree of the new one, so
	 * the proof leaves out its head, which the verifier holds. */
	if (is_pow2(old_size)) {
		memcpy(fr, old_root, MERKLE_HASH_LEN);
	} else {
		memcpy(fr, proof[0], MERKLE_HASH_LEN);
		i = 1;
	}
	memcpy(sr, fr, MERKLE_HASH_LEN);
	fn = old_size - 1;
	sn = new_size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < prooflen; i++) {
		if (sn == 0)
			return ink_error(INK_ELOG, "consistency proof: too "
			    "many hashes from size %" PRIu64 " to %" PRIu64,
			    old_size, new_size);
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(fr, proof[i], fr);
			merkle_node_hash(sr, proof[i], sr);
			while ((fn & 1) == 0 && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(sr, sr, proof[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return ink_error(INK_ELOG, "consistency proof: too few hashes "
		    "from size %" PRIu64 " to %" PRIu64, old_size, new_size);
	if (memcmp(fr, old_root, MERKLE_HASH_LEN) != 0)
		return ink_error(INK_ELOG, "consistency proof: does not lead "
		    "to the old root of size %" PRIu64, old_size);
	if (memcmp(sr, new_root, MERKLE_HASH_LEN) != 0)
		return ink_error(INK_ELOG, "consistency proof: does not lead "
		    "to the new root of size %" PRIu64, new_size);
	return 0;
}

/* MTH(D[lo:hi]) from the complete subtrees the source gives: lo is
 * aligned on the RFC's split, so each power-of-two range is one node. */
static int
nodes_mth(unsigned char out[MERKLE_HASH_LEN], uint64_t lo, uint64_t hi,
    merkle_node_fn fn, void *ctx)
{
	hash_t l, r;
	uint64_t k;
	int rc;

	if (is_pow2(hi - lo)) {
		unsigned level = 0;
		while (((uint64_t)1 << level) < hi - lo)
			level++;
		return fn(ctx, level, lo >> level, out);
	}
	k = split_point(hi - lo);
	if ((rc = nodes_mth(l, lo, lo + k, fn, ctx)) != 0 ||
	    (rc = nodes_mth(r, lo + k, hi, fn, ctx)) != 0)
		return rc;
	merkle_node_hash(out, l, r);
	return 0;
}

int
merkle_inclusion_proof_nodes(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, uint64_t size, uint64_t index, merkle_node_fn fn,
    void *ctx)
{
	hash_t path[64];
	uint64_t lo = 0, hi = size;
	size_t n = 0;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (index >= size)
		return ink_error(INK_EINPUT, "merkle: index %" PRIu64 " outside "
		    "a tree of %" PRIu64, index, size);
	/* PATH(m, D[lo:hi]) from the top: each step's sibling is the last
	 * hash of the proof, so they are stored top first and reversed. */
	while (hi - lo > 1) {
		uint64_t k = split_point(hi - lo);
		if (index < lo + k) {
			rc = nodes_mth(path[n], lo + k, hi, fn, ctx);
			hi = lo + k;
		} else {
			rc = nodes_mth(path[n], lo, lo + k, fn, ctx);
			lo += k;
		}
		if (rc != 0)
			return rc;
		n++;
	}
	if (n == 0)
		return 0;
	if ((*out = malloc(n * sizeof(**out))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < n; i++)
		memcpy((*out)[i], path[n - 1 - i], MERKLE_HASH_LEN);
	*outlen = n;
	return 0;
}
