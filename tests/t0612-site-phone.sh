#!/bin/sh
# The site on a phone, offline and for everyone (tests/site/phone-test.mjs,
# which prints the TAP): every page type in both languages at 1280 and
# 390 px read from file://, with axe-core's WCAG 2.2 A/AA rules, no
# sideways scrolling at 390 px, one form for dates, search from file://
# through the split index, sortable columns and a filter whose results
# are on a phone's first screen.  Screenshots go to
# build/site-screenshots/phone/ for people to look at.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
export INKAN_SRC="$src"
shots=${INKAN_SCREENSHOTS:-$src/build/site-screenshots}/phone

# make check installs these (tools/deps check, npm ci --prefix tests/site);
# without them there is nothing to run.
for need in node /usr/bin/chromium "$src/tests/site/node_modules/playwright-core/package.json" \
	"$src/tests/site/node_modules/axe-core/axe.min.js"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "1..0 # SKIP $need is missing (make check installs it)"
		exit 0
	fi
done
cd "$T" || exit 2
sh "$src/tests/site/mkreg.sh" plain 2>/dev/null &&
	INKAN_CATALOGS=$T/plain/cat INKAN_NOW=2026-09-02T00:00:00Z \
	$INKAN site build plain/registry -o plain/site -q ||
	{ echo "Bail out! cannot build the site"; exit 1; }
node "$src/tests/site/phone-test.mjs" "$T/plain/site" "$shots"
