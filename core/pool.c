/*
 * A small ordered work pool (see pool.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"
#include "core/pool.h"


struct pool {
	const struct pool_job *job;
	pthread_mutex_t mu;
	pthread_cond_t can_start; /* a slot is free again */
	pthread_cond_t finished;  /* an item is done */
	size_t next;              /* next i to start */
	size_t handed;            /* items given to done() so far */
	unsigned char *ready;     /* per slot: work finished */
};

unsigned
pool_threads(void)
{
	const char *env = getenv("INKAN_THREADS");
	long n;

	if (env && *env) {
		char *end;
		n = strtol(env, &end, 10);
		if (*end == '\0' && n >= 1)
			return n > POOL_MAX_THREADS ? POOL_MAX_THREADS :
			    (unsigned)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)n;
}

/* The number of the thread in the pool it works for (pool_worker). */
static _Thread_local unsigned worker_no;

unsigned
pool_worker(void)
{
	return worker_no;
}

struct pool_thread {
	struct pool *p;
	unsigned t;
};

static void *
worker(void *arg)
{
	struct pool_thread *w = arg;
	struct pool *p = w->p;
	const struct pool_job *j = p->job;

	worker_no = w->t;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next < j->n && p->next >= p->handed + j->window)
			pthread_cond_wait(&p->can_start, &p->mu);
		if (p->next >= j->n)
			break;
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		j->work(j->ctx, i, i % j->window);
		pthread_mutex_lock(&p->mu);
		p->ready[i % j->window] = 1;
		pthread_cond_signal(&p->finished);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
run_inline(const struct pool_job *j)
{
	for (size_t i = 0; i < j->n; i++) {
		j->work(j->ctx, i, i % j->window);
		j->done(j->ctx, i, i % j->window);
	}
}

void
pool_run(const struct pool_job *j, unsigned nthreads)
{
	pthread_t tids[POOL_MAX_THREADS];
	struct pool_thread w[POOL_MAX_THREADS];
	struct pool p = { j, PTHREAD_MUTEX_INITIALIZER,
		PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0,
		NULL };
	unsigned started = 0;

	if (nthreads > POOL_MAX_THREADS)
		nthreads = POOL_MAX_THREADS;
	if (nthreads > j->n)
		nthreads = (unsigned)j->n;
	if (nthreads <= 1 || j->window < 2 ||
	    (p.ready = calloc(j->window, 1)) == NULL) {
		run_inline(j);
		return;
	}
	/* Workers are numbered 0, 1 ... as they start, so that the numbers
	 * are those of the handles a caller opened for nthreads. */
	for (unsigned t = 0; t < nthreads; t++) {
		w[started] = (struct pool_thread){ &p, started };
		if (pthread_create(&tids[started], NULL, worker,
		    &w[started]) == 0)
			started++;
	}
	if (started == 0) {
		free(p.ready);
		run_inline(j);
		return;
	}
	for (size_t i = 0; i < j->n; i++) {
		size_t slot = i % j->window;
		pthread_mutex_lock(&p.mu);
		while (!p.ready[slot])
			pthread_cond_wait(&p.finished, &p.mu);
		p.ready[slot] = 0;
		pthread_mutex_unlock(&p.mu);
		j->done(j->ctx, i, slot);
		pthread_mutex_lock(&p.mu);
		p.handed = i + 1;
		pthread_cond_broadcast(&p.can_start);
		pthread_mutex_unlock(&p.mu);
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.can_start);
	pthread_cond_destroy(&p.finished);
	free(p.ready);
}

struct pool_for {
	const struct pool_for_job *job;
	pthread_mutex_t mu;
	size_t next;
	int rc;                 /* the first failure */
	char err[1024];         /* its message */
};

struct pool_for_thread {
	struct pool_for *p;
	unsigned t;
};

static void *
for_worker(void *arg)
{
	struct pool_for_thread *w = arg;
	struct pool_for *p = w->p;
	const struct pool_for_job *j = p->job;
	unsigned outer = worker_no;

	worker_no = w->t;
	for (;;) {
		size_t i;
		int rc;
		pthread_mutex_lock(&p->mu);
		i = p->rc == 0 ? p->next++ : j->n;
		pthread_mutex_unlock(&p->mu);
		if (i >= j->n)
			break;
		if ((rc = j->each(j->ctx, w->t, i)) != 0) {
			pthread_mutex_lock(&p->mu);
			if (p->rc == 0) {
				p->rc = rc;
				snprintf(p->err, sizeof(p->err), "%s",
				    ink_error_last());
			}
			pthread_mutex_unlock(&p->mu);
		}
	}
	if (j->thread_end)
		j->thread_end(j->ctx, w->t);
	worker_no = outer;
	return NULL;
}

int
pool_for(const struct pool_for_job *j, unsigned nthreads)
{
	pthread_t tids[POOL_MAX_THREADS];
	struct pool_for_thread w[POOL_MAX_THREADS];
	struct pool_for p = { j, PTHREAD_MUTEX_INITIALIZER, 0, 0, "" };
	unsigned started[POOL_MAX_THREADS] = { 0 };

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > POOL_MAX_THREADS)
		nthreads = POOL_MAX_THREADS;
	for (unsigned t = 0; t < nthreads; t++)
		w[t] = (struct pool_for_thread){ &p, t };
	for (unsigned t = 1; t < nthreads; t++)
		started[t] = pthread_create(&tids[t], NULL, for_worker,
		    &w[t]) == 0;
	for_worker(&w[0]);
	for (unsigned t = 1; t < nthreads; t++)
		if (started[t])
			pthread_join(tids[t], NULL);
	pthread_mutex_destroy(&p.mu);
	if (p.rc != 0)
		return ink_error(p.rc, "%s", p.err);
	return 0;
}
