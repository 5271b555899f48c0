/*
 * Catalogues on the SCS side: open, check, count, list, import.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_limits.h"
#include "kinds/scs.h"
#include "kinds/scs_table.h"

#define NO_ENGLISH "(no English text)"

const char *
scs_ja(const cJSON *node, const char *member)
{
	const char *s = json_get_str(json_get(node, member), "ja");

	return s ? s : "";
}

/* ---- shape ---------------------------------------------------------- */

static const char *const top_members[] = { "format", "id", "version",
	"publisher", "scheme", "complete", "sample", "source", "text_source",
	"level_names", "note", "categories", NULL };
static const char *const cat_members[] = { "id", "title", "middle",
	"mandatory", NULL };
static const char *const mid_members[] = { "id", "title", "requirements",
	"placeholder", NULL };
static const char *const req_members[] = { "id", "title", "criteria",
	"text", "title_derived", "placeholder", NULL };
static const char *const crit_members[] = { "id", "text", "mandatory",
	"placeholder", NULL };
static const char *const source_members[] = { "title", "file", "sha256",
	NULL };
static const char *const level_members[] = { "category", "middle",
	"requirement", "criterion", NULL };

struct shape {
	struct problems *p;
	const char **ids;
	size_t nids;
	int numbered;   /* SCS: ids extend their parent's with "-n" */
	int placeholders;
	size_t nreqs;
};

static void
members_only(struct shape *s, const cJSON *o, const char *const *allowed,
    const char *where)
{
	for (const cJSON *c = o ? o->child : NULL; c; c = c->next)
		if (scs_word_index(allowed, c->string) < 0)
			problems_add(s->p, INK_EINPUT, "%s: unknown member '%s'",
			    where, c->string);
}

static void
need_pair(struct shape *s, const cJSON *node, const char *member,
    const char *where, int required)
{
	const cJSON *v = json_get(node, member);

	if (v == NULL && !required)
		return;
	if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) != 2 ||
	    json_get_str(v, "ja") == NULL || json_get_str(v, "en") == NULL)
		problems_add(s->p, INK_EINPUT, "%s.%s must be {\"ja\": ..., "
		    "\"en\": ...}", where, member);
}

static void
need_bool(struct shape *s, const cJSON *node, const char *member,
    const char *where)
{
	const cJSON *v = json_get(node, member);

	if (v == NULL)
		return;
	if (!cJSON_IsBool(v))
		problems_add(s->p, INK_EINPUT, "%s.%s must be true or false",
		    where, member);
	else if (cJSON_IsTrue(v) && strcmp(member, "placeholder") == 0)
		s->placeholders++;
}

/* The node's id, remembered for the uniqueness check; NULL if bad. */
static const char *
need_id(struct shape *s, const cJSON *node, const char *where)
{
	const char *id = json_get_str(node, "id");
	const char **v;

	if (!cJSON_IsObject(node)) {
		problems_add(s->p, INK_EINPUT, "%s must be an object", where);
		return NULL;
	}
	if (id == NULL || *id == '\0' || strlen(id) > SCS_MAX_ID) {
		problems_add(s->p, INK_EINPUT, "%s.id must be a string of 1 to "
		    "%d bytes", where, SCS_MAX_ID);
		return NULL;
	}
	if ((v = realloc(s->ids, (s->nids + 1) * sizeof(*v))) == NULL)
		return id;
	s->ids = v;
	s->ids[s->nids++] = id;
	return id;
}

/* id is parent + "-" + a positive number without leading zeros. */
static long
child_number(const char *parent, const char *id)
{
	size_t n = strlen(parent);
	const char *d;
	char *end;
	long v;

	if (strncmp(id, parent, n) != 0 || id[n] != '-')
		return -1;
	d = id + n + 1;
	if (*d < '1' || *d > '9' || strspn(d, "0123456789") != strlen(d) ||
	    strlen(d) > 6)
		return -1;
	v = strtol(d, &end, 10);
	return *end == '\0' ? v : -1;
}

static void
check_requirement(struct shape *s, const cJSON *r, const char *mid)
{
	const cJSON *crit = json_get(r, "criteria"), *c;
	char where[SCS_MAX_ID + 32];
	const char *id;
	long k = 0;

	snprintf(where, sizeof(where), "requirement '%s'",
	    json_get_str(r, "id") ? json_get_str(r, "id") : "?");
	if ((id = need_id(s, r, where)) == NULL)
		return;
	s->nreqs++;
	members_only(s, r, req_members, where);
	need_pair(s, r, "title", where, 1);
	need_pair(s, r, "text", where, 0);
	need_bool(s, r, "placeholder", where);
	need_bool(s, r, "title_derived", where);
	if (s->numbered && mid && child_number(mid, id) < 0)
		problems_add(s->p, INK_EINPUT, "%s: the id must be '%s-n'",
		    where, mid);
	if (!cJSON_IsArray(crit)) {
		problems_add(s->p, INK_EINPUT, "%s.criteria must be an array",
		    where);
		return;
	}
	if (cJSON_GetArraySize(crit) > SCS_MAX_CRITERIA)
		problems_add(s->p, INK_EINPUT, "%s: more than the limit of %d "
		    "criteria", where, SCS_MAX_CRITERIA);
	cJSON_ArrayForEach(c, crit) {
		char w2[2 * SCS_MAX_ID + 32];
		const char *cid;
		snprintf(w2, sizeof(w2), "criterion '%s'",
		    json_get_str(c, "id") ? json_get_str(c, "id") : "?");
		if ((cid = need_id(s, c, w2)) == NULL)
			continue;
		k++;
		members_only(s, c, crit_members, w2);
		need_pair(s, c, "text", w2, 1);
		need_bool(s, c, "placeholder", w2);
		need_bool(s, c, "mandatory", w2);
		if (s->numbered && child_number(id, cid) != k)
			problems_add(s->p, INK_EINPUT, "%s: criteria of '%s' are "
			    "numbered '%s-1', '%s-2', ... in order", w2, id, id,
			    id);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
scs_catalog_check(const cJSON *cat, struct problems *p)
{
	struct shape s = { p, NULL, 0, 0, 0, 0 };
	const cJSON *cats = json_get(cat, "categories"), *c, *m, *r, *v;
	const char *fmt = json_get_str(cat, "format");
	const char *scheme = json_get_str(cat, "scheme");

	if (!cJSON_IsObject(cat) || fmt == NULL ||
	    strcmp(fmt, CATALOG_FORMAT) != 0) {
		problems_add(p, INK_EINPUT, "not a catalogue (format must be "
		    "'%s')", CATALOG_FORMAT);
		return;
	}
	s.numbered = scheme && strncmp(scheme, "scs", 3) == 0;
	members_only(&s, cat, top_members, "catalogue");
	for (int i = 0; i < 4; i++) {
		const char *m2 = i == 0 ? "id" : i == 1 ? "version" :
		    i == 2 ? "publisher" : "scheme";
		const char *x = json_get_str(cat, m2);
		if (x == NULL || *x == '\0' || (i < 2 && strlen(x) > SCS_MAX_ID))
			problems_add(p, INK_EINPUT, "catalogue.%s must be a "
			    "non-empty string%s", m2, i < 2 ? " of at most 64 "
			    "bytes" : "");
	}
	if (!cJSON_IsBool(json_get(cat, "complete")))
		problems_add(p, INK_EINPUT, "catalogue.complete must be true or "
		    "false");
	need_bool(&s, cat, "sample", "catalogue");
	for (int i = 0; i < 2; i++) {
		const char *m2 = i ? "text_source" : "source";
		v = json_get(cat, m2);
		if (v == NULL && i)
			continue;
		members_only(&s, v, source_members, m2);
		if (!cJSON_IsObject(v) || !json_get_str(v, "title") ||
		    !(cJSON_IsNull(json_get(v, "file")) ||
		    json_get_str(v, "file")) ||
		    !(cJSON_IsNull(json_get(v, "sha256")) ||
		    (json_get_str(v, "sha256") &&
		    strlen(json_get_str(v, "sha256")) == 64 &&
		    strspn(json_get_str(v, "sha256"), "0123456789abcdef") == 64)))
			problems_add(p, INK_EINPUT, "catalogue.%s must be {title, "
			    "file (or null), sha256 (64 hex or null)}", m2);
	}
	v = json_get(cat, "level_names");
	members_only(&s, v, level_members, "level_names");
	for (int i = 0; level_members[i]; i++)
		need_pair(&s, v, level_members[i], "level_names", 1);
	need_pair(&s, cat, "note", "catalogue", 0);
	if (!cJSON_IsArray(cats)) {
		problems_add(p, INK_EINPUT, "catalogue.categories must be an "
		    "array");
		goto cleanup;
	}
	cJSON_ArrayForEach(c, cats) {
		char w[SCS_MAX_ID + 32];
		const char *cid;
		snprintf(w, sizeof(w), "category '%s'", json_get_str(c, "id") ?
		    json_get_str(c, "id") : "?");
		if ((cid = need_id(&s, c, w)) == NULL)
			continue;
		members_only(&s, c, cat_members, w);
		need_pair(&s, c, "title", w, 1);
		need_bool(&s, c, "mandatory", w);
		if (!cJSON_IsArray(json_get(c, "middle"))) {
			problems_add(p, INK_EINPUT, "%s.middle must be an array",
			    w);
			continue;
		}
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			char w2[SCS_MAX_ID + 32];
			const char *mid;
			snprintf(w2, sizeof(w2), "middle category '%s'",
			    json_get_str(m, "id") ? json_get_str(m, "id") : "?");
			if ((mid = need_id(&s, m, w2)) == NULL)
				continue;
			members_only(&s, m, mid_members, w2);
			need_pair(&s, m, "title", w2, 1);
			need_bool(&s, m, "placeholder", w2);
			if (s.numbered && child_number(cid, mid) < 0)
				problems_add(p, INK_EINPUT, "%s: the id must be "
				    "'%s-n'", w2, cid);
			if (!cJSON_IsArray(json_get(m, "requirements"))) {
				problems_add(p, INK_EINPUT, "%s.requirements must "
				    "be an array", w2);
				continue;
			}
			cJSON_ArrayForEach(r, json_get(m, "requirements"))
				check_requirement(&s, r, mid);
		}
	}
	if (s.nreqs > SCS_MAX_REQUIREMENTS)
		problems_add(p, INK_EINPUT, "more than the limit of %d "
		    "requirements", SCS_MAX_REQUIREMENTS);
	if (s.nids > 1) {
		qsort(s.ids, s.nids, sizeof(*s.ids), cmp_str);
		for (size_t i = 1; i < s.nids; i++)
			if (strcmp(s.ids[i - 1], s.ids[i]) == 0)
				problems_add(p, INK_EINPUT, "id '%s' is used twice",
				    s.ids[i]);
	}
	if (s.placeholders && cJSON_IsTrue(json_get(cat, "complete")))
		problems_add(p, INK_EINPUT, "catalogue says complete but has "
		    "placeholder entries");
cleanup:
	free(s.ids);
}

static int
placeholder_in(const cJSON *n, int depth)
{
	if (depth > INK_MAX_JSON_DEPTH)
		return 0;
	if (cJSON_IsObject(n) && cJSON_IsTrue(json_get(n, "placeholder")))
		return 1;
	if (cJSON_IsObject(n) || cJSON_IsArray(n))
		for (const cJSON *c = n->child; c; c = c->next)
			if (placeholder_in(c, depth + 1))
				return 1;
	return 0;
}

/* Whether any node of the tree is a placeholder. */
static int
scs_catalog_has_placeholder(const cJSON *catalog)
{
	return placeholder_in(json_get(catalog, "categories"), 0);
}

/* ---- requirements in order ------------------------------------------ */

int
scs_catalog_reqs(struct scs_reqs *out, const cJSON *cat)
{
	const cJSON *c, *m, *r;

	out->v = NULL;
	out->n = 0;
	cJSON_ArrayForEach(c, json_get(cat, "categories"))
		cJSON_ArrayForEach(m, json_get(c, "middle"))
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
		struct scs_req *v = realloc(out->v, (out->n + 1) * sizeof(*v));
		if (v == NULL) {
			scs_reqs_release(out);
			return ink_error(INK_EINPUT, "out of memory");
		}
		out->v = v;
		v[out->n].category = c;
		v[out->n].middle = m;
		v[out->n].node = r;
		v[out->n].id = json_get_str(r, "id");
		out->n++;
	}
	return 0;
}

void
scs_reqs_release(struct scs_reqs *r)
{
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

long
scs_reqs_find(const struct scs_reqs *r, const char *id)
{
	if (id == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].id && strcmp(r->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* ---- opening -------------------------------------------------------- */

static int
is_path(const char *spec)
{
	size_t n = strlen(spec);

	return strchr(spec, '/') != NULL ||
	    (n > 5 && strcmp(spec + n - 5, ".json") == 0);
}

/* Checks the shape of a loaded catalogue; on a problem, fails with the
 * first one and frees c. */
static int
checked(cJSON **out, cJSON *c, const char *path)
{
	struct problems p = PROBLEMS_INIT;
	int rc = 0;

	scs_catalog_check(c, &p);
	if (p.n > 0) {
		rc = ink_error(INK_EINPUT, "catalogue '%s': %s%s", path, p.v[0],
		    p.n > 1 ? " (and more)" : "");
		cJSON_Delete(c);
		c = NULL;
	}
	problems_release(&p);
	*out = c;
	return rc;
}

int
scs_catalog_find(cJSON **out, char **path_out, const char *id,
    const char *version)
{
	char *path = NULL;
	cJSON *c = NULL;
	int rc;

	*out = NULL;
	if (path_out)
		*path_out = NULL;
	if ((rc = catalog_load(&c, &path, id, version)) != 0) {
		free(path);
		return INK_EINPUT;
	}
	if ((rc = checked(out, c, path)) == 0 && path_out) {
		*path_out = path;
		path = NULL;
	}
	free(path);
	return rc;
}

int
scs_catalog_open(cJSON **out, char **path_out, const char *spec)
{
	struct buf b = BUF_INIT(0);
	char id[SCS_MAX_ID + 1];
	const char *at;
	size_t idlen;
	cJSON *c = NULL;
	int rc;

	*out = NULL;
	if (path_out)
		*path_out = NULL;
	if (is_path(spec)) {
		rc = file_read(&b, spec, INK_MAX_JSON);
		if (rc == 0)
			rc = json_parse(&c, (const char *)b.data, b.len, spec);
		buf_release(&b);
		if (rc == 0 && (rc = checked(out, c, spec)) == 0 && path_out &&
		    (*path_out = strdup(spec)) == NULL) {
			cJSON_Delete(*out);
			*out = NULL;
			rc = ink_error(INK_EINPUT, "out of memory");
		}
		return rc;
	}
	at = strchr(spec, '@');
	idlen = at ? (size_t)(at - spec) : strlen(spec);
	if (idlen == 0 || idlen > SCS_MAX_ID || (at && (at[1] == '\0' ||
	    strlen(at + 1) > SCS_MAX_ID)))
		return ink_error(INK_EINPUT, "'%.80s' is not ID or ID@VERSION "
		    "(each at most %d bytes)", spec, SCS_MAX_ID);
	memcpy(id, spec, idlen);
	id[idlen] = '\0';
	return scs_catalog_find(out, path_out, id, at ? at + 1 : NULL);
}

/* ---- counting ------------------------------------------------------- */

static size_t
placeholders_under(const cJSON *criteria)
{
	const cJSON *c;
	size_t n = 0;

	cJSON_ArrayForEach(c, criteria)
		n += cJSON_IsTrue(json_get(c, "placeholder"));
	return n;
}

cJSON *
scs_catalog_summary(const cJSON *cat, const char *path)
{
	cJSON *o = cJSON_CreateObject(), *cats, *counts, *src;
	const cJSON *c, *m, *r;
	size_t nc = 0, nm = 0, nr = 0, nk = 0, np = 0;

	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "id", json_get_str(cat, "id"));
	cJSON_AddStringToObject(o, "version", json_get_str(cat, "version"));
	cJSON_AddStringToObject(o, "publisher", json_get_str(cat, "publisher"));
	cJSON_AddStringToObject(o, "scheme", json_get_str(cat, "scheme"));
	cJSON_AddBoolToObject(o, "complete",
	    cJSON_IsTrue(json_get(cat, "complete")));
	if (cJSON_IsTrue(json_get(cat, "sample")))
		cJSON_AddTrueToObject(o, "sample");
	if (path)
		cJSON_AddStringToObject(o, "file", path);
	src = cJSON_Duplicate(json_get(cat, "source"), 1);
	if (src)
		cJSON_AddItemToObject(o, "source", src);
	counts = cJSON_AddObjectToObject(o, "counts");
	cats = cJSON_AddArrayToObject(o, "categories");
	cJSON_ArrayForEach(c, json_get(cat, "categories")) {
		cJSON *jc = cJSON_CreateObject(), *mids;
		size_t cr = 0, ck = 0;
		nc++;
		cJSON_AddStringToObject(jc, "id", json_get_str(c, "id"));
		cJSON_AddStringToObject(jc, "title", scs_ja(c, "title"));
		mids = cJSON_AddArrayToObject(jc, "middle");
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			cJSON *jm = cJSON_CreateObject(), *reqs;
			nm++;
			cJSON_AddStringToObject(jm, "id", json_get_str(m, "id"));
			cJSON_AddStringToObject(jm, "title", scs_ja(m, "title"));
			cJSON_AddBoolToObject(jm, "placeholder",
			    cJSON_IsTrue(json_get(m, "placeholder")));
			reqs = cJSON_AddArrayToObject(jm, "requirements");
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
				cJSON *jr = cJSON_CreateObject();
				size_t k = (size_t)cJSON_GetArraySize(
				    json_get(r, "criteria"));
				size_t ph = placeholders_under(
				    json_get(r, "criteria"));
				nr++;
				cr++;
				nk += k;
				ck += k;
				np += ph;
				cJSON_AddStringToObject(jr, "id",
				    json_get_str(r, "id"));
				cJSON_AddStringToObject(jr, "title",
				    scs_ja(r, "title"));
				cJSON_AddBoolToObject(jr, "placeholder",
				    cJSON_IsTrue(json_get(r, "placeholder")));
				cJSON_AddNumberToObject(jr, "criteria", (double)k);
				cJSON_AddNumberToObject(jr, "placeholder_criteria",
				    (double)ph);
				cJSON_AddItemToArray(reqs, jr);
			}
			cJSON_AddItemToArray(mids, jm);
		}
		cJSON_AddNumberToObject(jc, "requirements", (double)cr);
		cJSON_AddNumberToObject(jc, "criteria", (double)ck);
		cJSON_AddItemToArray(cats, jc);
	}
	cJSON_AddNumberToObject(counts, "categories", (double)nc);
	cJSON_AddNumberToObject(counts, "middle", (double)nm);
	cJSON_AddNumberToObject(counts, "requirements", (double)nr);
	cJSON_AddNumberToObject(counts, "criteria", (double)nk);
	cJSON_AddNumberToObject(counts, "placeholder_criteria", (double)np);
	return o;
}

static long
num(const cJSON *o, const char *m)
{
	const cJSON *v = json_get(o, m);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

int
scs_catalog_summary_text(struct buf *out, const cJSON *s, int detail)
{
	const cJSON *counts = json_get(s, "counts"), *src = json_get(s, "source");
	const cJSON *c, *m, *r;
	int rc;

	rc = buf_addf(out, "%s %s: %ld categories, %ld middle categories, "
	    "%ld requirements, %ld criteria\n", json_get_str(s, "id"),
	    json_get_str(s, "version"), num(counts, "categories"),
	    num(counts, "middle"), num(counts, "requirements"),
	    num(counts, "criteria"));
	if (rc == 0 && json_get_str(s, "file"))
		rc = buf_addf(out, "  file:      %s\n", json_get_str(s, "file"));
	if (rc == 0)
		rc = buf_addf(out, "  publisher: %s\n  scheme:    %s\n"
		    "  complete:  %s", json_get_str(s, "publisher"),
		    json_get_str(s, "scheme"),
		    cJSON_IsTrue(json_get(s, "complete")) ? "yes" : "no");
	if (rc == 0 && num(counts, "placeholder_criteria") > 0)
		rc = buf_addf(out, " (%ld placeholder criteria: not official "
		    "text)", num(counts, "placeholder_criteria"));
	if (rc == 0 && cJSON_IsTrue(json_get(s, "sample")))
		rc = buf_adds(out, " (sample: not an official standard)");
	if (rc == 0)
		rc = buf_addf(out, "\n  source:    %s, sha256 %s\n",
		    json_get_str(src, "file") ? json_get_str(src, "file") :
		    "(no file)", json_get_str(src, "sha256") ?
		    json_get_str(src, "sha256") : "unknown");
	if (!detail)
		return rc;
	cJSON_ArrayForEach(c, json_get(s, "categories")) {
		if (rc == 0)
			rc = buf_addf(out, "%s %s: %ld requirement%s, %ld "
			    "criteri%s\n", json_get_str(c, "id"),
			    json_get_str(c, "title"), num(c, "requirements"),
			    num(c, "requirements") == 1 ? "" : "s",
			    num(c, "criteria"), num(c, "criteria") == 1 ? "on" :
			    "a");
		cJSON_ArrayForEach(m, json_get(c, "middle")) {
			if (rc == 0)
				rc = buf_addf(out, "  %s %s%s\n",
				    json_get_str(m, "id"), json_get_str(m, "title"),
				    cJSON_IsTrue(json_get(m, "placeholder")) ?
				    " [placeholder]" : "");
			cJSON_ArrayForEach(r, json_get(m, "requirements")) {
				long k = num(r, "criteria");
				long ph = num(r, "placeholder_criteria");
				if (rc == 0)
					rc = buf_addf(out, "    %s: %ld %s  %s%s",
					    json_get_str(r, "id"), k,
					    k == 1 ? "criterion" : "criteria",
					    json_get_str(r, "title"),
					    cJSON_IsTrue(json_get(r,
					    "placeholder")) ? " [placeholder]" :
					    "");
				if (rc == 0 && ph > 0)
					rc = buf_addf(out, " [%ld placeholder "
					    "criteria]", ph);
				if (rc == 0)
					rc = buf_addc(out, '\n');
			}
		}
	}
	return rc;
}

int
scs_catalog_list(cJSON **out)
{
	const char *d = catalog_dir();
	struct dirent **names = NULL;
	cJSON *all = cJSON_CreateArray();
	int n;

	*out = NULL;
	if (all == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	n = scandir(d, &names, NULL, alphasort);
	if (n < 0) {
		cJSON_Delete(all);
		return ink_error_sys(INK_EINPUT, "cannot read catalogue folder "
		    "'%s'", d);
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + 300];
		size_t len = strlen(names[i]->d_name);
		cJSON *c = NULL;
		if (len > 5 && strcmp(names[i]->d_name + len - 5, ".json") == 0 &&
		    strcmp(names[i]->d_name, "schemes.json") != 0) {
			snprintf(path, sizeof(path), "%s/%s", d, names[i]->d_name);
			/* A file that is not a catalogue is left out. */
			if (scs_catalog_open(&c, NULL, path) == 0)
				cJSON_AddItemToArray(all,
				    scs_catalog_summary(c, path));
			cJSON_Delete(c);
		}
		free(names[i]);
	}
	free(names);
	ink_error_clear();
	*out = all;
	return 0;
}

/* ---- import --------------------------------------------------------- */

enum { COL_REQ, COL_CRIT, COL_TEXT_JA, COL_TEXT_EN, COL_TITLE, COL_RTEXT,
	COL_MTITLE, COL_CTITLE, NCOLS };

static const char *const col_names[NCOLS] = { "requirement_id",
	"criterion_id", "criterion_text_ja", "criterion_text_en",
	"requirement_title_ja", "requirement_text_ja", "middle_title_ja",
	"category_title_ja" };

/* A text given for a node (a title, a requirement text) and the line
 * that first gave it, so that rows that disagree can be named. */
struct given {
	const cJSON *node;
	int what;
	char *text;
	size_t line;
};

struct import {
	struct problems *p;
	const struct scs_table *t;
	int col[NCOLS];
	struct scs_reqs reqs;
	size_t **rows;      /* per requirement: data rows (table indexes) */
	long **nums;        /* per requirement: criterion numbers */
	size_t *nrows;
	struct given *given;
	size_t ngiven;
};

static char *
cell_clean(const struct scs_row *r, int col, int strip_mark)
{
	char *s = strdup(scs_table_cell(r, col));

	if (s)
		scs_text_clean(s, strip_mark);
	return s;
}

/* Records text for (node, what) from line; reports a disagreement. */
static void
give(struct import *im, const cJSON *node, int what, const char *text,
    size_t line, const char *id)
{
	struct given *g;

	if (*text == '\0')
		return;
	for (size_t i = 0; i < im->ngiven; i++)
		if (im->given[i].node == node && im->given[i].what == what) {
			if (strcmp(im->given[i].text, text) != 0)
				problems_add(im->p, INK_EINPUT, "line %zu: %s for "
				    "'%s' differs from line %zu", line,
				    col_names[what], id, im->given[i].line);
			return;
		}
	g = realloc(im->given, (im->ngiven + 1) * sizeof(*g));
	if (g == NULL)
		return;
	im->given = g;
	g[im->ngiven].node = node;
	g[im->ngiven].what = what;
	g[im->ngiven].text = strdup(text);
	g[im->ngiven].line = line;
	if (g[im->ngiven].text)
		im->ngiven++;
}

static const char *
given_text(const struct import *im, const cJSON *node, int what)
{
	for (size_t i = 0; i < im->ngiven; i++)
		if (im->given[i].node == node && im->given[i].what == what)
			return im->given[i].text;
	return NULL;
}

static void
import_row(struct import *im, size_t ri)
{
	const struct scs_row *r = &im->t->rows[ri];
	char *req = cell_clean(r, im->col[COL_REQ], 0);
	char *crit = cell_clean(r, im->col[COL_CRIT], 0);
	char *text = cell_clean(r, im->col[COL_TEXT_JA], 1);
	long k, n;
	size_t *rv;
	long *nv;

	if (req == NULL || crit == NULL || text == NULL) {
		problems_add(im->p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((k = scs_reqs_find(&im->reqs, req)) < 0) {
		problems_add(im->p, INK_EINPUT, "line %zu: requirement '%s' is "
		    "not in the base catalogue", r->line, req);
		goto cleanup;
	}
	if ((n = child_number(req, crit)) < 1 || n > SCS_MAX_CRITERIA) {
		problems_add(im->p, INK_EINPUT, "line %zu: criterion id '%s' "
		    "must be '%s-' and a number from 1 to %d without leading "
		    "zeros", r->line, crit, req, SCS_MAX_CRITERIA);
		goto cleanup;
	}
	if (*text == '\0')
		problems_add(im->p, INK_EINPUT, "line %zu: criterion '%s' has "
		    "no text (criterion_text_ja)", r->line, crit);
	for (size_t i = 0; i < im->nrows[k]; i++)
		if (im->nums[k][i] == n) {
			problems_add(im->p, INK_EINPUT, "line %zu: criterion '%s' "
			    "appears again (first on line %zu)", r->line, crit,
			    im->t->rows[im->rows[k][i]].line);
			goto cleanup;
		}
	rv = realloc(im->rows[k], (im->nrows[k] + 1) * sizeof(*rv));
	if (rv)
		im->rows[k] = rv;
	nv = realloc(im->nums[k], (im->nrows[k] + 1) * sizeof(*nv));
	if (nv)
		im->nums[k] = nv;
	if (rv == NULL || nv == NULL) {
		problems_add(im->p, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	im->rows[k][im->nrows[k]] = ri;
	im->nums[k][im->nrows[k]] = n;
	im->nrows[k]++;
	for (int w = COL_TITLE; w <= COL_CTITLE; w++) {
		const cJSON *node = w == COL_MTITLE ? im->reqs.v[k].middle :
		    w == COL_CTITLE ? im->reqs.v[k].category : im->reqs.v[k].node;
		char *v = cell_clean(r, im->col[w], w == COL_RTEXT);
		if (v)
			give(im, node, w, v, r->line, json_get_str(node, "id"));
		free(v);
	}
cleanup:
	free(req);
	free(crit);
	free(text);
}

/* Sorts rows by their criterion numbers (n is at most
 * SCS_MAX_CRITERIA, so insertion sort will do). */
static void
sort_by_number(size_t *rows, long *nums, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t r = rows[i];
		long v = nums[i];
		size_t j = i;
		for (; j > 0 && nums[j - 1] > v; j--) {
			rows[j] = rows[j - 1];
			nums[j] = nums[j - 1];
		}
		rows[j] = r;
		nums[j] = v;
	}
}

/* Replaces the Japanese member of a localised pair; a placeholder's
 * English goes too, since it only said "to be imported". */
static void
set_ja(cJSON *node, const char *member, const char *ja, int was_placeholder)
{
	const cJSON *old = json_get(node, member);
	const char *en = json_get_str(old, "en");
	cJSON *pair = cJSON_CreateObject();

	cJSON_AddStringToObject(pair, "en", en && !was_placeholder ? en :
	    NO_ENGLISH);
	cJSON_AddStringToObject(pair, "ja", ja);
	cJSON_DeleteItemFromObjectCaseSensitive(node, member);
	cJSON_AddItemToObject(node, member, pair);
}

static void
apply_given(const struct import *im, cJSON *node, int what_title)
{
	const char *t = given_text(im, node, what_title);
	int ph = cJSON_IsTrue(json_get(node, "placeholder"));

	if (t == NULL)
		return;
	set_ja(node, "title", t, ph);
	cJSON_DeleteItemFromObjectCaseSensitive(node, "placeholder");
	cJSON_DeleteItemFromObjectCaseSensitive(node, "title_derived");
}

static int
build(const struct import *im)
{
	for (size_t k = 0; k < im->reqs.n; k++) {
		cJSON *node = (cJSON *)im->reqs.v[k].node, *crit;
		const char *rt = given_text(im, node, COL_RTEXT);
		int ph = cJSON_IsTrue(json_get(node, "placeholder"));

		if ((crit = cJSON_CreateArray()) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		for (size_t i = 0; i < im->nrows[k]; i++) {
			const struct scs_row *r = &im->t->rows[im->rows[k][i]];
			char *ja = cell_clean(r, im->col[COL_TEXT_JA], 1);
			char *en = cell_clean(r, im->col[COL_TEXT_EN], 1);
			char *id = cell_clean(r, im->col[COL_CRIT], 0);
			cJSON *c = cJSON_CreateObject(), *t;
			if (ja && en && id && c) {
				cJSON_AddStringToObject(c, "id", id);
				t = cJSON_AddObjectToObject(c, "text");
				cJSON_AddStringToObject(t, "en", *en ? en :
				    NO_ENGLISH);
				cJSON_AddStringToObject(t, "ja", ja);
				cJSON_AddItemToArray(crit, c);
				c = NULL;
			}
			cJSON_Delete(c);
			free(ja);
			free(en);
			free(id);
		}
		cJSON_DeleteItemFromObjectCaseSensitive(node, "criteria");
		cJSON_AddItemToObject(node, "criteria", crit);
		if (rt)
			set_ja(node, "text", rt, ph);
		apply_given(im, node, COL_TITLE);
		apply_given(im, (cJSON *)im->reqs.v[k].middle, COL_MTITLE);
		apply_given(im, (cJSON *)im->reqs.v[k].category, COL_CTITLE);
	}
	return 0;
}

static void
set_top(cJSON *out, const struct scs_import_opts *o, const cJSON *base)
{
	const char *title = json_get_str(json_get(base, "source"), "title");
	int complete = !scs_catalog_has_placeholder(out);
	char ja[1024], en[1024];
	cJSON *src, *note;

	if (o->id) {
		cJSON_DeleteItemFromObjectCaseSensitive(out, "id");
		cJSON_AddStringToObject(out, "id", o->id);
	}
	if (o->version) {
		cJSON_DeleteItemFromObjectCaseSensitive(out, "version");
		cJSON_AddStringToObject(out, "version", o->version);
	}
	if (o->publisher) {
		cJSON_DeleteItemFromObjectCaseSensitive(out, "publisher");
		cJSON_AddStringToObject(out, "publisher", o->publisher);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(out, "source");
	cJSON_DeleteItemFromObjectCaseSensitive(out, "text_source");
	cJSON_DeleteItemFromObjectCaseSensitive(out, "note");
	cJSON_DeleteItemFromObjectCaseSensitive(out, "complete");
	src = cJSON_AddObjectToObject(out, "source");
	cJSON_AddStringToObject(src, "file", o->source_name);
	cJSON_AddStringToObject(src, "sha256", o->source_sha256);
	cJSON_AddStringToObject(src, "title", title ? title :
	    o->source_name);
	cJSON_AddBoolToObject(out, "complete", complete);
	snprintf(ja, sizeof(ja), "評価基準は「%s」(SHA-256 %s) から inkan scs "
	    "catalog import で取り込んだもの。%s", o->source_name,
	    o->source_sha256, complete ? "" : "名称が仮のままの項目"
	    "（placeholder）が残っているため完全ではない。");
	snprintf(en, sizeof(en), "Criteria imported with inkan scs catalog "
	    "import from '%s' (SHA-256 %s).%s", o->source_name,
	    o->source_sha256, complete ? "" : " Placeholder titles remain, "
	    "so the catalogue is not complete.");
	note = cJSON_AddObjectToObject(out, "note");
	cJSON_AddStringToObject(note, "en", en);
	cJSON_AddStringToObject(note, "ja", ja);
}

static int
valid_name(const char *s, const char *extra)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= SCS_MAX_ID && strspn(s, extra) == n;
}

int
scs_catalog_import(cJSON **out, const cJSON *base, const unsigned char *csv,
    size_t len, const struct scs_import_opts *o, struct problems *probs)
{
	struct scs_table t = SCS_TABLE_INIT;
	struct import im = { probs, &t, { 0 }, SCS_REQS_INIT, NULL, NULL,
		NULL, NULL, 0 };
	cJSON *res = NULL;
	size_t before = probs->n, data_rows = 0;
	int rc, dup;

	*out = NULL;
	if (o->id && !valid_name(o->id, "abcdefghijklmnopqrstuvwxyz0123456789-"))
		problems_add(probs, INK_EINPUT, "--id '%s': a catalogue id is 1 "
		    "to %d of a-z, 0-9 and '-'", o->id, SCS_MAX_ID);
	if (o->version && !valid_name(o->version, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"))
		problems_add(probs, INK_EINPUT, "--version '%s': a version is 1 "
		    "to %d of letters, digits, '-', '.' and '_' (the "
		    "publication date, YYYY-MM-DD, when there is one)",
		    o->version, SCS_MAX_ID);
	if (probs->n > before)
		return INK_EINPUT;
	if ((rc = scs_table_parse(&t, csv, len, probs)) != 0)
		goto cleanup;
	if (t.nrows == 0) {
		problems_add(probs, INK_EINPUT, "line 1: no header row");
		rc = INK_EINPUT;
		goto cleanup;
	}
	for (int c = 0; c < NCOLS; c++) {
		im.col[c] = scs_table_column(&t, col_names[c], &dup);
		if (dup)
			problems_add(probs, INK_EINPUT, "line %zu: column '%s' "
			    "appears twice", t.rows[0].line, col_names[c]);
		if (im.col[c] < 0 && c <= COL_TEXT_JA)
			problems_add(probs, INK_EINPUT, "line %zu: no column "
			    "'%s' in the header", t.rows[0].line, col_names[c]);
	}
	if (probs->n > before) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if ((res = cJSON_Duplicate(base, 1)) == NULL ||
	    (rc = scs_catalog_reqs(&im.reqs, res)) != 0) {
		rc = ink_error(INK_EINPUT, "out of memory");
		problems_add(probs, INK_EINPUT, "out of memory");
		goto cleanup;
	}
	im.rows = calloc(im.reqs.n + 1, sizeof(*im.rows));
	im.nums = calloc(im.reqs.n + 1, sizeof(*im.nums));
	im.nrows = calloc(im.reqs.n + 1, sizeof(*im.nrows));
	if (im.rows == NULL || im.nums == NULL || im.nrows == NULL) {
		problems_add(probs, INK_EINPUT, "out of memory");
		rc = INK_EINPUT;
		goto cleanup;
	}
	for (size_t r = 1; r < t.nrows; r++) {
		if (scs_table_row_blank(&t.rows[r]))
			continue;
		data_rows++;
		import_row(&im, r);
	}
	for (size_t k = 0; k < im.reqs.n; k++) {
		if (im.nrows[k] == 0) {
			problems_add(probs, INK_EINPUT, "requirement '%s' (%s) has "
			    "no criteria in the file", im.reqs.v[k].id,
			    scs_ja(im.reqs.v[k].node, "title"));
			continue;
		}
		/* In numeric order; then the numbers must be 1..n. */
		sort_by_number(im.rows[k], im.nums[k], im.nrows[k]);
		for (size_t i = 0, want = 1; i < im.nrows[k]; i++, want++)
			while ((long)want < im.nums[k][i]) {
				problems_add(probs, INK_EINPUT, "requirement '%s': "
				    "criterion '%s-%zu' is missing (numbers run "
				    "from 1 without gaps)", im.reqs.v[k].id,
				    im.reqs.v[k].id, want);
				want++;
			}
	}
	if (data_rows == 0)
		problems_add(probs, INK_EINPUT, "the file has a header but no "
		    "criteria");
	if (probs->n > before || probs->code == INK_EINPUT) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if ((rc = build(&im)) != 0) {
		problems_add(probs, INK_EINPUT, "%s", ink_error_last());
		goto cleanup;
	}
	set_top(res, o, base);
	*out = res;
	res = NULL;
	rc = 0;
cleanup:
	for (size_t k = 0; im.rows && k < im.reqs.n; k++) {
		free(im.rows[k]);
		free(im.nums[k]);
	}
	free(im.rows);
	free(im.nums);
	free(im.nrows);
	for (size_t i = 0; i < im.ngiven; i++)
		free(im.given[i].text);
	free(im.given);
	scs_reqs_release(&im.reqs);
	scs_table_release(&t);
	cJSON_Delete(res);
	return rc;
}
