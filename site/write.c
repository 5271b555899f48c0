/*
 * Writing the site's files.  A file whose bytes are already what would
 * be written is left alone (neither its content nor its time changes),
 * so an unchanged record keeps its page as it was and a copy tool or web
 * cache sees only what changed.  A changed file is written to a
 * temporary name beside it and renamed over it, so a reader never sees
 * half a page (a new site is written into a staging folder instead, see
 * site_build).  No fsync: the site is derived from the registry and can
 * be built again, and a large one has hundreds of thousands of files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/codec.h"
#include "core/error.h"
#include "site/site_int.h"

/*
 * Links.  Nothing is written through a symbolic link inside OUT (OUT
 * itself may be one: the user chose it).  Every folder is opened from
 * OUT's own descriptor one name at a time with O_NOFOLLOW, and made
 * there when missing; a link, or any other file, where the site has a
 * folder stops the build (the operator should see who put it there).
 * Files are opened with O_NOFOLLOW in a folder so opened; a link where
 * the site has a file is replaced by the file (renameat replaces the
 * link itself, never its target).
 */
int
site_dir_at(int *out, int at, const char *name, const char *shown)
{
	struct stat st;
	int fd;

	*out = -1;
	for (int tries = 0; tries < 2; tries++) {
		fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd >= 0) {
			*out = fd;
			return 0;
		}
		if (errno != ENOENT)
			break;
		if (mkdirat(at, name, 0755) != 0 && errno != EEXIST)
			return ink_error_sys(INK_EINPUT, "cannot make folder "
			    "'%s'", shown);
	}
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return ink_error(INK_EINPUT, "'%s' is a symbolic link: the "
		    "site is never written through one (remove it)", shown);
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(st.st_mode))
		return ink_error(INK_EINPUT, "'%s' is not a folder", shown);
	return ink_error_sys(INK_EINPUT, "cannot open folder '%s'", shown);
}

/* The descriptor of the folder rel (a path under OUT, "" for OUT),
 * opened and made as above, each folder once a build (under s->lock). */
static int
dir_get(int *out, struct site *s, const char *rel)
{
	char path[PATH_MAX];
	const char *name;
	char **v;
	int *fds, at, fd, rc;
	size_t n;

	if (rel[0] == '\0') {
		*out = s->rootfd;
		return 0;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->root, rel) >=
	    sizeof(path))
		return ink_error(INK_EINPUT, "'%s/%s': path too long", s->root,
		    rel);
	for (size_t i = 0; i < s->ndirs; i++)
		if (strcmp(s->dirs[i], path) == 0) {
			*out = s->dirfds[i];
			return 0;
		}
	/* Its parent first. */
	if ((name = strrchr(rel, '/')) != NULL) {
		char parent[PATH_MAX];
		snprintf(parent, sizeof(parent), "%.*s", (int)(name - rel),
		    rel);
		if ((rc = dir_get(&at, s, parent)) != 0)
			return rc;
		name++;
	} else {
		at = s->rootfd;
		name = rel;
	}
	if ((rc = site_dir_at(&fd, at, name, path)) != 0)
		return rc;
	n = s->ndirs + 1;
	if ((v = realloc(s->dirs, n * sizeof(*v))) != NULL)
		s->dirs = v;
	if ((fds = realloc(s->dirfds, n * sizeof(*fds))) != NULL)
		s->dirfds = fds;
	if (v == NULL || fds == NULL || (v[s->ndirs] = strdup(path)) == NULL) {
		close(fd);
		return ink_error(INK_EINPUT, "out of memory");
	}
	fds[s->ndirs++] = fd;
	*out = fd;
	return 0;
}

void
site_dirs_close(struct site *s)
{
	for (size_t i = 0; i < s->ndirs; i++) {
		close(s->dirfds[i]);
		free(s->dirs[i]);
	}
	free(s->dirs);
	free(s->dirfds);
	s->dirs = NULL;
	s->dirfds = NULL;
	s->ndirs = 0;
	if (s->rootfd >= 0)
		close(s->rootfd);
	s->rootfd = -1;
}

/* 1 when the file name in folder dfd holds exactly data (its inode in
 * *ino). */
static int
same(int dfd, const char *name, const unsigned char *data, size_t len,
    uint64_t *ino)
{
	unsigned char chunk[65536];
	struct stat st;
	size_t off = 0;
	int fd, eq = 1;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return 0;
	*ino = (uint64_t)st.st_ino;
	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	while (eq && off < len) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n <= 0 || (size_t)n > len - off ||
		    memcmp(chunk, data + off, (size_t)n) != 0)
			eq = 0;
		else
			off += (size_t)n;
	}
	close(fd);
	return eq;
}

/* Writes all of p to name in folder dfd (created or truncated, links not
 * followed), with no fsync (see above); the file's inode in *ino, path
 * for messages. */
static int
write_whole(int dfd, const char *name, const char *path,
    const unsigned char *p, size_t len, uint64_t *ino)
{
	struct stat st;
	size_t off = 0;
	int fd, rc;

	if ((fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
			close(fd);
			return rc;
		}
		off += (size_t)n;
	}
	*ino = fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
	if (close(fd) != 0)
		return ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
	return 0;
}

/* A file of a new site: its folder is a staging folder no one reads
 * until the build renames it into place, so the file is written as it
 * is, with no temporary name and nothing to compare. */
static int
write_new(struct site *s, int dfd, const char *name, const char *path,
    const unsigned char *p, size_t len, uint64_t *ino)
{
	int rc;

	if ((rc = write_whole(dfd, name, path, p, len, ino)) != 0)
		return rc;
	pthread_mutex_lock(&s->lock);
	s->stats->written++;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

int
site_write(struct site *s, const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX], tmp[NAME_MAX + 1], dir[PATH_MAX];
	uint64_t h = site_path_hash(rel), dh, ino = 0;
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	int dfd, rc;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - rel) : 0, rel);
	dh = site_path_hash(dir);

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->root, rel) >=
	    sizeof(path) || (size_t)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp",
	    name, (long)getpid()) >= sizeof(tmp))
		return ink_error(INK_EINPUT, "'%s/%s': path too long",
		    s->root, rel);
	pthread_mutex_lock(&s->lock);
	if ((rc = dir_get(&dfd, s, dir)) == 0 && !s->fresh)
		rc = site_path_note(s, h);
	pthread_mutex_unlock(&s->lock);
	if (rc != 0)
		return rc;
	if (s->fresh) {
		if ((rc = write_new(s, dfd, name, path, data, len, &ino)) == 0)
			rc = cache_wrote(h, dh, ino);
		return rc;
	}
	if (same(dfd, name, data, len, &ino)) {
		pthread_mutex_lock(&s->lock);
		s->stats->unchanged++;
		pthread_mutex_unlock(&s->lock);
		return cache_wrote(h, dh, ino);
	}
	if ((rc = write_whole(dfd, tmp, path, data, len, &ino)) != 0) {
		unlinkat(dfd, tmp, 0);
		return rc;
	}
	if (renameat(dfd, tmp, dfd, name) != 0) {
		rc = ink_error_sys(INK_EINPUT, "cannot rename '%s' to '%s'",
		    tmp, path);
		unlinkat(dfd, tmp, 0);
		return rc;
	}
	pthread_mutex_lock(&s->lock);
	s->stats->written++;
	pthread_mutex_unlock(&s->lock);
	return cache_wrote(h, dh, ino);
}

/* Under OUT/dir (rel is dir's path under OUT): with prune, removes
 * every file this build did not write, and the folders that leaves
 * empty; else tells the cache of every file there (cache_present).
 * Links are taken as files, never followed. */
static int
walk_dir(struct site *s, int parent, const char *name, char *rel,
    size_t rellen, int prune)
{
	DIR *d;
	struct dirent *de;
	int fd, rc = 0;

	if ((fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ?
		    0 : ink_error_sys(INK_EINPUT, "cannot read folder '%s/%s'",
		    s->root, rel);
	/* Listing: a folder as the last build left it is not read, only
	 * the folders in it are visited (its files are the cache's). */
	if (!prune) {
		const char *kids[256];
		size_t nk;
		if ((rc = cache_dir_seen(s, rel)) != 0) {
			close(fd);
			return rc;
		}
		if (cache_dir_trusted(s, rel)) {
			nk = cache_dir_children(s, rel, kids, 256);
			for (size_t i = 0; rc == 0 && i < nk; i++) {
				size_t n = strlen(kids[i]);
				if (rellen + 1 + n + 1 > PATH_MAX)
					continue;
				rel[rellen] = '/';
				memcpy(rel + rellen + 1, kids[i], n + 1);
				rc = walk_dir(s, fd, kids[i], rel, rellen + 1 + n,
				    prune);
				rel[rellen] = '\0';
			}
			close(fd);
			return rc;
		}
	}
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return ink_error_sys(INK_EINPUT, "cannot read folder '%s/%s'",
		    s->root, rel);
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		struct stat st;
		int dir;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (rellen + 1 + n + 1 > PATH_MAX)
			continue;
		rel[rellen] = '/';
		memcpy(rel + rellen + 1, de->d_name, n + 1);
		/* The entry's type from the folder itself where the file
		 * system gives it (no stat per file). */
		if (de->d_type != DT_UNKNOWN)
			dir = de->d_type == DT_DIR;
		else if (fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0)
			dir = S_ISDIR(st.st_mode);
		else
			dir = -1;
		if (dir < 0)
			;
		else if (dir) {
			rc = walk_dir(s, dirfd(d), de->d_name, rel,
			    rellen + 1 + n, prune);
			/* Empty now: a folder of an earlier build only. */
			if (prune)
				(void)unlinkat(dirfd(d), de->d_name,
				    AT_REMOVEDIR);
		} else if (!prune) {
			rc = cache_present(s, site_path_hash(rel),
			    (uint64_t)de->d_ino);
		} else if (!site_path_noted(s, rel)) {
			if (unlinkat(dirfd(d), de->d_name, 0) != 0 &&
			    errno != ENOENT)
				rc = ink_error_sys(INK_EINPUT, "cannot remove "
				    "'%s/%s'", s->root, rel);
			else
				s->stats->removed++;
		}
		rel[rellen] = '\0';
	}
	closedir(d);
	return rc;
}

static int
walk(struct site *s, int prune)
{
	static const char *const owned[] = { "ja", "en", "api", "assets", "log",
		NULL };
	char rel[PATH_MAX];
	int root, rc = 0;

	if ((root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot read folder '%s'",
		    s->root);
	for (size_t i = 0; rc == 0 && owned[i]; i++) {
		snprintf(rel, sizeof(rel), "%s", owned[i]);
		rc = walk_dir(s, root, owned[i], rel, strlen(rel), prune);
	}
	close(root);
	return rc;
}

int
site_prune(struct site *s)
{
	return walk(s, 1);
}

int
site_list_present(struct site *s)
{
	int rc;

	/* Only the folders that changed since the last build are read. */
	if (!cache_wants_listing(s))
		return 0;
	if ((rc = cache_trust_dirs(s)) != 0 || (rc = walk(s, 0)) != 0)
		return rc;
	cache_listed(s);
	return 0;
}
