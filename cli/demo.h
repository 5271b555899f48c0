/*
 * The demo: a registry with a realistic cast (an operator, two audit
 * firms, two security experts, several organisations) and records that
 * show every state a reader meets (active, expired, revoked, superseded,
 * delisted by cascade), dated relative to today so it stays current.
 * Every record goes through the same signing and registration code as
 * real ones; the keys are throwaway demo keys, clearly labelled.
 */
#ifndef INK_DEMO_H
#define INK_DEMO_H

#include <stdio.h>

/* Where the demo's site is served (python3 -m http.server -d DIR/site
 * DEMO_PORT): its base URL, in the QR codes and feeds. */
#define DEMO_PORT "8000"
#define DEMO_URL "http://localhost:" DEMO_PORT "/"

/* Builds DIR/registry and DIR/private (keys, bundles, documents) and
 * DIR/site (base URL DEMO_URL, cloned from DIR/registry's absolute path),
 * and describes each step on log (may be NULL).  Refuses an existing
 * DIR. */
int demo_build(const char *dir, FILE *log);

#endif
