#!/bin/sh
# The cybersecurity-service certification, seed 003's new programme
# (FORMAT.md 6.5, 8.4; docs/CATALOGS.md): granted only on its
# prerequisites — the service listed under the 審査登録 programme in the
# same category, an ISMS certificate, the organisation's ★4 in force —
# and out of force the moment one is lost, showing which (seed 003 制度の
# 有効期間: 「仮に更新できなかつた場合は、原則、認定を取り消すこと」); the
# revocation for that reason is accepted only then.  A re-assessment
# that supersedes the ★4 keeps it.  The tools and data storage are
# sealed: disclosed to one customer, checked against the record.  Each
# with its refused twin, on the demo's registry (two firms, three
# listings, two certifications, one revoked after its ★4 was).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
demo_registry
MAMORI=$(demo_rid mamori-va-cert) SHIRASE=$(demo_rid shirase-df-cert)
LIST=$(demo_rid mamori-va-list) STAR4=$(demo_rid mamori-star4)
SH4=$(demo_rid shirase-star4)
state() { # state ID [AT]: the computed state and reason code of a record
	$INKAN registry show "$R" "$1" ${2:+--at "$2"} --json |
	    python3 -c 'import json,sys; s = json.load(sys.stdin)
print(s["status"], s.get("reason_code") or "-")'
}
since() { # since ID: when the record's status began (JSON status_since)
	$INKAN registry show "$R" "$1" --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["status_since"])'
}
plus() { python3 -c 'import sys, datetime as d
t = d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ") + d.timedelta(seconds=int(sys.argv[2]))
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$1" "$2"; }

# --- the demo's certifications ---------------------------------------------
expect 0 "the demo's certification verifies against the registry" \
    $INKAN verify "$P/records/mamori-va-cert.dsse.json" --registry "$R"
check "...valid" out_has ": valid"
check "in force, with its own registration number" \
    sh -c "$INKAN registry list '$R' | grep '$MAMORI' | grep -q 'active.*S[0-9][0-9]-0001'"
expect 4 "the one whose ★4 was revoked is revoked" \
    $INKAN verify "$P/records/shirase-df-cert.dsse.json" --registry "$R"
check "...for its lost prerequisite" out_has "revoked.*PREREQUISITE-LAPSED"
SH4_AT=$(since "$SH4")
check "between the ★4's revocation and its own, it was out of force, naming the ★4" \
    test "$(state "$SHIRASE" "$(plus "$SH4_AT" 60)")" = "delisted PREREQUISITE-LAPSED"
$INKAN verify "$P/records/shirase-df-cert.dsse.json" --registry "$R" \
    --at "$(plus "$SH4_AT" 60)" >"$T/out" 2>&1
check "...verify says which prerequisite was lost" \
    out_has "prerequisite lost: the organisation's SCS assessment $SH4 is revoked"
check "before the ★4's revocation it was in force" \
    test "$(state "$SHIRASE" "$(plus "$SH4_AT" -60)")" = "active -"

# --- the site: the programme's own list, the prerequisites linked -----------
expect 0 "the site builds" $INKAN site build "$R" -o s1 -q
check "the certification programme's list has its own columns, the revoked one left out" \
    python3 - s1 "$MAMORI" "$SHIRASE" <<'PY'
import re, sys
h = open(sys.argv[1] + '/en/list/programme-jp-cyber-service.html', encoding='utf-8').read()
heads = re.findall(r'<th scope="col">(.*?)</th>', h)
assert heads == ['Registration No.', 'Service category', 'Service name', 'Provider',
    'Department', 'Service summary', 'Certified on', 'Valid until'], heads
assert sys.argv[2][7:] in h and sys.argv[3][7:] not in h
assert 'Vulnerability assessment' in h and 'セキュリティ診断部' in h
PY
check "the register's CSV carries the department" python3 - s1 "$MAMORI" <<'PY'
import csv, sys
rows = {r['id']: r for r in csv.DictReader(open(sys.argv[1] + '/register.csv', encoding='utf-8-sig', newline=''))}
assert rows[sys.argv[2]]['department'] == 'セキュリティ診断部', rows[sys.argv[2]]
PY
check "the record page links the prerequisites to their records" python3 - s1 "$MAMORI" "$LIST" "$STAR4" <<'PY'
import sys
h = open(sys.argv[1] + '/en/r/' + sys.argv[2][7:] + '.html', encoding='utf-8').read()
pre = h[h.index('id="prerequisites"'):]
pre = pre[:pre.index('</table>')]
assert sys.argv[3][7:] in pre and sys.argv[4][7:] in pre and 'IS 123456' in pre, pre
assert 'Kind of record</th><td>Certification' in h.replace('\n', '') or '>Certification<' in h
PY

# --- registry add: only on the prerequisites --------------------------------
# cert NAME PYTHON: the demo's mamori certification draft changed by
# PYTHON, signed by the secretariat and management into NAME.dsse.json.
cert() { demo_variant "$1" mamori-va-cert secretariat-inoue mgmt-mamori "$2"; }
cert again "p['update_date'] = p['registration_date']"
expect 1 "a second certification of a certified service must supersede the first" \
    $INKAN registry add "$R" again.dsse.json
cert soc "p['service'] = {'name': 'まもりSOC監視', 'id': 'mamori-soc'}"
expect 1 "a service listed in another category is not certified in this one" \
    $INKAN registry add "$R" soc.dsse.json
check "...naming both categories" err_has "listed under 'jp-cyber-list' in category 'security-monitoring', not 'vulnerability-assessment'"
MAMORI_CN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["predicate"]["organisation"]["corporate_number"])' "$P/records/mamori-va-cert.json")
cert soc1 "p['service'] = {'name': 'まもりSOC監視', 'id': 'mamori-soc'}; p['service_category'] = {'id': 'security-monitoring', 'options': []}; p['certification']['outsourcing']['entrustments'] = [{'form': 'certified-provider', 'party': 'まもり', 'corporate_number': '$MAMORI_CN'}]"
expect 1 "work entrusted to a provider certified only in another category is refused" \
    $INKAN registry add "$R" soc1.dsse.json
check "...naming the category" err_has "in category 'security-monitoring' in force"
cert soc2 "p['service'] = {'name': 'まもりSOC監視', 'id': 'mamori-soc'}; p['service_category'] = {'id': 'security-monitoring', 'options': []}"
expect 0 "...and is certified in its own category" \
    $INKAN registry add "$R" soc2.dsse.json
SOC=$(cut -d' ' -f1 "$T/out")
SOCNUM=$($INKAN registry show "$R" "$SOC" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["registration_number"])')
# Work entrusted under 例外規定① goes to a provider certified in the same
# category: しらせ's certification is revoked (and of another category).
SHIRASE_CN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["predicate"]["organisation"]["corporate_number"])' "$P/records/shirase-df-cert.json")
SOCSVC="p['service'] = {'name': 'まもりSOC監視', 'id': 'mamori-soc'}; p['service_category'] = {'id': 'security-monitoring', 'options': []}; p['supersedes'] = '$SOC'; p['update_date'] = p['registration_date']"
cert entrust1 "$SOCSVC; p['certification']['outsourcing']['entrustments'] = [{'form': 'certified-provider', 'party': 'しらせ', 'corporate_number': '$SHIRASE_CN'}]"
expect 1 "work entrusted to a provider not certified in the category is refused" \
    $INKAN registry add "$R" entrust1.dsse.json
check "...naming it" err_has "entrusted to $SHIRASE_CN as a certified provider, and it holds no certification under 'jp-cyber-service' in category 'security-monitoring'"
cert entrust2 "$SOCSVC; p['certification']['outsourcing']['entrustments'] = [{'form': 'certified-provider', 'party': 'まもり', 'corporate_number': '$MAMORI_CN'}]"
expect 0 "a change application (内容変更申請) entrusting to a certified provider supersedes it" \
    $INKAN registry add "$R" entrust2.dsse.json
SOC=$(cut -d' ' -f1 "$T/out")
check "...and keeps its registration number" test "$($INKAN registry show "$R" "$SOC" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["registration_number"])')" = "$SOCNUM"
# The services/ index is a hint, even in a commit the log key signed: one
# that files まもり's certification under しらせ lends しらせ nothing.
git clone -q "$R" lend
mkdir -p "lend/services/$SHIRASE_CN"
echo "$SOC" >"lend/services/$SHIRASE_CN/lent"
log_key_commit "$R" lend "file a certification under another organisation"
cert entrust3 "p['service'] = {'name': 'まもりSOC監視', 'id': 'mamori-soc'}; p['service_category'] = {'id': 'security-monitoring', 'options': []}; p['supersedes'] = '$SOC'; p['update_date'] = p['registration_date']; p['certification']['outsourcing']['entrustments'] = [{'form': 'certified-provider', 'party': 'しらせ', 'corporate_number': '$SHIRASE_CN'}]"
expect 1 "an index that files another organisation's certification under the entrusted one lends it nothing" \
    env INKAN_LOG_KEY="$T/$R/.git/inkan/log.key" $INKAN registry add lend entrust3.dsse.json
check "...the entrusted provider holds no certification" err_has "entrusted to $SHIRASE_CN as a certified provider, and it holds no certification"
cert unlisted "p['service'] = {'name': '未掲載の診断', 'id': 'mamori-new'}"
expect 1 "a service not on the 審査登録 list is not certified" \
    $INKAN registry add "$R" unlisted.dsse.json
check "...saying so" err_has "service mamori-new of .* is not listed under 'jp-cyber-list'"
cert other4 "p['certification']['prerequisites']['scs_assessment'] = '$(demo_rid hikari-star4)'"
expect 1 "another organisation's ★4 is not this one's prerequisite" \
    $INKAN registry add "$R" other4.dsse.json
check "...saying whose it is" err_has "is not an assessment of"
cert star3 "p['certification']['prerequisites']['scs_assessment'] = '$(demo_rid minato-star3)'"
expect 1 "a ★3 is not a ★4" $INKAN registry add "$R" star3.dsse.json
cert nosuch "p['certification']['prerequisites']['scs_assessment'] = 'sha256:' + '0' * 64"
expect 1 "a ★4 the registry does not hold is refused" \
    $INKAN registry add "$R" nosuch.dsse.json
check "...naming it" err_has "is not in the registry"
cert isms "p['certification']['prerequisites']['isms']['valid_until'] = '2020-03-31'"
expect 1 "an ISMS certificate past its date is refused" \
    $INKAN registry add "$R" isms.dsse.json
check "...naming it" err_has "ISMS certificate IS 123456 was valid until 2020-03-31"

# --- sign refuses what the programme excludes ---------------------------------
python3 - "$P/records/mamori-va-cert.json" "$P/tool.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["predicate"]["certification"]["tool_only"] = True
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 1 "a service that only provides a tool is refused at sign" \
    $INKAN sign "$P/tool.json" --key "$P/keys/secretariat-inoue.key" --role auditor -o tool.dsse.json
check "...citing the seed" err_has "新たな制度では当該サービスは対象外とする"
check "...and nothing is written" test ! -e tool.dsse.json
expect 2 "inkan new lists the certification draft among the kinds" $INKAN new
check "...by its name" err_has "certification .*jp-cyber-service"

# --- a lost listing takes the certification out of force ---------------------
expect 1 "a revocation for a lost prerequisite is refused while every one holds" \
    $INKAN registry status "$R" "$MAMORI" --action revoke \
    --reason PREREQUISITE-LAPSED --key "$P/keys/operator.key"
check "...saying so" err_has "every prerequisite of $MAMORI holds"
expect 0 "the listing is revoked" \
    $INKAN registry status "$R" "$LIST" --action revoke --reason VIOLATION \
    --text "審査登録の要件違反" --key "$P/keys/operator.key"
check "the certification is out of force at once, for its prerequisite" \
    test "$(state "$MAMORI")" = "delisted PREREQUISITE-LAPSED"
expect 4 "verify says it is not valid" \
    $INKAN verify "$P/records/mamori-va-cert.dsse.json" --registry "$R"
check "...naming the listing" out_has "prerequisite lost: the listing of service mamori-va under 'jp-cyber-list' ($LIST) is revoked"
expect 0 "the site builds again" $INKAN site build "$R" -o s1 -q
check "its page says a prerequisite no longer holds, linking the listing" python3 - s1 "$MAMORI" "$LIST" <<'PY'
import sys
h = open(sys.argv[1] + '/en/r/' + sys.argv[2][7:] + '.html', encoding='utf-8').read()
st = h[:h.index('id="details"')]
assert 'A prerequisite no longer holds' in st and sys.argv[3][7:] in st, st[-2000:]
assert 'Delisted' in st
PY
check "...and the programme's list no longer shows it" sh -c \
    "! grep -q '${MAMORI#sha256:}' s1/en/list/programme-jp-cyber-service.html"
check "the other service's certification keeps its own listing" \
    test "$(state "$SOC")" = "active -"
expect 0 "now the revocation for the lost prerequisite is accepted" \
    $INKAN registry status "$R" "$MAMORI" --action revoke \
    --reason PREREQUISITE-LAPSED --text "審査登録が取り消されたため" \
    --key "$P/keys/operator.key"
check "...and it is revoked" test "$(state "$MAMORI")" = "revoked PREREQUISITE-LAPSED"

# --- the ★4: superseded keeps it, expired loses it -----------------------------
demo_variant star4b mamori-star4 auditor-suzuki mgmt-mamori "pass" ||
	echo "Bail out! cannot sign a ★4 re-assessment"
expect 0 "a ★4 re-assessment is registered" $INKAN registry add "$R" star4b.dsse.json
expect 0 "...and supersedes the first" $INKAN registry status "$R" "$STAR4" \
    --action supersede --by "$(cut -d' ' -f1 "$T/out")" --reason RENEWED \
    --key "$P/keys/operator.key"
check "the certification built on the first ★4 stays in force" \
    test "$(state "$SOC")" = "active -"
ISMS_END=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1])); print(d["predicate"]["certification"]["prerequisites"]["isms"]["valid_until"])' "$P/records/mamori-va-cert.json")
check "on the ISMS certificate's last day (JST) it is in force" \
    test "$(state "$SOC" "${ISMS_END}T14:59:00Z")" = "active -"
check "the day after, its ISMS prerequisite is lost" \
    test "$(state "$SOC" "${ISMS_END}T15:00:00Z")" = "delisted PREREQUISITE-LAPSED"

# --- the sealed tools: disclosed to one customer -----------------------------
expect 0 "the tool list is disclosed from the private bundle" \
    $INKAN disclose "$P/records/mamori-va-cert.disclosures.json" --select tools/1 -o tool1.json
expect 0 "...and checks against the record" \
    $INKAN verify "$P/records/mamori-va-cert.dsse.json" --disclosure tool1.json \
    --key "$P/keys/secretariat-inoue.pub" --key "$P/keys/mgmt-mamori.pub"
check "...showing the tool" out_has "disclosed: tools/1 = .*Sample Scanner 5"
python3 - tool1.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["disclosures"][0] = d["disclosures"][0].replace("Sample Tools Inc.", "Other Tools Inc.")
json.dump(d, open(sys.argv[1], "w"))
PY
expect 1 "an edited disclosure does not" \
    $INKAN verify "$P/records/mamori-va-cert.dsse.json" --disclosure tool1.json \
    --key "$P/keys/secretariat-inoue.pub" --key "$P/keys/mgmt-mamori.pub"
check "the record itself carries no tool name" sh -c \
    "python3 '$INKAN_SRC/tests/adversarial/adv.py' payload '$P/records/mamori-va-cert.dsse.json' | grep -vq 'Sample Scanner'"

# --- change notifications of the summary the programme's list shows --------
expect 0 "a certification's サービス概要 is changed by a notification" \
    $INKAN registry status "$R" "$SOC" --action correct --reason CHANGE-NOTIFIED \
    --field service_summary.ja --value "24時間365日の監視と初動対応" \
    --key "$P/keys/operator.key"
expect 1 "...but not a record that gives none (an audit)" \
    $INKAN registry status "$R" "$(demo_rid kazoeru-soc2-2026)" --action correct \
    --reason CHANGE-NOTIFIED --field service_summary.ja --value "x" \
    --key "$P/keys/operator.key"
check "...saying so" err_has "gives no service summary"

# --- the public summary ------------------------------------------------------
expect 0 "the certification's public summary renders" \
    $INKAN summary "$P/records/mamori-va-cert.dsse.json" --format md
check "...as a certification, not an audit opinion" out_has "^# 認定の公開情報"
check "...with its prerequisites" out_has "ISMS認証登録番号.*IS 123456"
check "...the pledge and who signed it" out_has "署名者.*清水 誠, 代表取締役"
check "...the tools only as their number" out_has "申告された使用ツール.*1"
check "...and no opinion" sh -c "! grep -q '意見' '$T/out'"
done_testing
