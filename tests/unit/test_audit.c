/*
 * Unit tests for the audit-report kind (kinds/audit_*.c): each rule of the
 * predicate, on drafts (audit_prepare) and on signed records
 * (audit_check), each with a passing twin; the sealing of control results
 * into salted digests; the 法人番号 check digit; and the draft that
 * `inkan new audit-report` prints.  The catalogues are the repository's
 * (INKAN_CATALOGS, else $INKAN_SRC/catalogs, else ./catalogs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/problems.h"
#include "core/record.h"
#include "kinds/audit.h"
#include "kinds/kind.h"
#include "sign/sign.h"

#define KA "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define KM "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* A complete, valid SOC 2 Type 2 draft. */
static const char base_text[] =
    "{\"_type\":\"https://in-toto.io/Statement/v1\","
    "\"predicateType\":\"urn:inkan:audit-report:v1\","
    "\"subject\":[{\"name\":\"r.pdf\",\"digest\":{\"sha256\":"
    "\"50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c\"}}],"
    "\"predicate\":{"
    "\"scheme\":\"soc2-type2\","
    "\"engagement_standard\":\"AICPA AT-C 205\","
    "\"report_type\":\"type2\",\"opinion_kind\":\"assurance\","
    "\"opinion\":\"unmodified\","
    "\"organisation\":{\"name\":\"株式会社サンプル\","
    "\"corporate_number\":\"7000012050002\"},"
    "\"service\":{\"name\":{\"ja\":\"かぞえる\",\"en\":\"Kazoeru\"},"
    "\"id\":\"kazoeru\",\"models\":[{\"model\":\"SaaS\","
    "\"responsibility\":\"application and data\"}],"
    "\"deployment_models\":[\"public\"],\"regions\":[\"Tokyo\"]},"
    "\"scope_summary\":\"production\","
    "\"criteria\":{\"framework\":\"TSC 2017\",\"catalog\":\"soc2-tsc\","
    "\"catalog_version\":\"2017\",\"categories\":[\"security\","
    "\"availability\"]},"
    "\"period_start\":\"2025-04-01\",\"period_end\":\"2026-03-31\","
    "\"report_date\":\"2026-05-29\","
    "\"audit_firm\":{\"name\":\"あおぞら監査法人\",\"selection_id\":\"AF-1\"},"
    "\"subservice_organisations\":[{\"name\":\"IaaS Inc.\","
    "\"method\":\"carve-out\"}],"
    "\"built_on\":[],"
    "\"management_assertion\":\"We assert **this**.\","
    "\"system_boundaries\":\"- in\\n- out\","
    "\"principal_commitments\":\"99.9%\","
    "\"public_disclosures\":{},"
    "\"controls\":["
    "{\"id\":\"CC6.1\",\"result\":\"conformant\",\"procedures\":"
    "[\"inspection\"],\"sample_size\":25},"
    "{\"id\":\"CC7.2\",\"result\":\"exception\",\"procedures\":"
    "[\"inquiry\",\"observation\"],\"sample_size\":25,"
    "\"reason\":\"SECRET-REASON-CC72\"},"
    "{\"id\":\"A1.2\",\"result\":\"not-applicable\","
    "\"reason\":\"SECRET-REASON-A12\"}],"
    "\"signers\":[{\"role\":\"auditor\",\"keyid\":\"" KA "\"},"
    "{\"role\":\"management\",\"keyid\":\"" KM "\"}]}}";

static cJSON *
parse(const char *text)
{
	cJSON *j = NULL;

	if (json_parse(&j, text, strlen(text), "test") != 0)
		fail_msg("test JSON does not parse: %s", ink_error_last());
	return j;
}

/* The node at a dotted path ("predicate.controls.1.reason"). */
static cJSON *
at(cJSON *root, const char *path)
{
	char buf[256], *save = NULL;
	cJSON *n = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *t = strtok_r(buf, ".", &save); t && n;
	    t = strtok_r(NULL, ".", &save))
		n = cJSON_IsArray(n) ? cJSON_GetArrayItem(n, (int)strtol(t, NULL, 10)) :
		    cJSON_GetObjectItemCaseSensitive(n, t);
	return n;
}

/* Sets member key of the object at path to the JSON json (NULL deletes). */
static void
set(cJSON *root, const char *path, const char *key, const char *json)
{
	cJSON *o = at(root, path);

	assert_non_null(o);
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	if (json)
		cJSON_AddItemToObject(o, key, parse(json));
}

static int
has(const struct problems *p, const char *needle)
{
	for (size_t i = 0; i < p->n; i++)
		if (strstr(p->v[i], needle))
			return 1;
	return 0;
}

static void
show(const struct problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		print_message("# problem: %s\n", p->v[i]);
}

/* Runs prepare on st; the disclosures made come back in *disc. */
static void
prepare(cJSON *st, struct problems *p, cJSON **disc)
{
	struct kind_ctx ctx = { 0, ".", NULL };

	audit_prepare(st, &ctx, p);
	if (disc)
		*disc = ctx.disclosures;
	else
		cJSON_Delete(ctx.disclosures);
}

/* The draft base with one change must give a problem containing needle,
 * and the base itself none (the positive twin is test_base_prepares). */
static void
expect_problem(const char *path, const char *key, const char *json,
    const char *needle)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text);

	set(st, path, key, json);
	prepare(st, &p, NULL);
	if (!has(&p, needle)) {
		show(&p);
		fail_msg("%s.%s = %s: no problem saying '%s'", path, key,
		    json ? json : "(deleted)", needle);
	}
	assert_int_equal(p.code, INK_ENO);
	/* Nothing sealed while a problem remains: the cleartext stays in
	 * the (unsigned) draft and no digests are added. */
	if (strcmp(key, "controls") != 0)
		assert_non_null(at(st, "predicate.controls"));
	if (strcmp(key, "disclosure_digests") != 0)
		assert_null(at(st, "predicate.disclosure_digests"));
	problems_release(&p);
	cJSON_Delete(st);
}

static void
expect_clean(cJSON *st)
{
	struct problems p = PROBLEMS_INIT;

	prepare(st, &p, NULL);
	if (p.n) {
		show(&p);
		fail_msg("expected no problems, got %zu", p.n);
	}
	problems_release(&p);
}

static int
setup(void **state)
{
	char dir[4096];
	const char *src = getenv("INKAN_SRC");

	(void)state;
	if (getenv("INKAN_CATALOGS") == NULL) {
		snprintf(dir, sizeof(dir), "%s/catalogs", src ? src : ".");
		setenv("INKAN_CATALOGS", dir, 1);
	}
	return 0;
}

static void
test_base_prepares(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text), *disc = NULL, *d;
	struct buf canon = BUF_INIT(INK_MAX_PAYLOAD);
	const cJSON *digests, *cov;
	int n = 0;

	(void)state;
	prepare(st, &p, &disc);
	show(&p);
	assert_int_equal(p.n, 0);
	/* soc2-type2: one year from period_end, days at 00:00 JST. */
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_before"), "2026-03-30T15:00:00Z");
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_after"), "2027-03-30T15:00:00Z");
	/* The cleartext is gone; ids and digests stay, both sorted. */
	assert_null(at(st, "predicate.controls"));
	cov = at(st, "predicate.controls_covered");
	assert_int_equal(cJSON_GetArraySize(cov), 3);
	assert_string_equal(cJSON_GetArrayItem(cov, 0)->valuestring, "A1.2");
	assert_string_equal(cJSON_GetArrayItem(cov, 1)->valuestring, "CC6.1");
	assert_string_equal(cJSON_GetArrayItem(cov, 2)->valuestring, "CC7.2");
	digests = at(st, "predicate.disclosure_digests");
	assert_int_equal(cJSON_GetArraySize(digests), 3);
	assert_true(strcmp(cJSON_GetArrayItem(digests, 0)->valuestring,
	    cJSON_GetArrayItem(digests, 1)->valuestring) < 0);
	assert_true(strcmp(cJSON_GetArrayItem(digests, 1)->valuestring,
	    cJSON_GetArrayItem(digests, 2)->valuestring) < 0);
	/* soc2-tsc has no mandatory controls: no such member. */
	assert_null(at(st, "predicate.mandatory_controls_met"));
	/* One disclosure per control, each bound by one of the digests. */
	assert_int_equal(cJSON_GetArraySize(disc), 3);
	cJSON_ArrayForEach(d, disc) {
		char dg[DISCLOSURE_DIGEST_LEN];
		cJSON *parsed = NULL;
		int found = 0;
		const cJSON *x;
		assert_true(cJSON_IsString(d));
		disclosure_digest(dg, d->valuestring, strlen(d->valuestring));
		cJSON_ArrayForEach(x, digests)
			found |= strcmp(x->valuestring, dg) == 0;
		assert_true(found);
		assert_int_equal(disclosure_parse(&parsed, d->valuestring,
		    strlen(d->valuestring)), 0);
		assert_int_equal(strncmp(cJSON_GetArrayItem(parsed, 1)->
		    valuestring, "controls/", 9), 0);
		/* The value is the result without the id (the path has it). */
		assert_null(json_get(cJSON_GetArrayItem(parsed, 2), "id"));
		assert_non_null(json_get_str(cJSON_GetArrayItem(parsed, 2),
		    "result"));
		cJSON_Delete(parsed);
		n++;
	}
	assert_int_equal(n, 3);
	assert_non_null(strstr(cJSON_GetArrayItem(disc, 1)->valuestring,
	    "SECRET-REASON-CC72"));
	/* ... and no cleartext is left in what would be signed. */
	assert_int_equal(json_canon(&canon, st), 0);
	assert_null(strstr(buf_str(&canon), "SECRET-REASON"));
	assert_null(strstr(buf_str(&canon), "exception"));
	assert_null(strstr(buf_str(&canon), "sample_size"));
	buf_release(&canon);
	cJSON_Delete(disc);
	problems_release(&p);
	cJSON_Delete(st);
}

static void
test_prepared_record_checks(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text);

	(void)state;
	expect_clean(st);
	audit_check(st, &p);
	show(&p);
	assert_int_equal(p.n, 0);
	problems_release(&p);
	cJSON_Delete(st);
}

/* A signed record changed in one place fails audit_check. */
static void
check_fails(const char *path, const char *key, const char *json,
    const char *needle)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text);

	expect_clean(st);
	set(st, path, key, json);
	audit_check(st, &p);
	if (!has(&p, needle)) {
		show(&p);
		fail_msg("signed %s.%s = %s: no problem saying '%s'", path, key,
		    json ? json : "(deleted)", needle);
	}
	assert_int_equal(p.code, INK_ENO);
	problems_release(&p);
	cJSON_Delete(st);
}

static void
test_check_signed_record_rules(void **state)
{
	(void)state;
	check_fails("predicate", "controls", "[{\"id\":\"CC6.1\","
	    "\"result\":\"conformant\"}]", "in clear");
	check_fails("predicate", "validity", "{\"not_before\":"
	    "\"2026-03-30T15:00:00Z\",\"not_after\":\"2028-03-30T15:00:00Z\"}",
	    "validity differs");
	check_fails("predicate", "validity", NULL, "validity is missing");
	check_fails("predicate", "controls_covered", "[\"CC7.2\",\"CC6.1\","
	    "\"A1.2\"]", "sorted");
	check_fails("predicate", "controls_covered", "[\"A1.2\",\"CC6.1\"]",
	    "3 digests for 2 controls");
	check_fails("predicate", "controls_covered", "[\"A1.2\",\"CC6.1\","
	    "\"ZZ9.9\"]", "not a control");
	check_fails("predicate", "disclosure_digests", "[\"x\",\"y\",\"z\"]",
	    "43 base64url");
	check_fails("predicate", "disclosure_digests", NULL,
	    "disclosure_digests must be an array");
	check_fails("predicate", "opinion", "\"great\"", "not one of");
	check_fails("predicate", "mandatory_controls_met", "true",
	    "no mandatory controls");
}

static void
test_type2_needs_a_period(void **state)
{
	(void)state;
	expect_problem("predicate", "period_start", NULL, "covers a period");
	expect_problem("predicate", "period_end", NULL, "needs both");
	expect_problem("predicate", "as_of_date", "\"2026-03-31\"",
	    "not both");
	expect_problem("predicate", "period_end", "\"2025-03-31\"",
	    "before period_start");
	expect_problem("predicate", "period_end", "\"2026-13-01\"",
	    "period_end must be a date");
	expect_problem("predicate", "report_date", "\"2026-03-01\"",
	    "report_date is before period_end");
	expect_problem("predicate", "report_date", NULL,
	    "report_date is required");
}

static void
test_type1_needs_as_of_date(void **state)
{
	cJSON *st = parse(base_text);

	(void)state;
	/* The twin: a complete type 1 draft prepares. */
	set(st, "predicate", "scheme", "\"soc2-type1\"");
	set(st, "predicate", "report_type", "\"type1\"");
	set(st, "predicate", "period_start", NULL);
	set(st, "predicate", "period_end", NULL);
	set(st, "predicate", "as_of_date", "\"2026-03-31\"");
	set(st, "predicate", "controls", "[{\"id\":\"CC6.1\",\"result\":"
	    "\"conformant\",\"procedures\":[\"inspection\"]}]");
	expect_clean(st);
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_after"), "2027-03-30T15:00:00Z");
	cJSON_Delete(st);
	expect_problem("predicate", "report_type", "\"type1\"",
	    "as_of_date is required");
}

static void
test_opinions(void **state)
{
	cJSON *st;

	(void)state;
	expect_problem("predicate", "opinion", "\"excellent\"",
	    "'excellent' is not one of unmodified");
	expect_problem("predicate", "opinion", "\"none\"",
	    "an assurance engagement gives an opinion");
	expect_problem("predicate", "opinion_kind", "\"advisory\"",
	    "gives no opinion");
	expect_problem("predicate", "opinion", "\"qualified\"",
	    "opinion_basis is required");
	expect_problem("predicate", "opinion_basis", "\"because\"",
	    "only for a modified opinion");
	expect_problem("predicate", "opinion_kind", "\"audit\"",
	    "not one of assurance, advisory");
	st = parse(base_text);
	set(st, "predicate", "opinion", "\"qualified\"");
	set(st, "predicate", "opinion_basis", "{\"ja\":\"根拠\","
	    "\"en\":\"basis\"}");
	expect_clean(st);
	cJSON_Delete(st);
	st = parse(base_text);
	set(st, "predicate", "opinion_kind", "\"agreed-upon-procedures\"");
	set(st, "predicate", "opinion", "\"none\"");
	expect_clean(st);
	cJSON_Delete(st);
}

static void
test_subject(void **state)
{
	(void)state;
	expect_problem("predicate.service.models.0", "responsibility", NULL,
	    "has no responsibility scope");
	expect_problem("predicate.service.models.0", "model", "\"DaaS\"",
	    "'DaaS' is not one of IaaS, PaaS, SaaS");
	expect_problem("predicate.service", "models", "[]",
	    "non-empty array");
	expect_problem("predicate.service", "deployment_models",
	    "[\"cloudy\"]", "'cloudy' is not one of public");
	expect_problem("predicate.service", "deployment_models",
	    "[\"public\",\"public\"]", "'public' twice");
	expect_problem("predicate.service", "regions",
	    "[\"Tokyo\",\"Osaka\",\"Tokyo\"]", "'Tokyo' twice");
	expect_problem("predicate.service", "id", "\"a/b\"",
	    "service.id 'a/b'");
	expect_problem("predicate.service", "name", "\"\"",
	    "service.name must be a non-empty text");
	expect_problem("predicate.service", "name", "{\"fr\":\"x\"}",
	    "service.name must be a non-empty text");
	expect_problem("predicate.organisation", "corporate_number",
	    "\"7000012050003\"", "not a 法人番号");
	expect_problem("predicate.organisation", "corporate_number", NULL,
	    "corporate_number is required");
	expect_problem("predicate", "organisation", NULL,
	    "organisation is required");
	expect_problem("predicate.subservice_organisations.0", "method",
	    "\"exclusive\"", "not one of carve-out, inclusive");
	expect_problem("predicate", "built_on", "[\"sha256:abc\"]",
	    "built_on[0] must be a base service");
	expect_problem("predicate", "supersedes", "\"abc\"",
	    "supersedes must be the record id");
	expect_problem("predicate", "colour", "\"blue\"",
	    "unknown member 'colour'");
	expect_problem("predicate.audit_firm", "name", NULL,
	    "audit_firm.name is required");
}

static void
test_corporate_number(void **state)
{
	(void)state;
	/* 国税庁's own number, and numbers made with the rule. */
	assert_true(corporate_number_ok("7000012050002"));
	assert_true(corporate_number_ok("9010401123456"));
	assert_true(corporate_number_ok("1011001098765"));
	assert_false(corporate_number_ok("8000012050002"));
	assert_false(corporate_number_ok("700001205000"));
	assert_false(corporate_number_ok("70000120500021"));
	assert_false(corporate_number_ok("7000O12050002"));
	assert_false(corporate_number_ok(""));
	assert_false(corporate_number_ok(NULL));
}

static void
test_scheme_and_catalogue(void **state)
{
	(void)state;
	expect_problem("predicate", "scheme", "\"soc3\"",
	    "no scheme 'soc3'");
	expect_problem("predicate", "scheme", "\"scs-star3\"",
	    "not of audit reports");
	expect_problem("predicate", "scheme", NULL, "scheme is required");
	expect_problem("predicate.criteria", "catalog", "\"nope\"",
	    "no catalogue 'nope'");
	expect_problem("predicate.criteria", "catalog_version", "\"1999\"",
	    "no catalogue 'soc2-tsc' version 1999");
	expect_problem("predicate", "criteria", "{\"framework\":\"x\","
	    "\"catalog\":\"ismap-sample\",\"catalog_version\":\"sample-1\","
	    "\"categories\":[\"5\"]}", "serves scheme 'ismap-cloud'");
	expect_problem("predicate.criteria", "framework", NULL,
	    "criteria.framework is required");
	expect_problem("predicate.criteria", "categories",
	    "[\"availability\"]", "must include 'security'");
	expect_problem("predicate.criteria", "categories",
	    "[\"security\",\"CC6\"]", "'CC6' is not a category");
	expect_problem("predicate.criteria", "categories",
	    "[\"security\",\"security\"]", "'security' twice");
	expect_problem("predicate", "level", "\"3\"", "has no levels");
}

static void
test_controls(void **state)
{
	(void)state;
	expect_problem("predicate.controls.0", "id", "\"CC99.1\"",
	    "'CC99.1' is not a control of catalogue 'soc2-tsc'");
	expect_problem("predicate.controls.0", "id", "\"CC6\"",
	    "'CC6' is not a control");
	expect_problem("predicate.controls.0", "id", "\"P1.1\"",
	    "in category 'privacy', which criteria.categories does not "
	    "cover");
	expect_problem("predicate.controls.0", "id", "\"CC7.2\"",
	    "listed twice");
	expect_problem("predicate.controls.0", "result", "\"passed\"",
	    "result 'passed' is not one of conformant");
	expect_problem("predicate.controls.1", "reason", NULL,
	    "'exception' needs a reason");
	expect_problem("predicate.controls.0", "procedures",
	    "[\"guessing\"]", "'guessing' is not one of inquiry");
	expect_problem("predicate.controls.0", "procedures", NULL,
	    "procedures is required");
	expect_problem("predicate.controls.0", "sample_size", NULL,
	    "sample_size is required in a type2 report");
	expect_problem("predicate.controls.0", "sample_size", "-1",
	    "cannot be negative");
	expect_problem("predicate.controls.0", "sample_size", "\"25\"",
	    "whole number");
	expect_problem("predicate.controls.0", "verdict", "\"ok\"",
	    "unknown member 'verdict'");
	expect_problem("predicate", "controls", "[]", "non-empty array");
	/* Written by sign only. */
	expect_problem("predicate", "disclosure_digests", "[]",
	    "written by inkan sign");
	expect_problem("predicate", "controls_covered", "[]",
	    "written by inkan sign");
}

static void
test_signers_match_the_scheme(void **state)
{
	(void)state;
	expect_problem("predicate.signers.1", "role", "\"expert\"",
	    "needs a signer in role 'management'");
	expect_problem("predicate.signers.1", "role", "\"expert\"",
	    "role 'expert' does not sign");
	expect_problem("predicate", "signers", "[{\"role\":\"auditor\","
	    "\"keyid\":\"" KA "\"}]", "role 'management'");
	expect_problem("predicate", "signers", NULL, "signers is required");
}

static void
test_validity_is_computed(void **state)
{
	cJSON *st = parse(base_text);

	(void)state;
	/* Typed in, and right: accepted. */
	set(st, "predicate", "validity", "{\"not_before\":"
	    "\"2026-03-30T15:00:00Z\",\"not_after\":\"2027-03-30T15:00:00Z\"}");
	expect_clean(st);
	cJSON_Delete(st);
	/* Typed in, and wrong: refused. */
	expect_problem("predicate", "validity", "{\"not_before\":"
	    "\"2026-04-01T00:00:00Z\",\"not_after\":\"2027-04-01T00:00:00Z\"}",
	    "validity differs from the one scheme 'soc2-type2' gives");
}

/* An ISMAP-style draft: levels, audit types, required public
 * disclosures and mandatory controls. */
static cJSON *
ismap(void)
{
	cJSON *st = parse(base_text);

	set(st, "predicate", "scheme", "\"ismap-cloud\"");
	set(st, "predicate", "level", "\"2\"");
	set(st, "predicate", "audit_type", "\"direct\"");
	set(st, "predicate", "report_type", "\"other\"");
	set(st, "predicate", "criteria", "{\"framework\":\"sample\","
	    "\"catalog\":\"ismap-sample\",\"catalog_version\":\"sample-1\","
	    "\"categories\":[\"5\"]}");
	set(st, "predicate", "controls", "["
	    "{\"id\":\"5.1.1.1\",\"result\":\"conformant\",\"procedures\":"
	    "[\"inspection\"]},"
	    "{\"id\":\"5.1.1.2\",\"result\":\"conformant\",\"procedures\":"
	    "[\"inquiry\"]},"
	    "{\"id\":\"5.1.1.3\",\"result\":\"exception\",\"procedures\":"
	    "[\"inquiry\"],\"reason\":\"not reviewed\"}]");
	set(st, "predicate", "public_disclosures", "{"
	    "\"capital-and-officers\":\"none foreign\","
	    "\"foreign-law-exposure\":\"none\","
	    "\"data-location-regions\":\"Tokyo, Osaka\","
	    "\"governing-law-and-jurisdiction\":\"Japan, Tokyo\","
	    "\"third-party-penetration-test\":\"done 2026-01\"}");
	set(st, "predicate", "statement_of_applicability", "{"
	    "\"catalog_version\":\"sample-1\","
	    "\"selected\":[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\"],"
	    "\"excluded\":[]}");
	return st;
}

/* The ISMAP draft with its statement of applicability replaced by
 * soa_json, prepared (draft 1) or checked as if signed (draft 0): a
 * problem containing needle, or (needle NULL) none. */
static void
soa_case(const char *soa_json, int draft, const char *needle)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = ismap();

	set(st, "predicate", "statement_of_applicability", soa_json);
	if (draft) {
		prepare(st, &p, NULL);
	} else {
		cJSON *saved = cJSON_Duplicate(at(st,
		    "predicate.statement_of_applicability"), 1);
		/* Seal with the base statement, then put this one in. */
		set(st, "predicate", "statement_of_applicability", "{"
		    "\"catalog_version\":\"sample-1\","
		    "\"selected\":[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\"],"
		    "\"excluded\":[]}");
		expect_clean(st);
		cJSON_DeleteItemFromObjectCaseSensitive(at(st, "predicate"),
		    "statement_of_applicability");
		if (saved)
			cJSON_AddItemToObject(at(st, "predicate"),
			    "statement_of_applicability", saved);
		audit_check(st, &p);
	}
	if (needle == NULL ? p.n != 0 : !has(&p, needle)) {
		show(&p);
		fail_msg("%s (%s): expected %s", soa_json ? soa_json : "none",
		    draft ? "draft" : "signed", needle ? needle : "no problem");
	}
	problems_release(&p);
	cJSON_Delete(st);
}

/* The statement of applicability (言明書, seed 001): each rule with its
 * twin, in a draft and in a signed record. */
static void
test_ismap_soa(void **state)
{
	static const char *const ok_excl = "{\"catalog_version\":"
	    "\"sample-1\",\"selected\":[\"5.1.1.1\",\"5.1.1.2\"],"
	    "\"excluded\":[{\"id\":\"5.1.1.3\",\"reason\":{\"ja\":\"対象外\"}}]}";

	(void)state;
	soa_case(NULL, 1, "statement_of_applicability is required by scheme "
	    "'ismap-cloud'");
	/* Excluding 5.1.1.3, which has a result in the draft: refused;
	 * without its result it signs, and its reason in Japanese only is
	 * enough. */
	soa_case(ok_excl, 1, "control '5.1.1.3' has a result, but the "
	    "statement of applicability excludes it");
	soa_case(ok_excl, 0, "control '5.1.1.3' has a result, but the "
	    "statement of applicability excludes it");
	{
		struct problems p = PROBLEMS_INIT;
		cJSON *st = ismap();
		set(st, "predicate", "statement_of_applicability", ok_excl);
		cJSON_DeleteItemFromArray(at(st, "predicate.controls"), 2);
		expect_clean(st);
		audit_check(st, &p);
		show(&p);
		assert_int_equal(p.n, 0);
		cJSON_Delete(st);
	}
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\"],\"excluded\":[{\"id\":\"5.1.1.3\"}]}", 1,
	    "excluded control '5.1.1.3' has no reason");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\"],\"excluded\":[{\"id\":\"5.1.1.3\","
	    "\"reason\":{\"en\":\"n/a\"}}]}", 0,
	    "with the Japanese text at least");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\",\"5.1.1.9\"],\"excluded\":[]}",
	    1, "'5.1.1.9' is not a control of catalogue 'ismap-sample'");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\",\"9.2.1.1\"],\"excluded\":[]}",
	    0, "'9.2.1.1' is in category '9', which criteria.categories "
	    "does not cover");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1\"],\"excluded\":[]}",
	    1, "'5.1.1' is a control objective");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.3\"],\"excluded\":[{\"id\":\"5.1.1.2\","
	    "\"reason\":{\"ja\":\"x\"}}]}", 0,
	    "'5.1.1.2' is mandatory in catalogue 'ismap-sample'");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\"],\"excluded\":[{\"id\":"
	    "\"5.1.1.3\",\"reason\":{\"ja\":\"x\"}}]}", 1,
	    "control '5.1.1.3' is both selected and excluded");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\",\"5.1.1.1\"],\"excluded\":[]}",
	    0, "control '5.1.1.1' is listed twice");
	soa_case("{\"catalog_version\":\"sample-1\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\"],\"excluded\":[]}", 1,
	    "control '5.1.1.3' of category '5' is neither selected nor "
	    "excluded");
	soa_case("{\"catalog_version\":\"sample-0\",\"selected\":"
	    "[\"5.1.1.1\",\"5.1.1.2\",\"5.1.1.3\"],\"excluded\":[]}", 0,
	    "catalog_version 'sample-0' is not criteria.catalog_version");
	/* A scheme that takes no statement refuses one. */
	expect_problem("predicate", "statement_of_applicability", ok_excl,
	    "scheme 'soc2-type2' takes no statement of applicability");
	/* A selected control may not be "not-applicable" in the results
	 * (checked in drafts only: a record holds digests). */
	{
		struct problems p = PROBLEMS_INIT;
		cJSON *st = ismap();
		set(st, "predicate.controls.2", "result",
		    "\"not-applicable\"");
		prepare(st, &p, NULL);
		assert_true(has(&p, "control '5.1.1.3' is selected in the "
		    "statement of applicability, so it cannot be "
		    "not-applicable"));
		problems_release(&p);
		cJSON_Delete(st);
	}
}

static void
test_ismap_style(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = ismap();

	(void)state;
	expect_clean(st);
	/* 5.1.1.3 (not mandatory) has an exception: mandatory ones met. */
	assert_true(cJSON_IsTrue(at(st, "predicate.mandatory_controls_met")));
	audit_check(st, &p);
	show(&p);
	assert_int_equal(p.n, 0);
	cJSON_Delete(st);

	/* An exception on a mandatory control. */
	st = ismap();
	set(st, "predicate.controls.0", "result", "\"exception\"");
	set(st, "predicate.controls.0", "reason", "\"missing\"");
	expect_clean(st);
	assert_true(cJSON_IsFalse(at(st, "predicate.mandatory_controls_met")));
	cJSON_Delete(st);

	/* A mandatory control not listed at all. */
	st = ismap();
	cJSON_DeleteItemFromArray(at(st, "predicate.controls"), 1);
	prepare(st, &p, NULL);
	assert_true(has(&p, "mandatory control '5.1.1.2' is missing"));
	problems_release(&p);
	cJSON_Delete(st);

	/* Each required disclosure, and no unknown one. */
	st = ismap();
	set(st, "predicate.public_disclosures", "foreign-law-exposure", NULL);
	set(st, "predicate.public_disclosures", "favourite-colour", "\"x\"");
	set(st, "predicate", "level", "\"4\"");
	prepare(st, &p, NULL);
	assert_true(has(&p, "public_disclosures.foreign-law-exposure is "
	    "required by scheme 'ismap-cloud'"));
	assert_true(has(&p, "no disclosure 'favourite-colour'"));
	assert_true(has(&p, "level '4' is not one of 1, 2, 3"));
	problems_release(&p);
	cJSON_Delete(st);

	/* internal-audit-review is for level 1 only. */
	st = ismap();
	set(st, "predicate", "audit_type", "\"internal-audit-review\"");
	prepare(st, &p, NULL);
	assert_true(has(&p, "not allowed at level 2"));
	problems_release(&p);
	set(st, "predicate", "level", "\"1\"");
	expect_clean(st);
	cJSON_Delete(st);

	/* A signed record without the mandatory flag. */
	st = ismap();
	expect_clean(st);
	set(st, "predicate", "mandatory_controls_met", NULL);
	audit_check(st, &p);
	assert_true(has(&p, "mandatory_controls_met must be true or false"));
	problems_release(&p);
	cJSON_Delete(st);
}

static void
test_cyber_service(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text);

	(void)state;
	set(st, "predicate", "scheme", "\"jp-cyber-list\"");
	set(st, "predicate", "report_type", "\"other\"");
	set(st, "predicate", "criteria", "{\"framework\":\"審査基準\"}");
	set(st, "predicate", "controls", NULL);
	set(st, "predicate", "registration_date", "\"2026-06-15\"");
	set(st, "predicate", "service_category", "{\"id\":"
	    "\"vulnerability-assessment\",\"options\":[\"penetration-test\"]}");
	set(st, "predicate", "public_disclosures", "{"
	    "\"service-category\":\"脆弱性診断サービス\","
	    "\"service-summary\":\"Web診断\","
	    "\"registration-date\":\"2026-06-15\","
	    "\"update-date\":\"2026-06-15\","
	    "\"reviewing-body\":\"審査登録機関\"}");
	expect_clean(st);
	/* Two years from the registration date (seed 003: 「有効期間が2年間で
	 * ある審査登録制度」). */
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_before"), "2026-06-14T15:00:00Z");
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_after"), "2028-06-14T15:00:00Z");
	cJSON_Delete(st);

	st = parse(base_text);
	set(st, "predicate", "scheme", "\"jp-cyber-list\"");
	set(st, "predicate", "criteria", "{\"framework\":\"審査基準\"}");
	set(st, "predicate", "service_category", "{\"id\":"
	    "\"security-audit\",\"options\":[\"penetration-test\"]}");
	prepare(st, &p, NULL);
	assert_true(has(&p, "'penetration-test' is not an option of "
	    "'security-audit'"));
	assert_true(has(&p, "controls need a catalogue"));
	assert_true(has(&p, "registration_date is needed"));
	assert_true(has(&p, "public_disclosures.reviewing-body is required"));
	problems_release(&p);
	cJSON_Delete(st);
}

static char *replace(const char *s, const char *from, const char *to);

/* The draft of `inkan new certification` with its signers and ★4 filled
 * in, parsed. */
static cJSON *
cert_draft(void)
{
	struct buf b = BUF_INIT(1 << 20);
	cJSON *st;
	char *t, *q;

	assert_int_equal(audit_cert_draft_write(&b, 0), 0);
	json_strip_comments((char *)b.data, b.len);
	q = replace(buf_str(&b), "<secretariat key id>", KA);
	t = replace(q, "<management key id>", KM);
	st = parse(t);
	free(q);
	free(t);
	buf_release(&b);
	return st;
}

/* The certification draft with one change must give a problem
 * containing needle (exit 1), and seal nothing. */
static void
expect_cert_problem(const char *path, const char *key, const char *json,
    const char *needle)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = cert_draft();

	set(st, path, key, json);
	prepare(st, &p, NULL);
	if (!has(&p, needle)) {
		show(&p);
		fail_msg("%s.%s = %s: no problem saying '%s'", path, key,
		    json ? json : "(deleted)", needle);
	}
	assert_int_equal(p.code, INK_ENO);
	assert_null(at(st, "predicate.disclosure_digests"));
	problems_release(&p);
	cJSON_Delete(st);
}

/* The certification of seed 003's new programme: its own shape (no
 * opinion, criteria or period), three years from the day of
 * certification, the tools and data storage sealed; each rule refused. */
static void
test_certification(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = cert_draft(), *disc = NULL, *signed_st;
	const char *C = "predicate.certification";

	(void)state;
	prepare(st, &p, &disc);
	show(&p);
	assert_int_equal(p.n, 0);
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_before"), "2027-03-31T15:00:00Z");
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_after"), "2030-03-31T15:00:00Z");
	/* Sealed: counts and digests in the record, cleartext in the
	 * bundle only. */
	assert_null(at(st, "predicate.certification.tools"));
	assert_null(at(st, "predicate.certification.data_storage"));
	assert_int_equal(at(st, "predicate.certification.tools_count")->valueint,
	    1);
	assert_int_equal(cJSON_GetArraySize(at(st,
	    "predicate.disclosure_digests")), 2);
	assert_int_equal(cJSON_GetArraySize(disc), 2);
	assert_non_null(strstr(cJSON_GetArrayItem(disc, 0)->valuestring,
	    "\"tools/1\""));
	assert_non_null(strstr(cJSON_GetArrayItem(disc, 1)->valuestring,
	    "\"data_storage/1\""));
	cJSON_Delete(disc);
	/* The signed form checks clean; its twins do not. */
	signed_st = cJSON_Duplicate(st, 1);
	audit_check(signed_st, &p);
	show(&p);
	assert_int_equal(p.n, 0);
	set(signed_st, C, "tools", "[{\"name\":\"x\"}]");
	audit_check(signed_st, &p);
	assert_true(has(&p, "only as digests"));
	problems_release(&p);
	set(signed_st, C, "tools", NULL);
	set(signed_st, C, "tools_count", "2");
	audit_check(signed_st, &p);
	assert_true(has(&p, "one digest per tool and data storage place"));
	problems_release(&p);
	cJSON_Delete(signed_st);
	cJSON_Delete(st);

	/* 「ツールやシステムのみを提供するようなサービス…対象外」 */
	expect_cert_problem(C, "tool_only", "true", "only provides a tool");
	/* 委託の制限: 請負 in principle, 再委託 outright. */
	expect_cert_problem("predicate.certification.outsourcing",
	    "contracting", "true", "does not contract out");
	expect_cert_problem("predicate.certification.outsourcing",
	    "subcontracting", "true", "prohibited outright");
	expect_cert_problem("predicate.certification.outsourcing",
	    "entrustments", "[{\"form\":\"certified-provider\","
	    "\"party\":\"株式会社A\"}]", "corporate_number is required");
	expect_cert_problem("predicate.certification.outsourcing",
	    "entrustments", "[{\"form\":\"sub-sub\",\"party\":\"A\"}]",
	    "form");
	/* The pledge and who signed it. */
	expect_cert_problem("predicate.certification.pledge", "no_ransom",
	    "false", "paying no ransom");
	expect_cert_problem("predicate.certification.pledge",
	    "incident_reporting", "false", "reporting incidents");
	expect_cert_problem("predicate.certification.pledge", "signed_by",
	    NULL, "signed_by");
	expect_cert_problem(C, "pledge", NULL, "pledge");
	/* The prerequisites and the disclosures. */
	expect_cert_problem("predicate.certification.prerequisites", "isms",
	    NULL, "isms");
	expect_cert_problem("predicate.certification.prerequisites.isms",
	    "valid_until", "\"2028-13-01\"", "valid_until must be a date");
	expect_cert_problem("predicate.certification.prerequisites",
	    "scs_assessment", "\"sha256:abc\"", "scs_assessment must be");
	expect_cert_problem(C, "capital_ties", NULL, "capital_ties");
	expect_cert_problem(C, "officers", "[]", "officers must list");
	expect_cert_problem(C, "service_manager", NULL, "service_manager");
	expect_cert_problem(C, "tools", "[]", "tools must be an array of 1");
	expect_cert_problem("predicate.certification.tools.0",
	    "external_communication", NULL, "external_communication is "
	    "required");
	expect_cert_problem(C, "data_storage", NULL, "data_storage must be");
	expect_cert_problem(C, "department", NULL, "department");
	expect_cert_problem("predicate", "certification", NULL,
	    "certification is required");
	expect_cert_problem(C, "tools_count", "1", "written by inkan sign");
	/* Not an audit: no opinion, criteria, controls or period. */
	expect_cert_problem("predicate", "opinion", "\"unmodified\"",
	    "opinion");
	expect_cert_problem("predicate", "controls", "[]", "controls");
	expect_cert_problem("predicate", "period_start", "\"2026-01-01\"",
	    "period_start");
	expect_cert_problem("predicate", "registration_date", NULL,
	    "registration_date is required");
	/* And an audit carries no certification. */
	expect_problem("predicate", "certification", "{}",
	    "certification is for a scheme");
}

/* The draft of `inkan new listing` prepares clean once its key ids are
 * in: two years from the registration date, the list's disclosures. */
static void
test_listing_draft(void **state)
{
	struct buf b = BUF_INIT(1 << 20);
	cJSON *st;
	char *t, *q;

	(void)state;
	assert_int_equal(audit_list_draft_write(&b, 0), 0);
	assert_int_not_equal(audit_list_draft_write(&b, 4), 0);
	json_strip_comments((char *)b.data, b.len);
	q = replace(buf_str(&b), "<reviewer key id>", KA);
	t = replace(q, "<management key id>", KM);
	st = parse(t);
	expect_clean(st);
	assert_string_equal(json_get_str(at(st, "predicate"), "scheme"),
	    "jp-cyber-list");
	assert_string_equal(json_get_str(at(st, "predicate.validity"),
	    "not_after"), "2028-04-19T15:00:00Z");
	cJSON_Delete(st);
	free(q);
	free(t);
	buf_release(&b);
}

static void
test_every_problem_in_one_run(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *st = parse(base_text);

	(void)state;
	set(st, "predicate", "period_start", NULL);
	set(st, "predicate", "opinion", "\"fine\"");
	set(st, "predicate.service.models.0", "responsibility", NULL);
	set(st, "predicate.controls.0", "id", "\"CC99.9\"");
	set(st, "predicate.organisation", "corporate_number", "\"1\"");
	prepare(st, &p, NULL);
	assert_true(has(&p, "period_start and period_end"));
	assert_true(has(&p, "'fine' is not one of"));
	assert_true(has(&p, "no responsibility scope"));
	assert_true(has(&p, "'CC99.9' is not a control"));
	assert_true(has(&p, "not a 法人番号"));
	problems_release(&p);
	cJSON_Delete(st);
}

/* s with the one occurrence of from replaced by to (caller frees). */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at_ = strstr(s, from);
	size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at_);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at_ - s), s, to,
	    at_ + strlen(from));
	return out;
}

/* The draft of `inkan new audit-report` signs once the key ids are in,
 * and not before. */
static void
test_new_draft_signs(void **state)
{
	struct buf draft = BUF_INIT(1 << 20), payload = BUF_INIT(0);
	struct problems p = PROBLEMS_INIT;
	cJSON *disc = NULL;
	char *text, *q;
	int rc;

	(void)state;
	assert_int_equal(audit_draft_write(&draft, 0), 0);
	assert_int_not_equal(audit_draft_write(&draft, 3), 0);
	text = strdup(buf_str(&draft));
	rc = sign_draft_payload(&payload, &disc, text, strlen(text), "draft",
	    ".", 0, &p);
	assert_int_equal(rc, INK_ENO);
	assert_true(has(&p, "keyid must be the signer's 64-hex key id"));
	problems_release(&p);
	free(text);

	/* Fill in the two key ids. */
	q = replace(buf_str(&draft), "<auditor key id>", KA);
	text = replace(q, "<management key id>", KM);
	free(q);
	rc = sign_draft_payload(&payload, &disc, text, strlen(text), "draft",
	    ".", 0, &p);
	show(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(cJSON_GetArraySize(disc), 5);
	assert_null(strstr((const char *)payload.data, "controls\":["));
	assert_null(strstr((const char *)payload.data, "監視アラート"));
	assert_non_null(strstr((const char *)payload.data,
	    "\"disclosure_digests\":["));
	free(text);
	cJSON_Delete(disc);
	problems_release(&p);
	buf_release(&payload);
	buf_release(&draft);
}

static void
test_text_helper(void **state)
{
	cJSON *j = parse("{\"ja\":\"日本語\",\"en\":\"English\"}");
	cJSON *k = parse("{\"en\":\"only English\"}");
	cJSON *s = parse("\"plain\"");

	(void)state;
	assert_string_equal(audit_text(j, "ja"), "日本語");
	assert_string_equal(audit_text(j, "en"), "English");
	assert_string_equal(audit_text(k, "ja"), "only English");
	assert_string_equal(audit_text(s, "en"), "plain");
	assert_null(audit_text(NULL, "en"));
	cJSON_Delete(j);
	cJSON_Delete(k);
	cJSON_Delete(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_prepares),
		cmocka_unit_test(test_prepared_record_checks),
		cmocka_unit_test(test_check_signed_record_rules),
		cmocka_unit_test(test_type2_needs_a_period),
		cmocka_unit_test(test_type1_needs_as_of_date),
		cmocka_unit_test(test_opinions),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_corporate_number),
		cmocka_unit_test(test_scheme_and_catalogue),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_signers_match_the_scheme),
		cmocka_unit_test(test_validity_is_computed),
		cmocka_unit_test(test_ismap_style),
		cmocka_unit_test(test_ismap_soa),
		cmocka_unit_test(test_cyber_service),
		cmocka_unit_test(test_certification),
		cmocka_unit_test(test_listing_draft),
		cmocka_unit_test(test_every_problem_in_one_run),
		cmocka_unit_test(test_new_draft_signs),
		cmocka_unit_test(test_text_helper),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
