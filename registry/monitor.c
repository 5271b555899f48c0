/*
 * registry monitor (registry/monitor.h): one run over a registry clone or
 * a published site's log/ (a folder, or a URL read through
 * registry/fetch.c), against the state the last run left.
 *
 * Nothing read from the source is believed before the checkpoint's
 * signature by the log key verifies (a clone's key from its root chain,
 * as every reader takes it; a site's from --log-vkey or the state), the
 * leaves read give its root hash, and the cosignatures reach the quorum.
 * A record read for what it says must hash to its leaf's id.  The state
 * is replaced (temp + fsync + rename) only after all of that and the
 * consistency with the last state passed, so a fork seen once is seen
 * on every later run too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/codec.h"
#include "core/dsse.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/timefmt.h"
#include "kinds/kind.h"
#include "registry/internal.h"
#include "registry/monitor.h"
#include "registry/registry.h"
#include "witness/witness.h"

#define STATE_FORMAT "inkan-monitor/v1"
#define TILE_W 256

struct leaf {
	char id[RECORD_ID_LEN];
	int64_t t;
};

/* What was read from the source, and what the last run saw. */
struct mon {
	const struct mon_opts *o;
	struct reg *g;          /* a clone; NULL for a site */
	struct buf cp;          /* the checkpoint with its cosignatures */
	char vkey[NOTE_MAX_VKEY + 1];
	const char *wit[REG_MAX_WITNESSES];
	size_t nwit;
	int quorum;
	struct note_checkpoint c;
	struct leaf *leaves;
	unsigned char (*h)[MERKLE_HASH_LEN];
	/* The state before this run (st == NULL: none). */
	cJSON *st;
	uint64_t old_size;
	unsigned char old_root[MERKLE_HASH_LEN];
};

/* --- the state ---------------------------------------------------------- */

static int
state_bad(const char *path, const char *why)
{
	return ink_error(INK_EINPUT, "state file '%s' is not a monitor state "
	    "(%s): restore it, or remove it to start watching again", path,
	    why);
}

static int
state_load(struct mon *m)
{
	const char *path = m->o->state;
	struct buf b;
	const cJSON *x;
	int64_t size;
	int rc;

	struct stat sb;

	if (stat(path, &sb) != 0 && errno == ENOENT)
		return 0;
	if ((rc = file_read(&b, path, MON_MAX_STATE)) != 0) {
		buf_release(&b);
		return rc;
	}
	rc = json_parse(&m->st, (const char *)b.data, b.len, path);
	buf_release(&b);
	if (rc != 0)
		return state_bad(path, ink_error_last());
	if ((x = m->st) == NULL || !cJSON_IsObject(x) ||
	    json_get_str(x, "format") == NULL ||
	    strcmp(json_get_str(x, "format"), STATE_FORMAT) != 0)
		return state_bad(path, "no format " STATE_FORMAT);
	if (json_get_str(x, "origin") == NULL ||
	    json_get_int(&size, x, "size") != 0 || size < 0 ||
	    json_get_str(x, "root") == NULL)
		return state_bad(path, "origin, size or root missing");
	ink_error_clear();
	{
		struct buf r = BUF_INIT(64);
		const char *s = json_get_str(x, "root");
		rc = b64_decode(&r, s, strlen(s));
		if (rc != 0 || r.len != MERKLE_HASH_LEN) {
			buf_release(&r);
			return state_bad(path, "a root that is not 32 bytes of "
			    "base64");
		}
		memcpy(m->old_root, r.data, MERKLE_HASH_LEN);
		buf_release(&r);
	}
	m->old_size = (uint64_t)size;
	return 0;
}

static int
state_save(const struct mon *m, const struct mon_result *r)
{
	cJSON *j = cJSON_CreateObject(), *w;
	struct buf b = BUF_INIT(MON_MAX_STATE);
	int rc;

	cJSON_AddStringToObject(j, "format", STATE_FORMAT);
	cJSON_AddStringToObject(j, "origin", r->origin);
	cJSON_AddNumberToObject(j, "size", (double)r->size);
	cJSON_AddStringToObject(j, "root", r->root);
	cJSON_AddStringToObject(j, "log_vkey", m->vkey);
	w = cJSON_AddArrayToObject(j, "witnesses");
	for (size_t i = 0; i < m->nwit; i++)
		cJSON_AddItemToArray(w, cJSON_CreateString(m->wit[i]));
	cJSON_AddNumberToObject(j, "quorum", m->quorum);
	if ((rc = json_pretty(&b, j)) == 0 && (rc = buf_addc(&b, '\n')) == 0)
		rc = file_write_atomic(m->o->state, b.data, b.len, 0644);
	cJSON_Delete(j);
	buf_release(&b);
	return rc;
}

/* --- the source --------------------------------------------------------- */

static int
is_dir(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static int
is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A site's file under the source folder or URL. */
static int
site_read(struct buf *out, const struct mon *m, const char *rel,
    size_t max)
{
	const char *src = m->o->source;
	size_t n = strlen(src);
	char p[4096];

	while (n > 1 && src[n - 1] == '/')
		n--;
	if ((size_t)snprintf(p, sizeof(p), "%.*s/%s", (int)n, src, rel) >=
	    sizeof(p)) {
		buf_init(out, 1);
		return ink_error(INK_EINPUT, "'%s': path too long",
		    m->o->source);
	}
	return is_url(src) ? mon_http_get(out, p, max) :
	    file_read(out, p, max);
}

/* The keys: a clone names them in its newest root; a site's come from
 * the options, else from the state the first run pinned. */
static int
source_open(struct mon *m)
{
	const struct mon_opts *o = m->o;
	struct buf b;
	int rc;

	if (!is_url(o->source) && (is_dir(o->source, ".git") ||
	    is_dir(o->source, "inkan-registry.json"))) {
		struct reg_witnesses w;
		/* Options are never silently ignored. */
		if (o->log_vkey || o->nwitnesses || o->quorum >= 0)
			return ink_error(INK_EINPUT, "'%s' is a registry, whose "
			    "root names its log key and witnesses: --log-vkey, "
			    "--witness and --witness-quorum are for a site",
			    o->source);
		if ((rc = reg_open(&m->g, o->source, REG_READ)) != 0)
			return rc;
		if (reg_unsigned(m->g, NULL) != 0)
			return ink_error(INK_ELOG, "'%s': its HEAD is not "
			    "signed by the log key", o->source);
		if ((rc = reg_cosigned_checkpoint(m->g, &m->cp)) != 0)
			return rc;
		if ((rc = reg_log_vkey(m->g, &b)) == 0)
			snprintf(m->vkey, sizeof(m->vkey), "%s", buf_str(&b));
		buf_release(&b);
		if (rc != 0)
			return rc;
		reg_root_witnesses(m->g, &w);
		for (size_t i = 0; i < w.n; i++)
			m->wit[i] = w.vkeys[i];
		m->nwit = w.n;
		m->quorum = w.quorum;
		return 0;
	}
	if (!is_url(o->source) && !is_dir(o->source, "log/checkpoint"))
		return ink_error(INK_EINPUT, "'%s' is neither a registry nor a "
		    "site with log/checkpoint", o->source);
	if ((rc = site_read(&m->cp, m, "log/checkpoint", NOTE_MAX_SIZE)) != 0)
		return rc;
	if (o->log_vkey)
		snprintf(m->vkey, sizeof(m->vkey), "%s", o->log_vkey);
	else if (m->st && json_get_str(m->st, "log_vkey"))
		snprintf(m->vkey, sizeof(m->vkey), "%s",
		    json_get_str(m->st, "log_vkey"));
	else
		return ink_error(INK_EINPUT, "give --log-vkey VKEY: the log's "
		    "verifier key, as the operator publishes it (a site's own "
		    "copy proves nothing)");
	if (o->nwitnesses > 0 || o->log_vkey) {
		for (size_t i = 0; i < o->nwitnesses &&
		    i < REG_MAX_WITNESSES; i++)
			m->wit[m->nwit++] = o->witnesses[i];
		m->quorum = o->quorum < 0 ? (int)m->nwit : o->quorum;
	} else if (m->st) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(m->st,
		    "witnesses"), *e;
		int64_t q = 0;
		cJSON_ArrayForEach(e, a)
			if (cJSON_IsString(e) && m->nwit < REG_MAX_WITNESSES)
				m->wit[m->nwit++] = e->valuestring;
		if (json_get_int(&q, m->st, "quorum") != 0 || q < 0 ||
		    q > (int64_t)m->nwit)
			return state_bad(o->state, "a bad quorum");
		m->quorum = (int)q;
	}
	if (m->quorum > (int)m->nwit)
		return ink_error(INK_EINPUT, "a quorum of %d of %zu witnesses",
		    m->quorum, m->nwit);
	return 0;
}

/* The signed checkpoint and its cosignatures. */
static int
checkpoint_check(struct mon *m, struct mon_result *r)
{
	struct note_vkey k = NOTE_VKEY_INIT, wk[REG_MAX_WITNESSES];
	int seen[REG_MAX_WITNESSES] = { 0 };
	size_t textlen = 0, good = 0, nk = 0;
	int64_t newest;
	int rc;

	if ((rc = note_vkey_parse(&k, m->vkey, strlen(m->vkey))) != 0)
		goto cleanup;
	if ((rc = note_verify(&textlen, (const char *)m->cp.data, m->cp.len,
	    &k, 1)) != 0) {
		rc = ink_error_wrap(INK_ELOG, "the checkpoint");
		goto cleanup;
	}
	if ((rc = note_checkpoint_parse(&m->c, (const char *)m->cp.data,
	    textlen)) != 0)
		goto cleanup;
	if (strcmp(m->c.origin, k.name) != 0) {
		rc = ink_error(INK_ELOG, "the checkpoint is of log '%s', the key "
		    "of '%s'", m->c.origin, k.name);
		goto cleanup;
	}
	snprintf(r->origin, sizeof(r->origin), "%s", m->c.origin);
	for (; rc == 0 && nk < m->nwit; nk++) {
		memset(&wk[nk], 0, sizeof(wk[nk]));
		rc = note_vkey_parse_type(&wk[nk], m->wit[nk],
		    strlen(m->wit[nk]), NOTE_SIG_COSIG_V1);
	}
	if (rc == 0 && nk > 0 && (rc = witness_cosignatures(&good, &newest,
	    seen, (const char *)m->cp.data, m->cp.len, wk, nk)) != 0)
		rc = ink_error_wrap(INK_ELOG, "a cosignature");
	for (size_t i = 0; rc == 0 && i < nk; i++)
		if (seen[i]) {
			size_t n = strlen(r->cosigners);
			snprintf(r->cosigners + n, sizeof(r->cosigners) - n,
			    "%s%s", n ? ", " : "", wk[i].name);
		}
	r->cosigned = good;
	r->quorum = m->quorum;
	if (rc == 0 && good < (size_t)m->quorum)
		rc = ink_error(INK_ELOG, "the checkpoint is cosigned by %zu of "
		    "the %d witnesses needed", good, m->quorum);
cleanup:
	note_vkey_release(&k);
	for (size_t i = 0; i < nk; i++)
		note_vkey_release(&wk[i]);
	return rc;
}

/* "<record id>\n<integrated time>\n", as the log hashes it. */
static int
leaf_parse(struct leaf *out, const unsigned char *d, size_t n)
{
	char t[TIME_LEN + 1];
	const unsigned char *nl = memchr(d, '\n', n);

	if (nl == NULL || (size_t)(nl - d) != RECORD_ID_LEN - 1 ||
	    n - (size_t)(nl - d) - 1 > TIME_LEN || d[n - 1] != '\n')
		return ink_error(INK_ELOG, "an entry that is not a leaf of this "
		    "log");
	memcpy(out->id, d, RECORD_ID_LEN - 1);
	out->id[RECORD_ID_LEN - 1] = '\0';
	memcpy(t, nl + 1, n - (size_t)(nl - d) - 2);
	t[n - (size_t)(nl - d) - 2] = '\0';
	if (time_parse(&out->t, t) != 0)
		return ink_error(INK_ELOG, "an entry with a bad time");
	return 0;
}

/* The entry bundles log/tile/entries/<N>[.p/<W>] of a tree of n. */
static int
site_leaves(struct mon *m, uint64_t n)
{
	int rc = 0;

	for (uint64_t t = 0; rc == 0 && t * TILE_W < n; t++) {
		uint64_t w = n - t * TILE_W < TILE_W ? n - t * TILE_W : TILE_W;
		char rel[128], g[8][8];
		int ng = 0, len;
		uint64_t k = t;
		struct buf b;
		size_t off = 0, got = 0;
		do {
			snprintf(g[ng++], sizeof(g[0]), "%03u",
			    (unsigned)(k % 1000));
			k /= 1000;
		} while (k > 0 && ng < 8);
		len = snprintf(rel, sizeof(rel), "log/tile/entries");
		while (ng-- > 0)
			len += snprintf(rel + len, sizeof(rel) - (size_t)len,
			    "/%s%s", ng ? "x" : "", g[ng]);
		if (w < TILE_W)
			snprintf(rel + len, sizeof(rel) - (size_t)len, ".p/%u",
			    (unsigned)w);
		if ((rc = site_read(&b, m, rel, TILE_W * (2 + 65536))) != 0) {
			buf_release(&b);
			return ink_error_wrap(INK_ELOG, "entry bundle");
		}
		while (rc == 0 && off + 2 <= b.len && got < w) {
			size_t l = (size_t)b.data[off] << 8 | b.data[off + 1];
			if (off + 2 + l > b.len)
				break;
			rc = leaf_parse(&m->leaves[t * TILE_W + got],
			    b.data + off + 2, l);
			off += 2 + l;
			got++;
		}
		if (rc == 0 && (got != w || off != b.len))
			rc = ink_error(INK_ELOG, "'%s' does not hold %u entries",
			    rel, (unsigned)w);
		buf_release(&b);
	}
	return rc;
}

/* Every leaf, hashed; their root must be the checkpoint's. */
static int
leaves_read(struct mon *m)
{
	uint64_t n = m->c.size;
	unsigned char root[MERKLE_HASH_LEN];
	int rc = 0;

	if (m->g && reg_size(m->g) != n)
		return ink_error(INK_ELOG, "the checkpoint covers %llu leaves, "
		    "the log has %zu", (unsigned long long)n, reg_size(m->g));
	if (n > (uint64_t)REG_MAX_LEAVES)
		return ink_error(INK_ELOG, "a log of %llu leaves, over the "
		    "limit", (unsigned long long)n);
	if ((m->leaves = calloc(n ? n : 1, sizeof(*m->leaves))) == NULL ||
	    (m->h = calloc(n ? n : 1, sizeof(*m->h))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	if (m->g)
		for (uint64_t i = 0; rc == 0 && i < n; i++)
			rc = reg_leaf_at(m->g, i, m->leaves[i].id,
			    &m->leaves[i].t);
	else
		rc = site_leaves(m, n);
	for (uint64_t i = 0; rc == 0 && i < n; i++) {
		char d[RECORD_ID_LEN + TIME_LEN + 4], ts[TIME_LEN];
		time_format(ts, m->leaves[i].t);
		snprintf(d, sizeof(d), "%s\n%s\n", m->leaves[i].id, ts);
		rc = merkle_leaf_hash(m->h[i], d, strlen(d));
	}
	if (rc == 0 && (rc = merkle_root(root, (const unsigned char (*)[
	    MERKLE_HASH_LEN])m->h, n)) == 0 &&
	    memcmp(root, m->c.root, MERKLE_HASH_LEN) != 0)
		rc = ink_error(INK_ELOG, "the log's leaves do not give the "
		    "checkpoint's root hash");
	return rc;
}

/* The log extends the one the state saw: RFC 6962 consistency from its
 * size and root to the checkpoint's. */
static int
consistency_check(const struct mon *m)
{
	unsigned char (*proof)[MERKLE_HASH_LEN] = NULL;
	size_t np = 0;
	const char *origin = json_get_str(m->st, "origin");
	int rc;

	if (strcmp(origin, m->c.origin) != 0)
		return ink_error(INK_ELOG, "the source is log '%s', the state "
		    "watched '%s'", m->c.origin, origin);
	if (m->old_size > m->c.size)
		return ink_error(INK_ELOG, "the log has %llu leaves, fewer than "
		    "the %llu seen before: it was rewritten",
		    (unsigned long long)m->c.size,
		    (unsigned long long)m->old_size);
	if ((rc = merkle_consistency_proof(&proof, &np, (const unsigned char
	    (*)[MERKLE_HASH_LEN])m->h, m->old_size, m->c.size)) != 0)
		return rc;
	rc = merkle_consistency_verify(m->old_size, m->c.size, m->old_root,
	    m->c.root, (const unsigned char (*)[MERKLE_HASH_LEN])proof, np);
	free(proof);
	if (rc != 0)
		return ink_error(INK_ELOG, "the log of %llu leaves is not an "
		    "extension of the one of %llu seen before (another root: "
		    "a fork or a rewritten history)",
		    (unsigned long long)m->c.size,
		    (unsigned long long)m->old_size);
	return 0;
}

/* --- what changed ------------------------------------------------------- */

/* The statement of record id, which must hash to id. */
static int
record_read(const struct mon *m, const char *id, struct statement *st)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	char got[RECORD_ID_LEN];
	int rc;

	if (strncmp(id, "sha256:", 7) != 0 || strlen(id) != RECORD_ID_LEN - 1)
		return ink_error(INK_ELOG, "'%s' is not a record id", id);
	if (m->g) {
		struct reg_entry e;
		if ((rc = reg_find(m->g, id, &e)) == 0)
			rc = reg_load(m->g, &e, &env);
	} else {
		char rel[128];
		struct buf b;
		snprintf(rel, sizeof(rel), "api/envelopes/%s.dsse.json", id + 7);
		if ((rc = site_read(&b, m, rel, INK_MAX_ENVELOPE)) == 0)
			rc = dsse_envelope_parse(&env, (const char *)b.data,
			    b.len);
		buf_release(&b);
	}
	if (rc != 0) {
		dsse_envelope_release(&env);
		return ink_error_wrap(INK_ELOG, "record '%s'", id);
	}
	record_id(got, env.payload, env.payload_len);
	if (strcmp(got, id) != 0)
		rc = ink_error(INK_ELOG, "record '%s': its envelope is of "
		    "another record", id);
	else
		rc = statement_parse(st, env.payload, env.payload_len, NULL);
	dsse_envelope_release(&env);
	return rc;
}

/* A name as a string or {"ja", "en"}: the Japanese first. */
static const char *
name_of(const cJSON *o)
{
	const char *s;

	if (cJSON_IsString(o))
		return o->valuestring;
	if ((s = json_get_str(o, "ja")) != NULL)
		return s;
	return json_get_str(o, "en");
}

static int
name_is(const cJSON *o, const char *w)
{
	const char *s;

	if (cJSON_IsString(o))
		return strcmp(o->valuestring, w) == 0;
	return ((s = json_get_str(o, "ja")) && strcmp(s, w) == 0) ||
	    ((s = json_get_str(o, "en")) && strcmp(s, w) == 0);
}

/* Whether a registration's organisation or service is watched; its
 * names into ev. */
static int
watched(const struct mon *m, const struct statement *st,
    struct mon_event *ev)
{
	const cJSON *org = cJSON_GetObjectItemCaseSensitive(st->predicate,
	    "organisation");
	const cJSON *svc = cJSON_GetObjectItemCaseSensitive(st->predicate,
	    "service");
	const cJSON *oname = cJSON_GetObjectItemCaseSensitive(org, "name");
	const cJSON *sname = cJSON_GetObjectItemCaseSensitive(svc, "name");
	const char *cn = json_get_str(org, "corporate_number");
	const char *sid = json_get_str(svc, "id");
	int hit = 0;

	for (size_t i = 0; !hit && i < m->o->nwatch; i++) {
		const char *w = m->o->watch[i];
		hit = (cn && strcmp(cn, w) == 0) || (sid && strcmp(sid, w) == 0) ||
		    (oname && name_is(oname, w)) || (sname && name_is(sname, w));
	}
	if (hit) {
		snprintf(ev->org, sizeof(ev->org), "%s",
		    oname && name_of(oname) ? name_of(oname) : "");
		snprintf(ev->cn, sizeof(ev->cn), "%s", cn ? cn : "");
		snprintf(ev->service, sizeof(ev->service), "%s",
		    sid ? sid : sname && name_of(sname) ? name_of(sname) : "");
	}
	return hit;
}

static int
event_add(struct mon_result *r, const struct mon_event *ev)
{
	struct mon_event *v;

	if (r->nevents == MON_MAX_EVENTS) {
		r->skipped++;
		return 0;
	}
	if ((v = realloc(r->events, (r->nevents + 1) * sizeof(*v))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	r->events = v;
	r->events[r->nevents++] = *ev;
	return 0;
}

/* The new leaves' records: registrations and status records of what is
 * watched. */
static int
changes(const struct mon *m, struct mon_result *r)
{
	int rc = 0;

	for (uint64_t i = m->old_size; rc == 0 && i < m->c.size; i++) {
		struct statement st = STATEMENT_INIT, tg = STATEMENT_INIT;
		struct mon_event ev;
		const char *pt;
		memset(&ev, 0, sizeof(ev));
		ev.leaf = i;
		ev.integrated = m->leaves[i].t;
		snprintf(ev.id, sizeof(ev.id), "%s", m->leaves[i].id);
		if ((rc = record_read(m, m->leaves[i].id, &st)) != 0)
			break;
		pt = st.predicate_type ? st.predicate_type : "";
		if (strcmp(pt, KIND_AUDIT_TYPE) == 0 ||
		    strcmp(pt, KIND_SCS_TYPE) == 0) {
			snprintf(ev.what, sizeof(ev.what), "registered");
			if (watched(m, &st, &ev))
				rc = event_add(r, &ev);
		} else if (strcmp(pt, KIND_STATUS_TYPE) == 0) {
			const char *a = json_get_str(st.predicate, "action");
			const char *t = json_get_str(st.predicate, "target");
			snprintf(ev.what, sizeof(ev.what), "%s", a ? a : "status");
			snprintf(ev.target, sizeof(ev.target), "%s", t ? t : "");
			/* A status of an accreditation is not a service's. */
			if (t && (rc = record_read(m, t, &tg)) == 0 &&
			    tg.predicate_type &&
			    (strcmp(tg.predicate_type, KIND_AUDIT_TYPE) == 0 ||
			    strcmp(tg.predicate_type, KIND_SCS_TYPE) == 0) &&
			    watched(m, &tg, &ev))
				rc = event_add(r, &ev);
		}
		statement_release(&st);
		statement_release(&tg);
	}
	return rc;
}

int
mon_run(struct mon_result *out, const struct mon_opts *o)
{
	struct mon m;
	struct buf b = BUF_INIT(64);
	int rc;

	memset(&m, 0, sizeof(m));
	memset(out, 0, sizeof(*out));
	m.o = o;
	buf_init(&m.cp, NOTE_MAX_SIZE);
	if (o->nwatch > MON_MAX_WATCH)
		return ink_error(INK_EINPUT, "at most %d --watch",
		    MON_MAX_WATCH);
	if ((rc = state_load(&m)) != 0 || (rc = source_open(&m)) != 0 ||
	    (rc = checkpoint_check(&m, out)) != 0 ||
	    (rc = leaves_read(&m)) != 0)
		goto cleanup;
	out->first = m.st == NULL;
	out->old_size = m.st ? m.old_size : m.c.size;
	out->size = m.c.size;
	if ((rc = b64_encode(&b, m.c.root, MERKLE_HASH_LEN)) != 0)
		goto cleanup;
	snprintf(out->root, sizeof(out->root), "%s", buf_str(&b));
	if (m.st && ((rc = consistency_check(&m)) != 0 ||
	    (rc = changes(&m, out)) != 0))
		goto cleanup;
	rc = state_save(&m, out);
cleanup:
	buf_release(&b);
	buf_release(&m.cp);
	note_checkpoint_release(&m.c);
	free(m.leaves);
	free(m.h);
	cJSON_Delete(m.st);
	if (m.g)
		reg_close(m.g);
	return rc;
}

void
mon_result_release(struct mon_result *r)
{
	free(r->events);
	r->events = NULL;
	r->nevents = 0;
}
