/*
 * inkan site build: renders a registry as a static site (site/site.h),
 * with progress on stderr when it is a terminal.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/timefmt.h"
#include "site/site.h"

enum { OPT_AT = CLI_OPT, OPT_BASE, OPT_CLONE, OPT_FORCE, OPT_FULL,
	OPT_JSON, OPT_MAXAGE };

static const struct cli_opt opts[] = {
	{ "output", 'o', "OUT", "the folder to write the site into" },
	{ "at", OPT_AT, "TIME", "render as of TIME instead of now" },
	{ "base-url", OPT_BASE, "URL", "the http(s) address the site will be "
	    "served from" },
	{ "clone-url", OPT_CLONE, "URL", "where readers can clone the "
	    "registry" },
	{ "force", OPT_FORCE, NULL, "write into a folder that is not an "
	    "earlier site" },
	{ "full", OPT_FULL, NULL, "render every page again, not only what "
	    "changed" },
	{ "max-age", OPT_MAXAGE, "DURATION", "refuse a checkpoint whose "
	    "witnesses' quorum cosigned it longer ago than DURATION (30d, "
	    "12h, 90m)" },
	{ "json", OPT_JSON, NULL, "print one JSON object on stdout: the "
	    "counts of records and files" },
	{ "quiet", 'q', NULL, "print nothing on success" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "build", "REGISTRY", "output! at base-url clone-url force full "
	    "max-age json quiet", 1, 1, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_site = { "site", opts, subs, NULL,
	"inkan site build registry -o site --base-url https://example.jp/",
	NULL };

struct progress {
	double start, last;
	const char *phase;
	int shown;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ", N removed" for the summary line. */
static const char *
removed_words(size_t n)
{
	static char w[48];

	snprintf(w, sizeof(w), ", %zu removed", n);
	return w;
}

/* One line, rewritten in place: phase, count, rate, time left. */
static void
show(void *arg, const char *what, size_t done, size_t total)
{
	struct progress *p = arg;
	double t = now_s(), rate;

	if (p->phase == NULL || strcmp(p->phase, what) != 0) {
		if (p->shown)
			fputc('\n', stderr);
		p->phase = what;
		p->start = t;
		p->last = 0;
		p->shown = 0;
	}
	if (done < total && t - p->last < 0.2)
		return;
	p->last = t;
	rate = t > p->start ? (double)done / (t - p->start) : 0;
	if (rate > 0)
		cli_progress_print("inkan: site: %-6s %zu/%zu records "
		    "(%.0f/s, %.0fs left)  ", what, done, total, rate,
		    (double)(total - done) / rate);
	else
		cli_progress_print("inkan: site: %-6s %zu/%zu records", what,
		    done, total);
	p->shown = 1;
}

static int
valid_url(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

static int
build(int argc, char **argv)
{
	struct site_opts o;
	struct site_stats st;
	struct progress pr = { 0, 0, NULL, 0 };
	struct cli_parse p;
	int c, rc, quiet = 0, json = 0;

	memset(&o, 0, sizeof(o));
	o.at = o.now = time_now();
	if ((rc = cli_parse_start(&p, &cli_spec_site, &subs[0], argc,
	    argv)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_AT:
			if (time_parse_date(&o.at, optarg) != 0)
				return cli_usage_error(&cli_spec_site, "site", "--at: %s",
				    ink_error_last());
			break;
		case OPT_BASE:
			if (!valid_url(optarg))
				return cli_usage_error(&cli_spec_site, "site", "--base-url "
				    "'%s' is not an http(s) URL", optarg);
			o.base_url = optarg;
			break;
		case OPT_CLONE:
			o.clone_url = optarg;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_FULL:
			o.full = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_MAXAGE:
			if (time_parse_duration(&o.max_age, optarg) != 0)
				return cli_usage_error(&cli_spec_site, "site",
				    "--max-age: %s", ink_error_last());
			break;
		}
	}
	if (c < 0)
		return p.rc;
	if ((rc = cli_sub_nargs(&cli_spec_site, &subs[0], argc - optind)) != 0)
		return rc;
	if (o.out == NULL)
		return cli_usage_error(&cli_spec_site, "site", "give the output folder "
		    "with -o OUT");
	o.registry = argv[optind];
	if (!quiet && !json && isatty(STDERR_FILENO)) {
		o.progress = show;
		o.progress_arg = &pr;
	}
	rc = site_build(&st, &o);
	if (pr.shown)
		fputc('\n', stderr);
	if (rc != 0)
		return cli_fail("site", rc);
	if (json)
		printf("{\"checked\":%zu,\"failed\":%zu,\"records\":%zu,"
		    "\"removed\":%zu,\"reused\":%zu,\"unchanged\":%zu,"
		    "\"witnessed\":%s,\"written\":%zu}\n", st.checked,
		    st.failed, st.records, st.removed, st.reused, st.unchanged,
		    st.witnessed ? "true" : "false", st.written);
	else if (!quiet)
		printf("%s: %zu record%s, %zu not verified; %zu files written, "
		    "%zu unchanged%s\n", o.out, st.records, st.records == 1 ?
		    "" : "s", st.failed, st.written, st.unchanged,
		    st.removed ? removed_words(st.removed) : "");
	/* The site is written either way; the exit code says what failed,
	 * the most serious first (as inkan verify ranks them). */
	rc = 0;
	if (st.failed) {
		fprintf(stderr, "inkan: site: %zu record%s did not verify (their "
		    "pages say so)\n", st.failed, st.failed == 1 ? "" : "s");
		rc = st.worst ? st.worst : INK_ENO;
	}
	if (st.root_expired) {
		fprintf(stderr, "inkan: site: the registry's trust root has "
		    "expired (the pages say so)\n");
		if (ink_error_rank(INK_EROOT) > ink_error_rank(rc))
			rc = INK_EROOT;
	}
	/* The site shows the last signed commit, and the build fails. */
	if (st.nunsigned) {
		fprintf(stderr, "inkan: site: %s: the site shows the last signed "
		    "commit\n", st.unsigned_what);
		if (ink_error_rank(INK_ELOG) > ink_error_rank(rc))
			rc = INK_ELOG;
	}
	return cli_finish(ink_exit_code(rc));
}

int
cmd_site(int argc, char **argv)
{
	const struct cli_sub *s;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		return cli_help(&cli_spec_site, NULL);
	if (argc < 2)
		return cli_usage_error(&cli_spec_site, "site", "which "
		    "subcommand? (build)");
	if ((rc = cli_sub_find(&s, &cli_spec_site, argv[1])) != 0)
		return rc;
	return build(argc - 1, argv + 1);
}
