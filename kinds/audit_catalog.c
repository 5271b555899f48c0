/*
 * The audit-report kind: the control results of a record against the
 * scheme's control catalogue (every id in it, in a covered category,
 * every mandatory one present), and the index of each catalogue that
 * makes those lookups fast.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "kinds/audit_int.h"

/* A catalogue's ids in a hash table, and its mandatory criteria in tree
 * order, made once per catalogue document (the catalogue cache keeps
 * documents for the life of the process and never changes them): a
 * batch of drafts looks up each of their controls, and walking the tree
 * for each was most of the audit rules' time. */
struct cat_slot {
	const char *id;
	struct cat_hit hit;
};

struct cat_mand {
	const char *category;    /* the category's id */
	const char *id;          /* may be NULL */
};

struct cat_index {
	const cJSON *catalog;
	struct cat_slot *slots;  /* the ids, each once, in tree order */
	size_t nslots;
	struct hmap map;         /* id -> its slot */
	struct cat_mand *mand;
	size_t nmand;
	struct cat_index *next;
};

static const char *const results[] = { "conformant", "exception",
	"not-applicable", NULL };
static const char *const procedures[] = { "inquiry", "inspection",
	"observation", "re-performance", NULL };
static const char *const control_keys[] = { "id", "result", "reason",
	"procedures", "sample_size", "test", NULL };

static int
catalog_walk(struct cat_hit *out, const cJSON *catalog, const char *id)
{
	const cJSON *c, *m, *r, *x;

	memset(out, 0, sizeof(*out));
	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		const char *cid = json_get_str(c, "id");
		struct cat_hit h = { c, cid, 1, 0 };
		if (cid && strcmp(cid, id) == 0)
			goto found;
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			h.node = m;
			h.level = 2;
			if (json_get_str(m, "id") &&
			    strcmp(json_get_str(m, "id"), id) == 0)
				goto found;
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
				h.node = r;
				h.level = 3;
				if (json_get_str(r, "id") &&
				    strcmp(json_get_str(r, "id"), id) == 0)
					goto found;
				cJSON_ArrayForEach(x, json_get(r, "criteria")) {
					h.node = x;
					h.level = 4;
					if (json_get_str(x, "id") &&
					    strcmp(json_get_str(x, "id"),
					    id) == 0)
						goto found;
				}
			}
		}
		continue;
found:
		h.mandatory = cJSON_IsTrue(json_get(h.node, "mandatory"));
		*out = h;
		return 1;
	}
	return 0;
}

static int
same_id(const void *ctx, size_t val, const void *key)
{
	const struct cat_index *x = ctx;

	return strcmp(x->slots[val].id, key) == 0;
}

/* The first node with this id keeps it, as in a walk of the tree.  The
 * table has room for every id (index_make), so the put cannot fail. */
static void
index_put(struct cat_index *x, const char *id, const struct cat_hit *h)
{
	uint64_t hash;

	if (id == NULL)
		return;
	hash = hmap_str(id);
	if (hmap_get(&x->map, hash, same_id, x, id) != HMAP_NONE)
		return;
	x->slots[x->nslots].id = id;
	x->slots[x->nslots].hit = *h;
	x->slots[x->nslots].hit.mandatory = cJSON_IsTrue(json_get(h->node,
	    "mandatory"));
	(void)hmap_put(&x->map, hash, x->nslots++);
}

static struct cat_index *
index_make(const cJSON *catalog)
{
	const cJSON *c, *m, *r, *x;
	struct cat_index *ix = calloc(1, sizeof(*ix));
	size_t n = 0, k = 0;

	if (ix == NULL)
		return NULL;
	ix->catalog = catalog;
	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		n++;
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			n++;
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
				n++;
				cJSON_ArrayForEach(x, json_get(r, "criteria"))
					n++;
			}
		}
	}
	ix->slots = calloc(n + 1, sizeof(*ix->slots));
	ix->mand = calloc(n + 1, sizeof(*ix->mand));
	if (ix->slots == NULL || ix->mand == NULL ||
	    hmap_reserve(&ix->map, n) != 0) {
		hmap_free(&ix->map);
		free(ix->slots);
		free(ix->mand);
		free(ix);
		return NULL;
	}
	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		const char *cid = json_get_str(c, "id");
		struct cat_hit h = { c, cid, 1, 0 };
		index_put(ix, cid, &h);
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			h.node = m;
			h.level = 2;
			index_put(ix, json_get_str(m, "id"), &h);
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
				h.node = r;
				h.level = 3;
				index_put(ix, json_get_str(r, "id"), &h);
				cJSON_ArrayForEach(x, json_get(r, "criteria")) {
					h.node = x;
					h.level = 4;
					index_put(ix, json_get_str(x, "id"),
					    &h);
					if (cJSON_IsTrue(json_get(x,
					    "mandatory"))) {
						ix->mand[k].category = cid;
						ix->mand[k++].id =
						    json_get_str(x, "id");
					}
				}
			}
		}
	}
	ix->nmand = k;
	return ix;
}

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cat_index *indexes;

/* The index of a->catalog (NULL when it cannot be made: the tree is
 * walked then). */
static const struct cat_index *
catalog_index(struct audit *a)
{
	struct cat_index *x;

	if (a->index && a->index->catalog == a->catalog)
		return a->index;
	pthread_mutex_lock(&index_lock);
	for (x = indexes; x && x->catalog != a->catalog; x = x->next)
		;
	if (x == NULL && (x = index_make(a->catalog)) != NULL) {
		x->next = indexes;
		indexes = x;
	}
	pthread_mutex_unlock(&index_lock);
	a->index = x;
	return x;
}

int
audit_catalog_find(struct cat_hit *out, struct audit *a, const char *id)
{
	const struct cat_index *ix = catalog_index(a);
	size_t i;

	memset(out, 0, sizeof(*out));
	if (ix == NULL)
		return catalog_walk(out, a->catalog, id);
	if ((i = hmap_get(&ix->map, hmap_str(id), same_id, ix, id)) ==
	    HMAP_NONE)
		return 0;
	*out = ix->slots[i].hit;
	return 1;
}

/* A control id of the record: in the catalogue, a requirement or a
 * criterion, in a category the record covers.  0 when reported. */
static int
check_control_id(struct audit *a, const char *where, const char *id,
    struct cat_hit *h)
{
	if (a->catalog == NULL)
		return 0;
	if (!audit_catalog_find(h, a, id) || h->level < 3) {
		problems_add(a->p, INK_ENO, "%s: '%s' is not a control of "
		    "catalogue '%s' version '%s'", where, id,
		    json_get_str(a->catalog, "id"),
		    json_get_str(a->catalog, "version"));
		return 0;
	}
	if (a->categories && !audit_json_has_string(a->categories,
	    h->category)) {
		problems_add(a->p, INK_ENO, "%s: '%s' is in category '%s', "
		    "which criteria.categories does not cover", where, id,
		    h->category);
		return 0;
	}
	return 1;
}

/* A mandatory control must be among ids (or listed not applicable). */
static void
need_listed(struct audit *a, const char *const *ids, size_t n,
    const char *id, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return;
	/* Where a statement of applicability is taken, a mandatory control
	 * is selected there and cannot be excluded (audit_soa.c). */
	problems_add(a->p, INK_ENO, "%s: mandatory control '%s' is missing "
	    "(%s)", what, id, a->soa_taken ? "a mandatory control cannot be "
	    "excluded: give its result" : "to exclude it, list it as "
	    "not-applicable with a reason");
}

/* Every mandatory control of a covered category must be listed: a
 * provider may exclude one only by listing it as not-applicable with a
 * reason.  ids is the list of control ids the record has. */
void
audit_check_mandatory(struct audit *a, const char *const *ids, size_t n,
    const char *what)
{
	const struct cat_index *ix;
	const cJSON *c, *m, *r, *x;

	if (a->catalog == NULL || a->categories == NULL)
		return;
	if ((ix = catalog_index(a)) != NULL) {
		for (size_t k = 0; k < ix->nmand; k++) {
			const char *id = ix->mand[k].id;
			if (id == NULL || !audit_json_has_string(a->categories,
			    ix->mand[k].category))
				continue;
			need_listed(a, ids, n, id, what);
		}
		return;
	}
	cJSON_ArrayForEach(c, json_get(a->catalog, "categories")) {
		if (!audit_json_has_string(a->categories, json_get_str(c,
		    "id")))
			continue;
		cJSON_ArrayForEach(m, json_get(c, "middle"))
		cJSON_ArrayForEach(r, json_get(m, "requirements"))
		cJSON_ArrayForEach(x, json_get(r, "criteria")) {
			const char *id = json_get_str(x, "id");
			if (!cJSON_IsTrue(json_get(x, "mandatory")) || !id)
				continue;
			need_listed(a, ids, n, id, what);
		}
	}
}

/* 1 when the covered categories hold a mandatory control. */
int
audit_has_mandatory(struct audit *a)
{
	const struct cat_index *ix;
	const cJSON *c, *m, *r, *x;

	if (a->catalog == NULL || a->categories == NULL)
		return 0;
	if ((ix = catalog_index(a)) != NULL) {
		for (size_t k = 0; k < ix->nmand; k++)
			if (audit_json_has_string(a->categories,
			    ix->mand[k].category))
				return 1;
		return 0;
	}
	cJSON_ArrayForEach(c, json_get(a->catalog, "categories")) {
		if (!audit_json_has_string(a->categories, json_get_str(c,
		    "id")))
			continue;
		cJSON_ArrayForEach(m, json_get(c, "middle"))
		cJSON_ArrayForEach(r, json_get(m, "requirements"))
		cJSON_ArrayForEach(x, json_get(r, "criteria"))
			if (cJSON_IsTrue(json_get(x, "mandatory")))
				return 1;
	}
	return 0;
}

void
audit_check_controls(struct audit *a, const cJSON *controls)
{
	const char **ids = NULL;
	const cJSON *c, *d;
	size_t i = 0, n = 0;

	if (!cJSON_IsArray(controls) || controls->child == NULL) {
		problems_add(a->p, INK_ENO, P "controls must be a non-empty "
		    "array of control results (or be left out)");
		return;
	}
	if (cJSON_GetArraySize(controls) > INK_MAX_DISCLOSURES) {
		problems_add(a->p, INK_ENO, P "controls: more than %d",
		    INK_MAX_DISCLOSURES);
		return;
	}
	if (a->catalog == NULL && !a->catalog_failed)
		problems_add(a->p, INK_ENO, P "controls need a catalogue to "
		    "name them: give criteria.catalog and "
		    "criteria.catalog_version");
	ids = calloc((size_t)cJSON_GetArraySize(controls) + 1, sizeof(*ids));
	if (ids == NULL) {
		problems_add(a->p, INK_EINPUT, "out of memory");
		return;
	}
	for (c = controls->child; c; c = c->next, i++) {
		const char *id = json_get_str(c, "id"), *res;
		const cJSON *procs;
		char where[AUDIT_MAX_ID + 64], w[AUDIT_MAX_ID + 80];
		struct cat_hit h;
		int64_t size;

		if (!cJSON_IsObject(c) || id == NULL || id[0] == '\0' ||
		    strlen(id) > AUDIT_MAX_ID) {
			problems_add(a->p, INK_ENO,
			    P "controls[%zu] must be an "
			    "object with a control \"id\"", i);
			continue;
		}
		snprintf(where, sizeof(where), P "controls[%zu] '%s'", i, id);
		audit_check_keys(a, c, where, control_keys);
		for (d = controls->child; d != c; d = d->next)
			if (json_get_str(d, "id") &&
			    strcmp(json_get_str(d, "id"), id) == 0)
				problems_add(a->p, INK_ENO, "%s: listed twice",
				    where);
		ids[n++] = id;
		check_control_id(a, where, id, &h);
		snprintf(w, sizeof(w), "%s: ", where);
		res = audit_need_enum(a, c, w, "result", results, 1);
		if (res && strcmp(res, "conformant") != 0 &&
		    json_get(c, "reason") == NULL)
			problems_add(a->p, INK_ENO,
			    "%s: a result of '%s' needs a "
			    "reason", where, res);
		else if (json_get(c, "reason") && !audit_text_ok(json_get(c,
		    "reason")))
			problems_add(a->p, INK_ENO, "%s: reason must be a "
			    "non-empty text", where);
		if (json_get(c, "test") && !audit_text_ok(json_get(c, "test")))
			problems_add(a->p, INK_ENO, "%s: test must be a "
			    "non-empty text", where);
		procs = json_get(c, "procedures");
		if (procs || (res && strcmp(res, "not-applicable") != 0)) {
			snprintf(w, sizeof(w), "%s: procedures", where);
			audit_check_string_array(a, procs, w, procedures, 1);
		}
		switch (json_get_int(&size, c, "sample_size")) {
		case 0:
			if (size < 0)
				problems_add(a->p, INK_ENO, "%s: sample_size "
				    "cannot be negative", where);
			break;
		case INK_ENOTFOUND:
			if (a->report_type && strcmp(a->report_type,
			    "type2") == 0 && res &&
			    strcmp(res, "not-applicable") != 0)
				problems_add(a->p, INK_ENO,
				    "%s: sample_size is "
				    "required in a type2 report (how many "
				    "items were tested)", where);
			break;
		default:
			problems_add(a->p, INK_ENO, "%s: sample_size must be a "
			    "whole number", where);
		}
	}
	audit_check_mandatory(a, ids, n, P "controls");
	free(ids);
}

/* The public trace of the controls in a signed record: the sorted ids,
 * and as many sorted, distinct digests. */
void
audit_check_covered(struct audit *a, const cJSON *pred)
{
	const cJSON *cov = json_get(pred, "controls_covered");
	const cJSON *dig = json_get(pred, "disclosure_digests");
	const cJSON *met = json_get(pred, "mandatory_controls_met"), *c;
	const char **ids = NULL, *prev = NULL;
	size_t i = 0, n = 0;

	if (json_get(pred, "controls"))
		problems_add(a->p, INK_ENO, P "controls: a signed record must "
		    "not carry control results in clear (only their digests)");
	if (cov == NULL && dig == NULL) {
		if (met)
			problems_add(a->p, INK_ENO, P "mandatory_controls_met "
			    "without controls_covered");
		audit_check_mandatory(a, NULL, 0, P "controls_covered");
		return;
	}
	if (!cJSON_IsArray(cov) || cov->child == NULL) {
		problems_add(a->p, INK_ENO, P "controls_covered must be a "
		    "non-empty array of control ids");
		return;
	}
	ids = calloc((size_t)cJSON_GetArraySize(cov) + 1, sizeof(*ids));
	if (ids == NULL)
		return;
	for (c = cov->child; c; c = c->next, i++) {
		struct cat_hit h;
		if (!cJSON_IsString(c)) {
			problems_add(a->p, INK_ENO, P "controls_covered[%zu] "
			    "must be a control id", i);
			continue;
		}
		if (prev && strcmp(prev, c->valuestring) >= 0)
			problems_add(a->p, INK_ENO,
			    P "controls_covered must be "
			    "sorted and without repeats ('%s' after '%s')",
			    c->valuestring, prev);
		prev = c->valuestring;
		ids[n++] = c->valuestring;
		check_control_id(a, P "controls_covered", c->valuestring, &h);
	}
	audit_check_mandatory(a, ids, n, P "controls_covered");
	free(ids);
	prev = NULL;
	i = 0;
	if (!cJSON_IsArray(dig)) {
		problems_add(a->p, INK_ENO, P "disclosure_digests must be an "
		    "array (one digest per control covered)");
	} else {
		for (c = dig->child; c; c = c->next, i++) {
			if (!cJSON_IsString(c) ||
			    !audit_digest_ok(c->valuestring)) {
				problems_add(a->p, INK_ENO,
				    P "disclosure_digests"
				    "[%zu] must be 43 base64url characters", i);
				continue;
			}
			if (prev && strcmp(prev, c->valuestring) >= 0)
				problems_add(a->p, INK_ENO,
				    P "disclosure_digests "
				    "must be sorted and without repeats");
			prev = c->valuestring;
		}
		if (cJSON_GetArraySize(dig) != cJSON_GetArraySize(cov))
			problems_add(a->p, INK_ENO, P "disclosure_digests has "
			    "%d digests for %d controls covered",
			    cJSON_GetArraySize(dig), cJSON_GetArraySize(cov));
	}
	if (audit_has_mandatory(a) && !cJSON_IsBool(met))
		problems_add(a->p, INK_ENO, P "mandatory_controls_met must be "
		    "true or false: catalogue '%s' has mandatory controls",
		    json_get_str(a->catalog, "id"));
	else if (!audit_has_mandatory(a) && met)
		problems_add(a->p, INK_ENO, P "mandatory_controls_met: the "
		    "covered categories have no mandatory controls");
}

