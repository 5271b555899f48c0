/*
 * Salted-digest disclosures and disclosure files (bundles).
 *
 * The input is tried as one disclosure's bytes and as a bundle or
 * disclosure file.
 *
 * Properties:
 *  - a disclosure that parses is an array of three with a 22-character
 *    base64url salt and a non-empty path, and its digest is 43 base64url
 *    characters;
 *  - a bundle that parses names a record id and holds strings only;
 *    selecting from it the items of one path gives a disclosure file that
 *    parses again and holds exactly those items, bytes unchanged;
 *  - a disclosure made by disclosure_make() from a value parses back to
 *    that value.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "core/disclosure.h"
#include "core/json.h"
#include "core/problems.h"
#include "sign/disclose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
one_disclosure(const char *text, size_t size)
{
	char digest[DISCLOSURE_DIGEST_LEN];
	cJSON *d = NULL;

	if (disclosure_parse(&d, text, size) != 0)
		return;
	FUZZ_ASSERT(cJSON_GetArraySize(d) == 3);
	FUZZ_ASSERT(strlen(cJSON_GetArrayItem(d, 0)->valuestring) == 22);
	FUZZ_ASSERT(cJSON_GetArrayItem(d, 1)->valuestring[0] != '\0');
	disclosure_digest(digest, text, size);
	FUZZ_ASSERT(strlen(digest) == DISCLOSURE_DIGEST_LEN - 1);
	FUZZ_ASSERT(strspn(digest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_") == DISCLOSURE_DIGEST_LEN - 1);

	/* A fresh disclosure of the same value reads back the same. */
	{
		struct buf t = BUF_INIT(4 * INK_MAX_DISCLOSURE);
		char dg[DISCLOSURE_DIGEST_LEN];
		cJSON *again = NULL;
		const cJSON *val = cJSON_GetArrayItem(d, 2);
		if (disclosure_make(&t, dg, cJSON_GetArrayItem(d, 1)->valuestring,
		    val) == 0 && t.len <= INK_MAX_DISCLOSURE) {
			FUZZ_ASSERT(disclosure_parse(&again, (const char *)t.data,
			    t.len) == 0);
			FUZZ_ASSERT(cJSON_Compare(cJSON_GetArrayItem(again, 2),
			    val, 1));
			cJSON_Delete(again);
		}
		buf_release(&t);
	}
	cJSON_Delete(d);
}

static void
bundle(const char *text, size_t size)
{
	struct problems p = PROBLEMS_INIT;
	struct buf out = BUF_INIT(64u << 20);
	cJSON *b = NULL, *sel = NULL, *d = NULL;
	const cJSON *c;
	const char *id = NULL;
	size_t want = 0, i = 0;

	if (disclose_file_parse(&b, text, size, "fuzz") != 0)
		return;
	FUZZ_ASSERT(strncmp(json_get_str(b, "record_id"), "sha256:", 7) == 0);
	cJSON_ArrayForEach(c, json_get(b, "disclosures")) {
		FUZZ_ASSERT(cJSON_IsString(c));
		if (id == NULL && disclosure_parse(&d, c->valuestring,
		    strlen(c->valuestring)) == 0)
			id = strdup(cJSON_GetArrayItem(d, 1)->valuestring);
		cJSON_Delete(d);
		d = NULL;
	}
	if (id == NULL)
		goto done;
	/* How many items carry that path (or, for controls/X, that id). */
	cJSON_ArrayForEach(c, json_get(b, "disclosures"))
		if (disclosure_parse(&d, c->valuestring,
		    strlen(c->valuestring)) == 0) {
			if (disclose_path_is(cJSON_GetArrayItem(d, 1)->valuestring,
			    id))
				want++;
			cJSON_Delete(d);
			d = NULL;
		}
	if (disclose_select(&out, b, &id, 1, &p) == 0) {
		FUZZ_ASSERT(disclose_file_parse(&sel, (const char *)out.data,
		    out.len, "selected") == 0);
		FUZZ_ASSERT(strcmp(json_get_str(sel, "record_id"),
		    json_get_str(b, "record_id")) == 0);
		cJSON_ArrayForEach(c, json_get(sel, "disclosures")) {
			const cJSON *o;
			int found = 0;
			i++;
			cJSON_ArrayForEach(o, json_get(b, "disclosures"))
				found |= strcmp(o->valuestring, c->valuestring) == 0;
			FUZZ_ASSERT(found);
		}
		FUZZ_ASSERT(i == want);
	}
done:
	free((char *)id);
	cJSON_Delete(sel);
	cJSON_Delete(b);
	buf_release(&out);
	problems_release(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4 * INK_MAX_DISCLOSURE)
		return 0;
	one_disclosure((const char *)data, size);
	bundle((const char *)data, size);
	ink_error_clear();
	return 0;
}
