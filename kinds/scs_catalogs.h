/*
 * Catalogues from the SCS side (docs/CATALOGS.md): finding one by id,
 * version or file, checking its shape, counting what it holds, and
 * importing an official criteria list exported to CSV as a new catalogue
 * version built on a base catalogue's tree.
 */
#ifndef SCS_CATALOGS_H
#define SCS_CATALOGS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/problems.h"

#define CATALOG_FORMAT "inkan-catalog/v1"

/* One requirement with its parents, borrowed from the catalogue tree. */
struct scs_req {
	const cJSON *category;
	const cJSON *middle;
	const cJSON *node;
	const char *id;
};

struct scs_reqs {
	struct scs_req *v;
	size_t n;
};

#define SCS_REQS_INIT { NULL, 0 }

/* The requirements of a checked catalogue in document order. */
int scs_catalog_reqs(struct scs_reqs *out, const cJSON *catalog);
void scs_reqs_release(struct scs_reqs *r);
/* Index of the requirement with this id in r, or -1. */
long scs_reqs_find(const struct scs_reqs *r, const char *id);

/* Loads the catalogue (id, version) from the catalogue folder
 * (core/catalog.h; any version when version is NULL) and checks its
 * shape.  *path_out (may be NULL) gets the file's path. */
int scs_catalog_find(cJSON **out, char **path_out, const char *id,
    const char *version);
/* The same, asking cats first (NULL: none). */
int scs_catalog_find_in(const struct catalog_source *cats, cJSON **out,
    char **path_out, const char *id, const char *version);
/* Loads a catalogue named by spec: "ID", "ID@VERSION" (from the
 * catalogue folder, core/catalog.h) or a path to a .json file, and checks
 * its shape.  *path_out (may be NULL) gets the file's path. */
int scs_catalog_open(cJSON **out, char **path_out, const char *spec);
/* Checks a catalogue against docs/CATALOGS.md: format, members, types,
 * unique ids, criterion numbering, limits.  Problems go to probs. */
void scs_catalog_check(const cJSON *catalog, struct problems *probs);
/* Whether any node of the tree is a placeholder. */
int scs_catalog_has_placeholder(const cJSON *catalog);
/* The number n of id when id is parent + "-" + n (a positive number
 * without leading zeros), else -1. */
long scs_child_number(const char *parent, const char *id);
/* The Japanese member of a localised pair, or "". */
const char *scs_ja(const cJSON *node, const char *member);

/* Counts per category, middle category and requirement as JSON (the
 * caller frees it); path may be NULL. */
cJSON *scs_catalog_summary(const cJSON *catalog, const char *path);
/* The summary for people: totals, then one line per requirement when
 * detail is set. */
int scs_catalog_summary_text(struct buf *out, const cJSON *summary,
    int detail);
/* The summaries of every catalogue in the catalogue folder. */
int scs_catalog_list(cJSON **out);

struct scs_import_opts {
	const char *id;          /* NULL: the base's */
	const char *version;     /* NULL: the base's */
	const char *publisher;   /* NULL: the base's */
	const char *source_name; /* source.file */
	const char *source_sha256; /* source.sha256, 64 hex */
};

/* Builds a catalogue (kinds/scs_import.c) from a criteria list in CSV (columns
 * requirement_id, criterion_id, criterion_text_ja, optional
 * criterion_text_en, requirement_title_ja, requirement_text_ja,
 * middle_title_ja, category_title_ja) on the tree of base.  Every
 * malformed row is reported as "line N: ..." (INK_EINPUT). */
int scs_catalog_import(cJSON **out, const cJSON *base,
    const unsigned char *csv, size_t len, const struct scs_import_opts *o,
    struct problems *probs);

#endif
