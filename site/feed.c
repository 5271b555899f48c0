/*
 * The Atom feeds (RFC 4287) of the site: in each language folder,
 * feeds/changes.atom (every record), feeds/revocations.atom (status
 * records that take a record out of force), and one feed per
 * organisation (feeds/org/<key>.atom) and per service
 * (feeds/svc/<key>.atom) for those who follow one provider or one
 * package: the registration of each of its records (for an organisation,
 * also of the accreditations naming it), each status record about them,
 * and the status record that changed one through what it is built on (a
 * delisting by cascade).  Newest first, the newest FEED_MAX entries.
 *
 * Ids are tag: URIs (RFC 4151) that never change: an entry's is its
 * record's, in every feed that lists it.  Times are UTC, RFC 3339.
 * Titles and summaries are in the feed's language, every value escaped
 * for XML (out_xml).  Each organisation's and service's feed is a group
 * of the build cache (cache.c), made again only when one of its entries
 * or its name changed; the two site-wide feeds are always made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/error.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "site/cache_int.h"

#define FEED_MAX 100
/* How far a delisting by cascade is followed down what is built on. */
#define CAUSE_DEPTH 16

/* tag: ids: the authority is the registry name's host part, the date
 * the day the log began; neither ever changes. */
static void
tag_base(struct site *s, char *out, size_t len)
{
	const char *name = s->m.name, *slash = strchr(name, '/');
	char host[256], rest[512], ts[TIME_LEN];
	size_t k = 0, hl = slash ? (size_t)(slash - name) : strlen(name);

	for (size_t i = 0; i < hl && k + 1 < sizeof(host); i++) {
		char c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		host[k++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' ? c : '-';
	}
	host[k] = '\0';
	if (k == 0 || strchr(host, '.') == NULL)
		snprintf(host + k, sizeof(host) - k, "%s", k ? ".invalid" :
		    "inkan.invalid");
	k = 0;
	for (const char *c = slash ? slash + 1 : ""; *c && k + 1 < sizeof(rest);
	    c++)
		rest[k++] = (*c >= 'a' && *c <= 'z') ||
		    (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/", *c) ? *c : '-';
	rest[k] = '\0';
	time_format(ts, s->m.n ? s->m.recs[0].integrated : 0);
	ts[10] = '\0';
	snprintf(out, len, "tag:%s,%s:%s%s", host, ts, rest, k ? "/" : "");
}

/* href="..." to path under the language folder: absolute under the base
 * URL when there is one, else relative to the feed (rel: from the feed's
 * folder to the language folder). */
static void
href(struct site *s, struct out *o, const char *lang, const char *rel,
    const char *path)
{
	const char *base = s->o->base_url;
	char full[2048];

	if (base)
		snprintf(full, sizeof(full), "%s%s%s/%s", base,
		    base[strlen(base) - 1] == '/' ? "" : "/", lang, path);
	else
		snprintf(full, sizeof(full), "%s%s", rel, path);
	out_raw(o, "href=\"");
	out_url(o, full);
	out_raw(o, "\"");
}

static void
atom_time(struct out *o, const char *el, int64_t t)
{
	char ts[TIME_LEN];

	time_format(ts, t);
	out_rawf(o, "<%s>%s</%s>\n", el, ts, el);
}

static const char *
kind_name(enum s_kind k)
{
	const struct record_kind *row = s_kind_row(k);

	return row ? row->name : "other";
}

/* The head of a feed: its id (tag + what), title (head, then the
 * registry's site), the time of its newest entry, and its links. */
static void
feed_open(struct site *s, struct out *o, const char *lang, const char *tag,
    const char *what, const char *head, const char *rel, const char *self,
    const char *page, int64_t updated)
{
	out_rawf(o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n",
	    lang);
	out_raw(o, "<id>");
	out_xml(o, tag);
	out_xml(o, what);
	out_raw(o, "</id>\n<title>");
	out_xml(o, head);
	out_raw(o, " | ");
	out_xml(o, s->m.name);
	out_raw(o, " ");
	out_xml(o, L(lang, M_SITE));
	out_raw(o, "</title>\n");
	atom_time(o, "updated", updated);
	out_raw(o, "<link rel=\"self\" type=\"application/atom+xml\" ");
	href(s, o, lang, rel, self);
	out_raw(o, "/>\n<link rel=\"alternate\" type=\"text/html\" ");
	href(s, o, lang, rel, page);
	out_raw(o, "/>\n<author><name>");
	out_xml(o, s->m.name);
	out_raw(o, "</name></author>\n<generator>inkan</generator>\n");
}

/* One entry: the record, as it was registered, and its status now. */
static void
entry(struct site *s, struct out *o, const char *lang, const char *tag,
    const char *rel, const struct s_rec *r)
{
	struct s_model *m = &s->m;
	const char *lv = s_level_name(m, r, lang);
	char page[300];

	out_raw(o, "<entry>\n<id>");
	out_xml(o, tag);
	out_raw(o, "record/");
	out_xml(o, r->id);
	out_raw(o, "</id>\n<title>");
	out_xml(o, word_kind(lang, r->kind));
	out_raw(o, ": ");
	out_xml(o, rec_title(s, r, lang));
	out_raw(o, "</title>\n");
	atom_time(o, "updated", r->integrated);
	atom_time(o, "published", r->integrated);
	snprintf(page, sizeof(page), "r/%s.html", S_HEX(r));
	out_raw(o, "<link rel=\"alternate\" type=\"text/html\" ");
	href(s, o, lang, rel, page);
	out_raw(o, "/>\n<category term=\"");
	out_xml(o, kind_name(r->kind));
	out_raw(o, "\"/>\n<summary>");
	if (r->scheme) {
		out_xml(o, s_scheme_name(m, r->scheme, lang));
		if (lv && r->kind != SK_SCS) {
			out_raw(o, " ");
			out_xml(o, lv);
		}
		out_raw(o, ". ");
	}
	if (r->kind == SK_STATUS) {
		if (r->reason_code) {
			out_xml(o, r->reason_code);
			out_raw(o, ": ");
		}
		out_xml(o, s_pick(r->reason, lang));
	}
	/* A status record's action is in its title; it has no status. */
	if (r->has_state) {
		out_xml(o, L(lang, M_STATUS));
		out_raw(o, ": ");
		out_xml(o, word_state(lang, (int)r->state));
	}
	out_raw(o, "</summary>\n</entry>\n");
}

/* --- the site-wide feeds ---------------------------------------------- */

static int
removal(const struct s_rec *r)
{
	return r->kind == SK_STATUS && r->action &&
	    (strcmp(r->action, "revoke") == 0 ||
	    strcmp(r->action, "suspend") == 0 ||
	    strcmp(r->action, "withdraw") == 0 ||
	    strcmp(r->action, "delist") == 0);
}

static int
site_feed(struct site *s, const char *lang, int removals)
{
	struct s_model *m = &s->m;
	struct out o = OUT_INIT;
	char tag[900], what[64], self[64], path[96];
	size_t n = 0, *pick;
	int64_t updated = 0;
	int rc;

	if ((pick = calloc(FEED_MAX, sizeof(*pick))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = m->n; i-- > 0 && n < FEED_MAX;) {
		if (removals && !removal(&m->recs[i]))
			continue;
		pick[n++] = i;
		if (m->recs[i].integrated > updated)
			updated = m->recs[i].integrated;
	}
	tag_base(s, tag, sizeof(tag));
	snprintf(what, sizeof(what), "feed/%s/%s", removals ? "revocations" :
	    "changes", lang);
	snprintf(self, sizeof(self), "feeds/%s.atom", removals ?
	    "revocations" : "changes");
	feed_open(s, &o, lang, tag, what, L(lang, removals ?
	    M_FEED_REVOCATIONS : M_FEED_CHANGES), "../", self, removals ?
	    "revocations.html" : "index.html", updated);
	for (size_t k = 0; k < n; k++)
		entry(s, &o, lang, tag, "../", &m->recs[pick[k]]);
	out_raw(&o, "</feed>\n");
	snprintf(path, sizeof(path), "%s/%s", lang, self);
	rc = o.rc ? o.rc : site_write(s, path, o.b.data, o.b.len);
	out_release(&o);
	free(pick);
	return rc;
}

/* --- an organisation's or a service's feed ---------------------------- */

struct picks {
	size_t *v;
	size_t n, cap;
	int rc;
};

static void
pick(struct picks *p, size_t i)
{
	if (p->rc != 0)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		size_t *v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL) {
			p->rc = ink_error(INK_EINPUT, "out of memory");
			return;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = i;
}

/* The status record that changed r through what r is built on (r->by is
 * then one of its built_on), followed down to the record it is about. */
static void
pick_cause(struct site *s, struct picks *p, size_t r, int depth)
{
	const struct s_rec *x = &s->m.recs[r];

	if (x->by == S_NONE || depth > CAUSE_DEPTH)
		return;
	if (s->m.recs[x->by].kind == SK_STATUS) {
		/* r's own status records are picked anyway. */
		if (depth > 0)
			pick(p, x->by);
		return;
	}
	for (size_t k = 0; k < x->nbuilt_on; k++)
		if (x->built_on[k] == x->by) {
			pick_cause(s, p, x->by, depth + 1);
			return;
		}
}

/* A record of the entity, and what changed its status. */
static void
pick_record(struct site *s, struct picks *p, size_t r)
{
	size_t f, n;

	pick(p, r);
	s_edges(&s->m, SE_STATUS, r, &f, &n);
	for (size_t k = 0; k < n; k++)
		pick(p, s->m.edges[SE_STATUS].v[f + k].from);
	pick_cause(s, p, r, 0);
}

static int
newest_first(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The entries, newest first (log order), each once, at most FEED_MAX. */
static void
picks_done(struct picks *p)
{
	size_t k = 0;

	if (p->rc != 0 || p->n == 0)
		return;
	qsort(p->v, p->n, sizeof(*p->v), newest_first);
	for (size_t i = 0; i < p->n && k < FEED_MAX; i++)
		if (k == 0 || p->v[k - 1] != p->v[i])
			p->v[k++] = p->v[i];
	p->n = k;
}

/* What the feed's bytes depend on: what every page shares, which feed,
 * the entity's name, and each entry as any page shows it (with the
 * record a status record is about). */
static void
feed_digest(struct site *s, const char *key, const unsigned char *ent,
    const struct picks *p, unsigned char d[CACHE_DIGEST])
{
	struct buf b = BUF_INIT(CACHE_MAX);
	unsigned char h[SHA256_LEN];
	uint64_t len = strlen(key);
	int rc;

	rc = buf_add(&b, s->cache->g, CACHE_DIGEST);
	if (rc == 0)
		rc = buf_add(&b, &len, sizeof(len));
	if (rc == 0)
		rc = buf_add(&b, key, len);
	if (rc == 0)
		rc = buf_add(&b, ent, CACHE_DIGEST);
	for (size_t i = 0; rc == 0 && i < p->n; i++) {
		const struct s_rec *r = &s->m.recs[p->v[i]];
		rc = buf_add(&b, cache_record_digest(s, p->v[i]), CACHE_DIGEST);
		if (rc == 0 && r->target != S_NONE)
			rc = buf_add(&b, cache_record_digest(s, r->target),
			    CACHE_DIGEST);
	}
	/* All zeros is "no digest": the feed is made. */
	memset(d, 0, CACHE_DIGEST);
	if (rc == 0) {
		sha256(h, b.data, b.len);
		memcpy(d, h, CACHE_DIGEST);
		if (memcmp(d, (const unsigned char[CACHE_DIGEST]){ 0 },
		    CACHE_DIGEST) == 0)
			d[0] = 1;
	}
	ink_error_clear();
	buf_release(&b);
}

static const char *const dirs[] = { "org", "svc" };

static int
entity_feed(struct site *s, int svc, size_t ix, const char *lang,
    const struct picks *p)
{
	const char *key = svc ? s->m.svcs[ix].key : s->m.orgs[ix].key;
	const char *name = svc ? s_pick(s->m.svcs[ix].name, lang) :
	    s_pick(s->m.orgs[ix].name, lang);
	struct out o = OUT_INIT;
	unsigned char d[CACHE_DIGEST];
	char gkey[400], tag[900], what[400], self[400], page[400], path[400];
	int64_t updated = 0;
	int skip, rc;

	snprintf(gkey, sizeof(gkey), "feed/%s/%s/%s", dirs[svc], lang, key);
	feed_digest(s, gkey, svc ? s->cache->svc[ix] : s->cache->org[ix], p, d);
	if ((rc = group_skip(s, gkey, d, &skip)) != 0 || skip)
		return rc;
	for (size_t k = 0; k < p->n; k++)
		if (s->m.recs[p->v[k]].integrated > updated)
			updated = s->m.recs[p->v[k]].integrated;
	tag_base(s, tag, sizeof(tag));
	snprintf(what, sizeof(what), "feed/%s/%s/%s", dirs[svc], key, lang);
	snprintf(self, sizeof(self), "feeds/%s/%s.atom", dirs[svc], key);
	snprintf(page, sizeof(page), "%s/%s.html", dirs[svc], key);
	feed_open(s, &o, lang, tag, what, name ? name : svc ?
	    s->m.svcs[ix].svc_id : L(lang, M_NO_ORG), "../../", self, page,
	    updated);
	for (size_t k = 0; k < p->n; k++)
		entry(s, &o, lang, tag, "../../", &s->m.recs[p->v[k]]);
	out_raw(&o, "</feed>\n");
	snprintf(path, sizeof(path), "%s/%s", lang, self);
	rc = o.rc ? o.rc : site_write(s, path, o.b.data, o.b.len);
	out_release(&o);
	return group_done(s, rc);
}

/* One job: the organisations, then the services, both languages each. */
static int
feed_job(void *ctx, unsigned t, size_t j)
{
	struct site *s = ctx;
	struct picks p = { NULL, 0, 0, 0 };
	int svc = j >= s->m.norgs, rc;
	size_t ix = svc ? j - s->m.norgs : j;

	(void)t;
	if (svc) {
		const struct s_svc *v = &s->m.svcs[ix];
		for (size_t i = 0; i < v->n; i++)
			pick_record(s, &p, s->m.svc_recs[v->first + i]);
	} else {
		const struct s_org *g = &s->m.orgs[ix];
		for (size_t i = 0; i < g->n; i++)
			pick_record(s, &p, s->m.org_recs[g->first + i]);
		for (size_t i = 0; i < g->an; i++)
			pick_record(s, &p, s->m.org_accs[g->afirst + i]);
	}
	picks_done(&p);
	rc = p.rc;
	if (rc == 0)
		rc = entity_feed(s, svc, ix, "ja", &p);
	if (rc == 0)
		rc = entity_feed(s, svc, ix, "en", &p);
	free(p.v);
	return rc;
}

int
site_feeds(struct site *s)
{
	static const char *const langs[] = { "ja", "en" };
	struct pool_for_job job = { s->m.norgs + s->m.nsvcs, feed_job, NULL,
		s };
	int rc;

	for (int k = 0; k < 2; k++)
		if ((rc = site_feed(s, langs[k], 0)) != 0 ||
		    (rc = site_feed(s, langs[k], 1)) != 0)
			return rc;
	return pool_for(&job, s->w.n);
}

/* --- the pages' links to their feed ----------------------------------- */

void
feed_of(struct page *p, int svc, const char *key)
{
	snprintf(p->feed, sizeof(p->feed), "feeds/%s/%s.atom", dirs[svc], key);
	p->feed_title = svc ? M_FEED_SVC : M_FEED_ORG;
}

void
feed_link(struct page *p)
{
	if (p->feed[0] == '\0')
		return;
	out_raw(&p->o, "<p class=\"feed\"><a type=\"application/atom+xml\" ");
	p_href(p, "%s", p->feed);
	out_raw(&p->o, ">");
	out_text(&p->o, L(p->lang, p->feed_title));
	out_raw(&p->o, "</a></p>\n");
}
