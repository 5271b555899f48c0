/*
 * Markdown written by people, rendered for the public: libcmark in safe
 * mode as summary/summary.c uses it, and the whole SOC 3-style summary of an
 * audit record (summary_render) with the input as its management
 * assertion and system boundaries, in HTML and in Markdown.
 *
 * Properties:
 *  - the HTML never holds a <script element, an event handler attribute
 *    brought in by the input, or a link or image whose target is
 *    javascript:, vbscript:, file: or (non-image) data: (libcmark's safe
 *    mode), and the summary's links go only to http, https, mailto and
 *    relative targets (core/markdown.c);
 *  - the Markdown summary is as safe: rendered again by a Markdown
 *    renderer that passes raw HTML through (what a reader of the .md file
 *    may use), it holds none of those either.
 *
 * fuzz/data/audit-statement.json is a valid audit-report Statement (made
 * by fuzz/make-corpus.sh with inkan).
 */
#include <ctype.h>
#include <strings.h>

#include <cmark.h>

#include "fuzz/common.h"

#include "core/buf.h"
#include "core/file.h"
#include "core/json.h"
#include "core/problems.h"
#include "summary/summary.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cJSON *base;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf b;

	(void)argc;
	(void)argv;
	fuzz_env_init();
	if (file_read(&b, FUZZ_SRCDIR "/fuzz/data/audit-statement.json",
	    1u << 20) != 0 ||
	    json_parse(&base, (const char *)b.data, b.len, "base") != 0) {
		fprintf(stderr, "fuzz: %s\n", ink_error_last());
		abort();
	}
	buf_release(&b);
	/* The base must itself get a summary, or nothing here is fuzzed. */
	{
		struct problems p = PROBLEMS_INIT;
		struct buf out = BUF_INIT(64u << 20);
		if (summary_render(&out, base, "sha256:00", SUMMARY_HTML, "ja",
		    &p) != 0) {
			fprintf(stderr, "fuzz: fuzz/data/audit-statement.json "
			    "gets no summary (%s%s%s): remake it with "
			    "fuzz/make-corpus.sh\n", ink_error_last(),
			    p.n ? ": " : "", p.n ? p.v[0] : "");
			abort();
		}
		problems_release(&p);
		buf_release(&out);
	}
	return 0;
}

/* An attribute value as a browser reads it for its scheme: character
 * references decoded, ASCII whitespace and controls dropped (browsers
 * strip tabs and newlines inside URLs), lower case. */
static void
attr_value(char *out, size_t outlen, const char *v, size_t n)
{
	static const struct { const char *name; int c; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "colon", ':' }, { "tab", '\t' },
		{ "newline", '\n' }, { NULL, 0 }
	};
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outlen; i++) {
		long c = (unsigned char)v[i];
		if (c == '&') {
			const char *semi = memchr(v + i, ';', n - i);
			size_t len = semi ? (size_t)(semi - (v + i)) - 1 : 0;
			if (semi && len > 0 && len < 12) {
				char ent[12];
				memcpy(ent, v + i + 1, len);
				ent[len] = '\0';
				if (ent[0] == '#')
					c = ent[1] == 'x' || ent[1] == 'X' ?
					    strtol(ent + 2, NULL, 16) :
					    strtol(ent + 1, NULL, 10);
				else {
					c = '?';
					for (size_t k = 0; named[k].name; k++)
						if (strcasecmp(ent, named[k].name) == 0)
							c = named[k].c;
				}
				i = (size_t)(semi - v);
			}
		}
		if (c <= 0x20)
			continue;
		out[o++] = c < 0x80 ? (char)tolower((int)c) : '?';
	}
	out[o] = '\0';
}

/* Rendered Markdown keeps only http, https, mailto and relative targets
 * (core/markdown.c): anything with another scheme, or a network-path
 * reference ("//host", which a page opened from disk reads as file:),
 * is unsafe. */
/* What libcmark's safe mode itself promises: no javascript:, vbscript:,
 * file: or non-image data: target. */
static int
cmark_unsafe_url(const char *u)
{
	static const char *const images[] = { "data:image/png",
		"data:image/gif", "data:image/jpeg", "data:image/webp", NULL };

	for (size_t i = 0; images[i]; i++)
		if (strncmp(u, images[i], strlen(images[i])) == 0)
			return 0;
	return strncmp(u, "javascript:", 11) == 0 ||
	    strncmp(u, "vbscript:", 9) == 0 || strncmp(u, "file:", 5) == 0 ||
	    strncmp(u, "data:", 5) == 0;
}

static int
unsafe_url(const char *u)
{
	size_t n = strspn(u, "abcdefghijklmnopqrstuvwxyz0123456789+-.");

	if (strncmp(u, "//", 2) == 0)
		return 1;
	if (n == 0 || u[n] != ':')
		return 0; /* no scheme: relative */
	return !((n == 4 && strncmp(u, "http", 4) == 0) ||
	    (n == 5 && strncmp(u, "https", 5) == 0) ||
	    (n == 6 && strncmp(u, "mailto", 6) == 0));
}

/* The safety properties of an HTML text, read tag by tag the way a
 * browser tokenises it: no <script>, no on* attribute, no href or src
 * with a dangerous scheme. */
static void
html_safe(const char *html, const char *what,
    int (*unsafe)(const char *))
{
	const char *p = html;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (strncmp(p, "!--", 3) == 0) {
			const char *e = strstr(p + 3, "-->");
			if (e == NULL)
				return;
			p = e + 3;
			continue;
		}
		if (*p == '/')
			p++;
		if (!isalpha((unsigned char)*p))
			continue;
		if (strncasecmp(p, "script", 6) == 0 &&
		    !isalnum((unsigned char)p[6])) {
			fprintf(stderr, "fuzz: %s holds <script\n", what);
			abort();
		}
		while (*p && !isspace((unsigned char)*p) && *p != '>' &&
		    *p != '/')
			p++;
		/* Attributes. */
		for (;;) {
			char name[32], val[512];
			size_t n = 0;
			const char *vs = NULL, *ve = NULL;
			while (*p && (isspace((unsigned char)*p) || *p == '/'))
				p++;
			if (*p == '\0' || *p == '>')
				break;
			while (*p && !isspace((unsigned char)*p) && *p != '>' &&
			    *p != '=' && *p != '/') {
				if (n + 1 < sizeof(name))
					name[n++] = (char)tolower((unsigned char)*p);
				p++;
			}
			name[n] = '\0';
			while (isspace((unsigned char)*p))
				p++;
			if (*p == '=') {
				p++;
				while (isspace((unsigned char)*p))
					p++;
				if (*p == '"' || *p == '\'') {
					char q = *p++;
					vs = p;
					ve = strchr(p, q);
					if (ve == NULL)
						return;
					p = ve + 1;
				} else {
					vs = p;
					while (*p && !isspace((unsigned char)*p) &&
					    *p != '>')
						p++;
					ve = p;
				}
			}
			if (n >= 2 && name[0] == 'o' && name[1] == 'n') {
				fprintf(stderr, "fuzz: %s has an event handler "
				    "attribute '%s'\n", what, name);
				abort();
			}
			if (vs && (strcmp(name, "href") == 0 ||
			    strcmp(name, "src") == 0)) {
				attr_value(val, sizeof(val), vs, (size_t)(ve - vs));
				if (unsafe(val)) {
					fprintf(stderr, "fuzz: %s links to '%s'\n",
					    what, val);
					abort();
				}
			}
		}
	}
}

/* Is the text a string a record could hold (valid UTF-8, no NUL)? */
static char *
record_string(const uint8_t *data, size_t size)
{
	struct buf q = BUF_INIT(1u << 22);
	cJSON *j = NULL;
	char *s = NULL, *raw = fuzz_strndup(data, size);

	if (strlen(raw) == size && json_quote(&q, raw) == 0 &&
	    json_parse(&j, (const char *)q.data, q.len, "text") == 0 &&
	    cJSON_IsString(j))
		s = strdup(j->valuestring);
	cJSON_Delete(j);
	buf_release(&q);
	free(raw);
	return s;
}

static void
summary(const char *text)
{
	static const enum summary_format fmts[] = { SUMMARY_HTML, SUMMARY_MD };
	cJSON *st = cJSON_Duplicate(base, 1);
	cJSON *pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");

	cJSON_ReplaceItemInObjectCaseSensitive(pred, "management_assertion",
	    cJSON_CreateString(text));
	cJSON_ReplaceItemInObjectCaseSensitive(pred, "system_boundaries",
	    cJSON_CreateString(text));
	for (size_t i = 0; i < 2; i++) {
		struct problems p = PROBLEMS_INIT;
		struct buf out = BUF_INIT(64u << 20);
		if (summary_render(&out, st, "sha256:00", fmts[i], i ? "en" : "ja",
		    &p) == 0) {
			if (fmts[i] == SUMMARY_HTML) {
				html_safe(buf_str(&out), "summary HTML", unsafe_url);
			} else {
				char *h = cmark_markdown_to_html(buf_str(&out),
				    out.len, CMARK_OPT_UNSAFE);
				html_safe(h, "summary Markdown (rendered)", unsafe_url);
				free(h);
			}
		}
		problems_release(&p);
		buf_release(&out);
	}
	cJSON_Delete(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cmark_node *doc;
	char *html, *text;

	if (size > 64 * 1024)
		return 0;
	doc = cmark_parse_document((const char *)data, size, CMARK_OPT_SAFE);
	if (doc != NULL) {
		html = cmark_render_html(doc, CMARK_OPT_SAFE);
		if (html)
			html_safe(html, "cmark safe HTML", cmark_unsafe_url);
		free(html);
		cmark_node_free(doc);
	}
	if (size > 0 && (text = record_string(data, size)) != NULL) {
		if (text[0] != '\0')
			summary(text);
		free(text);
	}
	ink_error_clear();
	return 0;
}
