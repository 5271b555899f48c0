/*
 * Exports for other tools: Sigstore bundles, minisign and SSHSIG
 * signatures of the payload.  OSCAL assessment results are in
 * export/oscal.c.
 *
 * Formats followed, each checked in tests/t0400-interop.sh by the other
 * side's own tool:
 * - Sigstore bundle v0.3 (sigstore/protobuf-specs, bundle.proto), checked
 *   by @sigstore/verify;
 * - minisign signature files (minisign's README, "Signature format"),
 *   checked by minisign -V;
 * - SSHSIG (OpenSSH PROTOCOL.sshsig), checked by ssh-keygen -Y verify.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "keys/formats.h"
#include "export/export.h"

/* minisign reads a trusted comment of at most 8 KiB; ours is a line
 * naming the record, far shorter, and a predicate type that would not
 * fit (or has a line break) is refused rather than cut. */
#define EXPORT_MAX_COMMENT_FIELD 1024

/* --- Sigstore ------------------------------------------------------ */

int
export_keyid_ok(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int
export_sigstore_bundle(struct buf *out, char *hint_out,
    const struct dsse_envelope *env, size_t i, struct pubkey *const *keys,
    size_t nkeys)
{
	struct buf b64 = BUF_INIT(INK_MAX_ENVELOPE);
	cJSON *root = NULL, *vm, *de, *sigs, *s;
	const char *hint;
	int k, rc;

	if (i >= env->nsigs)
		return ink_error(INK_EINPUT, "the envelope has no signature %zu",
		    i + 1);
	if (nkeys > 0) {
		if ((k = dsse_sig_check(env, i, keys, nkeys)) < 0)
			return ink_error(INK_ENO, "signature %zu (keyid %.16s) is "
			    "not verified by any given key", i + 1,
			    env->sigs[i].keyid ? env->sigs[i].keyid : "none");
		hint = keys[k]->keyid;
	} else {
		hint = env->sigs[i].keyid;
		if (!export_keyid_ok(hint))
			return ink_error(INK_EINPUT, "signature %zu has no inkan "
			    "key id to use as the bundle's key hint: give the "
			    "signer's public key with --key", i + 1);
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "mediaType", EXPORT_SIGSTORE_MEDIA_TYPE);
	vm = cJSON_AddObjectToObject(root, "verificationMaterial");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(vm, "publicKey"),
	    "hint", hint);
	cJSON_AddArrayToObject(vm, "tlogEntries");
	de = cJSON_AddObjectToObject(root, "dsseEnvelope");
	if ((rc = b64_encode(&b64, env->payload, env->payload_len)) != 0)
		goto cleanup;
	cJSON_AddStringToObject(de, "payload", buf_str(&b64));
	cJSON_AddStringToObject(de, "payloadType", env->payload_type);
	sigs = cJSON_AddArrayToObject(de, "signatures");
	buf_reset(&b64);
	if ((rc = b64_encode(&b64, env->sigs[i].sig, env->sigs[i].sig_len)) != 0)
		goto cleanup;
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "keyid", hint);
	cJSON_AddStringToObject(s, "sig", buf_str(&b64));
	cJSON_AddItemToArray(sigs, s);
	if ((rc = json_canon(out, root)) == 0)
		rc = buf_addc(out, '\n');
	if (rc == 0)
		memcpy(hint_out, hint, KEYID_HEX);
cleanup:
	cJSON_Delete(root);
	buf_release(&b64);
	return rc;
}

/* --- signatures of the payload ------------------------------------- */

/* The signature of env that k verifies: 0 and *index, or INK_ENO. */
static int
export_signed_by(size_t *index, const struct dsse_envelope *env,
    const struct pubkey *k)
{
	struct buf pae = BUF_INIT(INK_MAX_PAYLOAD + 1024);
	int rc;

	if ((rc = dsse_pae(&pae, env->payload_type, env->payload,
	    env->payload_len)) != 0)
		return rc;
	rc = INK_ENO;
	for (size_t i = 0; i < env->nsigs; i++)
		if (pubkey_verify(k, pae.data, pae.len, env->sigs[i].sig,
		    env->sigs[i].sig_len) == 0) {
			*index = i;
			rc = 0;
			break;
		}
	buf_release(&pae);
	if (rc != 0)
		return ink_error(INK_ENO, "key %.16s did not sign this envelope: "
		    "only a key that signed it can sign its payload for another "
		    "tool", k->keyid);
	return 0;
}

/* A value that goes on one line of a comment: printable, short. */
static int
comment_field_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > EXPORT_MAX_COMMENT_FIELD)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* The public key of pkey, having checked that it signed env, and the
 * line naming the record.  Only called on an envelope pkey signed, so the
 * payload parsed here is verified. */
static int
signer_and_comment(struct pubkey **pub, struct buf *comment,
    const struct dsse_envelope *env, EVP_PKEY *pkey)
{
	struct statement st = STATEMENT_INIT;
	char rid[RECORD_ID_LEN];
	const char *role;
	size_t i;
	int rc;

	*pub = NULL;
	if ((rc = pubkey_from_evp(pub, pkey)) != 0 ||
	    (rc = export_signed_by(&i, env, *pub)) != 0)
		goto fail;
	record_id(rid, env->payload, env->payload_len);
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		if (!comment_field_ok(env->payload_type)) {
			rc = ink_error(INK_EINPUT, "the payload type cannot go on "
			    "one line of a trusted comment");
			goto fail;
		}
		rc = buf_addf(comment, "record:%s\tpayloadType:%s", rid,
		    env->payload_type);
		if (rc != 0)
			goto fail;
		return 0;
	}
	if ((rc = statement_parse(&st, env->payload, env->payload_len,
	    NULL)) != 0)
		goto fail;
	if (!comment_field_ok(st.predicate_type)) {
		rc = ink_error(INK_EINPUT, "the predicate type cannot go on one "
		    "line of a trusted comment");
		goto fail;
	}
	rc = buf_addf(comment, "record:%s\tpredicateType:%s", rid,
	    st.predicate_type);
	role = json_get_str(statement_signer_by_keyid(&st, (*pub)->keyid),
	    "role");
	if (rc == 0 && role && comment_field_ok(role))
		rc = buf_addf(comment, "\trole:%s", role);
	statement_release(&st);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	statement_release(&st);
	pubkey_free(*pub);
	*pub = NULL;
	return rc;
}

int
export_minisign(struct buf *out, const struct dsse_envelope *env,
    EVP_PKEY *pkey)
{
	struct buf comment = BUF_INIT(4 * EXPORT_MAX_COMMENT_FIELD);
	struct buf global = BUF_INIT(8 * EXPORT_MAX_COMMENT_FIELD);
	unsigned char sig[2 + MINISIGN_KEYNUM_LEN + ED25519_SIG_LEN];
	unsigned char md[EVP_MAX_MD_SIZE], gsig[ED25519_SIG_LEN];
	unsigned char *edsig = sig + 2 + MINISIGN_KEYNUM_LEN;
	char id[MINISIGN_KEYID_HEX];
	struct pubkey *pub = NULL;
	unsigned int mdlen = 0;
	int rc;

	if ((rc = signer_and_comment(&pub, &comment, env, pkey)) != 0)
		goto cleanup;
	/* "ED": the prehashed form minisign makes by default since 0.8. */
	if (EVP_Digest(env->payload, env->payload_len, md, &mdlen,
	    EVP_blake2b512(), NULL) != 1 || mdlen != 64) {
		rc = ink_error_ssl(INK_EINPUT, "BLAKE2b-512 failed");
		goto cleanup;
	}
	sig[0] = 'E';
	sig[1] = 'D';
	key_minisign_keynum(sig + 2, pub);
	if ((rc = ed25519_sign(edsig, pkey, md, mdlen)) != 0)
		goto cleanup;
	/* The global signature binds the trusted comment to the signature. */
	if ((rc = buf_add(&global, edsig, ED25519_SIG_LEN)) != 0 ||
	    (rc = buf_add(&global, comment.data, comment.len)) != 0 ||
	    (rc = ed25519_sign(gsig, pkey, global.data, global.len)) != 0)
		goto cleanup;
	key_minisign_keyid(id, pub);
	if ((rc = buf_addf(out, "untrusted comment: signature from inkan key "
	    "%s\n", id)) != 0 ||
	    (rc = b64_encode(out, sig, sizeof(sig))) != 0 ||
	    (rc = buf_addf(out, "\ntrusted comment: %s\n",
	    buf_str(&comment))) != 0 ||
	    (rc = b64_encode(out, gsig, sizeof(gsig))) != 0 ||
	    (rc = buf_addc(out, '\n')) != 0)
		goto cleanup;
cleanup:
	pubkey_free(pub);
	buf_release(&comment);
	buf_release(&global);
	return rc;
}

int
export_sshsig(struct buf *out, const struct dsse_envelope *env,
    EVP_PKEY *pkey)
{
	struct pubkey *pub = NULL;
	size_t i;
	int rc;

	if ((rc = pubkey_from_evp(&pub, pkey)) == 0 &&
	    (rc = export_signed_by(&i, env, pub)) == 0)
		rc = key_sshsig_sign(out, pkey, env->payload, env->payload_len,
		    EXPORT_SSHSIG_NAMESPACE);
	pubkey_free(pub);
	return rc;
}
