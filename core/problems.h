/*
 * A list of problems found in one input, so a command can report every
 * one of them in a single run instead of stopping at the first.
 */
#ifndef INK_PROBLEMS_H
#define INK_PROBLEMS_H

#include <stddef.h>

struct problems {
	char **v;
	size_t n;
	int code; /* the error code the problems add up to (INK_ENO, ...) */
	unsigned seen; /* bit (-code) set for each code added */
};

#define PROBLEMS_INIT { NULL, 0, 0, 0 }
#define PROBLEMS_SEEN(p, code) (((p)->seen >> (unsigned)-(code)) & 1u)

/* Adds one problem; code is the kind (the most serious is kept). */
void problems_add(struct problems *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void problems_release(struct problems *p);

#endif
