#!/usr/bin/env python3
"""Makes N realistic drafts for a synthetic registry: audit reports (SOC 2,
ISMAP-style) with Japanese text, from the templates `inkan new` prints, so
that the benchmarks sign and add them with the real commands.

usage: gen.py INKAN OUTDIR N AUDITOR_KEYID MANAGEMENT_KEYID[,KEYID...]
       gen.py --corporate-number K

One organisation per management key (a management key signs only for the
organisation it is accredited for): organisation 0 is the template's own,
organisation K > 0 is 株式会社ベンチK with the 法人番号 that
`gen.py --corporate-number K` prints.  Record i belongs to organisation
i mod (the number of keys).  Writes OUTDIR/drafts/dNNNNNN.json,
OUTDIR/drafts.list (one path per line) and OUTDIR/drafts-K.list (the
drafts of organisation K, for its management key to sign).
"""
import hashlib
import json
import os
import subprocess
import sys


def strip_comments(text):
    """// comments outside strings, as inkan's own reader drops them."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == '\\' and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c == '/' and i + 1 < n and text[i + 1] == '/':
            while i < n and text[i] != '\n':
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def corporate_number(k):
    """A valid 13-digit 法人番号 for organisation k: a check digit, then 12."""
    base = '%012d' % (1010401000000 + k * 7919 % 10 ** 12)
    base = base[-12:]
    digits = [int(c) for c in reversed(base)]
    total = sum(d * (1 if i % 2 == 0 else 2) for i, d in enumerate(digits))
    return str(9 - total % 9) + base


if len(sys.argv) == 3 and sys.argv[1] == '--corporate-number':
    print(corporate_number(int(sys.argv[2])))
    sys.exit(0)
inkan, outdir, n, aud, mgmt = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    sys.argv[4], sys.argv[5].split(',')
base = json.loads(strip_comments(subprocess.run(
    [inkan, 'new', 'audit-report'], check=True, capture_output=True,
    text=True).stdout))
os.makedirs(os.path.join(outdir, 'drafts'), exist_ok=True)
names = ['かぞえる', 'つなぐ', 'はこぶ', 'まもる', 'しらべる', 'ととのえる',
         'あずける', 'とどける']
lists = [open(os.path.join(outdir, 'drafts-%d.list' % k), 'w')
         for k in range(len(mgmt))]
with open(os.path.join(outdir, 'drafts.list'), 'w') as lst:
    for i in range(n):
        k = i % len(mgmt)
        d = json.loads(json.dumps(base))
        p = d['predicate']
        p['service']['name'] = {
            'ja': 'クラウドサービス「%s%d」' % (names[i % len(names)], i),
            'en': 'Cloud service %d' % i}
        p['service']['id'] = 'svc-%06d' % i
        # One organisation per management key, each with its 法人番号.
        if k > 0:
            p['organisation']['name'] = {'ja': '株式会社ベンチ%d' % k,
                                         'en': 'Bench %d K.K.' % k}
            p['organisation']['corporate_number'] = corporate_number(k)
        for s in p['signers']:
            s['keyid'] = aud if s['role'] == 'auditor' else mgmt[k]
        # A distinct report per record: its digest, as sign would fill it.
        d['subject'][0]['name'] = 'report-%06d.pdf' % i
        d['subject'][0]['digest'] = {
            'sha256': hashlib.sha256(b'report %d' % i).hexdigest()}
        path = os.path.join(outdir, 'drafts', 'd%06d.json' % i)
        # (dumps then one write: json.dump writes piece by piece)
        with open(path, 'w') as f:
            f.write(json.dumps(d, ensure_ascii=False))
        lst.write(path + '\n')
        lists[k].write(path + '\n')
for f in lists:
    f.close()
