/*
 * Key files: Ed25519 private keys as PEM PKCS#8, encrypted with a
 * passphrase (scrypt + AES-256-CBC) unless asked otherwise, and public
 * keys as PEM SubjectPublicKeyInfo.  Passphrases come from a file, the
 * INKAN_PASSPHRASE_FILE variable or the terminal, never from argv.
 *
 * A signing key may also be held elsewhere: "ssh-agent:PUBFILE" (the
 * ssh-agent at SSH_AUTH_SOCK holds the private half of PUBFILE's key) or
 * an RFC 7512 "pkcs11:" URI (a token holds it).  key_load_private and
 * key_load_public take all three forms; everything that signs with the
 * EVP_PKEY they give works the same with each (core/ed25519.h).
 */
#ifndef INK_KEY_H
#define INK_KEY_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/ed25519.h"

enum key_kind {
	KEY_KIND_UNKNOWN,
	KEY_KIND_PUBLIC,
	KEY_KIND_PRIVATE,
	KEY_KIND_ENCRYPTED
};

/* Where a passphrase (or a token's PIN) may come from; file NULL means
 * "not given".  pkcs11_module, when not NULL, is the PKCS#11 module for
 * pkcs11: URIs (before INKAN_PKCS11_MODULE and the URI's module-path). */
struct key_pass {
	const char *file;
	const char *pkcs11_module;
};

#define KEY_AGENT_PREFIX "ssh-agent:"

/* What a --key names: a key file, a key in an ssh-agent, a token key. */
enum key_custody {
	KEY_IN_FILE,
	KEY_IN_AGENT,
	KEY_ON_TOKEN
};
enum key_custody key_custody_of(const char *name);

/* Generates a key pair: PREFIX.key (0600, never overwritten) and
 * PREFIX.pub.  With encrypt, asks for the passphrase twice on a terminal
 * (or reads it once from the passphrase file). */
int key_generate(char keyid[KEYID_HEX], const char *prefix, bool encrypt,
    const struct key_pass *pass);
/* Creates an Ed25519 key pair on the PKCS#11 token uri names and writes
 * its public key as PREFIX.pub (never overwritten). */
int key_generate_pkcs11(char keyid[KEYID_HEX], const char *prefix,
    const char *uri, const struct key_pass *pass);
/* A key to sign with, in any of the three forms: a private key file
 * (decrypted when needed), ssh-agent:PUBFILE or a pkcs11: URI.  From the
 * first call on, the process makes no core dump (a dump would hold the
 * key or the PIN). */
int key_load_private(EVP_PKEY **out, const char *name,
    const struct key_pass *pass);
/* The public key of any of the three forms, or of a public key file
 * (a private key file is decrypted when needed; a token needs no PIN). */
int key_load_public(struct pubkey **out, const char *name,
    const struct key_pass *pass);
/* The file forms only: a private key file, and a public or private one. */
int key_file_private(EVP_PKEY **out, const char *path,
    const struct key_pass *pass);
int key_file_public(struct pubkey **out, const char *path,
    const struct key_pass *pass);
/* What kind of key file this is, from its PEM label. */
int key_file_kind(enum key_kind *out, const char *path);
/* PEM SubjectPublicKeyInfo of k, appended to out. */
int key_public_pem(struct buf *out, const struct pubkey *k);

#endif
