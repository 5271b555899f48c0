/*
 * Helpers for the command front ends, and the filter every byte written
 * to stdout and stderr through stdio goes through (core/textout.h): a
 * record, a file name or a keyid hint is text, and no text may drive
 * the terminal.  Data that must arrive byte for byte (envelopes, exports,
 * checkpoints) takes the one raw path, cli_out_raw() or file_write_atomic()
 * to "-".
 */
#include <ctype.h>
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
#include "core/json.h"
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

/* The name, and the mark ('!', '+', '*' or 0), of the word of a takes
 * list at *pp; advances *pp.  0 at the end. */
static int
take_word(const char **pp, char name[64], int *mark)
{
	const char *p = *pp + strspn(*pp, " ");
	size_t k = strcspn(p, " ");

	if (k == 0)
		return 0;
	*mark = strchr("!+*", p[k - 1]) ? p[k - 1] : 0;
	snprintf(name, 64, "%.*s", (int)(k - (*mark != 0)), p);
	*pp = p + k;
	return 1;
}

static const struct cli_opt *
opt_by_name(const struct cli_spec *spec, const char *name, size_t n)
{
	for (const struct cli_opt *o = spec->opts; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

static const struct cli_opt *
opt_by_key(const struct cli_spec *spec, int key)
{
	for (const struct cli_opt *o = spec->opts; o->name; o++)
		if (o->key == key)
			return o;
	return NULL;
}

static int
is_short(int key)
{
	return key > 0 && key < 128 && isalpha(key);
}

int
cli_sub_has(const struct cli_sub *sub, const char *name)
{
	const char *p = sub->takes;
	char w[64];
	int mark;

	while (take_word(&p, w, &mark))
		if (strcmp(w, name) == 0)
			return 1;
	return 0;
}

/* Appends a word to a usage line, wrapping at 79 columns. */
static void
usage_word(FILE *f, size_t *col, size_t indent, const char *w)
{
	size_t n = strlen(w);

	if (*col + 1 + n > 79 && *col > indent) {
		fprintf(f, "\n%*s", (int)indent, "");
		*col = indent;
	} else {
		fputc(' ', f);
		(*col)++;
	}
	fputs(w, f);
	*col += n;
}

static void
usage_line(FILE *f, const struct cli_spec *spec, const struct cli_sub *s,
    int first)
{
	size_t indent = 7 + 6 + strlen(spec->name) + 1, col;
	const char *p = s->takes, *q;
	char w[64], tok[160];
	int mark;

	fprintf(f, "%s inkan %s", first ? "usage:" : "      ", spec->name);
	col = indent - 1;
	if (*s->name)
		usage_word(f, &col, indent, s->name);
	for (q = s->operands; q && *(q += strspn(q, " "));) {
		size_t k = strcspn(q, " ");
		snprintf(tok, sizeof(tok), "%.*s", (int)k, q);
		usage_word(f, &col, indent, tok);
		q += k;
	}
	while (take_word(&p, w, &mark)) {
		const struct cli_opt *o = opt_by_name(spec, w, strlen(w));
		char flag[80];
		if (o == NULL)
			continue;
		/* -o OUT and -q, as people write them; others long. */
		if (o->key == 'o' || o->key == 'q')
			snprintf(flag, sizeof(flag), "-%c%s%s", o->key,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(flag, sizeof(flag), "--%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		snprintf(tok, sizeof(tok), mark == '!' ? "%s" : mark == '+' ?
		    "%s..." : mark == '*' ? "[%s]..." : "[%s]", flag);
		usage_word(f, &col, indent, tok);
	}
	fputc('\n', f);
}

/* The usage lines: of sub, or of every subcommand. */
static void
usage_lines(FILE *f, const struct cli_spec *spec, const struct cli_sub *sub)
{
	int first = 1;

	for (const struct cli_sub *s = spec->subs; s->name; s++)
		if (sub == NULL || s == sub) {
			usage_line(f, spec, s, first);
			first = 0;
		}
}

int
cli_usage_error(const struct cli_spec *spec, const char *ctx,
    const char *fmt, ...)
{
	const struct cli_sub *sub = NULL;
	size_t n = strlen(spec->name);
	va_list ap;

	fprintf(stderr, "inkan: %s: ", ctx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (strncmp(ctx, spec->name, n) == 0 && ctx[n] == ' ')
		for (const struct cli_sub *s = spec->subs; s->name; s++)
			if (*s->name && strcmp(s->name, ctx + n + 1) == 0)
				sub = s;
	usage_lines(stderr, spec, sub);
	return EXIT_USAGE;
}

static void
help_option(FILE *f, const struct cli_opt *o, int width)
{
	char left[96];

	if (is_short(o->key))
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	if ((int)strlen(left) > width)
		fprintf(f, "  %s\n  %*s", left, width, "");
	else
		fprintf(f, "  %-*s", width, left);
	/* The help, wrapped at 79 columns under itself. */
	for (const char *h = o->help; *h;) {
		size_t room = 79 - 4 - (size_t)width, n = strlen(h);
		if (n > room) {
			n = room;
			while (n > 0 && h[n] != ' ')
				n--;
			if (n == 0)
				n = strcspn(h, " ");
		}
		fprintf(f, "  %.*s\n", (int)n, h);
		h += n;
		h += strspn(h, " ");
		if (*h)
			fprintf(f, "  %*s", width, "");
	}
}

int
cli_help_print(FILE *f, const struct cli_spec *spec,
    const struct cli_sub *sub)
{
	static const struct cli_opt help = { "help", 'h', NULL,
		"print this help and exit" };
	int width = 26;

	if (sub && *sub->name == 0)
		sub = NULL;
	usage_lines(f, spec, sub);
	if (spec->notes)
		fputs(spec->notes, f);
	fputs("\noptions:\n", f);
	for (const struct cli_opt *o = spec->opts; o->name; o++)
		if (sub == NULL || cli_sub_has(sub, o->name))
			help_option(f, o, width);
	help_option(f, &help, width);
	if (spec->more)
		spec->more(f);
	fprintf(f, "\nexample:\n  %s\n\nsee inkan-%s(1)\n", spec->example,
	    spec->name);
	return ferror(f) ? EXIT_USAGE : 0;
}

int
cli_help(const struct cli_spec *spec, const struct cli_sub *sub)
{
	cli_help_print(stdout, spec, sub);
	return cli_finish(0);
}

int
cli_print_json(const char *ctx, const cJSON *j)
{
	struct buf out = BUF_INIT((size_t)1 << 30);
	int rc = json_pretty(&out, j);

	if (rc == 0)
		rc = buf_addc(&out, '\n');
	if (rc == 0)
		rc = cli_out(buf_str(&out), out.len);
	else
		rc = cli_fail(ctx, rc);
	buf_release(&out);
	return rc;
}

int
cli_table_json(struct buf *out, const struct cli_cmd *table)
{
	cJSON *all = cJSON_CreateObject(), *cmds, *c, *a, *x;
	int rc;

	cmds = cJSON_AddArrayToObject(all, "commands");
	for (const struct cli_cmd *k = table; k->name; k++) {
		const struct cli_spec *sp = k->spec;
		c = cJSON_CreateObject();
		cJSON_AddItemToArray(cmds, c);
		cJSON_AddStringToObject(c, "name", k->name);
		cJSON_AddStringToObject(c, "summary", k->summary);
		cJSON_AddStringToObject(c, "example", sp->example);
		a = cJSON_AddArrayToObject(c, "options");
		for (const struct cli_opt *o = sp->opts; o->name; o++) {
			char sh[2] = { (char)o->key, 0 };
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "name", o->name);
			if (is_short(o->key))
				cJSON_AddStringToObject(x, "short", sh);
			else
				cJSON_AddNullToObject(x, "short");
			if (o->arg)
				cJSON_AddStringToObject(x, "arg", o->arg);
			else
				cJSON_AddNullToObject(x, "arg");
			cJSON_AddStringToObject(x, "help", o->help);
			cJSON_AddItemToArray(a, x);
		}
		a = cJSON_AddArrayToObject(c, "subcommands");
		for (const struct cli_sub *s = sp->subs; s->name; s++) {
			const char *p = s->takes;
			char w[64];
			int mark;
			cJSON *t;
			x = cJSON_CreateObject();
			cJSON_AddItemToArray(a, x);
			cJSON_AddStringToObject(x, "name", s->name);
			cJSON_AddStringToObject(x, "operands", s->operands);
			cJSON_AddNumberToObject(x, "nargs_min", s->nargs_min);
			cJSON_AddNumberToObject(x, "nargs_max", s->nargs_max ==
			    CLI_MANY ? -1 : s->nargs_max);
			t = cJSON_AddArrayToObject(x, "options");
			while (take_word(&p, w, &mark)) {
				cJSON *y = cJSON_CreateObject();
				cJSON_AddStringToObject(y, "name", w);
				cJSON_AddBoolToObject(y, "required", mark == '!' ||
				    mark == '+');
				cJSON_AddBoolToObject(y, "repeat", mark == '+' ||
				    mark == '*');
				cJSON_AddItemToArray(t, y);
			}
		}
	}
	rc = json_pretty(out, all);
	if (rc == 0)
		rc = buf_addc(out, '\n');
	cJSON_Delete(all);
	return rc;
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

/* The option of sub nearest to word, or NULL when it takes none. */
static const char *
nearest_taken(const struct cli_spec *spec, const struct cli_sub *sub,
    const char *word, size_t *dist)
{
	const char *best = NULL;

	*dist = 100;
	for (const struct cli_opt *o = spec->opts; o->name; o++) {
		size_t d;
		if (sub && !cli_sub_has(sub, o->name))
			continue;
		if ((d = cli_distance(word, o->name)) < *dist) {
			*dist = d;
			best = o->name;
		}
	}
	return best;
}

/* Refuses --word (unknown: not an option of the command) or one that
 * the subcommand does not take, naming the nearest option it takes. */
static int
refuse(struct cli_parse *p, const char *word, int unknown)
{
	const char *what = p->sub && *p->sub->name ? p->sub->name : p->spec->name;
	char head[160];
	size_t d;
	const char *best = nearest_taken(p->spec, p->sub, word, &d);

	if (unknown)
		snprintf(head, sizeof(head), "unknown option '--%s'", word);
	else
		snprintf(head, sizeof(head), "'--%s' is not an option of '%s'",
		    word, what);
	if (best == NULL)
		return p->rc = cli_usage_error(p->spec, p->ctx, "%s: '%s' takes "
		    "no options", head, what);
	if (d < 3)
		return p->rc = cli_usage_error(p->spec, p->ctx, "%s; did you "
		    "mean '--%s'?", head, best);
	return p->rc = cli_usage_error(p->spec, p->ctx, "%s; the nearest it "
	    "takes is '--%s' (see 'inkan %s -h')", head, best, p->ctx);
}

int
cli_parse_start(struct cli_parse *p, const struct cli_spec *spec,
    const struct cli_sub *sub, int argc, char **argv)
{
	size_t nl = 0, ns = 0;

	memset(p, 0, sizeof(*p));
	p->spec = spec;
	p->sub = sub && *sub->name ? sub : NULL;
	p->argc = argc;
	p->argv = argv;
	snprintf(p->ctx, sizeof(p->ctx), "%s%s%s", spec->name, p->sub ? " " :
	    "", p->sub ? p->sub->name : "");
	p->shorts[ns++] = ':';
	p->shorts[ns++] = 'h';
	for (const struct cli_opt *o = spec->opts; o->name; o++) {
		if (nl + 2 >= sizeof(p->lo) / sizeof(p->lo[0]) ||
		    ns + 3 >= sizeof(p->shorts))
			return p->rc = cli_fail(p->ctx, ink_error(INK_EINPUT,
			    "too many options in the table"));
		p->lo[nl].name = o->name;
		p->lo[nl].has_arg = o->arg ? required_argument : no_argument;
		p->lo[nl].flag = NULL;
		p->lo[nl++].val = o->key;
		if (is_short(o->key)) {
			p->shorts[ns++] = (char)o->key;
			if (o->arg)
				p->shorts[ns++] = ':';
		}
	}
	p->lo[nl].name = "help";
	p->lo[nl].has_arg = no_argument;
	p->lo[nl++].val = 'h';
	p->shorts[ns] = '\0';
	/* glibc re-initialises fully when optind is 0. */
	optind = 0;
	opterr = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct cli_opt *o;
		char word[64];
		size_t n;

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] && a[1] != '-') {
			/* -o VALUE: the value is not an option. */
			o = opt_by_key(spec, (unsigned char)a[1]);
			if (o && is_short(o->key) && o->arg && a[2] == '\0')
				i++;
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			continue;
		a += 2;
		n = strcspn(a, "=");
		snprintf(word, sizeof(word), "%.*s", (int)n, a);
		if (strcmp(word, "help") == 0)
			continue;
		if ((o = opt_by_name(spec, a, n)) == NULL)
			return refuse(p, word, 1);
		if (p->sub && !cli_sub_has(p->sub, o->name))
			return refuse(p, word, 0);
		/* Skip the value of an option that takes one. */
		if (o->arg && a[n] != '=')
			i++;
	}
	return 0;
}

int
cli_parse_next(struct cli_parse *p)
{
	const struct cli_opt *o;
	int c = getopt_long(p->argc, p->argv, p->shorts, p->lo, NULL);

	switch (c) {
	case -1:
		return 0;
	case 'h':
		p->rc = cli_help(p->spec, p->sub);
		return -1;
	case ':':
		if ((o = opt_by_key(p->spec, optopt)) != NULL)
			p->rc = cli_usage_error(p->spec, p->ctx, "'--%s' needs a "
			    "value (%s)", o->name, o->arg);
		else
			p->rc = cli_usage_error(p->spec, p->ctx, "an option needs "
			    "a value");
		return -1;
	case '?':
		if (optopt > 0 && optopt < 128 && isgraph(optopt))
			p->rc = cli_usage_error(p->spec, p->ctx, "unknown option "
			    "'-%c' (see 'inkan %s -h')", optopt, p->ctx);
		else
			p->rc = cli_usage_error(p->spec, p->ctx, "unknown option "
			    "(see 'inkan %s -h')", p->ctx);
		return -1;
	}
	if ((o = opt_by_key(p->spec, c)) == NULL) {
		p->rc = cli_usage_error(p->spec, p->ctx, "unknown option");
		return -1;
	}
	if (p->sub && !cli_sub_has(p->sub, o->name)) {
		refuse(p, o->name, 0);
		return -1;
	}
	return c;
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
cli_sub_find(const struct cli_sub **out, const struct cli_spec *spec,
    const char *name)
{
	const struct cli_sub *best = NULL;
	size_t bd = 3;

	*out = NULL;
	for (const struct cli_sub *s = spec->subs; s->name; s++) {
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
		return cli_usage_error(spec, spec->name, "unknown subcommand "
		    "'%s'; did you mean '%s'?", name, best->name);
	return cli_usage_error(spec, spec->name, "unknown subcommand '%s'",
	    name);
}

int
cli_sub_nargs(const struct cli_spec *spec, const struct cli_sub *s,
    int nargs)
{
	const char *what = *s->name ? s->name : spec->name;
	char sub[128];

	if (nargs >= s->nargs_min && nargs <= s->nargs_max)
		return 0;
	snprintf(sub, sizeof(sub), "%s%s%s", spec->name, *s->name ? " " : "",
	    s->name);
	if (s->nargs_min == s->nargs_max)
		return cli_usage_error(spec, sub, "'%s' takes %d argument%s, "
		    "not %d", what, s->nargs_min, s->nargs_min == 1 ? "" :
		    "s", nargs);
	if (s->nargs_max == CLI_MANY)
		return cli_usage_error(spec, sub, "'%s' takes at least %d "
		    "argument%s", what, s->nargs_min, s->nargs_min == 1 ?
		    "" : "s");
	return cli_usage_error(spec, sub, "'%s' takes %d to %d arguments, "
	    "not %d", what, s->nargs_min, s->nargs_max, nargs);
}

int
cli_lang_ja(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	/* The first of them set decides, as for gettext. */
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ja", 2) == 0;
	}
	return 0;
}
