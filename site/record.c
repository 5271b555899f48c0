/*
 * One page per record, named by its id (r/<hex>.html), and the SOC
 * 3-style public summary of every audit (soc3/<hex>.html): what the
 * record says, its verification when the site was built, its signers and
 * their accreditation, its computed status with the reason, its history,
 * and how to verify it oneself.  The record is read again here (the
 * model keeps only a compact entry), so each page costs one read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/pool.h"
#include "kinds/audit.h"
#include "site/site_int.h"
#include "summary/summary.h"

static const char *
tx(const cJSON *v, const char *lang)
{
	return audit_text(v, lang);
}

/* A row of a details table: <tr><th scope="row">label</th><td>... */
static void prerequisites(struct page *p, const struct s_rec *r,
    const cJSON *pr);

static void
row_open(struct page *p, enum site_msg label)
{
	out_raw(&p->o, "<tr><th scope=\"row\">");
	out_text(&p->o, L(p->lang, label));
	out_raw(&p->o, "</th><td>");
}

static void
row_close(struct page *p)
{
	out_raw(&p->o, "</td></tr>\n");
}

static void
row_text(struct page *p, enum site_msg label, const char *value)
{
	if (value == NULL)
		return;
	row_open(p, label);
	out_text(&p->o, value);
	row_close(p);
}

static void
section_open(struct page *p, const char *id, enum site_msg title)
{
	out_rawf(&p->o, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id,
	    id);
	out_text(&p->o, L(p->lang, title));
	out_raw(&p->o, "</h2>\n");
}

static void
section_close(struct page *p)
{
	out_raw(&p->o, "</section>\n");
}

/* --- status first ------------------------------------------------------ */

/* When the status that decides took effect: the status record's
 * effective time, the superseding record's registration, the end of the
 * validity window, or, for a delisting because of a built_on record,
 * that record's own; 0 when the data has none. */
static int64_t
state_since(const struct s_model *m, const struct s_rec *r, int depth)
{
	const struct s_rec *by = r->by != S_NONE ? &m->recs[r->by] : NULL;

	if (!r->has_state || r->state == REG_ACTIVE || depth > 8)
		return 0;
	if (by && by->kind == SK_STATUS)
		return by->effective;
	switch (r->state) {
	case REG_SUPERSEDED:
		return by ? by->integrated : 0;
	case REG_EXPIRED:
		return r->has_validity ? r->na : 0;
	case REG_NOT_YET_VALID:
		return r->has_validity && r->integrated <= m->at ? r->nb :
		    r->integrated;
	case REG_DELISTED:
		return by ? state_since(m, by, depth + 1) : 0;
	default:
		return 0;
	}
}

/* The status record a status rests on: its reason code with the label,
 * and a link to it. */
static void
by_status(struct page *p, const struct s_rec *by)
{
	struct out *o = &p->o;

	if (by->reason_code) {
		out_raw(o, " <span class=\"code\">(");
		p_reason(p, by->reason_code);
		out_raw(o, ")</span>");
	}
	out_raw(o, " — ");
	out_text(o, L(p->lang, M_BY_RECORD));
	out_raw(o, ": <a ");
	p_href(p, "r/%s.html", S_HEX(by));
	out_raw(o, "><code>");
	out_rawf(o, "%.16s…", S_HEX(by));
	out_raw(o, "</code></a>");
}

/* The reason for a status not active, in words: the status record's
 * reason (its code beside it, as a code), the superseding record, the
 * record it is built on, or the end of its validity. */
static void
status_reason(struct page *p, const struct s_rec *r)
{
	struct site *s = p->s;
	const struct s_rec *by = r->by != S_NONE ? &s->m.recs[r->by] : NULL;
	struct out *o = &p->o;
	const char *l = p->lang;

	out_raw(o, "<p class=\"status-reason\">");
	out_text(o, L(l, M_REASON));
	out_text(o, L(l, M_COLON));
	if (by && by->kind == SK_STATUS) {
		const char *t = s_pick(by->reason, l);
		if (t)
			out_text(o, t);
		else
			out_text(o, word_action(l, by->action));
		by_status(p, by);
	} else if (r->state == REG_SUPERSEDED && by) {
		out_text(o, L(l, M_WHY_SUPERSEDED));
		out_raw(o, ": ");
		p_rec_link(p, by);
	} else if (r->state == REG_DELISTED && s_is_cert(&s->m, r)) {
		/* what a certification was granted on (seed 003) */
		out_text(o, L(l, M_WHY_PREREQ));
		if (by) {
			out_raw(o, ": ");
			p_rec_link(p, by);
			out_raw(o, " (");
			out_text(o, word_state(l, by->has_state ?
			    (int)by->state : -1));
			out_raw(o, ")");
		}
		if (r->why) {
			out_raw(o, " <span class=\"why\" lang=\"en\">");
			out_text(o, r->why);
			out_raw(o, "</span>");
		}
	} else if (r->state == REG_DELISTED && by) {
		out_text(o, L(l, M_WHY_CASCADE));
		out_raw(o, ": ");
		p_rec_link(p, by);
		out_raw(o, " (");
		out_text(o, word_state(l, by->has_state ? (int)by->state : -1));
		out_raw(o, ")");
	} else if (r->state == REG_EXPIRED) {
		out_text(o, L(l, M_WHY_EXPIRED));
	} else if (r->state == REG_NOT_YET_VALID) {
		out_text(o, L(l, r->integrated > s->m.at ?
		    M_WHY_NOT_REGISTERED : M_WHY_NOT_YET));
	} else if (r->why) {
		out_text(o, r->why);
	}
	out_raw(o, "</p>\n");
}

/* A page title with the record's status in front ("【取消し】name",
 * "Revoked: name"), so that the first heading, and the browser's tab,
 * say it first; a record without a status keeps its name. */
void
state_title(char *out, size_t len, const struct s_rec *r, const char *name,
    const char *lang)
{
	if (!r->has_state)
		snprintf(out, len, "%s", name);
	else if (strcmp(lang, "ja") == 0)
		snprintf(out, len, "【%s】%s", word_state(lang, (int)r->state),
		    name);
	else
		snprintf(out, len, "%s: %s", word_state(lang, (int)r->state),
		    name);
}

/* The status first: a section whose heading is the record's status in
 * the registry, then since when and why, then, as a secondary line,
 * whether its signatures checked out when the site was built (which
 * says the record is genuine, not that it is in force).  Only an active
 * record gets a green mark. */
void
p_status_first(struct page *p, const struct s_rec *r, int sig)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	int active = r->has_state && r->state == REG_ACTIVE;
	int ok = r->vcode == 0 && !p->s->m.root_expired;
	int64_t since = state_since(&p->s->m, r, 0);
	char slug[32];
	size_t k = 0;

	if (r->has_state == 0)
		return;
	for (const char *c = reg_state_name(r->state); *c && k + 1 <
	    sizeof(slug); c++)
		slug[k++] = *c == ' ' ? '-' : *c;
	slug[k] = '\0';
	out_rawf(o, "<section class=\"status-first status-%s\" "
	    "aria-labelledby=\"status\" data-state=\"%s\">\n<h2 id=\"status\">",
	    active ? "ok" : "not-active", slug);
	out_text(o, L(l, M_STATUS));
	out_text(o, L(l, M_COLON));
	p_state(p, r);
	out_raw(o, "</h2>\n");
	if (!active) {
		if (since) {
			out_raw(o, "<p class=\"status-since\">");
			out_text(o, L(l, r->state == REG_EXPIRED ?
			    M_STATUS_SINCE_END : M_STATUS_SINCE));
			out_text(o, L(l, M_COLON));
			out_time(o, since);
			out_raw(o, "</p>\n");
		}
		status_reason(p, r);
	} else if (r->has_validity) {
		const struct s_rec *by = r->by != S_NONE ?
		    &p->s->m.recs[r->by] : NULL;
		out_raw(o, "<p class=\"status-since\">");
		out_text(o, L(l, M_VALIDITY));
		out_text(o, L(l, M_COLON));
		p_validity(p, r);
		out_raw(o, "</p>\n");
		/* In force, waiting for the renewal applied for (the scheme
		 * keeps it valid past its end meanwhile). */
		if (by && by->kind == SK_STATUS && by->action &&
		    strcmp(by->action, "renewal-pending") == 0) {
			out_raw(o, "<p class=\"status-reason\">");
			out_text(o, L(l, M_RENEWAL_PENDING));
			by_status(p, by);
			out_raw(o, "</p>\n");
		}
	}
	/* Corrective demands open on it: due, or overdue (the operator may
	 * then revoke it, citing the demand). */
	for (size_t dk = 0; dk < r->ndemands; dk++) {
		const struct s_rec *d = &p->s->m.recs[r->demands[dk]];
		int late = d->deadline <= p->s->m.at;
		out_rawf(o, "<p class=\"status-reason demand%s\"><span "
		    "aria-hidden=\"true\">⚠ </span>", late ? " overdue" : "");
		out_text(o, L(l, late ? M_DEMAND_OVERDUE : M_DEMAND_DUE));
		out_raw(o, " ");
		out_time(o, d->deadline);
		by_status(p, d);
		out_raw(o, "</p>\n");
	}
	if (sig) {
		out_raw(o, "<p class=\"status-sig\">");
		out_text(o, L(l, !ok ? M_SIG_BAD : active ? M_SIG_OK :
		    M_SIG_OK_NOT_ACTIVE));
		out_raw(o, "</p>\n");
	}
	out_raw(o, "</section>\n");
}

/* --- verification ------------------------------------------------------ */

static void
verification(struct page *p, const struct s_rec *r)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	int root_ok = !p->s->m.root_expired;
	/* Green is for a record in force: the checks of one that is not say
	 * it is genuine, in a neutral colour, never "valid". */
	int active = !r->has_state || r->state == REG_ACTIVE;
	const char *okc = active ? "ok" : "info";
	int good = r->vcode == 0 && root_ok;

	section_open(p, "verification", M_VERIFICATION);
	if (good && active) {
		out_raw(o, "<p class=\"verdict verdict-ok\"><span aria-hidden="
		    "\"true\">✓</span> ");
		out_text(o, L(l, M_VERIFIED_OK));
		out_raw(o, "</p>\n");
	} else if (good) {
		out_raw(o, "<p class=\"verdict verdict-info\">");
		out_text(o, L(l, M_VERIFIED_NOT_ACTIVE));
		out_text(o, L(l, M_COLON));
		out_text(o, word_state(l, (int)r->state));
		out_raw(o, "</p>\n");
	} else {
		out_raw(o, "<p class=\"verdict verdict-bad\"><span aria-hidden="
		    "\"true\">✕</span> ");
		out_text(o, L(l, M_VERIFIED_BAD));
		out_raw(o, "</p>\n<ul class=\"problems\">\n");
		if (!root_ok) {
			out_raw(o, "<li>");
			out_text(o, L(l, M_ROOT_EXPIRED));
			out_raw(o, "</li>\n");
		}
		for (const char *q = r->problems; q && *q; ) {
			size_t n = strcspn(q, "\n");
			char *line = strndup(q, n);
			out_raw(o, "<li>");
			out_text(o, line ? line : "");
			out_raw(o, "</li>\n");
			free(line);
			q += n + (q[n] == '\n');
		}
		out_raw(o, "</ul>\n");
	}
	out_raw(o, "<table class=\"checks\">\n<thead><tr><th scope=\"col\">");
	out_text(o, L(l, M_CHECK));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(l, M_RESULT));
	out_raw(o, "</th></tr></thead>\n<tbody>\n");
	{
		static const enum site_msg entry[] = { M_CHK_SIGS, M_CHK_ACC,
			M_CHK_RULES, M_CHK_LOG };
		static const enum site_msg other[] = { M_CHK_SIGS, M_CHK_LOG };
		const enum site_msg *v = s_is_entry(r) ? entry : other;
		size_t n = s_is_entry(r) ? 4 : 2;
		for (size_t i = 0; i < n; i++) {
			out_raw(o, "<tr><th scope=\"row\">");
			out_text(o, L(l, v[i]));
			out_rawf(o, "</th><td class=\"%s\">", r->vcode ? "bad" :
			    okc);
			out_text(o, L(l, r->vcode ? M_FAIL : active ? M_OK :
			    M_DONE));
			if (v[i] == M_CHK_LOG && r->vcode == 0)
				out_rawf(o, " (%s %zu)", "#", r->leaf);
			out_raw(o, "</td></tr>\n");
		}
		out_raw(o, "<tr><th scope=\"row\">");
		out_text(o, L(l, M_CHK_ROOT));
		out_rawf(o, "</th><td class=\"%s\">", root_ok ? okc : "bad");
		out_text(o, L(l, !root_ok ? M_FAIL : active ? M_OK : M_DONE));
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n");
	section_close(p);
}

/* --- details per kind -------------------------------------------------- */

static void
details_common(struct page *p, const struct s_rec *r)
{
	struct out *o = &p->o;

	row_open(p, M_KIND);
	out_text(o, s_is_cert(&p->s->m, r) ? L(p->lang, M_CERT_KIND) :
	    word_kind(p->lang, r->kind));
	row_close(p);
	row_open(p, M_RECORD_ID);
	out_raw(o, "<code class=\"id\">");
	out_text(o, r->id);
	out_raw(o, "</code>");
	row_close(p);
	row_open(p, M_REGISTERED);
	out_time(o, r->integrated);
	row_close(p);
	/* The last change notified (a correction), whose record the history
	 * below lists with the value it set. */
	if (r->updated) {
		row_open(p, M_UPDATED);
		out_time(o, r->updated);
		row_close(p);
	}
	row_open(p, M_LOG_INDEX);
	out_rawf(o, "%zu", r->leaf);
	row_close(p);
}

/* Who audits under a scheme, as its own documents call it (schemes.json
 * audit_body: the audit body the government selects, the reviewing and
 * registration body, the evaluation body), else an audit firm; the
 * summaries say the same (summary/model.c). */
static void
row_firm(struct page *p, const struct s_rec *r)
{
	const char *v = s_pick(r->firm, p->lang);
	const char *l = json_get_str(json_get(s_scheme(&p->s->m, r->scheme),
	    "audit_body"), p->lang);

	if (v == NULL)
		return;
	out_raw(&p->o, "<tr><th scope=\"row\">");
	out_text(&p->o, l ? l : L(p->lang, M_FIRM));
	out_raw(&p->o, "</th><td>");
	out_text(&p->o, v);
	row_close(p);
}

/* A name a change notification changed: the current one is shown, and
 * the one the record was registered with beside it (its history). */
static void
was_named(struct page *p, const char *now, const cJSON *signed_name)
{
	const char *was = tx(signed_name, p->lang);

	if (now == NULL || was == NULL || strcmp(now, was) == 0)
		return;
	out_raw(&p->o, " <span class=\"was\">(");
	out_text(&p->o, L(p->lang, M_WAS));
	out_text(&p->o, L(p->lang, M_COLON));
	out_text(&p->o, was);
	out_raw(&p->o, ")</span>");
}

static void
details_subject(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	struct out *o = &p->o;
	const char *lv = s_level_name(&p->s->m, r, p->lang);

	row_open(p, M_SCHEME);
	out_text(o, s_scheme_name(&p->s->m, r->scheme, p->lang));
	row_close(p);
	row_text(p, M_REG_NUMBER, r->number);
	row_text(p, M_LEVEL, lv);
	row_open(p, M_ORG);
	p_org_link(p, r->org_ent);
	row_close(p);
	row_text(p, M_CORP, r->corp);
	if (r->svc_ent != S_NONE) {
		const cJSON *m;
		row_open(p, M_SVC);
		p_svc_link(p, r->svc_ent);
		was_named(p, s_pick(r->svc, p->lang), json_get(json_get(pr,
		    "service"), "name"));
		row_close(p);
		row_text(p, M_SVC_ID, r->svc_id);
		if (json_get(json_get(pr, "service"), "models")) {
			row_open(p, M_MODEL);
			out_raw(o, "<ul class=\"plain\">");
			cJSON_ArrayForEach(m, json_get(json_get(pr, "service"),
			    "models")) {
				out_raw(o, "<li><strong>");
				out_text(o, json_get_str(m, "model"));
				out_raw(o, "</strong>: ");
				out_text(o, tx(json_get(m, "responsibility"),
				    p->lang));
				out_raw(o, "</li>");
			}
			out_raw(o, "</ul>");
			row_close(p);
		}
		if (r->deploy.n) {
			row_open(p, M_DEPLOY);
			for (size_t i = 0; i < r->deploy.n; i++) {
				if (i)
					out_raw(o, ", ");
				out_text(o, word_deploy(p->lang, r->deploy.v[i]));
			}
			row_close(p);
		}
		if (r->regions.n) {
			row_open(p, M_REGIONS);
			p_list(p, &r->regions);
			row_close(p);
		}
		/* a programme's サービス概要, as last notified */
		if (s_pick(r->summary, p->lang))
			row_text(p, M_SVC_SUMMARY, s_pick(r->summary, p->lang));
		if (s_pick(r->department, p->lang))
			row_text(p, M_CERT_DEPT, s_pick(r->department, p->lang));
		row_firm(p, r);
	}
	if (r->has_validity) {
		row_open(p, M_VALIDITY);
		p_validity(p, r);
		out_raw(o, " <span class=\"note\">");
		out_text(o, L(p->lang, M_JST_DAYS));
		out_raw(o, "</span>");
		row_close(p);
	}
	if (r->supersedes != S_NONE) {
		row_open(p, M_SUPERSEDES);
		p_rec_link(p, &p->s->m.recs[r->supersedes]);
		row_close(p);
	}
}

static void
details_scs(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	struct out *o = &p->o;
	const cJSON *scope = json_get(pr, "scope");
	const cJSON *ex = json_get(pr, "expert");
	const cJSON *md = json_get(pr, "management_declaration");
	const cJSON *cat = json_get(pr, "catalog");
	const char *k = r->scope_kind;

	(void)r;
	if (scope) {
		row_open(p, M_SCOPE);
		if (k)
			out_text(o, L(p->lang, strcmp(k, "group") == 0 ?
			    M_SCOPE_GROUP : strcmp(k, "department") == 0 ?
			    M_SCOPE_DEPARTMENT : M_SCOPE_COMPANY));
		if (tx(json_get(scope, "summary"), p->lang)) {
			out_raw(o, ": ");
			out_text(o, tx(json_get(scope, "summary"), p->lang));
		}
		row_close(p);
	}
	if (ex) {
		row_open(p, M_EXPERT);
		out_text(o, tx(json_get(ex, "name"), p->lang));
		if (tx(json_get(ex, "qualification"), p->lang)) {
			out_raw(o, " (");
			out_text(o, tx(json_get(ex, "qualification"), p->lang));
			out_raw(o, ")");
		}
		row_close(p);
	}
	/* ★3: the day the expert confirmed it; ★4: the day the evaluation
	 * was completed. */
	row_text(p, r->scheme && strcmp(r->scheme, "scs-star4") == 0 ?
	    M_EVALUATED : M_CONFIRMED, json_get_str(pr, "confirmation_date"));
	if (cat) {
		row_open(p, M_CATALOG);
		out_raw(o, "<code>");
		out_text(o, json_get_str(cat, "id"));
		out_raw(o, "</code> ");
		out_text(o, json_get_str(cat, "version"));
		row_close(p);
	}
	if (md) {
		row_open(p, M_DECLARATION);
		out_raw(o, "<blockquote><p>");
		out_text(o, tx(json_get(md, "text"), p->lang));
		out_raw(o, "</p><footer>");
		out_text(o, tx(json_get(md, "title"), p->lang));
		out_raw(o, " ");
		out_text(o, tx(json_get(md, "name"), p->lang));
		out_raw(o, " (");
		out_text(o, json_get_str(md, "date"));
		out_raw(o, ")</footer></blockquote>");
		row_close(p);
	}
}

static void
details_status(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	struct out *o = &p->o;
	const cJSON *c = json_get(pr, "correction");

	row_text(p, M_ACTION, word_action(p->lang, r->action));
	row_open(p, M_TARGET);
	if (r->target != S_NONE) {
		const struct s_rec *t = &p->s->m.recs[r->target];
		p_rec_link(p, t);
		out_raw(o, " ");
		p_state(p, t);
	} else {
		out_text(o, json_get_str(pr, "target"));
	}
	row_close(p);
	row_open(p, M_REASON_CODE);
	p_reason(p, r->reason_code);
	row_close(p);
	row_text(p, M_WHY, s_pick(r->reason, p->lang));
	row_open(p, M_EFFECTIVE);
	out_time(o, r->effective);
	row_close(p);
	if (json_get_str(pr, "superseded_by")) {
		row_open(p, M_SUPERSEDED_BY);
		out_raw(o, "<code>");
		out_text(o, json_get_str(pr, "superseded_by"));
		out_raw(o, "</code>");
		row_close(p);
	}
	if (r->deadline) {
		row_open(p, M_DEADLINE);
		out_time(o, r->deadline);
		row_close(p);
	}
	if (r->cites != S_NONE && json_get_str(pr, "cites")) {
		row_open(p, M_CITES);
		p_rec_link(p, &p->s->m.recs[r->cites]);
		row_close(p);
	}
	if (json_get_str(pr, "result")) {
		row_open(p, M_SURV_RESULT);
		out_text(o, L(p->lang, strcmp(json_get_str(pr, "result"),
		    "findings") == 0 ? M_RESULT_FINDINGS : M_RESULT_NONE));
		row_close(p);
	}
	if (c) {
		row_open(p, M_ACT_CORRECT);
		out_raw(o, "<code>");
		out_text(o, json_get_str(c, "field"));
		out_raw(o, "</code> = ");
		out_text(o, json_get_str(c, "value"));
		row_close(p);
	}
}

static void
details_signer(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	struct out *o = &p->o;
	const cJSON *q, *firm = json_get(pr, "audit_firm");

	row_open(p, M_PERSON);
	p_signer_link(p, r->signer_ent);
	row_close(p);
	row_open(p, M_ORG);
	p_org_link(p, r->org_ent);
	row_close(p);
	row_text(p, M_CORP, r->corp);
	row_open(p, M_ROLES);
	for (size_t i = 0; i < r->roles.n; i++) {
		if (i)
			out_raw(o, ", ");
		out_text(o, word_role(p->lang, r->roles.v[i]));
	}
	row_close(p);
	row_open(p, M_SCHEMES);
	for (size_t i = 0; i < r->schemes.n; i++) {
		if (i)
			out_raw(o, ", ");
		out_text(o, strcmp(r->schemes.v[i], "*") == 0 ?
		    L(p->lang, M_ALL_SCHEMES) : s_scheme_name(&p->s->m,
		    r->schemes.v[i], p->lang));
	}
	row_close(p);
	if (cJSON_GetArraySize(json_get(pr, "qualifications")) > 0) {
		row_open(p, M_QUALS);
		out_raw(o, "<ul class=\"plain\">");
		cJSON_ArrayForEach(q, json_get(pr, "qualifications")) {
			out_raw(o, "<li>");
			out_text(o, tx(json_get(q, "name"), p->lang));
			if (json_get_str(q, "number")) {
				out_raw(o, " (");
				out_text(o, json_get_str(q, "number"));
				out_raw(o, ")");
			}
			out_raw(o, "</li>");
		}
		out_raw(o, "</ul>");
		row_close(p);
	}
	if (firm) {
		row_open(p, M_FIRM);
		out_text(o, tx(json_get(firm, "name"), p->lang));
		if (json_get_str(firm, "selection_id")) {
			out_raw(o, " (<code>");
			out_text(o, json_get_str(firm, "selection_id"));
			out_raw(o, "</code>)");
		}
		row_close(p);
	}
	row_open(p, M_ACC_VALID);
	out_time(o, r->vfrom);
	out_raw(o, " – ");
	out_time(o, r->vuntil);
	row_close(p);
	row_open(p, M_KEYID);
	out_raw(o, "<code class=\"id\">");
	out_text(o, r->keyid);
	out_raw(o, "</code>");
	row_close(p);
}

static void
details_root(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	struct out *o = &p->o;
	const cJSON *k;
	int64_t th;

	row_open(p, M_ROOT_VERSION);
	out_rawf(o, "%d", r->root_version);
	row_close(p);
	row_open(p, M_ROOT_EXPIRES);
	out_time(o, r->root_expires);
	row_close(p);
	if (json_get_int(&th, pr, "threshold") == 0) {
		row_open(p, M_THRESHOLD);
		out_rawf(o, "%lld", (long long)th);
		row_close(p);
	}
	row_open(p, M_OPERATOR_KEYS);
	out_raw(o, "<ul class=\"plain\">");
	cJSON_ArrayForEach(k, json_get(pr, "operator_keys")) {
		out_raw(o, "<li><code class=\"id\">");
		out_text(o, json_get_str(k, "keyid"));
		out_raw(o, "</code></li>");
	}
	out_raw(o, "</ul>");
	row_close(p);
	row_open(p, M_LOG_VKEY);
	out_raw(o, "<code class=\"id\">");
	out_text(o, json_get_str(json_get(pr, "log_key"), "keyid"));
	out_raw(o, "</code>");
	row_close(p);
}

/* --- signers ----------------------------------------------------------- */

static void
signers(struct page *p, const struct s_rec *r, const struct dsse_envelope *env)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	static const enum site_msg cols[] = { M_ROLE, M_NAME, M_ORG, M_KEYID,
		M_ACCREDITATION };

	section_open(p, "signers", M_SIGNERS_OF);
	out_raw(o, "<div class=\"table-wrap\">\n<table>\n<thead><tr>");
	for (size_t i = 0; i < (r->nsigners ? 5u : 2u); i++) {
		out_raw(o, "<th scope=\"col\">");
		out_text(o, L(l, i < 1 || r->nsigners ? cols[i] : M_KEYID));
		out_raw(o, "</th>");
	}
	out_raw(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->nsigners; i++) {
		const struct s_signer *d = &r->signers[i];
		const struct s_rec *a = d->acc != S_NONE ?
		    &p->s->m.recs[d->acc] : NULL;
		out_raw(o, "<tr><td>");
		/* (a certification's auditor is its scheme's secretariat) */
		out_text(o, d->role && strcmp(d->role, "auditor") == 0 &&
		    s_is_cert(&p->s->m, r) && s_cert_body(&p->s->m, r, l) ?
		    s_cert_body(&p->s->m, r, l) : word_role(l, d->role));
		out_raw(o, "</td><td>");
		if (d->ent != S_NONE)
			p_signer_link(p, d->ent);
		else
			out_text(o, s_pick(d->name, l));
		out_raw(o, "</td><td>");
		if (a)
			p_org_link(p, a->org_ent);
		out_raw(o, "</td><td><code class=\"id\">");
		out_text(o, d->keyid);
		out_raw(o, "</code></td><td>");
		if (a) {
			out_raw(o, "<a ");
			p_href(p, "r/%s.html", S_HEX(a));
			out_raw(o, ">");
			out_text(o, L(l, M_ACCREDITATION));
			out_raw(o, "</a> ");
			out_time(o, a->vfrom);
			out_raw(o, " – ");
			out_time(o, a->vuntil);
		} else {
			out_text(o, L(l, M_NOT_ACCREDITED));
		}
		out_raw(o, "</td></tr>\n");
	}
	if (r->nsigners == 0)
		for (size_t i = 0; i < env->nsigs; i++) {
			out_raw(o, "<tr><td>");
			out_text(o, word_role(l, "operator"));
			out_raw(o, "</td><td><code class=\"id\">");
			out_text(o, env->sigs[i].keyid ? env->sigs[i].keyid : "");
			out_raw(o, "</code></td></tr>\n");
		}
	out_raw(o, "</tbody>\n</table>\n</div>\n");
	section_close(p);
}

/* --- history and relations --------------------------------------------- */

struct event {
	int64_t t;
	size_t rec;
	int what;       /* 0 registered, 1 status, 2 superseded, 3 renewal */
};

static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static void
history(struct page *p, const struct s_rec *r)
{
	struct s_model *m = &p->s->m;
	struct out *o = &p->o;
	struct event *ev;
	size_t f1, n1, f2, n2, n3 = 0, k = 0;
	const struct s_svc *svc = r->svc_ent != S_NONE ?
	    &m->svcs[r->svc_ent] : NULL;

	s_edges(m, SE_STATUS, r->leaf, &f1, &n1);
	s_edges(m, SE_SUPERSEDED, r->leaf, &f2, &n2);
	if (svc)
		n3 = svc->n;
	if ((ev = calloc(1 + n1 + n2 + n3, sizeof(*ev))) == NULL) {
		o->rc = ink_error(INK_EINPUT, "out of memory");
		return;
	}
	ev[k++] = (struct event){ r->integrated, r->leaf, 0 };
	for (size_t i = 0; i < n1; i++) {
		const struct s_rec *s = &m->recs[m->edges[SE_STATUS].v[f1 + i].from];
		ev[k++] = (struct event){ s->effective, s->leaf, 1 };
	}
	for (size_t i = 0; i < n2; i++) {
		const struct s_rec *s =
		    &m->recs[m->edges[SE_SUPERSEDED].v[f2 + i].from];
		ev[k++] = (struct event){ s->integrated, s->leaf, 2 };
	}
	for (size_t i = 0; i < n3; i++) {
		const struct s_rec *s = &m->recs[m->svc_recs[svc->first + i]];
		if (s->leaf != r->leaf && s->supersedes != r->leaf)
			ev[k++] = (struct event){ s->integrated, s->leaf, 3 };
	}
	qsort(ev, k, sizeof(*ev), event_cmp);
	section_open(p, "history", M_HISTORY);
	out_raw(o, "<table>\n<thead><tr><th scope=\"col\">");
	out_text(o, L(p->lang, M_DATE));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(p->lang, M_EVENT));
	out_raw(o, "</th><th scope=\"col\">");
	out_text(o, L(p->lang, M_RECORD));
	out_raw(o, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < k; i++) {
		const struct s_rec *s = &m->recs[ev[i].rec];
		out_raw(o, "<tr><td>");
		out_time(o, ev[i].t);
		out_raw(o, "</td><td>");
		switch (ev[i].what) {
		case 0:
			out_text(o, L(p->lang, M_EV_REGISTERED));
			out_rawf(o, " (%s %zu)", L(p->lang, M_LOG_INDEX), s->leaf);
			break;
		case 1:
			out_text(o, word_action(p->lang, s->action));
			if (s->reason_code) {
				out_raw(o, " ");
				p_reason(p, s->reason_code);
			}
			if (s_pick(s->reason, p->lang)) {
				out_raw(o, ": ");
				out_text(o, s_pick(s->reason, p->lang));
			}
			break;
		case 2:
			out_text(o, L(p->lang, M_EV_SUPERSEDED));
			break;
		default:
			out_text(o, L(p->lang, M_EV_RENEWAL));
			break;
		}
		out_raw(o, "</td><td>");
		if (ev[i].what == 0)
			out_rawf(o, "<code>%.16s…</code>", S_HEX(s));
		else
			p_rec_link(p, s);
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table>\n");
	section_close(p);
	free(ev);
}

static void
rec_item(struct page *p, const struct s_rec *t)
{
	out_raw(&p->o, "<li>");
	p_rec_link(p, t);
	if (t->org_ent != S_NONE) {
		out_raw(&p->o, " — ");
		p_org_link(p, t->org_ent);
	}
	out_raw(&p->o, " ");
	p_state(p, t);
	out_raw(&p->o, "</li>\n");
}

static void
relations(struct page *p, const struct s_rec *r)
{
	struct s_model *m = &p->s->m;
	size_t f, n;

	s_edges(m, SE_DEPENDANT, r->leaf, &f, &n);
	if (r->nbuilt_on == 0 && n == 0)
		return;
	if (r->nbuilt_on) {
		section_open(p, "built-on", M_BUILT_ON);
		out_raw(&p->o, "<ul>\n");
		for (size_t i = 0; i < r->nbuilt_on; i++)
			rec_item(p, &m->recs[r->built_on[i]]);
		out_raw(&p->o, "</ul>\n");
		section_close(p);
	}
	if (n) {
		section_open(p, "dependants", M_DEPENDANTS);
		out_raw(&p->o, "<ul>\n");
		for (size_t i = 0; i < n; i++)
			rec_item(p, &m->recs[m->edges[SE_DEPENDANT].v[f + i].from]);
		out_raw(&p->o, "</ul>\n");
		section_close(p);
	}
}

/* --- ★ results --------------------------------------------------------- */

static cJSON *pinned_locked(struct site *s, const char *path);

/* A catalogue pinned in the registry, kept for the whole build. */
static const cJSON *
pinned_catalog(struct site *s, const char *id, const char *version)
{
	char path[512];
	cJSON *c;

	if (id == NULL || strchr(id, '/') || (version && strchr(version, '/')))
		return NULL;
	snprintf(path, sizeof(path), "catalogs/%s@%s.json", id,
	    version ? version : "unversioned");
	pthread_mutex_lock(&s->lock);
	c = pinned_locked(s, path);
	pthread_mutex_unlock(&s->lock);
	return c;
}

/* Under s->lock: the cached catalogue, read on first use; it stays until
 * the build ends. */
static cJSON *
pinned_locked(struct site *s, const char *path)
{
	struct buf b;
	cJSON *c = NULL;

	for (size_t i = 0; i < s->ncats; i++)
		if (strcmp(s->cat_keys[i], path) == 0)
			return s->cats[i];
	if (reg_read_file(reg_worker(&s->w), path, INK_MAX_JSON, &b) == 0) {
		if (json_parse(&c, (const char *)b.data, b.len, path) != 0)
			c = NULL;
		buf_release(&b);
	}
	ink_error_clear();
	{
		cJSON **v = realloc(s->cats, (s->ncats + 1) * sizeof(*v));
		char **k;
		if (v == NULL) {
			cJSON_Delete(c);
			return NULL;
		}
		s->cats = v;
		if ((k = realloc(s->cat_keys, (s->ncats + 1) * sizeof(*k))) ==
		    NULL) {
			cJSON_Delete(c);
			return NULL;
		}
		s->cat_keys = k;
		if ((k[s->ncats] = strdup(path)) == NULL) {
			cJSON_Delete(c);
			return NULL;
		}
		v[s->ncats++] = c;
	}
	return c;
}

static void
scs_results(struct page *p, const cJSON *pr)
{
	const cJSON *res = json_get(pr, "results"), *cat = json_get(pr,
	    "catalog");
	const cJSON *c = pinned_catalog(p->s, json_get_str(cat, "id"),
	    json_get_str(cat, "version"));
	const char *ov = json_get_str(res, "overall");

	if (res == NULL)
		return;
	section_open(p, "results", M_RESULTS_SCS);
	if (ov) {
		out_raw(&p->o, "<p>");
		out_text(&p->o, L(p->lang, M_OVERALL));
		out_raw(&p->o, ": <strong>");
		out_text(&p->o, strcmp(ov, "conformant") == 0 ?
		    L(p->lang, M_CONFORMANT) : ov);
		out_raw(&p->o, "</strong></p>\n");
	}
	svg_scs(p, json_get(res, "categories"), c);
	section_close(p);
}

/* --- verify it yourself, QR, data -------------------------------------- */

static void
yourself(struct page *p, const struct s_rec *r)
{
	struct out *o = &p->o;
	const char *l = p->lang;
	const struct site_opts *opt = p->s->o;
	char qr[2048];

	section_open(p, "yourself", M_VERIFY_YOURSELF);
	out_raw(o, "<p>");
	out_text(o, L(l, M_VY_INTRO));
	out_raw(o, "</p>\n<ol>\n<li>");
	out_text(o, L(l, M_VY_CLONE));
	out_raw(o, "<pre><code>git clone ");
	out_text(o, opt->clone_url ? opt->clone_url : L(l, M_REGISTRY_URL));
	out_raw(o, " registry</code></pre></li>\n<li>");
	out_text(o, L(l, M_VY_FETCH));
	out_raw(o, ": <a ");
	p_href_root(p, "api/envelopes/%s.dsse.json", S_HEX(r));
	out_rawf(o, " download><code>%.16s….dsse.json</code></a></li>\n<li>",
	    S_HEX(r));
	out_text(o, L(l, M_VY_CHECK));
	out_rawf(o, "<pre><code>inkan verify %s.dsse.json --registry registry\n"
	    "inkan registry proof registry %s</code></pre></li>\n<li><a ",
	    S_HEX(r), r->id);
	p_href(p, "verify.html");
	out_raw(o, ">");
	out_text(o, L(l, M_VY_BROWSER));
	out_raw(o, "</a></li>\n</ol>\n");
	if (opt->base_url)
		snprintf(qr, sizeof(qr), "%s%s%s/r/%s.html", opt->base_url,
		    opt->base_url[strlen(opt->base_url) - 1] == '/' ? "" : "/",
		    l, S_HEX(r));
	else
		snprintf(qr, sizeof(qr), "%s", r->id);
	out_raw(o, "<figure class=\"qr\">\n");
	svg_qr(p, qr);
	out_raw(o, "<figcaption>");
	out_text(o, L(l, opt->base_url ? M_QR : M_QR_ID));
	out_raw(o, ": <code class=\"id\">");
	out_text(o, qr);
	out_raw(o, "</code></figcaption>\n</figure>\n");
	section_close(p);

	section_open(p, "data", M_DATA);
	out_raw(o, "<ul>\n<li><a ");
	p_href_root(p, "api/records/%s.json", S_HEX(r));
	out_raw(o, ">");
	out_text(o, L(l, M_JSON));
	out_raw(o, "</a></li>\n<li><a ");
	p_href_root(p, "api/envelopes/%s.dsse.json", S_HEX(r));
	out_raw(o, ">");
	out_text(o, L(l, M_ENVELOPE));
	out_raw(o, "</a></li>\n</ul>\n");
	section_close(p);
}

/* --- the pages --------------------------------------------------------- */

static int
record_page(struct site *s, const struct s_rec *r, const char *lang,
    const struct dsse_envelope *env, const struct statement *st, int soc3)
{
	struct page p;
	struct out *o = &p.o;
	const cJSON *pr = st ? st->predicate : NULL;
	char title[1300];

	page_open(&p, s, lang, "r/%s.html", S_HEX(r));
	state_title(title, sizeof(title), r, rec_title(s, r, lang), lang);
	page_head(&p, title, s_is_entry(r) ? SEC_REGISTER : SEC_NONE, 0);
	p_status_first(&p, r, 1);
	out_raw(o, "<p class=\"lead\">");
	out_text(o, s_is_cert(&s->m, r) ? L(lang, M_CERT_KIND) :
	    word_kind(lang, r->kind));
	if (r->scheme) {
		const char *lv = s_level_name(&s->m, r, lang);
		out_raw(o, " · ");
		out_text(o, s_scheme_name(&s->m, r->scheme, lang));
		if (lv && r->kind != SK_SCS) {
			out_raw(o, " ");
			out_text(o, lv);
		}
	}
	out_raw(o, "</p>\n");
	verification(&p, r);
	section_open(&p, "details", M_DETAILS);
	out_raw(o, "<table class=\"details\">\n<tbody>\n");
	details_common(&p, r);
	if (pr) {
		switch (r->kind) {
		case SK_AUDIT:
			details_subject(&p, r, pr);
			break;
		case SK_SCS:
			details_subject(&p, r, pr);
			details_scs(&p, r, pr);
			break;
		case SK_STATUS: details_status(&p, r, pr); break;
		case SK_SIGNER: details_signer(&p, r, pr); break;
		case SK_ROOT: details_root(&p, r, pr); break;
		default: break;
		}
	}
	out_raw(o, "</tbody>\n</table>\n");
	if (soc3 || r->kind == SK_AUDIT) {
		out_raw(o, "<ul class=\"actions\">\n");
		if (soc3) {
			out_raw(o, "<li><a ");
			p_href(&p, "soc3/%s.html", S_HEX(r));
			out_raw(o, ">");
			out_text(o, L(lang, s_is_cert(&s->m, r) ?
			    M_CERT_SUMMARY : M_SOC3));
			out_raw(o, "</a></li>\n");
		}
		if (r->kind == SK_AUDIT) {
			out_raw(o, "<li><a ");
			p_href(&p, "compare.html?ids=%s", S_HEX(r));
			out_raw(o, ">");
			out_text(o, L(lang, M_COMPARE_THIS));
			out_raw(o, "</a></li>\n");
		}
		out_raw(o, "</ul>\n");
	}
	section_close(&p);
	if (pr && s_is_cert(&s->m, r))
		prerequisites(&p, r, pr);
	if (r->kind == SK_SCS && pr)
		scs_results(&p, pr);
	if (env)
		signers(&p, r, env);
	if (s_is_entry(r) || r->kind == SK_SIGNER)
		history(&p, r);
	relations(&p, r);
	yourself(&p, r);
	return page_close(&p);
}

/* A prerequisite's record and its state now, or that it is not here. */
static void
prereq_row(struct page *p, enum site_msg label, const struct s_rec *x)
{
	struct out *o = &p->o;

	row_open(p, label);
	if (x) {
		p_rec_link(p, x);
		out_raw(o, " (");
		out_text(o, word_state(p->lang, x->has_state ? (int)x->state :
		    -1));
		out_raw(o, ")");
	} else {
		out_text(o, L(p->lang, M_PREREQ_NONE));
	}
	row_close(p);
}

/* A certification's prerequisites (seed 003), linked to the registry's
 * own records: the service's newest registration under the listing
 * programme, the ★4 the record names, and the ISMS certificate it
 * declares.  The registry decides whether they hold (the status above);
 * this shows where to look. */
static void
prerequisites(struct page *p, const struct s_rec *r, const cJSON *pr)
{
	const struct s_model *m = &p->s->m;
	const cJSON *pq = json_get(json_get(pr, "certification"),
	    "prerequisites"), *isms = json_get(pq, "isms");
	const char *fam = json_get_str(json_get(s_scheme(m, r->scheme),
	    "prerequisites"), "listing_family");
	const struct s_rec *listing = NULL, *scs = r->prereq_scs != S_NONE ?
	    &m->recs[r->prereq_scs] : NULL;
	struct out *o = &p->o;

	if (r->svc_ent != S_NONE && fam) {
		const struct s_svc *v = &m->svcs[r->svc_ent];
		for (size_t i = 0; i < v->n; i++) {
			const struct s_rec *x = &m->recs[m->svc_recs[v->first +
			    i]];
			const char *f = json_get_str(s_scheme(m, x->scheme),
			    "family");
			if (x != r && f && strcmp(f, fam) == 0 &&
			    (listing == NULL || x->leaf > listing->leaf))
				listing = x;
		}
	}
	if (scs && scs->kind != SK_SCS)
		scs = NULL;
	section_open(p, "prerequisites", M_PREREQS);
	out_raw(o, "<table class=\"details\">\n<tbody>\n");
	prereq_row(p, M_PREREQ_LISTING, listing);
	prereq_row(p, M_PREREQ_SCS, scs);
	row_open(p, M_PREREQ_ISMS);
	out_text(o, json_get_str(isms, "certificate_number"));
	out_raw(o, " (");
	out_text(o, L(p->lang, M_UNTIL_DAY));
	out_raw(o, " ");
	out_text(o, json_get_str(isms, "valid_until"));
	out_raw(o, ")");
	row_close(p);
	out_raw(o, "</tbody>\n</table>\n");
	section_close(p);
}

/* The SOC 3 summary of an audit record: the page's own title and a
 * status line (the site's verification, where the summary made from a
 * file says its signatures were not checked), then the summary's
 * sections written into the page.  1 when there is no summary. */
static int
soc3_page(struct site *s, const struct s_rec *r, const char *lang,
    const struct statement *st)
{
	struct page p;
	char title[1300];
	int rc;

	page_open(&p, s, lang, "soc3/%s.html", S_HEX(r));
	{
		char t[1100];
		snprintf(t, sizeof(t), "%s: %s", L(lang, s_is_cert(&s->m,
		    r) ? M_CERT_SUMMARY : M_SOC3_OF), rec_title(s, r, lang));
		state_title(title, sizeof(title), r, t, lang);
	}
	page_head(&p, title, SEC_REGISTER, 0);
	p_status_first(&p, r, 1);
	out_raw(&p.o, "<p class=\"lead\">");
	out_text(&p.o, L(lang, s_is_cert(&s->m, r) ? M_CERT_NOTE :
	    M_SOC3_NOTE));
	out_raw(&p.o, " <a ");
	p_href(&p, "r/%s.html", S_HEX(r));
	out_raw(&p.o, ">");
	out_text(&p.o, L(lang, M_BACK_RECORD));
	out_raw(&p.o, "</a></p>\n<div class=\"summary\">\n");
	/* one_record has checked the rules (summary_render's refusal). */
	if (p.o.rc == 0 && (rc = summary_render_body(&p.o.b, st->root, r->id,
	    SUMMARY_HTML, lang, SUMMARY_PAGE, reg_catalogs(reg_worker(&s->w)))) != 0) {
		/* No summary (a catalogue that cannot be read): no page. */
		ink_error_clear();
		out_release(&p.o);
		return 1;
	}
	out_raw(&p.o, "</div>\n");
	return page_close(&p) != 0 ? -1 : 0;
}

static int
one_record(struct site *s, const struct s_rec *r)
{
	struct dsse_envelope env = DSSE_ENVELOPE_INIT;
	struct statement st = STATEMENT_INIT;
	struct buf raw = BUF_INIT(0);
	int have = 0, soc3 = 0, skip, rc;
	static const char *const langs[] = { "ja", "en" };
	unsigned char d[CACHE_DIGEST];
	char key[80];

	snprintf(key, sizeof(key), "r/%s", S_HEX(r));
	digest_record(s, (size_t)(r - s->m.recs), d);
	if ((rc = group_skip(s, key, d, &skip)) != 0 || skip)
		return rc;

	/* Read again by the path the model kept (the registry checked then
	 * that it holds this record; the id is checked once more here). */
	if (reg_read_file(reg_worker(&s->w), r->path, INK_MAX_ENVELOPE,
	    &raw) == 0 &&
	    dsse_envelope_parse(&env, (const char *)raw.data, raw.len) == 0 &&
	    statement_parse(&st, env.payload, env.payload_len, NULL) == 0) {
		char id[RECORD_ID_LEN];
		record_id(id, env.payload, env.payload_len);
		have = strcmp(id, r->id) == 0;
	}
	ink_error_clear();
	if (have && r->kind == SK_AUDIT) {
		/* A record that breaks the rules gets no summary (as
		 * summary_render): checked once for both languages. */
		struct problems probs = PROBLEMS_INIT;
		audit_check_in(st.root, reg_catalogs(reg_worker(&s->w)), &probs);
		soc3 = probs.n == 0 && probs.code == 0;
		problems_release(&probs);
		ink_error_clear();
	}
	if (soc3) {
		for (int i = 0; i < 2 && soc3 == 1; i++)
			if ((rc = soc3_page(s, r, langs[i], &st)) < 0)
				goto cleanup;
			else if (rc > 0)
				soc3 = 0;
	}
	for (int i = 0; i < 2; i++)
		if ((rc = record_page(s, r, langs[i], have ? &env : NULL,
		    have ? &st : NULL, soc3)) != 0)
			goto cleanup;
	rc = api_record(s, r, have ? &raw : NULL, have ? &st : NULL, soc3);
cleanup:
	rc = group_done(s, rc);
	statement_release(&st);
	dsse_envelope_release(&env);
	buf_release(&raw);
	return rc;
}

/* Record pages are written by site_threads() threads, each taking the
 * next record and reading through its own registry handle; the bytes of
 * every file are the same whichever thread writes it. */
static int
record_page_job(void *ctx, unsigned t, size_t i)
{
	struct site *s = ctx;
	int rc;

	(void)t;
	rc = one_record(s, &s->m.recs[i]);
	pthread_mutex_lock(&s->lock);
	size_t done = ++s->pages_done;
	if (s->o->progress && ((done & 255) == 0 || done == s->m.n))
		s->o->progress(s->o->progress_arg, "pages", done, s->m.n);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int
pages_records(struct site *s)
{
	struct pool_for_job job = { s->m.n, record_page_job, site_thread_end,
		s };

	s->pages_done = 0;
	return pool_for(&job, s->w.n);
}
