#!/bin/sh
# What a person sees is the verdict: on a record's page, its service's
# page and in verify.html the registry's status comes first — the first
# heading and the first status element — and nothing "valid" or
# "verified" in green stands above it, for a record in each status that
# is not active (revoked, suspended, delisted, superseded, expired) and,
# as the twin, active.  verify.html refuses what `inkan verify --registry`
# refuses (a revoked record, an audit signed by management alone, an
# auditor accredited only for another scheme, a payloadType that is not
# in-toto), says "not registered here" for another registry's record and
# "changed" for a registered one changed, and finds the log's inclusion
# proof from the site's hash tiles.  Chromium via playwright-core
# (tests/site/verdict-test.mjs prints the TAP); screenshots, desktop and
# 390 px wide, go to build/site-screenshots/verdict/.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
export INKAN_SRC="$src"
shots=${INKAN_SCREENSHOTS:-$src/build/site-screenshots}/verdict

for need in node /usr/bin/chromium "$src/tests/site/node_modules/playwright-core/package.json"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "1..0 # SKIP $need is missing (make check installs it)"
		exit 0
	fi
done
cd "$T" || exit 2
bail() {
	echo "Bail out! $*"
	exit 1
}
sh "$src/tests/site/mkreg.sh" plain 2>/dev/null || bail "mkreg.sh failed"
D=$T/plain
export INKAN_CATALOGS=$D/cat
fill="python3 $src/tests/fixtures/fill-draft.py"
idof() { grep "^$1 " "$D/ids" | cut -d' ' -f2; }
kid() { $INKAN keys id "$1.pub"; }
cd "$D/work" || exit 2

# An auditor accredited for SOC 2 Type 2 only (for the envelope of an
# ISMAP-style audit it signs, which the registry would refuse).
export INKAN_NOW=2026-09-05T00:00:00Z
$INKAN keys generate --out aud3 --no-passphrase >/dev/null 2>&1
cat >acc-aud3.json <<EOF
{"person": {"name": "木村 四郎"}, "organisation": {"name": "ほくと監査法人"},
 "roles": ["auditor"], "schemes": ["soc2-type2"],
 "key": {"public_key_file": "aud3.pub"},
 "audit_firm": {"name": "ほくと監査法人", "valid_until": "2028-01-01T00:00:00Z"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}
EOF
$INKAN registry accredit "$D/registry" --key op.key acc-aud3.json >/dev/null ||
	bail "cannot accredit aud3"

# Suspended: the vulnerability assessment service.
export INKAN_NOW=2026-09-15T00:00:00Z
$INKAN registry status "$D/registry" "$(idof shindan)" --action suspend \
	--reason INVESTIGATION --text "申告内容を調査中のため" --key op.key >/dev/null ||
	bail "cannot suspend"

# Delisted while still within its validity: a new audit, delisted (its
# organisation and audit firm those its signers are accredited for).
export INKAN_NOW=2026-10-05T00:00:00Z
$INKAN new audit-report | $fill auditor="$(kid aud2)" management="$(kid mg1)" \
	'{"period_start": "2025-10-01", "period_end": "2026-09-30", "report_date": "2026-10-02",
	  "organisation": {"name": {"ja": "株式会社サンプルクラウド", "en": "Sample Cloud K.K."}, "corporate_number": "9010401123456"},
	  "audit_firm": {"name": {"ja": "みらい監査法人"}, "selection_id": "AF-2025-017"},
	  "service": {"name": {"ja": "ソラ会計", "en": "Sora Accounting"}, "id": "sora-accounting",
	              "models": [{"model": "SaaS", "responsibility": {"ja": "全体", "en": "All of it"}}],
	              "deployment_models": ["public"], "regions": ["日本（東京）"]},
	  "built_on": null}' >sora.json
$INKAN sign sora.json --key aud2.key --role auditor -o sora.dsse.json >/dev/null 2>&1 &&
	$INKAN sign sora.dsse.json --key mg1.key --role management >/dev/null 2>&1 ||
	bail "cannot sign sora"
sora=$($INKAN registry add "$D/registry" sora.dsse.json | cut -d' ' -f1)
[ -n "$sora" ] || bail "cannot add sora"
echo "sora $sora" >>"$D/ids"
export INKAN_NOW=2026-11-01T00:00:00Z
$INKAN registry status "$D/registry" "$sora" --action delist --reason MANDATORY-CONTROL-FAILURE \
	--text "定期監査を受けていないため" --key op.key >/dev/null || bail "cannot delist"

# Another registry, with its own operator and signers: its record is
# genuine, and not registered here.
O=$T/other
mkdir -p "$O" && cd "$O" || exit 2
export INKAN_NOW=2026-05-01T00:00:00Z
for k in op oa om; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
$INKAN registry init "$O/registry" --operator-key op.key --name other.example/inkan \
	--operator-name "別の事務局" --operator-email office@other.example \
	--expires 2030-01-01 >/dev/null 2>&1 || bail "cannot init the other registry"
for a in "oa auditor" "om management"; do
	set -- $a
	cat >acc-$1.json <<EOF
{"person": {"name": "別 $1"},
 "organisation": {"name": "株式会社サンプルクラウド", "corporate_number": "9010401123456"},
 "audit_firm": {"name": "あおぞら監査法人", "selection_id": "AF-2025-017"},
 "roles": ["$2"], "schemes": ["*"], "key": {"public_key_file": "$1.pub"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}
EOF
	$INKAN registry accredit "$O/registry" --key op.key acc-$1.json >/dev/null ||
		bail "cannot accredit $1 in the other registry"
done
$INKAN new audit-report | $fill auditor="$(kid oa)" management="$(kid om)" >other.json
$INKAN sign other.json --key oa.key --role auditor -o other.dsse.json >/dev/null 2>&1 &&
	$INKAN sign other.dsse.json --key om.key --role management >/dev/null 2>&1 &&
	$INKAN registry add "$O/registry" other.dsse.json >/dev/null ||
	bail "cannot register in the other registry"

# The site, at a time when the first audits' validity has ended: base
# (delisted, but expiry decides first: 8.5) is expired.
cd "$T" || exit 2
INKAN_NOW=2027-08-15T00:00:00Z $INKAN site build "$D/registry" -o site -q ||
	bail "cannot build the site"
# What inkan verify --registry says of each, for the browser to agree.
for n in mail hikari2; do
	INKAN_NOW=2027-08-15T00:00:00Z $INKAN verify "$D/work/$n.dsse.json" \
		--registry "$D/registry" >/dev/null 2>&1
	echo "$n $?" >>"$T/cli"
done
INKAN_NOW=2027-08-15T00:00:00Z $INKAN verify "$O/other.dsse.json" \
	--registry "$D/registry" >/dev/null 2>&1
echo "other $?" >>"$T/cli"
node "$src/tests/site/verdict-test.mjs" "$T/site" "$D" "$O/other.dsse.json" \
	"$shots" "$T/cli"
