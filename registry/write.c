/*
 * Writing the registry: staged files, the log key and the signed
 * checkpoint, the commit, and a new registry (registry init).
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "registry/internal.h"

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
reg_recosign(struct reg *g, const char *message)
{
	int rc;

	g->recosign = 1;
	rc = reg_commit(g, message);
	g->recosign = 0;
	return rc;
}

int
reg_commit(struct reg *g, const char *message)
{
	struct buf leaves = BUF_INIT(REG_MAX_LEAVES_FILE), note = BUF_INIT(0);
	char ts[TIME_LEN];
	int64_t now;
	int rc;

	if (!g->write)
		return ink_error(INK_EINPUT, "the registry was opened to read");
	if (g->nfiles == 0 && g->nleaves == g->committed && !g->recosign)
		return 0;
	if ((rc = reg_now(g, &now)) != 0)
		return rc;
	/* The tiles and index entries of the new leaves (8.6). */
	if ((rc = reg_log_stage(g)) != 0)
		goto cleanup;
	for (size_t i = 0; i < g->nleaves; i++) {
		time_format(ts, g->leaves[i].time);
		if ((rc = buf_addf(&leaves, "%s %s\n", g->leaves[i].id, ts)) != 0)
			goto cleanup;
	}
	if ((rc = check_all_no_links(g)) != 0 ||
	    (rc = write_checkpoint(g, &note)) != 0)
		goto cleanup;
	/* The witnesses with an address cosign it before it is published,
	 * their lines in the same commit; one down fails nothing. */
	if ((rc = reg_cosign_collect(g, &note)) != 0)
		goto cleanup;
	/* (a recosign that collected nothing new commits nothing) */
	if (g->recosign && g->nfiles == 0 && g->nleaves == g->committed)
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
		    now, g->logkey);
	/* What this machine signed last, outside the clone: its next write
	 * extends only a log that holds it (check_writable_log).  The commit
	 * stands even if this cannot be kept. */
	if (rc == 0) {
		char path[4096], dir[4096];
		snprintf(dir, sizeof(dir), "%sinkan", repo_gitdir(g->repo));
		reg_saved_checkpoint_path(g, path);
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
		hmap_free(&g->fmap);
		g->write = 0;
	}
cleanup:
	buf_release(&note);
	buf_release(&leaves);
	return rc;
}

/* --- init ------------------------------------------------------------ */

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
		/* Recorded as given, but a file made absolute (an agent's
		 * public key file too), so that later commands find it from
		 * any folder; a pkcs11: URI names its token wherever. */
		enum key_custody where = key_custody_of(given);
		const char *file = where == KEY_IN_AGENT ?
		    given + strlen(KEY_AGENT_PREFIX) : given;
		char *abs = where == KEY_ON_TOKEN ? strdup(given) :
		    realpath(file, NULL);
		char named[4200];
		if (abs == NULL)
			return ink_error_sys(INK_EINPUT, "log key '%s'", given);
		snprintf(named, sizeof(named), "%s%s", where == KEY_IN_AGENT ?
		    KEY_AGENT_PREFIX : "", abs);
		free(abs);
		if ((rc = key_load_private(&key, named, pass)) == 0) {
			snprintf(path, sizeof(path), "%s/log-key-path", dir);
			rc = file_write_atomic(path, named, strlen(named), 0600);
		}
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
	int64_t now = o->now;
	int rc, existed = file_exists(o->dir), made = 0;

	/* Everything that can fail on input is checked before the folder
	 * is created. */
	if (now <= 0)
		return ink_error(INK_EINPUT, "registry: no time was given for "
		    "the change");
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
	    (rc = reg_root_statement(&st, name, 1, o->expires ? o->expires :
	    time_add_years(now, 1), &op, 1, 1, logpub, &o->witnesses)) != 0 ||
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
	g->now = now;
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
    const struct reg_witnesses *witnesses, char id_out[RECORD_ID_LEN],
    struct problems *p)
{
	const struct reg_root *cur = &g->roots[g->nroots - 1];
	struct reg_witnesses keep;
	struct pubkey **ops = NULL;
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD);
	struct buf out = BUF_INIT(INK_MAX_ENVELOPE);
	struct reg_root *roots;
	struct statement st = STATEMENT_INIT;
	cJSON *stj = NULL;
	size_t nops = nfresh ? nfresh : cur->nops;
	char path[64];
	int64_t now;
	int rc = 0, version = cur->version + 1;

	if ((rc = reg_now(g, &now)) != 0)
		return rc;
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
	if (witnesses == NULL) {
		reg_root_witnesses(g, &keep);
		witnesses = &keep;
	}
	if ((rc = reg_root_statement(&stj, g->name, version, expires, ops, nops,
	    threshold, cur->logkey, witnesses)) != 0 ||
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
	if (reg_count_signers(&env, cur->ops, cur->nops) < (size_t)cur->threshold)
		problems_add(p, INK_ENO, "not signed by a threshold (%d) of root "
		    "%d's operator keys", cur->threshold, cur->version);
	if (reg_count_signers(&env, ops, nops) < (size_t)threshold)
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
	    (rc = reg_root_parse(&g->roots[g->nroots], &st, version)) != 0)
		goto cleanup;
	memcpy(g->roots[g->nroots].id, id_out, RECORD_ID_LEN);
	g->nroots++;
	if ((rc = reg_file_put(g, path, out.data, out.len)) != 0 ||
	    (rc = reg_leaf_append(g, id_out, now)) != 0)
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
