/*
 * What the registry says about a record: its status at a time, computed from
 * the status and superseding records that name it, from the accreditation of
 * its signers when it was integrated, and, recursively, from the records it
 * is built on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "kinds/bind.h"
#include "kinds/kind.h"
#include "registry/internal.h"

static int status_index(struct reg *g);
static int merge_ids(struct reg *g, char ***ids, size_t *n,
    const cJSON *more);

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
			if ((rc = reg_statement_load(g, sid, &st, &e)) != 0) {
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

/* A corrective demand (是正要求) made, and one closed, in log order. */
static int
demand_made(struct reg_status *s, const char *id, const cJSON *pred)
{
	int64_t deadline;
	const char *d = json_get_str(pred, "deadline");

	if (d == NULL || time_parse(&deadline, d) != 0)
		return ink_error(INK_ELOG, "cannot compute the status of %s: "
		    "corrective demand %s has no deadline",
		    json_get_str(pred, "target"), id);
	if (s->ndemands == REG_MAX_OPEN_DEMANDS)
		return ink_error(INK_ELOG, "cannot compute the status of %s: "
		    "more than %d corrective demands open",
		    json_get_str(pred, "target"), REG_MAX_OPEN_DEMANDS);
	snprintf(s->demands[s->ndemands].id, RECORD_ID_LEN, "%s", id);
	s->demands[s->ndemands++].deadline = deadline;
	return 0;
}

static void
demand_closed(struct reg_status *s, const char *demand)
{
	for (size_t i = 0; demand && i < s->ndemands; i++)
		if (strcmp(s->demands[i].id, demand) == 0) {
			memmove(&s->demands[i], &s->demands[i + 1],
			    (s->ndemands - i - 1) * sizeof(s->demands[0]));
			s->ndemands--;
			return;
		}
}

/* Status records and superseding records about id, applied in log order
 * when they are in effect at time at. */
static int
apply_links(struct reg *g, const char *id, int64_t at, struct reg_status *s,
    int *revoked, int *suspended, int *withdrawn, int *delisted,
    int *superseded, struct reg_status *renewal)
{
	enum { W_REVOKE, W_SUSPEND, W_WITHDRAW, W_DELIST, W_SUPERSEDE,
		W_REINSTATE, W_RENEWAL, W_N };
	struct {
		char why[512];
		char by[RECORD_ID_LEN];
		char code[64];
		int64_t t;
	} w[W_N];
	char path[128], **ids = NULL;
	size_t n = 0;
	int rc, k, last = -1;

	memset(w, 0, sizeof(w));
	reg_links_path(path, id);
	if ((rc = reg_ids_read(g, path, &ids, &n)) != 0)
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

		if ((rc = reg_statement_load(g, ids[i], &st, &e)) != 0) {
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
			    reg_same_subject(g, &st, id, why, sizeof(why))) {
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
		else if (strcmp(action, "renewal-pending") == 0)
			k = W_RENEWAL;
		else
			k = -1; /* correct, supervision: no change of status */
		/* Supervision changes no state: a demand open past its
		 * deadline is shown beside it (and the operator revokes,
		 * citing it). */
		if (strcmp(action, "corrective-demand") == 0 &&
		    (rc = demand_made(s, ids[i], st.predicate)) != 0) {
			statement_release(&st);
			break;
		}
		if (strcmp(action, "corrective-closed") == 0)
			demand_closed(s, json_get_str(st.predicate, "cites"));
		if (k >= 0) {
			char ts[TIME_LEN];
			const char *by = json_get_str(st.predicate,
			    "superseded_by");
			const char *wb = json_get_str(st.predicate,
			    "withdrawn_by");
			time_format(ts, t);
			snprintf(w[k].why, sizeof(w[k].why), "%s at %s%s%s (%s%s%s)",
			    action, ts, wb ? " by the record's " : "", wb ? wb : "",
			    code ? code : "", reason ? ": " : "",
			    reason ? reason : "");
			snprintf(w[k].by, sizeof(w[k].by), "%s",
			    k == W_SUPERSEDE && by ? by : ids[i]);
			snprintf(w[k].code, sizeof(w[k].code), "%s",
			    code ? code : "");
			w[k].t = t;
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
		snprintf(s->code, sizeof(s->code), "%s", w[k].code);
		s->since = w[k].t;
	}
	/* A renewal applied for (the last in effect) is a fact beside the
	 * state, which status_of weighs against the validity's end. */
	memset(renewal, 0, sizeof(*renewal));
	if (w[W_RENEWAL].why[0]) {
		snprintf(renewal->why, sizeof(renewal->why), "%s",
		    w[W_RENEWAL].why);
		snprintf(renewal->by, sizeof(renewal->by), "%s", w[W_RENEWAL].by);
		snprintf(renewal->code, sizeof(renewal->code), "%s",
		    w[W_RENEWAL].code);
		renewal->since = w[W_RENEWAL].t;
	}
	return rc;
}

/* The status at time at of the record e, whose statement is st. */
static int
status_of(struct reg *g, const struct reg_entry *e, const struct statement *st,
    int64_t at, struct reg_status *out, int depth)
{
	const char *id = e->id;
	int revoked = 0, suspended = 0, withdrawn = 0, delisted = 0;
	int superseded = 0, rc = 0, pending = 0, dated;
	int64_t nb = 0, na = 0;
	char why[sizeof(out->why)];
	struct reg_status renewal;

	memset(out, 0, sizeof(*out));
	if (e->integrated > at) {
		out->state = REG_NOT_YET_VALID;
		snprintf(out->why, sizeof(out->why), "not registered yet at "
		    "that time");
		goto done;
	}
	if ((rc = apply_links(g, id, at, out, &revoked, &suspended, &withdrawn,
	    &delisted, &superseded, &renewal)) != 0)
		goto done;
	memcpy(why, out->why, sizeof(why));
	/* A signer whose accreditation was revoked with effect from before
	 * this record's registration takes the record with it. */
	if (!revoked && (strcmp(st->predicate_type, AUDIT_TYPE) == 0 ||
	    strcmp(st->predicate_type, SCS_TYPE) == 0)) {
		const cJSON *sg;
		char sbuf[32];
		const char *scheme = reg_record_scheme(st, sbuf, sizeof(sbuf));
		cJSON_ArrayForEach(sg, json_get(st->predicate, "signers")) {
			const char *kid = json_get_str(sg, "keyid");
			const char *role = json_get_str(sg, "role");
			struct pubkey *k = NULL;
			char w[300];
			if (!kid || !role)
				continue;
			if (reg_accredited_key(g, kid, role, scheme, st,
			    e->integrated, &k, w, sizeof(w)) != 0) {
				revoked = 1;
				snprintf(out->why, sizeof(out->why), "the %s's "
				    "accreditation does not hold at registration: %s",
				    role, w);
				out->by[0] = '\0';
				out->code[0] = '\0';
				out->since = e->integrated;
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
	/* Past its end, a registration whose renewal was applied for while
	 * it was valid stays valid while the renewal is pending, where the
	 * scheme says so (ISMAP-style; FORMAT.md 8.5): until the renewal
	 * supersedes it, or the operator ends it (delist, withdraw). */
	dated = statement_validity(st, &nb, &na) == 0;
	if (dated && at >= na && renewal.since && renewal.since < na &&
	    reg_scheme_flag(g, st, "renewal_keeps_valid"))
		pending = 1;
	if (dated && !pending && (at < nb || at >= na)) {
		char ts[TIME_LEN];
		time_format(ts, at < nb ? nb : na);
		out->state = at < nb ? REG_NOT_YET_VALID : REG_EXPIRED;
		out->since = at < nb ? 0 : na;
		out->code[0] = '\0';
		snprintf(out->why, sizeof(out->why), "%s %s", at < nb ?
		    "valid from" : "expired at", ts);
		goto done;
	}
	if (delisted) {
		out->state = REG_DELISTED;
		snprintf(out->why, sizeof(out->why), "%s", why);
		goto done;
	}
	/* What it is built on: a base service without a registration in
	 * force delists it (services.c). */
	out->state = REG_ACTIVE;
	if ((rc = reg_built_on_status(g, st, at, depth, out)) != 0 ||
	    out->state != REG_ACTIVE)
		goto done;
	/* What a certification was granted on (seed 003). */
	if ((rc = reg_prerequisite_status(g, st, at, depth, out)) != 0 ||
	    out->state != REG_ACTIVE)
		goto done;
	out->state = REG_ACTIVE;
	out->why[0] = '\0';
	out->code[0] = '\0';
	out->since = 0;
	if (renewal.since) {
		/* (in force; shown with the renewal it waits for) */
		char ts[TIME_LEN];
		time_format(ts, na);
		snprintf(out->why, sizeof(out->why), "renewal pending: %s%s%s",
		    renewal.why, pending ? "; valid past its end, " : "",
		    pending ? ts : "");
		snprintf(out->code, sizeof(out->code), "%s", renewal.code);
		snprintf(out->by, sizeof(out->by), "%s", renewal.by);
		out->since = renewal.since;
	}
done:
	return rc;
}

int
reg_status_at(struct reg *g, const char *id, int64_t at, struct reg_status *out,
    int depth)
{
	struct statement st;
	struct reg_entry e;
	int rc;

	memset(out, 0, sizeof(*out));
	if (depth > REG_MAX_BUILT_ON_DEPTH)
		return ink_error(INK_ENO, "built_on is nested deeper than %d",
		    REG_MAX_BUILT_ON_DEPTH);
	if ((rc = reg_statement_load(g, id, &st, &e)) != 0)
		return rc;
	rc = status_of(g, &e, &st, at, out, depth);
	statement_release(&st);
	return rc;
}

int
reg_status_of(struct reg *g, const char *id, int64_t at,
    struct reg_status *out)
{
	return reg_status_at(g, id, at, out, 0);
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

/* Whether the accreditation id grants keyid for role and scheme at t
 * and vouches for rec's names: *out set when it does, why when not. */
static void
accreditation_grants(struct reg *g, const char *id, const char *keyid,
    const char *role, const char *scheme, const struct statement *rec,
    int64_t t, struct pubkey **out, char *why, size_t whylen)
{
	struct statement st;
	struct reg_entry e;
	struct reg_status s;
	const cJSON *p, *k;
	int64_t from, until, firm;

	if (reg_statement_load(g, id, &st, &e) != 0) {
		/* (a listed accreditation that cannot be read grants
		 * nothing: the key stays refused) */
		snprintf(why, whylen, "the accreditation %s of key %.16s "
		    "cannot be read: %s", id, keyid, ink_error_last());
		ink_error_clear();
		return;
	}
	p = st.predicate;
	k = json_get(p, "key");
	if (strcmp(st.predicate_type, SIGNER_TYPE) != 0 ||
	    !json_get_str(k, "keyid") ||
	    strcmp(json_get_str(k, "keyid"), keyid) != 0) {
		/* signers/<keyid> is an index: what it lists must be
		 * an accreditation of this very key. */
		snprintf(why, whylen, "%s is not an accreditation of key "
		    "%.16s", id, keyid);
	} else if (e.integrated > t) {
		snprintf(why, whylen, "key %.16s was accredited only "
		    "after %s", keyid, "that time");
	} else if (!list_has(json_get(p, "roles"), role)) {
		snprintf(why, whylen, "key %.16s is not accredited as "
		    "%s", keyid, role);
	} else if (scheme && !list_has(json_get(p, "schemes"), scheme)) {
		snprintf(why, whylen, "key %.16s is not accredited for "
		    "scheme '%s'", keyid, scheme);
	} else if (rec && kind_bind(rec->predicate_type,
	    rec->predicate, role, p, why, whylen) != 0) {
		/* (why names the rule and the two names) */
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
	} else if (reg_status_at(g, id, t, &s, 0) != 0) {
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

/* The public key of an accreditation of keyid for role and scheme valid
 * and unrevoked at time t, and vouching for rec's names when rec is
 * given; why explains a refusal.  A key accredited many times (for many
 * organisations) is sifted first by the party id the record's kind binds
 * (its corporate number): only accreditations holding it can vouch.
 * When none does, every accreditation is asked, for the refusal's why. */
int
reg_accredited_key(struct reg *g, const char *keyid, const char *role,
    const char *scheme, const struct statement *rec, int64_t t,
    struct pubkey **out, char *why, size_t whylen)
{
	const char *party = rec ? kind_bind_party(rec->predicate_type,
	    rec->predicate, role) : NULL;
	char **ids = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	snprintf(why, whylen, "key %.16s has no accreditation", keyid);
	if (strlen(keyid) != 64 || strspn(keyid, "0123456789abcdef") != 64)
		return INK_ENO;
	if ((rc = reg_acc_ids(g, keyid, &ids, &n)) != 0)
		return rc;
	for (size_t i = 0; party && i < n && *out == NULL; i++) {
		const char *own = reg_acc_party(g, i, role);
		if (own && strcmp(own, party) == 0)
			accreditation_grants(g, ids[i], keyid, role, scheme, rec,
			    t, out, why, whylen);
	}
	for (size_t i = 0; i < n && *out == NULL; i++)
		accreditation_grants(g, ids[i], keyid, role, scheme, rec, t, out,
		    why, whylen);
	return *out ? 0 : INK_ENO;
}

int
reg_signer_vouches(struct reg *g, const struct statement *st,
    const char *keyid, const char *role, int64_t t, char *why, size_t len)
{
	struct pubkey *k = NULL;
	char sbuf[32];
	int rc;

	rc = reg_accredited_key(g, keyid, role, reg_record_scheme(st, sbuf,
	    sizeof(sbuf)), st, t, &k, why, len);
	pubkey_free(k);
	ink_error_clear();
	return rc;
}

/* The scheme a record is under. */
const char *
reg_record_scheme(const struct statement *st, char *buf, size_t len)
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

/* The family of the scheme a record is under ("soc2" for soc2-type1
 * and soc2-type2), or its id when the schemes say none. */
const char *
reg_scheme_family(struct reg *g, const struct statement *st, char *buf,
    size_t len)
{
	const char *sid = reg_record_scheme(st, buf, len);
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
int
reg_same_subject(struct reg *g, const struct statement *st, const char *old,
    char *why, size_t whylen)
{
	struct statement o;
	struct reg_entry e;
	char b1[32], b2[32];
	const char *c1, *c2, *f1, *f2, *s1, *s2;
	int ok = 0;

	if (reg_statement_load(g, old, &o, &e) != 0) {
		snprintf(why, whylen, "%s cannot be read: %s", old,
		    ink_error_last());
		ink_error_clear();
		return 0;
	}
	c1 = json_get_str(json_get(st->predicate, "organisation"),
	    "corporate_number");
	c2 = json_get_str(json_get(o.predicate, "organisation"),
	    "corporate_number");
	f1 = reg_scheme_family(g, st, b1, sizeof(b1));
	f2 = reg_scheme_family(g, &o, b2, sizeof(b2));
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

/* --- what a record is built on ---------------------------------------
 *
 * A record built on another service (built_on) stays registered while
 * that service has a registration in force under a scheme its own scheme
 * allows as a base (schemes.json "bases"): an audit of it, found through
 * services/<corporate_number>/<service_id> and checked to be of that very
 * service, that is active.  A re-audit of the base (a superseding record)
 * keeps it; a base revoked, delisted, withdrawn or expired without renewal
 * delists it, transitively (seed 001, 2.3.4 ④: 「基盤となる他社のクラウド
 * サービスが登録抹消となった場合には、自社のサービスも登録抹消となる」).
 * An edited index can hide a registration (fail closed) but never lend
 * one; `registry verify` checks it holds exactly what the records say.
 */

/* The schemes.json entry of the scheme st is under, or NULL. */
static const cJSON *
scheme_of(struct reg *g, const struct statement *st)
{
	char buf[32];
	const char *sid = reg_record_scheme(st, buf, sizeof(buf));

	if (sid == NULL || (g->schemes == NULL &&
	    scheme_doc_load(&g->schemes) != 0)) {
		ink_error_clear();
		return NULL;
	}
	return scheme_find(g->schemes, sid);
}

const cJSON *
reg_scheme_bases(struct reg *g, const struct statement *st)
{
	const cJSON *b = json_get(scheme_of(g, st), "bases");

	return cJSON_IsArray(b) && b->child ? b : NULL;
}

int
reg_scheme_flag(struct reg *g, const struct statement *st, const char *key)
{
	return cJSON_IsTrue(json_get(scheme_of(g, st), key));
}

static int
names_scheme(const cJSON *list, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, list)
		if (cJSON_IsString(c) && id && strcmp(c->valuestring, id) == 0)
			return 1;
	return 0;
}

int
reg_built_on_service(struct reg *g, const cJSON *b, char cn[16],
    char sid[136], char *why, size_t len)
{
	const char *c, *s;
	struct statement st;
	struct reg_entry e;

	if (cJSON_IsObject(b)) {
		c = json_get_str(b, "corporate_number");
		s = json_get_str(b, "service_id");
		if (!reg_service_key_ok(c, s)) {
			snprintf(why, len, "a built_on entry names a service by "
			    "its organisation's corporate_number and its "
			    "service_id");
			return INK_ENO;
		}
		snprintf(cn, 16, "%s", c);
		snprintf(sid, 136, "%s", s);
		return 0;
	}
	if (!cJSON_IsString(b)) {
		snprintf(why, len, "a built_on entry is a service "
		    "({\"corporate_number\", \"service_id\"}) or a record id");
		return INK_ENO;
	}
	/* The first form: the record id of an audit of the service. */
	if (reg_statement_keep(g, b->valuestring, &st, &e) != 0) {
		snprintf(why, len, "built on %s, which is not in the registry",
		    b->valuestring);
		ink_error_clear();
		return INK_ENO;
	}
	reg_service_of(&st, &c, &s);
	if (strcmp(st.predicate_type, AUDIT_TYPE) != 0 ||
	    !reg_service_key_ok(c, s)) {
		snprintf(why, len, "built on %s, which is not the audit of a "
		    "service (only a registered service is a base)",
		    b->valuestring);
		statement_release(&st);
		return INK_ENO;
	}
	snprintf(cn, 16, "%s", c);
	snprintf(sid, 136, "%s", s);
	statement_release(&st);
	return 0;
}

static int service_status(struct reg *g, const char *path, const char *cn,
    const char *sid, const cJSON *bases, int64_t at, int depth,
    struct reg_status *out);

/* Each service's status once per time and bases, and never one that
 * depends on itself: a circle of services built on each other has no
 * registration in force (registry add refuses to close one). */
int
reg_service_status(struct reg *g, const char *cn, const char *sid,
    const cJSON *bases, int64_t at, int depth, struct reg_status *out)
{
	const struct reg_svcmemo *m;
	char path[160], key[600];
	const cJSON *b;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	reg_services_path(path, cn, sid);
	if (!*path)
		return ink_error(INK_ENOTFOUND, "no service %s/%s", cn, sid);
	for (int i = 0; i < g->nsvcstack; i++)
		if (strcmp(g->svcstack[i], path) == 0)
			return ink_error(INK_ENO, "service %s of %s is built on "
			    "itself (a circle of built_on)", sid, cn);
	if (g->nsvcstack >= (int)(sizeof(g->svcstack) /
	    sizeof(g->svcstack[0])))
		return ink_error(INK_ENO, "built_on is nested deeper than %d",
		    REG_MAX_BUILT_ON_DEPTH);
	len = (size_t)snprintf(key, sizeof(key), "%s@%lld:", path,
	    (long long)at);
	cJSON_ArrayForEach(b, bases)
		if (cJSON_IsString(b) && len < sizeof(key))
			len += (size_t)snprintf(key + len, sizeof(key) - len,
			    "%s,", b->valuestring);
	if ((m = reg_services_memo(g, key)) != NULL) {
		*out = m->s;
		return m->rc == 0 ? 0 : ink_error(m->rc, "%s", m->s.why);
	}
	snprintf(g->svcstack[g->nsvcstack++], sizeof(g->svcstack[0]), "%s",
	    path);
	rc = service_status(g, path, cn, sid, bases, at, depth, out);
	g->nsvcstack--;
	if (rc != 0)
		snprintf(out->why, sizeof(out->why), "%s", ink_error_last());
	if (len < sizeof(key))
		reg_services_memo_put(g, key, rc, out);
	return rc;
}

static int
service_status(struct reg *g, const char *path, const char *cn,
    const char *sid, const cJSON *bases, int64_t at, int depth,
    struct reg_status *out)
{
	char **ids = NULL, buf[32];
	size_t n = 0;
	int rc, found = 0, active = 0;

	if ((rc = reg_ids_read(g, path, &ids, &n)) != 0)
		return rc;
	/* Newest first: the registration in force, else the newest's. */
	for (size_t i = n; i-- > 0 && !active;) {
		struct statement st;
		struct reg_entry e;
		struct reg_status s;
		const char *c, *v;

		if ((rc = reg_statement_keep(g, ids[i], &st, &e)) != 0) {
			if (rc == INK_ENOTFOUND) {
				/* (names no leaf of the signed log: adds
				 * nothing) */
				ink_error_clear();
				rc = 0;
				continue;
			}
			break;
		}
		reg_service_of(&st, &c, &v);
		if (strcmp(st.predicate_type, AUDIT_TYPE) != 0 || !c || !v ||
		    strcmp(c, cn) != 0 || strcmp(v, sid) != 0) {
			rc = ink_error(INK_ELOG, "%s names %s, which is not an "
			    "audit of that service", path, ids[i]);
			statement_release(&st);
			break;
		}
		if (e.integrated > at ||
		    !names_scheme(bases, reg_record_scheme(&st, buf,
		    sizeof(buf)))) {
			statement_release(&st);
			continue;
		}
		statement_release(&st);
		if ((rc = reg_status_at(g, ids[i], at, &s, depth)) != 0)
			break;
		if (s.state == REG_ACTIVE || !found) {
			*out = s;
			snprintf(out->by, sizeof(out->by), "%s", ids[i]);
		}
		found = 1;
		active = s.state == REG_ACTIVE;
	}
	repo_list_free(ids, n);
	if (rc == 0 && !found)
		rc = ink_error(INK_ENOTFOUND, "service %s of %s has no "
		    "registration", sid, cn);
	return rc;
}

int
reg_built_on_status(struct reg *g, const struct statement *st, int64_t at,
    int depth, struct reg_status *out)
{
	const cJSON *bases = reg_scheme_bases(g, st), *b;
	char buf[32];
	int rc;

	cJSON_ArrayForEach(b, json_get(st->predicate, "built_on")) {
		struct reg_status bs;
		char cn[16], sid[136], why[400];

		out->code[0] = '\0';
		out->since = 0;
		out->by[0] = '\0';
		if (reg_built_on_service(g, b, cn, sid, why, sizeof(why)) != 0) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "%s", why);
			return 0;
		}
		if (bases == NULL) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "built on %s of %s, "
			    "but scheme '%s' takes no base service", sid, cn,
			    reg_record_scheme(st, buf, sizeof(buf)));
			return 0;
		}
		if ((rc = reg_service_status(g, cn, sid, bases, at, depth + 1,
		    &bs)) == INK_ELOG)
			return rc; /* (an index the records contradict) */
		if (rc != 0) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "built on %s of %s, "
			    "which has no registration: %s", sid, cn,
			    ink_error_last());
			ink_error_clear();
			return 0;
		}
		if (bs.state != REG_ACTIVE) {
			out->state = REG_DELISTED;
			snprintf(out->why, sizeof(out->why), "built on service "
			    "%s of %s, whose registration %s is %s", sid, cn,
			    bs.by, reg_state_name(bs.state));
			snprintf(out->by, sizeof(out->by), "%s", bs.by);
			out->since = bs.since;
			return 0;
		}
	}
	return 0;
}


/* --- the prerequisites of a certification -----------------------------
 *
 * A cybersecurity-service certification (seed 003's new programme,
 * schemes.json "prerequisites") holds only while what it was granted on
 * holds: the service's listing under the 審査登録 programme (the same
 * service, registered under listing_family, in the same category), the
 * ISMS certification it names (until its valid_until), and the
 * organisation's SCS assessment it names (under one of scs_schemes, of
 * the same organisation, in force -- a re-assessment that supersedes it
 * keeps it).  Seed 003 制度の有効期間: 「仮に更新できなかつた場合は、原則、
 * 認定を取り消すこと」: a lost prerequisite takes the certification out of
 * force at once (delisted, PREREQUISITE-LAPSED) and the operator revokes
 * it for that reason; it is back in force if the prerequisite is
 * restored before.
 */

/* The ids of the schemes of family fam, as the bases list
 * reg_service_status takes (to free). */
static cJSON *
family_schemes(struct reg *g, const char *fam)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *s;

	cJSON_ArrayForEach(s, json_get(g->schemes, "schemes")) {
		const char *f = json_get_str(s, "family");
		if (out && f && strcmp(f, fam) == 0)
			cJSON_AddItemToArray(out,
			    cJSON_CreateString(json_get_str(s, "id")));
	}
	return out;
}

static int
lost(struct reg_status *out, const char *by, int64_t since, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
lost(struct reg_status *out, const char *by, int64_t since, const char *fmt,
    ...)
{
	va_list ap;
	int n;

	out->state = REG_DELISTED;
	n = snprintf(out->why, sizeof(out->why), "prerequisite lost: ");
	va_start(ap, fmt);
	vsnprintf(out->why + n, sizeof(out->why) - (size_t)n, fmt, ap);
	va_end(ap);
	snprintf(out->code, sizeof(out->code), "PREREQUISITE-LAPSED");
	snprintf(out->by, sizeof(out->by), "%s", by ? by : "");
	out->since = since;
	return 0;
}

/* The listing: the same service under the family, in force, in the
 * certification's category. */
static int
listing_holds(struct reg *g, const struct statement *st, const char *fam,
    int64_t at, int depth, struct reg_status *out)
{
	const char *cn, *sid, *cat, *lcat;
	struct reg_status s;
	struct statement l;
	struct reg_entry e;
	cJSON *bases;
	int rc;

	reg_service_of(st, &cn, &sid);
	if (!reg_service_key_ok(cn, sid))
		return lost(out, NULL, 0, "the certification names no service");
	if ((bases = family_schemes(g, fam)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	rc = reg_service_status(g, cn, sid, bases, at, depth + 1, &s);
	cJSON_Delete(bases);
	if (rc == INK_ELOG)
		return rc;
	if (rc != 0) {
		ink_error_clear();
		return lost(out, NULL, 0, "service %s of %s is not listed "
		    "under '%s'", sid, cn, fam);
	}
	if (s.state != REG_ACTIVE)
		return lost(out, s.by, s.since, "the listing of service %s "
		    "under '%s' (%s) is %s", sid, fam, s.by,
		    reg_state_name(s.state));
	if ((rc = reg_statement_keep(g, s.by, &l, &e)) != 0)
		return rc;
	cat = json_get_str(json_get(st->predicate, "service_category"), "id");
	lcat = json_get_str(json_get(l.predicate, "service_category"), "id");
	if (!cat || !lcat || strcmp(cat, lcat) != 0)
		lost(out, s.by, 0, "service %s is listed under '%s' in category "
		    "'%s', not '%s'", sid, fam, lcat ? lcat : "?",
		    cat ? cat : "?");
	statement_release(&l);
	return 0;
}

/* The SCS assessment named, or the one that superseded it. */
static int
scs_holds(struct reg *g, const struct statement *st, const cJSON *schemes,
    int64_t at, int depth, struct reg_status *out)
{
	const char *id = json_get_str(json_get(json_get(st->predicate,
	    "certification"), "prerequisites"), "scs_assessment");
	const char *cn = json_get_str(json_get(st->predicate, "organisation"),
	    "corporate_number");
	char cur[RECORD_ID_LEN], buf[32];
	int rc;

	if (id == NULL || cn == NULL)
		return lost(out, NULL, 0, "the certification names no SCS "
		    "assessment");
	snprintf(cur, sizeof(cur), "%s", id);
	for (int hop = 0; hop <= REG_MAX_BUILT_ON_DEPTH; hop++) {
		struct statement a;
		struct reg_entry e;
		struct reg_status s;
		const char *acn, *sch;
		int ok;

		if ((rc = reg_statement_keep(g, cur, &a, &e)) == INK_ENOTFOUND) {
			ink_error_clear();
			return lost(out, NULL, 0, "the SCS assessment %s is not "
			    "in the registry", cur);
		}
		if (rc != 0)
			return rc;
		acn = json_get_str(json_get(a.predicate, "organisation"),
		    "corporate_number");
		sch = reg_record_scheme(&a, buf, sizeof(buf));
		ok = strcmp(a.predicate_type, SCS_TYPE) == 0 && acn &&
		    strcmp(acn, cn) == 0 && names_scheme(schemes, sch);
		statement_release(&a);
		if (!ok)
			return lost(out, cur, 0, "%s is not an assessment of %s "
			    "under %s", cur, cn, "the schemes the certification "
			    "requires (★4 or higher)");
		if ((rc = reg_status_at(g, cur, at, &s, depth + 1)) != 0)
			return rc;
		if (s.state == REG_ACTIVE)
			return 0;
		if (s.state != REG_SUPERSEDED || !s.by[0])
			return lost(out, cur, s.since, "the organisation's SCS "
			    "assessment %s is %s", cur,
			    reg_state_name(s.state));
		snprintf(cur, sizeof(cur), "%s", s.by);
	}
	return lost(out, cur, 0, "the SCS assessment %s is superseded more "
	    "than %d times", id, REG_MAX_BUILT_ON_DEPTH);
}

int
reg_prerequisite_status(struct reg *g, const struct statement *st,
    int64_t at, int depth, struct reg_status *out)
{
	const cJSON *pr, *isms;
	const char *fam, *vu;
	int64_t d;
	int rc;

	/* (every record's status asks: the scheme only for an audit) */
	if (strcmp(st->predicate_type, AUDIT_TYPE) != 0 ||
	    (pr = json_get(scheme_of(g, st), "prerequisites")) == NULL)
		return 0;
	if (depth > REG_MAX_BUILT_ON_DEPTH)
		return ink_error(INK_ENO, "prerequisites are nested deeper "
		    "than %d", REG_MAX_BUILT_ON_DEPTH);
	if ((fam = json_get_str(pr, "listing_family")) != NULL &&
	    ((rc = listing_holds(g, st, fam, at, depth, out)) != 0 ||
	    out->state != REG_ACTIVE))
		return rc;
	/* The ISMS certificate, valid through its valid_until (JST). */
	isms = json_get(json_get(json_get(st->predicate, "certification"),
	    "prerequisites"), "isms");
	vu = json_get_str(isms, "valid_until");
	if (vu == NULL || time_parse_date(&d, vu) != 0)
		return lost(out, NULL, 0, "the certification names no ISMS "
		    "certificate");
	d += 86400 - JST_OFFSET;
	if (at >= d)
		return lost(out, NULL, d, "the ISMS certificate %s was valid "
		    "until %s", json_get_str(isms, "certificate_number") ?
		    json_get_str(isms, "certificate_number") : "?", vu);
	if (json_get(pr, "scs_schemes") &&
	    (rc = scs_holds(g, st, json_get(pr, "scs_schemes"), at, depth,
	    out)) != 0)
		return rc;
	return 0;
}
