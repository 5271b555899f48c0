/*
 * Ed25519 keys on a PKCS#11 token, named by an RFC 7512 URI
 * ("pkcs11:token=inkan;object=auditor").  The token signs (CKM_EDDSA);
 * the private key never leaves it.  The module is loaded with dlopen:
 * the module argument, else INKAN_PKCS11_MODULE, else the URI's
 * module-path.  The PIN is read as passphrases are (keys/pass.h), never
 * from the URI.
 */
#ifndef INK_KEY_PKCS11_H
#define INK_KEY_PKCS11_H

#include <openssl/evp.h>

#include "core/ed25519.h"
#include "keys/key.h"

#define KEY_PKCS11_SCHEME "pkcs11:"
#define KEY_PKCS11_ID_MAX 128

/* What an RFC 7512 URI names: the token by its label, manufacturer,
 * model and serial, the key by its label (object) and id; NULL, or
 * has_id 0, for "any".  module_path is the query's module-path. */
struct key_pkcs11_uri {
	char *token, *manufacturer, *serial, *model, *object;
	unsigned char id[KEY_PKCS11_ID_MAX];
	size_t idlen;
	int has_id;
	char *module_path;
};
/* Parses s (at most INK_MAX_PKCS11_URI bytes), %-escapes decoded.  An
 * attribute inkan does not use is refused, not ignored, and so is a PIN
 * (pin-value): a URI is in argv.  A URI must name a key (object or id). */
int key_pkcs11_uri_parse(struct key_pkcs11_uri *out, const char *s);
void key_pkcs11_uri_release(struct key_pkcs11_uri *u);

/* A signing key on the token, logged in with the PIN from pass. */
int key_pkcs11_open(EVP_PKEY **out, const char *uri,
    const struct key_pass *pass);
/* The public key of the key pair the URI names (no PIN needed). */
int key_pkcs11_public(struct pubkey **out, const char *uri,
    const struct key_pass *pass);
/* Creates an Ed25519 key pair on the token, labelled with the URI's
 * object (and id, when given); refuses when the token already has a key
 * so named.  The private key is sensitive and not extractable. */
int key_pkcs11_generate(struct pubkey **out, const char *uri,
    const struct key_pass *pass);

#endif
