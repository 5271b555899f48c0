#!/bin/sh
# The Atom feeds of each organisation and each service: every
# organisation and service page links its own feed (in its head and
# visibly); every feed is well-formed Atom 1.0 with the required elements,
# UTC RFC 3339 times, newest first, in its page's language; a revocation
# is listed in the feeds of the organisation and service it is about once
# it happens (and not before), also by a rebuild that reuses the last
# build's cache; a delisting reaches the feed of a service built on what
# was delisted; and markup in an organisation's name comes out escaped.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2
export INKAN_SRC="$src"

site_registry plain
INKAN_NOW=2026-09-02T00:00:00Z
export INKAN_NOW
id_of() { grep "^$1 " plain/ids | cut -d' ' -f2; }

# feeds SITE: checks every feed of SITE and every organisation and
# service page's links to its own; prints what is wrong.
cat >feeds.py <<'PY'
import glob, os, re, sys
import xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
site = sys.argv[1]
bad = []
rfc3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
for lang in ('ja', 'en'):
    pages = [p for d in ('org', 'svc') for p in glob.glob('%s/%s/%s/*.html' % (site, lang, d))
             if not re.search(r'/index(-\d+)?\.html$|-\d+\.html$', p)]
    if not pages:
        bad.append('%s: no organisation or service pages' % lang)
    for p in pages:
        d, key = p.split('/')[-2], os.path.basename(p)[:-5]
        href = '../feeds/%s/%s.atom' % (d, key)
        html = open(p, encoding='utf-8').read()
        head = html[:html.index('</head>')]
        body = html[html.index('<body>'):]
        if not re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="%s">' % re.escape(href), head):
            bad.append('%s: no <link> to its feed in <head>' % p)
        if not re.search(r'<a type="application/atom\+xml" href="%s">[^<]+</a>' % re.escape(href), body):
            bad.append('%s: no visible link to its feed' % p)
        if not os.path.isfile(os.path.join(os.path.dirname(p), href)):
            bad.append('%s: its feed %s is missing' % (p, href))
    for f in glob.glob('%s/%s/feeds/*.atom' % (site, lang)) + \
             glob.glob('%s/%s/feeds/*/*.atom' % (site, lang)):
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError as e:
            bad.append('%s: not well-formed: %s' % (f, e)); continue
        if root.tag != A + 'feed' or root.get('{http://www.w3.org/XML/1998/namespace}lang') != lang:
            bad.append('%s: not an Atom feed in %s' % (f, lang))
        for el in ('id', 'title', 'updated', 'author'):
            if root.find(A + el) is None or (el != 'author' and not root.find(A + el).text):
                bad.append('%s: the feed has no %s' % (f, el))
        ids, times = set(), []
        for e in root.findall(A + 'entry'):
            for el in ('id', 'title', 'updated'):
                if e.find(A + el) is None or not e.find(A + el).text:
                    bad.append('%s: an entry has no %s' % (f, el))
            i, u = e.findtext(A + 'id'), e.findtext(A + 'updated') or ''
            if i in ids:
                bad.append('%s: the id %s twice' % (f, i))
            ids.add(i)
            if not rfc3339.match(u):
                bad.append('%s: updated %r is not UTC RFC 3339' % (f, u))
            times.append(u)
        if times != sorted(times, reverse=True):
            bad.append('%s: entries are not newest first' % f)
        if times and root.findtext(A + 'updated') != times[0]:
            bad.append('%s: the feed is not updated at its newest entry' % f)
        if not rfc3339.match(root.findtext(A + 'updated') or ''):
            bad.append('%s: the feed updated is not UTC RFC 3339' % f)
for b in bad:
    print(b)
PY

# entries SITE LANG RECORD_ID: the feeds (feeds/org/..., feeds/svc/...)
# that list the record, and what each lists first: "feed first-id".
cat >entries.py <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
site, lang, rid = sys.argv[1:4]
for f in sorted(glob.glob('%s/%s/feeds/*/*.atom' % (site, lang))):
    es = ET.parse(f).getroot().findall(A + 'entry')
    ids = [e.findtext(A + 'id').rsplit(':', 1)[-1] for e in es]
    if rid.split(':')[1] in ids:
        print(f[len(site) + 1:], 'sha256:' + ids[0])
PY

expect 0 "the site builds" $INKAN site build plain/registry -o s
python3 feeds.py s >bad
check "every organisation and service page links its feed, and every feed is well-formed Atom" test ! -s bad
sed 's/^/#   /' bad | head
check "there is a feed per organisation and per service, in each language" sh -c '
	for l in ja en; do for d in org svc; do
		test "$(ls s/$l/$d | grep -cvE "^index(-[0-9]+)?\.html$|-[0-9]+\.html$")" -eq "$(ls s/$l/feeds/$d | wc -l)" || exit 1
	done; done'
check "titles are in the page language" python3 - s "$(id_of shindan)" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
t = {}
for l in ('ja', 'en'):
    for f in glob.glob('%s/%s/feeds/svc/*.atom' % (sys.argv[1], l)):
        for e in ET.parse(f).getroot().findall(A + 'entry'):
            if e.findtext(A + 'id').endswith(sys.argv[2]):
                t[l] = e.findtext(A + 'title')
assert t['ja'] != t['en'], t
assert any(ord(c) > 0x3000 for c in t['ja'].split(':')[0]), t
assert t['en'].split(':')[0].isascii(), t
PY

# A revocation: not in the feeds before it happens...
shindan=$(id_of shindan)
python3 entries.py s en "$shindan" >before
check "the audited service and its organisation have feeds listing the record" test "$(wc -l <before)" -eq 2
check "...the service's newest entry being the record's registration" \
    grep -q "^en/feeds/svc/.* $shindan$" before
INKAN_NOW=2026-09-03T00:00:00Z
$INKAN registry list plain/registry --json --kind status >st0.json
expect 0 "the operator revokes the record" $INKAN registry status plain/registry "$shindan" \
    --action revoke --reason FALSE-DECLARATION --text "虚偽の申告" --key plain/work/op.key
$INKAN registry list plain/registry --json --kind status >st1.json
rev=$(python3 -c '
import json,sys
a={r["id"] for r in json.load(open("st0.json"))}
print([r["id"] for r in json.load(open("st1.json")) if r["id"] not in a][0])')
check "...in neither feed before the site is built again" sh -c '! grep -q "$0" "$1"' "$rev" before
INKAN_NOW=2026-09-04T00:00:00Z
expect 0 "the site is built again, reusing the last build's cache" $INKAN site build plain/registry -o s
python3 entries.py s en "$shindan" >after
check "...and then both feeds list the revocation first" sh -c '
	test "$(wc -l <"$1")" -eq 2 && test "$(grep -c " $0$" "$1")" -eq 2' "$rev" after
check "...in Japanese too" sh -c 'test "$(python3 entries.py s ja "$0" | grep -c " $1$")" -eq 2' "$shindan" "$rev"
python3 feeds.py s >bad
check "the feeds are still well-formed" test ! -s bad
expect 0 "a full build without the cache" $INKAN site build plain/registry -o full --full
check "...writes the same feeds as the rebuild that used the cache" diff -r s/en/feeds full/en/feeds
check "ids are stable: the same record has the same id in every build" sh -c '
	grep -h "<id>.*record/" s/ja/feeds/changes.atom | sort >a; grep -h "<id>.*record/" full/ja/feeds/changes.atom | sort >b; cmp -s a b'

# A delisting by cascade: the service built on the delisted IaaS lists
# the delisting in its own feed.
base=$(id_of base) kazoeru=$(id_of tsunagu)
check "the service built on a delisted one lists the delisting" python3 - s "$kazoeru" "$base" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
site, kaz, base = sys.argv[1:4]
def feed_of(rid):
    for f in glob.glob(site + '/en/feeds/svc/*.atom'):
        r = ET.parse(f).getroot()
        if any(e.findtext(A + 'id').endswith(rid) for e in r.findall(A + 'entry')):
            return r
k, b = feed_of(kaz), feed_of(base)
kids = {e.findtext(A + 'id') for e in k.findall(A + 'entry')}
delists = [e.findtext(A + 'id') for e in b.findall(A + 'entry')
           if e.find(A + 'category').get('term') == 'status']
assert delists and all(d in kids for d in delists), (delists, kids)
PY

# Markup in an organisation's name is escaped in its feed.
mkdir inj && cd inj || exit 2
site_registry inject inject
expect 0 "a registry full of markup builds" $INKAN site build inject/registry -o s
python3 ../feeds.py s >bad
check "its feeds are well-formed Atom" test ! -s bad
sed 's/^/#   /' bad | head
check "no feed has the markup as markup" sh -c '! grep -rl "<script\|<img\|<a href" s/ja/feeds s/en/feeds'
check "an organisation's feed has its name escaped, and reads back as the name" python3 - s <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
n = 0
for f in glob.glob(sys.argv[1] + '/en/feeds/org/*.atom'):
    raw = open(f, encoding='utf-8').read()
    title = ET.parse(f).getroot().findtext(A + 'title')
    if '<script>alert("x")</script>' in title:
        assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in raw
        assert '[U+202E]' in title and '\u202e' not in raw
        n += 1
assert n > 0
PY
check "...while the plain registry's feeds have nothing escaped of the kind" sh -c '! grep -rq "&lt;script" ../s/en/feeds'
done_testing
