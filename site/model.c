/*
 * The site's model of a registry (see model.h): one pass over the log,
 * in log order, verifying every record as it is read; then the reverse
 * relations, the organisations, services, signers and list views, each
 * by one sort.  O(n log n) in the number of records, with memory for a
 * compact entry per record only.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "site/model_int.h"
#include "site/out.h"

/* What the verifying threads find about one record: its entry, its
 * parsed envelope and statement, its problems and its computed status.
 * Nothing here depends on the records before it, so records are
 * verified in batches on every core and then taken into the model in log
 * order by one thread. */
struct vslot {
	int rc;                 /* the entry could not be read */
	char err[512];          /* its message */
	struct reg_entry e;
	unsigned char fd[SHA256_LEN];
	struct dsse_envelope env;
	struct statement st;
	int loaded;             /* env and st are there */
	struct problems p;
	int has_state;
	struct reg_status s;
	int kept;               /* taken from the last build */
	const char *kept_pred;  /* then: its kept predicate */
};

/* The site's kinds (the numbers enter the cache's digests) against the
 * rows of the table of record kinds. */
static const enum s_kind sk_of_row[KIND_COUNT] = {
	[KIND_AUDIT] = SK_AUDIT, [KIND_SCS] = SK_SCS,
	[KIND_STATUS] = SK_STATUS, [KIND_SIGNER] = SK_SIGNER,
	[KIND_ROOT] = SK_ROOT
};

const struct record_kind *
s_kind_row(enum s_kind k)
{
	for (size_t i = 0; i < KIND_COUNT; i++)
		if (sk_of_row[i] == k)
			return kind_at(i);
	return NULL;
}

static enum s_kind
kind_of(const char *kind)
{
	const struct record_kind *k = kind_by_name(kind);

	return k ? sk_of_row[k->id] : SK_OTHER;
}

/* The kind of a record from its path in the registry (static). */
static const char *
kind_name(const char *path)
{
	const struct record_kind *k;

	if (strncmp(path, "root/", 5) == 0)
		return "root";
	for (size_t i = 0; (k = kind_at(i)) != NULL; i++)
		if (k->in_records && strncmp(path, "records/", 8) == 0 &&
		    strncmp(path + 8, k->name, strlen(k->name)) == 0 &&
		    path[8 + strlen(k->name)] == '/')
			return k->name;
	return "other";
}

static void
verify_slot(struct reg *g, const struct reg_logcheck *lc, size_t i,
    int64_t at, struct vslot *v)
{
	enum s_kind k;

	memset(v, 0, sizeof(*v));
	v->env = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	v->st = (struct statement)STATEMENT_INIT;
	v->p = (struct problems)PROBLEMS_INIT;
	if ((v->rc = reg_entry_at(g, i, &v->e)) != 0) {
		snprintf(v->err, sizeof(v->err), "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	k = kind_of(v->e.kind);
	if (reg_load_digest(g, &v->e, &v->env, v->fd) != 0 ||
	    statement_parse(&v->st, v->env.payload, v->env.payload_len,
	    &v->p) != 0) {
		problems_add(&v->p, INK_EINPUT, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	v->loaded = 1;
	reg_site_verify(g, lc, &v->e, &v->env, &v->st, &v->p);
	if (k == SK_AUDIT || k == SK_SCS || k == SK_SIGNER) {
		if (reg_status_of_loaded(g, &v->e, &v->st, at, &v->s) == 0)
			v->has_state = 1;
		else
			/* Not shown as active: as a record that fails. */
			problems_add(&v->p, INK_ELOG, "status: %s",
			    ink_error_last());
	}
	ink_error_clear();
}

static void
vslot_release(struct vslot *v)
{
	problems_release(&v->p);
	statement_release(&v->st);
	dsse_envelope_release(&v->env);
}

/* --- what the next build keeps -------------------------------------- */

/* The members of each kind's predicate the read_* functions above read
 * ("a.b": member b of object a; "a[].b": member b of each element of
 * array a); keep them in step. */
static const char *const keep_audit[] = { "scheme", "level",
	"organisation.name", "organisation.corporate_number", "service.name",
	"service.id", "service.models[].model", "service.deployment_models",
	"service.regions", "audit_firm.name", "service_category.id",
	"validity.not_before", "validity.not_after", "signers[].role",
	"signers[].keyid", "signers[].name", "supersedes", "built_on",
	"service_category.options", "registration_date", "update_date",
	"certification.department",
	"certification.prerequisites.scs_assessment", NULL };
static const char *const keep_scs[] = { "scheme", "level",
	"organisation.name", "organisation.corporate_number", "scope.kind",
	"results.overall", "validity.not_before", "validity.not_after",
	"signers[].role", "signers[].keyid", "signers[].name", "supersedes",
	NULL };
static const char *const keep_status[] = { "action", "reason_code",
	"reason", "effective_at", "target", "deadline", "cites",
	"correction.field", "correction.value", NULL };
static const char *const keep_signer[] = { "person.name",
	"organisation.name", "organisation.corporate_number", "key.keyid",
	"roles", "schemes", "qualifications[].name", "valid_from",
	"valid_until", "audit_firm.name", NULL };
static const char *const keep_root[] = { "version", "expires", NULL };

/* Copies what path names of src into dst (objects), making the objects
 * and arrays on the way; an element of an array that is not an object
 * is kept as null (the readers skip it either way). */
static int
keep_path(cJSON *dst, const cJSON *src, const char *path)
{
	size_t len = strcspn(path, ".[");
	char name[64];
	const cJSON *v;
	cJSON *d;

	if (len >= sizeof(name))
		return -1;
	memcpy(name, path, len);
	name[len] = '\0';
	if ((v = json_get(src, name)) == NULL)
		return 0;
	d = cJSON_GetObjectItemCaseSensitive(dst, name);
	if (path[len] == '\0')
		return d || cJSON_AddItemToObject(dst, name,
		    cJSON_Duplicate(v, 1)) ? 0 : -1;
	if (path[len] == '.') {
		if (!cJSON_IsObject(v))
			return 0;
		if (d == NULL && (d = cJSON_AddObjectToObject(dst, name)) == NULL)
			return -1;
		return keep_path(d, v, path + len + 1);
	}
	if (strncmp(path + len, "[].", 3) != 0 || !cJSON_IsArray(v))
		return 0;
	if (d == NULL) {
		const cJSON *e;
		if ((d = cJSON_AddArrayToObject(dst, name)) == NULL)
			return -1;
		cJSON_ArrayForEach(e, v)
			if (!cJSON_AddItemToArray(d, cJSON_IsObject(e) ?
			    cJSON_CreateObject() : cJSON_CreateNull()))
				return -1;
	}
	{
		const cJSON *e;
		cJSON *de = d->child;
		cJSON_ArrayForEach(e, v) {
			if (de == NULL)
				return -1;
			if (cJSON_IsObject(e) && keep_path(de, e, path + len + 3) != 0)
				return -1;
			de = de->next;
		}
	}
	return 0;
}

/* A text as JSON (a string when both languages are the one string). */
static int
keep_text(cJSON *dst, const char *name, struct s_text t)
{
	cJSON *o;

	if (t.ja == NULL && t.en == NULL)
		return 0;
	if (t.ja == t.en)
		return cJSON_AddStringToObject(dst, name, t.ja) ? 0 : -1;
	if ((o = cJSON_AddObjectToObject(dst, name)) == NULL ||
	    (t.ja && cJSON_AddStringToObject(o, "ja", t.ja) == NULL) ||
	    (t.en && cJSON_AddStringToObject(o, "en", t.en) == NULL))
		return -1;
	return 0;
}

/* What read_* read of the record, its Markdown as the plain text they
 * made of it, as JSON (to free), or NULL when out of memory. */
static char *
kept_pred(const struct s_rec *r, const struct vslot *v)
{
	const char *const *keys = r->kind == SK_AUDIT ? keep_audit :
	    r->kind == SK_SCS ? keep_scs : r->kind == SK_STATUS ? keep_status :
	    r->kind == SK_SIGNER ? keep_signer : r->kind == SK_ROOT ?
	    keep_root : NULL;
	cJSON *o = cJSON_CreateObject(), *d;
	char *txt = NULL;
	int bad = o == NULL;

	for (size_t i = 0; !bad && keys && keys[i]; i++)
		bad = keep_path(o, v->st.predicate, keys[i]) != 0;
	if (!bad && r->kind == SK_AUDIT) {
		bad = (d = cJSON_AddObjectToObject(o, "public_disclosures")) ==
		    NULL || keep_text(d, "data-location-regions",
		    r->c_location) != 0 || keep_text(d,
		    "governing-law-and-jurisdiction", r->c_law) != 0 ||
		    keep_text(d, "service-summary", r->summary) != 0 ||
		    keep_text(d, "reviewing-body", r->reviewer) != 0 ||
		    keep_text(o, "principal_commitments", r->c_commit) != 0;
	}
	if (!bad && !json_alloc_failed())
		txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return txt;
}

/* Hands record r to the keeper, with what the next build needs. */
static int
keep_row(struct ctx *c, const struct s_rec *r, const struct vslot *v)
{
	char *made = NULL;
	const char *pred = NULL;
	int rc;

	if (c->keeper == NULL)
		return 0;
	if (v->kept)
		pred = v->kept_pred;
	else if (v->loaded && (pred = made = kept_pred(r, v)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	rc = c->keeper->row(c->keeper->arg, r, pred);
	free(made);
	return rc;
}

/* The slot of a record the last build kept, as verify_slot would have
 * made it then: its statement is the kept predicate. */
static int
kept_slot(const struct s_prev_row *row, size_t i, struct vslot *v)
{
	memset(v, 0, sizeof(*v));
	v->env = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	v->st = (struct statement)STATEMENT_INIT;
	v->p = (struct problems)PROBLEMS_INIT;
	if ((v->st.root = cJSON_Parse(row->pred)) == NULL ||
	    !cJSON_IsObject(v->st.root)) {
		cJSON_Delete(v->st.root);
		v->st.root = NULL;
		return -1;
	}
	v->st.predicate = v->st.root;
	snprintf(v->e.id, sizeof(v->e.id), "%s", row->id);
	snprintf(v->e.path, sizeof(v->e.path), "%s", row->path);
	v->e.kind = kind_name(row->path);
	v->e.leaf = i;
	v->e.integrated = row->integrated;
	memcpy(v->fd, row->fd, sizeof(row->fd));
	v->loaded = 1;
	v->kept = 1;
	v->kept_pred = row->pred;
	for (const char *q = row->problems; q && *q; ) {
		size_t n = strcspn(q, "\n");
		problems_add(&v->p, row->vcode ? row->vcode : INK_ENO, "%.*s",
		    (int)n, q);
		q += n + (q[n] == '\n');
	}
	if (row->has_state) {
		v->has_state = 1;
		v->s.state = (enum reg_state)row->state;
		snprintf(v->s.by, sizeof(v->s.by), "%s", row->by_id ?
		    row->by_id : "");
		snprintf(v->s.why, sizeof(v->s.why), "%s", row->why ?
		    row->why : "");
	}
	ink_error_clear();
	return 0;
}

/* Takes the verified record i into the model, in log order. */
static int
read_record(struct ctx *c, size_t i, struct vslot *v)
{
	struct s_model *m = c->m;
	struct s_rec *r = &m->recs[i];
	const struct reg_entry *e = &v->e;
	int rc;

	memset(r, 0, sizeof(*r));
	r->leaf = i;
	r->by = r->target = r->supersedes = r->prereq_scs = S_NONE;
	r->org_ent = r->svc_ent = r->signer_ent = S_NONE;
	if (v->rc != 0)
		return ink_error(v->rc, "%s", v->err);
	snprintf(r->id, sizeof(r->id), "%s", e->id);
	r->integrated = e->integrated;
	memcpy(r->fd, v->fd, sizeof(r->fd));
	if ((r->path = A(e->path)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = smap_put(&c->ids, r->id, i)) != 0)
		return rc;
	r->kind = kind_of(e->kind);
	r->reused = v->kept;
	c->plain_kept = v->kept;
	if (v->loaded) {
		switch (r->kind) {
		case SK_AUDIT: model_read_audit(c, r, v->st.predicate); break;
		case SK_SCS: model_read_scs(c, r, v->st.predicate); break;
		case SK_STATUS: model_read_status(c, r, v->st.predicate); break;
		case SK_SIGNER: model_read_signer(c, r, v->st.predicate); break;
		case SK_ROOT: model_read_root(r, v->st.predicate); break;
		default: break;
		}
		if (v->has_state) {
			r->has_state = 1;
			r->state = v->s.state;
			r->by_id = v->s.by[0] ? A(v->s.by) : NULL;
			r->why = v->s.why[0] ? A(v->s.why) : NULL;
		}
	}
	c->plain_kept = 0;
	ink_error_clear();
	if (v->p.n) {
		r->vcode = v->p.code ? v->p.code : INK_ENO;
		model_join_problems(c, r, &v->p);
		m->nproblems++;
		if (ink_error_rank(r->vcode) > ink_error_rank(m->worst))
			m->worst = r->vcode;
	}
	return keep_row(c, r, v);
}

/* The records verified on nthreads worker threads, each with its own
 * registry handle (libgit2 wants one repository per thread), and taken
 * into the model in log order on the calling thread as they come
 * (pool_run), with at most VWINDOW records between the two. */
#define VWINDOW 256

struct vrun {
	struct ctx *c;
	const struct reg_workers *w;
	const struct reg_logcheck *lc;
	int64_t at;
	size_t n;
	struct vslot *slots;
	const struct s_prev *prev;
	const unsigned char *keep;      /* per leaf: take it from prev */
	site_progress_fn progress;
	void *arg;
	int rc;                         /* the first read_record failure */
	char err[1024];                 /* its message */
};

static void
vrun_work(void *ctx, size_t i, size_t slot)
{
	struct vrun *r = ctx;

	if (r->keep && r->keep[i] &&
	    kept_slot(&r->prev->rows[i], i, &r->slots[slot]) == 0)
		return;
	verify_slot(reg_worker(r->w), r->lc, i, r->at, &r->slots[slot]);
}

static void
vrun_done(void *ctx, size_t i, size_t slot)
{
	struct vrun *r = ctx;
	struct vslot *v = &r->slots[slot];
	int rc;

	if (r->rc == 0) {
		if ((rc = read_record(r->c, i, v)) != 0) {
			r->rc = rc;
			snprintf(r->err, sizeof(r->err), "%s",
			    ink_error_last());
		} else
			r->c->m->n = i + 1;
	}
	r->c->m->nreused += v->kept;
	vslot_release(v);
	if (r->progress && ((i + 1) % VWINDOW == 0 || i + 1 == r->n))
		r->progress(r->arg, "verify", i + 1, r->n);
}

/* --- views, entities, relations ---------------------------------------- */

static int
view_add(struct ctx *c, struct s_pairs *members, const char *id,
    enum s_facet f, const char *scheme, const char *value, int status,
    size_t rec)
{
	struct s_model *m = c->m;
	size_t ix = smap_get(&c->views, id);

	if (ix == S_NONE) {
		struct s_view *v;
		if (m->nviews == c->cap_views) {
			size_t cap = c->cap_views ? c->cap_views * 2 : 64;
			if ((v = realloc(m->views, cap * sizeof(*v))) == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			m->views = v;
			c->cap_views = cap;
		}
		ix = m->nviews;
		v = &m->views[ix];
		memset(v, 0, sizeof(*v));
		v->id = A(id);
		v->facet = f;
		v->scheme = A(scheme);
		v->value = A(value);
		v->status = status;
		if (v->id == NULL || smap_put(&c->views, v->id, ix) != 0)
			return ink_error(INK_EINPUT, "out of memory");
		m->nviews++;
	}
	return s_pairs_add(members, ix, rec);
}

static int
views_of(struct ctx *c, struct s_pairs *mem, const struct s_rec *r)
{
	char id[512], st[32], sc[160], lv[64], v[160];
	int rc = 0, s = r->has_state ? (int)r->state : -1;
	const cJSON *scheme = s_scheme(c->m, r->scheme);

	rc |= view_add(c, mem, "all", SF_ALL, NULL, NULL, -1, r->leaf);
	if (r->has_state) {
		s_state_slug(st, sizeof(st), r->state);
		snprintf(id, sizeof(id), "status-%s", st);
		rc |= view_add(c, mem, id, SF_STATUS, NULL, NULL, s, r->leaf);
	}
	if (r->scheme) {
		s_slug(sc, sizeof(sc), r->scheme);
		snprintf(id, sizeof(id), "scheme-%s", sc);
		rc |= view_add(c, mem, id, SF_SCHEME, r->scheme, r->scheme, -1,
		    r->leaf);
		if (r->has_state) {
			snprintf(id, sizeof(id), "scheme-%s-status-%s", sc, st);
			rc |= view_add(c, mem, id, SF_SCHEME, r->scheme,
			    r->scheme, s, r->leaf);
		}
		/* A level's view lists the records at that level and, where
		 * the scheme says a higher level implies the lower ones
		 * (schemes.json implies_lower, seed 001 note 11), those at
		 * the levels above it: the scheme's levels are lowest first,
		 * so every level up to the record's own. */
		const cJSON *lvl, *levels = json_get(scheme, "levels");
		int implies = cJSON_IsTrue(json_get(scheme, "implies_lower"));
		if (r->level == NULL)
			levels = NULL;
		cJSON_ArrayForEach(lvl, levels) {
			int own;
			if (!cJSON_IsString(lvl))
				continue;
			own = strcmp(lvl->valuestring, r->level) == 0;
			if (!own && !implies)
				continue;
			s_slug(lv, sizeof(lv), lvl->valuestring);
			snprintf(id, sizeof(id), "level-%s-%s", sc, lv);
			rc |= view_add(c, mem, id, SF_LEVEL, r->scheme,
			    lvl->valuestring, -1, r->leaf);
			if (r->has_state) {
				snprintf(id, sizeof(id), "level-%s-%s-status-%s",
				    sc, lv, st);
				rc |= view_add(c, mem, id, SF_LEVEL, r->scheme,
				    lvl->valuestring, s, r->leaf);
			}
			if (own)
				break;
		}
	}
	for (size_t i = 0; i < r->models.n; i++) {
		s_slug(v, sizeof(v), r->models.v[i]);
		snprintf(id, sizeof(id), "model-%s", v);
		rc |= view_add(c, mem, id, SF_MODEL, NULL, r->models.v[i], -1,
		    r->leaf);
	}
	for (size_t i = 0; i < r->deploy.n; i++) {
		s_slug(v, sizeof(v), r->deploy.v[i]);
		snprintf(id, sizeof(id), "deploy-%s", v);
		rc |= view_add(c, mem, id, SF_DEPLOY, NULL, r->deploy.v[i], -1,
		    r->leaf);
	}
	if (r->has_validity && r->na > r->nb) {
		char day[11];
		site_jst_day(day, r->na - 1);
		day[4] = '\0';
		snprintf(id, sizeof(id), "expires-%s", day);
		rc |= view_add(c, mem, id, SF_EXPIRES, NULL, day, -1, r->leaf);
	}
	return rc ? INK_EINPUT : 0;
}

/* Registration numbers, counted in log order as every clone counts them
 * (registry/numbering.c): the registry's `list` and `show` give the
 * same. */
static int
number(struct ctx *c)
{
	struct s_model *m = c->m;
	struct reg_numbering nb = REG_NUMBERING_INIT;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		struct s_rec *r = &m->recs[i];
		char num[REG_NUMBER_LEN], sc[32];
		const char *scheme = r->scheme;
		r->number = NULL;
		if (r->kind != SK_AUDIT && r->kind != SK_SCS)
			continue;
		if (scheme == NULL && r->kind == SK_SCS && r->level) {
			snprintf(sc, sizeof(sc), "scs-star%s", r->level);
			scheme = sc;
		}
		rc = reg_numbering_next(&nb, m->schemes, scheme, r->corp,
		    r->kind == SK_AUDIT ? r->svc_id : NULL, r->integrated, num);
		if (rc == 0 && num[0] && (r->number = A(num)) == NULL)
			rc = ink_error(INK_EINPUT, "out of memory");
	}
	reg_numbering_release(&nb);
	return rc;
}

/* The corrective demands open on each record at the build's time: made
 * (effective by then), not closed by a corrective-closed that cites
 * them, in log order -- the registry's rule (registry/status.c
 * apply_links), here over the model's status records. */
static int
demands(struct ctx *c)
{
	struct s_model *m = c->m;

	for (size_t i = 0; i < m->n; i++)
		m->recs[i].ndemands = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		if (r->kind == SK_STATUS && r->target != S_NONE && r->action &&
		    strcmp(r->action, "corrective-demand") == 0)
			m->recs[r->target].ndemands++;
	}
	for (size_t i = 0; i < m->n; i++) {
		struct s_rec *r = &m->recs[i];
		r->demands = NULL;
		if (r->ndemands && (r->demands = arena_alloc(m->arena,
		    r->ndemands * sizeof(*r->demands))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		r->ndemands = 0;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		struct s_rec *t;
		if (r->kind != SK_STATUS || r->target == S_NONE ||
		    r->action == NULL || r->effective > m->at)
			continue;
		t = &m->recs[r->target];
		if (strcmp(r->action, "corrective-demand") == 0)
			t->demands[t->ndemands++] = i;
		else if (strcmp(r->action, "corrective-closed") == 0)
			for (size_t k = 0; k < t->ndemands; k++)
				if (t->demands[k] == r->cites) {
					memmove(&t->demands[k], &t->demands[k + 1],
					    (t->ndemands - k - 1) *
					    sizeof(t->demands[0]));
					t->ndemands--;
					break;
				}
	}
	return 0;
}

/* Change notifications (FORMAT.md 8.3): each correction in effect at the
 * build's time, in log order, sets the field the public reads on its
 * target -- the record's own page and rows, and the service's name
 * where the record is the service's latest -- and its 更新日. The
 * record's history keeps the old value (its own bytes, and the
 * correction records). */
static int
corrections(struct ctx *c)
{
	struct s_model *m = c->m;

	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		struct s_rec *t;
		const char *f = r->cfield, *v = r->cvalue;
		if (r->kind != SK_STATUS || r->target == S_NONE || !r->action ||
		    strcmp(r->action, "correct") != 0 || r->effective > m->at ||
		    !f || !v)
			continue;
		t = &m->recs[r->target];
		if (t->kind != SK_AUDIT)
			continue;
		if (strcmp(f, "service.name.ja") == 0)
			t->svc.ja = v;
		else if (strcmp(f, "service.name.en") == 0)
			t->svc.en = v;
		else if (strcmp(f, "service_summary.ja") == 0)
			t->summary.ja = v;
		else if (strcmp(f, "service_summary.en") == 0)
			t->summary.en = v;
		else if (strcmp(f, "service.regions") == 0) {
			/* "; " between regions, as register.csv lists them */
			size_t n = 1, k = 0;
			char *dup = A(v), *save = NULL, *w;
			for (const char *q = v; *q; q++)
				n += *q == ';';
			if (dup == NULL || (t->regions.v = arena_alloc(m->arena,
			    n * sizeof(*t->regions.v))) == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			for (w = strtok_r(dup, ";", &save); w && k < n;
			    w = strtok_r(NULL, ";", &save)) {
				while (*w == ' ')
					w++;
				if (*w)
					t->regions.v[k++] = w;
			}
			t->regions.n = k;
		} else
			continue;
		t->updated = r->effective;
		if (t->svc_ent != S_NONE && m->svcs[t->svc_ent].latest == r->target)
			m->svcs[t->svc_ent].name = t->svc;
	}
	return 0;
}

static int
relate(struct ctx *c)
{
	struct s_model *m = c->m;
	struct s_pairs org_recs = { 0 }, org_accs = { 0 }, org_svcs = { 0 };
	struct s_pairs svc_recs = { 0 }, views = { 0 };
	size_t total = 0, *flat = NULL;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		struct s_rec *r = &m->recs[i];
		r->by = model_id_index(c, r->by_id);
		if (r->kind == SK_STATUS && r->target != S_NONE)
			rc = s_pairs_add(&m->edges[SE_STATUS], r->target, i);
		if (rc == 0 && r->supersedes != S_NONE)
			rc = s_pairs_add(&m->edges[SE_SUPERSEDED], r->supersedes, i);
		if (rc == 0 && r->org_ent != S_NONE)
			rc = s_pairs_add(r->kind == SK_SIGNER ? &org_accs :
			    &org_recs, r->org_ent, i);
		if (rc == 0 && r->svc_ent != S_NONE)
			rc = s_pairs_add(&svc_recs, r->svc_ent, i);
		if (rc == 0 && s_is_entry(r))
			rc = views_of(c, &views, r);
	}
	for (size_t s = 0; rc == 0 && s < m->nsvcs; s++)
		rc = s_pairs_add(&org_svcs, m->svcs[s].org, s);
	if (rc == 0)
		rc = number(c);
	if (rc == 0)
		rc = demands(c);
	if (rc == 0)
		rc = corrections(c);
	for (int e = 0; e < SE_COUNT; e++)
		s_pairs_sort(&m->edges[e]);
	if (rc == 0)
		rc = s_pairs_slices(&org_recs, &m->org_recs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, first),
		    offsetof(struct s_org, n));
	if (rc == 0)
		rc = s_pairs_slices(&org_accs, &m->org_accs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, afirst),
		    offsetof(struct s_org, an));
	if (rc == 0)
		rc = s_pairs_slices(&org_svcs, &m->org_svcs, m->orgs, m->norgs,
		    sizeof(*m->orgs), offsetof(struct s_org, sfirst),
		    offsetof(struct s_org, sn));
	if (rc == 0)
		rc = s_pairs_slices(&svc_recs, &m->svc_recs, m->svcs, m->nsvcs,
		    sizeof(*m->svcs), offsetof(struct s_svc, first),
		    offsetof(struct s_svc, n));
	/* Built on a service: on every record of it (its re-audits too). */
	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		struct s_rec *r = &m->recs[i];
		size_t nb = 0;
		for (size_t k = 0; k < r->nbases; k++) {
			size_t s = smap_get(&c->svcs, r->bases[k]);
			nb += s == S_NONE ? 0 : m->svcs[s].n;
		}
		r->nbuilt_on = 0;
		if (nb == 0)
			continue;
		if ((r->built_on = arena_alloc(m->arena, nb *
		    sizeof(*r->built_on))) == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		for (size_t k = 0; k < r->nbases; k++) {
			size_t s = smap_get(&c->svcs, r->bases[k]);
			for (size_t j = 0; s != S_NONE && j < m->svcs[s].n; j++) {
				size_t b = m->svc_recs[m->svcs[s].first + j];
				if (b != i && r->nbuilt_on < nb) {
					r->built_on[r->nbuilt_on++] = b;
					rc |= s_pairs_add(&m->edges[SE_DEPENDANT],
					    b, i);
				}
			}
		}
	}
	s_pairs_sort(&m->edges[SE_DEPENDANT]);
	if (rc == 0)
		rc = s_pairs_slices(&views, &m->view_recs, m->views, m->nviews,
		    sizeof(*m->views), offsetof(struct s_view, first),
		    offsetof(struct s_view, n));
	/* Accreditations per signer, already in log order. */
	for (size_t s = 0; s < m->nsigners; s++)
		total += c->ent_naccs[s];
	if (rc == 0 && (flat = malloc((total + 1) * sizeof(*flat))) == NULL)
		rc = ink_error(INK_EINPUT, "out of memory");
	for (size_t s = 0, k = 0; rc == 0 && s < m->nsigners; s++) {
		m->signers[s].first = k;
		m->signers[s].n = c->ent_naccs[s];
		for (size_t j = 0; j < c->ent_naccs[s]; j++)
			flat[k++] = c->ent_accs[s][j];
	}
	m->signer_accs = flat;
	free(org_recs.v);
	free(org_accs.v);
	free(org_svcs.v);
	free(svc_recs.v);
	free(views.v);
	return rc;
}

/* --- taking records from the last build ------------------------------ */

/* The hex of the record a registry path names (records/<kind>/<xx>/
 * <hex>.dsse.json, links/<xx>/<hex>), or NULL. */
static const char *
path_hex(const char *path, char out[65])
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (strspn(b, "0123456789abcdef") != 64 ||
	    (b[64] != '\0' && strcmp(b + 64, ".dsse.json") != 0))
		return NULL;
	memcpy(out, b, 64);
	out[64] = '\0';
	return out;
}

/* Which records to take from prev: *keep[i] for each leaf, and
 * *restate[i] for those whose status must be computed again because
 * the registry's index of what changed their status did.  None (both
 * NULL) unless the registry only grew by audits and assessments since
 * the last build: any other change (a status, accreditation or root
 * record, a catalogue, a record's file edited, the log rewritten) can
 * change what the verification of earlier records rests on, and then
 * every record is verified again. */
static int
plan_keep(struct ctx *c, const struct reg_logcheck *lc,
    const struct s_prev *prev, size_t n, unsigned char **keep,
    unsigned char **restate)
{
	struct reg *g = c->g;
	struct smap fresh = { 0 }, touched = { 0 };
	char **ch = NULL, hex[65];
	size_t nch = 0;
	unsigned char *k = NULL, *st = NULL;
	int ok = 0, rc = 0;

	*keep = *restate = NULL;
	if (prev == NULL || prev->n == 0 || prev->n > n ||
	    strcmp(prev->name, c->m->name) != 0 ||
	    strcmp(prev->catalogs, c->m->catalogs) != 0 ||
	    !reg_logcheck_whole(lc, n))
		return 0;
	for (size_t i = prev->n; i < n; i++) {
		struct reg_entry e;
		if (reg_entry_at(g, i, &e) != 0 || kind_by_name(e.kind) == NULL ||
		    kind_by_name(e.kind)->check == NULL)
			goto done;
		if (smap_put(&fresh, arena_strdup(c->m->arena, e.id + 7), i) != 0)
			goto oom;
	}
	if (reg_diff(g, prev->head, NULL, &ch, &nch) != 0)
		goto done;
	for (size_t i = 0; i < nch; i++) {
		const char *path = ch[i] + 2;
		if (strncmp(path, "log/", 4) == 0)
			continue;
		/* (a new audit's line in its service's index: the record
		 * is new, and what is built on the service follows it) */
		if (strncmp(path, "services/", 9) == 0)
			continue;
		if (strncmp(path, "links/", 6) == 0 && path_hex(path, hex)) {
			if (smap_put(&touched, arena_strdup(c->m->arena, hex), 0) != 0)
				goto oom;
			continue;
		}
		if (ch[i][0] == 'A' && strncmp(path, "records/", 8) == 0 &&
		    path_hex(path, hex) && smap_get(&fresh, hex) != S_NONE)
			continue;
		goto done;
	}
	if ((k = calloc(n + 1, 1)) == NULL || (st = calloc(n + 1, 1)) == NULL)
		goto oom;
	for (size_t i = 0; i < prev->n; i++) {
		char id[RECORD_ID_LEN];
		int64_t t;
		if (reg_leaf_at(g, i, id, &t) != 0 ||
		    strcmp(id, prev->rows[i].id) != 0 ||
		    t != prev->rows[i].integrated)
			goto done;
		k[i] = 1;
		st[i] = smap_get(&touched, id + 7) != S_NONE;
	}
	ok = 1;
	goto done;
oom:
	rc = ink_error(INK_EINPUT, "out of memory");
done:
	ink_error_clear();
	if (ok) {
		*keep = k;
		*restate = st;
	} else {
		free(k);
		free(st);
	}
	if (ch)
		reg_list_free(ch, nch);
	smap_free(&fresh);
	smap_free(&touched);
	return rc;
}

struct restate_job {
	struct s_model *m;
	const struct reg_workers *w;
	const size_t *recs;
	int64_t at;
	struct reg_status *out;
	int *ok;
};

static int
restate_one(void *ctx, unsigned t, size_t k)
{
	struct restate_job *j = ctx;

	(void)t;
	j->ok[k] = reg_status_of(reg_worker(j->w), j->m->recs[j->recs[k]].id, j->at,
	    &j->out[k]) == 0;
	ink_error_clear();
	return 0;
}

/* Computes again the status of the records taken from the last build
 * that a new record or the time can have changed: those a new record
 * supersedes or is about, those whose index of status changes changed
 * (restate), those with a time their status turns on (registration,
 * validity, a superseding record's registration, a status change's
 * effect) between the last build's time and this one's, and every
 * record built on one of those. */
static int
restate(struct ctx *c, const struct reg_workers *w,
    const struct s_prev *prev, unsigned char *dirty, int64_t at)
{
	struct s_model *m = c->m;
	int64_t lo = prev->at < at ? prev->at : at;
	int64_t hi = prev->at < at ? at : prev->at;
	int timed = lo != hi, rc = 0;
	size_t *recs = NULL, nr = 0;
	struct reg_status *out = NULL;
	unsigned char *svc_dirty;
	int *ok = NULL;

#define IN(t) (timed && lo <= (t) && (t) <= hi)
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		if (IN(r->integrated) || IN(r->nb) || IN(r->na))
			dirty[i] = 1;
		if (r->supersedes != S_NONE && (!r->reused || IN(r->integrated)))
			dirty[r->supersedes] = 1;
		if (r->kind == SK_STATUS && r->target != S_NONE &&
		    (!r->reused || IN(r->effective)))
			dirty[r->target] = 1;
	}
#undef IN
	/* A new record of a base service (a re-audit, a renewal) changes
	 * what is built on it; and a base's records may come after what is
	 * built on it in the log (its re-audits), so this runs until nothing
	 * changes (at most the depth of built_on, plus one). */
	for (size_t i = 0; i < m->n; i++)
		if (!m->recs[i].reused)
			dirty[i] = 1;
	if ((svc_dirty = calloc(m->nsvcs + 1, 1)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (int round = 0, more = 1; more &&
	    round <= REG_MAX_BUILT_ON_DEPTH + 1; round++) {
		more = 0;
		for (size_t i = 0; i < m->n; i++)
			if (dirty[i] && m->recs[i].svc_ent != S_NONE)
				svc_dirty[m->recs[i].svc_ent] = 1;
		for (size_t i = 0; i < m->n; i++)
			for (size_t k = 0; !dirty[i] && k < m->recs[i].nbases;
			    k++) {
				size_t sv = smap_get(&c->svcs,
				    m->recs[i].bases[k]);
				if (sv != S_NONE && svc_dirty[sv])
					dirty[i] = more = 1;
			}
	}
	free(svc_dirty);
	for (size_t i = 0; i < m->n; i++)
		nr += dirty[i] && m->recs[i].reused;
	if (nr == 0)
		return 0;
	if ((recs = malloc(nr * sizeof(*recs))) == NULL ||
	    (out = calloc(nr, sizeof(*out))) == NULL ||
	    (ok = calloc(nr, sizeof(*ok))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	nr = 0;
	for (size_t i = 0; i < m->n; i++)
		if (dirty[i] && m->recs[i].reused)
			recs[nr++] = i;
	{
		struct restate_job j = { m, w, recs, at, out, ok };
		struct pool_for_job job = { nr, restate_one, NULL, &j };
		(void)pool_for(&job, w->n);
	}
	for (size_t k = 0; k < nr; k++) {
		struct s_rec *r = &m->recs[recs[k]];
		if (r->kind != SK_AUDIT && r->kind != SK_SCS &&
		    r->kind != SK_SIGNER)
			continue;
		/* A status that cannot be computed is never shown as one:
		 * the build fails closed. */
		if (!ok[k]) {
			rc = ink_error(INK_ELOG, "the status of %s cannot be "
			    "computed", r->id);
			goto cleanup;
		}
		r->has_state = ok[k];
		r->state = ok[k] ? out[k].state : 0;
		r->by_id = ok[k] && out[k].by[0] ? A(out[k].by) : NULL;
		r->why = ok[k] && out[k].why[0] ? A(out[k].why) : NULL;
	}
cleanup:
	free(recs);
	free(out);
	free(ok);
	return rc;
}

int
model_build(struct s_model *m, const struct reg_workers *w, int64_t at,
    site_progress_fn progress, void *arg, const struct s_prev *prev,
    const struct s_keeper *keeper)
{
	struct reg *g = w->g[0];
	struct ctx c;
	struct buf b;
	struct vslot *slots = NULL;
	unsigned char *keep = NULL, *dirty = NULL;
	size_t n = reg_size(g);
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.g = g;
	c.keeper = keeper;
	m->at = at;
	if ((m->arena = arena_new()) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = scheme_doc_load(&m->schemes)) != 0)
		goto cleanup;
	snprintf(m->name, sizeof(m->name), "%s", reg_name(g));
	snprintf(m->head, sizeof(m->head), "%s", reg_head(g));
	if (reg_checkpoint(g, &b) == 0) {
		snprintf(m->checkpoint, sizeof(m->checkpoint), "%s",
		    buf_str(&b));
		buf_release(&b);
	}
	/* (reg_checkpoint inits b whether it succeeds or not.) */
	if (reg_cosigned_checkpoint(g, &b) == 0)
		m->cosigned = arena_strdup(m->arena, buf_str(&b));
	buf_release(&b);
	if (reg_log_vkey(g, &b) == 0) {
		snprintf(m->vkey, sizeof(m->vkey), "%s", buf_str(&b));
		buf_release(&b);
	}
	{
		struct reg_witnesses rw;
		reg_root_witnesses(g, &rw);
		for (size_t i = 0; i < rw.n && m->nwit < 16; i++)
			m->wvkeys[m->nwit++] = arena_strdup(m->arena,
			    rw.vkeys[i]);
		m->wquorum = rw.quorum;
	}
	if (reg_path_id(g, "catalogs", m->catalogs) != 0)
		m->catalogs[0] = '\0';
	ink_error_clear();
	/* The pages also show the installed scheme data (scheme names,
	 * reason labels): the cache key holds it too, so that a new
	 * schemes.json or reasons.json remakes the pages that show it. */
	{
		struct buf d = BUF_INIT(SITE_MAX_FILE);
		const cJSON *reasons = NULL;
		char hex[SHA256_HEX];
		if (buf_adds(&d, m->catalogs) == 0 &&
		    json_canon(&d, m->schemes) == 0 &&
		    (reasons_doc_get(&reasons) != 0 ||
		    json_canon(&d, reasons) == 0)) {
			sha256_hex(hex, d.data, d.len);
			snprintf(m->catalogs, sizeof(m->catalogs), "%.40s", hex);
		}
		ink_error_clear();
		buf_release(&d);
	}
	if ((rc = reg_logcheck_open(g, &c.logcheck)) != 0 ||
	    (rc = plan_keep(&c, c.logcheck, prev, n, &keep, &dirty)) != 0)
		goto cleanup;
	if (n && (m->recs = calloc(n, sizeof(*m->recs))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if (n && (slots = calloc(VWINDOW, sizeof(*slots))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if (n) {
		struct vrun r = { &c, w, c.logcheck, at, n, slots, prev, keep,
			progress, arg, 0, "" };
		struct pool_job job = { n, VWINDOW, vrun_work, vrun_done, &r };
		pool_run(&job, w->n);
		if (r.rc != 0) {
			rc = ink_error(r.rc, "%s", r.err);
			goto cleanup;
		}
	}
	for (size_t i = n; i-- > 0;)
		if (m->recs[i].kind == SK_ROOT) {
			m->root_expired = m->recs[i].root_expires <= at;
			break;
		}
	if (keep && (rc = restate(&c, w, prev, dirty, at)) != 0)
		goto cleanup;
	rc = relate(&c);
cleanup:
	free(slots);
	free(keep);
	free(dirty);
	reg_logcheck_free(c.logcheck);
	smap_free(&c.ids);
	smap_free(&c.orgs);
	smap_free(&c.svcs);
	smap_free(&c.signers);
	smap_free(&c.views);
	for (size_t s = 0; s < m->nsigners; s++)
		free(c.ent_accs[s]);
	free(c.ent_accs);
	free(c.ent_naccs);
	return rc;
}

void
model_release(struct s_model *m)
{
	free(m->recs);
	cJSON_Delete(m->schemes);
	for (int e = 0; e < SE_COUNT; e++)
		free(m->edges[e].v);
	free(m->orgs);
	free(m->svcs);
	free(m->signers);
	free(m->views);
	free(m->org_recs);
	free(m->org_accs);
	free(m->org_svcs);
	free(m->svc_recs);
	free(m->signer_accs);
	free(m->view_recs);
	arena_free(m->arena);
	memset(m, 0, sizeof(*m));
}
