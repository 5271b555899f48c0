#!/usr/bin/env python3
"""Every href, src and action in every HTML file of a site resolves to a
file of the site (relative links only: nothing external but <a> links to
http(s) and mailto), and every #fragment to an id in the page it names.
Prints the number of links checked and the first problems as TAP
comments; exits 1 when there is any.

usage: linkcheck.py SITE
"""
import os
import sys
import urllib.parse
from html.parser import HTMLParser

root = sys.argv[1]
ids = {}
links = []


class Page(HTMLParser):
    def __init__(self, path):
        super().__init__()
        self.path = path
        ids[path] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            ids[self.path].add(a['id'])
        for k in ('href', 'src', 'action'):
            if a.get(k) is not None:
                links.append((self.path, tag, a[k]))


for d, _, files in os.walk(root):
    for f in files:
        if f.endswith('.html'):
            p = os.path.normpath(os.path.join(d, f))
            with open(p, encoding='utf-8') as fh:
                Page(p).feed(fh.read())

bad = []
for page, tag, url in links:
    u = urllib.parse.urlsplit(url)
    if u.scheme == 'data' or (tag == 'a' and u.scheme in
                              ('http', 'https', 'mailto')):
        continue
    if u.scheme or u.netloc:
        bad.append(f'{page}: external {url}')
        continue
    target = page
    if u.path:
        target = os.path.normpath(os.path.join(
            os.path.dirname(page), urllib.parse.unquote(u.path)))
    if not os.path.isfile(target):
        bad.append(f'{page}: {url} -> missing {target}')
        continue
    if u.fragment and target.endswith('.html') and \
            u.fragment not in ids.get(target, set()):
        bad.append(f'{page}: {url} -> no id {u.fragment}')
print(f'# {len(links)} links in {len(ids)} pages')
for b in bad[:20]:
    print('# ' + b)
sys.exit(1 if bad or not links else 0)
