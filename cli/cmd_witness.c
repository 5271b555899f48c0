/*
 * inkan witness: init, vkey, add-log, cosign, serve — a witness of
 * transparency logs (c2sp.org/tlog-witness) over witness/ — and verify,
 * the check a client of witnesses makes of a cosigned checkpoint.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/file.h"
#include "core/timefmt.h"
#include "witness/limits.h"
#include "witness/serve.h"
#include "witness/witness.h"

enum {
	OPT_NAME = CLI_OPT, OPT_KEY, OPT_PASSFILE, OPT_ORIGIN, OPT_LOGVKEY,
	OPT_PROOF, OPT_LISTEN, OPT_WVKEY, OPT_QUORUM
};

/* Witnesses a checkpoint may name for verify. */
#define MAX_WITNESS_VKEYS 16

static const struct cli_opt opts[] = {
	{ "name", OPT_NAME, "NAME", "the witness's name, a schema-less URL "
	    "such as witness.example/w1" },
	{ "key", OPT_KEY, "KEY", "the witness's Ed25519 private key file" },
	{ "passphrase-file", OPT_PASSFILE, "FILE", "read the key's "
	    "passphrase from the first line of FILE" },
	{ "origin", OPT_ORIGIN, "ORIGIN", "the log's origin line (default: "
	    "the name of its key)" },
	{ "log-vkey", OPT_LOGVKEY, "VKEY", "the log's verifier key "
	    "(name+hash+key)" },
	{ "proof", OPT_PROOF, "FILE", "'old <size>' and the consistency "
	    "proof from it, one base64 hash a line (default: old 0)" },
	{ "listen", OPT_LISTEN, "ADDR:PORT", "where to serve (port 0: any "
	    "free port, printed)" },
	{ "witness-vkey", OPT_WVKEY, "VKEY", "a witness's cosigner verifier "
	    "key; repeat it" },
	{ "quorum", OPT_QUORUM, "N", "how many of the witnesses must have "
	    "cosigned (default: all)" },
	{ NULL, 0, NULL, NULL }
};

enum witness_sub { W_INIT, W_VKEY, W_ADD_LOG, W_COSIGN, W_SERVE, W_VERIFY };

static const struct cli_sub subs[] = {
	{ "init", "STATE", "name! key! passphrase-file", 1, 1, W_INIT },
	{ "vkey", "STATE", "", 1, 1, W_VKEY },
	{ "add-log", "STATE", "log-vkey! origin", 1, 1, W_ADD_LOG },
	{ "cosign", "STATE CHECKPOINT", "proof log-vkey passphrase-file", 2, 2,
	    W_COSIGN },
	{ "serve", "STATE", "listen! passphrase-file", 1, 1, W_SERVE },
	{ "verify", "CHECKPOINT", "log-vkey! witness-vkey+ quorum", 1, 1,
	    W_VERIFY },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_witness = { "witness", opts, subs,
	"exit status of cosign: 0 cosigned, 1 unknown log or bad log "
	"signature,\n2 malformed or could not answer, 5 not consistent with "
	"what the witness cosigned\nexit status of verify: 0 quorum met, 2 "
	"malformed, 5 bad log signature, a bad\ncosignature or too few\n",
	"inkan witness cosign state checkpoint --proof proof", NULL };

struct opts {
	const char *name, *key, *origin, *logvkey, *proof, *listen;
	const char *wvkeys[MAX_WITNESS_VKEYS];
	size_t nwvkeys;
	int quorum;
	struct key_pass pass;
};

/* The exit code of an add-checkpoint answer. */
static int
status_exit(enum witness_status st)
{
	switch (st) {
	case WITNESS_OK:
		return 0;
	case WITNESS_FORBIDDEN:
	case WITNESS_NOT_FOUND:
		return EXIT_NO;
	case WITNESS_CONFLICT:
	case WITNESS_UNPROCESSABLE:
		return ink_exit_code(INK_ELOG);
	case WITNESS_BAD_REQUEST:
	case WITNESS_TOO_LARGE:
	case WITNESS_INTERNAL:
		break;
	}
	return EXIT_USAGE;
}

static int
do_init(const char *dir, const struct opts *o)
{
	struct buf vk = BUF_INIT(NOTE_MAX_VKEY + 2);
	int rc;

	if ((rc = witness_init(&vk, dir, o->name, o->key, &o->pass)) != 0 ||
	    (rc = buf_addc(&vk, '\n')) != 0)
		rc = cli_fail("witness init", rc);
	else
		rc = cli_out_raw(vk.data, vk.len);
	buf_release(&vk);
	return rc;
}

static int
do_vkey(const char *dir)
{
	struct buf vk = BUF_INIT(NOTE_MAX_VKEY + 2);
	int rc;

	if ((rc = witness_vkey(&vk, dir)) != 0 ||
	    (rc = buf_addc(&vk, '\n')) != 0)
		rc = cli_fail("witness vkey", rc);
	else
		rc = cli_out_raw(vk.data, vk.len);
	buf_release(&vk);
	return rc;
}

/* The request the server would get: the proof file (or "old 0"), a
 * blank line, the checkpoint. */
static int
cosign_request(struct buf *req, const char *ckpt, const char *proof)
{
	struct buf cp, pf;
	int rc;

	buf_init(req, WITNESS_MAX_REQUEST);
	buf_init(&pf, WITNESS_MAX_REQUEST);
	if ((rc = file_read(&cp, ckpt, NOTE_MAX_SIZE)) != 0)
		goto cleanup;
	if (proof != NULL && (rc = file_read(&pf, proof,
	    WITNESS_MAX_REQUEST)) != 0)
		goto cleanup;
	if (proof == NULL)
		rc = buf_adds(&pf, "old 0\n");
	else if (pf.len == 0 || pf.data[pf.len - 1] != '\n')
		rc = ink_error(INK_EINPUT, "'%s' does not end in a newline",
		    proof);
	if (rc == 0 && (rc = buf_add(req, pf.data, pf.len)) == 0 &&
	    (rc = buf_addc(req, '\n')) == 0)
		rc = buf_add(req, cp.data, cp.len);
cleanup:
	buf_release(&cp);
	buf_release(&pf);
	return rc;
}

static int
do_cosign(const char *dir, const char *ckpt, const struct opts *o)
{
	struct witness *w = NULL;
	struct buf req, body = BUF_INIT(WITNESS_MAX_REQUEST), cp;
	enum witness_status st = WITNESS_INTERNAL;
	int rc;

	buf_init(&req, 1);
	buf_init(&cp, 1);
	if (o->logvkey != NULL && (rc = witness_add_log(dir, o->origin,
	    o->logvkey)) != 0) {
		rc = cli_fail("witness cosign", rc);
		goto cleanup;
	}
	if ((rc = witness_open(&w, dir, &o->pass)) != 0 ||
	    (rc = cosign_request(&req, ckpt, o->proof)) != 0) {
		rc = cli_fail("witness cosign", rc);
		goto cleanup;
	}
	rc = witness_add_checkpoint(w, (const char *)req.data, req.len,
	    time_now(), &st, &body);
	if (rc != 0) {
		cli_fail("witness cosign", rc);
		if (st == WITNESS_CONFLICT)
			fprintf(stderr, "inkan: witness cosign: give --proof "
			    "from size %.*s", (int)body.len, buf_str(&body));
		rc = status_exit(st);
		goto cleanup;
	}
	/* The checkpoint as given, with the cosignature line after its
	 * signatures. */
	if ((rc = file_read(&cp, ckpt, NOTE_MAX_SIZE)) != 0 ||
	    (rc = buf_add(&cp, body.data, body.len)) != 0)
		rc = cli_fail("witness cosign", rc);
	else
		rc = cli_out_raw(cp.data, cp.len);
cleanup:
	witness_close(w);
	buf_release(&req);
	buf_release(&body);
	buf_release(&cp);
	return rc;
}

/* A cosigned checkpoint checked the way a client of witnesses checks it:
 * the log's signature, then a quorum of valid cosignatures. */
static int
do_verify(const char *path, const struct opts *o)
{
	struct note_vkey log = NOTE_VKEY_INIT, wit[MAX_WITNESS_VKEYS];
	struct buf cp;
	size_t good = 0, quorum;
	int64_t newest = 0;
	int seen[MAX_WITNESS_VKEYS], rc;
	char ts[TIME_LEN];

	memset(wit, 0, sizeof(wit));
	buf_init(&cp, 1);
	quorum = o->quorum > 0 ? (size_t)o->quorum : o->nwvkeys;
	if (quorum > o->nwvkeys) {
		rc = cli_usage_error(&cli_spec_witness, "witness verify", "a "
		    "quorum of %zu of %zu witnesses", quorum, o->nwvkeys);
		goto cleanup;
	}
	if ((rc = note_vkey_parse(&log, o->logvkey, strlen(o->logvkey))) != 0) {
		rc = cli_fail("witness verify", ink_error_wrap(rc, "--log-vkey"));
		goto cleanup;
	}
	for (size_t i = 0; i < o->nwvkeys; i++)
		if ((rc = note_vkey_parse_type(&wit[i], o->wvkeys[i],
		    strlen(o->wvkeys[i]), NOTE_SIG_COSIG_V1)) != 0) {
			rc = cli_fail("witness verify", ink_error_wrap(rc,
			    "--witness-vkey"));
			goto cleanup;
		}
	if ((rc = file_read(&cp, path, NOTE_MAX_SIZE)) != 0 ||
	    (rc = note_verify(NULL, (const char *)cp.data, cp.len, &log,
	    1)) != 0 ||
	    (rc = witness_cosignatures(&good, &newest, seen,
	    (const char *)cp.data, cp.len, wit, o->nwvkeys)) != 0) {
		rc = cli_fail("witness verify", ink_error_wrap(rc, "'%s'", path));
		goto cleanup;
	}
	if (good < quorum) {
		for (size_t i = 0; i < o->nwvkeys; i++)
			if (!seen[i])
				fprintf(stderr, "inkan: witness verify: '%s': no "
				    "cosignature by '%s'\n", path, wit[i].name);
		fprintf(stderr, "inkan: witness verify: '%s': %zu of the %zu "
		    "cosignatures needed\n", path, good, quorum);
		rc = ink_exit_code(INK_ELOG);
		goto cleanup;
	}
	if (good > 0)
		time_format(ts, newest);
	printf("%s: cosigned by %zu of %zu witnesses (quorum %zu)%s%s\n",
	    path, good, o->nwvkeys, quorum, good ? "; newest at " : "",
	    good ? ts : "");
	rc = 0;
cleanup:
	note_vkey_release(&log);
	for (size_t i = 0; i < MAX_WITNESS_VKEYS; i++)
		note_vkey_release(&wit[i]);
	buf_release(&cp);
	return rc;
}

/* One line on stderr per add-checkpoint answered. */
static void
serve_log(void *arg, unsigned status, const char *reason)
{
	(void)arg;
	fprintf(stderr, "inkan: witness serve: add-checkpoint: %u%s%s\n",
	    status, *reason ? ": " : "", reason);
}

static int
do_serve(const char *dir, const struct opts *o)
{
	struct witness_server *s = NULL;
	struct witness *w = NULL;
	sigset_t set;
	unsigned port = 0;
	int sig, rc;

	if ((rc = witness_open(&w, dir, &o->pass)) != 0)
		return cli_fail("witness serve", rc);
	/* The server's threads inherit this mask: SIGTERM and SIGINT come
	 * to sigwait() here, and the server is stopped in order. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		rc = cli_fail("witness serve", ink_error(INK_EINPUT, "cannot "
		    "block signals"));
		goto cleanup;
	}
	if ((rc = witness_serve_start(&s, w, o->listen, time_now, serve_log,
	    NULL, &port)) != 0) {
		rc = cli_fail("witness serve", rc);
		goto cleanup;
	}
	printf("listening on port %u\n", port);
	fflush(stdout);
	fprintf(stderr, "inkan: witness serve: '%s' listening on %s (port "
	    "%u); SIGTERM stops it\n", dir, o->listen, port);
	while (sigwait(&set, &sig) != 0 || sig == SIGHUP)
		;
	fprintf(stderr, "inkan: witness serve: stopping on signal %d\n", sig);
	rc = 0;
cleanup:
	witness_serve_stop(s);
	witness_close(w);
	return cli_finish(rc);
}

int
cmd_witness(int argc, char **argv)
{
	struct opts o;
	struct cli_parse p;
	const struct cli_sub *s;
	int c, rc;

	memset(&o, 0, sizeof(o));
	if (argc < 2)
		return cli_usage_error(&cli_spec_witness, "witness", "which "
		    "subcommand?");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cli_help(&cli_spec_witness, NULL);
	if ((rc = cli_sub_find(&s, &cli_spec_witness, argv[1])) != 0)
		return rc;
	if ((rc = cli_parse_start(&p, &cli_spec_witness, s, argc - 1,
	    argv + 1)) != 0)
		return rc;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_NAME: o.name = optarg; break;
		case OPT_KEY: o.key = optarg; break;
		case OPT_PASSFILE: o.pass.file = optarg; break;
		case OPT_ORIGIN: o.origin = optarg; break;
		case OPT_LOGVKEY: o.logvkey = optarg; break;
		case OPT_PROOF: o.proof = optarg; break;
		case OPT_LISTEN: o.listen = optarg; break;
		case OPT_WVKEY:
			if (o.nwvkeys == MAX_WITNESS_VKEYS)
				return cli_usage_error(&cli_spec_witness, p.ctx,
				    "at most %d witnesses", MAX_WITNESS_VKEYS);
			o.wvkeys[o.nwvkeys++] = optarg;
			break;
		case OPT_QUORUM: {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    v < 1 || v > MAX_WITNESS_VKEYS)
				return cli_usage_error(&cli_spec_witness, p.ctx,
				    "--quorum takes 1 to %d, not '%s'",
				    MAX_WITNESS_VKEYS, optarg);
			o.quorum = (int)v;
			break;
		}
		}
	}
	if (c < 0)
		return p.rc;
	argc -= optind + 1;
	argv += optind + 1;
	if ((rc = cli_sub_nargs(&cli_spec_witness, s, argc)) != 0)
		return rc;
	switch ((enum witness_sub)s->id) {
	case W_INIT:
		rc = do_init(argv[0], &o);
		break;
	case W_VKEY:
		rc = do_vkey(argv[0]);
		break;
	case W_ADD_LOG:
		if ((rc = witness_add_log(argv[0], o.origin, o.logvkey)) != 0)
			rc = cli_fail("witness add-log", rc);
		break;
	case W_COSIGN:
		rc = do_cosign(argv[0], argv[1], &o);
		break;
	case W_SERVE:
		return do_serve(argv[0], &o);
	case W_VERIFY:
		rc = do_verify(argv[0], &o);
		break;
	}
	return cli_finish(rc);
}
