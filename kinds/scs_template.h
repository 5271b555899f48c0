/*
 * The draft template of `inkan new scs --level 3|4`: a complete,
 * commented scs-assessment draft listing every requirement
 * and criterion of the scheme's catalogue, to fill in (or to fill from
 * the assessment sheet with `inkan scs sheet import`), check and sign.
 */
#ifndef SCS_TEMPLATE_H
#define SCS_TEMPLATE_H

#include <cjson/cJSON.h>

#include "core/buf.h"

/* Appends the template for level (3 or 4; 0 means 3) to out, built on
 * the scheme's default catalogue. */
int scs_new_draft(struct buf *out, int level);
/* The same draft built on a given catalogue (level from its scheme). */
int scs_draft_template(struct buf *out, const cJSON *catalog, int level);

#endif
