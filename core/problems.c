/*
 * Problem lists.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/problems.h"

void
problems_add(struct problems *p, int code, const char *fmt, ...)
{
	char line[1024], **v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Messages quote untrusted input: no control character may reach a
	 * terminal through them. */
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	if (ink_error_rank(code) > ink_error_rank(p->code) || p->code == 0)
		p->code = code;
	if (code < 0 && code > -32)
		p->seen |= 1u << (unsigned)-code;
	/* Past 1000 problems the count still grows, the text does not. */
	if (p->n >= 1000 || (v = realloc(p->v, (p->n + 1) * sizeof(*v))) == NULL)
		return;
	p->v = v;
	if ((p->v[p->n] = strdup(line)) != NULL)
		p->n++;
}

void
problems_release(struct problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
	p->code = 0;
	p->seen = 0;
}
