#!/bin/sh
# Each subcommand takes the options its usage lists and refuses every
# other option of its command (exit 2, naming the options it takes),
# never silently ignoring one; a mistyped subcommand or option gets the
# nearest one.  The cases come from each command's -h, so the table and
# the help cannot drift apart.
. "$(dirname "$0")/lib.sh"

python3 - "$INKAN" >"$T/tap" <<'PY'
import re, subprocess, sys
inkan = sys.argv[1]
n = 0
def ok(cond, desc):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, desc))

for cmd in ("registry", "keys", "scs"):
    usage = subprocess.run([inkan, cmd, "-h"], capture_output=True,
                           text=True).stdout
    blocks, cur = {}, None
    for line in usage.splitlines():
        m = re.match(r"^(?:usage:)?\s+inkan %s (.*)" % cmd, line)
        if m:
            words = m.group(1).split()
            k = 2 if words[0] in ("catalog", "sheet") else 1
            cur = " ".join(words[:k])
            blocks[cur] = set(re.findall(r"--[a-z][a-z-]*", line))
        elif cur and line.startswith(" "):
            blocks[cur] |= set(re.findall(r"--[a-z][a-z-]*", line))
        else:
            cur = None
    ok(len(blocks) >= 3, "inkan %s -h lists its subcommands (%d)" %
       (cmd, len(blocks)))
    every = set().union(*blocks.values())
    for sub, opts in sorted(blocks.items()):
        for o in sorted(opts):
            r = subprocess.run([inkan, cmd] + sub.split() + [o, "x"],
                               capture_output=True, text=True)
            ok("is not an option of" not in r.stderr,
               "%s %s takes %s" % (cmd, sub, o))
        for o in sorted(every - opts):
            r = subprocess.run([inkan, cmd] + sub.split() + [o, "x"],
                               capture_output=True, text=True)
            ok(r.returncode == 2 and "is not an option of '%s'" % sub
               in r.stderr and "it takes" in r.stderr or
               r.returncode == 2 and "which takes none" in r.stderr,
               "%s %s refuses %s (exit %d)" % (cmd, sub, o, r.returncode))

def says(args, text, code=2):
    r = subprocess.run([inkan] + args, capture_output=True, text=True)
    ok(r.returncode == code and text in r.stderr,
       "inkan %s: exit %d and %r" % (" ".join(args), code, text))

says(["registry", "lsit", "x"], "did you mean 'list'?")
says(["registry", "list", "--jsno", "x"], "did you mean '--json'?")
says(["keys", "genrate"], "did you mean 'generate'?")
says(["scs", "sheet", "exprot"], "did you mean 'sheet export'?")
says(["site", "biuld"], "did you mean 'build'?")
says(["registry", "status", "d", "id", "--json"],
     "'--json' is not an option of 'status'")
says(["registry", "proof", "d", "id", "extra"], "takes 2 arguments, not 3")
says(["registry", "frobnicate", "d"], "unknown subcommand 'frobnicate'")
print("1..%d" % n)
PY
cat "$T/tap"
! grep -q '^not ok' "$T/tap"
