/*
 * Work on several cores with results in order: pool_run() calls work(i)
 * for every i in [0, n) on worker threads and done(i) for each, in order
 * 0, 1, 2 ..., on the calling thread, with at most `window` items between
 * the last done and the furthest started.  Each i has a slot (i % window)
 * the caller owns: work fills it, done empties it.
 */
#ifndef INK_POOL_H
#define INK_POOL_H

#include <stddef.h>

struct pool_job {
	size_t n;
	size_t window;
	void (*work)(void *ctx, size_t i, size_t slot);
	void (*done)(void *ctx, size_t i, size_t slot);
	void *ctx;
};

/* Work in any order: each(ctx, t, i) for every i in [0, n), on nthreads
 * threads numbered t = 0 (the calling thread) to nthreads - 1, so that a
 * caller can give each thread its own handles; thread_end (may be NULL)
 * runs on each thread when it has no more to do.  The first non-zero
 * return of each stops the taking of further items and is returned, its
 * message (ink_error_last() on the thread that failed) raised again on
 * the calling thread. */
struct pool_for_job {
	size_t n;
	int (*each)(void *ctx, unsigned t, size_t i);
	void (*thread_end)(void *ctx, unsigned t);
	void *ctx;
};
int pool_for(const struct pool_for_job *job, unsigned nthreads);

/* The number of the calling thread in the pool it works for, so that a
 * caller can keep one handle per worker in an array (registry/workers.h):
 * pool_for's t, or for pool_run's workers 0 ... nthreads - 1 in the order
 * they started.  Any other thread answers 0, pool_run's calling thread
 * too: done() must not use a worker's own handle. */
unsigned pool_worker(void);

/* The most worker threads a pool runs. */
#define POOL_MAX_THREADS 16

/* The number of worker threads to use: $INKAN_THREADS when set (1 means
 * none: everything on the calling thread), else the online cores, at
 * most POOL_MAX_THREADS. */
unsigned pool_threads(void);
/* Runs job on nthreads workers (<= 1: on the calling thread).  Falls back
 * to fewer threads, or none, when threads cannot be made. */
void pool_run(const struct pool_job *job, unsigned nthreads);

#endif
