/*
 * Exports of signed records for tools people already trust, so that no
 * one has to trust inkan alone (docs/man/inkan-export.1):
 *
 * - a Sigstore bundle v0.3 per DSSE signature, which Sigstore's own
 *   verifiers check with the signer's public key;
 * - a minisign signature and an OpenSSH SSHSIG of the payload bytes:
 *   new signatures by the same key over the payload itself (a DSSE
 *   signature is over the pre-authentication encoding, which neither tool
 *   computes), made only by a key that already signed the envelope;
 * - an OSCAL 1.0.6 assessment-results document of an audit report, with
 *   findings only for the control results a provider disclosed.
 */
#ifndef INK_EXPORT_H
#define INK_EXPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "core/buf.h"
#include "core/dsse.h"
#include "core/ed25519.h"

#define EXPORT_SIGSTORE_MEDIA_TYPE \
	"application/vnd.dev.sigstore.bundle.v0.3+json"
/* The SSHSIG namespace of every signature inkan exports. */
#define EXPORT_SSHSIG_NAMESPACE "inkan"
#define EXPORT_OSCAL_VERSION "1.0.6"
/* An OSCAL document can be as large as the record it comes from and the
 * disclosures given with it. */
#define EXPORT_MAX_OSCAL (64u * 1024 * 1024)
/* A UUID as text: 36 characters and a NUL. */
#define EXPORT_UUID_LEN 37

/* Signature i of env as a Sigstore bundle v0.3: the envelope with that
 * one signature, verificationMaterial.publicKey.hint, no transparency
 * log entries.  Canonical JSON and a newline, appended to out.  With
 * keys, the signature must verify with one of them and the hint is its
 * key id; without, the hint is the signature's keyid (which must be an
 * inkan key id).  hint_out (KEYID_HEX) gets the hint. */
int export_sigstore_bundle(struct buf *out, char *hint_out,
    const struct dsse_envelope *env, size_t i, struct pubkey *const *keys,
    size_t nkeys);

/* Whether s is an inkan key id (64 lowercase hex digits). */
int export_keyid_ok(const char *s);

/* A minisign signature file (prehashed "ED": Ed25519 over BLAKE2b-512 of
 * the payload, and the global signature over that signature and the
 * trusted comment) of env's payload by pkey, which must have signed env.
 * The trusted comment names the record:
 *   record:<record id> TAB predicateType:<type> [TAB role:<role>]
 * (payloadType:<type> for a payload that is not an in-toto Statement). */
int export_minisign(struct buf *out, const struct dsse_envelope *env,
    EVP_PKEY *pkey);

/* An armoured OpenSSH SSHSIG (PROTOCOL.sshsig, SHA-512, namespace
 * EXPORT_SSHSIG_NAMESPACE) of env's payload by pkey, which must have
 * signed env. */
int export_sshsig(struct buf *out, const struct dsse_envelope *env,
    EVP_PKEY *pkey);

/* The OSCAL assessment-results document (pretty JSON, keys sorted) of a
 * verified audit-report Statement.  disclosed is the verified items
 * ([{"file","path","value"}], as verify gives them) or NULL: each control
 * result among them becomes an observation and a finding, and nothing
 * else of the confidential results appears.  lang: "en" or "ja", the
 * language texts are taken in when the record has both. */
int export_oscal(struct buf *out, const cJSON *statement,
    const char *record_id, const cJSON *disclosed, const char *lang);

#endif
