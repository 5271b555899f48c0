/*
 * Unit tests for where the site builder writes: only into an OUT that
 * is missing, empty or marked by an earlier build (site_out_check), and
 * folders under OUT opened one name at a time without following a
 * symbolic link, made when missing (site/write.c).
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
put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
test_out_missing_or_empty_taken(void **state)
{
	(void)state;
	assert_int_equal(site_out_check(at("new"), 0), 0);
	assert_int_equal(mkdir(at("empty"), 0755), 0);
	assert_int_equal(site_out_check(at("empty"), 0), 0);
	/* A link to an empty folder: the user named it. */
	assert_int_equal(symlink(at("empty"), at("link")), 0);
	assert_int_equal(site_out_check(at("link"), 0), 0);
}

static void
test_out_foreign_refused(void **state)
{
	(void)state;
	assert_int_equal(mkdir(at("mine"), 0755), 0);
	put("mine/notes.txt", "mine\n");
	assert_int_equal(site_out_check(at("mine"), 0), INK_EINPUT);
	assert_non_null(strstr(ink_error_last(), "/mine' is not empty"));
	assert_non_null(strstr(ink_error_last(), "--force"));
	/* Only a hidden file in it: still not empty. */
	assert_int_equal(mkdir(at("hidden"), 0755), 0);
	put("hidden/.profile", "x\n");
	assert_int_equal(site_out_check(at("hidden"), 0), INK_EINPUT);
	/* Forced, it is taken; nothing in it was touched by the checks. */
	assert_int_equal(site_out_check(at("mine"), 1), 0);
	assert_int_equal(access(at("mine/notes.txt"), F_OK), 0);
	assert_int_equal(access(at("mine/" SITE_MARK), F_OK), -1);
}

static void
test_out_marked_taken(void **state)
{
	(void)state;
	assert_int_equal(mkdir(at("site"), 0755), 0);
	put("site/index.html", "<!doctype html>\n");
	put("site/" SITE_MARK, SITE_MARK_MAGIC "a site\n");
	assert_int_equal(site_out_check(at("site"), 0), 0);
	/* A mark that says something else is none. */
	put("site/" SITE_MARK, "inkan-site/\n");
	assert_int_equal(site_out_check(at("site"), 0), INK_EINPUT);
	/* Nor is a link to a mark elsewhere. */
	put("mark", SITE_MARK_MAGIC);
	assert_int_equal(unlink(at("site/" SITE_MARK)), 0);
	assert_int_equal(symlink(at("mark"), at("site/" SITE_MARK)), 0);
	assert_int_equal(site_out_check(at("site"), 0), INK_EINPUT);
}

static void
test_out_not_a_folder(void **state)
{
	(void)state;
	put("file", "x\n");
	assert_int_equal(site_out_check(at("file"), 1), INK_EINPUT);
	assert_non_null(strstr(ink_error_last(), "is not a folder"));
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
		cmocka_unit_test_setup_teardown(test_out_missing_or_empty_taken,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_foreign_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_marked_taken,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_not_a_folder,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_made_and_opened,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_to_folder_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_file_where_a_folder_goes_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
