/*
 * The pages that are one of a kind: the language choice at the top, the
 * home page with counts, latest changes and a chart, revocations and
 * delistings, the glossary, the compare page, the search page and the
 * in-browser verifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "kinds/kind.h"
#include "site/site_int.h"

#define LATEST 10

static int
is_removal(const struct s_rec *r)
{
	return r->kind == SK_STATUS && r->action &&
	    (strcmp(r->action, "revoke") == 0 ||
	    strcmp(r->action, "suspend") == 0 ||
	    strcmp(r->action, "withdraw") == 0 ||
	    strcmp(r->action, "delist") == 0);
}

/* --- OUT/index.html ---------------------------------------------------- */

static int
root_index(struct site *s)
{
	struct out o = OUT_INIT;
	int rc;

	out_raw(&o, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset="
	    "\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'self'\">\n<title>");
	out_text(&o, s->m.name);
	out_raw(&o, " 公開登録簿 / Public registry</title>\n<link rel=\"stylesheet\""
	    " href=\"assets/site.css\">\n</head>\n<body>\n<main id=\"main\" "
	    "class=\"choose\">\n<h1>");
	out_text(&o, s->m.name);
	out_raw(&o, " 公開登録簿 <span lang=\"en\">/ Public registry</span></h1>\n"
	    "<p>言語を選んでください。 <span lang=\"en\">Choose a language."
	    "</span></p>\n<ul class=\"choose\">\n<li><a href=\"ja/index.html\" "
	    "hreflang=\"ja\">日本語</a></li>\n<li><a href=\"en/index.html\" "
	    "hreflang=\"en\" lang=\"en\">English</a></li>\n</ul>\n</main>\n"
	    "</body>\n</html>\n");
	rc = o.rc ? o.rc : site_write(s, "index.html", o.b.data, o.b.len);
	out_release(&o);
	return rc;
}

/* --- home -------------------------------------------------------------- */

static void
count_link(struct page *p, const char *id, size_t n)
{
	if (n == 0) {
		out_raw(&p->o, "0");
		return;
	}
	out_raw(&p->o, "<a ");
	p_href(p, "list/%s.html", id);
	out_rawf(&p->o, ">%zu</a>", n);
}

static const enum reg_state shown[] = { REG_ACTIVE, REG_SUSPENDED,
	REG_REVOKED, REG_WITHDRAWN, REG_DELISTED, REG_SUPERSEDED, REG_EXPIRED,
	REG_NOT_YET_VALID };
#define NSHOWN (sizeof(shown) / sizeof(shown[0]))

/* A scheme, then its levels. */
static int
view_cmp(const void *a, const void *b)
{
	const struct s_view *x = *(const struct s_view *const *)a;
	const struct s_view *y = *(const struct s_view *const *)b;
	int c = strcmp(x->scheme ? x->scheme : "", y->scheme ? y->scheme : "");

	if (c)
		return c;
	if (x->facet != y->facet)
		return x->facet == SF_SCHEME ? -1 : 1;
	return strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

static void
counts(struct page *p)
{
	struct site *s = p->s;
	struct out *o = &p->o;
	const char *l = p->lang;
	const struct s_view **vs;
	const struct s_view *all = s_view_find(&s->m, "all");
	size_t n = 0;
	int used[NSHOWN] = { 0 };
	char id[600], st[32];

	for (size_t k = 0; k < NSHOWN; k++) {
		s_state_slug(st, sizeof(st), shown[k]);
		snprintf(id, sizeof(id), "status-%s", st);
		used[k] = s_view_find(&s->m, id) != NULL;
	}
	if ((vs = calloc(s->m.nviews + 1, sizeof(*vs))) == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	for (size_t i = 0; i < s->m.nviews; i++)
		if ((s->m.views[i].facet == SF_SCHEME ||
		    s->m.views[i].facet == SF_LEVEL) && s->m.views[i].status < 0)
			vs[n++] = &s->m.views[i];
	qsort(vs, n, sizeof(*vs), view_cmp);
	out_raw(o, "<section aria-labelledby=\"counts\">\n<h2 id=\"counts\">");
	out_text(o, L(l, M_COUNTS));
	out_raw(o, "</h2>\n<div class=\"table-wrap\">\n<table class=\"numbers\">"
	    "\n<caption>");
	out_text(o, L(l, M_BY_SCHEME));
	out_raw(o, "</caption>\n<thead><tr><th scope=\"col\">");
	out_text(o, L(l, M_SCHEME_LEVEL));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_TOTAL));
	out_raw(o, "</th>");
	for (size_t k = 0; k < NSHOWN; k++)
		if (used[k]) {
			out_raw(o, "<th scope=\"col\">");
			out_text(o, word_state(l, (int)shown[k]));
			out_raw(o, "</th>");
		}
	out_raw(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct s_view *v = vs[i];
		out_raw(o, "<tr><th scope=\"row\"");
		if (v->facet == SF_LEVEL)
			out_raw(o, " class=\"sub\"");
		out_raw(o, ">");
		out_text(o, s_scheme_name(&s->m, v->scheme, l));
		if (v->facet == SF_LEVEL) {
			struct s_rec fake;
			memset(&fake, 0, sizeof(fake));
			fake.kind = SK_AUDIT;
			fake.scheme = v->scheme;
			fake.level = v->value;
			out_raw(o, " ");
			out_text(o, s_level_name(&s->m, &fake, l));
		}
		out_raw(o, "</th><td>");
		count_link(p, v->id, v->n);
		out_raw(o, "</td>");
		for (size_t k = 0; k < NSHOWN; k++) {
			const struct s_view *w;
			if (!used[k])
				continue;
			s_state_slug(st, sizeof(st), shown[k]);
			snprintf(id, sizeof(id), "%s-status-%s", v->id, st);
			w = s_view_find(&s->m, id);
			out_raw(o, "<td>");
			count_link(p, id, w ? w->n : 0);
			out_raw(o, "</td>");
		}
		out_raw(o, "</tr>\n");
	}
	out_raw(o, "</tbody>\n<tfoot><tr><th scope=\"row\">");
	out_text(o, L(l, M_TOTAL));
	out_raw(o, "</th><td>");
	count_link(p, "all", all ? all->n : 0);
	out_raw(o, "</td>");
	for (size_t k = 0; k < NSHOWN; k++) {
		const struct s_view *w;
		if (!used[k])
			continue;
		s_state_slug(st, sizeof(st), shown[k]);
		snprintf(id, sizeof(id), "status-%s", st);
		w = s_view_find(&s->m, id);
		out_raw(o, "<td>");
		count_link(p, id, w ? w->n : 0);
		out_raw(o, "</td>");
	}
	out_raw(o, "</tr></tfoot>\n</table>\n</div>\n</section>\n");
	free(vs);
}

/* The LATEST records that pass keep, newest first by when (ties: the
 * later in the log first); the count in *n. */
static void
newest(const struct s_model *m, int (*keep)(const struct s_rec *),
    int64_t (*when)(const struct s_rec *), size_t out[LATEST], size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		size_t k;
		if (!keep(&m->recs[i]))
			continue;
		/* Later in the log, so it goes before any of the same time. */
		for (k = *n; k > 0 && when(&m->recs[out[k - 1]]) <=
		    when(&m->recs[i]); k--)
			if (k < LATEST)
				out[k] = out[k - 1];
		if (k < LATEST) {
			out[k] = i;
			if (*n < LATEST)
				(*n)++;
		}
	}
}

static int64_t
when_integrated(const struct s_rec *r)
{
	return r->integrated;
}

static int64_t
when_effective(const struct s_rec *r)
{
	return r->effective;
}

static void
latest(struct page *p)
{
	struct s_model *m = &p->s->m;
	struct out *o = &p->o;
	const char *l = p->lang;
	size_t v[LATEST], k;

	out_raw(o, "<div class=\"two\">\n<section aria-labelledby=\"latest-reg\">"
	    "\n<h2 id=\"latest-reg\">");
	out_text(o, L(l, M_LATEST_REG));
	out_raw(o, "</h2>\n<ul class=\"changes\">\n");
	newest(m, s_is_entry, when_integrated, v, &k);
	for (size_t i = 0; i < k; i++) {
		const struct s_rec *r = &m->recs[v[i]];
		out_raw(o, "<li>");
		out_time(o, r->integrated);
		out_raw(o, " ");
		p_rec_link(p, r);
		if (r->kind == SK_AUDIT && r->org_ent != S_NONE) {
			out_raw(o, " — ");
			p_org_link(p, r->org_ent);
		}
		out_raw(o, " ");
		p_state(p, r);
		out_raw(o, "</li>\n");
	}
	if (k == 0) {
		out_raw(o, "<li>");
		out_text(o, L(l, M_NONE));
		out_raw(o, "</li>\n");
	}
	out_raw(o, "</ul>\n</section>\n<section aria-labelledby=\"latest-rev\">\n"
	    "<h2 id=\"latest-rev\">");
	out_text(o, L(l, M_LATEST_REV));
	out_raw(o, "</h2>\n<ul class=\"changes\">\n");
	newest(m, is_removal, when_effective, v, &k);
	for (size_t i = 0; i < k; i++) {
		const struct s_rec *r = &m->recs[v[i]];
		out_raw(o, "<li>");
		out_time(o, r->effective);
		out_raw(o, " ");
		p_rec_link(p, r);
		if (r->reason_code) {
			out_raw(o, " ");
			p_reason(p, r->reason_code);
		}
		out_raw(o, "</li>\n");
	}
	if (k == 0) {
		out_raw(o, "<li>");
		out_text(o, L(l, M_NONE));
		out_raw(o, "</li>\n");
	}
	out_raw(o, "</ul>\n<p><a ");
	p_href(p, "revocations.html");
	out_raw(o, ">");
	out_text(o, L(l, M_REVOCATIONS));
	out_raw(o, "</a></p>\n</section>\n</div>\n");
}

/* Months as YYYY-MM (JST) from the first to the last event. */
static int
month_of(int64_t t)
{
	char d[11], *end;
	long y, mo = 0;

	site_jst_day(d, t);
	y = strtol(d, &end, 10);
	if (end == d + 4 && *end == '-')
		mo = strtol(d + 5, &end, 10);
	if (y < 0 || y > 9999 || mo < 1 || mo > 12)
		return 0;
	return (int)(y * 12 + mo - 1);
}

static void
over_time(struct page *p)
{
	struct s_model *m = &p->s->m;
	struct out *o = &p->o;
	const char *l = p->lang;
	int first = 0, last = 0, any = 0;
	size_t n, *reg = NULL, *rev = NULL;
	char (*labels)[8] = NULL;
	const char **lp = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		int mo;
		if (s_is_entry(r))
			mo = month_of(r->integrated);
		else if (is_removal(r))
			mo = month_of(r->effective);
		else
			continue;
		if (!any || mo < first)
			first = mo;
		if (!any || mo > last)
			last = mo;
		any = 1;
	}
	if (!any)
		return;
	n = (size_t)(last - first + 1);
	if ((reg = calloc(n, sizeof(*reg))) == NULL ||
	    (rev = calloc(n, sizeof(*rev))) == NULL ||
	    (labels = calloc(n, sizeof(*labels))) == NULL ||
	    (lp = calloc(n, sizeof(*lp))) == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		if (s_is_entry(r))
			reg[month_of(r->integrated) - first]++;
		else if (is_removal(r))
			rev[month_of(r->effective) - first]++;
	}
	for (size_t i = 0; i < n; i++) {
		int mo = first + (int)i;
		snprintf(labels[i], sizeof(labels[i]), "%04d-%02d", mo / 12,
		    mo % 12 + 1);
		lp[i] = labels[i];
	}
	out_raw(o, "<section aria-labelledby=\"over-time\">\n<h2 id=\"over-time\">");
	out_text(o, L(l, M_OVER_TIME));
	out_raw(o, "</h2>\n<figure>\n");
	svg_bars(p, L(l, M_CHART_REG), L(l, M_CHART_REG), lp, reg, n);
	out_raw(o, "<figcaption>");
	out_text(o, L(l, M_CHART_REG));
	out_raw(o, "</figcaption>\n</figure>\n<figure>\n");
	svg_bars(p, L(l, M_CHART_REV), L(l, M_CHART_REV), lp, rev, n);
	out_raw(o, "<figcaption>");
	out_text(o, L(l, M_CHART_REV));
	out_raw(o, "</figcaption>\n</figure>\n<details>\n<summary>");
	out_text(o, L(l, M_DATA_TABLE));
	out_raw(o, "</summary>\n<table class=\"numbers\">\n<thead><tr>"
	    "<th scope=\"col\">");
	out_text(o, L(l, M_MONTH));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_REGISTRATIONS));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_REVOKES));
	out_raw(o, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		out_rawf(o, "<tr><th scope=\"row\">%s</th><td>%zu</td><td>%zu"
		    "</td></tr>\n", labels[i], reg[i], rev[i]);
	out_raw(o, "</tbody>\n</table>\n</details>\n</section>\n");
cleanup:
	free(reg);
	free(rev);
	free(labels);
	free(lp);
}

static void
registry_state(struct page *p)
{
	struct s_model *m = &p->s->m;
	struct out *o = &p->o;
	const char *l = p->lang;

	out_raw(o, "<section aria-labelledby=\"registry\">\n<h2 id=\"registry\">");
	out_text(o, L(l, M_REGISTRY_STATE));
	out_raw(o, "</h2>\n<table class=\"details\">\n<tbody>\n"
	    "<tr><th scope=\"row\">");
	out_text(o, L(l, M_REGISTRY_NAME));
	out_raw(o, "</th><td><code>");
	out_text(o, m->name);
	out_raw(o, "</code></td></tr>\n<tr><th scope=\"row\">");
	out_text(o, L(l, M_COMMIT));
	out_raw(o, "</th><td><code class=\"id\">");
	out_text(o, m->head);
	out_raw(o, "</code></td></tr>\n<tr><th scope=\"row\">");
	out_text(o, L(l, M_LOG_SIZE));
	out_rawf(o, "</th><td>%zu</td></tr>\n<tr><th scope=\"row\">", m->n);
	out_text(o, L(l, M_CHECKPOINT));
	out_raw(o, "</th><td><pre><code>");
	out_text(o, m->checkpoint);
	out_raw(o, "</code></pre> <a ");
	p_href_root(p, "api/checkpoint.txt");
	out_raw(o, ">");
	out_text(o, L(l, M_DOWNLOAD));
	out_raw(o, "</a></td></tr>\n<tr><th scope=\"row\">");
	out_text(o, L(l, M_LOG_VKEY));
	out_raw(o, "</th><td><code class=\"id\">");
	out_text(o, m->vkey);
	out_raw(o, "</code></td></tr>\n</tbody>\n</table>\n</section>\n");
}

static int
home(struct site *s, const char *lang)
{
	struct page p;

	page_open(&p, s, lang, "index.html");
	page_head(&p, L(lang, M_HOME_TITLE), SEC_HOME, 0);
	out_raw(&p.o, "<p class=\"lead\">");
	out_text(&p.o, L(lang, M_HOME_INTRO));
	out_raw(&p.o, "</p>\n");
	if (s->m.root_expired) {
		out_raw(&p.o, "<p class=\"verdict verdict-bad\">");
		out_text(&p.o, L(lang, M_ROOT_EXPIRED));
		out_raw(&p.o, "</p>\n");
	}
	counts(&p);
	latest(&p);
	over_time(&p);
	registry_state(&p);
	return page_close(&p);
}

/* --- revocations ------------------------------------------------------- */

/* A cell named for the narrow screen's card (site.css). */
static void
rev_td(struct page *p, enum site_msg col)
{
	out_raw(&p->o, "<td data-label=\"");
	out_attr(&p->o, L(p->lang, col));
	out_raw(&p->o, "\">");
}

static int
revocations(struct site *s, const char *lang)
{
	struct s_model *m = &s->m;
	struct page p;
	struct out *o = &p.o;
	static const enum site_msg cols[] = { M_EFFECTIVE, M_ACTION, M_TARGET,
		M_REASON_CODE, M_WHY, M_BY_RECORD };
	size_t k = 0;

	page_open(&p, s, lang, "revocations.html");
	page_head(&p, L(lang, M_REVOCATIONS), SEC_REVOCATIONS, 1);
	out_raw(o, "<p class=\"lead\">");
	out_text(o, L(lang, M_REV_INTRO));
	out_raw(o, "</p>\n<div class=\"table-wrap\">\n<table class=\"sortable "
	    "cards\" data-sort-label=\"");
	out_attr(o, L(lang, M_SORT_BY));
	out_raw(o, "\">\n<thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		out_raw(o, "<th scope=\"col\">");
		out_text(o, L(lang, cols[i]));
		out_raw(o, "</th>");
	}
	out_raw(o, "</tr></thead>\n<tbody>\n");
	/* Newest first: the log order, backwards. */
	for (size_t i = m->n; i-- > 0;) {
		const struct s_rec *r = &m->recs[i];
		if (is_removal(r)) {
			const struct s_rec *t = r->target != S_NONE ?
			    &m->recs[r->target] : NULL;
			out_raw(o, "<tr>");
			rev_td(&p, cols[0]);
			out_time(o, r->effective);
			out_raw(o, "</td>");
			rev_td(&p, cols[1]);
			out_text(o, word_action(lang, r->action));
			out_raw(o, "</td>");
			rev_td(&p, cols[2]);
			if (t) {
				p_rec_link(&p, t);
				out_raw(o, " ");
				p_state(&p, t);
			}
			out_raw(o, "</td>");
			rev_td(&p, cols[3]);
			p_reason(&p, r->reason_code);
			out_raw(o, "</td>");
			rev_td(&p, cols[4]);
			out_text(o, s_pick(r->reason, lang));
			out_raw(o, "</td>");
			rev_td(&p, cols[5]);
			out_raw(o, "<a ");
			p_href(&p, "r/%s.html", S_HEX(r));
			out_rawf(o, "><code>%.16s…</code></a></td></tr>\n", S_HEX(r));
			k++;
		} else if (s_is_entry(r) && r->has_state &&
		    r->state == REG_DELISTED && r->by != S_NONE &&
		    m->recs[r->by].kind != SK_STATUS) {
			const struct s_rec *b = &m->recs[r->by];
			/* When: the status record that took the base away. */
			out_raw(o, "<tr>");
			rev_td(&p, cols[0]);
			if (b->by != S_NONE && m->recs[b->by].kind == SK_STATUS)
				out_time(o, m->recs[b->by].effective);
			out_raw(o, "</td>");
			rev_td(&p, cols[1]);
			out_text(o, L(lang, M_CASCADE));
			out_raw(o, "</td>");
			rev_td(&p, cols[2]);
			p_rec_link(&p, r);
			out_raw(o, " ");
			p_state(&p, r);
			out_raw(o, "</td>");
			rev_td(&p, cols[3]);
			out_raw(o, "</td>");
			rev_td(&p, cols[4]);
			out_text(o, L(lang, M_WHY_CASCADE));
			out_raw(o, ": ");
			p_rec_link(&p, b);
			out_raw(o, "</td>");
			rev_td(&p, cols[5]);
			out_raw(o, "<a ");
			p_href(&p, "r/%s.html", S_HEX(b));
			out_rawf(o, "><code>%.16s…</code></a></td></tr>\n", S_HEX(b));
			k++;
		}
	}
	out_raw(o, "</tbody>\n</table>\n</div>\n");
	if (k == 0) {
		out_raw(o, "<p>");
		out_text(o, L(lang, M_NONE));
		out_raw(o, "</p>\n");
	}
	return page_close(&p);
}

/* --- glossary ---------------------------------------------------------- */

static const struct term {
	const char *id, *ja, *en, *mja, *men;
} fields[] = {
	{ "record-id", "記録ID", "Record id",
	  "署名された内容（ペイロード）の SHA-256。署名を追加しても変わらない。",
	  "The SHA-256 of the signed content (payload); adding a signature "
	  "does not change it." },
	{ "kind", "記録の種類", "Kind of record",
	  "監査報告書、サプライチェーン・セキュリティ評価、状態の記録、署名者の認定、トラストルート。",
	  "Audit report, supply-chain security assessment, status record, "
	  "accreditation of a signer, trust root." },
	{ "scheme", "制度", "Scheme",
	  "記録が従う評価・監査の制度（ISMAP 型、SOC 2、サイバーセキュリティ・サービス認定、SCS ★3/★4 など）。",
	  "The scheme a record follows (ISMAP-style, SOC 2, cybersecurity "
	  "service certification, SCS ★3/★4 and others)." },
	{ "level", "レベル", "Level",
	  "制度の中の段階。ISMAP 型ではレベル1〜3（上位は下位を含む）、SCS では★3・★4。",
	  "A grade within a scheme: levels 1 to 3 for the ISMAP style (a "
	  "higher level includes the lower ones), ★3 and ★4 for SCS." },
	{ "organisation", "事業者・組織", "Organisation",
	  "監査・評価の対象である事業者または組織。法人番号で識別する。",
	  "The provider or organisation audited or assessed, identified by "
	  "its corporate number." },
	{ "corporate-number", "法人番号", "Corporate number",
	  "国税庁が指定する13桁の番号。先頭の検査用数字を確認している。",
	  "The 13-digit number the National Tax Agency assigns; its check "
	  "digit is verified." },
	{ "service", "サービス", "Service",
	  "監査の対象となるクラウドサービスなど。事業者ごとのサービスIDで識別する。",
	  "The (cloud) service audited, identified by the provider's service "
	  "id." },
	{ "service-model", "提供形態", "Service model",
	  "IaaS・PaaS・SaaS。組み合わせの場合は形態ごとに責任範囲を示す。",
	  "IaaS, PaaS or SaaS; a combination gives the responsibility of each." },
	{ "deployment-model", "実装形態", "Deployment model",
	  "パブリッククラウド、プライベートクラウド、コミュニティクラウド、"
	  "ハイブリッドクラウド。",
	  "Public, private, community or hybrid." },
	{ "regions", "データの所在地域", "Regions",
	  "サービスが稼働しデータを保管する地域。",
	  "Where the service runs and keeps data." },
	{ "validity", "有効期間", "Validity",
	  "記録が有効な期間。制度の規則（★3は1年、★4は3年、監査は制度ごと）から計算され、手入力されない。日付は日本時間。",
	  "When a record is current, computed from the scheme's rule (★3: "
	  "one year, ★4: three years, audits: per scheme), never typed in; "
	  "days in Japan time." },
	{ "registered", "登録日時", "Registered",
	  "透明性ログが記録を取り込んだ時刻。署名者の認定はこの時刻で判断する。",
	  "When the transparency log integrated the record; signers' "
	  "accreditation is judged at this time." },
	{ "log-index", "ログ番号", "Log index",
	  "透明性ログの中の記録の位置。登録の順番を表す。",
	  "The record's position in the transparency log: the order of "
	  "registration." },
	{ "checkpoint", "チェックポイント", "Checkpoint",
	  "ログ全体のハッシュに登録機関のログ鍵で署名したもの。過去の書き換えを検出できる。",
	  "The hash of the whole log signed with the registry's log key; it "
	  "exposes any rewritten history." },
	{ "inclusion-proof", "包含証明", "Inclusion proof",
	  "ある記録が署名付きチェックポイントのログに含まれることを示すハッシュの列。",
	  "The hashes that show a record is in the log a signed checkpoint "
	  "covers." },
	{ "signer", "署名者", "Signer",
	  "記録に署名した人。役割と鍵IDが記録の中で申告され、登録機関の認定が必要。",
	  "A person who signed a record; the role and key id are declared in "
	  "the record, and an accreditation by the operator is needed." },
	{ "accreditation", "認定", "Accreditation",
	  "登録機関が署名者の鍵・役割・対象制度・資格・有効期間を認める記録。",
	  "The operator's record accepting a signer's key, roles, schemes, "
	  "qualifications and validity." },
	{ "built-on", "基盤としているサービス", "Built on",
	  "このサービスが利用する登録済みサービス。基盤が登録抹消されると、このサービスも登録抹消となる。",
	  "Registered services this one runs on; when one is delisted, this "
	  "one is delisted too." },
	{ "supersedes", "置き換え", "Supersedes",
	  "更新（再監査など）により以前の記録を置き換えること。",
	  "A renewal (such as a new audit) replacing an earlier record." },
	{ "soc3", "公開用要約（SOC 3 型）", "Public summary (SOC 3-style)",
	  "監査人の意見、経営者の言明、システムの概要など、公開できる部分だけをまとめたもの。詳細な試験結果は含まない。",
	  "The publishable part of an audit: the auditor's opinion, "
	  "management's assertion and the system; no detailed test results." },
	{ "disclosure", "公開情報", "Public disclosures",
	  "制度が公開を求める項目（データの所在、準拠法・管轄裁判所など）。",
	  "What a scheme requires to be public (data location, governing law "
	  "and jurisdiction, and so on)." },
	{ "scs-result", "適合・改善要・対象外", "Conformant, needs improvement, not applicable",
	  "★評価の要求事項ごとの専門家の評価結果。要求事項は、その評価基準をすべて満たすときだけ適合。",
	  "The expert's result per requirement of a ★ assessment; a "
	  "requirement is conformant only if all its criteria are met." },
};

static const struct term statuses[] = {
	{ "status-active", "有効", "Active",
	  "登録され、有効期間内で、取消し等がなく、基盤サービスもすべて有効。",
	  "Registered, within its validity, not revoked, and every service it "
	  "is built on is active." },
	{ "status-revoked", "取消し", "Revoked",
	  "登録機関が登録を取り消した。復帰はない。",
	  "The operator revoked it; there is no reinstatement." },
	{ "status-suspended", "一時停止", "Suspended",
	  "登録機関が一時的に停止した。復帰の記録で元に戻る。",
	  "The operator suspended it; a reinstatement lifts it." },
	{ "status-withdrawn", "取下げ", "Withdrawn",
	  "申請者または登録機関が取り下げた。",
	  "The applicant or the operator withdrew it." },
	{ "status-superseded", "更新済み（置き換え）", "Superseded",
	  "新しい記録に置き換えられた。", "A newer record replaced it." },
	{ "status-expired", "有効期限切れ", "Expired",
	  "有効期間が終了した。", "Its validity window has ended." },
	{ "status-not-yet-valid", "有効期間前", "Not yet valid",
	  "有効期間がまだ始まっていない。", "Its validity window has not begun." },
	{ "status-delisted", "登録抹消", "Delisted",
	  "登録機関が登録を抹消した、または基盤としているサービスが有効でなくなった。",
	  "The operator delisted it, or a service it is built on is no "
	  "longer active." },
	{ "status-recorded", "記録済み", "Recorded",
	  "状態の記録やトラストルートのように、それ自体は状態を持たない記録。",
	  "A record without a status of its own, such as a status record or "
	  "a trust root." },
};

static const struct term action_terms[] = {
	{ "action-revoke", "取消し", "revoke", "登録を取り消す。", "Revokes a record." },
	{ "action-suspend", "一時停止", "suspend", "登録を一時停止する。",
	  "Suspends a record." },
	{ "action-reinstate", "復帰", "reinstate",
	  "一時停止または登録抹消を解く（取消しは解かない）。",
	  "Lifts a suspension or delisting (never a revocation)." },
	{ "action-withdraw", "取下げ", "withdraw", "登録を取り下げる。",
	  "Withdraws a record." },
	{ "action-supersede", "置き換え", "supersede",
	  "記録を新しい記録で置き換える。", "Replaces a record by a newer one." },
	{ "action-correct", "訂正", "correct", "記録の項目を訂正する。",
	  "Corrects a field of a record." },
	{ "action-delist", "登録抹消", "delist", "登録を抹消する。",
	  "Delists a record." },
	{ "action-renewal-pending", "更新申請", "renewal-pending",
	  "有効期間内に更新が申請されたことを記録する。制度が認める場合、更新の審査中は"
	  "有効期間の終了後も有効。",
	  "Records a renewal applied for in time; where the scheme says so, "
	  "the registration stays in force past its end meanwhile." },
	{ "action-corrective-demand", "是正要求", "corrective-demand",
	  "期限を区切って是正処置を求める。期限内に是正されなければ登録取消しの対象。",
	  "Demands a correction by a deadline; one not made in time may be "
	  "followed by revocation." },
	{ "action-corrective-closed", "是正の完了", "corrective-closed",
	  "是正要求に対する是正を確認し、要求を閉じる。",
	  "Closes a corrective demand once the correction was made." },
	{ "action-surveillance", "サーベイランス", "surveillance",
	  "定期・臨時・無作為抽出のサーベイランスとその結果を記録する。",
	  "Records a surveillance (periodic, extraordinary or by random "
	  "selection) and its result." },
};

static const struct term role_terms[] = {
	{ "role-auditor", "監査人", "auditor",
	  "監査報告書（★4 では評価）に署名する、登録機関に選定された監査法人の監査人。",
	  "Signs audit reports (evaluations for ★4); belongs to an audit firm "
	  "the operator selected." },
	{ "role-expert", "セキュリティ専門家", "expert",
	  "★3 の自己評価を確認し、同意した内容に署名する。",
	  "Confirms a ★3 self-assessment and signs what they agree with." },
	{ "role-management", "経営者", "management",
	  "経営者の言明または自己適合宣言に署名する。",
	  "Signs management's assertion or self-conformity declaration." },
	{ "role-operator", "登録機関（運営者）", "operator",
	  "署名者を認定し、記録を登録し、状態の記録に署名する。",
	  "Accredits signers, registers records and signs status records." },
};

static void
terms(struct page *p, const char *id, enum site_msg title,
    const struct term *t, size_t n)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	int ja = strcmp(l, "ja") == 0;

	out_rawf(o, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id, id);
	out_text(o, L(l, title));
	out_raw(o, "</h2>\n<div class=\"table-wrap\">\n<table class=\"glossary\">"
	    "\n<thead><tr><th scope=\"col\">");
	out_text(o, L(l, M_TERM_JA));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_TERM_EN));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_MEANING));
	out_raw(o, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		out_raw(o, "<tr id=\"");
		out_attr(o, t[i].id);
		out_raw(o, "\"><th scope=\"row\" lang=\"ja\">");
		out_text(o, t[i].ja);
		out_raw(o, "</th><td lang=\"en\">");
		out_text(o, t[i].en);
		out_raw(o, "</td><td>");
		out_text(o, ja ? t[i].mja : t[i].men);
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n</div>\n</section>\n");
}

static int
glossary(struct site *s, const char *lang)
{
	struct page p;

	page_open(&p, s, lang, "glossary.html");
	page_head(&p, L(lang, M_GLOSSARY), SEC_GLOSSARY, 0);
	out_raw(&p.o, "<p class=\"lead\">");
	out_text(&p.o, L(lang, M_GLOSSARY_INTRO));
	out_raw(&p.o, "</p>\n");
	terms(&p, "fields", M_FIELDS, fields, sizeof(fields) / sizeof(*fields));
	terms(&p, "statuses", M_STATUS_WORDS, statuses,
	    sizeof(statuses) / sizeof(*statuses));
	terms(&p, "actions", M_ACTIONS, action_terms,
	    sizeof(action_terms) / sizeof(*action_terms));
	terms(&p, "roles", M_ROLE_WORDS, role_terms,
	    sizeof(role_terms) / sizeof(*role_terms));
	return page_close(&p);
}

/* --- JavaScript pages -------------------------------------------------- */

/* The words site.js and verify.js write, as JSON in a script element. */
void
p_labels(struct page *p)
{
	static const struct {
		const char *key;
		enum site_msg m;
	} keys[] = {
		{ "regNumber", M_REG_NUMBER }, { "org", M_ORG }, { "svc", M_SVC },
		{ "scheme", M_SCHEME_LEVEL }, { "status", M_STATUS },
		{ "validity", M_VALIDITY }, { "assessor", M_ASSESSOR },
		{ "registered", M_REGISTERED }, { "results", M_RESULTS },
		{ "none", M_NONE }, { "location", M_CMP_LOCATION },
		{ "law", M_CMP_LAW }, { "sla", M_CMP_SLA }, { "who", M_CMP_WHO },
		{ "until", M_CMP_UNTIL }, { "model", M_MODEL },
		{ "deploy", M_DEPLOY }, { "notGiven", M_NOT_GIVEN },
		{ "add", M_CMP_ADD }, { "tooMany", M_CMP_TOO_MANY },
		{ "disclosures", M_CMP_DISCLOSURES }, { "record", M_RECORD },
		{ "orgs", M_ORGS }, { "svcs", M_SVCS },
		{ "ok", M_VERIFIED_OK }, { "bad", M_VERIFIED_BAD },
		{ "role", M_ROLE }, { "keyid", M_KEYID },
		{ "recordId", M_RECORD_ID }, { "firm", M_FIRM },
		{ "selectCompare", M_SELECT_COMPARE },
		{ "searchLabel", M_SEARCH_LABEL }, { "sortBy", M_SORT_BY },
		{ "searchShort", M_SEARCH_SHORT },
		{ "searchFirst", M_SEARCH_FIRST },
		{ "searchFailed", M_SEARCH_FAILED },
		{ "any", M_ANY }, { "clear", M_CLEAR }, { "expires", M_EXPIRES },
		{ "search", M_SEARCH_RESULTS },
		{ "cmpPick", M_CMP_PICK }, { "verifyTitle", M_VERIFY },
		{ "vFile", M_VERIFY_FILE }, { "vPaste", M_VERIFY_PASTE },
		{ "vButton", M_VERIFY_BUTTON }, { "vFull", M_VERIFY_FULL },
	};
	static const enum reg_state st[] = { REG_ACTIVE, REG_REVOKED,
		REG_SUSPENDED, REG_WITHDRAWN, REG_SUPERSEDED, REG_EXPIRED,
		REG_NOT_YET_VALID, REG_DELISTED };
	cJSON *j = cJSON_CreateObject(), *states, *roles;
	struct buf b = BUF_INIT(1 << 20);

	if (j == NULL) {
		p->o.rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cJSON_AddStringToObject(j, keys[i].key, L(p->lang, keys[i].m));
	states = cJSON_AddObjectToObject(j, "states");
	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		cJSON_AddStringToObject(states, reg_state_name(st[i]),
		    word_state(p->lang, (int)st[i]));
	cJSON_AddStringToObject(states, "recorded", word_state(p->lang, -1));
	{
		static const char *const dm[] = { "public", "private",
			"community", "hybrid", NULL };
		/* Not "deploy": that key is the row's heading. */
		cJSON *d = cJSON_AddObjectToObject(j, "deployWords");
		for (size_t i = 0; dm[i]; i++)
			cJSON_AddStringToObject(d, dm[i], word_deploy(p->lang, dm[i]));
	}
	cJSON_AddStringToObject(j, "remove", strcmp(p->lang, "ja") == 0 ?
	    "比較から外す" : "Remove from the comparison");
	roles = cJSON_AddObjectToObject(j, "roles");
	for (const char *const *r = record_roles; r && *r; r++)
		cJSON_AddStringToObject(roles, *r, word_role(p->lang, *r));
	if (json_canon(&b, j) != 0) {
		p->o.rc = INK_EINPUT;
	} else {
		out_raw(&p->o, "<script type=\"application/json\" "
		    "id=\"site-labels\">");
		out_json_script(&p->o, buf_str(&b));
		out_raw(&p->o, "</script>\n");
	}
	buf_release(&b);
	cJSON_Delete(j);
}

static void
app_attrs(struct page *p)
{
	out_rawf(&p->o, " data-lang=\"%s\" data-lroot=\"", p->lang);
	out_attr(&p->o, p->lroot);
	out_raw(&p->o, "\" data-root=\"");
	out_attr(&p->o, p->root);
	out_raw(&p->o, "\"");
}

/* The checklist tables of the audit schemes and levels: the way to
 * compare services without JavaScript. */
static void
cmp_links(struct page *p)
{
	struct site *s = p->s;
	struct out *o = &p->o;
	const char *lang = p->lang;
	const struct s_view **vs = calloc(s->m.nviews + 1, sizeof(*vs));
	size_t nv = 0;

	if (vs == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	for (size_t i = 0; i < s->m.nviews; i++)
		vs[nv++] = &s->m.views[i];
	qsort(vs, nv, sizeof(*vs), view_cmp);
	out_raw(o, "<ul>\n");
	for (size_t i = 0; i < nv; i++) {
		const struct s_view *v = vs[i];
		const char *t = json_get_str(s_scheme(&s->m, v->scheme),
		    "predicate_type");
		char title[600];
		if ((v->facet != SF_SCHEME && v->facet != SF_LEVEL) ||
		    v->status >= 0 || t == NULL ||
		    strcmp(t, KIND_AUDIT_TYPE) != 0)
			continue;
		snprintf(title, sizeof(title), "%s", s_scheme_name(&s->m,
		    v->scheme, lang));
		if (v->facet == SF_LEVEL) {
			struct s_rec fake;
			memset(&fake, 0, sizeof(fake));
			fake.kind = SK_AUDIT;
			fake.scheme = v->scheme;
			fake.level = v->value;
			snprintf(title + strlen(title), sizeof(title) -
			    strlen(title), " %s", s_level_name(&s->m, &fake, lang));
		}
		out_raw(o, "<li><a ");
		p_href(p, "list/cmp-%s.html", v->id);
		out_raw(o, ">");
		out_text(o, title);
		out_raw(o, "</a></li>\n");
	}
	out_raw(o, "</ul>\n");
	free(vs);
}

static int
compare(struct site *s, const char *lang)
{
	struct page p;
	struct out *o = &p.o;

	page_open(&p, s, lang, "compare.html");
	page_head(&p, L(lang, M_CMP_TITLE), SEC_COMPARE, 1);
	p_labels(&p);
	out_raw(o, "<p class=\"lead\">");
	out_text(o, L(lang, M_CMP_INTRO));
	out_raw(o, "</p>\n<section id=\"compare-app\" class=\"instant\" hidden "
	    "aria-labelledby=\"cmp-h\"");
	app_attrs(&p);
	out_raw(o, "></section>\n<section aria-labelledby=\"cmp-nojs\">\n"
	    "<h2 id=\"cmp-nojs\">");
	out_text(o, L(lang, M_CMP_TABLE_TITLE));
	out_raw(o, "</h2>\n<p>");
	out_text(o, L(lang, M_CMP_NOJS));
	out_raw(o, "</p>\n");
	cmp_links(&p);
	out_raw(o, "</section>\n");
	return page_close(&p);
}

static int
search(struct site *s, const char *lang)
{
	struct page p;
	struct out *o = &p.o;
	struct s_named *v;
	size_t n = s->m.norgs;
	int with_svcs;

	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *nm = s_pick(s->m.orgs[i].name, lang);
		v[i].name = nm ? nm : "";
		v[i].ix = i;
	}
	qsort(v, n, sizeof(*v), s_named_cmp);
	page_open(&p, s, lang, "search.html");
	page_head(&p, L(lang, M_SEARCH_TITLE), SEC_SEARCH, 1);
	p_labels(&p);
	out_raw(o, "<form class=\"search-big\" role=\"search\" method=\"get\" "
	    "action=\"search.html\">\n<p><label for=\"q2\">");
	out_text(o, L(lang, M_SEARCH_LABEL));
	out_raw(o, "</label>\n<input id=\"q2\" name=\"q\" type=\"search\" "
	    "autocomplete=\"off\">\n<button type=\"submit\">");
	out_text(o, L(lang, M_SEARCH));
	out_raw(o, "</button></p>\n</form>\n<section id=\"search-app\" "
	    "class=\"instant\" hidden aria-labelledby=\"sr-h\"");
	app_attrs(&p);
	out_raw(o, "></section>\n<section id=\"search-all\" "
	    "aria-labelledby=\"all-h\">\n<h2 id=\"all-h\">");
	out_text(o, L(lang, M_INDEX_OF_ORGS));
	out_raw(o, "</h2>\n<p class=\"note\" id=\"search-nojs\">");
	with_svcs = s->m.nsvcs <= SITE_NOJS_MAX;
	out_text(o, L(lang, with_svcs ? M_SEARCH_NOJS : M_SEARCH_NOJS_BIG));
	out_raw(o, "</p>\n<ul class=\"index\">\n");
	/* Without JavaScript this page is the search: every organisation
	 * with its services, while that is a page a phone can load; past
	 * SITE_NOJS_MAX services, the organisations alone, their pages
	 * listing the services (and the service index, paged, all). */
	for (size_t i = 0; i < n; i++) {
		const struct s_org *g = &s->m.orgs[v[i].ix];
		out_raw(o, "<li>");
		p_org_link(&p, v[i].ix);
		if (g->sn && with_svcs) {
			out_raw(o, "<ul>\n");
			for (size_t k = 0; k < g->sn; k++) {
				out_raw(o, "<li>");
				p_svc_link(&p, s->m.org_svcs[g->sfirst + k]);
				out_raw(o, "</li>\n");
			}
			out_raw(o, "</ul>");
		}
		out_raw(o, "</li>\n");
	}
	out_raw(o, "</ul>\n");
	if (!with_svcs) {
		out_raw(o, "<p><a ");
		p_href(&p, "svc/index.html");
		out_raw(o, ">");
		out_text(o, L(lang, M_INDEX_OF_SVCS));
		out_raw(o, "</a></p>\n");
	}
	out_raw(o, "</section>\n");
	free(v);
	return page_close(&p);
}

/* The log's verifier key, the root's witnesses and their quorum, which
 * verify.html trusts as it trusts the signers' keys it carries: with
 * them it checks log/checkpoint and its cosignatures (docs/FORMAT.md
 * 9.4). */
static int
log_data(struct site *s, struct out *o)
{
	const struct s_model *m = &s->m;
	struct buf b = BUF_INIT(SITE_MAX_FILE);
	cJSON *j = cJSON_CreateObject(), *a;
	int rc;

	cJSON_AddStringToObject(j, "vkey", m->vkey);
	a = cJSON_AddArrayToObject(j, "witnesses");
	for (size_t i = 0; i < m->nwit; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(m->wvkeys[i]));
	cJSON_AddNumberToObject(j, "quorum", m->wquorum);
	if ((rc = json_canon(&b, j)) == 0) {
		out_raw(o, "<script type=\"application/json\" id=\"log-data\">");
		out_json_script(o, buf_str(&b));
		out_raw(o, "</script>\n");
	}
	cJSON_Delete(j);
	buf_release(&b);
	return rc;
}

static int
verify(struct site *s, const char *lang)
{
	struct page p;
	struct out *o = &p.o;
	struct buf sj = BUF_INIT(SITE_MAX_FILE);
	int rc;

	if ((rc = site_signers_json(s, &sj)) != 0)
		return rc;
	page_open(&p, s, lang, "verify.html");
	page_head(&p, L(lang, M_VERIFY_TITLE), SEC_VERIFY, 0);
	p_labels(&p);
	out_raw(o, "<script type=\"application/json\" id=\"signers-data\">");
	out_json_script(o, buf_str(&sj));
	out_raw(o, "</script>\n");
	if ((rc = log_data(s, o)) != 0) {
		buf_release(&sj);
		return rc;
	}
	out_raw(o, "<script ");
	out_raw(o, "src=\"");
	out_url(o, p.root);
	out_raw(o, "assets/verify.js\" defer></script>\n<p class=\"lead\">");
	out_text(o, L(lang, M_VERIFY_INTRO));
	out_raw(o, "</p>\n<section id=\"verify-app\" class=\"instant\" hidden "
	    "aria-labelledby=\"v-h\"");
	app_attrs(&p);
	out_raw(o, "></section>\n<section id=\"verify-nojs\" "
	    "aria-labelledby=\"vn-h\">\n<h2 id=\"vn-h\">");
	out_text(o, L(lang, M_VERIFY_YOURSELF));
	out_raw(o, "</h2>\n<p id=\"verify-nojs-note\">");
	out_text(o, L(lang, M_VERIFY_NOJS));
	out_raw(o, "</p>\n<pre><code>inkan verify RECORD.dsse.json --registry "
	    "registry</code></pre>\n</section>\n");
	buf_release(&sj);
	return page_close(&p);
}

int
pages_misc(struct site *s)
{
	static const char *const langs[] = { "ja", "en" };
	int rc;

	if ((rc = root_index(s)) != 0)
		return rc;
	for (int k = 0; k < 2; k++) {
		const char *l = langs[k];
		if ((rc = home(s, l)) != 0 || (rc = revocations(s, l)) != 0 ||
		    (rc = glossary(s, l)) != 0 || (rc = compare(s, l)) != 0 ||
		    (rc = search(s, l)) != 0 || (rc = verify(s, l)) != 0)
			return rc;
	}
	return 0;
}
