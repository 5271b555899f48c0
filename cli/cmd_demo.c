/*
 * inkan demo: builds a demonstration registry and its site.
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "cli/demo.h"

static const struct cli_opt opts[] = {
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "", "[DIR]", "", 0, 1, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_demo = { "demo", opts, subs, NULL,
	"inkan demo /tmp/inkan-demo", NULL };

/* How the user should call this binary in the commands we print: the
 * path relative to the working directory when it lives below it. */
static const char *
command_name(char *buf, size_t len)
{
	char exe[PATH_MAX], cwd[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t cl;

	if (n <= 0 || getcwd(cwd, sizeof(cwd)) == NULL)
		return "inkan";
	exe[n] = '\0';
	cl = strlen(cwd);
	if (strncmp(exe, cwd, cl) == 0 && exe[cl] == '/') {
		snprintf(buf, len, "%s", exe + cl + 1);
		return buf;
	}
	return "inkan";
}

static int
file_exists_in(const char *dir, const char *name)
{
	char p[PATH_MAX + 64];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return file_exists(p);
}

int
cmd_demo(int argc, char **argv)
{
	const char *dir = "demo", *self;
	char self_buf[PATH_MAX];
	struct cli_parse p;
	int rc, c;

	if ((rc = cli_parse_start(&p, &cli_spec_demo, NULL, argc, argv)) != 0)
		return rc;
	if ((c = cli_parse_next(&p)) != 0)
		return c < 0 ? p.rc : cli_usage_error(&cli_spec_demo, "demo",
		    "takes no options");
	if ((rc = cli_sub_nargs(&cli_spec_demo, &subs[0], argc - optind)) != 0)
		return rc;
	if (optind < argc)
		dir = argv[optind];
	if ((rc = demo_build(dir, stderr)) != 0)
		return cli_fail("demo", rc);
	self = command_name(self_buf, sizeof(self_buf));
	printf("\nThe demo registry is in %s/registry (a git repository), "
	    "its site in %s/site,\nand the signers' demo keys, private "
	    "disclosures and documents in %s/private.\n\n", dir, dir, dir);
	if (file_exists_in(dir, "site/index.html"))
		printf("Open the site: %s/site/index.html\n\n"
		    "Or serve it over HTTP, as a real site (its QR codes point at\n"
		    "%s, its \"verify it yourself\" commands clone %s/registry):"
		    "\n\n  python3 -m http.server -d %s/site %s\n\n"
		    "and open %s to try: a service's page and its Atom "
		    "feed,\na record's page with its QR code and the commands to "
		    "verify it yourself,\nthe revocations.\n\n", dir, DEMO_URL,
		    dir, dir, DEMO_PORT, DEMO_URL);
	printf("Three things to try:\n\n"
	    "  # 1. verify an audit report against the registry, offline\n"
	    "  %s verify %s/private/records/kazoeru-soc2-2026.dsse.json "
	    "--registry %s/registry \\\n"
	    "      --artifact %s/private/documents/kazoeru-soc2-2026.pdf\n\n"
	    "  # 2. the provider discloses two control results to one "
	    "procurer\n"
	    "  %s disclose %s/private/records/kazoeru-soc2-2026.disclosures.json "
	    "\\\n      --select CC6.1 --select CC7.2 -o %s/cc-disclosure.json\n\n"
	    "  # 3. the procurer checks them against the signed record\n"
	    "  %s verify %s/private/records/kazoeru-soc2-2026.dsse.json "
	    "--registry %s/registry \\\n      --disclosure "
	    "%s/cc-disclosure.json\n", self, dir, dir, dir, self, dir, dir,
	    self, dir, dir, dir);
	return cli_finish(0);
}
