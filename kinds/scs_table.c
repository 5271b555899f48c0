/*
 * CSV reading over libcsv; fields are written by core/escape.c.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/error.h"
#include "core/escape.h"
#include "kinds/scs_limits.h"
#include "kinds/scs.h"
#include "kinds/scs_table.h"

struct parse_state {
	struct scs_table *t;
	struct problems *probs;
	size_t line;            /* line of the byte being fed */
	size_t row_line;        /* line the open record began on */
	int row_open;
	char **cells;           /* the open record */
	size_t n;
	int stop;               /* a limit was hit: read no further */
};

static void
drop_cells(struct parse_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->cells[i]);
	free(s->cells);
	s->cells = NULL;
	s->n = 0;
}

static void
on_field(void *field, size_t len, void *data)
{
	struct parse_state *s = data;
	char **v, *c;

	if (s->stop)
		return;
	if (len > SCS_MAX_CSV_FIELD) {
		problems_add(s->probs, INK_EINPUT, "line %zu: a field is longer "
		    "than the limit of %u bytes", s->row_line,
		    SCS_MAX_CSV_FIELD);
		s->stop = 1;
		return;
	}
	if (s->n >= SCS_MAX_CSV_COLUMNS) {
		problems_add(s->probs, INK_EINPUT, "line %zu: more than the "
		    "limit of %d fields", s->row_line, SCS_MAX_CSV_COLUMNS);
		s->stop = 1;
		return;
	}
	if ((v = realloc(s->cells, (s->n + 1) * sizeof(*v))) == NULL ||
	    (c = malloc(len + 1)) == NULL) {
		if (v)
			s->cells = v;
		problems_add(s->probs, INK_EINPUT, "out of memory");
		s->stop = 1;
		return;
	}
	s->cells = v;
	if (len)
		memcpy(c, field, len);
	c[len] = '\0';
	s->cells[s->n++] = c;
}

static void
on_row(int c, void *data)
{
	struct parse_state *s = data;
	struct scs_row *r;

	(void)c;
	s->row_open = 0;
	if (s->stop) {
		drop_cells(s);
		return;
	}
	if (s->t->nrows >= SCS_MAX_CSV_ROWS) {
		problems_add(s->probs, INK_EINPUT, "line %zu: more than the "
		    "limit of %d records", s->row_line, SCS_MAX_CSV_ROWS);
		s->stop = 1;
		drop_cells(s);
		return;
	}
	r = realloc(s->t->rows, (s->t->nrows + 1) * sizeof(*r));
	if (r == NULL) {
		problems_add(s->probs, INK_EINPUT, "out of memory");
		s->stop = 1;
		drop_cells(s);
		return;
	}
	s->t->rows = r;
	r[s->t->nrows].line = s->row_line;
	r[s->t->nrows].n = s->n;
	r[s->t->nrows].cell = s->cells;
	s->t->nrows++;
	s->cells = NULL;
	s->n = 0;
}

int
scs_table_parse(struct scs_table *out, const unsigned char *data,
    size_t len, struct problems *probs)
{
	struct parse_state s = { out, probs, 1, 1, 0, NULL, 0, 0 };
	struct csv_parser p;
	size_t bad, i = 0;
	int rc = 0, failed = 0;

	out->rows = NULL;
	out->nrows = 0;
	if (len > SCS_MAX_CSV) {
		problems_add(probs, INK_EINPUT, "larger than the limit of %u "
		    "bytes", SCS_MAX_CSV);
		return INK_EINPUT;
	}
	if ((bad = scs_utf8_bad_line(data, len)) != 0) {
		problems_add(probs, INK_EINPUT, "line %zu: not UTF-8 (a CSV "
		    "saved as Shift_JIS/CP932 must be converted first, e.g. "
		    "iconv -f CP932 -t UTF-8)", bad);
		return INK_EINPUT;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		problems_add(probs, INK_EINPUT, "out of memory");
		return INK_EINPUT;
	}
	/* One byte at a time, so that the line a record starts on is
	 * known: libcsv calls back only when a field or record ends. */
	for (; i < len && !s.stop; i++) {
		unsigned char b = data[i];
		if (!s.row_open && b != '\r' && b != '\n') {
			s.row_open = 1;
			s.row_line = s.line;
		}
		if (csv_parse(&p, &b, 1, on_field, on_row, &s) != 1) {
			problems_add(probs, INK_EINPUT, "line %zu: malformed CSV "
			    "(%s): a quote inside an unquoted field, or text "
			    "after a closing quote", s.line,
			    csv_strerror(csv_error(&p)));
			failed = 1;
			break;
		}
		if (b == '\n')
			s.line++;
	}
	if (!s.stop && !failed &&
	    csv_fini(&p, on_field, on_row, &s) != 0) {
		problems_add(probs, INK_EINPUT, "line %zu: a quoted field is "
		    "not closed before the end of the file", s.row_line);
		failed = 1;
	}
	csv_free(&p);
	drop_cells(&s);
	if (failed || s.stop) {
		scs_table_release(out);
		rc = INK_EINPUT;
	}
	return rc;
}

void
scs_table_release(struct scs_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->rows[r].n; c++)
			free(t->rows[r].cell[c]);
		free(t->rows[r].cell);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

/* The header's name: up to "(" or "（", without surrounding space. */
static int
header_is(const char *h, const char *name)
{
	const char *a = strstr(h, "("), *b = strstr(h, "（");
	size_t n = strlen(h), k = strlen(name);

	if (a && (size_t)(a - h) < n)
		n = (size_t)(a - h);
	if (b && (size_t)(b - h) < n)
		n = (size_t)(b - h);
	while (n > 0 && strchr(" \t", *h)) {
		h++;
		n--;
	}
	while (n > 0 && strchr(" \t", h[n - 1]))
		n--;
	return n == k && memcmp(h, name, k) == 0;
}

int
scs_table_column(const struct scs_table *t, const char *name, int *dup)
{
	int col = -1;

	if (dup)
		*dup = 0;
	if (t->nrows == 0)
		return -1;
	for (size_t c = 0; c < t->rows[0].n; c++)
		if (header_is(t->rows[0].cell[c], name)) {
			if (col >= 0 && dup)
				*dup = 1;
			if (col < 0)
				col = (int)c;
		}
	return col;
}

const char *
scs_table_cell(const struct scs_row *r, int col)
{
	if (col < 0 || (size_t)col >= r->n)
		return "";
	return r->cell[col];
}

int
scs_table_row_blank(const struct scs_row *r)
{
	for (size_t c = 0; c < r->n; c++)
		if (scs_text_present(r->cell[c]))
			return 0;
	return 1;
}

int
scs_csv_field(struct buf *out, const char *s, int first)
{
	int rc;

	if (!first && (rc = buf_addc(out, ',')) != 0)
		return rc;
	return esc_csv(out, s, 0);
}
