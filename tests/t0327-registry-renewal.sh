#!/bin/sh
# A renewal pending (FORMAT.md 8.5, schemes.json renewal_keeps_valid):
# where the scheme says so (ISMAP-style: 「it stays valid while a renewal
# application is pending」, DOMAIN.md), a registration whose renewal was
# applied for while it was in force stays valid past its end until the
# renewal supersedes it or the operator ends it; the command line, its
# JSON and the site say so.  Each with its refused twin.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
cd "$T" || exit 2
ismap_registry renewal.test/reg
export INKAN_NOW=2026-06-01T00:00:00Z
audit ismap "$ISMAP" '{"service.id": "cloud-i"}'
R=$ID
audit soc2 '{}'
S=$ID
st() { # the status verify --json gives R at time $1: state and reason code
	$INKAN verify ismap.dsse.json --registry reg --at "$1" --json |
	    python3 -c 'import json,sys; s = json.load(sys.stdin)[0]["status"]; print(s["state"], s.get("reason_code") or "-")'
}

# --- before: past its end (2027-07-31 JST) the registration has ended ------
expect 3 "an ISMAP-style registration past its end, no renewal applied for: exit 3" \
    $INKAN verify ismap.dsse.json --registry reg --at 2027-08-15T00:00:00Z

# --- what the writer refuses -------------------------------------------------
export INKAN_NOW=2027-06-01T00:00:00Z
expect 1 "a renewal applied for after the registration ended is refused" \
    $INKAN registry status reg "$R" --action renewal-pending --reason RENEWAL-APPLIED \
    --effective-at 2027-08-01T00:00:00Z --key op.key
check "...saying it had ended" err_has "a renewal is applied for while the registration is valid"
expect 1 "a renewal pending for a SOC 2 (its scheme does not keep one valid) is refused" \
    $INKAN registry status reg "$S" --action renewal-pending --reason RENEWAL-APPLIED --key op.key
check "...naming the scheme" err_has "scheme 'soc2-type2' does not keep a registration valid while its renewal is pending"
expect 1 "a reason code that does not fit renewal-pending is refused" \
    $INKAN registry status reg "$R" --action renewal-pending --reason CLEARED --key op.key

# --- the renewal applied for keeps it valid ----------------------------------
expect 0 "the operator records the renewal applied for while it is valid" \
    $INKAN registry status reg "$R" --action renewal-pending --reason RENEWAL-APPLIED \
    --text "更新審査の申請を受理" --key op.key
PEND=$(cut -d' ' -f1 "$T/out")
expect 0 "past its end, with the renewal pending, it is valid (exit 0)" \
    $INKAN verify ismap.dsse.json --registry reg --at 2027-08-15T00:00:00Z
check "...and the verdict line says the renewal is pending, with the reason's code" \
    out_has "valid (renewal pending: RENEWAL-APPLIED"
check "verify --json: active, with the reason code" test "$(st 2027-08-15T00:00:00Z)" = "active RENEWAL-APPLIED"
check "before the renewal was applied for, active with no reason" test "$(st 2027-05-01T00:00:00Z)" = "active -"
expect 0 "the site, built past the registration's end" \
    env INKAN_NOW=2027-08-15T00:00:00Z $INKAN site build reg -o site -q
hex=${R#sha256:}
check "its page says in force, and the renewal pending, in Japanese" sh -c \
    'grep -q "data-state=\"active\"" "$1" && grep -q "更新申請中：有効期間の終了後も" "$1" && grep -q "'"${PEND#sha256:}"'" "$1"' _ "site/ja/r/$hex.html"
check "...and in English" grep -q "Renewal applied for: it stays in force past the end" "site/en/r/$hex.html"
check "...while a record with no renewal pending says nothing of one" sh -c \
    '! grep -q "更新申請中：" "$1"' _ "site/ja/r/${S#sha256:}.html"

# --- ended by the operator, or by the renewal ----------------------------------
cp -a reg renewed
export INKAN_NOW=2027-08-20T00:00:00Z
expect 0 "the renewal is not completed: the operator delists it" \
    $INKAN registry status reg "$R" --action delist --reason RENEWAL-NOT-COMPLETED --key op.key
expect 4 "...and it is no longer valid (exit 4)" \
    $INKAN verify ismap.dsse.json --registry reg --at 2027-08-25T00:00:00Z
REG0=reg
export INKAN_NOW=2027-08-10T00:00:00Z
$INKAN new audit-report | $fill auditor="$AUD" management="$MG" "$ISMAP" \
    "{\"service.id\": \"cloud-i\", \"period_start\": \"2026-04-01\", \"period_end\": \"2027-03-31\", \"report_date\": \"2027-04-20\", \"supersedes\": \"$R\"}" >renew.json
$INKAN sign renew.json --key aud.key --role auditor -o renew.dsse.json -q &&
    $INKAN sign renew.dsse.json --key mgmt.key --role management -q
expect 0 "the renewal registers, superseding the pending record" \
    $INKAN registry add renewed renew.dsse.json
expect 3 "...which is superseded (exit 3)" \
    $INKAN verify ismap.dsse.json --registry renewed --at 2027-08-15T00:00:00Z
expect 0 "...and the renewal valid" \
    $INKAN verify renew.dsse.json --registry renewed --at 2027-08-15T00:00:00Z

done_testing
