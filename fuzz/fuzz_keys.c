/*
 * Public key files people bring to be accredited or to verify with: PEM
 * SubjectPublicKeyInfo, OpenSSH public key lines and minisign public key
 * files (key_public_import), and PEM alone (pubkey_from_pem).
 *
 * Properties:
 *  - a key that imports exports in every format, and each export imports
 *    back to the same key;
 *  - the key id of an imported key is the SHA-256 of its DER
 *    SubjectPublicKeyInfo, whatever format it came in.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "keys/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const struct pubkey *k)
{
	static const enum key_format fmts[] = { KEY_FORMAT_PEM,
		KEY_FORMAT_MINISIGN, KEY_FORMAT_SSH };

	for (size_t i = 0; i < 3; i++) {
		struct buf b = BUF_INIT(1u << 16);
		struct pubkey *again = NULL;
		enum key_format f;
		FUZZ_ASSERT(key_public_export(&b, k, fmts[i]) == 0);
		FUZZ_ASSERT(key_public_import(&again, &f, (const char *)b.data,
		    b.len) == 0);
		FUZZ_ASSERT(f == fmts[i]);
		FUZZ_ASSERT(memcmp(again->raw, k->raw, sizeof(k->raw)) == 0);
		FUZZ_ASSERT(strcmp(again->keyid, k->keyid) == 0);
		pubkey_free(again);
		buf_release(&b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pubkey *k = NULL;
	enum key_format f;
	char *text;

	if (size > 1u << 16)
		return 0;
	/* Callers hand key_public_import() a NUL-terminated buffer (it calls
	 * strlen on the text); so does this one. */
	text = fuzz_strndup(data, size);
	if (key_public_import(&k, &f, text, size) == 0) {
		FUZZ_ASSERT(k != NULL);
		round_trip(k);
	}
	pubkey_free(k);
	k = NULL;
	if (pubkey_from_pem(&k, (const char *)data, size) == 0)
		round_trip(k);
	pubkey_free(k);
	free(text);
	ink_error_clear();
	return 0;
}
