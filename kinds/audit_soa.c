/*
 * The audit-report kind: the statement of applicability (言明書) of a
 * scheme that takes one (schemes.json "statement_of_applicability":
 * ismap-cloud).  Management declares which detailed controls of the
 * covered categories apply to its service and which it excludes, each
 * exclusion with its reason; the statement is public and signed with
 * the record.  Seed 001: 「自身のサービスの内容に対応する管理策を選択し、
 * 言明書において明らかにする」, 「選択しない管理策がある場合には、CSPは
 * 言明書において除外理由の記載を行うこと」, and the mandatory controls
 * are 「遵守を必須」 (docs/CATALOGS.md cites each rule).
 *
 * The statement is read once per check (audit_check_soa) into a sorted
 * list of ids; the control results are then checked against it
 * (audit_soa_check_results): in a draft, each result in cleartext; in a
 * signed record, the public list of the controls tested.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "kinds/audit_int.h"

#define SOA P "statement_of_applicability"

struct soa_entry {
	const char *id;
	int excluded;
};

struct audit_soa {
	struct soa_entry *v; /* sorted by id */
	size_t n;
};

static const char *const soa_keys[] = { "catalog_version", "selected",
	"excluded", NULL };
static const char *const excluded_keys[] = { "id", "reason", NULL };
static const char *const reason_keys[] = { "ja", "en", NULL };

static int
entry_cmp(const void *x, const void *y)
{
	const struct soa_entry *a = x, *b = y;
	int c = strcmp(a->id, b->id);

	return c ? c : a->excluded - b->excluded;
}

static const struct soa_entry *
soa_find(const struct audit_soa *s, const char *id)
{
	size_t lo = 0, hi = s->n;

	/* The first entry with this id (a duplicate is refused anyway). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && strcmp(s->v[lo].id, id) == 0 ? &s->v[lo] : NULL;
}

/* A control the statement may name: a detailed control of the pinned
 * catalogue (a criterion, or a requirement that has none), in a covered
 * category, and not mandatory when excluded.  1 when it is. */
static int
soa_control_ok(struct audit *a, const char *where, const char *id,
    int excluded)
{
	struct cat_hit h;

	if (!audit_catalog_find(&h, a, id) || h.level < 3) {
		problems_add(a->p, INK_ENO, "%s: '%s' is not a control of "
		    "catalogue '%s' version '%s'", where, id,
		    json_get_str(a->catalog, "id"),
		    json_get_str(a->catalog, "version"));
		return 0;
	}
	if (!audit_json_has_string(a->categories, h.category)) {
		problems_add(a->p, INK_ENO, "%s: '%s' is in category '%s', "
		    "which criteria.categories does not cover", where, id,
		    h.category);
		return 0;
	}
	if (h.level == 3 && cJSON_GetArraySize(json_get(h.node,
	    "criteria")) > 0) {
		problems_add(a->p, INK_ENO, "%s: '%s' is a control objective: "
		    "name its detailed controls (such as '%s')", where, id,
		    json_get_str(json_get(h.node, "criteria")->child, "id") ?
		    json_get_str(json_get(h.node, "criteria")->child, "id") :
		    "?");
		return 0;
	}
	if (excluded && h.mandatory) {
		problems_add(a->p, INK_ENO, "%s: '%s' is mandatory in "
		    "catalogue '%s' (遵守を必須) and cannot be excluded", where,
		    id, json_get_str(a->catalog, "id"));
		return 0;
	}
	return 1;
}

/* The reason of an exclusion: {"ja": ..., "en": ...}, ja required. */
static void
soa_reason(struct audit *a, const char *where, const char *id,
    const cJSON *r)
{
	const cJSON *c;

	if (r == NULL) {
		problems_add(a->p, INK_ENO, "%s: excluded control '%s' has no "
		    "reason: give its 除外理由 as {\"ja\": ..., \"en\": ...}",
		    where, id);
		return;
	}
	if (!cJSON_IsObject(r) || json_get_str(r, "ja") == NULL) {
		problems_add(a->p, INK_ENO, "%s: the reason for excluding '%s' "
		    "must be {\"ja\": ..., \"en\": ...} with the Japanese "
		    "text at least", where, id);
		return;
	}
	audit_check_keys(a, r, where, reason_keys);
	for (c = r->child; c; c = c->next)
		if (!cJSON_IsString(c) || c->valuestring[0] == '\0' ||
		    strlen(c->valuestring) > AUDIT_MAX_SOA_REASON)
			problems_add(a->p, INK_ENO, "%s: the reason for "
			    "excluding '%s' (%s) must be a non-empty text of "
			    "at most %u bytes (AUDIT_MAX_SOA_REASON)", where, id,
			    c->string, AUDIT_MAX_SOA_REASON);
}

/* An array of the statement: NULL when it is not one or is too long. */
static const cJSON *
soa_list(struct audit *a, const cJSON *s, const char *key)
{
	const cJSON *v = json_get(s, key);

	if (!cJSON_IsArray(v)) {
		problems_add(a->p, INK_ENO, SOA ".%s must be an array (it may "
		    "be empty)", key);
		return NULL;
	}
	if (cJSON_GetArraySize(v) > AUDIT_MAX_SOA_CONTROLS) {
		problems_add(a->p, INK_ENO, SOA ".%s: more than %d controls "
		    "(AUDIT_MAX_SOA_CONTROLS)", key, AUDIT_MAX_SOA_CONTROLS);
		return NULL;
	}
	return v;
}

/* Every detailed control of a covered category is selected or excluded:
 * nothing is left out of the statement without a word. */
static void
soa_complete(struct audit *a, const struct audit_soa *s)
{
	const cJSON *c, *m, *r, *x;

	cJSON_ArrayForEach(c, json_get(a->catalog, "categories")) {
		const char *cid = json_get_str(c, "id");
		if (cid == NULL || !audit_json_has_string(a->categories, cid))
			continue;
		cJSON_ArrayForEach(m, json_get(c, "middle"))
		cJSON_ArrayForEach(r, json_get(m, "requirements")) {
			const cJSON *crit = json_get(r, "criteria");
			const cJSON *one = r;
			if (cJSON_GetArraySize(crit) > 0)
				one = crit->child;
			for (x = one; x; x = one == r ? NULL : x->next) {
				const char *id = json_get_str(x, "id");
				if (id && soa_find(s, id) == NULL)
					problems_add(a->p, INK_ENO, SOA ": "
					    "control '%s' of category '%s' is "
					    "neither selected nor excluded",
					    id, cid);
			}
		}
	}
}

void
audit_check_soa(struct audit *a, const cJSON *pred)
{
	const cJSON *s = json_get(pred, "statement_of_applicability");
	const cJSON *sel, *exc, *c;
	const char *want, *ver;
	struct audit_soa *soa = NULL;
	size_t i;

	if (a->scheme == NULL)
		return;
	want = json_get_str(a->scheme, "statement_of_applicability");
	a->soa_taken = want && strcmp(want, "required") == 0;
	if (!a->soa_taken) {
		if (s)
			problems_add(a->p, INK_ENO, SOA ": scheme '%s' takes "
			    "no statement of applicability (言明書): leave it "
			    "out", a->scheme_id);
		return;
	}
	/* Every draft signed now carries one; whether a signed record needs
	 * one is the registry's question, by when it was registered
	 * (schemes.json statement_of_applicability_from, FORMAT.md 6.4): one
	 * registered before the scheme took it keeps its registration. */
	if (s == NULL) {
		if (a->draft)
			problems_add(a->p, INK_ENO, SOA " is required by scheme "
			    "'%s': management's 言明書, the controls it selects "
			    "and those it excludes with their reasons",
			    a->scheme_id);
		return;
	}
	if (!cJSON_IsObject(s)) {
		problems_add(a->p, INK_ENO, SOA " must be an object");
		return;
	}
	audit_check_keys(a, s, SOA, soa_keys);
	ver = json_get_str(s, "catalog_version");
	want = json_get_str(json_get(pred, "criteria"), "catalog_version");
	if (ver == NULL)
		problems_add(a->p, INK_ENO, SOA ".catalog_version is required: "
		    "the version of the catalogue the statement names "
		    "controls of");
	else if (want && strcmp(ver, want) != 0)
		problems_add(a->p, INK_ENO, SOA ".catalog_version '%s' is not "
		    "criteria.catalog_version '%s'", ver, want);
	sel = soa_list(a, s, "selected");
	exc = soa_list(a, s, "excluded");
	if (sel == NULL || exc == NULL)
		return;
	soa = calloc(1, sizeof(*soa));
	if (soa == NULL || (soa->v = calloc((size_t)cJSON_GetArraySize(sel) +
	    (size_t)cJSON_GetArraySize(exc) + 1, sizeof(*soa->v))) == NULL) {
		free(soa);
		problems_add(a->p, INK_EINPUT, "out of memory");
		return;
	}
	i = 0;
	for (c = sel->child; c; c = c->next, i++) {
		char where[64];
		snprintf(where, sizeof(where), SOA ".selected[%zu]", i);
		if (!cJSON_IsString(c) || c->valuestring[0] == '\0' ||
		    strlen(c->valuestring) > AUDIT_MAX_ID) {
			problems_add(a->p, INK_ENO, "%s must be a control id",
			    where);
			continue;
		}
		soa->v[soa->n].id = c->valuestring;
		soa->v[soa->n++].excluded = 0;
		if (a->catalog && a->categories)
			soa_control_ok(a, where, c->valuestring, 0);
	}
	i = 0;
	for (c = exc->child; c; c = c->next, i++) {
		const char *id = json_get_str(c, "id");
		char where[64];
		snprintf(where, sizeof(where), SOA ".excluded[%zu]", i);
		if (!cJSON_IsObject(c) || id == NULL || id[0] == '\0' ||
		    strlen(id) > AUDIT_MAX_ID) {
			problems_add(a->p, INK_ENO, "%s must be {\"id\": ..., "
			    "\"reason\": {\"ja\": ..., \"en\": ...}}", where);
			continue;
		}
		audit_check_keys(a, c, where, excluded_keys);
		soa->v[soa->n].id = id;
		soa->v[soa->n++].excluded = 1;
		soa_reason(a, where, id, json_get(c, "reason"));
		if (a->catalog && a->categories)
			soa_control_ok(a, where, id, 1);
	}
	qsort(soa->v, soa->n, sizeof(*soa->v), entry_cmp);
	for (i = 1; i < soa->n; i++) {
		if (strcmp(soa->v[i - 1].id, soa->v[i].id) != 0)
			continue;
		if (soa->v[i - 1].excluded != soa->v[i].excluded)
			problems_add(a->p, INK_ENO, SOA ": control '%s' is "
			    "both selected and excluded", soa->v[i].id);
		else
			problems_add(a->p, INK_ENO, SOA ".%s: control '%s' is "
			    "listed twice", soa->v[i].excluded ? "excluded" :
			    "selected", soa->v[i].id);
	}
	if (a->catalog && a->categories)
		soa_complete(a, soa);
	a->soa = soa;
}

/* 1 when the statement selects the control id: a detailed control
 * itself, or a control objective through one of its detailed controls. */
static int
soa_selects(struct audit *a, const char *id)
{
	const struct soa_entry *e = soa_find(a->soa, id);
	const cJSON *x;
	struct cat_hit h;

	if (e)
		return !e->excluded;
	if (a->catalog == NULL || !audit_catalog_find(&h, a, id) ||
	    h.level != 3)
		return 0;
	cJSON_ArrayForEach(x, json_get(h.node, "criteria"))
		if (json_get_str(x, "id") && (e = soa_find(a->soa,
		    json_get_str(x, "id"))) != NULL && !e->excluded)
			return 1;
	return 0;
}

/* One tested control against the statement: it must be selected, and
 * (in a draft, where the result is seen) a selected control is not
 * "not-applicable": excluding a control is the statement's to say. */
static void
soa_tested(struct audit *a, const char *where, const char *id,
    const char *result)
{
	const struct soa_entry *e = soa_find(a->soa, id);

	if (!soa_selects(a, id)) {
		problems_add(a->p, INK_ENO, "%s: control '%s' has a result, "
		    "but the statement of applicability %s it", where, id,
		    e && e->excluded ? "excludes" : "does not select");
		return;
	}
	if (result && strcmp(result, "not-applicable") == 0)
		problems_add(a->p, INK_ENO, "%s: control '%s' is selected in "
		    "the statement of applicability, so it cannot be "
		    "not-applicable: exclude it there with its reason, or "
		    "give its result", where, id);
}

void
audit_soa_check_results(struct audit *a, const cJSON *pred)
{
	const cJSON *c;
	size_t i = 0;

	if (a->soa == NULL)
		return;
	if (a->draft) {
		cJSON_ArrayForEach(c, json_get(pred, "controls")) {
			char where[64];
			snprintf(where, sizeof(where), P "controls[%zu]", i++);
			if (json_get_str(c, "id"))
				soa_tested(a, where, json_get_str(c, "id"),
				    json_get_str(c, "result"));
		}
		return;
	}
	/* After signing the results are salted digests: only which controls
	 * were tested (controls_covered) can be checked. */
	cJSON_ArrayForEach(c, json_get(pred, "controls_covered"))
		if (cJSON_IsString(c))
			soa_tested(a, P "controls_covered", c->valuestring,
			    NULL);
}

void
audit_soa_free(struct audit *a)
{
	if (a->soa == NULL)
		return;
	free(a->soa->v);
	free(a->soa);
	a->soa = NULL;
}
