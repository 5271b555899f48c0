/*
 * The site's messages in Japanese and English (the table is i18n.h).
 */
#include <string.h>

#include "site/i18n.h"

static const char *const ja[] = {
#define SITE_MSG_JA(id, j, e) j,
	SITE_MESSAGES(SITE_MSG_JA)
#undef SITE_MSG_JA
};

static const char *const en[] = {
#define SITE_MSG_EN(id, j, e) e,
	SITE_MESSAGES(SITE_MSG_EN)
#undef SITE_MSG_EN
};

const char *
L(const char *lang, enum site_msg m)
{
	if ((unsigned)m >= M_COUNT)
		return "";
	return lang[0] == 'j' ? ja[m] : en[m];
}
