#!/bin/sh
# Registry rules at their edges: thresholds above one, backdated
# revocations, index tampering, an expired root, list --at, supersede,
# and init with an encrypted log key.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
cd "$T" || exit 2
for k in op op2 aud mgmt; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
printf 'log key passphrase\n' >pw
$INKAN keys generate --out logk --passphrase-file pw >/dev/null 2>&1
acc() { # acc FILE PUB ROLE SCHEMES
	printf '{"person":{"name":"試験 %s"},"organisation":{"name":"株式会社サンプルクラウド","corporate_number":"9010401123456"},"audit_firm":{"name":"あおぞら監査法人","selection_id":"AF-2025-017"},"roles":["%s"],"schemes":%s,"key":{"public_key_file":"%s"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' "$3" "$3" "$4" "$2" >"$1"
}
acc acc-aud.json aud.pub auditor '["soc2-type2"]'
acc acc-mg.json mgmt.pub management '["*"]'

export INKAN_NOW=2026-04-01T00:00:00Z
expect 2 "init with a missing operator key leaves nothing behind" $INKAN registry init bad --operator-key nope.key
check "no half-made folder" test ! -e bad
expect 0 "init with an encrypted log key and --passphrase-file" $INKAN registry init reg --operator-key op.key --log-key logk.key --passphrase-file pw --expires 2027-01-01
check "the log key's path is recorded, not the key" sh -c '! test -e reg/.git/inkan/log.key && test -s reg/.git/inkan/log-key-path'
export INKAN_PASSPHRASE_FILE="$T/pw"
expect 0 "rotate to two operator keys, threshold 2" $INKAN registry rotate-root reg --key op.key --new-key op.key --new-key op2.key --threshold 2
expect 1 "one operator key is not enough any more" $INKAN registry accredit reg --key op.key acc-aud.json
expect 0 "two operator keys accredit" $INKAN registry accredit reg --key op.key --key op2.key acc-aud.json
ACC=$(cat "$T/out")
expect 0 "and the management" $INKAN registry accredit reg --key op.key --key op2.key acc-mg.json
expect 0 "accrediting the same person again is a new record (a renewal)" $INKAN registry accredit reg --key op.key --key op2.key acc-mg.json
check "...with its own id" test "$(cat "$T/out")" != "$ACC"

mkaudit() { # mkaudit NAME SERVICE_ID
	$INKAN new audit-report | $fill auditor=$($INKAN keys id aud.pub) management=$($INKAN keys id mgmt.pub) "{\"service\": {\"name\": \"$2\", \"id\": \"$2\", \"models\": [{\"model\": \"SaaS\", \"responsibility\": \"x\"}], \"deployment_models\": [\"public\"], \"regions\": [\"Tokyo\"]}}" >$1.json
	$INKAN sign $1.json --key aud.key --role auditor -o $1.dsse.json >/dev/null 2>&1
	$INKAN sign $1.dsse.json --key mgmt.key --role management >/dev/null 2>&1
}
export INKAN_NOW=2026-05-01T00:00:00Z
mkaudit a svc-a
expect 0 "an audit is added" $INKAN registry add reg a.dsse.json
A=$(cut -d' ' -f1 "$T/out")
export INKAN_NOW=2026-06-01T00:00:00Z
expect 1 "supersede --by a record not in the registry is refused" $INKAN registry status reg "$A" --action supersede --by sha256:0000000000000000000000000000000000000000000000000000000000000000 --reason RENEWED --key op.key --key op2.key
expect 0 "list --at before the audit leaves it out" $INKAN registry list reg --json --at 2026-04-15
check "...the audit is not listed" sh -c '! grep -q "$0" "$1"' "$A" "$T/out"
expect 0 "revoke the auditor's accreditation backdated before the audit" $INKAN registry status reg "$ACC" --action revoke --reason MISCONDUCT --effective-at 2026-04-15T00:00:00Z --key op.key --key op2.key
expect 0 "registry show" $INKAN registry show reg "$A"
check "the audit registered after the backdated revocation shows revoked" out_has "status: *revoked.*accreditation"
expect 1 "verify --registry refuses it" $INKAN verify a.dsse.json --registry reg

# Editing an index cannot hide a revocation.
git -C reg ls-files links | head -1 >links.txt
f=$(cat links.txt)
: >"reg/$f"
git -C reg -c user.name=x -c user.email=x@x commit -qam "hide"
expect 1 "registry verify finds an emptied index" $INKAN registry verify reg
check "it names the index" out_has "index '$f'"
git -C reg reset -q --hard HEAD~1

export INKAN_NOW=2027-05-01T00:00:00Z
mkaudit b svc-b
expect 6 "an expired root refuses new records" $INKAN registry add reg b.dsse.json
check "it says to rotate" err_has "rotate"
done_testing
