/*
 * Every limit inkan puts on untrusted input, in one place.  The man pages
 * list them (inkan-verify(1), LIMITS); a reader that meets more than a
 * limit allows refuses with exit 2 and names the limit.
 */
#ifndef INK_LIMITS_H
#define INK_LIMITS_H

/* An envelope file as read from disk or stdin. */
#define INK_MAX_ENVELOPE (8u * 1024 * 1024)
/* Decoded payload bytes inside an envelope. */
#define INK_MAX_PAYLOAD (6u * 1024 * 1024)
/* A draft or accreditation file written by a person. */
#define INK_MAX_DRAFT (6u * 1024 * 1024)
/* Any other JSON document read (catalogues, disclosure bundles). */
#define INK_MAX_JSON (16u * 1024 * 1024)
/* Signatures in one envelope. */
#define INK_MAX_SIGNATURES 32
/* Nesting of arrays and objects in any JSON document. */
#define INK_MAX_JSON_DEPTH 24
/* Members of one JSON object or elements of one array. */
#define INK_MAX_JSON_MEMBERS 100000
/* Bytes of payloadType and of keyid. */
#define INK_MAX_PAYLOAD_TYPE 256
#define INK_MAX_KEYID 256
/* A key file (PEM, public or private). */
#define INK_MAX_KEYFILE (64u * 1024)
/* A passphrase, including its line ending. */
#define INK_MAX_PASSPHRASE 1024
/* One message from an ssh-agent (OpenSSH's own ceiling, AGENT_MAX_LEN). */
#define INK_MAX_AGENT_MSG (256u * 1024)
/* Keys one ssh-agent lists. */
#define INK_MAX_AGENT_KEYS 1024
/* A pkcs11: URI, and one attribute of a token object read back. */
#define INK_MAX_PKCS11_URI 4096
#define INK_MAX_TOKEN_ATTR 4096

#endif
