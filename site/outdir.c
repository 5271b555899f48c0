/*
 * What the build cache knows of OUT (see cache.c): the folders the last
 * build left and whether each is as it left it, the files found in OUT
 * before this build, and the paths this build writes -- so that a
 * rebuild reads only the folders that changed, and removes only what no
 * build wrote.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "site/cache_int.h"

/* --- the folders in OUT ------------------------------------------------ */

/* A folder's path under OUT as this build met it (kept for the next
 * build's table). */
int
cache_dir_seen(struct site *s, const char *rel)
{
	struct cache *c = s->cache;
	char *d;

	if (c == NULL)
		return 0;
	for (size_t i = 0; i < c->ndirs; i++)
		if (strcmp(c->dirs[i], rel) == 0)
			return 0;
	if (c->ndirs == c->dircap) {
		size_t cap = c->dircap ? c->dircap * 2 : 64;
		char **v = realloc(c->dirs, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->dirs = v;
		c->dircap = cap;
	}
	if ((d = strdup(rel)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	c->dirs[c->ndirs++] = d;
	return 0;
}

static const struct dir_ent *
olddir(const struct cache *c, const char *rel)
{
	for (size_t i = 0; i < c->nolddirs; i++)
		if (strcmp(c->olddirs[i].rel, rel) == 0)
			return &c->olddirs[i];
	return NULL;
}

int
cache_dir_trusted(const struct site *s, const char *rel)
{
	const struct dir_ent *d = s->cache ? olddir(s->cache, rel) : NULL;

	return d && d->trusted;
}

size_t
cache_dir_children(const struct site *s, const char *rel, const char **out,
    size_t max)
{
	const struct cache *c = s->cache;
	size_t n = 0, len = strlen(rel);

	for (size_t i = 0; c && i < c->nolddirs && n < max; i++) {
		const char *r = c->olddirs[i].rel;
		if (strncmp(r, rel, len) == 0 && r[len] == '/' &&
		    strchr(r + len + 1, '/') == NULL)
			out[n++] = r + len + 1;
	}
	return n;
}

/* Which folders of the last build are as it left them (same inode and
 * mtime: no file there was added, removed or replaced since), and the
 * files it wrote in those, present without listing them. */
int
cache_trust_dirs(struct site *s)
{
	struct cache *c = s->cache;
	int root, rc = 0;

	if ((root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	for (size_t i = 0; i < c->nolddirs; i++) {
		struct dir_ent *d = &c->olddirs[i];
		struct stat st;
		d->trusted = fstatat(root, d->rel, &st, AT_SYMLINK_NOFOLLOW) ==
		    0 && S_ISDIR(st.st_mode) && (uint64_t)st.st_ino == d->ino &&
		    (int64_t)st.st_mtim.tv_sec == d->sec &&
		    (int64_t)st.st_mtim.tv_nsec == d->nsec;
	}
	close(root);
	/* (Files of one folder tend to follow each other: the last
	 * folder found is tried first.) */
	for (size_t i = 0, last = 0; rc == 0 && i < c->noldfiles; i++) {
		const struct file_ent *f = &c->oldfiles[i];
		if (c->nolddirs == 0)
			break;
		if (c->olddirs[last].h != f->dir)
			for (last = 0; last < c->nolddirs &&
			    c->olddirs[last].h != f->dir; last++)
				;
		if (last == c->nolddirs) {
			last = 0;
			continue;
		}
		if (c->olddirs[last].trusted)
			rc = cache_present(s, f->h, f->ino);
	}
	return rc;
}

/* --- the files in OUT -------------------------------------------------- */

static int
pres_same(const void *ctx, size_t i, const void *key)
{
	const struct cache *c = ctx;

	return c->pres[i].h == *(const uint64_t *)key;
}

struct present *
cache_present_find(const struct cache *c, uint64_t h)
{
	size_t i = hmap_get(&c->presix, h, pres_same, c, &h);

	return i == HMAP_NONE ? NULL : &c->pres[i];
}

static size_t
cache_files(const struct site *s)
{
	return s->cache ? s->cache->noldfiles : 0;
}

int
cache_present(struct site *s, uint64_t h, uint64_t ino)
{
	struct cache *c = s->cache;

	if (cache_present_find(c, h) != NULL)
		return 0;
	if (c->npres == c->prescap) {
		size_t cap = c->prescap ? c->prescap * 2 : 2048;
		struct present *v;
		/* At first, room for what the last build wrote. */
		while (c->prescap == 0 && cap < c->noldfiles + 1)
			cap *= 2;
		if ((v = realloc(c->pres, cap * sizeof(*v))) == NULL ||
		    hmap_reserve(&c->presix, cap) != 0) {
			if (v)
				c->pres = v;
			return ink_error(INK_EINPUT, "out of memory");
		}
		c->pres = v;
		c->prescap = cap;
	}
	if (hmap_put(&c->presix, h, c->npres) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	c->pres[c->npres++] = (struct present){ h, ino, 0 };
	return 0;
}

static void
cache_noted(struct site *s, uint64_t h)
{
	struct present *p;

	if (s->cache && (p = cache_present_find(s->cache, h)) != NULL &&
	    !p->noted) {
		p->noted = 1;
		s->cache->nnoted++;
	}
}

int
cache_prune_needed(const struct site *s)
{
	const struct cache *c = s->cache;

	return c == NULL || !c->listed || c->nnoted < c->npres;
}

uint64_t
site_path_hash(const char *rel)
{
	uint64_t h = hmap_str(rel);

	return h ? h : 1;
}

int
site_path_note(struct site *s, uint64_t h)
{
	/* The hash is the key (site_path_hash): no two paths are told
	 * apart beyond it, as the build cache stores them. */
	if (hmap_get(&s->paths, h, NULL, NULL, NULL) != HMAP_NONE)
		return 0;
	/* At first, room for what the last build wrote. */
	if ((s->paths.cap == 0 && hmap_reserve(&s->paths,
	    cache_files(s) + 1) != 0) || hmap_put(&s->paths, h, 0) != 0)
		return ink_error(INK_EINPUT, "out of memory");
	cache_noted(s, h);
	return 0;
}

int
site_path_noted(const struct site *s, const char *rel)
{
	return hmap_get(&s->paths, site_path_hash(rel), NULL, NULL, NULL) !=
	    HMAP_NONE;
}
