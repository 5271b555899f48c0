/*
 * `inkan new scs`: the commented draft of an SCS assessment.
 */
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "kinds/scs_catalogs.h"
#include "kinds/kind.h"
#include "kinds/scs.h"
#include "kinds/scs_template.h"

/* At most max bytes of s on one comment line, cut on a UTF-8 boundary,
 * line breaks as spaces. */
static int
comment_text(struct buf *out, const char *s, size_t max)
{
	size_t n = strlen(s);
	int rc = 0;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = buf_addc(out, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	if (rc == 0 && n < strlen(s))
		rc = buf_adds(out, "…");
	return rc;
}

static int
quoted(struct buf *out, const char *s)
{
	return json_quote(out, s ? s : "");
}

static int
requirements(struct buf *out, const cJSON *cat)
{
	struct scs_reqs reqs = SCS_REQS_INIT;
	int rc;

	if ((rc = scs_catalog_reqs(&reqs, cat)) != 0)
		return rc;
	for (size_t k = 0; k < reqs.n && rc == 0; k++) {
		const cJSON *c, *crit = json_get(reqs.v[k].node, "criteria");
		rc = buf_adds(out, "      // ");
		if (rc == 0)
			rc = buf_addf(out, "%s ", reqs.v[k].id);
		if (rc == 0)
			rc = comment_text(out, scs_ja(reqs.v[k].node, "title"), 120);
		if (rc == 0)
			rc = buf_adds(out, "\n      {\"id\": ");
		if (rc == 0)
			rc = quoted(out, reqs.v[k].id);
		if (rc == 0)
			rc = buf_adds(out, ", \"answer\": \"\", \"comment\": \"\", "
			    "\"procedures\": [],\n       \"result\": \"\", "
			    "\"expert_comment\": \"\",\n       \"criteria\": [\n");
		cJSON_ArrayForEach(c, crit) {
			if (rc == 0)
				rc = buf_adds(out, "         {\"id\": ");
			if (rc == 0)
				rc = quoted(out, json_get_str(c, "id"));
			if (rc == 0)
				rc = buf_addf(out, ", \"met\": null}%s // ",
				    c->next ? "," : "");
			if (rc == 0 && cJSON_IsTrue(json_get(c, "placeholder")))
				rc = buf_adds(out, "[placeholder] ");
			if (rc == 0)
				rc = comment_text(out, scs_ja(c, "text"), 90);
			if (rc == 0)
				rc = buf_addc(out, '\n');
		}
		if (rc == 0)
			rc = buf_addf(out, "       ]}%s\n", k + 1 < reqs.n ? "," :
			    "");
	}
	scs_reqs_release(&reqs);
	return rc;
}

int
scs_draft_template(struct buf *out, const cJSON *cat, int level)
{
	const char *scheme = level == 4 ? "scs-star4" : "scs-star3";
	int complete = cJSON_IsTrue(json_get(cat, "complete"));
	int rc;

	rc = buf_addf(out,
"// An SCS ★%d assessment (%s).\n"
"// Fill it in and check it with: inkan scs check DRAFT\n"
"// and have it signed, %s first, then management:\n"
"//   inkan sign DRAFT --key %s.key --role %s -o DRAFT.dsse.json\n"
"//   inkan sign DRAFT.dsse.json --key management.key --role management\n"
"// The per-requirement results and the improvement plan are confidential:\n"
"// inkan sign keeps them in a private disclosure bundle beside the\n"
"// envelope and the record carries only their salted digests, the counts\n"
"// per major category and the overall result.\n",
	    level == 4 ? 4 : 3, level == 4 ? "第三者評価" :
	    "専門家確認付き自己評価",
	    level == 4 ? "the evaluator" : "the security expert",
	    level == 4 ? "evaluator" : "expert",
	    level == 4 ? "auditor" : "expert");
	if (rc == 0 && !complete)
		rc = buf_addf(out,
"// NOTE: catalogue '%s' %s is not complete (it has placeholders,\n"
"// not the official texts) and inkan sign refuses it.  Import the\n"
"// official criteria list with 'inkan scs catalog import' and name\n"
"// that catalogue below.\n",
		    json_get_str(cat, "id"), json_get_str(cat, "version"));
	if (rc == 0)
		rc = buf_adds(out, "{\n"
"  \"predicateType\": \"" KIND_SCS_TYPE "\",\n"
"  // The filled assessment sheet (and any other document: the improvement\n"
"  // plan as sent, evidence) is bound to the record by its SHA-256;\n"
"  // \"file\" is relative to this draft and replaced by its digest.\n"
"  \"subject\": [{\"name\": \"assessment-sheet.csv\", \"file\": "
"\"assessment-sheet.csv\"}],\n"
"  \"predicate\": {\n");
	if (rc == 0)
		rc = buf_addf(out, "    \"scheme\": \"%s\",\n    \"level\": %d,\n",
		    scheme, level == 4 ? 4 : 3);
	if (rc == 0)
		rc = buf_adds(out, "    // The catalogue assessed against: id and version.\n"
		    "    \"catalog\": {\"id\": ");
	if (rc == 0)
		rc = quoted(out, json_get_str(cat, "id"));
	if (rc == 0)
		rc = buf_adds(out, ", \"version\": ");
	if (rc == 0)
		rc = quoted(out, json_get_str(cat, "version"));
	if (rc == 0)
		rc = buf_adds(out, "},\n"
"    // The assessed organisation and its 13-digit corporate number\n"
"    // (法人番号).\n"
"    \"organisation\": {\"name\": \"\", \"corporate_number\": \"\"},\n"
"    // What the assessment covers: kind is group, company or department.\n"
"    \"scope\": {\"kind\": \"company\", \"summary\": \"\"},\n");
	if (rc == 0 && level == 4)
		rc = buf_adds(out,
"    // The third-party evaluator (評価機関) who concluded the evaluation.\n"
"    \"evaluator\": {\"name\": \"\", \"organisation\": \"\", "
"\"qualification\": \"\",\n"
"                  \"registration_number\": \"\"},\n");
	else if (rc == 0)
		rc = buf_adds(out,
"    // The security expert (セキュリティ専門家) who confirmed the\n"
"    // self-assessment: qualification, and registration number of the\n"
"    // scheme's training.\n"
"    \"expert\": {\"name\": \"\", \"qualification\": \"\", "
"\"registration_number\": \"\"},\n");
	if (rc == 0)
		rc = buf_addf(out,
"    // Management's self-conformity declaration (自己適合宣言), made\n"
"    // once the expert has confirmed: for ★3 not dated before\n"
"    // confirmation_date.\n"
"    \"management_declaration\": {\n"
"      \"name\": \"\", \"title\": \"代表取締役\", \"date\": \"YYYY-MM-DD\",\n"
"      \"text\": \"当社は、サプライチェーン強化に向けたセキュリティ対策評価制度"
"★%dの要求事項に基づく評価の結果が事実に基づくものであり、要求事項に適合して"
"いることを宣言します。\"\n"
"    },\n"
"    // The day the result was confirmed (%s);\n"
"    // the record stays current for %s from this day (the window is\n"
"    // computed, never typed).\n"
"    \"confirmation_date\": \"YYYY-MM-DD\",\n"
"    // Who signs: the key ids come from 'inkan keys id FILE.pub'.\n"
"    \"signers\": [\n"
"      {\"role\": \"%s\", \"keyid\": \"\", \"name\": \"\"},\n"
"      {\"role\": \"management\", \"keyid\": \"\", \"name\": \"\"}\n"
"    ],\n"
"    // One result per requirement (confidential).\n"
"    // answer (回答): %s;\n"
"    // comment: the organisation's;\n"
"    // procedures (評価手続): any of %s;\n",
		    level == 4 ? 4 : 3, level == 4 ? "the evaluator's conclusion" :
		    "the expert agreed to what is submitted",
		    level == 4 ? "3 years" : "1 year",
		    level == 4 ? "auditor" : "expert",
		    scs_word_list(scs_answers, ", "),
		    scs_word_list(scs_procedures, ", "));
	if (rc == 0)
		rc = buf_addf(out,
"    // result (評価結果): %s, with expert_comment (a reason\n"
"    // is required for 対象外); criteria: met true (満たす), false\n"
"    // (満たさない) or null.  A requirement is 適合 only if every one of\n"
"    // its criteria is met.\n"
"    \"requirements\": [\n",
		    scs_word_list(scs_results, ", "));
	if (rc == 0)
		rc = requirements(out, cat);
	if (rc == 0)
		rc = buf_adds(out,
"    ],\n"
"    // The improvement plan (改善計画書): inkan scs plan DRAFT renders it.\n"
"    // Leave it out when there is none.\n"
"    \"improvement_plan\": {\n"
"      \"date\": \"YYYY-MM-DD\",\n"
"      \"company\": \"\",\n"
"      \"responsible\": {\"title\": \"\", \"name\": \"\"},\n"
"      \"expert\": \"\",\n"
"      \"meetings\": [\n"
"        {\"date\": \"YYYY-MM-DD\", \"time\": \"14:00-17:00\", "
"\"attendees\": [\"\"]}\n"
"      ],\n"
"      // The expert's overall evaluation (評価結果, 専門家が記入).\n"
"      \"evaluation\": \"\",\n"
"      // What is to be improved and by when (YYYY-MM-DD or YYYY-MM).\n"
"      \"items\": [\n"
"        {\"content\": \"\", \"target\": \"YYYY-MM\"}\n"
"      ]\n"
"    }\n"
"  }\n"
"}\n");
	return rc;
}

int
scs_new_draft(struct buf *out, int level)
{
	cJSON *schemes = NULL, *cat = NULL;
	const char *cid;
	char id[16];
	int rc;

	if (level == 0)
		level = 3;
	if (level != 3 && level != 4)
		return ink_error(INK_EINPUT, "scs has levels 3 (★3) and 4 (★4), "
		    "not %d", level);
	snprintf(id, sizeof(id), "scs-star%d", level);
	if ((rc = scheme_doc_load(&schemes)) != 0)
		return rc;
	cid = json_get_str(scheme_find(schemes, id), "catalog");
	if (cid == NULL) {
		rc = ink_error(INK_EINPUT, "scheme '%s' names no catalogue in "
		    "'%s/schemes.json'", id, catalog_dir());
		goto cleanup;
	}
	if ((rc = scs_catalog_find(&cat, NULL, cid, NULL)) != 0)
		goto cleanup;
	rc = scs_draft_template(out, cat, level);
cleanup:
	cJSON_Delete(schemes);
	cJSON_Delete(cat);
	return rc;
}
