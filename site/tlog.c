/*
 * The log as the site publishes it (docs/FORMAT.md 9.1, 9.5): the hash
 * tiles under api/tile in the registry's own layout (8.6), and the whole
 * log in the C2SP tlog-tiles layout under log/ — log/checkpoint (the
 * signed checkpoint with the cosignatures that verify over it), full
 * tiles log/tile/<L>/<N>, partial ones log/tile/<L>/<N>.p/<W>, and the
 * entry bundles log/tile/entries/<N>[.p/<W>] — so that any tlog client,
 * monitor or witness can read the log from a static host.
 *
 * Everything is made from the leaves the site read from the signed log,
 * and nothing is written under log/ before the checkpoint's signature by
 * the root's log key verifies and the root hash computed from the tiles
 * themselves, as a client computes it, is the checkpoint's: the
 * registry's own log/tile is not read.  log/ is never pruned: C2SP asks
 * that the partial tiles of every published checkpoint stay, and a full
 * tile or a partial tile of a given width never changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/error.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "site/cache_int.h"
#include "site/site_int.h"

#define TILE_W 256
/* A tree of 2^64 leaves has 8 levels of tiles. */
#define TILE_LEVELS 8

/* The hashes of level 8·L of the tree, for L < nlev. */
struct levels {
	unsigned char (*h[TILE_LEVELS])[MERKLE_HASH_LEN];
	uint64_t n[TILE_LEVELS];
	unsigned nlev;
};

static void
levels_free(struct levels *lv)
{
	for (unsigned L = 0; L < TILE_LEVELS; L++)
		free(lv->h[L]);
}

/* "<prefix>/<N>" with N in groups of three digits, all but the last
 * with an x (tlog-tiles), then ".p/<W>" when w is not a full tile. */
static void
tile_path(char *out, size_t len, const char *prefix, uint64_t t, size_t w)
{
	char g[8][8];
	int ng = 0, n;

	do {
		snprintf(g[ng++], sizeof(g[0]), "%03u", (unsigned)(t % 1000));
		t /= 1000;
	} while (t > 0 && ng < 8);
	n = snprintf(out, len, "%s", prefix);
	while (ng-- > 0 && n > 0 && (size_t)n < len)
		n += snprintf(out + n, len - (size_t)n, "/%s%s", ng ? "x" : "",
		    g[ng]);
	if (w < TILE_W && n > 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, ".p/%zu", w);
}

/* The leaf data of leaf i: "<record id>\n<integrated time>\n". */
static size_t
leaf_data(char *out, size_t len, const struct s_rec *r)
{
	char ts[TIME_LEN];

	time_format(ts, r->integrated);
	return (size_t)snprintf(out, len, "%s\n%s\n", r->id, ts);
}

static int
levels_make(struct levels *lv, const struct s_model *m)
{
	uint64_t n = m->n;
	int rc = 0;

	memset(lv, 0, sizeof(*lv));
	if ((lv->h[0] = calloc(n, MERKLE_HASH_LEN)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (uint64_t i = 0; i < n && rc == 0; i++) {
		char d[RECORD_ID_LEN + TIME_LEN + 4];
		rc = merkle_leaf_hash(lv->h[0][i], d,
		    leaf_data(d, sizeof(d), &m->recs[i]));
	}
	lv->n[0] = n;
	lv->nlev = 1;
	/* Level 8(L+1) holds the heads of the complete tiles of level 8L:
	 * up eight levels by pairs. */
	for (unsigned L = 1; rc == 0 && L < TILE_LEVELS &&
	    lv->n[L - 1] >= TILE_W; L++) {
		uint64_t k = lv->n[L - 1] / TILE_W;
		if ((lv->h[L] = calloc(k, MERKLE_HASH_LEN)) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		for (uint64_t t = 0; t < k; t++) {
			unsigned char w[TILE_W / 2][MERKLE_HASH_LEN];
			const unsigned char (*src)[MERKLE_HASH_LEN] =
			    lv->h[L - 1] + t * TILE_W;
			size_t len = TILE_W;
			for (size_t i = 0; i < len / 2; i++)
				merkle_node_hash(w[i], src[2 * i], src[2 * i + 1]);
			for (len /= 2; len > 1; len /= 2)
				for (size_t i = 0; i < len / 2; i++)
					merkle_node_hash(w[i], w[2 * i],
					    w[2 * i + 1]);
			memcpy(lv->h[L][t], w[0], MERKLE_HASH_LEN);
		}
		lv->n[L] = k;
		lv->nlev = L + 1;
	}
	return rc;
}

/* The head of the complete subtree of 2^k leaves from leaf i (aligned),
 * from the tiles alone: its tile level holds 2^(k mod 8) hashes of it. */
static void
subtree(unsigned char out[MERKLE_HASH_LEN], const struct levels *lv,
    uint64_t i, unsigned k)
{
	unsigned L = k / 8, r = k % 8;
	size_t len = (size_t)1 << r;
	unsigned char w[TILE_W][MERKLE_HASH_LEN];

	memcpy(w, lv->h[L] + (i >> (8 * L)), len * MERKLE_HASH_LEN);
	for (; len > 1; len /= 2)
		for (size_t j = 0; j < len / 2; j++)
			merkle_node_hash(w[j], w[2 * j], w[2 * j + 1]);
	memcpy(out, w[0], MERKLE_HASH_LEN);
}

/* The RFC 6962 head of the tree of n leaves as a tlog client computes
 * it from the tiles: the complete subtrees of n's binary digits, left to
 * right, folded from the right. */
static void
root_from_tiles(unsigned char out[MERKLE_HASH_LEN], const struct levels *lv,
    uint64_t n)
{
	unsigned char part[64][MERKLE_HASH_LEN];
	unsigned np = 0;
	uint64_t at = 0;

	for (int k = 63; k >= 0; k--)
		if (n >> k & 1) {
			subtree(part[np++], lv, at, (unsigned)k);
			at += (uint64_t)1 << k;
		}
	memcpy(out, part[np - 1], MERKLE_HASH_LEN);
	while (np-- > 1)
		merkle_node_hash(out, part[np - 1], out);
}

/* 0 when the site's checkpoint is signed by the root's log key, names
 * this registry, covers exactly its n leaves and has the root hash the
 * tiles give; else INK_ELOG with the reason. */
static int
check_checkpoint(const struct s_model *m, const struct levels *lv)
{
	struct note_vkey k = NOTE_VKEY_INIT;
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	unsigned char root[MERKLE_HASH_LEN];
	size_t textlen = 0;
	int rc;

	if ((rc = note_vkey_parse(&k, m->vkey, strlen(m->vkey))) != 0 ||
	    (rc = note_verify(&textlen, m->checkpoint, strlen(m->checkpoint),
	    &k, 1)) != 0 ||
	    (rc = note_checkpoint_parse(&c, m->checkpoint, textlen)) != 0) {
		rc = ink_error_wrap(INK_ELOG, "the checkpoint does not verify "
		    "with the log key");
		goto cleanup;
	}
	if (strcmp(c.origin, m->name) != 0) {
		rc = ink_error(INK_ELOG, "the checkpoint names '%s', not this "
		    "registry", c.origin);
		goto cleanup;
	}
	if (c.size != lv->n[0]) {
		rc = ink_error(INK_ELOG, "the checkpoint covers %llu leaves, "
		    "the log has %llu", (unsigned long long)c.size,
		    (unsigned long long)lv->n[0]);
		goto cleanup;
	}
	root_from_tiles(root, lv, lv->n[0]);
	if (memcmp(root, c.root, MERKLE_HASH_LEN) != 0)
		rc = ink_error(INK_ELOG, "the root hash of the tiles is not "
		    "the checkpoint's");
cleanup:
	note_vkey_release(&k);
	note_checkpoint_release(&c);
	return rc;
}

/* api/tile/<L>/<N>: the registry's layout, one growing file per tile. */
static int
write_api_tiles(struct site *s, const struct levels *lv)
{
	int rc = 0;

	for (unsigned L = 0; rc == 0 && L < lv->nlev; L++)
		for (uint64_t t = 0; rc == 0 && t * TILE_W < lv->n[L]; t++) {
			char path[128], pre[32];
			uint64_t w = lv->n[L] - t * TILE_W;
			if (w > TILE_W)
				w = TILE_W;
			snprintf(pre, sizeof(pre), "api/tile/%u", L);
			tile_path(path, sizeof(path), pre, t, TILE_W);
			rc = site_write(s, path, lv->h[L][t * TILE_W],
			    (size_t)w * MERKLE_HASH_LEN);
		}
	return rc;
}

/* log/tile/<L>/<N>[.p/<W>] and log/tile/entries/<N>[.p/<W>]. */
static int
write_c2sp(struct site *s, const struct levels *lv)
{
	const struct s_model *m = &s->m;
	struct buf b = BUF_INIT(TILE_W * (2 + RECORD_ID_LEN + TIME_LEN + 4));
	int rc = 0;

	for (unsigned L = 0; rc == 0 && L < lv->nlev; L++)
		for (uint64_t t = 0; rc == 0 && t * TILE_W < lv->n[L]; t++) {
			char path[128], pre[32];
			uint64_t w = lv->n[L] - t * TILE_W;
			if (w > TILE_W)
				w = TILE_W;
			snprintf(pre, sizeof(pre), "log/tile/%u", L);
			tile_path(path, sizeof(path), pre, t, (size_t)w);
			rc = site_write(s, path, lv->h[L][t * TILE_W],
			    (size_t)w * MERKLE_HASH_LEN);
		}
	for (uint64_t t = 0; rc == 0 && t * TILE_W < m->n; t++) {
		char path[128];
		uint64_t w = m->n - t * TILE_W;
		if (w > TILE_W)
			w = TILE_W;
		b.len = 0;
		for (uint64_t i = t * TILE_W; rc == 0 && i < t * TILE_W + w;
		    i++) {
			char d[RECORD_ID_LEN + TIME_LEN + 4];
			size_t n = leaf_data(d, sizeof(d), &m->recs[i]);
			unsigned char be[2] = { (unsigned char)(n >> 8),
				(unsigned char)n };
			if ((rc = buf_add(&b, be, 2)) == 0)
				rc = buf_add(&b, d, n);
		}
		tile_path(path, sizeof(path), "log/tile/entries", t, (size_t)w);
		if (rc == 0)
			rc = site_write(s, path, b.data, b.len);
	}
	buf_release(&b);
	if (rc == 0 && m->cosigned != NULL)
		rc = site_write(s, "log/checkpoint", m->cosigned,
		    strlen(m->cosigned));
	return rc;
}

/* The group's digest: what the files are made from is the leaves, which
 * the checkpoint commits to once it verifies (checked whenever the group
 * is made), and the cosignatures and key beside it. */
static void
tlog_digest(const struct s_model *m, unsigned char d[CACHE_DIGEST])
{
	struct buf b = BUF_INIT(3 * NOTE_MAX_SIZE);
	unsigned char h[SHA256_LEN];

	if (buf_adds(&b, m->checkpoint) != 0 || buf_addc(&b, 0) != 0 ||
	    buf_adds(&b, m->cosigned ? m->cosigned : "") != 0 ||
	    buf_addc(&b, 0) != 0 || buf_adds(&b, m->vkey) != 0) {
		memcpy(d, cache_none_d, CACHE_DIGEST);
		ink_error_clear();
	} else {
		sha256(h, b.data, b.len);
		memcpy(d, h, CACHE_DIGEST);
	}
	buf_release(&b);
}

int
site_tlog(struct site *s)
{
	unsigned char d[CACHE_DIGEST];
	struct levels lv;
	int skip, rc;

	if (s->m.n == 0)
		return 0;
	/* Made again only when the checkpoint changed: then the old partial
	 * tiles are the group's files this build does not write, and go. */
	tlog_digest(&s->m, d);
	if ((rc = group_skip(s, "log", d, &skip)) != 0 || skip)
		return rc;
	if ((rc = levels_make(&lv, &s->m)) == 0)
		rc = write_api_tiles(s, &lv);
	if (rc == 0 && check_checkpoint(&s->m, &lv) != 0) {
		/* Nothing that does not give the signed root is published
		 * as the log; the records' own checks (9.3) already fail. */
		if (ink_error_rank(INK_ELOG) > ink_error_rank(s->stats->worst))
			s->stats->worst = INK_ELOG;
		ink_error_clear();
	} else if (rc == 0)
		rc = write_c2sp(s, &lv);
	levels_free(&lv);
	return group_done(s, rc);
}
