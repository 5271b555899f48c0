/*
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures (type
 * 0x01), their verifier keys in the "name+hash+key" form, and the
 * c2sp.org/tlog-checkpoint body the registry's log signs:
 *
 *	<origin>\n<size>\n<base64 root>\n[<extension line>\n ...]
 *	\n
 *	— <key name> base64(key id || signature)\n ...
 *
 * A key id is the first four bytes, big-endian, of
 * SHA-256(name || 0x0A || 0x01 || 32-byte public key).
 */
#ifndef INK_NOTE_H
#define INK_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/ed25519.h"

/* Limits on untrusted input, beside those of core/limits.h. */
/* A signed note, text and signature lines together. */
#define NOTE_MAX_SIZE (64u * 1024)
/* Signature lines in one note (the spec asks that 16 be accepted). */
#define NOTE_MAX_SIGS 16
/* Bytes of a key name, and so of a checkpoint's origin when it names
 * the log key. */
#define NOTE_MAX_NAME 1024
/* A verifier key string: a name and the Ed25519 hash and key. */
#define NOTE_MAX_VKEY (NOTE_MAX_NAME + 64)

#define NOTE_SIG_ED25519 0x01
/* An Ed25519 cosigner's key (c2sp.org/tlog-cosignature, cosignature/v1):
 * the same key form, another signature type, so another key id. */
#define NOTE_SIG_COSIG_V1 0x04

struct note_vkey {
	char *name;
	uint32_t id;
	struct pubkey *key;
};

#define NOTE_VKEY_INIT { NULL, 0, NULL }

struct note_checkpoint {
	char *origin;
	uint64_t size;
	unsigned char root[32];
	/* The extension lines, each with its newline; NULL when none. */
	char *extra;
};

#define NOTE_CHECKPOINT_INIT { NULL, 0, { 0 }, NULL }

/* Appends "<name>+<8 hex key id>+<base64(0x01 || public key)>" to out. */
int note_vkey_format(struct buf *out, const char *name,
    const struct pubkey *key);
/* The same for a key of signature type (NOTE_SIG_ED25519 or
 * NOTE_SIG_COSIG_V1): "<name>+<id>+<base64(type || key)>". */
int note_vkey_format_type(struct buf *out, const char *name,
    const struct pubkey *key, unsigned char type);
/* The key id of an Ed25519 key of signature type under name: the first
 * four bytes of SHA-256(name || 0x0A || type || key). */
int note_key_id(uint32_t *out, const char *name, size_t namelen,
    unsigned char type, const unsigned char pub[ED25519_PUB_LEN]);
/*
 * Parses a verifier key string of len bytes; INK_EINPUT when it is
 * malformed, is not Ed25519, or its key id does not match its name and
 * key.  Release out with note_vkey_release() either way.
 */
int note_vkey_parse(struct note_vkey *out, const char *vkey, size_t len);
/* The same for a key of signature type (its id computed with type). */
int note_vkey_parse_type(struct note_vkey *out, const char *vkey,
    size_t len, unsigned char type);
void note_vkey_release(struct note_vkey *v);

/*
 * Appends to out the note text (len bytes, valid UTF-8 with no control
 * character but newline, ending in a newline), the blank line and one
 * signature line by key under name.  Nothing is appended on failure.
 */
int note_sign(struct buf *out, const char *text, size_t len,
    const char *name, EVP_PKEY *key);
/*
 * Checks a signed note of len bytes against the nkeys trusted keys.
 * Signatures by keys not among them (by name and key id) are ignored.
 * 0 when at least one trusted key signed it and every signature by a
 * trusted key verifies, and then *textlen (when textlen is not NULL) is
 * the length of the signed text, which starts the note; INK_ELOG when
 * not; INK_EINPUT when the note is malformed or over a limit.
 */
int note_verify(size_t *textlen, const char *note, size_t len,
    const struct note_vkey *keys, size_t nkeys);

/*
 * Appends a checkpoint body: origin, decimal size, base64 root, then
 * extra, which is NULL or "" or non-empty lines each ending in a newline.
 */
int note_checkpoint_format(struct buf *out, const char *origin,
    uint64_t size, const unsigned char root[32], const char *extra);
/*
 * Parses a checkpoint body (the text of a verified note, len bytes);
 * INK_EINPUT when it is malformed.  Release out with
 * note_checkpoint_release() either way.
 */
int note_checkpoint_parse(struct note_checkpoint *out, const char *text,
    size_t len);
void note_checkpoint_release(struct note_checkpoint *c);

#endif
