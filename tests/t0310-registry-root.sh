#!/bin/sh
# The trust root: rotation signed by the old and the new keys, operator
# records checked against the root in force, and rollbacks refused.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
for k in op op2 stranger aud; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
cat >acc.json <<'JSON'
{"person": {"name": "監査 次郎"}, "organisation": {"name": "テスト監査法人"},
 "roles": ["auditor"], "schemes": ["soc2-type2"], "key": {"public_key_file": "aud.pub"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}
JSON
export INKAN_NOW=2026-04-01T00:00:00Z
expect 0 "init" $INKAN registry init reg --operator-key op.key --name root.test/reg --expires 2027-01-01
expect 0 "rotate to root 2 with the same key, extending the expiry" $INKAN registry rotate-root reg --key op.key --expires 2029-01-01
check "root 2 is written" test -f reg/root/2.root.json
expect 0 "after rotation the registry verifies" $INKAN registry verify reg
expect 0 "...even past root 1's expiry" $INKAN registry verify reg --at 2027-06-01
expect 1 "a stranger cannot rotate the root" $INKAN registry rotate-root reg --key stranger.key
check "the refusal names the threshold" err_has "threshold"
check "no root 3 was written" test ! -e reg/root/3.root.json
expect 1 "the new keys alone cannot rotate" $INKAN registry rotate-root reg --key op2.key --new-key op2.key
expect 0 "rotate to a new operator key, signed by old and new" $INKAN registry rotate-root reg --key op.key --new-key op2.key
expect 1 "the old operator key no longer accredits" $INKAN registry accredit reg --key op.key acc.json
expect 0 "the new operator key accredits" $INKAN registry accredit reg --key op2.key acc.json
expect 0 "the registry verifies with three roots" $INKAN registry verify reg --json
check "three roots are counted" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["roots"]==3' "$T/out"
git -C reg rm -q root/3.root.json
git -C reg -c user.name=x -c user.email=x@x commit -qm "roll back the root"
expect 6 "a rolled-back root is refused: exit 6" $INKAN registry verify reg
check "it says the root was rolled back" out_has "rolled back"
done_testing
