/*
 * inkan new: prints a complete, commented draft to fill in and sign.
 *
 * The kinds and their templates are rows of the table of record kinds
 * (kinds/kind.c): a kind with a draft template is listed here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "kinds/kind.h"

static const char usage[] =
    "usage: inkan new KIND [--level N] [-o OUT]\n";

static const struct option longopts[] = {
	{ "level", required_argument, NULL, 'l' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
list_kinds(FILE *f)
{
	const struct record_kind *k;

	fputs("kinds:\n", f);
	for (size_t i = 0; (k = kind_at(i)) != NULL; i++)
		if (k->draft)
			fprintf(f, "  %-14s %s\n", k->draft_name,
			    k->draft_summary);
}

int
cmd_new(int argc, char **argv)
{
	struct buf out = BUF_INIT(1 << 20);
	const struct record_kind *kind;
	char *end;
	long n;
	const char *outpath = "-";
	int c, rc, level = 0;

	if ((rc = cli_getopt_reset(argc, argv, longopts, usage, "new")) != 0)
		return rc;
	while ((c = getopt_long(argc, argv, ":hl:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			list_kinds(stdout);
			return cli_finish(0);
		case 'l':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 1 || n > 9)
				return cli_usage_error(usage, "new", "--level takes "
				    "a number (3 or 4 for scs)");
			level = (int)n;
			break;
		case 'o':
			outpath = optarg;
			break;
		case ':':
			return cli_usage_error(usage, "new", "option '%s' needs a "
			    "value", argv[optind - 1]);
		default:
			return cli_usage_error(usage, "new", "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "inkan: new: which kind of draft?\n%s", usage);
		list_kinds(stderr);
		return EXIT_USAGE;
	}
	if ((kind = kind_by_draft(argv[optind])) == NULL || !kind->draft) {
		fprintf(stderr, "inkan: new: no draft kind '%s'\n", argv[optind]);
		list_kinds(stderr);
		return EXIT_USAGE;
	}
	if ((rc = kind->draft(&out, level)) != 0 ||
	    (rc = file_write_atomic(outpath, out.data, out.len, 0644)) != 0)
		rc = cli_fail("new", rc);
	buf_release(&out);
	return cli_finish(rc);
}
