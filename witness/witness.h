/*
 * A witness for transparency logs (c2sp.org/tlog-witness): it cosigns a
 * log's checkpoint (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1)
 * only after checking the log's signature and an RFC 6962 consistency
 * proof from the last checkpoint it cosigned for that log, and it stores
 * that checkpoint durably before it answers.  So it never cosigns two
 * inconsistent checkpoints of one log, nor a smaller after a larger, even
 * across restarts, crashes, and two processes on one state folder.
 *
 * The state folder:
 *	config              "name <NAME>\nkey <PATH>\nvkey <VKEY>\n"
 *	lock                flock()ed around every read-check-write
 *	logs/<H>/origin     the log's origin, H = hex SHA-256 of it
 *	logs/<H>/vkeys      the log's verifier keys, one a line
 *	logs/<H>/checkpoint the last checkpoint cosigned, with the log's
 *	                    signatures and the witness's cosignature
 */
#ifndef INK_WITNESS_H
#define INK_WITNESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/note.h"
#include "keys/key.h"

/* The answers of add-checkpoint, as the spec's HTTP status codes. */
enum witness_status {
	WITNESS_OK = 200,
	WITNESS_BAD_REQUEST = 400,
	WITNESS_FORBIDDEN = 403,
	WITNESS_NOT_FOUND = 404,
	WITNESS_CONFLICT = 409,
	WITNESS_TOO_LARGE = 413,
	WITNESS_UNPROCESSABLE = 422,
	WITNESS_INTERNAL = 500
};

struct witness;

/*
 * Makes the state folder dir (which must not exist, or be empty) for a
 * witness named name whose private key is the file keypath; the key's
 * public half is read (a passphrase from pass when it is encrypted).
 * Appends the witness's verifier key to vkey.
 */
int witness_init(struct buf *vkey, const char *dir, const char *name,
    const char *keypath, const struct key_pass *pass);
/* The witness's verifier key (type 0x04), from its config alone. */
int witness_vkey(struct buf *out, const char *dir);
/*
 * Trusts vkey (a log's Ed25519 verifier key) for the log of origin
 * (NULL: the key's name).  Adding a key a log already has changes
 * nothing; another key for a known log is added beside its keys.
 */
int witness_add_log(const char *dir, const char *origin, const char *vkey);

/* Opens a witness with its private key, for cosigning. */
int witness_open(struct witness **out, const char *dir,
    const struct key_pass *pass);
void witness_close(struct witness *w);

/*
 * Answers one add-checkpoint request body (len bytes) at time now (Unix
 * seconds, above 0).  *status is the HTTP status; body gets the answer's
 * body: the cosignature line on WITNESS_OK, the witness's tree size and
 * a newline on WITNESS_CONFLICT, nothing otherwise.  Returns 0 on
 * WITNESS_OK, else INK_EINPUT (400, 413, 500), INK_ENO (403, 404) or
 * INK_ELOG (409, 422), with the reason set.
 */
int witness_add_checkpoint(struct witness *w, const char *req, size_t len,
    int64_t now, enum witness_status *status, struct buf *body);
/*
 * The cosignatures on a checkpoint note (len bytes): how many distinct
 * witnesses of wit[0..n) (cosigner keys, NOTE_SIG_COSIG_V1) have a
 * cosignature/v1 line on it that verifies over its text, into *good,
 * each one's flag in seen[i] (when seen is not NULL) and the newest
 * timestamp among them in *newest (0 when none).  Lines of other keys
 * are ignored; a line by one of wit[] that does not verify is INK_ELOG,
 * as the signed-note rules treat a failing signature by a trusted key;
 * a malformed note is INK_EINPUT.
 */
int witness_cosignatures(size_t *good, int64_t *newest, int *seen,
    const char *note, size_t len, const struct note_vkey *wit, size_t n);
/*
 * The last checkpoint cosigned for the log whose origin hashes to
 * origin_hex (64 lowercase hex digits), with its signatures:
 * INK_ENOTFOUND when there is none.
 */
int witness_checkpoint(struct witness *w, const char *origin_hex,
    struct buf *out);

/* How a log asks a witness over HTTP (witness/client.c): seconds to
 * connect and for the whole exchange, and how many more tries when no
 * answer came at all. */
struct witness_http_opts {
	long connect_s, total_s;
	int retries;
};
#define WITNESS_HTTP_OPTS_INIT { 5, 15, 1 }
/*
 * POSTs an add-checkpoint request body (len bytes) to the witness whose
 * submission prefix is url (http or https): *status gets the answer's
 * HTTP status and body its body (at most WITNESS_MAX_ANSWER bytes).
 * Returns 0 when an answer came, whatever its status; INK_EINPUT with
 * the reason ("timed out after 15 s", a connection refused) when none
 * did.
 */
int witness_http_add_checkpoint(const char *url, const char *req,
    size_t len, const struct witness_http_opts *o, unsigned *status,
    struct buf *body);
/*
 * GETs url (http or https, at most three redirects, 30 s to connect,
 * 300 s in all) into out, at most max bytes: 0 and the HTTP status in
 * *status when an answer came; INK_EINPUT with the reason when none did
 * or it was larger.
 */
int witness_http_get(struct buf *out, const char *url, size_t max,
    long *status);

#endif
