/*
 * Where a signing key is kept, read from how --key names it: a key file,
 * "ssh-agent:PUBFILE" or a "pkcs11:" URI.  The one place that tells them
 * apart; every command that signs or reads a key goes through here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "keys/agent.h"
#include "keys/formats.h"
#include "keys/key.h"
#include "keys/pkcs11.h"

enum key_custody
key_custody_of(const char *name)
{
	if (strncmp(name, KEY_AGENT_PREFIX, strlen(KEY_AGENT_PREFIX)) == 0)
		return KEY_IN_AGENT;
	if (strncmp(name, KEY_PKCS11_SCHEME, strlen(KEY_PKCS11_SCHEME)) == 0)
		return KEY_ON_TOKEN;
	return KEY_IN_FILE;
}

/* A core dump of a process holding a decrypted key, or a PIN on its way
 * to a token, would hold them too: none is made from here on, and the
 * process cannot be read by ptrace from a sibling either. */
static int
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
	    setrlimit(RLIMIT_CORE, &none) != 0)
		return ink_error_sys(INK_EINPUT, "cannot turn core dumps off "
		    "before loading a private key");
	return 0;
}

/* The public key file of ssh-agent:PUBFILE, in any format keys import
 * reads (OpenSSH, PEM, minisign). */
static int
agent_pubfile(struct pubkey **out, const char *name)
{
	const char *path = name + strlen(KEY_AGENT_PREFIX);
	enum key_format fmt;
	struct buf b;
	int rc;

	*out = NULL;
	if (*path == '\0')
		return ink_error(INK_EINPUT, "'%s' names no public key file: "
		    "write ssh-agent:FILE.pub", name);
	if ((rc = file_read(&b, path, INK_MAX_KEYFILE)) != 0)
		return rc;
	rc = key_public_import(out, &fmt, (const char *)b.data, b.len);
	buf_release(&b);
	if (rc != 0)
		return ink_error_wrap(rc, "'%s'", path);
	return 0;
}

int
key_load_private(EVP_PKEY **out, const char *name,
    const struct key_pass *pass)
{
	struct pubkey *pub = NULL;
	int rc;

	*out = NULL;
	if ((rc = no_core_dumps()) != 0)
		return rc;
	switch (key_custody_of(name)) {
	case KEY_IN_AGENT:
		if ((rc = agent_pubfile(&pub, name)) != 0)
			return rc;
		rc = key_agent_open(out, pub, name + strlen(KEY_AGENT_PREFIX));
		pubkey_free(pub);
		return rc;
	case KEY_ON_TOKEN:
		return key_pkcs11_open(out, name, pass);
	default:
		return key_file_private(out, name, pass);
	}
}

int
key_load_public(struct pubkey **out, const char *name,
    const struct key_pass *pass)
{
	switch (key_custody_of(name)) {
	case KEY_IN_AGENT:
		return agent_pubfile(out, name);
	case KEY_ON_TOKEN:
		return key_pkcs11_public(out, name, pass);
	default:
		return key_file_public(out, name, pass);
	}
}

int
key_generate_pkcs11(char keyid[KEYID_HEX], const char *prefix,
    const char *uri, const struct key_pass *pass)
{
	struct buf pem = BUF_INIT(INK_MAX_KEYFILE);
	struct pubkey *pub = NULL;
	size_t n = strlen(prefix) + 5;
	char *pubpath;
	int rc;

	if ((pubpath = malloc(n)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	snprintf(pubpath, n, "%s.pub", prefix);
	/* Refuse before the token makes a key nobody will know of. */
	if (file_exists(pubpath)) {
		rc = ink_error(INK_EEXIST, "'%s' already exists: not "
		    "overwriting a key", pubpath);
		goto cleanup;
	}
	if ((rc = no_core_dumps()) != 0 ||
	    (rc = key_pkcs11_generate(&pub, uri, pass)) != 0 ||
	    (rc = key_public_pem(&pem, pub)) != 0 ||
	    (rc = file_create_excl(pubpath, pem.data, pem.len, 0644)) != 0)
		goto cleanup;
	memcpy(keyid, pub->keyid, KEYID_HEX);
cleanup:
	buf_release(&pem);
	pubkey_free(pub);
	free(pubpath);
	return rc;
}
