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

static void list_kinds(FILE *f);

static const struct cli_opt opts[] = {
	{ "level", 'l', "N", "the level of the scheme (3 or 4 for scs)" },
	{ "output", 'o', "OUT", "where to write the draft (- is stdout)" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "", "KIND", "level output", 1, 1, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

static void
more_help(FILE *f)
{
	fputc('\n', f);
	list_kinds(f);
}

const struct cli_spec cli_spec_new = { "new", opts, subs, NULL,
	"inkan new audit -o audit.json", more_help };

static void
list_kinds(FILE *f)
{
	const struct kind_draft *k;

	fputs("kinds:\n", f);
	for (size_t i = 0; (k = kind_draft_at(i)) != NULL; i++)
		fprintf(f, "  %-14s %s\n", k->name, k->summary);
}

int
cmd_new(int argc, char **argv)
{
	struct buf out = BUF_INIT(1 << 20);
	const struct kind_draft *kind;
	char *end;
	long n;
	const char *outpath = "-";
	struct cli_parse p;
	int c, rc, level = 0;

	if ((rc = cli_parse_start(&p, &cli_spec_new, NULL, argc, argv)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'l':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 1 || n > 9)
				return cli_usage_error(&cli_spec_new, "new", "--level takes "
				    "a number (3 or 4 for scs)");
			level = (int)n;
			break;
		case 'o':
			outpath = optarg;
			break;
		}
	}
	if (c < 0)
		return p.rc;
	if (optind != argc - 1) {
		cli_usage_error(&cli_spec_new, "new", "which kind of draft?");
		list_kinds(stderr);
		return EXIT_USAGE;
	}
	if ((kind = kind_draft_find(argv[optind])) == NULL) {
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
