/*
 * Unit tests for core/dsse: PAE, signing, writing and strict parsing of
 * DSSE v1 envelopes against the known answers in dsse-ed25519.json, and
 * checking signatures against sets of keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/codec.h"
#include "core/dsse.h"
#include "core/ed25519.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "vectors.h"

static cJSON *vec;            /* dsse-ed25519.json */
static EVP_PKEY *key1, *key2; /* RFC 8032 TEST 1 and TEST 2 */
static struct pubkey *pub1, *pub2;
static size_t nentries;

static EVP_PKEY *
load_seed(const cJSON *v)
{
	size_t n = 0;
	unsigned char *seed = vec_unhex(vec_str(v, "secret_seed"), &n);
	EVP_PKEY *p = NULL;

	if (seed != NULL && n == 32)
		p = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed,
		    32);
	free(seed);
	return p;
}

static int
group_setup(void **state)
{
	const cJSON *r;

	(void)state;
	if ((vec = vec_load("dsse-ed25519.json")) == NULL)
		return -1;
	r = cJSON_GetObjectItemCaseSensitive(vec, "rfc8032");
	key1 = load_seed(cJSON_GetObjectItemCaseSensitive(vec, "dsse_key"));
	key2 = load_seed(cJSON_GetArrayItem(r, 1));
	if (key1 == NULL || key2 == NULL || pubkey_from_evp(&pub1, key1) != 0 ||
	    pubkey_from_evp(&pub2, key2) != 0)
		return -1;
	nentries = (size_t)cJSON_GetArraySize(
	    cJSON_GetObjectItemCaseSensitive(vec, "dsse"));
	return nentries >= 3 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	pubkey_free(pub1);
	pubkey_free(pub2);
	EVP_PKEY_free(key1);
	EVP_PKEY_free(key2);
	cJSON_Delete(vec);
	return 0;
}

/* One entry of the "dsse" array, with its fields pulled out. */
struct entry {
	const char *type, *payload_b64, *pae_hex;
	const char *env_payload, *env_type, *keyid, *sig_b64;
	const cJSON *envelope;
	struct buf payload; /* decoded */
	struct buf sig;     /* decoded */
};

static void
entry_get(struct entry *e, size_t i)
{
	const cJSON *v = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(vec, "dsse"), (int)i);
	const cJSON *s;

	assert_non_null(v);
	e->type = vec_str(v, "payloadType");
	e->payload_b64 = vec_str(v, "payload_b64");
	e->pae_hex = vec_str(v, "pae_hex");
	e->envelope = cJSON_GetObjectItemCaseSensitive(v, "envelope");
	e->env_payload = vec_str(e->envelope, "payload");
	e->env_type = vec_str(e->envelope, "payloadType");
	s = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e->envelope,
	    "signatures"), 0);
	e->keyid = vec_str(s, "keyid");
	e->sig_b64 = vec_str(s, "sig");
	assert_non_null(e->type);
	assert_non_null(e->payload_b64);
	assert_non_null(e->pae_hex);
	assert_non_null(e->env_payload);
	assert_non_null(e->env_type);
	assert_non_null(e->keyid);
	assert_non_null(e->sig_b64);
	buf_init(&e->payload, INK_MAX_PAYLOAD);
	buf_init(&e->sig, 1024);
	assert_int_equal(b64_decode(&e->payload, e->payload_b64,
	    strlen(e->payload_b64)), 0);
	assert_int_equal(b64_decode(&e->sig, e->sig_b64, strlen(e->sig_b64)),
	    0);
	assert_int_equal(e->sig.len, ED25519_SIG_LEN);
}

static void
entry_release(struct entry *e)
{
	buf_release(&e->payload);
	buf_release(&e->sig);
}

/* The envelope of entry e, signed with key1, in env. */
static void
sign_entry(struct dsse_envelope *env, const struct entry *e)
{
	assert_int_equal(dsse_envelope_set_payload(env, e->type,
	    e->payload.data, e->payload.len), 0);
	assert_int_equal(dsse_envelope_sign(env, key1), 0);
}

/* The written form of env, as a string the caller frees. */
static char *
write_env(const struct dsse_envelope *env)
{
	struct buf b = BUF_INIT(INK_MAX_ENVELOPE);

	assert_int_equal(dsse_envelope_write(&b, env), 0);
	return (char *)buf_detach(&b, NULL);
}

/* The vector's envelope as compact JSON with sorted keys and a newline,
 * spelt out by hand (the vector's strings need no escaping). */
static char *
expected_text(const struct entry *e)
{
	struct buf b = BUF_INIT(1 << 20);

	assert_null(strpbrk(e->env_type, "\"\\"));
	assert_int_equal(buf_addf(&b, "{\"payload\":\"%s\","
	    "\"payloadType\":\"%s\","
	    "\"signatures\":[{\"keyid\":\"%s\",\"sig\":\"%s\"}]}\n",
	    e->env_payload, e->env_type, e->keyid, e->sig_b64), 0);
	return (char *)buf_detach(&b, NULL);
}

static void
parse_ok(struct dsse_envelope *env, const char *text, size_t len)
{
	int rc = dsse_envelope_parse(env, text, len);

	if (rc != 0)
		fail_msg("dsse_envelope_parse('%.*s') refused: %s", (int)len,
		    text, ink_error_last());
}

/* Refused as input; when why is given, the reason says so. */
static void
parse_bad_why(const char *text, size_t len, const char *why)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	int rc = dsse_envelope_parse(&env, text, len);

	if (rc != INK_EINPUT) {
		if (rc == 0)
			dsse_envelope_release(&env);
		fail_msg("dsse_envelope_parse('%.*s') returned %d, expected "
		    "INK_EINPUT", len > 300 ? 300 : (int)len, text, rc);
	}
	/* Nothing is left half-filled. */
	assert_null(env.payload_type);
	assert_null(env.payload);
	assert_null(env.sigs);
	assert_int_equal(env.nsigs, 0);
	assert_true(ink_error_last()[0] != '\0');
	if (why && strstr(ink_error_last(), why) == NULL)
		fail_msg("refused for '%s', not '%s'", ink_error_last(), why);
}

static void
parse_bad(const char *text, size_t len)
{
	parse_bad_why(text, len, NULL);
}

static void
parse_bad_buf(struct buf *b, const char *why)
{
	parse_bad_why((const char *)b->data, b->len, why);
	buf_reset(b);
}

static void
test_pae_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentries; i++) {
		struct entry e;
		struct buf pae = BUF_INIT(1 << 20);
		unsigned char *want;
		size_t wantlen = 0;

		entry_get(&e, i);
		want = vec_unhex(e.pae_hex, &wantlen);
		assert_non_null(want);
		assert_int_equal(dsse_pae(&pae, e.type, e.payload.data,
		    e.payload.len), 0);
		assert_int_equal(pae.len, wantlen);
		assert_memory_equal(pae.data, want, wantlen);
		/* The payload travels as it is, at the very end. */
		assert_memory_equal(want + wantlen - e.payload.len,
		    e.payload.data, e.payload.len);
		free(want);
		buf_release(&pae);
		entry_release(&e);
	}
}

static void
expect_pae(const char *type, const char *payload, size_t len,
    const char *want, size_t wantlen)
{
	struct buf pae = BUF_INIT(1024);

	assert_int_equal(dsse_pae(&pae, type, payload, len), 0);
	assert_int_equal(pae.len, wantlen);
	assert_memory_equal(pae.data, want, wantlen);
	buf_release(&pae);
}

static void
test_pae_lengths(void **state)
{
	struct buf a = BUF_INIT(1024), b = BUF_INIT(1024);

	(void)state;
	expect_pae("", "", 0, "DSSEv1 0  0 ", 12);
	/* Lengths count bytes, not characters, and a NUL is payload. */
	expect_pae("\xe7\xbd\xb2", "a\0b", 3,
	    "DSSEv1 3 \xe7\xbd\xb2 3 a\0b", 18);
	/* The lengths keep type and payload apart. */
	assert_int_equal(dsse_pae(&a, "ab", "c", 1), 0);
	assert_int_equal(dsse_pae(&b, "a", "bc", 2), 0);
	assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
	assert_string_equal(buf_str(&a), "DSSEv1 2 ab 1 c");
	assert_string_equal(buf_str(&b), "DSSEv1 1 a 2 bc");
	buf_release(&a);
	buf_release(&b);
}

static void
test_sign_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentries; i++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct entry e;

		entry_get(&e, i);
		sign_entry(&env, &e);
		assert_string_equal(env.payload_type, e.type);
		assert_int_equal(env.payload_len, e.payload.len);
		assert_memory_equal(env.payload, e.payload.data, e.payload.len);
		assert_int_equal(env.nsigs, 1);
		assert_string_equal(env.sigs[0].keyid, e.keyid);
		assert_int_equal(env.sigs[0].sig_len, ED25519_SIG_LEN);
		assert_memory_equal(env.sigs[0].sig, e.sig.data,
		    ED25519_SIG_LEN);
		dsse_envelope_release(&env);
		entry_release(&e);
	}
}

static void
test_write_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentries; i++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct buf canon = BUF_INIT(1 << 20);
		struct entry e;
		char *got, *want;

		entry_get(&e, i);
		sign_entry(&env, &e);
		got = write_env(&env);
		want = expected_text(&e);
		assert_string_equal(got, want);
		/* And the same as the canonical writer's form of the vector. */
		assert_int_equal(json_canon(&canon, e.envelope), 0);
		assert_int_equal(buf_addc(&canon, '\n'), 0);
		assert_string_equal(got, buf_str(&canon));
		free(got);
		free(want);
		buf_release(&canon);
		dsse_envelope_release(&env);
		entry_release(&e);
	}
}

static void
test_parse_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < nentries; i++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct entry e;
		char *text, *again, *pretty;

		entry_get(&e, i);
		text = expected_text(&e);
		parse_ok(&env, text, strlen(text));
		assert_string_equal(env.payload_type, e.type);
		assert_int_equal(env.payload_len, e.payload.len);
		assert_memory_equal(env.payload, e.payload.data, e.payload.len);
		assert_int_equal(env.nsigs, 1);
		assert_string_equal(env.sigs[0].keyid, e.keyid);
		assert_int_equal(env.sigs[0].sig_len, ED25519_SIG_LEN);
		assert_memory_equal(env.sigs[0].sig, e.sig.data,
		    ED25519_SIG_LEN);
		again = write_env(&env);
		assert_string_equal(again, text);
		dsse_envelope_release(&env);
		/* Any layout of the same JSON reads the same. */
		pretty = cJSON_Print(e.envelope);
		assert_non_null(pretty);
		parse_ok(&env, pretty, strlen(pretty));
		free(again);
		again = write_env(&env);
		assert_string_equal(again, text);
		cJSON_free(pretty);
		free(again);
		free(text);
		dsse_envelope_release(&env);
		entry_release(&e);
	}
}

static void
test_sig_check_vectors(void **state)
{
	struct pubkey *k1[] = { pub1 }, *k21[] = { pub2, pub1 };

	(void)state;
	for (size_t i = 0; i < nentries; i++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct entry e;
		char *text;

		entry_get(&e, i);
		text = expected_text(&e);
		parse_ok(&env, text, strlen(text));
		assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
		assert_int_equal(dsse_sig_check(&env, 0, k21, 2), 1);
		free(text);
		dsse_envelope_release(&env);
		entry_release(&e);
	}
}

static void
test_sig_check_rejects(void **state)
{
	struct pubkey *k1[] = { pub1 }, *k2[] = { pub2 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct entry e;
	char *text, *type;

	(void)state;
	entry_get(&e, 0);
	text = expected_text(&e);
	parse_ok(&env, text, strlen(text));
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);

	/* A flipped payload byte, at either end. */
	env.payload[0] ^= 0x01;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.payload[0] ^= 0x01;
	env.payload[env.payload_len - 1] ^= 0x20;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.payload[env.payload_len - 1] ^= 0x20;
	/* One byte fewer. */
	env.payload_len--;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.payload_len++;
	/* A flipped signature byte. */
	env.sigs[0].sig[5] ^= 0x01;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.sigs[0].sig[5] ^= 0x01;
	env.sigs[0].sig[63] ^= 0x80;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.sigs[0].sig[63] ^= 0x80;
	/* A short signature. */
	env.sigs[0].sig_len = 63;
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.sigs[0].sig_len = 64;
	/* Another payloadType: the type is signed too. */
	type = env.payload_type;
	env.payload_type = (char *)"application/vnd.in-toto+jsoN";
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.payload_type = (char *)"application/json";
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), -1);
	env.payload_type = type;
	/* The wrong key, or none. */
	assert_int_equal(dsse_sig_check(&env, 0, k2, 1), -1);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 0), -1);
	/* And all put back, it verifies again. */
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);

	free(text);
	dsse_envelope_release(&env);
	entry_release(&e);
}

/* The keyid only says which key to try first. */
static void
test_sig_check_keyid_is_a_hint(void **state)
{
	struct pubkey *k21[] = { pub2, pub1 }, *k2[] = { pub2 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct entry e;

	(void)state;
	entry_get(&e, 1);
	sign_entry(&env, &e);
	/* Naming the other key. */
	free(env.sigs[0].keyid);
	env.sigs[0].keyid = strdup(pub2->keyid);
	assert_int_equal(dsse_sig_check(&env, 0, k21, 2), 1);
	/* Naming nobody, or nothing. */
	free(env.sigs[0].keyid);
	env.sigs[0].keyid = strdup("not a key id");
	assert_int_equal(dsse_sig_check(&env, 0, k21, 2), 1);
	free(env.sigs[0].keyid);
	env.sigs[0].keyid = NULL;
	assert_int_equal(dsse_sig_check(&env, 0, k21, 2), 1);
	/* Naming the signer's key does not make another key verify it. */
	env.sigs[0].keyid = strdup(pub1->keyid);
	assert_int_equal(dsse_sig_check(&env, 0, k2, 1), -1);
	dsse_envelope_release(&env);
	entry_release(&e);
}

/* A small envelope with the given pieces; sigs is the inside of the
 * signatures array and extra is appended to the object. */
static void
build(struct buf *b, const char *payload, const char *type, const char *sigs,
    const char *extra)
{
	buf_reset(b);
	assert_int_equal(buf_addf(b, "{\"payload\":\"%s\","
	    "\"payloadType\":\"%s\",\"signatures\":[%s]%s}", payload, type,
	    sigs, extra), 0);
}

static void
test_parse_accepts(void **state)
{
	struct pubkey *k1[] = { pub1 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf b = BUF_INIT(1 << 20), sigs = BUF_INIT(1 << 20);
	struct entry e;
	char *url, *p;

	(void)state;
	entry_get(&e, 0);
	/* URL-safe base64, without padding, in payload and sig. */
	url = strdup(e.env_payload);
	assert_non_null(url);
	for (p = url; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	if ((p = strchr(url, '=')) != NULL)
		*p = '\0';
	assert_int_equal(buf_addf(&sigs, "{\"sig\":\"%s\"}", e.sig_b64), 0);
	for (p = (char *)sigs.data; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	p = strstr((char *)sigs.data, "==");
	assert_non_null(p);
	memmove(p, p + 2, strlen(p + 2) + 1);
	/* ... and no keyid, which DSSE makes optional. */
	build(&b, url, e.type, (char *)sigs.data, "");
	parse_ok(&env, (char *)b.data, b.len);
	assert_int_equal(env.payload_len, e.payload.len);
	assert_memory_equal(env.payload, e.payload.data, e.payload.len);
	assert_null(env.sigs[0].keyid);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	dsse_envelope_release(&env);

	/* Members in any order, with whitespace. */
	buf_reset(&b);
	assert_int_equal(buf_addf(&b, " {\n \"signatures\" : [ { \"sig\" : "
	    "\"%s\" , \"keyid\" : \"%s\" } ] ,\n \"payloadType\":\"%s\", "
	    "\"payload\":\"%s\" }\n", e.sig_b64, e.keyid, e.type,
	    e.env_payload), 0);
	parse_ok(&env, (char *)b.data, b.len);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	dsse_envelope_release(&env);

	free(url);
	buf_release(&b);
	buf_release(&sigs);
	entry_release(&e);
}

/* An envelope with a short payload, up to the value of "signatures". */
#define HEAD "{\"payload\":\"e30=\",\"payloadType\":\"%s\",\"signatures\":"

static void
test_parse_rejects(void **state)
{
	struct buf b = BUF_INIT(1 << 20), s = BUF_INIT(1024);
	struct entry e;
	const char *sig;
	char *bad;

	(void)state;
	entry_get(&e, 2); /* payload "e30=", a multibyte payloadType */
	assert_int_equal(buf_addf(&s, "{\"keyid\":\"%s\",\"sig\":\"%s\"}",
	    e.keyid, e.sig_b64), 0);
	sig = buf_str(&s);

	/* The unchanged envelope, for contrast. */
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	build(&b, e.env_payload, e.type, sig, "");
	parse_ok(&env, (char *)b.data, b.len);
	dsse_envelope_release(&env);

	/* Unknown fields, at the top and in a signature. */
	build(&b, e.env_payload, e.type, sig, ",\"extra\":1");
	parse_bad_buf(&b, "unknown field 'extra'");
	build(&b, e.env_payload, e.type, sig, ",\"Payload\":\"e30=\"");
	parse_bad_buf(&b, "unknown field 'Payload'");
	assert_int_equal(0, buf_addf(&b, HEAD "[{\"keyid\":\"%s\",\"sig\":\"%s\",\"cert\":null}]}",
	    e.type, e.keyid, e.sig_b64));
	parse_bad_buf(&b, "unknown field 'cert'");
	/* A member twice. */
	build(&b, e.env_payload, e.type, sig, ",\"payload\":\"e30=\"");
	parse_bad_buf(&b, "duplicate key 'payload'");

	/* Missing members. */
	assert_int_equal(0, buf_addf(&b, "{\"payloadType\":\"%s\",\"signatures\":[%s]}", e.type,
	    sig));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, "{\"payload\":\"e30=\",\"signatures\":[%s]}", sig));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, "{\"payload\":\"e30=\",\"payloadType\":\"%s\"}",
	    e.type));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, "{\"payload\":\"e30=\",\"payloadType\":\"%s\","
	    "\"signatures\":[{\"keyid\":\"%s\"}]}", e.type, e.keyid));
	parse_bad_buf(&b, "signature 1 needs a string 'sig'");

	/* Members of the wrong type. */
	assert_int_equal(0, buf_addf(&b, "{\"payload\":123,\"payloadType\":\"%s\",\"signatures\":"
	    "[%s]}", e.type, sig));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, "{\"payload\":\"e30=\",\"payloadType\":null,"
	    "\"signatures\":[%s]}", sig));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, HEAD "%s}", e.type, sig));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, HEAD "\"%s\"}", e.type, e.sig_b64));
	parse_bad_buf(&b, "needs string 'payload'");
	assert_int_equal(0, buf_addf(&b, HEAD "null}", e.type));
	parse_bad_buf(&b, "needs string 'payload'");
	build(&b, e.env_payload, e.type, "\"a signature\"", "");
	parse_bad_buf(&b, "signature 1 needs");
	build(&b, e.env_payload, e.type, "[]", "");
	parse_bad_buf(&b, "signature 1 needs");
	assert_int_equal(0, buf_addf(&b, HEAD "[{\"keyid\":\"%s\",\"sig\":42}]}", e.type, e.keyid));
	parse_bad_buf(&b, "signature 1 needs");
	assert_int_equal(0, buf_addf(&b, HEAD "[{\"keyid\":7,\"sig\":\"%s\"}]}", e.type,
	    e.sig_b64));
	parse_bad_buf(&b, "signature 1 needs");
	assert_int_equal(0, buf_addf(&b, HEAD "[{\"keyid\":null,\"sig\":\"%s\"}]}", e.type,
	    e.sig_b64));
	parse_bad_buf(&b, "signature 1 needs");

	/* Base64 that is not the one spelling of its bytes, or not base64. */
	build(&b, "e31=", e.type, sig, "");
	parse_bad_buf(&b, "envelope: payload: base64: non-canonical");
	build(&b, "e30=", "t", "{\"sig\":\"+/8\"}", "");
	parse_bad_buf(&b, "envelope: sig: base64");
	build(&b, "e3-/", e.type, sig, "");
	parse_bad_buf(&b, "envelope: payload: base64: mixes");
	build(&b, "e30= ", e.type, sig, "");
	parse_bad_buf(&b, "envelope: payload: base64");
	build(&b, "e3\\n0=", e.type, sig, "");
	parse_bad_buf(&b, "envelope: payload: base64");
	bad = strdup(sig);
	assert_non_null(bad);
	char *eq = strstr(bad, "==\"");
	assert_non_null(eq);
	assert_true(eq[-1] == 'g' || eq[-1] == 'A' || eq[-1] == 'w' ||
	    eq[-1] == 'Q');
	eq[-1] = (char)(eq[-1] + 1); /* the stray bits set */
	build(&b, e.env_payload, e.type, bad, "");
	parse_bad_buf(&b, "envelope: sig: base64: non-canonical");
	free(bad);

	/* Not an envelope at all. */
	parse_bad("[]", 2);
	parse_bad("\"e30=\"", 6);
	parse_bad("", 0);
	build(&b, e.env_payload, e.type, sig, "");
	assert_int_equal(buf_adds(&b, "{}"), 0);
	parse_bad_buf(&b, "trailing data");

	buf_release(&b);
	buf_release(&s);
	entry_release(&e);
}

static void
test_parse_limits(void **state)
{
	struct buf b = BUF_INIT(1 << 20), sigs = BUF_INIT(1 << 20);
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	char type[INK_MAX_PAYLOAD_TYPE + 2], keyid[INK_MAX_KEYID + 2];
	struct entry e;
	char *big;

	(void)state;
	entry_get(&e, 1);

	/* INK_MAX_SIGNATURES signatures are fine; one more is not. */
	for (int i = 0; i < INK_MAX_SIGNATURES; i++)
		assert_int_equal(buf_addf(&sigs, "%s{\"keyid\":\"%s\",\"sig\":"
		    "\"%s\"}", i ? "," : "", e.keyid, e.sig_b64), 0);
	build(&b, e.env_payload, e.type, (char *)sigs.data, "");
	parse_ok(&env, (char *)b.data, b.len);
	assert_int_equal(env.nsigs, INK_MAX_SIGNATURES);
	dsse_envelope_release(&env);
	assert_int_equal(buf_addf(&sigs, ",{\"keyid\":\"%s\",\"sig\":\"%s\"}",
	    e.keyid, e.sig_b64), 0);
	build(&b, e.env_payload, e.type, (char *)sigs.data, "");
	parse_bad_buf(&b, "more than 32 signatures");
	buf_reset(&sigs);

	/* payloadType and keyid up to their limits. */
	memset(type, 't', sizeof(type));
	type[INK_MAX_PAYLOAD_TYPE] = '\0';
	build(&b, "e30=", type, "{\"sig\":\"e30=\"}", "");
	parse_ok(&env, (char *)b.data, b.len);
	dsse_envelope_release(&env);
	type[INK_MAX_PAYLOAD_TYPE] = 't';
	type[INK_MAX_PAYLOAD_TYPE + 1] = '\0';
	build(&b, "e30=", type, "{\"sig\":\"e30=\"}", "");
	parse_bad_buf(&b, "payloadType longer than 256");
	memset(keyid, 'k', sizeof(keyid));
	keyid[INK_MAX_KEYID] = '\0';
	assert_int_equal(buf_addf(&sigs, "{\"keyid\":\"%s\",\"sig\":\"e30=\"}",
	    keyid), 0);
	build(&b, "e30=", "t", (char *)sigs.data, "");
	parse_ok(&env, (char *)b.data, b.len);
	dsse_envelope_release(&env);
	buf_reset(&sigs);
	keyid[INK_MAX_KEYID] = 'k';
	keyid[INK_MAX_KEYID + 1] = '\0';
	assert_int_equal(buf_addf(&sigs, "{\"keyid\":\"%s\",\"sig\":\"e30=\"}",
	    keyid), 0);
	build(&b, "e30=", "t", (char *)sigs.data, "");
	parse_bad_buf(&b, "keyid longer than 256");
	buf_reset(&sigs);

	/* A sig of 1025 bytes is refused. */
	unsigned char raw[1025];
	struct buf sb = BUF_INIT(4096);
	memset(raw, 0x5a, sizeof(raw));
	assert_int_equal(b64_encode(&sb, raw, sizeof(raw)), 0);
	assert_int_equal(buf_addf(&sigs, "{\"sig\":\"%s\"}", buf_str(&sb)), 0);
	build(&b, "e30=", "t", (char *)sigs.data, "");
	parse_bad_buf(&b, "envelope: sig: larger than the limit");
	buf_release(&sb);

	/* The text itself over INK_MAX_ENVELOPE, even if mostly blank. */
	big = malloc(INK_MAX_ENVELOPE + 1);
	assert_non_null(big);
	memset(big, ' ', INK_MAX_ENVELOPE + 1);
	build(&b, "e30=", "t", "{\"sig\":\"e30=\"}", "");
	memcpy(big, b.data, b.len);
	parse_ok(&env, big, INK_MAX_ENVELOPE);
	dsse_envelope_release(&env);
	parse_bad_why(big, INK_MAX_ENVELOPE + 1,
	    "envelope larger than the limit");
	free(big);

	buf_release(&b);
	buf_release(&sigs);
	entry_release(&e);
}

static void
test_two_signatures(void **state)
{
	struct pubkey *k12[] = { pub1, pub2 }, *k1[] = { pub1 };
	struct pubkey *k2[] = { pub2 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct dsse_envelope back = DSSE_ENVELOPE_INIT;
	struct entry e;
	char *text;

	(void)state;
	entry_get(&e, 0);
	sign_entry(&env, &e);
	assert_int_equal(dsse_envelope_sign(&env, key2), 0);
	assert_int_equal(env.nsigs, 2);
	assert_string_equal(env.sigs[0].keyid, pub1->keyid);
	assert_string_equal(env.sigs[1].keyid, pub2->keyid);
	/* The first signature is still the vector's. */
	assert_memory_equal(env.sigs[0].sig, e.sig.data, ED25519_SIG_LEN);

	/* Through the written form and back. */
	text = write_env(&env);
	parse_ok(&back, text, strlen(text));
	assert_int_equal(back.nsigs, 2);
	for (int round = 0; round < 2; round++) {
		const struct dsse_envelope *v = round ? &back : &env;
		/* Each found by its own key. */
		assert_int_equal(dsse_sig_check(v, 0, k12, 2), 0);
		assert_int_equal(dsse_sig_check(v, 1, k12, 2), 1);
		/* With one key, the other's signature is not verified. */
		assert_int_equal(dsse_sig_check(v, 0, k1, 1), 0);
		assert_int_equal(dsse_sig_check(v, 1, k1, 1), -1);
		assert_int_equal(dsse_sig_check(v, 0, k2, 1), -1);
		assert_int_equal(dsse_sig_check(v, 1, k2, 1), 0);
	}
	free(text);
	dsse_envelope_release(&env);
	dsse_envelope_release(&back);
	entry_release(&e);
}

static void
test_sign_twice_same_key(void **state)
{
	struct pubkey *k1[] = { pub1 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct entry e;
	char *once, *twice, *text;

	(void)state;
	entry_get(&e, 0);
	sign_entry(&env, &e);
	once = write_env(&env);
	assert_int_equal(dsse_envelope_sign(&env, key1), 0);
	assert_int_equal(env.nsigs, 1);
	twice = write_env(&env);
	assert_string_equal(once, twice);
	free(once);
	free(twice);

	/* Around another signer too, keeping the order. */
	assert_int_equal(dsse_envelope_sign(&env, key2), 0);
	assert_int_equal(dsse_envelope_sign(&env, key1), 0);
	assert_int_equal(dsse_envelope_sign(&env, key2), 0);
	assert_int_equal(env.nsigs, 2);
	assert_string_equal(env.sigs[0].keyid, pub1->keyid);
	assert_string_equal(env.sigs[1].keyid, pub2->keyid);
	dsse_envelope_release(&env);

	/* Signing a parsed envelope again leaves one signature. */
	text = expected_text(&e);
	parse_ok(&env, text, strlen(text));
	assert_int_equal(dsse_envelope_sign(&env, key1), 0);
	assert_int_equal(env.nsigs, 1);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	free(text);
	dsse_envelope_release(&env);
	entry_release(&e);
}

/*
 * dsse.h: "a second signature by the same key replaces the first".  The
 * first may have come from another DSSE tool without a keyid, or with the
 * 16-character short form; it is still a signature by the same key.
 */
static void
test_sign_same_key_other_keyid(void **state)
{
	const char *hints[] = { NULL, "06e3fd8fda29bb60" };
	struct entry e;
	int added = 0;

	(void)state;
	entry_get(&e, 1);
	for (size_t h = 0; h < 2; h++) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct buf b = BUF_INIT(1 << 20), sigs = BUF_INIT(1024);
		if (hints[h])
			assert_int_equal(0, buf_addf(&sigs, "{\"keyid\":\"%s\",\"sig\":\"%s\"}",
			    hints[h], e.sig_b64));
		else
			assert_int_equal(0, buf_addf(&sigs, "{\"sig\":\"%s\"}", e.sig_b64));
		build(&b, e.env_payload, e.type, (char *)sigs.data, "");
		parse_ok(&env, (char *)b.data, b.len);
		assert_int_equal(dsse_envelope_sign(&env, key1), 0);
		if (env.nsigs != 1) {
			print_message("# keyid %s: signing again with the same "
			    "key gave %zu signatures\n",
			    hints[h] ? hints[h] : "(absent)", env.nsigs);
			added++;
		}
		dsse_envelope_release(&env);
		buf_release(&b);
		buf_release(&sigs);
	}
	entry_release(&e);
	if (added)
		fail_msg("%d of 2 times a second signature by the same key was "
		    "added, not replaced", added);
}

static void
test_set_payload(void **state)
{
	struct pubkey *k1[] = { pub1 };
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	char type[INK_MAX_PAYLOAD_TYPE + 2];
	unsigned char *big;

	(void)state;
	/* An empty payload is a payload. */
	assert_int_equal(dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
	    "", 0), 0);
	assert_int_equal(dsse_envelope_sign(&env, key1), 0);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	char *text = write_env(&env);
	assert_non_null(strstr(text, "{\"payload\":\"\",\"payloadType\":"));
	dsse_envelope_release(&env);
	parse_ok(&env, text, strlen(text));
	assert_int_equal(env.payload_len, 0);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	dsse_envelope_release(&env);
	free(text);

	/* Limits: type length and payload size. */
	memset(type, 't', sizeof(type));
	type[INK_MAX_PAYLOAD_TYPE] = '\0';
	assert_int_equal(dsse_envelope_set_payload(&env, type, "{}", 2), 0);
	dsse_envelope_release(&env);
	type[INK_MAX_PAYLOAD_TYPE] = 't';
	type[INK_MAX_PAYLOAD_TYPE + 1] = '\0';
	assert_int_equal(dsse_envelope_set_payload(&env, type, "{}", 2),
	    INK_EINPUT);
	assert_null(env.payload_type);
	big = calloc(1, INK_MAX_PAYLOAD + 1);
	assert_non_null(big);
	assert_int_equal(dsse_envelope_set_payload(&env, "t", big,
	    INK_MAX_PAYLOAD + 1), INK_EINPUT);
	assert_null(env.payload);
	assert_int_equal(dsse_envelope_set_payload(&env, "t", big,
	    INK_MAX_PAYLOAD), 0);
	assert_int_equal(dsse_envelope_sign(&env, key1), 0);
	assert_int_equal(dsse_sig_check(&env, 0, k1, 1), 0);
	dsse_envelope_release(&env);
	free(big);

	/* Releasing twice, or an empty envelope, is harmless. */
	dsse_envelope_release(&env);
	dsse_envelope_release(NULL);
}

static void
test_envelope_load(void **state)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	char path[] = "/tmp/inkan-test-dsse-XXXXXX";
	struct entry e;
	char *text;
	FILE *f;
	int fd;

	(void)state;
	entry_get(&e, 0);
	text = expected_text(&e);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(dsse_envelope_load(&env, path), 0);
	assert_int_equal(env.nsigs, 1);
	assert_int_equal(env.payload_len, e.payload.len);
	dsse_envelope_release(&env);
	/* A file that is not an envelope, and one that is not there. */
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs("{\"payload\":", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(dsse_envelope_load(&env, path), INK_EINPUT);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(dsse_envelope_load(&env, path), INK_EINPUT);
	assert_null(env.payload);
	free(text);
	entry_release(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pae_vectors),
		cmocka_unit_test(test_pae_lengths),
		cmocka_unit_test(test_sign_vectors),
		cmocka_unit_test(test_write_vectors),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_sig_check_vectors),
		cmocka_unit_test(test_sig_check_rejects),
		cmocka_unit_test(test_sig_check_keyid_is_a_hint),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_two_signatures),
		cmocka_unit_test(test_sign_twice_same_key),
		cmocka_unit_test(test_sign_same_key_other_keyid),
		cmocka_unit_test(test_set_payload),
		cmocka_unit_test(test_envelope_load),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
