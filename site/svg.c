/*
 * Pictures drawn as inline SVG, each with a title and a description (and
 * the numbers beside it as text), and never with meaning in colour
 * alone: a QR code (libqrencode) linking to a record's page, bar charts
 * of registrations and revocations per month, and an SCS assessment's
 * results per major category.
 */
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "core/error.h"
#include "core/json.h"
#include "kinds/audit.h"
#include "site/site_int.h"

#define QUIET 4 /* modules of white around a QR code */

/* The svg element, its title and background, and the start of the path
 * of dark modules. */
static void
qr_head(struct page *p, const char *text, int w, int id)
{
	struct out *o = &p->o;

	out_rawf(o, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"svg%d-t\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">\n"
	    "<title id=\"svg%d-t\">", id, w, w, w * 4, w * 4, id);
	out_text(o, L(p->lang, M_QR_ALT));
	out_raw(o, ": ");
	out_text(o, text);
	out_rawf(o, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "\n<path stroke=\"#000\" d=\"", w, w);
}

/* The last code drawn on this thread: a record's two pages (ja, en) show
 * the same code when it holds the record id, so it is encoded once. */
static _Thread_local struct {
	char text[2048];
	int width;
	size_t len;
	char d[16384];
} qr_last;

/* c and then n >= 0 in decimal (as "%c%d" would, without printf for
 * each of a code's hundreds of runs). */
static void
put_num(struct out *o, char c, int n)
{
	char b[16];
	size_t k = sizeof(b);

	do
		b[--k] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	b[--k] = c;
	out_rawn(o, b + k, sizeof(b) - k);
}

/* The path of the code's dark modules: each run of dark modules in a row
 * is a line one module wide through the middle of the row: "M x y.5 h
 * run", then "m gap 0 h run" for the next runs of the row. */
static void
qr_path(struct out *o, const QRcode *q)
{
	for (int y = 0; y < q->width; y++) {
		int end = -1;
		for (int x = 0; x < q->width; ) {
			int run = 0;
			while (x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1))
				run++;
			if (run == 0) {
				x++;
				continue;
			}
			if (end < 0) {
				put_num(o, 'M', x + QUIET);
				put_num(o, ' ', y + QUIET);
				out_rawn(o, ".5", 2);
			} else {
				put_num(o, 'm', x - end);
				out_rawn(o, " 0", 2);
			}
			put_num(o, 'h', run);
			x += run;
			end = x;
		}
	}
}

void
svg_qr(struct page *p, const char *text)
{
	struct out *o = &p->o;
	int w, id = ++p->nsvg;

	if (strcmp(qr_last.text, text) != 0 || qr_last.len == 0) {
		QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
		struct out d = OUT_INIT;
		qr_last.len = 0;
		if (q == NULL) {
			out_raw(o, "<p>");
			out_text(o, text);
			out_raw(o, "</p>\n");
			return;
		}
		qr_path(&d, q);
		if (d.rc == 0 && d.b.len < sizeof(qr_last.d) &&
		    strlen(text) < sizeof(qr_last.text)) {
			memcpy(qr_last.d, d.b.data, d.b.len);
			qr_last.len = d.b.len;
			qr_last.width = q->width;
			snprintf(qr_last.text, sizeof(qr_last.text), "%s", text);
		} else {
			o->rc = o->rc ? o->rc : d.rc;
		}
		w = q->width + 2 * QUIET;
		QRcode_free(q);
		if (qr_last.len == 0) {
			/* Too long to keep: drawn as it is. */
			qr_head(p, text, w, id);
			out_rawn(o, (const char *)d.b.data, d.b.len);
			out_raw(o, "\"/>\n</svg>\n");
			out_release(&d);
			return;
		}
		out_release(&d);
	}
	w = qr_last.width + 2 * QUIET;
	qr_head(p, text, w, id);
	out_rawn(o, qr_last.d, qr_last.len);
	out_raw(o, "\"/>\n</svg>\n");
}

void
svg_bars(struct page *p, const char *title, const char *desc,
    const char *const *labels, const size_t *values, size_t n)
{
	struct out *o = &p->o;
	const int bw = 30, gap = 14, top = 24, h = 120, left = 36;
	size_t max = 1, step;
	int id = ++p->nsvg, width;

	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	width = left + (int)n * (bw + gap) + 8;
	/* Month labels only every few bars when there are many; the year
	 * under the first and under each January. */
	step = n > 24 ? (n + 11) / 12 : n > 12 ? 2 : 1;
	out_rawf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"svg%d-t svg%d-d\" viewBox=\"0 0 %d "
	    "%d\" width=\"%d\" height=\"%d\">\n<title id=\"svg%d-t\">", id, id,
	    width, top + h + 44, width, top + h + 44, id);
	out_text(o, title);
	out_rawf(o, "</title>\n<desc id=\"svg%d-d\">", id);
	out_text(o, desc);
	out_raw(o, "</desc>\n");
	out_rawf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", left - 4, top + h, width - 4, top + h);
	out_rawf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\">%zu</text>\n<text class=\"tick\" x=\"%d\" "
	    "y=\"%d\" text-anchor=\"end\">0</text>\n", left - 8, top + 4, max,
	    left - 8, top + h);
	for (size_t i = 0; i < n; i++) {
		int bh = (int)(values[i] * (size_t)h / max);
		int x = left + (int)i * (bw + gap);
		out_rawf(o, "<g><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\"/><title>", x, top + h - bh, bw, bh);
		out_text(o, labels[i]);
		out_rawf(o, ": %zu</title>", values[i]);
		if (values[i])
			out_rawf(o, "<text class=\"value\" x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">%zu</text>", x + bw / 2,
			    top + h - bh - 4, values[i]);
		out_raw(o, "</g>\n");
		if (i % step == 0 && strlen(labels[i]) == 7) {
			/* "YYYY-MM": the month, and the year where it begins. */
			out_rawf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">", x + bw / 2, top + h + 16);
			out_text(o, labels[i] + 5);
			out_raw(o, "</text>\n");
			if (i == 0 || strcmp(labels[i] + 5, "01") == 0) {
				out_rawf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
				    "text-anchor=\"middle\">", x + bw / 2,
				    top + h + 32);
				out_rawn(o, labels[i], 4);
				out_raw(o, "</text>\n");
			}
		}
	}
	out_raw(o, "</svg>\n");
}

/* The title of a major category of a catalogue, in lang. */
static const char *
category_title(const cJSON *catalog, const char *id, const char *lang)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, json_get(catalog, "categories")) {
		const char *cid = json_get_str(c, "id");
		if (cid && id && strcmp(cid, id) == 0)
			return audit_text(json_get(c, "title"), lang);
	}
	return NULL;
}

void
svg_scs(struct page *p, const cJSON *cats, const cJSON *catalog)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	const int label = 230, row = 30, bar = 300, top = 8, text = 260;
	static const char *const keys[] = { "conformant", "needs_improvement",
		"not_applicable" };
	static const enum site_msg words[] = { M_CONFORMANT,
		M_NEEDS_IMPROVEMENT, M_NOT_APPLICABLE };
	static const char *const cls[] = { "seg-ok", "seg-hatch", "seg-na" };
	int n = cJSON_GetArraySize(cats), id = ++p->nsvg, y = top, k;
	int64_t max = 1, v;
	const cJSON *c;

	if (n == 0)
		return;
	cJSON_ArrayForEach(c, cats) {
		int64_t sum = 0;
		for (k = 0; k < 3; k++)
			if (json_get_int(&v, c, keys[k]) == 0)
				sum += v;
		if (sum > max)
			max = sum;
	}
	out_rawf(o, "<svg class=\"chart scs\" xmlns=\"http://www.w3.org/2000/svg\""
	    " role=\"img\" aria-labelledby=\"svg%d-t svg%d-d\" viewBox=\"0 0 %d "
	    "%d\" width=\"%d\" height=\"%d\">\n<title id=\"svg%d-t\">", id, id,
	    label + bar + text, top + n * row + 40, label + bar + text,
	    top + n * row + 40, id);
	out_text(o, L(l, M_RESULTS_SCS));
	out_rawf(o, "</title>\n<desc id=\"svg%d-d\">", id);
	out_text(o, L(l, M_CHART_SCS_DESC));
	out_rawf(o, "</desc>\n<defs><pattern id=\"svg%d-h\" width=\"6\" height=\"6\""
	    " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" class=\"seg-bad\"/><line x1=\"0\" "
	    "y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/></pattern></defs>\n",
	    id);
	cJSON_ArrayForEach(c, cats) {
		const char *cid = json_get_str(c, "id");
		const char *t = category_title(catalog, cid, l);
		int x = label;
		out_rawf(o, "<text class=\"label\" x=\"0\" y=\"%d\">", y + 18);
		out_text(o, cid);
		out_raw(o, " ");
		out_text(o, t ? t : "");
		out_raw(o, "</text>\n");
		for (k = 0; k < 3; k++) {
			int w;
			if (json_get_int(&v, c, keys[k]) != 0 || v == 0)
				continue;
			w = (int)(v * bar / max);
			out_rawf(o, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"20\"", cls[k], x, y + 4, w);
			if (k == 1)
				out_rawf(o, " fill=\"url(#svg%d-h)\"", id);
			out_raw(o, "><title>");
			out_text(o, L(l, words[k]));
			out_rawf(o, ": %lld</title></rect>\n", (long long)v);
			x += w;
		}
		out_rawf(o, "<text class=\"value\" x=\"%d\" y=\"%d\">", x + 6,
		    y + 18);
		for (k = 0; k < 3; k++) {
			if (json_get_int(&v, c, keys[k]) != 0)
				v = 0;
			if (k)
				out_raw(o, " · ");
			out_text(o, L(l, words[k]));
			out_rawf(o, " %lld", (long long)v);
		}
		out_raw(o, "</text>\n");
		y += row;
	}
	/* The legend: shapes and words, not colour alone. */
	for (k = 0; k < 3; k++) {
		int x = label + k * 120;
		out_rawf(o, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"14\" "
		    "height=\"14\"", cls[k], x, y + 10);
		if (k == 1)
			out_rawf(o, " fill=\"url(#svg%d-h)\"", id);
		out_rawf(o, "/><text class=\"tick\" x=\"%d\" y=\"%d\">", x + 18,
		    y + 22);
		out_text(o, L(l, words[k]));
		out_raw(o, "</text>\n");
	}
	out_raw(o, "</svg>\n");
	/* The same numbers as a table. */
	out_raw(o, "<div class=\"table-wrap\">\n<table class=\"numbers\">\n"
	    "<caption>");
	out_text(o, L(l, M_RESULTS_SCS));
	out_raw(o, "</caption>\n<thead><tr><th scope=\"col\">");
	out_text(o, L(l, M_CATEGORY));
	for (k = 0; k < 3; k++) {
		out_raw(o, "</th><th scope=\"col\">");
		out_text(o, L(l, words[k]));
	}
	out_raw(o, "</th></tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(c, cats) {
		const char *cid = json_get_str(c, "id");
		const char *t = category_title(catalog, cid, l);
		out_raw(o, "<tr><th scope=\"row\">");
		out_text(o, cid);
		out_raw(o, " ");
		out_text(o, t ? t : "");
		out_raw(o, "</th>");
		for (k = 0; k < 3; k++) {
			if (json_get_int(&v, c, keys[k]) != 0)
				v = 0;
			out_rawf(o, "<td>%lld</td>", (long long)v);
		}
		out_raw(o, "</tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n</div>\n");
}
