#!/bin/sh
# The trust root names the registry's witnesses and their quorum
# (docs/FORMAT.md 8.1): registry init and rotate-root set them, checkpoint
# --witness-vkeys prints them, and a set a root may not name (a log key
# where a cosigner key belongs, a witness twice, a quorum above their
# number or of none) is refused; a registry without witnesses keeps the
# root it always had.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
$INKAN keys generate --out op --no-passphrase >/dev/null 2>&1
for w in 1 2 3; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2) w3=$(cat wv3)
root_pred() { # root_pred DIR VERSION: the root's predicate as JSON
	git -C "$1" show HEAD:root/$2.root.json | python3 -c 'import base64, json, sys; print(json.dumps(json.loads(base64.b64decode(json.load(sys.stdin)["payload"]))["predicate"]))'
}

expect 0 "init with two witnesses and a quorum of one" \
	$INKAN registry init reg --operator-key op.key --name test.example/reg \
	--witness "$w1" --witness "$w2" --witness-quorum 1
expect 0 "checkpoint --witness-vkeys" $INKAN registry checkpoint reg --witness-vkeys
check "...prints both, one a line" sh -c "printf '%s\n%s\n' '$w1' '$w2' | cmp -s - '$T/out'"
root_pred reg 1 >p1
check "the root names them with their names, and the quorum" python3 -c "
import json, sys
p = json.load(open('p1'))
assert p['witness_keys'] == [{'name': 'witness.example/w1', 'vkey': '$w1'},
                            {'name': 'witness.example/w2', 'vkey': '$w2'}], p
assert p['witness_quorum'] == 1"
expect 5 "registry verify reads the root, and requires its quorum: exit 5" \
	$INKAN registry verify reg
check "...none of the one required cosignature yet" out_has "has 0 of 1 required cosignatures"

expect 0 "rotate-root to three witnesses, all needed" \
	$INKAN registry rotate-root reg --key op.key --witness "$w1" \
	--witness "$w2" --witness "$w3"
$INKAN registry checkpoint reg --witness-vkeys >wl
check "...three listed" test "$(wc -l <wl)" -eq 3
check "...quorum 3 by default" sh -c "git -C reg show HEAD:root/2.root.json | python3 -c 'import base64, json, sys; assert json.loads(base64.b64decode(json.load(sys.stdin)[\"payload\"]))[\"predicate\"][\"witness_quorum\"] == 3'"
expect 0 "rotate-root without witness options keeps them" \
	$INKAN registry rotate-root reg --key op.key
$INKAN registry checkpoint reg --witness-vkeys >wl
check "...still three" test "$(wc -l <wl)" -eq 3
expect 0 "rotate-root --witness-quorum 2 changes only the quorum" \
	$INKAN registry rotate-root reg --key op.key --witness-quorum 2
check "...quorum 2 of the same three" sh -c "git -C reg show HEAD:root/4.root.json | python3 -c 'import base64, json, sys; p = json.loads(base64.b64decode(json.load(sys.stdin)[\"payload\"]))[\"predicate\"]; assert p[\"witness_quorum\"] == 2 and len(p[\"witness_keys\"]) == 3'"
expect 2 "a quorum above the number of witnesses: exit 2" \
	$INKAN registry rotate-root reg --key op.key --witness-quorum 4
check "...says so" err_has "quorum of 4 of 3"
expect 2 "a witness named twice: exit 2" \
	$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w1"
check "...says so" err_has "named twice"
expect 2 "a log key (type 0x01) where a cosigner key belongs: exit 2" \
	$INKAN registry rotate-root reg --key op.key \
	--witness "$($INKAN registry checkpoint reg --vkey)"
expect 2 "a vkey whose hash does not match: exit 2" \
	$INKAN registry rotate-root reg --key op.key \
	--witness "$(echo "$w1" | sed 's/+[0-9a-f]\{8\}+/+00000000+/')"
expect 2 "a quorum of 0 with witnesses given: exit 2" \
	$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness-quorum 0
check "the refused rotations changed nothing: root 4 is the newest" \
	sh -c '! git -C reg cat-file -e HEAD:root/5.root.json 2>/dev/null'
expect 0 "rotate-root --witness-quorum 0 removes the witnesses" \
	$INKAN registry rotate-root reg --key op.key --witness-quorum 0
expect 0 "...checkpoint --witness-vkeys prints nothing" \
	$INKAN registry checkpoint reg --witness-vkeys
check "...nothing" test ! -s "$T/out"
root_pred reg 5 >p5
check "...the root has no witness_quorum and an empty witness_keys" python3 -c "
import json
p = json.load(open('p5'))
assert p['witness_keys'] == [] and 'witness_quorum' not in p, p"
expect 0 "registry verify reads the whole chain" $INKAN registry verify reg

expect 0 "init with no witnesses" $INKAN registry init plain --operator-key op.key
root_pred plain 1 >pp
check "...the root as before: an empty witness_keys, no quorum" python3 -c "
import json
p = json.load(open('pp'))
assert p['witness_keys'] == [] and 'witness_quorum' not in p, p"
expect 2 "init with a quorum and no witnesses: exit 2" \
	$INKAN registry init bad1 --operator-key op.key --witness-quorum 1
check "...and no registry made" test ! -e bad1
expect 2 "--witness-quorum that is not a number: exit 2" \
	$INKAN registry init bad2 --operator-key op.key --witness "$w1" --witness-quorum x

done_testing
