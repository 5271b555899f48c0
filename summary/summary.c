/*
 * The SOC 3-style public summary of an audit-report record.
 *
 * The record is first turned into a model (model.c: the JSON form of the
 * summary), and Markdown and HTML are views of that model, so the three
 * formats cannot say different things.  Both are written by one walk of
 * the model (render_body) through a table of what each format writes
 * for each part (struct emitter); the site writes the same sections into
 * its own page (summary_render_body).
 *
 * Escaping: values go through core/escape.h (esc_html for text and
 * attribute values alike, esc_md for Markdown); Markdown written by
 * people goes through libcmark in safe mode (core/markdown.h: links
 * only to http, https, mailto or relative targets, others become their
 * text), with headings moved below the summary's own and, for Markdown
 * output, raw HTML turned into text; plain values in Markdown output are
 * backslash-escaped, and the whole is escaped for a terminal
 * (core/textout.h).
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/markdown.h"
#include "core/record.h"
#include "core/textout.h"
#include "kinds/audit.h"
#include "kinds/kind.h"
#include "summary/summary.h"
#include "summary/summary_int.h"

int
summary_format_parse(enum summary_format *out, const char *s)
{
	if (strcmp(s, "md") == 0)
		*out = SUMMARY_MD;
	else if (strcmp(s, "html") == 0)
		*out = SUMMARY_HTML;
	else if (strcmp(s, "json") == 0)
		*out = SUMMARY_JSON;
	else
		return ink_error(INK_EINPUT, "unknown format '%s' (md, html or "
		    "json)", s);
	return 0;
}

/* --- Markdown written by people ------------------------------------ */

/* Grows a list of nodes to change once the walk is over (a tree is not
 * edited while it is walked). */
static int
nodes_add(cmark_node ***v, size_t *n, size_t *cap, cmark_node *node)
{
	cmark_node **tmp;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		if ((tmp = realloc(*v, *cap * sizeof(**v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		*v = tmp;
	}
	(*v)[(*n)++] = node;
	return 0;
}

/* The text cmark's HTML writer gives an image as its alt attribute: the
 * literals under it, line breaks as spaces. */
static int
alt_text(struct buf *out, cmark_node *img)
{
	cmark_iter *it = cmark_iter_new(img);
	cmark_event_type ev;
	int rc = 0;

	if (it == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		const char *lit;
		if (ev != CMARK_EVENT_ENTER || node == img)
			continue;
		if (t == CMARK_NODE_LINEBREAK || t == CMARK_NODE_SOFTBREAK)
			rc = buf_addc(out, ' ');
		else if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
		    t == CMARK_NODE_HTML_INLINE) &&
		    (lit = cmark_node_get_literal(node)) != NULL)
			rc = buf_adds(out, lit);
	}
	cmark_iter_free(it);
	return rc;
}

/* Replaces an image with its alt text in brackets: nothing on a page
 * loads from elsewhere. */
static int
image_to_text(cmark_node *img)
{
	struct buf alt = BUF_INIT(INK_MAX_JSON);
	cmark_node *text = NULL;
	int rc;

	if ((rc = buf_addc(&alt, '[')) != 0 ||
	    (rc = alt_text(&alt, img)) != 0 ||
	    (rc = buf_addc(&alt, ']')) != 0)
		goto cleanup;
	if ((text = cmark_node_new(CMARK_NODE_TEXT)) == NULL ||
	    !cmark_node_set_literal(text, buf_str(&alt)) ||
	    !cmark_node_replace(img, text)) {
		cmark_node_free(text);
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	cmark_node_free(img);
cleanup:
	buf_release(&alt);
	return rc;
}

/* Moves headings down by shift levels (the summary's own are h1 and h2)
 * and, when plain is set, turns raw HTML into text, so that Markdown
 * output is as safe as the HTML (links are filtered by markdown_parse
 * for both); with images set, images become their alt text. */
static int
md_clean(cmark_node *doc, int shift, int plain, int images)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **html = NULL, **img = NULL;
	size_t n = 0, cap = 0, nimg = 0, capimg = 0;
	cmark_event_type ev;
	int rc = 0, inside = 0;

	if (it == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		/* An image inside another is part of the outer one's text. */
		if (t == CMARK_NODE_IMAGE && images) {
			if (ev == CMARK_EVENT_ENTER && inside++ == 0)
				rc = nodes_add(&img, &nimg, &capimg, node);
			else if (ev == CMARK_EVENT_EXIT)
				inside--;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(node) + shift;
			cmark_node_set_heading_level(node, l > 6 ? 6 : l);
		} else if (plain && (t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_HTML_INLINE)) {
			rc = nodes_add(&html, &n, &cap, node);
		}
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int block = cmark_node_get_type(html[i]) ==
		    CMARK_NODE_HTML_BLOCK;
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node *para = block ?
		    cmark_node_new(CMARK_NODE_PARAGRAPH) : NULL;
		const char *lit = cmark_node_get_literal(html[i]);
		char *copy = strdup(lit ? lit : "");
		size_t len;
		if (text == NULL || (block && para == NULL) || copy == NULL) {
			free(copy);
			cmark_node_free(text);
			cmark_node_free(para);
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		/* A block's literal ends with its line break. */
		len = strlen(copy);
		while (len > 0 && (copy[len - 1] == '\n' ||
		    copy[len - 1] == '\r'))
			copy[--len] = '\0';
		cmark_node_set_literal(text, copy);
		free(copy);
		if (block)
			cmark_node_append_child(para, text);
		cmark_node_replace(html[i], block ? para : text);
		cmark_node_free(html[i]);
	}
	for (size_t i = 0; rc == 0 && i < nimg; i++)
		rc = image_to_text(img[i]);
	cmark_iter_free(it);
	free(html);
	free(img);
	return rc;
}

/* Renders people's Markdown as HTML (safe mode) or as normalised
 * Markdown, with its headings at least at level shift + 1.  For a site
 * page (SUMMARY_PAGE) images become their text and invisible characters
 * are shown. */
static int
md_render(struct buf *out, const char *text, int html, int shift,
    unsigned flags)
{
	int page = html && (flags & SUMMARY_PAGE);
	cmark_node *doc;
	char *s = NULL;
	int rc;

	if ((rc = markdown_parse(&doc, text)) != 0)
		return rc;
	if ((rc = md_clean(doc, shift, !html, page)) == 0) {
		s = html ? cmark_render_html(doc, CMARK_OPT_SAFE) :
		    cmark_render_commonmark(doc, CMARK_OPT_SAFE, 0);
		if (s == NULL)
			rc = ink_error(INK_EINPUT, "out of memory");
		else
			rc = page ? esc_html_trusted(out, s, strlen(s)) :
			    buf_adds(out, s);
	}
	free(s);
	cmark_node_free(doc);
	return rc;
}

/* --- one walk of the model, two ways of writing it ------------------ */

/* Where a rendering goes and how. */
struct sink {
	struct buf *b;
	const char *lang;
	unsigned flags;
	const struct emitter *e;
};

/* What Markdown and HTML write for each part of the summary.  The walk
 * (render_body) is the same for both: what differs is here.  Markdown
 * keeps its lists among the items of a block ("- **Models:**" under the
 * other items); HTML closes the table first and puts them after it. */
struct emitter {
	int lists_in_table;
	int (*head)(struct sink *k, const cJSON *m);
	const char *foot;
	const char *body_begin, *body_end;
	int (*section)(struct sink *k, const char *key);
	const char *table_begin, *table_end;
	/* An item whose value may be NULL (then nothing is written), and
	 * one more value under the item before it. */
	int (*row)(struct sink *k, const char *label, const char *value,
	    int date);
	int (*sub_row)(struct sink *k, const char *label, const char *value);
	/* An item whose value is written piece by piece (label as it is). */
	const char *cell_fmt, *cell_end;
	/* Lists under a heading: [0] of items, [1] of term and description. */
	const char *list_fmt[2], *list_end[2];
	const char *item_begin, *item_end;
	const char *pair_begin, *pair_mid, *pair_end;
	const char *subhead_begin, *subhead_end;
	const char *para_begin, *para_end;
	/* The signers: a header of four columns, rows, cells; a header of
	 * three (the controls excluded). */
	const char *grid_fmt, *grid3_fmt, *grid_row_begin, *grid_sep;
	const char *grid_row_end;
	const char *grid_end;
	int (*esc)(struct sink *k, const char *s);
	/* An identifier as an item's value (HTML: as code). */
	const char *ident_begin, *ident_end;
	/* An identifier inside text (code in both). */
	const char *code_begin, *code_end;
	int (*date)(struct sink *k, const char *d);
	int (*markdown)(struct sink *k, const char *text);
};

static int
adds(struct sink *k, const char *s)
{
	return buf_adds(k->b, s);
}

/* --- Markdown ------------------------------------------------------ */

static int
md_esc_value(struct sink *k, const char *s)
{
	return esc_md(k->b, s, ESC_NL_SPACE);
}

static int
md_head(struct sink *k, const cJSON *m)
{
	int rc;

	if ((rc = buf_addf(k->b, "# %s: ", json_get_str(m, "title") ?
	    json_get_str(m, "title") : L(k->lang, "title"))) != 0 ||
	    (rc = md_esc_value(k, json_get_str(json_get(m, "system"),
	    "service"))) != 0 || (rc = adds(k, "\n\n> **")) != 0 ||
	    (rc = md_esc_value(k, json_get_str(m, "notice"))) != 0 ||
	    (rc = adds(k, "**\n> `")) != 0 ||
	    (rc = adds(k, json_get_str(m, "verify_with"))) != 0)
		return rc;
	return adds(k, "`\n\n");
}

static int
md_section(struct sink *k, const char *key)
{
	return buf_addf(k->b, "\n## %s\n\n", L(k->lang, key));
}

static int
md_row(struct sink *k, const char *label, const char *value, int date)
{
	(void)date;
	if (value == NULL)
		return 0;
	if (buf_addf(k->b, "- **%s:** ", label) != 0 ||
	    md_esc_value(k, value) != 0)
		return INK_EINPUT;
	return buf_addc(k->b, '\n');
}

static int
md_sub_row(struct sink *k, const char *label, const char *value)
{
	int rc;

	(void)label;
	if ((rc = adds(k, "  - ")) != 0 || (rc = md_esc_value(k, value)) != 0)
		return rc;
	return buf_addc(k->b, '\n');
}

/* Dates are the record's own, in the form its rules allow. */
static int
md_date(struct sink *k, const char *d)
{
	return buf_addf(k->b, "%s", d);
}

static int
md_markdown(struct sink *k, const char *text)
{
	if (text == NULL)
		return 0;
	return md_render(k->b, text, 0, 2, k->flags);
}

static const struct emitter md_emitter = {
	.lists_in_table = 1,
	.head = md_head,
	.foot = "",
	.body_begin = "", .body_end = "",
	.section = md_section,
	.table_begin = "", .table_end = "",
	.row = md_row,
	.sub_row = md_sub_row,
	.cell_fmt = "- **%s:** ", .cell_end = "\n",
	.list_fmt = { "- **%s:**\n", "- **%s:**\n" },
	.list_end = { "", "" },
	.item_begin = "  - ", .item_end = "\n",
	.pair_begin = "  - ", .pair_mid = ": ", .pair_end = "\n",
	.subhead_begin = "\n### ", .subhead_end = "\n\n",
	.para_begin = "\n", .para_end = "\n",
	.grid_fmt = "| %s | %s | %s | %s |\n|---|---|---|---|\n",
	.grid3_fmt = "\n| %s | %s | %s |\n|---|---|---|\n",
	.grid_row_begin = "| ", .grid_sep = " | ", .grid_row_end = " |\n",
	.grid_end = "",
	.esc = md_esc_value,
	.ident_begin = "", .ident_end = "",
	.code_begin = "`", .code_end = "`",
	.date = md_date,
	.markdown = md_markdown,
};

/* --- HTML ---------------------------------------------------------- */

/* Text and attribute values (double-quoted) alike; on a site page with
 * invisible characters shown, as everywhere on the site. */
static int
html_esc_value(struct sink *k, const char *s)
{
	return esc_html(k->b, s, k->flags & SUMMARY_PAGE ? ESC_VISIBLE : 0);
}

static int
html_head(struct sink *k, const cJSON *m)
{
	const char *service = json_get_str(json_get(m, "system"), "service");
	const char *title = json_get_str(m, "title") ? json_get_str(m,
	    "title") : L(k->lang, "title");
	int rc;

	if ((rc = buf_addf(k->b, "<!DOCTYPE html>\n<html lang=\"%s\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    strcmp(k->lang, "ja") == 0 ? "ja" : "en")) != 0 ||
	    (rc = html_esc_value(k, title)) != 0 ||
	    (rc = adds(k, ": ")) != 0 ||
	    (rc = html_esc_value(k, service)) != 0 ||
	    (rc = adds(k, "</title>\n</head>\n<body>\n<main>\n<h1>")) != 0 ||
	    (rc = html_esc_value(k, title)) != 0 ||
	    (rc = adds(k, ": ")) != 0 ||
	    (rc = html_esc_value(k, service)) != 0 ||
	    (rc = adds(k, "</h1>\n<p role=\"note\"><strong>")) != 0 ||
	    (rc = html_esc_value(k, json_get_str(m, "notice"))) != 0 ||
	    (rc = adds(k, "</strong><br>\n<code>")) != 0 ||
	    (rc = html_esc_value(k, json_get_str(m, "verify_with"))) != 0)
		return rc;
	return adds(k, "</code></p>\n");
}

static int
html_section(struct sink *k, const char *key)
{
	return buf_addf(k->b, "</section>\n<section aria-labelledby=\"%s\">\n"
	    "<h2 id=\"%s\">%s</h2>\n", key, key, L(k->lang, key));
}

static int
html_date(struct sink *k, const char *d)
{
	int rc;

	if ((rc = adds(k, "<time datetime=\"")) != 0 ||
	    (rc = html_esc_value(k, d)) != 0 || (rc = adds(k, "\">")) != 0 ||
	    (rc = html_esc_value(k, d)) != 0)
		return rc;
	return adds(k, "</time>");
}

static int
html_row(struct sink *k, const char *label, const char *value, int date)
{
	int rc;

	if (value == NULL)
		return 0;
	if ((rc = adds(k, "<tr><th scope=\"row\">")) != 0 ||
	    (rc = html_esc_value(k, label)) != 0 ||
	    (rc = adds(k, "</th><td>")) != 0)
		return rc;
	if ((rc = date ? html_date(k, value) : html_esc_value(k, value)) != 0)
		return rc;
	return adds(k, "</td></tr>\n");
}

static int
html_sub_row(struct sink *k, const char *label, const char *value)
{
	return html_row(k, label, value, 0);
}

static int
html_markdown(struct sink *k, const char *text)
{
	int rc;

	if (text == NULL)
		return 0;
	if ((rc = adds(k, "<div class=\"markdown\">\n")) != 0 ||
	    (rc = md_render(k->b, text, 1, 2, k->flags)) != 0)
		return rc;
	return adds(k, "</div>\n");
}

static const struct emitter html_emitter = {
	.lists_in_table = 0,
	.head = html_head,
	.foot = "</main>\n</body>\n</html>\n",
	.body_begin = "<section>\n", .body_end = "</section>\n",
	.section = html_section,
	.table_begin = "<table>\n", .table_end = "</table>\n",
	.row = html_row,
	.sub_row = html_sub_row,
	.cell_fmt = "<tr><th scope=\"row\">%s</th><td>",
	.cell_end = "</td></tr>\n",
	.list_fmt = { "<h3>%s</h3>\n<ul>\n", "<h3>%s</h3>\n<dl>\n" },
	.list_end = { "</ul>\n", "</dl>\n" },
	.item_begin = "<li>", .item_end = "</li>\n",
	.pair_begin = "<dt>", .pair_mid = "</dt><dd>", .pair_end = "</dd>\n",
	.subhead_begin = "<h3>", .subhead_end = "</h3>\n",
	.para_begin = "<p>", .para_end = "</p>\n",
	.grid_fmt = "<table>\n<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	.grid3_fmt = "<table>\n<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead>\n<tbody>\n",
	.grid_row_begin = "<tr><td>", .grid_sep = "</td><td>",
	.grid_row_end = "</td></tr>\n",
	.grid_end = "</tbody>\n</table>\n",
	.esc = html_esc_value,
	.ident_begin = "<code>", .ident_end = "</code>",
	.code_begin = "<code>", .code_end = "</code>",
	.date = html_date,
	.markdown = html_markdown,
};

/* --- the walk ------------------------------------------------------ */

/* The walk stops at the first failed append (a buffer at its ceiling,
 * or out of memory). */
#define TRY(x) do { if ((rc = (x)) != 0) goto cleanup; } while (0)

static int
esc(struct sink *k, const char *s)
{
	return k->e->esc(k, s);
}

/* A value between two strings of the emitter. */
static int
wrapped(struct sink *k, const char *before, const char *s, const char *after)
{
	int rc;

	if ((rc = adds(k, before)) != 0 || (rc = esc(k, s)) != 0)
		return rc;
	return adds(k, after);
}

/* A heading of the summary's own words (label as it is). */
static int
subhead(struct sink *k, const char *label)
{
	int rc;

	if ((rc = adds(k, k->e->subhead_begin)) != 0 ||
	    (rc = adds(k, label)) != 0)
		return rc;
	return adds(k, k->e->subhead_end);
}

static int
models(struct sink *k, const cJSON *sys)
{
	const struct emitter *e = k->e;
	const cJSON *c;
	int rc = 0;

	if (json_get(sys, "models")->child == NULL)
		return 0;
	TRY(buf_addf(k->b, e->list_fmt[1], L(k->lang, "models")));
	cJSON_ArrayForEach(c, json_get(sys, "models")) {
		TRY(wrapped(k, e->pair_begin, json_get_str(c, "model"),
		    e->pair_mid));
		TRY(wrapped(k, "", json_get_str(c, "responsibility"),
		    e->pair_end));
	}
	TRY(adds(k, e->list_end[1]));
cleanup:
	return rc;
}

static int
categories(struct sink *k, const cJSON *cr)
{
	const struct emitter *e = k->e;
	const cJSON *c;
	int rc = 0;

	if (json_get(cr, "categories")->child == NULL)
		return 0;
	TRY(buf_addf(k->b, e->list_fmt[0], L(k->lang, "categories")));
	cJSON_ArrayForEach(c, json_get(cr, "categories")) {
		TRY(wrapped(k, e->item_begin, json_get_str(c, "title") ?
		    json_get_str(c, "title") : json_get_str(c, "id"), " ("));
		TRY(wrapped(k, e->code_begin, json_get_str(c, "id"),
		    e->code_end));
		TRY(adds(k, ")"));
		TRY(adds(k, e->item_end));
	}
	TRY(adds(k, e->list_end[0]));
cleanup:
	return rc;
}

/* The statement of applicability: how many controls were selected, and
 * each one excluded with its words in the catalogue and the reason. */
static int
soa(struct sink *k, const cJSON *s)
{
	const struct emitter *e = k->e;
	const cJSON *c;
	int rc = 0;

	if (s == NULL)
		return 0;
	TRY(e->section(k, "soa"));
	TRY(adds(k, e->table_begin));
	TRY(buf_addf(k->b, e->cell_fmt, L(k->lang, "soa_selected")));
	TRY(buf_addf(k->b, "%d", json_get(s, "selected_count")->valueint));
	TRY(adds(k, e->cell_end));
	TRY(buf_addf(k->b, e->cell_fmt, L(k->lang, "soa_excluded")));
	TRY(buf_addf(k->b, "%d", cJSON_GetArraySize(json_get(s,
	    "excluded"))));
	TRY(adds(k, e->cell_end));
	TRY(adds(k, e->table_end));
	TRY(wrapped(k, e->para_begin, L(k->lang, "soa_note"), e->para_end));
	if (json_get(s, "excluded")->child == NULL)
		return 0;
	TRY(buf_addf(k->b, e->grid3_fmt, L(k->lang, "control_id"),
	    L(k->lang, "control_title"), L(k->lang, "soa_reason")));
	cJSON_ArrayForEach(c, json_get(s, "excluded")) {
		TRY(wrapped(k, e->grid_row_begin, "", e->code_begin));
		TRY(wrapped(k, "", json_get_str(c, "id"), e->code_end));
		TRY(wrapped(k, e->grid_sep, json_get_str(c, "title") ?
		    json_get_str(c, "title") : "", e->grid_sep));
		TRY(wrapped(k, "", json_get_str(c, "reason"),
		    e->grid_row_end));
	}
	TRY(adds(k, e->grid_end));
cleanup:
	return rc;
}

/* The disclosures the scheme requires, under their names (none: no
 * section). */
static int
disclosures(struct sink *k, const cJSON *m)
{
	const cJSON *c;
	int rc = 0;

	if (json_get(m, "public_disclosures")->child == NULL)
		return 0;
	TRY(k->e->section(k, "disclosures"));
	cJSON_ArrayForEach(c, json_get(m, "public_disclosures")) {
		TRY(wrapped(k, k->e->subhead_begin, json_get_str(c, "name"),
		    k->e->subhead_end));
		TRY(k->e->markdown(k, json_get_str(c, "text")));
	}
cleanup:
	return rc;
}

/* The signers, as their record lists them. */
static int
signers_grid(struct sink *k, const cJSON *m)
{
	const struct emitter *e = k->e;
	const char *lang = k->lang;
	const cJSON *c;
	int rc = 0;

	TRY(e->section(k, "signers"));
	TRY(buf_addf(k->b, e->grid_fmt, L(lang, "role"), L(lang, "name"),
	    L(lang, "signer_org"), L(lang, "keyid")));
	cJSON_ArrayForEach(c, json_get(m, "signers")) {
		TRY(wrapped(k, e->grid_row_begin, json_get_str(c,
		    "role_label"), e->grid_sep));
		TRY(esc(k, json_get_str(c, "name")));
		if (json_get_str(c, "title"))
			TRY(wrapped(k, ", ", json_get_str(c, "title"), ""));
		TRY(wrapped(k, e->grid_sep, json_get_str(c, "organisation"),
		    e->grid_sep));
		TRY(wrapped(k, e->code_begin, json_get_str(c, "keyid"),
		    e->code_end));
		TRY(adds(k, e->grid_row_end));
	}
	TRY(adds(k, e->grid_end));
cleanup:
	return rc;
}

/* Two dates as a range in one item. */
static int
range(struct sink *k, const char *label, const char *from, const char *to)
{
	int rc = 0;

	TRY(buf_addf(k->b, k->e->cell_fmt, label));
	TRY(k->e->date(k, from));
	TRY(adds(k, " – "));
	TRY(k->e->date(k, to));
	TRY(adds(k, k->e->cell_end));
cleanup:
	return rc;
}

/* The summary's first table: the organisation (and, with service, the
 * service), the scheme, its level and audit type, the service category
 * and its options, the record id. */
static int
head_table(struct sink *k, const cJSON *m, int service)
{
	const struct emitter *e = k->e;
	const char *lang = k->lang;
	const cJSON *s = json_get(m, "scheme"), *sys = json_get(m, "system");
	const cJSON *c, *x;
	int rc = 0;

	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "organisation"), json_get_str(sys,
	    "organisation"), 0));
	if (service)
		TRY(e->row(k, L(lang, "service"), json_get_str(sys, "service"),
		    0));
	TRY(e->row(k, L(lang, "scheme"), json_get_str(s, "name"), 0));
	TRY(e->row(k, L(lang, "level"), json_get_str(s, "level_name"), 0));
	TRY(e->row(k, L(lang, "audit_type"), json_get_str(s,
	    "audit_type_name"), 0));
	if ((c = json_get(m, "service_category")) != NULL) {
		TRY(e->row(k, L(lang, "service_category"), json_get_str(c,
		    "name"), 0));
		cJSON_ArrayForEach(x, json_get(c, "options"))
			TRY(e->sub_row(k, L(lang, "service_category"),
			    json_get_str(x, "name")));
	}
	TRY(buf_addf(k->b, e->cell_fmt, L(lang, "record")));
	TRY(wrapped(k, e->ident_begin, json_get_str(m, "record_id"),
	    e->ident_end));
	TRY(adds(k, e->cell_end));
	TRY(adds(k, e->table_end));
cleanup:
	return rc;
}

/* A yes/no item: the pledge's and the outsourcing's. */
static int
yes_no(struct sink *k, const char *label, int v, const char *yes,
    const char *no)
{
	return k->e->row(k, label, v ? yes : no, 0);
}

/* A certification's sections (FORMAT.md 6.5), the same for every
 * format: the status-free facts the record signs. */
static int
render_cert(struct sink *k, const cJSON *m)
{
	const struct emitter *e = k->e;
	const char *lang = k->lang, *body;
	const cJSON *s = json_get(m, "scheme");
	const cJSON *c = json_get(m, "certification"), *i = json_get(c, "isms");
	const cJSON *p = json_get(m, "period"), *pl = json_get(c, "pledge");
	const cJSON *x;
	char n[32];
	int rc = 0;

	TRY(adds(k, e->body_begin));
	TRY(head_table(k, m, 1));

	TRY(e->section(k, "cert"));
	TRY(adds(k, e->table_begin));
	body = json_get_str(s, "audit_body");
	TRY(e->row(k, body ? body : L(lang, "audit_firm"), json_get_str(c,
	    "secretariat"), 0));
	TRY(e->row(k, L(lang, "department"), json_get_str(c, "department"),
	    0));
	TRY(e->row(k, L(lang, "registration_date"), json_get_str(p,
	    "registration_date"), 1));
	TRY(e->row(k, L(lang, "update_date"), json_get_str(p, "update_date"),
	    1));
	if (json_get_str(p, "first_day_jst"))
		TRY(range(k, L(lang, "validity"), json_get_str(p,
		    "first_day_jst"), json_get_str(p, "last_day_jst")));
	TRY(adds(k, e->table_end));

	TRY(e->section(k, "cert_prereq"));
	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "listing"), L(lang, "listing_note"), 0));
	TRY(e->row(k, L(lang, "isms_number"), json_get_str(i,
	    "certificate_number"), 0));
	TRY(e->row(k, L(lang, "isms_body"), json_get_str(i,
	    "certification_body"), 0));
	TRY(e->row(k, L(lang, "isms_scope"), json_get_str(i, "scope"), 0));
	TRY(e->row(k, L(lang, "isms_until"), json_get_str(i, "valid_until"),
	    1));
	TRY(buf_addf(k->b, e->cell_fmt, L(lang, "scs_assessment")));
	TRY(wrapped(k, e->ident_begin, json_get_str(c, "scs_assessment"),
	    e->ident_end));
	TRY(adds(k, e->cell_end));
	TRY(adds(k, e->table_end));

	TRY(e->section(k, "cert_org"));
	TRY(adds(k, e->table_begin));
	for (const char *const *f = (const char *const[]){ "capital_ties",
	    "location", "representative", NULL }; *f; f++)
		TRY(e->row(k, L(lang, *f), json_get_str(c, *f), 0));
	cJSON_ArrayForEach(x, json_get(c, "officers"))
		TRY(x == json_get(c, "officers")->child ?
		    e->row(k, L(lang, "officers"), x->valuestring, 0) :
		    e->sub_row(k, L(lang, "officers"), x->valuestring));
	TRY(e->row(k, L(lang, "service_manager"), json_get_str(c,
	    "service_manager"), 0));
	TRY(adds(k, e->table_end));

	TRY(e->section(k, "cert_tools"));
	TRY(adds(k, e->table_begin));
	snprintf(n, sizeof(n), "%d", json_get(c, "tools_count") ?
	    json_get(c, "tools_count")->valueint : 0);
	TRY(e->row(k, L(lang, "tools_count"), n, 0));
	snprintf(n, sizeof(n), "%d", json_get(c, "data_storage_count") ?
	    json_get(c, "data_storage_count")->valueint : 0);
	TRY(e->row(k, L(lang, "data_storage_count"), n, 0));
	TRY(adds(k, e->table_end));
	TRY(wrapped(k, e->para_begin, json_get_str(c, "confidential_note"),
	    e->para_end));

	TRY(e->section(k, "cert_outsourcing"));
	TRY(adds(k, e->table_begin));
	TRY(yes_no(k, L(lang, "contracting"), cJSON_IsTrue(json_get(c,
	    "contracting")), "!", L(lang, "not_done")));
	TRY(yes_no(k, L(lang, "subcontracting"), cJSON_IsTrue(json_get(c,
	    "subcontracting")), "!", L(lang, "not_done")));
	if (json_get(c, "entrustments")->child == NULL)
		TRY(e->row(k, L(lang, "entrustments"), L(lang, "not_done"), 0));
	cJSON_ArrayForEach(x, json_get(c, "entrustments")) {
		char v[600];
		snprintf(v, sizeof(v), "%s: %s%s%s%s",
		    json_get_str(x, "form_label") ? json_get_str(x,
		    "form_label") : "?", json_get_str(x, "party") ?
		    json_get_str(x, "party") : "?", json_get_str(x,
		    "corporate_number") ? " (" : "", json_get_str(x,
		    "corporate_number") ? json_get_str(x, "corporate_number") :
		    "", json_get_str(x, "corporate_number") ? ")" : "");
		TRY(e->row(k, L(lang, "entrustments"), v, 0));
	}
	TRY(adds(k, e->table_end));

	TRY(e->section(k, "cert_pledge"));
	TRY(adds(k, e->table_begin));
	{
		char by[600];
		snprintf(by, sizeof(by), "%s%s%s", json_get_str(pl,
		    "signed_by") ? json_get_str(pl, "signed_by") : "?",
		    json_get_str(pl, "title") ? ", " : "",
		    json_get_str(pl, "title") ? json_get_str(pl, "title") : "");
		TRY(e->row(k, L(lang, "pledge_by"), by, 0));
	}
	TRY(e->row(k, L(lang, "pledge_date"), json_get_str(pl, "date"), 1));
	TRY(yes_no(k, L(lang, "incident_reporting"), cJSON_IsTrue(json_get(pl,
	    "incident_reporting")), L(lang, "pledged"), "-"));
	TRY(yes_no(k, L(lang, "no_ransom"), cJSON_IsTrue(json_get(pl,
	    "no_ransom")), L(lang, "pledged"), "-"));
	TRY(adds(k, e->table_end));

	TRY(disclosures(k, m));
	if (json_get_str(m, "supersedes")) {
		TRY(e->section(k, "related"));
		TRY(adds(k, e->table_begin));
		TRY(e->row(k, L(lang, "supersedes"), json_get_str(m,
		    "supersedes"), 0));
		TRY(adds(k, e->table_end));
	}
	TRY(signers_grid(k, m));
	TRY(adds(k, e->body_end));
cleanup:
	return rc;
}

/* An audit's sections, the same for every format. */
static int
render_audit(struct sink *k, const cJSON *m)
{
	const struct emitter *e = k->e;
	const char *lang = k->lang;
	const cJSON *o = json_get(m, "opinion");
	const char *body;
	const cJSON *sys = json_get(m, "system"), *cr = json_get(m,
	    "criteria"), *p = json_get(m, "period"), *c;
	const char *v;
	int rc = 0;

	TRY(adds(k, e->body_begin));
	TRY(head_table(k, m, 0));

	TRY(e->section(k, "opinion"));
	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "opinion_value"), json_get_str(o,
	    "opinion_label"), 0));
	TRY(e->row(k, L(lang, "opinion_kind"), json_get_str(o,
	    "kind_label"), 0));
	TRY(e->row(k, L(lang, "engagement_standard"), json_get_str(o,
	    "engagement_standard"), 0));
	TRY(e->row(k, L(lang, "report_type"), json_get_str(o,
	    "report_type_label"), 0));
	/* who audits, as the scheme's own documents call it (schemes.json
	 * audit_body; the record pages say the same: site/record.c) */
	body = json_get_str(json_get(m, "scheme"), "audit_body");
	TRY(e->row(k, body ? body : L(lang, "audit_firm"), json_get_str(o,
	    "audit_firm"), 0));
	TRY(e->row(k, L(lang, "selection_id"), json_get_str(o,
	    "selection_id"), 0));
	TRY(e->row(k, L(lang, "report_date"), json_get_str(o,
	    "report_date"), 1));
	TRY(adds(k, e->table_end));
	if ((v = json_get_str(o, "basis")) != NULL) {
		TRY(subhead(k, L(lang, "basis")));
		TRY(e->markdown(k, v));
	}

	TRY(e->section(k, "assertion"));
	TRY(e->markdown(k, json_get_str(m, "management_assertion")));

	TRY(e->section(k, "system"));
	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "service"), json_get_str(sys, "service"), 0));
	TRY(e->row(k, L(lang, "service_id"), json_get_str(sys,
	    "service_id"), 0));
	TRY(e->row(k, L(lang, "organisation"), json_get_str(sys,
	    "organisation"), 0));
	TRY(e->row(k, L(lang, "corporate_number"), json_get_str(sys,
	    "corporate_number"), 0));
	if (e->lists_in_table)
		TRY(models(k, sys));
	for (const char *const *key = (const char *const[]){
	    "deployment_models", "regions", NULL }; *key; key++) {
		if (json_get(sys, *key)->child == NULL)
			continue;
		TRY(buf_addf(k->b, e->cell_fmt, L(lang, *key)));
		cJSON_ArrayForEach(c, json_get(sys, *key)) {
			TRY(esc(k, c->valuestring));
			if (c->next)
				TRY(adds(k, ", "));
		}
		TRY(adds(k, e->cell_end));
	}
	TRY(adds(k, e->table_end));
	if (!e->lists_in_table)
		TRY(models(k, sys));
	if (json_get(sys, "subservice_organisations")->child) {
		TRY(buf_addf(k->b, e->list_fmt[0], L(lang, "subservice")));
		cJSON_ArrayForEach(c, json_get(sys,
		    "subservice_organisations")) {
			TRY(wrapped(k, e->item_begin, json_get_str(c, "name"),
			    " ("));
			TRY(wrapped(k, "", json_get_str(c, "method_label"),
			    ")"));
			if (json_get_str(c, "services"))
				TRY(wrapped(k, ": ", json_get_str(c,
				    "services"), ""));
			TRY(adds(k, e->item_end));
		}
		TRY(adds(k, e->list_end[0]));
	}
	TRY(subhead(k, L(lang, "scope")));
	TRY(e->markdown(k, json_get_str(sys, "scope_summary")));
	TRY(subhead(k, L(lang, "boundaries")));
	TRY(e->markdown(k, json_get_str(sys, "system_boundaries")));

	TRY(e->section(k, "commitments"));
	TRY(e->markdown(k, json_get_str(m, "principal_commitments")));

	TRY(e->section(k, "criteria"));
	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "framework"), json_get_str(cr, "framework"),
	    0));
	if (json_get_str(cr, "catalog")) {
		TRY(buf_addf(k->b, e->cell_fmt, L(lang, "catalog")));
		TRY(wrapped(k, e->ident_begin, json_get_str(cr, "catalog"),
		    e->ident_end));
		TRY(buf_addf(k->b, " (%s ", L(lang, "version")));
		TRY(wrapped(k, "", json_get_str(cr, "catalog_version"), ")"));
		TRY(adds(k, e->cell_end));
	}
	if (e->lists_in_table)
		TRY(categories(k, cr));
	TRY(buf_addf(k->b, e->cell_fmt, L(lang, "controls")));
	TRY(buf_addf(k->b, "%d", json_get(cr, "controls_in_scope")->valueint));
	TRY(adds(k, e->cell_end));
	TRY(adds(k, e->table_end));
	if (!e->lists_in_table)
		TRY(categories(k, cr));
	TRY(wrapped(k, e->para_begin, json_get_str(m, "confidential_note"),
	    e->para_end));

	TRY(soa(k, json_get(m, "statement_of_applicability")));

	TRY(e->section(k, "period"));
	TRY(adds(k, e->table_begin));
	TRY(e->row(k, L(lang, "as_of_date"), json_get_str(p, "as_of_date"),
	    1));
	if (json_get_str(p, "period_start"))
		TRY(range(k, L(lang, "period_range"), json_get_str(p,
		    "period_start"), json_get_str(p, "period_end")));
	TRY(e->row(k, L(lang, "registration_date"), json_get_str(p,
	    "registration_date"), 1));
	TRY(e->row(k, L(lang, "update_date"), json_get_str(p,
	    "update_date"), 1));
	TRY(e->row(k, L(lang, "report_date"), json_get_str(o,
	    "report_date"), 1));
	if (json_get_str(p, "first_day_jst"))
		TRY(range(k, L(lang, "validity"), json_get_str(p,
		    "first_day_jst"), json_get_str(p, "last_day_jst")));
	TRY(adds(k, e->table_end));

	TRY(disclosures(k, m));

	if (json_get(m, "built_on")->child || json_get_str(m, "supersedes")) {
		TRY(e->section(k, "related"));
		TRY(adds(k, e->table_begin));
		cJSON_ArrayForEach(c, json_get(m, "built_on")) {
			/* a service ({corporate_number, service_id}) or the
			 * record id of one of its audits */
			char svc[300];
			if (cJSON_IsObject(c))
				snprintf(svc, sizeof(svc), "%s (%s %s)",
				    json_get_str(c, "service_id") ?
				    json_get_str(c, "service_id") : "?",
				    L(lang, "corporate_number"),
				    json_get_str(c, "corporate_number") ?
				    json_get_str(c, "corporate_number") : "?");
			TRY(e->row(k, L(lang, "built_on"), cJSON_IsObject(c) ?
			    svc : c->valuestring, 0));
		}
		TRY(e->row(k, L(lang, "supersedes"), json_get_str(m,
		    "supersedes"), 0));
		TRY(adds(k, e->table_end));
	}

	TRY(signers_grid(k, m));
	TRY(adds(k, e->body_end));
cleanup:
	return rc;
}
#undef TRY

/* The summary's sections: a certification's, or an audit's. */
static int
render_body(struct sink *k, const cJSON *m)
{
	return json_get_str(m, "shape") ? render_cert(k, m) :
	    render_audit(k, m);
}

/* The model of a checked Statement, in lang; the caller frees it. */
static int
model_of(cJSON **out, const cJSON *statement, const char *record_id,
    const char *lang, const struct catalog_source *cats)
{
	const cJSON *pred = json_get(statement, "predicate");
	const char *cat = json_get_str(json_get(pred, "criteria"), "catalog");
	const cJSON *schemes = NULL, *catalog = NULL;
	int rc;

	*out = NULL;
	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return ink_error(INK_EINPUT, "unknown language '%s' (ja or en)",
		    lang);
	/* Borrowed from the process's cache (read-only here). */
	if ((rc = scheme_doc_get(&schemes)) != 0)
		return rc;
	/* audit_check has loaded it already, so it is there. */
	if (cat && (rc = catalog_get_from(cats, &catalog, cat,
	    json_get_str(json_get(pred, "criteria"), "catalog_version"))) != 0)
		return rc;
	*out = summary_model(statement, record_id, lang,
	    scheme_find(schemes, json_get_str(pred, "scheme")), catalog);
	if (*out == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	return 0;
}

int
summary_render_body(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang,
    unsigned flags, const struct catalog_source *cats)
{
	struct sink k = { out, lang, flags,
		fmt == SUMMARY_HTML ? &html_emitter : &md_emitter };
	cJSON *model;
	int rc;

	if (fmt == SUMMARY_JSON)
		return ink_error(INK_EINPUT, "the summary's body is Markdown "
		    "or HTML");
	if ((rc = model_of(&model, statement, record_id, lang, cats)) != 0)
		return rc;
	rc = render_body(&k, model);
	cJSON_Delete(model);
	return rc;
}

/* summary_render for a Statement that audit_check() has passed. */
static int
summary_render_checked(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang)
{
	struct sink k = { NULL, lang, 0,
		fmt == SUMMARY_HTML ? &html_emitter : &md_emitter };
	cJSON *model = NULL;
	struct buf md;
	int rc;

	if ((rc = model_of(&model, statement, record_id, lang, NULL)) != 0)
		return rc;
	switch (fmt) {
	case SUMMARY_JSON:
		if ((rc = json_pretty(out, model)) == 0)
			rc = buf_addc(out, '\n');
		break;
	case SUMMARY_HTML:
		k.b = out;
		if ((rc = k.e->head(&k, model)) == 0 &&
		    (rc = render_body(&k, model)) == 0)
			rc = adds(&k, k.e->foot);
		break;
	default:
		/* Markdown is read in a terminal as often as rendered: what
		 * a terminal would obey is shown escaped, as on stdout. */
		buf_init(&md, out->max);
		k.b = &md;
		if ((rc = k.e->head(&k, model)) == 0 &&
		    (rc = render_body(&k, model)) == 0 &&
		    (rc = adds(&k, k.e->foot)) == 0)
			rc = textout_escape(out, md.data, md.len, 0, NULL);
		buf_release(&md);
		break;
	}
	cJSON_Delete(model);
	return rc;
}

int
summary_render(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang,
    struct problems *probs)
{
	size_t before = probs->n;

	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return ink_error(INK_EINPUT, "unknown language '%s' (ja or en)",
		    lang);
	/* A record that breaks the rules gets no summary: it would show
	 * the public something no scheme allows. */
	audit_check(statement, probs);
	if (probs->n > before || probs->code != 0)
		return ink_error(probs->code ? probs->code : INK_ENO, "the "
		    "record does not meet the audit-report rules");
	return summary_render_checked(out, statement, record_id, fmt, lang);
}

int
summary_envelope(struct buf *out, const struct dsse_envelope *env,
    enum summary_format fmt, const char *lang, struct problems *probs)
{
	struct statement st = STATEMENT_INIT;
	char rid[RECORD_ID_LEN];
	int rc;

	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0)
		return ink_error(INK_EINPUT, "the payload is '%s', not an "
		    "in-toto Statement", env->payload_type);
	if ((rc = statement_parse(&st, env->payload, env->payload_len,
	    NULL)) != 0)
		return rc;
	if (kind_by_type(st.predicate_type) == NULL ||
	    kind_by_type(st.predicate_type)->summary != KIND_SUMMARY_SOC3) {
		rc = ink_error(INK_EINPUT, "the record is a '%s', not an audit "
		    "report (%s)", st.predicate_type, KIND_AUDIT_TYPE);
		goto cleanup;
	}
	record_id(rid, env->payload, env->payload_len);
	rc = summary_render(out, st.root, rid, fmt, lang, probs);
	/* The HTML, too, may be written to a terminal (the site shows these
	 * characters in its own way, summary_render_body). */
	if (rc == 0 && fmt == SUMMARY_HTML)
		rc = textout_escape_buf(out);
cleanup:
	statement_release(&st);
	return rc;
}
