/*
 * The audit-report record kind: the rules of the predicate (docs/FORMAT.md
 * section 6), applied to drafts before signing and to signed records
 * whenever they are checked.
 *
 * The rules of a scheme (who signs, levels, the validity rule, required
 * public disclosures) and the control ids come from catalogs/; what is
 * here are the rules of the format itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit_int.h"

static const char *const report_types[] = { "type1", "type2", "other",
	NULL };
static const char *const opinion_kinds[] = { "assurance", "advisory",
	"agreed-upon-procedures", NULL };
static const char *const opinions[] = { "unmodified", "qualified",
	"adverse", "disclaimer", "none", NULL };
static const char *const methods[] = { "carve-out", "inclusive", NULL };
/* Used when a scheme does not list its own. */
static const char *const service_models[] = { "IaaS", "PaaS", "SaaS",
	NULL };
static const char *const deployment_models[] = { "public", "private",
	"community", "hybrid", NULL };

/* Every member a predicate may have; the last three are written by
 * inkan sign and are refused in drafts, "controls" only in drafts. */
static const char *const pred_keys[] = { "scheme", "level", "audit_type",
	"service_category", "engagement_standard", "report_type",
	"opinion_kind", "opinion", "opinion_basis", "organisation", "service",
	"scope_summary", "criteria", "as_of_date", "period_start",
	"period_end", "report_date", "registration_date", "update_date",
	"audit_firm", "subservice_organisations", "built_on", "supersedes",
	"management_assertion", "system_boundaries", "principal_commitments",
	"public_disclosures", "signers", "validity", "signed_at", "controls",
	"controls_covered", "disclosure_digests", "mandatory_controls_met",
	"statement_of_applicability", NULL };
static const char *const org_keys[] = { "name", "corporate_number", NULL };
static const char *const service_keys[] = { "name", "id", "models",
	"deployment_models", "regions", NULL };
static const char *const model_keys[] = { "model", "responsibility", NULL };
static const char *const criteria_keys[] = { "framework", "catalog",
	"catalog_version", "categories", NULL };
static const char *const firm_keys[] = { "name", "selection_id", NULL };
static const char *const subservice_keys[] = { "name", "method",
	"services", NULL };
static const char *const category_keys[] = { "id", "options", NULL };
static const char *const built_on_keys[] = { "corporate_number",
	"service_id", NULL };

/* The scheme's own list (a JSON array member) when it has one, else the
 * default; *owned is what the caller frees. */
static const char *const *
scheme_list(const cJSON *scheme, const char *key, const char *const *dflt,
    const char ***owned)
{
	const cJSON *v = json_get(scheme, key);

	*owned = NULL;
	if (cJSON_IsArray(v) && (*owned = audit_json_list(v)) != NULL)
		return *owned;
	return dflt;
}

static void
check_scheme(struct audit *a, const cJSON *pred)
{
	const char *id = audit_need_string(a, pred, P, "scheme", 1);
	const cJSON *s;
	int rc;

	if (id == NULL)
		return;
	if ((rc = scheme_doc_get(&a->schemes)) != 0) {
		problems_add(a->p, INK_EINPUT, "cannot read the schemes: %s",
		    ink_error_last());
		return;
	}
	if ((s = scheme_find(a->schemes, id)) == NULL) {
		char known[512] = "";
		size_t n = 0;
		cJSON_ArrayForEach(s, json_get(a->schemes, "schemes")) {
			const char *t = json_get_str(s, "predicate_type");
			if (t && strcmp(t, KIND_AUDIT_TYPE) == 0 &&
			    n < sizeof(known))
				n += (size_t)snprintf(known + n,
				    sizeof(known) - n, "%s%s", n ? ", " : "",
				    json_get_str(s, "id"));
		}
		problems_add(a->p, INK_ENO, P "scheme: no scheme '%s' in "
		    "'%s/schemes.json' (audit schemes: %s)", id, catalog_dir(),
		    known);
		return;
	}
	if (json_get_str(s, "predicate_type") == NULL ||
	    strcmp(json_get_str(s, "predicate_type"),
	    KIND_AUDIT_TYPE) != 0) {
		problems_add(a->p, INK_ENO, P "scheme: '%s' is a scheme of "
		    "%s records, not of audit reports", id,
		    json_get_str(s, "record_kind") ?
		    json_get_str(s, "record_kind") : "other");
		return;
	}
	a->scheme = s;
	a->scheme_id = id;
}

static void
check_scheme_options(struct audit *a, const cJSON *pred)
{
	const cJSON *levels = json_get(a->scheme, "levels");
	const cJSON *types = json_get(a->scheme, "audit_types");
	const cJSON *cats = json_get(a->scheme, "categories");
	const char *level = NULL, **list;

	if (cJSON_GetArraySize(levels) > 0) {
		if ((list = audit_json_list(levels)) != NULL) {
			level = audit_need_enum(a, pred, P, "level", list, 1);
			free(list);
		}
	} else if (json_get(pred, "level")) {
		problems_add(a->p, INK_ENO, P "level: scheme '%s' has no "
		    "levels", a->scheme_id);
	}
	if (cJSON_GetArraySize(types) > 0) {
		const char **ids = calloc((size_t)cJSON_GetArraySize(types) + 1,
		    sizeof(*ids));
		const cJSON *t, *hit = NULL;
		const char *type;
		size_t n = 0;
		if (ids == NULL)
			return;
		cJSON_ArrayForEach(t, types)
			if (json_get_str(t, "id"))
				ids[n++] = json_get_str(t, "id");
		type = audit_need_enum(a, pred, P, "audit_type", ids, 1);
		free(ids);
		cJSON_ArrayForEach(t, types)
			if (type && strcmp(json_get_str(t, "id"), type) == 0)
				hit = t;
		if (hit && level && !audit_json_has_string(json_get(hit,
		    "levels"),
		    level))
			problems_add(a->p, INK_ENO, P "audit_type '%s' is not "
			    "allowed at level %s", type, level);
	} else if (json_get(pred, "audit_type")) {
		problems_add(a->p, INK_ENO, P "audit_type: scheme '%s' has no "
		    "audit types", a->scheme_id);
	}
	if (cJSON_GetArraySize(cats) > 0) {
		const cJSON *sc = audit_need_object(a, pred, P,
		    "service_category",
		    1), *c, *hit = NULL, *opts, *o;
		const char *id;
		if (sc == NULL)
			return;
		audit_check_keys(a, sc, P "service_category", category_keys);
		id = json_get_str(sc, "id");
		cJSON_ArrayForEach(c, cats)
			if (id && strcmp(json_get_str(c, "id"), id) == 0)
				hit = c;
		if (hit == NULL) {
			problems_add(a->p, INK_ENO, P "service_category.id "
			    "'%s' is not a category of scheme '%s'",
			    id ? id : "", a->scheme_id);
			return;
		}
		opts = json_get(sc, "options");
		if (opts && !cJSON_IsArray(opts)) {
			problems_add(a->p, INK_ENO,
			    P "service_category.options "
			    "must be an array");
			return;
		}
		cJSON_ArrayForEach(o, opts) {
			int known = 0;
			const cJSON *x;
			cJSON_ArrayForEach(x, json_get(hit, "options"))
				if (cJSON_IsString(o) && strcmp(json_get_str(x,
				    "id"), o->valuestring) == 0)
					known = 1;
			if (!known)
				problems_add(a->p, INK_ENO, P "service_category"
				    ".options: '%s' is not an option of '%s'",
				    cJSON_IsString(o) ? o->valuestring : "?",
				    id);
			for (x = opts->child; x != o; x = x->next)
				if (cJSON_IsString(x) && cJSON_IsString(o) &&
				    strcmp(x->valuestring, o->valuestring) == 0)
					problems_add(a->p, INK_ENO, P
					    "service_category.options: '%s' "
					    "twice", o->valuestring);
		}
	} else if (json_get(pred, "service_category")) {
		problems_add(a->p, INK_ENO, P "service_category: scheme '%s' "
		    "has no service categories", a->scheme_id);
	}
}

static void
check_opinion(struct audit *a, const cJSON *pred)
{
	const char *kind, *op;

	audit_need_string(a, pred, P, "engagement_standard", 1);
	a->report_type = audit_need_enum(a, pred, P, "report_type",
	    report_types, 1);
	kind = audit_need_enum(a, pred, P, "opinion_kind", opinion_kinds, 1);
	op = audit_need_enum(a, pred, P, "opinion", opinions, 1);
	if (kind && op) {
		if (strcmp(kind, "assurance") == 0 && strcmp(op, "none") == 0)
			problems_add(a->p, INK_ENO, P "opinion: an assurance "
			    "engagement gives an opinion (unmodified, "
			    "qualified, adverse or disclaimer), not 'none'");
		if (strcmp(kind, "assurance") != 0 && strcmp(op, "none") != 0)
			problems_add(a->p, INK_ENO, P "opinion: an %s "
			    "engagement gives no opinion: opinion must be "
			    "'none', not '%s'", kind, op);
	}
	if (op && (strcmp(op, "unmodified") == 0 || strcmp(op, "none") == 0)) {
		if (json_get(pred, "opinion_basis"))
			problems_add(a->p, INK_ENO, P "opinion_basis is only "
			    "for a modified opinion (qualified, adverse, "
			    "disclaimer), not '%s'", op);
	} else if (op) {
		if (json_get(pred, "opinion_basis") == NULL)
			problems_add(a->p, INK_ENO,
			    P "opinion_basis is required "
			    "with a %s opinion: say what it is based on", op);
		else
			audit_need_text(a, pred, P, "opinion_basis", 1);
	}
}


static void
check_subject(struct audit *a, const cJSON *pred)
{
	const cJSON *org, *svc, *models, *m, *n;
	const char *const *sm, *const *dm, **own1 = NULL, **own2 = NULL;
	const char *num, *id;
	size_t i = 0;

	if ((org = audit_need_object(a, pred, P, "organisation", 1)) != NULL) {
		audit_check_keys(a, org, P "organisation", org_keys);
		audit_need_text(a, org, P "organisation.", "name", 1);
		num = json_get_str(org, "corporate_number");
		if (num == NULL)
			problems_add(a->p, INK_ENO, P "organisation."
			    "corporate_number is required: the 13-digit "
			    "法人番号");
		else if (!corporate_number_ok(num))
			problems_add(a->p, INK_ENO, P "organisation."
			    "corporate_number '%s' is not a 法人番号 (13 digits "
			    "with a valid check digit)", num);
	}
	if ((svc = audit_need_object(a, pred, P, "service", 1)) == NULL)
		return;
	audit_check_keys(a, svc, P "service", service_keys);
	audit_need_text(a, svc, P "service.", "name", 1);
	id = audit_need_string(a, svc, P "service.", "id", 1);
	if (id && !audit_id_ok(id))
		problems_add(a->p, INK_ENO, P "service.id '%s' must be at most "
		    "%d letters, digits, '.', '_' or '-'", id, AUDIT_MAX_ID);
	sm = scheme_list(a->scheme, "service_models", service_models, &own1);
	dm = scheme_list(a->scheme, "deployment_models", deployment_models,
	    &own2);
	models = json_get(svc, "models");
	if (models == NULL && json_get(a->scheme, "service_models"))
		problems_add(a->p, INK_ENO, P "service.models is required by "
		    "scheme '%s': one entry per service model, each with its "
		    "responsibility scope", a->scheme_id);
	else if (models && (!cJSON_IsArray(models) || models->child == NULL))
		problems_add(a->p, INK_ENO, P "service.models must be a "
		    "non-empty array of {\"model\", \"responsibility\"}");
	else if (models)
		for (m = models->child; m; m = m->next, i++) {
			const char *name;
			char where[64], w[72];
			snprintf(where, sizeof(where), P "service.models[%zu]",
			    i);
			snprintf(w, sizeof(w), "%s.", where);
			if (!cJSON_IsObject(m)) {
				problems_add(a->p, INK_ENO, "%s must be an "
				    "object", where);
				continue;
			}
			audit_check_keys(a, m, where, model_keys);
			name = audit_need_enum(a, m, w, "model", sm, 1);
			if (json_get(m, "responsibility") == NULL)
				problems_add(a->p, INK_ENO, "%s: service model "
				    "'%s' has no responsibility scope (who is "
				    "responsible for what)", where,
				    name ? name : "?");
			else
				audit_need_text(a, m, w, "responsibility", 1);
			for (n = models->child; name && n != m; n = n->next)
				if (json_get_str(n, "model") && strcmp(name,
				    json_get_str(n, "model")) == 0)
					problems_add(a->p, INK_ENO, P "service."
					    "models: '%s' twice", name);
		}
	audit_check_string_array(a, json_get(svc, "deployment_models"),
	    P "service.deployment_models", dm,
	    json_get(a->scheme, "deployment_models") != NULL);
	audit_check_string_array(a, json_get(svc, "regions"),
	    P "service.regions",
	    NULL, 0);
	free(own1);
	free(own2);
}

static void
check_criteria(struct audit *a, const cJSON *pred)
{
	const cJSON *cr = audit_need_object(a, pred, P, "criteria", 1), *c, *d;
	const char *cat, *ver, *serves;
	size_t i = 0;
	int rc;

	if (cr == NULL) {
		a->catalog_failed = 1;
		return;
	}
	audit_check_keys(a, cr, P "criteria", criteria_keys);
	audit_need_string(a, cr, P "criteria.", "framework", 1);
	cat = audit_need_string(a, cr, P "criteria.", "catalog",
	    json_get_str(a->scheme, "catalog") != NULL);
	ver = audit_need_string(a, cr, P "criteria.", "catalog_version",
	    cat != NULL);
	if (cat == NULL) {
		/* Whether a catalogue was due is unknown without a scheme. */
		a->catalog_failed = json_get(cr, "catalog") != NULL ||
		    json_get_str(a->scheme, "catalog") != NULL ||
		    a->scheme == NULL;
		audit_check_string_array(a, json_get(cr, "categories"),
		    P "criteria.categories", NULL, 0);
		return;
	}
	if (ver == NULL || a->scheme == NULL) {
		a->catalog_failed = 1;
		return;
	}
	rc = catalog_get_from(a->cats, &a->catalog, cat, ver);
	if (rc != 0) {
		problems_add(a->p, rc == INK_ENOTFOUND ? INK_ENO : INK_EINPUT,
		    P "criteria: %s", ink_error_last());
		a->catalog_failed = 1;
		return;
	}
	serves = json_get_str(a->catalog, "scheme");
	if (serves == NULL || (strcmp(serves, a->scheme_id) != 0 &&
	    strcmp(serves, json_get_str(a->scheme, "family") ?
	    json_get_str(a->scheme, "family") : "") != 0)) {
		problems_add(a->p, INK_ENO, P "criteria.catalog '%s' serves "
		    "scheme '%s', not '%s'", cat, serves ? serves : "?",
		    a->scheme_id);
		a->catalog_failed = 1;
	}
	if (!cJSON_IsTrue(json_get(a->catalog, "complete")))
		problems_add(a->p, INK_ENO, P "criteria.catalog '%s' version "
		    "'%s' is incomplete (it has placeholders): a record cannot "
		    "be checked against it", cat, ver);
	c = json_get(cr, "categories");
	if (!cJSON_IsArray(c) || c->child == NULL) {
		problems_add(a->p, INK_ENO, P "criteria.categories must list "
		    "the categories covered (ids of catalogue '%s')", cat);
		return;
	}
	for (d = c->child; d; d = d->next, i++) {
		struct cat_hit h;
		if (!cJSON_IsString(d) || !audit_catalog_find(&h, a,
		    d->valuestring) || h.level != 1) {
			problems_add(a->p, INK_ENO,
			    P "criteria.categories[%zu]: "
			    "'%s' is not a category of catalogue '%s'", i,
			    cJSON_IsString(d) ? d->valuestring : "?", cat);
			continue;
		}
		for (const cJSON *e = c->child; e != d; e = e->next)
			if (cJSON_IsString(e) &&
			    strcmp(e->valuestring, d->valuestring) == 0)
				problems_add(a->p, INK_ENO, P "criteria."
				    "categories: '%s' twice", d->valuestring);
	}
	cJSON_ArrayForEach(d, json_get(a->catalog, "categories"))
		if (cJSON_IsTrue(json_get(d, "mandatory")) &&
		    !audit_json_has_string(c, json_get_str(d, "id")))
			problems_add(a->p, INK_ENO,
			    P "criteria.categories must "
			    "include '%s': catalogue '%s' makes it mandatory",
			    json_get_str(d, "id"), cat);
	a->categories = c;
}

static void
check_dates(struct audit *a, const cJSON *pred)
{
	int64_t as_of = 0, start = 0, end = 0, report = 0, reg = 0, upd = 0;
	int has_as_of = audit_need_date(a, pred, "as_of_date", &as_of);
	int has_start = audit_need_date(a, pred, "period_start", &start);
	int has_end = audit_need_date(a, pred, "period_end", &end);
	int has_report = audit_need_date(a, pred, "report_date", &report);
	int has_reg = audit_need_date(a, pred, "registration_date", &reg);
	int has_upd = audit_need_date(a, pred, "update_date", &upd);
	int period = has_start != 0 || has_end != 0;
	const char *rt = a->report_type;

	if (has_report == 0)
		problems_add(a->p, INK_ENO, P "report_date is required: the "
		    "date of the auditor's report");
	if (period && (has_start == 0 || has_end == 0))
		problems_add(a->p, INK_ENO, P "a period needs both "
		    "period_start and period_end");
	if (has_as_of && period)
		problems_add(a->p, INK_ENO, P "give either as_of_date (a point "
		    "in time) or period_start and period_end, not both");
	if (rt && strcmp(rt, "type1") == 0 && !has_as_of)
		problems_add(a->p, INK_ENO, P "report_type 'type1' examines "
		    "design at a point in time: as_of_date is required");
	if (rt && strcmp(rt, "type1") == 0 && period)
		problems_add(a->p, INK_ENO, P "report_type 'type1' has no "
		    "period: remove period_start and period_end");
	if (rt && strcmp(rt, "type2") == 0 && !(has_start && has_end))
		problems_add(a->p, INK_ENO, P "report_type 'type2' covers a "
		    "period: period_start and period_end are required");
	if (rt && strcmp(rt, "type2") == 0 && has_as_of)
		problems_add(a->p, INK_ENO, P "report_type 'type2' covers a "
		    "period: remove as_of_date");
	if (rt && strcmp(rt, "other") == 0 && !has_as_of && !period)
		problems_add(a->p, INK_ENO, P "give as_of_date or period_start "
		    "and period_end: what time the report is about");
	if (has_start == 1 && has_end == 1 && end < start)
		problems_add(a->p, INK_ENO, P "period_end is before "
		    "period_start");
	/* The period the scheme allows (schemes.json period_months: SOC 2
	 * Type 2 「6か月以上」「6ヶ月〜1年」, seed 000; ISMAP-style at most
	 * a year, seed 001 「毎年監査を実施」), counted in whole months from
	 * period_start, its last day included. */
	if (has_start == 1 && has_end == 1 && end >= start) {
		const cJSON *pm = json_get(a->scheme, "period_months");
		int64_t lo, hi;
		if (json_get_int(&lo, pm, "min") == 0 && lo > 0 && lo <= 1200 &&
		    end + 86400 < time_add_months(start, (int)lo))
			problems_add(a->p, INK_ENO, P "the period from %s to %s "
			    "is shorter than the %d months scheme '%s' asks "
			    "for", json_get_str(pred, "period_start"),
			    json_get_str(pred, "period_end"), (int)lo,
			    a->scheme_id);
		if (json_get_int(&hi, pm, "max") == 0 && hi > 0 && hi <= 1200 &&
		    end + 86400 > time_add_months(start, (int)hi))
			problems_add(a->p, INK_ENO, P "the period from %s to %s "
			    "is longer than the %d months scheme '%s' allows",
			    json_get_str(pred, "period_start"),
			    json_get_str(pred, "period_end"), (int)hi,
			    a->scheme_id);
	}
	if (has_report == 1 && has_end == 1 && report < end)
		problems_add(a->p, INK_ENO, P "report_date is before "
		    "period_end: a report comes after its period");
	if (has_report == 1 && has_as_of == 1 && report < as_of)
		problems_add(a->p, INK_ENO, P "report_date is before "
		    "as_of_date");
	if (has_upd == 1 && has_reg == 1 && upd < reg)
		problems_add(a->p, INK_ENO, P "update_date is before "
		    "registration_date");
	if (has_upd && !has_reg)
		problems_add(a->p, INK_ENO, P "update_date needs "
		    "registration_date");
}

static void
check_parties(struct audit *a, const cJSON *pred)
{
	const cJSON *firm, *subs, *s, *built, *b;
	const char *sel;
	size_t i = 0;

	if ((firm = audit_need_object(a, pred, P, "audit_firm", 1)) != NULL) {
		audit_check_keys(a, firm, P "audit_firm", firm_keys);
		audit_need_text(a, firm, P "audit_firm.", "name", 1);
		sel = audit_need_string(a, firm, P "audit_firm.",
		    "selection_id", 0);
		if (sel && strlen(sel) > AUDIT_MAX_ID)
			problems_add(a->p, INK_ENO, P "audit_firm.selection_id "
			    "is longer than %d bytes", AUDIT_MAX_ID);
	}
	subs = json_get(pred, "subservice_organisations");
	if (subs && !cJSON_IsArray(subs))
		problems_add(a->p, INK_ENO,
		    P "subservice_organisations must be "
		    "an array");
	else if (subs)
		for (s = subs->child; s; s = s->next, i++) {
			char where[64], w[72];
			snprintf(where, sizeof(where),
			    P "subservice_organisations[%zu]", i);
			snprintf(w, sizeof(w), "%s.", where);
			if (!cJSON_IsObject(s)) {
				problems_add(a->p, INK_ENO, "%s must be an "
				    "object", where);
				continue;
			}
			audit_check_keys(a, s, where, subservice_keys);
			audit_need_text(a, s, w, "name", 1);
			audit_need_enum(a, s, w, "method", methods, 1);
			audit_need_text(a, s, w, "services", 0);
		}
	/* built_on names base services: {"corporate_number", "service_id"},
	 * or (the first form) the record id of an audit of one. */
	built = json_get(pred, "built_on");
	i = 0;
	if (built && !cJSON_IsArray(built))
		problems_add(a->p, INK_ENO, P "built_on must be an array of "
		    "base services");
	else if (built)
		for (b = built->child; b; b = b->next, i++) {
			const char *c = json_get_str(b, "corporate_number");
			const char *v = json_get_str(b, "service_id");
			if (cJSON_IsObject(b)) {
				audit_check_keys(a, b, P "built_on[]",
				    built_on_keys);
				if (!c || !corporate_number_ok(c) || !v ||
				    !audit_id_ok(v))
					problems_add(a->p, INK_ENO,
					    P "built_on[%zu] names a base "
					    "service by its organisation's "
					    "corporate_number (a 法人番号) and "
					    "its service_id", i);
			} else if (!cJSON_IsString(b) ||
			    !audit_record_id_ok(b->valuestring)) {
				problems_add(a->p, INK_ENO,
				    P "built_on[%zu] must be a base service "
				    "({\"corporate_number\", \"service_id\"}) "
				    "or a record id (sha256: and 64 lowercase "
				    "hex digits)", i);
				continue;
			}
			for (s = built->child; s != b; s = s->next)
				if (cJSON_Compare(s, b, 1))
					problems_add(a->p, INK_ENO,
					    P "built_on[%zu] twice", i);
		}
	if ((b = json_get(pred, "supersedes")) != NULL && !cJSON_IsNull(b) &&
	    (!cJSON_IsString(b) || !audit_record_id_ok(b->valuestring)))
		problems_add(a->p, INK_ENO,
		    P "supersedes must be the record id "
		    "(sha256: and 64 lowercase hex digits) of the record this "
		    "one replaces");
}

/* public_disclosures: exactly the scheme's required_disclosures. */
static void
check_disclosures(struct audit *a, const cJSON *pred)
{
	const cJSON *req = json_get(a->scheme, "required_disclosures"), *d, *c;
	const cJSON *pd = json_get(pred, "public_disclosures");

	if (pd && !cJSON_IsObject(pd)) {
		problems_add(a->p, INK_ENO, P "public_disclosures must be an "
		    "object: disclosure id -> text");
		return;
	}
	if (a->scheme == NULL)
		return;
	cJSON_ArrayForEach(d, req) {
		const char *id = json_get_str(d, "id");
		if (id == NULL)
			continue;
		if (json_get(pd, id) == NULL)
			problems_add(a->p, INK_ENO,
			    P "public_disclosures.%s is "
			    "required by scheme '%s' (%s)", id, a->scheme_id,
			    audit_text(json_get(d, "name"), "en") ?
			    audit_text(json_get(d, "name"), "en") : id);
		else
			audit_need_text(a, pd, P "public_disclosures.", id, 1);
	}
	if (pd == NULL)
		return;
	for (c = pd->child; c; c = c->next) {
		int known = 0;
		cJSON_ArrayForEach(d, req)
			if (json_get_str(d, "id") &&
			    strcmp(json_get_str(d, "id"), c->string) == 0)
				known = 1;
		if (!known)
			problems_add(a->p, INK_ENO, P "public_disclosures: "
			    "scheme '%s' has no disclosure '%s'", a->scheme_id,
			    c->string);
	}
}

static void
check_public(struct audit *a, const cJSON *pred)
{
	audit_need_text(a, pred, P, "scope_summary", 1);
	audit_need_text(a, pred, P, "management_assertion", 1);
	audit_need_text(a, pred, P, "system_boundaries", 1);
	audit_need_text(a, pred, P, "principal_commitments", 1);
	check_disclosures(a, pred);
}

static void
check_signers(struct audit *a, const cJSON *pred)
{
	const cJSON *roles = json_get(a->scheme, "required_roles"), *r, *s;
	const cJSON *signers = json_get(pred, "signers");
	const char **list;
	char all[128];

	if (signers == NULL) {
		problems_add(a->p, INK_ENO,
		    P "signers is required: the auditor "
		    "and the provider's management, with their key ids");
		return;
	}
	if (!cJSON_IsArray(signers) || (list = audit_json_list(roles)) == NULL)
		return;
	audit_join(all, sizeof(all), list);
	cJSON_ArrayForEach(r, roles) {
		int found = 0;
		cJSON_ArrayForEach(s, signers)
			if (cJSON_IsString(r) && json_get_str(s, "role") &&
			    strcmp(json_get_str(s, "role"),
			    r->valuestring) == 0)
				found = 1;
		if (!found && cJSON_IsString(r))
			problems_add(a->p, INK_ENO,
			    P "signers: scheme '%s' needs "
			    "a signer in role '%s' (roles: %s)", a->scheme_id,
			    r->valuestring, all);
	}
	cJSON_ArrayForEach(s, signers) {
		const char *role = json_get_str(s, "role");
		if (role && !audit_in_list(role, list))
			problems_add(a->p, INK_ENO, P "signers: role '%s' does "
			    "not sign '%s' records (roles: %s)", role,
			    a->scheme_id, all);
	}
	free(list);
}

/* Whether the record's window hb..he is the one an earlier rule of the
 * scheme gave, and the record was signed while that rule was in force
 * (schemes.json validity_earlier): a record signed before a scheme
 * changed its rule keeps the window it was given. */
static int
earlier_window(struct audit *a, const cJSON *pred, const char *hb,
    const char *he)
{
	const char *until, *sa = json_get_str(pred, "signed_at");
	int64_t b, e, nb, na, u, signed_at;

	return hb && he && sa && time_parse(&nb, hb) == 0 &&
	    time_parse(&na, he) == 0 && time_parse(&signed_at, sa) == 0 &&
	    scheme_validity_earlier(&b, &e, a->scheme, pred, nb, na,
	    &until) == 0 && time_parse(&u, until) == 0 && signed_at < u;
}

/* The window the scheme's rule gives; compared with the one the record
 * has (or, in a draft, written into it). */
void
audit_check_validity(struct audit *a, cJSON *pred_w, const cJSON *pred)
{
	const cJSON *v = json_get(pred, "validity");
	const char *field = json_get_str(json_get(a->scheme, "validity"),
	    "field"), *val;
	char nb[TIME_LEN], na[TIME_LEN];
	int64_t b, e, t;

	if (a->scheme == NULL)
		return;
	/* A malformed anchor date was reported with the dates. */
	val = field ? json_get_str(pred, field) : NULL;
	if (val && (strlen(val) != 10 || time_parse_date(&t, val) != 0))
		return;
	if (scheme_validity(&b, &e, a->scheme, pred, a->p) != 0)
		return;
	time_format(nb, b);
	time_format(na, e);
	if (v != NULL) {
		const char *hb = json_get_str(v, "not_before");
		const char *he = json_get_str(v, "not_after");
		if ((!hb || !he || strcmp(hb, nb) || strcmp(he, na)) &&
		    !earlier_window(a, pred, hb, he)) {
			problems_add(a->p, INK_ENO, P "validity differs from "
			    "the one scheme '%s' gives (%s from %s: %s to %s); "
			    "leave it out and inkan sign computes it",
			    a->scheme_id, field ? field : "?", val ? val : "?",
			    nb, na);
			return;
		}
	} else if (!a->draft) {
		problems_add(a->p, INK_ENO,
		    P "validity is missing (scheme '%s' "
		    "gives %s to %s)", a->scheme_id, nb, na);
		return;
	}
	if (pred_w && v == NULL) {
		cJSON *w = cJSON_AddObjectToObject(pred_w, "validity");
		if (w == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			return;
		}
		cJSON_AddStringToObject(w, "not_before", nb);
		cJSON_AddStringToObject(w, "not_after", na);
	}
}

void
audit_check_predicate(struct audit *a, const cJSON *st)
{
	const cJSON *pred = json_get(st, "predicate");

	if (!cJSON_IsObject(pred)) {
		problems_add(a->p, INK_ENO, "predicate must be an object");
		return;
	}
	check_scheme(a, pred);
	if (a->scheme)
		check_scheme_options(a, pred);
	/* A certification (seed 003's new programme) has its own members:
	 * no opinion, criteria or period (audit_cert.c). */
	if (a->scheme && audit_cert_shape(a->scheme)) {
		check_subject(a, pred);
		check_parties(a, pred);
		audit_check_certification(a, pred);
		check_disclosures(a, pred);
		check_signers(a, pred);
		audit_check_validity(a, NULL, pred);
		return;
	}
	audit_check_keys(a, pred, "predicate", pred_keys);
	if (a->draft)
		for (const char *const *k = (const char *const[]){
		    "controls_covered", "disclosure_digests",
		    "mandatory_controls_met", NULL }; *k; k++)
			if (json_get(pred, *k))
				problems_add(a->p, INK_ENO,
				    P "%s is written by "
				    "inkan sign from predicate.controls: leave "
				    "it out of the draft", *k);
	if (json_get(pred, "certification"))
		problems_add(a->p, INK_ENO, P "certification is for a scheme "
		    "whose records are certifications (jp-cyber-service), not "
		    "'%s'", a->scheme_id ? a->scheme_id : "?");
	check_opinion(a, pred);
	check_subject(a, pred);
	check_criteria(a, pred);
	audit_check_soa(a, pred);
	check_dates(a, pred);
	check_parties(a, pred);
	check_public(a, pred);
	if (a->scheme)
		check_signers(a, pred);
	if (a->draft) {
		if (json_get(pred, "controls"))
			audit_check_controls(a, json_get(pred, "controls"));
		else
			audit_check_mandatory(a, NULL, 0, P "controls");
	} else {
		audit_check_covered(a, pred);
	}
	audit_soa_check_results(a, pred);
	audit_check_validity(a, NULL, pred);
}
