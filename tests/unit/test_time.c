/*
 * Unit tests for core/timefmt: RFC 3339 UTC times, strictly one form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/timefmt.h"

static void
expect_time(const char *s, int64_t want)
{
	int64_t t = -1;

	if (time_parse(&t, s) != 0)
		fail_msg("time_parse('%s') refused: %s", s, ink_error_last());
	if (t != want)
		fail_msg("time_parse('%s') = %lld, want %lld", s, (long long)t,
		    (long long)want);
}

static void
expect_refused(const char *s)
{
	int64_t t = 12345;

	if (time_parse(&t, s) != INK_EINPUT)
		fail_msg("time_parse('%s') accepted it", s);
	assert_true(t == 12345);
	assert_non_null(strstr(ink_error_last(), "is not a UTC time"));
}

static void
test_parse_valid(void **state)
{
	(void)state;
	expect_time("2026-11-22T01:02:03Z", INT64_C(1795309323));
	expect_time("1970-01-01T00:00:00Z", 0);
	expect_time("2024-02-29T00:00:00Z", INT64_C(1709164800));
	expect_time("2000-02-29T00:00:00Z", INT64_C(951782400));
	expect_time("2026-12-31T23:59:59Z", INT64_C(1798761599));
	/* Past 2038. */
	expect_time("2100-01-01T00:00:00Z", INT64_C(4102444800));
}

static void
test_parse_refused(void **state)
{
	(void)state;
	/* Not a calendar date. */
	expect_refused("2026-02-30T00:00:00Z");
	expect_refused("2026-02-29T00:00:00Z");
	expect_refused("2100-02-29T00:00:00Z");
	expect_refused("2026-04-31T00:00:00Z");
	expect_refused("2026-13-01T00:00:00Z");
	expect_refused("2026-00-10T00:00:00Z");
	expect_refused("2026-11-00T00:00:00Z");
	expect_refused("2026-11-32T00:00:00Z");
	/* Not a time of day, leap seconds included. */
	expect_refused("2026-11-22T24:00:00Z");
	expect_refused("2026-11-22T23:60:00Z");
	expect_refused("2026-11-22T23:59:60Z");
	/* Other spellings RFC 3339 or ISO 8601 allow but inkan does not. */
	expect_refused("2026-11-22 01:02:03Z");
	expect_refused("2026-11-22t01:02:03Z");
	expect_refused("2026-11-22T01:02:03z");
	expect_refused("2026-11-22T01:02:03+09:00");
	expect_refused("2026-11-22T01:02:03+00:00");
	expect_refused("2026-11-22T01:02:03-00:00");
	expect_refused("2026-11-22T01:02:03.5Z");
	expect_refused("2026-11-22T01:02:03");
	expect_refused("2026-11-22T01:02Z");
	expect_refused("20261122T010203Z");
	expect_refused("2026-11-22");
	/* Digits where digits go, nothing around. */
	expect_refused("2026-1-22T01:02:03Z");
	expect_refused("2026-11-2aT01:02:03Z");
	expect_refused("2026-11-22T-1:02:03Z");
	expect_refused("2026-11-22T0 :02:03Z");
	expect_refused("+026-11-22T01:02:03Z");
	expect_refused(" 2026-11-22T01:02:03Z");
	expect_refused("2026-11-22T01:02:03Z ");
	expect_refused("2026-11-22T01:02:03Z\n");
	expect_refused("");
}

static void
test_format_round_trip(void **state)
{
	const char *s[] = { "2026-11-22T01:02:03Z", "1970-01-01T00:00:00Z",
		"2024-02-29T23:59:59Z", "2038-01-19T03:14:08Z",
		"2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z" };
	const int64_t t[] = { 0, 1, 86399, 951782400, INT64_C(2147483648),
		INT64_C(1795309323), INT64_C(4102444800) };
	char out[TIME_LEN];
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		assert_int_equal(time_parse(&v, s[i]), 0);
		memset(out, 'x', sizeof(out));
		time_format(out, v);
		assert_string_equal(out, s[i]);
	}
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		time_format(out, t[i]);
		assert_int_equal(strlen(out), TIME_LEN - 1);
		assert_int_equal(time_parse(&v, out), 0);
		assert_true(v == t[i]);
	}
	time_format(out, INT64_C(1795309323));
	assert_string_equal(out, "2026-11-22T01:02:03Z");
	/* A different second is a different string. */
	time_format(out, INT64_C(1795309324));
	assert_string_not_equal(out, "2026-11-22T01:02:03Z");
}

/* time_format agrees with gmtime and strftime at every day's start and
 * at odd seconds from year 1000 to 9999 (strftime pads no year below). */
static void
test_format_matches_gmtime(void **state)
{
	const int64_t from = INT64_C(-30610224000); /* 1000-01-01 */
	const int64_t to = INT64_C(253402300799);   /* 9999-12-31T23:59:59 */
	char out[TIME_LEN], want[64];
	size_t n = 0;

	(void)state;
	for (int64_t t = from; t <= to; t += 86400 + (n % 7 ? 0 : 3607), n++) {
		time_t tt = (time_t)t;
		struct tm tm;
		assert_non_null(gmtime_r(&tt, &tm));
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		time_format(out, t);
		if (strcmp(out, want) != 0)
			fail_msg("time_format(%lld) = %s, gmtime says %s",
			    (long long)t, out, want);
	}
	time_format(out, to);
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	time_format(out, INT64_C(-62167219200));
	assert_string_equal(out, "0000-01-01T00:00:00Z");
	time_format(out, -1);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	assert_true(n > 3000000);
}

/*
 * Times time_parse cannot produce can still reach time_format, through
 * time_add_years (9999-06-01 + 1 year) or a number from elsewhere.  The
 * output must still be a string within TIME_LEN: callers print it.
 */
static void
test_format_out_of_range(void **state)
{
	int64_t t[4];
	char out[TIME_LEN + 8];
	int bad = 0;

	(void)state;
	t[0] = INT64_C(253402300800); /* 10000-01-01T00:00:00Z */
	assert_int_equal(time_parse(&t[1], "9999-06-01T00:00:00Z"), 0);
	t[1] = time_add_years(t[1], 1);
	t[2] = INT64_MAX;
	t[3] = INT64_MIN;
	/* The last representable second is fine. */
	time_format(out, INT64_C(253402300799));
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	for (size_t i = 0; i < 4; i++) {
		memset(out, 'x', sizeof(out));
		time_format(out, t[i]);
		if (memchr(out, '\0', TIME_LEN) == NULL) {
			print_message("# time_format(%lld) wrote '%.*s' with "
			    "no NUL in %d bytes\n", (long long)t[i], TIME_LEN,
			    out, TIME_LEN);
			bad++;
		}
	}
	if (bad)
		fail_msg("%d of 4 out-of-range times left out unterminated",
		    bad);
}

/* from + n units (time_add_years or time_add_months) is want. */
static void
expect_add_by(int64_t (*add)(int64_t, int), const char *unit,
    const char *from, int n, const char *want)
{
	char out[TIME_LEN];
	int64_t t;

	assert_int_equal(time_parse(&t, from), 0);
	time_format(out, add(t, n));
	if (strcmp(out, want) != 0)
		fail_msg("%s + %d %s = %s, want %s", from, n, unit, out, want);
}

static void
expect_add(const char *from, int years, const char *want)
{
	expect_add_by(time_add_years, "years", from, years, want);
}

static void
expect_months(const char *from, int months, const char *want)
{
	expect_add_by(time_add_months, "months", from, months, want);
}

/* A period counted in months (民法143条): it ends the day before the
 * same day months later, so the time returned (its end) is that day; with
 * no such day in the month, the period ends with the month and the time
 * returned is the first of the next. */
static void
test_add_months(void **state)
{
	(void)state;
	/* ISMAP-style: 1 year 4 months from the day after 2026-03-31 */
	expect_months("2026-04-01T00:00:00Z", 16, "2027-08-01T00:00:00Z");
	expect_months("2025-10-01T00:00:00Z", 6, "2026-04-01T00:00:00Z");
	expect_months("2025-04-01T00:00:00Z", 12, "2026-04-01T00:00:00Z");
	/* no 31 February or 31 April: the first of the next month */
	expect_months("2025-10-31T00:00:00Z", 16, "2027-03-01T00:00:00Z");
	expect_months("2027-01-31T00:00:00Z", 1, "2027-03-01T00:00:00Z");
	expect_months("2027-12-31T00:00:00Z", 4, "2028-05-01T00:00:00Z");
	/* 29 February exists in 2028 */
	expect_months("2027-10-29T00:00:00Z", 4, "2028-02-29T00:00:00Z");
	expect_months("2026-10-29T00:00:00Z", 4, "2027-03-01T00:00:00Z");
	/* across years, either way; the wall-clock time kept */
	expect_months("2026-11-15T15:00:00Z", 3, "2027-02-15T15:00:00Z");
	expect_months("2026-02-15T00:00:00Z", -3, "2025-11-15T00:00:00Z");
	expect_months("2026-01-31T00:00:00Z", -2, "2025-12-01T00:00:00Z");
}

static void
test_add_years(void **state)
{
	(void)state;
	/* 29 February becomes 28 February in a year without one ... */
	expect_add("2028-02-29T00:00:00Z", 1, "2029-02-28T00:00:00Z");
	expect_add("2028-02-29T12:34:56Z", 3, "2031-02-28T12:34:56Z");
	expect_add("2028-02-29T00:00:00Z", -1, "2027-02-28T00:00:00Z");
	expect_add("2096-02-29T00:00:00Z", 4, "2100-02-28T00:00:00Z");
	/* ... and stays in a year with one, never 1 March. */
	expect_add("2028-02-29T00:00:00Z", 4, "2032-02-29T00:00:00Z");
	expect_add("1996-02-29T00:00:00Z", 4, "2000-02-29T00:00:00Z");
	/* Other days keep their date and wall-clock time. */
	expect_add("2026-11-22T01:02:03Z", 1, "2027-11-22T01:02:03Z");
	expect_add("2026-11-22T01:02:03Z", 3, "2029-11-22T01:02:03Z");
	expect_add("2027-02-28T23:59:59Z", 1, "2028-02-28T23:59:59Z");
	expect_add("2027-03-01T00:00:00Z", 1, "2028-03-01T00:00:00Z");
	expect_add("2026-12-31T23:59:59Z", 0, "2026-12-31T23:59:59Z");
	expect_add("2037-06-01T00:00:00Z", 2, "2039-06-01T00:00:00Z");
}

static void
test_parse_date(void **state)
{
	int64_t t = -1, full;

	(void)state;
	assert_int_equal(time_parse_date(&t, "2026-11-22"), 0);
	assert_true(t == INT64_C(1795305600));
	assert_int_equal(time_parse(&full, "2026-11-22T00:00:00Z"), 0);
	assert_true(t == full);
	assert_int_equal(time_parse_date(&t, "2024-02-29"), 0);
	/* A full time is accepted too. */
	assert_int_equal(time_parse_date(&t, "2026-11-22T01:02:03Z"), 0);
	assert_true(t == INT64_C(1795309323));

	t = 99;
	assert_int_equal(time_parse_date(&t, "2026-11-31"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026-02-29"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026/11/22"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026-11-2"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "20261122"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026-11-22Z"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "22-11-2026"), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026-11-22T00:00:00"),
	    INK_EINPUT);
	assert_int_equal(time_parse_date(&t, "2026-11-22 "), INK_EINPUT);
	assert_int_equal(time_parse_date(&t, ""), INK_EINPUT);
	assert_true(t == 99);
}

static void
test_now(void **state)
{
	int64_t before, t;

	(void)state;
	assert_int_equal(setenv("INKAN_NOW", "2026-11-22T01:02:03Z", 1), 0);
	assert_true(time_now() == INT64_C(1795309323));
	/* A value that is not a time is not used. */
	assert_int_equal(setenv("INKAN_NOW", "2026-11-22", 1), 0);
	before = (int64_t)time(NULL);
	t = time_now();
	assert_true(t >= before && t <= before + 5);
	assert_int_equal(unsetenv("INKAN_NOW"), 0);
	before = (int64_t)time(NULL);
	t = time_now();
	assert_true(t >= before && t <= before + 5);
}

/* --max-age: a whole number and one unit, above 0, at most 100 years. */
static void
test_parse_duration(void **state)
{
	static const struct { const char *s; int64_t want; } ok[] = {
		{ "30d", 30 * 86400 }, { "12h", 12 * 3600 }, { "90m", 5400 },
		{ "45s", 45 }, { "2w", 14 * 86400 }, { "1s", 1 },
		{ "36600d", (int64_t)36600 * 86400 }
	};
	static const char *const bad[] = {
		"", "d", "30", "0d", "-1d", "+1d", "1.5h", "30 d", "30dd", "30D",
		"1y", "36601d", "99999999999999999999999s", "d30", " 30d"
	};
	int64_t t;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		t = -1;
		if (time_parse_duration(&t, ok[i].s) != 0)
			fail_msg("'%s' refused: %s", ok[i].s, ink_error_last());
		if (t != ok[i].want)
			fail_msg("'%s' = %lld, want %lld", ok[i].s, (long long)t,
			    (long long)ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (time_parse_duration(&t, bad[i]) == 0)
			fail_msg("'%s' taken as %lld seconds", bad[i],
			    (long long)t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_matches_gmtime),
		cmocka_unit_test(test_format_out_of_range),
		cmocka_unit_test(test_add_years),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_parse_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
