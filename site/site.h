/*
 * The public site: `inkan site build REGISTRY -o OUT` renders a registry
 * as static files (docs/FORMAT.md section 9): pages in Japanese and
 * English for the home, the register and its filtered views, every
 * record, the SOC 3-style summary of every audit, every organisation,
 * service and signer, revocations, a glossary and a compare view; and
 * api/index.json, one JSON per record, register.csv and Atom feeds.
 * Every record is verified while the site is built.  The output is the
 * same bytes for the same registry commit and time, and a file whose
 * content has not changed is not written again.  The build owns the
 * folders it writes (OUT/ja, OUT/en, OUT/api, OUT/assets): a file there
 * that this build did not write is left from an earlier one and removed;
 * other files in OUT are left alone.  So a build goes only into a
 * folder that is missing, empty or marked as a site by an earlier build
 * (SITE_MARK, which every build writes), unless forced; and it never
 * writes through a symbolic link inside OUT (site/write.c).
 */
#ifndef INK_SITE_H
#define INK_SITE_H

#include <stddef.h>
#include <stdint.h>

struct site_opts {
	const char *registry;   /* the registry's folder */
	const char *out;        /* the output folder */
	const char *base_url;   /* the site's absolute URL (QR codes, feeds),
	                         * or NULL */
	const char *clone_url;  /* where people clone the registry, or NULL */
	int64_t at;             /* statuses are computed at this time */
	int64_t now;            /* the time --max-age counts back from (0:
	                         * the clock, time_now) */
	int64_t max_age;        /* refuse a checkpoint whose witnesses'
	                         * quorum is older (0: no limit) */
	int full;               /* make every file, not trusting the cache of
	                         * the last build */
	int force;              /* build into a folder that is not empty
	                         * and has no SITE_MARK */
	/* Progress of a phase: what, done so far, total (may be NULL). */
	void (*progress)(void *arg, const char *what, size_t done,
	    size_t total);
	void *progress_arg;
};

struct site_stats {
	size_t records;         /* records in the registry's log */
	size_t failed;          /* records that did not verify */
	size_t checked;         /* records read and verified by this build
	                         * (the others as the last build found them,
	                         * from its cache) */
	size_t written;         /* files written (new or changed) */
	size_t unchanged;       /* files already as they would be written */
	size_t reused;          /* of those, files not made again: their
	                         * inputs had not changed since the last
	                         * build (its cache) */
	size_t removed;         /* files of an earlier build no longer part
	                         * of the site, removed */
	int worst;              /* the worst verification result, or 0 */
	int root_expired;       /* the trust root has expired at opts.at */
	int witnessed;          /* the root names witnesses (and a quorum
	                         * of them cosigned the checkpoint) */
	size_t nunsigned;       /* commits on the registry's HEAD the log key
	                         * did not sign: the site shows the last
	                         * signed commit */
	char unsigned_what[512];/* what reg_unsigned says of them */
};

/* The file in OUT that says an inkan build made it, and how it starts. */
#define SITE_MARK ".inkan-site"
#define SITE_MARK_MAGIC "inkan-site/1\n"

/* 0 when a site may be built into out: it is missing, an empty folder,
 * a folder with SITE_MARK in it, or force is set and it is a folder;
 * else an error (INK_EINPUT) naming the folder and --force.  Reads only. */
int site_out_check(const char *out, int force);

/* Builds the site (after site_out_check: nothing is written when that
 * refuses OUT).  0 when every file was written (records that failed
 * verification are shown as such and counted in stats->failed); an
 * error code when the registry cannot be read or a file not written. */
int site_build(struct site_stats *stats, const struct site_opts *o);

#endif
