/*
 * Offline envelope verification.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/codec.h"
#include "core/disclosure.h"
#include "core/file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "sign/disclose.h"
#include "kinds/kind.h"
#include "verify/verify.h"

void
verify_add_check(struct verify_result *r, const char *name, int code,
    const char *fmt, ...)
{
	struct verify_check *v;
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	/* Details quote untrusted input: no control characters to a terminal. */
	for (char *c = detail; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	if (ink_error_rank(code) > ink_error_rank(r->code))
		r->code = code;
	v = realloc(r->checks, (r->nchecks + 1) * sizeof(*v));
	if (v == NULL)
		return;
	r->checks = v;
	v[r->nchecks].name = strdup(name);
	v[r->nchecks].code = code;
	v[r->nchecks].detail = strdup(detail);
	r->nchecks++;
}

void
verify_result_release(struct verify_result *r)
{
	for (size_t i = 0; i < r->nsigs; i++) {
		free(r->sigs[i].keyid);
		free(r->sigs[i].role);
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		free(r->checks[i].name);
		free(r->checks[i].detail);
	}
	free(r->sigs);
	free(r->checks);
	free(r->payload_type);
	free(r->predicate_type);
	cJSON_Delete(r->statement);
	free(r->state_why);
	cJSON_Delete(r->disclosed);
	memset(r, 0, sizeof(*r));
}

static void
check_signers(struct verify_result *r, const struct statement *st,
    const struct verify_opts *o)
{
	const cJSON *signers = json_get(st->predicate, "signers"), *s;

	if (signers == NULL)
		return;
	for (s = signers->child; s; s = s->next) {
		const char *role = json_get_str(s, "role");
		const char *keyid = json_get_str(s, "keyid");
		const char *name = json_get_str(s, "name");
		size_t i;
		for (i = 0; i < r->nsigs; i++)
			if (r->sigs[i].key >= 0 &&
			    strcmp(o->keys[r->sigs[i].key]->keyid, keyid) == 0)
				break;
		if (i < r->nsigs) {
			free(r->sigs[i].role);
			r->sigs[i].role = strdup(role);
			verify_add_check(r, "signer", 0, "%s%s%s%s signed with key "
			    "%.16s", role, name ? " (" : "", name ? name : "",
			    name ? ")" : "", keyid);
		} else {
			verify_add_check(r, "signer", INK_ENO, "no valid signature "
			    "by the declared %s (key %.16s)%s", role, keyid,
			    "; give that key with --key");
		}
	}
}

static void
check_artifacts(struct verify_result *r, const struct statement *st,
    const struct verify_opts *o)
{
	for (size_t a = 0; a < o->nartifacts; a++) {
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEX];
		const char *match = NULL;
		const cJSON *s;

		if (sha256_file(d, o->artifacts[a]) != 0) {
			verify_add_check(r, "artifact", INK_EINPUT, "%s",
			    ink_error_last());
			continue;
		}
		hex_encode(hex, d, SHA256_LEN);
		for (s = st->subjects->child; s && !match; s = s->next) {
			const char *h = json_get_str(json_get(s, "digest"),
			    "sha256");
			if (h && strcmp(h, hex) == 0)
				match = json_get_str(s, "name");
		}
		if (match)
			verify_add_check(r, "artifact", 0, "'%s' is subject '%s'",
			    o->artifacts[a], match);
		else
			verify_add_check(r, "artifact", INK_ENO, "'%s' (sha256 "
			    "%.16s) matches no subject of the record",
			    o->artifacts[a], hex);
	}
}

static int
digest_listed(const cJSON *digests, const char *d)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, digests)
		if (cJSON_IsString(c) && strcmp(c->valuestring, d) == 0)
			return 1;
	return 0;
}

/* One disclosed item: its digest (over its bytes as they are) must be one
 * the record signed; only then is it parsed and shown. */
static void
check_item(struct verify_result *r, const cJSON *digests, const char *file,
    const char *text, size_t i)
{
	char digest[DISCLOSURE_DIGEST_LEN], name[64];
	const char *path = NULL;
	cJSON *d = NULL, *x;
	int parsed;

	disclosure_digest(digest, text, strlen(text));
	parsed = disclosure_parse(&d, text, strlen(text)) == 0;
	if (parsed)
		path = cJSON_GetArrayItem(d, 1)->valuestring;
	snprintf(name, sizeof(name), "disclosures[%zu]", i);
	if (!digest_listed(digests, digest)) {
		verify_add_check(r, "disclosure", INK_ENO, "item '%.200s' in "
		    "'%s' is not in the record: its digest %.16s is not one of "
		    "the record's disclosure digests (changed, or not from "
		    "this record)", path ? path : name, file, digest);
		goto cleanup;
	}
	if (!parsed) {
		verify_add_check(r, "disclosure", INK_EINPUT, "%s in '%s' is in "
		    "the record but cannot be read: %s", name, file,
		    ink_error_last());
		goto cleanup;
	}
	verify_add_check(r, "disclosure", 0, "item '%.200s' in '%s' is bound "
	    "by the record", path, file);
	if (r->disclosed == NULL)
		r->disclosed = cJSON_CreateArray();
	if ((x = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddItemToArray(r->disclosed, x))
		goto cleanup;
	cJSON_AddStringToObject(x, "file", file);
	cJSON_AddStringToObject(x, "path", path);
	cJSON_AddItemToObject(x, "value",
	    cJSON_DetachItemFromArray(d, 2));
cleanup:
	cJSON_Delete(d);
}

static void
check_disclosures(struct verify_result *r, const struct statement *st,
    const struct verify_opts *o)
{
	const cJSON *digests = json_get(st->predicate, "disclosure_digests");

	for (size_t f = 0; f < o->ndisclosures; f++) {
		const char *file = o->disclosures[f], *rid;
		struct buf b = BUF_INIT(0);
		const cJSON *c;
		cJSON *doc = NULL;
		size_t i = 0;

		if (file_read(&b, file, INK_MAX_JSON) != 0 ||
		    disclose_file_parse(&doc, (const char *)b.data, b.len,
		    file) != 0) {
			verify_add_check(r, "disclosure", INK_EINPUT, "%s",
			    ink_error_last());
			goto next;
		}
		rid = json_get_str(doc, "record_id");
		if (strcmp(rid, r->record_id) != 0) {
			verify_add_check(r, "disclosure", INK_ENO, "'%s' holds "
			    "items of record %.23s, not of this record", file,
			    rid);
			goto next;
		}
		if (json_get(doc, "disclosures")->child == NULL)
			verify_add_check(r, "disclosure", INK_EINPUT, "'%s' "
			    "discloses nothing", file);
		if (!cJSON_IsArray(digests))
			verify_add_check(r, "disclosure", INK_ENO, "the record "
			    "binds no disclosures (no "
			    "predicate.disclosure_digests)");
		else
			cJSON_ArrayForEach(c, json_get(doc, "disclosures"))
				check_item(r, digests, file, c->valuestring,
				    i++);
next:
		cJSON_Delete(doc);
		buf_wipe(&b);
	}
}

int
verify_envelope(struct verify_result *r, const struct dsse_envelope *env,
    const struct verify_opts *o)
{
	struct statement st = STATEMENT_INIT;
	const struct record_kind *kind;
	size_t good = 0;
	int64_t nb, na;

	memset(r, 0, sizeof(*r));
	record_id(r->record_id, env->payload, env->payload_len);
	r->payload_type = strdup(env->payload_type);
	if (env->nsigs > 0 &&
	    (r->sigs = calloc(env->nsigs, sizeof(*r->sigs))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	r->nsigs = env->nsigs;
	if (env->nsigs == 0)
		verify_add_check(r, "signatures", INK_ENO, "the envelope has no "
		    "signatures");
	for (size_t i = 0; i < env->nsigs; i++) {
		char name[32];
		r->sigs[i].keyid = env->sigs[i].keyid ?
		    strdup(env->sigs[i].keyid) : NULL;
		r->sigs[i].key = dsse_sig_check(env, i, o->keys, o->nkeys);
		snprintf(name, sizeof(name), "signature %zu", i + 1);
		if (r->sigs[i].key >= 0) {
			good++;
			verify_add_check(r, name, 0, "valid, key %.16s",
			    o->keys[r->sigs[i].key]->keyid);
		} else {
			verify_add_check(r, name, INK_ENO, "not verified by any "
			    "given key (keyid %.16s)", env->sigs[i].keyid ?
			    env->sigs[i].keyid : "none");
		}
	}
	/* Every key the caller named must have signed. */
	for (size_t k = 0; k < o->nkeys; k++) {
		size_t i;
		for (i = 0; i < r->nsigs; i++)
			if (r->sigs[i].key == (int)k)
				break;
		if (i == r->nsigs)
			verify_add_check(r, "key", INK_ENO, "key %.16s did not sign "
			    "this envelope", o->keys[k]->keyid);
	}
	/* A signature not verified by any given key is reported above but is
	 * not itself a failure when every given key and declared role holds:
	 * drop its failure from the verdict. */
	if (good > 0) {
		int worst = 0;
		for (size_t c = 0; c < r->nchecks; c++)
			if (strncmp(r->checks[c].name, "signature ", 10) != 0 &&
			    ink_error_rank(r->checks[c].code) > ink_error_rank(worst))
				worst = r->checks[c].code;
		r->code = worst;
	}
	if (good == 0) {
		if (env->nsigs > 0)
			verify_add_check(r, "verdict", INK_ENO, "no signature "
			    "verifies: the payload was not read");
		return 0;
	}
	/* Only verified bytes are parsed. */
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		if (o->ndisclosures > 0)
			verify_add_check(r, "disclosure", INK_ENO, "a payload of "
			    "type '%s' binds no disclosures", env->payload_type);
		if (o->nartifacts > 0)
			verify_add_check(r, "artifact", INK_ENO, "a payload of "
			    "type '%s' names no subjects to match an artifact "
			    "against", env->payload_type);
		return 0;
	}
	struct problems probs = PROBLEMS_INIT;
	if (statement_parse(&st, env->payload, env->payload_len, &probs) != 0) {
		for (size_t i = 0; i < probs.n; i++)
			verify_add_check(r, "statement", probs.code, "%s",
			    probs.v[i]);
		problems_release(&probs);
		return 0;
	}
	problems_release(&probs);
	r->predicate_type = strdup(st.predicate_type);
	check_signers(r, &st, o);
	if ((kind = kind_find(st.predicate_type)) != NULL) {
		struct problems rules = PROBLEMS_INIT;
		kind->check(st.root, o->catalogs, &rules);
		for (size_t i = 0; i < rules.n; i++)
			verify_add_check(r, "rules", rules.code, "%s", rules.v[i]);
		if (rules.n == 0)
			verify_add_check(r, "rules", 0, "meets the rules of %s",
			    st.predicate_type);
		problems_release(&rules);
	}
	if (statement_validity(&st, &nb, &na) == 0) {
		char a[TIME_LEN], b[TIME_LEN], t[TIME_LEN];
		time_format(a, nb);
		time_format(b, na);
		time_format(t, o->at);
		if (o->at < nb)
			verify_add_check(r, "validity", INK_EVALIDITY, "not valid "
			    "before %s (checked at %s)", a, t);
		else if (o->at >= na)
			verify_add_check(r, "validity", INK_EVALIDITY, "expired "
			    "at %s (checked at %s)", b, t);
		else
			verify_add_check(r, "validity", 0, "valid from %s until "
			    "%s", a, b);
	}
	check_artifacts(r, &st, o);
	check_disclosures(r, &st, o);
	r->statement = st.root;
	st.root = NULL;
	statement_release(&st);
	return 0;
}

static const char *
code_word(int code)
{
	switch (code) {
	case 0: return "ok";
	case INK_ENO: return "fail";
	case INK_EINPUT: return "error";
	case INK_EVALIDITY: return "outside-validity";
	case INK_EREVOKED: return "revoked";
	case INK_ELOG: return "transparency";
	case INK_EROOT: return "root";
	default: return "fail";
	}
}

/* What the record is about, for programs: scheme, level, organisation,
 * service and validity, as the Statement says (names as {ja,en} or a
 * string, as written). */
static void
record_json(cJSON *o, const cJSON *st)
{
	const cJSON *p = json_get(st, "predicate"), *v;
	const char *keys[] = { "scheme", "level", NULL };
	cJSON *x;

	if (!cJSON_IsObject(p))
		return;
	x = cJSON_AddObjectToObject(o, "record");
	for (size_t i = 0; keys[i]; i++)
		if ((v = json_get(p, keys[i])) != NULL)
			cJSON_AddItemToObject(x, keys[i], cJSON_Duplicate(v, 1));
	if ((v = json_get(p, "organisation")) != NULL)
		cJSON_AddItemToObject(x, "organisation", cJSON_Duplicate(v, 1));
	if ((v = json_get(p, "service")) != NULL) {
		cJSON *s = cJSON_AddObjectToObject(x, "service");
		if (json_get(v, "id"))
			cJSON_AddItemToObject(s, "id",
			    cJSON_Duplicate(json_get(v, "id"), 1));
		if (json_get(v, "name"))
			cJSON_AddItemToObject(s, "name",
			    cJSON_Duplicate(json_get(v, "name"), 1));
	}
	v = json_get(p, "validity");
	if (json_get_str(v, "not_before"))
		cJSON_AddStringToObject(x, "valid_from",
		    json_get_str(v, "not_before"));
	if (json_get_str(v, "not_after"))
		cJSON_AddStringToObject(x, "valid_until",
		    json_get_str(v, "not_after"));
}

cJSON *
verify_result_json(const struct verify_result *r, const char *path)
{
	cJSON *o = cJSON_CreateObject(), *a, *x;

	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "file", path);
	cJSON_AddBoolToObject(o, "valid", r->code == 0);
	cJSON_AddNumberToObject(o, "exit_code", ink_exit_code(r->code));
	cJSON_AddStringToObject(o, "result", code_word(r->code));
	if (r->record_id[0])
		cJSON_AddStringToObject(o, "record_id", r->record_id);
	if (r->payload_type)
		cJSON_AddStringToObject(o, "payloadType", r->payload_type);
	if (r->predicate_type)
		cJSON_AddStringToObject(o, "predicateType", r->predicate_type);
	a = cJSON_AddArrayToObject(o, "signatures");
	for (size_t i = 0; i < r->nsigs; i++) {
		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "index", (double)(i + 1));
		if (r->sigs[i].keyid)
			cJSON_AddStringToObject(x, "keyid", r->sigs[i].keyid);
		cJSON_AddBoolToObject(x, "verified", r->sigs[i].key >= 0);
		if (r->sigs[i].role)
			cJSON_AddStringToObject(x, "role", r->sigs[i].role);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < r->nchecks; i++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "check", r->checks[i].name);
		cJSON_AddStringToObject(x, "result",
		    code_word(r->checks[i].code));
		cJSON_AddStringToObject(x, "detail", r->checks[i].detail);
		cJSON_AddItemToArray(a, x);
	}
	if (r->disclosed)
		cJSON_AddItemToObject(o, "disclosed",
		    cJSON_Duplicate(r->disclosed, 1));
	if (r->state) {
		char ts[TIME_LEN];
		x = cJSON_AddObjectToObject(o, "status");
		cJSON_AddStringToObject(x, "state", r->state);
		if (r->state_since) {
			time_format(ts, r->state_since);
			cJSON_AddStringToObject(x, "since", ts);
		}
		if (r->state_code[0])
			cJSON_AddStringToObject(x, "reason_code", r->state_code);
		/* the label the scheme data gives the code, both languages */
		if (r->state_code[0] && reason_label(r->state_code, 1)) {
			cJSON *l = cJSON_AddObjectToObject(x, "reason_label");
			cJSON_AddStringToObject(l, "ja",
			    reason_label(r->state_code, 1));
			cJSON_AddStringToObject(l, "en",
			    reason_label(r->state_code, 0));
		}
		if (r->state_why)
			cJSON_AddStringToObject(x, "reason", r->state_why);
		/* Corrective demands open: their deadlines and whether each
		 * has passed (seed 003: 是正処置の要求; FORMAT.md 8.3). */
		if (r->ndemands) {
			cJSON *da = cJSON_AddArrayToObject(x,
			    "corrective_demands");
			for (size_t i = 0; i < r->ndemands; i++) {
				cJSON *d = cJSON_CreateObject();
				cJSON_AddStringToObject(d, "record",
				    r->demands[i].id);
				time_format(ts, r->demands[i].deadline);
				cJSON_AddStringToObject(d, "deadline", ts);
				cJSON_AddBoolToObject(d, "overdue",
				    r->demands[i].deadline <= r->state_at);
				cJSON_AddItemToArray(da, d);
			}
		}
	}
	record_json(o, r->statement);
	return o;
}
