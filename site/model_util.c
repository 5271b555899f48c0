/*
 * The site's model (see model.h): the arena its strings live in, the
 * string map it is indexed by, and the small questions pages ask of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "site/model_int.h"

/* --- an arena for the model's strings ---------------------------------- */

struct arena {
	struct chunk {
		struct chunk *next;
		size_t used, size;
		char data[];
	} *head;
};

#define ARENA_CHUNK (1024 * 1024)

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = arena_alloc(a, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

struct arena *
arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	while (a && a->head) {
		struct chunk *c = a->head;
		a->head = c->next;
		free(c);
	}
	free(a);
}

/* --- a string map to an index (over core/hashmap) ---------------------- */

static int
smap_same(const void *ctx, size_t i, const void *key)
{
	const struct smap *m = ctx;

	return strcmp(m->keys[i], key) == 0;
}

size_t
smap_get(const struct smap *m, const char *key)
{
	size_t i = hmap_get(&m->h, hmap_str(key), smap_same, m, key);

	return i == HMAP_NONE ? S_NONE : m->vals[i];
}

/* Adds key with val, or sets the value of key when it is there already;
 * 0 or INK_EINPUT. */
int
smap_put(struct smap *m, const char *key, size_t val)
{
	uint64_t h = hmap_str(key);
	size_t i = hmap_get(&m->h, h, smap_same, m, key);

	if (i != HMAP_NONE) {
		m->vals[i] = val;
		return 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 128;
		const char **k = realloc(m->keys, cap * sizeof(*k));
		size_t *v;
		if (k == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		m->keys = k;
		if ((v = realloc(m->vals, cap * sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		m->vals = v;
		m->cap = cap;
	}
	if (hmap_put(&m->h, h, m->n) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	m->keys[m->n] = key;
	m->vals[m->n++] = val;
	return 0;
}

void
smap_free(struct smap *m)
{
	hmap_free(&m->h);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* --- small helpers ----------------------------------------------------- */

const char *
s_pick(struct s_text t, const char *lang)
{
	if (strcmp(lang, "ja") == 0)
		return t.ja ? t.ja : t.en;
	return t.en ? t.en : t.ja;
}

int
s_is_entry(const struct s_rec *r)
{
	return r->kind == SK_AUDIT || r->kind == SK_SCS;
}

const cJSON *
s_scheme(const struct s_model *m, const char *id)
{
	return id ? scheme_find(m->schemes, id) : NULL;
}

const char *
s_scheme_name(const struct s_model *m, const char *id, const char *lang)
{
	const cJSON *s = s_scheme(m, id), *n = json_get(s, "name");
	const char *v = json_get_str(n, lang);

	if (v == NULL)
		v = json_get_str(n, strcmp(lang, "ja") == 0 ? "en" : "ja");
	return v ? v : id;
}

const char *
s_level_name(const struct s_model *m, const struct s_rec *r,
    const char *lang)
{
	const cJSON *names, *l;
	const char *v;

	if (r->level == NULL)
		return NULL;
	if (r->kind == SK_SCS) {
		static const char *const stars[] = { "★1", "★2", "★3", "★4",
			"★5" };
		char *end;
		long n = strtol(r->level, &end, 10);
		return end != r->level && *end == '\0' && n >= 1 && n <= 5 ?
		    stars[n - 1] : r->level;
	}
	names = json_get(s_scheme(m, r->scheme), "level_names");
	l = json_get(names, r->level);
	v = json_get_str(l, lang);
	return v ? v : r->level;
}

void
s_edges(const struct s_model *m, enum s_edge e, size_t to, size_t *first,
    size_t *n)
{
	const struct s_pairs *p = &m->edges[e];
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].to < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (hi < p->n && p->v[hi].to == to)
		hi++;
	*n = hi - lo;
}

int
s_pairs_add(struct s_pairs *p, size_t to, size_t from)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct s_pair *v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].to = to;
	p->v[p->n++].from = from;
	return 0;
}

static int
pair_cmp(const void *a, const void *b)
{
	const struct s_pair *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

void
s_pairs_sort(struct s_pairs *p)
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), pair_cmp);
}

/* Pairs (to = group, from = record) sorted, as per-group slices of one
 * array: out[first .. first + n) for each of the ngroups structs at
 * groups (stride bytes apart; first and n at the offsets given).  No
 * address is formed from groups when there are none (it may be NULL). */
int
s_pairs_slices(struct s_pairs *p, size_t **out, void *groups, size_t ngroups,
    size_t stride, size_t first_off, size_t count_off)
{
	size_t *v;

	s_pairs_sort(p);
	if ((v = malloc((p->n + 1) * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t g = 0; g < ngroups; g++) {
		char *e = (char *)groups + g * stride;
		*(size_t *)(e + first_off) = 0;
		*(size_t *)(e + count_off) = 0;
	}
	for (size_t i = 0; i < p->n; i++) {
		char *e = (char *)groups + p->v[i].to * stride;
		size_t *f = (size_t *)(e + first_off);
		size_t *c = (size_t *)(e + count_off);
		if (*c == 0)
			*f = i;
		(*c)++;
		v[i] = p->v[i].from;
	}
	*out = v;
	return 0;
}

/* --- views, entities, relations ---------------------------------------- */

int
s_named_cmp(const void *a, const void *b)
{
	const struct s_named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->ix < y->ix ? -1 : x->ix > y->ix;
}

const struct s_view *
s_view_find(const struct s_model *m, const char *id)
{
	for (size_t i = 0; i < m->nviews; i++)
		if (strcmp(m->views[i].id, id) == 0)
			return &m->views[i];
	return NULL;
}

/* A file-name-safe form of a value: letters, digits and '-' as they are,
 * anything else as "_xx" (hex), so different values stay different. */
void
s_slug(char *out, size_t len, const char *v)
{
	size_t k = 0;

	for (; *v && k + 4 < len; v++) {
		unsigned char ch = (unsigned char)*v;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-')
			out[k++] = (char)ch;
		else
			k += (size_t)snprintf(out + k, len - k, "_%02x", ch);
	}
	out[k] = '\0';
}

void
s_state_slug(char *out, size_t len, enum reg_state s)
{
	const char *n = reg_state_name(s);
	size_t k = 0;

	for (; *n && k + 1 < len; n++)
		out[k++] = *n == ' ' ? '-' : *n;
	out[k] = '\0';
}

int
s_is_cert(const struct s_model *m, const struct s_rec *r)
{
	const char *sh;

	if (r->kind != SK_AUDIT || r->scheme == NULL)
		return 0;
	sh = json_get_str(s_scheme(m, r->scheme), "record_shape");
	return sh != NULL && strcmp(sh, "certification") == 0;
}

const char *
s_cert_body(const struct s_model *m, const struct s_rec *r,
    const char *lang)
{
	const cJSON *b = json_get(s_scheme(m, r->scheme), "audit_body");

	return json_get_str(b, lang) ? json_get_str(b, lang) :
	    json_get_str(b, strcmp(lang, "ja") == 0 ? "en" : "ja");
}
