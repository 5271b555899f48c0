/*
 * inkan summary: the SOC 3-style public summary of an audit record, from
 * the record alone (signatures are not checked: inkan verify does that).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "summary/summary.h"

static const char usage[] =
    "usage: inkan summary ENVELOPE [--format md|html|json] [--lang ja|en]\n"
    "                     [-o OUT]\n";

enum { OPT_FORMAT = 256, OPT_LANG };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_summary(int argc, char **argv)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems probs = PROBLEMS_INIT;
	struct buf out = BUF_INIT(INK_MAX_JSON);
	enum summary_format fmt = SUMMARY_MD;
	const char *lang = "ja", *outpath = "-", *path;
	int c, rc;

	if ((rc = cli_getopt_reset(argc, argv, longopts, usage,
	    "summary")) != 0)
		return rc;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_help(usage);
		case OPT_FORMAT:
			if (summary_format_parse(&fmt, optarg) != 0)
				return cli_usage_error(usage, "summary", "%s",
				    ink_error_last());
			break;
		case OPT_LANG:
			if (strcmp(optarg, "ja") != 0 && strcmp(optarg,
			    "en") != 0)
				return cli_usage_error(usage, "summary",
				    "unknown language '%s' (ja or en)", optarg);
			lang = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case ':':
			return cli_usage_error(usage, "summary", "option '%s' "
			    "needs a value", argv[optind - 1]);
		default:
			return cli_usage_error(usage, "summary", "unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(usage, "summary", "give exactly one "
		    "envelope");
	path = argv[optind];
	if ((rc = dsse_envelope_load(&env, path)) != 0) {
		rc = cli_fail("summary", rc);
		goto cleanup;
	}
	if ((rc = summary_envelope(&out, &env, fmt, lang, &probs)) != 0) {
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "inkan: summary: '%s': %s\n", path,
			    probs.v[i]);
		fprintf(stderr, "inkan: summary: '%s': %s\n", path,
		    ink_error_last());
		rc = ink_exit_code(rc);
		goto cleanup;
	}
	if ((rc = file_write_atomic(outpath, out.data, out.len, 0644)) != 0) {
		rc = cli_fail("summary", rc);
		goto cleanup;
	}
	if (strcmp(outpath, "-") != 0)
		fprintf(stderr, "inkan: summary: wrote '%s' (signatures not "
		    "verified: use inkan verify)\n", outpath);
	rc = cli_finish(0);
cleanup:
	dsse_envelope_release(&env);
	problems_release(&probs);
	buf_release(&out);
	return rc;
}
