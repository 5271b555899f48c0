/*
 * Ed25519 key files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "keys/key.h"
#include "keys/pass.h"

/* scrypt work factors: those of `openssl pkcs8 -topk8 -scrypt`, which fit
 * OpenSSL's default scrypt memory ceiling (32 MiB) on every reader. */
#define KEY_SCRYPT_N 16384
#define KEY_SCRYPT_R 8
#define KEY_SCRYPT_P 1

static int
encode_private(struct buf *out, EVP_PKEY *pkey, const struct buf *pass)
{
	PKCS8_PRIV_KEY_INFO *p8inf = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8 = NULL;
	BIO *bio = NULL;
	BUF_MEM *mem;
	int rc = 0;

	if ((bio = BIO_new(BIO_s_secmem())) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	if (pass == NULL) {
		if (!PEM_write_bio_PKCS8PrivateKey(bio, pkey, NULL, NULL, 0,
		    NULL, NULL))
			rc = ink_error_ssl(INK_EINPUT, "cannot encode key");
		goto done;
	}
	pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL,
	    KEY_SCRYPT_N, KEY_SCRYPT_R, KEY_SCRYPT_P);
	p8inf = EVP_PKEY2PKCS8(pkey);
	if (pbe == NULL || p8inf == NULL) {
		rc = ink_error_ssl(INK_EINPUT, "cannot encrypt key");
		goto done;
	}
	p8 = PKCS8_set0_pbe((const char *)pass->data, (int)pass->len, p8inf,
	    pbe);
	if (p8 == NULL) {
		rc = ink_error_ssl(INK_EINPUT, "cannot encrypt key");
		goto done;
	}
	pbe = NULL; /* owned by p8 now */
	if (!PEM_write_bio_PKCS8(bio, p8))
		rc = ink_error_ssl(INK_EINPUT, "cannot encode key");
done:
	if (rc == 0) {
		BIO_get_mem_ptr(bio, &mem);
		buf_init(out, INK_MAX_KEYFILE);
		rc = buf_add(out, mem->data, mem->length);
	}
	X509_SIG_free(p8);
	X509_ALGOR_free(pbe);
	PKCS8_PRIV_KEY_INFO_free(p8inf);
	BIO_free(bio);
	return rc;
}

int
key_public_pem(struct buf *out, const struct pubkey *k)
{
	BIO *bio;
	BUF_MEM *mem;
	int rc = 0;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		return ink_error_ssl(INK_EINPUT, "out of memory");
	if (!PEM_write_bio_PUBKEY(bio, k->pkey))
		rc = ink_error_ssl(INK_EINPUT, "cannot encode public key");
	else {
		BIO_get_mem_ptr(bio, &mem);
		rc = buf_add(out, mem->data, mem->length);
	}
	BIO_free(bio);
	return rc;
}

int
key_generate(char keyid[KEYID_HEX], const char *prefix, bool encrypt,
    const struct key_pass *pass)
{
	struct buf secret = BUF_INIT(0), pem = BUF_INIT(INK_MAX_KEYFILE);
	struct buf phrase = BUF_INIT(0);
	struct pubkey *pub = NULL;
	EVP_PKEY *pkey = NULL;
	char *keypath = NULL, *pubpath = NULL;
	size_t n = strlen(prefix) + 5;
	int rc, wrote_key = 0;

	if ((keypath = malloc(n)) == NULL || (pubpath = malloc(n)) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	snprintf(keypath, n, "%s.key", prefix);
	snprintf(pubpath, n, "%s.pub", prefix);
	/* Refuse before asking for a passphrase, not after. */
	if (file_exists(keypath) || file_exists(pubpath)) {
		rc = ink_error(INK_EEXIST, "'%s' or '%s' already exists: not "
		    "overwriting a key", keypath, pubpath);
		goto cleanup;
	}
	if (encrypt && (rc = pass_read(&phrase, pass ? pass->file : NULL,
	    keypath, true)) != 0)
		goto cleanup;
	if ((pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL) {
		rc = ink_error_ssl(INK_EINPUT, "key generation failed");
		goto cleanup;
	}
	if ((rc = encode_private(&secret, pkey, encrypt ? &phrase : NULL)) != 0)
		goto cleanup;
	if ((rc = pubkey_from_evp(&pub, pkey)) != 0 ||
	    (rc = key_public_pem(&pem, pub)) != 0)
		goto cleanup;
	if ((rc = file_create_excl(keypath, secret.data, secret.len, 0600)) != 0)
		goto cleanup;
	wrote_key = 1;
	if ((rc = file_create_excl(pubpath, pem.data, pem.len, 0644)) != 0)
		goto cleanup;
	memcpy(keyid, pub->keyid, KEYID_HEX);
cleanup:
	if (rc != 0 && wrote_key)
		remove(keypath);
	buf_wipe(&secret);
	buf_wipe(&phrase);
	buf_release(&pem);
	pubkey_free(pub);
	EVP_PKEY_free(pkey);
	free(keypath);
	free(pubpath);
	return rc;
}

static int
kind_of(enum key_kind *out, const struct buf *b)
{
	const char *s = buf_str(b);

	if (strstr(s, "-----BEGIN ENCRYPTED PRIVATE KEY-----"))
		*out = KEY_KIND_ENCRYPTED;
	else if (strstr(s, "-----BEGIN PRIVATE KEY-----"))
		*out = KEY_KIND_PRIVATE;
	else if (strstr(s, "-----BEGIN PUBLIC KEY-----"))
		*out = KEY_KIND_PUBLIC;
	else
		*out = KEY_KIND_UNKNOWN;
	return 0;
}

int
key_file_kind(enum key_kind *out, const char *path)
{
	struct buf b;
	int rc;

	if ((rc = file_read(&b, path, INK_MAX_KEYFILE)) != 0)
		return rc;
	kind_of(out, &b);
	buf_wipe(&b);
	return 0;
}

struct pw_ctx {
	const char *file;
	const char *what;
	int rc;
	int asked;
};

static int
pw_cb(char *dst, int size, int rwflag, void *u)
{
	struct pw_ctx *c = u;
	struct buf p;
	int n;

	(void)rwflag;
	c->asked = 1;
	if ((c->rc = pass_read(&p, c->file, c->what, false)) != 0)
		return -1;
	if (p.len > (size_t)size) {
		buf_wipe(&p);
		c->rc = ink_error(INK_EINPUT, "passphrase too long");
		return -1;
	}
	memcpy(dst, p.data, p.len);
	n = (int)p.len;
	buf_wipe(&p);
	return n;
}

int
key_file_private(EVP_PKEY **out, const char *path,
    const struct key_pass *pass)
{
	struct pw_ctx ctx = { pass ? pass->file : NULL, path, 0, 0 };
	enum key_kind kind;
	struct buf b;
	BIO *bio = NULL;
	EVP_PKEY *p = NULL;
	int rc;

	*out = NULL;
	if ((rc = file_read(&b, path, INK_MAX_KEYFILE)) != 0)
		return rc;
	kind_of(&kind, &b);
	if (kind == KEY_KIND_PUBLIC) {
		rc = ink_error(INK_EINPUT, "'%s' is a public key: signing needs "
		    "the private key (.key)", path);
		goto cleanup;
	}
	if (kind == KEY_KIND_UNKNOWN && strstr(buf_str(&b),
	    "-----BEGIN OPENSSH PRIVATE KEY-----")) {
		/* OpenSSL cannot read it; an agent can hold it. */
		rc = ink_error(INK_EINPUT, "'%s' is an OpenSSH private key: add "
		    "it to an ssh-agent (ssh-add) and sign with --key "
		    "ssh-agent:%s.pub", path, path);
		goto cleanup;
	}
	if (kind == KEY_KIND_UNKNOWN) {
		rc = ink_error(INK_EINPUT, "'%s' is not a PEM private key", path);
		goto cleanup;
	}
	if ((bio = BIO_new_mem_buf(b.data, (int)b.len)) == NULL) {
		rc = ink_error_ssl(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	p = PEM_read_bio_PrivateKey(bio, NULL, pw_cb, &ctx);
	if (p == NULL) {
		if (ctx.rc != 0)
			rc = ctx.rc;
		else if (ctx.asked)
			rc = ink_error(INK_EINPUT, "cannot decrypt '%s': wrong "
			    "passphrase", path);
		else
			rc = ink_error_ssl(INK_EINPUT, "cannot read key '%s'",
			    path);
		ERR_clear_error();
		goto cleanup;
	}
	if (EVP_PKEY_get_id(p) != EVP_PKEY_ED25519) {
		rc = ink_error(INK_EINPUT, "'%s' is not an Ed25519 key", path);
		EVP_PKEY_free(p);
		goto cleanup;
	}
	*out = p;
cleanup:
	BIO_free(bio);
	buf_wipe(&b);
	return rc;
}

int
key_file_public(struct pubkey **out, const char *path,
    const struct key_pass *pass)
{
	enum key_kind kind;
	struct buf b;
	EVP_PKEY *p = NULL;
	int rc;

	*out = NULL;
	if ((rc = file_read(&b, path, INK_MAX_KEYFILE)) != 0)
		return rc;
	kind_of(&kind, &b);
	if (kind == KEY_KIND_PUBLIC) {
		rc = pubkey_from_pem(out, (const char *)b.data, b.len);
		if (rc != 0)
			rc = ink_error_wrap(rc, "'%s'", path);
		buf_release(&b);
		return rc;
	}
	buf_wipe(&b);
	if (kind == KEY_KIND_UNKNOWN)
		return ink_error(INK_EINPUT, "'%s' is not a PEM key", path);
	if ((rc = key_file_private(&p, path, pass)) != 0)
		return rc;
	rc = pubkey_from_evp(out, p);
	EVP_PKEY_free(p);
	return rc;
}
