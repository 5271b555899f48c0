#!/bin/sh
# Builds a realistic registry for the site tests, under INKAN_NOW, with
# accredited signers and signed records of every kind the site shows:
# audits under three schemes (SOC 2 Type 2, ISMAP-style levels, the
# cybersecurity-service certification), an SCS ★3 assessment, a renewal
# that supersedes an audit, a revocation and a built_on delisting (an
# ISMAP-style SaaS on the delisted base IaaS).
#
# usage: sh tests/site/mkreg.sh DIR [inject]
#
# DIR/registry is the registry, DIR/cat the catalogue folder to export as
# INKAN_CATALOGS (the ★3 catalogue imported from the test fixture), and
# DIR/work the keys, drafts and envelopes.  With "inject", every text a
# person writes carries markup, script, javascript: links and RTL and
# zero-width characters, for the escaping tests.  DIR/ids lists
# "name record-id" for the records the tests look up.
# Needs $INKAN and $INKAN_SRC.
set -eu
: "${INKAN:?}" "${INKAN_SRC:?}"
D=$1
mode=${2:-plain}
mkdir -p "$D/work" "$D/cat"
D=$(cd "$D" && pwd)
fill="python3 $INKAN_SRC/tests/fixtures/fill-draft.py"
for c in "$INKAN_SRC"/catalogs/*.json; do
	case $c in */scs-star3-2026.json) continue ;; esac
	cp "$c" "$D/cat/"
done
INKAN_CATALOGS=$D/cat
export INKAN_CATALOGS
cd "$D/work"
: >"$D/ids"

# X: what every person-written text carries in the injection registry.
if [ "$mode" = inject ]; then
	X=' <script>alert("x")</script>"><img src=x onerror=alert(1)> [click](javascript:alert(2)) javascript:alert(3) '"'"'q'"'"' & ‮evil‬ zero​width﻿ <a href="javascript:alert(4)">a</a>'
else
	X=''
fi
# js STRING: STRING as a JSON string literal.
js() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$1"; }
XJ=$(js "$X")

for k in op aud1 aud2 exp1 mg1 mg2 mg3 mg4; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
kid() { $INKAN keys id "$1.pub"; }

accredit() { # accredit KEY ROLE SCHEMES PERSON ORG CORP QUAL
	python3 - "$@" "$X" >"acc-$1.json" <<'PY'
import json, sys
key, role, schemes, person, org, corp, qual, x = sys.argv[1:9]
a = {"person": {"name": person + x, "title": "代表" + x},
     "organisation": {"name": org + x, "corporate_number": corp},
     "roles": [role], "schemes": json.loads(schemes),
     "qualifications": [{"name": qual + x,
                         "number": "RISS-012345" if role == "expert" else "Q-0001"}],
     "key": {"public_key_file": key + ".pub"},
     "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}
if role == "auditor":
    a["audit_firm"] = {"name": org + x, "selection_id": "AF-2025-017",
                       "valid_until": "2028-01-01T00:00:00Z"}
json.dump(a, sys.stdout, ensure_ascii=False, indent=1)
PY
	$INKAN registry accredit "$D/registry" --key op.key "acc-$1.json" >/dev/null
}

export INKAN_NOW=2026-04-01T00:00:00Z
$INKAN registry init "$D/registry" --operator-key op.key --name registry.example/inkan \
	--operator-name "登録事務局" --operator-email office@registry.example \
	--expires 2030-01-01 >/dev/null 2>&1
all='["soc2-type2","ismap-cloud","jp-cyber-list"]'
accredit aud1 auditor "$all" "山田 花子" "あおぞら監査法人" 6010001000001 "公認情報セキュリティ主任監査人"
accredit aud2 auditor "$all" "佐藤 健" "みらい監査法人" 5010001000002 CISA
accredit exp1 expert '["scs-star3"]' "応援 太郎" "セキュリティ支援合同会社" 4010001000003 "情報処理安全確保支援士"
accredit mg1 management '["*"]' "鈴木 一郎" "株式会社サンプルクラウド" 9010401123456 "代表取締役"
accredit mg2 management '["*"]' "高橋 次郎" "株式会社ベースインフラ" 9011101000004 "代表取締役"
accredit mg3 management '["*"]' "情報 太郎" "AAA 株式会社" 7000012050002 "代表取締役社長"
accredit mg4 management '["*"]' "伊藤 三郎" "ひかり通信株式会社" 8120001000005 "代表取締役"
AUD1=$(kid aud1) AUD2=$(kid aud2) EXP1=$(kid exp1)
MG1=$(kid mg1) MG2=$(kid mg2) MG3=$(kid mg3) MG4=$(kid mg4)

# audit NAME AUDKEY MGKEY CHANGES: drafts, signs (auditor, then
# management) and registers an audit; CHANGES is a Python expression
# updating the predicate p (x is the injection text).
audit() {
	name=$1 ak=$2 mk=$3
	$INKAN new audit-report | $fill auditor="$(kid "$ak")" management="$(kid "$mk")" >"$name.0.json"
	# The audit firm and selection are the auditor's accredited ones.
	case $ak in aud1) firm=あおぞら監査法人 ;; aud2) firm=みらい監査法人 ;; esac
	python3 - "$name.0.json" "$name.json" "$4" "$X" "$firm" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = d["predicate"]; x = sys.argv[4]
def t(ja, en=None):
    return {"ja": ja + x, "en": (en or ja) + x}
p["audit_firm"] = {"name": {"ja": sys.argv[5]}, "selection_id": "AF-2025-017"}
exec(sys.argv[3])
if x:
    for k in ("scope_summary", "management_assertion", "system_boundaries",
              "principal_commitments"):
        v = p[k]
        extra = x + '\n\n<div onclick="alert(5)">raw</div>\n\n![i](javascript:alert(6))\n\n# heading' + x
        p[k] = {l: s + extra for l, s in v.items()} if isinstance(v, dict) else v + extra
    for k in ("public_disclosures",):
        if k in p:
            p[k] = {i: (s + x if isinstance(s, str) else {l: v + x for l, v in s.items()})
                    for i, s in p[k].items()}
    p["audit_firm"]["name"] = {l: v + x for l, v in p["audit_firm"]["name"].items()}
    p["engagement_standard"] += x
    p["criteria"]["framework"] += x
    for m in p["service"].get("models", []):
        m["responsibility"] = {l: v + x for l, v in m["responsibility"].items()} \
            if isinstance(m["responsibility"], dict) else m["responsibility"] + x
    p["service"]["regions"] = [r + x for r in p["service"].get("regions", [])]
    for s in p.get("subservice_organisations", []):
        s["name"] = s["name"] + x if isinstance(s["name"], str) else {l: v + x for l, v in s["name"].items()}
    for e in p.get("statement_of_applicability", {}).get("excluded", []):
        e["reason"] = {l: v + x for l, v in e["reason"].items()}
    for s in p["signers"]:
        s["name"] = s.get("name", "") + x
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
	$INKAN sign "$name.json" --key "$ak.key" --role auditor -o "$name.dsse.json" >/dev/null 2>"$name.err" ||
		{ cat "$name.err" >&2; exit 1; }
	$INKAN sign "$name.dsse.json" --key "$mk.key" --role management >/dev/null 2>&1
	id=$($INKAN registry add "$D/registry" "$name.dsse.json" | cut -d' ' -f1)
	echo "$name $id" >>"$D/ids"
}
idof() { grep "^$1 " "$D/ids" | cut -d' ' -f2; }

ISMAP='p.update({"scheme": "ismap-cloud", "level": LEVEL, "audit_type": "direct",
  "report_type": "other", "engagement_standard": "ISMAP-style audit procedures (sample)",
  "criteria": {"framework": "ISMAP sample control standard", "catalog": "ismap-sample",
               "catalog_version": "sample-1", "categories": ["9"]},
  "statement_of_applicability": {"catalog_version": "sample-1", "selected": ["9.2.1.1", "9.2.1.2", "9.2.1.3"],
    "excluded": [{"id": "9.2.1.4", "reason": t("利用者の登録は顧客が自ら行うため", "Customers register their own users")}]},
  "period_start": "2025-04-01", "period_end": "2026-03-31",
  "controls": [
    {"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10},
    {"id": "9.2.1.2", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}],
  "public_disclosures": {"capital-and-officers": t("外国資本なし", "No foreign capital"),
    "foreign-law-exposure": t("なし", "None"),
    "data-location-regions": t(REGIONS_JA, REGIONS_EN),
    "governing-law-and-jurisdiction": t("日本法・東京地方裁判所", "Japanese law; Tokyo District Court"),
    "third-party-penetration-test": t("2026年1月に第三者が実施", "By a third party in January 2026")}})
p.pop("subservice_organisations", None)'
ismap() { # ismap LEVEL REGIONS_JA REGIONS_EN: the ISMAP changes
	printf '%s' "$ISMAP" | sed "s/LEVEL/\"$1\"/; s/REGIONS_JA/\"$2\"/; s/REGIONS_EN/\"$3\"/"
}

export INKAN_NOW=2026-05-01T00:00:00Z
audit base aud2 mg2 "$(ismap 3 東京、大阪 "Tokyo, Osaka")
p[\"organisation\"] = {\"name\": t(\"株式会社ベースインフラ\", \"Base Infra K.K.\"), \"corporate_number\": \"9011101000004\"}
p[\"service\"] = {\"name\": t(\"ベースIaaS\", \"Base IaaS\"), \"id\": \"base-iaas\",
  \"models\": [{\"model\": \"IaaS\", \"responsibility\": t(\"物理基盤と仮想化層\", \"Physical and virtualisation layers\")}],
  \"deployment_models\": [\"public\"], \"regions\": [\"日本（東京）\", \"日本（大阪）\"]}"
BASE=$(idof base)

export INKAN_NOW=2026-05-15T00:00:00Z
audit kazoeru aud1 mg1 "p[\"organisation\"][\"name\"] = t(\"株式会社サンプルクラウド\", \"Sample Cloud K.K.\")"
# A SaaS built on the base IaaS, named as a service (ISMAP-style: the base
# is registered under the same scheme).
audit tsunagu aud1 mg1 "$(ismap 1 東京 Tokyo)
p[\"organisation\"] = {\"name\": t(\"株式会社サンプルクラウド\", \"Sample Cloud K.K.\"), \"corporate_number\": \"9010401123456\"}
p[\"service\"] = {\"name\": t(\"つなぐ電子契約\", \"Tsunagu e-contracts\"), \"id\": \"tsunagu\",
  \"models\": [{\"model\": \"SaaS\", \"responsibility\": t(\"アプリケーションと利用者データ\", \"Application and customer data\")}],
  \"deployment_models\": [\"public\"], \"regions\": [\"日本（東京）\"]}
p[\"built_on\"] = [{\"corporate_number\": \"9011101000004\", \"service_id\": \"base-iaas\"}]"
audit hikari aud1 mg4 "$(ismap 2 東京 Tokyo)
p[\"organisation\"] = {\"name\": t(\"ひかり通信株式会社\", \"Hikari Tsushin K.K.\"), \"corporate_number\": \"8120001000005\"}
p[\"service\"] = {\"name\": t(\"ひかりストレージ\", \"Hikari Storage\"), \"id\": \"hikari-storage\",
  \"models\": [{\"model\": \"PaaS\", \"responsibility\": t(\"ストレージ基盤\", \"Storage platform\")},
               {\"model\": \"IaaS\", \"responsibility\": t(\"ネットワーク\", \"Network\")}],
  \"deployment_models\": [\"public\", \"private\"], \"regions\": [\"日本（東京）\"]}"
audit mail aud2 mg4 "$(ismap 1 東京 Tokyo)
p[\"organisation\"] = {\"name\": t(\"ひかり通信株式会社\", \"Hikari Tsushin K.K.\"), \"corporate_number\": \"8120001000005\"}
p[\"service\"] = {\"name\": t(\"ひかりメール\", \"Hikari Mail\"), \"id\": \"hikari-mail\",
  \"models\": [{\"model\": \"SaaS\", \"responsibility\": t(\"メール基盤全体\", \"The whole mail service\")}],
  \"deployment_models\": [\"public\"], \"regions\": [\"日本（東京）\"]}"
audit shindan aud1 mg3 "p.update({\"scheme\": \"jp-cyber-list\", \"report_type\": \"other\",
  \"engagement_standard\": \"Cybersecurity service review (sample)\",
  \"service_category\": {\"id\": \"vulnerability-assessment\", \"options\": [\"penetration-test\"]},
  \"registration_date\": \"2026-04-20\", \"update_date\": \"2026-05-10\", \"as_of_date\": \"2026-04-15\",
  \"criteria\": {\"framework\": \"Service review criteria (sample)\"},
  \"public_disclosures\": {\"service-category\": t(\"脆弱性診断サービス\", \"Vulnerability assessment\"),
    \"service-summary\": t(\"Webアプリケーションの脆弱性診断\", \"Web application vulnerability assessment\"),
    \"registration-date\": \"2026-04-20\", \"update-date\": \"2026-05-10\",
    \"reviewing-body\": t(\"サンプル審査登録機関\", \"Sample reviewing body\")}})
for k in (\"controls\", \"period_start\", \"period_end\", \"subservice_organisations\"):
    p.pop(k, None)
p[\"organisation\"] = {\"name\": t(\"AAA 株式会社\", \"AAA Corporation\"), \"corporate_number\": \"7000012050002\"}
p[\"service\"] = {\"name\": t(\"AAA 脆弱性診断\", \"AAA vulnerability assessment\"), \"id\": \"aaa-va\"}"

# The SCS ★3 catalogue (the test fixture, imported) and one assessment.
export INKAN_NOW=2026-06-16T01:00:00Z
$INKAN scs catalog import "$INKAN_SRC/tests/fixtures/scs-star3-criteria.csv" --level 3 \
	--base "$INKAN_SRC/catalogs/scs-star3-2026.json" --version 2026-03-27 \
	-o "$D/cat/scs-star3-official.json" >/dev/null
$INKAN scs sheet export --catalog scs-star3 --format csv -o sheet.csv
python3 - sheet.csv filled.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
for r in rows[1:]:
    r[4:10] = ['対応済', '規程を整備し、運用している', '文書類、ヒアリング', '適合', '記録を確認した', '満たす']
    if r[0] in ('7-1-1', '2-1-4'):
        r[4], r[7], r[8], r[9] = '対象外', '対象外', '該当するシステムを保有しないため', ''
with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(rows)
PY
python3 - "$EXP1" "$MG3" "$X" >scs-base.json <<'PY'
import json, sys
e, m, x = sys.argv[1:4]
d = {"predicateType": "urn:inkan:scs-assessment:v1", "subject": [], "predicate": {
  "scheme": "scs-star3", "level": 3,
  "organisation": {"name": "AAA 株式会社" + x, "corporate_number": "7000012050002"},
  "scope": {"kind": "company", "summary": "本社及び全営業所の情報システム" + x},
  "expert": {"name": "応援 太郎" + x, "qualification": "情報処理安全確保支援士" + x,
             "registration_number": "RISS-012345"},
  "management_declaration": {"name": "情報 太郎" + x, "title": "代表取締役社長" + x,
    "date": "2026-06-16", "text": "当社は、要求事項に基づく評価の結果が事実に基づくものであることを宣言します。" + x},
  "confirmation_date": "2026-06-15",
  "signers": [{"role": "expert", "keyid": e, "name": "応援 太郎" + x},
              {"role": "management", "keyid": m, "name": "情報 太郎" + x}]}}
json.dump(d, sys.stdout, ensure_ascii=False, indent=1)
PY
$INKAN scs sheet import filled.csv --catalog scs-star3 --draft scs-base.json -o scs.json >/dev/null
$INKAN sign scs.json --key exp1.key --role expert -o scs.dsse.json >/dev/null 2>&1
$INKAN sign scs.dsse.json --key mg3.key --role management >/dev/null 2>&1
echo "scs $($INKAN registry add "$D/registry" scs.dsse.json | cut -d' ' -f1)" >>"$D/ids"

# History: the mail audit is revoked; the base IaaS is delisted, which
# delists the service built on it; the storage audit is renewed.
export INKAN_NOW=2026-07-01T00:00:00Z
$INKAN registry status "$D/registry" "$(idof mail)" --action revoke --reason FALSE-DECLARATION \
	--text "虚偽の申告が判明したため$X" --key op.key >/dev/null
export INKAN_NOW=2026-08-01T00:00:00Z
$INKAN registry status "$D/registry" "$BASE" --action delist --reason MANDATORY-CONTROL-FAILURE \
	--text "定期監査で管理策の不備が見つかったため$X" --key op.key >/dev/null
export INKAN_NOW=2026-09-01T00:00:00Z
audit hikari2 aud1 mg4 "$(ismap 2 東京、大阪 "Tokyo, Osaka")
p[\"organisation\"] = {\"name\": t(\"ひかり通信株式会社\", \"Hikari Tsushin K.K.\"), \"corporate_number\": \"8120001000005\"}
p[\"service\"] = {\"name\": t(\"ひかりストレージ\", \"Hikari Storage\"), \"id\": \"hikari-storage\",
  \"models\": [{\"model\": \"PaaS\", \"responsibility\": t(\"ストレージ基盤\", \"Storage platform\")},
               {\"model\": \"IaaS\", \"responsibility\": t(\"ネットワーク\", \"Network\")}],
  \"deployment_models\": [\"public\", \"private\"], \"regions\": [\"日本（東京）\", \"日本（大阪）\"]}
p[\"period_start\"], p[\"period_end\"], p[\"report_date\"] = \"2025-09-01\", \"2026-08-15\", \"2026-08-25\"
p[\"supersedes\"] = \"$(idof hikari)\""
echo "mkreg: $(wc -l <"$D/ids") records in $D/registry" >&2
