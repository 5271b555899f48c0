/*
 * RFC 3339 UTC times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/timefmt.h"

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

int
time_parse(int64_t *out, const char *s)
{
	int y, mo, d, h, mi, se;
	struct tm tm;

	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    digits(s + 17, 2, &se) || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in(y, mo) || h > 23 || mi > 59 || se > 59)
		return ink_error(INK_EINPUT, "'%s' is not a UTC time of the "
		    "form 2026-11-22T01:02:03Z", s);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = (int64_t)timegm(&tm);
	return 0;
}

int
time_parse_date(int64_t *out, const char *s)
{
	char full[TIME_LEN];

	if (strlen(s) == 10) {
		snprintf(full, sizeof(full), "%sT00:00:00Z", s);
		if (time_parse(out, full) == 0)
			return 0;
		return ink_error(INK_EINPUT, "'%s' is not a date of the form "
		    "2026-11-22", s);
	}
	return time_parse(out, s);
}

/* RFC 3339 has four-digit years: times outside 0000..9999 are written
 * as the nearest end of that range. */
#define TIME_MIN (-62167219200LL) /* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

void
time_format(char out[TIME_LEN], int64_t t)
{
	time_t tt;
	struct tm tm;

	if (t < TIME_MIN)
		t = TIME_MIN;
	if (t > TIME_MAX)
		t = TIME_MAX;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) != TIME_LEN - 1)
		snprintf(out, TIME_LEN, "%s", t < 0 ? "0000-01-01T00:00:00Z" :
		    "9999-12-31T23:59:59Z");
}

int64_t
time_add_years(int64_t t, int years)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return t;
	tm.tm_year += years;
	if (tm.tm_mon == 1 && tm.tm_mday == 29 &&
	    days_in(tm.tm_year + 1900, 2) == 28)
		tm.tm_mday = 28;
	return (int64_t)timegm(&tm);
}

int64_t
time_now(void)
{
	const char *env = getenv("INKAN_NOW");
	int64_t t;

	if (env && *env && time_parse(&t, env) == 0)
		return t;
	return (int64_t)time(NULL);
}
