/*
 * Opening, creating and committing the registry; its log and roots.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>
#include <openssl/evp.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "keys/formats.h"
#include "registry/internal.h"

#define CONFIG_PATH "inkan-registry.json"
#define LEAVES_PATH "log/leaves"
#define CHECKPOINT_PATH "log/checkpoint"

const char *
reg_kind_dir(const char *predicate_type)
{
	return kind_folder(predicate_type);
}

void
reg_record_path(char out[128], const char *kind, const char *id)
{
	const char *hex = strncmp(id, "sha256:", 7) == 0 ? id + 7 : id;

	snprintf(out, 128, "records/%s/%.2s/%s.dsse.json", kind, hex, hex);
}

/* --- the leaf index ----------------------------------------------- */

static size_t
id_hash(const char *id)
{
	size_t h = 0;

	/* The id is a SHA-256 in hex: its first digits are already
	 * uniformly distributed. */
	for (int i = 7; i < 7 + 15 && id[i]; i++)
		h = h * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
	return h;
}

static int
map_grow(struct reg *g)
{
	size_t cap = g->mapcap ? g->mapcap * 2 : 1024, *m;

	if ((m = calloc(cap, sizeof(*m))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < g->nleaves; i++) {
		size_t h = id_hash(g->leaves[i].id) & (cap - 1);
		while (m[h])
			h = (h + 1) & (cap - 1);
		m[h] = i + 1;
	}
	free(g->map);
	g->map = m;
	g->mapcap = cap;
	return 0;
}

static int lazy_find(struct reg *g, const char *id, size_t *leaf,
    int64_t *t);
static int load_leaves(struct reg *g);

int
reg_leaf_find(const struct reg *g, const char *id, size_t *index)
{
	size_t h;

	if (g->lazy) {
		/* The reader's own state, not the registry's: a cache of what
		 * was proved, or log/leaves loaded when a lookup fails. */
		struct reg *w = (struct reg *)g;
		int64_t t;
		if (lazy_find(w, id, index, &t) == 0)
			return 0;
		ink_error_clear();
		reg_full(w);
	}
	if (g->mapcap == 0)
		return INK_ENOTFOUND;
	for (h = id_hash(id) & (g->mapcap - 1); g->map[h];
	    h = (h + 1) & (g->mapcap - 1))
		if (strcmp(g->leaves[g->map[h] - 1].id, id) == 0) {
			*index = g->map[h] - 1;
			return 0;
		}
	return INK_ENOTFOUND;
}

int
reg_leaf_append(struct reg *g, const char *id, int64_t t)
{
	char data[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];
	size_t h;
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
	if ((g->nleaves + 1) * 2 > g->mapcap && (rc = map_grow(g)) != 0)
		return rc;
	snprintf(g->leaves[g->nleaves].id, RECORD_ID_LEN, "%s", id);
	g->leaves[g->nleaves].time = t;
	/* Leaf data: "<record id>\n<integrated time>\n" (DESIGN 5). */
	time_format(ts, t);
	snprintf(data, sizeof(data), "%s\n%s\n", id, ts);
	if ((rc = merkle_leaf_hash(g->hashes[g->nleaves], data,
	    strlen(data))) != 0)
		return rc;
	for (h = id_hash(id) & (g->mapcap - 1); g->map[h];
	    h = (h + 1) & (g->mapcap - 1))
		;
	g->map[h] = ++g->nleaves;
	return 0;
}

int
reg_tree_root(const struct reg *g, size_t size,
    unsigned char out[MERKLE_HASH_LEN])
{
	return merkle_root(out, (const unsigned char (*)[MERKLE_HASH_LEN])
	    g->hashes, size);
}

static int
load_leaves(struct reg *g)
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

static void
lazy_free(struct reg_lazy *z)
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
		lazy_free(g->lazy);
		g->lazy = NULL;
	}
	return rc;
}

/* A lazy lookup: log/index names the leaf and its time, and the tiles
 * prove that leaf, hashed from this id and time, is at that index under
 * the signed checkpoint.  Nothing read is trusted before that. */
static int
lazy_find(struct reg *g, const char *id, size_t *leaf, int64_t *t)
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
	lazy_free(g->lazy);
	g->lazy = NULL;
	g->nleaves = g->committed = 0;
	if ((rc = load_leaves(g)) != 0) {
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
static int
head_signed(struct reg *g, const struct pubkey *logkey)
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
static int
lazy_open(struct reg *g)
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
static int
stage_log_files(struct reg *g)
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

/* --- staged files ------------------------------------------------- */

static size_t
path_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* A batch stages thousands of files: find them by hash, not by scan. */
static struct reg_file *
staged(struct reg *g, const char *path)
{
	size_t h;

	if (g->fmapcap == 0)
		return NULL;
	for (h = path_hash(path) & (g->fmapcap - 1); g->fmap[h];
	    h = (h + 1) & (g->fmapcap - 1))
		if (strcmp(g->files[g->fmap[h] - 1].path, path) == 0)
			return &g->files[g->fmap[h] - 1];
	return NULL;
}

static int
staged_index(struct reg *g)
{
	size_t cap = g->fmapcap ? g->fmapcap * 2 : 256, *m;

	if ((m = calloc(cap, sizeof(*m))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < g->nfiles; i++) {
		size_t h = path_hash(g->files[i].path) & (cap - 1);
		while (m[h])
			h = (h + 1) & (cap - 1);
		m[h] = i + 1;
	}
	free(g->fmap);
	g->fmap = m;
	g->fmapcap = cap;
	return 0;
}

int
reg_file_read(struct reg *g, const char *path, struct buf *out)
{
	struct reg_file *f = staged(g, path);

	if (f) {
		buf_init(out, REG_MAX_FILE);
		return buf_add(out, f->data.data, f->data.len);
	}
	return repo_read(out, g->repo, path, REG_MAX_FILE);
}

int
reg_diff(struct reg *g, const char *rev, const char *prefix, char ***out,
    size_t *n)
{
	return repo_diff(out, n, g->repo, rev, prefix);
}

void
reg_list_free(char **v, size_t n)
{
	repo_list_free(v, n);
}

int
reg_path_id(struct reg *g, const char *path, char hex[41])
{
	return repo_path_id(g->repo, path, hex);
}

int
reg_file_put(struct reg *g, const char *path, const void *data, size_t len)
{
	struct reg_file *f = staged(g, path), *v;

	if (f == NULL) {
		size_t h;
		int rc;
		if ((g->nfiles + 1) * 2 > g->fmapcap &&
		    (rc = staged_index(g)) != 0)
			return rc;
		if (g->nfiles == g->fcap) {
			size_t cap = g->fcap ? g->fcap * 2 : 16;
			if ((v = realloc(g->files, cap * sizeof(*v))) == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			g->files = v;
			g->fcap = cap;
		}
		f = &g->files[g->nfiles];
		if ((f->path = strdup(path)) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		buf_init(&f->data, REG_MAX_FILE);
		for (h = path_hash(path) & (g->fmapcap - 1); g->fmap[h];
		    h = (h + 1) & (g->fmapcap - 1))
			;
		g->fmap[h] = ++g->nfiles;
	}
	buf_reset(&f->data);
	return buf_add(&f->data, data, len);
}

int
reg_file_append_line(struct reg *g, const char *path, const char *line)
{
	struct buf b;
	int rc = reg_file_read(g, path, &b);

	if (rc == INK_ENOTFOUND) {
		buf_init(&b, REG_MAX_FILE);
		rc = 0;
	}
	if (rc == 0)
		rc = buf_adds(&b, line);
	if (rc == 0)
		rc = buf_addc(&b, '\n');
	if (rc == 0)
		rc = reg_file_put(g, path, b.data, b.len);
	buf_release(&b);
	return rc;
}

size_t
reg_pending(const struct reg *g)
{
	return g->nleaves - g->committed;
}

/* --- roots --------------------------------------------------------- */

static void
root_release(struct reg_root *r)
{
	for (size_t i = 0; i < r->nops; i++)
		pubkey_free(r->ops[i]);
	free(r->ops);
	pubkey_free(r->logkey);
}

static int
key_of(struct pubkey **out, const cJSON *k, const char *what)
{
	const char *pem = json_get_str(k, "public_key");
	const char *kid = json_get_str(k, "keyid");
	int rc;

	*out = NULL;
	if (pem == NULL || kid == NULL)
		return ink_error(INK_EROOT, "%s needs keyid and public_key", what);
	if ((rc = pubkey_from_pem(out, pem, strlen(pem))) != 0)
		return ink_error_wrap(INK_EROOT, "%s", what);
	if (strcmp((*out)->keyid, kid) != 0) {
		pubkey_free(*out);
		*out = NULL;
		return ink_error(INK_EROOT, "%s: keyid does not match the key",
		    what);
	}
	return 0;
}

static int
root_parse(struct reg_root *r, const struct statement *st, int version)
{
	const cJSON *p = st->predicate, *k;
	int64_t v, th;
	size_t n = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if (strcmp(st->predicate_type, ROOT_TYPE) != 0 ||
	    json_get_int(&v, p, "version") != 0 || v != version ||
	    json_get_int(&th, p, "threshold") != 0 || th < 1 ||
	    time_parse(&r->expires, json_get_str(p, "expires") ?
	    json_get_str(p, "expires") : "") != 0 ||
	    !cJSON_IsArray(json_get(p, "operator_keys")))
		return ink_error(INK_EROOT, "root/%d.root.json is not root "
		    "version %d", version, version);
	r->version = version;
	r->threshold = (int)th;
	cJSON_ArrayForEach(k, json_get(p, "operator_keys"))
		n++;
	if (n == 0 || n > 64 || (size_t)th > n)
		return ink_error(INK_EROOT, "root %d: threshold %d of %zu keys",
		    version, (int)th, n);
	if ((r->ops = calloc(n, sizeof(*r->ops))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(k, json_get(p, "operator_keys")) {
		if ((rc = key_of(&r->ops[r->nops], k, "root operator key")) != 0)
			return rc;
		r->nops++;
	}
	return key_of(&r->logkey, json_get(p, "log_key"), "root log key");
}

/* Counts distinct keys of keys[] with a valid signature on env. */
static size_t
count_signers(const struct dsse_envelope *env, struct pubkey *const *keys,
    size_t n)
{
	size_t good = 0;

	for (size_t k = 0; k < n; k++) {
		int dup = 0;
		for (size_t j = 0; j < k; j++)
			dup |= memcmp(keys[j]->raw, keys[k]->raw, 32) == 0;
		if (dup)
			continue;
		if (dsse_sig_by_key(env, keys[k]) >= 0)
			good++;
	}
	return good;
}

static int
load_roots(struct reg *g)
{
	char **names = NULL;
	size_t n = 0;
	int rc;

	if ((rc = repo_list(&names, &n, g->repo, "root")) != 0)
		return rc;
	if (n == 0) {
		rc = ink_error(INK_EROOT, "the registry has no trust root");
		goto cleanup;
	}
	if ((g->roots = calloc(n, sizeof(*g->roots))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	for (size_t v = 1; v <= n; v++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct statement st = STATEMENT_INIT;
		struct reg_root *r = &g->roots[v - 1];
		char path[64];
		struct buf b;

		snprintf(path, sizeof(path), "root/%zu.root.json", v);
		if ((rc = repo_read(&b, g->repo, path, INK_MAX_ENVELOPE)) != 0) {
			if (rc == INK_ENOTFOUND)
				rc = ink_error(INK_EROOT, "'%s' is missing: the root "
				    "chain must run 1..N without gaps", path);
			goto cleanup;
		}
		rc = dsse_envelope_parse(&env, (const char *)b.data, b.len);
		buf_release(&b);
		if (rc != 0) {
			rc = ink_error_wrap(INK_EROOT, "%s", path);
			goto cleanup;
		}
		/* Signed by a threshold of the previous root's keys (the
		 * first root by its own), then parsed and checked against its
		 * own keys too. */
		if (v > 1 && count_signers(&env, g->roots[v - 2].ops,
		    g->roots[v - 2].nops) < (size_t)g->roots[v - 2].threshold) {
			rc = ink_error(INK_EROOT, "root %zu is not signed by a "
			    "threshold of root %zu's keys", v, v - 1);
			dsse_envelope_release(&env);
			goto cleanup;
		}
		rc = statement_parse(&st, env.payload, env.payload_len, NULL);
		if (rc == 0)
			rc = root_parse(r, &st, (int)v);
		/* The signed root names the registry (the log's origin); the
		 * unsigned configuration file only repeats it. */
		const char *rname = rc == 0 ? json_get_str(st.predicate, "name") :
		    NULL;
		if (rname && v == n && g->name && strcmp(rname, g->name) != 0) {
			g->config_name = g->name;
			g->name = strdup(rname);
		}
		g->nroots = v;
		record_id(r->id, env.payload, env.payload_len);
		if (rc == 0 && count_signers(&env, r->ops, r->nops) <
		    (size_t)r->threshold)
			rc = ink_error(INK_EROOT, "root %zu is not signed by a "
			    "threshold of its own keys", v);
		statement_release(&st);
		dsse_envelope_release(&env);
		if (rc != 0) {
			if (rc != INK_EROOT)
				rc = ink_error_wrap(INK_EROOT, "%s", path);
			goto cleanup;
		}
	}
cleanup:
	repo_list_free(names, n);
	return rc;
}

const struct reg_root *
reg_root_at(const struct reg *g, size_t leaf)
{
	const struct reg_root *best = &g->roots[0];
	size_t at;

	/* By position in the log, not by time: a record made in the same
	 * second as a rotation is still checked against the right root. */
	for (size_t i = 1; i < g->nroots; i++)
		if (reg_leaf_find(g, g->roots[i].id, &at) == 0 && at < leaf)
			best = &g->roots[i];
	return best;
}

int
reg_operator_check(struct reg *g, const struct dsse_envelope *env,
    size_t leaf, struct problems *p)
{
	const struct reg_root *r = reg_root_at(g, leaf);
	size_t good = count_signers(env, r->ops, r->nops);

	if (good < (size_t)r->threshold) {
		problems_add(p, INK_ENO, "signed by %zu of the root's operator "
		    "keys; root %d needs %d", good, r->version, r->threshold);
		return INK_ENO;
	}
	return 0;
}

/* --- open / close --------------------------------------------------- */

static int
load_config(struct reg *g)
{
	struct buf b;
	cJSON *j = NULL;
	const cJSON *op;
	int rc;

	if ((rc = repo_read(&b, g->repo, CONFIG_PATH, 1 << 16)) != 0) {
		if (rc == INK_ENOTFOUND)
			rc = ink_error(INK_EINPUT, "'%s' is not an inkan registry "
			    "(no %s)", repo_path(g->repo), CONFIG_PATH);
		return rc;
	}
	rc = json_parse(&j, (const char *)b.data, b.len, CONFIG_PATH);
	buf_release(&b);
	if (rc != 0)
		return rc;
	op = json_get(j, "operator");
	if (!json_get_str(j, "name") || !json_get_str(op, "name") ||
	    !json_get_str(op, "email")) {
		cJSON_Delete(j);
		return ink_error(INK_EINPUT, "%s needs name and operator "
		    "{name, email}", CONFIG_PATH);
	}
	g->name = strdup(json_get_str(j, "name"));
	g->op_name = strdup(json_get_str(op, "name"));
	g->op_email = strdup(json_get_str(op, "email"));
	cJSON_Delete(j);
	if (!g->name || !g->op_name || !g->op_email)
		return ink_error(INK_EINPUT, "out of memory");
	return 0;
}

/* Catalogues pinned in the registry come first (see catalog_set_source). */
static int
pinned_catalog(cJSON **out, const char *id, const char *version, void *ctx)
{
	struct reg *g = ctx;
	char path[512];
	struct buf b;
	int rc;

	*out = NULL;
	if (version == NULL || strchr(id, '/') || strchr(version, '/'))
		return INK_ENOTFOUND;
	snprintf(path, sizeof(path), "catalogs/%s@%s.json", id, version);
	if ((rc = reg_file_read(g, path, &b)) != 0)
		return INK_ENOTFOUND;
	rc = json_parse(out, (const char *)b.data, b.len, path);
	buf_release(&b);
	return rc == 0 ? 0 : INK_ENOTFOUND;
}

/* What load_config and load_roots read, dropped to read another commit. */
static void
unload(struct reg *g)
{
	for (size_t i = 0; i < g->nroots; i++)
		root_release(&g->roots[i]);
	free(g->roots);
	g->roots = NULL;
	g->nroots = 0;
	free(g->name);
	free(g->config_name);
	free(g->op_name);
	free(g->op_email);
	g->name = g->config_name = g->op_name = g->op_email = NULL;
}

/* The configuration and trust root of the commit read, and whether the
 * newest root's log key signed that commit. */
static int
load_commit(struct reg *g)
{
	int rc;

	unload(g);
	if ((rc = load_config(g)) != 0 || (rc = load_roots(g)) != 0)
		return rc;
	g->head_signed = head_signed(g, g->roots[g->nroots - 1].logkey);
	return 0;
}

/* One line for the operator: how many commits the log key did not sign,
 * the first of them (oldest) and the paths it changed. */
static void
describe_unsigned(struct reg *g, const char *first)
{
	char line[512], **ch = NULL, *w;
	size_t n = 0, len;

	if (repo_commit_line(g->repo, first, line, sizeof(line)) != 0) {
		ink_error_clear();
		snprintf(line, sizeof(line), "%.12s", first);
	}
	len = strlen(line) + 256;
	if (repo_changes(&ch, &n, g->repo, first) == 0)
		for (size_t i = 0; i < n && i < 4; i++)
			len += strlen(ch[i]) + 2;
	ink_error_clear();
	if ((w = malloc(len)) == NULL) {
		repo_list_free(ch, n);
		return;
	}
	snprintf(w, len, "%zu commit%s on HEAD %s not signed by the log key "
	    "(last signed: %.12s); the first, %s, changes", g->nunsigned,
	    g->nunsigned == 1 ? "" : "s", g->nunsigned == 1 ? "is" : "are",
	    g->signed_hex[0] ? g->signed_hex : "none", line);
	for (size_t i = 0; i < n && i < 4; i++) {
		strcat(w, i ? ", " : " ");
		strcat(w, ch[i]);
	}
	if (n > 4)
		snprintf(w + strlen(w), 64, " and %zu more", n - 4);
	if (n == 0)
		strcat(w, " nothing");
	repo_list_free(ch, n);
	free(g->unsigned_what);
	g->unsigned_what = w;
}

/* Finds the last commit the log key signed, from HEAD back along first
 * parents: HEAD itself in every registry nobody but inkan wrote.  Leaves
 * the commit found loaded (and, pin, read from now on); the commits
 * after it are counted in g->nunsigned. */
static int
find_signed(struct reg *g, int pin)
{
	char cur[41], first[41] = "", parent[REPO_ID_HEX];
	int rc;

	snprintf(cur, sizeof(cur), "%s", repo_head(g->repo));
	/* A HEAD whose trust root does not load fails as such (exit 6),
	 * signed or not: there is no log key to ask. */
	if ((rc = load_commit(g)) != 0)
		return rc;
	if (g->head_signed)
		return 0;
	/* HEAD is not the log key's: what it says decides nothing. */
	ink_error_clear();
	for (;;) {
		snprintf(first, sizeof(first), "%s", cur);
		g->nunsigned++;
		if ((rc = repo_parent(g->repo, cur, parent)) != 0 ||
		    g->nunsigned > REG_MAX_UNSIGNED)
			break;
		snprintf(cur, sizeof(cur), "%s", parent);
		if ((rc = repo_pin(g->repo, cur)) != 0)
			break;
		if (load_commit(g) == 0 && g->head_signed) {
			snprintf(g->signed_hex, sizeof(g->signed_hex), "%s", cur);
			describe_unsigned(g, first);
			if (!pin) {
				/* Back to HEAD, as it is, for an audit. */
				if ((rc = repo_pin(g->repo, repo_tip(g->repo))) != 0 ||
				    (rc = load_commit(g)) != 0)
					return rc;
			}
			return 0;
		}
		ink_error_clear();
	}
	/* No signed commit: nothing to read. */
	ink_error_clear();
	describe_unsigned(g, first);
	if (!pin)
		return (rc = repo_pin(g->repo, repo_tip(g->repo))) != 0 ? rc :
		    load_commit(g);
	return ink_error(INK_ELOG, "no commit of the registry within %d of "
	    "HEAD is signed by its log key: %s", REG_MAX_UNSIGNED,
	    g->unsigned_what ? g->unsigned_what : "");
}

/* The path of the last checkpoint this machine's writer signed, kept
 * outside the clone (no push or mirror carries it). */
static void
saved_checkpoint_path(struct reg *g, char out[4096])
{
	snprintf(out, 4096, "%sinkan/checkpoint", repo_gitdir(g->repo));
}

/* What a writer extends: a log whose checkpoint, signed by the log key,
 * covers exactly log/leaves, and that holds the last checkpoint this
 * machine signed as a prefix. */
static int
check_writable_log(struct reg *g)
{
	struct note_vkey vk = NOTE_VKEY_INIT;
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	struct buf cp = BUF_INIT(0), vks = BUF_INIT(0), saved = BUF_INIT(0);
	unsigned char root[MERKLE_HASH_LEN];
	char path[4096];
	size_t textlen;
	int rc = 0;

	if ((rc = reg_log_vkey(g, &vks)) != 0 ||
	    (rc = note_vkey_parse(&vk, (const char *)vks.data, vks.len)) != 0)
		goto cleanup;
	if (g->nleaves > 0) {
		if (reg_checkpoint(g, &cp) != 0 ||
		    note_verify(&textlen, (const char *)cp.data, cp.len, &vk,
		    1) != 0 ||
		    note_checkpoint_parse(&c, (const char *)cp.data,
		    textlen) != 0 || strcmp(c.origin, g->name) != 0 ||
		    c.size != g->nleaves ||
		    reg_tree_root(g, g->nleaves, root) != 0 ||
		    memcmp(root, c.root, MERKLE_HASH_LEN) != 0) {
			rc = ink_error(INK_ELOG, "log/checkpoint does not cover "
			    "exactly the %zu leaves of log/leaves: refusing to "
			    "extend a log the log key did not sign; run 'inkan "
			    "registry verify'", g->nleaves);
			goto cleanup;
		}
		note_checkpoint_release(&c);
	}
	saved_checkpoint_path(g, path);
	if (!file_exists(path))
		goto cleanup; /* a clone this machine has not written yet */
	if ((rc = file_read(&saved, path, NOTE_MAX_SIZE)) != 0)
		goto cleanup;
	if (note_verify(&textlen, (const char *)saved.data, saved.len, &vk,
	    1) != 0 || note_checkpoint_parse(&c, (const char *)saved.data,
	    textlen) != 0) {
		/* Signed by an earlier log key (a rotation), or damaged: it
		 * proves nothing either way. */
		ink_error_clear();
		rc = 0;
		goto cleanup;
	}
	if (strcmp(c.origin, g->name) == 0 && (c.size > g->nleaves ||
	    reg_tree_root(g, (size_t)c.size, root) != 0 ||
	    memcmp(root, c.root, MERKLE_HASH_LEN) != 0)) {
		rc = ink_error(INK_ELOG, "the registry's log is not consistent "
		    "with the last checkpoint this machine signed (%llu "
		    "leaves, in %s): its history was rolled back or rewritten; "
		    "refusing to write", (unsigned long long)c.size, path);
		goto cleanup;
	}
cleanup:
	note_checkpoint_release(&c);
	note_vkey_release(&vk);
	buf_release(&vks);
	buf_release(&cp);
	buf_release(&saved);
	return rc;
}

int
reg_open(struct reg **out, const char *dir, int mode)
{
	struct reg *g;
	int write = mode == REG_WRITE;
	int rc;

	*out = NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	g->write = write;
	g->mode = mode;
	if ((rc = repo_open(&g->repo, dir)) != 0)
		goto fail;
	if ((write || mode == REG_RESTORE) &&
	    (rc = repo_tx_begin(g->repo, 60000)) != 0)
		goto fail;
	if (!repo_has_head(g->repo)) {
		rc = ink_error(INK_EINPUT, "'%s' has no commits: not an inkan "
		    "registry", dir);
		goto fail;
	}
	if ((rc = find_signed(g, mode == REG_READ || mode == REG_RESTORE)) != 0)
		goto fail;
	if (mode == REG_RESTORE) {
		*out = g;
		return 0;
	}
	if (write && g->nunsigned > 0) {
		rc = ink_error(INK_ELOG, "refusing to write: %s; 'inkan registry "
		    "restore %s' returns to the last signed commit and keeps "
		    "the others for evidence", g->unsigned_what, dir);
		goto fail;
	}
	/* One record's verification reads O(log n) of the log (8.6): a
	 * reader loads log/leaves only when it walks them. */
	if ((write || !lazy_open(g)) && (rc = load_leaves(g)) != 0)
		goto fail;
	if (write && g->config_name) {
		rc = ink_error(INK_ELOG, "inkan-registry.json names '%s' but the "
		    "trust root names '%s'", g->config_name, g->name);
		goto fail;
	}
	if (write && (rc = check_writable_log(g)) != 0)
		goto fail;
	/* A writer builds only on a registry whose files are all there: a
	 * record or root deleted while its leaf stays in the log (a rolled
	 * back root, say) is refused before anything is added on top. */
	if (write && (g->nfiles_committed = reg_count_files(g) + 1) - 1 +
	    g->nroots != g->committed) {
		rc = reg_root_rolled_back(g) ?
		    ink_error(INK_EROOT, "trust root version %zu was removed: "
		    "the root was rolled back; run 'inkan registry verify'",
		    g->nroots + 1) :
		    ink_error(INK_ELOG, "the registry holds %zu record and root "
		    "files for %zu leaves of its log: something was removed; "
		    "run 'inkan registry verify'", g->nfiles_committed - 1 +
		    g->nroots, g->committed);
		goto fail;
	}
	catalog_set_source(pinned_catalog, g);
	*out = g;
	return 0;
fail:
	reg_close(g);
	return rc;
}

size_t
reg_unsigned(const struct reg *g, const char **what)
{
	if (what)
		*what = g->unsigned_what ? g->unsigned_what : "";
	return g->nunsigned;
}

int
reg_restore(const char *dir, char signed_hex[41], char kept[128], size_t *n)
{
	struct reg *g = NULL;
	char tip[41];
	int rc;

	*n = 0;
	signed_hex[0] = kept[0] = '\0';
	if ((rc = reg_open(&g, dir, REG_RESTORE)) != 0)
		return rc;
	snprintf(signed_hex, 41, "%s", repo_head(g->repo));
	if ((*n = g->nunsigned) == 0)
		goto cleanup;
	snprintf(tip, sizeof(tip), "%s", repo_tip(g->repo));
	snprintf(kept, 128, "refs/inkan/unsigned/%.12s", tip);
	rc = repo_reset_to(g->repo, g->signed_hex, kept);
cleanup:
	reg_close(g);
	return rc;
}

void
reg_close(struct reg *g)
{
	if (g == NULL)
		return;
	catalog_set_source(NULL, NULL);
	for (size_t i = 0; i < g->nroots; i++)
		root_release(&g->roots[i]);
	for (size_t i = 0; i < g->nfiles; i++) {
		free(g->files[i].path);
		buf_release(&g->files[i].data);
	}
	free(g->files);
	free(g->fmap);
	free(g->roots);
	free(g->leaves);
	free(g->hashes);
	lazy_free(g->lazy);
	free(g->log_error);
	free(g->unsigned_what);
	free(g->map);
	free(g->name);
	free(g->config_name);
	free(g->op_name);
	free(g->op_email);
	EVP_PKEY_free(g->logkey);
	for (size_t i = 0; i < g->nkeys; i++) {
		pubkey_free(g->keys[i]);
		free(g->pems[i]);
	}
	free(g->keys);
	free(g->pems);
	cJSON_Delete(g->stcache);
	cJSON_Delete(g->stindex);
	cJSON_Delete(g->schemes);
	repo_close(g->repo);
	free(g);
}

const char *
reg_name(const struct reg *g)
{
	return g->name;
}

int
reg_lazy(const struct reg *g)
{
	return g->lazy != NULL;
}

size_t
reg_size(const struct reg *g)
{
	/* Whoever asks walks the leaves next. */
	reg_full((struct reg *)g);
	return g->nleaves;
}

/* --- the log key and checkpoints ------------------------------------ */

int
reg_load_log_key(struct reg *g, EVP_PKEY **out)
{
	char path[4096];
	const char *env = getenv("INKAN_LOG_KEY");
	struct buf ref;
	int rc;

	/* Loaded once per process (init hands over the key it was given). */
	if (g->logkey) {
		EVP_PKEY_up_ref(g->logkey);
		*out = g->logkey;
		return 0;
	}
	/* INKAN_LOG_KEY, else the path init recorded, else the key init
	 * made: all outside the published tree. */
	if (env && *env)
		return key_load_private(out, env, NULL);
	snprintf(path, sizeof(path), "%sinkan/log-key-path",
	    repo_gitdir(g->repo));
	if (file_read(&ref, path, 4096) == 0) {
		while (ref.len && (ref.data[ref.len - 1] == '\n'))
			ref.data[--ref.len] = '\0';
		rc = key_load_private(out, buf_str(&ref), NULL);
		buf_release(&ref);
		return rc;
	}
	ink_error_clear();
	snprintf(path, sizeof(path), "%sinkan/log.key", repo_gitdir(g->repo));
	if ((rc = key_load_private(out, path, NULL)) != 0)
		return ink_error(INK_EINPUT, "no log key: set INKAN_LOG_KEY to "
		    "the log's private key (this clone was not made by "
		    "'registry init')");
	return 0;
}

static int
write_checkpoint(struct reg *g, struct buf *note)
{
	unsigned char root[MERKLE_HASH_LEN];
	struct buf body = BUF_INIT(NOTE_MAX_SIZE);
	const struct reg_root *r = &g->roots[g->nroots - 1];
	struct pubkey *pub = NULL;
	EVP_PKEY *key;
	int rc;

	buf_init(note, NOTE_MAX_SIZE);
	/* Loaded once, kept: it also signs the commit. */
	if (g->logkey == NULL && (rc = reg_load_log_key(g, &g->logkey)) != 0)
		return rc;
	key = g->logkey;
	if ((rc = pubkey_from_evp(&pub, key)) != 0)
		goto cleanup;
	if (strcmp(pub->keyid, r->logkey->keyid) != 0) {
		rc = ink_error(INK_EINPUT, "the log key at hand (%.16s) is not "
		    "the root's log key (%.16s)", pub->keyid, r->logkey->keyid);
		goto cleanup;
	}
	if ((rc = reg_tree_root(g, g->nleaves, root)) != 0 ||
	    (rc = note_checkpoint_format(&body, g->name, g->nleaves, root,
	    NULL)) != 0 ||
	    (rc = note_sign(note, (const char *)body.data, body.len, g->name,
	    key)) != 0)
		goto cleanup;
cleanup:
	buf_release(&body);
	pubkey_free(pub);
	return rc;
}

/* No file is written through a symbolic link someone committed: each
 * folder on the way to each path must be a real folder.  checked holds
 * the last path's folder, found real; the folders path shares with it
 * need no second look (paths checked in sorted order share most). */
static int
check_no_links(struct reg *g, const char *path, char checked[4096])
{
	char p[4096];
	struct stat st;
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) : 0, k = 0, same;
	size_t base = (size_t)snprintf(p, sizeof(p), "%s/", repo_path(g->repo));

	if (dl >= 4096)
		return ink_error(INK_EINPUT, "'%.40s…' is too long a path", path);
	/* same: how much of path's folders checked covers, whole folders
	 * only. */
	while (k < dl && checked[k] != '\0' && checked[k] == path[k])
		k++;
	same = k;
	if (!((k == dl || path[k] == '/') && (checked[k] == '\0' ||
	    checked[k] == '/')))
		while (same > 0 && path[same] != '/')
			same--;
	for (size_t j = same + 1; j <= dl; j++) {
		if (path[j] != '/')
			continue;
		if (base + j >= sizeof(p))
			break;
		memcpy(p + base, path, j);
		p[base + j] = '\0';
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
			return ink_error(INK_ENO, "'%.*s' in the registry is a "
			    "symbolic link: refusing to write through it",
			    (int)j, path);
	}
	memcpy(checked, path, dl);
	checked[dl] = '\0';
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* check_no_links of every path of the change, in sorted order. */
static int
check_all_no_links(struct reg *g)
{
	const char **v = malloc((g->nfiles + 1) * sizeof(*v));
	char checked[4096] = "";
	int rc = 0;

	if (v == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < g->nfiles; i++)
		v[i] = g->files[i].path;
	v[g->nfiles] = LEAVES_PATH;
	qsort(v, g->nfiles + 1, sizeof(*v), by_path);
	for (size_t i = 0; rc == 0 && i <= g->nfiles; i++)
		rc = check_no_links(g, v[i], checked);
	free(v);
	return rc;
}

int
reg_commit(struct reg *g, const char *message)
{
	struct buf leaves = BUF_INIT(REG_MAX_LEAVES_FILE), note = BUF_INIT(0);
	char ts[TIME_LEN];
	int rc;

	if (!g->write)
		return ink_error(INK_EINPUT, "the registry was opened to read");
	if (g->nfiles == 0 && g->nleaves == g->committed)
		return 0;
	/* The tiles and index entries of the new leaves (8.6). */
	if ((rc = stage_log_files(g)) != 0)
		goto cleanup;
	for (size_t i = 0; i < g->nleaves; i++) {
		time_format(ts, g->leaves[i].time);
		if ((rc = buf_addf(&leaves, "%s %s\n", g->leaves[i].id, ts)) != 0)
			goto cleanup;
	}
	if ((rc = check_all_no_links(g)) != 0 ||
	    (rc = write_checkpoint(g, &note)) != 0)
		goto cleanup;
	rc = repo_tx_put(g->repo, LEAVES_PATH, leaves.data, leaves.len);
	if (rc == 0)
		rc = repo_tx_put(g->repo, CHECKPOINT_PATH, note.data, note.len);
	for (size_t i = 0; rc == 0 && i < g->nfiles; i++)
		rc = repo_tx_put(g->repo, g->files[i].path, g->files[i].data.data,
		    g->files[i].data.len);
	/* Commits are signed with the log key (loaded by write_checkpoint):
	 * the registry's online key, listed in its root, exported to git's
	 * allowed signers. */
	if (rc == 0)
		rc = repo_tx_commit(g->repo, message, g->op_name, g->op_email,
		    time_now(), g->logkey);
	/* What this machine signed last, outside the clone: its next write
	 * extends only a log that holds it (check_writable_log).  The commit
	 * stands even if this cannot be kept. */
	if (rc == 0) {
		char path[4096], dir[4096];
		snprintf(dir, sizeof(dir), "%sinkan", repo_gitdir(g->repo));
		saved_checkpoint_path(g, path);
		if ((mkdir(dir, 0700) != 0 && errno != EEXIST) ||
		    file_write_atomic(path, note.data, note.len, 0644) != 0)
			ink_error_clear();
	}
	if (rc == 0) {
		g->committed = g->nleaves;
		for (size_t i = 0; i < g->nfiles; i++) {
			free(g->files[i].path);
			buf_release(&g->files[i].data);
		}
		g->nfiles = 0;
		memset(g->fmap, 0, g->fmapcap * sizeof(*g->fmap));
		g->write = 0;
	}
cleanup:
	buf_release(&note);
	buf_release(&leaves);
	return rc;
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

/* --- lookups -------------------------------------------------------- */

int
reg_find(struct reg *g, const char *id, struct reg_entry *out)
{
	const struct record_kind *k;
	size_t leaf;

	memset(out, 0, sizeof(*out));
	if (strlen(id) != RECORD_ID_LEN - 1 || strncmp(id, "sha256:", 7) != 0 ||
	    strspn(id + 7, "0123456789abcdef") != 64)
		return ink_error(INK_EINPUT, "'%s' is not a record id "
		    "(sha256:<64 hex>)", id);
	if (reg_leaf_find(g, id, &leaf) != 0)
		return ink_error(INK_ENOTFOUND, "record %s is not in the "
		    "registry's log", id);
	snprintf(out->id, sizeof(out->id), "%s", id);
	out->leaf = leaf;
	if (g->lazy == NULL || lazy_find(g, id, &leaf, &out->integrated) != 0)
		out->integrated = g->leaves[leaf].time;
	for (size_t i = 0; i < g->nroots; i++)
		if (strcmp(g->roots[i].id, id) == 0) {
			out->kind = "root";
			snprintf(out->path, sizeof(out->path), "root/%d.root.json",
			    g->roots[i].version);
			return 0;
		}
	/* The log does not say a record's kind: its file is looked for in
	 * each kind's folder. */
	for (size_t i = 0; (k = kind_at(i)) != NULL; i++) {
		if (!k->in_records)
			continue;
		reg_record_path(out->path, k->name, id);
		if (staged(g, out->path) || repo_exists(g->repo, out->path)) {
			out->kind = k->name;
			return 0;
		}
	}
	return ink_error(INK_ENO, "record %s is in the log but its file is "
	    "missing", id);
}

/* What reg_load checks of the envelope it read: it holds the record e
 * names.  Releases it when not. */
static int
check_loaded(const struct reg_entry *e, struct dsse_envelope *env)
{
	char rid[RECORD_ID_LEN];

	record_id(rid, env->payload, env->payload_len);
	if (strcmp(rid, e->id) != 0) {
		dsse_envelope_release(env);
		return ink_error(INK_ENO, "'%s' holds a different record (%s): "
		    "edited after registration", e->path, rid);
	}
	return 0;
}

int
reg_load(struct reg *g, const struct reg_entry *e, struct dsse_envelope *env)
{
	return reg_load_digest(g, e, env, NULL);
}

int
reg_load_digest(struct reg *g, const struct reg_entry *e,
    struct dsse_envelope *env, unsigned char digest[SHA256_LEN])
{
	struct buf b;
	int rc;

	memset(env, 0, sizeof(*env));
	if ((rc = reg_file_read(g, e->path, &b)) != 0)
		return rc == INK_ENOTFOUND ? ink_error(INK_ENO, "'%s' is "
		    "missing", e->path) : rc;
	if (digest)
		sha256(digest, b.data, b.len);
	rc = dsse_envelope_parse(env, (const char *)b.data, b.len);
	buf_release(&b);
	if (rc != 0)
		return ink_error_wrap(rc, "%s", e->path);
	return check_loaded(e, env);
}

int
reg_load_pre(struct reg *g, const struct reg_entry *e, const char *path,
    struct dsse_envelope *pre, struct dsse_envelope *env, int *took)
{
	*took = 0;
	if (path == NULL || pre->payload == NULL ||
	    strcmp(path, e->path) != 0 || staged(g, e->path) != NULL)
		return reg_load(g, e, env);
	*took = 1;
	*env = *pre;
	*pre = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	return check_loaded(e, env);
}

/* --- init ------------------------------------------------------------ */

static int
root_statement(cJSON **out, const char *name, int version, int64_t expires,
    struct pubkey *const *ops, size_t nops, int threshold,
    const struct pubkey *logkey)
{
	cJSON *st = cJSON_CreateObject(), *subj, *s, *p, *arr, *k;
	struct buf pem = BUF_INIT(4096);
	char ts[TIME_LEN], hex[SHA256_HEX];
	int rc = 0;

	if (st == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_AddStringToObject(st, "_type", STATEMENT_TYPE);
	cJSON_AddStringToObject(st, "predicateType", ROOT_TYPE);
	subj = cJSON_AddArrayToObject(st, "subject");
	s = cJSON_CreateObject();
	sha256_hex(hex, name, strlen(name));
	cJSON_AddStringToObject(s, "name", name);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(s, "digest"), "sha256",
	    hex);
	cJSON_AddItemToArray(subj, s);
	p = cJSON_AddObjectToObject(st, "predicate");
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddNumberToObject(p, "version", version);
	time_format(ts, expires);
	cJSON_AddStringToObject(p, "expires", ts);
	cJSON_AddNumberToObject(p, "threshold", threshold);
	arr = cJSON_AddArrayToObject(p, "operator_keys");
	for (size_t i = 0; i < nops && rc == 0; i++) {
		buf_reset(&pem);
		rc = key_public_pem(&pem, ops[i]);
		k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "keyid", ops[i]->keyid);
		cJSON_AddStringToObject(k, "public_key", buf_str(&pem));
		cJSON_AddItemToArray(arr, k);
	}
	buf_reset(&pem);
	if (rc == 0)
		rc = key_public_pem(&pem, logkey);
	k = cJSON_AddObjectToObject(p, "log_key");
	cJSON_AddStringToObject(k, "keyid", logkey->keyid);
	cJSON_AddStringToObject(k, "public_key", buf_str(&pem));
	cJSON_AddArrayToObject(p, "witness_keys");
	buf_release(&pem);
	if (rc != 0) {
		cJSON_Delete(st);
		return rc;
	}
	*out = st;
	return 0;
}

static int
make_log_key(struct repo *repo, const char *given, struct pubkey **pub,
    EVP_PKEY **keyout, const struct key_pass *pass)
{
	char dir[4096], path[4200];
	EVP_PKEY *key = NULL;
	int rc;

	snprintf(dir, sizeof(dir), "%sinkan", repo_gitdir(repo));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return ink_error_sys(INK_EINPUT, "cannot create '%s'", dir);
	if (given) {
		char *abs = realpath(given, NULL);
		if (abs == NULL)
			return ink_error_sys(INK_EINPUT, "log key '%s'", given);
		if ((rc = key_load_private(&key, abs, pass)) == 0) {
			snprintf(path, sizeof(path), "%s/log-key-path", dir);
			rc = file_write_atomic(path, abs, strlen(abs), 0600);
		}
		free(abs);
	} else {
		/* The log key signs a checkpoint at every change, unattended:
		 * an online key, kept unencrypted, 0600, inside .git where no
		 * clone or push carries it. */
		char prefix[4200], keyid[KEYID_HEX];
		snprintf(prefix, sizeof(prefix), "%s/log", dir);
		rc = key_generate(keyid, prefix, false, NULL);
		if (rc == 0) {
			snprintf(path, sizeof(path), "%s/log.key", dir);
			rc = key_load_private(&key, path, NULL);
		}
	}
	if (rc == 0)
		rc = pubkey_from_evp(pub, key);
	if (rc == 0)
		*keyout = key;
	else
		EVP_PKEY_free(key);
	return rc;
}

int
reg_init(char root_id[RECORD_ID_LEN], const struct reg_init_opts *o)
{
	struct repo *repo = NULL;
	struct reg *g = NULL;
	struct pubkey *op = NULL, *logpub = NULL;
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD), out = BUF_INIT(INK_MAX_ENVELOPE);
	struct buf cfg = BUF_INIT(1 << 16);
	EVP_PKEY *opkey = NULL, *logkey = NULL;
	cJSON *st = NULL, *c = NULL;
	char *copy = NULL, name[512];
	int64_t now = time_now();
	int rc, existed = file_exists(o->dir), made = 0;

	/* Everything that can fail on input is checked before the folder
	 * is created. */
	if ((rc = key_load_private(&opkey, o->operator_key, o->pass)) != 0 ||
	    (rc = pubkey_from_evp(&op, opkey)) != 0)
		goto cleanup;
	if (o->name)
		snprintf(name, sizeof(name), "%s", o->name);
	else {
		copy = strdup(o->dir);
		snprintf(name, sizeof(name), "inkan.invalid/%s",
		    copy ? basename(copy) : "registry");
	}
	if (strchr(name, ' ') || strchr(name, '\n') || strchr(name, '+') ||
	    name[0] == '\0') {
		rc = ink_error(INK_EINPUT, "registry name '%s' must have no "
		    "spaces, newlines or '+' (it is the log's origin)", name);
		goto cleanup;
	}
	if ((rc = repo_init(&repo, o->dir)) != 0)
		goto cleanup;
	made = 1;
	if ((rc = make_log_key(repo, o->log_key, &logpub, &logkey,
	    o->pass)) != 0 ||
	    (rc = root_statement(&st, name, 1, o->expires ? o->expires :
	    time_add_years(now, 1), &op, 1, 1, logpub)) != 0 ||
	    (rc = json_canon(&payload, st)) != 0 ||
	    (rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
	    payload.data, payload.len)) != 0 ||
	    (rc = dsse_envelope_sign(&env, opkey)) != 0 ||
	    (rc = dsse_envelope_write(&out, &env)) != 0)
		goto cleanup;
	record_id(root_id, payload.data, payload.len);
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "format", "inkan-registry/v1");
	cJSON_AddStringToObject(c, "name", name);
	cJSON *opj = cJSON_AddObjectToObject(c, "operator");
	cJSON_AddStringToObject(opj, "name", o->op_name ? o->op_name :
	    "inkan registry operator");
	cJSON_AddStringToObject(opj, "email", o->op_email ? o->op_email :
	    "operator@registry.invalid");
	if ((rc = json_pretty(&cfg, c)) != 0 || (rc = buf_addc(&cfg, '\n')))
		goto cleanup;
	/* The first commit is made like every later one, through a reg. */
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	g->repo = repo;
	repo = NULL;
	g->write = 1;
	g->name = strdup(name);
	g->op_name = strdup(json_get_str(opj, "name"));
	g->op_email = strdup(json_get_str(opj, "email"));
	if ((g->roots = calloc(1, sizeof(*g->roots))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	g->nroots = 1;
	g->roots[0].logkey = logpub;
	logpub = NULL;
	g->logkey = logkey;
	logkey = NULL;
	if ((rc = repo_tx_begin(g->repo, 1000)) != 0 ||
	    (rc = reg_file_put(g, CONFIG_PATH, cfg.data, cfg.len)) != 0 ||
	    (rc = reg_file_put(g, "root/1.root.json", out.data, out.len)) != 0 ||
	    (rc = reg_leaf_append(g, root_id, now)) != 0 ||
	    (rc = reg_commit(g, "init: root version 1")) != 0)
		goto cleanup;
cleanup:
	free(copy);
	cJSON_Delete(st);
	cJSON_Delete(c);
	dsse_envelope_release(&env);
	buf_release(&payload);
	buf_release(&out);
	buf_release(&cfg);
	pubkey_free(op);
	pubkey_free(logpub);
	EVP_PKEY_free(opkey);
	EVP_PKEY_free(logkey);
	reg_close(g);
	repo_close(repo);
	/* A failed init leaves nothing behind: no half-made registry for
	 * the next attempt to trip over. */
	if (rc != 0 && made)
		file_remove_tree(o->dir, existed);
	return rc;
}

/* --- rotation ------------------------------------------------------------ */

int
reg_rotate_root(struct reg *g, EVP_PKEY *const *old, size_t nold,
    EVP_PKEY *const *fresh, size_t nfresh, int threshold, int64_t expires,
    char id_out[RECORD_ID_LEN], struct problems *p)
{
	const struct reg_root *cur = &g->roots[g->nroots - 1];
	struct pubkey **ops = NULL;
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD);
	struct buf out = BUF_INIT(INK_MAX_ENVELOPE);
	struct reg_root *roots;
	struct statement st = STATEMENT_INIT;
	cJSON *stj = NULL;
	size_t nops = nfresh ? nfresh : cur->nops;
	char path[64];
	int rc = 0, version = cur->version + 1;

	if ((ops = calloc(nops, sizeof(*ops))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < nops && rc == 0; i++)
		rc = nfresh ? pubkey_from_evp(&ops[i], fresh[i]) :
		    pubkey_from_raw(&ops[i], cur->ops[i]->raw);
	if (rc != 0)
		goto cleanup;
	if (threshold <= 0)
		threshold = cur->threshold <= (int)nops ? cur->threshold :
		    (int)nops;
	if ((size_t)threshold > nops) {
		problems_add(p, INK_EINPUT, "threshold %d of %zu keys", threshold,
		    nops);
		rc = INK_EINPUT;
		goto cleanup;
	}
	if ((rc = root_statement(&stj, g->name, version, expires, ops, nops,
	    threshold, cur->logkey)) != 0 ||
	    (rc = json_canon(&payload, stj)) != 0 ||
	    (rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
	    payload.data, payload.len)) != 0)
		goto cleanup;
	for (size_t i = 0; i < nold && rc == 0; i++)
		rc = dsse_envelope_sign(&env, old[i]);
	for (size_t i = 0; i < nfresh && rc == 0; i++)
		rc = dsse_envelope_sign(&env, fresh[i]);
	if (rc != 0)
		goto cleanup;
	/* The same rule every reader applies: a threshold of the old root
	 * and of the new one. */
	if (count_signers(&env, cur->ops, cur->nops) < (size_t)cur->threshold)
		problems_add(p, INK_ENO, "not signed by a threshold (%d) of root "
		    "%d's operator keys", cur->threshold, cur->version);
	if (count_signers(&env, ops, nops) < (size_t)threshold)
		problems_add(p, INK_ENO, "not signed by a threshold (%d) of the "
		    "new root's own keys", threshold);
	if (p->n) {
		rc = p->code;
		goto cleanup;
	}
	if ((rc = dsse_envelope_write(&out, &env)) != 0)
		goto cleanup;
	record_id(id_out, payload.data, payload.len);
	snprintf(path, sizeof(path), "root/%d.root.json", version);
	if ((roots = realloc(g->roots, (g->nroots + 1) * sizeof(*roots))) ==
	    NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	g->roots = roots;
	if ((rc = statement_parse(&st, payload.data, payload.len, NULL)) != 0 ||
	    (rc = root_parse(&g->roots[g->nroots], &st, version)) != 0)
		goto cleanup;
	memcpy(g->roots[g->nroots].id, id_out, RECORD_ID_LEN);
	g->nroots++;
	if ((rc = reg_file_put(g, path, out.data, out.len)) != 0 ||
	    (rc = reg_leaf_append(g, id_out, time_now())) != 0)
		goto cleanup;
cleanup:
	if (rc != 0 && p->n == 0)
		problems_add(p, rc, "%s", ink_error_last());
	for (size_t i = 0; i < nops; i++)
		pubkey_free(ops[i]);
	free(ops);
	statement_release(&st);
	cJSON_Delete(stj);
	dsse_envelope_release(&env);
	buf_release(&payload);
	buf_release(&out);
	return rc;
}

/* --- proofs ------------------------------------------------------------ */

int
reg_proof(struct reg *g, const char *id, struct buf *out)
{
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
	struct reg_entry e;
	struct buf cp, extra = BUF_INIT(64);
	char ts[TIME_LEN];
	size_t n = 0;
	int rc;

	buf_init(out, NOTE_MAX_SIZE + 8192);
	if ((rc = reg_full(g)) != 0)
		return rc;
	if ((rc = reg_find(g, id, &e)) != 0)
		return rc == INK_ENOTFOUND ? INK_ELOG : rc;
	if ((rc = reg_checkpoint(g, &cp)) != 0)
		return rc;
	if ((rc = merkle_inclusion_proof(&proof, &n,
	    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes, g->committed,
	    e.leaf)) != 0)
		goto cleanup;
	time_format(ts, e.integrated);
	if ((rc = b64_encode(&extra, ts, strlen(ts))) != 0)
		goto cleanup;
	rc = buf_addf(out, "c2sp.org/tlog-proof@v1\nextra %s\nindex %zu\n",
	    buf_str(&extra), e.leaf);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = b64_encode(out, proof[i], MERKLE_HASH_LEN);
		if (rc == 0)
			rc = buf_addc(out, '\n');
	}
	if (rc == 0)
		rc = buf_addc(out, '\n');
	if (rc == 0)
		rc = buf_add(out, cp.data, cp.len);
cleanup:
	free(proof);
	buf_release(&cp);
	buf_release(&extra);
	return rc;
}
