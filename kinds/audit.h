/*
 * The audit-report record kind (KIND_AUDIT_TYPE): an audit of
 * one service, signed by the auditor and by the provider's management.
 * Its fields are specified in docs/FORMAT.md section 6; the rules of each
 * scheme (roles, levels, validity, required disclosures) and the control
 * catalogues are data in catalogs/, never code.
 */
#ifndef INK_AUDIT_H
#define INK_AUDIT_H

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/problems.h"
#include "kinds/kind.h"

/* One text field of the predicate (a Markdown section, a reason). */
#define AUDIT_MAX_TEXT (64u * 1024)
/* A short identifier (service id, control id, selection id). */
#define AUDIT_MAX_ID 128
/* The controls a statement of applicability may select, and as many it
 * may exclude; the bytes of one language of a reason for excluding one. */
#define AUDIT_MAX_SOA_CONTROLS 4096
#define AUDIT_MAX_SOA_REASON 4096u
/* The path prefix of a control result's disclosure: "controls/<id>". */
#define AUDIT_CONTROL_PATH "controls/"

/* Checks a draft against the rules, computes its validity window from
 * the scheme and replaces predicate.controls by salted digests (the
 * disclosures go to ctx->disclosures). */
void audit_prepare(cJSON *statement, struct kind_ctx *ctx,
    struct problems *probs);
/* Checks a signed record against the same rules, without cleartext. */
void audit_check(const cJSON *statement, struct problems *probs);
/* The same, looking catalogues up in cats first (the kind table's
 * check). */
void audit_check_in(const cJSON *statement,
    const struct catalog_source *cats, struct problems *probs);
/* Appends the commented draft of `inkan new audit-report` to out. */
int audit_draft_write(struct buf *out, int level);
/* Appends the commented draft of `inkan new listing` to out. */
int audit_list_draft_write(struct buf *out, int level);
/* Appends the commented draft of `inkan new certification` to out. */
int audit_cert_draft_write(struct buf *out, int level);
/* The text of a localised text field (a string, or {"ja","en"}) in lang,
 * else in the other language; NULL when v is neither.  Borrowed. */
const char *audit_text(const cJSON *v, const char *lang);

#endif
