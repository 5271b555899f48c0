#!/bin/sh
# A service's registrations (docs/FORMAT.md 8.4, docs/CATALOGS.md
# "bases"): built on a service, not on one year's record; the cascade,
# transitively, and its lifting; one registration per service and scheme.
# On the demo's registry, whose ISMAP-style IaaS was re-audited (its SaaS
# つなぐ stays registered) and whose object storage was delisted (its SaaS
# ひかり設計クラウド with it).  Each rule has its refused twin (exit 1,
# naming the rule and what disagrees).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
demo_registry
A="python3 $INKAN_SRC/tests/adversarial/adv.py"
BI=9010401234567 # 株式会社ベースインフラ
state() { # state ID: the status registry show gives the record
	$INKAN registry show $R "$1" --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}
why() {
	$INKAN registry show $R "$1" --json |
	    python3 -c 'import json,sys; r = json.load(sys.stdin); print(r.get("status_reason", ""))'
}

added() { cut -d' ' -f1 "$T/out"; }

IAAS1=$(demo_rid base-iaas-ismap-2025) IAAS2=$(demo_rid base-iaas-ismap-2026)
STORE=$(demo_rid base-storage-ismap) TSUNAGU=$(demo_rid tsunagu-ismap)
HIKARI=$(demo_rid hikari-design-ismap)

# --- a re-audit keeps what is built on the service --------------------------
check "the IaaS's first record is superseded by its re-audit" test "$(state "$IAAS1")" = superseded
check "the SaaS built on the IaaS is active" test "$(state "$TSUNAGU")" = active
expect 0 "verify --registry of the SaaS on the re-audited IaaS: valid" \
    $INKAN verify $P/records/tsunagu-ismap.dsse.json --registry $R
# --- the cascade: a delisted base delists what is built on it -------------
check "the SaaS built on the delisted storage is delisted" test "$(state "$HIKARI")" = delisted
check "...saying which service, whose record, and its status" sh -c \
    'echo "$1" | grep -q "built on service base-storage of 9010401234567, whose registration $2 is delisted"' _ "$(why "$HIKARI")" "$STORE"
expect 4 "verify --registry of the SaaS on the delisted storage: exit 4" \
    $INKAN verify $P/records/hikari-design-ismap.dsse.json --registry $R

# --- what registry add asks of built_on ------------------------------------
SVC="p['service'] = {'name': 'テスト上物', 'id': 'ue', 'models': [{'model': 'SaaS', 'responsibility': 'app'}], 'deployment_models': ['public'], 'regions': ['日本（東京）']}"
SAKURA=$(demo_mgmt mgmt-sakura sakura-star3)
demo_variant on-store tsunagu-ismap auditor-suzuki mgmt-sakura "$SAKURA; $SVC
p['built_on'] = [{'corporate_number': '$BI', 'service_id': 'base-storage'}]"
expect 1 "a service built on a delisted service is refused" \
    $INKAN registry add $R on-store.dsse.json
check "...naming the base, its record and its status" err_has "built on base-storage of $BI, whose registration $STORE is delisted"
demo_variant on-none tsunagu-ismap auditor-suzuki mgmt-sakura "$SAKURA; $SVC
p['built_on'] = [{'corporate_number': '$BI', 'service_id': 'no-such-iaas'}]"
expect 1 "a service built on a service that was never registered is refused" \
    $INKAN registry add $R on-none.dsse.json
check "...saying it has no registration" err_has "built on no-such-iaas of $BI, which has no registration"
demo_variant on-soc2 tsunagu-ismap auditor-suzuki mgmt-sakura "$SAKURA; $SVC
p['built_on'] = [{'corporate_number': '9010401123456', 'service_id': 'kazoeru'}]"
expect 1 "an ISMAP service built on a service registered only under SOC 2 is refused" \
    $INKAN registry add $R on-soc2.dsse.json
check "...saying the scheme's bases" err_has "built on kazoeru of 9010401123456, which has no registration under a scheme 'ismap-cloud' allows"
demo_variant on-star3 tsunagu-ismap auditor-suzuki mgmt-sakura "$SAKURA; $SVC
p['built_on'] = ['$(demo_rid sakura-star3)']"
expect 1 "a service built on a ★3 assessment is refused" \
    $INKAN registry add $R on-star3.dsse.json
check "...an assessment is not the audit of a service" err_has "which is not the audit of a service"
demo_variant on-self tsunagu-ismap auditor-suzuki mgmt-tsunagu \
    "p['supersedes'] = '$TSUNAGU'; p['built_on'] = [{'corporate_number': p['organisation']['corporate_number'], 'service_id': 'tsunagu'}]"
expect 1 "a service built on itself is refused" \
    $INKAN registry add $R on-self.dsse.json
check "...saying so" err_has "built_on names the record's own service tsunagu"
demo_variant circle base-iaas-ismap-2026 auditor-suzuki mgmt-base-infra \
    "p['supersedes'] = '$IAAS2'; p['built_on'] = [{'corporate_number': '$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["predicate"]["organisation"]["corporate_number"])' $P/records/tsunagu-ismap.json)', 'service_id': 'tsunagu'}]"
expect 1 "a re-audit of the IaaS built on the SaaS built on it (a circle) is refused" \
    $INKAN registry add $R circle.dsse.json
check "...saying the base rests on the record's own service" err_has "base-iaas of $BI is built on itself"
expect 1 "a malformed base service is refused at sign" \
    sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d[\"predicate\"][\"built_on\"]=[{\"corporate_number\":\"123\",\"service_id\":\"x\"}]; json.dump(d,open(sys.argv[2],\"w\"))' $P/records/tsunagu-ismap.json $P/bad-base.json && $INKAN sign $P/bad-base.json --key $P/keys/auditor-suzuki.key --role auditor -o bad-base.dsse.json"
check "...saying how a base is named" err_has "built_on\[0\] names a base service by its organisation's corporate_number"

# --- the twin: on the IaaS (the service, re-audited) it registers ----------
demo_variant on-iaas tsunagu-ismap auditor-suzuki mgmt-sakura "$SAKURA; $SVC
p['built_on'] = [{'corporate_number': '$BI', 'service_id': 'base-iaas'}]"
expect 0 "a service built on the re-audited IaaS (named as a service) registers" \
    $INKAN registry add $R on-iaas.dsse.json
ONIAAS=$(added)
# ... and on the SaaS built on it: two levels deep.
YAMATO=$(demo_mgmt mgmt-yamato yamato-star3)
demo_variant on-saas tsunagu-ismap auditor-suzuki mgmt-yamato "$YAMATO; $SVC
p['service']['id'] = 'ue2'
p['built_on'] = ['$TSUNAGU']"
expect 0 "a service built on the SaaS (named by one of its records) registers" \
    $INKAN registry add $R on-saas.dsse.json
ONSAAS=$(added)
check "both are active" test "$(state "$ONIAAS") $(state "$ONSAAS")" = "active active"

# --- one registration per service and scheme --------------------------------
demo_variant again tsunagu-ismap auditor-suzuki mgmt-tsunagu "p.pop('supersedes', None)"
expect 1 "a second audit of a registered service that supersedes nothing is refused" \
    $INKAN registry add $R again.dsse.json
check "...naming the rule, the service and the record to supersede" err_has "one registration per service and scheme: service tsunagu of .* is registered under 'ismap-cloud' by $TSUNAGU (active).*\"supersedes\": \"$TSUNAGU\""
demo_variant stale base-iaas-ismap-2026 auditor-suzuki mgmt-base-infra "p['supersedes'] = '$IAAS1'"
expect 1 "a re-audit that supersedes last year's record, not the current one, is refused" \
    $INKAN registry add $R stale.dsse.json
check "...naming the current one" err_has "registered under 'ismap-cloud' by $IAAS2"
demo_variant type1 kazoeru-soc2-2026 auditor-yamada mgmt-sample-cloud "p.pop('supersedes', None); p['scheme'] = 'soc2-type1'; p['report_type'] = 'type1'; p['as_of_date'] = p.pop('period_end'); p.pop('period_start')"
expect 1 "a SOC 2 Type 1 of a service with a Type 2 in force is refused (one scheme family)" \
    $INKAN registry add $R type1.dsse.json
check "...naming the family" err_has "registered under 'soc2'"
demo_variant renew tsunagu-ismap auditor-suzuki mgmt-tsunagu "p['supersedes'] = '$TSUNAGU'"
expect 0 "its twin, a re-audit that supersedes the current record, registers" \
    $INKAN registry add $R renew.dsse.json
RENEW=$(added)
check "the re-audited SaaS's dependant stays active (a re-audit keeps it)" test "$(state "$ONSAAS")" = active
check "...the old record is superseded, the new one active" test "$(state "$TSUNAGU") $(state "$RENEW")" = "superseded active"

# --- transitively: the IaaS revoked, everything above it is delisted --------
expect 0 "revoke the IaaS's current record" \
    $INKAN registry status $R "$IAAS2" --action revoke --reason FALSE-DECLARATION --key $P/keys/operator.key
check "the SaaS on it is delisted" test "$(state "$RENEW")" = delisted
check "the service on the SaaS is delisted too (transitively)" test "$(state "$ONSAAS")" = delisted
check "...naming the SaaS" sh -c 'echo "$1" | grep -q "built on service tsunagu"' _ "$(why "$ONSAAS")"
expect 4 "verify --registry two levels up: exit 4" \
    $INKAN verify on-saas.dsse.json --registry $R

# --- and lifted when the base is registered again ----------------------------
check "before: the SaaS on the delisted storage is delisted" test "$(state "$HIKARI")" = delisted
demo_variant store-again base-storage-ismap auditor-suzuki mgmt-base-infra "pass"
expect 0 "a new audit of the delisted storage registers (a delisted registration is not the service's)" \
    $INKAN registry add $R store-again.dsse.json
check "the SaaS built on it is active again" test "$(state "$HIKARI")" = active
expect 0 "verify --registry of it: valid" \
    $INKAN verify $P/records/hikari-design-ismap.dsse.json --registry $R
expect 0 "registry verify: every index, services/ too, holds what the records say" \
    $INKAN registry verify $R -q

# --- services/ is an index: the log key's holder editing it is caught, and
# an edit never lends a registration ---------------------------------------
git clone -q $R dropped
f=dropped/services/$BI/base-storage
head -n 1 $f >$f.new && mv $f.new $f
log_key_commit $R dropped "drop a registration from the index"
expect 1 "registry verify of a signed tree whose services/ lost a line: exit 1" \
    $INKAN registry verify dropped
check "...naming the index" out_has "index 'services/$BI/base-storage' does not match the records it indexes"
expect 4 "...a reader there sees the SaaS on the storage delisted (fail closed), not active" \
    $INKAN verify $P/records/hikari-design-ismap.dsse.json --registry dropped
git clone -q $R foreign
echo "$(demo_rid kazoeru-soc2-2026)" >>foreign/services/$BI/base-storage
log_key_commit $R foreign "lend a registration to the storage"
expect 1 "registry verify of a signed tree whose services/ names another service's record: exit 1" \
    $INKAN registry verify foreign
check "...naming the index" out_has "index 'services/$BI/base-storage' does not match"
expect 5 "...a reader there cannot compute the status of what is built on it: exit 5" \
    $INKAN verify $P/records/hikari-design-ismap.dsse.json --registry foreign
check "...saying the index names a record of another service" out_has "not an audit of that service"

done_testing
