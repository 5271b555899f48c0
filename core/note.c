/*
 * C2SP signed notes and tlog checkpoints.  Parsing follows the spec and
 * the reference implementation (golang.org/x/mod/sumdb/note): the text
 * ends at the last blank line, every byte is checked before anything is
 * trusted, signatures by keys the caller does not trust are skipped, and
 * one that fails under a trusted key spoils the whole note.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/note.h"
#include "core/textout.h"

/* U+2014 EM DASH and a space: how every signature line starts. */
#define SIG_PREFIX "\xe2\x80\x94 "
#define SIG_PREFIX_LEN 4
/* The longest signature line note_sign() adds, beyond the name. */
#define SIG_LINE_MAX (SIG_PREFIX_LEN + 1 + 92 + 1)

/*
 * The code point starting s (n > 0 bytes available) and its length in
 * *len, or -1 when s does not start with well-formed UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF are not well-formed): the
 * one strict decoder, core/textout.c's.
 */
static long
utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	enum textout_kind kind;
	uint32_t cp;

	*len = textout_char(s, n, &kind, &cp);
	if (kind == TEXTOUT_INVALID || kind == TEXTOUT_SHORT)
		return -1;
	return (long)cp;
}

/* Unicode White_Space, as Go's unicode.IsSpace sees it. */
static int
is_space(long cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/* Well-formed UTF-8 with no control character but, when allowed, \n. */
static int
check_text(const char *s, size_t n, int newline_ok, const char *what)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	long cp;

	while (i < n) {
		if ((cp = utf8_next(u + i, n - i, &k)) < 0)
			return ink_error(INK_EINPUT, "%s: not valid UTF-8 at "
			    "byte %zu", what, i);
		if (cp < 0x20 && !(cp == '\n' && newline_ok))
			return ink_error(INK_EINPUT, "%s: control character "
			    "at byte %zu", what, i);
		i += k;
	}
	return 0;
}

static int
check_name(const char *s, size_t n, const char *what)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	long cp;
	int rc;

	if (n == 0)
		return ink_error(INK_EINPUT, "%s: empty key name", what);
	if (n > NOTE_MAX_NAME)
		return ink_error(INK_EINPUT, "%s: key name longer than %d "
		    "bytes", what, NOTE_MAX_NAME);
	if ((rc = check_text(s, n, 0, what)) != 0)
		return rc;
	while (i < n) {
		cp = utf8_next(u + i, n - i, &k);
		if (cp == '+' || is_space(cp))
			return ink_error(INK_EINPUT, "%s: key name '%.*s' "
			    "holds a space or a '+'", what, (int)n, s);
		i += k;
	}
	return 0;
}

/* The spec's base64 is the standard alphabet only. */
static int
b64std_decode(struct buf *out, const char *s, size_t n)
{
	if (memchr(s, '-', n) != NULL || memchr(s, '_', n) != NULL)
		return ink_error(INK_EINPUT, "base64: URL-safe alphabet where "
		    "the standard one is required");
	/* Standard base64 with its padding: one encoding per value. */
	if (n % 4 != 0)
		return ink_error(INK_EINPUT, "base64: padding missing");
	return b64_decode(out, s, n);
}

int
note_key_id(uint32_t *out, const char *name, size_t namelen,
    unsigned char type, const unsigned char pub[ED25519_PUB_LEN])
{
	struct buf b = BUF_INIT(NOTE_MAX_NAME + 2 + ED25519_PUB_LEN);
	unsigned char d[SHA256_LEN];
	int rc;

	if ((rc = buf_add(&b, name, namelen)) != 0 ||
	    (rc = buf_addc(&b, '\n')) != 0 ||
	    (rc = buf_addc(&b, (char)type)) != 0 ||
	    (rc = buf_add(&b, pub, ED25519_PUB_LEN)) != 0)
		goto cleanup;
	sha256(d, b.data, b.len);
	*out = be32_get(d);
cleanup:
	buf_release(&b);
	return rc;
}

/* Puts out back as it was, so a failed append leaves no partial text. */
static void
buf_truncate(struct buf *b, size_t len)
{
	if (b->data == NULL || len > b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

int
note_vkey_format(struct buf *out, const char *name,
    const struct pubkey *key)
{
	return note_vkey_format_type(out, name, key, NOTE_SIG_ED25519);
}

int
note_vkey_format_type(struct buf *out, const char *name,
    const struct pubkey *key, unsigned char type)
{
	unsigned char k[1 + ED25519_PUB_LEN];
	size_t start = out->len;
	uint32_t id;
	int rc;

	if ((rc = check_name(name, strlen(name), "verifier key")) != 0 ||
	    (rc = note_key_id(&id, name, strlen(name), type, key->raw)) != 0)
		return rc;
	k[0] = type;
	memcpy(k + 1, key->raw, ED25519_PUB_LEN);
	if ((rc = buf_addf(out, "%s+%08" PRIx32 "+", name, id)) != 0 ||
	    (rc = b64_encode(out, k, sizeof(k))) != 0)
		buf_truncate(out, start);
	return rc;
}

void
note_vkey_release(struct note_vkey *v)
{
	if (v == NULL)
		return;
	free(v->name);
	pubkey_free(v->key);
	v->name = NULL;
	v->key = NULL;
	v->id = 0;
}

int
note_vkey_parse(struct note_vkey *out, const char *vkey, size_t len)
{
	return note_vkey_parse_type(out, vkey, len, NOTE_SIG_ED25519);
}

int
note_vkey_parse_type(struct note_vkey *out, const char *vkey, size_t len,
    unsigned char type)
{
	struct buf k = BUF_INIT(2 * (1 + ED25519_PUB_LEN));
	unsigned char idb[4];
	const char *p1, *p2, *end = vkey + len;
	size_t namelen;
	uint32_t id;
	int rc;

	out->name = NULL;
	out->key = NULL;
	out->id = 0;
	if (len > NOTE_MAX_VKEY)
		return ink_error(INK_EINPUT, "verifier key: longer than %d "
		    "bytes", NOTE_MAX_VKEY);
	/* Split at the first two '+': the base64 key may hold more. */
	if ((p1 = memchr(vkey, '+', len)) == NULL ||
	    (p2 = memchr(p1 + 1, '+', (size_t)(end - p1 - 1))) == NULL)
		return ink_error(INK_EINPUT, "verifier key: not of the form "
		    "name+hash+key");
	namelen = (size_t)(p1 - vkey);
	if ((rc = check_name(vkey, namelen, "verifier key")) != 0)
		goto cleanup;
	/* Lowercase, as every signer writes it: one spelling per key. */
	if (p2 - p1 - 1 != 8 || strspn(p1 + 1, "0123456789abcdef") < 8 ||
	    hex_decode(idb, 4, p1 + 1, 8) != 0) {
		rc = ink_error(INK_EINPUT, "verifier key: key hash is not 8 "
		    "lowercase hex digits");
		goto cleanup;
	}
	if ((rc = b64std_decode(&k, p2 + 1, (size_t)(end - p2 - 1))) != 0) {
		rc = ink_error_wrap(rc, "verifier key");
		goto cleanup;
	}
	if (k.len < 1 || k.data[0] != type) {
		rc = ink_error(INK_EINPUT, "verifier key: signature type "
		    "0x%02x is not 0x%02x (%s)", k.len ? k.data[0] : 0, type,
		    type == NOTE_SIG_COSIG_V1 ? "an Ed25519 cosignature/v1 key" :
		    "Ed25519");
		goto cleanup;
	}
	if (k.len != 1 + ED25519_PUB_LEN) {
		rc = ink_error(INK_EINPUT, "verifier key: Ed25519 key of %zu "
		    "bytes, not %d", k.len - 1, ED25519_PUB_LEN);
		goto cleanup;
	}
	if ((rc = note_key_id(&id, vkey, namelen, type, k.data + 1)) != 0)
		goto cleanup;
	if (id != be32_get(idb)) {
		rc = ink_error(INK_EINPUT, "verifier key: key hash %.8s does "
		    "not match the name and key", p1 + 1);
		goto cleanup;
	}
	if ((out->name = strndup(vkey, namelen)) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((rc = pubkey_from_raw(&out->key, k.data + 1)) != 0)
		goto cleanup;
	out->id = id;
cleanup:
	buf_release(&k);
	if (rc != 0)
		note_vkey_release(out);
	return rc;
}

int
note_sign(struct buf *out, const char *text, size_t len, const char *name,
    EVP_PKEY *key)
{
	unsigned char pub[ED25519_PUB_LEN];
	unsigned char sig[4 + ED25519_SIG_LEN];
	size_t publen = sizeof(pub), namelen = strlen(name);
	size_t start = out->len;
	uint32_t id;
	int rc;

	if ((rc = check_name(name, namelen, "note")) != 0)
		return rc;
	/* Never make a note the verifier would refuse for its size. */
	if (len > NOTE_MAX_SIZE - 1 - namelen - SIG_LINE_MAX)
		return ink_error(INK_EINPUT, "note: text too long to sign "
		    "within %u bytes", NOTE_MAX_SIZE);
	if (len == 0 || text[len - 1] != '\n')
		return ink_error(INK_EINPUT, "note: text does not end in a "
		    "newline");
	if ((rc = check_text(text, len, 1, "note")) != 0)
		return rc;
	if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519)
		return ink_error(INK_EINPUT, "note: signing key is not "
		    "Ed25519");
	if (!EVP_PKEY_get_raw_public_key(key, pub, &publen) ||
	    publen != sizeof(pub))
		return ink_error_ssl(INK_EINPUT, "note: cannot read the "
		    "public key");
	if ((rc = note_key_id(&id, name, namelen, NOTE_SIG_ED25519, pub)) != 0)
		return rc;
	be32_put(sig, id);
	if ((rc = ed25519_sign(sig + 4, key, text, len)) != 0)
		return ink_error_wrap(rc, "note");
	if ((rc = buf_add(out, text, len)) != 0 ||
	    (rc = buf_adds(out, "\n" SIG_PREFIX)) != 0 ||
	    (rc = buf_add(out, name, namelen)) != 0 ||
	    (rc = buf_addc(out, ' ')) != 0 ||
	    (rc = b64_encode(out, sig, sizeof(sig))) != 0 ||
	    (rc = buf_addc(out, '\n')) != 0)
		buf_truncate(out, start);
	return rc;
}

static const struct note_vkey *
find_key(const struct note_vkey *keys, size_t nkeys, const char *name,
    size_t namelen, uint32_t id)
{
	for (size_t i = 0; i < nkeys; i++)
		if (keys[i].id == id && keys[i].name != NULL &&
		    keys[i].key != NULL && strlen(keys[i].name) == namelen &&
		    memcmp(keys[i].name, name, namelen) == 0)
			return &keys[i];
	return NULL;
}

int
note_verify(size_t *textlen, const char *note, size_t len,
    const struct note_vkey *keys, size_t nkeys)
{
	struct buf sig = BUF_INIT(NOTE_MAX_SIZE);
	const struct note_vkey *k;
	const char *p, *end = note + len, *nl, *sp, *bad = NULL;
	size_t tlen = 0, nsigs = 0, good = 0, badlen = 0, i;
	int rc;

	if (len > NOTE_MAX_SIZE)
		return ink_error(INK_EINPUT, "note: larger than the limit of "
		    "%u bytes", NOTE_MAX_SIZE);
	if ((rc = check_text(note, len, 1, "note")) != 0)
		return rc;
	/* The text ends at the last blank line: it may hold blank lines
	 * of its own, the signature block never does. */
	for (i = len; i >= 2; i--)
		if (note[i - 2] == '\n' && note[i - 1] == '\n')
			break;
	if (i < 2)
		return ink_error(INK_EINPUT, "note: no blank line before the "
		    "signatures");
	tlen = i - 1;
	p = note + i;
	if (p == end)
		return ink_error(INK_EINPUT, "note: no signature lines");
	if (end[-1] != '\n')
		return ink_error(INK_EINPUT, "note: does not end in a newline");
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (++nsigs > NOTE_MAX_SIGS) {
			rc = ink_error(INK_EINPUT, "note: more than %d "
			    "signatures", NOTE_MAX_SIGS);
			goto cleanup;
		}
		if (nl - p < SIG_PREFIX_LEN ||
		    memcmp(p, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
			rc = ink_error(INK_EINPUT, "note: signature line %zu "
			    "does not start with an em dash and a space",
			    nsigs);
			goto cleanup;
		}
		p += SIG_PREFIX_LEN;
		if ((sp = memchr(p, ' ', (size_t)(nl - p))) == NULL) {
			rc = ink_error(INK_EINPUT, "note: signature line %zu "
			    "has no signature", nsigs);
			goto cleanup;
		}
		if ((rc = check_name(p, (size_t)(sp - p), "note")) != 0)
			goto cleanup;
		buf_reset(&sig);
		if ((rc = b64std_decode(&sig, sp + 1,
		    (size_t)(nl - sp - 1))) != 0) {
			rc = ink_error_wrap(rc, "note: signature line %zu",
			    nsigs);
			goto cleanup;
		}
		if (sig.len < 5) {
			rc = ink_error(INK_EINPUT, "note: signature line %zu "
			    "is too short", nsigs);
			goto cleanup;
		}
		k = find_key(keys, nkeys, p, (size_t)(sp - p),
		    be32_get(sig.data));
		if (k == NULL)
			continue;
		rc = pubkey_verify(k->key, note, tlen, sig.data + 4,
		    sig.len - 4);
		if (rc == 0) {
			good++;
		} else if (rc == INK_ENO) {
			if (bad == NULL) {
				bad = p;
				badlen = (size_t)(sp - p);
			}
			rc = 0;
		} else {
			goto cleanup;
		}
	}
	if (bad != NULL)
		rc = ink_error(INK_ELOG, "note: the signature by '%.*s' does "
		    "not verify", (int)badlen, bad);
	else if (good == 0)
		rc = ink_error(INK_ELOG, "note: no signature by a trusted key");
	else if (textlen != NULL)
		*textlen = tlen;
cleanup:
	buf_release(&sig);
	return rc;
}

/* Zero or more non-empty lines, each ending in a newline. */
static int
check_lines(const char *s, size_t n, const char *what)
{
	int rc;

	if (n == 0)
		return 0;
	if ((rc = check_text(s, n, 1, what)) != 0)
		return rc;
	if (s[n - 1] != '\n')
		return ink_error(INK_EINPUT, "%s: does not end in a newline",
		    what);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' && (i == 0 || s[i - 1] == '\n'))
			return ink_error(INK_EINPUT, "%s: empty line", what);
	return 0;
}

int
note_checkpoint_format(struct buf *out, const char *origin, uint64_t size,
    const unsigned char root[32], const char *extra)
{
	size_t start = out->len, n = strlen(origin);
	int rc;

	if (n == 0)
		return ink_error(INK_EINPUT, "checkpoint: empty origin");
	if ((rc = check_text(origin, n, 0, "checkpoint: origin")) != 0)
		return rc;
	if (extra != NULL && (rc = check_lines(extra, strlen(extra),
	    "checkpoint: extension lines")) != 0)
		return rc;
	if ((rc = buf_addf(out, "%s\n%" PRIu64 "\n", origin, size)) != 0 ||
	    (rc = b64_encode(out, root, 32)) != 0 ||
	    (rc = buf_addc(out, '\n')) != 0 ||
	    (extra != NULL && (rc = buf_adds(out, extra)) != 0))
		buf_truncate(out, start);
	return rc;
}

void
note_checkpoint_release(struct note_checkpoint *c)
{
	if (c == NULL)
		return;
	free(c->origin);
	free(c->extra);
	memset(c, 0, sizeof(*c));
}

/* Decimal with no leading zero (but "0" itself), within 64 bits. */
static int
parse_size(uint64_t *out, const char *s, size_t n)
{
	uint64_t v = 0;

	if (n == 0 || (n > 1 && s[0] == '0'))
		return ink_error(INK_EINPUT, "checkpoint: tree size '%.*s' is "
		    "not a decimal number without leading zeros", (int)n, s);
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			return ink_error(INK_EINPUT, "checkpoint: tree size "
			    "'%.*s' is not a decimal number", (int)n, s);
		if (v > (UINT64_MAX - d) / 10)
			return ink_error(INK_EINPUT, "checkpoint: tree size "
			    "'%.*s' does not fit in 64 bits", (int)n, s);
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
note_checkpoint_parse(struct note_checkpoint *out, const char *text,
    size_t len)
{
	struct buf root = BUF_INIT(64);
	const char *line[3], *end = text + len, *p = text, *nl;
	size_t linelen[3];
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > NOTE_MAX_SIZE)
		return ink_error(INK_EINPUT, "checkpoint: larger than the "
		    "limit of %u bytes", NOTE_MAX_SIZE);
	if (len == 0 || text[len - 1] != '\n')
		return ink_error(INK_EINPUT, "checkpoint: does not end in a "
		    "newline");
	if ((rc = check_text(text, len, 1, "checkpoint")) != 0)
		return rc;
	for (int i = 0; i < 3; i++) {
		if (p == end)
			return ink_error(INK_EINPUT, "checkpoint: needs an "
			    "origin, a tree size and a root hash line");
		nl = memchr(p, '\n', (size_t)(end - p));
		line[i] = p;
		linelen[i] = (size_t)(nl - p);
		p = nl + 1;
	}
	if (linelen[0] == 0)
		return ink_error(INK_EINPUT, "checkpoint: empty origin");
	if ((rc = parse_size(&out->size, line[1], linelen[1])) != 0)
		goto cleanup;
	if ((rc = b64std_decode(&root, line[2], linelen[2])) != 0) {
		rc = ink_error_wrap(rc, "checkpoint: root hash");
		goto cleanup;
	}
	if (root.len != sizeof(out->root)) {
		rc = ink_error(INK_EINPUT, "checkpoint: root hash of %zu "
		    "bytes, not %zu", root.len, sizeof(out->root));
		goto cleanup;
	}
	memcpy(out->root, root.data, sizeof(out->root));
	if ((rc = check_lines(p, (size_t)(end - p),
	    "checkpoint: extension lines")) != 0)
		goto cleanup;
	if ((out->origin = strndup(line[0], linelen[0])) == NULL ||
	    (p < end && (out->extra = strndup(p, (size_t)(end - p))) == NULL))
		rc = ink_error(INK_EINPUT, "out of memory");
cleanup:
	buf_release(&root);
	if (rc != 0)
		note_checkpoint_release(out);
	return rc;
}
