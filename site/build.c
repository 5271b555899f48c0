/*
 * inkan site build: reads the registry once (verifying every record),
 * then writes the pages, the machine-readable files and the assets.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "core/file.h"
#include "core/pool.h"
#include "site/site_int.h"

/* Threads: pool_threads() (INKAN_THREADS, else one per online core), at
 * most SITE_MAX_THREADS. */
static size_t
site_threads(void)
{
	unsigned n = pool_threads();

	return n > SITE_MAX_THREADS ? SITE_MAX_THREADS : (size_t)n;
}

/* What the mark says to someone who finds it. */
static const char mark[] = SITE_MARK_MAGIC
    "This folder is a site made by `inkan site build`.  The next build\n"
    "into it removes every file under ja/, en/, api/ and assets/ that\n"
    "it does not write itself.\n";

/* 1 when the folder dfd holds a SITE_MARK file (not a link) that starts
 * as one. */
static int
has_mark(int dfd)
{
	char head[sizeof(SITE_MARK_MAGIC) - 1];
	ssize_t n;
	int fd;

	if ((fd = openat(dfd, SITE_MARK, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK)) < 0)
		return 0;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n == (ssize_t)sizeof(head) &&
	    memcmp(head, SITE_MARK_MAGIC, sizeof(head)) == 0;
}

int
site_out_check(const char *out, int force)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, empty = 1, marked;

	if (lstat(out, &st) != 0 && errno == ENOENT)
		return 0;
	/* OUT itself may be a link to a folder: the user named it. */
	if ((fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return errno == ENOTDIR ? ink_error(INK_EINPUT, "'%s' is not "
		    "a folder", out) : ink_error_sys(INK_EINPUT, "cannot read "
		    "folder '%s'", out);
	marked = has_mark(fd);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return ink_error_sys(INK_EINPUT, "cannot read folder '%s'",
		    out);
	}
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	if (empty || marked || force)
		return 0;
	return ink_error(INK_EINPUT, "'%s' is not empty and holds no site "
	    "built by inkan (no %s in it): give --force to build into it "
	    "anyway", out, SITE_MARK);
}

int
site_build(struct site_stats *stats, const struct site_opts *o)
{
	struct site s;
	struct stat st;
	int rc;

	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	s.o = o;
	s.stats = stats;
	s.rootfd = -1;
	if ((rc = site_out_check(o->out, o->force)) != 0)
		return rc;
	pthread_mutex_init(&s.lock, NULL);
	/* A new OUT is built in a staging folder beside it with plain
	 * writes and renamed into place once at the end, so that no one sees
	 * half a site; an existing OUT is updated file by file, each changed
	 * file renamed into place whole (write.c). */
	if (lstat(o->out, &st) != 0 && errno == ENOENT) {
		if ((size_t)snprintf(s.stage, sizeof(s.stage), "%s.%ld.staging",
		    o->out, (long)getpid()) >= sizeof(s.stage))
			return ink_error(INK_EINPUT, "'%s': path too long", o->out);
		if (mkdir(s.stage, 0755) != 0)
			return ink_error_sys(INK_EINPUT, "cannot make folder "
			    "'%s'", s.stage);
		s.root = s.stage;
		s.fresh = 1;
	} else {
		if (mkdir(o->out, 0755) != 0 && errno != EEXIST)
			return ink_error_sys(INK_EINPUT, "cannot make folder "
			    "'%s'", o->out);
		s.root = o->out;
	}
	/* Every file is written from this descriptor down (write.c). */
	if ((s.rootfd = open(s.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = ink_error_sys(INK_EINPUT, "cannot read folder '%s'",
		    s.root);
		goto cleanup;
	}
	if ((rc = cache_open(&s)) != 0 || (rc = site_list_present(&s)) != 0)
		goto cleanup;
	/* The mark first: a build that fails later leaves a folder the next
	 * build recognises. */
	if ((rc = site_write(&s, SITE_MARK, mark, sizeof(mark) - 1)) != 0)
		goto cleanup;
	/* (registry/repo.c raises libgit2's tree cache limit.) */
	if ((rc = reg_open(&s.g, o->registry, REG_READ)) != 0)
		goto cleanup;
	/* The checkpoint counts only with its witnesses' quorum (FORMAT.md
	 * 8.6): without it nothing is published. */
	{
		struct reg_quorum q;
		if ((rc = reg_quorum_check(s.g, o->now ? o->now : time_now(),
		    o->max_age, &q)) != 0)
			goto cleanup;
		stats->witnessed = q.witnesses > 0;
	}
	{
		const char *what;
		if ((stats->nunsigned = reg_unsigned(s.g, &what)) != 0)
			snprintf(stats->unsigned_what,
			    sizeof(stats->unsigned_what), "%s", what);
	}
	/* One registry handle per thread: libgit2 wants its own repository
	 * object on each. */
	if ((rc = reg_workers_open(&s.w, s.g, o->registry,
	    (unsigned)site_threads())) != 0)
		goto cleanup;
	if ((rc = model_build(&s.m, &s.w, o->at, o->progress,
	    o->progress_arg, cache_prev(&s), cache_keeper(&s))) != 0)
		goto cleanup;
	stats->records = s.m.n;
	stats->checked = s.m.n - s.m.nreused;
	stats->failed = s.m.nproblems;
	stats->worst = s.m.worst;
	stats->root_expired = s.m.root_expired;
	if ((rc = cache_digests(&s)) != 0 ||
	    (rc = site_assets(&s)) != 0 || (rc = pages_records(&s)) != 0 ||
	    (rc = pages_lists(&s)) != 0 || (rc = pages_entities(&s)) != 0 ||
	    (rc = pages_misc(&s)) != 0 || (rc = site_api(&s)) != 0 ||
	    (rc = site_feeds(&s)) != 0 || (!s.fresh &&
	    cache_prune_needed(&s) && (rc = site_prune(&s)) != 0) ||
	    (rc = cache_save(&s)) != 0)
		goto cleanup;
	if (s.fresh && rename(s.stage, o->out) != 0)
		rc = ink_error_sys(INK_EINPUT, "cannot rename '%s' to '%s'",
		    s.stage, o->out);
	else
		s.fresh = 0;
cleanup:
	/* A staging folder not renamed into place is removed. */
	if (s.fresh)
		file_remove_tree(s.stage, 0);
	page_spare_free();
	cache_free(&s);
	model_release(&s.m);
	reg_workers_close(&s.w);
	if (s.g)
		reg_close(s.g);
	pthread_mutex_destroy(&s.lock);
	site_dirs_close(&s);
	hmap_free(&s.paths);
	for (size_t i = 0; i < s.ncats; i++) {
		cJSON_Delete(s.cats[i]);
		free(s.cat_keys[i]);
	}
	free(s.cats);
	free(s.cat_keys);
	return rc;
}
