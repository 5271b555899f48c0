/*
 * Witnesses' cosignatures of the registry's checkpoint (docs/FORMAT.md
 * 8.6): log/cosignatures holds, for the checkpoint in log/checkpoint, at
 * most one cosignature/v1 line per witness the newest root names.  Lines
 * are taken only when they verify over that checkpoint, and read back
 * only while they still do: a later commit signs a new checkpoint, and
 * the lines of the old one are then left out until witnesses cosign the
 * new one.
 *
 * Readers require them (reg_quorum_check): the newest root's quorum of
 * distinct named witnesses, and with --max-age a recent one.  The file
 * comes from a clone, so it is bounded and every line checked; nothing
 * in it counts but a named witness's verified line.  Writers collect
 * them (reg_cosign_collect, from reg_commit): each witness with an
 * address in the private .git/inkan/witnesses is asked over HTTP before
 * the commit, and whatever it answers, the commit goes on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/file.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "registry/internal.h"
#include "witness/limits.h"
#include "witness/witness.h"

#define COSIGNATURES_PATH "log/cosignatures"
#define EM_DASH "\xe2\x80\x94 "
/* A cosignature line: an em dash, a name, a space, 100 base64 bytes. */
#define COSIG_LINE_MAX (NOTE_MAX_NAME + 128)

/* The root's witnesses, parsed. */
static int
witness_keys(struct note_vkey **out, size_t *n, const struct reg *g)
{
	struct reg_witnesses w;
	struct note_vkey *k;
	int rc = 0;

	reg_root_witnesses(g, &w);
	*out = NULL;
	*n = 0;
	if (w.n == 0)
		return 0;
	if ((k = calloc(w.n, sizeof(*k))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (size_t i = 0; rc == 0 && i < w.n; i++)
		rc = note_vkey_parse_type(&k[i], w.vkeys[i], strlen(w.vkeys[i]),
		    NOTE_SIG_COSIG_V1);
	*out = k;
	*n = w.n;
	return rc;
}

static void
witness_keys_free(struct note_vkey *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		note_vkey_release(&k[i]);
	free(k);
}

/* What one line says of the checkpoint cp and witness k: LINE_GOOD (its
 * valid cosignature, dated *t), LINE_OTHER (a line of another key),
 * LINE_BAD (k's name and key id over a signature that does not verify),
 * LINE_MALFORMED (no cosignature line at all). */
enum { LINE_GOOD, LINE_OTHER, LINE_BAD, LINE_MALFORMED };

static int
line_check(const struct buf *cp, const char *line, size_t len,
    const struct note_vkey *k, int64_t *t)
{
	struct buf b = BUF_INIT(NOTE_MAX_SIZE + COSIG_LINE_MAX);
	size_t good = 0;
	int64_t newest = 0;
	int rc;

	*t = 0;
	if (len < 6 || memcmp(line, EM_DASH, 4) != 0 ||
	    line[len - 1] != '\n')
		return LINE_MALFORMED;
	if (buf_add(&b, cp->data, cp->len) != 0 ||
	    buf_add(&b, line, len) != 0) {
		buf_release(&b);
		ink_error_clear();
		return LINE_MALFORMED;
	}
	rc = witness_cosignatures(&good, &newest, NULL, (const char *)b.data,
	    b.len, k, 1);
	buf_release(&b);
	ink_error_clear();
	if (rc == INK_ELOG)
		return LINE_BAD;
	if (rc != 0)
		return LINE_MALFORMED;
	if (good != 1)
		return LINE_OTHER;
	*t = newest;
	return LINE_GOOD;
}

/* Whether line (with its newline) is a valid cosignature of the
 * checkpoint cp by witness k. */
static int
line_cosigns(const struct buf *cp, const char *line, size_t len,
    const struct note_vkey *k)
{
	int64_t t;

	return line_check(cp, line, len, k, &t) == LINE_GOOD;
}

/* log/cosignatures (staged or committed), bounded: INK_ENOTFOUND when
 * there is none; INK_ELOG when it is past REG_MAX_COSIG_FILE bytes or
 * REG_MAX_COSIG_LINES lines, or does not end a line. */
static int
cosig_file_read(struct reg *g, struct buf *out)
{
	size_t lines = 0;
	int rc;

	/* Committed, it is read no further than its limit (the blob's size
	 * is checked first); anything but a file there is refused too. */
	if (reg_staged(g, COSIGNATURES_PATH) != NULL)
		rc = reg_file_read(g, COSIGNATURES_PATH, out);
	else
		rc = repo_read(out, g->repo, COSIGNATURES_PATH,
		    REG_MAX_COSIG_FILE);
	if (rc == INK_ENOTFOUND)
		return rc;
	if (rc != 0) {
		char why[512];
		snprintf(why, sizeof(why), "%s", ink_error_last());
		return ink_error(INK_ELOG, "%s", why);
	}
	if (out->len > REG_MAX_COSIG_FILE)
		return ink_error(INK_ELOG, "%s: larger than %u bytes",
		    COSIGNATURES_PATH, REG_MAX_COSIG_FILE);
	for (size_t i = 0; i < out->len; i++)
		if (out->data[i] == '\n' && ++lines > REG_MAX_COSIG_LINES)
			return ink_error(INK_ELOG, "%s: more than %d lines",
			    COSIGNATURES_PATH, REG_MAX_COSIG_LINES);
	if (out->len && out->data[out->len - 1] != '\n')
		return ink_error(INK_ELOG, "%s: the last line has no newline",
		    COSIGNATURES_PATH);
	return 0;
}

/* The lines of log/cosignatures (staged or committed) that cosign the
 * current checkpoint, one per witness, into out[i] by witness. */
static int
current_lines(char **out, const struct buf *cp, struct reg *g,
    const struct note_vkey *k, size_t n)
{
	struct buf b;
	const char *p, *end, *nl;
	int rc;

	rc = cosig_file_read(g, &b);
	if (rc == INK_ENOTFOUND) {
		ink_error_clear();
		buf_release(&b);
		return 0;
	}
	if (rc != 0) {
		buf_release(&b);
		return rc;
	}
	p = (const char *)b.data;
	end = p + b.len;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1)
		for (size_t i = 0; i < n; i++)
			if (out[i] == NULL && line_cosigns(cp, p,
			    (size_t)(nl - p + 1), &k[i]) &&
			    (out[i] = strndup(p, (size_t)(nl - p + 1))) == NULL) {
				buf_release(&b);
				return ink_error(INK_EINPUT, "out of memory");
			}
	buf_release(&b);
	return 0;
}

int
reg_cosigned_checkpoint(struct reg *g, struct buf *out)
{
	struct note_vkey *k = NULL;
	char **lines = NULL;
	size_t n = 0;
	int rc;

	if ((rc = reg_checkpoint(g, out)) != 0)
		return rc;
	if ((rc = witness_keys(&k, &n, g)) != 0 || n == 0)
		goto cleanup;
	if ((lines = calloc(n, sizeof(*lines))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	{
		struct buf cp = BUF_INIT(NOTE_MAX_SIZE);
		if ((rc = buf_add(&cp, out->data, out->len)) == 0)
			rc = current_lines(lines, &cp, g, k, n);
		buf_release(&cp);
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (lines[i] != NULL)
			rc = buf_adds(out, lines[i]);
cleanup:
	for (size_t i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
	witness_keys_free(k, n);
	return rc;
}

int
reg_add_cosignatures(struct reg *g, const struct buf *notes, size_t nnotes,
    size_t *added, struct problems *p)
{
	struct note_vkey *k = NULL;
	struct buf cp, all = BUF_INIT((REG_MAX_WITNESSES + 1) * COSIG_LINE_MAX);
	char **lines = NULL;
	size_t n = 0, tl;
	int rc;

	*added = 0;
	buf_init(&cp, 1);
	if ((rc = reg_checkpoint(g, &cp)) != 0 ||
	    (rc = witness_keys(&k, &n, g)) != 0)
		goto cleanup;
	if (n == 0) {
		rc = ink_error(INK_EINPUT, "the root names no witnesses "
		    "(registry rotate-root --witness)");
		goto cleanup;
	}
	if ((lines = calloc(n, sizeof(*lines))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	if ((rc = current_lines(lines, &cp, g, k, n)) != 0)
		goto cleanup;
	tl = cp.len;
	/* The text of the registry's checkpoint ends at its blank line. */
	for (size_t i = cp.len; i >= 2; i--)
		if (cp.data[i - 2] == '\n' && cp.data[i - 1] == '\n') {
			tl = i - 1;
			break;
		}
	for (size_t f = 0; f < nnotes; f++) {
		const struct buf *nb = &notes[f];
		const char *s = (const char *)nb->data, *end = s + nb->len, *q,
		    *nl;
		size_t took = 0;
		if (nb->len <= tl || memcmp(nb->data, cp.data, tl) != 0 ||
		    nb->data[tl] != '\n') {
			problems_add(p, INK_ELOG, "cosigned checkpoint %zu is not "
			    "of the registry's checkpoint", f + 1);
			continue;
		}
		for (q = s + tl + 1; q < end && (nl = memchr(q, '\n',
		    (size_t)(end - q))) != NULL; q = nl + 1) {
			for (size_t i = 0; i < n; i++) {
				size_t kl = strlen(k[i].name);
				if ((size_t)(nl - q) <= 4 + kl ||
				    memcmp(q + 4, k[i].name, kl) != 0 ||
				    q[4 + kl] != ' ')
					continue;
				if (!line_cosigns(&cp, q, (size_t)(nl - q + 1),
				    &k[i])) {
					problems_add(p, INK_ELOG, "the cosignature "
					    "by '%s' in cosigned checkpoint %zu "
					    "does not verify", k[i].name, f + 1);
					continue;
				}
				free(lines[i]);
				if ((lines[i] = strndup(q, (size_t)(nl - q + 1)))
				    == NULL) {
					rc = ink_error(INK_EINPUT, "out of memory");
					goto cleanup;
				}
				took++;
			}
		}
		if (took == 0)
			problems_add(p, INK_ELOG, "cosigned checkpoint %zu has no "
			    "cosignature by a witness the root names", f + 1);
		*added += took;
	}
	if (p->n) {
		rc = p->code;
		goto cleanup;
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (lines[i] != NULL)
			rc = buf_adds(&all, lines[i]);
	/* The same lines again: nothing to commit. */
	if (rc == 0) {
		struct buf was;
		int same = reg_file_read(g, COSIGNATURES_PATH, &was) == 0 &&
		    was.len == all.len && (all.len == 0 ||
		    memcmp(was.data, all.data, all.len) == 0);
		buf_release(&was);
		ink_error_clear();
		if (!same)
			rc = reg_file_put(g, COSIGNATURES_PATH, all.data,
			    all.len);
	}
cleanup:
	for (size_t i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
	witness_keys_free(k, n);
	buf_release(&cp);
	buf_release(&all);
	return rc;
}

/* --- what readers require (8.6) -------------------------------------- */

/* "30d", "12h", "90m", "45s": the largest unit that divides d. */
static void
duration_words(char out[32], int64_t d)
{
	if (d % 86400 == 0)
		snprintf(out, 32, "%" PRId64 "d", d / 86400);
	else if (d % 3600 == 0)
		snprintf(out, 32, "%" PRId64 "h", d / 3600);
	else if (d % 60 == 0)
		snprintf(out, 32, "%" PRId64 "m", d / 60);
	else
		snprintf(out, 32, "%" PRId64 "s", d);
}

/* Appends ", name" (or "name" first) to the list, as far as it fits. */
static void
list_add(char *list, size_t cap, const char *name, const char *why)
{
	size_t l = strlen(list);

	if (l + 1 >= cap)
		return;
	snprintf(list + l, cap - l, "%s%s%s", l ? ", " : "", name, why);
}

static int
by_time_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The size a checkpoint note signs, from its second line. */
static uint64_t
checkpoint_size(const struct buf *cp)
{
	const char *p = (const char *)cp->data, *end = p + cp->len, *nl;
	uint64_t v = 0;

	if ((nl = memchr(p, '\n', cp->len)) == NULL)
		return 0;
	for (p = nl + 1; p < end && *p >= '0' && *p <= '9'; p++)
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		else
			v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

int
reg_quorum_check(struct reg *g, int64_t now, int64_t max_age,
    struct reg_quorum *out)
{
	struct note_vkey *k = NULL;
	struct buf cp, b;
	int64_t *best = NULL, t;
	int *bad = NULL, rc;
	size_t n = 0, nl_at, lineno = 0;
	const char *p, *end, *nl;
	char when[TIME_LEN], age[32];

	memset(out, 0, sizeof(*out));
	buf_init(&cp, 1);
	buf_init(&b, 1);
	if ((rc = witness_keys(&k, &n, g)) != 0)
		goto cleanup;
	out->witnesses = n;
	if ((rc = reg_checkpoint(g, &cp)) != 0)
		goto cleanup;
	out->size = checkpoint_size(&cp);
	if (n == 0) {
		/* Nothing vouches for the checkpoint's age but its signer. */
		if (max_age > 0)
			rc = ink_error(INK_ELOG, "the registry is unwitnessed: "
			    "nothing shows its checkpoint is fresh (--max-age "
			    "needs witnesses)");
		goto cleanup;
	}
	{
		struct reg_witnesses w;
		reg_root_witnesses(g, &w);
		out->quorum = w.quorum;
	}
	if ((best = calloc(n, sizeof(*best))) == NULL ||
	    (bad = calloc(n, sizeof(*bad))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	rc = cosig_file_read(g, &b);
	if (rc == INK_ENOTFOUND) {
		ink_error_clear();
		rc = 0;
	} else if (rc != 0) {
		goto cleanup;
	}
	/* Each line is one witness's or ignored; a witness counts once,
	 * by its newest line that verifies. */
	p = (const char *)b.data;
	end = p + b.len;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		lineno++;
		nl_at = (size_t)(nl - p + 1);
		for (size_t i = 0; i < n; i++) {
			switch (line_check(&cp, p, nl_at, &k[i], &t)) {
			case LINE_GOOD:
				if (t > best[i])
					best[i] = t;
				break;
			case LINE_BAD:
				bad[i] = 1;
				break;
			case LINE_MALFORMED:
				rc = ink_error(INK_ELOG, "%s: line %zu is not a "
				    "cosignature line", COSIGNATURES_PATH, lineno);
				goto cleanup;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (best[i] > 0) {
			best[out->good++] = best[i];
			if (best[i] > now + REG_CLOCK_SKEW && max_age > 0) {
				time_format(when, best[i]);
				rc = ink_error(INK_ELOG, "checkpoint of size %" PRIu64
				    ": the cosignature by '%s' is dated %s, in the "
				    "future", out->size, k[i].name, when);
				goto cleanup;
			}
		} else {
			list_add(out->missing, sizeof(out->missing), k[i].name,
			    bad[i] ? " (bad signature)" : "");
		}
	}
	if (out->good < (size_t)out->quorum) {
		rc = ink_error(INK_ELOG, "checkpoint of size %" PRIu64 " has %zu "
		    "of %d required cosignatures (missing: %s)", out->size,
		    out->good, out->quorum, out->missing);
		goto cleanup;
	}
	/* Fresh when a quorum cosigned it within max_age: the quorum-th
	 * newest time. */
	qsort(best, out->good, sizeof(*best), by_time_desc);
	out->fresh = best[out->quorum - 1];
	if (max_age > 0 && out->fresh < now - max_age) {
		time_format(when, out->fresh);
		duration_words(age, max_age);
		rc = ink_error(INK_ELOG, "checkpoint of size %" PRIu64 ": its "
		    "quorum of cosignatures is from %s, older than %s "
		    "(--max-age)", out->size, when, age);
		goto cleanup;
	}
cleanup:
	free(best);
	free(bad);
	witness_keys_free(k, n);
	buf_release(&cp);
	buf_release(&b);
	return rc;
}

/* --- what writers collect (8.6) -------------------------------------- */

/* The private list of witnesses' addresses: "<name> <url>\n" lines,
 * operational (where to ask), not trust (whom to believe: the root). */
static void
urls_path(struct reg *g, char out[4096])
{
	snprintf(out, 4096, "%sinkan/witnesses", repo_gitdir(g->repo));
}

static int
urls_read(struct reg *g, struct buf *out)
{
	char path[4096];

	urls_path(g, path);
	buf_init(out, WITNESS_MAX_FILE);
	if (!file_exists(path))
		return 0;
	return file_read(out, path, WITNESS_MAX_FILE);
}

/* The address of witness name in the list, or NULL (the caller frees). */
static char *
url_of(const struct buf *urls, const char *name)
{
	const char *p = (const char *)urls->data, *end = p + urls->len, *nl;
	size_t k = strlen(name);

	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1)
		if ((size_t)(nl - p) > k + 1 && memcmp(p, name, k) == 0 &&
		    p[k] == ' ')
			return strndup(p + k + 1, (size_t)(nl - p - k - 1));
	return NULL;
}

int
reg_witness_url_set(struct reg *g, const char *name, const char *url)
{
	struct note_vkey *k = NULL;
	struct buf urls, out = BUF_INIT(WITNESS_MAX_FILE);
	const char *p, *end, *nl;
	char path[4096], dir[4096];
	size_t n = 0, nl_len = strlen(name);
	int rc, known = 0;

	buf_init(&urls, 1);
	if ((rc = witness_keys(&k, &n, g)) != 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++)
		known |= strcmp(k[i].name, name) == 0;
	if (!known && url != NULL) {
		rc = ink_error(INK_EINPUT, "'%s' is not a witness the root "
		    "names", name);
		goto cleanup;
	}
	if (url != NULL && ((strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) || strlen(url) >
	    WITNESS_MAX_URL || strpbrk(url, " \t\r\n") != NULL)) {
		rc = ink_error(INK_EINPUT, "'%s' is not an http(s) address",
		    url);
		goto cleanup;
	}
	if ((rc = urls_read(g, &urls)) != 0)
		goto cleanup;
	/* Every other witness's line as it was, this one's replaced. */
	p = (const char *)urls.data;
	end = p + urls.len;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		if ((size_t)(nl - p) > nl_len && memcmp(p, name, nl_len) == 0 &&
		    p[nl_len] == ' ')
			continue;
		if ((rc = buf_add(&out, p, (size_t)(nl - p + 1))) != 0)
			goto cleanup;
	}
	if (url != NULL && (rc = buf_addf(&out, "%s %s\n", name, url)) != 0)
		goto cleanup;
	snprintf(dir, sizeof(dir), "%sinkan", repo_gitdir(g->repo));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		rc = ink_error_sys(INK_EINPUT, "cannot create '%s'", dir);
		goto cleanup;
	}
	urls_path(g, path);
	rc = file_write_atomic(path, out.data, out.len, 0600);
cleanup:
	witness_keys_free(k, n);
	buf_release(&urls);
	buf_release(&out);
	return rc;
}

int
reg_witness_urls(struct reg *g, struct buf *out)
{
	return urls_read(g, out);
}

/* One line of the report a write gives of its witnesses. */
static void
report(struct reg *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
report(struct reg *g, const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (buf_addf(&g->wreport, "%s\n", line) != 0)
		ink_error_clear();
}

/* The add-checkpoint request for note from size old (c2sp.org/
 * tlog-witness): "old N", the consistency proof a line each, a blank
 * line, the checkpoint. */
static int
request_make(struct reg *g, uint64_t old, const struct buf *note,
    struct buf *out)
{
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
	size_t np = 0;
	int rc;

	buf_reset(out);
	if (old != 0 && old != g->nleaves &&
	    (rc = merkle_consistency_proof(&proof, &np,
	    (const unsigned char (*)[MERKLE_HASH_LEN])g->hashes, old,
	    g->nleaves)) != 0)
		return rc;
	rc = buf_addf(out, "old %" PRIu64 "\n", old);
	for (size_t i = 0; rc == 0 && i < np; i++)
		if ((rc = b64_encode(out, proof[i], MERKLE_HASH_LEN)) == 0)
			rc = buf_addc(out, '\n');
	if (rc == 0)
		rc = buf_addc(out, '\n');
	if (rc == 0)
		rc = buf_add(out, note->data, note->len);
	free(proof);
	return rc;
}

/* The first line of a witness's answer, for the report. */
static void
first_line(char out[200], const struct buf *body)
{
	size_t l = 0;

	while (l < body->len && l < 199 && body->data[l] != '\n')
		l++;
	memcpy(out, body->data, l);
	out[l] = '\0';
}

/* Asks witness k at url to cosign note; its line into *line. */
static void
ask_one(struct reg *g, const struct note_vkey *k, const char *url,
    const struct buf *note, const struct witness_http_opts *o,
    char **line)
{
	struct buf req = BUF_INIT(WITNESS_MAX_REQUEST), body;
	uint64_t old = g->committed;
	unsigned st = 0;
	char why[200];

	buf_init(&body, 1);
	for (int tries = 0; tries < 2; tries++) {
		buf_release(&body);
		if (request_make(g, old, note, &req) != 0) {
			report(g, "witness '%s': %s", k->name, ink_error_last());
			goto cleanup;
		}
		if (witness_http_add_checkpoint(url, (const char *)req.data,
		    req.len, o, &st, &body) != 0) {
			report(g, "witness '%s': %s", k->name, ink_error_last());
			goto cleanup;
		}
		if (st != WITNESS_CONFLICT)
			break;
		/* The witness is at another size: from there, once, when
		 * this log holds it. */
		uint64_t at = 0;
		const char *s = (const char *)body.data;
		size_t i = 0;
		while (i < body.len && s[i] >= '0' && s[i] <= '9' &&
		    at < UINT64_MAX / 10)
			at = at * 10 + (uint64_t)(s[i++] - '0');
		if (i == 0 || at == old || at > g->nleaves || tries == 1) {
			report(g, "witness '%s': it is at size %" PRIu64 " "
			    "(409), this checkpoint's is %zu", k->name, at,
			    g->nleaves);
			goto cleanup;
		}
		old = at;
	}
	if (st != WITNESS_OK) {
		first_line(why, &body);
		report(g, "witness '%s': refused (%u): %s", k->name, st, why);
		goto cleanup;
	}
	{
		const char *p = (const char *)body.data, *end = p + body.len,
		    *nl;
		for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) !=
		    NULL; p = nl + 1)
			if (line_cosigns(note, p, (size_t)(nl - p + 1), k)) {
				free(*line);
				*line = strndup(p, (size_t)(nl - p + 1));
				goto cleanup;
			}
	}
	report(g, "witness '%s': its answer is not a cosignature of this "
	    "checkpoint that verifies", k->name);
cleanup:
	ink_error_clear();
	buf_release(&req);
	buf_release(&body);
}

/* Seconds from the environment, 1 to 600, or dflt. */
static long
env_seconds(const char *var, long dflt)
{
	const char *v = getenv(var);
	char *end;
	long s;

	if (v == NULL || *v == '\0')
		return dflt;
	errno = 0;
	s = strtol(v, &end, 10);
	return errno == 0 && *end == '\0' && s >= 1 && s <= 600 ? s : dflt;
}

int
reg_cosign_collect(struct reg *g, const struct buf *note)
{
	struct witness_http_opts o = WITNESS_HTTP_OPTS_INIT;
	struct note_vkey *k = NULL;
	struct buf urls, all = BUF_INIT((REG_MAX_WITNESSES + 1) *
	    COSIG_LINE_MAX), was = BUF_INIT(0);
	struct reg_witnesses w;
	char **lines = NULL, *url;
	size_t n = 0, good = 0, asked = 0;
	char missing[1024] = "";
	int rc;

	buf_release(&g->wreport);
	buf_init(&g->wreport, 64 * 1024);
	buf_init(&urls, 1);
	if ((rc = witness_keys(&k, &n, g)) != 0 || n == 0)
		goto cleanup;
	reg_root_witnesses(g, &w);
	if ((lines = calloc(n, sizeof(*lines))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	/* What is stored (or staged by add-cosignatures) and still
	 * cosigns this checkpoint: kept.  A stored file past its limits
	 * proves nothing and is rewritten. */
	if ((rc = current_lines(lines, note, g, k, n)) != 0) {
		ink_error_clear();
		rc = 0;
	}
	if ((rc = urls_read(g, &urls)) != 0) {
		report(g, "witnesses' addresses: %s", ink_error_last());
		ink_error_clear();
		rc = 0;
	}
	o.connect_s = env_seconds("INKAN_WITNESS_CONNECT_TIMEOUT",
	    o.connect_s);
	o.total_s = env_seconds("INKAN_WITNESS_TIMEOUT", o.total_s);
	for (size_t i = 0; i < n; i++) {
		if ((url = url_of(&urls, k[i].name)) == NULL)
			continue;
		asked++;
		ask_one(g, &k[i], url, note, &o, &lines[i]);
		free(url);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (lines[i] != NULL) {
			good++;
			rc = buf_adds(&all, lines[i]);
		} else {
			list_add(missing, sizeof(missing), k[i].name, "");
		}
	}
	if (rc != 0)
		goto cleanup;
	if (asked || good < (size_t)w.quorum)
		report(g, "checkpoint of size %zu has %zu of %d required "
		    "cosignatures%s%s%s", g->nleaves, good, w.quorum,
		    *missing ? " (missing: " : "", missing, *missing ? ")" :
		    "");
	/* Written only when it changes: a write that collected nothing
	 * over a registry that never had the file makes none. */
	if (reg_file_read(g, COSIGNATURES_PATH, &was) == 0) {
		if (was.len != all.len || (all.len && memcmp(was.data,
		    all.data, all.len) != 0))
			rc = reg_file_put(g, COSIGNATURES_PATH, all.data,
			    all.len);
	} else {
		ink_error_clear();
		if (all.len)
			rc = reg_file_put(g, COSIGNATURES_PATH, all.data,
			    all.len);
	}
	buf_release(&was);
cleanup:
	for (size_t i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
	witness_keys_free(k, n);
	buf_release(&urls);
	buf_release(&all);
	return rc;
}

const char *
reg_witness_report(const struct reg *g)
{
	return g->wreport.len ? buf_str(&g->wreport) : "";
}
