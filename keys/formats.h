/*
 * Ed25519 public keys in the formats of tools people already have:
 * OpenSSH ("ssh-ed25519 AAAA... comment", the allowed_signers and
 * authorized_keys form) and minisign (a public key file with its 8-byte
 * key number).  Reading them turns a key made by ssh-keygen or minisign
 * into an inkan public key (PEM SubjectPublicKeyInfo) that can be
 * accredited; writing them lets those tools check what inkan exports.
 */
#ifndef INK_KEY_FORMATS_H
#define INK_KEY_FORMATS_H

#include <stddef.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/ed25519.h"

/* minisign's key number: 8 bytes.  inkan derives it from the key, as the
 * first 8 bytes of the key id (the SHA-256 of the DER
 * SubjectPublicKeyInfo), so the same key always has the same number. */
#define MINISIGN_KEYNUM_LEN 8
/* minisign shows the key number as 16 uppercase hex digits of the bytes
 * read as a little-endian integer (so in reverse order). */
#define MINISIGN_KEYID_HEX (2 * MINISIGN_KEYNUM_LEN + 1)
#define SSH_ED25519 "ssh-ed25519"

enum key_format {
	KEY_FORMAT_PEM,
	KEY_FORMAT_MINISIGN,
	KEY_FORMAT_SSH
};

/* "pem", "minisign" or "ssh": 0, else INK_EINPUT. */
int key_format_parse(enum key_format *out, const char *name);
const char *key_format_name(enum key_format f);

void key_minisign_keynum(unsigned char out[MINISIGN_KEYNUM_LEN],
    const struct pubkey *k);
/* The key number as minisign prints it. */
void key_minisign_keyid(char out[MINISIGN_KEYID_HEX], const struct pubkey *k);
/* A minisign public key file: "untrusted comment: minisign public key
 * <ID>\n" and the base64 of "Ed" || keynum || key, appended to out. */
int key_minisign_pub(struct buf *out, const struct pubkey *k);
/* An SSH wire string: a 4-byte big-endian length and the bytes. */
int key_ssh_string(struct buf *out, const void *p, size_t n);
/* The SSH wire encoding of the key: string "ssh-ed25519", string key. */
int key_ssh_blob(struct buf *out, const struct pubkey *k);
/* "ssh-ed25519 <base64 blob> <comment>\n"; comment may be NULL. */
int key_ssh_pub(struct buf *out, const struct pubkey *k,
    const char *comment);
/* An armoured OpenSSH signature (PROTOCOL.sshsig: SHA-512, the
 * namespace given) of msg by the private key pkey, appended to out, as
 * `ssh-keygen -Y sign -n NS` writes it and `ssh-keygen -Y verify` and git
 * (gpg.format=ssh, namespace "git") check it. */
int key_sshsig_sign(struct buf *out, EVP_PKEY *pkey, const void *msg,
    size_t n, const char *ns);
/* The public key in format f, appended to out. */
int key_public_export(struct buf *out, const struct pubkey *k,
    enum key_format f);

/* Reads a public key in any of the three formats (an OpenSSH public key
 * line, a minisign public key file, PEM SubjectPublicKeyInfo); *format
 * says which it was. */
int key_public_import(struct pubkey **out, enum key_format *format,
    const char *text, size_t len);
/* Reads path and writes its key as PREFIX.pub (PEM, never overwriting);
 * keyid gets the key id. */
int key_import_file(char keyid[KEYID_HEX], enum key_format *format,
    const char *path, const char *prefix);

#endif
