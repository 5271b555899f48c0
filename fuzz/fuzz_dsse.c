/*
 * DSSE envelopes: the strict parser, signature checks against fixed keys,
 * the canonical writer, and the whole offline verification of
 * verify_envelope() (signatures, then the Statement, declared signers,
 * kind rules, validity).
 *
 * Properties:
 *  - an envelope that parses, written back canonically, parses again to
 *    the same envelope, and writing that gives the same bytes;
 *  - a signature checks the same before and after the round trip;
 *  - verify_envelope() never reports success for an envelope none of
 *    whose signatures verifies.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "core/dsse.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "verify/verify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init();
	fuzz_keys_init();
	return 0;
}

static void
same_envelope(const struct dsse_envelope *a, const struct dsse_envelope *b)
{
	FUZZ_ASSERT(strcmp(a->payload_type, b->payload_type) == 0);
	FUZZ_ASSERT(a->payload_len == b->payload_len);
	FUZZ_ASSERT(a->payload_len == 0 ||
	    memcmp(a->payload, b->payload, a->payload_len) == 0);
	FUZZ_ASSERT(a->nsigs == b->nsigs);
	for (size_t i = 0; i < a->nsigs; i++) {
		FUZZ_ASSERT((a->sigs[i].keyid == NULL) ==
		    (b->sigs[i].keyid == NULL));
		FUZZ_ASSERT(a->sigs[i].keyid == NULL ||
		    strcmp(a->sigs[i].keyid, b->sigs[i].keyid) == 0);
		FUZZ_ASSERT(a->sigs[i].sig_len == b->sigs[i].sig_len);
		FUZZ_ASSERT(a->sigs[i].sig_len == 0 || memcmp(a->sigs[i].sig,
		    b->sigs[i].sig, a->sigs[i].sig_len) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct dsse_envelope again = DSSE_ENVELOPE_INIT;
	struct buf w1 = BUF_INIT(2 * INK_MAX_ENVELOPE);
	struct buf w2 = BUF_INIT(2 * INK_MAX_ENVELOPE);
	struct verify_result r = VERIFY_RESULT_INIT;
	struct verify_opts o;
	int checked[INK_MAX_SIGNATURES];
	size_t good = 0;

	if (dsse_envelope_parse(&env, (const char *)data, size) != 0)
		return 0;
	FUZZ_ASSERT(env.nsigs <= INK_MAX_SIGNATURES);
	FUZZ_ASSERT(env.payload_len <= INK_MAX_PAYLOAD);
	for (size_t i = 0; i < env.nsigs; i++) {
		checked[i] = dsse_sig_check(&env, i, fuzz_pub, FUZZ_NKEYS);
		FUZZ_ASSERT(checked[i] >= -1 && checked[i] < FUZZ_NKEYS);
		if (checked[i] >= 0)
			good++;
	}

	/* Canonical writing round-trips. */
	FUZZ_ASSERT(dsse_envelope_write(&w1, &env) == 0);
	FUZZ_ASSERT(dsse_envelope_parse(&again, (const char *)w1.data,
	    w1.len) == 0);
	same_envelope(&env, &again);
	FUZZ_ASSERT(dsse_envelope_write(&w2, &again) == 0);
	FUZZ_ASSERT(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
	for (size_t i = 0; i < again.nsigs; i++)
		FUZZ_ASSERT(dsse_sig_check(&again, i, fuzz_pub, FUZZ_NKEYS) ==
		    checked[i]);

	/* The whole offline verification with the fixed keys. */
	memset(&o, 0, sizeof(o));
	o.keys = fuzz_pub;
	o.nkeys = 2;
	o.at = time_now();
	if (verify_envelope(&r, &env, &o) == 0) {
		cJSON *j = verify_result_json(&r, "fuzz");
		/* Nothing is read, and nothing is valid, unsigned. */
		if (good == 0)
			FUZZ_ASSERT(r.code != 0 && r.statement == NULL);
		cJSON_Delete(j);
	}
	verify_result_release(&r);
	ink_error_clear();
	buf_release(&w1);
	buf_release(&w2);
	dsse_envelope_release(&again);
	dsse_envelope_release(&env);
	return 0;
}
