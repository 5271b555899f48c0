/*
 * One hash index for the whole tree: an open-addressing table from a
 * 64-bit hash to a value (usually an index into the caller's own array).
 * The table keeps each entry's hash, so it grows without asking the caller
 * to hash again; whether two keys with one hash are the same key is the
 * caller's question (the same callback), or, where the hash is the key
 * (hashes of paths, object ids), no question at all (same == NULL).
 *
 *	struct hmap m = HMAP_INIT;
 *	hmap_put(&m, hmap_str(name), i);
 *	size_t i = hmap_get(&m, hmap_str(name), same_name, names, name);
 *
 * Not thread-safe; a table shared between threads is read-only once
 * built.
 */
#ifndef INK_HASHMAP_H
#define INK_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

#define HMAP_NONE ((size_t)-1)

struct hmap {
	uint64_t *hash;         /* 0: an empty slot (hashes of 0 become 1) */
	size_t *val;
	size_t cap, n;
};
#define HMAP_INIT { NULL, NULL, 0, 0 }

/* Whether the entry holding val is key; ctx is the caller's. */
typedef int (*hmap_same_fn)(const void *ctx, size_t val, const void *key);

/* FNV-1a of a string, and of bytes, from the offset 1469598103934665603
 * the tree has always used (not FNV's published one): the site's build
 * cache stores these hashes of paths, so they must never change. */
uint64_t hmap_str(const char *s);
uint64_t hmap_bytes(const void *p, size_t n);

/* The value stored under hash h whose key is key (same == NULL: the
 * first value under h), or HMAP_NONE. */
size_t hmap_get(const struct hmap *m, uint64_t h, hmap_same_fn same,
    const void *ctx, const void *key);

/* Adds val under h (a second entry with an equal hash is kept beside the
 * first: use hmap_get first where keys are unique).  0, or INK_EINPUT
 * when out of memory (the table is unchanged). */
int hmap_put(struct hmap *m, uint64_t h, size_t val);

/* Makes room for n entries in all, so that n puts cannot fail. */
int hmap_reserve(struct hmap *m, size_t n);

void hmap_free(struct hmap *m);

#endif
