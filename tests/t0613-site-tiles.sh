#!/bin/sh
# verify.html checks a record's inclusion from the log the site publishes
# as C2SP tlog-tiles (docs/FORMAT.md 9.4, 9.5), with its witnesses'
# cosignatures counted against the root's quorum; a tile flipped or
# missing on the served site, or a checkpoint short of the quorum, makes
# it say the inclusion check failed.  Chromium via playwright-core
# (tests/site/tiles-test.mjs prints the TAP); screenshots, desktop and
# 390 px wide, go to build/site-screenshots/tiles/.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
shots=${INKAN_SCREENSHOTS:-$src/build/site-screenshots}/tiles
for need in node /usr/bin/chromium "$src/tests/site/node_modules/playwright-core/package.json"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "1..0 # SKIP $need is missing (make check installs it)"
		exit 0
	fi
done
cd "$T" || exit 2
bail() {
	echo "Bail out! $*"
	exit 1
}
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
synthetic_registry reg タイル表示 2>/dev/null
$INKAN registry rotate-root reg --key op.key --witness "$(cat wv1)" \
	--witness "$(cat wv2)" >/dev/null 2>&1 || bail "rotate-root"
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do $INKAN witness add-log ws$w --log-vkey "$lv" >/dev/null; done
synthetic_envelopes 3 2>/dev/null
$INKAN registry add reg --files-from envs.list -q >/dev/null 2>&1 || bail "add"
mkdir sites
# (site build refuses a checkpoint short of the quorum: the short site
# is a host that strips the witnesses' lines from a good one, below)
$INKAN site build reg -o sites/refused -q 2>/dev/null
[ $? -eq 5 ] && [ ! -e sites/refused/log/checkpoint ] ||
	bail "site build of a checkpoint short of the quorum did not exit 5"
$INKAN registry checkpoint reg >cp
for w in 1 2; do $INKAN witness cosign ws$w cp >cs$w; done
$INKAN registry add-cosignatures reg cs1 cs2 >/dev/null 2>&1 || bail "add-cosignatures"
$INKAN site build reg -o sites/good -q || bail "site build"
cp -R sites/good sites/flipped
t=$(ls sites/flipped/log/tile/0/000.p/*)
python3 - "$t" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[0] ^= 1
open(sys.argv[1], "wb").write(bytes(b))
PY
cp -R sites/good sites/missing
cp -R sites/good sites/short
sed -i '/^— witness\.example\//d' sites/short/log/checkpoint
grep -q '^— witness' sites/short/log/checkpoint && bail "cannot strip the cosignatures"
rm -f sites/missing/log/tile/0/000.p/*
node "$src/tests/site/tiles-test.mjs" sites "$(sed -n 3p envs.list)" "$shots"
