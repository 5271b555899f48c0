/*
 * One page per organisation (org/<corporate number>.html), per service
 * (svc/<corporate number>-<service id>.html, with the services it is
 * built on and those built on it) and per signer (signer/<keyid>.html,
 * with accreditations, qualifications and the records signed), and the
 * indexes of each, sorted by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/pool.h"
#include "site/site_int.h"

#define PER_INDEX 200

static void
h2(struct page *p, const char *id, enum site_msg m)
{
	out_rawf(&p->o, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id,
	    id);
	out_text(&p->o, L(p->lang, m));
	out_raw(&p->o, "</h2>\n");
}

static void
end(struct page *p)
{
	out_raw(&p->o, "</section>\n");
}

static void
facts_open(struct page *p)
{
	out_raw(&p->o, "<table class=\"details\">\n<tbody>\n");
}

static void
fact(struct page *p, enum site_msg label, const char *v)
{
	if (v == NULL)
		return;
	out_raw(&p->o, "<tr><th scope=\"row\">");
	out_text(&p->o, L(p->lang, label));
	out_raw(&p->o, "</th><td>");
	out_text(&p->o, v);
	out_raw(&p->o, "</td></tr>\n");
}

static void
facts_close(struct page *p)
{
	out_raw(&p->o, "</tbody>\n</table>\n");
}

static void
svc_list(struct page *p, const size_t *svcs, size_t n)
{
	struct s_model *m = &p->s->m;

	out_raw(&p->o, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		const struct s_svc *v = &m->svcs[svcs[i]];
		out_raw(&p->o, "<li>");
		p_svc_link(p, svcs[i]);
		out_raw(&p->o, " ");
		p_state(p, &m->recs[v->latest]);
		out_raw(&p->o, "</li>\n");
	}
	out_raw(&p->o, "</ul>\n");
}

/* An entity's table of entries, PER_ENTITY a page: the first part on
 * the entity's own page (open in p); the rest are more_pages. */
static void
entry_pages(struct page *p, const char *dir, const char *stem,
    const size_t *recs, size_t n)
{
	size_t npages = n ? (n + PER_ENTITY - 1) / PER_ENTITY : 1;

	p_entry_table(p, recs, n < PER_ENTITY ? n : PER_ENTITY, 0);
	p_pager(p, dir, stem, 1, npages);
}

/* The further pages of an entity's entries, <dir><stem>-<n>.html, each
 * made only when what it shows changed (cache.c); ed is the digest of
 * the entity (its name is the pages' title). */
static int
more_pages(struct site *s, const char *lang, const char *dir,
    const char *stem, const char *title, enum section sec, const char *id,
    enum site_msg what, const size_t *recs, size_t n,
    const unsigned char *ed)
{
	size_t npages = n ? (n + PER_ENTITY - 1) / PER_ENTITY : 1;
	int rc;

	for (size_t pg = 2; pg <= npages; pg++) {
		struct page q;
		size_t from = (pg - 1) * PER_ENTITY;
		size_t k = n - from < PER_ENTITY ? n - from : PER_ENTITY;
		unsigned char d[CACHE_DIGEST];
		char key[400];
		int skip;

		snprintf(key, sizeof(key), "%s%s/%s-%zu", dir, lang, stem, pg);
		digest_entries(s, key, ed, recs + from, k, pg, npages, d);
		if ((rc = group_skip(s, key, d, &skip)) != 0)
			return rc;
		if (skip)
			continue;
		page_open(&q, s, lang, "%s%s-%zu.html", dir, stem, pg);
		page_head(&q, title, sec, 0);
		h2(&q, id, what);
		p_entry_table(&q, recs + from, k, 0);
		p_pager(&q, dir, stem, pg, npages);
		end(&q);
		if ((rc = group_done(s, page_close(&q))) != 0)
			return rc;
	}
	return 0;
}

static int
org_page(struct site *s, size_t ix, const char *lang)
{
	const struct s_org *g = &s->m.orgs[ix];
	struct page p;
	const char *name = s_pick(g->name, lang);

	page_open(&p, s, lang, "org/%s.html", g->key);
	feed_of(&p, 0, g->key);
	page_head(&p, name ? name : L(lang, M_NO_ORG), SEC_ORGS, 0);
	facts_open(&p);
	fact(&p, M_CORP, g->corp);
	facts_close(&p);
	feed_link(&p);
	if (g->sn) {
		h2(&p, "services", M_SVCS_OF);
		svc_list(&p, s->m.org_svcs + g->sfirst, g->sn);
		end(&p);
	}
	if (g->n) {
		h2(&p, "entries", M_ENTRIES_OF);
		entry_pages(&p, "org/", g->key, s->m.org_recs + g->first, g->n);
		end(&p);
	}
	if (g->an) {
		h2(&p, "signers", M_ACCREDITED_SIGNERS);
		out_raw(&p.o, "<ul>\n");
		for (size_t i = 0; i < g->an; i++) {
			const struct s_rec *a =
			    &s->m.recs[s->m.org_accs[g->afirst + i]];
			out_raw(&p.o, "<li>");
			p_signer_link(&p, a->signer_ent);
			out_raw(&p.o, " — ");
			p_rec_link(&p, a);
			out_raw(&p.o, " ");
			p_state(&p, a);
			out_raw(&p.o, "</li>\n");
		}
		out_raw(&p.o, "</ul>\n");
		end(&p);
	}
	return page_close(&p);
}

/* The services of the records in [first, first + n) of edges or a list,
 * without repeats, in order of first appearance. */
static size_t
services_of(struct site *s, const size_t *recs, size_t n, size_t *out,
    size_t self)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t v = s->m.recs[recs[i]].svc_ent, j;
		if (v == S_NONE || v == self)
			continue;
		for (j = 0; j < k && out[j] != v; j++)
			;
		if (j == k)
			out[k++] = v;
	}
	return k;
}

static int
has_view(struct site *s, const char *id)
{
	for (size_t i = 0; i < s->m.nviews; i++)
		if (strcmp(s->m.views[i].id, id) == 0)
			return 1;
	return 0;
}

static int
svc_page(struct site *s, size_t ix, const char *lang)
{
	const struct s_svc *v = &s->m.svcs[ix];
	const struct s_rec *cur = &s->m.recs[v->latest];
	const size_t *recs = s->m.svc_recs + v->first;
	size_t *deps = NULL, *tmp = NULL, nd = 0, nt = 0, cap = 0;
	struct page p;
	const char *name = s_pick(v->name, lang);
	char title[1300];
	int rc;

	/* Dependencies: what its records are built on; dependants: the
	 * records built on any of its records. */
	for (size_t i = 0; i < v->n; i++) {
		const struct s_rec *r = &s->m.recs[recs[i]];
		size_t f, n;
		s_edges(&s->m, SE_DEPENDANT, r->leaf, &f, &n);
		cap += r->nbuilt_on + n;
	}
	if ((deps = calloc(cap + 1, sizeof(*deps))) == NULL ||
	    (tmp = calloc(cap + 1, sizeof(*tmp))) == NULL) {
		free(deps);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct s_rec *r = &s->m.recs[recs[i]];
		for (size_t k = 0; k < r->nbuilt_on; k++)
			deps[nd++] = r->built_on[k];
	}
	nd = services_of(s, deps, nd, deps, ix);
	for (size_t i = 0; i < v->n; i++) {
		size_t f, n;
		s_edges(&s->m, SE_DEPENDANT, recs[i], &f, &n);
		for (size_t k = 0; k < n; k++)
			tmp[nt++] = s->m.edges[SE_DEPENDANT].v[f + k].from;
	}
	nt = services_of(s, tmp, nt, tmp, ix);

	page_open(&p, s, lang, "svc/%s.html", v->key);
	/* The status of its newest record first, in the title too. */
	state_title(title, sizeof(title), cur, name ? name : v->svc_id, lang);
	feed_of(&p, 1, v->key);
	page_head(&p, title, SEC_SVCS, 0);
	p_status_first(&p, cur, 1);
	facts_open(&p);
	out_raw(&p.o, "<tr><th scope=\"row\">");
	out_text(&p.o, L(lang, M_ORG));
	out_raw(&p.o, "</th><td>");
	p_org_link(&p, v->org);
	out_raw(&p.o, "</td></tr>\n");
	fact(&p, M_SVC_ID, v->svc_id);
	out_raw(&p.o, "<tr><th scope=\"row\">");
	out_text(&p.o, L(lang, M_CURRENT));
	out_raw(&p.o, "</th><td>");
	p_rec_link(&p, cur);
	out_raw(&p.o, " (");
	out_text(&p.o, s_scheme_name(&s->m, cur->scheme, lang));
	if (s_level_name(&s->m, cur, lang)) {
		out_raw(&p.o, " ");
		out_text(&p.o, s_level_name(&s->m, cur, lang));
	}
	out_raw(&p.o, ")</td></tr>\n<tr><th scope=\"row\">");
	out_text(&p.o, L(lang, M_VALIDITY));
	out_raw(&p.o, "</th><td>");
	p_validity(&p, cur);
	out_raw(&p.o, "</td></tr>\n");
	facts_close(&p);
	feed_link(&p);
	out_raw(&p.o, "<ul class=\"actions\">\n<li><a ");
	p_href(&p, "compare.html?ids=%s", S_HEX(cur));
	out_raw(&p.o, ">");
	out_text(&p.o, L(lang, M_COMPARE_THIS));
	out_raw(&p.o, "</a></li>\n");
	if (cur->scheme) {
		char id[600], sc[200], lv[64];
		s_slug(sc, sizeof(sc), cur->scheme);
		s_slug(lv, sizeof(lv), cur->level ? cur->level : "");
		if (cur->level && cJSON_GetArraySize(json_get(
		    s_scheme(&s->m, cur->scheme), "levels")) > 0)
			snprintf(id, sizeof(id), "level-%s-%s-status-active",
			    sc, lv);
		else
			snprintf(id, sizeof(id), "scheme-%s-status-active", sc);
		/* The active services of its scheme and level, else all. */
		if (!has_view(s, id) && strstr(id, "-status-active"))
			*strstr(id, "-status-active") = '\0';
		for (size_t i = 0; i < s->m.nviews; i++)
			if (strcmp(s->m.views[i].id, id) == 0) {
				out_raw(&p.o, "<li><a ");
				p_href(&p, "list/cmp-%s.html", id);
				out_raw(&p.o, ">");
				out_text(&p.o, L(lang, M_COMPARE_SAME));
				out_raw(&p.o, "</a></li>\n");
				break;
			}
	}
	out_raw(&p.o, "</ul>\n");
	h2(&p, "records", M_RECORDS_OF_SVC);
	p_entry_table(&p, recs, v->n, 0);
	end(&p);
	h2(&p, "built-on", M_BUILT_ON);
	if (nd)
		svc_list(&p, deps, nd);
	else {
		out_raw(&p.o, "<p>");
		out_text(&p.o, L(lang, M_NOT_GIVEN));
		out_raw(&p.o, "</p>\n");
	}
	end(&p);
	h2(&p, "dependants", M_DEPENDANTS);
	if (nt)
		svc_list(&p, tmp, nt);
	else {
		out_raw(&p.o, "<p>");
		out_text(&p.o, L(lang, M_NOT_GIVEN));
		out_raw(&p.o, "</p>\n");
	}
	end(&p);
	rc = page_close(&p);
	free(deps);
	free(tmp);
	return rc;
}

/* The records a signer signed, in log order (to free). */
static size_t *
signed_recs(struct site *s, size_t ix, size_t *n)
{
	size_t f, *recs;

	s_edges(&s->m, SE_SIGNED, ix, &f, n);
	if ((recs = malloc((*n + 1) * sizeof(*recs))) == NULL)
		return NULL;
	for (size_t i = 0; i < *n; i++)
		recs[i] = s->m.edges[SE_SIGNED].v[f + i].from;
	return recs;
}

static int
signer_page(struct site *s, size_t ix, const char *lang)
{
	const struct s_signer_ent *e = &s->m.signers[ix];
	const struct s_rec *last = e->latest != S_NONE ?
	    &s->m.recs[e->latest] : NULL;
	struct page p;
	size_t n, *recs;
	const char *name = s_pick(e->person, lang);

	page_open(&p, s, lang, "signer/%s.html", e->keyid);
	page_head(&p, name ? name : e->keyid, SEC_SIGNERS, 0);
	facts_open(&p);
	if (last) {
		out_raw(&p.o, "<tr><th scope=\"row\">");
		out_text(&p.o, L(lang, M_ORG));
		out_raw(&p.o, "</th><td>");
		p_org_link(&p, last->org_ent);
		out_raw(&p.o, "</td></tr>\n");
	}
	out_raw(&p.o, "<tr><th scope=\"row\">");
	out_text(&p.o, L(lang, M_KEYID));
	out_raw(&p.o, "</th><td><code class=\"id\">");
	out_text(&p.o, e->keyid);
	out_raw(&p.o, "</code></td></tr>\n");
	facts_close(&p);
	h2(&p, "accreditations", M_ACCREDITATIONS);
	if (e->n == 0) {
		out_raw(&p.o, "<p>");
		out_text(&p.o, L(lang, M_NOT_ACCREDITED));
		out_raw(&p.o, "</p>\n");
	} else {
		static const enum site_msg cols[] = { M_ACCREDITATION, M_STATUS,
			M_ROLES, M_SCHEMES, M_QUALS, M_ACC_VALID };
		out_raw(&p.o, "<div class=\"table-wrap\">\n<table>\n<thead><tr>");
		for (size_t i = 0; i < 6; i++) {
			out_raw(&p.o, "<th scope=\"col\">");
			out_text(&p.o, L(lang, cols[i]));
			out_raw(&p.o, "</th>");
		}
		out_raw(&p.o, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < e->n; i++) {
			const struct s_rec *a =
			    &s->m.recs[s->m.signer_accs[e->first + i]];
			out_raw(&p.o, "<tr><td><a ");
			p_href(&p, "r/%s.html", S_HEX(a));
			out_rawf(&p.o, "><code>%.16s…</code></a></td><td>",
			    S_HEX(a));
			p_state(&p, a);
			out_raw(&p.o, " ");
			p_state_reason(&p, a);
			out_raw(&p.o, "</td><td>");
			for (size_t k = 0; k < a->roles.n; k++) {
				if (k)
					out_raw(&p.o, ", ");
				out_text(&p.o, word_role(lang, a->roles.v[k]));
			}
			out_raw(&p.o, "</td><td>");
			for (size_t k = 0; k < a->schemes.n; k++) {
				if (k)
					out_raw(&p.o, ", ");
				out_text(&p.o, strcmp(a->schemes.v[k], "*") == 0 ?
				    L(lang, M_ALL_SCHEMES) : s_scheme_name(&s->m,
				    a->schemes.v[k], lang));
			}
			out_raw(&p.o, "</td><td>");
			p_list(&p, &a->quals);
			out_raw(&p.o, "</td><td>");
			out_time(&p.o, a->vfrom);
			out_raw(&p.o, " – ");
			out_time(&p.o, a->vuntil);
			out_raw(&p.o, "</td></tr>\n");
		}
		out_raw(&p.o, "</tbody>\n</table>\n</div>\n");
	}
	end(&p);
	h2(&p, "signed", M_SIGNED_RECORDS);
	if ((recs = signed_recs(s, ix, &n)) == NULL) {
		out_release(&p.o);
		return ink_error(INK_EINPUT, "out of memory");
	}
	entry_pages(&p, "signer/", e->keyid, recs, n);
	free(recs);
	end(&p);
	return page_close(&p);
}

/* --- indexes ----------------------------------------------------------- */

enum which { W_ORG, W_SVC, W_SIGNER };

static int
index_pages(struct site *s, enum which w, const char *lang)
{
	static const char *const dirs[] = { "org", "svc", "signer" };
	static const enum site_msg titles[] = { M_INDEX_OF_ORGS,
		M_INDEX_OF_SVCS, M_INDEX_OF_SIGNERS };
	static const enum section secs[] = { SEC_ORGS, SEC_SVCS, SEC_SIGNERS };
	size_t n = w == W_ORG ? s->m.norgs : w == W_SVC ? s->m.nsvcs :
	    s->m.nsigners, npages = n ? (n + PER_INDEX - 1) / PER_INDEX : 1;
	struct s_named *v = calloc(n + 1, sizeof(*v));
	int rc = 0;

	if (v == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *nm = w == W_ORG ? s_pick(s->m.orgs[i].name, lang) :
		    w == W_SVC ? s_pick(s->m.svcs[i].name, lang) :
		    s_pick(s->m.signers[i].person, lang);
		v[i].name = nm ? nm : "";
		v[i].ix = i;
	}
	qsort(v, n, sizeof(*v), s_named_cmp);
	for (size_t pg = 1; rc == 0 && pg <= npages; pg++) {
		struct page p;
		size_t from = (pg - 1) * PER_INDEX;
		size_t to = from + PER_INDEX < n ? from + PER_INDEX : n;
		size_t ixs[PER_INDEX];
		unsigned char d[CACHE_DIGEST];
		char key[64];
		int skip;

		for (size_t i = from; i < to; i++)
			ixs[i - from] = v[i].ix;
		snprintf(key, sizeof(key), "index/%s/%s-%zu", lang, dirs[w], pg);
		digest_index(s, (int)w, key, ixs, to - from, pg, npages, d);
		if ((rc = group_skip(s, key, d, &skip)) != 0)
			break;
		if (skip)
			continue;
		if (pg == 1)
			page_open(&p, s, lang, "%s/index.html", dirs[w]);
		else
			page_open(&p, s, lang, "%s/index-%zu.html", dirs[w], pg);
		page_head(&p, L(lang, titles[w]), secs[w], 0);
		out_raw(&p.o, "<ul class=\"index\">\n");
		for (size_t i = from; i < to; i++) {
			out_raw(&p.o, "<li>");
			if (w == W_ORG) {
				const struct s_org *g = &s->m.orgs[v[i].ix];
				p_org_link(&p, v[i].ix);
				out_rawf(&p.o, " <span class=\"count\">(%zu %s)</span>",
				    g->n, L(lang, g->n == 1 ? M_ENTRY_COUNT_ONE :
				    M_ENTRIES_COUNT));
			} else if (w == W_SVC) {
				const struct s_svc *sv = &s->m.svcs[v[i].ix];
				p_svc_link(&p, v[i].ix);
				out_raw(&p.o, " — ");
				p_org_link(&p, sv->org);
				out_raw(&p.o, " ");
				p_state(&p, &s->m.recs[sv->latest]);
			} else {
				const struct s_signer_ent *e =
				    &s->m.signers[v[i].ix];
				p_signer_link(&p, v[i].ix);
				if (s_pick(e->org, lang)) {
					out_raw(&p.o, " — ");
					out_text(&p.o, s_pick(e->org, lang));
				}
			}
			out_raw(&p.o, "</li>\n");
		}
		out_raw(&p.o, "</ul>\n");
		if (npages > 1) {
			out_raw(&p.o, "<nav class=\"pager\" aria-label=\"");
			out_attr(&p.o, L(lang, M_PAGES));
			out_raw(&p.o, "\">\n<ul>\n");
			for (size_t k = 1; k <= npages; k++) {
				out_raw(&p.o, "<li><a ");
				if (k == 1)
					p_href(&p, "%s/index.html", dirs[w]);
				else
					p_href(&p, "%s/index-%zu.html", dirs[w], k);
				if (k == pg)
					out_raw(&p.o, " aria-current=\"page\"");
				out_rawf(&p.o, ">%zu</a></li>\n", k);
			}
			out_raw(&p.o, "</ul>\n</nav>\n");
		}
		rc = group_done(s, page_close(&p));
	}
	free(v);
	return rc;
}

/* An entity's pages in one language, unless the last build made them
 * from the same inputs (cache.c). */
static int
entity(struct site *s, enum which w, size_t ix, const char *lang)
{
	unsigned char d[CACHE_DIGEST];
	char key[400];
	int skip, rc;

	switch (w) {
	case W_ORG:
		snprintf(key, sizeof(key), "org/%s/%s", lang, s->m.orgs[ix].key);
		digest_org(s, ix, key, d);
		break;
	case W_SVC:
		snprintf(key, sizeof(key), "svc/%s/%s", lang, s->m.svcs[ix].key);
		digest_svc(s, ix, key, d);
		break;
	default:
		snprintf(key, sizeof(key), "signer/%s/%s", lang,
		    s->m.signers[ix].keyid);
		digest_signer(s, ix, key, d);
		break;
	}
	if ((rc = group_skip(s, key, d, &skip)) != 0)
		return rc;
	if (!skip && (rc = group_done(s, w == W_ORG ? org_page(s, ix, lang) :
	    w == W_SVC ? svc_page(s, ix, lang) : signer_page(s, ix, lang))) != 0)
		return rc;
	/* The further pages of its entries, each a group of its own. */
	if (w == W_ORG) {
		const struct s_org *g = &s->m.orgs[ix];
		const char *name = s_pick(g->name, lang);
		rc = more_pages(s, lang, "org/", g->key, name ? name :
		    L(lang, M_NO_ORG), SEC_ORGS, "entries", M_ENTRIES_OF,
		    s->m.org_recs + g->first, g->n, cache_org_digest(s, ix));
	} else if (w == W_SIGNER) {
		const struct s_signer_ent *e = &s->m.signers[ix];
		const char *name = s_pick(e->person, lang);
		size_t n, *recs = signed_recs(s, ix, &n);
		if (recs == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		rc = more_pages(s, lang, "signer/", e->keyid, name ? name :
		    e->keyid, SEC_SIGNERS, "signed", M_SIGNED_RECORDS, recs, n,
		    cache_signer_digest(s, ix));
		free(recs);
	}
	return rc;
}

/* One entity job: j counts, for each language, the organisations, the
 * services, the signers and the three indexes. */
static int
entity_job(void *ctx, unsigned t, size_t j)
{
	static const char *const langs[] = { "ja", "en" };
	struct site *s = ctx;
	size_t per = s->m.norgs + s->m.nsvcs + s->m.nsigners + 3;
	const char *l = langs[j / per];

	(void)t;
	j %= per;
	if (j < s->m.norgs)
		return entity(s, W_ORG, j, l);
	if ((j -= s->m.norgs) < s->m.nsvcs)
		return entity(s, W_SVC, j, l);
	if ((j -= s->m.nsvcs) < s->m.nsigners)
		return entity(s, W_SIGNER, j, l);
	j -= s->m.nsigners;
	return index_pages(s, (enum which)(W_ORG + (int)j), l);
}

/* Every entity's pages and the indexes, in both languages, on
 * site_threads() threads (the files are the same whichever thread writes
 * them). */
int
pages_entities(struct site *s)
{
	size_t per = s->m.norgs + s->m.nsvcs + s->m.nsigners + 3;
	struct pool_for_job job = { 2 * per, entity_job, site_thread_end, s };

	return pool_for(&job, s->w.n);
}
