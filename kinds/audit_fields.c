/*
 * The audit-report kind: reading and checking one field of the predicate
 * (texts in one or two languages, strings, enumerations, dates, ids and
 * digests) and reporting what is wrong with it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit_int.h"

int
audit_in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (s[0] == list[i][0] && strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

void
audit_join(char *out, size_t n, const char *const *list)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; list[i] && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    i ? ", " : "", list[i]);
}

/* The strings of a JSON array, as a NULL-terminated list (for the
 * scheme's own lists); the caller frees the list, not the strings. */
const char **
audit_json_list(const cJSON *arr)
{
	const char **v;
	size_t n = 0;
	const cJSON *c;

	v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c))
			v[n++] = c->valuestring;
	return v;
}

int
audit_json_has_string(const cJSON *arr, const char *s)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c) && strcmp(c->valuestring, s) == 0)
			return 1;
	return 0;
}

int
audit_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *
audit_text(const cJSON *v, const char *lang)
{
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (!cJSON_IsObject(v))
		return NULL;
	if ((s = json_get_str(v, lang)) != NULL)
		return s;
	return json_get_str(v, strcmp(lang, "ja") == 0 ? "en" : "ja");
}

/* A text people read: a non-empty string, or {"ja": ..., "en": ...} with
 * at least one of the two, each non-empty. */
int
audit_text_ok(const cJSON *v)
{
	const cJSON *c;
	size_t n = 0;

	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0' &&
		    strlen(v->valuestring) <= AUDIT_MAX_TEXT;
	if (!cJSON_IsObject(v))
		return 0;
	for (c = v->child; c; c = c->next, n++)
		if ((strcmp(c->string, "ja") && strcmp(c->string, "en")) ||
		    !cJSON_IsString(c) || c->valuestring[0] == '\0' ||
		    strlen(c->valuestring) > AUDIT_MAX_TEXT)
			return 0;
	return n > 0;
}

void
audit_need_text(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return;
	}
	if (!audit_text_ok(v))
		problems_add(a->p, INK_ENO, "%s%s must be a non-empty text "
		    "(a string, or {\"ja\": ..., \"en\": ...}) of at most %u "
		    "bytes", where, key, AUDIT_MAX_TEXT);
}

const char *
audit_need_string(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) > AUDIT_MAX_TEXT) {
		problems_add(a->p, INK_ENO, "%s%s must be a non-empty string",
		    where, key);
		return NULL;
	}
	return v->valuestring;
}

const char *
audit_need_enum(struct audit *a, const cJSON *obj, const char *where,
    const char *key, const char *const *vals, int required)
{
	const cJSON *v = json_get(obj, key);
	char all[256];

	if (v == NULL && !required)
		return NULL;
	if (cJSON_IsString(v) && audit_in_list(v->valuestring, vals))
		return v->valuestring;
	audit_join(all, sizeof(all), vals);
	if (v == NULL)
		problems_add(a->p, INK_ENO, "%s%s is required: one of %s",
		    where, key, all);
	else if (cJSON_IsString(v))
		problems_add(a->p, INK_ENO, "%s%s '%s' is not one of %s",
		    where, key, v->valuestring, all);
	else
		problems_add(a->p, INK_ENO, "%s%s must be one of %s", where,
		    key, all);
	return NULL;
}

/* A date member YYYY-MM-DD: 1 present and valid (*out is its 00:00Z),
 * 0 absent, -1 malformed (reported). */
int
audit_need_date(struct audit *a, const cJSON *obj, const char *key,
    int64_t *out)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL)
		return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) != 10 ||
	    time_parse_date(out, v->valuestring) != 0) {
		problems_add(a->p, INK_ENO, P "%s must be a date of the form "
		    "2026-03-31", key);
		return -1;
	}
	return 1;
}

void
audit_check_keys(struct audit *a, const cJSON *obj, const char *where,
    const char *const *allowed)
{
	char all[512];
	int joined = 0;

	if (!cJSON_IsObject(obj))
		return;
	for (const cJSON *c = obj->child; c; c = c->next) {
		if (audit_in_list(c->string, allowed))
			continue;
		if (!joined) {
			joined = 1;
			audit_join(all, sizeof(all), allowed);
			/* Long lists are in the format's documentation. */
			if (strlen(all) > 100)
				snprintf(all, sizeof(all), "see docs/FORMAT.md "
				    "section 6");
		}
		problems_add(a->p, INK_ENO, "%s: unknown member '%s' "
		    "(known: %s)", where, c->string, all);
	}
}

const cJSON *
audit_need_object(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return NULL;
	}
	if (!cJSON_IsObject(v)) {
		problems_add(a->p, INK_ENO, "%s%s must be an object", where,
		    key);
		return NULL;
	}
	return v;
}

int
audit_record_id_ok(const char *s)
{
	return s && strlen(s) == 71 && strncmp(s, "sha256:", 7) == 0 &&
	    strspn(s + 7, "0123456789abcdef") == 64;
}

/* A short identifier people and file names use: [A-Za-z0-9._-]. */
int
audit_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= AUDIT_MAX_ID && strspn(s, "ABCDEFGHIJKLMNOPQRST"
	    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n &&
	    s[0] != '.' && s[0] != '-';
}

int
audit_digest_ok(const char *s)
{
	return s && strlen(s) == DISCLOSURE_DIGEST_LEN - 1 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == DISCLOSURE_DIGEST_LEN - 1;
}

void
audit_check_string_array(struct audit *a, const cJSON *arr, const char *where,
    const char *const *vals, int required)
{
	const cJSON *c, *d;
	char all[256];
	size_t i = 0;

	if (arr == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s is required", where);
		return;
	}
	if (!cJSON_IsArray(arr) || (required && arr->child == NULL)) {
		problems_add(a->p, INK_ENO, "%s must be a%s array of strings",
		    where, required ? " non-empty" : "n");
		return;
	}
	for (c = arr->child; c; c = c->next, i++) {
		if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
			problems_add(a->p, INK_ENO, "%s[%zu] must be a "
			    "non-empty string", where, i);
			continue;
		}
		if (vals && !audit_in_list(c->valuestring, vals)) {
			audit_join(all, sizeof(all), vals);
			problems_add(a->p, INK_ENO, "%s: '%s' is not one of %s",
			    where, c->valuestring, all);
		}
		for (d = arr->child; d != c; d = d->next)
			if (cJSON_IsString(d) &&
			    strcmp(d->valuestring, c->valuestring) == 0)
				problems_add(a->p, INK_ENO, "%s: '%s' twice",
				    where, c->valuestring);
	}
}
