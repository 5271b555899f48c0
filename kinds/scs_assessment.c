/*
 * The scs-assessment kind (KIND_SCS_TYPE): the rules of an SCS ★3/★4
 * record, on a draft (prepare) and on a signed Statement (check).  The scheme (roles,
 * validity, scopes) comes from catalogs/schemes.json and the requirements
 * from the catalogue the record names: nothing of either is compiled in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/record.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "kinds/scs_assessment.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_limits.h"
#include "kinds/scs.h"

#define P "predicate."

/* What a record is checked against: its scheme and its catalogue. */
struct env {
	cJSON *schemes;
	const cJSON *scheme;    /* borrowed from schemes */
	cJSON *catalog;
	int level;
	const struct catalog_source *cats; /* asked first for catalogues */
};

#define ENV_INIT { NULL, NULL, NULL, 0, NULL }

static void
env_release(struct env *e)
{
	cJSON_Delete(e->schemes);
	cJSON_Delete(e->catalog);
	memset(e, 0, sizeof(*e));
}

/* Members every record has; a draft adds the confidential ones, a signed
 * record the computed ones. */
static const char *const public_members[] = { "scheme", "level", "catalog",
	"organisation", "scope", "expert", "evaluator",
	"management_declaration", "confirmation_date", "signers", "signed_at",
	"validity", "results", "disclosure_digests", "requirements",
	"improvement_plan", NULL };
static const char *const draft_only[] = { "requirements",
	"improvement_plan", NULL };
static const char *const signed_only[] = { "results",
	"disclosure_digests", NULL };

static const char *const org_members[] = { "name", "corporate_number",
	NULL };
static const char *const scope_members[] = { "kind", "summary", NULL };
static const char *const expert_members[] = { "name", "qualification",
	"registration_number", "organisation", NULL };
static const char *const decl_members[] = { "name", "title", "date",
	"text", NULL };
static const char *const catalog_members[] = { "id", "version", NULL };
static const char *const req_members[] = { "id", "answer", "comment",
	"procedures", "result", "expert_comment", "criteria", NULL };
static const char *const crit_members[] = { "id", "met", NULL };
static const char *const plan_members[] = { "date", "company",
	"responsible", "expert", "meetings", "evaluation", "items", NULL };
static const char *const resp_members[] = { "name", "title", NULL };
static const char *const meeting_members[] = { "date", "time",
	"attendees", NULL };
static const char *const item_members[] = { "content", "target", NULL };
static const char *const results_members[] = { "overall", "categories",
	NULL };
static const char *const tally_members[] = { "id", "conformant",
	"needs_improvement", "not_applicable", NULL };

static void
members_only(const cJSON *o, const char *const *allowed, const char *where,
    struct problems *p)
{
	for (const cJSON *c = cJSON_IsObject(o) ? o->child : NULL; c;
	    c = c->next)
		if (scs_word_index(allowed, c->string) < 0)
			problems_add(p, INK_ENO, "%s: unknown member '%s'", where,
			    c->string);
}

/* A required object member; NULL (and a problem) when it is not one. */
static const cJSON *
need_object(const cJSON *o, const char *m, const char *where,
    struct problems *p)
{
	const cJSON *v = json_get(o, m);

	if (!cJSON_IsObject(v)) {
		problems_add(p, INK_ENO, "%s%s is needed (an object)", where, m);
		return NULL;
	}
	return v;
}

/* A text a person writes: present, not blank, within the limit. */
static const char *
need_text(const cJSON *o, const char *m, const char *where,
    struct problems *p)
{
	const char *s = json_get_str(o, m);

	if (!scs_text_present(s)) {
		problems_add(p, INK_ENO, "%s%s must be filled in", where, m);
		return NULL;
	}
	if (strlen(s) > SCS_MAX_TEXT) {
		problems_add(p, INK_ENO, "%s%s is longer than the limit of %u "
		    "bytes", where, m, SCS_MAX_TEXT);
		return NULL;
	}
	return s;
}

static void
opt_text(const cJSON *o, const char *m, const char *where,
    struct problems *p)
{
	const cJSON *v = json_get(o, m);

	if (v == NULL)
		return;
	if (!cJSON_IsString(v))
		problems_add(p, INK_ENO, "%s%s must be a string", where, m);
	else if (strlen(v->valuestring) > SCS_MAX_TEXT)
		problems_add(p, INK_ENO, "%s%s is longer than the limit of %u "
		    "bytes", where, m, SCS_MAX_TEXT);
}

static const char *
need_date(const cJSON *o, const char *m, const char *where,
    struct problems *p)
{
	const char *s = json_get_str(o, m);

	if (!scs_date_ok(s)) {
		problems_add(p, INK_ENO, "%s%s must be a date YYYY-MM-DD", where,
		    m);
		return NULL;
	}
	return s;
}

static int
id_ok(const char *s, const char *chars)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= SCS_MAX_ID && strspn(s, chars) == n;
}

/* Loads the scheme and the catalogue the predicate names.  Returns 0 when
 * both are there; problems say why not. */
static int
env_load(struct env *e, const cJSON *pred, struct problems *p)
{
	const cJSON *cat = json_get(pred, "catalog");
	const char *scheme = json_get_str(pred, "scheme");
	const char *cid = json_get_str(cat, "id");
	const char *cver = json_get_str(cat, "version");
	const char *cs, *pt;
	char want[32];
	int64_t level;

	if (json_get_int(&level, pred, "level") != 0 ||
	    (level != 3 && level != 4)) {
		problems_add(p, INK_ENO, P "level must be 3 (★3) or 4 (★4)");
		return INK_ENO;
	}
	e->level = (int)level;
	snprintf(want, sizeof(want), "scs-star%d", e->level);
	if (scheme == NULL || strcmp(scheme, want) != 0) {
		problems_add(p, INK_ENO, P "scheme must be '%s' for level %d",
		    want, e->level);
		return INK_ENO;
	}
	if (scheme_doc_load(&e->schemes) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return INK_EINPUT;
	}
	if ((e->scheme = scheme_find(e->schemes, scheme)) == NULL) {
		problems_add(p, INK_EINPUT, "scheme '%s' is not in %s/schemes."
		    "json", scheme, catalog_dir());
		return INK_EINPUT;
	}
	pt = json_get_str(e->scheme, "predicate_type");
	if (pt == NULL || strcmp(pt, KIND_SCS_TYPE) != 0) {
		problems_add(p, INK_EINPUT, "scheme '%s' is not a scheme of %s "
		    "records", scheme, KIND_SCS_TYPE);
		return INK_EINPUT;
	}
	members_only(cat, catalog_members, P "catalog", p);
	if (!id_ok(cid, "abcdefghijklmnopqrstuvwxyz0123456789-") ||
	    !id_ok(cver, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-._")) {
		problems_add(p, INK_ENO, P "catalog needs the catalogue's id and "
		    "version (e.g. {\"id\": \"%s\", \"version\": \"2026-03-27\"})",
		    json_get_str(e->scheme, "catalog") ?
		    json_get_str(e->scheme, "catalog") : want);
		return INK_ENO;
	}
	if (scs_catalog_find_in(e->cats, &e->catalog, NULL, cid,
	    cver) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return INK_EINPUT;
	}
	cs = json_get_str(e->catalog, "scheme");
	if (cs == NULL || (strcmp(cs, scheme) != 0 &&
	    strcmp(cs, json_get_str(e->scheme, "family") ?
	    json_get_str(e->scheme, "family") : "") != 0)) {
		problems_add(p, INK_ENO, "catalogue '%s' %s serves '%s', not "
		    "'%s'", cid, cver, cs ? cs : "?", scheme);
		return INK_ENO;
	}
	if (!cJSON_IsTrue(json_get(e->catalog, "complete")) ||
	    cJSON_IsTrue(json_get(e->catalog, "sample"))) {
		problems_add(p, INK_ENO, "catalogue '%s' %s is not complete "
		    "(it has placeholders, not the official texts): import the "
		    "official criteria list with 'inkan scs catalog import' "
		    "and name that catalogue", cid, cver);
		return INK_ENO;
	}
	return 0;
}

static void
check_roles(const cJSON *pred, const struct env *e, struct problems *p)
{
	const cJSON *req = json_get(e->scheme, "required_roles"), *r, *s;
	char need[128] = "";

	cJSON_ArrayForEach(r, req)
		if (cJSON_IsString(r))
			snprintf(need + strlen(need), sizeof(need) - strlen(need),
			    "%s%s", need[0] ? " and " : "", r->valuestring);
	cJSON_ArrayForEach(r, req) {
		int found = 0;
		cJSON_ArrayForEach(s, json_get(pred, "signers")) {
			const char *role = json_get_str(s, "role");
			found |= role && cJSON_IsString(r) &&
			    strcmp(role, r->valuestring) == 0;
		}
		if (!found)
			problems_add(p, INK_ENO, P "signers: %s needs a signer "
			    "in role '%s' (%s records are signed by %s)",
			    json_get_str(e->scheme, "id"), r->valuestring,
			    json_get_str(e->scheme, "id"), need);
	}
	cJSON_ArrayForEach(s, json_get(pred, "signers")) {
		const char *role = json_get_str(s, "role");
		int wanted = 0;
		cJSON_ArrayForEach(r, req)
			wanted |= role && cJSON_IsString(r) &&
			    strcmp(role, r->valuestring) == 0;
		if (role && !wanted)
			problems_add(p, INK_ENO, P "signers: role '%s' does not "
			    "sign %s records (they are signed by %s)", role,
			    json_get_str(e->scheme, "id"), need);
	}
	if (!cJSON_IsArray(json_get(pred, "signers")))
		problems_add(p, INK_ENO, P "signers must declare %s", need);
}

/* kind is one of the scheme's scopes (the default list when the scheme
 * names none). */
static int
scope_kind_ok(const cJSON *scopes, const char *kind)
{
	const cJSON *s;

	if (kind == NULL)
		return 0;
	if (!cJSON_IsArray(scopes))
		return scs_word_index(scs_scope_kinds, kind) >= 0;
	cJSON_ArrayForEach(s, scopes)
		if (cJSON_IsString(s) && strcmp(s->valuestring, kind) == 0)
			return 1;
	return 0;
}

/* The members that are the same in a draft and a signed record. */
static void
check_common(const cJSON *pred, const struct env *e, int draft,
    struct problems *p)
{
	const cJSON *org, *scope, *x, *decl, *scopes;
	const char *kind, *num, *conf, *dd;

	members_only(pred, public_members, "predicate", p);
	for (int i = 0; draft_only[i]; i++)
		if (!draft && json_get(pred, draft_only[i]))
			problems_add(p, INK_ENO, P "%s is confidential and must "
			    "not be in a signed record (it belongs in the "
			    "disclosures)", draft_only[i]);
	for (int i = 0; signed_only[i]; i++)
		if (draft && json_get(pred, signed_only[i]))
			problems_add(p, INK_ENO, P "%s is computed by inkan sign: "
			    "remove it from the draft", signed_only[i]);
	if ((org = need_object(pred, "organisation", P, p)) != NULL) {
		members_only(org, org_members, P "organisation", p);
		need_text(org, "name", P "organisation.", p);
		num = json_get_str(org, "corporate_number");
		if (!corporate_number_ok(num))
			problems_add(p, INK_ENO, P "organisation.corporate_number "
			    "'%s' is not a 13-digit corporate number (法人番号) "
			    "with a valid check digit", num ? num : "");
	}
	if ((scope = need_object(pred, "scope", P, p)) != NULL) {
		members_only(scope, scope_members, P "scope", p);
		scopes = json_get(e->scheme, "scopes");
		kind = json_get_str(scope, "kind");
		if (!scope_kind_ok(scopes, kind))
			problems_add(p, INK_ENO, P "scope.kind must be one of "
			    "the scheme's scopes (group, company or "
			    "department)");
		need_text(scope, "summary", P "scope.", p);
	}
	if (e->level == 3) {
		if (json_get(pred, "evaluator"))
			problems_add(p, INK_ENO, P "evaluator is for ★4: a ★3 "
			    "record names the security expert in 'expert'");
		if ((x = need_object(pred, "expert", P, p)) != NULL) {
			members_only(x, expert_members, P "expert", p);
			need_text(x, "name", P "expert.", p);
			need_text(x, "qualification", P "expert.", p);
			need_text(x, "registration_number", P "expert.", p);
			opt_text(x, "organisation", P "expert.", p);
		}
	} else {
		if (json_get(pred, "expert"))
			problems_add(p, INK_ENO, P "expert is for ★3: a ★4 "
			    "record names the third-party evaluator in "
			    "'evaluator'");
		if ((x = need_object(pred, "evaluator", P, p)) != NULL) {
			members_only(x, expert_members, P "evaluator", p);
			need_text(x, "name", P "evaluator.", p);
			need_text(x, "organisation", P "evaluator.", p);
			opt_text(x, "qualification", P "evaluator.", p);
			opt_text(x, "registration_number", P "evaluator.", p);
		}
	}
	if ((decl = need_object(pred, "management_declaration", P, p)) != NULL) {
		members_only(decl, decl_members, P "management_declaration", p);
		need_text(decl, "name", P "management_declaration.", p);
		need_text(decl, "title", P "management_declaration.", p);
		need_date(decl, "date", P "management_declaration.", p);
		need_text(decl, "text", P "management_declaration.", p);
	}
	conf = need_date(pred, "confirmation_date", P, p);
	/* ★3's order (seed 004, its flow ② then ③): the expert confirms
	 * the assessment and signs, and then management declares
	 * conformity and the organisation submits.  A declaration dated
	 * before the confirmation declares what no expert had confirmed. */
	if (e->level == 3 && conf && decl &&
	    (dd = json_get_str(decl, "date")) != NULL && scs_date_ok(dd) &&
	    strcmp(dd, conf) < 0)
		problems_add(p, INK_ENO, P "management_declaration.date %s is "
		    "before confirmation_date %s: management declares after "
		    "the expert has confirmed (SCS ★3 flow, steps ② then ③)",
		    dd, conf);
	check_roles(pred, e, p);
}

/* ---- the rule engine ------------------------------------------------ */

struct tally {
	long conformant, improve, na;
};

static const cJSON *
find_entry(const cJSON *arr, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, arr) {
		const char *x = json_get_str(c, "id");
		if (x && strcmp(x, id) == 0)
			return c;
	}
	return NULL;
}

/* Checks one entry's criteria list against the catalogue's, and names
 * each criterion that is not met (false, null or absent) when the result
 * needs every one. */
static void
check_criteria(const cJSON *entry, const struct scs_req *rq,
    const char *result, struct problems *p)
{
	const cJSON *given = json_get(entry, "criteria"), *c, *d;
	const cJSON *cat = json_get(rq->node, "criteria");
	size_t i = 0;

	if (given && !cJSON_IsArray(given)) {
		problems_add(p, INK_ENO, "requirement %s: criteria must be an "
		    "array of {\"id\", \"met\"}", rq->id);
		given = NULL;
	}
	cJSON_ArrayForEach(c, given) {
		const char *cid = json_get_str(c, "id");
		const cJSON *met = json_get(c, "met");
		char where[SCS_MAX_ID + 48];
		snprintf(where, sizeof(where), "requirement %s: criteria[%zu]",
		    rq->id, i++);
		members_only(c, crit_members, where, p);
		if (cid == NULL || find_entry(cat, cid) == NULL) {
			problems_add(p, INK_ENO, "requirement %s: '%s' is not one "
			    "of its criteria", rq->id, cid ? cid : "(no id)");
			continue;
		}
		if (find_entry(given, cid) != c)
			problems_add(p, INK_ENO, "requirement %s: criterion %s is "
			    "listed twice", rq->id, cid);
		if (!cJSON_IsBool(met) && !cJSON_IsNull(met))
			problems_add(p, INK_ENO, "requirement %s: criterion %s: "
			    "met must be true (満たす), false (満たさない) or null "
			    "(not assessed)", rq->id, cid);
	}
	cJSON_ArrayForEach(d, cat) {
		const char *cid = json_get_str(d, "id");
		const cJSON *e2 = find_entry(given, cid);
		const cJSON *met = json_get(e2, "met");
		if (cJSON_IsTrue(met))
			continue;
		if (strcmp(result, SCS_CONFORMANT) == 0)
			problems_add(p, INK_ENO, "requirement %s (%s) is %s but "
			    "criterion %s is %s: a requirement is %s only if "
			    "every one of its criteria is met", rq->id,
			    scs_ja(rq->node, "title"), SCS_CONFORMANT, cid,
			    cJSON_IsFalse(met) ? "not met" : "not marked as met",
			    SCS_CONFORMANT);
		else if (strcmp(result, SCS_NEEDS_IMPROVEMENT) == 0)
			problems_add(p, INK_ENO, "requirement %s: criterion %s is "
			    "%s", rq->id, cid, cJSON_IsFalse(met) ? "not met" :
			    "not marked as met");
	}
}

static void
check_entry(const cJSON *entry, const struct scs_req *rq, struct tally *t,
    struct problems *p)
{
	const char *answer = json_get_str(entry, "answer");
	const char *result = json_get_str(entry, "result");
	const cJSON *proc = json_get(entry, "procedures"), *x;
	char where[SCS_MAX_ID + 32];
	int r;

	snprintf(where, sizeof(where), "requirement %s", rq->id);
	members_only(entry, req_members, where, p);
	if (!scs_text_present(answer))
		problems_add(p, INK_ENO, "requirement %s (%s) has no answer (回答: "
		    "%s)", rq->id, scs_ja(rq->node, "title"),
		    scs_word_list(scs_answers, "/"));
	else if (scs_word_index(scs_answers, answer) < 0)
		problems_add(p, INK_ENO, "requirement %s: answer '%s' is not one "
		    "of %s", rq->id, answer, scs_word_list(scs_answers, "/"));
	snprintf(where, sizeof(where), "requirement %s: ", rq->id);
	opt_text(entry, "comment", where, p);
	opt_text(entry, "expert_comment", where, p);
	if (proc && !cJSON_IsArray(proc))
		problems_add(p, INK_ENO, "requirement %s: procedures must be an "
		    "array of %s", rq->id, scs_word_list(scs_procedures, ", "));
	cJSON_ArrayForEach(x, (cJSON_IsArray(proc) ? proc : NULL)) {
		const cJSON *y;
		if (!cJSON_IsString(x) ||
		    scs_word_index(scs_procedures, x->valuestring) < 0) {
			problems_add(p, INK_ENO, "requirement %s: procedure '%s' "
			    "is not one of %s", rq->id, cJSON_IsString(x) ?
			    x->valuestring : "?", scs_word_list(scs_procedures,
			    "/"));
			continue;
		}
		for (y = proc->child; y != x; y = y->next)
			if (cJSON_IsString(y) &&
			    strcmp(y->valuestring, x->valuestring) == 0)
				problems_add(p, INK_ENO, "requirement %s: "
				    "procedure '%s' is listed twice", rq->id,
				    x->valuestring);
	}
	if (!scs_text_present(result)) {
		problems_add(p, INK_ENO, "requirement %s (%s) has no result "
		    "(専門家の評価結果: %s)", rq->id, scs_ja(rq->node, "title"),
		    scs_word_list(scs_results, "/"));
		return;
	}
	if ((r = scs_word_index(scs_results, result)) < 0) {
		problems_add(p, INK_ENO, "requirement %s: result '%s' is not one "
		    "of %s", rq->id, result, scs_word_list(scs_results, "/"));
		return;
	}
	if (r == 1)
		problems_add(p, INK_ENO, "requirement %s (%s) is %s: a record is "
		    "registrable only when every requirement is %s, or %s with "
		    "a reason", rq->id, scs_ja(rq->node, "title"),
		    SCS_NEEDS_IMPROVEMENT, SCS_CONFORMANT, SCS_NOT_APPLICABLE);
	if (r == 2 && !scs_text_present(json_get_str(entry, "expert_comment")))
		problems_add(p, INK_ENO, "requirement %s (%s) is %s without a "
		    "reason: give it in expert_comment (専門家のコメント)",
		    rq->id, scs_ja(rq->node, "title"), SCS_NOT_APPLICABLE);
	if (r != 2)
		check_criteria(entry, rq, result, p);
	if (r == 0)
		t->conformant++;
	else if (r == 1)
		t->improve++;
	else
		t->na++;
}

static long
category_index(const cJSON *catalog, const cJSON *category)
{
	const cJSON *c;
	long i = 0;

	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		if (c == category)
			return i;
		i++;
	}
	return -1;
}

void
scs_rules_apply(cJSON **results, const cJSON *catalog,
    const cJSON *requirements, struct problems *p)
{
	struct scs_reqs reqs = SCS_REQS_INIT;
	struct tally *tally = NULL;
	const cJSON *e, *c;
	char *seen = NULL;
	size_t before = p->n, i = 0, ncat;
	cJSON *out = NULL, *arr;

	if (results)
		*results = NULL;
	if (!cJSON_IsArray(requirements)) {
		problems_add(p, INK_ENO, P "requirements must be an array with "
		    "one result per requirement of the catalogue (inkan scs "
		    "sheet import makes it from the assessment sheet)");
		return;
	}
	if (cJSON_GetArraySize(requirements) > SCS_MAX_REQUIREMENTS) {
		problems_add(p, INK_ENO, P "requirements: more than the limit of "
		    "%d", SCS_MAX_REQUIREMENTS);
		return;
	}
	ncat = (size_t)cJSON_GetArraySize(json_get(catalog, "categories"));
	if (scs_catalog_reqs(&reqs, catalog) != 0 ||
	    (seen = calloc(reqs.n + 1, 1)) == NULL ||
	    (tally = calloc(ncat + 1, sizeof(*tally))) == NULL) {
		problems_add(p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_ArrayForEach(e, requirements) {
		const char *id = json_get_str(e, "id");
		long k = scs_reqs_find(&reqs, id), ci;
		if (!cJSON_IsObject(e) || id == NULL) {
			problems_add(p, INK_ENO, P "requirements[%zu] needs an "
			    "\"id\"", i);
		} else if (k < 0) {
			problems_add(p, INK_ENO, P "requirements[%zu]: '%s' is not "
			    "a requirement of catalogue '%s' %s", i, id,
			    json_get_str(catalog, "id"),
			    json_get_str(catalog, "version"));
		} else if (seen[k]) {
			problems_add(p, INK_ENO, P "requirements: %s is listed "
			    "twice", id);
		} else {
			seen[k] = 1;
			ci = category_index(catalog, reqs.v[k].category);
			check_entry(e, &reqs.v[k], &tally[ci < 0 ? 0 : ci], p);
		}
		i++;
	}
	for (size_t k = 0; k < reqs.n; k++)
		if (!seen[k])
			problems_add(p, INK_ENO, "requirement %s (%s) has no "
			    "result", reqs.v[k].id, scs_ja(reqs.v[k].node,
			    "title"));
	if (p->n > before || results == NULL)
		goto cleanup;
	if ((out = cJSON_CreateObject()) == NULL)
		goto cleanup;
	cJSON_AddStringToObject(out, "overall", "conformant");
	arr = cJSON_AddArrayToObject(out, "categories");
	i = 0;
	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "id", json_get_str(c, "id"));
		cJSON_AddNumberToObject(t, "conformant",
		    (double)tally[i].conformant);
		cJSON_AddNumberToObject(t, "needs_improvement",
		    (double)tally[i].improve);
		cJSON_AddNumberToObject(t, "not_applicable", (double)tally[i].na);
		cJSON_AddItemToArray(arr, t);
		i++;
	}
	*results = out;
cleanup:
	scs_reqs_release(&reqs);
	free(seen);
	free(tally);
}

/* ---- the improvement plan (改善計画書) ------------------------------- */

void
scs_plan_check(const cJSON *plan, struct problems *p)
{
	const cJSON *resp, *meetings, *m, *a, *it, *items;
	size_t i = 0;

	if (!cJSON_IsObject(plan)) {
		problems_add(p, INK_ENO, P "improvement_plan must be an object");
		return;
	}
	members_only(plan, plan_members, P "improvement_plan", p);
	need_date(plan, "date", P "improvement_plan.", p);
	need_text(plan, "company", P "improvement_plan.", p);
	if ((resp = need_object(plan, "responsible", P "improvement_plan.",
	    p)) != NULL) {
		members_only(resp, resp_members,
		    P "improvement_plan.responsible", p);
		need_text(resp, "name", P "improvement_plan.responsible.", p);
		need_text(resp, "title", P "improvement_plan.responsible.", p);
	}
	need_text(plan, "expert", P "improvement_plan.", p);
	need_text(plan, "evaluation", P "improvement_plan.", p);
	meetings = json_get(plan, "meetings");
	if (!cJSON_IsArray(meetings) || meetings->child == NULL ||
	    cJSON_GetArraySize(meetings) > SCS_MAX_MEETINGS)
		problems_add(p, INK_ENO, P "improvement_plan.meetings must list "
		    "1 to %d meetings ({date, time, attendees})",
		    SCS_MAX_MEETINGS);
	cJSON_ArrayForEach(m, (cJSON_IsArray(meetings) ? meetings : NULL)) {
		char w[80];
		size_t na = 0;
		snprintf(w, sizeof(w), P "improvement_plan.meetings[%zu]", i);
		members_only(m, meeting_members, w, p);
		snprintf(w, sizeof(w), P "improvement_plan.meetings[%zu].", i++);
		need_date(m, "date", w, p);
		opt_text(m, "time", w, p);
		a = json_get(m, "attendees");
		cJSON_ArrayForEach(it, (cJSON_IsArray(a) ? a : NULL))
			if (scs_text_present(cJSON_GetStringValue(it)))
				na++;
		if (!cJSON_IsArray(a) || na == 0 ||
		    na != (size_t)cJSON_GetArraySize(a) ||
		    na > SCS_MAX_ATTENDEES)
			problems_add(p, INK_ENO, "%sattendees must list 1 to %d "
			    "people (names, with titles)", w, SCS_MAX_ATTENDEES);
	}
	items = json_get(plan, "items");
	if (!cJSON_IsArray(items) ||
	    cJSON_GetArraySize(items) > SCS_MAX_PLAN_ITEMS)
		problems_add(p, INK_ENO, P "improvement_plan.items must be an "
		    "array of at most %d {content, target} (empty when nothing "
		    "is to be improved)", SCS_MAX_PLAN_ITEMS);
	i = 0;
	cJSON_ArrayForEach(m, (cJSON_IsArray(items) ? items : NULL)) {
		char w[80];
		snprintf(w, sizeof(w), P "improvement_plan.items[%zu]", i);
		members_only(m, item_members, w, p);
		snprintf(w, sizeof(w), P "improvement_plan.items[%zu].", i++);
		need_text(m, "content", w, p);
		if (!scs_target_ok(json_get_str(m, "target")))
			problems_add(p, INK_ENO, "%starget must be the target "
			    "date, YYYY-MM-DD or YYYY-MM", w);
	}
}

/* ---- validity ------------------------------------------------------- */

/* Computes the window from the scheme; 0 and the two times in out. */
static int
window(char nb[TIME_LEN], char na[TIME_LEN], const struct env *e,
    const cJSON *pred, struct problems *p)
{
	int64_t a, b;

	if (!scs_date_ok(json_get_str(pred, "confirmation_date")))
		return INK_ENO; /* already reported */
	if (scheme_validity(&a, &b, e->scheme, pred, p) != 0)
		return INK_ENO;
	time_format(nb, a);
	time_format(na, b);
	return 0;
}

static int
same_window(const cJSON *v, const char *nb, const char *na)
{
	const char *x = json_get_str(v, "not_before");
	const char *y = json_get_str(v, "not_after");

	return cJSON_GetArraySize(v) == 2 && x && y && strcmp(x, nb) == 0 &&
	    strcmp(y, na) == 0;
}

/* ---- the hooks ------------------------------------------------------ */

static int
add_disclosure(cJSON *sorted_out, struct kind_ctx *ctx, const char *path,
    const cJSON *value, struct problems *p)
{
	struct buf text = BUF_INIT(INK_MAX_DISCLOSURE);
	char digest[DISCLOSURE_DIGEST_LEN];
	cJSON *s;
	int rc;

	if ((rc = disclosure_make(&text, digest, path, value)) != 0) {
		problems_add(p, INK_EINPUT, "%s: %s", path, ink_error_last());
		buf_release(&text);
		return rc;
	}
	if (ctx->disclosures == NULL)
		ctx->disclosures = cJSON_CreateArray();
	s = cJSON_CreateString(buf_str(&text));
	buf_wipe(&text);
	if (ctx->disclosures == NULL || s == NULL) {
		cJSON_Delete(s);
		problems_add(p, INK_EINPUT, "out of memory");
		return INK_EINPUT;
	}
	cJSON_AddItemToArray(ctx->disclosures, s);
	cJSON_AddItemToArray(sorted_out, cJSON_CreateString(digest));
	return 0;
}

static int
cmp_digest(const void *a, const void *b)
{
	return strcmp((*(cJSON *const *)a)->valuestring,
	    (*(cJSON *const *)b)->valuestring);
}

/* Sorts an array of strings in place (byte order). */
static int
sort_strings(cJSON *arr)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	cJSON **v, *c;

	if (n < 2)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return INK_EINPUT;
	while ((c = arr->child) != NULL)
		v[i++] = cJSON_DetachItemViaPointer(arr, c);
	qsort(v, n, sizeof(*v), cmp_digest);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, v[i]);
	free(v);
	return 0;
}

void
scs_assessment_prepare(cJSON *st, struct kind_ctx *ctx, struct problems *p)
{
	cJSON *pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	cJSON *results = NULL, *digests = NULL, *v;
	const cJSON *reqs, *plan, *e;
	struct env env = ENV_INIT;
	char nb[TIME_LEN], na[TIME_LEN];
	size_t before = p->n;

	if (env_load(&env, pred, p) != 0)
		goto cleanup;
	check_common(pred, &env, 1, p);
	reqs = json_get(pred, "requirements");
	plan = json_get(pred, "improvement_plan");
	scs_rules_apply(&results, env.catalog, reqs, p);
	if (plan)
		scs_plan_check(plan, p);
	if (window(nb, na, &env, pred, p) == 0 &&
	    (v = cJSON_GetObjectItemCaseSensitive(pred, "validity")) != NULL &&
	    !same_window(v, nb, na))
		problems_add(p, INK_ENO, P "validity is computed from "
		    "confirmation_date (%s: %s until %s); remove it from the "
		    "draft or make it match", json_get_str(env.scheme, "id"),
		    nb, na);
	if (p->n > before)
		goto cleanup;

	/* The confidential detail leaves the predicate: each requirement's
	 * result and the plan become disclosures, bound by their digests. */
	if ((digests = cJSON_CreateArray()) == NULL) {
		problems_add(p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_ArrayForEach(e, reqs) {
		char path[SCS_MAX_ID + 16];
		cJSON *value = cJSON_Duplicate(e, 1);
		int rc;
		/* The path names the requirement; the value is the rest. */
		snprintf(path, sizeof(path), "requirements/%s",
		    json_get_str(e, "id"));
		if (value == NULL) {
			problems_add(p, INK_EINPUT, "out of memory");
			goto cleanup;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(value, "id");
		rc = add_disclosure(digests, ctx, path, value, p);
		cJSON_Delete(value);
		if (rc != 0)
			goto cleanup;
	}
	if (plan && add_disclosure(digests, ctx, "plan", plan, p) != 0)
		goto cleanup;
	if (sort_strings(digests) != 0) {
		problems_add(p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "requirements");
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "improvement_plan");
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "validity");
	v = cJSON_AddObjectToObject(pred, "validity");
	cJSON_AddStringToObject(v, "not_after", na);
	cJSON_AddStringToObject(v, "not_before", nb);
	cJSON_AddItemToObject(pred, "results", results);
	cJSON_AddItemToObject(pred, "disclosure_digests", digests);
	results = NULL;
	digests = NULL;
cleanup:
	cJSON_Delete(results);
	cJSON_Delete(digests);
	env_release(&env);
}

static int
digest_ok(const char *s)
{
	return s && strlen(s) == DISCLOSURE_DIGEST_LEN - 1 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == DISCLOSURE_DIGEST_LEN - 1;
}

/* The public results of a signed record against its catalogue. */
static void
check_results(const cJSON *pred, const struct env *e, struct problems *p)
{
	const cJSON *res = json_get(pred, "results"), *cats, *c, *t;
	const cJSON *dig = json_get(pred, "disclosure_digests"), *d;
	struct scs_reqs reqs = SCS_REQS_INIT;
	const char *overall = json_get_str(res, "overall");
	size_t n;

	if (!cJSON_IsObject(res)) {
		problems_add(p, INK_ENO, P "results is missing (counts per "
		    "major category and the overall result)");
		return;
	}
	members_only(res, results_members, P "results", p);
	if (overall == NULL || strcmp(overall, "conformant") != 0)
		problems_add(p, INK_ENO, P "results.overall must be "
		    "'conformant': only a record whose requirements are all %s "
		    "or %s is registrable", SCS_CONFORMANT, SCS_NOT_APPLICABLE);
	cats = json_get(res, "categories");
	t = cats ? cats->child : NULL;
	cJSON_ArrayForEach(c, json_get(e->catalog, "categories")) {
		const char *cid = json_get_str(c, "id");
		int64_t a, b, x;
		long want = 0;
		const cJSON *m;
		cJSON_ArrayForEach(m, json_get(c, "middle"))
			want += cJSON_GetArraySize(json_get(m, "requirements"));
		if (t == NULL || json_get_str(t, "id") == NULL ||
		    strcmp(json_get_str(t, "id"), cid) != 0) {
			problems_add(p, INK_ENO, P "results.categories must count "
			    "every major category of the catalogue in order; "
			    "category %s is missing", cid);
			t = NULL;
			break;
		}
		members_only(t, tally_members, P "results.categories[]", p);
		if (json_get_int(&a, t, "conformant") != 0 || a < 0 ||
		    json_get_int(&b, t, "needs_improvement") != 0 || b < 0 ||
		    json_get_int(&x, t, "not_applicable") != 0 || x < 0)
			problems_add(p, INK_ENO, P "results: category %s needs "
			    "conformant, needs_improvement and not_applicable "
			    "counts", cid);
		else if (a + b + x != want)
			problems_add(p, INK_ENO, P "results: category %s counts "
			    "%lld requirements; the catalogue has %ld", cid,
			    (long long)(a + b + x), want);
		else if (b != 0)
			problems_add(p, INK_ENO, P "results: category %s has %lld "
			    "requirement(s) %s: not registrable", cid,
			    (long long)b, SCS_NEEDS_IMPROVEMENT);
		t = t->next;
	}
	if (t != NULL)
		problems_add(p, INK_ENO, P "results.categories has more "
		    "categories than the catalogue");
	if (scs_catalog_reqs(&reqs, e->catalog) != 0)
		return;
	n = (size_t)cJSON_GetArraySize(dig);
	if (!cJSON_IsArray(dig) || (n != reqs.n && n != reqs.n + 1))
		problems_add(p, INK_ENO, P "disclosure_digests must hold one "
		    "digest per requirement (%zu) and one for the improvement "
		    "plan if there is one", reqs.n);
	cJSON_ArrayForEach(d, (cJSON_IsArray(dig) ? dig : NULL)) {
		if (!digest_ok(cJSON_GetStringValue(d))) {
			problems_add(p, INK_ENO, P "disclosure_digests: not a "
			    "base64url SHA-256 digest");
			break;
		}
		if (d->next && cJSON_IsString(d->next) &&
		    strcmp(d->valuestring, d->next->valuestring) >= 0) {
			problems_add(p, INK_ENO, P "disclosure_digests must be "
			    "sorted and unique");
			break;
		}
	}
	scs_reqs_release(&reqs);
}

void
scs_assessment_check(const cJSON *st, struct problems *p)
{
	scs_assessment_check_in(st, NULL, p);
}

void
scs_assessment_check_in(const cJSON *st, const struct catalog_source *cats,
    struct problems *p)
{
	const cJSON *pred = json_get(st, "predicate");
	struct env env = ENV_INIT;
	char nb[TIME_LEN], na[TIME_LEN];
	const char *pt = json_get_str(st, "predicateType");

	if (pt == NULL || strcmp(pt, KIND_SCS_TYPE) != 0) {
		problems_add(p, INK_ENO, "not an %s record", KIND_SCS_TYPE);
		return;
	}
	env.cats = cats;
	if (env_load(&env, pred, p) != 0)
		goto cleanup;
	check_common(pred, &env, 0, p);
	check_results(pred, &env, p);
	if (window(nb, na, &env, pred, p) == 0 &&
	    !same_window(json_get(pred, "validity"), nb, na))
		problems_add(p, INK_ENO, P "validity must be the window %s "
		    "computes from confirmation_date: %s until %s",
		    json_get_str(env.scheme, "id"), nb, na);
cleanup:
	env_release(&env);
}
