/*
 * The registry's git repository through libgit2.
 */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "core/error.h"
#include "core/file.h"
#include "core/hashmap.h"
#include "keys/formats.h"
#include "registry/repo.h"

struct repo {
	git_repository *git;
	char *path;
	int has_head;
	git_oid head_oid;
	char head_hex[GIT_OID_HEXSZ + 1];
	char tip_hex[GIT_OID_HEXSZ + 1]; /* HEAD, when head_* is pinned to
	                                  * an older commit (repo_pin) */
	git_tree *head_tree;
	git_index *tx;
	int lock_fd;
	/* Large changes: objects queued in memory and written as one pack
	 * (see repo_tx_put) instead of thousands of loose files. */
	struct txpack *pack;
	size_t nputs;
	/* The files this change writes, for the working tree. */
	struct txfile *files;
	size_t nfiles, filecap;
};

struct txfile {
	char *path;
	git_oid id;
	unsigned char *data;
	size_t len;
	int owned;      /* else borrowed from the queued objects */
};

/* Past this many files in one change, objects go to one pack. */
#define REPO_PACK_AFTER 64

static int
git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return ink_error(code, "%s: %s", what, e && e->message ? e->message :
	    "libgit2 error");
}

/* No configuration outside the repository is ever read.  Objects are
 * written without a flush each: repo_tx_commit syncs the repository's
 * filesystem once before the branch moves and once after, which is as
 * durable and a thousand times cheaper for a batch of records. */
static void
lib_init(void)
{
	static int done;
	static const int levels[] = { GIT_CONFIG_LEVEL_SYSTEM,
		GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
		GIT_CONFIG_LEVEL_PROGRAMDATA };

	if (done)
		return;
	git_libgit2_init();
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "");
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	/* libgit2 caches trees of at most 4 KiB: a registry's record folders
	 * (records/<kind>/ with 256 fan-out folders, each of those N/256
	 * entries) are larger, so every record lookup inflated and hashed
	 * them again (a quarter of a 10k site build).  Trees are a few MiB
	 * even at 100k records. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)1 << 20);
	/* Nor does it cache blobs, so the small index files read for every
	 * record (signers/<keyid>, an id per line, for each signer's
	 * accreditation) were read and inflated again each time: two loose
	 * files per record of a registry verify.  Blobs of at most 1 KiB
	 * are kept; records themselves are larger and read once. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB,
	    (size_t)1024);
	done = 1;
}

/*
 * The objects of a large change, queued in memory: an odb backend of
 * highest priority, so the change's own trees and commit can read them
 * before they reach the disk.  At commit they are deflated (on both
 * cores) into one pack with no delta search (git gc can find deltas
 * later), and the pack and its index (version 2) are written by us, so
 * no object is compressed, inflated or hashed twice.
 */
struct txobj {
	git_oid id;
	git_object_t type;
	size_t len;
	unsigned char *raw;
	size_t off;     /* of the entry in the pack */
	uint32_t crc;   /* of the entry's bytes, as the index wants */
};

struct txpack {
	git_odb_backend parent;
	struct txobj *v;
	size_t n, cap;
	struct hmap slot;       /* object id -> index into v */
	unsigned char *pack;
	size_t len;
};

/* An object id is a hash already: its first 8 bytes are the key's. */
static uint64_t
txpack_hash(const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static int
txpack_same(const void *ctx, size_t val, const void *key)
{
	const struct txpack *t = ctx;

	return git_oid_equal(&t->v[val].id, key);
}

static struct txobj *
txpack_find(struct txpack *t, const git_oid *id)
{
	size_t i = hmap_get(&t->slot, txpack_hash(id), txpack_same, t, id);

	return i == HMAP_NONE ? NULL : &t->v[i];
}

static int
txpack_write(git_odb_backend *b, const git_oid *id, const void *data,
    size_t len, git_object_t type)
{
	struct txpack *t = (struct txpack *)b;
	struct txobj *o;

	if (txpack_find(t, id))
		return 0;
	if (type < GIT_OBJECT_COMMIT || type > GIT_OBJECT_TAG) {
		git_error_set_str(GIT_ERROR_ODB, "unexpected object type");
		return -1;
	}
	if (hmap_reserve(&t->slot, t->n + 1) != 0) {
		ink_error_clear();
		goto oom;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct txobj *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL)
			goto oom;
		t->v = v;
		t->cap = cap;
	}
	o = &t->v[t->n];
	memset(o, 0, sizeof(*o));
	if ((o->raw = malloc(len ? len : 1)) == NULL)
		goto oom;
	memcpy(o->raw, data, len);
	o->id = *id;
	o->type = type;
	o->len = len;
	/* Cannot fail: the room was reserved above. */
	hmap_put(&t->slot, txpack_hash(id), t->n++);
	return 0;
oom:
	git_error_set_oom();
	return -1;
}

static int
txpack_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
    const git_oid *id)
{
	struct txobj *o = txpack_find((struct txpack *)b, id);

	if (o == NULL)
		return GIT_ENOTFOUND;
	*len = o->len;
	*type = o->type;
	return 0;
}

static int
txpack_read(void **out, size_t *len, git_object_t *type, git_odb_backend *b,
    const git_oid *id)
{
	struct txobj *o = txpack_find((struct txpack *)b, id);
	unsigned char *p;

	if (o == NULL)
		return GIT_ENOTFOUND;
	if ((p = git_odb_backend_data_alloc(b, o->len + 1)) == NULL)
		return -1;
	memcpy(p, o->raw, o->len);
	*out = p;
	*len = o->len;
	*type = o->type;
	return 0;
}

static int
txpack_exists(git_odb_backend *b, const git_oid *id)
{
	return txpack_find((struct txpack *)b, id) != NULL;
}

static void
txpack_reset(struct txpack *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].raw);
	t->n = 0;
	hmap_free(&t->slot);
	free(t->pack);
	t->pack = NULL;
	t->len = 0;
}

static void
txpack_free(git_odb_backend *b)
{
	struct txpack *t = (struct txpack *)b;

	txpack_reset(t);
	free(t->v);
	hmap_free(&t->slot);
	free(t);
}

static int
txpack_new(struct txpack **out)
{
	struct txpack *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (t == NULL) {
		git_error_set_oom();
		return -1;
	}
	git_odb_init_backend(&t->parent, GIT_ODB_BACKEND_VERSION);
	t->parent.read = txpack_read;
	t->parent.read_header = txpack_read_header;
	t->parent.write = txpack_write;
	t->parent.exists = txpack_exists;
	t->parent.free = txpack_free;
	*out = t;
	return 0;
}

/* Objects [from, to) deflated as pack entries into out; each one's offset
 * (relative to out) and CRC noted. */
struct zjob {
	struct txpack *t;
	size_t from, to;
	unsigned char *out;
	size_t len, cap;
	int rc;
};

static void *
deflate_range(void *arg)
{
	struct zjob *j = arg;
	z_stream z;

	memset(&z, 0, sizeof(z));
	/* Records are mostly base64: a fast level loses little. */
	if (deflateInit(&z, Z_BEST_SPEED) != Z_OK)
		return NULL;
	for (size_t i = j->from; i < j->to; i++) {
		struct txobj *o = &j->t->v[i];
		unsigned char hdr[16];
		size_t h = 0, sz = o->len, bound;

		hdr[h] = (unsigned char)(((unsigned)o->type << 4) | (sz & 0x0f));
		for (sz >>= 4; sz; sz >>= 7) {
			hdr[h++] |= 0x80;
			hdr[h] = (unsigned char)(sz & 0x7f);
		}
		h++;
		bound = deflateBound(&z, (uLong)o->len) + h;
		if (j->len + bound > j->cap) {
			size_t cap = j->cap ? j->cap : 1 << 16;
			unsigned char *p;
			while (cap < j->len + bound)
				cap *= 2;
			if ((p = realloc(j->out, cap)) == NULL)
				goto fail;
			j->out = p;
			j->cap = cap;
		}
		o->off = j->len;
		memcpy(j->out + j->len, hdr, h);
		if (deflateReset(&z) != Z_OK)
			goto fail;
		z.next_in = o->raw;
		z.avail_in = (uInt)o->len;
		z.next_out = j->out + j->len + h;
		z.avail_out = (uInt)(bound - h);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			goto fail;
		j->len += bound - z.avail_out;
		o->crc = (uint32_t)crc32(0, j->out + o->off,
		    (uInt)(j->len - o->off));
	}
	j->rc = 0;
fail:
	deflateEnd(&z);
	return NULL;
}

/* Past this many objects, a second thread deflates half of them. */
#define REPO_ZTHREAD_AFTER 256

/* t->pack: the whole pack, its checksum last. */
static int
txpack_build(struct txpack *t)
{
	struct zjob j[2];
	pthread_t th;
	int threaded = 0, rc = -1;
	size_t at;

	memset(j, 0, sizeof(j));
	j[0].t = j[1].t = t;
	j[0].rc = j[1].rc = -1;
	/* Halves of equal bytes, not of equal counts: records and the
	 * small files and trees of the log do not come mixed. */
	{
		size_t total = 0, half = 0, k = 0;
		for (size_t i = 0; i < t->n; i++)
			total += t->v[i].len;
		while (k < t->n && half < total / 2)
			half += t->v[k++].len;
		j[0].to = j[1].from = k;
	}
	j[1].to = t->n;
	if (t->n > REPO_ZTHREAD_AFTER &&
	    pthread_create(&th, NULL, deflate_range, &j[1]) == 0)
		threaded = 1;
	else {
		j[0].to = j[1].from = t->n;
		j[1].rc = 0;
	}
	deflate_range(&j[0]);
	if (threaded)
		pthread_join(th, NULL);
	if (j[0].rc != 0 || j[1].rc != 0)
		goto done;
	free(t->pack);
	t->len = 12 + j[0].len + j[1].len;
	if ((t->pack = malloc(t->len + 20)) == NULL)
		goto done;
	memcpy(t->pack, "PACK\0\0\0\2", 8);
	t->pack[8] = (unsigned char)(t->n >> 24);
	t->pack[9] = (unsigned char)(t->n >> 16);
	t->pack[10] = (unsigned char)(t->n >> 8);
	t->pack[11] = (unsigned char)t->n;
	at = 12;
	for (size_t k = 0; k < 2; k++) {
		if (j[k].len > 0) /* an unused half has no buffer */
			memcpy(t->pack + at, j[k].out, j[k].len);
		for (size_t i = j[k].from; i < j[k].to; i++)
			t->v[i].off += at;
		at += j[k].len;
	}
	if (EVP_Digest(t->pack, t->len, t->pack + t->len, NULL, EVP_sha1(),
	    NULL))
		rc = 0;
done:
	free(j[0].out);
	free(j[1].out);
	return rc;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static struct txpack *sort_pack; /* qsort has no argument; one writer */

static int
by_oid(const void *a, const void *b)
{
	return git_oid_cmp(&sort_pack->v[*(const size_t *)a].id,
	    &sort_pack->v[*(const size_t *)b].id);
}

/* Writes f (which must not exist) with the n bytes at p. */
static int
write_new_file(const char *f, const void *p, size_t n)
{
	int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);

	if (fd < 0)
		return -1;
	if (file_write_fd(fd, p, n) != 0) {
		close(fd);
		unlink(f);
		return -1;
	}
	return close(fd);
}

/* The pack and its index, under objects/pack: the index last, for a pack
 * is used only once its index is there. */
static int
txpack_store(struct repo *r, struct txpack *t)
{
	unsigned char sum[EVP_MAX_MD_SIZE], *idx = NULL, *q;
	size_t *order = NULL, nlarge = 0, idxlen;
	uint32_t fan[256] = { 0 };
	char hex[GIT_OID_HEXSZ + 1], tpack[4200], tidx[4200], fpack[4200],
	    fidx[4200];
	const char *gd = git_repository_path(r->git);
	int rc = -1;

	if (t->n == 0)
		return 0;
	if (txpack_build(t) != 0)
		goto done;
	memcpy(sum, t->pack + t->len, 20);
	if ((order = malloc(t->n * sizeof(*order))) == NULL)
		goto done;
	for (size_t i = 0; i < t->n; i++) {
		order[i] = i;
		fan[t->v[i].id.id[0]]++;
		if (t->v[i].off >= 0x80000000u)
			nlarge++;
	}
	sort_pack = t;
	qsort(order, t->n, sizeof(*order), by_oid);
	for (size_t i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	idxlen = 8 + 256 * 4 + t->n * (20 + 4 + 4) + nlarge * 8 + 40;
	if ((idx = malloc(idxlen)) == NULL)
		goto done;
	memcpy(idx, "\377tOc\0\0\0\2", 8);
	q = idx + 8;
	for (size_t i = 0; i < 256; i++, q += 4)
		put_be32(q, fan[i]);
	for (size_t i = 0; i < t->n; i++, q += 20)
		memcpy(q, t->v[order[i]].id.id, 20);
	for (size_t i = 0; i < t->n; i++, q += 4)
		put_be32(q, t->v[order[i]].crc);
	{
		unsigned char *large = q + t->n * 4;
		size_t k = 0;
		for (size_t i = 0; i < t->n; i++, q += 4) {
			uint64_t off = t->v[order[i]].off;
			if (off < 0x80000000u) {
				put_be32(q, (uint32_t)off);
				continue;
			}
			put_be32(q, 0x80000000u | (uint32_t)k);
			put_be32(large + 8 * k, (uint32_t)(off >> 32));
			put_be32(large + 8 * k + 4, (uint32_t)off);
			k++;
		}
		q = large + 8 * nlarge;
	}
	memcpy(q, sum, 20);
	q += 20;
	if (!EVP_Digest(idx, (size_t)(q - idx), q, NULL, EVP_sha1(), NULL))
		goto done;
	for (size_t i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	snprintf(tpack, sizeof(tpack), "%sobjects/pack/tmp_inkan_%ld.pack", gd,
	    (long)getpid());
	snprintf(tidx, sizeof(tidx), "%sobjects/pack/tmp_inkan_%ld.idx", gd,
	    (long)getpid());
	snprintf(fpack, sizeof(fpack), "%sobjects/pack/pack-%s.pack", gd, hex);
	snprintf(fidx, sizeof(fidx), "%sobjects/pack/pack-%s.idx", gd, hex);
	unlink(tpack);
	unlink(tidx);
	{
		char dir[4200];
		snprintf(dir, sizeof(dir), "%sobjects/pack", gd);
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			goto done;
	}
	if (write_new_file(tpack, t->pack, t->len + 20) != 0 ||
	    write_new_file(tidx, idx, idxlen) != 0 ||
	    rename(tpack, fpack) != 0 || rename(tidx, fidx) != 0) {
		unlink(tpack);
		unlink(tidx);
		goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		git_error_set_str(GIT_ERROR_OS, "cannot write the pack");
	free(order);
	free(idx);
	return rc;
}

static int
load_head(struct repo *r)
{
	git_commit *c = NULL;
	int e;

	git_tree_free(r->head_tree);
	r->head_tree = NULL;
	r->has_head = 0;
	r->head_hex[0] = '\0';
	e = git_reference_name_to_id(&r->head_oid, r->git, "HEAD");
	if (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH)
		return 0;
	if (e < 0)
		return git_fail(INK_EINPUT, "cannot read HEAD");
	if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
	    git_commit_tree(&r->head_tree, c) < 0) {
		git_commit_free(c);
		return git_fail(INK_EINPUT, "cannot read the HEAD commit");
	}
	git_commit_free(c);
	git_oid_tostr(r->head_hex, sizeof(r->head_hex), &r->head_oid);
	memcpy(r->tip_hex, r->head_hex, sizeof(r->tip_hex));
	r->has_head = 1;
	return 0;
}

static int
repo_new(struct repo **out, const char *dir)
{
	struct repo *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->path = strdup(dir)) == NULL) {
		free(r);
		return ink_error(INK_EINPUT, "out of memory");
	}
	r->lock_fd = -1;
	*out = r;
	return 0;
}

int
repo_init(struct repo **out, const char *dir)
{
	git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	struct repo *r = NULL;
	DIR *d;
	int rc;

	*out = NULL;
	lib_init();
	if ((d = opendir(dir)) != NULL) {
		struct dirent *de;
		int empty = 1;
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		closedir(d);
		if (!empty)
			return ink_error(INK_EEXIST, "'%s' exists and is not "
			    "empty: not creating a registry there", dir);
	}
	if ((rc = repo_new(&r, dir)) != 0)
		return rc;
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
	    GIT_REPOSITORY_INIT_MKDIR;
	o.initial_head = "main";
	if (git_repository_init_ext(&r->git, dir, &o) < 0) {
		rc = git_fail(INK_EINPUT, "cannot create the registry");
		repo_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
repo_open(struct repo **out, const char *dir)
{
	struct repo *r = NULL;
	int rc;

	*out = NULL;
	lib_init();
	if ((rc = repo_new(&r, dir)) != 0)
		return rc;
	if (git_repository_open_ext(&r->git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0) {
		rc = ink_error(INK_EINPUT, "'%s' is not a registry (no git "
		    "repository there)", dir);
		repo_close(r);
		return rc;
	}
	if ((rc = load_head(r)) != 0) {
		repo_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
repo_open_twin(struct repo **out, const struct repo *of)
{
	struct repo *r = NULL;
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = repo_new(&r, of->path)) != 0)
		return rc;
	if (git_repository_open_ext(&r->git, git_repository_path(of->git),
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = git_fail(INK_EINPUT, "cannot open the registry again");
		repo_close(r);
		return rc;
	}
	/* Pinned to the commit the first handle read, not to HEAD now. */
	if (of->has_head) {
		r->head_oid = of->head_oid;
		if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
		    git_commit_tree(&r->head_tree, c) < 0) {
			git_commit_free(c);
			rc = git_fail(INK_EINPUT, "cannot read the HEAD commit");
			repo_close(r);
			return rc;
		}
		git_commit_free(c);
		memcpy(r->head_hex, of->head_hex, sizeof(r->head_hex));
		memcpy(r->tip_hex, of->tip_hex, sizeof(r->tip_hex));
		r->has_head = 1;
	}
	*out = r;
	return 0;
}

void
repo_close(struct repo *r)
{
	if (r == NULL)
		return;
	repo_tx_abort(r);
	free(r->files);
	git_tree_free(r->head_tree);
	git_repository_free(r->git);
	free(r->path);
	free(r);
}

const char *
repo_path(const struct repo *r)
{
	return r->path;
}

const char *
repo_gitdir(const struct repo *r)
{
	return git_repository_path(r->git);
}

int
repo_has_head(struct repo *r)
{
	return r->has_head;
}

const char *
repo_head(struct repo *r)
{
	return r->head_hex;
}

/* The size and type of object id from its header, before it is read:
 * a small object that inflates to gigabytes (or a tree where a file
 * should be) is refused without inflating it.  The header is a few
 * bytes of a loose object or of a pack entry, or the object cache's. */
static int
blob_header_check(struct repo *r, const git_oid *id, const char *path,
    size_t max)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t len;
	int rc = 0;

	if (git_repository_odb(&odb, r->git) < 0 ||
	    git_odb_read_header(&len, &type, odb, id) < 0)
		rc = git_fail(INK_EINPUT, path);
	else if (type != GIT_OBJECT_BLOB)
		rc = ink_error(INK_ENO, "'%s' in the registry is not a regular "
		    "file", path);
	else if (len > max)
		rc = ink_error(INK_EINPUT, "'%s' in the registry is larger than "
		    "the limit of %zu bytes", path, max);
	git_odb_free(odb);
	return rc;
}

static int
read_tree_path(struct buf *out, struct repo *r, git_tree *tree,
    const char *path, size_t max)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	int rc = 0;

	buf_init(out, max);
	if (tree == NULL)
		return INK_ENOTFOUND;
	if (git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return INK_ENOTFOUND;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		rc = ink_error(INK_ENO, "'%s' in the registry is not a regular "
		    "file", path);
		goto cleanup;
	}
	if ((rc = blob_header_check(r, git_tree_entry_id(e), path, max)) != 0)
		goto cleanup;
	if (git_blob_lookup(&b, r->git, git_tree_entry_id(e)) < 0) {
		rc = git_fail(INK_EINPUT, path);
		goto cleanup;
	}
	/* (As the header said, or libgit2 would have failed.) */
	if ((size_t)git_blob_rawsize(b) > max) {
		rc = ink_error(INK_EINPUT, "'%s' in the registry is larger than "
		    "the limit of %zu bytes", path, max);
		goto cleanup;
	}
	rc = buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
cleanup:
	git_blob_free(b);
	git_tree_entry_free(e);
	return rc;
}

int
repo_read(struct buf *out, struct repo *r, const char *path, size_t max)
{
	return read_tree_path(out, r, r->head_tree, path, max);
}

int
repo_is_file(struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	int yes;

	if (r->head_tree == NULL)
		return 0;
	yes = git_tree_entry_bypath(&e, r->head_tree, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_LINK;
	git_tree_entry_free(e);
	git_error_clear();
	return yes;
}

int
repo_exists(struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	int yes;

	if (r->head_tree == NULL)
		return 0;
	yes = git_tree_entry_bypath(&e, r->head_tree, path) == 0;
	git_tree_entry_free(e);
	git_error_clear();
	return yes;
}

int
repo_path_id(struct repo *r, const char *path, char hex[REPO_ID_HEX])
{
	git_tree_entry *e = NULL;

	hex[0] = '\0';
	if (r->head_tree == NULL ||
	    git_tree_entry_bypath(&e, r->head_tree, path) != 0) {
		git_error_clear();
		return INK_ENOTFOUND;
	}
	git_oid_tostr(hex, REPO_ID_HEX, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 0;
}

int
repo_read_at(struct buf *out, struct repo *r, const char *rev,
    const char *path, size_t max)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc;

	buf_init(out, max);
	if (git_oid_fromstr(&oid, rev) < 0 ||
	    git_commit_lookup(&c, r->git, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return git_fail(INK_EINPUT, "cannot read a registry commit");
	}
	rc = read_tree_path(out, r, t, path, max);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

void
repo_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
repo_list(char ***out, size_t *n, struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *t = NULL;
	char **v = NULL;
	size_t count, i;

	*out = NULL;
	*n = 0;
	if (r->head_tree == NULL)
		return 0;
	if (git_tree_entry_bypath(&e, r->head_tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&t, r->git, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return ink_error(INK_ENO, "'%s' in the registry is not a folder",
		    path);
	}
	git_tree_entry_free(e);
	count = git_tree_entrycount(t);
	if (count && (v = calloc(count, sizeof(*v))) == NULL) {
		git_tree_free(t);
		return ink_error(INK_EINPUT, "out of memory");
	}
	for (i = 0; i < count; i++)
		if ((v[i] = strdup(git_tree_entry_name(
		    git_tree_entry_byindex(t, i)))) == NULL) {
			repo_list_free(v, i);
			git_tree_free(t);
			return ink_error(INK_EINPUT, "out of memory");
		}
	git_tree_free(t);
	*out = v;
	*n = count;
	return 0;
}

/* A tracked path under the folders inkan writes is inkan's own: a writer
 * killed (or out of disk) while updating the working tree leaves such
 * paths missing, old or cut short, and HEAD, not the working tree, is
 * the registry.  Anything else (a new file, another path) is someone's. */
static int
own_leftover(const char *path)
{
	static const char *const mine[] = { "records/", "log/", "links/",
		"signers/", "catalogs/", "root/", "inkan-registry.json", NULL };

	for (size_t i = 0; mine[i]; i++)
		if (strncmp(path, mine[i], strlen(mine[i])) == 0)
			return 1;
	return 0;
}

/* git's own lock files, left by a writer killed inside libgit2; under
 * inkan's flock no other inkan writer can be holding them. */
static void
clear_stale_locks(struct repo *r)
{
	static const char *const names[] = { "index.lock", "HEAD.lock",
		"packed-refs.lock", "refs/heads/main.lock", NULL };
	char p[4096];

	for (size_t i = 0; names[i]; i++) {
		snprintf(p, sizeof(p), "%s%s", git_repository_path(r->git),
		    names[i]);
		unlink(p);
	}
}

static int
check_worktree(struct repo *r)
{
	git_status_options o = GIT_STATUS_OPTIONS_INIT;
	git_status_list *l = NULL;
	int rc = 0, repair = 0;

	if (git_repository_is_bare(r->git) || !r->has_head)
		return 0;
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* UPDATE_INDEX: what libgit2 learns of files that are unchanged but
	 * whose stat data git's index does not match (copied, or written in
	 * the same second as the index) is written back, so that the next
	 * change does not read and hash every file of the registry again. */
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_UPDATE_INDEX;
	if (git_status_list_new(&l, r->git, &o) < 0) {
		/* (writing the index back can fail, e.g. while someone's git
		 * holds its lock: the status alone is what this needs) */
		git_error_clear();
		o.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		if (git_status_list_new(&l, r->git, &o) < 0)
			return git_fail(INK_EINPUT, "cannot read the working "
			    "tree");
	}
	for (size_t i = 0; i < git_status_list_entrycount(l) && rc == 0; i++) {
		const git_status_entry *s = git_status_byindex(l, i);
		const git_diff_delta *d = s->index_to_workdir ?
		    s->index_to_workdir : s->head_to_index;
		const char *path = d ? d->new_file.path : "?";

		git_tree_entry *te = NULL;
		int in_head;

		if (s->status & GIT_STATUS_IGNORED)
			continue;
		/* Tracked means in HEAD: after a checkout cut short, git's
		 * index may not know a file HEAD has. */
		in_head = r->head_tree &&
		    git_tree_entry_bypath(&te, r->head_tree, path) == 0;
		git_tree_entry_free(te);
		git_error_clear();
		if (((s->status & GIT_STATUS_WT_NEW) && !in_head) ||
		    !own_leftover(path))
			rc = ink_error(INK_EINPUT, "the registry's working tree "
			    "has changes inkan did not make ('%s'): commit or "
			    "remove them first", path);
		else
			repair = 1;
	}
	git_status_list_free(l);
	if (rc == 0 && repair) {
		/* git reset --hard: git's index too may be the old one (a
		 * writer killed before it wrote the new one), and a checkout
		 * alone would trust it. */
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
		git_commit *c = NULL;
		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (git_commit_lookup(&c, r->git, &r->head_oid) < 0 ||
		    git_reset(r->git, (git_object *)c, GIT_RESET_HARD, &co) < 0)
			rc = git_fail(INK_EINPUT, "cannot repair the working tree");
		git_commit_free(c);
	}
	return rc;
}

int
repo_tx_begin(struct repo *r, int timeout_ms)
{
	char lock[4096];
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	int waited = 0, rc;

	if (r->lock_fd >= 0)
		return ink_error(INK_EINPUT, "a change is already under way");
	snprintf(lock, sizeof(lock), "%sinkan.lock",
	    git_repository_path(r->git));
	/* flock: the kernel drops the lock when its holder dies, so a
	 * crashed writer never blocks the registry. */
	r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (r->lock_fd < 0)
		return ink_error_sys(INK_EINPUT, "cannot open '%s'", lock);
	while (flock(r->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || waited >= timeout_ms) {
			close(r->lock_fd);
			r->lock_fd = -1;
			return ink_error(INK_EINPUT, "the registry is locked by "
			    "another writer (waited %d ms)", waited);
		}
		nanosleep(&nap, NULL);
		waited += 20;
	}
	if (ftruncate(r->lock_fd, 0) == 0)
		dprintf(r->lock_fd, "%ld\n", (long)getpid());
	clear_stale_locks(r);
	if ((rc = load_head(r)) != 0 || (rc = check_worktree(r)) != 0)
		goto fail;
	if (git_index_new(&r->tx) < 0) {
		rc = git_fail(INK_EINPUT, "cannot start a change");
		goto fail;
	}
	if (r->head_tree && git_index_read_tree(r->tx, r->head_tree) < 0) {
		rc = git_fail(INK_EINPUT, "cannot start a change");
		goto fail;
	}
	return 0;
fail:
	repo_tx_abort(r);
	return rc;
}

int
repo_tx_put(struct repo *r, const char *path, const void *data, size_t len)
{
	const git_index_entry *had;
	git_index_entry e;
	git_oid oid, was;
	int same;
	struct txfile *f;
	struct txobj *q;

	if (r->tx == NULL)
		return ink_error(INK_EINPUT, "no change under way");
	if (++r->nputs > REPO_PACK_AFTER && r->pack == NULL) {
		git_odb *odb = NULL;
		int ge = txpack_new(&r->pack);
		if (ge == 0 && (ge = git_repository_odb(&odb, r->git)) == 0 &&
		    (ge = git_odb_add_backend(odb, &r->pack->parent, 999)) != 0) {
			txpack_free(&r->pack->parent);
			r->pack = NULL;
		}
		git_odb_free(odb);
		if (ge < 0)
			return git_fail(INK_EINPUT, "cannot queue objects");
	}
	if (r->pack == NULL) {
		if (git_blob_create_from_buffer(&oid, r->git, data, len) < 0)
			return git_fail(INK_EINPUT, "cannot store a file");
	} else {
		/* Straight to the queue: libgit2 would look for the object
		 * first and rescan the packs folder for each miss. */
		git_odb *odb = NULL;
		int ge = git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
		if (ge == 0 && (ge = git_repository_odb(&odb, r->git)) == 0 &&
		    !git_odb_exists_ext(odb, &oid, GIT_ODB_LOOKUP_NO_REFRESH))
			ge = txpack_write(&r->pack->parent, &oid, data, len,
			    GIT_OBJECT_BLOB);
		git_odb_free(odb);
		if (ge < 0)
			return git_fail(INK_EINPUT, "cannot store a file");
	}
	/* (git_index_add changes the entry it replaces in place) */
	had = git_index_get_bypath(r->tx, path, 0);
	same = had && had->mode == GIT_FILEMODE_BLOB;
	if (same)
		was = had->id;
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_BLOB;
	e.id = oid;
	e.path = path;
	if (git_index_add(r->tx, &e) < 0)
		return git_fail(INK_EINPUT, "cannot stage a file");
	/* The working tree gets only what changed (repo_tx_commit). */
	if (same && git_oid_equal(&was, &oid))
		return 0;
	if (r->nfiles == r->filecap) {
		size_t cap = r->filecap ? r->filecap * 2 : 64;
		struct txfile *v = realloc(r->files, cap * sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		r->files = v;
		r->filecap = cap;
	}
	f = &r->files[r->nfiles];
	q = r->pack ? txpack_find(r->pack, &oid) : NULL;
	f->owned = q == NULL;
	if ((f->path = strdup(path)) == NULL ||
	    (f->data = q ? q->raw : malloc(len ? len : 1)) == NULL) {
		free(f->path);
		return ink_error(INK_EINPUT, "out of memory");
	}
	if (f->owned)
		memcpy(f->data, data, len);
	f->len = len;
	f->id = oid;
	r->nfiles++;
	return 0;
}

/* The objects queued in memory, written as one pack with its index. */
static int
write_queued(struct repo *r)
{
	git_odb *odb = NULL;
	int rc = 0;

	if (r->pack == NULL || r->pack->n == 0)
		return 0;
	if (txpack_store(r, r->pack) != 0)
		return git_fail(INK_EINPUT, "cannot write the change's objects");
	/* libgit2 finds the new pack from now on. */
	if (git_repository_odb(&odb, r->git) < 0 || git_odb_refresh(odb) < 0)
		rc = git_fail(INK_EINPUT, "cannot read the change's objects");
	git_odb_free(odb);
	return rc;
}

static int
sync_gitdir(struct repo *r)
{
	int fd = open(git_repository_path(r->git), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || syncfs(fd) != 0)
		rc = ink_error_sys(INK_EINPUT, "cannot sync the registry");
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Opens folder dir (relative to the working tree at root, made when
 * missing), never through a symbolic link. */
static int
open_dir(int root, const char *dir)
{
	char part[4096];
	int fd = dup(root);

	if (fd < 0 || strlen(dir) >= sizeof(part))
		goto fail;
	for (const char *c = dir; *c && fd >= 0;) {
		size_t n = strcspn(c, "/");
		int next;

		memcpy(part, c, n);
		part[n] = '\0';
		c += n + (c[n] == '/');
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		/* (another thread of update_worktree may make it first) */
		if (next < 0 && errno == ENOENT && (mkdirat(fd, part, 0777) == 0 ||
		    errno == EEXIST))
			next = openat(fd, part, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Writes one changed file of the working tree and fills its index entry
 * from what was written. */
static int
write_wt_file(int dirfd, const char *name, const struct txfile *f,
    git_index_entry *e)
{
	struct stat st;
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0666);
	if (fd < 0 && (errno == ELOOP || errno == EISDIR) &&
	    unlinkat(dirfd, name, 0) == 0)
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	if (file_write_fd(fd, f->data, f->len) != 0 || fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return -1;
	memset(e, 0, sizeof(*e));
	e->ctime.seconds = (int32_t)st.st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)st.st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
	e->dev = (uint32_t)st.st_dev;
	e->ino = (uint32_t)st.st_ino;
	e->mode = GIT_FILEMODE_BLOB;
	e->uid = (uint32_t)st.st_uid;
	e->gid = (uint32_t)st.st_gid;
	e->file_size = (uint32_t)st.st_size;
	e->id = f->id;
	e->path = f->path;
	/* Just written from these very bytes: no need to hash it again. */
	e->flags_extended = GIT_INDEX_ENTRY_UPTODATE;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct txfile *)a)->path,
	    ((const struct txfile *)b)->path);
}

/* Files [from, to) of a change written into the working tree at root,
 * each one's index entry filled in (ok[i] says it was). */
struct wt_job {
	const struct repo *r;
	int root;
	size_t from, to;
	git_index_entry *e;
	unsigned char *ok;
};

static void *
write_wt_range(void *arg)
{
	struct wt_job *j = arg;
	char dir[4096] = "";
	int dfd = -1;

	for (size_t i = j->from; i < j->to; i++) {
		const struct txfile *f = &j->r->files[i];
		const char *slash = strrchr(f->path, '/');
		size_t dl = slash ? (size_t)(slash - f->path) : 0;

		if (dl >= sizeof(dir))
			break;
		if (dfd < 0 || strlen(dir) != dl || memcmp(dir, f->path, dl)) {
			if (dfd >= 0 && dfd != j->root)
				close(dfd);
			memcpy(dir, f->path, dl);
			dir[dl] = '\0';
			dfd = dl ? open_dir(j->root, dir) : j->root;
			if (dfd < 0)
				break;
		}
		if (write_wt_file(dfd, slash ? slash + 1 : f->path, f,
		    &j->e[i]) != 0)
			break;
		j->ok[i] = 1;
	}
	if (dfd >= 0 && dfd != j->root)
		close(dfd);
	return NULL;
}

/* Past this many files, a second thread writes half of them: creating
 * files is the kernel's work, and the other core can share it. */
#define REPO_WT_THREAD_AFTER 256

/* The working tree and git's index brought to the new HEAD by writing
 * only the files this change wrote: the index is read from the new tree
 * (keeping what git knew of unchanged files) and each written file
 * entered with what it was written from, so neither the tree nor the
 * files are scanned or hashed again.  Anything cut short here is
 * repaired by the next writer (check_worktree). */
static int
update_worktree(struct repo *r, git_tree *tree)
{
	git_index *idx = NULL;
	git_index_entry *e = NULL;
	unsigned char *ok = NULL;
	struct wt_job jobs[2];
	pthread_t th;
	int root = -1, rc = -1, threaded = 0;

	qsort(r->files, r->nfiles, sizeof(*r->files), by_path);
	if (git_repository_index(&idx, r->git) < 0 ||
	    git_index_read(idx, 1) < 0 || git_index_read_tree(idx, tree) < 0)
		goto done;
	if ((root = open(git_repository_workdir(r->git), O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) < 0)
		goto done;
	if ((e = calloc(r->nfiles + 1, sizeof(*e))) == NULL ||
	    (ok = calloc(r->nfiles + 1, 1)) == NULL)
		goto done;
	for (size_t k = 0; k < 2; k++) {
		jobs[k].r = r;
		jobs[k].root = root;
		jobs[k].e = e;
		jobs[k].ok = ok;
	}
	jobs[0].from = 0;
	jobs[0].to = jobs[1].from = r->nfiles / 2;
	jobs[1].to = r->nfiles;
	if (r->nfiles > REPO_WT_THREAD_AFTER &&
	    pthread_create(&th, NULL, write_wt_range, &jobs[1]) == 0)
		threaded = 1;
	else
		jobs[0].to = r->nfiles;
	write_wt_range(&jobs[0]);
	if (threaded)
		pthread_join(th, NULL);
	for (size_t i = 0; i < r->nfiles; i++)
		if (!ok[i] || git_index_add(idx, &e[i]) < 0)
			goto done;
	rc = git_index_write(idx) < 0 ? -1 : 0;
done:
	if (root >= 0)
		close(root);
	free(e);
	free(ok);
	git_index_free(idx);
	git_error_clear();
	return rc;
}

static void
files_clear(struct repo *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		if (r->files[i].owned)
			free(r->files[i].data);
	}
	r->nfiles = 0;
}

int
repo_tx_commit(struct repo *r, const char *message, const char *name,
    const char *email, int64_t when, EVP_PKEY *signer)
{
	git_buf content = { NULL, 0, 0 };
	struct buf armour = BUF_INIT(1 << 16);
	git_signature *sig = NULL;
	git_reference *head = NULL, *ref = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_oid, commit_oid;
	const char *branch = "refs/heads/main";
	int rc = 0;

	if (r->tx == NULL)
		return ink_error(INK_EINPUT, "no change under way");
	if (git_index_write_tree_to(&tree_oid, r->tx, r->git) < 0 ||
	    git_tree_lookup(&tree, r->git, &tree_oid) < 0) {
		rc = git_fail(INK_EINPUT, "cannot write the change");
		goto cleanup;
	}
	if (git_signature_new(&sig, name, email, (git_time_t)when, 0) < 0) {
		rc = git_fail(INK_EINPUT, "bad operator identity");
		goto cleanup;
	}
	if (git_reference_lookup(&head, r->git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		branch = git_reference_symbolic_target(head);
	if (r->has_head && git_commit_lookup(&parent, r->git,
	    &r->head_oid) < 0) {
		rc = git_fail(INK_EINPUT, "cannot read the HEAD commit");
		goto cleanup;
	}
	if (signer == NULL) {
		if (git_commit_create(&commit_oid, r->git, NULL, sig, sig, "UTF-8",
		    message, tree, parent ? 1 : 0,
		    (const git_commit **)(parent ? &parent : NULL)) < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the commit");
			goto cleanup;
		}
	} else {
		/* The commit as git would hash it, signed the way git signs
		 * with gpg.format=ssh. */
		if (git_commit_create_buffer(&content, r->git, sig, sig, "UTF-8",
		    message, tree, parent ? 1 : 0,
		    (const git_commit **)(parent ? &parent : NULL)) < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the commit");
			goto cleanup;
		}
		if ((rc = key_sshsig_sign(&armour, signer, content.ptr,
		    content.size, "git")) != 0)
			goto cleanup;
		if (git_commit_create_with_signature(&commit_oid, r->git,
		    content.ptr, buf_str(&armour), "gpgsig") < 0) {
			rc = git_fail(INK_EINPUT, "cannot write the signed commit");
			goto cleanup;
		}
	}
	/* Everything the new commit points at is on disk before the branch
	 * points at it. */
	if ((rc = write_queued(r)) != 0 || (rc = sync_gitdir(r)) != 0)
		goto cleanup;
	/* The one atomic step: the branch moves only from where we began. */
	if (git_reference_create_matching(&ref, r->git, branch, &commit_oid,
	    r->has_head, r->has_head ? &r->head_oid : NULL, message) < 0) {
		rc = git_fail(INK_EINPUT, "the registry changed underneath this "
		    "change");
		goto cleanup;
	}
	if ((rc = sync_gitdir(r)) != 0 || (rc = load_head(r)) != 0)
		goto cleanup;
	/* The change is committed whatever happens here: a working tree
	 * left behind is repaired by the next writer. */
	if (!git_repository_is_bare(r->git))
		(void)update_worktree(r, tree);
cleanup:
	git_buf_dispose(&content);
	buf_release(&armour);
	git_reference_free(ref);
	git_reference_free(head);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	repo_tx_abort(r);
	return rc;
}

void
repo_tx_abort(struct repo *r)
{
	/* Objects still queued belong to a change that did not happen. */
	if (r->pack)
		txpack_reset(r->pack);
	r->nputs = 0;
	files_clear(r);
	git_index_free(r->tx);
	r->tx = NULL;
	if (r->lock_fd >= 0) {
		flock(r->lock_fd, LOCK_UN);
		close(r->lock_fd);
		r->lock_fd = -1;
	}
}

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
