/*
 * Salted-digest disclosures.
 */
#include <string.h>

#include <openssl/rand.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"

void
disclosure_digest(char digest[DISCLOSURE_DIGEST_LEN], const char *text,
    size_t len)
{
	unsigned char d[SHA256_LEN];
	struct buf b = BUF_INIT(64);

	sha256(d, text, len);
	digest[0] = '\0';
	if (b64url_encode(&b, d, sizeof(d)) == 0 &&
	    b.len == DISCLOSURE_DIGEST_LEN - 1)
		memcpy(digest, b.data, DISCLOSURE_DIGEST_LEN);
	buf_release(&b);
}

int
disclosure_make(struct buf *text, char digest[DISCLOSURE_DIGEST_LEN],
    const char *path, const cJSON *value)
{
	unsigned char salt[DISCLOSURE_SALT_BYTES];
	struct buf s = BUF_INIT(64);
	cJSON *arr = NULL, *v = NULL;
	size_t start = text->len;
	int rc;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return ink_error_ssl(INK_EINPUT, "no randomness for a salt");
	if ((rc = b64url_encode(&s, salt, sizeof(salt))) != 0)
		goto cleanup;
	arr = cJSON_CreateArray();
	v = cJSON_Duplicate(value, 1);
	if (arr == NULL || v == NULL) {
		cJSON_Delete(v);
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_AddItemToArray(arr, cJSON_CreateString(buf_str(&s)));
	cJSON_AddItemToArray(arr, cJSON_CreateString(path));
	cJSON_AddItemToArray(arr, v);
	if ((rc = json_canon(text, arr)) != 0)
		goto cleanup;
	disclosure_digest(digest, (const char *)text->data + start,
	    text->len - start);
cleanup:
	cJSON_Delete(arr);
	buf_release(&s);
	return rc;
}

int
disclosure_parse(cJSON **out, const char *text, size_t len)
{
	const cJSON *salt, *path;
	cJSON *j = NULL;
	int rc;

	*out = NULL;
	if (len > INK_MAX_DISCLOSURE)
		return ink_error(INK_EINPUT, "disclosure larger than %u bytes",
		    INK_MAX_DISCLOSURE);
	if ((rc = json_parse(&j, text, len, "disclosure")) != 0)
		return rc;
	salt = cJSON_GetArrayItem(j, 0);
	path = cJSON_GetArrayItem(j, 1);
	if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) != 3 ||
	    !cJSON_IsString(salt) || strlen(salt->valuestring) != 22 ||
	    strspn(salt->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	    "nopqrstuvwxyz0123456789-_") != 22 ||
	    !cJSON_IsString(path) || path->valuestring[0] == '\0') {
		cJSON_Delete(j);
		return ink_error(INK_EINPUT, "disclosure: not [salt, path, "
		    "value] with a 16-byte base64url salt");
	}
	*out = j;
	return 0;
}
