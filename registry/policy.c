/*
 * Adding to the registry (records, accreditations and status records the
 * operator signs) and verifying one envelope against it: the front doors
 * over the rules (rules.c) and the status (status.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/note.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "registry/internal.h"

static const char *const *const actions = status_actions;

/* --- adding ---------------------------------------------------------- */

static int
stage_record(struct reg *g, const char *id, const char *kind,
    const struct statement *st, const void *data, size_t len, int64_t t)
{
	char path[128];
	const char *s;
	int rc;

	reg_record_path(path, kind, id);
	/* The leaf first: a leaf refused (its time, a full log) leaves no
	 * file staged without one. */
	if ((rc = reg_leaf_append(g, id, t)) != 0 ||
	    (rc = reg_file_put(g, path, data, len)) != 0)
		return rc;
	/* A copy of the catalogue it names, for everyone who checks it. */
	{
		const char *cid, *cver;
		struct problems pp = PROBLEMS_INIT;
		reg_record_catalog(st, &cid, &cver);
		if (cid && (rc = reg_catalog_pin(g, cid, cver, &pp)) != 0) {
			rc = ink_error(rc, "%s", pp.n ? pp.v[0] : "cannot pin "
			    "the catalogue");
			problems_release(&pp);
			return rc;
		}
		problems_release(&pp);
	}
	/* The indexes that make one lookup cheap: links from a record to
	 * what changed its status, and from a key to its accreditations. */
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 &&
	    (s = json_get_str(st->predicate, "target")) != NULL) {
		reg_links_path(path, s);
		rc = reg_file_append_line(g, path, id);
	}
	if (rc == 0 && (s = json_get_str(st->predicate, "supersedes")) != NULL) {
		reg_links_path(path, s);
		rc = reg_file_append_line(g, path, id);
	}
	if (rc == 0 && strcmp(st->predicate_type, SIGNER_TYPE) == 0 &&
	    (s = json_get_str(json_get(st->predicate, "key"), "keyid")) != NULL) {
		snprintf(path, sizeof(path), "signers/%s", s);
		rc = reg_file_append_line(g, path, id);
	}
	if (rc == 0 && strcmp(st->predicate_type, AUDIT_TYPE) == 0) {
		char sp[160];
		reg_services_path(sp, json_get_str(json_get(st->predicate,
		    "organisation"), "corporate_number"), json_get_str(
		    json_get(st->predicate, "service"), "id"));
		if (*sp)
			rc = reg_file_append_line(g, sp, id);
	}
	return rc;
}

int
reg_add(struct reg *g, const struct dsse_envelope *env, char result[64],
    char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct statement st = STATEMENT_INIT;
	struct buf out = BUF_INIT(INK_MAX_ENVELOPE);
	struct reg_entry e;
	const char *kind;
	int64_t now;
	int rc;

	snprintf(result, 64, "refused");
	if ((rc = reg_now(g, &now)) != 0)
		return rc;
	record_id(id_out, env->payload, env->payload_len);
	/* (a reader's handle checks records too: its leaves first) */
	if ((rc = reg_full(g)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	if (g->nleaves > 0 && now < g->leaves[g->nleaves - 1].time) {
		char a[TIME_LEN], b[TIME_LEN];
		time_format(a, now);
		time_format(b, g->leaves[g->nleaves - 1].time);
		problems_add(p, INK_ELOG, "the time now (%s) is before the log's "
		    "last integrated time (%s): the log's time never goes "
		    "backwards (is the clock right?)", a, b);
		return INK_ELOG;
	}
	if (now >= g->roots[g->nroots - 1].expires) {
		problems_add(p, INK_EROOT, "the registry's trust root (version "
		    "%d) has expired: rotate it first (registry rotate-root)",
		    g->roots[g->nroots - 1].version);
		return INK_EROOT;
	}
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		problems_add(p, INK_ENO, "payloadType '%s' is not an in-toto "
		    "Statement", env->payload_type);
		return INK_ENO;
	}
	if (statement_parse(&st, env->payload, env->payload_len, p) != 0)
		return p->code ? p->code : INK_ENO;
	if ((kind = reg_kind_dir(st.predicate_type)) == NULL) {
		problems_add(p, INK_ENO, "the registry does not take records of "
		    "type '%s'", st.predicate_type);
		rc = INK_ENO;
		goto cleanup;
	}
	if (reg_find(g, id_out, &e) == 0) {
		/* Same record: a further signature updates the envelope. */
		struct dsse_envelope old = DSSE_ENVELOPE_INIT;
		size_t added = 0;
		if ((rc = reg_load(g, &e, &old)) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			goto cleanup;
		}
		for (size_t i = 0; i < env->nsigs; i++) {
			int known = 0;
			for (size_t j = 0; j < old.nsigs && !known; j++)
				known = env->sigs[i].sig_len == old.sigs[j].sig_len &&
				    memcmp(env->sigs[i].sig, old.sigs[j].sig,
				    old.sigs[j].sig_len) == 0;
			if (!known)
				added++;
		}
		if (added == 0) {
			snprintf(result, 64, "already registered");
			dsse_envelope_release(&old);
			rc = 0;
			goto cleanup;
		}
		/* Keep every old signature; take the new ones that verify by
		 * the accredited key of a declared signer. */
		if ((rc = reg_check_record(g, env, &st, e.integrated, 0, p)) != 0) {
			dsse_envelope_release(&old);
			goto cleanup;
		}
		struct pubkey **keys = NULL;
		size_t nkeys = 0;
		if ((rc = reg_signer_keys(g, &st, e.integrated, &keys,
		    &nkeys)) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			dsse_envelope_release(&old);
			goto cleanup;
		}
		added = 0;
		for (size_t i = 0; i < env->nsigs; i++) {
			int known = 0;
			for (size_t j = 0; j < old.nsigs && !known; j++)
				known = env->sigs[i].sig_len == old.sigs[j].sig_len &&
				    memcmp(env->sigs[i].sig, old.sigs[j].sig,
				    old.sigs[j].sig_len) == 0;
			if (known || old.nsigs >= INK_MAX_SIGNATURES ||
			    dsse_sig_check(env, i, keys, nkeys) < 0)
				continue;
			struct dsse_sig *v = realloc(old.sigs,
			    (old.nsigs + 1) * sizeof(*v));
			if (v == NULL)
				break;
			old.sigs = v;
			v[old.nsigs].keyid = env->sigs[i].keyid ?
			    strdup(env->sigs[i].keyid) : NULL;
			v[old.nsigs].sig = malloc(env->sigs[i].sig_len);
			if (v[old.nsigs].sig)
				memcpy(v[old.nsigs].sig, env->sigs[i].sig,
				    env->sigs[i].sig_len);
			v[old.nsigs].sig_len = env->sigs[i].sig_len;
			old.nsigs++;
			added++;
		}
		for (size_t k = 0; k < nkeys; k++)
			pubkey_free(keys[k]);
		free(keys);
		if (added == 0) {
			snprintf(result, 64, "already registered");
			dsse_envelope_release(&old);
			rc = 0;
			goto cleanup;
		}
		rc = dsse_envelope_write(&out, &old);
		if (rc == 0)
			rc = reg_file_put(g, e.path, out.data, out.len);
		dsse_envelope_release(&old);
		if (rc == 0)
			snprintf(result, 64, "%zu signature%s added", added,
			    added == 1 ? "" : "s");
		goto cleanup;
	}
	ink_error_clear();
	if ((rc = reg_check_record(g, env, &st, now, 1, p)) != 0)
		goto cleanup;
	if ((rc = dsse_envelope_write(&out, env)) != 0 ||
	    (rc = stage_record(g, id_out, kind, &st, out.data, out.len,
	    now)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		goto cleanup;
	}
	snprintf(result, 64, "added");
cleanup:
	statement_release(&st);
	buf_release(&out);
	return rc;
}

static int
reg_sign_stage(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    cJSON *statement, char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD);
	struct statement st = STATEMENT_INIT;
	char result[64];
	int rc;

	if ((rc = json_canon(&payload, statement)) != 0 ||
	    (rc = dsse_envelope_set_payload(&env, DSSE_INTOTO_TYPE,
	    payload.data, payload.len)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		goto cleanup;
	}
	for (size_t i = 0; i < nops; i++)
		if ((rc = dsse_envelope_sign(&env, ops[i])) != 0) {
			problems_add(p, rc, "%s", ink_error_last());
			goto cleanup;
		}
	if (statement_parse(&st, payload.data, payload.len, p) != 0) {
		rc = INK_ENO;
		goto cleanup;
	}
	rc = reg_add(g, &env, result, id_out, p);
cleanup:
	statement_release(&st);
	dsse_envelope_release(&env);
	buf_release(&payload);
	return rc;
}

static cJSON *
statement_new(const char *type, const char *subject_name, const char *hex)
{
	cJSON *st = cJSON_CreateObject(), *subj, *s;

	cJSON_AddStringToObject(st, "_type", STATEMENT_TYPE);
	cJSON_AddStringToObject(st, "predicateType", type);
	subj = cJSON_AddArrayToObject(st, "subject");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", subject_name);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(s, "digest"), "sha256",
	    hex);
	cJSON_AddItemToArray(subj, s);
	return st;
}

int
reg_accredit(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const char *path, char id_out[RECORD_ID_LEN], struct problems *p)
{
	struct buf b, pem = BUF_INIT(4096);
	struct pubkey *key = NULL;
	cJSON *pred = NULL, *st = NULL, *k;
	const cJSON *r;
	char subj[80];
	int64_t from, until;
	int rc;

	if ((rc = file_read(&b, path, INK_MAX_DRAFT)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	json_strip_comments((char *)b.data, b.len);
	rc = json_parse(&pred, (const char *)b.data, b.len, path);
	buf_release(&b);
	if (rc != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return rc;
	}
	k = cJSON_GetObjectItemCaseSensitive(pred, "key");
	if (!cJSON_IsObject(pred) || !cJSON_IsObject(k)) {
		problems_add(p, INK_ENO, "an accreditation needs a 'key' object");
		rc = INK_ENO;
		goto cleanup;
	}
	/* The key as a file beside the JSON, or as PEM. */
	if (json_get_str(k, "public_key_file")) {
		char *dir = strdup(path), full[4096];
		const char *f = json_get_str(k, "public_key_file");
		char *slash = dir ? strrchr(dir, '/') : NULL;
		if (slash)
			*slash = '\0';
		snprintf(full, sizeof(full), "%s/%s", f[0] == '/' || !slash ? "." :
		    dir, f);
		if (f[0] == '/')
			snprintf(full, sizeof(full), "%s", f);
		rc = key_load_public(&key, full, NULL);
		free(dir);
	} else if (json_get_str(k, "public_key")) {
		const char *s = json_get_str(k, "public_key");
		rc = pubkey_from_pem(&key, s, strlen(s));
	} else {
		rc = ink_error(INK_ENO, "key needs public_key_file or public_key");
	}
	if (rc != 0) {
		problems_add(p, rc, "key: %s", ink_error_last());
		goto cleanup;
	}
	if ((rc = key_public_pem(&pem, key)) != 0)
		goto cleanup;
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "key");
	k = cJSON_AddObjectToObject(pred, "key");
	cJSON_AddStringToObject(k, "keyid", key->keyid);
	cJSON_AddStringToObject(k, "public_key", buf_str(&pem));
	if (!json_get_str(json_get(pred, "person"), "name"))
		problems_add(p, INK_ENO, "person.name is needed");
	if (!json_get_str(json_get(pred, "organisation"), "name"))
		problems_add(p, INK_ENO, "organisation.name is needed");
	if (!cJSON_IsArray(json_get(pred, "roles")) ||
	    json_get(pred, "roles")->child == NULL)
		problems_add(p, INK_ENO, "roles must list at least one role");
	cJSON_ArrayForEach(r, json_get(pred, "roles"))
		if (!cJSON_IsString(r) || !record_role_known(r->valuestring))
			problems_add(p, INK_ENO, "roles: '%s' is not auditor, "
			    "expert, management or operator",
			    cJSON_IsString(r) ? r->valuestring : "?");
	/* A management key signs for one organisation, named by its 法人番号
	 * (FORMAT.md 8.4): without one it could vouch for none. */
	cJSON_ArrayForEach(r, json_get(pred, "roles"))
		if (cJSON_IsString(r) && strcmp(r->valuestring,
		    "management") == 0 && !corporate_number_ok(json_get_str(
		    json_get(pred, "organisation"), "corporate_number")))
			problems_add(p, INK_ENO, "a management accreditation "
			    "needs organisation.corporate_number, the 13-digit "
			    "法人番号 of the organisation it signs for");
	if (!cJSON_IsArray(json_get(pred, "schemes")) ||
	    json_get(pred, "schemes")->child == NULL)
		problems_add(p, INK_ENO, "schemes must list at least one scheme "
		    "(or \"*\")");
	if (time_parse(&from, json_get_str(pred, "valid_from") ?
	    json_get_str(pred, "valid_from") : "") != 0 ||
	    time_parse(&until, json_get_str(pred, "valid_until") ?
	    json_get_str(pred, "valid_until") : "") != 0 || until <= from)
		problems_add(p, INK_ENO, "valid_from and valid_until must be UTC "
		    "times, valid_from first");
	if (p->n > 0) {
		rc = p->code;
		goto cleanup;
	}
	/* Which registry it is for: a record signed for another registry
	 * (a staging one, with the same operator key) is refused here. */
	cJSON_DeleteItemFromObjectCaseSensitive(pred, "registry");
	cJSON_AddStringToObject(pred, "registry", reg_name(g));
	/* When it was signed: accrediting the same person again (a renewal)
	 * is a new record, not a silent no-op. */
	if (!json_get(pred, "signed_at")) {
		char ts[TIME_LEN];
		time_format(ts, g->now);
		cJSON_AddStringToObject(pred, "signed_at", ts);
	}
	snprintf(subj, sizeof(subj), "key:%s", key->keyid);
	st = statement_new(SIGNER_TYPE, subj, key->keyid);
	cJSON_AddItemToObject(st, "predicate", pred);
	pred = NULL;
	rc = reg_sign_stage(g, ops, nops, st, id_out, p);
cleanup:
	cJSON_Delete(pred);
	cJSON_Delete(st);
	pubkey_free(key);
	buf_release(&pem);
	return rc;
}

/* A status record's reason is one of the scheme data's (catalogs/
 * reasons.json) and fits its action: a code is what the site shows as a
 * label in both languages, and a typo would show as no reason at all. */
static void
reason_check(const char *code, const char *action, struct problems *p)
{
	const cJSON *doc, *r, *x;
	char fit[512] = "";
	size_t n = 0;

	if (reasons_doc_get(&doc) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	cJSON_ArrayForEach(x, json_get(doc, "reasons"))
		if (reason_fits(x, action) && n + 70 < sizeof(fit))
			n += (size_t)snprintf(fit + n, sizeof(fit) - n, "%s%s",
			    n ? ", " : "", json_get_str(x, "code"));
	if ((r = reason_find(doc, code)) == NULL)
		problems_add(p, INK_ENO, "reason code '%s' is not one of the "
		    "scheme data's (reasons.json); for %s: %s", code, action,
		    *fit ? fit : "none");
	else if (!reason_fits(r, action))
		problems_add(p, INK_ENO, "reason code '%s' (%s) is not a reason "
		    "to %s; for %s: %s", code, json_get_str(json_get(r,
		    "label"), "en"), action, action, *fit ? fit : "none");
}

static void
renewal_check(struct reg *g, const struct reg_status_req *q,
    struct problems *p)
{
	struct statement st;
	struct reg_entry e;
	struct reg_status s;
	int64_t nb, na;
	char ts[TIME_LEN], buf[32];

	if (reg_statement_load(g, q->target, &st, &e) != 0) {
		problems_add(p, INK_ENO, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	if (!reg_scheme_flag(g, &st, "renewal_keeps_valid"))
		problems_add(p, INK_ENO, "scheme '%s' does not keep a "
		    "registration valid while its renewal is pending "
		    "(schemes.json renewal_keeps_valid)",
		    reg_record_scheme(&st, buf, sizeof(buf)) ?
		    reg_record_scheme(&st, buf, sizeof(buf)) : "(none)");
	else if (statement_validity(&st, &nb, &na) != 0 ||
	    q->effective_at >= na) {
		time_format(ts, q->effective_at);
		problems_add(p, INK_ENO, "a renewal is applied for while the "
		    "registration is valid: %s has ended by %s", q->target, ts);
	} else if (reg_status_at(g, q->target, q->effective_at, &s, 0) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
	} else if (s.state != REG_ACTIVE) {
		problems_add(p, INK_ENO, "a renewal keeps a registration in "
		    "force, and %s is %s (%s)", q->target,
		    reg_state_name(s.state), s.why);
	}
	statement_release(&st);
}

/* Supervision (FORMAT.md 8.3): a corrective demand has a deadline after
 * it takes effect and is made of a record in force, never more than
 * REG_MAX_OPEN_DEMANDS at once; a closure, and a revocation for a
 * correction not made, cite a demand of the same record open then (the
 * revocation only once its deadline has passed); a surveillance says its
 * result.  Seed 003: 「明確な虚偽・違反が確認された場合は是正処置を要求し、
 * 一定期間内に是正が図られなかった場合は認定の取消を可能とする」. */
static void
supervision_check(struct reg *g, const struct reg_status_req *q,
    struct problems *p)
{
	const char *a = q->action;
	int demand = strcmp(a, "corrective-demand") == 0;
	int closed = strcmp(a, "corrective-closed") == 0;
	int unmet = q->reason_code &&
	    strcmp(q->reason_code, "CORRECTIVE-ACTION-NOT-TAKEN") == 0;
	struct reg_status s;
	char ts[TIME_LEN], td[TIME_LEN];
	size_t i;

	if (demand != (q->deadline != 0))
		problems_add(p, INK_EINPUT, demand ? "a corrective demand needs "
		    "--deadline, the time by which the correction is due" :
		    "--deadline is for a corrective demand");
	if (strcmp(a, "surveillance") == 0 ? q->result == NULL ||
	    (strcmp(q->result, "no-findings") != 0 &&
	    strcmp(q->result, "findings") != 0) : q->result != NULL)
		problems_add(p, INK_EINPUT, strcmp(a, "surveillance") == 0 ?
		    "a surveillance needs --result no-findings or findings" :
		    "--result is for a surveillance");
	if ((closed || unmet) && q->cites == NULL)
		problems_add(p, INK_EINPUT, "%s cites the corrective demand it "
		    "follows: give --cites RECORD_ID", closed ? "a closure" :
		    "a revocation for a correction not made");
	if (q->cites && !closed && !unmet)
		problems_add(p, INK_EINPUT, "--cites is for a closure of a "
		    "corrective demand or a revocation for a correction not "
		    "made (CORRECTIVE-ACTION-NOT-TAKEN)");
	if (p->n)
		return;
	time_format(ts, q->effective_at);
	if (demand && q->deadline <= q->effective_at) {
		time_format(td, q->deadline);
		problems_add(p, INK_EINPUT, "the deadline %s is not after the "
		    "demand takes effect (%s)", td, ts);
		return;
	}
	if (!demand && !q->cites)
		return;
	if (reg_status_at(g, q->target, q->effective_at, &s, 0) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	if (demand) {
		if (s.state != REG_ACTIVE && s.state != REG_SUSPENDED)
			problems_add(p, INK_ENO, "a correction is demanded of a "
			    "registration in force, and %s is %s at %s (%s)",
			    q->target, reg_state_name(s.state), ts, s.why);
		else if (s.ndemands == REG_MAX_OPEN_DEMANDS)
			problems_add(p, INK_ENO, "%s has %d corrective demands "
			    "open: close one first", q->target,
			    REG_MAX_OPEN_DEMANDS);
		return;
	}
	for (i = 0; i < s.ndemands; i++)
		if (strcmp(s.demands[i].id, q->cites) == 0)
			break;
	if (i == s.ndemands) {
		problems_add(p, INK_ENO, "--cites %s is not a corrective demand "
		    "of %s open at %s", q->cites, q->target, ts);
		return;
	}
	if (unmet && s.demands[i].deadline > q->effective_at) {
		time_format(td, s.demands[i].deadline);
		problems_add(p, INK_ENO, "the corrective demand %s is due by %s: "
		    "a revocation for a correction not made takes effect "
		    "after its deadline, not at %s", q->cites, td, ts);
	}
}

/* A revocation for a lost prerequisite (seed 003 制度の有効期間: 「仮に更新
 * できなかつた場合は、原則、認定を取り消す」) is made of a certification
 * whose prerequisite is lost when it takes effect (8.5). */
static void
lapse_check(struct reg *g, const struct reg_status_req *q,
    struct problems *p)
{
	struct reg_status s;
	char ts[TIME_LEN];

	if (reg_status_at(g, q->target, q->effective_at, &s, 0) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	time_format(ts, q->effective_at);
	if (s.state != REG_DELISTED || strcmp(s.code,
	    "PREREQUISITE-LAPSED") != 0)
		problems_add(p, INK_ENO, "PREREQUISITE-LAPSED is for a "
		    "certification whose prerequisite is lost, and every "
		    "prerequisite of %s holds at %s (%s)", q->target, ts,
		    reg_state_name(s.state));
}

/* A change notification (変更届 / 内容変更申請, seed 003: 「新規申請・内容
 *変更申請・認定延長申請の受付」) corrects a field the public reads: the
 * name of the service, the regions it keeps data in, or the service
 * summary (サービス概要) a programme's list shows, where the record gives
 * one (FORMAT.md 8.3); a text of at most REG_MAX_CORRECTION bytes.  (A
 * provider's new name is not one: its management's accreditation vouches
 * for its name.) */
const char *const reg_correctable[] = { "service.name.ja",
	"service.name.en", "service.regions", "service_summary.ja",
	"service_summary.en", NULL };

static void
correction_check(struct reg *g, const struct reg_status_req *q,
    const char *kind, struct problems *p)
{
	struct statement st;
	struct reg_entry e;
	size_t i;

	for (i = 0; reg_correctable[i]; i++)
		if (strcmp(reg_correctable[i], q->field) == 0)
			break;
	if (!reg_correctable[i])
		problems_add(p, INK_EINPUT, "--field '%s' is not a field a "
		    "correction changes: service.name.ja, service.name.en, "
		    "service.regions, service_summary.ja or service_summary.en",
		    q->field);
	else if (strcmp(kind, "audit-report") != 0)
		problems_add(p, INK_ENO, "--field '%s': a %s record names no "
		    "service", q->field, *kind ? kind : "missing");
	else if (strncmp(q->field, "service_summary.", 16) == 0 &&
	    reg_statement_keep(g, q->target, &st, &e) == 0) {
		if (json_get(json_get(st.predicate, "public_disclosures"),
		    "service-summary") == NULL)
			problems_add(p, INK_ENO, "--field '%s': %s gives no "
			    "service summary (a programme's list shows one)",
			    q->field, q->target);
		statement_release(&st);
	}
	if (strlen(q->value) == 0 || strlen(q->value) > REG_MAX_CORRECTION)
		problems_add(p, INK_EINPUT, "--value must be 1 to %d bytes",
		    REG_MAX_CORRECTION);
}

/* Who signs a withdrawal: the operator, or (none of the keys an
 * operator key of the current root) the record's own signer whose key it
 * is (FORMAT.md 8.3) -- the role, into role; "" for the operator. */
static void
withdrawer(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const char *target, char role[32], struct problems *p)
{
	const struct reg_root *r = &g->roots[g->nroots - 1];
	struct statement t;
	struct reg_entry e;
	const cJSON *sg;
	char kid[KEYID_HEX];

	role[0] = '\0';
	for (size_t i = 0; i < nops; i++) {
		if (ed25519_keyid(kid, ops[i]) != 0)
			continue;
		for (size_t k = 0; k < r->nops; k++)
			if (strcmp(r->ops[k]->keyid, kid) == 0)
				return;
	}
	if (reg_statement_load(g, target, &t, &e) != 0) {
		problems_add(p, INK_ENO, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	for (size_t i = 0; i < nops && !role[0]; i++) {
		if (ed25519_keyid(kid, ops[i]) != 0)
			continue;
		cJSON_ArrayForEach(sg, json_get(t.predicate, "signers"))
			if (json_get_str(sg, "keyid") && json_get_str(sg, "role") &&
			    strcmp(json_get_str(sg, "keyid"), kid) == 0) {
				snprintf(role, 32, "%s", json_get_str(sg, "role"));
				break;
			}
	}
	if (!role[0])
		problems_add(p, INK_ENO, "a withdrawal is signed by an operator "
		    "key or by one of the record's own signers, and the key "
		    "given is neither");
	statement_release(&t);
}

int
reg_status_add(struct reg *g, EVP_PKEY *const *ops, size_t nops,
    const struct reg_status_req *q, char id_out[RECORD_ID_LEN],
    struct problems *p)
{
	struct reg_entry e;
	cJSON *st, *pred;
	char subj[RECORD_ID_LEN + 16], ts[TIME_LEN], by_role[32] = "";
	size_t i;
	int rc, found = 0;

	for (i = 0; actions[i]; i++)
		if (strcmp(actions[i], q->action) == 0)
			break;
	if (!actions[i])
		problems_add(p, INK_EINPUT, "action '%s' is not one of revoke, "
		    "suspend, reinstate, withdraw, supersede, correct, delist, "
		    "renewal-pending, corrective-demand, corrective-closed, "
		    "surveillance", q->action);
	if (reg_find(g, q->target, &e) != 0) {
		problems_add(p, INK_ENO, "%s", ink_error_last());
		ink_error_clear();
	} else if ((found = 1) && (strcmp(e.kind, "status") == 0 ||
	    strcmp(e.kind, "root") == 0))
		problems_add(p, INK_ENO, "a %s record has no status of its own",
		    e.kind);
	if (q->reason_code == NULL || !*q->reason_code)
		problems_add(p, INK_EINPUT, "a reason code is needed");
	else
		reason_check(q->reason_code, q->action, p);
	if (strcmp(q->action, "supersede") == 0 && q->superseded_by == NULL)
		problems_add(p, INK_EINPUT, "supersede needs --by RECORD_ID");
	if (q->superseded_by) {
		struct reg_entry be;
		struct statement bs;
		char why[400];
		if (reg_find(g, q->superseded_by, &be) != 0) {
			problems_add(p, INK_ENO, "--by %s: not in the registry",
			    q->superseded_by);
			ink_error_clear();
		} else if (reg_statement_load(g, q->superseded_by, &bs, &be) != 0) {
			problems_add(p, INK_ENO, "--by %s: %s", q->superseded_by,
			    ink_error_last());
			ink_error_clear();
		} else {
			/* Supersession is the subject's own: the record that
			 * replaces the target is of the same organisation,
			 * service and scheme family. */
			if (!reg_same_subject(g, &bs, q->target, why, sizeof(why)))
				problems_add(p, INK_ENO, "--by %s may not supersede "
				    "%s", q->superseded_by, why);
			statement_release(&bs);
		}
	}
	if (strcmp(q->action, "correct") == 0 && (!q->field || !q->value))
		problems_add(p, INK_EINPUT, "correct needs --field and --value");
	else if (strcmp(q->action, "correct") == 0)
		correction_check(g, q, found ? e.kind : "", p);
	/* reinstate lifts a suspension or a delisting, never a revocation
	 * (readers never let it, 8.5): one that would come after a
	 * revocation is refused rather than written to mislead. */
	if (p->n == 0 && strcmp(q->action, "reinstate") == 0) {
		struct reg_status s;
		if (reg_status_at(g, q->target, q->effective_at, &s, 0) != 0) {
			problems_add(p, INK_ELOG, "%s", ink_error_last());
			ink_error_clear();
		} else if (s.state == REG_REVOKED) {
			time_format(ts, q->effective_at);
			problems_add(p, INK_ENO, "reinstate lifts a suspension or a "
			    "delisting, never a revocation: %s is revoked at %s "
			    "(%s)", q->target, ts, s.why);
		}
	}
	/* A renewal applied for keeps a registration valid past its end
	 * only where the scheme says so, and only when applied for while it
	 * was valid and in force (8.5). */
	if (p->n == 0 && strcmp(q->action, "renewal-pending") == 0)
		renewal_check(g, q, p);
	if (p->n == 0)
		supervision_check(g, q, p);
	if (p->n == 0 && q->reason_code &&
	    strcmp(q->reason_code, "PREREQUISITE-LAPSED") == 0)
		lapse_check(g, q, p);
	if (p->n == 0 && strcmp(q->action, "withdraw") == 0)
		withdrawer(g, ops, nops, q->target, by_role, p);
	if (p->n)
		return p->code;
	snprintf(subj, sizeof(subj), "record:%s", q->target);
	st = statement_new(STATUS_TYPE, subj, q->target + 7);
	pred = cJSON_AddObjectToObject(st, "predicate");
	cJSON_AddStringToObject(pred, "registry", reg_name(g));
	cJSON_AddStringToObject(pred, "target", q->target);
	cJSON_AddStringToObject(pred, "target_kind", e.kind);
	cJSON_AddStringToObject(pred, "action", q->action);
	cJSON_AddStringToObject(pred, "reason_code", q->reason_code);
	if (q->reason)
		cJSON_AddStringToObject(pred, "reason", q->reason);
	time_format(ts, q->effective_at);
	cJSON_AddStringToObject(pred, "effective_at", ts);
	time_format(ts, g->now);
	cJSON_AddStringToObject(pred, "signed_at", ts);
	if (q->superseded_by)
		cJSON_AddStringToObject(pred, "superseded_by", q->superseded_by);
	if (by_role[0])
		cJSON_AddStringToObject(pred, "withdrawn_by", by_role);
	if (q->cites)
		cJSON_AddStringToObject(pred, "cites", q->cites);
	if (q->deadline) {
		time_format(ts, q->deadline);
		cJSON_AddStringToObject(pred, "deadline", ts);
	}
	if (q->result)
		cJSON_AddStringToObject(pred, "result", q->result);
	if (q->field) {
		cJSON *c = cJSON_AddObjectToObject(pred, "correction");
		cJSON_AddStringToObject(c, "field", q->field);
		cJSON_AddStringToObject(c, "value", q->value);
	}
	rc = reg_sign_stage(g, ops, nops, st, id_out, p);
	cJSON_Delete(st);
	return rc;
}

/* --- verifying one envelope ----------------------------------------- */

/* Every file under records/ and root/ must be a leaf and every leaf a
 * file: nothing deleted while its leaf stays in the signed log. */
static void
check_files(struct reg *g, struct problems *p)
{
	size_t files;

	/* A lazy reader reads a commit the log key signed: the writer that
	 * made it checked this count before adding anything (reg_open). */
	if (g->lazy)
		return;
	/* HEAD does not change under a reader: count once per open, not
	 * once per envelope of a batch. */
	if (g->nfiles_committed == 0)
		g->nfiles_committed = reg_count_files(g) + 1;
	files = g->nfiles_committed - 1;

	if (files + g->nroots == g->committed)
		return;
	if (reg_root_rolled_back(g))
		problems_add(p, INK_EROOT, "trust root version %zu was removed: "
		    "the root was rolled back", g->nroots + 1);
	else
		problems_add(p, INK_ELOG, "the registry holds %zu record and root "
		    "files for %zu leaves of its signed log: a record was "
		    "removed", files + g->nroots, g->committed);
}

int
reg_signer_keys(struct reg *g, const struct statement *st, int64_t t,
    struct pubkey ***out, size_t *n)
{
	const cJSON *signers = json_get(st->predicate, "signers"), *s;
	struct pubkey **v = NULL;
	size_t count = 0, cap;

	*out = NULL;
	*n = 0;
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 ||
	    strcmp(st->predicate_type, SIGNER_TYPE) == 0 ||
	    strcmp(st->predicate_type, ROOT_TYPE) == 0) {
		/* Candidates only: which root's keys count is decided by
		 * reg_operator_check from the record's place in the log. */
		size_t total = 0;
		for (size_t k = 0; k < g->nroots; k++)
			total += g->roots[k].nops;
		if ((v = calloc(total + 1, sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		for (size_t k = 0; k < g->nroots; k++)
			for (size_t i = 0; i < g->roots[k].nops; i++)
				if (pubkey_from_raw(&v[count],
				    g->roots[k].ops[i]->raw) == 0)
					count++;
		*out = v;
		*n = count;
		return 0;
	}
	cap = (size_t)cJSON_GetArraySize(signers) + 1;
	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(s, signers) {
		const char *keyid = json_get_str(s, "keyid");
		const char *role = json_get_str(s, "role");
		char why[300], sbuf[32];
		if (!keyid || !role || count + 1 >= cap)
			continue;
		if (reg_accredited_key(g, keyid, role, reg_record_scheme(st, sbuf,
		    sizeof(sbuf)), st, t, &v[count], why, sizeof(why)) == 0)
			count++;
		ink_error_clear();
	}
	*out = v;
	*n = count;
	return 0;
}

/* Every public key the registry names: the operator keys of every root
 * and the key of every accreditation listed under signers/.  No policy
 * is applied: these are only candidates for verifying signatures ahead
 * (see pubkey_memo_begin); which of them count is decided afterwards by
 * the rules, record by record. */
int
reg_candidate_keys(struct reg *g, struct pubkey ***out, size_t *n)
{
	struct pubkey **v = NULL;
	size_t count = 0, cap = 0;
	char **keyids = NULL;
	size_t nkeyids = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (size_t k = 0; k < g->nroots; k++)
		cap += g->roots[k].nops;
	if (repo_list(&keyids, &nkeyids, g->repo, "signers") != 0) {
		ink_error_clear();
		keyids = NULL;
		nkeyids = 0;
	}
	cap += nkeyids * 2 + 1;
	if ((v = calloc(cap, sizeof(*v))) == NULL) {
		repo_list_free(keyids, nkeyids);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (size_t k = 0; k < g->nroots; k++)
		for (size_t i = 0; i < g->roots[k].nops && count < cap; i++)
			if (pubkey_from_raw(&v[count], g->roots[k].ops[i]->raw)
			    == 0)
				count++;
	for (size_t i = 0; i < nkeyids; i++) {
		char path[128], **ids = NULL;
		size_t nids = 0;
		snprintf(path, sizeof(path), "signers/%s", keyids[i]);
		if (reg_ids_read(g, path, &ids, &nids) != 0) {
			ink_error_clear();
			continue;
		}
		/* Each accreditation of a key names the same key; the first
		 * that parses is enough. */
		for (size_t j = 0; j < nids && count < cap; j++) {
			struct statement st;
			struct reg_entry e;
			const char *pem;
			if (reg_statement_load(g, ids[j], &st, &e) != 0) {
				ink_error_clear();
				continue;
			}
			pem = json_get_str(json_get(st.predicate, "key"),
			    "public_key");
			if (pem && pubkey_from_pem(&v[count], pem,
			    strlen(pem)) == 0 &&
			    strcmp(v[count]->keyid, keyids[i]) == 0) {
				count++;
				statement_release(&st);
				break;
			}
			if (v[count]) {
				pubkey_free(v[count]);
				v[count] = NULL;
			}
			ink_error_clear();
			statement_release(&st);
		}
		repo_list_free(ids, nids);
	}
	repo_list_free(keyids, nkeyids);
	*out = v;
	*n = count;
	return rc;
}

int
reg_verify_envelope(struct reg *g, const struct dsse_envelope *env,
    int64_t at, struct problems *p, struct reg_entry *e,
    struct reg_status *s)
{
	struct statement st = STATEMENT_INIT;
	struct dsse_envelope stored = DSSE_ENVELOPE_INIT;
	char id[RECORD_ID_LEN];
	const struct reg_root *root = &g->roots[g->nroots - 1];
	int rc;

	memset(s, 0, sizeof(*s));
	record_id(id, env->payload, env->payload_len);
	/* The answer below is the last signed commit's; that HEAD is not
	 * signed is itself a failure (8.8). */
	if (g->nunsigned)
		problems_add(p, INK_ELOG, "%s", g->unsigned_what);
	if (at >= root->expires)
		problems_add(p, INK_EROOT, "the registry's trust root (version "
		    "%d) has expired", root->version);
	if (reg_find(g, id, e) != 0) {
		if (g->log_error)
			problems_add(p, INK_ELOG, "%s", g->log_error);
		problems_add(p, INK_ELOG, "record %s is not in the registry's "
		    "log", id);
		ink_error_clear();
		return p->code;
	}
	if ((rc = reg_load(g, e, &stored)) != 0) {
		problems_add(p, rc, "%s", ink_error_last());
		return p->code;
	}
	if (statement_parse(&st, env->payload, env->payload_len, p) != 0) {
		dsse_envelope_release(&stored);
		return p->code;
	}
	/* The registry's copy carries every signature it accepted. */
	reg_check_record(g, &stored, &st, e->integrated, 0, p);
	/* The log: inclusion of this leaf in the signed checkpoint. */
	{
		struct buf cp;
		struct note_vkey vk = NOTE_VKEY_INIT;
		struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
		unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
		size_t n = 0, textlen;
		struct buf vks;

		if (reg_checkpoint(g, &cp) != 0 || reg_log_vkey(g, &vks) != 0) {
			problems_add(p, INK_ELOG, "%s", ink_error_last());
		} else {
			if (note_vkey_parse(&vk, (const char *)vks.data,
			    vks.len) != 0 ||
			    note_verify(&textlen, (const char *)cp.data, cp.len,
			    &vk, 1) != 0 ||
			    note_checkpoint_parse(&c, (const char *)cp.data,
			    textlen) != 0)
				problems_add(p, INK_ELOG, "checkpoint: %s",
				    ink_error_last());
			else if (c.size != g->committed || e->leaf >= c.size)
				problems_add(p, INK_ELOG, "the checkpoint covers %llu "
				    "leaves, the log has %zu",
				    (unsigned long long)c.size, g->committed);
			else if (g->lazy) {
				/* The leaf hashed from this record's id and time,
				 * the proof from the hash tiles. */
				unsigned char lh[MERKLE_HASH_LEN];
				char data[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];
				time_format(ts, e->integrated);
				snprintf(data, sizeof(data), "%s\n%s\n", e->id, ts);
				if (merkle_leaf_hash(lh, data, strlen(data)) != 0 ||
				    reg_tile_proof(g, e->leaf, c.size, &proof,
				    &n) != 0 ||
				    merkle_inclusion_verify(lh, e->leaf, c.size,
				    (const unsigned char (*)[MERKLE_HASH_LEN])proof,
				    n, c.root) != 0)
					problems_add(p, INK_ELOG, "inclusion (log/tile): "
					    "%s", ink_error_last());
			} else if (merkle_inclusion_proof(&proof, &n,
			    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes,
			    c.size, e->leaf) != 0 ||
			    merkle_inclusion_verify(g->hashes[e->leaf], e->leaf,
			    c.size, (const unsigned char (*)[MERKLE_HASH_LEN])proof,
			    n, c.root) != 0)
				problems_add(p, INK_ELOG, "inclusion: %s",
				    ink_error_last());
			free(proof);
			note_checkpoint_release(&c);
			note_vkey_release(&vk);
			buf_release(&vks);
		}
		buf_release(&cp);
	}
	check_files(g, p);
	/* A status that cannot be computed is never "active". */
	if (reg_status_at(g, id, at, s, 0) != 0) {
		problems_add(p, INK_ELOG, "status: %s", ink_error_last());
		ink_error_clear();
	} else if (s->state != REG_ACTIVE) {
		problems_add(p, reg_state_code(s->state), "%s: %s",
		    reg_state_name(s->state), s->why);
	}
	statement_release(&st);
	dsse_envelope_release(&stored);
	return p->code;
}
