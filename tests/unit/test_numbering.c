/*
 * Unit tests for registry/numbering.c: registration numbers counted per
 * scheme family in log order, kept by a subject, dated by the fiscal year
 * (April to March, JST) of its first registration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/json.h"
#include "core/timefmt.h"
#include "registry/registry.h"

static const char schemes_json[] =
    "{\"schemes\": ["
    "{\"id\": \"ismap-cloud\", \"family\": \"ismap-cloud\","
    " \"number\": {\"prefix\": \"C\", \"digits\": 4}},"
    "{\"id\": \"soc2-type1\", \"family\": \"soc2\","
    " \"number\": {\"prefix\": \"SOC2-\", \"digits\": 4}},"
    "{\"id\": \"soc2-type2\", \"family\": \"soc2\","
    " \"number\": {\"prefix\": \"SOC2-\", \"digits\": 4}},"
    "{\"id\": \"scs-star3\", \"family\": \"scs\","
    " \"number\": {\"prefix\": \"SCS\", \"digits\": 3}},"
    "{\"id\": \"plain\", \"family\": \"plain\"}"
    "]}";

static int64_t
at(const char *s)
{
	int64_t t;

	assert_int_equal(time_parse(&t, s), 0);
	return t;
}

static const char *
next(struct reg_numbering *n, const cJSON *doc, const char *scheme,
    const char *cn, const char *svc, const char *when)
{
	static char out[REG_NUMBER_LEN];

	assert_int_equal(reg_numbering_next(n, doc, scheme, cn, svc, at(when),
	    out), 0);
	return out;
}

static void
test_numbers(void **state)
{
	struct reg_numbering n = REG_NUMBERING_INIT;
	cJSON *doc = NULL;
	const char *A = "1010001000001", *B = "2010001000002";

	(void)state;
	assert_int_equal(json_parse(&doc, schemes_json, strlen(schemes_json),
	    "schemes"), 0);
	/* 2026-03-31 14:59Z is 23:59 JST on 31 March: fiscal 2025. */
	assert_string_equal(next(&n, doc, "ismap-cloud", A, "iaas",
	    "2026-03-31T14:59:59Z"), "C25-0001");
	/* The same service re-audited a year later keeps its number. */
	assert_string_equal(next(&n, doc, "ismap-cloud", A, "iaas",
	    "2027-05-01T00:00:00Z"), "C25-0001");
	/* 15:00Z on 31 March is 1 April in Japan: fiscal 2026. */
	assert_string_equal(next(&n, doc, "ismap-cloud", A, "saas",
	    "2026-03-31T15:00:00Z"), "C26-0002");
	/* Another family counts on its own; a Type 2 after a Type 1 of the
	 * same service keeps the family's number. */
	assert_string_equal(next(&n, doc, "soc2-type1", A, "iaas",
	    "2026-04-02T00:00:00Z"), "SOC2-26-0001");
	assert_string_equal(next(&n, doc, "soc2-type2", B, "app",
	    "2026-04-03T00:00:00Z"), "SOC2-26-0002");
	assert_string_equal(next(&n, doc, "soc2-type2", A, "iaas",
	    "2027-04-03T00:00:00Z"), "SOC2-26-0001");
	/* The same service id of another organisation is another service. */
	assert_string_equal(next(&n, doc, "ismap-cloud", B, "iaas",
	    "2027-01-10T00:00:00Z"), "C26-0003");
	/* An organisation (no service) with the scheme's width. */
	assert_string_equal(next(&n, doc, "scs-star3", A, NULL,
	    "2027-01-10T00:00:00Z"), "SCS26-001");
	/* A scheme without "number", an unknown scheme, no organisation. */
	assert_string_equal(next(&n, doc, "plain", A, "iaas",
	    "2027-01-10T00:00:00Z"), "");
	assert_string_equal(next(&n, doc, "nope", A, "iaas",
	    "2027-01-10T00:00:00Z"), "");
	assert_string_equal(next(&n, doc, "ismap-cloud", NULL, "iaas",
	    "2027-01-10T00:00:00Z"), "");
	assert_string_equal(next(&n, doc, "ismap-cloud", A, "x",
	    "2027-01-11T00:00:00Z"), "C26-0004");
	reg_numbering_release(&n);
	cJSON_Delete(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
