/*
 * Reading the whole registry: the audit anyone can run on a clone
 * (registry verify), and the list and show views.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/note.h"
#include "core/pool.h"
#include "core/timefmt.h"
#include "registry/internal.h"
#include "registry/workers.h"

static int
verify_note(struct reg *g, const struct buf *cp, struct note_checkpoint *c,
    struct problems *p, const char *what)
{
	size_t textlen = 0;
	int ok = 0;

	/* Any root's log key: an old checkpoint may predate a rotation. */
	for (size_t i = g->nroots; i-- > 0 && !ok;) {
		struct note_vkey vk = NOTE_VKEY_INIT;
		struct buf vks = BUF_INIT(NOTE_MAX_VKEY + 2);
		if (note_vkey_format(&vks, g->name, g->roots[i].logkey) == 0 &&
		    note_vkey_parse(&vk, (const char *)vks.data, vks.len) == 0 &&
		    note_verify(&textlen, (const char *)cp->data, cp->len, &vk,
		    1) == 0)
			ok = 1;
		note_vkey_release(&vk);
		buf_release(&vks);
	}
	if (!ok) {
		problems_add(p, INK_ELOG, "%s: not signed by the log key of '%s': "
		    "%s", what, g->name, ink_error_last());
		return INK_ELOG;
	}
	if (note_checkpoint_parse(c, (const char *)cp->data, textlen) != 0) {
		problems_add(p, INK_ELOG, "%s: %s", what, ink_error_last());
		return INK_ELOG;
	}
	if (strcmp(c->origin, g->name) != 0) {
		problems_add(p, INK_ELOG, "%s: origin '%s' is not this registry "
		    "('%s')", what, c->origin, g->name);
		return INK_ELOG;
	}
	return 0;
}

static void
audit_checkpoints(struct reg *g, const char *since, struct problems *p,
    cJSON *counts)
{
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	unsigned char root[MERKLE_HASH_LEN];
	struct buf cp;

	if (reg_checkpoint(g, &cp) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		return;
	}
	if (verify_note(g, &cp, &c, p, "log/checkpoint") == 0) {
		if (c.size != g->nleaves)
			problems_add(p, INK_ELOG, "log/checkpoint covers %llu "
			    "leaves; log/leaves has %zu",
			    (unsigned long long)c.size, g->nleaves);
		else if (reg_tree_root(g, g->nleaves, root) != 0 ||
		    memcmp(root, c.root, MERKLE_HASH_LEN) != 0)
			problems_add(p, INK_ELOG, "log/checkpoint's root hash is "
			    "not the tree of log/leaves");
		else
			cJSON_AddNumberToObject(counts, "checkpoint_size",
			    (double)c.size);
	}
	note_checkpoint_release(&c);
	buf_release(&cp);
	if (since == NULL)
		return;
	/* Consistency with a checkpoint held from before: the log it signed
	 * must be a prefix of this one. */
	struct buf old;
	struct note_checkpoint oc = NOTE_CHECKPOINT_INIT;
	if (file_read(&old, since, NOTE_MAX_SIZE) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return;
	}
	if (verify_note(g, &old, &oc, p, since) == 0) {
		unsigned char (*proof)[MERKLE_HASH_LEN] = NULL, now[32];
		size_t n = 0;
		if (oc.size > g->nleaves)
			problems_add(p, INK_ELOG, "%s covers %llu leaves but the "
			    "log has only %zu: the history was rolled back", since,
			    (unsigned long long)oc.size, g->nleaves);
		else if (reg_tree_root(g, g->nleaves, now) != 0 ||
		    merkle_consistency_proof(&proof, &n,
		    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes, oc.size,
		    g->nleaves) != 0 ||
		    merkle_consistency_verify(oc.size, g->nleaves, oc.root, now,
		    (const unsigned char (*)[MERKLE_HASH_LEN])proof, n) != 0)
			problems_add(p, INK_ELOG, "the log is not an extension of "
			    "%s (size %llu): the history was rewritten", since,
			    (unsigned long long)oc.size);
		else
			cJSON_AddNumberToObject(counts, "consistent_with_size",
			    (double)oc.size);
		free(proof);
	}
	note_checkpoint_release(&oc);
	buf_release(&old);
}

/* Every record file must be a leaf of the log, and nothing else may be
 * under records/: no stray file, folder or symbolic link. */
static void
audit_files(struct reg *g, struct problems *p, size_t *files)
{
	const struct record_kind *kd;
	char **top = NULL;
	size_t ntop = 0;

	if (repo_list(&top, &ntop, g->repo, "records") == 0) {
		for (size_t i = 0; i < ntop; i++) {
			const struct record_kind *k = kind_by_name(top[i]);
			if (k == NULL || !k->in_records)
				problems_add(p, INK_ENO, "records/%s is not a kind of "
				    "record", top[i]);
		}
		repo_list_free(top, ntop);
	} else {
		problems_add(p, INK_ENO, "%s", ink_error_last());
	}
	for (size_t d = 0; (kd = kind_at(d)) != NULL; d++) {
		char path[128], **sub = NULL;
		size_t ns = 0;
		if (!kd->in_records)
			continue;
		snprintf(path, sizeof(path), "records/%s", kd->name);
		if (repo_list(&sub, &ns, g->repo, path) != 0) {
			problems_add(p, INK_ENO, "%s", ink_error_last());
			continue;
		}
		for (size_t i = 0; i < ns; i++) {
			char **names = NULL, sp[160];
			size_t nn = 0;
			snprintf(sp, sizeof(sp), "%s/%s", path, sub[i]);
			if (strlen(sub[i]) != 2 ||
			    strspn(sub[i], "0123456789abcdef") != 2 ||
			    repo_list(&names, &nn, g->repo, sp) != 0) {
				problems_add(p, INK_ENO, "'%s' is not a folder of "
				    "records", sp);
				ink_error_clear();
				continue;
			}
			for (size_t j = 0; j < nn; j++) {
				char id[RECORD_ID_LEN + 16], fp[300];
				size_t leaf;
				(*files)++;
				snprintf(id, sizeof(id), "sha256:%.64s", names[j]);
				snprintf(fp, sizeof(fp), "%s/%s", sp, names[j]);
				if (strlen(names[j]) != 64 + 10 ||
				    strcmp(names[j] + 64, ".dsse.json") != 0 ||
				    strncmp(names[j], sub[i], 2) != 0 ||
				    reg_leaf_find(g, id, &leaf) != 0)
					problems_add(p, INK_ELOG, "%s is not a "
					    "record of the log", fp);
				else if (!repo_is_file(g->repo, fp))
					problems_add(p, INK_ENO, "%s is not a regular "
					    "file", fp);
				ink_error_clear();
			}
			repo_list_free(names, nn);
		}
		repo_list_free(sub, ns);
	}
}

/* No record, root or leaf is ever edited or deleted in the history. */
static void
audit_history(struct reg *g, struct problems *p, size_t *commits)
{
	char **revs = NULL;
	size_t n = 0;
	struct buf head = BUF_INIT(0);

	if (repo_history(&revs, &n, g->repo) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return;
	}
	*commits = n;
	if (repo_read(&head, g->repo, "log/leaves", REG_MAX_LEAVES_FILE) != 0)
		buf_init(&head, 0);
	for (size_t i = 0; i < n; i++) {
		char **ch = NULL;
		size_t nc = 0;
		if (repo_changes(&ch, &nc, g->repo, revs[i]) != 0) {
			problems_add(p, INK_EINPUT, "%s", ink_error_last());
			continue;
		}
		for (size_t k = 0; k < nc; k++) {
			const char *path = ch[k] + 2;
			char kind = ch[k][0];
			int kept = strncmp(path, "records/", 8) == 0 ||
			    strncmp(path, "root/", 5) == 0 ||
			    strncmp(path, "log/", 4) == 0 ||
			    strncmp(path, "signers/", 8) == 0 ||
			    strncmp(path, "links/", 6) == 0 ||
			    strncmp(path, "services/", 9) == 0;
			if (kind == 'D' && kept)
				problems_add(p, strncmp(path, "root/", 5) == 0 ?
				    INK_EROOT : INK_ENO, "commit %.12s deletes '%s'%s",
				    revs[i], path, strncmp(path, "root/", 5) == 0 ?
				    ": the trust root was rolled back" : "");
			if (kind == 'M' && strncmp(path, "root/", 5) == 0)
				problems_add(p, INK_EROOT, "commit %.12s edits '%s'",
				    revs[i], path);
			if (kind == 'M' && strcmp(path, "log/leaves") == 0) {
				struct buf was;
				/* Every earlier log is a prefix of today's. */
				if (repo_read_at(&was, g->repo, revs[i], path,
				    REG_MAX_LEAVES_FILE) == 0 &&
				    (was.len > head.len ||
				    memcmp(was.data, head.data, was.len) != 0))
					problems_add(p, INK_ELOG, "commit %.12s: "
					    "log/leaves is not a prefix of today's "
					    "log", revs[i]);
				buf_release(&was);
			}
			if (kind == 'M' && strncmp(path, "records/", 8) == 0 &&
			    i + 1 < n) {
				/* Only signatures may be added to a record. */
				struct buf a, b;
				struct dsse_envelope ea = DSSE_ENVELOPE_INIT;
				struct dsse_envelope eb = DSSE_ENVELOPE_INIT;
				int ok = repo_read_at(&a, g->repo, revs[i + 1], path,
				    INK_MAX_ENVELOPE) == 0 &&
				    repo_read_at(&b, g->repo, revs[i], path,
				    INK_MAX_ENVELOPE) == 0 &&
				    dsse_envelope_parse(&ea, (const char *)a.data,
				    a.len) == 0 &&
				    dsse_envelope_parse(&eb, (const char *)b.data,
				    b.len) == 0 &&
				    ea.payload_len == eb.payload_len &&
				    memcmp(ea.payload, eb.payload, ea.payload_len) == 0 &&
				    eb.nsigs >= ea.nsigs;
				for (size_t s = 0; ok && s < ea.nsigs; s++) {
					int found = 0;
					for (size_t t = 0; t < eb.nsigs && !found; t++)
						found = ea.sigs[s].sig_len ==
						    eb.sigs[t].sig_len &&
						    memcmp(ea.sigs[s].sig, eb.sigs[t].sig,
						    ea.sigs[s].sig_len) == 0;
					ok = found;
				}
				if (!ok)
					problems_add(p, INK_ENO, "commit %.12s edits "
					    "'%s' beyond adding signatures", revs[i],
					    path);
				dsse_envelope_release(&ea);
				dsse_envelope_release(&eb);
				buf_release(&a);
				buf_release(&b);
			}
		}
		repo_list_free(ch, nc);
	}
	buf_release(&head);
	repo_list_free(revs, n);
}

/* The indexes (links/, signers/, services/) as the records say they
 * must be, found by path through map. */
struct index_file {
	char path[160];
	struct buf text;
};

struct index_set {
	struct index_file *v;
	size_t n;
	struct hmap map;
	int full;       /* an entry could not be kept: the audit fails */
};

static int
same_index(const void *ctx, size_t val, const void *key)
{
	const struct index_set *x = ctx;

	return strcmp(x->v[val].path, key) == 0;
}

static int
index_known(const struct index_set *x, const char *path)
{
	return hmap_get(&x->map, hmap_str(path), same_index, x, path) !=
	    HMAP_NONE;
}

static void
index_add(struct index_set *x, const char *path, const char *id)
{
	struct index_file *f = NULL, *nv;
	size_t ix = hmap_get(&x->map, hmap_str(path), same_index, x, path);

	if (ix != HMAP_NONE)
		f = &x->v[ix];
	if (f == NULL) {
		/* (room doubles at each power of two) */
		if ((x->n & (x->n - 1)) == 0) {
			if ((nv = realloc(x->v, (x->n ? 2 * x->n : 1) *
			    sizeof(*nv))) == NULL) {
				x->full = 1;
				return;
			}
			x->v = nv;
		}
		if (hmap_put(&x->map, hmap_str(path), x->n) != 0) {
			x->full = 1;
			return;
		}
		f = &x->v[x->n++];
		snprintf(f->path, sizeof(f->path), "%s", path);
		buf_init(&f->text, REG_MAX_FILE);
	}
	if (buf_addf(&f->text, "%s\n", id) != 0)
		x->full = 1;
}

static void
index_expect(struct index_set *x, const struct statement *st, const char *id)
{
	char path[128];
	const char *s;

	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 &&
	    (s = json_get_str(st->predicate, "target")) && strlen(s) > 9) {
		snprintf(path, sizeof(path), "links/%.2s/%s", s + 7, s + 7);
		index_add(x, path, id);
	}
	if ((s = json_get_str(st->predicate, "supersedes")) && strlen(s) > 9) {
		snprintf(path, sizeof(path), "links/%.2s/%s", s + 7, s + 7);
		index_add(x, path, id);
	}
	if (strcmp(st->predicate_type, SIGNER_TYPE) == 0 &&
	    (s = json_get_str(json_get(st->predicate, "key"), "keyid"))) {
		snprintf(path, sizeof(path), "signers/%s", s);
		index_add(x, path, id);
	}
	if (strcmp(st->predicate_type, AUDIT_TYPE) == 0) {
		char sp[160];
		reg_services_path(sp, json_get_str(json_get(st->predicate,
		    "organisation"), "corporate_number"), json_get_str(
		    json_get(st->predicate, "service"), "id"));
		if (*sp)
			index_add(x, sp, id);
	}
}

/* The first id an index file's text b lists that is not a leaf of the
 * log, or NULL (b's lines are cut into strings). */
static const char *
first_stray(struct reg *g, struct buf *b)
{
	char *q = (char *)b->data, *end = (char *)b->data + b->len, *nl;
	size_t leaf;

	for (; q < end && (nl = memchr(q, '\n', (size_t)(end - q))) != NULL;
	    q = nl + 1) {
		*nl = '\0';
		if (reg_leaf_find(g, q, &leaf) != 0)
			return q;
	}
	return NULL;
}

/* An index file no record calls for: a transparency failure when it
 * names a record the log does not hold, else an edited index. */
static void
index_unknown(struct reg *g, const char *path, struct problems *p)
{
	struct buf b = BUF_INIT(REG_MAX_FILE);
	const char *stray = NULL;

	if (repo_read(&b, g->repo, path, REG_MAX_FILE) == 0)
		stray = first_stray(g, &b);
	else
		ink_error_clear();
	if (stray)
		problems_add(p, INK_ELOG, "index '%s' names %.80s, which is not "
		    "in the log", path, stray);
	else
		problems_add(p, INK_ENO, "index '%s' indexes no record", path);
	buf_release(&b);
}

/* Every index file holds exactly what the records say, and no other
 * index file exists: a revocation cannot be hidden by editing one. */
static void
audit_indexes(struct reg *g, struct index_set *x, struct problems *p)
{
	/* (links/ and services/ hold a folder level, signers/ none) */
	static const char *const tops[] = { "links", "signers", "services",
		NULL };

	if (x->full)
		problems_add(p, INK_EINPUT, "out of memory listing the index "
		    "entries the records call for");
	for (size_t i = 0; i < x->n; i++) {
		struct buf b;
		if (repo_read(&b, g->repo, x->v[i].path, REG_MAX_FILE) != 0) {
			problems_add(p, INK_ENO, "index '%s' is missing",
			    x->v[i].path);
			continue;
		}
		if (b.len != x->v[i].text.len ||
		    memcmp(b.data, x->v[i].text.data, b.len) != 0) {
			/* An index naming a record the log does not hold
			 * speaks of a log that was cut (a transparency
			 * failure); one that only hides or reorders what
			 * the log holds, of an index edited. */
			const char *stray = first_stray(g, &b);
			if (stray)
				problems_add(p, INK_ELOG, "index '%s' names %.80s, "
				    "which is not in the log", x->v[i].path, stray);
			else
				problems_add(p, INK_ENO, "index '%s' does not match "
				    "the records it indexes", x->v[i].path);
		}
		buf_release(&b);
	}
	for (size_t t = 0; tops[t]; t++) {
		char **names = NULL;
		size_t n = 0;
		if (repo_list(&names, &n, g->repo, tops[t]) != 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char **sub = NULL, path[160];
			size_t ns = 0;
			snprintf(path, sizeof(path), "%s/%s", tops[t], names[i]);
			if (t != 1 && repo_list(&sub, &ns, g->repo, path) == 0) {
				for (size_t j = 0; j < ns; j++) {
					char full[200];
					int known;
					snprintf(full, sizeof(full), "%s/%s", path, sub[j]);
					known = index_known(x, full);
					if (!known)
						index_unknown(g, full, p);
				}
				repo_list_free(sub, ns);
			} else if (t == 1) {
				int known;
				known = index_known(x, path);
				if (!known)
					index_unknown(g, path, p);
			}
		}
		repo_list_free(names, n);
	}
}

void
reg_set_progress(struct reg *g,
    void (*fn)(void *arg, size_t done, size_t total), void *arg)
{
	g->progress = fn;
	g->progress_arg = arg;
}

/* Leaves in flight between the workers and the calling thread. */
#define AUDIT_WINDOW 256

/* What a worker read ahead for one leaf of the log: its committed record
 * file, parsed, with its Statement when that parsed without a problem. */
struct ahead_slot {
	char path[128];
	struct dsse_envelope env;
	int have_st;
	struct statement st;
};

/* One leaf of the audit, on the calling thread, in log order. */
struct audit_run {
	struct reg *g;
	struct problems *p;
	struct index_set *idx;
	size_t *by_kind;
	const struct reg_ahead *ahead;
	struct ahead_slot *slots;       /* one per window slot, or NULL */
	struct repo_workers twins;      /* each worker's own handle on the
	                                 * registry's commit */
};

static void
slot_release(struct ahead_slot *a)
{
	dsse_envelope_release(&a->env);
	a->env = (struct dsse_envelope)DSSE_ENVELOPE_INIT;
	if (a->have_st)
		statement_release(&a->st);
	a->have_st = 0;
	a->path[0] = '\0';
}

/* On a worker: the leaf's committed record file, read through the
 * worker's own handle on the same commit and parsed, and its signatures
 * verified ahead into the memo.  Only a speed-up: audit_leaf takes what
 * was read only for the very path it finds the record at (reg_load_pre),
 * makes the same checks, and reads the file itself when nothing was. */
static void
audit_ahead(void *ctx, size_t i, size_t slot)
{
	const struct record_kind *kd;
	struct audit_run *run = ctx;
	struct ahead_slot *a;
	struct repo *twin;

	if (run->ahead == NULL || run->slots == NULL)
		return;
	a = &run->slots[slot];
	slot_release(a);
	if ((twin = repo_worker(&run->twins)) == NULL)
		return;
	for (size_t k = 0; (kd = kind_at(k)) != NULL; k++) {
		struct problems sp = PROBLEMS_INIT;
		struct buf b;
		if (!kd->in_records)
			continue;
		reg_record_path(a->path, kd->name, run->g->leaves[i].id);
		if (repo_read(&b, twin, a->path, REG_MAX_FILE) != 0) {
			ink_error_clear();
			continue;
		}
		if (dsse_envelope_parse(&a->env, (const char *)b.data,
		    b.len) != 0) {
			ink_error_clear();
			buf_release(&b);
			break;
		}
		buf_release(&b);
		reg_ahead_verify(run->ahead, &a->env);
		if (statement_parse(&a->st, a->env.payload, a->env.payload_len,
		    &sp) == 0 && sp.n == 0)
			a->have_st = 1;
		else
			statement_release(&a->st);
		problems_release(&sp);
		ink_error_clear();
		return;
	}
	a->path[0] = '\0';
}

static void
audit_leaf(void *ctx, size_t i, size_t slot)
{
	struct audit_run *run = ctx;
	struct reg *g = run->g;
	struct problems *p = run->p;
	struct ahead_slot *a = run->slots ? &run->slots[slot] : NULL;
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct statement st = STATEMENT_INIT;
	struct problems rp = PROBLEMS_INIT;
	struct reg_entry e;
	int parsed, took = 0;

	if (g->progress)
		g->progress(g->progress_arg, i + 1, g->nleaves);
	if (reg_find(g, g->leaves[i].id, &e) != 0) {
		problems_add(p, INK_ELOG, "leaf %zu: %s", i, ink_error_last());
		goto done;
	}
	for (size_t k = 0; kind_at(k); k++)
		if (strcmp(kind_at(k)->name, e.kind) == 0)
			run->by_kind[k]++;
	if (strcmp(e.kind, "root") == 0)
		goto done;
	if ((a ? reg_load_pre(g, &e, a->path, &a->env, &env, &took) :
	    reg_load(g, &e, &env)) != 0) {
		problems_add(p, INK_ENO, "%s", ink_error_last());
		goto done;
	}
	/* The worker's Statement is of the same payload bytes (reg_load_pre
	 * took its envelope) and parsed without a problem. */
	if (took && a->have_st) {
		st = a->st;
		a->st = (struct statement)STATEMENT_INIT;
		a->have_st = 0;
		parsed = 1;
	} else {
		parsed = statement_parse(&st, env.payload, env.payload_len,
		    &rp) == 0;
	}
	if (parsed) {
		reg_check_record(g, &env, &st, e.integrated, 0, &rp);
		index_expect(run->idx, &st, e.id);
	}
	for (size_t k = 0; k < rp.n; k++)
		problems_add(p, rp.code, "%s: %s", e.id, rp.v[k]);
	problems_release(&rp);
	statement_release(&st);
	dsse_envelope_release(&env);
done:
	if (a)
		slot_release(a);
}

int
reg_audit(struct reg *g, const char *since, int64_t at, cJSON *counts,
    struct problems *p)
{
	struct index_set idx;
	const struct reg_root *root = &g->roots[g->nroots - 1];
	size_t by_kind[KIND_COUNT] = { 0 }, files = 0, commits = 0;

	memset(&idx, 0, sizeof(idx));

	/* Nothing else can be checked without the log. */
	if (reg_full(g) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		return p->code;
	}
	if (g->config_name)
		problems_add(p, INK_ELOG, "inkan-registry.json names '%s' but the "
		    "trust root names '%s': the configuration was edited",
		    g->config_name, g->name);
	/* Only the log key writes the registry (8.8): anything after its
	 * last signed commit was written by someone else. */
	if (g->nunsigned)
		problems_add(p, INK_ELOG, "%s", g->unsigned_what);
	else if (!g->head_signed)
		problems_add(p, INK_ELOG, "the HEAD commit is not signed by the "
		    "log key");
	if (at >= root->expires) {
		char ts[TIME_LEN];
		time_format(ts, root->expires);
		problems_add(p, INK_EROOT, "the trust root (version %d) expired "
		    "at %s", root->version, ts);
	}
	/* Every leaf: its record, signatures and rules at its time.  With
	 * another core, workers verify the signatures ahead (see
	 * audit_ahead); this thread checks every leaf in order as before. */
	struct reg_ahead ahead;
	struct audit_run run;
	unsigned threads = pool_threads();
	int have_ahead = 0;
	memset(&run, 0, sizeof(run));
	run.g = g, run.p = p, run.idx = &idx, run.by_kind = by_kind;
	if (threads > 1 && g->nleaves > 1 &&
	    (run.slots = calloc(AUDIT_WINDOW, sizeof(*run.slots))) != NULL &&
	    reg_ahead_open(&ahead, g) == 0) {
		have_ahead = 1;
		run.ahead = &ahead;
		repo_workers_open(&run.twins, g->repo, threads);
	} else {
		free(run.slots);
		run.slots = NULL;
	}
	ink_error_clear();
	struct pool_job job = { g->nleaves, AUDIT_WINDOW, audit_ahead,
		audit_leaf, &run };
	pool_run(&job, have_ahead ? threads : 1);
	if (have_ahead)
		reg_ahead_close(&ahead);
	for (size_t k = 0; run.slots && k < AUDIT_WINDOW; k++)
		slot_release(&run.slots[k]);
	free(run.slots);
	repo_workers_close(&run.twins);
	audit_files(g, p, &files);
	audit_indexes(g, &idx, p);
	for (size_t i = 0; i < idx.n; i++)
		buf_release(&idx.v[i].text);
	free(idx.v);
	hmap_free(&idx.map);
	audit_checkpoints(g, since, p, counts);
	reg_audit_log_files(g, p, counts);
	audit_history(g, p, &commits);
	cJSON_AddNumberToObject(counts, "leaves", (double)g->nleaves);
	cJSON_AddNumberToObject(counts, "roots", (double)g->nroots);
	for (size_t k = 0; kind_at(k); k++)
		cJSON_AddNumberToObject(counts, kind_at(k)->name,
		    (double)by_kind[k]);
	cJSON_AddNumberToObject(counts, "record_files", (double)files);
	cJSON_AddNumberToObject(counts, "commits", (double)commits);
	cJSON_AddNumberToObject(counts, "problems", (double)p->n);
	/* A broken trust root is the cause of whatever else fails to verify
	 * after it (records signed under the lost root): report it as such. */
	if (PROBLEMS_SEEN(p, INK_EROOT))
		p->code = INK_EROOT;
	return p->code;
}

/* --- list and show ---------------------------------------------------- */

/* A text people read: a string, or {"ja": ..., "en": ...}. */
static const char *
text_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (json_get_str(v, "ja"))
		return json_get_str(v, "ja");
	return json_get_str(v, "en");
}

static void
add_summary(cJSON *o, const struct statement *st)
{
	const cJSON *pr = st->predicate, *org, *svc;
	const char *s;
	int64_t level;

	org = json_get(pr, "organisation");
	svc = json_get(pr, "service");
	if ((s = json_get_str(pr, "scheme")))
		cJSON_AddStringToObject(o, "scheme", s);
	if (json_get_int(&level, pr, "level") == 0)
		cJSON_AddNumberToObject(o, "level", (double)level);
	else if ((s = json_get_str(pr, "level")))
		cJSON_AddStringToObject(o, "level", s);
	if ((s = text_of(json_get(org, "name"))))
		cJSON_AddStringToObject(o, "organisation", s);
	if ((s = json_get_str(org, "corporate_number")))
		cJSON_AddStringToObject(o, "corporate_number", s);
	if ((s = text_of(json_get(svc, "name"))))
		cJSON_AddStringToObject(o, "service", s);
	if ((s = text_of(json_get(json_get(pr, "person"), "name"))))
		cJSON_AddStringToObject(o, "person", s);
	if ((s = json_get_str(pr, "action")))
		cJSON_AddStringToObject(o, "action", s);
	if ((s = json_get_str(pr, "target")))
		cJSON_AddStringToObject(o, "target", s);
	if ((s = json_get_str(pr, "reason_code")))
		cJSON_AddStringToObject(o, "reason_code", s);
	if ((s = text_of(json_get(pr, "reason"))))
		cJSON_AddStringToObject(o, "reason", s);
	if ((s = json_get_str(pr, "effective_at")))
		cJSON_AddStringToObject(o, "effective_at", s);
	if ((s = json_get_str(pr, "superseded_by")))
		cJSON_AddStringToObject(o, "superseded_by", s);
	if (json_get(pr, "validity"))
		cJSON_AddItemToObject(o, "validity",
		    cJSON_Duplicate(json_get(pr, "validity"), 1));
	if (cJSON_IsArray(json_get(pr, "signers"))) {
		cJSON *sg = cJSON_AddArrayToObject(o, "signers");
		const cJSON *x;
		cJSON_ArrayForEach(x, json_get(pr, "signers")) {
			cJSON *y = cJSON_CreateObject();
			if ((s = json_get_str(x, "role")))
				cJSON_AddStringToObject(y, "role", s);
			if ((s = json_get_str(x, "keyid")))
				cJSON_AddStringToObject(y, "keyid", s);
			if ((s = text_of(json_get(x, "name"))))
				cJSON_AddStringToObject(y, "name", s);
			cJSON_AddItemToArray(sg, y);
		}
	}
	if ((s = json_get_str(json_get(pr, "key"), "keyid")))
		cJSON_AddStringToObject(o, "keyid", s);
}

static cJSON *
entry_json(struct reg *g, const struct reg_entry *e, int64_t at, int full)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct statement st = STATEMENT_INIT;
	struct reg_status s;
	char ts[TIME_LEN];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "kind", e->kind);
	cJSON_AddStringToObject(o, "path", e->path);
	time_format(ts, e->integrated);
	cJSON_AddStringToObject(o, "integrated", ts);
	cJSON_AddNumberToObject(o, "log_index", (double)e->leaf);
	if (reg_load(g, e, &env) != 0 ||
	    statement_parse(&st, env.payload, env.payload_len, NULL) != 0) {
		cJSON_AddStringToObject(o, "status", "unreadable");
		cJSON_AddStringToObject(o, "error", ink_error_last());
		goto done;
	}
	cJSON_AddStringToObject(o, "predicateType", st.predicate_type);
	if (strcmp(e->kind, "root") == 0 || strcmp(e->kind, "status") == 0) {
		cJSON_AddStringToObject(o, "status", "recorded");
	} else if (reg_status_of_loaded(g, e, &st, at, &s) == 0) {
		cJSON_AddStringToObject(o, "status", reg_state_name(s.state));
		if (s.why[0])
			cJSON_AddStringToObject(o, "status_reason", s.why);
		if (s.by[0])
			cJSON_AddStringToObject(o, "status_by", s.by);
		if (s.since) {
			char since[TIME_LEN];
			time_format(since, s.since);
			cJSON_AddStringToObject(o, "status_since", since);
		}
		/* Corrective demands open at that time (FORMAT.md 8.3). */
		if (s.ndemands) {
			cJSON *da = cJSON_AddArrayToObject(o,
			    "corrective_demands");
			for (size_t i = 0; i < s.ndemands; i++) {
				cJSON *d = cJSON_CreateObject();
				char dl[TIME_LEN];
				cJSON_AddStringToObject(d, "record",
				    s.demands[i].id);
				time_format(dl, s.demands[i].deadline);
				cJSON_AddStringToObject(d, "deadline", dl);
				cJSON_AddBoolToObject(d, "overdue",
				    s.demands[i].deadline <= at);
				cJSON_AddItemToArray(da, d);
			}
		}
		/* The reason's code and its label in both languages, as the
		 * scheme data gives them (catalogs/reasons.json). */
		if (s.code[0]) {
			cJSON_AddStringToObject(o, "reason_code", s.code);
			if (reason_label(s.code, 1) && reason_label(s.code, 0)) {
				cJSON *l = cJSON_AddObjectToObject(o,
				    "reason_label");
				cJSON_AddStringToObject(l, "ja",
				    reason_label(s.code, 1));
				cJSON_AddStringToObject(l, "en",
				    reason_label(s.code, 0));
			}
		}
	} else {
		/* Never shown as active: the status could not be computed. */
		cJSON_AddStringToObject(o, "status", "unknown");
		cJSON_AddStringToObject(o, "error", ink_error_last());
		ink_error_clear();
	}
	add_summary(o, &st);
	{
		/* The number people quote; none when the log could not be
		 * numbered (a later one could be wrong). */
		char num[REG_NUMBER_LEN];
		if (reg_number_at(g, e->leaf, num) == 0 && num[0])
			cJSON_AddStringToObject(o, "registration_number", num);
		ink_error_clear();
	}
	cJSON_AddNumberToObject(o, "signatures", (double)env.nsigs);
	if (full) {
		cJSON_AddItemToObject(o, "statement", cJSON_Duplicate(st.root, 1));
		char path[128];
		struct buf b;
		cJSON *h = cJSON_AddArrayToObject(o, "history");
		/* What happened to it: status and superseding records. */
		snprintf(path, sizeof(path), "links/%.2s/%s", e->id + 7, e->id + 7);
		if (reg_file_read(g, path, &b) == 0) {
			char *p = (char *)b.data, *nl;
			for (; p < (char *)b.data + b.len &&
			    (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
				struct reg_entry le;
				*nl = '\0';
				if (reg_find(g, p, &le) == 0)
					cJSON_AddItemToArray(h, entry_json(g, &le, at,
					    0));
			}
			buf_release(&b);
		}
	}
done:
	ink_error_clear();
	statement_release(&st);
	dsse_envelope_release(&env);
	return o;
}

int
reg_list(struct reg *g, int64_t at, cJSON *array)
{
	int rc;

	if ((rc = reg_full(g)) != 0)
		return rc;
	for (size_t i = 0; i < g->nleaves; i++) {
		struct reg_entry e;
		/* As the registry stood at that time. */
		if (g->leaves[i].time > at)
			continue;
		if (reg_find(g, g->leaves[i].id, &e) != 0) {
			/* A leaf whose record is gone is listed as such,
			 * never left out (the list then fails, 8.5). */
			cJSON *o = cJSON_CreateObject();
			char ts[TIME_LEN];
			cJSON_AddStringToObject(o, "id", g->leaves[i].id);
			time_format(ts, g->leaves[i].time);
			cJSON_AddStringToObject(o, "integrated", ts);
			cJSON_AddNumberToObject(o, "log_index", (double)i);
			cJSON_AddStringToObject(o, "kind", "unknown");
			cJSON_AddStringToObject(o, "status", "unknown");
			cJSON_AddStringToObject(o, "error", ink_error_last());
			ink_error_clear();
			cJSON_AddItemToArray(array, o);
			continue;
		}
		cJSON_AddItemToArray(array, entry_json(g, &e, at, 0));
	}
	return 0;
}

int
reg_show(struct reg *g, const char *id, int64_t at, cJSON **out)
{
	struct reg_entry e;
	int rc;

	*out = NULL;
	if ((rc = reg_find(g, id, &e)) != 0)
		return rc;
	*out = entry_json(g, &e, at, 1);
	return 0;
}
