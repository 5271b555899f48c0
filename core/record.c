/*
 * in-toto Statement v1 records.
 */
#include <string.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "core/timefmt.h"

const char *const record_roles[] = { "auditor", "expert", "management",
	"operator", NULL };

int
record_role_known(const char *role)
{
	for (size_t i = 0; record_roles[i]; i++)
		if (strcmp(record_roles[i], role) == 0)
			return 1;
	return 0;
}

int
corporate_number_ok(const char *s)
{
	unsigned sum = 0;

	if (s == NULL || strlen(s) != 13 || strspn(s, "0123456789") != 13)
		return 0;
	for (int n = 1; n <= 12; n++)
		sum += (unsigned)(s[13 - n] - '0') * (n % 2 ? 1u : 2u);
	return (unsigned)(s[0] - '0') == 9 - sum % 9;
}

void
record_id(char out[RECORD_ID_LEN], const void *payload, size_t n)
{
	memcpy(out, "sha256:", 7);
	sha256_hex(out + 7, payload, n);
}

static int
is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
check_signers(const cJSON *signers, struct problems *p)
{
	const cJSON *s, *t;
	size_t i = 0;

	if (!cJSON_IsArray(signers) || signers->child == NULL) {
		problems_add(p, INK_ENO, "predicate.signers must be a non-empty "
		    "array");
		return;
	}
	for (s = signers->child; s; s = s->next, i++) {
		const char *role = json_get_str(s, "role");
		const char *keyid = json_get_str(s, "keyid");
		if (!cJSON_IsObject(s)) {
			problems_add(p, INK_ENO, "predicate.signers[%zu] must be "
			    "an object", i);
			continue;
		}
		if (role == NULL || !record_role_known(role))
			problems_add(p, INK_ENO, "predicate.signers[%zu].role must "
			    "be one of auditor, expert, management, operator", i);
		if (keyid == NULL || !is_hex(keyid, 64))
			problems_add(p, INK_ENO, "predicate.signers[%zu].keyid must "
			    "be the signer's 64-hex key id (inkan keys id KEY)", i);
		for (t = signers->child; t != s; t = t->next) {
			const char *r2 = json_get_str(t, "role");
			const char *k2 = json_get_str(t, "keyid");
			if (role && r2 && strcmp(role, r2) == 0)
				problems_add(p, INK_ENO, "predicate.signers: role "
				    "'%s' declared twice", role);
			if (keyid && k2 && strcmp(keyid, k2) == 0)
				problems_add(p, INK_ENO, "predicate.signers: one key "
				    "declared for two roles (each role needs its "
				    "own key)");
		}
	}
}

void
statement_check(const cJSON *root, struct problems *p)
{
	const cJSON *subj, *s, *pred, *v;
	const char *type, *pt;
	size_t i = 0;

	if (!cJSON_IsObject(root)) {
		problems_add(p, INK_ENO, "statement is not a JSON object");
		return;
	}
	type = json_get_str(root, "_type");
	if (type == NULL || strcmp(type, STATEMENT_TYPE) != 0)
		problems_add(p, INK_ENO, "_type must be '%s'", STATEMENT_TYPE);
	pt = json_get_str(root, "predicateType");
	if (pt == NULL || *pt == '\0')
		problems_add(p, INK_ENO, "predicateType must be a non-empty "
		    "string");
	subj = json_get(root, "subject");
	if (!cJSON_IsArray(subj) || subj->child == NULL)
		problems_add(p, INK_ENO, "subject must be a non-empty array");
	else
		for (s = subj->child; s; s = s->next, i++) {
			const cJSON *d = json_get(s, "digest");
			const char *h = json_get_str(d, "sha256");
			if (!cJSON_IsObject(s) || !json_get_str(s, "name"))
				problems_add(p, INK_ENO, "subject[%zu] needs a "
				    "string 'name'", i);
			if (h == NULL || !is_hex(h, 64))
				problems_add(p, INK_ENO, "subject[%zu] needs "
				    "digest.sha256 as 64 lowercase hex digits", i);
		}
	pred = json_get(root, "predicate");
	if (!cJSON_IsObject(pred)) {
		problems_add(p, INK_ENO, "predicate must be an object");
		return;
	}
	if ((v = json_get(pred, "signers")) != NULL)
		check_signers(v, p);
	if ((v = json_get(pred, "validity")) != NULL) {
		const char *nb = json_get_str(v, "not_before");
		const char *na = json_get_str(v, "not_after");
		int64_t a, b;
		if (nb == NULL || na == NULL || time_parse(&a, nb) != 0 ||
		    time_parse(&b, na) != 0)
			problems_add(p, INK_ENO, "predicate.validity needs "
			    "not_before and not_after as UTC times "
			    "(2026-11-22T00:00:00Z)");
		else if (b < a)
			problems_add(p, INK_ENO, "predicate.validity ends before "
			    "it begins");
	}
}

int
statement_parse(struct statement *out, const void *payload, size_t n,
    struct problems *probs)
{
	struct problems local = PROBLEMS_INIT;
	struct problems *p = probs ? probs : &local;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = json_parse(&out->root, payload, n, "payload")) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		problems_release(&local);
		return rc;
	}
	size_t before = p->n;
	int code_before = p->code;
	statement_check(out->root, p);
	if (p->n > before || (p->code && p->code != code_before)) {
		rc = ink_error(INK_ENO, "payload: %s", p->n > before ?
		    p->v[before] : "not a valid Statement");
		statement_release(out);
		problems_release(&local);
		return rc;
	}
	out->predicate_type = json_get_str(out->root, "predicateType");
	out->subjects = json_get(out->root, "subject");
	out->predicate = json_get(out->root, "predicate");
	problems_release(&local);
	return 0;
}

void
statement_release(struct statement *s)
{
	cJSON_Delete(s->root);
	memset(s, 0, sizeof(*s));
}

const cJSON *
statement_signer_by_role(const struct statement *s, const char *role)
{
	const cJSON *v = json_get(s->predicate, "signers"), *c;

	if (!cJSON_IsArray(v))
		return NULL;
	for (c = v->child; c; c = c->next) {
		const char *r = json_get_str(c, "role");
		if (r && strcmp(r, role) == 0)
			return c;
	}
	return NULL;
}

const cJSON *
statement_signer_by_keyid(const struct statement *s, const char *keyid)
{
	const cJSON *v = json_get(s->predicate, "signers"), *c;

	if (!cJSON_IsArray(v))
		return NULL;
	for (c = v->child; c; c = c->next) {
		const char *k = json_get_str(c, "keyid");
		if (k && strcmp(k, keyid) == 0)
			return c;
	}
	return NULL;
}

int
statement_validity(const struct statement *s, int64_t *not_before,
    int64_t *not_after)
{
	const cJSON *v = json_get(s->predicate, "validity");

	if (v == NULL)
		return INK_ENOTFOUND;
	if (time_parse(not_before, json_get_str(v, "not_before") ?
	    json_get_str(v, "not_before") : "") != 0 ||
	    time_parse(not_after, json_get_str(v, "not_after") ?
	    json_get_str(v, "not_after") : "") != 0)
		return ink_error(INK_ENO, "predicate.validity is malformed");
	return 0;
}
