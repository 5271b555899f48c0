/*
 * Statements and predicates of every kind inkan has rules for: the
 * audit-report and SCS assessment checks a verifier runs on signed
 * records (reached through kind_find()), and the draft path of `inkan
 * sign` (comments, shape, the kind's prepare step, canonical payload).
 *
 * Properties:
 *  - the checks never crash, whatever the tree (they are also run on
 *    trees whose predicateType names another kind);
 *  - a draft that sign_draft_payload() accepts gives a payload that
 *    statement_parse() accepts, that is canonical (canon(parse(p)) == p)
 *    and that passes its kind's check, with one disclosure per digest.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/problems.h"
#include "core/record.h"
#include "core/timefmt.h"
#include "kinds/audit.h"
#include "kinds/kind.h"
#include "sign/sign.h"
#include "kinds/scs_assessment.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init();
	return 0;
}

/* Whether a draft brings its own disclosure digests. */
static int
own_digests(const cJSON *j)
{
	return json_get(json_get(j, "predicate"), "disclosure_digests") != NULL;
}

/* Subjects that name a file are read from disk; the fuzzer should not
 * make the harness read /dev/zero. */
static int
names_files(const cJSON *j)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, json_get(j, "subject"))
		if (json_get(s, "file") != NULL)
			return 1;
	return 0;
}

static void
check_payload(const struct buf *payload, const cJSON *disclosures,
    int brought)
{
	struct problems p = PROBLEMS_INIT;
	struct statement st = STATEMENT_INIT;
	struct buf c = BUF_INIT(2 * INK_MAX_PAYLOAD);
	const struct record_kind *k;
	const cJSON *dg;

	FUZZ_ASSERT(statement_parse(&st, payload->data, payload->len, &p) == 0);
	FUZZ_ASSERT(json_canon(&c, st.root) == 0);
	FUZZ_ASSERT(c.len == payload->len &&
	    memcmp(c.data, payload->data, c.len) == 0);
	if ((k = kind_find(st.predicate_type)) != NULL) {
		k->check(st.root, NULL, &p);
		if (p.n) {
			fprintf(stderr, "fuzz: signed payload fails its own "
			    "kind's check: %s\n", p.v[0]);
			FUZZ_ASSERT(p.n == 0);
		}
	}
	/* Digests come from the disclosures made, unless the draft brought
	 * its own (re-signing a signed payload as a draft does). */
	dg = json_get(st.predicate, "disclosure_digests");
	if (cJSON_IsArray(dg) && !brought)
		FUZZ_ASSERT(cJSON_GetArraySize(dg) <=
		    (disclosures ? cJSON_GetArraySize(disclosures) : 0));
	statement_release(&st);
	problems_release(&p);
	buf_release(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problems p = PROBLEMS_INIT;
	struct statement st = STATEMENT_INIT;
	const struct record_kind *k;
	cJSON *j = NULL, *disc = NULL;
	struct buf payload = BUF_INIT(INK_MAX_PAYLOAD);
	char *copy;
	int skip_draft = 0, digests = 0;

	if (size > 256 * 1024)
		return 0;

	/* The checks a verifier runs, on any tree that reads. */
	if (json_parse(&j, (const char *)data, size, "fuzz") == 0) {
		audit_check(j, &p);
		problems_release(&p);
		scs_assessment_check(j, &p);
		problems_release(&p);
		skip_draft = names_files(j);
		cJSON_Delete(j);
	}
	if (statement_parse(&st, data, size, &p) == 0 &&
	    (k = kind_find(st.predicate_type)) != NULL)
		k->check(st.root, NULL, &p);
	statement_release(&st);
	problems_release(&p);

	/* The draft path, comments and all. */
	copy = fuzz_strndup(data, size);
	if (!skip_draft) {
		json_strip_comments(copy, size);
		skip_draft = json_parse(&j, copy, size, "draft") == 0 &&
		    names_files(j);
		digests = own_digests(j);
		cJSON_Delete(j);
		j = NULL;
		memcpy(copy, data, size);
	}
	if (!skip_draft && sign_draft_payload(&payload, &disc, copy, size,
	    "fuzz", "/nonexistent", time_now(), &p) == 0)
		check_payload(&payload, disc, digests);
	cJSON_Delete(disc);
	buf_release(&payload);
	problems_release(&p);
	free(copy);
	ink_error_clear();
	return 0;
}
