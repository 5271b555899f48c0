/*
 * The SOC 3-style public summary of an audit-report record: the auditor's
 * opinion on management's assertion, the assertion, the system and its
 * boundaries, the principal service commitments and system requirements,
 * the categories covered, the period and the signers -- and nothing of
 * the tests, results or exceptions, which the record holds only as
 * salted digests.  Rendered from the record alone: signatures are not
 * checked here (that is inkan verify's job), and the output says so.
 */
#ifndef INK_SUMMARY_H
#define INK_SUMMARY_H

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/dsse.h"
#include "core/problems.h"

enum summary_format { SUMMARY_MD, SUMMARY_HTML, SUMMARY_JSON };

#define SUMMARY_FORMAT "inkan-summary/v1"

/* "md", "html" or "json"; INK_EINPUT otherwise. */
int summary_format_parse(enum summary_format *out, const char *s);
/* Appends the summary of an audit-report Statement (a parsed tree, and
 * the record id of its payload) in format fmt and language lang ("ja" or
 * "en").  A record that breaks the audit rules is refused (its problems
 * go to probs, INK_ENO); INK_EINPUT when the catalogues cannot be read. */
int summary_render(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang,
    struct problems *probs);
/* For a page that has its own title (the site's SOC 3 page): the
 * summary's sections only, without the title, the notice and the
 * document around them, appended to out in fmt (SUMMARY_HTML or
 * SUMMARY_MD, not escaped for a terminal).  With SUMMARY_PAGE, values
 * and people's Markdown show invisible characters as the site does
 * (core/escape.h, ESC_VISIBLE) and images become their text in
 * brackets, so nothing loads from elsewhere.  The Statement must have
 * passed audit_check(); its catalogue is looked up in cats first (a
 * registry's pinned ones, reg_catalogs; NULL: the installed ones). */
enum summary_flags { SUMMARY_PAGE = 1 };
int summary_render_body(struct buf *out, const cJSON *statement,
    const char *record_id, enum summary_format fmt, const char *lang,
    unsigned flags, const struct catalog_source *cats);
/* The same from an envelope, whose payload must be an in-toto Statement
 * of type urn:inkan:audit-report:v1 (INK_EINPUT otherwise).  The
 * signatures are not checked. */
int summary_envelope(struct buf *out, const struct dsse_envelope *env,
    enum summary_format fmt, const char *lang, struct problems *probs);

#endif
