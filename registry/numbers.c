/*
 * The registration number of a registered record (FORMAT.md 8.9): the
 * whole log numbered once per handle with numbering.c's counter, so that
 * `registry list` and `show` give the numbers the site gives.
 */
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "registry/internal.h"

int
reg_number_at(struct reg *g, size_t leaf, char out[REG_NUMBER_LEN])
{
	int rc;

	out[0] = '\0';
	if ((rc = reg_full(g)) != 0)
		return rc;
	if (g->schemes == NULL && (rc = scheme_doc_load(&g->schemes)) != 0)
		return rc;
	/* Numbered in log order, once per handle; leaves staged since are
	 * numbered on from where the last call stopped. */
	if (g->nnumv < g->nleaves) {
		char (*v)[REG_NUMBER_LEN] = realloc(g->numv, g->nleaves *
		    sizeof(*v));
		if (v == NULL)
			return ink_error(INK_EINPUT, "out of memory");
		g->numv = v;
	}
	while (g->nnumv < g->nleaves) {
		struct reg_entry e;
		struct statement st;
		char buf[32];
		const char *cn, *sid;
		size_t i = g->nnumv;

		g->numv[i][0] = '\0';
		if ((rc = reg_find(g, g->leaves[i].id, &e)) != 0)
			return rc;
		if (strcmp(e.kind, "status") != 0 &&
		    strcmp(e.kind, "signer") != 0 &&
		    strcmp(e.kind, "root") != 0) {
			if ((rc = reg_statement_load(g, g->leaves[i].id, &st,
			    &e)) != 0)
				return rc;
			reg_service_of(&st, &cn, &sid);
			if (strcmp(st.predicate_type, AUDIT_TYPE) != 0)
				sid = NULL;
			rc = reg_numbering_next(&g->numbering, g->schemes,
			    reg_record_scheme(&st, buf, sizeof(buf)), cn, sid,
			    e.integrated, g->numv[i]);
			statement_release(&st);
			if (rc != 0)
				return rc;
		}
		g->nnumv++;
	}
	if (leaf >= g->nnumv)
		return ink_error(INK_ENOTFOUND, "no leaf %zu in the log", leaf);
	memcpy(out, g->numv[leaf], REG_NUMBER_LEN);
	return 0;
}
