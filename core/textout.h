/*
 * Text for a terminal: the one escaping function every human-readable
 * output goes through (cli/main.c installs it on stdout and stderr; the
 * Markdown summary and JSON for people use it too).  A record, a file
 * name or an unsigned keyid hint may hold bytes that a terminal obeys:
 * they are written visibly instead, so that no input can move the
 * cursor, erase a line, set the clipboard or reverse the text around it.
 *
 * Shown escaped: C0 controls except newline and tab, and DEL, as "\xNN";
 * C1 controls (U+0080-U+009F) and the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) as "\uXXXX"; every byte
 * that is not part of well-formed UTF-8 as "\xNN".  Everything else,
 * multibyte characters included, passes unchanged.
 */
#ifndef INK_TEXTOUT_H
#define INK_TEXTOUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum textout_kind {
	TEXTOUT_PLAIN,   /* print as it is */
	TEXTOUT_CONTROL, /* a code point to show escaped */
	TEXTOUT_INVALID, /* one byte that is not well-formed UTF-8 */
	TEXTOUT_SHORT    /* a sequence that may go on past the end */
};

/* Classifies the character at s (n > 0 bytes available): returns its
 * length in bytes (1 for an invalid byte, n for a short sequence) and
 * sets *kind and, for a control, *cp. */
size_t textout_char(const unsigned char *s, size_t n, enum textout_kind *kind,
    uint32_t *cp);
/* Appends s[0..n) to out for a terminal.  With more set, a sequence cut
 * at the end (at most 3 bytes) is left for the next call; *used (may be
 * NULL) says how many bytes were taken.  Returns 0 or INK_EINPUT. */
int textout_escape(struct buf *out, const void *s, size_t n, int more,
    size_t *used);
/* Appends JSON text s[0..n) to out with DEL, C1 and the bidi controls
 * written as \uXXXX and a byte that is not UTF-8 as \ufffd: outside its
 * strings JSON is ASCII, so the value is the same and the text is safe
 * for a terminal.  Returns 0 or INK_EINPUT. */
int textout_json(struct buf *out, const void *s, size_t n);
/* textout_escape() over b's contents, in place. */
int textout_escape_buf(struct buf *b);

#endif
