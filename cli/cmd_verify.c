/*
 * inkan verify: offline verification of envelopes, one line per envelope
 * and one per failed check; --json gives every check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "registry/registry.h"
#include "verify/verify.h"

enum { OPT_JSON = CLI_OPT, OPT_AT, OPT_ARTIFACT, OPT_DISCLOSURE,
	OPT_REGISTRY, OPT_FROM, OPT_MAXAGE };

static const struct cli_opt options[] = {
	{ "key", 'k', "PUB", "a signer's public key file (give one for each "
	    "signer)" },
	{ "registry", OPT_REGISTRY, "DIR", "check against a registry clone: "
	    "its keys, log and status" },
	{ "artifact", OPT_ARTIFACT, "FILE", "a file the record names by "
	    "digest (the report itself)" },
	{ "disclosure", OPT_DISCLOSURE, "FILE", "disclosed items to check "
	    "against the record's digests" },
	{ "at", OPT_AT, "TIME", "verify as of TIME instead of now" },
	{ "max-age", OPT_MAXAGE, "DURATION", "with --registry: refuse a "
	    "checkpoint whose witnesses' quorum cosigned it longer ago than "
	    "DURATION (30d, 12h, 90m)" },
	{ "files-from", OPT_FROM, "FILE", "read more envelope names from "
	    "FILE, one a line (-: stdin)" },
	{ "quiet", 'q', NULL, "print nothing for a valid envelope" },
	{ "json", OPT_JSON, NULL, "print one JSON array of results, an "
	    "object for each envelope" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_sub subs[] = {
	{ "", "ENVELOPE...", "key* registry artifact* disclosure* at "
	    "max-age files-from quiet json", 0, CLI_MANY, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_verify = { "verify", options, subs, NULL,
	"inkan verify audit.dsse.json --registry registry", NULL };

static const char *
verdict(int code)
{
	switch (code) {
	case 0: return "valid";
	case INK_EVALIDITY: return "outside its validity window";
	case INK_EREVOKED: return "revoked, suspended or delisted";
	case INK_ELOG: return "transparency failure";
	case INK_EROOT: return "trust root failure";
	case INK_EINPUT: return "could not be checked";
	default: return "NOT valid";
	}
}

/* Each disclosed item that the record binds, as it was disclosed. */
static void
print_disclosed(const struct verify_result *r, const char *path)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, r->disclosed) {
		struct buf v = BUF_INIT(INK_MAX_JSON);
		if (json_canon(&v, json_get(x, "value")) == 0)
			printf("%s: disclosed: %s = %s\n", path,
			    json_get_str(x, "path"), buf_str(&v));
		buf_wipe(&v);
	}
}

/* What the verified record is about: scheme, level, subject, window. */
static void
print_record(const struct verify_result *r, const char *path)
{
	const cJSON *p = json_get(r->statement, "predicate"), *v, *n;
	const char *scheme = json_get_str(p, "scheme");
	const char *org = NULL, *nb, *na;
	int64_t level;

	if (r->statement == NULL || (scheme == NULL &&
	    json_get(p, "validity") == NULL))
		return;
	n = json_get(json_get(p, "organisation"), "name");
	org = cJSON_IsString(n) ? n->valuestring : json_get_str(n, "ja") ?
	    json_get_str(n, "ja") : json_get_str(n, "en");
	printf("%s: record:", path);
	if (scheme)
		printf(" scheme %s", scheme);
	if (json_get_int(&level, p, "level") == 0)
		printf(", level %lld", (long long)level);
	else if (json_get_str(p, "level"))
		printf(", level %s", json_get_str(p, "level"));
	if (org)
		printf(", %s", org);
	v = json_get(p, "validity");
	if ((nb = json_get_str(v, "not_before")) != NULL &&
	    (na = json_get_str(v, "not_after")) != NULL) {
		int64_t b, e;
		printf(", valid from %s until %s", nb, na);
		if (time_parse(&b, nb) == 0 && time_parse(&e, na) == 0) {
			char lb[TIME_LOCAL_LEN], le[TIME_LOCAL_LEN];
			time_format_local(lb, b);
			time_format_local(le, e);
			printf(" (%s to %s)", lb, le);
		}
	}
	printf("\n");
}

/* The first words of an envelope's line: the registry's status when it
 * decides (revoked, suspended, expired, ... with since when and the
 * reason's code), else the verdict of the checks. */
static void
print_verdict(const struct verify_result *r, const char *path)
{
	char when[TIME_LOCAL_LEN];

	if (r->state == NULL || (r->code != INK_EREVOKED &&
	    r->code != INK_EVALIDITY) || strcmp(r->state, "active") == 0) {
		printf("%s: %s", path, verdict(r->code));
		/* in force, and waiting for a renewal applied for (the only
		 * status an active record carries a reason for) */
		if (r->code == 0 && r->state && strcmp(r->state, "active") ==
		    0 && r->state_code[0])
			printf(" (renewal pending: %s%s%s)", r->state_code,
			    reason_label(r->state_code, cli_lang_ja()) ? ": " :
			    "", reason_label(r->state_code, cli_lang_ja()) ?
			    reason_label(r->state_code, cli_lang_ja()) : "");
		/* and a correction demanded of it: due, or overdue (the
		 * operator may then revoke it) */
		for (size_t i = 0; r->code == 0 && i < r->ndemands; i++) {
			time_format_local(when, r->demands[i].deadline);
			printf(" (corrective demand %s %s: %.19s…)",
			    r->demands[i].deadline <= r->state_at ?
			    "overdue since" : "due by", when, r->demands[i].id);
		}
		return;
	}
	printf("%s: %s", path, r->state);
	if (r->state_since) {
		time_format_local(when, r->state_since);
		printf(" %s", when);
	}
	if (r->state_code[0] && reason_label(r->state_code, cli_lang_ja()))
		printf(" (%s: %s)", r->state_code, reason_label(r->state_code,
		    cli_lang_ja()));
	else if (r->state_code[0])
		printf(" (%s)", r->state_code);
}

static void
print_human(const struct verify_result *r, const char *path)
{
	print_verdict(r, path);
	if (r->record_id[0])
		printf(": %s", r->record_id);
	if (r->predicate_type)
		printf(" %s", r->predicate_type);
	for (size_t i = 0, n = 0; i < r->nsigs; i++)
		if (r->sigs[i].key >= 0)
			printf("%s%s%s%.16s", n++ ? ", " : "; signed by ",
			    r->sigs[i].role ? r->sigs[i].role : "",
			    r->sigs[i].role ? " " : "key ",
			    r->sigs[i].keyid ? r->sigs[i].keyid : "");
	printf("\n");
	print_record(r, path);
	print_disclosed(r, path);
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct verify_check *c = &r->checks[i];
		/* What could not be read was said on stderr (report_one):
		 * said once, the verdict line above stands for it here. */
		if (c->code == 0 || c->code == INK_EINPUT)
			continue;
		/* An extra signature nobody asked about is not a failure when
		 * the record holds; say so rather than "failed". */
		if (r->code == 0)
			printf("%s: note: %s: %s\n", path, c->name, c->detail);
		else
			printf("%s: %s: %s\n", path, c->name, c->detail);
	}
}

/* A member of the predicate as it is written, or null. */
static void
add_copy(cJSON *o, const char *name, const cJSON *v)
{
	if (v)
		cJSON_AddItemToObject(o, name, cJSON_Duplicate(v, 1));
	else
		cJSON_AddNullToObject(o, name);
}

/* What the record is about, next to its status, for --json: scheme,
 * level, organisation {name, corporate_number}, service {id, name} and
 * validity {from, until}; each null when the record has none. */
static void
add_subject(cJSON *o, const cJSON *statement)
{
	const cJSON *p = json_get(statement, "predicate"), *v;
	cJSON *x;

	add_copy(o, "scheme", cJSON_IsString(json_get(p, "scheme")) ?
	    json_get(p, "scheme") : NULL);
	add_copy(o, "level", json_get(p, "level"));
	if ((v = json_get(p, "organisation")) != NULL && cJSON_IsObject(v)) {
		x = cJSON_AddObjectToObject(o, "organisation");
		add_copy(x, "name", json_get(v, "name"));
		add_copy(x, "corporate_number", json_get(v, "corporate_number"));
	} else {
		cJSON_AddNullToObject(o, "organisation");
	}
	if ((v = json_get(p, "service")) != NULL && cJSON_IsObject(v)) {
		x = cJSON_AddObjectToObject(o, "service");
		add_copy(x, "id", json_get(v, "id"));
		add_copy(x, "name", json_get(v, "name"));
	} else {
		cJSON_AddNullToObject(o, "service");
	}
	if ((v = json_get(p, "validity")) != NULL && cJSON_IsObject(v)) {
		x = cJSON_AddObjectToObject(o, "validity");
		add_copy(x, "from", json_get(v, "not_before"));
		add_copy(x, "until", json_get(v, "not_after"));
	} else {
		cJSON_AddNullToObject(o, "validity");
	}
}

/* Envelopes in flight at once between the workers and the printer. */
#define VERIFY_WINDOW 256

struct verify_slot {
	struct verify_result r;
	int e;               /* reading or verifying failed outright */
	int load_failed;     /* the envelope could not be read */
	char *load_error;    /* why, for stderr */
};

struct verify_run {
	const struct file_list *files;
	struct reg *g;
	const struct verify_opts *opts;
	int json, quiet;
	cJSON *all;
	int *worst;
	struct cli_progress *pr;
	struct verify_slot *slots;
	int witnessed;          /* with a registry: -1 none, 0 or 1 */
};

/* On a worker thread: read and verify one envelope into its slot. */
static void
verify_one(void *ctx, size_t i, size_t slot)
{
	struct verify_run *run = ctx;
	struct verify_slot *s = &run->slots[slot];
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	int e;

	memset(s, 0, sizeof(*s));
	if ((e = dsse_envelope_load(&env, run->files->v[i])) != 0) {
		s->load_failed = 1;
		s->load_error = strdup(ink_error_last());
		verify_add_check(&s->r, "envelope", e, "%s", ink_error_last());
	} else if ((e = run->g ? verify_registry_envelope(&s->r, &env, run->g,
	    run->opts) : verify_envelope(&s->r, &env, run->opts)) != 0) {
		verify_add_check(&s->r, "verify", e, "%s", ink_error_last());
	}
	s->e = e;
	dsse_envelope_release(&env);
}

/* On the calling thread, in input order: print one result. */
static void
report_one(void *ctx, size_t i, size_t slot)
{
	struct verify_run *run = ctx;
	struct verify_slot *s = &run->slots[slot];
	const char *path = run->files->v[i];

	if (s->load_failed)
		fprintf(stderr, "inkan: verify: '%s': %s\n", path,
		    s->load_error ? s->load_error : "cannot read it");
	/* A file that could not be read (a disclosure, an artifact) is a
	 * diagnostic too. */
	for (size_t k = 0; s->e == 0 && k < s->r.nchecks; k++)
		if (s->r.checks[k].code == INK_EINPUT)
			fprintf(stderr, "inkan: verify: '%s': %s: %s\n", path,
			    s->r.checks[k].name, s->r.checks[k].detail);
	if (run->json) {
		cJSON *o = verify_result_json(&s->r, path);
		add_subject(o, s->r.statement);
		if (run->witnessed >= 0)
			cJSON_AddBoolToObject(o, "witnessed", run->witnessed);
		cJSON_AddItemToArray(run->all, o);
	}
	else if (!run->quiet || s->r.code != 0)
		print_human(&s->r, path);
	if (ink_error_rank(s->r.code) > ink_error_rank(*run->worst))
		*run->worst = s->r.code;
	verify_result_release(&s->r);
	free(s->load_error);
	s->load_error = NULL;
	cli_progress_step(run->pr, i + 1);
}

int
cmd_verify(int argc, char **argv)
{
	struct pubkey **keys = NULL;
	const char **keypaths = NULL, **artifacts = NULL, **discl = NULL;
	size_t nkeys = 0, nart = 0, ndisc = 0;
	int json = 0, c, rc = 0, worst = 0;
	int64_t at = time_now();
	cJSON *all = NULL;
	const char *regdir = NULL, *from = NULL;
	struct reg *g = NULL;
	struct file_list files = FILE_LIST_INIT;
	struct cli_progress pr;
	struct cli_parse p;
	int quiet = 0, witnessed = -1;
	int64_t max_age = 0;

	keypaths = calloc((size_t)argc, sizeof(*keypaths));
	artifacts = calloc((size_t)argc, sizeof(*artifacts));
	discl = calloc((size_t)argc, sizeof(*discl));
	if (keypaths == NULL || artifacts == NULL || discl == NULL) {
		rc = cli_fail("verify", ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	if ((rc = cli_parse_start(&p, &cli_spec_verify, NULL, argc,
	    argv)) != 0)
		goto cleanup;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'k':
			keypaths[nkeys++] = optarg;
			break;
		case OPT_ARTIFACT:
			artifacts[nart++] = optarg;
			break;
		case OPT_DISCLOSURE:
			discl[ndisc++] = optarg;
			break;
		case OPT_REGISTRY:
			regdir = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_AT:
			if (time_parse_date(&at, optarg) != 0) {
				rc = cli_usage_error(&cli_spec_verify, "verify", "--at: %s",
				    ink_error_last());
				goto cleanup;
			}
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_MAXAGE:
			if (time_parse_duration(&max_age, optarg) != 0) {
				rc = cli_usage_error(&cli_spec_verify, "verify",
				    "--max-age: %s", ink_error_last());
				goto cleanup;
			}
			break;
		}
	}
	if (c < 0) {
		rc = p.rc;
		goto cleanup;
	}
	if ((rc = cli_file_list(&files, argc - optind, argv + optind,
	    from)) != 0) {
		rc = cli_fail("verify", rc);
		goto cleanup;
	}
	if (files.n == 0) {
		rc = cli_usage_error(&cli_spec_verify, "verify", "give at least one "
		    "envelope");
		goto cleanup;
	}
	if (nkeys == 0 && regdir == NULL) {
		rc = cli_usage_error(&cli_spec_verify, "verify", "give the signers' public "
		    "keys with --key PUB, or a registry with --registry DIR");
		goto cleanup;
	}
	/* A registry clone brings the accredited keys, the log and the
	 * status; verify never writes to it. */
	if (regdir && (rc = reg_open(&g, regdir, REG_READ)) != 0) {
		rc = cli_fail("verify", rc);
		goto cleanup;
	}
	if (max_age && regdir == NULL) {
		rc = cli_usage_error(&cli_spec_verify, "verify", "--max-age "
		    "needs --registry DIR");
		goto cleanup;
	}
	/* The registry's checkpoint counts only with its witnesses' quorum
	 * (docs/FORMAT.md 8.6); a registry without witnesses is read on its
	 * log key's word, and said to be. */
	if (g != NULL) {
		struct reg_quorum q;
		if ((rc = reg_quorum_check(g, time_now(), max_age, &q)) != 0) {
			rc = cli_fail("verify", rc);
			goto cleanup;
		}
		witnessed = q.witnesses > 0;
		if (!witnessed && !quiet && !json)
			fprintf(stderr, "inkan: verify: registry '%s' is "
			    "unwitnessed: its checkpoint rests on its log key "
			    "alone\n", regdir);
	}
	if ((keys = calloc(nkeys + 1, sizeof(*keys))) == NULL) {
		rc = cli_fail("verify", ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	for (size_t i = 0; i < nkeys; i++) {
		/* verify never opens a private key: public key files only. */
		enum key_kind kind;
		if ((rc = key_file_kind(&kind, keypaths[i])) == 0 &&
		    kind != KEY_KIND_PUBLIC)
			rc = ink_error(INK_EINPUT, "'%s' is not a public key "
			    "(give the .pub file)", keypaths[i]);
		if (rc == 0)
			rc = key_load_public(&keys[i], keypaths[i], NULL);
		if (rc != 0) {
			rc = cli_fail("verify", rc);
			goto cleanup;
		}
	}
	struct verify_opts opts = { keys, nkeys, artifacts, nart, at, discl,
		ndisc };
	if (json)
		all = cJSON_CreateArray();
	cli_progress_start(&pr, "verify", files.n, quiet || json);
	struct verify_run run = { &files, g, &opts, json, quiet, all, &worst,
		&pr, NULL, witnessed };
	struct pool_job job = { files.n, VERIFY_WINDOW, verify_one,
		report_one, &run };
	if ((run.slots = calloc(job.window, sizeof(*run.slots))) == NULL) {
		rc = cli_fail("verify", ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	/* Envelopes are independent: verify them on every core, report
	 * them in order.  A registry's libgit2 handle is one thread's. */
	pool_run(&job, g ? 1 : pool_threads());
	free(run.slots);
	cli_progress_end(&pr);
	if (json) {
		struct buf out = BUF_INIT((size_t)1 << 30);
		if (json_pretty(&out, all) == 0 && buf_addc(&out, '\n') == 0) {
			if (cli_out(buf_str(&out), out.len) != 0)
				worst = INK_EINPUT;
		} else {
			cli_fail("verify", INK_EINPUT);
			worst = INK_EINPUT;
		}
		buf_release(&out);
	}
	rc = cli_finish(ink_exit_code(worst));
cleanup:
	for (size_t i = 0; keys && i < nkeys; i++)
		pubkey_free(keys[i]);
	free(keys);
	free(keypaths);
	free(artifacts);
	free(discl);
	cJSON_Delete(all);
	reg_close(g);
	file_list_release(&files);
	return rc;
}
