#!/bin/sh
# inkan demo builds a registry that verifies, with every state a reader
# meets, and the three commands it prints work exactly as printed.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
expect 0 "inkan demo" $INKAN demo d
check "the demo prints where to open the site" grep -q "Open the site: d/site/index.html" "$T/out"
expect 0 "the demo registry verifies" $INKAN registry verify d/registry
check "...witnessed: both its witnesses cosigned its checkpoint" \
    sh -c 'grep -q "cosignatures  *2$" "$0" && grep -q "witness_quorum  *2$" "$0"' "$T/out"
check "the demo ran one witness over HTTP and one offline" \
    sh -c 'test -f d/private/witnesses/http/config -o -d d/private/witnesses/http && test -d d/private/witnesses/offline'
expect 0 "a reader that wants its checkpoint cosigned within 30 days trusts it" \
    $INKAN verify d/private/records/kazoeru-soc2-2026.dsse.json --registry d/registry --max-age 30d
$INKAN registry checkpoint d/registry >cp.txt
for w in http offline; do
	check "an independent checker verifies the $w witness's cosignature" \
	    python3 "$INKAN_SRC/tests/witness/cosig_check.py" \
	    "$($INKAN registry checkpoint d/registry --vkey)" \
	    "$($INKAN witness vkey d/private/witnesses/$w)" cp.txt
done
expect 5 "...and one that wants it within the hour does not (the witnesses cosigned days ago)" \
    $INKAN verify d/private/records/kazoeru-soc2-2026.dsse.json --registry d/registry --max-age 1h
$INKAN registry list d/registry --json >list.json
for s in active expired superseded revoked delisted; do
	check "the demo has a record that is $s" python3 -c '
import json,sys; assert any(r["status"]==sys.argv[2] for r in json.load(open(sys.argv[1])))' list.json $s
done
check "the demo has ★3 and ★4 assessments and audits" python3 -c '
import json; rs=json.load(open("list.json")); k=[r["kind"] for r in rs]
assert k.count("scs-assessment")>=4 and k.count("audit-report")>=4
assert {r.get("level") for r in rs if r["kind"]=="scs-assessment"}>={3,4}'
check "a SaaS is delisted because the IaaS it is built on was" python3 -c '
import json; rs=json.load(open("list.json"))
assert any("built on" in r.get("status_reason","") for r in rs if r["status"]=="delisted")'
# Levels that imply the lower ones (ISMAP-style, schemes.json
# implies_lower): a search for level 1 finds the level 2 and 3 services
# and says why; one for level 3 does not find the level 2 one.
ids_at() { $INKAN registry list d/registry --json --scheme ismap-cloud --level "$1" 2>"$T/err" |
	python3 -c 'import json,sys; print(" ".join(sorted(str(x["level"]) for x in json.load(sys.stdin))))'; }
check "list --level 1 of an ISMAP-style scheme includes levels 2 and 3" test "$(ids_at 1)" = "1 2 2 3 3"
check "...and says it counted higher levels" err_has "level 1 includes 4 records at a higher level"
check "list --level 3 leaves the level 1 and 2 services out" test "$(ids_at 3)" = "3 3"
check "list --level 1 --json: the records at a higher level say which level they meet, the level 1 one does not" \
    sh -c '$0 registry list d/registry --json --scheme ismap-cloud --level 1 2>/dev/null | python3 -c "
import json, sys
rs = json.load(sys.stdin)
assert all(r.get(\"meets_level\") == \"1\" for r in rs if str(r[\"level\"]) != \"1\")
assert all(\"meets_level\" not in r for r in rs if str(r[\"level\"]) == \"1\")"' "$INKAN"
check "list --json gives a revoked record's reason code and its labels in both languages, an active one none" \
    sh -c '$0 registry list d/registry --json | python3 -c "
import json, sys
rs = json.load(sys.stdin)
rev = [r for r in rs if r[\"status\"] == \"revoked\"]
assert rev and rev[0][\"reason_code\"] == \"FALSE-DECLARATION\" and rev[0][\"reason_label\"] == {\"ja\": \"虚偽申告\", \"en\": \"False declaration\"} and rev[0][\"status_since\"].endswith(\"Z\")
assert all(\"reason_code\" not in r for r in rs if r[\"status\"] == \"active\" and r[\"kind\"] == \"audit-report\")"' "$INKAN"
cp -r "$INKAN_SRC/catalogs" flat && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["schemes"]:
    s["implies_lower"] = False
json.dump(d, open(sys.argv[1], "w"))' flat/schemes.json
check "where the scheme's levels do not imply the lower ones, level 1 finds only level 1" \
    test "$(INKAN_CATALOGS=$PWD/flat ids_at 1)" = "1"
check "the demo's site is rendered, in Japanese and English" sh -c 'test -f d/site/index.html && test -f d/site/ja/index.html && test -f d/site/en/index.html'
check "the demo keys are labelled as demo keys" grep -q "DEMO KEYS" d/private/keys/README.txt
check "private bundles are 0600" sh -c 'for f in d/private/records/*.disclosures.json; do test "$(stat -c %a "$f")" = 600 || exit 1; done'
expect 2 "the demo refuses to overwrite an existing demo" $INKAN demo d
# The suggested commands, run as printed (with this test's binary).
$INKAN demo d2 >printed 2>/dev/null
python3 - printed "$INKAN" <<'PY' >cmds
import re,sys
text=open(sys.argv[1]).read().replace('\\\n','')
for line in text.splitlines():
    line=line.strip()
    if re.match(r'(inkan|\S*/inkan) (verify|disclose) ', line):
        print(sys.argv[2] + line[line.index(' '):])
PY
check "three commands are suggested" test "$(wc -l <cmds)" -eq 3
n=0
while read -r c; do
	n=$((n + 1))
	expect 0 "suggested command $n works as printed" sh -c "$c" </dev/null
done <cmds
check "the disclosure shows the two controls" sh -c 'grep -q "controls/CC6.1" "$0" && grep -q "controls/CC7.2" "$0"' "$T/out"

# The demo's site is a real one: it says how to serve it, its pages have
# its base URL and the registry's address, and a record's "verify it
# yourself" steps work as printed, on the page as served over HTTP.
check "the demo prints how to serve the site" grep -q "^  python3 -m http.server -d d2/site 8000$" printed
check "...and the address to open" grep -q "open http://localhost:8000/ " printed
kaz=$($INKAN verify d/private/records/kazoeru-soc2-2026.dsse.json --registry d/registry --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"][7:])')
check "a record's QR code holds its page's address under the base URL" \
    grep -q "<code class=\"id\">http://localhost:8000/en/r/$kaz.html</code>" "d/site/en/r/$kaz.html"
check "...in each language" grep -q "http://localhost:8000/ja/r/$kaz.html" "d/site/ja/r/$kaz.html"
check "the feeds' links are absolute under the base URL" \
    grep -q 'href="http://localhost:8000/en/r/' d/site/en/feeds/changes.atom
mkdir yourself
python3 - "$T/d/site" "$kaz" yourself <<'PY' >yourself/steps.sh
# Serves the site on a free port, reads the record's page, fetches the
# envelope its link names and prints the page's commands.
import html, http.server, os, re, sys, threading, urllib.parse, urllib.request
site, hexid, work = sys.argv[1:4]
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=site, **k)
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = 'http://127.0.0.1:%d/en/r/%s.html' % (srv.server_address[1], hexid)
page = urllib.request.urlopen(url).read().decode()
sec = page[page.index('id="yourself"'):]
env = re.search(r'<a href="([^"]+\.dsse\.json)" download>', sec).group(1)
data = urllib.request.urlopen(urllib.parse.urljoin(url, env)).read()
open(os.path.join(work, os.path.basename(env)), 'wb').write(data)
for code in re.findall(r'<pre><code>(.*?)</code></pre>', sec, re.S):
    print(html.unescape(code))
srv.shutdown()
PY
check "the record page's steps are a clone and two inkan commands" sh -c \
    'grep -c "^git clone /.*/d/registry registry$" "$0" | grep -qx 1 && test "$(grep -c "^inkan " "$0")" -eq 2' yourself/steps.sh
expect 0 "...which work as printed on the served page" sh -c \
    "cd yourself && PATH=\"\$(dirname $INKAN):\$PATH\" && sed 's/^git clone /git clone -q /' steps.sh | sh -e"
check "...and say the record is valid" grep -q "dsse.json: valid: sha256:$kaz " "$T/out"
# The twin: the same steps against a registry that does not hold it.
expect 5 "...while a registry without the record does not verify it (not in its log)" sh -c \
    "cd yourself && $INKAN verify $kaz.dsse.json --registry \"$T/d2/registry\""

# make demo: the same, through the Makefile, with the PATH line to use
# the build by name.
expect 0 "make demo" make -s -C "$INKAN_SRC" BUILD="$(dirname "$INKAN")" DEMO="$T/md" demo
check "make demo prints the serve command" grep -q "^  python3 -m http.server -d $T/md/site 8000$" "$T/out"
check "make demo prints the PATH line for the build" grep -q "^  export PATH=\"$(dirname "$INKAN"):\$PATH\"$" "$T/out"
done_testing
