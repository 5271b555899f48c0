/*
 * Helpers for unit tests that read the known-answer vectors from the
 * folder named by INKAN_VECTORS (default "../shared/vectors", beside the
 * checkout).  The vectors are parsed with plain cJSON and the hex with a
 * decoder of their own, so a bug in core/ cannot hide in the expected
 * values.
 */
#ifndef INK_TEST_VECTORS_H
#define INK_TEST_VECTORS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static inline const char *
vec_dir(void)
{
	const char *d = getenv("INKAN_VECTORS");

	return d && *d ? d : "../shared/vectors";
}

/* The vector file name parsed into a cJSON tree the caller deletes, or
 * NULL after saying why on stderr. */
static inline cJSON *
vec_load(const char *name)
{
	char path[4096];
	char *text = NULL, *p;
	size_t len = 0, cap = 0, n;
	cJSON *j = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", vec_dir(), name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "vectors: cannot open '%s' "
		    "(set INKAN_VECTORS)\n", path);
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((p = realloc(text, cap)) == NULL)
				goto done;
			text = p;
		}
		n = fread(text + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		fprintf(stderr, "vectors: cannot read '%s'\n", path);
		goto done;
	}
	if ((j = cJSON_ParseWithLength(text, len)) == NULL)
		fprintf(stderr, "vectors: '%s' is not JSON\n", path);
done:
	fclose(f);
	free(text);
	return j;
}

/* The bytes of a hex string, malloc'ed (at least one byte so an empty
 * string gives a non-NULL pointer), or NULL when hex is not even-length
 * hex. */
static inline unsigned char *
vec_unhex(const char *hex, size_t *len)
{
	size_t n = hex ? strlen(hex) : 1;
	unsigned char *out;

	if (n % 2 != 0 || (out = malloc(n / 2 + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v |= (unsigned)(c - 'A' + 10);
			else {
				free(out);
				return NULL;
			}
		}
		out[i] = (unsigned char)v;
	}
	*len = n / 2;
	return out;
}

/* A string member of a vector object, or NULL. */
static inline const char *
vec_str(const cJSON *obj, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

#endif
