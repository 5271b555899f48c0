#!/bin/sh
# Interoperability: inkan's records checked by tools people already trust
# -- Sigstore's own JavaScript verifier, minisign, ssh-keygen, and NIST's
# OSCAL schema under python3-jsonschema -- and an envelope made without
# inkan (Node's crypto over @sigstore/core's PAE) checked by inkan.  Every
# round trip has a negative twin: a changed payload the other tool
# refuses.  Needs (tools/deps): nodejs, npm (make check runs npm ci in
# tests/interop), minisign, openssh-client, python3-jsonschema,
# python3-regex.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
interop=$src/tests/interop
fill="python3 $src/tests/fixtures/fill-draft.py"
schema=$INKAN_VECTORS/oscal-1.0.6-assessment-results-schema.json
cd "$T" || exit 2

have() { command -v "$1" >/dev/null 2>&1; }
check "node is installed (Debian nodejs)" have node
check "the npm packages are installed (make check runs npm ci)" \
	test -f "$interop/node_modules/@sigstore/verify/package.json"
check "minisign is installed" have minisign
check "ssh-keygen is installed" have ssh-keygen
check "python3 has jsonschema and regex" python3 -c 'import jsonschema, regex'
check "the OSCAL 1.0.6 schema is in the vectors" test -f "$schema"

# quiet CMD...: the other tools' reports go to $T/tool.log, and to stderr
# when they fail (stdout is the TAP stream).
quiet() {
	"$@" >"$T/tool.log" 2>&1
	_rc=$?
	[ "$_rc" -eq 0 ] || cat "$T/tool.log" >&2
	return "$_rc"
}
sigstore_verify() { quiet node "$interop/verify-bundle.js" "$@"; }
oscal_validate() { quiet python3 "$interop/oscal-validate.py" "$schema" "$@"; }
# payload ENVELOPE: the decoded payload bytes.
payload() {
	python3 -c 'import json,base64,sys
sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))' "$1"
}
# fails PATTERN CMD...: the command exits non-zero (ssh-keygen's 255
# included, a signal not) and says PATTERN on stdout or stderr.
fails() {
	_pat=$1
	shift
	"$@" >"$T/fout" 2>&1
	_rc=$?
	[ "$_rc" -ne 0 ] && { [ "$_rc" -lt 128 ] || [ "$_rc" -eq 255 ]; } &&
		grep -q -- "$_pat" "$T/fout"
}

# --- keys and a signed audit report ----------------------------------
for k in aud mgmt op other; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
AUD=$($INKAN keys id aud.pub)
MG=$($INKAN keys id mgmt.pub)
export INKAN_NOW=2026-06-01T00:00:00Z
$INKAN new audit-report | $fill auditor="$AUD" management="$MG" '{}' >a.json
$INKAN sign a.json --key aud.key --role auditor -o a.dsse.json >/dev/null 2>&1
$INKAN sign a.dsse.json --key mgmt.key --role management >/dev/null 2>&1
expect 0 "a signed audit report to export" $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub
RID=$(head -n 1 "$T/out" | cut -d' ' -f3)

# --- keys in other tools' formats ------------------------------------
expect 0 "export-pub --format pem" $INKAN keys export-pub aud.key --format pem
check "...is the .pub file" cmp -s "$T/out" aud.pub
expect 0 "export-pub --format ssh" $INKAN keys export-pub aud.pub --format ssh -o aud.ssh.pub
check "ssh-keygen reads it as an Ed25519 key" sh -c 'ssh-keygen -l -f aud.ssh.pub | grep -q "(ED25519)$"'
expect 0 "export-pub --format minisign" $INKAN keys export-pub aud.pub --format minisign -o aud.minisign.pub
check "its key number is the first 8 bytes of the key id (shown reversed, as minisign does)" python3 -c '
import base64,sys
l=open("aud.minisign.pub").read().split("\n")
raw=base64.b64decode(l[1]); kid=sys.argv[1]
assert raw[:2]==b"Ed" and raw[2:10]==bytes.fromhex(kid[:16]), raw[:10]
assert l[0]=="untrusted comment: minisign public key "+raw[2:10][::-1].hex().upper(), l[0]' "$AUD"
$INKAN keys export-pub mgmt.pub --format minisign -o mgmt.minisign.pub
expect 2 "an unknown --format is refused" $INKAN keys export-pub aud.pub --format gpg

# A key made by ssh-keygen becomes a signer key.
ssh-keygen -q -t ed25519 -N '' -C carol@example.test -f carol_ssh
expect 0 "keys import of an ssh-keygen ed25519 public key" $INKAN keys import carol_ssh.pub --out carol
CAROL=$(cat "$T/out")
check "...writes PREFIX.pub with the key id it prints" test "$($INKAN keys id carol.pub)" = "$CAROL"
check "...a PEM SubjectPublicKeyInfo that openssl reads as ED25519" sh -c 'openssl pkey -pubin -in carol.pub -noout -text | grep -q ED25519'
check "...and it goes back to exactly the key ssh-keygen made" sh -c \
	'test "$($0 keys export-pub carol.pub --format ssh | cut -d" " -f1,2)" = "$(cut -d" " -f1,2 carol_ssh.pub)"' "$INKAN"
expect 2 "import never overwrites a key" $INKAN keys import carol_ssh.pub --out carol
ssh-keygen -q -t ecdsa -N '' -f ec_ssh
expect 2 "an ecdsa key is refused" $INKAN keys import ec_ssh.pub --out ec
check "...naming the key type" err_has "ecdsa-sha2-nistp256"
expect 2 "an OpenSSH private key is refused for import" $INKAN keys import carol_ssh --out x1
sed 's/AAAAC3NzaC1lZDI1NTE5AAAAI/AAAAC3NzaC1lZDI1NTE5AAAAJ/' carol_ssh.pub >bad_ssh.pub
expect 2 "a corrupt ssh-ed25519 blob is refused" $INKAN keys import bad_ssh.pub --out x2
expect 2 "signing needs a PKCS#8 key: an OpenSSH private key is refused with a reason" \
	$INKAN sign --raw --payload-type text/plain --key carol_ssh a.json -o x.dsse.json
minisign -G -W -p mk.pub -s mk.key >/dev/null 2>&1
expect 0 "keys import of a minisign public key" $INKAN keys import mk.pub --out mini
check "...the same Ed25519 key (minisign's own key number is not kept)" python3 -c '
import base64
a=base64.b64decode(open("mk.pub").read().split("\n")[1])
import subprocess,sys
b=base64.b64decode(subprocess.run([sys.argv[1],"keys","export-pub","mini.pub","--format","minisign"],
  capture_output=True,check=True).stdout.decode().split("\n")[1])
assert a[:2]==b[:2]==b"Ed" and a[10:]==b[10:] and len(a)==42' "$INKAN"

# --- Sigstore bundles, checked by @sigstore/verify --------------------
expect 0 "export sigstore-bundle writes one bundle per signature" $INKAN export sigstore-bundle a.dsse.json
check "...named PREFIX.<short key id>.sigstore.json" sh -c \
	'test -f "a.$(echo $0 | cut -c1-16).sigstore.json" && test -f "a.$(echo $1 | cut -c1-16).sigstore.json" && test "$(wc -l <"$2")" = 2' "$AUD" "$MG" "$T/out"
check "each is a v0.3 bundle with one signature and the key id as hint" python3 -c '
import json,sys
for k in sys.argv[1:]:
    b=json.load(open("a.%s.sigstore.json" % k[:16]))
    assert b["mediaType"]=="application/vnd.dev.sigstore.bundle.v0.3+json"
    assert b["verificationMaterial"]=={"publicKey":{"hint":k},"tlogEntries":[]}
    assert len(b["dsseEnvelope"]["signatures"])==1' "$AUD" "$MG"
expect 0 "@sigstore/verify verifies both with the signers' keys" \
	sigstore_verify --key aud.pub --key mgmt.pub a.*.sigstore.json
check "...each with its own key" sh -c 'grep -c ": verified with key" "$0" | grep -qx 2' "$T/tool.log"
python3 -c '
import json,base64
b=json.load(open("a.%s.sigstore.json" % __import__("sys").argv[1][:16]))
p=base64.b64decode(b["dsseEnvelope"]["payload"]).replace(b"\"opinion\":\"unmodified\"", b"\"opinion\":\"qualified\"")
b["dsseEnvelope"]["payload"]=base64.b64encode(p).decode()
json.dump(b,open("tampered.sigstore.json","w"))' "$AUD"
expect 1 "...and rejects a bundle whose payload was changed" sigstore_verify --key aud.pub tampered.sigstore.json
check "...as a signature failure" err_has "SIGNATURE_ERROR"
expect 1 "...and a bundle whose hint names a key it was not given" \
	sigstore_verify --key aud.pub "a.$(echo "$MG" | cut -c1-16).sigstore.json"
expect 0 "export sigstore-bundle --key checks each signature first" \
	$INKAN export sigstore-bundle a.dsse.json --key aud.pub --key mgmt.pub -o checked
expect 1 "...and refuses a signature no given key verifies" \
	$INKAN export sigstore-bundle a.dsse.json --key aud.pub -o nope
check "...writing nothing" sh -c '! ls nope.* 2>/dev/null'
expect 0 "export sigstore-bundle -o - writes one bundle per line" $INKAN export sigstore-bundle a.dsse.json -o -
check "...two lines of JSON" sh -c 'test "$(wc -l <"$0")" = 2' "$T/out"

# The other way: an envelope made by Node's own crypto.
mkdir node
check "Node signs an in-toto Statement over @sigstore/core's PAE" sh -c 'node "$0/sign-dsse.js" node >/dev/null' "$interop"
expect 0 "inkan verify accepts Node's envelope with Node's key" \
	$INKAN verify node/node.dsse.json --key node/node.pub --artifact node/artifact.txt
expect 1 "...and rejects it with the payload changed after signing" \
	$INKAN verify node/node-tampered.dsse.json --key node/node.pub
expect 1 "...and with another key" $INKAN verify node/node.dsse.json --key aud.pub
expect 0 "Node's envelope exported as a bundle" $INKAN export sigstore-bundle node/node.dsse.json -o node/b
expect 0 "...verifies with @sigstore/verify too" sigstore_verify --key node/node.pub node/b.*.sigstore.json

# --- minisign ----------------------------------------------------------
expect 0 "export minisign with the auditor's key" $INKAN export minisign a.dsse.json --key aud.key -o m
check "...writes m.payload and m.payload.minisig" sh -c 'test -s m.payload && test -s m.payload.minisig'
check "m.payload is the signed payload, byte for byte" sh -c 'test "sha256:$(sha256sum <m.payload | cut -d" " -f1)" = "$0"' "$RID"
expect 0 "minisign -V verifies it with the exported key" minisign -V -p aud.minisign.pub -m m.payload
check "...and shows a trusted comment with the record id, predicate type and role" \
	out_has "^Trusted comment: record:$RID	predicateType:urn:inkan:audit-report:v1	role:auditor$"
cp m.payload mt.payload
cp m.payload.minisig mt.payload.minisig
sed -i 's/"opinion":"unmodified"/"opinion":"qualified!"/' mt.payload
check "(the copy was changed)" sh -c '! cmp -s m.payload mt.payload'
expect 1 "minisign rejects a changed payload" minisign -V -p aud.minisign.pub -m mt.payload
check "...as a bad signature" err_has "^Signature verification failed"
cp m.payload mc.payload
sed 's/role:auditor/role:management/' m.payload.minisig >mc.payload.minisig
expect 1 "minisign rejects a changed trusted comment" minisign -V -p aud.minisign.pub -m mc.payload
check "...as a bad comment signature" err_has "^Comment signature verification failed"
expect 1 "minisign rejects it with another signer's key" minisign -V -p mgmt.minisign.pub -m m.payload
check "...by its key number" err_has "key id in the public key is"
expect 1 "export minisign refuses a key that did not sign the envelope" \
	$INKAN export minisign a.dsse.json --key other.key -o mo
check "...saying so" err_has "did not sign"
check "...and writes nothing" sh -c '! test -e mo.payload'
expect 2 "export minisign needs the private key" $INKAN export minisign a.dsse.json --key aud.pub -o mp
expect 2 "export minisign needs --key" $INKAN export minisign a.dsse.json -o mp

# --- a registry, its allowed signers, and ssh-keygen ------------------
# The template's organisation, and for an auditor its audit firm and
# selection: the records below are made from `inkan new`.
accreditation() { # accreditation FILE PUB ROLE NAME EMAIL
	_firm=
	[ "$3" != auditor ] || _firm='"audit_firm": {"name": "あおぞら監査法人", "selection_id": "AF-2025-017"},'
	cat >"$1" <<JSON
{
  "person": {"name": "$4", "email": "$5"},
  "organisation": {"name": "株式会社サンプルクラウド", "corporate_number": "9010401123456"},
  $_firm
  "roles": ["$3"],
  "schemes": ["*"],
  "qualifications": [],
  "key": {"public_key_file": "$2"},
  "valid_from": "2026-01-01T00:00:00Z",
  "valid_until": "2028-01-01T00:00:00Z"
}
JSON
}
export INKAN_NOW=2026-04-01T00:00:00Z
$INKAN registry init reg --operator-key op.key --name registry.test/interop --expires 2030-01-01 >/dev/null 2>&1
accreditation acc-aud.json aud.pub auditor "山田 花子" hanako@aozora.example
accreditation acc-mg.json mgmt.pub management "佐藤 一郎" ichiro@sample.example
accreditation acc-carol.json carol.pub auditor "Carol Q. Auditor" carol@example.test
for a in aud mg carol; do
	$INKAN registry accredit reg --key op.key acc-$a.json >acc-$a.id 2>/dev/null
done
check "the key made by ssh-keygen is accredited" test -s acc-carol.id
export INKAN_NOW=2026-06-01T00:00:00Z
expect 0 "the audit is registered" $INKAN registry add reg a.dsse.json
expect 0 "registry export allowed-signers" $INKAN registry export allowed-signers reg -o allowed
check "...one line per accreditation, operator key and log key" sh -c 'test "$(grep -vc "^#" allowed)" = 5'
check "...with the accreditation window and the namespaces" \
	grep -q "^$AUD,山田_花子,hanako@aozora.example namespaces=\"inkan,git\",valid-after=\"20260401000000Z\",valid-before=\"20271231235959Z\" ssh-ed25519 " allowed
check "...the log key for git commits only" sh -c \
	'grep ",inkan-log namespaces=\"git\"," allowed | grep -q " $($0 keys export-pub reg/.git/inkan/log.key --format ssh | cut -d" " -f2) "' "$INKAN"
check "...and the same key ssh-keygen made" sh -c 'grep "^$0," allowed | grep -q " $(cut -d" " -f2 carol_ssh.pub) "' "$CAROL"
expect 0 "export sshsig with management's key" $INKAN export sshsig a.dsse.json --key mgmt.key -o s
check "...writes s.payload and s.payload.sig" sh -c 'test -s s.payload && head -1 s.payload.sig | grep -qx -- "-----BEGIN SSH SIGNATURE-----"'
VT=-Overify-time=20260601000000Z
sshverify() { # sshverify PRINCIPAL NS SIG FILE [OPTION]
	quiet ssh-keygen -Y verify -f allowed -I "$1" -n "$2" -s "$3" \
		${5:-$VT} <"$4"
}
expect 0 "ssh-keygen -Y verify: the signature of management's key id" sshverify "$MG" inkan s.payload.sig s.payload
expect 0 "...and of management's name as principal" sshverify "佐藤_一郎" inkan s.payload.sig s.payload
check "ssh-keygen -Y find-principals finds the key id, name and email" sh -c \
	'ssh-keygen -Y find-principals -f allowed -s s.payload.sig $1 >fp && grep -qx "$0" fp && grep -qx ichiro@sample.example fp' "$MG" "$VT"
cp s.payload st.payload
sed -i 's/"opinion":"unmodified"/"opinion":"qualified!"/' st.payload
check "ssh-keygen rejects a changed payload" \
	fails "incorrect signature" sshverify "$MG" inkan s.payload.sig st.payload
check "ssh-keygen rejects it for another principal" \
	fails "Could not verify" sshverify "$AUD" inkan s.payload.sig s.payload
check "ssh-keygen rejects it in another namespace" \
	fails "namespace does not match" sshverify "$MG" git s.payload.sig s.payload
check "ssh-keygen accepts it in the last second of the accreditation's window" \
	sshverify "$MG" inkan s.payload.sig s.payload -Overify-time=20271231235959Z
check "ssh-keygen rejects it at the end of the window (valid_until is not in it)" \
	fails "expired" sshverify "$MG" inkan s.payload.sig s.payload -Overify-time=20280101000000Z
check "ssh-keygen rejects it before the accreditation was registered" \
	fails "not yet valid" sshverify "$MG" inkan s.payload.sig s.payload -Overify-time=20260331235959Z
expect 1 "export sshsig refuses a key that did not sign the envelope" $INKAN export sshsig a.dsse.json --key other.key -o so
# The operator signed the accreditations: its line is in the file too.
OPREC=$(find reg/records/signer -name '*.dsse.json' | head -n 1)
expect 0 "export sshsig of an accreditation with the operator's key" $INKAN export sshsig "$OPREC" --key op.key -o opsig
expect 0 "ssh-keygen verifies the operator as inkan-operator" sshverify inkan-operator inkan opsig.payload.sig opsig.payload
# A signature made by ssh-keygen itself with the imported key.
echo "a document carol signs with ssh-keygen" >doc.txt
ssh-keygen -Y sign -q -f carol_ssh -n inkan doc.txt
expect 0 "ssh-keygen's own signature by the accredited ssh key verifies against the file" \
	sshverify carol@example.test inkan doc.txt.sig doc.txt
export INKAN_NOW=2026-07-01T00:00:00Z
$INKAN registry status reg "$(cat acc-carol.id)" --action revoke --reason KEY-LOST --key op.key >/dev/null 2>&1
expect 0 "registry export allowed-signers after a revocation" $INKAN registry export allowed-signers reg -o allowed2
check "...leaves the revoked accreditation out, saying so" sh -c \
	'! grep -q "^$0," allowed2 && grep -q "^# left out: accreditation $1 is revoked" allowed2' "$CAROL" "$(cat acc-carol.id)"
check "...so ssh-keygen no longer accepts that key" fails "Could not verify" quiet ssh-keygen -Y verify -f allowed2 \
	-I carol@example.test -n inkan -s doc.txt.sig -Overify-time=20260701000000Z <doc.txt
check "...while the others stay" sh -c 'test "$(grep -vc "^#" allowed2)" = 4'
expect 0 "export allowed-signers to stdout" $INKAN registry export allowed-signers reg
check "...is the same file" cmp -s "$T/out" allowed2
# Operator keys across root versions: each line holds while its roots do.
cp -r reg rotated
export INKAN_NOW=2026-08-01T00:00:00Z
$INKAN keys generate --out op2 --no-passphrase >/dev/null 2>&1
$INKAN registry rotate-root rotated --key op.key --new-key op2.key --expires 2031-01-01 >/dev/null 2>&1
expect 0 "export allowed-signers after a root rotation" $INKAN registry export allowed-signers rotated -o allowed3
check "...the old operator key ends when the new root was integrated" \
	grep -q "^$($INKAN keys id op.pub),inkan-operator namespaces=\"inkan,git\",valid-after=\"20260401000000Z\",valid-before=\"20260731235959Z\" " allowed3
check "...the new one starts then and holds until the root expires" \
	grep -q "^$($INKAN keys id op2.pub),inkan-operator namespaces=\"inkan,git\",valid-after=\"20260801000000Z\",valid-before=\"20301231235959Z\" " allowed3
check "ssh-keygen: the old operator's signature holds before the rotation" \
	quiet ssh-keygen -Y verify -f allowed3 -I inkan-operator -n inkan -s opsig.payload.sig -Overify-time=20260701000000Z <opsig.payload
check "...and not after it" fails "key has expired" quiet ssh-keygen -Y verify -f allowed3 \
	-I inkan-operator -n inkan -s opsig.payload.sig -Overify-time=20260815000000Z <opsig.payload
# A registry whose accreditation was tampered with gives no file.
git clone -q reg tampered
python3 - "$(find tampered/records/signer -name '*.dsse.json' | head -n 1)" <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))
s = bytearray(base64.b64decode(e["signatures"][0]["sig"])); s[5] ^= 1
e["signatures"][0]["sig"] = base64.b64encode(bytes(s)).decode()
open(sys.argv[1], "w").write(json.dumps(e, separators=(",", ":")) + "\n")
PY
cp -a tampered tampered-unsigned
git -C tampered-unsigned -c user.name=t -c user.email=t@example.test commit -qam tamper
expect 5 "export allowed-signers refuses a HEAD the log key did not sign" \
	$INKAN registry export allowed-signers tampered-unsigned -o tampered-allowed
check "...naming the commit, and writes nothing" sh -c 'grep -q "not signed by the log key" "$0" && ! test -e tampered-allowed' "$T/err"
# (signed with the log key: its holder lying)
log_key_commit reg tampered tamper
expect 1 "export allowed-signers refuses an accreditation whose signature was changed" \
	$INKAN registry export allowed-signers tampered -o tampered-allowed
check "...naming it, and writes nothing" sh -c 'grep -q "operator keys" "$0" && ! test -e tampered-allowed' "$T/err"
export INKAN_NOW=2026-07-01T00:00:00Z
expect 2 "export allowed-signers of a folder that is no registry" $INKAN registry export allowed-signers node
expect 2 "an unknown registry export is refused" $INKAN registry export keyring reg
export INKAN_NOW=2026-06-01T00:00:00Z

# --- OSCAL assessment results -----------------------------------------
$INKAN disclose a.disclosures.json --select CC7.2 --select CC6.1 --select C1.2 -o picked.json >/dev/null 2>&1
expect 0 "export oscal with three disclosed items" \
	$INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub --disclosure picked.json -o a.oscal.json
expect 0 "...validates against the OSCAL 1.0.6 assessment-results schema" oscal_validate a.oscal.json
check "findings for exactly the disclosed items, with their results" python3 -c '
import json
r=json.load(open("a.oscal.json"))["assessment-results"]["results"][0]
f={x["target"]["target-id"]:x["target"]["status"]["state"] for x in r["findings"]}
assert f=={"CC7.2":"not-satisfied","CC6.1":"satisfied","C1.2":"satisfied"}, f
na=[x for x in r["findings"] if x["target"]["target-id"]=="C1.2"][0]
assert na["target"]["implementation-status"]["state"]=="not-applicable"
assert len(r["observations"])==2  # C1.2 was not tested'
check "reviewed controls are the record's controls_covered" python3 -c '
import json,base64
p=json.loads(base64.b64decode(json.load(open("a.dsse.json"))["payload"]))
r=json.load(open("a.oscal.json"))["assessment-results"]["results"][0]
ids=[c["control-id"] for c in r["reviewed-controls"]["control-selections"][0]["include-controls"]]
assert ids==p["predicate"]["controls_covered"], ids'
check "attestations carry the opinion and management's assertion" python3 -c '
import json
r=json.load(open("a.oscal.json"))["assessment-results"]["results"][0]
names=[p["name"] for a in r["attestations"] for p in a["parts"]]
assert "opinion" in names and "management-assertion" in names, names
op=[p for a in r["attestations"] for p in a["parts"] if p["name"]=="opinion"][0]
assert "unmodified" in op["prose"]'
check "back-matter has the subject documents with their SHA-256" python3 -c '
import json,base64
p=json.loads(base64.b64decode(json.load(open("a.dsse.json"))["payload"]))
res=json.load(open("a.oscal.json"))["assessment-results"]["back-matter"]["resources"]
h={l["href"]:l["hashes"][0] for r in res for l in r.get("rlinks",[])}
for s in p["subject"]:
    assert h[s["name"]]=={"algorithm":"SHA-256","value":s["digest"]["sha256"]}, h'
check "no confidential result of an undisclosed control appears" sh -c '! grep -q "CC6.2: \|A1.2: " a.oscal.json'
$INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub -o none.oscal.json >/dev/null
check "UUIDs are version 5 of the record id" python3 -c '
import json,sys,uuid
d=json.load(open("a.oscal.json"))["assessment-results"]
u=lambda part: str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:inkan:oscal:%s#%s" % (sys.argv[1], part)))
assert d["uuid"]==u("assessment-results?controls/C1.2&controls/CC6.1&controls/CC7.2")
assert json.load(open("none.oscal.json"))["assessment-results"]["uuid"]==u("assessment-results")
assert d["results"][0]["uuid"]==u("result")
assert d["back-matter"]["resources"][0]["uuid"]==u("record")
assert d["import-ap"]["href"]=="#"+u("record")
assert [f["uuid"] for f in d["results"][0]["findings"]]==[u("finding/controls/"+i) for i in ("C1.2","CC6.1","CC7.2")]' "$RID"
$INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub --disclosure picked.json -o again.oscal.json >/dev/null
check "the export is reproducible, byte for byte" cmp -s a.oscal.json again.oscal.json
$INKAN disclose a.disclosures.json --select CC7.2 -o d1.json >/dev/null 2>&1
$INKAN disclose a.disclosures.json --select C1.2 --select CC6.1 --select CC7.2 -o d2.json >/dev/null 2>&1
$INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub --disclosure d2.json --disclosure d1.json -o split.oscal.json >/dev/null
check "...whatever files the same items come in, in any order" cmp -s a.oscal.json split.oscal.json
expect 0 "export oscal --registry gives the same document" \
	$INKAN export oscal a.dsse.json --registry reg --disclosure picked.json
check "(identical)" cmp -s "$T/out" a.oscal.json
expect 0 "export oscal without disclosures" $INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub -o none.oscal.json
check "...has no findings at all" python3 -c '
import json; r=json.load(open("none.oscal.json"))["assessment-results"]["results"][0]
assert "findings" not in r and "observations" not in r'
check "...and validates" oscal_validate none.oscal.json
expect 0 "export oscal --lang ja" $INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub --disclosure picked.json --lang ja -o ja.oscal.json
check "...validates" oscal_validate ja.oscal.json
check "...in Japanese" grep -q "経営者の言明" ja.oscal.json
python3 -c '
import json
d=json.load(open("a.oscal.json"))
d["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"]="passed"
json.dump(d,open("broken.oscal.json","w"))'
expect 1 "the validator rejects a document that breaks the schema" oscal_validate broken.oscal.json
python3 -c '
import json
d=json.load(open("picked.json")); s=d["disclosures"][0]
d["disclosures"][0]=s.replace("exception","conformant") if "exception" in s else s.replace("conformant","exception")
json.dump(d,open("forged.json","w"))'
expect 1 "export oscal refuses a disclosure that is not the record's" \
	$INKAN export oscal a.dsse.json --key aud.pub --key mgmt.pub --disclosure forged.json -o forged.oscal.json
check "...and writes nothing" sh -c '! test -e forged.oscal.json'
python3 -c '
import json,base64
e=json.load(open("a.dsse.json"))
e["payload"]=base64.b64encode(base64.b64decode(e["payload"]).replace(b"unmodified",b"qualified!")).decode()
json.dump(e,open("changed.dsse.json","w"))'
expect 1 "export oscal refuses an envelope whose payload was changed" \
	$INKAN export oscal changed.dsse.json --key aud.pub --key mgmt.pub
expect 2 "export oscal needs keys or a registry" $INKAN export oscal a.dsse.json
expect 2 "export oscal of a record that is not an audit report" \
	$INKAN export oscal node/node.dsse.json --key node/node.pub

# ISMAP-style control ids ("9.2.1.1") are not OSCAL tokens.
python3 - a.json ismap.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8")); p = d["predicate"]
p.update({"scheme": "ismap-cloud", "level": "3", "audit_type": "direct",
  "report_type": "other", "engagement_standard": "ISMAP-style audit procedures (sample)",
  "criteria": {"framework": "sample", "catalog": "ismap-sample",
               "catalog_version": "sample-1", "categories": ["9"]},
  "statement_of_applicability": {"catalog_version": "sample-1", "selected": ["9.2.1.1", "9.2.1.2", "9.2.1.3"],
    "excluded": [{"id": "9.2.1.4", "reason": {"ja": "利用者の登録は顧客が自ら行うため", "en": "Customers register their own users"}}]},
  "controls": [
    {"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10},
    {"id": "9.2.1.2", "result": "exception", "procedures": ["inquiry"], "sample_size": 5,
     "reason": "two leavers kept access for 30 days"}],
  "public_disclosures": {"capital-and-officers": "外国資本なし", "foreign-law-exposure": "なし",
    "data-location-regions": "東京、大阪", "governing-law-and-jurisdiction": "日本法・東京地方裁判所",
    "third-party-penetration-test": "2026年1月に第三者が実施"}})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
$INKAN sign ismap.json --key aud.key -o ismap.dsse.json >/dev/null 2>&1
$INKAN sign ismap.dsse.json --key mgmt.key >/dev/null 2>&1
$INKAN disclose ismap.disclosures.json --select 9.2.1.2 -o ismap-picked.json >/dev/null 2>&1
expect 0 "export oscal of an ISMAP-style record" \
	$INKAN export oscal ismap.dsse.json --key aud.pub --key mgmt.pub --disclosure ismap-picked.json -o ismap.oscal.json
check "...validates" oscal_validate ismap.oscal.json
check "...with its control ids as OSCAL tokens and the ids themselves in props" python3 -c '
import json
r=json.load(open("ismap.oscal.json"))["assessment-results"]["results"][0]
ids=[c["control-id"] for c in r["reviewed-controls"]["control-selections"][0]["include-controls"]]
assert ids==["_9.2.1.1","_9.2.1.2"], ids
f=r["findings"][0]
assert f["target"]["target-id"]=="_9.2.1.2" and {"name":"control-id","ns":"urn:inkan:audit-report:v1","value":"9.2.1.2"} in f["props"]
names=[p["name"] for a in r["attestations"] for p in a["parts"]]
assert names.count("public-disclosure")==5, names'

# --- usage --------------------------------------------------------------
expect 0 "export -h" $INKAN export -h
check "...shows every export" sh -c 'for w in sigstore-bundle minisign sshsig oscal; do grep -q "inkan export $w" "$0" || exit 1; done' "$T/out"
expect 2 "an unknown export is refused" $INKAN export pgp a.dsse.json
expect 2 "export with no envelope" $INKAN export minisign --key aud.key
expect 2 "export of an envelope that is not there" $INKAN export sigstore-bundle nope.dsse.json
done_testing
