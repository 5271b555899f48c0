/*
 * Loading schemes and catalogues.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/timefmt.h"

#ifndef INK_DATADIR
#define INK_DATADIR "/usr/local/share/inkan"
#endif


static char dir[PATH_MAX];

/* The actions a status record takes (FORMAT.md 8.3), in one list for the
 * writer and the reason codes' check. */
const char *const status_actions[] = { "revoke", "suspend", "reinstate",
	"withdraw", "supersede", "correct", "delist", "renewal-pending",
	"corrective-demand", "corrective-closed", "surveillance", NULL };

/* Parsed catalogues and scheme documents, kept for the process: checking
 * 100 000 records must not parse the same catalogue 100 000 times.  The
 * cache owns them; *_get hand out borrowed pointers that stay valid until
 * the process ends (entries of an earlier source are retired, never
 * freed, since a caller may still hold one), *_load a copy the caller
 * owns.  One mutex makes it safe from worker threads. */
struct cached {
	char key[PATH_MAX + 160];
	cJSON *doc;
	char *path;
	int retired;
};
static struct cached *cache;
static size_t ncache, capcache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct cached *
cache_find(const char *key)
{
	for (size_t i = ncache; i-- > 0;)
		if (!cache[i].retired && strcmp(cache[i].key, key) == 0)
			return &cache[i];
	return NULL;
}

/* Takes doc (and a copy of path); on failure frees doc. */
static const struct cached *
cache_put(const char *key, cJSON *doc, const char *path)
{
	struct cached *c;

	if (ncache == capcache) {
		size_t cap = capcache ? capcache * 2 : 16;
		struct cached *n = realloc(cache, cap * sizeof(*n));
		if (n == NULL) {
			cJSON_Delete(doc);
			return NULL;
		}
		cache = n;
		capcache = cap;
	}
	c = &cache[ncache];
	snprintf(c->key, sizeof(c->key), "%s", key);
	c->doc = doc;
	c->path = path ? strdup(path) : NULL;
	c->retired = 0;
	if (path && c->path == NULL) {
		cJSON_Delete(doc);
		return NULL;
	}
	ncache++;
	return c;
}

/* A caller-owned copy of a cached entry. */
static int
cache_copy(cJSON **out, char **path_out, const struct cached *c)
{
	if ((*out = cJSON_Duplicate(c->doc, 1)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if (path_out && (*path_out = strdup(c->path ? c->path : "")) ==
	    NULL) {
		cJSON_Delete(*out);
		*out = NULL;
		return ink_error(INK_EINPUT, "out of memory");
	}
	return 0;
}

/* Another catalogue folder: what was cached from the last may differ. */
static void
retire_all(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		cache[i].retired = 1;
	pthread_mutex_unlock(&cache_lock);
}

void
catalog_source_init(struct catalog_source *s, catalog_source_fn fn,
    void *ctx)
{
	/* 0 is the installed catalogues' alone. */
	static unsigned long serials;

	s->fn = fn;
	s->ctx = ctx;
	pthread_mutex_lock(&cache_lock);
	s->serial = ++serials;
	pthread_mutex_unlock(&cache_lock);
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogue search path: the folders of INKAN_CATALOGS (separated by
 * ':'), then the installed catalogues; or one folder set by the demo. */
#define PATH_DIRS 8
static char dirs[PATH_DIRS][PATH_MAX];
static size_t ndirs;
/* Bumped when the search path changes; the schemes document last found
 * for it (a pointer into the cache, which only grows). */
static unsigned ndirs_gen;
static size_t last_schemes = SIZE_MAX; /* an index: the cache moves */
static unsigned last_schemes_dirs;
static size_t last_reasons = SIZE_MAX;  /* the same for reasons.json */
static unsigned last_reasons_dirs;

void
catalog_dir_set(const char *d)
{
	pthread_mutex_lock(&cache_lock);
	snprintf(dirs[0], sizeof(dirs[0]), "%s", d);
	ndirs = 1;
	ndirs_gen++;
	last_schemes = SIZE_MAX;
	last_reasons = SIZE_MAX;
	pthread_mutex_unlock(&cache_lock);
	memcpy(dir, dirs[0], sizeof(dir));
	retire_all();
}

/* The installed catalogues: build/inkan in a source tree uses the tree's
 * own catalogs/; an installed bin/inkan its own ../share/inkan/catalogs,
 * wherever the installation was moved. */
static void
installed_dir(char out[PATH_MAX])
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		static const char *const rel[] = { "../catalogs",
			"../share/inkan/catalogs" };
		char cand[PATH_MAX + 32];
		exe[n] = '\0';
		dirname(exe);
		for (size_t i = 0; i < 2; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", exe, rel[i]);
			if (is_dir(cand) && strlen(cand) < PATH_MAX) {
				memcpy(out, cand, strlen(cand) + 1);
				return;
			}
		}
	}
	snprintf(out, PATH_MAX, "%s/catalogs", INK_DATADIR);
}

int
catalog_user_dir(char out[PATH_MAX])
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	/* A relative XDG_DATA_HOME is to be ignored (XDG Base Directory). */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, PATH_MAX, "%s/inkan/catalogs", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, PATH_MAX, "%s/.local/share/inkan/catalogs",
		    home);
	else
		return ink_error(INK_ENOTFOUND, "neither HOME nor "
		    "XDG_DATA_HOME names a folder");
	if (n < 0 || n >= PATH_MAX)
		return ink_error(INK_EINPUT, "the user's catalogue folder's "
		    "name is too long");
	return 0;
}

int
catalog_example_path(char out[PATH_MAX], const char *name)
{
	char inst[PATH_MAX];
	int n;

	installed_dir(inst);
	n = snprintf(out, PATH_MAX, "%s/../examples/%s", inst, name);
	if (n < 0 || n >= PATH_MAX)
		return ink_error(INK_EINPUT, "the examples folder's name is too "
		    "long");
	return 0;
}

static void
search_path(void)
{
	const char *env = getenv("INKAN_CATALOGS");
	size_t nenv;

	if (ndirs)
		return;
	for (const char *p = env; p && *p && ndirs < PATH_DIRS - 2;) {
		size_t n = strcspn(p, ":");
		if (n > 0 && n < PATH_MAX) {
			memcpy(dirs[ndirs], p, n);
			dirs[ndirs++][n] = '\0';
		}
		p += n + (p[n] == ':');
	}
	nenv = ndirs;
	/* The user's own folder, where it exists: catalogues imported from
	 * the official lists without setting anything. */
	if (catalog_user_dir(dirs[ndirs]) == 0 && is_dir(dirs[ndirs]))
		ndirs++;
	ink_error_clear();
	installed_dir(dirs[ndirs++]);
	/* "The" catalogue folder stays the first of INKAN_CATALOGS, else the
	 * installed one (the one with schemes.json that the demo copies). */
	memcpy(dir, dirs[nenv ? 0 : ndirs - 1], sizeof(dir));
}

const char *
catalog_dir(void)
{
	search_path();
	return dir;
}

static int
load_json(cJSON **out, const char *path)
{
	struct buf b;
	int rc;

	if ((rc = file_read(&b, path, INK_MAX_JSON)) != 0)
		return rc;
	rc = json_parse(out, (const char *)b.data, b.len, path);
	buf_release(&b);
	return rc;
}

/* Under cache_lock. */
static int
scheme_doc_cached(const struct cached **out)
{
	char path[PATH_MAX + 32];
	cJSON *doc = NULL;
	int rc;

	search_path();
	/* The last lookup, while the search path is the same: no stat of
	 * every folder for every record. */
	if (last_schemes < ncache && !cache[last_schemes].retired &&
	    last_schemes_dirs == ndirs_gen) {
		*out = &cache[last_schemes];
		return 0;
	}
	snprintf(path, sizeof(path), "%s/schemes.json", dirs[ndirs - 1]);
	for (size_t i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/schemes.json", dirs[i]);
		if (file_exists(path))
			break;
	}
	if ((*out = cache_find(path)) != NULL) {
		last_schemes = (size_t)(*out - cache);
		last_schemes_dirs = ndirs_gen;
		return 0;
	}
	if ((rc = load_json(&doc, path)) != 0)
		return rc;
	if ((*out = cache_put(path, doc, path)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	last_schemes = (size_t)(*out - cache);
	last_schemes_dirs = ndirs_gen;
	return 0;
}

/* Whether a reasons document is one inkan reads (docs/CATALOGS.md): a
 * wrong one must fail the load, not quietly lose a reason. */
static int
reasons_valid(const cJSON *doc, const char *path)
{
	const char *const *actions = status_actions;
	const cJSON *r, *a;

	if (!json_get_str(doc, "format") ||
	    strcmp(json_get_str(doc, "format"), "inkan-reasons/v1") != 0)
		return ink_error(INK_EINPUT, "'%s': format is not "
		    "inkan-reasons/v1", path);
	if (!cJSON_IsArray(json_get(doc, "reasons")))
		return ink_error(INK_EINPUT, "'%s': no reasons", path);
	cJSON_ArrayForEach(r, json_get(doc, "reasons")) {
		const char *code = json_get_str(r, "code");
		size_t n = 0;
		if (!code || !*code || strspn(code,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(code) ||
		    strlen(code) > 63 ||
		    !json_get_str(json_get(r, "label"), "ja") ||
		    !json_get_str(json_get(r, "label"), "en") ||
		    !json_get_str(r, "source") ||
		    cJSON_GetArraySize(r) != 4)
			return ink_error(INK_EINPUT, "'%s': reason '%s' needs "
			    "code (A-Z 0-9 -), label {ja, en}, actions and "
			    "source, and nothing else", path, code ? code : "?");
		if (reason_find(doc, code) != r)
			return ink_error(INK_EINPUT, "'%s': reason '%s' is "
			    "listed twice", path, code);
		cJSON_ArrayForEach(a, json_get(r, "actions")) {
			size_t i = 0;
			while (actions[i] && (!cJSON_IsString(a) ||
			    strcmp(actions[i], a->valuestring) != 0))
				i++;
			if (!actions[i])
				return ink_error(INK_EINPUT, "'%s': reason '%s': "
				    "an action is not one of revoke, suspend, "
				    "reinstate, withdraw, supersede, correct, "
				    "delist, renewal-pending", path, code);
			n++;
		}
		if (n == 0)
			return ink_error(INK_EINPUT, "'%s': reason '%s' fits no "
			    "action", path, code);
	}
	return 0;
}

int
reasons_doc_get(const cJSON **out)
{
	char path[PATH_MAX + 32];
	const struct cached *c;
	cJSON *doc = NULL;
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	search_path();
	/* The last one found, while the search path is the same: no stat of
	 * every folder for every label a page shows. */
	if (last_reasons < ncache && !cache[last_reasons].retired &&
	    last_reasons_dirs == ndirs_gen) {
		*out = cache[last_reasons].doc;
		pthread_mutex_unlock(&cache_lock);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/reasons.json", dirs[ndirs - 1]);
	for (size_t i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/reasons.json", dirs[i]);
		if (file_exists(path))
			break;
	}
	if ((c = cache_find(path)) == NULL) {
		if ((rc = load_json(&doc, path)) == 0 &&
		    (rc = reasons_valid(doc, path)) == 0 &&
		    (c = cache_put(path, doc, path)) == NULL)
			rc = ink_error(INK_EINPUT, "out of memory");
		if (rc != 0)
			cJSON_Delete(doc);
	}
	if (c) {
		*out = c->doc;
		last_reasons = (size_t)(c - cache);
		last_reasons_dirs = ndirs_gen;
	}
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

const cJSON *
reason_find(const cJSON *doc, const char *code)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, json_get(doc, "reasons")) {
		const char *c = json_get_str(r, "code");
		if (c && code && strcmp(c, code) == 0)
			return r;
	}
	return NULL;
}

int
reason_fits(const cJSON *reason, const char *action)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, json_get(reason, "actions"))
		if (cJSON_IsString(a) && strcmp(a->valuestring, action) == 0)
			return 1;
	return 0;
}

const char *
reason_label(const char *code, int ja)
{
	const cJSON *doc, *r;

	if (code == NULL || reasons_doc_get(&doc) != 0) {
		ink_error_clear();
		return NULL;
	}
	r = reason_find(doc, code);
	return json_get_str(json_get(r, "label"), ja ? "ja" : "en");
}

int
scheme_doc_get(const cJSON **out)
{
	const struct cached *c;
	int rc;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	if ((rc = scheme_doc_cached(&c)) == 0)
		*out = c->doc;
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

int
scheme_doc_load(cJSON **out)
{
	const struct cached *c;
	int rc;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	if ((rc = scheme_doc_cached(&c)) == 0)
		rc = cache_copy(out, NULL, c);
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

const cJSON *
scheme_find(const cJSON *doc, const char *id)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, json_get(doc, "schemes")) {
		const char *sid = json_get_str(s, "id");
		if (sid && strcmp(sid, id) == 0)
			return s;
	}
	return NULL;
}

/* Whether a catalogue file's name starts with the id it is looked up by
 * ("soc2-tsc.json", "scs-star3-2026.json"). */
static int
named_after(const char *name, const char *id)
{
	size_t n = strlen(id);

	return strncmp(name, id, n) == 0 && strchr(".-@_", name[n]) != NULL &&
	    name[n] != '\0';
}

/* The first catalogue with this id (and version) in folder d, trying the
 * files named after the id first: finding one catalogue must not parse
 * every catalogue installed. */
static int
load_from(cJSON **out, char **path_out, const char *d, const char *id,
    const char *version)
{
	struct dirent **names = NULL;
	int n, rc = INK_ENOTFOUND;

	if ((n = scandir(d, &names, NULL, alphasort)) < 0)
		return INK_ENOTFOUND;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			char path[PATH_MAX + 300];
			const char *name = names[i]->d_name;
			size_t len = strlen(name);
			cJSON *c = NULL;
			const char *cid, *cver;

			if (rc != INK_ENOTFOUND || len < 6 ||
			    strcmp(name + len - 5, ".json") != 0 ||
			    strcmp(name, "schemes.json") == 0 ||
			    strcmp(name, "reasons.json") == 0 ||
			    named_after(name, id) != (pass == 0))
				continue;
			snprintf(path, sizeof(path), "%s/%s", d, name);
			if (load_json(&c, path) != 0)
				continue;
			cid = json_get_str(c, "id");
			cver = json_get_str(c, "version");
			if (cid && strcmp(cid, id) == 0 && (version == NULL ||
			    (cver && strcmp(cver, version) == 0))) {
				*out = c;
				if (path_out)
					*path_out = strdup(path);
				rc = 0;
			} else {
				cJSON_Delete(c);
			}
		}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Under cache_lock.  What src gave is cached apart from the installed
 * catalogues and from every other source's. */
static int
catalog_cached(const struct cached **out, const struct catalog_source *src,
    const char *id, const char *version)
{
	char key[PATH_MAX + 160];
	cJSON *doc = NULL;

	search_path();
	snprintf(key, sizeof(key), "%lu\n%s\n%s\n%s", src ? src->serial : 0,
	    dir, id, version ? version : "");
	if ((*out = cache_find(key)) != NULL)
		return 0;
	if (src && src->fn && src->fn(&doc, id, version, src->ctx) == 0) {
		if ((*out = cache_put(key, doc, "(registry)")) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		return 0;
	}
	ink_error_clear();
	for (size_t i = 0; i < ndirs; i++) {
		char *found = NULL;
		if (load_from(&doc, &found, dirs[i], id, version) == 0) {
			*out = cache_put(key, doc, found);
			free(found);
			if (*out == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			return 0;
		}
	}
	return ink_error(INK_ENOTFOUND, "no catalogue '%s'%s%s in '%s'%s", id,
	    version ? " version " : "", version ? version : "", dir,
	    ndirs > 1 ? " or the installed catalogues" : "");
}

int
catalog_get_from(const struct catalog_source *src, const cJSON **out,
    const char *id, const char *version)
{
	const struct cached *c;
	int rc;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	if ((rc = catalog_cached(&c, src, id, version)) == 0)
		*out = c->doc;
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

int
catalog_get(const cJSON **out, const char *id, const char *version)
{
	return catalog_get_from(NULL, out, id, version);
}

int
catalog_load_from(const struct catalog_source *src, cJSON **out,
    char **path_out, const char *id, const char *version)
{
	const struct cached *c;
	int rc;

	*out = NULL;
	if (path_out)
		*path_out = NULL;
	pthread_mutex_lock(&cache_lock);
	if ((rc = catalog_cached(&c, src, id, version)) == 0)
		rc = cache_copy(out, path_out, c);
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

int
catalog_load(cJSON **out, char **path_out, const char *id,
    const char *version)
{
	return catalog_load_from(NULL, out, path_out, id, version);
}

static const cJSON *
find_item(const cJSON *node, const char *item, int depth)
{
	const cJSON *c, *hit;

	if (depth > INK_MAX_JSON_DEPTH)
		return NULL;
	if (cJSON_IsObject(node)) {
		const char *id = json_get_str(node, "id");
		if (id && depth > 0 && strcmp(id, item) == 0)
			return node;
	}
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return NULL;
	for (c = node->child; c; c = c->next)
		if ((hit = find_item(c, item, depth + 1)) != NULL)
			return hit;
	return NULL;
}

const cJSON *
catalog_item(const cJSON *catalog, const char *item)
{
	return find_item(catalog, item, 0);
}

/* The window a validity rule gives a predicate (scheme_validity). */
static int
rule_window(int64_t *not_before, int64_t *not_after, const cJSON *rule,
    const char *sid, const cJSON *predicate, struct problems *probs)
{
	const char *kind = json_get_str(rule, "rule");
	const char *field = json_get_str(rule, "field");
	const char *val;
	int64_t n, t, day;
	int years;

	/* years-from: N years from the field's day; months-from-next-day:
	 * N months from the day after it (ISMAP-style: 1 year 4 months
	 * from the day following the audited period's end). */
	years = kind && strcmp(kind, "years-from") == 0;
	if (kind == NULL || (!years && strcmp(kind, "months-from-next-day")
	    != 0) || field == NULL || json_get_int(&n, rule, years ? "years" :
	    "months") != 0 || n < 1 || n > 1200) {
		problems_add(probs, INK_EINPUT, "scheme '%s' has no validity "
		    "rule inkan knows", sid);
		return INK_EINPUT;
	}
	val = json_get_str(predicate, field);
	if (val == NULL) {
		problems_add(probs, INK_ENO, "predicate.%s is needed: the "
		    "validity window of '%s' counts from it", field, sid);
		return INK_ENO;
	}
	if (strlen(val) == 10) {
		if (time_parse_date(&t, val) != 0) {
			problems_add(probs, INK_ENO, "predicate.%s: %s", field,
			    ink_error_last());
			return INK_ENO;
		}
		day = t; /* 00:00 UTC of the JST calendar day */
	} else {
		if (time_parse(&t, val) != 0) {
			problems_add(probs, INK_ENO, "predicate.%s: %s", field,
			    ink_error_last());
			return INK_ENO;
		}
		/* The JST calendar day of a UTC instant. */
		day = (t + JST_OFFSET) - (t + JST_OFFSET) % 86400;
	}
	*not_before = day - JST_OFFSET;
	*not_after = (years ? time_add_years(day, (int)n) :
	    time_add_months(day + 86400, (int)n)) - JST_OFFSET;
	return 0;
}

int
scheme_validity(int64_t *not_before, int64_t *not_after,
    const cJSON *scheme, const cJSON *predicate, struct problems *probs)
{
	return rule_window(not_before, not_after, json_get(scheme, "validity"),
	    json_get_str(scheme, "id"), predicate, probs);
}

int
scheme_validity_earlier(int64_t *not_before, int64_t *not_after,
    const cJSON *scheme, const cJSON *predicate, int64_t nb, int64_t na,
    const char **until)
{
	const cJSON *r;
	struct problems none = PROBLEMS_INIT;

	cJSON_ArrayForEach(r, json_get(scheme, "validity_earlier")) {
		int64_t b, e;
		const char *u = json_get_str(r, "until");
		problems_release(&none);
		if (u == NULL || rule_window(&b, &e, r, json_get_str(scheme,
		    "id"), predicate, &none) != 0 || b != nb || e != na)
			continue;
		*not_before = b;
		*not_after = e;
		*until = u;
		problems_release(&none);
		return 0;
	}
	problems_release(&none);
	return INK_ENOTFOUND;
}
