/*
 * Signers bound to the parties they sign for: whether an accreditation
 * (the predicate of a urn:inkan:signer:v1 record) vouches for the names a
 * record gives the party its key signs for.  The rules, each with the
 * scheme passage it comes from, are in docs/FORMAT.md 8.4:
 *
 *   management  the accreditation's organisation.corporate_number is the
 *               record's organisation.corporate_number, and its
 *               organisation.name agrees with the record's;
 *   auditor     (audit report) the record's audit_firm.name is the
 *               accreditation's audit_firm.name (its organisation.name
 *               when it has no audit_firm), and the selection ids are
 *               the same (or both absent);
 *   expert      (★3) expert.name is the accredited person's name, and
 *               expert.registration_number the number of one of the
 *               accredited qualifications (of the same name when the
 *               record names the qualification);
 *   auditor     (★4) evaluator.organisation is the accreditation's
 *               organisation.name.
 *
 * Each returns 0 when the accreditation vouches for the record's names,
 * or INK_ENO with why naming the rule and the two names that disagree.
 * The kind table (kinds/kind.c) points at them.
 */
#ifndef INK_KINDS_BIND_H
#define INK_KINDS_BIND_H

#include <stddef.h>
#include <cjson/cJSON.h>

int bind_audit(const cJSON *pred, const char *role, const cJSON *acc,
    char *why, size_t len);
int bind_scs(const cJSON *pred, const char *role, const cJSON *acc,
    char *why, size_t len);

/* The id both a record and an accreditation give the party a role signs
 * for, which bind requires to be equal: organisation.corporate_number for
 * management (the same path in both); NULL for a role bound by names
 * alone.  A cheap sieve for a key accredited many times, never a
 * verdict (bind decides). */
const char *bind_party(const cJSON *obj, const char *role);

/* Whether two texts (a string, or {ja, en}) name the same party. */
int bind_text_agrees(const cJSON *rec, const cJSON *acc);

#endif
