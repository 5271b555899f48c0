/*
 * Registration numbers (FORMAT.md 8.9): the number people quote for a
 * registered service (audit schemes) or organisation (SCS schemes), one
 * per scheme family, given in the order of the subject's first record in
 * the log and kept across its re-audits.  The log is the only input, so
 * every clone derives the same numbers; nothing here reads the registry
 * (the handle's walk is lookup.c's reg_number_at, the site's is its
 * model), so both count with this one object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "registry/registry.h"

/* The subject key of a record: family, corporate number and (for a
 * service) its id, or NULL when the record names no subject the scheme
 * numbers. */
static int
subject_key(char *out, size_t len, const char *family, const char *cn,
    const char *svc)
{
	int n;

	if (!family || !cn || !*cn)
		return -1;
	n = snprintf(out, len, "%s\n%s\n%s", family, cn, svc ? svc : "");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
same_key(const void *ctx, size_t val, const void *key)
{
	const struct reg_numbering *n = ctx;

	return strcmp(n->keys[val], key) == 0;
}

static int
same_family(const void *ctx, size_t val, const void *key)
{
	const struct reg_numbering *n = ctx;

	return strcmp(n->fams[val].name, key) == 0;
}

/* The fiscal year (April to March, in JST) of time t: the year the
 * scheme owners count registrations by. */
static int
fiscal_year(int64_t t)
{
	time_t s = (time_t)(t + 9 * 3600);
	struct tm tm;

	if (gmtime_r(&s, &tm) == NULL)
		return 0;
	return tm.tm_year + 1900 - (tm.tm_mon < 3);
}

void
reg_numbering_release(struct reg_numbering *n)
{
	for (size_t i = 0; i < n->nkeys; i++)
		free(n->keys[i]);
	free(n->keys);
	free(n->nums);
	for (size_t i = 0; i < n->nfams; i++)
		free(n->fams[i].name);
	free(n->fams);
	hmap_free(&n->keymap);
	hmap_free(&n->fammap);
	memset(n, 0, sizeof(*n));
}

int
reg_numbering_next(struct reg_numbering *n, const cJSON *schemes,
    const char *scheme, const char *cn, const char *svc, int64_t integrated,
    char out[REG_NUMBER_LEN])
{
	const cJSON *sc = scheme_find(schemes, scheme ? scheme : ""), *fmt;
	const char *family, *prefix;
	char key[320];
	size_t i, f;
	int64_t digits;

	out[0] = '\0';
	if (sc == NULL || (fmt = json_get(sc, "number")) == NULL)
		return 0;
	family = json_get_str(sc, "family") ? json_get_str(sc, "family") :
	    scheme;
	if (subject_key(key, sizeof(key), family, cn, svc) != 0)
		return 0;
	i = hmap_get(&n->keymap, hmap_str(key), same_key, n, key);
	if (i == HMAP_NONE) {
		char **kv;
		char (*nv)[REG_NUMBER_LEN];
		f = hmap_get(&n->fammap, hmap_str(family), same_family, n,
		    family);
		if (f == HMAP_NONE) {
			struct reg_numfam *fv = realloc(n->fams,
			    (n->nfams + 1) * sizeof(*fv));
			if (fv == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			n->fams = fv;
			if ((fv[n->nfams].name = strdup(family)) == NULL ||
			    hmap_put(&n->fammap, hmap_str(family),
			    n->nfams) != 0) {
				free(fv[n->nfams].name);
				return ink_error(INK_EINPUT, "out of memory");
			}
			fv[n->nfams].seq = 0;
			f = n->nfams++;
		}
		kv = realloc(n->keys, (n->nkeys + 1) * sizeof(*kv));
		if (kv == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		n->keys = kv;
		nv = realloc(n->nums, (n->nkeys + 1) * sizeof(*nv));
		if (nv == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		n->nums = nv;
		if ((kv[n->nkeys] = strdup(key)) == NULL ||
		    hmap_put(&n->keymap, hmap_str(key), n->nkeys) != 0) {
			free(kv[n->nkeys]);
			return ink_error(INK_EINPUT, "out of memory");
		}
		/* "C25-0003": the scheme's prefix, the fiscal year of the
		 * first registration, the place among the family's
		 * subjects. */
		prefix = json_get_str(fmt, "prefix") ? json_get_str(fmt,
		    "prefix") : "";
		if (json_get_int(&digits, fmt, "digits") != 0 || digits < 1 ||
		    digits > 9)
			digits = 4;
		n->fams[f].seq++;
		snprintf(nv[n->nkeys], REG_NUMBER_LEN, "%.8s%02d-%0*lu", prefix,
		    fiscal_year(integrated) % 100, (int)digits,
		    n->fams[f].seq);
		i = n->nkeys++;
	}
	memcpy(out, n->nums[i], REG_NUMBER_LEN);
	return 0;
}
