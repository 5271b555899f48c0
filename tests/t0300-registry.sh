#!/bin/sh
# The registry end to end: root, accreditation, registration, status,
# the transparency log, history rewrites, clones and concurrent writers.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
c2sp="python3 $src/tests/fixtures/c2sp-verify.py"
cd "$T" || exit 2

for k in op aud aud2 mgmt mgmt2; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
AUD=$($INKAN keys id aud.pub)
AUD2=$($INKAN keys id aud2.pub)
MG=$($INKAN keys id mgmt.pub)
MG2=$($INKAN keys id mgmt2.pub)

# The template's organisation, and the base IaaS provider's.
CORP=9010401123456
CORP2=$(python3 "$src/bench/gen.py" --corporate-number 1)
accreditation() { # accreditation FILE PUB ROLE SCHEMES ORG [CORP] [SELECTION]
	_firm=
	[ -z "${7:-}" ] || _firm="\"audit_firm\": {\"name\": \"$5\", \"selection_id\": \"$7\"},"
	cat >"$1" <<JSON
{
  "person": {"name": "テスト 太郎"},
  "organisation": {"name": "$5", "corporate_number": "${6:-1234567890123}"},
  $_firm
  "roles": ["$3"],
  "schemes": $4,
  "qualifications": [{"name": "CISA", "number": "00001"}],
  "key": {"public_key_file": "$2"},
  "valid_from": "2026-01-01T00:00:00Z",
  "valid_until": "2028-01-01T00:00:00Z"
}
JSON
}

export INKAN_NOW=2026-04-01T00:00:00Z
expect 0 "registry init" $INKAN registry init reg --operator-key op.key --name registry.test/inkan --expires 2030-01-01
check "init prints the root record id" out_has '^sha256:'
expect 2 "init refuses an existing registry" $INKAN registry init reg --operator-key op.key
check "the log key stays private, inside .git" test "$(stat -c %a reg/.git/inkan/log.key)" = 600
check "the log key is not in the published tree" sh -c '! git -C reg ls-files | grep -q key'
expect 0 "a fresh registry verifies" $INKAN registry verify reg

accreditation acc-aud.json aud.pub auditor '["soc2-type2"]' あおぞら監査法人 "" AF-2025-017
accreditation acc-aud2.json aud2.pub auditor '["soc2-type2","ismap-cloud"]' みらい監査法人 "" AF-2025-018
accreditation acc-mg.json mgmt.pub management '["*"]' 株式会社サンプルクラウド $CORP
accreditation acc-mg2.json mgmt2.pub management '["*"]' 株式会社ベースインフラ $CORP2
for a in aud aud2 mg mg2; do
	expect 0 "accredit $a" $INKAN registry accredit reg --key op.key acc-$a.json
done
AUDACC=$(cat "$T/out")
sed 's/"auditor"/"wizard"/' acc-aud.json >acc-bad.json
n=$(git -C reg rev-list --count HEAD)
expect 1 "an accreditation with an unknown role is refused" $INKAN registry accredit reg --key op.key acc-bad.json
check "a refused accreditation writes no commit" test "$(git -C reg rev-list --count HEAD)" = "$n"
expect 1 "an accreditation signed by a non-operator key is refused" $INKAN registry accredit reg --key aud.key acc-aud.json
AUDACC=$($INKAN registry list reg --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin) if r["kind"]=="signer"][0])')

# audit OUT AUDITOR_KEYID MGMT_KEYID CHANGES: the audit firm and the
# organisation are those the two keys are accredited for.
audit() {
	_firm={} _org={}
	[ "$2" != "$AUD2" ] || _firm='{"audit_firm": {"name": "みらい監査法人", "selection_id": "AF-2025-018"}}'
	[ "$3" != "$MG2" ] || _org="{\"organisation\": {\"name\": \"株式会社ベースインフラ\", \"corporate_number\": \"$CORP2\"}}"
	$INKAN new audit-report |
	    $fill auditor=$2 management=$3 "$_firm" "$_org" "$4" ${5:+"$5"} >"$1.json"
}
export INKAN_NOW=2026-06-01T00:00:00Z
audit a "$AUD" "$MG" '{}'
$INKAN sign a.json --key aud.key --role auditor -o a.dsse.json >/dev/null 2>&1
cp a.dsse.json a-one.dsse.json
$INKAN sign a.dsse.json --key mgmt.key --role management >/dev/null 2>&1
A=$($INKAN verify a.dsse.json --key aud.pub --key mgmt.pub --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')
expect 1 "an audit without management's signature is refused" $INKAN registry add reg a-one.dsse.json
check "the refusal names the missing signature" err_has "management"
expect 0 "an audit signed by auditor and management is added" $INKAN registry add reg a.dsse.json
check "add reports it added" out_has "$A added"
# The registered payload's bytes signed as text/plain by its own auditor:
# genuine signatures, but not over the registered record.
python3 -c 'import base64,json,sys; sys.stdout.buffer.write(base64.b64decode(json.load(open("a.dsse.json"))["payload"]))' >a.payload
$INKAN sign a.payload --raw --payload-type text/plain --key aud.key -o a-plain.dsse.json >/dev/null 2>&1
expect 1 "verify --registry of the registered payload signed as text/plain is a bad signature" $INKAN verify a-plain.dsse.json --registry reg
check "...saying the payload type is not the registered record's" out_has "payloadType 'text/plain' is not"
expect 0 "...its twin, the registered envelope itself, is valid" $INKAN verify a.dsse.json --registry reg
expect 0 "adding it again is a no-op" $INKAN registry add reg a.dsse.json
check "the no-op says so" out_has "already registered"
check "the soc2 catalogue is pinned in the registry" test -f reg/catalogs/soc2-tsc@2017.json
expect 0 "registry list --json" $INKAN registry list reg --json
check "list --json has id, predicateType, status and path" python3 -c '
import json,sys; rs=json.load(open(sys.argv[1])); a=[r for r in rs if r["id"]==sys.argv[2]][0]
assert a["predicateType"]=="urn:inkan:audit-report:v1" and a["status"]=="active"
assert a["path"].startswith("records/audit-report/")' "$T/out" "$A"
expect 0 "registry list filtered by signer and validity date" $INKAN registry list reg --json --signer "$AUD" --valid-on 2026-07-01
check "the filter finds the audit signed by that auditor" python3 -c '
import json,sys; rs=json.load(open(sys.argv[1])); assert [r["id"] for r in rs]==[sys.argv[2]], rs' "$T/out" "$A"
expect 0 "a validity date outside the window finds nothing" $INKAN registry list reg --json --signer "$AUD" --valid-on 2028-01-01
check "...an empty list" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))==[]' "$T/out"
expect 0 "verify --registry: genuine, registered, current" $INKAN verify a.dsse.json --registry reg
expect 0 "registry proof" $INKAN registry proof reg "$A"
check "the proof is a C2SP tlog-proof" sh -c 'head -1 "$0" | grep -qx "c2sp.org/tlog-proof@v1"' "$T/out"
$INKAN registry checkpoint reg >cp1
$INKAN registry checkpoint reg --vkey >vkey
check "the checkpoint verifies with an independent C2SP implementation" $c2sp "$(cat vkey)" cp1
sed 's/^registry.test\/inkan$/registry.test\/other/' cp1 >cp-bad
check "...which rejects a changed checkpoint" sh -c '! $0 "$1" cp-bad 2>/dev/null' "$c2sp" "$(cat vkey)"

# Revoking the auditor's accreditation from a time after the audit.
export INKAN_NOW=2026-07-01T00:00:00Z
expect 0 "revoke the auditor's accreditation from 2026-06-15" $INKAN registry status reg "$AUDACC" --action revoke --reason MISCONDUCT --text "選定の取消し" --effective-at 2026-06-15T00:00:00Z --key op.key
expect 0 "the audit integrated before the revocation stays valid" $INKAN verify a.dsse.json --registry reg
audit b "$AUD" "$MG" '{"service": {"name": "別サービス", "id": "other", "models": [{"model": "SaaS", "responsibility": "all"}], "deployment_models": ["public"], "regions": ["Tokyo"]}}'
$INKAN sign b.json --key aud.key --role auditor -o b.dsse.json >/dev/null 2>&1
$INKAN sign b.dsse.json --key mgmt.key --role management >/dev/null 2>&1
expect 1 "a new audit by the revoked auditor is refused" $INKAN registry add reg b.dsse.json
check "the refusal says the accreditation was revoked" err_has "revoked"

# built_on: a SaaS on a registered IaaS is delisted with it (ISMAP-style:
# the base service is registered under the same scheme).
ISMAP=$(cat "$src/tests/fixtures/ismap.json")
audit base "$AUD2" "$MG2" "$ISMAP" '{"service": {"name": "ベースIaaS", "id": "base-iaas", "models": [{"model": "IaaS", "responsibility": "all of it"}], "deployment_models": ["public"], "regions": ["Tokyo"]}}'
$INKAN sign base.json --key aud2.key --role auditor -o base.dsse.json >/dev/null 2>&1
$INKAN sign base.dsse.json --key mgmt2.key --role management >/dev/null 2>&1
expect 0 "the IaaS audit is added" $INKAN registry add reg base.dsse.json
B=$(cut -d' ' -f1 "$T/out")
audit saas "$AUD2" "$MG" "$ISMAP" "{\"built_on\": [\"$B\"], \"service\": {\"name\": \"上物SaaS\", \"id\": \"saas\", \"models\": [{\"model\": \"SaaS\", \"responsibility\": \"app\"}], \"deployment_models\": [\"public\"], \"regions\": [\"Tokyo\"]}}"
$INKAN sign saas.json --key aud2.key --role auditor -o saas.dsse.json >/dev/null 2>&1
$INKAN sign saas.dsse.json --key mgmt.key --role management >/dev/null 2>&1
expect 0 "the SaaS built on it is added" $INKAN registry add reg saas.dsse.json
S=$(cut -d' ' -f1 "$T/out")
expect 1 "a reason code the scheme data does not list is refused" $INKAN registry status reg "$B" --action delist --reason SURVEILANCE --key op.key
check "...naming the codes that fit the action" err_has "is not one of the scheme data's.*for delist: .*MANDATORY-CONTROL-FAILURE"
expect 1 "a reason code that does not fit the action is refused" $INKAN registry status reg "$B" --action delist --reason CLEARED --key op.key
check "...saying so" err_has "reason code 'CLEARED' (Suspicion cleared) is not a reason to delist"
mkdir badreasons && cp "$src"/catalogs/*.json badreasons/ &&
python3 -c 'import json; d=json.load(open("badreasons/reasons.json")); d["reasons"][0]["labels"]=1; json.dump(d, open("badreasons/reasons.json", "w"))'
expect 2 "a reasons file with a member it should not have is not read" env INKAN_CATALOGS=$T/badreasons $INKAN registry status reg "$B" --action delist --reason MANDATORY-CONTROL-FAILURE --key op.key
check "...saying which reason" err_has "reasons.json': reason 'FALSE-DECLARATION' needs"
expect 0 "delist the IaaS" $INKAN registry status reg "$B" --action delist --reason MANDATORY-CONTROL-FAILURE --text "定期監査で不備" --key op.key
expect 0 "registry show of the SaaS" $INKAN registry show reg "$S"
check "the SaaS shows as delisted by cascade" out_has "delisted.*built on service base-iaas of $CORP2, whose registration $B is delisted"
expect 4 "verify --registry of the SaaS: exit 4" $INKAN verify saas.dsse.json --registry reg
check "...its first words are its status, not a verdict of the checks" grep -q '^saas.dsse.json: delisted' "$T/out"
expect 4 "verify --registry of the delisted IaaS: exit 4" env TZ=JST-9 LC_ALL=C.UTF-8 $INKAN verify base.dsse.json --registry reg
check "...says delisted, since when in Japan's time, and the reason's code and label" grep -q '^base.dsse.json: delisted 20[0-9-]* [0-9:]* JST (MANDATORY-CONTROL-FAILURE: A mandatory control not met): ' "$T/out"
expect 4 "...in a Japanese locale" env TZ=JST-9 LC_ALL=ja_JP.UTF-8 $INKAN verify base.dsse.json --registry reg
check "...the label is the scheme data's Japanese one" grep -q '^base.dsse.json: delisted .* JST (MANDATORY-CONTROL-FAILURE: 必須の管理策の不備): ' "$T/out"
check "...and never 'valid' on that line" sh -c '! grep -q "^base.dsse.json: valid" "$0"' "$T/out"
expect 4 "verify --json of the delisted IaaS" $INKAN verify --json base.dsse.json --registry reg
check "...has the status as data: state, since and reason code" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))[0]
s = r["status"]
assert s["state"] == "delisted" and s["reason_code"] == "MANDATORY-CONTROL-FAILURE", s
assert s["reason_label"] == {"ja": "必須の管理策の不備", "en": "A mandatory control not met"}, s
assert s["since"].endswith("Z") and "定期監査で不備" in s["reason"], s
assert r["record"]["service"]["id"] == "base-iaas", r["record"]
assert r["record"]["valid_from"] < r["record"]["valid_until"], r["record"]
' "$T/out"
expect 0 "verify --json of an active record" $INKAN verify --json a.dsse.json --registry reg
check "...says active" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))[0]["status"]["state"] == "active"' "$T/out"
expect 0 "reinstate the IaaS" $INKAN registry status reg "$B" --action reinstate --reason FIXED --key op.key
expect 0 "the SaaS is active again" $INKAN verify saas.dsse.json --registry reg

# Expiry is computed, never typed.
expect 3 "a record past its validity: exit 3" $INKAN verify a.dsse.json --registry reg --at 2027-06-01
expect 6 "after the trust root expires: exit 6" $INKAN verify a.dsse.json --registry reg --at 2031-01-01
expect 6 "registry verify after the trust root expires: exit 6" $INKAN registry verify reg --at 2031-01-01
expect 0 "registry show --at after the window" $INKAN registry show reg "$A" --at 2027-06-01
check "show says expired" out_has "status: *expired"
expect 5 "an unregistered envelope: not in the log, exit 5" $INKAN verify b.dsse.json --registry reg
# A registered envelope whose payload was changed is a bad signature
# (exit 1), checked with the registry's keys of its declared signers; a
# genuine envelope the registry does not hold stays "not in the log" (5).
python3 - a.dsse.json changed.dsse.json <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))
p = base64.b64decode(e["payload"])
e["payload"] = base64.b64encode(p.replace(b'"valid_until"', b'"valid_until" ', 1) if b'"valid_until"' in p else p + b" ").decode()
json.dump(e, open(sys.argv[2], "w"))
PY
expect 1 "a changed registered envelope with --registry: bad signature, exit 1" $INKAN verify changed.dsse.json --registry reg
check "...named as a signature no accredited key verifies" out_has "signature 1: not verified"
check "...and as not in the log" out_has "is not in the log"

# A clone is all a procurer needs.
git clone -q reg clone
expect 0 "verify --registry against a plain git clone" $INKAN verify a.dsse.json --registry clone
expect 0 "registry verify of the clone" $INKAN registry verify clone

# Every commit is SSH-signed by the registry's log key; git checks it.
expect 0 "export git's allowed signers from the registry" $INKAN registry export allowed-signers reg -o allowed
check "git verify-commit: every registry commit carries a good signature" sh -c '
	for c in $(git -C reg rev-list HEAD); do
		git -C reg -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$0" verify-commit "$c" 2>/dev/null || exit 1
	done' "$T/allowed"
check "git log --show-signature says Good" sh -c 'git -C reg -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$0" log --show-signature -1 2>&1 | grep -q "Good \"git\" signature"' "$T/allowed"
grep -v inkan-log allowed >allowed-nolog
check "...and refuses it without the log key in allowed signers" sh -c '! git -C reg -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$0" verify-commit HEAD 2>/dev/null' "$T/allowed-nolog"
git clone -q reg unsigned
echo x >unsigned/x && git -C unsigned add x && git -C unsigned -c user.name=x -c user.email=x@x -c commit.gpgsign=false commit -qm "not by the registry"
check "a commit made outside inkan has no good signature" sh -c '! git -C unsigned -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$0" verify-commit HEAD 2>/dev/null' "$T/allowed"

# Concurrent writers: both land, each once.
audit c1 "$AUD2" "$MG" '{"service": {"name": "並行1", "id": "c1", "models": [{"model": "SaaS", "responsibility": "x"}], "deployment_models": ["public"], "regions": ["Tokyo"]}}'
audit c2 "$AUD2" "$MG" '{"service": {"name": "並行2", "id": "c2", "models": [{"model": "SaaS", "responsibility": "x"}], "deployment_models": ["public"], "regions": ["Tokyo"]}}'
for c in c1 c2; do
	$INKAN sign $c.json --key aud2.key --role auditor -o $c.dsse.json >/dev/null 2>&1
	$INKAN sign $c.dsse.json --key mgmt.key --role management >/dev/null 2>&1
done
$INKAN registry add reg c1.dsse.json >o1 2>e1 &
p1=$!
$INKAN registry add reg c2.dsse.json >o2 2>e2 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "two concurrent adds both succeed" test "$r1$r2" = 00
check "each is in the log exactly once" sh -c 'for f in o1 o2; do id=$(cut -d" " -f1 $f); test "$(grep -c "^$id " reg/log/leaves)" = 1 || exit 1; done'
expect 0 "the registry verifies after concurrent adds" $INKAN registry verify reg

# ISMAP-style: registered only when every mandatory control was met.
$INKAN keys generate --out aud3 --no-passphrase >/dev/null 2>&1
AUD3=$($INKAN keys id aud3.pub)
accreditation acc-aud3.json aud3.pub auditor '["ismap-cloud"]' あおぞら監査法人 "" AF-2025-017
expect 0 "accredit an ISMAP-style auditor" $INKAN registry accredit reg --key op.key acc-aud3.json
ismap() { # ismap NAME RESULT
	audit $1 "$AUD3" "$MG" "{\"scheme\": \"ismap-cloud\", \"level\": \"3\", \"audit_type\": \"direct\",
	  \"report_type\": \"other\", \"engagement_standard\": \"ISMAP-style audit procedures (sample)\",
	  \"criteria\": {\"framework\": \"sample\", \"catalog\": \"ismap-sample\", \"catalog_version\": \"sample-1\", \"categories\": [\"9\"]},
	  \"statement_of_applicability\": {\"catalog_version\": \"sample-1\", \"selected\": [\"9.2.1.1\", \"9.2.1.2\", \"9.2.1.3\"],
	    \"excluded\": [{\"id\": \"9.2.1.4\", \"reason\": {\"ja\": \"顧客が自ら行う\"}}]},
	  \"controls\": [{\"id\": \"9.2.1.1\", \"result\": \"$2\", \"procedures\": [\"inspection\"], \"sample_size\": 10, \"reason\": \"r\"},
	    {\"id\": \"9.2.1.2\", \"result\": \"conformant\", \"procedures\": [\"inquiry\"], \"sample_size\": 5}],
	  \"public_disclosures\": {\"capital-and-officers\": \"なし\", \"foreign-law-exposure\": \"なし\",
	    \"data-location-regions\": \"東京\", \"governing-law-and-jurisdiction\": \"日本法\",
	    \"third-party-penetration-test\": \"実施済\"},
	  \"service\": {\"name\": \"ISMAP $1\", \"id\": \"$1\", \"models\": [{\"model\": \"SaaS\", \"responsibility\": \"x\"}], \"deployment_models\": [\"public\"], \"regions\": [\"Tokyo\"]}}"
	$INKAN sign $1.json --key aud3.key --role auditor -o $1.dsse.json >/dev/null 2>&1
	$INKAN sign $1.dsse.json --key mgmt.key --role management >/dev/null 2>&1
}
ismap ismap-bad exception
expect 1 "an ISMAP-style audit with a mandatory control not met is refused" $INKAN registry add reg ismap-bad.dsse.json
check "the refusal says why" err_has "mandatory control"
ismap ismap-ok conformant
expect 0 "with every mandatory control met it is registered" $INKAN registry add reg ismap-ok.dsse.json
check "the ISMAP sample catalogue is pinned" test -f reg/catalogs/ismap-sample@sample-1.json

# A rewritten history is caught by anyone holding an older checkpoint.
$INKAN registry checkpoint reg >cp-old
git -C reg reset -q --hard HEAD~1
expect 5 "the writer refuses a log behind the checkpoint it signed last" $INKAN registry status reg "$A" --action suspend --reason INVESTIGATION --key op.key
check "...and says the history was rolled back" err_has "rolled back or rewritten"
# Another machine (which never signed the later checkpoint) can write.
mv reg/.git/inkan/checkpoint cp-saved
expect 0 "a different add after a reset, by a machine that did not sign the later checkpoint" $INKAN registry status reg "$A" --action suspend --reason INVESTIGATION --key op.key
expect 5 "registry verify --since-checkpoint finds the rewrite" $INKAN registry verify reg --since-checkpoint cp-old
check "it says the history was rewritten" out_has "rewritten"
expect 0 "the old checkpoint is consistent with the clone made before" $INKAN registry verify clone --since-checkpoint cp1

# An edited record file in a later commit.
f=$(git -C clone ls-files 'records/audit-report/*' | head -1)
python3 - "clone/$f" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
i=s.index('"sig":"')+7; c='A' if s[i]!='A' else 'B'
open(p,'w').write(s[:i]+c+s[i+1:])
PY
git -C clone -c user.name=x -c user.email=x@x commit -qam "edit"
expect 1 "registry verify finds an edited record" $INKAN registry verify clone
check "it names the commit that edited it" out_has "edits 'records/audit-report/"
expect 2 "add refuses a working tree with unrelated changes" sh -c 'echo x >reg/stray.txt && $0 registry add reg c1.dsse.json' "$INKAN"
done_testing
