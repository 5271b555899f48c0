/*
 * What the thin cmd_* front ends share: the dispatch signature, error and
 * usage printing, and the exit codes of DESIGN §6 (0 valid, 1 no, 2 could
 * not answer, 3 validity, 4 revoked, 5 transparency, 6 trust root).
 */
#ifndef INK_CLI_H
#define INK_CLI_H

#include <getopt.h>
#include <stdbool.h>

#define EXIT_NO 1
#define EXIT_USAGE 2

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* The command table (cli/main.c). */
extern const struct cli_cmd cli_cmds[];

int cmd_help(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_scs(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_disclose(int argc, char **argv);
int cmd_summary(int argc, char **argv);

/* Prints "inkan: ctx: <last error>" and returns the exit code for rc. */
int cli_fail(const char *ctx, int rc);
/* Prints "inkan: ctx: <message>" and the usage to stderr; returns 2. */
int cli_usage_error(const char *usage, const char *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints usage to stdout for -h; returns 0 (or 2 when stdout fails). */
int cli_help(const char *usage);
/* Writes s to stdout; returns 0 or prints the error and returns 2. */
int cli_out(const char *s, size_t n);
/* Flushes stdout and reports a failed write as exit 2. */
int cli_finish(int code);
/* Resets getopt so each command parses afresh, and refuses long options
 * that are not spelled out in full: getopt_long would take "--pass" for
 * "--passphrase-file", and a mistyped option must never turn a secret
 * into a file name.  Returns 0, or prints the error and returns 2. */
int cli_getopt_reset(int argc, char **argv, const struct option *lo,
    const char *usage, const char *ctx);

#endif
