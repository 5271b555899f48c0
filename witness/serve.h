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

/*
 * Starts serving w on listen ("ADDR:PORT" or "[ADDR]:PORT", numeric;
 * port 0 picks a free one), taking each cosignature's time from now().
 * *port is the port bound.  The caller keeps w open until it has called
 * witness_serve_stop().
 */
int witness_serve_start(struct witness_server **out, struct witness *w,
    const char *listen, int64_t (*now)(void), unsigned *port);
/* Stops accepting, finishes or drops the connections, frees s. */
void witness_serve_stop(struct witness_server *s);

#endif
