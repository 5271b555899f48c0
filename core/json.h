/*
 * Strict JSON over cJSON.  Reading validates the text against RFC 8259
 * before cJSON sees it: well-formed UTF-8, no lone surrogates, no \u0000,
 * no duplicate keys, nesting and member counts within core/limits.h.
 * Writing is the canonical form every signed payload uses: object keys
 * sorted by byte order, no whitespace, integers only.
 */
#ifndef INK_JSON_H
#define INK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/buf.h"

/* Parses text of len bytes; what names the document in errors. */
int json_parse(cJSON **out, const char *text, size_t len, const char *what);
/* The checks json_parse() makes of the text alone (no tree is built). */
int json_scan(const char *text, size_t len, const char *what);
/* json_parse()'s duplicate-key check of a tree, with its message. */
int json_check_dups(const cJSON *j, const char *what);
/* Blanks // comments outside strings in place (for drafts people write);
 * line numbers stay the same. */
void json_strip_comments(char *text, size_t len);
/* Whether a cJSON allocation failed on this thread since the last call
 * (which clears it): a tree built since then may lack members.  The
 * writers below ask it first and refuse (INK_EINPUT). */
int json_alloc_failed(void);
/* Fault injection for tests: the (n+1)-th cJSON allocation on this thread
 * from now fails, and every one after it; -1 turns it off. */
void json_fail_allocs_after(long n);
/* Appends the canonical serialization of j to out. */
int json_canon(struct buf *out, const cJSON *j);
/* Appends j as a JSON string literal (canonical escaping). */
int json_quote(struct buf *out, const char *s);
/* Appends j pretty-printed with two-space indent and sorted keys, for
 * people (drafts, --json output): DEL, C1 and bidirectional controls are
 * written as \uXXXX as well, stray bytes as \ufffd (core/textout.h). */
int json_pretty(struct buf *out, const cJSON *j);

/* Case-sensitive member lookup; NULL when absent or obj not an object. */
const cJSON *json_get(const cJSON *obj, const char *key);
/* The string member's value, or NULL when absent or not a string. */
const char *json_get_str(const cJSON *obj, const char *key);
/* An integer member within [INT53_MIN, INT53_MAX]: 0, INK_ENOTFOUND when
 * absent, INK_EINPUT when not an integer. */
int json_get_int(int64_t *out, const cJSON *obj, const char *key);
bool json_is_int(const cJSON *j);

#endif
