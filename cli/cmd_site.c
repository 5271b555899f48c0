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

static const char usage[] =
    "usage: inkan site build REGISTRY -o OUT [--at TIME] [--base-url URL]\n"
    "                        [--clone-url URL] [--force] [--full] [--json]\n"
    "                        [-q]\n";

enum { OPT_AT = 256, OPT_BASE, OPT_CLONE, OPT_FORCE, OPT_FULL, OPT_JSON };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "base-url", required_argument, NULL, OPT_BASE },
	{ "clone-url", required_argument, NULL, OPT_CLONE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

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
	int c, rc, quiet = 0, json = 0;

	memset(&o, 0, sizeof(o));
	o.at = time_now();
	if ((rc = cli_getopt_reset(argc, argv, longopts, usage, "site")) != 0)
		return rc;
	while ((c = getopt_long(argc, argv, ":ho:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_help(usage);
		case 'o':
			o.out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_AT:
			if (time_parse_date(&o.at, optarg) != 0)
				return cli_usage_error(usage, "site", "--at: %s",
				    ink_error_last());
			break;
		case OPT_BASE:
			if (!valid_url(optarg))
				return cli_usage_error(usage, "site", "--base-url "
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
		case ':':
			return cli_usage_error(usage, "site", "option '%s' needs "
			    "a value", argv[optind - 1]);
		default:
			return cli_usage_error(usage, "site", "unknown option "
			    "'%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(usage, "site", "give exactly one "
		    "registry");
	if (o.out == NULL)
		return cli_usage_error(usage, "site", "give the output folder "
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
		    "\"written\":%zu}\n", st.checked, st.failed, st.records,
		    st.removed, st.reused, st.unchanged, st.written);
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

/* build parses its own options. */
static const struct cli_sub subs[] = {
	{ "build", "", 0, CLI_MANY, 0 },
	{ NULL, NULL, 0, 0, 0 }
};

int
cmd_site(int argc, char **argv)
{
	const struct cli_sub *s;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		return cli_help(usage);
	if (argc < 2)
		return cli_usage_error(usage, "site", "which subcommand? "
		    "(build)");
	if ((rc = cli_sub_find(&s, subs, argv[1], usage, "site")) != 0)
		return rc;
	return build(argc - 1, argv + 1);
}
