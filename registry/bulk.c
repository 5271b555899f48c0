/*
 * Read-only views of a whole registry for the site: every leaf in order,
 * the HEAD commit, files of the HEAD tree, and verification of every
 * record in one pass.  reg_verify_envelope answers for one envelope and
 * makes its inclusion proof from the whole list of leaves (O(n)); for n
 * records that is O(n^2), so here the signed checkpoint is verified once
 * and the tree's levels are kept, making each proof O(log n).
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/note.h"
#include "registry/internal.h"

struct reg_logcheck {
	unsigned char (**levels)[MERKLE_HASH_LEN];
	size_t *sizes;
	size_t nlevels;
	size_t size;                    /* leaves the checkpoint covers */
	unsigned char root[MERKLE_HASH_LEN];
	char why[512];                  /* why the checkpoint failed, or "" */
};

int
reg_entry_at(struct reg *g, size_t i, struct reg_entry *out)
{
	reg_full(g);
	if (i >= g->nleaves)
		return ink_error(INK_ENOTFOUND, "no leaf %zu in the log", i);
	return reg_find(g, g->leaves[i].id, out);
}

int
reg_leaf_at(struct reg *g, size_t i, char id[RECORD_ID_LEN],
    int64_t *integrated)
{
	reg_full(g);
	if (i >= g->nleaves)
		return ink_error(INK_ENOTFOUND, "no leaf %zu in the log", i);
	snprintf(id, RECORD_ID_LEN, "%s", g->leaves[i].id);
	*integrated = g->leaves[i].time;
	return 0;
}

const char *
reg_head(struct reg *g)
{
	return repo_head(g->repo);
}

int
reg_read_file(struct reg *g, const char *path, size_t max, struct buf *out)
{
	int rc = reg_file_read(g, path, out);

	if (rc == 0 && out->len > max) {
		buf_release(out);
		return ink_error(INK_EINPUT, "'%s' in the registry is larger "
		    "than the limit of %zu bytes", path, max);
	}
	return rc;
}

/* The checkpoint: signed by the log key, covering the whole log, its
 * root hash the tree of log/leaves. */
static void
check_checkpoint(struct reg *g, struct reg_logcheck *c)
{
	struct buf cp = BUF_INIT(0), vks = BUF_INIT(0);
	struct note_vkey vk = NOTE_VKEY_INIT;
	struct note_checkpoint n = NOTE_CHECKPOINT_INIT;
	const unsigned char *top;
	size_t textlen;

	if (reg_checkpoint(g, &cp) != 0 || reg_log_vkey(g, &vks) != 0 ||
	    note_vkey_parse(&vk, (const char *)vks.data, vks.len) != 0 ||
	    note_verify(&textlen, (const char *)cp.data, cp.len, &vk, 1) != 0 ||
	    note_checkpoint_parse(&n, (const char *)cp.data, textlen) != 0) {
		snprintf(c->why, sizeof(c->why), "checkpoint: %s",
		    ink_error_last());
		goto cleanup;
	}
	if (n.size != g->committed) {
		snprintf(c->why, sizeof(c->why), "the checkpoint covers %llu "
		    "leaves, the log has %zu", (unsigned long long)n.size,
		    g->committed);
		goto cleanup;
	}
	top = c->nlevels ? c->levels[c->nlevels - 1][0] : NULL;
	if (top == NULL || memcmp(top, n.root, MERKLE_HASH_LEN) != 0) {
		snprintf(c->why, sizeof(c->why), "the checkpoint's root hash "
		    "is not the tree of log/leaves");
		goto cleanup;
	}
	memcpy(c->root, n.root, MERKLE_HASH_LEN);
	c->size = n.size;
cleanup:
	ink_error_clear();
	note_checkpoint_release(&n);
	note_vkey_release(&vk);
	buf_release(&vks);
	buf_release(&cp);
}

void
reg_logcheck_free(struct reg_logcheck *c)
{
	if (c == NULL)
		return;
	/* Level 0 is the registry's own array. */
	for (size_t i = 1; i < c->nlevels; i++)
		free(c->levels[i]);
	free(c->levels);
	free(c->sizes);
	free(c);
}

int
reg_logcheck_open(struct reg *g, struct reg_logcheck **out)
{
	struct reg_logcheck *c;
	size_t n, cap = 2;

	*out = NULL;
	if (reg_full(g) != 0)
		return INK_ELOG;
	n = g->committed;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto oom;
	for (size_t m = n; m > 1; m = (m + 1) / 2)
		cap++;
	if ((c->levels = calloc(cap, sizeof(*c->levels))) == NULL ||
	    (c->sizes = calloc(cap, sizeof(*c->sizes))) == NULL)
		goto oom;
	/* Each level pairs the one below; an odd last node moves up as it
	 * is, which gives exactly RFC 6962's left-heavy tree. */
	if (n > 0) {
		c->levels[0] = g->hashes;
		c->sizes[0] = n;
		c->nlevels = 1;
	}
	while (c->nlevels > 0 && c->sizes[c->nlevels - 1] > 1) {
		size_t below = c->sizes[c->nlevels - 1], m = (below + 1) / 2;
		unsigned char (*lo)[MERKLE_HASH_LEN] = c->levels[c->nlevels - 1];
		unsigned char (*up)[MERKLE_HASH_LEN] = malloc(m * sizeof(*up));
		if (up == NULL)
			goto oom;
		for (size_t i = 0; i < m; i++) {
			if (2 * i + 1 < below)
				merkle_node_hash(up[i], lo[2 * i], lo[2 * i + 1]);
			else
				memcpy(up[i], lo[2 * i], MERKLE_HASH_LEN);
		}
		c->levels[c->nlevels] = up;
		c->sizes[c->nlevels++] = m;
	}
	check_checkpoint(g, c);
	*out = c;
	return 0;
oom:
	reg_logcheck_free(c);
	return ink_error(INK_EINPUT, "out of memory");
}

/* The leaf's inclusion in the signed checkpoint, proven from the kept
 * levels and checked as any verifier would check it. */
static void
check_inclusion(const struct reg_logcheck *c, size_t leaf,
    struct problems *p)
{
	unsigned char proof[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	size_t n = 0, i = leaf;

	if (c->why[0]) {
		problems_add(p, INK_ELOG, "%s", c->why);
		return;
	}
	if (leaf >= c->size) {
		problems_add(p, INK_ELOG, "leaf %zu is not covered by the "
		    "checkpoint", leaf);
		return;
	}
	for (size_t l = 0; l + 1 < c->nlevels && n < MERKLE_MAX_PROOF; l++) {
		size_t sib = i ^ 1;
		if (sib < c->sizes[l])
			memcpy(proof[n++], c->levels[l][sib], MERKLE_HASH_LEN);
		i >>= 1;
	}
	if (merkle_inclusion_verify(c->levels[0][leaf], leaf, c->size,
	    (const unsigned char (*)[MERKLE_HASH_LEN])proof, n, c->root) != 0) {
		problems_add(p, INK_ELOG, "inclusion: %s", ink_error_last());
		ink_error_clear();
	}
}

int
reg_logcheck_whole(const struct reg_logcheck *c, size_t n)
{
	return c->why[0] == '\0' && c->size == n;
}

int
reg_site_verify(struct reg *g, const struct reg_logcheck *c,
    const struct reg_entry *e, const struct dsse_envelope *env,
    const struct statement *st, struct problems *p)
{
	/* Roots were verified as a chain when the registry was opened. */
	if (strcmp(e->kind, "root") != 0)
		reg_check_record(g, env, st, e->integrated, 0, p);
	check_inclusion(c, e->leaf, p);
	return p->code;
}
