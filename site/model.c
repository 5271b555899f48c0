/*
 * The site's model of a registry (see model.h): one pass over the log,
 * in log order, verifying every record as it is read; then the reverse
 * relations, the organisations, services, signers and list views, each
 * by one sort.  O(n log n) in the number of records, with memory for a
 * compact entry per record only.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "site/model.h"
#include "site/out.h"

/* --- an arena for the model's strings ---------------------------------- */

struct arena {
	struct chunk {
		struct chunk *next;
		size_t used, size;
		char data[];
	} *head;
};

#define ARENA_CHUNK (1024 * 1024)

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = arena_alloc(a, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

static void
arena_free(struct arena *a)
{
	while (a && a->head) {
		struct chunk *c = a->head;
		a->head = c->next;
		free(c);
	}
	free(a);
}

/* --- a string map to an index (over core/hashmap) ---------------------- */

/* The keys are borrowed (they must outlive the map); the hash index
 * maps each key's hash to its position in keys and vals. */
struct smap {
	struct hmap h;
	const char **keys;
	size_t *vals;
	size_t n, cap;
};

static int
smap_same(const void *ctx, size_t i, const void *key)
{
	const struct smap *m = ctx;

	return strcmp(m->keys[i], key) == 0;
}

static size_t
smap_get(const struct smap *m, const char *key)
{
	size_t i = hmap_get(&m->h, hmap_str(key), smap_same, m, key);

	return i == HMAP_NONE ? S_NONE : m->vals[i];
}

/* Adds key with val, or sets the value of key when it is there already;
 * 0 or INK_EINPUT. */
static int
smap_put(struct smap *m, const char *key, size_t val)
{
	uint64_t h = hmap_str(key);
	size_t i = hmap_get(&m->h, h, smap_same, m, key);

	if (i != HMAP_NONE) {
		m->vals[i] = val;
		return 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 128;
		const char **k = realloc(m->keys, cap * sizeof(*k));
		size_t *v;
		if (k == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		m->keys = k;
		if ((v = realloc(m->vals, cap * sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		m->vals = v;
		m->cap = cap;
	}
	if (hmap_put(&m->h, h, m->n) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	m->keys[m->n] = key;
	m->vals[m->n++] = val;
	return 0;
}

static void
smap_free(struct smap *m)
{
	hmap_free(&m->h);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* --- small helpers ----------------------------------------------------- */

const char *
s_pick(struct s_text t, const char *lang)
{
	if (strcmp(lang, "ja") == 0)
		return t.ja ? t.ja : t.en;
	return t.en ? t.en : t.ja;
}

int
s_is_entry(const struct s_rec *r)
{
	return r->kind == SK_AUDIT || r->kind == SK_SCS;
}

const cJSON *
s_scheme(const struct s_model *m, const char *id)
{
	return id ? scheme_find(m->schemes, id) : NULL;
}

const char *
s_scheme_name(const struct s_model *m, const char *id, const char *lang)
{
	const cJSON *s = s_scheme(m, id), *n = json_get(s, "name");
	const char *v = json_get_str(n, lang);

	if (v == NULL)
		v = json_get_str(n, strcmp(lang, "ja") == 0 ? "en" : "ja");
	return v ? v : id;
}

const char *
s_level_name(const struct s_model *m, const struct s_rec *r,
    const char *lang)
{
	const cJSON *names, *l;
	const char *v;

	if (r->level == NULL)
		return NULL;
	if (r->kind == SK_SCS) {
		static const char *const stars[] = { "★1", "★2", "★3", "★4",
			"★5" };
		char *end;
		long n = strtol(r->level, &end, 10);
		return end != r->level && *end == '\0' && n >= 1 && n <= 5 ?
		    stars[n - 1] : r->level;
	}
	names = json_get(s_scheme(m, r->scheme), "level_names");
	l = json_get(names, r->level);
	v = json_get_str(l, lang);
	return v ? v : r->level;
}

void
s_edges(const struct s_model *m, enum s_edge e, size_t to, size_t *first,
    size_t *n)
{
	const struct s_pairs *p = &m->edges[e];
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].to < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (hi < p->n && p->v[hi].to == to)
		hi++;
	*n = hi - lo;
}

static int
pairs_add(struct s_pairs *p, size_t to, size_t from)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct s_pair *v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].to = to;
	p->v[p->n++].from = from;
	return 0;
}

static int
pair_cmp(const void *a, const void *b)
{
	const struct s_pair *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

static void
pairs_sort(struct s_pairs *p)
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), pair_cmp);
}

/* Pairs (to = group, from = record) sorted, as per-group slices of one
 * array: out[first .. first + n) for each of the ngroups structs at
 * groups (stride bytes apart; first and n at the offsets given).  No
 * address is formed from groups when there are none (it may be NULL). */
static int
pairs_slices(struct s_pairs *p, size_t **out, void *groups, size_t ngroups,
    size_t stride, size_t first_off, size_t count_off)
{
	size_t *v;

	pairs_sort(p);
	if ((v = malloc((p->n + 1) * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t g = 0; g < ngroups; g++) {
		char *e = (char *)groups + g * stride;
		*(size_t *)(e + first_off) = 0;
		*(size_t *)(e + count_off) = 0;
	}
	for (size_t i = 0; i < p->n; i++) {
		char *e = (char *)groups + p->v[i].to * stride;
		size_t *f = (size_t *)(e + first_off);
		size_t *c = (size_t *)(e + count_off);
		if (*c == 0)
			*f = i;
		(*c)++;
		v[i] = p->v[i].from;
	}
	*out = v;
	return 0;
}

/* --- reading a record -------------------------------------------------- */

struct ctx {
	struct s_model *m;
	struct reg *g;
	struct reg_logcheck *logcheck;
	struct smap ids, orgs, svcs, signers, views;
	size_t cap_orgs, cap_svcs, cap_signers, cap_views;
	/* The record being read is one the last build kept: its Markdown
	 * texts are plain text already. */
	int plain_kept;
	const struct s_keeper *keeper;
	/* Accreditations per signer entity, in log order. */
	struct s_pairs accs;
	size_t **ent_accs;
	size_t *ent_naccs;
};

#define A(s) arena_strdup(c->m->arena, (s))

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

static size_t
id_index(struct ctx *c, const char *id)
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
		    pairs_add(&c->m->edges[SE_SIGNED], d->ent, r->leaf) != 0)
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

static void
read_audit(struct ctx *c, struct s_rec *r, const cJSON *pr)
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
	read_validity(r, pr);
	read_signers(c, r, pr);
	r->supersedes = id_index(c, json_get_str(pr, "supersedes"));
	n = (size_t)cJSON_GetArraySize(json_get(pr, "built_on"));
	if (n && (r->built_on = arena_alloc(c->m->arena,
	    n * sizeof(*r->built_on))) != NULL) {
		cJSON_ArrayForEach(b, json_get(pr, "built_on")) {
			size_t ix = cJSON_IsString(b) ? id_index(c,
			    b->valuestring) : S_NONE;
			if (ix != S_NONE && r->nbuilt_on < n)
				r->built_on[r->nbuilt_on++] = ix;
		}
	}
	r->org_ent = org_of(c, r->org, r->corp);
	r->svc_ent = svc_of(c, r->org_ent, r->svc, r->svc_id, r->leaf);
}

static void
read_scs(struct ctx *c, struct s_rec *r, const cJSON *pr)
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
	r->supersedes = id_index(c, json_get_str(pr, "supersedes"));
	r->org_ent = org_of(c, r->org, r->corp);
}

static void
read_status(struct ctx *c, struct s_rec *r, const cJSON *pr)
{
	r->action = A(json_get_str(pr, "action"));
	r->reason_code = A(json_get_str(pr, "reason_code"));
	r->reason = text_of(c, json_get(pr, "reason"));
	r->effective = time_of(pr, "effective_at");
	r->target = id_index(c, json_get_str(pr, "target"));
}

static void
read_signer(struct ctx *c, struct s_rec *r, const cJSON *pr)
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

static void
read_root(struct s_rec *r, const cJSON *pr)
{
	int64_t v;

	if (json_get_int(&v, pr, "version") == 0)
		r->root_version = (int)v;
	r->root_expires = time_of(pr, "expires");
}

static void
join_problems(struct ctx *c, struct s_rec *r, const struct problems *p)
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

/* What the verifying threads find about one record: its entry, its
 * parsed envelope and statement, its problems and its computed status.
 * Nothing here depends on the records before it, so records are
 * verified in batches on every core and then taken into the model in log
 * order by one thread. */
struct vslot {
	int rc;                 /* the entry could not be read */
	char err[512];          /* its message */
	struct reg_entry e;
	unsigned char fd[SHA256_LEN];
	struct dsse_envelope env;
	struct statement st;
	int loaded;             /* env and st are there */
	struct problems p;
	int has_state;
	struct reg_status s;
	int kept;               /* taken from the last build */
	const char *kept_pred;  /* then: its kept predicate */
};

static enum s_kind
kind_of(const char *kind)
{
	if (strcmp(kind, "root") == 0)
		return SK_ROOT;
	if (strcmp(kind, "signer") == 0)
		return SK_SIGNER;
	if (strcmp(kind, "audit-report") == 0)
		return SK_AUDIT;
	if (strcmp(kind, "scs-assessment") == 0)
		return SK_SCS;
	if (strcmp(kind, "status") == 0)
		return SK_STATUS;
	return SK_OTHER;
}

/* The kind of a record from its path in the registry (static). */
static const char *
kind_name(const char *path)
{
	static const char *const kinds[] = { "audit-report", "scs-assessment",
		"status", "signer", NULL };

	if (strncmp(path, "root/", 5) == 0)
		return "root";
	for (size_t i = 0; kinds[i]; i++)
		if (strncmp(path, "records/", 8) == 0 &&
		    strncmp(path + 8, kinds[i], strlen(kinds[i])) == 0 &&
		    path[8 + strlen(kinds[i])] == '/')
			return kinds[i];
	return "other";
}

static void
verify_slot(struct reg *g, const struct reg_logcheck *lc, size_t i,
    int64_t at, struct vslot *v)
{
	enum s_kind k;

	memset(v, 0, sizeof(*v));
	v->env = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	v->st = (struct statement)STATEMENT_INIT;
	v->p = (struct problems)PROBLEMS_INIT;
	if ((v->rc = reg_entry_at(g, i, &v->e)) != 0) {
		snprintf(v->err, sizeof(v->err), "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	k = kind_of(v->e.kind);
	if (reg_load_digest(g, &v->e, &v->env, v->fd) != 0 ||
	    statement_parse(&v->st, v->env.payload, v->env.payload_len,
	    &v->p) != 0) {
		problems_add(&v->p, INK_EINPUT, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	v->loaded = 1;
	reg_site_verify(g, lc, &v->e, &v->env, &v->st, &v->p);
	if (k == SK_AUDIT || k == SK_SCS || k == SK_SIGNER) {
		if (reg_status_of_loaded(g, &v->e, &v->st, at, &v->s) == 0)
			v->has_state = 1;
		else
			/* Not shown as active: as a record that fails. */
			problems_add(&v->p, INK_ELOG, "status: %s",
			    ink_error_last());
	}
	ink_error_clear();
}

static void
vslot_release(struct vslot *v)
{
	problems_release(&v->p);
	statement_release(&v->st);
	dsse_envelope_release(&v->env);
}

/* --- what the next build keeps -------------------------------------- */

/* The members of each kind's predicate the read_* functions above read
 * ("a.b": member b of object a; "a[].b": member b of each element of
 * array a); keep them in step. */
static const char *const keep_audit[] = { "scheme", "level",
	"organisation.name", "organisation.corporate_number", "service.name",
	"service.id", "service.models[].model", "service.deployment_models",
	"service.regions", "audit_firm.name", "service_category.id",
	"validity.not_before", "validity.not_after", "signers[].role",
	"signers[].keyid", "signers[].name", "supersedes", "built_on", NULL };
static const char *const keep_scs[] = { "scheme", "level",
	"organisation.name", "organisation.corporate_number", "scope.kind",
	"results.overall", "validity.not_before", "validity.not_after",
	"signers[].role", "signers[].keyid", "signers[].name", "supersedes",
	NULL };
static const char *const keep_status[] = { "action", "reason_code",
	"reason", "effective_at", "target", NULL };
static const char *const keep_signer[] = { "person.name",
	"organisation.name", "organisation.corporate_number", "key.keyid",
	"roles", "schemes", "qualifications[].name", "valid_from",
	"valid_until", "audit_firm.name", NULL };
static const char *const keep_root[] = { "version", "expires", NULL };

/* Copies what path names of src into dst (objects), making the objects
 * and arrays on the way; an element of an array that is not an object
 * is kept as null (the readers skip it either way). */
static int
keep_path(cJSON *dst, const cJSON *src, const char *path)
{
	size_t len = strcspn(path, ".[");
	char name[64];
	const cJSON *v;
	cJSON *d;

	if (len >= sizeof(name))
		return -1;
	memcpy(name, path, len);
	name[len] = '\0';
	if ((v = json_get(src, name)) == NULL)
		return 0;
	d = cJSON_GetObjectItemCaseSensitive(dst, name);
	if (path[len] == '\0')
		return d || cJSON_AddItemToObject(dst, name,
		    cJSON_Duplicate(v, 1)) ? 0 : -1;
	if (path[len] == '.') {
		if (!cJSON_IsObject(v))
			return 0;
		if (d == NULL && (d = cJSON_AddObjectToObject(dst, name)) == NULL)
			return -1;
		return keep_path(d, v, path + len + 1);
	}
	if (strncmp(path + len, "[].", 3) != 0 || !cJSON_IsArray(v))
		return 0;
	if (d == NULL) {
		const cJSON *e;
		if ((d = cJSON_AddArrayToObject(dst, name)) == NULL)
			return -1;
		cJSON_ArrayForEach(e, v)
			if (!cJSON_AddItemToArray(d, cJSON_IsObject(e) ?
			    cJSON_CreateObject() : cJSON_CreateNull()))
				return -1;
	}
	{
		const cJSON *e;
		cJSON *de = d->child;
		cJSON_ArrayForEach(e, v) {
			if (de == NULL)
				return -1;
			if (cJSON_IsObject(e) && keep_path(de, e, path + len + 3) != 0)
				return -1;
			de = de->next;
		}
	}
	return 0;
}

/* A text as JSON (a string when both languages are the one string). */
static int
keep_text(cJSON *dst, const char *name, struct s_text t)
{
	cJSON *o;

	if (t.ja == NULL && t.en == NULL)
		return 0;
	if (t.ja == t.en)
		return cJSON_AddStringToObject(dst, name, t.ja) ? 0 : -1;
	if ((o = cJSON_AddObjectToObject(dst, name)) == NULL ||
	    (t.ja && cJSON_AddStringToObject(o, "ja", t.ja) == NULL) ||
	    (t.en && cJSON_AddStringToObject(o, "en", t.en) == NULL))
		return -1;
	return 0;
}

/* What read_* read of the record, its Markdown as the plain text they
 * made of it, as JSON (to free), or NULL when out of memory. */
static char *
kept_pred(const struct s_rec *r, const struct vslot *v)
{
	const char *const *keys = r->kind == SK_AUDIT ? keep_audit :
	    r->kind == SK_SCS ? keep_scs : r->kind == SK_STATUS ? keep_status :
	    r->kind == SK_SIGNER ? keep_signer : r->kind == SK_ROOT ?
	    keep_root : NULL;
	cJSON *o = cJSON_CreateObject(), *d;
	char *txt = NULL;
	int bad = o == NULL;

	for (size_t i = 0; !bad && keys && keys[i]; i++)
		bad = keep_path(o, v->st.predicate, keys[i]) != 0;
	if (!bad && r->kind == SK_AUDIT) {
		bad = (d = cJSON_AddObjectToObject(o, "public_disclosures")) ==
		    NULL || keep_text(d, "data-location-regions",
		    r->c_location) != 0 || keep_text(d,
		    "governing-law-and-jurisdiction", r->c_law) != 0 ||
		    keep_text(o, "principal_commitments", r->c_commit) != 0;
	}
	if (!bad)
		txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return txt;
}

/* Hands record r to the keeper, with what the next build needs. */
static int
keep_row(struct ctx *c, const struct s_rec *r, const struct vslot *v)
{
	char *made = NULL;
	const char *pred = NULL;
	int rc;

	if (c->keeper == NULL)
		return 0;
	if (v->kept)
		pred = v->kept_pred;
	else if (v->loaded && (pred = made = kept_pred(r, v)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	rc = c->keeper->row(c->keeper->arg, r, pred);
	free(made);
	return rc;
}

/* The slot of a record the last build kept, as verify_slot would have
 * made it then: its statement is the kept predicate. */
static int
kept_slot(const struct s_prev_row *row, size_t i, struct vslot *v)
{
	memset(v, 0, sizeof(*v));
	v->env = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	v->st = (struct statement)STATEMENT_INIT;
	v->p = (struct problems)PROBLEMS_INIT;
	if ((v->st.root = cJSON_Parse(row->pred)) == NULL ||
	    !cJSON_IsObject(v->st.root)) {
		cJSON_Delete(v->st.root);
		v->st.root = NULL;
		return -1;
	}
	v->st.predicate = v->st.root;
	snprintf(v->e.id, sizeof(v->e.id), "%s", row->id);
	snprintf(v->e.path, sizeof(v->e.path), "%s", row->path);
	v->e.kind = kind_name(row->path);
	v->e.leaf = i;
	v->e.integrated = row->integrated;
	memcpy(v->fd, row->fd, sizeof(row->fd));
	v->loaded = 1;
	v->kept = 1;
	v->kept_pred = row->pred;
	for (const char *q = row->problems; q && *q; ) {
		size_t n = strcspn(q, "\n");
		problems_add(&v->p, row->vcode ? row->vcode : INK_ENO, "%.*s",
		    (int)n, q);
		q += n + (q[n] == '\n');
	}
	if (row->has_state) {
		v->has_state = 1;
		v->s.state = (enum reg_state)row->state;
		snprintf(v->s.by, sizeof(v->s.by), "%s", row->by_id ?
		    row->by_id : "");
		snprintf(v->s.why, sizeof(v->s.why), "%s", row->why ?
		    row->why : "");
	}
	ink_error_clear();
	return 0;
}

/* Takes the verified record i into the model, in log order. */
static int
read_record(struct ctx *c, size_t i, struct vslot *v)
{
	struct s_model *m = c->m;
	struct s_rec *r = &m->recs[i];
	const struct reg_entry *e = &v->e;
	int rc;

	memset(r, 0, sizeof(*r));
	r->leaf = i;
	r->by = r->target = r->supersedes = S_NONE;
	r->org_ent = r->svc_ent = r->signer_ent = S_NONE;
	if (v->rc != 0)
		return ink_error(v->rc, "%s", v->err);
	snprintf(r->id, sizeof(r->id), "%s", e->id);
	r->integrated = e->integrated;
	memcpy(r->fd, v->fd, sizeof(r->fd));
	if ((r->path = A(e->path)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = smap_put(&c->ids, r->id, i)) != 0)
		return rc;
	r->kind = kind_of(e->kind);
	r->reused = v->kept;
	c->plain_kept = v->kept;
	if (v->loaded) {
		switch (r->kind) {
		case SK_AUDIT: read_audit(c, r, v->st.predicate); break;
		case SK_SCS: read_scs(c, r, v->st.predicate); break;
		case SK_STATUS: read_status(c, r, v->st.predicate); break;
		case SK_SIGNER: read_signer(c, r, v->st.predicate); break;
		case SK_ROOT: read_root(r, v->st.predicate); break;
		default: break;
		}
		if (v->has_state) {
			r->has_state = 1;
			r->state = v->s.state;
			r->by_id = v->s.by[0] ? A(v->s.by) : NULL;
			r->why = v->s.why[0] ? A(v->s.why) : NULL;
		}
	}
	c->plain_kept = 0;
	ink_error_clear();
	if (v->p.n) {
		r->vcode = v->p.code ? v->p.code : INK_ENO;
		join_problems(c, r, &v->p);
		m->nproblems++;
		if (ink_error_rank(r->vcode) > ink_error_rank(m->worst))
			m->worst = r->vcode;
	}
	return keep_row(c, r, v);
}

/* The records verified on nthreads worker threads, each with its own
 * registry handle (libgit2 wants one repository per thread), and taken
 * into the model in log order on the calling thread as they come
 * (pool_run), with at most VWINDOW records between the two. */
#define VWINDOW 256

struct vrun {
	struct ctx *c;
	const struct reg_workers *w;
	const struct reg_logcheck *lc;
	int64_t at;
	size_t n;
	struct vslot *slots;
	const struct s_prev *prev;
	const unsigned char *keep;      /* per leaf: take it from prev */
	site_progress_fn progress;
	void *arg;
	int rc;                         /* the first read_record failure */
	char err[1024];                 /* its message */
};

static void
vrun_work(void *ctx, size_t i, size_t slot)
{
	struct vrun *r = ctx;

	if (r->keep && r->keep[i] &&
	    kept_slot(&r->prev->rows[i], i, &r->slots[slot]) == 0)
		return;
	verify_slot(reg_worker(r->w), r->lc, i, r->at, &r->slots[slot]);
}

static void
vrun_done(void *ctx, size_t i, size_t slot)
{
	struct vrun *r = ctx;
	struct vslot *v = &r->slots[slot];
	int rc;

	if (r->rc == 0) {
		if ((rc = read_record(r->c, i, v)) != 0) {
			r->rc = rc;
			snprintf(r->err, sizeof(r->err), "%s",
			    ink_error_last());
		} else
			r->c->m->n = i + 1;
	}
	r->c->m->nreused += v->kept;
	vslot_release(v);
	if (r->progress && ((i + 1) % VWINDOW == 0 || i + 1 == r->n))
		r->progress(r->arg, "verify", i + 1, r->n);
}

/* --- views, entities, relations ---------------------------------------- */

int
s_named_cmp(const void *a, const void *b)
{
	const struct s_named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->ix < y->ix ? -1 : x->ix > y->ix;
}

const struct s_view *
s_view_find(const struct s_model *m, const char *id)
{
	for (size_t i = 0; i < m->nviews; i++)
		if (strcmp(m->views[i].id, id) == 0)
			return &m->views[i];
	return NULL;
}

/* A file-name-safe form of a value: letters, digits and '-' as they are,
 * anything else as "_xx" (hex), so different values stay different. */
void
s_slug(char *out, size_t len, const char *v)
{
	size_t k = 0;

	for (; *v && k + 4 < len; v++) {
		unsigned char ch = (unsigned char)*v;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-')
			out[k++] = (char)ch;
		else
			k += (size_t)snprintf(out + k, len - k, "_%02x", ch);
	}
	out[k] = '\0';
}

void
s_state_slug(char *out, size_t len, enum reg_state s)
{
	const char *n = reg_state_name(s);
	size_t k = 0;

	for (; *n && k + 1 < len; n++)
		out[k++] = *n == ' ' ? '-' : *n;
	out[k] = '\0';
}

static int
view_add(struct ctx *c, struct s_pairs *members, const char *id,
    enum s_facet f, const char *scheme, const char *value, int status,
    size_t rec)
{
	struct s_model *m = c->m;
	size_t ix = smap_get(&c->views, id);

	if (ix == S_NONE) {
		struct s_view *v;
		if (m->nviews == c->cap_views) {
			size_t cap = c->cap_views ? c->cap_views * 2 : 64;
			if ((v = realloc(m->views, cap * sizeof(*v))) == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			m->views = v;
			c->cap_views = cap;
		}
		ix = m->nviews;
		v = &m->views[ix];
		memset(v, 0, sizeof(*v));
		v->id = A(id);
		v->facet = f;
		v->scheme = A(scheme);
		v->value = A(value);
		v->status = status;
		if (v->id == NULL || smap_put(&c->views, v->id, ix) != 0)
			return ink_error(INK_EINPUT, "out of memory");
		m->nviews++;
	}
	return pairs_add(members, ix, rec);
}

static int
views_of(struct ctx *c, struct s_pairs *mem, const struct s_rec *r)
{
	char id[512], st[32], sc[160], lv[64], v[160];
	int rc = 0, s = r->has_state ? (int)r->state : -1;
	const cJSON *scheme = s_scheme(c->m, r->scheme);

	rc |= view_add(c, mem, "all", SF_ALL, NULL, NULL, -1, r->leaf);
	if (r->has_state) {
		s_state_slug(st, sizeof(st), r->state);
		snprintf(id, sizeof(id), "status-%s", st);
		rc |= view_add(c, mem, id, SF_STATUS, NULL, NULL, s, r->leaf);
	}
	if (r->scheme) {
		s_slug(sc, sizeof(sc), r->scheme);
		snprintf(id, sizeof(id), "scheme-%s", sc);
		rc |= view_add(c, mem, id, SF_SCHEME, r->scheme, r->scheme, -1,
		    r->leaf);
		if (r->has_state) {
			snprintf(id, sizeof(id), "scheme-%s-status-%s", sc, st);
			rc |= view_add(c, mem, id, SF_SCHEME, r->scheme,
			    r->scheme, s, r->leaf);
		}
		if (r->level && cJSON_GetArraySize(json_get(scheme,
		    "levels")) > 0) {
			s_slug(lv, sizeof(lv), r->level);
			snprintf(id, sizeof(id), "level-%s-%s", sc, lv);
			rc |= view_add(c, mem, id, SF_LEVEL, r->scheme, r->level,
			    -1, r->leaf);
			if (r->has_state) {
				snprintf(id, sizeof(id), "level-%s-%s-status-%s",
				    sc, lv, st);
				rc |= view_add(c, mem, id, SF_LEVEL, r->scheme,
				    r->level, s, r->leaf);
			}
		}
	}
	for (size_t i = 0; i < r->models.n; i++) {
		s_slug(v, sizeof(v), r->models.v[i]);
		snprintf(id, sizeof(id), "model-%s", v);
		rc |= view_add(c, mem, id, SF_MODEL, NULL, r->models.v[i], -1,
		    r->leaf);
	}
	for (size_t i = 0; i < r->deploy.n; i++) {
		s_slug(v, sizeof(v), r->deploy.v[i]);
		snprintf(id, sizeof(id), "deploy-%s", v);
		rc |= view_add(c, mem, id, SF_DEPLOY, NULL, r->deploy.v[i], -1,
		    r->leaf);
	}
	if (r->has_validity && r->na > r->nb) {
		char day[11];
		site_jst_day(day, r->na - 1);
		day[4] = '\0';
		snprintf(id, sizeof(id), "expires-%s", day);
		rc |= view_add(c, mem, id, SF_EXPIRES, NULL, day, -1, r->leaf);
	}
	return rc ? INK_EINPUT : 0;
}

static int
relate(struct ctx *c)
{
	struct s_model *m = c->m;
	struct s_pairs org_recs = { 0 }, org_accs = { 0 }, org_svcs = { 0 };
	struct s_pairs svc_recs = { 0 }, views = { 0 };
	size_t total = 0, *flat = NULL;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		struct s_rec *r = &m->recs[i];
		r->by = id_index(c, r->by_id);
		if (r->kind == SK_STATUS && r->target != S_NONE)
			rc = pairs_add(&m->edges[SE_STATUS], r->target, i);
		if (rc == 0 && r->supersedes != S_NONE)
			rc = pairs_add(&m->edges[SE_SUPERSEDED], r->supersedes, i);
		for (size_t k = 0; rc == 0 && k < r->nbuilt_on; k++)
			rc = pairs_add(&m->edges[SE_DEPENDANT], r->built_on[k], i);
		if (rc == 0 && r->org_ent != S_NONE)
			rc = pairs_add(r->kind == SK_SIGNER ? &org_accs :
			    &org_recs, r->org_ent, i);
		if (rc == 0 && r->svc_ent != S_NONE)
			rc = pairs_add(&svc_recs, r->svc_ent, i);
		if (rc == 0 && s_is_entry(r))
			rc = views_of(c, &views, r);
	}
	for (size_t s = 0; rc == 0 && s < m->nsvcs; s++)
		rc = pairs_add(&org_svcs, m->svcs[s].org, s);
	for (int e = 0; e < SE_COUNT; e++)
		pairs_sort(&m->edges[e]);
	if (rc == 0)
		rc = pairs_slices(&org_recs, &m->org_recs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, first),
		    offsetof(struct s_org, n));
	if (rc == 0)
		rc = pairs_slices(&org_accs, &m->org_accs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, afirst),
		    offsetof(struct s_org, an));
	if (rc == 0)
		rc = pairs_slices(&org_svcs, &m->org_svcs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, sfirst),
		    offsetof(struct s_org, sn));
	if (rc == 0)
		rc = pairs_slices(&svc_recs, &m->svc_recs, m->svcs, m->nsvcs,
		    sizeof(*m->svcs), offsetof(struct s_svc, first),
		    offsetof(struct s_svc, n));
	if (rc == 0)
		rc = pairs_slices(&views, &m->view_recs, m->views, m->nviews,
		    sizeof(*m->views), offsetof(struct s_view, first),
		    offsetof(struct s_view, n));
	/* Accreditations per signer, already in log order. */
	for (size_t s = 0; s < m->nsigners; s++)
		total += c->ent_naccs[s];
	if (rc == 0 && (flat = malloc((total + 1) * sizeof(*flat))) == NULL)
		rc = ink_error(INK_EINPUT, "out of memory");
	for (size_t s = 0, k = 0; rc == 0 && s < m->nsigners; s++) {
		m->signers[s].first = k;
		m->signers[s].n = c->ent_naccs[s];
		for (size_t j = 0; j < c->ent_naccs[s]; j++)
			flat[k++] = c->ent_accs[s][j];
	}
	m->signer_accs = flat;
	free(org_recs.v);
	free(org_accs.v);
	free(org_svcs.v);
	free(svc_recs.v);
	free(views.v);
	return rc;
}

/* --- taking records from the last build ------------------------------ */

/* The hex of the record a registry path names (records/<kind>/<xx>/
 * <hex>.dsse.json, links/<xx>/<hex>), or NULL. */
static const char *
path_hex(const char *path, char out[65])
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (strspn(b, "0123456789abcdef") != 64 ||
	    (b[64] != '\0' && strcmp(b + 64, ".dsse.json") != 0))
		return NULL;
	memcpy(out, b, 64);
	out[64] = '\0';
	return out;
}

/* Which records to take from prev: *keep[i] for each leaf, and
 * *restate[i] for those whose status must be computed again because
 * the registry's index of what changed their status did.  None (both
 * NULL) unless the registry only grew by audits and assessments since
 * the last build: any other change (a status, accreditation or root
 * record, a catalogue, a record's file edited, the log rewritten) can
 * change what the verification of earlier records rests on, and then
 * every record is verified again. */
static int
plan_keep(struct ctx *c, const struct reg_logcheck *lc,
    const struct s_prev *prev, size_t n, unsigned char **keep,
    unsigned char **restate)
{
	struct reg *g = c->g;
	struct smap fresh = { 0 }, touched = { 0 };
	char **ch = NULL, hex[65];
	size_t nch = 0;
	unsigned char *k = NULL, *st = NULL;
	int ok = 0, rc = 0;

	*keep = *restate = NULL;
	if (prev == NULL || prev->n == 0 || prev->n > n ||
	    strcmp(prev->name, c->m->name) != 0 ||
	    strcmp(prev->catalogs, c->m->catalogs) != 0 ||
	    !reg_logcheck_whole(lc, n))
		return 0;
	for (size_t i = prev->n; i < n; i++) {
		struct reg_entry e;
		if (reg_entry_at(g, i, &e) != 0 ||
		    (strcmp(e.kind, "audit-report") != 0 &&
		    strcmp(e.kind, "scs-assessment") != 0))
			goto done;
		if (smap_put(&fresh, arena_strdup(c->m->arena, e.id + 7), i) != 0)
			goto oom;
	}
	if (reg_diff(g, prev->head, NULL, &ch, &nch) != 0)
		goto done;
	for (size_t i = 0; i < nch; i++) {
		const char *path = ch[i] + 2;
		if (strncmp(path, "log/", 4) == 0)
			continue;
		if (strncmp(path, "links/", 6) == 0 && path_hex(path, hex)) {
			if (smap_put(&touched, arena_strdup(c->m->arena, hex), 0) != 0)
				goto oom;
			continue;
		}
		if (ch[i][0] == 'A' && strncmp(path, "records/", 8) == 0 &&
		    path_hex(path, hex) && smap_get(&fresh, hex) != S_NONE)
			continue;
		goto done;
	}
	if ((k = calloc(n + 1, 1)) == NULL || (st = calloc(n + 1, 1)) == NULL)
		goto oom;
	for (size_t i = 0; i < prev->n; i++) {
		char id[RECORD_ID_LEN];
		int64_t t;
		if (reg_leaf_at(g, i, id, &t) != 0 ||
		    strcmp(id, prev->rows[i].id) != 0 ||
		    t != prev->rows[i].integrated)
			goto done;
		k[i] = 1;
		st[i] = smap_get(&touched, id + 7) != S_NONE;
	}
	ok = 1;
	goto done;
oom:
	rc = ink_error(INK_EINPUT, "out of memory");
done:
	ink_error_clear();
	if (ok) {
		*keep = k;
		*restate = st;
	} else {
		free(k);
		free(st);
	}
	if (ch)
		reg_list_free(ch, nch);
	smap_free(&fresh);
	smap_free(&touched);
	return rc;
}

struct restate_job {
	struct s_model *m;
	const struct reg_workers *w;
	const size_t *recs;
	int64_t at;
	struct reg_status *out;
	int *ok;
};

static int
restate_one(void *ctx, unsigned t, size_t k)
{
	struct restate_job *j = ctx;

	(void)t;
	j->ok[k] = reg_status_of(reg_worker(j->w), j->m->recs[j->recs[k]].id, j->at,
	    &j->out[k]) == 0;
	ink_error_clear();
	return 0;
}

/* Computes again the status of the records taken from the last build
 * that a new record or the time can have changed: those a new record
 * supersedes or is about, those whose index of status changes changed
 * (restate), those with a time their status turns on (registration,
 * validity, a superseding record's registration, a status change's
 * effect) between the last build's time and this one's, and every
 * record built on one of those. */
static int
restate(struct ctx *c, const struct reg_workers *w,
    const struct s_prev *prev, unsigned char *dirty, int64_t at)
{
	struct s_model *m = c->m;
	int64_t lo = prev->at < at ? prev->at : at;
	int64_t hi = prev->at < at ? at : prev->at;
	int timed = lo != hi, rc = 0;
	size_t *recs = NULL, nr = 0;
	struct reg_status *out = NULL;
	int *ok = NULL;

#define IN(t) (timed && lo <= (t) && (t) <= hi)
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		if (IN(r->integrated) || IN(r->nb) || IN(r->na))
			dirty[i] = 1;
		if (r->supersedes != S_NONE && (!r->reused || IN(r->integrated)))
			dirty[r->supersedes] = 1;
		if (r->kind == SK_STATUS && r->target != S_NONE &&
		    (!r->reused || IN(r->effective)))
			dirty[r->target] = 1;
	}
#undef IN
	/* What a record is built on comes before it in the log. */
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; !dirty[i] && k < m->recs[i].nbuilt_on; k++)
			dirty[i] = dirty[m->recs[i].built_on[k]];
	for (size_t i = 0; i < m->n; i++)
		nr += dirty[i] && m->recs[i].reused;
	if (nr == 0)
		return 0;
	if ((recs = malloc(nr * sizeof(*recs))) == NULL ||
	    (out = calloc(nr, sizeof(*out))) == NULL ||
	    (ok = calloc(nr, sizeof(*ok))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	nr = 0;
	for (size_t i = 0; i < m->n; i++)
		if (dirty[i] && m->recs[i].reused)
			recs[nr++] = i;
	{
		struct restate_job j = { m, w, recs, at, out, ok };
		struct pool_for_job job = { nr, restate_one, NULL, &j };
		(void)pool_for(&job, w->n);
	}
	for (size_t k = 0; k < nr; k++) {
		struct s_rec *r = &m->recs[recs[k]];
		if (r->kind != SK_AUDIT && r->kind != SK_SCS &&
		    r->kind != SK_SIGNER)
			continue;
		/* A status that cannot be computed is never shown as one:
		 * the build fails closed. */
		if (!ok[k]) {
			rc = ink_error(INK_ELOG, "the status of %s cannot be "
			    "computed", r->id);
			goto cleanup;
		}
		r->has_state = ok[k];
		r->state = ok[k] ? out[k].state : 0;
		r->by_id = ok[k] && out[k].by[0] ? A(out[k].by) : NULL;
		r->why = ok[k] && out[k].why[0] ? A(out[k].why) : NULL;
	}
cleanup:
	free(recs);
	free(out);
	free(ok);
	return rc;
}

int
model_build(struct s_model *m, const struct reg_workers *w, int64_t at,
    site_progress_fn progress, void *arg, const struct s_prev *prev,
    const struct s_keeper *keeper)
{
	struct reg *g = w->g[0];
	struct ctx c;
	struct buf b;
	struct vslot *slots = NULL;
	unsigned char *keep = NULL, *dirty = NULL;
	size_t n = reg_size(g);
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.g = g;
	c.keeper = keeper;
	m->at = at;
	if ((m->arena = calloc(1, sizeof(*m->arena))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = scheme_doc_load(&m->schemes)) != 0)
		goto cleanup;
	snprintf(m->name, sizeof(m->name), "%s", reg_name(g));
	snprintf(m->head, sizeof(m->head), "%s", reg_head(g));
	if (reg_checkpoint(g, &b) == 0) {
		snprintf(m->checkpoint, sizeof(m->checkpoint), "%s",
		    buf_str(&b));
		buf_release(&b);
	}
	if (reg_log_vkey(g, &b) == 0) {
		snprintf(m->vkey, sizeof(m->vkey), "%s", buf_str(&b));
		buf_release(&b);
	}
	if (reg_path_id(g, "catalogs", m->catalogs) != 0)
		m->catalogs[0] = '\0';
	ink_error_clear();
	if ((rc = reg_logcheck_open(g, &c.logcheck)) != 0 ||
	    (rc = plan_keep(&c, c.logcheck, prev, n, &keep, &dirty)) != 0)
		goto cleanup;
	if (n && (m->recs = calloc(n, sizeof(*m->recs))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if (n && (slots = calloc(VWINDOW, sizeof(*slots))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if (n) {
		struct vrun r = { &c, w, c.logcheck, at, n, slots, prev, keep,
			progress, arg, 0, "" };
		struct pool_job job = { n, VWINDOW, vrun_work, vrun_done, &r };
		pool_run(&job, w->n);
		if (r.rc != 0) {
			rc = ink_error(r.rc, "%s", r.err);
			goto cleanup;
		}
	}
	for (size_t i = n; i-- > 0;)
		if (m->recs[i].kind == SK_ROOT) {
			m->root_expired = m->recs[i].root_expires <= at;
			break;
		}
	if (keep && (rc = restate(&c, w, prev, dirty, at)) != 0)
		goto cleanup;
	rc = relate(&c);
cleanup:
	free(slots);
	free(keep);
	free(dirty);
	reg_logcheck_free(c.logcheck);
	smap_free(&c.ids);
	smap_free(&c.orgs);
	smap_free(&c.svcs);
	smap_free(&c.signers);
	smap_free(&c.views);
	for (size_t s = 0; s < m->nsigners; s++)
		free(c.ent_accs[s]);
	free(c.ent_accs);
	free(c.ent_naccs);
	return rc;
}

void
model_release(struct s_model *m)
{
	free(m->recs);
	cJSON_Delete(m->schemes);
	for (int e = 0; e < SE_COUNT; e++)
		free(m->edges[e].v);
	free(m->orgs);
	free(m->svcs);
	free(m->signers);
	free(m->views);
	free(m->org_recs);
	free(m->org_accs);
	free(m->org_svcs);
	free(m->svc_recs);
	free(m->signer_accs);
	free(m->view_recs);
	arena_free(m->arena);
	memset(m, 0, sizeof(*m));
}
