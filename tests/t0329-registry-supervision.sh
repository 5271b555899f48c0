#!/bin/sh
# Supervision as signed, logged records (FORMAT.md 8.3; seed 003, サーベイ
# ランス制度: 「明確な虚偽・違反が確認された場合は是正処置を要求し、一定期間内に
# 是正が図られなかった場合は認定の取消を可能とする」): a corrective demand with a
# deadline, met (closed) and missed (overdue on the site, in verify and
# its JSON, then a revocation that cites it); a surveillance and its
# result; a withdrawal by the record's own auditor, shown as a withdrawal.
# Each with its refused twin.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
ismap_registry supervision.test/reg
export INKAN_NOW=2026-06-01T00:00:00Z
audit met "$ISMAP" '{"service.id": "met"}'
MET=$ID
audit missed "$ISMAP" '{"service.id": "missed"}'
MISSED=$ID
audit soc2 '{}'
SOC2=$ID
js() { # js FILE AT: verify --json of FILE at AT, its status as one line
	$INKAN verify "$1" --registry reg --at "$2" --json |
	    python3 -c 'import json,sys; s = json.load(sys.stdin)[0]["status"]
print(s["state"], " ".join(("overdue" if d["overdue"] else "due") + ":" + d["record"] for d in s.get("corrective_demands", [])) or "-")'
}
last() { cut -d' ' -f1 "$T/out"; }

# --- a corrective demand, and what the writer refuses ----------------------
export INKAN_NOW=2026-07-01T00:00:00Z
expect 2 "a corrective demand without a deadline is refused (usage, exit 2)" \
    $INKAN registry status reg "$MET" --action corrective-demand \
    --reason VIOLATION --key op.key
check "...saying a deadline is needed" err_has "needs --deadline"
expect 2 "a deadline before the demand takes effect is refused" \
    $INKAN registry status reg "$MET" --action corrective-demand \
    --reason VIOLATION --deadline 2026-06-01T00:00:00Z --key op.key
expect 1 "a reason that is not a reason to demand a correction is refused" \
    $INKAN registry status reg "$MET" --action corrective-demand \
    --reason TYPO --deadline 2026-08-01T00:00:00Z --key op.key
expect 0 "a corrective demand with its deadline registers" \
    $INKAN registry status reg "$MET" --action corrective-demand \
    --reason VIOLATION --text "ログの保存期間が誓約と異なる" \
    --deadline 2026-08-01T00:00:00Z --key op.key
D1=$(last)
expect 0 "another, of the other service, due 2026-08-01" \
    $INKAN registry status reg "$MISSED" --action corrective-demand \
    --reason FALSE-DECLARATION --text "再委託先の開示がない" \
    --deadline 2026-08-01T00:00:00Z --key op.key
D2=$(last)
check "before its deadline: active, the demand due (verify --json)" \
    test "$(js met.dsse.json 2026-07-15T00:00:00Z)" = "active due:$D1"
$INKAN verify met.dsse.json --registry reg --at 2026-07-15T00:00:00Z >"$T/out" 2>&1
check "...and verify says it is due" out_has "valid (corrective demand due by 2026-08-01"

# --- met: closed before its deadline ----------------------------------------
expect 2 "a closure that cites nothing is refused" \
    $INKAN registry status reg "$MET" --action corrective-closed --reason FIXED \
    --key op.key
expect 1 "a closure citing another record's demand is refused" \
    $INKAN registry status reg "$MET" --action corrective-closed --reason FIXED \
    --cites "$D2" --key op.key
check "...naming the demand" err_has "cites $D2 is not a corrective demand of $MET open"
export INKAN_NOW=2026-07-20T00:00:00Z
expect 0 "the correction made: the demand closed, citing it" \
    $INKAN registry status reg "$MET" --action corrective-closed --reason FIXED \
    --cites "$D1" --key op.key
expect 1 "closing it twice is refused" \
    $INKAN registry status reg "$MET" --action corrective-closed --reason FIXED \
    --cites "$D1" --key op.key
check "after the deadline, the met demand is no longer open" \
    test "$(js met.dsse.json 2026-09-01T00:00:00Z)" = "active -"
check "...but it was, before it was closed" \
    test "$(js met.dsse.json 2026-07-15T00:00:00Z)" = "active due:$D1"

# --- missed: overdue, then revoked citing it -----------------------------
check "the missed demand past its deadline: overdue, still active" \
    test "$(js missed.dsse.json 2026-08-15T00:00:00Z)" = "active overdue:$D2"
$INKAN verify missed.dsse.json --registry reg --at 2026-08-15T00:00:00Z >"$T/out" 2>&1
check "...verify says overdue since its deadline" out_has "valid (corrective demand overdue since 2026-08-01"
expect 1 "a revocation for a correction not made before the deadline is refused" \
    $INKAN registry status reg "$MISSED" --action revoke \
    --reason CORRECTIVE-ACTION-NOT-TAKEN --cites "$D2" \
    --effective-at 2026-07-25T00:00:00Z --key op.key
check "...saying when it was due" err_has "is due by 2026-07-31T15:00:00Z\|is due by 2026-08-01"
expect 2 "a revocation for a correction not made that cites no demand is refused" \
    $INKAN registry status reg "$MISSED" --action revoke \
    --reason CORRECTIVE-ACTION-NOT-TAKEN --key op.key
export INKAN_NOW=2026-08-20T00:00:00Z
expect 0 "the revocation for the correction not made, citing the demand" \
    $INKAN registry status reg "$MISSED" --action revoke \
    --reason CORRECTIVE-ACTION-NOT-TAKEN --cites "$D2" --key op.key
REV=$(last)
expect 4 "verify of the missed one now: revoked (exit 4)" \
    $INKAN verify missed.dsse.json --registry reg
check "...its status line first, with the reason" out_has "revoked .*CORRECTIVE-ACTION-NOT-TAKEN"
$INKAN registry show reg "$REV" --json >"$T/out"
check "the revocation cites the demand" python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))["statement"]["predicate"]
assert p["cites"] == sys.argv[2] and p["action"] == "revoke", p' "$T/out" "$D2"

# --- surveillance ------------------------------------------------------------
expect 2 "a surveillance without its result is refused" \
    $INKAN registry status reg "$SOC2" --action surveillance \
    --reason SURVEILLANCE-RANDOM --key op.key
expect 1 "a surveillance with a reason that is not one is refused" \
    $INKAN registry status reg "$SOC2" --action surveillance \
    --reason VIOLATION --result findings --key op.key
expect 0 "a surveillance by random selection, no findings" \
    $INKAN registry status reg "$SOC2" --action surveillance \
    --reason SURVEILLANCE-RANDOM --result no-findings --key op.key
SURV=$(last)
check "a surveillance changes no status" test "$(js soc2.dsse.json 2026-08-21T00:00:00Z)" = "active -"
$INKAN registry show reg "$SOC2" --json >"$T/out"
check "...and is in the record's history" python3 -c 'import json,sys
h = json.load(open(sys.argv[1]))["history"]
assert any(x["id"] == sys.argv[2] and x["action"] == "surveillance" for x in h), h' "$T/out" "$SURV"

# --- the site ----------------------------------------------------------------
export INKAN_NOW=2026-08-21T00:00:00Z
expect 0 "a demand of the SOC 2 report, due 2026-08-01, made 2026-07-10" \
    $INKAN registry status reg "$SOC2" --action corrective-demand --reason VIOLATION \
    --deadline 2026-08-01T00:00:00Z --effective-at 2026-07-10T00:00:00Z \
    --key op.key
D3=$(last)
# --- a change notification (変更届): the displayed field and its 更新日 --------
expect 2 "a correction of a field the public does not read from it is refused" \
    $INKAN registry status reg "$MET" --action correct --reason CHANGE-NOTIFIED \
    --field organisation.name.ja --value "別の会社" --key op.key
check "...naming the fields a correction changes" err_has "service.name.ja, service.name.en, service.regions, service_summary.ja or service_summary.en"
OLDNAME=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["predicate"]["service"]["name"]["ja"])' met.json)
expect 0 "a change notification renames the service" \
    $INKAN registry status reg "$MET" --action correct --reason CHANGE-NOTIFIED \
    --field service.name.ja --value "新サービス名（変更届）" \
    --effective-at 2026-08-20T12:00:00Z --key op.key
CHG=$(last)
expect 0 "the site builds" $INKAN site build reg -o s -q --at 2026-08-21T00:00:00Z
page() { echo "s/$1/r/${2#sha256:}.html"; }
check "the record page of an overdue demand says so, under its status" python3 - "$(page ja "$SOC2")" "$D3" <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
st = h.index('class="status-first')
od = h.index('demand overdue')
assert st < od < h.index('</section>', st), 'overdue line not in the status section'
assert '是正要求の期限を過ぎています' in h and sys.argv[2][7:23] in h[od:od + 800]
PY
check "...in English too" grep -q "Corrective demand overdue" "$(page en "$SOC2")"
check "the API entry carries it, overdue" python3 - s "$SOC2" "$D3" <<'PY'
import json, sys
r = [x for x in json.load(open(sys.argv[1] + '/api/index.json'))['records'] if x['id'] == sys.argv[2]][0]
assert r['corrective_demands'] == [{'record': sys.argv[3], 'deadline': '2026-08-01T00:00:00Z', 'overdue': True}], r
PY
check "the closed demand shows on no page as open" sh -c \
    '! grep -q "demand overdue\|status-reason demand" "$1"' _ "$(page ja "$MET")"
check "the revocation's page names the demand it cites" grep -q "${D2#sha256:}" "$(page ja "$REV")"
check "the surveillance's page says its result" grep -q "指摘事項なし" "$(page ja "$SURV")"
check "the renamed service's record page shows the new name, its 更新日 and the name as registered" \
    python3 - "$(page ja "$MET")" "$OLDNAME" <<'PY'
import sys
h = open(sys.argv[1], encoding='utf-8').read()
assert '新サービス名（変更届）' in h and '更新日' in h and '2026-08-20' in h[h.index('更新日'):][:400], 'no update'
assert '登録時の記載' in h and sys.argv[2] in h, 'the old name is gone'
PY
check "...its history lists the change notification" grep -q "${CHG#sha256:}" "$(page ja "$MET")"
check "the API and register.csv carry the new name and the update" python3 - s "$MET" "$OLDNAME" <<'PY'
import csv, io, json, sys
r = [x for x in json.load(open(sys.argv[1] + '/api/index.json'))['records'] if x['id'] == sys.argv[2]][0]
assert r['service']['ja'] == '新サービス名（変更届）' and r['updated'] == '2026-08-20T12:00:00Z', r
rows = list(csv.DictReader(io.StringIO(open(sys.argv[1] + '/register.csv', encoding='utf-8-sig', newline='').read())))
row = [x for x in rows if x['id'] == sys.argv[2]][0]
assert row['service_ja'] == '新サービス名（変更届）' and row['updated'] == '2026-08-20T12:00:00Z', row
PY
expect 0 "the site as it stood before the notification" $INKAN site build reg -o s0 -q --at 2026-08-20T00:00:00Z
check "...shows the name as registered, and no 更新日" sh -c \
    '! grep -q "新サービス名" "$1" && ! grep -q "更新日" "$1"' _ "$(page ja "$MET" | sed 's#^s/#s0/#')"

# --- a withdrawal by the record's own auditor ---------------------------------
audit wd "$ISMAP" '{"service.id": "wd"}'
WD=$ID
$INKAN keys generate --out stranger --no-passphrase >/dev/null 2>&1
expect 1 "a withdrawal signed by a key that is neither the operator's nor a signer's is refused" \
    $INKAN registry status reg "$WD" --action withdraw --reason WITHDRAWN-BY-PROVIDER \
    --key stranger.key
check "...saying so" err_has "neither"
expect 0 "the auditor withdraws the report with the auditor's own key" \
    $INKAN registry status reg "$WD" --action withdraw --reason WITHDRAWN-BY-AUDITOR \
    --key aud.key
check "it reads as withdrawn (exit 4), by the record's auditor" sh -c \
    '$1 verify wd.dsse.json --registry reg --json >o.json; rc=$?
python3 -c "import json; s = json.load(open(\"o.json\"))[0][\"status\"]; assert s[\"state\"] == \"withdrawn\" and \"by the record'"'"'s auditor\" in s[\"reason\"], s" && test $rc = 4' _ "$INKAN"
check "...not as revoked" sh -c '! $1 registry show reg "$2" | grep -q revoked' _ "$INKAN" "$WD"
# The twin, forged: a status record naming withdrawn_by auditor but signed
# by management's key only (made by hand, bypassing registry status).
python3 - reg "$MET" <<'PY' | python3 "$INKAN_SRC/tests/adversarial/adv.py" canon >forged.json
import json, sys
print(json.dumps({"_type": "https://in-toto.io/Statement/v1",
    "predicateType": "urn:inkan:status:v1",
    "subject": [{"name": "record:" + sys.argv[2], "digest": {"sha256": sys.argv[2][7:]}}],
    "predicate": {"registry": "supervision.test/reg", "target": sys.argv[2],
        "target_kind": "audit-report", "action": "withdraw",
        "reason_code": "WITHDRAWN-BY-AUDITOR", "withdrawn_by": "auditor",
        "effective_at": "2026-08-21T00:00:00Z", "signed_at": "2026-08-21T00:00:00Z"}}))
PY
python3 "$INKAN_SRC/tests/adversarial/adv.py" sign mgmt.key \
    application/vnd.in-toto+json forged.json >forged.dsse.json
expect 1 "a withdrawal claiming the auditor but signed by another key is refused" \
    $INKAN registry add reg forged.dsse.json
check "...saying whose key it needs" err_has "not signed by the accredited key of the auditor"
expect 0 "the record it named stays active" $INKAN verify met.dsse.json --registry reg
expect 0 "registry verify audits the whole log, withdrawal included" $INKAN registry verify reg -q

# --- the waiting period before a revoked provider applies again ------------
# (schemes.json reapply_wait_months; seed 003 sets no length, so the
# shipped schemes set none: here a copy sets six months)
mkdir wait && cp "$INKAN_SRC"/catalogs/*.json wait/ && python3 - wait/schemes.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
[s.update(reapply_wait_months=6) for s in d['schemes'] if s['id'] == 'ismap-cloud']
json.dump(d, open(sys.argv[1], 'w'), ensure_ascii=False)
PY
export INKAN_NOW=2026-08-22T00:00:00Z
$INKAN new audit-report | python3 "$INKAN_SRC/tests/fixtures/fill-draft.py" \
    auditor="$AUD" management="$MG" "$ISMAP" '{"service.id": "again"}' >again.json
$INKAN sign again.json --key aud.key --role auditor -o again.dsse.json -q
$INKAN sign again.dsse.json --key mgmt.key --role management -q
INKAN_CATALOGS=$T/wait expect 1 "a provider revoked two days ago applies again: refused within the scheme's six months" \
    $INKAN registry add reg again.dsse.json
check "...naming the revocation and when the wait ends" err_has "the provider 9010401123456 was revoked under 'ismap-cloud' at 2026-08-20T00:00:00Z ($MISSED, service missed).*for 6 months, until 2027-02-20"
expect 0 "the twin: under a scheme that sets no wait, it registers" \
    $INKAN registry add reg again.dsse.json
export INKAN_NOW=2027-02-21T00:00:00Z INKAN_CATALOGS=$T/wait
ID=
audit later "$ISMAP" '{"service.id": "later"}'
check "...and once the wait is over, under the scheme that sets it, another registers" \
    sh -c '$1 registry show reg "$2" | grep -q "^status: *active"' _ "$INKAN" "$ID"
unset INKAN_CATALOGS

done_testing
