/*
 * Opening the registry: which commit a reader or writer may trust, the
 * checks a writer makes before adding anything, and closing it; finding
 * and loading its records by id.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "registry/internal.h"

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

/* Catalogues pinned in the registry come first (reg_catalogs). */
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
		reg_root_release(&g->roots[i]);
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
	if ((rc = load_config(g)) != 0 || (rc = reg_roots_load(g)) != 0)
		return rc;
	g->head_signed = reg_head_signed(g, g->roots[g->nroots - 1].logkey);
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
		size_t at = strlen(w);
		snprintf(w + at, len - at, "%s%s", i ? ", " : " ", ch[i]);
	}
	if (n > 4)
		snprintf(w + strlen(w), len - strlen(w), " and %zu more",
		    n - 4);
	if (n == 0)
		snprintf(w + strlen(w), len - strlen(w), " nothing");
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
	reg_saved_checkpoint_path(g, path);
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
	catalog_source_init(&g->catalogs, pinned_catalog, g);
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
	if ((write || !reg_lazy_open(g)) && (rc = reg_leaves_load(g)) != 0)
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
	for (size_t i = 0; i < g->nroots; i++)
		reg_root_release(&g->roots[i]);
	for (size_t i = 0; i < g->nfiles; i++) {
		free(g->files[i].path);
		buf_release(&g->files[i].data);
	}
	free(g->files);
	hmap_free(&g->fmap);
	free(g->roots);
	free(g->leaves);
	free(g->hashes);
	reg_lazy_free(g->lazy);
	free(g->log_error);
	free(g->unsigned_what);
	hmap_free(&g->map);
	free(g->name);
	free(g->config_name);
	free(g->op_name);
	free(g->op_email);
	EVP_PKEY_free(g->logkey);
	buf_release(&g->wreport);
	for (size_t i = 0; i < g->nkeys; i++) {
		pubkey_free(g->keys[i]);
		free(g->pems[i]);
	}
	free(g->keys);
	free(g->pems);
	for (size_t i = 0; i < g->nstc; i++)
		cJSON_Delete(g->stc[i].root);
	free(g->stc);
	hmap_free(&g->stmap);
	/* (lookup.c's caches, freed here: it looks records up through
	 * this file) */
	for (size_t i = 0; i < g->nacck; i++) {
		for (size_t j = 0; j < g->acck[i].n; j++) {
			free(g->acck[i].ids[j]);
			if (g->acck[i].party)
				free(g->acck[i].party[j]);
		}
		free(g->acck[i].ids);
		free(g->acck[i].party);
		free(g->acck[i].have);
	}
	free(g->acck);
	hmap_free(&g->acckmap);
	for (size_t i = 0; i < g->nsvcmemo; i++)
		free(g->svcmemo[i].key);
	free(g->svcmemo);
	hmap_free(&g->svcmemomap);
	reg_numbering_release(&g->numbering);
	free(g->numv);
	cJSON_Delete(g->stindex);
	cJSON_Delete(g->schemes);
	repo_close(g->repo);
	free(g);
}

const struct catalog_source *
reg_catalogs(const struct reg *g)
{
	return &g->catalogs;
}

void
reg_set_now(struct reg *g, int64_t now)
{
	g->now = now;
}

int
reg_now(const struct reg *g, int64_t *out)
{
	if (g->now <= 0)
		return ink_error(INK_EINPUT, "registry: no time was given for "
		    "the change");
	*out = g->now;
	return 0;
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
	if (g->lazy == NULL ||
	    reg_lazy_find(g, id, &leaf, &out->integrated) != 0)
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
		if (reg_staged(g, out->path) || repo_exists(g->repo, out->path)) {
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
	    strcmp(path, e->path) != 0 || reg_staged(g, e->path) != NULL)
		return reg_load(g, e, env);
	*took = 1;
	*env = *pre;
	*pre = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	return check_loaded(e, env);
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
reg_consistency(struct reg *g, uint64_t old, struct buf *out)
{
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
	size_t n = 0;
	int rc;

	buf_init(out, 64 + (MERKLE_MAX_PROOF + 1) * 48);
	if ((rc = reg_full(g)) != 0)
		return rc;
	if (old > g->committed)
		return ink_error(INK_EINPUT, "the log has %zu leaves, fewer "
		    "than %" PRIu64, g->committed, old);
	if ((rc = merkle_consistency_proof(&proof, &n,
	    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes, old,
	    g->committed)) != 0)
		return rc;
	rc = buf_addf(out, "old %" PRIu64 "\n", old);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = b64_encode(out, proof[i], MERKLE_HASH_LEN);
		if (rc == 0)
			rc = buf_addc(out, '\n');
	}
	free(proof);
	return rc;
}

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
