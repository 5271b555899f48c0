/*
 * SHA-256 through OpenSSL's EVP interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/error.h"

/* SHA-256 fetched from the provider once per process, not on every call
 * (an implicit fetch takes locks and costs as much as hashing a short
 * record). */
static EVP_MD *md_sha256;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void
md_fetch(void)
{
	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *
md(void)
{
	pthread_once(&md_once, md_fetch);
	return md_sha256 ? md_sha256 : EVP_sha256();
}

void
sha256(unsigned char out[SHA256_LEN], const void *data, size_t n)
{
	EVP_Digest(data, n, out, NULL, md(), NULL);
}

void
sha256_hex(char out[SHA256_HEX], const void *data, size_t n)
{
	unsigned char d[SHA256_LEN];

	sha256(d, data, n);
	hex_encode(out, d, SHA256_LEN);
}

int
sha256_file(unsigned char out[SHA256_LEN], const char *path)
{
	unsigned char chunk[65536];
	EVP_MD_CTX *ctx = NULL;
	int fd = -1, rc = 0;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot open '%s'", path);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(ctx, md(), NULL)) {
		rc = ink_error_ssl(INK_EINPUT, "sha256");
		goto cleanup;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ink_error_sys(INK_EINPUT, "cannot read '%s'", path);
			goto cleanup;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
	}
	EVP_DigestFinal_ex(ctx, out, NULL);
cleanup:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}
