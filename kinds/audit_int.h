/*
 * What the files of the audit-report kind share: the state of one check
 * of the rules, where a catalogue id sits, and the helpers each file of
 * the rules uses.  Not for use outside kinds/.
 *
 *	audit_fields.c     reading and checking single fields
 *	audit_catalog.c    control results against the scheme's catalogue
 *	audit_rules.c      the rules of the predicate
 *	audit_soa.c        the statement of applicability (言明書)
 *	audit_cert.c       the certification shape (seed 003's new programme)
 *	audit_seal.c       prepare (check, then seal the controls) and check
 *	audit_template.c   the draft of `inkan new audit-report`
 */
#ifndef INK_AUDIT_INT_H
#define INK_AUDIT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/problems.h"
#include "kinds/audit.h"

#define P "predicate."

struct cat_index;
struct audit_soa;

struct audit {
	struct problems *p;
	int draft;
	const cJSON *schemes;    /* borrowed from the catalogue cache */
	const cJSON *scheme;     /* NULL when unknown */
	const char *scheme_id;
	const cJSON *catalog;    /* borrowed; NULL when none or not loaded */
	int catalog_failed;      /* named but could not be used */
	const cJSON *categories; /* criteria.categories when well formed */
	const char *report_type;
	const struct cat_index *index; /* of catalog, made on first need */
	const struct catalog_source *cats; /* asked first for catalogues */
	int soa_taken;           /* the scheme takes a 言明書 */
	struct audit_soa *soa;   /* the statement read; audit_soa_free */
};

/* Where a catalogue id sits in the tree. */
struct cat_hit {
	const cJSON *node;
	const char *category;
	int level; /* 1 category, 2 middle, 3 requirement, 4 criterion */
	int mandatory;
};

/* --- audit_fields.c --------------------------------------------------- */

int audit_in_list(const char *s, const char *const *list);
void audit_join(char *out, size_t n, const char *const *list);
const char **audit_json_list(const cJSON *arr);
int audit_json_has_string(const cJSON *arr, const char *s);
int audit_cmp_str(const void *a, const void *b);
int audit_text_ok(const cJSON *v);
void audit_need_text(struct audit *a, const cJSON *obj, const char *where,
    const char *key, int required);
const char *audit_need_string(struct audit *a, const cJSON *obj,
    const char *where, const char *key, int required);
const char *audit_need_enum(struct audit *a, const cJSON *obj, const char *where,
    const char *key, const char *const *vals, int required);
int audit_need_date(struct audit *a, const cJSON *obj, const char *key,
    int64_t *out);
void audit_check_keys(struct audit *a, const cJSON *obj, const char *where,
    const char *const *allowed);
const cJSON *audit_need_object(struct audit *a, const cJSON *obj,
    const char *where, const char *key, int required);
int audit_record_id_ok(const char *s);
int audit_id_ok(const char *s);
int audit_digest_ok(const char *s);
void audit_check_string_array(struct audit *a, const cJSON *arr,
    const char *where, const char *const *vals, int required);

/* --- audit_catalog.c -------------------------------------------------- */

/* The catalogue's node with this id (the first in the tree): 1 and *out,
 * or 0. */
int audit_catalog_find(struct cat_hit *out, struct audit *a, const char *id);
void audit_check_mandatory(struct audit *a, const char *const *ids, size_t n,
    const char *what);
int audit_has_mandatory(struct audit *a);
void audit_check_controls(struct audit *a, const cJSON *controls);
void audit_check_covered(struct audit *a, const cJSON *pred);

/* --- audit_soa.c ------------------------------------------------------ */

/* Reads and checks predicate.statement_of_applicability (after the
 * criteria: it needs the catalogue and the categories). */
void audit_check_soa(struct audit *a, const cJSON *pred);
/* The control results (a draft's controls, a record's controls_covered)
 * against the statement read by audit_check_soa. */
void audit_soa_check_results(struct audit *a, const cJSON *pred);
void audit_soa_free(struct audit *a);

/* --- audit_cert.c ----------------------------------------------------- */

/* Whether the scheme's records are certifications ("record_shape":
 * "certification"). */
int audit_cert_shape(const cJSON *scheme);
/* The members of a certification (after its scheme is known). */
void audit_check_certification(struct audit *a, const cJSON *pred);
/* Replaces certification.tools and .data_storage by disclosures. */
void audit_cert_seal(struct audit *a, cJSON *pred, struct kind_ctx *ctx);

/* --- audit_rules.c ---------------------------------------------------- */

void audit_check_validity(struct audit *a, cJSON *pred_w, const cJSON *pred);
void audit_check_predicate(struct audit *a, const cJSON *st);

#endif
