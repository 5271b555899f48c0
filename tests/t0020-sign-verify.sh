#!/bin/sh
# Signing drafts and envelopes, verifying them, and every way a tampered,
# forged, malformed or oversized input must fail, with its exit code.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2

$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out mgmt --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out other --no-passphrase >/dev/null 2>&1
A=$($INKAN keys id aud.pub)
M=$($INKAN keys id mgmt.pub)
echo "the full audit report" >report.pdf
cat >draft.json <<JSON
{
  // an audit-like record for two signers
  "predicateType": "urn:inkan:test-record:v1",
  "subject": [{"name": "report.pdf", "file": "report.pdf"}],
  "predicate": {
    "title": "監査報告書 2026",
    "validity": {"not_before": "2026-01-01T00:00:00Z",
                 "not_after": "2027-01-01T00:00:00Z"},
    "signers": [
      {"role": "auditor", "keyid": "$A", "name": "山田 花子"},
      {"role": "management", "keyid": "$M", "name": "佐藤 一郎"}
    ]
  }
}
JSON
export INKAN_NOW=2026-06-01T00:00:00Z

expect 0 "auditor signs the draft" $INKAN sign draft.json --key aud.key --role auditor
check "sign prints the record id" out_has '^sha256:[0-9a-f]\{64\}$'
rid=$(cat "$T/out")
check "the envelope is written beside the draft" test -f draft.dsse.json
check "the payload is the canonical Statement" python3 -c '
import json,base64,sys
e=json.load(open("draft.dsse.json")); p=base64.b64decode(e["payload"])
d=json.loads(p); assert d["_type"]=="https://in-toto.io/Statement/v1"
assert p.decode()==json.dumps(d,sort_keys=True,separators=(",",":"),ensure_ascii=False)
import hashlib; assert d["subject"][0]["digest"]["sha256"]==hashlib.sha256(open("report.pdf","rb").read()).hexdigest()
assert "file" not in d["subject"][0]; assert d["predicate"]["signed_at"]=="2026-06-01T00:00:00Z"'
expect 1 "with only the auditor's signature the record is incomplete" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub
check "it names the missing management signature" out_has "declared management"
cp draft.dsse.json one.dsse.json
expect 0 "management adds its signature" $INKAN sign draft.dsse.json --key mgmt.key --role management
check "adding a signature keeps the record id" test "$(cat "$T/out")" = "$rid"
expect 0 "both signatures verify with both keys" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub
expect 0 "verify -q of a valid envelope" $INKAN verify -q draft.dsse.json --key aud.pub --key mgmt.pub
check "...prints nothing" test ! -s "$T/out" -a ! -s "$T/err"
expect 1 "verify -q of an envelope one key does not verify" $INKAN verify -q draft.dsse.json --key aud.pub
check "...still says why" out_has "NOT valid"
check "the roles are shown" sh -c 'grep -q "auditor" "$0" && grep -q "management" "$0"' "$T/out"
expect 1 "with one key missing the record does not verify" $INKAN verify draft.dsse.json --key aud.pub --json
check "--json shows which signature failed" python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))[0]
s={x["index"]:x for x in r["signatures"]}
assert s[1]["verified"] and s[1]["role"]=="auditor" and not s[2]["verified"]
assert r["exit_code"]==1' "$T/out"
expect 1 "a key of another role cannot sign as auditor" $INKAN sign draft.dsse.json --key mgmt.key --role auditor
expect 1 "an undeclared key cannot sign" $INKAN sign draft.dsse.json --key other.key
expect 2 "an unknown role is a usage error" $INKAN sign draft.dsse.json --key aud.key --role boss
expect 1 "a wrong key does not verify" $INKAN verify draft.dsse.json --key other.pub
expect 2 "verify refuses a private key" $INKAN verify draft.dsse.json --key aud.key
expect 2 "verify without keys cannot answer" $INKAN verify draft.dsse.json

expect 0 "the right artifact matches a subject" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub --artifact report.pdf
echo "another file" >other.pdf
expect 1 "a different artifact does not" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub --artifact other.pdf
expect 3 "after the validity window: exit 3" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub --at 2027-06-01
expect 3 "before the validity window: exit 3" $INKAN verify draft.dsse.json --key aud.pub --key mgmt.pub --at 2025-06-01T00:00:00Z
expect 2 "a malformed --at" $INKAN verify draft.dsse.json --key aud.pub --at tomorrow

# Tampering, each on a copy of the good envelope.
tamper() { python3 - "$@" <<'PY'
import json,base64,sys
e=json.load(open("draft.dsse.json")); how=sys.argv[1]
if how=="payload":
    p=bytearray(base64.b64decode(e["payload"])); p[40]^=1; e["payload"]=base64.b64encode(bytes(p)).decode()
elif how=="sig":
    s=bytearray(base64.b64decode(e["signatures"][0]["sig"])); s[5]^=1
    for x in e["signatures"]: x["sig"]=base64.b64encode(bytes(s)).decode()
elif how=="type":
    e["payloadType"]="application/vnd.in-toto+jsonx"
sys.stdout.write(json.dumps(e,separators=(",",":")))
PY
}
tamper payload >t-payload.json
expect 1 "a flipped payload byte fails" $INKAN verify t-payload.json --key aud.pub --key mgmt.pub
check "the failure is one line per check" out_has "not verified by any given key"
tamper sig >t-sig.json
expect 1 "a flipped signature byte fails" $INKAN verify t-sig.json --key aud.pub --key mgmt.pub
tamper type >t-type.json
expect 1 "a changed payloadType fails" $INKAN verify t-type.json --key aud.pub --key mgmt.pub
sed 's/^{/{"payload":"e30=",/' draft.dsse.json >t-dup.json
expect 2 "a duplicate JSON key is refused" $INKAN verify t-dup.json --key aud.pub
check "the reason names the duplicate key" err_has "duplicate key 'payload'"
check "...said once: on stderr, with the verdict alone on stdout" sh -c \
    '! grep -q "duplicate key" "$0" && grep -q ": could not be checked$" "$0" && test "$(grep -c "duplicate key" "$1")" = 1' "$T/out" "$T/err"
python3 -c '
import json; e=json.load(open("draft.dsse.json"))
s=e["signatures"][0]["sig"]; assert s.endswith("==")
c="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
e["signatures"][0]["sig"]=s[:-3]+c[c.index(s[-3])+1]+"=="
open("t-b64.json","w").write(json.dumps(e))'
expect 2 "non-canonical base64 is refused" $INKAN verify t-b64.json --key aud.pub
check "the reason says non-canonical" err_has "non-canonical"
head -c 200 draft.dsse.json >t-trunc.json
expect 2 "a truncated envelope is refused" $INKAN verify t-trunc.json --key aud.pub
: >t-empty.json
expect 2 "an empty file is refused" $INKAN verify t-empty.json --key aud.pub
head -c 100000000 /dev/zero | tr '\0' ' ' >t-big.json
expect 2 "a 100 MB file is refused at the size limit" $INKAN verify t-big.json --key aud.pub
check "the reason names the limit" err_has "limit"
rm -f t-big.json
printf '{"payload":"e30=","payloadType":"x","signatures":[],"extra":1}' >t-extra.json
expect 2 "an unknown envelope field is refused" $INKAN verify t-extra.json --key aud.pub
printf '{"payload":"e30=","payloadType":"x","signatures":[]}' >t-nosig.json
expect 1 "an envelope without signatures is not valid" $INKAN verify t-nosig.json --key aud.pub
printf '\377\376{}' >t-utf.json
expect 2 "invalid UTF-8 is refused" $INKAN verify t-utf.json --key aud.pub
expect 2 "a missing file" $INKAN verify nope.json --key aud.pub

expect 1 "several envelopes: the most serious result wins (no over expired)" $INKAN verify draft.dsse.json one.dsse.json --key aud.pub --key mgmt.pub --at 2028-01-01
check "each envelope has its line" sh -c 'grep -c "^draft.dsse.json: \|^one.dsse.json: " "$0" | grep -qv "^[01]$"' "$T/out"

# Drafts with problems: every one listed, nothing written.
cat >bad.json <<JSON
{
  "predicateType": "urn:inkan:test-record:v1",
  "subject": [{"name": "x", "digest": {"sha256": "abc"}}],
  "predicate": {"signers": [{"role": "wizard", "keyid": "$A"}],
                "validity": {"not_before": "2027-01-01T00:00:00Z", "not_after": "2026-01-01T00:00:00Z"}},
  "extra": true
}
JSON
expect 1 "a draft breaking rules is refused" $INKAN sign bad.json --key aud.key
check "every problem is listed" test "$(grep -c '^inkan: sign:' "$T/err")" -ge 4
check "nothing was written" test ! -e bad.dsse.json
printf '{"predicateType": ' >broken.json
expect 2 "an unreadable draft" $INKAN sign broken.json --key aud.key
check "the error gives line and column" err_has "line 1 column"
printf '{"a":1,"a":2}' >dupdraft.json
expect 2 "a draft with a duplicate key" $INKAN sign dupdraft.json --key aud.key

# Re-signing a draft never silently replaces a signed envelope.
cp draft.dsse.json keep.json
expect 2 "signing the draft again refuses to replace its envelope" $INKAN sign draft.json --key aud.key --role auditor
check "the signed envelope is untouched" cmp -s draft.dsse.json keep.json
check "the refusal says how to add a signature" err_has "sign that envelope"
cp draft.json d2.json
$INKAN sign d2.json --key aud.key --role auditor >/dev/null 2>&1
expect 0 "--force replaces on purpose" $INKAN sign d2.json --key aud.key --role auditor --force
expect 2 "a malformed INKAN_NOW is refused, not ignored" env INKAN_NOW=yesterday $INKAN verify draft.dsse.json --key aud.pub

# Batches: many files in one run; a bad one does not stop the others.
for n in 1 2 3; do sed "s/監査報告書 2026/batch $n/" draft.json >b$n.json; done
printf '{"a":1,"a":2}' >b4.json
printf 'b1.json\nb2.json\nb4.json\nb3.json\n' >list
expect 2 "batch sign reports the bad draft and signs the others" $INKAN sign --files-from list --key aud.key --role auditor
check "the three good drafts were signed" sh -c 'test -f b1.dsse.json && test -f b2.dsse.json && test -f b3.dsse.json'
check "one record id printed per signed draft" test "$(wc -l <"$T/out")" -eq 3
check "the bad one is named" err_has "b4.json"
expect 0 "batch: management signs all three envelopes" $INKAN sign b1.dsse.json b2.dsse.json b3.dsse.json --key mgmt.key --role management
printf 'b1.dsse.json\nb2.dsse.json\n' >vlist
expect 0 "batch verify from --files-from and operands" $INKAN verify --files-from vlist b3.dsse.json --key aud.pub --key mgmt.pub
check "one line per envelope" test "$(grep -c ': valid: ' "$T/out")" -eq 3
expect 2 "-o with several files is refused" $INKAN sign b1.json b2.json --key aud.key -o x.json
expect 2 "a missing --files-from list" $INKAN verify --files-from nolist --key aud.pub

# A batch is prepared on several threads and written in the order of the
# list: record ids and messages come in that order, every bad file is
# refused with its own message, a file named twice is refused the second
# time, and an envelope made earlier in the same run is signed after it.
for n in $(seq 1 40); do sed "s/監査報告書 2026/order $n/" draft.json >o$n.json; done
printf '{"a":1,"a":2}' >o-dup.json
printf '{"predicateType": ' >o-broken.json
O=$($INKAN keys id other.pub)
sed "s/\"keyid\": \"$A\"/\"keyid\": \"$O\"/" draft.json >o-forged.json
{ for n in $(seq 1 40); do
	echo "o$n.json"
	[ "$n" = 3 ] && echo "o3.dsse.json"
	[ "$n" = 5 ] && echo "o-dup.json"
	[ "$n" = 20 ] && echo "o-forged.json"
	[ "$n" = 30 ] && echo "o-broken.json"
done; echo "./o7.json"; echo "$PWD/o8.json"; } >olist
expect 2 "a threaded batch refuses the bad files and signs the others" $INKAN sign --files-from olist --key aud.key --role auditor
check "record ids come in the order of the list" python3 -c '
import base64,hashlib,json,sys
want=[]
for f in open("olist").read().split():
    if f in ("o-dup.json","o-broken.json","o-forged.json","./o7.json") or f.startswith("/"): continue
    e=json.load(open(f if f.endswith(".dsse.json") else f[:-5]+".dsse.json"))
    want.append("sha256:"+hashlib.sha256(base64.b64decode(e["payload"])).hexdigest())
got=open(sys.argv[1]).read().split()
sys.exit(0 if got==want and len(got)==41 else 1)' "$T/out"
check "messages come in the order of the list" sh -c '
	a=$(grep -n "o-dup.json" "$0" | head -1 | cut -d: -f1)
	b=$(grep -n "is not the declared" "$0" | head -1 | cut -d: -f1)
	c=$(grep -n "o-broken.json" "$0" | head -1 | cut -d: -f1)
	d=$(grep -n "o7.dsse.json. already exists" "$0" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ -n "$d" ] &&
	[ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] && [ "$c" -lt "$d" ]' "$T/err"
check "the same draft under another name is refused, not signed over" err_has "/o8.dsse.json' already exists"
check "the forged signer was refused, nothing written" test ! -e o-forged.dsse.json
check "the envelope of o3 holds one signature" python3 -c '
import json; assert len(json.load(open("o3.dsse.json"))["signatures"])==1'
check "every envelope of the batch verifies" sh -c '
	for n in $(seq 1 40); do echo o$n.dsse.json; done >vlist2
	$0 sign --files-from vlist2 --key mgmt.key --role management -q >/dev/null &&
	$0 verify --files-from vlist2 --key aud.pub --key mgmt.pub -q >/dev/null' "$INKAN"
expect 1 "a forged signer alone is a definite no (exit 1)" $INKAN sign o-forged.json --key aud.key --role auditor
# An encrypted key in a threaded batch: decrypted when a first file has
# passed its checks; a wrong passphrase fails each file in list order,
# between the other files' messages, and nothing is written.
printf 'batch pass\n' >pw.txt
printf 'not it\n' >pw-wrong.txt
$INKAN keys generate --out enc --passphrase-file pw.txt >/dev/null 2>&1
EK=$($INKAN keys id enc.pub)
for n in 1 2 3; do sed "s/\"keyid\": \"$A\"/\"keyid\": \"$EK\"/; s/監査報告書 2026/enc $n/" draft.json >e$n.json; done
printf 'o-dup.json\ne1.json\no-broken.json\ne2.json\ne3.json\n' >elist
expect 2 "a wrong passphrase fails every file of the batch" $INKAN sign --files-from elist --key enc.key --role auditor --passphrase-file pw-wrong.txt
check "...in list order, between the other messages" sh -c '
	grep "^inkan: sign:" "$0" | sed "s/.*o-dup.json.*/dup/; s/.*o-broken.json.*/broken/; s/.*wrong passphrase.*/pass/" |
	uniq | tr "\n" " " | grep -qx "dup pass broken pass "' "$T/err"
check "...three times, once per good file" test "$(grep -c "wrong passphrase" "$T/err")" -eq 3
check "...and nothing was written" sh -c '! ls e*.dsse.json >/dev/null 2>&1'
expect 2 "with the right passphrase the good files are signed" $INKAN sign --files-from elist --key enc.key --role auditor --passphrase-file pw.txt
check "...all three" sh -c 'test -f e1.dsse.json && test -f e2.dsse.json && test -f e3.dsse.json && test "$(wc -l <"$0")" -eq 3' "$T/out"

# Raw signing.
printf 'hello world' >msg
expect 0 "sign --raw" $INKAN sign --raw --payload-type text/plain --key aud.key msg -o msg.dsse.json
expect 0 "a raw envelope verifies" $INKAN verify msg.dsse.json --key aud.pub
expect 1 "--artifact against a raw payload is refused, not ignored" $INKAN verify msg.dsse.json --key aud.pub --artifact msg
expect 2 "--raw takes no role" $INKAN sign --raw --payload-type text/plain --key aud.key --role auditor msg -o x.json
expect 2 "--raw needs --payload-type" $INKAN sign --raw --key aud.key msg
done_testing
