/*
 * The OSCAL export: an OSCAL 1.0.6 assessment-results document of a
 * verified audit-report record (checked in tests/t0400-interop.sh against
 * NIST's JSON Schema), with deterministic UUIDs so that one record always
 * exports to the same document.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit.h"
#include "export/export.h"

/* The namespace of OSCAL props and parts of our own making. */
#define OSCAL_NS KIND_AUDIT_TYPE
/* The scheme of Japanese corporate numbers (法人番号): the National Tax
 * Agency's publication site. */
#define CORPORATE_NUMBER_SCHEME "https://www.houjin-bangou.nta.go.jp/"

/* The deterministic UUID of one part of the export of a record: a
 * name-based (version 5, SHA-1) UUID in the URL namespace of
 * "urn:inkan:oscal:<record id>#<part>". */
static int
export_uuid(char out[EXPORT_UUID_LEN], const char *record_id,
    const char *part)
{
	/* RFC 4122 name space for URLs (and, in practice, any URI). */
	static const unsigned char ns_url[16] = {
		0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
		0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
	};
	struct buf name = BUF_INIT(INK_MAX_JSON);
	unsigned char md[EVP_MAX_MD_SIZE], u[16];
	unsigned int mdlen = 0;
	char hex[33];
	int rc;

	if ((rc = buf_add(&name, ns_url, sizeof(ns_url))) != 0 ||
	    (rc = buf_addf(&name, "urn:inkan:oscal:%s#%s", record_id,
	    part)) != 0)
		goto cleanup;
	if (EVP_Digest(name.data, name.len, md, &mdlen, EVP_sha1(),
	    NULL) != 1 || mdlen < 16) {
		rc = ink_error_ssl(INK_EINPUT, "SHA-1 failed");
		goto cleanup;
	}
	memcpy(u, md, 16);
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x50);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	hex_encode(hex, u, 16);
	snprintf(out, EXPORT_UUID_LEN, "%.8s-%.4s-%.4s-%.4s-%.12s", hex,
	    hex + 8, hex + 12, hex + 16, hex + 20);
cleanup:
	buf_release(&name);
	return rc;
}

struct oscal {
	const char *rid;
	const char *lang;
	int ja;
	int rc;
	const cJSON *pred;
	char auditor[EXPORT_UUID_LEN];  /* party uuids, "" when none */
	char management[EXPORT_UUID_LEN];
	char firm[EXPORT_UUID_LEN];
	char provider[EXPORT_UUID_LEN];
	char start[32], end[32];
};

/* Text for a field: a failure (the field's limit, memory) is kept in
 * o->rc, so the export fails rather than write a cut text. */
static void
o_addf(struct oscal *o, struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
o_addf(struct oscal *o, struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	if (rc != 0 && o->rc == 0)
		o->rc = rc;
}

static const char *
label(const struct oscal *o, const char *en, const char *ja)
{
	return o->ja ? ja : en;
}

/* The UUID of a part, as a new cJSON string added to obj as "uuid" (or
 * under key); failures are kept in o->rc. */
static void
add_uuid(struct oscal *o, cJSON *obj, const char *key, char *keep,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
add_uuid(struct oscal *o, cJSON *obj, const char *key, char *keep,
    const char *fmt, ...)
{
	char *part = NULL, u[EXPORT_UUID_LEN];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (part = malloc((size_t)n + 1)) == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(part, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = export_uuid(u, o->rid, part);
	free(part);
	if (rc != 0) {
		o->rc = rc;
		return;
	}
	if (obj)
		cJSON_AddStringToObject(obj, key ? key : "uuid", u);
	if (keep)
		memcpy(keep, u, EXPORT_UUID_LEN);
}

/* Bytes of a whitespace character at p (0 when there is none) by the
 * Unicode White_Space property, which both ECMAScript's and Python's \s
 * follow; line-breaking ones are flagged. */
static size_t
space_at(const unsigned char *p, int *linebreak)
{
	*linebreak = 0;
	if (*p == ' ')
		return 1;
	if (*p < 0x20 || *p == 0x7f) {
		*linebreak = 1;
		return 1;
	}
	if (p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0)) {
		*linebreak = p[1] == 0x85;
		return 2;
	}
	if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8a) ||
	    p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf)) {
		*linebreak = p[2] == 0xa8 || p[2] == 0xa9;
		return 3;
	}
	if ((p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
	    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) ||
	    (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf))
		return 3;
	return 0;
}

/* An OSCAL StringDatatype (^\S(.*\S)?$): line breaks and control
 * characters become spaces, whitespace at either end goes.  NULL when
 * nothing is left (the caller leaves the member out). */
static char *
oneline(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, end = 0, len = 0, k;
	char *out;
	int lb;

	if (n == 0 || (out = malloc(n + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i += k) {
		if ((k = space_at(p + i, &lb)) == 0) {
			k = 1;
			out[len++] = (char)p[i];
			end = len;
			continue;
		}
		if (end == 0)
			continue; /* leading */
		if (lb) {
			out[len++] = ' ';
		} else {
			memcpy(out + len, p + i, k);
			len += k;
		}
	}
	out[end] = '\0';
	if (end == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void
add_line(cJSON *obj, const char *key, const char *s)
{
	char *v = oneline(s);

	if (v)
		cJSON_AddStringToObject(obj, key, v);
	free(v);
}

static void
add_prop(cJSON *props, const char *name, const char *value)
{
	cJSON *p;
	char *v = oneline(value);

	if (v == NULL)
		return;
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "ns", OSCAL_NS);
	cJSON_AddStringToObject(p, "value", v);
	cJSON_AddItemToArray(props, p);
	free(v);
}

/* Props arrays must not be empty: drop one that stayed so. */
static void
drop_if_empty(cJSON *obj, const char *key)
{
	const cJSON *a = json_get(obj, key);

	if (a && cJSON_IsArray(a) && a->child == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
}

/* An OSCAL token (^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$) for a control id:
 * the id itself when it is one in ASCII; otherwise "_" in front when it
 * starts with a digit, and "_" for each character outside A-Z a-z 0-9
 * . - _ ("5.1.1.1" becomes "_5.1.1.1"). */
static void
token(char *out, size_t size, const char *id)
{
	size_t n = 0;

	if (size < 2)
		return;
	if (!((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z') ||
	    *id == '_'))
		out[n++] = '_';
	for (; *id && n + 1 < size; id++) {
		char c = *id;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

/* A date of the record (YYYY-MM-DD, a day in Japan Standard Time, as
 * inkan counts days) as the OSCAL date-time of that day's first or last
 * second. */
static int
jst_time(char out[32], const char *date, int last)
{
	int64_t t;

	if (date == NULL || strlen(date) != 10 || time_parse_date(&t, date) != 0) {
		ink_error_clear();
		return INK_ENOTFOUND;
	}
	snprintf(out, 32, "%sT%s+09:00", date, last ? "23:59:59" : "00:00:00");
	return 0;
}

/* A relative URI reference for a file name: RFC 3986 unreserved
 * characters and '/' as they are, every other byte percent-encoded. */
static int
uri_ref(struct buf *out, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		int ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~' || *p == '/';
		if (ok ? buf_addc(out, (char)*p) != 0 :
		    buf_addf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]) != 0)
			return INK_EINPUT;
	}
	return 0;
}

static cJSON *
party(struct oscal *o, cJSON *parties, char *keep, const char *type,
    const char *name, const char *fmt, const char *arg)
{
	cJSON *p = cJSON_CreateObject();

	add_uuid(o, p, NULL, keep, fmt, arg);
	cJSON_AddStringToObject(p, "type", type);
	add_line(p, "name", name);
	cJSON_AddItemToArray(parties, p);
	return p;
}

static void
responsible(cJSON *arr, const char *role, const char *uuid)
{
	cJSON *r;

	if (!*uuid)
		return;
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "role-id", role);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "party-uuids"),
	    cJSON_CreateString(uuid));
	cJSON_AddItemToArray(arr, r);
}

static void
add_role(cJSON *roles, const char *id, const char *title)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "title", title);
	cJSON_AddItemToArray(roles, r);
}

static void
metadata(struct oscal *o, cJSON *ar, const cJSON *st)
{
	const cJSON *pred = o->pred, *s, *org, *firm;
	cJSON *md, *roles, *parties, *rp, *p, *props, *ids, *x;
	const char *svc = audit_text(json_get(json_get(pred, "service"),
	    "name"), o->lang);
	const char *signed_at = json_get_str(pred, "signed_at");
	struct buf title = BUF_INIT(INK_MAX_JSON);

	md = cJSON_AddObjectToObject(ar, "metadata");
	o_addf(o, &title, "%s: %s (%s)", label(o, "Audit results",
	    "監査結果"), svc ? svc : "?", json_get_str(pred, "scheme") ?
	    json_get_str(pred, "scheme") : "?");
	add_line(md, "title", buf_str(&title));
	buf_release(&title);
	cJSON_AddStringToObject(md, "last-modified", signed_at &&
	    strlen(signed_at) == 20 ? signed_at : o->end);
	cJSON_AddStringToObject(md, "version", o->rid);
	cJSON_AddStringToObject(md, "oscal-version", EXPORT_OSCAL_VERSION);
	ids = cJSON_AddArrayToObject(md, "document-ids");
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "scheme", "urn:inkan:record-id");
	cJSON_AddStringToObject(x, "identifier", o->rid);
	cJSON_AddItemToArray(ids, x);
	props = cJSON_AddArrayToObject(md, "props");
	add_prop(props, "predicate-type", json_get_str(st, "predicateType"));
	add_prop(props, "record-id", o->rid);

	roles = cJSON_AddArrayToObject(md, "roles");
	add_role(roles, "auditor", label(o, "Auditor", "監査人"));
	add_role(roles, "audit-firm", label(o, "Audit firm", "監査法人"));
	add_role(roles, "management", label(o, "Management of the service "
	    "organisation", "サービス提供者の経営者"));
	add_role(roles, "provider", label(o, "Service organisation",
	    "サービス提供者"));
	parties = cJSON_AddArrayToObject(md, "parties");
	cJSON_ArrayForEach(s, json_get(pred, "signers")) {
		const char *keyid = json_get_str(s, "keyid");
		const char *role = json_get_str(s, "role");
		const char *name = audit_text(json_get(s, "name"), o->lang);
		char *keep = NULL;

		if (!export_keyid_ok(keyid) || role == NULL)
			continue;
		if (strcmp(role, "auditor") == 0)
			keep = o->auditor;
		else if (strcmp(role, "management") == 0)
			keep = o->management;
		p = party(o, parties, keep, "person", name ? name : keyid,
		    "party/%s", keyid);
		props = cJSON_AddArrayToObject(p, "props");
		add_prop(props, "keyid", keyid);
		add_prop(props, "role", role);
		add_prop(props, "job-title", audit_text(json_get(s, "title"),
		    o->lang));
		add_prop(props, "organisation", audit_text(json_get(s,
		    "organisation"), o->lang));
		add_prop(props, "qualification", audit_text(json_get(s,
		    "qualification"), o->lang));
	}
	org = json_get(pred, "organisation");
	if (org) {
		const char *cn = json_get_str(org, "corporate_number");
		p = party(o, parties, o->provider, "organization",
		    audit_text(json_get(org, "name"), o->lang), "%s",
		    "party/organisation");
		if (cn) {
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "scheme",
			    CORPORATE_NUMBER_SCHEME);
			cJSON_AddStringToObject(x, "id", cn);
			cJSON_AddItemToArray(cJSON_AddArrayToObject(p,
			    "external-ids"), x);
		}
	}
	firm = json_get(pred, "audit_firm");
	if (firm) {
		p = party(o, parties, o->firm, "organization",
		    audit_text(json_get(firm, "name"), o->lang), "%s",
		    "party/audit-firm");
		props = cJSON_AddArrayToObject(p, "props");
		add_prop(props, "selection-id", json_get_str(firm,
		    "selection_id"));
		drop_if_empty(p, "props");
	}
	rp = cJSON_AddArrayToObject(md, "responsible-parties");
	responsible(rp, "auditor", o->auditor);
	responsible(rp, "audit-firm", o->firm);
	responsible(rp, "management", o->management);
	responsible(rp, "provider", o->provider);
	drop_if_empty(md, "parties");
	drop_if_empty(md, "responsible-parties");
}

static cJSON *
part(const char *name, const char *title, const char *prose)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "ns", OSCAL_NS);
	if (title)
		add_line(p, "title", title);
	if (prose)
		cJSON_AddStringToObject(p, "prose", prose);
	return p;
}

static void
attestations(struct oscal *o, cJSON *result)
{
	const cJSON *pred = o->pred, *firm = json_get(pred, "audit_firm"), *d;
	cJSON *att = cJSON_AddArrayToObject(result, "attestations");
	cJSON *a, *parts, *p, *props, *rp;
	struct buf prose = BUF_INIT(INK_MAX_JSON);
	const char *basis = audit_text(json_get(pred, "opinion_basis"),
	    o->lang);
	const char *fname = audit_text(json_get(firm, "name"), o->lang);
	const char *v;

	/* The auditor's opinion on management's assertion. */
	a = cJSON_CreateObject();
	rp = cJSON_AddArrayToObject(a, "responsible-parties");
	responsible(rp, "auditor", o->auditor);
	responsible(rp, "audit-firm", o->firm);
	drop_if_empty(a, "responsible-parties");
	parts = cJSON_AddArrayToObject(a, "parts");
	o_addf(o, &prose, o->ja ? "意見：%s（%s、%s）。報告書の種類：%s。"
	    "報告日：%s。監査法人：%s%s%s%s。" :
	    "Opinion: %s (%s engagement, %s). Report type: %s. Report "
	    "date: %s. Audit firm: %s%s%s%s.",
	    json_get_str(pred, "opinion") ? json_get_str(pred, "opinion") : "?",
	    json_get_str(pred, "opinion_kind") ?
	    json_get_str(pred, "opinion_kind") : "?",
	    json_get_str(pred, "engagement_standard") ?
	    json_get_str(pred, "engagement_standard") : "?",
	    json_get_str(pred, "report_type") ?
	    json_get_str(pred, "report_type") : "?",
	    json_get_str(pred, "report_date") ?
	    json_get_str(pred, "report_date") : "?", fname ? fname : "?",
	    json_get_str(firm, "selection_id") ? (o->ja ? "（選定番号 " :
	    " (selection ") : "", json_get_str(firm, "selection_id") ?
	    json_get_str(firm, "selection_id") : "",
	    json_get_str(firm, "selection_id") ? (o->ja ? "）" : ")") : "");
	if (basis)
		o_addf(o, &prose, "\n\n%s\n\n%s", label(o, "Basis for the opinion:",
		    "意見の根拠："), basis);
	p = part("opinion", label(o, "Auditor's opinion on management's "
	    "assertion", "経営者の言明に対する監査人の意見"), buf_str(&prose));
	props = cJSON_AddArrayToObject(p, "props");
	add_prop(props, "opinion", json_get_str(pred, "opinion"));
	add_prop(props, "opinion-kind", json_get_str(pred, "opinion_kind"));
	add_prop(props, "report-type", json_get_str(pred, "report_type"));
	add_prop(props, "report-date", json_get_str(pred, "report_date"));
	drop_if_empty(p, "props");
	cJSON_AddItemToArray(parts, p);
	cJSON_AddItemToArray(att, a);
	buf_release(&prose);

	/* Management's assertion and its description of the system. */
	a = cJSON_CreateObject();
	rp = cJSON_AddArrayToObject(a, "responsible-parties");
	responsible(rp, "management", o->management);
	responsible(rp, "provider", o->provider);
	drop_if_empty(a, "responsible-parties");
	parts = cJSON_AddArrayToObject(a, "parts");
	if ((v = audit_text(json_get(pred, "management_assertion"), o->lang)))
		cJSON_AddItemToArray(parts, part("management-assertion",
		    label(o, "Management's assertion", "経営者の言明"), v));
	if ((v = audit_text(json_get(pred, "system_boundaries"), o->lang)))
		cJSON_AddItemToArray(parts, part("system-boundaries",
		    label(o, "System and its boundaries", "システムとその範囲"),
		    v));
	if ((v = audit_text(json_get(pred, "principal_commitments"), o->lang)))
		cJSON_AddItemToArray(parts, part("principal-commitments",
		    label(o, "Principal service commitments and system "
		    "requirements", "主要なサービスコミットメントとシステム要件"),
		    v));
	for (d = json_get(pred, "public_disclosures") ?
	    json_get(pred, "public_disclosures")->child : NULL; d; d = d->next)
		if ((v = audit_text(d, o->lang)))
			cJSON_AddItemToArray(parts, part("public-disclosure",
			    d->string, v));
	if (parts->child)
		cJSON_AddItemToArray(att, a);
	else
		cJSON_Delete(a);
}

static void
reviewed_controls(struct oscal *o, cJSON *result)
{
	const cJSON *crit = json_get(o->pred, "criteria"), *c;
	cJSON *rc = cJSON_AddObjectToObject(result, "reviewed-controls");
	cJSON *sel, *inc, *props, *x;
	struct buf d = BUF_INIT(INK_MAX_JSON);
	char tok[256];

	o_addf(o, &d, "%s", json_get_str(crit, "framework") ?
	    json_get_str(crit, "framework") : "?");
	if (json_get_str(crit, "catalog"))
		o_addf(o, &d, o->ja ? "（カタログ %s@%s）" : " (catalogue %s@%s)",
		    json_get_str(crit, "catalog"),
		    json_get_str(crit, "catalog_version") ?
		    json_get_str(crit, "catalog_version") : "?");
	cJSON_AddStringToObject(rc, "description", buf_str(&d));
	buf_release(&d);
	props = cJSON_AddArrayToObject(rc, "props");
	add_prop(props, "framework", json_get_str(crit, "framework"));
	add_prop(props, "catalog", json_get_str(crit, "catalog"));
	add_prop(props, "catalog-version", json_get_str(crit,
	    "catalog_version"));
	cJSON_ArrayForEach(c, json_get(crit, "categories"))
		if (cJSON_IsString(c))
			add_prop(props, "category", c->valuestring);
	drop_if_empty(rc, "props");
	sel = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(rc, "control-selections"),
	    sel);
	inc = cJSON_AddArrayToObject(sel, "include-controls");
	cJSON_ArrayForEach(c, json_get(o->pred, "controls_covered")) {
		if (!cJSON_IsString(c))
			continue;
		token(tok, sizeof(tok), c->valuestring);
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "control-id", tok);
		cJSON_AddItemToArray(inc, x);
	}
	if (inc->child == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(sel, "include-controls");
		cJSON_AddStringToObject(sel, "description", label(o, "The record "
		    "lists no individual controls.", "記録は個々の統制を列挙して"
		    "いない。"));
	} else {
		cJSON_AddStringToObject(sel, "description", label(o, "The "
		    "controls in scope, as listed in the signed record.",
		    "署名された記録に列挙された対象範囲の統制。"));
	}
}

static const char *
method_of(const char *procedure)
{
	if (strcmp(procedure, "inquiry") == 0)
		return "INTERVIEW";
	if (strcmp(procedure, "inspection") == 0 ||
	    strcmp(procedure, "observation") == 0)
		return "EXAMINE";
	if (strcmp(procedure, "re-performance") == 0)
		return "TEST";
	return "UNKNOWN";
}

static int
by_path(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(json_get_str(x, "path"), json_get_str(y, "path"));
}

static void
origins(struct oscal *o, cJSON *obj)
{
	cJSON *or, *act;

	if (!*o->auditor)
		return;
	or = cJSON_CreateObject();
	act = cJSON_CreateObject();
	cJSON_AddStringToObject(act, "type", "party");
	cJSON_AddStringToObject(act, "actor-uuid", o->auditor);
	cJSON_AddStringToObject(act, "role-id", "auditor");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(or, "actors"), act);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(obj, "origins"), or);
}

/* One observation and one finding per disclosed control result, in the
 * order of their paths; a path disclosed twice counts once. */
static void
findings(struct oscal *o, cJSON *result, const cJSON *disclosed)
{
	const cJSON *x, **v = NULL;
	cJSON *obs, *fnd;
	size_t n = 0, k = 0;
	char tok[256], ou[EXPORT_UUID_LEN];

	cJSON_ArrayForEach(x, disclosed)
		n++;
	if (n == 0)
		return;
	if ((v = calloc(n, sizeof(*v))) == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	cJSON_ArrayForEach(x, disclosed) {
		const char *path = json_get_str(x, "path");
		if (path && strncmp(path, AUDIT_CONTROL_PATH,
		    strlen(AUDIT_CONTROL_PATH)) == 0 &&
		    cJSON_IsObject(json_get(x, "value")))
			v[k++] = x;
	}
	qsort(v, k, sizeof(*v), by_path);
	obs = cJSON_AddArrayToObject(result, "observations");
	fnd = cJSON_AddArrayToObject(result, "findings");
	for (size_t i = 0; i < k; i++) {
		const char *path = json_get_str(v[i], "path");
		const char *id = path + strlen(AUDIT_CONTROL_PATH);
		const cJSON *val = json_get(v[i], "value"), *pr;
		const char *res = json_get_str(val, "result");
		const char *test = audit_text(json_get(val, "test"), o->lang);
		const char *reason = audit_text(json_get(val, "reason"), o->lang);
		cJSON *ob = NULL, *f, *t, *s, *props, *m, *ro;
		int64_t size;

		if (i > 0 && strcmp(path, json_get_str(v[i - 1], "path")) == 0)
			continue;
		if (res == NULL)
			continue;
		token(tok, sizeof(tok), id);
		ou[0] = '\0';
		/* What the auditor did, when the item says. */
		if (cJSON_IsArray(json_get(val, "procedures")) &&
		    json_get(val, "procedures")->child) {
			ob = cJSON_CreateObject();
			add_uuid(o, ob, NULL, ou, "observation/%s", path);
			add_line(ob, "title", id);
			cJSON_AddStringToObject(ob, "description", test ? test :
			    label(o, "Tests of the control by the auditor, as "
			    "disclosed by the provider.", "監査人による統制の"
			    "テスト（提供者が開示したもの）。"));
			m = cJSON_AddArrayToObject(ob, "methods");
			props = cJSON_AddArrayToObject(ob, "props");
			cJSON_ArrayForEach(pr, json_get(val, "procedures")) {
				if (!cJSON_IsString(pr))
					continue;
				cJSON_AddItemToArray(m, cJSON_CreateString(
				    method_of(pr->valuestring)));
				add_prop(props, "procedure", pr->valuestring);
			}
			if (json_get_int(&size, val, "sample_size") == 0) {
				char num[32];
				snprintf(num, sizeof(num), "%lld", (long long)size);
				add_prop(props, "sample-size", num);
			}
			ink_error_clear();
			drop_if_empty(ob, "props");
			cJSON_AddItemToArray(cJSON_AddArrayToObject(ob, "types"),
			    cJSON_CreateString("control-objective"));
			origins(o, ob);
			cJSON_AddStringToObject(ob, "collected", o->end);
			cJSON_AddItemToArray(obs, ob);
		}
		f = cJSON_CreateObject();
		add_uuid(o, f, NULL, NULL, "finding/%s", path);
		{
			struct buf title = BUF_INIT(1024);
			o_addf(o, &title, "%s: %s", id, res);
			add_line(f, "title", buf_str(&title));
			buf_release(&title);
		}
		cJSON_AddStringToObject(f, "description", reason ? reason :
		    test ? test : label(o, "The auditor's result for this "
		    "control, as disclosed by the provider and bound to the "
		    "signed record by its salted digest.", "この統制に対する"
		    "監査人の結果（提供者が開示し、ソルト付きダイジェストで署名"
		    "済みの記録に結び付いたもの）。"));
		props = cJSON_AddArrayToObject(f, "props");
		add_prop(props, "control-id", id);
		add_prop(props, "result", res);
		origins(o, f);
		t = cJSON_AddObjectToObject(f, "target");
		cJSON_AddStringToObject(t, "type", "objective-id");
		cJSON_AddStringToObject(t, "target-id", tok);
		s = cJSON_AddObjectToObject(t, "status");
		if (strcmp(res, "exception") == 0) {
			cJSON_AddStringToObject(s, "state", "not-satisfied");
			cJSON_AddStringToObject(s, "reason", "fail");
		} else if (strcmp(res, "conformant") == 0) {
			cJSON_AddStringToObject(s, "state", "satisfied");
			cJSON_AddStringToObject(s, "reason", "pass");
		} else {
			/* not-applicable: nothing failed, nothing was tested. */
			cJSON_AddStringToObject(s, "state", "satisfied");
			cJSON_AddStringToObject(s, "reason", "other");
			cJSON_AddStringToObject(cJSON_AddObjectToObject(t,
			    "implementation-status"), "state", "not-applicable");
		}
		if (ou[0]) {
			ro = cJSON_CreateObject();
			cJSON_AddStringToObject(ro, "observation-uuid", ou);
			cJSON_AddItemToArray(cJSON_AddArrayToObject(f,
			    "related-observations"), ro);
		}
		cJSON_AddItemToArray(fnd, f);
	}
	drop_if_empty(result, "observations");
	drop_if_empty(result, "findings");
	free(v);
}

static void
back_matter(struct oscal *o, cJSON *ar, const cJSON *st, char *record_uuid)
{
	cJSON *res = cJSON_AddArrayToObject(cJSON_AddObjectToObject(ar,
	    "back-matter"), "resources");
	cJSON *r, *props, *ids, *x, *rl, *h;
	const cJSON *s;
	size_t i = 0;

	r = cJSON_CreateObject();
	add_uuid(o, r, NULL, record_uuid, "%s", "record");
	cJSON_AddStringToObject(r, "title", label(o, "The signed inkan record",
	    "署名された inkan の記録"));
	cJSON_AddStringToObject(r, "description", label(o, "The in-toto "
	    "Statement these results come from, signed in a DSSE envelope by "
	    "the auditor and by management. Its record id is the SHA-256 of "
	    "the signed payload: check it with 'inkan verify'.",
	    "この結果の元になった in-toto ステートメント。監査人と経営者が "
	    "DSSE エンベロープで署名している。記録 ID は署名されたペイロードの "
	    "SHA-256 で、'inkan verify' で確かめられる。"));
	props = cJSON_AddArrayToObject(r, "props");
	add_prop(props, "record-id", o->rid);
	add_prop(props, "predicate-type", json_get_str(st, "predicateType"));
	ids = cJSON_AddArrayToObject(r, "document-ids");
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "scheme", "urn:inkan:record-id");
	cJSON_AddStringToObject(x, "identifier", o->rid);
	cJSON_AddItemToArray(ids, x);
	cJSON_AddItemToArray(res, r);

	/* The documents the record binds (the full report...), which stay
	 * with their owners: their names and SHA-256 only. */
	cJSON_ArrayForEach(s, json_get(st, "subject")) {
		const char *name = json_get_str(s, "name");
		const char *hex = json_get_str(json_get(s, "digest"), "sha256");
		struct buf href = BUF_INIT(INK_MAX_JSON);

		if (name == NULL || hex == NULL)
			continue;
		r = cJSON_CreateObject();
		add_uuid(o, r, NULL, NULL, "subject/%zu", i++);
		add_line(r, "title", name);
		cJSON_AddStringToObject(r, "description", label(o, "A document "
		    "the signed record binds by its SHA-256 digest.",
		    "署名された記録が SHA-256 ダイジェストで結び付けている文書。"));
		if (uri_ref(&href, name) != 0) {
			o->rc = ink_error(INK_EINPUT, "out of memory");
			buf_release(&href);
			cJSON_Delete(r);
			return;
		}
		rl = cJSON_CreateObject();
		cJSON_AddStringToObject(rl, "href", buf_str(&href));
		h = cJSON_CreateObject();
		cJSON_AddStringToObject(h, "algorithm", "SHA-256");
		cJSON_AddStringToObject(h, "value", hex);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(rl, "hashes"), h);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "rlinks"), rl);
		cJSON_AddItemToArray(res, r);
		buf_release(&href);
	}
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "assessment-results", then "?" and the disclosed paths, sorted, each
 * once, joined by "&". */
static int
document_part(struct buf *out, const cJSON *disclosed)
{
	const char **paths = NULL;
	const cJSON *x;
	size_t n = 0, k = 0;
	int rc;

	if ((rc = buf_adds(out, "assessment-results")) != 0)
		return rc;
	cJSON_ArrayForEach(x, disclosed)
		n++;
	if (n == 0)
		return 0;
	if ((paths = calloc(n, sizeof(*paths))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(x, disclosed)
		if (json_get_str(x, "path"))
			paths[k++] = json_get_str(x, "path");
	qsort(paths, k, sizeof(*paths), by_string);
	for (size_t i = 0; rc == 0 && i < k; i++)
		if (i == 0 || strcmp(paths[i], paths[i - 1]) != 0)
			rc = buf_addf(out, "%c%s", i == 0 ? '?' : '&', paths[i]);
	free(paths);
	return rc;
}

int
export_oscal(struct buf *out, const cJSON *st, const char *record_id,
    const cJSON *disclosed, const char *lang)
{
	struct oscal o;
	const cJSON *pred = json_get(st, "predicate"), *x;
	const char *type = json_get_str(st, "predicateType");
	const char *svc;
	char record_uuid[EXPORT_UUID_LEN] = "";
	cJSON *doc = NULL, *ar, *results, *result, *props, *imp;
	struct buf docpart = BUF_INIT(INK_MAX_JSON), desc = BUF_INIT(INK_MAX_JSON);
	int rc;

	if (type == NULL || strcmp(type, KIND_AUDIT_TYPE) != 0)
		return ink_error(INK_EINPUT, "an OSCAL export is of an audit report "
		    "(%s), not of a '%s' record", KIND_AUDIT_TYPE,
		    type ? type : "?");
	memset(&o, 0, sizeof(o));
	o.rid = record_id;
	o.lang = lang;
	o.ja = strcmp(lang, "ja") == 0;
	o.pred = pred;
	/* The period the results are about: a type 2 report's period, or
	 * the one day of a type 1 report, from the first to the last second
	 * of those days in Japan. */
	if (jst_time(o.start, json_get_str(pred, "period_start"), 0) != 0 &&
	    jst_time(o.start, json_get_str(pred, "as_of_date"), 0) != 0 &&
	    jst_time(o.start, json_get_str(pred, "report_date"), 0) != 0)
		return ink_error(INK_EINPUT, "the record has no period, date of "
		    "the report or report date");
	if (jst_time(o.end, json_get_str(pred, "period_end"), 1) != 0 &&
	    jst_time(o.end, json_get_str(pred, "as_of_date"), 1) != 0)
		memcpy(o.end, o.start, sizeof(o.end));

	doc = cJSON_CreateObject();
	ar = cJSON_AddObjectToObject(doc, "assessment-results");
	/* The document's UUID names the record and the items disclosed in
	 * it: the same inputs give the same document, another choice of
	 * items another one. */
	if ((rc = document_part(&docpart, disclosed)) != 0)
		goto cleanup;
	add_uuid(&o, ar, NULL, NULL, "%s", buf_str(&docpart));
	metadata(&o, ar, st);
	back_matter(&o, ar, st, record_uuid);
	imp = cJSON_AddObjectToObject(ar, "import-ap");
	buf_reset(&docpart);
	o_addf(&o, &docpart, "#%s", record_uuid);
	cJSON_AddStringToObject(imp, "href", buf_str(&docpart));
	cJSON_AddStringToObject(imp, "remarks", label(&o, "There is no "
	    "separate OSCAL assessment plan: the scope, criteria and period "
	    "assessed are those of the signed inkan record this points to.",
	    "別の OSCAL 評価計画はない。評価の範囲、規準、期間は、ここが指す"
	    "署名済みの inkan の記録のとおり。"));

	results = cJSON_AddArrayToObject(ar, "results");
	result = cJSON_CreateObject();
	cJSON_AddItemToArray(results, result);
	add_uuid(&o, result, NULL, NULL, "%s", "result");
	svc = audit_text(json_get(json_get(pred, "service"), "name"), o.lang);
	o_addf(&o, &desc, "%s", svc ? svc : "?");
	add_line(result, "title", buf_str(&desc));
	buf_release(&desc);
	x = json_get(pred, "scope_summary");
	cJSON_AddStringToObject(result, "description", audit_text(x, o.lang) ?
	    audit_text(x, o.lang) : "?");
	cJSON_AddStringToObject(result, "start", o.start);
	cJSON_AddStringToObject(result, "end", o.end);
	props = cJSON_AddArrayToObject(result, "props");
	add_prop(props, "record-id", record_id);
	add_prop(props, "scheme", json_get_str(pred, "scheme"));
	add_prop(props, "level", json_get_str(pred, "level"));
	add_prop(props, "audit-type", json_get_str(pred, "audit_type"));
	add_prop(props, "service-id", json_get_str(json_get(pred, "service"),
	    "id"));
	add_prop(props, "corporate-number", json_get_str(json_get(pred,
	    "organisation"), "corporate_number"));
	add_prop(props, "not-before", json_get_str(json_get(pred, "validity"),
	    "not_before"));
	add_prop(props, "not-after", json_get_str(json_get(pred, "validity"),
	    "not_after"));
	if (cJSON_IsBool(json_get(pred, "mandatory_controls_met")))
		add_prop(props, "mandatory-controls-met",
		    cJSON_IsTrue(json_get(pred, "mandatory_controls_met")) ?
		    "true" : "false");
	drop_if_empty(result, "props");
	reviewed_controls(&o, result);
	attestations(&o, result);
	findings(&o, result, disclosed);
	cJSON_AddStringToObject(result, "remarks", label(&o, "Exported by "
	    "inkan from a verified record. Control results are confidential: "
	    "only those the provider disclosed, each checked against the "
	    "record's salted digests, appear as findings; the others are "
	    "left out, not passed.", "inkan が検証済みの記録から書き出した。"
	    "統制ごとの結果は非公開であり、提供者が開示し記録のソルト付き"
	    "ダイジェストと照合できたものだけを所見として載せる。載っていない"
	    "ものは合格を意味しない。"));
	if ((rc = o.rc) != 0)
		goto cleanup;
	if ((rc = json_pretty(out, doc)) == 0)
		rc = buf_addc(out, '\n');
cleanup:
	cJSON_Delete(doc);
	buf_release(&docpart);
	return rc;
}
