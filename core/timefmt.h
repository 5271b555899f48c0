/*
 * Times as RFC 3339 UTC strings ("2026-11-22T01:02:03Z"), the only form
 * inkan writes or accepts in records.
 */
#ifndef INK_TIMEFMT_H
#define INK_TIMEFMT_H

#include <stdint.h>

#define TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
/* Japan Standard Time, UTC+9: the schemes' days begin at 00:00 JST. */
#define JST_OFFSET (9 * 3600)

/* Strict: exactly YYYY-MM-DDTHH:MM:SSZ, a real calendar date. */
int time_parse(int64_t *out, const char *s);
/* A date YYYY-MM-DD, taken as 00:00:00Z; also accepts a full time. */
int time_parse_date(int64_t *out, const char *s);
void time_format(char out[TIME_LEN], int64_t t);
/* For people: the time in the local zone, minutes only, with the zone's
 * name ("2026-11-16 05:00 JST").  The zone is TZ's; the command line sets
 * TZ to Japan's when it is unset (cli/main.c), as inkan's users read. */
#define TIME_LOCAL_LEN 40
void time_format_local(char out[TIME_LOCAL_LEN], int64_t t);
/* The same wall-clock time years later; 29 February becomes 28 February
 * in a year without one. */
int64_t time_add_years(int64_t t, int years);
/* The same wall-clock time months later, for a period counted in months
 * (民法143条): with no such day in that month, the first of the next one
 * (a period from 31 October of 4 months ends with February, and the time
 * returned, its end, is 1 March). */
int64_t time_add_months(int64_t t, int months);
/* A duration for people: a whole number and a unit, s, m, h, d or w
 * ("30d", "12h", "90m"), above 0 and at most 100 years, in seconds. */
int time_parse_duration(int64_t *out, const char *s);
/* Now, or the time in INKAN_NOW when set (tests and reproducible demos). */
int64_t time_now(void);

#endif
