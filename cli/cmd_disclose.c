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

enum { OPT_JSON = CLI_OPT };

static const struct cli_opt opts[] = {
	{ "select", 's', "CONTROL_ID", "an item to disclose (repeat it, or "
	    "give several, comma-separated)" },
	{ "output", 'o', "OUT", "where to write the disclosure (mode 0600; "
	    "- is stdout)" },
	{ "json", OPT_JSON, NULL, "print one JSON object on stdout: the file "
	    "written and the items in it" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "", "BUNDLE", "select+ output json", 1, CLI_MANY, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_disclose = { "disclose", opts, subs, NULL,
	"inkan disclose audit.disclosures.json --select CC6.1 -o cc6.json",
	NULL };

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
	struct cli_parse p;
	int c, rc, selected = 0, json = 0;

	if ((rc = cli_parse_start(&p, &cli_spec_disclose, NULL, argc,
	    argv)) != 0)
		return rc;
	/* Each argument holds at most len / 2 + 1 comma-separated ids. */
	for (int i = 0; i < argc; i++)
		room += strlen(argv[i]) / 2 + 1;
	if ((ids = calloc(room + 1, sizeof(*ids))) == NULL)
		return cli_fail("disclose", ink_error(INK_EINPUT, "out of "
		    "memory"));
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 's':
			add_ids(ids, &nids, optarg);
			selected = 1;
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		}
	}
	if (c < 0) {
		rc = p.rc;
		goto cleanup;
	}
	if (json && strcmp(outpath, "-") == 0) {
		rc = cli_usage_error(&cli_spec_disclose, "disclose", "--json "
		    "prints an object on stdout: write the disclosure with "
		    "-o FILE");
		goto cleanup;
	}
	if (optind >= argc) {
		rc = cli_usage_error(&cli_spec_disclose, "disclose", "give the bundle that "
		    "'inkan sign' wrote");
		goto cleanup;
	}
	bundle_path = argv[optind];
	/* Operands after the bundle are more ids: --select A B C. */
	for (int i = optind + 1; i < argc && selected; i++)
		add_ids(ids, &nids, argv[i]);
	if (!selected || nids == 0) {
		rc = cli_usage_error(&cli_spec_disclose, "disclose", "choose the items with "
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
	if (json) {
		cJSON *o = cJSON_CreateObject(), *a;
		cJSON_AddStringToObject(o, "output", outpath);
		cJSON_AddStringToObject(o, "mode", "0600");
		cJSON_AddStringToObject(o, "record_id", json_get_str(bundle,
		    "record_id"));
		a = cJSON_AddArrayToObject(o, "items");
		for (size_t i = 0; i < nids; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(ids[i]));
		rc = cli_print_json("disclose", o);
		cJSON_Delete(o);
		if (rc != 0)
			goto cleanup;
	} else if (strcmp(outpath, "-") != 0)
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
