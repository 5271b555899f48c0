#!/bin/sh
# The offline witness (inkan witness cosign) on a real registry's log: it
# cosigns a consistent sequence of checkpoints, each cosignature checked
# by an independent checker written from the C2SP texts
# (tests/witness/cosig_check.py); it refuses a fork (at the same size and
# past it), a smaller tree, a bad log signature, a bad proof, an unknown
# log and malformed input, each with its exit code, and a refusal leaves
# its state as it was.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
mknote="python3 $src/tests/witness/mknote.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry reg 証人試験
synthetic_envelopes 8
env() { sed -n "$1p" envs.list; }

$INKAN keys generate --out wk --no-passphrase >/dev/null 2>&1
expect 0 "witness init prints the witness's verifier key" \
	$INKAN witness init ws --name witness.example/w1 --key wk.key
wv=$(cat "$T/out")
check "...name+hash+base64(0x04 || key)" sh -c 'echo "$0" | grep -Eqx "witness\.example/w1\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}"' "$wv"
expect 0 "witness vkey prints it again" $INKAN witness vkey ws
check "...the same" test "$(cat "$T/out")" = "$wv"
expect 2 "a second init on the same state is refused" \
	$INKAN witness init ws --name witness.example/w1 --key wk.key
expect 2 "a name with a space is refused" \
	$INKAN witness init ws2 --name "witness example" --key wk.key
expect 2 "a key that is not there is refused" \
	$INKAN witness init ws3 --name w3 --key nothere.key
check "...the state's private key file is not copied" sh -c '! ls ws | grep -q key'

lv=$($INKAN registry checkpoint reg --vkey)
$INKAN registry checkpoint reg >cp.a
size_a=$(sed -n 2p cp.a)
expect 1 "a log the witness does not witness: exit 1" $INKAN witness cosign ws cp.a
check "...named" err_has "not a log this witness witnesses"
expect 2 "add-log refuses a malformed key" $INKAN witness add-log ws --log-vkey "x+1+AAAA"
expect 0 "add-log" $INKAN witness add-log ws --log-vkey "$lv"
expect 0 "add-log again changes nothing" $INKAN witness add-log ws --log-vkey "$lv"
check "...one key listed" test "$(cat ws/logs/*/vkeys | wc -l)" -eq 1

# A consistent sequence.
expect 0 "the first checkpoint, from size 0" $INKAN witness cosign ws cp.a
cp "$T/out" cs.a
check "...printed with one line more than the checkpoint" test "$(wc -l <cs.a)" -eq $(($(wc -l <cp.a) + 1))
check "...the checkpoint unchanged before it" sh -c 'head -n $(wc -l <cp.a) cs.a | cmp -s - cp.a'
check "...the independent checker verifies the log's signature and the cosignature" sh -c "$chk '$lv' '$wv' cs.a >/dev/null"
# The checker's honest twin: it refuses a cosignature with a bit changed.
python3 - cs.a cs.a.bad <<'PY'
import base64, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
name, sig = t[-2][2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[30] ^= 1
t[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
check "...and refuses it with a bit of the signature changed" sh -c "! $chk '$lv' '$wv' cs.a.bad 2>/dev/null"
check "...dated by the clock (INKAN_NOW)" sh -c "$chk '$lv' '$wv' cs.a | grep -q ' 1780272000\$'"

$INKAN registry add reg "$(env 1)" "$(env 2)" -q
$INKAN registry checkpoint reg >cp.b
size_b=$(sed -n 2p cp.b)
expect 5 "a larger checkpoint without a proof: exit 5 (409)" $INKAN witness cosign ws cp.b
check "...says which size to prove from" err_has "give --proof from size $size_a"
expect 0 "registry consistency prints the proof from the size cosigned" \
	$INKAN registry consistency reg "$size_a"
cp "$T/out" p.ab
check "...'old N', then base64 hashes" sh -c "head -n 1 p.ab | grep -qx 'old $size_a' && test \$(wc -l <p.ab) -ge 2 && ! tail -n +2 p.ab | grep -Evxq '[A-Za-z0-9+/]{43}='"
expect 2 "registry consistency above the log's size: exit 2" \
	$INKAN registry consistency reg 999
expect 2 "registry consistency of a size that is not a number: exit 2" \
	$INKAN registry consistency reg 07
expect 0 "the larger checkpoint with its proof" $INKAN witness cosign ws cp.b --proof p.ab
cp "$T/out" cs.b
check "...verified independently" sh -c "$chk '$lv' '$wv' cs.b >/dev/null"
$INKAN registry consistency reg "$size_b" >p.bb
expect 0 "the same checkpoint again, from its own size (empty proof)" \
	$INKAN witness cosign ws cp.b --proof p.bb

# A smaller tree, however it is asked for.
echo "old $size_a" >p.aa
expect 5 "a smaller tree, from the size it has: exit 5 (409)" \
	$INKAN witness cosign ws cp.a --proof p.aa
echo "old $size_b" >p.ba
expect 2 "a smaller tree, from the witness's size: exit 2 (400, old above the size)" \
	$INKAN witness cosign ws cp.a --proof p.ba

# A fork: a copy of the registry, log key and all, that adds another record.
cp -a reg fork
$INKAN registry add reg "$(env 3)" -q
$INKAN registry add fork "$(env 4)" -q
$INKAN registry checkpoint reg >cp.c
$INKAN registry checkpoint fork >cp.fc
size_c=$(sed -n 2p cp.c)
check "the fork and the registry are at one size with two roots" sh -c "test '$(sed -n 2p cp.fc)' = '$size_c' && ! cmp -s cp.c cp.fc"
$INKAN registry consistency reg "$size_b" >p.bc
$INKAN registry consistency fork "$size_b" >p.fbc
check "...each proof verifies in its own tree (the fork's differs)" sh -c '! cmp -s p.bc p.fbc'
expect 0 "the registry's checkpoint" $INKAN witness cosign ws cp.c --proof p.bc
cp "$T/out" cs.c
$INKAN registry consistency fork "$size_c" >p.fcc
expect 5 "the fork at the same size: exit 5 (422)" \
	$INKAN witness cosign ws cp.fc --proof p.fcc
check "...not consistent" err_has "not consistent"
$INKAN registry add fork "$(env 5)" -q
$INKAN registry checkpoint fork >cp.fd
$INKAN registry consistency fork "$size_c" >p.fcd
expect 5 "the fork grown past it, with the fork's true proof: exit 5 (422)" \
	$INKAN witness cosign ws cp.fd --proof p.fcd
expect 5 "the fork's checkpoint with the registry's proof: exit 5" \
	$INKAN witness cosign ws cp.fc --proof p.bc

# Bad proofs.
$INKAN registry add reg "$(env 6)" -q
$INKAN registry checkpoint reg >cp.d
$INKAN registry consistency reg "$size_c" >p.cd
python3 - p.cd p.cd.bad <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().split("\n")
h = bytearray(base64.b64decode(lines[1])); h[0] ^= 1
lines[1] = base64.b64encode(bytes(h)).decode()
open(sys.argv[2], "w").write("\n".join(lines))
PY
expect 5 "a proof with one hash changed: exit 5 (422)" \
	$INKAN witness cosign ws cp.d --proof p.cd.bad
head -n 1 p.cd >p.cd.short
expect 5 "a proof with its hashes left out: exit 5 (422)" \
	$INKAN witness cosign ws cp.d --proof p.cd.short
{ cat p.cd; tail -n 1 p.cd; } >p.cd.long
expect 5 "a proof with a hash too many: exit 5 (422)" \
	$INKAN witness cosign ws cp.d --proof p.cd.long
{ head -n 1 p.cd; echo 'not base64!'; } >p.cd.junk
expect 2 "a proof line that is not a base64 hash: exit 2 (400)" \
	$INKAN witness cosign ws cp.d --proof p.cd.junk
echo "old 0$size_c" >p.lead
expect 2 "an old size with a leading zero: exit 2 (400)" \
	$INKAN witness cosign ws cp.d --proof p.lead
{ echo "old $size_c"; for i in $(seq 64); do tail -n 1 p.cd; done; } >p.many
expect 2 "64 proof lines: exit 2 (400)" $INKAN witness cosign ws cp.d --proof p.many

# Bad log signatures.
python3 - cp.d cp.d.badsig <<'PY'
import base64, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(n for n, l in enumerate(t) if l.startswith("\u2014 "))
name, sig = t[i][2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[20] ^= 1
t[i] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
expect 1 "a log signature that does not verify: exit 1 (403)" \
	$INKAN witness cosign ws cp.d.badsig --proof p.cd
sed "2s/.*/$(($(sed -n 2p cp.d) + 1))/" cp.d >cp.d.edited
expect 1 "a checkpoint whose size was edited: exit 1 (403)" \
	$INKAN witness cosign ws cp.d.edited --proof p.cd
$INKAN keys generate --out other --no-passphrase >/dev/null 2>&1
sed -n '1,/^$/p' cp.d | head -n -1 >body.d
$mknote sign other.key "$(head -n 1 cp.d)" body.d >cp.d.other
expect 1 "a checkpoint signed by another key under the log's name: exit 1 (403)" \
	$INKAN witness cosign ws cp.d.other --proof p.cd
check "...no signature by a trusted key" err_has "no signature by a trusted key"
printf 'just text\n' >cp.junk
expect 2 "a checkpoint that is not a signed note: exit 2 (400)" \
	$INKAN witness cosign ws cp.junk --proof p.cd

# The refusals changed nothing: the registry's next checkpoint passes.
expect 0 "after the refusals, the registry's next checkpoint" \
	$INKAN witness cosign ws cp.d --proof p.cd
cp "$T/out" cs.d
check "every cosignature issued verifies independently, sizes growing" \
	sh -c "$chk '$lv' '$wv' cs.a cs.b cs.c cs.d >ver && awk '{ if (\$2 < last) exit 1; last = \$2 }' ver"
check "the state holds the last checkpoint cosigned" cmp -s ws/logs/*/checkpoint cs.d

# A size-0 checkpoint must have the empty tree's root (made outside
# inkan with the log's own key, for a second origin).
name0=zero.example/log
lk=reg/.git/inkan/log.key
$INKAN witness add-log ws --log-vkey "$($mknote vkey $lk $name0)"
printf '%s\n0\n%s\n' $name0 "$(printf '' | openssl dgst -sha256 -binary | base64)" >z.ok
printf '%s\n0\n%s\n' $name0 "$(sed -n 3p cp.d)" >z.bad
$mknote sign $lk $name0 z.ok >cp.z.ok
$mknote sign $lk $name0 z.bad >cp.z.bad
expect 5 "a size-0 checkpoint with another root: exit 5 (422)" \
	$INKAN witness cosign ws cp.z.bad
expect 0 "a size-0 checkpoint with the empty tree's root" \
	$INKAN witness cosign ws cp.z.ok

# The key file swapped behind the witness's back.
cp other.key wk.key
expect 2 "a key file that is not the witness's own: exit 2" \
	$INKAN witness cosign ws cp.d --proof p.cd
check "...says so" err_has "is not the key of the witness"

done_testing
