#!/bin/sh
# site build publishes the log as C2SP tlog-tiles under log/ (docs/FORMAT.md
# 9.1, 9.5): the cosigned checkpoint, full and partial hash tiles and
# entry bundles.  An independent checker (tests/witness/tiles_check.py,
# written from the C2SP texts) verifies the log's signature and the
# witnesses' cosignatures and recomputes the root from the tiles and from
# the entries; one flipped byte in a tile fails it.  A rebuild leaves the
# tiles as they were.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/tiles_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2)
synthetic_registry reg タイル試験
$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2" \
	--witness-quorum 2 >/dev/null 2>&1 ||
	{ echo "Bail out! rotate-root"; exit 1; }
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do $INKAN witness add-log ws$w --log-vkey "$lv"; done
# 256 + a few leaves: a full level-0 tile and a partial one after it.
synthetic_envelopes 258
$INKAN registry add reg --files-from envs.list -q >/dev/null 2>&1 ||
	{ echo "Bail out! registry add"; exit 1; }
$INKAN registry checkpoint reg >cp
for w in 1 2; do $INKAN witness cosign ws$w cp >cs$w; done
$INKAN registry add-cosignatures reg cs1 cs2 >/dev/null 2>&1 ||
	{ echo "Bail out! add-cosignatures"; exit 1; }
size=$(sed -n 2p cp)

expect 0 "site build" $INKAN site build reg -o site
check "log/checkpoint is the registry's checkpoint with both cosignatures" \
	sh -c "$INKAN registry checkpoint reg | cmp -s - site/log/checkpoint &&
	    test \$(grep -c '^— witness.example/' site/log/checkpoint) -eq 2"
p=$((size - 256))
check "a full level-0 tile and the partial one of width $p" \
	sh -c "test \$(wc -c <site/log/tile/0/000) -eq 8192 &&
	    test \$(wc -c <site/log/tile/0/001.p/$p) -eq $((p * 32))"
check "a partial level-1 tile of width 1, and no full one" \
	sh -c "test \$(wc -c <site/log/tile/1/000.p/1) -eq 32 &&
	    ! test -e site/log/tile/1/000"
check "entry bundles, full and partial" \
	test -s site/log/tile/entries/000 -a -s site/log/tile/entries/001.p/$p
expect 0 "the independent checker accepts the tiles, the entries and the quorum" \
	$chk "$lv" 2 site "$w1" "$w2"
check "...and names both witnesses" out_has "witness.example/w1,witness.example/w2"
expect 1 "...a quorum of three is not met" $chk "$lv" 3 site "$w1" "$w2"
check "...it says so" err_has "2 cosignatures, the quorum is 3"

cp -R site bad
python3 - bad/log/tile/0/000 <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[100] ^= 1
open(sys.argv[1], "wb").write(bytes(b))
PY
expect 1 "one flipped byte in a full tile: the checker fails" \
	$chk "$lv" 2 bad "$w1" "$w2"
check "...its hash is not the head the level above holds" err_has "is not the head of the tile below"
rm -rf bad && cp -R site bad
python3 - bad/log/tile/entries/001.p/$p <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[10] ^= 1
open(sys.argv[1], "wb").write(bytes(b))
PY
expect 1 "one flipped byte in an entry bundle: the checker fails" \
	$chk "$lv" 2 bad "$w1" "$w2"
rm -rf bad && cp -R site bad
python3 - bad/log/checkpoint <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
t[1] = str(int(t[1]) - 1)
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(t))
PY
expect 1 "a checkpoint whose size was changed: the checker fails" \
	$chk "$lv" 2 bad "$w1" "$w2"

# A rebuild writes no tile again; a new leaf adds a new partial tile and
# leaves the old one, which the last checkpoint needs.
ls -i site/log/tile/0/000 >ino1
expect 0 "a rebuild" $INKAN site build reg -o site
check "...leaves the full tile as it was" sh -c 'ls -i site/log/tile/0/000 | cmp -s - ino1'
$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2" \
	--witness-quorum 1 >/dev/null 2>&1
# (site build requires the quorum: the first witness cosigns the new
# checkpoint, from the size it cosigned before)
$INKAN registry checkpoint reg >cp2
$INKAN registry consistency reg "$size" >proof2
$INKAN witness cosign ws1 cp2 --proof proof2 >cs2b &&
$INKAN registry add-cosignatures reg cs2b >/dev/null 2>&1 ||
	{ echo "Bail out! the second cosignature"; exit 1; }
expect 0 "a build after one more leaf (a new root)" $INKAN site build reg -o site
n2=$((p + 1))
check "...writes the partial tile of width $n2 and removes that of width $p" \
	sh -c "test -s site/log/tile/0/001.p/$n2 && ! test -e site/log/tile/0/001.p/$p"
check "...and the full tile is still the one written first" sh -c 'ls -i site/log/tile/0/000 | cmp -s - ino1'
expect 0 "...the checker accepts it (the new root's quorum of one)" \
	$chk "$lv" 1 site "$w1" "$w2"

# The log key's holder commits the previous checkpoint over the whole
# log: signed, but not of these leaves.  Nothing is published as the log.
# (with that checkpoint's cosignatures: the quorum holds, the coverage
# does not)
git clone -q reg old
git -C reg show HEAD~2:log/checkpoint >old/log/checkpoint
git -C reg show HEAD~2:log/cosignatures >old/log/cosignatures
test "$(sed -n 2p old/log/checkpoint)" = "$size" ||
	{ echo "Bail out! HEAD~2 is not the checkpoint of size $size"; exit 1; }
log_key_commit reg old "log: the previous checkpoint"
expect 5 "a signed commit whose checkpoint does not cover its log: site build exits 5" \
	$INKAN site build old -o oldsite
check "...for the log it does not cover, not the quorum" \
	sh -c '! grep -q "required cosignatures" "$0"' "$T/err"
check "...and publishes no log/" test ! -e oldsite/log/checkpoint -a ! -e oldsite/log/tile
done_testing
