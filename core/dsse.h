/*
 * DSSE v1 envelopes: the pre-authentication encoding, strict parsing,
 * canonical writing, and checking signatures against a set of keys.
 */
#ifndef INK_DSSE_H
#define INK_DSSE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/ed25519.h"

#define DSSE_INTOTO_TYPE "application/vnd.in-toto+json"

struct dsse_sig {
	char *keyid; /* may be NULL: the keyid is optional in DSSE */
	unsigned char *sig;
	size_t sig_len;
};

struct dsse_envelope {
	char *payload_type;
	unsigned char *payload;
	size_t payload_len;
	struct dsse_sig *sigs;
	size_t nsigs;
};

#define DSSE_ENVELOPE_INIT { NULL, NULL, 0, NULL, 0 }

/* PAE(type, payload) appended to out. */
int dsse_pae(struct buf *out, const char *type, const void *payload,
    size_t len);
int dsse_envelope_parse(struct dsse_envelope *out, const char *text,
    size_t len);
/* Reads and parses a file ("-" for stdin) within INK_MAX_ENVELOPE. */
int dsse_envelope_load(struct dsse_envelope *out, const char *path);
/* Canonical JSON of the envelope plus a newline. */
int dsse_envelope_write(struct buf *out, const struct dsse_envelope *env);
int dsse_envelope_set_payload(struct dsse_envelope *env, const char *type,
    const void *payload, size_t len);
/* Signs with pkey and appends the signature; a second signature by the
 * same key replaces the first (signing is deterministic). */
int dsse_envelope_sign(struct dsse_envelope *env, EVP_PKEY *pkey);
/* The same with the public half of pkey (and its key id) worked out once
 * by the caller, for batches: pub must be pubkey_from_evp(pkey). */
int dsse_envelope_sign_pub(struct dsse_envelope *env, EVP_PKEY *pkey,
    const struct pubkey *pub);
void dsse_envelope_release(struct dsse_envelope *env);

/* Which key verified signature i: the index into keys, or -1. */
int dsse_sig_check(const struct dsse_envelope *env, size_t i,
    struct pubkey *const *keys, size_t nkeys);
/* Which signature key verified: the index, or -1.  Signatures whose
 * keyid names the key are tried first. */
int dsse_sig_by_key(const struct dsse_envelope *env, struct pubkey *key);

#endif
