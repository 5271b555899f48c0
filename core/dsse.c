/*
 * DSSE v1 (https://github.com/secure-systems-lab/dsse): envelopes and the
 * pre-authentication encoding
 *   PAE = "DSSEv1" SP len(type) SP type SP len(payload) SP payload
 * with lengths as ASCII decimal byte counts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"

int
dsse_pae(struct buf *out, const char *type, const void *payload, size_t len)
{
	int rc;

	if ((rc = buf_addf(out, "DSSEv1 %zu %s %zu ", strlen(type), type,
	    len)) != 0)
		return rc;
	return buf_add(out, payload, len);
}

void
dsse_envelope_release(struct dsse_envelope *env)
{
	if (env == NULL)
		return;
	free(env->payload_type);
	free(env->payload);
	for (size_t i = 0; i < env->nsigs; i++) {
		free(env->sigs[i].keyid);
		free(env->sigs[i].sig);
	}
	free(env->sigs);
	memset(env, 0, sizeof(*env));
}

static int
only_members(const cJSON *obj, const char *const *allowed, const char *ctx)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		size_t i;
		for (i = 0; allowed[i]; i++)
			if (strcmp(c->string, allowed[i]) == 0)
				break;
		if (!allowed[i])
			return ink_error(INK_EINPUT, "%s: unknown field '%s'",
			    ctx, c->string);
	}
	return 0;
}

static int
decode_field(unsigned char **out, size_t *outlen, const char *b64,
    size_t max, const char *what)
{
	struct buf b = BUF_INIT(max);
	int rc;

	if ((rc = b64_decode(&b, b64, strlen(b64))) != 0) {
		buf_release(&b);
		return ink_error_wrap(rc, "envelope: %s", what);
	}
	*out = buf_detach(&b, outlen);
	return 0;
}

int
dsse_envelope_parse(struct dsse_envelope *out, const char *text, size_t len)
{
	static const char *const top[] = { "payload", "payloadType",
		"signatures", NULL };
	static const char *const sigf[] = { "keyid", "sig", NULL };
	cJSON *j = NULL;
	const cJSON *sigs, *s;
	const char *payload, *type;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > INK_MAX_ENVELOPE)
		return ink_error(INK_EINPUT, "envelope larger than the limit "
		    "of %u bytes", INK_MAX_ENVELOPE);
	if ((rc = json_parse(&j, text, len, "envelope")) != 0)
		return rc;
	if (!cJSON_IsObject(j)) {
		rc = ink_error(INK_EINPUT, "envelope: not a JSON object");
		goto cleanup;
	}
	if ((rc = only_members(j, top, "envelope")) != 0)
		goto cleanup;
	payload = json_get_str(j, "payload");
	type = json_get_str(j, "payloadType");
	sigs = json_get(j, "signatures");
	if (!payload || !type || !cJSON_IsArray(sigs)) {
		rc = ink_error(INK_EINPUT, "envelope: needs string 'payload', "
		    "string 'payloadType' and array 'signatures'");
		goto cleanup;
	}
	if (strlen(type) > INK_MAX_PAYLOAD_TYPE) {
		rc = ink_error(INK_EINPUT, "envelope: payloadType longer than "
		    "%d bytes", INK_MAX_PAYLOAD_TYPE);
		goto cleanup;
	}
	for (s = sigs->child; s; s = s->next)
		n++;
	if (n > INK_MAX_SIGNATURES) {
		rc = ink_error(INK_EINPUT, "envelope: more than %d signatures",
		    INK_MAX_SIGNATURES);
		goto cleanup;
	}
	if ((out->payload_type = strdup(type)) == NULL ||
	    (n && (out->sigs = calloc(n, sizeof(*out->sigs))) == NULL)) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((rc = decode_field(&out->payload, &out->payload_len, payload,
	    INK_MAX_PAYLOAD, "payload")) != 0)
		goto cleanup;
	for (s = sigs->child; s; s = s->next) {
		struct dsse_sig *d = &out->sigs[out->nsigs];
		const char *keyid = json_get_str(s, "keyid");
		const char *sig = json_get_str(s, "sig");
		if (!cJSON_IsObject(s) || !sig ||
		    (json_get(s, "keyid") && !keyid)) {
			rc = ink_error(INK_EINPUT, "envelope: signature %zu needs "
			    "a string 'sig' (and 'keyid' must be a string)",
			    out->nsigs + 1);
			goto cleanup;
		}
		if ((rc = only_members(s, sigf, "envelope: signature")) != 0)
			goto cleanup;
		if (keyid && strlen(keyid) > INK_MAX_KEYID) {
			rc = ink_error(INK_EINPUT, "envelope: keyid longer than "
			    "%d bytes", INK_MAX_KEYID);
			goto cleanup;
		}
		out->nsigs++;
		if (keyid && (d->keyid = strdup(keyid)) == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			goto cleanup;
		}
		if ((rc = decode_field(&d->sig, &d->sig_len, sig, 1024,
		    "sig")) != 0)
			goto cleanup;
	}
cleanup:
	cJSON_Delete(j);
	if (rc != 0)
		dsse_envelope_release(out);
	return rc;
}

int
dsse_envelope_load(struct dsse_envelope *out, const char *path)
{
	struct buf b;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = file_read(&b, path, INK_MAX_ENVELOPE)) != 0)
		return rc;
	rc = dsse_envelope_parse(out, (const char *)b.data, b.len);
	buf_release(&b);
	return rc;
}

int
dsse_envelope_write(struct buf *out, const struct dsse_envelope *env)
{
	int rc;

	/* Keys in byte order, as the canonical JSON writer would put them. */
	if ((rc = buf_adds(out, "{\"payload\":\"")) != 0 ||
	    (rc = b64_encode(out, env->payload, env->payload_len)) != 0 ||
	    (rc = buf_adds(out, "\",\"payloadType\":")) != 0 ||
	    (rc = json_quote(out, env->payload_type)) != 0 ||
	    (rc = buf_adds(out, ",\"signatures\":[")) != 0)
		return rc;
	for (size_t i = 0; i < env->nsigs; i++) {
		const struct dsse_sig *s = &env->sigs[i];
		if ((rc = buf_adds(out, i ? ",{" : "{")) != 0)
			return rc;
		if (s->keyid && ((rc = buf_adds(out, "\"keyid\":")) != 0 ||
		    (rc = json_quote(out, s->keyid)) != 0 ||
		    (rc = buf_addc(out, ',')) != 0))
			return rc;
		if ((rc = buf_adds(out, "\"sig\":\"")) != 0 ||
		    (rc = b64_encode(out, s->sig, s->sig_len)) != 0 ||
		    (rc = buf_adds(out, "\"}")) != 0)
			return rc;
	}
	return buf_adds(out, "]}\n");
}

int
dsse_envelope_set_payload(struct dsse_envelope *env, const char *type,
    const void *payload, size_t len)
{
	memset(env, 0, sizeof(*env));
	if (len > INK_MAX_PAYLOAD)
		return ink_error(INK_EINPUT, "payload larger than the limit of "
		    "%u bytes", INK_MAX_PAYLOAD);
	if (strlen(type) > INK_MAX_PAYLOAD_TYPE)
		return ink_error(INK_EINPUT, "payload type longer than %d bytes",
		    INK_MAX_PAYLOAD_TYPE);
	env->payload_type = strdup(type);
	env->payload = malloc(len ? len : 1);
	if (env->payload_type == NULL || env->payload == NULL) {
		dsse_envelope_release(env);
		return ink_error(INK_EINPUT, "out of memory");
	}
	memcpy(env->payload, payload, len);
	env->payload_len = len;
	return 0;
}

int
dsse_envelope_sign(struct dsse_envelope *env, EVP_PKEY *pkey)
{
	struct pubkey *pub = NULL;
	int rc;

	if ((rc = pubkey_from_evp(&pub, pkey)) != 0)
		return rc;
	rc = dsse_envelope_sign_pub(env, pkey, pub);
	pubkey_free(pub);
	return rc;
}

int
dsse_envelope_sign_pub(struct dsse_envelope *env, EVP_PKEY *pkey,
    const struct pubkey *pub)
{
	struct buf pae = BUF_INIT(INK_MAX_PAYLOAD + 1024);
	unsigned char sig[ED25519_SIG_LEN];
	const char *keyid = pub->keyid;
	struct dsse_sig *d = NULL;
	size_t i;
	int rc;

	if ((rc = dsse_pae(&pae, env->payload_type, env->payload,
	    env->payload_len)) != 0)
		goto cleanup;
	if ((rc = ed25519_sign(sig, pkey, pae.data, pae.len)) != 0)
		goto cleanup;
	/* The key's earlier signature is found by its keyid or, whatever
	 * keyid it was given, by verifying with the key. */
	for (i = 0; i < env->nsigs; i++)
		if ((env->sigs[i].keyid && strcmp(env->sigs[i].keyid, keyid) == 0) ||
		    pubkey_verify(pub, pae.data, pae.len, env->sigs[i].sig,
		    env->sigs[i].sig_len) == 0)
			break;
	if (i == env->nsigs) {
		struct dsse_sig *v;
		if (env->nsigs >= INK_MAX_SIGNATURES) {
			rc = ink_error(INK_EINPUT, "envelope already has %d "
			    "signatures", INK_MAX_SIGNATURES);
			goto cleanup;
		}
		v = realloc(env->sigs, (env->nsigs + 1) * sizeof(*v));
		if (v == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			goto cleanup;
		}
		env->sigs = v;
		memset(&v[i], 0, sizeof(v[i]));
		env->nsigs++;
	}
	d = &env->sigs[i];
	free(d->sig);
	free(d->keyid);
	d->keyid = strdup(keyid);
	d->sig = malloc(ED25519_SIG_LEN);
	if (d->keyid == NULL || d->sig == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	memcpy(d->sig, sig, ED25519_SIG_LEN);
	d->sig_len = ED25519_SIG_LEN;
cleanup:
	buf_release(&pae);
	return rc;
}

int
dsse_sig_check(const struct dsse_envelope *env, size_t i,
    struct pubkey *const *keys, size_t nkeys)
{
	struct buf pae = BUF_INIT(INK_MAX_PAYLOAD + 1024);
	const struct dsse_sig *s = &env->sigs[i];
	int found = -1;

	if (dsse_pae(&pae, env->payload_type, env->payload,
	    env->payload_len) != 0)
		return -1;
	/* The keyid is a hint: try the key it names first, then the rest. */
	for (int pass = 0; pass < 2 && found < 0; pass++)
		for (size_t k = 0; k < nkeys; k++) {
			int named = s->keyid &&
			    strcmp(s->keyid, keys[k]->keyid) == 0;
			if (named != (pass == 0))
				continue;
			if (pubkey_verify(keys[k], pae.data, pae.len, s->sig,
			    s->sig_len) == 0) {
				found = (int)k;
				break;
			}
		}
	buf_release(&pae);
	return found;
}

int
dsse_sig_by_key(const struct dsse_envelope *env, struct pubkey *key)
{
	/* The signatures whose keyid names the key first: with several
	 * signers, trying every signature in order verifies the wrong ones. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < env->nsigs; i++) {
			const char *kid = env->sigs[i].keyid;
			int named = kid && strcmp(kid, key->keyid) == 0;
			if (named != (pass == 0))
				continue;
			if (dsse_sig_check(env, i, &key, 1) == 0)
				return (int)i;
		}
	return -1;
}
