/*
 * The table of record kinds.
 */
#include <string.h>

#include "kinds/audit.h"
#include "kinds/kind.h"
#include "kinds/scs_assessment.h"

/* Rows: { predicate type, prepare, check }.  Kinds are added here as
 * their rules are written (audit reports, SCS assessments, status and
 * accreditation records). */
static const struct record_kind kinds[] = {
	{ AUDIT_PREDICATE_TYPE, audit_prepare, audit_check_in },
	{ SCS_PREDICATE_TYPE, scs_assessment_prepare,
	    scs_assessment_check_in },
	{ NULL, NULL, NULL }
};

const struct record_kind *
kind_find(const char *predicate_type)
{
	for (const struct record_kind *k = kinds; k->predicate_type; k++)
		if (strcmp(k->predicate_type, predicate_type) == 0)
			return k;
	return NULL;
}
