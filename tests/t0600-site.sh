#!/bin/sh
# The public site end to end: a realistic registry (audits under three
# schemes, an SCS ★3, a renewal, a revocation and a built_on delisting)
# rendered in Japanese and English; every internal link resolves, two
# builds are byte-identical, a new record rewrites only the pages that
# show it, the machine-readable files parse, w3m can read it, and a
# registry full of markup, script and invisible characters renders with
# all of it escaped.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2
export INKAN_SRC="$src"

site_registry plain
INKAN_NOW=2026-09-02T00:00:00Z
export INKAN_NOW
id_of() { grep "^$1 " plain/ids | cut -d' ' -f2; }
hex_of() { id_of "$1" | cut -c8-; }

# --- the command --------------------------------------------------------
expect 0 "inkan site -h" $INKAN site -h
check "the usage names site build" out_has "inkan site build REGISTRY -o OUT"
expect 0 "inkan site build -h" $INKAN site build -h
expect 2 "build without -o is a usage error" $INKAN site build plain/registry
expect 2 "an unknown option is a usage error" $INKAN site build plain/registry -o x --colour
expect 2 "an unknown subcommand is a usage error" $INKAN site serve plain/registry
expect 2 "a folder that is not a registry: exit 2" $INKAN site build plain/cat -o x
check "a failed build of a new folder leaves neither it nor its staging folder" \
	sh -c '! test -e x && ! ls -d x.*.staging 2>/dev/null | grep -q .'
expect 2 "--base-url must be http(s)" $INKAN site build plain/registry -o x --base-url 'javascript:alert(1)'

expect 0 "the site builds" $INKAN site build plain/registry -o s1
check "it reports records and files written" out_has "^s1: 18 records, 0 not verified; [0-9]* files written, 0 unchanged$"
check "progress stays off when stderr is not a terminal" test ! -s "$T/err"
check "a public summary names who audits as its scheme does: 監査主体 (ISMAP-style), 監査法人 (SOC 2)" sh -c \
    'grep -q "<th[^>]*>監査主体</th>" s1/ja/soc3/$0.html && ! grep -q "<th[^>]*>監査法人</th>" s1/ja/soc3/$0.html &&
     grep -q "<th[^>]*>監査法人</th>" s1/ja/soc3/$1.html && ! grep -q "<th[^>]*>監査主体</th>" s1/ja/soc3/$1.html' \
    "$(hex_of hikari2)" "$(hex_of kazoeru)"
check "...and so do the record pages (schemes.json audit_body), in both languages" sh -c \
    'grep -q "<th scope=\"row\">監査主体</th>" s1/ja/r/$0.html && grep -q "<th scope=\"row\">Audit body</th>" s1/en/r/$0.html &&
     grep -q "<th scope=\"row\">監査法人</th>" s1/ja/r/$1.html && ! grep -q "<th scope=\"row\">監査主体</th>" s1/ja/r/$1.html' \
    "$(hex_of hikari2)" "$(hex_of kazoeru)"
# Levels that imply the lower ones (schemes.json implies_lower): the
# level 1 view lists the level 2 and 3 services and says so; the level 3
# view lists only level 3; with the flag off, level 1 is level 1 alone.
lv_links() { grep -o 'href="../r/[0-9a-f]*\.html' "$1" | sort -u | cut -c12- | cut -d. -f1 | tr '\n' ' '; }
has_all() { for h in $2; do case " $1 " in *" $h "*) ;; *) return 1 ;; esac; done; }
check "the ISMAP-style level 1 view lists the level 2 and 3 services" \
    has_all "$(lv_links s1/ja/list/level-ismap-cloud-1.html)" "$(hex_of mail) $(hex_of hikari) $(hex_of base)"
check "...and says it includes the higher levels, in both languages" sh -c \
    'grep "<h1" s1/ja/list/level-ismap-cloud-1.html | grep -q "レベル1（上位レベルの登録を含む）" && grep "<h1" s1/en/list/level-ismap-cloud-1.html | grep -q "Level 1 (and the higher levels, which meet it)"'
check "the level 3 view lists the level 3 service alone, and says nothing of higher levels" sh -c \
    'test "$(echo $0)" = "$1" && ! grep "<h1" s1/ja/list/level-ismap-cloud-3.html | grep -q "上位レベル"' \
    "$(lv_links s1/ja/list/level-ismap-cloud-3.html)" "$(hex_of base)"
mkdir flatcat && cp plain/cat/*.json flatcat/ && python3 -c '
import json; d = json.load(open("flatcat/schemes.json"))
for s in d["schemes"]: s["implies_lower"] = False
json.dump(d, open("flatcat/schemes.json", "w"), ensure_ascii=False)'
INKAN_CATALOGS=$T/flatcat $INKAN site build plain/registry -o s-flat -q
check "where the scheme does not say so, the level 1 view lists level 1 alone" sh -c \
    'test "$(echo $0)" = "$1" && ! grep "<h1" s-flat/ja/list/level-ismap-cloud-1.html | grep -q "上位レベル"' \
    "$(lv_links s-flat/ja/list/level-ismap-cloud-1.html)" "$(printf "%s\n" "$(hex_of mail)" "$(hex_of tsunagu)" | sort | tr "\n" " " | sed "s/ $//")"
check "a new folder is built in a staging folder renamed into place" \
	sh -c 'test -d s1 && ! ls -d s1.*.staging 2>/dev/null | grep -q .'
for l in ja en; do
	for f in index.html list/all.html glossary.html revocations.html compare.html \
		search.html verify.html org/index.html svc/index.html signer/index.html \
		"r/$(hex_of scs).html" "soc3/$(hex_of hikari2).html" \
		svc/8120001000005-hikari-storage.html org/7000012050002.html feeds/changes.atom \
		feeds/revocations.atom list/scheme-scs-star3-status-active.html; do
		[ -f "s1/$l/$f" ] || echo "missing s1/$l/$f"
	done
done >missing
check "every kind of page exists in both languages" test ! -s missing
sed 's/^/#   /' missing | head
check "the machine-readable files exist" test -f s1/api/index.json -a -f s1/register.csv \
	-a -f s1/api/signers.json -a -f s1/api/checkpoint.txt \
	-a -f "s1/api/records/$(hex_of base).json" -a -f "s1/api/envelopes/$(hex_of base).dsse.json"
check "the published envelope is the registry's file, byte for byte" \
	cmp "s1/api/envelopes/$(hex_of hikari2).dsse.json" \
	"plain/registry/records/audit-report/$(hex_of hikari2 | cut -c1-2)/$(hex_of hikari2).dsse.json"
check "the assets are there, and nothing loads from elsewhere" sh -c '
	test -s s1/assets/site.css && test -s s1/assets/site.js && test -s s1/assets/verify.js &&
	! grep -rlE "(src|href)=\"(https?:)?//" s1 --include=*.html'

# Every page: lang of its folder, one h1, the CSP, no inline script or
# handler, relative links only.
check "every page has the right lang, one h1, a CSP, no inline script, relative links" python3 - s1 <<'PY'
import os, re, sys
root = sys.argv[1]; bad = []
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.html'):
            continue
        p = os.path.join(d, f); rel = os.path.relpath(p, root); s = open(p, encoding='utf-8').read()
        lang = rel.split('/')[0] if rel.split('/')[0] in ('ja', 'en') else 'ja'
        if f'<html lang="{lang}">' not in s: bad.append(f'{rel}: lang')
        if s.count('<h1') != 1: bad.append(f'{rel}: {s.count("<h1")} h1')
        if 'Content-Security-Policy' not in s or "script-src 'self'" not in s and rel != 'index.html':
            bad.append(f'{rel}: no CSP')
        for m in re.finditer(r'<script([^>]*)>', s):
            if 'src=' not in m.group(1) and 'application/json' not in m.group(1):
                bad.append(f'{rel}: inline script')
        if re.search(r'<[a-zA-Z][^>]*\son[a-z]+\s*=', s): bad.append(f'{rel}: event handler attribute')
        if re.search(r'\s(href|src|action)="/', s): bad.append(f'{rel}: absolute path')
        if re.search(r'style=', s): bad.append(f'{rel}: inline style')
print('\n'.join('# ' + b for b in bad[:20])); sys.exit(1 if bad else 0)
PY

# Every href, src and action in every file resolves to a file of the
# site, and every #fragment to an id in it.
linkcheck() { python3 "$src/tests/site/linkcheck.py" "$1"; }
check "every internal link and fragment resolves" linkcheck s1

# --- determinism and incremental builds ------------------------------------
expect 0 "a second build into a fresh folder" $INKAN site build plain/registry -o s2 -q
check "-q prints nothing" test ! -s "$T/out"
check "two builds are byte-identical" diff -r s1 s2
find s1 -type f -exec sha256sum {} + | sort -k2 >sums1
expect 0 "building again into the same folder" $INKAN site build plain/registry -o s1 --json
check "nothing is rewritten when nothing changed" python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))
assert r["written"] == 0 and r["unchanged"] > 200 and r["records"] == 18, r' "$T/out"
check "the build time is not printed (a later build of the same registry is identical)" \
	sh -c 'INKAN_NOW=2026-09-03T00:00:00Z $0 site build plain/registry -o s3 -q && diff -r s1 s3' "$INKAN"
# Records are verified and their pages written on several threads: the
# bytes must not depend on how many.
for n in 1 3; do
	expect 0 "a build on $n thread(s)" env INKAN_THREADS=$n $INKAN site build plain/registry -o "st$n" -q
	check "on $n thread(s) it is byte-identical" diff -r s1 "st$n"
done

# One new record: an audit of a new service of an existing provider, of
# a scheme, level, status and models the register already lists (a new
# kind of entry would add a filter to every list page, rightly).
cd plain/work || exit 2
INKAN_NOW=2026-09-10T00:00:00Z
$INKAN new audit-report | python3 "$src/tests/fixtures/fill-draft.py" \
	auditor="$($INKAN keys id aud2.pub)" management="$($INKAN keys id mg4.pub)" >new0.json
python3 - new0.json new.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = d['predicate']
p.update({"scheme": "ismap-cloud", "level": "2", "audit_type": "direct", "report_type": "other",
  "engagement_standard": "ISMAP-style audit procedures (sample)",
  "criteria": {"framework": "ISMAP sample", "catalog": "ismap-sample", "catalog_version": "sample-1", "categories": ["9"]},
  "statement_of_applicability": {"catalog_version": "sample-1", "selected": ["9.2.1.1", "9.2.1.2", "9.2.1.3"],
    "excluded": [{"id": "9.2.1.4", "reason": {"ja": "利用者の登録は顧客が自ら行うため", "en": "Customers register their own users"}}]},
  "period_start": "2025-09-01", "period_end": "2026-08-31", "report_date": "2026-09-05",
  "controls": [{"id": "9.2.1.1", "result": "conformant", "procedures": ["inspection"], "sample_size": 3},
               {"id": "9.2.1.2", "result": "conformant", "procedures": ["inquiry"], "sample_size": 3}],
  "public_disclosures": {"capital-and-officers": "外国資本なし", "foreign-law-exposure": "なし",
    "data-location-regions": "東京", "governing-law-and-jurisdiction": "日本法・東京地方裁判所",
    "third-party-penetration-test": "2026年8月に実施"},
  "organisation": {"name": {"ja": "ひかり通信株式会社", "en": "Hikari Tsushin K.K."}, "corporate_number": "8120001000005"},
  "service": {"name": {"ja": "ひかりバックアップ", "en": "Hikari Backup"}, "id": "hikari-backup",
    "models": [{"model": "SaaS", "responsibility": "バックアップ"}], "deployment_models": ["public"],
    "regions": ["日本（東京）"]}})
p.pop("subservice_organisations", None)
p["audit_firm"] = {"name": {"ja": "みらい監査法人"}, "selection_id": "AF-2025-017"}
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)
PY
$INKAN sign new.json --key aud2.key --role auditor -o new.dsse.json >/dev/null 2>&1
$INKAN sign new.dsse.json --key mg4.key --role management >/dev/null 2>&1
NEW=$($INKAN registry add ../registry new.dsse.json 2>/dev/null | cut -d' ' -f1)
cd "$T" || exit 2
check "(the new record is registered)" test -n "$NEW"
NEWHEX=$(echo "$NEW" | cut -c8-)
expect 0 "the site builds again with the new record" $INKAN site build plain/registry -o s1 --json
find s1 -type f -exec sha256sum {} + | sort -k2 >sums2
check "only the pages that show the new record changed" python3 - sums1 sums2 s1 "$NEWHEX" <<'PY'
import re, sys
old = dict(l.split()[::-1] for l in open(sys.argv[1])); new = dict(l.split()[::-1] for l in open(sys.argv[2]))
root, hexid = sys.argv[3], sys.argv[4]
changed = sorted(p for p in new if old.get(p) != new[p])
# (The partial tiles of the last checkpoint go: log/ holds the current one's.)
gone = sorted(p for p in set(old) - set(new) if not re.search(r'/log/tile/.*\.p/\d+$', p))
# Files that summarise the registry as a whole (the log's hash tiles
# grow at their right edge with every record; the search index's head,
# and its shards that hold the new record's terms).
whole = re.compile(r's1/(api/checkpoint\.txt|api/tile/.*|log/checkpoint|log/tile/.*|(ja|en)/(search|compare)\.html|'
                   r'(ja|en)/(org|svc|signer)/index(-\d+)?\.html|'
                   r'api/search/(head|t/[0-9a-f]{3})\.js)$')
bad = [p for p in changed if not whole.search(p) and hexid not in p and
       hexid not in open(p, encoding='utf-8', errors='replace').read()]
others = [p for p in changed if '/r/' in p and hexid not in p]
print(f'# {len(changed)} of {len(new)} files changed or new')
for p in bad: print('# changed without showing it:', p)
for p in others: print('# other record page:', p)
sys.exit(1 if bad or gone or len(changed) > 84 else 0)
PY
check "the write count says so, and the pages that do not show it are reused" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert 0 < r["written"] <= 84 and r["records"] == 19 and r["reused"] > 100, r' "$T/out"
check "the new record's pages exist" test -f "s1/ja/r/$NEWHEX.html" -a -f "s1/en/soc3/$NEWHEX.html" -a -f s1/ja/svc/8120001000005-hikari-backup.html
# A rebuild is only ever a faster way to the same site: byte for byte
# what a fresh build makes, now and later when validity has run out.  It
# trusts what the last build left in OUT only as far as the folders show
# it: a page removed there, or replaced by another file, is written
# again; one edited in place is written again by --full.
expect 0 "a fresh build of the same registry" $INKAN site build plain/registry -o s1full -q
check "the rebuilt site is byte-identical to a fresh build" diff -r s1 s1full
check "the build cache is beside the site, not in it" sh -c \
	'test -s .s1.inkan-cache && ! ls -A s1 s1full | grep -q inkan-cache'
rm -f "s1/en/soc3/$NEWHEX.html" s1/api/index.json
sed -i 's/<main/<p>edited by hand<\/p><main/' "s1/ja/r/$(hex_of base).html"
expect 0 "a rebuild over pages removed and replaced by hand" $INKAN site build plain/registry -o s1 -q
check "...writes them again as a fresh build has them" diff -r s1 s1full
echo '<p>edited by hand</p>' >>"s1/ja/r/$NEWHEX.html"
expect 0 "a rebuild with --full over a page edited in place" $INKAN site build plain/registry -o s1 --full --json
check "...writes it again, and only it" sh -c 'diff -r s1 s1full &&
	python3 -c "import json, sys; assert json.load(open(sys.argv[1]))[\"written\"] == 1" "$0"' "$T/out"
# The cache: what a rebuild does not make again, and when it is not used.
reused() { # reused EXPR: the --json of the last command satisfies EXPR
	python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert eval(sys.argv[2]), r' "$T/out" "$1"; }
expect 0 "a rebuild of an unchanged registry" $INKAN site build plain/registry -o s1 --json
check "...makes no page again: every page of a record, list or entity is reused" reused 'r["written"] == 0 and r["reused"] > 200'
expect 0 "a rebuild with --full" $INKAN site build plain/registry -o s1 --full --json
check "...makes every page again, and they are the same" reused 'r["written"] == 0 and r["reused"] == 0'
printf 'inkan-site-cache/1\ngarbage' >.s1.inkan-cache
expect 0 "a rebuild over a damaged cache" $INKAN site build plain/registry -o s1 --json
check "...ignores it, and the site is the same" sh -c 'reused() { python3 -c "import json, sys; r = json.load(open(sys.argv[1])); assert r[\"written\"] == 0 and r[\"reused\"] == 0, r" "$0"; }; reused && diff -r s1 s1full' "$T/out"
cp .s1.inkan-cache .s1full.inkan-cache
expect 0 "a rebuild of another folder with this one's cache" $INKAN site build plain/registry -o s1full --json
check "...ignores it" reused 'r["written"] == 0 and r["reused"] == 0'
# Two years on, statuses have run out: some filtered views of the
# register are gone, and their pages with them.
cp -a s1 s1later
echo '<p>left by hand</p>' >s1later/notes.html
expect 0 "a fresh build two years later" env INKAN_NOW=2028-09-10T00:00:00Z $INKAN site build plain/registry -o s1late -q
expect 0 "a rebuild two years later" env INKAN_NOW=2028-09-10T00:00:00Z $INKAN site build plain/registry -o s1later --json
check "...differs from the earlier site (validity ran out)" sh -c '! diff -rq s1late s1full >/dev/null'
check "...and the rebuild is byte-identical to it, but for a file of its own" diff -r -x notes.html s1later s1late
check "...the pages of views that are gone are removed, and counted" sh -c '
	test ! -e s1later/en/list/scheme-ismap-cloud-status-active.html &&
	grep -q "\"removed\":[1-9]" "$0"' "$T/out"
check "...a file outside the site's own folders is left alone" test -f s1later/notes.html
# A revocation (in a copy of the registry): the rebuild over the earlier
# site is again what a fresh build makes, the record shown revoked.
cp -a plain/registry revreg
(cd plain/work && $INKAN registry status "$T/revreg" "$NEW" --action revoke \
    --reason FALSE-DECLARATION --text "試験の取消し" --key op.key >/dev/null 2>&1)
cp -a s1 s1rev
expect 0 "a fresh build after a revocation" $INKAN site build revreg -o srevfull -q
expect 0 "a rebuild after a revocation" $INKAN site build revreg -o s1rev -q
check "...is byte-identical to the fresh build" diff -r s1rev srevfull
check "...and shows the record revoked" sh -c 'grep -q "試験の取消し" "$0" && ! diff -q "$0" "$1" >/dev/null' \
    "s1rev/ja/r/$NEWHEX.html" "s1/ja/r/$NEWHEX.html"

# --- machine-readable ----------------------------------------------------------
check "api/index.json parses: every record, with status and page" python3 - s1 "$T/plain/registry" <<'PY'
import json, os, subprocess, sys
root = sys.argv[1]; ix = json.load(open(os.path.join(root, 'api/index.json')))
assert ix['format'] == 'inkan-site-index/v1' and ix['registry'] == 'registry.example/inkan'
recs = ix['records']; assert len(recs) == 19
reg = {r['id']: r for r in json.loads(subprocess.check_output([os.environ['INKAN'], 'registry', 'list', sys.argv[2], '--json']))}
for r in recs:
    assert r['id'] in reg and r['kind'] == reg[r['id']]['kind'], r
    if r['kind'] in ('audit-report', 'scs-assessment', 'signer'):
        assert r['status'] == reg[r['id']]['status'], (r['id'], r['status'], reg[r['id']]['status'])
    assert os.path.isfile(os.path.join(root, 'ja', r['page'])) and r['verified'] is True
    one = json.load(open(os.path.join(root, 'api/records', r['id'][7:] + '.json')))
    assert one['id'] == r['id'] and one['status'] == r['status'] and one['statement']['predicateType']
assert [r['log_index'] for r in recs] == list(range(19))
PY
check "a revoked record's JSON says revoked, why and by which record" python3 - s1 "$(hex_of mail)" <<'PY'
import json, sys
r = json.load(open(f'{sys.argv[1]}/api/records/{sys.argv[2]}.json'))
assert r['status'] == 'revoked' and r['history'][0]['action'] == 'revoke'
assert r['history'][0]['reason_code'] == 'FALSE-DECLARATION' and r['status_by'] == r['history'][0]['id']
assert r['history'][0]['reason_label'] == {'ja': '虚偽申告', 'en': 'False declaration'}, r['history'][0]
PY
check "...and its page gives the reason's label in the page's language beside the code" sh -c '
grep -q "<span class=\"reason-label\">虚偽申告</span> <code>FALSE-DECLARATION</code>" s1/ja/r/$0.html &&
grep -q "<span class=\"reason-label\">False declaration</span> <code>FALSE-DECLARATION</code>" s1/en/r/$0.html &&
! grep -q "False declaration" s1/ja/r/$0.html' "$(hex_of mail)"
check "the delisting cascades: the SaaS built on the delisted IaaS is delisted" python3 - s1 "$(hex_of tsunagu)" "$(id_of base)" <<'PY'
import json, sys
r = json.load(open(f'{sys.argv[1]}/api/records/{sys.argv[2]}.json'))
assert r['status'] == 'delisted' and r['status_by'] == sys.argv[3] and r['built_on'] == [sys.argv[3]], r['status']
PY
check "the Atom feeds parse: RFC 4287 shape, tag: ids, at most 100 entries" python3 - s1 <<'PY'
import sys, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
for lang in ('ja', 'en'):
    for name, want in (('changes', 19), ('revocations', 2)):
        f = ET.parse(f'{sys.argv[1]}/{lang}/feeds/{name}.atom').getroot()
        assert f.tag == A + 'feed' and f.find(A + 'id').text.startswith('tag:registry.example,2026-04-01:')
        assert f.find(A + 'title').text and f.find(A + 'updated').text.endswith('Z') and f.find(A + 'author') is not None
        es = f.findall(A + 'entry'); assert len(es) == want and len(es) <= 100, (name, len(es))
        for e in es:
            assert e.find(A + 'id').text.startswith('tag:registry.example,2026-04-01:inkan/record/sha256:')
            assert e.find(A + 'title').text and e.find(A + 'updated').text and e.find(A + 'link').get('href')
        ids = [e.find(A + 'id').text for e in es]; assert len(set(ids)) == len(ids)
PY
check "register.csv: BOM, CRLF, and it round-trips through a CSV reader" python3 - s1 <<'PY'
import csv, io, json, sys
raw = open(f'{sys.argv[1]}/register.csv', 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf') and raw.endswith(b'\r\n') and b'\n' not in raw.replace(b'\r\n', b'')
rows = list(csv.DictReader(io.StringIO(raw.decode('utf-8-sig'), newline='')))
ix = [r for r in json.load(open(f'{sys.argv[1]}/api/index.json'))['records'] if r['kind'] in ('audit-report', 'scs-assessment')]
assert [r['id'] for r in rows] == [r['id'] for r in ix]
for a, b in zip(rows, ix):
    assert a['status'] == b['status'] and a['scheme'] == b['scheme'] and a['organisation_ja'] == b['organisation']['ja']
    assert a['last_day'] == b.get('last_day', '') and a['page_ja'] == 'ja/' + b['page']
out = io.StringIO(newline='')
csv.writer(out, lineterminator='\r\n').writerows([list(rows[0].keys())] + [list(r.values()) for r in rows])
again = list(csv.DictReader(io.StringIO(out.getvalue(), newline='')))
assert again == rows
PY
check "api/signers.json carries every accredited key and the operator key" python3 - s1 <<'PY'
import json, sys
s = json.load(open(f'{sys.argv[1]}/api/signers.json'))
assert len(s['signers']) == 7 and len(s['operators']) == 1
assert all(x['public_key'].startswith('-----BEGIN PUBLIC KEY-----') and len(x['keyid']) == 64 for x in s['signers'])
PY
check "verify.html carries the same signer keys" python3 - s1 <<'PY'
import json, re, sys
h = open(f'{sys.argv[1]}/ja/verify.html', encoding='utf-8').read()
m = re.search(r'<script type="application/json" id="signers-data">(.*?)</script>', h, re.S)
assert json.loads(m.group(1)) == json.load(open(f'{sys.argv[1]}/api/signers.json'))
PY

# --- what people read --------------------------------------------------------------
check "a record page says verified, the status with its reason, the history and how to verify" python3 - s1 "$(hex_of mail)" "$(hex_of scs)" <<'PY'
import sys
p = open(f'{sys.argv[1]}/ja/r/{sys.argv[2]}.html', encoding='utf-8').read()
# (revoked: genuine, in a neutral colour, and never "verified" in green)
assert 'verdict-ok' not in p and 'class="ok"' not in p
for want in ('記録は本物であることを確認済み', 'data-state="revoked"', '取消し', 'FALSE-DECLARATION', '虚偽の申告が判明したため', '経緯', 'inkan verify', 'inkan registry proof',
             f'sha256:{sys.argv[2]}', '<svg class="qr"', '<title id="svg1-t">', 'aria-current="true"', '<time datetime="'):
    assert want in p, want
s = open(f'{sys.argv[1]}/en/r/{sys.argv[3]}.html', encoding='utf-8').read()
for want in ('Result per major category', 'Governance', 'Not applicable', '<svg class="chart scs"', 'Security expert'):
    assert want in s, want
PY
check "the SOC 3 summary page has the summary and the verification" python3 - s1 "$(hex_of hikari2)" <<'PY'
import sys
p = open(f'{sys.argv[1]}/en/soc3/{sys.argv[2]}.html', encoding='utf-8').read()
for want in ("opinion", "Governing law and jurisdiction", "Japanese law; Tokyo District Court",
             "The signatures check out", 'data-state="active"', 'lang="en"', 'Hikari Storage'):
    assert want in p, want
# The site verified the record: the summary's "NOT verified" notice, true
# of a summary made from a file, is not repeated under the status.
assert 'NOT been verified' not in p and 'role="note"' not in p
j = open(f'{sys.argv[1]}/ja/soc3/{sys.argv[2]}.html', encoding='utf-8').read()
assert '署名は検証して' not in j and 'role="note"' not in j and '署名と登録の確認' in j
PY
check "the glossary explains every status word in both languages" python3 - s1 <<'PY'
import sys
for lang in ('ja', 'en'):
    g = open(f'{sys.argv[1]}/{lang}/glossary.html', encoding='utf-8').read()
    for s in ('active', 'revoked', 'suspended', 'withdrawn', 'superseded', 'expired', 'not-yet-valid', 'delisted'):
        assert f'id="status-{s}"' in g, s
    for w in ('有効', '取消し', '登録抹消', '法人番号', 'Corporate number', 'Inclusion proof'):
        assert w in g, w
PY
if command -v w3m >/dev/null 2>&1; then
	w3m -dump -cols 100 s1/ja/index.html >dump-home 2>/dev/null
	w3m -dump -cols 100 "s1/ja/r/$(hex_of hikari2).html" >dump-rec 2>/dev/null
	w3m -dump -cols 100 s1/ja/list/all.html >dump-list 2>/dev/null
	check "w3m -dump reads the home page" sh -c 'grep -q "登録件数" dump-home && grep -q "最近の登録" dump-home && grep -q "ひかりストレージ" dump-home'
	check "w3m -dump reads a record page" sh -c 'grep -q "検証済み" dump-rec && grep -q "署名者と役割" dump-rec && grep -q "inkan verify" dump-rec'
	check "w3m -dump of the register shows the filters and no form it cannot use" sh -c 'grep -q "絞り込み" dump-list && grep -q "ひかりメール" dump-list && ! grep -q "即時に絞り込む" dump-list'
else
	ok "# SKIP w3m not installed (tools/deps check installs it)"
fi

# --- a record that does not verify is shown as such ---------------------------------
git clone -q plain/registry tampered
f=$(git -C tampered ls-files "records/audit-report/$(hex_of base | cut -c1-2)/$(hex_of base).dsse.json")
python3 - "tampered/$f" <<'PY'
import sys; p = sys.argv[1]; s = open(p).read()
i = s.index('"sig":"') + 7; c = 'A' if s[i] != 'A' else 'B'
open(p, 'w').write(s[:i] + c + s[i + 1:])
PY
# (signed with the log key: a commit anyone else makes is not read at all,
# see the unsigned twin below)
log_key_commit plain/registry tampered "edit a signature"
expect 1 "a clone with a broken signature: the site is built, exit 1" $INKAN site build tampered -o sbad -q
check "the build says how many did not verify" err_has "1 record did not verify"
check "that record's page says so, in both languages" sh -c '
	grep -q "verdict-bad" "sbad/ja/r/$1.html" && grep -q "no valid signature" "sbad/en/r/$1.html" &&
	grep -q "検証できませんでした" "sbad/ja/r/$1.html"' - "$(hex_of base)"
check "and the others' pages say verified" grep -q "verdict-ok" "sbad/ja/r/$(hex_of scs).html"
check "its JSON says not verified, with the problem" python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))
assert r["verified"] is False and any("signature" in x for x in r["problems"])' "sbad/api/records/$(hex_of base).json"
# The same edit committed after a site was built from the clean clone:
# the rebuild takes nothing from its cache, and says what a fresh build
# says.
git clone -q plain/registry tampered2
expect 0 "the site of a clean clone" $INKAN site build tampered2 -o sbad2 -q
python3 - "tampered2/$f" <<'PY'
import sys; p = sys.argv[1]; s = open(p).read()
i = s.index('"sig":"') + 7; c = 'A' if s[i] != 'A' else 'B'
open(p, 'w').write(s[:i] + c + s[i + 1:])
PY
log_key_commit plain/registry tampered2 "edit a signature"
expect 1 "its rebuild after a commit edited a record's signature: exit 1" $INKAN site build tampered2 -o sbad2 --json
cp "$T/out" sbad2.json
expect 1 "...and a fresh build of it" $INKAN site build tampered2 -o sbad2f -q
check "...verifies every record again, and is what the fresh build makes" sh -c '
	python3 -c "import json, sys; r = json.load(open(sys.argv[1])); assert r[\"checked\"] == r[\"records\"] and r[\"failed\"] == 1, r" sbad2.json &&
	diff -r sbad2 sbad2f && grep -q "verdict-bad" "sbad2/en/r/$0.html"' "$(hex_of base)"
for n in 1 3; do
	expect 1 "the broken signature on $n thread(s): still exit 1" env INKAN_THREADS=$n $INKAN site build tampered -o "sbad$n" -q
	check "on $n thread(s) the same pages, the record shown as not verified" sh -c '
		diff -r sbad "$2" && grep -q "verdict-bad" "$2/en/r/$1.html"' - "$(hex_of base)" "sbad$n"
done
# The same edit in a commit the log key did not sign: the site shows the
# last signed commit, where every record verifies, and the build fails.
git clone -q plain/registry tampered3
python3 - "tampered3/$f" <<'PY'
import sys; p = sys.argv[1]; s = open(p).read()
i = s.index('"sig":"') + 7; c = 'A' if s[i] != 'A' else 'B'
open(p, 'w').write(s[:i] + c + s[i + 1:])
PY
git -C tampered3 -c user.name=x -c user.email=x@x commit -qam "edit a signature"
expect 5 "an unsigned commit: the site is built from the last signed one, exit 5" $INKAN site build tampered3 -o sbad3 -q
check "...the build names the unsigned commit" err_has "not signed by the log key"
check "...and the record's page is the signed one's" sh -c '! grep -q "verdict-bad" "sbad3/en/r/$0.html"' "$(hex_of base)"
expect 6 "after the trust root expires: exit 6" $INKAN site build plain/registry -o sold -q --at 2031-01-01
check "the pages say the trust root expired" sh -c 'grep -q "トラストルートは有効期限が切れています" sold/ja/index.html &&
	grep -q "verdict-bad" "sold/en/r/$1.html"' - "$(hex_of scs)"
check "and statuses are computed at --at: everything has expired" sh -c '! grep -q "state-ok" sold/ja/list/all.html'

# --- a registry of markup and invisible characters --------------------------------------
sh "$src/tests/site/mkreg.sh" inject inject 2>/dev/null ||
	{ echo "Bail out! cannot build the injection registry"; exit 1; }
expect 0 "the injection registry renders" env INKAN_CATALOGS="$T/inject/cat" $INKAN site build inject/registry -o si -q
check "no markup from the records reaches the pages and feeds unescaped" python3 - si <<'PY'
import os, re, sys
from html.parser import HTMLParser
bad = []; escaped = 0; shown = 0
class P(HTMLParser):
    def __init__(self, path):
        super().__init__(convert_charrefs=True); self.path = path
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('img', 'iframe', 'object', 'embed', 'frame', 'base', 'meta') and not (
                tag == 'meta' and set(a) <= {'charset', 'name', 'content', 'http-equiv'}):
            bad.append(f'{self.path}: <{tag}>')
        if tag == 'script' and 'src' not in a and a.get('type') != 'application/json':
            bad.append(f'{self.path}: inline script')
        for k, v in attrs:
            if k.startswith('on'):
                bad.append(f'{self.path}: <{tag} {k}=>')
            if k in ('href', 'src', 'action', 'formaction') and v and re.match(r'\s*(javascript|vbscript|data):', v, re.I) \
                    and not (tag == 'link' and v == 'data:,'):
                bad.append(f'{self.path}: {k}={v[:30]}')
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if not f.endswith(('.html', '.atom')):
            continue
        p = os.path.join(d, f); s = open(p, encoding='utf-8').read()
        if f.endswith('.html'):
            P(p).feed(s)
        elif re.search(r'<script|<img', s):
            bad.append(f'{p}: markup in a feed')
        for ch in ('\u202e', '\u202c', '\u200b', '\ufeff'):
            if ch in s:
                bad.append(f'{p}: U+{ord(ch):04X} as it is')
        escaped += '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in s
        shown += '[U+202E]' in s and '[U+200B]' in s
print('\n'.join('# ' + b for b in bad[:20])); print(f'# {escaped} files show the markup as text')
sys.exit(1 if bad or escaped < 20 or shown < 20 else 0)
PY
check "the injection site's links all resolve" linkcheck si
check "its JSON, CSV and feeds still parse, with the text as data" python3 - si <<'PY'
import csv, io, json, sys, xml.etree.ElementTree as ET
ix = json.load(open(f'{sys.argv[1]}/api/index.json'))
assert any('<script>alert("x")</script>' in (r.get('service') or {}).get('ja', '') for r in ix['records'])
rows = list(csv.DictReader(io.StringIO(open(f'{sys.argv[1]}/register.csv', encoding='utf-8-sig', newline='').read())))
assert any('\u202e' in r['organisation_ja'] for r in rows)
for l in ('ja', 'en'):
    t = ET.parse(f'{sys.argv[1]}/{l}/feeds/changes.atom').getroot()
    assert any('<script>' in (e.findtext('{http://www.w3.org/2005/Atom}title') or '') for e in t)
PY

# A registry with no audit yet (no organisation's service in it): its site
# builds, with no address formed from an empty entity table (check-asan).
$INKAN keys generate --out empty-op --no-passphrase >/dev/null 2>&1
$INKAN registry init emptyreg --operator-key empty-op.key --name t.test/empty \
	--expires 2030-01-01 >/dev/null 2>&1
expect 0 "the site of a registry with no audit builds" $INKAN site build emptyreg -o sempty -q

# The pages show the installed scheme data (reason labels): a new
# reasons.json remakes the pages that show them on the next cached build;
# the same one remakes nothing.
cp -a s1 s-rl
cp -a .s1.inkan-cache .s-rl.inkan-cache 2>/dev/null
expect 0 "a cached rebuild with the same scheme data" $INKAN site build plain/registry -o s-rl --json
check "...writes nothing" python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["written"] == 0, j' "$T/out"
mkdir relabel && cp "$INKAN_CATALOGS"/*.json relabel/ && python3 -c '
import json; d = json.load(open("relabel/reasons.json"))
for r in d["reasons"]:
    if r["code"] == "FALSE-DECLARATION": r["label"]["ja"] = "虚偽の申告（改）"
json.dump(d, open("relabel/reasons.json", "w"), ensure_ascii=False)'
expect 0 "a cached rebuild with a new reasons.json" env INKAN_CATALOGS=$T/relabel $INKAN site build plain/registry -o s-rl -q
check "...shows the new label on the revoked record's page" grep -q "虚偽の申告（改）" "s-rl/ja/r/$(hex_of mail).html"
done_testing
