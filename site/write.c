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
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "site/site_int.h"

static int
known_dir(struct site *s, const char *dir)
{
	for (size_t i = 0; i < s->ndirs; i++)
		if (strcmp(s->dirs[i], dir) == 0)
			return 1;
	return 0;
}

/* Makes every folder of path's parent. */
static int
make_parents(struct site *s, const char *path)
{
	char dir[PATH_MAX], *p;
	char **v;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((p = strrchr(dir, '/')) == NULL)
		return 0;
	*p = '\0';
	if (known_dir(s, dir))
		return 0;
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0755) != 0 && errno != EEXIST)
				return ink_error_sys(INK_EINPUT, "cannot make "
				    "folder '%s'", dir);
			*p = c;
			if (c == '\0')
				break;
		}
	}
	if ((v = realloc(s->dirs, (s->ndirs + 1) * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	s->dirs = v;
	if ((v[s->ndirs] = strdup(dir)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	s->ndirs++;
	return 0;
}

/* 1 when the file at path holds exactly data. */
static int
same(const char *path, const unsigned char *data, size_t len)
{
	unsigned char chunk[65536];
	struct stat st;
	size_t off = 0;
	int fd, eq = 1;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0)
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

/* A file of a new site: its folder is a staging folder no one reads
 * until the build renames it into place, so the file is written as it
 * is, with no temporary name and nothing to compare. */
static int
write_new(struct site *s, const char *path, const unsigned char *p,
    size_t len)
{
	size_t off = 0;
	int fd, rc;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0644)) < 0)
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
	if (close(fd) != 0)
		return ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
	pthread_mutex_lock(&s->lock);
	s->stats->written++;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

int
site_write(struct site *s, const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	const unsigned char *p = data;
	size_t off = 0;
	int fd, rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->root, rel) >=
	    sizeof(path))
		return ink_error(INK_EINPUT, "'%s/%s': path too long",
		    s->root, rel);
	pthread_mutex_lock(&s->lock);
	rc = make_parents(s, path);
	pthread_mutex_unlock(&s->lock);
	if (rc != 0)
		return rc;
	if (s->fresh)
		return write_new(s, path, data, len);
	if (same(path, data, len)) {
		pthread_mutex_lock(&s->lock);
		s->stats->unchanged++;
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0644)) < 0)
		return ink_error_sys(INK_EINPUT, "cannot write '%s'", tmp);
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", tmp);
			close(fd);
			unlink(tmp);
			return rc;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", tmp);
		unlink(tmp);
		return rc;
	}
	if (rename(tmp, path) != 0) {
		rc = ink_error_sys(INK_EINPUT, "cannot rename '%s' to '%s'",
		    tmp, path);
		unlink(tmp);
		return rc;
	}
	pthread_mutex_lock(&s->lock);
	s->stats->written++;
	pthread_mutex_unlock(&s->lock);
	return 0;
}
