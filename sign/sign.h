/*
 * Signing: a draft becomes the canonical in-toto Statement payload of a
 * DSSE envelope; further signers add signatures without touching the
 * payload, each in a role the payload declares.
 */
#ifndef INK_SIGN_H
#define INK_SIGN_H

#include <stdint.h>

#include <openssl/evp.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/dsse.h"
#include "core/problems.h"

/* Turns a draft (JSON, // comments allowed) into payload bytes; the rules
 * of its record kind (kinds/kind.h) are applied and any disclosures the
 * kind made are handed back in *disclosures (NULL when none).  Subject
 * entries may name a "file" (relative to base_dir) whose SHA-256 is
 * filled in.  Every problem in the draft goes to probs; returns INK_ENO
 * when there were any, INK_EINPUT when the draft could not be read. */
int sign_draft_payload(struct buf *payload, cJSON **disclosures, char *text,
    size_t len, const char *what, const char *base_dir, int64_t now,
    struct problems *probs);
/* The same from a draft already read with json_parse() (after
 * json_strip_comments()); takes draft over.  With statement non-NULL the
 * final Statement tree (whose canonical form is the payload) is handed
 * back on success, for sign_envelope_key(); the caller deletes it. */
int sign_draft_tree(struct buf *payload, cJSON **disclosures, cJSON *draft,
    const char *what, const char *base_dir, int64_t now,
    struct problems *probs, cJSON **statement);
/* The private bundle of a record's disclosures (JSON text, to be written
 * 0600 beside the envelope). */
int sign_bundle_write(struct buf *out, const char *record_id,
    const cJSON *disclosures);
/* Signs env with pkey.  role may be NULL (taken from the declared signer
 * whose keyid is the key's); raw payloads take no role. *role_out gets
 * the role signed in (static storage, or NULL for raw). */
int sign_envelope(struct dsse_envelope *env, EVP_PKEY *pkey,
    const char *role, const char **role_out);

/* A private key with its public half and key id worked out once, for
 * batches; read only once made, so threads may share it. */
struct signer {
	EVP_PKEY *pkey;         /* borrowed */
	struct pubkey *pub;
};
int signer_init(struct signer *s, EVP_PKEY *pkey);
void signer_release(struct signer *s);
/* sign_envelope() with a signer.  statement, when not NULL, is the tree
 * sign_draft_tree() gave for env's payload: it is checked as the payload
 * would be (the same rules, the same messages) instead of parsing the
 * payload again. */
int sign_envelope_key(struct dsse_envelope *env, const struct signer *s,
    const char *role, const char **role_out, const cJSON *statement);

#endif
