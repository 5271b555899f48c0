#!/bin/sh
# Audit reports end to end: the draft from 'inkan new audit-report', both
# signatures, verification with both roles, the SOC 3-style summary with
# nothing confidential in it, selective disclosure and every way a
# disclosed item can be forged, artifacts, and draft errors.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
AT="--at 2026-06-01"

$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out mgmt --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out other --no-passphrase >/dev/null 2>&1
A=$($INKAN keys id aud.pub)
M=$($INKAN keys id mgmt.pub)
printf '%%PDF-1.7\n%% the full SOC 2 Type 2 report, confidential\n' >report.pdf
printf '%%PDF-1.7\n%% some other document\n' >other.pdf

# edit IN OUT PYTHON: loads a draft (dropping its // comment lines), runs
# PYTHON on d (the draft) and p (its predicate), writes OUT.
edit() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
src = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
       if not l.strip().startswith("//")]
d = json.loads("\n".join(src)); p = d["predicate"]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}
# payload ENVELOPE: the decoded payload bytes.
payload() {
	python3 -c 'import json,base64,sys
sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))' "$1"
}

# --- the draft -------------------------------------------------------
expect 0 "inkan new audit-report prints a draft" $INKAN new audit-report
cp "$T/out" draft.json
check "the draft explains its fields in // comments" \
	test "$(grep -c '^ *//' draft.json)" -ge 60
check "the draft names the predicate type" grep -q '"urn:inkan:audit-report:v1"' draft.json
expect 2 "audit-report takes no --level" $INKAN new audit-report --level 3
expect 2 "an unknown kind of draft" $INKAN new audit-rapport
expect 1 "the draft as printed does not sign (no key ids yet)" $INKAN sign draft.json --key aud.key
check "it says the key ids are missing" err_has "keyid must be the signer's 64-hex key id"
check "nothing was written" test ! -e draft.dsse.json

# Fill in the key ids, and bind the real report instead of the example.
sed -e "s/<auditor key id>/$A/" -e "s/<management key id>/$M/" \
	-e 's/"digest": {"sha256": "[0-9a-f]*"}/"file": "report.pdf"/' \
	draft.json >filled.json
check "the draft bound the example digest" grep -q '"file": "report.pdf"' filled.json

# --- signing and verifying -------------------------------------------
expect 0 "the auditor signs the filled draft" $INKAN sign filled.json --key aud.key --role auditor -o report.dsse.json
rid=$(cat "$T/out")
check "sign prints the record id" test "$(printf %s "$rid" | grep -c '^sha256:[0-9a-f]\{64\}$')" = 1
check "the private bundle is written beside the envelope" test -f report.disclosures.json
check "the bundle is readable by its owner only (0600)" test "$(stat -c %a report.disclosures.json)" = 600
check "the bundle names the record" grep -q "\"record_id\": \"$rid\"" report.disclosures.json
check "the bundle holds one disclosure per control (5)" python3 -c '
import json; b=json.load(open("report.disclosures.json"))
assert b["format"]=="inkan-disclosures/v1" and len(b["disclosures"])==5'
expect 1 "with the auditor's signature alone the record is incomplete" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT
check "it names the missing management signature" out_has "declared management"
expect 1 "the auditor's key cannot sign as management" $INKAN sign report.dsse.json --key aud.key --role management
expect 0 "management adds its signature" $INKAN sign report.dsse.json --key mgmt.key --role management
check "the record id does not change" test "$(cat "$T/out")" = "$rid"
expect 0 "both signatures verify: exit 0" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT
check "both roles are shown" sh -c 'grep -q "signed by auditor [0-9a-f]*, management" "$0"' "$T/out"
expect 0 "verify --json reports the audit rules as met" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --json
check "the rules check passed" python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))[0]
c=[x for x in r["checks"] if x["check"]=="rules"]
assert c and all(x["result"]=="ok" for x in c), c
assert sorted(s["role"] for s in r["signatures"])==["auditor","management"]' "$T/out"
expect 1 "a key that did not sign does not verify" $INKAN verify report.dsse.json --key other.pub $AT
expect 3 "after its validity (one year from period_end): exit 3" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub --at 2027-03-31
expect 0 "on its last day (JST) it is still valid" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub --at 2027-03-30T14:59:59Z

# --- artifacts -------------------------------------------------------
expect 0 "--artifact with the right report PDF" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --artifact report.pdf --json
check "it names the subject it matched" out_has "'report.pdf' is subject 'soc2-type2-report-2026.pdf'"
expect 1 "--artifact with a different file" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --artifact other.pdf
check "it says the file matches no subject" out_has "matches no subject"

# --- nothing confidential in the public record -----------------------
# The texts of every control (reasons, test descriptions) and the result
# words, taken from the private bundle.
python3 -c '
import json
b = json.load(open("report.disclosures.json"))
for d in b["disclosures"]:
    v = json.loads(d)[2]
    for k in ("reason", "test"):
        if k in v: print(v[k])
    print(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
' >secrets.txt
check "there are confidential texts to look for" test "$(wc -l <secrets.txt)" -ge 8
payload report.dsse.json >payload.json
check "the payload carries the digests" grep -q '"disclosure_digests":\["' payload.json
no_secret() { # FILE...: none of secrets.txt, nor a result word, in FILE
	for f in "$@"; do
		while IFS= read -r s; do
			grep -qF -- "$s" "$f" && { echo "# '$s' found in $f"; return 1; }
		done <secrets.txt
		grep -qE 'exception|not-applicable|sample_size|re-performance|"procedures"' "$f" &&
			{ echo "# a result word found in $f"; return 1; }
	done
	return 0
}
check "the envelope and its payload hold no cleartext of any control" no_secret report.dsse.json payload.json
# The twin: the same search finds them where they are.
if no_secret report.disclosures.json >/dev/null; then
	not_ok "the search finds the confidential texts in the private bundle"
else
	ok "the search finds the confidential texts in the private bundle"
fi

# --- the SOC 3-style summary -----------------------------------------
expect 0 "summary in Markdown, English" $INKAN summary report.dsse.json --lang en -o sum-en.md
check "it has the opinion" grep -q "Unmodified opinion" sum-en.md
check "it has management's assertion" grep -q "suitably designed and operated effectively" sum-en.md
check "it has the system boundaries" grep -q "Out of scope: customers' devices" sum-en.md
check "it has the principal commitments" grep -q "Monthly availability of at least 99.9%" sum-en.md
check "it has the categories covered" sh -c 'grep -q "Security" "$0" && grep -q "Availability" "$0" && grep -q "Confidentiality" "$0"' sum-en.md
check "it has the period" grep -q "2025-04-01 – 2026-03-31" sum-en.md
check "it has the signers" sh -c 'grep -q "山田 花子" "$0" && grep -q "佐藤 一郎" "$0"' sum-en.md
check "it says the signatures were not verified" grep -q "NOT been verified" sum-en.md
check "and points to inkan verify" grep -q "inkan verify" sum-en.md
expect 0 "summary in HTML, Japanese" $INKAN summary report.dsse.json --format html --lang ja -o sum-ja.html
check "the HTML sets lang=ja" grep -q '<html lang="ja">' sum-ja.html
check "it has the opinion in Japanese" grep -q "無限定意見" sum-ja.html
check "Markdown is rendered (bold, lists)" sh -c 'grep -q "<strong>適切に設計され" "$0" && grep -q "<li>月間稼働率" "$0"' sum-ja.html
check "row headers have a scope" grep -q '<th scope="row">' sum-ja.html
check "dates are <time> elements" grep -q '<time datetime="2026-03-31">' sum-ja.html
expect 0 "summary in HTML, English" $INKAN summary report.dsse.json --format html --lang en -o sum-en.html
check "the HTML sets lang=en" grep -q '<html lang="en">' sum-en.html
expect 0 "summary as JSON" $INKAN summary report.dsse.json --format json --lang en -o sum.json
check "the JSON has the public fields and says it is unverified" python3 -c '
import json; s=json.load(open("sum.json"))
assert s["format"]=="inkan-summary/v1" and s["signatures_verified"] is False
assert s["opinion"]["opinion"]=="unmodified" and s["record_id"].startswith("sha256:")
assert [c["id"] for c in s["criteria"]["categories"]]==["security","availability","confidentiality"]
assert s["period"]["period_end"]=="2026-03-31" and s["criteria"]["controls_in_scope"]==5
assert "controls" not in s and "disclosure_digests" not in json.dumps(s)'
$INKAN summary report.dsse.json --lang ja -o sum-ja.md 2>/dev/null
$INKAN summary report.dsse.json --format json --lang ja -o sum-ja.json 2>/dev/null
check "no summary holds any confidential item" no_secret sum-en.md sum-ja.md sum-ja.html sum-en.html sum.json sum-ja.json
expect 0 "the summary is the same every time" $INKAN summary report.dsse.json --format html --lang ja
check "(byte for byte)" cmp -s "$T/out" sum-ja.html
expect 2 "an unknown --format" $INKAN summary report.dsse.json --format pdf
expect 2 "an unknown --lang" $INKAN summary report.dsse.json --lang fr
expect 2 "a missing envelope" $INKAN summary nope.dsse.json
printf 'hello' >msg
$INKAN sign --raw --payload-type text/plain --key aud.key msg -o raw.dsse.json >/dev/null 2>&1
expect 2 "an envelope that is not an audit record" $INKAN summary raw.dsse.json
check "it says so" err_has "not an in-toto Statement"

# Escaping: markup in names and raw HTML in Markdown never reach the page.
edit filled.json evil.json '
p["service"]["name"] = "<script>alert(1)</script> & \"Co\""
p["management_assertion"] = "We assert.\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))"'
$INKAN sign evil.json --key aud.key -o evil.dsse.json >/dev/null 2>&1
expect 0 "summary of a record with markup in its texts" $INKAN summary evil.dsse.json --format html --lang en
check "interpolated values are HTML-escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;' "$T/out"
check "no raw script, img or javascript: link survives" sh -c '! grep -qiE "<script|<img|javascript:" "$0"' "$T/out"
expect 0 "the same record as Markdown" $INKAN summary evil.dsse.json --lang en
check "raw HTML in Markdown output is neutralised too" sh -c '! grep -qiE "(^|[^\\])<(img|script)|\]\(javascript:" "$0"' "$T/out"
check "(escaped, it is still there to read)" grep -q '\\<img src=x' "$T/out"

# A record that breaks the rules gets no summary (exit 1).
python3 - <<'PY'
import json, base64
e = json.load(open("report.dsse.json"))
d = json.loads(base64.b64decode(e["payload"]))
d["predicate"]["opinion"] = "excellent"
e["payload"] = base64.b64encode(json.dumps(d, ensure_ascii=False,
    sort_keys=True, separators=(",", ":")).encode()).decode()
json.dump(e, open("broken.dsse.json", "w"))
PY
expect 1 "a record breaking the rules gets no summary" $INKAN summary broken.dsse.json
check "it says why" err_has "'excellent' is not one of"
expect 1 "and it does not verify either" $INKAN verify broken.dsse.json --key aud.pub --key mgmt.pub $AT

# --- selective disclosure --------------------------------------------
expect 0 "disclose 2 of 5 controls" $INKAN disclose report.disclosures.json --select CC6.1 CC7.2 -o two.json
check "the disclosure file is 0600" test "$(stat -c %a two.json)" = 600
check "it holds exactly the two items, for this record" python3 -c '
import json,sys; f=json.load(open("two.json"))
assert f["format"]=="inkan-disclosures/v1" and f["record_id"]==sys.argv[1]
assert sorted(json.loads(d)[1] for d in f["disclosures"])==["controls/CC6.1","controls/CC7.2"]' "$rid"
expect 0 "the disclosure verifies against the record" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure two.json
check "each disclosed item is printed" sh -c 'grep -q "disclosed: controls/CC6.1 = {" "$0" && grep -q "disclosed: controls/CC7.2 = {.*\"result\":\"exception\"" "$0"' "$T/out"
check "items not disclosed are not printed" sh -c '! grep -q "controls/CC6.2" "$0"' "$T/out"
expect 0 "--select also takes a comma-separated list" $INKAN disclose report.disclosures.json --select CC6.2,A1.2
check "(two items)" test "$(grep -c 'controls/' "$T/out")" = 2
expect 1 "disclosing an id the bundle does not have" $INKAN disclose report.disclosures.json --select CC6.1 CC9.9 -o three.json
check "it names the id" err_has "no item 'CC9.9'"
check "and writes nothing" test ! -e three.json
expect 2 "disclose without --select" $INKAN disclose report.disclosures.json
expect 2 "disclose with a missing bundle" $INKAN disclose nope.json --select CC6.1
expect 2 "disclose with something that is not a bundle" $INKAN disclose report.dsse.json --select CC6.1

# Forgeries, each on a copy of two.json.
forge() { # HOW OUT
	python3 - "$1" "$2" <<'PY'
import json, sys
how, out = sys.argv[1], sys.argv[2]
f = json.load(open("two.json"))
items = [json.loads(d) for d in f["disclosures"]]
byp = {i[1]: n for n, i in enumerate(items)}
k = byp["controls/CC7.2"]; o = byp["controls/CC6.1"]
if how == "char":
    s = f["disclosures"][k]
    i = s.index("25件中2件")
    f["disclosures"][k] = s[:i] + "25件中1件" + s[i + len("25件中2件"):]
elif how == "salt":
    s = f["disclosures"][k]
    f["disclosures"][k] = json.dumps([items[o][0]] + items[k][1:],
        ensure_ascii=False, separators=(",", ":"), sort_keys=True)
elif how == "absent":
    f["disclosures"].append(json.dumps(["AAAAAAAAAAAAAAAAAAAAAA", "controls/CC6.3",
        {"procedures": ["inspection"], "result": "conformant", "sample_size": 25}],
        separators=(",", ":"), sort_keys=True))
elif how == "record":
    f["record_id"] = "sha256:" + "0" * 64
json.dump(f, open(out, "w"), ensure_ascii=False)
PY
}
forge char f-char.json
expect 1 "a disclosure with one changed character fails" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-char.json
check "it names the item" out_has "item 'controls/CC7.2' in 'f-char.json' is not in the record"
check "the untouched item still verifies" out_has "disclosed: controls/CC6.1"
forge salt f-salt.json
expect 1 "a disclosure with the salt of another item fails" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-salt.json
check "it names the item" out_has "item 'controls/CC7.2' in 'f-salt.json' is not in the record"
forge absent f-absent.json
expect 1 "an item that is not in the record fails" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-absent.json
check "it names the item" out_has "item 'controls/CC6.3' in 'f-absent.json' is not in the record"
forge record f-record.json
expect 1 "a disclosure file of another record fails" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-record.json
check "it says so" out_has "not of this record"
# The same control from a second signing of the same draft: fresh salts,
# so its item is not one of this record's.
$INKAN sign filled.json --key aud.key -o again.dsse.json >/dev/null 2>&1
$INKAN sign again.dsse.json --key mgmt.key >/dev/null 2>&1
$INKAN disclose again.disclosures.json --select CC7.2 -o again-cc72.json 2>/dev/null
python3 -c '
import json,sys; f=json.load(open("again-cc72.json")); f["record_id"]=sys.argv[1]
json.dump(f, open("f-other.json","w"))' "$rid"
expect 1 "an item from another record (relabelled) fails" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-other.json
check "it names the item" out_has "item 'controls/CC7.2' in 'f-other.json' is not in the record"
expect 0 "(that item verifies against its own record)" $INKAN verify again.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure again-cc72.json
printf '{"format":"inkan-disclosures/v1"' >f-trunc.json
expect 2 "an unreadable disclosure file" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure f-trunc.json
expect 2 "a missing disclosure file" $INKAN verify report.dsse.json --key aud.pub --key mgmt.pub $AT --disclosure nope.json
expect 1 "a raw envelope binds no disclosures" $INKAN verify raw.dsse.json --key aud.pub --disclosure two.json

# --- draft errors ----------------------------------------------------
edit filled.json bad.json '
del p["period_start"]; del p["period_end"]
p["opinion"] = "excellent"
del p["service"]["models"][0]["responsibility"]
p["controls"][0]["id"] = "CC99.1"
p["criteria"]["categories"].remove("security")
p["organisation"]["corporate_number"] = "1234567890123"
p["signers"][1]["role"] = "expert"
p["colour"] = "blue"'
expect 1 "a draft breaking the rules is refused (exit 1)" $INKAN sign bad.json --key aud.key
check "type2 without a period" err_has "report_type 'type2' covers a period"
check "an opinion outside the list" err_has "opinion 'excellent' is not one of"
check "a service model without a responsibility scope" err_has "service model 'SaaS' has no responsibility scope"
check "a control id the catalogue does not have" err_has "'CC99.1' is not a control of catalogue 'soc2-tsc'"
check "a mandatory category left out" err_has "must include 'security'"
check "a corporate number with a wrong check digit" err_has "is not a 法人番号"
check "signer roles that are not the scheme's" err_has "needs a signer in role 'management'"
check "an unknown field" err_has "unknown member 'colour'"
check "all of them in one run" test "$(grep -c "^inkan: sign: 'bad.json': predicate" "$T/err")" -ge 9
check "nothing was written" sh -c 'test ! -e bad.dsse.json && test ! -e bad.disclosures.json'
edit filled.json bad2.json '
p["scheme"] = "soc4"
for s in p["signers"]: s["keyid"] = "<todo>"'
expect 1 "an unknown scheme, with placeholder key ids" $INKAN sign bad2.json --key aud.key
check "the scheme is named" err_has "no scheme 'soc4'"
check "and in the same run the key ids" err_has "keyid must be"
edit filled.json bad3.json '
p["validity"] = {"not_before": "2026-04-01T00:00:00Z", "not_after": "2028-04-01T00:00:00Z"}'
expect 1 "a hand-typed validity that differs from the scheme's" $INKAN sign bad3.json --key aud.key
check "it gives the window the scheme computes" err_has "2026-03-30T15:00:00Z to 2027-03-30T15:00:00Z"
edit filled.json good3.json '
p["validity"] = {"not_before": "2026-03-30T15:00:00Z", "not_after": "2027-03-30T15:00:00Z"}'
expect 0 "(a hand-typed validity equal to the scheme's is accepted)" $INKAN sign good3.json --key aud.key
printf '{"predicateType": "urn:inkan:audit-report:v1", "predicate": {' >unreadable.json
expect 2 "an unreadable draft: exit 2" $INKAN sign unreadable.json --key aud.key
expect 2 "a missing draft: exit 2" $INKAN sign nope.json --key aud.key

# --- an ISMAP-style record: levels, disclosures, mandatory controls ---
edit filled.json ismap.json '
p.update({"scheme": "ismap-cloud", "level": "3", "audit_type": "direct",
  "report_type": "other", "engagement_standard": "ISMAP-style audit procedures (sample)",
  "criteria": {"framework": "sample", "catalog": "ismap-sample",
               "catalog_version": "sample-1", "categories": ["9"]},
  "statement_of_applicability": {"catalog_version": "sample-1", "selected": ["9.2.1.1", "9.2.1.2", "9.2.1.3"],
    "excluded": [{"id": "9.2.1.4", "reason": {"ja": "利用者の登録は顧客が自ら行うため", "en": "Customers register their own users"}}]},
  "controls": [
    {"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 10},
    {"id": "9.2.1.2", "result": "exception", "procedures": ["inquiry"], "sample_size": 5,
     "reason": "ISMAP-SECRET: two leavers kept access for 30 days"}]})'
expect 1 "ISMAP-style without the required public disclosures" $INKAN sign ismap.json --key aud.key
check "each missing disclosure is named" sh -c 'for d in capital-and-officers foreign-law-exposure data-location-regions governing-law-and-jurisdiction third-party-penetration-test; do grep -q "public_disclosures.$d is required" "$0" || exit 1; done' "$T/err"
edit ismap.json ismap2.json '
p["public_disclosures"] = {"capital-and-officers": "外国資本なし", "foreign-law-exposure": "なし",
  "data-location-regions": "東京、大阪", "governing-law-and-jurisdiction": "日本法・東京地方裁判所",
  "third-party-penetration-test": "2026年1月に第三者が実施"}'
expect 0 "ISMAP-style with its disclosures signs" $INKAN sign ismap2.json --key aud.key -o ismap.dsse.json
$INKAN sign ismap.dsse.json --key mgmt.key >/dev/null 2>&1
expect 0 "and verifies" $INKAN verify ismap.dsse.json --key aud.pub --key mgmt.pub $AT
check "the public record says a mandatory control was not met" python3 -c '
import json,base64; e=json.load(open("ismap.dsse.json"))
assert json.loads(base64.b64decode(e["payload"]))["predicate"]["mandatory_controls_met"] is False'
expect 0 "its summary shows the disclosures" $INKAN summary ismap.dsse.json --lang en
check "(by the scheme's names)" sh -c 'grep -q "Governing law and jurisdiction" "$0" && grep -q "日本法・東京地方裁判所" "$0" && grep -q "Level 3" "$0"' "$T/out"
check "but not the control results" sh -c '! grep -q "ISMAP-SECRET" "$0"' "$T/out"
done_testing
