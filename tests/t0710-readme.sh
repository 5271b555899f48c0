#!/bin/sh
# The README's tour, as a new user runs it: `make install PREFIX=...`,
# then every ```sh block pasted in order into one shell, in a fresh empty
# folder, with nothing set but a PATH that has the installed inkan and
# the system's tools, and a HOME of its own (no INKAN_* variable, no
# pinned time, no path into the source tree).  A step that fails fails
# the test, so the README cannot drift from the tool.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
bin=$(dirname "$INKAN")
expect 0 "make install PREFIX=\$T/prefix" make -s -C "$src" BUILD="$bin" install PREFIX="$T/prefix"
check "the examples the tour uses are installed" test -f "$T/prefix/share/inkan/examples/scs-star3-criteria-demo.csv"

# tour README NAME: runs README's blocks as a person would, in $T/NAME
# (the blocks in $T/NAME.blocks, which ran in $T/NAME.progress, the
# output in $T/NAME.out and .err); returns the shell's exit status.
tour() {
	mkdir "$T/$2" "$T/$2.home"
	python3 - "$1" "$T/$2.blocks" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
blocks = re.findall(r'^```sh\n(.*?)^```$', text, flags=re.S | re.M)
os.makedirs(sys.argv[2])
for i, b in enumerate(blocks):
    open(os.path.join(sys.argv[2], '%02d.sh' % i), 'w', encoding='utf-8').write(b)
PY
	# One shell runs every block in turn (the tour's variables and
	# working folder carry over), stopping at the first failing command.
	{
		echo "set -e"
		for b in "$T/$2.blocks"/*.sh; do
			cat "$b"
			echo "echo done $(basename "$b" .sh) >>'$T/$2.progress'"
		done
	} >"$T/$2.sh"
	: >"$T/$2.progress"
	(cd "$T/$2" && env -i PATH="$T/prefix/bin:/usr/bin:/bin" \
	    HOME="$T/$2.home" sh "$T/$2.sh" >"$T/$2.out" 2>"$T/$2.err" </dev/null)
}

tour "$src/README.md" tour
rc=$?
n=$(ls "$T/tour.blocks" | wc -l)
check "the README has a tour ($n blocks)" test "$n" -ge 10
for b in "$T"/tour.blocks/*.sh; do
	name=$(basename "$b" .sh)
	first=$(grep -v '^[[:space:]]*$' "$b" | head -1 | cut -c1-60)
	if grep -qx "done $name" "$T/tour.progress"; then
		ok "README block $name runs: $first"
	else
		not_ok "README block $name runs: $first"
		sed 's/^/#   /' "$T/tour.err" | tail -n 15
		break
	fi
done
check "the whole tour ran to the end" test "$rc" -eq 0
check "no block sets an INKAN_ variable" sh -c \
    '! cat "$0"/*.sh | grep -q "INKAN_[A-Z]*="' "$T/tour.blocks"
check "the revoked assessment verified with exit status 4, as the tour says" \
    grep -qx "exit status 4" "$T/tour.out"
check "the tour's site was built from the registry" test -f "$T/tour/site/en/index.html"
# The catalogue the tour imported is found in the user's folder, and
# only there: under another HOME it is unknown.
cat_show() { env -i PATH="$T/prefix/bin:/usr/bin:/bin" HOME="$1" inkan scs catalog show scs-star3@2026-03-27-official; }
expect 0 "the imported catalogue is found in ~/.local/share/inkan/catalogs" cat_show "$T/tour.home"
mkdir "$T/other.home"
expect 2 "...and not under another HOME" cat_show "$T/other.home"

# The twin: a scratch README whose middle block has one failing step.
# The tour stops there: that block never finishes, none after it runs.
python3 - "$src/README.md" "$T/README.bad.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
spans = [m.span(1) for m in re.finditer(r'^```sh\n(.*?)^```$', text, flags=re.S | re.M)]
mid = spans[len(spans) // 2]
text = text[:mid[1]] + 'inkan verify no-such-record.dsse.json --key no-such.pub\n' + text[mid[1]:]
open(sys.argv[2], 'w', encoding='utf-8').write(text)
PY
tour "$T/README.bad.md" bad
rc=$?
mid=$(printf '%02d' $((n / 2)))
check "a README block that fails makes the tour fail" test "$rc" -ne 0
check "...at that block: the ones before it ran" grep -qx "done $(printf '%02d' $((n / 2 - 1)))" "$T/bad.progress"
check "...and it and the ones after it did not" sh -c '! grep -q "done $0" "$1" && ! grep -q "done $2" "$1"' \
    "$mid" "$T/bad.progress" "$(printf '%02d' $((n - 1)))"
done_testing
