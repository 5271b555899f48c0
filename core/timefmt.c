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

/* Two decimal digits of v (0-99) at p. */
static void
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* The date of day number days since 1970-01-01 in the proleptic Gregorian
 * calendar (H. Hinnant's civil_from_days), written without gmtime and
 * strftime: a site formats a few times per record shown. */
void
time_format(char out[TIME_LEN], int64_t t)
{
	int64_t days, era, y;
	unsigned secs, doe, yoe, doy, mp, d, m;

	if (t < TIME_MIN)
		t = TIME_MIN;
	if (t > TIME_MAX)
		t = TIME_MAX;
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	secs = (unsigned)(t - days * 86400);
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = (int64_t)yoe + era * 400 + (m <= 2);
	put2(out, (unsigned)(y / 100));
	put2(out + 2, (unsigned)(y % 100));
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = 'T';
	put2(out + 11, secs / 3600);
	out[13] = ':';
	put2(out + 14, secs / 60 % 60);
	out[16] = ':';
	put2(out + 17, secs % 60);
	out[19] = 'Z';
	out[20] = '\0';
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
time_add_months(int64_t t, int months)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int y, m;

	if (gmtime_r(&tt, &tm) == NULL)
		return t;
	m = tm.tm_mon + months;
	y = tm.tm_year + m / 12;
	m %= 12;
	if (m < 0) {
		m += 12;
		y--;
	}
	tm.tm_year = y;
	tm.tm_mon = m;
	/* No such day in that month: the period ends with the month, and
	 * the next begins on the first of the following one (民法143条). */
	if (tm.tm_mday > days_in(y + 1900, m + 1)) {
		tm.tm_mday = 1;
		tm.tm_mon++;
	}
	return (int64_t)timegm(&tm);
}

int
time_parse_duration(int64_t *out, const char *s)
{
	static const struct { char unit; int64_t sec; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 7 * 86400 }
	};
	const int64_t most = (int64_t)100 * 366 * 86400;
	int64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > most)
			return ink_error(INK_EINPUT, "'%s': longer than 100 "
			    "years", s);
	}
	if (p == s || p[0] == '\0' || p[1] != '\0')
		return ink_error(INK_EINPUT, "'%s' is not a duration such as "
		    "30d, 12h or 90m", s);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (units[i].unit == *p) {
			if (v == 0)
				return ink_error(INK_EINPUT, "'%s': a duration "
				    "above 0", s);
			if (v > most / units[i].sec)
				return ink_error(INK_EINPUT, "'%s': longer than "
				    "100 years", s);
			*out = v * units[i].sec;
			return 0;
		}
	return ink_error(INK_EINPUT, "'%s' is not a duration such as 30d, "
	    "12h or 90m", s);
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

void
time_format_local(char out[TIME_LOCAL_LEN], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, TIME_LOCAL_LEN, "%Y-%m-%d %H:%M %Z", &tm) == 0) {
		char u[TIME_LEN];
		time_format(u, t);
		snprintf(out, TIME_LOCAL_LEN, "%s", u);
	}
}
