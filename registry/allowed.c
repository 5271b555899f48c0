/*
 * The registry's keys as an OpenSSH allowed_signers file (see
 * registry/allowed.h).  Everything is read through the registry's public
 * interface: the list of records in log order, each accreditation checked
 * with reg_verify_envelope() as `inkan verify --registry` checks it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "keys/formats.h"
#include "registry/allowed.h"

/* Runs of root keys across the root chain (a root lists at most 64
 * operator keys and one log key). */
#define ALLOWED_MAX_RUNS 1024

struct op_run {
	struct pubkey *key;
	int64_t from;
	int64_t until;   /* 0 while the run is open */
	int open;
};

/* "YYYYMMDDHHMMSSZ", the form ssh-keygen reads as UTC. */
static void
ssh_time(char out[16], int64_t t)
{
	char iso[TIME_LEN];
	size_t n = 0;

	time_format(iso, t);
	for (const char *p = iso; *p; p++)
		if (*p != '-' && *p != ':' && *p != 'T')
			out[n++] = *p;
	out[n] = '\0';
}

/* A person's name from a string or a {"ja","en"} text. */
static const char *
name_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (json_get_str(v, "en"))
		return json_get_str(v, "en");
	return json_get_str(v, "ja");
}

/* One principal: whitespace becomes '_', and so does anything that would
 * end the list or act as a pattern (ssh-keygen matches principals as
 * patterns: '*', '?', '!', and ',' between them). */
static int
add_principal(struct buf *out, const char *s)
{
	size_t start = out->len;
	int rc;

	if (s == NULL || *s == '\0')
		return 0;
	if ((rc = buf_addc(out, ',')) != 0)
		return rc;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c <= ' ' || c == 0x7f || c == ',' || c == '*' || c == '?' ||
		    c == '!' || c == '"' || c == '\\' || c == '#')
			c = '_';
		if ((rc = buf_addc(out, (char)c)) != 0)
			return rc;
	}
	/* Nothing but separators left: not worth a principal. */
	if (strspn((const char *)out->data + start + 1, "_") ==
	    out->len - start - 1) {
		out->len = start;
		out->data[start] = '\0';
	}
	return 0;
}

static int
add_line(struct buf *out, const struct pubkey *k, const char *principals,
    const char *namespaces, int64_t from, int64_t until, const char *comment)
{
	char a[16], b[16];
	int rc;

	/* ssh-keygen takes valid-before as the last valid second; inkan's
	 * windows end before their end time. */
	ssh_time(a, from);
	ssh_time(b, until - 1);
	if ((rc = buf_addf(out, "%s namespaces=\"%s\",valid-after=\"%s\","
	    "valid-before=\"%s\" ", principals, namespaces, a, b)) != 0)
		return rc;
	return key_ssh_pub(out, k, comment);
}

/* Loads and parses a registered record (verified by reg_open for roots,
 * by reg_verify_envelope for the rest). */
static int
load(struct reg *g, const char *id, struct dsse_envelope *env,
    struct statement *st, struct reg_entry *e)
{
	int rc;

	if ((rc = reg_find(g, id, e)) != 0 || (rc = reg_load(g, e, env)) != 0)
		return rc;
	return statement_parse(st, env->payload, env->payload_len, NULL);
}

static struct op_run *
run_of(struct op_run *runs, size_t n, const struct pubkey *k)
{
	for (size_t i = 0; i < n; i++)
		if (runs[i].open && memcmp(runs[i].key->raw, k->raw,
		    ED25519_PUB_LEN) == 0)
			return &runs[i];
	return NULL;
}

/* The keys a root names under member (an array of {keyid, public_key},
 * or one such object), root by root in log order, as lines for
 * principal. */
static int
root_keys(struct reg *g, const cJSON *list, struct buf *out,
    const char *member, const char *principal, const char *namespaces)
{
	struct op_run *runs = NULL;
	size_t nruns = 0;
	int64_t expires = 0;
	const cJSON *x, *k;
	int rc = 0;

	if ((runs = calloc(ALLOWED_MAX_RUNS, sizeof(*runs))) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	cJSON_ArrayForEach(x, list) {
		struct dsse_envelope env = DSSE_ENVELOPE_INIT;
		struct statement st = STATEMENT_INIT;
		struct reg_entry e;
		const char *kind = json_get_str(x, "kind");

		if (kind == NULL || strcmp(kind, "root") != 0)
			continue;
		if ((rc = load(g, json_get_str(x, "id"), &env, &st, &e)) != 0 ||
		    time_parse(&expires, json_get_str(st.predicate, "expires") ?
		    json_get_str(st.predicate, "expires") : "") != 0) {
			rc = ink_error_wrap(INK_EROOT, "root %s",
			    json_get_str(x, "id"));
			statement_release(&st);
			dsse_envelope_release(&env);
			break;
		}
		/* Runs of keys this root drops end when it was integrated. */
		for (size_t i = 0; i < nruns; i++)
			runs[i].open = runs[i].open ? 2 : 0;
		k = json_get(st.predicate, member);
		for (k = cJSON_IsArray(k) ? k->child : k; k;
		    k = cJSON_IsArray(json_get(st.predicate, member)) ? k->next :
		    NULL) {
			const char *pem = json_get_str(k, "public_key");
			struct pubkey *pk = NULL;
			struct op_run *r;

			if (pem == NULL || pubkey_from_pem(&pk, pem,
			    strlen(pem)) != 0) {
				rc = ink_error(INK_EROOT, "root %s: a key in '%s' "
				    "does not read", json_get_str(x, "id"), member);
				break;
			}
			if ((r = run_of(runs, nruns, pk)) != NULL) {
				r->open = 1;
				pubkey_free(pk);
				continue;
			}
			if (nruns == ALLOWED_MAX_RUNS) {
				pubkey_free(pk);
				rc = ink_error(INK_EINPUT, "more than %d runs of "
				    "root keys", ALLOWED_MAX_RUNS);
				break;
			}
			runs[nruns].key = pk;
			runs[nruns].from = e.integrated;
			runs[nruns].open = 1;
			nruns++;
		}
		for (size_t i = 0; i < nruns; i++)
			if (runs[i].open == 2) {
				runs[i].open = 0;
				runs[i].until = e.integrated;
			}
		statement_release(&st);
		dsse_envelope_release(&env);
		if (rc != 0)
			break;
	}
	for (size_t i = 0; rc == 0 && i < nruns; i++) {
		struct buf pr = BUF_INIT(256);
		char comment[64];

		if (runs[i].open)
			runs[i].until = expires;
		snprintf(comment, sizeof(comment), "%s:%.16s", principal,
		    runs[i].key->keyid);
		if ((rc = buf_adds(&pr, runs[i].key->keyid)) == 0 &&
		    (rc = add_principal(&pr, principal)) == 0)
			rc = add_line(out, runs[i].key, buf_str(&pr), namespaces,
			    runs[i].from, runs[i].until, comment);
		buf_release(&pr);
	}
	for (size_t i = 0; i < nruns; i++)
		pubkey_free(runs[i].key);
	free(runs);
	return rc;
}

/* One accreditation: its line, a comment saying why it is left out, or
 * problems when it does not verify (added to p; 0 is returned so that
 * every accreditation is checked).  A failure to write is returned. */
static int
accreditation(struct reg *g, const char *id, int64_t at, struct buf *out,
    struct problems *p)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct statement st = STATEMENT_INIT;
	struct problems vp = PROBLEMS_INIT;
	struct buf pr = BUF_INIT(4096), comment = BUF_INIT(512);
	struct reg_status s;
	struct reg_entry e;
	struct pubkey *k = NULL;
	const cJSON *pred, *key, *r;
	const char *pem, *kid;
	int64_t from, until, firm;
	int rc;

	if ((rc = load(g, id, &env, &st, &e)) != 0) {
		problems_add(p, rc, "accreditation %s: %s", id, ink_error_last());
		rc = 0;
		goto cleanup;
	}
	reg_verify_envelope(g, &env, at, &vp, &e, &s);
	/* A state (revoked, expired...) is a reason to leave it out or to
	 * bound its window; any other problem means the registry cannot be
	 * trusted for it. */
	if (PROBLEMS_SEEN(&vp, INK_ENO) || PROBLEMS_SEEN(&vp, INK_EINPUT) ||
	    PROBLEMS_SEEN(&vp, INK_ELOG) || PROBLEMS_SEEN(&vp, INK_EROOT)) {
		for (size_t i = 0; i < vp.n; i++)
			problems_add(p, vp.code, "accreditation %s: %s", id,
			    vp.v[i]);
		rc = 0;
		goto cleanup;
	}
	if (s.state == REG_REVOKED || s.state == REG_SUSPENDED ||
	    s.state == REG_WITHDRAWN || s.state == REG_SUPERSEDED ||
	    s.state == REG_DELISTED) {
		rc = buf_addf(out, "# left out: accreditation %s is %s\n", id,
		    reg_state_name(s.state));
		goto cleanup;
	}
	pred = st.predicate;
	key = json_get(pred, "key");
	pem = json_get_str(key, "public_key");
	kid = json_get_str(key, "keyid");
	if (pem == NULL || kid == NULL || pubkey_from_pem(&k, pem,
	    strlen(pem)) != 0 || strcmp(k->keyid, kid) != 0 ||
	    time_parse(&from, json_get_str(pred, "valid_from") ?
	    json_get_str(pred, "valid_from") : "") != 0 ||
	    time_parse(&until, json_get_str(pred, "valid_until") ?
	    json_get_str(pred, "valid_until") : "") != 0) {
		problems_add(p, INK_ENO, "accreditation %s: no readable key or "
		    "validity window", id);
		rc = 0;
		goto cleanup;
	}
	/* inkan honours an accreditation only once the log has it. */
	if (from < e.integrated)
		from = e.integrated;
	if (json_get_str(json_get(pred, "audit_firm"), "valid_until") &&
	    time_parse(&firm, json_get_str(json_get(pred, "audit_firm"),
	    "valid_until")) == 0 && firm < until)
		until = firm;
	if (until <= from) {
		rc = buf_addf(out, "# left out: accreditation %s is valid at no "
		    "time after it was registered\n", id);
		goto cleanup;
	}
	if ((rc = buf_adds(&pr, k->keyid)) != 0 ||
	    (rc = add_principal(&pr, name_of(json_get(json_get(pred,
	    "person"), "name")))) != 0 ||
	    (rc = add_principal(&pr, json_get_str(json_get(pred, "person"),
	    "email"))) != 0)
		goto cleanup;
	if ((rc = buf_addf(&comment, "inkan-accreditation:%s", id + 7)) != 0)
		goto cleanup;
	cJSON_ArrayForEach(r, json_get(pred, "roles"))
		if (cJSON_IsString(r) && record_role_known(r->valuestring) &&
		    (rc = buf_addf(&comment, "%s%s", r == json_get(pred,
		    "roles")->child ? " roles:" : ",", r->valuestring)) != 0)
			goto cleanup;
	rc = add_line(out, k, buf_str(&pr), REG_ALLOWED_NAMESPACES, from, until,
	    buf_str(&comment));
cleanup:
	if (rc == 0)
		ink_error_clear();
	pubkey_free(k);
	problems_release(&vp);
	statement_release(&st);
	dsse_envelope_release(&env);
	buf_release(&pr);
	buf_release(&comment);
	return rc;
}

int
reg_allowed_signers(struct reg *g, int64_t at, struct buf *out,
    struct problems *p)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *x;
	char name[256];
	size_t n = 0;
	int rc;

	if (list == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	/* A file that grants trust is written only from a HEAD the log key
	 * signed (docs/FORMAT.md 8.8). */
	{
		const char *what;
		if (reg_unsigned(g, &what)) {
			problems_add(p, INK_ELOG, "%s", what);
			cJSON_Delete(list);
			return INK_ELOG;
		}
	}
	/* The name comes from a file nobody signed: nothing in it may start
	 * a line of its own in a file that grants trust. */
	for (const char *c = reg_name(g); c && *c && n + 1 < sizeof(name); c++)
		name[n++] = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;
	name[n] = '\0';
	if ((rc = reg_list(g, at, list)) != 0)
		goto cleanup;
	if ((rc = buf_addf(out, "# OpenSSH allowed signers of the inkan "
	    "registry %s (log size %zu), written by\n# 'inkan registry export "
	    "allowed-signers'.  Principals: key id, name, email.\n# Operator "
	    "keys, log keys (git only), then accredited signer keys;\n"
	    "# revoked, suspended, withdrawn and superseded accreditations are "
	    "left out.\n",
	    name, reg_size(g))) != 0)
		goto cleanup;
	if ((rc = root_keys(g, list, out, "operator_keys", REG_ALLOWED_OPERATOR,
	    REG_ALLOWED_NAMESPACES)) != 0 ||
	    (rc = root_keys(g, list, out, "log_key", REG_ALLOWED_LOG,
	    REG_ALLOWED_LOG_NAMESPACES)) != 0)
		goto cleanup;
	cJSON_ArrayForEach(x, list) {
		const char *kind = json_get_str(x, "kind");
		if (kind && strcmp(kind, "signer") == 0 &&
		    (rc = accreditation(g, json_get_str(x, "id"), at, out,
		    p)) != 0)
			goto cleanup;
	}
	rc = p->n ? p->code : 0;
cleanup:
	cJSON_Delete(list);
	return rc;
}
