# Shared helpers for the end-to-end tests: TAP output for prove, a
# scratch folder per test, and "expect" to run inkan and check its exit
# code.  Sourced by tests/tNNNN-*.sh; $INKAN is the binary under test.
set -u
: "${INKAN:?INKAN must name the inkan binary (make check sets it)}"
: "${INKAN_VECTORS:=$(cd "$(dirname "$0")/../.." && pwd)/shared/vectors}"
export INKAN_VECTORS
T=$(mktemp -d "${TMPDIR:-/tmp}/inkan-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset INKAN_PASSPHRASE_FILE
tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESC CONDITION...: ok when the command succeeds.
check() {
	_desc=$1
	shift
	if "$@"; then ok "$_desc"; else not_ok "$_desc"; fi
}

# expect CODE DESC CMD...: runs CMD with stdout in $T/out and stderr in
# $T/err, and passes when it exits with CODE.  A crash (signal) never
# passes, and a failing command must say why on stderr in one line
# starting "inkan: ".
expect() {
	_want=$1
	_desc=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	_got=$?
	if [ "$_got" -ne "$_want" ]; then
		not_ok "$_desc (exit $_got, wanted $_want)"
		sed 's/^/#   /' "$T/err" | head -n 20
		return 1
	fi
	if [ "$_want" -eq 2 ] && ! grep -q '^inkan: ' "$T/err"; then
		not_ok "$_desc (exit 2 without an 'inkan: ' reason)"
		return 1
	fi
	ok "$_desc"
}

# out_has / err_has PATTERN: the last expect's output matches.
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# The RFC 8032 TEST 1 key as a PKCS#8 PEM (the DSSE vectors' key).
test1_key() {
	seed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dsse_key"]["secret_seed"])' "$INKAN_VECTORS/dsse-ed25519.json")
	printf '302e020100300506032b657004220420%s' "$seed" | xxd -r -p |
		openssl pkey -inform DER -out "$1"
}

# log_key_commit REGISTRY CLONE MESSAGE: commits every change of CLONE
# signed with REGISTRY's log key, as git would with gpg.format=ssh — the
# log key's holder lying (docs/FORMAT.md 8.8): a commit no one else can
# make, so that what readers do with a signed but wrong tree is tested.
log_key_commit() {
	[ -f "$T/log-key.ssh" ] || python3 - "$1/.git/inkan/log.key" "$T/log-key.ssh" <<'PY' || return 1
import sys
from cryptography.hazmat.primitives import serialization as s
k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
open(sys.argv[2], 'wb').write(k.private_bytes(s.Encoding.PEM,
    s.PrivateFormat.OpenSSH, s.NoEncryption()))
PY
	chmod 600 "$T/log-key.ssh"
	git -C "$2" add -A &&
	git -C "$2" -c gpg.format=ssh -c user.signingkey="$T/log-key.ssh" \
		-c user.name=op -c user.email=op@x -c commit.gpgsign=true \
		commit -q -m "$3" >/dev/null 2>&1
}

# site_registry DIR [inject]: the site tests' registry, made by
# tests/site/mkreg.sh in DIR (under the current folder), its catalogues
# exported as INKAN_CATALOGS; bails out when it cannot be made.  Needs
# INKAN_SRC.
site_registry() {
	sh "$INKAN_SRC/tests/site/mkreg.sh" "$@" 2>/dev/null ||
		{ echo "Bail out! cannot build the test registry"; exit 1; }
	INKAN_CATALOGS=$(pwd)/$1/cat
	export INKAN_CATALOGS
}

# synthetic_registry DIR ORG [NAME]: in the current folder, keys op, aud
# and mgmt (no passphrase) and a registry DIR (named NAME) whose operator
# accredits aud as a SOC 2 auditor of organisation ORG under the audit
# firm and selection the draft template names, and mgmt as management of
# every scheme for the template's organisation (9010401123456), both
# valid 2026-2028; and keys mgmt1 .. mgmt$((SYN_ORGS - 1)) (SYN_ORGS
# defaults to 3) as management of bench/gen.py's organisations 1, 2, ...
# (a management key signs only for its own organisation).
synthetic_registry() {
	_n=${SYN_ORGS:-3}
	for _k in op aud mgmt $(seq -f 'mgmt%g' 1 $((_n - 1))); do
		$INKAN keys generate --out $_k --no-passphrase >/dev/null 2>&1
	done
	$INKAN registry init "$1" --operator-key op.key ${3:+--name "$3"} \
	    --expires 2030-01-01 >/dev/null 2>&1
	printf '{"person":{"name":"%s aud"},"organisation":{"name":"%s"},"audit_firm":{"name":"あおぞら監査法人","selection_id":"AF-2025-017"},"roles":["auditor"],"schemes":["soc2-type2"],"key":{"public_key_file":"aud.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' \
	    "$2" "$2" >acc-aud.json
	$INKAN registry accredit "$1" --key op.key acc-aud.json >/dev/null
	_i=0
	for _k in mgmt $(seq -f 'mgmt%g' 1 $((_n - 1))); do
		if [ $_i -eq 0 ]; then _c=9010401123456 _o=株式会社サンプルクラウド; else
			_c=$(python3 "${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}/bench/gen.py" --corporate-number $_i)
			_o=株式会社ベンチ$_i; fi
		printf '{"person":{"name":"%s %s"},"organisation":{"name":"%s","corporate_number":"%s"},"roles":["management"],"schemes":["*"],"key":{"public_key_file":"%s.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' \
		    "$2" "$_k" "$_o" "$_c" "$_k" >"acc-$_k.json"
		$INKAN registry accredit "$1" --key op.key "acc-$_k.json" >/dev/null
		_i=$((_i + 1))
	done
}

# synthetic_mgmt: the management keys of synthetic_registry, comma
# separated, in bench/gen.py's order of organisations.
synthetic_mgmt() {
	_m=$($INKAN keys id mgmt.pub)
	for _i in $(seq 1 $((${SYN_ORGS:-3} - 1))); do
		_m="$_m,$($INKAN keys id mgmt$_i.pub)"
	done
	echo "$_m"
}

# synthetic_drafts N: N audit-report drafts from bench/gen.py for the
# keys of synthetic_registry, listed in drafts.list.
synthetic_drafts() {
	python3 "${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}/bench/gen.py" \
	    "$INKAN" . "$1" "$($INKAN keys id aud.pub)" "$(synthetic_mgmt)" \
	    >/dev/null
}

# synthetic_envelopes N: synthetic_drafts N, signed by aud and then by
# each organisation's management key; the envelopes are listed in
# envs.list.
synthetic_envelopes() {
	synthetic_drafts "$1"
	$INKAN sign --files-from drafts.list --key aud.key --role auditor -q \
	    >/dev/null
	sed 's/\.json$/.dsse.json/' drafts.list >envs.list
	synthetic_sign_mgmt
}

# synthetic_sign_mgmt: each organisation's envelopes (drafts-K.list)
# signed by its management key.
synthetic_sign_mgmt() {
	_i=0
	for _k in mgmt $(seq -f 'mgmt%g' 1 $((${SYN_ORGS:-3} - 1))); do
		sed 's/\.json$/.dsse.json/' drafts-$_i.list >envs-$_i.list
		[ ! -s envs-$_i.list ] ||
		$INKAN sign --files-from envs-$_i.list --key $_k.key \
		    --role management -q >/dev/null
		_i=$((_i + 1))
	done
}

# demo_registry: `inkan demo d` in the current folder (bails out when it
# fails), R its registry, P its private folder, its catalogues exported
# as INKAN_CATALOGS.
demo_registry() {
	$INKAN demo d >/dev/null 2>&1 ||
		{ echo "Bail out! inkan demo failed"; exit 1; }
	R=d/registry P=d/private
	# The demo's HTTP witness answered only while the demo ran: the tests
	# that go on writing to its registry do so on one whose operator
	# has rotated its root to name no witnesses (a root rotation, signed
	# like any; t0700 and t08xx test the witnessed demo and witnesses).
	$INKAN registry witness-url "$R" witness.demo.inkan.invalid/http - \
	    >/dev/null 2>&1 &&
	$INKAN registry rotate-root "$R" --key "$P/keys/operator.key" \
	    --witness-quorum 0 >/dev/null 2>&1 ||
		{ echo "Bail out! cannot unwitness the demo's registry"; exit 1; }
	INKAN_CATALOGS=$T/$P/catalogs
	export INKAN_CATALOGS
}

# The demo's registry, for tests that vary its records (P: its private
# folder, as `inkan demo DIR` writes DIR/private).
# demo_rid NAME: the record id of the demo's envelope NAME.
demo_rid() { python3 "$INKAN_SRC/tests/adversarial/adv.py" record-id "$P/records/$1.dsse.json"; }
# demo_variant NAME DRAFT AUDITOR MGMT PYTHON: the demo's draft DRAFT
# changed by PYTHON (on its predicate p), signed by the demo's keys
# AUDITOR then MGMT into NAME.dsse.json.
demo_variant() {
	python3 - "$P/records/$2.json" "$P/$1.json" "$5" <<'PY' || return 1
import json, sys
d = json.load(open(sys.argv[1])); p = d["predicate"]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
	$INKAN sign "$P/$1.json" --key "$P/keys/$3.key" --role auditor \
	    -o "$1.dsse.json" -q >/dev/null 2>"$T/err" &&
	$INKAN sign "$1.dsse.json" --key "$P/keys/$4.key" --role management \
	    -q >/dev/null 2>>"$T/err" ||
		{ sed 's/^/# sign: /' "$T/err"; return 1; }
}
# demo_mgmt KEY DRAFT: the python that makes KEY's management sign for the
# organisation of the demo's draft DRAFT (its own).
demo_mgmt() {
	echo "[s.update(keyid='$($INKAN keys id "$P/keys/$1.pub")') for s in p['signers'] if s['role'] == 'management']; p['organisation'] = json.load(open('$P/records/$2.json'))['predicate']['organisation']"
}

# ismap_registry NAME [SCHEMES]: in the current folder, keys op, aud and
# mgmt (no passphrase; AUD and MG their ids), a registry reg named NAME
# made at 2026-04-01 (INKAN_NOW, exported), aud accredited as an auditor
# of SCHEMES (a JSON array; ISMAP-style and SOC 2 Type 2 when not given)
# and mgmt as management of 9010401123456, both valid 2026-2029; ISMAP
# the ISMAP-style fixture's changes; and audit().
# audit NAME CHANGES...: the draft template with CHANGES (fill-draft.py),
# signed by both into NAME.dsse.json and registered; its id in $ID.
ismap_registry() {
	for _k in op aud mgmt; do
		$INKAN keys generate --out $_k --no-passphrase >/dev/null 2>&1
	done
	AUD=$($INKAN keys id aud.pub) MG=$($INKAN keys id mgmt.pub)
	ISMAP=$(cat "$INKAN_SRC/tests/fixtures/ismap.json")
	_schemes=${2:-'["ismap-cloud", "soc2-type2"]'}
	INKAN_NOW=2026-04-01T00:00:00Z
	export INKAN_NOW
	$INKAN registry init reg --operator-key op.key --name "$1" \
		--expires 2030-01-01 >/dev/null 2>&1 ||
		{ echo "Bail out! init"; exit 1; }
	cat >acc-aud.json <<EOS
{"person": {"name": "監査 太郎"}, "organisation": {"name": "あおぞら監査法人"},
 "audit_firm": {"name": "あおぞら監査法人", "selection_id": "AF-2025-017"},
 "roles": ["auditor"], "schemes": $_schemes,
 "key": {"public_key_file": "aud.pub"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2029-01-01T00:00:00Z"}
EOS
	cat >acc-mg.json <<EOS
{"person": {"name": "経営 花子"},
 "organisation": {"name": "株式会社サンプルクラウド", "corporate_number": "9010401123456"},
 "roles": ["management"], "schemes": ["*"], "key": {"public_key_file": "mgmt.pub"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2029-01-01T00:00:00Z"}
EOS
	for _a in aud mg; do
		$INKAN registry accredit reg --key op.key acc-$_a.json >/dev/null ||
			{ echo "Bail out! accredit $_a"; exit 1; }
	done
}
audit() {
	_n=$1
	shift
	$INKAN new audit-report |
	    python3 "$INKAN_SRC/tests/fixtures/fill-draft.py" auditor="$AUD" \
	    management="$MG" "$@" >"$_n.json" &&
	$INKAN sign "$_n.json" --key aud.key --role auditor -o "$_n.dsse.json" -q &&
	$INKAN sign "$_n.dsse.json" --key mgmt.key --role management -q &&
	ID=$($INKAN registry add reg "$_n.dsse.json" | cut -d' ' -f1) ||
		{ echo "Bail out! cannot register $_n"; exit 1; }
}
