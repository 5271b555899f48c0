/*
 * The witness's add-checkpoint request (witness_add_checkpoint), as the
 * HTTP server and the offline cosign hand it over, against a witness
 * state in a temporary folder that witnesses the log "fuzz.test/log"
 * (fuzz key D).  Each input starts from a witness that has cosigned
 * nothing for the log.
 *
 * Properties:
 *  - every answer is one of the protocol's status codes, and the return
 *    code is 0 exactly for 200;
 *  - a 200 comes only for a note the log key signed, and carries one
 *    cosignature line that verifies under the witness key over
 *    "cosignature/v1\ntime T\n" and the checkpoint's text;
 *  - a 409 carries the size held (0) and a newline.
 */
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "fuzz/common.h"

#include "core/buf.h"
#include "core/codec.h"
#include "core/note.h"
#include "witness/limits.h"
#include "witness/witness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LOG_NAME "fuzz.test/log"
#define WITNESS_NAME "fuzz.test/witness"
#define NOW 1780272000

static struct witness *w;
static struct note_vkey logkey;
static char state[64], held[160];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf b = BUF_INIT(NOTE_MAX_VKEY + 2), vk = BUF_INIT(NOTE_MAX_VKEY);
	struct key_pass pass = { NULL };
	char keyfile[96], h[SHA256_HEX];
	FILE *f;

	(void)argc;
	(void)argv;
	fuzz_env_init();
	fuzz_keys_init();
	snprintf(state, sizeof(state), "/tmp/inkan-fuzz-witness.XXXXXX");
	if (mkdtemp(state) == NULL)
		abort();
	snprintf(keyfile, sizeof(keyfile), "%s/w.key", state);
	if ((f = fopen(keyfile, "w")) == NULL || chmod(keyfile, 0600) != 0 ||
	    !PEM_write_PrivateKey(f, fuzz_priv[FUZZ_OPERATOR], NULL, NULL, 0,
	    NULL, NULL) || fclose(f) != 0)
		abort();
	strncat(state, "/w", sizeof(state) - strlen(state) - 1);
	if (note_vkey_format(&b, LOG_NAME, fuzz_pub[FUZZ_LOG]) != 0 ||
	    note_vkey_parse(&logkey, (const char *)b.data, b.len) != 0 ||
	    witness_init(&vk, state, WITNESS_NAME, keyfile, &pass) != 0 ||
	    witness_add_log(state, NULL, buf_str(&b)) != 0 ||
	    witness_open(&w, state, &pass) != 0) {
		fprintf(stderr, "fuzz: witness: %s\n", ink_error_last());
		abort();
	}
	sha256_hex(h, LOG_NAME, strlen(LOG_NAME));
	snprintf(held, sizeof(held), "%s/logs/%s/checkpoint", state, h);
	buf_release(&b);
	buf_release(&vk);
	return 0;
}

/* The cosignature line verifies over the checkpoint's text. */
static void
check_cosignature(const struct buf *line, const char *note, size_t tlen)
{
	static const char prefix[] = "\xe2\x80\x94 " WITNESS_NAME " ";
	struct buf sig = BUF_INIT(256), msg = BUF_INIT(WITNESS_MAX_REQUEST + 64);
	uint64_t t;

	FUZZ_ASSERT(line->len > sizeof(prefix) &&
	    memcmp(line->data, prefix, sizeof(prefix) - 1) == 0 &&
	    line->data[line->len - 1] == '\n');
	FUZZ_ASSERT(b64_decode(&sig, (const char *)line->data +
	    sizeof(prefix) - 1, line->len - sizeof(prefix)) == 0);
	FUZZ_ASSERT(sig.len == 4 + 8 + 64);
	t = (uint64_t)be32_get(sig.data + 4) << 32 | be32_get(sig.data + 8);
	FUZZ_ASSERT(t == NOW);
	FUZZ_ASSERT(buf_addf(&msg, "cosignature/v1\ntime %d\n", NOW) == 0 &&
	    buf_add(&msg, note, tlen) == 0);
	FUZZ_ASSERT(pubkey_verify(fuzz_pub[FUZZ_OPERATOR], msg.data, msg.len,
	    sig.data + 12, 64) == 0);
	buf_release(&sig);
	buf_release(&msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf body = BUF_INIT(WITNESS_MAX_REQUEST);
	enum witness_status st;
	const char *req = (const char *)data, *note;
	size_t tlen = 0;
	int rc;

	(void)unlink(held);
	rc = witness_add_checkpoint(w, req, size, NOW, &st, &body);
	FUZZ_ASSERT(st == WITNESS_OK || st == WITNESS_BAD_REQUEST ||
	    st == WITNESS_FORBIDDEN || st == WITNESS_NOT_FOUND ||
	    st == WITNESS_CONFLICT || st == WITNESS_TOO_LARGE ||
	    st == WITNESS_UNPROCESSABLE || st == WITNESS_INTERNAL);
	FUZZ_ASSERT((rc == 0) == (st == WITNESS_OK));
	if (st == WITNESS_CONFLICT)
		FUZZ_ASSERT(body.len == 2 && memcmp(body.data, "0\n", 2) == 0);
	if (st == WITNESS_OK) {
		/* The note follows the first blank line. */
		for (note = req; note + 1 < req + size; note++)
			if (note[0] == '\n' && note[1] == '\n')
				break;
		note += 2;
		FUZZ_ASSERT(note <= req + size);
		FUZZ_ASSERT(note_verify(&tlen, note, (size_t)(req + size - note),
		    &logkey, 1) == 0);
		check_cosignature(&body, note, tlen);
	}
	buf_release(&body);
	ink_error_clear();
	return 0;
}
