#!/bin/sh
# A split view (docs/FORMAT.md 8.6, 8.8): the holder of the log key forks
# the registry (a copy with its key, each side adding a different record)
# to show different readers different logs.  Both sides ask the same two
# HTTP witnesses (quorum 2): the first side gets its quorum, the second is
# refused by each (409, then 422 from the size the witness is at), so its
# readers refuse it (exit 5); an offline cosign of it is refused too; and
# a reader holding either side's checkpoint detects the other with
# registry verify --since-checkpoint (exit 5).
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2)
synthetic_registry reg 分岐試験
synthetic_envelopes 3
env1=$(sed -n 1p envs.list) env2=$(sed -n 2p envs.list) env3=$(sed -n 3p envs.list)
$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2" >/dev/null 2>&1
lv=$($INKAN registry checkpoint reg --vkey)
pids=
trap 'kill $pids 2>/dev/null; rm -rf "$T"' EXIT
for w in 1 2; do
	$INKAN witness add-log ws$w --log-vkey "$lv"
	$INKAN witness serve ws$w --listen 127.0.0.1:0 >serve$w.out 2>serve$w.err &
	pids="$pids $!"
	for i in $(seq 100); do
		grep -q '^listening on port' serve$w.out && break
		sleep 0.1
	done
	$INKAN registry witness-url reg witness.example/w$w \
		"http://127.0.0.1:$(sed -n 's/^listening on port //p' serve$w.out)"
done

expect 0 "the common state: a write both witnesses cosign" \
	$INKAN registry add reg "$env1" -q
check "...quorum met" sh -c "grep -q 'has 2 of 2 required cosignatures\$' '$T/err' && ! grep -q missing '$T/err'"
expect 0 "...readers accept it" $INKAN verify "$env1" --registry reg

# The fork: the same registry, key and witness addresses, twice.
cp -a reg fork
expect 0 "side A adds a record" $INKAN registry add reg "$env2" -q
check "...and gets both cosignatures" err_has "has 2 of 2 required cosignatures\$"
$INKAN registry checkpoint reg >cpA
check "...that verify with the independent checker" sh -c \
	"$chk '$lv' '$w1' cpA >/dev/null && $chk '$lv' '$w2' cpA >/dev/null"
expect 0 "side B adds another record: the write itself commits" \
	$INKAN registry add fork "$env3" -q
check "...each witness refuses it, named" sh -c \
	"grep -q \"^inkan: witness 'witness.example/w1': \" '$T/err' && grep -q \"^inkan: witness 'witness.example/w2': \" '$T/err'"
check "...as not consistent with what it cosigned (422 after the 409)" \
	err_has "refused (422).*not consistent"
check "...so it has none of the quorum" err_has "has 0 of 2 required cosignatures"
check "...nothing stored for B's checkpoint" sh -c \
	"! git -C fork show HEAD:log/cosignatures 2>/dev/null | grep -q ."
git -C fork show HEAD:log/checkpoint >cpB
check "the two sides are the same size (a true split, not a lag)" \
	test "$(sed -n 2p cpA)" = "$(sed -n 2p cpB)"

expect 5 "verify --registry of side B: exit 5" $INKAN verify "$env3" --registry fork
check "...naming both missing witnesses" \
	err_has "has 0 of 2 required cosignatures (missing: witness.example/w1, witness.example/w2)"
expect 5 "registry verify of side B: exit 5" $INKAN registry verify fork
expect 5 "site build of side B: exit 5" $INKAN site build fork -o siteB -q
expect 0 "verify --registry of side A: exit 0" $INKAN verify "$env2" --registry reg
expect 0 "site build of side A: exit 0" $INKAN site build reg -o siteA -q

size=$(sed -n 2p cpB)
$INKAN registry consistency fork $((size - 1)) >pB
expect 5 "an offline cosign of side B by a witness of A: refused (exit 5)" \
	$INKAN witness cosign ws1 cpB --proof pB

expect 5 "a reader holding A's cosigned checkpoint detects B: exit 5" \
	$INKAN registry verify fork --since-checkpoint cpA
check "...as a log that is not an extension of A's" \
	out_has "not an extension of cpA"
expect 5 "a reader holding B's checkpoint detects A: exit 5" \
	$INKAN registry verify reg --since-checkpoint cpB
expect 0 "...and A against its own earlier checkpoint is consistent" \
	$INKAN registry verify reg --since-checkpoint cpA

done_testing
