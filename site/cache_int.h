/*
 * Inside the build cache (cache.c): what it holds, shared by the files
 * that fill it in -- the digests of what each group's pages depend on
 * (digests.c) and what is found in OUT (outdir.c).
 */
#ifndef INK_SITE_CACHE_INT_H
#define INK_SITE_CACHE_INT_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/digest.h"
#include "core/hashmap.h"
#include "site/site_int.h"

#define CACHE_MAGIC "inkan-site-cache/1\n"
#define CACHE_MAX ((size_t)1 << 31)

struct group {
	uint64_t key;
	unsigned char d[CACHE_DIGEST];
	size_t first, n;        /* files: in paths */
};

struct file_ent {
	uint64_t h, ino;
	uint64_t dir;           /* the hash of its folder's path */
};

/* A folder under OUT's own folders as a build left it. */
struct dir_ent {
	const char *rel;
	uint64_t h, ino;
	int64_t sec, nsec;      /* its mtime */
	int trusted;            /* unchanged since */
};

struct present {
	uint64_t h, ino;
	int noted;
};

struct cache {
	char path[PATH_MAX];                    /* the cache file */
	uint64_t dev, ino;                      /* OUT's folder */
	unsigned char self[SHA256_LEN];         /* this program */
	unsigned char g[CACHE_DIGEST];          /* what every page shares */
	unsigned char views[CACHE_DIGEST];      /* the list views */
	/* The last build's groups, indexed by key. */
	struct group *old;
	size_t nold;
	struct hmap oldix;
	struct file_ent *oldfiles;
	size_t noldfiles;
	/* This build's groups. */
	struct group *new;
	size_t nnew, newcap;
	struct file_ent *files;
	size_t nfiles, filecap;
	/* The next build's cache, written as this one goes. */
	char tmp[PATH_MAX + 32];
	FILE *out;
	int out_bad;
	struct s_keeper keeper;
	/* The model of the last build (its strings in raw). */
	struct buf raw;
	struct s_prev prev;
	struct s_prev_row *rows;
	int has_prev;
	/* Each record's entry in api/index.json, with its digest. */
	struct frag {
		unsigned char d[CACHE_DIGEST];
		const char *text, *csv;
	} *frags;
	size_t nfrags;
	int frags_open;
	/* The folders the last build left (olddirs), and the folders this
	 * build lists or trusts (dirs, their paths owned). */
	struct dir_ent *olddirs;
	size_t nolddirs;
	char **dirs;
	size_t ndirs, dircap;
	/* The files found in OUT before this build, indexed by path
	 * hash. */
	struct present *pres;
	size_t npres, prescap, nnoted;
	struct hmap presix;
	int listed;
	/* Digests of each record's row, of the row with what it points to,
	 * and of each entity. */
	unsigned char (*rd)[CACHE_DIGEST], (*nd)[CACHE_DIGEST];
	unsigned char (*org)[CACHE_DIGEST], (*svc)[CACHE_DIGEST];
	unsigned char (*sig)[CACHE_DIGEST];
};

/* A digest of nothing: no group is skipped for it. */
extern const unsigned char cache_none_d[CACHE_DIGEST];

/* The file found in OUT under path hash h, or NULL. */
struct present *cache_present_find(const struct cache *c, uint64_t h);

#endif
