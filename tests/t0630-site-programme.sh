#!/bin/sh
# A programme's own list (schemes.json list_columns; seed 003): the
# 情報セキュリティサービス審査登録 programme's list of services in force, with
# exactly the list's columns — サービス区分, サービス名称, 事業者名, サービス概要,
# 登録日, 更新日, 審査登録機関 — beside the register, which holds every record
# and its status; register.csv carries the same fields.  Its registrations
# are valid two years from the registration date.  Each with its twin: a
# revoked service is not on the list, and a scheme without list_columns
# has no such page.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
ismap_registry programme.test/reg '["jp-cyber-list"]'
# listed NAME SERVICE_ID CATEGORY OPTIONS SUMMARY: a jp-cyber-list record,
# registered 2026-04-20, updated 2026-05-10; its id in $ID.
listed() {
	$INKAN new audit-report | python3 "$INKAN_SRC/tests/fixtures/fill-draft.py" \
	    auditor="$AUD" management="$MG" "{\"scheme\": \"jp-cyber-list\",
	  \"report_type\": \"other\", \"engagement_standard\": \"情報セキュリティサービス基準による審査\",
	  \"service_category\": {\"id\": \"$3\", \"options\": $4},
	  \"registration_date\": \"2026-04-20\", \"update_date\": \"2026-05-10\",
	  \"as_of_date\": \"2026-04-15\", \"report_date\": \"2026-04-18\",
	  \"criteria\": {\"framework\": \"情報セキュリティサービス基準\"},
	  \"public_disclosures\": {\"service-category\": \"$3\",
	    \"service-summary\": {\"ja\": \"$5\", \"en\": \"$5 (en)\"},
	    \"registration-date\": \"2026-04-20\", \"update-date\": \"2026-05-10\",
	    \"reviewing-body\": {\"ja\": \"サンプル審査登録機関\", \"en\": \"Sample reviewing body\"}},
	  \"controls\": null, \"period_start\": null, \"period_end\": null,
	  \"subservice_organisations\": null,
	  \"service.name\": {\"ja\": \"$1\", \"en\": \"$1 (en)\"}, \"service.id\": \"$2\"}" >"$2.json" &&
	$INKAN sign "$2.json" --key aud.key --role auditor -o "$2.dsse.json" -q &&
	$INKAN sign "$2.dsse.json" --key mgmt.key --role management -q &&
	ID=$($INKAN registry add reg "$2.dsse.json" | cut -d' ' -f1) ||
		{ echo "Bail out! cannot register $2"; exit 1; }
}
export INKAN_NOW=2026-05-11T00:00:00Z
listed "サンプル脆弱性診断" va vulnerability-assessment '["penetration-test"]' "Webアプリケーションの脆弱性診断"
VA=$ID
listed "サンプル監視" soc security-monitoring '[]' "24時間のセキュリティ監視"
SOC=$ID
expect 0 "the second is revoked" $INKAN registry status reg "$SOC" --action revoke \
    --reason VIOLATION --key op.key
$INKAN registry show reg "$VA" --json >"$T/out"
check "a listing is valid for two years from its registration date" python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["validity"]
assert r["not_before"] == "2026-04-19T15:00:00Z" and r["not_after"] == "2028-04-19T15:00:00Z", r' "$T/out"
expect 0 "the site builds" $INKAN site build reg -o s -q
check "the programme's list has exactly the list's columns, in order" python3 - s/ja/list/programme-jp-cyber-list.html <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
t = h[h.index('<table class="entries programme"'):]
heads = re.findall(r'<th scope="col">([^<]*)</th>', t[:t.index('</thead>')])
assert heads == ['サービス区分', 'サービス名称', '事業者名', 'サービス概要', '登録日', '更新日', '審査登録機関'], heads
PY
check "...a row of the service in force, with each of its values" python3 - s/ja/list/programme-jp-cyber-list.html <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
body = h[h.index('<tbody>'):h.index('</tbody>')]
rows = re.findall(r'<tr>(.*?)</tr>', body, re.S)
assert len(rows) == 1, rows
cells = [re.sub(r'<[^>]+>', '', c) for c in re.findall(r'<td[^>]*>(.*?)</td>', rows[0], re.S)]
assert cells == ['脆弱性診断サービス（ペネトレーションテスト（侵入試験）サービス）', 'サンプル脆弱性診断',
    '株式会社サンプルクラウド', 'Webアプリケーションの脆弱性診断', '2026-04-20', '2026-05-10',
    'サンプル審査登録機関'], cells
PY
check "the twin: the revoked service is not on the list" sh -c '! grep -q "サンプル監視" s/ja/list/programme-jp-cyber-list.html'
check "...but is in the register, revoked" grep -q "サンプル監視" s/ja/list/scheme-jp-cyber-list.html
check "the English list has the same columns in English" grep -q "<th scope=\"col\">Service category</th><th scope=\"col\">Service name</th><th scope=\"col\">Provider</th><th scope=\"col\">Service summary</th><th scope=\"col\">Registered</th><th scope=\"col\">Updated</th><th scope=\"col\">Reviewing and registration body</th>" s/en/list/programme-jp-cyber-list.html
check "the register's view of the scheme links the list" grep -q 'href="../list/programme-jp-cyber-list.html"' s/ja/list/scheme-jp-cyber-list.html
check "a scheme without list_columns has no programme list" test ! -e s/ja/list/programme-ismap-cloud.html
check "register.csv carries the list's fields" python3 - s "$VA" <<'PY'
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(open(sys.argv[1] + '/register.csv', encoding='utf-8-sig', newline='').read())))
r = [x for x in rows if x['id'] == sys.argv[2]][0]
assert (r['service_category'], r['service_summary_ja'], r['registration_date'], r['update_date']) == (
    'vulnerability-assessment', 'Webアプリケーションの脆弱性診断', '2026-04-20', '2026-05-10'), r
PY
# A change notification of the service's name updates the list and its 更新日.
expect 0 "a change notification renames the listed service" \
    $INKAN registry status reg "$VA" --action correct --reason CHANGE-NOTIFIED \
    --field service.name.ja --value "サンプル脆弱性診断（新）" --key op.key
expect 0 "the site rebuilds" $INKAN site build reg -o s -q
check "...the list shows the new name and the notification's day as 更新日" sh -c \
    'grep -q "サンプル脆弱性診断（新）" "$1" && grep -q "<td class=\"day\" data-label=\"更新日\">2026-05-11</td>" "$1"' _ s/ja/list/programme-jp-cyber-list.html
# ...and of its サービス概要, which only a record that gives one has.
expect 0 "a change notification updates the service summary on the list" \
    $INKAN registry status reg "$VA" --action correct --reason CHANGE-NOTIFIED \
    --field service_summary.ja --value "Web・スマホアプリの脆弱性診断" --key op.key
expect 0 "the site rebuilds" $INKAN site build reg -o s -q
check "...the list shows the new summary" grep -q "Web・スマホアプリの脆弱性診断" s/ja/list/programme-jp-cyber-list.html
check "...and so does the record's page" \
    grep -q "Web・スマホアプリの脆弱性診断" "s/ja/r/${VA#sha256:}.html"
expect 2 "a field no correction changes is refused" \
    $INKAN registry status reg "$VA" --action correct --reason CHANGE-NOTIFIED \
    --field public_disclosures.reviewing-body --value "x" --key op.key

done_testing
