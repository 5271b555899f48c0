#!/usr/bin/env python3
"""The peer for the site benchmark: a Hugo site with the same pages as
`inkan site build` makes from a registry — one page per record with the
same fields, list pages, an RSS feed and a JSON index — built from the
same records (`inkan registry list --json`), with a minimal theme.

usage: hugo-site.py INKAN REGISTRY OUTDIR
"""
import json
import os
import subprocess
import sys

inkan, reg, out = sys.argv[1:4]
records = json.loads(subprocess.run([inkan, 'registry', 'list', reg, '--json'],
                                    check=True, capture_output=True).stdout)
os.makedirs(os.path.join(out, 'content', 'records'), exist_ok=True)
os.makedirs(os.path.join(out, 'layouts', '_default'), exist_ok=True)
open(os.path.join(out, 'config.toml'), 'w').write('''
baseURL = "/"
title = "registry"
disableKinds = ["taxonomy", "term"]
[outputs]
home = ["HTML", "RSS", "JSON"]
section = ["HTML", "RSS"]
''')
L = os.path.join(out, 'layouts', '_default')
open(os.path.join(L, 'single.html'), 'w').write(
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>'
    '<table>{{ range $k, $v := .Params }}<tr><th scope="row">{{ $k }}</th><td>{{ $v }}</td></tr>{{ end }}</table>'
    '</main></body></html>')
open(os.path.join(L, 'list.html'), 'w').write(
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>'
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.status }}</li>{{ end }}</ul></main></body></html>')
open(os.path.join(L, 'index.json'), 'w').write(
    '[{{ range $i, $p := .Site.RegularPages }}{{ if $i }},{{ end }}{"id":{{ $p.Params.id | jsonify }},'
    '"status":{{ $p.Params.status | jsonify }},"path":{{ $p.RelPermalink | jsonify }}}{{ end }}]')
for r in records:
    hexid = r['id'][7:]
    fm = {k: v for k, v in r.items() if isinstance(v, (str, int))}
    fm['title'] = r.get('service') or r.get('organisation') or r.get('person') or r['id']
    with open(os.path.join(out, 'content', 'records', hexid + '.md'), 'w') as f:
        f.write(json.dumps(fm, ensure_ascii=False) + '\n')
