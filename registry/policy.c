/*
 * What the registry accepts and what it says about a record: signers
 * accredited at integration time, the scheme's rules, built_on services,
 * pinned catalogues, and the status computed from status records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/note.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "registry/internal.h"
#include "kinds/kind.h"

static const char *const actions[] = { "revoke", "suspend", "reinstate",
	"withdraw", "supersede", "correct", "delist", NULL };

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

static void
links_path(char out[128], const char *id)
{
	snprintf(out, 128, "links/%.2s/%s", id + 7, id + 7);
}

/* Loads and parses the statement of a registered record (its signatures
 * were checked when it was added and are checked again by an audit). */
static int
load_statement(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	int rc;

	const cJSON *c;

	memset(st, 0, sizeof(*st));
	/* Records are immutable once registered, so the parsed statements
	 * lookups keep coming back to (accreditations, status) are kept for
	 * the handle's life and lent: st->root stays NULL, so the caller's
	 * statement_release leaves them be. */
	if ((c = cJSON_GetObjectItemCaseSensitive(g->stcache, id)) != NULL) {
		if ((rc = reg_find(g, id, e)) != 0)
			return rc;
		c = json_get(c, "st");
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
	if (rc == 0 && (strcmp(e->kind, "signer") == 0 ||
	    strcmp(e->kind, "status") == 0)) {
		cJSON *x = cJSON_CreateObject();
		if (g->stcache == NULL)
			g->stcache = cJSON_CreateObject();
		if (x && g->stcache) {
			cJSON_AddItemToObject(x, "st", st->root);
			cJSON_AddItemToObject(g->stcache, id, x);
			st->root = NULL;
		} else {
			cJSON_Delete(x);
		}
	}
	return rc;
}

/* Ids listed one per line in a file (links, signer index). */
static int
read_ids(struct reg *g, const char *path, char ***out, size_t *n)
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

static int status_at(struct reg *g, const char *id, int64_t at,
    struct reg_status *out, int depth);
static int status_index(struct reg *g);
static int merge_ids(struct reg *g, char ***ids, size_t *n,
    const cJSON *more);
static int accredited_key(struct reg *g, const char *keyid, const char *role,
    const char *scheme, int64_t t, struct pubkey **out, char *why,
    size_t whylen);
static const char *record_scheme(const struct statement *st, char *buf,
    size_t len);
static int same_subject(struct reg *g, const struct statement *st,
    const char *old, char *why, size_t whylen);

/* Which status records are about which record, from the status records
 * committed (read once per process, parsed copies cached). */
static int
status_index(struct reg *g)
{
	char **sub = NULL;
	size_t ns = 0;
	int rc;

	if (g->stindex)
		return 0;
	if ((g->stindex = cJSON_CreateObject()) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = repo_list(&sub, &ns, g->repo, "records/status")) != 0)
		return rc;
	for (size_t i = 0; i < ns; i++) {
		char sp[64], **names = NULL;
		size_t nn = 0;
		snprintf(sp, sizeof(sp), "records/status/%s", sub[i]);
		if (repo_list(&names, &nn, g->repo, sp) != 0) {
			/* A file where a folder should be: not a record. */
			ink_error_clear();
			continue;
		}
		for (size_t j = 0; j < nn; j++) {
			struct statement st;
			struct reg_entry e;
			char sid[RECORD_ID_LEN + 16];
			const char *target;
			cJSON *arr;
			snprintf(sid, sizeof(sid), "sha256:%.64s", names[j]);
			if (strlen(names[j]) != 64 + 10 ||
			    strcmp(names[j] + 64, ".dsse.json") != 0)
				continue; /* not a record's name (registry verify
				           * reports it) */
			if ((rc = load_statement(g, sid, &st, &e)) != 0) {
				/* A file not in the log decides nothing; one in
				 * the log that cannot be read fails the answer. */
				if (rc == INK_ENOTFOUND) {
					ink_error_clear();
					continue;
				}
				rc = ink_error_wrap(INK_ELOG, "status record %s",
				    sid);
				repo_list_free(names, nn);
				repo_list_free(sub, ns);
				cJSON_Delete(g->stindex);
				g->stindex = NULL;
				return rc;
			}
			target = json_get_str(st.predicate, "target");
			if (target) {
				arr = cJSON_GetObjectItemCaseSensitive(g->stindex,
				    target);
				if (arr == NULL)
					arr = cJSON_AddArrayToObject(g->stindex,
					    target);
				if (arr)
					cJSON_AddItemToArray(arr,
					    cJSON_CreateString(sid));
			}
			statement_release(&st);
		}
		repo_list_free(names, nn);
	}
	repo_list_free(sub, ns);
	return 0;
}

static int
by_leaf(const void *a, const void *b, void *g)
{
	size_t la = 0, lb = 0;

	reg_leaf_find(g, *(char *const *)a, &la);
	reg_leaf_find(g, *(char *const *)b, &lb);
	return la < lb ? -1 : la > lb;
}

/* ids := ids with more added, in log order, each once. */
static int
merge_ids(struct reg *g, char ***ids, size_t *n, const cJSON *more)
{
	const cJSON *m;
	char **v;
	size_t k = 0;

	cJSON_ArrayForEach(m, more)
		k++;
	if (k == 0)
		return 0;
	if ((v = realloc(*ids, (*n + k) * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	*ids = v;
	cJSON_ArrayForEach(m, more) {
		size_t i;
		for (i = 0; i < *n; i++)
			if (strcmp(v[i], m->valuestring) == 0)
				break;
		if (i == *n && (v[*n] = strdup(m->valuestring)) != NULL)
			(*n)++;
	}
	/* A record has few status records: insertion sort. */
	for (size_t i = 1; i < *n; i++)
		for (size_t j = i; j > 0 && by_leaf(&v[j - 1], &v[j], g) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return 0;
}

/* Status records and superseding records about id, applied in log order
 * when they are in effect at time at. */
static int
apply_links(struct reg *g, const char *id, int64_t at, struct reg_status *s,
    int *revoked, int *suspended, int *withdrawn, int *delisted,
    int *superseded)
{
	enum { W_REVOKE, W_SUSPEND, W_WITHDRAW, W_DELIST, W_SUPERSEDE,
		W_REINSTATE, W_N };
	struct { char why[512]; char by[RECORD_ID_LEN]; } w[W_N];
	char path[128], **ids = NULL;
	size_t n = 0;
	int rc, k, last = -1;

	memset(w, 0, sizeof(w));
	links_path(path, id);
	if ((rc = read_ids(g, path, &ids, &n)) != 0)
		return ink_error_wrap(INK_ELOG, "cannot compute the status of %s",
		    id);
	/* The links/ index is a convenience anyone could edit: the status
	 * records themselves decide, so those about id are added from them,
	 * and everything is applied in log order.  A lazy reader (8.6) has
	 * checked that the log key signed the commit it reads, links/
	 * included, and takes links/ as complete. */
	if (g->lazy == NULL && ((rc = status_index(g)) != 0 ||
	    (rc = merge_ids(g, &ids, &n, json_get(g->stindex, id))) != 0)) {
		repo_list_free(ids, n);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		struct statement st;
		struct reg_entry e;
		const char *action, *reason, *code, *eff;
		int64_t t;

		if ((rc = load_statement(g, ids[i], &st, &e)) != 0) {
			/* An index entry naming no leaf of the signed log
			 * adds nothing; one naming a leaf whose record cannot
			 * be read fails closed. */
			if (rc == INK_ENOTFOUND) {
				ink_error_clear();
				rc = 0;
				continue;
			}
			rc = ink_error_wrap(INK_ELOG, "cannot compute the status "
			    "of %s: %s names %s", id, path, ids[i]);
			break;
		}
		if (strcmp(st.predicate_type, STATUS_TYPE) == 0 ?
		    !json_get_str(st.predicate, "target") ||
		    strcmp(json_get_str(st.predicate, "target"), id) != 0 :
		    !json_get_str(st.predicate, "supersedes") ||
		    strcmp(json_get_str(st.predicate, "supersedes"), id) != 0) {
			/* The index said it was about id; the record says
			 * otherwise: the index was edited. */
			rc = ink_error(INK_ELOG, "cannot compute the status of "
			    "%s: %s names %s, which is not about it", id, path,
			    ids[i]);
			statement_release(&st);
			break;
		}
		if (strcmp(st.predicate_type, STATUS_TYPE) != 0) {
			/* A record naming id in supersedes: only the same
			 * subject's record replaces it (one accepted before
			 * registry add checked that replaces nothing). */
			char why[400];
			if (e.integrated <= at &&
			    same_subject(g, &st, id, why, sizeof(why))) {
				*superseded = 1;
				snprintf(s->by, sizeof(s->by), "%s", ids[i]);
			}
			statement_release(&st);
			continue;
		}
		action = json_get_str(st.predicate, "action");
		reason = json_get_str(st.predicate, "reason");
		code = json_get_str(st.predicate, "reason_code");
		eff = json_get_str(st.predicate, "effective_at");
		if (!action || !eff || time_parse(&t, eff) != 0 || t > at) {
			statement_release(&st);
			continue;
		}
		if (strcmp(action, "revoke") == 0)
			*revoked = 1, k = W_REVOKE;
		else if (strcmp(action, "suspend") == 0)
			*suspended = 1, k = W_SUSPEND;
		else if (strcmp(action, "withdraw") == 0)
			*withdrawn = 1, k = W_WITHDRAW;
		else if (strcmp(action, "delist") == 0)
			*delisted = 1, k = W_DELIST;
		else if (strcmp(action, "supersede") == 0)
			*superseded = 1, k = W_SUPERSEDE;
		else if (strcmp(action, "reinstate") == 0)
			*suspended = *delisted = 0, k = W_REINSTATE;
		else
			k = -1; /* correct: no change of status */
		if (k >= 0) {
			char ts[TIME_LEN];
			const char *by = json_get_str(st.predicate,
			    "superseded_by");
			time_format(ts, t);
			snprintf(w[k].why, sizeof(w[k].why), "%s at %s (%s%s%s)",
			    action, ts, code ? code : "", reason ? ": " : "",
			    reason ? reason : "");
			snprintf(w[k].by, sizeof(w[k].by), "%s",
			    k == W_SUPERSEDE && by ? by : ids[i]);
			last = k;
		}
		statement_release(&st);
	}
	repo_list_free(ids, n);
	/* The reason shown is that of the status that decides (status_of's
	 * order), not of the last record: a reinstatement that lifts no
	 * revocation does not become the revocation's reason. */
	if (*revoked)
		k = W_REVOKE;
	else if (*suspended)
		k = W_SUSPEND;
	else if (*withdrawn)
		k = W_WITHDRAW;
	else if (*superseded)
		k = W_SUPERSEDE; /* (by a record: s->by is that record) */
	else if (*delisted)
		k = W_DELIST;
	else
		k = last;
	if (k >= 0 && w[k].why[0]) {
		snprintf(s->why, sizeof(s->why), "%s", w[k].why);
		snprintf(s->by, sizeof(s->by), "%s", w[k].by);
	}
	return rc;
}

static int status_at(struct reg *g, const char *id, int64_t at,
    struct reg_status *out, int depth);

/* The status at time at of the record e, whose statement is st. */
static int
status_of(struct reg *g, const struct reg_entry *e, const struct statement *st,
    int64_t at, struct reg_status *out, int depth)
{
	const char *id = e->id;
	int revoked = 0, suspended = 0, withdrawn = 0, delisted = 0;
	int superseded = 0, rc = 0;
	int64_t nb, na;
	const cJSON *b;
	char why[sizeof(out->why)];

	memset(out, 0, sizeof(*out));
	if (e->integrated > at) {
		out->state = REG_NOT_YET_VALID;
		snprintf(out->why, sizeof(out->why), "not registered yet at "
		    "that time");
		goto done;
	}
	if ((rc = apply_links(g, id, at, out, &revoked, &suspended, &withdrawn,
	    &delisted, &superseded)) != 0)
		goto done;
	memcpy(why, out->why, sizeof(why));
	/* A signer whose accreditation was revoked with effect from before
	 * this record's registration takes the record with it. */
	if (!revoked && (strcmp(st->predicate_type, AUDIT_TYPE) == 0 ||
	    strcmp(st->predicate_type, SCS_TYPE) == 0)) {
		const cJSON *sg;
		char sbuf[32];
		const char *scheme = record_scheme(st, sbuf, sizeof(sbuf));
		cJSON_ArrayForEach(sg, json_get(st->predicate, "signers")) {
			const char *kid = json_get_str(sg, "keyid");
			const char *role = json_get_str(sg, "role");
			struct pubkey *k = NULL;
			char w[300];
			if (!kid || !role)
				continue;
			if (accredited_key(g, kid, role, scheme, e->integrated, &k, w,
			    sizeof(w)) != 0) {
				revoked = 1;
				snprintf(out->why, sizeof(out->why), "the %s's "
				    "accreditation does not hold at registration: %s",
				    role, w);
				out->by[0] = '\0';
				ink_error_clear();
				break;
			}
			pubkey_free(k);
		}
	}
	if (revoked || suspended || withdrawn) {
		out->state = revoked ? REG_REVOKED : suspended ? REG_SUSPENDED :
		    REG_WITHDRAWN;
		goto done;
	}
	if (superseded) {
		out->state = REG_SUPERSEDED;
		snprintf(out->why, sizeof(out->why), "superseded by %s", out->by);
		goto done;
	}
	if (statement_validity(st, &nb, &na) == 0 && (at < nb || at >= na)) {
		char ts[TIME_LEN];
		time_format(ts, at < nb ? nb : na);
		out->state = at < nb ? REG_NOT_YET_VALID : REG_EXPIRED;
		snprintf(out->why, sizeof(out->why), "%s %s", at < nb ?
		    "valid from" : "expired at", ts);
		goto done;
	}
	if (delisted) {
		out->state = REG_DELISTED;
		snprintf(out->why, sizeof(out->why), "%s", why);
		goto done;
	}
	cJSON_ArrayForEach(b, json_get(st->predicate, "built_on")) {
		struct reg_status bs;
		if (!cJSON_IsString(b))
			continue;
		if (status_at(g, b->valuestring, at, &bs, depth + 1) != 0) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "built on %.20s…, "
			    "which is not in the registry", b->valuestring);
			ink_error_clear();
			goto done;
		}
		if (bs.state != REG_ACTIVE) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "built on %s, which "
			    "is %s", b->valuestring, reg_state_name(bs.state));
			snprintf(out->by, sizeof(out->by), "%s", b->valuestring);
			goto done;
		}
	}
	out->state = REG_ACTIVE;
	out->why[0] = '\0';
done:
	return rc;
}

static int
status_at(struct reg *g, const char *id, int64_t at, struct reg_status *out,
    int depth)
{
	struct statement st;
	struct reg_entry e;
	int rc;

	memset(out, 0, sizeof(*out));
	if (depth > REG_MAX_BUILT_ON_DEPTH)
		return ink_error(INK_ENO, "built_on is nested deeper than %d",
		    REG_MAX_BUILT_ON_DEPTH);
	if ((rc = load_statement(g, id, &st, &e)) != 0)
		return rc;
	rc = status_of(g, &e, &st, at, out, depth);
	statement_release(&st);
	return rc;
}

int
reg_status_of(struct reg *g, const char *id, int64_t at,
    struct reg_status *out)
{
	return status_at(g, id, at, out, 0);
}

int
reg_status_of_loaded(struct reg *g, const struct reg_entry *e,
    const struct statement *st, int64_t at, struct reg_status *out)
{
	return status_of(g, e, st, at, out, 0);
}

/* --- accreditation ------------------------------------------------- */

static int
list_has(const cJSON *arr, const char *s)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c) && (strcmp(c->valuestring, s) == 0 ||
		    strcmp(c->valuestring, "*") == 0))
			return 1;
	return 0;
}

/* The public key of an accreditation of keyid for role and scheme valid
 * and unrevoked at time t; why explains a refusal. */
static int
accredited_key(struct reg *g, const char *keyid, const char *role,
    const char *scheme, int64_t t, struct pubkey **out, char *why,
    size_t whylen)
{
	char path[128], **ids = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	snprintf(why, whylen, "key %.16s has no accreditation", keyid);
	if (strlen(keyid) != 64 || strspn(keyid, "0123456789abcdef") != 64)
		return INK_ENO;
	snprintf(path, sizeof(path), "signers/%s", keyid);
	if ((rc = read_ids(g, path, &ids, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n && *out == NULL; i++) {
		struct statement st;
		struct reg_entry e;
		struct reg_status s;
		const cJSON *p, *k;
		int64_t from, until, firm;

		if ((rc = load_statement(g, ids[i], &st, &e)) != 0) {
			/* (a listed accreditation that cannot be read grants
			 * nothing: the key stays refused) */
			snprintf(why, whylen, "the accreditation %s of key %.16s "
			    "cannot be read: %s", ids[i], keyid,
			    ink_error_last());
			ink_error_clear();
			rc = 0;
			continue;
		}
		p = st.predicate;
		k = json_get(p, "key");
		if (strcmp(st.predicate_type, SIGNER_TYPE) != 0 ||
		    !json_get_str(k, "keyid") ||
		    strcmp(json_get_str(k, "keyid"), keyid) != 0) {
			/* signers/<keyid> is an index: what it lists must be
			 * an accreditation of this very key. */
			snprintf(why, whylen, "%s is not an accreditation of key "
			    "%.16s", ids[i], keyid);
		} else if (e.integrated > t) {
			snprintf(why, whylen, "key %.16s was accredited only "
			    "after %s", keyid, "that time");
		} else if (!list_has(json_get(p, "roles"), role)) {
			snprintf(why, whylen, "key %.16s is not accredited as "
			    "%s", keyid, role);
		} else if (scheme && !list_has(json_get(p, "schemes"), scheme)) {
			snprintf(why, whylen, "key %.16s is not accredited for "
			    "scheme '%s'", keyid, scheme);
		} else if (time_parse(&from, json_get_str(p, "valid_from") ?
		    json_get_str(p, "valid_from") : "") != 0 ||
		    time_parse(&until, json_get_str(p, "valid_until") ?
		    json_get_str(p, "valid_until") : "") != 0 ||
		    t < from || t >= until) {
			snprintf(why, whylen, "the accreditation of key %.16s is "
			    "not valid at that time", keyid);
		} else if (json_get_str(json_get(p, "audit_firm"),
		    "valid_until") && time_parse(&firm, json_get_str(
		    json_get(p, "audit_firm"), "valid_until")) == 0 &&
		    t >= firm) {
			snprintf(why, whylen, "the audit firm's selection of key "
			    "%.16s had lapsed", keyid);
		} else if (status_at(g, ids[i], t, &s, 0) != 0) {
			snprintf(why, whylen, "the status of the accreditation of "
			    "key %.16s cannot be computed: %s", keyid,
			    ink_error_last());
		} else if (s.state != REG_ACTIVE) {
			snprintf(why, whylen, "the accreditation of key %.16s "
			    "was %s (%s)", keyid, reg_state_name(s.state), s.why);
		} else {
			/* PEM decoding is slow in OpenSSL 3: each key once,
			 * cached by the PEM text itself, so that a cached key
			 * answers only for the accreditation that holds it. */
			const char *pem = json_get_str(k, "public_key");
			struct pubkey *c = NULL;
			for (size_t j = 0; pem && j < g->nkeys && !c; j++)
				if (strcmp(g->keys[j]->keyid, keyid) == 0 &&
				    g->pems[j] && strcmp(g->pems[j], pem) == 0)
					c = g->keys[j];
			if (c == NULL && pem &&
			    pubkey_from_pem(&c, pem, strlen(pem)) == 0) {
				struct pubkey **v = realloc(g->keys,
				    (g->nkeys + 1) * sizeof(*v));
				char **pv = v ? realloc(g->pems,
				    (g->nkeys + 1) * sizeof(*pv)) : NULL;
				if (v)
					g->keys = v;
				if (pv == NULL) {
					pubkey_free(c);
					c = NULL;
				} else {
					g->pems = pv;
					pv[g->nkeys] = strdup(pem);
					v[g->nkeys++] = c;
				}
			}
			/* The cached key itself, shared: deriving it again
			 * from raw bytes costs a DER encoding per record. */
			if (c && strcmp(c->keyid, keyid) == 0 &&
			    (*out = malloc(sizeof(**out))) != NULL) {
				if (EVP_PKEY_up_ref(c->pkey)) {
					**out = *c;
				} else {
					free(*out);
					*out = NULL;
				}
			}
		}
		ink_error_clear();
		statement_release(&st);
	}
	repo_list_free(ids, n);
	return *out ? 0 : INK_ENO;
}

/* The scheme a record is under. */
static const char *
record_scheme(const struct statement *st, char *buf, size_t len)
{
	const char *s = json_get_str(st->predicate, "scheme");
	int64_t level;

	if (s)
		return s;
	if (strcmp(st->predicate_type, SCS_TYPE) == 0 &&
	    json_get_int(&level, st->predicate, "level") == 0) {
		snprintf(buf, len, "scs-star%d", (int)level);
		return buf;
	}
	return NULL;
}

/* The catalogue a record names, in any of the shapes its kinds use. */
static void
record_catalog(const struct statement *st, const char **id,
    const char **version)
{
	const cJSON *p = st->predicate, *c;

	*id = *version = NULL;
	if ((c = json_get(p, "criteria")) && json_get_str(c, "catalog")) {
		*id = json_get_str(c, "catalog");
		*version = json_get_str(c, "catalog_version");
	} else if ((c = json_get(p, "catalog")) && cJSON_IsObject(c)) {
		*id = json_get_str(c, "id");
		*version = json_get_str(c, "version");
	} else if (json_get_str(p, "catalog")) {
		*id = json_get_str(p, "catalog");
		*version = json_get_str(p, "catalog_version");
	} else if (json_get_str(p, "catalog_id")) {
		*id = json_get_str(p, "catalog_id");
		*version = json_get_str(p, "catalog_version");
	}
}

static int
pin_catalog(struct reg *g, const char *id, const char *version,
    struct problems *p)
{
	char path[512], *src = NULL;
	struct buf b, old;
	cJSON *c = NULL;
	int rc;

	if (strchr(id, '/') || strchr(id, '.') == id ||
	    (version && strchr(version, '/'))) {
		problems_add(p, INK_ENO, "catalogue id '%s' is not a plain name",
		    id);
		return INK_ENO;
	}
	snprintf(path, sizeof(path), "catalogs/%s@%s.json", id,
	    version ? version : "unversioned");
	if (reg_file_read(g, path, &old) == 0) {
		buf_release(&old);
		return 0;
	}
	ink_error_clear();
	if ((rc = catalog_load(&c, &src, id, version)) != 0) {
		problems_add(p, INK_ENO, "catalogue '%s' version '%s' is not "
		    "known: %s", id, version ? version : "?", ink_error_last());
		return INK_ENO;
	}
	cJSON_Delete(c);
	if ((rc = file_read(&b, src, INK_MAX_JSON)) == 0) {
		rc = reg_file_put(g, path, b.data, b.len);
		buf_release(&b);
	}
	free(src);
	if (rc != 0)
		problems_add(p, INK_EINPUT, "cannot pin catalogue '%s': %s", id,
		    ink_error_last());
	return rc;
}

/* The family of the scheme a record is under ("soc2" for soc2-type1
 * and soc2-type2), or its id when the schemes say none. */
static const char *
scheme_family(struct reg *g, const struct statement *st, char *buf,
    size_t len)
{
	const char *sid = record_scheme(st, buf, len);
	const cJSON *sc;

	if (sid && (g->schemes || scheme_doc_load(&g->schemes) == 0) &&
	    (sc = scheme_find(g->schemes, sid)) != NULL &&
	    json_get_str(sc, "family"))
		return json_get_str(sc, "family");
	ink_error_clear();
	return sid;
}

/* Whether the registered record old is the same subject as st, so that st
 * may replace it (8.4): the same kind, organisation (corporate number)
 * and, for audits, the same service and scheme family.  why says which
 * differs. */
static int
same_subject(struct reg *g, const struct statement *st, const char *old,
    char *why, size_t whylen)
{
	struct statement o;
	struct reg_entry e;
	char b1[32], b2[32];
	const char *c1, *c2, *f1, *f2, *s1, *s2;
	int ok = 0;

	if (load_statement(g, old, &o, &e) != 0) {
		snprintf(why, whylen, "%s cannot be read: %s", old,
		    ink_error_last());
		ink_error_clear();
		return 0;
	}
	c1 = json_get_str(json_get(st->predicate, "organisation"),
	    "corporate_number");
	c2 = json_get_str(json_get(o.predicate, "organisation"),
	    "corporate_number");
	f1 = scheme_family(g, st, b1, sizeof(b1));
	f2 = scheme_family(g, &o, b2, sizeof(b2));
	s1 = json_get_str(json_get(st->predicate, "service"), "id");
	s2 = json_get_str(json_get(o.predicate, "service"), "id");
	if (strcmp(st->predicate_type, o.predicate_type) != 0)
		snprintf(why, whylen, "%s is a record of another kind", old);
	else if (!c1 || !c2 || strcmp(c1, c2) != 0)
		snprintf(why, whylen, "%s is a record of another organisation "
		    "(corporate number %s, not %s)", old, c2 ? c2 : "none",
		    c1 ? c1 : "none");
	else if (!f1 || !f2 || strcmp(f1, f2) != 0)
		snprintf(why, whylen, "%s is under scheme family '%s', not "
		    "'%s'", old, f2 ? f2 : "none", f1 ? f1 : "none");
	else if (strcmp(st->predicate_type, AUDIT_TYPE) == 0 &&
	    (!s1 || !s2 || strcmp(s1, s2) != 0))
		snprintf(why, whylen, "%s is an audit of another service "
		    "('%s')", old, s2 ? s2 : "none");
	else
		ok = 1;
	statement_release(&o);
	return ok;
}

/* Signatures, roles, accreditation, rules and references of a record
 * of a scheme kind, at integration time t. */
static void
check_scheme_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding, struct problems *p)
{
	const struct record_kind *kind = kind_find(st->predicate_type);
	const cJSON *scheme, *role, *b;
	const char *sid, *cid, *cver;
	char sbuf[32];

	if (kind)
		kind->check(st->root, p);
	sid = record_scheme(st, sbuf, sizeof(sbuf));
	if (g->schemes == NULL && scheme_doc_load(&g->schemes) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return;
	}
	if (sid == NULL || (scheme = scheme_find(g->schemes, sid)) == NULL) {
		problems_add(p, INK_ENO, "scheme '%s' is not known to the "
		    "registry", sid ? sid : "(none)");
		return;
	}
	cJSON_ArrayForEach(role, json_get(scheme, "required_roles")) {
		const cJSON *d = cJSON_IsString(role) ?
		    statement_signer_by_role(st, role->valuestring) : NULL;
		const char *keyid = json_get_str(d, "keyid");
		struct pubkey *k = NULL;
		char why[300];
		int ok = 0;

		if (!cJSON_IsString(role))
			continue;
		if (keyid == NULL) {
			problems_add(p, INK_ENO, "scheme '%s' needs a '%s' signer "
			    "and the record declares none", sid,
			    role->valuestring);
			continue;
		}
		if (accredited_key(g, keyid, role->valuestring, sid, t, &k, why,
		    sizeof(why)) != 0) {
			problems_add(p, INK_ENO, "%s signer: %s", role->valuestring,
			    why);
			continue;
		}
		ok = dsse_sig_by_key(env, k) >= 0;
		if (!ok)
			problems_add(p, INK_ENO, "no valid signature by the "
			    "accredited %s (key %.16s)", role->valuestring, keyid);
		pubkey_free(k);
	}
	cJSON_ArrayForEach(b, json_get(st->predicate, "built_on")) {
		struct reg_status s;
		if (!cJSON_IsString(b)) {
			problems_add(p, INK_ENO, "built_on holds a non-string");
			continue;
		}
		if (status_at(g, b->valuestring, t, &s, 0) != 0) {
			problems_add(p, INK_ENO, "built_on %s: %s", b->valuestring,
			    ink_error_last());
			ink_error_clear();
		} else if (adding && s.state != REG_ACTIVE) {
			problems_add(p, INK_ENO, "built_on %s is %s", b->valuestring,
			    reg_state_name(s.state));
		}
	}
	/* An audit registers only when every mandatory control it covers was
	 * met (the auditor's sign computed this from the control results). */
	if (cJSON_IsFalse(json_get(st->predicate, "mandatory_controls_met")))
		problems_add(p, INK_ENO, "not every mandatory control is met: "
		    "scheme '%s' registers only a service that meets them all",
		    sid);
	if (adding) {
		const char *sup = json_get_str(st->predicate, "supersedes");
		struct reg_entry e;
		int64_t nb, na;
		char why[400];
		if (sup && reg_find(g, sup, &e) != 0) {
			problems_add(p, INK_ENO, "supersedes %s, which is not in "
			    "the registry", sup);
			ink_error_clear();
		} else if (sup && !same_subject(g, st, sup, why, sizeof(why))) {
			/* A record replaces only its own subject's. */
			problems_add(p, INK_ENO, "may not supersede %s", why);
		}
		/* The catalogue must be known; it is pinned only once the
		 * record is accepted (stage_record). */
		record_catalog(st, &cid, &cver);
		if (cid) {
			/* (borrowed from the process's cache: only whether
			 * it is there matters here) */
			const cJSON *c;
			if (catalog_get(&c, cid, cver) != 0)
				problems_add(p, INK_ENO, "catalogue '%s' version '%s' "
				    "is not known: %s", cid, cver ? cver : "?",
				    ink_error_last());
		}
		if (statement_validity(st, &nb, &na) == 0 && (t < nb || t >= na))
			problems_add(p, INK_EVALIDITY, "outside its validity window "
			    "at registration");
	}
}

int
reg_check_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding, struct problems *p)
{
	size_t before = p->n;

	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		problems_add(p, INK_ENO, "payloadType '%s' is not an in-toto "
		    "Statement", env->payload_type);
		return INK_ENO;
	}
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 ||
	    strcmp(st->predicate_type, SIGNER_TYPE) == 0) {
		const char *rn = json_get_str(st->predicate, "registry");
		char rid[RECORD_ID_LEN];
		if (rn == NULL || strcmp(rn, reg_name(g)) != 0)
			problems_add(p, INK_ENO, "an operator record for another "
			    "registry ('%s', not '%s')", rn ? rn : "(none)",
			    reg_name(g));
		size_t leaf = g->nleaves;
		record_id(rid, env->payload, env->payload_len);
		if (!adding && reg_leaf_find(g, rid, &leaf) != 0)
			leaf = g->nleaves;
		reg_operator_check(g, env, leaf, p);
		if (strcmp(st->predicate_type, SIGNER_TYPE) == 0) {
			/* An accreditation is of one key: the keyid it names
			 * is its public key's (every lookup relies on it). */
			const cJSON *k = json_get(st->predicate, "key");
			const char *pem = json_get_str(k, "public_key");
			const char *kid = json_get_str(k, "keyid");
			struct pubkey *pk = NULL;
			if (!pem || !kid || pubkey_from_pem(&pk, pem,
			    strlen(pem)) != 0 || strcmp(pk->keyid, kid) != 0)
				problems_add(p, INK_ENO, "an accreditation whose "
				    "key.keyid is not the id of its public key");
			ink_error_clear();
			pubkey_free(pk);
		}
		if (strcmp(st->predicate_type, STATUS_TYPE) == 0) {
			const char *target = json_get_str(st->predicate, "target");
			struct reg_entry e;
			if (target == NULL || reg_find(g, target, &e) != 0) {
				problems_add(p, INK_ENO, "status about %s, which is "
				    "not in the registry", target ? target : "?");
				ink_error_clear();
			}
		}
	} else if (strcmp(st->predicate_type, AUDIT_TYPE) == 0 ||
	    strcmp(st->predicate_type, SCS_TYPE) == 0) {
		check_scheme_record(g, env, st, t, adding, p);
	} else {
		problems_add(p, INK_ENO, "the registry does not take records of "
		    "type '%s'", st->predicate_type);
	}
	/* A record is not signed after the log integrated it (beyond the
	 * clocks' allowance): a signed_at later than that is false. */
	{
		const char *sa = json_get_str(st->predicate, "signed_at");
		int64_t when;
		char ts[TIME_LEN];
		if (sa && time_parse(&when, sa) == 0 &&
		    when > t + REG_CLOCK_SKEW) {
			time_format(ts, t);
			problems_add(p, INK_ENO, "signed_at %s lies after its "
			    "registration at %s (more than %d s)", sa, ts,
			    REG_CLOCK_SKEW);
		}
	}
	return p->n > before ? p->code : 0;
}

/* --- adding ---------------------------------------------------------- */

static int
stage_record(struct reg *g, const char *id, const char *kind,
    const struct statement *st, const void *data, size_t len, int64_t t)
{
	char path[128];
	const char *s;
	int rc;

	reg_record_path(path, kind, id);
	/* The leaf first: a leaf refused (its time, a full log) leaves no
	 * file staged without one. */
	if ((rc = reg_leaf_append(g, id, t)) != 0 ||
	    (rc = reg_file_put(g, path, data, len)) != 0)
		return rc;
	/* A copy of the catalogue it names, for everyone who checks it. */
	{
		const char *cid, *cver;
		struct problems pp = PROBLEMS_INIT;
		record_catalog(st, &cid, &cver);
		if (cid && (rc = pin_catalog(g, cid, cver, &pp)) != 0) {
			rc = ink_error(rc, "%s", pp.n ? pp.v[0] : "cannot pin "
			    "the catalogue");
			problems_release(&pp);
			return rc;
		}
		problems_release(&pp);
	}
	/* The indexes that make one lookup cheap: links from a record to
	 * what changed its status, and from a key to its accreditations. */
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 &&
	    (s = json_get_str(st->predicate, "target")) != NULL) {
		links_path(path, s);
		rc = reg_file_append_line(g, path, id);
	}
	if (rc == 0 && (s = json_get_str(st->predicate, "supersedes")) != NULL) {
		links_path(path, s);
		rc = reg_file_append_line(g, path, id);
	}
	if (rc == 0 && strcmp(st->predicate_type, SIGNER_TYPE) == 0 &&
	    (s = json_get_str(json_get(st->predicate, "key"), "keyid")) != NULL) {
		snprintf(path, sizeof(path), "signers/%s", s);
		rc = reg_file_append_line(g, path, id);
	}
	return rc;
}

int
reg_add(struct reg *g, const struct dsse_envelope *env, const char *what,
    char result[64], char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct statement st = STATEMENT_INIT;
	struct buf out = BUF_INIT(INK_MAX_ENVELOPE);
	struct reg_entry e;
	const char *kind;
	int64_t now = time_now();
	int rc;

	(void)what;
	snprintf(result, 64, "refused");
	record_id(id_out, env->payload, env->payload_len);
	/* (a reader's handle checks records too: its leaves first) */
	if ((rc = reg_full(g)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	if (g->nleaves > 0 && now < g->leaves[g->nleaves - 1].time) {
		char a[TIME_LEN], b[TIME_LEN];
		time_format(a, now);
		time_format(b, g->leaves[g->nleaves - 1].time);
		problems_add(p, INK_ELOG, "the time now (%s) is before the log's "
		    "last integrated time (%s): the log's time never goes "
		    "backwards (is the clock right?)", a, b);
		return INK_ELOG;
	}
	if (now >= g->roots[g->nroots - 1].expires) {
		problems_add(p, INK_EROOT, "the registry's trust root (version "
		    "%d) has expired: rotate it first (registry rotate-root)",
		    g->roots[g->nroots - 1].version);
		return INK_EROOT;
	}
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		problems_add(p, INK_ENO, "payloadType '%s' is not an in-toto "
		    "Statement", env->payload_type);
		return INK_ENO;
	}
	if (statement_parse(&st, env->payload, env->payload_len, p) != 0)
		return p->code ? p->code : INK_ENO;
	if ((kind = reg_kind_dir(st.predicate_type)) == NULL) {
		problems_add(p, INK_ENO, "the registry does not take records of "
		    "type '%s'", st.predicate_type);
		rc = INK_ENO;
		goto cleanup;
	}
	if (reg_find(g, id_out, &e) == 0) {
		/* Same record: a further signature updates the envelope. */
		struct dsse_envelope old = DSSE_ENVELOPE_INIT;
		size_t added = 0;
		if ((rc = reg_load(g, &e, &old)) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			goto cleanup;
		}
		for (size_t i = 0; i < env->nsigs; i++) {
			int known = 0;
			for (size_t j = 0; j < old.nsigs && !known; j++)
				known = env->sigs[i].sig_len == old.sigs[j].sig_len &&
				    memcmp(env->sigs[i].sig, old.sigs[j].sig,
				    old.sigs[j].sig_len) == 0;
			if (!known)
				added++;
		}
		if (added == 0) {
			snprintf(result, 64, "already registered");
			dsse_envelope_release(&old);
			rc = 0;
			goto cleanup;
		}
		/* Keep every old signature; take the new ones that verify by
		 * the accredited key of a declared signer. */
		if ((rc = reg_check_record(g, env, &st, e.integrated, 0, p)) != 0) {
			dsse_envelope_release(&old);
			goto cleanup;
		}
		struct pubkey **keys = NULL;
		size_t nkeys = 0;
		if ((rc = reg_signer_keys(g, &st, e.integrated, &keys,
		    &nkeys)) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			dsse_envelope_release(&old);
			goto cleanup;
		}
		added = 0;
		for (size_t i = 0; i < env->nsigs; i++) {
			int known = 0;
			for (size_t j = 0; j < old.nsigs && !known; j++)
				known = env->sigs[i].sig_len == old.sigs[j].sig_len &&
				    memcmp(env->sigs[i].sig, old.sigs[j].sig,
				    old.sigs[j].sig_len) == 0;
			if (known || old.nsigs >= INK_MAX_SIGNATURES ||
			    dsse_sig_check(env, i, keys, nkeys) < 0)
				continue;
			struct dsse_sig *v = realloc(old.sigs,
			    (old.nsigs + 1) * sizeof(*v));
			if (v == NULL)
				break;
			old.sigs = v;
			v[old.nsigs].keyid = env->sigs[i].keyid ?
			    strdup(env->sigs[i].keyid) : NULL;
			v[old.nsigs].sig = malloc(env->sigs[i].sig_len);
			if (v[old.nsigs].sig)
				memcpy(v[old.nsigs].sig, env->sigs[i].sig,
				    env->sigs[i].sig_len);
			v[old.nsigs].sig_len = env->sigs[i].sig_len;
			old.nsigs++;
			added++;
		}
		for (size_t k = 0; k < nkeys; k++)
			pubkey_free(keys[k]);
		free(keys);
		if (added == 0) {
			snprintf(result, 64, "already registered");
			dsse_envelope_release(&old);
			rc = 0;
			goto cleanup;
		}
		rc = dsse_envelope_write(&out, &old);
		if (rc == 0)
			rc = reg_file_put(g, e.path, out.data, out.len);
		dsse_envelope_release(&old);
		if (rc == 0)
			snprintf(result, 64, "%zu signature%s added", added,
			    added == 1 ? "" : "s");
		goto cleanup;
	}
	ink_error_clear();
	if ((rc = reg_check_record(g, env, &st, now, 1, p)) != 0)
		goto cleanup;
	if ((rc = dsse_envelope_write(&out, env)) != 0 ||
	    (rc = stage_record(g, id_out, kind, &st, out.data, out.len,
	    now)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		goto cleanup;
	}
	snprintf(result, 64, "added");
cleanup:
	statement_release(&st);
	buf_release(&out);
	return rc;
}

int
reg_sign_stage(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    cJSON *statement, char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD);
	struct statement st = STATEMENT_INIT;
	char result[64];
	int rc;

	if ((rc = json_canon(&payload, statement)) != 0 ||
	    (rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
	    payload.data, payload.len)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		goto cleanup;
	}
	for (size_t i = 0; i < nops; i++)
		if ((rc = dsse_envelope_sign(&env, ops[i])) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			goto cleanup;
		}
	if (statement_parse(&st, payload.data, payload.len, p) != 0) {
		rc = INK_ENO;
		goto cleanup;
	}
	rc = reg_add(g, &env, "record", result, id_out, p);
cleanup:
	statement_release(&st);
	dsse_envelope_release(&env);
	buf_release(&payload);
	return rc;
}

static cJSON *
statement_new(const char *type, const char *subject_name, const char *hex)
{
	cJSON *st = cJSON_CreateObject(), *subj, *s;

	cJSON_AddStringToObject(st, "_type", STATEMENT_TYPE);
	cJSON_AddStringToObject(st, "predicateType", type);
	subj = cJSON_AddArrayToObject(st, "subject");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", subject_name);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(s, "digest"), "sha256",
	    hex);
	cJSON_AddItemToArray(subj, s);
	return st;
}

int
reg_accredit(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const char *path, char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct buf b, pem = BUF_INIT(4096);
	struct pubkey *key = NULL;
	cJSON *pred = NULL, *st = NULL, *k;
	const cJSON *r;
	char subj[80];
	int64_t from, until;
	int rc;

	if ((rc = file_read(&b, path, INK_MAX_DRAFT)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	json_strip_comments((char *)b.data, b.len);
	rc = json_parse(&pred, (const char *)b.data, b.len, path);
	buf_release(&b);
	if (rc != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	k = cJSON_GetObjectItemCaseSensitive(pred, "key");
	if (!cJSON_IsObject(pred) || !cJSON_IsObject(k)) {
		problems_add(p, INK_ENO, "an accreditation needs a 'key' object");
		rc = INK_ENO;
		goto cleanup;
	}
	/* The key as a file beside the JSON, or as PEM. */
	if (json_get_str(k, "public_key_file")) {
		char *dir = strdup(path), full[4096];
		const char *f = json_get_str(k, "public_key_file");
		char *slash = dir ? strrchr(dir, '/') : NULL;
		if (slash)
			*slash = '\0';
		snprintf(full, sizeof(full), "%s/%s", f[0] == '/' || !slash ? "." :
		    dir, f);
		if (f[0] == '/')
			snprintf(full, sizeof(full), "%s", f);
		rc = key_load_public(&key, full, NULL);
		free(dir);
	} else if (json_get_str(k, "public_key")) {
		const char *s = json_get_str(k, "public_key");
		rc = pubkey_from_pem(&key, s, strlen(s));
	} else {
		rc = ink_error(INK_ENO, "key needs public_key_file or public_key");
	}
	if (rc != 0) {
		problems_add(p, rc, "key: %s", ink_error_last());
		goto cleanup;
	}
	if ((rc = key_public_pem(&pem, key)) != 0)
		goto cleanup;
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "key");
	k = cJSON_AddObjectToObject(pred, "key");
	cJSON_AddStringToObject(k, "keyid", key->keyid);
	cJSON_AddStringToObject(k, "public_key", buf_str(&pem));
	if (!json_get_str(json_get(pred, "person"), "name"))
		problems_add(p, INK_ENO, "person.name is needed");
	if (!json_get_str(json_get(pred, "organisation"), "name"))
		problems_add(p, INK_ENO, "organisation.name is needed");
	if (!cJSON_IsArray(json_get(pred, "roles")) ||
	    json_get(pred, "roles")->child == NULL)
		problems_add(p, INK_ENO, "roles must list at least one role");
	cJSON_ArrayForEach(r, json_get(pred, "roles"))
		if (!cJSON_IsString(r) || !record_role_known(r->valuestring))
			problems_add(p, INK_ENO, "roles: '%s' is not auditor, "
			    "expert, management or operator",
			    cJSON_IsString(r) ? r->valuestring : "?");
	if (!cJSON_IsArray(json_get(pred, "schemes")) ||
	    json_get(pred, "schemes")->child == NULL)
		problems_add(p, INK_ENO, "schemes must list at least one scheme "
		    "(or \"*\")");
	if (time_parse(&from, json_get_str(pred, "valid_from") ?
	    json_get_str(pred, "valid_from") : "") != 0 ||
	    time_parse(&until, json_get_str(pred, "valid_until") ?
	    json_get_str(pred, "valid_until") : "") != 0 || until <= from)
		problems_add(p, INK_ENO, "valid_from and valid_until must be UTC "
		    "times, valid_from first");
	if (p->n > 0) {
		rc = p->code;
		goto cleanup;
	}
	/* Which registry it is for: a record signed for another registry
	 * (a staging one, with the same operator key) is refused here. */
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "registry");
	cJSON_AddStringToObject(pred, "registry", reg_name(g));
	/* When it was signed: accrediting the same person again (a renewal)
	 * is a new record, not a silent no-op. */
	if (!json_get(pred, "signed_at")) {
		char ts[TIME_LEN];
		time_format(ts, time_now());
		cJSON_AddStringToObject(pred, "signed_at", ts);
	}
	snprintf(subj, sizeof(subj), "key:%s", key->keyid);
	st = statement_new(SIGNER_TYPE, subj, key->keyid);
	cJSON_AddItemToObject(st, "predicate", pred);
	pred = NULL;
	rc = reg_sign_stage(g, ops, nops, st, id_out, p);
cleanup:
	cJSON_Delete(pred);
	cJSON_Delete(st);
	pubkey_free(key);
	buf_release(&pem);
	return rc;
}

int
reg_status_add(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const struct reg_status_req *q, char id_out[RECORD_ID_LEN],
    struct problems *p)
{
	struct reg_entry e;
	cJSON *st, *pred;
	char subj[RECORD_ID_LEN + 16], ts[TIME_LEN];
	size_t i;
	int rc;

	for (i = 0; actions[i]; i++)
		if (strcmp(actions[i], q->action) == 0)
			break;
	if (!actions[i])
		problems_add(p, INK_EINPUT, "action '%s' is not one of revoke, "
		    "suspend, reinstate, withdraw, supersede, correct, delist",
		    q->action);
	if (reg_find(g, q->target, &e) != 0) {
		problems_add(p, INK_ENO, "%s", ink_error_last());
		ink_error_clear();
	} else if (strcmp(e.kind, "status") == 0 || strcmp(e.kind, "root") == 0)
		problems_add(p, INK_ENO, "a %s record has no status of its own",
		    e.kind);
	if (q->reason_code == NULL || !*q->reason_code)
		problems_add(p, INK_EINPUT, "a reason code is needed");
	if (strcmp(q->action, "supersede") == 0 && q->superseded_by == NULL)
		problems_add(p, INK_EINPUT, "supersede needs --by RECORD_ID");
	if (q->superseded_by) {
		struct reg_entry be;
		struct statement bs;
		char why[400];
		if (reg_find(g, q->superseded_by, &be) != 0) {
			problems_add(p, INK_ENO, "--by %s: not in the registry",
			    q->superseded_by);
			ink_error_clear();
		} else if (load_statement(g, q->superseded_by, &bs, &be) != 0) {
			problems_add(p, INK_ENO, "--by %s: %s", q->superseded_by,
			    ink_error_last());
			ink_error_clear();
		} else {
			/* Supersession is the subject's own: the record that
			 * replaces the target is of the same organisation,
			 * service and scheme family. */
			if (!same_subject(g, &bs, q->target, why, sizeof(why)))
				problems_add(p, INK_ENO, "--by %s may not supersede "
				    "%s", q->superseded_by, why);
			statement_release(&bs);
		}
	}
	if (strcmp(q->action, "correct") == 0 && (!q->field || !q->value))
		problems_add(p, INK_EINPUT, "correct needs --field and --value");
	if (p->n)
		return p->code;
	snprintf(subj, sizeof(subj), "record:%s", q->target);
	st = statement_new(STATUS_TYPE, subj, q->target + 7);
	pred = cJSON_AddObjectToObject(st, "predicate");
	cJSON_AddStringToObject(pred, "registry", reg_name(g));
	cJSON_AddStringToObject(pred, "target", q->target);
	cJSON_AddStringToObject(pred, "target_kind", e.kind);
	cJSON_AddStringToObject(pred, "action", q->action);
	cJSON_AddStringToObject(pred, "reason_code", q->reason_code);
	if (q->reason)
		cJSON_AddStringToObject(pred, "reason", q->reason);
	time_format(ts, q->effective_at);
	cJSON_AddStringToObject(pred, "effective_at", ts);
	time_format(ts, time_now());
	cJSON_AddStringToObject(pred, "signed_at", ts);
	if (q->superseded_by)
		cJSON_AddStringToObject(pred, "superseded_by", q->superseded_by);
	if (q->field) {
		cJSON *c = cJSON_AddObjectToObject(pred, "correction");
		cJSON_AddStringToObject(c, "field", q->field);
		cJSON_AddStringToObject(c, "value", q->value);
	}
	rc = reg_sign_stage(g, ops, nops, st, id_out, p);
	cJSON_Delete(st);
	return rc;
}

/* --- verifying one envelope ----------------------------------------- */

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

/* Every file under records/ and root/ must be a leaf and every leaf a
 * file: nothing deleted while its leaf stays in the signed log. */
static void
check_files(struct reg *g, struct problems *p)
{
	size_t files;

	/* A lazy reader reads a commit the log key signed: the writer that
	 * made it checked this count before adding anything (reg_open). */
	if (g->lazy)
		return;
	/* HEAD does not change under a reader: count once per open, not
	 * once per envelope of a batch. */
	if (g->nfiles_committed == 0)
		g->nfiles_committed = reg_count_files(g) + 1;
	files = g->nfiles_committed - 1;

	if (files + g->nroots == g->committed)
		return;
	if (reg_root_rolled_back(g))
		problems_add(p, INK_EROOT, "trust root version %zu was removed: "
		    "the root was rolled back", g->nroots + 1);
	else
		problems_add(p, INK_ELOG, "the registry holds %zu record and root "
		    "files for %zu leaves of its signed log: a record was "
		    "removed", files + g->nroots, g->committed);
}

int
reg_signer_keys(struct reg *g, const struct statement *st, int64_t t,
    struct pubkey ***out, size_t *n)
{
	const cJSON *signers = json_get(st->predicate, "signers"), *s;
	struct pubkey **v = NULL;
	size_t count = 0, cap;

	*out = NULL;
	*n = 0;
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 ||
	    strcmp(st->predicate_type, SIGNER_TYPE) == 0 ||
	    strcmp(st->predicate_type, ROOT_TYPE) == 0) {
		/* Candidates only: which root's keys count is decided by
		 * reg_operator_check from the record's place in the log. */
		size_t total = 0;
		for (size_t k = 0; k < g->nroots; k++)
			total += g->roots[k].nops;
		if ((v = calloc(total + 1, sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		for (size_t k = 0; k < g->nroots; k++)
			for (size_t i = 0; i < g->roots[k].nops; i++)
				if (pubkey_from_raw(&v[count],
				    g->roots[k].ops[i]->raw) == 0)
					count++;
		*out = v;
		*n = count;
		return 0;
	}
	cap = (size_t)cJSON_GetArraySize(signers) + 1;
	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(s, signers) {
		const char *keyid = json_get_str(s, "keyid");
		const char *role = json_get_str(s, "role");
		char why[300], sbuf[32];
		if (!keyid || !role || count + 1 >= cap)
			continue;
		if (accredited_key(g, keyid, role, record_scheme(st, sbuf,
		    sizeof(sbuf)), t, &v[count], why, sizeof(why)) == 0)
			count++;
		ink_error_clear();
	}
	*out = v;
	*n = count;
	return 0;
}

/* Every public key the registry names: the operator keys of every root
 * and the key of every accreditation listed under signers/.  No policy
 * is applied: these are only candidates for verifying signatures ahead
 * (see pubkey_memo_begin); which of them count is decided afterwards by
 * the rules, record by record. */
int
reg_candidate_keys(struct reg *g, struct pubkey ***out, size_t *n)
{
	struct pubkey **v = NULL;
	size_t count = 0, cap = 0;
	char **keyids = NULL;
	size_t nkeyids = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (size_t k = 0; k < g->nroots; k++)
		cap += g->roots[k].nops;
	if (repo_list(&keyids, &nkeyids, g->repo, "signers") != 0) {
		ink_error_clear();
		keyids = NULL;
		nkeyids = 0;
	}
	cap += nkeyids * 2 + 1;
	if ((v = calloc(cap, sizeof(*v))) == NULL) {
		repo_list_free(keyids, nkeyids);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (size_t k = 0; k < g->nroots; k++)
		for (size_t i = 0; i < g->roots[k].nops && count < cap; i++)
			if (pubkey_from_raw(&v[count], g->roots[k].ops[i]->raw)
			    == 0)
				count++;
	for (size_t i = 0; i < nkeyids; i++) {
		char path[128], **ids = NULL;
		size_t nids = 0;
		snprintf(path, sizeof(path), "signers/%s", keyids[i]);
		if (read_ids(g, path, &ids, &nids) != 0) {
			ink_error_clear();
			continue;
		}
		/* Each accreditation of a key names the same key; the first
		 * that parses is enough. */
		for (size_t j = 0; j < nids && count < cap; j++) {
			struct statement st;
			struct reg_entry e;
			const char *pem;
			if (load_statement(g, ids[j], &st, &e) != 0) {
				ink_error_clear();
				continue;
			}
			pem = json_get_str(json_get(st.predicate, "key"),
			    "public_key");
			if (pem && pubkey_from_pem(&v[count], pem,
			    strlen(pem)) == 0 &&
			    strcmp(v[count]->keyid, keyids[i]) == 0) {
				count++;
				statement_release(&st);
				break;
			}
			if (v[count]) {
				pubkey_free(v[count]);
				v[count] = NULL;
			}
			ink_error_clear();
			statement_release(&st);
		}
		repo_list_free(ids, nids);
	}
	repo_list_free(keyids, nkeyids);
	*out = v;
	*n = count;
	return rc;
}

int
reg_verify_envelope(struct reg *g, const struct dsse_envelope *env,
    int64_t at, struct problems *p, struct reg_entry *e,
    struct reg_status *s)
{
	struct statement st = STATEMENT_INIT;
	struct dsse_envelope stored = DSSE_ENVELOPE_INIT;
	char id[RECORD_ID_LEN];
	const struct reg_root *root = &g->roots[g->nroots - 1];
	int rc;

	memset(s, 0, sizeof(*s));
	record_id(id, env->payload, env->payload_len);
	/* The answer below is the last signed commit's; that HEAD is not
	 * signed is itself a failure (8.8). */
	if (g->nunsigned)
		problems_add(p, INK_ELOG, "%s", g->unsigned_what);
	if (at >= root->expires)
		problems_add(p, INK_EROOT, "the registry's trust root (version "
		    "%d) has expired", root->version);
	if (reg_find(g, id, e) != 0) {
		if (g->log_error)
			problems_add(p, INK_ELOG, "%s", g->log_error);
		problems_add(p, INK_ELOG, "record %s is not in the registry's "
		    "log", id);
		ink_error_clear();
		return p->code;
	}
	if ((rc = reg_load(g, e, &stored)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return p->code;
	}
	if (statement_parse(&st, env->payload, env->payload_len, p) != 0) {
		dsse_envelope_release(&stored);
		return p->code;
	}
	/* The registry's copy carries every signature it accepted. */
	reg_check_record(g, &stored, &st, e->integrated, 0, p);
	/* The log: inclusion of this leaf in the signed checkpoint. */
	{
		struct buf cp;
		struct note_vkey vk = NOTE_VKEY_INIT;
		struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
		unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
		size_t n = 0, textlen;
		struct buf vks;

		if (reg_checkpoint(g, &cp) != 0 || reg_log_vkey(g, &vks) != 0) {
			problems_add(p, INK_ELOG, "%s", ink_error_last());
		} else {
			if (note_vkey_parse(&vk, (const char *)vks.data,
			    vks.len) != 0 ||
			    note_verify(&textlen, (const char *)cp.data, cp.len,
			    &vk, 1) != 0 ||
			    note_checkpoint_parse(&c, (const char *)cp.data,
			    textlen) != 0)
				problems_add(p, INK_ELOG, "checkpoint: %s",
				    ink_error_last());
			else if (c.size != g->committed || e->leaf >= c.size)
				problems_add(p, INK_ELOG, "the checkpoint covers %llu "
				    "leaves, the log has %zu",
				    (unsigned long long)c.size, g->committed);
			else if (g->lazy) {
				/* The leaf hashed from this record's id and time,
				 * the proof from the hash tiles. */
				unsigned char lh[MERKLE_HASH_LEN];
				char data[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];
				time_format(ts, e->integrated);
				snprintf(data, sizeof(data), "%s\n%s\n", e->id, ts);
				if (merkle_leaf_hash(lh, data, strlen(data)) != 0 ||
				    reg_tile_proof(g, e->leaf, c.size, &proof,
				    &n) != 0 ||
				    merkle_inclusion_verify(lh, e->leaf, c.size,
				    (const unsigned char (*)[MERKLE_HASH_LEN])proof,
				    n, c.root) != 0)
					problems_add(p, INK_ELOG, "inclusion (log/tile): "
					    "%s", ink_error_last());
			} else if (merkle_inclusion_proof(&proof, &n,
			    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes,
			    c.size, e->leaf) != 0 ||
			    merkle_inclusion_verify(g->hashes[e->leaf], e->leaf,
			    c.size, (const unsigned char (*)[MERKLE_HASH_LEN])proof,
			    n, c.root) != 0)
				problems_add(p, INK_ELOG, "inclusion: %s",
				    ink_error_last());
			free(proof);
			note_checkpoint_release(&c);
			note_vkey_release(&vk);
			buf_release(&vks);
		}
		buf_release(&cp);
	}
	check_files(g, p);
	/* A status that cannot be computed is never "active". */
	if (status_at(g, id, at, s, 0) != 0) {
		problems_add(p, INK_ELOG, "status: %s", ink_error_last());
		ink_error_clear();
	} else if (s->state != REG_ACTIVE) {
		problems_add(p, reg_state_code(s->state), "%s: %s",
		    reg_state_name(s->state), s->why);
	}
	statement_release(&st);
	dsse_envelope_release(&stored);
	return p->code;
}
