/*
 * Ed25519 over OpenSSL EVP.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/ed25519.h"
#include "core/error.h"

int
ed25519_keyid(char out[KEYID_HEX], EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int n;

	if ((n = i2d_PUBKEY(pkey, &der)) <= 0)
		return ink_error_ssl(INK_EINPUT, "cannot encode public key");
	sha256_hex(out, der, (size_t)n);
	OPENSSL_free(der);
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

int
pubkey_from_pem(struct pubkey **out, const char *pem, size_t len)
{
	BIO *bio;
	EVP_PKEY *p;
	int rc;

	*out = NULL;
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

int
pubkey_verify(const struct pubkey *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx;
	int ok;

	if (siglen != ED25519_SIG_LEN)
		return INK_ENO;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : INK_ENO;
}

int
ed25519_sign(unsigned char sig[ED25519_SIG_LEN], EVP_PKEY *pkey,
    const void *msg, size_t n)
{
	EVP_MD_CTX *ctx;
	size_t len = ED25519_SIG_LEN;
	int rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &len, msg, n) != 1 ||
	    len != ED25519_SIG_LEN)
		rc = ink_error_ssl(INK_EINPUT, "signing failed");
	EVP_MD_CTX_free(ctx);
	return rc;
}
