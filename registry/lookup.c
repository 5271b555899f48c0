/*
 * Lookups by id and by key, and the caches in front of them: a registered
 * record's parsed statement, the ids an index file lists (links/,
 * signers/, services/), a key's accreditations with the party each
 * vouches for, and the statuses of services already computed.  Each
 * cache lives for the handle's life and forgets what a staged change may
 * have changed (the generations staged.c moves on).  Nothing here
 * decides a status (status.c does): these only make it cheaper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "kinds/bind.h"
#include "registry/internal.h"

const char *
reg_state_name(enum reg_state s)
{
	switch (s) {
	case REG_ACTIVE: return "active";
	case REG_REVOKED: return "revoked";
	case REG_SUSPENDED: return "suspended";
	case REG_WITHDRAWN: return "withdrawn";
	case REG_SUPERSEDED: return "superseded";
	case REG_EXPIRED: return "expired";
	case REG_NOT_YET_VALID: return "not yet valid";
	case REG_DELISTED: return "delisted";
	}
	return "unknown";
}

int
reg_state_code(enum reg_state s)
{
	switch (s) {
	case REG_ACTIVE: return 0;
	case REG_REVOKED: case REG_SUSPENDED: case REG_WITHDRAWN:
	case REG_DELISTED:
		return INK_EREVOKED;
	default:
		return INK_EVALIDITY;
	}
}

void
reg_links_path(char out[128], const char *id)
{
	snprintf(out, 128, "links/%.2s/%s", id + 7, id + 7);
}

static int
same_stcached(const void *ctx, size_t val, const void *key)
{
	const struct reg *g = ctx;

	return strcmp(g->stc[val].e.id, key) == 0;
}

/* Keeps a parsed statement (its root taken over) and its entry; nonzero
 * when there was no room, and the caller keeps it. */
static int
stcache_put(struct reg *g, const struct statement *st,
    const struct reg_entry *e)
{
	if (g->nstc == g->capstc) {
		size_t cap = g->capstc ? 2 * g->capstc : 64;
		struct reg_stcached *v = realloc(g->stc, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		g->stc = v;
		g->capstc = cap;
	}
	if (hmap_put(&g->stmap, hmap_str(e->id), g->nstc) != 0)
		return -1;
	g->stc[g->nstc].root = st->root;
	g->stc[g->nstc++].e = *e;
	return 0;
}

/* Loads and parses the statement of a registered record (its signatures
 * were checked when it was added and are checked again by an audit). */
static int
statement_load(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e, int keep)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	int rc;

	size_t ix;

	memset(st, 0, sizeof(*st));
	/* Records are immutable once registered, so the parsed statements
	 * lookups keep coming back to (accreditations, status) are kept for
	 * the handle's life and lent: st->root stays NULL, so the caller's
	 * statement_release leaves them be. */
	if ((ix = hmap_get(&g->stmap, hmap_str(id), same_stcached, g,
	    id)) != HMAP_NONE) {
		const cJSON *c = g->stc[ix].root;
		*e = g->stc[ix].e;
		st->predicate_type = json_get_str(c, "predicateType");
		st->subjects = json_get(c, "subject");
		st->predicate = json_get(c, "predicate");
		return 0;
	}
	if ((rc = reg_find(g, id, e)) != 0 || (rc = reg_load(g, e, &env)) != 0)
		return rc;
	rc = statement_parse(st, env.payload, env.payload_len, NULL);
	dsse_envelope_release(&env);
	/* The folder a file lies in is a hint: a record found under another
	 * kind's folder answers for nothing (8.8). */
	if (rc == 0 && strcmp(e->kind, "root") != 0 &&
	    (reg_kind_dir(st->predicate_type) == NULL ||
	    strcmp(reg_kind_dir(st->predicate_type), e->kind) != 0)) {
		rc = ink_error(INK_ELOG, "'%s' holds a record of type '%s', "
		    "not of its folder's kind", e->path, st->predicate_type);
		statement_release(st);
		return rc;
	}
	if (rc == 0 && (keep || strcmp(e->kind, "signer") == 0 ||
	    strcmp(e->kind, "status") == 0) && stcache_put(g, st, e) == 0)
		st->root = NULL;        /* now the cache's, lent */
	return rc;
}

int
reg_statement_load(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e)
{
	return statement_load(g, id, st, e, 0);
}

int
reg_statement_keep(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e)
{
	return statement_load(g, id, st, e, 1);
}

/* Ids listed one per line in a file (links, signer index). */
int
reg_ids_read(struct reg *g, const char *path, char ***out, size_t *n)
{
	struct buf b;
	char *p, *nl, **v = NULL;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = reg_file_read(g, path, &b);
	if (rc == INK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	for (p = (char *)b.data; p < (char *)b.data + b.len; p = nl + 1) {
		char **nv;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (count >= REG_MAX_LINKS) {
			repo_list_free(v, count);
			buf_release(&b);
			return ink_error(INK_EINPUT, "'%s' lists more than %d "
			    "records", path, REG_MAX_LINKS);
		}
		*nl = '\0';
		if ((nv = realloc(v, (count + 1) * sizeof(*v))) == NULL ||
		    (nv[count] = strdup(p)) == NULL) {
			v = nv ? nv : v;
			repo_list_free(v, count);
			buf_release(&b);
			return ink_error(INK_EINPUT, "out of memory");
		}
		v = nv;
		count++;
	}
	buf_release(&b);
	*out = v;
	*n = count;
	return 0;
}


/* --- the accreditations of a key ------------------------------------ */

/* The accreditations signers/<keyid> lists, read once per handle (the
 * list is lent) and again after a signers/ file is staged (the handle's
 * signers_gen moved on). */
static int
same_acckey(const void *ctx, size_t val, const void *key)
{
	const struct reg *g = ctx;

	return strcmp(g->acck[val].keyid, key) == 0;
}

static void
acckey_release(struct reg_acckey *a)
{
	if (a->party)
		repo_list_free(a->party, a->n);
	free(a->have);
	a->have = NULL;
	repo_list_free(a->ids, a->n);
	a->party = a->ids = NULL;
	a->n = 0;
}

int
reg_acc_ids(struct reg *g, const char *keyid, char ***ids, size_t *n)
{
	char path[128];
	struct reg_acckey *a;
	size_t ix;
	int rc;

	ix = hmap_get(&g->acckmap, hmap_str(keyid), same_acckey, g, keyid);
	if (ix == HMAP_NONE) {
		if (g->nacck == g->capacck) {
			size_t cap = g->capacck ? 2 * g->capacck : 16;
			struct reg_acckey *v = realloc(g->acck, cap * sizeof(*v));
			if (v == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			g->acck = v;
			g->capacck = cap;
		}
		if (hmap_put(&g->acckmap, hmap_str(keyid), g->nacck) != 0)
			return ink_error(INK_EINPUT, "out of memory");
		ix = g->nacck++;
		a = &g->acck[ix];
		memset(a, 0, sizeof(*a));
		snprintf(a->keyid, sizeof(a->keyid), "%s", keyid);
		a->gen = g->signers_gen - 1;
	}
	a = &g->acck[ix];
	if (a->gen != g->signers_gen) {
		acckey_release(a);
		snprintf(path, sizeof(path), "signers/%s", keyid);
		if ((rc = reg_ids_read(g, path, &a->ids, &a->n)) != 0)
			return rc;
		a->gen = g->signers_gen;
	}
	*ids = a->ids;
	*n = a->n;
	g->acck_last = ix;
	return 0;
}

/* The party id of keyid's i-th accreditation (reg_acc_ids read first)
 * for role, computed when first asked (a reader verifying one record
 * reads only the accreditations it reaches); NULL when it has none. */
const char *
reg_acc_party(struct reg *g, size_t i, const char *role)
{
	struct reg_acckey *a = &g->acck[g->acck_last];
	struct statement st;
	struct reg_entry e;
	const char *own;

	if (a->party == NULL || strcmp(a->party_role, role) != 0) {
		if (a->party)
			repo_list_free(a->party, a->n);
		free(a->have);
		a->party = calloc(a->n ? a->n : 1, sizeof(*a->party));
		a->have = calloc(a->n ? a->n : 1, 1);
		if (a->party == NULL || a->have == NULL) {
			free(a->party);
			free(a->have);
			a->party = NULL;
			a->have = NULL;
			return NULL;
		}
		snprintf(a->party_role, sizeof(a->party_role), "%s", role);
	}
	if (a->have[i])
		return a->party[i];
	a->have[i] = 1;
	if (reg_statement_load(g, a->ids[i], &st, &e) != 0) {
		ink_error_clear();
		return NULL;
	}
	if ((own = bind_party(st.predicate, role)) != NULL)
		a->party[i] = strdup(own);
	statement_release(&st);
	return a->party[i];
}

/* --- services ------------------------------------------------------ */

/* A corporate number and a service id that can name a file: 13 digits;
 * 1-128 of A-Z a-z 0-9 . _ - not starting with '.' or '-' (the audit
 * rules' ids). */
int
reg_service_key_ok(const char *cn, const char *sid)
{
	size_t n = sid ? strlen(sid) : 0;

	return cn && strlen(cn) == 13 && strspn(cn, "0123456789") == 13 &&
	    n >= 1 && n <= 128 && sid[0] != '.' && sid[0] != '-' &&
	    strspn(sid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") == n;
}

void
reg_service_of(const struct statement *st, const char **cn, const char **sid)
{
	*cn = json_get_str(json_get(st->predicate, "organisation"),
	    "corporate_number");
	*sid = json_get_str(json_get(st->predicate, "service"), "id");
}

void
reg_services_path(char out[160], const char *cn, const char *sid)
{
	if (reg_service_key_ok(cn, sid))
		snprintf(out, 160, "services/%s/%s", cn, sid);
	else
		out[0] = '\0';
}

static int
same_memo(const void *ctx, size_t val, const void *key)
{
	const struct reg *g = ctx;

	return strcmp(g->svcmemo[val].key, key) == 0;
}

void
reg_services_forget(struct reg *g)
{
	for (size_t i = 0; i < g->nsvcmemo; i++)
		free(g->svcmemo[i].key);
	g->nsvcmemo = 0;
	hmap_free(&g->svcmemomap);
	g->svcmemo_gen = g->staged_gen;
}

/* What reg_service_status answered for key, or NULL (and none is kept
 * from before the last staged change). */
const struct reg_svcmemo *
reg_services_memo(struct reg *g, const char *key)
{
	size_t ix;

	if (g->svcmemo_gen != g->staged_gen)
		reg_services_forget(g);
	ix = hmap_get(&g->svcmemomap, hmap_str(key), same_memo, g, key);
	return ix == HMAP_NONE ? NULL : &g->svcmemo[ix];
}

/* Keeps what reg_service_status answered for key (nothing when out of
 * memory: it is computed again). */
void
reg_services_memo_put(struct reg *g, const char *key, int rc,
    const struct reg_status *s)
{
	struct reg_svcmemo *m;

	if (g->nsvcmemo == g->capsvcmemo) {
		size_t cap = g->capsvcmemo ? 2 * g->capsvcmemo : 16;
		if ((m = realloc(g->svcmemo, cap * sizeof(*m))) == NULL)
			return;
		g->svcmemo = m;
		g->capsvcmemo = cap;
	}
	m = &g->svcmemo[g->nsvcmemo];
	if ((m->key = strdup(key)) == NULL)
		return;
	if (hmap_put(&g->svcmemomap, hmap_str(key), g->nsvcmemo) != 0) {
		free(m->key);
		return;
	}
	m->rc = rc;
	m->s = *s;
	g->nsvcmemo++;
}

