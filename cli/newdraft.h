/*
 * Draft templates for `inkan new KIND`: each kind writes a complete,
 * commented draft (JSON with // comments) that `inkan sign` accepts once
 * filled in.
 */
#ifndef INK_NEWDRAFT_H
#define INK_NEWDRAFT_H

#include "core/buf.h"

struct new_kind {
	const char *name;      /* as typed: "audit-report", "scs" */
	const char *summary;
	/* Appends the draft to out; level is 0 when --level was not given. */
	int (*write)(struct buf *out, int level);
};

/* The table (cli/cmd_new.c). */
extern const struct new_kind new_kinds[];

#endif
