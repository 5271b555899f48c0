/*
 * Growable byte buffers that declare their ceiling (after curl's dynbuf):
 * a buffer refuses to grow past max and says so, so no reader can be made
 * to allocate without bound.  data is always NUL-terminated when non-NULL.
 */
#ifndef INK_BUF_H
#define INK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	unsigned char *data;
	size_t len;
	size_t cap;
	size_t max;
};

#define BUF_INIT(limit) { NULL, 0, 0, (limit) }

/* The adders return 0, or INK_EINPUT when the buffer would pass its
 * ceiling or memory runs out (the contents are then unchanged): a result
 * the caller must look at, so the compiler insists. */
#define BUF_CHECKED __attribute__((warn_unused_result))

void buf_init(struct buf *b, size_t max);
int buf_add(struct buf *b, const void *p, size_t n) BUF_CHECKED;
/* Room for n more bytes (within the limit), without adding them. */
int buf_reserve(struct buf *b, size_t n) BUF_CHECKED;
int buf_adds(struct buf *b, const char *s) BUF_CHECKED;
int buf_addc(struct buf *b, char c) BUF_CHECKED;
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3))) BUF_CHECKED;
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0))) BUF_CHECKED;
/* The contents as a C string ("" for an empty buffer); borrowed. */
const char *buf_str(const struct buf *b);
/* Hands the bytes to the caller (who frees them) and empties b. */
unsigned char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
/* Clears the bytes before freeing: for anything secret. */
void buf_wipe(struct buf *b);

#endif
