/*
 * Escaping for every output context, once for the whole tree (after
 * stagit: one function per context, called at every interpolation of a
 * value).  The site, the SOC 3 summary, the improvement plan and the SCS
 * sheet all write through these.  Each function appends to a buffer the
 * caller owns and returns 0 or the buffer's error (INK_EINPUT).
 *
 * What a context does with line breaks, and whether invisible characters
 * are shown, is the caller's choice (flags below): the outputs differ on
 * purpose (a site page shows a bidirectional override as "[U+202E]"; the
 * summary leaves that to the terminal escaping it goes through).
 */
#ifndef INK_ESCAPE_H
#define INK_ESCAPE_H

#include <stddef.h>

#include "core/buf.h"

enum esc_flags {
	/* HTML: control characters and invalid bytes as U+FFFD, invisible
	 * and direction characters as "[U+XXXX]". */
	ESC_VISIBLE = 1 << 0,
	/* A carriage return is dropped. */
	ESC_CR_DROP = 1 << 1,
	/* A line break becomes a space (and so does a carriage return,
	 * unless ESC_CR_DROP). */
	ESC_NL_SPACE = 1 << 2,
	/* A line break becomes a hard break: "<br>\n" in HTML, "\\\n" in
	 * Markdown. */
	ESC_NL_BREAK = 1 << 3,
	/* Markdown: '#' and '!' escaped too (a value that may start a line
	 * or follow a '['). */
	ESC_MD_STRICT = 1 << 4,
	/* CSV: a field a spreadsheet would take for a formula starts with a
	 * quote mark (OWASP's advice on CSV injection). */
	ESC_CSV_FORMULA = 1 << 5
};

/* HTML text, or a double-quoted attribute value: & < > " ' as
 * references.  s may be NULL (nothing is written). */
int esc_html(struct buf *b, const char *s, unsigned flags);
/* HTML another escaping renderer wrote (s[0..n)): copied, with invisible
 * characters and controls (but tab and line breaks) shown as ESC_VISIBLE
 * shows them. */
int esc_html_trusted(struct buf *b, const char *s, size_t n);
/* A URL inside a double-quoted href or src: "#" unless it is http:,
 * https: or relative (no scheme); bytes outside the URL characters
 * percent-encoded, '&' as "&amp;". */
int esc_url(struct buf *b, const char *s);
/* 1 when esc_url() would write url itself: http:, https: (any case) or
 * no scheme before the first '/', '?' or '#'. */
int esc_url_allowed(const char *url);
/* JSON text inside <script type="application/json">: '<', '>', '&' and
 * invisible characters as \uXXXX (the same JSON value). */
int esc_json_script(struct buf *b, const char *json);
/* A plain value inside Markdown: punctuation Markdown reads
 * backslash-escaped, so the value is only ever text. */
int esc_md(struct buf *b, const char *s, unsigned flags);
/* One RFC 4180 field, always quoted, quotes doubled. */
int esc_csv(struct buf *b, const char *s, unsigned flags);

/* The code point of the UTF-8 sequence at s and its length in *len; a
 * stray byte gives U+FFFD rather than a misread. */
unsigned long esc_utf8_next(const unsigned char *s, size_t *len);

#endif
