/*
 * inkan registry: init, accredit, add, status, list, show, verify,
 * checkpoint, consistency, add-cosignatures, cosign, witness-url,
 * proof, restore, monitor (cli/cmd_monitor.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/note.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "registry/allowed.h"
#include "registry/monitor.h"
#include "registry/registry.h"

enum {
	OPT_OPKEY = CLI_OPT, OPT_LOGKEY, OPT_NAME, OPT_OPNAME, OPT_OPEMAIL,
	OPT_EXPIRES, OPT_PASSFILE, OPT_JSON, OPT_ACTION, OPT_REASON, OPT_TEXT,
	OPT_EFFECTIVE, OPT_BY, OPT_FIELD, OPT_VALUE, OPT_KIND, OPT_STATUS,
	OPT_SCHEME, OPT_AT, OPT_SINCE, OPT_VKEY, OPT_NEWKEY, OPT_THRESHOLD,
	OPT_LEVEL, OPT_ORG, OPT_SIGNER, OPT_VALIDON, OPT_FROM, OPT_DEADLINE,
	OPT_CITES, OPT_RESULT, OPT_P11MOD, OPT_WITNESS, OPT_WQUORUM, OPT_WVKEYS,
	OPT_MAXAGE, OPT_STATE, OPT_WATCH, OPT_LOGVKEY
};

static const struct cli_opt opts[] = {
	{ "operator-key", OPT_OPKEY, "KEY", "the operator's private key, "
	    "which signs the trust root" },
	{ "log-key", OPT_LOGKEY, "KEY", "the log's private key (default: the "
	    "operator key)" },
	{ "name", OPT_NAME, "NAME", "the registry's name" },
	{ "operator-name", OPT_OPNAME, "NAME", "the operator's name, in the "
	    "trust root" },
	{ "operator-email", OPT_OPEMAIL, "EMAIL", "the operator's address, in "
	    "the trust root" },
	{ "expires", OPT_EXPIRES, "TIME", "when the trust root expires "
	    "(default: in one year)" },
	{ "key", 'k', "KEY", "an operator key (repeat it to meet a "
	    "threshold): " CLI_KEY_FORMS },
	{ "new-key", OPT_NEWKEY, "KEY", "an operator key of the new trust "
	    "root" },
	{ "threshold", OPT_THRESHOLD, "N", "how many operator keys the new "
	    "root needs (1 to 16)" },
	{ "witness", OPT_WITNESS, "VKEY", "a witness the root names: its "
	    "cosigner verifier key (inkan witness vkey); repeat it" },
	{ "witness-quorum", OPT_WQUORUM, "N", "how many of the witnesses "
	    "must cosign a checkpoint (default: all; 0 with rotate-root: "
	    "no witnesses)" },
	{ "passphrase-file", OPT_PASSFILE, "FILE", "read the keys' passphrase "
	    "(a token's PIN) from the first line of FILE" },
	CLI_OPT_PKCS11_MODULE(OPT_P11MOD),
	{ "action", OPT_ACTION, "ACTION", "what the status record does (see "
	    "actions below)" },
	{ "reason", OPT_REASON, "CODE", "the reason's code, from the "
	    "scheme's list" },
	{ "text", OPT_TEXT, "TEXT", "the reason in words" },
	{ "effective-at", OPT_EFFECTIVE, "TIME", "when the status takes "
	    "effect (default: now)" },
	{ "by", OPT_BY, "RECORD_ID", "with supersede: the record that "
	    "replaces it" },
	{ "deadline", OPT_DEADLINE, "TIME", "with corrective-demand: when the "
	    "correction is due" },
	{ "cites", OPT_CITES, "RECORD_ID", "the corrective demand a "
	    "corrective-closed or a revocation for a correction not made "
	    "follows" },
	{ "result", OPT_RESULT, "RESULT", "with surveillance: no-findings or "
	    "findings" },
	{ "field", OPT_FIELD, "FIELD", "with correct: the member corrected" },
	{ "value", OPT_VALUE, "VALUE", "with correct: its corrected value" },
	{ "kind", OPT_KIND, "KIND", "list only records of this kind" },
	{ "status", OPT_STATUS, "STATUS", "list only records with this "
	    "status" },
	{ "scheme", OPT_SCHEME, "SCHEME", "list only records of this "
	    "scheme" },
	{ "level", OPT_LEVEL, "LEVEL", "list only records at this level (or "
	    "one the scheme counts as meeting it)" },
	{ "organisation", OPT_ORG, "TEXT", "list only records whose "
	    "organisation has TEXT or this corporate number" },
	{ "signer", OPT_SIGNER, "KEYID", "list only records this key "
	    "signed" },
	{ "valid-on", OPT_VALIDON, "TIME", "list only records valid on TIME" },
	{ "at", OPT_AT, "TIME", "answer as of TIME instead of now" },
	{ "since-checkpoint", OPT_SINCE, "FILE", "also prove the log grew "
	    "from this earlier checkpoint" },
	{ "max-age", OPT_MAXAGE, "DURATION", "refuse a checkpoint whose "
	    "witnesses' quorum cosigned it longer ago than DURATION (30d, "
	    "12h, 90m)" },
	{ "vkey", OPT_VKEY, NULL, "print the log's verifier key instead" },
	{ "witness-vkeys", OPT_WVKEYS, NULL, "print the root's witnesses' "
	    "verifier keys instead, one a line" },
	{ "files-from", OPT_FROM, "FILE", "read more envelope names from "
	    "FILE, one a line (-: stdin)" },
	{ "output", 'o', "OUT", "where to write (- is stdout)" },
	{ "json", OPT_JSON, NULL, "print one JSON value on stdout" },
	{ "quiet", 'q', NULL, "print nothing on success" },
	/* registry monitor */
	{ "state", OPT_STATE, "FILE", "with monitor: what the last run saw, "
	    "replaced when every check passed" },
	{ "watch", OPT_WATCH, "TEXT", "with monitor: report changes "
	    "of this corporate number, organisation, service id or name" },
	{ "log-vkey", OPT_LOGVKEY, "VKEY", "with monitor of a site: the "
	    "log's verifier key (kept in the state)" },
	{ "verbose", 'v', NULL, "with monitor: say what was checked even "
	    "when nothing changed" },
	{ NULL, 0, NULL, NULL }
};

/* Each subcommand, the options it takes and its operands (DIR first). */
enum reg_sub {
	R_INIT, R_ACCREDIT, R_ADD, R_STATUS, R_LIST, R_SHOW, R_VERIFY,
	R_CHECKPOINT, R_CONSISTENCY, R_COSIGN, R_ROTATE, R_EXPORT, R_PROOF,
	R_RESTORE, R_WURL, R_MONITOR, R_RECOSIGN
};

static const struct cli_sub subs[] = {
	{ "init", "DIR", "operator-key! log-key name operator-name "
	    "operator-email expires witness* witness-quorum passphrase-file "
	    "pkcs11-module json", 1, 1, R_INIT },
	{ "accredit", "DIR ACCREDITATION.json", "key+ passphrase-file "
	    "pkcs11-module json",
	    2, 2, R_ACCREDIT },
	{ "add", "DIR ENVELOPE...", "files-from json quiet", 1, CLI_MANY,
	    R_ADD },
	{ "status", "DIR RECORD_ID", "action! reason! key+ text effective-at "
	    "by field value deadline cites result passphrase-file "
	    "pkcs11-module json", 2, 2,
	    R_STATUS },
	{ "list", "DIR", "json kind status scheme level organisation signer "
	    "valid-on at", 1, 1, R_LIST },
	{ "show", "DIR RECORD_ID", "json at", 2, 2, R_SHOW },
	{ "verify", "DIR", "since-checkpoint at max-age json quiet", 1, 1,
	    R_VERIFY },
	{ "checkpoint", "DIR", "vkey witness-vkeys", 1, 1, R_CHECKPOINT },
	{ "consistency", "DIR OLD_SIZE", "", 2, 2, R_CONSISTENCY },
	{ "add-cosignatures", "DIR COSIGNED...", "", 2, CLI_MANY, R_COSIGN },
	{ "cosign", "DIR", "", 1, 1, R_RECOSIGN },
	{ "witness-url", "DIR [NAME [URL|-]]", "", 1, 3, R_WURL },
	{ "proof", "DIR RECORD_ID", "json", 2, 2, R_PROOF },
	{ "export", "allowed-signers DIR", "output at", 2, 2, R_EXPORT },
	{ "rotate-root", "DIR", "key+ new-key* threshold expires witness* "
	    "witness-quorum passphrase-file pkcs11-module", 1, 1, R_ROTATE },
	{ "restore", "DIR", "json", 1, 1, R_RESTORE },
	{ "monitor", "SOURCE", "state! watch* log-vkey witness* witness-quorum "
	    "json verbose", 1, 1, R_MONITOR },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_registry = { "registry", opts, subs,
	"actions: revoke suspend reinstate withdraw supersede correct "
	"delist renewal-pending corrective-demand corrective-closed "
	"surveillance\n",
	"inkan registry list registry --status active --json",
	NULL };

struct opts {
	const char *out;
	const char *opkey, *logkey, *name, *opname, *opemail, *key;
	const char *action, *reason, *text, *by, *field, *value, *cites;
	const char *result;
	int64_t deadline;
	const char *kind, *status, *scheme, *since, *level, *org, *signer;
	const char *from;
	int64_t now;    /* the command's time: of every change it makes */
	int64_t expires, effective, at, valid_on;
	int have_valid_on;
	int json, quiet, vkey, have_effective, threshold;
	const char *witnesses[REG_MAX_WITNESSES];
	size_t nwitnesses;
	int wquorum, have_wquorum, wvkeys;
	int64_t max_age;        /* 0: no --max-age */
	const char *state, *logvkey, *watch[MON_MAX_WATCH];
	size_t nwatch;
	int verbose;
	struct key_pass pass;
	const char *keys[16], *newkeys[16];
	size_t nkeys, nnewkeys;
};

static int
print_json(cJSON *j)
{
	struct buf out = BUF_INIT((size_t)1 << 30);
	int rc = json_pretty(&out, j);

	if (rc == 0)
		rc = buf_addc(&out, '\n');
	if (rc == 0)
		rc = cli_out(buf_str(&out), out.len);
	else
		rc = cli_fail("registry", rc);
	buf_release(&out);
	return rc;
}

static void
print_problems(const char *ctx, const char *what, const struct problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		fprintf(stderr, "inkan: %s: %s%s%s\n", ctx, what ? what : "",
		    what ? ": " : "", p->v[i]);
}

static int
do_init(const char *dir, const struct opts *o)
{
	struct reg_init_opts io = { dir, o->name, o->opkey, o->logkey,
		o->opname, o->opemail, o->expires, &o->pass, o->now,
		{ o->witnesses, o->nwitnesses, o->have_wquorum ? o->wquorum :
		    (int)o->nwitnesses } };
	char id[RECORD_ID_LEN];
	int rc;

	if (o->opkey == NULL)
		return cli_usage_error(&cli_spec_registry, "registry init", "give "
		    "--operator-key KEY");
	if ((rc = reg_init(id, &io)) != 0)
		return cli_fail("registry init", rc);
	if (o->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "registry", dir);
		cJSON_AddStringToObject(j, "root", id);
		cJSON_AddNumberToObject(j, "root_version", 1);
		rc = cli_print_json("registry init", j);
		cJSON_Delete(j);
		return rc;
	}
	printf("%s\n", id);
	fprintf(stderr, "inkan: registry init: created '%s' with root version "
	    "1\n", dir);
	return 0;
}

/* What the witnesses said while a change was committed: one line each
 * ("inkan: witness 'w2': timed out after 15 s"), and how many of the
 * quorum cosigned.  A witness that did not answer fails nothing. */
static void
witness_report(const struct reg *g, const char *ctx)
{
	const char *p = reg_witness_report(g), *nl;

	for (; *p && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		if (strncmp(p, "witness ", 8) == 0)
			fprintf(stderr, "inkan: %.*s\n", (int)(nl - p), p);
		else
			fprintf(stderr, "inkan: %s: %.*s\n", ctx, (int)(nl - p),
			    p);
	}
}

/* Commits a staged change unless it failed; prints the problems and
 * returns the exit code. */
static int
finish_change(struct reg *g, const char *ctx, const char *msg,
    struct problems *p, int rc)
{
	if (rc == 0 && (rc = reg_commit(g, msg)) != 0)
		return cli_fail(ctx, rc);
	if (rc == 0)
		witness_report(g, ctx);
	if (p->n)
		print_problems(ctx, NULL, p);
	return ink_exit_code(rc ? rc : p->code);
}

/* What a change committed: its record id, or with --json one object
 * {registry, id, action, target, reason_code}. */
static int
print_change(const struct opts *o, const char *ctx, const char *dir,
    const char *id, const char *action, const char *target,
    const char *reason)
{
	cJSON *j;
	int rc;

	if (!o->json) {
		printf("%s\n", id);
		return 0;
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "registry", dir);
	cJSON_AddStringToObject(j, "id", id);
	cJSON_AddStringToObject(j, "action", action);
	if (target)
		cJSON_AddStringToObject(j, "target", target);
	else
		cJSON_AddNullToObject(j, "target");
	if (reason)
		cJSON_AddStringToObject(j, "reason_code", reason);
	else
		cJSON_AddNullToObject(j, "reason_code");
	rc = cli_print_json(ctx, j);
	cJSON_Delete(j);
	return rc;
}

/* The operator keys given with --key (a threshold may need several). */
static int
load_ops(EVP_PKEY *ops[16], const struct opts *o, const char *ctx)
{
	int rc;

	for (size_t i = 0; i < o->nkeys; i++)
		if ((rc = key_load_private(&ops[i], o->keys[i], &o->pass)) != 0)
			return cli_fail(ctx, rc);
	return 0;
}

static void
free_ops(EVP_PKEY *ops[16])
{
	for (size_t i = 0; i < 16; i++)
		EVP_PKEY_free(ops[i]);
}

/* The start of a change the operator signs: the operator keys, then the
 * registry opened to write at the command's time.  0, or the exit code
 * with the keys freed. */
static int
open_change(struct reg **g, EVP_PKEY *ops[16], const char *dir,
    const struct opts *o, const char *ctx)
{
	int rc;

	if ((rc = load_ops(ops, o, ctx)) != 0) {
		free_ops(ops);
		return rc;
	}
	if ((rc = reg_open(g, dir, REG_WRITE)) != 0) {
		free_ops(ops);
		return cli_fail(ctx, rc);
	}
	reg_set_now(*g, o->now);
	return 0;
}

static int
do_accredit(const char *dir, const char *file, const struct opts *o)
{
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	EVP_PKEY *ops[16] = { NULL };
	char id[RECORD_ID_LEN] = "", msg[128];
	int rc;

	if (o->nkeys == 0)
		return cli_usage_error(&cli_spec_registry, "registry accredit", "give --key "
		    "OPERATOR_KEY");
	if ((rc = open_change(&g, ops, dir, o, "registry accredit")) != 0)
		return rc;
	rc = reg_accredit(g, ops, o->nkeys, file, id, &p);
	snprintf(msg, sizeof(msg), "accredit: %s", id);
	rc = finish_change(g, "registry accredit", msg, &p, rc);
	if (rc == 0)
		rc = print_change(o, "registry accredit", dir, id, "accredit",
		    NULL, NULL);
	problems_release(&p);
	reg_close(g);
	free_ops(ops);
	return rc;
}

/* registry add of many files: worker threads read each envelope and
 * verify its signatures ahead (filling the signature memo); the calling
 * thread adds them in list order, every rule applied as before. */
#define ADD_WINDOW 256

struct add_slot {
	struct dsse_envelope env;
	int rc;              /* the envelope could not be read */
	char *error;
};

struct add_run {
	struct reg *g;
	char **files;
	const struct opts *o;
	const struct reg_ahead *ahead;
	struct add_slot *slots;
	cJSON *out;
	int worst, added;
	struct cli_progress *pr;
};

static void
add_read(void *ctx, size_t i, size_t slot)
{
	struct add_run *run = ctx;
	struct add_slot *s = &run->slots[slot];

	memset(s, 0, sizeof(*s));
	if ((s->rc = dsse_envelope_load(&s->env, run->files[i])) != 0)
		s->error = strdup(ink_error_last());
	else if (run->ahead)
		reg_ahead_verify(run->ahead, &s->env);
}

static void
add_one(void *ctx, size_t i, size_t slot)
{
	struct add_run *run = ctx;
	struct add_slot *s = &run->slots[slot];
	const char *file = run->files[i];
	struct problems p = PROBLEMS_INIT;
	char result[64] = "refused", id[RECORD_ID_LEN] = "";

	if (s->rc != 0)
		problems_add(&p, s->rc, "%s", s->error ? s->error :
		    "cannot read it");
	else
		reg_add(run->g, &s->env, result, id, &p);
	if (p.n) {
		print_problems("registry add", file, &p);
		if (ink_error_rank(p.code) > ink_error_rank(run->worst))
			run->worst = p.code;
	} else if (strcmp(result, "added") == 0) {
		run->added++;
	}
	if (run->out) {
		cJSON *x = cJSON_CreateObject(), *plist;
		cJSON_AddStringToObject(x, "file", file);
		cJSON_AddStringToObject(x, "id", id);
		cJSON_AddStringToObject(x, "result", p.n ? "refused" : result);
		plist = cJSON_AddArrayToObject(x, "problems");
		for (size_t k = 0; k < p.n; k++)
			cJSON_AddItemToArray(plist, cJSON_CreateString(p.v[k]));
		cJSON_AddItemToArray(run->out, x);
	} else if (!run->o->quiet && p.n == 0) {
		printf("%s %s %s\n", id, result, file);
	}
	cli_progress_step(run->pr, i + 1);
	problems_release(&p);
	dsse_envelope_release(&s->env);
	free(s->error);
	s->error = NULL;
}

static int
do_add(const char *dir, int n, char **files, const struct opts *o)
{
	struct reg *g = NULL;
	struct buf msg = BUF_INIT(1 << 20);
	struct reg_ahead ahead;
	struct cli_progress pr;
	unsigned threads = pool_threads();
	int rc, have_ahead = 0;

	if ((rc = reg_open(&g, dir, REG_WRITE)) != 0)
		return cli_fail("registry add", rc);
	reg_set_now(g, o->now);
	struct add_run run = { g, files, o, NULL, NULL,
		o->json ? cJSON_CreateArray() : NULL, 0, 0, &pr };
	/* Ahead-verification pays only with another core to do it. */
	if (threads > 1 && n > 1 && reg_ahead_open(&ahead, g) == 0) {
		have_ahead = 1;
		run.ahead = &ahead;
	}
	ink_error_clear();
	if ((run.slots = calloc(ADD_WINDOW, sizeof(*run.slots))) == NULL) {
		rc = cli_fail("registry add", ink_error(INK_EINPUT,
		    "out of memory"));
		goto cleanup;
	}
	cli_progress_start(&pr, "registry add", (size_t)n, o->quiet);
	struct pool_job job = { (size_t)n, ADD_WINDOW, add_read, add_one,
		&run };
	pool_run(&job, threads);
	cli_progress_end(&pr);
	if ((rc = buf_addf(&msg, "add: %d record%s", run.added, run.added ==
	    1 ? "" : "s")) != 0 || (rc = reg_commit(g, buf_str(&msg))) != 0)
		cli_fail("registry add", rc), run.worst = rc;
	else
		witness_report(g, "registry add");
	if (run.out)
		print_json(run.out);
	rc = ink_exit_code(run.worst);
cleanup:
	if (have_ahead)
		reg_ahead_close(&ahead);
	free(run.slots);
	cJSON_Delete(run.out);
	buf_release(&msg);
	reg_close(g);
	return rc;
}

static int
do_status(const char *dir, const char *target, const struct opts *o)
{
	struct reg_status_req q = { target, o->action, o->reason, o->text,
		o->by, o->field, o->value, o->have_effective ? o->effective :
		o->now, o->cites, o->deadline, o->result };
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	EVP_PKEY *ops[16] = { NULL };
	char id[RECORD_ID_LEN] = "", msg[200];
	int rc;

	if (o->nkeys == 0 || o->action == NULL || o->reason == NULL)
		return cli_usage_error(&cli_spec_registry, "registry status", "give --action, "
		    "--reason and --key");
	if ((rc = open_change(&g, ops, dir, o, "registry status")) != 0)
		return rc;
	rc = reg_status_add(g, ops, o->nkeys, &q, id, &p);
	snprintf(msg, sizeof(msg), "status: %s %s (%s)", o->action, target,
	    o->reason);
	rc = finish_change(g, "registry status", msg, &p, rc);
	if (rc == 0)
		rc = print_change(o, "registry status", dir, id, o->action,
		    target, o->reason);
	problems_release(&p);
	reg_close(g);
	free_ops(ops);
	return rc;
}

static int
matches(const cJSON *x, const char *key, const char *want)
{
	const cJSON *v;
	char num[32];

	if (want == NULL)
		return 1;
	v = json_get(x, key);
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, want) == 0;
	if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof(num), "%d", v->valueint);
		return strcmp(num, want) == 0;
	}
	return 0;
}

/* --level N: the record's own level, or, in a scheme whose levels imply
 * the lower ones (implies_lower, docs/CATALOGS.md: level 3 satisfies a
 * procurer who asks for level 1), any level listed after N; *above
 * counts the records taken for a higher level. */
static int
level_matches(const cJSON *x, const char *want, size_t *above)
{
	const cJSON *doc = NULL, *sc, *lv, *rl = json_get(x, "level");
	const char *scheme = json_get_str(x, "scheme");
	int seen = 0;
	char have[32];

	if (want == NULL || matches(x, "level", want))
		return 1;
	if (cJSON_IsNumber(rl))
		snprintf(have, sizeof(have), "%d", rl->valueint);
	else if (cJSON_IsString(rl))
		snprintf(have, sizeof(have), "%s", rl->valuestring);
	else
		return 0;
	if (scheme == NULL || scheme_doc_get(&doc) != 0) {
		ink_error_clear();
		return 0;
	}
	sc = scheme_find(doc, scheme);
	if (!cJSON_IsTrue(json_get(sc, "implies_lower")))
		return 0;
	cJSON_ArrayForEach(lv, json_get(sc, "levels")) {
		if (!cJSON_IsString(lv))
			continue;
		if (strcmp(lv->valuestring, want) == 0)
			seen = 1;
		else if (seen && strcmp(lv->valuestring, have) == 0) {
			(*above)++;
			return 1;
		}
	}
	return 0;
}

static int
org_matches(const cJSON *x, const char *want)
{
	const char *org = json_get_str(x, "organisation");

	return want == NULL || (org && strstr(org, want) != NULL) ||
	    (json_get_str(x, "corporate_number") &&
	    strcmp(json_get_str(x, "corporate_number"), want) == 0);
}

static int
signer_matches(const cJSON *x, const char *keyid)
{
	const cJSON *s;

	if (keyid == NULL)
		return 1;
	if (json_get_str(x, "keyid") &&
	    strncmp(json_get_str(x, "keyid"), keyid, strlen(keyid)) == 0)
		return 1;
	cJSON_ArrayForEach(s, json_get(x, "signers"))
		if (json_get_str(s, "keyid") && strncmp(json_get_str(s, "keyid"),
		    keyid, strlen(keyid)) == 0)
			return 1;
	return 0;
}

static int
valid_on(const cJSON *x, int64_t t)
{
	const cJSON *v = json_get(x, "validity");
	int64_t nb, na;

	return v && time_parse(&nb, json_get_str(v, "not_before") ?
	    json_get_str(v, "not_before") : "") == 0 &&
	    time_parse(&na, json_get_str(v, "not_after") ?
	    json_get_str(v, "not_after") : "") == 0 && nb <= t && t < na;
}

/* A reader answers from the last commit the log key signed; that HEAD
 * is not that commit fails the command after the answer (8.8). */
static int
signed_head(struct reg *g, const char *what, int rc)
{
	const char *u;

	if (g == NULL || reg_unsigned(g, &u) == 0)
		return rc;
	fprintf(stderr, "inkan: %s: %s: this answer is the last signed "
	    "commit's\n", what, u);
	return rc == 0 || ink_error_rank(INK_ELOG) > ink_error_rank(-rc) ?
	    ink_exit_code(INK_ELOG) : rc;
}

static int
do_list(const char *dir, const struct opts *o)
{
	struct reg *g = NULL;
	cJSON *all = cJSON_CreateArray(), *sel = cJSON_CreateArray(), *x;
	size_t above = 0;
	int rc;

	if ((rc = reg_open(&g, dir, REG_READ)) != 0) {
		rc = cli_fail("registry list", rc);
		goto cleanup;
	}
	/* A reader loads log/leaves only now (FORMAT 8.6). */
	if ((rc = reg_list(g, o->at, all)) != 0) {
		rc = cli_fail("registry list", rc);
		goto cleanup;
	}
	cJSON_ArrayForEach(x, all) {
		size_t was = above;
		cJSON *c;
		if (matches(x, "kind", o->kind) && matches(x, "status", o->status)
		    && matches(x, "scheme", o->scheme) &&
		    level_matches(x, o->level, &above) && org_matches(x, o->org) &&
		    signer_matches(x, o->signer) &&
		    (!o->have_valid_on || valid_on(x, o->valid_on)) &&
		    (c = cJSON_Duplicate(x, 1)) != NULL) {
			/* listed for a lower level it meets: say so */
			if (above > was)
				cJSON_AddStringToObject(c, "meets_level", o->level);
			cJSON_AddItemToArray(sel, c);
		} else if (above > was)
			above = was; /* (another filter left it out) */
	}
	if (above)
		fprintf(stderr, "inkan: registry list: level %s includes %zu "
		    "record%s at a higher level, which the scheme counts as "
		    "meeting it\n", o->level, above, above == 1 ? "" : "s");
	if (o->json) {
		rc = print_json(sel);
	} else {
		cJSON_ArrayForEach(x, sel)
			printf("%s  %-14s %-10s %s%s%s%s%s\n", json_get_str(x, "id"),
			    json_get_str(x, "kind"), json_get_str(x, "status") ?
			    json_get_str(x, "status") : "",
			    json_get_str(x, "registration_number") ?
			    json_get_str(x, "registration_number") : "",
			    json_get_str(x, "registration_number") ? "  " : "",
			    json_get_str(x, "organisation") ?
			    json_get_str(x, "organisation") :
			    json_get_str(x, "person") ? json_get_str(x, "person") :
			    json_get_str(x, "action") ? json_get_str(x, "action") : "",
			    json_get_str(x, "service") ? " / " : "",
			    json_get_str(x, "service") ?
			    json_get_str(x, "service") : "");
		rc = 0;
	}
	/* A status that could not be computed is listed as such, and the
	 * list fails (FORMAT.md 8.5). */
	{
		size_t unknown = 0;
		cJSON_ArrayForEach(x, sel)
			if (json_get_str(x, "error"))
				unknown++;
		if (unknown && rc == 0) {
			fprintf(stderr, "inkan: registry list: the status of %zu "
			    "record%s cannot be computed (listed as '%s')\n",
			    unknown, unknown == 1 ? "" : "s", "unknown");
			rc = ink_exit_code(INK_ELOG);
		}
	}
cleanup:
	cJSON_Delete(all);
	cJSON_Delete(sel);
	rc = signed_head(g, "registry list", rc);
	reg_close(g);
	return rc;
}

static int
do_show(const char *dir, const char *id, const struct opts *o)
{
	struct reg *g = NULL;
	cJSON *x = NULL, *h;
	int rc;

	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry show", rc);
	if ((rc = reg_show(g, id, o->at, &x)) != 0) {
		rc = cli_fail("registry show", rc == INK_ENOTFOUND ? INK_ENO : rc);
		goto cleanup;
	}
	if (json_get_str(x, "error"))
		fprintf(stderr, "inkan: registry show: %s: %s\n", id,
		    json_get_str(x, "error"));
	if (o->json) {
		rc = print_json(x);
		if (rc == 0 && json_get_str(x, "error"))
			rc = ink_exit_code(INK_ELOG);
		goto cleanup;
	}
	printf("record:     %s\nkind:       %s\npath:       %s\nregistered: "
	    "%s (log index %d)\nstatus:     %s%s%s\n", json_get_str(x, "id"),
	    json_get_str(x, "kind"), json_get_str(x, "path"),
	    json_get_str(x, "integrated"), json_get(x, "log_index")->valueint,
	    json_get_str(x, "status"), json_get_str(x, "status_reason") ?
	    " — " : "", json_get_str(x, "status_reason") ?
	    json_get_str(x, "status_reason") : "");
	if (json_get_str(x, "organisation"))
		printf("subject:    %s%s%s\n", json_get_str(x, "organisation"),
		    json_get_str(x, "service") ? " / " : "",
		    json_get_str(x, "service") ? json_get_str(x, "service") : "");
	if (json_get_str(x, "registration_number"))
		printf("number:     %s\n", json_get_str(x,
		    "registration_number"));
	if (json_get(x, "validity"))
		printf("validity:   %s until %s\n",
		    json_get_str(json_get(x, "validity"), "not_before"),
		    json_get_str(json_get(x, "validity"), "not_after"));
	cJSON_ArrayForEach(h, json_get(x, "history"))
		printf("history:    %s %s %s%s%s\n",
		    json_get_str(h, "effective_at") ?
		    json_get_str(h, "effective_at") : json_get_str(h, "integrated"),
		    json_get_str(h, "action") ? json_get_str(h, "action") :
		    "superseded by", json_get_str(h, "action") ?
		    (json_get_str(h, "reason_code") ? json_get_str(h,
		    "reason_code") : "") : json_get_str(h, "id"),
		    json_get_str(h, "reason") ? ": " : "",
		    json_get_str(h, "reason") ? json_get_str(h, "reason") : "");
	rc = json_get_str(x, "error") ? ink_exit_code(INK_ELOG) : 0;
cleanup:
	cJSON_Delete(x);
	rc = signed_head(g, "registry show", rc);
	reg_close(g);
	return rc;
}

static void
verify_progress(void *arg, size_t done, size_t total)
{
	(void)total;
	cli_progress_step(arg, done);
}

static int
do_verify(const char *dir, const struct opts *o)
{
	struct cli_progress prog;
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	cJSON *counts = cJSON_CreateObject(), *x;
	struct reg_quorum q;
	int rc, qrc;

	if ((rc = reg_open(&g, dir, REG_AUDIT)) != 0) {
		cJSON_Delete(counts);
		return cli_fail("registry verify", rc);
	}
	cli_progress_start(&prog, "registry verify", reg_size(g), o->quiet ||
	    o->json);
	reg_set_progress(g, verify_progress, &prog);
	rc = reg_audit(g, o->since, o->at, counts, &p);
	cli_progress_end(&prog);
	/* The checkpoint counts only with its witnesses' quorum (8.6). */
	if ((qrc = reg_quorum_check(g, o->now, o->max_age, &q)) != 0)
		problems_add(&p, qrc, "%s", ink_error_last());
	ink_error_clear();
	if (q.witnesses) {
		cJSON_AddNumberToObject(counts, "cosignatures", (double)q.good);
		cJSON_AddNumberToObject(counts, "witness_quorum", q.quorum);
	}
	if (o->json) {
		cJSON_AddBoolToObject(counts, "witnessed", q.witnesses > 0);
		cJSON *pr = cJSON_AddArrayToObject(counts, "problem_list");
		for (size_t i = 0; i < p.n; i++)
			cJSON_AddItemToArray(pr, cJSON_CreateString(p.v[i]));
		cJSON_AddBoolToObject(counts, "valid", p.n == 0);
		cJSON_AddNumberToObject(counts, "exit_code",
		    ink_exit_code(p.code));
		print_json(counts);
	} else if (!o->quiet || p.n) {
		printf("%s: %s\n", dir, p.n ? "PROBLEMS FOUND" : "valid");
		cJSON_ArrayForEach(x, counts)
			printf("  %-22s %d\n", x->string, x->valueint);
		if (q.witnesses == 0)
			printf("  %-22s %s\n", "witnessed", "no: the root names "
			    "no witnesses; the checkpoint rests on the log key "
			    "alone");
		for (size_t i = 0; i < p.n; i++)
			printf("%s: %s\n", dir, p.v[i]);
	}
	rc = ink_exit_code(p.code);
	problems_release(&p);
	cJSON_Delete(counts);
	reg_close(g);
	return rc;
}

static int
do_checkpoint(const char *dir, const struct opts *o)
{
	struct reg *g = NULL;
	struct buf b;
	int rc;

	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry checkpoint", rc);
	if (o->wvkeys) {
		struct reg_witnesses w;
		reg_root_witnesses(g, &w);
		buf_init(&b, (REG_MAX_WITNESSES + 1) * (NOTE_MAX_VKEY + 2));
		for (size_t i = 0; rc == 0 && i < w.n; i++)
			rc = buf_addf(&b, "%s\n", w.vkeys[i]);
	} else {
		rc = o->vkey ? reg_log_vkey(g, &b) :
		    reg_cosigned_checkpoint(g, &b);
		if (rc == 0 && o->vkey)
			rc = buf_addc(&b, '\n');
	}
	if (rc == 0)
		rc = cli_out_raw(b.data, b.len);
	else
		rc = cli_fail("registry checkpoint", rc);
	buf_release(&b);
	rc = signed_head(g, "registry checkpoint", rc);
	reg_close(g);
	return rc;
}

/* The consistency proof from an earlier size to the checkpoint, as a
 * witness's add-checkpoint request starts (c2sp.org/tlog-witness). */
static int
do_consistency(const char *dir, const char *size)
{
	struct reg *g = NULL;
	struct buf b;
	unsigned long long old;
	char *end;
	int rc;

	errno = 0;
	old = strtoull(size, &end, 10);
	if (errno != 0 || end == size || *end != '\0' || size[0] == '-' ||
	    size[0] == '+' || (size[0] == '0' && size[1] != '\0'))
		return cli_usage_error(&cli_spec_registry, "registry "
		    "consistency", "OLD_SIZE '%s' is not a decimal number", size);
	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry consistency", rc);
	if ((rc = reg_consistency(g, (uint64_t)old, &b)) == 0)
		rc = cli_out_raw(b.data, b.len);
	else
		rc = cli_fail("registry consistency", rc);
	buf_release(&b);
	rc = signed_head(g, "registry consistency", rc);
	reg_close(g);
	return rc;
}

/* Where writes ask the root's witnesses for cosignatures: kept in the
 * registry's private .git/inkan/witnesses, never published.  With NAME
 * and URL sets it ("-" removes it); with no NAME lists them all. */
static int
do_witness_url(const char *dir, int n, char **args)
{
	struct reg *g = NULL;
	struct buf b;
	int rc;

	buf_init(&b, 1);
	if (n == 2)
		return cli_usage_error(&cli_spec_registry, "registry "
		    "witness-url", "give the witness's URL, or - to remove it");
	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry witness-url", rc);
	if (n == 1)
		rc = reg_witness_urls(g, &b);
	else
		rc = reg_witness_url_set(g, args[1], strcmp(args[2], "-") == 0 ?
		    NULL : args[2]);
	if (rc == 0 && n == 1)
		rc = cli_out_raw(b.data, b.len);
	else if (rc != 0)
		rc = cli_fail("registry witness-url", rc);
	buf_release(&b);
	reg_close(g);
	return rc;
}

/* Witnesses' cosignatures of the current checkpoint, carried back from
 * them (inkan witness cosign's output), stored in one signed commit. */
static int
do_add_cosignatures(const char *dir, int n, char **files)
{
	struct problems p = PROBLEMS_INIT;
	struct buf *notes = NULL;
	struct reg *g = NULL;
	size_t added = 0;
	char msg[96];
	int rc = 0;

	if ((notes = calloc((size_t)n, sizeof(*notes))) == NULL)
		return cli_fail("registry add-cosignatures", ink_error(INK_EINPUT,
		    "out of memory"));
	for (int i = 0; rc == 0 && i < n; i++)
		rc = file_read(&notes[i], files[i], NOTE_MAX_SIZE);
	if (rc != 0) {
		rc = cli_fail("registry add-cosignatures", rc);
		goto cleanup;
	}
	if ((rc = reg_open(&g, dir, REG_WRITE)) != 0) {
		rc = cli_fail("registry add-cosignatures", rc);
		goto cleanup;
	}
	reg_set_now(g, time_now());
	rc = reg_add_cosignatures(g, notes, (size_t)n, &added, &p);
	if (rc != 0 && p.n == 0) {
		rc = cli_fail("registry add-cosignatures", rc);
		goto cleanup;
	}
	snprintf(msg, sizeof(msg), "log: %zu cosignatures of the checkpoint",
	    added);
	rc = finish_change(g, "registry add-cosignatures", msg, &p, rc);
	if (rc == 0)
		fprintf(stderr, "inkan: registry add-cosignatures: %zu "
		    "cosignatures stored\n", added);
cleanup:
	for (int i = 0; notes != NULL && i < n; i++)
		buf_release(&notes[i]);
	free(notes);
	problems_release(&p);
	reg_close(g);
	return rc;
}

/* Fresh cosignatures of the current checkpoint from the witnesses with
 * an address, in one signed commit: for a registry that has not changed,
 * so that readers who require fresh ones (--max-age) keep trusting it.
 * Run from cron; the checkpoint is the same, only the times are new. */
static int
do_recosign(const char *dir)
{
	struct reg *g = NULL;
	struct buf urls = BUF_INIT(1 << 16);
	int rc;

	if ((rc = reg_open(&g, dir, REG_WRITE)) != 0)
		return cli_fail("registry cosign", rc);
	if ((rc = reg_witness_urls(g, &urls)) == 0 && urls.len == 0)
		rc = ink_error(INK_EINPUT, "no witness has an address: set one "
		    "with registry witness-url, or carry the checkpoint to "
		    "offline witnesses (registry consistency, witness cosign, "
		    "registry add-cosignatures)");
	buf_release(&urls);
	if (rc != 0) {
		reg_close(g);
		return cli_fail("registry cosign", rc);
	}
	reg_set_now(g, time_now());
	if ((rc = reg_recosign(g, "log: fresh cosignatures of the "
	    "checkpoint")) != 0)
		rc = cli_fail("registry cosign", rc);
	else
		witness_report(g, "registry cosign");
	reg_close(g);
	return rc;
}

/* registry export allowed-signers: the keys for ssh-keygen and git. */
static int
do_export(const char *what, const char *dir, const struct opts *o)
{
	struct problems p = PROBLEMS_INIT;
	struct buf b = BUF_INIT(REG_MAX_EXPORT);
	struct reg *g = NULL;
	int rc;

	if (strcmp(what, "allowed-signers") != 0)
		return cli_usage_error(&cli_spec_registry, "registry export", "unknown export "
		    "'%s' (allowed-signers)", what);
	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry export", rc);
	rc = reg_allowed_signers(g, o->at, &b, &p);
	if (p.n)
		print_problems("registry export", dir, &p);
	if (rc != 0 && p.n == 0)
		rc = cli_fail("registry export", rc);
	else if (rc != 0)
		rc = ink_exit_code(rc);
	else if ((rc = file_write_atomic(o->out ? o->out : "-", b.data, b.len,
	    0644)) != 0)
		rc = cli_fail("registry export", rc);
	problems_release(&p);
	buf_release(&b);
	rc = signed_head(g, "registry export", rc);
	reg_close(g);
	return rc;
}

/* The proof (c2sp.org/tlog-proof@v1: its name, "extra" with the time
 * of integration in base64, "index N", the hashes, a blank line, the
 * checkpoint) as one JSON object. */
static int
proof_json(const char *id, const struct buf *b)
{
	const char *t = (const char *)b->data, *end = t + b->len, *nl;
	struct buf when = BUF_INIT(256);
	cJSON *j = cJSON_CreateObject(), *h;
	int line = 0, rc = 0;

	cJSON_AddStringToObject(j, "id", id);
	h = cJSON_CreateArray();
	for (; t < end && (nl = memchr(t, '\n', (size_t)(end - t))) != NULL;
	    t = nl + 1, line++) {
		int n = (int)(nl - t);
		char word[128];
		if (n == 0) {
			t = nl + 1;
			break;
		}
		snprintf(word, sizeof(word), "%.*s", n, t);
		if (line == 0)
			cJSON_AddStringToObject(j, "format", word);
		else if (line == 1 && strncmp(word, "extra ", 6) == 0 &&
		    b64_decode(&when, word + 6, strlen(word + 6)) == 0)
			cJSON_AddStringToObject(j, "integrated", buf_str(&when));
		else if (line == 2 && strncmp(word, "index ", 6) == 0)
			cJSON_AddNumberToObject(j, "index", strtod(word + 6,
			    NULL));
		else if (line > 2)
			cJSON_AddItemToArray(h, cJSON_CreateString(word));
		else
			rc = ink_error(INK_EINPUT, "the proof's line %d is not "
			    "as expected", line + 1);
	}
	cJSON_AddItemToObject(j, "hashes", h);
	if (rc == 0 && (cJSON_GetObjectItem(j, "integrated") == NULL ||
	    cJSON_GetObjectItem(j, "index") == NULL || t >= end))
		rc = ink_error(INK_EINPUT, "the proof is not complete");
	if (rc == 0) {
		char *cp = strndup(t, (size_t)(end - t));
		if (cp == NULL)
			rc = ink_error(INK_EINPUT, "out of memory");
		else
			cJSON_AddStringToObject(j, "checkpoint", cp);
		free(cp);
	}
	rc = rc ? cli_fail("registry proof", rc) :
	    cli_print_json("registry proof", j);
	cJSON_Delete(j);
	buf_release(&when);
	return rc;
}

static int
do_proof(const char *dir, const char *id, const struct opts *o)
{
	struct reg *g = NULL;
	struct buf b;
	int rc;

	if ((rc = reg_open(&g, dir, REG_READ)) != 0)
		return cli_fail("registry proof", rc);
	if ((rc = reg_proof(g, id, &b)) == 0)
		rc = o->json ? proof_json(id, &b) : cli_out_raw(b.data, b.len);
	else
		rc = cli_fail("registry proof", rc);
	buf_release(&b);
	rc = signed_head(g, "registry proof", rc);
	reg_close(g);
	return rc;
}

static int
do_rotate(const char *dir, const struct opts *o)
{
	EVP_PKEY *old[16] = { NULL }, *fresh[16] = { NULL };
	struct problems p = PROBLEMS_INIT;
	struct reg_witnesses wit = { NULL, 0, 0 };
	struct reg *g = NULL;
	char id[RECORD_ID_LEN] = "", msg[128];
	int rc = 0;

	if (o->nkeys == 0)
		return cli_usage_error(&cli_spec_registry, "registry rotate-root", "give the "
		    "current operator keys with --key");
	for (size_t i = 0; rc == 0 && i < o->nkeys; i++)
		rc = key_load_private(&old[i], o->keys[i], &o->pass);
	for (size_t i = 0; rc == 0 && i < o->nnewkeys; i++)
		rc = key_load_private(&fresh[i], o->newkeys[i], &o->pass);
	if (rc != 0) {
		rc = cli_fail("registry rotate-root", rc);
		goto cleanup;
	}
	if ((rc = reg_open(&g, dir, REG_WRITE)) != 0) {
		rc = cli_fail("registry rotate-root", rc);
		goto cleanup;
	}
	reg_set_now(g, o->now);
	/* Witnesses given replace the root's; a quorum alone changes the
	 * quorum of the root's witnesses, and 0 removes them. */
	if (o->nwitnesses > 0) {
		wit.vkeys = o->witnesses;
		wit.n = o->nwitnesses;
		wit.quorum = o->have_wquorum ? o->wquorum : (int)o->nwitnesses;
	} else if (o->have_wquorum) {
		reg_root_witnesses(g, &wit);
		wit.quorum = o->wquorum;
		if (o->wquorum == 0)
			wit.n = 0;
	}
	rc = reg_rotate_root(g, old, o->nkeys, fresh, o->nnewkeys, o->threshold,
	    o->expires ? o->expires : time_add_years(o->now, 1),
	    o->nwitnesses > 0 || o->have_wquorum ? &wit : NULL, id, &p);
	snprintf(msg, sizeof(msg), "root: rotate to %s", id);
	rc = finish_change(g, "registry rotate-root", msg, &p, rc);
	if (rc == 0)
		printf("%s\n", id);
cleanup:
	for (size_t i = 0; i < 16; i++) {
		EVP_PKEY_free(old[i]);
		EVP_PKEY_free(fresh[i]);
	}
	problems_release(&p);
	reg_close(g);
	return rc;
}

/* registry restore: back to the last commit the log key signed, the
 * others kept under refs/inkan/unsigned/ for evidence. */
static int
do_restore(const char *dir, const struct opts *o)
{
	char at[41], kept[128];
	size_t n = 0;
	int rc;

	if ((rc = reg_restore(dir, at, kept, &n)) != 0)
		return cli_fail("registry restore", rc);
	if (o->json)
		printf("{\"commit\":\"%s\",\"unsigned_commits\":%zu,"
		    "\"kept\":\"%s\"}\n", at, n, kept);
	else if (n == 0)
		printf("%s: HEAD %.12s is signed by the log key: nothing to "
		    "restore\n", dir, at);
	else
		printf("%s: back at %.12s, the last commit the log key signed; "
		    "the %zu commit%s after it kept as %s\n", dir, at, n,
		    n == 1 ? "" : "s", kept);
	return 0;
}

static int
time_opt(int64_t *out, const char *arg, const char *name)
{
	if (time_parse_date(out, arg) != 0)
		return cli_usage_error(&cli_spec_registry, "registry", "%s: %s", name,
		    ink_error_last());
	return 0;
}

int
cmd_registry(int argc, char **argv)
{
	const struct cli_sub *s;
	struct cli_parse p;
	struct opts o;
	const char *sub;
	int c, rc, nargs;
	char **args;

	memset(&o, 0, sizeof(o));
	o.now = o.at = time_now();
	if (argc < 2)
		return cli_usage_error(&cli_spec_registry, "registry", "which subcommand?");
	sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0)
		return cli_help(&cli_spec_registry, NULL);
	if ((rc = cli_sub_find(&s, &cli_spec_registry, sub)) != 0)
		return rc;
	if ((rc = cli_parse_start(&p, &cli_spec_registry, s, argc - 1,
	    argv + 1)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'k':
			o.key = optarg;
			if (o.nkeys == 16)
				return cli_usage_error(&cli_spec_registry, "registry", "at most 16 "
				    "keys");
			o.keys[o.nkeys++] = optarg;
			break;
		case OPT_NEWKEY:
			if (o.nnewkeys == 16)
				return cli_usage_error(&cli_spec_registry, "registry", "at most 16 "
				    "keys");
			o.newkeys[o.nnewkeys++] = optarg;
			break;
		case OPT_WITNESS:
			if (o.nwitnesses == REG_MAX_WITNESSES)
				return cli_usage_error(&cli_spec_registry,
				    "registry", "at most %d witnesses",
				    REG_MAX_WITNESSES);
			o.witnesses[o.nwitnesses++] = optarg;
			break;
		case OPT_WQUORUM: {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    v < 0 || v > REG_MAX_WITNESSES)
				return cli_usage_error(&cli_spec_registry,
				    "registry", "--witness-quorum takes 0 to %d, "
				    "not '%s'", REG_MAX_WITNESSES, optarg);
			o.wquorum = (int)v;
			o.have_wquorum = 1;
			break;
		}
		case OPT_WVKEYS: o.wvkeys = 1; break;
		case OPT_STATE: o.state = optarg; break;
		case OPT_LOGVKEY: o.logvkey = optarg; break;
		case 'v': o.verbose = 1; break;
		case OPT_WATCH:
			if (o.nwatch == MON_MAX_WATCH)
				return cli_usage_error(&cli_spec_registry,
				    "registry", "at most %d --watch",
				    MON_MAX_WATCH);
			o.watch[o.nwatch++] = optarg;
			break;
		case OPT_THRESHOLD: {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    v < 1 || v > 16)
				return cli_usage_error(&cli_spec_registry, "registry",
				    "--threshold takes 1 to 16, not '%s'",
				    optarg);
			o.threshold = (int)v;
			break;
		}
		case 'q': o.quiet = 1; break;
		case 'o': o.out = optarg; break;
		case OPT_OPKEY: o.opkey = optarg; break;
		case OPT_LOGKEY: o.logkey = optarg; break;
		case OPT_NAME: o.name = optarg; break;
		case OPT_OPNAME: o.opname = optarg; break;
		case OPT_OPEMAIL: o.opemail = optarg; break;
		case OPT_PASSFILE: o.pass.file = optarg; break;
		case OPT_P11MOD: o.pass.pkcs11_module = optarg; break;
		case OPT_JSON: o.json = 1; break;
		case OPT_ACTION: o.action = optarg; break;
		case OPT_REASON: o.reason = optarg; break;
		case OPT_TEXT: o.text = optarg; break;
		case OPT_BY: o.by = optarg; break;
		case OPT_FIELD: o.field = optarg; break;
		case OPT_CITES: o.cites = optarg; break;
		case OPT_RESULT: o.result = optarg; break;
		case OPT_DEADLINE:
			if ((rc = time_opt(&o.deadline, optarg,
			    "--deadline")) != 0)
				return rc;
			break;
		case OPT_VALUE: o.value = optarg; break;
		case OPT_KIND: o.kind = optarg; break;
		case OPT_STATUS: o.status = optarg; break;
		case OPT_SCHEME: o.scheme = optarg; break;
		case OPT_LEVEL: o.level = optarg; break;
		case OPT_ORG: o.org = optarg; break;
		case OPT_SIGNER: o.signer = optarg; break;
		case OPT_FROM: o.from = optarg; break;
		case OPT_VALIDON:
			if ((rc = time_opt(&o.valid_on, optarg, "--valid-on")) != 0)
				return rc;
			o.have_valid_on = 1;
			break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_MAXAGE:
			if (time_parse_duration(&o.max_age, optarg) != 0)
				return cli_usage_error(&cli_spec_registry,
				    "registry", "--max-age: %s", ink_error_last());
			break;
		case OPT_VKEY: o.vkey = 1; break;
		case OPT_EXPIRES:
			if ((rc = time_opt(&o.expires, optarg, "--expires")) != 0)
				return rc;
			break;
		case OPT_EFFECTIVE:
			if ((rc = time_opt(&o.effective, optarg,
			    "--effective-at")) != 0)
				return rc;
			o.have_effective = 1;
			break;
		case OPT_AT:
			if ((rc = time_opt(&o.at, optarg, "--at")) != 0)
				return rc;
			break;
		}
	}
	if (c < 0)
		return p.rc;
	args = argv + 1 + optind;
	nargs = argc - 1 - optind;
	if (nargs < 1)
		return cli_usage_error(&cli_spec_registry, "registry", "give the registry "
		    "folder DIR");
	if ((rc = cli_sub_nargs(&cli_spec_registry, s, nargs)) != 0)
		return rc;
	switch ((enum reg_sub)s->id) {
	case R_INIT:
		rc = do_init(args[0], &o);
		break;
	case R_ACCREDIT:
		rc = do_accredit(args[0], args[1], &o);
		break;
	case R_ADD: {
		struct file_list fl = FILE_LIST_INIT;
		if ((rc = cli_file_list(&fl, nargs - 1, args + 1, o.from)) != 0)
			return cli_fail("registry add", rc);
		if (fl.n == 0) {
			file_list_release(&fl);
			return cli_usage_error(&cli_spec_registry, "registry add", "give at "
			    "least one envelope");
		}
		rc = do_add(args[0], (int)fl.n, fl.v, &o);
		file_list_release(&fl);
		break;
	}
	case R_STATUS:
		rc = do_status(args[0], args[1], &o);
		break;
	case R_LIST:
		rc = do_list(args[0], &o);
		break;
	case R_SHOW:
		rc = do_show(args[0], args[1], &o);
		break;
	case R_VERIFY:
		rc = do_verify(args[0], &o);
		break;
	case R_CHECKPOINT:
		rc = do_checkpoint(args[0], &o);
		break;
	case R_CONSISTENCY:
		rc = do_consistency(args[0], args[1]);
		break;
	case R_COSIGN:
		rc = do_add_cosignatures(args[0], nargs - 1, args + 1);
		break;
	case R_ROTATE:
		rc = do_rotate(args[0], &o);
		break;
	case R_EXPORT:
		rc = do_export(args[0], args[1], &o);
		break;
	case R_PROOF:
		rc = do_proof(args[0], args[1], &o);
		break;
	case R_RESTORE:
		rc = do_restore(args[0], &o);
		break;
	case R_RECOSIGN:
		rc = do_recosign(args[0]);
		break;
	case R_WURL:
		rc = do_witness_url(args[0], nargs, args);
		break;
	case R_MONITOR: {
		struct mon_opts mo = { args[0], o.state, o.watch, o.nwatch,
			o.logvkey, o.witnesses, o.nwitnesses,
			o.have_wquorum ? o.wquorum : -1 };
		rc = cmd_registry_monitor(&mo, o.json, o.verbose);
		break;
	}
	}
	return cli_finish(rc);
}
