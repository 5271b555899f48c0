/*
 * inkan sign: a draft into an envelope, another signature onto an
 * envelope, or raw bytes into an envelope.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "sign/sign.h"

static const char usage[] =
    "usage: inkan sign DRAFT_OR_ENVELOPE... --key KEY [--role ROLE] [-o OUT]\n"
    "                  [--force] [--files-from FILE] [-q] [--passphrase-file FILE]\n"
    "       inkan sign --raw --payload-type TYPE --key KEY FILE [-o OUT]\n"
    "                  [--force] [--passphrase-file FILE]\n"
    "roles: auditor, expert, management, operator\n";

enum { OPT_PASSFILE = 256, OPT_RAW, OPT_TYPE, OPT_ROLE, OPT_FORCE, OPT_FROM };

static const struct option longopts[] = {
	{ "key", required_argument, NULL, 'k' },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "files-from", required_argument, NULL, OPT_FROM },
	{ "quiet", no_argument, NULL, 'q' },
	{ "payload-type", required_argument, NULL, OPT_TYPE },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* draft.json -> draft.dsse.json; anything else gets .dsse.json added. */
static char *
default_output(const char *in)
{
	size_t n = strlen(in);
	char *out = malloc(n + 16);

	if (out == NULL)
		return NULL;
	if (n > 5 && strcmp(in + n - 5, ".json") == 0)
		n -= 5;
	memcpy(out, in, n);
	strcpy(out + n, ".dsse.json");
	return out;
}

/* The private bundle goes beside the envelope: x.dsse.json ->
 * x.disclosures.json, mode 0600.  It is written after the envelope, and a
 * failure is reported: the envelope alone is useless to its owner. */
static int
write_bundle(const char *envpath, const char *rid, const cJSON *disclosures,
    int quiet)
{
	struct buf b = BUF_INIT(INK_MAX_JSON);
	char *path;
	size_t n;
	int rc;

	if (strcmp(envpath, "-") == 0)
		return cli_fail("sign", ink_error(INK_EINPUT, "a record with "
		    "confidential items needs -o FILE: its private disclosures "
		    "are written beside the envelope"));
	n = strlen(envpath);
	if ((path = malloc(n + 32)) == NULL)
		return cli_fail("sign", ink_error(INK_EINPUT, "out of memory"));
	if (n > 10 && strcmp(envpath + n - 10, ".dsse.json") == 0)
		n -= 10;
	else if (n > 5 && strcmp(envpath + n - 5, ".json") == 0)
		n -= 5;
	memcpy(path, envpath, n);
	strcpy(path + n, ".disclosures.json");
	rc = sign_bundle_write(&b, rid, disclosures);
	if (rc == 0)
		rc = file_write_atomic(path, b.data, b.len, 0600);
	if (rc != 0)
		rc = cli_fail("sign", rc);
	else if (!quiet)
		fprintf(stderr, "inkan: sign: wrote private disclosures to '%s' "
		    "(mode 0600): keep it, share items with 'inkan disclose'\n",
		    path);
	buf_wipe(&b);
	free(path);
	return rc;
}

/* An envelope has payloadType and signatures; a draft has neither. */
static int
looks_like_envelope(const struct buf *b)
{
	cJSON *j = NULL;
	char *copy;
	int yes = 0;

	if ((copy = malloc(b->len + 1)) == NULL)
		return 0;
	memcpy(copy, b->data, b->len + 1);
	json_strip_comments(copy, b->len);
	if (json_parse(&j, copy, b->len, "input") == 0)
		yes = json_get(j, "payloadType") != NULL &&
		    json_get(j, "signatures") != NULL;
	cJSON_Delete(j);
	free(copy);
	ink_error_clear();
	return yes;
}

struct sign_cfg {
	const char *keypath, *role, *type, *outpath;
	struct key_pass pass;
	int raw, force, quiet;
	EVP_PKEY *pkey;         /* loaded at first need, then kept */
};

/* Signs one draft, envelope or raw file; returns an exit code. */
static int
sign_one(struct sign_cfg *cfg, const char *path, const char *outpath)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems probs = PROBLEMS_INIT;
	struct buf in = BUF_INIT(0), payload = BUF_INIT(0);
	struct buf out = BUF_INIT(INK_MAX_ENVELOPE);
	const char *signed_as = NULL;
	char *defout = NULL, *dircopy = NULL, rid[RECORD_ID_LEN];
	cJSON *disclosures = NULL;
	int rc = 0, is_env = 0;

	if ((rc = file_read(&in, path, cfg->raw ? INK_MAX_PAYLOAD :
	    INK_MAX_ENVELOPE)) != 0) {
		rc = cli_fail("sign", rc);
		goto cleanup;
	}
	if (cfg->raw) {
		rc = dsse_envelope_set_payload(&env, cfg->type, in.data, in.len);
	} else if ((is_env = looks_like_envelope(&in))) {
		rc = dsse_envelope_parse(&env, (const char *)in.data, in.len);
	} else if (in.len > INK_MAX_DRAFT) {
		rc = cli_fail("sign", ink_error(INK_EINPUT, "draft '%s' is larger "
		    "than the limit of %u bytes", path, INK_MAX_DRAFT));
		goto cleanup;
	} else {
		if ((dircopy = strdup(path)) == NULL) {
			rc = cli_fail("sign", ink_error(INK_EINPUT, "out of "
			    "memory"));
			goto cleanup;
		}
		rc = sign_draft_payload(&payload, &disclosures, (char *)in.data,
		    in.len, path,
		    strcmp(path, "-") ? dirname(dircopy) : ".", time_now(),
		    &probs);
		if (rc != 0) {
			for (size_t i = 0; i < probs.n; i++)
				fprintf(stderr, "inkan: sign: '%s': %s\n", path,
				    probs.v[i]);
			if (probs.n == 0)
				cli_fail("sign", rc);
			else
				fprintf(stderr, "inkan: sign: '%s': %zu problem%s: "
				    "nothing signed\n", path, probs.n,
				    probs.n == 1 ? "" : "s");
			rc = ink_exit_code(rc);
			goto cleanup;
		}
		rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
		    payload.data, payload.len);
	}
	if (rc != 0) {
		rc = cli_fail("sign", rc);
		goto cleanup;
	}
	if (outpath == NULL) {
		if (is_env && strcmp(path, "-") != 0)
			outpath = path;
		else if (strcmp(path, "-") == 0)
			outpath = "-";
		else if ((outpath = defout = default_output(path)) == NULL) {
			rc = cli_fail("sign", ink_error(INK_EINPUT,
			    "out of memory"));
			goto cleanup;
		}
	}
	/* A new envelope never silently replaces a signed one: signing the
	 * draft again would make a different record (a new signed_at). */
	if (!is_env && !cfg->force && strcmp(outpath, "-") != 0 &&
	    file_exists(outpath)) {
		rc = cli_fail("sign", ink_error(INK_EINPUT, "'%s' already exists: "
		    "to add a signature sign that envelope, or give --force to "
		    "replace it", outpath));
		goto cleanup;
	}
	if (disclosures && strcmp(outpath, "-") == 0) {
		rc = cli_fail("sign", ink_error(INK_EINPUT, "a record with "
		    "confidential items needs -o FILE: its private disclosures "
		    "are written beside the envelope"));
		goto cleanup;
	}
	/* The key is read (and its passphrase asked for) only once a first
	 * file has passed its checks. */
	if (cfg->pkey == NULL && (rc = key_load_private(&cfg->pkey,
	    cfg->keypath, &cfg->pass)) != 0) {
		rc = cli_fail("sign", rc);
		goto cleanup;
	}
	if ((rc = sign_envelope(&env, cfg->pkey, cfg->role, &signed_as)) != 0 ||
	    (rc = dsse_envelope_write(&out, &env)) != 0) {
		rc = cli_fail("sign", rc);
		goto cleanup;
	}
	if ((rc = file_write_atomic(outpath, out.data, out.len, 0644)) != 0) {
		rc = cli_fail("sign", rc);
		goto cleanup;
	}
	record_id(rid, env.payload, env.payload_len);
	if (disclosures && (rc = write_bundle(outpath, rid, disclosures,
	    cfg->quiet)) != 0)
		goto cleanup;
	if (strcmp(outpath, "-") != 0) {
		printf("%s\n", rid);
		if (!cfg->quiet)
			fprintf(stderr, "inkan: sign: wrote '%s' (%zu signature%s%s%s)"
			    "\n", outpath, env.nsigs, env.nsigs == 1 ? "" : "s",
			    signed_as ? ", signed as " : "",
			    signed_as ? signed_as : "");
	}
	rc = 0;
cleanup:
	dsse_envelope_release(&env);
	problems_release(&probs);
	buf_release(&in);
	buf_release(&payload);
	buf_release(&out);
	free(defout);
	free(dircopy);
	cJSON_Delete(disclosures);
	return rc;
}

int
cmd_sign(int argc, char **argv)
{
	struct sign_cfg cfg;
	struct file_list files = FILE_LIST_INIT;
	const char *from = NULL;
	int c, rc = 0, worst = 0;

	memset(&cfg, 0, sizeof(cfg));
	if ((rc = cli_getopt_reset(argc, argv, longopts, usage, "sign")) != 0)
		return rc;
	while ((c = getopt_long(argc, argv, ":hk:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_help(usage);
		case 'k':
			cfg.keypath = optarg;
			break;
		case 'o':
			cfg.outpath = optarg;
			break;
		case 'q':
			cfg.quiet = 1;
			break;
		case OPT_ROLE:
			cfg.role = optarg;
			break;
		case OPT_RAW:
			cfg.raw = 1;
			break;
		case OPT_FORCE:
			cfg.force = 1;
			break;
		case OPT_TYPE:
			cfg.type = optarg;
			break;
		case OPT_PASSFILE:
			cfg.pass.file = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case ':':
			return cli_usage_error(usage, "sign", "option '%s' needs "
			    "a value", argv[optind - 1]);
		default:
			return cli_usage_error(usage, "sign", "unknown option "
			    "'%s'", argv[optind - 1]);
		}
	}
	if (cfg.keypath == NULL)
		return cli_usage_error(usage, "sign", "give --key KEY");
	if (cfg.raw != (cfg.type != NULL))
		return cli_usage_error(usage, "sign", "--raw and --payload-type "
		    "go together");
	if (cfg.role && !record_role_known(cfg.role))
		return cli_usage_error(usage, "sign", "unknown role '%s'",
		    cfg.role);
	if ((rc = cli_file_list(&files, argc - optind, argv + optind,
	    from)) != 0)
		return cli_fail("sign", rc);
	if (files.n == 0) {
		file_list_release(&files);
		return cli_usage_error(usage, "sign", "give a file to sign");
	}
	if (files.n > 1 && cfg.outpath) {
		file_list_release(&files);
		return cli_usage_error(usage, "sign", "-o names one output: "
		    "with several files each is written beside its input");
	}
	/* Every file is tried; the most serious failure is the exit code. */
	struct cli_progress pr;
	cli_progress_start(&pr, "sign", files.n, cfg.quiet);
	/* A batch syncs once at the end instead of twice per file. */
	if (files.n > 1) {
		cfg.quiet = 1;
		file_sync_defer(1);
	}
	for (size_t i = 0; i < files.n; i++) {
		worst = cli_worst(worst, sign_one(&cfg, files.v[i], cfg.outpath));
		cli_progress_step(&pr, i + 1);
	}
	cli_progress_end(&pr);
	if (files.n > 1)
		file_sync_flush();
	EVP_PKEY_free(cfg.pkey);
	file_list_release(&files);
	return cli_finish(worst);
}
