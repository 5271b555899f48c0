/*
 * The escaping functions of every output context (see escape.h).
 * Everything a record says is data: markup is escaped and, where the
 * caller asks (ESC_VISIBLE), control characters become U+FFFD and the
 * characters that are invisible or reorder text (bidirectional overrides
 * and isolates, zero-width characters, the BOM) are shown as "[U+XXXX]",
 * so that a name cannot pass for another one on a page.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/escape.h"

#define REPLACEMENT "\xef\xbf\xbd"

unsigned long
esc_utf8_next(const unsigned char *s, size_t *len)
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

/* What a line break or carriage return becomes under flags (NULL: kept
 * as it is); brk is the context's hard break. */
static const char *
line_break(unsigned char c, unsigned flags, const char *brk)
{
	if (c == '\r') {
		if (flags & ESC_CR_DROP)
			return "";
		return flags & ESC_NL_SPACE ? " " : NULL;
	}
	if (flags & ESC_NL_BREAK)
		return brk;
	return flags & ESC_NL_SPACE ? " " : NULL;
}

int
esc_html(struct buf *b, const char *s, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char hex[16];
	int rc = 0;

	/* Bytes that stay as they are are copied in runs, not one by one. */
	while (p && *p && rc == 0) {
		const char *rep = NULL;
		size_t len = 1;
		unsigned long c;

		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r':
		case '\n': rep = line_break(*p, flags, "<br>\n"); break;
		}
		if (rep == NULL && (flags & ESC_VISIBLE) &&
		    (*p < 0x20 || *p >= 0x7f)) {
			c = esc_utf8_next(p, &len);
			if (control(c) || c == 0xfffd) {
				rep = REPLACEMENT;
			} else if (invisible(c)) {
				snprintf(hex, sizeof(hex), "[U+%04lX]", c);
				rep = hex;
			}
		}
		if (rep == NULL) {
			p += len;
			continue;
		}
		if (p > run)
			rc = buf_add(b, run, (size_t)(p - run));
		if (rc == 0)
			rc = buf_adds(b, rep);
		p += len;
		run = p;
	}
	if (rc == 0 && p && p > run)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc;
}

int
esc_html_trusted(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p;
	int rc = 0;

	while (p < end && rc == 0) {
		size_t len;
		unsigned long c;
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		c = esc_utf8_next(p, &len);
		/* A sequence cut at the end is not written. */
		if (p + len > end)
			break;
		if (invisible(c)) {
			if ((rc = buf_add(b, run, (size_t)(p - run))) == 0)
				rc = buf_addf(b, "[U+%04lX]", c);
			run = p + len;
		} else if (control(c)) {
			if ((rc = buf_add(b, run, (size_t)(p - run))) == 0)
				rc = buf_adds(b, REPLACEMENT);
			run = p + len;
		}
		p += len;
	}
	if (rc == 0 && p > run)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc;
}

int
esc_url_allowed(const char *s)
{
	/* A scheme before the first '/', '?' or '#' makes a URL absolute.
	 * The site links only to itself and to the web; people's Markdown
	 * has its own, wider allowlist (markdown_url_allowed). */
	size_t n = strcspn(s, ":/?#");

	if (s[n] != ':')
		return 1;
	return (n == 4 && strncasecmp(s, "http", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "https", 5) == 0);
}

/* The characters a URL keeps as they are. */
static int
url_char(unsigned char c)
{
	static const char keep[] = "-._~!$()*+,;=:@/?#%";

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr(keep, c));
}

int
esc_url(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	int rc = 0;

	if (s == NULL || !esc_url_allowed(s))
		return buf_adds(b, "#");
	for (run = p; *p && rc == 0; p++) {
		if (url_char(*p))
			continue;
		if (p > run)
			rc = buf_add(b, run, (size_t)(p - run));
		if (rc == 0)
			rc = *p == '&' ? buf_adds(b, "&amp;") :
			    buf_addf(b, "%%%02X", *p);
		run = p + 1;
	}
	if (rc == 0 && p > run)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc;
}

int
esc_json_script(struct buf *b, const char *json)
{
	const unsigned char *p = (const unsigned char *)json, *run = p;
	int rc = 0;

	/* Outside strings JSON has none of these, so escaping them
	 * everywhere keeps the text the same JSON value, no "</script" or
	 * "<!--" can end the element, and no invisible or direction
	 * character is in the page as it is. */
	while (p && *p && rc == 0) {
		size_t len;
		unsigned long c;
		if (*p < 0x80 && *p != '<' && *p != '>' && *p != '&') {
			p++;
			continue;
		}
		c = esc_utf8_next(p, &len);
		if (c != '<' && c != '>' && c != '&' && !invisible(c)) {
			p += len;
			continue;
		}
		if (p > run)
			rc = buf_add(b, run, (size_t)(p - run));
		if (rc != 0)
			break;
		if (c == '<')
			rc = buf_adds(b, "\\u003c");
		else if (c == '>')
			rc = buf_adds(b, "\\u003e");
		else if (c == '&')
			rc = buf_adds(b, "\\u0026");
		else if (c > 0xffff)
			rc = buf_addf(b, "\\u%04lx\\u%04lx",
			    0xd800 + ((c - 0x10000) >> 10),
			    0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			rc = buf_addf(b, "\\u%04lx", c);
		p += len;
		run = p;
	}
	if (rc == 0 && p && p > run)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc;
}

int
esc_md(struct buf *b, const char *s, unsigned flags)
{
	const char *set = flags & ESC_MD_STRICT ? "\\`*_[]<>|~&#!" :
	    "\\`*_[]<>|~&";
	const char *p = s, *run = s;
	int rc = 0;

	while (p && *p && rc == 0) {
		const char *rep = NULL;
		char pair[3];

		if (*p == '\r' || *p == '\n') {
			rep = line_break((unsigned char)*p, flags, "\\\n");
		} else if (strchr(set, *p) != NULL) {
			pair[0] = '\\';
			pair[1] = *p;
			pair[2] = '\0';
			rep = pair;
		}
		if (rep == NULL) {
			p++;
			continue;
		}
		if (p > run)
			rc = buf_add(b, run, (size_t)(p - run));
		if (rc == 0)
			rc = buf_adds(b, rep);
		run = ++p;
	}
	if (rc == 0 && p && p > run)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc;
}

int
esc_csv(struct buf *b, const char *s, unsigned flags)
{
	const char *p;
	int rc;

	if (s == NULL)
		return 0;
	if ((rc = buf_addc(b, '"')) != 0)
		return rc;
	if ((flags & ESC_CSV_FORMULA) && s[0] && strchr("=+-@\t\r", s[0]) &&
	    (rc = buf_addc(b, '\'')) != 0)
		return rc;
	for (p = s; *p && rc == 0; ) {
		size_t n = strcspn(p, "\"");
		if ((rc = buf_add(b, p, n)) != 0)
			break;
		p += n;
		if (*p == '"') {
			rc = buf_add(b, "\"\"", 2);
			p++;
		}
	}
	return rc ? rc : buf_addc(b, '"');
}
