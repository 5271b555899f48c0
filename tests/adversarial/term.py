#!/usr/bin/env python3
"""Checks that inkan's output is safe for a terminal (cases 200-219).

usage: term.py COMMAND ARGS...

  text NAME               print a hostile (or honest) text: erase, all,
                          keyid, honest, md-links
  check FILE... [--shown S]...
                          exit 0 and print "terminal-safe" when no FILE
                          holds a byte a terminal obeys: C0 but newline and
                          tab, DEL, C1 (U+0080-U+009F), the bidi controls,
                          or bytes that are not UTF-8; each S (as text,
                          e.g. '\\x1b[2J') must be in one of them; else
                          say what and exit 1
  has FILE TEXT           exit 0 and print "unchanged" when FILE holds
                          TEXT's bytes as they are
  json FILE NAME          FILE is JSON that decodes to a value holding text
                          NAME (as its string or a part of one), and is
                          itself terminal-safe: print "same-json"
  screen WORD CMD         run sh -c CMD in a tmux pane and print "on-screen"
                          when WORD is visible on it afterwards, else
                          "erased" (exit 1)
  links FILE --keep URL... --text T... [--ignore URL]...
                          no link or image in FILE (HTML or Markdown) goes
                          to a scheme other than http, https, mailto or a
                          relative target (but the page's own, ignored);
                          each URL is still a link target and each T still
                          in the text: print "links-safe"
"""
import json
import os
import re
import subprocess
import sys
import time

ESC = "\x1b"
TEXTS = {
    # Moves up and erases lines, carriage return, then fake text.
    "erase": "\r" + (ESC + "[1A" + ESC + "[2K") * 4 + "\r all good" + ESC
    + "[8m",
    # One of each class.
    "all": "A" + ESC + "[2J" + ESC + "]52;c;cm0gLXJmIH4K\x07B\u202eC\u009b"
    "31mD\x7fE\u2066F\u200fG\x08H\u2069I\u061cJ\u0080K\r",
    # Short enough for the 16 bytes of a keyid hint verify shows.
    "keyid": ESC + "[2J\u202e\u009b\x7f\r\u2067",
    "honest": "印鑑★\tA&B",
    "md-links": "[msdt](ms-msdt:/id%20PCWDiagnostic) "
    "[srch](search-ms:query=x) [file](file:///c:/x) "
    "[js](&#x6A;avascript:alert(1)) [jsc](JavaScript:alert(1)) "
    "[data](data:text/html,x) [vbs](vbscript:msgbox) [tel](tel:+8131) "
    "<ms-msdt:autolink> [unc](//evil.example/share) "
    "[ok](https://example.org/report) [rel](records/other.html) "
    "[mail](mailto:audit@example.org)",
}

BIDI = {0x61C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | \
    set(range(0x2066, 0x206A))


def unsafe(data):
    """The first unsafe thing in data (bytes), or None."""
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        return "bytes that are not UTF-8 at %d: %r" % (
            e.start, data[e.start:e.start + 4])
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in "\n\t") or c == 0x7F:
            return "control U+%04X at character %d" % (c, i)
        if 0x80 <= c <= 0x9F:
            return "C1 control U+%04X at character %d" % (c, i)
        if c in BIDI:
            return "bidi control U+%04X at character %d" % (c, i)
    return None


def cmd_check(args):
    files, shown = [], []
    while args:
        a = args.pop(0)
        if a == "--shown":
            shown.append(args.pop(0))
        else:
            files.append(a)
    blob = b""
    for f in files:
        data = open(f, "rb").read()
        why = unsafe(data)
        if why:
            print("%s: %s" % (f, why))
            return 1
        blob += data
    for s in shown:
        if s.encode() not in blob:
            print("not shown as text: %s" % s)
            return 1
    print("terminal-safe")
    return 0


def cmd_has(args):
    data = open(args[0], "rb").read()
    want = TEXTS.get(args[1], args[1]).encode()
    if want not in data:
        print("%r is not in %s as it is" % (want, args[0]))
        return 1
    print("unchanged")
    return 0


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def cmd_json(args):
    data = open(args[0], "rb").read()
    why = unsafe(data)
    if why:
        print("%s: %s" % (args[0], why))
        return 1
    try:
        doc = json.loads(data.decode("utf-8"))
    except ValueError as e:
        print("not JSON: %s" % e)
        return 1
    want = TEXTS.get(args[1], args[1])
    if not any(want in s for s in strings(doc)):
        print("no string holds %r" % want)
        return 1
    print("same-json")
    return 0


def cmd_screen(args):
    word, cmd = args[0], args[1]
    sock = "inkan-adv-%d" % os.getpid()
    tmux = ["tmux", "-L", sock]
    try:
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        print("tmux is missing")
        return 3
    subprocess.run(tmux + ["new-session", "-d", "-x", "200", "-y", "50",
                           cmd + "; echo SCREEN-DONE; sleep 30"],
                   check=True)
    pane = ""
    try:
        for _ in range(300):
            pane = subprocess.run(tmux + ["capture-pane", "-p"],
                                  capture_output=True, text=True).stdout
            if "SCREEN-DONE" in pane:
                break
            time.sleep(0.1)
    finally:
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)
    sys.stdout.write("# screen:\n" + "".join(
        "#   " + l + "\n" for l in pane.rstrip().splitlines()))
    if "SCREEN-DONE" not in pane:
        print("the command did not finish")
        return 1
    if word not in pane:
        print("erased")
        return 1
    print("on-screen")
    return 0


ALLOWED = re.compile(r"(?i)^(https?|mailto):")


def allowed(url):
    url = url.strip()
    head = re.split(r"[/?#]", url, 1)[0]
    if ":" in head:
        return bool(ALLOWED.match(url))
    return not re.match(r"^[/\\]{2}", url)


def cmd_links(args):
    f = args.pop(0)
    opts = {"--keep": [], "--text": [], "--ignore": []}
    while args:
        a = args.pop(0)
        opts[a].append(args.pop(0))
    keep, texts = opts["--keep"], opts["--text"]
    data = open(f, encoding="utf-8").read()
    import html
    targets = [html.unescape(u) for u in
               re.findall(r'(?i)(?:href|src)\s*=\s*"([^"]*)"', data)]
    targets += re.findall(r"\]\(<?([^)\s>]*)", data)
    targets += re.findall(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>", data)
    for t in targets:
        if not allowed(t) and t not in opts["--ignore"]:
            print("a link to %r" % t)
            return 1
    for u in keep:
        if u not in targets:
            print("the link to %r is gone" % u)
            return 1
    for t in texts:
        if t not in data:
            print("the text %r is gone" % t)
            return 1
    print("links-safe")
    return 0


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "text":
        sys.stdout.write(TEXTS[args[0]])
        return 0
    return {"check": cmd_check, "has": cmd_has, "json": cmd_json,
            "screen": cmd_screen, "links": cmd_links}[cmd](args)


if __name__ == "__main__":
    sys.exit(main())
