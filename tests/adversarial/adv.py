#!/usr/bin/env python3
"""Helpers for the adversarial cases (tests/adversarial/NNN-*/setup and cmd).

usage: adv.py COMMAND ARGS...

  env IN OP...            an envelope with OPs applied, to stdout (compact JSON)
  payload IN              the decoded payload bytes of an envelope
  record-id IN            "sha256:<hex>" of an envelope's payload
  statement IN            the payload as pretty JSON (for reading)
  canon                   stdin JSON as canonical JSON (sorted, compact, UTF-8)
  draft IN OUT SET...     a draft (// comments dropped) with SETs applied
  rawpub HEX              a PEM public key with these 32 raw bytes
  wrap TYPE FILE          an unsigned envelope of FILE's bytes (no signatures)
  sign KEY TYPE FILE      an envelope of FILE's bytes as they are, signed
                          with the private key file KEY by openssl (so that
                          payloads inkan itself would refuse to sign can be
                          made); its keyid is from KEY.id beside KEY if any
  html-safe FILE          exit 0 and print "escaped" when the HTML holds no
                          script, iframe, object or embed element, no on*
                          attribute and no javascript:/vbscript:/data:
                          link, and shows the XSSMARK text; else exit 1
  md-safe FILE            likewise for Markdown: no raw tag of those kinds
                          and no javascript:/vbscript: link target

Envelope OPs (I is a signature index, N a byte index):
  payload-flip:N          flip the low bit of decoded payload byte N
  payload-file:F          replace the payload by F's bytes
  type:T / type-drop      set or remove payloadType
  sig-flip:I:N            flip the low bit of byte N of signature I
  sig-drop:I              remove signature I
  sig-dup:I               append a copy of signature I
  sig-move:I:J            copy signature I's sig over signature J's
  keyid:I:V / keyid-drop:I  set or remove signature I's keyid
  sig-trunc:I:N           keep the first N bytes of signature I
  sig-extend:I            append a zero byte to signature I
  sig-s-plus-l:I          S := S + L (the group order): a malleated signature
  sig-zero:I              64 zero bytes
  sig-identity:I          R = the identity point, S = 0
  sig-b64:I:TEXT          signature I's sig text, exactly as given
  payload-b64:TEXT        the payload text, exactly as given
  extra:K:JSON            add a top-level member
  sig-from:F:I            append signature I of envelope F

Draft SETs: PATH=JSON, where PATH is dot-separated (numbers index arrays)
under the draft, e.g. predicate.organisation.name='"x"'; PATH=DELETE
removes it; PATH+=TEXT appends TEXT to the string (or to each string of
a {ja, en} text) at PATH.
"""
import base64
import hashlib
import json
import re
import sys

L = 2**252 + 27742317777372353535851937790883648493


def b64d(s):
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.b64encode(b).decode()


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def envelope(path, ops):
    e = load(path)
    sigs = e.get("signatures", [])
    for op in ops:
        a = op.split(":")
        k = a[0]
        if k == "payload-flip":
            p = bytearray(b64d(e["payload"]))
            p[int(a[1])] ^= 1
            e["payload"] = b64e(bytes(p))
        elif k == "payload-file":
            e["payload"] = b64e(open(a[1], "rb").read())
        elif k == "payload-b64":
            e["payload"] = op.split(":", 1)[1]
        elif k == "type":
            e["payloadType"] = op.split(":", 1)[1]
        elif k == "type-drop":
            del e["payloadType"]
        elif k == "sig-from":
            sigs.append(dict(load(a[1])["signatures"][int(a[2])]))
        elif k == "extra":
            _, key, val = op.split(":", 2)
            e[key] = json.loads(val)
        else:
            i = int(a[1])
            if k == "sig-drop":
                del sigs[i]
                continue
            if k == "sig-dup":
                sigs.append(dict(sigs[i]))
                continue
            if k == "keyid":
                sigs[i]["keyid"] = op.split(":", 2)[2]
                continue
            if k == "keyid-drop":
                sigs[i].pop("keyid", None)
                continue
            if k == "sig-b64":
                sigs[i]["sig"] = op.split(":", 2)[2]
                continue
            if k == "sig-move":
                sigs[int(a[2])]["sig"] = sigs[i]["sig"]
                continue
            s = bytearray(b64d(sigs[i]["sig"]))
            if k == "sig-flip":
                s[int(a[2])] ^= 1
            elif k == "sig-trunc":
                s = s[:int(a[2])]
            elif k == "sig-extend":
                s += b"\0"
            elif k == "sig-s-plus-l":
                S = int.from_bytes(bytes(s[32:]), "little") + L
                s = s[:32] + bytearray(S.to_bytes(32, "little"))
            elif k == "sig-zero":
                s = bytearray(64)
            elif k == "sig-identity":
                s = bytearray([1] + [0] * 63)
            else:
                sys.exit("adv.py: unknown op " + op)
            sigs[i]["sig"] = b64e(bytes(s))
    sys.stdout.write(json.dumps(e, separators=(",", ":"), ensure_ascii=False))


def walk(obj, path):
    parts = path.split(".")
    for p in parts[:-1]:
        obj = obj[int(p)] if isinstance(obj, list) else obj.setdefault(p, {})
    last = parts[-1]
    return obj, int(last) if isinstance(obj, list) else last


def draft(src, dst, sets):
    text = re.sub(r"(?m)^\s*//.*$", "", open(src, encoding="utf-8").read())
    d = json.loads(text)
    for s in sets:
        if "+=" in s and ("=" not in s.split("+=", 1)[0]):
            path, val = s.split("+=", 1)
            o, k = walk(d, path)
            v = o[k]
            if isinstance(v, dict):
                o[k] = {lk: lv + val for lk, lv in v.items()}
            else:
                o[k] = v + val
            continue
        path, val = s.split("=", 1)
        o, k = walk(d, path)
        if val == "DELETE":
            del o[k]
        else:
            o[k] = json.loads(val)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)


DANGEROUS = ("javascript:", "vbscript:", "data:text", "data:application")


def url_bad(v):
    v = re.sub(r"[\x00-\x20]", "", v or "").lower()
    return v.startswith(DANGEROUS)


def html_safe(path):
    from html.parser import HTMLParser
    bad = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "iframe", "object", "embed"):
                bad.append("<" + tag + ">")
            for k, v in attrs:
                if k.startswith("on"):
                    bad.append("attribute " + k)
                if k in ("href", "src", "action", "formaction") and url_bad(v):
                    bad.append(k + "=" + v)

    text = open(path, encoding="utf-8").read()
    P().feed(text)
    if "XSSMARK" not in text:
        bad.append("the injected text is not shown at all")
    if bad:
        print("UNSAFE: " + "; ".join(bad))
        sys.exit(1)
    print("escaped")


def md_safe(path):
    text = open(path, encoding="utf-8").read()
    bad = []
    for m in re.finditer(r"<\s*(script|iframe|object|embed)\b", text, re.I):
        # A tag a Markdown renderer passes through: not backslash-escaped.
        if m.start() == 0 or text[m.start() - 1] != "\\":
            bad.append(m.group(0))
    for m in re.finditer(r"\]\(\s*<?([^)\s>]*)", text):
        if url_bad(m.group(1)):
            bad.append("link " + m.group(1))
    for m in re.finditer(r"(?<!\\)<((?:javascript|vbscript):[^>]*)>", text, re.I):
        bad.append("autolink " + m.group(1))
    if "XSSMARK" not in text:
        bad.append("the injected text is not shown at all")
    if bad:
        print("UNSAFE: " + "; ".join(bad))
        sys.exit(1)
    print("escaped")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "env":
        envelope(args[0], args[1:])
    elif cmd == "payload":
        sys.stdout.buffer.write(b64d(load(args[0])["payload"]))
    elif cmd == "record-id":
        p = b64d(load(args[0])["payload"])
        print("sha256:" + hashlib.sha256(p).hexdigest())
    elif cmd == "statement":
        p = b64d(load(args[0])["payload"])
        print(json.dumps(json.loads(p), ensure_ascii=False, indent=1))
    elif cmd == "canon":
        sys.stdout.write(canon(json.load(sys.stdin)))
    elif cmd == "draft":
        draft(args[0], args[1], args[2:])
    elif cmd == "rawpub":
        der = bytes.fromhex("302a300506032b6570032100" + args[0])
        print("-----BEGIN PUBLIC KEY-----\n" + b64e(der) +
              "\n-----END PUBLIC KEY-----")
    elif cmd == "html-safe":
        html_safe(args[0])
    elif cmd == "md-safe":
        md_safe(args[0])
    elif cmd == "sign":
        import os, subprocess, tempfile
        key, ptype, path = args
        payload = open(path, "rb").read()
        pae = b"DSSEv1 %d %s %d " % (len(ptype), ptype.encode(), len(payload)) + payload
        with tempfile.TemporaryDirectory() as t:
            open(t + "/pae", "wb").write(pae)
            subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", key,
                            "-rawin", "-in", t + "/pae", "-out", t + "/sig"],
                           check=True)
            sig = open(t + "/sig", "rb").read()
        s = {"sig": b64e(sig)}
        idf = os.path.splitext(key)[0] + ".id"
        if os.path.exists(idf):
            s = {"keyid": open(idf).read().strip(), "sig": b64e(sig)}
        e = {"payload": b64e(payload), "payloadType": ptype, "signatures": [s]}
        sys.stdout.write(json.dumps(e, separators=(",", ":")))
    elif cmd == "wrap":
        e = {"payload": b64e(open(args[1], "rb").read()),
             "payloadType": args[0], "signatures": []}
        sys.stdout.write(json.dumps(e, separators=(",", ":")))
    else:
        sys.exit("adv.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
