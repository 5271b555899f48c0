/*
 * Functions inkan does not call (after git's banned.h): each has a bounded
 * or checked replacement, and a call to one is a compile error.  The
 * Makefile includes this file before every source file (-include), so the
 * system headers that declare these functions come first, here, and a
 * later #include of them changes nothing.
 *
 *	strcpy, strcat        snprintf, memcpy with a known length, or buf_*
 *	sprintf, vsprintf     snprintf, vsnprintf, buf_addf
 *	atoi                  strtol/strtoull with a range check
 *	strtok                strchr/strcspn (strtok keeps hidden state)
 *	gets                  fgets
 */
#ifndef INK_BANNED_H
#define INK_BANNED_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BANNED(func) sorry_##func##_is_banned_see_core_banned_h

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
