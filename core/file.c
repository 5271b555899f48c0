/*
 * Bounded reads, atomic writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/file.h"

int
file_read(struct buf *out, const char *path, size_t max)
{
	unsigned char chunk[65536];
	int fd, rc = 0;
	ssize_t n = 0;
	int is_stdin = strcmp(path, "-") == 0;

	buf_init(out, max);
	fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ink_error_sys(INK_EINPUT, "cannot open '%s'", path);
	/* A file of known size is read straight into a buffer of that size
	 * (what follows takes anything it grew by since). */
	{
		struct stat st;
		if (!is_stdin && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size > 0 && (size_t)st.st_size < max &&
		    buf_reserve(out, (size_t)st.st_size + 1) == 0) {
			while (out->len < (size_t)st.st_size) {
				n = read(fd, out->data + out->len,
				    (size_t)st.st_size - out->len);
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0)
					break;
				out->len += (size_t)n;
			}
			if (n < 0) {
				rc = ink_error_sys(INK_EINPUT, "cannot read '%s'",
				    path);
				close(fd);
				buf_release(out);
				return rc;
			}
			out->data[out->len] = '\0';
		}
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ink_error_sys(INK_EINPUT, "cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n) != 0) {
			rc = ink_error(INK_EINPUT,
			    "'%s' is larger than the limit of %zu bytes", path,
			    max);
			break;
		}
	}
	if (!is_stdin)
		close(fd);
	if (rc != 0)
		buf_release(out);
	else if (out->data == NULL && buf_add(out, "", 0) != 0)
		rc = ink_error(INK_EINPUT, "out of memory");
	return rc;
}

static int sync_deferred;

void
file_sync_defer(int on)
{
	sync_deferred = on;
}

int
file_sync_flush(void)
{
	sync();
	return 0;
}

int
file_write_fd(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
file_write_stdout(const void *data, size_t len)
{
	if (file_write_fd(1, data, len) != 0)
		return ink_error_sys(INK_EINPUT, "cannot write to stdout");
	return 0;
}

static int
fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (copy == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) != 0 && errno != EINVAL)
			rc = ink_error_sys(INK_EINPUT, "cannot sync folder of '%s'",
			    path);
		close(fd);
	}
	free(copy);
	return rc;
}

/* Moves tmp to path; with noreplace never over an existing path. */
static int
place(const char *tmp, const char *path, int noreplace)
{
	struct stat st;

	if (!noreplace) {
		if (rename(tmp, path) == 0)
			return 0;
		return ink_error_sys(INK_EINPUT, "cannot rename to '%s'", path);
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno == EEXIST)
		return ink_error(INK_EEXIST, "'%s' already exists", path);
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return ink_error_sys(INK_EINPUT, "cannot rename to '%s'", path);
	/* A file system without it: a hard link is just as exclusive. */
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno == EEXIST)
		return ink_error(INK_EEXIST, "'%s' already exists", path);
	if (lstat(path, &st) == 0)
		return ink_error(INK_EEXIST, "'%s' already exists", path);
	if (rename(tmp, path) == 0)
		return 0;
	return ink_error_sys(INK_EINPUT, "cannot rename to '%s'", path);
}

static int
write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    int noreplace)
{
	char *tmp = NULL;
	int fd = -1, rc = 0;
	size_t n;

	if (strcmp(path, "-") == 0)
		return file_write_stdout(data, len);
	n = strlen(path) + 32;
	if ((tmp = malloc(n)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0) {
		rc = ink_error_sys(INK_EINPUT, "cannot create '%s'", tmp);
		goto cleanup;
	}
	if (file_write_fd(fd, data, len) != 0 ||
	    (!sync_deferred && fsync(fd) != 0)) {
		rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", tmp);
		goto cleanup;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", tmp);
		goto cleanup;
	}
	fd = -1;
	if ((rc = place(tmp, path, noreplace)) != 0)
		goto cleanup;
	if (!sync_deferred)
		rc = fsync_dir_of(path);
cleanup:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
file_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode)
{
	return write_atomic(path, data, len, mode, 0);
}

int
file_write_new(const char *path, const void *data, size_t len, mode_t mode)
{
	return write_atomic(path, data, len, mode, 1);
}

int
file_create_excl(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return ink_error(INK_EEXIST,
			    "'%s' already exists: not overwriting it", path);
		return ink_error_sys(INK_EINPUT, "cannot create '%s'", path);
	}
	/* The umask may have taken bits away; never added any. */
	if (fchmod(fd, mode) != 0 || file_write_fd(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		int rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
		close(fd);
		unlink(path);
		return rc;
	}
	if (close(fd) != 0) {
		int rc = ink_error_sys(INK_EINPUT, "cannot write '%s'", path);
		unlink(path);
		return rc;
	}
	return fsync_dir_of(path);
}

int
file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static const char *remove_top;
static int remove_keep_top;

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (remove_keep_top && strcmp(path, remove_top) == 0)
		return 0;
	if (flag == FTW_DP)
		return rmdir(path) == 0 ? 0 : -1;
	return unlink(path) == 0 ? 0 : -1;
}

int
file_remove_tree(const char *path, int keep_top)
{
	remove_top = path;
	remove_keep_top = keep_top;
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return ink_error_sys(INK_EINPUT, "cannot remove '%s'", path);
	return 0;
}
