/*
 * Salted-digest disclosures: how confidential detail (a control's test
 * result, a criterion's answer) is bound to a public record without being
 * in it.  A disclosure is the canonical JSON array [salt, path, value]
 * with a 16-byte random salt in base64url; its digest is
 * base64url(SHA-256(disclosure bytes)); the record carries the sorted
 * digests, the provider keeps the disclosures, and hands a chosen few to
 * one procurer, who checks each against the signed digests.
 */
#ifndef INK_DISCLOSURE_H
#define INK_DISCLOSURE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/buf.h"

#define DISCLOSURE_DIGEST_LEN 44 /* 43 base64url characters + NUL */
#define DISCLOSURE_SALT_BYTES 16
/* One disclosure's bytes, and the number in one bundle. */
#define INK_MAX_DISCLOSURE (256u * 1024)
#define INK_MAX_DISCLOSURES 10000

#define DISCLOSURE_BUNDLE_FORMAT "inkan-disclosures/v1"

/* Makes a disclosure of value at path with a fresh random salt: its bytes
 * go to text (appended), its digest to digest. */
int disclosure_make(struct buf *text, char digest[DISCLOSURE_DIGEST_LEN],
    const char *path, const cJSON *value);
void disclosure_digest(char digest[DISCLOSURE_DIGEST_LEN], const char *text,
    size_t len);
/* Parses disclosure bytes strictly: an array of a 22-character base64url
 * salt, a non-empty path string and a value.  *out is the array (free it
 * with cJSON_Delete); path and value are its 2nd and 3rd items. */
int disclosure_parse(cJSON **out, const char *text, size_t len);

#endif
