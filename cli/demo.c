/*
 * The demo registry.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/digest.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "cli/demo.h"
#include "registry/registry.h"
#include "core/catalog.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_template.h"
#include "kinds/audit.h"
#include "sign/sign.h"
#include "site/site.h"
#include "witness/serve.h"
#include "witness/witness.h"

#define DAY 86400
#define JST (9 * 3600)

struct who {
	const char *id;        /* key file name */
	const char *name;
	const char *org;
	const char *corp;      /* 法人番号 without its check digit */
	const char *role;
	const char *schemes;   /* JSON array */
	const char *qual;      /* JSON array of qualifications */
	EVP_PKEY *key;
	char keyid[KEYID_HEX];
	char corpnum[14];
};

/* The demo's witnesses (FORMAT.md 8.6): one answers over HTTP on
 * 127.0.0.1 during the demo, asked by every write; one is offline and
 * cosigns the last checkpoint from a file at the end. */
#define WITNESS_HTTP "witness.demo.inkan.invalid/http"
#define WITNESS_OFFLINE "witness.demo.inkan.invalid/offline"

struct demo {
	char dir[PATH_MAX];
	char priv[PATH_MAX + 16];
	char reg[PATH_MAX + 16];
	int64_t today;          /* 00:00 JST of today, in UTC seconds */
	FILE *log;
	EVP_PKEY *op;
};

static struct who cast[] = {
	{ "operator", "登録機関 事務局（デモ）", "セキュリティ評価登録機関（デモ）",
	    "100000000001", "operator", "[\"*\"]", "[]" },
	{ "auditor-yamada", "山田 花子", "あおぞら監査法人", "100000000002",
	    "auditor", "[\"soc2-type1\",\"soc2-type2\",\"ismap-cloud\"]",
	    "[{\"name\":\"公認会計士\",\"number\":\"0012345\"},"
	    "{\"name\":\"CISA\",\"number\":\"21000123\"}]" },
	{ "auditor-suzuki", "鈴木 健", "みらい監査法人", "100000000003",
	    "auditor", "[\"ismap-cloud\",\"scs-star4\"]",
	    "[{\"name\":\"CISSP\",\"number\":\"654321\"},"
	    "{\"name\":\"公認情報セキュリティ主任監査人\",\"number\":\"JASA-0456\"}]" },
	{ "expert-takahashi", "高橋 美咲", "たかはし情報セキュリティ事務所",
	    "100000000004", "expert", "[\"scs-star3\"]",
	    "[{\"name\":\"情報処理安全確保支援士\",\"number\":\"012345\"}]" },
	{ "expert-ito", "伊藤 大輔", "いとうサイバーリスク研究所", "100000000005",
	    "expert", "[\"scs-star3\"]",
	    "[{\"name\":\"情報処理安全確保支援士\",\"number\":\"023456\"}]" },
	{ "mgmt-sample-cloud", "佐藤 一郎", "株式会社サンプルクラウド",
	    "010401123456", "management", "[\"*\"]", "[]" },
	{ "mgmt-base-infra", "中村 恵", "株式会社ベースインフラ", "010401234567",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-tsunagu", "小林 誠", "株式会社つなぐ", "011101345678",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-yamato", "山本 太郎", "株式会社やまと製作所", "120001456789",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-minato", "加藤 真理", "株式会社みなと物流", "020001567890",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-hikari", "吉田 翔", "株式会社ひかり電子", "180001678901",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-sakura", "松本 由美", "さくら食品株式会社", "130001789012",
	    "management", "[\"*\"]", "[]" },
	/* The two cybersecurity-service programmes of seed 003: a 審査登録
	 * 機関 that reviews services for the list, the secretariat (事務局)
	 * of the new certification, and two security firms. */
	{ "reviewer-mori", "森 健一", "セキュリティサービス審査登録機構（デモ）",
	    "100000000006", "auditor", "[\"jp-cyber-list\"]",
	    "[{\"name\":\"情報セキュリティサービス審査員\",\"number\":\"SR-0101\"}]" },
	{ "secretariat-inoue", "井上 咲", "サイバーセキュリティ・サービス認定事務局（デモ）",
	    "100000000007", "auditor", "[\"jp-cyber-service\"]", "[]" },
	{ "mgmt-mamori", "清水 誠", "株式会社まもりセキュリティ", "010401890123",
	    "management", "[\"*\"]", "[]" },
	{ "mgmt-shirase", "森田 亜紀", "株式会社しらせ情報技術", "010401901234",
	    "management", "[\"*\"]", "[]" },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

static struct who *
who(const char *id)
{
	for (struct who *w = cast; w->id; w++)
		if (strcmp(w->id, id) == 0)
			return w;
	return NULL;
}

static void
say(struct demo *d, const char *fmt, const char *a, const char *b)
{
	if (d->log) {
		fprintf(d->log, "inkan: demo: ");
		fprintf(d->log, fmt, a, b);
		fputc('\n', d->log);
	}
}

/* The calendar day n days from today, as YYYY-MM-DD in JST. */
static void
day(char out[11], struct demo *d, int n)
{
	char t[TIME_LEN];

	time_format(t, d->today + JST + (int64_t)n * DAY);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* What the witnesses said of a write that did not go as it should (a
 * witness down, refusing): the lines naming a witness. */
static void
witnesses_said(struct demo *d, const struct reg *g)
{
	const char *r = reg_witness_report(g), *e;

	for (; *r; r = *e ? e + 1 : e) {
		e = strchr(r, '\n');
		if (e == NULL)
			e = r + strlen(r);
		if (strncmp(r, "witness '", 9) == 0 && d->log)
			fprintf(d->log, "inkan: demo: %.*s\n", (int)(e - r), r);
	}
}

/* Every demo step happens at a time of its own, n days from today. */
static void
at(struct demo *d, int n, int hour)
{
	char t[TIME_LEN];

	time_format(t, d->today + (int64_t)n * DAY + hour * 3600);
	setenv("INKAN_NOW", t, 1);
}

static void
corporate_number(char out[14], const char *base12)
{
	int sum = 0;

	for (int i = 0; i < 12; i++)
		sum += (base12[11 - i] - '0') * (i % 2 ? 2 : 1);
	out[0] = (char)('0' + 9 - sum % 9);
	memcpy(out + 1, base12, 12);
	out[13] = '\0';
}

static int
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return file_write_atomic(path, text, strlen(text), mode);
}

static int
make_keys(struct demo *d)
{
	char prefix[PATH_MAX + 64], path[PATH_MAX + 64];
	int rc;

	for (struct who *w = cast; w->id; w++) {
		snprintf(prefix, sizeof(prefix), "%s/keys/%s", d->priv, w->id);
		/* Throwaway demo keys: unencrypted so the demo runs unattended;
		 * never use them for anything real. */
		if ((rc = key_generate(w->keyid, prefix, false, NULL)) != 0)
			return rc;
		snprintf(path, sizeof(path), "%s.key", prefix);
		if ((rc = key_load_private(&w->key, path, NULL)) != 0)
			return rc;
		corporate_number(w->corpnum, w->corp);
	}
	d->op = who("operator")->key;
	return write_file(d->priv, "keys/README.txt",
	    "DEMO KEYS - made by 'inkan demo' for a demonstration registry.\n"
	    "They are unencrypted and public knowledge: never use them to sign\n"
	    "anything real.\n", 0644);
}

static int
accredit(struct demo *d, struct reg *g, struct who *w, int from_days,
    int until_days)
{
	char json[4096], path[PATH_MAX + 128], from[TIME_LEN], until[TIME_LEN];
	char id[RECORD_ID_LEN], firm[512] = "";
	struct problems p = PROBLEMS_INIT;
	int rc;

	time_format(from, d->today + (int64_t)from_days * DAY);
	time_format(until, d->today + (int64_t)until_days * DAY);
	if (strcmp(w->role, "auditor") == 0) {
		char firm_until[TIME_LEN];
		time_format(firm_until, d->today + 2 * 365 * (int64_t)DAY);
		snprintf(firm, sizeof(firm), ",\"audit_firm\":{\"name\":\"%s\","
		    "\"selection_id\":\"DEMO-AF-%s\",\"valid_until\":\"%s\"}",
		    w->org, w->corp + 9, firm_until);
	}
	snprintf(json, sizeof(json), "{\"person\":{\"name\":\"%s\"},"
	    "\"organisation\":{\"name\":\"%s\",\"corporate_number\":\"%s\"},"
	    "\"roles\":[\"%s\"],\"schemes\":%s,\"qualifications\":%s%s,"
	    "\"key\":{\"public_key_file\":\"../keys/%s.pub\"},"
	    "\"valid_from\":\"%s\",\"valid_until\":\"%s\"}\n", w->name, w->org,
	    w->corpnum, w->role, w->schemes, w->qual, firm, w->id, from, until);
	snprintf(path, sizeof(path), "%s/accreditations/%s.json", d->priv,
	    w->id);
	if ((rc = file_write_atomic(path, json, strlen(json), 0644)) != 0)
		return rc;
	rc = reg_accredit(g, &d->op, 1, path, id, &p);
	if (rc != 0 && p.n)
		rc = ink_error(rc, "accreditation of %s: %s", w->id, p.v[0]);
	problems_release(&p);
	return rc;
}

/* A draft template, parsed. */
static int
template(cJSON **out, int scs_level)
{
	struct buf b = BUF_INIT(1 << 20);
	cJSON *cat = NULL;
	char id[16];
	int rc;

	/* SCS drafts list the criteria of the demo's completed catalogue. */
	snprintf(id, sizeof(id), "scs-star%d", scs_level);
	if (scs_level == 0)
		rc = audit_draft_write(&b, 0);
	else if ((rc = catalog_load(&cat, NULL, id, "2026-03-27-demo")) == 0)
		rc = scs_draft_template(&b, cat, scs_level);
	cJSON_Delete(cat);

	if (rc == 0) {
		json_strip_comments((char *)b.data, b.len);
		rc = json_parse(out, (const char *)b.data, b.len, "template");
	}
	buf_release(&b);
	return rc;
}

static void
set(cJSON *obj, const char *key, cJSON *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, v);
}

static cJSON *
jparse(const char *text)
{
	cJSON *j = NULL;

	json_parse(&j, text, strlen(text), "demo");
	return j;
}

static void
signers(cJSON *pred, const char *r1, struct who *a, const char *r2,
    struct who *b)
{
	char s[1024];

	snprintf(s, sizeof(s), "[{\"role\":\"%s\",\"keyid\":\"%s\",\"name\":"
	    "\"%s\",\"organisation\":\"%s\"},{\"role\":\"%s\",\"keyid\":\"%s\","
	    "\"name\":\"%s\",\"organisation\":\"%s\"}]", r1, a->keyid, a->name,
	    a->org, r2, b->keyid, b->name, b->org);
	set(pred, "signers", jparse(s));
}

/* A small but real PDF standing for the confidential report. */
static int
document(struct demo *d, const char *name, const char *title)
{
	char pdf[2048], body[512];
	int n;

	n = snprintf(body, sizeof(body), "BT /F1 14 Tf 56 760 Td (%s) Tj ET",
	    title);
	snprintf(pdf, sizeof(pdf), "%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 "
	    "R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 "
	    "obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 "
	    "R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length %d>>"
	    "stream\n%s\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1"
	    "/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n", n,
	    body);
	char path[64];
	snprintf(path, sizeof(path), "documents/%s", name);
	return write_file(d->priv, path, pdf, 0644);
}

/* Signs a draft by two signers, writes the envelope and its private
 * bundle under private/records, and registers it. */
static int
seal(struct demo *d, cJSON *draft, const char *name, struct who *a,
    const char *ra, struct who *b, const char *rb, char id[RECORD_ID_LEN])
{
	struct buf text = BUF_INIT(INK_MAX_DRAFT), payload, out = BUF_INIT(INK_MAX_ENVELOPE);
	struct buf bundle = BUF_INIT(INK_MAX_JSON);
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems p = PROBLEMS_INIT;
	cJSON *disc = NULL;
	const char *as;
	struct reg *g = NULL;
	char path[PATH_MAX + 128], result[64];
	int rc;

	if ((rc = json_pretty(&text, draft)) != 0)
		return rc;
	snprintf(path, sizeof(path), "records/%s.json", name);
	if ((rc = write_file(d->priv, path, buf_str(&text), 0644)) != 0)
		goto cleanup;
	rc = sign_draft_payload(&payload, &disc, (char *)text.data, text.len,
	    name, d->priv, time_now(), &p);
	if (rc != 0) {
		rc = ink_error(rc, "draft %s: %s", name, p.n ? p.v[0] :
		    ink_error_last());
		goto cleanup;
	}
	rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE, payload.data,
	    payload.len);
	buf_release(&payload);
	if (rc != 0 || (rc = sign_envelope(&env, a->key, ra, &as)) != 0 ||
	    (rc = sign_envelope(&env, b->key, rb, &as)) != 0 ||
	    (rc = dsse_envelope_write(&out, &env)) != 0)
		goto cleanup;
	record_id(id, env.payload, env.payload_len);
	snprintf(path, sizeof(path), "records/%s.dsse.json", name);
	if ((rc = write_file(d->priv, path, buf_str(&out), 0644)) != 0)
		goto cleanup;
	if (disc && ((rc = sign_bundle_write(&bundle, id, disc)) != 0 ||
	    (snprintf(path, sizeof(path), "records/%s.disclosures.json", name),
	    rc = write_file(d->priv, path, buf_str(&bundle), 0600)) != 0))
		goto cleanup;
	if ((rc = reg_open(&g, d->reg, REG_WRITE)) != 0)
		goto cleanup;
	reg_set_now(g, time_now());
	if ((rc = reg_add(g, &env, result, id, &p)) != 0) {
		rc = ink_error(rc, "registering %s: %s", name, p.n ? p.v[0] :
		    ink_error_last());
		goto cleanup;
	}
	char msg[160];
	snprintf(msg, sizeof(msg), "add: %s", name);
	rc = reg_commit(g, msg);
	witnesses_said(d, g);
	say(d, "registered %s (%s)", name, id);
cleanup:
	reg_close(g);
	problems_release(&p);
	cJSON_Delete(disc);
	dsse_envelope_release(&env);
	buf_release(&text);
	buf_release(&out);
	buf_wipe(&bundle);
	return rc;
}

/* A record of a service with its document (a small PDF named doc, the
 * draft's subject), signed by the auditor a and management m, and
 * registered; consumes dr. */
static int
seal_with_document(struct demo *d, cJSON *dr, const char *name,
    const char *doc, struct who *a, struct who *m, char id[RECORD_ID_LEN])
{
	char s[512];
	int rc;

	if ((rc = document(d, doc, name)) == 0) {
		snprintf(s, sizeof(s), "[{\"name\":\"%s\",\"file\":"
		    "\"documents/%s\"}]", doc, doc);
		set(dr, "subject", jparse(s));
		rc = seal(d, dr, name, a, "auditor", m, "management", id);
	}
	cJSON_Delete(dr);
	return rc;
}

static int
status(struct demo *d, const char *target, const char *action,
    const char *code, const char *reason, const char *by, int64_t deadline,
    const char *result)
{
	struct reg_status_req q = { target, action, code, reason, by, NULL,
		NULL, time_now(), NULL, deadline, result };
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	char id[RECORD_ID_LEN], msg[200];
	int rc;

	if ((rc = reg_open(&g, d->reg, REG_WRITE)) != 0)
		return rc;
	reg_set_now(g, time_now());
	rc = reg_status_add(g, &d->op, 1, &q, id, &p);
	if (rc != 0 && p.n)
		rc = ink_error(rc, "status %s: %s", action, p.v[0]);
	snprintf(msg, sizeof(msg), "status: %s %s (%s)", action, target, code);
	if (rc == 0)
		rc = reg_commit(g, msg);
	if (rc == 0) {
		witnesses_said(d, g);
		say(d, "%s %s", action, target);
	}
	problems_release(&p);
	reg_close(g);
	return rc;
}

/* A date YYYY-MM-DD as Japanese (2025年4月1日) and English (1 April
 * 2025) read it. */
static void
date_words(char ja[32], char en[32], const char *ymd)
{
	static const char *const month[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September",
		"October", "November", "December" };
	int y = 0, m = 1, dd = 1;

	if (ymd == NULL || sscanf(ymd, "%d-%d-%d", &y, &m, &dd) != 3 ||
	    m < 1 || m > 12)
		y = 0, m = 1, dd = 1;
	snprintf(ja, 32, "%d年%d月%d日", y, m, dd);
	snprintf(en, 32, "%d %s %d", dd, month[m - 1], y);
}

static cJSON *
text2(const char *ja, const char *en)
{
	cJSON *t = cJSON_CreateObject();

	cJSON_AddStringToObject(t, "ja", ja);
	cJSON_AddStringToObject(t, "en", en);
	return t;
}

/* The public texts of an audit, written for its own service, period and
 * scheme (the template's are another service's): management's
 * assertion over the audited period or at the as-of date, against the
 * scheme's criteria; the scope; the boundaries, naming the base services
 * it is built on, whose controls are audited and registered apart. */
static void
texts(cJSON *p, const char *scheme)
{
	const cJSON *svc = json_get(p, "service"), *nm = json_get(svc, "name");
	const char *sja = json_get_str(nm, "ja"), *sen = json_get_str(nm, "en");
	const char *as_of = json_get_str(p, "as_of_date");
	int soc2 = strncmp(scheme, "soc2", 4) == 0;
	char a[4][32], t[2][2048], base[2][600], q[300];
	const cJSON *b;

	if (sja == NULL)
		sja = json_get_str(svc, "name");
	if (sen == NULL)
		sen = sja;
	/* 「name」, unless the name brings its own brackets */
	snprintf(q, sizeof(q), strstr(sja ? sja : "", "「") ? "%s" : "「%s」",
	    sja ? sja : "");
	sja = q;
	date_words(a[0], a[1], json_get_str(p, "period_start"));
	date_words(a[2], a[3], json_get_str(p, as_of ? "as_of_date" :
	    "period_end"));
	const char *cja = soc2 ? "トラストサービス規準（セキュリティ、可用性、"
	    "機密保持）に基づくサービスコミットメント及びシステム要件を達成する" :
	    "ISMAP型管理基準（サンプル）の管理策を満たす";
	const char *cen = soc2 ? "to meet its service commitments and system "
	    "requirements under the Trust Services Criteria (security, "
	    "availability, confidentiality)" : "to meet the controls of the "
	    "ISMAP-style control standard (sample)";
	if (as_of) {
		snprintf(t[0], sizeof(t[0]), "当社経営者は、%s時点において、%s"
		    "に係る内部統制が、%sよう**適切に設計されていた**ことを言明"
		    "する。", a[2], sja, cja);
		snprintf(t[1], sizeof(t[1]), "Management asserts that, as of %s, "
		    "the controls of %s were **suitably designed** %s.", a[3],
		    sen, cen);
	} else {
		snprintf(t[0], sizeof(t[0]), "当社経営者は、%sから%sまでの期間を"
		    "通じて、%sに係る内部統制が、%sよう、**適切に設計され、"
		    "有効に運用されていた**ことを言明する。", a[0], a[2], sja, cja);
		snprintf(t[1], sizeof(t[1]), "Management asserts that, "
		    "throughout the period %s to %s, the controls of %s were "
		    "**suitably designed and operated effectively** %s.", a[1],
		    a[3], sen, cen);
	}
	set(p, "management_assertion", text2(t[0], t[1]));
	snprintf(t[0], sizeof(t[0]), "%sの本番環境と、その運用と開発を"
	    "支えるシステム及び組織を対象とする。", sja);
	snprintf(t[1], sizeof(t[1]), "The production environment of %s and "
	    "the systems and organisation that operate and develop it.", sen);
	set(p, "scope_summary", text2(t[0], t[1]));
	base[0][0] = base[1][0] = '\0';
	cJSON_ArrayForEach(b, json_get(p, "built_on")) {
		/* (the demo's base services, by id) */
		const char *id = json_get_str(b, "service_id");
		int st = id && strcmp(id, "base-storage") == 0;
		size_t l0 = strlen(base[0]), l1 = strlen(base[1]);
		snprintf(base[0] + l0, sizeof(base[0]) - l0, "、基盤とする"
		    "「ベースクラウド %s」（株式会社ベースインフラ、本制度に登録"
		    "済み）の統制", st ? "オブジェクトストレージ" : "IaaS");
		snprintf(base[1] + l1, sizeof(base[1]) - l1, "; the controls of "
		    "Base Cloud %s (Base Infra K.K.), the base service, "
		    "registered under the scheme", st ? "Object Storage" : "IaaS");
	}
	snprintf(t[0], sizeof(t[0]), "- 対象：%sのアプリケーション、API、"
	    "データベース、運用基盤\n- 対象外：利用者の端末とネットワーク%s",
	    sja, base[0]);
	snprintf(t[1], sizeof(t[1]), "- In scope: the %s application, API, "
	    "databases and operations platform\n- Out of scope: customers' "
	    "devices and networks%s", sen, base[1]);
	set(p, "system_boundaries", text2(t[0], t[1]));
	/* An ISMAP-style service's base is registered, not a carved-out
	 * subservice organisation. */
	if (!soc2)
		cJSON_DeleteItemFromObjectCaseSensitive(p,
		    "subservice_organisations");
}

/* An audit of one service: SOC 2 or ISMAP-style, by auditor a for the
 * management m, over the period ending period_end days from today. */
static int
audit(struct demo *d, const char *name, const char *scheme, struct who *a,
    struct who *m, const char *service_json, int period_end,
    const char *extra_json, char id[RECORD_ID_LEN])
{
	cJSON *dr = NULL, *p, *x, *e;
	char s[4096], d1[11], d2[11], d3[11], doc[128];
	int rc;

	if ((rc = template(&dr, 0)) != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(dr, "predicate");
	set(p, "scheme", cJSON_CreateString(scheme));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"corporate_number\":\"%s\"}",
	    m->org, m->corpnum);
	set(p, "organisation", jparse(s));
	set(p, "service", jparse(service_json));
	day(d1, d, period_end - 364);
	day(d2, d, period_end);
	day(d3, d, period_end + 20); /* reported before it is registered */
	if (strcmp(scheme, "soc2-type1") == 0) {
		set(p, "report_type", cJSON_CreateString("type1"));
		cJSON_DeleteItemFromObjectCaseSensitive(p, "period_start");
		cJSON_DeleteItemFromObjectCaseSensitive(p, "period_end");
		set(p, "as_of_date", cJSON_CreateString(d2));
	} else {
		set(p, "period_start", cJSON_CreateString(d1));
		set(p, "period_end", cJSON_CreateString(d2));
	}
	set(p, "report_date", cJSON_CreateString(d3));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"selection_id\":"
	    "\"DEMO-AF-%s\"}", a->org, a->corp + 9);
	set(p, "audit_firm", jparse(s));
	/* Scheme-specific changes (levels, catalogues, controls, built_on). */
	if (extra_json && (e = jparse(extra_json)) != NULL) {
		while ((x = e->child) != NULL) {
			cJSON_DetachItemViaPointer(e, x);
			set(p, x->string, x);
		}
		cJSON_Delete(e);
	}
	texts(p, scheme);
	signers(p, "auditor", a, "management", m);
	snprintf(doc, sizeof(doc), "%s.pdf", name);
	return seal_with_document(d, dr, name, doc, a, m, id);
}

/* A service on the 審査登録 programme's list (jp-cyber-list, seed 003:
 * the 情報セキュリティサービス基準適合サービスリスト), reviewed by the
 * reviewing body a, registered reg days from today. */
static int
listing(struct demo *d, const char *name, struct who *a, struct who *m,
    const char *service_json, const char *category_json,
    const char *summary_ja, const char *summary_en, int reg,
    char id[RECORD_ID_LEN])
{
	cJSON *dr = NULL, *p;
	char s[2048], d1[11], d2[11], doc[128];
	int rc;

	if ((rc = template(&dr, 0)) != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(dr, "predicate");
	set(p, "scheme", cJSON_CreateString("jp-cyber-list"));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"corporate_number\":\"%s\"}",
	    m->org, m->corpnum);
	set(p, "organisation", jparse(s));
	set(p, "service", jparse(service_json));
	set(p, "service_category", jparse(category_json));
	set(p, "report_type", cJSON_CreateString("other"));
	set(p, "engagement_standard", cJSON_CreateString("情報セキュリティサービス"
	    "基準に基づく審査"));
	set(p, "criteria", jparse("{\"framework\":\"情報セキュリティサービス基準"
	    "（経済産業省）\"}"));
	for (const char *const *k = (const char *const[]){ "period_start",
	    "period_end", "controls", "subservice_organisations", NULL }; *k;
	    k++)
		cJSON_DeleteItemFromObjectCaseSensitive(p, *k);
	day(d1, d, reg - 5);
	day(d2, d, reg);
	set(p, "as_of_date", cJSON_CreateString(d1));
	set(p, "report_date", cJSON_CreateString(d1));
	set(p, "registration_date", cJSON_CreateString(d2));
	set(p, "update_date", cJSON_CreateString(d2));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"selection_id\":"
	    "\"DEMO-AF-%s\"}", a->org, a->corp + 9);
	set(p, "audit_firm", jparse(s));
	set(p, "scope_summary", text2(summary_ja, summary_en));
	set(p, "management_assertion", text2("当社は、本サービスが情報セキュリティ"
	    "サービス基準の技術要件及び品質管理要件を満たしていることを言明する。",
	    "We assert that the service meets the technical and quality "
	    "requirements of the Information Security Service Standard."));
	set(p, "system_boundaries", text2("サービスの提供体制、技術者及び品質管理"
	    "の手順", "The service's delivery team, engineers and quality "
	    "procedures"));
	set(p, "principal_commitments", text2("基準に定める技術者の要件を満たす者が"
	    "サービスを提供する", "The service is delivered by engineers who "
	    "meet the standard's requirements"));
	snprintf(s, sizeof(s), "{\"service-category\":\"%s\","
	    "\"service-summary\":{\"ja\":\"%s\",\"en\":\"%s\"},"
	    "\"registration-date\":\"%s\",\"update-date\":\"%s\","
	    "\"reviewing-body\":\"%s\"}", json_get_str(json_get(p,
	    "service_category"), "id"), summary_ja, summary_en, d2, d2, a->org);
	set(p, "public_disclosures", jparse(s));
	signers(p, "auditor", a, "management", m);
	snprintf(doc, sizeof(doc), "%s.pdf", name);
	return seal_with_document(d, dr, name, doc, a, m, id);
}

/* A certification under the new programme (jp-cyber-service, seed 003)
 * by the secretariat a, of the service listed as service_json, on the
 * organisation's ★4 assessment scs; certified reg days from today. */
static int
certification(struct demo *d, const char *name, struct who *a, struct who *m,
    const char *service_json, const char *category_json,
    const char *summary_ja, const char *scs, const char *department,
    int reg, char id[RECORD_ID_LEN])
{
	struct buf b = BUF_INIT(1 << 20);
	cJSON *dr = NULL, *p, *c;
	char s[2048], d1[11], d2[11], d3[11], doc[128];
	int rc;

	if ((rc = audit_cert_draft_write(&b, 0)) == 0) {
		json_strip_comments((char *)b.data, b.len);
		rc = json_parse(&dr, (const char *)b.data, b.len, "template");
	}
	buf_release(&b);
	if (rc != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(dr, "predicate");
	c = cJSON_GetObjectItemCaseSensitive(p, "certification");
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"corporate_number\":\"%s\"}",
	    m->org, m->corpnum);
	set(p, "organisation", jparse(s));
	set(p, "service", jparse(service_json));
	set(p, "service_category", jparse(category_json));
	day(d1, d, reg);
	day(d2, d, reg - 20);
	day(d3, d, reg + 500);
	set(p, "registration_date", cJSON_CreateString(d1));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"selection_id\":"
	    "\"DEMO-AF-%s\"}", a->org, a->corp + 9);
	set(p, "audit_firm", jparse(s));
	snprintf(s, sizeof(s), "{\"service-summary\":\"%s\"}", summary_ja);
	set(p, "public_disclosures", jparse(s));
	set(c, "department", cJSON_CreateString(department));
	set(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c,
	    "prerequisites"), "isms"), "valid_until", cJSON_CreateString(d3));
	set(cJSON_GetObjectItemCaseSensitive(c, "prerequisites"),
	    "scs_assessment", cJSON_CreateString(scs));
	snprintf(s, sizeof(s), "代表取締役 %s", m->name);
	set(c, "representative", cJSON_CreateString(s));
	snprintf(s, sizeof(s), "{\"signed_by\":{\"name\":\"%s\",\"title\":"
	    "\"代表取締役\"},\"date\":\"%s\",\"incident_reporting\":true,"
	    "\"no_ransom\":true}", m->name, d2);
	set(c, "pledge", jparse(s));
	signers(p, "auditor", a, "management", m);
	snprintf(doc, sizeof(doc), "%s-application.pdf", name);
	return seal_with_document(d, dr, name, doc, a, m, id);
}

static const char ismap_controls[] =
    "\"criteria\":{\"framework\":\"ISMAP-style sample control standard\","
    "\"catalog\":\"ismap-sample\",\"catalog_version\":\"sample-1\","
    "\"categories\":[\"9\"]},"
    /* management's 言明書: one control excluded, with its reason */
    "\"statement_of_applicability\":{\"catalog_version\":\"sample-1\","
    "\"selected\":[\"9.2.1.1\",\"9.2.1.2\",\"9.2.1.3\"],"
    "\"excluded\":[{\"id\":\"9.2.1.4\",\"reason\":{\"ja\":"
    "\"利用者アカウントの登録と削除は契約者が自らの管理画面で行い、当社は"
    "代行しないため。\",\"en\":\"Customers register and remove their "
    "own users in their console; we do not do it for them.\"}}]},"
    "\"controls\":[{\"id\":\"9.2.1.1\",\"result\":\"conformant\","
    "\"procedures\":[\"inspection\"],\"sample_size\":25},"
    "{\"id\":\"9.2.1.2\",\"result\":\"conformant\",\"procedures\":"
    "[\"inquiry\",\"re-performance\"],\"sample_size\":12}],"
    "\"public_disclosures\":{\"capital-and-officers\":\"外国資本・外国籍役員なし\","
    "\"foreign-law-exposure\":\"外国法令の適用なし\",\"data-location-regions\":"
    "\"東京、大阪（利用者が選択可能）\",\"governing-law-and-jurisdiction\":"
    "\"日本法、東京地方裁判所\",\"third-party-penetration-test\":"
    "\"年1回、第三者による侵入試験を実施\"}";

/* An SCS assessment: every requirement conformant unless fail_req names
 * one (which then fails one criterion and the record is not registrable). */
static int
assessment(struct demo *d, const char *name, int level, struct who *sig,
    struct who *m, const char *scope, int confirmed, int with_plan,
    char id[RECORD_ID_LEN])
{
	cJSON *dr = NULL, *p, *r, *c;
	char s[4096], d1[11], d2[11], d3[11];
	int rc;

	if ((rc = template(&dr, level)) != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(dr, "predicate");
	snprintf(s, sizeof(s), "{\"id\":\"scs-star%d\",\"version\":"
	    "\"2026-03-27-demo\"}", level);
	set(p, "catalog", jparse(s));
	snprintf(s, sizeof(s), "{\"name\":\"%s\",\"corporate_number\":\"%s\"}",
	    m->org, m->corpnum);
	set(p, "organisation", jparse(s));
	snprintf(s, sizeof(s), "{\"kind\":\"company\",\"summary\":\"%s\"}", scope);
	set(p, "scope", jparse(s));
	day(d1, d, confirmed);
	day(d2, d, confirmed); /* declared once the expert confirmed */
	day(d3, d, confirmed - 20);
	if (level == 3) {
		/* The expert's accredited qualification and its number: a ★3
		 * names the expert the key is accredited to (FORMAT.md 8.4). */
		cJSON *q = jparse(sig->qual);
		const cJSON *q0 = cJSON_GetArrayItem(q, 0);
		snprintf(s, sizeof(s), "{\"name\":\"%s\",\"qualification\":"
		    "\"%s\",\"registration_number\":\"%s\"}", sig->name,
		    json_get_str(q0, "name") ? json_get_str(q0, "name") : "",
		    json_get_str(q0, "number") ? json_get_str(q0, "number") : "");
		cJSON_Delete(q);
		set(p, "expert", jparse(s));
	} else {
		snprintf(s, sizeof(s), "{\"name\":\"%s\",\"organisation\":\"%s\","
		    "\"qualification\":\"CISSP\",\"registration_number\":\"%s\"}",
		    sig->name, sig->org, sig->corp + 6);
		set(p, "evaluator", jparse(s));
	}
	c = cJSON_GetObjectItemCaseSensitive(p, "management_declaration");
	set(c, "name", cJSON_CreateString(m->name));
	set(c, "date", cJSON_CreateString(d2));
	set(p, "confirmation_date", cJSON_CreateString(d1));
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(p,
	    "requirements")) {
		set(r, "answer", cJSON_CreateString("対応済"));
		set(r, "comment", cJSON_CreateString("規程を整備し運用している。"));
		set(r, "procedures", jparse("[\"文書類\",\"ヒアリング\"]"));
		set(r, "result", cJSON_CreateString("適合"));
		set(r, "expert_comment", cJSON_CreateString("記録を確認した。"));
		cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r,
		    "criteria"))
			set(c, "met", cJSON_CreateTrue());
	}
	if (with_plan) {
		snprintf(s, sizeof(s), "{\"date\":\"%s\",\"company\":\"%s\","
		    "\"responsible\":{\"title\":\"情報システム部長\",\"name\":"
		    "\"木村 修\"},\"expert\":\"%s\",\"meetings\":[{\"date\":\"%s\","
		    "\"time\":\"14:00-17:00\",\"attendees\":[\"木村 修\",\"%s\"]}],"
		    "\"evaluation\":\"全要求事項に適合。ログの保管期間の延長を推奨する。\","
		    "\"items\":[{\"content\":\"監視ログの保管期間を1年に延長する\","
		    "\"target\":\"%.7s\"}]}", d1, m->org, sig->name, d3, sig->name,
		    d1);
		set(p, "improvement_plan", jparse(s));
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(p, "improvement_plan");
	}
	signers(p, level == 3 ? "expert" : "auditor", sig, "management", m);
	snprintf(s, sizeof(s), "documents/%s-sheet.csv", name);
	if ((rc = write_file(d->priv, s, "要求事項番号,評価基準番号,回答\n"
	    "1-2-1,1-2-1-1,対応済\n", 0644)) != 0)
		goto cleanup;
	char subj[256];
	snprintf(subj, sizeof(subj), "[{\"name\":\"%s-sheet.csv\",\"file\":"
	    "\"documents/%s-sheet.csv\"}]", name, name);
	set(dr, "subject", jparse(subj));
	rc = seal(d, dr, name, sig, level == 3 ? "expert" : "auditor", m,
	    "management", id);
cleanup:
	cJSON_Delete(dr);
	return rc;
}

/* The demo's catalogue folder: the installed catalogues, plus ★3 and ★4
 * catalogues completed from examples/scs-star{3,4}-criteria-demo.csv
 * (demo texts, clearly not the official ones) under their own version. */
static int
demo_catalogs(struct demo *d)
{
	char src[PATH_MAX + 64], dst[PATH_MAX + 64], csvpath[PATH_MAX];
	struct problems p = PROBLEMS_INIT;
	struct scs_import_opts io = { NULL, "2026-03-27-demo",
		"inkan demo (NOT the official criteria texts)", NULL, NULL };
	const char *from = catalog_dir();
	struct dirent **names = NULL;
	cJSON *base = NULL, *cat = NULL;
	struct buf b, out = BUF_INIT(INK_MAX_JSON);
	int n, rc = 0;

	snprintf(dst, sizeof(dst), "%s/catalogs", d->priv);
	if (mkdir(dst, 0755) != 0)
		return ink_error_sys(INK_EINPUT, "cannot create '%s'", dst);
	if ((n = scandir(from, &names, NULL, alphasort)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot read '%s'", from);
	for (int i = 0; i < n && rc == 0; i++) {
		size_t len = strlen(names[i]->d_name);
		if (len > 5 && strcmp(names[i]->d_name + len - 5, ".json") == 0) {
			snprintf(src, sizeof(src), "%s/%s", from, names[i]->d_name);
			if ((rc = file_read(&b, src, INK_MAX_JSON)) == 0) {
				rc = write_file(dst, names[i]->d_name,
				    buf_str(&b), 0644);
				buf_release(&b);
			}
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc != 0)
		return rc;
	for (int level = 3; level <= 4 && rc == 0; level++) {
		char id[16], name[64];
		snprintf(id, sizeof(id), "scs-star%d", level);
		io.id = id;
		snprintf(name, sizeof(name), "scs-star%d-criteria-demo.csv", level);
		io.source_name = name;
		/* The CSV ships in examples/ (the source tree's, or the
		 * installed share/inkan/examples). */
		cJSON_Delete(base);
		cJSON_Delete(cat);
		base = cat = NULL;
		if ((rc = catalog_example_path(csvpath, name)) != 0 ||
		    (rc = catalog_load(&base, NULL, id, NULL)) != 0 ||
		    (rc = file_read(&b, csvpath, INK_MAX_JSON)) != 0)
			goto cleanup;
		char hex[SHA256_HEX];
		sha256_hex(hex, b.data, b.len);
		io.source_sha256 = hex;
		rc = scs_catalog_import(&cat, base, b.data, b.len, &io, &p);
		buf_release(&b);
		if (rc != 0) {
			rc = ink_error(rc, "demo catalogue %s: %s", id, p.n ?
			    p.v[0] : ink_error_last());
			goto cleanup;
		}
		snprintf(name, sizeof(name), "%s-demo.json", id);
		buf_reset(&out);
		if ((rc = json_pretty(&out, cat)) != 0 ||
		    (rc = write_file(dst, name, buf_str(&out), 0644)) != 0)
			goto cleanup;
	}
	catalog_dir_set(dst);
cleanup:
	problems_release(&p);
	cJSON_Delete(base);
	cJSON_Delete(cat);
	buf_release(&out);
	return rc;
}

/* Makes the demo's two witnesses: their keys and state under
 * private/witnesses/, their verifier keys into vk[2]. */
static int
witnesses_make(struct demo *d, struct buf vk[2])
{
	static const char *const names[2] = { WITNESS_HTTP, WITNESS_OFFLINE };
	static const char *const dirs[2] = { "http", "offline" };
	char prefix[PATH_MAX + 64], key[PATH_MAX + 64], dir[PATH_MAX + 64];
	char kid[KEYID_HEX];
	int rc;

	for (int i = 0; i < 2; i++) {
		snprintf(prefix, sizeof(prefix), "%s/keys/witness-%s", d->priv,
		    dirs[i]);
		snprintf(key, sizeof(key), "%s.key", prefix);
		snprintf(dir, sizeof(dir), "%s/witnesses/%s", d->priv, dirs[i]);
		if ((rc = key_generate(kid, prefix, false, NULL)) != 0 ||
		    (rc = witness_init(&vk[i], dir, names[i], key, NULL)) != 0)
			return rc;
	}
	return 0;
}

/* Each witness trusts the registry's log key. */
static int
witnesses_trust(struct demo *d)
{
	struct buf lv = BUF_INIT(4096);
	char dir[PATH_MAX + 64];
	struct reg *g = NULL;
	int rc;

	if ((rc = reg_open(&g, d->reg, REG_READ)) == 0 &&
	    (rc = reg_log_vkey(g, &lv)) == 0)
		for (int i = 0; i < 2 && rc == 0; i++) {
			snprintf(dir, sizeof(dir), "%s/witnesses/%s", d->priv,
			    i ? "offline" : "http");
			rc = witness_add_log(dir, NULL, buf_str(&lv));
		}
	reg_close(g);
	buf_release(&lv);
	return rc;
}

/* The offline witness cosigns the registry's checkpoint (from size 0: it
 * has seen none), and the operator stores its cosignature. */
static int
witness_offline(struct demo *d)
{
	struct buf cp = BUF_INIT(64 * 1024), req = BUF_INIT(1 << 20);
	struct buf body = BUF_INIT(4096), note = BUF_INIT(64 * 1024);
	struct problems p = PROBLEMS_INIT;
	enum witness_status st;
	struct witness *w = NULL;
	struct reg *g = NULL;
	char dir[PATH_MAX + 64];
	size_t added = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/witnesses/offline", d->priv);
	if ((rc = reg_open(&g, d->reg, REG_READ)) != 0 ||
	    (rc = reg_checkpoint(g, &cp)) != 0 ||
	    (rc = reg_consistency(g, 0, &req)) != 0)
		goto cleanup;
	reg_close(g);
	g = NULL;
	if ((rc = buf_adds(&req, "\n")) != 0 ||
	    (rc = buf_add(&req, cp.data, cp.len)) != 0 ||
	    (rc = witness_open(&w, dir, NULL)) != 0 ||
	    (rc = witness_add_checkpoint(w, (const char *)req.data, req.len,
	    time_now(), &st, &body)) != 0 ||
	    (rc = buf_add(&note, cp.data, cp.len)) != 0 ||
	    (rc = buf_add(&note, body.data, body.len)) != 0)
		goto cleanup;
	if ((rc = reg_open(&g, d->reg, REG_WRITE)) != 0)
		goto cleanup;
	reg_set_now(g, time_now());
	if ((rc = reg_add_cosignatures(g, &note, 1, &added, &p)) != 0) {
		rc = ink_error(rc, "the offline witness's cosignature: %s",
		    p.n ? p.v[0] : ink_error_last());
		goto cleanup;
	}
	if ((rc = reg_commit(g, "log: the offline witness's cosignature")) != 0)
		goto cleanup;
	witnesses_said(d, g);
	say(d, "stored the offline witness's cosignature (%s)%s",
	    WITNESS_OFFLINE, "");
cleanup:
	reg_close(g);
	witness_close(w);
	problems_release(&p);
	buf_release(&cp);
	buf_release(&req);
	buf_release(&body);
	buf_release(&note);
	return rc;
}

static int
mkdirs(struct demo *d)
{
	static const char *const sub[] = { "", "/private", "/private/keys",
		"/private/accreditations", "/private/records",
		"/private/documents", "/private/witnesses", NULL };
	char p[PATH_MAX + 64];

	for (size_t i = 0; sub[i]; i++) {
		snprintf(p, sizeof(p), "%s%s", d->dir, sub[i]);
		if (mkdir(p, i < 2 ? 0755 : 0700) != 0 && !(i == 0 &&
		    errno == EEXIST))
			return ink_error_sys(INK_EINPUT, "cannot create '%s'", p);
	}
	return 0;
}

int
demo_build(const char *dir, FILE *log)
{
	struct demo d;
	char root[RECORD_ID_LEN], id[RECORD_ID_LEN], old[RECORD_ID_LEN];
	char iaas[RECORD_ID_LEN], minato[RECORD_ID_LEN], svc[1024];
	char storage[RECORD_ID_LEN], tsunagu[RECORD_ID_LEN];
	char yamato[RECORD_ID_LEN];
	struct reg *g = NULL;
	int64_t now = time_now();
	struct buf vk[2] = { BUF_INIT(1024), BUF_INIT(1024) };
	const char *vkeys[2];
	struct witness *wh = NULL;
	struct witness_server *srv = NULL;
	char whdir[PATH_MAX + 64], url[64];
	unsigned port = 0;
	int rc;

	memset(&d, 0, sizeof(d));
	d.log = log;
	snprintf(d.dir, sizeof(d.dir), "%s", dir);
	snprintf(d.priv, sizeof(d.priv), "%s/private", dir);
	snprintf(d.reg, sizeof(d.reg), "%s/registry", dir);
	/* Today at 00:00 JST. */
	d.today = (now + JST) - (now + JST) % DAY - JST;
	if (file_exists(d.reg) || file_exists(d.priv))
		return ink_error(INK_EEXIST, "'%s' already holds a demo: remove "
		    "it first", dir);
	if ((rc = mkdirs(&d)) != 0 || (rc = make_keys(&d)) != 0 ||
	    (rc = demo_catalogs(&d)) != 0 ||
	    (rc = witnesses_make(&d, vk)) != 0)
		goto cleanup;
	vkeys[0] = buf_str(&vk[0]);
	vkeys[1] = buf_str(&vk[1]);

	/* The operator opens the registry, and accredits the signers. */
	at(&d, -420, 1);
	char opkey[PATH_MAX + 64];
	snprintf(opkey, sizeof(opkey), "%s/keys/operator.key", d.priv);
	struct reg_init_opts io = { d.reg, "registry.demo.inkan.invalid",
		opkey, NULL, "登録機関 事務局（デモ）", "registry@demo.invalid",
		d.today + 3 * 365 * (int64_t)DAY, NULL, time_now(),
		{ vkeys, 2, 2 } };
	if ((rc = reg_init(root, &io)) != 0 || (rc = witnesses_trust(&d)) != 0)
		goto cleanup;
	say(&d, "created the registry %s (root %s)", d.reg, root);
	/* The HTTP witness answers on a free port for as long as the demo
	 * writes; every commit asks it. */
	snprintf(whdir, sizeof(whdir), "%s/witnesses/http", d.priv);
	if ((rc = witness_open(&wh, whdir, NULL)) != 0 ||
	    (rc = witness_serve_start(&srv, wh, "127.0.0.1:0", time_now, NULL,
	    NULL, &port)) != 0)
		goto cleanup;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", port);
	say(&d, "two witnesses: %s over HTTP at %s, and one offline",
	    WITNESS_HTTP, url);
	at(&d, -419, 1);
	if ((rc = reg_open(&g, d.reg, REG_WRITE)) != 0)
		goto cleanup;
	reg_set_now(g, time_now());
	if ((rc = reg_witness_url_set(g, WITNESS_HTTP, url)) != 0)
		goto cleanup;
	for (struct who *w = cast + 1; w->id; w++)
		if ((rc = accredit(&d, g, w, -420, 3 * 365)) != 0)
			goto cleanup;
	if ((rc = reg_commit(g, "accredit: the demo's signers")) != 0)
		goto cleanup;
	reg_close(g);
	g = NULL;
	say(&d, "accredited %s%s", "2 auditors, 2 experts, 9 managements, ",
	    "a reviewing body and a certification secretariat");

	struct who *yamada = who("auditor-yamada"), *suzuki =
	    who("auditor-suzuki");
	const char *kazoeru = "{\"name\":{\"ja\":\"クラウド会計サービス「かぞえる」\","
	    "\"en\":\"Kazoeru cloud accounting\"},\"id\":\"kazoeru\",\"models\":"
	    "[{\"model\":\"SaaS\",\"responsibility\":{\"ja\":\"アプリケーション、"
	    "利用者データ、アクセス管理\",\"en\":\"Application, customer data, "
	    "access management\"}}],\"deployment_models\":[\"public\"],"
	    "\"regions\":[\"日本（東京）\",\"日本（大阪）\"]}";

	/* An old SOC 2 Type 1, long expired. */
	at(&d, -410, 2);
	if ((rc = audit(&d, "kazoeru-soc2-type1", "soc2-type1", yamada,
	    who("mgmt-sample-cloud"), kazoeru, -440, NULL, id)) != 0)
		goto cleanup;
	/* つなぐ's SOC 2 Type 1 of last year, never renewed: expired. */
	at(&d, -405, 2);
	char svc1[1024];
	snprintf(svc1, sizeof(svc1), "{\"name\":{\"ja\":\"つなぐ電子契約\","
	    "\"en\":\"Tsunagu e-contracts\"},\"id\":\"tsunagu\",\"models\":"
	    "[{\"model\":\"SaaS\",\"responsibility\":\"アプリケーションと"
	    "利用者データ\"}],\"deployment_models\":[\"public\"],\"regions\":"
	    "[\"日本（東京）\"]}");
	if ((rc = audit(&d, "tsunagu-soc2-type1", "soc2-type1", yamada,
	    who("mgmt-tsunagu"), svc1, -435, NULL, svc1)) != 0)
		goto cleanup;
	/* Base Infra's IaaS, audited last year: the services built on it
	 * name the service, not one year's record. */
	at(&d, -400, 3);
	char ext[4096], base[300];
	const char *iaas_svc = "{\"name\":{\"ja\":\"ベースクラウド IaaS\","
	    "\"en\":\"Base Cloud IaaS\"},\"id\":\"base-iaas\",\"models\":"
	    "[{\"model\":\"IaaS\",\"responsibility\":\"データセンター、物理、"
	    "ハイパーバイザ\"}],\"deployment_models\":[\"public\",\"private\"],"
	    "\"regions\":[\"日本（東京）\"]}";
	snprintf(ext, sizeof(ext), "{\"level\":\"3\",\"audit_type\":\"direct\","
	    "\"report_type\":\"other\",\"engagement_standard\":\"ISMAP-style "
	    "standard audit procedures (sample)\",%s}", ismap_controls);
	if ((rc = audit(&d, "base-iaas-ismap-2025", "ismap-cloud", suzuki,
	    who("mgmt-base-infra"), iaas_svc, -430, ext, iaas)) != 0)
		goto cleanup;
	/* Last year's SOC 2 Type 2: it replaces the Type 1 (one
	 * registration per service and scheme), and this year's replaces it. */
	at(&d, -330, 2);
	char sup[200];
	snprintf(sup, sizeof(sup), "{\"supersedes\":\"%s\"}", id);
	if ((rc = audit(&d, "kazoeru-soc2-2025", "soc2-type2", yamada,
	    who("mgmt-sample-cloud"), kazoeru, -370, sup, old)) != 0)
		goto cleanup;
	/* SCS assessments, in the order of their dates (the log's time
	 * never goes backwards): ★3s with and without an improvement plan,
	 * one later revoked; and a ★4 by a third-party evaluator. */
	at(&d, -200, 4);
	if ((rc = assessment(&d, "minato-star3", 3, who("expert-ito"),
	    who("mgmt-minato"), "本社及び物流センター", -203, 0, minato)) != 0)
		goto cleanup;
	at(&d, -150, 4);
	if ((rc = assessment(&d, "hikari-star4", 4, suzuki, who("mgmt-hikari"),
	    "本社及び開発センター", -155, 0, id)) != 0)
		goto cleanup;

	/* The security firms: their ★4 assessments, and their services
	 * on the 審査登録 programme's list. */
	char mamori4[RECORD_ID_LEN], shirase4[RECORD_ID_LEN];
	const char *mamori_va = "{\"name\":{\"ja\":\"まもり脆弱性診断\","
	    "\"en\":\"Mamori vulnerability assessment\"},\"id\":"
	    "\"mamori-va\"}";
	const char *shirase_df = "{\"name\":{\"ja\":\"しらせデジタルフォレン"
	    "ジック\",\"en\":\"Shirase digital forensics\"},\"id\":"
	    "\"shirase-df\"}";
	at(&d, -140, 4);
	if ((rc = assessment(&d, "mamori-star4", 4, suzuki, who("mgmt-mamori"),
	    "本社及び診断センター", -145, 0, mamori4)) != 0)
		goto cleanup;
	at(&d, -135, 4);
	if ((rc = assessment(&d, "shirase-star4", 4, suzuki,
	    who("mgmt-shirase"), "本社", -138, 0, shirase4)) != 0)
		goto cleanup;
	at(&d, -130, 5);
	if ((rc = listing(&d, "mamori-va-list", who("reviewer-mori"),
	    who("mgmt-mamori"), mamori_va, "{\"id\":\"vulnerability-assessment\","
	    "\"options\":[\"penetration-test\"]}", "Webアプリケーション及び"
	    "ネットワークの脆弱性診断、ペネトレーションテスト", "Web application "
	    "and network vulnerability assessment; penetration testing", -131,
	    id)) != 0)
		goto cleanup;
	at(&d, -128, 5);
	if ((rc = listing(&d, "mamori-soc-list", who("reviewer-mori"),
	    who("mgmt-mamori"), "{\"name\":{\"ja\":\"まもりSOC監視\",\"en\":"
	    "\"Mamori SOC monitoring\"},\"id\":\"mamori-soc\"}",
	    "{\"id\":\"security-monitoring\",\"options\":[]}", "24時間365日の"
	    "セキュリティ監視と運用支援", "Security monitoring and operations "
	    "around the clock", -129, id)) != 0)
		goto cleanup;
	at(&d, -126, 5);
	if ((rc = listing(&d, "shirase-df-list", who("reviewer-mori"),
	    who("mgmt-shirase"), shirase_df, "{\"id\":\"digital-forensics\","
	    "\"options\":[]}", "インシデント発生時の証拠保全と解析",
	    "Evidence preservation and analysis after an incident", -127,
	    id)) != 0)
		goto cleanup;

	/* Base Infra's object storage, and two SaaS: one built on the IaaS,
	 * one on the storage. */
	at(&d, -115, 3);
	snprintf(ext, sizeof(ext), "{\"level\":\"2\",\"audit_type\":\"direct\","
	    "\"report_type\":\"other\",\"engagement_standard\":\"ISMAP-style "
	    "standard audit procedures (sample)\",%s}", ismap_controls);
	if ((rc = audit(&d, "base-storage-ismap", "ismap-cloud", suzuki,
	    who("mgmt-base-infra"), "{\"name\":{\"ja\":\"ベースクラウド "
	    "オブジェクトストレージ\",\"en\":\"Base Cloud Object Storage\"},"
	    "\"id\":\"base-storage\",\"models\":[{\"model\":\"PaaS\","
	    "\"responsibility\":\"ストレージ基盤と暗号鍵の管理\"}],"
	    "\"deployment_models\":[\"public\"],\"regions\":[\"日本（東京）\","
	    "\"日本（大阪）\"]}", -140, ext, storage)) != 0)
		goto cleanup;
	at(&d, -100, 3);
	snprintf(base, sizeof(base), "{\"corporate_number\":\"%s\","
	    "\"service_id\":\"base-iaas\"}", who("mgmt-base-infra")->corpnum);
	snprintf(ext, sizeof(ext), "{\"level\":\"2\",\"audit_type\":\"direct\","
	    "\"report_type\":\"other\",\"engagement_standard\":\"ISMAP-style "
	    "standard audit procedures (sample)\",\"built_on\":[%s],%s}",
	    base, ismap_controls);
	snprintf(svc, sizeof(svc), "{\"name\":{\"ja\":\"つなぐ電子契約\","
	    "\"en\":\"Tsunagu e-contracts\"},\"id\":\"tsunagu\",\"models\":"
	    "[{\"model\":\"SaaS\",\"responsibility\":\"アプリケーションと"
	    "利用者データ\"},{\"model\":\"PaaS\",\"responsibility\":\"実行基盤の"
	    "構成管理\"}],\"deployment_models\":[\"public\"],\"regions\":"
	    "[\"日本（東京）\"]}");
	if ((rc = audit(&d, "tsunagu-ismap", "ismap-cloud", suzuki,
	    who("mgmt-tsunagu"), svc, -130, ext, id)) != 0)
		goto cleanup;
	snprintf(tsunagu, sizeof(tsunagu), "%s", id);
	at(&d, -90, 4);
	if ((rc = assessment(&d, "sakura-star3", 3, who("expert-ito"),
	    who("mgmt-sakura"), "本社", -95, 0, id)) != 0)
		goto cleanup;
	/* The IaaS's annual re-audit replaces last year's record: what is
	 * built on the service stays registered. */
	at(&d, -70, 3);
	snprintf(ext, sizeof(ext), "{\"level\":\"3\",\"audit_type\":\"direct\","
	    "\"report_type\":\"other\",\"engagement_standard\":\"ISMAP-style "
	    "standard audit procedures (sample)\",\"supersedes\":\"%s\",%s}",
	    iaas, ismap_controls);
	if ((rc = audit(&d, "base-iaas-ismap-2026", "ismap-cloud", suzuki,
	    who("mgmt-base-infra"), iaas_svc, -95, ext, id)) != 0)
		goto cleanup;
	at(&d, -60, 3);
	snprintf(base, sizeof(base), "{\"corporate_number\":\"%s\","
	    "\"service_id\":\"base-storage\"}", who("mgmt-base-infra")->corpnum);
	snprintf(ext, sizeof(ext), "{\"level\":\"1\",\"audit_type\":\"direct\","
	    "\"report_type\":\"other\",\"engagement_standard\":\"ISMAP-style "
	    "standard audit procedures (sample)\",\"built_on\":[%s],%s}",
	    base, ismap_controls);
	if ((rc = audit(&d, "hikari-design-ismap", "ismap-cloud", suzuki,
	    who("mgmt-hikari"), "{\"name\":{\"ja\":\"ひかり設計クラウド\","
	    "\"en\":\"Hikari Design Cloud\"},\"id\":\"hikari-design\","
	    "\"models\":[{\"model\":\"SaaS\",\"responsibility\":\"設計データ"
	    "の管理と共有機能、利用者のアクセス管理\"}],\"deployment_models\":"
	    "[\"public\"],\"regions\":[\"日本（東京）\"]}", -90, ext, id)) != 0)
		goto cleanup;
	/* The new certification (seed 003): both firms' listed services,
	 * on their ★4 assessments. */
	char shirase_cert[RECORD_ID_LEN];
	at(&d, -58, 6);
	if ((rc = certification(&d, "mamori-va-cert", who("secretariat-inoue"),
	    who("mgmt-mamori"), mamori_va, "{\"id\":\"vulnerability-assessment\","
	    "\"options\":[\"penetration-test\"]}", "Webアプリケーション及び"
	    "ネットワークの脆弱性診断、ペネトレーションテスト", mamori4,
	    "セキュリティ診断部", -59, id)) != 0)
		goto cleanup;
	at(&d, -55, 6);
	if ((rc = certification(&d, "shirase-df-cert",
	    who("secretariat-inoue"), who("mgmt-shirase"), shirase_df,
	    "{\"id\":\"digital-forensics\",\"options\":[]}", "インシデント発生"
	    "時の証拠保全と解析", shirase4, "フォレンジック部", -56,
	    shirase_cert)) != 0)
		goto cleanup;
	at(&d, -28, 4);
	if ((rc = assessment(&d, "yamato-star3", 3, who("expert-takahashi"),
	    who("mgmt-yamato"), "本社及び全工場", -30, 1, id)) != 0)
		goto cleanup;
	snprintf(yamato, sizeof(yamato), "%s", id);
	/* What happened since: a ★3 revoked; the storage delisted, and the
	 * SaaS built on it with it. */
	/* しらせ's ★4 is revoked: its certification loses a prerequisite,
	 * and the secretariat revokes it (seed 003: 「仮に更新できなかつた場合
	 * は、原則、認定を取り消す」). */
	at(&d, -25, 5);
	if ((rc = status(&d, shirase4, "revoke", "FALSE-DECLARATION",
	    "★4評価の申告内容に事実と異なる記載が判明したため取り消し", NULL, 0,
	    NULL)) != 0)
		goto cleanup;
	at(&d, -24, 5);
	if ((rc = status(&d, shirase_cert, "revoke", "PREREQUISITE-LAPSED",
	    "認定要件であるSCS評価制度★4が取り消されたため、認定を取り消す", NULL,
	    0, NULL)) != 0)
		goto cleanup;
	at(&d, -20, 5);
	if ((rc = status(&d, minato, "revoke", "FALSE-DECLARATION",
	    "自己評価の内容に事実と異なる申告が判明したため取り消し",
	    NULL, 0, NULL)) != 0)
		goto cleanup;
	at(&d, -10, 5);
	if ((rc = status(&d, storage, "delist", "MANDATORY-CONTROL-FAILURE",
	    "サーベイランスで必須統制の不備が判明したため登録を抹消", NULL, 0,
	    NULL)) != 0)
		goto cleanup;
	/* This year's SOC 2 Type 2 supersedes last year's. */
	at(&d, -8, 2);
	snprintf(sup, sizeof(sup), "{\"supersedes\":\"%s\"}", old);
	if ((rc = audit(&d, "kazoeru-soc2-2026", "soc2-type2", yamada,
	    who("mgmt-sample-cloud"), kazoeru, -5 - 30, sup, id)) != 0)
		goto cleanup;
	/* Supervision (seed 003, サーベイランス制度): a correction demanded of
	 * a ★3 and not made by its deadline (overdue: the operator may now
	 * revoke it); a surveillance by random selection with no findings;
	 * a correction demanded of つなぐ, due in four weeks. */
	at(&d, -7, 3);
	if ((rc = status(&d, yamato, "corrective-demand", "VIOLATION",
	    "取引先管理（2-1-2）の証跡が自己評価の記載と異なるため、是正を求める",
	    NULL, d.today - 2 * DAY, NULL)) != 0)
		goto cleanup;
	at(&d, -6, 3);
	if ((rc = status(&d, tsunagu, "surveillance", "SURVEILLANCE-RANDOM",
	    "無作為抽出によるサーベイランス。登録内容と実態に相違なし", NULL, 0,
	    "no-findings")) != 0)
		goto cleanup;
	at(&d, -4, 3);
	if ((rc = status(&d, tsunagu, "corrective-demand", "VIOLATION",
	    "再委託先の開示が実態と異なるため、開示の訂正を求める", NULL,
	    d.today + 26 * DAY, NULL)) != 0)
		goto cleanup;

	/* The offline witness cosigns the last checkpoint. */
	if ((rc = witness_offline(&d)) != 0)
		goto cleanup;
	witness_serve_stop(srv);
	srv = NULL;
	unsetenv("INKAN_NOW");
	/* And the public face of it all. */
	{
		char out[PATH_MAX + 16], clone[PATH_MAX];
		struct site_stats ss;
		struct site_opts so;
		memset(&so, 0, sizeof(so));
		snprintf(out, sizeof(out), "%s/site", d.dir);
		/* A real site: its pages say where it is served and where to
		 * clone the registry from (here, this machine's copy). */
		if (realpath(d.reg, clone) == NULL) {
			rc = ink_error_sys(INK_EINPUT, "cannot resolve '%s'", d.reg);
			goto cleanup;
		}
		so.registry = d.reg;
		so.out = out;
		so.base_url = DEMO_URL;
		so.clone_url = clone;
		so.at = now;
		if ((rc = site_build(&ss, &so)) != 0)
			goto cleanup;
		say(&d, "rendered the site in %s (%s)", out, "Japanese and English");
	}
cleanup:
	unsetenv("INKAN_NOW");
	reg_close(g);
	witness_serve_stop(srv);
	witness_close(wh);
	buf_release(&vk[0]);
	buf_release(&vk[1]);
	for (struct who *w = cast; w->id; w++) {
		EVP_PKEY_free(w->key);
		w->key = NULL;
	}
	return rc;
}
