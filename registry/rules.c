/*
 * The rules a record must meet to be accepted: signers accredited for the
 * roles its scheme requires, a known and pinned catalogue, supersession only
 * of its own subject, and its kind's own rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "registry/internal.h"
#include "kinds/kind.h"

/* The catalogue a record names, in any of the shapes its kinds use. */
void
reg_record_catalog(const struct statement *st, const char **id,
    const char **version)
{
	const cJSON *p = st->predicate, *c;

	*id = *version = NULL;
	if ((c = json_get(p, "criteria")) && json_get_str(c, "catalog")) {
		*id = json_get_str(c, "catalog");
		*version = json_get_str(c, "catalog_version");
	} else if ((c = json_get(p, "catalog")) && cJSON_IsObject(c)) {
		*id = json_get_str(c, "id");
		*version = json_get_str(c, "version");
	} else if (json_get_str(p, "catalog")) {
		*id = json_get_str(p, "catalog");
		*version = json_get_str(p, "catalog_version");
	} else if (json_get_str(p, "catalog_id")) {
		*id = json_get_str(p, "catalog_id");
		*version = json_get_str(p, "catalog_version");
	}
}

int
reg_catalog_pin(struct reg *g, const char *id, const char *version,
    struct problems *p)
{
	char path[512], *src = NULL;
	struct buf b, old;
	cJSON *c = NULL;
	int rc;

	if (strchr(id, '/') || strchr(id, '.') == id ||
	    (version && strchr(version, '/'))) {
		problems_add(p, INK_ENO, "catalogue id '%s' is not a plain name",
		    id);
		return INK_ENO;
	}
	snprintf(path, sizeof(path), "catalogs/%s@%s.json", id,
	    version ? version : "unversioned");
	if (reg_file_read(g, path, &old) == 0) {
		buf_release(&old);
		return 0;
	}
	ink_error_clear();
	if ((rc = catalog_load_from(&g->catalogs, &c, &src, id, version)) != 0) {
		problems_add(p, INK_ENO, "catalogue '%s' version '%s' is not "
		    "known: %s", id, version ? version : "?", ink_error_last());
		return INK_ENO;
	}
	cJSON_Delete(c);
	if ((rc = file_read(&b, src, INK_MAX_JSON)) == 0) {
		rc = reg_file_put(g, path, b.data, b.len);
		buf_release(&b);
	}
	free(src);
	if (rc != 0)
		problems_add(p, INK_EINPUT, "cannot pin catalogue '%s': %s", id,
		    ink_error_last());
	return rc;
}

/* Signatures, roles, accreditation, rules and references of a record
 * of a scheme kind, at integration time t. */
/* The status at time t of registered record id, which the index at
 * path lists, when it is under scheme family fam: 1 and *s; 0 when it is
 * under another family.  A record that cannot be read, or whose status
 * cannot be computed, might be the very registration a rule asks about:
 * a problem (exit 5), and -1. */
static int
family_status(struct reg *g, const char *path, const char *id,
    const char *fam, int64_t t, struct reg_status *s, struct problems *p)
{
	struct statement o;
	struct reg_entry e;
	const char *of;
	char buf[32];
	int same;

	if (reg_statement_keep(g, id, &o, &e) != 0) {
		problems_add(p, INK_ELOG, "%s lists %s: %s", path, id,
		    ink_error_last());
		ink_error_clear();
		return -1;
	}
	of = reg_scheme_family(g, &o, buf, sizeof(buf));
	same = of != NULL && strcmp(of, fam) == 0;
	statement_release(&o);
	if (!same)
		return 0;
	if (reg_status_at(g, id, t, s, 0) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return -1;
	}
	return 1;
}

/* A provider whose registration under a scheme family was revoked
 * applies again under it only once the scheme's waiting period has
 * passed (schemes.json reapply_wait_months; seed 003: 「原則として一定期間、
 * 再申請を認めないことを想定」): every service of the organisation, found
 * through services/<corporate number>/, is asked. */
static void
check_reapply_wait(struct reg *g, const struct statement *st, int64_t t,
    struct problems *p)
{
	const cJSON *sc;
	const char *cn, *sid, *fam;
	char dir[40], b1[32], sbuf[32], ts[TIME_LEN], te[TIME_LEN];
	char **svcs = NULL;
	size_t ns = 0;
	int64_t months;

	if (strcmp(st->predicate_type, AUDIT_TYPE) != 0)
		return;
	if (g->schemes == NULL && scheme_doc_load(&g->schemes) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	sc = scheme_find(g->schemes, reg_record_scheme(st, sbuf, sizeof(sbuf)) ?
	    reg_record_scheme(st, sbuf, sizeof(sbuf)) : "");
	if (json_get_int(&months, sc, "reapply_wait_months") != 0 ||
	    months <= 0 || months > 1200)
		return;
	reg_service_of(st, &cn, &sid);
	fam = reg_scheme_family(g, st, b1, sizeof(b1));
	if (!reg_service_key_ok(cn, sid) || fam == NULL)
		return; /* (the audit rules refuse such a record) */
	snprintf(dir, sizeof(dir), "services/%s", cn);
	/* (no folder: no service of the organisation yet) */
	if (repo_list(&svcs, &ns, g->repo, dir) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	for (size_t k = 0; k < ns; k++) {
		char path[160], **ids = NULL;
		size_t n = 0;
		reg_services_path(path, cn, svcs[k]);
		if (!*path)
			continue;
		if (reg_ids_read(g, path, &ids, &n) != 0) {
			problems_add(p, INK_ELOG, "%s", ink_error_last());
			ink_error_clear();
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			struct reg_status s;
			int64_t until;
			if (family_status(g, path, ids[i], fam, t, &s, p) != 1)
				continue;
			until = time_add_months(s.since, (int)months);
			/* (revoked by a status record: not a record whose
			 * signer's accreditation fell) */
			if (s.state != REG_REVOKED || s.by[0] == '\0' ||
			    t >= until)
				continue;
			time_format(ts, s.since);
			time_format(te, until);
			problems_add(p, INK_ENO, "the provider %s was revoked under "
			    "'%s' at %s (%s, service %s): scheme '%s' takes no new "
			    "application from it for %d months, until %s", cn, fam,
			    ts, ids[i], svcs[k], json_get_str(sc, "id"),
			    (int)months, te);
		}
		repo_list_free(ids, n);
	}
	repo_list_free(svcs, ns);
}

/* One registration per service and scheme family (FORMAT.md 8.4): a
 * new audit of a service with a registration in force, suspended or
 * about to begin must supersede it; the problem names that record. */
static void
check_one_registration(struct reg *g, const struct statement *st,
    int64_t t, struct problems *p)
{
	const char *cn, *sid, *fam, *sup = json_get_str(st->predicate,
	    "supersedes");
	char path[160], **ids = NULL, b1[32];
	size_t n = 0;

	if (strcmp(st->predicate_type, AUDIT_TYPE) != 0)
		return;
	reg_service_of(st, &cn, &sid);
	reg_services_path(path, cn, sid);
	fam = reg_scheme_family(g, st, b1, sizeof(b1));
	if (!*path || fam == NULL)
		return; /* (the audit rules refuse such a record) */
	if (reg_ids_read(g, path, &ids, &n) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct reg_status s;

		if (sup && strcmp(sup, ids[i]) == 0)
			continue;
		/* (a registration that cannot be read might be the
		 * service's: nothing is added beside it) */
		if (family_status(g, path, ids[i], fam, t, &s, p) != 1)
			continue;
		/* A registration in force, suspended or about to begin is
		 * the service's registration; one revoked, withdrawn,
		 * delisted, expired or superseded is not. */
		if (s.state == REG_ACTIVE || s.state == REG_SUSPENDED ||
		    s.state == REG_NOT_YET_VALID)
			problems_add(p, INK_ENO, "one registration per service "
			    "and scheme: service %s of %s is registered under "
			    "'%s' by %s (%s); a new audit of it supersedes that "
			    "record (\"supersedes\": \"%s\")", sid, cn, fam,
			    ids[i], reg_state_name(s.state), ids[i]);
	}
	repo_list_free(ids, n);
}

/* What registry add asks of built_on (seed 001, 2.3.4 ④: the base
 * service 「本制度において登録されていること」): each entry a service the
 * scheme allows as a base, with a registration in force at t. */
static void
check_built_on(struct reg *g, const struct statement *st, int64_t t,
    struct problems *p)
{
	const cJSON *built = json_get(st->predicate, "built_on"), *b;
	const cJSON *bases = reg_scheme_bases(g, st);
	const char *own = json_get_str(json_get(st->predicate, "service"),
	    "id");
	const char *owncn = json_get_str(json_get(st->predicate,
	    "organisation"), "corporate_number");
	char buf[32];

	if (built == NULL || built->child == NULL)
		return;
	if (bases == NULL) {
		problems_add(p, INK_ENO, "scheme '%s' takes no base service: "
		    "built_on is for a scheme whose base services are "
		    "registered under it (schemes.json \"bases\"); name a "
		    "provider the audit covered in subservice_organisations",
		    reg_record_scheme(st, buf, sizeof(buf)));
		return;
	}
	/* The record's own service counts as being computed: a base that
	 * rests on it, at any depth, closes a circle and is refused.  What
	 * was computed with it there is forgotten after. */
	reg_services_path(g->svcstack[0], owncn, own);
	g->nsvcstack = *g->svcstack[0] != '\0';
	cJSON_ArrayForEach(b, built) {
		struct reg_status s;
		char cn[16], sid[136], why[400];

		if (reg_built_on_service(g, b, cn, sid, why, sizeof(why)) != 0) {
			problems_add(p, INK_ENO, "%s", why);
			continue;
		}
		if (own && owncn && strcmp(own, sid) == 0 &&
		    strcmp(owncn, cn) == 0) {
			problems_add(p, INK_ENO, "built_on names the record's own "
			    "service %s of %s", sid, cn);
			continue;
		}
		if (reg_service_status(g, cn, sid, bases, t, 0, &s) != 0) {
			problems_add(p, INK_ENO, "built on %s of %s, which has no "
			    "registration under a scheme '%s' allows as a base "
			    "(%s): %s", sid, cn, reg_record_scheme(st, buf,
			    sizeof(buf)), "schemes.json \"bases\"",
			    ink_error_last());
			ink_error_clear();
		} else if (s.state != REG_ACTIVE) {
			problems_add(p, INK_ENO, "built on %s of %s, whose "
			    "registration %s is %s (%s): a base service must be "
			    "registered", sid, cn, s.by, reg_state_name(s.state),
			    s.why);
		}
	}
	g->nsvcstack = 0;
	reg_services_forget(g);
}

/* Whether the organisation cn holds a registration in force at t under
 * the scheme family fam in service category cat: 1, 0, or -1 with a
 * problem (a record its index names that cannot be read). */
static int
certified_in(struct reg *g, const char *cn, const char *fam, const char *cat,
    int64_t t, struct problems *p)
{
	char dir[40], **svcs = NULL, b[32];
	size_t ns = 0;
	int found = 0;

	snprintf(dir, sizeof(dir), "services/%s", cn);
	if (repo_list(&svcs, &ns, g->repo, dir) != 0) {
		ink_error_clear();
		return 0; /* (no folder: no service of the organisation) */
	}
	for (size_t k = 0; k < ns && found == 0; k++) {
		char path[160], **ids = NULL;
		size_t n = 0;
		reg_services_path(path, cn, svcs[k]);
		if (!*path || reg_ids_read(g, path, &ids, &n) != 0) {
			ink_error_clear();
			continue;
		}
		for (size_t i = 0; i < n && found == 0; i++) {
			struct statement o;
			struct reg_entry e;
			struct reg_status s;
			const char *f, *c, *oc;
			int same;
			if (reg_statement_keep(g, ids[i], &o, &e) != 0) {
				problems_add(p, INK_ELOG, "%s lists %s: %s", path,
				    ids[i], ink_error_last());
				ink_error_clear();
				found = -1;
				break;
			}
			f = reg_scheme_family(g, &o, b, sizeof(b));
			c = json_get_str(json_get(o.predicate,
			    "service_category"), "id");
			oc = json_get_str(json_get(o.predicate,
			    "organisation"), "corporate_number");
			/* (the index is a hint: the record says whose it is) */
			same = f && c && oc && strcmp(oc, cn) == 0 &&
			    strcmp(f, fam) == 0 &&
			    strcmp(c, cat) == 0;
			statement_release(&o);
			if (same && reg_status_at(g, ids[i], t, &s, 0) == 0 &&
			    s.state == REG_ACTIVE)
				found = 1;
			ink_error_clear();
		}
		repo_list_free(ids, n);
	}
	repo_list_free(svcs, ns);
	return found;
}

/* Work entrusted to another provider (seed 003 例外規定①: 「別途同サービ
 * スカテゴリにおいて本制度の認定を取得済みの事業者への委任（準委任）」) goes
 * to one certified in the same category, in force when the record is
 * added. */
static void
check_entrusted(struct reg *g, const struct statement *st, int64_t t,
    struct problems *p)
{
	const cJSON *x;
	const char *cat = json_get_str(json_get(st->predicate,
	    "service_category"), "id"), *fam;
	char b[32];

	if ((fam = reg_scheme_family(g, st, b, sizeof(b))) == NULL || !cat)
		return;
	cJSON_ArrayForEach(x, json_get(json_get(json_get(st->predicate,
	    "certification"), "outsourcing"), "entrustments")) {
		const char *form = json_get_str(x, "form");
		const char *cn = json_get_str(x, "corporate_number");
		if (!form || strcmp(form, "certified-provider") != 0 || !cn)
			continue;
		if (certified_in(g, cn, fam, cat, t, p) == 0)
			problems_add(p, INK_ENO, "work is entrusted to %s as a "
			    "certified provider, and it holds no certification "
			    "under '%s' in category '%s' in force (seed 003 "
			    "例外規定①)", cn, fam, cat);
	}
}

/* What a certification is granted on (schemes.json "prerequisites";
 * seed 003: 「リストに掲載された企業から申請を受け」, 「ISMS認証の取得を要
 * 件とし」, 「★4以上の取得を要件とする」): each holds when it is added. */
static void
check_prerequisites(struct reg *g, const struct statement *st, int64_t t,
    struct problems *p)
{
	struct reg_status s;

	memset(&s, 0, sizeof(s));
	s.state = REG_ACTIVE;
	if (reg_prerequisite_status(g, st, t, 0, &s) != 0) {
		problems_add(p, INK_ELOG, "%s", ink_error_last());
		ink_error_clear();
		return;
	}
	if (s.state != REG_ACTIVE)
		problems_add(p, INK_ENO, "a certification is granted only on "
		    "its prerequisites: %s", s.why);
	check_entrusted(g, st, t, p);
}

static void
check_scheme_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding, struct problems *p)
{
	const struct record_kind *kind = kind_find(st->predicate_type);
	const cJSON *scheme, *role;
	const char *sid, *cid, *cver;
	char sbuf[32];

	if (kind)
		kind->check(st->root, &g->catalogs, p);
	sid = reg_record_scheme(st, sbuf, sizeof(sbuf));
	if (g->schemes == NULL && scheme_doc_load(&g->schemes) != 0) {
		problems_add(p, INK_EINPUT, "%s", ink_error_last());
		return;
	}
	if (sid == NULL || (scheme = scheme_find(g->schemes, sid)) == NULL) {
		problems_add(p, INK_ENO, "scheme '%s' is not known to the "
		    "registry", sid ? sid : "(none)");
		return;
	}
	/* A 言明書, where the scheme takes one (FORMAT.md 6.4), is required
	 * of every record registered from the day the scheme says, and only
	 * of those: a record registered before it keeps its registration. */
	{
		const char *from = json_get_str(scheme,
		    "statement_of_applicability_from");
		int64_t f;
		if (json_get_str(scheme, "statement_of_applicability") &&
		    !json_get(st->predicate, "statement_of_applicability") &&
		    (from == NULL || time_parse(&f, from) != 0 || t >= f))
			problems_add(p, INK_ENO, "statement_of_applicability is "
			    "required by scheme '%s' of a record registered "
			    "from %s: management's 言明書, the controls it "
			    "selects and those it excludes with their reasons",
			    sid, from ? from : "its start");
	}
	cJSON_ArrayForEach(role, json_get(scheme, "required_roles")) {
		const cJSON *d = cJSON_IsString(role) ?
		    statement_signer_by_role(st, role->valuestring) : NULL;
		const char *keyid = json_get_str(d, "keyid");
		struct pubkey *k = NULL;
		char why[300];
		int ok = 0;

		if (!cJSON_IsString(role))
			continue;
		if (keyid == NULL) {
			problems_add(p, INK_ENO, "scheme '%s' needs a '%s' signer "
			    "and the record declares none", sid,
			    role->valuestring);
			continue;
		}
		if (reg_accredited_key(g, keyid, role->valuestring, sid, st, t,
		    &k, why, sizeof(why)) != 0) {
			problems_add(p, INK_ENO, "%s signer: %s", role->valuestring,
			    why);
			continue;
		}
		ok = dsse_sig_by_key(env, k) >= 0;
		if (!ok)
			problems_add(p, INK_ENO, "no valid signature by the "
			    "accredited %s (key %.16s)", role->valuestring, keyid);
		pubkey_free(k);
	}
	/* Built on a service: one the record's scheme allows as a base
	 * (schemes.json "bases"), registered and in force when the record
	 * is, and not a circle back to the record's own service. */
	if (adding)
		check_built_on(g, st, t, p);
	/* What the record dates is done before it is registered: the
	 * report, the expert's confirmation and management's declaration
	 * (days in JST, FORMAT.md 8.4).  Readers need not ask again: the
	 * integration time is in the signed log. */
	if (adding) {
		static const char *const dated[] = { "report_date",
			"confirmation_date", "management_declaration.date",
			NULL };
		for (size_t i = 0; dated[i]; i++) {
			const cJSON *v = st->predicate;
			const char *d, *dot = strchr(dated[i], '.');
			char day[TIME_LEN];
			int64_t at;
			if (dot) {
				char k[64];
				snprintf(k, sizeof(k), "%.*s",
				    (int)(dot - dated[i]), dated[i]);
				v = json_get(v, k);
			}
			d = json_get_str(v, dot ? dot + 1 : dated[i]);
			if (d == NULL || time_parse_date(&at, d) != 0)
				continue;
			/* the day begins at 00:00 JST, 15:00Z the day before */
			if (t < at - JST_OFFSET) {
				time_format(day, t + JST_OFFSET);
				day[10] = '\0';
				problems_add(p, INK_ENO, "%s %s is after the day "
				    "the record is registered (%s JST): what it "
				    "dates must be done before it is registered",
				    dated[i], d, day);
			}
		}
	}
	/* An audit registers only when every mandatory control it covers was
	 * met (the auditor's sign computed this from the control results). */
	if (cJSON_IsFalse(json_get(st->predicate, "mandatory_controls_met")))
		problems_add(p, INK_ENO, "not every mandatory control is met: "
		    "scheme '%s' registers only a service that meets them all",
		    sid);
	if (adding)
		check_one_registration(g, st, t, p);
	if (adding)
		check_reapply_wait(g, st, t, p);
	if (adding)
		check_prerequisites(g, st, t, p);
	if (adding) {
		const char *sup = json_get_str(st->predicate, "supersedes");
		struct reg_entry e;
		int64_t nb, na;
		char why[400];
		if (sup && reg_find(g, sup, &e) != 0) {
			problems_add(p, INK_ENO, "supersedes %s, which is not in "
			    "the registry", sup);
			ink_error_clear();
		} else if (sup && !reg_same_subject(g, st, sup, why, sizeof(why))) {
			/* A record replaces only its own subject's. */
			problems_add(p, INK_ENO, "may not supersede %s", why);
		}
		/* The catalogue must be known; it is pinned only once the
		 * record is accepted (stage_record). */
		reg_record_catalog(st, &cid, &cver);
		if (cid) {
			/* (borrowed from the process's cache: only whether
			 * it is there matters here) */
			const cJSON *c;
			if (catalog_get_from(&g->catalogs, &c, cid,
			    cver) != 0)
				problems_add(p, INK_ENO, "catalogue '%s' version '%s' "
				    "is not known: %s", cid, cver ? cver : "?",
				    ink_error_last());
		}
		if (statement_validity(st, &nb, &na) == 0 && (t < nb || t >= na))
			problems_add(p, INK_EVALIDITY, "outside its validity window "
			    "at registration");
	}
}

/* A record's own signer may withdraw it (FORMAT.md 8.3: an auditor
 * withdrawing the report, an expert the confirmation): a status record
 * with "withdrawn_by" ROLE is a withdrawal, of a record that declares a
 * signer in ROLE, signed by that signer's key as accredited when the
 * record was registered.  It can only take a registration away. */
static void
withdrawal_check(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, struct problems *p)
{
	const char *role = json_get_str(st->predicate, "withdrawn_by");
	const char *action = json_get_str(st->predicate, "action");
	const char *target = json_get_str(st->predicate, "target");
	struct statement t;
	struct reg_entry e;
	const cJSON *sg;
	char sbuf[32];
	int signed_by = 0;

	if (role == NULL || action == NULL || strcmp(action, "withdraw") != 0) {
		problems_add(p, INK_ENO, "withdrawn_by is for a withdrawal by "
		    "the record's own signer, not for '%s'", action ? action :
		    "(no action)");
		return;
	}
	if (target == NULL || reg_statement_load(g, target, &t, &e) != 0) {
		problems_add(p, INK_ENO, "a withdrawal of %s, which cannot be "
		    "read", target ? target : "?");
		ink_error_clear();
		return;
	}
	cJSON_ArrayForEach(sg, json_get(t.predicate, "signers")) {
		const char *kid = json_get_str(sg, "keyid");
		struct pubkey *k = NULL;
		char why[300];
		if (!kid || !json_get_str(sg, "role") ||
		    strcmp(json_get_str(sg, "role"), role) != 0)
			continue;
		if (reg_accredited_key(g, kid, role, reg_record_scheme(&t, sbuf,
		    sizeof(sbuf)), &t, e.integrated, &k, why, sizeof(why)) == 0 &&
		    reg_count_signers(env, &k, 1) > 0)
			signed_by = 1;
		ink_error_clear();
		pubkey_free(k);
	}
	if (!signed_by)
		problems_add(p, INK_ENO, "a withdrawal by the record's %s is not "
		    "signed by the accredited key of the %s it declares", role,
		    role);
	statement_release(&t);
}

int
reg_check_record(struct reg *g, const struct dsse_envelope *env,
    const struct statement *st, int64_t t, int adding, struct problems *p)
{
	size_t before = p->n;

	if (strcmp(env->payload_type, DSSE_INTOTO_TYPE) != 0) {
		problems_add(p, INK_ENO, "payloadType '%s' is not an in-toto "
		    "Statement", env->payload_type);
		return INK_ENO;
	}
	if (strcmp(st->predicate_type, STATUS_TYPE) == 0 ||
	    strcmp(st->predicate_type, SIGNER_TYPE) == 0) {
		const char *rn = json_get_str(st->predicate, "registry");
		char rid[RECORD_ID_LEN];
		if (rn == NULL || strcmp(rn, reg_name(g)) != 0)
			problems_add(p, INK_ENO, "an operator record for another "
			    "registry ('%s', not '%s')", rn ? rn : "(none)",
			    reg_name(g));
		size_t leaf = g->nleaves;
		record_id(rid, env->payload, env->payload_len);
		if (!adding && reg_leaf_find(g, rid, &leaf) != 0)
			leaf = g->nleaves;
		if (json_get(st->predicate, "withdrawn_by"))
			withdrawal_check(g, env, st, p);
		else
			reg_operator_check(g, env, leaf, p);
		if (strcmp(st->predicate_type, SIGNER_TYPE) == 0) {
			/* An accreditation is of one key: the keyid it names
			 * is its public key's (every lookup relies on it). */
			const cJSON *k = json_get(st->predicate, "key");
			const char *pem = json_get_str(k, "public_key");
			const char *kid = json_get_str(k, "keyid");
			struct pubkey *pk = NULL;
			if (!pem || !kid || pubkey_from_pem(&pk, pem,
			    strlen(pem)) != 0 || strcmp(pk->keyid, kid) != 0)
				problems_add(p, INK_ENO, "an accreditation whose "
				    "key.keyid is not the id of its public key");
			ink_error_clear();
			pubkey_free(pk);
		}
		if (strcmp(st->predicate_type, STATUS_TYPE) == 0) {
			const char *target = json_get_str(st->predicate, "target");
			struct reg_entry e;
			if (target == NULL || reg_find(g, target, &e) != 0) {
				problems_add(p, INK_ENO, "status about %s, which is "
				    "not in the registry", target ? target : "?");
				ink_error_clear();
			}
		}
	} else if (strcmp(st->predicate_type, AUDIT_TYPE) == 0 ||
	    strcmp(st->predicate_type, SCS_TYPE) == 0) {
		check_scheme_record(g, env, st, t, adding, p);
	} else {
		problems_add(p, INK_ENO, "the registry does not take records of "
		    "type '%s'", st->predicate_type);
	}
	/* A record is not signed after the log integrated it (beyond the
	 * clocks' allowance): a signed_at later than that is false. */
	{
		const char *sa = json_get_str(st->predicate, "signed_at");
		int64_t when;
		char ts[TIME_LEN];
		if (sa && time_parse(&when, sa) == 0 &&
		    when > t + REG_CLOCK_SKEW) {
			time_format(ts, t);
			problems_add(p, INK_ENO, "signed_at %s lies after its "
			    "registration at %s (more than %d s)", sa, ts,
			    REG_CLOCK_SKEW);
		}
	}
	return p->n > before ? p->code : 0;
}
