/*
 * The assessment sheet (セキュリティアセスメントシート, seed 004): one row
 * per evaluation criterion, grouped by requirement, with the
 * organisation's answer and comment, the evaluation procedures, the
 * expert's result and comment per requirement, and whether each
 * criterion is met.  Exported to CSV or XLSX for people to fill in; a
 * filled CSV is read back into the requirements of a draft.
 */
#ifndef SCS_SHEET_H
#define SCS_SHEET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/problems.h"

/* The sheet's columns, in order. */
enum {
	SHEET_REQ, SHEET_CRIT, SHEET_REQ_TEXT, SHEET_CRIT_TEXT, SHEET_ANSWER,
	SHEET_COMMENT, SHEET_PROCEDURES, SHEET_RESULT, SHEET_EXPERT_COMMENT,
	SHEET_MET, SHEET_NCOLS
};

/* The sheet of a catalogue as CSV (UTF-8 with a byte order mark, CRLF,
 * every field quoted), appended to out. */
int scs_sheet_csv(struct buf *out, const cJSON *catalog);
/* The sheet as an XLSX workbook, with drop-down lists for the answer
 * words, appended to out. */
int scs_sheet_xlsx(struct buf *out, const cJSON *catalog);
/* Reads a filled sheet (CSV) into predicate.requirements form: one entry
 * per requirement of the catalogue, in its order.  Every malformed row is
 * a problem "line N: ..." (INK_EINPUT). */
int scs_sheet_read(cJSON **requirements, const cJSON *catalog,
    const unsigned char *csv, size_t len, struct problems *probs);
/* Puts requirements, the catalogue's id and version, and the sheet as a
 * subject (name, file) into a draft, replacing what it had there. */
int scs_sheet_into_draft(cJSON *draft, cJSON *requirements,
    const cJSON *catalog, const char *name, const char *file);

#endif
