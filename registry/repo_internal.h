/*
 * What the files behind registry/repo.h share (repo.c, pack.c, worktree.c,
 * history.c): the repository handle and libgit2.  The rest of registry/
 * uses repo.h only.
 */
#ifndef INK_REPO_INTERNAL_H
#define INK_REPO_INTERNAL_H

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "core/error.h"
#include "registry/repo.h"

struct repo {
	git_repository *git;
	char *path;
	int has_head;
	git_oid head_oid;
	char head_hex[GIT_OID_HEXSZ + 1];
	char tip_hex[GIT_OID_HEXSZ + 1]; /* HEAD, when head_* is pinned to
	                                  * an older commit (repo_pin) */
	git_tree *head_tree;
	git_index *tx;
	int lock_fd;
	/* Large changes: objects queued in memory and written as one pack
	 * (see repo_tx_put) instead of thousands of loose files. */
	struct txpack *pack;
	size_t nputs;
	/* The files this change writes, for the working tree. */
	struct txfile *files;
	size_t nfiles, filecap;
};

struct txfile {
	char *path;
	git_oid id;
	unsigned char *data;
	size_t len;
	int owned;      /* else borrowed from the queued objects */
};

/* libgit2's last error as ours: code, "what: reason" (inline, so that
 * every file here reports alike without depending on another). */
static inline int
git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return ink_error(code, "%s: %s", what, e && e->message ? e->message :
	    "libgit2 error");
}

/* repo.c */
/* Reads HEAD (or the commit pinned) again. */
int load_head(struct repo *r);

/* pack.c: the objects of a large change, queued in memory. */
struct txobj {
	git_oid id;
	git_object_t type;
	size_t len;
	unsigned char *raw;
	size_t off;     /* of the entry in the pack */
	uint32_t crc;   /* of the entry's bytes, as the index wants */
};
struct txpack;
/* A new queue, to be added to the repository's odb as a backend (its
 * free function then belongs to the odb).  0, or -1 with libgit2's
 * error set. */
int txpack_new(struct txpack **out);
git_odb_backend *txpack_backend(struct txpack *t);
/* Queues one object (the odb backend's write). */
void txpack_free(git_odb_backend *b);
int txpack_write(git_odb_backend *b, const git_oid *id, const void *data,
    size_t len, git_object_t type);
struct txobj *txpack_find(struct txpack *t, const git_oid *id);
size_t txpack_count(const struct txpack *t);
/* Writes the queued objects as one pack and its index under gitdir's
 * objects/pack: 0, or -1 with libgit2's error set. */
int txpack_store(const char *gitdir, struct txpack *t);
/* Forgets the queued objects (after the commit). */
void txpack_reset(struct txpack *t);

/* worktree.c */
/* git's own lock files a killed writer left behind, removed. */
void clear_stale_locks(struct repo *r);
/* Refuses (INK_EINPUT) a working tree with changes inkan did not make;
 * repairs the paths a killed writer left behind. */
int check_worktree(struct repo *r);
/* The working tree and git's index brought to tree, writing only the
 * files of r->files. */
int update_worktree(struct repo *r, git_tree *tree);

#endif
