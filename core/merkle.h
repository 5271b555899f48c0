/*
 * RFC 6962 / RFC 9162 Merkle tree hashing for the registry's log: leaf and
 * node hashes, the tree head over a list of leaf hashes, and inclusion and
 * consistency proofs (RFC 9162 2.1.3 and 2.1.4), made from the full list of
 * leaf hashes and checked against tree heads alone.
 */
#ifndef INK_MERKLE_H
#define INK_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN 32
/*
 * Hashes in any proof read from outside.  An inclusion proof has at most
 * one hash per level of a tree of 2^64 leaves, a consistency proof one
 * more; anything longer cannot be a proof.
 */
#define MERKLE_MAX_PROOF 65

/* SHA-256(0x00 || data); INK_EINPUT only when OpenSSL fails. */
int merkle_leaf_hash(unsigned char out[MERKLE_HASH_LEN], const void *data,
    size_t n);
/* SHA-256(0x01 || left || right). */
void merkle_node_hash(unsigned char out[MERKLE_HASH_LEN],
    const unsigned char left[MERKLE_HASH_LEN],
    const unsigned char right[MERKLE_HASH_LEN]);

/*
 * The tree head over leaves[0..size-1] (SHA-256 of nothing for an empty
 * tree).  O(size) time, O(log size) memory.
 */
int merkle_root(unsigned char out[MERKLE_HASH_LEN],
    const unsigned char (*leaves)[MERKLE_HASH_LEN], uint64_t size);

/*
 * The inclusion proof of leaf index in the tree of the first size leaves,
 * lowest level first.  *out (NULL when *outlen is 0) is the caller's to
 * free().  INK_EINPUT when index >= size.
 */
int merkle_inclusion_proof(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, const unsigned char (*leaves)[MERKLE_HASH_LEN],
    uint64_t size, uint64_t index);
/*
 * 0 when proof shows that leaf (a leaf hash) is at index in the tree of
 * size leaves whose head is root; INK_ELOG when it does not; INK_EINPUT
 * when index >= size or the proof is longer than MERKLE_MAX_PROOF.
 */
int merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH_LEN],
    uint64_t index, uint64_t size,
    const unsigned char (*proof)[MERKLE_HASH_LEN], size_t prooflen,
    const unsigned char root[MERKLE_HASH_LEN]);

/*
 * The consistency proof from the tree of the first old_size leaves to the
 * tree of the first new_size leaves (empty when old_size is 0 or equal to
 * new_size).  *out (NULL when *outlen is 0) is the caller's to free().
 * INK_EINPUT when old_size > new_size.
 */
int merkle_consistency_proof(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, const unsigned char (*leaves)[MERKLE_HASH_LEN],
    uint64_t old_size, uint64_t new_size);
/*
 * 0 when proof shows that the tree of new_size leaves with head new_root
 * extends the tree of old_size leaves with head old_root; INK_ELOG when it
 * does not; INK_EINPUT when old_size > new_size or the proof is longer
 * than MERKLE_MAX_PROOF.  From size 0 the proof is empty and old_root
 * must be the empty tree's head; at equal sizes, the roots must match.
 */
int merkle_consistency_verify(uint64_t old_size, uint64_t new_size,
    const unsigned char old_root[MERKLE_HASH_LEN],
    const unsigned char new_root[MERKLE_HASH_LEN],
    const unsigned char (*proof)[MERKLE_HASH_LEN], size_t prooflen);

/*
 * A source of the tree's complete subtrees (a stored tree, such as the
 * registry's hash tiles): the head of the 2^level leaves from index <<
 * level, into out; 0, or an error code.
 */
typedef int (*merkle_node_fn)(void *ctx, unsigned level, uint64_t index,
    unsigned char out[MERKLE_HASH_LEN]);
/*
 * merkle_inclusion_proof() from a node source instead of the list of
 * leaves: O(log size) nodes asked for.  The leaf itself is never asked
 * for, so a caller checking the proof hashes it from its own data.
 */
int merkle_inclusion_proof_nodes(unsigned char (**out)[MERKLE_HASH_LEN],
    size_t *outlen, uint64_t size, uint64_t index, merkle_node_fn fn,
    void *ctx);

#endif
