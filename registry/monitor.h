/*
 * A monitor for procurers (docs/FORMAT.md 8.10, inkan-registry(1)
 * `registry monitor`): reads a registry's signed log from a clone or
 * from a published site's log/ (C2SP tlog-tiles), checks the log's
 * signature, the witnesses' cosignatures against the quorum and that the
 * log extends the one seen last time (RFC 6962 consistency), and says
 * what the new leaves change for the organisations and services watched.
 * What it saw is kept in a state file, written only when every check
 * passed.
 */
#ifndef INK_REGISTRY_MONITOR_H
#define INK_REGISTRY_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/record.h"

/* Limits on untrusted input (listed in inkan-registry(1)). */
/* A state file. */
#define MON_MAX_STATE (64u * 1024)
/* Organisations and services watched. */
#define MON_MAX_WATCH 64
/* Leaves one run reads the records of (the rest are counted). */
#define MON_MAX_EVENTS 10000

struct mon_opts {
	const char *source;     /* a registry clone, a site folder, or the
	                         * http(s) URL of a site */
	const char *state;      /* the state file */
	const char *const *watch;
	size_t nwatch;
	/* For a site (pinned in the state after the first run; a clone
	 * names them in its root): the log's verifier key, the witnesses'
	 * cosigner keys and their quorum (-1: all of them). */
	const char *log_vkey;
	const char *const *witnesses;
	size_t nwitnesses;
	int quorum;
};

/* What a new leaf changes for what is watched. */
struct mon_event {
	uint64_t leaf;
	int64_t integrated;
	char what[32];          /* "registered", or a status action */
	char id[RECORD_ID_LEN]; /* the new record */
	char target[RECORD_ID_LEN]; /* a status record's target, or "" */
	char org[256], cn[16], service[256];
};

struct mon_result {
	int first;              /* no state before: nothing compared */
	char origin[1024];
	uint64_t old_size, size;
	char root[64];          /* base64 */
	size_t cosigned;
	int quorum;
	char cosigners[1024];   /* their names, ", " between */
	struct mon_event *events;
	size_t nevents;
	size_t skipped;         /* watched leaves past MON_MAX_EVENTS */
};

#define MON_RESULT_INIT { 0, "", 0, 0, "", 0, 0, "", NULL, 0, 0 }

/*
 * Runs the monitor once.  0, with out filled and the state saved; or
 * INK_ELOG when the checkpoint does not verify, is not cosigned by the
 * quorum, does not give the leaves read, or does not extend the log of
 * the state (a smaller log, or another root at a size seen: a fork or a
 * rewritten history) -- the state is then left as it was; INK_EINPUT
 * when the source, the state file or an option cannot be read.
 */
int mon_run(struct mon_result *out, const struct mon_opts *o);
void mon_result_release(struct mon_result *r);
/* registry/fetch.c: GET url (http or https, libcurl loaded on first use)
 * into out, at most max bytes: 0, INK_ENOTFOUND (404, 410) or
 * INK_EINPUT. */
int mon_http_get(struct buf *out, const char *url, size_t max);

#endif
