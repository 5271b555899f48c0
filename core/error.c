/*
 * The one-line reason behind the last error, per thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "core/error.h"

static _Thread_local char last[1024];

static void
set_v(const char *fmt, va_list ap)
{
	vsnprintf(last, sizeof(last), fmt, ap);
}

int
ink_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_v(fmt, ap);
	va_end(ap);
	return code;
}

int
ink_error_ssl(int code, const char *fmt, ...)
{
	va_list ap;
	unsigned long e;
	size_t n;

	va_start(ap, fmt);
	set_v(fmt, ap);
	va_end(ap);
	/* The last queued error is the most specific one. */
	e = 0;
	for (unsigned long x; (x = ERR_get_error()) != 0;)
		e = x;
	if (e != 0) {
		n = strlen(last);
		if (n + 3 < sizeof(last)) {
			const char *r = ERR_reason_error_string(e);
			snprintf(last + n, sizeof(last) - n, ": %s",
			    r ? r : "openssl error");
		}
	}
	return code;
}

int
ink_error_sys(int code, const char *fmt, ...)
{
	va_list ap;
	int err = errno;
	size_t n;

	va_start(ap, fmt);
	set_v(fmt, ap);
	va_end(ap);
	n = strlen(last);
	if (n + 3 < sizeof(last))
		snprintf(last + n, sizeof(last) - n, ": %s", strerror(err));
	return code;
}

int
ink_error_wrap(int code, const char *fmt, ...)
{
	char prefix[512], old[sizeof(last)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, last, sizeof(old));
	/* Truncating a long reason is fine; losing the prefix is not. */
	size_t pl = strlen(prefix), ol = strlen(old);
	if (pl > sizeof(last) - 3)
		pl = sizeof(last) - 3;
	memcpy(last, prefix, pl);
	memcpy(last + pl, ": ", 2);
	if (ol > sizeof(last) - pl - 3)
		ol = sizeof(last) - pl - 3;
	memcpy(last + pl + 2, old, ol);
	last[pl + 2 + ol] = '\0';
	return code;
}

const char *
ink_error_last(void)
{
	/* Reasons quote untrusted input: no control character may reach a
	 * terminal through them. */
	for (char *c = last; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return last;
}

void
ink_error_clear(void)
{
	last[0] = '\0';
}

int
ink_error_rank(int code)
{
	switch (code) {
	case 0: return 0;
	case INK_ENO: return 5;
	case INK_EROOT: return 4;
	case INK_ELOG: return 3;
	case INK_EREVOKED: return 2;
	case INK_EVALIDITY: return 1;
	default: return 6; /* INK_EINPUT and anything unexpected */
	}
}

int
ink_exit_code(int code)
{
	if (code >= 0)
		return 0;
	if (code >= INK_EROOT)
		return -code;
	return 2;
}
