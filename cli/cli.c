/*
 * Helpers for the command front ends.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

int
cli_file_list(struct file_list *out, int argc, char **argv, const char *from)
{
	struct buf b;
	size_t cap, n = 0;
	char *p, *nl;
	int rc;

	memset(out, 0, sizeof(*out));
	cap = (size_t)argc + 1;
	if (from) {
		/* The list itself is bounded: 100 000 000 bytes of names. */
		if ((rc = file_read(&b, from, 100u * 1000 * 1000)) != 0)
			return rc;
		out->text = (char *)buf_detach(&b, NULL);
		for (p = out->text; *p; p++)
			cap += *p == '\n';
		cap++;
	}
	if ((out->v = calloc(cap, sizeof(*out->v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (int i = 0; i < argc; i++)
		out->v[n++] = argv[i];
	for (p = out->text; p && *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		if (*p)
			out->v[n++] = p;
		if (nl == NULL)
			break;
	}
	out->n = n;
	return 0;
}

void
file_list_release(struct file_list *l)
{
	free(l->v);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
cli_progress_start(struct cli_progress *p, const char *what, size_t total,
    int quiet)
{
	p->what = what;
	p->total = total;
	p->on = !quiet && total > 1 && isatty(2);
	p->start = p->last = now_s();
}

void
cli_progress_step(struct cli_progress *p, size_t done)
{
	double t, rate;

	if (!p->on)
		return;
	t = now_s();
	if (t - p->last < 0.25 && done < p->total)
		return;
	p->last = t;
	rate = done / (t - p->start > 1e-6 ? t - p->start : 1e-6);
	fprintf(stderr, "\rinkan: %s: %zu/%zu (%.0f/s, %.0f s left)   ",
	    p->what, done, p->total, rate,
	    rate > 0 ? (double)(p->total - done) / rate : 0.0);
}

void
cli_progress_end(struct cli_progress *p)
{
	if (p->on)
		fputc('\n', stderr);
}

static int
exit_rank(int e)
{
	static const int order[] = { 0, 5, 6, 1, 2, 3, 4 }; /* by code 0..6 */

	return e >= 0 && e <= 6 ? order[e] : 6;
}

int
cli_worst(int a, int b)
{
	return exit_rank(b) > exit_rank(a) ? b : a;
}
