#!/bin/sh
# The README's tour, run as written: every ```sh block, in order, in one
# scratch folder, with this build's inkan first on PATH.  A step that
# fails fails the test, so the README cannot drift from the tool.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
mkdir "$T/bin" "$T/tour"
ln -s "$INKAN" "$T/bin/inkan"
python3 - "$src/README.md" "$T/blocks" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
blocks = re.findall(r'^```sh\n(.*?)^```$', text, flags=re.S | re.M)
os.makedirs(sys.argv[2])
for i, b in enumerate(blocks):
    open(os.path.join(sys.argv[2], '%02d.sh' % i), 'w').write(b)
PY
n=$(ls "$T/blocks" | wc -l)
check "the README has a tour ($n blocks)" test "$n" -ge 10
export PATH="$T/bin:$PATH" INKAN_NOW=2026-11-22T00:00:00Z
export INKAN_EXAMPLES="$src/examples"
# One shell runs every block in turn (the tour's variables and working
# folder carry over), stopping at the first failing command.
{
	echo "set -e"
	echo "cd '$T/tour'"
	for b in "$T"/blocks/*.sh; do
		cat "$b"
		echo "echo done $(basename "$b" .sh) >>'$T/progress'"
	done
} >"$T/tour.sh"
: >"$T/progress"
sh "$T/tour.sh" >"$T/tour.out" 2>"$T/tour.err" </dev/null
rc=$?
for b in "$T"/blocks/*.sh; do
	name=$(basename "$b" .sh)
	first=$(grep -v '^[[:space:]]*$' "$b" | head -1 | cut -c1-60)
	if grep -qx "done $name" "$T/progress"; then
		ok "README block $name runs: $first"
	else
		not_ok "README block $name runs: $first"
		sed 's/^/#   /' "$T/tour.err" | tail -n 15
		break
	fi
done
check "the whole tour ran to the end" test "$rc" -eq 0
done_testing
