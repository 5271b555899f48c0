/*
 * Reading with a ceiling and writing atomically.  Every write either
 * lands whole under its final name or leaves the old file as it was.
 */
#ifndef INK_FILE_H
#define INK_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "core/buf.h"

/* Reads all of path ("-" is stdin) into out, refusing more than max bytes. */
int file_read(struct buf *out, const char *path, size_t max);
/* Writes data to path through a temporary file in the same folder, fsync,
 * rename, fsync of the folder.  "-" writes to stdout. */
int file_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode);
/* The same for a file that must be new: INK_EEXIST ("'path' already
 * exists") when path exists as the file is put in place, never replacing
 * it (renameat2 RENAME_NOREPLACE, or a hard link). */
int file_write_new(const char *path, const void *data, size_t len,
    mode_t mode);
/* Creates path that must not exist (O_EXCL|O_NOFOLLOW) with mode, for
 * private keys; removes it again if the write fails. */
int file_create_excl(const char *path, const void *data, size_t len,
    mode_t mode);
/* Writes all of data to stdout and checks it arrived. */
int file_write_stdout(const void *data, size_t len);
/* Writes all of data to fd, through short writes and EINTR: 0, or -1
 * with errno set. */
int file_write_fd(int fd, const void *data, size_t len);
int file_exists(const char *path);
/* Batches: file_write_atomic() stops syncing each file and folder, and
 * file_sync_flush() makes everything written since durable with one
 * sync.  Every file is still renamed into place whole. */
void file_sync_defer(int on);
int file_sync_flush(void);
/* Removes everything below path (never following links), and path
 * itself unless keep_top. */
int file_remove_tree(const char *path, int keep_top);

#endif
