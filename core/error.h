/*
 * Errors: library functions return 0 or one of these negative codes and
 * leave a one-line reason behind with ink_error(), which a cmd_* prints as
 * "inkan: <context>: <reason>".  The codes are the expected outcomes a
 * caller must tell apart; the exit code of every command is -code.
 */
#ifndef INK_ERROR_H
#define INK_ERROR_H

enum {
	INK_OK = 0,
	INK_ENO = -1,       /* definite no: bad signature, policy not met */
	INK_EINPUT = -2,    /* could not answer: usage, I/O, parse, limit */
	INK_EVALIDITY = -3, /* outside a validity window */
	INK_EREVOKED = -4,  /* revoked or suspended */
	INK_ELOG = -5,      /* transparency: checkpoint, inclusion, consistency */
	INK_EROOT = -6,     /* trust root expired or rolled back */
	INK_ENOTFOUND = -20,/* looked-up thing absent (caller decides the exit) */
	INK_EEXIST = -21    /* would overwrite */
};

/* Sets the reason (printf-style) and returns code, so callers can write
 * "return ink_error(INK_EINPUT, ...)". */
int ink_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like ink_error(), with the OpenSSL error queue drained into the end of
 * the reason and cleared. */
int ink_error_ssl(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like ink_error(), with strerror(errno) appended. */
int ink_error_sys(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefixes the current reason with "ctx: ". */
int ink_error_wrap(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The last reason set on this thread ("" when none); borrowed. */
const char *ink_error_last(void);
void ink_error_clear(void);
/* How serious a result code is, for picking the one to report when
 * several checks fail: could not answer > definite no > root > log >
 * revoked > validity > ok. */
int ink_error_rank(int code);
/* The process exit code for a result code. */
int ink_exit_code(int code);

#endif
