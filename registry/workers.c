/*
 * One registry handle per worker thread, indexed by the worker's number
 * (see workers.h).
 */
#include "core/error.h"
#include "registry/repo.h"
#include "registry/workers.h"

int
reg_workers_open(struct reg_workers *w, struct reg *g, const char *dir,
    unsigned n)
{
	int rc;

	*w = (struct reg_workers)REG_WORKERS_INIT;
	if (n > POOL_MAX_THREADS)
		n = POOL_MAX_THREADS;
	w->g[0] = g;
	w->n = 1;
	while (w->n < n) {
		if ((rc = reg_open(&w->g[w->n], dir, REG_READ)) != 0) {
			reg_workers_close(w);
			return rc;
		}
		w->n++;
	}
	return 0;
}

struct reg *
reg_worker(const struct reg_workers *w)
{
	unsigned t = pool_worker();

	/* A pool runs on at most w->n threads; a number past them would be
	 * a caller's mistake, and the shared handle is not thread-safe. */
	return t < w->n ? w->g[t] : NULL;
}

void
reg_workers_close(struct reg_workers *w)
{
	for (unsigned t = 1; t < w->n; t++)
		reg_close(w->g[t]);
	*w = (struct reg_workers)REG_WORKERS_INIT;
}

void
repo_workers_open(struct repo_workers *w, const struct repo *of, unsigned n)
{
	*w = (struct repo_workers)REPO_WORKERS_INIT;
	if (n > POOL_MAX_THREADS)
		n = POOL_MAX_THREADS;
	for (w->n = 0; w->n < n; w->n++)
		if (repo_open_twin(&w->r[w->n], of) != 0) {
			ink_error_clear();
			w->r[w->n] = NULL;
		}
}

struct repo *
repo_worker(const struct repo_workers *w)
{
	unsigned t = pool_worker();

	return t < w->n ? w->r[t] : NULL;
}

void
repo_workers_close(struct repo_workers *w)
{
	for (unsigned t = 0; t < w->n; t++)
		repo_close(w->r[t]);
	*w = (struct repo_workers)REPO_WORKERS_INIT;
}
