/*
 * The build cache: what the last build into OUT made, so that a rebuild
 * makes again only the pages whose inputs changed.
 *
 * The site's files are made in groups: a record's pages (both languages,
 * its SOC 3 summary, its JSON and envelope), one page of a list, an
 * organisation's, service's or signer's pages in one language.  Each
 * group has a digest of everything its bytes depend on: the rows of the
 * records it shows (with their verification and computed status, the
 * records those point to, the entities they link), and what every page
 * shares (this program's own bytes, the options, whether the trust root
 * has expired, the pinned catalogues).  The cache, beside OUT and hidden
 * (.<OUT's name>.inkan-cache, so that it is not published with it),
 * keeps for each group its digest and its files (path hash and inode).
 *
 * A rebuild lists OUT's own folders once.  A group whose digest is the
 * same and whose files are all still there, with the inodes the last
 * build left, is not made again; a file removed, replaced or left over
 * is noticed.  One edited in place is not: `site build --full` ignores
 * the cache and compares every file.  Pages shared by the whole site
 * (home, indexes, revocations, api/index.json, feeds) are always made.
 *
 * The cache is trusted no further: one that is damaged, of another
 * program or of another folder is ignored (every page is made), and a
 * build removes it until it has made everything it lists.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/file.h"
#include "core/hashmap.h"
#include "site/cache_int.h"

/* How long a folder must have stood unchanged to be trusted next time. */
#define DIR_SETTLED_NS 50000000

static void out_open(struct cache *c);
static void put_u64(struct cache *c, uint64_t v);
static void put_str(struct cache *c, const char *s);

/* The group the calling thread is making. */
/* The groups the calling thread is making, innermost last (an entity's
 * page is a group, and each further page of its entries one within it). */
#define GROUP_DEPTH 4
static _Thread_local struct cur_group {
	uint64_t key;
	unsigned char d[CACHE_DIGEST];
	struct file_ent *v;
	size_t n, cap;
	int rc;
} open_groups[GROUP_DEPTH];
static _Thread_local int ngroups_open;

/* --- the last build's cache ------------------------------------------- */

static int
get_u64(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	if ((size_t)(end - *p) < sizeof(*v))
		return -1;
	memcpy(v, *p, sizeof(*v));
	*p += sizeof(*v);
	return 0;
}

/* A string written by put_str: *out is NULL or points into the buffer
 * (it ends in a NUL there). */
static int
get_str(const unsigned char **p, const unsigned char *end, const char **out)
{
	uint64_t n;

	*out = NULL;
	if (get_u64(p, end, &n) != 0)
		return -1;
	if (n == UINT64_MAX)
		return 0;
	if (n >= (uint64_t)(end - *p) || (*p)[n] != '\0' ||
	    memchr(*p, '\0', (size_t)n) != NULL)
		return -1;
	*out = (const char *)*p;
	*p += n + 1;
	return 0;
}

const struct s_prev *
cache_prev(const struct site *s)
{
	return s->cache && s->cache->has_prev ? &s->cache->prev : NULL;
}

static int
old_same(const void *ctx, size_t i, const void *key)
{
	const struct cache *c = ctx;

	return c->old[i].key == *(const uint64_t *)key;
}

static size_t
old_find(const struct cache *c, uint64_t key)
{
	size_t i = hmap_get(&c->oldix, key, old_same, c, &key);

	return i == HMAP_NONE ? SIZE_MAX : i;
}

/* The rows of the last build's model (up to a 0 tag), then its name,
 * HEAD, catalogues, time and each record's status. */
static int
load_model(struct cache *c, const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	struct s_prev *v = &c->prev;
	size_t n = 0, cap = 0;
	uint64_t tag, at, count;

	for (;;) {
		struct s_prev_row *r;
		uint64_t t, vcode;
		if (get_u64(&p, end, &tag) != 0 || tag > 1)
			return -1;
		if (tag == 0)
			break;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct s_prev_row *w = realloc(c->rows, nc * sizeof(*w));
			if (w == NULL)
				return -1;
			c->rows = w;
			cap = nc;
		}
		r = memset(&c->rows[n], 0, sizeof(c->rows[n]));
		if (get_str(&p, end, &r->id) != 0 ||
		    get_str(&p, end, &r->path) != 0 ||
		    get_u64(&p, end, &t) != 0 ||
		    (size_t)(end - p) < sizeof(r->fd))
			return -1;
		memcpy(r->fd, p, sizeof(r->fd));
		p += sizeof(r->fd);
		if (get_u64(&p, end, &vcode) != 0 ||
		    get_str(&p, end, &r->problems) != 0 ||
		    get_str(&p, end, &r->pred) != 0 || r->id == NULL ||
		    r->path == NULL || strlen(r->id) != RECORD_ID_LEN - 1 ||
		    strlen(r->path) >= 128)
			return -1;
		r->integrated = (int64_t)t;
		r->vcode = (int)vcode;
		n++;
	}
	{
		uint64_t nf;
		if (get_u64(&p, end, &nf) != 0 ||
		    nf > (uint64_t)(end - p) / (CACHE_DIGEST + 16) ||
		    (c->frags = calloc(nf + 1, sizeof(*c->frags))) == NULL)
			return -1;
		for (uint64_t i = 0; i < nf; i++) {
			if ((size_t)(end - p) < CACHE_DIGEST)
				return -1;
			memcpy(c->frags[i].d, p, CACHE_DIGEST);
			p += CACHE_DIGEST;
			if (get_str(&p, end, &c->frags[i].text) != 0 ||
			    get_str(&p, end, &c->frags[i].csv) != 0)
				return -1;
		}
		c->nfrags = (size_t)nf;
	}
	if (get_str(&p, end, &v->name) != 0 || get_str(&p, end, &v->head) != 0 ||
	    get_str(&p, end, &v->catalogs) != 0 || get_u64(&p, end, &at) != 0 ||
	    get_u64(&p, end, &count) != 0 || v->name == NULL ||
	    v->head == NULL || v->catalogs == NULL || count != n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct s_prev_row *r = &c->rows[i];
		uint64_t hs, state;
		if (get_u64(&p, end, &hs) != 0 || get_u64(&p, end, &state) != 0 ||
		    get_str(&p, end, &r->by_id) != 0 ||
		    get_str(&p, end, &r->why) != 0)
			return -1;
		r->has_state = hs != 0;
		r->state = (int)state;
	}
	v->at = (int64_t)at;
	v->n = n;
	v->rows = c->rows;
	*pp = p;
	return 0;
}

/* Reads the cache: 0 with the last build's model and groups, or 0 with
 * none when the file is missing, damaged, of another program or of
 * another folder. */
static int
load(struct site *s)
{
	struct cache *c = s->cache;
	struct buf b;
	const unsigned char *p, *end;
	uint64_t dev, ino, ng, nf;

	if (file_read(&b, c->path, CACHE_MAX) != 0) {
		ink_error_clear();
		return 0;
	}
	p = b.data;
	end = b.data + b.len;
	if (b.len < strlen(CACHE_MAGIC) + SHA256_LEN ||
	    memcmp(p, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0 ||
	    memcmp(p + strlen(CACHE_MAGIC), c->self, SHA256_LEN) != 0)
		goto ignore;
	p += strlen(CACHE_MAGIC) + SHA256_LEN;
	/* Of this very folder, not of one that took its name. */
	if (get_u64(&p, end, &dev) != 0 || get_u64(&p, end, &ino) != 0 ||
	    dev != c->dev || ino != c->ino || load_model(c, &p, end) != 0)
		goto ignore;
	if (get_u64(&p, end, &ng) != 0 || get_u64(&p, end, &nf) != 0 ||
	    ng > (size_t)(end - p) / (sizeof(uint64_t) * 2 + CACHE_DIGEST) ||
	    nf > (size_t)(end - p) / (sizeof(uint64_t) * 3))
		goto ignore;
	if ((c->old = calloc(ng + 1, sizeof(*c->old))) == NULL ||
	    (c->oldfiles = calloc(nf + 1, sizeof(*c->oldfiles))) == NULL)
		goto oom;
	if (hmap_reserve(&c->oldix, (size_t)ng) != 0)
		goto oom;
	for (uint64_t k = 0; k < ng; k++) {
		struct group *gr = &c->old[k];
		uint64_t n;
		if (get_u64(&p, end, &gr->key) != 0 ||
		    (size_t)(end - p) < CACHE_DIGEST)
			goto ignore;
		memcpy(gr->d, p, CACHE_DIGEST);
		p += CACHE_DIGEST;
		if (get_u64(&p, end, &n) != 0 || n > nf - c->noldfiles)
			goto ignore;
		gr->first = c->noldfiles;
		gr->n = (size_t)n;
		for (uint64_t j = 0; j < n; j++) {
			struct file_ent *f = &c->oldfiles[c->noldfiles++];
			if (get_u64(&p, end, &f->h) != 0 ||
			    get_u64(&p, end, &f->ino) != 0 ||
			    get_u64(&p, end, &f->dir) != 0)
				goto ignore;
		}
		/* Room was made for every group: this cannot fail. */
		(void)hmap_put(&c->oldix, gr->key, (size_t)k);
		c->nold++;
	}
	{
		uint64_t nd;
		if (get_u64(&p, end, &nd) != 0 ||
		    nd > (uint64_t)(end - p) / 32 ||
		    (c->olddirs = calloc(nd + 1, sizeof(*c->olddirs))) == NULL)
			goto ignore;
		for (uint64_t k = 0; k < nd; k++) {
			struct dir_ent *d = &c->olddirs[k];
			uint64_t dino, sec, nsec;
			if (get_str(&p, end, &d->rel) != 0 || d->rel == NULL ||
			    get_u64(&p, end, &dino) != 0 ||
			    get_u64(&p, end, &sec) != 0 ||
			    get_u64(&p, end, &nsec) != 0)
				goto ignore;
			d->h = site_path_hash(d->rel);
			d->ino = dino;
			d->sec = (int64_t)sec;
			d->nsec = (int64_t)nsec;
		}
		c->nolddirs = (size_t)nd;
	}
	if (p != end)
		goto ignore;
	c->raw = b;
	c->has_prev = 1;
	return 0;
ignore:
	buf_release(&b);
	free(c->old);
	free(c->oldfiles);
	hmap_free(&c->oldix);
	free(c->rows);
	free(c->frags);
	free(c->olddirs);
	c->olddirs = NULL;
	c->nolddirs = 0;
	c->frags = NULL;
	c->nfrags = 0;
	c->old = NULL;
	c->oldfiles = NULL;
	c->rows = NULL;
	memset(&c->prev, 0, sizeof(c->prev));
	c->nold = c->noldfiles = 0;
	return 0;
oom:
	buf_release(&b);
	return ink_error(INK_EINPUT, "out of memory");
}

/* The cache of OUT is beside it, hidden: OUT/../.<name>.inkan-cache, so
 * that it is not published with the site. */
static int
cache_path(char *out, size_t len, const char *dir)
{
	char d[PATH_MAX];
	size_t n = strlen(dir);
	const char *base, *slash;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof(d))
		return ink_error(INK_EINPUT, "'%s': path too long", dir);
	memcpy(d, dir, n);
	d[n] = '\0';
	slash = strrchr(d, '/');
	base = slash ? slash + 1 : d;
	if (slash == d)
		n = (size_t)snprintf(out, len, "/.%s.inkan-cache", base);
	else if (slash)
		n = (size_t)snprintf(out, len, "%.*s/.%s.inkan-cache",
		    (int)(slash - d), d, base);
	else
		n = (size_t)snprintf(out, len, ".%s.inkan-cache", base);
	if (n >= len)
		return ink_error(INK_EINPUT, "'%s': path too long", dir);
	return 0;
}

int
cache_open(struct site *s)
{
	struct cache *c;
	struct stat st;
	int rc;

	if ((c = s->cache = calloc(1, sizeof(*c))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if ((rc = cache_path(c->path, sizeof(c->path), s->o->out)) != 0)
		return rc;
	/* OUT itself, or the staging folder that becomes it. */
	if (stat(s->root, &st) != 0)
		return ink_error_sys(INK_EINPUT, "cannot read folder '%s'",
		    s->root);
	c->dev = (uint64_t)st.st_dev;
	c->ino = (uint64_t)st.st_ino;
	/* The program's own bytes: a new version makes every page again. */
	if (sha256_file(c->self, "/proc/self/exe") != 0)
		return ink_error_wrap(INK_EINPUT, "cannot read this program");
	if (!s->fresh && !s->o->full) {
		if ((rc = load(s)) != 0)
			return rc;
		/* Gone until this build has made what it lists: a build
		 * that fails leaves no cache, and the next one makes every
		 * page. */
		if (unlink(c->path) != 0 && errno != ENOENT) {
			c->nold = 0;
			c->has_prev = 0;
		}
	}
	out_open(c);
	return 0;
}

int
cache_wants_listing(const struct site *s)
{
	return s->cache && s->cache->nold > 0;
}

void
cache_listed(struct site *s)
{
	s->cache->listed = 1;
}

/* --- groups ------------------------------------------------------------ */

/* Adds a group to this build's cache (under s->lock). */
static int
group_add(struct cache *c, uint64_t key, const unsigned char d[CACHE_DIGEST],
    const struct file_ent *f, size_t n)
{
	if (c->nnew == c->newcap) {
		size_t cap = c->newcap ? c->newcap * 2 : 1024;
		struct group *v = realloc(c->new, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->new = v;
		c->newcap = cap;
	}
	if (c->nfiles + n > c->filecap) {
		size_t cap = c->filecap ? c->filecap : 4096;
		struct file_ent *v;
		while (cap < c->nfiles + n)
			cap *= 2;
		if ((v = realloc(c->files, cap * sizeof(*v))) == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		c->files = v;
		c->filecap = cap;
	}
	c->new[c->nnew].key = key;
	memcpy(c->new[c->nnew].d, d, CACHE_DIGEST);
	c->new[c->nnew].first = c->nfiles;
	c->new[c->nnew].n = n;
	memcpy(c->files + c->nfiles, f, n * sizeof(*f));
	c->nfiles += n;
	c->nnew++;
	return 0;
}

int
group_skip(struct site *s, const char *key,
    const unsigned char d[CACHE_DIGEST], int *skip)
{
	struct cache *c = s->cache;
	uint64_t k = site_path_hash(key);
	size_t ix = old_find(c, k);
	int rc = 0;

	*skip = 0;
	if (ix != SIZE_MAX && c->listed &&
	    memcmp(d, cache_none_d, CACHE_DIGEST) != 0 &&
	    memcmp(c->old[ix].d, d, CACHE_DIGEST) == 0) {
		const struct group *gr = &c->old[ix];
		const struct file_ent *f = c->oldfiles + gr->first;
		size_t i;
		for (i = 0; i < gr->n; i++) {
			const struct present *p = cache_present_find(c, f[i].h);
			if (p == NULL || p->ino != f[i].ino)
				break;
		}
		if (i == gr->n) {
			pthread_mutex_lock(&s->lock);
			for (i = 0; rc == 0 && i < gr->n; i++)
				rc = site_path_note(s, f[i].h);
			if (rc == 0)
				rc = group_add(c, k, d, f, gr->n);
			s->stats->unchanged += gr->n;
			s->stats->reused += gr->n;
			pthread_mutex_unlock(&s->lock);
			*skip = rc == 0;
			return rc;
		}
	}
	if (ngroups_open == GROUP_DEPTH)
		return ink_error(INK_EINPUT, "groups nested too deep");
	{
		struct cur_group *g = &open_groups[ngroups_open++];
		g->key = k;
		memcpy(g->d, d, CACHE_DIGEST);
		g->v = NULL;
		g->n = g->cap = 0;
		g->rc = 0;
	}
	return 0;
}

int
cache_wrote(uint64_t h, uint64_t dir, uint64_t ino)
{
	struct cur_group *g;

	if (ngroups_open == 0)
		return 0;
	g = &open_groups[ngroups_open - 1];
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct file_ent *v = realloc(g->v, cap * sizeof(*v));
		if (v == NULL)
			return g->rc = ink_error(INK_EINPUT, "out of memory");
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = (struct file_ent){ h, ino, dir };
	return 0;
}

static int
group_end(struct site *s)
{
	struct cur_group *g;
	int rc;

	if (ngroups_open == 0)
		return 0;
	g = &open_groups[--ngroups_open];
	rc = g->rc;
	/* A group some file of which was not written is not kept: the next
	 * build makes it again. */
	if (rc == 0) {
		pthread_mutex_lock(&s->lock);
		rc = group_add(s->cache, g->key, g->d, g->v, g->n);
		pthread_mutex_unlock(&s->lock);
	}
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
	return rc;
}

int
group_done(struct site *s, int rc)
{
	int e = group_end(s);

	return rc != 0 ? rc : e;
}

/* --- the next build's cache ------------------------------------------- */

/* The folders for the next build: those this build met, and every
 * folder of a file it wrote, with their mtime now that it is done. */
static void
put_dirs(struct site *s)
{
	struct cache *c = s->cache;
	size_t rootlen = strlen(s->root), n = 0;
	struct timespec now;
	struct stat *st;
	int root;

	for (size_t i = 0; i < s->ndirs; i++) {
		char rel[PATH_MAX], *q;
		if (strncmp(s->dirs[i], s->root, rootlen) != 0 ||
		    s->dirs[i][rootlen] != '/')
			continue;
		snprintf(rel, sizeof(rel), "%s", s->dirs[i] + rootlen + 1);
		/* With the folders above it. */
		for (;;) {
			(void)cache_dir_seen(s, rel);
			if ((q = strrchr(rel, '/')) == NULL)
				break;
			*q = '\0';
		}
	}
	ink_error_clear();
	/* Each folder stated once: those gone (pruned empty) are left out. */
	if ((st = calloc(c->ndirs + 1, sizeof(*st))) == NULL) {
		c->out_bad = 1;
		return;
	}
	root = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < c->ndirs; i++) {
		if (root >= 0 && fstatat(root, c->dirs[i], &st[i],
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st[i].st_mode))
			n++;
		else
			c->dirs[i][0] = '\0';
	}
	put_u64(c, n);
	clock_gettime(CLOCK_REALTIME, &now);
	for (size_t i = 0; i < c->ndirs; i++) {
		/* A folder changed in the last moments may change again
		 * within the same tick of the file system's clock, leaving
		 * its mtime as it is: such a folder is listed next time. */
		int64_t age = ((int64_t)now.tv_sec -
		    (int64_t)st[i].st_mtim.tv_sec) * 1000000000 +
		    ((int64_t)now.tv_nsec - (int64_t)st[i].st_mtim.tv_nsec);
		int settled = age >= DIR_SETTLED_NS;
		if (c->dirs[i][0] == '\0')
			continue;
		put_str(c, c->dirs[i]);
		put_u64(c, (uint64_t)st[i].st_ino);
		put_u64(c, settled ? (uint64_t)st[i].st_mtim.tv_sec : 0);
		put_u64(c, settled ? (uint64_t)st[i].st_mtim.tv_nsec : 0);
	}
	free(st);
	if (root >= 0)
		close(root);
}

/* Writes the cache beside OUT (through a temporary file renamed over
 * it).  Not being able to is no error: the next build makes every
 * page. */

static void
put(struct cache *c, const void *p, size_t n)
{
	if (c->out && fwrite(p, 1, n, c->out) != n)
		c->out_bad = 1;
}

static void
put_u64(struct cache *c, uint64_t v)
{
	put(c, &v, sizeof(v));
}

/* A string, or NULL, with its length and a NUL after it (get_str). */
static void
put_str(struct cache *c, const char *s)
{
	if (s == NULL) {
		put_u64(c, UINT64_MAX);
		return;
	}
	put_u64(c, strlen(s));
	put(c, s, strlen(s) + 1);
}

/* The next build's cache is written as this one goes, to a temporary
 * file renamed over the cache at the end; not being able to is no error
 * (the next build makes every page). */
static void
out_open(struct cache *c)
{
	int fd;

	snprintf(c->tmp, sizeof(c->tmp), "%s.%ld.tmp", c->path, (long)getpid());
	if ((fd = open(c->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0 || (c->out = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		c->tmp[0] = '\0';
		return;
	}
	put(c, CACHE_MAGIC, strlen(CACHE_MAGIC));
	put(c, c->self, sizeof(c->self));
	put_u64(c, c->dev);
	put_u64(c, c->ino);
}

static int
keep_row(void *arg, const struct s_rec *r, const char *pred)
{
	struct cache *c = arg;

	put_u64(c, 1);
	put_str(c, r->id);
	put_str(c, r->path);
	put_u64(c, (uint64_t)r->integrated);
	put(c, r->fd, sizeof(r->fd));
	put_u64(c, (uint64_t)r->vcode);
	put_str(c, r->problems);
	put_str(c, pred);
	return 0;
}

const struct s_keeper *
cache_keeper(struct site *s)
{
	struct cache *c = s->cache;

	if (c == NULL || c->out == NULL)
		return NULL;
	c->keeper.row = keep_row;
	c->keeper.arg = c;
	return &c->keeper;
}

const unsigned char *
cache_record_digest(const struct site *s, size_t i)
{
	return s->cache->nd[i];
}

int
cache_frag(const struct site *s, size_t i, const unsigned char d[CACHE_DIGEST],
    const char **json, const char **csv)
{
	const struct cache *c = s->cache;

	if (c == NULL || i >= c->nfrags || c->frags[i].text == NULL ||
	    memcmp(c->frags[i].d, d, CACHE_DIGEST) != 0)
		return 0;
	*json = c->frags[i].text;
	*csv = c->frags[i].csv;
	return 1;
}

void
cache_frags_begin(struct site *s, size_t n)
{
	struct cache *c = s->cache;

	if (c == NULL || c->frags_open)
		return;
	/* The end of the model's rows, then the entries. */
	put_u64(c, 0);
	put_u64(c, n);
	c->frags_open = 1;
}

void
cache_frag_put(struct site *s, const unsigned char d[CACHE_DIGEST],
    const char *json, size_t jlen, const char *csv, size_t clen)
{
	struct cache *c = s->cache;

	if (c == NULL || !c->frags_open)
		return;
	put(c, d, CACHE_DIGEST);
	put_u64(c, jlen);
	put(c, json, jlen);
	put(c, "", 1);
	if (csv == NULL) {
		put_u64(c, UINT64_MAX);
		return;
	}
	put_u64(c, clen);
	put(c, csv, clen);
	put(c, "", 1);
}

int
cache_save(struct site *s)
{
	struct cache *c = s->cache;
	const struct s_model *m = &s->m;
	int rc = 0;

	if (c == NULL || c->out == NULL)
		return 0;
	cache_frags_begin(s, 0);
	put_str(c, m->name);
	put_str(c, m->head);
	put_str(c, m->catalogs);
	put_u64(c, (uint64_t)m->at);
	put_u64(c, m->n);
	for (size_t i = 0; i < m->n; i++) {
		const struct s_rec *r = &m->recs[i];
		put_u64(c, (uint64_t)r->has_state);
		put_u64(c, (uint64_t)r->state);
		put_str(c, r->by_id);
		put_str(c, r->why);
	}
	put_u64(c, c->nnew);
	put_u64(c, c->nfiles);
	for (size_t k = 0; k < c->nnew; k++) {
		const struct group *gr = &c->new[k];
		put_u64(c, gr->key);
		put(c, gr->d, CACHE_DIGEST);
		put_u64(c, gr->n);
		for (size_t i = 0; i < gr->n; i++) {
			put_u64(c, c->files[gr->first + i].h);
			put_u64(c, c->files[gr->first + i].ino);
			put_u64(c, c->files[gr->first + i].dir);
		}
	}
	put_dirs(s);
	if (fclose(c->out) != 0)
		c->out_bad = 1;
	c->out = NULL;
	if (c->out_bad || rename(c->tmp, c->path) != 0)
		rc = -1;
	if (rc != 0)
		unlink(c->tmp);
	c->tmp[0] = '\0';
	return 0;
}

void
cache_free(struct site *s)
{
	struct cache *c = s->cache;

	while (ngroups_open > 0) {
		struct cur_group *g = &open_groups[--ngroups_open];
		free(g->v);
		g->v = NULL;
	}
	if (c == NULL)
		return;
	free(c->old);
	hmap_free(&c->oldix);
	free(c->oldfiles);
	free(c->new);
	free(c->files);
	free(c->pres);
	hmap_free(&c->presix);
	free(c->rd);
	free(c->nd);
	free(c->org);
	free(c->svc);
	free(c->sig);
	free(c->rows);
	free(c->frags);
	free(c->olddirs);
	for (size_t i = 0; i < c->ndirs; i++)
		free(c->dirs[i]);
	free(c->dirs);
	buf_release(&c->raw);
	/* A build that did not save its cache leaves none. */
	if (c->out)
		fclose(c->out);
	if (c->tmp[0])
		unlink(c->tmp);
	free(c);
	s->cache = NULL;
}
