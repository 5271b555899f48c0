/*
 * Public keys in OpenSSH and minisign formats.
 *
 * OpenSSH (PROTOCOL, RFC 8709): the wire blob is string "ssh-ed25519",
 * string key (32 bytes), each string a 4-byte big-endian length and the
 * bytes; a public key line is "ssh-ed25519 <base64 blob> [comment]".
 * minisign: a public key file is two lines, "untrusted comment: ..." and
 * the base64 of "Ed" || key number (8 bytes) || key (32 bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "keys/formats.h"
#include "keys/key.h"

#define MINISIGN_PUB_LEN (2 + MINISIGN_KEYNUM_LEN + ED25519_PUB_LEN)
#define SSHSIG_HASH "sha512"
/* ssh-keygen wraps the armoured signature at 70 columns. */
#define SSHSIG_LINE 70
/* The longest line of a key file we read (an OpenSSH comment can be
 * long, the key itself is short). */
#define KEY_MAX_LINE 4096

int
key_format_parse(enum key_format *out, const char *name)
{
	if (strcmp(name, "pem") == 0)
		*out = KEY_FORMAT_PEM;
	else if (strcmp(name, "minisign") == 0)
		*out = KEY_FORMAT_MINISIGN;
	else if (strcmp(name, "ssh") == 0)
		*out = KEY_FORMAT_SSH;
	else
		return ink_error(INK_EINPUT, "unknown key format '%s' (pem, "
		    "minisign or ssh)", name);
	return 0;
}

const char *
key_format_name(enum key_format f)
{
	switch (f) {
	case KEY_FORMAT_MINISIGN: return "minisign";
	case KEY_FORMAT_SSH: return "ssh";
	default: return "pem";
	}
}

void
key_minisign_keynum(unsigned char out[MINISIGN_KEYNUM_LEN],
    const struct pubkey *k)
{
	/* The key id is hex; its first 16 digits are the first 8 bytes. */
	hex_decode(out, MINISIGN_KEYNUM_LEN, k->keyid, 2 * MINISIGN_KEYNUM_LEN);
}

void
key_minisign_keyid(char out[MINISIGN_KEYID_HEX], const struct pubkey *k)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char n[MINISIGN_KEYNUM_LEN];

	key_minisign_keynum(n, k);
	for (size_t i = 0; i < MINISIGN_KEYNUM_LEN; i++) {
		unsigned char b = n[MINISIGN_KEYNUM_LEN - 1 - i];
		out[2 * i] = hex[b >> 4];
		out[2 * i + 1] = hex[b & 15];
	}
	out[2 * MINISIGN_KEYNUM_LEN] = '\0';
}

int
key_minisign_pub(struct buf *out, const struct pubkey *k)
{
	unsigned char raw[MINISIGN_PUB_LEN];
	char id[MINISIGN_KEYID_HEX];
	int rc;

	raw[0] = 'E';
	raw[1] = 'd';
	key_minisign_keynum(raw + 2, k);
	memcpy(raw + 2 + MINISIGN_KEYNUM_LEN, k->raw, ED25519_PUB_LEN);
	key_minisign_keyid(id, k);
	if ((rc = buf_addf(out, "untrusted comment: minisign public key %s\n",
	    id)) != 0 ||
	    (rc = b64_encode(out, raw, sizeof(raw))) != 0)
		return rc;
	return buf_addc(out, '\n');
}

int
key_ssh_string(struct buf *out, const void *p, size_t n)
{
	unsigned char len[4];

	len[0] = (unsigned char)(n >> 24);
	len[1] = (unsigned char)(n >> 16);
	len[2] = (unsigned char)(n >> 8);
	len[3] = (unsigned char)n;
	if (buf_add(out, len, 4) != 0)
		return INK_EINPUT;
	return buf_add(out, p, n);
}

int
key_ssh_blob(struct buf *out, const struct pubkey *k)
{
	int rc;

	if ((rc = key_ssh_string(out, SSH_ED25519, strlen(SSH_ED25519))) != 0)
		return rc;
	return key_ssh_string(out, k->raw, ED25519_PUB_LEN);
}

int
key_ssh_pub(struct buf *out, const struct pubkey *k, const char *comment)
{
	struct buf blob = BUF_INIT(256);
	int rc;

	if ((rc = key_ssh_blob(&blob, k)) == 0 &&
	    (rc = buf_adds(out, SSH_ED25519 " ")) == 0 &&
	    (rc = b64_encode(out, blob.data, blob.len)) == 0) {
		if (comment && *comment)
			rc = buf_addf(out, " %s", comment);
		if (rc == 0)
			rc = buf_addc(out, '\n');
	}
	buf_release(&blob);
	return rc;
}

int
key_sshsig_sign(struct buf *out, EVP_PKEY *pkey, const void *msg, size_t n,
    const char *ns)
{
	struct buf tosign = BUF_INIT(1024), blob = BUF_INIT(1024);
	struct buf pubblob = BUF_INIT(256), sigblob = BUF_INIT(256);
	struct buf b64 = BUF_INIT(4096);
	static const unsigned char version[4] = { 0, 0, 0, 1 };
	unsigned char h[EVP_MAX_MD_SIZE], sig[ED25519_SIG_LEN];
	struct pubkey *pub = NULL;
	unsigned int hlen = 0;
	int rc;

	if (ns == NULL || *ns == '\0')
		return ink_error(INK_EINPUT, "an SSH signature needs a namespace");
	if ((rc = pubkey_from_evp(&pub, pkey)) != 0)
		return rc;
	if (EVP_Digest(msg, n, h, &hlen, EVP_sha512(), NULL) != 1) {
		rc = ink_error_ssl(INK_EINPUT, "SHA-512 failed");
		goto cleanup;
	}
	/* What is signed: the magic, namespace, reserved, hash algorithm
	 * and the message's hash. */
	if ((rc = buf_add(&tosign, "SSHSIG", 6)) != 0 ||
	    (rc = key_ssh_string(&tosign, ns, strlen(ns))) != 0 ||
	    (rc = key_ssh_string(&tosign, "", 0)) != 0 ||
	    (rc = key_ssh_string(&tosign, SSHSIG_HASH,
	    strlen(SSHSIG_HASH))) != 0 ||
	    (rc = key_ssh_string(&tosign, h, hlen)) != 0 ||
	    (rc = ed25519_sign(sig, pkey, tosign.data, tosign.len)) != 0)
		goto cleanup;
	if ((rc = key_ssh_blob(&pubblob, pub)) != 0 ||
	    (rc = key_ssh_string(&sigblob, SSH_ED25519,
	    strlen(SSH_ED25519))) != 0 ||
	    (rc = key_ssh_string(&sigblob, sig, sizeof(sig))) != 0)
		goto cleanup;
	if ((rc = buf_add(&blob, "SSHSIG", 6)) != 0 ||
	    (rc = buf_add(&blob, version, sizeof(version))) != 0 ||
	    (rc = key_ssh_string(&blob, pubblob.data, pubblob.len)) != 0 ||
	    (rc = key_ssh_string(&blob, ns, strlen(ns))) != 0 ||
	    (rc = key_ssh_string(&blob, "", 0)) != 0 ||
	    (rc = key_ssh_string(&blob, SSHSIG_HASH,
	    strlen(SSHSIG_HASH))) != 0 ||
	    (rc = key_ssh_string(&blob, sigblob.data, sigblob.len)) != 0 ||
	    (rc = b64_encode(&b64, blob.data, blob.len)) != 0)
		goto cleanup;
	if ((rc = buf_adds(out, "-----BEGIN SSH SIGNATURE-----\n")) != 0)
		goto cleanup;
	for (size_t i = 0; i < b64.len; i += SSHSIG_LINE) {
		size_t k = b64.len - i < SSHSIG_LINE ? b64.len - i : SSHSIG_LINE;
		if ((rc = buf_add(out, b64.data + i, k)) != 0 ||
		    (rc = buf_addc(out, '\n')) != 0)
			goto cleanup;
	}
	rc = buf_adds(out, "-----END SSH SIGNATURE-----\n");
cleanup:
	pubkey_free(pub);
	buf_release(&tosign);
	buf_release(&blob);
	buf_release(&pubblob);
	buf_release(&sigblob);
	buf_release(&b64);
	return rc;
}

int
key_public_export(struct buf *out, const struct pubkey *k, enum key_format f)
{
	char comment[32];

	switch (f) {
	case KEY_FORMAT_MINISIGN:
		return key_minisign_pub(out, k);
	case KEY_FORMAT_SSH:
		/* The short key id, so that the line says which inkan key
		 * it is. */
		snprintf(comment, sizeof(comment), "inkan:%.16s", k->keyid);
		return key_ssh_pub(out, k, comment);
	default:
		return key_public_pem(out, k);
	}
}

/* Strict standard base64 (OpenSSH and minisign write nothing else). */
static int
decode_std64(struct buf *out, const char *s, size_t n, const char *what)
{
	if (n == 0 || strcspn(s, "-_") < n)
		return ink_error(INK_EINPUT, "%s: not standard base64", what);
	if (b64_decode(out, s, n) != 0)
		return ink_error_wrap(INK_EINPUT, "%s", what);
	return 0;
}

/* Reads a 4-byte length and that many bytes from *p (of *left). */
static int
ssh_read_string(const unsigned char **s, size_t *slen,
    const unsigned char **p, size_t *left)
{
	size_t n;

	if (*left < 4)
		return INK_EINPUT;
	n = (size_t)(*p)[0] << 24 | (size_t)(*p)[1] << 16 |
	    (size_t)(*p)[2] << 8 | (size_t)(*p)[3];
	if (n > *left - 4)
		return INK_EINPUT;
	*s = *p + 4;
	*slen = n;
	*p += 4 + n;
	*left -= 4 + n;
	return 0;
}

/* The rest of the text after the first line must be blank. */
static int
only_one_line(const char *text, size_t len, size_t eol, const char *what)
{
	for (size_t i = eol; i < len; i++)
		if (text[i] != '\n' && text[i] != '\r' && text[i] != ' ' &&
		    text[i] != '\t')
			return ink_error(INK_EINPUT, "%s: more than one key in the "
			    "file", what);
	return 0;
}

static int
import_ssh(struct pubkey **out, const char *text, size_t len)
{
	struct buf blob = BUF_INIT(KEY_MAX_LINE);
	const unsigned char *p, *type, *key;
	size_t eol, sp, b64len, left, tlen, klen;
	int rc;

	eol = strcspn(text, "\r\n");
	if (eol > KEY_MAX_LINE)
		return ink_error(INK_EINPUT, "OpenSSH public key: line longer "
		    "than %d bytes", KEY_MAX_LINE);
	if ((rc = only_one_line(text, len, eol, "OpenSSH public key")) != 0)
		return rc;
	sp = strcspn(text, " \t\r\n");
	if (sp != strlen(SSH_ED25519) ||
	    strncmp(text, SSH_ED25519, sp) != 0)
		return ink_error(INK_EINPUT, "OpenSSH public key of type '%.*s': "
		    "only ssh-ed25519 keys can be used", (int)(sp > 64 ? 64 : sp),
		    text);
	if (sp >= eol || (text[sp] != ' ' && text[sp] != '\t'))
		return ink_error(INK_EINPUT, "OpenSSH public key: no key after "
		    "'%s'", SSH_ED25519);
	text += sp + 1;
	b64len = strcspn(text, " \t\r\n");
	if ((rc = decode_std64(&blob, text, b64len, "OpenSSH public key")) != 0)
		goto cleanup;
	p = blob.data;
	left = blob.len;
	if (ssh_read_string(&type, &tlen, &p, &left) != 0 ||
	    ssh_read_string(&key, &klen, &p, &left) != 0 || left != 0 ||
	    tlen != strlen(SSH_ED25519) ||
	    memcmp(type, SSH_ED25519, tlen) != 0 || klen != ED25519_PUB_LEN) {
		rc = ink_error(INK_EINPUT, "OpenSSH public key: the key blob is "
		    "not an ssh-ed25519 key");
		goto cleanup;
	}
	rc = pubkey_from_raw(out, key);
cleanup:
	buf_release(&blob);
	return rc;
}

static int
import_minisign(struct pubkey **out, const char *text, size_t len)
{
	struct buf raw = BUF_INIT(KEY_MAX_LINE);
	const char *line2;
	size_t n1, n2;
	int rc;

	n1 = strcspn(text, "\n");
	if (n1 >= len)
		return ink_error(INK_EINPUT, "minisign public key: no key line");
	line2 = text + n1 + 1;
	n2 = strcspn(line2, "\r\n");
	if ((rc = only_one_line(line2, len - n1 - 1, n2,
	    "minisign public key")) != 0)
		return rc;
	if ((rc = decode_std64(&raw, line2, n2, "minisign public key")) != 0)
		goto cleanup;
	if (raw.len != MINISIGN_PUB_LEN || raw.data[0] != 'E' ||
	    raw.data[1] != 'd') {
		rc = ink_error(INK_EINPUT, "minisign public key: not an Ed25519 "
		    "public key (\"Ed\", 8-byte key number, 32-byte key)");
		goto cleanup;
	}
	rc = pubkey_from_raw(out, raw.data + 2 + MINISIGN_KEYNUM_LEN);
cleanup:
	buf_release(&raw);
	return rc;
}

int
key_public_import(struct pubkey **out, enum key_format *format,
    const char *text, size_t len)
{
	*out = NULL;
	if (memchr(text, 0, len) != NULL)
		return ink_error(INK_EINPUT, "a key file holds no NUL bytes");
	if (strncmp(text, "-----BEGIN OPENSSH PRIVATE KEY-----", 35) == 0)
		return ink_error(INK_EINPUT, "this is an OpenSSH private key: "
		    "import its public key (the .pub file) instead");
	if (strncmp(text, "-----BEGIN PUBLIC KEY-----", 26) == 0) {
		*format = KEY_FORMAT_PEM;
		return pubkey_from_pem(out, text, len);
	}
	if (strncmp(text, "-----BEGIN ", 11) == 0)
		return ink_error(INK_EINPUT, "not a public key: import takes a "
		    "public key (PEM, OpenSSH or minisign)");
	if (strncmp(text, "untrusted comment:", 18) == 0) {
		*format = KEY_FORMAT_MINISIGN;
		return import_minisign(out, text, len);
	}
	*format = KEY_FORMAT_SSH;
	return import_ssh(out, text, len);
}

int
key_import_file(char keyid[KEYID_HEX], enum key_format *format,
    const char *path, const char *prefix)
{
	struct buf in = BUF_INIT(0), pem = BUF_INIT(INK_MAX_KEYFILE);
	struct pubkey *k = NULL;
	char *pubpath = NULL;
	size_t n = strlen(prefix) + 5;
	int rc;

	if ((pubpath = malloc(n)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	snprintf(pubpath, n, "%s.pub", prefix);
	if ((rc = file_read(&in, path, INK_MAX_KEYFILE)) != 0)
		goto cleanup;
	if ((rc = key_public_import(&k, format, (const char *)in.data,
	    in.len)) != 0) {
		rc = ink_error_wrap(rc, "'%s'", path);
		goto cleanup;
	}
	if ((rc = key_public_pem(&pem, k)) != 0)
		goto cleanup;
	if (file_exists(pubpath)) {
		rc = ink_error(INK_EEXIST, "'%s' already exists: not overwriting "
		    "a key", pubpath);
		goto cleanup;
	}
	if ((rc = file_create_excl(pubpath, pem.data, pem.len, 0644)) != 0)
		goto cleanup;
	memcpy(keyid, k->keyid, KEYID_HEX);
cleanup:
	buf_release(&in);
	buf_release(&pem);
	pubkey_free(k);
	free(pubpath);
	return rc;
}
