/*
 * What the thin cmd_* front ends share: the dispatch signature, error and
 * usage printing, and the exit codes of DESIGN §6 (0 valid, 1 no, 2 could
 * not answer, 3 validity, 4 revoked, 5 transparency, 6 trust root).
 */
#ifndef INK_CLI_H
#define INK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/json.h"

#define EXIT_NO 1
#define EXIT_USAGE 2

/* An option, declared once for its command: its long name, what
 * getopt_long returns for it (a letter, also taken as -<letter>, or a
 * value from CLI_OPT), the name of its argument (NULL for a flag) and
 * one line of help.  The usage, -h, the errors, the man page's synopsis
 * and the completion are checked against this one table (t0005). */
struct cli_opt {
	const char *name;
	int key;
	const char *arg;
	const char *help;
};
#define CLI_OPT 256

/* Every command that signs takes the same key forms and the module for
 * a token's, declared here once (keys/key.h reads the forms). */
#define CLI_KEY_FORMS "a private key file, ssh-agent:PUBFILE (the " \
	"ssh-agent holds the key) or a pkcs11: URI (a token holds it)"
#define CLI_OPT_PKCS11_MODULE(id) { "pkcs11-module", (id), "FILE", \
	"the PKCS#11 module of a pkcs11: key (else INKAN_PKCS11_MODULE or " \
	"the URI's module-path)" }

/* A subcommand, as a row of its command's table (ending with a NULL
 * name): the words after the command ("list", "catalog import"; "" for
 * a form of a command that has no subcommands), its operands as the
 * usage shows them, the long options it takes in the order the usage
 * shows them, separated by spaces ("json at"; --help is always taken;
 * a name ending in '!' is required, '+' required and repeatable, '*'
 * optional and repeatable), how many operands it takes, and its value in
 * the command's own enum, which the command switches on (without a
 * default, so that the compiler names a row without a branch).  An
 * option a subcommand does not take is refused, never silently ignored. */
struct cli_sub {
	const char *name;
	const char *operands;
	const char *takes;
	int nargs_min, nargs_max;
	int id;
};
#define CLI_MANY 1000000

/* A command: its name, options, subcommands (or forms), lines shown
 * after the usage (or NULL), one example, and more help to print after
 * the options (NULL, or a function: inkan new lists its kinds). */
struct cli_spec {
	const char *name;
	const struct cli_opt *opts;
	const struct cli_sub *subs;
	const char *notes;
	const char *example;
	void (*more)(FILE *f);
};

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const struct cli_spec *spec;
};

/* The command table (cli/main.c). */
extern const struct cli_cmd cli_cmds[];

extern const struct cli_spec cli_spec_demo, cli_spec_disclose,
    cli_spec_export, cli_spec_help, cli_spec_keys, cli_spec_new,
    cli_spec_registry, cli_spec_scs, cli_spec_sign, cli_spec_site,
    cli_spec_summary, cli_spec_verify, cli_spec_witness;

int cmd_demo(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_scs(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_disclose(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_site(int argc, char **argv);
int cmd_witness(int argc, char **argv);

/* Prints "inkan: ctx: <last error>" and returns the exit code for rc. */
int cli_fail(const char *ctx, int rc);
/* Prints "inkan: ctx: <message>" and the usage to stderr (of the
 * subcommand ctx names, else of the command); returns 2. */
int cli_usage_error(const struct cli_spec *spec, const char *ctx,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints the help of a command, or of one of its subcommands (sub not
 * NULL), to f: usage, the options with their help, the notes, one
 * example and the man page.  Returns 0, or 2 when f fails. */
int cli_help_print(FILE *f, const struct cli_spec *spec,
    const struct cli_sub *sub);
/* cli_help_print() to stdout for -h; returns 0 (or 2 when stdout
 * fails). */
int cli_help(const struct cli_spec *spec, const struct cli_sub *sub);
/* A table of commands (cli_cmds) as one JSON object, for tools and
 * tests (inkan help --json).  Returns 0 or an INK_* code. */
int cli_table_json(struct buf *out, const struct cli_cmd *table);
/* Prints one JSON value (pretty, with a newline) to stdout as the
 * command's one object; returns 0 or the exit code after the error. */
int cli_print_json(const char *ctx, const cJSON *j);
/* Writes text s to stdout (escaped for a terminal, as every printf is);
 * returns 0 or prints the error and returns 2. */
int cli_out(const char *s, size_t n);
/* The raw path: writes data that must arrive byte for byte (an envelope,
 * a checkpoint, an export) to stdout unescaped, after what stdio holds.
 * Returns 0 or prints the error and returns 2. */
int cli_out_raw(const void *s, size_t n);
/* Writes JSON text like file_write_atomic(); to stdout ("-") with the
 * characters a terminal obeys written as \uXXXX (the same JSON value,
 * core/textout.h).  Returns 0 or an INK_* code with the reason set. */
int cli_write_json(const char *path, const void *data, size_t len, int mode);
/* Makes stdout and stderr escape what a terminal would obey (see
 * core/textout.h); called first in main.  Returns 0 or -1. */
int cli_streams_install(void);
/* Flushes stdout and reports a failed write as exit 2. */
int cli_finish(int code);
/* Options parsed by the table.  cli_parse_start() refuses a long
 * option that is not spelled out in full (getopt_long would take
 * "--pass" for "--passphrase-file", and a mistyped option must never
 * turn a secret into a file name), and one that sub (NULL: any form of
 * the command) does not take, naming the nearest one it takes.  Then
 * cli_parse_next() returns the key of each option in turn (optarg set),
 * 0 at the end (optind is the first operand), or -1 when the command
 * should return p->rc: after -h printed the help (0), or a usage
 * error (2). */
struct cli_parse {
	const struct cli_spec *spec;
	const struct cli_sub *sub;
	char ctx[96];
	int argc;
	char **argv;
	struct option lo[48];
	char shorts[100];
	int rc;
};
int cli_parse_start(struct cli_parse *p, const struct cli_spec *spec,
    const struct cli_sub *sub, int argc, char **argv);
int cli_parse_next(struct cli_parse *p);
/* Whether sub takes the option with this long name. */
int cli_sub_has(const struct cli_sub *sub, const char *name);

/* Edit distance of two short words (99 for long ones), for "did you
 * mean". */
size_t cli_distance(const char *a, const char *b);

/* *out = the row named name; for an unknown name, a usage error that
 * names the nearest ("did you mean 'list'?") and 2. */
int cli_sub_find(const struct cli_sub **out, const struct cli_spec *spec,
    const char *name);
/* 0 when nargs operands are what s takes; else a usage error and 2. */
int cli_sub_nargs(const struct cli_spec *spec, const struct cli_sub *s,
    int nargs);

/* The files a batch command works on: its operands, then the lines of
 * --files-from FILE ("-": standard input), so that a batch of 100 000
 * is not limited by the size of a command line. */
struct file_list {
	char **v;
	size_t n;
	char *text; /* the --files-from contents the entries point into */
};
#define FILE_LIST_INIT { NULL, 0, NULL }
int cli_file_list(struct file_list *out, int argc, char **argv,
    const char *from);
void file_list_release(struct file_list *l);

/* Progress on long work: a line on stderr with counts, rate and time
 * left, redrawn at most a few times a second, only when stderr is a
 * terminal and not quiet. */
struct cli_progress {
	const char *what;
	size_t total;
	int on;
	double start, last;
};
void cli_progress_start(struct cli_progress *p, const char *what,
    size_t total, int quiet);
void cli_progress_step(struct cli_progress *p, size_t done);
void cli_progress_end(struct cli_progress *p);
/* Redraws the progress line on stderr: a carriage return, then the line
 * (printf-style, escaped); the one raw path to stderr. */
void cli_progress_print(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* registry monitor's front end (cli/cmd_monitor.c). */
struct mon_opts;
int cmd_registry_monitor(const struct mon_opts *mo, int json,
    int verbose);

/* The more serious of two exit codes: 2 > 1 > 6 > 5 > 4 > 3 > 0. */
int cli_worst(int a, int b);

/* Whether people are to read Japanese: LC_ALL, LC_MESSAGES or LANG (the
 * first set) names a Japanese locale.  Labels from the scheme data are
 * printed in that language, English otherwise. */
int cli_lang_ja(void);

#endif
