/*
 * Verifying a registry's signatures ahead, on worker threads: the keys
 * are only candidates (reg_candidate_keys), and what is verified only
 * fills the signature memo (pubkey_memo_begin) that the sequential pass,
 * applying every rule, then reads.  Nothing here decides anything.
 */
#include <stdlib.h>
#include <string.h>

#include "core/dsse.h"
#include "core/ed25519.h"
#include "registry/registry.h"

static int
by_keyid(const void *a, const void *b)
{
	const struct pubkey *const *x = a, *const *y = b;

	return strcmp((*x)->keyid, (*y)->keyid);
}

int
reg_ahead_open(struct reg_ahead *a, struct reg *g)
{
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = reg_candidate_keys(g, &a->keys, &a->n)) != 0)
		return rc;
	qsort(a->keys, a->n, sizeof(*a->keys), by_keyid);
	pubkey_memo_begin();
	return 0;
}

void
reg_ahead_close(struct reg_ahead *a)
{
	pubkey_memo_end();
	for (size_t i = 0; i < a->n; i++)
		pubkey_free(a->keys[i]);
	free(a->keys);
	memset(a, 0, sizeof(*a));
}

void
reg_ahead_verify(const struct reg_ahead *a, const struct dsse_envelope *env)
{
	for (size_t i = 0; i < env->nsigs; i++) {
		const char *kid = env->sigs[i].keyid;
		size_t lo = 0, hi = a->n;
		if (kid == NULL)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(a->keys[mid]->keyid, kid);
			if (c == 0) {
				struct pubkey *k = a->keys[mid];
				(void)dsse_sig_check(env, i, &k, 1);
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
}
