/*
 * Ed25519 public keys and signatures through OpenSSL's EVP interface
 * (the only place inkan touches signature arithmetic).  A key id is the
 * lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo.
 */
#ifndef INK_ED25519_H
#define INK_ED25519_H

#include <stddef.h>

#include <openssl/evp.h>

#define ED25519_PUB_LEN 32
#define ED25519_SIG_LEN 64
#define KEYID_HEX 65

struct pubkey {
	EVP_PKEY *pkey;
	unsigned char raw[ED25519_PUB_LEN];
	char keyid[KEYID_HEX];
};

/* Takes a reference to pkey (which must be Ed25519, public or private). */
int pubkey_from_evp(struct pubkey **out, EVP_PKEY *pkey);
int pubkey_from_raw(struct pubkey **out, const unsigned char raw[32]);
/* PEM SubjectPublicKeyInfo text. */
int pubkey_from_pem(struct pubkey **out, const char *pem, size_t len);
void pubkey_free(struct pubkey *k);
/* 0 when sig is a valid signature of msg by k, INK_ENO otherwise. */
int pubkey_verify(const struct pubkey *k, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen);
/* A memo of verified signatures, for pipelines that verify on worker
 * threads ahead of a sequential pass over the same records: between
 * begin and end, pubkey_verify() remembers each success (by a hash of
 * key, signature and message together) and answers the same question
 * again from memory.  Failures are never remembered.  Thread-safe. */
void pubkey_memo_begin(void);
void pubkey_memo_end(void);
/* The key id of a DER SubjectPublicKeyInfo of pkey. */
int ed25519_keyid(char out[KEYID_HEX], EVP_PKEY *pkey);
/* Signs msg with the private key pkey, or hands msg to the holder of
 * pkey's private key when pkey came from ed25519_held_key(). */
int ed25519_sign(unsigned char sig[ED25519_SIG_LEN], EVP_PKEY *pkey,
    const void *msg, size_t n);

/* A private key kept where this process cannot read it (an ssh-agent, a
 * PKCS#11 token): sign() asks its holder for a signature.  sign may be
 * called from several threads at once; release frees ctx. */
struct ed25519_holder {
	int (*sign)(void *ctx, unsigned char sig[ED25519_SIG_LEN],
	    const void *msg, size_t n);
	void (*release)(void *ctx);
	void *ctx;
};
/* An Ed25519 key whose public half is raw and whose signatures come from
 * holder: every function taking a private EVP_PKEY takes it, so a key
 * held elsewhere goes wherever a key file goes.  Owns holder->ctx from
 * the call on (released with the key, or at once on failure).  Each
 * signature is checked against raw before it is returned. */
int ed25519_held_key(EVP_PKEY **out, const unsigned char raw[ED25519_PUB_LEN],
    const struct ed25519_holder *holder);

#endif
