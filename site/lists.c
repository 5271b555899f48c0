/*
 * The register and its filtered views (list/<view>.html): every filter a
 * visitor can choose without JavaScript is a page of its own, written in
 * log order (the register's order of registration), so a new record
 * changes only the last page of each view it belongs to.  The filter is
 * one: links to those pages, folded under the view's own filter so that
 * the entries are on the first screen; site.js only makes the columns
 * sortable and unfolds the filter on a wide screen.  For scheme and
 * level views, a checklist table to compare services
 * without JavaScript (list/cmp-<view>.html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/pool.h"
#include "kinds/kind.h"
#include "site/site_int.h"

#define PER_PAGE 100
#define PER_CMP 50

static const enum reg_state state_order[] = { REG_ACTIVE, REG_SUSPENDED,
	REG_REVOKED, REG_WITHDRAWN, REG_DELISTED, REG_SUPERSEDED, REG_EXPIRED,
	REG_NOT_YET_VALID };
#define NSTATES (sizeof(state_order) / sizeof(state_order[0]))

/* The view id with the status narrowed (or widened with state -1). */
static void
view_with_state(char *out, size_t len, const struct s_view *v, int state)
{
	char st[32], base[512];
	const char *p;

	snprintf(base, sizeof(base), "%s", v->id);
	if ((p = strstr(base, "-status-")) != NULL && v->facet != SF_STATUS)
		base[p - base] = '\0';
	if (v->facet == SF_STATUS || v->facet == SF_ALL ||
	    v->facet == SF_MODEL || v->facet == SF_DEPLOY ||
	    v->facet == SF_EXPIRES) {
		if (state < 0) {
			snprintf(out, len, "all");
			return;
		}
		s_state_slug(st, sizeof(st), (enum reg_state)state);
		snprintf(out, len, "status-%s", st);
		return;
	}
	if (state < 0) {
		snprintf(out, len, "%s", base);
		return;
	}
	s_state_slug(st, sizeof(st), (enum reg_state)state);
	snprintf(out, len, "%s-status-%s", base, st);
}

static void
view_title(struct site *s, const struct s_view *v, const char *lang,
    char *out, size_t len)
{
	const char *sn = v->scheme ? s_scheme_name(&s->m, v->scheme, lang) :
	    NULL;
	char st[200] = "";

	if (v->status >= 0)
		snprintf(st, sizeof(st), " · %s: %s", L(lang, M_STATUS),
		    word_state(lang, v->status));
	switch (v->facet) {
	case SF_ALL:
		snprintf(out, len, "%s", L(lang, M_ALL_RECORDS));
		break;
	case SF_STATUS:
		snprintf(out, len, "%s: %s", L(lang, M_STATUS),
		    word_state(lang, v->status));
		break;
	case SF_SCHEME:
		snprintf(out, len, "%s: %s%s", L(lang, M_SCHEME), sn, st);
		break;
	case SF_LEVEL: {
		struct s_rec fake;
		memset(&fake, 0, sizeof(fake));
		fake.kind = SK_AUDIT;
		fake.scheme = v->scheme;
		fake.level = v->value;
		const cJSON *sc = s_scheme(&s->m, v->scheme);
		const cJSON *top = cJSON_GetArrayItem(json_get(sc, "levels"),
		    cJSON_GetArraySize(json_get(sc, "levels")) - 1);
		/* say so where the view also lists the higher levels */
		int more = cJSON_IsTrue(json_get(sc, "implies_lower")) &&
		    cJSON_IsString(top) && strcmp(top->valuestring,
		    v->value) != 0;
		snprintf(out, len, "%s: %s %s%s%s", L(lang, M_SCHEME), sn,
		    s_level_name(&s->m, &fake, lang),
		    more ? L(lang, M_LEVEL_AND_HIGHER) : "", st);
		break;
	}
	case SF_MODEL:
		snprintf(out, len, "%s: %s", L(lang, M_MODEL), v->value);
		break;
	case SF_DEPLOY:
		snprintf(out, len, "%s: %s", L(lang, M_DEPLOY),
		    word_deploy(lang, v->value));
		break;
	case SF_EXPIRES:
		snprintf(out, len, "%s: %s", L(lang, M_EXPIRES), v->value);
		break;
	default:
		snprintf(out, len, "%s", v->id);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Views of a facet (without a status), sorted by value. */
static size_t
facet_views(struct site *s, enum s_facet f, const char *scheme,
    const struct s_view **out, size_t max)
{
	const char *ids[512];
	size_t n = 0;

	for (size_t i = 0; i < s->m.nviews && n < max && n < 512; i++) {
		const struct s_view *v = &s->m.views[i];
		if (v->facet != f || v->status >= 0)
			continue;
		if (scheme && (v->scheme == NULL || strcmp(v->scheme, scheme)))
			continue;
		ids[n++] = v->id;
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < n; i++)
		out[i] = s_view_find(&s->m, ids[i]);
	return n;
}

/* <li><a>label</a>, left open for a nested list.  No counts here: they
 * are on the home page, so that a new record does not change every list
 * page of the site. */
static void
facet_item(struct page *p, const struct s_view *cur, const char *id,
    const char *label)
{
	out_raw(&p->o, "<li><a ");
	p_href(p, "list/%s.html", id);
	if (strcmp(cur->id, id) == 0)
		out_raw(&p->o, " aria-current=\"page\"");
	out_raw(&p->o, ">");
	out_text(&p->o, label);
	out_raw(&p->o, "</a>");
}

static void
facet_link(struct page *p, const struct s_view *cur, const char *id,
    const char *label)
{
	facet_item(p, cur, id, label);
	out_raw(&p->o, "</li>\n");
}

/* The filters as links to the pre-rendered views. */
static void
facets(struct page *p, const struct s_view *cur)
{
	struct site *s = p->s;
	struct out *o = &p->o;
	const char *l = p->lang;
	const struct s_view *vs[256], *w;
	char id[600];
	size_t n;

	view_title(s, cur, l, id, sizeof(id));
	out_raw(o, "<nav class=\"facets\" aria-label=\"");
	out_attr(o, L(l, M_FILTERS));
	out_raw(o, "\">\n<details id=\"facets\">\n<summary><span class=\"now\">");
	out_text(o, L(l, M_FILTER_NOW));
	out_raw(o, ": <strong>");
	out_text(o, id);
	out_raw(o, "</strong></span> — <span class=\"change\">");
	out_text(o, L(l, M_FILTER_CHANGE));
	out_raw(o, "</span></summary>\n<p class=\"note\">");
	out_text(o, L(l, M_FILTER_HINT));
	out_raw(o, "</p>\n<div class=\"facet-groups\">\n<div class=\"facet\">\n<h2>");
	out_text(o, L(l, M_STATUS));
	out_raw(o, "</h2>\n<ul>\n");
	view_with_state(id, sizeof(id), cur, -1);
	if ((w = s_view_find(&s->m, id)) != NULL)
		facet_link(p, cur, id, L(l, M_ANY));
	for (size_t i = 0; i < NSTATES; i++) {
		view_with_state(id, sizeof(id), cur, (int)state_order[i]);
		if ((w = s_view_find(&s->m, id)) != NULL)
			facet_link(p, cur, id, word_state(l, (int)state_order[i]));
	}
	out_raw(o, "</ul>\n</div>\n<div class=\"facet\">\n<h2>");
	out_text(o, L(l, M_SCHEME_LEVEL));
	out_raw(o, "</h2>\n<ul>\n");
	n = facet_views(s, SF_SCHEME, NULL, vs, 256);
	for (size_t i = 0; i < n; i++) {
		const struct s_view *lv[64];
		size_t nl = facet_views(s, SF_LEVEL, vs[i]->value, lv, 64);
		/* Within a status, the scheme's view with that status. */
		w = vs[i];
		if (cur->status >= 0) {
			view_with_state(id, sizeof(id), vs[i], cur->status);
			if (s_view_find(&s->m, id))
				w = s_view_find(&s->m, id);
		}
		facet_item(p, cur, w->id, s_scheme_name(&s->m, vs[i]->value, l));
		if (nl) {
			out_raw(o, "\n<ul>\n");
			for (size_t k = 0; k < nl; k++) {
				char t[300];
				w = lv[k];
				if (cur->status >= 0) {
					view_with_state(id, sizeof(id), lv[k],
					    cur->status);
					if (s_view_find(&s->m, id))
						w = s_view_find(&s->m, id);
				}
				view_title(s, lv[k], l, t, sizeof(t));
				facet_link(p, cur, w->id, strchr(t, ':') ?
				    strchr(t, ':') + 2 : t);
			}
			out_raw(o, "</ul>\n");
		}
		out_raw(o, "</li>\n");
	}
	out_raw(o, "</ul>\n</div>\n");
	{
		static const struct {
			enum s_facet f;
			enum site_msg title;
		} more[] = { { SF_MODEL, M_MODEL }, { SF_DEPLOY, M_DEPLOY },
			{ SF_EXPIRES, M_EXPIRES } };
		for (size_t k = 0; k < 3; k++) {
			n = facet_views(s, more[k].f, NULL, vs, 256);
			if (n == 0)
				continue;
			out_raw(o, "<div class=\"facet\">\n<h2>");
			out_text(o, L(l, more[k].title));
			out_raw(o, "</h2>\n<ul>\n");
			for (size_t i = 0; i < n; i++)
				facet_link(p, cur, vs[i]->id, more[k].f == SF_DEPLOY ?
				    word_deploy(l, vs[i]->value) : vs[i]->value);
			out_raw(o, "</ul>\n</div>\n");
		}
	}
	/* Organisations and auditors or experts: too many to list here;
	 * their own pages list their entries. */
	out_raw(o, "<div class=\"facet\">\n<h2>");
	out_text(o, L(l, M_ORG));
	out_raw(o, " · ");
	out_text(o, L(l, M_ASSESSOR));
	out_raw(o, "</h2>\n<ul>\n<li><a ");
	p_href(p, "org/index.html");
	out_raw(o, ">");
	out_text(o, L(l, M_INDEX_OF_ORGS));
	out_raw(o, "</a></li>\n<li><a ");
	p_href(p, "signer/index.html");
	out_raw(o, ">");
	out_text(o, L(l, M_INDEX_OF_SIGNERS));
	out_raw(o, "</a></li>\n</ul>\n</div>\n</div>\n</details>\n</nav>\n");
}

static void
range(struct page *p, size_t from, size_t to)
{
	if (strcmp(p->lang, "ja") == 0)
		out_rawf(&p->o, "<p class=\"range\">%zu–%zu件目</p>\n", from, to);
	else
		out_rawf(&p->o, "<p class=\"range\">Entries %zu–%zu</p>\n", from,
		    to);
}

/* The columns of a scheme's own public list, or NULL. */
static const cJSON *
list_columns(struct site *s, const char *scheme)
{
	const cJSON *c = json_get(s_scheme(&s->m, scheme), "list_columns");

	return cJSON_IsArray(c) && c->child ? c : NULL;
}

static int
is_audit_scheme(struct site *s, const char *scheme)
{
	const char *t = json_get_str(s_scheme(&s->m, scheme),
	    "predicate_type");

	return t && strcmp(t, KIND_AUDIT_TYPE) == 0;
}

static int
view_pages(struct site *s, const struct s_view *v, const char *lang)
{
	size_t npages = v->n ? (v->n + PER_PAGE - 1) / PER_PAGE : 1;
	const size_t *recs = s->m.view_recs + v->first;
	int cmp = (v->facet == SF_SCHEME || v->facet == SF_LEVEL) &&
	    is_audit_scheme(s, v->scheme);
	char title[800];
	int rc;

	view_title(s, v, lang, title, sizeof(title));
	for (size_t pg = 1; pg <= npages; pg++) {
		struct page p;
		size_t from = (pg - 1) * PER_PAGE;
		size_t n = v->n - from < PER_PAGE ? v->n - from : PER_PAGE;
		char full[900], key[700];
		unsigned char d[CACHE_DIGEST];
		int skip;

		snprintf(key, sizeof(key), "list/%s/%s-%zu", lang, v->id, pg);
		digest_list(s, key, recs + from, n, pg, npages, d);
		if ((rc = group_skip(s, key, d, &skip)) != 0)
			return rc;
		if (skip)
			continue;
		if (pg == 1)
			page_open(&p, s, lang, "list/%s.html", v->id);
		else
			page_open(&p, s, lang, "list/%s-%zu.html", v->id, pg);
		snprintf(full, sizeof(full), "%s: %s", L(lang, M_REGISTER),
		    title);
		page_head(&p, full, SEC_REGISTER, 1);
		facets(&p, v);
		out_raw(&p.o, "<section id=\"static-list\" aria-labelledby="
		    "\"list-h\">\n<h2 id=\"list-h\">");
		out_text(&p.o, title);
		out_raw(&p.o, "</h2>\n");
		if (v->facet == SF_SCHEME && v->status < 0 &&
		    list_columns(s, v->scheme)) {
			out_raw(&p.o, "<p><a ");
			p_href(&p, "list/programme-%s.html", v->scheme);
			out_raw(&p.o, ">");
			out_text(&p.o, L(lang, M_PROGRAMME_LIST));
			out_raw(&p.o, "</a></p>\n");
		}
		if (cmp) {
			out_raw(&p.o, "<p><a ");
			p_href(&p, "list/cmp-%s.html", v->id);
			out_raw(&p.o, ">");
			out_text(&p.o, L(lang, M_COMPARE_TABLE));
			out_raw(&p.o, "</a></p>\n");
		}
		range(&p, from + 1, from + n);
		if (npages > 1) {
			out_raw(&p.o, "<p class=\"note\">");
			out_text(&p.o, L(lang, M_SORT_PAGE));
			out_raw(&p.o, "</p>\n");
		}
		out_raw(&p.o, "<form method=\"get\" action=\"");
		out_url(&p.o, p.lroot);
		out_raw(&p.o, "compare.html\">\n");
		p_entry_table(&p, recs + from, n, 1);
		out_raw(&p.o, "<p><button type=\"submit\">");
		out_text(&p.o, L(lang, M_COMPARE_SELECTED));
		out_raw(&p.o, "</button></p>\n</form>\n");
		p_pager(&p, "list/", v->id, pg, npages);
		out_raw(&p.o, "</section>\n");
		rc = page_close(&p);
		if ((rc = group_done(s, rc)) != 0)
			return rc;
	}
	return 0;
}

/* --- the checklist table ----------------------------------------------- */

/* A cell named for the narrow screen's card (site.css). */
static void
cell_open(struct page *p, enum site_msg col)
{
	out_raw(&p->o, "<td data-label=\"");
	out_attr(&p->o, L(p->lang, col));
	out_raw(&p->o, "\">");
}

static void
cell_text(struct page *p, enum site_msg col, struct s_text t)
{
	const char *v = s_pick(t, p->lang);

	cell_open(p, col);
	if (v)
		out_text(&p->o, v);
	else {
		out_raw(&p->o, "<span class=\"note\">");
		out_text(&p->o, L(p->lang, M_NOT_GIVEN));
		out_raw(&p->o, "</span>");
	}
	out_raw(&p->o, "</td>");
}

static void
cmp_table(struct page *p, const size_t *recs, size_t n)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	/* The procurer's checklist first, then what identifies the entry. */
	static const enum site_msg cols[] = { M_STATUS, M_CMP_UNTIL,
		M_CMP_LOCATION, M_CMP_LAW, M_CMP_SLA, M_CMP_WHO, M_SCHEME_LEVEL,
		M_MODEL, M_DEPLOY, M_ORG };

	out_raw(o, "<div class=\"table-wrap\">\n<table class=\"compare\" "
	    "data-sort-label=\"");
	out_attr(o, L(l, M_SORT_BY));
	out_raw(o, "\">\n<caption>");
	out_text(o, L(l, M_CMP_TABLE_TITLE));
	out_raw(o, "</caption>\n<thead><tr><th scope=\"col\">");
	out_text(o, L(l, M_SVC));
	out_raw(o, "</th>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		out_raw(o, "<th scope=\"col\">");
		out_text(o, L(l, cols[i]));
		out_raw(o, "</th>");
	}
	out_raw(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct s_rec *r = &p->s->m.recs[recs[i]];
		const char *lv = s_level_name(&p->s->m, r, l);
		out_raw(o, "<tr><th scope=\"row\">");
		p_rec_link(p, r);
		out_raw(o, "</th>");
		cell_open(p, cols[0]);
		p_state(p, r);
		out_raw(o, "</td>");
		cell_open(p, cols[1]);
		if (r->has_validity) {
			char d[11];
			site_jst_day(d, r->na > r->nb ? r->na - 1 : r->na);
			out_rawf(o, "<time datetime=\"%s\">%s</time>", d, d);
		}
		out_raw(o, "</td>");
		cell_open(p, cols[2]);
		p_list(p, &r->regions);
		if (s_pick(r->c_location, l)) {
			if (r->regions.n)
				out_raw(o, "<br>");
			out_text(o, s_pick(r->c_location, l));
		}
		out_raw(o, "</td>");
		cell_text(p, cols[3], r->c_law);
		cell_text(p, cols[4], r->c_commit);
		cell_open(p, cols[5]);
		out_text(o, s_pick(r->firm, l));
		for (size_t k = 0; k < r->nsigners; k++)
			if (r->signers[k].role &&
			    strcmp(r->signers[k].role, "auditor") == 0 &&
			    r->signers[k].ent != S_NONE) {
				out_raw(o, "<br>");
				p_signer_link(p, r->signers[k].ent);
			}
		out_raw(o, "</td>");
		cell_open(p, cols[6]);
		out_text(o, s_scheme_name(&p->s->m, r->scheme, l));
		if (lv) {
			out_raw(o, " ");
			out_text(o, lv);
		}
		out_raw(o, "</td>");
		cell_open(p, cols[7]);
		p_list(p, &r->models);
		out_raw(o, "</td>");
		cell_open(p, cols[8]);
		for (size_t k = 0; k < r->deploy.n; k++) {
			if (k)
				out_raw(o, ", ");
			out_text(o, word_deploy(l, r->deploy.v[k]));
		}
		out_raw(o, "</td>");
		cell_open(p, cols[9]);
		p_org_link(p, r->org_ent);
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n</div>\n");
}

static int
cmp_pages(struct site *s, const struct s_view *v, const char *lang)
{
	size_t npages = v->n ? (v->n + PER_CMP - 1) / PER_CMP : 1;
	const size_t *recs = s->m.view_recs + v->first;
	char title[800], stem[600];
	int rc;

	view_title(s, v, lang, title, sizeof(title));
	snprintf(stem, sizeof(stem), "cmp-%s", v->id);
	for (size_t pg = 1; pg <= npages; pg++) {
		struct page p;
		size_t from = (pg - 1) * PER_CMP;
		size_t n = v->n - from < PER_CMP ? v->n - from : PER_CMP;
		char full[900], key[700];
		unsigned char d[CACHE_DIGEST];
		int skip;

		snprintf(key, sizeof(key), "list/%s/%s-%zu", lang, stem, pg);
		digest_list(s, key, recs + from, n, pg, npages, d);
		if ((rc = group_skip(s, key, d, &skip)) != 0)
			return rc;
		if (skip)
			continue;
		if (pg == 1)
			page_open(&p, s, lang, "list/%s.html", stem);
		else
			page_open(&p, s, lang, "list/%s-%zu.html", stem, pg);
		snprintf(full, sizeof(full), "%s: %s", L(lang, M_CMP_TABLE_TITLE),
		    title);
		page_head(&p, full, SEC_COMPARE, 1);
		out_raw(&p.o, "<p>");
		out_text(&p.o, L(lang, M_CMP_INTRO));
		out_raw(&p.o, " <a ");
		p_href(&p, "list/%s.html", v->id);
		out_raw(&p.o, ">");
		out_text(&p.o, L(lang, M_REGISTER));
		out_raw(&p.o, ": ");
		out_text(&p.o, title);
		out_raw(&p.o, "</a></p>\n");
		range(&p, from + 1, from + n);
		cmp_table(&p, recs + from, n);
		p_pager(&p, "list/", stem, pg, npages);
		rc = page_close(&p);
		if ((rc = group_done(s, rc)) != 0)
			return rc;
	}
	return 0;
}

/* --- a programme's own list (schemes.json list_columns) ----------------
 *
 * A scheme whose public list has columns of its own (the 情報セキュリティ
 * サービス基準適合サービスリスト: サービス区分, サービス名称, 事業者名, サービス
 * 概要, 登録日, 更新日, 審査登録機関; seed 003) gets that list, with exactly
 * those columns, of the services whose registration is in force and
 * verified: a list shows no status column, so it holds none that is not
 * in force (the register, beside it, holds every record and status). */

/* The name of category id cat, or of its option opt, in the scheme. */
static const char *
category_name(const cJSON *sc, const char *cat, const char *opt,
    const char *lang)
{
	const cJSON *c, *o;

	cJSON_ArrayForEach(c, json_get(sc, "categories")) {
		if (!cat || !json_get_str(c, "id") ||
		    strcmp(json_get_str(c, "id"), cat) != 0)
			continue;
		if (opt == NULL)
			return json_get_str(json_get(c, "name"), lang);
		cJSON_ArrayForEach(o, json_get(c, "options"))
			if (json_get_str(o, "id") &&
			    strcmp(json_get_str(o, "id"), opt) == 0)
				return json_get_str(json_get(o, "name"), lang);
	}
	return opt ? opt : cat;
}

static const char *
column_label(const cJSON *sc, const char *col, const char *lang)
{
	static const struct { const char *col; enum site_msg m; } w[] = {
		{ "service_category", M_SVC_CATEGORY },
		{ "service", M_SVC_NAME }, { "organisation", M_PROVIDER },
		{ "service_summary", M_SVC_SUMMARY },
		{ "registration_date", M_REGISTERED },
		{ "update_date", M_UPDATED },
		{ "registration_number", M_REG_NUMBER },
		{ "department", M_CERT_DEPT },
		{ "certification_date", M_CERT_DATE },
		{ "valid_until", M_LAST_DAY } };

	if (strcmp(col, "audit_body") == 0)
		return json_get_str(json_get(sc, "audit_body"), lang) ?
		    json_get_str(json_get(sc, "audit_body"), lang) :
		    L(lang, M_FIRM);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(w[i].col, col) == 0)
			return L(lang, w[i].m);
	return col;
}

static void
programme_cell(struct page *p, const cJSON *sc, const struct s_rec *r,
    const char *col)
{
	struct out *o = &p->o;
	const char *l = p->lang;

	if (strcmp(col, "service_category") == 0) {
		out_text(o, category_name(sc, r->category, NULL, l));
		for (size_t k = 0; k < r->cat_options.n; k++) {
			out_raw(o, k ? "、" : "（");
			out_text(o, category_name(sc, r->category,
			    r->cat_options.v[k], l));
		}
		if (r->cat_options.n)
			out_raw(o, "）");
	} else if (strcmp(col, "service") == 0) {
		out_raw(o, "<a ");
		p_href(p, "r/%s.html", S_HEX(r));
		out_raw(o, ">");
		out_text(o, s_pick(r->svc, l) ? s_pick(r->svc, l) :
		    rec_title(p->s, r, l));
		out_raw(o, "</a>");
	} else if (strcmp(col, "organisation") == 0) {
		p_org_link(p, r->org_ent);
	} else if (strcmp(col, "service_summary") == 0) {
		out_text(o, s_pick(r->summary, l));
	} else if (strcmp(col, "registration_date") == 0 ||
	    strcmp(col, "certification_date") == 0) {
		out_text(o, r->regdate);
	} else if (strcmp(col, "registration_number") == 0) {
		out_text(o, r->number);
	} else if (strcmp(col, "department") == 0) {
		out_text(o, s_pick(r->department, l));
	} else if (strcmp(col, "valid_until") == 0) {
		/* the last day in force, in JST */
		char d[11] = "";
		if (r->has_validity)
			site_jst_day(d, r->na - 1);
		out_text(o, d);
	} else if (strcmp(col, "update_date") == 0) {
		/* the later of the date the record gives and the last
		 * change notified (a correction) */
		char d[11] = "";
		if (r->updated)
			site_jst_day(d, r->updated);
		out_text(o, d[0] && (!r->upddate || strcmp(d, r->upddate) > 0) ?
		    d : r->upddate);
	} else if (strcmp(col, "audit_body") == 0) {
		out_text(o, s_pick(r->reviewer, l) ? s_pick(r->reviewer, l) :
		    s_pick(r->firm, l));
	}
}

static int
programme_page(struct site *s, const struct s_view *v, const char *lang)
{
	const cJSON *cols = list_columns(s, v->scheme), *c;
	const cJSON *sc = s_scheme(&s->m, v->scheme);
	const size_t *recs = s->m.view_recs + v->first;
	unsigned char d[CACHE_DIGEST];
	char key[700], title[800];
	struct page p;
	size_t shown = 0;
	int rc, skip;

	if (cols == NULL)
		return 0;
	snprintf(key, sizeof(key), "programme/%s/%s", lang, v->scheme);
	digest_list(s, key, recs, v->n, 1, 1, d);
	if ((rc = group_skip(s, key, d, &skip)) != 0 || skip)
		return rc;
	snprintf(title, sizeof(title), "%s: %s", s_scheme_name(&s->m,
	    v->scheme, lang), L(lang, M_PROGRAMME_LIST));
	page_open(&p, s, lang, "list/programme-%s.html", v->scheme);
	page_head(&p, title, SEC_REGISTER, 1);
	out_raw(&p.o, "<p class=\"note\">");
	out_text(&p.o, L(lang, M_PROGRAMME_NOTE));
	out_raw(&p.o, " <a ");
	p_href(&p, "list/%s.html", v->id);
	out_raw(&p.o, ">");
	out_text(&p.o, L(lang, M_REGISTER));
	out_raw(&p.o, "</a></p>\n<div class=\"table-wrap\">\n<table "
	    "class=\"entries programme\" data-sort-label=\"");
	out_attr(&p.o, L(lang, M_SORT_BY));
	out_raw(&p.o, "\">\n<thead><tr>");
	cJSON_ArrayForEach(c, cols) {
		out_raw(&p.o, "<th scope=\"col\">");
		out_text(&p.o, cJSON_IsString(c) ? column_label(sc,
		    c->valuestring, lang) : "");
		out_raw(&p.o, "</th>");
	}
	out_raw(&p.o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->n; i++) {
		const struct s_rec *r = &s->m.recs[recs[i]];
		if (!r->has_state || r->state != REG_ACTIVE || r->vcode != 0)
			continue;
		out_raw(&p.o, "<tr>");
		cJSON_ArrayForEach(c, cols) {
			int day = cJSON_IsString(c) && (strcmp(c->valuestring,
			    "valid_until") == 0 || strstr(c->valuestring,
			    "_date") != NULL);
			out_rawf(&p.o, "<td%s data-label=\"", day ?
			    " class=\"day\"" : "");
			out_attr(&p.o, cJSON_IsString(c) ? column_label(sc,
			    c->valuestring, lang) : "");
			out_raw(&p.o, "\">");
			if (cJSON_IsString(c))
				programme_cell(&p, sc, r, c->valuestring);
			out_raw(&p.o, "</td>");
		}
		out_raw(&p.o, "</tr>\n");
		shown++;
	}
	out_raw(&p.o, "</tbody>\n</table>\n</div>\n");
	if (shown == 0) {
		out_raw(&p.o, "<p>");
		out_text(&p.o, L(lang, M_NONE));
		out_raw(&p.o, "</p>\n");
	}
	rc = page_close(&p);
	return group_done(s, rc);
}

/* One list job: the pages of view i (i == nviews: the empty register)
 * in language k. */
static int
list_job(void *ctx, unsigned t, size_t j)
{
	static const char *const langs[] = { "ja", "en" };
	static struct s_view none = { "all", SF_ALL, NULL, NULL, -1, 0, 0 };
	struct site *s = ctx;
	const char *l = langs[j % 2];
	size_t i = j / 2;
	const struct s_view *v = i < s->m.nviews ? &s->m.views[i] : &none;
	int rc;

	(void)t;
	if ((rc = view_pages(s, v, l)) != 0)
		return rc;
	if (i < s->m.nviews && (v->facet == SF_SCHEME ||
	    v->facet == SF_LEVEL) && is_audit_scheme(s, v->scheme))
		rc = cmp_pages(s, v, l);
	if (rc == 0 && i < s->m.nviews && v->facet == SF_SCHEME &&
	    v->status < 0)
		rc = programme_page(s, v, l);
	return rc;
}

/* Every view's pages in both languages, on site_threads() threads (the
 * files are the same whichever thread writes them). */
int
pages_lists(struct site *s)
{
	/* The register exists even when it is empty. */
	size_t n = s->m.nviews + (s_view_find(&s->m, "all") == NULL);
	struct pool_for_job job = { 2 * n, list_job, site_thread_end, s };

	return pool_for(&job, s->w.n);
}
