#!/usr/bin/env python3
"""Signed notes made outside inkan, from the C2SP signed-note text, for
the witness tests: checkpoints no registry would write (size 0, a forged
root) signed with a log's real key.

usage: mknote.py vkey KEY.pem NAME        print the Ed25519 vkey (type 0x01)
       mknote.py sign KEY.pem NAME FILE   print FILE's text signed as a note
"""
import base64
import hashlib
import sys

from cryptography.hazmat.primitives import serialization as s


def load(path):
    k = s.load_pem_private_key(open(path, "rb").read(), None)
    pub = k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
    return k, pub


def key_id(name, pub):
    return hashlib.sha256(name.encode() + b"\n\x01" + pub).digest()[:4]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    k, pub = load(sys.argv[2])
    name = sys.argv[3]
    if sys.argv[1] == "vkey":
        print("%s+%s+%s" % (name, key_id(name, pub).hex(),
                            base64.b64encode(b"\x01" + pub).decode()))
        return
    text = open(sys.argv[4], "rb").read()
    sig = key_id(name, pub) + k.sign(text)
    sys.stdout.buffer.write(text + b"\n\xe2\x80\x94 " + name.encode() + b" " +
                            base64.b64encode(sig) + b"\n")


main()
