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
# A mirror hides the mail audit's revocation in a commit the log key did
# not sign: the site is built from the last signed commit (exit 5), and
# the browser must show the record revoked.
git clone -q plain/registry attacked
mail=$(grep '^mail ' plain/ids | cut -d' ' -f2 | cut -c8-)
for f in $(git -C attacked show HEAD:links/$(echo $mail | cut -c1-2)/$mail); do
	h=${f#sha256:}
	git -C attacked rm -q "records/status/$(echo $h | cut -c1-2)/$h.dsse.json"
done
git -C attacked rm -q "links/$(echo $mail | cut -c1-2)/$mail"
git -C attacked -c user.name=mirror -c user.email=m@x commit -qm "no revocation here"
INKAN_CATALOGS=$T/plain/cat INKAN_NOW=2026-09-02T00:00:00Z \
	$INKAN site build attacked -o attacked-site -q 2>/dev/null
[ $? -eq 5 ] || { echo "Bail out! the attacked registry's site build did not exit 5"; exit 1; }
node "$src/tests/site/browser-test.mjs" "$T/plain/site" "$T/inject/site" \
	"$T/plain/work/hikari2.dsse.json" "$shots" "$T/attacked-site"
rc=$?
exit $rc
