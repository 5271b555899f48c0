/*
 * Reading a passphrase without it ever touching argv, logs or errors.
 */
#ifndef INK_PASS_H
#define INK_PASS_H

#include <stdbool.h>

#include "core/buf.h"

/* Fills out (wipe it with buf_wipe) from file, else the file named by
 * INKAN_PASSPHRASE_FILE, else a no-echo prompt on /dev/tty (twice when
 * confirm).  what names the key in the prompt and in errors. */
int pass_read(struct buf *out, const char *file, const char *what,
    bool confirm);

#endif
