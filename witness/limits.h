/*
 * The witness's limits on untrusted input and on its clients, listed in
 * inkan-witness(1).  Beside them hold core/note.h's (a note of at most
 * NOTE_MAX_SIZE bytes and NOTE_MAX_SIGS signature lines).
 */
#ifndef INK_WITNESS_LIMITS_H
#define INK_WITNESS_LIMITS_H

#include "core/note.h"

/* Consistency proof lines in one add-checkpoint request: c2sp.org/
 * tlog-witness says a client sends at most 63. */
#define WITNESS_MAX_PROOF 63
/* An add-checkpoint request body: the old size line, the proof lines
 * (45 bytes each), the blank line and the checkpoint note. */
#define WITNESS_MAX_REQUEST (NOTE_MAX_SIZE + 4096u)
/* Verifier keys trusted for one log. */
#define WITNESS_MAX_LOG_KEYS 8
/* The witness's own files (its config, a log's key list). */
#define WITNESS_MAX_FILE (64u * 1024)
/* Connections served at once, and the seconds a connection may stay
 * idle before it is closed. */
#define WITNESS_MAX_CONNECTIONS 64
#define WITNESS_TIMEOUT 10
/* Memory libmicrohttpd may use for one connection's headers. */
#define WITNESS_CONN_MEMORY (32u * 1024)
/* A witness's answer to a log (a cosignature line, a size, a reason),
 * and the length of a witness's address. */
#define WITNESS_MAX_ANSWER (16u * 1024)
#define WITNESS_MAX_URL 2048

#endif
