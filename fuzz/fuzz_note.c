/*
 * C2SP signed notes, verifier keys and tlog checkpoints.
 *
 * The input is tried three ways: as a signed note checked against the
 * fixed log key (and a second trusted key), as a checkpoint body, and as a
 * verifier key string.
 *
 * Properties:
 *  - a note that verifies has a text that starts it, ends in a newline and
 *    is followed by the blank line; re-signing that text with the log key
 *    gives a note that verifies too;
 *  - a checkpoint body that parses is formatted back to the same bytes;
 *  - a verifier key that parses is formatted back to the same string.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "core/note.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LOG_NAME "fuzz.test/log"

static struct note_vkey vkeys[2];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf b = BUF_INIT(NOTE_MAX_VKEY + 2);

	(void)argc;
	(void)argv;
	fuzz_env_init();
	fuzz_keys_init();
	if (note_vkey_format(&b, LOG_NAME, fuzz_pub[FUZZ_LOG]) != 0 ||
	    note_vkey_parse(&vkeys[0], (const char *)b.data, b.len) != 0)
		abort();
	buf_reset(&b);
	if (note_vkey_format(&b, "fuzz.test/witness", fuzz_pub[FUZZ_OPERATOR])
	    != 0 || note_vkey_parse(&vkeys[1], (const char *)b.data, b.len) != 0)
		abort();
	buf_release(&b);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct note_checkpoint c = NOTE_CHECKPOINT_INIT;
	struct note_vkey v = NOTE_VKEY_INIT;
	struct buf b = BUF_INIT(NOTE_MAX_SIZE * 2);
	const char *text = (const char *)data;
	size_t tlen = 0;

	if (note_verify(&tlen, text, size, vkeys, 2) == 0) {
		size_t again = 0;
		FUZZ_ASSERT(tlen > 0 && tlen < size);
		FUZZ_ASSERT(text[tlen - 1] == '\n' && text[tlen] == '\n');
		/* The text alone, signed afresh, verifies. */
		FUZZ_ASSERT(note_sign(&b, text, tlen, LOG_NAME,
		    fuzz_priv[FUZZ_LOG]) == 0 || tlen > NOTE_MAX_SIZE - 200);
		if (b.len)
			FUZZ_ASSERT(note_verify(&again, (const char *)b.data,
			    b.len, vkeys, 1) == 0 && again == tlen);
		if (note_checkpoint_parse(&c, text, tlen) == 0)
			FUZZ_ASSERT(c.origin != NULL);
		note_checkpoint_release(&c);
		buf_reset(&b);
	}

	if (note_checkpoint_parse(&c, text, size) == 0) {
		FUZZ_ASSERT(note_checkpoint_format(&b, c.origin, c.size, c.root,
		    c.extra) == 0);
		FUZZ_ASSERT(b.len == size && memcmp(b.data, data, size) == 0);
		buf_reset(&b);
	}
	note_checkpoint_release(&c);

	if (note_vkey_parse(&v, text, size) == 0) {
		FUZZ_ASSERT(v.name != NULL && v.key != NULL);
		FUZZ_ASSERT(note_vkey_format(&b, v.name, v.key) == 0);
		FUZZ_ASSERT(b.len == size && memcmp(b.data, data, size) == 0);
	}
	note_vkey_release(&v);
	buf_release(&b);
	ink_error_clear();
	return 0;
}
