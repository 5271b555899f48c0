/*
 * Unit tests for kinds/bind: two texts name the same party only when every
 * language both give agrees; each role's rule accepts the accreditation's
 * own names and refuses another's, naming both in its reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/error.h"
#include "kinds/bind.h"
#include "kinds/kind.h"

static int
agrees(const char *a, const char *b)
{
	cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
	int r;

	assert_non_null(x);
	assert_non_null(y);
	r = bind_text_agrees(x, y);
	cJSON_Delete(x);
	cJSON_Delete(y);
	return r;
}

static void
test_texts(void **state)
{
	(void)state;
	assert_true(agrees("\"あおぞら\"", "\"あおぞら\""));
	assert_false(agrees("\"あおぞら\"", "\"みらい\""));
	assert_true(agrees("{\"ja\":\"あおぞら\",\"en\":\"Aozora\"}",
	    "\"あおぞら\""));
	assert_true(agrees("\"Aozora\"", "{\"ja\":\"あおぞら\",\"en\":\"Aozora\"}"));
	assert_false(agrees("{\"ja\":\"みらい\",\"en\":\"Aozora\"}",
	    "\"あおぞら\""));
	assert_true(agrees("{\"ja\":\"あおぞら\",\"en\":\"Aozora\"}",
	    "{\"ja\":\"あおぞら\"}"));
	/* every language both give must agree, not only one */
	assert_false(agrees("{\"ja\":\"あおぞら\",\"en\":\"Aozora\"}",
	    "{\"ja\":\"あおぞら\",\"en\":\"Mirai\"}"));
	/* and they must give one in common */
	assert_false(agrees("{\"ja\":\"あおぞら\"}", "{\"en\":\"Aozora\"}"));
	assert_false(agrees("1", "1"));
	assert_false(bind_text_agrees(NULL, NULL));
}

/* The rule of kind type for role, on a record and an accreditation. */
static int
bound(const char *type, const char *role, const char *pred, const char *acc,
    char *why, size_t len)
{
	cJSON *p = cJSON_Parse(pred), *a = cJSON_Parse(acc);
	int rc;

	assert_non_null(p);
	assert_non_null(a);
	why[0] = '\0';
	rc = kind_bind(type, p, role, a, why, len);
	cJSON_Delete(p);
	cJSON_Delete(a);
	return rc;
}

static const char audit[] =
    "{\"organisation\":{\"name\":\"株式会社つなぐ\","
    "\"corporate_number\":\"1011101345678\"},"
    "\"audit_firm\":{\"name\":{\"ja\":\"みらい監査法人\"},"
    "\"selection_id\":\"AF-1\"}}";

static void
test_management(void **state)
{
	char why[400];

	(void)state;
	assert_int_equal(bound(KIND_AUDIT_TYPE, "management", audit,
	    "{\"organisation\":{\"name\":\"株式会社つなぐ\","
	    "\"corporate_number\":\"1011101345678\"}}", why, sizeof(why)), 0);
	/* the same corporate number under another name */
	assert_int_equal(bound(KIND_AUDIT_TYPE, "management", audit,
	    "{\"organisation\":{\"name\":\"つなぐ\","
	    "\"corporate_number\":\"1011101345678\"}}", why, sizeof(why)),
	    INK_ENO);
	assert_non_null(strstr(why, "株式会社つなぐ"));
	assert_non_null(strstr(why, "'つなぐ'"));
	assert_int_equal(bound(KIND_AUDIT_TYPE, "management", audit,
	    "{\"organisation\":{\"name\":\"株式会社ひかり電子\","
	    "\"corporate_number\":\"7180001678901\"}}", why, sizeof(why)),
	    INK_ENO);
	assert_non_null(strstr(why, "1011101345678"));
	assert_non_null(strstr(why, "7180001678901"));
	/* an accreditation without a corporate number vouches for none */
	assert_int_equal(bound(KIND_AUDIT_TYPE, "management", audit,
	    "{\"organisation\":{\"name\":\"株式会社つなぐ\"}}", why,
	    sizeof(why)), INK_ENO);
}

static void
test_auditor(void **state)
{
	char why[400];

	(void)state;
	assert_int_equal(bound(KIND_AUDIT_TYPE, "auditor", audit,
	    "{\"organisation\":{\"name\":\"x\"},\"audit_firm\":"
	    "{\"name\":\"みらい監査法人\",\"selection_id\":\"AF-1\"}}", why,
	    sizeof(why)), 0);
	assert_int_equal(bound(KIND_AUDIT_TYPE, "auditor", audit,
	    "{\"audit_firm\":{\"name\":\"あおぞら監査法人\","
	    "\"selection_id\":\"AF-1\"}}", why, sizeof(why)), INK_ENO);
	assert_non_null(strstr(why, "あおぞら監査法人"));
	assert_non_null(strstr(why, "みらい監査法人"));
	assert_int_equal(bound(KIND_AUDIT_TYPE, "auditor", audit,
	    "{\"audit_firm\":{\"name\":\"みらい監査法人\","
	    "\"selection_id\":\"AF-2\"}}", why, sizeof(why)), INK_ENO);
	assert_non_null(strstr(why, "AF-2"));
	/* a firm without a selection: its organisation, no selection id */
	assert_int_equal(bound(KIND_AUDIT_TYPE, "auditor",
	    "{\"audit_firm\":{\"name\":\"CPA\"}}",
	    "{\"organisation\":{\"name\":\"CPA\"}}", why, sizeof(why)), 0);
	assert_int_equal(bound(KIND_AUDIT_TYPE, "auditor", audit,
	    "{\"organisation\":{\"name\":\"みらい監査法人\"}}", why,
	    sizeof(why)), INK_ENO);
	/* no role of another kind */
	assert_int_equal(bound(KIND_AUDIT_TYPE, "expert", audit, "{}", why,
	    sizeof(why)), INK_ENO);
}

static const char star3[] =
    "{\"organisation\":{\"corporate_number\":\"4020001567890\"},"
    "\"expert\":{\"name\":\"伊藤 大輔\",\"qualification\":"
    "\"情報処理安全確保支援士\",\"registration_number\":\"023456\"},"
    "\"evaluator\":{\"name\":\"鈴木 健\",\"organisation\":"
    "\"みらい監査法人\"}}";

static void
test_expert_and_evaluator(void **state)
{
	char why[400];
	const char *ito = "{\"person\":{\"name\":\"伊藤 大輔\"},"
	    "\"qualifications\":[{\"name\":\"CISSP\",\"number\":\"1\"},"
	    "{\"name\":\"情報処理安全確保支援士\",\"number\":\"023456\"}]}";

	(void)state;
	assert_int_equal(bound(KIND_SCS_TYPE, "expert", star3, ito, why,
	    sizeof(why)), 0);
	assert_int_equal(bound(KIND_SCS_TYPE, "expert", star3,
	    "{\"person\":{\"name\":\"高橋 美咲\"},\"qualifications\":"
	    "[{\"name\":\"情報処理安全確保支援士\",\"number\":\"023456\"}]}",
	    why, sizeof(why)), INK_ENO);
	assert_non_null(strstr(why, "高橋 美咲"));
	assert_int_equal(bound(KIND_SCS_TYPE, "expert", star3,
	    "{\"person\":{\"name\":\"伊藤 大輔\"},\"qualifications\":"
	    "[{\"name\":\"情報処理安全確保支援士\",\"number\":\"012345\"}]}",
	    why, sizeof(why)), INK_ENO);
	assert_non_null(strstr(why, "023456"));
	/* the number of another qualification than the one named */
	assert_int_equal(bound(KIND_SCS_TYPE, "expert", star3,
	    "{\"person\":{\"name\":\"伊藤 大輔\"},\"qualifications\":"
	    "[{\"name\":\"CISSP\",\"number\":\"023456\"}]}", why,
	    sizeof(why)), INK_ENO);
	assert_int_equal(bound(KIND_SCS_TYPE, "auditor", star3,
	    "{\"organisation\":{\"name\":\"みらい監査法人\"}}", why,
	    sizeof(why)), 0);
	assert_int_equal(bound(KIND_SCS_TYPE, "auditor", star3,
	    "{\"organisation\":{\"name\":\"あおぞら監査法人\"}}", why,
	    sizeof(why)), INK_ENO);
	assert_non_null(strstr(why, "あおぞら監査法人"));
	/* kinds that name no party bind every accreditation */
	assert_int_equal(bound(KIND_STATUS_TYPE, "operator", "{}", "{}", why,
	    sizeof(why)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_management),
		cmocka_unit_test(test_auditor),
		cmocka_unit_test(test_expert_and_evaluator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
