/*
 * The registry's history through libgit2: the commits on HEAD, what each
 * changed, and reading, pinning and resetting to an older commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "registry/repo_internal.h"

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
	if (git_revwalk_new(&w, r->git) < 0 || git_revwalk_push(w, &r->head_oid) < 0) {
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

/* The deltas of d as "A path", "M path" or "D path", those under prefix
 * (NULL: all). */
static int
diff_list(char ***out, size_t *n, git_diff *d, const char *prefix)
{
	size_t count = git_diff_num_deltas(d), k = 0;
	char **v = NULL;

	*out = NULL;
	*n = 0;
	if (count && (v = calloc(count, sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; i < count; i++) {
		const git_diff_delta *dd = git_diff_get_delta(d, i);
		char c = dd->status == GIT_DELTA_ADDED ? 'A' :
		    dd->status == GIT_DELTA_DELETED ? 'D' : 'M';
		const char *path = dd->status == GIT_DELTA_DELETED ?
		    dd->old_file.path : dd->new_file.path;
		size_t len = strlen(path) + 3;
		if (prefix && strncmp(path, prefix, strlen(prefix)) != 0)
			continue;
		if ((v[k] = malloc(len)) == NULL) {
			repo_list_free(v, k);
			return ink_error(INK_EINPUT, "out of memory");
		}
		snprintf(v[k++], len, "%c %s", c, path);
	}
	*out = v;
	*n = k;
	return 0;
}

int
repo_diff(char ***out, size_t *n, struct repo *r, const char *rev,
    const char *prefix)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_diff *d = NULL;
	git_oid oid;
	int rc;

	*out = NULL;
	*n = 0;
	if (r->head_tree == NULL || git_oid_fromstr(&oid, rev) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0 ||
	    git_diff_tree_to_tree(&d, r->git, t, r->head_tree, NULL) < 0) {
		git_commit_free(c);
		git_tree_free(t);
		return git_fail(INK_ENOTFOUND, "cannot read an earlier commit");
	}
	rc = diff_list(out, n, d, prefix);
	git_diff_free(d);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

int
repo_changes(char ***out, size_t *n, struct repo *r, const char *rev)
{
	git_commit *c = NULL, *p = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_diff *d = NULL;
	git_oid oid;
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
	rc = diff_list(out, n, d, NULL);
cleanup:
	git_diff_free(d);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(p);
	git_commit_free(c);
	return rc;
}

/* --- reading an older commit than HEAD ------------------------------- */

const char *
repo_tip(struct repo *r)
{
	return r->has_head ? r->tip_hex : "";
}

int
repo_pin(struct repo *r, const char *hex)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid oid;

	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return git_fail(INK_EINPUT, "cannot read commit");
	}
	git_commit_free(c);
	git_tree_free(r->head_tree);
	r->head_tree = t;
	r->head_oid = oid;
	git_oid_tostr(r->head_hex, sizeof(r->head_hex), &oid);
	return 0;
}

int
repo_parent(struct repo *r, const char *hex, char out[REPO_ID_HEX])
{
	git_commit *c = NULL;
	git_oid oid;
	int rc = 0;

	out[0] = '\0';
	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0)
		return git_fail(INK_EINPUT, "cannot read commit");
	if (git_commit_parentcount(c) == 0)
		rc = INK_ENOTFOUND;
	else
		git_oid_tostr(out, REPO_ID_HEX, git_commit_parent_id(c, 0));
	git_commit_free(c);
	return rc;
}

int
repo_commit_line(struct repo *r, const char *hex, char *out, size_t len)
{
	git_commit *c = NULL;
	const git_signature *a;
	const char *s;
	git_oid oid;

	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0)
		return git_fail(INK_EINPUT, "cannot read commit");
	a = git_commit_author(c);
	s = git_commit_summary(c);
	snprintf(out, len, "%.12s by %s <%s>: %s", hex,
	    a && a->name ? a->name : "?", a && a->email ? a->email : "?",
	    s ? s : "");
	git_commit_free(c);
	return 0;
}

int
repo_reset_to(struct repo *r, const char *hex, const char *keep_ref)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_reference *ref = NULL;
	git_commit *c = NULL;
	git_oid oid, tip;
	int rc = 0;

	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_oid_fromstr(&tip, r->tip_hex) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0)
		return git_fail(INK_EINPUT, "cannot read commit");
	/* The old tip is kept under keep_ref first: evidence is never lost,
	 * even if the reset below is cut short. */
	if (git_reference_create(&ref, r->git, keep_ref, &tip, 0,
	    "inkan: unsigned commits set aside") < 0) {
		rc = git_fail(INK_EINPUT, keep_ref);
		goto cleanup;
	}
	co.checkout_strategy = GIT_CHECKOUT_FORCE |
	    GIT_CHECKOUT_REMOVE_UNTRACKED;
	if (git_reset(r->git, (git_object *)c, GIT_RESET_HARD, &co) < 0) {
		rc = git_fail(INK_EINPUT, "cannot reset the registry");
		goto cleanup;
	}
	rc = load_head(r);
cleanup:
	git_reference_free(ref);
	git_commit_free(c);
	return rc;
}
