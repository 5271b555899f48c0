#!/bin/sh
# A rebuild is only ever a faster way to the same site: after each kind
# of registry change, a site build over the OUT folder of the earlier
# build is byte for byte (diff -r) what a fresh build into a new folder
# makes, for the same registry at the same INKAN_NOW, and the change
# shows in it.  The changes, one after the other on one registry: a
# renewal that supersedes; a new service of a known organisation, and a
# new organisation with its own accreditation (and a view no record was
# in before); a record that renames its organisation; a suspension, its
# reinstatement, a revocation that delists the service built on it, a
# revocation that takes effect later; the revocation of a signer's
# accreditation, from now and (in a copy) backdated, when the records
# its key signed since no longer verify; a trust root rotation, and a
# correction signed by the new root's key; time passing alone, half a
# year, one, two and a half, and past the trust root's expiry.  A rebuild
# of an unchanged registry writes nothing; pages deleted, truncated,
# appended to or edited in place (mtime kept) and stray files in OUT are
# written again or removed; and there is one record page per record.
# This is the safety net of the build cache, which lets a rebuild skip
# the pages whose inputs did not change: the rebuilds below do use it.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2
export INKAN_SRC="$src"

site_registry plain
REG=$T/plain/registry
W=$T/plain/work
# Every site of the registry changes below is built at B, later than all
# of the changes, so that a before and an after site differ by the
# registry only, never by the time (a build keyed on the time would
# otherwise re-render everything and hide a missed dependency).
B=2026-11-01T00:00:00Z
INKAN_NOW=$B
export INKAN_NOW
id_of() { grep "^$1 " plain/ids | cut -d' ' -f2; }
hex() { echo "$1" | cut -c8-; }
kid() { $INKAN keys id "$W/$1.pub"; }
# at TIME CMD...: CMD with INKAN_NOW=TIME (a registry change at TIME).
at() { _t=$1; shift; env INKAN_NOW="$_t" "$@"; }
# acc_of KEY: the record id of the (newest) accreditation of KEY.
acc_of() {
	$INKAN registry list "${2:-$REG}" --json --kind signer | python3 -c '
import json, sys
print([r["id"] for r in json.load(sys.stdin) if r["keyid"] == sys.argv[1]][-1])' "$(kid "$1")"
}

# audit NAME FROM AUD MG TIME CHANGES: a new audit report NAME.json, made
# from the draft FROM.json that mkreg.sh wrote (CHANGES is Python that
# changes its predicate p), signed by AUD then MG and added to the
# registry at TIME (a record is not signed after its registration); its
# id in $ID.  Counts as one test.
audit() {
	ID=
	(cd "$W" && python3 - "$2.json" "$1.json" "$(kid "$3")" "$(kid "$4")" "$6" "$3" <<'PY' &&
import json, sys
d = json.load(open(sys.argv[1])); p = d["predicate"]
for s in p["signers"]:
    s["keyid"] = sys.argv[3] if s["role"] == "auditor" else sys.argv[4]
# the audit firm the auditor is accredited for (tests/site/mkreg.sh)
p["audit_firm"]["name"] = {"ja": {"aud1": "あおぞら監査法人",
                                   "aud2": "みらい監査法人"}[sys.argv[6]]}
p.pop("supersedes", None)
p["built_on"] = []
exec(sys.argv[5])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
	at "$5" $INKAN sign "$1.json" --key "$3.key" --role auditor -o "$1.dsse.json" -q &&
	at "$5" $INKAN sign "$1.dsse.json" --key "$4.key" --role management -q) >/dev/null 2>"$T/err" ||
		{ not_ok "$1 is signed"; sed 's/^/#   /' "$T/err"; return 1; }
	expect 0 "$1 is registered" at "$5" $INKAN registry add "$REG" "$W/$1.dsse.json" &&
		ID=$(cut -d' ' -f1 "$T/out")
}

# The build's cache is beside OUT (.<name>.inkan-cache), not in it:
# every file in OUT is part of the site.
same() { diff -r "$1" "$2"; }
# sums DIR: the sha256 of every file of the site in DIR.
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort -k2); }
# move A B: renames the site A to B, with its cache.
move() {
	mv "$1" "$2"
	if [ -e ".$1.inkan-cache" ]; then mv ".$1.inkan-cache" ".$2.inkan-cache"; fi
}

# step NAME BEFORE [CODE [REGISTRY]]: renames the site BEFORE to NAME and
# rebuilds it there, builds NAME.fresh from nothing, both from REGISTRY
# (default $REG) at INKAN_NOW with exit CODE (default 0), and checks that
# they are byte-identical and that the change shows (NAME.fresh is not
# what BEFORE was).  A rename, not a copy: the files keep their inodes,
# as in an OUT folder rebuilt where it is, so that a cache that trusts
# them is used (a copy would make every file new to it, and hide what it
# misses).  NAME.fresh, itself a build into its own folder, can be the
# BEFORE of a branch.  The rebuild's --json is kept in NAME.json.
step() {
	rm -rf "$1" "$1.fresh"
	sums "$2" >"$1.before"
	move "$2" "$1"
	expect "${3:-0}" "$1: the rebuild over the earlier site" \
	    $INKAN site build "${4:-$REG}" -o "$1" --json && cp "$T/out" "$1.json"
	expect "${3:-0}" "$1: a fresh build" $INKAN site build "${4:-$REG}" -o "$1.fresh" -q
	check "$1: the rebuild is byte-identical to the fresh build" same "$1" "$1.fresh"
	sums "$1.fresh" >"$1.after"
	check "$1: the change shows in the site (the fresh build is not the earlier site)" \
	    sh -c '! cmp -s "$0.before" "$0.after"' "$1"
}
# unchanged SITE [CODE]: SITE rebuilt at INKAN_NOW from $REG, which has
# not changed since SITE was built, with exit CODE (default 0), writes
# nothing and is still the same.
unchanged() {
	expect "${2:-0}" "$1: a rebuild with nothing changed" $INKAN site build "$REG" -o "$1" --json
	check "$1: ...writes nothing, removes nothing, and leaves every file as it was" python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert r["written"] == 0 and r["removed"] == 0 and r["unchanged"] == n, (r, n)' \
	    "$T/out" "$(sums "$1" | wc -l)"
	check "$1: ...and is still byte-identical to the fresh build" same "$1" "$1.fresh"
}
# rec SITE ID: the api/records JSON of ID in SITE.
rec() { echo "$1/api/records/$(hex "$2").json"; }
# jq_py FILE EXPR...: for each pair, Python EXPR holds of r, FILE as JSON.
jq_py() {
	python3 -c '
import json, sys
a = sys.argv[1:]
for f, e in zip(a[::2], a[1::2]):
    r = json.load(open(f))
    if not eval(e):
        print("# not so in %s: %s" % (f, e)); sys.exit(1)' "$@"
}

expect 0 "the site of the registry mkreg.sh made builds" $INKAN site build "$REG" -o s0 -q

# --- 1. a renewal that supersedes the service's previous record -----------
HIKARI2=$(id_of hikari2)
audit hikari3 hikari2 aud1 mg4 2026-09-10T00:00:00Z "
p['period_start'], p['period_end'], p['report_date'] = '2025-10-01', '2026-08-31', '2026-09-05'
p['supersedes'] = '$HIKARI2'"
HIKARI3=$ID
step s1 s0
check "s1: the renewal has its page, and the record it renews says superseded by it" sh -c '
	test -f "$0/ja/r/$1.html" && grep -q "$1" "$0/ja/r/$2.html"' s1.fresh "$(hex "$HIKARI3")" "$(hex "$HIKARI2")"
check "s1: ...in its JSON too" jq_py "$(rec s1.fresh "$HIKARI2")" \
	"r['status'] == 'superseded' and r['superseded_by'] == ['$HIKARI3']"

# --- 2. a new service of a known organisation; a new organisation ---------
audit backup hikari2 aud2 mg4 2026-09-15T00:00:00Z "
p['service'] = {'name': {'ja': 'ひかりバックアップ', 'en': 'Hikari Backup'}, 'id': 'hikari-backup',
  'models': [{'model': 'SaaS', 'responsibility': 'バックアップ'}], 'deployment_models': ['public'],
  'regions': ['日本（東京）']}
p['report_date'] = '2026-09-10'
p['built_on'] = ['$HIKARI3']"
BACKUP=$ID
step s2a s1
check "s2a: the new service has its page and the organisation's page lists it" sh -c '
	test -f "$0/ja/svc/8120001000005-hikari-backup.html" &&
	grep -q "ひかりバックアップ" "$0/ja/org/8120001000005.html"' s2a.fresh
check "s2a: the service it is built on lists it as a dependant" jq_py "$(rec s2a.fresh "$HIKARI3")" \
	"'$BACKUP' in r['dependants']"

(cd "$W" && $INKAN keys generate --out mg5 --no-passphrase >/dev/null 2>&1 &&
	python3 - >acc-mg5.json <<'PY'
import json, sys
json.dump({"person": {"name": "渡辺 五郎", "title": "代表取締役"},
  "organisation": {"name": "みなみデータ株式会社", "corporate_number": "1010001000006"},
  "roles": ["management"], "schemes": ["*"],
  "qualifications": [{"name": "代表取締役", "number": "Q-0005"}],
  "key": {"public_key_file": "mg5.pub"},
  "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}, sys.stdout, ensure_ascii=False)
PY
)
expect 0 "a new organisation's management is accredited" \
	at 2026-09-16T00:00:00Z $INKAN registry accredit "$REG" --key "$W/op.key" "$W/acc-mg5.json"
MG5ACC=$(cat "$T/out")
step s2b0 s2a
check "s2b0: the new signer has its page and is among the published keys" sh -c '
	test -f "$0/ja/signer/$1.html" && grep -q "$2" "$0/api/signers.json"' s2b0.fresh "$(kid mg5)" "$MG5ACC"
# A community cloud: no record had that deployment model, so every list
# page gains a filter.
audit minami kazoeru aud2 mg5 2026-09-17T00:00:00Z "
p['organisation'] = {'name': {'ja': 'みなみデータ株式会社', 'en': 'Minami Data K.K.'}, 'corporate_number': '1010001000006'}
p['service'] = {'name': {'ja': 'みなみ共同クラウド', 'en': 'Minami Community Cloud'}, 'id': 'minami-cc',
  'models': [{'model': 'IaaS', 'responsibility': '基盤'}], 'deployment_models': ['community'],
  'regions': ['日本（福岡）']}"
MINAMI=$ID
step s2b s2b0
check "s2b: the new organisation and service have their pages" test \
	-f s2b.fresh/ja/org/1010001000006.html -a -f s2b.fresh/en/svc/1010001000006-minami-cc.html
check "s2b: the new view exists and an older list page links to it" sh -c '
	test -f "$0/ja/list/deploy-community.html" && grep -q "deploy-community.html" "$0/ja/list/scheme-ismap-cloud.html"' s2b.fresh

# --- 3. a record that renames its organisation ----------------------------
# (its management is accredited under the new name first: a record shows
# only the name the operator vouched for, docs/FORMAT.md 8.4)
(cd "$W" && python3 - >acc-mg3b.json <<'PY'
import json
a = json.load(open("acc-mg3.json"))
a["organisation"]["name"] = "AAA ホールディングス株式会社"
json.dump(a, open("/dev/stdout", "w"), ensure_ascii=False)
PY
)
expect 0 "the renamed organisation's management is accredited under its new name" \
	at 2026-09-19T00:00:00Z $INKAN registry accredit "$REG" --key "$W/op.key" "$W/acc-mg3b.json"
audit aaa2 shindan aud1 mg3 2026-09-20T00:00:00Z "
p['organisation'] = {'name': {'ja': 'AAA ホールディングス株式会社', 'en': 'AAA Holdings Corporation'}, 'corporate_number': '7000012050002'}
p['service'] = {'name': {'ja': 'AAA ペネトレーションテスト', 'en': 'AAA penetration testing'}, 'id': 'aaa-pt'}"
AAA2=$ID
step s3 s2b
check "s3: the organisation's page has the new name" grep -q "AAA ホールディングス株式会社" s3.fresh/ja/org/7000012050002.html
check "s3: an older record's page links to the renamed organisation" sh -c '
	grep -q "org/7000012050002.html" "$0/ja/r/$1.html" && grep -q "AAA Holdings Corporation" "$0/en/r/$1.html"' \
	s3.fresh "$(hex "$(id_of scs)")"

# --- 3b. a renewal of a service another is built on (in a copy) -----------
# The record it renews is superseded; the service built on the service
# stays registered (built on a service, not on one year's record).  Then
# the renewal is delisted, and the service built on it with it; then the
# service is registered again, and what is built on it with it: records
# the last build took in change status because of a new one.
cp -a "$REG" reg3b
REG0=$REG REG=$T/reg3b
audit hikari4 hikari3 aud1 mg4 2026-09-25T00:00:00Z "
p['period_start'], p['period_end'], p['report_date'] = '2025-11-01', '2026-09-20', '2026-09-22'
p['supersedes'] = '$HIKARI3'"
HIKARI4=$ID
REG=$REG0
step s3b s3.fresh 0 "$T/reg3b"
check "s3b: the renewed record is superseded, the service built on the service still active" \
	jq_py "$(rec s3b.fresh "$HIKARI3")" "r['status'] == 'superseded'" \
	"$(rec s3b.fresh "$BACKUP")" "r['status'] == 'active'"
check "s3b: ...and the rebuild took the other records from its cache" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["checked"] == 1 < r["records"], r' s3b.json
expect 0 "the renewal is delisted" at 2026-09-26T00:00:00Z $INKAN registry status "$T/reg3b" \
	"$HIKARI4" --action delist --reason MANDATORY-CONTROL-FAILURE --key "$W/op.key"
step s3c s3b 0 "$T/reg3b"
check "s3c: the service built on it is delisted, naming the base's record" \
	jq_py "$(rec s3c.fresh "$BACKUP")" "r['status'] == 'delisted' and r['status_by'] == '$HIKARI4'"
REG=$T/reg3b
audit hikari5 hikari4 aud1 mg4 2026-09-27T00:00:00Z "
p.pop('supersedes', None)"
REG=$REG0
step s3d s3c 0 "$T/reg3b"
check "s3d: registered again, the service built on it is active again" \
	jq_py "$(rec s3d.fresh "$BACKUP")" "r['status'] == 'active'" \
	"$(rec s3d.fresh "$HIKARI4")" "r['status'] == 'delisted'"

# --- 4. status changes ----------------------------------------------------
SHINDAN=$(id_of shindan)
expect 0 "a suspension" at 2026-10-01T00:00:00Z $INKAN registry status "$REG" "$SHINDAN" \
	--action suspend --reason SURVEILLANCE --text "臨時審査中" --key "$W/op.key"
step s4a s3
check "s4a: the record is shown suspended" jq_py "$(rec s4a.fresh "$SHINDAN")" "r['status'] == 'suspended'"
expect 0 "its reinstatement" at 2026-10-05T00:00:00Z $INKAN registry status "$REG" "$SHINDAN" \
	--action reinstate --reason SURVEILLANCE-CLEARED --key "$W/op.key"
step s4b s4a
check "s4b: the record is active again, with both in its history" jq_py "$(rec s4b.fresh "$SHINDAN")" \
	"r['status'] == 'active' and [h['action'] for h in r['history']] == ['suspend', 'reinstate']"
expect 0 "the revocation of a service that another is built on" at 2026-10-10T00:00:00Z \
	$INKAN registry status "$REG" "$HIKARI3" --action revoke --reason FALSE-DECLARATION \
	--text "虚偽の申告" --key "$W/op.key"
step s4c s4b
check "s4c: it is revoked, and the service built on it delisted because of it" \
	jq_py "$(rec s4c.fresh "$HIKARI3")" "r['status'] == 'revoked'" \
	"$(rec s4c.fresh "$BACKUP")" "r['status'] == 'delisted' and r['status_by'] == '$HIKARI3'"
SCS=$(id_of scs)
expect 0 "a revocation that takes effect later" at 2026-10-11T00:00:00Z \
	$INKAN registry status "$REG" "$SCS" --action revoke --reason WITHDRAWN-EXPERT \
	--effective-at 2027-02-01 --key "$W/op.key"
step s4d s4c
check "s4d: the record is still active, the revocation in its history" jq_py "$(rec s4d.fresh "$SCS")" \
	"r['status'] == 'active' and r['history'][0]['effective_at'] == '2027-02-01T00:00:00Z'"

# --- 5. a signer's accreditation revoked ----------------------------------
# From now: what the key signed before stays valid, only its standing
# changes.  (aud2 signed base, mail, backup and minami.)
AUD2ACC=$(acc_of aud2)
expect 0 "an auditor's accreditation is revoked from now" at 2026-10-15T00:00:00Z \
	$INKAN registry status "$REG" "$AUD2ACC" --action revoke --reason MISCONDUCT \
	--text "監査法人の選定取消し" --key "$W/op.key"
step s5 s4d
check "s5: the accreditation is shown revoked, the records its key signed before still verify" \
	jq_py s5.fresh/api/signers.json \
	"[x['status'] for x in r['signers'] if x['accreditation'] == '$AUD2ACC'] == ['revoked']" \
	"$(rec s5.fresh "$MINAMI")" "r['verified'] is True and r['status'] == 'active'" \
	"$(rec s5.fresh "$(id_of base)")" "r['verified'] is True"
check "s5: the signer's page gives the reason" grep -q "監査法人の選定取消し" "s5.fresh/ja/signer/$(kid aud2).html"
# Backdated, in a copy of the registry (the build then exits 1 for good):
# the records that aud1 signed since 2026-09-05 (the renewal hikari3, the
# renamed AAA's aaa2) no longer verify; what it signed before still does.
cp -a plain/registry reg5
expect 0 "(in a copy) an auditor's accreditation is revoked, backdated" at 2026-10-16T00:00:00Z \
	$INKAN registry status "$T/reg5" "$(acc_of aud1 "$T/reg5")" --action revoke --reason KEY-COMPROMISE \
	--effective-at 2026-09-05 --key "$W/op.key"
step s5x s5.fresh 1 "$T/reg5"
check "s5x: the records it signed since no longer verify, those before still do" \
	jq_py "$(rec s5x.fresh "$HIKARI3")" "r['verified'] is False and r['problems']" \
	"$(rec s5x.fresh "$AAA2")" "r['verified'] is False" \
	"$(rec s5x.fresh "$HIKARI2")" "r['verified'] is True"
check "s5x: ...and their pages say so" grep -q "verdict-bad" "s5x.fresh/en/r/$(hex "$HIKARI3").html"

# --- 6. a trust root rotation ----------------------------------------------
(cd "$W" && $INKAN keys generate --out op2 --no-passphrase >/dev/null 2>&1)
expect 0 "the trust root is rotated to a new operator key" at 2026-10-20T00:00:00Z \
	$INKAN registry rotate-root "$REG" --key "$W/op.key" --new-key "$W/op2.key" --expires 2031-06-01
ROOT2=$(cat "$T/out")
step s6a s5
check "s6a: the new root and its operator key are published" jq_py s6a.fresh/api/signers.json \
	"[(o['root_version'], o['keyid']) for o in r['operators']][-1] == (2, '$(kid op2)')" \
	"$(rec s6a.fresh "$ROOT2")" "r['kind'] == 'root'"
# A status record signed by the new root's key: a correction.
expect 0 "a correction signed by the new operator key" at 2026-10-21T00:00:00Z \
	$INKAN registry status "$REG" "$AAA2" --action correct --reason TYPO \
	--field service.name.ja --value "AAA ペネトレーションテスト（訂正）" --key "$W/op2.key"
step s6b s6a
check "s6b: the correction is in the record's history, its status unchanged" jq_py "$(rec s6b.fresh "$AAA2")" \
	"r['status'] == 'active' and [h['action'] for h in r['history']] == ['correct']"

# --- 8. an unchanged rebuild writes nothing ---------------------------------
unchanged s6b

# --- 7. time passing only ---------------------------------------------------
# The same registry later: half a year on (the one-year audits of March
# ran out; the revocation scheduled for 2027-02-01 is in effect), a year
# on (the renewals ran out: a delisted service is now expired), two and a
# half years on (the three-year certifications ran out: nothing is
# active), and past the trust root's expiry (exit 6).  Each "before" site
# is the previous one.
prev=s6b
for t in 2027-04-01:0 2028-01-01:0 2029-05-01:0 2031-07-01:6; do
	INKAN_NOW=${t%:*}T00:00:00Z
	step "s7-${t%%:*}" "$prev" "${t#*:}"
	unchanged "s7-${t%%:*}" "${t#*:}"
	prev=s7-${t%%:*}
done
INKAN_NOW=$B
check "s7: half a year on, the audits of March expired and the scheduled revocation is in effect" \
	jq_py "$(rec s6b.fresh "$MINAMI")" "r['status'] == 'active'" \
	"$(rec s7-2027-04-01.fresh "$MINAMI")" "r['status'] == 'expired'" \
	"$(rec s7-2027-04-01.fresh "$SCS")" "r['status'] == 'revoked'"
check "s7: a year on, the delisted service built on the revoked renewal has expired" \
	jq_py "$(rec s7-2027-04-01.fresh "$BACKUP")" "r['status'] == 'delisted'" \
	"$(rec s7-2028-01-01.fresh "$BACKUP")" "r['status'] == 'expired'"
check "s7: two and a half years on, nothing is active and the view of active records is gone" sh -c '
	test -f s7-2028-01-01.fresh/ja/list/status-active.html &&
	test ! -e s7-2029-05-01.fresh/ja/list/status-active.html -a ! -e s7-2029-05-01.fresh/en/list/status-active.html &&
	grep -q "\"removed\":[1-9]" s7-2029-05-01.json'
check "s7: past the trust root's expiry, the pages say so" \
	grep -q "トラストルートは有効期限が切れています" s7-2031-07-01.fresh/ja/index.html

# --- 9. damage done to OUT by hand -----------------------------------------
# On the fresh site of step 6 (at B, renamed with its cache to keep its
# inodes).  A rebuild trusts what its cache says only as far as OUT's
# folders show it (FORMAT.md 9): pages deleted or replaced by other files
# are written again, stray files and folders in the folders the site
# owns are removed.  Pages changed in place (truncated, appended to,
# edited to the same size with the mtime put back) are written again by
# --full, which trusts nothing.
rm -rf s9 s9.fresh
move s6b.fresh s9
H=$(hex "$HIKARI3")
rm -f "s9/ja/r/$H.html" s9/en/org/1010001000006.html "s9/api/records/$(hex "$SCS").json"
# replace FILE: FILE replaced by another file with other bytes.
replace() { sed 's/<\/main>/<p>replaced by hand<\/p><\/main>/; s/Entries/entries/' "$1" >"$1.new" && mv "$1.new" "$1"; }
replace "s9/en/r/$H.html"
replace s9/ja/list/all.html
replace s9/en/svc/8120001000005-hikari-backup.html
echo stray >s9/ja/r/stray.html
echo '{}' >s9/api/stray.json
echo stray >"s9/api/records/$(printf '%064d' 0).json"
mkdir -p s9/ja/r/old s9/en/list/empty
echo stray >s9/ja/r/old/page.html
expect 0 "s9: a rebuild over the damaged site" $INKAN site build "$REG" -o s9 --json
cp "$T/out" s9.json
expect 0 "s9: a fresh build" $INKAN site build "$REG" -o s9.fresh -q
check "s9: the rebuild is byte-identical to the fresh build" same s9 s9.fresh
check "s9: ...and it reused the rest from its cache" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["reused"] > 100, r' s9.json
check "s9: the stray files and folders are removed, and the files counted" sh -c '
	test ! -e s9/ja/r/stray.html -a ! -e s9/api/stray.json -a ! -e "s9/api/records/$(printf %064d 0).json" \
	    -a ! -e s9/ja/r/old -a ! -e s9/en/list/empty &&
	python3 -c "import json, sys; assert json.load(open(sys.argv[1]))[\"removed\"] >= 4" s9.json'
: >"s9/en/r/$H.html"
: >s9/register.csv
echo '<p>edited by hand</p>' >>s9/ja/index.html
echo '<p>edited by hand</p>' >>"s9/ja/r/$(hex "$SCS").html"
echo ' ' >>s9/api/index.json
python3 - "s9/ja/svc/8120001000005-hikari-backup.html" "s9/assets/site.css" <<'PY'
import os, sys
for p in sys.argv[1:]:
    st = os.stat(p); b = bytearray(open(p, 'rb').read())
    i = len(b) // 2; b[i] = ord('X') if b[i] != ord('X') else ord('Y')
    open(p, 'r+b').write(b)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
PY
expect 0 "s9: a rebuild with --full over pages changed in place" $INKAN site build "$REG" -o s9 --full --json
check "s9: ...is byte-identical to the fresh build" same s9 s9.fresh
check "s9: ...and made every page again (reused none)" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["reused"] == 0 and r["written"] >= 6, r' "$T/out"
check "s9: the same-size edits with their mtime put back are undone" sh -c '
	cmp -s s9/assets/site.css s9.fresh/assets/site.css &&
	cmp -s s9/ja/svc/8120001000005-hikari-backup.html s9.fresh/ja/svc/8120001000005-hikari-backup.html'

# --- the cache was in play ----------------------------------------------------
check "the rebuilds of the steps reused pages from their cache" python3 - ./*.json <<'PY'
import json, sys
used = [p for p in sys.argv[1:] if json.load(open(p)).get("reused", 0) > 0]
assert len(used) >= 8, used
PY
check "...and took records from it without reading them again" python3 - ./*.json <<'PY'
import json, sys
rs = {p: json.load(open(p)) for p in sys.argv[1:]}
for p, r in sorted(rs.items()):
    print('#', p, 'checked', r.get('checked'), 'of', r.get('records'))
kept = [p for p, r in rs.items() if r.get('checked', r['records']) < r['records']]
assert len(kept) >= 6, kept
PY

# --- 10. one record page per record ------------------------------------------
check "s10: one page per record under ja/r and en/r, rebuilt and fresh" python3 - s9 s9.fresh s7-2031-07-01 s7-2031-07-01.fresh <<'PY'
import json, os, sys
for site in sys.argv[1:]:
    ids = [r['id'][7:] for r in json.load(open(site + '/api/index.json'))['records']]
    for lang in ('ja', 'en'):
        pages = sorted(os.listdir(f'{site}/{lang}/r'))
        assert pages == sorted(i + '.html' for i in ids), (site, lang, len(pages), len(ids))
PY
check "s10: ...and as many as the registry has records" sh -c '
	test "$(ls s9/ja/r | wc -l)" -eq "$($0 registry list "$1" | wc -l)"' "$INKAN" "$REG"

done_testing
