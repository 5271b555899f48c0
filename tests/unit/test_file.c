/*
 * Unit tests for core/file: atomic writes, and file_write_new, which
 * puts a file in place only where there is none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/file.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/inkan-test-file.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return file_remove_tree(dir, 0) == 0 ? 0 : -1;
}

static size_t
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static void
expect_content(const char *path, const char *want)
{
	struct buf b;

	assert_int_equal(file_read(&b, path, 1024), 0);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data, want, b.len);
	buf_release(&b);
}

static void
test_write_new_never_replaces(void **state)
{
	char path[128];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a.json", dir);
	assert_int_equal(file_write_new(path, "first", 5, 0600), 0);
	expect_content(path, "first");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* A second writer finds it there: refused, the first kept, no
	 * temporary file left behind. */
	assert_int_equal(file_write_new(path, "second", 6, 0644), INK_EEXIST);
	assert_non_null(strstr(ink_error_last(), "already exists"));
	expect_content(path, "first");
	assert_int_equal(entries(), 1);
	/* file_write_atomic replaces on purpose. */
	assert_int_equal(file_write_atomic(path, "third", 5, 0644), 0);
	expect_content(path, "third");
	assert_int_equal(entries(), 1);
}

static void
test_write_new_deferred_sync(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/b.json", dir);
	file_sync_defer(1);
	assert_int_equal(file_write_new(path, "x", 1, 0644), 0);
	assert_int_equal(file_write_new(path, "y", 1, 0644), INK_EEXIST);
	assert_int_equal(file_sync_flush(), 0);
	file_sync_defer(0);
	expect_content(path, "x");
}

static void
test_write_new_over_a_link_refused(void **state)
{
	char path[128], target[128];

	(void)state;
	/* A dangling symbolic link counts as being there. */
	snprintf(path, sizeof(path), "%s/c.json", dir);
	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(file_write_new(path, "z", 1, 0644), INK_EEXIST);
	assert_int_equal(access(target, F_OK), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_new_never_replaces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_new_deferred_sync,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_write_new_over_a_link_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
