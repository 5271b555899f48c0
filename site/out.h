/*
 * Writing the site's files into memory, with one escaping function per
 * output context (core/escape.h), called at every interpolation:
 *
 *   out_raw       markup and literals written by this program only
 *   out_text      a value as HTML text
 *   out_attr      a value inside a double-quoted HTML attribute
 *   out_url       a URL inside a double-quoted href or src
 *   out_json_script  JSON text inside <script type="application/json">
 *   out_xml       a value as XML text or attribute (Atom)
 *   out_csv       a value as one RFC 4180 field
 *
 * Errors are sticky: the first failed append sets o->rc and every later
 * call does nothing, so a page is written with straight-line code and
 * checked once, before its file is written.
 */
#ifndef INK_SITE_OUT_H
#define INK_SITE_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* The largest file the site writes (api/index.json of a big registry). */
#define SITE_MAX_FILE ((size_t)1 << 30)

struct out {
	struct buf b;
	int rc;
};

#define OUT_INIT { BUF_INIT(SITE_MAX_FILE), 0 }

void out_release(struct out *o);

void out_raw(struct out *o, const char *s);
void out_rawn(struct out *o, const char *s, size_t n);
/* Numbers and other values this program formats itself. */
void out_rawf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_text(struct out *o, const char *s);
void out_attr(struct out *o, const char *s);
void out_url(struct out *o, const char *s);
void out_json_script(struct out *o, const char *json);
void out_xml(struct out *o, const char *s);
void out_csv(struct out *o, const char *s);

/* The plain text of Markdown, at most max characters (ellipsis when
 * cut); NULL when out of memory.  The caller frees it. */
char *md_plain(const char *markdown, size_t max);

/* A time as <time>: the day in Japan (JST), which is what the schemes
 * count in, in the one form every date of the site has ("YYYY-MM-DD"),
 * with the instant in datetime.  The footer says the dates are JST. */
void out_time(struct out *o, int64_t t);
/* The JST calendar day of t as "YYYY-MM-DD". */
void site_jst_day(char out[11], int64_t t);

#endif
