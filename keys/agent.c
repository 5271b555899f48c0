/*
 * Signing through an ssh-agent.  One connection per key, opened when the
 * key is opened (so "no agent" and "key not in agent" are said before any
 * work) and used under a lock, as a batch signs on several threads.  The
 * agent's signature is checked against the key by ed25519_sign().
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/error.h"
#include "core/limits.h"
#include "keys/agent.h"
#include "keys/formats.h"

/* draft-miller-ssh-agent, section 6.1. */
#define AGENT_FAILURE 5
#define AGENTC_REQUEST_IDENTITIES 11
#define AGENT_IDENTITIES_ANSWER 12
#define AGENTC_SIGN_REQUEST 13
#define AGENT_SIGN_RESPONSE 14

struct agent {
	pthread_mutex_t lock;
	int fd;
	char *sock;             /* SSH_AUTH_SOCK, for messages */
	char *name;             /* the key's name, for messages */
	struct buf blob;        /* the key's wire encoding */
};

static void
agent_free(void *p)
{
	struct agent *a = p;

	if (a == NULL)
		return;
	if (a->fd >= 0)
		close(a->fd);
	pthread_mutex_destroy(&a->lock);
	buf_release(&a->blob);
	free(a->sock);
	free(a->name);
	free(a);
}

static int
gone(const struct agent *a)
{
	return ink_error(INK_EINPUT, "the ssh-agent at '%s' went away",
	    a->sock);
}

static int
write_all(struct agent *a, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		/* MSG_NOSIGNAL: an agent gone is an error, not SIGPIPE. */
		w = send(a->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return gone(a);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
read_all(struct agent *a, unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = read(a->fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return gone(a);
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Sends one request (its body already framed by the caller's type byte)
 * and reads one reply into reply, its first byte the reply's type. */
static int
transact(struct agent *a, const struct buf *req, struct buf *reply)
{
	unsigned char len[4];
	uint32_t n;
	int rc;

	len[0] = (unsigned char)(req->len >> 24);
	len[1] = (unsigned char)(req->len >> 16);
	len[2] = (unsigned char)(req->len >> 8);
	len[3] = (unsigned char)req->len;
	if ((rc = write_all(a, len, 4)) != 0 ||
	    (rc = write_all(a, req->data, req->len)) != 0 ||
	    (rc = read_all(a, len, 4)) != 0)
		return rc;
	n = get_u32(len);
	if (n == 0 || n > INK_MAX_AGENT_MSG)
		return ink_error(INK_EINPUT, "the ssh-agent at '%s' answered "
		    "with a message of %lu bytes", a->sock, (unsigned long)n);
	buf_init(reply, INK_MAX_AGENT_MSG);
	if ((rc = buf_reserve(reply, n)) != 0)
		return rc;
	if ((rc = read_all(a, reply->data, n)) != 0)
		return rc;
	reply->len = n;
	return 0;
}

/* A wire string at *p within [*p, end): its bytes and length; *p moves
 * past it.  0, or -1 when it runs past the end. */
static int
get_string(const unsigned char **p, const unsigned char *end,
    const unsigned char **s, size_t *n)
{
	uint32_t len;

	if (end - *p < 4)
		return -1;
	len = get_u32(*p);
	if ((size_t)(end - *p - 4) < len)
		return -1;
	*s = *p + 4;
	*n = len;
	*p += 4 + (size_t)len;
	return 0;
}

static int
malformed(const struct agent *a)
{
	return ink_error(INK_EINPUT, "the ssh-agent at '%s' answered with a "
	    "malformed message", a->sock);
}

/* Whether the agent lists the key: asking first says "not in the agent"
 * plainly, where a refused signature could mean anything. */
static int
agent_holds(struct agent *a)
{
	struct buf req = BUF_INIT(16), reply = BUF_INIT(0);
	const unsigned char *p, *end, *blob, *comment;
	size_t bn, cn;
	uint32_t i, nkeys;
	int rc, found = 0;

	if ((rc = buf_addc(&req, AGENTC_REQUEST_IDENTITIES)) != 0 ||
	    (rc = transact(a, &req, &reply)) != 0)
		goto cleanup;
	p = reply.data + 1;
	end = reply.data + reply.len;
	if (reply.data[0] != AGENT_IDENTITIES_ANSWER || end - p < 4) {
		rc = malformed(a);
		goto cleanup;
	}
	nkeys = get_u32(p);
	p += 4;
	if (nkeys > INK_MAX_AGENT_KEYS) {
		rc = ink_error(INK_EINPUT, "the ssh-agent at '%s' lists more "
		    "than %u keys", a->sock, INK_MAX_AGENT_KEYS);
		goto cleanup;
	}
	for (i = 0; i < nkeys; i++) {
		if (get_string(&p, end, &blob, &bn) != 0 ||
		    get_string(&p, end, &comment, &cn) != 0) {
			rc = malformed(a);
			goto cleanup;
		}
		if (bn == a->blob.len && memcmp(blob, a->blob.data, bn) == 0)
			found = 1;
	}
	if (!found)
		rc = ink_error(INK_EINPUT, "key '%s' is not in the ssh-agent at "
		    "'%s' (add it with ssh-add)", a->name, a->sock);
cleanup:
	buf_release(&req);
	buf_release(&reply);
	return rc;
}

static int
agent_sign(void *ctx, unsigned char sig[ED25519_SIG_LEN], const void *msg,
    size_t n)
{
	struct agent *a = ctx;
	struct buf req = BUF_INIT(INK_MAX_AGENT_MSG), reply = BUF_INIT(0);
	const unsigned char *p, *end, *s, *type, *raw;
	size_t sn, tn, rn;
	int rc;

	if ((rc = buf_addc(&req, AGENTC_SIGN_REQUEST)) != 0 ||
	    (rc = key_ssh_string(&req, a->blob.data, a->blob.len)) != 0 ||
	    (rc = key_ssh_string(&req, msg, n)) != 0 ||
	    (rc = buf_add(&req, "\0\0\0\0", 4)) != 0) {
		buf_release(&req);
		return ink_error(INK_EINPUT, "a message of %zu bytes is too "
		    "long for the ssh-agent", n);
	}
	pthread_mutex_lock(&a->lock);
	rc = transact(a, &req, &reply);
	pthread_mutex_unlock(&a->lock);
	if (rc != 0)
		goto cleanup;
	if (reply.data[0] == AGENT_FAILURE) {
		rc = ink_error(INK_EINPUT, "the ssh-agent at '%s' refused to "
		    "sign with '%s'", a->sock, a->name);
		goto cleanup;
	}
	p = reply.data + 1;
	end = reply.data + reply.len;
	if (reply.data[0] != AGENT_SIGN_RESPONSE ||
	    get_string(&p, end, &s, &sn) != 0 || p != end) {
		rc = malformed(a);
		goto cleanup;
	}
	p = s;
	end = s + sn;
	if (get_string(&p, end, &type, &tn) != 0 ||
	    get_string(&p, end, &raw, &rn) != 0 || p != end ||
	    tn != strlen(SSH_ED25519) || memcmp(type, SSH_ED25519, tn) != 0 ||
	    rn != ED25519_SIG_LEN) {
		rc = malformed(a);
		goto cleanup;
	}
	memcpy(sig, raw, ED25519_SIG_LEN);
cleanup:
	buf_release(&req);
	buf_release(&reply);
	return rc;
}

int
key_agent_open(EVP_PKEY **out, const struct pubkey *pub, const char *name)
{
	struct ed25519_holder h = { agent_sign, agent_free, NULL };
	struct sockaddr_un sun;
	struct agent *a = NULL;
	const char *sock = getenv("SSH_AUTH_SOCK");
	int rc;

	*out = NULL;
	if (sock == NULL || *sock == '\0')
		return ink_error(INK_EINPUT, "no ssh-agent for '%s': "
		    "SSH_AUTH_SOCK is not set", name);
	if (strlen(sock) >= sizeof(sun.sun_path))
		return ink_error(INK_EINPUT, "SSH_AUTH_SOCK '%s' is too long",
		    sock);
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	a->fd = -1;
	pthread_mutex_init(&a->lock, NULL);
	buf_init(&a->blob, INK_MAX_AGENT_MSG);
	if ((a->sock = strdup(sock)) == NULL ||
	    (a->name = strdup(name)) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto fail;
	}
	if ((rc = key_ssh_blob(&a->blob, pub)) != 0)
		goto fail;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, sock, strlen(sock));
	if ((a->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(a->fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		rc = ink_error_sys(INK_EINPUT, "no ssh-agent at '%s'", sock);
		goto fail;
	}
	if ((rc = agent_holds(a)) != 0)
		goto fail;
	h.ctx = a;
	return ed25519_held_key(out, pub->raw, &h);
fail:
	agent_free(a);
	return rc;
}
