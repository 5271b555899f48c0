/*
 * The model of the SOC 3-style summary: the record turned into the JSON
 * form of the summary, every text resolved to one language and every id
 * given its name from the scheme and the catalogue, and the words the
 * summary's own headings and labels use.  Only members named here are
 * taken from the record: nothing else of the predicate (in particular
 * controls_covered and disclosure_digests, beyond their count) reaches
 * any output.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "kinds/audit.h"
#include "kinds/kind.h"
#include "summary/summary.h"
#include "summary/summary_int.h"

#define JST_OFFSET (9 * 3600)

struct label {
	const char *key, *ja, *en;
};

static const struct label labels[] = {
	{ "title", "公開用要約（SOC 3 型）", "SOC 3-style summary" },
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
	{ "audit_firm", "監査法人", "Audit firm" },
	{ "selection_id", "選定番号", "Selection id" },
	{ "report_date", "報告書日付", "Report date" },
	{ "basis", "意見の根拠", "Basis for the opinion" },
	{ "organisation", "事業者", "Organisation" },
	{ "corporate_number", "法人番号", "Corporate number" },
	{ "service", "サービス", "Service" },
	{ "service_id", "サービスID", "Service id" },
	{ "models", "提供形態と責任範囲",
	  "Service models and responsibility" },
	{ "deployment_models", "実装形態", "Deployment models" },
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
	  "も含まれていません。記録はそれらを改ざんできない形（ソルト付きダイジェ"
	  "スト）で結び付けており、提供者は秘密保持契約の下で、選んだ項目を個別に"
	  "開示できます。開示された項目が記録のものであることは、受け取った人が確"
	  "かめられます。",
	  "The tests of controls and their results are in neither this "
	  "summary nor the public record. The record binds them by salted "
	  "digests; the provider may disclose chosen items under a "
	  "non-disclosure agreement, and whoever receives them can check "
	  "that they are the record's." },
	{ "cert_title", "認定の公開情報", "Certification: public summary" },
	{ "cert_unverified", "この要約は記録だけから作成したもので、署名は検証"
	  "していない。記録が本物で有効かどうかは、事務局と経営者の公開鍵を使っ"
	  "て inkan verify で確かめること。",
	  "This summary is rendered from the record alone: its signatures "
	  "have NOT been verified. To check that the record is genuine and "
	  "valid, use inkan verify with the secretariat's and management's "
	  "public keys." },
	{ "cert_verify_with", "inkan verify 記録.dsse.json --key 事務局.pub "
	  "--key 経営者.pub", "inkan verify RECORD.dsse.json --key "
	  "SECRETARIAT.pub --key MANAGEMENT.pub" },
	{ "cert", "認定", "Certification" },
	{ "cert_prereq", "認定要件", "Prerequisites" },
	{ "cert_org", "会社の経営体制・資本関係等",
	  "Management structure and capital ties" },
	{ "cert_tools", "使用ツール・データ保管先", "Tools and data storage" },
	{ "cert_outsourcing", "委託", "Outsourcing" },
	{ "cert_pledge", "誓約書", "Pledge" },
	{ "department", "サービス提供部門", "Department providing the service" },
	{ "listing", "情報セキュリティサービス審査登録（サービスリスト掲載）",
	  "Listing under the information security service review and "
	  "registration" },
	{ "listing_note", "同じサービスの審査登録が有効であること（登録簿で確認）",
	  "the same service's listing, in force (checked in the registry)" },
	{ "isms", "ISMS認証", "ISMS certification" },
	{ "isms_number", "ISMS認証登録番号", "ISMS certificate number" },
	{ "isms_body", "認証機関", "Certification body" },
	{ "isms_scope", "適用範囲", "Scope" },
	{ "isms_until", "ISMS認証の有効期限", "ISMS certificate valid until" },
	{ "scs_assessment", "SCS評価制度 ★4以上の評価", "SCS ★4 or higher "
	  "assessment" },
	{ "capital_ties", "資本関係", "Capital ties" },
	{ "location", "所在地", "Location" },
	{ "representative", "代表者", "Representative" },
	{ "officers", "役員", "Officers" },
	{ "service_manager", "サービスの責任者", "Service manager" },
	{ "tools_count", "申告された使用ツール", "Tools declared" },
	{ "data_storage_count", "申告されたデータ保管先",
	  "Data storage places declared" },
	{ "cert_confidential", "使用ツール（名称・メーカー・データ保管先・ログの取得"
	  "有無・外部通信の有無）とデータ保管先の詳細は公開されません。記録はそれら"
	  "を改ざんできない形（ソルト付きダイジェスト）で結び付けており、顧客は契約"
	  "にあたり開示を求めることができます（秘密保持契約の下で）。",
	  "The tools (name, maker, data storage, logging, external "
	  "communication) and the data storage places are not published. The "
	  "record binds them by salted digests; a customer may ask for them "
	  "when contracting (under a non-disclosure agreement) and can check "
	  "that what it receives is the record's." },
	{ "contracting", "請負（サービス提供業務）", "Contracting out the "
	  "service's work" },
	{ "subcontracting", "再委託", "Re-entrusting" },
	{ "entrustments", "委任・出向の受入れ（例外規定）",
	  "Entrustments (the exceptions)" },
	{ "certified-provider", "同区分の認定取得済み事業者への委任（準委任）",
	  "Quasi-mandate to a provider certified in the same category" },
	{ "secondment", "信頼性評価を前提とした出向の受入れ",
	  "Secondee whose reliability was evaluated" },
	{ "no-category", "審査登録制度に区分のない委託業務（確認結果を政府機関に"
	  "提出）", "Work without a category in the review programme "
	  "(checked, reported to government)" },
	{ "not_done", "なし", "none" },
	{ "pledge_by", "署名者", "Signed by" },
	{ "pledge_date", "誓約日", "Date" },
	{ "incident_reporting", "インシデントの政府機関・顧客への報告",
	  "Reporting incidents to government and customers" },
	{ "no_ransom", "身代金を支払わない", "Paying no ransom" },
	{ "pledged", "誓約済み", "pledged" },
	{ "soa", "言明書", "Statement of applicability (management's "
	  "statement)" },
	{ "soa_note", "経営者が、対象カテゴリーの管理策のうち自らのサービスに適用"
	  "するものを選択し、選択しない管理策とその理由を示したもの。経営者の署名"
	  "の対象に含まれる。",
	  "Management's choice of the controls of the categories covered that "
	  "apply to its service, and the controls it excludes with its "
	  "reasons. Management's signature covers it." },
	{ "soa_selected", "選択した管理策", "Controls selected" },
	{ "soa_excluded", "除外した管理策", "Controls excluded" },
	{ "soa_reason", "除外理由", "Reason for exclusion" },
	{ "control_id", "管理策", "Control" },
	{ "control_title", "内容", "Control text" },
	{ "as_of_date", "基準日", "As of" },
	{ "period_range", "対象期間", "Period" },
	{ "registration_date", "登録日", "Registration date" },
	{ "update_date", "更新日", "Update date" },
	{ "validity", "有効期間（日本時間）", "Valid (Japan time)" },
	{ "until", "まで", "until" },
	{ "built_on", "基盤として利用するサービス",
	  "Services it is built on" },
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
	{ "inclusive", "一体方式", "inclusive method" },
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

const char *
summary_label(const char *lang, const char *key)
{
	struct label k = { key, NULL, NULL };
	const struct label *kp = &k, *const *hit;

	pthread_once(&sorted_once, sort_labels);
	hit = bsearch(&kp, sorted, NLABELS, sizeof(sorted[0]), label_cmp);
	if (hit == NULL)
		return key;
	return strcmp(lang, "ja") == 0 ? (*hit)->ja : (*hit)->en;
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
	/* who audits, in the scheme's own word (schemes.json audit_body) */
	put(s, "audit_body", audit_text(json_get(scheme, "audit_body"), lang));
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

/* The words of a control in the catalogue: a detailed control's text,
 * or a control objective's title. */
static const char *
control_words(const cJSON *catalog, const char *id, const char *lang)
{
	const cJSON *c, *mid, *r, *x;

	cJSON_ArrayForEach(c, json_get(catalog, "categories"))
	cJSON_ArrayForEach(mid, json_get(c, "middle"))
	cJSON_ArrayForEach(r, json_get(mid, "requirements")) {
		if (json_get_str(r, "id") && strcmp(json_get_str(r, "id"),
		    id) == 0)
			return audit_text(json_get(r, "title"), lang);
		cJSON_ArrayForEach(x, json_get(r, "criteria"))
			if (json_get_str(x, "id") && strcmp(json_get_str(x,
			    "id"), id) == 0)
				return audit_text(json_get(x, "text"), lang);
	}
	return NULL;
}

/* The statement of applicability (言明書): public, as management signed
 * it -- the number selected, and each exclusion with its reason. */
static void
model_soa(cJSON *m, const cJSON *pred, const cJSON *catalog,
    const char *lang)
{
	const cJSON *s = json_get(pred, "statement_of_applicability"), *c;
	cJSON *x, *a;

	if (s == NULL)
		return;
	x = cJSON_AddObjectToObject(m, "statement_of_applicability");
	put(x, "catalog_version", json_get_str(s, "catalog_version"));
	cJSON_AddNumberToObject(x, "selected_count",
	    cJSON_GetArraySize(json_get(s, "selected")));
	a = cJSON_AddArrayToObject(x, "excluded");
	cJSON_ArrayForEach(c, json_get(s, "excluded")) {
		cJSON *y = cJSON_CreateObject();
		const char *id = json_get_str(c, "id");
		put(y, "id", id);
		put(y, "title", id ? control_words(catalog, id, lang) : NULL);
		put(y, "reason", audit_text(json_get(c, "reason"), lang));
		cJSON_AddItemToArray(a, y);
	}
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
	const char *shape = json_get_str(scheme, "record_shape");
	int cert = shape && strcmp(shape, "certification") == 0;

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
		/* (a certification's auditor is the scheme's secretariat) */
		put(x, "role_label", cert && json_get_str(c, "role") &&
		    strcmp(json_get_str(c, "role"), "auditor") == 0 &&
		    audit_text(json_get(scheme, "audit_body"), lang) ?
		    audit_text(json_get(scheme, "audit_body"), lang) :
		    L(lang, json_get_str(c, "role")));
		put(x, "name", json_get_str(c, "name"));
		put(x, "title", json_get_str(c, "title"));
		put(x, "organisation", json_get_str(c, "organisation"));
		put(x, "qualification", json_get_str(c, "qualification"));
		put(x, "keyid", json_get_str(c, "keyid"));
		cJSON_AddItemToArray(a, x);
	}
}

/* A certification (seed 003's new programme, FORMAT.md 6.5): what the
 * secretariat certified on, and the provider's public disclosures; the
 * tools and data storage places only as their number (they are sealed
 * as disclosures a customer asks for under NDA). */
static void
model_cert(cJSON *m, const cJSON *pred, const char *lang)
{
	const cJSON *c = json_get(pred, "certification"), *x;
	const cJSON *pr = json_get(c, "prerequisites");
	const cJSON *isms = json_get(pr, "isms");
	const cJSON *o = json_get(c, "outsourcing"), *pl = json_get(c, "pledge");
	cJSON *k = cJSON_AddObjectToObject(m, "certification"), *a, *i, *y;
	int64_t n;

	put(m, "shape", "certification");
	put(m, "title", L(lang, "cert_title"));
	put(m, "notice", L(lang, "cert_unverified"));
	put(m, "verify_with", L(lang, "cert_verify_with"));
	put(k, "secretariat", audit_text(json_get(json_get(pred,
	    "audit_firm"), "name"), lang));
	put(k, "department", audit_text(json_get(c, "department"), lang));
	i = cJSON_AddObjectToObject(k, "isms");
	put(i, "certificate_number", json_get_str(isms, "certificate_number"));
	put(i, "certification_body", audit_text(json_get(isms,
	    "certification_body"), lang));
	put(i, "scope", audit_text(json_get(isms, "scope"), lang));
	put(i, "valid_until", json_get_str(isms, "valid_until"));
	put(k, "scs_assessment", json_get_str(pr, "scs_assessment"));
	for (const char *const *f = (const char *const[]){ "capital_ties",
	    "location", "representative", "service_manager", NULL }; *f; f++)
		put(k, *f, audit_text(json_get(c, *f), lang));
	a = cJSON_AddArrayToObject(k, "officers");
	cJSON_ArrayForEach(x, json_get(c, "officers"))
		if (audit_text(x, lang))
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(audit_text(x, lang)));
	if (json_get_int(&n, c, "tools_count") == 0)
		cJSON_AddNumberToObject(k, "tools_count", (double)n);
	if (json_get_int(&n, c, "data_storage_count") == 0)
		cJSON_AddNumberToObject(k, "data_storage_count", (double)n);
	put(k, "confidential_note", L(lang, "cert_confidential"));
	a = cJSON_AddArrayToObject(k, "entrustments");
	cJSON_ArrayForEach(x, json_get(o, "entrustments")) {
		y = cJSON_CreateObject();
		put(y, "form", json_get_str(x, "form"));
		put(y, "form_label", L(lang, json_get_str(x, "form") ?
		    json_get_str(x, "form") : "?"));
		put(y, "party", audit_text(json_get(x, "party"), lang));
		put(y, "corporate_number", json_get_str(x, "corporate_number"));
		cJSON_AddItemToArray(a, y);
	}
	cJSON_AddBoolToObject(k, "contracting", cJSON_IsTrue(json_get(o,
	    "contracting")));
	cJSON_AddBoolToObject(k, "subcontracting", cJSON_IsTrue(json_get(o,
	    "subcontracting")));
	y = cJSON_AddObjectToObject(k, "pledge");
	put(y, "signed_by", audit_text(json_get(json_get(pl, "signed_by"),
	    "name"), lang));
	put(y, "title", audit_text(json_get(json_get(pl, "signed_by"),
	    "title"), lang));
	put(y, "date", json_get_str(pl, "date"));
	cJSON_AddBoolToObject(y, "incident_reporting",
	    cJSON_IsTrue(json_get(pl, "incident_reporting")));
	cJSON_AddBoolToObject(y, "no_ransom", cJSON_IsTrue(json_get(pl,
	    "no_ransom")));
}

cJSON *
summary_model(const cJSON *st, const char *rid, const char *lang,
    const cJSON *scheme, const cJSON *catalog)
{
	const cJSON *pred = json_get(st, "predicate");
	cJSON *m = cJSON_CreateObject();
	const char *shape = json_get_str(scheme, "record_shape");

	if (m == NULL)
		return NULL;
	if (shape && strcmp(shape, "certification") == 0) {
		put(m, "format", SUMMARY_FORMAT);
		put(m, "lang", lang);
		put(m, "record_id", rid);
		put(m, "predicateType", KIND_AUDIT_TYPE);
		cJSON_AddBoolToObject(m, "signatures_verified", 0);
		model_scheme(m, pred, scheme, lang);
		model_system(m, pred, lang);
		model_cert(m, pred, lang);
		model_period(m, pred);
		model_rest(m, pred, scheme, lang);
		return m;
	}
	put(m, "format", SUMMARY_FORMAT);
	put(m, "lang", lang);
	put(m, "record_id", rid);
	put(m, "predicateType", KIND_AUDIT_TYPE);
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
	model_soa(m, pred, catalog, lang);
	model_period(m, pred);
	model_rest(m, pred, scheme, lang);
	return m;
}
