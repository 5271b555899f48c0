#!/bin/sh
# The site in a real browser: Debian's chromium driven by playwright-core
# (tests/site/browser-test.mjs, which prints the TAP).  Pages load without
# console errors, filter and search work with and without JavaScript,
# the language switch keeps the page, verify.html tells a registry
# envelope from a tampered one, a registry of injected markup executes
# nothing, and the accessibility rules hold.  Screenshots go to
# build/site-screenshots/ for people to look at.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
export INKAN_SRC="$src"
shots=${INKAN_SCREENSHOTS:-$src/build/site-screenshots}

# make check installs these (tools/deps check, npm ci --prefix tests/site);
# without them there is nothing to run.
for need in node /usr/bin/chromium "$src/tests/site/node_modules/playwright-core/package.json"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "1..0 # SKIP $need is missing (make check installs it)"
		exit 0
	fi
done
cd "$T" || exit 2
for r in plain inject; do
	mode=$([ $r = inject ] && echo inject || echo plain)
	sh "$src/tests/site/mkreg.sh" $r $mode 2>/dev/null &&
	INKAN_CATALOGS=$T/$r/cat INKAN_NOW=2026-09-02T00:00:00Z \
		$INKAN site build $r/registry -o $r/site -q ||
		{ echo "Bail out! cannot build the $r site"; exit 1; }
done
node "$src/tests/site/browser-test.mjs" "$T/plain/site" "$T/inject/site" \
	"$T/plain/work/hikari2.dsse.json" "$shots"
rc=$?
exit $rc
