#!/usr/bin/env python3
"""An independent checker of witness cosignatures, written from the C2SP
texts (signed-note, tlog-checkpoint, tlog-cosignature), not from inkan's
code.

usage: cosig_check.py LOG_VKEY WITNESS_VKEY FILE...

Each FILE is a checkpoint note.  For each, the log's signature (Ed25519,
signature type 0x01) must verify, and a cosignature/v1 by the witness
(Ed25519, type 0x04) must be there and verify.  Prints one line per FILE:
"<file> <size> <base64 root> <timestamp>"; exits 1 on the first FILE
that fails, saying why on stderr.
"""
import base64
import hashlib
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import \
    Ed25519PublicKey


def b64(s):
    return base64.b64decode(s, validate=True)


def parse_vkey(vkey, want_type):
    # <name>+<hex key id>+<base64(type || key)>
    name, keyid, rest = vkey.split("+", 2)
    raw = b64(rest)
    if raw[0] != want_type or len(raw) != 33:
        raise ValueError("vkey %s: type %#x, wanted %#x" % (vkey, raw[0],
                                                            want_type))
    kid = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if kid.hex() != keyid:
        raise ValueError("vkey %s: key id does not match" % vkey)
    return name, kid, Ed25519PublicKey.from_public_bytes(raw[1:])


def split_note(data):
    # The text ends at the last blank line; the rest are signature lines.
    i = data.rindex(b"\n\n")
    text, sigs = data[:i + 1], data[i + 2:]
    lines = sigs.decode().split("\n")
    if lines[-1] != "":
        raise ValueError("the note does not end in a newline")
    out = []
    for line in lines[:-1]:
        if not line.startswith("\u2014 "):
            raise ValueError("a signature line without an em dash")
        name, sig = line[2:].split(" ", 1)
        out.append((name, b64(sig)))
    return text, out


def check(path, log, wit):
    data = open(path, "rb").read()
    text, sigs = split_note(data)
    lines = text.decode().split("\n")
    origin, size, root = lines[0], int(lines[1]), lines[2]
    lname, lkid, lkey = log
    wname, wkid, wkey = wit
    good_log = False
    stamp = None
    for name, sig in sigs:
        if name == lname and sig[:4] == lkid:
            lkey.verify(sig[4:], text)  # raises InvalidSignature
            good_log = True
        elif name == wname and sig[:4] == wkid:
            if len(sig) != 4 + 8 + 64:
                raise ValueError("a cosignature of %d bytes" % len(sig))
            (t,) = struct.unpack(">Q", sig[4:12])
            if t == 0 or t > 2**63 - 1:
                raise ValueError("cosignature time %d" % t)
            msg = b"cosignature/v1\ntime %d\n" % t + text
            wkey.verify(sig[12:], msg)
            stamp = t
    if not good_log:
        raise ValueError("no signature by the log key")
    if stamp is None:
        raise ValueError("no cosignature by the witness")
    if origin != lname:
        raise ValueError("origin %r is not the log's name" % origin)
    return size, root, stamp


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    log = parse_vkey(sys.argv[1], 0x01)
    wit = parse_vkey(sys.argv[2], 0x04)
    for path in sys.argv[3:]:
        try:
            size, root, stamp = check(path, log, wit)
        except (ValueError, InvalidSignature, IndexError) as e:
            print("%s: %s" % (path, str(e) or "signature does not verify"),
                  file=sys.stderr)
            sys.exit(1)
        print(path, size, root, stamp)


main()
