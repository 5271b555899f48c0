/*
 * The log: its leaves and their index, the hash tiles and the record index
 * that let a reader prove a lookup without loading every leaf (FORMAT.md
 * 8.6), and inclusion proofs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "keys/formats.h"
#include "registry/internal.h"

/* --- the leaf index ----------------------------------------------- */

/* The id is a SHA-256 in hex: its first digits are already uniformly
 * distributed, so they are the hash (16 digits, 64 bits). */
static uint64_t
id_hash(const char *id)
{
	uint64_t h = 0;

	for (int i = 7; i < 7 + 16 && id[i]; i++)
		h = h * 16 + (uint64_t)(id[i] <= '9' ? id[i] - '0' :
		    id[i] - 'a' + 10);
	return h;
}

static int
same_leaf(const void *ctx, size_t val, const void *key)
{
	const struct reg *g = ctx;

	return strcmp(g->leaves[val].id, key) == 0;
}

int
reg_leaf_find(const struct reg *g, const char *id, size_t *index)
{
	size_t h;

	if (g->lazy) {
		/* The reader's own state, not the registry's: a cache of what
		 * was proved, or log/leaves loaded when a lookup fails. */
		struct reg *w = (struct reg *)g;
		int64_t t;
		if (reg_lazy_find(w, id, index, &t) == 0)
			return 0;
		ink_error_clear();
		reg_full(w);
	}
	if ((h = hmap_get(&g->map, id_hash(id), same_leaf, g, id)) ==
	    HMAP_NONE)
		return INK_ENOTFOUND;
	*index = h;
	return 0;
}

int
reg_leaf_append(struct reg *g, const char *id, int64_t t)
{
	char data[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];
	int rc;

	if (g->nleaves >= REG_MAX_LEAVES)
		return ink_error(INK_EINPUT, "the log is full (%d leaves)",
		    REG_MAX_LEAVES);
	/* Integrated times never go backwards: a leaf dated before the one
	 * before it would make a record look integrated before, say, the
	 * revocation of its signer's accreditation. */
	if (g->nleaves > 0 && t < g->leaves[g->nleaves - 1].time) {
		char prev[TIME_LEN];
		time_format(ts, t);
		time_format(prev, g->leaves[g->nleaves - 1].time);
		return ink_error(INK_ELOG, "leaf %zu of the log would be dated "
		    "%s, before leaf %zu (%s): the log's time never goes "
		    "backwards (is the clock right?)", g->nleaves, ts,
		    g->nleaves - 1, prev);
	}
	if (g->nleaves == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		struct reg_leaf *l = realloc(g->leaves, cap * sizeof(*l));
		unsigned char (*hs)[MERKLE_HASH_LEN];
		if (l == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		g->leaves = l;
		if ((hs = realloc(g->hashes, cap * sizeof(*hs))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		g->hashes = hs;
		g->cap = cap;
	}
	if ((rc = hmap_reserve(&g->map, g->nleaves + 1)) != 0)
		return rc;
	snprintf(g->leaves[g->nleaves].id, RECORD_ID_LEN, "%s", id);
	g->leaves[g->nleaves].time = t;
	/* Leaf data: "<record id>\n<integrated time>\n" (DESIGN 5). */
	time_format(ts, t);
	snprintf(data, sizeof(data), "%s\n%s\n", id, ts);
	if ((rc = merkle_leaf_hash(g->hashes[g->nleaves], data,
	    strlen(data))) != 0)
		return rc;
	/* Cannot fail: the room was reserved above. */
	hmap_put(&g->map, id_hash(id), g->nleaves++);
	return 0;
}

int
reg_tree_root(const struct reg *g, size_t size,
    unsigned char out[MERKLE_HASH_LEN])
{
	return merkle_root(out, (const unsigned char (*)[MERKLE_HASH_LEN])
	    g->hashes, size);
}

int
reg_leaves_load(struct reg *g)
{
	struct buf b;
	char *p, *end, *nl;
	size_t line = 0;
	int rc;

	rc = repo_read(&b, g->repo, LEAVES_PATH, REG_MAX_LEAVES_FILE);
	if (rc == INK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	p = (char *)b.data;
	end = p + b.len;
	for (; p < end; p = nl + 1) {
		char id[RECORD_ID_LEN], ts[TIME_LEN];
		int64_t t;
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    nl - p != RECORD_ID_LEN - 1 + 1 + TIME_LEN - 1 ||
		    p[RECORD_ID_LEN - 1] != ' ' || strncmp(p, "sha256:", 7)) {
			rc = ink_error(INK_ELOG, "log/leaves: line %zu is not "
			    "'<record id> <time>'", line);
			break;
		}
		memcpy(id, p, RECORD_ID_LEN - 1);
		id[RECORD_ID_LEN - 1] = '\0';
		memcpy(ts, p + RECORD_ID_LEN, TIME_LEN - 1);
		ts[TIME_LEN - 1] = '\0';
		if (time_parse(&t, ts) != 0) {
			rc = ink_error(INK_ELOG, "log/leaves: line %zu: bad time",
			    line);
			break;
		}
		size_t dup;
		if (line > 1 && t < g->leaves[g->nleaves - 1].time) {
			rc = ink_error(INK_ELOG, "log/leaves: line %zu is dated "
			    "before the line above it: the log's time went "
			    "backwards", line);
			break;
		}
		if (reg_leaf_find(g, id, &dup) == 0) {
			rc = ink_error(INK_ELOG, "log/leaves: line %zu repeats "
			    "record %s", line, id);
			break;
		}
		if ((rc = reg_leaf_append(g, id, t)) != 0)
			break;
	}
	buf_release(&b);
	g->committed = g->nleaves;
	return rc;
}

/* --- hash tiles and the record index (FORMAT.md 8.6) ------------------ */

#define TILE_DIR "log/tile"
#define INDEX_DIR "log/index"
#define TILE_H 8
#define TILE_W 256
#define TILE_CACHE 16

/* C2SP tlog-tiles paths: log/tile/<L>/<N>, N in groups of three digits,
 * all but the last with an x: 1234067 is x001/x234/067. */
static void
tile_path(char out[96], unsigned level, uint64_t n)
{
	char groups[8][8];
	int k = 0, len;

	do {
		snprintf(groups[k++], sizeof(groups[0]), "%03u",
		    (unsigned)(n % 1000));
		n /= 1000;
	} while (n > 0 && k < 8);
	len = snprintf(out, 96, "%s/%u", TILE_DIR, level);
	while (k-- > 0)
		len += snprintf(out + len, 96 - (size_t)len, "/%s%s",
		    k ? "x" : "", groups[k]);
}

static void
index_path(char out[128], const char *id)
{
	snprintf(out, 128, "%s/%.2s/%s", INDEX_DIR, id + 7, id + 7);
}

/* The leaf data "<record id>\n<integrated time>\n", hashed. */
static int
leaf_hash_of(unsigned char out[MERKLE_HASH_LEN], const char *id, int64_t t)
{
	char data[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];

	time_format(ts, t);
	snprintf(data, sizeof(data), "%s\n%s\n", id, ts);
	return merkle_leaf_hash(out, data, strlen(data));
}

struct reg_lazy {
	uint64_t size;                  /* of the verified checkpoint */
	unsigned char root[MERKLE_HASH_LEN];
	struct {
		char id[RECORD_ID_LEN];
		size_t leaf;
		int64_t time;
	} *found;                       /* lookups already proved */
	size_t nfound;
	struct {
		unsigned level;
		uint64_t n;
		struct buf b;
		int used;
	} tiles[TILE_CACHE];
	size_t next;
};

void
reg_lazy_free(struct reg_lazy *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < TILE_CACHE; i++)
		if (z->tiles[i].used)
			buf_release(&z->tiles[i].b);
	free(z->found);
	free(z);
}

/* Tile (level, n), read once. */
static int
lazy_tile(struct reg *g, unsigned level, uint64_t n, const struct buf **out)
{
	struct reg_lazy *z = g->lazy;
	char path[96];
	size_t k;
	int rc;

	for (k = 0; k < TILE_CACHE; k++)
		if (z->tiles[k].used && z->tiles[k].level == level &&
		    z->tiles[k].n == n) {
			*out = &z->tiles[k].b;
			return 0;
		}
	k = z->next++ % TILE_CACHE;
	if (z->tiles[k].used)
		buf_release(&z->tiles[k].b);
	z->tiles[k].used = 0;
	tile_path(path, level, n);
	if ((rc = repo_read(&z->tiles[k].b, g->repo, path,
	    TILE_W * MERKLE_HASH_LEN)) != 0)
		return rc == INK_ENOTFOUND ? ink_error(INK_ELOG, "%s is missing",
		    path) : rc;
	z->tiles[k].used = 1;
	z->tiles[k].level = level;
	z->tiles[k].n = n;
	*out = &z->tiles[k].b;
	return 0;
}

/* A complete subtree's head from the tiles: height h lies in the tiles
 * of level h / 8, as one entry or the head of 2^(h % 8) of them. */
static int
tile_node(void *ctx, unsigned height, uint64_t index,
    unsigned char out[MERKLE_HASH_LEN])
{
	struct reg *g = ctx;
	unsigned level = height / TILE_H, r = height % TILE_H;
	uint64_t first = index << r, t = first / TILE_W;
	size_t off = (size_t)(first % TILE_W), need = off + ((size_t)1 << r);
	const struct buf *b = NULL;
	int rc;

	if ((rc = lazy_tile(g, level, t, &b)) != 0)
		return rc;
	if (b->len < need * MERKLE_HASH_LEN || b->len % MERKLE_HASH_LEN) {
		char path[96];
		tile_path(path, level, t);
		return ink_error(INK_ELOG, "%s holds %zu bytes, not the %zu "
		    "hashes the checkpoint needs", path, b->len, need);
	}
	if (r == 0) {
		memcpy(out, b->data + off * MERKLE_HASH_LEN, MERKLE_HASH_LEN);
		return 0;
	}
	return merkle_root(out, (const unsigned char (*)[MERKLE_HASH_LEN])
	    (b->data + off * MERKLE_HASH_LEN), (uint64_t)1 << r);
}

int
reg_tile_proof(struct reg *g, size_t leaf, size_t size,
    unsigned char (**proof)[MERKLE_HASH_LEN], size_t *n)
{
	struct reg_lazy *keep = g->lazy;
	int rc;

	/* The tile cache lives with a lazy reader; a loaded one reads the
	 * tiles through a cache of its own for this one proof. */
	if (keep == NULL && (g->lazy = calloc(1, sizeof(*g->lazy))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	rc = merkle_inclusion_proof_nodes(proof, n, size, leaf, tile_node, g);
	if (keep == NULL) {
		reg_lazy_free(g->lazy);
		g->lazy = NULL;
	}
	return rc;
}

/* A lazy lookup: log/index names the leaf and its time, and the tiles
 * prove that leaf, hashed from this id and time, is at that index under
 * the signed checkpoint.  Nothing read is trusted before that. */
int
reg_lazy_find(struct reg *g, const char *id, size_t *leaf, int64_t *t)
{
	struct reg_lazy *z = g->lazy;
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL, lh[MERKLE_HASH_LEN];
	char path[128], ts[TIME_LEN], *end;
	unsigned long long li;
	struct buf b;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < z->nfound; i++)
		if (strcmp(z->found[i].id, id) == 0) {
			*leaf = z->found[i].leaf;
			*t = z->found[i].time;
			return 0;
		}
	if (strlen(id) != RECORD_ID_LEN - 1 || strncmp(id, "sha256:", 7))
		return INK_ENOTFOUND;
	index_path(path, id);
	if ((rc = repo_read(&b, g->repo, path, 64)) != 0)
		return rc;
	/* "<leaf index> <integrated time>\n" */
	rc = INK_ELOG;
	if (b.len > 0 && b.data[b.len - 1] == '\n' && b.data[0] >= '0' &&
	    b.data[0] <= '9') {
		b.data[b.len - 1] = '\0';
		li = strtoull((char *)b.data, &end, 10);
		if (*end == ' ' && strlen(end + 1) == TIME_LEN - 1) {
			snprintf(ts, sizeof(ts), "%s", end + 1);
			if (time_parse(t, ts) == 0 && li < z->size)
				rc = 0;
		}
	}
	buf_release(&b);
	if (rc == 0 && ((rc = leaf_hash_of(lh, id, *t)) != 0 ||
	    (rc = merkle_inclusion_proof_nodes(&proof, &n, z->size, li,
	    tile_node, g)) != 0 ||
	    (rc = merkle_inclusion_verify(lh, li, z->size,
	    (const unsigned char (*)[MERKLE_HASH_LEN])proof, n, z->root)) != 0))
		rc = INK_ELOG;
	free(proof);
	if (rc != 0)
		return rc;
	void *v = realloc(z->found, (z->nfound + 1) * sizeof(*z->found));
	if (v == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	z->found = v;
	snprintf(z->found[z->nfound].id, RECORD_ID_LEN, "%s", id);
	z->found[z->nfound].leaf = *leaf = (size_t)li;
	z->found[z->nfound].time = *t;
	z->nfound++;
	return 0;
}

int
reg_full(struct reg *g)
{
	int rc;

	if (g->lazy == NULL)
		return g->log_error ? ink_error(INK_ELOG, "%s", g->log_error) : 0;
	reg_lazy_free(g->lazy);
	g->lazy = NULL;
	g->nleaves = g->committed = 0;
	if ((rc = reg_leaves_load(g)) != 0) {
		/* Nothing is in a log that cannot be read: every lookup now
		 * fails, and a verify says why. */
		free(g->log_error);
		g->log_error = strdup(ink_error_last());
		g->nleaves = g->committed = 0;
	}
	return rc;
}

/* Whether the HEAD commit carries the log key's SSH signature (8.7):
 * then everything in its tree, the indexes included, is as the log key's
 * holder wrote it. */
int
reg_head_signed(struct reg *g, const struct pubkey *logkey)
{
	static const char begin[] = "-----BEGIN SSH SIGNATURE-----\n";
	static const char endl[] = "-----END SSH SIGNATURE-----\n";
	static const unsigned char version[4] = { 0, 0, 0, 1 };
	git_repository *git = NULL;
	git_buf sig = { NULL, 0, 0 }, data = { NULL, 0, 0 };
	git_oid oid;
	struct buf raw = BUF_INIT(4096), want = BUF_INIT(4096);
	struct buf pub = BUF_INIT(256), sb = BUF_INIT(256), ts = BUF_INIT(1024);
	struct buf b64 = BUF_INIT(4096);
	unsigned char h[64];
	unsigned int hlen = 0;
	int ok = 0;

	if (git_repository_open_ext(&git, repo_path(g->repo),
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_oid_fromstr(&oid, repo_head(g->repo)) < 0 ||
	    git_commit_extract_signature(&sig, &data, git, &oid, NULL) < 0)
		goto done;
	/* The armour, its lines joined. */
	if (sig.size < sizeof(begin) + sizeof(endl) ||
	    strncmp(sig.ptr, begin, sizeof(begin) - 1) != 0)
		goto done;
	for (const char *p = sig.ptr + sizeof(begin) - 1;
	    p < sig.ptr + sig.size && *p != '-'; p++)
		if (*p != '\n' && buf_addc(&b64, *p) != 0)
			goto done;
	if (b64_decode(&raw, (const char *)b64.data, b64.len) != 0)
		goto done;
	/* What key_sshsig_sign writes for this key, namespace "git" and
	 * SHA-512, but the signature's 64 bytes at the end. */
	if (key_ssh_blob(&pub, logkey) != 0 ||
	    key_ssh_string(&sb, "ssh-ed25519", 11) != 0 ||
	    buf_add(&want, "SSHSIG", 6) != 0 ||
	    buf_add(&want, version, 4) != 0 ||
	    key_ssh_string(&want, pub.data, pub.len) != 0 ||
	    key_ssh_string(&want, "git", 3) != 0 ||
	    key_ssh_string(&want, "", 0) != 0 ||
	    key_ssh_string(&want, "sha512", 6) != 0)
		goto done;
	/* string(sigblob) = u32 len, string "ssh-ed25519", string(64 bytes) */
	size_t siglen = sb.len + 4 + 64;
	unsigned char l4[4] = { (unsigned char)(siglen >> 24),
		(unsigned char)(siglen >> 16), (unsigned char)(siglen >> 8),
		(unsigned char)siglen }, s4[4] = { 0, 0, 0, 64 };
	if (buf_add(&want, l4, 4) != 0 || buf_add(&want, sb.data, sb.len) != 0 ||
	    buf_add(&want, s4, 4) != 0)
		goto done;
	if (raw.len != want.len + 64 || memcmp(raw.data, want.data, want.len))
		goto done;
	if (EVP_Digest(data.ptr, data.size, h, &hlen, EVP_sha512(), NULL) != 1 ||
	    buf_add(&ts, "SSHSIG", 6) != 0 ||
	    key_ssh_string(&ts, "git", 3) != 0 ||
	    key_ssh_string(&ts, "", 0) != 0 ||
	    key_ssh_string(&ts, "sha512", 6) != 0 ||
	    key_ssh_string(&ts, h, hlen) != 0)
		goto done;
	ok = pubkey_verify(logkey, ts.data, ts.len, raw.data + want.len,
	    64) == 0;
done:
	git_error_clear();
	ink_error_clear();
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	git_repository_free(git);
	buf_release(&raw);
	buf_release(&want);
	buf_release(&pub);
	buf_release(&sb);
	buf_release(&ts);
	buf_release(&b64);
	return ok;
}

/* A reader may skip log/leaves when the signed checkpoint verifies, the
 * tiles reach its size, and the HEAD commit is the log key's: else it
 * loads everything, as registries before the tiles are read. */
int
reg_lazy_open(struct reg *g)
{
	struct note_vkey vk = NOTE_VKEY_INIT;
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	struct buf cp = BUF_INIT(0), vks = BUF_INIT(0), tile = BUF_INIT(0);
	char path[96];
	size_t textlen;
	int ok = 0;

	if (reg_checkpoint(g, &cp) != 0 || reg_log_vkey(g, &vks) != 0 ||
	    note_vkey_parse(&vk, (const char *)vks.data, vks.len) != 0 ||
	    note_verify(&textlen, (const char *)cp.data, cp.len, &vk, 1) != 0 ||
	    note_checkpoint_parse(&c, (const char *)cp.data, textlen) != 0 ||
	    strcmp(c.origin, g->name) != 0 || c.size == 0 ||
	    c.size > REG_MAX_LEAVES)
		goto done;
	tile_path(path, 0, (c.size - 1) / TILE_W);
	if (repo_read(&tile, g->repo, path, TILE_W * MERKLE_HASH_LEN) != 0 ||
	    tile.len != ((c.size - 1) % TILE_W + 1) * MERKLE_HASH_LEN ||
	    !g->head_signed)
		goto done;
	if ((g->lazy = calloc(1, sizeof(*g->lazy))) == NULL)
		goto done;
	g->lazy->size = c.size;
	memcpy(g->lazy->root, c.root, MERKLE_HASH_LEN);
	g->nleaves = g->committed = (size_t)c.size;
	ok = 1;
done:
	ink_error_clear();
	note_checkpoint_release(&c);
	note_vkey_release(&vk);
	buf_release(&vks);
	buf_release(&cp);
	buf_release(&tile);
	return ok;
}

/* The heads of the complete subtrees of 256^L leaves, for each level L
 * of tiles: level 0 is the leaf hashes themselves. */
struct tile_levels {
	unsigned char (*v[8])[MERKLE_HASH_LEN];
	size_t n[8];
	unsigned count;
};

static void
levels_free(struct tile_levels *t)
{
	for (unsigned L = 1; L < t->count; L++)
		free(t->v[L]);
}

static int
levels_make(struct tile_levels *t, const struct reg *g, size_t size)
{
	memset(t, 0, sizeof(*t));
	t->v[0] = g->hashes;
	t->n[0] = size;
	t->count = 1;
	while (t->count < 8 && t->n[t->count - 1] >= TILE_W) {
		unsigned L = t->count;
		size_t m = t->n[L - 1] / TILE_W;
		if ((t->v[L] = malloc(m * MERKLE_HASH_LEN)) == NULL) {
			levels_free(t);
			return ink_error(INK_EINPUT, "out of memory");
		}
		for (size_t j = 0; j < m; j++)
			merkle_root(t->v[L][j], (const unsigned char
			    (*)[MERKLE_HASH_LEN])t->v[L - 1] + j * TILE_W, TILE_W);
		t->n[L] = m;
		t->count++;
	}
	return 0;
}

/* Whether the tiles at HEAD reach the committed log (a registry made
 * before them, or added to by an inkan without them, has none or short
 * ones: then they are all written again). */
static int
tiles_current(struct reg *g)
{
	char path[96];
	struct buf b;
	int ok;

	if (g->committed == 0)
		return 1;
	tile_path(path, 0, (g->committed - 1) / TILE_W);
	if (repo_read(&b, g->repo, path, TILE_W * MERKLE_HASH_LEN) != 0) {
		ink_error_clear();
		return 0;
	}
	ok = b.len == ((g->committed - 1) % TILE_W + 1) * MERKLE_HASH_LEN;
	buf_release(&b);
	return ok;
}

/* Stages the index entry of each new leaf and the tiles the new leaves
 * change (only the right edge), or all of them after an older inkan. */
int
reg_log_stage(struct reg *g)
{
	struct tile_levels t;
	size_t from = tiles_current(g) ? g->committed : 0;
	char path[128], line[64], ts[TIME_LEN];
	int rc = 0;

	for (size_t i = from; rc == 0 && i < g->nleaves; i++) {
		index_path(path, g->leaves[i].id);
		time_format(ts, g->leaves[i].time);
		snprintf(line, sizeof(line), "%zu %s\n", i, ts);
		rc = reg_file_put(g, path, line, strlen(line));
	}
	if (rc != 0 || (rc = levels_make(&t, g, g->nleaves)) != 0)
		return rc;
	for (unsigned L = 0; rc == 0 && L < t.count; L++) {
		size_t was = from >> (TILE_H * L), n = t.n[L];
		if (was == n)
			break;
		for (size_t k = was / TILE_W; rc == 0 && k * TILE_W < n; k++) {
			size_t w = n - k * TILE_W < TILE_W ? n - k * TILE_W : TILE_W;
			tile_path(path, L, k);
			rc = reg_file_put(g, path, t.v[L][k * TILE_W],
			    w * MERKLE_HASH_LEN);
		}
	}
	levels_free(&t);
	return rc;
}

void
reg_audit_log_files(struct reg *g, struct problems *p, cJSON *counts)
{
	struct tile_levels t;
	size_t covered = 0, tiles = 0, indexed = 0;
	char path[128], **sub = NULL;
	size_t ns = 0;

	if (reg_full(g) != 0)
		return;
	if (!repo_exists(g->repo, TILE_DIR) && !repo_exists(g->repo, INDEX_DIR))
		return; /* made before the tiles: nothing to check */
	if (levels_make(&t, g, g->nleaves) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return;
	}
	/* The leaves the level-0 tiles cover: full tiles, then one part. */
	for (size_t k = 0;; k++) {
		struct buf b;
		tile_path(path, 0, k);
		if (repo_read(&b, g->repo, path, TILE_W * MERKLE_HASH_LEN) != 0) {
			ink_error_clear();
			break;
		}
		covered += b.len / MERKLE_HASH_LEN;
		buf_release(&b);
		if (covered % TILE_W)
			break;
	}
	if (covered > g->nleaves) {
		problems_add(p, INK_ELOG, "%s covers %zu leaves; log/leaves has "
		    "%zu", TILE_DIR, covered, g->nleaves);
		covered = g->nleaves;
	}
	for (unsigned L = 0; L < t.count; L++) {
		size_t n = covered >> (TILE_H * L);
		for (size_t k = 0; k * TILE_W < n; k++) {
			size_t w = n - k * TILE_W < TILE_W ? n - k * TILE_W : TILE_W;
			struct buf b;
			tile_path(path, L, k);
			tiles++;
			if (repo_read(&b, g->repo, path, TILE_W * MERKLE_HASH_LEN +
			    1) != 0) {
				problems_add(p, INK_ELOG, "%s is missing", path);
				ink_error_clear();
				continue;
			}
			if (b.len != w * MERKLE_HASH_LEN ||
			    memcmp(b.data, t.v[L][k * TILE_W], b.len) != 0)
				problems_add(p, INK_ELOG, "%s does not hold the hashes "
				    "of log/leaves: the tile was edited", path);
			buf_release(&b);
		}
	}
	levels_free(&t);
	/* One index entry per covered leaf, saying where it is... */
	for (size_t i = 0; i < covered; i++) {
		char want[64], ts[TIME_LEN];
		struct buf b;
		index_path(path, g->leaves[i].id);
		time_format(ts, g->leaves[i].time);
		snprintf(want, sizeof(want), "%zu %s\n", i, ts);
		if (repo_read(&b, g->repo, path, 64) != 0) {
			problems_add(p, INK_ELOG, "%s is missing", path);
			ink_error_clear();
			continue;
		}
		if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
			problems_add(p, INK_ELOG, "%s does not say leaf %zu at %s: "
			    "the index was edited", path, i, ts);
		buf_release(&b);
	}
	/* ...and none for anything else. */
	if (repo_list(&sub, &ns, g->repo, INDEX_DIR) != 0)
		ink_error_clear();
	for (size_t i = 0; i < ns; i++) {
		char sp[160], **names = NULL;
		size_t nn = 0;
		snprintf(sp, sizeof(sp), "%s/%s", INDEX_DIR, sub[i]);
		if (repo_list(&names, &nn, g->repo, sp) != 0)
			ink_error_clear();
		for (size_t j = 0; j < nn; j++) {
			char id[RECORD_ID_LEN + 16];
			size_t leaf;
			indexed++;
			snprintf(id, sizeof(id), "sha256:%.64s", names[j]);
			if (strlen(names[j]) != 64 || strncmp(names[j], sub[i], 2) ||
			    reg_leaf_find(g, id, &leaf) != 0 || leaf >= covered)
				problems_add(p, INK_ELOG, "%s/%s indexes no leaf of "
				    "the log", sp, names[j]);
		}
		repo_list_free(names, nn);
	}
	repo_list_free(sub, ns);
	if (indexed != covered)
		problems_add(p, INK_ELOG, "%s holds %zu entries for %zu leaves",
		    INDEX_DIR, indexed, covered);
	cJSON_AddNumberToObject(counts, "tiles", (double)tiles);
	cJSON_AddNumberToObject(counts, "indexed", (double)indexed);
}

int
reg_checkpoint(struct reg *g, struct buf *out)
{
	int rc = repo_read(out, g->repo, CHECKPOINT_PATH, NOTE_MAX_SIZE);

	if (rc == INK_ENOTFOUND)
		return ink_error(INK_ELOG, "the registry has no checkpoint");
	return rc;
}

int
reg_log_vkey(struct reg *g, struct buf *out)
{
	buf_init(out, NOTE_MAX_VKEY + 2);
	return note_vkey_format(out, g->name, g->roots[g->nroots - 1].logkey);
}

size_t
reg_count_files(struct reg *g)
{
	const struct record_kind *kd;
	size_t files = 0;

	for (size_t k = 0; (kd = kind_at(k)) != NULL; k++) {
		char dir[64], **sub = NULL;
		size_t ns = 0;
		if (!kd->in_records)
			continue;
		snprintf(dir, sizeof(dir), "records/%s", kd->name);
		if (repo_list(&sub, &ns, g->repo, dir) != 0) {
			ink_error_clear();
			continue;
		}
		for (size_t i = 0; i < ns; i++) {
			char sp[96], **names = NULL;
			size_t nn = 0;
			snprintf(sp, sizeof(sp), "%s/%s", dir, sub[i]);
			if (repo_list(&names, &nn, g->repo, sp) == 0)
				files += nn;
			ink_error_clear();
			repo_list_free(names, nn);
		}
		repo_list_free(sub, ns);
	}
	return files;
}

/* The path of the last checkpoint this machine's writer signed, kept
 * outside the clone (no push or mirror carries it). */
void
reg_saved_checkpoint_path(struct reg *g, char out[4096])
{
	snprintf(out, 4096, "%sinkan/checkpoint", repo_gitdir(g->repo));
}
