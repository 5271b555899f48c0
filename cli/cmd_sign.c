/*
 * inkan sign: a draft into an envelope, another signature onto an
 * envelope, or raw bytes into an envelope.
 */
#include <libgen.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/codec.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/pool.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "registry/registry.h"
#include "sign/sign.h"

enum { OPT_PASSFILE = CLI_OPT, OPT_RAW, OPT_TYPE, OPT_ROLE, OPT_FORCE,
	OPT_FROM, OPT_JSON, OPT_REGISTRY, OPT_P11MOD };

static const struct cli_opt opts[] = {
	{ "key", 'k', "KEY", "the key to sign with: " CLI_KEY_FORMS },
	{ "role", OPT_ROLE, "ROLE", "the role signed as (auditor, expert, "
	    "management, operator)" },
	{ "output", 'o', "OUT", "where to write the envelope (one input "
	    "only; - is stdout)" },
	{ "force", OPT_FORCE, NULL, "replace an envelope that exists where "
	    "a draft's would go" },
	{ "files-from", OPT_FROM, "FILE", "read more file names from FILE, "
	    "one a line (-: stdin)" },
	{ "quiet", 'q', NULL, "print nothing on success" },
	{ "raw", OPT_RAW, NULL, "sign FILE's bytes as they are, not a draft" },
	{ "payload-type", OPT_TYPE, "TYPE", "with --raw: the envelope's "
	    "payload type" },
	{ "passphrase-file", OPT_PASSFILE, "FILE", "read the key's "
	    "passphrase (a token's PIN) from the first line of FILE" },
	CLI_OPT_PKCS11_MODULE(OPT_P11MOD),
	{ "json", OPT_JSON, NULL, "print one JSON object on stdout: the "
	    "records signed and the files written" },
	{ "registry", OPT_REGISTRY, "DIR", "write nothing unless the key's "
	    "accreditation in DIR vouches for the names the record gives" },
	{ NULL, 0, NULL, NULL }
};

/* Two forms: drafts and envelopes, or raw bytes. */
static const struct cli_sub subs[] = {
	{ "", "DRAFT_OR_ENVELOPE...", "key! role output force files-from "
	    "quiet json passphrase-file pkcs11-module registry", 0, CLI_MANY,
	    0 },
	{ "", "FILE", "raw! payload-type! key! output force json "
	    "passphrase-file pkcs11-module", 1, 1, 1 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_sign = { "sign", opts, subs,
	"roles: auditor, expert, management, operator\n",
	"inkan sign audit.json --key auditor.key --role auditor", NULL };

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
	memcpy(out + n, ".dsse.json", sizeof(".dsse.json"));
	return out;
}

/* An envelope has payloadType and signatures; a draft has neither. */
static int
is_envelope(const cJSON *j)
{
	return json_get(j, "payloadType") != NULL &&
	    json_get(j, "signatures") != NULL;
}

/* Whether "//" occurs anywhere in p. */
static int
has_slashes(const unsigned char *p, size_t n)
{
	const unsigned char *q, *end = p + n;

	while ((q = memchr(p, '/', (size_t)(end - p))) != NULL) {
		if (q + 1 < end && q[1] == '/')
			return 1;
		p = q + 1;
	}
	return 0;
}

struct sign_run;

struct sign_cfg {
	struct sign_run *run;   /* the workers' run, NULL when one by one */
	struct job *jobs;
	const char *keypath, *role, *type, *outpath;
	struct key_pass pass;
	int raw, force, quiet;
	int silent;             /* -q: nothing on stdout either */
	cJSON *json;            /* --json: the records signed, else NULL */
	struct reg *reg;        /* --registry: read by the main thread only */
	/* The key is loaded at first need, then kept; under key_lock. */
	pthread_mutex_t key_lock;
	int have_key;
	EVP_PKEY *pkey;
	struct signer signer;
};

/* One file of a run.  Workers prepare it (read, check, sign); then the
 * main thread, in the order of the input, prints what was said, writes
 * the files and prints the record id. */
struct job {
	const char *path;
	struct buf err;         /* messages, in the order they were made */
	int rc;                 /* exit code of the preparation */
	int is_env, barrier;
	const char *outpath;
	char *defout, *bundle_path;
	struct buf out;         /* the envelope */
	struct buf bundle;      /* the private disclosures (wiped) */
	char *bundle_fail;      /* message when the bundle could not be made */
	int bundle_rc;
	char rid[RECORD_ID_LEN];
	size_t nsigs;
	const char *signed_as;
};

#define JOB_ERR_MAX (1u << 20)

/* cli_fail() into the job's messages. */
/* Keeps a line of errors for the job's turn to print; a line that does
 * not fit is printed now rather than lost. */
static void
job_err(struct job *j, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(&j->err, fmt, ap);
	va_end(ap);
	if (rc != 0) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
}

static int
job_fail(struct job *j, int rc)
{
	const char *why = ink_error_last();

	job_err(j, "inkan: sign: %s\n", *why ? why : "failed");
	return ink_exit_code(rc);
}

/* The private bundle goes beside the envelope: x.dsse.json ->
 * x.disclosures.json, mode 0600.  It is written after the envelope, and a
 * failure is reported: the envelope alone is useless to its owner. */
static int
make_bundle(struct job *j, const cJSON *disclosures)
{
	const char *envpath = j->outpath;
	size_t n;
	int rc;

	if (strcmp(envpath, "-") == 0)
		return job_fail(j, ink_error(INK_EINPUT, "a record with "
		    "confidential items needs -o FILE: its private disclosures "
		    "are written beside the envelope"));
	n = strlen(envpath);
	if ((j->bundle_path = malloc(n + 32)) == NULL)
		return job_fail(j, ink_error(INK_EINPUT, "out of memory"));
	if (n > 10 && strcmp(envpath + n - 10, ".dsse.json") == 0)
		n -= 10;
	else if (n > 5 && strcmp(envpath + n - 5, ".json") == 0)
		n -= 5;
	memcpy(j->bundle_path, envpath, n);
	memcpy(j->bundle_path + n, ".disclosures.json",
	    sizeof(".disclosures.json"));
	buf_init(&j->bundle, INK_MAX_JSON);
	/* A failure here is told after the envelope is written, as the
	 * bundle comes second. */
	if ((rc = sign_bundle_write(&j->bundle, j->rid, disclosures)) != 0) {
		j->bundle_rc = rc;
		j->bundle_fail = strdup(ink_error_last());
		buf_wipe(&j->bundle);
	}
	return 0;
}

static void wait_written(struct sign_run *r, size_t i);

/* The signer, loading the key (asking for its passphrase) the first time
 * it is needed; NULL on failure, with the error set.  Before the key is
 * loaded, everything before file i is written first, so that a
 * passphrase prompt comes after the messages of the files before it, as
 * when files are done one by one. */
static const struct signer *
get_signer(struct sign_cfg *cfg, size_t i, int *rc)
{
	const struct signer *s = NULL;
	int have;

	pthread_mutex_lock(&cfg->key_lock);
	have = cfg->have_key;
	pthread_mutex_unlock(&cfg->key_lock);
	if (!have && cfg->run)
		wait_written(cfg->run, i);
	pthread_mutex_lock(&cfg->key_lock);
	if (!cfg->have_key) {
		if ((*rc = key_load_private(&cfg->pkey, cfg->keypath,
		    &cfg->pass)) == 0 &&
		    (*rc = signer_init(&cfg->signer, cfg->pkey)) != 0) {
			EVP_PKEY_free(cfg->pkey);
			cfg->pkey = NULL;
		}
		cfg->have_key = *rc == 0;
	}
	if (cfg->have_key)
		s = &cfg->signer;
	pthread_mutex_unlock(&cfg->key_lock);
	return s;
}

/* Prepares one draft, envelope or raw file: everything but the writing.
 * Returns an exit code (also left in j->rc). */
static int
prepare(struct sign_cfg *cfg, struct job *j)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems probs = PROBLEMS_INIT;
	struct buf in = BUF_INIT(0), payload = BUF_INIT(0);
	const struct signer *signer;
	const char *path = j->path, *outpath = cfg->outpath;
	char *dircopy = NULL, *copy = NULL;
	cJSON *disclosures = NULL, *doc = NULL, *statement = NULL;
	int rc = 0, parsed = -1;

	buf_init(&j->err, JOB_ERR_MAX);
	buf_init(&j->out, INK_MAX_ENVELOPE);
	if ((rc = file_read(&in, path, cfg->raw ? INK_MAX_PAYLOAD :
	    INK_MAX_ENVELOPE)) != 0) {
		rc = job_fail(j, rc);
		goto cleanup;
	}
	/* Read once, comments blanked in a copy: an envelope is then parsed
	 * from the original text, a draft goes on from this tree. */
	if (!cfg->raw) {
		const char *text = (const char *)in.data;
		/* Without "//" anywhere there is no comment to blank. */
		if (has_slashes(in.data, in.len)) {
			if ((copy = malloc(in.len + 1)) == NULL) {
				rc = job_fail(j, ink_error(INK_EINPUT,
				    "out of memory"));
				goto cleanup;
			}
			memcpy(copy, in.data, in.len + 1);
			json_strip_comments(copy, in.len);
			text = copy;
		}
		parsed = json_parse(&doc, text, in.len, path);
	}
	if (cfg->raw) {
		rc = dsse_envelope_set_payload(&env, cfg->type, in.data, in.len);
	} else if (parsed == 0 && is_envelope(doc)) {
		j->is_env = 1;
		rc = dsse_envelope_parse(&env, (const char *)in.data, in.len);
	} else if (in.len > INK_MAX_DRAFT) {
		rc = job_fail(j, ink_error(INK_EINPUT, "draft '%s' is larger "
		    "than the limit of %u bytes", path, INK_MAX_DRAFT));
		goto cleanup;
	} else {
		if ((dircopy = strdup(path)) == NULL) {
			rc = job_fail(j, ink_error(INK_EINPUT, "out of memory"));
			goto cleanup;
		}
		if (parsed != 0) {
			/* json_parse() left its message for this. */
			problems_add(&probs, INK_EINPUT, "%s", ink_error_last());
			rc = parsed;
		} else {
			rc = sign_draft_tree(&payload, &disclosures, doc, path,
			    strcmp(path, "-") ? dirname(dircopy) : ".",
			    time_now(), &probs, &statement);
			doc = NULL;
		}
		if (rc != 0) {
			for (size_t i = 0; i < probs.n; i++)
				job_err(j, "inkan: sign: '%s': %s\n", path,
				    probs.v[i]);
			if (probs.n == 0)
				job_fail(j, rc);
			else
				job_err(j, "inkan: sign: '%s': %zu "
				    "problem%s: nothing signed\n", path, probs.n,
				    probs.n == 1 ? "" : "s");
			rc = ink_exit_code(rc);
			goto cleanup;
		}
		rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
		    payload.data, payload.len);
	}
	if (rc != 0) {
		rc = job_fail(j, rc);
		goto cleanup;
	}
	if (outpath == NULL) {
		if (j->is_env && strcmp(path, "-") != 0)
			outpath = path;
		else if (strcmp(path, "-") == 0)
			outpath = "-";
		else if ((outpath = j->defout = default_output(path)) == NULL) {
			rc = job_fail(j, ink_error(INK_EINPUT, "out of memory"));
			goto cleanup;
		}
	}
	j->outpath = outpath;
	/* A new envelope never silently replaces a signed one: signing the
	 * draft again would make a different record (a new signed_at). */
	if (!j->is_env && !cfg->force && strcmp(outpath, "-") != 0 &&
	    file_exists(outpath)) {
		rc = job_fail(j, ink_error(INK_EINPUT, "'%s' already exists: "
		    "to add a signature sign that envelope, or give --force to "
		    "replace it", outpath));
		goto cleanup;
	}
	if (disclosures && strcmp(outpath, "-") == 0) {
		rc = job_fail(j, ink_error(INK_EINPUT, "a record with "
		    "confidential items needs -o FILE: its private disclosures "
		    "are written beside the envelope"));
		goto cleanup;
	}
	/* The key is read (and its passphrase asked for) only once a first
	 * file has passed its checks. */
	if ((signer = get_signer(cfg, (size_t)(j - cfg->jobs), &rc)) == NULL) {
		rc = job_fail(j, rc);
		goto cleanup;
	}
	if ((rc = sign_envelope_key(&env, signer, cfg->role, &j->signed_as,
	    statement)) != 0 || (rc = dsse_envelope_write(&j->out, &env)) != 0) {
		rc = job_fail(j, rc);
		goto cleanup;
	}
	record_id(j->rid, env.payload, env.payload_len);
	j->nsigs = env.nsigs;
	if (disclosures && (rc = make_bundle(j, disclosures)) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	dsse_envelope_release(&env);
	problems_release(&probs);
	buf_release(&in);
	buf_release(&payload);
	free(dircopy);
	free(copy);
	cJSON_Delete(doc);
	cJSON_Delete(statement);
	cJSON_Delete(disclosures);
	j->rc = rc;
	return rc;
}

/* Tells what the preparation said, then writes the envelope and the
 * bundle and prints the record id; returns an exit code. */
/* --registry: whether the accreditation of the key that signed vouches,
 * now, for the role and scheme and for the names the record gives the
 * party it signs for (FORMAT.md 8.4): refused here, not later by
 * registry add. */
static int
vouched(const struct sign_cfg *cfg, const struct job *j)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct statement st = STATEMENT_INIT;
	char why[600];
	int rc;

	if ((rc = dsse_envelope_parse(&env, (const char *)j->out.data,
	    j->out.len)) == 0 && (rc = statement_parse(&st, env.payload,
	    env.payload_len, NULL)) == 0 &&
	    (rc = reg_signer_vouches(cfg->reg, &st, cfg->signer.pub->keyid,
	    j->signed_as, time_now(), why, sizeof(why))) != 0)
		fprintf(stderr, "inkan: sign: '%s': %s signer: %s: nothing "
		    "written\n", j->path, j->signed_as, why);
	else if (rc != 0)
		cli_fail("sign", rc);
	statement_release(&st);
	dsse_envelope_release(&env);
	return rc ? ink_exit_code(rc) : 0;
}

static int
finish(const struct sign_cfg *cfg, struct job *j)
{
	int rc;

	if (j->err.len)
		fwrite(j->err.data, 1, j->err.len, stderr);
	if (j->rc != 0)
		return j->rc;
	if (cfg->reg && j->signed_as && (rc = vouched(cfg, j)) != 0)
		return rc;
	/* A new envelope is put in place only where there is none: an
	 * earlier file of the run (the same draft under another name) or
	 * another program may have made it since it was checked. */
	if (!j->is_env && !cfg->force && strcmp(j->outpath, "-") != 0) {
		rc = file_write_new(j->outpath, j->out.data, j->out.len, 0644);
		if (rc == INK_EEXIST)
			rc = ink_error(INK_EINPUT, "'%s' already exists: to add a "
			    "signature sign that envelope, or give --force to "
			    "replace it", j->outpath);
	} else {
		rc = cli_write_json(j->outpath, j->out.data, j->out.len, 0644);
	}
	if (rc != 0)
		return cli_fail("sign", rc);
	if (j->bundle_path) {
		if (j->bundle_rc != 0) {
			fprintf(stderr, "inkan: sign: %s\n", j->bundle_fail &&
			    *j->bundle_fail ? j->bundle_fail : "failed");
			return ink_exit_code(j->bundle_rc);
		}
		if ((rc = file_write_atomic(j->bundle_path, j->bundle.data,
		    j->bundle.len, 0600)) != 0)
			return cli_fail("sign", rc);
		if (!cfg->quiet)
			fprintf(stderr, "inkan: sign: wrote private disclosures to "
			    "'%s' (mode 0600): keep it, share items with 'inkan "
			    "disclose'\n", j->bundle_path);
	}
	if (cfg->json) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "file", j->path);
		cJSON_AddStringToObject(x, "id", j->rid);
		cJSON_AddStringToObject(x, "output", j->outpath);
		cJSON_AddNumberToObject(x, "signatures", (double)j->nsigs);
		if (j->signed_as)
			cJSON_AddStringToObject(x, "signed_as", j->signed_as);
		else
			cJSON_AddNullToObject(x, "signed_as");
		if (j->bundle_path)
			cJSON_AddStringToObject(x, "disclosures", j->bundle_path);
		else
			cJSON_AddNullToObject(x, "disclosures");
		cJSON_AddItemToArray(cfg->json, x);
	}
	if (strcmp(j->outpath, "-") != 0) {
		if (!cfg->silent && !cfg->json)
			printf("%s\n", j->rid);
		if (!cfg->quiet)
			fprintf(stderr, "inkan: sign: wrote '%s' (%zu signature%s%s%s)"
			    "\n", j->outpath, j->nsigs, j->nsigs == 1 ? "" : "s",
			    j->signed_as ? ", signed as " : "",
			    j->signed_as ? j->signed_as : "");
	}
	return 0;
}

static void
job_release(struct job *j)
{
	buf_release(&j->err);
	buf_release(&j->out);
	buf_wipe(&j->bundle);
	free(j->defout);
	free(j->bundle_path);
	free(j->bundle_fail);
	j->defout = j->bundle_path = j->bundle_fail = NULL;
}

/* "a//b/./c" -> "a/b/c": enough to see the same name twice in a list. */
static char *
name_key(const char *p)
{
	char *out = malloc(strlen(p) + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (*p) {
		if (p[0] == '.' && p[1] == '/' && (o == out || o[-1] == '/')) {
			p += 2;
			continue;
		}
		if (*p == '/' && o > out && o[-1] == '/') {
			p++;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* A file that reads what an earlier one of the run writes (its envelope,
 * or the same input twice) waits until everything before it is written,
 * as when the files are done one by one. */
static int
same_name(const void *ctx, size_t val, const void *key)
{
	char *const *names = ctx;

	return strcmp(names[val], key) == 0;
}

static int
mark_barriers(struct job *jobs, size_t n)
{
	struct hmap set = HMAP_INIT;
	char **seen;            /* the names in the set; at most two a file */
	size_t nseen = 0;
	int rc = 0;

	if ((seen = calloc(2 * n + 1, sizeof(*seen))) == NULL ||
	    hmap_reserve(&set, 2 * n) != 0) {
		free(seen);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *names[2] = { name_key(jobs[i].path), NULL };
		if (names[0] && strcmp(names[0], "-") != 0)
			names[1] = default_output(names[0]);
		if (names[0] == NULL || (strcmp(names[0], "-") != 0 &&
		    names[1] == NULL)) {
			free(names[0]);
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		/* Is the input a name seen before? */
		if (hmap_get(&set, hmap_str(names[0]), same_name, seen,
		    names[0]) != HMAP_NONE)
			jobs[i].barrier = 1;
		/* Then its own names join the set (room was made for them). */
		for (size_t k = 0; k < 2; k++) {
			uint64_t h;
			if (names[k] == NULL)
				continue;
			h = hmap_str(names[k]);
			if (hmap_get(&set, h, same_name, seen, names[k]) !=
			    HMAP_NONE) {
				free(names[k]);
				continue;
			}
			seen[nseen] = names[k];
			(void)hmap_put(&set, h, nseen++);
		}
	}
	for (size_t k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	hmap_free(&set);
	return rc;
}

/* Workers take files in order, at most WINDOW ahead of the writing. */
#define WINDOW 256

/* A run on several threads (core/pool.c): workers prepare files, the
 * calling thread writes them in input order and says how far it got. */
struct sign_run {
	struct sign_cfg *cfg;
	struct job *jobs;
	struct cli_progress *pr;
	int worst;
	size_t written;         /* files written so far; under lock */
	pthread_mutex_t lock;
	pthread_cond_t room;    /* a job was written */
};

/* Waits until the files before i are written. */
static void
wait_written(struct sign_run *r, size_t i)
{
	pthread_mutex_lock(&r->lock);
	while (r->written < i)
		pthread_cond_wait(&r->room, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

/* On a worker: prepares file i, once the files it reads are written. */
static void
sign_work(void *ctx, size_t i, size_t slot)
{
	struct sign_run *r = ctx;

	(void)slot;
	if (r->jobs[i].barrier)
		wait_written(r, i);
	prepare(r->cfg, &r->jobs[i]);
}

/* On the calling thread, in input order: tells and writes file i. */
static void
sign_done(void *ctx, size_t i, size_t slot)
{
	struct sign_run *r = ctx;
	struct job *j = &r->jobs[i];

	(void)slot;
	r->worst = cli_worst(r->worst, finish(r->cfg, j));
	job_release(j);
	pthread_mutex_lock(&r->lock);
	r->written = i + 1;
	pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
	cli_progress_step(r->pr, i + 1);
}

/* Signs every file, printing in input order; returns the worst code. */
static int
sign_all(struct sign_cfg *cfg, const struct file_list *files)
{
	struct cli_progress pr;
	struct sign_run r;
	unsigned nw = pool_threads();
	int rc;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.pr = &pr;
	if ((r.jobs = calloc(files->n, sizeof(*r.jobs))) == NULL)
		return cli_fail("sign", ink_error(INK_EINPUT, "out of memory"));
	for (size_t i = 0; i < files->n; i++)
		r.jobs[i].path = files->v[i];
	cfg->jobs = r.jobs;
	if (nw > files->n)
		nw = (unsigned)files->n;
	if (nw > 1 && (rc = mark_barriers(r.jobs, files->n)) != 0) {
		free(r.jobs);
		cfg->jobs = NULL;
		return cli_fail("sign", rc);
	}
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.room, NULL);
	/* Set up what the workers share before any of them starts. */
	(void)catalog_dir();
	if (nw > 1)
		cfg->run = &r;
	cli_progress_start(&pr, "sign", files->n, cfg->quiet);
	struct pool_job job = { files->n, WINDOW, sign_work, sign_done, &r };
	pool_run(&job, nw);
	cli_progress_end(&pr);
	pthread_cond_destroy(&r.room);
	pthread_mutex_destroy(&r.lock);
	cfg->run = NULL;
	cfg->jobs = NULL;
	free(r.jobs);
	return r.worst;
}

int
cmd_sign(int argc, char **argv)
{
	struct sign_cfg cfg;
	struct file_list files = FILE_LIST_INIT;
	struct cli_parse p;
	const char *from = NULL, *registry = NULL;
	int c, rc = 0, worst = 0, json = 0;

	memset(&cfg, 0, sizeof(cfg));
	if ((rc = cli_parse_start(&p, &cli_spec_sign, NULL, argc, argv)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'k':
			cfg.keypath = optarg;
			break;
		case 'o':
			cfg.outpath = optarg;
			break;
		case 'q':
			cfg.quiet = cfg.silent = 1;
			break;
		case OPT_JSON:
			json = 1;
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
		case OPT_P11MOD:
			cfg.pass.pkcs11_module = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_REGISTRY:
			registry = optarg;
			break;
		}
	}
	if (c < 0)
		return p.rc;
	if (cfg.keypath == NULL)
		return cli_usage_error(&cli_spec_sign, "sign", "give --key KEY");
	if (cfg.raw != (cfg.type != NULL))
		return cli_usage_error(&cli_spec_sign, "sign", "--raw and --payload-type "
		    "go together");
	if (cfg.role && !record_role_known(cfg.role))
		return cli_usage_error(&cli_spec_sign, "sign", "unknown role '%s'",
		    cfg.role);
	if ((rc = cli_file_list(&files, argc - optind, argv + optind,
	    from)) != 0)
		return cli_fail("sign", rc);
	if (files.n == 0) {
		file_list_release(&files);
		return cli_usage_error(&cli_spec_sign, "sign", "give a file to sign");
	}
	if (files.n > 1 && cfg.outpath) {
		file_list_release(&files);
		return cli_usage_error(&cli_spec_sign, "sign", "-o names one output: "
		    "with several files each is written beside its input");
	}
	/* --json's object is the one thing on stdout: no envelope there. */
	for (size_t i = 0; json && i < files.n; i++)
		if ((cfg.outpath && strcmp(cfg.outpath, "-") == 0) ||
		    (cfg.outpath == NULL && strcmp(files.v[i], "-") == 0)) {
			file_list_release(&files);
			return cli_usage_error(&cli_spec_sign, "sign", "--json "
			    "prints an object on stdout: write the envelope to a "
			    "file with -o FILE");
		}
	if (json && (cfg.json = cJSON_CreateArray()) == NULL) {
		file_list_release(&files);
		return cli_fail("sign", ink_error(INK_EINPUT, "out of memory"));
	}
	/* Every file is tried; the most serious failure is the exit code. */
	/* A batch syncs once at the end instead of twice per file. */
	if (files.n > 1) {
		cfg.quiet = 1;
		file_sync_defer(1);
	}
	if (registry && (rc = reg_open(&cfg.reg, registry, REG_READ)) != 0) {
		file_list_release(&files);
		cJSON_Delete(cfg.json);
		return cli_fail("sign", rc);
	}
	pthread_mutex_init(&cfg.key_lock, NULL);
	worst = sign_all(&cfg, &files);
	reg_close(cfg.reg);
	if (files.n > 1)
		file_sync_flush();
	/* The private key is freed (OpenSSL wipes it) before leaving. */
	if (cfg.have_key)
		signer_release(&cfg.signer);
	EVP_PKEY_free(cfg.pkey);
	pthread_mutex_destroy(&cfg.key_lock);
	file_list_release(&files);
	/* The object, once, when something was signed: a failure leaves
	 * stdout empty. */
	if (cfg.json && cJSON_GetArraySize(cfg.json) > 0) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "records", cfg.json);
		cfg.json = NULL;
		if ((rc = cli_print_json("sign", o)) != 0)
			worst = cli_worst(worst, rc);
		cJSON_Delete(o);
	}
	cJSON_Delete(cfg.json);
	return cli_finish(worst);
}
