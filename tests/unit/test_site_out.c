/*
 * Unit tests for where the site builder writes: folders under OUT are
 * opened one name at a time without following a symbolic link, and made
 * when missing (site/write.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/file.h"
#include "site/site_int.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/inkan-test-site.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return file_remove_tree(dir, 0) == 0 ? 0 : -1;
}

/* The path of name in the scratch folder. */
static const char *
at(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void
test_dir_made_and_opened(void **state)
{
	struct stat st;
	int root, fd, fd2;

	(void)state;
	assert_true((root = open(dir, O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(site_dir_at(&fd, root, "ja", "OUT/ja"), 0);
	assert_true(fd >= 0);
	assert_int_equal(lstat(at("ja"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* There already: opened as it is. */
	assert_int_equal(site_dir_at(&fd2, root, "ja", "OUT/ja"), 0);
	assert_true(fd2 >= 0);
	close(fd2);
	/* A folder in it, from its descriptor. */
	assert_int_equal(site_dir_at(&fd2, fd, "r", "OUT/ja/r"), 0);
	assert_int_equal(lstat(at("ja/r"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	close(fd2);
	close(fd);
	close(root);
}

static void
test_link_to_folder_refused(void **state)
{
	int root, fd = 123;

	(void)state;
	assert_int_equal(mkdir(at("elsewhere"), 0755), 0);
	assert_int_equal(symlink(at("elsewhere"), at("api")), 0);
	assert_true((root = open(dir, O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(site_dir_at(&fd, root, "api", "OUT/api"), INK_EINPUT);
	assert_int_equal(fd, -1);
	assert_non_null(strstr(ink_error_last(), "'OUT/api' is a symbolic "
	    "link"));
	/* A dangling one too: nothing made at its target. */
	assert_int_equal(symlink(at("nowhere"), at("en")), 0);
	assert_int_equal(site_dir_at(&fd, root, "en", "OUT/en"), INK_EINPUT);
	assert_non_null(strstr(ink_error_last(), "symbolic link"));
	assert_int_equal(access(at("nowhere"), F_OK), -1);
	close(root);
}

static void
test_file_where_a_folder_goes_refused(void **state)
{
	FILE *f;
	int root, fd;

	(void)state;
	assert_non_null(f = fopen(at("assets"), "w"));
	fclose(f);
	assert_true((root = open(dir, O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(site_dir_at(&fd, root, "assets", "OUT/assets"),
	    INK_EINPUT);
	assert_non_null(strstr(ink_error_last(), "'OUT/assets' is not a "
	    "folder"));
	close(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dir_made_and_opened,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_to_folder_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_file_where_a_folder_goes_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
