/*
 * The table of record kinds: the one place that gives each predicate
 * type (kinds/kind.h) its folder, its labels, its draft template and its
 * rules.
 */
#include <string.h>

#include "kinds/audit.h"
#include "kinds/bind.h"
#include "kinds/kind.h"
#include "kinds/scs_assessment.h"
#include "kinds/scs_template.h"

static const struct record_kind kinds[KIND_COUNT] = {
	[KIND_AUDIT] = { KIND_AUDIT, KIND_AUDIT_TYPE,
	    "audit-report", 1, "監査報告書", "Audit report",
	    "audit-report", "an audit of one service (ISMAP-style, SOC 2, ...)",
	    audit_draft_write, audit_prepare, audit_check_in,
	    KIND_SUMMARY_SOC3, bind_audit },
	[KIND_SCS] = { KIND_SCS, KIND_SCS_TYPE,
	    "scs-assessment", 1, "サプライチェーン・セキュリティ評価",
	    "Supply-chain security assessment",
	    "scs", "an SCS ★3 or ★4 assessment (--level 3|4)", scs_new_draft,
	    scs_assessment_prepare, scs_assessment_check_in,
	    KIND_SUMMARY_NONE, bind_scs },
	[KIND_STATUS] = { KIND_STATUS, KIND_STATUS_TYPE,
	    "status", 1, "状態の記録", "Status record",
	    NULL, NULL, NULL, NULL, NULL, KIND_SUMMARY_NONE, NULL },
	[KIND_SIGNER] = { KIND_SIGNER, KIND_SIGNER_TYPE,
	    "signer", 1, "署名者の認定", "Accreditation of a signer",
	    NULL, NULL, NULL, NULL, NULL, KIND_SUMMARY_NONE, NULL },
	[KIND_ROOT] = { KIND_ROOT, KIND_ROOT_TYPE,
	    "root", 0, "トラストルート", "Trust root",
	    NULL, NULL, NULL, NULL, NULL, KIND_SUMMARY_NONE, NULL },
};

const struct record_kind *
kind_at(size_t i)
{
	return i < KIND_COUNT ? &kinds[i] : NULL;
}

const struct record_kind *
kind_by_type(const char *predicate_type)
{
	for (size_t i = 0; predicate_type && i < KIND_COUNT; i++)
		if (strcmp(kinds[i].predicate_type, predicate_type) == 0)
			return &kinds[i];
	return NULL;
}

const struct record_kind *
kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < KIND_COUNT; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const struct record_kind *
kind_by_draft(const char *draft_name)
{
	for (size_t i = 0; draft_name && i < KIND_COUNT; i++)
		if (kinds[i].draft_name &&
		    strcmp(kinds[i].draft_name, draft_name) == 0)
			return &kinds[i];
	return NULL;
}

/* Drafts of a kind in a scheme's own shape, beside the kind's own. */
static const struct kind_draft shaped[] = {
	{ "listing", "a service on the 審査登録 programme's list "
	    "(jp-cyber-list)", audit_list_draft_write },
	{ "certification", "a cybersecurity-service certification "
	    "(jp-cyber-service)", audit_cert_draft_write },
};

const struct kind_draft *
kind_draft_at(size_t i)
{
	static struct kind_draft row;
	size_t n = 0;

	for (size_t k = 0; k < KIND_COUNT; k++)
		if (kinds[k].draft && n++ == i) {
			row = (struct kind_draft){ kinds[k].draft_name,
			    kinds[k].draft_summary, kinds[k].draft };
			return &row;
		}
	i -= n;
	return i < sizeof(shaped) / sizeof(shaped[0]) ? &shaped[i] : NULL;
}

const struct kind_draft *
kind_draft_find(const char *name)
{
	const struct kind_draft *d;

	for (size_t i = 0; name && (d = kind_draft_at(i)) != NULL; i++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

const char *
kind_folder(const char *predicate_type)
{
	const struct record_kind *k = kind_by_type(predicate_type);

	return k && k->in_records ? k->name : NULL;
}

const struct record_kind *
kind_find(const char *predicate_type)
{
	const struct record_kind *k = kind_by_type(predicate_type);

	return k && k->prepare && k->check ? k : NULL;
}

int
kind_bind(const char *predicate_type, const cJSON *pred, const char *role,
    const cJSON *acc, char *why, size_t len)
{
	const struct record_kind *k = kind_by_type(predicate_type);

	return k && k->bind ? k->bind(pred, role, acc, why, len) : 0;
}

const char *
kind_bind_party(const char *predicate_type, const cJSON *pred,
    const char *role)
{
	const struct record_kind *k = kind_by_type(predicate_type);

	return k && k->bind ? bind_party(pred, role) : NULL;
}
