/*
 * inkan disclose: from a private disclosure bundle, a file with only the
 * items chosen for one procurer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "sign/disclose.h"

static const char usage[] =
    "usage: inkan disclose BUNDLE --select CONTROL_ID... [-o OUT]\n";

static const struct option longopts[] = {
	{ "select", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Adds the comma-separated ids of arg to ids. */
static void
add_ids(char **ids, size_t *n, char *arg)
{
	for (char *save = NULL, *t = strtok_r(arg, ",", &save); t;
	    t = strtok_r(NULL, ",", &save))
		ids[(*n)++] = t;
}

int
cmd_disclose(int argc, char **argv)
{
	struct problems probs = PROBLEMS_INIT;
	struct buf in = BUF_INIT(0), out = BUF_INIT(INK_MAX_JSON);
	const char *outpath = "-", *bundle_path;
	char **ids = NULL;
	cJSON *bundle = NULL;
	size_t nids = 0, room = 0;
	int c, rc, selected = 0;

	if ((rc = cli_getopt_reset(argc, argv, longopts, usage,
	    "disclose")) != 0)
		return rc;
	/* Each argument holds at most len / 2 + 1 comma-separated ids. */
	for (int i = 0; i < argc; i++)
		room += strlen(argv[i]) / 2 + 1;
	if ((ids = calloc(room + 1, sizeof(*ids))) == NULL)
		return cli_fail("disclose", ink_error(INK_EINPUT, "out of "
		    "memory"));
	while ((c = getopt_long(argc, argv, ":hs:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			free(ids);
			return cli_help(usage);
		case 's':
			add_ids(ids, &nids, optarg);
			selected = 1;
			break;
		case 'o':
			outpath = optarg;
			break;
		case ':':
			rc = cli_usage_error(usage, "disclose", "option '%s' "
			    "needs a value", argv[optind - 1]);
			goto cleanup;
		default:
			rc = cli_usage_error(usage, "disclose", "unknown option "
			    "'%s'", argv[optind - 1]);
			goto cleanup;
		}
	}
	if (optind >= argc) {
		rc = cli_usage_error(usage, "disclose", "give the bundle that "
		    "'inkan sign' wrote");
		goto cleanup;
	}
	bundle_path = argv[optind];
	/* Operands after the bundle are more ids: --select A B C. */
	for (int i = optind + 1; i < argc && selected; i++)
		add_ids(ids, &nids, argv[i]);
	if (!selected || nids == 0) {
		rc = cli_usage_error(usage, "disclose", "choose the items with "
		    "--select CONTROL_ID...");
		goto cleanup;
	}
	if ((rc = file_read(&in, bundle_path, INK_MAX_JSON)) != 0 ||
	    (rc = disclose_file_parse(&bundle, (const char *)in.data, in.len,
	    bundle_path)) != 0) {
		rc = cli_fail("disclose", rc);
		goto cleanup;
	}
	if ((rc = disclose_select(&out, bundle, (const char *const *)ids,
	    nids, &probs)) != 0) {
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "inkan: disclose: '%s': %s\n",
			    bundle_path, probs.v[i]);
		if (probs.n == 0)
			cli_fail("disclose", rc);
		else
			fprintf(stderr, "inkan: disclose: nothing written\n");
		rc = ink_exit_code(rc);
		goto cleanup;
	}
	/* The file holds confidential detail: readable by its owner only. */
	if ((rc = cli_write_json(outpath, out.data, out.len, 0600)) != 0) {
		rc = cli_fail("disclose", rc);
		goto cleanup;
	}
	if (strcmp(outpath, "-") != 0)
		fprintf(stderr, "inkan: disclose: wrote '%s' (mode 0600) with "
		    "%zu selected item%s of record %s\n", outpath, nids,
		    nids == 1 ? "" : "s", json_get_str(bundle, "record_id"));
	rc = cli_finish(0);
cleanup:
	problems_release(&probs);
	buf_wipe(&in);
	buf_wipe(&out);
	cJSON_Delete(bundle);
	free(ids);
	return rc;
}
