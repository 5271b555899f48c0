/*
 * Strict JSON reading (a validating scanner in front of cJSON) and the
 * canonical writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/textout.h"

#define INT53 9007199254740991.0

/*
 * Every cJSON_Create* and cJSON_Add* allocates through these hooks, and a
 * failure is remembered for the thread: a document that lost a member to
 * memory never reaches output, since json_canon and json_pretty refuse to
 * write one (and json_alloc_failed tells other writers).  So each
 * creation is checked, in one place, rather than at 400 call sites.
 */
static _Thread_local int alloc_failed;
static _Thread_local long fail_after = -1;

static void *
json_alloc(size_t n)
{
	void *p;

	if (fail_after == 0) {
		alloc_failed = 1;
		return NULL;
	}
	if (fail_after > 0)
		fail_after--;
	if ((p = malloc(n)) == NULL)
		alloc_failed = 1;
	return p;
}

__attribute__((constructor)) static void
json_hooks(void)
{
	cJSON_Hooks h = { json_alloc, free };

	cJSON_InitHooks(&h);
}

int
json_alloc_failed(void)
{
	int f = alloc_failed;

	alloc_failed = 0;
	return f;
}

void
json_fail_allocs_after(long n)
{
	fail_after = n;
}

struct scan {
	const unsigned char *p, *end, *start;
	const char *what;
	int depth;
};

static int
scan_fail(struct scan *s, const char *why)
{
	size_t line = 1, col = 1;

	for (const unsigned char *q = s->start; q < s->p && q < s->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if ((*q & 0xc0) != 0x80) {
			col++;
		}
	}
	return ink_error(INK_EINPUT, "%s: line %zu column %zu: %s", s->what,
	    line, col, why);
}

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* One UTF-8 sequence at s->p, shortest form, no surrogates, <= U+10FFFF. */
static int
scan_utf8(struct scan *s)
{
	const unsigned char *p = s->p;
	size_t left = (size_t)(s->end - p), n;
	unsigned c = p[0], cp;

	if (c < 0x80)
		n = 1, cp = c;
	else if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return scan_fail(s, "invalid UTF-8");
	if (n > left)
		return scan_fail(s, "invalid UTF-8 (truncated)");
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return scan_fail(s, "invalid UTF-8");
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return scan_fail(s, "invalid UTF-8");
	s->p += n;
	return 0;
}

static int
hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static int
scan_string(struct scan *s)
{
	int rc;

	s->p++; /* opening quote */
	while (s->p < s->end) {
		unsigned c = *s->p;
		/* Plain printable ASCII, most of every document (base64
		 * payloads are all of it): nothing to check. */
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			s->p++;
			continue;
		}
		if (c == '"') {
			s->p++;
			return 0;
		}
		if (c < 0x20)
			return scan_fail(s, "control character in string");
		if (c < 0x80 && c != '\\') {
			s->p++;
			continue;
		}
		/* The common three-byte sequence (CJK text), checked as
		 * scan_utf8 does: U+0800..U+FFFF without surrogates. */
		if (c >= 0xe0 && c <= 0xef && s->end - s->p >= 3 &&
		    (s->p[1] & 0xc0) == 0x80 && (s->p[2] & 0xc0) == 0x80) {
			unsigned cp = (c & 0x0f) << 12 |
			    (unsigned)(s->p[1] & 0x3f) << 6 | (s->p[2] & 0x3f);
			if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
				s->p += 3;
				continue;
			}
		}
		if (c != '\\') {
			if ((rc = scan_utf8(s)) != 0)
				return rc;
			continue;
		}
		if (s->end - s->p < 2)
			break;
		c = s->p[1];
		if (strchr("\"\\/bfnrt", (int)c) != NULL && c != 0) {
			s->p += 2;
			continue;
		}
		if (c != 'u')
			return scan_fail(s, "invalid escape in string");
		unsigned u, lo;
		if (s->end - s->p < 6 || hex4(s->p + 2, &u) != 0)
			return scan_fail(s, "invalid \\u escape");
		if (u == 0)
			return scan_fail(s, "\\u0000 in string");
		if (u >= 0xdc00 && u <= 0xdfff)
			return scan_fail(s, "lone surrogate in string");
		if (u >= 0xd800 && u <= 0xdbff) {
			if (s->end - s->p < 12 || s->p[6] != '\\' ||
			    s->p[7] != 'u' || hex4(s->p + 8, &lo) != 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return scan_fail(s, "lone surrogate in string");
			s->p += 12;
			continue;
		}
		s->p += 6;
	}
	return scan_fail(s, "unterminated string");
}

static int
scan_number(struct scan *s)
{
	const unsigned char *p = s->p;

	if (p < s->end && *p == '-')
		p++;
	if (p >= s->end)
		goto bad;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	else
		goto bad;
	if (p < s->end && *p == '.') {
		p++;
		if (p >= s->end || *p < '0' || *p > '9')
			goto bad;
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < s->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= s->end || *p < '0' || *p > '9')
			goto bad;
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return 0;
bad:
	s->p = p;
	return scan_fail(s, "invalid number");
}

static int scan_value(struct scan *s);

static int
scan_container(struct scan *s, int object)
{
	unsigned char close = object ? '}' : ']';
	size_t members = 0;
	int rc;

	if (++s->depth > INK_MAX_JSON_DEPTH)
		return scan_fail(s, "nested too deeply");
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (++members > INK_MAX_JSON_MEMBERS)
			return scan_fail(s, "too many members");
		skip_ws(s);
		if (object) {
			if (s->p >= s->end || *s->p != '"')
				return scan_fail(s, "expected a key");
			if ((rc = scan_string(s)) != 0)
				return rc;
			skip_ws(s);
			if (s->p >= s->end || *s->p != ':')
				return scan_fail(s, "expected ':'");
			s->p++;
		}
		if ((rc = scan_value(s)) != 0)
			return rc;
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == close) {
			s->p++;
			s->depth--;
			return 0;
		}
		return scan_fail(s, object ? "expected ',' or '}'" :
		    "expected ',' or ']'");
	}
}

static int
scan_literal(struct scan *s, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return scan_fail(s, "unexpected character");
	s->p += n;
	return 0;
}

static int
scan_value(struct scan *s)
{
	skip_ws(s);
	if (s->p >= s->end)
		return scan_fail(s, "unexpected end of input");
	switch (*s->p) {
	case '{':
		return scan_container(s, 1);
	case '[':
		return scan_container(s, 0);
	case '"':
		return scan_string(s);
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_literal(s, "null");
	default:
		return scan_number(s);
	}
}

static int
cmp_names(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

/* Duplicate keys, found by sorting each object's member names. */
static int
check_dups(const cJSON *j, const char *what)
{
	const cJSON *c;
	size_t n = 0, i;
	const cJSON **v;
	int rc = 0;

	if (!cJSON_IsObject(j) && !cJSON_IsArray(j))
		return 0;
	for (c = j->child; c; c = c->next) {
		n++;
		if ((rc = check_dups(c, what)) != 0)
			return rc;
	}
	if (!cJSON_IsObject(j) || n < 2)
		return 0;
	/* Small objects (nearly all): every pair, no allocation; the same
	 * first duplicate in sorted order is named. */
	if (n <= 8) {
		const char *dup = NULL;
		for (c = j->child; c; c = c->next)
			for (const cJSON *d = c->next; d; d = d->next)
				if (strcmp(c->string, d->string) == 0 &&
				    (dup == NULL || strcmp(c->string, dup) < 0))
					dup = c->string;
		return dup ? ink_error(INK_EINPUT, "%s: duplicate key '%s'", what,
		    dup) : 0;
	}
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (i = 0, c = j->child; c; c = c->next)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_names);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1]->string, v[i]->string) == 0) {
			rc = ink_error(INK_EINPUT, "%s: duplicate key '%s'",
			    what, v[i]->string);
			break;
		}
	free(v);
	return rc;
}

int
json_check_dups(const cJSON *j, const char *what)
{
	return check_dups(j, what);
}

int
json_scan(const char *text, size_t len, const char *what)
{
	struct scan s = { (const unsigned char *)text,
		(const unsigned char *)text + len, (const unsigned char *)text,
		what, 0 };
	int rc;

	if ((rc = scan_value(&s)) != 0)
		return rc;
	skip_ws(&s);
	if (s.p != s.end)
		return scan_fail(&s, "trailing data after the document");
	return 0;
}

int
json_parse(cJSON **out, const char *text, size_t len, const char *what)
{
	const char *end = NULL;
	cJSON *j;
	int rc;

	*out = NULL;
	if ((rc = json_scan(text, len, what)) != 0)
		return rc;
	j = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (j == NULL)
		return ink_error(INK_EINPUT, "%s: cannot parse JSON", what);
	if ((rc = check_dups(j, what)) != 0) {
		cJSON_Delete(j);
		return rc;
	}
	*out = j;
	return 0;
}

void
json_strip_comments(char *text, size_t len)
{
	int in_str = 0;

	for (size_t i = 0; i < len; i++) {
		if (in_str) {
			if (text[i] == '\\' && i + 1 < len)
				i++;
			else if (text[i] == '"')
				in_str = 0;
		} else if (text[i] == '"') {
			in_str = 1;
		} else if (text[i] == '/' && i + 1 < len && text[i + 1] == '/') {
			while (i < len && text[i] != '\n')
				text[i++] = ' ';
		}
	}
}

/* A string literal; for people (safe set), the characters core/textout.h
 * lists as \uXXXX too, and a byte that is not UTF-8 as U+FFFD, so that
 * JSON printed to a terminal cannot drive it (the decoded value is the
 * same). */
static int
quote(struct buf *out, const char *s, int safe)
{
	const unsigned char *p = (const unsigned char *)s, *run, *end;
	int rc;

	end = p + strlen(s);
	if ((rc = buf_addc(out, '"')) != 0)
		return rc;
	for (;;) {
		const char *e = NULL;
		char u[8];
		/* Bytes that stand for themselves go in one piece. */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\' &&
		    (!safe || *p < 0x7f); p++)
			;
		if (p > run && (rc = buf_add(out, run, (size_t)(p - run))) != 0)
			return rc;
		if (*p == '\0')
			break;
		if (safe && *p >= 0x7f) {
			enum textout_kind k;
			uint32_t cp;
			size_t len = textout_char(p, (size_t)(end - p), &k, &cp);
			if (k == TEXTOUT_PLAIN) {
				rc = buf_add(out, p, len);
			} else if (k == TEXTOUT_CONTROL) {
				snprintf(u, sizeof(u), "\\u%04x", (unsigned)cp);
				rc = buf_adds(out, u);
			} else {
				len = 1;
				rc = buf_adds(out, "\\ufffd");
			}
			if (rc != 0)
				return rc;
			p += len;
			continue;
		}
		switch (*p) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(u, sizeof(u), "\\u%04x", *p);
			e = u;
		}
		if ((rc = buf_adds(out, e)) != 0)
			return rc;
		p++;
	}
	return buf_addc(out, '"');
}

int
json_quote(struct buf *out, const char *s)
{
	return quote(out, s, 0);
}

bool
json_is_int(const cJSON *j)
{
	double d;

	if (!cJSON_IsNumber(j))
		return false;
	d = j->valuedouble;
	return d == floor(d) && fabs(d) <= INT53;
}

/* Members by name: insertion sort for the few of most objects (stable,
 * as glibc's merge sort is), qsort beyond. */
static void
sort_names(const cJSON **v, size_t n)
{
	if (n > 16) {
		qsort(v, n, sizeof(*v), cmp_names);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const cJSON *x = v[i];
		size_t k = i;
		while (k > 0 && strcmp(v[k - 1]->string, x->string) > 0) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
}

static int
write_value(struct buf *out, const cJSON *j, int pretty, int depth)
{
	const cJSON *c;
	size_t n, i;
	const cJSON **v, *small[32];
	int rc = 0;

	if (depth > INK_MAX_JSON_DEPTH)
		return ink_error(INK_EINPUT, "JSON nested too deeply");
	if (cJSON_IsNull(j))
		return buf_adds(out, "null");
	if (cJSON_IsTrue(j))
		return buf_adds(out, "true");
	if (cJSON_IsFalse(j))
		return buf_adds(out, "false");
	if (cJSON_IsString(j))
		return quote(out, j->valuestring, pretty);
	if (cJSON_IsNumber(j)) {
		if (!json_is_int(j))
			return ink_error(INK_EINPUT, "only integers are allowed "
			    "in signed JSON");
		char num[32];
		int k = snprintf(num, sizeof(num), "%lld",
		    (long long)j->valuedouble);
		return buf_add(out, num, (size_t)k);
	}
	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return ink_error(INK_EINPUT, "unsupported JSON value");
	n = 0;
	for (c = j->child; c; c = c->next)
		n++;
	if ((rc = buf_addc(out, cJSON_IsArray(j) ? '[' : '{')) != 0)
		return rc;
	if (n == 0)
		return buf_addc(out, cJSON_IsArray(j) ? ']' : '}');
	/* Small containers (nearly all) sort on the stack. */
	if (n <= sizeof(small) / sizeof(small[0]))
		v = small;
	else if ((v = malloc(n * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (i = 0, c = j->child; c; c = c->next)
		v[i++] = c;
	if (cJSON_IsObject(j))
		sort_names(v, n);
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			rc = buf_addc(out, ',');
		if (rc == 0 && pretty) {
			rc = buf_addc(out, '\n');
			for (int k = 0; rc == 0 && k <= depth; k++)
				rc = buf_adds(out, "  ");
		}
		if (rc == 0 && cJSON_IsObject(j)) {
			rc = quote(out, v[i]->string, pretty);
			if (rc == 0)
				rc = buf_adds(out, pretty ? ": " : ":");
		}
		if (rc == 0)
			rc = write_value(out, v[i], pretty, depth + 1);
	}
	if (rc == 0 && pretty) {
		rc = buf_addc(out, '\n');
		for (int k = 0; rc == 0 && k < depth; k++)
			rc = buf_adds(out, "  ");
	}
	if (rc == 0)
		rc = buf_addc(out, cJSON_IsArray(j) ? ']' : '}');
	if (v != small)
		free(v);
	return rc;
}

int
json_canon(struct buf *out, const cJSON *j)
{
	if (json_alloc_failed())
		return ink_error(INK_EINPUT, "out of memory building JSON");
	return write_value(out, j, 0, 0);
}

int
json_pretty(struct buf *out, const cJSON *j)
{
	if (json_alloc_failed() != 0)
		return ink_error(INK_EINPUT, "out of memory building JSON");
	return write_value(out, j, 1, 0);
}

const cJSON *
json_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj) || key == NULL)
		return NULL;
	/* cJSON_GetObjectItemCaseSensitive's first match, with the first
	 * byte compared before the rest (most members differ there). */
	for (const cJSON *c = obj->child; c; c = c->next)
		if (c->string && c->string[0] == key[0] &&
		    strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

const char *
json_get_str(const cJSON *obj, const char *key)
{
	const cJSON *j = json_get(obj, key);

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

int
json_get_int(int64_t *out, const cJSON *obj, const char *key)
{
	const cJSON *j = json_get(obj, key);

	if (j == NULL)
		return INK_ENOTFOUND;
	if (!json_is_int(j))
		return ink_error(INK_EINPUT, "'%s' is not an integer", key);
	*out = (int64_t)j->valuedouble;
	return 0;
}
