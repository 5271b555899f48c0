/*
 * pkcs11: URIs as --key takes them (key_pkcs11_uri_parse): a user's
 * copy of a token vendor's URI, %-escapes and all.
 *
 * Properties:
 *  - an accepted URI names a key (an object label or an id) and every
 *    string it gives is NUL-free and no longer than the URI;
 *  - a URI whose query has a pin-value attribute is never accepted, and
 *    the message does not quote it.
 */
#include "fuzz/common.h"

#include "core/limits.h"
#include "keys/pkcs11.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the query (after the first '?') has an attribute pin-value. */
static int
has_pin(const char *s)
{
	const char *q = strchr(s, '?');

	while (q != NULL) {
		if (strncmp(q + 1, "pin-value=", 10) == 0)
			return 1;
		q = strchr(q + 1, '&');
	}
	return 0;
}

static void
check_str(const char *s, size_t n)
{
	if (s != NULL)
		FUZZ_ASSERT(strlen(s) <= n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct key_pkcs11_uri u;
	char *s;
	int rc;

	if (size > INK_MAX_PKCS11_URI + 16)
		return 0;
	if ((s = malloc(size + 8)) == NULL)
		return 0;
	/* Every input as a URI: the scheme, then the fuzzer's bytes up to
	 * the first NUL (argv cannot hold one). */
	memcpy(s, "pkcs11:", 7);
	memcpy(s + 7, data, size);
	s[size + 7] = '\0';
	rc = key_pkcs11_uri_parse(&u, s);
	if (rc == 0) {
		FUZZ_ASSERT(u.object != NULL || u.has_id);
		FUZZ_ASSERT(u.idlen <= KEY_PKCS11_ID_MAX);
		FUZZ_ASSERT(!has_pin(s));
		check_str(u.token, size);
		check_str(u.object, size);
		check_str(u.module_path, size);
		check_str(u.serial, size);
		check_str(u.model, size);
		check_str(u.manufacturer, size);
		key_pkcs11_uri_release(&u);
	} else if (has_pin(s)) {
		/* The URI is not quoted back (no message of the parser's
		 * own says "pin-value="). */
		FUZZ_ASSERT(strstr(ink_error_last(), "pin-value=") == NULL);
	}
	free(s);
	return 0;
}
