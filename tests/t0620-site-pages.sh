#!/bin/sh
# The site of a register longer than a page: 210 more audits by the same
# auditor for the same provider.  The register, the signer's and the
# organisation's records are paged; every page link resolves; and one more
# record rewrites only the last page of each list it joins.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2
export INKAN_SRC="$src"

site_registry r
INKAN_NOW=2026-09-05T00:00:00Z
export INKAN_NOW
cd r/work || exit 2
AUD=$($INKAN keys id aud1.pub)
MG=$($INKAN keys id mg1.pub)
$INKAN new audit-report | python3 "$src/tests/fixtures/fill-draft.py" \
	auditor="$AUD" management="$MG" '{"built_on": null}' >base.json
# many N FIRST: N drafts of services FIRST.. of the same provider, signed.
many() {
	python3 - base.json "$1" "$2" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
for i in range(int(sys.argv[3]), int(sys.argv[3]) + int(sys.argv[2])):
    p = d['predicate']
    p['service']['name'] = {'ja': 'ページ試験サービス%03d' % i, 'en': 'Paging test %03d' % i}
    p['service']['id'] = 'page-%03d' % i
    d['subject'][0]['digest'] = {'sha256': hashlib.sha256(b'%d' % i).hexdigest()}
    json.dump(d, open('m%03d.json' % i, 'w'), ensure_ascii=False)
PY
	i=$2
	while [ "$i" -lt $(($2 + $1)) ]; do
		n=$(printf %03d "$i")
		$INKAN sign "m$n.json" --key aud1.key --role auditor -o "m$n.dsse.json" >/dev/null 2>&1 &&
			$INKAN sign "m$n.dsse.json" --key mg1.key --role management >/dev/null 2>&1 ||
			return 1
		i=$((i + 1))
	done
}
many 210 0 || { echo "Bail out! cannot sign the drafts"; exit 1; }
$INKAN registry add ../registry m*.dsse.json -q >/dev/null 2>&1 ||
	{ echo "Bail out! cannot add the records"; exit 1; }
cd "$T" || exit 2

expect 0 "the site of 228 records builds" $INKAN site build r/registry -o s --json
check "it counts them" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["records"] == 228 and r["failed"] == 0, r' "$T/out"
check "the register has three pages of 100" sh -c '
	test -f s/ja/list/all.html && test -f s/ja/list/all-2.html && test -f s/ja/list/all-3.html &&
	test ! -e s/ja/list/all-4.html && grep -q "rel=\"next\" href=\"../list/all-2.html\"" s/ja/list/all.html &&
	grep -q "rel=\"prev\" href=\"../list/all.html\"" s/ja/list/all-2.html'
check "the third page has the last 18 entries" python3 - s/en/list/all-3.html <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
body = s[s.index('<tbody>'):s.index('</tbody>')]
assert body.count("<tr>") == 18 and "Entries 201–218" in s, body.count('<tr>')
PY
H=$(grep "^kazoeru " r/ids | cut -d' ' -f2)
AUDKEY=$(cd r/work && $INKAN keys id aud1.pub)
check "the auditor's records are paged, 200 a page" sh -c '
	test -f "s/ja/signer/$1.html" && test -f "s/ja/signer/$1-2.html" && test ! -e "s/ja/signer/$1-3.html"' - "$AUDKEY"
check "and so are the provider's" sh -c 'test -f s/en/org/9010401123456-2.html'
check "every link resolves, pages included" python3 "$src/tests/site/linkcheck.py" s

# One more record: only the last page of each list it is in changes.
find s -type f -exec sha256sum {} + | sort -k2 >before
(cd r/work && many 1 210 && $INKAN registry add ../registry m210.dsse.json -q) >/dev/null 2>&1
expect 0 "the site builds with one more" $INKAN site build r/registry -o s --json
cp "$T/out" one-more.json
find s -type f -exec sha256sum {} + | sort -k2 >after
check "the first pages of the lists are untouched, the last ones changed" python3 - before after <<'PY'
import sys
old = dict(l.split()[::-1] for l in open(sys.argv[1])); new = dict(l.split()[::-1] for l in open(sys.argv[2]))
changed = {p for p in new if old.get(p) != new[p]}
for lang in ('ja', 'en'):
    for p in (f's/{lang}/list/all.html', f's/{lang}/list/all-2.html', f's/{lang}/list/status-active.html',
              f's/{lang}/list/scheme-soc2-type2.html'):
        assert p not in changed, p
    for p in (f's/{lang}/list/all-3.html', f's/{lang}/list/scheme-soc2-type2-3.html'):
        assert p in changed, p
rec = [p for p in changed if '/r/' in p]
assert len(rec) == 2, rec
print(f'# {len(changed)} of {len(new)} files changed')
PY
expect 0 "a fresh build of the same registry" $INKAN site build r/registry -o sfresh -q
check "the rebuild is what the fresh build makes, though it took most pages from its cache" sh -c '
	diff -r s sfresh && python3 -c "import json, sys; r = json.load(open(sys.argv[1]))
assert r[\"checked\"] == 1 and r[\"reused\"] > 1000, r" one-more.json'
done_testing
