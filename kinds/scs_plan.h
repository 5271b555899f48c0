/*
 * The improvement plan (改善計画書, seed 004) rendered for people, as
 * Markdown or as a standalone HTML page, from the plan object of a draft
 * or of a disclosure bundle.
 */
#ifndef SCS_PLAN_H
#define SCS_PLAN_H

#include <cjson/cJSON.h>

#include "core/buf.h"

enum scs_plan_format { SCS_PLAN_MD, SCS_PLAN_HTML };

/* The plan inside a parsed draft (predicate.improvement_plan) or
 * disclosure bundle (the disclosure at path "plan"); *out is a copy the
 * caller frees.  INK_ENOTFOUND when there is none. */
int scs_plan_find(cJSON **out, const cJSON *doc);
/* Appends the rendered plan to out.  Every value is escaped for where it
 * goes: HTML text and attributes, or Markdown text and table cells. */
int scs_plan_render(struct buf *out, const cJSON *plan,
    enum scs_plan_format format);

#endif
