#!/bin/sh
# SCS ★3/★4 assessments end to end: importing an official-style criteria
# list as a catalogue, exporting the assessment sheet (CSV, XLSX),
# filling it, importing it into a draft, checking and signing it by the
# expert (★3) or evaluator (★4) and management, verifying the record,
# and every way a sheet, a draft or a record must be refused.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2

fixture=$src/tests/fixtures/scs-star3-criteria.csv
base3=$src/catalogs/scs-star3-2026.json
base4=$src/catalogs/scs-star4-2026.json
# A catalogue folder of the test's own: the scheme file, and only the
# catalogues the test imports.
mkdir cat && cp "$src/catalogs/schemes.json" cat/
INKAN_CATALOGS=$T/cat
export INKAN_CATALOGS
INKAN_NOW=2026-06-16T01:00:00Z
export INKAN_NOW

# ---- the criteria list: catalogue import -------------------------------

expect 0 "the official-style list (81 criteria) imports as a catalogue" \
	$INKAN scs catalog import "$fixture" --level 3 --base "$base3" \
	--version 2026-03-27 -o cat/scs-star3-official.json
check "the import prints 7 / 12 / 26 / 81" \
	out_has '^scs-star3 2026-03-27: 7 categories, 12 middle categories, 26 requirements, 81 criteria$'
# The counts of DOMAIN.md (the final file of 2026-03-27).
domain_counts='1-2-1:3 1-2-3:2 1-3-1:3 2-1-1:2 2-1-2:1 2-1-4:1 3-1-1:4 3-1-2:2
3-1-3:2 3-1-4:3 4-1-1:4 4-1-2:8 4-1-3:4 4-1-4:2 4-1-5:5 4-1-6:3 4-1-7:1
4-2-2:3 4-3-4:3 4-4-1:3 4-4-4:2 4-4-5:3 4-5-1:7 5-1-1:3 6-1-1:6 7-1-1:1'
check "the printed criteria per requirement match DOMAIN.md" python3 - "$T/out" "$domain_counts" <<'PY'
import re, sys
want = dict(x.split(':') for x in sys.argv[2].split())
got = dict(re.findall(r'^    ([0-9-]+): ([0-9]+) criteri', open(sys.argv[1]).read(), re.M))
assert got == want, (got, want)
PY
check "the catalogue file: complete, counts per requirement, source hash, texts as in the CSV" \
	python3 - cat/scs-star3-official.json "$fixture" "$domain_counts" <<'PY'
import hashlib, json, sys
c = json.load(open(sys.argv[1]))
want = dict(x.split(':') for x in sys.argv[3].split())
reqs = {r['id']: r for k in c['categories'] for m in k['middle'] for r in m['requirements']}
assert len(c['categories']) == 7 and sum(len(k['middle']) for k in c['categories']) == 12
assert {i: str(len(r['criteria'])) for i, r in reqs.items()} == want
assert c['complete'] is True and 'text_source' not in c
assert c['source']['sha256'] == hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest()
assert c['source']['file'] == 'scs-star3-criteria.csv' and c['version'] == '2026-03-27'
assert all(not k.get('placeholder') for r in reqs.values() for k in r['criteria'])
crit = {k['id']: k for r in reqs.values() for k in r['criteria']}
# The list mark is gone, quotes, commas and line breaks kept, space trimmed.
assert crit['1-2-1-2']['text']['ja'] == '平時のセキュリティ推進活動に必要な連絡先リストを定めること。'
assert crit['4-1-2-7']['text']['ja'] == '試験用の本文: 管理者IDは、"特権"の利用を記録し、\n月1回、点検すること。'
assert crit['4-5-1-3']['text']['ja'] == '試験用, カンマ, "引用符" を含む本文 4-5-1-3'
# Rows out of order in the file come out in numeric order.
assert [k['id'] for k in reqs['4-1-5']['criteria']] == ['4-1-5-%d' % i for i in range(1, 6)]
PY
expect 0 "catalog show prints the imported catalogue" $INKAN scs catalog show scs-star3@2026-03-27
check "show: 26 requirements, 81 criteria, complete" \
	sh -c 'grep -q "26 requirements, 81 criteria" "$1" && grep -q "complete:  yes" "$1" && grep -q "^    4-1-2: 8 criteria" "$1"' - "$T/out"
expect 0 "catalog show --json" $INKAN scs catalog show scs-star3 --json
check "--json counts 81 criteria and no placeholder" python3 -c '
import json, sys; s = json.load(open(sys.argv[1]))
assert s["counts"]["criteria"] == 81 and s["counts"]["placeholder_criteria"] == 0 and s["complete"]' "$T/out"
expect 0 "the shipped placeholder catalogue shows as incomplete" $INKAN scs catalog show "$base3"
check "it says so" out_has "complete:  no (71 placeholder criteria"

# Negative twins: every malformed row by its line, and what is missing.
python3 - "$fixture" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
def write(name, rs):
    with open(name, 'w', encoding='utf-8-sig', newline='') as f:
        csv.writer(f, lineterminator='\r\n').writerows(rs)
bad = [list(r) for r in rows]
for r in bad:
    if r[5] == '3-1-2-1': r[2], r[5] = '9-9-9', '9-9-9-1'
    if r[5] == '4-4-4-2': r[5] = '4-4-4-02'
    if r[5] == '5-1-1-2': r[6] = ' ・ '
write('bad-rows.csv', bad)
write('missing-req.csv', [r for r in rows if r[2] != '7-1-1'])
write('gap.csv', [r for r in rows if r[5] != '4-1-2-5'])
write('dup.csv', rows + [rows[3]])
open('cp932.csv', 'wb').write('\n'.join(','.join(r) for r in rows[:5]).encode('cp932', 'replace'))
open('unclosed.csv', 'w').write('requirement_id,criterion_id,criterion_text_ja\n1-2-1,1-2-1-1,"open\n')
PY
line_of() { grep -n -- "$1" "$2" | head -n 1 | cut -d: -f1; }
expect 2 "a list with malformed rows is refused" $INKAN scs catalog import bad-rows.csv --base "$base3" -o cat/x.json
check "an unknown requirement is named with its line" err_has "line $(line_of ',9-9-9,' bad-rows.csv): requirement '9-9-9' is not in the base catalogue"
check "a criterion id with a leading zero, with its line" err_has "line $(line_of ',4-4-4-02,' bad-rows.csv): criterion id '4-4-4-02'"
check "an empty criterion text, with its line" err_has "line $(line_of ',5-1-1-2,' bad-rows.csv): criterion '5-1-1-2' has no text"
check "nothing was written" test ! -e cat/x.json
expect 2 "a list without one requirement's criteria is refused" $INKAN scs catalog import missing-req.csv --base "$base3" -o cat/x.json
check "the missing requirement is named" err_has "requirement '7-1-1'.*has no criteria"
expect 2 "a gap in the numbering is refused" $INKAN scs catalog import gap.csv --base "$base3" -o cat/x.json
check "the missing criterion is named" err_has "criterion '4-1-2-5' is missing"
expect 2 "a criterion twice is refused" $INKAN scs catalog import dup.csv --base "$base3" -o cat/x.json
check "both lines are named" err_has "line [0-9]*: criterion '1-2-1-3' appears again (first on line [0-9]*)"
expect 2 "a CP932 (Shift_JIS) file is refused as not UTF-8" $INKAN scs catalog import cp932.csv --base "$base3"
check "with its line and how to convert it" err_has "line 1: not UTF-8.*iconv"
expect 2 "an unclosed quote is refused" $INKAN scs catalog import unclosed.csv --base "$base3"
check "with the line it began on" err_has "line 2: a quoted field is not closed"
expect 2 "an existing catalogue file is never overwritten" $INKAN scs catalog import "$fixture" --base "$base3" -o cat/scs-star3-official.json
expect 2 "a ★3 base cannot make a ★4 catalogue" $INKAN scs catalog import "$fixture" --level 4 --base "$base3"
expect 2 "an unknown catalogue cannot be shown" $INKAN scs catalog show scs-star9

# ---- the assessment sheet: export ------------------------------------

expect 0 "the ★3 sheet exports as CSV" $INKAN scs sheet export --catalog scs-star3 --format csv -o sheet.csv
check "Japanese headers, one row per criterion (81), grouped by requirement" python3 - sheet.csv <<'PY'
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf') and b'\r\n' in raw
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0] == ['要求事項番号', '評価基準番号', '要求事項', '評価基準',
    '回答(対応済/一部対応済/対応準備中/未対応/対象外)', '組織のコメント',
    '評価手続(文書類/システム機能/現場視察/ヒアリング)',
    '専門家の評価結果(適合/改善要/対象外)', '専門家のコメント', '基準充足(満たす/満たさない)'], rows[0]
body = rows[1:]
assert len(body) == 81 and len({r[0] for r in body}) == 26
assert all(r[1].startswith(r[0] + '-') for r in body)
assert body[0][2].startswith('セキュリティ推進活動部門\n') and all(not any(r[4:]) for r in body)
PY
expect 2 "an unknown catalogue cannot be exported" $INKAN scs sheet export --catalog scs-star9 --format csv
expect 2 "an unknown format is refused" $INKAN scs sheet export --catalog scs-star3 --format ods

expect 0 "the ★3 sheet exports as XLSX" $INKAN scs sheet export --catalog scs-star3 --format xlsx -o sheet.xlsx
check "the XLSX reads back: Japanese headers, all 26 requirements, drop-down lists" python3 - sheet.xlsx <<'PY'
import re, sys, zipfile, xml.etree.ElementTree as ET
m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter(m + 't'))
           for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(m + 'si')]
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
cells = {}
for c in sheet.iter(m + 'c'):
    v = c.find(m + 'v')
    if v is not None and c.get('t') == 's':
        cells[c.get('r')] = strings[int(v.text)]
heads = [cells.get(col + '1') for col in 'ABCDEFGHIJ']
assert heads[0] == '要求事項番号' and heads[4].startswith('回答(対応済/') and heads[9] == '基準充足(満たす/満たさない)', heads
reqs = {v for k, v in cells.items() if re.fullmatch(r'A([2-9]|\d\d+)', k)}
want = {'1-2-1','1-2-3','1-3-1','2-1-1','2-1-2','2-1-4','3-1-1','3-1-2','3-1-3','3-1-4','4-1-1','4-1-2','4-1-3',
        '4-1-4','4-1-5','4-1-6','4-1-7','4-2-2','4-3-4','4-4-1','4-4-4','4-4-5','4-5-1','5-1-1','6-1-1','7-1-1'}
assert reqs == want, reqs ^ want
assert sum(1 for k in cells if re.fullmatch(r'B\d+', k)) == 82
lists = {d.get('sqref'): d.find(m + 'formula1').text for d in sheet.iter(m + 'dataValidation')}
assert lists['E2:E82'] == '"対応済,一部対応済,対応準備中,未対応,対象外"', lists
assert lists['H2:H82'] == '"適合,改善要,対象外"' and lists['J2:J82'] == '"満たす,満たさない"'
PY
expect 2 "an XLSX into a folder that does not exist is refused" $INKAN scs sheet export --catalog scs-star3 --format xlsx -o nodir/sheet.xlsx
check "and nothing is left behind" test ! -e nodir

# ---- filling the sheet, the draft, the signatures --------------------

$INKAN keys generate --out expert --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out mgmt --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out evaluator --no-passphrase >/dev/null 2>&1
E=$($INKAN keys id expert.pub)
M=$($INKAN keys id mgmt.pub)
V=$($INKAN keys id evaluator.pub)

# fill IN OUT [ID:COLUMN:VALUE]...: every row answered 対応済 / 適合 /
# 満たす, then the changes (ID is a requirement or a criterion number).
cat >fill.py <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
for r in rows[1:]:
    r[4:10] = ['対応済', '規程を整備し、運用している', '文書類、ヒアリング', '適合', '記録を確認した', '満たす']
for change in sys.argv[3:]:
    key, col, value = change.split(':', 2)
    for r in rows[1:]:
        if key in (r[0], r[1]):
            r[int(col)] = value
with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(rows)
PY
# The parts of the draft the sheet does not carry.
identity() { # identity FILE LEVEL ROLE KEYID PERSON
	if [ "$2" = 3 ]; then
		who='"expert": {"name": "応援 太郎", "qualification": "情報処理安全確保支援士", "registration_number": "RISS-012345"},'
	else
		who='"evaluator": {"name": "評価 花子", "organisation": "第三者評価機関 株式会社"},'
	fi
	cat >"$1" <<JSON
{
  // who, what and when: the organisation fills this in
  "predicateType": "urn:inkan:scs-assessment:v1",
  "subject": [],
  "predicate": {
    "scheme": "scs-star$2", "level": $2,
    "organisation": {"name": "AAA 株式会社", "corporate_number": "7000012050002"},
    "scope": {"kind": "company", "summary": "本社及び全営業所の情報システム"},
    $who
    "management_declaration": {"name": "情報 太郎", "title": "代表取締役社長", "date": "2026-06-16",
      "text": "当社は、要求事項に基づく評価の結果が事実に基づくものであることを宣言します。"},
    "confirmation_date": "2026-06-15",
    "signers": [
      {"role": "$3", "keyid": "$4", "name": "$5"},
      {"role": "management", "keyid": "$M", "name": "情報 太郎"}
    ],
    "improvement_plan": {
      "date": "2026-06-10", "company": "AAA 株式会社 <script>alert(1)</script>",
      "responsible": {"title": "情報システム部長", "name": "鈴木 次郎"},
      "expert": "応援 太郎",
      "meetings": [{"date": "2026-05-11", "time": "14:00-17:00", "attendees": ["代表取締役社長 情報太郎", "情報システム部長 鈴木次郎"]},
                   {"date": "2026-06-02", "time": "14:00-17:00", "attendees": ["同上"]}],
      "evaluation": "規程類はよく整備され & 運用されている。\n訓練は未実施。",
      "items": [{"content": "インシデント対応訓練の立案と実施", "target": "2026-09"},
                {"content": "バックアップ復旧手順の追記", "target": "2026-08-31"}]
    }
  }
}
JSON
}
identity base3.json 3 expert "$E" "応援 太郎"

python3 fill.py sheet.csv filled.csv 7-1-1:4:対象外 7-1-1:7:対象外 \
	7-1-1:8:事業上重要なシステムを保有しないため 7-1-1:9:
expect 0 "the filled sheet imports into a draft" $INKAN scs sheet import filled.csv --catalog scs-star3 --draft base3.json -o draft.json
check "the draft holds 26 results, the sheet as subject, the catalogue version" python3 - draft.json <<'PY'
import json, re, sys
d = json.loads(re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M))
p = d['predicate']
assert len(p['requirements']) == 26 and p['catalog'] == {'id': 'scs-star3', 'version': '2026-03-27'}
r = {x['id']: x for x in p['requirements']}
assert r['1-2-1']['procedures'] == ['文書類', 'ヒアリング'] and r['1-2-1']['answer'] == '対応済'
assert [c['met'] for c in r['4-1-2']['criteria']] == [True] * 8
assert r['7-1-1']['result'] == '対象外' and r['7-1-1']['criteria'] == [{'id': '7-1-1-1', 'met': None}]
assert d['subject'] == [{'file': 'filled.csv', 'name': 'filled.csv'}]
PY
expect 0 "scs check: the draft is registrable" $INKAN scs check draft.json
check "it reports ★3, 25 適合 and 1 対象外, and the window" \
	out_has "registrable: scs-star3 (★3).*25 適合, 1 対象外, 0 改善要; valid from 2026-06-14T15:00:00Z until 2027-06-14T15:00:00Z"
expect 0 "the expert signs" $INKAN sign draft.json --key expert.key --role expert -o rec.dsse.json
rid=$(cat "$T/out")
check "the private disclosures are written beside the envelope, mode 0600" \
	sh -c 'test "$(stat -c %a rec.disclosures.json)" = 600'
expect 1 "with the expert's signature only, the record is incomplete" $INKAN verify rec.dsse.json --key expert.pub --key mgmt.pub
check "it names the missing management signature" out_has "declared management"
expect 1 "management cannot sign in the expert's role" $INKAN sign rec.dsse.json --key mgmt.key --role expert
expect 0 "management signs" $INKAN sign rec.dsse.json --key mgmt.key --role management
check "the record id is unchanged" test "$(cat "$T/out")" = "$rid"
expect 0 "verify prints the level, both roles and the window" $INKAN verify rec.dsse.json --key expert.pub --key mgmt.pub
check "...level 3, expert and management, valid until one year after confirmation" sh -c 'grep -q "signed by expert .*, management " "$0" && grep -q "record: scheme scs-star3, level 3, .*valid from 2026-06-14T15:00:00Z until 2027-06-14T15:00:00Z" "$0"' "$T/out"
expect 0 "verify: the record is valid" $INKAN verify rec.dsse.json --key expert.pub --key mgmt.pub --json
check "verify shows both roles, the rules met and the window ending one year after confirmation" \
	python3 - "$T/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
assert r['valid'] and r['predicateType'] == 'urn:inkan:scs-assessment:v1'
assert sorted(s['role'] for s in r['signatures'] if s['verified']) == ['expert', 'management']
checks = {c['check']: c for c in r['checks']}
assert checks['rules']['result'] == 'ok', checks['rules']
assert checks['validity']['detail'] == 'valid from 2026-06-14T15:00:00Z until 2027-06-14T15:00:00Z'
PY
check "the verified record is level 3, public counts only, digests for the detail" \
	python3 - rec.dsse.json rec.disclosures.json filled.csv <<'PY'
import base64, hashlib, json, sys
e = json.load(open(sys.argv[1]))
p = json.loads(base64.b64decode(e['payload']))['predicate']
assert p['level'] == 3 and p['scheme'] == 'scs-star3' and p['confirmation_date'] == '2026-06-15'
# One year from 2026-06-15 (JST): the last day in the window is 2027-06-14.
assert p['validity'] == {'not_before': '2026-06-14T15:00:00Z', 'not_after': '2027-06-14T15:00:00Z'}
assert 'requirements' not in p and 'improvement_plan' not in p
assert p['results']['overall'] == 'conformant'
assert [(c['id'], c['conformant'], c['needs_improvement'], c['not_applicable']) for c in p['results']['categories']] == \
    [('1', 3, 0, 0), ('2', 3, 0, 0), ('3', 4, 0, 0), ('4', 13, 0, 0), ('5', 1, 0, 0), ('6', 1, 0, 0), ('7', 0, 0, 1)]
d = p['disclosure_digests']
assert len(d) == 27 and d == sorted(d) and len(set(d)) == 27
b = json.load(open(sys.argv[2]))
def dig(s): return base64.urlsafe_b64encode(hashlib.sha256(s.encode()).digest()).decode().rstrip('=')
assert sorted(dig(s) for s in b['disclosures']) == d
paths = sorted(json.loads(s)[1] for s in b['disclosures'])
assert paths[0] == 'plan' and paths[1] == 'requirements/1-2-1' and len(paths) == 27
assert b'4-1-2' not in base64.b64decode(e['payload'])
assert json.loads(base64.b64decode(e['payload']))['subject'][0]['digest']['sha256'] == \
    hashlib.sha256(open(sys.argv[3], 'rb').read()).hexdigest()
PY
expect 0 "on its last day (JST) the record is current" $INKAN verify rec.dsse.json --key expert.pub --key mgmt.pub --at 2027-06-14T14:59:59Z
expect 3 "one year after confirmation it has expired" $INKAN verify rec.dsse.json --key expert.pub --key mgmt.pub --at 2027-06-14T15:00:00Z

# ---- one criterion unmet, and the other rules ------------------------

python3 fill.py sheet.csv unmet.csv 4-3-4-2:9:満たさない
expect 0 "a sheet with one criterion unmet still imports (it is well formed)" $INKAN scs sheet import unmet.csv --catalog scs-star3 --draft base3.json -o unmet.json
expect 1 "scs check refuses it" $INKAN scs check unmet.json
check "naming the requirement and the criterion" err_has "requirement 4-3-4 (バックアップ) is 適合 but criterion 4-3-4-2 is not met"
check "and only that" test "$(grep -c "^inkan: scs check: 'unmet.json': " "$T/err")" -eq 1
expect 1 "sign refuses it too" $INKAN sign unmet.json --key expert.key --role expert -o unmet.dsse.json
check "naming the requirement and the criterion" err_has "requirement 4-3-4 .* criterion 4-3-4-2 is not met"
check "nothing was signed" test ! -e unmet.dsse.json

python3 fill.py sheet.csv improve.csv 5-1-1:7:改善要 5-1-1-2:9:満たさない 5-1-1-3:9:
expect 0 "a sheet with a requirement 改善要 imports" $INKAN scs sheet import improve.csv --catalog scs-star3 --draft base3.json -o improve.json
expect 1 "a record with a requirement 改善要 is not registrable" $INKAN scs check improve.json
check "each failing requirement and criterion is listed" sh -c '
	grep -q "requirement 5-1-1 (.*) is 改善要" "$1" &&
	grep -q "requirement 5-1-1: criterion 5-1-1-2 is not met" "$1" &&
	grep -q "requirement 5-1-1: criterion 5-1-1-3 is not marked as met" "$1" &&
	! grep -q "5-1-1-1" "$1"' - "$T/err"

python3 fill.py sheet.csv noreason.csv 7-1-1:7:対象外 7-1-1:8: 7-1-1:9:
expect 0 "a sheet with 対象外 but no reason imports" $INKAN scs sheet import noreason.csv --catalog scs-star3 --draft base3.json -o noreason.json
expect 1 "対象外 without a reason is refused" $INKAN scs check noreason.json
check "it says which requirement lacks a reason" err_has "requirement 7-1-1 .* is 対象外 without a reason"

sed 's/"7000012050002"/"7000012050003"/' draft.json >badnum.json
expect 1 "a corporate number with a wrong check digit is refused" $INKAN scs check badnum.json
check "it is named" err_has "corporate_number '7000012050003'"
# ★3's order (seed 004, steps ② then ③): management declares after the
# expert confirmed; the same day is fine, the day before is not.
sed 's/"date": "2026-06-16"/"date": "2026-06-14"/' draft.json >early-decl.json
expect 1 "a ★3 declaration dated before the expert's confirmation is refused" $INKAN scs check early-decl.json
check "...naming the rule and both dates" err_has "management_declaration.date 2026-06-14 is before confirmation_date 2026-06-15"
expect 1 "...and sign refuses it too" $INKAN sign early-decl.json --key expert.key --role expert -o early.dsse.json
sed 's/"date": "2026-06-16"/"date": "2026-06-15"/' draft.json >same-day.json
expect 0 "a declaration on the day of the confirmation is fine" $INKAN scs check same-day.json
sed 's/"confirmation_date": "2026-06-15",/"confirmation_date": "2026-06-15", "validity": {"not_before": "2026-06-14T15:00:00Z", "not_after": "2028-06-14T15:00:00Z"},/' draft.json >longer.json
expect 1 "a validity window typed by hand that differs is refused" $INKAN scs check longer.json
check "with the window the scheme gives" err_has "validity is computed from confirmation_date.*until 2027-06-14T15:00:00Z"
expect 1 "a draft naming the shipped placeholder catalogue is refused" env INKAN_CATALOGS="$src/catalogs" $INKAN scs check draft.json
check "because the catalogue is not complete" err_has "catalogue 'scs-star3' 2026-03-27 is not complete"

# Malformed sheets: exit 2, with the line.
python3 fill.py sheet.csv unknown-req.csv 4-3-4-2:0:9-9-9
expect 2 "an unknown requirement number is refused" $INKAN scs sheet import unknown-req.csv --catalog scs-star3 --draft base3.json -o x.json
check "with its line number" err_has "line $(line_of '^9-9-9,4-3-4-2,' unknown-req.csv): requirement number '9-9-9' is not in catalogue 'scs-star3' 2026-03-27"
check "and no draft is written" test ! -e x.json
python3 fill.py sheet.csv unknown-word.csv 3-1-2-2:4:はい
expect 2 "an unknown answer word is refused" $INKAN scs sheet import unknown-word.csv --catalog scs-star3 --draft base3.json -o x.json
check "with its line number" err_has "line $(line_of '^3-1-2,3-1-2-2,' unknown-word.csv): 回答 'はい' is not one of 対応済/一部対応済/対応準備中/未対応/対象外"
python3 fill.py sheet.csv several.csv 1-3-1-2:9:OK 2-1-1-1:7:合格 4-1-2-3:6:目視 1-3-1-3:4:未対応
expect 2 "every malformed row of a sheet is reported" $INKAN scs sheet import several.csv --catalog scs-star3 -o x.json
check "each by its line" sh -c '
	grep -q "line $2: 基準充足 '"'"'OK'"'"'" "$1" &&
	grep -q "line $3: 専門家の評価結果 '"'"'合格'"'"'" "$1" &&
	grep -q "line $4: 評価手続 '"'"'目視'"'"'" "$1" &&
	grep -q "line $5: 回答 '"'"'未対応'"'"' for requirement 1-3-1 differs from '"'"'対応済'"'"' on line $6" "$1"' - "$T/err" \
	"$(line_of '^1-3-1,1-3-1-2,' several.csv)" "$(line_of '^2-1-1,2-1-1-1,' several.csv)" \
	"$(line_of '^4-1-2,4-1-2-3,' several.csv)" "$(line_of '^1-3-1,1-3-1-3,' several.csv)" \
	"$(line_of '^1-3-1,1-3-1-1,' several.csv)"
python3 -c '
import csv, sys
rows = list(csv.reader(open("filled.csv", encoding="utf-8-sig", newline="")))
with open("short.csv", "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows([r for r in rows if r[1] != "6-1-1-4"])'
expect 2 "a sheet missing a criterion's row is refused" $INKAN scs sheet import short.csv --catalog scs-star3 -o x.json
check "the criterion is named" err_has "criterion 6-1-1-4 (of requirement 6-1-1) has no row"

# ---- the improvement plan ----------------------------------------------

expect 0 "the plan renders as Markdown" $INKAN scs plan draft.json
check "with its sections, meetings and items" sh -c '
	grep -q "^# 改善計画書" "$1" && grep -q "^| 作成責任者 役職・氏名 | 情報システム部長 鈴木 次郎 |" "$1" &&
	grep -q "^| 2 | 2026-06-02 14:00-17:00 | 同上 |" "$1" &&
	grep -q "^| 1 | インシデント対応訓練の立案と実施 | 2026-09 |" "$1" &&
	grep -q "AAA 株式会社 \\\\<script\\\\>" "$1"' - "$T/out"
expect 0 "the plan renders as HTML" $INKAN scs plan draft.json --format html -o plan.html
check "lang=ja, every value escaped" sh -c '
	grep -q "<html lang=\"ja\">" plan.html && ! grep -q "<script>" plan.html &&
	grep -q "AAA 株式会社 &lt;script&gt;alert(1)&lt;/script&gt;" plan.html &&
	grep -q "整備され &amp; 運用されている。<br>" plan.html &&
	grep -q "<time datetime=\"2026-05-11\">2026-05-11</time>" plan.html'
expect 0 "the plan renders from the private disclosure bundle" $INKAN scs plan rec.disclosures.json
check "the same plan" out_has "インシデント対応訓練の立案と実施"
python3 -c '
import json, re
d = json.loads(re.sub(r"^\s*//.*$", "", open("draft.json").read(), flags=re.M))
del d["predicate"]["improvement_plan"]
json.dump(d, open("noplan.json", "w"), ensure_ascii=False)'
expect 2 "a draft without a plan has nothing to render" $INKAN scs plan noplan.json
expect 0 "a registrable record need not have a plan" $INKAN scs check noplan.json
expect 2 "an unknown plan format is refused" $INKAN scs plan draft.json --format pdf

# ---- templates ---------------------------------------------------------

expect 0 "inkan new scs --level 3 prints a draft" $INKAN new scs --level 3
check "the ★3 template: comments, 26 requirements, expert and management" python3 - "$T/out" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
assert t.startswith('// ')
d = json.loads(re.sub(r'//.*$', '', t, flags=re.M))
p = d['predicate']
assert d['predicateType'] == 'urn:inkan:scs-assessment:v1' and p['level'] == 3 and 'expert' in p
assert [s['role'] for s in p['signers']] == ['expert', 'management']
assert len(p['requirements']) == 26 and sum(len(r['criteria']) for r in p['requirements']) == 81
PY
$INKAN new scs --level 3 >template.json 2>/dev/null
: >assessment-sheet.csv
expect 1 "an unfilled template is not registrable" $INKAN scs check template.json
check "every empty field is named" sh -c '
	grep -q "organisation.name must be filled in" "$1" &&
	grep -q "requirement 7-1-1 (.*) has no result" "$1"' - "$T/err"
expect 2 "there is no ★5 template" $INKAN new scs --level 5

# ---- ★4: the evaluator (auditor role) and management, three years -----

python3 - "$base4" <<'PY'
import csv, json, sys
c = json.load(open(sys.argv[1]))
with open('star4.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(['category_title_ja', 'middle_title_ja', 'requirement_id', 'requirement_title_ja',
                'criterion_id', 'criterion_text_ja'])
    for k in c['categories']:
        for m in k['middle']:
            mt = '試験用中分類 ' + m['id'] if m.get('placeholder') else ''
            for r in m['requirements']:
                rt = '試験用要求事項 ' + r['id'] if r.get('placeholder') else ''
                for n in (1, 2):
                    w.writerow(['', mt, r['id'], rt, '%s-%d' % (r['id'], n),
                                '試験用の評価基準本文 %s-%d' % (r['id'], n)])
PY
expect 0 "a ★4 criteria list imports, placeholder titles filled" $INKAN scs catalog import star4.csv --level 4 --base "$base4" -o cat/scs-star4-test.json
check "43 requirements, 86 criteria, complete" \
	out_has "^scs-star4 2026-03-27: 7 categories, 16 middle categories, 43 requirements, 86 criteria$"
check "no placeholder is left" python3 -c '
import json, sys; c = json.load(open(sys.argv[1])); assert c["complete"] is True
assert "placeholder" not in open(sys.argv[1]).read()' cat/scs-star4-test.json
expect 0 "the ★4 sheet exports" $INKAN scs sheet export --catalog scs-star4 --format csv -o sheet4.csv
python3 fill.py sheet4.csv filled4.csv
expect 0 "inkan new scs --level 4 prints a ★4 draft" $INKAN new scs --level 4
check "the ★4 template names an evaluator, auditor and management" python3 -c '
import json, re, sys
p = json.loads(re.sub(r"//.*$", "", open(sys.argv[1]).read(), flags=re.M))["predicate"]
assert p["level"] == 4 and "evaluator" in p and "expert" not in p
assert [s["role"] for s in p["signers"]] == ["auditor", "management"]
assert len(p["requirements"]) == 43' "$T/out"
identity base4.json 4 auditor "$V" "評価 花子"
expect 0 "the filled ★4 sheet imports" $INKAN scs sheet import filled4.csv --catalog scs-star4 --draft base4.json -o draft4.json
expect 0 "scs check: the ★4 draft is registrable" $INKAN scs check draft4.json
check "valid three years" out_has "scs-star4 (★4).*43 適合.*until 2029-06-14T15:00:00Z; signers: auditor management"
expect 0 "the evaluator signs in the auditor role" $INKAN sign draft4.json --key evaluator.key --role auditor -o rec4.dsse.json
expect 0 "management signs" $INKAN sign rec4.dsse.json --key mgmt.key --role management
expect 0 "the ★4 record verifies" $INKAN verify rec4.dsse.json --key evaluator.pub --key mgmt.pub --json
check "auditor and management, valid until three years after confirmation" python3 - "$T/out" rec4.dsse.json <<'PY'
import base64, json, sys
r = json.load(open(sys.argv[1]))[0]
assert sorted(s['role'] for s in r['signatures'] if s['verified']) == ['auditor', 'management']
assert any(c['detail'] == 'valid from 2026-06-14T15:00:00Z until 2029-06-14T15:00:00Z' for c in r['checks'])
p = json.loads(base64.b64decode(json.load(open(sys.argv[2]))['payload']))['predicate']
assert p['level'] == 4 and p['evaluator']['name'] == '評価 花子' and 'expert' not in p
PY

# Negative twins: the wrong roles for the level, the wrong person block.
# resign FILE OUT ROLE KEYID: the draft with its first signer replaced.
resign() {
	python3 - "$@" <<'PY'
import json, re, sys
d = json.loads(re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M))
d['predicate']['signers'][0].update(role=sys.argv[3], keyid=sys.argv[4])
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)
PY
}
resign draft4.json star4-expert.json expert "$E"
expect 1 "★4 signed by an expert instead of an auditor is refused" $INKAN sign star4-expert.json --key expert.key --role expert -o x.dsse.json
check "it says ★4 needs an auditor" err_has "scs-star4 needs a signer in role 'auditor' (scs-star4 records are signed by auditor and management)"
check "and that an expert does not sign ★4" err_has "role 'expert' does not sign scs-star4 records"
check "nothing was signed" test ! -e x.dsse.json
resign draft.json star3-auditor.json auditor "$V"
expect 1 "★3 signed by an auditor instead of the expert is refused" $INKAN scs check star3-auditor.json
check "it says ★3 needs an expert" err_has "scs-star3 needs a signer in role 'expert'"
sed 's/"level": 4/"level": 3/; s/"scheme": "scs-star4"/"scheme": "scs-star3"/' draft4.json >level-mismatch.json
expect 1 "a ★4 catalogue cannot back a ★3 record" $INKAN scs check level-mismatch.json
check "the catalogue is named" err_has "catalogue 'scs-star4' 2026-03-27 serves 'scs-star4', not 'scs-star3'"
python3 -c '
import json, re
d = json.loads(re.sub(r"^\s*//.*$", "", open("draft4.json").read(), flags=re.M))
p = d["predicate"]; p["expert"] = p.pop("evaluator")
json.dump(d, open("star4-noeval.json", "w"), ensure_ascii=False)'
expect 1 "★4 names an evaluator, not an expert" $INKAN scs check star4-noeval.json
check "both problems are named" sh -c 'grep -q "expert is for ★3" "$1" && grep -q "predicate.evaluator is needed" "$1"' - "$T/err"

# ---- a signed record that breaks the rules -----------------------------

# Signed with the raw signer, so inkan sign's rules never ran: verify
# applies them to the signed payload.
python3 - rec.dsse.json <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))
st = json.loads(base64.b64decode(e['payload']))
c = st['predicate']['results']['categories'][3]
c['conformant'] -= 1
c['needs_improvement'] += 1
st['predicate']['validity']['not_after'] = '2028-06-14T15:00:00Z'
open('forged.json', 'w').write(json.dumps(st, ensure_ascii=False, sort_keys=True, separators=(',', ':')))
PY
$INKAN sign --raw --payload-type application/vnd.in-toto+json --key expert.key forged.json -o forged.dsse.json >/dev/null 2>&1
$INKAN sign forged.dsse.json --key mgmt.key >/dev/null 2>&1
expect 1 "verify refuses a signed record with a requirement 改善要" $INKAN verify forged.dsse.json --key expert.pub --key mgmt.pub
check "the rule is named" out_has "rules: predicate.results: category 4 has 1 requirement(s) 改善要"
check "and the window typed by hand" out_has "rules: predicate.validity must be the window scs-star3 computes"

done_testing
