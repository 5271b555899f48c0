/*
 * The site's output buffer and its escaping functions, one per context
 * (see out.h).  Everything a record says is data: markup is escaped,
 * control characters become U+FFFD, and the characters that are
 * invisible or reorder text (bidirectional overrides and isolates,
 * zero-width characters, the BOM) are shown as "[U+XXXX]", so that a
 * name cannot pass for another one on the page.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "core/error.h"
#include "core/markdown.h"
#include "core/timefmt.h"
#include "site/out.h"

void
out_reset(struct out *o)
{
	buf_reset(&o->b);
	o->rc = 0;
}

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

/* The code point of the UTF-8 sequence at s (its length in *len); input
 * was validated by the strict JSON reader, but a stray byte still gives
 * U+FFFD rather than a misread. */
static unsigned long
utf8_next(const unsigned char *s, size_t *len)
{
	unsigned long c = s[0];
	size_t n, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
	} else {
		*len = 1;
		return 0xfffd;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*len = n;
	return c;
}

/* Characters that are invisible or change the direction of the text
 * around them. */
static int
invisible(unsigned long c)
{
	return c == 0xad || c == 0x61c || c == 0x115f || c == 0x1160 ||
	    c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	    c == 0x3164 || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
	    (c >= 0xe0000 && c <= 0xe007f);
}

static int
control(unsigned long c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
	    (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff;
}

/* The shared core of the HTML and XML contexts: the five markup
 * characters as entities, everything else as above. */
static void
esc_markup(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	/* Bytes that stay as they are are copied in runs, not one by one. */
	while (p && *p && o->rc == 0) {
		size_t len;
		unsigned long c;
		if (*p >= 0x20 && *p < 0x7f && *p != '&' && *p != '<' &&
		    *p != '>' && *p != '"' && *p != '\'') {
			p++;
			continue;
		}
		c = utf8_next(p, &len);
		if (c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' &&
		    !control(c) && c != 0xfffd && !invisible(c)) {
			p += len;
			continue;
		}
		add(o, run, (size_t)(p - run));
		switch (c) {
		case '&': adds(o, "&amp;"); break;
		case '<': adds(o, "&lt;"); break;
		case '>': adds(o, "&gt;"); break;
		case '"': adds(o, "&quot;"); break;
		case '\'': adds(o, "&#39;"); break;
		default:
			if (control(c) || c == 0xfffd)
				adds(o, "\xef\xbf\xbd");
			else
				out_rawf(o, "[U+%04lX]", c);
		}
		p += len;
		run = p;
	}
	if (p && p > run)
		add(o, run, (size_t)(p - run));
}

void
out_trusted_html(struct out *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p;

	while (p < end && o->rc == 0) {
		size_t len;
		unsigned long c;
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		c = utf8_next(p, &len);
		if (p + len > end)
			break;
		if (invisible(c)) {
			add(o, run, (size_t)(p - run));
			out_rawf(o, "[U+%04lX]", c);
			run = p + len;
		} else if (control(c) && c != '\t' && c != '\n' && c != '\r') {
			add(o, run, (size_t)(p - run));
			adds(o, "\xef\xbf\xbd");
			run = p + len;
		}
		p += len;
	}
	if (p > run)
		add(o, run, (size_t)(p - run));
}

void
out_text(struct out *o, const char *s)
{
	esc_markup(o, s);
}

void
out_attr(struct out *o, const char *s)
{
	esc_markup(o, s);
}

void
out_xml(struct out *o, const char *s)
{
	esc_markup(o, s);
}

/* A scheme before the first '/', '?' or '#' makes a URL absolute. */
static int
url_safe_scheme(const char *s)
{
	size_t n = strcspn(s, ":/?#");

	if (s[n] != ':')
		return 1;
	return (n == 4 && strncasecmp(s, "http", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "https", 5) == 0);
}

void
out_url(struct out *o, const char *s)
{
	static const char keep[] = "-._~!$()*+,;=:@/?#%";
	static _Thread_local unsigned char as_is[256];
	const unsigned char *p = (const unsigned char *)s, *run;

	if (s == NULL || !url_safe_scheme(s)) {
		adds(o, "#");
		return;
	}
	if (!as_is['a']) {
		for (int c = 0; c < 256; c++)
			as_is[c] = (c >= 'a' && c <= 'z') || (c >= 'A' &&
			    c <= 'Z') || (c >= '0' && c <= '9') ||
			    (c && strchr(keep, c));
	}
	for (run = p; *p && o->rc == 0; p++) {
		if (as_is[*p])
			continue;
		add(o, run, (size_t)(p - run));
		if (*p == '&')
			adds(o, "&amp;");
		else
			out_rawf(o, "%%%02X", *p);
		run = p + 1;
	}
	if (p > run)
		add(o, run, (size_t)(p - run));
}

void
out_json_script(struct out *o, const char *json)
{
	const unsigned char *p = (const unsigned char *)json, *run = p;

	/* Outside strings JSON has none of these, so escaping them
	 * everywhere keeps the text the same JSON value, no "</script" or
	 * "<!--" can end the element, and no invisible or direction
	 * character is in the page as it is. */
	while (p && *p && o->rc == 0) {
		size_t len;
		unsigned long c;
		if (*p < 0x80 && *p != '<' && *p != '>' && *p != '&') {
			p++;
			continue;
		}
		c = utf8_next(p, &len);
		if (c != '<' && c != '>' && c != '&' && !invisible(c)) {
			p += len;
			continue;
		}
		add(o, run, (size_t)(p - run));
		if (c == '<')
			adds(o, "\\u003c");
		else if (c == '>')
			adds(o, "\\u003e");
		else if (c == '&')
			adds(o, "\\u0026");
		else if (c > 0xffff)
			out_rawf(o, "\\u%04lx\\u%04lx", 0xd800 + ((c - 0x10000) >> 10),
			    0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			out_rawf(o, "\\u%04lx", c);
		p += len;
		run = p;
	}
	if (p && p > run)
		add(o, run, (size_t)(p - run));
}

void
out_csv(struct out *o, const char *s)
{
	const char *p;

	if (s == NULL)
		return;
	add(o, "\"", 1);
	/* A field a spreadsheet would take for a formula starts with a
	 * quote mark (OWASP's advice on CSV injection). */
	if (strchr("=+-@\t\r", s[0]) && s[0])
		add(o, "'", 1);
	for (p = s; *p && o->rc == 0; ) {
		size_t n = strcspn(p, "\"");
		add(o, p, n);
		p += n;
		if (*p == '"') {
			add(o, "\"\"", 2);
			p++;
		}
	}
	add(o, "\"", 1);
}

/* --- Markdown ---------------------------------------------------------- */

/* Rewrites a literal with its invisible characters shown; cmark's HTML
 * writer escapes the markup characters. */
static int
md_fix_literal(cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct out t = OUT_INIT;
	const unsigned char *p;
	int changed = 0, rc;

	for (p = (const unsigned char *)lit; p && *p; ) {
		size_t len;
		unsigned long c = utf8_next(p, &len);
		if (invisible(c)) {
			out_rawf(&t, "[U+%04lX]", c);
			changed = 1;
		} else if (control(c) && c != '\t' && c != '\n') {
			out_raw(&t, "\xef\xbf\xbd");
			changed = 1;
		} else {
			out_rawn(&t, (const char *)p, len);
		}
		p += len;
	}
	rc = t.rc;
	if (rc == 0 && changed && !cmark_node_set_literal(n, buf_str(&t.b)))
		rc = ink_error(INK_EINPUT, "out of memory");
	out_release(&t);
	return rc;
}

/* Headings moved down, images turned into links to the same place
 * (markdown_parse has kept only allowed targets), literals fixed. */
static int
md_clean(cmark_node *doc, int shift)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **imgs = NULL;
	size_t n = 0, cap = 0;
	cmark_event_type ev;
	int rc = 0;

	if (it == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(node) + shift;
			cmark_node_set_heading_level(node, l > 6 ? 6 : l);
		} else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
		    t == CMARK_NODE_CODE_BLOCK) {
			rc = md_fix_literal(node);
		} else if (t == CMARK_NODE_IMAGE) {
			if (n == cap) {
				cmark_node **v;
				cap = cap ? cap * 2 : 8;
				if ((v = realloc(imgs, cap * sizeof(*v))) == NULL) {
					rc = ink_error(INK_EINPUT, "out of memory");
					break;
				}
				imgs = v;
			}
			imgs[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		cmark_node *link = cmark_node_new(CMARK_NODE_LINK), *c;
		if (link == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		cmark_node_set_url(link, cmark_node_get_url(imgs[i]));
		while ((c = cmark_node_first_child(imgs[i])) != NULL) {
			cmark_node_unlink(c);
			cmark_node_append_child(link, c);
		}
		cmark_node_replace(imgs[i], link);
		cmark_node_free(imgs[i]);
	}
	free(imgs);
	return rc;
}

void
out_md(struct out *o, const char *text, int shift)
{
	cmark_node *doc;
	char *html;

	if (o->rc || text == NULL)
		return;
	if ((o->rc = markdown_parse(&doc, text)) != 0)
		return;
	if ((o->rc = md_clean(doc, shift)) == 0) {
		if ((html = cmark_render_html(doc, CMARK_OPT_SAFE)) == NULL) {
			o->rc = ink_error(INK_EINPUT, "out of memory");
		} else {
			adds(o, html);
			free(html);
		}
	}
	cmark_node_free(doc);
}

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
			(void)utf8_next(p, &len);
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
	int64_t s = ((t + JST) % 86400 + 86400) % 86400;

	site_jst_day(day, t);
	time_format(ts, t);
	out_rawf(o, "<time datetime=\"%s\">%s %02d:%02d JST</time>", ts, day,
	    (int)(s / 3600), (int)(s / 60 % 60));
}
