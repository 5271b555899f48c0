/*
 * inkan: the command dispatcher.
 *
 * To add a command: write cmd_<name>(argc, argv) in its part's
 * cmd_<name>.c (parse options, call library code, map the result to an
 * exit code), declare it in cli/cli.h, add a row to cli_cmds below, and
 * write docs/man/inkan-<name>.1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/timefmt.h"

const struct cli_cmd cli_cmds[] = {
	{ "keys", cmd_keys, "generate, inspect and export Ed25519 keys",
	    &cli_spec_keys },
	{ "new", cmd_new, "print a commented draft to fill in and sign",
	    &cli_spec_new },
	{ "sign", cmd_sign, "sign a draft, add a signature, or sign raw bytes",
	    &cli_spec_sign },
	{ "verify", cmd_verify, "verify signed records offline",
	    &cli_spec_verify },
	{ "disclose", cmd_disclose, "choose confidential items to hand to one "
	    "procurer", &cli_spec_disclose },
	{ "summary", cmd_summary, "render the SOC 3-style public summary of an "
	    "audit", &cli_spec_summary },
	{ "export", cmd_export, "a record for other tools: Sigstore, minisign, "
	    "ssh-keygen, OSCAL", &cli_spec_export },
	{ "registry", cmd_registry, "the public registry: init, accredit, add, "
	    "status, verify", &cli_spec_registry },
	{ "site", cmd_site, "render the registry as a static site in Japanese "
	    "and English", &cli_spec_site },
	{ "witness", cmd_witness, "witness transparency logs: cosign only "
	    "consistent checkpoints", &cli_spec_witness },
	{ "scs", cmd_scs, "SCS ★3/★4: catalogues, assessment sheets, plans",
	    &cli_spec_scs },
	{ "demo", cmd_demo, "build a demonstration registry and site",
	    &cli_spec_demo },
	{ "help", cmd_help, "show help for inkan or one command",
	    &cli_spec_help },
	{ NULL, NULL, NULL, NULL }
};

static const char usage[] =
    "usage: inkan <command> [<subcommand>] [options]\n"
    "       inkan help <command>\n"
    "       inkan --version\n";

static void
list_commands(FILE *f)
{
	fputs(usage, f);
	fputs("\ncommands:\n", f);
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\nexit status: 0 valid, 1 no (bad signature, rule not met), "
	    "2 could not answer,\n3 outside validity, 4 revoked, "
	    "5 transparency failure, 6 trust root expired\n", f);
}

static const struct cli_cmd *
find(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int
unknown(const char *name)
{
	const struct cli_cmd *best = NULL;
	size_t bd = 3;

	for (const struct cli_cmd *c = cli_cmds; c->name; c++) {
		size_t d = cli_distance(name, c->name);
		if (d < bd) {
			bd = d;
			best = c;
		}
	}
	fprintf(stderr, "inkan: '%s' is not an inkan command", name);
	if (best)
		fprintf(stderr, "; did you mean '%s'?", best->name);
	fprintf(stderr, " (see 'inkan help')\n");
	return EXIT_USAGE;
}

enum { OPT_JSON = CLI_OPT };

static const struct cli_opt help_opts[] = {
	{ "json", OPT_JSON, NULL, "print the table of commands, their "
	    "options and their help as one JSON object" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub help_subs[] = {
	{ "", "[COMMAND]", "json", 0, 1, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_help = { "help", help_opts, help_subs, NULL,
	"inkan help registry", NULL };

int
cmd_help(int argc, char **argv)
{
	const struct cli_cmd *c;
	struct cli_parse p;
	char *args[3];
	int k, rc, json = 0;

	if ((rc = cli_parse_start(&p, &cli_spec_help, NULL, argc, argv)) != 0)
		return rc;
	while ((k = cli_parse_next(&p)) > 0)
		if (k == OPT_JSON)
			json = 1;
	if (k < 0)
		return p.rc;
	if ((rc = cli_sub_nargs(&cli_spec_help, &help_subs[0],
	    argc - optind)) != 0)
		return rc;
	if (json) {
		struct buf b = BUF_INIT((size_t)1 << 24);
		if (optind < argc)
			return cli_usage_error(&cli_spec_help, "help", "--json "
			    "prints the whole table: give no command");
		if ((rc = cli_table_json(&b, cli_cmds)) == 0)
			rc = cli_out(buf_str(&b), b.len);
		else
			rc = cli_fail("help", rc);
		buf_release(&b);
		return cli_finish(rc);
	}
	if (optind >= argc) {
		list_commands(stdout);
		return cli_finish(0);
	}
	if ((c = find(argv[optind])) == NULL)
		return unknown(argv[optind]);
	args[0] = argv[optind];
	args[0] = argv[1];
	args[1] = "-h";
	args[2] = NULL;
	return c->run(2, args);
}

int
main(int argc, char **argv)
{
	const struct cli_cmd *c;
	const char *now;
	int64_t t;

	if (cli_streams_install() != 0) {
		fprintf(stderr, "inkan: cannot set up output\n");
		return EXIT_USAGE;
	}
	/* Times for people are shown in Japan's time unless TZ says
	 * otherwise (records themselves are always UTC).  A POSIX rule, so
	 * no zone database is needed: Japan keeps no daylight saving. */
	if (getenv("TZ") == NULL && setenv("TZ", "JST-9", 1) != 0) {
		fprintf(stderr, "inkan: cannot set TZ\n");
		return EXIT_USAGE;
	}
	tzset();
	if (argc < 2) {
		fprintf(stderr, "inkan: which command?\n");
		list_commands(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		list_commands(stdout);
		return cli_finish(0);
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("inkan %s (%s)\n", INK_VERSION,
		    OpenSSL_version(OPENSSL_VERSION));
		return cli_finish(0);
	}
	if ((c = find(argv[1])) == NULL)
		return unknown(argv[1]);
	now = getenv("INKAN_NOW");
	if (now && *now && time_parse(&t, now) != 0) {
		fprintf(stderr, "inkan: INKAN_NOW: %s\n", ink_error_last());
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
