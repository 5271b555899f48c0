/*
 * Rendering the improvement plan.  One escaping function per context
 * (HTML text, Markdown text, Markdown table cell) is called at every
 * interpolation of a value from the plan.
 */
#include <stdio.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/json.h"
#include "kinds/scs_plan.h"
#include "kinds/scs.h"

int
scs_plan_find(cJSON **out, const cJSON *doc)
{
	const cJSON *plan = json_get(json_get(doc, "predicate"),
	    "improvement_plan"), *d;
	const char *fmt = json_get_str(doc, "format");

	*out = NULL;
	if (plan == NULL && fmt && strcmp(fmt, DISCLOSURE_BUNDLE_FORMAT) == 0)
		cJSON_ArrayForEach(d, json_get(doc, "disclosures")) {
			cJSON *arr = NULL;
			const char *s = cJSON_GetStringValue(d);
			if (s == NULL ||
			    disclosure_parse(&arr, s, strlen(s)) != 0)
				continue;
			if (strcmp(cJSON_GetArrayItem(arr, 1)->valuestring,
			    "plan") == 0)
				*out = cJSON_Duplicate(cJSON_GetArrayItem(arr, 2),
				    1);
			cJSON_Delete(arr);
			if (*out)
				break;
		}
	else if (plan)
		*out = cJSON_Duplicate(plan, 1);
	if (*out == NULL)
		return ink_error(INK_ENOTFOUND, "no improvement plan "
		    "(predicate.improvement_plan, or a disclosure at path "
		    "'plan')");
	if (!cJSON_IsObject(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		return ink_error(INK_EINPUT, "the improvement plan is not an "
		    "object");
	}
	return 0;
}

struct out {
	struct buf *b;
	int html;
	int rc;
};

static void
raw(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = buf_adds(o->b, s);
}

/* HTML text or attribute value: & < > " ' as references, line breaks as
 * <br> when br is set, as spaces otherwise. */
static void
esc_html_plan(struct out *o, const char *s, int br)
{
	if (o->rc == 0)
		o->rc = esc_html(o->b, s, ESC_CR_DROP |
		    (br ? ESC_NL_BREAK : ESC_NL_SPACE));
}

/* Markdown: every character that could start markup (emphasis, code,
 * links, raw HTML, entities, tables, headings) backslash-escaped, so a
 * value is only ever text.  In a table cell a line break is a space; in
 * a paragraph it is a hard break. */
static void
esc_md_plan(struct out *o, const char *s, int cell)
{
	if (o->rc == 0)
		o->rc = esc_md(o->b, s, ESC_MD_STRICT | ESC_CR_DROP |
		    (cell ? ESC_NL_SPACE : ESC_NL_BREAK));
}

/* Text in the plan's format: in Markdown, a table cell keeps to one
 * line. */
static void
put(struct out *o, const char *s, int in_cell)
{
	if (s == NULL)
		s = "";
	if (o->html)
		esc_html_plan(o, s, 1);
	else
		esc_md_plan(o, s, in_cell);
}

static void
text(struct out *o, const char *s)
{
	put(o, s, 0);
}

static void
cell(struct out *o, const char *s)
{
	put(o, s, 1);
}

/* A date as <time> in HTML when it is one. */
static void
date(struct out *o, const char *s)
{
	if (o->html && scs_date_ok(s)) {
		raw(o, "<time datetime=\"");
		esc_html_plan(o, s, 0);
		raw(o, "\">");
		esc_html_plan(o, s, 0);
		raw(o, "</time>");
	} else {
		cell(o, s);
	}
}

static void
heading(struct out *o, int level, const char *s)
{
	static const char *const md[] = { "", "# ", "## ", "### " };
	static const char *const open[] = { "", "<h1>", "<h2>", "<h3>" };
	static const char *const close[] = { "", "</h1>\n", "</h2>\n",
		"</h3>\n" };

	raw(o, o->html ? open[level] : md[level]);
	raw(o, s);      /* inkan's own words, not a value */
	raw(o, o->html ? close[level] : "\n\n");
}

static void
table_start(struct out *o, const char *const *cols)
{
	if (o->html) {
		raw(o, "<table>\n<thead><tr>");
		for (int i = 0; cols[i]; i++) {
			raw(o, "<th scope=\"col\">");
			raw(o, cols[i]);
			raw(o, "</th>");
		}
		raw(o, "</tr></thead>\n<tbody>\n");
		return;
	}
	raw(o, "|");
	for (int i = 0; cols[i]; i++) {
		raw(o, " ");
		raw(o, cols[i]);
		raw(o, " |");
	}
	raw(o, "\n|");
	for (int i = 0; cols[i]; i++)
		raw(o, " --- |");
	raw(o, "\n");
}

static void
table_end(struct out *o)
{
	raw(o, o->html ? "</tbody>\n</table>\n" : "\n");
}

static void
row_start(struct out *o)
{
	raw(o, o->html ? "<tr>" : "|");
}

static void
row_end(struct out *o)
{
	raw(o, o->html ? "</tr>\n" : "\n");
}

static void
col_start(struct out *o, int header)
{
	raw(o, o->html ? (header ? "<th scope=\"row\">" : "<td>") : " ");
}

static void
col_end(struct out *o, int header)
{
	raw(o, o->html ? (header ? "</th>" : "</td>") : " |");
}

static void
kv(struct out *o, const char *label, const char *value)
{
	row_start(o);
	col_start(o, 1);
	raw(o, label);
	col_end(o, 1);
	col_start(o, 0);
	cell(o, value);
	col_end(o, 0);
	row_end(o);
}

static void
meetings(struct out *o, const cJSON *plan)
{
	static const char *const cols[] = { "No.", "日時", "出席者", NULL };
	const cJSON *m, *a;
	int i = 1;

	heading(o, 3, "打合せ日時（出席者）");
	table_start(o, cols);
	cJSON_ArrayForEach(m, json_get(plan, "meetings")) {
		char n[16];
		int first = 1;
		snprintf(n, sizeof(n), "%d", i++);
		row_start(o);
		col_start(o, 0);
		raw(o, n);
		col_end(o, 0);
		col_start(o, 0);
		date(o, json_get_str(m, "date"));
		if (json_get_str(m, "time")) {
			raw(o, " ");
			cell(o, json_get_str(m, "time"));
		}
		col_end(o, 0);
		col_start(o, 0);
		cJSON_ArrayForEach(a, json_get(m, "attendees")) {
			if (!first)
				raw(o, o->html ? "<br>" : "、");
			cell(o, cJSON_GetStringValue(a));
			first = 0;
		}
		col_end(o, 0);
		row_end(o);
	}
	table_end(o);
}

static void
items(struct out *o, const cJSON *plan)
{
	static const char *const cols[] = { "No.", "内容", "実施時期", NULL };
	const cJSON *it, *list = json_get(plan, "items");
	int i = 1;

	heading(o, 2, "3. 改善計画案（企業が記入）");
	if (cJSON_GetArraySize(list) == 0) {
		raw(o, o->html ? "<p>改善事項なし</p>\n" : "改善事項なし\n\n");
		return;
	}
	table_start(o, cols);
	cJSON_ArrayForEach(it, list) {
		char n[16];
		snprintf(n, sizeof(n), "%d", i++);
		row_start(o);
		col_start(o, 0);
		raw(o, n);
		col_end(o, 0);
		col_start(o, 0);
		cell(o, json_get_str(it, "content"));
		col_end(o, 0);
		col_start(o, 0);
		cell(o, json_get_str(it, "target"));
		col_end(o, 0);
		row_end(o);
	}
	table_end(o);
}

int
scs_plan_render(struct buf *b, const cJSON *plan, enum scs_plan_format f)
{
	static const char *const cols[] = { "項目", "内容", NULL };
	struct out o = { b, f == SCS_PLAN_HTML, 0 };
	const cJSON *resp = json_get(plan, "responsible");
	const char *company = json_get_str(plan, "company");

	if (o.html) {
		raw(&o, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		    "content=\"width=device-width, initial-scale=1\">\n"
		    "<title>改善計画書");
		if (company) {
			raw(&o, " — ");
			esc_html_plan(&o, company, 0);
		}
		raw(&o, "</title>\n<style>\nbody{font-family:sans-serif;"
		    "max-width:60em;margin:2em auto;padding:0 1em;"
		    "line-height:1.6}\ntable{border-collapse:collapse;"
		    "width:100%;margin:1em 0}\nth,td{border:1px solid #666;"
		    "padding:.3em .5em;text-align:left;vertical-align:top}\n"
		    "thead th,tbody th{background:#eef}\n</style>\n</head>\n"
		    "<body>\n<main>\n");
	}
	heading(&o, 1, "改善計画書");
	raw(&o, o.html ? "<p>作成 " : "作成: ");
	date(&o, json_get_str(plan, "date"));
	raw(&o, o.html ? "</p>\n" : "\n\n");
	heading(&o, 2, "1. 実施内容（企業が記入）");
	table_start(&o, cols);
	kv(&o, "企業名", company);
	row_start(&o);
	col_start(&o, 1);
	raw(&o, "作成責任者 役職・氏名");
	col_end(&o, 1);
	col_start(&o, 0);
	cell(&o, json_get_str(resp, "title"));
	raw(&o, " ");
	cell(&o, json_get_str(resp, "name"));
	col_end(&o, 0);
	row_end(&o);
	kv(&o, "専門家氏名", json_get_str(plan, "expert"));
	table_end(&o);
	meetings(&o, plan);
	heading(&o, 2, "2. 評価結果（専門家が記入）");
	raw(&o, o.html ? "<p>" : "");
	text(&o, json_get_str(plan, "evaluation"));
	raw(&o, o.html ? "</p>\n" : "\n\n");
	items(&o, plan);
	if (o.html)
		raw(&o, "</main>\n</body>\n</html>\n");
	return o.rc;
}
