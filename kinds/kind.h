/*
 * Record kinds: the rules of one predicate type (audit report, SCS
 * assessment, ...), applied when a draft is signed and whenever a signed
 * record is checked.  To add a kind, write its prepare and check
 * functions in its own file and add a row to the table in kinds/kind.c.
 */
#ifndef INK_KIND_H
#define INK_KIND_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/catalog.h"
#include "core/problems.h"

struct kind_ctx {
	int64_t now;
	const char *base_dir;   /* folder of the draft, for files it names */
	cJSON *disclosures;     /* array of disclosure strings the kind made
	                         * (private bundle); created on demand */
};

struct record_kind {
	const char *predicate_type;
	/* Checks a draft Statement against the kind's rules and completes
	 * it in place: computes the validity window from the scheme,
	 * replaces confidential items by salted digests (their disclosures
	 * go to ctx->disclosures).  Every problem goes to probs: INK_ENO for
	 * a broken rule, INK_EINPUT for what cannot be read. */
	void (*prepare)(cJSON *statement, struct kind_ctx *ctx,
	    struct problems *probs);
	/* Checks a signed Statement (read only) against the same rules;
	 * catalogues are looked up in cats first (a registry's pinned
	 * ones, reg_catalogs), or only where installed when NULL. */
	void (*check)(const cJSON *statement,
	    const struct catalog_source *cats, struct problems *probs);
};

/* The kind of a predicate type, or NULL for types without rules. */
const struct record_kind *kind_find(const char *predicate_type);

#endif
