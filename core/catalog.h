/*
 * Schemes and catalogues as data (the JSON files in catalogs/, see docs/CATALOGS.md): the
 * rules of a scheme (roles, levels, validity, disclosures) and the items
 * of a catalogue (controls, requirements, criteria) are read, never
 * compiled in.
 */
#ifndef INK_CATALOG_H
#define INK_CATALOG_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/problems.h"

/* The folder holding the catalogues: $INKAN_CATALOGS, else catalogs/
 * beside the source tree the binary was built in, else the installed
 * data folder.  Borrowed, static storage. */
const char *catalog_dir(void);
/* schemes.json, parsed. */
int scheme_doc_load(cJSON **out);
/* The scheme with this id in a loaded schemes document, or NULL. */
const cJSON *scheme_find(const cJSON *doc, const char *id);
/* The catalogue with this id (and version, when not NULL) in the
 * catalogue folder.  *path_out (may be NULL) gets its file's path, which
 * the caller frees. */
int catalog_load(cJSON **out, char **path_out, const char *id,
    const char *version);
/* The node of a catalogue whose "id" is item (a category, requirement,
 * control or criterion), or NULL. */
const cJSON *catalog_item(const cJSON *catalog, const char *item);
/* Applies a scheme's validity rule to a predicate: not_before and
 * not_after, half-open, days beginning 00:00 JST.  Problems go to
 * probs. */
int scheme_validity(int64_t *not_before, int64_t *not_after,
    const cJSON *scheme, const cJSON *predicate, struct problems *probs);

#endif
