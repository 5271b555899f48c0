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

enum { OPT_FORMAT = CLI_OPT, OPT_LANG };

static const struct cli_opt opts[] = {
	{ "format", OPT_FORMAT, "md|html|json", "the form of the summary "
	    "(Markdown by default)" },
	{ "lang", OPT_LANG, "ja|en", "the language of the summary (Japanese "
	    "by default)" },
	{ "output", 'o', "OUT", "where to write the summary (- is stdout)" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "", "ENVELOPE", "format lang output", 1, 1, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_summary = { "summary", opts, subs, NULL,
	"inkan summary audit.dsse.json --format html --lang en -o audit.html",
	NULL };

int
cmd_summary(int argc, char **argv)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems probs = PROBLEMS_INIT;
	struct buf out = BUF_INIT(INK_MAX_JSON);
	enum summary_format fmt = SUMMARY_MD;
	const char *lang = "ja", *outpath = "-", *path;
	struct cli_parse p;
	int c, rc;

	if ((rc = cli_parse_start(&p, &cli_spec_summary, NULL, argc,
	    argv)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_FORMAT:
			if (summary_format_parse(&fmt, optarg) != 0)
				return cli_usage_error(&cli_spec_summary, "summary", "%s",
				    ink_error_last());
			break;
		case OPT_LANG:
			if (strcmp(optarg, "ja") != 0 && strcmp(optarg,
			    "en") != 0)
				return cli_usage_error(&cli_spec_summary, "summary",
				    "unknown language '%s' (ja or en)", optarg);
			lang = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		}
	}
	if (c < 0)
		return p.rc;
	if (optind != argc - 1)
		return cli_usage_error(&cli_spec_summary, "summary", "give exactly one "
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
