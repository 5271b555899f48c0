/*
 * The machine-readable part of the site (docs/FORMAT.md section 9):
 * api/index.json, api/records/<hex>.json and the envelopes as
 * registered, api/signers.json, api/checkpoint.txt and register.csv
 * (the tiles and log/ are site/tlog.c's)
 * (RFC 4180, UTF-8 with a BOM); the Atom feeds are site/feed.c's.  JSON
 * is written with sorted keys and without whitespace (core/json.h), so
 * the same registry gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/merkle.h"
#include "core/timefmt.h"
#include "kinds/audit.h"
#include "site/site_int.h"

static void
add_text(cJSON *o, const char *key, struct s_text t)
{
	cJSON *x;

	if (t.ja == NULL && t.en == NULL)
		return;
	x = cJSON_AddObjectToObject(o, key);
	if (t.ja)
		cJSON_AddStringToObject(x, "ja", t.ja);
	if (t.en)
		cJSON_AddStringToObject(x, "en", t.en);
}

static void
add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
}

/* The labels the scheme data gives a reason code, {ja, en}, when it
 * knows the code. */
static void
add_reason_label(cJSON *o, const char *code)
{
	cJSON *l;

	if (code == NULL || reason_label(code, 1) == NULL)
		return;
	l = cJSON_AddObjectToObject(o, "reason_label");
	cJSON_AddStringToObject(l, "ja", reason_label(code, 1));
	cJSON_AddStringToObject(l, "en", reason_label(code, 0));
}

static void
add_time(cJSON *o, const char *key, int64_t t)
{
	char ts[TIME_LEN];

	time_format(ts, t);
	cJSON_AddStringToObject(o, key, ts);
}

static void
add_list(cJSON *o, const char *key, const struct s_list *l)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);

	for (size_t i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
}

static const char *
state_of(const struct s_rec *r)
{
	return r->has_state ? reg_state_name(r->state) : "recorded";
}

static const char *
kind_name(enum s_kind k)
{
	const struct record_kind *row = s_kind_row(k);

	return row ? row->name : "other";
}

/* The compact entry of a record, as api/index.json lists it. */
static cJSON *
entry_json(struct site *s, const struct s_rec *r)
{
	struct s_model *m = &s->m;
	cJSON *o = cJSON_CreateObject(), *a;
	char buf[600], day[11];

	if (o == NULL)
		return NULL;
	add_str(o, "id", r->id);
	add_str(o, "kind", kind_name(r->kind));
	cJSON_AddNumberToObject(o, "log_index", (double)r->leaf);
	add_time(o, "integrated", r->integrated);
	snprintf(buf, sizeof(buf), "r/%s.html", S_HEX(r));
	add_str(o, "page", buf);
	cJSON_AddBoolToObject(o, "verified", r->vcode == 0);
	add_str(o, "status", state_of(r));
	if (r->by != S_NONE)
		add_str(o, "status_by", m->recs[r->by].id);
	if (r->ndemands) {
		cJSON *da = cJSON_AddArrayToObject(o, "corrective_demands");
		for (size_t k = 0; k < r->ndemands; k++) {
			const struct s_rec *d = &m->recs[r->demands[k]];
			cJSON *x = cJSON_CreateObject();
			add_str(x, "record", d->id);
			add_time(x, "deadline", d->deadline);
			cJSON_AddBoolToObject(x, "overdue", d->deadline <= m->at);
			cJSON_AddItemToArray(da, x);
		}
	}
	add_str(o, "scheme", r->scheme);
	add_str(o, "registration_number", r->number);
	if (r->updated)
		add_time(o, "updated", r->updated);
	add_str(o, "level", r->level);
	add_text(o, "organisation", r->org);
	add_str(o, "corporate_number", r->corp);
	if (r->org_ent != S_NONE) {
		snprintf(buf, sizeof(buf), "org/%s.html",
		    m->orgs[r->org_ent].key);
		add_str(o, "organisation_page", buf);
	}
	if (r->kind == SK_AUDIT || r->kind == SK_SCS) {
		add_text(o, "service", r->svc);
		add_str(o, "service_id", r->svc_id);
		if (r->svc_ent != S_NONE) {
			snprintf(buf, sizeof(buf), "svc/%s.html",
			    m->svcs[r->svc_ent].key);
			add_str(o, "service_page", buf);
		}
		add_list(o, "models", &r->models);
		add_list(o, "deployment_models", &r->deploy);
		add_list(o, "regions", &r->regions);
		add_text(o, "audit_firm", r->firm);
		a = cJSON_AddArrayToObject(o, "signers");
		for (size_t i = 0; i < r->nsigners; i++) {
			cJSON *x = cJSON_CreateObject();
			add_str(x, "role", r->signers[i].role);
			add_str(x, "keyid", r->signers[i].keyid);
			add_text(x, "name", r->signers[i].name);
			/* The accredited person, who the key belongs to. */
			if (r->signers[i].acc != S_NONE)
				add_text(x, "person",
				    m->recs[r->signers[i].acc].person);
			cJSON_AddItemToArray(a, x);
		}
	}
	if (r->has_validity) {
		add_time(o, "not_before", r->nb);
		add_time(o, "not_after", r->na);
		site_jst_day(day, r->nb);
		add_str(o, "first_day", day);
		site_jst_day(day, r->na > r->nb ? r->na - 1 : r->na);
		add_str(o, "last_day", day);
	}
	if (r->kind == SK_STATUS) {
		add_str(o, "action", r->action);
		if (r->target != S_NONE)
			add_str(o, "target", m->recs[r->target].id);
		add_str(o, "reason_code", r->reason_code);
		add_reason_label(o, r->reason_code);
		add_text(o, "reason", r->reason);
		add_time(o, "effective_at", r->effective);
	}
	if (r->kind == SK_SIGNER) {
		add_text(o, "person", r->person);
		add_str(o, "keyid", r->keyid);
		add_list(o, "roles", &r->roles);
		add_list(o, "schemes", &r->schemes);
	}
	return o;
}

static int
write_json(struct site *s, const char *rel, const cJSON *j)
{
	struct buf b = BUF_INIT(SITE_MAX_FILE);
	int rc;

	if (j == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = json_canon(&b, j)) == 0 && (rc = buf_addc(&b, '\n')) == 0)
		rc = site_write(s, rel, b.data, b.len);
	buf_release(&b);
	return rc;
}

/* The plain text of a Markdown text field, whole, in both languages. */
static void
add_plain(cJSON *o, const char *key, const cJSON *v)
{
	const char *l[] = { "ja", "en" };
	cJSON *x = NULL;

	for (int i = 0; i < 2; i++) {
		const char *t = audit_text(v, l[i]);
		char *p;
		if (t == NULL || (p = md_plain(t, (size_t)-1 / 2)) == NULL)
			continue;
		if (x == NULL)
			x = cJSON_AddObjectToObject(o, key);
		cJSON_AddStringToObject(x, l[i], p);
		free(p);
	}
}

/* What the compare view shows of an audit. */
static void
add_compare(struct site *s, cJSON *o, const struct s_rec *r,
    const cJSON *pr)
{
	cJSON *c = cJSON_AddObjectToObject(o, "compare"), *d, *x;
	const cJSON *disc = json_get(pr, "public_disclosures"), *e, *req;
	const cJSON *scheme = s_scheme(&s->m, r->scheme);
	const char *l[] = { "ja", "en" };

	add_text(c, "service", r->svc);
	add_text(c, "organisation", r->org);
	x = cJSON_AddObjectToObject(c, "scheme_level");
	for (int i = 0; i < 2; i++) {
		char t[600];
		const char *lv = s_level_name(&s->m, r, l[i]);
		snprintf(t, sizeof(t), "%s%s%s", s_scheme_name(&s->m, r->scheme,
		    l[i]), lv ? " " : "", lv ? lv : "");
		cJSON_AddStringToObject(x, l[i], t);
	}
	add_list(c, "models", &r->models);
	add_list(c, "deployment_models", &r->deploy);
	add_list(c, "regions", &r->regions);
	add_plain(c, "data_location", json_get(disc, "data-location-regions"));
	add_plain(c, "governing_law", json_get(disc,
	    "governing-law-and-jurisdiction"));
	add_plain(c, "service_level", json_get(pr, "principal_commitments"));
	add_text(c, "audit_firm", r->firm);
	x = cJSON_AddArrayToObject(c, "auditors");
	for (size_t i = 0; i < r->nsigners; i++)
		if (r->signers[i].role && strcmp(r->signers[i].role,
		    "management") != 0) {
			cJSON *y = cJSON_CreateObject();
			size_t acc = r->signers[i].acc;
			add_str(y, "role", r->signers[i].role);
			add_text(y, "name", acc != S_NONE ?
			    s->m.recs[acc].person : r->signers[i].name);
			cJSON_AddItemToArray(x, y);
		}
	add_str(c, "status", state_of(r));
	if (r->has_validity) {
		char day[11];
		site_jst_day(day, r->na > r->nb ? r->na - 1 : r->na);
		add_str(c, "last_day", day);
	}
	d = cJSON_AddArrayToObject(c, "disclosures");
	cJSON_ArrayForEach(req, json_get(scheme, "required_disclosures")) {
		const char *id = json_get_str(req, "id");
		cJSON *y;
		if (id == NULL || (e = json_get(disc, id)) == NULL)
			continue;
		y = cJSON_CreateObject();
		add_str(y, "id", id);
		cJSON_AddItemToObject(y, "name", cJSON_Duplicate(json_get(req,
		    "name"), 1));
		add_plain(y, "text", e);
		cJSON_AddItemToArray(d, y);
	}
}

int
api_record(struct site *s, const struct s_rec *r, const struct buf *env,
    const struct statement *st, int soc3)
{
	struct s_model *m = &s->m;
	cJSON *o = entry_json(s, r), *a;
	char rel[300];
	size_t f, n;
	int rc;

	if (o == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_AddStringToObject(o, "format", "inkan-site-record/v1");
	a = cJSON_AddArrayToObject(o, "problems");
	for (const char *q = r->problems; q && *q; ) {
		size_t k = strcspn(q, "\n");
		char *line = strndup(q, k);
		if (line)
			cJSON_AddItemToArray(a, cJSON_CreateString(line));
		free(line);
		q += k + (q[k] == '\n');
	}
	add_str(o, "status_reason", r->why);
	snprintf(rel, sizeof(rel), "api/envelopes/%s.dsse.json", S_HEX(r));
	add_str(o, "envelope", rel);
	if (soc3) {
		snprintf(rel, sizeof(rel), "soc3/%s.html", S_HEX(r));
		add_str(o, "summary_page", rel);
	}
	a = cJSON_AddArrayToObject(o, "history");
	s_edges(m, SE_STATUS, r->leaf, &f, &n);
	for (size_t i = 0; i < n; i++) {
		const struct s_rec *h =
		    &m->recs[m->edges[SE_STATUS].v[f + i].from];
		cJSON *x = cJSON_CreateObject();
		add_str(x, "id", h->id);
		add_str(x, "action", h->action);
		add_str(x, "reason_code", h->reason_code);
		add_reason_label(x, h->reason_code);
		add_text(x, "reason", h->reason);
		add_time(x, "effective_at", h->effective);
		add_time(x, "integrated", h->integrated);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "superseded_by");
	s_edges(m, SE_SUPERSEDED, r->leaf, &f, &n);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(
		    m->recs[m->edges[SE_SUPERSEDED].v[f + i].from].id));
	a = cJSON_AddArrayToObject(o, "built_on");
	for (size_t i = 0; i < r->nbuilt_on; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(
		    m->recs[r->built_on[i]].id));
	a = cJSON_AddArrayToObject(o, "dependants");
	s_edges(m, SE_DEPENDANT, r->leaf, &f, &n);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(
		    m->recs[m->edges[SE_DEPENDANT].v[f + i].from].id));
	if (st) {
		cJSON_AddItemToObject(o, "statement",
		    cJSON_Duplicate(st->root, 1));
		if (r->kind == SK_AUDIT)
			add_compare(s, o, r, st->predicate);
	}
	snprintf(rel, sizeof(rel), "api/records/%s.json", S_HEX(r));
	rc = write_json(s, rel, o);
	cJSON_Delete(o);
	if (rc == 0 && env) {
		snprintf(rel, sizeof(rel), "api/envelopes/%s.dsse.json",
		    S_HEX(r));
		rc = site_write(s, rel, env->data, env->len);
	}
	return rc;
}

/* --- index, signers, CSV, checkpoint ----------------------------------- */

static void csv_row(struct site *s, struct out *o, const struct s_rec *r);

static int
index_json(struct site *s)
{
	struct s_model *m = &s->m;
	struct buf b = BUF_INIT(SITE_MAX_FILE);
	struct out o = OUT_INIT;
	cJSON *head = cJSON_CreateObject(), *sch, *e;
	const cJSON *x;
	int rc;

	/* Streamed: the head, then one record at a time. */
	if (head == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	sch = cJSON_AddObjectToObject(head, "schemes");
	cJSON_ArrayForEach(x, json_get(m->schemes, "schemes")) {
		const char *id = json_get_str(x, "id");
		cJSON *y;
		if (id == NULL)
			continue;
		y = cJSON_AddObjectToObject(sch, id);
		cJSON_AddItemToObject(y, "name", cJSON_Duplicate(json_get(x,
		    "name"), 1));
		if (json_get(x, "level_names"))
			cJSON_AddItemToObject(y, "level_names", cJSON_Duplicate(
			    json_get(x, "level_names"), 1));
		add_str(y, "predicate_type", json_get_str(x, "predicate_type"));
	}
	cJSON_AddStringToObject(head, "format", "inkan-site-index/v1");
	cJSON_AddStringToObject(head, "registry", m->name);
	rc = json_canon(&b, head);
	cJSON_Delete(head);
	/* The head ends with "}": reopen it for the records array. */
	if (rc == 0) {
		b.len--;
		rc = buf_adds(&b, ",\"records\":[");
	}
	/* register.csv alongside, a row per register entry.  The BOM makes
	 * spreadsheet programs read UTF-8; CRLF per RFC 4180. */
	out_raw(&o, "\xef\xbb\xbf");
	out_raw(&o, "id,registration_number,log_index,registered,updated,kind,"
	    "scheme,level,status,"
	    "organisation_ja,organisation_en,corporate_number,service_ja,"
	    "service_en,service_id,service_models,deployment_models,regions,"
	    "service_category,service_options,service_summary_ja,"
	    "service_summary_en,registration_date,update_date,department,"
	    "auditor_or_expert,audit_firm_ja,audit_firm_en,first_day,last_day,"
	    "not_before,not_after,verified,page_ja,page_en\r\n");
	/* Each entry and row as the last build wrote them when nothing they
	 * show has changed (cache.c), else made now. */
	cache_frags_begin(s, m->n);
	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		const unsigned char *d = cache_record_digest(s, i);
		const char *kj = NULL, *kc = NULL;
		int kept = cache_frag(s, i, d, &kj, &kc);
		size_t start, cstart = o.b.len;
		if (i)
			rc = buf_addc(&b, ',');
		start = b.len;
		if (rc == 0 && kept) {
			rc = buf_adds(&b, kj);
			if (kc)
				out_raw(&o, kc);
		} else if (rc == 0) {
			if ((e = entry_json(s, r)) == NULL) {
				rc = ink_error(INK_EINPUT, "out of memory");
				break;
			}
			rc = json_canon(&b, e);
			cJSON_Delete(e);
			if (s_is_entry(r))
				csv_row(s, &o, r);
		}
		if (rc == 0 && (rc = o.rc) == 0)
			cache_frag_put(s, d, (const char *)b.data + start,
			    b.len - start, s_is_entry(r) ? (const char *)o.b.data +
			    cstart : NULL, o.b.len - cstart);
	}
	if (rc == 0)
		rc = buf_adds(&b, "]}\n");
	if (rc == 0)
		rc = site_write(s, "api/index.json", b.data, b.len);
	if (rc == 0)
		rc = o.rc ? o.rc : site_write(s, "register.csv", o.b.data,
		    o.b.len);
	buf_release(&b);
	out_release(&o);
	return rc;
}

/* The status records about an accreditation, in log order. */
static void
signer_history(struct site *s, cJSON *x, const struct s_rec *r)
{
	struct s_model *m = &s->m;
	cJSON *a = cJSON_AddArrayToObject(x, "history");
	size_t f, n;

	s_edges(m, SE_STATUS, r->leaf, &f, &n);
	for (size_t i = 0; i < n; i++) {
		const struct s_rec *h =
		    &m->recs[m->edges[SE_STATUS].v[f + i].from];
		cJSON *y = cJSON_CreateObject();
		add_str(y, "action", h->action);
		add_str(y, "reason_code", h->reason_code);
		add_time(y, "effective_at", h->effective);
		cJSON_AddItemToArray(a, y);
	}
}

int
site_signers_json(struct site *s, struct buf *out)
{
	struct s_model *m = &s->m;
	cJSON *o = cJSON_CreateObject(), *ops, *sig;
	const cJSON *k0;
	int rc = 0;

	if (o == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_AddStringToObject(o, "format", "inkan-site-signers/v1");
	cJSON_AddStringToObject(o, "registry", m->name);
	ops = cJSON_AddArrayToObject(o, "operators");
	sig = cJSON_AddArrayToObject(o, "signers");
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct statement st = STATEMENT_INIT;
		struct buf raw = BUF_INIT(0);
		char id[RECORD_ID_LEN] = "";
		const cJSON *pr, *k;

		if (r->kind != SK_ROOT && r->kind != SK_SIGNER)
			continue;
		if (reg_read_file(reg_worker(&s->w), r->path, INK_MAX_ENVELOPE,
		    &raw) == 0 &&
		    dsse_envelope_parse(&env, (const char *)raw.data,
		    raw.len) == 0)
			record_id(id, env.payload, env.payload_len);
		buf_release(&raw);
		if (strcmp(id, r->id) != 0 || statement_parse(&st, env.payload,
		    env.payload_len, NULL) != 0) {
			ink_error_clear();
			dsse_envelope_release(&env);
			continue;
		}
		pr = st.predicate;
		if (r->kind == SK_ROOT) {
			cJSON_ArrayForEach(k, json_get(pr, "operator_keys")) {
				cJSON *x = cJSON_CreateObject();
				add_str(x, "keyid", json_get_str(k, "keyid"));
				add_str(x, "public_key", json_get_str(k,
				    "public_key"));
				cJSON_AddNumberToObject(x, "root_version",
				    r->root_version);
				add_time(x, "expires", r->root_expires);
				cJSON_AddItemToArray(ops, x);
			}
		} else {
			cJSON *x = cJSON_CreateObject();
			add_str(x, "accreditation", r->id);
			add_str(x, "keyid", r->keyid);
			add_str(x, "public_key", json_get_str(json_get(pr, "key"),
			    "public_key"));
			add_text(x, "person", r->person);
			add_text(x, "organisation", r->org);
			add_list(x, "roles", &r->roles);
			add_list(x, "schemes", &r->schemes);
			add_time(x, "valid_from", r->vfrom);
			add_time(x, "valid_until", r->vuntil);
			add_str(x, "status", state_of(r));
			/* What verify.html needs to decide, as `inkan verify
			 * --registry` does, whether it held when a record was
			 * registered: when it was, the audit firm's selection,
			 * and every change of its status. */
			add_time(x, "integrated", r->integrated);
			add_str(x, "audit_firm_valid_until", json_get_str(
			    json_get(pr, "audit_firm"), "valid_until"));
			signer_history(s, x, r);
			cJSON_AddItemToArray(sig, x);
		}
		statement_release(&st);
		dsse_envelope_release(&env);
	}
	/* The roles each scheme requires a signature of. */
	ops = cJSON_AddObjectToObject(o, "schemes");
	cJSON_ArrayForEach(k0, json_get(m->schemes, "schemes")) {
		const char *id = json_get_str(k0, "id");
		cJSON *y;
		if (id == NULL)
			continue;
		y = cJSON_AddObjectToObject(ops, id);
		cJSON_AddItemToObject(y, "required_roles", json_get(k0,
		    "required_roles") ? cJSON_Duplicate(json_get(k0,
		    "required_roles"), 1) : cJSON_CreateArray());
		add_str(y, "predicate_type", json_get_str(k0,
		    "predicate_type"));
		cJSON_AddItemToObject(y, "name", cJSON_Duplicate(json_get(k0,
		    "name"), 1));
		if (json_get(k0, "level_names"))
			cJSON_AddItemToObject(y, "level_names", cJSON_Duplicate(
			    json_get(k0, "level_names"), 1));
	}
	buf_init(out, SITE_MAX_FILE);
	rc = json_canon(out, o);
	cJSON_Delete(o);
	return rc;
}

static void
csv_list(struct out *o, const struct s_list *l)
{
	struct out t = OUT_INIT;

	for (size_t i = 0; i < l->n; i++) {
		if (i)
			out_raw(&t, "; ");
		out_raw(&t, l->v[i]);
	}
	out_csv(o, buf_str(&t.b));
	if (t.rc)
		o->rc = t.rc;
	out_release(&t);
}

/* A register entry's row of register.csv. */
static void
csv_row(struct site *s, struct out *o, const struct s_rec *r)
{
	const struct s_model *m = &s->m;
	char ts[TIME_LEN], d[11], page[300];
	struct out who = OUT_INIT;

	out_csv(o, r->id);
	out_raw(o, ",");
	out_csv(o, r->number ? r->number : "");
	out_rawf(o, ",%zu,", r->leaf);
	time_format(ts, r->integrated);
	out_csv(o, ts);
	out_raw(o, ",");
	if (r->updated) {
		time_format(ts, r->updated);
		out_csv(o, ts);
	}
	out_raw(o, ",");
	out_csv(o, kind_name(r->kind));
	out_raw(o, ",");
	out_csv(o, r->scheme ? r->scheme : "");
	out_raw(o, ",");
	out_csv(o, r->level ? r->level : "");
	out_raw(o, ",");
	out_csv(o, state_of(r));
	out_raw(o, ",");
	out_csv(o, r->org.ja ? r->org.ja : "");
	out_raw(o, ",");
	out_csv(o, r->org.en ? r->org.en : "");
	out_raw(o, ",");
	out_csv(o, r->corp ? r->corp : "");
	out_raw(o, ",");
	out_csv(o, r->svc.ja ? r->svc.ja : "");
	out_raw(o, ",");
	out_csv(o, r->svc.en ? r->svc.en : "");
	out_raw(o, ",");
	out_csv(o, r->svc_id ? r->svc_id : "");
	out_raw(o, ",");
	csv_list(o, &r->models);
	out_raw(o, ",");
	csv_list(o, &r->deploy);
	out_raw(o, ",");
	csv_list(o, &r->regions);
	out_raw(o, ",");
	/* a programme's list (the cyber-service list's サービス区分,
	 * サービス概要, 登録日, 更新日) */
	out_csv(o, r->category ? r->category : "");
	out_raw(o, ",");
	csv_list(o, &r->cat_options);
	out_raw(o, ",");
	out_csv(o, r->summary.ja ? r->summary.ja : "");
	out_raw(o, ",");
	out_csv(o, r->summary.en ? r->summary.en : "");
	out_raw(o, ",");
	out_csv(o, r->regdate ? r->regdate : "");
	out_raw(o, ",");
	out_csv(o, r->upddate ? r->upddate : "");
	out_raw(o, ",");
	/* a certification's department (seed 003: サービス提供部門) */
	out_csv(o, r->department.ja ? r->department.ja : r->department.en ?
	    r->department.en : "");
	out_raw(o, ",");
	for (size_t k = 0; k < r->nsigners; k++) {
		const struct s_signer *sg = &r->signers[k];
		const char *nm = sg->acc != S_NONE ?
		    s_pick(m->recs[sg->acc].person, "ja") : NULL;
		if (nm == NULL)
			nm = s_pick(sg->name, "ja");
		if (sg->role == NULL || nm == NULL ||
		    strcmp(sg->role, "management") == 0)
			continue;
		if (who.b.len)
			out_raw(&who, "; ");
		out_raw(&who, nm);
	}
	out_csv(o, buf_str(&who.b));
	out_release(&who);
	out_raw(o, ",");
	out_csv(o, r->firm.ja ? r->firm.ja : "");
	out_raw(o, ",");
	out_csv(o, r->firm.en ? r->firm.en : "");
	out_raw(o, ",");
	if (r->has_validity) {
		site_jst_day(d, r->nb);
		out_csv(o, d);
		out_raw(o, ",");
		site_jst_day(d, r->na > r->nb ? r->na - 1 : r->na);
		out_csv(o, d);
		out_raw(o, ",");
		time_format(ts, r->nb);
		out_csv(o, ts);
		out_raw(o, ",");
		time_format(ts, r->na);
		out_csv(o, ts);
	} else {
		out_raw(o, ",,,");
	}
	out_raw(o, r->vcode == 0 ? ",\"true\"," : ",\"false\",");
	snprintf(page, sizeof(page), "ja/r/%s.html", S_HEX(r));
	out_csv(o, page);
	out_raw(o, ",");
	snprintf(page, sizeof(page), "en/r/%s.html", S_HEX(r));
	out_csv(o, page);
	out_raw(o, "\r\n");
}


/* api/ids/<aa>.txt: the hex ids of the records whose id starts with
 * <aa>, one a line in log order; all 256 files, empty ones too, so that
 * verify.html learns that a record is not held here without a request
 * that fails. */
static int
id_buckets(struct site *s)
{
	struct s_model *m = &s->m;
	struct out *o;
	int rc = 0;

	if ((o = calloc(256, sizeof(*o))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (unsigned b = 0; b < 256; b++)
		buf_init(&o[b].b, SITE_MAX_FILE);
	for (size_t i = 0; i < m->n; i++) {
		unsigned b = 0;
		sscanf(S_HEX(&m->recs[i]), "%2x", &b);
		out_rawf(&o[b & 255], "%s\n", S_HEX(&m->recs[i]));
	}
	for (unsigned b = 0; b < 256; b++) {
		char path[64];
		snprintf(path, sizeof(path), "api/ids/%02x.txt", b);
		if (rc == 0)
			rc = o[b].rc ? o[b].rc : site_write(s, path, o[b].b.data,
			    o[b].b.len);
		out_release(&o[b]);
	}
	free(o);
	return rc;
}

int
site_api(struct site *s)
{
	struct buf b;
	int rc;

	if ((rc = index_json(s)) != 0 || (rc = site_search(s)) != 0)
		return rc;
	if ((rc = site_signers_json(s, &b)) != 0)
		return rc;
	if ((rc = buf_addc(&b, '\n')) == 0)
		rc = site_write(s, "api/signers.json", b.data, b.len);
	buf_release(&b);
	if (rc == 0)
		rc = site_write(s, "api/checkpoint.txt", s->m.checkpoint,
		    strlen(s->m.checkpoint));
	if (rc == 0)
		rc = site_tlog(s);
	if (rc == 0)
		rc = id_buckets(s);
	if (rc == 0) {
		char vk[sizeof(s->m.vkey) + 2];
		snprintf(vk, sizeof(vk), "%s\n", s->m.vkey);
		rc = site_write(s, "api/log-vkey.txt", vk, strlen(vk));
	}
	return rc;
}
