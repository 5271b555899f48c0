/*
 * The SOC 3-style public summary of an audit-report record.
 *
 * The record is first turned into a model (the JSON form of the summary:
 * every text resolved to one language, every id given its name from the
 * scheme and the catalogue), and Markdown and HTML are views of that
 * model, so the three formats cannot say different things.  Only members
 * named here are taken from the record: nothing else of the predicate
 * (in particular controls_covered and disclosure_digests, beyond their
 * count) reaches the output.
 *
 * Escaping: values go through core/escape.h (esc_html for text and
 * attribute values alike, esc_md for Markdown); Markdown written by
 * people goes through libcmark in safe mode (core/markdown.h: links
 * only to http, https, mailto or relative targets, others become their
 * text), with headings moved below the summary's own and, for Markdown
 * output, raw HTML turned into text; plain values in Markdown output are
 * backslash-escaped, and the whole is escaped for a terminal
 * (core/textout.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/markdown.h"
#include "core/record.h"
#include "core/textout.h"
#include "core/timefmt.h"
#include "kinds/audit.h"
#include "summary/summary.h"

#define JST_OFFSET (9 * 3600)

struct label {
	const char *key, *ja, *en;
};

static const struct label labels[] = {
	{ "title", "公開用サマリー（SOC 3 型）", "SOC 3-style summary" },
	{ "unverified", "この要約は記録だけから作成したもので、署名は検証して"
	  "いない。記録が本物で有効かどうかは、監査人と経営者の公開鍵を使って "
	  "inkan verify で確かめること。",
	  "This summary is rendered from the record alone: its signatures "
	  "have NOT been verified. To check that the record is genuine and "
	  "valid, use inkan verify with the auditor's and management's "
	  "public keys." },
	{ "verify_with", "inkan verify 記録.dsse.json --key 監査人.pub --key "
	  "経営者.pub", "inkan verify RECORD.dsse.json --key AUDITOR.pub "
	  "--key MANAGEMENT.pub" },
	{ "opinion", "経営者の言明に対する監査人の意見",
	  "Independent auditor's opinion on management's assertion" },
	{ "assertion", "経営者の言明", "Management's assertion" },
	{ "system", "システムの概要と範囲", "System description and boundaries" },
	{ "commitments", "主要なサービスコミットメントとシステム要件",
	  "Principal service commitments and system requirements" },
	{ "criteria", "規準と対象カテゴリー", "Criteria and categories covered" },
	{ "period", "対象期間と有効期間", "Period and validity" },
	{ "disclosures", "制度が求める公開情報",
	  "Disclosures required by the scheme" },
	{ "related", "関連する記録", "Related records" },
	{ "signers", "署名者", "Signers" },
	{ "record", "記録", "Record" },
	{ "scheme", "制度", "Scheme" },
	{ "level", "レベル", "Level" },
	{ "audit_type", "監査の種類", "Audit type" },
	{ "service_category", "サービス区分", "Service category" },
	{ "opinion_value", "意見", "Opinion" },
	{ "opinion_kind", "業務の種類", "Engagement" },
	{ "engagement_standard", "準拠した基準", "Engagement standard" },
	{ "report_type", "報告書の種類", "Report type" },
	{ "audit_firm", "監査主体", "Audit firm" },
	{ "selection_id", "選定番号", "Selection id" },
	{ "report_date", "報告書日付", "Report date" },
	{ "basis", "意見の根拠", "Basis for the opinion" },
	{ "organisation", "事業者", "Organisation" },
	{ "corporate_number", "法人番号", "Corporate number" },
	{ "service", "サービス", "Service" },
	{ "service_id", "サービスID", "Service id" },
	{ "models", "サービスモデルと責任範囲",
	  "Service models and responsibility" },
	{ "deployment_models", "配備モデル", "Deployment models" },
	{ "regions", "地域", "Regions" },
	{ "scope", "対象範囲", "Scope" },
	{ "boundaries", "システムの境界", "System boundaries" },
	{ "subservice", "サブサービス組織", "Subservice organisations" },
	{ "framework", "規準", "Framework" },
	{ "catalog", "カタログ", "Catalogue" },
	{ "version", "版", "version" },
	{ "categories", "対象カテゴリー", "Categories covered" },
	{ "controls", "対象の統制", "Controls in scope" },
	{ "confidential", "統制のテスト手続とその結果は、この要約にも公開の記録に"
	  "も含まれない。記録はそれらをソルト付きダイジェストとして結び付けてお"
	  "り、提供者は秘密保持契約の下で個別に開示できる（inkan disclose、"
	  "inkan verify --disclosure）。",
	  "The tests of controls and their results are in neither this "
	  "summary nor the public record. The record binds them by salted "
	  "digests; the provider may disclose chosen items under a "
	  "non-disclosure agreement (inkan disclose, inkan verify "
	  "--disclosure)." },
	{ "as_of_date", "基準日", "As of" },
	{ "period_range", "対象期間", "Period" },
	{ "registration_date", "登録日", "Registration date" },
	{ "update_date", "更新日", "Update date" },
	{ "validity", "有効期間（日本時間）", "Valid (Japan time)" },
	{ "until", "まで", "until" },
	{ "built_on", "基盤として利用するサービスの記録",
	  "Records of services it is built on" },
	{ "supersedes", "置き換える記録", "Supersedes" },
	{ "role", "役割", "Role" },
	{ "name", "氏名", "Name" },
	{ "signer_org", "所属", "Organisation" },
	{ "keyid", "鍵ID", "Key id" },
	{ "none", "なし", "none" },
	{ "unmodified", "無限定意見", "Unmodified opinion" },
	{ "qualified", "限定付意見", "Qualified opinion" },
	{ "adverse", "否定的意見", "Adverse opinion" },
	{ "disclaimer", "意見不表明", "Disclaimer of opinion" },
	{ "assurance", "保証業務", "Assurance engagement" },
	{ "advisory", "助言型業務", "Advisory engagement" },
	{ "agreed-upon-procedures", "合意された手続業務",
	  "Agreed-upon procedures" },
	{ "type1", "タイプ1（一時点における統制の整備状況）",
	  "Type 1 (design of controls at a point in time)" },
	{ "type2", "タイプ2（期間における統制の運用状況）",
	  "Type 2 (operating effectiveness over a period)" },
	{ "other", "その他", "Other" },
	{ "carve-out", "除外方式", "carve-out method" },
	{ "inclusive", "包含方式", "inclusive method" },
	{ "auditor", "監査人", "Auditor" },
	{ "management", "経営者", "Management" },
	{ "expert", "セキュリティ専門家", "Security expert" },
	{ "operator", "登録機関", "Operator" },
	{ "opinion_none", "意見の表明なし", "No opinion expressed" },
	{ NULL, NULL, NULL }
};

#define NLABELS (sizeof(labels) / sizeof(labels[0]) - 1)

/* labels by key, sorted once: L is called a few hundred times a page */
static const struct label *sorted[NLABELS];
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static int
label_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct label *const *)a)->key,
	    (*(const struct label *const *)b)->key);
}

static void
sort_labels(void)
{
	for (size_t i = 0; i < NLABELS; i++)
		sorted[i] = &labels[i];
	qsort(sorted, NLABELS, sizeof(sorted[0]), label_cmp);
}

static const char *
L(const char *lang, const char *key)
{
	struct label k = { key, NULL, NULL };
	const struct label *kp = &k, *const *hit;

	pthread_once(&sorted_once, sort_labels);
	hit = bsearch(&kp, sorted, NLABELS, sizeof(sorted[0]), label_cmp);
	if (hit == NULL)
		return key;
	return strcmp(lang, "ja") == 0 ? (*hit)->ja : (*hit)->en;
}

int
summary_format_parse(enum summary_format *out, const char *s)
{
	if (strcmp(s, "md") == 0)
		*out = SUMMARY_MD;
	else if (strcmp(s, "html") == 0)
		*out = SUMMARY_HTML;
	else if (strcmp(s, "json") == 0)
		*out = SUMMARY_JSON;
	else
		return ink_error(INK_EINPUT, "unknown format '%s' (md, html or "
		    "json)", s);
	return 0;
}

/* Adds a string member when s is not NULL. */
static void
put(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
}

/* The localised name ({ja,en}) of the element of arr whose id is id. */
static const char *
name_of(const cJSON *arr, const char *id, const char *member,
    const char *lang)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, arr)
		if (id && json_get_str(c, "id") &&
		    strcmp(json_get_str(c, "id"), id) == 0)
			return audit_text(json_get(c, member), lang);
	return NULL;
}

static void
model_scheme(cJSON *m, const cJSON *pred, const cJSON *scheme,
    const char *lang)
{
	const char *level = json_get_str(pred, "level");
	const char *type = json_get_str(pred, "audit_type");
	const cJSON *sc = json_get(pred, "service_category"), *o;
	cJSON *s = cJSON_AddObjectToObject(m, "scheme");

	put(s, "id", json_get_str(pred, "scheme"));
	put(s, "name", audit_text(json_get(scheme, "name"), lang));
	put(s, "level", level);
	if (level)
		put(s, "level_name", audit_text(json_get(json_get(scheme,
		    "level_names"), level), lang));
	put(s, "audit_type", type);
	put(s, "audit_type_name", name_of(json_get(scheme, "audit_types"),
	    type, "name", lang));
	if (sc) {
		const char *id = json_get_str(sc, "id");
		const cJSON *cat = NULL, *c;
		cJSON *x = cJSON_AddObjectToObject(m, "service_category");
		cJSON *opts;
		cJSON_ArrayForEach(c, json_get(scheme, "categories"))
			if (strcmp(json_get_str(c, "id"), id) == 0)
				cat = c;
		put(x, "id", id);
		put(x, "name", audit_text(json_get(cat, "name"), lang));
		opts = cJSON_AddArrayToObject(x, "options");
		cJSON_ArrayForEach(o, json_get(sc, "options")) {
			cJSON *y = cJSON_CreateObject();
			put(y, "id", o->valuestring);
			put(y, "name", name_of(json_get(cat, "options"),
			    o->valuestring, "name", lang));
			cJSON_AddItemToArray(opts, y);
		}
	}
}

static void
model_opinion(cJSON *m, const cJSON *pred, const char *lang)
{
	cJSON *o = cJSON_AddObjectToObject(m, "opinion");
	const char *op = json_get_str(pred, "opinion");
	const char *kind = json_get_str(pred, "opinion_kind");
	const char *rt = json_get_str(pred, "report_type");
	const cJSON *firm = json_get(pred, "audit_firm");

	put(o, "opinion", op);
	put(o, "opinion_label", L(lang, strcmp(op, "none") == 0 ?
	    "opinion_none" : op));
	put(o, "kind", kind);
	put(o, "kind_label", L(lang, kind));
	put(o, "basis", audit_text(json_get(pred, "opinion_basis"), lang));
	put(o, "engagement_standard", json_get_str(pred,
	    "engagement_standard"));
	put(o, "report_type", rt);
	put(o, "report_type_label", L(lang, rt));
	put(o, "audit_firm", audit_text(json_get(firm, "name"), lang));
	put(o, "selection_id", json_get_str(firm, "selection_id"));
	put(o, "report_date", json_get_str(pred, "report_date"));
}

static void
model_system(cJSON *m, const cJSON *pred, const char *lang)
{
	const cJSON *org = json_get(pred, "organisation");
	const cJSON *svc = json_get(pred, "service"), *c;
	cJSON *s = cJSON_AddObjectToObject(m, "system"), *a;

	put(s, "organisation", audit_text(json_get(org, "name"), lang));
	put(s, "corporate_number", json_get_str(org, "corporate_number"));
	put(s, "service", audit_text(json_get(svc, "name"), lang));
	put(s, "service_id", json_get_str(svc, "id"));
	a = cJSON_AddArrayToObject(s, "models");
	cJSON_ArrayForEach(c, json_get(svc, "models")) {
		cJSON *x = cJSON_CreateObject();
		put(x, "model", json_get_str(c, "model"));
		put(x, "responsibility", audit_text(json_get(c,
		    "responsibility"), lang));
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddItemToObject(s, "deployment_models", json_get(svc,
	    "deployment_models") ? cJSON_Duplicate(json_get(svc,
	    "deployment_models"), 1) : cJSON_CreateArray());
	cJSON_AddItemToObject(s, "regions", json_get(svc, "regions") ?
	    cJSON_Duplicate(json_get(svc, "regions"), 1) :
	    cJSON_CreateArray());
	put(s, "scope_summary", audit_text(json_get(pred, "scope_summary"),
	    lang));
	put(s, "system_boundaries", audit_text(json_get(pred,
	    "system_boundaries"), lang));
	a = cJSON_AddArrayToObject(s, "subservice_organisations");
	cJSON_ArrayForEach(c, json_get(pred, "subservice_organisations")) {
		cJSON *x = cJSON_CreateObject();
		put(x, "name", audit_text(json_get(c, "name"), lang));
		put(x, "method", json_get_str(c, "method"));
		put(x, "method_label", L(lang, json_get_str(c, "method")));
		put(x, "services", audit_text(json_get(c, "services"), lang));
		cJSON_AddItemToArray(a, x);
	}
}

static void
model_criteria(cJSON *m, const cJSON *pred, const cJSON *catalog,
    const char *lang)
{
	const cJSON *cr = json_get(pred, "criteria"), *c;
	cJSON *x = cJSON_AddObjectToObject(m, "criteria"), *a;

	put(x, "framework", json_get_str(cr, "framework"));
	put(x, "catalog", json_get_str(cr, "catalog"));
	put(x, "catalog_version", json_get_str(cr, "catalog_version"));
	a = cJSON_AddArrayToObject(x, "categories");
	cJSON_ArrayForEach(c, json_get(cr, "categories")) {
		cJSON *y = cJSON_CreateObject();
		put(y, "id", c->valuestring);
		put(y, "title", name_of(json_get(catalog, "categories"),
		    c->valuestring, "title", lang));
		cJSON_AddItemToArray(a, y);
	}
	cJSON_AddNumberToObject(x, "controls_in_scope",
	    cJSON_GetArraySize(json_get(pred, "controls_covered")));
}

static void
model_period(cJSON *m, const cJSON *pred)
{
	const cJSON *v = json_get(pred, "validity");
	cJSON *p = cJSON_AddObjectToObject(m, "period");
	int64_t nb, na;
	char t[TIME_LEN];

	put(p, "as_of_date", json_get_str(pred, "as_of_date"));
	put(p, "period_start", json_get_str(pred, "period_start"));
	put(p, "period_end", json_get_str(pred, "period_end"));
	put(p, "registration_date", json_get_str(pred, "registration_date"));
	put(p, "update_date", json_get_str(pred, "update_date"));
	if (time_parse(&nb, json_get_str(v, "not_before")) != 0 ||
	    time_parse(&na, json_get_str(v, "not_after")) != 0)
		return;
	put(p, "not_before", json_get_str(v, "not_before"));
	put(p, "not_after", json_get_str(v, "not_after"));
	/* The window in JST days: from the day of not_before to the day
	 * before the one not_after begins. */
	time_format(t, nb + JST_OFFSET);
	t[10] = '\0';
	put(p, "first_day_jst", t);
	time_format(t, na + JST_OFFSET - 1);
	t[10] = '\0';
	put(p, "last_day_jst", t);
}

static void
model_rest(cJSON *m, const cJSON *pred, const cJSON *scheme,
    const char *lang)
{
	const cJSON *pd = json_get(pred, "public_disclosures"), *c;
	cJSON *a = cJSON_AddArrayToObject(m, "public_disclosures");

	/* In the scheme's order, with the scheme's names. */
	cJSON_ArrayForEach(c, json_get(scheme, "required_disclosures")) {
		const char *id = json_get_str(c, "id");
		cJSON *x;
		if (id == NULL || json_get(pd, id) == NULL)
			continue;
		x = cJSON_CreateObject();
		put(x, "id", id);
		put(x, "name", audit_text(json_get(c, "name"), lang));
		put(x, "text", audit_text(json_get(pd, id), lang));
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddItemToObject(m, "built_on", json_get(pred, "built_on") ?
	    cJSON_Duplicate(json_get(pred, "built_on"), 1) :
	    cJSON_CreateArray());
	put(m, "supersedes", json_get_str(pred, "supersedes"));
	a = cJSON_AddArrayToObject(m, "signers");
	cJSON_ArrayForEach(c, json_get(pred, "signers")) {
		cJSON *x = cJSON_CreateObject();
		put(x, "role", json_get_str(c, "role"));
		put(x, "role_label", L(lang, json_get_str(c, "role")));
		put(x, "name", json_get_str(c, "name"));
		put(x, "title", json_get_str(c, "title"));
		put(x, "organisation", json_get_str(c, "organisation"));
		put(x, "qualification", json_get_str(c, "qualification"));
		put(x, "keyid", json_get_str(c, "keyid"));
		cJSON_AddItemToArray(a, x);
	}
}

static cJSON *
summary_model(const cJSON *st, const char *rid, const char *lang,
    const cJSON *scheme, const cJSON *catalog)
{
	const cJSON *pred = json_get(st, "predicate");
	cJSON *m = cJSON_CreateObject();

	if (m == NULL)
		return NULL;
	put(m, "format", SUMMARY_FORMAT);
	put(m, "lang", lang);
	put(m, "record_id", rid);
	put(m, "predicateType", AUDIT_PREDICATE_TYPE);
	cJSON_AddBoolToObject(m, "signatures_verified", 0);
	put(m, "notice", L(lang, "unverified"));
	put(m, "verify_with", L(lang, "verify_with"));
	model_scheme(m, pred, scheme, lang);
	model_opinion(m, pred, lang);
	put(m, "management_assertion", audit_text(json_get(pred,
	    "management_assertion"), lang));
	model_system(m, pred, lang);
	put(m, "principal_commitments", audit_text(json_get(pred,
	    "principal_commitments"), lang));
	model_criteria(m, pred, catalog, lang);
	put(m, "confidential_note", L(lang, "confidential"));
	model_period(m, pred);
	model_rest(m, pred, scheme, lang);
	return m;
}

/* --- Markdown written by people ------------------------------------ */

/* Moves headings down by shift levels (the summary's own are h1 and h2)
 * and, when plain is set, turns raw HTML into text, so that Markdown
 * output is as safe as the HTML (links are filtered by markdown_parse
 * for both).  Changes are collected first: a tree is not edited while it
 * is walked. */
static int
md_clean(cmark_node *doc, int shift, int plain)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **html = NULL, **tmp;
	size_t n = 0, cap = 0;
	cmark_event_type ev;
	int rc = 0;

	if (it == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(node) + shift;
			cmark_node_set_heading_level(node, l > 6 ? 6 : l);
		} else if (plain && (t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_HTML_INLINE)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				if ((tmp = realloc(html, cap *
				    sizeof(*html))) == NULL) {
					rc = ink_error(INK_EINPUT, "out of "
					    "memory");
					goto cleanup;
				}
				html = tmp;
			}
			html[n++] = node;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int block = cmark_node_get_type(html[i]) ==
		    CMARK_NODE_HTML_BLOCK;
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node *para = block ?
		    cmark_node_new(CMARK_NODE_PARAGRAPH) : NULL;
		const char *lit = cmark_node_get_literal(html[i]);
		char *copy = strdup(lit ? lit : "");
		size_t len;
		if (text == NULL || (block && para == NULL) || copy == NULL) {
			free(copy);
			cmark_node_free(text);
			cmark_node_free(para);
			rc = ink_error(INK_EINPUT, "out of memory");
			goto cleanup;
		}
		/* A block's literal ends with its line break. */
		len = strlen(copy);
		while (len > 0 && (copy[len - 1] == '\n' ||
		    copy[len - 1] == '\r'))
			copy[--len] = '\0';
		cmark_node_set_literal(text, copy);
		free(copy);
		if (block)
			cmark_node_append_child(para, text);
		cmark_node_replace(html[i], block ? para : text);
		cmark_node_free(html[i]);
	}
cleanup:
	cmark_iter_free(it);
	free(html);
	return rc;
}

/* Renders people's Markdown as HTML (safe mode) or as normalised
 * Markdown, with its headings at least at level shift + 1. */
static int
md_render(struct buf *out, const char *text, int html, int shift)
{
	cmark_node *doc;
	char *s = NULL;
	int rc;

	if ((rc = markdown_parse(&doc, text)) != 0)
		return rc;
	if ((rc = md_clean(doc, shift, !html)) == 0) {
		s = html ? cmark_render_html(doc, CMARK_OPT_SAFE) :
		    cmark_render_commonmark(doc, CMARK_OPT_SAFE, 0);
		rc = s ? buf_adds(out, s) : ink_error(INK_EINPUT, "out of "
		    "memory");
	}
	free(s);
	cmark_node_free(doc);
	return rc;
}

/* --- Markdown output ----------------------------------------------- */

static int
md_item(struct buf *b, const char *label, const char *value)
{
	if (value == NULL)
		return 0;
	if (buf_addf(b, "- **%s:** ", label) != 0 ||
	    esc_md(b, value, ESC_NL_SPACE) != 0)
		return INK_EINPUT;
	return buf_addc(b, '\n');
}

static int
md_section(struct buf *b, const char *lang, const char *key)
{
	return buf_addf(b, "\n## %s\n\n", L(lang, key));
}

static int
md_text(struct buf *b, const char *text)
{
	if (text == NULL)
		return 0;
	return md_render(b, text, 0, 2);
}

/* The renderers stop at the first failed append (a buffer at its
 * ceiling, or out of memory). */
#define TRY(x) do { if ((rc = (x)) != 0) goto cleanup; } while (0)

static int
render_md(struct buf *b, const cJSON *m, const char *lang)
{
	const cJSON *s = json_get(m, "scheme"), *o = json_get(m, "opinion");
	const cJSON *sys = json_get(m, "system"), *cr = json_get(m,
	    "criteria"), *p = json_get(m, "period"), *c;
	const char *v;
	int rc = 0;

	TRY(buf_addf(b, "# %s: ", L(lang, "title")));
	TRY(esc_md(b, json_get_str(sys, "service"), ESC_NL_SPACE));
	TRY(buf_adds(b, "\n\n> **"));
	TRY(esc_md(b, json_get_str(m, "notice"), ESC_NL_SPACE));
	TRY(buf_adds(b, "**\n> `"));
	TRY(buf_adds(b, json_get_str(m, "verify_with")));
	TRY(buf_adds(b, "`\n\n"));
	TRY(md_item(b, L(lang, "organisation"), json_get_str(sys,
	    "organisation")));
	TRY(md_item(b, L(lang, "scheme"), json_get_str(s, "name")));
	TRY(md_item(b, L(lang, "level"), json_get_str(s, "level_name")));
	TRY(md_item(b, L(lang, "audit_type"), json_get_str(s,
	    "audit_type_name")));
	if ((c = json_get(m, "service_category")) != NULL) {
		const cJSON *x;
		TRY(md_item(b, L(lang, "service_category"), json_get_str(c,
		    "name")));
		cJSON_ArrayForEach(x, json_get(c, "options")) {
			TRY(buf_adds(b, "  - "));
			TRY(esc_md(b, json_get_str(x, "name"), ESC_NL_SPACE));
			TRY(buf_addc(b, '\n'));
		}
	}
	TRY(md_item(b, L(lang, "record"), json_get_str(m, "record_id")));

	TRY(md_section(b, lang, "opinion"));
	TRY(md_item(b, L(lang, "opinion_value"), json_get_str(o,
	    "opinion_label")));
	TRY(md_item(b, L(lang, "opinion_kind"), json_get_str(o,
	    "kind_label")));
	TRY(md_item(b, L(lang, "engagement_standard"), json_get_str(o,
	    "engagement_standard")));
	TRY(md_item(b, L(lang, "report_type"), json_get_str(o,
	    "report_type_label")));
	TRY(md_item(b, L(lang, "audit_firm"), json_get_str(o,
	    "audit_firm")));
	TRY(md_item(b, L(lang, "selection_id"), json_get_str(o,
	    "selection_id")));
	TRY(md_item(b, L(lang, "report_date"), json_get_str(o,
	    "report_date")));
	if ((v = json_get_str(o, "basis")) != NULL) {
		TRY(buf_addf(b, "\n### %s\n\n", L(lang, "basis")));
		TRY(md_text(b, v));
	}

	TRY(md_section(b, lang, "assertion"));
	TRY(md_text(b, json_get_str(m, "management_assertion")));

	TRY(md_section(b, lang, "system"));
	TRY(md_item(b, L(lang, "service"), json_get_str(sys, "service")));
	TRY(md_item(b, L(lang, "service_id"), json_get_str(sys,
	    "service_id")));
	TRY(md_item(b, L(lang, "organisation"), json_get_str(sys,
	    "organisation")));
	TRY(md_item(b, L(lang, "corporate_number"), json_get_str(sys,
	    "corporate_number")));
	if (json_get(sys, "models")->child) {
		TRY(buf_addf(b, "- **%s:**\n", L(lang, "models")));
		cJSON_ArrayForEach(c, json_get(sys, "models")) {
			TRY(buf_adds(b, "  - "));
			TRY(esc_md(b, json_get_str(c, "model"), ESC_NL_SPACE));
			TRY(buf_adds(b, ": "));
			TRY(esc_md(b, json_get_str(c, "responsibility"), ESC_NL_SPACE));
			TRY(buf_addc(b, '\n'));
		}
	}
	for (const char *const *k = (const char *const[]){
	    "deployment_models", "regions", NULL }; *k; k++) {
		if (json_get(sys, *k)->child == NULL)
			continue;
		TRY(buf_addf(b, "- **%s:** ", L(lang, *k)));
		cJSON_ArrayForEach(c, json_get(sys, *k)) {
			TRY(esc_md(b, c->valuestring, ESC_NL_SPACE));
			if (c->next)
				TRY(buf_adds(b, ", "));
		}
		TRY(buf_addc(b, '\n'));
	}
	if (json_get(sys, "subservice_organisations")->child) {
		TRY(buf_addf(b, "- **%s:**\n", L(lang, "subservice")));
		cJSON_ArrayForEach(c, json_get(sys,
		    "subservice_organisations")) {
			TRY(buf_adds(b, "  - "));
			TRY(esc_md(b, json_get_str(c, "name"), ESC_NL_SPACE));
			TRY(buf_adds(b, " ("));
			TRY(esc_md(b, json_get_str(c, "method_label"), ESC_NL_SPACE));
			TRY(buf_adds(b, ")"));
			if (json_get_str(c, "services")) {
				TRY(buf_adds(b, ": "));
				TRY(esc_md(b, json_get_str(c, "services"), ESC_NL_SPACE));
			}
			TRY(buf_addc(b, '\n'));
		}
	}
	TRY(buf_addf(b, "\n### %s\n\n", L(lang, "scope")));
	TRY(md_text(b, json_get_str(sys, "scope_summary")));
	TRY(buf_addf(b, "\n### %s\n\n", L(lang, "boundaries")));
	TRY(md_text(b, json_get_str(sys, "system_boundaries")));

	TRY(md_section(b, lang, "commitments"));
	TRY(md_text(b, json_get_str(m, "principal_commitments")));

	TRY(md_section(b, lang, "criteria"));
	TRY(md_item(b, L(lang, "framework"), json_get_str(cr, "framework")));
	if (json_get_str(cr, "catalog")) {
		TRY(buf_addf(b, "- **%s:** ", L(lang, "catalog")));
		TRY(esc_md(b, json_get_str(cr, "catalog"), ESC_NL_SPACE));
		TRY(buf_addf(b, " (%s ", L(lang, "version")));
		TRY(esc_md(b, json_get_str(cr, "catalog_version"), ESC_NL_SPACE));
		TRY(buf_adds(b, ")\n"));
	}
	if (json_get(cr, "categories")->child) {
		TRY(buf_addf(b, "- **%s:**\n", L(lang, "categories")));
		cJSON_ArrayForEach(c, json_get(cr, "categories")) {
			TRY(buf_adds(b, "  - "));
			TRY(esc_md(b, json_get_str(c, "title") ?
			    json_get_str(c, "title") : json_get_str(c, "id"), ESC_NL_SPACE));
			TRY(buf_adds(b, " (`"));
			TRY(esc_md(b, json_get_str(c, "id"), ESC_NL_SPACE));
			TRY(buf_adds(b, "`)\n"));
		}
	}
	TRY(buf_addf(b, "- **%s:** %d\n\n", L(lang, "controls"),
	    json_get(cr, "controls_in_scope")->valueint));
	TRY(esc_md(b, json_get_str(m, "confidential_note"), ESC_NL_SPACE));
	TRY(buf_addc(b, '\n'));

	TRY(md_section(b, lang, "period"));
	TRY(md_item(b, L(lang, "as_of_date"), json_get_str(p,
	    "as_of_date")));
	if (json_get_str(p, "period_start")) {
		TRY(buf_addf(b, "- **%s:** %s – %s\n", L(lang,
		    "period_range"), json_get_str(p, "period_start"),
		    json_get_str(p, "period_end")));
	}
	TRY(md_item(b, L(lang, "registration_date"), json_get_str(p,
	    "registration_date")));
	TRY(md_item(b, L(lang, "update_date"), json_get_str(p,
	    "update_date")));
	TRY(md_item(b, L(lang, "report_date"), json_get_str(o,
	    "report_date")));
	if (json_get_str(p, "first_day_jst"))
		TRY(buf_addf(b, "- **%s:** %s – %s\n", L(lang, "validity"),
		    json_get_str(p, "first_day_jst"),
		    json_get_str(p, "last_day_jst")));

	if (json_get(m, "public_disclosures")->child) {
		TRY(md_section(b, lang, "disclosures"));
		cJSON_ArrayForEach(c, json_get(m, "public_disclosures")) {
			TRY(buf_adds(b, "\n### "));
			TRY(esc_md(b, json_get_str(c, "name"), ESC_NL_SPACE));
			TRY(buf_adds(b, "\n\n"));
			TRY(md_text(b, json_get_str(c, "text")));
		}
	}

	if (json_get(m, "built_on")->child || json_get_str(m, "supersedes")) {
		TRY(md_section(b, lang, "related"));
		cJSON_ArrayForEach(c, json_get(m, "built_on"))
			TRY(md_item(b, L(lang, "built_on"), c->valuestring));
		TRY(md_item(b, L(lang, "supersedes"), json_get_str(m,
		    "supersedes")));
	}

	TRY(md_section(b, lang, "signers"));
	TRY(buf_addf(b, "| %s | %s | %s | %s |\n|---|---|---|---|\n",
	    L(lang, "role"), L(lang, "name"), L(lang, "signer_org"),
	    L(lang, "keyid")));
	cJSON_ArrayForEach(c, json_get(m, "signers")) {
		TRY(buf_adds(b, "| "));
		TRY(esc_md(b, json_get_str(c, "role_label"), ESC_NL_SPACE));
		TRY(buf_adds(b, " | "));
		TRY(esc_md(b, json_get_str(c, "name"), ESC_NL_SPACE));
		if (json_get_str(c, "title")) {
			TRY(buf_adds(b, ", "));
			TRY(esc_md(b, json_get_str(c, "title"), ESC_NL_SPACE));
		}
		TRY(buf_adds(b, " | "));
		TRY(esc_md(b, json_get_str(c, "organisation"), ESC_NL_SPACE));
		TRY(buf_adds(b, " | `"));
		TRY(esc_md(b, json_get_str(c, "keyid"), ESC_NL_SPACE));
		TRY(buf_adds(b, "` |\n"));
	}
cleanup:
	return rc;
}

/* --- HTML output --------------------------------------------------- */

static int
html_row(struct buf *b, const char *label, const char *value, int date)
{
	int rc;

	if (value == NULL)
		return 0;
	if ((rc = buf_adds(b, "<tr><th scope=\"row\">")) != 0 ||
	    (rc = esc_html(b, label, 0)) != 0 || (rc = buf_adds(b, "</th><td>")))
		return rc;
	if (date && ((rc = buf_adds(b, "<time datetime=\"")) != 0 ||
	    (rc = esc_html(b, value, 0)) != 0 || (rc = buf_adds(b, "\">")) != 0))
		return rc;
	if ((rc = esc_html(b, value, 0)) != 0)
		return rc;
	if (date && (rc = buf_adds(b, "</time>")) != 0)
		return rc;
	return buf_adds(b, "</td></tr>\n");
}

static int
html_section(struct buf *b, const char *lang, const char *key)
{
	return buf_addf(b, "</section>\n<section aria-labelledby=\"%s\">\n"
	    "<h2 id=\"%s\">%s</h2>\n", key, key, L(lang, key));
}

static int
html_md(struct buf *b, const char *text)
{
	int rc;

	if (text == NULL)
		return 0;
	if ((rc = buf_adds(b, "<div class=\"markdown\">\n")) != 0 ||
	    (rc = md_render(b, text, 1, 2)) != 0)
		return rc;
	return buf_adds(b, "</div>\n");
}

static int
html_date(struct buf *b, const char *d)
{
	int rc;

	if ((rc = buf_adds(b, "<time datetime=\"")) != 0 ||
	    (rc = esc_html(b, d, 0)) != 0 || (rc = buf_adds(b, "\">")) != 0 ||
	    (rc = esc_html(b, d, 0)) != 0)
		return rc;
	return buf_adds(b, "</time>");
}

static int
render_html(struct buf *b, const cJSON *m, const char *lang)
{
	const cJSON *s = json_get(m, "scheme"), *o = json_get(m, "opinion");
	const cJSON *sys = json_get(m, "system"), *cr = json_get(m,
	    "criteria"), *p = json_get(m, "period"), *c;
	int rc = 0;

	TRY(buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    strcmp(lang, "ja") == 0 ? "ja" : "en"));
	TRY(esc_html(b, L(lang, "title"), 0));
	TRY(buf_adds(b, ": "));
	TRY(esc_html(b, json_get_str(sys, "service"), 0));
	TRY(buf_adds(b, "</title>\n</head>\n<body>\n<main>\n<h1>"));
	TRY(esc_html(b, L(lang, "title"), 0));
	TRY(buf_adds(b, ": "));
	TRY(esc_html(b, json_get_str(sys, "service"), 0));
	TRY(buf_adds(b, "</h1>\n<p role=\"note\"><strong>"));
	TRY(esc_html(b, json_get_str(m, "notice"), 0));
	TRY(buf_adds(b, "</strong><br>\n<code>"));
	TRY(esc_html(b, json_get_str(m, "verify_with"), 0));
	TRY(buf_adds(b, "</code></p>\n<section>\n<table>\n"));
	TRY(html_row(b, L(lang, "organisation"), json_get_str(sys,
	    "organisation"), 0));
	TRY(html_row(b, L(lang, "scheme"), json_get_str(s, "name"), 0));
	TRY(html_row(b, L(lang, "level"), json_get_str(s, "level_name"), 0));
	TRY(html_row(b, L(lang, "audit_type"), json_get_str(s,
	    "audit_type_name"), 0));
	if ((c = json_get(m, "service_category")) != NULL) {
		const cJSON *x;
		TRY(html_row(b, L(lang, "service_category"), json_get_str(c,
		    "name"), 0));
		cJSON_ArrayForEach(x, json_get(c, "options"))
			TRY(html_row(b, L(lang, "service_category"),
			    json_get_str(x, "name"), 0));
	}
	TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td><code>",
	    L(lang, "record")));
	TRY(esc_html(b, json_get_str(m, "record_id"), 0));
	TRY(buf_adds(b, "</code></td></tr>\n</table>\n"));

	TRY(html_section(b, lang, "opinion"));
	TRY(buf_adds(b, "<table>\n"));
	TRY(html_row(b, L(lang, "opinion_value"), json_get_str(o,
	    "opinion_label"), 0));
	TRY(html_row(b, L(lang, "opinion_kind"), json_get_str(o,
	    "kind_label"), 0));
	TRY(html_row(b, L(lang, "engagement_standard"), json_get_str(o,
	    "engagement_standard"), 0));
	TRY(html_row(b, L(lang, "report_type"), json_get_str(o,
	    "report_type_label"), 0));
	TRY(html_row(b, L(lang, "audit_firm"), json_get_str(o, "audit_firm"),
	    0));
	TRY(html_row(b, L(lang, "selection_id"), json_get_str(o,
	    "selection_id"), 0));
	TRY(html_row(b, L(lang, "report_date"), json_get_str(o,
	    "report_date"), 1));
	TRY(buf_adds(b, "</table>\n"));
	if (json_get_str(o, "basis")) {
		TRY(buf_addf(b, "<h3>%s</h3>\n", L(lang, "basis")));
		TRY(html_md(b, json_get_str(o, "basis")));
	}

	TRY(html_section(b, lang, "assertion"));
	TRY(html_md(b, json_get_str(m, "management_assertion")));

	TRY(html_section(b, lang, "system"));
	TRY(buf_adds(b, "<table>\n"));
	TRY(html_row(b, L(lang, "service"), json_get_str(sys, "service"), 0));
	TRY(html_row(b, L(lang, "service_id"), json_get_str(sys,
	    "service_id"), 0));
	TRY(html_row(b, L(lang, "organisation"), json_get_str(sys,
	    "organisation"), 0));
	TRY(html_row(b, L(lang, "corporate_number"), json_get_str(sys,
	    "corporate_number"), 0));
	for (const char *const *k = (const char *const[]){
	    "deployment_models", "regions", NULL }; *k; k++) {
		if (json_get(sys, *k)->child == NULL)
			continue;
		TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td>",
		    L(lang, *k)));
		cJSON_ArrayForEach(c, json_get(sys, *k)) {
			TRY(esc_html(b, c->valuestring, 0));
			if (c->next)
				TRY(buf_adds(b, ", "));
		}
		TRY(buf_adds(b, "</td></tr>\n"));
	}
	TRY(buf_adds(b, "</table>\n"));
	if (json_get(sys, "models")->child) {
		TRY(buf_addf(b, "<h3>%s</h3>\n<dl>\n", L(lang, "models")));
		cJSON_ArrayForEach(c, json_get(sys, "models")) {
			TRY(buf_adds(b, "<dt>"));
			TRY(esc_html(b, json_get_str(c, "model"), 0));
			TRY(buf_adds(b, "</dt><dd>"));
			TRY(esc_html(b, json_get_str(c, "responsibility"), 0));
			TRY(buf_adds(b, "</dd>\n"));
		}
		TRY(buf_adds(b, "</dl>\n"));
	}
	if (json_get(sys, "subservice_organisations")->child) {
		TRY(buf_addf(b, "<h3>%s</h3>\n<ul>\n", L(lang, "subservice")));
		cJSON_ArrayForEach(c, json_get(sys,
		    "subservice_organisations")) {
			TRY(buf_adds(b, "<li>"));
			TRY(esc_html(b, json_get_str(c, "name"), 0));
			TRY(buf_adds(b, " ("));
			TRY(esc_html(b, json_get_str(c, "method_label"), 0));
			TRY(buf_adds(b, ")"));
			if (json_get_str(c, "services")) {
				TRY(buf_adds(b, ": "));
				TRY(esc_html(b, json_get_str(c, "services"), 0));
			}
			TRY(buf_adds(b, "</li>\n"));
		}
		TRY(buf_adds(b, "</ul>\n"));
	}
	TRY(buf_addf(b, "<h3>%s</h3>\n", L(lang, "scope")));
	TRY(html_md(b, json_get_str(sys, "scope_summary")));
	TRY(buf_addf(b, "<h3>%s</h3>\n", L(lang, "boundaries")));
	TRY(html_md(b, json_get_str(sys, "system_boundaries")));

	TRY(html_section(b, lang, "commitments"));
	TRY(html_md(b, json_get_str(m, "principal_commitments")));

	TRY(html_section(b, lang, "criteria"));
	TRY(buf_adds(b, "<table>\n"));
	TRY(html_row(b, L(lang, "framework"), json_get_str(cr, "framework"),
	    0));
	if (json_get_str(cr, "catalog")) {
		TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td><code>",
		    L(lang, "catalog")));
		TRY(esc_html(b, json_get_str(cr, "catalog"), 0));
		TRY(buf_addf(b, "</code> (%s ", L(lang, "version")));
		TRY(esc_html(b, json_get_str(cr, "catalog_version"), 0));
		TRY(buf_adds(b, ")</td></tr>\n"));
	}
	TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td>%d</td></tr>\n"
	    "</table>\n", L(lang, "controls"),
	    json_get(cr, "controls_in_scope")->valueint));
	if (json_get(cr, "categories")->child) {
		TRY(buf_addf(b, "<h3>%s</h3>\n<ul>\n", L(lang, "categories")));
		cJSON_ArrayForEach(c, json_get(cr, "categories")) {
			TRY(buf_adds(b, "<li>"));
			TRY(esc_html(b, json_get_str(c, "title") ?
			    json_get_str(c, "title") : json_get_str(c, "id"), 0));
			TRY(buf_adds(b, " (<code>"));
			TRY(esc_html(b, json_get_str(c, "id"), 0));
			TRY(buf_adds(b, "</code>)</li>\n"));
		}
		TRY(buf_adds(b, "</ul>\n"));
	}
	TRY(buf_adds(b, "<p>"));
	TRY(esc_html(b, json_get_str(m, "confidential_note"), 0));
	TRY(buf_adds(b, "</p>\n"));

	TRY(html_section(b, lang, "period"));
	TRY(buf_adds(b, "<table>\n"));
	TRY(html_row(b, L(lang, "as_of_date"), json_get_str(p, "as_of_date"),
	    1));
	if (json_get_str(p, "period_start")) {
		TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td>",
		    L(lang, "period_range")));
		TRY(html_date(b, json_get_str(p, "period_start")));
		TRY(buf_adds(b, " – "));
		TRY(html_date(b, json_get_str(p, "period_end")));
		TRY(buf_adds(b, "</td></tr>\n"));
	}
	TRY(html_row(b, L(lang, "registration_date"), json_get_str(p,
	    "registration_date"), 1));
	TRY(html_row(b, L(lang, "update_date"), json_get_str(p,
	    "update_date"), 1));
	TRY(html_row(b, L(lang, "report_date"), json_get_str(o,
	    "report_date"), 1));
	if (json_get_str(p, "first_day_jst")) {
		TRY(buf_addf(b, "<tr><th scope=\"row\">%s</th><td>",
		    L(lang, "validity")));
		TRY(html_date(b, json_get_str(p, "first_day_jst")));
		TRY(buf_adds(b, " – "));
		TRY(html_date(b, json_get_str(p, "last_day_jst")));
		TRY(buf_adds(b, "</td></tr>\n"));
	}
	TRY(buf_adds(b, "</table>\n"));

	if (json_get(m, "public_disclosures")->child) {
		TRY(html_section(b, lang, "disclosures"));
		cJSON_ArrayForEach(c, json_get(m, "public_disclosures")) {
			TRY(buf_adds(b, "<h3>"));
			TRY(esc_html(b, json_get_str(c, "name"), 0));
			TRY(buf_adds(b, "</h3>\n"));
			TRY(html_md(b, json_get_str(c, "text")));
		}
	}

	if (json_get(m, "built_on")->child || json_get_str(m, "supersedes")) {
		TRY(html_section(b, lang, "related"));
		TRY(buf_adds(b, "<table>\n"));
		cJSON_ArrayForEach(c, json_get(m, "built_on"))
			TRY(html_row(b, L(lang, "built_on"), c->valuestring,
			    0));
		TRY(html_row(b, L(lang, "supersedes"), json_get_str(m,
		    "supersedes"), 0));
		TRY(buf_adds(b, "</table>\n"));
	}

	TRY(html_section(b, lang, "signers"));
	TRY(buf_addf(b, "<table>\n<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	    L(lang, "role"), L(lang, "name"), L(lang, "signer_org"),
	    L(lang, "keyid")));
	cJSON_ArrayForEach(c, json_get(m, "signers")) {
		TRY(buf_adds(b, "<tr><td>"));
		TRY(esc_html(b, json_get_str(c, "role_label"), 0));
		TRY(buf_adds(b, "</td><td>"));
		TRY(esc_html(b, json_get_str(c, "name"), 0));
		if (json_get_str(c, "title")) {
			TRY(buf_adds(b, ", "));
			TRY(esc_html(b, json_get_str(c, "title"), 0));
		}
		TRY(buf_adds(b, "</td><td>"));
		TRY(esc_html(b, json_get_str(c, "organisation"), 0));
		TRY(buf_adds(b, "</td><td><code>"));
		TRY(esc_html(b, json_get_str(c, "keyid"), 0));
		TRY(buf_adds(b, "</code></td></tr>\n"));
	}
	TRY(buf_adds(b, "</tbody>\n</table>\n</section>\n</main>\n</body>\n"
	    "</html>\n"));
cleanup:
	return rc;
}
#undef TRY

int
summary_render(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang,
    struct problems *probs)
{
	size_t before = probs->n;

	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return ink_error(INK_EINPUT, "unknown language '%s' (ja or en)",
		    lang);
	/* A record that breaks the rules gets no summary: it would show
	 * the public something no scheme allows. */
	audit_check(statement, probs);
	if (probs->n > before || probs->code != 0)
		return ink_error(probs->code ? probs->code : INK_ENO, "the "
		    "record does not meet the audit-report rules");
	return summary_render_checked(out, statement, record_id, fmt, lang);
}

int
summary_render_checked(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang)
{
	const cJSON *pred = json_get(statement, "predicate");
	const char *cat = json_get_str(json_get(pred, "criteria"), "catalog");
	const cJSON *schemes = NULL, *catalog = NULL;
	cJSON *model = NULL;
	struct buf md;
	int rc;

	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return ink_error(INK_EINPUT, "unknown language '%s' (ja or en)",
		    lang);
	/* Borrowed from the process's cache (read-only here). */
	if ((rc = scheme_doc_get(&schemes)) != 0)
		return rc;
	/* audit_check has loaded it already, so it is there. */
	if (cat && (rc = catalog_get(&catalog, cat,
	    json_get_str(json_get(pred, "criteria"), "catalog_version"))) != 0)
		return rc;
	model = summary_model(statement, record_id, lang,
	    scheme_find(schemes, json_get_str(pred, "scheme")), catalog);
	if (model == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	switch (fmt) {
	case SUMMARY_JSON:
		if ((rc = json_pretty(out, model)) == 0)
			rc = buf_addc(out, '\n');
		break;
	case SUMMARY_HTML:
		rc = render_html(out, model, lang);
		break;
	default:
		/* Markdown is read in a terminal as often as rendered: what
		 * a terminal would obey is shown escaped, as on stdout. */
		buf_init(&md, out->max);
		if ((rc = render_md(&md, model, lang)) == 0)
			rc = textout_escape(out, md.data, md.len, 0, NULL);
		buf_release(&md);
		break;
	}
	cJSON_Delete(model);
	return rc;
}

int
summary_envelope(struct buf *out, const struct dsse_envelope *env,
    enum summary_format fmt, const char *lang, struct problems *probs)
{
	struct statement st = STATEMENT_INIT;
	char rid[RECORD_ID_LEN];
	int rc;

	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0)
		return ink_error(INK_EINPUT, "the payload is '%s', not an "
		    "in-toto Statement", env->payload_type);
	if ((rc = statement_parse(&st, env->payload, env->payload_len,
	    NULL)) != 0)
		return rc;
	if (strcmp(st.predicate_type, AUDIT_PREDICATE_TYPE) != 0) {
		rc = ink_error(INK_EINPUT, "the record is a '%s', not an audit "
		    "report (%s)", st.predicate_type, AUDIT_PREDICATE_TYPE);
		goto cleanup;
	}
	record_id(rid, env->payload, env->payload_len);
	rc = summary_render(out, st.root, rid, fmt, lang, probs);
	/* The HTML, too, may be written to a terminal (the site shows these
	 * characters in its own way, out_trusted_html). */
	if (rc == 0 && fmt == SUMMARY_HTML)
		rc = textout_escape_buf(out);
cleanup:
	statement_release(&st);
	return rc;
}
