/*
 * What the SCS (サプライチェーン強化に向けたセキュリティ対策評価制度) parts
 * share: the words of the assessment sheet as seed 004 gives them, the
 * predicate type, and small checks of dates, corporate numbers and texts.
 */
#ifndef SCS_SCS_H
#define SCS_SCS_H

#include <stddef.h>


/* The organisation's answer per requirement (回答). */
extern const char *const scs_answers[];
/* The evaluation procedures the expert used (評価手続). */
extern const char *const scs_procedures[];
/* The expert's (or evaluator's) result per requirement (評価結果). */
extern const char *const scs_results[];
#define SCS_CONFORMANT "適合"
#define SCS_NEEDS_IMPROVEMENT "改善要"
#define SCS_NOT_APPLICABLE "対象外"
/* Whether one evaluation criterion is met (基準充足). */
#define SCS_MET "満たす"
#define SCS_NOT_MET "満たさない"
/* The scope of an assessment when the scheme names none. */
extern const char *const scs_scope_kinds[];

/* The index of w in the NULL-terminated list, or -1. */
int scs_word_index(const char *const *list, const char *w);
/* "a/b/c" for messages, in static storage (four calls may be used at
 * once). */
const char *scs_word_list(const char *const *list, const char *sep);

/* Exactly YYYY-MM-DD, a real calendar date. */
int scs_date_ok(const char *s);
/* YYYY-MM-DD or YYYY-MM (a month, for plan targets). */
int scs_target_ok(const char *s);
/* A string that is not empty once white space is trimmed. */
int scs_text_present(const char *s);
/* Trims ASCII white space and U+3000 at both ends, drops a leading list
 * mark "・" when strip_mark is set, and turns CRLF into LF, in place. */
void scs_text_clean(char *s, int strip_mark);
/* Well-formed UTF-8 without NUL: 0, or the 1-based line of the first bad
 * byte. */
size_t scs_utf8_bad_line(const unsigned char *s, size_t n);

#endif
