/*
 * Inside the site's model (model.c, model_read.c, model_util.c): the
 * string map the model is indexed by, and what a pass over the log
 * carries while it reads records.
 */
#ifndef INK_SITE_MODEL_INT_H
#define INK_SITE_MODEL_INT_H

#include <stddef.h>

#include "core/hashmap.h"
#include "site/model.h"

/* The keys are borrowed (they must outlive the map); the hash index
 * maps each key's hash to its position in keys and vals. */
struct smap {
	struct hmap h;
	const char **keys;
	size_t *vals;
	size_t n, cap;
};

size_t smap_get(const struct smap *m, const char *key);
/* Adds key with val, or sets the value of key when it is there already;
 * 0 or INK_EINPUT. */
int smap_put(struct smap *m, const char *key, size_t val);
void smap_free(struct smap *m);

struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Pairs (to, from) of an edge, sorted and sliced per target. */
int s_pairs_add(struct s_pairs *p, size_t to, size_t from);
void s_pairs_sort(struct s_pairs *p);
int s_pairs_slices(struct s_pairs *p, size_t **out, void *groups,
    size_t ngroups, size_t stride, size_t first_off, size_t count_off);

struct ctx {
	struct s_model *m;
	struct reg *g;
	struct reg_logcheck *logcheck;
	struct smap ids, orgs, svcs, signers, views;
	size_t cap_orgs, cap_svcs, cap_signers, cap_views;
	/* The record being read is one the last build kept: its Markdown
	 * texts are plain text already. */
	int plain_kept;
	const struct s_keeper *keeper;
	/* Accreditations per signer entity, in log order. */
	struct s_pairs accs;
	size_t **ent_accs;
	size_t *ent_naccs;
};

#define A(s) arena_strdup(c->m->arena, (s))

/* model_read.c: what the model takes of each kind of record. */
size_t model_id_index(struct ctx *c, const char *id);
void model_read_audit(struct ctx *c, struct s_rec *r, const cJSON *pr);
void model_read_scs(struct ctx *c, struct s_rec *r, const cJSON *pr);
void model_read_status(struct ctx *c, struct s_rec *r, const cJSON *pr);
void model_read_signer(struct ctx *c, struct s_rec *r, const cJSON *pr);
void model_read_root(struct s_rec *r, const cJSON *pr);
void model_join_problems(struct ctx *c, struct s_rec *r,
    const struct problems *p);

#endif
