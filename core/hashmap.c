/*
 * Open addressing with linear probing, at most half full; the capacity is
 * a power of two so that a hash picks its slot with a mask.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hashmap.h"

uint64_t
hmap_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

uint64_t
hmap_str(const char *s)
{
	return hmap_bytes(s, strlen(s));
}

static uint64_t
nonzero(uint64_t h)
{
	return h ? h : 1;
}

size_t
hmap_get(const struct hmap *m, uint64_t h, hmap_same_fn same,
    const void *ctx, const void *key)
{
	if (m->cap == 0)
		return HMAP_NONE;
	h = nonzero(h);
	for (size_t i = h & (m->cap - 1); m->hash[i]; i = (i + 1) & (m->cap - 1))
		if (m->hash[i] == h &&
		    (same == NULL || same(ctx, m->val[i], key)))
			return m->val[i];
	return HMAP_NONE;
}

static void
place(uint64_t *hash, size_t *val, size_t cap, uint64_t h, size_t v)
{
	size_t i = h & (cap - 1);

	while (hash[i])
		i = (i + 1) & (cap - 1);
	hash[i] = h;
	val[i] = v;
}

int
hmap_reserve(struct hmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;
	uint64_t *hash;
	size_t *val;

	if (n > SIZE_MAX / 4)
		return ink_error(INK_EINPUT, "out of memory");
	while (n * 2 > cap)
		cap *= 2;
	if (cap == m->cap)
		return 0;
	hash = calloc(cap, sizeof(*hash));
	val = calloc(cap, sizeof(*val));
	if (hash == NULL || val == NULL) {
		free(hash);
		free(val);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->hash[i])
			place(hash, val, cap, m->hash[i], m->val[i]);
	free(m->hash);
	free(m->val);
	m->hash = hash;
	m->val = val;
	m->cap = cap;
	return 0;
}

int
hmap_put(struct hmap *m, uint64_t h, size_t val)
{
	int rc;

	if ((rc = hmap_reserve(m, m->n + 1)) != 0)
		return rc;
	place(m->hash, m->val, m->cap, nonzero(h), val);
	m->n++;
	return 0;
}

void
hmap_free(struct hmap *m)
{
	free(m->hash);
	free(m->val);
	memset(m, 0, sizeof(*m));
}
