/*
 * Offline tlog proofs as `inkan registry proof` prints them
 * (c2sp.org/tlog-proof@v1: an "extra" line, the leaf index, the inclusion
 * hashes, a blank line and the signed checkpoint), and the RFC 6962 proof
 * code behind them.  The library writes these proofs but has no reader
 * for them, so the reader here is a plain one; what is fuzzed is what it
 * calls: the checkpoint's signed note and body, base64, and
 * merkle_inclusion_verify() with hostile indexes, sizes and hashes.
 *
 * Input: "<record id>\n" then the proof text.
 *
 * Properties:
 *  - a proof accepted (note signed by the fixed log key, hashes leading to
 *    its root) stops being accepted when any one proof hash changes;
 *  - for a tree made from the input's bytes, every inclusion and
 *    consistency proof the library makes verifies, and one with a flipped
 *    bit does not.
 */
#include <inttypes.h>

#include "fuzz/common.h"

#include "core/buf.h"
#include "core/codec.h"
#include "core/merkle.h"
#include "core/note.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LOG_NAME "fuzz.test/log"

static struct note_vkey vkey;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf b = BUF_INIT(NOTE_MAX_VKEY + 2);

	(void)argc;
	(void)argv;
	fuzz_env_init();
	fuzz_keys_init();
	if (note_vkey_format(&b, LOG_NAME, fuzz_pub[FUZZ_LOG]) != 0 ||
	    note_vkey_parse(&vkey, (const char *)b.data, b.len) != 0)
		abort();
	buf_release(&b);
	return 0;
}

/* The next line of [*p, end) without its newline; NULL at the end. */
static const char *
next_line(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	if (nl == NULL)
		return NULL;
	*len = (size_t)(nl - s);
	*p = nl + 1;
	return s;
}

static void
check_proof(const char *text, size_t size)
{
	unsigned char proof[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	unsigned char leaf[MERKLE_HASH_LEN];
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	struct buf b = BUF_INIT(256), leafdata = BUF_INIT(512);
	const char *p = text, *end = text + size, *l;
	size_t len, n = 0, tlen = 0;
	uint64_t index = 0;
	char *e;

	if ((l = next_line(&p, end, &len)) == NULL || len > 100)
		return;
	if (buf_add(&leafdata, l, len) != 0 || buf_addc(&leafdata, '\n') != 0)
		goto done;
	if ((l = next_line(&p, end, &len)) == NULL ||
	    len != strlen("c2sp.org/tlog-proof@v1") ||
	    memcmp(l, "c2sp.org/tlog-proof@v1", len) != 0)
		goto done;
	if ((l = next_line(&p, end, &len)) == NULL || len < 6 ||
	    memcmp(l, "extra ", 6) != 0)
		goto done;
	/* extra: the base64 of the integrated time, part of the leaf. */
	if (b64_decode(&b, l + 6, len - 6) != 0 ||
	    buf_add(&leafdata, b.data, b.len) != 0 ||
	    buf_addc(&leafdata, '\n') != 0)
		goto done;
	if ((l = next_line(&p, end, &len)) == NULL || len < 7 || len > 30 ||
	    memcmp(l, "index ", 6) != 0)
		goto done;
	{
		char num[32];
		memcpy(num, l + 6, len - 6);
		num[len - 6] = '\0';
		index = strtoull(num, &e, 10);
		if (*e != '\0')
			goto done;
	}
	while ((l = next_line(&p, end, &len)) != NULL && len > 0) {
		buf_reset(&b);
		if (n == MERKLE_MAX_PROOF || b64_decode(&b, l, len) != 0 ||
		    b.len != MERKLE_HASH_LEN)
			goto done;
		memcpy(proof[n++], b.data, MERKLE_HASH_LEN);
	}
	if (l == NULL)
		goto done;
	/* The rest is the signed checkpoint. */
	if (note_verify(&tlen, p, (size_t)(end - p), &vkey, 1) != 0 ||
	    note_checkpoint_parse(&c, p, tlen) != 0)
		goto done;
	if (merkle_leaf_hash(leaf, leafdata.data, leafdata.len) != 0)
		goto done;
	if (merkle_inclusion_verify(leaf, index, c.size,
	    (const unsigned char (*)[MERKLE_HASH_LEN])proof, n, c.root) == 0) {
		for (size_t i = 0; i < n; i++) {
			proof[i][i % MERKLE_HASH_LEN] ^= 1;
			FUZZ_ASSERT(merkle_inclusion_verify(leaf, index, c.size,
			    (const unsigned char (*)[MERKLE_HASH_LEN])proof, n,
			    c.root) != 0);
			proof[i][i % MERKLE_HASH_LEN] ^= 1;
		}
	}
done:
	note_checkpoint_release(&c);
	buf_release(&b);
	buf_release(&leafdata);
}

/* Proofs the library makes over leaves taken from the input verify. */
static void
self_check(const uint8_t *data, size_t size)
{
	unsigned char (*leaves)[MERKLE_HASH_LEN], r1[32], r2[32];
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
	size_t plen = 0;
	uint64_t n, m, idx;

	if (size < 3)
		return;
	n = 1 + data[0] % 70;
	m = data[1] % (n + 1);
	idx = data[2] % n;
	if ((leaves = calloc(n, sizeof(*leaves))) == NULL)
		abort();
	for (uint64_t i = 0; i < n; i++)
		FUZZ_ASSERT(merkle_leaf_hash(leaves[i], data + 3 +
		    (i < size - 3 ? i : 0), size - 3 > i ? 1 : 0) == 0);
	FUZZ_ASSERT(merkle_root(r2, (const unsigned char (*)[32])leaves, n) == 0);
	FUZZ_ASSERT(merkle_inclusion_proof(&proof, &plen,
	    (const unsigned char (*)[32])leaves, n, idx) == 0);
	FUZZ_ASSERT(merkle_inclusion_verify(leaves[idx], idx, n,
	    (const unsigned char (*)[32])proof, plen, r2) == 0);
	if (plen > 0) {
		proof[plen - 1][0] ^= 0x80;
		FUZZ_ASSERT(merkle_inclusion_verify(leaves[idx], idx, n,
		    (const unsigned char (*)[32])proof, plen, r2) != 0);
	}
	free(proof);
	proof = NULL;
	FUZZ_ASSERT(merkle_root(r1, (const unsigned char (*)[32])leaves, m) == 0);
	FUZZ_ASSERT(merkle_consistency_proof(&proof, &plen,
	    (const unsigned char (*)[32])leaves, m, n) == 0);
	FUZZ_ASSERT(merkle_consistency_verify(m, n, r1, r2,
	    (const unsigned char (*)[32])proof, plen) == 0);
	if (plen > 0) {
		proof[0][31] ^= 1;
		FUZZ_ASSERT(merkle_consistency_verify(m, n, r1, r2,
		    (const unsigned char (*)[32])proof, plen) != 0);
	}
	free(proof);
	free(leaves);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1u << 20)
		return 0;
	check_proof((const char *)data, size);
	self_check(data, size);
	ink_error_clear();
	return 0;
}
