/*
 * What every libFuzzer target of inkan shares: four fixed Ed25519 keys
 * (their seeds are SHA-256 of fixed names, so fuzz/make-corpus.sh can make
 * the same keys as PEM files and sign seed inputs with inkan itself), the
 * environment the library reads (catalogue folder, INKAN_NOW), and an
 * assertion that makes a broken property a crash libFuzzer keeps.
 */
#ifndef INK_FUZZ_COMMON_H
#define INK_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/digest.h"
#include "core/ed25519.h"
#include "core/error.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

/* The keys, by the role the seed corpora give them. */
enum { FUZZ_AUDITOR, FUZZ_MANAGEMENT, FUZZ_OPERATOR, FUZZ_LOG, FUZZ_NKEYS };

static const char *const fuzz_key_names[FUZZ_NKEYS] = {
	"inkan fuzz key A", "inkan fuzz key B", "inkan fuzz key C",
	"inkan fuzz key D"
};

static EVP_PKEY *fuzz_priv[FUZZ_NKEYS];
static struct pubkey *fuzz_pub[FUZZ_NKEYS];

#define FUZZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "fuzz: property broken: %s (%s:%d)\n", #c, \
		    __FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

/* The environment the library reads, set once (a value already in the
 * environment wins, so a run can point elsewhere). */
static void __attribute__((unused))
fuzz_env_init(void)
{
	setenv("INKAN_CATALOGS", FUZZ_SRCDIR "/catalogs", 0);
	setenv("INKAN_NOW", "2026-06-01T00:00:00Z", 0);
}

static void __attribute__((unused))
fuzz_keys_init(void)
{
	for (int i = 0; i < FUZZ_NKEYS; i++) {
		unsigned char seed[SHA256_LEN];
		sha256(seed, fuzz_key_names[i], strlen(fuzz_key_names[i]));
		fuzz_priv[i] = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519,
		    NULL, seed, sizeof(seed));
		if (fuzz_priv[i] == NULL ||
		    pubkey_from_evp(&fuzz_pub[i], fuzz_priv[i]) != 0) {
			fprintf(stderr, "fuzz: cannot make key %d: %s\n", i,
			    ink_error_last());
			abort();
		}
	}
}

/* A NUL-terminated copy of the input, for functions that take strings. */
static char * __attribute__((unused))
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
