/*
 * Signers bound to the parties they sign for (kinds/bind.h): whether the
 * accreditation of a key vouches for the names a record gives the party
 * that key signs for.  A record names its organisation, its audit firm
 * and selection, its expert or its evaluator itself; only the operator's
 * accreditation of the signing key says who that key belongs to, so a
 * name the accreditation does not vouch for is refused wherever the
 * record is checked against a registry (docs/FORMAT.md 8.4).
 */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "kinds/bind.h"
#include "core/error.h"

/* A text as one string for a message: the Japanese, else the English. */
static const char *
text_shown(const cJSON *t)
{
	if (cJSON_IsString(t))
		return t->valuestring;
	if (json_get_str(t, "ja"))
		return json_get_str(t, "ja");
	if (json_get_str(t, "en"))
		return json_get_str(t, "en");
	return "(none)";
}

/* Whether a record's text (a string or {ja, en}) and an accreditation's
 * text name the same party: equal strings, or a string equal to one
 * language of the other, or objects equal in every language both give
 * (and they give one in common). */
int
bind_text_agrees(const cJSON *rec, const cJSON *acc)
{
	static const char *const langs[] = { "ja", "en" };
	int common = 0;

	if (rec == NULL || acc == NULL)
		return 0;
	if (cJSON_IsString(rec) && cJSON_IsString(acc))
		return strcmp(rec->valuestring, acc->valuestring) == 0;
	if (cJSON_IsString(acc) || cJSON_IsString(rec)) {
		const cJSON *s = cJSON_IsString(acc) ? acc : rec;
		const cJSON *o = s == acc ? rec : acc;
		for (size_t i = 0; i < 2; i++)
			if (json_get_str(o, langs[i]) &&
			    strcmp(json_get_str(o, langs[i]), s->valuestring) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 0; i < 2; i++) {
		const char *a = json_get_str(rec, langs[i]);
		const char *b = json_get_str(acc, langs[i]);
		if (a && b) {
			if (strcmp(a, b) != 0)
				return 0;
			common = 1;
		}
	}
	return common;
}

const char *
bind_party(const cJSON *obj, const char *role)
{
	if (strcmp(role, "management") != 0)
		return NULL;
	return json_get_str(json_get(obj, "organisation"), "corporate_number");
}

/* The management key signs only for the organisation it was accredited
 * for, named by its 法人番号, and under the name the accreditation gives
 * it (the name the public reads is the one the operator vouched for). */
static int
bind_management(const cJSON *pred, const cJSON *acc, char *why, size_t len)
{
	const cJSON *ro = json_get(pred, "organisation");
	const cJSON *ao = json_get(acc, "organisation");
	const char *rec = json_get_str(ro, "corporate_number");
	const char *own = json_get_str(ao, "corporate_number");

	if (rec && own && strcmp(rec, own) == 0) {
		if (bind_text_agrees(json_get(ro, "name"), json_get(ao, "name")))
			return 0;
		snprintf(why, len, "the organisation's name is the one its "
		    "management key is accredited under: the record names "
		    "'%s', the accreditation of %s names '%s'",
		    text_shown(json_get(ro, "name")), own,
		    text_shown(json_get(ao, "name")));
		return INK_ENO;
	}
	snprintf(why, len, "a management key signs only for its own "
	    "organisation: the record's organisation is %s (%s), the key is "
	    "accredited for %s (%s)", rec ? rec : "(no corporate number)",
	    text_shown(json_get(json_get(pred, "organisation"), "name")),
	    own ? own : "(no corporate number)",
	    text_shown(json_get(json_get(acc, "organisation"), "name")));
	return INK_ENO;
}

/* The auditor signs for the audit firm, and under the selection, of its
 * accreditation: the firm is the accreditation's audit_firm, or (for a
 * scheme that selects none) its organisation (seed 001, 3.3.2: 「選定さ
 * れた監査主体による監査を受けていない場合には」). */
static int
bind_auditor(const cJSON *pred, const cJSON *acc, char *why, size_t len)
{
	const cJSON *rf = json_get(pred, "audit_firm");
	const cJSON *af = json_get(acc, "audit_firm");
	const cJSON *aname = af ? json_get(af, "name") :
	    json_get(json_get(acc, "organisation"), "name");
	const char *rsel = json_get_str(rf, "selection_id");
	const char *asel = json_get_str(af, "selection_id");

	if (!bind_text_agrees(json_get(rf, "name"), aname)) {
		snprintf(why, len, "an auditor signs only for its own audit "
		    "firm: the record names '%s', the key is accredited for "
		    "'%s'", text_shown(json_get(rf, "name")),
		    text_shown(aname));
		return INK_ENO;
	}
	if ((rsel != NULL) != (asel != NULL) ||
	    (rsel && strcmp(rsel, asel) != 0)) {
		snprintf(why, len, "an auditor signs only under its firm's "
		    "selection: the record names selection '%s', the key is "
		    "accredited under '%s'", rsel ? rsel : "(none)",
		    asel ? asel : "(none)");
		return INK_ENO;
	}
	return 0;
}

/* The ★3 expert the record names is the accredited person: the name and
 * the registration number of one of the accredited qualifications
 * (seed 004, ★3 scheme note *2: 「一定のセキュリティ関連資格を有し」). */
static int
bind_expert(const cJSON *pred, const cJSON *acc, char *why, size_t len)
{
	const cJSON *ex = json_get(pred, "expert"), *q;
	const cJSON *num = json_get(ex, "registration_number");
	const cJSON *person = json_get(json_get(acc, "person"), "name");

	if (!bind_text_agrees(json_get(ex, "name"), person)) {
		snprintf(why, len, "the expert the record names is the "
		    "accredited one: the record names '%s', the key is "
		    "accredited to '%s'", text_shown(json_get(ex, "name")),
		    text_shown(person));
		return INK_ENO;
	}
	cJSON_ArrayForEach(q, json_get(acc, "qualifications"))
		if (bind_text_agrees(num, json_get(q, "number")) &&
		    (json_get(ex, "qualification") == NULL ||
		    bind_text_agrees(json_get(ex, "qualification"),
		    json_get(q, "name"))))
			return 0;
	snprintf(why, len, "the expert's registration number is one the "
	    "accreditation lists: the record names '%s' (%s), which is not "
	    "among the accredited qualifications of '%s'", text_shown(num),
	    text_shown(json_get(ex, "qualification")), text_shown(person));
	return INK_ENO;
}

/* The ★4 evaluator's organisation is the accredited evaluator's. */
static int
bind_evaluator(const cJSON *pred, const cJSON *acc, char *why, size_t len)
{
	const cJSON *rec = json_get(json_get(pred, "evaluator"),
	    "organisation");
	const cJSON *own = json_get(json_get(acc, "organisation"), "name");

	if (bind_text_agrees(rec, own))
		return 0;
	snprintf(why, len, "an evaluator signs only for its own "
	    "organisation: the record names '%s', the key is accredited for "
	    "'%s'", text_shown(rec), text_shown(own));
	return INK_ENO;
}

int
bind_audit(const cJSON *pred, const char *role, const cJSON *acc, char *why,
    size_t len)
{
	if (strcmp(role, "management") == 0)
		return bind_management(pred, acc, why, len);
	if (strcmp(role, "auditor") == 0)
		return bind_auditor(pred, acc, why, len);
	snprintf(why, len, "an audit report has no '%s' signer", role);
	return INK_ENO;
}

int
bind_scs(const cJSON *pred, const char *role, const cJSON *acc, char *why,
    size_t len)
{
	if (strcmp(role, "management") == 0)
		return bind_management(pred, acc, why, len);
	if (strcmp(role, "expert") == 0)
		return bind_expert(pred, acc, why, len);
	if (strcmp(role, "auditor") == 0)
		return bind_evaluator(pred, acc, why, len);
	snprintf(why, len, "an SCS assessment has no '%s' signer", role);
	return INK_ENO;
}
