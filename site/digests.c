/*
 * The digests of the build cache (see cache.c): of what every page
 * shares, of each record's row and of the rows it points to, of each
 * entity, and of each group of pages -- everything a group's bytes
 * depend on, so that a group whose digest is unchanged need not be made
 * again.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "site/cache_int.h"

/* The bytes a digest is taken of, each part with its length so that
 * parts cannot run into each other.  A digest whose bytes could not all
 * be kept is all zeros, which no group is skipped for. */
struct dg {
	struct buf b;
	int bad;
};

#define DG_INIT { BUF_INIT(CACHE_MAX), 0 }

static void
dg_add(struct dg *g, const void *p, size_t n)
{
	if (!g->bad && buf_add(&g->b, p, n) != 0)
		g->bad = 1;
}

static void
dg_u64(struct dg *g, uint64_t v)
{
	dg_add(g, &v, sizeof(v));
}

static void
dg_str(struct dg *g, const char *s)
{
	if (s == NULL) {
		dg_u64(g, UINT64_MAX);
		return;
	}
	dg_u64(g, strlen(s));
	dg_add(g, s, strlen(s));
}

static void
dg_text(struct dg *g, struct s_text t)
{
	dg_str(g, t.ja);
	dg_str(g, t.en);
}

static void
dg_d(struct dg *g, const unsigned char d[CACHE_DIGEST])
{
	dg_add(g, d, CACHE_DIGEST);
}

static void
dg_end(struct dg *g, unsigned char out[CACHE_DIGEST])
{
	unsigned char h[SHA256_LEN];

	ink_error_clear();
	if (g->bad) {
		memset(out, 0, CACHE_DIGEST);
	} else {
		sha256(h, g->b.data, g->b.len);
		memcpy(out, h, CACHE_DIGEST);
		/* All zeros is "no digest". */
		if (memcmp(out, (const unsigned char[CACHE_DIGEST]){ 0 },
		    CACHE_DIGEST) == 0)
			out[0] = 1;
	}
	buf_release(&g->b);
	g->bad = 0;
}

const unsigned char cache_none_d[CACHE_DIGEST] = { 0 };

/* The id of record ix, or "" when there is none. */
static const char *
rec_id(const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? "" : m->recs[ix].id;
}

static const unsigned char *
rd_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? cache_none_d : c->rd[ix];
}

static const unsigned char *
nd_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? cache_none_d : c->nd[ix];
}

static const unsigned char *
org_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->norgs ? cache_none_d : c->org[ix];
}

static const unsigned char *
svc_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->nsvcs ? cache_none_d : c->svc[ix];
}

static const unsigned char *
sig_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->nsigners ? cache_none_d : c->sig[ix];
}

/* A record's own row: its bytes (the id and the file's digest), where
 * the log has it, its verification, its computed status, and how its
 * references were resolved.  Everything else on the row is read from
 * those bytes. */
static void
row_digest(struct site *s, size_t i, unsigned char out[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct s_rec *r = &m->recs[i];
	struct dg g = DG_INIT;

	dg_str(&g, "rec");
	dg_str(&g, r->id);
	dg_add(&g, r->fd, sizeof(r->fd));
	dg_str(&g, r->path);
	dg_u64(&g, r->leaf);
	dg_u64(&g, (uint64_t)r->integrated);
	dg_u64(&g, r->integrated > m->at);
	dg_u64(&g, (uint64_t)r->kind);
	dg_u64(&g, (uint64_t)r->vcode);
	dg_str(&g, r->problems);
	dg_u64(&g, (uint64_t)r->has_state);
	dg_u64(&g, (uint64_t)r->state);
	dg_str(&g, rec_id(m, r->by));
	dg_str(&g, r->by_id);
	dg_str(&g, r->why);
	dg_str(&g, rec_id(m, r->supersedes));
	dg_str(&g, rec_id(m, r->target));
	/* what a correction may have changed (corrections() in model.c) */
	dg_text(&g, r->svc);
	dg_text(&g, r->summary);
	dg_text(&g, r->org);
	dg_u64(&g, r->regions.n);
	for (size_t k = 0; k < r->regions.n; k++)
		dg_str(&g, r->regions.v[k]);
	dg_u64(&g, (uint64_t)r->updated);
	dg_u64(&g, r->ndemands);
	for (size_t k = 0; k < r->ndemands; k++) {
		dg_str(&g, rec_id(m, r->demands[k]));
		dg_u64(&g, m->recs[r->demands[k]].deadline <= m->at);
	}
	dg_u64(&g, r->nbuilt_on);
	for (size_t k = 0; k < r->nbuilt_on; k++)
		dg_str(&g, rec_id(m, r->built_on[k]));
	dg_u64(&g, r->nsigners);
	for (size_t k = 0; k < r->nsigners; k++)
		dg_str(&g, rec_id(m, r->signers[k].acc));
	dg_str(&g, r->org_ent == S_NONE ? NULL : m->orgs[r->org_ent].key);
	dg_str(&g, r->svc_ent == S_NONE ? NULL : m->svcs[r->svc_ent].key);
	dg_str(&g, r->signer_ent == S_NONE ? NULL :
	    m->signers[r->signer_ent].keyid);
	dg_end(&g, out);
}

/* A record as any page shows it: its row, the rows of the records it
 * points to, and the entities it links (their names). */
static void
near_digest(struct site *s, size_t i, unsigned char out[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct cache *c = s->cache;
	const struct s_rec *r = &m->recs[i];
	struct dg g = DG_INIT;

	dg_d(&g, c->rd[i]);
	dg_d(&g, rd_of(c, m, r->by));
	dg_d(&g, rd_of(c, m, r->target));
	dg_d(&g, rd_of(c, m, r->supersedes));
	dg_d(&g, org_of(c, m, r->org_ent));
	dg_d(&g, svc_of(c, m, r->svc_ent));
	dg_d(&g, sig_of(c, m, r->signer_ent));
	for (size_t k = 0; k < r->nsigners; k++) {
		size_t a = r->signers[k].acc;
		dg_d(&g, sig_of(c, m, r->signers[k].ent));
		dg_d(&g, rd_of(c, m, a));
		dg_d(&g, org_of(c, m, a == S_NONE ? S_NONE :
		    m->recs[a].org_ent));
	}
	dg_end(&g, out);
}

int
cache_digests(struct site *s)
{
	struct cache *c = s->cache;
	const struct s_model *m = &s->m;
	struct dg g = DG_INIT;

	if ((c->rd = calloc(m->n + 1, CACHE_DIGEST)) == NULL ||
	    (c->nd = calloc(m->n + 1, CACHE_DIGEST)) == NULL ||
	    (c->org = calloc(m->norgs + 1, CACHE_DIGEST)) == NULL ||
	    (c->svc = calloc(m->nsvcs + 1, CACHE_DIGEST)) == NULL ||
	    (c->sig = calloc(m->nsigners + 1, CACHE_DIGEST)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	dg_str(&g, CACHE_MAGIC);
	dg_add(&g, c->self, sizeof(c->self));
	dg_str(&g, s->o->base_url);
	dg_str(&g, s->o->clone_url);
	dg_u64(&g, (uint64_t)m->root_expired);
	dg_str(&g, m->name);
	dg_str(&g, m->catalogs);
	dg_end(&g, c->g);
	for (size_t i = 0; i < m->nviews; i++) {
		const struct s_view *v = &m->views[i];
		dg_str(&g, v->id);
		dg_u64(&g, (uint64_t)v->facet);
		dg_str(&g, v->value);
		dg_str(&g, v->scheme);
		dg_u64(&g, (uint64_t)(int64_t)v->status);
	}
	dg_end(&g, c->views);
	for (size_t i = 0; i < m->norgs; i++) {
		dg_str(&g, m->orgs[i].key);
		dg_str(&g, m->orgs[i].corp);
		dg_text(&g, m->orgs[i].name);
		dg_end(&g, c->org[i]);
	}
	for (size_t i = 0; i < m->nsvcs; i++) {
		dg_str(&g, m->svcs[i].key);
		dg_str(&g, m->svcs[i].svc_id);
		dg_str(&g, m->orgs[m->svcs[i].org].key);
		dg_text(&g, m->svcs[i].name);
		dg_end(&g, c->svc[i]);
	}
	for (size_t i = 0; i < m->nsigners; i++) {
		dg_str(&g, m->signers[i].keyid);
		dg_text(&g, m->signers[i].person);
		dg_text(&g, m->signers[i].org);
		dg_end(&g, c->sig[i]);
	}
	for (size_t i = 0; i < m->n; i++)
		row_digest(s, i, c->rd[i]);
	for (size_t i = 0; i < m->n; i++)
		near_digest(s, i, c->nd[i]);
	return 0;
}

/* What every group's digest starts with. */
static void
dg_start(struct dg *g, const struct site *s, const char *what,
    const char *key)
{
	dg_d(g, s->cache->g);
	dg_str(g, what);
	dg_str(g, key);
}

static void
dg_edges(struct dg *g, const struct site *s, enum s_edge e, size_t to)
{
	size_t f, n;

	s_edges(&s->m, e, to, &f, &n);
	dg_u64(g, n);
	for (size_t k = 0; k < n; k++)
		dg_d(g, nd_of(s->cache, &s->m, s->m.edges[e].v[f + k].from));
}

static void
dg_recs(struct dg *g, const struct site *s, const size_t *recs, size_t n)
{
	dg_u64(g, n);
	for (size_t k = 0; k < n; k++)
		dg_d(g, nd_of(s->cache, &s->m, recs[k]));
}

/* A service as a list of services shows it: its name and the status of
 * its newest record. */
static void
dg_svc_item(struct dg *g, const struct site *s, size_t v)
{
	dg_d(g, svc_of(s->cache, &s->m, v));
	dg_d(g, nd_of(s->cache, &s->m, v == S_NONE ? S_NONE :
	    s->m.svcs[v].latest));
}

void
digest_record(struct site *s, size_t i, unsigned char d[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct s_rec *r = &m->recs[i];
	struct dg g = DG_INIT;

	dg_start(&g, s, "record", r->id);
	dg_d(&g, s->cache->nd[i]);
	dg_edges(&g, s, SE_STATUS, r->leaf);
	dg_edges(&g, s, SE_SUPERSEDED, r->leaf);
	dg_edges(&g, s, SE_DEPENDANT, r->leaf);
	dg_recs(&g, s, r->built_on, r->nbuilt_on);
	/* (a certification shows its ★4's state) */
	if (r->kind == SK_AUDIT && r->prereq_scs != S_NONE)
		dg_recs(&g, s, &r->prereq_scs, 1);
	if (r->svc_ent != S_NONE)
		dg_recs(&g, s, m->svc_recs + m->svcs[r->svc_ent].first,
		    m->svcs[r->svc_ent].n);
	dg_end(&g, d);
}

void
digest_list(struct site *s, const char *key, const size_t *recs, size_t n,
    size_t page, size_t npages, unsigned char d[CACHE_DIGEST])
{
	struct dg g = DG_INIT;

	dg_start(&g, s, "list", key);
	dg_d(&g, s->cache->views);
	dg_u64(&g, page);
	dg_u64(&g, npages);
	dg_recs(&g, s, recs, n);
	dg_end(&g, d);
}

void
digest_org(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct s_org *o = &m->orgs[ix];
	struct dg g = DG_INIT;

	dg_start(&g, s, "org", key);
	dg_d(&g, s->cache->org[ix]);
	dg_u64(&g, o->sn);
	for (size_t k = 0; k < o->sn; k++)
		dg_svc_item(&g, s, m->org_svcs[o->sfirst + k]);
	/* Its entries: the first page of them, and how many. */
	dg_u64(&g, o->n);
	dg_recs(&g, s, m->org_recs + o->first, o->n < PER_ENTITY ? o->n :
	    PER_ENTITY);
	dg_recs(&g, s, m->org_accs + o->afirst, o->an);
	dg_end(&g, d);
}

void
digest_svc(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct s_svc *v = &m->svcs[ix];
	const size_t *recs = m->svc_recs + v->first;
	struct dg g = DG_INIT;

	dg_start(&g, s, "svc", key);
	dg_d(&g, s->cache->views);
	dg_d(&g, s->cache->svc[ix]);
	dg_d(&g, org_of(s->cache, m, v->org));
	dg_d(&g, nd_of(s->cache, m, v->latest));
	dg_recs(&g, s, recs, v->n);
	for (size_t i = 0; i < v->n; i++) {
		const struct s_rec *r = &m->recs[recs[i]];
		size_t f, n;
		for (size_t k = 0; k < r->nbuilt_on; k++)
			dg_svc_item(&g, s, m->recs[r->built_on[k]].svc_ent);
		s_edges(m, SE_DEPENDANT, r->leaf, &f, &n);
		for (size_t k = 0; k < n; k++)
			dg_svc_item(&g, s,
			    m->recs[m->edges[SE_DEPENDANT].v[f + k].from].svc_ent);
	}
	dg_end(&g, d);
}

void
digest_signer(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct s_signer_ent *e = &m->signers[ix];
	struct dg g = DG_INIT;

	dg_start(&g, s, "signer", key);
	dg_d(&g, s->cache->sig[ix]);
	dg_d(&g, nd_of(s->cache, m, e->latest));
	dg_recs(&g, s, m->signer_accs + e->first, e->n);
	/* What it signed: the first page of it, and how many. */
	{
		size_t f, n;
		s_edges(m, SE_SIGNED, ix, &f, &n);
		dg_u64(&g, n);
		for (size_t k = 0; k < n && k < PER_ENTITY; k++)
			dg_d(&g, nd_of(s->cache, m, m->edges[SE_SIGNED].v[f + k].from));
	}
	dg_end(&g, d);
}

void
digest_entries(struct site *s, const char *key, const unsigned char *ed,
    const size_t *recs, size_t n, size_t page, size_t npages,
    unsigned char d[CACHE_DIGEST])
{
	struct dg g = DG_INIT;

	dg_start(&g, s, "entries", key);
	dg_d(&g, ed);
	dg_u64(&g, page);
	dg_u64(&g, npages);
	dg_recs(&g, s, recs, n);
	dg_end(&g, d);
}

const unsigned char *
cache_org_digest(const struct site *s, size_t ix)
{
	return s->cache->org[ix];
}

const unsigned char *
cache_signer_digest(const struct site *s, size_t ix)
{
	return s->cache->sig[ix];
}

void
digest_index(struct site *s, int which, const char *key, const size_t *ixs,
    size_t n, size_t page, size_t npages, unsigned char d[CACHE_DIGEST])
{
	const struct s_model *m = &s->m;
	const struct cache *c = s->cache;
	struct dg g = DG_INIT;

	dg_start(&g, s, "index", key);
	dg_u64(&g, (uint64_t)which);
	dg_u64(&g, page);
	dg_u64(&g, npages);
	dg_u64(&g, n);
	for (size_t i = 0; i < n; i++) {
		size_t x = ixs[i];
		if (which == 0) {
			dg_d(&g, org_of(c, m, x));
			dg_u64(&g, m->orgs[x].n);
		} else if (which == 1) {
			dg_svc_item(&g, s, x);
			dg_d(&g, org_of(c, m, m->svcs[x].org));
		} else {
			dg_d(&g, sig_of(c, m, x));
		}
	}
	dg_end(&g, d);
}
