/*
 * Ed25519 over OpenSSL EVP.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/ed25519.h"
#include "core/error.h"
#include "core/limits.h"

int
ed25519_keyid(char out[KEYID_HEX], EVP_PKEY *pkey)
{
	/* SHA-256 of the SubjectPublicKeyInfo DER, which for Ed25519 is a
	 * fixed prefix and the raw key: built here, not by OpenSSL's
	 * encoders (a fifth of a one-envelope verify). */
	unsigned char der[12 + ED25519_PUB_LEN] = { 0x30, 0x2a, 0x30, 0x05,
		0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	size_t len = ED25519_PUB_LEN;

	if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519 ||
	    !EVP_PKEY_get_raw_public_key(pkey, der + 12, &len) ||
	    len != ED25519_PUB_LEN)
		return ink_error_ssl(INK_EINPUT, "cannot encode public key");
	sha256_hex(out, der, sizeof(der));
	return 0;
}

/* The encodings of points of small order (libsodium's list, compared
 * without the sign bit): a signature under such a key verifies on any
 * message, so no such key is ever accepted. */
static const unsigned char small_order[][ED25519_PUB_LEN] = {
	{ 0 },
	{ 1 },
	{ 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
	  0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
	  0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
	{ 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
	  0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
	  0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
	{ 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
};

static int
is_small_order(const unsigned char raw[ED25519_PUB_LEN])
{
	for (size_t i = 0; i < sizeof(small_order) / sizeof(small_order[0]);
	    i++) {
		int diff = 0;
		for (size_t j = 0; j < ED25519_PUB_LEN - 1; j++)
			diff |= raw[j] ^ small_order[i][j];
		diff |= (raw[31] & 0x7f) ^ small_order[i][31];
		if (diff == 0)
			return 1;
	}
	return 0;
}

int
pubkey_from_evp(struct pubkey **out, EVP_PKEY *pkey)
{
	struct pubkey *k = NULL;
	size_t len = ED25519_PUB_LEN;
	int rc;

	*out = NULL;
	if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519)
		return ink_error(INK_EINPUT, "not an Ed25519 key");
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if (!EVP_PKEY_get_raw_public_key(pkey, k->raw, &len) ||
	    len != ED25519_PUB_LEN) {
		free(k);
		return ink_error_ssl(INK_EINPUT, "cannot read public key");
	}
	if (is_small_order(k->raw)) {
		free(k);
		return ink_error(INK_ENO, "a public key of small order: any "
		    "signature would verify under it");
	}
	/* Keep only the public half, whatever we were handed. */
	k->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->raw,
	    ED25519_PUB_LEN);
	if (k->pkey == NULL) {
		free(k);
		return ink_error_ssl(INK_EINPUT, "cannot load public key");
	}
	if ((rc = ed25519_keyid(k->keyid, k->pkey)) != 0) {
		pubkey_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

int
pubkey_from_raw(struct pubkey **out, const unsigned char raw[32])
{
	EVP_PKEY *p;
	int rc;

	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);
	if (p == NULL)
		return ink_error_ssl(INK_EINPUT, "invalid Ed25519 public key");
	rc = pubkey_from_evp(out, p);
	EVP_PKEY_free(p);
	return rc;
}

/* The one shape `inkan keys` writes: an Ed25519 SubjectPublicKeyInfo
 * (a fixed 12-byte DER prefix and the 32-byte key) in a PEM block of
 * standard base64.  Read directly it costs nothing; OpenSSL's decoders
 * cost half of a one-envelope verify.  Anything else: -1, and the caller
 * asks OpenSSL. */
static int
pem_ed25519_raw(unsigned char raw[32], const char *pem, size_t len)
{
	static const char begin[] = "-----BEGIN PUBLIC KEY-----";
	static const char end[] = "-----END PUBLIC KEY-----";
	static const unsigned char prefix[12] = { 0x30, 0x2a, 0x30, 0x05,
		0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	char b64[64];
	size_t n = 0, i = sizeof(begin) - 1;
	struct buf der = BUF_INIT(64);
	int ok;

	if (len < i || memcmp(pem, begin, i) != 0)
		return -1;
	for (; i < len && pem[i] != '-'; i++) {
		char c = pem[i];
		if (c == '\n' || c == '\r')
			continue;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' ||
		    c == '=') || n == sizeof(b64))
			return -1;
		b64[n++] = c;
	}
	if (len - i < sizeof(end) - 1 || memcmp(pem + i, end,
	    sizeof(end) - 1) != 0)
		return -1;
	for (i += sizeof(end) - 1; i < len; i++)
		if (pem[i] != '\n' && pem[i] != '\r')
			return -1;
	ok = b64_decode(&der, b64, n) == 0 && der.len == 44 &&
	    memcmp(der.data, prefix, sizeof(prefix)) == 0;
	if (ok)
		memcpy(raw, der.data + sizeof(prefix), 32);
	buf_release(&der);
	ink_error_clear();
	return ok ? 0 : -1;
}

int
pubkey_from_pem(struct pubkey **out, const char *pem, size_t len)
{
	unsigned char raw[32];
	BIO *bio;
	EVP_PKEY *p;
	int rc;

	*out = NULL;
	if (pem_ed25519_raw(raw, pem, len) == 0)
		return pubkey_from_raw(out, raw);
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	p = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (p == NULL)
		return ink_error_ssl(INK_EINPUT, "not a PEM public key");
	rc = pubkey_from_evp(out, p);
	EVP_PKEY_free(p);
	return rc;
}

void
pubkey_free(struct pubkey *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/* The memo of verified signatures (see pubkey_memo_begin): an open-
 * addressing set of SHA-256(key || signature || message), successes
 * only, under one mutex. */
static struct {
	pthread_mutex_t mu;
	int on;
	unsigned char (*v)[SHA256_LEN];
	unsigned char *used;
	size_t n, cap;
} memo = { PTHREAD_MUTEX_INITIALIZER, 0, NULL, NULL, 0, 0 };

void
pubkey_memo_begin(void)
{
	pthread_mutex_lock(&memo.mu);
	memo.on = 1;
	pthread_mutex_unlock(&memo.mu);
}

void
pubkey_memo_end(void)
{
	pthread_mutex_lock(&memo.mu);
	free(memo.v);
	free(memo.used);
	memo.v = NULL;
	memo.used = NULL;
	memo.n = memo.cap = 0;
	memo.on = 0;
	pthread_mutex_unlock(&memo.mu);
}

static size_t
memo_slot(const unsigned char h[SHA256_LEN], size_t cap)
{
	size_t i;

	memcpy(&i, h, sizeof(i));
	return i & (cap - 1);
}

/* Under memo.mu. */
static int
memo_has(const unsigned char h[SHA256_LEN])
{
	if (memo.cap == 0)
		return 0;
	for (size_t i = memo_slot(h, memo.cap); memo.used[i];
	    i = (i + 1) & (memo.cap - 1))
		if (memcmp(memo.v[i], h, SHA256_LEN) == 0)
			return 1;
	return 0;
}

/* Under memo.mu; a failure to grow only forgets. */
static void
memo_put(const unsigned char h[SHA256_LEN])
{
	if ((memo.n + 1) * 2 > memo.cap) {
		size_t cap = memo.cap ? memo.cap * 2 : 1024;
		unsigned char (*v)[SHA256_LEN] = calloc(cap, SHA256_LEN);
		unsigned char *used = calloc(cap, 1);
		if (v == NULL || used == NULL) {
			free(v);
			free(used);
			return;
		}
		for (size_t i = 0; i < memo.cap; i++)
			if (memo.used[i]) {
				size_t j = memo_slot(memo.v[i], cap);
				while (used[j])
					j = (j + 1) & (cap - 1);
				memcpy(v[j], memo.v[i], SHA256_LEN);
				used[j] = 1;
			}
		free(memo.v);
		free(memo.used);
		memo.v = v;
		memo.used = used;
		memo.cap = cap;
	}
	if (memo_has(h))
		return;
	size_t i = memo_slot(h, memo.cap);
	while (memo.used[i])
		i = (i + 1) & (memo.cap - 1);
	memcpy(memo.v[i], h, SHA256_LEN);
	memo.used[i] = 1;
	memo.n++;
}

static int
verify_now(const struct pubkey *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : INK_ENO;
}

int
pubkey_verify(const struct pubkey *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	unsigned char h[SHA256_LEN];
	int on, rc;

	if (siglen != ED25519_SIG_LEN)
		return INK_ENO;
	pthread_mutex_lock(&memo.mu);
	on = memo.on;
	pthread_mutex_unlock(&memo.mu);
	if (!on)
		return verify_now(k, msg, n, sig, siglen);
	/* The whole question, key and signature and message, is the memo's
	 * key: an answer is reused only for exactly the same question. */
	struct buf q = BUF_INIT(INK_MAX_ENVELOPE + 128);
	if (buf_add(&q, k->raw, ED25519_PUB_LEN) != 0 ||
	    buf_add(&q, sig, siglen) != 0 || buf_add(&q, msg, n) != 0) {
		buf_release(&q);
		return verify_now(k, msg, n, sig, siglen);
	}
	sha256(h, q.data, q.len);
	buf_release(&q);
	pthread_mutex_lock(&memo.mu);
	rc = memo_has(h);
	pthread_mutex_unlock(&memo.mu);
	if (rc)
		return 0;
	if ((rc = verify_now(k, msg, n, sig, siglen)) == 0) {
		pthread_mutex_lock(&memo.mu);
		if (memo.on)
			memo_put(h);
		pthread_mutex_unlock(&memo.mu);
	}
	return rc;
}

/* Keys held elsewhere carry their holder in the EVP_PKEY's ex_data, so
 * that the key travels through every signing path unchanged. */
static pthread_once_t held_once = PTHREAD_ONCE_INIT;
static int held_index = -1;

static void
held_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
    void *argp)
{
	struct ed25519_holder *h = ptr;

	(void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
	if (h == NULL)
		return;
	if (h->release)
		h->release(h->ctx);
	free(h);
}

static void
held_index_make(void)
{
	held_index = EVP_PKEY_get_ex_new_index(0, NULL, NULL, NULL, held_free);
}

int
ed25519_held_key(EVP_PKEY **out, const unsigned char raw[ED25519_PUB_LEN],
    const struct ed25519_holder *holder)
{
	struct ed25519_holder *h = NULL;
	EVP_PKEY *p = NULL;

	*out = NULL;
	pthread_once(&held_once, held_index_make);
	if (held_index < 0 || (h = malloc(sizeof(*h))) == NULL ||
	    (p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw,
	    ED25519_PUB_LEN)) == NULL || !EVP_PKEY_set_ex_data(p, held_index,
	    h)) {
		EVP_PKEY_free(p);
		free(h);
		if (holder->release)
			holder->release(holder->ctx);
		return ink_error_ssl(INK_EINPUT, "out of memory");
	}
	*h = *holder;
	*out = p;
	return 0;
}

/* A holder's signature is checked before use: an agent or a token that
 * answers with another key's signature, or with garbage, is refused here
 * rather than found out by the first reader. */
static int
held_sign(const struct ed25519_holder *h, unsigned char sig[ED25519_SIG_LEN],
    EVP_PKEY *pkey, const void *msg, size_t n)
{
	EVP_MD_CTX *ctx;
	int rc, ok;

	if ((rc = h->sign(h->ctx, sig, msg, n)) != 0)
		return rc;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, ED25519_SIG_LEN, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (!ok) {
		OPENSSL_cleanse(sig, ED25519_SIG_LEN);
		return ink_error(INK_EINPUT, "the key's holder answered with a "
		    "signature that does not verify under the key");
	}
	return 0;
}

int
ed25519_sign(unsigned char sig[ED25519_SIG_LEN], EVP_PKEY *pkey,
    const void *msg, size_t n)
{
	const struct ed25519_holder *h = NULL;
	EVP_MD_CTX *ctx;
	size_t len = ED25519_SIG_LEN;
	int rc = 0;

	pthread_once(&held_once, held_index_make);
	if (held_index >= 0 &&
	    (h = EVP_PKEY_get_ex_data(pkey, held_index)) != NULL)
		return held_sign(h, sig, pkey, msg, n);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &len, msg, n) != 1 ||
	    len != ED25519_SIG_LEN)
		rc = ink_error_ssl(INK_EINPUT, "signing failed");
	EVP_MD_CTX_free(ctx);
	return rc;
}
