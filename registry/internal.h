/*
 * What the registry's own files share: the in-memory state of an open
 * registry.  Not for use outside registry/.
 */
#ifndef INK_REGISTRY_INTERNAL_H
#define INK_REGISTRY_INTERNAL_H

#include "core/merkle.h"
#include "kinds/kind.h"
#include "registry/registry.h"
#include "registry/repo.h"

/* Leaves in one log, records in one add, and the depth of built_on
 * chains followed when computing a delisting cascade. */
#define REG_MAX_LEAVES 10000000
#define REG_MAX_BUILT_ON_DEPTH 16
#define REG_MAX_LINKS 10000
#define REG_MAX_FILE (8u * 1024 * 1024)
#define REG_MAX_LEAVES_FILE ((size_t)REG_MAX_LEAVES * 96)
/* Commits a reader walks back from an unsigned HEAD looking for the
 * last signed one before it fails. */
#define REG_MAX_UNSIGNED 1000
/* How far a signed_at may lie after the time the log integrates a
 * record (clocks of signers and operator differ). */
#define REG_CLOCK_SKEW 300

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

struct reg {
	struct repo *repo;
	int write;
	char *name, *op_name, *op_email;
	char *config_name;      /* the name inkan-registry.json gives, when it
	                         * differs from the root's (which wins) */
	struct reg_root *roots;
	size_t nroots;
	struct reg_leaf *leaves;
	unsigned char (*hashes)[MERKLE_HASH_LEN];
	size_t nleaves, cap, committed;
	size_t *map;            /* open addressing: leaf index + 1 */
	size_t mapcap;
	struct reg_file *files; /* staged files */
	size_t nfiles, fcap;
	size_t *fmap;           /* open addressing over files: index + 1 */
	size_t fmapcap;
	cJSON *schemes;
	EVP_PKEY *logkey;       /* the log key, once loaded */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	size_t nfiles_committed;/* record files at HEAD, counted once (+1) */
	cJSON *stindex;         /* target id -> [status record ids], built
	                         * from the status records themselves */
	struct pubkey **keys;   /* accredited public keys seen, by keyid */
	char **pems;            /* the PEM each of keys was read from */
	size_t nkeys;
	cJSON *stcache;         /* id -> {"integrated","leaf","kind","path",
	                         * "st"}: accreditations and status records,
	                         * read again and again by lookups */
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

/* registry.c */
const char *reg_kind_dir(const char *predicate_type);
void reg_record_path(char out[128], const char *kind, const char *id);
int reg_leaf_find(const struct reg *g, const char *id, size_t *index);
int reg_leaf_append(struct reg *g, const char *id, int64_t t);
/* Staged-or-committed contents of path (INK_ENOTFOUND when absent). */
int reg_file_read(struct reg *g, const char *path, struct buf *out);
int reg_file_put(struct reg *g, const char *path, const void *data,
    size_t len);
int reg_file_append_line(struct reg *g, const char *path, const char *line);
/* The root in force for the record at log position leaf: the newest root
 * before it in the log (nleaves for a record being added). */
const struct reg_root *reg_root_at(const struct reg *g, size_t leaf);
int reg_operator_check(struct reg *g, const struct dsse_envelope *env,
    size_t leaf, struct problems *p);
int reg_load_log_key(struct reg *g, EVP_PKEY **out);
int reg_tree_root(const struct reg *g, size_t size,
    unsigned char out[MERKLE_HASH_LEN]);
/* Loads log/leaves if a lazy reader has not yet (every caller that walks
 * the leaves or their hashes first). */
int reg_full(struct reg *g);
/* The inclusion proof of leaf in the tree of size leaves, from the hash
 * tiles (log/tile). */
int reg_tile_proof(struct reg *g, size_t leaf, size_t size,
    unsigned char (**proof)[MERKLE_HASH_LEN], size_t *n);
/* registry verify: log/tile and log/index against log/leaves. */
void reg_audit_log_files(struct reg *g, struct problems *p, cJSON *counts);

/* policy.c */
/* Record files under records/ (names only; nothing is read). */
size_t reg_count_files(struct reg *g);
int reg_root_rolled_back(struct reg *g);
int reg_check_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding,
    struct problems *p);
int reg_sign_stage(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    cJSON *statement, char id_out[RECORD_ID_LEN], struct problems *p);

#endif
