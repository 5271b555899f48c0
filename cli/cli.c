/*
 * Helpers for the command front ends.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"

int
cli_fail(const char *ctx, int rc)
{
	const char *why = ink_error_last();

	fprintf(stderr, "inkan: %s: %s\n", ctx, *why ? why : "failed");
	return ink_exit_code(rc);
}

int
cli_usage_error(const char *usage, const char *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "inkan: %s: ", ctx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

int
cli_help(const char *usage)
{
	fputs(usage, stdout);
	return cli_finish(0);
}

int
cli_out(const char *s, size_t n)
{
	if (fwrite(s, 1, n, stdout) != n) {
		fprintf(stderr, "inkan: cannot write to stdout\n");
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "inkan: cannot write to stdout\n");
		return code ? code : EXIT_USAGE;
	}
	return code;
}

int
cli_getopt_reset(int argc, char **argv, const struct option *lo,
    const char *usage, const char *ctx)
{
	/* glibc re-initialises fully when optind is 0. */
	optind = 0;
	opterr = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t n;
		int found = 0;

		if (strcmp(a, "--") == 0)
			break;
		if (strncmp(a, "--", 2) != 0)
			continue;
		a += 2;
		n = strcspn(a, "=");
		for (const struct option *o = lo; o->name && !found; o++)
			found = strlen(o->name) == n && strncmp(o->name, a, n) == 0;
		if (!found)
			return cli_usage_error(usage, ctx, "unknown option '--%.*s'",
			    (int)n, a);
		/* Skip the value of an option that takes one. */
		for (const struct option *o = lo; o->name; o++)
			if (strlen(o->name) == n && strncmp(o->name, a, n) == 0 &&
			    o->has_arg == required_argument && a[n] != '=')
				i++;
	}
	return 0;
}
