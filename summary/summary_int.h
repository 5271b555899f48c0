/*
 * Inside summary/: the model every format is a view of (model.c), and
 * the words of the summary's own headings and labels.
 */
#ifndef INK_SUMMARY_INT_H
#define INK_SUMMARY_INT_H

#include <cjson/cJSON.h>

/* The summary's word for key in lang ("ja" or "en"); key itself when
 * there is none. */
const char *summary_label(const char *lang, const char *key);
#define L(lang, key) summary_label((lang), (key))
/* The model of an audit-report Statement st with record id rid in lang,
 * naming ids from scheme and catalog (either may be NULL); NULL when out
 * of memory.  The caller frees it with cJSON_Delete. */
cJSON *summary_model(const cJSON *st, const char *rid, const char *lang,
    const cJSON *scheme, const cJSON *catalog);

#endif
