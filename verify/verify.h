/*
 * Offline verification of one envelope against given public keys: every
 * signature, the roles the record declares, the Statement's shape, the
 * validity window at a time, artifacts against the subject digests, and
 * disclosed items against the record's salted digests.
 * The result lists each check so a caller can print or serialise it.
 */
#ifndef INK_VERIFY_H
#define INK_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/dsse.h"
#include "core/ed25519.h"
#include "core/record.h"
#include "registry/registry.h"

struct catalog_source;

struct verify_opts {
	struct pubkey *const *keys;
	size_t nkeys;
	const char *const *artifacts;
	size_t nartifacts;
	int64_t at;
	/* Disclosure files (inkan disclose): each item must be one the
	 * record binds in predicate.disclosure_digests. */
	const char *const *disclosures;
	size_t ndisclosures;
	/* Asked first for the catalogues a record's rules need (a
	 * registry's pinned ones: verify_registry_envelope sets it), or
	 * NULL for the installed ones alone. */
	const struct catalog_source *catalogs;
};

struct verify_sig {
	char *keyid;    /* as the envelope gives it, may be NULL */
	int key;        /* index into opts.keys that verified it, or -1 */
	char *role;     /* the declared role of the verifying key, or NULL */
};

struct verify_check {
	char *name;     /* "signature 1", "signers", "validity", ... */
	int code;       /* 0 passed, else the INK_E* it failed with */
	char *detail;
};

struct verify_result {
	int code;       /* 0 valid, else the most serious failure */
	char record_id[RECORD_ID_LEN];
	char *payload_type;
	char *predicate_type;
	struct verify_sig *sigs;
	size_t nsigs;
	struct verify_check *checks;
	size_t nchecks;
	cJSON *statement; /* the verified Statement, when one was read */
	cJSON *disclosed; /* [{"file","path","value"}] of the items that
	                   * matched the record's digests, or NULL */
	/* The registry's answer, when checked against one (state NULL
	 * otherwise): "active", "revoked", ..., or "not registered"; since
	 * when (0: not known), the status record's reason code and the
	 * one-line reason. */
	const char *state;
	int64_t state_since;
	char state_code[64];
	char *state_why;
	/* Corrective demands open at the time asked (FORMAT.md 8.3), and
	 * that time: one whose deadline has passed is overdue. */
	struct reg_demand demands[REG_MAX_OPEN_DEMANDS];
	size_t ndemands;
	int64_t state_at;
};

#define VERIFY_RESULT_INIT { 0 }

int verify_envelope(struct verify_result *out,
    const struct dsse_envelope *env, const struct verify_opts *opts);
struct reg;
/* verify_envelope() with the keys of the registry's accreditations, plus
 * the registry's checks: registered (else INK_ELOG), accredited at
 * integration time, included in the signed checkpoint, status at o->at. */
int verify_registry_envelope(struct verify_result *out,
    const struct dsse_envelope *env, struct reg *g,
    const struct verify_opts *o);
/* Records a check (also used by callers that add their own). */
void verify_add_check(struct verify_result *r, const char *name, int code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void verify_result_release(struct verify_result *r);
/* The result as a JSON object (caller frees with cJSON_Delete). */
cJSON *verify_result_json(const struct verify_result *r, const char *path);

#endif
