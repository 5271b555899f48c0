/*
 * The sheet's vocabularies and the small checks every SCS part uses.
 */
#include <stdint.h>
#include <string.h>

#include "core/timefmt.h"
#include "kinds/scs.h"

const char *const scs_answers[] = { "対応済", "一部対応済", "対応準備中",
	"未対応", "対象外", NULL };
const char *const scs_procedures[] = { "文書類", "システム機能", "現場視察",
	"ヒアリング", NULL };
const char *const scs_results[] = { SCS_CONFORMANT, SCS_NEEDS_IMPROVEMENT,
	SCS_NOT_APPLICABLE, NULL };
const char *const scs_scope_kinds[] = { "group", "company", "department",
	NULL };

int
scs_word_index(const char *const *list, const char *w)
{
	if (w == NULL)
		return -1;
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], w) == 0)
			return i;
	return -1;
}

const char *
scs_word_list(const char *const *list, const char *sep)
{
	/* A few buffers in turn, so one message can show two lists. */
	static _Thread_local char bufs[4][256];
	static _Thread_local unsigned next;
	char *out = bufs[next++ % 4];
	size_t n = 0, size = sizeof(bufs[0]);

	out[0] = '\0';
	for (int i = 0; list[i]; i++) {
		size_t a = strlen(list[i]), b = i ? strlen(sep) : 0;
		if (n + a + b + 1 > size)
			break;
		if (i)
			memcpy(out + n, sep, b);
		memcpy(out + n + b, list[i], a);
		n += a + b;
		out[n] = '\0';
	}
	return out;
}

int
scs_date_ok(const char *s)
{
	int64_t t;

	return s && strlen(s) == 10 && time_parse_date(&t, s) == 0;
}

int
scs_target_ok(const char *s)
{
	char d[11];

	if (s == NULL)
		return 0;
	if (strlen(s) == 7 && s[4] == '-') {
		memcpy(d, s, 7);
		memcpy(d + 7, "-01", 4);
		return scs_date_ok(d);
	}
	return scs_date_ok(s);
}

static int
is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
	    *s == '\f' || *s == '\v') {
		*len = 1;
		return 1;
	}
	if (strncmp(s, "\u3000", 3) == 0) {
		*len = 3;
		return 1;
	}
	return 0;
}

int
scs_text_present(const char *s)
{
	size_t k;

	if (s == NULL)
		return 0;
	while (*s && is_space_at(s, &k))
		s += k;
	return *s != '\0';
}

void
scs_text_clean(char *s, int strip_mark)
{
	size_t n, k, start = 0, end, w = 0;

	if (s == NULL)
		return;
	n = strlen(s);
	while (start < n && is_space_at(s + start, &k))
		start += k;
	if (strip_mark && strncmp(s + start, "・", 3) == 0) {
		start += 3;
		while (start < n && is_space_at(s + start, &k))
			start += k;
	}
	end = n;
	/* Trailing space: ASCII or U+3000 (E3 80 80). */
	for (;;) {
		if (end > start && strchr(" \t\r\n\f\v", s[end - 1]) != NULL)
			end--;
		else if (end >= start + 3 && memcmp(s + end - 3, "\u3000", 3) == 0)
			end -= 3;
		else
			break;
	}
	for (size_t i = start; i < end; i++) {
		if (s[i] == '\r' && i + 1 < end && s[i + 1] == '\n')
			continue;
		s[w++] = s[i];
	}
	s[w] = '\0';
}

size_t
scs_utf8_bad_line(const unsigned char *s, size_t n)
{
	size_t line = 1, i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		uint32_t cp;

		if (c == '\n')
			line++;
		if (c == 0)
			return line;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			k = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 4, cp = c & 0x07;
		else
			return line;
		if (n - i < k)
			return line;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return line;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF. */
		if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return line;
		i += k;
	}
	return 0;
}
