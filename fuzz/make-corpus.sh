#!/bin/sh
# Makes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) and
# fuzz/data/audit-statement.json with inkan itself, from the four fixed
# keys of fuzz/common.h (Ed25519 seeds = SHA-256 of their names).  Seeds
# are small genuine inputs: envelopes, Statements, drafts, checkpoints,
# proofs, disclosures, Markdown, CSV sheets and key files.  The corpora are
# made afresh (disclosure salts are random, so every run gives new
# record ids); a seed's file name is the SHA-1 of its bytes, as libFuzzer
# names them.  Crashes kept in fuzz/regress/ are not touched.
#
# usage: sh fuzz/make-corpus.sh            (uses build/inkan)
#        INKAN=/path/to/inkan sh fuzz/make-corpus.sh
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
INKAN=${INKAN:-$src/build/inkan}
case $INKAN in /*) ;; *) INKAN=$(pwd)/$INKAN ;; esac
corpus=$src/fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus" "$src/fuzz/data"
w=$(mktemp -d "${TMPDIR:-/tmp}/inkan-corpus.XXXXXX")
trap 'rm -rf "$w"' EXIT
cd "$w"
unset INKAN_PASSPHRASE_FILE INKAN_LOG_KEY
export INKAN_CATALOGS="$src/catalogs"

# seed TARGET FILE [PREFIX_BYTE_OCTAL]: adds FILE (after the optional
# one-byte prefix) to TARGET's corpus.
seed() {
	mkdir -p "$corpus/$1"
	if [ $# -ge 3 ]; then
		{ printf "\\$3"; cat "$2"; } >"$w/.seed"
	else
		cp "$2" "$w/.seed"
	fi
	h=$(sha1sum "$w/.seed" | cut -c1-40)
	cp "$w/.seed" "$corpus/$1/$h"
}
# seeds TARGET TEXT: a seed from a string.
seeds() {
	printf '%s' "$2" >"$w/.text"
	seed "$1" "$w/.text"
}

key() { # key NAME PREFIX: the fixed key NAME as PREFIX.key and PREFIX.pub
	hex=$(printf '%s' "$1" | openssl dgst -sha256 -r | cut -c1-64)
	printf '302e020100300506032b657004220420%s' "$hex" | xxd -r -p |
		openssl pkey -inform DER -out "$2.key"
	"$INKAN" keys export-pub "$2.key" -o "$2.pub" >/dev/null
}
key "inkan fuzz key A" aud
key "inkan fuzz key B" mgmt
key "inkan fuzz key C" op
key "inkan fuzz key D" log
AUD=$("$INKAN" keys id aud.pub)
MG=$("$INKAN" keys id mgmt.pub)

# The registry of fuzz/fuzz_registry.c, made the same way.
export INKAN_NOW=2026-04-01T00:00:00Z
"$INKAN" registry init reg --operator-key op.key --log-key log.key \
	--name fuzz.test/log --expires 2030-01-01 >/dev/null 2>&1
for r in auditor:aud management:mgmt; do
	role=${r%%:*}
	cat >acc-$role.json <<JSON
{"person": {"name": "fuzz $role"},
"organisation": {"name": "fuzz", "corporate_number": "1234567890123"},
"roles": ["$role"], "schemes": ["*"],
"key": {"public_key_file": "${r#*:}.pub"},
"valid_from": "2026-01-01T00:00:00Z",
"valid_until": "2028-01-01T00:00:00Z"}
JSON
	"$INKAN" registry accredit reg --key op.key acc-$role.json >/dev/null
	seed registry acc-$role.json 001
	seed json acc-$role.json
done
export INKAN_NOW=2026-06-01T00:00:00Z

# An audit report, signed by both roles.
"$INKAN" new audit-report >new.json
python3 "$src/tests/fixtures/fill-draft.py" auditor="$AUD" management="$MG" \
	<new.json >audit.json
"$INKAN" new audit-report >draft-commented.json
"$INKAN" sign audit.json --key aud.key --role auditor -o audit.dsse.json \
	>/dev/null 2>&1
cp audit.dsse.json audit-one.dsse.json
"$INKAN" sign audit.dsse.json --key mgmt.key --role management >/dev/null 2>&1
"$INKAN" registry add reg audit.dsse.json >/dev/null
RID=$("$INKAN" verify audit.dsse.json --key aud.pub --key mgmt.pub --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')
"$INKAN" registry status reg "$RID" --action suspend --reason FUZZ \
	--text "a status record" --key op.key >/dev/null

# Other envelopes: raw, keyid-less, URL-safe base64, a draft of a
# generic record with declared signers.
printf 'hello, fuzz' >msg
"$INKAN" sign --raw --payload-type text/plain --key aud.key msg \
	-o raw.dsse.json >/dev/null 2>&1
python3 - <<'PY'
import json, base64
e = json.load(open("audit.dsse.json"))
for s in e["signatures"]:
    s.pop("keyid")
open("nokeyid.dsse.json", "w").write(json.dumps(e))
e = json.load(open("raw.dsse.json"))
p = base64.b64decode(e["payload"])
e["payload"] = base64.urlsafe_b64encode(p).decode().rstrip("=")
open("urlsafe.dsse.json", "w").write(json.dumps(e))
PY
cat >generic.json <<JSON
{"predicateType": "urn:inkan:test-record:v1",
 "subject": [{"name": "msg", "file": "msg"}],
 "predicate": {"title": "x", "n": 1,
   "validity": {"not_before": "2026-01-01T00:00:00Z",
                "not_after": "2027-01-01T00:00:00Z"},
   "signers": [{"role": "auditor", "keyid": "$AUD"},
               {"role": "management", "keyid": "$MG"}]}}
JSON
"$INKAN" sign generic.json --key aud.key --role auditor -o generic.dsse.json \
	>/dev/null 2>&1
"$INKAN" sign generic.dsse.json --key mgmt.key --role management >/dev/null 2>&1

for e in audit.dsse.json audit-one.dsse.json raw.dsse.json \
    nokeyid.dsse.json urlsafe.dsse.json generic.dsse.json; do
	seed dsse $e
	seed registry $e 000
done
for f in $(git -C reg ls-files records root); do
	git -C reg show HEAD:"$f" >rec
	seed registry rec 000
	seed dsse rec
done
git -C reg show HEAD:root/1.root.json >root1
seed registry root1 002
git -C reg show HEAD:log/leaves >leaves
seed registry leaves 003

# Payloads, drafts and other JSON.
for e in audit.dsse.json generic.dsse.json; do
	python3 -c 'import json,base64,sys
sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))' \
		$e >payload
	seed json payload
	seed kind payload
done
python3 -c 'import json,base64,sys
sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))' \
	audit.dsse.json >"$src/fuzz/data/audit-statement.json.tmp"
mv "$src/fuzz/data/audit-statement.json.tmp" "$src/fuzz/data/audit-statement.json"
sed 's/"file": "msg"/"digest": {"sha256": "'"$(sha256sum msg | cut -c1-64)"'"}/' \
	generic.json >generic-digest.json
for f in audit.json draft-commented.json generic-digest.json; do
	seed kind $f
	seed json $f
done
seeds json '{"a":[1,-0,1e2,9007199254740991,"\u00e9\ud83d\ude00",true,false,null],"b":{"c":{}}}'
seeds json '[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]'
seeds json '{"payload":"a","\u0070ayload":"b"}'

# Disclosures: the bundle, a selection and single items.
"$INKAN" disclose audit.disclosures.json --select CC6.1 -o cc61.json \
	>/dev/null 2>&1
seed disclosure audit.disclosures.json
seed disclosure cc61.json
python3 - <<'PY'
import json
b = json.load(open("audit.disclosures.json"))
for i, d in enumerate(b["disclosures"][:3]):
    open("item%d" % i, "w").write(d)
PY
for i in item0 item1 item2; do seed disclosure $i; done

# Checkpoints, verifier keys, proofs.
"$INKAN" registry checkpoint reg >checkpoint
"$INKAN" registry checkpoint reg --vkey | tr -d '\n' >vkey
seed note checkpoint
seed note vkey
awk 'BEGIN{p=1} /^$/{p=0} p' checkpoint >body
seed note body
{ echo "$RID"; "$INKAN" registry proof reg "$RID"; } >proof
seed proof proof
ROOT=$(git -C reg show HEAD:log/leaves | head -1 | cut -d' ' -f1)
{ echo "$ROOT"; "$INKAN" registry proof reg "$ROOT"; } >proof2
seed proof proof2

# Public key files in every format inkan reads.
for f in pem ssh minisign; do
	"$INKAN" keys export-pub aud.key --format $f -o aud-$f.pub >/dev/null 2>&1
	seed keys aud-$f.pub
done
seed keys mgmt.pub

# Base64 and hex.
for s in "" "QQ==" "QUI=" "QUJD" "QUJDRA" "-_-_" "+/+/" "AAAA" \
    "3q2+7w==" "3q2-7w" "00ff"; do
	seeds b64 "$s"
done
python3 -c 'import json; print(json.load(open("audit.dsse.json"))["signatures"][0]["sig"], end="")' >sig
seed b64 sig

# Markdown: the draft's texts and some of the shapes that matter.
python3 - <<'PY'
import json, re
t = re.sub(r'(?m)^\s*//.*$', '', open("new.json").read())
p = json.loads(t)["predicate"]
for i, k in enumerate(["management_assertion", "system_boundaries",
                       "principal_commitments", "scope_summary"]):
    v = p[k]
    open("md%d" % i, "w").write(v["en"] if isinstance(v, dict) else v)
PY
for i in md0 md1 md2 md3; do seed markdown $i; done
seeds markdown '# Title
[a link](https://example.com "t") and ![img](data:image/png;base64,AAAA)
<div onclick="x">raw</div> <script>alert(1)</script>
[x]: javascript:alert(1)
[ref][x] <https://example.org> `code` **bold** _em_

> quote

- item
1. one'
seeds markdown '[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](vbscript:x) [d](file:///etc/passwd) [e](data:text/html,x)'
seeds markdown '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'

# SCS sheets: the exported sheet, a filled one, and the criteria list.
"$INKAN" scs sheet export --catalog scs-star3 --format csv -o sheet.csv \
	>/dev/null 2>&1
python3 - <<'PY'
import csv
rows = list(csv.reader(open("sheet.csv", encoding="utf-8-sig")))
out = open("filled.csv", "w", encoding="utf-8", newline="")
w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
w.writerow(rows[0])
for r in rows[1:]:
    r[4], r[5], r[6], r[7], r[8], r[9] = ("対応済", "規程あり", "文書類",
                                          "適合", "確認した", "満たす")
    w.writerow(r)
out.close()
small = open("small.csv", "w", encoding="utf-8", newline="")
w = csv.writer(small, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
w.writerow(rows[0])
for r in rows[1:6]:
    w.writerow(r)
small.close()
PY
seed scs_csv filled.csv
seed scs_csv small.csv
head -c 4000 "$src/tests/fixtures/scs-star3-criteria.csv" |
	sed '$d' >criteria-head.csv
seed scs_csv criteria-head.csv
seeds scs_csv 'a,b,"c ""quoted"" d"
1,2,3
'
echo "fuzz: seeds in $corpus:"
for d in "$corpus"/*; do
	echo "  $(basename "$d"): $(ls "$d" | wc -l)"
done
