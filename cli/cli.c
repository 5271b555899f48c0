/*
 * Helpers for the command front ends, and the filter every byte written
 * to stdout and stderr through stdio goes through (core/textout.h): a
 * record, a file name or a keyid hint is text, and no text may drive
 * the terminal.  Data that must arrive byte for byte (envelopes, exports,
 * checkpoints) takes the one raw path, cli_out_raw() or file_write_atomic()
 * to "-".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "core/textout.h"

/* A standard stream's file descriptor and the start of a UTF-8 sequence
 * that the last write cut (stdio splits text where its buffer fills). */
struct tty_stream {
	int fd;
	unsigned char held[4];
	size_t nheld;
};

static struct tty_stream tty_out = { 1, { 0 }, 0 };
static struct tty_stream tty_err = { 2, { 0 }, 0 };

/* The input is escaped this much at a time, so that a large fwrite
 * (a --json listing) is not copied whole. */
#define TTY_SLICE ((size_t)64 * 1024)

/* stdio calls this with what it has buffered, or with a large fwrite's
 * own bytes.  A held sequence is joined to the chunk (a copy, rare). */
static ssize_t
tty_write(void *cookie, const char *data, size_t n)
{
	struct tty_stream *t = cookie;
	struct buf in = BUF_INIT(SIZE_MAX / 2), out = BUF_INIT(4 * TTY_SLICE);
	const unsigned char *p = (const unsigned char *)data;
	size_t len = n, used, take;
	ssize_t rc = -1;

	if (t->nheld) {
		if (buf_add(&in, t->held, t->nheld) != 0 ||
		    buf_add(&in, data, n) != 0)
			goto cleanup;
		p = in.data;
		len = in.len;
	}
	/* A slice may end inside a sequence: what is left of it starts the
	 * next slice, and only at the end of the chunk is it held. */
	do {
		take = len < TTY_SLICE ? len : TTY_SLICE;
		buf_reset(&out);
		if (textout_escape(&out, p, take, 1, &used) != 0 ||
		    file_write_fd(t->fd, out.data, out.len) != 0)
			goto cleanup;
		p += used;
		len -= used;
	} while (take < len + used);
	t->nheld = len;
	memcpy(t->held, p, len);
	rc = (ssize_t)n;
cleanup:
	buf_release(&in);
	buf_release(&out);
	return rc;
}

/* Writes a cut sequence left at the end of the output, escaped: it was
 * never going to be completed. */
static int
tty_drain(struct tty_stream *t)
{
	struct buf out = BUF_INIT(64);
	int rc = 0;

	if (t->nheld == 0)
		return 0;
	if (textout_escape(&out, t->held, t->nheld, 0, NULL) != 0 ||
	    file_write_fd(t->fd, out.data, out.len) != 0)
		rc = -1;
	t->nheld = 0;
	buf_release(&out);
	return rc;
}

static void
tty_drain_at_exit(void)
{
	fflush(stdout);
	tty_drain(&tty_out);
	fflush(stderr);
	tty_drain(&tty_err);
}

int
cli_streams_install(void)
{
	cookie_io_functions_t io = { NULL, tty_write, NULL, NULL };
	FILE *o, *e;

	if ((o = fopencookie(&tty_out, "w", io)) == NULL)
		return -1;
	if ((e = fopencookie(&tty_err, "w", io)) == NULL) {
		fclose(o);
		return -1;
	}
	/* The buffering the streams had: stderr none, stdout by line on a
	 * terminal. */
	setvbuf(e, NULL, _IONBF, 0);
	if (isatty(1))
		setvbuf(o, NULL, _IOLBF, BUFSIZ);
	stdout = o;
	stderr = e;
	return atexit(tty_drain_at_exit) == 0 ? 0 : -1;
}

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
cli_out_raw(const void *s, size_t n)
{
	int rc;

	/* What stdio holds goes first, so the order is the order written. */
	if ((rc = cli_finish(0)) != 0)
		return rc;
	if (file_write_stdout(s, n) != 0) {
		fprintf(stderr, "inkan: cannot write to stdout\n");
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_write_json(const char *path, const void *data, size_t len, int mode)
{
	struct buf b = BUF_INIT(SIZE_MAX / 2);
	int rc;

	if (strcmp(path, "-") != 0)
		return file_write_atomic(path, data, len, (mode_t)mode);
	if ((rc = textout_json(&b, data, len)) == 0 &&
	    (fflush(stdout) != 0 || tty_drain(&tty_out) != 0))
		rc = ink_error(INK_EINPUT, "cannot write to stdout");
	if (rc == 0)
		rc = file_write_stdout(b.data, b.len);
	buf_release(&b);
	return rc;
}

int
cli_finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || tty_drain(&tty_out) != 0) {
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
		if (!found) {
			const char *best = NULL;
			char word[64];
			size_t bd = 3;

			snprintf(word, sizeof(word), "%.*s", (int)n, a);
			for (const struct option *o = lo; o->name; o++) {
				size_t d = cli_distance(word, o->name);
				if (d < bd) {
					bd = d;
					best = o->name;
				}
			}
			if (best)
				return cli_usage_error(usage, ctx, "unknown option "
				    "'--%.*s'; did you mean '--%s'?", (int)n, a,
				    best);
			return cli_usage_error(usage, ctx, "unknown option '--%.*s'",
			    (int)n, a);
		}
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
	cli_progress_print("inkan: %s: %zu/%zu (%.0f/s, %.0f s left)   ",
	    p->what, done, p->total, rate,
	    rate > 0 ? (double)(p->total - done) / rate : 0.0);
}

void
cli_progress_print(const char *fmt, ...)
{
	struct buf out = BUF_INIT(1024);
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* The carriage return is the only control written raw to stderr;
	 * the line itself is escaped like everything else. */
	if (buf_addc(&out, '\r') == 0 &&
	    textout_escape(&out, line, strlen(line), 0, NULL) == 0) {
		fflush(stderr);
		(void)file_write_fd(2, out.data, out.len);
	}
	buf_release(&out);
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

size_t
cli_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), pp[64], prev[64], cur[64];

	/* Optimal string alignment: a swap of two neighbours ("lsit") is
	 * one edit, as people mistype. */
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		pp[j] = prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			cur[j] = d;
		}
		memcpy(pp, prev, sizeof(pp));
		memcpy(prev, cur, sizeof(prev));
	}
	return prev[lb];
}

int
cli_sub_find(const struct cli_sub **out, const struct cli_sub *subs,
    const char *name, const char *usage, const char *ctx)
{
	const struct cli_sub *best = NULL;
	size_t bd = 3;

	*out = NULL;
	for (const struct cli_sub *s = subs; s->name; s++) {
		size_t d = cli_distance(name, s->name);
		if (d == 0) {
			*out = s;
			return 0;
		}
		if (d < bd) {
			bd = d;
			best = s;
		}
	}
	if (best)
		return cli_usage_error(usage, ctx, "unknown subcommand '%s'; did "
		    "you mean '%s'?", name, best->name);
	return cli_usage_error(usage, ctx, "unknown subcommand '%s'", name);
}

/* Whether the space-separated list has the word w. */
static int
has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && strncmp(p, w, n) == 0)
			return 1;
		p += k;
		p += strspn(p, " ");
	}
	return 0;
}

int
cli_sub_takes(const struct cli_sub *s, const struct option *lo, int c,
    const char *usage, const char *ctx)
{
	const char *name = NULL;
	char sub[128];

	if (c == 'h' || c == ':' || c == '?')
		return 0;
	for (const struct option *o = lo; o->name && name == NULL; o++)
		if (o->val == c && o->flag == NULL)
			name = o->name;
	if (name == NULL || has_word(s->takes, name))
		return 0;
	snprintf(sub, sizeof(sub), "%s %s", ctx, s->name);
	if (*s->takes == 0)
		return cli_usage_error(usage, sub, "'--%s' is not an option of "
		    "'%s', which takes none", name, s->name);
	{
		char list[512];
		size_t at = 0;

		list[0] = 0;
		for (const char *p = s->takes; *p && at < sizeof(list) - 4;) {
			size_t k = strcspn(p, " ");
			int w = snprintf(list + at, sizeof(list) - at, "%s--%.*s",
			    at ? ", " : "", (int)k, p);
			if (w < 0 || (size_t)w >= sizeof(list) - at)
				break;
			at += (size_t)w;
			p += k;
			p += strspn(p, " ");
		}
		return cli_usage_error(usage, sub, "'--%s' is not an option of "
		    "'%s' (it takes %s)", name, s->name, list);
	}
}

int
cli_sub_nargs(const struct cli_sub *s, int nargs, const char *usage,
    const char *ctx)
{
	char sub[128];

	if (nargs >= s->nargs_min && nargs <= s->nargs_max)
		return 0;
	snprintf(sub, sizeof(sub), "%s %s", ctx, s->name);
	if (s->nargs_min == s->nargs_max)
		return cli_usage_error(usage, sub, "'%s' takes %d argument%s, "
		    "not %d", s->name, s->nargs_min, s->nargs_min == 1 ? "" :
		    "s", nargs);
	if (s->nargs_max == CLI_MANY)
		return cli_usage_error(usage, sub, "'%s' takes at least %d "
		    "argument%s", s->name, s->nargs_min, s->nargs_min == 1 ?
		    "" : "s");
	return cli_usage_error(usage, sub, "'%s' takes %d to %d arguments, "
	    "not %d", s->name, s->nargs_min, s->nargs_max, nargs);
}
