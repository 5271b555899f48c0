/*
 * inkan new: prints a complete, commented draft to fill in and sign.
 *
 * To add a kind: write its template function (see cli/newdraft.h) in the
 * part that owns the kind and add a row to new_kinds below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "kinds/audit.h"
#include "cli/newdraft.h"
#include "kinds/scs_template.h"

const struct new_kind new_kinds[] = {
	{ "audit-report", "an audit of one service (ISMAP-style, SOC 2, ...)",
	    audit_draft_write },
	{ "scs", "an SCS ★3 or ★4 assessment (--level 3|4)", scs_new_draft },
	{ NULL, NULL, NULL }
};

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
	fputs("kinds:\n", f);
	for (const struct new_kind *k = new_kinds; k->name; k++)
		fprintf(f, "  %-14s %s\n", k->name, k->summary);
}

int
cmd_new(int argc, char **argv)
{
	struct buf out = BUF_INIT(1 << 20);
	const struct new_kind *kind = NULL;
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
			level = atoi(optarg);
			if (level < 1 || level > 9)
				return cli_usage_error(usage, "new", "--level takes "
				    "a number (3 or 4 for scs)");
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
	for (const struct new_kind *k = new_kinds; k->name; k++)
		if (strcmp(k->name, argv[optind]) == 0)
			kind = k;
	if (kind == NULL) {
		fprintf(stderr, "inkan: new: no draft kind '%s'\n", argv[optind]);
		list_kinds(stderr);
		return EXIT_USAGE;
	}
	if ((rc = kind->write(&out, level)) != 0 ||
	    (rc = file_write_atomic(outpath, out.data, out.len, 0644)) != 0)
		rc = cli_fail("new", rc);
	buf_release(&out);
	return cli_finish(rc);
}
