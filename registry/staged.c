/*
 * Files staged for the next commit, each found by its path: what a change
 * writes is read back from here before the commit makes it HEAD's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "registry/internal.h"

static int
same_path(const void *ctx, size_t val, const void *key)
{
	const struct reg *g = ctx;

	return strcmp(g->files[val].path, key) == 0;
}

/* A batch stages thousands of files: find them by hash, not by scan. */
struct reg_file *
reg_staged(struct reg *g, const char *path)
{
	size_t i = hmap_get(&g->fmap, hmap_str(path), same_path, g, path);

	return i == HMAP_NONE ? NULL : &g->files[i];
}

int
reg_file_read(struct reg *g, const char *path, struct buf *out)
{
	struct reg_file *f = reg_staged(g, path);

	if (f) {
		buf_init(out, REG_MAX_FILE);
		return buf_add(out, f->data.data, f->data.len);
	}
	return repo_read(out, g->repo, path, REG_MAX_FILE);
}

int
reg_file_put(struct reg *g, const char *path, const void *data, size_t len)
{
	struct reg_file *f = reg_staged(g, path), *v;

	if (f == NULL) {
		int rc;
		if ((rc = hmap_reserve(&g->fmap, g->nfiles + 1)) != 0)
			return rc;
		if (g->nfiles == g->fcap) {
			size_t cap = g->fcap ? g->fcap * 2 : 16;
			if ((v = realloc(g->files, cap * sizeof(*v))) == NULL)
				return ink_error(INK_EINPUT, "out of memory");
			g->files = v;
			g->fcap = cap;
		}
		f = &g->files[g->nfiles];
		if ((f->path = strdup(path)) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		buf_init(&f->data, REG_MAX_FILE);
		/* Cannot fail: the room was reserved above. */
		hmap_put(&g->fmap, hmap_str(path), g->nfiles++);
	}
	/* (what was computed from the registry before is computed again:
	 * lookup.c's caches compare these) */
	g->staged_gen++;
	if (strncmp(path, "signers/", 8) == 0)
		g->signers_gen++;
	buf_reset(&f->data);
	return buf_add(&f->data, data, len);
}

int
reg_file_append_line(struct reg *g, const char *path, const char *line)
{
	struct buf b;
	int rc = reg_file_read(g, path, &b);

	if (rc == INK_ENOTFOUND) {
		buf_init(&b, REG_MAX_FILE);
		rc = 0;
	}
	if (rc == 0)
		rc = buf_adds(&b, line);
	if (rc == 0)
		rc = buf_addc(&b, '\n');
	if (rc == 0)
		rc = reg_file_put(g, path, b.data, b.len);
	buf_release(&b);
	return rc;
}
