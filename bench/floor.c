/*
 * The start-up floor of figure 6: the least a program that verifies one
 * Ed25519 signature with OpenSSL's libcrypto (as inkan must) can do.  It
 * loads libcrypto, reads a PEM public key, a message and a 64-byte
 * signature, and verifies it; nothing else.  Not part of inkan.
 *
 * usage: floor KEY.pem MESSAGE SIGNATURE    (exit 0: valid, 1: not)
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "floor: cannot read '%s'\n", path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

int
main(int argc, char **argv)
{
	EVP_PKEY *key;
	EVP_MD_CTX *ctx;
	unsigned char *msg, *sig;
	size_t msglen, siglen;
	FILE *f;
	int ok;

	if (argc != 4) {
		fprintf(stderr, "usage: floor KEY.pem MESSAGE SIGNATURE\n");
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL ||
	    (key = PEM_read_PUBKEY(f, NULL, NULL, NULL)) == NULL) {
		fprintf(stderr, "floor: cannot read key '%s'\n", argv[1]);
		return 2;
	}
	fclose(f);
	msg = slurp(argv[2], &msglen);
	sig = slurp(argv[3], &siglen);
	ok = (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, msglen) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	free(msg);
	free(sig);
	return ok ? 0 : 1;
}
