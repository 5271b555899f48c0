/*
 * What the registry's own files share: the in-memory state of an open
 * registry.  Not for use outside registry/.
 */
#ifndef INK_REGISTRY_INTERNAL_H
#define INK_REGISTRY_INTERNAL_H

#include "core/catalog.h"
#include "core/hashmap.h"
#include "core/merkle.h"
#include "kinds/kind.h"
#include "registry/registry.h"
#include "registry/repo.h"

/* Leaves in one log, records in one add, and the depth of built_on
 * chains followed when computing a delisting cascade. */
#define REG_MAX_LEAVES 10000000
#define REG_MAX_LINKS 10000
#define REG_MAX_FILE (8u * 1024 * 1024)
#define REG_MAX_LEAVES_FILE ((size_t)REG_MAX_LEAVES * 96)
/* Commits a reader walks back from an unsigned HEAD looking for the
 * last signed one before it fails. */
#define REG_MAX_UNSIGNED 1000
/* How far a signed_at may lie after the time the log integrates a
 * record (clocks of signers and operator differ). */
#define REG_CLOCK_SKEW 300
/* log/cosignatures, which a reader takes from a clone: its bytes and
 * lines (one a witness is what a writer stores; REG_MAX_WITNESSES). */
#define REG_MAX_COSIG_FILE (32u * 1024)
#define REG_MAX_COSIG_LINES 64

#define CONFIG_PATH "inkan-registry.json"
#define LEAVES_PATH "log/leaves"
#define CHECKPOINT_PATH "log/checkpoint"

/* Short names of the predicate types (kinds/kind.h). */
#define ROOT_TYPE KIND_ROOT_TYPE
#define SIGNER_TYPE KIND_SIGNER_TYPE
#define STATUS_TYPE KIND_STATUS_TYPE
#define AUDIT_TYPE KIND_AUDIT_TYPE
#define SCS_TYPE KIND_SCS_TYPE

struct reg_root {
	int version;
	int64_t expires;
	int threshold;
	struct pubkey **ops;
	size_t nops;
	struct pubkey *logkey;
	char **witnesses;       /* cosigner vkeys (type 0x04) */
	size_t nwitnesses;
	int quorum;
	char id[RECORD_ID_LEN];
};

struct reg_leaf {
	char id[RECORD_ID_LEN];
	int64_t time;
};

struct reg_file {
	char *path;
	struct buf data;
};

struct reg_stcached {
	cJSON *root;            /* the parsed Statement */
	struct reg_entry e;
};

struct reg_acckey {
	char keyid[65];
	char **ids;             /* what signers/<keyid> lists */
	size_t n;
	unsigned gen;           /* the signers_gen it was read at */
	char **party;           /* bind_party of each for party_role (NULL:
	                         * none, or the record cannot be read) */
	unsigned char *have;    /* party[i] was computed */
	char party_role[32];
};

struct reg_svcmemo {
	char *key;              /* services/<cn>/<sid>@<at>:<bases> */
	int rc;
	struct reg_status s;
};

struct reg {
	struct repo *repo;
	int write;
	int recosign;            /* reg_recosign: commit fresh cosignatures */
	int64_t now;            /* the time of the command (reg_set_now): every
	                         * change through this handle is dated by it */
	char *name, *op_name, *op_email;
	char *config_name;      /* the name inkan-registry.json gives, when it
	                         * differs from the root's (which wins) */
	struct reg_root *roots;
	size_t nroots;
	struct reg_leaf *leaves;
	unsigned char (*hashes)[MERKLE_HASH_LEN];
	size_t nleaves, cap, committed;
	struct hmap map;        /* leaf id -> leaf index */
	struct reg_file *files; /* staged files */
	size_t nfiles, fcap;
	struct hmap fmap;       /* staged path -> index in files */
	cJSON *schemes;
	struct catalog_source catalogs; /* the pinned ones (reg_catalogs) */
	EVP_PKEY *logkey;       /* the log key, once loaded */
	struct buf wreport;     /* what the last commit's witnesses said
	                         * (reg_witness_report) */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	size_t nfiles_committed;/* record files at HEAD, counted once (+1) */
	cJSON *stindex;         /* target id -> [status record ids], built
	                         * from the status records themselves */
	struct pubkey **keys;   /* accredited public keys seen, by keyid */
	char **pems;            /* the PEM each of keys was read from */
	size_t nkeys;
	/* Accreditations and status records, read again and again by
	 * lookups (every record asks for its signers' accreditations): the
	 * parsed statement and the log entry of each, found by id in
	 * stmap, for the handle's life (records never change). */
	struct reg_stcached *stc;
	size_t nstc, capstc;
	struct hmap stmap;
	unsigned staged_gen;    /* moves on with every staged file */
	unsigned signers_gen;   /* ... and with every staged signers/ file */
	struct reg_svcmemo *svcmemo; /* services' statuses asked for, until
	                         * the next staged change (lookup.c) */
	size_t nsvcmemo, capsvcmemo;
	unsigned svcmemo_gen;   /* the staged_gen they were computed at */
	struct hmap svcmemomap;
	char svcstack[REG_MAX_BUILT_ON_DEPTH + 2][160]; /* the services whose
	                         * status is being computed, outermost first */
	int nsvcstack;
	struct reg_acckey *acck;/* the accreditations of each key asked for */
	size_t nacck, capacck, acck_last; /* (the one acc_ids gave last) */
	struct hmap acckmap;
	struct reg_numbering numbering; /* registration numbers given */
	char (*numv)[REG_NUMBER_LEN]; /* the number of each leaf read */
	size_t nnumv;           /* leaves numbered so far */
	struct reg_lazy *lazy;  /* a reader that has not loaded log/leaves:
	                         * lookups through log/index and log/tile,
	                         * each checked against the signed checkpoint
	                         * (registry.c); NULL once loaded */
	char *log_error;        /* why loading log/leaves later failed */
	int mode;               /* enum reg_mode */
	int head_signed;        /* the commit read carries the log key's
	                         * signature */
	size_t nunsigned;       /* commits on HEAD past the commit read (or,
	                         * REG_AUDIT, past the last signed one) */
	char signed_hex[41];    /* the last signed commit */
	char *unsigned_what;    /* one line: the unsigned commits, the first
	                         * of them and what it changed */
};

/* registry.c: opening and lookups */
/* The handle's time, for a change: INK_EINPUT when none was given. */
int reg_now(const struct reg *g, int64_t *out);
const char *reg_kind_dir(const char *predicate_type);
void reg_record_path(char out[128], const char *kind, const char *id);

/* staged.c */
/* The staged file at path, or NULL. */
struct reg_file *reg_staged(struct reg *g, const char *path);
/* Staged-or-committed contents of path (INK_ENOTFOUND when absent). */
int reg_file_read(struct reg *g, const char *path, struct buf *out);
int reg_file_put(struct reg *g, const char *path, const void *data,
    size_t len);
int reg_file_append_line(struct reg *g, const char *path, const char *line);

/* cosign.c: asks each witness that has an address (.git/inkan/witnesses)
 * to cosign note, the checkpoint this commit signs, and stages
 * log/cosignatures with every line that cosigns it; what each witness
 * said goes to the report.  Fails only when it cannot stage. */
int reg_cosign_collect(struct reg *g, const struct buf *note);

/* log.c */
int reg_leaf_find(const struct reg *g, const char *id, size_t *index);
int reg_leaf_append(struct reg *g, const char *id, int64_t t);
/* Reads log/leaves into the leaves (none when there is no log yet). */
int reg_leaves_load(struct reg *g);
int reg_tree_root(const struct reg *g, size_t size,
    unsigned char out[MERKLE_HASH_LEN]);
/* Loads log/leaves if a lazy reader has not yet (every caller that walks
 * the leaves or their hashes first). */
int reg_full(struct reg *g);
/* The inclusion proof of leaf in the tree of size leaves, from the hash
 * tiles (log/tile). */
int reg_tile_proof(struct reg *g, size_t leaf, size_t size,
    unsigned char (**proof)[MERKLE_HASH_LEN], size_t *n);
/* Whether the HEAD commit carries logkey's SSH signature. */
int reg_head_signed(struct reg *g, const struct pubkey *logkey);
/* Makes g a lazy reader when the signed checkpoint, the tiles and HEAD
 * allow it: 1, or 0 (then log/leaves must be loaded). */
int reg_lazy_open(struct reg *g);
/* Leaf and time of record id, proved from the tiles and the index. */
int reg_lazy_find(struct reg *g, const char *id, size_t *leaf, int64_t *t);
void reg_lazy_free(struct reg_lazy *z);
/* Stages the tiles and index entries of the leaves not yet committed. */
int reg_log_stage(struct reg *g);
/* registry verify: log/tile and log/index against log/leaves. */
void reg_audit_log_files(struct reg *g, struct problems *p, cJSON *counts);
/* Record files under records/ (names only; nothing is read). */
size_t reg_count_files(struct reg *g);
/* Where this machine keeps the checkpoint it signed last (outside the
 * clone). */
void reg_saved_checkpoint_path(struct reg *g, char out[4096]);

/* roots.c */
void reg_root_release(struct reg_root *r);
int reg_root_parse(struct reg_root *r, const struct statement *st,
    int version);
/* Reads and checks the root chain (root/N.root.json). */
int reg_roots_load(struct reg *g);
/* The root in force for the record at log position leaf: the newest root
 * before it in the log (nleaves for a record being added). */
const struct reg_root *reg_root_at(const struct reg *g, size_t leaf);
int reg_operator_check(struct reg *g, const struct dsse_envelope *env,
    size_t leaf, struct problems *p);
/* The number of keys among keys[0..n) that signed env. */
size_t reg_count_signers(const struct dsse_envelope *env,
    struct pubkey *const *keys, size_t n);
/* The statement of root version version. */
int reg_root_statement(cJSON **out, const char *name, int version,
    int64_t expires, struct pubkey *const *ops, size_t nops, int threshold,
    const struct pubkey *logkey, const struct reg_witnesses *witnesses);
int reg_root_rolled_back(struct reg *g);

/* write.c */
int reg_load_log_key(struct reg *g, EVP_PKEY **out);

/* lookup.c */
/* The statement (and entry) of registered record id. */
int reg_statement_load(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e);
/* The same, kept for the handle's life whatever its kind (a base
 * service's records, asked again for each record built on it). */
int reg_statement_keep(struct reg *g, const char *id, struct statement *st,
    struct reg_entry *e);
/* links/<aa>/<hex> of record id, and the ids such a file lists. */
void reg_links_path(char out[128], const char *id);
int reg_ids_read(struct reg *g, const char *path, char ***out, size_t *n);
/* services/<cn>/<sid>, or "" when cn or sid could not name a
 * file (13 digits; 1-128 of A-Z a-z 0-9 . _ - not starting with . or -). */
void reg_services_path(char out[160], const char *cn, const char *sid);
int reg_service_key_ok(const char *cn, const char *sid);
/* The corporate number and service id an audit's statement gives. */
void reg_service_of(const struct statement *st, const char **cn,
    const char **sid);
/* The statuses reg_service_status computed: found by key, kept, and all
 * forgotten (also after any staged change). */
const struct reg_svcmemo *reg_services_memo(struct reg *g, const char *key);
void reg_services_memo_put(struct reg *g, const char *key, int rc,
    const struct reg_status *s);
void reg_services_forget(struct reg *g);
/* The accreditation ids signers/<keyid> lists (lent), and the party id
 * (kinds/bind.h) of the i-th of them for role, of the key asked last. */
int reg_acc_ids(struct reg *g, const char *keyid, char ***ids, size_t *n);
const char *reg_acc_party(struct reg *g, size_t i, const char *role);

/* status.c */
/* The status of record id at time at (depth: built_on records followed
 * so far). */
int reg_status_at(struct reg *g, const char *id, int64_t at,
    struct reg_status *out, int depth);
/* The family of the scheme st is under ("soc2" for both types), or its
 * id when the schemes say none (buf holds an SCS scheme's id). */
const char *reg_scheme_family(struct reg *g, const struct statement *st,
    char *buf, size_t len);
/* The base services a record of st's scheme may be built on: the
 * scheme's "bases" (scheme ids), or NULL when it names none. */
const cJSON *reg_scheme_bases(struct reg *g, const struct statement *st);
/* Whether the scheme of st sets the boolean key (schemes.json). */
int reg_scheme_flag(struct reg *g, const struct statement *st,
    const char *key);
/* Whether the service cn/sid has a registration in force at time at
 * under one of the schemes bases lists: out->state REG_ACTIVE and out->by
 * that record; else the state, since and by of its newest registration
 * under them; INK_ENOTFOUND when it has none, INK_ELOG when its index
 * names a record of another service. */
int reg_service_status(struct reg *g, const char *cn, const char *sid,
    const cJSON *bases, int64_t at, int depth, struct reg_status *out);
/* The service built_on entry b names (an object {corporate_number,
 * service_id}, or the record id of one of its audits): 0, or INK_ENO
 * with why. */
int reg_built_on_service(struct reg *g, const cJSON *b, char cn[16],
    char sid[136], char *why, size_t len);
/* The status of a record from what it is built on (status_of, when its
 * own status is active): REG_DELISTED when a base service has no
 * registration in force. */
int reg_built_on_status(struct reg *g, const struct statement *st,
    int64_t at, int depth, struct reg_status *out);
/* The status of a certification from its prerequisites (status_of,
 * when it is otherwise active; schemes.json "prerequisites"): REG_DELISTED
 * with code PREREQUISITE-LAPSED and why naming the one lost. */
int reg_prerequisite_status(struct reg *g, const struct statement *st,
    int64_t at, int depth, struct reg_status *out);
/* The key keyid accredited for role and scheme at time t, into out, or
 * INK_ENO with why.  With rec, the accreditation must also vouch for the
 * names rec gives the party the key signs for (kinds/bind.h). */
int reg_accredited_key(struct reg *g, const char *keyid, const char *role,
    const char *scheme, const struct statement *rec, int64_t t,
    struct pubkey **out, char *why, size_t whylen);
/* The scheme a record is under (buf holds a computed one), or NULL. */
const char *reg_record_scheme(const struct statement *st, char *buf,
    size_t len);
/* Whether st may supersede record old (same subject); why says what
 * differs. */
int reg_same_subject(struct reg *g, const struct statement *st,
    const char *old, char *why, size_t whylen);

/* rules.c */
/* The catalogue a record names (id NULL: none). */
void reg_record_catalog(const struct statement *st, const char **id,
    const char **version);
/* Stages catalogs/<id>@<version>.json unless the registry has it. */
int reg_catalog_pin(struct reg *g, const char *id, const char *version,
    struct problems *p);
int reg_check_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding,
    struct problems *p);

#endif
