/*
 * What a registry reads from outside: envelopes given to `registry add`
 * (audit reports, SCS assessments, accreditations, status records), the
 * accreditation JSON an operator signs, and the files of a registry
 * someone else wrote (the self-signed root/1.root.json, whose payload is
 * parsed to learn its keys, and log/leaves).
 *
 * At start-up a registry is made in a temporary folder (under
 * $FUZZ_TMPDIR, else /dev/shm, else /tmp) with the fixed keys: operator
 * C, log key D, auditor A and management B accredited for every scheme.
 * The seeds of fuzz/corpus/registry are made by fuzz/make-corpus.sh the
 * same way, so that genuine records are accepted and their mutations
 * reach deep.
 *
 * Input: one byte choosing the slot (its value mod 4), then the data:
 *   0  an envelope: reg_add() and verify_registry_envelope() on the
 *      registry opened to read (nothing is ever committed);
 *   1  an accreditation JSON file: reg_accredit() (staged, not committed);
 *   2  root/1.root.json of a bare copy, committed, then the registry opened;
 *   3  log/leaves of the bare copy likewise.
 *
 * Properties: nothing crashes or leaks; an envelope reg_add() accepts as
 * "added" is one whose every declared signer's signature verifies with
 * the fixed keys.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <ftw.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/pem.h>

#include "fuzz/common.h"

#include "core/buf.h"
#include "core/dsse.h"
#include "core/file.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "keys/key.h"
#include "registry/registry.h"
#include "registry/repo.h"
#include "verify/verify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[4096], regdir[4200], baredir[4200], accpath[4200];

static void
write_pem(const char *path, int k, int private)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || !(private ? PEM_write_PrivateKey(f, fuzz_priv[k], NULL,
	    NULL, 0, NULL, NULL) : PEM_write_PUBKEY(f, fuzz_priv[k])) ||
	    fclose(f) != 0) {
		fprintf(stderr, "fuzz: cannot write %s\n", path);
		abort();
	}
}

static void
die(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, ink_error_last());
	abort();
}

static void
accredit(const char *pub, const char *role)
{
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	char path[4300], id[RECORD_ID_LEN];
	FILE *f;

	snprintf(path, sizeof(path), "%s/acc-%s.json", top, role);
	if ((f = fopen(path, "w")) == NULL)
		die("accreditation");
	fprintf(f, "{\"person\": {\"name\": \"fuzz %s\"},\n"
	    "\"organisation\": {\"name\": \"fuzz\", \"corporate_number\": "
	    "\"9010401123456\"},\n\"roles\": [\"%s\"], \"schemes\": [\"*\"],\n"
	    "\"key\": {\"public_key_file\": \"%s\"},\n"
	    "\"valid_from\": \"2026-01-01T00:00:00Z\",\n"
	    "\"valid_until\": \"2028-01-01T00:00:00Z\"}\n", role, role, pub);
	fclose(f);
	if (reg_open(&g, regdir, REG_WRITE) != 0)
		die("open");
	reg_set_now(g, time_now());
	if (reg_accredit(g, &fuzz_priv[FUZZ_OPERATOR], 1, path, id, &p) != 0 ||
	    reg_commit(g, "fuzz: accredit") != 0)
		die(p.n ? p.v[0] : "accredit");
	reg_close(g);
	problems_release(&p);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	if (top[0])
		nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct reg_init_opts io;
	git_clone_options co = GIT_CLONE_OPTIONS_INIT;
	git_repository *bare = NULL;
	char op[4300], logk[4300], pa[4300], pb[4300], id[RECORD_ID_LEN];
	const char *tmp = getenv("FUZZ_TMPDIR");

	(void)argc;
	(void)argv;
	fuzz_keys_init();
	if (tmp == NULL)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(top, sizeof(top), "%s/inkan-fuzz-registry.XXXXXX", tmp);
	if (mkdtemp(top) == NULL)
		die("mkdtemp");
	atexit(cleanup);
	setenv("INKAN_CATALOGS", FUZZ_SRCDIR "/catalogs", 0);
	snprintf(op, sizeof(op), "%s/op.key", top);
	snprintf(logk, sizeof(logk), "%s/log.key", top);
	snprintf(pa, sizeof(pa), "%s/auditor.pub", top);
	snprintf(pb, sizeof(pb), "%s/management.pub", top);
	write_pem(op, FUZZ_OPERATOR, 1);
	write_pem(logk, FUZZ_LOG, 1);
	write_pem(pa, FUZZ_AUDITOR, 0);
	write_pem(pb, FUZZ_MANAGEMENT, 0);
	snprintf(regdir, sizeof(regdir), "%s/reg", top);
	snprintf(baredir, sizeof(baredir), "%s/bare", top);
	snprintf(accpath, sizeof(accpath), "%s/input.json", top);

	/* The timeline of fuzz/make-corpus.sh. */
	setenv("INKAN_NOW", "2026-04-01T00:00:00Z", 1);
	memset(&io, 0, sizeof(io));
	io.dir = regdir;
	io.name = "fuzz.test/log";
	io.operator_key = op;
	io.log_key = logk;
	io.now = time_now();
	if (time_parse(&io.expires, "2030-01-01T00:00:00Z") != 0 ||
	    reg_init(id, &io) != 0)
		die("registry init");
	accredit(pa, "auditor");
	accredit(pb, "management");
	setenv("INKAN_NOW", "2026-06-01T00:00:00Z", 1);

	co.bare = 1;
	if (git_clone(&bare, regdir, baredir, &co) < 0) {
		fprintf(stderr, "fuzz: clone: %s\n", git_error_last()->message);
		abort();
	}
	git_repository_free(bare);
	return 0;
}

static void
add_envelope(const uint8_t *data, size_t size)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct problems p = PROBLEMS_INIT;
	struct verify_result r = VERIFY_RESULT_INIT;
	struct verify_opts o;
	struct reg *g = NULL;
	char result[64], id[RECORD_ID_LEN];
	int rc;

	if (dsse_envelope_parse(&env, (const char *)data, size) != 0)
		return;
	if (reg_open(&g, regdir, REG_READ) != 0)
		die("open");
	reg_set_now(g, time_now());
	rc = reg_add(g, &env, result, id, &p);
	if (getenv("FUZZ_DEBUG"))
		fprintf(stderr, "fuzz: reg_add: %d %s %s\n", rc, result,
		    p.n ? p.v[0] : "");
	if (rc == 0 && p.n == 0 && strcmp(result, "added") == 0) {
		/* Accepted: someone held the keys, so a signature verifies. */
		size_t good = 0;
		for (size_t i = 0; i < env.nsigs; i++)
			good += dsse_sig_check(&env, i, fuzz_pub, FUZZ_NKEYS) >= 0;
		FUZZ_ASSERT(good > 0);
	}
	/* No keys of the caller's, given as the CLI gives them (an empty
	 * array, not NULL: see the report on regverify.c's memcpy). */
	memset(&o, 0, sizeof(o));
	o.keys = fuzz_pub;
	o.nkeys = 0;
	o.at = time_now();
	if (verify_registry_envelope(&r, &env, g, &o) == 0)
		verify_result_release(&r);
	reg_close(g);
	problems_release(&p);
	dsse_envelope_release(&env);
}

static void
accreditation(const uint8_t *data, size_t size)
{
	struct problems p = PROBLEMS_INIT;
	struct reg *g = NULL;
	char id[RECORD_ID_LEN];

	if (file_write_atomic(accpath, data, size, 0600) != 0)
		die("write");
	if (reg_open(&g, regdir, REG_READ) != 0)
		die("open");
	reg_accredit(g, &fuzz_priv[FUZZ_OPERATOR], 1, accpath, id, &p);
	reg_close(g);
	problems_release(&p);
}

/* Commits data as path in the bare copy, then opens it as a registry. */
static void
foreign_file(const char *path, const uint8_t *data, size_t size)
{
	struct repo *r = NULL;
	struct reg *g = NULL;

	if (repo_open(&r, baredir) != 0 || repo_tx_begin(r, 5000) != 0 ||
	    repo_tx_put(r, path, data, size) != 0 ||
	    repo_tx_commit(r, "fuzz", "fuzz", "fuzz@fuzz.test", 0, NULL) != 0)
		die("commit");
	repo_close(r);
	if (reg_open(&g, baredir, REG_READ) == 0)
		reg_close(g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > INK_MAX_ENVELOPE)
		return 0;
	switch (data[0] % 4) {
	case 0:
		add_envelope(data + 1, size - 1);
		break;
	case 1:
		accreditation(data + 1, size - 1);
		break;
	case 2:
		if (size - 1 <= INK_MAX_ENVELOPE)
			foreign_file("root/1.root.json", data + 1, size - 1);
		break;
	default:
		foreign_file("log/leaves", data + 1, size - 1);
		break;
	}
	ink_error_clear();
	git_error_clear();
	return 0;
}
