#!/bin/sh
# The registry keeps its witnesses' cosignatures (docs/FORMAT.md 8.6):
# cosigned copies of its checkpoint carried back from offline witnesses
# are stored with registry add-cosignatures (only lines that verify, by
# witnesses the root names, of the current checkpoint), registry
# checkpoint prints the checkpoint with them, and a later write leaves
# them out until the witnesses cosign the new checkpoint; inkan witness
# verify and the independent checker accept what it prints.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2 3; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2) w3=$(cat wv3)
synthetic_registry reg 証人試験
synthetic_envelopes 2
expect 0 "the root names two witnesses, both needed" \
	$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2"
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2 3; do $INKAN witness add-log ws$w --log-vkey "$lv"; done
expect 0 "registry checkpoint before any cosignature" $INKAN registry checkpoint reg
cp "$T/out" cp
check "...is the bare checkpoint" sh -c 'git -C reg show HEAD:log/checkpoint | cmp -s - cp'
for w in 1 2 3; do $INKAN witness cosign ws$w cp >cs$w; done

expect 5 "a cosignature by a witness the root does not name: exit 5" \
	$INKAN registry add-cosignatures reg cs3
check "...says so" err_has "no cosignature by a witness the root names"
python3 - cs1 cs1.bad <<'PY'
import base64, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
name, sig = t[-2][2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[40] ^= 1
t[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
expect 5 "a cosignature that does not verify: exit 5" \
	$INKAN registry add-cosignatures reg cs1.bad
check "...nothing stored" sh -c '! git -C reg cat-file -e HEAD:log/cosignatures 2>/dev/null'

expect 0 "the first witness's cosignature" $INKAN registry add-cosignatures reg cs1
expect 5 "registry verify with one of two stored: below the quorum, exit 5" \
	$INKAN registry verify reg
check "...naming the witness still missing" out_has "has 1 of 2 required cosignatures (missing: witness.example/w2)"
$INKAN registry checkpoint reg >c1
check "registry checkpoint prints the checkpoint and the cosignature" \
	sh -c 'test "$(wc -l <c1)" -eq $(($(wc -l <cp) + 1)) && head -n "$(wc -l <cp)" c1 | cmp -s - cp'
expect 5 "...one of two: below the quorum, exit 5" \
	$INKAN witness verify c1 --log-vkey "$lv" --witness-vkey "$w1" --witness-vkey "$w2"
expect 0 "the second witness's cosignature" $INKAN registry add-cosignatures reg cs2
$INKAN registry checkpoint reg >c12
expect 0 "...now the quorum is met" \
	$INKAN witness verify c12 --log-vkey "$lv" --witness-vkey "$w1" --witness-vkey "$w2"
check "...and the independent checker verifies each" \
	sh -c "$chk '$lv' '$w1' c12 >/dev/null && $chk '$lv' '$w2' c12 >/dev/null"
expect 0 "the same cosignature again changes nothing" $INKAN registry add-cosignatures reg cs2
$INKAN registry checkpoint reg >c12b
check "...one line per witness" cmp -s c12 c12b
check "...the registry's log did not grow (no leaf for a cosignature)" \
	sh -c "test \"\$(sed -n 2p c12)\" = \"\$(sed -n 2p cp)\""

# A later write signs a new checkpoint: the old cosignatures no longer
# count, and one of the old checkpoint is refused.
$INKAN registry add reg "$(sed -n 1p envs.list)" -q 2>add.err
check "a write says the new checkpoint lacks both witnesses' cosignatures" grep -q "has 0 of 2 required cosignatures" add.err
expect 0 "after a new record, registry checkpoint" $INKAN registry checkpoint reg
cp "$T/out" cp2
check "...leaves out the cosignatures of the old checkpoint" \
	sh -c 'git -C reg show HEAD:log/checkpoint | cmp -s - cp2'
expect 5 "...so the quorum is not met: exit 5" \
	$INKAN witness verify cp2 --log-vkey "$lv" --witness-vkey "$w1" --witness-vkey "$w2"
expect 5 "a cosigned copy of the old checkpoint is refused: exit 5" \
	$INKAN registry add-cosignatures reg cs1
check "...not of the registry's checkpoint" err_has "is not of the registry's checkpoint"
size=$(sed -n 2p cp)
$INKAN registry consistency reg "$size" >p
$INKAN witness cosign ws1 cp2 --proof p >cs1b
$INKAN witness cosign ws2 cp2 --proof p >cs2b
expect 0 "both witnesses' cosignatures of the new checkpoint at once" \
	$INKAN registry add-cosignatures reg cs1b cs2b
$INKAN registry checkpoint reg >c2
expect 0 "...the quorum is met again" \
	$INKAN witness verify c2 --log-vkey "$lv" --witness-vkey "$w1" --witness-vkey "$w2"
expect 0 "registry verify passes" $INKAN registry verify reg
expect 2 "add-cosignatures on a registry whose root names no witnesses: exit 2" \
	sh -c "$INKAN registry rotate-root reg --key op.key --witness-quorum 0 >/dev/null && $INKAN registry add-cosignatures reg cs1b"
expect 0 "...and its checkpoint is printed bare" $INKAN registry checkpoint reg
check "...bare" sh -c "git -C reg show HEAD:log/checkpoint | cmp -s - '$T/out'"

done_testing
