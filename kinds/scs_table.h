/*
 * CSV tables through libcsv: RFC 4180 quoting, UTF-8 only, an optional
 * byte order mark (Excel's "CSV UTF-8" writes one), CRLF or LF line ends.
 * Each record remembers the line it starts on, so that every problem in
 * a file people filled in can be reported by line number.
 */
#ifndef SCS_TABLE_H
#define SCS_TABLE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/problems.h"

struct scs_row {
	size_t line;    /* the physical line the record starts on */
	size_t n;       /* fields */
	char **cell;    /* NUL-terminated, as read (not trimmed) */
};

struct scs_table {
	struct scs_row *rows;
	size_t nrows;
};

#define SCS_TABLE_INIT { NULL, 0 }

/* Parses data within the limits of kinds/scs_limits.h.  Every problem goes to
 * probs as "line N: ..." (INK_EINPUT); returns 0, or INK_EINPUT when the
 * text is not CSV that can be read. */
int scs_table_parse(struct scs_table *out, const unsigned char *data,
    size_t len, struct problems *probs);
void scs_table_release(struct scs_table *t);
/* The column of the header (first) row whose name, up to a "(" or "（"
 * and without surrounding space, is name; -1 when none.  *dup is set
 * when two columns have that name. */
int scs_table_column(const struct scs_table *t, const char *name, int *dup);
/* The field in column col of r, or "" when r is shorter. */
const char *scs_table_cell(const struct scs_row *r, int col);
/* Whether every field of r is empty or white space. */
int scs_table_row_blank(const struct scs_row *r);

/* Appends s as one quoted CSV field (a comma before it unless first). */
int scs_csv_field(struct buf *out, const char *s, int first);

#endif
