/*
 * Unit tests for keys/pkcs11's RFC 7512 URI reader: what a --key
 * 'pkcs11:...' names, %-escapes decoded, and the refusals (a PIN in the
 * URI, attributes inkan does not use, a URI naming no key, bad escapes,
 * a URI past its limit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/limits.h"
#include "keys/pkcs11.h"

static void
test_path_and_query(void **state)
{
	struct key_pkcs11_uri u;

	(void)state;
	assert_int_equal(key_pkcs11_uri_parse(&u, "pkcs11:token=audit-firm;"
	    "manufacturer=SoftHSM%20project;serial=a1b2;model=SoftHSM%20v2;"
	    "object=auditor;type=private?module-path=/usr/lib/x.so"), 0);
	assert_string_equal(u.token, "audit-firm");
	assert_string_equal(u.manufacturer, "SoftHSM project");
	assert_string_equal(u.serial, "a1b2");
	assert_string_equal(u.model, "SoftHSM v2");
	assert_string_equal(u.object, "auditor");
	assert_string_equal(u.module_path, "/usr/lib/x.so");
	assert_int_equal(u.has_id, 0);
	key_pkcs11_uri_release(&u);
}

static void
test_id_bytes(void **state)
{
	struct key_pkcs11_uri u;

	(void)state;
	assert_int_equal(key_pkcs11_uri_parse(&u, "pkcs11:id=%00%ff%41"), 0);
	assert_int_equal(u.has_id, 1);
	assert_int_equal(u.idlen, 3);
	assert_memory_equal(u.id, "\x00\xff\x41", 3);
	assert_null(u.object);
	assert_null(u.token);
	key_pkcs11_uri_release(&u);
}

static void
test_query_only_after_path(void **state)
{
	struct key_pkcs11_uri u;

	(void)state;
	/* An empty path, and ';' inside the query is part of a value. */
	assert_int_equal(key_pkcs11_uri_parse(&u, "pkcs11:object=a?"
	    "module-path=/x;y"), 0);
	assert_string_equal(u.module_path, "/x;y");
	key_pkcs11_uri_release(&u);
	/* module-path is a query attribute, not a path one. */
	assert_int_equal(key_pkcs11_uri_parse(&u, "pkcs11:object=a;"
	    "module-path=/x"), INK_EINPUT);
}

static void
test_refusals(void **state)
{
	static const char *bad[] = {
		"pkcs11:object=a?pin-value=1234",       /* a PIN in argv */
		"pkcs11:object=a;colour=blue",          /* not used: refused */
		"pkcs11:object=a?pin-source=file:/p",   /* not used: refused */
		"pkcs11:token=inkan",                   /* names no key */
		"pkcs11:",                              /* names nothing */
		"pkcs11:object=a%zz",                   /* bad escape */
		"pkcs11:object=a%4",                    /* escape cut short */
		"pkcs11:object=a%",                     /* escape cut short */
		"pkcs11:object=a;object=b",             /* given twice */
		"pkcs11:object=a%00b",                  /* a NUL in a label */
		"pkcs11:object",                        /* no value */
		"pkcs:object=a",                        /* not the scheme */
	};
	struct key_pkcs11_uri u;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (key_pkcs11_uri_parse(&u, bad[i]) != INK_EINPUT)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(key_pkcs11_uri_parse(&u, "pkcs11:object=a?"
	    "pin-value=1234"), INK_EINPUT);
	assert_non_null(strstr(ink_error_last(), "a PIN in the URI"));
	/* The PIN is not repeated in the message. */
	assert_null(strstr(ink_error_last(), "1234"));
}

static void
test_limits(void **state)
{
	struct key_pkcs11_uri u;
	size_t n = INK_MAX_PKCS11_URI + 1;
	char *s = malloc(n + 1), id[3 * (KEY_PKCS11_ID_MAX + 1) + 16];

	(void)state;
	assert_non_null(s);
	memcpy(s, "pkcs11:object=", 14);
	memset(s + 14, 'a', n - 14);
	s[n] = '\0';
	assert_int_equal(key_pkcs11_uri_parse(&u, s), INK_EINPUT);
	s[n - 1] = '\0';        /* exactly the limit */
	assert_int_equal(key_pkcs11_uri_parse(&u, s), 0);
	key_pkcs11_uri_release(&u);
	free(s);
	memcpy(id, "pkcs11:id=", 10);
	for (size_t i = 0; i <= KEY_PKCS11_ID_MAX; i++)
		memcpy(id + 10 + 3 * i, "%41", 3);
	id[10 + 3 * (KEY_PKCS11_ID_MAX + 1)] = '\0';
	assert_int_equal(key_pkcs11_uri_parse(&u, id), INK_EINPUT);
	id[10 + 3 * KEY_PKCS11_ID_MAX] = '\0';
	assert_int_equal(key_pkcs11_uri_parse(&u, id), 0);
	assert_int_equal(u.idlen, KEY_PKCS11_ID_MAX);
	key_pkcs11_uri_release(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_and_query),
		cmocka_unit_test(test_id_bytes),
		cmocka_unit_test(test_query_only_after_path),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
