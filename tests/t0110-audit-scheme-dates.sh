#!/bin/sh
# The dates each scheme implies (docs/CATALOGS.md, validity rules and
# period_months): the ISMAP-style validity, 1 year 4 months from the day
# after the audited period ends, with the window a record got under the
# earlier rule kept for a record signed while it was in force; the audit
# period's bounds (SOC 2 Type 2 6 to 12 months, ISMAP-style at most a
# year).  `inkan sign` applies the rules; each has its refused twin.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
cd "$T" || exit 2
$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out mgmt --no-passphrase >/dev/null 2>&1
AUD=$($INKAN keys id aud.pub) MG=$($INKAN keys id mgmt.pub)
ISMAP=$(cat "$src/tests/fixtures/ismap.json")
export INKAN_NOW=2026-12-10T00:00:00Z
# draft NAME CHANGES...: NAME.json, the template with CHANGES.
draft() {
	n=$1
	shift
	$INKAN new audit-report | $fill auditor="$AUD" management="$MG" "$@" >"$n.json"
}
validity() { # the validity window sign wrote into NAME.dsse.json
	python3 "$src/tests/adversarial/adv.py" statement "$1.dsse.json" |
	    python3 -c 'import json,sys; v = json.load(sys.stdin)["predicate"]["validity"]; print(v["not_before"], v["not_after"])'
}

# --- ISMAP-style validity --------------------------------------------------
draft ismap "$ISMAP"
expect 0 "an ISMAP-style audit of the period to 2026-03-31 signs" \
    $INKAN sign ismap.json --key aud.key --role auditor -o ismap.dsse.json
check "...valid until 1 year 4 months from 2026-04-01: through 2027-07-31 (JST)" \
    test "$(validity ismap)" = "2026-03-30T15:00:00Z 2027-07-31T15:00:00Z"
draft eom "$ISMAP" '{"period_start": "2024-10-31", "period_end": "2025-10-30", "report_date": "2025-11-20"}'
expect 0 "a period ending 2025-10-30 signs" \
    $INKAN sign eom.json --key aud.key --role auditor -o eom.dsse.json
check "...valid through 2027-02-28: no 31 February, the period ends with the month" \
    test "$(validity eom)" = "2025-10-29T15:00:00Z 2027-02-28T15:00:00Z"
draft soc2 '{}'
expect 0 "a SOC 2 Type 2 keeps its rule: one year from the period's end" \
    $INKAN sign soc2.json --key aud.key --role auditor -o soc2.dsse.json
check "...2026-03-31 to 2027-03-31 (JST)" \
    test "$(validity soc2)" = "2026-03-30T15:00:00Z 2027-03-30T15:00:00Z"
# The rule before 2026-12-07 (one year from the period's end): a record
# signed under it keeps its window; one signed since may not claim it.
OLD='{"validity": {"not_before": "2026-03-30T15:00:00Z", "not_after": "2027-03-30T15:00:00Z"}}'
draft old-before "$ISMAP" "$OLD" '{"signed_at": "2026-11-01T00:00:00Z"}'
expect 0 "an ISMAP-style record signed in November under the earlier rule keeps its window" \
    $INKAN sign old-before.json --key aud.key --role auditor -o old-before.dsse.json
draft old-after "$ISMAP" "$OLD" '{"signed_at": "2026-12-08T00:00:00Z"}'
expect 1 "...one signed after the rule changed may not carry it" \
    $INKAN sign old-after.json --key aud.key --role auditor -o old-after.dsse.json
check "...saying the window the scheme gives" err_has "validity differs from the one scheme 'ismap-cloud' gives (period_end from 2026-03-31: 2026-03-30T15:00:00Z to 2027-07-31T15:00:00Z)"
draft long "$ISMAP" '{"validity": {"not_before": "2026-03-30T15:00:00Z", "not_after": "2028-03-30T15:00:00Z"}, "signed_at": "2026-11-01T00:00:00Z"}'
expect 1 "a window no rule of the scheme ever gave is refused, whenever signed" \
    $INKAN sign long.json --key aud.key --role auditor -o long.dsse.json

# --- the audit period's bounds ---------------------------------------------
draft six '{"period_start": "2025-10-01", "period_end": "2026-03-31"}'
expect 0 "a SOC 2 Type 2 over 6 months signs (seed 000: 6か月以上)" \
    $INKAN sign six.json --key aud.key --role auditor -o six.dsse.json
draft five '{"period_start": "2025-10-02", "period_end": "2026-03-31"}'
expect 1 "...one a day short of 6 months is refused" \
    $INKAN sign five.json --key aud.key --role auditor -o five.dsse.json
check "...naming the period and the bound" err_has "the period from 2025-10-02 to 2026-03-31 is shorter than the 6 months scheme 'soc2-type2' asks for"
draft year "$ISMAP" '{"period_start": "2025-04-01", "period_end": "2026-03-31"}'
expect 0 "an ISMAP-style audit of one year signs" \
    $INKAN sign year.json --key aud.key --role auditor -o year.dsse.json
draft over "$ISMAP" '{"period_start": "2025-03-31", "period_end": "2026-03-31"}'
expect 1 "...one a day over a year is refused (seed 001: 毎年監査を実施)" \
    $INKAN sign over.json --key aud.key --role auditor -o over.dsse.json
check "...naming the period and the bound" err_has "the period from 2025-03-31 to 2026-03-31 is longer than the 12 months scheme 'ismap-cloud' allows"
draft t2long '{"period_start": "2024-12-01", "period_end": "2026-03-31"}'
expect 1 "a SOC 2 Type 2 over 16 months is refused (seed 000: 6ヶ月〜1年)" \
    $INKAN sign t2long.json --key aud.key --role auditor -o t2long.dsse.json

done_testing
