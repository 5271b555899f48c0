/*
 * SCS CSV imports: the CSV reader (scs_table_parse), a filled assessment
 * sheet read back into a draft's requirements (scs_sheet_read, against
 * the scs-star3 catalogue), and an official criteria list imported as a
 * catalogue on scs-star3's tree (scs_catalog_import).
 *
 * Properties:
 *  - a refusal always comes with a problem;
 *  - the requirements read from a sheet are one entry per requirement of
 *    the catalogue, as the header says;
 *  - a catalogue imported from CSV passes scs_catalog_check().
 */
#include "fuzz/common.h"

#include "core/problems.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_sheet.h"
#include "kinds/scs_table.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cJSON *catalog;
static size_t nreqs;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct scs_reqs r = SCS_REQS_INIT;

	(void)argc;
	(void)argv;
	fuzz_env_init();
	if (scs_catalog_find(&catalog, NULL, "scs-star3", NULL) != 0 ||
	    scs_catalog_reqs(&r, catalog) != 0) {
		fprintf(stderr, "fuzz: %s\n", ink_error_last());
		abort();
	}
	nreqs = r.n;
	scs_reqs_release(&r);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problems p = PROBLEMS_INIT;
	struct scs_table t = SCS_TABLE_INIT;
	struct scs_import_opts o = { NULL, "fuzz-1", NULL, "fuzz.csv",
		"0000000000000000000000000000000000000000000000000000000000000000" };
	cJSON *reqs = NULL, *imported = NULL;

	if (size > 1u << 20)
		return 0;
	if (scs_table_parse(&t, data, size, &p) == 0) {
		for (size_t r = 0; r < t.nrows; r++) {
			FUZZ_ASSERT(t.rows[r].line >= 1);
			for (size_t c = 0; c < t.rows[r].n; c++)
				FUZZ_ASSERT(t.rows[r].cell[c] != NULL);
		}
	} else {
		FUZZ_ASSERT(p.n > 0);
	}
	scs_table_release(&t);
	problems_release(&p);

	if (scs_sheet_read(&reqs, catalog, data, size, &p) == 0) {
		FUZZ_ASSERT(cJSON_IsArray(reqs));
		FUZZ_ASSERT((size_t)cJSON_GetArraySize(reqs) == nreqs);
	} else {
		FUZZ_ASSERT(p.n > 0);
	}
	cJSON_Delete(reqs);
	problems_release(&p);

	if (scs_catalog_import(&imported, catalog, data, size, &o, &p) == 0) {
		struct problems q = PROBLEMS_INIT;
		scs_catalog_check(imported, &q);
		if (q.n)
			fprintf(stderr, "fuzz: imported catalogue: %s\n", q.v[0]);
		FUZZ_ASSERT(q.n == 0);
		problems_release(&q);
	} else {
		FUZZ_ASSERT(p.n > 0);
	}
	cJSON_Delete(imported);
	problems_release(&p);
	ink_error_clear();
	return 0;
}
