/*
 * Selective disclosure: from the private bundle that `inkan sign` writes
 * beside an envelope, the few items a provider hands to one procurer.  A
 * bundle and a disclosure file have the same format (docs/FORMAT.md
 * section 6): {"format": "inkan-disclosures/v1", "record_id": ...,
 * "disclosures": [<disclosure bytes as strings>]}.
 */
#ifndef INK_DISCLOSE_H
#define INK_DISCLOSE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/problems.h"

/* Reads a bundle or disclosure file strictly: the three members and
 * nothing else, a record id, and at most INK_MAX_DISCLOSURES strings of
 * at most INK_MAX_DISCLOSURE bytes.  The disclosures themselves are not
 * parsed (their digest is over their bytes as they are).  what names
 * the file in errors. */
int disclose_file_parse(cJSON **out, const char *text, size_t len,
    const char *what);
/* 1 when a disclosure's path is the item id: the path itself, or a
 * control id ("CC6.1" for "controls/CC6.1"). */
int disclose_path_is(const char *path, const char *id);
/* Writes to out a disclosure file with the items of bundle whose path is
 * one of ids, in the bundle's order.  An id that no item has is a
 * problem (INK_ENO, naming it); a disclosure that does not parse is
 * INK_EINPUT.  Nothing is written to out unless every id was found. */
int disclose_select(struct buf *out, const cJSON *bundle,
    const char *const *ids, size_t nids, struct problems *probs);

#endif
