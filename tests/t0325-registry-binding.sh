#!/bin/sh
# Signers bound to the parties they sign for (docs/FORMAT.md 8.4): on the
# demo's registry, each record is changed to name a party its signer is
# not accredited for, signed again with the demo's keys, and refused by
# `registry add` (exit 1, naming the rule and the two names); its twin,
# the record as the demo made it, signed again, is accepted.  (Readers
# ask the same question of the same function, reg_accredited_key, for
# every record they read: a record the writer refused never reaches them
# but through a log key's holder lying, and then it reads as revoked.)
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
demo_registry
kid() { $INKAN keys id "$P/keys/$1.pub"; }
# The record the audits below renew: the demo's current SOC 2 of the
# service.
CUR=$($INKAN verify $P/records/kazoeru-soc2-2026.dsse.json --registry $R --json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')

# variant NAME DRAFT AS1:KEY1 AS2:KEY2 PYTHON: the demo's draft DRAFT
# changed by PYTHON (on its predicate p), signed by KEY1 in role AS1 then
# KEY2 in role AS2, into NAME.dsse.json (the draft is written beside the
# demo's, whose documents it names by relative paths).
variant() {
	python3 - "$P/records/$2.json" "$P/$1.json" "$5" "$CUR" <<'PY' || return 1
import json, sys
d = json.load(open(sys.argv[1])); p = d["predicate"]
if "supersedes" in p:
    # a renewal of the demo's current record of the service
    p["supersedes"] = sys.argv[4]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
	$INKAN sign "$P/$1.json" --key "$P/keys/${3#*:}.key" \
	    --role "${3%%:*}" -o "$1.dsse.json" -q >/dev/null 2>"$T/err" &&
	$INKAN sign "$1.dsse.json" --key "$P/keys/${4#*:}.key" \
	    --role "${4%%:*}" -q >/dev/null 2>>"$T/err" ||
		{ sed 's/^/# sign: /' "$T/err"; return 1; }
}
signer() { # the python that puts key $2 in as role $1
	echo "[s.update(keyid='$(kid "$2")') for s in p['signers'] if s['role'] == '$1']"
}

# --- management: the organisation's own management key -------------------
variant mg-twin kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud 'pass'
expect 0 "an audit signed by its organisation's management is added" \
    $INKAN registry add $R mg-twin.dsse.json
# (it is now the service's registration: the next renewals supersede it)
CUR=$(cut -d' ' -f1 "$T/out")
variant mg-other kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-hikari \
    "$(signer management mgmt-hikari)"
expect 1 "an audit signed by another organisation's management is refused" \
    $INKAN registry add $R mg-other.dsse.json
check "...naming the rule" err_has "a management key signs only for its own organisation"
check "...and the two organisations" sh -c 'grep -q "9010401123456" "$1" && grep -q "株式会社ひかり電子" "$1" && grep -q "株式会社サンプルクラウド" "$1"' _ "$T/err"
variant mg-name kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'p["organisation"]["name"] = {"ja": "株式会社サンプル・クラウド", "en": "Sample Cloud"}'
expect 1 "an audit naming its organisation otherwise than the management's accreditation is refused" \
    $INKAN registry add $R mg-name.dsse.json
check "...naming the rule and both names" sh -c 'grep -q "the organisation.s name is the one its management key is accredited under" "$1" && grep -q "株式会社サンプル・クラウド" "$1" && grep -q "株式会社サンプルクラウド" "$1"' _ "$T/err"

# --- auditor: the accredited audit firm and its selection -----------------
variant firm-other kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'p["audit_firm"]["name"] = "みらい監査法人"'
expect 1 "an audit naming an audit firm its auditor is not accredited for is refused" \
    $INKAN registry add $R firm-other.dsse.json
check "...naming the rule and both firms" sh -c 'grep -q "an auditor signs only for its own audit firm" "$1" && grep -q "あおぞら監査法人" "$1" && grep -q "みらい監査法人" "$1"' _ "$T/err"
variant sel-other kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'p["audit_firm"]["selection_id"] = "DEMO-AF-999"'
expect 1 "an audit naming another selection of the firm is refused" \
    $INKAN registry add $R sel-other.dsse.json
check "...naming the rule and both selections" sh -c 'grep -q "signs only under its firm.s selection" "$1" && grep -q "DEMO-AF-999" "$1" && grep -q "DEMO-AF-002" "$1"' _ "$T/err"
variant sel-none kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'del p["audit_firm"]["selection_id"]'
expect 1 "an audit leaving out the selection its auditor is accredited under is refused" \
    $INKAN registry add $R sel-none.dsse.json
check "...saying it names none" err_has "selection '(none)'"
variant firm-en kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'p["audit_firm"]["name"] = {"ja": "あおぞら監査法人", "en": "Aozora Audit Corporation"}'
expect 0 "the firm's name in both languages, its Japanese the accredited one, is added" \
    $INKAN registry add $R firm-en.dsse.json
CUR=$(cut -d' ' -f1 "$T/out")
variant firm-en-other kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud \
    'p["audit_firm"]["name"] = {"ja": "みらい監査法人", "en": "Aozora Audit Corporation"}'
expect 1 "...but not when neither language is the accredited name" \
    $INKAN registry add $R firm-en-other.dsse.json

# --- ★3: the expert the record names is the accredited one ----------------
variant x3-twin minato-star3 expert:expert-ito management:mgmt-minato 'pass'
expect 0 "a ★3 naming its accredited expert is added" \
    $INKAN registry add $R x3-twin.dsse.json
variant x3-name minato-star3 expert:expert-ito management:mgmt-minato \
    'p["expert"]["name"] = "高橋 美咲"'
expect 1 "a ★3 naming another expert than the one who signs is refused" \
    $INKAN registry add $R x3-name.dsse.json
check "...naming the rule and both people" sh -c 'grep -q "the expert the record names is the accredited one" "$1" && grep -q "高橋 美咲" "$1" && grep -q "伊藤 大輔" "$1"' _ "$T/err"
variant x3-num minato-star3 expert:expert-ito management:mgmt-minato \
    'p["expert"]["registration_number"] = "012345"'
expect 1 "a ★3 giving a registration number the expert's accreditation does not list is refused" \
    $INKAN registry add $R x3-num.dsse.json
check "...naming the number and the expert" sh -c 'grep -q "registration number" "$1" && grep -q "012345" "$1" && grep -q "伊藤 大輔" "$1"' _ "$T/err"
variant x3-qual minato-star3 expert:expert-ito management:mgmt-minato \
    'p["expert"]["qualification"] = "CISSP"'
expect 1 "a ★3 naming a qualification the number is not of is refused" \
    $INKAN registry add $R x3-qual.dsse.json

# --- dates: what a record dates is done before it is registered --------
variant x3-future minato-star3 expert:expert-ito management:mgmt-minato \
    'import datetime; later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat(); p["confirmation_date"] = later; p["management_declaration"]["date"] = later'
expect 1 "a ★3 confirmed after the day it is registered is refused" \
    $INKAN registry add $R x3-future.dsse.json
check "...naming the date" err_has "confirmation_date .* is after the day the record is registered"
check "...and the declaration's" err_has "management_declaration.date .* is after the day"

# --- ★4: the evaluator's organisation is the accredited evaluator's -------
variant x4-twin hikari-star4 auditor:auditor-suzuki management:mgmt-hikari 'pass'
expect 0 "a ★4 naming its evaluator's accredited organisation is added" \
    $INKAN registry add $R x4-twin.dsse.json
variant x4-org hikari-star4 auditor:auditor-suzuki management:mgmt-hikari \
    'p["evaluator"]["organisation"] = "あおぞら監査法人"'
expect 1 "a ★4 naming another evaluation organisation is refused" \
    $INKAN registry add $R x4-org.dsse.json
check "...naming the rule and both organisations" sh -c 'grep -q "an evaluator signs only for its own organisation" "$1" && grep -q "あおぞら監査法人" "$1" && grep -q "みらい監査法人" "$1"' _ "$T/err"

# --- sign --registry: the same rule before anything is written ----------
python3 - "$P/records/kazoeru-soc2-2026.json" "$P/sg-other.json" "$(kid mgmt-hikari)" "$CUR" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = d["predicate"]
p["supersedes"] = sys.argv[4]
for s in p["signers"]:
    if s["role"] == "management":
        s["keyid"] = sys.argv[3]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 1 "sign --registry refuses to sign as another organisation's management" \
    $INKAN sign $P/sg-other.json --key $P/keys/mgmt-hikari.key --role management --registry $R -o sg-other.dsse.json
check "...naming the rule and the two organisations" sh -c 'grep -q "a management key signs only for its own organisation" "$1" && grep -q "株式会社ひかり電子" "$1"' _ "$T/err"
check "...and writes nothing" test ! -e sg-other.dsse.json
expect 0 "...its twin: the auditor's signature, accredited for the firm the record names, is written" \
    $INKAN sign $P/sg-other.json --key $P/keys/auditor-yamada.key --role auditor --registry $R -o sg-other.dsse.json
expect 1 "...and the management's signature added to that envelope is refused" \
    $INKAN sign sg-other.dsse.json --key $P/keys/mgmt-hikari.key --role management --registry $R
check "...which keeps its one signature" python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["signatures"]) == 1' sg-other.dsse.json

# --- accreditation: a management key is accredited for one organisation --
$INKAN keys generate --out newmg --no-passphrase >/dev/null 2>&1
acc() { # acc CORPORATE_NUMBER_JSON: a management accreditation of newmg
	printf '{"person":{"name":"新 経営"},"organisation":{"name":"株式会社あたらしい"%s},"roles":["management"],"schemes":["*"],"key":{"public_key_file":"newmg.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2030-01-01T00:00:00Z"}\n' "$1" >newmg.json
}
acc ''
expect 1 "a management accreditation without a corporate number is refused" \
    $INKAN registry accredit $R --key $P/keys/operator.key newmg.json
check "...saying it needs one" err_has "needs organisation.corporate_number"
acc ',"corporate_number":"1234567890123"'
expect 1 "...and one whose check digit is wrong" \
    $INKAN registry accredit $R --key $P/keys/operator.key newmg.json
acc ',"corporate_number":"5010401007919"'
expect 0 "a management accreditation with a valid corporate number is accepted" \
    $INKAN registry accredit $R --key $P/keys/operator.key newmg.json

# Nothing refused was written: the registry still verifies.
expect 0 "the registry verifies after the refusals" $INKAN registry verify $R

# --- readers ask the same question --------------------------------------
# The sample cloud's management key is accredited a second time, for
# another organisation.  A log key's holder who drops the first
# accreditation from signers/<keyid> leaves readers only the second,
# which does not vouch for the sample cloud: a record it signed for the
# sample cloud is refused and reads as revoked (fail closed), never as
# signed by another organisation's management.
MGK=$(kid mgmt-sample-cloud)
printf '{"person":{"name":"佐藤 一郎"},"organisation":{"name":"株式会社ひかり電子","corporate_number":"%s"},"roles":["management"],"schemes":["*"],"key":{"public_key_file":"%s"},"valid_from":"2025-01-01T00:00:00Z","valid_until":"2030-01-01T00:00:00Z"}\n' \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["predicate"]["organisation"]["corporate_number"])' $P/records/hikari-star4.json)" \
    "$P/keys/mgmt-sample-cloud.pub" >acc-second.json
expect 0 "the same management key accredited for a second organisation" \
    $INKAN registry accredit $R --key $P/keys/operator.key acc-second.json
variant renew2 kazoeru-soc2-2026 auditor:auditor-yamada management:mgmt-sample-cloud 'pass'
expect 0 "...a renewal it signs for its own organisation still registers" \
    $INKAN registry add $R renew2.dsse.json
git clone -q $R hidden
f=hidden/signers/$MGK
grep -v "^$(head -n 1 $f)$" $f >$f.new && mv $f.new $f
log_key_commit $R hidden "signers: keep only the second accreditation"
expect 1 "a reader left only the accreditation for another organisation refuses the record (exit 1)" \
    $INKAN verify renew2.dsse.json --registry hidden
check "...its status reads revoked, naming the binding rule and both organisations" sh -c \
    'grep -q "registry: revoked: .*signs only for its own organisation" "$1" && grep -q "9010401123456" "$1" && grep -q "株式会社ひかり電子" "$1"' _ "$T/out"
expect 0 "...while against the registry as the log key signed it, it verifies" \
    $INKAN verify renew2.dsse.json --registry $R
expect 1 "...and registry verify finds the index that hid the accreditation" \
    $INKAN registry verify hidden
check "...naming it" out_has "index 'signers/$MGK' does not match"
done_testing
