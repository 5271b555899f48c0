#!/bin/sh
# The layering of the parts is kept by the build: `make check-layers`
# (part of `make check`) fails on a file that includes a header of a part
# above its own and on an include of a header that is not there, and
# passes on the tree as it is.  Each case runs on a scratch copy of the
# sources (docs/ARCHITECTURE.md).
. "$(dirname "$0")/lib.sh"

SRC=${INKAN_SRC:?INKAN_SRC must name the source tree (make check sets it)}

# scratch [FILE LINE]: a fresh copy of the parts, with LINE added to FILE.
scratch() {
	rm -rf "$T/src" && mkdir -p "$T/src/build" &&
	(cd "$SRC" && git ls-files -z -- Makefile tools fuzz/fuzz.mk \
	    $(sed -n 's/^PARTS = //p' Makefile) |
	    xargs -0 cp --parents -t "$T/src") &&
	cp "$SRC/build/config.mk" "$T/src/build/" &&
	touch "$T/src/build/config.mk" || return 1
	[ $# -eq 0 ] || printf '%s\n' "$2" >>"$T/src/$1"
}

layers() {
	(cd "$T/src" && make -s check-layers) >"$T/out" 2>&1
}

scratch
check "the tree as it is keeps its layers" layers

scratch core/buf.c '#include "site/site.h"'
check "core/ including a header of site/ fails the check" eval '! layers'
check "the error names the file, the header and both parts" \
	grep -q 'core/buf.c:[0-9]*: includes "site/site.h": site/ is above core/' "$T/out"

scratch registry/repo.c '#include "cli/cli.h"'
check "registry/ including the front ends' header fails the check" eval '! layers'

scratch kinds/kind.h '#include "export/export.h"'
check "a header including a part above its own fails the check" eval '! layers'

scratch kinds/kind.c '#include "core/nothere.h"'
check "an include of a header that is not there fails the check" eval '! layers'
check "... and is named" \
	grep -q 'kinds/kind.c:[0-9]*: includes "core/nothere.h", which is not there' "$T/out"

scratch site/build.c '#include "kinds/kind.h"'
check "site/ including a lower part's header passes" layers

done_testing
