/*
 * Record kinds: the one table of every predicate type inkan knows (audit
 * report, SCS assessment, status record, accreditation of a signer, trust
 * root).  A row says the kind's predicate type, its folder in the
 * registry, its labels, its draft template, and the rules applied when a
 * draft is signed and whenever a signed record is checked.  Every other
 * part asks this table; to add a kind, write its prepare and check
 * functions (and its draft template) in its own file under kinds/ and add
 * a row to the table in kinds/kind.c.
 */
#ifndef INK_KIND_H
#define INK_KIND_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/problems.h"

/* The predicate types, written once.  They are macros (not looked up in
 * the table) so that a kind's own rules can name their type without
 * using the table that points at them. */
#define KIND_AUDIT_TYPE "urn:inkan:audit-report:v1"
#define KIND_SCS_TYPE "urn:inkan:scs-assessment:v1"
#define KIND_STATUS_TYPE "urn:inkan:status:v1"
#define KIND_SIGNER_TYPE "urn:inkan:signer:v1"
#define KIND_ROOT_TYPE "urn:inkan:root:v1"

/* The rows, in the table's order (which is also the order the registry
 * lists and counts its folders in). */
enum kind_id {
	KIND_AUDIT,
	KIND_SCS,
	KIND_STATUS,
	KIND_SIGNER,
	KIND_ROOT,
	KIND_COUNT
};

/* Whether and how a public summary of a record is made. */
enum kind_summary {
	KIND_SUMMARY_NONE,
	KIND_SUMMARY_SOC3       /* the SOC 3-style summary (summary/) */
};

struct kind_ctx {
	int64_t now;
	const char *base_dir;   /* folder of the draft, for files it names */
	cJSON *disclosures;     /* array of disclosure strings the kind made
	                         * (private bundle); created on demand */
};

struct record_kind {
	enum kind_id id;
	const char *predicate_type;
	/* The kind's name: its folder records/<name>/ in the registry when
	 * in_records, else (the trust root, kept in root/) only a name. */
	const char *name;
	int in_records;
	const char *label_ja, *label_en;        /* as the site shows them */
	/* `inkan new <draft_name>`: a one-line description and the function
	 * that appends the commented draft (level is 0 when --level was not
	 * given).  NULL for kinds written by inkan itself. */
	const char *draft_name, *draft_summary;
	int (*draft)(struct buf *out, int level);
	/* Checks a draft Statement against the kind's rules and completes
	 * it in place: computes the validity window from the scheme,
	 * replaces confidential items by salted digests (their disclosures
	 * go to ctx->disclosures).  Every problem goes to probs: INK_ENO for
	 * a broken rule, INK_EINPUT for what cannot be read.  NULL for kinds
	 * without rules of their own. */
	void (*prepare)(cJSON *statement, struct kind_ctx *ctx,
	    struct problems *probs);
	/* Checks a signed Statement (read only) against the same rules;
	 * catalogues are looked up in cats first (a registry's pinned
	 * ones, reg_catalogs), or only where installed when NULL. */
	void (*check)(const cJSON *statement,
	    const struct catalog_source *cats, struct problems *probs);
	enum kind_summary summary;
	/* Whether an accreditation (a signer predicate) vouches for the
	 * names the record gives the party the key signs for in role
	 * (kinds/bind.h); 0 when it does, else INK_ENO with why.  NULL for
	 * kinds that name no party. */
	int (*bind)(const cJSON *pred, const char *role, const cJSON *acc,
	    char *why, size_t len);
};

/* The i-th row, NULL past the last: for walking the table in order. */
const struct record_kind *kind_at(size_t i);
/* The row of a predicate type, or NULL for a type inkan does not know. */
const struct record_kind *kind_by_type(const char *predicate_type);
/* The row of a kind's name ("audit-report", ..., "root"), or NULL. */
const struct record_kind *kind_by_name(const char *name);
/* The row of a draft name as typed after `inkan new`, or NULL. */
const struct record_kind *kind_by_draft(const char *draft_name);
/* A draft `inkan new` writes: a kind's own, or one in a scheme's shape
 * of a kind (the certification of jp-cyber-service). */
struct kind_draft {
	const char *name, *summary;
	int (*draft)(struct buf *out, int level);
};
/* The i-th draft, NULL past the last (the row is valid until the next
 * call); the draft named name, or NULL. */
const struct kind_draft *kind_draft_at(size_t i);
const struct kind_draft *kind_draft_find(const char *name);
/* The folder records/<folder>/ of a predicate type, or NULL for a type
 * that is not kept there. */
const char *kind_folder(const char *predicate_type);
/* The kind of a predicate type when it has rules (prepare and check),
 * or NULL for types without rules. */
const struct record_kind *kind_find(const char *predicate_type);

/* Whether the accreditation acc vouches for the names a record of
 * predicate_type (its predicate pred) gives its signer in role: the
 * row's bind, or 0 for a kind that names no party. */
int kind_bind(const char *predicate_type, const cJSON *pred,
    const char *role, const cJSON *acc, char *why, size_t len);
/* The party id (kinds/bind.h bind_party) an accreditation must share with
 * the record for kind_bind to accept it, or NULL when none is needed. */
const char *kind_bind_party(const char *predicate_type, const cJSON *pred,
    const char *role);

#endif
