/*
 * Unit tests for core/escape (the escaping function of each output
 * context): HTML text with and without invisible characters shown, line
 * breaks as the caller asks, HTML another renderer wrote, URLs with
 * their scheme allowlist, JSON inside <script>, Markdown text and table
 * cells, CSV fields with and without the formula guard.  Each is fed
 * hostile input: quotes, <, &, line breaks, control bytes, bidirectional
 * overrides, javascript: URLs and "</script>".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/escape.h"

enum ctx { HTML, TRUSTED, URL, SCRIPT, MD, CSV };

/* s escaped in context c with flags, as a string the caller frees. */
static char *
esc(enum ctx c, const char *s, unsigned flags)
{
	struct buf b = BUF_INIT(4096);
	int rc = -1;

	switch (c) {
	case HTML: rc = esc_html(&b, s, flags); break;
	case TRUSTED: rc = esc_html_trusted(&b, s, strlen(s)); break;
	case URL: rc = esc_url(&b, s); break;
	case SCRIPT: rc = esc_json_script(&b, s); break;
	case MD: rc = esc_md(&b, s, flags); break;
	case CSV: rc = esc_csv(&b, s, flags); break;
	}
	assert_int_equal(rc, 0);
	return b.data ? (char *)buf_detach(&b, NULL) : strdup("");
}

static void
expect(enum ctx c, const char *in, unsigned flags, const char *want)
{
	char *got = esc(c, in, flags);

	assert_string_equal(got, want);
	free(got);
}

static void
test_html(void **state)
{
	(void)state;
	expect(HTML, "a<b>&\"c\"'d'", 0,
	    "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
	expect(HTML, "</script><img src=x onerror=alert(1)>", 0,
	    "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
	expect(HTML, "plain \xe6\x97\xa5\xe6\x9c\xac", ESC_VISIBLE,
	    "plain \xe6\x97\xa5\xe6\x9c\xac");
	expect(HTML, "", 0, "");
	expect(HTML, NULL, ESC_VISIBLE, "");
	/* Line breaks: kept, hard breaks, or spaces. */
	expect(HTML, "a\r\nb", 0, "a\r\nb");
	expect(HTML, "a\r\nb", ESC_VISIBLE, "a\r\nb");
	expect(HTML, "a\r\nb", ESC_CR_DROP | ESC_NL_BREAK, "a<br>\nb");
	expect(HTML, "a\r\nb", ESC_CR_DROP | ESC_NL_SPACE, "a b");
	expect(HTML, "a\r\nb", ESC_NL_SPACE, "a  b");
}

static void
test_html_visible(void **state)
{
	(void)state;
	/* Controls: kept as they are without ESC_VISIBLE, U+FFFD with. */
	expect(HTML, "a\x01" "b\x7f" "c", 0, "a\x01" "b\x7f" "c");
	expect(HTML, "a\x01" "b\x7f" "c\x1b[2J", ESC_VISIBLE,
	    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd[2J");
	expect(HTML, "tab\there", ESC_VISIBLE, "tab\there");
	/* C1 control U+0085, an invalid byte. */
	expect(HTML, "x\xc2\x85y\xffz", ESC_VISIBLE,
	    "x\xef\xbf\xbdy\xef\xbf\xbdz");
	/* A right-to-left override and a zero-width space, shown. */
	expect(HTML, "evil\xe2\x80\xaetxt.exe", ESC_VISIBLE,
	    "evil[U+202E]txt.exe");
	expect(HTML, "a\xe2\x80\x8b" "b", ESC_VISIBLE, "a[U+200B]b");
	expect(HTML, "\xef\xbb\xbf<", ESC_VISIBLE, "[U+FEFF]&lt;");
	/* Characters just outside the ranges pass. */
	expect(HTML, "\xe2\x80\xaf", ESC_VISIBLE, "\xe2\x80\xaf");
}

static void
test_trusted(void **state)
{
	(void)state;
	/* Markup is left alone: another renderer escaped it. */
	expect(TRUSTED, "<p class=\"x\">a &amp; b</p>\n", 0,
	    "<p class=\"x\">a &amp; b</p>\n");
	expect(TRUSTED, "<p>\xe2\x80\xae" "a\x01" "b\tc\r\n</p>", 0,
	    "<p>[U+202E]a\xef\xbf\xbd" "b\tc\r\n</p>");
}

static void
test_trusted_cut(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	/* Only the n bytes given are read: a sequence that goes on past
	 * them is not written. */
	assert_int_equal(esc_html_trusted(&b, "ok\xe6\x97\xa5", 4), 0);
	assert_string_equal(buf_str(&b), "ok");
	buf_release(&b);
}

static void
test_url(void **state)
{
	(void)state;
	expect(URL, "https://example.org/a?b=1&c=2#d", 0,
	    "https://example.org/a?b=1&amp;c=2#d");
	expect(URL, "HTTP://example.org/", 0, "HTTP://example.org/");
	expect(URL, "../r/ab.html", 0, "../r/ab.html");
	expect(URL, "a b\"c<d>'e", 0, "a%20b%22c%3Cd%3E%27e");
	expect(URL, "/\xe6\x97\xa5", 0, "/%E6%97%A5");
	/* Schemes other than http and https go nowhere. */
	expect(URL, "javascript:alert(1)", 0, "#");
	expect(URL, "JavaScript:alert(1)", 0, "#");
	expect(URL, "data:text/html,<script>", 0, "#");
	expect(URL, "mailto:a@example.org", 0, "#");
	expect(URL, NULL, 0, "#");
	/* Not a scheme: a colon after the path began. */
	expect(URL, "./javascript:x", 0, "./javascript:x");
	assert_true(esc_url_allowed("r/x.html"));
	assert_false(esc_url_allowed("vbscript:x"));
}

static void
test_json_script(void **state)
{
	(void)state;
	expect(SCRIPT, "{\"a\":\"</script><!--&\"}", 0,
	    "{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\"}");
	expect(SCRIPT, "[\"\xe2\x80\xae\"]", 0, "[\"\\u202e\"]");
	expect(SCRIPT, "[\"\xf3\xa0\x80\x81\"]", 0, "[\"\\udb40\\udc01\"]");
	expect(SCRIPT, "[\"\xe6\x97\xa5\"]", 0, "[\"\xe6\x97\xa5\"]");
	expect(SCRIPT, NULL, 0, "");
}

static void
test_md(void **state)
{
	(void)state;
	/* The summary's values: markup escaped, line breaks as spaces. */
	expect(MD, "*a* _b_ `c` [d](javascript:x) <e> |f| ~g~ &h; \\", 0,
	    "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](javascript:x) \\<e\\> \\|f\\| "
	    "\\~g\\~ \\&h; \\\\");
	expect(MD, "# not a heading!", 0, "# not a heading!");
	expect(MD, "a\r\nb", ESC_NL_SPACE, "a  b");
	/* The plan's: '#' and '!' too; a cell keeps one line. */
	expect(MD, "# h ![i](x)", ESC_MD_STRICT, "\\# h \\!\\[i\\](x)");
	expect(MD, "a\r\nb", ESC_MD_STRICT | ESC_CR_DROP | ESC_NL_SPACE,
	    "a b");
	expect(MD, "a\r\nb", ESC_MD_STRICT | ESC_CR_DROP | ESC_NL_BREAK,
	    "a\\\nb");
	expect(MD, "</script>", 0, "\\</script\\>");
}

static void
test_csv(void **state)
{
	(void)state;
	expect(CSV, "plain", 0, "\"plain\"");
	expect(CSV, "a \"quoted\", b\nc", 0, "\"a \"\"quoted\"\", b\nc\"");
	expect(CSV, "", 0, "\"\"");
	expect(CSV, NULL, ESC_CSV_FORMULA, "");
	/* A formula is kept from running only when asked. */
	expect(CSV, "=HYPERLINK(\"x\")", 0, "\"=HYPERLINK(\"\"x\"\")\"");
	expect(CSV, "=HYPERLINK(\"x\")", ESC_CSV_FORMULA,
	    "\"'=HYPERLINK(\"\"x\"\")\"");
	expect(CSV, "+1", ESC_CSV_FORMULA, "\"'+1\"");
	expect(CSV, "-1", ESC_CSV_FORMULA, "\"'-1\"");
	expect(CSV, "@x", ESC_CSV_FORMULA, "\"'@x\"");
	expect(CSV, "\tx", ESC_CSV_FORMULA, "\"'\tx\"");
	expect(CSV, "x=1", ESC_CSV_FORMULA, "\"x=1\"");
}

static void
test_ceiling(void **state)
{
	struct buf b = BUF_INIT(8);

	(void)state;
	/* A buffer at its ceiling says so; the escaper passes it on. */
	assert_int_not_equal(esc_html(&b, "<<<<<<<<", 0), 0);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_visible),
		cmocka_unit_test(test_trusted),
		cmocka_unit_test(test_trusted_cut),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_json_script),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
