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

/* Builds DIR/registry and DIR/private (keys, bundles, documents) and
 * describes each step on log (may be NULL).  Refuses an existing DIR. */
int demo_build(const char *dir, FILE *log);

#endif
