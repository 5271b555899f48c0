/*
 * The search index of the site (docs/FORMAT.md section 9.4): script
 * files, not JSON, so that a browser loads them from file:// as well as
 * over HTTP, and split so that a query loads only what it needs.
 *
 *   api/search/head.js     how many entries, shards and chunks
 *   api/search/t/XXX.js    the terms whose hash falls in shard XXX, each
 *                          with the chunks it occurs in
 *   api/search/c/N.js      the rows of the entries of chunk N (what a
 *                          result shows, and the text a query is checked
 *                          on)
 *
 * A term is two characters in a row of one searched text (organisation,
 * corporate number, service, service id, audit firm, auditor or expert)
 * in the searched form (norm_cp); a query loads the shards of its terms,
 * then the chunks that hold every term, and checks each word against each
 * row's text there.  An organisation's entries are all in one chunk (its
 * key's hash picks it), so a query for one loads one chunk; and a new
 * entry changes its chunk and the shards of its own terms only.  The same
 * registry gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/escape.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "site/site_int.h"

/* Rows per chunk on average, and the most code points of one text that
 * make terms. */
#define CHUNK 128
#define TEXT_MAX 512
/* Chunk numbers take 22 bits of a term's sort key. */
#define ENTRY_BITS 22
#define SEARCH_MAX_ENTRIES ((size_t)1 << ENTRY_BITS)
/* Terms held at once while the shards are written: bounds the memory. */
#define PASS_TERMS ((size_t)1 << 21)

/* The code point c in the searched form: 0 to drop it (white space),
 * full-width ASCII as ASCII, capital Latin letters as small.  site.js
 * does the same to a query (norm()), so both sides agree exactly. */
static unsigned long
norm_cp(unsigned long c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0xa0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
	    c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 ||
	    c == 0xfeff)
		return 0;
	if (c >= 0xff01 && c <= 0xff5e)
		c -= 0xfee0;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		c += 0x20;
	return c;
}

/* s in the searched form, as code points (at most max). */
static size_t
norm_text(unsigned long *out, size_t max, const char *s)
{
	size_t n = 0, len;

	for (const unsigned char *p = (const unsigned char *)s; p && *p &&
	    n < max; p += len) {
		unsigned long c = norm_cp(esc_utf8_next(p, &len));
		if (c)
			out[n++] = c;
	}
	return n;
}

/* The UTF-8 of c in u: its length. */
static size_t
utf8_enc(unsigned char u[4], unsigned long c)
{
	if (c < 0x80) {
		u[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | c >> 6);
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | c >> 12);
		u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | c >> 18);
	u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
	u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
	u[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

static int
add_utf8(struct buf *b, unsigned long c)
{
	unsigned char u[4];

	return buf_add(b, u, utf8_enc(u, c));
}

/* FNV-1a (32 bits) of the term's UTF-8: site.js hashes the same way. */
static uint32_t
term_hash(unsigned long a, unsigned long b)
{
	unsigned char u[8];
	size_t n = utf8_enc(u, a);
	uint32_t h = 2166136261u;

	n += utf8_enc(u + n, b);
	for (size_t i = 0; i < n; i++)
		h = (h ^ u[i]) * 16777619u;
	return h;
}

/* The texts of entry r that a query is matched against. */
#define NTEXTS 13
static size_t
texts_of(const struct s_model *m, const struct s_rec *r,
    const char *out[NTEXTS])
{
	size_t n = 0;

	out[n++] = r->org.ja;
	out[n++] = r->org.en != r->org.ja ? r->org.en : NULL;
	out[n++] = r->corp;
	out[n++] = r->svc.ja;
	out[n++] = r->svc.en != r->svc.ja ? r->svc.en : NULL;
	out[n++] = r->svc_id;
	out[n++] = r->number;
	out[n++] = r->firm.ja;
	out[n++] = r->firm.en != r->firm.ja ? r->firm.en : NULL;
	for (size_t i = 0; i < r->nsigners && n + 2 <= NTEXTS; i++) {
		const struct s_signer *g = &r->signers[i];
		struct s_text who = g->ent != S_NONE ?
		    m->signers[g->ent].person : g->name;
		if (g->role == NULL || strcmp(g->role, "management") == 0)
			continue;
		out[n++] = who.ja;
		out[n++] = who.en != who.ja ? who.en : NULL;
	}
	return n;
}

struct idx {
	struct site *s;
	size_t *ents;           /* entry number -> record */
	size_t n;
	size_t nshards, nchunks;
	uint32_t *chunk;        /* entry number -> its chunk */
	size_t *count;          /* terms per shard (with repeats) */
	uint64_t *keys;         /* one pass's terms, by shard */
	size_t lo, hi;          /* the pass's shards */
	size_t *at;             /* where each shard of the pass fills keys */
};

/* Calls fn for every term of every entry; the terms of one text in
 * order, an entry's repeats included. */
static void
each_term(struct idx *x, void (*fn)(struct idx *, uint32_t, uint64_t))
{
	unsigned long cp[TEXT_MAX];

	for (size_t e = 0; e < x->n; e++) {
		const struct s_rec *r = &x->s->m.recs[x->ents[e]];
		const char *t[NTEXTS];
		size_t nt = texts_of(&x->s->m, r, t);
		for (size_t k = 0; k < nt; k++) {
			size_t n = t[k] ? norm_text(cp, TEXT_MAX, t[k]) : 0;
			for (size_t i = 0; i + 1 < n; i++)
				fn(x, term_hash(cp[i], cp[i + 1]),
				    (uint64_t)cp[i] << (21 + ENTRY_BITS) |
				    (uint64_t)cp[i + 1] << ENTRY_BITS | x->chunk[e]);
		}
	}
}

static void
count_term(struct idx *x, uint32_t h, uint64_t key)
{
	(void)key;
	x->count[h & (x->nshards - 1)]++;
}

/* Shards [lo, hi) are this pass's: x->at[] counts from each one's start. */
static void
keep_term(struct idx *x, uint32_t h, uint64_t key)
{
	size_t sh = h & (x->nshards - 1);

	if (sh >= x->lo && sh < x->hi)
		x->keys[x->at[sh - x->lo]++] = key;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
add_b36(struct buf *b, uint64_t v)
{
	char d[16];
	size_t n = 0;

	do {
		d[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v);
	while (n)
		if (buf_addc(b, d[--n]) != 0)
			return INK_EINPUT;
	return 0;
}

/* api/search/t/<sh>.js from its sorted terms: each term once, with the
 * chunks it is in as base-36 numbers, the first whole and the others as
 * the step from the one before. */
static int
write_shard(struct idx *x, size_t sh, const uint64_t *k, size_t n)
{
	struct buf b = BUF_INIT(SITE_MAX_FILE);
	char rel[64];
	int rc;

	rc = buf_addf(&b, "inkanSearch.terms(%zu,{", sh);
	for (size_t i = 0; rc == 0 && i < n;) {
		uint64_t term = k[i] >> ENTRY_BITS;
		uint64_t last = 0;
		unsigned char u[9];
		size_t ul;
		int first = 1;
		if (i > 0)
			rc = buf_addc(&b, ',');
		ul = utf8_enc(u, (unsigned long)(term >> 21));
		ul += utf8_enc(u + ul, (unsigned long)(term & 0x1fffff));
		u[ul] = '\0';
		if (rc == 0)
			rc = json_quote(&b, (const char *)u);
		if (rc == 0)
			rc = buf_adds(&b, ":\"");
		for (; rc == 0 && i < n && k[i] >> ENTRY_BITS == term; i++) {
			uint64_t e = k[i] & (((uint64_t)1 << ENTRY_BITS) - 1);
			if (!first && e == last)
				continue;
			if (!first)
				rc = buf_addc(&b, ',');
			if (rc == 0)
				rc = add_b36(&b, first ? e : e - last);
			first = 0;
			last = e;
		}
		if (rc == 0)
			rc = buf_addc(&b, '"');
	}
	if (rc == 0)
		rc = buf_adds(&b, "});\n");
	if (rc != 0)
		rc = ink_error(INK_EINPUT, "search index: out of memory");
	snprintf(rel, sizeof(rel), "api/search/t/%03zx.js", sh);
	if (rc == 0)
		rc = site_write(x->s, rel, b.data, b.len);
	buf_release(&b);
	return rc;
}

static int
shards(struct idx *x)
{
	size_t total = 0;
	int rc = 0;

	if ((x->count = calloc(x->nshards, sizeof(*x->count))) == NULL ||
	    (x->at = calloc(x->nshards, sizeof(*x->at))) == NULL)
		return ink_error(INK_EINPUT, "search index: out of memory");
	each_term(x, count_term);
	for (size_t i = 0; i < x->nshards; i++)
		total += x->count[i];
	if ((x->keys = malloc((total < PASS_TERMS ? total : PASS_TERMS) *
	    sizeof(*x->keys) + 1)) == NULL)
		return ink_error(INK_EINPUT, "search index: out of memory");
	/* As many shards a pass as fit in PASS_TERMS terms (at least one). */
	for (size_t lo = 0, hi; rc == 0 && lo < x->nshards; lo = hi) {
		size_t n = 0, start;
		for (hi = lo; hi < x->nshards && (hi == lo ||
		    n + x->count[hi] <= PASS_TERMS); hi++)
			n += x->count[hi];
		if (n > PASS_TERMS) {
			uint64_t *k = realloc(x->keys, n * sizeof(*k));
			if (k == NULL)
				return ink_error(INK_EINPUT, "search index: out "
				    "of memory");
			x->keys = k;
		}
		start = 0;
		for (size_t sh = lo; sh < hi; sh++) {
			x->at[sh - lo] = start;
			start += x->count[sh];
		}
		x->lo = lo;
		x->hi = hi;
		each_term(x, keep_term);
		start = 0;
		for (size_t sh = lo; rc == 0 && sh < hi; sh++) {
			qsort(x->keys + start, x->count[sh], sizeof(*x->keys),
			    cmp_u64);
			rc = write_shard(x, sh, x->keys + start, x->count[sh]);
			start += x->count[sh];
		}
	}
	return rc;
}

/* A text as a JSON string ("" for none). */
static int
add_str(struct buf *b, const char *s)
{
	return json_quote(b, s ? s : "");
}

/* The scheme and level of r in words, as the register shows them. */
static void
scheme_words(struct site *s, const struct s_rec *r, const char *l,
    char *out, size_t len)
{
	const char *lv = s_level_name(&s->m, r, l);

	snprintf(out, len, "%s%s%s", s_scheme_name(&s->m, r->scheme, l),
	    lv && r->kind != SK_SCS ? " " : "", lv && r->kind != SK_SCS ?
	    lv : "");
}

/* One row: [log index, record hex, status, organisation key, its name ja,
 * en, service key, title ja, en, scheme and level ja, en, first day, last
 * day, [[keyid, person ja, en], ...] of the auditors or experts,
 * registered (JST day), the searched text, the registration number or
 * null]. */
static int
add_row(struct idx *x, struct buf *b, const struct s_rec *r)
{
	struct s_model *m = &x->s->m;
	const struct s_org *g = r->org_ent != S_NONE ? &m->orgs[r->org_ent] :
	    NULL;
	const char *t[NTEXTS];
	unsigned long cp[TEXT_MAX];
	char w[1200], d[11];
	size_t nt;
	int rc, first = 1;

	rc = buf_addf(b, "[%zu,\"%s\",", r->leaf, S_HEX(r));
	if (rc == 0)
		rc = add_str(b, r->has_state ? reg_state_name(r->state) :
		    "recorded");
	if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
		rc = add_str(b, g ? g->key : NULL);
	if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
		rc = add_str(b, g ? s_pick(g->name, "ja") : s_pick(r->org, "ja"));
	if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
		rc = add_str(b, g ? s_pick(g->name, "en") : s_pick(r->org, "en"));
	if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
		rc = add_str(b, r->svc_ent != S_NONE ? m->svcs[r->svc_ent].key :
		    NULL);
	for (int k = 0; k < 2 && rc == 0; k++) {
		const char *l = k ? "en" : "ja";
		const char *n = r->svc_ent != S_NONE ?
		    s_pick(m->svcs[r->svc_ent].name, l) : NULL;
		if ((rc = buf_addc(b, ',')) == 0)
			rc = add_str(b, n ? n : rec_title(x->s, r, l));
	}
	for (int k = 0; k < 2 && rc == 0; k++) {
		scheme_words(x->s, r, k ? "en" : "ja", w, sizeof(w));
		if ((rc = buf_addc(b, ',')) == 0)
			rc = add_str(b, w);
	}
	if (rc == 0 && r->has_validity) {
		site_jst_day(d, r->nb);
		rc = buf_addf(b, ",\"%s\",", d);
		site_jst_day(d, r->na > r->nb ? r->na - 1 : r->na);
		if (rc == 0)
			rc = buf_addf(b, "\"%s\",[", d);
	} else if (rc == 0)
		rc = buf_adds(b, ",\"\",\"\",[");
	for (size_t i = 0; rc == 0 && i < r->nsigners; i++) {
		const struct s_signer *sg = &r->signers[i];
		struct s_text who = sg->ent != S_NONE ?
		    m->signers[sg->ent].person : sg->name;
		if (sg->role == NULL || strcmp(sg->role, "management") == 0)
			continue;
		if (!first)
			rc = buf_addc(b, ',');
		first = 0;
		if (rc == 0)
			rc = buf_addc(b, '[');
		if (rc == 0)
			rc = add_str(b, sg->ent != S_NONE ? sg->keyid : NULL);
		if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
			rc = add_str(b, s_pick(who, "ja"));
		if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
			rc = add_str(b, s_pick(who, "en"));
		if (rc == 0)
			rc = buf_addc(b, ']');
	}
	site_jst_day(d, r->integrated);
	if (rc == 0)
		rc = buf_addf(b, "],\"%s\",", d);
	/* The searched text: each text in the searched form, a line each
	 * (a query never holds a line break). */
	{
		struct buf h = BUF_INIT(SITE_MAX_FILE);
		nt = texts_of(m, r, t);
		for (size_t k = 0; rc == 0 && k < nt; k++) {
			size_t n = t[k] ? norm_text(cp, TEXT_MAX, t[k]) : 0;
			if (n == 0)
				continue;
			if (h.len)
				rc = buf_addc(&h, '\n');
			for (size_t i = 0; rc == 0 && i < n; i++)
				rc = add_utf8(&h, cp[i]);
		}
		if (rc == 0)
			rc = add_str(b, h.len ? buf_str(&h) : "");
		buf_release(&h);
	}
	if (rc == 0 && (rc = buf_addc(b, ',')) == 0)
		rc = add_str(b, r->number);
	if (rc == 0)
		rc = buf_addc(b, ']');
	return rc;
}

static int
chunks(struct idx *x)
{
	size_t *start = calloc(x->nchunks + 1, sizeof(*start)), *order = NULL;
	int rc = 0;

	if (start == NULL || (order = malloc((x->n + 1) * sizeof(*order))) ==
	    NULL) {
		rc = ink_error(INK_EINPUT, "search index: out of memory");
		goto cleanup;
	}
	/* The entries of each chunk, in log order. */
	for (size_t e = 0; e < x->n; e++)
		start[x->chunk[e] + 1]++;
	for (size_t c = 0; c < x->nchunks; c++)
		start[c + 1] += start[c];
	for (size_t e = 0; e < x->n; e++)
		order[start[x->chunk[e]]++] = e;
	for (size_t c = x->nchunks; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	for (size_t c = 0; rc == 0 && c < x->nchunks; c++) {
		struct buf b = BUF_INIT(SITE_MAX_FILE);
		char rel[64];
		if (start[c] == start[c + 1])
			continue;
		rc = buf_addf(&b, "inkanSearch.rows(%zu,[", c);
		for (size_t k = start[c]; rc == 0 && k < start[c + 1]; k++) {
			if (k > start[c])
				rc = buf_addc(&b, ',');
			if (rc == 0)
				rc = add_row(x, &b, &x->s->m.recs[x->ents[order[k]]]);
		}
		if (rc == 0)
			rc = buf_adds(&b, "]);\n");
		if (rc != 0)
			rc = ink_error(INK_EINPUT, "search index: out of memory");
		snprintf(rel, sizeof(rel), "api/search/c/%zu.js", c);
		if (rc == 0)
			rc = site_write(x->s, rel, b.data, b.len);
		buf_release(&b);
	}
cleanup:
	free(start);
	free(order);
	return rc;
}

int
site_search(struct site *s)
{
	struct s_model *m = &s->m;
	struct idx x = { s, NULL, 0, 16, 1, NULL, NULL, NULL, 0, 0, NULL };
	char head[256];
	int rc;

	if ((x.ents = malloc((m->n + 1) * sizeof(*x.ents))) == NULL ||
	    (x.chunk = malloc((m->n + 1) * sizeof(*x.chunk))) == NULL) {
		rc = ink_error(INK_EINPUT, "search index: out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < m->n; i++)
		if (s_is_entry(&m->recs[i]))
			x.ents[x.n++] = i;
	if (x.n > SEARCH_MAX_ENTRIES) {
		rc = ink_error(INK_EINPUT, "search index: %zu entries, more "
		    "than the %zu it can hold", x.n, SEARCH_MAX_ENTRIES);
		goto cleanup;
	}
	/* Powers of two: about CHUNK entries a chunk, 64 a shard (16 to
	 * 4096 shards), so that both change only when the register doubles. */
	while (x.nchunks * CHUNK < x.n)
		x.nchunks *= 2;
	while (x.nshards < 4096 && x.nshards * 64 < x.n)
		x.nshards *= 2;
	for (size_t e = 0; e < x.n; e++) {
		const struct s_rec *r = &m->recs[x.ents[e]];
		const char *key = r->org_ent != S_NONE ?
		    m->orgs[r->org_ent].key : r->id;
		x.chunk[e] = (uint32_t)(hmap_str(key) & (x.nchunks - 1));
	}
	snprintf(head, sizeof(head), "inkanSearch.head({\"chunks\":%zu,"
	    "\"entries\":%zu,\"format\":\"inkan-site-search/v1\","
	    "\"shards\":%zu});\n", x.nchunks, x.n, x.nshards);
	if ((rc = site_write(s, "api/search/head.js", head,
	    strlen(head))) != 0 || (rc = shards(&x)) != 0)
		goto cleanup;
	rc = chunks(&x);
cleanup:
	free(x.ents);
	free(x.chunk);
	free(x.count);
	free(x.at);
	free(x.keys);
	return rc;
}
