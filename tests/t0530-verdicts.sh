#!/bin/sh
# Verdicts where a user meets them: the exit code of verify and registry
# verify, and the site's mark, for each rule that a one-line slip in the
# verdict code would break (tests/mutation/: each case here kills a mutant
# that the rest of the suite let live).  Every "no" has its honest twin.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
forge="python3 $src/tests/fixtures/forge.py"
A="python3 $src/tests/adversarial/adv.py"
export INKAN
cd "$T" || exit 2
# Under make mutate the first failure ends the test: the mutant is killed.
if [ -n "${INKAN_MUTATE:-}" ]; then
	not_ok() {
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - $*"
		echo "Bail out! first failure (INKAN_MUTATE)"
		exit 1
	}
fi

export INKAN_NOW=2026-04-01T00:00:00Z
synthetic_registry reg "検証テスト" verdicts.test/reg
$INKAN keys generate --out stranger --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out op2 --no-passphrase >/dev/null 2>&1
AUD=$($INKAN keys id aud.pub)
MG=$($INKAN keys id mgmt.pub)

# audit NAME [CHANGES]: NAME.dsse.json signed by aud and mgmt.
audit() {
	$INKAN new audit-report |
	    $fill auditor="$AUD" management="$MG" "${2:-{\}}" >"$1.json" &&
	$INKAN sign "$1.json" --key aud.key --role auditor -o "$1.dsse.json" \
	    >/dev/null 2>&1 &&
	$INKAN sign "$1.dsse.json" --key mgmt.key --role management \
	    >/dev/null 2>&1
}
rid() { $A record-id "$1"; }

export INKAN_NOW=2026-06-01T00:00:00Z
n=20
for r in a b c d; do
	n=$((n + 1))
	# (each its own service: one registration per service and scheme)
	audit $r "{\"report_date\": \"2026-05-$n\", \"service.id\": \"svc-$r\"}" ||
	    { echo "Bail out! cannot sign the test audits"; exit 1; }
done

# --- verify --key: every key named must have signed ------------------------
expect 0 "verify --key A --key B passes when both signed" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub
expect 1 "verify --key A --key B fails when B never signed (though A did)" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub --key stranger.pub
check "...and says which key did not sign" \
    out_has "key $($INKAN keys id stranger.pub | cut -c1-16).* did not sign"
$A payload a.dsse.json >a.payload
$A sign stranger.key application/vnd.in-toto+json a.payload >a-stranger.json
python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
a["signatures"] += b["signatures"]
json.dump(a, open(sys.argv[3], "w"))' a.dsse.json a-stranger.json a3.dsse.json
expect 0 "an extra signature by a key nobody named is a note, not a failure" \
    $INKAN verify a3.dsse.json --key aud.pub --key mgmt.pub
check "...said as a note" out_has "note: signature 3"

# --- the registry's exit codes: revoked 4, suspended 4, expired 3 -----------
for r in a b c d; do
	$INKAN registry add reg $r.dsse.json >/dev/null 2>&1 ||
	    { echo "Bail out! cannot register $r"; exit 1; }
done
expect 0 "an active record verifies against the registry" \
    $INKAN verify a.dsse.json --registry reg
$INKAN registry status reg "$(rid b.dsse.json)" --action revoke \
    --reason FALSE-DECLARATION --key op.key >/dev/null 2>&1
$INKAN registry status reg "$(rid c.dsse.json)" --action suspend \
    --reason INVESTIGATION --key op.key >/dev/null 2>&1
expect 4 "a revoked record exits 4" $INKAN verify b.dsse.json --registry reg
expect 4 "a suspended record exits 4 (not 3)" \
    $INKAN verify c.dsse.json --registry reg
check "...and is named suspended" out_has "registry: suspended: suspend"
expect 3 "an expired record exits 3" \
    $INKAN verify a.dsse.json --registry reg --at 2027-12-01
expect 4 "a revoked and expired record exits 4: revoked outranks expired" \
    $INKAN verify b.dsse.json --registry reg --at 2027-12-01
expect 4 "a suspended and expired record exits 4" \
    $INKAN verify c.dsse.json --registry reg --at 2027-12-01
expect 6 "at exactly the trust root's expiry, the root's failure decides (6)" \
    $INKAN verify a.dsse.json --registry reg --at 2030-01-01T00:00:00Z
expect 3 "...a second before, the record is only expired (3)" \
    $INKAN verify a.dsse.json --registry reg --at 2029-12-31T23:59:59Z
expect 4 "in a batch the worst verdict decides: active, then revoked" \
    $INKAN verify a.dsse.json b.dsse.json --registry reg
expect 3 "offline, an expired record exits 3" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub --at 2027-12-01
expect 3 "offline, a record is expired at exactly its not_after" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub \
    --at "$($A statement a.dsse.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["predicate"]["validity"]["not_after"])')"
expect 0 "...and valid a second before" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub \
    --at "$($A statement a.dsse.json | python3 -c '
import datetime, json, sys
na = json.load(sys.stdin)["predicate"]["validity"]["not_after"]
t = datetime.datetime.strptime(na, "%Y-%m-%dT%H:%M:%SZ") - datetime.timedelta(seconds=1)
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))')"
# validity FIELD OFFSET: a's not_before or not_after, moved by OFFSET s.
validity() {
	$A statement a.dsse.json | python3 -c '
import datetime, json, sys
v = json.load(sys.stdin)["predicate"]["validity"][sys.argv[1]]
t = datetime.datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ")
t += datetime.timedelta(seconds=int(sys.argv[2]))
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$@"
}
expect 3 "offline, a record is not yet valid a second before its not_before" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub \
    --at "$(validity not_before -1)"
check "...and says so" out_has "not valid before"
expect 0 "...and valid at its not_before" \
    $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub \
    --at "$(validity not_before 0)"
$INKAN registry status reg "$(rid c.dsse.json)" --action reinstate \
    --reason CLEARED --key op.key >/dev/null 2>&1
expect 0 "a reinstated suspension verifies again" \
    $INKAN verify c.dsse.json --registry reg
expect 1 "registry status refuses to reinstate a revoked record" \
    $INKAN registry status reg "$(rid b.dsse.json)" --action reinstate \
    --reason CLEARED --key op.key
check "...naming the rule and the revocation" \
    err_has "never a revocation: $(rid b.dsse.json) is revoked at .*FALSE-DECLARATION"
# A reinstatement dated before the revocation (late paperwork for an
# earlier suspension) is written, and still lifts no revocation.
expect 0 "a reinstatement dated before the revocation is written" \
    $INKAN registry status reg "$(rid b.dsse.json)" --action reinstate \
    --reason CLEARED --effective-at 2026-05-30T00:00:00Z --key op.key
expect 4 "reinstate does not lift a revocation" \
    $INKAN verify b.dsse.json --registry reg
check "...and the reason given is still the revocation's, not the reinstatement's" \
    sh -c 'grep -q "revoke at .*FALSE-DECLARATION" "$0" && ! grep -q "reinstate at" "$0"' "$T/out"

# A transparency failure outranks revocation: with a record file deleted
# from the registry, a revoked record's verdict is the log's (5), not 4.
# A checkpoint older than the log (put back by hand) does not vouch for it.
cp -a reg reg-oldcp
git -C reg-oldcp show HEAD~1:log/checkpoint >reg-oldcp/log/checkpoint
# (a commit the log key signed: its holder lying; an unsigned one is not
# read at all, see t0340)
log_key_commit reg reg-oldcp "old cp"
expect 5 "verify against a registry whose checkpoint is older than its log exits 5" \
    $INKAN verify a.dsse.json --registry reg-oldcp
check "...and says what the checkpoint covers" out_has "the checkpoint covers"
cp -a reg reg-gone
D=$(rid d.dsse.json) D=${D#sha256:}
git -C reg-gone rm -q "records/audit-report/$(printf %.2s "$D")/$D.dsse.json"
# (the tiles go too, so verify reads the whole log and counts the files:
# from the tiles it takes that count on the log key's word, FORMAT.md 8.6)
git -C reg-gone rm -q -r log/tile
log_key_commit reg reg-gone "remove d"
expect 5 "a revoked record in a registry missing a record file exits 5" \
    $INKAN verify b.dsse.json --registry reg-gone
check "...and says a record was removed" out_has "a record was removed"

# --- the site: a revoked record carries the red mark -------------------------
$INKAN site build reg -o site -q >/dev/null 2>&1
B=$(rid b.dsse.json) B=${B#sha256:}
C=$(rid c.dsse.json) C=${C#sha256:}
for l in en ja; do
	check "site ($l): the revoked record's page shows the red mark" \
	    grep -q 'class="state state-bad"[^>]*status-revoked"><span aria-hidden="true">✕' \
	    site/$l/r/$B.html
	check "site ($l): ...and so does its SOC 3 page" \
	    grep -q 'h2 id="status">.*state-bad[^>]*status-revoked' site/$l/soc3/$B.html
	check "site ($l): the reinstated record's page shows the green mark" \
	    grep -q 'class="state state-ok"[^>]*status-active"><span aria-hidden="true">✓' \
	    site/$l/r/$C.html
done
check "site: the revoked (then reinstated) record's status line gives the revocation's reason" \
    sh -c 'grep "status-reason" "$0" | grep -q "FALSE-DECLARATION" && ! grep "status-reason" "$0" | grep -q "CLEARED"' site/en/r/$B.html
check "site: the revoked record's page has its status line and a reason" \
    sh -c 'grep -q "<h2 id=\"status\">Status: <a class=\"state state-bad\"[^>]*>.*Revoked</a></h2>" "$0" &&
	grep -q "class=\"status-reason\">Reason: " "$0"' site/en/r/$B.html
check "site: the revocations page lists the revocation with the red mark" \
    grep -q "r/$B.html.*state-bad[^>]*status-revoked" site/en/revocations.html
A_=$(rid a.dsse.json) A_=${A_#sha256:}
check "site: ...and not the active record" \
    sh -c '! grep -q "$0" "$1"' "$A_" site/en/revocations.html
for f in all cmp-scheme-soc2-type2; do
	check "site: list/$f gives a record's last valid day (JST), not the day after" \
	    sh -c 'grep "r/$0.html" "$1" | grep -q "<time datetime=\"2027-03-30\">" &&
		! grep "r/$0.html" "$1" | grep -q "2027-03-31"' "$A_" site/en/list/$f.html
done
check "site: a record of a registry whose root is current is verified" \
    grep -q 'verdict verdict-ok' site/en/r/$C.html
$INKAN site build reg -o site-late --at 2030-06-01 -q >/dev/null 2>&1
check "site: past the trust root's expiry the same record is not verified" \
    grep -q 'verdict verdict-bad' site-late/en/r/$C.html
check "site: ...and its SOC 3 page says the verification failed" \
    grep -q 'class="status-sig">The signatures do not check out' site-late/en/soc3/$C.html
# A record whose stored signature was edited: the site says it failed,
# in the verdict, in every check's cell and on its SOC 3 page.
git clone -q reg tampered
f=$(git -C tampered ls-files "records/audit-report/$(printf %.2s "$A_")/$A_.dsse.json")
python3 - "tampered/$f" <<'PY'
import sys; p = sys.argv[1]; s = open(p).read()
i = s.index('"sig":"') + 7; c = 'A' if s[i] != 'A' else 'B'
open(p, 'w').write(s[:i] + c + s[i + 1:])
PY
log_key_commit reg tampered "edit a signature"
expect 1 "site: a registry with a broken signature builds, exit 1" \
    $INKAN site build tampered -o site-bad -q
check "site: that record's page says it failed" \
    grep -q 'verdict verdict-bad' site-bad/en/r/$A_.html
check "site: ...in its checks' cells" \
    grep -q '<td class="bad">' site-bad/en/r/$A_.html
check "site: ...and on its SOC 3 page" \
    grep -q 'class="status-sig">The signatures do not check out' site-bad/en/soc3/$A_.html
check "site: another record's page of the same build says verified" \
    sh -c 'grep -q "verdict verdict-ok" "$0" && ! grep -q "<td class=\"bad\">" "$0"' \
    site-bad/en/r/$C.html

# --- registration inside the validity window only -------------------------
# (in a copy: the log's time never goes backwards, and the tests below
# register at an earlier time than these)
cp -a reg reg-late
$INKAN new audit-report | $fill auditor="$AUD" management="$MG" \
    '{"period_start": "2025-08-01", "period_end": "2026-07-31", "report_date": "2026-08-03"}' \
    >late.json
# (signed before its window opens: a record is not signed after the log
# takes it)
INKAN_NOW=2026-07-30T00:00:00Z $INKAN sign late.json --key aud.key \
    --role auditor -o late.dsse.json >/dev/null 2>&1
INKAN_NOW=2026-07-30T00:00:00Z $INKAN sign late.dsse.json --key mgmt.key \
    --role management >/dev/null 2>&1
late_nb=$($A statement late.dsse.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["predicate"]["validity"]["not_before"])')
late_before=$(python3 -c '
import datetime, sys
t = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ") - datetime.timedelta(seconds=1)
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$late_nb")
# (a second before its window opens, the record's report is also dated
# after the day: report_date is on or after period_end, where the window
# starts; both are said, and the rule broken is the worse, exit 1)
expect 1 "a record is not registered before its validity window starts" \
    env INKAN_NOW="$late_before" $INKAN registry add reg-late late.dsse.json
check "...and the refusal says why" err_has "outside its validity window"
check "...and that its report is dated after the day" err_has "report_date 2026-08-03 is after the day the record is registered"
expect 3 "...nor after it ends" \
    env INKAN_NOW=2027-12-01T00:00:00Z $INKAN registry add reg-late late.dsse.json
expect 0 "the same record registers once its window has opened" \
    env INKAN_NOW=2026-08-05T00:00:00Z $INKAN registry add reg-late late.dsse.json

# --- built_on is for a scheme whose bases are registered under it --------
# (SOC 2 names its subservice organisations instead; the bases' rules and
# the cascade are t0326's.)
cp -a reg reg-base
audit on-active "{\"report_date\": \"2026-05-27\", \"service.id\": \"on-active\", \"built_on\": [\"$(rid a.dsse.json)\"]}"
expect 1 "a SOC 2 audit naming a base service is refused" \
    $INKAN registry add reg-base on-active.dsse.json
check "...saying its scheme takes no base service" err_has "scheme 'soc2-type2' takes no base service"
audit on-none "{\"report_date\": \"2026-05-27\", \"service.id\": \"on-active\", \"built_on\": []}"
expect 0 "...its twin without built_on registers" \
    $INKAN registry add reg-base on-none.dsse.json

# --- the checkpoint's origin names this registry -------------------------
$INKAN registry checkpoint reg >cp
$forge note cp verdicts.test/reg reg/.git/inkan/log.key >cp-same
$forge note cp other.test/log reg/.git/inkan/log.key >cp-other
expect 0 "a held checkpoint re-signed by the log key verifies" \
    $INKAN registry verify reg --since-checkpoint cp-same -q
expect 5 "a checkpoint of another origin, signed by the same log key, exits 5" \
    $INKAN registry verify reg --since-checkpoint cp-other -q
check "...and the reason names the origin" \
    grep -q "origin 'other.test/log' is not this registry" "$T/out" "$T/err"
git clone -q reg reg-back
git -C reg-back reset -q --hard HEAD~1
expect 5 "a registry one leaf behind a held checkpoint exits 5" \
    $INKAN registry verify reg-back --since-checkpoint cp-same -q
check "...and says its history was rolled back" \
    grep -q "the history was rolled back" "$T/out" "$T/err"
cp -a reg reg-edited
sed -i '$s/T00:00:00Z$/T00:00:01Z/' reg-edited/log/leaves
git -C reg-edited -c user.name=m -c user.email=m@x.test commit -qam "edit a leaf"
expect 5 "a leaf's time edited in log/leaves exits 5" \
    $INKAN registry verify reg-edited -q
check "...and the signed checkpoint's root is not the tree of log/leaves" \
    grep -q "log/checkpoint's root hash is not the tree of log/leaves" \
    "$T/out" "$T/err"
cp -a reg reg-stray
mkdir reg-stray/records/evil
cp d.dsse.json reg-stray/records/evil/
git -C reg-stray add -A
git -C reg-stray -c user.name=m -c user.email=m@x.test commit -qm "stray"
expect 1 "an unknown folder under records/ fails the audit" \
    $INKAN registry verify reg-stray -q
check "...and is named" \
    grep -q "records/evil is not a kind of record" "$T/out" "$T/err"

# --- thresholds count distinct keys --------------------------------------
cp -a reg reg-dup
$forge root reg/root/1.root.json 2 2 op.pub op.pub >r2.json
$A sign op.key application/vnd.in-toto+json r2.json >reg-dup/root/2.root.json
log_key_commit reg reg-dup "root 2"
expect 6 "a root listing one key twice does not meet a threshold of two" \
    $INKAN registry verify reg-dup -q
check "...and says so" err_has "not signed by a threshold of its own keys"
expect 6 "...and verify against it exits 6" \
    $INKAN verify d.dsse.json --registry reg-dup
# root2 NAME THRESHOLD PUB[:KEYID]...: a copy NAME of reg with a forged
# root 2 (signed by op, as root 1 requires) committed by hand.
root2() {
	_n=$1
	shift
	cp -a reg "$_n"
	$forge root reg/root/1.root.json 2 "$@" >"$_n.json"
	$A sign op.key application/vnd.in-toto+json "$_n.json" \
	    >"$_n/root/2.root.json"
	git -C "$_n" add -A
	git -C "$_n" -c user.name=m -c user.email=m@x.test commit -qm "root 2"
}
root2 reg-zero 0 op.pub
expect 6 "a root with a threshold of 0 is refused" \
    $INKAN registry verify reg-zero -q
check "...as not a root" err_has "is not root version 2"
root2 reg-over 3 op.pub op2.pub
expect 6 "a root whose threshold exceeds its keys is refused" \
    $INKAN registry verify reg-over -q
check "...and says so" err_has "threshold 3 of 2 keys"
root2 reg-kid 1 op.pub:$($INKAN keys id op2.pub)
expect 6 "a root key listed under another key's id is refused" \
    $INKAN registry verify reg-kid -q
check "...and says so" err_has "keyid does not match the key"
cp -a reg reg-two
# (the leaf just before the rotation is an operator record: it is checked
# against the root it was made under, not the next one)
$INKAN registry status reg-two "$(rid d.dsse.json)" --action suspend \
    --reason INVESTIGATION --key op.key >/dev/null 2>&1
expect 0 "two distinct keys meet a threshold of two (rotation)" \
    $INKAN registry rotate-root reg-two --key op.key --new-key op.key \
    --new-key op2.key --threshold 2
expect 0 "...and the rotated registry verifies" $INKAN registry verify reg-two -q
sed 's/aud.pub/stranger.pub/' acc-aud.json >acc-stranger.json
expect 1 "one of two operator keys cannot accredit under a threshold of two" \
    $INKAN registry accredit reg-two --key op.key acc-stranger.json
expect 0 "...both can" \
    $INKAN registry accredit reg-two --key op.key --key op2.key acc-stranger.json
$forge root reg-two/root/2.root.json 3 1 op.pub >r3.json
$A sign op.key application/vnd.in-toto+json r3.json >reg-two/root/3.root.json
git -C reg-two add -A
git -C reg-two -c user.name=m -c user.email=m@x.test commit -qm "root 3"
expect 6 "a root signed by one of the previous root's two keys is refused" \
    $INKAN registry verify reg-two -q
check "...as short of the previous root's threshold" \
    err_has "not signed by a threshold of root 2's keys"

# --- an operator record is for one registry ------------------------------
$INKAN registry init reg-other --operator-key op.key --name other.test/reg \
    --expires 2030-01-01 >/dev/null 2>&1
$INKAN registry accredit reg-other --key op.key acc-stranger.json >/dev/null
cp -a reg reg-replay
expect 1 "an accreditation the same operator key signed for another registry is refused" \
    $INKAN registry add reg-replay reg-other/records/signer/*/*.dsse.json
check "...as made for another registry" err_has "for another registry"
expect 0 "...the same accreditation made for this registry is taken" \
    $INKAN registry accredit reg-replay --key op.key acc-stranger.json
SID=$($INKAN registry list reg-replay --json --kind status | python3 -c '
import json, sys; print(json.load(sys.stdin)[0]["id"])')
expect 1 "a status record cannot itself be revoked" \
    $INKAN registry status reg-replay "$SID" --action revoke --reason FALSE-DECLARATION \
    --key op.key
check "...it has no status of its own" err_has "has no status of its own"
expect 0 "...a record can" \
    $INKAN registry status reg-replay "$(rid d.dsse.json)" --action revoke \
    --reason FALSE-DECLARATION --key op.key

# --- keys: only Ed25519, in every format ---------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key \
    2>/dev/null
expect 2 "a private key that is not Ed25519 is refused" $INKAN keys id ec.key
check "...by its file name" err_has "'ec.key' is not an Ed25519 key"
$INKAN keys export-pub aud.pub --format ssh -o aud.ssh >/dev/null 2>&1
$INKAN keys export-pub aud.pub --format minisign -o aud.mini >/dev/null 2>&1
python3 - <<'PY'
import base64
t, b64 = open('aud.ssh').read().split()[:2]
blob = base64.b64decode(b64)
def ssh(name, b):
    open(name, 'w').write('ssh-ed25519 %s x\n' % base64.b64encode(b).decode())
ssh('type.ssh', blob.replace(b'ssh-ed25519', b'ssh-ed25518'))
ssh('trailing.ssh', blob + b'\0\0\0\0')
c, k = open('aud.mini').read().split('\n')[:2]
raw = base64.b64decode(k)
open('alg.mini', 'w').write('%s\n%s\n' % (c, base64.b64encode(b'Xd' + raw[2:]).decode()))
PY
expect 0 "an OpenSSH ssh-ed25519 public key imports" \
    $INKAN keys import aud.ssh --out imp-ssh
expect 2 "...but not with another key type inside its blob" \
    $INKAN keys import type.ssh --out imp-type
expect 2 "...nor with bytes after the key in its blob" \
    $INKAN keys import trailing.ssh --out imp-trailing
expect 0 "a minisign Ed25519 public key imports" \
    $INKAN keys import aud.mini --out imp-mini
expect 2 "...but not one whose algorithm is not Ed" \
    $INKAN keys import alg.mini --out imp-alg

done_testing
