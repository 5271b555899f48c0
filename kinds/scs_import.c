/*
 * Catalogues on the SCS side: the import of a criteria list (CSV) into a
 * catalogue on the tree of a base catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_limits.h"
#include "kinds/scs.h"
#include "kinds/scs_table.h"

#define NO_ENGLISH "(no English text)"

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
	if ((n = scs_child_number(req, crit)) < 1 || n > SCS_MAX_CRITERIA) {
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
