/*
 * The site's output buffer (see out.h): sticky errors over the escaping
 * functions of core/escape.c, which show every invisible character on a
 * page (ESC_VISIBLE).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "core/error.h"
#include "core/escape.h"
#include "core/markdown.h"
#include "core/timefmt.h"
#include "site/out.h"

void
out_release(struct out *o)
{
	buf_release(&o->b);
	o->rc = 0;
}

static void
add(struct out *o, const void *p, size_t n)
{
	if (o->rc == 0)
		o->rc = buf_add(&o->b, p, n);
}

static void
adds(struct out *o, const char *s)
{
	add(o, s, strlen(s));
}

void
out_raw(struct out *o, const char *s)
{
	if (s)
		adds(o, s);
}

void
out_rawn(struct out *o, const char *s, size_t n)
{
	add(o, s, n);
}

void
out_rawf(struct out *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	if (o->rc)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->rc = ink_error(INK_EINPUT, "format error");
	} else if ((size_t)n < sizeof(small)) {
		add(o, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big == NULL) {
			o->rc = ink_error(INK_EINPUT, "out of memory");
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		add(o, big, (size_t)n);
		free(big);
	}
}

void
out_text(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = esc_html(&o->b, s, ESC_VISIBLE);
}

void
out_attr(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = esc_html(&o->b, s, ESC_VISIBLE);
}

void
out_xml(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = esc_html(&o->b, s, ESC_VISIBLE);
}

void
out_url(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = esc_url(&o->b, s);
}

void
out_json_script(struct out *o, const char *json)
{
	if (o->rc == 0)
		o->rc = esc_json_script(&o->b, json);
}

void
out_csv(struct out *o, const char *s)
{
	if (o->rc == 0)
		o->rc = esc_csv(&o->b, s, ESC_CSV_FORMULA);
}

/* --- Markdown ---------------------------------------------------------- */

char *
md_plain(const char *text, size_t max)
{
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	struct out t = OUT_INIT;
	size_t chars = 0;
	int cut = 0, space = 0;

	if (text == NULL || markdown_parse(&doc, text) != 0)
		return NULL;
	if ((it = cmark_iter_new(doc)) == NULL) {
		cmark_node_free(doc);
		return NULL;
	}
	while (!cut && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(node);
		const unsigned char *p;

		if (ev == CMARK_EVENT_EXIT || ty == CMARK_NODE_SOFTBREAK ||
		    ty == CMARK_NODE_LINEBREAK) {
			space = t.b.len > 0;
			continue;
		}
		if (ty != CMARK_NODE_TEXT && ty != CMARK_NODE_CODE &&
		    ty != CMARK_NODE_CODE_BLOCK && ty != CMARK_NODE_HTML_INLINE &&
		    ty != CMARK_NODE_HTML_BLOCK)
			continue;
		if (space)
			out_raw(&t, " ");
		space = 0;
		for (p = (const unsigned char *)cmark_node_get_literal(node);
		    p && *p; ) {
			size_t len;
			(void)esc_utf8_next(p, &len);
			if (chars++ == max) {
				cut = 1;
				break;
			}
			out_rawn(&t, *p == '\n' ? " " : (const char *)p,
			    *p == '\n' ? 1 : len);
			p += len;
		}
	}
	if (cut)
		out_raw(&t, "…");
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (t.rc) {
		out_release(&t);
		return NULL;
	}
	if (t.b.data == NULL)
		return strdup("");
	return (char *)buf_detach(&t.b, NULL);
}

/* --- times ------------------------------------------------------------- */

#define JST (9 * 3600)

void
site_jst_day(char out[11], int64_t t)
{
	char ts[TIME_LEN];

	/* The UTC form of the instant nine hours later is JST's wall clock. */
	time_format(ts, t + JST);
	memcpy(out, ts, 10);
	out[10] = '\0';
}

void
out_time(struct out *o, int64_t t)
{
	char day[11], ts[TIME_LEN];

	site_jst_day(day, t);
	time_format(ts, t);
	out_rawf(o, "<time datetime=\"%s\">%s</time>", ts, day);
}
