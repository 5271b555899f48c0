/*
 * The audit-report kind's entry points: check (the rules on a signed
 * record) and prepare (the rules on a draft, then the sealing).  A draft
 * carries each control result in cleartext (predicate.controls);
 * prepare() turns every one into a salted-digest disclosure, keeps only
 * the sorted digests and the list of control ids, and never lets the
 * cleartext into the payload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "kinds/audit_int.h"

/* Replaces predicate.controls by one disclosure per control: the
 * cleartext goes to ctx->disclosures, the sorted digests and ids stay. */
static void
seal_controls(struct audit *a, cJSON *pred, struct kind_ctx *ctx)
{
	cJSON *controls = cJSON_DetachItemFromObjectCaseSensitive(pred,
	    "controls");
	char **digests = NULL;
	const char **ids = NULL;
	cJSON *c, *arr;
	size_t n = 0;
	int met = 1;

	if (controls == NULL)
		return;
	digests = calloc((size_t)cJSON_GetArraySize(controls) + 1,
	    sizeof(*digests));
	ids = calloc((size_t)cJSON_GetArraySize(controls) + 1, sizeof(*ids));
	if (ctx->disclosures == NULL)
		ctx->disclosures = cJSON_CreateArray();
	if (digests == NULL || ids == NULL || ctx->disclosures == NULL) {
		problems_add(a->p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_ArrayForEach(c, controls) {
		struct buf text = BUF_INIT(INK_MAX_DISCLOSURE);
		char path[sizeof(AUDIT_CONTROL_PATH) + AUDIT_MAX_ID];
		char digest[DISCLOSURE_DIGEST_LEN];
		const char *id = json_get_str(c, "id");
		cJSON *value = cJSON_Duplicate(c, 1), *s;
		struct cat_hit h;

		if (value == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			goto cleanup;
		}
		/* The path names the control; the value is its result. */
		cJSON_DeleteItemFromObjectCaseSensitive(value, "id");
		snprintf(path, sizeof(path), AUDIT_CONTROL_PATH "%s", id);
		if (disclosure_make(&text, digest, path, value) != 0 ||
		    (s = cJSON_CreateString(buf_str(&text))) == NULL) {
			problems_add(a->p, INK_EINPUT, "%s: %s", path,
			    ink_error_last());
			cJSON_Delete(value);
			buf_wipe(&text);
			goto cleanup;
		}
		cJSON_AddItemToArray(ctx->disclosures, s);
		cJSON_Delete(value);
		buf_wipe(&text);
		if ((digests[n] = strdup(digest)) == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			goto cleanup;
		}
		ids[n++] = id;
		if (audit_catalog_find(&h, a, id) && h.mandatory &&
		    strcmp(json_get_str(c, "result"), "exception") == 0)
			met = 0;
	}
	qsort(digests, n, sizeof(*digests), audit_cmp_str);
	qsort(ids, n, sizeof(*ids), audit_cmp_str);
	arr = cJSON_AddArrayToObject(pred, "disclosure_digests");
	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(digests[i]));
	arr = cJSON_AddArrayToObject(pred, "controls_covered");
	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(ids[i]));
	if (audit_has_mandatory(a))
		cJSON_AddBoolToObject(pred, "mandatory_controls_met", met);
cleanup:
	for (size_t i = 0; digests && i < n; i++)
		free(digests[i]);
	free(digests);
	free(ids);
	cJSON_Delete(controls);
}

void
audit_prepare(cJSON *statement, struct kind_ctx *ctx,
    struct problems *probs)
{
	struct audit a = { probs, 1, NULL, NULL, NULL, NULL, 0, NULL, NULL,
	    NULL };
	cJSON *pred = cJSON_GetObjectItemCaseSensitive(statement, "predicate");
	size_t before = probs->n;

	audit_check_predicate(&a, statement);
	/* Nothing is sealed while any problem remains: the draft is not
	 * signed then, and no disclosure may outlive it. */
	if (probs->n == before && probs->code == 0) {
		/* The same check, now writing the window it computes. */
		audit_check_validity(&a, pred, pred);
		if (a.scheme && audit_cert_shape(a.scheme))
			audit_cert_seal(&a, pred, ctx);
		else
			seal_controls(&a, pred, ctx);
	}
	audit_soa_free(&a);
}

void
audit_check(const cJSON *statement, struct problems *probs)
{
	audit_check_in(statement, NULL, probs);
}

void
audit_check_in(const cJSON *statement, const struct catalog_source *cats,
    struct problems *probs)
{
	struct audit a = { probs, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL,
	    NULL, cats };

	audit_check_predicate(&a, statement);
	audit_soa_free(&a);
}
