/*
 * The registry's git repository, through libgit2 and nothing else:
 * hermetic (no user or system configuration is read), every read taken
 * from the HEAD commit (never the working tree), and every change one
 * commit made in memory and published by a single compare-and-swap of
 * the branch, under a lock file that a crashed writer cannot leave
 * behind for good.
 */
#ifndef INK_REPO_H
#define INK_REPO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "core/buf.h"

struct repo;

/* Creates a repository in dir (which must not exist or be empty). */
int repo_init(struct repo **out, const char *dir);
/* Opens the repository at dir exactly (no search upwards). */
int repo_open(struct repo **out, const char *dir);
/* A second handle on the repository of of, reading the same commit as
 * of's HEAD (for another thread: libgit2 wants one repository object per
 * thread).  Read-only: no change may be made through it. */
int repo_open_twin(struct repo **out, const struct repo *of);
void repo_close(struct repo *r);
/* The folder the repository was opened at. */
const char *repo_path(const struct repo *r);
/* The repository's .git folder (with a trailing slash): where files
 * that must never be published live (the log key's location). */
const char *repo_gitdir(const struct repo *r);
/* Whether HEAD has a commit yet. */
int repo_has_head(struct repo *r);
/* Hex id of the HEAD commit ("" before the first commit). */
const char *repo_head(struct repo *r);

/* Reads path as of HEAD into out (at most max bytes): INK_ENOTFOUND when
 * absent. */
int repo_read(struct buf *out, struct repo *r, const char *path,
    size_t max);
/* Whether path exists as of HEAD (a regular file or a folder), without
 * reading it. */
int repo_exists(struct repo *r, const char *path);
/* 1 when path at HEAD is a regular file (a blob, not a symbolic link),
 * 0 when it is something else or nothing; its bytes are not read. */
int repo_is_file(struct repo *r, const char *path);
/* The git object id (hex) of a file or folder at HEAD: 0, or
 * INK_ENOTFOUND. */
#define REPO_ID_HEX 41
int repo_path_id(struct repo *r, const char *path, char hex[REPO_ID_HEX]);
/* Reads path as of the commit with hex id rev. */
int repo_read_at(struct buf *out, struct repo *r, const char *rev,
    const char *path, size_t max);
/* Names in the folder path as of HEAD (sorted, caller frees each and the
 * array); an absent folder gives none. */
int repo_list(char ***out, size_t *n, struct repo *r, const char *path);
void repo_list_free(char **v, size_t n);

/* Starts a change: takes the lock (waiting up to timeout_ms for another
 * writer; a lock whose process is gone is taken over), re-reads HEAD, and
 * refuses a working tree with changes inkan did not make. */
int repo_tx_begin(struct repo *r, int timeout_ms);
/* Stages path with data for the commit. */
int repo_tx_put(struct repo *r, const char *path, const void *data,
    size_t len);
/* Writes the commit (with an SSH signature in namespace "git" by signer
 * when not NULL, so `git verify-commit` can check it), moves the branch
 * only if it still points where repo_tx_begin found it, updates the
 * working tree, releases the lock. */
int repo_tx_commit(struct repo *r, const char *message, const char *name,
    const char *email, int64_t when, EVP_PKEY *signer);
/* Drops the staged change and releases the lock. */
void repo_tx_abort(struct repo *r);

/* Commit ids from HEAD back to the first commit, newest first. */
int repo_history(char ***out, size_t *n, struct repo *r);
/* Paths changed between commit rev's parent (none for the first) and rev:
 * each entry "A path", "M path" or "D path". */
int repo_changes(char ***out, size_t *n, struct repo *r, const char *rev);
/* Paths changed between commit rev and HEAD, under prefix (NULL: all),
 * as repo_changes has them; INK_ENOTFOUND when rev is not a commit of
 * this repository. */
int repo_diff(char ***out, size_t *n, struct repo *r, const char *rev,
    const char *prefix);

/* HEAD's commit id, also while reads are pinned to an older commit. */
const char *repo_tip(struct repo *r);
/* Every read (repo_read, repo_list, ...) from now on is of commit hex
 * instead of HEAD: a reader that found HEAD unsigned reads the last
 * signed commit.  Not while a change is under way. */
int repo_pin(struct repo *r, const char *hex);
/* The first parent of commit hex: 0, or INK_ENOTFOUND for a first
 * commit. */
int repo_parent(struct repo *r, const char *hex, char out[REPO_ID_HEX]);
/* One line naming commit hex: short id, author and summary. */
int repo_commit_line(struct repo *r, const char *hex, char *out,
    size_t len);
/* Moves the branch HEAD names to commit hex (git reset --hard), after
 * keeping the old tip under the reference keep_ref. */
int repo_reset_to(struct repo *r, const char *hex, const char *keep_ref);

#endif
