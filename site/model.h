/*
 * What the site knows about a registry after one pass over its log: a
 * compact entry per record (verified, with its computed status), the
 * relations between records (status records, superseding records,
 * built_on), and the organisations, services, signers and list views
 * the pages are made of.  Everything is sorted, so the pages come out
 * the same for the same registry.  Full statements are not kept: a
 * record's own pages load it again.
 */
#ifndef INK_SITE_MODEL_H
#define INK_SITE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/record.h"
#include "kinds/kind.h"
#include "registry/registry.h"
#include "registry/workers.h"

#define S_NONE ((size_t)-1)

enum s_kind { SK_ROOT, SK_SIGNER, SK_AUDIT, SK_SCS, SK_STATUS, SK_OTHER };
/* The row of the table of record kinds for k; NULL for SK_OTHER. */
const struct record_kind *s_kind_row(enum s_kind k);

/* A text people read, in one or both languages (the same pointer twice
 * for a plain string). */
struct s_text {
	const char *ja, *en;
};

struct s_signer {
	const char *role, *keyid;
	struct s_text name;
	size_t ent;     /* the signer entity (keyid) */
	size_t acc;     /* the accreditation in force at integration */
};

struct s_list {
	const char **v;
	size_t n;
};

struct s_rec {
	char id[RECORD_ID_LEN];
	enum s_kind kind;
	const char *path;       /* the envelope's path in the registry */
	unsigned char fd[16];   /* the start of its file's SHA-256 */
	int reused;             /* taken from the last build (s_prev) */
	size_t leaf;
	int64_t integrated;
	/* Verification at build time: 0, or the worst problem's code. */
	int vcode;
	const char *problems;   /* one per line */
	/* Computed status (audits, assessments, accreditations). */
	int has_state;
	enum reg_state state;
	size_t by;              /* the record that caused it */
	const char *by_id;      /* its id (it may come later in the log) */
	const char *why;        /* the registry's own words (English) */
	const char *scheme, *level;
	const char *number;     /* the registration number, or NULL */
	struct s_text org;
	const char *corp;
	struct s_text svc;
	const char *svc_id;
	struct s_list models, deploy, regions;
	struct s_signer *signers;
	size_t nsigners;
	int has_validity;
	int64_t nb, na;
	struct s_text firm;
	/* The procurer's checklist, as plain text. */
	struct s_text c_location, c_law, c_commit;
	const char *category;   /* a service category (cyber-service) */
	struct s_list cat_options; /* ... and the category's options */
	/* A programme's list (schemes.json list_columns): the summary and
	 * reviewing body the record discloses, its registration and update
	 * dates (YYYY-MM-DD as the record gives them). */
	struct s_text summary, reviewer;
	const char *regdate, *upddate;
	struct s_text department; /* a certification's (seed 003) */
	size_t prereq_scs;      /* ... the ★4 it names, or S_NONE */
	const char *scope_kind; /* an assessment's scope */
	const char *overall;    /* an assessment's overall result */
	/* Corrective demands open at the build's time (status records,
	 * in log order; FORMAT.md 8.3), counted as the registry does. */
	size_t *demands;
	size_t ndemands;
	/* Status records. */
	int64_t deadline;       /* a corrective demand's, or 0 */
	const char *cfield, *cvalue; /* a correction's field and value */
	int64_t updated;        /* (audits, assessments) the last correction
	                         * applied to what the public reads, or 0 */
	size_t cites;           /* the demand a closure or revocation cites */
	const char *action, *reason_code;
	struct s_text reason;
	int64_t effective;
	size_t target;
	/* Accreditations. */
	struct s_text person;
	const char *keyid;
	struct s_list roles, schemes, quals;
	int64_t vfrom, vuntil;
	/* Roots. */
	int root_version;
	int64_t root_expires;
	/* Relations. */
	size_t supersedes;
	const char **bases;     /* the base services built_on names, by
	                         * their service keys (s_svc.key) */
	size_t nbases;
	size_t *built_on;       /* every record of those services */
	size_t nbuilt_on;
	size_t org_ent, svc_ent, signer_ent;
};

/* Reverse relations, as (to, from) pairs sorted by to then from. */
enum s_edge { SE_STATUS, SE_SUPERSEDED, SE_DEPENDANT, SE_SIGNED, SE_COUNT };

struct s_pairs {
	struct s_pair { size_t to, from; } *v;
	size_t n, cap;
};

struct s_org {
	const char *key, *corp;
	struct s_text name;
	size_t first, n;        /* records about it: in model->org_recs */
	size_t afirst, an;      /* accreditations naming it */
	size_t sfirst, sn;      /* its services: in model->org_svcs */
};

struct s_svc {
	const char *key, *svc_id;
	size_t org;
	struct s_text name;
	size_t first, n;        /* its records: in model->svc_recs */
	size_t latest;          /* the newest record */
};

struct s_signer_ent {
	const char *keyid;
	struct s_text person, org;
	size_t first, n;        /* accreditations: in model->signer_accs */
	size_t latest;
};

enum s_facet { SF_ALL, SF_STATUS, SF_SCHEME, SF_LEVEL, SF_MODEL, SF_DEPLOY,
	SF_EXPIRES, SF_COUNT };

struct s_view {
	const char *id;         /* file name stem, e.g. "scheme-scs-star3" */
	enum s_facet facet;
	const char *value;      /* the facet's value */
	const char *scheme;     /* for SF_LEVEL, and for a status within a
	                         * scheme: the scheme */
	int status;             /* -1, or the state this view narrows to */
	size_t first, n;        /* in model->view_recs */
};

struct s_model {
	struct s_rec *recs;
	size_t n;
	size_t nreused;         /* records taken from the last build */
	char catalogs[41];      /* the registry's catalogs/ tree, or "" */
	cJSON *schemes;         /* schemes.json */
	char name[1024];        /* the registry's name (log origin) */
	char head[64];          /* the HEAD commit */
	char checkpoint[4096], vkey[2048];
	/* The checkpoint with the cosignatures that verify over it (in
	 * the arena), or NULL. */
	const char *cosigned;
	/* The newest root's witnesses (cosigner verifier keys, in the
	 * arena) and their quorum, for verify.html. */
	const char *wvkeys[16];
	size_t nwit;
	int wquorum;
	int64_t at;
	int root_expired;
	size_t nproblems;       /* records that failed verification */
	int worst;              /* their worst code */
	struct s_pairs edges[SE_COUNT];
	struct s_org *orgs;
	size_t norgs;
	struct s_svc *svcs;
	size_t nsvcs;
	struct s_signer_ent *signers;
	size_t nsigners;
	struct s_view *views;
	size_t nviews;
	size_t *org_recs, *org_accs, *org_svcs, *svc_recs, *signer_accs;
	size_t *view_recs;
	struct arena *arena;
};

/* Progress of a long phase: what, done so far, total. */
typedef void (*site_progress_fn)(void *arg, const char *what, size_t done,
    size_t total);

/* The most threads the site builder uses. */
#define SITE_MAX_THREADS 16

/* What the last build kept of each record (site/cache.c stores it):
 * enough to take a record into the model again without reading,
 * parsing or verifying it. */
struct s_prev_row {
	const char *id, *path;
	int64_t integrated;
	unsigned char fd[16];
	int vcode;
	const char *problems;
	int has_state, state;
	const char *by_id, *why;
	const char *pred;
};

struct s_prev {
	const char *name, *head, *catalogs;
	int64_t at;             /* statuses were computed at */
	size_t n;
	const struct s_prev_row *rows;
};

/* Where model_build hands each record as it takes it in, in log order,
 * with its predicate: only the members the model reads, Markdown as the
 * plain text it made of it, as JSON (NULL when the record could not be
 * read).  A status is final only once model_build has returned. */
struct s_keeper {
	int (*row)(void *arg, const struct s_rec *r, const char *pred);
	void *arg;
};

/* One pass over the log at time at, verifying on w->n threads, each
 * reading through its own handle (w->g[0] is the calling thread's).
 * With prev (may be NULL), a record the last build took in is taken
 * from it when neither its file nor anything its verification rests on
 * can have changed, and its status is computed again only when a new
 * record or the time can have changed it. */
int model_build(struct s_model *m, const struct reg_workers *w,
    int64_t at, site_progress_fn progress, void *arg,
    const struct s_prev *prev, const struct s_keeper *keeper);
void model_release(struct s_model *m);

/* A text in lang, else in the other language; NULL when neither. */
const char *s_pick(struct s_text t, const char *lang);
/* The range of pairs with this to. */
void s_edges(const struct s_model *m, enum s_edge e, size_t to,
    size_t *first, size_t *n);
/* A scheme's entry in schemes.json, or NULL. */
const cJSON *s_scheme(const struct s_model *m, const char *id);
/* The scheme's name in lang (its id when unknown). */
const char *s_scheme_name(const struct s_model *m, const char *id,
    const char *lang);
/* The record's level in words ("レベル3", "★3"), or NULL. */
/* Whether r is a certification (its scheme's record_shape, seed 003's
 * new programme), and who certifies under its scheme (audit_body). */
int s_is_cert(const struct s_model *m, const struct s_rec *r);
const char *s_cert_body(const struct s_model *m, const struct s_rec *r,
    const char *lang);
const char *s_level_name(const struct s_model *m, const struct s_rec *r,
    const char *lang);
/* Is r a register entry (an audit or an assessment)? */
int s_is_entry(const struct s_rec *r);
/* A value as a file-name-safe part of a view id: letters, digits and
 * '-' as they are, anything else as "_xx" (hex). */
void s_slug(char *out, size_t len, const char *v);
/* A status as a part of a view id: its name with '-' for spaces. */
void s_state_slug(char *out, size_t len, enum reg_state s);
/* The view with id, or NULL. */
const struct s_view *s_view_find(const struct s_model *m, const char *id);
/* A name and the index of what it names, sorted by name then index
 * (s_named_cmp, for qsort) for the indexes of the site. */
struct s_named {
	const char *name;
	size_t ix;
};
int s_named_cmp(const void *a, const void *b);
/* The hex of a record id. */
#define S_HEX(r) ((r)->id + 7)

/* Strings kept for the life of the model. */
struct arena;
char *arena_strdup(struct arena *a, const char *s);
void *arena_alloc(struct arena *a, size_t n);

#endif
