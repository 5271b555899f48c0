/*
 * The assessment sheet: CSV and XLSX out, filled CSV in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_limits.h"
#include "kinds/scs.h"
#include "kinds/scs_sheet.h"
#include "kinds/scs_table.h"

/* The Japanese header of each column. */
static const char *const scs_sheet_headers[SHEET_NCOLS] = {
	"要求事項番号",
	"評価基準番号",
	"要求事項",
	"評価基準",
	"回答(対応済/一部対応済/対応準備中/未対応/対象外)",
	"組織のコメント",
	"評価手続(文書類/システム機能/現場視察/ヒアリング)",
	"専門家の評価結果(適合/改善要/対象外)",
	"専門家のコメント",
	"基準充足(満たす/満たさない)",
};

/* The header's name as the reader matches it (before the "("). */
static const char *const header_names[SHEET_NCOLS] = { "要求事項番号",
	"評価基準番号", "要求事項", "評価基準", "回答", "組織のコメント",
	"評価手続", "専門家の評価結果", "専門家のコメント", "基準充足" };

/* The 要求事項 cell: the requirement's name and its statement. */
static int
requirement_text(struct buf *out, const cJSON *req)
{
	const char *title = scs_ja(req, "title"), *text = scs_ja(req, "text");

	buf_reset(out);
	if (*text)
		return buf_addf(out, "%s\n%s", title, text);
	return buf_adds(out, title);
}

int
scs_sheet_csv(struct buf *out, const cJSON *cat)
{
	struct scs_reqs reqs = SCS_REQS_INIT;
	struct buf rt = BUF_INIT(SCS_MAX_CSV_FIELD);
	int rc;

	if ((rc = scs_catalog_reqs(&reqs, cat)) != 0)
		return rc;
	rc = buf_adds(out, "\xef\xbb\xbf");
	for (int c = 0; c < SHEET_NCOLS && rc == 0; c++)
		rc = scs_csv_field(out, scs_sheet_headers[c], c == 0);
	if (rc == 0)
		rc = buf_adds(out, "\r\n");
	for (size_t k = 0; k < reqs.n && rc == 0; k++) {
		const cJSON *c;
		if ((rc = requirement_text(&rt, reqs.v[k].node)) != 0)
			break;
		cJSON_ArrayForEach(c, json_get(reqs.v[k].node, "criteria")) {
			if (rc == 0)
				rc = scs_csv_field(out, reqs.v[k].id, 1);
			if (rc == 0)
				rc = scs_csv_field(out, json_get_str(c, "id"), 0);
			if (rc == 0)
				rc = scs_csv_field(out, buf_str(&rt), 0);
			if (rc == 0)
				rc = scs_csv_field(out, scs_ja(c, "text"), 0);
			for (int i = SHEET_ANSWER; i < SHEET_NCOLS && rc == 0; i++)
				rc = scs_csv_field(out, "", 0);
			if (rc == 0)
				rc = buf_adds(out, "\r\n");
		}
	}
	buf_release(&rt);
	scs_reqs_release(&reqs);
	return rc;
}

/* ---- XLSX ----------------------------------------------------------- */

static int
lxw_fail(lxw_error e, const char *what)
{
	return ink_error(INK_EINPUT, "cannot write the workbook: %s: %s",
	    what, lxw_strerror(e));
}

/* A drop-down list of words on rows 1..last of column col.  Procedures
 * may be several, so that list only informs instead of refusing. */
static lxw_error
dropdown(lxw_worksheet *ws, lxw_row_t last, lxw_col_t col,
    const char *const *words, int strict, char *title, char *msg)
{
	lxw_data_validation dv;

	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)words;
	dv.ignore_blank = LXW_VALIDATION_ON;
	dv.show_input = LXW_VALIDATION_ON;
	dv.input_title = title;
	dv.input_message = msg;
	dv.error_type = strict ? LXW_VALIDATION_ERROR_TYPE_STOP :
	    LXW_VALIDATION_ERROR_TYPE_INFORMATION;
	return worksheet_data_validation_range(ws, 1, col, last, col, &dv);
}

static const char *const met_words[] = { SCS_MET, SCS_NOT_MET, NULL };

static int
write_workbook(const char *path, const cJSON *cat)
{
	struct scs_reqs reqs = SCS_REQS_INIT;
	struct buf rt = BUF_INIT(SCS_MAX_CSV_FIELD), info = BUF_INIT(4096);
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws, *wi;
	lxw_format *head, *cell;
	lxw_row_t row = 1;
	lxw_error e = LXW_NO_ERROR;
	const char *what = "cells";
	int rc;
	static const double widths[SHEET_NCOLS] = { 10, 11, 40, 50, 14, 30,
		18, 14, 30, 12 };

	if ((rc = scs_catalog_reqs(&reqs, cat)) != 0)
		return rc;
	opt.tmpdir = getenv("TMPDIR");
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		rc = ink_error(INK_EINPUT, "cannot start a workbook at '%s'",
		    path);
		goto cleanup;
	}
	memset(&props, 0, sizeof(props));
	if ((rc = buf_addf(&info, "SCS アセスメントシート %s %s",
	    json_get_str(cat, "id"), json_get_str(cat, "version"))) != 0)
		goto cleanup;
	props.title = (char *)buf_str(&info);
	props.comments = "inkan scs sheet export";
	workbook_set_properties(wb, &props);
	ws = workbook_add_worksheet(wb, "アセスメントシート");
	wi = workbook_add_worksheet(wb, "カタログ");
	head = workbook_add_format(wb);
	cell = workbook_add_format(wb);
	if (ws == NULL || wi == NULL || head == NULL || cell == NULL) {
		rc = ink_error(INK_EINPUT, "cannot build the workbook");
		goto cleanup;
	}
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(cell);
	format_set_border(cell, LXW_BORDER_THIN);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	for (int c = 0; c < SHEET_NCOLS && !e; c++) {
		e = worksheet_write_string(ws, 0, (lxw_col_t)c,
		    scs_sheet_headers[c], head);
		if (!e)
			e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			    widths[c], NULL);
	}
	for (size_t k = 0; k < reqs.n && !e; k++) {
		const cJSON *c, *crit = json_get(reqs.v[k].node, "criteria");
		lxw_row_t first = row, n = (lxw_row_t)cJSON_GetArraySize(crit);
		if ((rc = requirement_text(&rt, reqs.v[k].node)) != 0)
			goto cleanup;
		cJSON_ArrayForEach(c, crit) {
			if (!e)
				e = worksheet_write_string(ws, row, SHEET_REQ,
				    reqs.v[k].id, cell);
			if (!e)
				e = worksheet_write_string(ws, row, SHEET_CRIT,
				    json_get_str(c, "id"), cell);
			if (!e)
				e = worksheet_write_string(ws, row,
				    SHEET_CRIT_TEXT, scs_ja(c, "text"), cell);
			if (!e)
				e = worksheet_write_blank(ws, row, SHEET_MET,
				    cell);
			row++;
		}
		/* What is answered per requirement spans its criteria. */
		for (int col = SHEET_REQ_TEXT; col <= SHEET_EXPERT_COMMENT && !e;
		    col++) {
			if (col == SHEET_CRIT_TEXT)
				continue;
			if (n > 1)
				e = worksheet_merge_range(ws, first,
				    (lxw_col_t)col, first + n - 1, (lxw_col_t)col,
				    col == SHEET_REQ_TEXT ? buf_str(&rt) : "",
				    cell);
			else if (n == 1 && col == SHEET_REQ_TEXT)
				e = worksheet_write_string(ws, first,
				    (lxw_col_t)col, buf_str(&rt), cell);
			else if (n == 1)
				e = worksheet_write_blank(ws, first,
				    (lxw_col_t)col, cell);
		}
	}
	if (!e && row > 1) {
		what = "drop-down lists";
		e = dropdown(ws, row - 1, SHEET_ANSWER, scs_answers, 1, "回答",
		    "対応済/一部対応済/対応準備中/未対応/対象外 から選ぶ");
		if (!e)
			e = dropdown(ws, row - 1, SHEET_PROCEDURES,
			    scs_procedures, 0, "評価手続", "実施した手続を選ぶ"
			    "（複数の場合は「、」で区切って入力）");
		if (!e)
			e = dropdown(ws, row - 1, SHEET_RESULT, scs_results, 1,
			    "専門家の評価結果", "適合/改善要/対象外 から選ぶ"
			    "（対象外は専門家のコメントに理由を書く）");
		if (!e)
			e = dropdown(ws, row - 1, SHEET_MET, met_words, 1,
			    "基準充足", "満たす/満たさない から選ぶ");
	}
	if (!e) {
		what = "panes";
		worksheet_freeze_panes(ws, 1, 2);
		e = worksheet_autofilter(ws, 0, 0, row - 1, SHEET_NCOLS - 1);
	}
	/* The second sheet says which catalogue the rows come from. */
	if (!e) {
		const char *labels[] = { "カタログ", "版", "発行者", "完全性",
			"要求事項数", NULL };
		char nreq[32];
		snprintf(nreq, sizeof(nreq), "%zu", reqs.n);
		const char *values[] = { json_get_str(cat, "id"),
			json_get_str(cat, "version"),
			json_get_str(cat, "publisher"),
			cJSON_IsTrue(json_get(cat, "complete")) ? "完全" :
			"不完全（仮の項目あり）", nreq };
		what = "catalogue sheet";
		for (int i = 0; labels[i] && !e; i++) {
			e = worksheet_write_string(wi, (lxw_row_t)i, 0, labels[i],
			    head);
			if (!e)
				e = worksheet_write_string(wi, (lxw_row_t)i, 1,
				    values[i] ? values[i] : "", NULL);
		}
		if (!e)
			e = worksheet_set_column(wi, 1, 1, 50, NULL);
	}
	if (e) {
		rc = lxw_fail(e, what);
		goto cleanup;
	}
	e = workbook_close(wb);
	wb = NULL;
	if (e)
		rc = lxw_fail(e, "closing");
cleanup:
	if (wb)
		workbook_close(wb);
	buf_release(&rt);
	buf_release(&info);
	scs_reqs_release(&reqs);
	return rc;
}

int
scs_sheet_xlsx(struct buf *out, const cJSON *cat)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	struct buf b = BUF_INIT(0);
	int fd, rc;

	/* libxlsxwriter writes a named file: make a private one, read it
	 * back, remove it. */
	snprintf(path, sizeof(path), "%s/inkan-sheet.XXXXXX",
	    dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot make a temporary file "
		    "in '%s'", dir && *dir ? dir : "/tmp");
	close(fd);
	rc = write_workbook(path, cat);
	if (rc == 0)
		rc = file_read(&b, path, SCS_MAX_XLSX);
	if (rc == 0)
		rc = buf_add(out, b.data, b.len);
	unlink(path);
	buf_release(&b);
	return rc;
}

/* ---- reading a filled sheet ----------------------------------------- */

struct rq {
	const char *answer, *result;    /* borrowed from the table */
	size_t answer_line, result_line;
	unsigned procedures;            /* bit per scs_procedures word */
	struct buf comment, expert;
	size_t *crit_line;              /* per catalogue criterion, 0: none */
	int *met;                       /* -1 null, 0 false, 1 true */
};

/* Splits a procedures cell on 、，,/／ and white space; each word must be
 * one of scs_procedures. */
static void
read_procedures(struct rq *r, const char *cell, size_t line,
    struct problems *p)
{
	char *s = strdup(cell), *q;
	static const char *const seps[] = { "、", "，", "／", "\u3000", NULL };

	if (s == NULL)
		return;
	for (int i = 0; seps[i]; i++)
		while ((q = strstr(s, seps[i])) != NULL)
			for (size_t k = 0; k < strlen(seps[i]); k++)
				q[k] = ',';
	for (char *save = NULL, *w = strtok_r(s, ",/ \t\r\n", &save); w;
	    w = strtok_r(NULL, ",/ \t\r\n", &save)) {
		int k = scs_word_index(scs_procedures, w);
		if (k < 0)
			problems_add(p, INK_EINPUT, "line %zu: 評価手続 '%s' is not "
			    "one of %s", line, w, scs_word_list(scs_procedures,
			    "/"));
		else
			r->procedures |= 1u << k;
	}
	free(s);
}

/* A word cell (回答, 専門家の評価結果) given on one or more rows of a
 * requirement: the rows that give it must agree. */
static void
read_word(const char **slot, size_t *slot_line, const char *cell,
    const char *const *words, const char *col, const char *req,
    size_t line, struct problems *p)
{
	if (*cell == '\0')
		return;
	if (scs_word_index(words, cell) < 0) {
		problems_add(p, INK_EINPUT, "line %zu: %s '%s' is not one of %s",
		    line, col, cell, scs_word_list(words, "/"));
		return;
	}
	if (*slot && strcmp(*slot, cell) != 0) {
		problems_add(p, INK_EINPUT, "line %zu: %s '%s' for requirement "
		    "%s differs from '%s' on line %zu (one answer per "
		    "requirement)", line, col, cell, req, *slot, *slot_line);
		return;
	}
	if (*slot == NULL) {
		*slot = cell;
		*slot_line = line;
	}
}

static void
add_comment(struct buf *b, const char *cell)
{
	size_t n = b->len;

	if (*cell == '\0')
		return;
	/* The same text on several rows (a merged cell copied down) once. */
	if (b->len && strstr(buf_str(b), cell) != NULL)
		return;
	/* A comment past the sheet's limit ends at a whole cell. */
	if ((b->len && buf_addc(b, '\n') != 0) || buf_adds(b, cell) != 0) {
		b->len = n;
		if (b->data)
			b->data[n] = '\0';
	}
}

static long
criterion_index(const cJSON *req, const char *id)
{
	const cJSON *c;
	long i = 0;

	cJSON_ArrayForEach(c, json_get(req, "criteria")) {
		if (strcmp(json_get_str(c, "id"), id) == 0)
			return i;
		i++;
	}
	return -1;
}

static cJSON *
entry_json(const struct scs_req *req, const struct rq *r)
{
	cJSON *e = cJSON_CreateObject(), *pr, *cr;
	const cJSON *c;
	long i = 0;

	if (e == NULL)
		return NULL;
	cJSON_AddStringToObject(e, "id", req->id);
	cJSON_AddStringToObject(e, "answer", r->answer ? r->answer : "");
	cJSON_AddStringToObject(e, "comment", buf_str(&r->comment));
	pr = cJSON_AddArrayToObject(e, "procedures");
	for (int k = 0; scs_procedures[k]; k++)
		if (r->procedures & (1u << k))
			cJSON_AddItemToArray(pr,
			    cJSON_CreateString(scs_procedures[k]));
	cJSON_AddStringToObject(e, "result", r->result ? r->result : "");
	cJSON_AddStringToObject(e, "expert_comment", buf_str(&r->expert));
	cr = cJSON_AddArrayToObject(e, "criteria");
	cJSON_ArrayForEach(c, json_get(req->node, "criteria")) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", json_get_str(c, "id"));
		if (r->met[i] < 0)
			cJSON_AddNullToObject(x, "met");
		else
			cJSON_AddBoolToObject(x, "met", r->met[i]);
		cJSON_AddItemToArray(cr, x);
		i++;
	}
	return e;
}

static void
read_row(struct rq *rqs, const struct scs_reqs *reqs, const int *col,
    const struct scs_row *row, const cJSON *cat, struct problems *p)
{
	const char *req = scs_table_cell(row, col[SHEET_REQ]);
	const char *crit = scs_table_cell(row, col[SHEET_CRIT]);
	const char *met = scs_table_cell(row, col[SHEET_MET]);
	struct rq *r;
	long k, ci;

	if (*req == '\0') {
		problems_add(p, INK_EINPUT, "line %zu: no requirement number "
		    "(要求事項番号)", row->line);
		return;
	}
	if ((k = scs_reqs_find(reqs, req)) < 0) {
		problems_add(p, INK_EINPUT, "line %zu: requirement number '%s' is "
		    "not in catalogue '%s' %s", row->line, req,
		    json_get_str(cat, "id"), json_get_str(cat, "version"));
		return;
	}
	r = &rqs[k];
	if ((ci = criterion_index(reqs->v[k].node, crit)) < 0) {
		problems_add(p, INK_EINPUT, "line %zu: criterion number '%s' is "
		    "not a criterion of requirement %s", row->line, crit, req);
		return;
	}
	if (r->crit_line[ci]) {
		problems_add(p, INK_EINPUT, "line %zu: criterion %s appears again "
		    "(first on line %zu)", row->line, crit, r->crit_line[ci]);
		return;
	}
	r->crit_line[ci] = row->line;
	read_word(&r->answer, &r->answer_line,
	    scs_table_cell(row, col[SHEET_ANSWER]), scs_answers, "回答", req,
	    row->line, p);
	read_word(&r->result, &r->result_line,
	    scs_table_cell(row, col[SHEET_RESULT]), scs_results,
	    "専門家の評価結果", req, row->line, p);
	read_procedures(r, scs_table_cell(row, col[SHEET_PROCEDURES]),
	    row->line, p);
	add_comment(&r->comment, scs_table_cell(row, col[SHEET_COMMENT]));
	add_comment(&r->expert, scs_table_cell(row, col[SHEET_EXPERT_COMMENT]));
	if (*met == '\0')
		r->met[ci] = -1;
	else if (strcmp(met, SCS_MET) == 0)
		r->met[ci] = 1;
	else if (strcmp(met, SCS_NOT_MET) == 0)
		r->met[ci] = 0;
	else
		problems_add(p, INK_EINPUT, "line %zu: 基準充足 '%s' is not %s or "
		    "%s", row->line, met, SCS_MET, SCS_NOT_MET);
}

int
scs_sheet_read(cJSON **out, const cJSON *cat, const unsigned char *csv,
    size_t len, struct problems *p)
{
	struct scs_table t = SCS_TABLE_INIT;
	struct scs_reqs reqs = SCS_REQS_INIT;
	struct rq *rqs = NULL;
	int col[SHEET_NCOLS], dup, rc;
	size_t before = p->n, data = 0;
	cJSON *arr = NULL;

	*out = NULL;
	if ((rc = scs_table_parse(&t, csv, len, p)) != 0)
		return rc;
	if (t.nrows == 0) {
		problems_add(p, INK_EINPUT, "line 1: the sheet is empty (no "
		    "header row)");
		rc = INK_EINPUT;
		goto cleanup;
	}
	/* Cells are compared trimmed: surrounding space is not part of a
	 * word or a number. */
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t c = 0; c < t.rows[r].n; c++)
			scs_text_clean(t.rows[r].cell[c], 0);
	for (int c = 0; c < SHEET_NCOLS; c++) {
		col[c] = scs_table_column(&t, header_names[c], &dup);
		if (dup)
			problems_add(p, INK_EINPUT, "line %zu: column '%s' appears "
			    "twice", t.rows[0].line, header_names[c]);
		if (col[c] < 0 && c != SHEET_REQ_TEXT && c != SHEET_CRIT_TEXT)
			problems_add(p, INK_EINPUT, "line %zu: no column '%s' in "
			    "the header (export a sheet with 'inkan scs sheet "
			    "export' to see the columns)", t.rows[0].line,
			    header_names[c]);
	}
	if (p->n > before) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if ((rc = scs_catalog_reqs(&reqs, cat)) != 0 ||
	    (rqs = calloc(reqs.n + 1, sizeof(*rqs))) == NULL) {
		problems_add(p, INK_EINPUT, "out of memory");
		rc = INK_EINPUT;
		goto cleanup;
	}
	for (size_t k = 0; k < reqs.n; k++) {
		size_t n = (size_t)cJSON_GetArraySize(json_get(reqs.v[k].node,
		    "criteria"));
		buf_init(&rqs[k].comment, SCS_MAX_TEXT);
		buf_init(&rqs[k].expert, SCS_MAX_TEXT);
		rqs[k].crit_line = calloc(n + 1, sizeof(size_t));
		rqs[k].met = calloc(n + 1, sizeof(int));
		if (rqs[k].crit_line == NULL || rqs[k].met == NULL) {
			problems_add(p, INK_EINPUT, "out of memory");
			rc = INK_EINPUT;
			goto cleanup;
		}
	}
	for (size_t r = 1; r < t.nrows; r++) {
		if (scs_table_row_blank(&t.rows[r]))
			continue;
		data++;
		read_row(rqs, &reqs, col, &t.rows[r], cat, p);
	}
	if (data == 0)
		problems_add(p, INK_EINPUT, "the sheet has a header but no rows");
	for (size_t k = 0; k < reqs.n && p->n == before; k++) {
		const cJSON *c;
		long i = 0;
		cJSON_ArrayForEach(c, json_get(reqs.v[k].node, "criteria")) {
			if (rqs[k].crit_line[i] == 0)
				problems_add(p, INK_EINPUT, "criterion %s (of "
				    "requirement %s) has no row in the sheet",
				    json_get_str(c, "id"), reqs.v[k].id);
			i++;
		}
	}
	if (p->n > before) {
		rc = INK_EINPUT;
		goto cleanup;
	}
	if ((arr = cJSON_CreateArray()) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	for (size_t k = 0; k < reqs.n; k++)
		cJSON_AddItemToArray(arr, entry_json(&reqs.v[k], &rqs[k]));
	*out = arr;
	rc = 0;
cleanup:
	for (size_t k = 0; rqs && k < reqs.n; k++) {
		buf_release(&rqs[k].comment);
		buf_release(&rqs[k].expert);
		free(rqs[k].crit_line);
		free(rqs[k].met);
	}
	free(rqs);
	scs_reqs_release(&reqs);
	scs_table_release(&t);
	return rc;
}

int
scs_sheet_into_draft(cJSON *draft, cJSON *requirements, const cJSON *cat,
    const char *name, const char *file)
{
	cJSON *pred = cJSON_GetObjectItemCaseSensitive(draft, "predicate");
	cJSON *subj = cJSON_GetObjectItemCaseSensitive(draft, "subject");
	cJSON *c, *s;
	const char *scheme = json_get_str(cat, "scheme");

	if (!cJSON_IsObject(pred)) {
		cJSON_Delete(requirements);
		return ink_error(INK_EINPUT, "the draft has no predicate object");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "requirements");
	cJSON_AddItemToObject(pred, "requirements", requirements);
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "catalog");
	c = cJSON_AddObjectToObject(pred, "catalog");
	cJSON_AddStringToObject(c, "id", json_get_str(cat, "id"));
	cJSON_AddStringToObject(c, "version", json_get_str(cat, "version"));
	if (scheme && (strcmp(scheme, "scs-star3") == 0 ||
	    strcmp(scheme, "scs-star4") == 0)) {
		cJSON_DeleteItemFromObjectCaseSensitive(pred, "scheme");
		cJSON_DeleteItemFromObjectCaseSensitive(pred, "level");
		cJSON_AddStringToObject(pred, "scheme", scheme);
		cJSON_AddNumberToObject(pred, "level", scheme[8] - '0');
	}
	/* The sheet is a subject: replace an entry of the same name, or the
	 * template's placeholder, else add one. */
	if (!cJSON_IsArray(subj)) {
		cJSON_DeleteItemFromObjectCaseSensitive(draft, "subject");
		subj = cJSON_AddArrayToObject(draft, "subject");
	}
	cJSON_ArrayForEach(s, subj) {
		const char *n = json_get_str(s, "name");
		if (n && (strcmp(n, name) == 0 ||
		    strcmp(n, "assessment-sheet.csv") == 0)) {
			cJSON_DetachItemViaPointer(subj, s);
			cJSON_Delete(s);
			break;
		}
	}
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "file", file);
	cJSON_AddStringToObject(s, "name", name);
	cJSON_InsertItemInArray(subj, 0, s);
	return 0;
}
