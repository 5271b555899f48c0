/*
 * Signed records: the in-toto Statement v1 inside a DSSE envelope, its
 * record id, the signers it declares and its validity window.  Everything
 * here reads payload bytes that a signature has already been checked on.
 */
#ifndef INK_RECORD_H
#define INK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/digest.h"
#include "core/problems.h"

#define STATEMENT_TYPE "https://in-toto.io/Statement/v1"
#define RECORD_ID_LEN (7 + 2 * SHA256_LEN + 1) /* "sha256:" + hex + NUL */

/* The signer roles of DESIGN §3. */
extern const char *const record_roles[];

struct statement {
	cJSON *root;
	const char *predicate_type;     /* borrowed from root */
	const cJSON *subjects;          /* array */
	const cJSON *predicate;         /* object */
};

#define STATEMENT_INIT { NULL, NULL, NULL, NULL }

/* "sha256:<hex>" of the payload bytes. */
void record_id(char out[RECORD_ID_LEN], const void *payload, size_t n);
/* Parses and checks the shape of a Statement; every problem found goes
 * to probs (may be NULL) and the first decides the return code. */
int statement_parse(struct statement *out, const void *payload, size_t n,
    struct problems *probs);
/* Checks a Statement tree's shape (used on drafts before signing too). */
void statement_check(const cJSON *root, struct problems *probs);
void statement_release(struct statement *s);

/* The declared signer with this role, or NULL. */
const cJSON *statement_signer_by_role(const struct statement *s,
    const char *role);
/* The declared signer with this key id, or NULL. */
const cJSON *statement_signer_by_keyid(const struct statement *s,
    const char *keyid);
/* The validity window: 0 when the predicate has one, INK_ENOTFOUND when
 * it has none. */
int statement_validity(const struct statement *s, int64_t *not_before,
    int64_t *not_after);
int record_role_known(const char *role);
/* Whether s is a 法人番号: 13 digits whose first checks the other twelve
 * (9 - the sum of the digits weighted 1 and 2 alternately from the
 * right, mod 9). */
int corporate_number_ok(const char *s);

#endif
