/*
 * The certification shape of an audit-report record: the new
 * cybersecurity-service certification of seed 003 (サイバーセキュリティ・
 * サービス認定), a scheme whose schemes.json says "record_shape":
 * "certification".  The record names one service like an audit, but the
 * secretariat (事務局) certifies the provider's operating structure
 * rather than giving an opinion on controls: no engagement, opinion,
 * criteria or period; instead predicate.certification with the
 * prerequisites (the service's listing under the 審査登録 programme, an
 * ISMS certification and an SCS ★4 assessment covering the department
 * that provides it), the disclosures the seed names and the pledge
 * (誓約書).  The tools and the data storage places are confidential: a
 * customer asks for them under NDA (seed 003 「顧客は…必要な範囲で情報開示
 * を求めることができる」), so sign seals each as a disclosure, as it seals
 * control results.  FORMAT.md 6.5 specifies the members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit_int.h"

#define C P "certification."

/* Every member a certification's predicate may have. */
static const char *const cert_pred_keys[] = { "scheme", "service_category",
	"organisation", "service", "registration_date", "update_date",
	"audit_firm", "supersedes", "public_disclosures", "certification",
	"signers", "validity", "signed_at", "disclosure_digests", NULL };
static const char *const cert_keys[] = { "department", "tool_only",
	"prerequisites", "capital_ties", "location", "representative",
	"officers", "service_manager", "tools", "data_storage", "tools_count",
	"data_storage_count", "outsourcing", "pledge", NULL };
static const char *const prereq_keys[] = { "isms", "scs_assessment",
	NULL };
static const char *const isms_keys[] = { "certificate_number",
	"certification_body", "scope", "valid_until", NULL };
static const char *const tool_keys[] = { "name", "maker", "data_storage",
	"logs_kept", "external_communication", NULL };
static const char *const storage_keys[] = { "place", "access_logs", NULL };
static const char *const outsourcing_keys[] = { "contracting",
	"subcontracting", "entrustments", NULL };
static const char *const entrustment_keys[] = { "form", "party",
	"corporate_number", NULL };
/* Seed 003 委託の制限: the three exceptions to the limits on
 * outsourcing -- 準委任 to a provider certified in the same category,
 * a secondee whose reliability was evaluated, and work for which the 審査
 * 登録 programme has no category (checked, and reported to government). */
static const char *const entrustment_forms[] = { "certified-provider",
	"secondment", "no-category", NULL };
static const char *const pledge_keys[] = { "signed_by", "date",
	"incident_reporting", "no_ransom", NULL };
static const char *const person_keys[] = { "name", "title", NULL };

int
audit_cert_shape(const cJSON *scheme)
{
	const char *s = json_get_str(scheme, "record_shape");

	return s != NULL && strcmp(s, "certification") == 0;
}

/* A boolean member: 1 true, 0 false, -1 missing or not a boolean. */
static int
need_bool(struct audit *a, const cJSON *obj, const char *where,
    const char *key)
{
	const cJSON *v = json_get(obj, key);

	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	problems_add(a->p, INK_ENO, "%s%s %s: true or false", where, key,
	    v ? "must be a boolean" : "is required");
	return -1;
}

/* A date member (YYYY-MM-DD): 1 and *out, 0 when absent (reported when
 * required), -1 when malformed. */
static int
need_date(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required, int64_t *out)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required: a date "
			    "of the form 2026-03-31", where, key);
		return 0;
	}
	if (!cJSON_IsString(v) || strlen(v->valuestring) != 10 ||
	    time_parse_date(out, v->valuestring) != 0) {
		problems_add(a->p, INK_ENO, "%s%s must be a date of the form "
		    "2026-03-31", where, key);
		return -1;
	}
	return 1;
}

/* An array of objects, each checked by fn; required non-empty when min. */
static void
each_object(struct audit *a, const cJSON *obj, const char *where,
    const char *key, size_t min, size_t max,
    void (*fn)(struct audit *, const cJSON *, const char *))
{
	const cJSON *arr = json_get(obj, key), *x;
	size_t i = 0;

	if (arr == NULL && min == 0)
		return;
	if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) < min ||
	    (size_t)cJSON_GetArraySize(arr) > max) {
		problems_add(a->p, INK_ENO, "%s%s must be an array of %zu to "
		    "%zu entries", where, key, min, max);
		return;
	}
	cJSON_ArrayForEach(x, arr) {
		char w[96];
		snprintf(w, sizeof(w), "%s%s[%zu].", where, key, i++);
		if (!cJSON_IsObject(x)) {
			problems_add(a->p, INK_ENO, "%.*s must be an object",
			    (int)strlen(w) - 1, w);
			continue;
		}
		fn(a, x, w);
	}
}

static void
check_tool(struct audit *a, const cJSON *t, const char *w)
{
	audit_check_keys(a, t, w, tool_keys);
	audit_need_text(a, t, w, "name", 1);
	audit_need_text(a, t, w, "maker", 1);
	audit_need_text(a, t, w, "data_storage", 1);
	need_bool(a, t, w, "logs_kept");
	need_bool(a, t, w, "external_communication");
}

static void
check_storage(struct audit *a, const cJSON *s, const char *w)
{
	audit_check_keys(a, s, w, storage_keys);
	audit_need_text(a, s, w, "place", 1);
	need_bool(a, s, w, "access_logs");
}

static void
check_entrustment(struct audit *a, const cJSON *e, const char *w)
{
	const char *form, *cn;

	audit_check_keys(a, e, w, entrustment_keys);
	form = audit_need_enum(a, e, w, "form", entrustment_forms, 1);
	audit_need_text(a, e, w, "party", 1);
	cn = json_get_str(e, "corporate_number");
	/* The provider it entrusts must itself be certified (registry add
	 * checks it in the registry): named by its 法人番号. */
	if (form && strcmp(form, "certified-provider") == 0 &&
	    (cn == NULL || !corporate_number_ok(cn)))
		problems_add(a->p, INK_ENO, "%scorporate_number is required "
		    "for work entrusted to a certified provider (準委任, seed 003 "
		    "例外規定①): its 13-digit 法人番号", w);
	else if (json_get(e, "corporate_number") &&
	    (cn == NULL || !corporate_number_ok(cn)))
		problems_add(a->p, INK_ENO, "%scorporate_number is not a "
		    "法人番号 (13 digits with a valid check digit)", w);
}

static void
check_prerequisites(struct audit *a, const cJSON *cert)
{
	const cJSON *pr = audit_need_object(a, cert, C, "prerequisites", 1);
	const cJSON *isms;
	const char *scs;
	int64_t t;

	if (pr == NULL)
		return;
	audit_check_keys(a, pr, C "prerequisites", prereq_keys);
	/* ISMS covering the department (seed 003 審査におけるISMSの活用: 「ISMS
	 * 認証の取得を要件とし」; the secretariat checks the 適用範囲記述書,
	 * 適用宣言書 and ISMS認証登録証). */
	if ((isms = audit_need_object(a, pr, C "prerequisites.", "isms",
	    1)) != NULL) {
		audit_check_keys(a, isms, C "prerequisites.isms", isms_keys);
		if (audit_need_string(a, isms, C "prerequisites.isms.",
		    "certificate_number", 1) && strlen(json_get_str(isms,
		    "certificate_number")) > AUDIT_MAX_ID)
			problems_add(a->p, INK_ENO, C "prerequisites.isms."
			    "certificate_number is longer than %d bytes",
			    AUDIT_MAX_ID);
		audit_need_text(a, isms, C "prerequisites.isms.",
		    "certification_body", 1);
		audit_need_text(a, isms, C "prerequisites.isms.", "scope", 1);
		need_date(a, isms, C "prerequisites.isms.", "valid_until", 1,
		    &t);
	}
	/* SCS ★4 or higher covering the department (seed 003 制度における審
	 * 査項目: 「★4以上の取得を要件とするにあたり、当該サービス部門が取得範囲に
	 * 含まれることを確認」): the registry's own record of it. */
	scs = audit_need_string(a, pr, C "prerequisites.", "scs_assessment",
	    1);
	if (scs && !audit_record_id_ok(scs))
		problems_add(a->p, INK_ENO, C "prerequisites.scs_assessment "
		    "must be the record id (sha256: and 64 lowercase hex "
		    "digits) of the organisation's ★4 assessment in the "
		    "registry");
}

static void
check_outsourcing(struct audit *a, const cJSON *cert)
{
	const cJSON *o = audit_need_object(a, cert, C, "outsourcing", 1);

	if (o == NULL)
		return;
	audit_check_keys(a, o, C "outsourcing", outsourcing_keys);
	/* 委託の制限: 「請負契約については…本制度においては原則、禁止する」;
	 * 「自社のサービス提供に直接的に関する業務の再委託については一律禁止する」. */
	if (need_bool(a, o, C "outsourcing.", "contracting") == 1)
		problems_add(a->p, INK_ENO, C "outsourcing.contracting: a "
		    "certified provider does not contract out (請負) the work "
		    "of providing the service (seed 003: 「原則、禁止する」)");
	if (need_bool(a, o, C "outsourcing.", "subcontracting") == 1)
		problems_add(a->p, INK_ENO, C "outsourcing.subcontracting: "
		    "re-entrusting (再委託) the work of providing the service "
		    "is prohibited outright (seed 003: 「一律禁止する」)");
	each_object(a, o, C "outsourcing.", "entrustments", 0, 64,
	    check_entrustment);
}

static void
check_pledge(struct audit *a, const cJSON *cert)
{
	const cJSON *pl = audit_need_object(a, cert, C, "pledge", 1), *by;
	int64_t t;

	if (pl == NULL)
		return;
	audit_check_keys(a, pl, C "pledge", pledge_keys);
	/* 「情報開示の誓約書に適切な人物が署名しているか」: who signed it
	 * (management's accreditation vouches for the name, kinds/bind.c). */
	if ((by = audit_need_object(a, pl, C "pledge.", "signed_by",
	    1)) != NULL) {
		audit_check_keys(a, by, C "pledge.signed_by", person_keys);
		audit_need_text(a, by, C "pledge.signed_by.", "name", 1);
		audit_need_text(a, by, C "pledge.signed_by.", "title", 1);
	}
	need_date(a, pl, C "pledge.", "date", 1, &t);
	/* 「インシデントが発生した際、政府機関や関係する顧客等に対する報告を求
	 * める」; 「犯罪者グループに身代金を支払いを行わないなどの倫理的な対応」. */
	if (need_bool(a, pl, C "pledge.", "incident_reporting") == 0)
		problems_add(a->p, INK_ENO, C "pledge.incident_reporting: the "
		    "pledge includes reporting incidents to government and the "
		    "customers concerned (seed 003)");
	if (need_bool(a, pl, C "pledge.", "no_ransom") == 0)
		problems_add(a->p, INK_ENO, C "pledge.no_ransom: the pledge "
		    "includes paying no ransom to criminal groups (seed 003)");
}

/* The confidential lists: cleartext in a draft, their counts (and one
 * digest per entry) in a signed record. */
static void
check_confidential(struct audit *a, const cJSON *pred, const cJSON *cert)
{
	const cJSON *dig = json_get(pred, "disclosure_digests"), *d;
	int64_t nt = -1, ns = -1;
	const char *prev = NULL;

	if (a->draft) {
		each_object(a, cert, C, "tools", 1, 256, check_tool);
		each_object(a, cert, C, "data_storage", 1, 64, check_storage);
		for (const char *const *k = (const char *const[]){
		    "tools_count", "data_storage_count", NULL }; *k; k++)
			if (json_get(cert, *k))
				problems_add(a->p, INK_ENO, C "%s is written by "
				    "inkan sign: leave it out of the draft", *k);
		if (dig)
			problems_add(a->p, INK_ENO, P "disclosure_digests is "
			    "written by inkan sign: leave it out of the draft");
		return;
	}
	for (const char *const *k = (const char *const[]){ "tools",
	    "data_storage", NULL }; *k; k++)
		if (json_get(cert, *k))
			problems_add(a->p, INK_ENO, C "%s: a signed record "
			    "carries the confidential list only as digests", *k);
	if (json_get_int(&nt, cert, "tools_count") != 0 || nt < 1 ||
	    nt > 256)
		problems_add(a->p, INK_ENO, C "tools_count must be the number "
		    "of tools declared (1 to 256)");
	if (json_get_int(&ns, cert, "data_storage_count") != 0 || ns < 1 ||
	    ns > 64)
		problems_add(a->p, INK_ENO, C "data_storage_count must be the "
		    "number of data storage places declared (1 to 64)");
	if (!cJSON_IsArray(dig) || (nt > 0 && ns > 0 &&
	    cJSON_GetArraySize(dig) != nt + ns)) {
		problems_add(a->p, INK_ENO, P "disclosure_digests must hold one "
		    "digest per tool and data storage place declared");
		return;
	}
	cJSON_ArrayForEach(d, dig) {
		if (!cJSON_IsString(d) || !audit_digest_ok(d->valuestring)) {
			problems_add(a->p, INK_ENO, P "disclosure_digests: "
			    "not a digest");
			return;
		}
		if (prev && strcmp(prev, d->valuestring) >= 0) {
			problems_add(a->p, INK_ENO, P "disclosure_digests must "
			    "be sorted and without repeats");
			return;
		}
		prev = d->valuestring;
	}
}

/* 役員: 1 to 64 names. */
static void
check_officers(struct audit *a, const cJSON *o)
{
	const cJSON *x;
	size_t i = 0;

	if (!cJSON_IsArray(o) || o->child == NULL ||
	    cJSON_GetArraySize(o) > 64) {
		problems_add(a->p, INK_ENO, C "officers must list the officers "
		    "(役員), 1 to 64 names");
		return;
	}
	cJSON_ArrayForEach(x, o) {
		if (!audit_text_ok(x))
			problems_add(a->p, INK_ENO, C "officers[%zu] must be a "
			    "text", i);
		i++;
	}
}

static void
check_dates(struct audit *a, const cJSON *pred)
{
	int64_t reg = 0, upd = 0;
	int hr = need_date(a, pred, P, "registration_date", 1, &reg);
	int hu = need_date(a, pred, P, "update_date", 0, &upd);

	if (hr == 1 && hu == 1 && upd < reg)
		problems_add(a->p, INK_ENO, P "update_date is before "
		    "registration_date");
}

void
audit_check_certification(struct audit *a, const cJSON *pred)
{
	const cJSON *cert;
	int tool_only;

	audit_check_keys(a, pred, "predicate", cert_pred_keys);
	check_dates(a, pred);
	if ((cert = audit_need_object(a, pred, P, "certification", 1)) == NULL)
		return;
	audit_check_keys(a, cert, P "certification", cert_keys);
	audit_need_text(a, cert, C, "department", 1);
	/* 「サービス提供に関連するツールやシステムのみを提供するようなサービス
	 * …新たな制度では当該サービスは対象外とする」 (seed 003, 制度の範囲). */
	if ((tool_only = need_bool(a, cert, C, "tool_only")) == 1)
		problems_add(a->p, INK_ENO, C "tool_only: a service that only "
		    "provides a tool or system is not certified (seed 003: "
		    "「新たな制度では当該サービスは対象外とする」)");
	check_prerequisites(a, cert);
	/* 会社の経営体制・資本関係等: 「当該企業の資本関係、所在地、代表者・役員
	 * の情報等」, and for the service department 「サイバーセキュリティ・
	 * サービスの責任者等」. */
	audit_need_text(a, cert, C, "capital_ties", 1);
	audit_need_text(a, cert, C, "location", 1);
	audit_need_text(a, cert, C, "representative", 1);
	check_officers(a, json_get(cert, "officers"));
	audit_need_text(a, cert, C, "service_manager", 1);
	check_confidential(a, pred, cert);
	check_outsourcing(a, cert);
	check_pledge(a, cert);
}

/* One disclosure per entry of certification.<key>, at <key>/<n> (n from
 * 1); the cleartext goes to ctx->disclosures. */
static size_t
seal_list(struct audit *a, cJSON *cert, const char *key, char **digests,
    size_t n, struct kind_ctx *ctx)
{
	cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(cert, key), *x;
	size_t k = 0;

	cJSON_ArrayForEach(x, list) {
		struct buf text = BUF_INIT(INK_MAX_DISCLOSURE);
		char path[64], digest[DISCLOSURE_DIGEST_LEN];
		cJSON *s;

		snprintf(path, sizeof(path), "%s/%zu", key, ++k);
		if (disclosure_make(&text, digest, path, x) != 0 ||
		    (s = cJSON_CreateString(buf_str(&text))) == NULL) {
			problems_add(a->p, INK_EINPUT, "%s: %s", path,
			    ink_error_last());
			buf_wipe(&text);
			break;
		}
		cJSON_AddItemToArray(ctx->disclosures, s);
		buf_wipe(&text);
		if ((digests[n++] = strdup(digest)) == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			n--;
			break;
		}
	}
	cJSON_AddNumberToObject(cert, strcmp(key, "tools") == 0 ?
	    "tools_count" : "data_storage_count", (double)k);
	cJSON_Delete(list);
	return n;
}

void
audit_cert_seal(struct audit *a, cJSON *pred, struct kind_ctx *ctx)
{
	cJSON *cert = cJSON_GetObjectItemCaseSensitive(pred, "certification");
	cJSON *arr;
	char **digests;
	size_t n = 0, max;

	max = (size_t)cJSON_GetArraySize(json_get(cert, "tools")) +
	    (size_t)cJSON_GetArraySize(json_get(cert, "data_storage"));
	if (ctx->disclosures == NULL)
		ctx->disclosures = cJSON_CreateArray();
	if ((digests = calloc(max + 1, sizeof(*digests))) == NULL ||
	    ctx->disclosures == NULL) {
		problems_add(a->p, INK_EINPUT, "out of memory");
		free(digests);
		return;
	}
	n = seal_list(a, cert, "tools", digests, n, ctx);
	n = seal_list(a, cert, "data_storage", digests, n, ctx);
	qsort(digests, n, sizeof(*digests), audit_cmp_str);
	arr = cJSON_AddArrayToObject(pred, "disclosure_digests");
	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(digests[i]));
	for (size_t i = 0; i < n; i++)
		free(digests[i]);
	free(digests);
}
