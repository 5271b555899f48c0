/*
 * The working tree of the registry: refusing one with changes inkan did not
 * make, and bringing it (and git's index) to a new HEAD by writing only the
 * files a change wrote.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/file.h"
#include "registry/repo_internal.h"

/* Opens folder dir (relative to the working tree at root, made when
 * missing), never through a symbolic link. */
static int
open_dir(int root, const char *dir)
{
	char part[4096];
	int fd = dup(root);

	if (fd < 0 || strlen(dir) >= sizeof(part))
		goto fail;
	for (const char *c = dir; *c && fd >= 0;) {
		size_t n = strcspn(c, "/");
		int next;

		memcpy(part, c, n);
		part[n] = '\0';
		c += n + (c[n] == '/');
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		/* (another thread of update_worktree may make it first) */
		if (next < 0 && errno == ENOENT && (mkdirat(fd, part, 0777) == 0 ||
		    errno == EEXIST))
			next = openat(fd, part, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Writes one changed file of the working tree and fills its index entry
 * from what was written. */
static int
write_wt_file(int dirfd, const char *name, const struct txfile *f,
    git_index_entry *e)
{
	struct stat st;
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0666);
	if (fd < 0 && (errno == ELOOP || errno == EISDIR) &&
	    unlinkat(dirfd, name, 0) == 0)
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	if (file_write_fd(fd, f->data, f->len) != 0 || fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return -1;
	memset(e, 0, sizeof(*e));
	e->ctime.seconds = (int32_t)st.st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)st.st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
	e->dev = (uint32_t)st.st_dev;
	e->ino = (uint32_t)st.st_ino;
	e->mode = GIT_FILEMODE_BLOB;
	e->uid = (uint32_t)st.st_uid;
	e->gid = (uint32_t)st.st_gid;
	e->file_size = (uint32_t)st.st_size;
	e->id = f->id;
	e->path = f->path;
	/* Just written from these very bytes: no need to hash it again. */
	e->flags_extended = GIT_INDEX_ENTRY_UPTODATE;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct txfile *)a)->path,
	    ((const struct txfile *)b)->path);
}

/* Files [from, to) of a change written into the working tree at root,
 * each one's index entry filled in (ok[i] says it was). */
struct wt_job {
	const struct repo *r;
	int root;
	size_t from, to;
	git_index_entry *e;
	unsigned char *ok;
};

static void *
write_wt_range(void *arg)
{
	struct wt_job *j = arg;
	char dir[4096] = "";
	int dfd = -1;

	for (size_t i = j->from; i < j->to; i++) {
		const struct txfile *f = &j->r->files[i];
		const char *slash = strrchr(f->path, '/');
		size_t dl = slash ? (size_t)(slash - f->path) : 0;

		if (dl >= sizeof(dir))
			break;
		if (dfd < 0 || strlen(dir) != dl || memcmp(dir, f->path, dl)) {
			if (dfd >= 0 && dfd != j->root)
				close(dfd);
			memcpy(dir, f->path, dl);
			dir[dl] = '\0';
			dfd = dl ? open_dir(j->root, dir) : j->root;
			if (dfd < 0)
				break;
		}
		if (write_wt_file(dfd, slash ? slash + 1 : f->path, f,
		    &j->e[i]) != 0)
			break;
		j->ok[i] = 1;
	}
	if (dfd >= 0 && dfd != j->root)
		close(dfd);
	return NULL;
}

/* Past this many files, a second thread writes half of them: creating
 * files is the kernel's work, and the other core can share it. */
#define REPO_WT_THREAD_AFTER 256

/* The working tree and git's index brought to the new HEAD by writing
 * only the files this change wrote: the index is read from the new tree
 * (keeping what git knew of unchanged files) and each written file
 * entered with what it was written from, so neither the tree nor the
 * files are scanned or hashed again.  Anything cut short here is
 * repaired by the next writer (check_worktree). */
int
update_worktree(struct repo *r, git_tree *tree)
{
	git_index *idx = NULL;
	git_index_entry *e = NULL;
	unsigned char *ok = NULL;
	struct wt_job jobs[2];
	pthread_t th;
	int root = -1, rc = -1, threaded = 0;

	if (r->nfiles > 1)      /* (none: files may be NULL) */
		qsort(r->files, r->nfiles, sizeof(*r->files), by_path);
	if (git_repository_index(&idx, r->git) < 0 ||
	    git_index_read(idx, 1) < 0 || git_index_read_tree(idx, tree) < 0)
		goto done;
	if ((root = open(git_repository_workdir(r->git), O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) < 0)
		goto done;
	if ((e = calloc(r->nfiles + 1, sizeof(*e))) == NULL ||
	    (ok = calloc(r->nfiles + 1, 1)) == NULL)
		goto done;
	for (size_t k = 0; k < 2; k++) {
		jobs[k].r = r;
		jobs[k].root = root;
		jobs[k].e = e;
		jobs[k].ok = ok;
	}
	jobs[0].from = 0;
	jobs[0].to = jobs[1].from = r->nfiles / 2;
	jobs[1].to = r->nfiles;
	if (r->nfiles > REPO_WT_THREAD_AFTER &&
	    pthread_create(&th, NULL, write_wt_range, &jobs[1]) == 0)
		threaded = 1;
	else
		jobs[0].to = r->nfiles;
	write_wt_range(&jobs[0]);
	if (threaded)
		pthread_join(th, NULL);
	for (size_t i = 0; i < r->nfiles; i++)
		if (!ok[i] || git_index_add(idx, &e[i]) < 0)
			goto done;
	rc = git_index_write(idx) < 0 ? -1 : 0;
done:
	if (root >= 0)
		close(root);
	free(e);
	free(ok);
	git_index_free(idx);
	git_error_clear();
	return rc;
}

/* A tracked path under the folders inkan writes is inkan's own: a writer
 * killed (or out of disk) while updating the working tree leaves such
 * paths missing, old or cut short, and HEAD, not the working tree, is
 * the registry.  Anything else (a new file, another path) is someone's. */
static int
own_leftover(const char *path)
{
	static const char *const mine[] = { "records/", "log/", "links/",
		"services/",
		"signers/", "catalogs/", "root/", "inkan-registry.json", NULL };

	for (size_t i = 0; mine[i]; i++)
		if (strncmp(path, mine[i], strlen(mine[i])) == 0)
			return 1;
	return 0;
}

/* git's own lock files, left by a writer killed inside libgit2; under
 * inkan's flock no other inkan writer can be holding them. */
void
clear_stale_locks(struct repo *r)
{
	static const char *const names[] = { "index.lock", "HEAD.lock",
		"packed-refs.lock", "refs/heads/main.lock", NULL };
	char p[4096];

	for (size_t i = 0; names[i]; i++) {
		snprintf(p, sizeof(p), "%s%s", git_repository_path(r->git),
		    names[i]);
		unlink(p);
	}
}

int
check_worktree(struct repo *r)
{
	git_status_options o = GIT_STATUS_OPTIONS_INIT;
	git_status_list *l = NULL;
	int rc = 0, repair = 0;

	if (git_repository_is_bare(r->git) || !r->has_head)
		return 0;
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* UPDATE_INDEX: what libgit2 learns of files that are unchanged but
	 * whose stat data git's index does not match (copied, or written in
	 * the same second as the index) is written back, so that the next
	 * change does not read and hash every file of the registry again. */
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_UPDATE_INDEX;
	if (git_status_list_new(&l, r->git, &o) < 0) {
		/* (writing the index back can fail, e.g. while someone's git
		 * holds its lock: the status alone is what this needs) */
		git_error_clear();
		o.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		if (git_status_list_new(&l, r->git, &o) < 0)
			return git_fail(INK_EINPUT, "cannot read the working "
			    "tree");
	}
	for (size_t i = 0; i < git_status_list_entrycount(l) && rc == 0; i++) {
		const git_status_entry *s = git_status_byindex(l, i);
		const git_diff_delta *d = s->index_to_workdir ?
		    s->index_to_workdir : s->head_to_index;
		const char *path = d ? d->new_file.path : "?";

		git_tree_entry *te = NULL;
		int in_head;

		if (s->status & GIT_STATUS_IGNORED)
			continue;
		/* Tracked means in HEAD: after a checkout cut short, git's
		 * index may not know a file HEAD has. */
		in_head = r->head_tree &&
		    git_tree_entry_bypath(&te, r->head_tree, path) == 0;
		git_tree_entry_free(te);
		git_error_clear();
		if (((s->status & GIT_STATUS_WT_NEW) && !in_head) ||
		    !own_leftover(path))
			rc = ink_error(INK_EINPUT, "the registry's working tree "
			    "has changes inkan did not make ('%s'): commit or "
			    "remove them first", path);
		else
			repair = 1;
	}
	git_status_list_free(l);
	if (rc == 0 && repair) {
		/* git reset --hard: git's index too may be the old one (a
		 * writer killed before it wrote the new one), and a checkout
		 * alone would trust it. */
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
		git_commit *c = NULL;
		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
		    git_reset(r->git, (git_object *)c, GIT_RESET_HARD, &co) < 0)
			rc = git_fail(INK_EINPUT, "cannot repair the working tree");
		git_commit_free(c);
	}
	return rc;
}
