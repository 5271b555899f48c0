#!/bin/sh
# The statement of applicability (言明書) of an ISMAP-style audit
# (docs/FORMAT.md 6.6, seed 001: 「自身のサービスの内容に対応する管理策を
# 選択し、言明書において明らかにする」「選択しない管理策がある場合には、
# CSPは言明書において除外理由の記載を行うこと」): a statement with its
# reasons signs, registers, and its exclusions are public in the summary
# and on the site, escaped; each rule refuses its broken twin, both at
# inkan sign and, for a record signed without inkan's checks, at
# registry add -- exit 1, naming the control.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
A="python3 $src/tests/adversarial/adv.py"
cd "$T" || exit 2
ismap_registry soa.test/reg
echo "$AUD" >aud.id
echo "$MG" >mgmt.id
export INKAN_NOW=2026-06-01T00:00:00Z
# draft NAME CHANGES...: NAME.json, the ISMAP fixture with CHANGES.
draft() {
	n=$1
	shift
	$INKAN new audit-report | $fill auditor="$AUD" management="$MG" "$ISMAP" "$@" >"$n.json"
}
# signs NAME: sign NAME.json as the auditor (stderr in $T/err).
signs() { $INKAN sign "$1.json" --key aud.key --role auditor -o "$1.dsse.json" -q; }
SEL='["9.2.1.1", "9.2.1.2", "9.2.1.3"]'
R4='{"ja": "利用者の登録は顧客が自ら行うため", "en": "Customers register their own users"}'
soa() { # soa SELECTED EXCLUDED: the change that sets the statement
	echo "{\"statement_of_applicability\": {\"catalog_version\": \"sample-1\", \"selected\": $1, \"excluded\": $2}}"
}

# --- the genuine statement: signs, registers, is public --------------------
X='<script>XSSMARK(1)</script><img src=x onerror=XSSMARK(2)>"'"'"'&<iframe src=javascript:XSSMARK(3)> | **b**'
draft good "$(soa "$SEL" "$(python3 -c 'import json, sys; print(json.dumps([{"id": "9.2.1.4", "reason": {
    "ja": "利用者の登録は顧客が自ら行うため" + sys.argv[1], "en": "Customers register their own users" + sys.argv[1]}}]))' "$X")")"
expect 0 "a statement of applicability with its reasons signs" signs good
$INKAN sign good.dsse.json --key mgmt.key --role management -q >/dev/null 2>&1
expect 0 "...and registers, signed by the auditor and management" \
    $INKAN registry add reg good.dsse.json
check "...the statement is in the signed payload as management signed it" sh -c '
	'"$A"' statement good.dsse.json | python3 -c "
import json, sys; s = json.load(sys.stdin)[\"predicate\"][\"statement_of_applicability\"]
assert s[\"selected\"] == [\"9.2.1.1\", \"9.2.1.2\", \"9.2.1.3\"] and s[\"excluded\"][0][\"id\"] == \"9.2.1.4\""'
expect 0 "inkan summary (Markdown, ja)" $INKAN summary good.dsse.json --lang ja -o good-ja.md
check "...has the 言明書 with its counts" sh -c 'grep -q "^## 言明書" good-ja.md && grep -q "選択した管理策:\*\* 3" good-ja.md && grep -q "除外した管理策:\*\* 1" good-ja.md'
check "...and the exclusion: id, the control's words and the reason" sh -c 'grep "9.2.1.4" good-ja.md | grep "顧客が自ら" | grep -q "利用者の登録は顧客が自ら行うため"'
check "...escaped for Markdown" $A md-safe good-ja.md
expect 0 "inkan summary (HTML, en)" $INKAN summary good.dsse.json --lang en --format html -o good-en.html
check "...says Statement of applicability, Controls excluded and the reason" sh -c 'grep -q "Statement of applicability (management.s statement)" good-en.html && grep -q "Reason for exclusion" good-en.html && grep -q "Customers register their own users" good-en.html && grep -q "Cloud customers are given a way to register and remove their own users" good-en.html'
check "...escaped for HTML" $A html-safe good-en.html
check "...and no control result is public" sh -c '! grep -q "sample_size\|conformant" good-en.html good-ja.md'
expect 0 "the site builds" $INKAN site build reg -o site
RID=$($A record-id good.dsse.json | sed 's/^sha256://')
check "its summary page has the exclusion in Japanese" sh -c 'grep -q "除外理由" site/ja/soc3/'"$RID"'.html && grep -q "利用者の登録は顧客が自ら行うため" site/ja/soc3/'"$RID"'.html'
check "...and in English" sh -c 'grep -q "Reason for exclusion" site/en/soc3/'"$RID"'.html && grep -q "Customers register their own users" site/en/soc3/'"$RID"'.html'
check "...escaped for HTML" $A html-safe site/en/soc3/$RID.html
draft jaonly "$(soa "$SEL" '[{"id": "9.2.1.4", "reason": {"ja": "顧客が自ら行うため"}}]')"
expect 0 "a reason in Japanese only signs" signs jaonly
check "...and the English summary shows it" sh -c '$0 summary jaonly.dsse.json --lang en | grep -q "顧客が自ら行うため"' "$INKAN"

check "the draft of inkan new audit-report shows the statement, commented" sh -c '
	$0 new audit-report | grep -q "^ *//   \"statement_of_applicability\": {\"catalog_version\""' "$INKAN"

# --- each rule at inkan sign, with its broken twin ---------------------------
draft noreason "$(soa "$SEL" '[{"id": "9.2.1.4"}]')"
expect 1 "an exclusion without a reason is refused" signs noreason
check "...naming the control" err_has "excluded control '9.2.1.4' has no reason"
draft enreason "$(soa "$SEL" '[{"id": "9.2.1.4", "reason": {"en": "n/a"}}]')"
expect 1 "a reason without its Japanese text is refused" signs enreason
check "...naming the control" err_has "excluding '9.2.1.4' must be"
draft long "$(soa "$SEL" "[{\"id\": \"9.2.1.4\", \"reason\": {\"ja\": \"$(printf "%04097d" 0)\"}}]")"
expect 1 "a reason over 4 KiB is refused" signs long
check "...naming the control and the limit" err_has "excluding '9.2.1.4' (ja) must be a non-empty text of at most 4096 bytes (AUDIT_MAX_SOA_REASON)"
draft mand "$(soa '["9.2.1.2", "9.2.1.3"]' "[{\"id\": \"9.2.1.1\", \"reason\": $R4}, {\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "excluding a mandatory control is refused (遵守を必須)" signs mand
check "...naming the control" err_has "'9.2.1.1' is mandatory in catalogue 'ismap-sample'"
draft unknown "$(soa '["9.2.1.1", "9.2.1.2", "9.2.1.3", "9.2.1.9"]' "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "an id that is not a control of the catalogue is refused" signs unknown
check "...naming it" err_has "'9.2.1.9' is not a control of catalogue 'ismap-sample' version 'sample-1'"
draft both "$(soa "$SEL" "[{\"id\": \"9.2.1.3\", \"reason\": $R4}, {\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "a control both selected and excluded is refused" signs both
check "...naming it" err_has "control '9.2.1.3' is both selected and excluded"
draft twice "$(soa '["9.2.1.1", "9.2.1.2", "9.2.1.3", "9.2.1.2"]' "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "a control selected twice is refused" signs twice
check "...naming it" err_has "control '9.2.1.2' is listed twice"
draft missing "$(soa '["9.2.1.1", "9.2.1.2"]' "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "a covered control neither selected nor excluded is refused" signs missing
check "...naming it" err_has "control '9.2.1.3' of category '9' is neither selected nor excluded"
draft other "$(soa "$SEL" "[{\"id\": \"9.2.1.4\", \"reason\": $R4}, {\"id\": \"5.1.1.3\", \"reason\": $R4}]")"
expect 1 "a control of a category not covered is refused" signs other
check "...naming it" err_has "'5.1.1.3' is in category '5', which criteria.categories does not cover"
draft tested "$(soa '["9.2.1.1", "9.2.1.2"]' "[{\"id\": \"9.2.1.3\", \"reason\": $R4}, {\"id\": \"9.2.1.4\", \"reason\": $R4}]")" \
    '{"controls": [{"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10}, {"id": "9.2.1.2", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}, {"id": "9.2.1.3", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}]}'
expect 1 "a control tested but excluded is refused" signs tested
check "...naming it" err_has "control '9.2.1.3' has a result, but the statement of applicability excludes it"
draft na "$(soa "$SEL" "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")" \
    '{"controls": [{"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10}, {"id": "9.2.1.2", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}, {"id": "9.2.1.3", "result": "not-applicable", "reason": "x"}]}'
expect 1 "a selected control reported not-applicable is refused" signs na
check "...naming it" err_has "control '9.2.1.3' is selected in the statement of applicability, so it cannot be not-applicable"
draft tested-ok "$(soa "$SEL" "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")" \
    '{"controls": [{"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10}, {"id": "9.2.1.2", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}, {"id": "9.2.1.3", "result": "conformant", "procedures": ["inquiry"], "sample_size": 5}]}'
expect 0 "...its twin, tested and selected, signs" signs tested-ok
draft objective "$(soa '["9.2.1.1", "9.2.1.2", "9.2.1.3", "9.2.1"]' "[{\"id\": \"9.2.1.4\", \"reason\": $R4}]")"
expect 1 "a control objective in place of its detailed controls is refused" signs objective
check "...naming it" err_has "'9.2.1' is a control objective: name its detailed controls"
draft version '{"statement_of_applicability": {"catalog_version": "sample-0", "selected": ["9.2.1.1", "9.2.1.2", "9.2.1.3"], "excluded": [{"id": "9.2.1.4", "reason": {"ja": "x"}}]}}'
expect 1 "a statement of another catalogue version is refused" signs version
check "...naming both versions" err_has "catalog_version 'sample-0' is not criteria.catalog_version 'sample-1'"
draft none '{"statement_of_applicability": null}'
expect 1 "an ISMAP-style draft without a statement is refused" signs none
check "...saying the scheme requires one" err_has "statement_of_applicability is required by scheme 'ismap-cloud'"
$INKAN new audit-report | $fill auditor="$AUD" management="$MG" "$(soa '[]' '[]')" >soc2.json
expect 1 "a SOC 2 draft with a statement is refused" signs soc2
check "...saying the scheme takes none" err_has "scheme 'soc2-type2' takes no statement of applicability"

# --- the same rules at registry add, for records signed without them -------
# forge NAME PYTHON: the genuine payload of tested-ok (another service),
# changed by PYTHON (on s, the statement; p, the predicate), signed by the
# auditor and management with openssl, bypassing inkan sign's checks.
forge() {
	$A statement tested-ok.dsse.json | python3 -c '
import json, sys
d = json.load(sys.stdin); p = d["predicate"]; s = p["statement_of_applicability"]
p["service"]["id"] = "forged-" + sys.argv[1]
exec(sys.argv[2])
json.dump(d, sys.stdout, ensure_ascii=False)' "$1" "$2" | $A canon >"$1.payload" &&
	$A sign aud.key application/vnd.in-toto+json "$1.payload" >"$1.a.json" &&
	$A sign mgmt.key application/vnd.in-toto+json "$1.payload" >"$1.m.json" &&
	$A env "$1.a.json" "sig-from:$1.m.json:0" >"$1.dsse.json"
}
forge f-genuine 'pass'
expect 0 "a record signed outside inkan, statement intact, registers (the twin)" \
    $INKAN registry add reg f-genuine.dsse.json
forge f-noreason 's["excluded"][0].pop("reason")'
expect 1 "registry add refuses an exclusion without a reason" $INKAN registry add reg f-noreason.dsse.json
check "...naming the control" err_has "excluded control '9.2.1.4' has no reason"
forge f-mand 's["selected"].remove("9.2.1.2"); s["excluded"].append({"id": "9.2.1.2", "reason": {"ja": "x"}})'
expect 1 "registry add refuses an excluded mandatory control" $INKAN registry add reg f-mand.dsse.json
check "...naming it" err_has "'9.2.1.2' is mandatory in catalogue 'ismap-sample'"
forge f-unknown 's["selected"].append("9.9.9.9")'
expect 1 "registry add refuses an unknown id" $INKAN registry add reg f-unknown.dsse.json
check "...naming it" err_has "'9.9.9.9' is not a control of catalogue"
forge f-both 's["excluded"].append({"id": "9.2.1.1", "reason": {"ja": "x"}})'
expect 1 "registry add refuses a control both selected and excluded" $INKAN registry add reg f-both.dsse.json
check "...naming it" err_has "control '9.2.1.1' is both selected and excluded"
forge f-missing 's["excluded"] = []'
expect 1 "registry add refuses a covered control left out" $INKAN registry add reg f-missing.dsse.json
check "...naming it" err_has "control '9.2.1.4' of category '9' is neither selected nor excluded"
forge f-tested 's["selected"].remove("9.2.1.3"); s["excluded"].append({"id": "9.2.1.3", "reason": {"ja": "x"}})'
expect 1 "registry add refuses a tested control the statement excludes" $INKAN registry add reg f-tested.dsse.json
check "...naming it" err_has "controls_covered: control '9.2.1.3' has a result, but the statement of applicability excludes it"
# The 言明書 is required of records registered from the day the scheme took
# it (schemes.json statement_of_applicability_from): one registered before
# keeps its registration, and readers keep reading it as registered.
forge f-before 'p.pop("statement_of_applicability")'
expect 0 "a record without a statement registers before the scheme's day (2026-12-07)" \
    $INKAN registry add reg f-before.dsse.json
BEFORE=$(cut -d' ' -f1 "$T/out")
export INKAN_NOW=2027-01-10T00:00:00Z
forge f-none 'p.pop("statement_of_applicability")'
expect 1 "registry add refuses an ISMAP-style record without a statement from that day" $INKAN registry add reg f-none.dsse.json
check "...saying the scheme requires one" err_has "statement_of_applicability is required by scheme 'ismap-cloud' of a record registered from 2026-12-07"
expect 0 "the one registered before stays valid for its readers" \
    $INKAN verify f-before.dsse.json --registry reg --at 2027-01-10T00:00:00Z
done_testing
