/*
 * The site's stylesheet and scripts, kept as files in site/assets/ and
 * built into the binary (the assembler's .incbin), so that `inkan site
 * build` needs nothing installed beside it.  The build writes them to
 * OUT/assets/.  Nothing is loaded from anywhere else.
 */
#include <string.h>

#include "site/site_int.h"

#define ASSET(sym, file)                                                \
	__asm__(".section .rodata\n"                                    \
	    ".global " #sym "\n"                                        \
	    ".type " #sym ", @object\n"                                 \
	    ".balign 16\n"                                              \
	    #sym ":\n"                                                  \
	    ".incbin \"" file "\"\n"                                    \
	    ".byte 0\n"                                                 \
	    ".previous\n");                                             \
	extern const char sym[]

ASSET(site_asset_css, "site/assets/site.css");
ASSET(site_asset_js, "site/assets/site.js");
ASSET(site_asset_verify, "site/assets/verify.js");

int
site_assets(struct site *s)
{
	static const struct {
		const char *path;
		const char *data;
	} files[] = {
		{ "assets/site.css", site_asset_css },
		{ "assets/site.js", site_asset_js },
		{ "assets/verify.js", site_asset_verify },
	};
	int rc;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if ((rc = site_write(s, files[i].path, files[i].data,
		    strlen(files[i].data))) != 0)
			return rc;
	return 0;
}
