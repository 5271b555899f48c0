/*
 * The witness's HTTP server (c2sp.org/tlog-witness add-checkpoint, and
 * the monitoring GET of the last checkpoint cosigned), on threads of its
 * own until stopped.
 */
#ifndef INK_WITNESS_SERVE_H
#define INK_WITNESS_SERVE_H

#include <stdint.h>

#include "witness/witness.h"

struct witness_server;

/* Told of each add-checkpoint answered, on the server's thread: its
 * status and, when refused, the reason (the request may be evidence of a
 * log's misbehaviour, which the spec lets a witness keep). */
typedef void (*witness_log_fn)(void *arg, unsigned status,
    const char *reason);

/*
 * Starts serving w on listen ("ADDR:PORT" or "[ADDR]:PORT", numeric;
 * port 0 picks a free one), taking each cosignature's time from now()
 * and telling log (when not NULL) of each add-checkpoint.  *port is the
 * port bound.  The caller keeps w open until it has called
 * witness_serve_stop().
 */
int witness_serve_start(struct witness_server **out, struct witness *w,
    const char *listen, int64_t (*now)(void), witness_log_fn log,
    void *log_arg, unsigned *port);
/* Stops accepting, finishes or drops the connections, frees s. */
void witness_serve_stop(struct witness_server *s);

#endif
