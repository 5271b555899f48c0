/*
 * inkan keys: generate, id, show, export-pub, import.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "keys/formats.h"
#include "keys/key.h"

enum { OPT_PASSFILE = CLI_OPT, OPT_NOPASS, OPT_JSON, OPT_FORMAT, OPT_PKCS11,
	OPT_P11MOD };

static const struct cli_opt opts[] = {
	{ "out", 'o', "OUT", "where to write: the file name without its "
	    "extension (generate, import), or the file (export-pub)" },
	{ "no-passphrase", OPT_NOPASS, NULL, "write the private key "
	    "unencrypted (only where something else protects it)" },
	{ "passphrase-file", OPT_PASSFILE, "FILE", "read the passphrase (a "
	    "token's PIN) from the first line of FILE" },
	{ "pkcs11", OPT_PKCS11, "URI", "make the key pair on the PKCS#11 "
	    "token URI names (its object= the label) and write only OUT.pub" },
	CLI_OPT_PKCS11_MODULE(OPT_P11MOD),
	{ "format", OPT_FORMAT, "pem|minisign|ssh", "the format to write "
	    "the public key in (PEM by default)" },
	{ "json", OPT_JSON, NULL, "print one JSON object on stdout" },
	{ NULL, 0, NULL, NULL }
};

enum keys_sub { K_GENERATE, K_IMPORT, K_ID, K_SHOW, K_EXPORT_PUB };

static const struct cli_sub subs[] = {
	{ "generate", "", "out! no-passphrase passphrase-file pkcs11 "
	    "pkcs11-module json", 0, 0, K_GENERATE },
	{ "id", "KEY", "passphrase-file pkcs11-module", 1, 1, K_ID },
	{ "show", "KEYFILE", "json passphrase-file", 1, 1, K_SHOW },
	{ "export-pub", "KEY", "out format passphrase-file pkcs11-module", 1,
	    1, K_EXPORT_PUB },
	{ "import", "PUBFILE", "out!", 1, 1, K_IMPORT },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_keys = { "keys", opts, subs,
	"formats read by import: PEM, OpenSSH (ssh-ed25519) and minisign "
	"public keys\nKEY (id, export-pub): a key file, ssh-agent:PUBFILE or "
	"a pkcs11: URI\n", "inkan keys generate --out auditor", NULL };

static const char *
kind_name(enum key_kind k)
{
	switch (k) {
	case KEY_KIND_PUBLIC: return "public";
	case KEY_KIND_PRIVATE: return "private (unencrypted)";
	case KEY_KIND_ENCRYPTED: return "private (encrypted)";
	default: return "unknown";
	}
}

static int
keys_show(const char *path, const struct key_pass *pass, int json)
{
	struct buf out = BUF_INIT(1 << 20), pem = BUF_INIT(1 << 16);
	struct pubkey *k = NULL;
	enum key_kind kind;
	cJSON *j = NULL;
	int rc;

	if ((rc = key_file_kind(&kind, path)) != 0 ||
	    (rc = key_load_public(&k, path, pass)) != 0 ||
	    (rc = key_public_pem(&pem, k)) != 0) {
		rc = cli_fail("keys show", rc);
		goto cleanup;
	}
	if (json) {
		j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "file", path);
		cJSON_AddStringToObject(j, "algorithm", "ed25519");
		cJSON_AddStringToObject(j, "kind", kind == KEY_KIND_PUBLIC ?
		    "public" : "private");
		cJSON_AddBoolToObject(j, "encrypted", kind == KEY_KIND_ENCRYPTED);
		cJSON_AddStringToObject(j, "keyid", k->keyid);
		cJSON_AddStringToObject(j, "public_pem", buf_str(&pem));
		if (json_pretty(&out, j) != 0 || buf_addc(&out, '\n') != 0) {
			rc = cli_fail("keys show", INK_EINPUT);
			goto cleanup;
		}
	} else {
		if (buf_addf(&out, "file:      %s\nalgorithm: ed25519\nkind:"
		    "      %s\nkey id:    %s\nshort id:  %.16s\n%s", path,
		    kind_name(kind), k->keyid, k->keyid, buf_str(&pem)) != 0) {
			rc = cli_fail("keys show", INK_EINPUT);
			goto cleanup;
		}
	}
	rc = cli_out(buf_str(&out), out.len);
cleanup:
	cJSON_Delete(j);
	buf_release(&out);
	buf_release(&pem);
	pubkey_free(k);
	return rc;
}

/* The key files generate wrote, as JSON for --json; uri, when not NULL,
 * is where the private key is instead of a file. */
static int
generated_json(const char *keyid, const char *out, int encrypted,
    const char *uri)
{
	struct buf priv = BUF_INIT(1 << 16), pub = BUF_INIT(1 << 16);
	cJSON *j = cJSON_CreateObject();
	int rc;

	if ((rc = uri ? buf_adds(&priv, uri) : buf_addf(&priv, "%s.key",
	    out)) != 0 ||
	    (rc = buf_addf(&pub, "%s.pub", out)) != 0) {
		rc = cli_fail("keys generate", rc);
		goto cleanup;
	}
	cJSON_AddStringToObject(j, "keyid", keyid);
	cJSON_AddStringToObject(j, "algorithm", "ed25519");
	cJSON_AddStringToObject(j, "private_key", buf_str(&priv));
	cJSON_AddStringToObject(j, "public_key", buf_str(&pub));
	cJSON_AddBoolToObject(j, "encrypted", encrypted);
	rc = cli_print_json("keys generate", j);
cleanup:
	cJSON_Delete(j);
	buf_release(&priv);
	buf_release(&pub);
	return rc;
}

int
cmd_keys(int argc, char **argv)
{
	struct key_pass pass = { NULL };
	struct cli_parse p;
	const struct cli_sub *s;
	const char *out = NULL, *sub, *uri = NULL;
	struct pubkey *k = NULL;
	int nopass = 0, json = 0, c, rc;
	enum key_format format = KEY_FORMAT_PEM;

	if (argc < 2)
		return cli_usage_error(&cli_spec_keys, "keys", "which "
		    "subcommand?");
	sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0)
		return cli_help(&cli_spec_keys, NULL);
	if ((rc = cli_sub_find(&s, &cli_spec_keys, sub)) != 0)
		return rc;
	if ((rc = cli_parse_start(&p, &cli_spec_keys, s, argc - 1,
	    argv + 1)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case OPT_NOPASS:
			nopass = 1;
			break;
		case OPT_PASSFILE:
			pass.file = optarg;
			break;
		case OPT_PKCS11:
			uri = optarg;
			break;
		case OPT_P11MOD:
			pass.pkcs11_module = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_FORMAT:
			if (key_format_parse(&format, optarg) != 0)
				return cli_usage_error(&cli_spec_keys, p.ctx, "%s",
				    ink_error_last());
			break;
		}
	}
	if (c < 0)
		return p.rc;
	argc -= optind + 1;
	argv += optind + 1;
	if ((s->id == K_GENERATE || s->id == K_IMPORT) && out == NULL)
		return cli_usage_error(&cli_spec_keys, p.ctx, "give --out "
		    "PREFIX");
	if ((rc = cli_sub_nargs(&cli_spec_keys, s, argc)) != 0)
		return rc;

	switch ((enum keys_sub)s->id) {
	case K_GENERATE: {
		char keyid[KEYID_HEX];
		if (uri != NULL) {
			if (nopass)
				return cli_usage_error(&cli_spec_keys, p.ctx,
				    "--no-passphrase is for key files: a token "
				    "keeps its key behind its PIN");
			if ((rc = key_generate_pkcs11(keyid, out, uri, &pass)) != 0)
				return cli_fail("keys generate", rc);
			if (json)
				return cli_finish(generated_json(keyid, out, 1,
				    uri));
			printf("%s\n", keyid);
			fprintf(stderr, "inkan: keys generate: made the key pair "
			    "on the token; wrote '%s.pub'\n", out);
			return cli_finish(0);
		}
		if ((rc = key_generate(keyid, out, !nopass, &pass)) != 0)
			return cli_fail("keys generate", rc);
		if (json)
			return cli_finish(generated_json(keyid, out, !nopass,
			    NULL));
		printf("%s\n", keyid);
		fprintf(stderr, "inkan: keys generate: wrote '%s.key' (%s, mode "
		    "0600) and '%s.pub'\n", out, nopass ? "unencrypted" :
		    "encrypted", out);
		return cli_finish(0);
	}
	case K_IMPORT: {
		char keyid[KEYID_HEX];
		if ((rc = key_import_file(keyid, &format, argv[0], out)) != 0)
			return cli_fail("keys import", rc);
		printf("%s\n", keyid);
		fprintf(stderr, "inkan: keys import: wrote '%s.pub' from the %s "
		    "public key '%s'\n", out, key_format_name(format), argv[0]);
		return cli_finish(0);
	}
	case K_SHOW:
		return cli_finish(keys_show(argv[0], &pass, json));
	case K_ID:
	case K_EXPORT_PUB:
		break;
	}
	/* id and export-pub: the public key of KEYFILE. */
	if ((rc = key_load_public(&k, argv[0], &pass)) != 0)
		return cli_fail(s->id == K_ID ? "keys id" : "keys export-pub", rc);
	if (s->id == K_ID) {
		printf("%s\n", k->keyid);
		rc = 0;
	} else {
		struct buf pem = BUF_INIT(1 << 16);
		rc = key_public_export(&pem, k, format);
		if (rc == 0)
			rc = file_write_atomic(out ? out : "-", pem.data,
			    pem.len, 0644);
		buf_release(&pem);
		if (rc != 0)
			rc = cli_fail("keys export-pub", rc);
	}
	pubkey_free(k);
	return cli_finish(rc);
}
