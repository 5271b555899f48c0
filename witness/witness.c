/*
 * The witness: its state folder, the logs it witnesses, and the one
 * add-checkpoint path that the offline cosign and the HTTP server share.
 * Every check of c2sp.org/tlog-witness is made in the spec's order, and
 * the new checkpoint is on disk (temp file, fsync, rename, fsync of the
 * folder) before the cosignature leaves this file: a crash at any point
 * leaves the old state or the new one, and no cosignature the state does
 * not account for.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/file.h"
#include "core/merkle.h"
#include "core/note.h"
#include "witness/limits.h"
#include "witness/witness.h"

#define EM_DASH "\xe2\x80\x94 "

struct witness {
	char *dir;
	char *name;
	EVP_PKEY *key;
	uint32_t id;
};

/* dir/rel, or NULL (with the reason set) when it does not fit. */
static char *
path_join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + 1 + strlen(rel) + 1;
	char *p;

	if (n > PATH_MAX) {
		ink_error(INK_EINPUT, "'%s/%s': path too long", dir, rel);
		return NULL;
	}
	if ((p = malloc(n)) == NULL) {
		ink_error(INK_EINPUT, "out of memory");
		return NULL;
	}
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* The folder of a log's files: logs/<hex SHA-256 of its origin>. */
static void
log_dir(char out[5 + SHA256_HEX], const char *origin, size_t len)
{
	char h[SHA256_HEX];

	sha256_hex(h, origin, len);
	snprintf(out, 5 + SHA256_HEX, "logs/%s", h);
}

/* One line of text for a file of ours: no control character. */
static int
check_line(const char *s, size_t n, const char *what)
{
	if (n == 0)
		return ink_error(INK_EINPUT, "%s: empty", what);
	if (n > NOTE_MAX_NAME)
		return ink_error(INK_EINPUT, "%s: longer than %d bytes", what,
		    NOTE_MAX_NAME);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return ink_error(INK_EINPUT, "%s: control character "
			    "at byte %zu", what, i);
	return 0;
}

/*
 * Holds the state's lock: one read-check-write at a time, across threads
 * (each takes its own open file) and processes.  Returns the descriptor,
 * or -1 with the reason set.
 */
static int
lock_take(const char *dir)
{
	char *p = path_join(dir, "lock");
	int fd;

	if (p == NULL)
		return -1;
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		ink_error_sys(INK_EINPUT, "cannot open '%s'", p);
		free(p);
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		ink_error_sys(INK_EINPUT, "cannot lock '%s'", p);
		close(fd);
		free(p);
		return -1;
	}
	free(p);
	return fd;
}

static void
lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * Writes dir/rel atomically.  A temporary file a killed writer of the
 * same process id left behind is removed first: under the lock no other
 * writer can be using it.
 */
static int
state_write(const char *dir, const char *rel, const void *data, size_t len)
{
	char *p = path_join(dir, rel), tmp[PATH_MAX];
	int rc;

	if (p == NULL)
		return INK_EINPUT;
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", p, (long)getpid());
	(void)unlink(tmp);
	rc = file_write_atomic(p, data, len, 0644);
	free(p);
	return rc;
}

/* Reads dir/rel: INK_ENOTFOUND when it is not there. */
static int
state_read(struct buf *out, const char *dir, const char *rel, size_t max)
{
	char *p = path_join(dir, rel);
	int rc;

	buf_init(out, max);
	if (p == NULL)
		return INK_EINPUT;
	if (!file_exists(p))
		rc = INK_ENOTFOUND;
	else
		rc = file_read(out, p, max);
	free(p);
	return rc;
}

/* The value of "<key> <value>\n" in a config text, or NULL. */
static char *
config_get(const struct buf *cfg, const char *key)
{
	const char *p = (const char *)cfg->data, *end = p + cfg->len, *nl;
	size_t k = strlen(key);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if ((size_t)(nl - p) > k && memcmp(p, key, k) == 0 &&
		    p[k] == ' ')
			return strndup(p + k + 1, (size_t)(nl - p - k - 1));
	}
	return NULL;
}

int
witness_init(struct buf *vkey, const char *dir, const char *name,
    const char *keypath, const struct key_pass *pass)
{
	struct buf cfg = BUF_INIT(WITNESS_MAX_FILE), vk = BUF_INIT(NOTE_MAX_VKEY);
	struct pubkey *pub = NULL;
	char abs[PATH_MAX], *logs = NULL;
	int rc;

	if ((rc = check_line(name, strlen(name), "witness name")) != 0)
		return rc;
	/* Kept as a path from anywhere: a key file's, or the public key file
	 * an ssh-agent key is named by; a token's URI as it is. */
	switch (key_custody_of(keypath)) {
	case KEY_IN_FILE:
		if (realpath(keypath, abs) == NULL)
			return ink_error_sys(INK_EINPUT, "cannot read '%s'",
			    keypath);
		break;
	case KEY_IN_AGENT: {
		const char *pubf = keypath + strlen(KEY_AGENT_PREFIX);
		char rp[PATH_MAX];
		if (realpath(pubf, rp) == NULL)
			return ink_error_sys(INK_EINPUT, "cannot read '%s'", pubf);
		if ((size_t)snprintf(abs, sizeof(abs), "%s%s", KEY_AGENT_PREFIX,
		    rp) >= sizeof(abs))
			return ink_error(INK_EINPUT, "'%s': path too long", pubf);
		break;
	}
	case KEY_ON_TOKEN:
		if ((size_t)snprintf(abs, sizeof(abs), "%s", keypath) >=
		    sizeof(abs))
			return ink_error(INK_EINPUT, "the token URI is too long");
		break;
	}
	if ((rc = key_load_public(&pub, abs, pass)) != 0)
		goto cleanup;
	if ((rc = note_vkey_format_type(&vk, name, pub, NOTE_SIG_COSIG_V1)) != 0)
		goto cleanup;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		rc = ink_error_sys(INK_EINPUT, "cannot make '%s'", dir);
		goto cleanup;
	}
	{
		char *cp = path_join(dir, "config");
		int there = cp != NULL && file_exists(cp);
		free(cp);
		if (cp == NULL) {
			rc = INK_EINPUT;
			goto cleanup;
		}
		if (there) {
			rc = ink_error(INK_EEXIST, "'%s' already holds a "
			    "witness", dir);
			goto cleanup;
		}
	}
	if ((logs = path_join(dir, "logs")) == NULL) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if (mkdir(logs, 0755) != 0 && errno != EEXIST) {
		rc = ink_error_sys(INK_EINPUT, "cannot make '%s'", logs);
		goto cleanup;
	}
	if ((rc = buf_addf(&cfg, "name %s\nkey %s\nvkey %s\n", name, abs,
	    buf_str(&vk))) != 0)
		goto cleanup;
	{
		char *cp = path_join(dir, "config");
		rc = cp ? file_write_new(cp, cfg.data, cfg.len, 0644) :
		    INK_EINPUT;
		free(cp);
		if (rc != 0)
			goto cleanup;
	}
	rc = buf_add(vkey, vk.data, vk.len);
cleanup:
	free(logs);
	pubkey_free(pub);
	buf_release(&cfg);
	buf_release(&vk);
	return rc;
}

int
witness_vkey(struct buf *out, const char *dir)
{
	struct buf cfg;
	char *v = NULL;
	int rc;

	if ((rc = state_read(&cfg, dir, "config", WITNESS_MAX_FILE)) != 0) {
		if (rc == INK_ENOTFOUND)
			rc = ink_error(INK_EINPUT, "'%s' holds no witness (inkan "
			    "witness init)", dir);
		goto cleanup;
	}
	if ((v = config_get(&cfg, "vkey")) == NULL) {
		rc = ink_error(INK_EINPUT, "'%s/config' has no vkey line", dir);
		goto cleanup;
	}
	rc = buf_adds(out, v);
cleanup:
	free(v);
	buf_release(&cfg);
	return rc;
}

int
witness_add_log(const char *dir, const char *origin, const char *vkey)
{
	struct note_vkey vk = NOTE_VKEY_INIT;
	struct buf keys = BUF_INIT(WITNESS_MAX_FILE), cfg;
	char ld[5 + SHA256_HEX], rel[5 + SHA256_HEX + 16], *p = NULL;
	size_t n = 0;
	int fd = -1, rc;

	if ((rc = note_vkey_parse(&vk, vkey, strlen(vkey))) != 0)
		return ink_error_wrap(rc, "log key");
	if (origin == NULL)
		origin = vk.name;
	if ((rc = check_line(origin, strlen(origin), "origin")) != 0)
		goto cleanup;
	/* Only a witness's folder: never make one by mistake elsewhere. */
	if ((rc = state_read(&cfg, dir, "config", WITNESS_MAX_FILE)) != 0) {
		if (rc == INK_ENOTFOUND)
			rc = ink_error(INK_EINPUT, "'%s' holds no witness (inkan "
			    "witness init)", dir);
		buf_release(&cfg);
		goto cleanup;
	}
	buf_release(&cfg);
	if ((fd = lock_take(dir)) < 0) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	log_dir(ld, origin, strlen(origin));
	if ((p = path_join(dir, ld)) == NULL) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST) {
		rc = ink_error_sys(INK_EINPUT, "cannot make '%s'", p);
		goto cleanup;
	}
	snprintf(rel, sizeof(rel), "%s/vkeys", ld);
	rc = state_read(&keys, dir, rel, WITNESS_MAX_FILE);
	if (rc != 0 && rc != INK_ENOTFOUND)
		goto cleanup;
	rc = 0;
	for (size_t i = 0; i < keys.len; i++)
		if (keys.data[i] == '\n')
			n++;
	{
		/* Already trusted: nothing to change. */
		const char *s = buf_str(&keys), *hit = s;
		size_t kl = strlen(vkey);
		while ((hit = strstr(hit, vkey)) != NULL) {
			if ((hit == s || hit[-1] == '\n') && hit[kl] == '\n')
				goto cleanup;
			hit += kl;
		}
	}
	if (n >= WITNESS_MAX_LOG_KEYS) {
		rc = ink_error(INK_EINPUT, "'%s' has %d keys already, the most "
		    "a log may have", origin, WITNESS_MAX_LOG_KEYS);
		goto cleanup;
	}
	if ((rc = buf_addf(&keys, "%s\n", vkey)) != 0)
		goto cleanup;
	snprintf(rel, sizeof(rel), "%s/origin", ld);
	{
		struct buf o = BUF_INIT(NOTE_MAX_NAME + 2);
		if ((rc = buf_addf(&o, "%s\n", origin)) == 0)
			rc = state_write(dir, rel, o.data, o.len);
		buf_release(&o);
		if (rc != 0)
			goto cleanup;
	}
	snprintf(rel, sizeof(rel), "%s/vkeys", ld);
	rc = state_write(dir, rel, keys.data, keys.len);
cleanup:
	lock_release(fd);
	free(p);
	buf_release(&keys);
	note_vkey_release(&vk);
	return rc;
}

void
witness_close(struct witness *w)
{
	if (w == NULL)
		return;
	free(w->dir);
	free(w->name);
	EVP_PKEY_free(w->key);
	free(w);
}

int
witness_open(struct witness **out, const char *dir,
    const struct key_pass *pass)
{
	struct note_vkey vk = NOTE_VKEY_INIT;
	struct witness *w = NULL;
	struct buf cfg;
	unsigned char pub[ED25519_PUB_LEN];
	size_t publen = sizeof(pub);
	char *keypath = NULL, *vkey = NULL;
	int rc;

	*out = NULL;
	if ((rc = state_read(&cfg, dir, "config", WITNESS_MAX_FILE)) != 0) {
		if (rc == INK_ENOTFOUND)
			rc = ink_error(INK_EINPUT, "'%s' holds no witness (inkan "
			    "witness init)", dir);
		goto cleanup;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->dir = strdup(dir)) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((w->name = config_get(&cfg, "name")) == NULL ||
	    (keypath = config_get(&cfg, "key")) == NULL ||
	    (vkey = config_get(&cfg, "vkey")) == NULL) {
		rc = ink_error(INK_EINPUT, "'%s/config' lacks a name, key or "
		    "vkey line", dir);
		goto cleanup;
	}
	if ((rc = note_vkey_parse_type(&vk, vkey, strlen(vkey),
	    NOTE_SIG_COSIG_V1)) != 0) {
		rc = ink_error_wrap(rc, "'%s/config'", dir);
		goto cleanup;
	}
	if ((rc = key_load_private(&w->key, keypath, pass)) != 0)
		goto cleanup;
	/* The key file may have been replaced since init: cosign only with
	 * the key whose verifier key the witness gave out. */
	if (!EVP_PKEY_get_raw_public_key(w->key, pub, &publen) ||
	    publen != sizeof(pub) || strcmp(vk.name, w->name) != 0 ||
	    memcmp(pub, vk.key->raw, sizeof(pub)) != 0) {
		rc = ink_error(INK_EINPUT, "'%s' is not the key of the witness "
		    "'%s' (%s)", keypath, w->name, vkey);
		goto cleanup;
	}
	w->id = vk.id;
	*out = w;
	w = NULL;
cleanup:
	witness_close(w);
	note_vkey_release(&vk);
	free(keypath);
	free(vkey);
	buf_release(&cfg);
	return rc;
}

/* Decimal with no leading zero (but "0" itself), within 64 bits. */
static int
parse_u64(uint64_t *out, const char *s, size_t n)
{
	uint64_t v = 0;

	if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* A request, split: the old size, the proof, the note. */
struct request {
	uint64_t old;
	unsigned char proof[WITNESS_MAX_PROOF][MERKLE_HASH_LEN];
	size_t nproof;
	const char *note;
	size_t notelen;
};

static int
request_parse(struct request *r, const char *req, size_t len)
{
	const char *p = req, *end = req + len, *nl;
	struct buf h = BUF_INIT(64);
	int rc = 0;

	if ((nl = memchr(p, '\n', len)) == NULL || nl - p < 5 ||
	    memcmp(p, "old ", 4) != 0 ||
	    parse_u64(&r->old, p + 4, (size_t)(nl - p - 4)) != 0)
		return ink_error(INK_EINPUT, "request: the first line is not "
		    "'old <size>' in decimal without leading zeros");
	r->nproof = 0;
	for (p = nl + 1;; p = nl + 1) {
		if (p >= end || (nl = memchr(p, '\n', (size_t)(end - p))) ==
		    NULL) {
			rc = ink_error(INK_EINPUT, "request: no blank line "
			    "before the checkpoint");
			goto cleanup;
		}
		if (nl == p)
			break;
		if (r->nproof == WITNESS_MAX_PROOF) {
			rc = ink_error(INK_EINPUT, "request: more than %d "
			    "proof lines", WITNESS_MAX_PROOF);
			goto cleanup;
		}
		buf_reset(&h);
		/* Standard base64, padded: 44 characters for 32 bytes. */
		if (nl - p != 44 || memchr(p, '-', 44) != NULL ||
		    memchr(p, '_', 44) != NULL ||
		    b64_decode(&h, p, 44) != 0 || h.len != MERKLE_HASH_LEN) {
			rc = ink_error(INK_EINPUT, "request: proof line %zu is "
			    "not one base64 hash", r->nproof + 1);
			goto cleanup;
		}
		memcpy(r->proof[r->nproof++], h.data, MERKLE_HASH_LEN);
	}
	r->note = nl + 1;
	r->notelen = (size_t)(end - r->note);
	if (r->notelen == 0)
		rc = ink_error(INK_EINPUT, "request: no checkpoint");
cleanup:
	buf_release(&h);
	return rc;
}

/* The length of a note's text: up to and with the newline before its
 * last blank line; 0 when it has none. */
static size_t
note_text_len(const char *note, size_t len)
{
	for (size_t i = len; i >= 2; i--)
		if (note[i - 2] == '\n' && note[i - 1] == '\n')
			return i - 1;
	return 0;
}

/* Reads a log's trusted keys from its vkeys file. */
static int
log_keys(struct note_vkey keys[WITNESS_MAX_LOG_KEYS], size_t *n,
    const char *dir, const char *ld)
{
	char rel[5 + SHA256_HEX + 16];
	struct buf b;
	const char *p, *end, *nl;
	int rc;

	*n = 0;
	snprintf(rel, sizeof(rel), "%s/vkeys", ld);
	if ((rc = state_read(&b, dir, rel, WITNESS_MAX_FILE)) != 0)
		goto cleanup;
	p = (const char *)b.data;
	end = p + b.len;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		if (*n == WITNESS_MAX_LOG_KEYS) {
			rc = ink_error(INK_EINPUT, "'%s/%s': more than %d keys",
			    dir, rel, WITNESS_MAX_LOG_KEYS);
			goto cleanup;
		}
		if ((rc = note_vkey_parse(&keys[*n], p, (size_t)(nl - p))) != 0) {
			rc = ink_error_wrap(rc, "'%s/%s'", dir, rel);
			goto cleanup;
		}
		(*n)++;
	}
cleanup:
	buf_release(&b);
	return rc;
}

/* The size and root of the last checkpoint cosigned for a log: size 0
 * and the empty tree's root when there is none. */
static int
log_state(uint64_t *size, unsigned char root[MERKLE_HASH_LEN],
    const char *dir, const char *ld)
{
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	char rel[5 + SHA256_HEX + 16];
	struct buf b;
	size_t tl;
	int rc;

	snprintf(rel, sizeof(rel), "%s/checkpoint", ld);
	rc = state_read(&b, dir, rel, WITNESS_MAX_REQUEST);
	if (rc == INK_ENOTFOUND) {
		*size = 0;
		sha256(root, "", 0);
		rc = 0;
		goto cleanup;
	}
	if (rc != 0)
		goto cleanup;
	if ((tl = note_text_len((const char *)b.data, b.len)) == 0 ||
	    (rc = note_checkpoint_parse(&c, (const char *)b.data, tl)) != 0) {
		rc = tl ? ink_error_wrap(INK_EINPUT, "'%s/%s' is damaged", dir,
		    rel) : ink_error(INK_EINPUT, "'%s/%s' is damaged: no blank "
		    "line", dir, rel);
		goto cleanup;
	}
	*size = c.size;
	memcpy(root, c.root, MERKLE_HASH_LEN);
cleanup:
	note_checkpoint_release(&c);
	buf_release(&b);
	return rc;
}

/* The cosignature/v1 line (c2sp.org/tlog-cosignature) of the
 * checkpoint text at time now. */
static int
cosign(struct witness *w, struct buf *out, const char *text, size_t len,
    int64_t now)
{
	struct buf msg = BUF_INIT(WITNESS_MAX_REQUEST + 64);
	unsigned char sig[4 + 8 + ED25519_SIG_LEN];
	int rc;

	if ((rc = buf_addf(&msg, "cosignature/v1\ntime %" PRId64 "\n",
	    now)) != 0 || (rc = buf_add(&msg, text, len)) != 0)
		goto cleanup;
	be32_put(sig, w->id);
	be32_put(sig + 4, (uint32_t)((uint64_t)now >> 32));
	be32_put(sig + 8, (uint32_t)now);
	if ((rc = ed25519_sign(sig + 12, w->key, msg.data, msg.len)) != 0)
		goto cleanup;
	if ((rc = buf_addf(out, EM_DASH "%s ", w->name)) != 0 ||
	    (rc = b64_encode(out, sig, sizeof(sig))) != 0 ||
	    (rc = buf_addc(out, '\n')) != 0)
		goto cleanup;
cleanup:
	buf_release(&msg);
	return rc;
}

int
witness_cosignatures(size_t *good, int64_t *newest, int *seen,
    const char *note, size_t len, const struct note_vkey *wit, size_t n)
{
	struct buf sig = BUF_INIT(256), msg = BUF_INIT(NOTE_MAX_SIZE + 64);
	const char *p, *end = note + len, *nl, *sp;
	size_t tl, nlines = 0;
	uint64_t t;
	int rc = 0, *mine = NULL;

	*good = 0;
	*newest = 0;
	if (len > NOTE_MAX_SIZE)
		return ink_error(INK_EINPUT, "checkpoint: larger than %u bytes",
		    NOTE_MAX_SIZE);
	if ((tl = note_text_len(note, len)) == 0 || note[len - 1] != '\n')
		return ink_error(INK_EINPUT, "checkpoint: not a signed note");
	if (n && (mine = calloc(n, sizeof(*mine))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (p = note + tl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (++nlines > NOTE_MAX_SIGS) {
			rc = ink_error(INK_EINPUT, "checkpoint: more than %d "
			    "signature lines", NOTE_MAX_SIGS);
			goto cleanup;
		}
		if (nl - p < 4 || memcmp(p, EM_DASH, 4) != 0 ||
		    (sp = memchr(p + 4, ' ', (size_t)(nl - p - 4))) == NULL) {
			rc = ink_error(INK_EINPUT, "checkpoint: signature line "
			    "%zu is malformed", nlines);
			goto cleanup;
		}
		buf_reset(&sig);
		if (b64_decode(&sig, sp + 1, (size_t)(nl - sp - 1)) != 0 ||
		    sig.len < 4) {
			rc = ink_error(INK_EINPUT, "checkpoint: signature line "
			    "%zu is not base64", nlines);
			goto cleanup;
		}
		for (size_t i = 0; i < n; i++) {
			size_t kl = strlen(wit[i].name);
			if (kl != (size_t)(sp - p - 4) ||
			    memcmp(wit[i].name, p + 4, kl) != 0 ||
			    be32_get(sig.data) != wit[i].id)
				continue;
			/* key id, 8-byte timestamp, Ed25519 signature */
			t = sig.len == 4 + 8 + ED25519_SIG_LEN ?
			    (uint64_t)be32_get(sig.data + 4) << 32 |
			    be32_get(sig.data + 8) : 0;
			buf_reset(&msg);
			if (t == 0 || t > INT64_MAX ||
			    buf_addf(&msg, "cosignature/v1\ntime %" PRIu64 "\n",
			    t) != 0 || buf_add(&msg, note, tl) != 0 ||
			    pubkey_verify(wit[i].key, msg.data, msg.len,
			    sig.data + 12, ED25519_SIG_LEN) != 0) {
				rc = ink_error(INK_ELOG, "the cosignature by '%s' "
				    "does not verify", wit[i].name);
				goto cleanup;
			}
			if (!mine[i]) {
				mine[i] = 1;
				(*good)++;
			}
			if ((int64_t)t > *newest)
				*newest = (int64_t)t;
		}
	}
	if (seen != NULL)
		for (size_t i = 0; i < n; i++)
			seen[i] = mine[i];
cleanup:
	if (rc != 0) {
		*good = 0;
		*newest = 0;
	}
	free(mine);
	buf_release(&sig);
	buf_release(&msg);
	return rc;
}

/* Sets the answer's status and returns the code that goes with it. */
static int
answer(enum witness_status *status, enum witness_status s, int rc)
{
	*status = s;
	return rc;
}

int
witness_add_checkpoint(struct witness *w, const char *req, size_t len,
    int64_t now, enum witness_status *status, struct buf *body)
{
	struct note_vkey keys[WITNESS_MAX_LOG_KEYS];
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	struct request *r = NULL;
	struct buf line = BUF_INIT(NOTE_MAX_NAME + 128);
	struct buf state = BUF_INIT(WITNESS_MAX_REQUEST + NOTE_MAX_NAME + 128);
	unsigned char oldroot[MERKLE_HASH_LEN], empty[MERKLE_HASH_LEN];
	char ld[5 + SHA256_HEX], rel[5 + SHA256_HEX + 16];
	uint64_t have = 0;
	size_t nkeys = 0, tl;
	int fd = -1, rc;

	memset(keys, 0, sizeof(keys));
	*status = WITNESS_INTERNAL;
	if (len > WITNESS_MAX_REQUEST) {
		rc = answer(status, WITNESS_TOO_LARGE, ink_error(INK_EINPUT,
		    "request: larger than %u bytes", WITNESS_MAX_REQUEST));
		goto cleanup;
	}
	if (now <= 0) {
		rc = ink_error(INK_EINPUT, "the clock says %" PRId64 ", not a "
		    "time after 1970", now);
		goto cleanup;
	}
	if (len == 0) {
		rc = answer(status, WITNESS_BAD_REQUEST, ink_error(INK_EINPUT,
		    "request: empty"));
		goto cleanup;
	}
	if ((r = malloc(sizeof(*r))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((rc = request_parse(r, req, len)) != 0) {
		*status = WITNESS_BAD_REQUEST;
		goto cleanup;
	}
	if ((tl = note_text_len(r->note, r->notelen)) == 0 ||
	    (rc = note_checkpoint_parse(&c, r->note, tl)) != 0) {
		rc = answer(status, WITNESS_BAD_REQUEST, tl ? ink_error_wrap(
		    INK_EINPUT, "request") : ink_error(INK_EINPUT, "request: "
		    "the checkpoint is not a signed note"));
		goto cleanup;
	}
	/* From here to the write, the state is ours alone. */
	if ((fd = lock_take(w->dir)) < 0) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	log_dir(ld, c.origin, strlen(c.origin));
	rc = log_keys(keys, &nkeys, w->dir, ld);
	if (rc == INK_ENOTFOUND) {
		rc = answer(status, WITNESS_NOT_FOUND, ink_error(INK_ENO,
		    "'%s' is not a log this witness witnesses", c.origin));
		goto cleanup;
	}
	if (rc != 0)
		goto cleanup;
	if ((rc = note_verify(NULL, r->note, r->notelen, keys, nkeys)) != 0) {
		enum witness_status s = rc == INK_ELOG ? WITNESS_FORBIDDEN :
		    WITNESS_BAD_REQUEST;
		rc = answer(status, s, ink_error_wrap(rc == INK_ELOG ? INK_ENO :
		    INK_EINPUT, "the checkpoint of '%s'", c.origin));
		goto cleanup;
	}
	if (r->old > c.size) {
		rc = answer(status, WITNESS_BAD_REQUEST, ink_error(INK_EINPUT,
		    "request: old size %" PRIu64 " is above the checkpoint's "
		    "size %" PRIu64, r->old, c.size));
		goto cleanup;
	}
	if ((rc = log_state(&have, oldroot, w->dir, ld)) != 0)
		goto cleanup;
	if (r->old != have) {
		if ((rc = buf_addf(body, "%" PRIu64 "\n", have)) != 0)
			goto cleanup;
		rc = answer(status, WITNESS_CONFLICT, ink_error(INK_ELOG,
		    "the witness cosigned '%s' at size %" PRIu64 ", not %"
		    PRIu64, c.origin, have, r->old));
		goto cleanup;
	}
	sha256(empty, "", 0);
	if (c.size == 0 && memcmp(c.root, empty, MERKLE_HASH_LEN) != 0) {
		rc = answer(status, WITNESS_UNPROCESSABLE, ink_error(INK_ELOG,
		    "a checkpoint of size 0 whose root is not the empty "
		    "tree's"));
		goto cleanup;
	}
	if (merkle_consistency_verify(have, c.size, oldroot, c.root,
	    (const unsigned char (*)[MERKLE_HASH_LEN])r->proof,
	    r->nproof) != 0) {
		rc = answer(status, WITNESS_UNPROCESSABLE, ink_error_wrap(
		    INK_ELOG, "'%s' at size %" PRIu64 " is not consistent "
		    "with the checkpoint cosigned at size %" PRIu64, c.origin,
		    c.size, have));
		goto cleanup;
	}
	if ((rc = cosign(w, &line, r->note, tl, now)) != 0)
		goto cleanup;
	/* Durable before anyone sees the cosignature. */
	snprintf(rel, sizeof(rel), "%s/checkpoint", ld);
	if ((rc = buf_add(&state, r->note, r->notelen)) != 0 ||
	    (rc = buf_add(&state, line.data, line.len)) != 0 ||
	    (rc = state_write(w->dir, rel, state.data, state.len)) != 0)
		goto cleanup;
	if ((rc = buf_add(body, line.data, line.len)) != 0)
		goto cleanup;
	*status = WITNESS_OK;
cleanup:
	lock_release(fd);
	for (size_t i = 0; i < WITNESS_MAX_LOG_KEYS; i++)
		note_vkey_release(&keys[i]);
	note_checkpoint_release(&c);
	buf_release(&line);
	buf_release(&state);
	free(r);
	return rc;
}

int
witness_checkpoint(struct witness *w, const char *origin_hex,
    struct buf *out)
{
	char rel[5 + SHA256_HEX + 16];
	int rc;

	if (strlen(origin_hex) != SHA256_HEX - 1 ||
	    strspn(origin_hex, "0123456789abcdef") != SHA256_HEX - 1)
		return ink_error(INK_ENOTFOUND, "not an origin hash");
	snprintf(rel, sizeof(rel), "logs/%s/checkpoint", origin_hex);
	rc = state_read(out, w->dir, rel, WITNESS_MAX_REQUEST + NOTE_MAX_NAME +
	    128);
	if (rc == INK_ENOTFOUND)
		rc = ink_error(INK_ENOTFOUND, "no checkpoint cosigned for that "
		    "log");
	return rc;
}
