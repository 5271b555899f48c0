#!/bin/sh
# Registration numbers (docs/FORMAT.md 8.9, docs/CATALOGS.md "number"):
# one per service (audits) or organisation (SCS) and scheme family, in the
# order of its first record in the log, kept across re-audits; the same in
# every clone, in `registry list/show`, on the site, in its API and in
# register.csv.  On the demo's registry, whose SOC 2 service was audited
# three times (Type 1, then Type 2 twice) and whose ISMAP-style IaaS twice.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
demo_registry
numbers() { # numbers REGISTRY OUT: "id number" per numbered record; the
	# list's exit code
	$INKAN registry list "$1" --json >"$T/list.json"
	_rc=$?
	python3 -c 'import json,sys
for r in json.load(open(sys.argv[1])):
    if "registration_number" in r: print(r["id"], r["registration_number"])' \
	    "$T/list.json" >"$2" || return 2
	return $_rc
}
num() { grep "^$1 " "$T/n0" | cut -d' ' -f2; }

expect 0 "registry list --json of the demo" numbers $R n0
check "every audit and assessment has a number, and nothing else" python3 - "$T/list.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    numbered = r['kind'] in ('audit-report', 'scs-assessment')
    assert ('registration_number' in r) == numbered, r['id']
PY
K1=$(demo_rid kazoeru-soc2-type1) K2=$(demo_rid kazoeru-soc2-2025)
K3=$(demo_rid kazoeru-soc2-2026)
IAAS1=$(demo_rid base-iaas-ismap-2025) IAAS2=$(demo_rid base-iaas-ismap-2026)
TSUNAGU=$(demo_rid tsunagu-ismap) STORE=$(demo_rid base-storage-ismap)
check "a SOC 2 service keeps its number across Type 1 and two Type 2 audits" \
    test "$(num $K1) $(num $K2) $(num $K3)" = "$(num $K1) $(num $K1) $(num $K1)"
check "...in the scheme's style (SOC2-<fiscal year>-<4 digits>)" sh -c \
    'echo "$1" | grep -qx "SOC2-2[0-9]-[0-9][0-9][0-9][0-9]"' _ "$(num $K1)"
check "an ISMAP-style IaaS keeps its number across its re-audit" \
    test "$(num $IAAS1)" = "$(num $IAAS2)"
check "...in the scheme's style (C<fiscal year>-<4 digits>)" sh -c \
    'echo "$1" | grep -qx "C2[0-9]-[0-9][0-9][0-9][0-9]"' _ "$(num $IAAS1)"
check "the twin: each service has its own number" python3 - "$T/list.json" <<'PY'
import json, sys
by = {}
for r in json.load(open(sys.argv[1])):
    if 'registration_number' in r:
        fam = r['scheme'].split('-type')[0]
        key = (fam, r['corporate_number'], r.get('service'))
        by.setdefault(r['registration_number'], set()).add(key)
assert all(len(v) == 1 for v in by.values()), by
assert len(by) >= 10, by
PY
check "numbers count up in the order of each subject's first record" python3 - "$T/list.json" <<'PY'
import json, sys
seen, last = set(), {}
for r in sorted(json.load(open(sys.argv[1])), key=lambda r: r['log_index']):
    n = r.get('registration_number')
    if not n or n in seen:
        continue
    seen.add(n)
    prefix, seq = n.rsplit('-', 1)
    fam = prefix.rstrip('0123456789-')
    assert int(seq) == last.get(fam, 0) + 1, (n, last)
    last[fam] = int(seq)
PY
$INKAN registry show $R "$TSUNAGU" >"$T/out" 2>"$T/err"
check "registry show prints the number" out_has "^number:     $(num $TSUNAGU)\$"

# --- every clone derives the same numbers -----------------------------------
git clone -q $R c2
expect 0 "a clone's list" numbers c2 n2
check "...gives the same number to every record" cmp -s "$T/n0" "$T/n2"
# A clone whose services/ index an attacker rewrote (an unsigned commit:
# readers read the last commit the log key signed) numbers the same.
git clone -q $R c3
printf '%s\n' "$TSUNAGU" >c3/services/9010401234567/base-iaas
git -C c3 -c user.name=x -c user.email=x@x commit -qam 'services' >/dev/null
expect 5 "a clone with an edited services/ index: its list says so (exit 5)" numbers c3 n3
check "...numbers the same: the index decides nothing" cmp -s "$T/n0" "$T/n3"

# The log key's holder who removes a record's file leaves readers unable
# to number the log: no numbers at all, never shifted ones.
git clone -q $R c4
rm "c4/$(git -C c4 ls-files records | grep "${IAAS1#sha256:}")"
log_key_commit $R c4 "a record removed" ||
	echo "Bail out! cannot sign with the log key"
expect 5 "a signed log with a record's file removed: list fails (exit 5)" numbers c4 n6
check "...and gives no registration number to any record" test ! -s "$T/n6"

# --- the site, its API and register.csv give the registry's numbers -------
expect 0 "the site of the clone builds" $INKAN site build c2 -o s -q
check "register.csv and api/index.json carry each record's number" python3 - s "$T/n0" <<'PY'
import csv, io, json, sys
want = dict(l.split() for l in open(sys.argv[2]))
rows = list(csv.DictReader(io.StringIO(open(f'{sys.argv[1]}/register.csv', encoding='utf-8-sig', newline='').read())))
assert rows and all(r['registration_number'] == want[r['id']] for r in rows), rows[0]
ix = json.load(open(f'{sys.argv[1]}/api/index.json'))['records']
n = [r for r in ix if r.get('registration_number')]
assert len(n) == len(want) and all(r['registration_number'] == want[r['id']] for r in n)
PY
check "the record page and the list show it" sh -c \
    'grep -q "登録番号" s/ja/r/${1#sha256:}.html && grep -q ">$2<" s/ja/r/${1#sha256:}.html && grep -q ">$2</a>" s/ja/list/all.html' \
    _ "$TSUNAGU" "$(num $TSUNAGU)"

# --- a new service takes the next number; nothing is renumbered ----------
BI=9010401234567
SVC="p['service'] = {'name': 'テスト上物', 'id': 'ue', 'models': [{'model': 'SaaS', 'responsibility': 'app'}], 'deployment_models': ['public'], 'regions': ['日本（東京）']}"
demo_variant on-iaas tsunagu-ismap auditor-suzuki mgmt-sakura "$(demo_mgmt mgmt-sakura sakura-star3); $SVC
p['built_on'] = [{'corporate_number': '$BI', 'service_id': 'base-iaas'}]"
expect 0 "a new ISMAP-style service registers" $INKAN registry add $R on-iaas.dsse.json
NEW=$(cut -d' ' -f1 "$T/out")
demo_variant renew tsunagu-ismap auditor-suzuki mgmt-tsunagu "p['supersedes'] = '$TSUNAGU'"
expect 0 "a re-audit of つなぐ registers" $INKAN registry add $R renew.dsse.json
RENEW=$(cut -d' ' -f1 "$T/out")
expect 0 "the list after both" numbers $R n4
check "the records numbered before keep their numbers" sh -c \
    'grep -v -e "^$1 " -e "^$2 " "$3" | cmp -s "$4" -' _ "$NEW" "$RENEW" "$T/n4" "$T/n0"
check "the new service takes the next ISMAP-style number" python3 - "$T/n0" "$(grep "^$NEW " "$T/n4" | cut -d' ' -f2)" <<'PY'
import sys
c = [l.split()[1] for l in open(sys.argv[1]) if l.split()[1].startswith('C')]
top = max(int(n.rsplit('-', 1)[1]) for n in c)
assert int(sys.argv[2].rsplit('-', 1)[1]) == top + 1 and sys.argv[2] not in c, sys.argv[2]
PY
check "the re-audit keeps つなぐ's number" \
    test "$(grep "^$RENEW " "$T/n4" | cut -d' ' -f2)" = "$(num $TSUNAGU)"

# --- a scheme that gives no numbers ---------------------------------------
mkdir nonum && cp "$INKAN_CATALOGS"/*.json nonum/ && python3 - nonum/schemes.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d['schemes']:
    s.pop('number', None)
json.dump(d, open(sys.argv[1], 'w'), ensure_ascii=False)
PY
INKAN_CATALOGS=$T/nonum numbers c2 n5
check "scheme data without \"number\": no record is numbered" test ! -s "$T/n5"
INKAN_CATALOGS=$T/nonum $INKAN site build c2 -o s5 -q 2>/dev/null
check "...and the site's lists show the log index instead" sh -c \
    '! grep -q "登録番号</th><td" s5/ja/r/*.html && grep -q ">#[0-9]*</a>" s5/ja/list/all.html'

done_testing
