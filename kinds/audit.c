/*
 * The audit-report record kind: the rules of the predicate (docs/FORMAT.md
 * section 6), applied to drafts before signing and to signed records
 * whenever they are checked, and the draft of `inkan new audit-report`.
 *
 * The rules of a scheme (who signs, levels, the validity rule, required
 * public disclosures) and the control ids come from catalogs/; what is
 * here are the rules of the format itself.  A draft carries each control
 * result in cleartext (predicate.controls); prepare() turns every one into
 * a salted-digest disclosure, keeps only the sorted digests and the list
 * of control ids, and never lets the cleartext into the payload.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit.h"

#define P "predicate."

static const char *const report_types[] = { "type1", "type2", "other",
	NULL };
static const char *const opinion_kinds[] = { "assurance", "advisory",
	"agreed-upon-procedures", NULL };
static const char *const opinions[] = { "unmodified", "qualified",
	"adverse", "disclaimer", "none", NULL };
static const char *const results[] = { "conformant", "exception",
	"not-applicable", NULL };
static const char *const procedures[] = { "inquiry", "inspection",
	"observation", "re-performance", NULL };
static const char *const methods[] = { "carve-out", "inclusive", NULL };
/* Used when a scheme does not list its own. */
static const char *const service_models[] = { "IaaS", "PaaS", "SaaS",
	NULL };
static const char *const deployment_models[] = { "public", "private",
	"community", "hybrid", NULL };

/* Every member a predicate may have; the last three are written by
 * inkan sign and are refused in drafts, "controls" only in drafts. */
static const char *const pred_keys[] = { "scheme", "level", "audit_type",
	"service_category", "engagement_standard", "report_type",
	"opinion_kind", "opinion", "opinion_basis", "organisation", "service",
	"scope_summary", "criteria", "as_of_date", "period_start",
	"period_end", "report_date", "registration_date", "update_date",
	"audit_firm", "subservice_organisations", "built_on", "supersedes",
	"management_assertion", "system_boundaries", "principal_commitments",
	"public_disclosures", "signers", "validity", "signed_at", "controls",
	"controls_covered", "disclosure_digests", "mandatory_controls_met",
	NULL };
static const char *const org_keys[] = { "name", "corporate_number", NULL };
static const char *const service_keys[] = { "name", "id", "models",
	"deployment_models", "regions", NULL };
static const char *const model_keys[] = { "model", "responsibility", NULL };
static const char *const criteria_keys[] = { "framework", "catalog",
	"catalog_version", "categories", NULL };
static const char *const firm_keys[] = { "name", "selection_id", NULL };
static const char *const subservice_keys[] = { "name", "method",
	"services", NULL };
static const char *const category_keys[] = { "id", "options", NULL };
static const char *const control_keys[] = { "id", "result", "reason",
	"procedures", "sample_size", "test", NULL };

struct audit {
	struct problems *p;
	int draft;
	const cJSON *schemes;    /* borrowed from the catalogue cache */
	const cJSON *scheme;     /* NULL when unknown */
	const char *scheme_id;
	const cJSON *catalog;    /* borrowed; NULL when none or not loaded */
	int catalog_failed;      /* named but could not be used */
	const cJSON *categories; /* criteria.categories when well formed */
	const char *report_type;
	const struct cat_index *index; /* of catalog, made on first need */
};

/* Where a catalogue id sits in the tree. */
struct cat_hit {
	const cJSON *node;
	const char *category;
	int level; /* 1 category, 2 middle, 3 requirement, 4 criterion */
	int mandatory;
};

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
	struct cat_slot *slots;
	size_t mask;
	struct cat_mand *mand;
	size_t nmand;
	struct cat_index *next;
};

static int
in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (s[0] == list[i][0] && strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static void
join(char *out, size_t n, const char *const *list)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; list[i] && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    i ? ", " : "", list[i]);
}

/* The strings of a JSON array, as a NULL-terminated list (for the
 * scheme's own lists); the caller frees the list, not the strings. */
static const char **
json_list(const cJSON *arr)
{
	const char **v;
	size_t n = 0;
	const cJSON *c;

	v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c))
			v[n++] = c->valuestring;
	return v;
}

static int
json_has_string(const cJSON *arr, const char *s)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c) && strcmp(c->valuestring, s) == 0)
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *
audit_text(const cJSON *v, const char *lang)
{
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (!cJSON_IsObject(v))
		return NULL;
	if ((s = json_get_str(v, lang)) != NULL)
		return s;
	return json_get_str(v, strcmp(lang, "ja") == 0 ? "en" : "ja");
}

/* A text people read: a non-empty string, or {"ja": ..., "en": ...} with
 * at least one of the two, each non-empty. */
static int
text_ok(const cJSON *v)
{
	const cJSON *c;
	size_t n = 0;

	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0' &&
		    strlen(v->valuestring) <= AUDIT_MAX_TEXT;
	if (!cJSON_IsObject(v))
		return 0;
	for (c = v->child; c; c = c->next, n++)
		if ((strcmp(c->string, "ja") && strcmp(c->string, "en")) ||
		    !cJSON_IsString(c) || c->valuestring[0] == '\0' ||
		    strlen(c->valuestring) > AUDIT_MAX_TEXT)
			return 0;
	return n > 0;
}

static void
need_text(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return;
	}
	if (!text_ok(v))
		problems_add(a->p, INK_ENO, "%s%s must be a non-empty text "
		    "(a string, or {\"ja\": ..., \"en\": ...}) of at most %u "
		    "bytes", where, key, AUDIT_MAX_TEXT);
}

static const char *
need_string(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) > AUDIT_MAX_TEXT) {
		problems_add(a->p, INK_ENO, "%s%s must be a non-empty string",
		    where, key);
		return NULL;
	}
	return v->valuestring;
}

static const char *
need_enum(struct audit *a, const cJSON *obj, const char *where,
    const char *key, const char *const *vals, int required)
{
	const cJSON *v = json_get(obj, key);
	char all[256];

	if (v == NULL && !required)
		return NULL;
	if (cJSON_IsString(v) && in_list(v->valuestring, vals))
		return v->valuestring;
	join(all, sizeof(all), vals);
	if (v == NULL)
		problems_add(a->p, INK_ENO, "%s%s is required: one of %s",
		    where, key, all);
	else if (cJSON_IsString(v))
		problems_add(a->p, INK_ENO, "%s%s '%s' is not one of %s",
		    where, key, v->valuestring, all);
	else
		problems_add(a->p, INK_ENO, "%s%s must be one of %s", where,
		    key, all);
	return NULL;
}

/* A date member YYYY-MM-DD: 1 present and valid (*out is its 00:00Z),
 * 0 absent, -1 malformed (reported). */
static int
need_date(struct audit *a, const cJSON *obj, const char *key, int64_t *out)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL)
		return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) != 10 ||
	    time_parse_date(out, v->valuestring) != 0) {
		problems_add(a->p, INK_ENO, P "%s must be a date of the form "
		    "2026-03-31", key);
		return -1;
	}
	return 1;
}

static void
check_keys(struct audit *a, const cJSON *obj, const char *where,
    const char *const *allowed)
{
	char all[512];
	int joined = 0;

	if (!cJSON_IsObject(obj))
		return;
	for (const cJSON *c = obj->child; c; c = c->next) {
		if (in_list(c->string, allowed))
			continue;
		if (!joined) {
			joined = 1;
			join(all, sizeof(all), allowed);
			/* Long lists are in the format's documentation. */
			if (strlen(all) > 100)
				snprintf(all, sizeof(all), "see docs/FORMAT.md "
				    "section 6");
		}
		problems_add(a->p, INK_ENO, "%s: unknown member '%s' "
		    "(known: %s)", where, c->string, all);
	}
}

static const cJSON *
need_object(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required)
{
	const cJSON *v = json_get(obj, key);

	if (v == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s%s is required", where,
			    key);
		return NULL;
	}
	if (!cJSON_IsObject(v)) {
		problems_add(a->p, INK_ENO, "%s%s must be an object", where,
		    key);
		return NULL;
	}
	return v;
}

static int
record_id_ok(const char *s)
{
	return s && strlen(s) == 71 && strncmp(s, "sha256:", 7) == 0 &&
	    strspn(s + 7, "0123456789abcdef") == 64;
}

/* A short identifier people and file names use: [A-Za-z0-9._-]. */
static int
id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= AUDIT_MAX_ID && strspn(s, "ABCDEFGHIJKLMNOPQRST"
	    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n &&
	    s[0] != '.' && s[0] != '-';
}

static int
digest_ok(const char *s)
{
	return s && strlen(s) == DISCLOSURE_DIGEST_LEN - 1 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == DISCLOSURE_DIGEST_LEN - 1;
}

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
					    strcmp(json_get_str(x, "id"), id) == 0)
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

/* The first node with this id keeps it, as in a walk of the tree. */
static void
index_put(struct cat_index *x, const char *id, const struct cat_hit *h)
{
	size_t i;

	if (id == NULL)
		return;
	for (i = hmap_str(id) & x->mask; x->slots[i].id; i = (i + 1) & x->mask)
		if (strcmp(x->slots[i].id, id) == 0)
			return;
	x->slots[i].id = id;
	x->slots[i].hit = *h;
	x->slots[i].hit.mandatory = cJSON_IsTrue(json_get(h->node,
	    "mandatory"));
}

static struct cat_index *
index_make(const cJSON *catalog)
{
	const cJSON *c, *m, *r, *x;
	struct cat_index *ix = calloc(1, sizeof(*ix));
	size_t n = 0, cap = 16, k = 0;

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
	while (cap < 2 * n)
		cap *= 2;
	ix->mask = cap - 1;
	ix->slots = calloc(cap, sizeof(*ix->slots));
	ix->mand = calloc(n + 1, sizeof(*ix->mand));
	if (ix->slots == NULL || ix->mand == NULL) {
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
					index_put(ix, json_get_str(x, "id"), &h);
					if (cJSON_IsTrue(json_get(x, "mandatory"))) {
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

/* The catalogue's node with this id (the first in the tree). */
static int
catalog_find(struct cat_hit *out, struct audit *a, const char *id)
{
	const struct cat_index *ix = catalog_index(a);

	memset(out, 0, sizeof(*out));
	if (ix == NULL)
		return catalog_walk(out, a->catalog, id);
	for (size_t i = hmap_str(id) & ix->mask; ix->slots[i].id;
	    i = (i + 1) & ix->mask)
		if (strcmp(ix->slots[i].id, id) == 0) {
			*out = ix->slots[i].hit;
			return 1;
		}
	return 0;
}

/* The scheme's own list (a JSON array member) when it has one, else the
 * default; *owned is what the caller frees. */
static const char *const *
scheme_list(const cJSON *scheme, const char *key, const char *const *dflt,
    const char ***owned)
{
	const cJSON *v = json_get(scheme, key);

	*owned = NULL;
	if (cJSON_IsArray(v) && (*owned = json_list(v)) != NULL)
		return *owned;
	return dflt;
}

static void
check_scheme(struct audit *a, const cJSON *pred)
{
	const char *id = need_string(a, pred, P, "scheme", 1);
	const cJSON *s;
	int rc;

	if (id == NULL)
		return;
	if ((rc = scheme_doc_get(&a->schemes)) != 0) {
		problems_add(a->p, INK_EINPUT, "cannot read the schemes: %s",
		    ink_error_last());
		return;
	}
	if ((s = scheme_find(a->schemes, id)) == NULL) {
		char known[512] = "";
		size_t n = 0;
		cJSON_ArrayForEach(s, json_get(a->schemes, "schemes")) {
			const char *t = json_get_str(s, "predicate_type");
			if (t && strcmp(t, KIND_AUDIT_TYPE) == 0 &&
			    n < sizeof(known))
				n += (size_t)snprintf(known + n,
				    sizeof(known) - n, "%s%s", n ? ", " : "",
				    json_get_str(s, "id"));
		}
		problems_add(a->p, INK_ENO, P "scheme: no scheme '%s' in "
		    "'%s/schemes.json' (audit schemes: %s)", id, catalog_dir(),
		    known);
		return;
	}
	if (json_get_str(s, "predicate_type") == NULL ||
	    strcmp(json_get_str(s, "predicate_type"),
	    KIND_AUDIT_TYPE) != 0) {
		problems_add(a->p, INK_ENO, P "scheme: '%s' is a scheme of "
		    "%s records, not of audit reports", id,
		    json_get_str(s, "record_kind") ?
		    json_get_str(s, "record_kind") : "other");
		return;
	}
	a->scheme = s;
	a->scheme_id = id;
}

static void
check_scheme_options(struct audit *a, const cJSON *pred)
{
	const cJSON *levels = json_get(a->scheme, "levels");
	const cJSON *types = json_get(a->scheme, "audit_types");
	const cJSON *cats = json_get(a->scheme, "categories");
	const char *level = NULL, **list;

	if (cJSON_GetArraySize(levels) > 0) {
		if ((list = json_list(levels)) != NULL) {
			level = need_enum(a, pred, P, "level", list, 1);
			free(list);
		}
	} else if (json_get(pred, "level")) {
		problems_add(a->p, INK_ENO, P "level: scheme '%s' has no "
		    "levels", a->scheme_id);
	}
	if (cJSON_GetArraySize(types) > 0) {
		const char **ids = calloc((size_t)cJSON_GetArraySize(types) + 1,
		    sizeof(*ids));
		const cJSON *t, *hit = NULL;
		const char *type;
		size_t n = 0;
		if (ids == NULL)
			return;
		cJSON_ArrayForEach(t, types)
			if (json_get_str(t, "id"))
				ids[n++] = json_get_str(t, "id");
		type = need_enum(a, pred, P, "audit_type", ids, 1);
		free(ids);
		cJSON_ArrayForEach(t, types)
			if (type && strcmp(json_get_str(t, "id"), type) == 0)
				hit = t;
		if (hit && level && !json_has_string(json_get(hit, "levels"),
		    level))
			problems_add(a->p, INK_ENO, P "audit_type '%s' is not "
			    "allowed at level %s", type, level);
	} else if (json_get(pred, "audit_type")) {
		problems_add(a->p, INK_ENO, P "audit_type: scheme '%s' has no "
		    "audit types", a->scheme_id);
	}
	if (cJSON_GetArraySize(cats) > 0) {
		const cJSON *sc = need_object(a, pred, P, "service_category",
		    1), *c, *hit = NULL, *opts, *o;
		const char *id;
		if (sc == NULL)
			return;
		check_keys(a, sc, P "service_category", category_keys);
		id = json_get_str(sc, "id");
		cJSON_ArrayForEach(c, cats)
			if (id && strcmp(json_get_str(c, "id"), id) == 0)
				hit = c;
		if (hit == NULL) {
			problems_add(a->p, INK_ENO, P "service_category.id "
			    "'%s' is not a category of scheme '%s'",
			    id ? id : "", a->scheme_id);
			return;
		}
		opts = json_get(sc, "options");
		if (opts && !cJSON_IsArray(opts)) {
			problems_add(a->p, INK_ENO, P "service_category.options "
			    "must be an array");
			return;
		}
		cJSON_ArrayForEach(o, opts) {
			int known = 0;
			const cJSON *x;
			cJSON_ArrayForEach(x, json_get(hit, "options"))
				if (cJSON_IsString(o) && strcmp(json_get_str(x,
				    "id"), o->valuestring) == 0)
					known = 1;
			if (!known)
				problems_add(a->p, INK_ENO, P "service_category"
				    ".options: '%s' is not an option of '%s'",
				    cJSON_IsString(o) ? o->valuestring : "?",
				    id);
			for (x = opts->child; x != o; x = x->next)
				if (cJSON_IsString(x) && cJSON_IsString(o) &&
				    strcmp(x->valuestring, o->valuestring) == 0)
					problems_add(a->p, INK_ENO, P
					    "service_category.options: '%s' "
					    "twice", o->valuestring);
		}
	} else if (json_get(pred, "service_category")) {
		problems_add(a->p, INK_ENO, P "service_category: scheme '%s' "
		    "has no service categories", a->scheme_id);
	}
}

static void
check_opinion(struct audit *a, const cJSON *pred)
{
	const char *kind, *op;

	need_string(a, pred, P, "engagement_standard", 1);
	a->report_type = need_enum(a, pred, P, "report_type", report_types, 1);
	kind = need_enum(a, pred, P, "opinion_kind", opinion_kinds, 1);
	op = need_enum(a, pred, P, "opinion", opinions, 1);
	if (kind && op) {
		if (strcmp(kind, "assurance") == 0 && strcmp(op, "none") == 0)
			problems_add(a->p, INK_ENO, P "opinion: an assurance "
			    "engagement gives an opinion (unmodified, "
			    "qualified, adverse or disclaimer), not 'none'");
		if (strcmp(kind, "assurance") != 0 && strcmp(op, "none") != 0)
			problems_add(a->p, INK_ENO, P "opinion: an %s "
			    "engagement gives no opinion: opinion must be "
			    "'none', not '%s'", kind, op);
	}
	if (op && (strcmp(op, "unmodified") == 0 || strcmp(op, "none") == 0)) {
		if (json_get(pred, "opinion_basis"))
			problems_add(a->p, INK_ENO, P "opinion_basis is only "
			    "for a modified opinion (qualified, adverse, "
			    "disclaimer), not '%s'", op);
	} else if (op) {
		if (json_get(pred, "opinion_basis") == NULL)
			problems_add(a->p, INK_ENO, P "opinion_basis is required "
			    "with a %s opinion: say what it is based on", op);
		else
			need_text(a, pred, P, "opinion_basis", 1);
	}
}

static void
check_string_array(struct audit *a, const cJSON *arr, const char *where,
    const char *const *vals, int required)
{
	const cJSON *c, *d;
	char all[256];
	size_t i = 0;

	if (arr == NULL) {
		if (required)
			problems_add(a->p, INK_ENO, "%s is required", where);
		return;
	}
	if (!cJSON_IsArray(arr) || (required && arr->child == NULL)) {
		problems_add(a->p, INK_ENO, "%s must be a%s array of strings",
		    where, required ? " non-empty" : "n");
		return;
	}
	for (c = arr->child; c; c = c->next, i++) {
		if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
			problems_add(a->p, INK_ENO, "%s[%zu] must be a "
			    "non-empty string", where, i);
			continue;
		}
		if (vals && !in_list(c->valuestring, vals)) {
			join(all, sizeof(all), vals);
			problems_add(a->p, INK_ENO, "%s: '%s' is not one of %s",
			    where, c->valuestring, all);
		}
		for (d = arr->child; d != c; d = d->next)
			if (cJSON_IsString(d) &&
			    strcmp(d->valuestring, c->valuestring) == 0)
				problems_add(a->p, INK_ENO, "%s: '%s' twice",
				    where, c->valuestring);
	}
}

static void
check_subject(struct audit *a, const cJSON *pred)
{
	const cJSON *org, *svc, *models, *m, *n;
	const char *const *sm, *const *dm, **own1 = NULL, **own2 = NULL;
	const char *num, *id;
	size_t i = 0;

	if ((org = need_object(a, pred, P, "organisation", 1)) != NULL) {
		check_keys(a, org, P "organisation", org_keys);
		need_text(a, org, P "organisation.", "name", 1);
		num = json_get_str(org, "corporate_number");
		if (num == NULL)
			problems_add(a->p, INK_ENO, P "organisation."
			    "corporate_number is required: the 13-digit "
			    "法人番号");
		else if (!corporate_number_ok(num))
			problems_add(a->p, INK_ENO, P "organisation."
			    "corporate_number '%s' is not a 法人番号 (13 digits "
			    "with a valid check digit)", num);
	}
	if ((svc = need_object(a, pred, P, "service", 1)) == NULL)
		return;
	check_keys(a, svc, P "service", service_keys);
	need_text(a, svc, P "service.", "name", 1);
	id = need_string(a, svc, P "service.", "id", 1);
	if (id && !id_ok(id))
		problems_add(a->p, INK_ENO, P "service.id '%s' must be at most "
		    "%d letters, digits, '.', '_' or '-'", id, AUDIT_MAX_ID);
	sm = scheme_list(a->scheme, "service_models", service_models, &own1);
	dm = scheme_list(a->scheme, "deployment_models", deployment_models,
	    &own2);
	models = json_get(svc, "models");
	if (models == NULL && json_get(a->scheme, "service_models"))
		problems_add(a->p, INK_ENO, P "service.models is required by "
		    "scheme '%s': one entry per service model, each with its "
		    "responsibility scope", a->scheme_id);
	else if (models && (!cJSON_IsArray(models) || models->child == NULL))
		problems_add(a->p, INK_ENO, P "service.models must be a "
		    "non-empty array of {\"model\", \"responsibility\"}");
	else if (models)
		for (m = models->child; m; m = m->next, i++) {
			const char *name;
			char where[64], w[72];
			snprintf(where, sizeof(where), P "service.models[%zu]",
			    i);
			snprintf(w, sizeof(w), "%s.", where);
			if (!cJSON_IsObject(m)) {
				problems_add(a->p, INK_ENO, "%s must be an "
				    "object", where);
				continue;
			}
			check_keys(a, m, where, model_keys);
			name = need_enum(a, m, w, "model", sm, 1);
			if (json_get(m, "responsibility") == NULL)
				problems_add(a->p, INK_ENO, "%s: service model "
				    "'%s' has no responsibility scope (who is "
				    "responsible for what)", where,
				    name ? name : "?");
			else
				need_text(a, m, w, "responsibility", 1);
			for (n = models->child; name && n != m; n = n->next)
				if (json_get_str(n, "model") && strcmp(name,
				    json_get_str(n, "model")) == 0)
					problems_add(a->p, INK_ENO, P "service."
					    "models: '%s' twice", name);
		}
	check_string_array(a, json_get(svc, "deployment_models"),
	    P "service.deployment_models", dm,
	    json_get(a->scheme, "deployment_models") != NULL);
	check_string_array(a, json_get(svc, "regions"), P "service.regions",
	    NULL, 0);
	free(own1);
	free(own2);
}

static void
check_criteria(struct audit *a, const cJSON *pred)
{
	const cJSON *cr = need_object(a, pred, P, "criteria", 1), *c, *d;
	const char *cat, *ver, *serves;
	size_t i = 0;
	int rc;

	if (cr == NULL) {
		a->catalog_failed = 1;
		return;
	}
	check_keys(a, cr, P "criteria", criteria_keys);
	need_string(a, cr, P "criteria.", "framework", 1);
	cat = need_string(a, cr, P "criteria.", "catalog",
	    json_get_str(a->scheme, "catalog") != NULL);
	ver = need_string(a, cr, P "criteria.", "catalog_version", cat != NULL);
	if (cat == NULL) {
		/* Whether a catalogue was due is unknown without a scheme. */
		a->catalog_failed = json_get(cr, "catalog") != NULL ||
		    json_get_str(a->scheme, "catalog") != NULL ||
		    a->scheme == NULL;
		check_string_array(a, json_get(cr, "categories"),
		    P "criteria.categories", NULL, 0);
		return;
	}
	if (ver == NULL || a->scheme == NULL) {
		a->catalog_failed = 1;
		return;
	}
	rc = catalog_get(&a->catalog, cat, ver);
	if (rc != 0) {
		problems_add(a->p, rc == INK_ENOTFOUND ? INK_ENO : INK_EINPUT,
		    P "criteria: %s", ink_error_last());
		a->catalog_failed = 1;
		return;
	}
	serves = json_get_str(a->catalog, "scheme");
	if (serves == NULL || (strcmp(serves, a->scheme_id) != 0 &&
	    strcmp(serves, json_get_str(a->scheme, "family") ?
	    json_get_str(a->scheme, "family") : "") != 0)) {
		problems_add(a->p, INK_ENO, P "criteria.catalog '%s' serves "
		    "scheme '%s', not '%s'", cat, serves ? serves : "?",
		    a->scheme_id);
		a->catalog_failed = 1;
	}
	if (!cJSON_IsTrue(json_get(a->catalog, "complete")))
		problems_add(a->p, INK_ENO, P "criteria.catalog '%s' version "
		    "'%s' is incomplete (it has placeholders): a record cannot "
		    "be checked against it", cat, ver);
	c = json_get(cr, "categories");
	if (!cJSON_IsArray(c) || c->child == NULL) {
		problems_add(a->p, INK_ENO, P "criteria.categories must list "
		    "the categories covered (ids of catalogue '%s')", cat);
		return;
	}
	for (d = c->child; d; d = d->next, i++) {
		struct cat_hit h;
		if (!cJSON_IsString(d) || !catalog_find(&h, a,
		    d->valuestring) || h.level != 1) {
			problems_add(a->p, INK_ENO, P "criteria.categories[%zu]: "
			    "'%s' is not a category of catalogue '%s'", i,
			    cJSON_IsString(d) ? d->valuestring : "?", cat);
			continue;
		}
		for (const cJSON *e = c->child; e != d; e = e->next)
			if (cJSON_IsString(e) &&
			    strcmp(e->valuestring, d->valuestring) == 0)
				problems_add(a->p, INK_ENO, P "criteria."
				    "categories: '%s' twice", d->valuestring);
	}
	cJSON_ArrayForEach(d, json_get(a->catalog, "categories"))
		if (cJSON_IsTrue(json_get(d, "mandatory")) &&
		    !json_has_string(c, json_get_str(d, "id")))
			problems_add(a->p, INK_ENO, P "criteria.categories must "
			    "include '%s': catalogue '%s' makes it mandatory",
			    json_get_str(d, "id"), cat);
	a->categories = c;
}

static void
check_dates(struct audit *a, const cJSON *pred)
{
	int64_t as_of = 0, start = 0, end = 0, report = 0, reg = 0, upd = 0;
	int has_as_of = need_date(a, pred, "as_of_date", &as_of);
	int has_start = need_date(a, pred, "period_start", &start);
	int has_end = need_date(a, pred, "period_end", &end);
	int has_report = need_date(a, pred, "report_date", &report);
	int has_reg = need_date(a, pred, "registration_date", &reg);
	int has_upd = need_date(a, pred, "update_date", &upd);
	int period = has_start != 0 || has_end != 0;
	const char *rt = a->report_type;

	if (has_report == 0)
		problems_add(a->p, INK_ENO, P "report_date is required: the "
		    "date of the auditor's report");
	if (period && (has_start == 0 || has_end == 0))
		problems_add(a->p, INK_ENO, P "a period needs both "
		    "period_start and period_end");
	if (has_as_of && period)
		problems_add(a->p, INK_ENO, P "give either as_of_date (a point "
		    "in time) or period_start and period_end, not both");
	if (rt && strcmp(rt, "type1") == 0 && !has_as_of)
		problems_add(a->p, INK_ENO, P "report_type 'type1' examines "
		    "design at a point in time: as_of_date is required");
	if (rt && strcmp(rt, "type1") == 0 && period)
		problems_add(a->p, INK_ENO, P "report_type 'type1' has no "
		    "period: remove period_start and period_end");
	if (rt && strcmp(rt, "type2") == 0 && !(has_start && has_end))
		problems_add(a->p, INK_ENO, P "report_type 'type2' covers a "
		    "period: period_start and period_end are required");
	if (rt && strcmp(rt, "type2") == 0 && has_as_of)
		problems_add(a->p, INK_ENO, P "report_type 'type2' covers a "
		    "period: remove as_of_date");
	if (rt && strcmp(rt, "other") == 0 && !has_as_of && !period)
		problems_add(a->p, INK_ENO, P "give as_of_date or period_start "
		    "and period_end: what time the report is about");
	if (has_start == 1 && has_end == 1 && end < start)
		problems_add(a->p, INK_ENO, P "period_end is before "
		    "period_start");
	if (has_report == 1 && has_end == 1 && report < end)
		problems_add(a->p, INK_ENO, P "report_date is before "
		    "period_end: a report comes after its period");
	if (has_report == 1 && has_as_of == 1 && report < as_of)
		problems_add(a->p, INK_ENO, P "report_date is before "
		    "as_of_date");
	if (has_upd == 1 && has_reg == 1 && upd < reg)
		problems_add(a->p, INK_ENO, P "update_date is before "
		    "registration_date");
	if (has_upd && !has_reg)
		problems_add(a->p, INK_ENO, P "update_date needs "
		    "registration_date");
}

static void
check_parties(struct audit *a, const cJSON *pred)
{
	const cJSON *firm, *subs, *s, *built, *b;
	const char *sel;
	size_t i = 0;

	if ((firm = need_object(a, pred, P, "audit_firm", 1)) != NULL) {
		check_keys(a, firm, P "audit_firm", firm_keys);
		need_text(a, firm, P "audit_firm.", "name", 1);
		sel = need_string(a, firm, P "audit_firm.", "selection_id", 0);
		if (sel && strlen(sel) > AUDIT_MAX_ID)
			problems_add(a->p, INK_ENO, P "audit_firm.selection_id "
			    "is longer than %d bytes", AUDIT_MAX_ID);
	}
	subs = json_get(pred, "subservice_organisations");
	if (subs && !cJSON_IsArray(subs))
		problems_add(a->p, INK_ENO, P "subservice_organisations must be "
		    "an array");
	else if (subs)
		for (s = subs->child; s; s = s->next, i++) {
			char where[64], w[72];
			snprintf(where, sizeof(where),
			    P "subservice_organisations[%zu]", i);
			snprintf(w, sizeof(w), "%s.", where);
			if (!cJSON_IsObject(s)) {
				problems_add(a->p, INK_ENO, "%s must be an "
				    "object", where);
				continue;
			}
			check_keys(a, s, where, subservice_keys);
			need_text(a, s, w, "name", 1);
			need_enum(a, s, w, "method", methods, 1);
			need_text(a, s, w, "services", 0);
		}
	built = json_get(pred, "built_on");
	i = 0;
	if (built && !cJSON_IsArray(built))
		problems_add(a->p, INK_ENO, P "built_on must be an array of "
		    "record ids");
	else if (built)
		for (b = built->child; b; b = b->next, i++) {
			if (!cJSON_IsString(b) || !record_id_ok(b->valuestring)) {
				problems_add(a->p, INK_ENO, P "built_on[%zu] must "
				    "be a record id (sha256: and 64 lowercase "
				    "hex digits)", i);
				continue;
			}
			for (s = built->child; s != b; s = s->next)
				if (cJSON_IsString(s) && strcmp(s->valuestring,
				    b->valuestring) == 0)
					problems_add(a->p, INK_ENO, P "built_on: "
					    "'%s' twice", b->valuestring);
		}
	if ((b = json_get(pred, "supersedes")) != NULL && !cJSON_IsNull(b) &&
	    (!cJSON_IsString(b) || !record_id_ok(b->valuestring)))
		problems_add(a->p, INK_ENO, P "supersedes must be the record id "
		    "(sha256: and 64 lowercase hex digits) of the record this "
		    "one replaces");
}

static void
check_public(struct audit *a, const cJSON *pred)
{
	const cJSON *req = json_get(a->scheme, "required_disclosures"), *d, *c;
	const cJSON *pd = json_get(pred, "public_disclosures");

	need_text(a, pred, P, "scope_summary", 1);
	need_text(a, pred, P, "management_assertion", 1);
	need_text(a, pred, P, "system_boundaries", 1);
	need_text(a, pred, P, "principal_commitments", 1);
	if (pd && !cJSON_IsObject(pd)) {
		problems_add(a->p, INK_ENO, P "public_disclosures must be an "
		    "object: disclosure id -> text");
		return;
	}
	if (a->scheme == NULL)
		return;
	cJSON_ArrayForEach(d, req) {
		const char *id = json_get_str(d, "id");
		if (id == NULL)
			continue;
		if (json_get(pd, id) == NULL)
			problems_add(a->p, INK_ENO, P "public_disclosures.%s is "
			    "required by scheme '%s' (%s)", id, a->scheme_id,
			    audit_text(json_get(d, "name"), "en") ?
			    audit_text(json_get(d, "name"), "en") : id);
		else
			need_text(a, pd, P "public_disclosures.", id, 1);
	}
	if (pd == NULL)
		return;
	for (c = pd->child; c; c = c->next) {
		int known = 0;
		cJSON_ArrayForEach(d, req)
			if (json_get_str(d, "id") &&
			    strcmp(json_get_str(d, "id"), c->string) == 0)
				known = 1;
		if (!known)
			problems_add(a->p, INK_ENO, P "public_disclosures: "
			    "scheme '%s' has no disclosure '%s'", a->scheme_id,
			    c->string);
	}
}

static void
check_signers(struct audit *a, const cJSON *pred)
{
	const cJSON *roles = json_get(a->scheme, "required_roles"), *r, *s;
	const cJSON *signers = json_get(pred, "signers");
	const char **list;
	char all[128];

	if (signers == NULL) {
		problems_add(a->p, INK_ENO, P "signers is required: the auditor "
		    "and the provider's management, with their key ids");
		return;
	}
	if (!cJSON_IsArray(signers) || (list = json_list(roles)) == NULL)
		return;
	join(all, sizeof(all), list);
	cJSON_ArrayForEach(r, roles) {
		int found = 0;
		cJSON_ArrayForEach(s, signers)
			if (cJSON_IsString(r) && json_get_str(s, "role") &&
			    strcmp(json_get_str(s, "role"), r->valuestring) == 0)
				found = 1;
		if (!found && cJSON_IsString(r))
			problems_add(a->p, INK_ENO, P "signers: scheme '%s' needs "
			    "a signer in role '%s' (roles: %s)", a->scheme_id,
			    r->valuestring, all);
	}
	cJSON_ArrayForEach(s, signers) {
		const char *role = json_get_str(s, "role");
		if (role && !in_list(role, list))
			problems_add(a->p, INK_ENO, P "signers: role '%s' does "
			    "not sign '%s' records (roles: %s)", role,
			    a->scheme_id, all);
	}
	free(list);
}

/* A control id of the record: in the catalogue, a requirement or a
 * criterion, in a category the record covers.  0 when reported. */
static int
check_control_id(struct audit *a, const char *where, const char *id,
    struct cat_hit *h)
{
	if (a->catalog == NULL)
		return 0;
	if (!catalog_find(h, a, id) || h->level < 3) {
		problems_add(a->p, INK_ENO, "%s: '%s' is not a control of "
		    "catalogue '%s' version '%s'", where, id,
		    json_get_str(a->catalog, "id"),
		    json_get_str(a->catalog, "version"));
		return 0;
	}
	if (a->categories && !json_has_string(a->categories, h->category)) {
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
	problems_add(a->p, INK_ENO, "%s: mandatory control '%s' is missing "
	    "(to exclude it, list it as not-applicable with a reason)", what,
	    id);
}

/* Every mandatory control of a covered category must be listed: a
 * provider may exclude one only by listing it as not-applicable with a
 * reason.  ids is the list of control ids the record has. */
static void
check_mandatory(struct audit *a, const char *const *ids, size_t n,
    const char *what)
{
	const struct cat_index *ix;
	const cJSON *c, *m, *r, *x;

	if (a->catalog == NULL || a->categories == NULL)
		return;
	if ((ix = catalog_index(a)) != NULL) {
		for (size_t k = 0; k < ix->nmand; k++) {
			const char *id = ix->mand[k].id;
			if (id == NULL || !json_has_string(a->categories,
			    ix->mand[k].category))
				continue;
			need_listed(a, ids, n, id, what);
		}
		return;
	}
	cJSON_ArrayForEach(c, json_get(a->catalog, "categories")) {
		if (!json_has_string(a->categories, json_get_str(c, "id")))
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
static int
has_mandatory(struct audit *a)
{
	const struct cat_index *ix;
	const cJSON *c, *m, *r, *x;

	if (a->catalog == NULL || a->categories == NULL)
		return 0;
	if ((ix = catalog_index(a)) != NULL) {
		for (size_t k = 0; k < ix->nmand; k++)
			if (json_has_string(a->categories, ix->mand[k].category))
				return 1;
		return 0;
	}
	cJSON_ArrayForEach(c, json_get(a->catalog, "categories")) {
		if (!json_has_string(a->categories, json_get_str(c, "id")))
			continue;
		cJSON_ArrayForEach(m, json_get(c, "middle"))
		cJSON_ArrayForEach(r, json_get(m, "requirements"))
		cJSON_ArrayForEach(x, json_get(r, "criteria"))
			if (cJSON_IsTrue(json_get(x, "mandatory")))
				return 1;
	}
	return 0;
}

static void
check_controls(struct audit *a, const cJSON *controls)
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
			problems_add(a->p, INK_ENO, P "controls[%zu] must be an "
			    "object with a control \"id\"", i);
			continue;
		}
		snprintf(where, sizeof(where), P "controls[%zu] '%s'", i, id);
		check_keys(a, c, where, control_keys);
		for (d = controls->child; d != c; d = d->next)
			if (json_get_str(d, "id") &&
			    strcmp(json_get_str(d, "id"), id) == 0)
				problems_add(a->p, INK_ENO, "%s: listed twice",
				    where);
		ids[n++] = id;
		check_control_id(a, where, id, &h);
		snprintf(w, sizeof(w), "%s: ", where);
		res = need_enum(a, c, w, "result", results, 1);
		if (res && strcmp(res, "conformant") != 0 &&
		    json_get(c, "reason") == NULL)
			problems_add(a->p, INK_ENO, "%s: a result of '%s' needs a "
			    "reason", where, res);
		else if (json_get(c, "reason") && !text_ok(json_get(c,
		    "reason")))
			problems_add(a->p, INK_ENO, "%s: reason must be a "
			    "non-empty text", where);
		if (json_get(c, "test") && !text_ok(json_get(c, "test")))
			problems_add(a->p, INK_ENO, "%s: test must be a "
			    "non-empty text", where);
		procs = json_get(c, "procedures");
		if (procs || (res && strcmp(res, "not-applicable") != 0)) {
			snprintf(w, sizeof(w), "%s: procedures", where);
			check_string_array(a, procs, w, procedures, 1);
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
				problems_add(a->p, INK_ENO, "%s: sample_size is "
				    "required in a type2 report (how many "
				    "items were tested)", where);
			break;
		default:
			problems_add(a->p, INK_ENO, "%s: sample_size must be a "
			    "whole number", where);
		}
	}
	check_mandatory(a, ids, n, P "controls");
	free(ids);
}

/* The public trace of the controls in a signed record: the sorted ids,
 * and as many sorted, distinct digests. */
static void
check_covered(struct audit *a, const cJSON *pred)
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
		check_mandatory(a, NULL, 0, P "controls_covered");
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
			problems_add(a->p, INK_ENO, P "controls_covered must be "
			    "sorted and without repeats ('%s' after '%s')",
			    c->valuestring, prev);
		prev = c->valuestring;
		ids[n++] = c->valuestring;
		check_control_id(a, P "controls_covered", c->valuestring, &h);
	}
	check_mandatory(a, ids, n, P "controls_covered");
	free(ids);
	prev = NULL;
	i = 0;
	if (!cJSON_IsArray(dig)) {
		problems_add(a->p, INK_ENO, P "disclosure_digests must be an "
		    "array (one digest per control covered)");
	} else {
		for (c = dig->child; c; c = c->next, i++) {
			if (!cJSON_IsString(c) || !digest_ok(c->valuestring)) {
				problems_add(a->p, INK_ENO, P "disclosure_digests"
				    "[%zu] must be 43 base64url characters", i);
				continue;
			}
			if (prev && strcmp(prev, c->valuestring) >= 0)
				problems_add(a->p, INK_ENO, P "disclosure_digests "
				    "must be sorted and without repeats");
			prev = c->valuestring;
		}
		if (cJSON_GetArraySize(dig) != cJSON_GetArraySize(cov))
			problems_add(a->p, INK_ENO, P "disclosure_digests has "
			    "%d digests for %d controls covered",
			    cJSON_GetArraySize(dig), cJSON_GetArraySize(cov));
	}
	if (has_mandatory(a) && !cJSON_IsBool(met))
		problems_add(a->p, INK_ENO, P "mandatory_controls_met must be "
		    "true or false: catalogue '%s' has mandatory controls",
		    json_get_str(a->catalog, "id"));
	else if (!has_mandatory(a) && met)
		problems_add(a->p, INK_ENO, P "mandatory_controls_met: the "
		    "covered categories have no mandatory controls");
}

/* The window the scheme's rule gives; compared with the one the record
 * has (or, in a draft, written into it). */
static void
check_validity(struct audit *a, cJSON *pred_w, const cJSON *pred)
{
	const cJSON *v = json_get(pred, "validity");
	const char *field = json_get_str(json_get(a->scheme, "validity"),
	    "field"), *val;
	char nb[TIME_LEN], na[TIME_LEN];
	int64_t b, e, t;

	if (a->scheme == NULL)
		return;
	/* A malformed anchor date was reported with the dates. */
	val = field ? json_get_str(pred, field) : NULL;
	if (val && (strlen(val) != 10 || time_parse_date(&t, val) != 0))
		return;
	if (scheme_validity(&b, &e, a->scheme, pred, a->p) != 0)
		return;
	time_format(nb, b);
	time_format(na, e);
	if (v != NULL) {
		const char *hb = json_get_str(v, "not_before");
		const char *he = json_get_str(v, "not_after");
		if (!hb || !he || strcmp(hb, nb) || strcmp(he, na)) {
			problems_add(a->p, INK_ENO, P "validity differs from "
			    "the one scheme '%s' gives (%s from %s: %s to %s); "
			    "leave it out and inkan sign computes it",
			    a->scheme_id, field ? field : "?", val ? val : "?",
			    nb, na);
			return;
		}
	} else if (!a->draft) {
		problems_add(a->p, INK_ENO, P "validity is missing (scheme '%s' "
		    "gives %s to %s)", a->scheme_id, nb, na);
		return;
	}
	if (pred_w && v == NULL) {
		cJSON *w = cJSON_AddObjectToObject(pred_w, "validity");
		if (w == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			return;
		}
		cJSON_AddStringToObject(w, "not_before", nb);
		cJSON_AddStringToObject(w, "not_after", na);
	}
}

static void
check_predicate(struct audit *a, const cJSON *st)
{
	const cJSON *pred = json_get(st, "predicate");

	if (!cJSON_IsObject(pred)) {
		problems_add(a->p, INK_ENO, "predicate must be an object");
		return;
	}
	check_keys(a, pred, "predicate", pred_keys);
	if (a->draft)
		for (const char *const *k = (const char *const[]){
		    "controls_covered", "disclosure_digests",
		    "mandatory_controls_met", NULL }; *k; k++)
			if (json_get(pred, *k))
				problems_add(a->p, INK_ENO, P "%s is written by "
				    "inkan sign from predicate.controls: leave "
				    "it out of the draft", *k);
	check_scheme(a, pred);
	if (a->scheme)
		check_scheme_options(a, pred);
	check_opinion(a, pred);
	check_subject(a, pred);
	check_criteria(a, pred);
	check_dates(a, pred);
	check_parties(a, pred);
	check_public(a, pred);
	if (a->scheme)
		check_signers(a, pred);
	if (a->draft) {
		if (json_get(pred, "controls"))
			check_controls(a, json_get(pred, "controls"));
		else
			check_mandatory(a, NULL, 0, P "controls");
	} else {
		check_covered(a, pred);
	}
	check_validity(a, NULL, pred);
}

/* Replaces predicate.controls by one disclosure per control: the
 * cleartext goes to ctx->disclosures, the sorted digests and ids stay. */
static void
seal_controls(struct audit *a, cJSON *pred, struct kind_ctx *ctx)
{
	cJSON *controls = cJSON_DetachItemFromObjectCaseSensitive(pred,
	    "controls");
	char **digests = NULL;
	const char **ids = NULL;
	cJSON *c, *arr;
	size_t n = 0;
	int met = 1;

	if (controls == NULL)
		return;
	digests = calloc((size_t)cJSON_GetArraySize(controls) + 1,
	    sizeof(*digests));
	ids = calloc((size_t)cJSON_GetArraySize(controls) + 1, sizeof(*ids));
	if (ctx->disclosures == NULL)
		ctx->disclosures = cJSON_CreateArray();
	if (digests == NULL || ids == NULL || ctx->disclosures == NULL) {
		problems_add(a->p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cJSON_ArrayForEach(c, controls) {
		struct buf text = BUF_INIT(INK_MAX_DISCLOSURE);
		char path[sizeof(AUDIT_CONTROL_PATH) + AUDIT_MAX_ID];
		char digest[DISCLOSURE_DIGEST_LEN];
		const char *id = json_get_str(c, "id");
		cJSON *value = cJSON_Duplicate(c, 1), *s;
		struct cat_hit h;

		if (value == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			goto cleanup;
		}
		/* The path names the control; the value is its result. */
		cJSON_DeleteItemFromObjectCaseSensitive(value, "id");
		snprintf(path, sizeof(path), AUDIT_CONTROL_PATH "%s", id);
		if (disclosure_make(&text, digest, path, value) != 0 ||
		    (s = cJSON_CreateString(buf_str(&text))) == NULL) {
			problems_add(a->p, INK_EINPUT, "%s: %s", path,
			    ink_error_last());
			cJSON_Delete(value);
			buf_wipe(&text);
			goto cleanup;
		}
		cJSON_AddItemToArray(ctx->disclosures, s);
		cJSON_Delete(value);
		buf_wipe(&text);
		if ((digests[n] = strdup(digest)) == NULL) {
			problems_add(a->p, INK_EINPUT, "out of memory");
			goto cleanup;
		}
		ids[n++] = id;
		if (catalog_find(&h, a, id) && h.mandatory &&
		    strcmp(json_get_str(c, "result"), "exception") == 0)
			met = 0;
	}
	qsort(digests, n, sizeof(*digests), cmp_str);
	qsort(ids, n, sizeof(*ids), cmp_str);
	arr = cJSON_AddArrayToObject(pred, "disclosure_digests");
	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(digests[i]));
	arr = cJSON_AddArrayToObject(pred, "controls_covered");
	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(ids[i]));
	if (has_mandatory(a))
		cJSON_AddBoolToObject(pred, "mandatory_controls_met", met);
cleanup:
	for (size_t i = 0; digests && i < n; i++)
		free(digests[i]);
	free(digests);
	free(ids);
	cJSON_Delete(controls);
}

void
audit_prepare(cJSON *statement, struct kind_ctx *ctx,
    struct problems *probs)
{
	struct audit a = { probs, 1, NULL, NULL, NULL, NULL, 0, NULL, NULL,
	    NULL };
	cJSON *pred = cJSON_GetObjectItemCaseSensitive(statement, "predicate");
	size_t before = probs->n;

	check_predicate(&a, statement);
	/* Nothing is sealed while any problem remains: the draft is not
	 * signed then, and no disclosure may outlive it. */
	if (probs->n == before && probs->code == 0) {
		/* The same check, now writing the window it computes. */
		check_validity(&a, pred, pred);
		seal_controls(&a, pred, ctx);
	}
}

void
audit_check(const cJSON *statement, struct problems *probs)
{
	struct audit a = { probs, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL,
	    NULL };

	check_predicate(&a, statement);
}

/* The draft of `inkan new audit-report`: a complete, fictitious SOC 2
 * Type 2 example that signs once the two key ids are filled in. */
static const char draft_template[] =
    "// A draft audit report (" KIND_AUDIT_TYPE "), written by\n"
    "// 'inkan new audit-report'.  Lines starting with // are comments.\n"
    "//\n"
    "// 1. Fill in every field (the values below are a fictitious example"
    " of a\n"
    "//    SOC 2 Type 2 report; see docs/FORMAT.md section 6 for each fie"
    "ld).\n"
    "// 2. Put in the two signers' key ids ('inkan keys id KEY.pub').\n"
    "// 3. The auditor signs first; this checks the draft and lists every\n"
    "//    problem at once:\n"
    "//      inkan sign draft.json --key auditor.key --role auditor -o re"
    "port.dsse.json\n"
    "//    The control results in \"controls\" never enter the signed rec"
    "ord:\n"
    "//    each becomes a salted digest, and the cleartext goes to the pr"
    "ivate\n"
    "//    bundle report.disclosures.json (mode 0600) beside the envelope"
    ".\n"
    "// 4. The provider's management adds its signature:\n"
    "//      inkan sign report.dsse.json --key management.key --role mana"
    "gement\n"
    "// 5. Share chosen control results with one procurer:\n"
    "//      inkan disclose report.disclosures.json --select CC6.1 -o cc6"
    ".1.json\n"
    "//    and publish the SOC 3-style summary: inkan summary report.dsse"
    ".json\n"
    "//\n"
    "// Texts that people read (names, Markdown sections, reasons) are ei"
    "ther a\n"
    "// string, or {\"ja\": \"...\", \"en\": \"...\"} with one or both la"
    "nguages.\n"
    "{\n"
    "  // The documents this record binds by SHA-256: the full audit repo"
    "rt,\n"
    "  // which stays private.  Instead of \"digest\" you may write\n"
    "  // \"file\": \"soc2-type2-report-2026.pdf\" (a path relative to th"
    "is draft)\n"
    "  // and inkan sign fills in the digest.  THE DIGEST BELOW IS AN EXA"
    "MPLE:\n"
    "  // replace it with your report's.\n"
    "  \"subject\": [\n"
    "    {\n"
    "      \"name\": \"soc2-type2-report-2026.pdf\",\n"
    "      \"digest\": {\"sha256\": \"50d858e0985ecc7f60418aaf0cc5ab587f4"
    "2c2570a884095a9e8ccacd0f6545c\"}\n"
    "    }\n"
    "  ],\n"
    "  \"predicateType\": \"" KIND_AUDIT_TYPE "\",\n"
    "  \"predicate\": {\n"
    "    // The scheme, by its id in catalogs/schemes.json: ismap-cloud,\n"
    "    // soc2-type1, soc2-type2 or jp-cyber-service.  The scheme decid"
    "es who\n"
    "    // signs, how long the record stays valid, and which public\n"
    "    // disclosures it must carry.\n"
    "    \"scheme\": \"soc2-type2\",\n"
    "    // ismap-cloud only: the level, \"1\", \"2\" or \"3\", and how t"
    "he auditor\n"
    "    // worked: \"direct\" (any level) or \"internal-audit-review\" ("
    "level 1).\n"
    "    //   \"level\": \"3\",\n"
    "    //   \"audit_type\": \"direct\",\n"
    "    // jp-cyber-service only: the service category and any of its op"
    "tions.\n"
    "    //   \"service_category\": {\"id\": \"vulnerability-assessment\""
    ", \"options\": [\"penetration-test\"]},\n"
    "\n"
    "    // The standard the engagement was performed under.\n"
    "    \"engagement_standard\": \"AICPA SSAE No. 18, AT-C sections 105 "
    "and 205 (SOC 2 examination)\",\n"
    "    // \"type1\" (design at a point in time), \"type2\" (operating\n"
    "    // effectiveness over a period) or \"other\" (e.g. an ISMAP-styl"
    "e audit).\n"
    "    \"report_type\": \"type2\",\n"
    "    // \"assurance\", \"advisory\" or \"agreed-upon-procedures\".\n"
    "    \"opinion_kind\": \"assurance\",\n"
    "    // \"unmodified\", \"qualified\", \"adverse\", \"disclaimer\" (a"
    "ssurance), or\n"
    "    // \"none\" (advisory, agreed-upon procedures: no opinion is giv"
    "en).\n"
    "    \"opinion\": \"unmodified\",\n"
    "    // Only with a qualified, adverse or disclaimer opinion: its bas"
    "is.\n"
    "    //   \"opinion_basis\": {\"ja\": \"...\", \"en\": \"...\"},\n"
    "\n"
    "    // The provider: its name and its 13-digit corporate number (法"
    "人番号,\n"
    "    // checked with its check digit).\n"
    "    \"organisation\": {\n"
    "      \"name\": {\"ja\": \"株式会社サンプルクラウド\", \"en\": \"Sam"
    "ple Cloud K.K.\"},\n"
    "      \"corporate_number\": \"9010401123456\"\n"
    "    },\n"
    "    // The service audited.  \"id\": the provider's short identifier"
    " for it\n"
    "    // (letters, digits, '.', '_', '-').  \"models\": one entry per "
    "service\n"
    "    // model (IaaS, PaaS, SaaS), each with its responsibility scope;\n"
    "    // \"deployment_models\": public, private, community, hybrid;\n"
    "    // \"regions\": where the service runs and keeps data.\n"
    "    \"service\": {\n"
    "      \"name\": {\"ja\": \"クラウド会計サービス「かぞえる」\", \"en"
    "\": \"Kazoeru cloud accounting\"},\n"
    "      \"id\": \"kazoeru\",\n"
    "      \"models\": [\n"
    "        {\n"
    "          \"model\": \"SaaS\",\n"
    "          \"responsibility\": {\"ja\": \"アプリケーション、利用者デ"
    "ータ、アクセス管理は当社の責任範囲。基盤（IaaS）はサブサービス組織の"
    "責任範囲。\",\n"
    "                             \"en\": \"The application, customer dat"
    "a and access management are ours; the infrastructure (IaaS) is the s"
    "ubservice organisation's.\"}\n"
    "        }\n"
    "      ],\n"
    "      \"deployment_models\": [\"public\"],\n"
    "      \"regions\": [\"日本（東京）/ Japan (Tokyo)\", \"日本（大阪）/"
    " Japan (Osaka)\"]\n"
    "    },\n"
    "    // One paragraph on what was examined.\n"
    "    \"scope_summary\": {\n"
    "      \"ja\": \"「かぞえる」の本番環境、その運用と開発を支えるシステ"
    "ム及び組織（東京本社）を対象とする。\",\n"
    "      \"en\": \"The production environment of Kazoeru and the system"
    "s and organisation (Tokyo head office) that operate and develop it."
    "\"\n"
    "    },\n"
    "    // The criteria: the framework, the catalogue (by id and version"
    ", from\n"
    "    // catalogs/) and the categories or control domains covered.  A\n"
    "    // catalogue may make a category mandatory (SOC 2: security).\n"
    "    \"criteria\": {\n"
    "      \"framework\": \"AICPA 2017 Trust Services Criteria\",\n"
    "      \"catalog\": \"soc2-tsc\",\n"
    "      \"catalog_version\": \"2017\",\n"
    "      \"categories\": [\"security\", \"availability\", \"confidentia"
    "lity\"]\n"
    "    },\n"
    "    // The time the report is about: \"as_of_date\" (type1) or\n"
    "    // \"period_start\" and \"period_end\" (type2), as YYYY-MM-DD.  "
    "The\n"
    "    // validity window is computed from them by the scheme's rule\n"
    "    // (soc2-type2: one year from period_end); do not type it in.\n"
    "    \"period_start\": \"2025-04-01\",\n"
    "    \"period_end\": \"2026-03-31\",\n"
    "    // The date of the auditor's report.\n"
    "    \"report_date\": \"2026-05-29\",\n"
    "    // jp-cyber-service only: \"registration_date\" (the validity co"
    "unts\n"
    "    // from it) and \"update_date\", as YYYY-MM-DD.\n"
    "\n"
    "    // The audit firm, and the id under which the registry operator\n"
    "    // selected it (leave \"selection_id\" out when the scheme selec"
    "ts none).\n"
    "    \"audit_firm\": {\n"
    "      \"name\": {\"ja\": \"あおぞら監査法人\", \"en\": \"Aozora Audi"
    "t Corporation\"},\n"
    "      \"selection_id\": \"AF-2025-017\"\n"
    "    },\n"
    "    // Organisations whose services the system relies on, and whethe"
    "r their\n"
    "    // controls are excluded (\"carve-out\") or included (\"inclusiv"
    "e\").\n"
    "    \"subservice_organisations\": [\n"
    "      {\n"
    "        \"name\": \"Example IaaS Inc.\",\n"
    "        \"method\": \"carve-out\",\n"
    "        \"services\": {\"ja\": \"IaaS（データセンター、物理的セキュ"
    "リティ、ハードウェア）\", \"en\": \"IaaS (data centres, physical sec"
    "urity, hardware)\"}\n"
    "      }\n"
    "    ],\n"
    "    // Record ids (sha256:...) of registered records of the services"
    " this\n"
    "    // one is built on (when one of them is delisted, so is this), a"
    "nd of\n"
    "    // the record this one replaces.\n"
    "    \"built_on\": [],\n"
    "    //   \"supersedes\": \"sha256:<64 hex digits>\",\n"
    "\n"
    "    // The public SOC 3-style sections, in Markdown (rendered in saf"
    "e mode:\n"
    "    // no raw HTML).\n"
    "    \"management_assertion\": {\n"
    "      \"ja\": \"当社経営者は、2025年4月1日から2026年3月31日までの期"
    "間を通じて、「かぞえる」に係る内部統制が、トラストサービス規準（セキ"
    "ュリティ、可用性、機密保持）に基づくサービスコミットメント及びシステ"
    "ム要件を達成するよう、**適切に設計され、有効に運用されていた**ことを"
    "言明する。\",\n"
    "      \"en\": \"Management asserts that, throughout the period 1 Apr"
    "il 2025 to 31 March 2026, the controls of Kazoeru were **suitably de"
    "signed and operated effectively** to meet its service commitments an"
    "d system requirements based on the Trust Services Criteria for secur"
    "ity, availability and confidentiality.\"\n"
    "    },\n"
    "    \"system_boundaries\": {\n"
    "      \"ja\": \"- 対象：「かぞえる」のWebアプリケーション、API、デー"
    "タベース、運用基盤\\n- 対象外：利用者の端末とネットワーク、サブサー"
    "ビス組織（Example IaaS Inc.）の統制\",\n"
    "      \"en\": \"- In scope: the Kazoeru web application, API, databa"
    "ses and operations platform\\n- Out of scope: customers' devices and"
    " networks; the controls of the subservice organisation (Example IaaS"
    " Inc.)\"\n"
    "    },\n"
    "    \"principal_commitments\": {\n"
    "      \"ja\": \"- 月間稼働率 99.9% 以上\\n- 利用者データの通信時・保"
    "存時の暗号化\\n- セキュリティインシデントの 72 時間以内の通知\",\n"
    "      \"en\": \"- Monthly availability of at least 99.9%\\n- Custome"
    "r data encrypted in transit and at rest\\n- Security incidents notif"
    "ied within 72 hours\"\n"
    "    },\n"
    "    // The public disclosures the scheme requires, by id (see\n"
    "    // \"required_disclosures\" in catalogs/schemes.json).  SOC 2 re"
    "quires\n"
    "    // none.  ismap-cloud requires capital-and-officers,\n"
    "    // foreign-law-exposure, data-location-regions,\n"
    "    // governing-law-and-jurisdiction and third-party-penetration-te"
    "st;\n"
    "    // jp-cyber-service requires service-category, service-summary,\n"
    "    // registration-date, update-date and reviewing-body.\n"
    "    \"public_disclosures\": {},\n"
    "\n"
    "    // CONFIDENTIAL: the result of each control tested, by its id in"
    " the\n"
    "    // catalogue.  \"result\": \"conformant\", \"exception\" or\n"
    "    // \"not-applicable\" (\"reason\" required for the last two);\n"
    "    // \"procedures\": any of \"inquiry\", \"inspection\", \"observa"
    "tion\",\n"
    "    // \"re-performance\"; \"sample_size\": items tested (required i"
    "n a type2\n"
    "    // report); \"test\": optional description.  None of this is pub"
    "lished:\n"
    "    // inkan sign replaces each entry by a salted digest.\n"
    "    \"controls\": [\n"
    "      {\"id\": \"CC6.1\", \"result\": \"conformant\", \"procedures\""
    ": [\"inquiry\", \"inspection\"], \"sample_size\": 25,\n"
    "       \"test\": \"論理アクセス制御の設定を閲覧し、特権IDの付与記録"
    "をサンプルで突合した。\"},\n"
    "      {\"id\": \"CC6.2\", \"result\": \"conformant\", \"procedures\""
    ": [\"inspection\", \"re-performance\"], \"sample_size\": 40},\n"
    "      {\"id\": \"CC7.2\", \"result\": \"exception\", \"procedures\":"
    " [\"inspection\", \"observation\"], \"sample_size\": 25,\n"
    "       \"reason\": \"25件中2件で、監視アラートの対応記録が所定の24時"
    "間以内に残されていなかった。\"},\n"
    "      {\"id\": \"A1.2\", \"result\": \"conformant\", \"procedures\":"
    " [\"inspection\"], \"sample_size\": 12},\n"
    "      {\"id\": \"C1.2\", \"result\": \"not-applicable\",\n"
    "       \"reason\": \"対象期間中に契約終了による利用者データの廃棄が"
    "発生しなかったため、運用の有効性を評価できなかった。\"}\n"
    "    ],\n"
    "\n"
    "    // Who signs: the scheme's roles, each with its own key id\n"
    "    // ('inkan keys id auditor.pub').  Other members are shown to pe"
    "ople.\n"
    "    \"signers\": [\n"
    "      {\"role\": \"auditor\", \"keyid\": \"<auditor key id>\", \"nam"
    "e\": \"山田 花子\",\n"
    "       \"organisation\": \"あおぞら監査法人\", \"qualification\": \""
    "公認会計士, CISA\"},\n"
    "      {\"role\": \"management\", \"keyid\": \"<management key id>\","
    " \"name\": \"佐藤 一郎\",\n"
    "       \"title\": \"代表取締役社長\", \"organisation\": \"株式会社サ"
    "ンプルクラウド\"}\n"
    "    ]\n"
    "  }\n"
    "}\n";

int
audit_draft_write(struct buf *out, int level)
{
	if (level != 0)
		return ink_error(INK_EINPUT, "audit-report: --level is for scs "
		    "drafts; an audit's level goes in the draft (\"level\")");
	return buf_add(out, draft_template, sizeof(draft_template) - 1);
}
