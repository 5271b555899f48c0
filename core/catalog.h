/*
 * Schemes and catalogues as data (the JSON files in catalogs/, see docs/CATALOGS.md): the
 * rules of a scheme (roles, levels, validity, disclosures) and the items
 * of a catalogue (controls, requirements, criteria) are read, never
 * compiled in.
 */
#ifndef INK_CATALOG_H
#define INK_CATALOG_H

#include <limits.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/problems.h"

/* The folder holding the catalogues: $INKAN_CATALOGS, else catalogs/
 * beside the source tree the binary was built in, else the installed
 * data folder.  Borrowed, static storage. */
const char *catalog_dir(void);
/* The user's own catalogue folder, searched after $INKAN_CATALOGS and
 * before the installed catalogues when it exists:
 * $XDG_DATA_HOME/inkan/catalogs, else ~/.local/share/inkan/catalogs.
 * An error when neither variable names an absolute folder. */
int catalog_user_dir(char out[PATH_MAX]);
/* The path of an example shipped with inkan (the demo criteria lists):
 * examples/ beside the installed catalogues' folder (the source tree's
 * examples/, or share/inkan/examples of an installation). */
int catalog_example_path(char out[PATH_MAX], const char *name);
/* Uses dir as the catalogue folder from now on (the demo's own). */
void catalog_dir_set(const char *d);
/* schemes.json, parsed: a copy the caller frees. */
int scheme_doc_load(cJSON **out);
/* The same, borrowed from the process's cache: valid until the process
 * ends, never to be freed or changed.  Safe from several threads. */
int scheme_doc_get(const cJSON **out);
/* reasons.json (docs/CATALOGS.md, inkan-reasons/v1) from the first
 * catalogue folder holding one, checked and borrowed from the process's
 * cache as scheme_doc_get: the reason codes a status record may carry,
 * each with its labels, the actions it fits and its source. */
int reasons_doc_get(const cJSON **out);
/* The reason with this code in a reasons document, or NULL. */
const cJSON *reason_find(const cJSON *doc, const char *code);
/* Whether a reason fits an action (revoke, suspend, ...). */
int reason_fits(const cJSON *reason, const char *action);
/* The label of a reason code in Japanese (ja) or English, borrowed; NULL
 * for a code the reasons document does not know (or none to read). */
const char *reason_label(const char *code, int ja);
/* The scheme with this id in a loaded schemes document, or NULL. */
const cJSON *scheme_find(const cJSON *doc, const char *id);
/* The catalogue with this id (and version, when not NULL) in the
 * catalogue folder.  *path_out (may be NULL) gets its file's path, which
 * the caller frees. */
int catalog_load(cJSON **out, char **path_out, const char *id,
    const char *version);
/* The same catalogue borrowed from the process's cache, as
 * scheme_doc_get. */
int catalog_get(const cJSON **out, const char *id, const char *version);
/* A place catalogues are looked up before the catalogue folder, passed
 * to each lookup that wants it: a registry has one that reads its pinned
 * copies (reg_catalogs), so a record is checked against the catalogue it
 * was registered with, whatever is installed on the machine checking it.
 * fn returns 0 (found, *out set) or INK_ENOTFOUND. */
typedef int (*catalog_source_fn)(cJSON **out, const char *id,
    const char *version, void *ctx);
struct catalog_source {
	catalog_source_fn fn;
	void *ctx;
	unsigned long serial;   /* keeps what the cache took from this
	                         * source apart (catalog_source_init) */
};
void catalog_source_init(struct catalog_source *s, catalog_source_fn fn,
    void *ctx);
/* catalog_load and catalog_get, asking src first (NULL: none). */
int catalog_load_from(const struct catalog_source *src, cJSON **out,
    char **path_out, const char *id, const char *version);
int catalog_get_from(const struct catalog_source *src, const cJSON **out,
    const char *id, const char *version);
/* The node of a catalogue whose "id" is item (a category, requirement,
 * control or criterion), or NULL. */
const cJSON *catalog_item(const cJSON *catalog, const char *item);
/* The actions a status record takes, NULL-terminated. */
extern const char *const status_actions[];

/* Applies a scheme's validity rule to a predicate: not_before and
 * not_after, half-open, days beginning 00:00 JST.  Problems go to
 * probs. */
int scheme_validity(int64_t *not_before, int64_t *not_after,
    const cJSON *scheme, const cJSON *predicate, struct problems *probs);
/* Whether the window nb..na is one an earlier rule of the scheme gave
 * (schemes.json "validity_earlier": rules with the time "until" which
 * they were in force, *until): 0, or INK_ENOTFOUND. */
int scheme_validity_earlier(int64_t *not_before, int64_t *not_after,
    const cJSON *scheme, const cJSON *predicate, int64_t nb, int64_t na,
    const char **until);

#endif
