/*
 * Markdown written by people, parsed once for every renderer (the site's
 * pages, the summary as HTML and as Markdown): libcmark in safe mode,
 * then every link and image whose target is not http, https, mailto or
 * a relative path replaced by its text.  An allowlist: a scheme a
 * browser or the desktop would hand to another program (ms-msdt:,
 * search-ms:, file:, javascript:, data: ...) never becomes a link.
 */
#ifndef INK_MARKDOWN_H
#define INK_MARKDOWN_H

#include <cmark.h>

/* Parses text (NUL-terminated) in safe mode and filters its links; the
 * caller frees *out with cmark_node_free. */
int markdown_parse(cmark_node **out, const char *text);
/* Replaces each link or image with a target markdown_url_allowed()
 * refuses by its children (its text). */
int markdown_links_filter(cmark_node *doc);
/* 1 when url is http:, https: or mailto: (any case), or relative: no
 * scheme before the first '/', '?' or '#', and not "//host" (which a page
 * opened from disk would resolve to file://host). */
int markdown_url_allowed(const char *url);

#endif
