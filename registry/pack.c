/*
 * The objects of a large change, queued in memory: an odb backend of
 * highest priority, so the change's own trees and commit can read them
 * before they reach the disk.  At commit they are deflated (on both
 * cores) into one pack with no delta search (git gc can find deltas
 * later), and the pack and its index (version 2) are written by us, so
 * no object is compressed, inflated or hashed twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/hashmap.h"
#include "registry/repo_internal.h"

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

struct txobj *
txpack_find(struct txpack *t, const git_oid *id)
{
	size_t i = hmap_get(&t->slot, txpack_hash(id), txpack_same, t, id);

	return i == HMAP_NONE ? NULL : &t->v[i];
}

int
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

void
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

void
txpack_free(git_odb_backend *b)
{
	struct txpack *t = (struct txpack *)b;

	txpack_reset(t);
	free(t->v);
	hmap_free(&t->slot);
	free(t);
}

git_odb_backend *
txpack_backend(struct txpack *t)
{
	return &t->parent;
}

size_t
txpack_count(const struct txpack *t)
{
	return t->n;
}

int
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
int
txpack_store(const char *gd, struct txpack *t)
{
	unsigned char sum[EVP_MAX_MD_SIZE], *idx = NULL, *q;
	size_t *order = NULL, nlarge = 0, idxlen;
	uint32_t fan[256] = { 0 };
	char hex[GIT_OID_HEXSZ + 1], tpack[4200], tidx[4200], fpack[4200],
	    fidx[4200];
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
		be32_put(q, fan[i]);
	for (size_t i = 0; i < t->n; i++, q += 20)
		memcpy(q, t->v[order[i]].id.id, 20);
	for (size_t i = 0; i < t->n; i++, q += 4)
		be32_put(q, t->v[order[i]].crc);
	{
		unsigned char *large = q + t->n * 4;
		size_t k = 0;
		for (size_t i = 0; i < t->n; i++, q += 4) {
			uint64_t off = t->v[order[i]].off;
			if (off < 0x80000000u) {
				be32_put(q, (uint32_t)off);
				continue;
			}
			be32_put(q, 0x80000000u | (uint32_t)k);
			be32_put(large + 8 * k, (uint32_t)(off >> 32));
			be32_put(large + 8 * k + 4, (uint32_t)off);
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
