/*
 * Drafts to payloads, and signatures in declared roles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/digest.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/kind.h"
#include "sign/sign.h"

/* Fills digest.sha256 from "file" and drops "file" from the subject. */
static void
hash_subject_files(cJSON *subjects, const char *base_dir,
    struct problems *p)
{
	cJSON *s;
	size_t i = 0;

	if (!cJSON_IsArray(subjects))
		return;
	for (s = subjects->child; s; s = s->next, i++) {
		cJSON *f = cJSON_GetObjectItemCaseSensitive(s, "file");
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEX], *path;
		cJSON *dig;
		size_t n;

		if (f == NULL)
			continue;
		if (!cJSON_IsString(f)) {
			problems_add(p, INK_ENO, "subject[%zu].file must be a "
			    "path", i);
			continue;
		}
		n = strlen(base_dir) + strlen(f->valuestring) + 2;
		if ((path = malloc(n)) == NULL) {
			problems_add(p, INK_EINPUT, "out of memory");
			return;
		}
		if (f->valuestring[0] == '/')
			snprintf(path, n, "%s", f->valuestring);
		else
			snprintf(path, n, "%s/%s", base_dir, f->valuestring);
		if (sha256_file(d, path) != 0) {
			problems_add(p, INK_EINPUT, "subject[%zu]: %s", i,
			    ink_error_last());
			free(path);
			continue;
		}
		free(path);
		hex_encode(hex, d, SHA256_LEN);
		cJSON_DeleteItemFromObjectCaseSensitive(s, "digest");
		dig = cJSON_AddObjectToObject(s, "digest");
		cJSON_AddStringToObject(dig, "sha256", hex);
		cJSON_DeleteItemFromObjectCaseSensitive(s, "file");
	}
}

int
sign_draft_payload(struct buf *payload, cJSON **disclosures, char *text,
    size_t len, const char *what, const char *base_dir, int64_t now,
    struct problems *probs)
{
	cJSON *draft = NULL;
	int rc;

	*disclosures = NULL;
	buf_init(payload, INK_MAX_PAYLOAD);
	json_strip_comments(text, len);
	if ((rc = json_parse(&draft, text, len, what)) != 0) {
		problems_add(probs, INK_EINPUT, "%s", ink_error_last());
		return rc;
	}
	return sign_draft_tree(payload, disclosures, draft, what, base_dir, now,
	    probs, NULL);
}

int
sign_draft_tree(struct buf *payload, cJSON **disclosures, cJSON *draft,
    const char *what, const char *base_dir, int64_t now,
    struct problems *probs, cJSON **statement)
{
	struct kind_ctx ctx = { now, base_dir, NULL };
	const struct record_kind *kind;
	cJSON *st = draft, *pred;
	const char *pt;
	int rc = 0;

	*disclosures = NULL;
	if (statement)
		*statement = NULL;
	buf_init(payload, INK_MAX_PAYLOAD);
	if (!cJSON_IsObject(draft)) {
		problems_add(probs, INK_EINPUT, "%s: a draft is a JSON object",
		    what);
		rc = INK_EINPUT;
		goto cleanup;
	}
	/* The draft is a Statement without _type; "_type" may be present.
	 * The draft's tree becomes the Statement's (nobody else holds it). */
	cJSON_DeleteItemFromObjectCaseSensitive(st, "_type");
	cJSON_AddStringToObject(st, "_type", STATEMENT_TYPE);
	for (cJSON *c = st->child; c; c = c->next)
		if (strcmp(c->string, "_type") && strcmp(c->string, "subject") &&
		    strcmp(c->string, "predicateType") &&
		    strcmp(c->string, "predicate"))
			problems_add(probs, INK_ENO, "unknown top-level field "
			    "'%s' (a draft has subject, predicateType and "
			    "predicate)", c->string);
	hash_subject_files(cJSON_GetObjectItemCaseSensitive(st, "subject"),
	    base_dir, probs);
	pt = json_get_str(st, "predicateType");
	pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	/* inkan's own records say when they were sealed (informational). */
	if (pt && strncmp(pt, "urn:inkan:", 10) == 0 && cJSON_IsObject(pred) &&
	    !json_get(pred, "signed_at")) {
		char t[TIME_LEN];
		time_format(t, now);
		cJSON_AddStringToObject(pred, "signed_at", t);
	}
	statement_check(st, probs);
	/* The kind's rules run even when the Statement has problems, so that
	 * one run lists every problem; a kind seals nothing then. */
	if (pt && (kind = kind_find(pt)) != NULL && cJSON_IsObject(pred))
		kind->prepare(st, &ctx, probs);
	if (probs->n > 0) {
		rc = probs->code ? probs->code : INK_ENO;
		goto cleanup;
	}
	if ((rc = json_canon(payload, st)) != 0)
		problems_add(probs, INK_ENO, "%s", ink_error_last());
cleanup:
	if (rc == 0 && statement)
		*statement = st;
	else
		cJSON_Delete(st);
	if (rc != 0) {
		buf_release(payload);
		cJSON_Delete(ctx.disclosures);
	} else {
		*disclosures = ctx.disclosures;
	}
	return rc;
}

int
sign_bundle_write(struct buf *out, const char *record_id,
    const cJSON *disclosures)
{
	cJSON *b = cJSON_CreateObject();
	int rc;

	if (b == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_AddStringToObject(b, "format", DISCLOSURE_BUNDLE_FORMAT);
	cJSON_AddStringToObject(b, "record_id", record_id);
	cJSON_AddItemToObject(b, "disclosures", cJSON_Duplicate(disclosures, 1));
	rc = json_pretty(out, b);
	if (rc == 0)
		rc = buf_addc(out, '\n');
	cJSON_Delete(b);
	return rc;
}

int
signer_init(struct signer *s, EVP_PKEY *pkey)
{
	s->pkey = pkey;
	return pubkey_from_evp(&s->pub, pkey);
}

void
signer_release(struct signer *s)
{
	pubkey_free(s->pub);
	s->pub = NULL;
	s->pkey = NULL;
}

int
sign_envelope(struct dsse_envelope *env, EVP_PKEY *pkey, const char *role,
    const char **role_out)
{
	struct signer s = { NULL, NULL };
	int rc;

	*role_out = NULL;
	if ((rc = signer_init(&s, pkey)) != 0)
		return rc;
	rc = sign_envelope_key(env, &s, role, role_out, NULL);
	signer_release(&s);
	return rc;
}

/* What statement_parse() checks of a payload, for a payload made from
 * tree by the canonical writer: the strict scan of its text, duplicate
 * keys and the Statement's shape, with the same messages. */
static int
statement_tree_check(struct statement *out, const struct dsse_envelope *env,
    const cJSON *tree)
{
	struct problems p = PROBLEMS_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = json_scan((const char *)env->payload, env->payload_len,
	    "payload")) != 0 || (rc = json_check_dups(tree, "payload")) != 0)
		return rc;
	statement_check(tree, &p);
	if (p.n > 0 || p.code)
		rc = ink_error(INK_ENO, "payload: %s", p.n > 0 ? p.v[0] :
		    "not a valid Statement");
	problems_release(&p);
	if (rc != 0)
		return rc;
	out->root = (cJSON *)tree;
	out->predicate_type = json_get_str(tree, "predicateType");
	out->subjects = json_get(tree, "subject");
	out->predicate = json_get(tree, "predicate");
	return 0;
}

int
sign_envelope_key(struct dsse_envelope *env, const struct signer *s,
    const char *role, const char **role_out, const cJSON *statement)
{
	struct statement st = STATEMENT_INIT;
	const char *keyid = s->pub->keyid;
	const cJSON *decl;
	int rc;

	*role_out = NULL;
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		if (role)
			return ink_error(INK_EINPUT, "a raw payload of type '%s' "
			    "declares no signers: --role does not apply",
			    env->payload_type);
		return dsse_envelope_sign_pub(env, s->pkey, s->pub);
	}
	if (statement)
		rc = statement_tree_check(&st, env, statement);
	else
		rc = statement_parse(&st, env->payload, env->payload_len, NULL);
	if (rc != 0)
		return rc;
	if (json_get(st.predicate, "signers") == NULL) {
		if (role) {
			rc = ink_error(INK_EINPUT, "the record declares no "
			    "signers: --role does not apply");
			goto cleanup;
		}
		rc = dsse_envelope_sign_pub(env, s->pkey, s->pub);
		goto cleanup;
	}
	decl = role ? statement_signer_by_role(&st, role) :
	    statement_signer_by_keyid(&st, keyid);
	if (decl == NULL) {
		rc = role ? ink_error(INK_ENO, "the record declares no '%s' "
		    "signer", role) : ink_error(INK_ENO, "key %.16s is not one "
		    "of the record's declared signers", keyid);
		goto cleanup;
	}
	if (strcmp(json_get_str(decl, "keyid"), keyid) != 0) {
		rc = ink_error(INK_ENO, "key %.16s is not the declared '%s' "
		    "(the record names key %.16s)", keyid,
		    json_get_str(decl, "role"), json_get_str(decl, "keyid"));
		goto cleanup;
	}
	for (size_t i = 0; record_roles[i]; i++)
		if (strcmp(record_roles[i], json_get_str(decl, "role")) == 0)
			*role_out = record_roles[i];
	rc = dsse_envelope_sign_pub(env, s->pkey, s->pub);
cleanup:
	if (statement == NULL)
		statement_release(&st);
	return rc;
}
