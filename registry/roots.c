/*
 * The root chain: each root's operator keys, threshold and log key, the
 * chain checked at open, and the rotation to a new root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "registry/internal.h"

/* --- roots --------------------------------------------------------- */

void
reg_root_release(struct reg_root *r)
{
	for (size_t i = 0; i < r->nops; i++)
		pubkey_free(r->ops[i]);
	free(r->ops);
	pubkey_free(r->logkey);
	for (size_t i = 0; i < r->nwitnesses; i++)
		free(r->witnesses[i]);
	free(r->witnesses);
	r->witnesses = NULL;
	r->nwitnesses = 0;
}

int
reg_witnesses_check(const struct reg_witnesses *w, int code)
{
	struct note_vkey v = NOTE_VKEY_INIT;

	if (w->n > REG_MAX_WITNESSES)
		return ink_error(code, "%zu witnesses, more than %d", w->n,
		    REG_MAX_WITNESSES);
	for (size_t i = 0; i < w->n; i++) {
		if (note_vkey_parse_type(&v, w->vkeys[i], strlen(w->vkeys[i]),
		    NOTE_SIG_COSIG_V1) != 0)
			return ink_error_wrap(code, "witness '%s'", w->vkeys[i]);
		note_vkey_release(&v);
		for (size_t j = 0; j < i; j++)
			if (strcmp(w->vkeys[i], w->vkeys[j]) == 0)
				return ink_error(code, "witness '%s' named twice",
				    w->vkeys[i]);
	}
	if (w->n == 0 && w->quorum != 0)
		return ink_error(code, "a witness quorum of %d with no witnesses",
		    w->quorum);
	if (w->n > 0 && (w->quorum < 1 || (size_t)w->quorum > w->n))
		return ink_error(code, "a witness quorum of %d of %zu witnesses",
		    w->quorum, w->n);
	return 0;
}

void
reg_root_witnesses(const struct reg *g, struct reg_witnesses *out)
{
	const struct reg_root *r = &g->roots[g->nroots - 1];

	out->vkeys = (const char *const *)r->witnesses;
	out->n = r->nwitnesses;
	out->quorum = r->quorum;
}

/* The root's witness_keys ({name, vkey}, the name the vkey's own) and
 * witness_quorum (absent when there are none). */
static int
witnesses_of(struct reg_root *r, const cJSON *p)
{
	const cJSON *arr = json_get(p, "witness_keys"), *k;
	struct reg_witnesses w;
	int64_t q = 0;
	size_t n = 0;

	if (arr == NULL)
		return 0;
	if (!cJSON_IsArray(arr))
		return ink_error(INK_EROOT, "root %d: witness_keys is not an "
		    "array", r->version);
	cJSON_ArrayForEach(k, arr)
		n++;
	if (n > REG_MAX_WITNESSES)
		return ink_error(INK_EROOT, "root %d: more than %d witnesses",
		    r->version, REG_MAX_WITNESSES);
	if (n && (r->witnesses = calloc(n, sizeof(*r->witnesses))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(k, arr) {
		const char *name = json_get_str(k, "name");
		const char *vkey = json_get_str(k, "vkey");
		size_t nl = name ? strlen(name) : 0;
		if (name == NULL || vkey == NULL || strncmp(vkey, name, nl) != 0 ||
		    vkey[nl] != '+')
			return ink_error(INK_EROOT, "root %d: a witness needs a "
			    "name and a vkey under that name", r->version);
		if ((r->witnesses[r->nwitnesses] = strdup(vkey)) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		r->nwitnesses++;
	}
	if (json_get(p, "witness_quorum") != NULL &&
	    (json_get_int(&q, p, "witness_quorum") != 0 || q < 0 || q > 64))
		return ink_error(INK_EROOT, "root %d: witness_quorum is not a "
		    "number of witnesses", r->version);
	r->quorum = (int)q;
	w.vkeys = (const char *const *)r->witnesses;
	w.n = r->nwitnesses;
	w.quorum = r->quorum;
	if (reg_witnesses_check(&w, INK_EROOT) != 0)
		return ink_error_wrap(INK_EROOT, "root %d", r->version);
	return 0;
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

int
reg_root_parse(struct reg_root *r, const struct statement *st, int version)
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
	if ((rc = key_of(&r->logkey, json_get(p, "log_key"),
	    "root log key")) != 0)
		return rc;
	return witnesses_of(r, p);
}

/* Counts distinct keys of keys[] with a valid signature on env. */
size_t
reg_count_signers(const struct dsse_envelope *env, struct pubkey *const *keys,
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

int
reg_roots_load(struct reg *g)
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
		if (v > 1 && reg_count_signers(&env, g->roots[v - 2].ops,
		    g->roots[v - 2].nops) < (size_t)g->roots[v - 2].threshold) {
			rc = ink_error(INK_EROOT, "root %zu is not signed by a "
			    "threshold of root %zu's keys", v, v - 1);
			dsse_envelope_release(&env);
			goto cleanup;
		}
		rc = statement_parse(&st, env.payload, env.payload_len, NULL);
		if (rc == 0)
			rc = reg_root_parse(r, &st, (int)v);
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
		if (rc == 0 && reg_count_signers(&env, r->ops, r->nops) <
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
	size_t good = reg_count_signers(env, r->ops, r->nops);

	if (good < (size_t)r->threshold) {
		problems_add(p, INK_ENO, "signed by %zu of the root's operator "
		    "keys; root %d needs %d", good, r->version, r->threshold);
		return INK_ENO;
	}
	return 0;
}

int
reg_root_statement(cJSON **out, const char *name, int version, int64_t expires,
    struct pubkey *const *ops, size_t nops, int threshold,
    const struct pubkey *logkey, const struct reg_witnesses *witnesses)
{
	cJSON *st = cJSON_CreateObject(), *subj, *s, *p, *arr, *k;
	struct buf pem = BUF_INIT(4096);
	char ts[TIME_LEN], hex[SHA256_HEX];
	int rc = 0;

	if (st == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = reg_witnesses_check(witnesses, INK_EINPUT)) != 0) {
		cJSON_Delete(st);
		return rc;
	}
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
	arr = cJSON_AddArrayToObject(p, "witness_keys");
	for (size_t i = 0; rc == 0 && i < witnesses->n; i++) {
		const char *v = witnesses->vkeys[i];
		char *nm = strndup(v, strcspn(v, "+"));
		if (nm == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "name", nm);
		cJSON_AddStringToObject(k, "vkey", v);
		free(nm);
		cJSON_AddItemToArray(arr, k);
	}
	/* A registry with no witnesses keeps the root it always had. */
	if (witnesses->n > 0)
		cJSON_AddNumberToObject(p, "witness_quorum", witnesses->quorum);
	buf_release(&pem);
	if (rc != 0) {
		cJSON_Delete(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* Whether a root version newer than the ones present was ever committed:
 * a rolled-back trust root. */
int
reg_root_rolled_back(struct reg *g)
{
	char **revs = NULL, path[64];
	size_t n = 0;
	int found = 0;

	snprintf(path, sizeof(path), "root/%zu.root.json", g->nroots + 1);
	if (repo_history(&revs, &n, g->repo) != 0) {
		ink_error_clear();
		return 0;
	}
	for (size_t i = 0; i < n && !found; i++) {
		struct buf b;
		if (repo_read_at(&b, g->repo, revs[i], path, 1 << 20) == 0) {
			found = 1;
			buf_release(&b);
		}
		ink_error_clear();
	}
	repo_list_free(revs, n);
	return found;
}
