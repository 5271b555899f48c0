/*
 * Text for a terminal (see textout.h): one classifier of characters and
 * one escaping function over it.
 */
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "core/textout.h"

/* Code points above ASCII that a terminal obeys or that reorder the text
 * around them: C1 controls and the bidirectional marks, embeddings,
 * overrides and isolates. */
static int
control_above_ascii(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/* A backslash, letter, then v in digits hex digits, into e; returns the
 * length. */
static size_t
hex_escape(char *e, char letter, uint32_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	e[0] = '\\';
	e[1] = letter;
	for (int i = 0; i < digits; i++)
		e[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xf];
	return (size_t)digits + 2;
}

size_t
textout_char(const unsigned char *s, size_t n, enum textout_kind *kind,
    uint32_t *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t v;

	*cp = c;
	if (c < 0x80) {
		*kind = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ?
		    TEXTOUT_CONTROL : TEXTOUT_PLAIN;
		return 1;
	}
	/* Well-formed UTF-8 (Unicode table 3-7): no overlong forms, no
	 * surrogates, nothing past U+10FFFF. */
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		*kind = TEXTOUT_INVALID;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if (i == n) {
			*kind = TEXTOUT_SHORT;
			return n;
		}
		if (s[i] < lo || s[i] > hi) {
			*kind = TEXTOUT_INVALID;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	*kind = control_above_ascii(v) ? TEXTOUT_CONTROL : TEXTOUT_PLAIN;
	return len;
}

int
textout_escape(struct buf *out, const void *s, size_t n, int more,
    size_t *used)
{
	const unsigned char *p = s, *run = s, *end = p + n;
	char e[8];
	int rc = 0;

	while (p < end) {
		enum textout_kind k;
		uint32_t cp;
		size_t len = textout_char(p, (size_t)(end - p), &k, &cp);

		if (k == TEXTOUT_PLAIN) {
			p += len;
			continue;
		}
		if (k == TEXTOUT_SHORT && more)
			break;
		if ((rc = buf_add(out, run, (size_t)(p - run))) != 0)
			break;
		if (k == TEXTOUT_CONTROL && cp >= 0x80) {
			rc = buf_add(out, e, hex_escape(e, 'u', cp, 4));
			p += len;
		} else {
			/* C0, DEL, or the first byte of what is not UTF-8:
			 * the bytes after it are looked at afresh. */
			rc = buf_add(out, e, hex_escape(e, 'x', *p, 2));
			p++;
		}
		run = p;
		if (rc != 0)
			break;
	}
	if (rc == 0)
		rc = buf_add(out, run, (size_t)(p - run));
	if (used)
		*used = (size_t)(p - (const unsigned char *)s);
	return rc;
}

int
textout_json(struct buf *out, const void *s, size_t n)
{
	const unsigned char *p = s, *run = s, *end = p + n;
	char e[8];
	int rc = 0;

	while (p < end && rc == 0) {
		enum textout_kind k;
		uint32_t cp;
		size_t len;

		/* ASCII controls are either JSON's own white space or
		 * already escaped inside strings. */
		if (*p < 0x7f) {
			p++;
			continue;
		}
		len = textout_char(p, (size_t)(end - p), &k, &cp);
		if (k == TEXTOUT_PLAIN) {
			p += len;
			continue;
		}
		if ((rc = buf_add(out, run, (size_t)(p - run))) != 0)
			break;
		if (k == TEXTOUT_CONTROL) {
			rc = buf_add(out, e, hex_escape(e, 'u', cp, 4));
			p += len;
		} else {
			rc = buf_adds(out, "\\ufffd");
			p++;
		}
		run = p;
	}
	if (rc == 0)
		rc = buf_add(out, run, (size_t)(p - run));
	return rc;
}

int
textout_escape_buf(struct buf *b)
{
	struct buf t;
	const unsigned char *p = b->data;
	size_t n = b->len, i = 0;
	int rc;

	/* Most text needs nothing: it is left where it is. */
	while (i < n) {
		enum textout_kind k;
		uint32_t cp;
		size_t len = textout_char(p + i, n - i, &k, &cp);
		if (k != TEXTOUT_PLAIN)
			break;
		i += len;
	}
	if (i == n)
		return 0;
	/* An escape is at most four bytes for each byte it stands for. */
	buf_init(&t, b->max > SIZE_MAX / 4 ? SIZE_MAX : b->max * 4);
	if ((rc = buf_add(&t, p, i)) == 0)
		rc = textout_escape(&t, p + i, n - i, 0, NULL);
	if (rc != 0) {
		buf_release(&t);
		return rc;
	}
	buf_release(b);
	*b = t;
	return 0;
}
