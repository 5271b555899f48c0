/*
 * What every page has: the head with its Content-Security-Policy, the
 * header with the language switch, the navigation, the footer; and the
 * small pieces many pages share (links to records and entities, status
 * badges and reasons, validity windows, the table of register entries).
 * Every link is relative, so the site works from file:// and from any
 * folder of a web server.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "site/site_int.h"

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; " \
	"base-uri 'none'"

/* A page buffer kept for the next page on this thread (see page_open). */
#define SPARE_MAX ((size_t)4 << 20)
static _Thread_local struct buf spare;

void
page_open(struct page *p, struct site *s, const char *lang,
    const char *fmt, ...)
{
	va_list ap;
	size_t depth = 1;

	memset(p, 0, sizeof(*p));
	/* The last page's buffer, emptied: a page is built by many small
	 * appends, and growing a fresh buffer each time was a good part of
	 * the build's allocations. */
	if (spare.data) {
		p->o.b = spare;
		p->o.b.len = 0;
		p->o.b.data[0] = '\0';
		memset(&spare, 0, sizeof(spare));
	} else {
		buf_init(&p->o.b, SITE_MAX_FILE);
	}
	p->s = s;
	p->lang = lang;
	va_start(ap, fmt);
	vsnprintf(p->path, sizeof(p->path), fmt, ap);
	va_end(ap);
	for (const char *c = p->path; *c; c++)
		depth += *c == '/';
	/* At most 20 levels: "../" 20 times and its NUL fit in root. */
	_Static_assert(sizeof(p->root) > 3 * 20, "root holds 20 levels");
	for (size_t i = 0; i < depth && i < 20; i++) {
		memcpy(p->root + 3 * i, "../", 4);
		if (i > 0)
			memcpy(p->lroot + 3 * (i - 1), "../", 4);
	}
}

static void
href_v(struct page *p, const char *base, const char *fmt, va_list ap)
{
	char full[1200];
	size_t n = strlen(base);

	if (n >= sizeof(full))
		n = sizeof(full) - 1;
	memcpy(full, base, n);
	vsnprintf(full + n, sizeof(full) - n, fmt, ap);
	out_raw(&p->o, "href=\"");
	out_url(&p->o, full);
	out_raw(&p->o, "\"");
}

void
p_href(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	href_v(p, p->lroot, fmt, ap);
	va_end(ap);
}

void
p_href_root(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	href_v(p, p->root, fmt, ap);
	va_end(ap);
}

static const struct {
	enum section sec;
	const char *path;
	enum site_msg label;
} nav[] = {
	{ SEC_HOME, "index.html", M_HOME },
	{ SEC_REGISTER, "list/all.html", M_REGISTER },
	{ SEC_ORGS, "org/index.html", M_ORGS },
	{ SEC_SVCS, "svc/index.html", M_SVCS },
	{ SEC_SIGNERS, "signer/index.html", M_SIGNERS },
	{ SEC_REVOCATIONS, "revocations.html", M_REVOCATIONS },
	{ SEC_COMPARE, "compare.html", M_COMPARE },
	{ SEC_GLOSSARY, "glossary.html", M_GLOSSARY },
	{ SEC_VERIFY, "verify.html", M_VERIFY },
};

void
page_head(struct page *p, const char *title, enum section sec, int script)
{
	struct out *o = &p->o;
	const char *other = strcmp(p->lang, "ja") == 0 ? "en" : "ja";

	out_rawf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n<title>",
	    p->lang, CSP);
	out_text(o, title);
	out_raw(o, " | ");
	out_text(o, p->s->m.name);
	out_raw(o, " ");
	out_text(o, L(p->lang, M_SITE));
	out_raw(o, "</title>\n<link rel=\"stylesheet\" ");
	p_href_root(p, "assets/site.css");
	out_rawf(o, ">\n<link rel=\"alternate\" hreflang=\"%s\" ", other);
	p_href_root(p, "%s/%s", other, p->path);
	out_raw(o, ">\n<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "title=\"");
	out_attr(o, L(p->lang, M_FEED_CHANGES));
	out_raw(o, "\" ");
	p_href(p, "feeds/changes.atom");
	out_raw(o, ">\n");
	if (p->feed[0]) {
		out_raw(o, "<link rel=\"alternate\" type=\"application/atom+xml\" "
		    "title=\"");
		out_attr(o, L(p->lang, p->feed_title));
		out_raw(o, "\" ");
		p_href(p, "%s", p->feed);
		out_raw(o, ">\n");
	}
	if (script) {
		out_raw(o, "<script ");
		out_raw(o, "src=\"");
		out_url(o, p->root);
		out_raw(o, "assets/site.js\" defer></script>\n");
	}
	out_raw(o, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
	out_text(o, L(p->lang, M_SKIP));
	out_raw(o, "</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n"
	    "<p class=\"brand\"><a ");
	p_href(p, "index.html");
	out_raw(o, "><span class=\"registry\">");
	out_text(o, p->s->m.name);
	out_raw(o, "</span> ");
	out_text(o, L(p->lang, M_SITE));
	out_raw(o, "</a></p>\n<form class=\"site-search\" role=\"search\" "
	    "method=\"get\" action=\"");
	out_url(o, p->lroot);
	out_raw(o, "search.html\">\n<label for=\"site-q\">");
	out_text(o, L(p->lang, M_SEARCH));
	out_raw(o, "</label>\n<input id=\"site-q\" name=\"q\" type=\"search\" "
	    "autocomplete=\"off\">\n<button type=\"submit\">");
	out_text(o, L(p->lang, M_SEARCH));
	out_rawf(o, "</button>\n</form>\n<p class=\"lang\"><a hreflang=\"%s\" "
	    "lang=\"%s\" rel=\"alternate\" ", other, other);
	p_href_root(p, "%s/%s", other, p->path);
	out_raw(o, ">");
	out_text(o, L(p->lang, M_OTHER_LANG));
	out_raw(o, "</a></p>\n</div>\n</header>\n<nav class=\"site-nav\" "
	    "aria-label=\"");
	out_attr(o, L(p->lang, M_NAV));
	out_raw(o, "\">\n<ul>\n");
	for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		out_raw(o, "<li><a ");
		p_href(p, "%s", nav[i].path);
		if (nav[i].sec == sec)
			out_raw(o, strcmp(p->path, nav[i].path) == 0 ?
			    " aria-current=\"page\"" : " aria-current=\"true\"");
		out_raw(o, ">");
		out_text(o, L(p->lang, nav[i].label));
		out_raw(o, "</a></li>\n");
	}
	out_raw(o, "</ul>\n</nav>\n<main id=\"main\" tabindex=\"-1\">\n<h1>");
	out_text(o, title);
	out_raw(o, "</h1>\n");
}

int
page_close(struct page *p)
{
	struct out *o = &p->o;
	char rel[400];
	int rc;

	out_raw(o, "</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">"
	    "\n<p>");
	out_text(o, L(p->lang, M_FOOTER));
	out_raw(o, " ");
	out_text(o, L(p->lang, M_DATES_JST));
	out_raw(o, "</p>\n<p>");
	out_text(o, L(p->lang, M_MACHINE));
	out_raw(o, ":</p>\n<ul class=\"inline\">\n<li><a ");
	p_href_root(p, "register.csv");
	out_raw(o, ">");
	out_text(o, L(p->lang, M_CSV));
	out_raw(o, "</a></li>\n<li><a ");
	p_href_root(p, "api/index.json");
	out_raw(o, ">");
	out_text(o, L(p->lang, M_JSON_INDEX));
	out_raw(o, "</a></li>\n<li><a ");
	p_href_root(p, "api/signers.json");
	out_raw(o, ">");
	out_text(o, L(p->lang, M_SIGNERS_JSON));
	out_raw(o, "</a></li>\n<li><a ");
	p_href(p, "feeds/changes.atom");
	out_raw(o, ">");
	out_text(o, L(p->lang, M_FEED_CHANGES));
	out_raw(o, "</a></li>\n<li><a ");
	p_href(p, "feeds/revocations.atom");
	out_raw(o, ">");
	out_text(o, L(p->lang, M_FEED_REVOCATIONS));
	out_raw(o, "</a></li>\n</ul>\n</div>\n</footer>\n</body>\n</html>\n");
	rc = o->rc;
	snprintf(rel, sizeof(rel), "%s/%s", p->lang, p->path);
	if (rc == 0)
		rc = site_write(p->s, rel, p->o.b.data, p->o.b.len);
	if (spare.data == NULL && o->b.data && o->b.cap <= SPARE_MAX) {
		spare = o->b;
		memset(&o->b, 0, sizeof(o->b));
	}
	out_release(o);
	return rc;
}

void
page_spare_free(void)
{
	buf_release(&spare);
	memset(&spare, 0, sizeof(spare));
}

void
site_thread_end(void *ctx, unsigned t)
{
	(void)ctx;
	(void)t;
	page_spare_free();
}

/* --- words ------------------------------------------------------------- */

const char *
word_state(const char *lang, int state)
{
	switch (state) {
	case REG_ACTIVE: return L(lang, M_STATE_ACTIVE);
	case REG_REVOKED: return L(lang, M_STATE_REVOKED);
	case REG_SUSPENDED: return L(lang, M_STATE_SUSPENDED);
	case REG_WITHDRAWN: return L(lang, M_STATE_WITHDRAWN);
	case REG_SUPERSEDED: return L(lang, M_STATE_SUPERSEDED);
	case REG_EXPIRED: return L(lang, M_STATE_EXPIRED);
	case REG_NOT_YET_VALID: return L(lang, M_STATE_NOT_YET);
	case REG_DELISTED: return L(lang, M_STATE_DELISTED);
	}
	return L(lang, M_STATE_RECORDED);
}

const char *
word_role(const char *lang, const char *role)
{
	if (role == NULL)
		return "";
	if (strcmp(role, "auditor") == 0)
		return L(lang, M_ROLE_AUDITOR);
	if (strcmp(role, "expert") == 0)
		return L(lang, M_ROLE_EXPERT);
	if (strcmp(role, "management") == 0)
		return L(lang, M_ROLE_MANAGEMENT);
	if (strcmp(role, "operator") == 0)
		return L(lang, M_ROLE_OPERATOR);
	return role;
}

const char *
word_action(const char *lang, const char *a)
{
	static const struct {
		const char *a;
		enum site_msg m;
	} w[] = { { "revoke", M_ACT_REVOKE }, { "suspend", M_ACT_SUSPEND },
		{ "reinstate", M_ACT_REINSTATE }, { "withdraw", M_ACT_WITHDRAW },
		{ "supersede", M_ACT_SUPERSEDE }, { "correct", M_ACT_CORRECT },
		{ "delist", M_ACT_DELIST },
		{ "renewal-pending", M_ACT_RENEWAL },
		{ "corrective-demand", M_ACT_DEMAND },
		{ "corrective-closed", M_ACT_DEMAND_CLOSED },
		{ "surveillance", M_ACT_SURVEILLANCE } };

	for (size_t i = 0; a && i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(w[i].a, a) == 0)
			return L(lang, w[i].m);
	return a ? a : "";
}

const char *
word_deploy(const char *lang, const char *d)
{
	if (strcmp(d, "public") == 0)
		return L(lang, M_DEP_PUBLIC);
	if (strcmp(d, "private") == 0)
		return L(lang, M_DEP_PRIVATE);
	if (strcmp(d, "community") == 0)
		return L(lang, M_DEP_COMMUNITY);
	if (strcmp(d, "hybrid") == 0)
		return L(lang, M_DEP_HYBRID);
	return d;
}

const char *
word_kind(const char *lang, enum s_kind k)
{
	const struct record_kind *row = s_kind_row(k);

	if (row == NULL)
		return L(lang, M_KIND_OTHER);
	return lang[0] == 'j' ? row->label_ja : row->label_en;
}

/* --- records and entities ---------------------------------------------- */

const char *
rec_title(struct site *s, const struct s_rec *r, const char *lang)
{
	static _Thread_local char buf[2][1024];
	static _Thread_local int turn;
	char *b = buf[turn ^= 1];
	const struct s_rec *t;

	switch (r->kind) {
	case SK_AUDIT:
		return s_pick(r->svc, lang) ? s_pick(r->svc, lang) :
		    L(lang, M_NO_ORG);
	case SK_SCS:
		snprintf(b, sizeof(buf[0]), "%s %s", s_pick(r->org, lang) ?
		    s_pick(r->org, lang) : L(lang, M_NO_ORG),
		    s_level_name(&s->m, r, lang) ? s_level_name(&s->m, r, lang) :
		    "");
		return b;
	case SK_SIGNER:
		snprintf(b, sizeof(buf[0]), "%s (%s)", s_pick(r->person, lang) ?
		    s_pick(r->person, lang) : "?", s_pick(r->org, lang) ?
		    s_pick(r->org, lang) : "?");
		return b;
	case SK_STATUS:
		t = r->target != S_NONE ? &s->m.recs[r->target] : NULL;
		snprintf(b, sizeof(buf[0]), "%s: %s", word_action(lang,
		    r->action), t == NULL ? "?" : t->kind == SK_AUDIT ?
		    (s_pick(t->svc, lang) ? s_pick(t->svc, lang) : "?") :
		    t->kind == SK_SIGNER ? (s_pick(t->person, lang) ?
		    s_pick(t->person, lang) : "?") : (s_pick(t->org, lang) ?
		    s_pick(t->org, lang) : t->id + 7));
		return b;
	case SK_ROOT:
		snprintf(b, sizeof(buf[0]), "%s %s %d", word_kind(lang, SK_ROOT),
		    L(lang, M_ROOT_VERSION), r->root_version);
		return b;
	default:
		return r->id;
	}
}

void
p_rec_link(struct page *p, const struct s_rec *r)
{
	out_raw(&p->o, "<a ");
	p_href(p, "r/%s.html", S_HEX(r));
	out_raw(&p->o, ">");
	out_text(&p->o, rec_title(p->s, r, p->lang));
	out_raw(&p->o, "</a>");
}

void
p_org_link(struct page *p, size_t org)
{
	const struct s_org *g;

	if (org == S_NONE)
		return;
	g = &p->s->m.orgs[org];
	out_raw(&p->o, "<a ");
	p_href(p, "org/%s.html", g->key);
	out_raw(&p->o, ">");
	out_text(&p->o, s_pick(g->name, p->lang) ? s_pick(g->name, p->lang) :
	    L(p->lang, M_NO_ORG));
	out_raw(&p->o, "</a>");
}

void
p_svc_link(struct page *p, size_t svc)
{
	const struct s_svc *v;

	if (svc == S_NONE)
		return;
	v = &p->s->m.svcs[svc];
	out_raw(&p->o, "<a ");
	p_href(p, "svc/%s.html", v->key);
	out_raw(&p->o, ">");
	out_text(&p->o, s_pick(v->name, p->lang) ? s_pick(v->name, p->lang) :
	    v->svc_id);
	out_raw(&p->o, "</a>");
}

void
p_signer_link(struct page *p, size_t ent)
{
	const struct s_signer_ent *e;

	if (ent == S_NONE)
		return;
	e = &p->s->m.signers[ent];
	out_raw(&p->o, "<a ");
	p_href(p, "signer/%s.html", e->keyid);
	out_raw(&p->o, ">");
	out_text(&p->o, s_pick(e->person, p->lang) ? s_pick(e->person,
	    p->lang) : e->keyid);
	out_raw(&p->o, "</a>");
}

void
p_reason(struct page *p, const char *code)
{
	const char *label = reason_label(code, strcmp(p->lang, "ja") == 0);

	if (code == NULL)
		return;
	if (label) {
		out_raw(&p->o, "<span class=\"reason-label\">");
		out_text(&p->o, label);
		out_raw(&p->o, "</span> ");
	}
	out_raw(&p->o, "<code>");
	out_text(&p->o, code);
	out_raw(&p->o, "</code>");
}

static void
p_state_word(struct page *p, int state)
{
	const char *cls, *sym;
	char slug[32];
	size_t k = 0;

	switch (state) {
	case REG_ACTIVE: cls = "ok"; sym = "✓"; break;
	case REG_REVOKED: case REG_SUSPENDED: case REG_WITHDRAWN:
	case REG_DELISTED: cls = "bad"; sym = "✕"; break;
	case -1: cls = "info"; sym = "•"; break;
	default: cls = "warn"; sym = "!"; break;
	}
	for (const char *c = state == -1 ? "recorded" :
	    reg_state_name((enum reg_state)state); *c && k + 1 < sizeof(slug);
	    c++)
		slug[k++] = *c == ' ' ? '-' : *c;
	slug[k] = '\0';
	out_rawf(&p->o, "<a class=\"state state-%s\" ", cls);
	p_href(p, "glossary.html#status-%s", slug);
	out_rawf(&p->o, "><span aria-hidden=\"true\">%s</span> ", sym);
	out_text(&p->o, word_state(p->lang, state));
	out_raw(&p->o, "</a>");
}

void
p_state(struct page *p, const struct s_rec *r)
{
	p_state_word(p, r->has_state ? (int)r->state : -1);
}

static void
out_day(struct out *o, int64_t t)
{
	char d[11];

	site_jst_day(d, t);
	out_rawf(o, "<time datetime=\"%s\">%s</time>", d, d);
}

void
p_validity(struct page *p, const struct s_rec *r)
{
	if (!r->has_validity)
		return;
	out_day(&p->o, r->nb);
	out_raw(&p->o, " ");
	out_text(&p->o, L(p->lang, M_VALID_FROM_TO));
	out_raw(&p->o, " ");
	/* The window is half-open: its last day is the one before not_after. */
	out_day(&p->o, r->na > r->nb ? r->na - 1 : r->na);
}

void
p_state_reason(struct page *p, const struct s_rec *r)
{
	struct site *s = p->s;
	const struct s_rec *by = r->by != S_NONE ? &s->m.recs[r->by] : NULL;
	struct out *o = &p->o;

	if (!r->has_state || r->state == REG_ACTIVE)
		return;
	out_raw(o, "<span class=\"reason\">");
	if (by && by->kind == SK_STATUS) {
		out_text(o, word_action(p->lang, by->action));
		out_raw(o, " (");
		out_time(o, by->effective);
		if (by->reason_code) {
			out_raw(o, ", ");
			p_reason(p, by->reason_code);
		}
		out_raw(o, ")");
		if (s_pick(by->reason, p->lang)) {
			out_raw(o, ": ");
			out_text(o, s_pick(by->reason, p->lang));
		}
		out_raw(o, " — ");
		out_text(o, L(p->lang, M_BY_RECORD));
		out_raw(o, ": <a ");
		p_href(p, "r/%s.html", S_HEX(by));
		out_raw(o, "><code>");
		out_rawf(o, "%.16s…", S_HEX(by));
		out_raw(o, "</code></a>");
	} else if (r->state == REG_SUPERSEDED && by) {
		out_text(o, L(p->lang, M_WHY_SUPERSEDED));
		out_raw(o, ": ");
		p_rec_link(p, by);
	} else if (r->state == REG_DELISTED && by) {
		out_text(o, L(p->lang, M_WHY_CASCADE));
		out_raw(o, ": ");
		p_rec_link(p, by);
		out_raw(o, " (");
		out_text(o, word_state(p->lang, by->has_state ? (int)by->state :
		    -1));
		out_raw(o, ")");
	} else if (r->state == REG_EXPIRED) {
		out_text(o, L(p->lang, M_WHY_EXPIRED));
	} else if (r->state == REG_NOT_YET_VALID) {
		out_text(o, L(p->lang, r->integrated > s->m.at ?
		    M_WHY_NOT_REGISTERED : M_WHY_NOT_YET));
	} else if (r->why) {
		out_text(o, r->why);
	}
	out_raw(o, "</span>");
}

void
p_list(struct page *p, const struct s_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			out_raw(&p->o, ", ");
		out_text(&p->o, l->v[i]);
	}
}

/* The auditor or expert of a record, linked to the signer's page. */
static void
p_assessor(struct page *p, const struct s_rec *r)
{
	int first = 1;

	for (size_t i = 0; i < r->nsigners; i++) {
		const struct s_signer *d = &r->signers[i];
		if (d->role == NULL || strcmp(d->role, "management") == 0)
			continue;
		if (!first)
			out_raw(&p->o, ", ");
		first = 0;
		if (d->ent != S_NONE)
			p_signer_link(p, d->ent);
		else
			out_text(&p->o, s_pick(d->name, p->lang));
	}
}

/* The table of entries: a row each; on a narrow screen each row is a
 * card, its cells named by data-label (site.css). */
void
p_entry_table(struct page *p, const size_t *recs, size_t n, int checkboxes)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	static const enum site_msg cols[] = { M_REG_NUMBER, M_ORG, M_SVC,
		M_SCHEME_LEVEL, M_STATUS, M_VALIDITY, M_ASSESSOR, M_REGISTERED };
	enum { C_LOG, C_ORG, C_SVC, C_SCHEME, C_STATUS, C_VALID, C_WHO,
		C_REG };

	if (n == 0) {
		out_raw(o, "<p>");
		out_text(o, L(l, M_NONE));
		out_raw(o, "</p>\n");
		return;
	}
	out_raw(o, "<div class=\"table-wrap\">\n<table class=\"entries\" "
	    "data-sort-label=\"");
	out_attr(o, L(l, M_SORT_BY));
	out_raw(o, "\">\n<thead><tr>");
	if (checkboxes) {
		out_raw(o, "<th scope=\"col\" class=\"pick\">");
		out_text(o, L(l, M_SELECT_COMPARE));
		out_raw(o, "</th>");
	}
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		out_raw(o, "<th scope=\"col\">");
		out_text(o, L(l, cols[i]));
		out_raw(o, "</th>");
	}
	out_raw(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct s_rec *r = &p->s->m.recs[recs[i]];
		const char *lv = s_level_name(&p->s->m, r, l);
		out_raw(o, "<tr>");
		if (checkboxes) {
			out_raw(o, "<td class=\"pick\">");
			if (r->kind == SK_AUDIT) {
				out_rawf(o, "<input type=\"checkbox\" name=\"ids\" "
				    "value=\"%s\" aria-label=\"", S_HEX(r));
				out_attr(o, L(l, M_SELECT_COMPARE));
				out_raw(o, ": ");
				out_attr(o, rec_title(p->s, r, l));
				out_raw(o, "\">");
			}
			out_raw(o, "</td>");
		}
		out_raw(o, "<td data-label=\"");
		out_attr(o, L(l, cols[C_LOG]));
		out_raw(o, "\"><a ");
		p_href(p, "r/%s.html", S_HEX(r));
		/* The number people quote; a record without one (a scheme
		 * that numbers none) by its place in the log. */
		out_raw(o, ">");
		if (r->number)
			out_text(o, r->number);
		else
			out_rawf(o, "#%zu", r->leaf);
		out_raw(o, "</a></td><td class=\"org\">");
		p_org_link(p, r->org_ent);
		out_raw(o, "</td><td class=\"svc\">");
		if (r->svc_ent != S_NONE)
			p_svc_link(p, r->svc_ent);
		else
			p_rec_link(p, r);
		out_raw(o, "</td><td class=\"scheme\">");
		out_text(o, s_scheme_name(&p->s->m, r->scheme, l));
		if (lv && r->kind != SK_SCS) {
			out_raw(o, " ");
			out_text(o, lv);
		}
		out_raw(o, "</td><td class=\"status\">");
		p_state(p, r);
		out_raw(o, "</td><td data-label=\"");
		out_attr(o, L(l, cols[C_VALID]));
		out_raw(o, "\">");
		p_validity(p, r);
		out_raw(o, "</td><td data-label=\"");
		out_attr(o, L(l, cols[C_WHO]));
		out_raw(o, "\">");
		p_assessor(p, r);
		out_raw(o, "</td><td data-label=\"");
		out_attr(o, L(l, cols[C_REG]));
		out_raw(o, "\">");
		out_time(o, r->integrated);
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n</div>\n");
}

void
p_pager(struct page *p, const char *dir, const char *stem, size_t page,
    size_t npages)
{
	struct out *o = &p->o;

	if (npages <= 1)
		return;
	out_raw(o, "<nav class=\"pager\" aria-label=\"");
	out_attr(o, L(p->lang, M_PAGES));
	out_raw(o, "\">\n<ul>\n");
	if (page > 1) {
		out_raw(o, "<li><a ");
		p_href(p, "%s%s.html", dir, stem);
		out_raw(o, ">");
		out_text(o, L(p->lang, M_PAGE_FIRST));
		out_raw(o, "</a></li>\n<li><a rel=\"prev\" ");
		if (page == 2)
			p_href(p, "%s%s.html", dir, stem);
		else
			p_href(p, "%s%s-%zu.html", dir, stem, page - 1);
		out_raw(o, ">");
		out_text(o, L(p->lang, M_PAGE_PREV));
		out_raw(o, "</a></li>\n");
	}
	out_rawf(o, "<li aria-current=\"page\">%s %zu</li>\n",
	    L(p->lang, M_PAGES), page);
	if (page < npages) {
		out_raw(o, "<li><a rel=\"next\" ");
		p_href(p, "%s%s-%zu.html", dir, stem, page + 1);
		out_raw(o, ">");
		out_text(o, L(p->lang, M_PAGE_NEXT));
		out_raw(o, "</a></li>\n");
	}
	out_raw(o, "</ul>\n</nav>\n");
}
