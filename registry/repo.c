/*
 * The registry's git repository through libgit2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <openssl/evp.h>

#include "core/error.h"
#include "keys/formats.h"
#include "registry/repo_internal.h"

/* Past this many files in one change, objects go to one pack. */
#define REPO_PACK_AFTER 64

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
	/* libgit2 caches trees of at most 4 KiB: a registry's record folders
	 * (records/<kind>/ with 256 fan-out folders, each of those N/256
	 * entries) are larger, so every record lookup inflated and hashed
	 * them again (a quarter of a 10k site build).  Trees are a few MiB
	 * even at 100k records. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)1 << 20);
	/* Nor does it cache blobs, so the small index files read for every
	 * record (signers/<keyid>, an id per line, for each signer's
	 * accreditation) were read and inflated again each time: two loose
	 * files per record of a registry verify.  Blobs of at most 1 KiB
	 * are kept; records themselves are larger and read once. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB,
	    (size_t)1024);
	done = 1;
}

int
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
	memcpy(r->tip_hex, r->head_hex, sizeof(r->tip_hex));
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

int
repo_open_twin(struct repo **out, const struct repo *of)
{
	struct repo *r = NULL;
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = repo_new(&r, of->path)) != 0)
		return rc;
	if (git_repository_open_ext(&r->git, git_repository_path(of->git),
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = git_fail(INK_EINPUT, "cannot open the registry again");
		repo_close(r);
		return rc;
	}
	/* Pinned to the commit the first handle read, not to HEAD now. */
	if (of->has_head) {
		r->head_oid = of->head_oid;
		if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
		    git_commit_tree(&r->head_tree, c) < 0) {
			git_commit_free(c);
			rc = git_fail(INK_EINPUT, "cannot read the HEAD commit");
			repo_close(r);
			return rc;
		}
		git_commit_free(c);
		memcpy(r->head_hex, of->head_hex, sizeof(r->head_hex));
		memcpy(r->tip_hex, of->tip_hex, sizeof(r->tip_hex));
		r->has_head = 1;
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
	free(r->files);
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

/* The size and type of object id from its header, before it is read:
 * a small object that inflates to gigabytes (or a tree where a file
 * should be) is refused without inflating it.  The header is a few
 * bytes of a loose object or of a pack entry, or the object cache's. */
static int
blob_header_check(struct repo *r, const git_oid *id, const char *path,
    size_t max)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t len;
	int rc = 0;

	if (git_repository_odb(&odb, r->git) < 0 ||
	    git_odb_read_header(&len, &type, odb, id) < 0)
		rc = git_fail(INK_EINPUT, path);
	else if (type != GIT_OBJECT_BLOB)
		rc = ink_error(INK_ENO, "'%s' in the registry is not a regular "
		    "file", path);
	else if (len > max)
		rc = ink_error(INK_EINPUT, "'%s' in the registry is larger than "
		    "the limit of %zu bytes", path, max);
	git_odb_free(odb);
	return rc;
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
	if ((rc = blob_header_check(r, git_tree_entry_id(e), path, max)) != 0)
		goto cleanup;
	if (git_blob_lookup(&b, r->git, git_tree_entry_id(e)) < 0) {
		rc = git_fail(INK_EINPUT, path);
		goto cleanup;
	}
	/* (As the header said, or libgit2 would have failed.) */
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
repo_is_file(struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	int yes;

	if (r->head_tree == NULL)
		return 0;
	yes = git_tree_entry_bypath(&e, r->head_tree, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_LINK;
	git_tree_entry_free(e);
	git_error_clear();
	return yes;
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
repo_path_id(struct repo *r, const char *path, char hex[REPO_ID_HEX])
{
	git_tree_entry *e = NULL;

	hex[0] = '\0';
	if (r->head_tree == NULL ||
	    git_tree_entry_bypath(&e, r->head_tree, path) != 0) {
		git_error_clear();
		return INK_ENOTFOUND;
	}
	git_oid_tostr(hex, REPO_ID_HEX, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 0;
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
	const git_index_entry *had;
	git_index_entry e;
	git_oid oid, was;
	int same;
	struct txfile *f;
	struct txobj *q;

	if (r->tx == NULL)
		return ink_error(INK_EINPUT, "no change under way");
	if (++r->nputs > REPO_PACK_AFTER && r->pack == NULL) {
		git_odb *odb = NULL;
		int ge = txpack_new(&r->pack);
		if (ge == 0 && (ge = git_repository_odb(&odb, r->git)) == 0 &&
		    (ge = git_odb_add_backend(odb, txpack_backend(r->pack), 999)) != 0) {
			txpack_free(txpack_backend(r->pack));
			r->pack = NULL;
		}
		git_odb_free(odb);
		if (ge < 0)
			return git_fail(INK_EINPUT, "cannot queue objects");
	}
	if (r->pack == NULL) {
		if (git_blob_create_from_buffer(&oid, r->git, data, len) < 0)
			return git_fail(INK_EINPUT, "cannot store a file");
	} else {
		/* Straight to the queue: libgit2 would look for the object
		 * first and rescan the packs folder for each miss. */
		git_odb *odb = NULL;
		int ge = git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
		if (ge == 0 && (ge = git_repository_odb(&odb, r->git)) == 0 &&
		    !git_odb_exists_ext(odb, &oid, GIT_ODB_LOOKUP_NO_REFRESH))
			ge = txpack_write(txpack_backend(r->pack), &oid, data, len,
			    GIT_OBJECT_BLOB);
		git_odb_free(odb);
		if (ge < 0)
			return git_fail(INK_EINPUT, "cannot store a file");
	}
	/* (git_index_add changes the entry it replaces in place) */
	had = git_index_get_bypath(r->tx, path, 0);
	same = had && had->mode == GIT_FILEMODE_BLOB;
	if (same)
		was = had->id;
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_BLOB;
	e.id = oid;
	e.path = path;
	if (git_index_add(r->tx, &e) < 0)
		return git_fail(INK_EINPUT, "cannot stage a file");
	/* The working tree gets only what changed (repo_tx_commit). */
	if (same && git_oid_equal(&was, &oid))
		return 0;
	if (r->nfiles == r->filecap) {
		size_t cap = r->filecap ? r->filecap * 2 : 64;
		struct txfile *v = realloc(r->files, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		r->files = v;
		r->filecap = cap;
	}
	f = &r->files[r->nfiles];
	q = r->pack ? txpack_find(r->pack, &oid) : NULL;
	f->owned = q == NULL;
	if ((f->path = strdup(path)) == NULL ||
	    (f->data = q ? q->raw : malloc(len ? len : 1)) == NULL) {
		free(f->path);
		return ink_error(INK_EINPUT, "out of memory");
	}
	if (f->owned)
		memcpy(f->data, data, len);
	f->len = len;
	f->id = oid;
	r->nfiles++;
	return 0;
}

/* The objects queued in memory, written as one pack with its index. */
static int
write_queued(struct repo *r)
{
	git_odb *odb = NULL;
	int rc = 0;

	if (r->pack == NULL || txpack_count(r->pack) == 0)
		return 0;
	if (txpack_store(git_repository_path(r->git), r->pack) != 0)
		return git_fail(INK_EINPUT, "cannot write the change's objects");
	/* libgit2 finds the new pack from now on. */
	if (git_repository_odb(&odb, r->git) < 0 || git_odb_refresh(odb) < 0)
		rc = git_fail(INK_EINPUT, "cannot read the change's objects");
	git_odb_free(odb);
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

static void
files_clear(struct repo *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		if (r->files[i].owned)
			free(r->files[i].data);
	}
	r->nfiles = 0;
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
	/* The change is committed whatever happens here: a working tree
	 * left behind is repaired by the next writer. */
	if (!git_repository_is_bare(r->git))
		(void)update_worktree(r, tree);
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
	if (r->pack)
		txpack_reset(r->pack);
	r->nputs = 0;
	files_clear(r);
	git_index_free(r->tx);
	r->tx = NULL;
	if (r->lock_fd >= 0) {
		flock(r->lock_fd, LOCK_UN);
		close(r->lock_fd);
		r->lock_fd = -1;
	}
}

