/*
 * Key files: Ed25519 private keys as PEM PKCS#8, encrypted with a
 * passphrase (scrypt + AES-256-CBC) unless asked otherwise, and public
 * keys as PEM SubjectPublicKeyInfo.  Passphrases come from a file, the
 * INKAN_PASSPHRASE_FILE variable or the terminal, never from argv.
 */
#ifndef INK_KEY_H
#define INK_KEY_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "core/ed25519.h"

enum key_kind {
	KEY_KIND_UNKNOWN,
	KEY_KIND_PUBLIC,
	KEY_KIND_PRIVATE,
	KEY_KIND_ENCRYPTED
};

/* Where a passphrase may come from; file NULL means "not given". */
struct key_pass {
	const char *file;
};

/* Generates a key pair: PREFIX.key (0600, never overwritten) and
 * PREFIX.pub.  With encrypt, asks for the passphrase twice on a terminal
 * (or reads it once from the passphrase file). */
int key_generate(char keyid[KEYID_HEX], const char *prefix, bool encrypt,
    const struct key_pass *pass);
/* A private key, decrypting it when needed. */
int key_load_private(EVP_PKEY **out, const char *path,
    const struct key_pass *pass);
/* The public key of a public key file or of a private key file
 * (decrypting an encrypted one when needed). */
int key_load_public(struct pubkey **out, const char *path,
    const struct key_pass *pass);
/* What kind of key file this is, from its PEM label. */
int key_file_kind(enum key_kind *out, const char *path);
/* PEM SubjectPublicKeyInfo of k, appended to out. */
int key_public_pem(struct buf *out, const struct pubkey *k);

#endif
