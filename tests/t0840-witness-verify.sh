#!/bin/sh
# inkan witness verify: what a client of witnesses checks of a cosigned
# checkpoint — the log's signature, then a quorum of cosignature/v1 lines
# that verify — agreeing with the independent checker written from the
# C2SP texts on every case: two witnesses cosign offline, their lines are
# gathered on one checkpoint, and each way a cosigned checkpoint can be
# wrong (a line missing, a bit changed, moved onto another checkpoint, a
# log signature that fails) is refused with exit 5.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry reg 証人試験
synthetic_envelopes 1
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
	$INKAN witness add-log ws$w --log-vkey "$lv"
done
w1=$(cat wv1) w2=$(cat wv2)
$INKAN registry checkpoint reg >cp
$INKAN witness cosign ws1 cp >cs1
$INKAN witness cosign ws2 cp >cs2
{ cat cs1; tail -n 1 cs2; } >cs12

expect 0 "both witnesses' cosignatures on one checkpoint, quorum 2" \
	$INKAN witness verify cs12 --log-vkey "$lv" --witness-vkey "$w1" \
	--witness-vkey "$w2"
check "...says 2 of 2 and when" out_has "cosigned by 2 of 2 witnesses (quorum 2); newest at 2026-06-01T00:00:00Z"
check "...the independent checker agrees for each witness" \
	sh -c "$chk '$lv' '$w1' cs12 >/dev/null && $chk '$lv' '$w2' cs12 >/dev/null"
expect 5 "one witness's cosignature only, quorum 2: exit 5" \
	$INKAN witness verify cs1 --log-vkey "$lv" --witness-vkey "$w1" \
	--witness-vkey "$w2"
check "...names the witness missing" err_has "no cosignature by 'witness.example/w2'"
expect 0 "...enough with --quorum 1" \
	$INKAN witness verify cs1 --log-vkey "$lv" --witness-vkey "$w1" \
	--witness-vkey "$w2" --quorum 1
expect 5 "the bare checkpoint, quorum 1: exit 5" \
	$INKAN witness verify cp --log-vkey "$lv" --witness-vkey "$w1"
{ cat cs1; tail -n 1 cs1; } >cs11
expect 5 "one witness's line twice counts once: exit 5 at quorum 2" \
	$INKAN witness verify cs11 --log-vkey "$lv" --witness-vkey "$w1" \
	--witness-vkey "$w2"

python3 - cs12 cs12.bad <<'PY'
import base64, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
name, sig = t[-2][2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[40] ^= 1
t[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
expect 5 "a cosignature with a bit changed: exit 5, whatever the quorum" \
	$INKAN witness verify cs12.bad --log-vkey "$lv" --witness-vkey "$w1" \
	--witness-vkey "$w2" --quorum 1
check "...names it" err_has "the cosignature by 'witness.example/w2' does not verify"
check "...the independent checker refuses it too" sh -c "! $chk '$lv' '$w2' cs12.bad 2>/dev/null"
python3 - cs1 cs1.time <<'PY'
import base64, struct, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
name, sig = t[-2][2:].split(" ")
b = bytearray(base64.b64decode(sig))
b[4:12] = struct.pack(">Q", struct.unpack(">Q", bytes(b[4:12]))[0] + 1)
t[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
expect 5 "a cosignature whose time was moved: exit 5" \
	$INKAN witness verify cs1.time --log-vkey "$lv" --witness-vkey "$w1"

# A cosignature moved onto the next checkpoint of the same log.
$INKAN registry add reg "$(sed -n 1p envs.list)" -q
$INKAN registry checkpoint reg >cp2
{ cat cp2; tail -n 1 cs1; } >moved
expect 5 "a cosignature moved onto another checkpoint: exit 5" \
	$INKAN witness verify moved --log-vkey "$lv" --witness-vkey "$w1"
check "...the independent checker refuses it too" sh -c "! $chk '$lv' '$w1' moved 2>/dev/null"
sed "2s/.*/$(($(sed -n 2p cp) + 1))/" cs12 >edited
expect 5 "a cosigned checkpoint whose size was edited: exit 5 (the log's signature)" \
	$INKAN witness verify edited --log-vkey "$lv" --witness-vkey "$w1"

expect 2 "a log key given as a witness key: exit 2" \
	$INKAN witness verify cs12 --log-vkey "$lv" --witness-vkey "$lv"
expect 2 "a quorum above the witnesses given: exit 2" \
	$INKAN witness verify cs12 --log-vkey "$lv" --witness-vkey "$w1" --quorum 2
printf 'not a note\n' >junk
expect 2 "a file that is not a signed note: exit 2" \
	$INKAN witness verify junk --log-vkey "$lv" --witness-vkey "$w1"

done_testing
