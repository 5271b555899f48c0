/*
 * The strict JSON reader, the canonical writer and the Statement parser.
 *
 * Properties:
 *  - canon(parse(canon(x))) == canon(x) for every x the reader accepts
 *    (and whose numbers are integers): the canonical form is a fixed point;
 *  - the canonical and the pretty form are both accepted by the reader
 *    (the writer never emits what the reader refuses) and mean the same;
 *  - statement_parse() accepts only what json_parse() accepts, and a
 *    refusal always comes with a problem or a reason;
 *  - stripping // comments keeps the length and never makes the reader
 *    crash.
 */
#include "fuzz/common.h"

#include "core/buf.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/problems.h"
#include "core/record.h"

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

static void
fixed_point(const cJSON *j)
{
	struct buf c1 = BUF_INIT(64u << 20), c2 = BUF_INIT(64u << 20);
	struct buf pr = BUF_INIT(64u << 20), c3 = BUF_INIT(64u << 20);
	cJSON *k = NULL, *p = NULL;

	if (json_canon(&c1, j) != 0) {
		/* Only a non-integer number may stop the writer. */
		FUZZ_ASSERT(strstr(ink_error_last(), "integer") != NULL ||
		    strstr(ink_error_last(), "nested") != NULL);
		goto done;
	}
	FUZZ_ASSERT(json_parse(&k, (const char *)c1.data, c1.len, "canon") == 0);
	FUZZ_ASSERT(json_canon(&c2, k) == 0);
	FUZZ_ASSERT(c1.len == c2.len && memcmp(c1.data, c2.data, c1.len) == 0);
	FUZZ_ASSERT(json_pretty(&pr, j) == 0);
	FUZZ_ASSERT(json_parse(&p, (const char *)pr.data, pr.len, "pretty") == 0);
	FUZZ_ASSERT(json_canon(&c3, p) == 0);
	FUZZ_ASSERT(c1.len == c3.len && memcmp(c1.data, c3.data, c1.len) == 0);
done:
	cJSON_Delete(k);
	cJSON_Delete(p);
	buf_release(&c1);
	buf_release(&c2);
	buf_release(&c3);
	buf_release(&pr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problems probs = PROBLEMS_INIT;
	struct statement st = STATEMENT_INIT;
	cJSON *j = NULL;
	char *copy;
	int jrc, src;

	if (size > INK_MAX_PAYLOAD)
		return 0;
	jrc = json_parse(&j, (const char *)data, size, "fuzz");
	FUZZ_ASSERT((jrc == 0) == (j != NULL));
	if (jrc != 0)
		FUZZ_ASSERT(jrc == INK_EINPUT && *ink_error_last() != '\0');
	else
		fixed_point(j);
	cJSON_Delete(j);

	src = statement_parse(&st, data, size, &probs);
	if (src == 0) {
		FUZZ_ASSERT(jrc == 0);
		FUZZ_ASSERT(st.predicate_type != NULL && st.predicate != NULL &&
		    st.subjects != NULL);
		FUZZ_ASSERT(strcmp(json_get_str(st.root, "_type"),
		    STATEMENT_TYPE) == 0);
	} else {
		FUZZ_ASSERT(probs.n > 0 || probs.code != 0);
	}
	statement_release(&st);
	problems_release(&probs);

	/* Drafts: comments blanked in place, then read. */
	copy = fuzz_strndup(data, size);
	json_strip_comments(copy, size);
	if (json_parse(&j, copy, size, "draft") == 0)
		fixed_point(j);
	cJSON_Delete(j);
	free(copy);
	ink_error_clear();
	return 0;
}
