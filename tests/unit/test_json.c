/*
 * Unit tests for core/json: the strict reader (RFC 8259 plus no duplicate
 * keys, no lone surrogates, no \u0000, bounded nesting), the canonical
 * writer every signed payload uses, comment stripping for drafts, and the
 * integer getter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codec.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "vectors.h"

static cJSON *
parse_ok(const char *text, size_t len)
{
	cJSON *j = NULL;
	int rc = json_parse(&j, text, len, "test");

	if (rc != 0)
		fail_msg("json_parse('%.*s') refused: %s", (int)len, text,
		    ink_error_last());
	assert_non_null(j);
	return j;
}

static void
parse_bad(const char *text, size_t len)
{
	cJSON *j = (cJSON *)&j; /* anything but NULL */
	int rc = json_parse(&j, text, len, "test");

	if (rc != INK_EINPUT) {
		cJSON_Delete(rc == 0 ? j : NULL);
		fail_msg("json_parse('%.*s') returned %d, expected INK_EINPUT",
		    (int)len, text, rc);
	}
	assert_null(j);
	/* Every refusal says why. */
	assert_true(ink_error_last()[0] != '\0');
}

#define OK(s) cJSON_Delete(parse_ok((s), sizeof(s) - 1))
#define BAD(s) parse_bad((s), sizeof(s) - 1)
#define PARSE(s) parse_ok((s), sizeof(s) - 1)

/* The canonical form of text, which must parse; the caller frees it. */
static char *
canon_of(const char *text)
{
	struct buf b = BUF_INIT(1 << 20);
	cJSON *j = parse_ok(text, strlen(text));
	int rc = json_canon(&b, j);

	cJSON_Delete(j);
	if (rc != 0)
		fail_msg("json_canon('%s') refused: %s", text,
		    ink_error_last());
	return (char *)buf_detach(&b, NULL);
}

static void
expect_canon(const char *text, const char *want)
{
	char *got = canon_of(text);

	if (strcmp(got, want) != 0) {
		print_message("# canon of '%s'\n#   got  '%s'\n#   want '%s'\n",
		    text, got, want);
		free(got);
		fail();
	}
	free(got);
}

static void
expect_error_at(const char *text, const char *where)
{
	parse_bad(text, strlen(text));
	if (strstr(ink_error_last(), where) == NULL)
		fail_msg("error for '%s' is '%s', which lacks '%s'", text,
		    ink_error_last(), where);
}

/* n nested arrays or objects around a 1, as text the caller frees. */
static char *
nested(int n, int objects)
{
	char *s = malloc((size_t)n * 6 + 2), *p = s;

	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		if (objects) {
			memcpy(p, "{\"a\":", 5);
			p += 5;
		} else {
			*p++ = '[';
		}
	}
	*p++ = '1';
	for (int i = 0; i < n; i++)
		*p++ = objects ? '}' : ']';
	*p = '\0';
	return s;
}

static void
test_parse_valid(void **state)
{
	cJSON *j;

	(void)state;
	OK("{}");
	OK("[]");
	OK("1");
	OK("\"s\"");
	OK("true");
	OK("false");
	OK("null");
	OK(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n");
	OK("{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false,\"e\":\"x\"}");
	OK("[0,-0,10,1.5,-1.25e+3,1e10,1E-2,0.0]");
	OK("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\"]");
	OK("{\"a\":1,\"A\":2,\"b\":{\"a\":1},\"c\":[{\"a\":1},{\"a\":1}]}");

	/* Only len bytes are read. */
	j = parse_ok("[1]xyz", 3);
	assert_true(cJSON_IsArray(j));
	cJSON_Delete(j);
	j = PARSE("{\"k\":\"v\"}");
	assert_string_equal(json_get_str(j, "k"), "v");
	cJSON_Delete(j);
}

static void
test_parse_duplicate_keys(void **state)
{
	(void)state;
	BAD("{\"a\":1,\"a\":2}");
	assert_non_null(strstr(ink_error_last(), "'a'"));
	BAD("{\"a\":1,\"b\":2,\"a\":1}");
	BAD("{\"x\":{\"b\":1,\"b\":1}}");
	assert_non_null(strstr(ink_error_last(), "'b'"));
	BAD("[{\"a\":1},{\"c\":1,\"c\":[]}]");
	BAD("{\"x\":[[{\"deep\":1,\"deep\":2}]]}");
	/* The same key spelt two ways is still the same key. */
	BAD("{\"a\":1,\"\\u0061\":2}");
	BAD("{\"\xc3\xa9\":1,\"\\u00e9\":2}");
	/* Case matters: these are different keys. */
	OK("{\"a\":1,\"A\":2,\"\\u0062\":3}");
	/* Objects of more than 8 members are checked by sorting: a duplicate
	 * anywhere in sorted order, first pair and last pair included. */
	BAD("{\"k\":1,\"j\":1,\"i\":1,\"h\":1,\"g\":1,\"f\":1,\"a\":1,"
	    "\"e\":1,\"a\":2}");
	assert_non_null(strstr(ink_error_last(), "'a'"));
	BAD("{\"z\":1,\"j\":1,\"i\":1,\"h\":1,\"g\":1,\"f\":1,\"a\":1,"
	    "\"e\":1,\"z\":2}");
	BAD("{\"b\":1,\"j\":1,\"i\":1,\"h\":1,\"g\":1,\"f\":1,\"a\":1,"
	    "\"e\":1,\"b\":2}");
	OK("{\"k\":1,\"j\":1,\"i\":1,\"h\":1,\"g\":1,\"f\":1,\"a\":1,"
	    "\"e\":1,\"b\":2}");
}

static void
test_parse_utf8_valid(void **state)
{
	(void)state;
	OK("\"\xc3\xa9\"");               /* U+00E9 */
	OK("\"\xc2\x80\"");               /* U+0080, shortest 2-byte */
	OK("\"\xdf\xbf\"");               /* U+07FF */
	OK("\"\xe0\xa0\x80\"");           /* U+0800, shortest 3-byte */
	OK("\"\xe6\x97\xa5\xe6\x9c\xac\""); /* 日本 */
	OK("\"\xed\x9f\xbf\"");           /* U+D7FF, below the surrogates */
	OK("\"\xee\x80\x80\"");           /* U+E000, above them */
	OK("\"\xef\xbf\xbf\"");           /* U+FFFF */
	OK("\"\xf0\x90\x80\x80\"");       /* U+10000, shortest 4-byte */
	OK("\"\xf0\x9f\x98\x80\"");       /* U+1F600 */
	OK("\"\xf4\x8f\xbf\xbf\"");       /* U+10FFFF, the last */
	OK("{\"\xe5\x90\x8d\":\"\xe5\x8d\xb0\"}");
}

static void
test_parse_utf8_invalid(void **state)
{
	(void)state;
	/* Overlong. */
	BAD("\"\xc0\xaf\"");
	BAD("\"\xc1\xbf\"");
	BAD("\"\xe0\x80\xaf\"");
	BAD("\"\xe0\x9f\xbf\"");
	BAD("\"\xf0\x80\x80\xaf\"");
	BAD("\"\xf0\x8f\xbf\xbf\"");
	/* UTF-16 surrogates encoded as UTF-8. */
	BAD("\"\xed\xa0\x80\"");
	BAD("\"\xed\xbf\xbf\"");
	BAD("\"\xed\xa0\xbd\xed\xb8\x80\"");
	/* Beyond U+10FFFF. */
	BAD("\"\xf4\x90\x80\x80\"");
	BAD("\"\xf5\x80\x80\x80\"");
	/* Truncated: before the closing quote, and at the end of input. */
	BAD("\"\xe3\x81\"");
	BAD("\"\xf0\x9f\x98\"");
	BAD("\"\xc3\"");
	BAD("\"\xe3\x81");
	/* Bytes that never occur. */
	BAD("\"\xff\"");
	BAD("\"\xfe\"");
	BAD("\"\x80\"");
	BAD("\"a\xbf\"");
	/* In a key, and outside strings. */
	BAD("{\"\xff\":1}");
	BAD("[1,\xff]");
	BAD("\xef\xbb\xbf{}");
}

static void
test_parse_surrogate_escapes(void **state)
{
	cJSON *j;

	(void)state;
	/* A proper pair is one character, stored as UTF-8. */
	j = PARSE("[\"\\ud83d\\ude00\"]");
	assert_string_equal(cJSON_GetArrayItem(j, 0)->valuestring,
	    "\xf0\x9f\x98\x80");
	cJSON_Delete(j);
	OK("\"\\uDBFF\\uDFFF\"");

	BAD("\"\\ud800\"");
	BAD("\"\\udc00\"");
	BAD("\"\\udfff\"");
	BAD("\"\\ud800x\"");
	BAD("\"\\ud800\\u0041\"");
	BAD("\"\\ud800\\ud800\"");
	BAD("\"\\udc00\\ud800\"");
	BAD("\"\\ud800\\n\"");
	BAD("{\"\\ud800\":1}");
}

static void
test_parse_nul_escape(void **state)
{
	cJSON *j;

	(void)state;
	j = PARSE("\"a\\u0001b\"");
	assert_string_equal(j->valuestring, "a\001b");
	cJSON_Delete(j);

	BAD("\"\\u0000\"");
	BAD("\"abc\\u0000def\"");
	BAD("{\"a\\u0000\":1}");
	BAD("{\"a\":\"\\u0000\"}");
	/* A raw NUL byte is a control character. */
	BAD("\"a\0b\"");
}

static void
test_parse_depth(void **state)
{
	char *s;

	(void)state;
	s = nested(INK_MAX_JSON_DEPTH, 0);
	cJSON_Delete(parse_ok(s, strlen(s)));
	free(s);
	s = nested(INK_MAX_JSON_DEPTH, 1);
	cJSON_Delete(parse_ok(s, strlen(s)));
	free(s);

	s = nested(INK_MAX_JSON_DEPTH + 1, 0);
	parse_bad(s, strlen(s));
	free(s);
	s = nested(INK_MAX_JSON_DEPTH + 1, 1);
	parse_bad(s, strlen(s));
	free(s);
	/* Far too deep is refused without exhausting the stack. */
	s = nested(100000, 0);
	parse_bad(s, strlen(s));
	free(s);
}

static void
test_parse_members_limit(void **state)
{
	size_t n = INK_MAX_JSON_MEMBERS + 1;
	char *s = malloc(2 * n + 2);

	(void)state;
	assert_non_null(s);
	s[0] = '[';
	for (size_t i = 0; i < n; i++) {
		s[1 + 2 * i] = '0';
		s[2 + 2 * i] = ',';
	}
	/* INK_MAX_JSON_MEMBERS elements: fine. */
	s[2 * (n - 1)] = ']';
	cJSON_Delete(parse_ok(s, 2 * (n - 1) + 1));
	/* One more: refused. */
	s[2 * (n - 1)] = ',';
	s[2 * n] = ']';
	parse_bad(s, 2 * n + 1);
	free(s);
}

static void
test_parse_trailing(void **state)
{
	(void)state;
	OK("{} \n\t\r");
	OK("[1]   ");

	BAD("{} x");
	BAD("{}{}");
	BAD("1 2");
	BAD("[1]]");
	BAD("{}}");
	BAD("\"a\"\"b\"");
	BAD("{}\0");
	BAD("[1],");
	BAD("null null");
}

static void
test_parse_numbers(void **state)
{
	(void)state;
	OK("0");
	OK("-0");
	OK("10");
	OK("-1.5e-7");
	OK("[0,1]");

	BAD("01");
	BAD("-01");
	BAD("00");
	BAD("[01]");
	BAD("{\"a\":01}");
	BAD("+1");
	BAD("[+1]");
	BAD("NaN");
	BAD("[NaN]");
	BAD("Infinity");
	BAD("-Infinity");
	BAD(".5");
	BAD("1.");
	BAD("1.e5");
	BAD("1e");
	BAD("1e+");
	BAD("0x10");
	BAD("- 1");
	BAD("--1");
	BAD("-");
	BAD("1_000");
}

static void
test_parse_quotes_and_literals(void **state)
{
	(void)state;
	OK("{\"a\":\"it's\"}");
	OK("[true,false,null]");

	BAD("'a'");
	BAD("{'a':1}");
	BAD("{\"a\":'b'}");
	BAD("[\"a']");
	BAD("{a:1}");
	BAD("tru");
	BAD("True");
	BAD("nul");
	BAD("nulls");
	BAD("undefined");
}

static void
test_parse_commas(void **state)
{
	(void)state;
	OK("[1,2]");
	OK("{\"a\":1,\"b\":2}");

	BAD("[1,]");
	BAD("{\"a\":1,}");
	BAD("[,]");
	BAD("[,1]");
	BAD("[1,,2]");
	BAD("{,}");
	BAD("{\"a\":1,,\"b\":2}");
	BAD("[1 2]");
	BAD("{\"a\":1 \"b\":2}");
	BAD("{\"a\" 1}");
	BAD("{\"a\"::1}");
}

static void
test_parse_unterminated(void **state)
{
	(void)state;
	OK("\"abc\"");

	BAD("\"abc");
	BAD("\"abc\\");
	BAD("\"abc\\\"");
	BAD("{\"a\":\"b}");
	BAD("[1");
	BAD("[1,");
	BAD("{\"a\":1");
	BAD("{\"a\"");
	BAD("{\"a\":");
	BAD("{");
	BAD("\"\\u12");
	BAD("");
	BAD("   ");
}

static void
test_parse_control_characters(void **state)
{
	cJSON *j;

	(void)state;
	/* Escaped they are fine, and DEL is not a control character here. */
	j = PARSE("\"a\\nb\\t\\u001f\x7f\"");
	assert_string_equal(j->valuestring, "a\nb\t\x1f\x7f");
	cJSON_Delete(j);

	BAD("\"a\x01z\"");
	BAD("\"a\nb\"");
	BAD("\"a\tb\"");
	BAD("\"a\rb\"");
	BAD("\"\x1f\"");
	BAD("{\"a\nb\":1}");
}

static void
test_parse_bad_escapes(void **state)
{
	(void)state;
	OK("\"\\u00e9\\u00E9\"");

	BAD("\"\\x41\"");
	BAD("\"\\U0041\"");
	BAD("\"\\u00g1\"");
	BAD("\"\\'\"");
	BAD("\"\\a\"");
	BAD("\"\\0\"");
	BAD("\"\\ \"");
}

static void
test_parse_error_position(void **state)
{
	(void)state;
	expect_error_at("{\n  \"a\": 01\n}", "line 2 column 9");
	/* Columns count characters, not bytes. */
	expect_error_at("{\"\xe6\x97\xa5\xe6\x9c\xac\": x}", "line 1 column 8");
	expect_error_at("[\"ab\xff\"]", "line 1 column 5");
	expect_error_at("{}\n\n  x", "line 3 column 3");
	expect_error_at("[1,\n2,\n]", "line 3 column 1");
	/* The document is named. */
	assert_non_null(strstr(ink_error_last(), "test: "));
}

static void
test_canon_sorts_keys(void **state)
{
	(void)state;
	expect_canon("{\"b\":1,\"a\":2,\"B\":3,\"aa\":4,\"\":5}",
	    "{\"\":5,\"B\":3,\"a\":2,\"aa\":4,\"b\":1}");
	/* Byte order of the UTF-8, not UTF-16 order and not signed chars:
	 * U+FFFF (ef bf bf) before U+1F600 (f0 ...), DEL before U+00E9. */
	expect_canon("{\"\xf0\x9f\x98\x80\":8,\"\\uffff\":7,\"\xe6\x97\xa5\":3,"
	    "\"\xc3\xa9\":1,\"\\u007f\":5,\"~\":4,\"z\":2,\"A\":6}",
	    "{\"A\":6,\"z\":2,\"~\":4,\"\x7f\":5,\"\xc3\xa9\":1,"
	    "\"\xe6\x97\xa5\":3,\"\xef\xbf\xbf\":7,\"\xf0\x9f\x98\x80\":8}");
	/* In nested objects too, and arrays keep their order. */
	expect_canon("{\"z\":{\"y\":[3,1,2],\"x\":{\"b\":0,\"a\":0}},\"a\":[]}",
	    "{\"a\":[],\"z\":{\"x\":{\"a\":0,\"b\":0},\"y\":[3,1,2]}}");
}

static void
test_canon_no_whitespace(void **state)
{
	(void)state;
	expect_canon("{ \"b\" : [ 1 , 2 ] ,\n\t\"a\" : { } , \"c\":[ ] , "
	    "\"d\" : \" x y \" }",
	    "{\"a\":{},\"b\":[1,2],\"c\":[],\"d\":\" x y \"}");
	expect_canon(" [ true , false , null ] ", "[true,false,null]");
}

static void
test_canon_integers_only(void **state)
{
	struct buf b = BUF_INIT(1024);
	const char *bad[] = { "{\"a\":1.5}", "[0.1]", "[-2.5]", "[1e300]",
		"[9007199254740992]", "[-9007199254740992]", "[1e400]" };
	cJSON *j;

	(void)state;
	expect_canon("[0,-1,42,9007199254740991,-9007199254740991]",
	    "[0,-1,42,9007199254740991,-9007199254740991]");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = parse_ok(bad[i], strlen(bad[i]));
		if (json_canon(&b, j) != INK_EINPUT)
			fail_msg("json_canon('%s') did not refuse", bad[i]);
		cJSON_Delete(j);
		buf_reset(&b);
	}
	/* Numbers built in memory, and values JSON cannot hold. */
	j = cJSON_CreateNumber(NAN);
	assert_int_equal(json_canon(&b, j), INK_EINPUT);
	cJSON_Delete(j);
	j = cJSON_CreateNumber(INFINITY);
	assert_int_equal(json_canon(&b, j), INK_EINPUT);
	cJSON_Delete(j);
	j = cJSON_CreateRaw("1.5");
	assert_int_equal(json_canon(&b, j), INK_EINPUT);
	cJSON_Delete(j);
	buf_release(&b);
}

static void
test_canon_escapes(void **state)
{
	(void)state;
	expect_canon(
	    "{\"s\":\"\\u0001\\u001F\\n\\t\\b\\f\\r\\\"\\\\\\/\\u007f\"}",
	    "{\"s\":\"\\u0001\\u001f\\n\\t\\b\\f\\r\\\"\\\\/\x7f\"}");
	/* Non-ASCII is written as UTF-8, never as \u escapes. */
	expect_canon("[\"\\u00e9\\ud83d\\ude00\"]",
	    "[\"\xc3\xa9\xf0\x9f\x98\x80\"]");
	/* Keys are escaped the same way. */
	expect_canon("{\"a\\nb\":1}", "{\"a\\nb\":1}");
}

static void
test_canon_japanese_round_trip(void **state)
{
	const char *doc = "{\"note\":\"\xe7\x9b\xa3\xe6\x9f\xbb\xe5\xa0\xb1"
	    "\xe5\x91\x8a\xe6\x9b\xb8\",\"\xe5\x90\x8d\xe5\x89\x8d\":"
	    "\"\xe5\x8d\xb0\xe9\x91\x91\"}";
	char *once, *twice;
	cJSON *j;

	(void)state;
	/* {"note":"監査報告書","名前":"印鑑"} is already canonical. */
	once = canon_of(doc);
	assert_string_equal(once, doc);
	twice = canon_of(once);
	assert_string_equal(twice, once);
	free(once);
	free(twice);
	j = parse_ok(doc, strlen(doc));
	assert_string_equal(json_get_str(j, "note"),
	    "\xe7\x9b\xa3\xe6\x9f\xbb\xe5\xa0\xb1\xe5\x91\x8a\xe6\x9b\xb8");
	cJSON_Delete(j);
	/* Escaped input comes out as the same UTF-8. */
	expect_canon("{\"note\":\"\\u76e3\\u67fb\"}",
	    "{\"note\":\"\xe7\x9b\xa3\xe6\x9f\xbb\"}");
}

/* The in-toto Statement in the DSSE vector is canonical: re-serializing it
 * must give the very bytes that were signed. */
static void
test_canon_vector_payload(void **state)
{
	cJSON *v = vec_load("dsse-ed25519.json"), *e;
	int count = 0;

	(void)state;
	assert_non_null(v);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "dsse")) {
		const char *b64 = vec_str(e, "payload_b64");
		struct buf p = BUF_INIT(1 << 20);
		char *c;
		assert_non_null(b64);
		assert_int_equal(b64_decode(&p, b64, strlen(b64)), 0);
		if (p.len == 0 || p.data[0] != '{') {
			buf_release(&p); /* not JSON, e.g. "hello world" */
			continue;
		}
		c = canon_of((const char *)p.data);
		assert_string_equal(c, (const char *)p.data);
		free(c);
		buf_release(&p);
		count++;
	}
	assert_true(count >= 2);
	cJSON_Delete(v);
}

static void
test_canon_depth(void **state)
{
	struct buf b = BUF_INIT(1 << 16);
	cJSON *top, *cur, *next;
	char *s;

	(void)state;
	/* Whatever the reader accepts, the writer writes. */
	s = nested(INK_MAX_JSON_DEPTH, 1);
	expect_canon(s, s);
	free(s);
	/* A tree built in memory deeper than the limit is refused. */
	top = cur = cJSON_CreateArray();
	for (int i = 0; i < INK_MAX_JSON_DEPTH + 5; i++) {
		next = cJSON_CreateArray();
		cJSON_AddItemToArray(cur, next);
		cur = next;
	}
	assert_int_equal(json_canon(&b, top), INK_EINPUT);
	cJSON_Delete(top);
	buf_release(&b);
}

static void
test_pretty(void **state)
{
	struct buf b = BUF_INIT(1024);
	cJSON *j;

	(void)state;
	j = PARSE("{\"b\":[1,{}],\"a\":\"x\"}");
	assert_int_equal(json_pretty(&b, j), 0);
	assert_string_equal(buf_str(&b),
	    "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    {}\n  ]\n}");
	cJSON_Delete(j);
	buf_reset(&b);
	j = PARSE("{\"a\":0.5}");
	assert_int_equal(json_pretty(&b, j), INK_EINPUT);
	cJSON_Delete(j);
	buf_release(&b);
}

static void
test_strip_comments(void **state)
{
	char doc[] = "{\n"
	    "  // a comment with \"a quote and a // in it\n"
	    "  \"url\": \"https://example.org/a//b\", // trailing\n"
	    "  \"esc\": \"a\\\"//b\",\n"
	    "  \"bs\": \"x\\\\\"// right after a string\n"
	    "}\n"
	    "// at the end, no newline";
	char want[256];
	cJSON *j;

	(void)state;
	/* As written, it is not JSON. */
	parse_bad(doc, strlen(doc));
	/* Each comment becomes as many blanks; newlines stay. */
	snprintf(want, sizeof(want), "{\n%43s\n"
	    "  \"url\": \"https://example.org/a//b\",%12s\n"
	    "  \"esc\": \"a\\\"//b\",\n"
	    "  \"bs\": \"x\\\\\"%23s\n"
	    "}\n%25s", "", "", "", "");
	json_strip_comments(doc, strlen(doc));
	assert_string_equal(doc, want);
	j = parse_ok(doc, strlen(doc));
	assert_string_equal(json_get_str(j, "url"), "https://example.org/a//b");
	assert_string_equal(json_get_str(j, "esc"), "a\"//b");
	assert_string_equal(json_get_str(j, "bs"), "x\\");
	cJSON_Delete(j);
}

static void
test_strip_comments_leaves_the_rest(void **state)
{
	char url[] = "{\"u\":\"http://x.example/\"}";
	char block[] = "{/* block */\"a\":1}";
	char slash[] = "{\"a\":1}/";
	char bounded[] = "{}//abc";
	char lines[] = "// one\n// two\n{\"a\": x}";

	(void)state;
	json_strip_comments(url, strlen(url));
	assert_string_equal(url, "{\"u\":\"http://x.example/\"}");
	/* Only // comments: block comments and a lone slash stay (and fail). */
	json_strip_comments(block, strlen(block));
	assert_string_equal(block, "{/* block */\"a\":1}");
	parse_bad(block, strlen(block));
	json_strip_comments(slash, strlen(slash));
	assert_string_equal(slash, "{\"a\":1}/");
	parse_bad(slash, strlen(slash));
	/* Nothing past len is touched. */
	json_strip_comments(bounded, 4);
	assert_string_equal(bounded, "{}  abc");
	/* Line numbers survive, so errors still point at the right line. */
	json_strip_comments(lines, strlen(lines));
	expect_error_at(lines, "line 3 column 7");
}

static void
test_get_int(void **state)
{
	cJSON *j;
	int64_t v = 7;

	(void)state;
	j = PARSE("{\"a\":9007199254740991,\"b\":-9007199254740991,\"c\":0,"
	    "\"d\":1.5,\"e\":9007199254740992,\"f\":-9007199254740992,"
	    "\"g\":\"1\",\"h\":true,\"i\":null,\"j\":1e400,"
	    "\"k\":18446744073709551616,\"l\":[1],\"A\":5}");
	assert_int_equal(json_get_int(&v, j, "a"), 0);
	assert_true(v == INT64_C(9007199254740991));
	assert_int_equal(json_get_int(&v, j, "b"), 0);
	assert_true(v == INT64_C(-9007199254740991));
	assert_int_equal(json_get_int(&v, j, "c"), 0);
	assert_true(v == 0);
	assert_int_equal(json_get_int(&v, j, "A"), 0);
	assert_true(v == 5);

	v = 7;
	assert_int_equal(json_get_int(&v, j, "d"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "e"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "f"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "g"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "h"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "i"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "j"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "k"), INK_EINPUT);
	assert_int_equal(json_get_int(&v, j, "l"), INK_EINPUT);
	/* Absent, including a case-folded name. */
	assert_int_equal(json_get_int(&v, j, "z"), INK_ENOTFOUND);
	assert_int_equal(json_get_int(&v, j, "B"), INK_ENOTFOUND);
	assert_true(v == 7);
	cJSON_Delete(j);

	/* Not an object at all. */
	j = PARSE("[1]");
	assert_int_equal(json_get_int(&v, j, "a"), INK_ENOTFOUND);
	cJSON_Delete(j);
}

static void
test_get_str(void **state)
{
	cJSON *j = PARSE("{\"s\":\"v\",\"n\":1,\"S\":\"w\"}");

	(void)state;
	assert_string_equal(json_get_str(j, "s"), "v");
	assert_string_equal(json_get_str(j, "S"), "w");
	assert_non_null(json_get(j, "n"));
	assert_null(json_get_str(j, "n"));
	assert_null(json_get_str(j, "x"));
	assert_null(json_get(j, "x"));
	assert_null(json_get(NULL, "s"));
	cJSON_Delete(j);
}

/* A document built while allocations fail (at each point in turn) is
 * never written: json_canon refuses it; once nothing fails, it is. */
static void
test_alloc_failure_never_written(void **state)
{
	int refused = 0;

	(void)state;
	for (long n = 0;; n++) {
		struct buf b = BUF_INIT(1 << 16);
		cJSON *o, *a;
		int rc;

		json_fail_allocs_after(n);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", "sha256:00");
		a = cJSON_AddArrayToObject(o, "roles");
		cJSON_AddItemToArray(a, cJSON_CreateString("auditor"));
		cJSON_AddNumberToObject(o, "level", 3);
		json_fail_allocs_after(-1);
		rc = json_canon(&b, o);
		cJSON_Delete(o);
		if (rc == 0) {
			assert_string_equal(buf_str(&b), "{\"id\":\"sha256:00\","
			    "\"level\":3,\"roles\":[\"auditor\"]}");
			buf_release(&b);
			break;
		}
		assert_int_equal(b.len, 0);
		refused++;
		buf_release(&b);
	}
	/* Each of the allocations above was failed once. */
	assert_true(refused >= 8);
	assert_int_equal(json_alloc_failed(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_duplicate_keys),
		cmocka_unit_test(test_parse_utf8_valid),
		cmocka_unit_test(test_parse_utf8_invalid),
		cmocka_unit_test(test_parse_surrogate_escapes),
		cmocka_unit_test(test_parse_nul_escape),
		cmocka_unit_test(test_parse_depth),
		cmocka_unit_test(test_parse_members_limit),
		cmocka_unit_test(test_parse_trailing),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_parse_quotes_and_literals),
		cmocka_unit_test(test_parse_commas),
		cmocka_unit_test(test_parse_unterminated),
		cmocka_unit_test(test_parse_control_characters),
		cmocka_unit_test(test_parse_bad_escapes),
		cmocka_unit_test(test_parse_error_position),
		cmocka_unit_test(test_canon_sorts_keys),
		cmocka_unit_test(test_canon_no_whitespace),
		cmocka_unit_test(test_canon_integers_only),
		cmocka_unit_test(test_canon_escapes),
		cmocka_unit_test(test_canon_japanese_round_trip),
		cmocka_unit_test(test_canon_vector_payload),
		cmocka_unit_test(test_canon_depth),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_strip_comments),
		cmocka_unit_test(test_strip_comments_leaves_the_rest),
		cmocka_unit_test(test_get_int),
		cmocka_unit_test(test_get_str),
		cmocka_unit_test(test_alloc_failure_never_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
