/*
 * The build cache: what the last build into OUT made, so that a rebuild
 * makes again only the pages whose inputs changed.
 *
 * The site's files are made in groups: a record's pages (both languages,
 * its SOC 3 summary, its JSON and envelope), one page of a list, an
 * organisation's, service's or signer's pages in one language.  Each
 * group has a digest of everything its bytes depend on: the rows of the
 * records it shows (with their verification and computed status, the
 * records those point to, the entities they link), and what every page
 * shares (this program's own bytes, the options, whether the trust root
 * has expired, the pinned catalogues).  The cache, beside OUT and hidden
 * (.<OUT's name>.inkan-cache, so that it is not published with it),
 * keeps for each group its digest and its files (path hash and inode).
 *
 * A rebuild lists OUT's own folders once.  A group whose digest is the
 * same and whose files are all still there, with the inodes the last
 * build left, is not made again; a file removed, replaced or left over
 * is noticed.  One edited in place is not: `site build --full` ignores
 * the cache and compares every file.  Pages shared by the whole site
 * (home, indexes, revocations, api/index.json, feeds) are always made.
 *
 * The cache is trusted no further: one that is damaged, of another
 * program or of another folder is ignored (every page is made), and a
 * build removes it until it has made everything it lists.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/file.h"
#include "core/hashmap.h"
#include "site/site_int.h"

#define CACHE_MAGIC "inkan-site-cache/1\n"
#define CACHE_MAX ((size_t)1 << 31)
/* How long a folder must have stood unchanged to be trusted next time. */
#define DIR_SETTLED_NS 50000000

struct group {
	uint64_t key;
	unsigned char d[CACHE_DIGEST];
	size_t first, n;        /* files: in paths */
};

struct file_ent {
	uint64_t h, ino;
	uint64_t dir;           /* the hash of its folder's path */
};

/* A folder under OUT's own folders as a build left it. */
struct dir_ent {
	const char *rel;
	uint64_t h, ino;
	int64_t sec, nsec;      /* its mtime */
	int trusted;            /* unchanged since */
};

struct present {
	uint64_t h, ino;
	int noted;
};

struct cache {
	char path[PATH_MAX];                    /* the cache file */
	uint64_t dev, ino;                      /* OUT's folder */
	unsigned char self[SHA256_LEN];         /* this program */
	unsigned char g[CACHE_DIGEST];          /* what every page shares */
	unsigned char views[CACHE_DIGEST];      /* the list views */
	/* The last build's groups, indexed by key. */
	struct group *old;
	size_t nold;
	struct hmap oldix;
	struct file_ent *oldfiles;
	size_t noldfiles;
	/* This build's groups. */
	struct group *new;
	size_t nnew, newcap;
	struct file_ent *files;
	size_t nfiles, filecap;
	/* The next build's cache, written as this one goes. */
	char tmp[PATH_MAX + 32];
	FILE *out;
	int out_bad;
	struct s_keeper keeper;
	/* The model of the last build (its strings in raw). */
	struct buf raw;
	struct s_prev prev;
	struct s_prev_row *rows;
	int has_prev;
	/* Each record's entry in api/index.json, with its digest. */
	struct frag {
		unsigned char d[CACHE_DIGEST];
		const char *text, *csv;
	} *frags;
	size_t nfrags;
	int frags_open;
	/* The folders the last build left (olddirs), and the folders this
	 * build lists or trusts (dirs, their paths owned). */
	struct dir_ent *olddirs;
	size_t nolddirs;
	char **dirs;
	size_t ndirs, dircap;
	/* The files found in OUT before this build, indexed by path
	 * hash. */
	struct present *pres;
	size_t npres, prescap, nnoted;
	struct hmap presix;
	int listed;
	/* Digests of each record's row, of the row with what it points to,
	 * and of each entity. */
	unsigned char (*rd)[CACHE_DIGEST], (*nd)[CACHE_DIGEST];
	unsigned char (*org)[CACHE_DIGEST], (*svc)[CACHE_DIGEST];
	unsigned char (*sig)[CACHE_DIGEST];
};

static void out_open(struct cache *c);
static void put_u64(struct cache *c, uint64_t v);
static void put_str(struct cache *c, const char *s);

/* The group the calling thread is making. */
/* The groups the calling thread is making, innermost last (an entity's
 * page is a group, and each further page of its entries one within it). */
#define GROUP_DEPTH 4
static _Thread_local struct cur_group {
	uint64_t key;
	unsigned char d[CACHE_DIGEST];
	struct file_ent *v;
	size_t n, cap;
	int rc;
} open_groups[GROUP_DEPTH];
static _Thread_local int ngroups_open;

/* --- digests ----------------------------------------------------------- */

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

static const unsigned char none_d[CACHE_DIGEST] = { 0 };

/* The id of record ix, or "" when there is none. */
static const char *
rec_id(const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? "" : m->recs[ix].id;
}

static const unsigned char *
rd_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? none_d : c->rd[ix];
}

static const unsigned char *
nd_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->n ? none_d : c->nd[ix];
}

static const unsigned char *
org_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->norgs ? none_d : c->org[ix];
}

static const unsigned char *
svc_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->nsvcs ? none_d : c->svc[ix];
}

static const unsigned char *
sig_of(const struct cache *c, const struct s_model *m, size_t ix)
{
	return ix == S_NONE || ix >= m->nsigners ? none_d : c->sig[ix];
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

/* --- the last build's cache ------------------------------------------- */

static int
get_u64(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	if ((size_t)(end - *p) < sizeof(*v))
		return -1;
	memcpy(v, *p, sizeof(*v));
	*p += sizeof(*v);
	return 0;
}

/* A string written by put_str: *out is NULL or points into the buffer
 * (it ends in a NUL there). */
static int
get_str(const unsigned char **p, const unsigned char *end, const char **out)
{
	uint64_t n;

	*out = NULL;
	if (get_u64(p, end, &n) != 0)
		return -1;
	if (n == UINT64_MAX)
		return 0;
	if (n >= (uint64_t)(end - *p) || (*p)[n] != '\0' ||
	    memchr(*p, '\0', (size_t)n) != NULL)
		return -1;
	*out = (const char *)*p;
	*p += n + 1;
	return 0;
}

const struct s_prev *
cache_prev(const struct site *s)
{
	return s->cache && s->cache->has_prev ? &s->cache->prev : NULL;
}

static int
old_same(const void *ctx, size_t i, const void *key)
{
	const struct cache *c = ctx;

	return c->old[i].key == *(const uint64_t *)key;
}

static size_t
old_find(const struct cache *c, uint64_t key)
{
	size_t i = hmap_get(&c->oldix, key, old_same, c, &key);

	return i == HMAP_NONE ? SIZE_MAX : i;
}

/* The rows of the last build's model (up to a 0 tag), then its name,
 * HEAD, catalogues, time and each record's status. */
static int
load_model(struct cache *c, const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	struct s_prev *v = &c->prev;
	size_t n = 0, cap = 0;
	uint64_t tag, at, count;

	for (;;) {
		struct s_prev_row *r;
		uint64_t t, vcode;
		if (get_u64(&p, end, &tag) != 0 || tag > 1)
			return -1;
		if (tag == 0)
			break;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct s_prev_row *w = realloc(c->rows, nc * sizeof(*w));
			if (w == NULL)
				return -1;
			c->rows = w;
			cap = nc;
		}
		r = memset(&c->rows[n], 0, sizeof(c->rows[n]));
		if (get_str(&p, end, &r->id) != 0 ||
		    get_str(&p, end, &r->path) != 0 ||
		    get_u64(&p, end, &t) != 0 ||
		    (size_t)(end - p) < sizeof(r->fd))
			return -1;
		memcpy(r->fd, p, sizeof(r->fd));
		p += sizeof(r->fd);
		if (get_u64(&p, end, &vcode) != 0 ||
		    get_str(&p, end, &r->problems) != 0 ||
		    get_str(&p, end, &r->pred) != 0 || r->id == NULL ||
		    r->path == NULL || strlen(r->id) != RECORD_ID_LEN - 1 ||
		    strlen(r->path) >= 128)
			return -1;
		r->integrated = (int64_t)t;
		r->vcode = (int)vcode;
		n++;
	}
	{
		uint64_t nf;
		if (get_u64(&p, end, &nf) != 0 ||
		    nf > (uint64_t)(end - p) / (CACHE_DIGEST + 16) ||
		    (c->frags = calloc(nf + 1, sizeof(*c->frags))) == NULL)
			return -1;
		for (uint64_t i = 0; i < nf; i++) {
			if ((size_t)(end - p) < CACHE_DIGEST)
				return -1;
			memcpy(c->frags[i].d, p, CACHE_DIGEST);
			p += CACHE_DIGEST;
			if (get_str(&p, end, &c->frags[i].text) != 0 ||
			    get_str(&p, end, &c->frags[i].csv) != 0)
				return -1;
		}
		c->nfrags = (size_t)nf;
	}
	if (get_str(&p, end, &v->name) != 0 || get_str(&p, end, &v->head) != 0 ||
	    get_str(&p, end, &v->catalogs) != 0 || get_u64(&p, end, &at) != 0 ||
	    get_u64(&p, end, &count) != 0 || v->name == NULL ||
	    v->head == NULL || v->catalogs == NULL || count != n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct s_prev_row *r = &c->rows[i];
		uint64_t hs, state;
		if (get_u64(&p, end, &hs) != 0 || get_u64(&p, end, &state) != 0 ||
		    get_str(&p, end, &r->by_id) != 0 ||
		    get_str(&p, end, &r->why) != 0)
			return -1;
		r->has_state = hs != 0;
		r->state = (int)state;
	}
	v->at = (int64_t)at;
	v->n = n;
	v->rows = c->rows;
	*pp = p;
	return 0;
}

/* Reads the cache: 0 with the last build's model and groups, or 0 with
 * none when the file is missing, damaged, of another program or of
 * another folder. */
static int
load(struct site *s)
{
	struct cache *c = s->cache;
	struct buf b;
	const unsigned char *p, *end;
	uint64_t dev, ino, ng, nf;

	if (file_read(&b, c->path, CACHE_MAX) != 0) {
		ink_error_clear();
		return 0;
	}
	p = b.data;
	end = b.data + b.len;
	if (b.len < strlen(CACHE_MAGIC) + SHA256_LEN ||
	    memcmp(p, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0 ||
	    memcmp(p + strlen(CACHE_MAGIC), c->self, SHA256_LEN) != 0)
		goto ignore;
	p += strlen(CACHE_MAGIC) + SHA256_LEN;
	/* Of this very folder, not of one that took its name. */
	if (get_u64(&p, end, &dev) != 0 || get_u64(&p, end, &ino) != 0 ||
	    dev != c->dev || ino != c->ino || load_model(c, &p, end) != 0)
		goto ignore;
	if (get_u64(&p, end, &ng) != 0 || get_u64(&p, end, &nf) != 0 ||
	    ng > (size_t)(end - p) / (sizeof(uint64_t) * 2 + CACHE_DIGEST) ||
	    nf > (size_t)(end - p) / (sizeof(uint64_t) * 3))
		goto ignore;
	if ((c->old = calloc(ng + 1, sizeof(*c->old))) == NULL ||
	    (c->oldfiles = calloc(nf + 1, sizeof(*c->oldfiles))) == NULL)
		goto oom;
	if (hmap_reserve(&c->oldix, (size_t)ng) != 0)
		goto oom;
	for (uint64_t k = 0; k < ng; k++) {
		struct group *gr = &c->old[k];
		uint64_t n;
		if (get_u64(&p, end, &gr->key) != 0 ||
		    (size_t)(end - p) < CACHE_DIGEST)
			goto ignore;
		memcpy(gr->d, p, CACHE_DIGEST);
		p += CACHE_DIGEST;
		if (get_u64(&p, end, &n) != 0 || n > nf - c->noldfiles)
			goto ignore;
		gr->first = c->noldfiles;
		gr->n = (size_t)n;
		for (uint64_t j = 0; j < n; j++) {
			struct file_ent *f = &c->oldfiles[c->noldfiles++];
			if (get_u64(&p, end, &f->h) != 0 ||
			    get_u64(&p, end, &f->ino) != 0 ||
			    get_u64(&p, end, &f->dir) != 0)
				goto ignore;
		}
		/* Room was made for every group: this cannot fail. */
		(void)hmap_put(&c->oldix, gr->key, (size_t)k);
		c->nold++;
	}
	{
		uint64_t nd;
		if (get_u64(&p, end, &nd) != 0 ||
		    nd > (uint64_t)(end - p) / 32 ||
		    (c->olddirs = calloc(nd + 1, sizeof(*c->olddirs))) == NULL)
			goto ignore;
		for (uint64_t k = 0; k < nd; k++) {
			struct dir_ent *d = &c->olddirs[k];
			uint64_t dino, sec, nsec;
			if (get_str(&p, end, &d->rel) != 0 || d->rel == NULL ||
			    get_u64(&p, end, &dino) != 0 ||
			    get_u64(&p, end, &sec) != 0 ||
			    get_u64(&p, end, &nsec) != 0)
				goto ignore;
			d->h = site_path_hash(d->rel);
			d->ino = dino;
			d->sec = (int64_t)sec;
			d->nsec = (int64_t)nsec;
		}
		c->nolddirs = (size_t)nd;
	}
	if (p != end)
		goto ignore;
	c->raw = b;
	c->has_prev = 1;
	return 0;
ignore:
	buf_release(&b);
	free(c->old);
	free(c->oldfiles);
	hmap_free(&c->oldix);
	free(c->rows);
	free(c->frags);
	free(c->olddirs);
	c->olddirs = NULL;
	c->nolddirs = 0;
	c->frags = NULL;
	c->nfrags = 0;
	c->old = NULL;
	c->oldfiles = NULL;
	c->rows = NULL;
	memset(&c->prev, 0, sizeof(c->prev));
	c->nold = c->noldfiles = 0;
	return 0;
oom:
	buf_release(&b);
	return ink_error(INK_EINPUT, "out of memory");
}

/* The cache of OUT is beside it, hidden: OUT/../.<name>.inkan-cache, so
 * that it is not published with the site. */
static int
cache_path(char *out, size_t len, const char *dir)
{
	char d[PATH_MAX];
	size_t n = strlen(dir);
	const char *base, *slash;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof(d))
		return ink_error(INK_EINPUT, "'%s': path too long", dir);
	memcpy(d, dir, n);
	d[n] = '\0';
	slash = strrchr(d, '/');
	base = slash ? slash + 1 : d;
	if (slash == d)
		n = (size_t)snprintf(out, len, "/.%s.inkan-cache", base);
	else if (slash)
		n = (size_t)snprintf(out, len, "%.*s/.%s.inkan-cache",
		    (int)(slash - d), d, base);
	else
		n = (size_t)snprintf(out, len, ".%s.inkan-cache", base);
	if (n >= len)
		return ink_error(INK_EINPUT, "'%s': path too long", dir);
	return 0;
}

int
cache_open(struct site *s)
{
	struct cache *c;
	struct stat st;
	int rc;

	if ((c = s->cache = calloc(1, sizeof(*c))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = cache_path(c->path, sizeof(c->path), s->o->out)) != 0)
		return rc;
	/* OUT itself, or the staging folder that becomes it. */
	if (stat(s->root, &st) != 0)
		return ink_error_sys(INK_EINPUT, "cannot read folder '%s'",
		    s->root);
	c->dev = (uint64_t)st.st_dev;
	c->ino = (uint64_t)st.st_ino;
	/* The program's own bytes: a new version makes every page again. */
	if (sha256_file(c->self, "/proc/self/exe") != 0)
		return ink_error_wrap(INK_EINPUT, "cannot read this program");
	if (!s->fresh && !s->o->full) {
		if ((rc = load(s)) != 0)
			return rc;
		/* Gone until this build has made what it lists: a build
		 * that fails leaves no cache, and the next one makes every
		 * page. */
		if (unlink(c->path) != 0 && errno != ENOENT) {
			c->nold = 0;
			c->has_prev = 0;
		}
	}
	out_open(c);
	return 0;
}

int
cache_wants_listing(const struct site *s)
{
	return s->cache && s->cache->nold > 0;
}

void
cache_listed(struct site *s)
{
	s->cache->listed = 1;
}

/* --- the folders in OUT ------------------------------------------------ */

/* A folder's path under OUT as this build met it (kept for the next
 * build's table). */
int
cache_dir_seen(struct site *s, const char *rel)
{
	struct cache *c = s->cache;
	char *d;

	if (c == NULL)
		return 0;
	for (size_t i = 0; i < c->ndirs; i++)
		if (strcmp(c->dirs[i], rel) == 0)
			return 0;
	if (c->ndirs == c->dircap) {
		size_t cap = c->dircap ? c->dircap * 2 : 64;
		char **v = realloc(c->dirs, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->dirs = v;
		c->dircap = cap;
	}
	if ((d = strdup(rel)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	c->dirs[c->ndirs++] = d;
	return 0;
}

static const struct dir_ent *
olddir(const struct cache *c, const char *rel)
{
	for (size_t i = 0; i < c->nolddirs; i++)
		if (strcmp(c->olddirs[i].rel, rel) == 0)
			return &c->olddirs[i];
	return NULL;
}

int
cache_dir_trusted(const struct site *s, const char *rel)
{
	const struct dir_ent *d = s->cache ? olddir(s->cache, rel) : NULL;

	return d && d->trusted;
}

size_t
cache_dir_children(const struct site *s, const char *rel, const char **out,
    size_t max)
{
	const struct cache *c = s->cache;
	size_t n = 0, len = strlen(rel);

	for (size_t i = 0; c && i < c->nolddirs && n < max; i++) {
		const char *r = c->olddirs[i].rel;
		if (strncmp(r, rel, len) == 0 && r[len] == '/' &&
		    strchr(r + len + 1, '/') == NULL)
			out[n++] = r + len + 1;
	}
	return n;
}

/* Which folders of the last build are as it left them (same inode and
 * mtime: no file there was added, removed or replaced since), and the
 * files it wrote in those, present without listing them. */
int
cache_trust_dirs(struct site *s)
{
	struct cache *c = s->cache;
	int root, rc = 0;

	if ((root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	for (size_t i = 0; i < c->nolddirs; i++) {
		struct dir_ent *d = &c->olddirs[i];
		struct stat st;
		d->trusted = fstatat(root, d->rel, &st, AT_SYMLINK_NOFOLLOW) ==
		    0 && S_ISDIR(st.st_mode) && (uint64_t)st.st_ino == d->ino &&
		    (int64_t)st.st_mtim.tv_sec == d->sec &&
		    (int64_t)st.st_mtim.tv_nsec == d->nsec;
	}
	close(root);
	/* (Files of one folder tend to follow each other: the last
	 * folder found is tried first.) */
	for (size_t i = 0, last = 0; rc == 0 && i < c->noldfiles; i++) {
		const struct file_ent *f = &c->oldfiles[i];
		if (c->nolddirs == 0)
			break;
		if (c->olddirs[last].h != f->dir)
			for (last = 0; last < c->nolddirs &&
			    c->olddirs[last].h != f->dir; last++)
				;
		if (last == c->nolddirs) {
			last = 0;
			continue;
		}
		if (c->olddirs[last].trusted)
			rc = cache_present(s, f->h, f->ino);
	}
	return rc;
}

/* The folders for the next build: those this build met, and every
 * folder of a file it wrote, with their mtime now that it is done. */
static void
put_dirs(struct site *s)
{
	struct cache *c = s->cache;
	size_t rootlen = strlen(s->root), n = 0;
	struct timespec now;
	struct stat *st;
	int root;

	for (size_t i = 0; i < s->ndirs; i++) {
		char rel[PATH_MAX], *q;
		if (strncmp(s->dirs[i], s->root, rootlen) != 0 ||
		    s->dirs[i][rootlen] != '/')
			continue;
		snprintf(rel, sizeof(rel), "%s", s->dirs[i] + rootlen + 1);
		/* With the folders above it. */
		for (;;) {
			(void)cache_dir_seen(s, rel);
			if ((q = strrchr(rel, '/')) == NULL)
				break;
			*q = '\0';
		}
	}
	ink_error_clear();
	/* Each folder stated once: those gone (pruned empty) are left out. */
	if ((st = calloc(c->ndirs + 1, sizeof(*st))) == NULL) {
		c->out_bad = 1;
		return;
	}
	root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < c->ndirs; i++) {
		if (root >= 0 && fstatat(root, c->dirs[i], &st[i],
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st[i].st_mode))
			n++;
		else
			c->dirs[i][0] = '\0';
	}
	put_u64(c, n);
	clock_gettime(CLOCK_REALTIME, &now);
	for (size_t i = 0; i < c->ndirs; i++) {
		/* A folder changed in the last moments may change again
		 * within the same tick of the file system's clock, leaving
		 * its mtime as it is: such a folder is listed next time. */
		int64_t age = ((int64_t)now.tv_sec -
		    (int64_t)st[i].st_mtim.tv_sec) * 1000000000 +
		    ((int64_t)now.tv_nsec - (int64_t)st[i].st_mtim.tv_nsec);
		int settled = age >= DIR_SETTLED_NS;
		if (c->dirs[i][0] == '\0')
			continue;
		put_str(c, c->dirs[i]);
		put_u64(c, (uint64_t)st[i].st_ino);
		put_u64(c, settled ? (uint64_t)st[i].st_mtim.tv_sec : 0);
		put_u64(c, settled ? (uint64_t)st[i].st_mtim.tv_nsec : 0);
	}
	free(st);
	if (root >= 0)
		close(root);
}

/* --- the files in OUT -------------------------------------------------- */

uint64_t
site_path_hash(const char *rel)
{
	uint64_t h = hmap_str(rel);

	return h ? h : 1;
}

int
site_path_note(struct site *s, uint64_t h)
{
	/* The hash is the key (site_path_hash): no two paths are told
	 * apart beyond it, as the build cache stores them. */
	if (hmap_get(&s->paths, h, NULL, NULL, NULL) != HMAP_NONE)
		return 0;
	/* At first, room for what the last build wrote. */
	if ((s->paths.cap == 0 && hmap_reserve(&s->paths,
	    cache_files(s) + 1) != 0) || hmap_put(&s->paths, h, 0) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	cache_noted(s, h);
	return 0;
}

int
site_path_noted(const struct site *s, const char *rel)
{
	return hmap_get(&s->paths, site_path_hash(rel), NULL, NULL, NULL) !=
	    HMAP_NONE;
}

static int
pres_same(const void *ctx, size_t i, const void *key)
{
	const struct cache *c = ctx;

	return c->pres[i].h == *(const uint64_t *)key;
}

static struct present *
pres_find(const struct cache *c, uint64_t h)
{
	size_t i = hmap_get(&c->presix, h, pres_same, c, &h);

	return i == HMAP_NONE ? NULL : &c->pres[i];
}

size_t
cache_files(const struct site *s)
{
	return s->cache ? s->cache->noldfiles : 0;
}

int
cache_present(struct site *s, uint64_t h, uint64_t ino)
{
	struct cache *c = s->cache;

	if (pres_find(c, h) != NULL)
		return 0;
	if (c->npres == c->prescap) {
		size_t cap = c->prescap ? c->prescap * 2 : 2048;
		struct present *v;
		/* At first, room for what the last build wrote. */
		while (c->prescap == 0 && cap < c->noldfiles + 1)
			cap *= 2;
		if ((v = realloc(c->pres, cap * sizeof(*v))) == NULL ||
		    hmap_reserve(&c->presix, cap) != 0) {
			if (v)
				c->pres = v;
			return ink_error(INK_EINPUT, "out of memory");
		}
		c->pres = v;
		c->prescap = cap;
	}
	if (hmap_put(&c->presix, h, c->npres) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	c->pres[c->npres++] = (struct present){ h, ino, 0 };
	return 0;
}

void
cache_noted(struct site *s, uint64_t h)
{
	struct present *p;

	if (s->cache && (p = pres_find(s->cache, h)) != NULL && !p->noted) {
		p->noted = 1;
		s->cache->nnoted++;
	}
}

int
cache_prune_needed(const struct site *s)
{
	const struct cache *c = s->cache;

	return c == NULL || !c->listed || c->nnoted < c->npres;
}

/* --- groups ------------------------------------------------------------ */

/* Adds a group to this build's cache (under s->lock). */
static int
group_add(struct cache *c, uint64_t key, const unsigned char d[CACHE_DIGEST],
    const struct file_ent *f, size_t n)
{
	if (c->nnew == c->newcap) {
		size_t cap = c->newcap ? c->newcap * 2 : 1024;
		struct group *v = realloc(c->new, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->new = v;
		c->newcap = cap;
	}
	if (c->nfiles + n > c->filecap) {
		size_t cap = c->filecap ? c->filecap : 4096;
		struct file_ent *v;
		while (cap < c->nfiles + n)
			cap *= 2;
		if ((v = realloc(c->files, cap * sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->files = v;
		c->filecap = cap;
	}
	c->new[c->nnew].key = key;
	memcpy(c->new[c->nnew].d, d, CACHE_DIGEST);
	c->new[c->nnew].first = c->nfiles;
	c->new[c->nnew].n = n;
	memcpy(c->files + c->nfiles, f, n * sizeof(*f));
	c->nfiles += n;
	c->nnew++;
	return 0;
}

int
group_skip(struct site *s, const char *key,
    const unsigned char d[CACHE_DIGEST], int *skip)
{
	struct cache *c = s->cache;
	uint64_t k = site_path_hash(key);
	size_t ix = old_find(c, k);
	int rc = 0;

	*skip = 0;
	if (ix != SIZE_MAX && c->listed &&
	    memcmp(d, none_d, CACHE_DIGEST) != 0 &&
	    memcmp(c->old[ix].d, d, CACHE_DIGEST) == 0) {
		const struct group *gr = &c->old[ix];
		const struct file_ent *f = c->oldfiles + gr->first;
		size_t i;
		for (i = 0; i < gr->n; i++) {
			const struct present *p = pres_find(c, f[i].h);
			if (p == NULL || p->ino != f[i].ino)
				break;
		}
		if (i == gr->n) {
			pthread_mutex_lock(&s->lock);
			for (i = 0; rc == 0 && i < gr->n; i++)
				rc = site_path_note(s, f[i].h);
			if (rc == 0)
				rc = group_add(c, k, d, f, gr->n);
			s->stats->unchanged += gr->n;
			s->stats->reused += gr->n;
			pthread_mutex_unlock(&s->lock);
			*skip = rc == 0;
			return rc;
		}
	}
	if (ngroups_open == GROUP_DEPTH)
		return ink_error(INK_EINPUT, "groups nested too deep");
	{
		struct cur_group *g = &open_groups[ngroups_open++];
		g->key = k;
		memcpy(g->d, d, CACHE_DIGEST);
		g->v = NULL;
		g->n = g->cap = 0;
		g->rc = 0;
	}
	return 0;
}

int
cache_wrote(uint64_t h, uint64_t dir, uint64_t ino)
{
	struct cur_group *g;

	if (ngroups_open == 0)
		return 0;
	g = &open_groups[ngroups_open - 1];
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct file_ent *v = realloc(g->v, cap * sizeof(*v));
		if (v == NULL)
			return g->rc = ink_error(INK_EINPUT, "out of memory");
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = (struct file_ent){ h, ino, dir };
	return 0;
}

int
group_end(struct site *s)
{
	struct cur_group *g;
	int rc;

	if (ngroups_open == 0)
		return 0;
	g = &open_groups[--ngroups_open];
	rc = g->rc;
	/* A group some file of which was not written is not kept: the next
	 * build makes it again. */
	if (rc == 0) {
		pthread_mutex_lock(&s->lock);
		rc = group_add(s->cache, g->key, g->d, g->v, g->n);
		pthread_mutex_unlock(&s->lock);
	}
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
	return rc;
}

int
group_done(struct site *s, int rc)
{
	int e = group_end(s);

	return rc != 0 ? rc : e;
}

/* --- the next build's cache ------------------------------------------- */

/* Writes the cache beside OUT (through a temporary file renamed over
 * it).  Not being able to is no error: the next build makes every
 * page. */

static void
put(struct cache *c, const void *p, size_t n)
{
	if (c->out && fwrite(p, 1, n, c->out) != n)
		c->out_bad = 1;
}

static void
put_u64(struct cache *c, uint64_t v)
{
	put(c, &v, sizeof(v));
}

/* A string, or NULL, with its length and a NUL after it (get_str). */
static void
put_str(struct cache *c, const char *s)
{
	if (s == NULL) {
		put_u64(c, UINT64_MAX);
		return;
	}
	put_u64(c, strlen(s));
	put(c, s, strlen(s) + 1);
}

/* The next build's cache is written as this one goes, to a temporary
 * file renamed over the cache at the end; not being able to is no error
 * (the next build makes every page). */
static void
out_open(struct cache *c)
{
	int fd;

	snprintf(c->tmp, sizeof(c->tmp), "%s.%ld.tmp", c->path, (long)getpid());
	if ((fd = open(c->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0 || (c->out = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		c->tmp[0] = '\0';
		return;
	}
	put(c, CACHE_MAGIC, strlen(CACHE_MAGIC));
	put(c, c->self, sizeof(c->self));
	put_u64(c, c->dev);
	put_u64(c, c->ino);
}

static int
keep_row(void *arg, const struct s_rec *r, const char *pred)
{
	struct cache *c = arg;

	put_u64(c, 1);
	put_str(c, r->id);
	put_str(c, r->path);
	put_u64(c, (uint64_t)r->integrated);
	put(c, r->fd, sizeof(r->fd));
	put_u64(c, (uint64_t)r->vcode);
	put_str(c, r->problems);
	put_str(c, pred);
	return 0;
}

const struct s_keeper *
cache_keeper(struct site *s)
{
	struct cache *c = s->cache;

	if (c == NULL || c->out == NULL)
		return NULL;
	c->keeper.row = keep_row;
	c->keeper.arg = c;
	return &c->keeper;
}

const unsigned char *
cache_record_digest(const struct site *s, size_t i)
{
	return s->cache->nd[i];
}

int
cache_frag(const struct site *s, size_t i, const unsigned char d[CACHE_DIGEST],
    const char **json, const char **csv)
{
	const struct cache *c = s->cache;

	if (c == NULL || i >= c->nfrags || c->frags[i].text == NULL ||
	    memcmp(c->frags[i].d, d, CACHE_DIGEST) != 0)
		return 0;
	*json = c->frags[i].text;
	*csv = c->frags[i].csv;
	return 1;
}

void
cache_frags_begin(struct site *s, size_t n)
{
	struct cache *c = s->cache;

	if (c == NULL || c->frags_open)
		return;
	/* The end of the model's rows, then the entries. */
	put_u64(c, 0);
	put_u64(c, n);
	c->frags_open = 1;
}

void
cache_frag_put(struct site *s, const unsigned char d[CACHE_DIGEST],
    const char *json, size_t jlen, const char *csv, size_t clen)
{
	struct cache *c = s->cache;

	if (c == NULL || !c->frags_open)
		return;
	put(c, d, CACHE_DIGEST);
	put_u64(c, jlen);
	put(c, json, jlen);
	put(c, "", 1);
	if (csv == NULL) {
		put_u64(c, UINT64_MAX);
		return;
	}
	put_u64(c, clen);
	put(c, csv, clen);
	put(c, "", 1);
}

int
cache_save(struct site *s)
{
	struct cache *c = s->cache;
	const struct s_model *m = &s->m;
	int rc = 0;

	if (c == NULL || c->out == NULL)
		return 0;
	cache_frags_begin(s, 0);
	put_str(c, m->name);
	put_str(c, m->head);
	put_str(c, m->catalogs);
	put_u64(c, (uint64_t)m->at);
	put_u64(c, m->n);
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		put_u64(c, (uint64_t)r->has_state);
		put_u64(c, (uint64_t)r->state);
		put_str(c, r->by_id);
		put_str(c, r->why);
	}
	put_u64(c, c->nnew);
	put_u64(c, c->nfiles);
	for (size_t k = 0; k < c->nnew; k++) {
		const struct group *gr = &c->new[k];
		put_u64(c, gr->key);
		put(c, gr->d, CACHE_DIGEST);
		put_u64(c, gr->n);
		for (size_t i = 0; i < gr->n; i++) {
			put_u64(c, c->files[gr->first + i].h);
			put_u64(c, c->files[gr->first + i].ino);
			put_u64(c, c->files[gr->first + i].dir);
		}
	}
	put_dirs(s);
	if (fclose(c->out) != 0)
		c->out_bad = 1;
	c->out = NULL;
	if (c->out_bad || rename(c->tmp, c->path) != 0)
		rc = -1;
	if (rc != 0)
		unlink(c->tmp);
	c->tmp[0] = '\0';
	return 0;
}

void
cache_free(struct site *s)
{
	struct cache *c = s->cache;

	while (ngroups_open > 0) {
		struct cur_group *g = &open_groups[--ngroups_open];
		free(g->v);
		g->v = NULL;
	}
	if (c == NULL)
		return;
	free(c->old);
	hmap_free(&c->oldix);
	free(c->oldfiles);
	free(c->new);
	free(c->files);
	free(c->pres);
	hmap_free(&c->presix);
	free(c->rd);
	free(c->nd);
	free(c->org);
	free(c->svc);
	free(c->sig);
	free(c->rows);
	free(c->frags);
	free(c->olddirs);
	for (size_t i = 0; i < c->ndirs; i++)
		free(c->dirs[i]);
	free(c->dirs);
	buf_release(&c->raw);
	/* A build that did not save its cache leaves none. */
	if (c->out)
		fclose(c->out);
	if (c->tmp[0])
		unlink(c->tmp);
	free(c);
	s->cache = NULL;
}
