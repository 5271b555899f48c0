/*
 * Markdown parsing with the link allowlist (see markdown.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/markdown.h"

int
markdown_url_allowed(const char *url)
{
	static const char *const schemes[] = { "http", "https", "mailto",
		NULL };
	const char *p = url;
	size_t n;

	if (url == NULL)
		return 1;
	/* cmark has decoded entities and backslash escapes already; the
	 * scheme is what comes before the first ':', spaces and controls
	 * included, so " javascript:" or "java\tscript:" is no scheme
	 * allowed here.  A browser skips those before resolving. */
	n = strcspn(url, ":/?#\\");
	if (url[n] == ':') {
		for (size_t i = 0; schemes[i]; i++)
			if (strlen(schemes[i]) == n &&
			    strncasecmp(url, schemes[i], n) == 0)
				return 1;
		return 0;
	}
	while (*p && (unsigned char)*p <= 0x20)
		p++;
	return !((p[0] == '/' || p[0] == '\\') &&
	    (p[1] == '/' || p[1] == '\\'));
}

int
markdown_links_filter(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **bad = NULL, **v;
	size_t n = 0, cap = 0;
	cmark_event_type ev;
	int rc = 0;

	if (it == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	/* Collected first: a tree is not edited while it is walked. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK &&
		    t != CMARK_NODE_IMAGE) ||
		    markdown_url_allowed(cmark_node_get_url(node)))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			if ((v = realloc(bad, cap * sizeof(*v))) == NULL) {
				rc = ink_error(INK_EINPUT, "out of memory");
				goto cleanup;
			}
			bad = v;
		}
		bad[n++] = node;
	}
	/* Outer before inner (the walk's order): a child moved out of a
	 * refused link is still the node collected. */
	for (size_t i = 0; i < n; i++) {
		cmark_node *c;
		while ((c = cmark_node_first_child(bad[i])) != NULL) {
			cmark_node_unlink(c);
			if (!cmark_node_insert_before(bad[i], c)) {
				cmark_node_free(c);
				rc = ink_error(INK_EINPUT, "cannot rewrite a "
				    "link");
				goto cleanup;
			}
		}
		cmark_node_free(bad[i]);
	}
cleanup:
	cmark_iter_free(it);
	free(bad);
	return rc;
}

int
markdown_parse(cmark_node **out, const char *text)
{
	cmark_node *doc;
	int rc;

	*out = NULL;
	if ((doc = cmark_parse_document(text, strlen(text),
	    CMARK_OPT_SAFE)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = markdown_links_filter(doc)) != 0) {
		cmark_node_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}
