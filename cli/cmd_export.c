/*
 * inkan export: a signed record in the forms other tools check, so that
 * nobody has to trust inkan alone: Sigstore bundles, minisign and SSHSIG
 * signatures of the payload, and OSCAL assessment results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/file.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "registry/registry.h"
#include "export/export.h"
#include "verify/verify.h"

enum { OPT_PASSFILE = CLI_OPT, OPT_REGISTRY, OPT_DISCLOSURE, OPT_AT,
	OPT_LANG, OPT_P11MOD };

static const struct cli_opt opts[] = {
	{ "key", 'k', "KEY", "a public key to check the envelope with, or "
	    "(minisign, sshsig) the key to sign with: " CLI_KEY_FORMS },
	{ "registry", OPT_REGISTRY, "DIR", "check against a registry clone "
	    "instead of keys" },
	{ "disclosure", OPT_DISCLOSURE, "FILE", "disclosed items to include "
	    "in the OSCAL results" },
	{ "at", OPT_AT, "TIME", "verify as of TIME instead of now" },
	{ "lang", OPT_LANG, "en|ja", "the language of the OSCAL text "
	    "(English by default)" },
	{ "output", 'o', "OUT", "the file name prefix (sigstore-bundle, "
	    "minisign, sshsig) or the file (oscal)" },
	{ "passphrase-file", OPT_PASSFILE, "FILE", "read the key's "
	    "passphrase (a token's PIN) from the first line of FILE" },
	CLI_OPT_PKCS11_MODULE(OPT_P11MOD),
	{ NULL, 0, NULL, NULL }
};

enum export_sub { E_SIGSTORE, E_MINISIGN, E_SSHSIG, E_OSCAL };

static const struct cli_sub subs[] = {
	{ "sigstore-bundle", "ENVELOPE", "key* output", 1, 1, E_SIGSTORE },
	{ "minisign", "ENVELOPE", "key! output passphrase-file "
	    "pkcs11-module", 1, 1,
	    E_MINISIGN },
	{ "sshsig", "ENVELOPE", "key! output passphrase-file pkcs11-module",
	    1, 1,
	    E_SSHSIG },
	{ "oscal", "ENVELOPE", "key* registry disclosure* at lang output",
	    1, 1, E_OSCAL },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_export = { "export", opts, subs, NULL,
	"inkan export oscal audit.dsse.json --registry registry -o "
	"audit.oscal.json", NULL };

struct opts {
	const char *what, *envpath, *out, *regdir, *lang;
	const char **keys, **disclosures;
	size_t nkeys, ndisclosures;
	int64_t at;
	int have_at, have_lang;
	struct key_pass pass;
};

/* x.dsse.json -> x; x.json -> x; anything else as it is. */
static char *
default_prefix(const char *env)
{
	size_t n = strlen(env);
	char *p;

	if (n > 10 && strcmp(env + n - 10, ".dsse.json") == 0)
		n -= 10;
	else if (n > 5 && strcmp(env + n - 5, ".json") == 0)
		n -= 5;
	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, env, n);
	p[n] = '\0';
	return p;
}

/* PREFIX + suffix, written atomically; the name goes to stdout. */
static int
write_named(const char *prefix, const char *suffix, const void *data,
    size_t len)
{
	struct buf name = BUF_INIT(8192);
	int rc;

	if ((rc = buf_addf(&name, "%s%s", prefix, suffix)) == 0 &&
	    (rc = file_write_atomic(buf_str(&name), data, len, 0644)) == 0)
		printf("%s\n", buf_str(&name));
	buf_release(&name);
	return rc;
}

/* Public key files only: the checks that go with them never need a
 * private key. */
static int
load_public_keys(struct pubkey ***out, const struct opts *o)
{
	struct pubkey **keys;
	int rc = 0;

	if ((keys = calloc(o->nkeys + 1, sizeof(*keys))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; rc == 0 && i < o->nkeys; i++) {
		enum key_kind kind;
		if ((rc = key_file_kind(&kind, o->keys[i])) == 0 &&
		    kind != KEY_KIND_PUBLIC)
			rc = ink_error(INK_EINPUT, "'%s' is not a public key "
			    "(give the .pub file)", o->keys[i]);
		if (rc == 0)
			rc = key_load_public(&keys[i], o->keys[i], NULL);
	}
	if (rc != 0) {
		for (size_t i = 0; i < o->nkeys; i++)
			pubkey_free(keys[i]);
		free(keys);
		return rc;
	}
	*out = keys;
	return 0;
}

static int
do_sigstore(const struct dsse_envelope *env, const char *prefix,
    const struct opts *o)
{
	struct buf b = BUF_INIT(INK_MAX_ENVELOPE);
	struct pubkey **keys = NULL;
	char hint[KEYID_HEX], suffix[64];
	int rc = 0;

	if (env->nsigs == 0)
		return cli_fail("export sigstore-bundle", ink_error(INK_ENO,
		    "'%s' has no signatures", o->envpath));
	if (o->nkeys && (rc = load_public_keys(&keys, o)) != 0)
		return cli_fail("export sigstore-bundle", rc);
	/* Every bundle is made before any is written. */
	for (size_t i = 0; rc == 0 && i < env->nsigs; i++)
		rc = export_sigstore_bundle(&b, hint, env, i, keys, o->nkeys);
	if (rc != 0) {
		rc = cli_fail("export sigstore-bundle", rc);
		goto cleanup;
	}
	if (strcmp(prefix, "-") == 0) {
		rc = cli_out_raw(b.data, b.len);
		goto cleanup;
	}
	for (size_t i = 0; rc == 0 && i < env->nsigs; i++) {
		buf_reset(&b);
		if ((rc = export_sigstore_bundle(&b, hint, env, i, keys,
		    o->nkeys)) != 0)
			break;
		snprintf(suffix, sizeof(suffix), ".%.16s.sigstore.json", hint);
		rc = write_named(prefix, suffix, b.data, b.len);
	}
	if (rc != 0)
		rc = cli_fail("export sigstore-bundle", rc);
cleanup:
	for (size_t i = 0; keys && i < o->nkeys; i++)
		pubkey_free(keys[i]);
	free(keys);
	buf_release(&b);
	return rc;
}

/* minisign and sshsig: a new signature of the payload by a key that
 * signed the envelope, beside a copy of the payload. */
static int
do_payload_sig(const struct dsse_envelope *env, const char *prefix,
    const struct opts *o, int minisign)
{
	const char *ctx = minisign ? "export minisign" : "export sshsig";
	struct buf sig = BUF_INIT(64 * 1024);
	EVP_PKEY *pkey = NULL;
	int rc;

	if (o->nkeys != 1)
		return cli_usage_error(&cli_spec_export, ctx, "give the private key of one "
		    "of the envelope's signers with --key KEY");
	if (strcmp(prefix, "-") == 0)
		return cli_usage_error(&cli_spec_export, ctx, "-o takes a file name prefix: "
		    "two files are written");
	if ((rc = key_load_private(&pkey, o->keys[0], &o->pass)) != 0 ||
	    (rc = minisign ? export_minisign(&sig, env, pkey) :
	    export_sshsig(&sig, env, pkey)) != 0 ||
	    (rc = write_named(prefix, ".payload", env->payload,
	    env->payload_len)) != 0 ||
	    (rc = write_named(prefix, minisign ? ".payload.minisig" :
	    ".payload.sig", sig.data, sig.len)) != 0)
		rc = cli_fail(ctx, rc);
	EVP_PKEY_free(pkey);
	buf_release(&sig);
	return rc;
}

static int
do_oscal(const struct dsse_envelope *env, const struct opts *o)
{
	struct verify_result r = VERIFY_RESULT_INIT;
	struct buf doc = BUF_INIT(EXPORT_MAX_OSCAL);
	struct pubkey **keys = NULL;
	struct verify_opts vo;
	struct reg *g = NULL;
	int rc;

	if (o->nkeys == 0 && o->regdir == NULL)
		return cli_usage_error(&cli_spec_export, "export oscal", "an export is of a "
		    "verified record: give the signers' public keys with --key "
		    "PUB, or a registry with --registry DIR");
	if ((rc = load_public_keys(&keys, o)) != 0) {
		rc = cli_fail("export oscal", rc);
		goto cleanup;
	}
	if (o->regdir && (rc = reg_open(&g, o->regdir, REG_READ)) != 0) {
		rc = cli_fail("export oscal", rc);
		goto cleanup;
	}
	memset(&vo, 0, sizeof(vo));
	vo.keys = keys;
	vo.nkeys = o->nkeys;
	vo.at = o->at;
	vo.disclosures = o->disclosures;
	vo.ndisclosures = o->ndisclosures;
	rc = g ? verify_registry_envelope(&r, env, g, &vo) :
	    verify_envelope(&r, env, &vo);
	if (rc != 0) {
		rc = cli_fail("export oscal", rc);
		goto cleanup;
	}
	if (r.code != 0) {
		/* Say what failed, as verify would, and write nothing. */
		for (size_t i = 0; i < r.nchecks; i++)
			if (r.checks[i].code != 0 &&
			    strncmp(r.checks[i].name, "signature ", 10) != 0)
				fprintf(stderr, "inkan: export oscal: '%s': %s: %s\n",
				    o->envpath, r.checks[i].name,
				    r.checks[i].detail);
		fprintf(stderr, "inkan: export oscal: '%s' does not verify "
		    "(see 'inkan verify'): nothing exported\n", o->envpath);
		rc = ink_exit_code(r.code);
		goto cleanup;
	}
	if (r.statement == NULL) {
		rc = cli_fail("export oscal", ink_error(INK_EINPUT, "'%s' holds "
		    "no in-toto Statement", o->envpath));
		goto cleanup;
	}
	if ((rc = export_oscal(&doc, r.statement, r.record_id, r.disclosed,
	    o->lang)) != 0 ||
	    (rc = file_write_atomic(o->out ? o->out : "-", doc.data, doc.len,
	    0644)) != 0) {
		rc = cli_fail("export oscal", rc);
		goto cleanup;
	}
	if (o->out && strcmp(o->out, "-") != 0)
		printf("%s\n", o->out);
cleanup:
	for (size_t i = 0; keys && i < o->nkeys; i++)
		pubkey_free(keys[i]);
	free(keys);
	verify_result_release(&r);
	buf_wipe(&doc); /* it may hold disclosed items */
	reg_close(g);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	const struct cli_sub *s;
	struct cli_parse p;
	struct opts o;
	char *prefix = NULL;
	int c, rc;

	memset(&o, 0, sizeof(o));
	o.at = time_now();
	o.lang = "en";
	if (argc < 2)
		return cli_usage_error(&cli_spec_export, "export", "what to "
		    "export?");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cli_help(&cli_spec_export, NULL);
	if ((rc = cli_sub_find(&s, &cli_spec_export, argv[1])) != 0)
		return rc;
	o.what = argv[1];
	o.keys = calloc((size_t)argc, sizeof(*o.keys));
	o.disclosures = calloc((size_t)argc, sizeof(*o.disclosures));
	if (o.keys == NULL || o.disclosures == NULL) {
		rc = cli_fail("export", ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	if ((rc = cli_parse_start(&p, &cli_spec_export, s, argc - 1,
	    argv + 1)) != 0)
		goto cleanup;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'k':
			o.keys[o.nkeys++] = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_PASSFILE:
			o.pass.file = optarg;
			break;
		case OPT_P11MOD:
			o.pass.pkcs11_module = optarg;
			break;
		case OPT_REGISTRY:
			o.regdir = optarg;
			break;
		case OPT_DISCLOSURE:
			o.disclosures[o.ndisclosures++] = optarg;
			break;
		case OPT_AT:
			if (time_parse_date(&o.at, optarg) != 0) {
				rc = cli_usage_error(&cli_spec_export, p.ctx,
				    "--at: %s", ink_error_last());
				goto cleanup;
			}
			o.have_at = 1;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ja") != 0) {
				rc = cli_usage_error(&cli_spec_export, p.ctx,
				    "--lang takes en or ja");
				goto cleanup;
			}
			o.lang = optarg;
			o.have_lang = 1;
			break;
		}
	}
	if (c < 0) {
		rc = p.rc;
		goto cleanup;
	}
	if ((rc = cli_sub_nargs(&cli_spec_export, s, argc - 1 - optind)) != 0)
		goto cleanup;
	o.envpath = argv[optind + 1];
	if (s->id != E_OSCAL && o.out == NULL &&
	    strcmp(o.envpath, "-") == 0) {
		rc = cli_usage_error(&cli_spec_export, p.ctx, "reading the "
		    "envelope from stdin: give -o PREFIX");
		goto cleanup;
	}
	if ((rc = dsse_envelope_load(&env, o.envpath)) != 0) {
		rc = cli_fail("export", ink_error_wrap(rc, "'%s'", o.envpath));
		goto cleanup;
	}
	switch ((enum export_sub)s->id) {
	case E_OSCAL:
		rc = do_oscal(&env, &o);
		goto cleanup;
	case E_SIGSTORE:
	case E_MINISIGN:
	case E_SSHSIG:
		break;
	}
	if ((prefix = o.out ? strdup(o.out) : default_prefix(o.envpath)) ==
	    NULL) {
		rc = cli_fail("export", ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	if (s->id == E_SIGSTORE)
		rc = do_sigstore(&env, prefix, &o);
	else
		rc = do_payload_sig(&env, prefix, &o, s->id == E_MINISIGN);
cleanup:
	dsse_envelope_release(&env);
	free(o.keys);
	free(o.disclosures);
	free(prefix);
	return cli_finish(rc);
}
