/*
 * The site's model (see model.h): what the model takes of each record
 * it reads -- its texts, signers, organisation, service and validity --
 * and the entities those name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "site/model_int.h"
#include "site/out.h"


static struct s_text
text_of(struct ctx *c, const cJSON *v)
{
	struct s_text t = { NULL, NULL };

	if (cJSON_IsString(v)) {
		t.ja = t.en = A(v->valuestring);
	} else if (cJSON_IsObject(v)) {
		t.ja = A(json_get_str(v, "ja"));
		t.en = A(json_get_str(v, "en"));
	}
	return t;
}

/* The plain text of a Markdown text, cut short, in both languages. */
static struct s_text
plain_of(struct ctx *c, const cJSON *v)
{
	struct s_text t = text_of(c, v), p = { NULL, NULL };
	char *s;

	if (c->plain_kept)
		return t;
	if (t.ja && (s = md_plain(t.ja, 240)) != NULL) {
		p.ja = A(s);
		free(s);
	}
	if (t.en == t.ja)
		p.en = p.ja;
	else if (t.en && (s = md_plain(t.en, 240)) != NULL) {
		p.en = A(s);
		free(s);
	}
	return p;
}

static struct s_list
list_of(struct ctx *c, const cJSON *arr, const char *member)
{
	struct s_list l = { NULL, 0 };
	const cJSON *e;
	size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;

	if (n == 0 || (l.v = arena_alloc(c->m->arena, n * sizeof(*l.v))) ==
	    NULL)
		return l;
	cJSON_ArrayForEach(e, arr) {
		const char *s = member ? json_get_str(e, member) :
		    cJSON_IsString(e) ? e->valuestring : NULL;
		if (member && s == NULL)
			s = json_get_str(json_get(e, member), "ja");
		if (s && k < n)
			l.v[k++] = A(s);
	}
	l.n = k;
	return l;
}

static int64_t
time_of(const cJSON *o, const char *member)
{
	int64_t t;

	if (json_get_str(o, member) && time_parse(&t, json_get_str(o,
	    member)) == 0)
		return t;
	return 0;
}

size_t
model_id_index(struct ctx *c, const char *id)
{
	return id ? smap_get(&c->ids, id) : S_NONE;
}

/* The organisation entity of (name, corporate number). */
static size_t
org_of(struct ctx *c, struct s_text name, const char *corp)
{
	char key[64];
	size_t ix;

	if (corp && strlen(corp) == 13 && strspn(corp, "0123456789") == 13) {
		snprintf(key, sizeof(key), "%s", corp);
	} else {
		unsigned char d[SHA256_LEN];
		const char *n = s_pick(name, "ja");
		if (n == NULL)
			return S_NONE;
		sha256(d, n, strlen(n));
		snprintf(key, sizeof(key), "x%02x%02x%02x%02x%02x%02x%02x%02x",
		    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
		corp = NULL;
	}
	if ((ix = smap_get(&c->orgs, key)) == S_NONE) {
		struct s_model *m = c->m;
		if (m->norgs == c->cap_orgs) {
			size_t cap = c->cap_orgs ? c->cap_orgs * 2 : 64;
			struct s_org *v = realloc(m->orgs, cap * sizeof(*v));
			if (v == NULL)
				return S_NONE;
			m->orgs = v;
			c->cap_orgs = cap;
		}
		ix = m->norgs;
		memset(&m->orgs[ix], 0, sizeof(m->orgs[ix]));
		m->orgs[ix].key = A(key);
		m->orgs[ix].corp = A(corp);
		if (m->orgs[ix].key == NULL ||
		    smap_put(&c->orgs, m->orgs[ix].key, ix) != 0)
			return S_NONE;
		m->norgs++;
	}
	/* The newest record names it. */
	if (s_pick(name, "ja"))
		c->m->orgs[ix].name = name;
	return ix;
}

static size_t
svc_of(struct ctx *c, size_t org, struct s_text name, const char *id,
    size_t rec)
{
	struct s_model *m = c->m;
	char key[256];
	size_t ix;

	if (org == S_NONE || id == NULL)
		return S_NONE;
	/* The key names files: a service id as the rules allow it (1-128 of
	 * A-Z a-z 0-9 . _ -, no leading '.' or '-'), else a hash of it, so
	 * that a record of a tampered clone cannot name a path. */
	if (strlen(id) >= 1 && strlen(id) <= 128 && id[0] != '.' &&
	    id[0] != '-' && strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(id)) {
		snprintf(key, sizeof(key), "%s-%s", m->orgs[org].key, id);
	} else {
		unsigned char d[SHA256_LEN];
		sha256(d, id, strlen(id));
		snprintf(key, sizeof(key), "%s-x%02x%02x%02x%02x%02x%02x%02x%02x",
		    m->orgs[org].key, d[0], d[1], d[2], d[3], d[4], d[5], d[6],
		    d[7]);
	}
	if ((ix = smap_get(&c->svcs, key)) == S_NONE) {
		if (m->nsvcs == c->cap_svcs) {
			size_t cap = c->cap_svcs ? c->cap_svcs * 2 : 64;
			struct s_svc *v = realloc(m->svcs, cap * sizeof(*v));
			if (v == NULL)
				return S_NONE;
			m->svcs = v;
			c->cap_svcs = cap;
		}
		ix = m->nsvcs;
		memset(&m->svcs[ix], 0, sizeof(m->svcs[ix]));
		m->svcs[ix].key = A(key);
		m->svcs[ix].svc_id = A(id);
		m->svcs[ix].org = org;
		if (m->svcs[ix].key == NULL ||
		    smap_put(&c->svcs, m->svcs[ix].key, ix) != 0)
			return S_NONE;
		m->nsvcs++;
	}
	m->svcs[ix].name = name;
	m->svcs[ix].latest = rec;
	return ix;
}

static size_t
signer_of(struct ctx *c, const char *keyid)
{
	struct s_model *m = c->m;
	size_t ix;

	if (keyid == NULL || strlen(keyid) != 64 ||
	    strspn(keyid, "0123456789abcdef") != 64)
		return S_NONE;
	if ((ix = smap_get(&c->signers, keyid)) != S_NONE)
		return ix;
	if (m->nsigners == c->cap_signers) {
		size_t cap = c->cap_signers ? c->cap_signers * 2 : 64;
		struct s_signer_ent *v = realloc(m->signers, cap * sizeof(*v));
		size_t **a = realloc(c->ent_accs, cap * sizeof(*a));
		size_t *na;
		if (v)
			m->signers = v;
		if (a)
			c->ent_accs = a;
		na = realloc(c->ent_naccs, cap * sizeof(*na));
		if (v == NULL || a == NULL || na == NULL)
			return S_NONE;
		c->ent_naccs = na;
		c->cap_signers = cap;
	}
	ix = m->nsigners;
	memset(&m->signers[ix], 0, sizeof(m->signers[ix]));
	m->signers[ix].keyid = A(keyid);
	m->signers[ix].latest = S_NONE;
	c->ent_accs[ix] = NULL;
	c->ent_naccs[ix] = 0;
	if (m->signers[ix].keyid == NULL ||
	    smap_put(&c->signers, m->signers[ix].keyid, ix) != 0)
		return S_NONE;
	m->nsigners++;
	return ix;
}

static int
has(const struct s_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0 || strcmp(l->v[i], "*") == 0)
			return 1;
	return 0;
}

/* The accreditation of a declared signer in force when the record was
 * integrated: the newest one integrated before it that covers its role
 * and scheme, or S_NONE. */
static size_t
accreditation_at(struct ctx *c, size_t ent, const char *role,
    const char *scheme, int64_t t)
{
	for (size_t i = c->ent_naccs[ent]; i-- > 0;) {
		const struct s_rec *a = &c->m->recs[c->ent_accs[ent][i]];
		if (a->integrated <= t && has(&a->roles, role) &&
		    (scheme == NULL || has(&a->schemes, scheme)) &&
		    a->vfrom <= t && t < a->vuntil)
			return c->ent_accs[ent][i];
	}
	return S_NONE;
}

static void
read_signers(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	const cJSON *arr = json_get(pr, "signers"), *s;
	size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
	char sbuf[32];
	const char *scheme = r->scheme;

	if (n == 0 || (r->signers = arena_alloc(c->m->arena,
	    n * sizeof(*r->signers))) == NULL)
		return;
	if (r->kind == SK_SCS && r->level && scheme == NULL) {
		snprintf(sbuf, sizeof(sbuf), "scs-star%s", r->level);
		scheme = sbuf;
	}
	cJSON_ArrayForEach(s, arr) {
		struct s_signer *d = &r->signers[k];
		if (k >= n)
			break;
		d->role = A(json_get_str(s, "role"));
		d->keyid = A(json_get_str(s, "keyid"));
		d->name = text_of(c, json_get(s, "name"));
		d->ent = signer_of(c, d->keyid);
		d->acc = d->ent == S_NONE || d->role == NULL ? S_NONE :
		    accreditation_at(c, d->ent, d->role, scheme, r->integrated);
		if (d->ent != S_NONE &&
		    s_pairs_add(&c->m->edges[SE_SIGNED], d->ent, r->leaf) != 0)
			break;
		k++;
	}
	r->nsigners = k;
}

static void
read_validity(struct s_rec *r, const cJSON *pr)
{
	const cJSON *v = json_get(pr, "validity");

	r->nb = time_of(v, "not_before");
	r->na = time_of(v, "not_after");
	r->has_validity = json_get_str(v, "not_before") != NULL &&
	    json_get_str(v, "not_after") != NULL;
}

void
model_read_audit(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	const cJSON *org = json_get(pr, "organisation");
	const cJSON *svc = json_get(pr, "service");
	const cJSON *disc = json_get(pr, "public_disclosures"), *b;
	size_t n;

	r->scheme = A(json_get_str(pr, "scheme"));
	r->level = A(json_get_str(pr, "level"));
	r->org = text_of(c, json_get(org, "name"));
	r->corp = A(json_get_str(org, "corporate_number"));
	r->svc = text_of(c, json_get(svc, "name"));
	r->svc_id = A(json_get_str(svc, "id"));
	r->models = list_of(c, json_get(svc, "models"), "model");
	r->deploy = list_of(c, json_get(svc, "deployment_models"), NULL);
	r->regions = list_of(c, json_get(svc, "regions"), NULL);
	r->firm = text_of(c, json_get(json_get(pr, "audit_firm"), "name"));
	r->c_location = plain_of(c, json_get(disc, "data-location-regions"));
	r->c_law = plain_of(c, json_get(disc,
	    "governing-law-and-jurisdiction"));
	r->c_commit = plain_of(c, json_get(pr, "principal_commitments"));
	r->category = A(json_get_str(json_get(pr, "service_category"), "id"));
	r->cat_options = list_of(c, json_get(json_get(pr, "service_category"),
	    "options"), NULL);
	r->summary = plain_of(c, json_get(disc, "service-summary"));
	r->reviewer = plain_of(c, json_get(disc, "reviewing-body"));
	r->department = text_of(c, json_get(json_get(pr, "certification"),
	    "department"));
	r->prereq_scs = model_id_index(c, json_get_str(json_get(json_get(pr,
	    "certification"), "prerequisites"), "scs_assessment"));
	r->regdate = A(json_get_str(pr, "registration_date"));
	r->upddate = A(json_get_str(pr, "update_date"));
	read_validity(r, pr);
	read_signers(c, r, pr);
	r->supersedes = model_id_index(c, json_get_str(pr, "supersedes"));
	/* Base services by key, resolved to their records once every
	 * record is read (model.c relate): a base's re-audit comes later. */
	n = (size_t)cJSON_GetArraySize(json_get(pr, "built_on"));
	if (n && (r->bases = arena_alloc(c->m->arena,
	    n * sizeof(*r->bases))) != NULL) {
		cJSON_ArrayForEach(b, json_get(pr, "built_on")) {
			const char *cn = json_get_str(b, "corporate_number");
			const char *sid = json_get_str(b, "service_id");
			char key[256];
			size_t ix;
			key[0] = '\0';
			if (cJSON_IsString(b) && (ix = model_id_index(c,
			    b->valuestring)) != S_NONE &&
			    c->m->recs[ix].svc_ent != S_NONE)
				snprintf(key, sizeof(key), "%s",
				    c->m->svcs[c->m->recs[ix].svc_ent].key);
			else if (cn && sid && strlen(cn) == 13 &&
			    strspn(cn, "0123456789") == 13)
				snprintf(key, sizeof(key), "%s-%s", cn, sid);
			if (key[0] && r->nbases < n)
				r->bases[r->nbases++] = A(key);
		}
	}
	r->org_ent = org_of(c, r->org, r->corp);
	r->svc_ent = svc_of(c, r->org_ent, r->svc, r->svc_id, r->leaf);
}

void
model_read_scs(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	const cJSON *org = json_get(pr, "organisation");
	int64_t level;
	char lv[16];

	r->scheme = A(json_get_str(pr, "scheme"));
	if (json_get_int(&level, pr, "level") == 0) {
		snprintf(lv, sizeof(lv), "%lld", (long long)level);
		r->level = A(lv);
	}
	r->org = text_of(c, json_get(org, "name"));
	r->corp = A(json_get_str(org, "corporate_number"));
	r->scope_kind = A(json_get_str(json_get(pr, "scope"), "kind"));
	r->overall = A(json_get_str(json_get(pr, "results"), "overall"));
	read_validity(r, pr);
	read_signers(c, r, pr);
	r->supersedes = model_id_index(c, json_get_str(pr, "supersedes"));
	r->org_ent = org_of(c, r->org, r->corp);
}

void
model_read_status(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	r->action = A(json_get_str(pr, "action"));
	r->reason_code = A(json_get_str(pr, "reason_code"));
	r->reason = text_of(c, json_get(pr, "reason"));
	r->effective = time_of(pr, "effective_at");
	r->target = model_id_index(c, json_get_str(pr, "target"));
	r->deadline = json_get_str(pr, "deadline") ? time_of(pr, "deadline") :
	    0;
	r->cites = model_id_index(c, json_get_str(pr, "cites"));
	r->cfield = A(json_get_str(json_get(pr, "correction"), "field"));
	r->cvalue = A(json_get_str(json_get(pr, "correction"), "value"));
}

void
model_read_signer(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	const cJSON *org = json_get(pr, "organisation");
	size_t ent;

	r->person = text_of(c, json_get(json_get(pr, "person"), "name"));
	r->org = text_of(c, json_get(org, "name"));
	r->corp = A(json_get_str(org, "corporate_number"));
	r->keyid = A(json_get_str(json_get(pr, "key"), "keyid"));
	r->roles = list_of(c, json_get(pr, "roles"), NULL);
	r->schemes = list_of(c, json_get(pr, "schemes"), NULL);
	r->quals = list_of(c, json_get(pr, "qualifications"), "name");
	r->vfrom = time_of(pr, "valid_from");
	r->vuntil = time_of(pr, "valid_until");
	r->firm = text_of(c, json_get(json_get(pr, "audit_firm"), "name"));
	r->org_ent = org_of(c, r->org, r->corp);
	if ((ent = signer_of(c, r->keyid)) == S_NONE)
		return;
	r->signer_ent = ent;
	{
		size_t n = c->ent_naccs[ent];
		size_t *v = realloc(c->ent_accs[ent], (n + 1) * sizeof(*v));
		if (v == NULL)
			return;
		v[n] = r->leaf;
		c->ent_accs[ent] = v;
		c->ent_naccs[ent] = n + 1;
	}
	c->m->signers[ent].person = r->person;
	c->m->signers[ent].org = r->org;
	c->m->signers[ent].latest = r->leaf;
}

void
model_read_root(struct s_rec *r, const cJSON *pr)
{
	int64_t v;

	if (json_get_int(&v, pr, "version") == 0)
		r->root_version = (int)v;
	r->root_expires = time_of(pr, "expires");
}

void
model_join_problems(struct ctx *c, struct s_rec *r, const struct problems *p)
{
	size_t len = 0;
	char *s;

	for (size_t i = 0; i < p->n; i++)
		len += strlen(p->v[i]) + 1;
	if (len == 0 || (s = arena_alloc(c->m->arena, len)) == NULL)
		return;
	/* len counts each problem and a separator (the last one's is the
	 * NUL). */
	for (size_t i = 0, at = 0; i < p->n; i++) {
		size_t n = strlen(p->v[i]);
		memcpy(s + at, p->v[i], n);
		at += n;
		s[at++] = i + 1 < p->n ? '\n' : '\0';
	}
	r->problems = s;
}
