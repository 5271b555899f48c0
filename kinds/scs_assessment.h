/*
 * The record kind scs-assessment (KIND_SCS_TYPE): an SCS ★3
 * (self-assessment confirmed by a security expert) or ★4 (third-party
 * evaluation) result.
 *
 * A draft carries the per-requirement results and the improvement plan
 * (改善計画書); prepare checks them against the catalogue and the scheme,
 * and replaces them by salted-digest disclosures, so that the signed
 * record shows only counts per major category and the overall result.
 * The rule of the scheme: a record is registrable only when every
 * requirement is 適合, or 対象外 with a reason, and a requirement is 適合
 * only if every one of its evaluation criteria is met.
 */
#ifndef SCS_ASSESSMENT_H
#define SCS_ASSESSMENT_H

#include <cjson/cJSON.h>

#include "core/problems.h"
#include "kinds/scs.h"
#include "kinds/kind.h"

/* The kind's hooks (kinds/kind.h). */
void scs_assessment_prepare(cJSON *statement, struct kind_ctx *ctx,
    struct problems *probs);
void scs_assessment_check(const cJSON *statement, struct problems *probs);
/* The same, looking catalogues up in cats first (the kind table's
 * check). */
void scs_assessment_check_in(const cJSON *statement,
    const struct catalog_source *cats, struct problems *probs);

/* The rule engine.  Checks a draft's predicate.requirements against a
 * (shape-checked) catalogue: one entry per requirement, the sheet's
 * vocabularies, and the registration rule; every failing requirement and
 * criterion is a problem of its own (INK_ENO).  When there is none and
 * results is not NULL, *results gets the public part:
 * {"overall": "conformant", "categories": [{"id", "conformant",
 * "needs_improvement", "not_applicable"}, ...]}. */
void scs_rules_apply(cJSON **results, const cJSON *catalog,
    const cJSON *requirements, struct problems *probs);
/* Checks an improvement plan (predicate.improvement_plan). */
void scs_plan_check(const cJSON *plan, struct problems *probs);

#endif
