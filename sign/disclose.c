/*
 * Selective disclosure from a private bundle.
 */
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "kinds/audit.h"
#include "sign/disclose.h"
#include "sign/sign.h"

int
disclose_file_parse(cJSON **out, const char *text, size_t len,
    const char *what)
{
	const char *fmt, *rid;
	const cJSON *list, *c;
	cJSON *j = NULL;
	size_t i = 0;
	int rc;

	*out = NULL;
	if ((rc = json_parse(&j, text, len, what)) != 0)
		return rc;
	if (!cJSON_IsObject(j)) {
		rc = ink_error(INK_EINPUT, "%s: not a disclosure file (a JSON "
		    "object)", what);
		goto cleanup;
	}
	for (c = j->child; c; c = c->next)
		if (strcmp(c->string, "format") && strcmp(c->string,
		    "record_id") && strcmp(c->string, "disclosures")) {
			rc = ink_error(INK_EINPUT, "%s: unknown member '%s'",
			    what, c->string);
			goto cleanup;
		}
	fmt = json_get_str(j, "format");
	if (fmt == NULL || strcmp(fmt, DISCLOSURE_BUNDLE_FORMAT) != 0) {
		rc = ink_error(INK_EINPUT, "%s: format is not '%s'", what,
		    DISCLOSURE_BUNDLE_FORMAT);
		goto cleanup;
	}
	rid = json_get_str(j, "record_id");
	if (rid == NULL || strlen(rid) != RECORD_ID_LEN - 1 ||
	    strncmp(rid, "sha256:", 7) != 0 ||
	    strspn(rid + 7, "0123456789abcdef") != RECORD_ID_LEN - 8) {
		rc = ink_error(INK_EINPUT, "%s: record_id is not a record id "
		    "(sha256: and 64 lowercase hex digits)", what);
		goto cleanup;
	}
	list = json_get(j, "disclosures");
	if (!cJSON_IsArray(list)) {
		rc = ink_error(INK_EINPUT, "%s: disclosures must be an array",
		    what);
		goto cleanup;
	}
	if (cJSON_GetArraySize(list) > INK_MAX_DISCLOSURES) {
		rc = ink_error(INK_EINPUT, "%s: more than %d disclosures (the "
		    "limit)", what, INK_MAX_DISCLOSURES);
		goto cleanup;
	}
	for (c = list->child; c; c = c->next, i++)
		if (!cJSON_IsString(c) ||
		    strlen(c->valuestring) > INK_MAX_DISCLOSURE) {
			rc = ink_error(INK_EINPUT, "%s: disclosures[%zu] is not "
			    "a string of at most %u bytes", what, i,
			    INK_MAX_DISCLOSURE);
			goto cleanup;
		}
	*out = j;
	j = NULL;
cleanup:
	cJSON_Delete(j);
	return rc;
}

int
disclose_path_is(const char *path, const char *id)
{
	size_t n = strlen(AUDIT_CONTROL_PATH);

	return strcmp(path, id) == 0 || (strncmp(path, AUDIT_CONTROL_PATH,
	    n) == 0 && strcmp(path + n, id) == 0);
}

int
disclose_select(struct buf *out, const cJSON *bundle, const char *const *ids,
    size_t nids, struct problems *probs)
{
	const cJSON *list = json_get(bundle, "disclosures"), *c;
	cJSON *chosen = NULL, *d = NULL;
	char *found = NULL;
	size_t i = 0;
	int rc = 0;

	if ((found = calloc(nids + 1, 1)) == NULL ||
	    (chosen = cJSON_CreateArray()) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	for (c = list ? list->child : NULL; c; c = c->next, i++) {
		const char *path;
		int want = 0;

		if (disclosure_parse(&d, c->valuestring,
		    strlen(c->valuestring)) != 0) {
			problems_add(probs, INK_EINPUT, "disclosures[%zu]: %s",
			    i, ink_error_last());
			continue;
		}
		path = cJSON_GetArrayItem(d, 1)->valuestring;
		for (size_t k = 0; k < nids; k++)
			if (disclose_path_is(path, ids[k])) {
				found[k] = 1;
				want = 1;
			}
		if (want && !cJSON_AddItemToArray(chosen,
		    cJSON_CreateString(c->valuestring))) {
			rc = ink_error(INK_EINPUT, "out of memory");
			goto cleanup;
		}
		cJSON_Delete(d);
		d = NULL;
	}
	for (size_t k = 0; k < nids; k++)
		if (!found[k])
			problems_add(probs, INK_ENO, "no item '%s' in the bundle "
			    "of record %s", ids[k],
			    json_get_str(bundle, "record_id"));
	if (probs->n > 0) {
		rc = probs->code ? probs->code : INK_ENO;
		goto cleanup;
	}
	rc = sign_bundle_write(out, json_get_str(bundle, "record_id"), chosen);
cleanup:
	cJSON_Delete(d);
	cJSON_Delete(chosen);
	free(found);
	return rc;
}
