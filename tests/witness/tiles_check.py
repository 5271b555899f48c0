#!/usr/bin/env python3
"""An independent checker of a log published as C2SP tlog-tiles, written
from the C2SP texts (signed-note, tlog-checkpoint, tlog-cosignature,
tlog-tiles) and RFC 6962, not from inkan's code.

usage: tiles_check.py LOG_VKEY QUORUM SITE [WITNESS_VKEY...]

Reads SITE/log/checkpoint: the log's Ed25519 signature (type 0x01) must
verify; each WITNESS_VKEY's cosignature/v1 (type 0x04), when there,
must verify, and at least QUORUM of them must be there.  Then the root
hash is computed twice, from the hash tiles SITE/log/tile/<L>/<N>[.p/<W>]
and from the entry bundles SITE/log/tile/entries/<N>[.p/<W>] (each entry
a big-endian uint16 length and the leaf data, RFC 6962 leaf-hashed),
and both must equal the checkpoint's; the level-0 tiles must hold the
hashes of the bundles' entries.  Prints "<size> <base64 root>
<cosigners>"; exits 1 saying why on stderr when anything fails.
"""
import base64
import hashlib
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import \
    Ed25519PublicKey

W = 256


class Fail(Exception):
    pass


def b64(s):
    return base64.b64decode(s, validate=True)


def parse_vkey(vkey, want_type):
    name, keyid, rest = vkey.split("+", 2)
    raw = b64(rest)
    if len(raw) != 33 or raw[0] != want_type:
        raise Fail("vkey %s is not of type %#x" % (vkey, want_type))
    kid = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if kid.hex() != keyid:
        raise Fail("vkey %s: key id does not match" % vkey)
    return name, kid, Ed25519PublicKey.from_public_bytes(raw[1:])


def split_note(data):
    i = data.rindex(b"\n\n")
    text, sigs = data[:i + 1], data[i + 2:].decode()
    if not sigs.endswith("\n"):
        raise Fail("the note does not end in a newline")
    out = []
    for line in sigs[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise Fail("a signature line without an em dash")
        name, sig = line[2:].split(" ", 1)
        out.append((name, b64(sig)))
    return text, out


def check_checkpoint(data, log, witnesses):
    text, sigs = split_note(data)
    lines = text.decode().split("\n")
    origin, size, root = lines[0], int(lines[1]), b64(lines[2])
    lname, lkid, lkey = log
    signed = False
    cosigners = []
    for name, sig in sigs:
        if name == lname and sig[:4] == lkid:
            lkey.verify(sig[4:], text)
            signed = True
        for wname, wkid, wkey in witnesses:
            if name == wname and sig[:4] == wkid:
                if len(sig) != 4 + 8 + 64:
                    raise Fail("a cosignature of %d bytes" % len(sig))
                (t,) = struct.unpack(">Q", sig[4:12])
                wkey.verify(sig[12:], b"cosignature/v1\ntime %d\n" % t + text)
                cosigners.append(wname)
    if not signed:
        raise Fail("no signature by the log key")
    if origin != lname:
        raise Fail("origin %r is not the log key's name" % origin)
    return size, root, cosigners


def node(a, b):
    return hashlib.sha256(b"\x01" + a + b).digest()


def leaf(d):
    return hashlib.sha256(b"\x00" + d).digest()


def mth(hs):
    # RFC 6962 2.1: split at the largest power of two below n.
    if len(hs) == 1:
        return hs[0]
    k = 1
    while k * 2 < len(hs):
        k *= 2
    return node(mth(hs[:k]), mth(hs[k:]))


def tile_name(n):
    g = "%03d" % (n % 1000)
    n //= 1000
    while n > 0:
        g = "x%03d/%s" % (n % 1000, g)
        n //= 1000
    return g


def read_tile(site, kind, n, width):
    p = os.path.join(site, "log", "tile", kind, tile_name(n))
    if width < W:
        p += ".p/%d" % width
    try:
        return open(p, "rb").read()
    except OSError as e:
        raise Fail("%s: %s" % (p, e.strerror))


def hashes(site, level, count):
    """The count hashes of tile level `level` (tree level 8*level)."""
    out = []
    for n in range((count + W - 1) // W):
        width = min(W, count - n * W)
        t = read_tile(site, str(level), n, width)
        if len(t) != 32 * width:
            raise Fail("tile %d/%s holds %d bytes, wanted %d"
                       % (level, tile_name(n), len(t), 32 * width))
        out += [t[i:i + 32] for i in range(0, len(t), 32)]
    return out


def root_from_tiles(site, size):
    # The tree's complete subtrees are read from the tiles' levels: a
    # subtree of 2^k leaves at level k//8 spans 2^(k%8) hashes there.
    levels = {}
    parts = []
    start = 0
    for k in range(63, -1, -1):
        if not size >> k & 1:
            continue
        lv = k // 8
        if lv not in levels:
            levels[lv] = hashes(site, lv, size >> (8 * lv))
        first = start >> (8 * lv)
        parts.append(mth(levels[lv][first:first + (1 << (k % 8))]))
        start += 1 << k
    # A level-L tile's hashes must be the heads of the full tiles below.
    for lv in sorted(levels):
        if lv + 1 in levels:
            for i, h in enumerate(levels[lv + 1]):
                if mth(levels[lv][i * W:(i + 1) * W]) != h:
                    raise Fail("tile level %d hash %d is not the head of "
                               "the tile below" % (lv + 1, i))
    r = parts[-1]
    for p in reversed(parts[:-1]):
        r = node(p, r)
    return r, levels.get(0) or hashes(site, 0, size)


def entries(site, size):
    out = []
    for n in range((size + W - 1) // W):
        width = min(W, size - n * W)
        b = read_tile(site, "entries", n, width)
        got = 0
        while b:
            if len(b) < 2:
                raise Fail("entry bundle %s is cut short" % tile_name(n))
            (ln,) = struct.unpack(">H", b[:2])
            if len(b) < 2 + ln:
                raise Fail("entry bundle %s is cut short" % tile_name(n))
            out.append(b[2:2 + ln])
            b = b[2 + ln:]
            got += 1
        if got != width:
            raise Fail("entry bundle %s holds %d entries, wanted %d"
                       % (tile_name(n), got, width))
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    try:
        log = parse_vkey(sys.argv[1], 0x01)
        quorum = int(sys.argv[2])
        site = sys.argv[3]
        wits = [parse_vkey(v, 0x04) for v in sys.argv[4:]]
        cp = open(os.path.join(site, "log", "checkpoint"), "rb").read()
        size, root, cosigners = check_checkpoint(cp, log, wits)
        if len(cosigners) < quorum:
            raise Fail("%d cosignatures, the quorum is %d"
                       % (len(cosigners), quorum))
        if size == 0:
            raise Fail("an empty log")
        troot, level0 = root_from_tiles(site, size)
        if troot != root:
            raise Fail("the root hash of the tiles is not the checkpoint's")
        data = entries(site, size)
        lh = [leaf(d) for d in data]
        if lh != level0:
            raise Fail("the level-0 tiles are not the entries' hashes")
        if mth(lh) != root:
            raise Fail("the root hash of the entries is not the "
                       "checkpoint's")
        for d in data:
            f = d.decode().split("\n")
            if len(f) != 3 or f[2] != "" or not f[0].startswith("sha256:"):
                raise Fail("an entry that is not '<id>\\n<time>\\n'")
    except (Fail, ValueError, InvalidSignature, IndexError) as e:
        print("tiles_check: %s" % (str(e) or "signature does not verify"),
              file=sys.stderr)
        sys.exit(1)
    print(size, base64.b64encode(root).decode(), ",".join(cosigners))


main()
