/*
 * Unit tests for core/ed25519: RFC 8032 known answers, every Wycheproof
 * verification case, key ids, and loading public keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/digest.h"
#include "core/ed25519.h"
#include "core/error.h"
#include "vectors.h"

#define WYCHEPROOF_CASES 151

static cJSON *dsse_vec;  /* dsse-ed25519.json */
static cJSON *wp_vec;    /* wycheproof-ed25519_test.json */

struct kat {
	unsigned char seed[32], pub[32], sig[64];
	unsigned char *msg;
	size_t msglen;
};

static int
group_setup(void **state)
{
	(void)state;
	dsse_vec = vec_load("dsse-ed25519.json");
	wp_vec = vec_load("wycheproof-ed25519_test.json");
	return dsse_vec && wp_vec ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	cJSON_Delete(dsse_vec);
	cJSON_Delete(wp_vec);
	return 0;
}

static void
unhex_exact(unsigned char *out, size_t n, const char *hex)
{
	size_t len = 0;
	unsigned char *p = vec_unhex(hex, &len);

	assert_non_null(p);
	assert_int_equal(len, n);
	memcpy(out, p, n);
	free(p);
}

/* RFC 8032 vector i (0 = TEST 1, 1 = TEST 2). */
static void
kat_get(struct kat *k, int i)
{
	const cJSON *v = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(dsse_vec, "rfc8032"), i);

	assert_non_null(v);
	unhex_exact(k->seed, 32, vec_str(v, "secret_seed"));
	unhex_exact(k->pub, 32, vec_str(v, "public"));
	unhex_exact(k->sig, 64, vec_str(v, "signature"));
	k->msg = vec_unhex(vec_str(v, "message"), &k->msglen);
	assert_non_null(k->msg);
}

static EVP_PKEY *
kat_private(const struct kat *k)
{
	EVP_PKEY *p = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
	    k->seed, 32);

	assert_non_null(p);
	return p;
}

static void
test_rfc8032_sign(void **state)
{
	struct kat k[2];
	unsigned char sig[ED25519_SIG_LEN];

	(void)state;
	for (int i = 0; i < 2; i++) {
		EVP_PKEY *p;
		kat_get(&k[i], i);
		p = kat_private(&k[i]);
		memset(sig, 0, sizeof(sig));
		assert_int_equal(ed25519_sign(sig, p, k[i].msg, k[i].msglen),
		    0);
		assert_memory_equal(sig, k[i].sig, 64);
		/* Deterministic: the same again. */
		assert_int_equal(ed25519_sign(sig, p, k[i].msg, k[i].msglen),
		    0);
		assert_memory_equal(sig, k[i].sig, 64);
		EVP_PKEY_free(p);
	}
	/* The other key, or another message, gives another signature. */
	EVP_PKEY *p2 = kat_private(&k[1]);
	assert_int_equal(ed25519_sign(sig, p2, k[0].msg, k[0].msglen), 0);
	assert_memory_not_equal(sig, k[0].sig, 64);
	EVP_PKEY_free(p2);
	EVP_PKEY *p1 = kat_private(&k[0]);
	assert_int_equal(ed25519_sign(sig, p1, "x", 1), 0);
	assert_memory_not_equal(sig, k[0].sig, 64);
	EVP_PKEY_free(p1);
	for (int i = 0; i < 2; i++)
		free(k[i].msg);
}

static void
test_sign_needs_private_key(void **state)
{
	struct kat k;
	unsigned char sig[ED25519_SIG_LEN];
	EVP_PKEY *pub;

	(void)state;
	kat_get(&k, 0);
	pub = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k.pub, 32);
	assert_non_null(pub);
	assert_int_equal(ed25519_sign(sig, pub, k.msg, k.msglen), INK_EINPUT);
	assert_true(ink_error_last()[0] != '\0');
	assert_int_equal(ERR_peek_error(), 0); /* drained into the message */
	EVP_PKEY_free(pub);
	free(k.msg);
}

static void
test_rfc8032_verify(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		struct kat k;
		struct pubkey *pk = NULL;
		kat_get(&k, i);
		assert_int_equal(pubkey_from_raw(&pk, k.pub), 0);
		assert_memory_equal(pk->raw, k.pub, 32);
		assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, k.sig, 64),
		    0);
		pubkey_free(pk);
		free(k.msg);
	}
}

static void
test_verify_rejects_forgeries(void **state)
{
	struct kat k1, k2;
	struct pubkey *pk1 = NULL, *pk2 = NULL;
	unsigned char sig[65];
	const size_t pos[] = { 0, 1, 31, 32, 33, 62, 63 }, lens[] = { 0, 63, 65 };

	(void)state;
	kat_get(&k1, 0);
	kat_get(&k2, 1);
	assert_int_equal(pubkey_from_raw(&pk1, k1.pub), 0);
	assert_int_equal(pubkey_from_raw(&pk2, k2.pub), 0);

	/* Any flipped bit of the signature. */
	for (size_t i = 0; i < sizeof(pos) / sizeof(pos[0]); i++) {
		memcpy(sig, k2.sig, 64);
		sig[pos[i]] ^= 0x01;
		assert_int_equal(pubkey_verify(pk2, k2.msg, k2.msglen, sig, 64),
		    INK_ENO);
		memcpy(sig, k2.sig, 64);
		sig[pos[i]] ^= 0x80;
		assert_int_equal(pubkey_verify(pk2, k2.msg, k2.msglen, sig, 64),
		    INK_ENO);
	}
	/* Another message: a flipped bit, one byte more, one byte less. */
	unsigned char m[2] = { (unsigned char)(k2.msg[0] ^ 1), 0 };
	assert_int_equal(pubkey_verify(pk2, m, 1, k2.sig, 64), INK_ENO);
	m[0] = k2.msg[0];
	assert_int_equal(pubkey_verify(pk2, m, 2, k2.sig, 64), INK_ENO);
	assert_int_equal(pubkey_verify(pk2, m, 0, k2.sig, 64), INK_ENO);
	/* The wrong key. */
	assert_int_equal(pubkey_verify(pk1, k2.msg, k2.msglen, k2.sig, 64),
	    INK_ENO);
	assert_int_equal(pubkey_verify(pk2, k1.msg, k1.msglen, k1.sig, 64),
	    INK_ENO);
	/* Wrong lengths, even with the right bytes in front. */
	memcpy(sig, k2.sig, 64);
	sig[64] = 0;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(pubkey_verify(pk2, k2.msg, k2.msglen, sig,
		    lens[i]), INK_ENO);
	/* Nothing left behind in the OpenSSL error queue. */
	assert_int_equal(ERR_peek_error(), 0);

	pubkey_free(pk1);
	pubkey_free(pk2);
	free(k1.msg);
	free(k2.msg);
}

/*
 * Every case of the Wycheproof file: the verifier must accept exactly the
 * "valid" ones.  A public key that does not load makes its cases invalid.
 */
static void
test_wycheproof(void **state)
{
	const cJSON *g, *t;
	int checked = 0, valid = 0, invalid = 0, mismatches = 0, badkeys = 0;

	(void)state;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(wp_vec,
	    "testGroups")) {
		const cJSON *pkobj = cJSON_GetObjectItemCaseSensitive(g,
		    "publicKey");
		struct pubkey *pk = NULL;
		unsigned char *raw;
		size_t rawlen = 0;

		raw = vec_unhex(vec_str(pkobj, "pk"), &rawlen);
		if (raw == NULL || rawlen != ED25519_PUB_LEN ||
		    pubkey_from_raw(&pk, raw) != 0) {
			pk = NULL;
			badkeys++;
		}
		free(raw);
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(g,
		    "tests")) {
			const char *result = vec_str(t, "result");
			unsigned char *msg, *sig;
			size_t msglen = 0, siglen = 0;
			int want, got;

			assert_non_null(result);
			want = strcmp(result, "valid") == 0;
			if (!want && strcmp(result, "invalid") != 0)
				fail_msg("tcId %d: unexpected result '%s'",
				    cJSON_GetObjectItem(t, "tcId")->valueint,
				    result);
			msg = vec_unhex(vec_str(t, "msg"), &msglen);
			sig = vec_unhex(vec_str(t, "sig"), &siglen);
			assert_non_null(msg);
			assert_non_null(sig);
			got = pk != NULL &&
			    pubkey_verify(pk, msg, msglen, sig, siglen) == 0;
			if (got != want) {
				const char *c = vec_str(t, "comment");
				mismatches++;
				print_message("# wycheproof tcId %d (%s): "
				    "expected %s, got %s\n",
				    cJSON_GetObjectItem(t, "tcId")->valueint,
				    c ? c : "", result,
				    got ? "valid" : "invalid");
			}
			checked++;
			if (want)
				valid++;
			else
				invalid++;
			free(msg);
			free(sig);
		}
		pubkey_free(pk);
	}
	print_message("# wycheproof: %d cases checked (%d valid, %d invalid, "
	    "%d keys not loaded), %d mismatches\n", checked, valid, invalid,
	    badkeys, mismatches);
	assert_int_equal(checked, WYCHEPROOF_CASES);
	assert_int_equal(checked, cJSON_GetObjectItemCaseSensitive(wp_vec,
	    "numberOfTests")->valueint);
	assert_int_equal(mismatches, 0);
}

static void
test_keyid(void **state)
{
	const cJSON *dk = cJSON_GetObjectItemCaseSensitive(dsse_vec,
	    "dsse_key");
	const char *want = vec_str(dk, "keyid_sha256_spki");
	char id[KEYID_HEX], hex[SHA256_HEX];
	unsigned char *spki, *der = NULL;
	size_t spkilen = 0;
	struct pubkey *pk = NULL;
	struct kat k1, k2;
	EVP_PKEY *p;
	int n;

	(void)state;
	assert_non_null(want);
	kat_get(&k1, 0);
	kat_get(&k2, 1);

	/* From the private key. */
	p = kat_private(&k1);
	assert_int_equal(ed25519_keyid(id, p), 0);
	assert_string_equal(id, want);
	/* It is the SHA-256 of exactly the SPKI DER in the vector. */
	spki = vec_unhex(vec_str(dk, "spki_der_hex"), &spkilen);
	assert_non_null(spki);
	assert_int_equal((n = i2d_PUBKEY(p, &der)), (int)spkilen);
	assert_memory_equal(der, spki, spkilen);
	sha256_hex(hex, spki, spkilen);
	assert_string_equal(hex, want);
	OPENSSL_free(der);
	free(spki);
	EVP_PKEY_free(p);

	/* From the public key, and as kept by struct pubkey. */
	assert_int_equal(pubkey_from_raw(&pk, k1.pub), 0);
	assert_string_equal(pk->keyid, want);
	assert_int_equal(ed25519_keyid(id, pk->pkey), 0);
	assert_string_equal(id, want);
	pubkey_free(pk);

	/* Another key has another id, of the same shape. */
	p = kat_private(&k2);
	assert_int_equal(ed25519_keyid(id, p), 0);
	assert_string_not_equal(id, want);
	assert_int_equal(strlen(id), 64);
	assert_int_equal(strspn(id, "0123456789abcdef"), 64);
	EVP_PKEY_free(p);
	free(k1.msg);
	free(k2.msg);
}

/* The memo of verified signatures answers only the same question: the
 * same key, signature and message; a changed message or another key is
 * verified (and fails) as without it, and failures are not remembered. */
static void
test_pubkey_memo(void **state)
{
	struct pubkey *pk = NULL, *other = NULL;
	unsigned char raw2[32];
	struct kat k, k2;

	(void)state;
	kat_get(&k, 0);
	kat_get(&k2, 1);
	memcpy(raw2, k2.pub, 32);
	assert_int_equal(pubkey_from_raw(&pk, k.pub), 0);
	assert_int_equal(pubkey_from_raw(&other, raw2), 0);
	pubkey_memo_begin();
	for (int round = 0; round < 2; round++) {
		assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, k.sig, 64),
		    0);
		assert_int_equal(pubkey_verify(other, k.msg, k.msglen, k.sig,
		    64), INK_ENO);
		unsigned char bad[64];
		memcpy(bad, k.sig, 64);
		bad[5] ^= 1;
		assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, bad, 64),
		    INK_ENO);
		if (k.msglen > 0) {
			unsigned char *m = malloc(k.msglen);
			assert_non_null(m);
			memcpy(m, k.msg, k.msglen);
			m[0] ^= 1;
			assert_int_equal(pubkey_verify(pk, m, k.msglen, k.sig,
			    64), INK_ENO);
			free(m);
		}
		/* A message one byte longer than the signed one. */
		unsigned char *m2 = malloc(k.msglen + 1);
		assert_non_null(m2);
		if (k.msglen)
			memcpy(m2, k.msg, k.msglen);
		m2[k.msglen] = 0;
		assert_int_equal(pubkey_verify(pk, m2, k.msglen + 1, k.sig, 64),
		    INK_ENO);
		free(m2);
	}
	pubkey_memo_end();
	assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, k.sig, 64), 0);
	pubkey_free(pk);
	pubkey_free(other);
	free(k.msg);
	free(k2.msg);
}

static void
test_pubkey_from_pem(void **state)
{
	const cJSON *dk = cJSON_GetObjectItemCaseSensitive(dsse_vec,
	    "dsse_key");
	const char *pem = vec_str(dk, "public_pem");
	struct pubkey *pk = NULL;
	struct kat k;

	(void)state;
	assert_non_null(pem);
	kat_get(&k, 0);
	assert_int_equal(pubkey_from_pem(&pk, pem, strlen(pem)), 0);
	assert_non_null(pk);
	assert_memory_equal(pk->raw, k.pub, 32);
	assert_string_equal(pk->keyid, vec_str(dk, "keyid_sha256_spki"));
	assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, k.sig, 64), 0);
	pubkey_free(pk);
	free(k.msg);
}

static void
expect_pem_refused(const char *pem, size_t len)
{
	struct pubkey *pk = (struct pubkey *)&pk;

	if (pubkey_from_pem(&pk, pem, len) != INK_EINPUT)
		fail_msg("pubkey_from_pem accepted '%.*s'", (int)len, pem);
	assert_null(pk);
	assert_true(ink_error_last()[0] != '\0');
	assert_int_equal(ERR_peek_error(), 0);
}

/* key as PEM (public or private) in a string the caller frees. */
static char *
pem_of(EVP_PKEY *key, int private)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *s;
	long n;

	assert_non_null(b);
	if (private)
		assert_int_equal(PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0,
		    NULL, NULL), 1);
	else
		assert_int_equal(PEM_write_bio_PUBKEY(b, key), 1);
	n = BIO_get_mem_data(b, &p);
	assert_true(n > 0);
	s = strndup(p, (size_t)n);
	BIO_free(b);
	assert_non_null(s);
	return s;
}

/* The shape inkan writes is read without OpenSSL's decoders; the same
 * key in other shapes (CRLF lines, OpenSSL's own writer) reads the same,
 * and a body in the URL-safe alphabet is not PEM. */
static void
test_pubkey_from_pem_shapes(void **state)
{
	const char *pem = vec_str(cJSON_GetObjectItemCaseSensitive(dsse_vec,
	    "dsse_key"), "public_pem");
	struct pubkey *a = NULL, *b = NULL;
	char crlf[512], *s;
	size_t n = 0;
	struct kat k;
	EVP_PKEY *p;

	(void)state;
	kat_get(&k, 0);
	assert_int_equal(pubkey_from_pem(&a, pem, strlen(pem)), 0);
	for (const char *c = pem; *c && n < sizeof(crlf) - 2; c++) {
		if (*c == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *c;
	}
	assert_int_equal(pubkey_from_pem(&b, crlf, n), 0);
	assert_string_equal(a->keyid, b->keyid);
	assert_memory_equal(a->raw, b->raw, 32);
	pubkey_free(b);
	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k.pub, 32);
	assert_non_null(p);
	s = pem_of(p, 0);
	assert_int_equal(pubkey_from_pem(&b, s, strlen(s)), 0);
	assert_string_equal(a->keyid, b->keyid);
	pubkey_free(b);
	/* The body turned URL-safe: the key's fixed DER prefix
	 * "MCowBQYDK2VwAyEA" has a '/'-free, '+'-free spelling, so change
	 * one of its letters' alphabet by hand: 'K2Vw' -> 'K2V_' is not
	 * standard base64. */
	char *at = strstr(s, "K2VwAyEA");
	assert_non_null(at);
	at[3] = '_';
	expect_pem_refused(s, strlen(s));
	free(s);
	EVP_PKEY_free(p);
	pubkey_free(a);
	free(k.msg);
}

static void
test_pubkey_from_pem_refuses(void **state)
{
	const char *pem = vec_str(cJSON_GetObjectItemCaseSensitive(dsse_vec,
	    "dsse_key"), "public_pem");
	char *s;
	struct kat k;
	EVP_PKEY *p;
	size_t n;

	(void)state;
	kat_get(&k, 0);
	expect_pem_refused("", 0);
	expect_pem_refused("hello", 5);
	/* The right text cut short: no END line, or half the body. */
	n = strlen(pem);
	expect_pem_refused(pem, n - 26);
	expect_pem_refused(pem, 40);
	/* The key type changed in the DER (1.3.101.112 -> .110, X25519). */
	s = strdup(pem);
	assert_non_null(s);
	char *at = strstr(s, "MCowBQYDK2VwAyEA");
	assert_non_null(at);
	memcpy(at, "MCowBQYDK2VuAyEA", 16);
	expect_pem_refused(s, n);
	free(s);

	/* A private key where a public one is wanted. */
	p = kat_private(&k);
	s = pem_of(p, 1);
	expect_pem_refused(s, strlen(s));
	free(s);
	EVP_PKEY_free(p);

	/* Real public keys of other types. */
	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, k.pub, 32);
	assert_non_null(p);
	s = pem_of(p, 0);
	expect_pem_refused(s, strlen(s));
	free(s);
	EVP_PKEY_free(p);
	p = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(p);
	s = pem_of(p, 0);
	expect_pem_refused(s, strlen(s));
	free(s);
	EVP_PKEY_free(p);
	free(k.msg);
}

static void
test_pubkey_from_evp(void **state)
{
	struct pubkey *pk = NULL;
	unsigned char priv[64];
	size_t len = sizeof(priv);
	struct kat k;
	EVP_PKEY *p;

	(void)state;
	kat_get(&k, 0);
	/* Handed a private key, it keeps only the public half. */
	p = kat_private(&k);
	assert_int_equal(pubkey_from_evp(&pk, p), 0);
	assert_memory_equal(pk->raw, k.pub, 32);
	assert_int_equal(EVP_PKEY_get_raw_private_key(pk->pkey, priv, &len), 0);
	ERR_clear_error();
	assert_int_equal(pubkey_verify(pk, k.msg, k.msglen, k.sig, 64), 0);
	pubkey_free(pk);
	EVP_PKEY_free(p);

	/* Not Ed25519. */
	pk = (struct pubkey *)&pk;
	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, k.pub, 32);
	assert_non_null(p);
	assert_int_equal(pubkey_from_evp(&pk, p), INK_EINPUT);
	assert_null(pk);
	EVP_PKEY_free(p);
	pubkey_free(NULL);
	free(k.msg);
}

/* The small-order points (which verify forged signatures) are refused
 * as keys, in every encoding: the sign bit (bit 255) is not part of y. */
static void
test_pubkey_refuses_small_order(void **state)
{
	static const unsigned char y1[32] = { 1 };
	static const unsigned char p_minus_1[32] = { 0xec, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };
	const unsigned char *v[] = { y1, p_minus_1 };
	unsigned char raw[32];
	struct pubkey *pk;
	struct kat k;

	(void)state;
	for (size_t i = 0; i < 2; i++)
		for (int sign = 0; sign < 2; sign++) {
			memcpy(raw, v[i], 32);
			raw[31] |= (unsigned char)(sign << 7);
			pk = (struct pubkey *)&pk;
			assert_int_equal(pubkey_from_raw(&pk, raw), INK_ENO);
			assert_null(pk);
			assert_non_null(strstr(ink_error_last(), "small order"));
		}
	/* ...and an ordinary key is taken. */
	kat_get(&k, 0);
	assert_int_equal(pubkey_from_raw(&pk, k.pub), 0);
	pubkey_free(pk);
	free(k.msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032_sign),
		cmocka_unit_test(test_sign_needs_private_key),
		cmocka_unit_test(test_rfc8032_verify),
		cmocka_unit_test(test_verify_rejects_forgeries),
		cmocka_unit_test(test_wycheproof),
		cmocka_unit_test(test_keyid),
		cmocka_unit_test(test_pubkey_memo),
		cmocka_unit_test(test_pubkey_from_pem),
		cmocka_unit_test(test_pubkey_from_pem_shapes),
		cmocka_unit_test(test_pubkey_from_pem_refuses),
		cmocka_unit_test(test_pubkey_from_evp),
		cmocka_unit_test(test_pubkey_refuses_small_order),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
