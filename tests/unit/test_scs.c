/*
 * Unit tests for the SCS rule engine (kinds/scs_assessment.c) and what it
 * stands on: the sheet's words, corporate numbers, dates, the CSV reader,
 * catalogue checks and import, and the kind's prepare and check on a
 * small catalogue of our own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/record.h"
#include "core/file.h"
#include "core/json.h"
#include "kinds/scs_assessment.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs.h"
#include "kinds/scs_table.h"

/* Two major categories, three requirements, six criteria. */
static const char catalog_text[] =
    "{\"format\":\"inkan-catalog/v1\",\"id\":\"scs-star3\",\"version\":\"t1\","
    "\"publisher\":\"test\",\"scheme\":\"scs-star3\",\"complete\":true,"
    "\"source\":{\"title\":\"t\",\"file\":null,\"sha256\":null},"
    "\"level_names\":{\"category\":{\"ja\":\"大分類\",\"en\":\"c\"},"
    "\"middle\":{\"ja\":\"中分類\",\"en\":\"m\"},"
    "\"requirement\":{\"ja\":\"要求事項\",\"en\":\"r\"},"
    "\"criterion\":{\"ja\":\"評価基準\",\"en\":\"k\"}},"
    "\"categories\":["
    "{\"id\":\"1\",\"title\":{\"ja\":\"ガバナンスの整備\",\"en\":\"G\"},"
    "\"middle\":[{\"id\":\"1-2\",\"title\":{\"ja\":\"役割\",\"en\":\"R\"},"
    "\"requirements\":["
    "{\"id\":\"1-2-1\",\"title\":{\"ja\":\"推進部門\",\"en\":\"P\"},"
    "\"criteria\":[{\"id\":\"1-2-1-1\",\"text\":{\"ja\":\"a\",\"en\":\"a\"}},"
    "{\"id\":\"1-2-1-2\",\"text\":{\"ja\":\"b\",\"en\":\"b\"}}]},"
    "{\"id\":\"1-2-3\",\"title\":{\"ja\":\"守秘義務\",\"en\":\"C\"},"
    "\"criteria\":[{\"id\":\"1-2-3-1\",\"text\":{\"ja\":\"c\",\"en\":\"c\"}}]}"
    "]}]},"
    "{\"id\":\"4\",\"title\":{\"ja\":\"攻撃等の防御\",\"en\":\"D\"},"
    "\"middle\":[{\"id\":\"4-3\",\"title\":{\"ja\":\"データ\",\"en\":\"D\"},"
    "\"requirements\":["
    "{\"id\":\"4-3-4\",\"title\":{\"ja\":\"バックアップ\",\"en\":\"B\"},"
    "\"criteria\":[{\"id\":\"4-3-4-1\",\"text\":{\"ja\":\"d\",\"en\":\"d\"}},"
    "{\"id\":\"4-3-4-2\",\"text\":{\"ja\":\"e\",\"en\":\"e\"}},"
    "{\"id\":\"4-3-4-3\",\"text\":{\"ja\":\"f\",\"en\":\"f\"}}]}"
    "]}]}]}";

/* A member to change (cJSON's own getter, not the const json_get). */
static cJSON *
mget(cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static cJSON *
parse(const char *text)
{
	cJSON *j = NULL;

	if (json_parse(&j, text, strlen(text), "test") != 0)
		fail_msg("test JSON does not parse: %s", ink_error_last());
	return j;
}

static cJSON *
catalog(void)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *c = parse(catalog_text);

	scs_catalog_check(c, &p);
	if (p.n)
		fail_msg("the test catalogue is not well formed: %s", p.v[0]);
	return c;
}

/* One result: mets is one letter per criterion, T met, F not met, N
 * null, in the catalogue's order. */
static cJSON *
entry(const char *id, const char *answer, const char *result,
    const char *why, const char *mets)
{
	cJSON *e = cJSON_CreateObject(), *c = NULL, *proc;

	cJSON_AddStringToObject(e, "id", id);
	cJSON_AddStringToObject(e, "answer", answer);
	cJSON_AddStringToObject(e, "comment", "");
	proc = cJSON_AddArrayToObject(e, "procedures");
	cJSON_AddItemToArray(proc, cJSON_CreateString("文書類"));
	cJSON_AddStringToObject(e, "result", result);
	cJSON_AddStringToObject(e, "expert_comment", why);
	c = cJSON_AddArrayToObject(e, "criteria");
	for (size_t i = 0; mets[i]; i++) {
		cJSON *x = cJSON_CreateObject();
		char cid[32];
		snprintf(cid, sizeof(cid), "%s-%zu", id, i + 1);
		cJSON_AddStringToObject(x, "id", cid);
		if (mets[i] == 'N')
			cJSON_AddNullToObject(x, "met");
		else
			cJSON_AddBoolToObject(x, "met", mets[i] == 'T');
		cJSON_AddItemToArray(c, x);
	}
	return e;
}

static cJSON *
all_conformant(void)
{
	cJSON *a = cJSON_CreateArray();

	cJSON_AddItemToArray(a, entry("1-2-1", "対応済", "適合", "", "TT"));
	cJSON_AddItemToArray(a, entry("1-2-3", "対応済", "適合", "", "T"));
	cJSON_AddItemToArray(a, entry("4-3-4", "対応済", "適合", "", "TTT"));
	return a;
}

/* Replaces the entry with this id. */
static void
put(cJSON *reqs, cJSON *e)
{
	const char *id = json_get_str(e, "id");
	int i = 0;
	cJSON *c;

	cJSON_ArrayForEach(c, reqs) {
		if (strcmp(json_get_str(c, "id"), id) == 0) {
			cJSON_ReplaceItemInArray(reqs, i, e);
			return;
		}
		i++;
	}
	cJSON_AddItemToArray(reqs, e);
}

static int
has(const struct problems *p, const char *a, const char *b)
{
	for (size_t i = 0; i < p->n; i++)
		if (strstr(p->v[i], a) && (b == NULL || strstr(p->v[i], b)))
			return 1;
	return 0;
}

static void
dump(const struct problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		print_message("# problem: %s\n", p->v[i]);
}

/* ---- words, numbers, dates ------------------------------------------ */

static void
test_corporate_number(void **state)
{
	(void)state;
	/* 国税庁 and トヨタ自動車: published corporate numbers. */
	assert_true(corporate_number_ok("7000012050002"));
	assert_true(corporate_number_ok("1180301018771"));
	/* One digit off, the check digit off, the wrong length, not digits. */
	assert_false(corporate_number_ok("7000012050003"));
	assert_false(corporate_number_ok("6000012050002"));
	assert_false(corporate_number_ok("700001205000"));
	assert_false(corporate_number_ok("70000120500021"));
	assert_false(corporate_number_ok("7000012O50002"));
	assert_false(corporate_number_ok("７000012050002"));
	assert_false(corporate_number_ok(""));
	assert_false(corporate_number_ok(NULL));
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(scs_date_ok("2026-06-15"));
	assert_true(scs_date_ok("2028-02-29"));
	assert_false(scs_date_ok("2026-02-29"));
	assert_false(scs_date_ok("2026-6-15"));
	assert_false(scs_date_ok("2026-06-15T00:00:00Z"));
	assert_false(scs_date_ok("YYYY-MM-DD"));
	assert_true(scs_target_ok("2026-03"));
	assert_true(scs_target_ok("2026-03-31"));
	assert_false(scs_target_ok("2026-13"));
	assert_false(scs_target_ok("2026/03"));
	assert_false(scs_target_ok("来期"));
}

static void
test_words_and_text(void **state)
{
	char s[64];

	(void)state;
	assert_int_equal(scs_word_index(scs_answers, "対象外"), 4);
	assert_int_equal(scs_word_index(scs_results, "改善要"), 1);
	assert_int_equal(scs_word_index(scs_results, "適合 "), -1);
	assert_int_equal(scs_word_index(scs_procedures, "ヒアリング"), 3);
	snprintf(s, sizeof(s), " \u3000・ 本文\r\n二行目\u3000 ");
	scs_text_clean(s, 1);
	assert_string_equal(s, "本文\n二行目");
	snprintf(s, sizeof(s), "・残す");
	scs_text_clean(s, 0);
	assert_string_equal(s, "・残す");
	assert_false(scs_text_present(" \u3000\n"));
	assert_true(scs_text_present(" x "));
}

/* ---- the rule engine ------------------------------------------------ */

static void
test_rules_all_conformant(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *cat = catalog(), *reqs = all_conformant(), *res = NULL, *c4;

	(void)state;
	scs_rules_apply(&res, cat, reqs, &p);
	dump(&p);
	assert_int_equal(p.n, 0);
	assert_non_null(res);
	assert_string_equal(json_get_str(res, "overall"), "conformant");
	assert_int_equal(cJSON_GetArraySize(json_get(res, "categories")), 2);
	c4 = cJSON_GetArrayItem(json_get(res, "categories"), 1);
	assert_string_equal(json_get_str(c4, "id"), "4");
	assert_int_equal(json_get(c4, "conformant")->valueint, 1);
	assert_int_equal(json_get(c4, "needs_improvement")->valueint, 0);
	assert_int_equal(json_get(c4, "not_applicable")->valueint, 0);
	assert_int_equal(json_get(cJSON_GetArrayItem(json_get(res,
	    "categories"), 0), "conformant")->valueint, 2);
	cJSON_Delete(res);
	cJSON_Delete(reqs);
	cJSON_Delete(cat);
	problems_release(&p);
}

static void
test_rules_one_criterion_unmet(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *cat = catalog(), *reqs = all_conformant(), *res = NULL;

	(void)state;
	put(reqs, entry("4-3-4", "対応済", "適合", "", "TFT"));
	scs_rules_apply(&res, cat, reqs, &p);
	dump(&p);
	/* Exactly one problem, naming the requirement and the criterion. */
	assert_int_equal(p.n, 1);
	assert_int_equal(p.code, INK_ENO);
	assert_true(has(&p, "requirement 4-3-4", "criterion 4-3-4-2"));
	assert_true(has(&p, "適合 only if every one", NULL));
	assert_null(res);
	problems_release(&p);

	/* Not assessed (null) is not met either. */
	put(reqs, entry("4-3-4", "対応済", "適合", "", "TTN"));
	scs_rules_apply(&res, cat, reqs, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "criterion 4-3-4-3 is not marked as met", NULL));
	problems_release(&p);

	/* A criterion left out of the list entirely, likewise. */
	put(reqs, entry("1-2-1", "対応済", "適合", "", "T"));
	put(reqs, entry("4-3-4", "対応済", "適合", "", "TTT"));
	scs_rules_apply(&res, cat, reqs, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "requirement 1-2-1", "criterion 1-2-1-2"));
	cJSON_Delete(reqs);
	cJSON_Delete(cat);
	problems_release(&p);
}

static void
test_rules_needs_improvement(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *cat = catalog(), *reqs = all_conformant(), *res = NULL;

	(void)state;
	put(reqs, entry("4-3-4", "一部対応済", "改善要", "要改善", "FTF"));
	scs_rules_apply(&res, cat, reqs, &p);
	dump(&p);
	/* The requirement, and each of its unmet criteria. */
	assert_int_equal(p.n, 3);
	assert_true(has(&p, "requirement 4-3-4 (バックアップ) is 改善要", NULL));
	assert_true(has(&p, "requirement 4-3-4: criterion 4-3-4-1", NULL));
	assert_true(has(&p, "requirement 4-3-4: criterion 4-3-4-3", NULL));
	assert_false(has(&p, "4-3-4-2", NULL));
	assert_null(res);
	cJSON_Delete(reqs);
	cJSON_Delete(cat);
	problems_release(&p);
}

static void
test_rules_not_applicable(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *cat = catalog(), *reqs = all_conformant(), *res = NULL;

	(void)state;
	/* Without a reason: refused. */
	put(reqs, entry("4-3-4", "対象外", "対象外", " ", "NNN"));
	scs_rules_apply(&res, cat, reqs, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "4-3-4", "without a reason"));
	assert_null(res);
	problems_release(&p);
	/* With one: registrable, and counted as not applicable; its criteria
	 * do not matter. */
	put(reqs, entry("4-3-4", "対象外", "対象外", "データを保有しない",
	    "NFN"));
	scs_rules_apply(&res, cat, reqs, &p);
	dump(&p);
	assert_int_equal(p.n, 0);
	assert_non_null(res);
	assert_int_equal(json_get(cJSON_GetArrayItem(json_get(res,
	    "categories"), 1), "not_applicable")->valueint, 1);
	assert_int_equal(json_get(cJSON_GetArrayItem(json_get(res,
	    "categories"), 1), "conformant")->valueint, 0);
	cJSON_Delete(res);
	cJSON_Delete(reqs);
	cJSON_Delete(cat);
	problems_release(&p);
}

static void
test_rules_coverage_and_words(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *cat = catalog(), *reqs = all_conformant(), *e;

	(void)state;
	/* A requirement left out. */
	cJSON_DeleteItemFromArray(reqs, 1);
	scs_rules_apply(NULL, cat, reqs, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "requirement 1-2-3 (守秘義務) has no result", NULL));
	problems_release(&p);
	cJSON_Delete(reqs);
	/* The catalogue's first and last requirements left out. */
	reqs = all_conformant();
	cJSON_DeleteItemFromArray(reqs, cJSON_GetArraySize(reqs) - 1);
	cJSON_DeleteItemFromArray(reqs, 0);
	scs_rules_apply(NULL, cat, reqs, &p);
	assert_int_equal(p.n, 2);
	problems_release(&p);
	cJSON_Delete(reqs);
	reqs = all_conformant();
	cJSON_DeleteItemFromArray(reqs, 1);
	/* Listed twice, and one not in the catalogue. */
	cJSON_AddItemToArray(reqs, entry("1-2-3", "対応済", "適合", "", "T"));
	cJSON_AddItemToArray(reqs, entry("1-2-3", "対応済", "適合", "", "T"));
	cJSON_AddItemToArray(reqs, entry("9-9-9", "対応済", "適合", "", "T"));
	scs_rules_apply(NULL, cat, reqs, &p);
	assert_true(has(&p, "1-2-3 is listed twice", NULL));
	assert_true(has(&p, "'9-9-9' is not a requirement of catalogue", NULL));
	problems_release(&p);
	cJSON_Delete(reqs);

	/* Words outside the sheet's vocabularies, an empty answer, a
	 * criterion of another requirement, an unknown member. */
	reqs = all_conformant();
	put(reqs, entry("1-2-1", "はい", "適合", "", "TT"));
	put(reqs, entry("1-2-3", "", "合格", "", "T"));
	e = entry("4-3-4", "対応済", "適合", "", "TTT");
	cJSON_AddItemToArray(mget(e, "procedures"),
	    cJSON_CreateString("目視"));
	cJSON_AddItemToArray(mget(e, "procedures"),
	    cJSON_CreateString("文書類"));
	cJSON_AddStringToObject(e, "memo", "x");
	cJSON_AddItemToArray(mget(e, "criteria"),
	    parse("{\"id\":\"1-2-1-1\",\"met\":true}"));
	put(reqs, e);
	scs_rules_apply(NULL, cat, reqs, &p);
	dump(&p);
	assert_true(has(&p, "answer 'はい' is not one of", "対応済"));
	assert_true(has(&p, "1-2-3 (守秘義務) has no answer", NULL));
	assert_true(has(&p, "result '合格' is not one of", NULL));
	assert_true(has(&p, "procedure '目視'", NULL));
	assert_true(has(&p, "procedure '文書類' is listed twice", NULL));
	assert_true(has(&p, "unknown member 'memo'", NULL));
	assert_true(has(&p, "'1-2-1-1' is not one of its criteria", NULL));
	problems_release(&p);
	cJSON_Delete(reqs);

	/* Not an array at all. */
	scs_rules_apply(NULL, cat, NULL, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "predicate.requirements must be an array", NULL));
	problems_release(&p);
	cJSON_Delete(cat);
}

/* ---- the improvement plan ------------------------------------------- */

static const char plan_text[] =
    "{\"date\":\"2025-12-25\",\"company\":\"AAA 株式会社\","
    "\"responsible\":{\"title\":\"情報システム部長\",\"name\":\"鈴木 次郎\"},"
    "\"expert\":\"応援 太郎\",\"meetings\":[{\"date\":\"2025-11-11\","
    "\"time\":\"14:00-17:00\",\"attendees\":[\"代表取締役社長 情報太郎\"]}],"
    "\"evaluation\":\"規程類はよく整備されている。\","
    "\"items\":[{\"content\":\"訓練の実施\",\"target\":\"2026-03\"}]}";

static void
test_plan(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *plan = parse(plan_text), *it;

	(void)state;
	scs_plan_check(plan, &p);
	dump(&p);
	assert_int_equal(p.n, 0);
	it = cJSON_GetArrayItem(json_get(plan, "items"), 0);
	cJSON_ReplaceItemInObject(it, "target", cJSON_CreateString("来期"));
	cJSON_ReplaceItemInObject(plan, "meetings", cJSON_CreateArray());
	cJSON_ReplaceItemInObject(plan, "evaluation", cJSON_CreateString(""));
	scs_plan_check(plan, &p);
	assert_int_equal(p.n, 3);
	assert_true(has(&p, "items[0].target", NULL));
	assert_true(has(&p, "meetings must list", NULL));
	assert_true(has(&p, "evaluation must be filled in", NULL));
	problems_release(&p);
	cJSON_Delete(plan);
}

/* ---- the CSV reader ------------------------------------------------- */

static void
test_table(void **state)
{
	static const char ok[] = "\xef\xbb\xbf" "a,b\r\n\"x\ny\",\"q\"\"\"\r\n"
	    "\r\n3,\"4,5\"\r\nlast,row";
	struct scs_table t = SCS_TABLE_INIT;
	struct problems p = PROBLEMS_INIT;
	int dup;

	(void)state;
	assert_int_equal(scs_table_parse(&t, (const unsigned char *)ok,
	    sizeof(ok) - 1, &p), 0);
	assert_int_equal(t.nrows, 4);
	assert_string_equal(t.rows[0].cell[0], "a");    /* BOM skipped */
	assert_string_equal(t.rows[1].cell[0], "x\ny");
	assert_string_equal(t.rows[1].cell[1], "q\"");
	/* Line numbers count physical lines: the quoted break, the blank. */
	assert_int_equal(t.rows[1].line, 2);
	assert_int_equal(t.rows[2].line, 5);
	assert_string_equal(t.rows[2].cell[1], "4,5");
	assert_int_equal(t.rows[3].line, 6);
	assert_int_equal(scs_table_column(&t, "b", &dup), 1);
	assert_int_equal(scs_table_column(&t, "c", &dup), -1);
	scs_table_release(&t);

	/* A stray quote, an unclosed quote, bytes that are not UTF-8. */
	assert_int_equal(scs_table_parse(&t, (const unsigned char *)
	    "a,b\nc,d\"e\n", 10, &p), INK_EINPUT);
	assert_true(has(&p, "line 2: malformed CSV", NULL));
	problems_release(&p);
	assert_int_equal(scs_table_parse(&t, (const unsigned char *)
	    "a,b\n\"c\nd\n", 9, &p), INK_EINPUT);
	assert_true(has(&p, "line 2: a quoted field is not closed", NULL));
	problems_release(&p);
	assert_int_equal(scs_table_parse(&t, (const unsigned char *)
	    "a\n\x82\xa0\n", 5, &p), INK_EINPUT);
	assert_true(has(&p, "line 2: not UTF-8", NULL));
	problems_release(&p);
}

/* ---- catalogues ----------------------------------------------------- */

static void
test_catalog_check(void **state)
{
	struct problems p = PROBLEMS_INIT;
	cJSON *c = catalog(), *crit;

	(void)state;
	/* A criterion out of sequence and an id used twice. */
	crit = mget(cJSON_GetArrayItem(mget(cJSON_GetArrayItem(
	    mget(cJSON_GetArrayItem(mget(c, "categories"), 1),
	    "middle"), 0), "requirements"), 0), "criteria");
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(crit, 2), "id",
	    cJSON_CreateString("4-3-4-4"));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(crit, 1), "id",
	    cJSON_CreateString("1-2-1-1"));
	cJSON_AddStringToObject(c, "mandatry", "x");
	scs_catalog_check(c, &p);
	dump(&p);
	assert_true(has(&p, "criteria of '4-3-4' are numbered", NULL));
	assert_true(has(&p, "id '1-2-1-1' is used twice", NULL));
	assert_true(has(&p, "unknown member 'mandatry'", NULL));
	problems_release(&p);
	cJSON_Delete(c);
}

static void
test_catalog_import(void **state)
{
	static const char good[] =
	    "大分類,requirement_id,criterion_id,criterion_text_ja\n"
	    "x,1-2-1,1-2-1-2,・二つ目\n"
	    "x,1-2-1,1-2-1-1,一つ目\n"
	    "x,1-2-3,1-2-3-1,三つ目\n"
	    "x,4-3-4,4-3-4-1,\"四, \"\"五\"\"\"\n";
	static const char bad[] =
	    "requirement_id,criterion_id,criterion_text_ja\n"
	    "1-2-1,1-2-1-1,a\n"
	    "9-9-9,9-9-9-1,b\n"
	    "1-2-1,1-2-1-01,c\n"
	    "1-2-1,1-2-1-1,d\n"
	    "4-3-4,4-3-4-2,\n"
	    "4-3-4,4-3-4-3,f\n";
	struct scs_import_opts o = { NULL, "t2", NULL, "list.csv",
		"0000000000000000000000000000000000000000000000000000000000000000" };
	struct problems p = PROBLEMS_INIT;
	cJSON *base = catalog(), *out = NULL;
	const cJSON *crit;

	(void)state;
	assert_int_equal(scs_catalog_import(&out, base, (const unsigned char *)
	    good, sizeof(good) - 1, &o, &p), 0);
	dump(&p);
	assert_non_null(out);
	assert_string_equal(json_get_str(out, "version"), "t2");
	assert_true(cJSON_IsTrue(json_get(out, "complete")));
	assert_null(json_get(out, "text_source"));
	crit = json_get(catalog_item(out, "1-2-1"), "criteria");
	assert_int_equal(cJSON_GetArraySize(crit), 2);
	/* In numeric order, the list mark gone. */
	assert_string_equal(scs_ja(cJSON_GetArrayItem(crit, 1), "text"),
	    "二つ目");
	assert_string_equal(scs_ja(catalog_item(out, "4-3-4-1"), "text"),
	    "四, \"五\"");
	assert_int_equal(cJSON_GetArraySize(json_get(catalog_item(out,
	    "4-3-4"), "criteria")), 1);
	scs_catalog_check(out, &p);
	assert_int_equal(p.n, 0);
	cJSON_Delete(out);

	/* Every malformed row by its line, then what is missing. */
	assert_int_equal(scs_catalog_import(&out, base, (const unsigned char *)
	    bad, sizeof(bad) - 1, &o, &p), INK_EINPUT);
	dump(&p);
	assert_null(out);
	assert_true(has(&p, "line 3: requirement '9-9-9'", NULL));
	assert_true(has(&p, "line 4: criterion id '1-2-1-01'", NULL));
	assert_true(has(&p, "line 5: criterion '1-2-1-1' appears again "
	    "(first on line 2)", NULL));
	assert_true(has(&p, "line 6: criterion '4-3-4-2' has no text", NULL));
	assert_true(has(&p, "requirement '1-2-3'", "no criteria"));
	assert_true(has(&p, "criterion '4-3-4-1' is missing", NULL));
	problems_release(&p);
	cJSON_Delete(base);
}

/* ---- prepare and check on a catalogue folder of our own ------------- */

static char dir[256];

static int
setup_dir(void **state)
{
	const char *src = getenv("INKAN_SRC");
	struct buf b = BUF_INIT(0);
	char from[512], to[512];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/inkan-test-scs.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(from, sizeof(from), "%s/catalogs/schemes.json",
	    src ? src : ".");
	snprintf(to, sizeof(to), "%s/schemes.json", dir);
	if (file_read(&b, from, 1 << 20) != 0 ||
	    file_write_atomic(to, b.data, b.len, 0644) != 0)
		return -1;
	buf_release(&b);
	snprintf(to, sizeof(to), "%s/t1.json", dir);
	if (file_write_atomic(to, catalog_text, strlen(catalog_text), 0644))
		return -1;
	setenv("INKAN_CATALOGS", dir, 1);
	return 0;
}

static int
teardown_dir(void **state)
{
	char p[512];

	(void)state;
	snprintf(p, sizeof(p), "%s/schemes.json", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/t1.json", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

static cJSON *
statement(int level, const char *role1)
{
	char text[2048];
	cJSON *st, *pred;

	snprintf(text, sizeof(text),
	    "{\"_type\":\"https://in-toto.io/Statement/v1\","
	    "\"predicateType\":\"" KIND_SCS_TYPE "\","
	    "\"subject\":[{\"name\":\"sheet.csv\",\"digest\":{\"sha256\":"
	    "\"%064d\"}}],\"predicate\":{\"scheme\":\"scs-star%d\","
	    "\"level\":%d,\"catalog\":{\"id\":\"scs-star3\",\"version\":\"t1\"},"
	    "\"organisation\":{\"name\":\"AAA 株式会社\","
	    "\"corporate_number\":\"7000012050002\"},"
	    "\"scope\":{\"kind\":\"company\",\"summary\":\"全社\"},"
	    "\"expert\":{\"name\":\"応援 太郎\",\"qualification\":\"RISS\","
	    "\"registration_number\":\"012345\"},"
	    "\"management_declaration\":{\"name\":\"情報 太郎\",\"title\":"
	    "\"代表取締役\",\"date\":\"2028-02-29\",\"text\":\"宣言します。\"},"
	    "\"confirmation_date\":\"2028-02-29\","
	    "\"signed_at\":\"2028-03-01T00:00:00Z\","
	    "\"signers\":[{\"role\":\"%s\",\"keyid\":\"%064d\"},"
	    "{\"role\":\"management\",\"keyid\":\"%064d\"}]}}",
	    0, level, level, role1, 1, 2);
	st = parse(text);
	pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	cJSON_AddItemToObject(pred, "requirements", all_conformant());
	cJSON_AddItemToObject(pred, "improvement_plan", parse(plan_text));
	return st;
}

static void
test_prepare_and_check(void **state)
{
	struct kind_ctx ctx = { 0, ".", NULL };
	struct problems p = PROBLEMS_INIT;
	cJSON *st = statement(3, "expert"), *pred, *d, *digests;
	const cJSON *v;
	size_t found = 0;

	(void)state;
	scs_assessment_prepare(st, &ctx, &p);
	dump(&p);
	assert_int_equal(p.n, 0);
	pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	/* The detail left the record; counts and digests took its place. */
	assert_null(json_get(pred, "requirements"));
	assert_null(json_get(pred, "improvement_plan"));
	assert_string_equal(json_get_str(json_get(pred, "results"), "overall"),
	    "conformant");
	digests = cJSON_GetObjectItemCaseSensitive(pred, "disclosure_digests");
	assert_int_equal(cJSON_GetArraySize(digests), 4);
	assert_int_equal(cJSON_GetArraySize(ctx.disclosures), 4);
	for (d = digests->child; d && d->next; d = d->next)
		assert_true(strcmp(d->valuestring, d->next->valuestring) < 0);
	cJSON_ArrayForEach(v, ctx.disclosures) {
		char dig[DISCLOSURE_DIGEST_LEN];
		cJSON *arr = NULL;
		disclosure_digest(dig, v->valuestring, strlen(v->valuestring));
		cJSON_ArrayForEach(d, digests)
			found += strcmp(d->valuestring, dig) == 0;
		assert_int_equal(disclosure_parse(&arr, v->valuestring,
		    strlen(v->valuestring)), 0);
		cJSON_Delete(arr);
	}
	assert_int_equal(found, 4);
	/* ★3 from 29 February 2028: one year, ending 28 February (JST). */
	v = json_get(pred, "validity");
	assert_string_equal(json_get_str(v, "not_before"),
	    "2028-02-28T15:00:00Z");
	assert_string_equal(json_get_str(v, "not_after"),
	    "2029-02-27T15:00:00Z");

	/* The signed form passes check. */
	scs_assessment_check(st, &p);
	dump(&p);
	assert_int_equal(p.n, 0);

	/* A count of 改善要 slipped into a signed record: refused. */
	d = cJSON_GetArrayItem(json_get(json_get(pred, "results"),
	    "categories"), 1);
	cJSON_ReplaceItemInObject(d, "conformant", cJSON_CreateNumber(0));
	cJSON_ReplaceItemInObject(d, "needs_improvement", cJSON_CreateNumber(1));
	scs_assessment_check(st, &p);
	assert_true(has(&p, "category 4 has 1 requirement(s) 改善要", NULL));
	problems_release(&p);
	cJSON_ReplaceItemInObject(d, "conformant", cJSON_CreateNumber(1));
	cJSON_ReplaceItemInObject(d, "needs_improvement", cJSON_CreateNumber(0));
	/* A window typed by hand: its start, then its end. */
	{
		cJSON *w = cJSON_GetObjectItemCaseSensitive(pred, "validity");
		char *nb = strdup(json_get_str(w, "not_before"));
		cJSON_ReplaceItemInObject(w, "not_before",
		    cJSON_CreateString("2020-01-01T00:00:00Z"));
		scs_assessment_check(st, &p);
		assert_int_equal(p.n, 1);
		assert_true(has(&p, "validity must be the window", NULL));
		problems_release(&p);
		cJSON_ReplaceItemInObject(w, "not_before",
		    cJSON_CreateString(nb));
		free(nb);
		scs_assessment_check(st, &p);
		assert_int_equal(p.n, 0);
	}
	cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(pred,
	    "validity"), "not_after", cJSON_CreateString("2030-02-27T15:00:00Z"));
	scs_assessment_check(st, &p);
	assert_int_equal(p.n, 1);
	assert_true(has(&p, "validity must be the window", NULL));
	problems_release(&p);
	/* Confidential detail in a signed record. */
	cJSON_AddItemToObject(pred, "requirements", all_conformant());
	scs_assessment_check(st, &p);
	assert_true(has(&p, "requirements is confidential", NULL));
	problems_release(&p);
	cJSON_Delete(ctx.disclosures);
	cJSON_Delete(st);
}

static void
test_prepare_refuses(void **state)
{
	struct kind_ctx ctx = { 0, ".", NULL };
	struct problems p = PROBLEMS_INIT;
	cJSON *st, *pred;

	(void)state;
	/* ★3 signed by an auditor instead of the expert. */
	st = statement(3, "auditor");
	scs_assessment_prepare(st, &ctx, &p);
	dump(&p);
	assert_true(has(&p, "needs a signer in role 'expert'", NULL));
	assert_true(has(&p, "role 'auditor' does not sign scs-star3", NULL));
	assert_null(ctx.disclosures);
	problems_release(&p);
	cJSON_Delete(st);

	/* One criterion unmet, a bad corporate number, a result typed in. */
	st = statement(3, "expert");
	pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	put(cJSON_GetObjectItemCaseSensitive(pred, "requirements"),
	    entry("1-2-3", "対応済", "適合", "", "F"));
	cJSON_ReplaceItemInObject(mget(pred, "organisation"),
	    "corporate_number", cJSON_CreateString("1234567890123"));
	cJSON_AddStringToObject(pred, "results", "all good");
	scs_assessment_prepare(st, &ctx, &p);
	dump(&p);
	assert_true(has(&p, "requirement 1-2-3", "criterion 1-2-3-1"));
	assert_true(has(&p, "corporate_number", "1234567890123"));
	assert_true(has(&p, "predicate.results is computed", NULL));
	assert_non_null(json_get(pred, "requirements"));
	assert_null(ctx.disclosures);
	problems_release(&p);
	cJSON_Delete(st);

	/* A ★4 record against a ★3 catalogue. */
	st = statement(4, "auditor");
	scs_assessment_prepare(st, &ctx, &p);
	dump(&p);
	assert_true(has(&p, "serves 'scs-star3', not 'scs-star4'", NULL));
	problems_release(&p);
	cJSON_Delete(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corporate_number),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_words_and_text),
		cmocka_unit_test(test_rules_all_conformant),
		cmocka_unit_test(test_rules_one_criterion_unmet),
		cmocka_unit_test(test_rules_needs_improvement),
		cmocka_unit_test(test_rules_not_applicable),
		cmocka_unit_test(test_rules_coverage_and_words),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_catalog_check),
		cmocka_unit_test(test_catalog_import),
		cmocka_unit_test(test_prepare_and_check),
		cmocka_unit_test(test_prepare_refuses),
	};

	/* One catalogue folder for the whole run: core/catalog.c reads
	 * INKAN_CATALOGS once. */
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
