/*
 * Catalogues on the SCS side: open, check, count, list (the import from
 * a criteria list is in kinds/scs_import.c).
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

long
scs_child_number(const char *parent, const char *id)
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
	if (s->numbered && mid && scs_child_number(mid, id) < 0)
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
		if (s->numbered && scs_child_number(id, cid) != k)
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
			if (s.numbered && scs_child_number(cid, mid) < 0)
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

int
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
	return scs_catalog_find_in(NULL, out, path_out, id, version);
}

int
scs_catalog_find_in(const struct catalog_source *cats, cJSON **out,
    char **path_out, const char *id, const char *version)
{
	char *path = NULL;
	cJSON *c = NULL;
	int rc;

	*out = NULL;
	if (path_out)
		*path_out = NULL;
	if ((rc = catalog_load_from(cats, &c, &path, id, version)) != 0) {
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
