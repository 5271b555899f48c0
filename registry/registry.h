/*
 * The registry: a git repository that accepts only records whose every
 * signer was accredited for the role and scheme when the log integrated
 * the record, keeps everything forever, computes each record's status,
 * and carries an RFC 6962 log whose signed checkpoints expose a
 * rewritten history.  Layout (docs/FORMAT.md, section Registry):
 *
 *   inkan-registry.json                 name (log origin), operator identity
 *   root/N.root.json                    the root chain
 *   records/<kind>/<aa>/<hex>.dsse.json every record, by record id
 *   signers/<keyid>                     accreditation ids of a key
 *   links/<aa>/<hex>                    status and superseding record ids
 *   catalogs/<id>@<version>.json        catalogues records refer to
 *   log/leaves, log/checkpoint          the log and its signed head
 */
#ifndef INK_REGISTRY_H
#define INK_REGISTRY_H

/* The depth of built_on chains followed when computing whether a base
 * service is registered (a named limit on untrusted input). */
#define REG_MAX_BUILT_ON_DEPTH 16

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "core/buf.h"
#include "core/digest.h"
#include "core/dsse.h"
#include "core/hashmap.h"
#include "core/problems.h"
#include "core/record.h"
#include "keys/key.h"

struct reg;
struct catalog_source;

enum reg_state {
	REG_ACTIVE,
	REG_REVOKED,
	REG_SUSPENDED,
	REG_WITHDRAWN,
	REG_SUPERSEDED,
	REG_EXPIRED,
	REG_NOT_YET_VALID,
	REG_DELISTED
};

/* Corrective demands a record may have open at once (a limit on what a
 * registry holds: the writer refuses one more, a reader of more fails). */
#define REG_MAX_OPEN_DEMANDS 8
/* The longest value a correction (a change notification) sets. */
#define REG_MAX_CORRECTION 1024
/* The fields a correction may set, NULL-terminated (FORMAT.md 8.3). */
extern const char *const reg_correctable[];

struct reg_demand {
	char id[RECORD_ID_LEN]; /* the corrective-demand status record */
	int64_t deadline;
};

struct reg_status {
	enum reg_state state;
	char why[512];          /* one line: reason, by which record, when */
	char by[RECORD_ID_LEN]; /* the status or superseding record, if any */
	int64_t since;          /* when the state began (the status record's
	                         * effective_at, the expiry), or 0 */
	char code[64];          /* the status record's reason_code, or "" */
	/* Corrective demands (是正要求) open at the time asked, in log
	 * order: made, not closed; overdue once the deadline has passed. */
	struct reg_demand demands[REG_MAX_OPEN_DEMANDS];
	size_t ndemands;
};

struct reg_entry {
	char id[RECORD_ID_LEN];
	const char *kind;       /* "audit-report", ..., "root" (static) */
	char path[128];
	size_t leaf;            /* index in the log */
	int64_t integrated;
};

/* The witnesses a root names (docs/FORMAT.md 8.1): their cosigner
 * verifier keys (c2sp.org/tlog-cosignature, type 0x04) and how many of
 * them must cosign a checkpoint. */
/* 15: with the log's own signature, a cosigned checkpoint stays within
 * the 16 signature lines a note may have (NOTE_MAX_SIGS). */
#define REG_MAX_WITNESSES 15
struct reg_witnesses {
	const char *const *vkeys;
	size_t n;
	int quorum;             /* 0 with no witnesses; else 1..n */
};
/* 0 when the set is one a root may name: at most REG_MAX_WITNESSES
 * distinct, well-formed cosigner keys, and a quorum of 1..n (0 for
 * none); else code with the reason. */
int reg_witnesses_check(const struct reg_witnesses *w, int code);

/* Options of registry init. */
struct reg_init_opts {
	const char *dir;
	const char *name;        /* log origin; default from the folder name */
	const char *operator_key;
	const char *log_key;     /* NULL: a log key is made under .git/inkan */
	const char *op_name, *op_email;
	int64_t expires;         /* root expiry; 0: one year */
	const struct key_pass *pass;
	int64_t now;             /* the time of the change (see reg_set_now) */
	struct reg_witnesses witnesses; /* none: an unwitnessed registry */
};

int reg_init(char root_id[RECORD_ID_LEN], const struct reg_init_opts *o);
/* How reg_open reads the registry (docs/FORMAT.md 8.8).  Nothing a
 * reader or writer decides comes from a commit the log key did not sign:
 *   REG_READ    reads HEAD when the log key signed it, else the newest
 *               commit before it that the log key signed (reg_unsigned
 *               then says what was skipped: the caller fails closed);
 *   REG_WRITE   takes the lock and refuses (INK_ELOG) a HEAD the log key
 *               did not sign, whose checkpoint does not cover exactly its
 *               log, or that is not consistent with the last checkpoint
 *               this machine signed;
 *   REG_AUDIT   reads HEAD as it is, signed or not (registry verify
 *               reports what is wrong there, and the unsigned commits);
 *   REG_RESTORE takes the lock and finds the last signed commit, for
 *               reg_restore. */
enum reg_mode { REG_READ = 0, REG_WRITE = 1, REG_AUDIT = 2, REG_RESTORE = 3 };
int reg_open(struct reg **out, const char *dir, int mode);
/* The time of the command, given once by the front end: the log dates
 * every record this handle adds, and every record and commit it signs,
 * by it, so that one command's checks agree on "now".  A handle that
 * changes nothing needs none; a change without one fails. */
void reg_set_now(struct reg *g, int64_t now);
/* The number of commits on HEAD after the last one the log key signed
 * (0: HEAD is signed); what, when not NULL, gets one line naming them,
 * the first and what it changed. */
size_t reg_unsigned(const struct reg *g, const char **what);
/* Moves the registry back to its last signed commit, keeping the
 * unsigned ones under a reference (named in kept) for evidence.  0 with
 * *n = 0 when HEAD is signed; signed_hex gets the commit it is now at. */
int reg_restore(const char *dir, char signed_hex[41], char kept[128],
    size_t *n);
void reg_close(struct reg *g);
const char *reg_name(const struct reg *g);
/* Where the catalogues this registry pinned are found: to be given to
 * every catalogue lookup about its records (catalog_get_from, a kind's
 * check), so that each is checked against the catalogue it was
 * registered with.  Valid until reg_close. */
const struct catalog_source *reg_catalogs(const struct reg *g);
/* The number of leaves; a reader that had not loaded log/leaves loads
 * them now (the caller is about to walk them). */
size_t reg_size(const struct reg *g);
/* Whether a reader answers lookups from the hash tiles and the record
 * index, each proved against the signed checkpoint, without loading
 * log/leaves (docs/FORMAT.md 8.6): 1, or 0 when it loaded them. */
int reg_lazy(const struct reg *g);

/* Checks one envelope and, when acceptable, stages it: the result says
 * what happened ("added", "already registered", "signatures added").
 * Problems found go to probs; nothing is staged then. */
int reg_add(struct reg *g, const struct dsse_envelope *env, char result[64],
    char id_out[RECORD_ID_LEN], struct problems *probs);
/* Signs (with every operator key given: a threshold may need several) and
 * stages an accreditation (its JSON is read from path). */
int reg_accredit(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const char *path, char id_out[RECORD_ID_LEN], struct problems *probs);
/* Signs and stages a status record about target. */
struct reg_status_req {
	const char *target, *action, *reason_code, *reason;
	const char *superseded_by, *field, *value;
	int64_t effective_at;
	/* Supervision: the status record this one cites (the demand a
	 * closure closes or a revocation follows), a corrective demand's
	 * deadline (0: none), a surveillance's result. */
	const char *cites;
	int64_t deadline;
	const char *result;
};
int reg_status_add(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const struct reg_status_req *q, char id_out[RECORD_ID_LEN],
    struct problems *probs);
/* Stages root version N+1: signed by the old operator keys (a threshold
 * of root N) and the new ones (a threshold of its own); new operator keys
 * fresh[], or root N's when nfresh is 0; threshold 0 keeps root N's;
 * witnesses NULL keeps root N's witnesses and quorum. */
int reg_rotate_root(struct reg *g, EVP_PKEY *const *old, size_t nold,
    EVP_PKEY *const *fresh, size_t nfresh, int threshold, int64_t expires,
    const struct reg_witnesses *witnesses, char id_out[RECORD_ID_LEN],
    struct problems *p);
/* The newest root's witnesses (borrowed, valid until reg_close). */
void reg_root_witnesses(const struct reg *g, struct reg_witnesses *out);
/* Writes the staged change as one commit with a new signed checkpoint. */
int reg_commit(struct reg *g, const char *message);
/* Asks the witnesses with an address to cosign the current checkpoint
 * again and commits their fresh lines (nothing staged besides): 0 with
 * no commit when none answered with a new one (reg_witness_report says
 * why). */
int reg_recosign(struct reg *g, const char *message);

/* Finds a record by id: 0, or INK_ENOTFOUND. */
int reg_find(struct reg *g, const char *id, struct reg_entry *out);
int reg_load(struct reg *g, const struct reg_entry *e,
    struct dsse_envelope *env);
/* reg_load, and the SHA-256 of the file's bytes (what the site publishes
 * of it). */
int reg_load_digest(struct reg *g, const struct reg_entry *e,
    struct dsse_envelope *env, unsigned char digest[SHA256_LEN]);
/* reg_load of a record whose committed file, at path, another thread has
 * already read and parsed into pre through a handle on the same commit
 * (repo_open_twin): takes pre over (leaving it empty, *took = 1) and
 * checks it as reg_load does.  Reads the record itself (*took = 0) when
 * pre is empty or is of another path, or when the record is staged. */
int reg_load_pre(struct reg *g, const struct reg_entry *e, const char *path,
    struct dsse_envelope *pre, struct dsse_envelope *env, int *took);
/* Computed status of a record at time at. */
int reg_status_of(struct reg *g, const char *id, int64_t at,
    struct reg_status *out);
/* reg_status_of of the registered record e, whose statement the caller
 * has already read as st (the same statement reg_status_of would read). */
int reg_status_of_loaded(struct reg *g, const struct reg_entry *e,
    const struct statement *st, int64_t at, struct reg_status *out);
const char *reg_state_name(enum reg_state s);
/* The exit-code class of a state: 0 active, INK_EREVOKED, INK_EVALIDITY. */
int reg_state_code(enum reg_state s);

/* Verifies one envelope against the registry: registered, signed by
 * signers accredited at integration time, in the signed log, and its
 * status at time at.  Each check goes to probs (code per DESIGN 6). */
int reg_verify_envelope(struct reg *g, const struct dsse_envelope *env,
    int64_t at, struct problems *probs, struct reg_entry *entry,
    struct reg_status *status);
/* The public keys that may sign a record: the accredited keys of its
 * declared signers at time t, or the operator keys for operator records
 * (the caller frees each and the array). */
/* Every public key the registry names (operator keys of every root,
 * accredited keys), with no rule applied: candidates for verifying
 * signatures ahead on worker threads.  The caller frees each key and
 * the array. */
int reg_candidate_keys(struct reg *g, struct pubkey ***out, size_t *n);
/* Signatures verified ahead on worker threads (registry/ahead.c):
 * reg_ahead_verify() checks each signature of env with the candidate key
 * its keyid names, which only fills the signature memo that the
 * sequential, rule-applying pass then reads.  Thread-safe between open
 * and close; open and close on the calling thread. */
struct reg_ahead {
	struct pubkey **keys; /* sorted by keyid */
	size_t n;
};
int reg_ahead_open(struct reg_ahead *a, struct reg *g);
void reg_ahead_verify(const struct reg_ahead *a,
    const struct dsse_envelope *env);
void reg_ahead_close(struct reg_ahead *a);
int reg_signer_keys(struct reg *g, const struct statement *st, int64_t t,
    struct pubkey ***out, size_t *n);
/* Long work (reg_audit) reports how far it got through fn. */
void reg_set_progress(struct reg *g,
    void (*fn)(void *arg, size_t done, size_t total), void *arg);
/* Audits everything; counts go to out as JSON; problems to probs. */
int reg_audit(struct reg *g, const char *since_checkpoint, int64_t at,
    cJSON *counts, struct problems *probs);

int reg_checkpoint(struct reg *g, struct buf *out);
/* The checkpoint with the stored cosignatures (log/cosignatures) of the
 * newest root's witnesses that verify over it appended, one a witness. */
int reg_cosigned_checkpoint(struct reg *g, struct buf *out);
/* Stages the cosignatures by the root's witnesses found in notes[] (each
 * a cosigned copy of the registry's checkpoint, as inkan witness cosign
 * prints it) into log/cosignatures, keeping the other witnesses' still
 * valid ones; *added counts the lines taken.  Problems (INK_ELOG): a
 * note of another checkpoint, a line that does not verify, a note with
 * no line of a witness the root names; then nothing is staged. */
int reg_add_cosignatures(struct reg *g, const struct buf *notes,
    size_t nnotes, size_t *added, struct problems *p);
/* What a reader learns of the checkpoint's witnesses (FORMAT.md 8.6). */
struct reg_quorum {
	size_t witnesses;       /* the newest root names: 0, unwitnessed */
	int quorum;             /* how many must cosign */
	size_t good;            /* distinct named witnesses whose line in
	                         * log/cosignatures verifies */
	uint64_t size;          /* the checkpoint's */
	int64_t fresh;          /* the quorum-th newest cosignature time */
	char missing[1024];     /* the named witnesses without one, ", " */
};
/*
 * Whether the checkpoint of the commit read may be trusted: 0 when the
 * root names no witnesses (and max_age is 0), or a quorum of distinct
 * named witnesses cosigned it (and, max_age above 0, the quorum-th
 * newest of their times is at most max_age seconds before now, none
 * past now by more than REG_CLOCK_SKEW).  Else INK_ELOG with one line
 * naming what is missing; INK_EINPUT when it cannot tell.  Lines of
 * other keys are ignored; a named witness's line that does not verify
 * counts as missing; a line that is no cosignature line, or a file past
 * its limits, is INK_ELOG.  out is filled either way.
 */
int reg_quorum_check(struct reg *g, int64_t now, int64_t max_age,
    struct reg_quorum *out);
/* Sets (url not NULL) or removes where writes ask the root's witness
 * name for cosignatures: the registry's private .git/inkan/witnesses,
 * "<name> <url>" a line, never published. */
int reg_witness_url_set(struct reg *g, const char *name, const char *url);
/* That file's text (empty when none). */
int reg_witness_urls(struct reg *g, struct buf *out);
/* What the witnesses said during the last reg_commit, a line each
 * (empty: nothing to say); borrowed. */
const char *reg_witness_report(const struct reg *g);
int reg_log_vkey(struct reg *g, struct buf *out);
int reg_proof(struct reg *g, const char *id, struct buf *out);
/* The consistency proof from the log's first old leaves to the tree its
 * checkpoint signs, as a c2sp.org/tlog-witness request starts: "old
 * <old>", then one base64 hash a line. */
int reg_consistency(struct reg *g, uint64_t old, struct buf *out);

/* Every record as JSON objects (id, predicateType, kind, status, path,
 * integrated, and the subject fields a list shows). */
int reg_list(struct reg *g, int64_t at, cJSON *array);
/* One record with its status, explanation and history. */
int reg_show(struct reg *g, const char *id, int64_t at, cJSON **out);

/* --- registration numbers (numbering.c, FORMAT.md 8.9) ------------- */

#define REG_NUMBER_LEN 32
struct reg_numfam {
	char *name;
	unsigned long seq;
};
/* Numbers given so far, fed record by record in log order. */
struct reg_numbering {
	char **keys;                    /* subject keys, in order given */
	char (*nums)[REG_NUMBER_LEN];   /* their numbers */
	size_t nkeys;
	struct reg_numfam *fams;
	size_t nfams;
	struct hmap keymap, fammap;
};
#define REG_NUMBERING_INIT { NULL, NULL, 0, NULL, 0, HMAP_INIT, HMAP_INIT }
void reg_numbering_release(struct reg_numbering *n);
/* The next record in log order, under scheme, of the organisation cn and
 * (for a service) its id svc, integrated at integrated: out gets its
 * subject's number, "" when the scheme numbers none (schemes.json
 * "number") or the record names no subject. */
int reg_numbering_next(struct reg_numbering *n, const cJSON *schemes,
    const char *scheme, const char *cn, const char *svc, int64_t integrated,
    char out[REG_NUMBER_LEN]);
/* The registration number of the record at leaf (reg_entry.leaf), from
 * the whole log read once per handle: 0 ("" when it has none), or the
 * error of a record that could not be read (no number is then given, as
 * every later one could be wrong). */
int reg_number_at(struct reg *g, size_t leaf, char out[REG_NUMBER_LEN]);

/* --- for the site (registry/bulk.c): the whole registry, read-only -- */

/* The entry of leaf i of the log, 0 <= i < reg_size(g). */
int reg_entry_at(struct reg *g, size_t i, struct reg_entry *out);
/* Only the id and time of leaf i (no look for its file). */
int reg_leaf_at(struct reg *g, size_t i, char id[RECORD_ID_LEN],
    int64_t *integrated);
/* The HEAD commit as 40 hex digits ("" for an empty repository);
 * borrowed. */
const char *reg_head(struct reg *g);
/* The committed files under prefix that differ between commit rev and
 * HEAD, each "A path", "M path" or "D path" (free with reg_list_free);
 * INK_ENOTFOUND when rev is not a commit of this registry. */
int reg_diff(struct reg *g, const char *rev, const char *prefix, char ***out,
    size_t *n);
void reg_list_free(char **v, size_t n);
/* The git object id (hex) of a committed file or folder: 0, or
 * INK_ENOTFOUND. */
int reg_path_id(struct reg *g, const char *path, char hex[41]);
/* A file of the HEAD tree (e.g. a pinned catalogue), at most max bytes:
 * 0, INK_ENOTFOUND or an error. */
int reg_read_file(struct reg *g, const char *path, size_t max,
    struct buf *out);
/* The signed checkpoint, verified once, and the Merkle tree's levels
 * kept, so that each record's inclusion costs O(log n). */
struct reg_logcheck;
int reg_logcheck_open(struct reg *g, struct reg_logcheck **out);
void reg_logcheck_free(struct reg_logcheck *c);
/* 1 when the checkpoint verified and covers all n leaves, so that every
 * one of them is included (the Merkle tree is made from the log's own
 * leaves). */
int reg_logcheck_whole(const struct reg_logcheck *c, size_t n);
/* What reg_verify_envelope checks of a registered record, but its status:
 * signatures by the declared signers, their accreditation at integration
 * time and the scheme's rules (roots: checked as a chain by reg_open),
 * and inclusion in the signed log.  Problems go to probs. */
int reg_site_verify(struct reg *g, const struct reg_logcheck *c,
    const struct reg_entry *e, const struct dsse_envelope *env,
    const struct statement *st, struct problems *probs);

/* Whether key keyid, signing st in role, is accredited at time t for the
 * role and the record's scheme, and its accreditation vouches for the
 * names st gives the party it signs for (FORMAT.md 8.4): 0, or INK_ENO
 * with why naming the rule and the two names.  What `sign --registry`
 * asks before it writes. */
int reg_signer_vouches(struct reg *g, const struct statement *st,
    const char *keyid, const char *role, int64_t t, char *why, size_t len);

#endif
