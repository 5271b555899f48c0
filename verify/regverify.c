/*
 * Verification against a registry clone: "is this report genuine,
 * registered and current?" in one call.  The keys come from the
 * registry's accreditations; the registry's own checks (accreditation at
 * integration time, the signed log, the computed status) are added to
 * the offline checks of verify_envelope().
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "registry/registry.h"
#include "verify/verify.h"

/* The registry's answer for a payload it does not hold. */
static void
not_here(struct verify_result *r, struct reg *g, const char *id)
{
	const char *what;

	verify_add_check(r, "registry", INK_ELOG, "record %s is not in the log "
	    "of '%s'", id, reg_name(g));
	r->state = "not registered";
	if (reg_unsigned(g, &what))
		verify_add_check(r, "registry", INK_ELOG, "%s", what);
	ink_error_clear();
}

/* The window's "expired" check passed over for a record the registry
 * keeps in force (its renewal pending), and the verdict taken again. */
static void
renewal_keeps(struct verify_result *r, const struct reg_status *s)
{
	int worst = 0;

	for (size_t c = 0; c < r->nchecks; c++) {
		struct verify_check *k = &r->checks[c];
		char *d;
		if (strcmp(k->name, "validity") == 0 &&
		    k->code == INK_EVALIDITY && strncmp(k->detail, "expired",
		    7) == 0 && asprintf(&d, "%s; in force while its renewal "
		    "is pending (%s)", k->detail, s->code) >= 0) {
			free(k->detail);
			k->detail = d;
			k->code = 0;
		}
	}
	/* (as verify_envelope weighs them: one signature that does not
	 * verify among others is a note, not the verdict) */
	for (size_t c = 0; c < r->nchecks; c++)
		if (strncmp(r->checks[c].name, "signature ", 10) != 0 &&
		    ink_error_rank(r->checks[c].code) > ink_error_rank(worst))
			worst = r->checks[c].code;
	r->code = worst;
}

int
verify_registry_envelope(struct verify_result *r,
    const struct dsse_envelope *env, struct reg *g,
    const struct verify_opts *o)
{
	struct problems p = PROBLEMS_INIT;
	struct statement st = STATEMENT_INIT;
	struct pubkey **keys = NULL, **all = NULL;
	struct reg_entry e;
	struct reg_status s;
	struct verify_opts ro = *o;
	char id[RECORD_ID_LEN];
	size_t n = 0;
	int found, rc;

	ro.catalogs = reg_catalogs(g);
	record_id(id, env->payload, env->payload_len);
	found = reg_find(g, id, &e) == 0;
	/* The registry's accredited keys of the signers the payload names:
	 * at integration for a registered payload (the registry checked its
	 * signatures then), else now, so that a changed envelope is what it
	 * is, a bad signature (exit 1), and a genuine one of another registry
	 * is "not registered here" (exit 5). */
	if (statement_parse(&st, env->payload, env->payload_len, NULL) == 0)
		reg_signer_keys(g, &st, found ? e.integrated : o->at, &keys, &n);
	ink_error_clear();
	if (!found && n + o->nkeys == 0) {
		memset(r, 0, sizeof(*r));
		memcpy(r->record_id, id, sizeof(id));
		r->payload_type = strdup(env->payload_type);
		not_here(r, g, id);
		rc = 0;
		goto cleanup;
	}
	if ((all = calloc(n + o->nkeys + 1, sizeof(*all))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if (o->nkeys)
		memcpy(all, o->keys, o->nkeys * sizeof(*all));
	if (n)
		memcpy(all + o->nkeys, keys, n * sizeof(*all));
	ro.keys = all;
	ro.nkeys = o->nkeys + n;
	if ((rc = verify_envelope(r, env, &ro)) != 0)
		goto cleanup;
	if (!found) {
		size_t ok = 0;

		for (size_t i = 0; i < r->nsigs; i++)
			ok += r->sigs[i].key >= 0;
		if (ok > 0) {
			/* An accredited signer did sign this payload: it is
			 * genuine, and simply not registered here. */
			verify_result_release(r);
			memset(r, 0, sizeof(*r));
			memcpy(r->record_id, id, sizeof(id));
			r->payload_type = strdup(env->payload_type);
		}
		not_here(r, g, id);
		goto cleanup;
	}
	/* The registry registered an in-toto Statement: signatures over the
	 * same bytes under another payload type were made for something
	 * else, and vouch for nothing here (a bad signature, exit 1). */
	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0)
		verify_add_check(r, "payload", INK_ENO, "payloadType '%s' is "
		    "not '%s': the signatures are not over the registered "
		    "record", env->payload_type, DSSE_INTOTO_TYPE);
	reg_verify_envelope(g, env, o->at, &p, &e, &s);
	/* Past its window, a registration the scheme keeps in force while
	 * its renewal is pending is in force: the registry, not the window
	 * alone, decides (FORMAT.md 8.5). */
	if (p.code == 0 && s.state == REG_ACTIVE && s.code[0])
		renewal_keeps(r, &s);
	for (size_t i = 0; i < p.n; i++)
		verify_add_check(r, "registry", p.code, "%s", p.v[i]);
	/* The status is the registry's answer only when the log and the
	 * trust root held (else it is unknown, and the checks say why). */
	if (p.code == 0 || p.code == INK_EREVOKED || p.code == INK_EVALIDITY) {
		r->state = reg_state_name(s.state);
		r->state_since = s.since;
		snprintf(r->state_code, sizeof(r->state_code), "%s", s.code);
		r->state_why = s.why[0] ? strdup(s.why) : NULL;
		memcpy(r->demands, s.demands, sizeof(r->demands));
		r->ndemands = s.ndemands;
		r->state_at = o->at;
	}
	if (p.n == 0) {
		char ts[TIME_LEN];
		time_format(ts, e.integrated);
		verify_add_check(r, "registry", 0, "registered in '%s' at %s, "
		    "log index %zu, in the signed checkpoint%s; status %s",
		    reg_name(g), ts, e.leaf, reg_lazy(g) ? " (proved from "
		    "log/tile)" : "", reg_state_name(s.state));
	}
	rc = 0;
cleanup:
	for (size_t i = 0; i < n; i++)
		pubkey_free(keys[i]);
	free(keys);
	free(all);
	statement_release(&st);
	problems_release(&p);
	return rc;
}
