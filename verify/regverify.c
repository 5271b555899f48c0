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
	const char *what;
	size_t n = 0;
	int rc;

	ro.catalogs = reg_catalogs(g);
	record_id(id, env->payload, env->payload_len);
	if (reg_find(g, id, &e) != 0) {
		memset(r, 0, sizeof(*r));
		memcpy(r->record_id, id, sizeof(id));
		r->payload_type = strdup(env->payload_type);
		verify_add_check(r, "registry", INK_ELOG, "record %s is not in "
		    "the log of '%s'", id, reg_name(g));
		if (reg_unsigned(g, &what))
			verify_add_check(r, "registry", INK_ELOG, "%s", what);
		ink_error_clear();
		return 0;
	}
	/* The payload is registered: the registry checked its signatures
	 * when it took it, and its declared signers name the keys. */
	if (statement_parse(&st, env->payload, env->payload_len, NULL) == 0)
		reg_signer_keys(g, &st, e.integrated, &keys, &n);
	ink_error_clear();
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
	reg_verify_envelope(g, env, o->at, &p, &e, &s);
	for (size_t i = 0; i < p.n; i++)
		verify_add_check(r, "registry", p.code, "%s", p.v[i]);
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
