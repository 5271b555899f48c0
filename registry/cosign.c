/*
 * Witnesses' cosignatures of the registry's checkpoint (docs/FORMAT.md
 * 8.6): log/cosignatures holds, for the checkpoint in log/checkpoint, at
 * most one cosignature/v1 line per witness the newest root names.  Lines
 * are taken only when they verify over that checkpoint, and read back
 * only while they still do: a later commit signs a new checkpoint, and
 * the lines of the old one are then left out until witnesses cosign the
 * new one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/note.h"
#include "registry/internal.h"
#include "witness/witness.h"

#define COSIGNATURES_PATH "log/cosignatures"
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

/* Whether line (with its newline) is a valid cosignature of the
 * checkpoint cp by witness k. */
static int
line_cosigns(const struct buf *cp, const char *line, size_t len,
    const struct note_vkey *k)
{
	struct buf b = BUF_INIT(NOTE_MAX_SIZE + COSIG_LINE_MAX);
	size_t good = 0;
	int64_t newest;
	int ok;

	ok = buf_add(&b, cp->data, cp->len) == 0 &&
	    buf_add(&b, line, len) == 0 &&
	    witness_cosignatures(&good, &newest, NULL, (const char *)b.data,
	    b.len, k, 1) == 0 && good == 1;
	buf_release(&b);
	ink_error_clear();
	return ok;
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

	rc = reg_file_read(g, COSIGNATURES_PATH, &b);
	if (rc == INK_ENOTFOUND) {
		ink_error_clear();
		buf_release(&b);
		return 0;
	}
	if (rc != 0)
		return rc;
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
