/*
 * One handle on the registry for each worker thread: libgit2 wants its
 * own repository object on every thread.  The handles are opened once,
 * before the work, into an array indexed by the worker's number
 * (pool_worker(), core/pool.h); a worker takes its own with
 * reg_worker().  This is the one way the site build (model and pages)
 * and the audit give their workers a handle.
 *
 *	struct reg_workers w = REG_WORKERS_INIT;
 *	reg_workers_open(&w, g, dir, nthreads);
 *	pool_for(&job, w.n);            (each: reg_worker(&w))
 *	reg_workers_close(&w);
 */
#ifndef INK_REG_WORKERS_H
#define INK_REG_WORKERS_H

#include "core/pool.h"
#include "registry/registry.h"

struct repo;

/* Registry handles: g[0] is the caller's own (borrowed), g[1 .. n) were
 * opened for reading. */
struct reg_workers {
	struct reg *g[POOL_MAX_THREADS];
	unsigned n;
};
#define REG_WORKERS_INIT { { NULL }, 0 }

/* Opens handles for n workers (at most POOL_MAX_THREADS) on the registry
 * at dir, g being the first.  On failure those opened are closed. */
int reg_workers_open(struct reg_workers *w, struct reg *g, const char *dir,
    unsigned n);
/* The handle of the calling worker (g[0] outside a pool). */
struct reg *reg_worker(const struct reg_workers *w);
/* Closes the handles it opened (not g[0]). */
void reg_workers_close(struct reg_workers *w);

/* The same for code inside registry/ that reads the repository of an
 * open registry: twins of one repository (repo_open_twin), one per
 * worker.  A twin that could not be opened is NULL: that worker reads
 * nothing ahead. */
struct repo_workers {
	struct repo *r[POOL_MAX_THREADS];
	unsigned n;
};
#define REPO_WORKERS_INIT { { NULL }, 0 }

void repo_workers_open(struct repo_workers *w, const struct repo *of,
    unsigned n);
struct repo *repo_worker(const struct repo_workers *w);
void repo_workers_close(struct repo_workers *w);

#endif
