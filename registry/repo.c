/*
 * The registry's git repository through libgit2.
 */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "core/error.h"
#include "core/file.h"
#include "keys/formats.h"
#include "registry/repo.h"

struct repo {
	git_repository *git;
	char *path;
	int has_head;
	git_oid head_oid;
	char head_hex[GIT_OID_HEXSZ + 1];
	git_tree *head_tree;
	git_index *tx;
	int lock_fd;
	/* Large changes: objects queued in memory and written as one pack
	 * (see repo_tx_put) instead of thousands of loose files. */
	git_odb_backend *mempack;
	size_t nputs;
};

/* Past this many files in one change, objects go to one pack. */
#define REPO_PACK_AFTER 64

static int
git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return ink_error(code, "%s: %s", what, e && e->message ? e->message :
	    "libgit2 error");
}

/* No configuration outside the repository is ever read.  Objects are
 * written without a flush each: repo_tx_commit syncs the repository's
 * filesystem once before the branch moves and once after, which is as
 * durable and a thousand times cheaper for a batch of records. */
static void
lib_init(void)
{
	static int done;
	static const int levels[] = { GIT_CONFIG_LEVEL_SYSTEM,
		GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
		GIT_CONFIG_LEVEL_PROGRAMDATA };

	if (done)
		return;
	git_libgit2_init();
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "");
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	done = 1;
}

static int
load_head(struct repo *r)
{
	git_commit *c = NULL;
	int e;

	git_tree_free(r->head_tree);
	r->head_tree = NULL;
	r->has_head = 0;
	r->head_hex[0] = '\0';
	e = git_reference_name_to_id(&r->head_oid, r->git, "HEAD");
	if (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH)
		return 0;
	if (e < 0)
		return git_fail(INK_EINPUT, "cannot read HEAD");
	if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
	    git_commit_tree(&r->head_tree, c) < 0) {
		git_commit_free(c);
		return git_fail(INK_EINPUT, "cannot read the HEAD commit");
	}
	git_commit_free(c);
	git_oid_tostr(r->head_hex, sizeof(r->head_hex), &r->head_oid);
	r->has_head = 1;
	return 0;
}

static int
repo_new(struct repo **out, const char *dir)
{
	struct repo *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->path = strdup(dir)) == NULL) {
		free(r);
		return ink_error(INK_EINPUT, "out of memory");
	}
	r->lock_fd = -1;
	*out = r;
	return 0;
}

int
repo_init(struct repo **out, const char *dir)
{
	git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	struct repo *r = NULL;
	DIR *d;
	int rc;

	*out = NULL;
	lib_init();
	if ((d = opendir(dir)) != NULL) {
		struct dirent *de;
		int empty = 1;
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		closedir(d);
		if (!empty)
			return ink_error(INK_EEXIST, "'%s' exists and is not "
			    "empty: not creating a registry there", dir);
	}
	if ((rc = repo_new(&r, dir)) != 0)
		return rc;
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
	    GIT_REPOSITORY_INIT_MKDIR;
	o.initial_head = "main";
	if (git_repository_init_ext(&r->git, dir, &o) < 0) {
		rc = git_fail(INK_EINPUT, "cannot create the registry");
		repo_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
repo_open(struct repo **out, const char *dir)
{
	struct repo *r = NULL;
	int rc;

	*out = NULL;
	lib_init();
	if ((rc = repo_new(&r, dir)) != 0)
		return rc;
	if (git_repository_open_ext(&r->git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0) {
		rc = ink_error(INK_EINPUT, "'%s' is not a registry (no git "
		    "repository there)", dir);
		repo_close(r);
		return rc;
	}
	if ((rc = load_head(r)) != 0) {
		repo_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

void
repo_close(struct repo *r)
{
	if (r == NULL)
		return;
	repo_tx_abort(r);
	git_tree_free(r->head_tree);
	git_repository_free(r->git);
	free(r->path);
	free(r);
}

const char *
repo_path(const struct repo *r)
{
	return r->path;
}

const char *
repo_gitdir(const struct repo *r)
{
	return git_repository_path(r->git);
}

int
repo_has_head(struct repo *r)
{
	return r->has_head;
}

const char *
repo_head(struct repo *r)
{
	return r->head_hex;
}

static int
read_tree_path(struct buf *out, struct repo *r, git_tree *tree,
    const char *path, size_t max)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	int rc = 0;

	buf_init(out, max);
	if (tree == NULL)
		return INK_ENOTFOUND;
	if (git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return INK_ENOTFOUND;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		rc = ink_error(INK_ENO, "'%s' in the registry is not a regular "
		    "file", path);
		goto cleanup;
	}
	if (git_blob_lookup(&b, r->git, git_tree_entry_id(e)) < 0) {
		rc = git_fail(INK_EINPUT, path);
		goto cleanup;
	}
	if ((size_t)git_blob_rawsize(b) > max) {
		rc = ink_error(INK_EINPUT, "'%s' in the registry is larger than "
		    "the limit of %zu bytes", path, max);
		goto cleanup;
	}
	rc = buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
cleanup:
	git_blob_free(b);
	git_tree_entry_free(e);
	return rc;
}

int
repo_read(struct buf *out, struct repo *r, const char *path, size_t max)
{
	return read_tree_path(out, r, r->head_tree, path, max);
}

int
repo_exists(struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	int yes;

	if (r->head_tree == NULL)
		return 0;
	yes = git_tree_entry_bypath(&e, r->head_tree, path) == 0;
	git_tree_entry_free(e);
	git_error_clear();
	return yes;
}

int
repo_read_at(struct buf *out, struct repo *r, const char *rev,
    const char *path, size_t max)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc;

	buf_init(out, max);
	if (git_oid_fromstr(&oid, rev) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return git_fail(INK_EINPUT, "cannot read a registry commit");
	}
	rc = read_tree_path(out, r, t, path, max);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

void
repo_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
repo_list(char ***out, size_t *n, struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *t = NULL;
	char **v = NULL;
	size_t count, i;

	*out = NULL;
	*n = 0;
	if (r->head_tree == NULL)
		return 0;
	if (git_tree_entry_bypath(&e, r->head_tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&t, r->git, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return ink_error(INK_ENO, "'%s' in the registry is not a folder",
		    path);
	}
	git_tree_entry_free(e);
	count = git_tree_entrycount(t);
	if (count && (v = calloc(count, sizeof(*v))) == NULL) {
		git_tree_free(t);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (i = 0; i < count; i++)
		if ((v[i] = strdup(git_tree_entry_name(
		    git_tree_entry_byindex(t, i)))) == NULL) {
			repo_list_free(v, i);
			git_tree_free(t);
			return ink_error(INK_EINPUT, "out of memory");
		}
	git_tree_free(t);
	*out = v;
	*n = count;
	return 0;
}

/* A tracked path under the folders inkan writes is inkan's own: a writer
 * killed (or out of disk) while updating the working tree leaves such
 * paths missing, old or cut short, and HEAD, not the working tree, is
 * the registry.  Anything else (a new file, another path) is someone's. */
static int
own_leftover(const char *path)
{
	static const char *const mine[] = { "records/", "log/", "links/",
		"signers/", "catalogs/", "root/", "inkan-registry.json", NULL };

	for (size_t i = 0; mine[i]; i++)
		if (strncmp(path, mine[i], strlen(mine[i])) == 0)
			return 1;
	return 0;
}

/* git's own lock files, left by a writer killed inside libgit2; under
 * inkan's flock no other inkan writer can be holding them. */
static void
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

static int
check_worktree(struct repo *r)
{
	git_status_options o = GIT_STATUS_OPTIONS_INIT;
	git_status_list *l = NULL;
	int rc = 0, repair = 0;

	if (git_repository_is_bare(r->git) || !r->has_head)
		return 0;
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&l, r->git, &o) < 0)
		return git_fail(INK_EINPUT, "cannot read the working tree");
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
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (git_checkout_head(r->git, &co) < 0)
			rc = git_fail(INK_EINPUT, "cannot repair the working tree");
	}
	return rc;
}

int
repo_tx_begin(struct repo *r, int timeout_ms)
{
	char lock[4096];
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	int waited = 0, rc;

	if (r->lock_fd >= 0)
		return ink_error(INK_EINPUT, "a change is already under way");
	snprintf(lock, sizeof(lock), "%sinkan.lock",
	    git_repository_path(r->git));
	/* flock: the kernel drops the lock when its holder dies, so a
	 * crashed writer never blocks the registry. */
	r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (r->lock_fd < 0)
		return ink_error_sys(INK_EINPUT, "cannot open '%s'", lock);
	while (flock(r->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || waited >= timeout_ms) {
			close(r->lock_fd);
			r->lock_fd = -1;
			return ink_error(INK_EINPUT, "the registry is locked by "
			    "another writer (waited %d ms)", waited);
		}
		nanosleep(&nap, NULL);
		waited += 20;
	}
	if (ftruncate(r->lock_fd, 0) == 0)
		dprintf(r->lock_fd, "%ld\n", (long)getpid());
	clear_stale_locks(r);
	if ((rc = load_head(r)) != 0 || (rc = check_worktree(r)) != 0)
		goto fail;
	if (git_index_new(&r->tx) < 0) {
		rc = git_fail(INK_EINPUT, "cannot start a change");
		goto fail;
	}
	if (r->head_tree && git_index_read_tree(r->tx, r->head_tree) < 0) {
		rc = git_fail(INK_EINPUT, "cannot start a change");
		goto fail;
	}
	return 0;
fail:
	repo_tx_abort(r);
	return rc;
}

int
repo_tx_put(struct repo *r, const char *path, const void *data, size_t len)
{
	git_index_entry e;
	git_oid oid;

	if (r->tx == NULL)
		return ink_error(INK_EINPUT, "no change under way");
	if (++r->nputs > REPO_PACK_AFTER && r->mempack == NULL) {
		git_odb *odb = NULL;
		int ge = git_mempack_new(&r->mempack);
		if (ge == 0 && (ge = git_repository_odb(&odb, r->git)) == 0)
			ge = git_odb_add_backend(odb, r->mempack, 999);
		git_odb_free(odb);
		if (ge < 0)
			return git_fail(INK_EINPUT, "cannot queue objects");
	}
	if (git_blob_create_from_buffer(&oid, r->git, data, len) < 0)
		return git_fail(INK_EINPUT, "cannot store a file");
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_BLOB;
	e.id = oid;
	e.path = path;
	if (git_index_add(r->tx, &e) < 0)
		return git_fail(INK_EINPUT, "cannot stage a file");
	return 0;
}

/* The objects queued in memory, written as one pack with its index. */
static int
write_queued(struct repo *r)
{
	git_buf pack = { NULL, 0, 0 };
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress st;
	int rc = 0;

	if (r->mempack == NULL)
		return 0;
	memset(&st, 0, sizeof(st));
	if (git_mempack_dump(&pack, r->git, r->mempack) < 0 ||
	    git_repository_odb(&odb, r->git) < 0 ||
	    git_odb_write_pack(&wp, odb, NULL, NULL) < 0 ||
	    wp->append(wp, pack.ptr, pack.size, &st) < 0 ||
	    wp->commit(wp, &st) < 0)
		rc = git_fail(INK_EINPUT, "cannot write the change's objects");
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_buf_dispose(&pack);
	if (rc == 0)
		git_mempack_reset(r->mempack);
	return rc;
}

static int
sync_gitdir(struct repo *r)
{
	int fd = open(git_repository_path(r->git), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || syncfs(fd) != 0)
		rc = ink_error_sys(INK_EINPUT, "cannot sync the registry");
	if (fd >= 0)
		close(fd);
	return rc;
}

int
repo_tx_commit(struct repo *r, const char *message, const char *name,
    const char *email, int64_t when, EVP_PKEY *signer)
{
	git_buf content = { NULL, 0, 0 };
	struct buf armour = BUF_INIT(1 << 16);
	git_signature *sig = NULL;
	git_reference *head = NULL, *ref = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_oid, commit_oid;
	const char *branch = "refs/heads/main";
	int rc = 0;

	if (r->tx == NULL)
		return ink_error(INK_EINPUT, "no change under way");
	if (git_index_write_tree_to(&tree_oid, r->tx, r->git) < 0 ||
	    git_tree_lookup(&tree, r->git, &tree_oid) < 0) {
		rc = git_fail(INK_EINPUT, "cannot write the change");
		goto cleanup;
	}
	if (git_signature_new(&sig, name, email, (git_time_t)when, 0) < 0) {
		rc = git_fail(INK_EINPUT, "bad operator identity");
		goto cleanup;
	}
	if (git_reference_lookup(&head, r->git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		branch = git_reference_symbolic_target(head);
	if (r->has_head && git_commit_lookup(&parent, r->git,
	    &r->head_oid) < 0) {
		rc = git_fail(INK_EINPUT, "cannot read the HEAD commit");
		goto cleanup;
	}
	if (signer == NULL) {
		if (git_commit_create(&commit_oid, r->git, NULL, sig, sig, "UTF-8",
		    message, tree, parent ? 1 : 0,
		    (const git_commit **)(parent ? &parent : NULL)) < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the commit");
			goto cleanup;
		}
	} else {
		/* The commit as git would hash it, signed the way git signs
		 * with gpg.format=ssh. */
		if (git_commit_create_buffer(&content, r->git, sig, sig, "UTF-8",
		    message, tree, parent ? 1 : 0,
		    (const git_commit **)(parent ? &parent : NULL)) < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the commit");
			goto cleanup;
		}
		if ((rc = key_sshsig_sign(&armour, signer, content.ptr,
		    content.size, "git")) != 0)
			goto cleanup;
		if (git_commit_create_with_signature(&commit_oid, r->git,
		    content.ptr, buf_str(&armour), "gpgsig") < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the signed commit");
			goto cleanup;
		}
	}
	/* Everything the new commit points at is on disk before the branch
	 * points at it. */
	if ((rc = write_queued(r)) != 0 || (rc = sync_gitdir(r)) != 0)
		goto cleanup;
	/* The one atomic step: the branch moves only from where we began. */
	if (git_reference_create_matching(&ref, r->git, branch, &commit_oid,
	    r->has_head, r->has_head ? &r->head_oid : NULL, message) < 0) {
		rc = git_fail(INK_EINPUT, "the registry changed underneath this "
		    "change");
		goto cleanup;
	}
	if ((rc = sync_gitdir(r)) != 0 || (rc = load_head(r)) != 0)
		goto cleanup;
	if (!git_repository_is_bare(r->git)) {
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		/* The change is committed whatever happens here: a working
		 * tree left behind is repaired by the next writer. */
		if (git_checkout_head(r->git, &co) < 0)
			git_error_clear();
	}
cleanup:
	git_buf_dispose(&content);
	buf_release(&armour);
	git_reference_free(ref);
	git_reference_free(head);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	repo_tx_abort(r);
	return rc;
}

void
repo_tx_abort(struct repo *r)
{
	/* Objects still queued belong to a change that did not happen. */
	if (r->mempack)
		git_mempack_reset(r->mempack);
	r->nputs = 0;
	git_index_free(r->tx);
	r->tx = NULL;
	if (r->lock_fd >= 0) {
		flock(r->lock_fd, LOCK_UN);
		close(r->lock_fd);
		r->lock_fd = -1;
	}
}

int
repo_history(char ***out, size_t *n, struct repo *r)
{
	git_revwalk *w = NULL;
	git_oid oid;
	char **v = NULL;
	size_t count = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!r->has_head)
		return 0;
	if (git_revwalk_new(&w, r->git) < 0 || git_revwalk_push_head(w) < 0) {
		git_revwalk_free(w);
		return git_fail(INK_EINPUT, "cannot walk the history");
	}
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL);
	while (git_revwalk_next(&oid, w) == 0) {
		if (count == cap) {
			char **nv;
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = ink_error(INK_EINPUT, "out of memory");
				break;
			}
			v = nv;
		}
		if ((v[count] = malloc(GIT_OID_HEXSZ + 1)) == NULL) {
			rc = ink_error(INK_EINPUT, "out of memory");
			break;
		}
		git_oid_tostr(v[count++], GIT_OID_HEXSZ + 1, &oid);
	}
	git_revwalk_free(w);
	if (rc != 0) {
		repo_list_free(v, count);
		return rc;
	}
	*out = v;
	*n = count;
	return 0;
}

int
repo_changes(char ***out, size_t *n, struct repo *r, const char *rev)
{
	git_commit *c = NULL, *p = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_diff *d = NULL;
	git_oid oid;
	char **v = NULL;
	size_t count = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (git_oid_fromstr(&oid, rev) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0 ||
	    (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&p, c, 0) < 0 || git_commit_tree(&pt, p) < 0)) ||
	    git_diff_tree_to_tree(&d, r->git, pt, t, NULL) < 0) {
		rc = git_fail(INK_EINPUT, "cannot read a registry commit");
		goto cleanup;
	}
	count = git_diff_num_deltas(d);
	if (count && (v = calloc(count, sizeof(*v))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < count; i++) {
		const git_diff_delta *dd = git_diff_get_delta(d, i);
		char k = dd->status == GIT_DELTA_ADDED ? 'A' :
		    dd->status == GIT_DELTA_DELETED ? 'D' : 'M';
		const char *path = dd->status == GIT_DELTA_DELETED ?
		    dd->old_file.path : dd->new_file.path;
		size_t len = strlen(path) + 3;
		if ((v[i] = malloc(len)) == NULL) {
			repo_list_free(v, i);
			v = NULL;
			rc = ink_error(INK_EINPUT, "out of memory");
			goto cleanup;
		}
		snprintf(v[i], len, "%c %s", k, path);
	}
	*out = v;
	*n = count;
cleanup:
	git_diff_free(d);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(p);
	git_commit_free(c);
	return rc;
}
