/*
 * Unit tests for core/textout (text for a terminal) and core/markdown's
 * link allowlist: every class of character that must be shown escaped
 * is, at both ends of each range, with the characters just outside each
 * range passing unchanged; valid multibyte UTF-8 passes byte for byte;
 * invalid UTF-8 of every kind is shown byte by byte; a sequence cut at
 * the end of a chunk is held back only when more is coming; JSON for
 * people escapes the same characters and keeps the same value; links
 * keep only the allowed schemes, whatever their case or disguise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmark.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"
#include "core/markdown.h"
#include "core/textout.h"

/* s (n bytes) escaped in one call, as a string the caller frees. */
static char *
esc(const char *s, size_t n)
{
	struct buf b = BUF_INIT(4096);
	size_t used = 99;

	assert_int_equal(textout_escape(&b, s, n, 0, &used), 0);
	assert_int_equal(used, n);
	return (char *)buf_detach(&b, NULL);
}

static void
expect(const char *in, size_t n, const char *want)
{
	char *got = esc(in, n);

	assert_string_equal(got, want);
	free(got);
}

#define EXPECT(in, want) expect((in), sizeof(in) - 1, (want))
#define SAME(in) expect((in), sizeof(in) - 1, (in))

static void
test_c0_del(void **state)
{
	char one[2] = { 0, 0 }, want[8];

	(void)state;
	for (int c = 0; c < 0x20; c++) {
		one[0] = (char)c;
		if (c == '\n' || c == '\t') {
			expect(one, 1, one);
			continue;
		}
		snprintf(want, sizeof(want), "\\x%02x", c);
		expect(one, 1, want);
	}
	EXPECT("\x7f", "\\x7f");
	/* Printable ASCII, both ends and between, is left alone. */
	SAME(" ~!azAZ09\\\"'");
	EXPECT("a\x1b[2Jb", "a\\x1b[2Jb");
	EXPECT("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07");
	EXPECT("ok\rrevoked", "ok\\x0drevoked");
	EXPECT("line\nnext\tcol", "line\nnext\tcol");
}

static void
test_c1(void **state)
{
	(void)state;
	EXPECT("\xc2\x80", "\\u0080");
	EXPECT("\xc2\x9b" "2J", "\\u009b2J");
	EXPECT("\xc2\x9d", "\\u009d");
	EXPECT("\xc2\x9f", "\\u009f");
	/* Just past the range: NBSP and the inverted exclamation mark. */
	SAME("\xc2\xa0\xc2\xa1");
	SAME("\xc2\xbf");
}

static void
test_bidi(void **state)
{
	(void)state;
	EXPECT("\xd8\x9c", "\\u061c");           /* ALM */
	SAME("\xd8\x9b\xd8\x9d");                 /* U+061B, U+061D */
	EXPECT("\xe2\x80\x8e", "\\u200e");       /* LRM */
	EXPECT("\xe2\x80\x8f", "\\u200f");       /* RLM */
	SAME("\xe2\x80\x8d\xe2\x80\x90");         /* U+200D, U+2010 */
	EXPECT("\xe2\x80\xaa", "\\u202a");       /* LRE */
	EXPECT("\xe2\x80\xab", "\\u202b");
	EXPECT("\xe2\x80\xac", "\\u202c");
	EXPECT("\xe2\x80\xad", "\\u202d");
	EXPECT("\xe2\x80\xae", "\\u202e");       /* RLO */
	SAME("\xe2\x80\xa9\xe2\x80\xaf");         /* U+2029, U+202F */
	EXPECT("\xe2\x81\xa6", "\\u2066");       /* LRI */
	EXPECT("\xe2\x81\xa7", "\\u2067");
	EXPECT("\xe2\x81\xa8", "\\u2068");
	EXPECT("\xe2\x81\xa9", "\\u2069");       /* PDI */
	SAME("\xe2\x81\xa5\xe2\x81\xaa");         /* U+2065, U+206A */
	EXPECT("abc\xe2\x80\xaetxt.exe", "abc\\u202etxt.exe");
}

static void
test_multibyte_passes(void **state)
{
	(void)state;
	SAME("印鑑");
	SAME("★3 監査");
	SAME("\xc3\xa9");                         /* é, 2 bytes */
	SAME("\xf0\x9f\x94\x8f");                 /* U+1F50F, 4 bytes */
	SAME("\xf4\x8f\xbf\xbf");                 /* U+10FFFF, the last */
	SAME("\xed\x9f\xbf\xee\x80\x80");         /* U+D7FF, U+E000 */
	SAME("\xe0\xa0\x80\xf0\x90\x80\x80");     /* shortest 3, 4 bytes */
	SAME("");
}

static void
test_invalid(void **state)
{
	(void)state;
	EXPECT("\x80", "\\x80");                  /* lone continuation */
	EXPECT("\xbf", "\\xbf");
	EXPECT("\xc0\xaf", "\\xc0\\xaf");         /* overlong '/' */
	EXPECT("\xc1\xbf", "\\xc1\\xbf");
	EXPECT("\xe0\x9f\xbf", "\\xe0\\x9f\\xbf"); /* overlong 3 */
	EXPECT("\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf");
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* a surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
	EXPECT("\xf5\x80", "\\xf5\\x80");
	EXPECT("\xff\xfe", "\\xff\\xfe");
	/* A lead byte with too few continuations, then ASCII: the ASCII
	 * is itself again. */
	EXPECT("\xe5\x8d" "A", "\\xe5\\x8dA");
	EXPECT("\xe2\x80\x1b", "\\xe2\\x80\\x1b");
	/* A cut sequence at the very end, with no more to come. */
	EXPECT("ok\xe5\x8d", "ok\\xe5\\x8d");
	EXPECT("\xf0", "\\xf0");
	/* A C1 control in an overlong form is no less escaped. */
	EXPECT("\xe0\x82\x9b", "\\xe0\\x82\\x9b");
}

static void
test_chunks(void **state)
{
	struct buf b = BUF_INIT(4096);
	const char *s = "a印";  /* 'a' e5 8d b0 */
	size_t used;

	(void)state;
	/* Cut after the lead byte: held back when more is coming. */
	assert_int_equal(textout_escape(&b, s, 2, 1, &used), 0);
	assert_int_equal(used, 1);
	assert_string_equal(buf_str(&b), "a");
	assert_int_equal(textout_escape(&b, s + 1, 3, 1, &used), 0);
	assert_int_equal(used, 3);
	assert_string_equal(buf_str(&b), "a印");
	/* A cut invalid sequence is not held: nothing could complete it. */
	buf_reset(&b);
	assert_int_equal(textout_escape(&b, "x\xe0\x80", 3, 1, &used), 0);
	assert_int_equal(used, 3);
	assert_string_equal(buf_str(&b), "x\\xe0\\x80");
	/* A held-back four-byte start, at most three bytes. */
	buf_reset(&b);
	assert_int_equal(textout_escape(&b, "\xf0\x9f\x94", 3, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
test_escape_buf(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_adds(&b, "印鑑 plain"), 0);
	assert_int_equal(textout_escape_buf(&b), 0);
	assert_string_equal(buf_str(&b), "印鑑 plain");
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "a\x1b[2J\xe2\x80\xae"), 0);
	assert_int_equal(textout_escape_buf(&b), 0);
	assert_string_equal(buf_str(&b), "a\\x1b[2J\\u202e");
	buf_release(&b);
}

static void
test_json_pretty(void **state)
{
	const char *v = "k\x1b\x7f\xc2\x9b\xe2\x80\xae印\n";
	cJSON *j = cJSON_CreateObject(), *back;
	struct buf b = BUF_INIT(4096), c = BUF_INIT(4096);

	(void)state;
	cJSON_AddStringToObject(j, "keyid", v);
	assert_int_equal(json_pretty(&b, j), 0);
	assert_non_null(strstr(buf_str(&b),
	    "\"k\\u001b\\u007f\\u009b\\u202e印\\n\""));
	/* Nothing a terminal obeys is left in it. */
	for (size_t i = 0; i < b.len; i++)
		assert_true(b.data[i] >= 0x20 || b.data[i] == '\n');
	assert_null(strstr(buf_str(&b), "\xe2\x80\xae"));
	/* The same value when read back. */
	assert_int_equal(json_parse(&back, buf_str(&b), b.len, "t"), 0);
	assert_string_equal(json_get_str(back, "keyid"), v);
	cJSON_Delete(back);
	/* The canonical form (what is signed) is unchanged. */
	assert_int_equal(json_canon(&c, j), 0);
	assert_non_null(strstr(buf_str(&c), "\x7f\xc2\x9b\xe2\x80\xae"));
	cJSON_Delete(j);
	buf_release(&b);
	buf_release(&c);
}

static void
test_json_text(void **state)
{
	/* Compact JSON as an envelope is written: raw DEL, C1 and bidi in a
	 * string, a stray byte, and a plain 印. */
	const char in[] = "{\"keyid\":\"a\x7f\xc2\x85\xe2\x81\xa6\x80印\"}\n";
	struct buf b = BUF_INIT(4096);

	(void)state;
	assert_int_equal(textout_json(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(buf_str(&b),
	    "{\"keyid\":\"a\\u007f\\u0085\\u2066\\ufffd印\"}\n");
	buf_reset(&b);
	/* Text with nothing to escape is copied as it is. */
	assert_int_equal(textout_json(&b, "{\"a\":\"★\"}", 11), 0);
	assert_string_equal(buf_str(&b), "{\"a\":\"★\"}");
	buf_release(&b);
}

static void
test_url_allowlist(void **state)
{
	static const char *const good[] = { "https://example.org/a",
		"http://example.org", "HTTPS://EXAMPLE.ORG", "HtTp://x",
		"mailto:audit@example.org", "MAILTO:a@b", "records/x.html",
		"../index.html", "#section", "?q=1", "/abs/path", "",
		"a/b:c", "javascript%3Aalert(1)", NULL };
	static const char *const bad[] = { "javascript:alert(1)",
		"JavaScript:alert(1)", "vbscript:msgbox", "data:text/html,x",
		"data:image/png;base64,AAAA", "file:///etc/passwd",
		"ms-msdt:/id PCWDiagnostic", "search-ms:query=x",
		"tel:+81312345678", "ftp://example.org", "httpx://x",
		"http2:x", " javascript:alert(1)", "\x01javascript:x",
		"java\tscript:x", "https :x", "mailto :a@b", "//evil.example/x",
		"\\\\evil.example\\share", " //evil.example", "x:", NULL };

	(void)state;
	for (size_t i = 0; good[i]; i++)
		if (!markdown_url_allowed(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (size_t i = 0; bad[i]; i++)
		if (markdown_url_allowed(bad[i]))
			fail_msg("allowed '%s'", bad[i]);
	assert_true(markdown_url_allowed(NULL));
}

/* Markdown through markdown_parse, rendered as HTML. */
static char *
render(const char *md)
{
	cmark_node *doc;
	char *html;

	assert_int_equal(markdown_parse(&doc, md), 0);
	html = cmark_render_html(doc, CMARK_OPT_SAFE);
	cmark_node_free(doc);
	return html;
}

static void
test_links_filtered(void **state)
{
	static const char *const hostile[] = {
		"[click](ms-msdt:/id%20PCWDiagnostic)",
		"[click](search-ms:query=x)",
		"[click](&#x6A;avascript:alert(1))",
		"[click](javascript&#58;alert(1))",
		"[click](JAVASCRIPT:alert(1))",
		"[click](<  file:///c:/x>)",
		"[click][r]\n\n[r]: vbscript:msgbox",
		"<ms-msdt:foo>",
		"![click](data:image/png;base64,AAAA)",
		NULL };
	char *h;

	(void)state;
	for (size_t i = 0; hostile[i]; i++) {
		h = render(hostile[i]);
		if (strstr(h, "href") || strstr(h, "src=") ||
		    strstr(h, "<a") || strstr(h, "<img"))
			fail_msg("'%s' gave %s", hostile[i], h);
		/* The text stays. */
		if (i != 7 && strstr(h, "click") == NULL)
			fail_msg("'%s' lost its text: %s", hostile[i], h);
		free(h);
	}
	/* The honest twin: allowed links stay links. */
	h = render("[a](https://example.org/r) [b](records/x.html) "
	    "[c](mailto:x@example.org) ![d](img/logo.png)");
	assert_non_null(strstr(h, "href=\"https://example.org/r\""));
	assert_non_null(strstr(h, "href=\"records/x.html\""));
	assert_non_null(strstr(h, "href=\"mailto:x@example.org\""));
	assert_non_null(strstr(h, "src=\"img/logo.png\""));
	free(h);
	/* A refused image inside an allowed link, and the other way. */
	h = render("[![alt](javascript:x)](https://example.org/ok)");
	assert_non_null(strstr(h, "href=\"https://example.org/ok\""));
	assert_null(strstr(h, "<img"));
	assert_non_null(strstr(h, "alt"));
	free(h);
	h = render("[![alt](https://example.org/i.png)](file:///x)");
	assert_null(strstr(h, "href"));
	assert_non_null(strstr(h, "src=\"https://example.org/i.png\""));
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_del),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_multibyte_passes),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_escape_buf),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test(test_url_allowlist),
		cmocka_unit_test(test_links_filtered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
