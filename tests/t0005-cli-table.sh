#!/bin/sh
# One table of commands and options (cli/cli.h), and everything a person
# reads about them checked against it: -h of every command and
# subcommand lists each option with its help, one example and the man
# page; every subcommand refuses an option it does not take, naming the
# nearest one it takes; the man pages' SYNOPSIS and option lists and the
# bash completion name the same options (a scratch copy that drifts is
# caught, an unchanged one passes).  Then the --json of the commands that
# report, each one object with its documented keys and a failure twin
# with nothing on stdout, and -q printing nothing on success.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"

# The checks of the table, in Python: "PASS<TAB>what" or "FAIL<TAB>what"
# lines, then '#' lines saying why, numbered by ok/not_ok below.
cat >"$T/table.py" <<'PY'
import json, os, re, shutil, subprocess, sys

inkan, src, tmp, mode = sys.argv[1:5]
out = []

def ok(cond, desc, why=""):
    out.append(("PASS" if cond else "FAIL") + "\t" + desc)
    if not cond and why:
        out.extend("# " + l for l in str(why).splitlines()[:12])

def run(args, **kw):
    # in the scratch folder: a case that is wrongly accepted must not
    # write into the source tree
    kw.setdefault("cwd", tmp)
    return subprocess.run([inkan] + args, capture_output=True, text=True,
                          **kw)

def osa(a, b):
    # The distance cli_distance() uses: a swap of neighbours is one edit.
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and \
                    a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]

r = run(["help", "--json"])
table = json.loads(r.stdout)
cmds = {c["name"]: c for c in table["commands"]}
byshort = {c: {o["short"]: o["name"] for o in cmds[c]["options"]
               if o["short"]} for c in cmds}

def named(c):
    return [s for s in cmds[c]["subcommands"] if s["name"]]

def squash(s):
    return " ".join(s.split())

# ---- -h, from the table ---------------------------------------------------
def help_checks():
    listed = re.findall(r"(?m)^  ([a-z0-9-]+) ", run(["-h"]).stdout)
    ok(sorted(listed) == sorted(cmds), "inkan -h lists every command of the "
       "table (%d)" % len(cmds), (listed, sorted(cmds)))
    for name, c in sorted(cmds.items()):
        pages = [([name], None)] + [([name] + s["name"].split(), s)
                                    for s in named(name)]
        for words, sub in pages:
            r = run(words + ["-h"])
            want = {o["name"] for o in c["options"]
                    if sub is None or o["name"] in
                    {x["name"] for x in sub["options"]}} | {"help"}
            shown = set(re.findall(r"(?m)^  (?:-[a-z], |    )--([a-z][a-z0-9-]*)",
                                   r.stdout))
            what = "inkan %s -h" % " ".join(words)
            ok(r.returncode == 0 and shown == want, "%s lists exactly the "
               "options %s (%d)" % (what, "it takes" if sub else
               "of the command", len(want)), (sorted(shown), sorted(want)))
            text = squash(r.stdout)
            missing = []
            for o in c["options"]:
                if o["name"] not in want:
                    continue
                left = ("-%s, " % o["short"] if o["short"] else "") + \
                    "--" + o["name"] + (" " + o["arg"] if o["arg"] else "")
                if squash(left + " " + o["help"]) not in text:
                    missing.append(left)
            ok(not missing, "%s gives each option its line of help" % what,
               missing)
            ok(re.search(r"(?m)^example:\n  inkan %s " % name, r.stdout) and
               ("see inkan-%s(1)" % name) in r.stdout,
               "%s ends with an example and the man page" % what)

# ---- refusals ----------------------------------------------------------------
def refusal_checks():
    every = sorted({o["name"] for c in cmds.values() for o in c["options"]})
    for name, c in sorted(cmds.items()):
        opts = {o["name"]: o for o in c["options"]}
        if named(name):
            cases = [(s["name"].split(), s["name"],
                      [x["name"] for x in s["options"]]) for s in named(name)]
        else:
            cases = [([], name, sorted(opts))]
        for words, what, taken in cases:
            bad = 0
            for o in sorted(set(every) | set(opts)):
                arg = ["x"] if o in opts and opts[o]["arg"] else []
                r = run([name] + words + ["--" + o] + arg)
                if o in taken:
                    if "is not an option" in r.stderr or \
                            "unknown option" in r.stderr:
                        bad += 1
                        ok(False, "inkan %s %s takes --%s" % (name, what, o),
                           r.stderr)
                    continue
                head = ("'--%s' is not an option of '%s'" % (o, what)) if \
                    o in opts else "unknown option '--%s'" % o
                if not taken:
                    good = r.returncode == 2 and head in r.stderr and \
                        "'%s' takes no options" % what in r.stderr
                else:
                    m = re.search(re.escape(head) + r"; (?:did you mean|the "
                                  r"nearest it takes is) '--([a-z0-9-]+)'",
                                  r.stderr)
                    good = r.returncode == 2 and m is not None and \
                        m.group(1) in taken and osa(o, m.group(1)) == \
                        min(osa(o, t) for t in taken)
                if not good:
                    bad += 1
                    ok(False, "inkan %s %s refuses --%s naming the nearest "
                       "option it takes (exit %d)" % (name, what, o,
                       r.returncode), r.stderr)
            ok(bad == 0, "inkan %s %s: takes its %d options and refuses the "
               "%d others, each naming the nearest it takes" % (name,
               " ".join(words) or "", len(taken), len(set(every) |
               set(opts)) - len(taken)))
            # A short option it does not take names its long name.
            for o in c["options"]:
                if o["short"] and o["name"] not in taken:
                    arg = ["x"] if o["arg"] else []
                    r = run([name] + words + ["-" + o["short"]] + arg)
                    ok(r.returncode == 2 and "'--%s' is not an option of "
                       "'%s'" % (o["name"], what) in r.stderr,
                       "inkan %s -%s is refused as --%s" % (" ".join(
                           [name] + words), o["short"], o["name"]), r.stderr)

    def says(args, text, code=2):
        r = run(args)
        ok(r.returncode == code and text in r.stderr,
           "inkan %s: exit %d and %r" % (" ".join(args), code, text),
           r.stderr)
    says(["registry", "lsit", "x"], "did you mean 'list'?")
    says(["registry", "list", "--jsno", "x"], "did you mean '--json'?")
    says(["keys", "genrate"], "did you mean 'generate'?")
    says(["scs", "sheet", "exprot"], "did you mean 'sheet export'?")
    says(["site", "biuld"], "did you mean 'build'?")
    says(["verify", "--regsitry", "r", "e"], "did you mean '--registry'?")
    says(["registry", "proof", "d", "id", "extra"], "takes 2 arguments, not 3")
    says(["registry", "frobnicate", "d"], "unknown subcommand 'frobnicate'")
    says(["registry", "list", "d", "--pass", "x"], "unknown option '--pass'")

# ---- man pages --------------------------------------------------------------
def unesc(s):
    return s.replace("\\-", "-").replace("\\&", "")

def man_problems(path, name):
    """What the synopsis and the option list of a man page say that the
    table does not, or the other way round."""
    c = cmds[name]
    probs = []
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    syn = text.split(".Sh SYNOPSIS", 1)[1].split("\n.Sh ", 1)[0]
    blocks = []
    for line in syn.splitlines():
        if line.startswith(".Nm inkan " + name):
            rest = unesc(line[len(".Nm inkan " + name):]).split()
            blocks.append({"words": rest, "lines": [], "head": True})
        elif blocks:
            b = blocks[-1]
            if b["head"] and line.startswith(".Cm "):
                b["words"] += unesc(line[4:]).split()
                continue
            b["head"] = False
            b["lines"].append(line)
    def opts_of(lines):
        got = {}
        for line in lines:
            toks = unesc(line).split()
            if not toks:
                continue
            optional = toks[0] in (".Op", ".Oo", ".Pq")
            toks[0] = toks[0].lstrip(".")
            for i, t in enumerate(toks[:-1]):
                if t != "Fl":
                    continue
                # "Fl \-json" is --json, "Fl o" is -o.
                f = toks[i + 1]
                o = f[1:] if f.startswith("-") else byshort[name].get(f, f)
                got[o] = (not optional, "..." in toks[i + 2:])
        return got
    subs = named(name)
    if subs:
        seen = set()
        for b in blocks:
            match = [s for s in subs
                     if b["words"][:len(s["name"].split())] ==
                     s["name"].split()]
            if not match:
                probs.append("a synopsis of '%s' that the table does not "
                             "have" % " ".join(b["words"]))
                continue
            s = max(match, key=lambda s: len(s["name"]))
            seen.add(s["name"])
            want = {x["name"]: (x["required"], x["repeat"])
                    for x in s["options"]}
            got = opts_of(b["lines"])
            if got != want:
                probs.append("%s: the synopsis has %s, the table %s" %
                             (s["name"], sorted(got.items()),
                              sorted(want.items())))
        for s in subs:
            if s["name"] not in seen:
                probs.append("no synopsis of '%s'" % s["name"])
    else:
        forms = cmds[name]["subcommands"]
        if len(blocks) != len(forms):
            probs.append("%d synopses for %d forms" % (len(blocks),
                                                       len(forms)))
        for b, s in zip(blocks, forms):
            want = {x["name"]: (x["required"], x["repeat"])
                    for x in s["options"]}
            got = opts_of(b["lines"])
            if got != want:
                probs.append("the synopsis has %s, the table %s" %
                             (sorted(got.items()), sorted(want.items())))
    # The option list: an .It for each option, and none for another.
    listed = set()
    for line in text.splitlines():
        if line.startswith(".It Fl"):
            toks = unesc(line).split()
            for i, t in enumerate(toks[:-1]):
                if t == "Fl":
                    f = toks[i + 1]
                    listed.add(f[1:] if f.startswith("-") else
                               "help" if f == "h" else
                               byshort[name].get(f, "-" + f))
    want = {o["name"] for o in c["options"]} | {"help"}
    if listed != want:
        probs.append("the option list has %s, the table %s" %
                     (sorted(listed - want), sorted(want - listed)))
    return probs

def man_checks():
    for name in sorted(cmds):
        p = os.path.join(src, "docs/man/inkan-%s.1" % name)
        probs = man_problems(p, name)
        ok(not probs, "inkan-%s(1): its SYNOPSIS and option list name the "
           "options of the table, required and repeatable as it says" % name,
           "\n".join(probs))
    # Drift in a scratch copy is caught; the unchanged copy passes.
    page = os.path.join(tmp, "inkan-keys.1")
    shutil.copy(os.path.join(src, "docs/man/inkan-keys.1"), page)
    ok(not man_problems(page, "keys"), "an unchanged scratch copy of "
       "inkan-keys(1) passes")
    text = open(page, encoding="utf-8").read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(text.replace(".Op Fl \\-json\n", "", 1))
    probs = man_problems(page, "keys")
    ok(any("synopsis" in p for p in probs), "a copy whose synopsis lost "
       "an option (--json) is caught", probs)
    with open(page, "w", encoding="utf-8") as f:
        f.write(text.replace(".It Fl \\-no\\-passphrase\n",
                             ".It Fl \\-no\\-pass\n", 1))
    probs = man_problems(page, "keys")
    ok(any("option list" in p for p in probs), "a copy whose option list "
       "names an option the table does not have is caught", probs)

# ---- completion ------------------------------------------------------------
def completion_problems(path):
    cases = [(["inkan", ""], sorted(list(cmds) + ["--help", "--version"]))]
    for name in sorted(cmds):
        c = cmds[name]
        subs = named(name)
        if subs:
            first = sorted({s["name"].split()[0] for s in subs})
            cases.append((["inkan", name, ""], first))
            for w in first:
                two = sorted({s["name"].split()[1] for s in subs
                              if s["name"].split()[0] == w and
                              len(s["name"].split()) > 1})
                if two:
                    cases.append((["inkan", name, w, ""], two))
        for s in subs or c["subcommands"][:1]:
            taken = [x["name"] for x in s["options"]] if subs else \
                [o["name"] for o in c["options"]]
            words = ["inkan", name] + s["name"].split()
            cases.append((words + ["--"], sorted(["--" + t for t in taken] +
                                                 ["--help"])))
            for o in c["options"]:
                if o["name"] in taken and o["arg"] and "|" in o["arg"]:
                    cases.append((words + ["--" + o["name"], ""],
                                  sorted(o["arg"].split("|"))))
    acts = re.search(r"(?m)^actions: (.*)$",
                     run(["registry", "-h"]).stdout).group(1).split()
    cases.append((["inkan", "registry", "status", "d", "x", "--action", ""],
                  sorted(acts)))
    roles = re.search(r"(?m)^roles: (.*)$",
                      run(["sign", "-h"]).stdout).group(1).replace(",", "")
    cases.append((["inkan", "sign", "--role", ""], sorted(roles.split())))
    script = [". '%s'" % path]
    for i, (words, _) in enumerate(cases):
        script.append("COMP_WORDS=(%s); COMP_CWORD=%d; _inkan; echo \"%d "
                      "${COMPREPLY[*]}\"" % (" ".join("'%s'" % w for w in words),
                                              len(words) - 1, i))
    env = dict(os.environ, PATH=os.path.dirname(inkan) + ":" +
               os.environ["PATH"])
    r = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True,
                       text=True, env=env, cwd=tmp)
    got = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(" ")
        got[int(k)] = sorted(v.split())
    probs = []
    for i, (words, want) in enumerate(cases):
        if got.get(i) != want:
            probs.append("%s: completes %s, the table has %s" %
                         (" ".join(words), got.get(i), want))
    return len(cases), probs

def completion_checks():
    comp = os.path.join(src, "docs/completion/inkan.bash")
    n, probs = completion_problems(comp)
    ok(n > 40 and not probs, "the bash completion offers the commands, "
       "subcommands, options and values of the table (%d cases)" % n,
       "\n".join(probs))
    copy = os.path.join(tmp, "inkan.bash")
    shutil.copy(comp, copy)
    n, probs = completion_problems(copy)
    ok(not probs, "an unchanged scratch copy of the completion passes")
    # A list kept by hand that fell behind the table.
    text = open(comp).read()
    with open(copy, "w") as f:
        f.write(text.replace(
            "\t# The words of the subcommand so far",
            "\tif [ \"$COMP_CWORD\" -eq 2 ] && [ \"$cmd\" = registry ]; then\n"
            "\t\tCOMPREPLY=($(compgen -W \"init accredit add status list "
            "show verify checkpoint proof rotate-root export\" -- \"$cur\"))\n"
            "\t\treturn\n\tfi\n"
            "\t# The words of the subcommand so far", 1))
    n, probs = completion_problems(copy)
    ok(any("registry" in p for p in probs), "a scratch copy with a "
       "subcommand list that fell behind the table is caught", probs)

{"help": help_checks, "refuse": refusal_checks, "man": man_checks,
 "completion": completion_checks}[mode]()
print("\n".join(out))
PY

# table MODE: runs one part of the checks above.
table() {
	python3 "$T/table.py" "$INKAN" "$src" "$T" "$1" >"$T/table.out" 2>&1 ||
		{ not_ok "the $1 checks ran"; sed 's/^/#   /' "$T/table.out"; return; }
	while IFS= read -r line; do
		case $line in
		PASS*) ok "${line#PASS	}" ;;
		FAIL*) not_ok "${line#FAIL	}" ;;
		*) echo "$line" ;;
		esac
	done <"$T/table.out"
}

expect 0 "inkan help --json prints the table" $INKAN help --json
check "...as one JSON object with every command" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
assert len(t["commands"]) >= 12, t
for c in t["commands"]:
    assert c["options"] is not None and c["subcommands"] and c["example"]
    for o in c["options"]:
        assert o["name"] and o["help"], o' "$T/out"
expect 2 "help --json with a command is a usage error" $INKAN help --json verify
table help
table refuse
table man
table completion

# ---- --json and -q ---------------------------------------------------------
cd "$T" || exit 2
mkdir work && cd work || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z

# has FILE PYTHON: FILE is one JSON value j for which PYTHON holds.
has() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
exec(sys.argv[2])' "$1" "$2"
}
empty() { test ! -s "$T/out"; }

expect 0 "keys generate --json" $INKAN keys generate --out aud --no-passphrase --json
check "...one object: keyid, algorithm, private_key, public_key, encrypted" has "$T/out" '
assert isinstance(j, dict) and sorted(j) == ["algorithm", "encrypted", "keyid", "private_key", "public_key"], j
assert j["private_key"] == "aud.key" and j["public_key"] == "aud.pub" and j["encrypted"] is False
import subprocess
assert subprocess.run(["'"$INKAN"'", "keys", "id", "aud.pub"], capture_output=True, text=True).stdout.strip() == j["keyid"]'
expect 2 "keys generate --json over an existing key fails" $INKAN keys generate --out aud --no-passphrase --json
check "...with nothing on stdout" empty
for k in mgmt op other; do
	$INKAN keys generate --out $k --no-passphrase >/dev/null 2>&1
done
A=$($INKAN keys id aud.pub)
M=$($INKAN keys id mgmt.pub)

$INKAN new audit-report | $fill auditor="$A" management="$M" '{}' >a.json
expect 0 "sign --json" $INKAN sign a.json --key aud.key --role auditor -o a.dsse.json --json
check "...one object: records[] with file, id, output, signatures, signed_as, disclosures" has "$T/out" '
r = j["records"]
assert sorted(j) == ["records"] and len(r) == 1, j
assert sorted(r[0]) == ["disclosures", "file", "id", "output", "signatures", "signed_as"], r
assert r[0]["file"] == "a.json" and r[0]["output"] == "a.dsse.json" and r[0]["signatures"] == 1
assert r[0]["signed_as"] == "auditor" and r[0]["id"].startswith("sha256:")
import os; assert r[0]["disclosures"] is None or os.path.exists(r[0]["disclosures"])'
rid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["id"])' "$T/out")
expect 2 "sign --json of a draft whose envelope exists fails" $INKAN sign a.json --key aud.key --role auditor -o a.dsse.json --json
check "...with nothing on stdout" empty
expect 2 "sign --json with the envelope to stdout is refused" $INKAN sign a.json --key aud.key -o - --json
check "...with nothing on stdout" empty
expect 1 "sign -q with a key that cannot sign as management fails" $INKAN sign a.dsse.json --key aud.key --role management -q
check "...saying why on stderr" err_has "^inkan: "
expect 0 "sign -q adds a signature" $INKAN sign a.dsse.json --key mgmt.key --role management -q
check "...printing nothing" sh -c 'test ! -s "$0" && test ! -s "$1"' "$T/out" "$T/err"
check "...and the signature is there" sh -c '$0 verify a.dsse.json --key aud.pub --key mgmt.pub >/dev/null' "$INKAN"

expect 0 "verify -q of a valid envelope" $INKAN verify -q a.dsse.json --key aud.pub --key mgmt.pub
check "...prints nothing" sh -c 'test ! -s "$0" && test ! -s "$1"' "$T/out" "$T/err"
expect 1 "verify -q of an envelope the key did not sign" $INKAN verify -q a.dsse.json --key other.pub
check "...says why" out_has "NOT valid"

expect 0 "verify --json" $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub --json
python3 -c 'import json,base64,sys
e = json.load(open(sys.argv[1]))
sys.stdout.write(json.dumps(json.loads(base64.b64decode(e["payload"]))["predicate"]))' a.dsse.json >pred.json
check "...scheme, level, organisation, service and validity next to status and record, as the record says" has "$T/out" '
p = json.load(open("pred.json"))
r = j[0]
assert r["valid"] is True and "record" in r
assert r["scheme"] == p["scheme"] and r["level"] == p.get("level")
assert r["organisation"] == {"name": p["organisation"]["name"], "corporate_number": p["organisation"]["corporate_number"]}, r["organisation"]
assert r["service"] == {"id": p["service"]["id"], "name": p["service"]["name"]}, r["service"]
assert r["validity"] == {"from": p["validity"]["not_before"], "until": p["validity"]["not_after"]}, r["validity"]
assert r["validity"]["from"] < r["validity"]["until"]'
expect 1 "verify --json of a bad envelope exits 1" $INKAN verify a.dsse.json --key other.pub --json
check "...with the whole answer on stdout, valid false" has "$T/out" 'assert j[0]["valid"] is False and "scheme" in j[0]'

# disclose --json
bundle=a.disclosures.json
item=$(python3 -c 'import json,sys
b = json.load(open(sys.argv[1]))
print(json.loads(b["disclosures"][0])[1].split("/")[-1])' "$bundle" 2>/dev/null)
expect 0 "disclose --json" $INKAN disclose "$bundle" --select "$item" -o d.json --json
check "...one object: output, mode, record_id, items" has "$T/out" '
assert sorted(j) == ["items", "mode", "output", "record_id"], j
assert j["record_id"] == "'"$rid"'" and j["output"] == "d.json" and j["mode"] == "0600"
assert j["items"] == ["'"$item"'"]'
check "...and the file it names is there" test -s d.json
expect 1 "disclose --json of an item the bundle does not hold fails" $INKAN disclose "$bundle" --select NO.SUCH -o d2.json --json
check "...with nothing on stdout and no file" sh -c 'test ! -s "$0" && test ! -e d2.json' "$T/out"
expect 2 "disclose --json to stdout is refused" $INKAN disclose "$bundle" --select "$item" --json
check "...with nothing on stdout" empty

# registry init / accredit / status / proof --json
expect 0 "registry init --json" $INKAN registry init reg --operator-key op.key --expires 2030-01-01 --json
check "...one object: registry, root, root_version" has "$T/out" '
assert sorted(j) == ["registry", "root", "root_version"], j
assert j["registry"] == "reg" and j["root"].startswith("sha256:") and j["root_version"] == 1'
expect 2 "registry init --json of an existing registry fails" $INKAN registry init reg --operator-key op.key --json
check "...with nothing on stdout" empty
scheme=$(python3 -c 'import json; print(json.load(open("pred.json"))["scheme"])')
for r in aud:auditor mgmt:management; do
	# (the template's organisation and audit firm: FORMAT.md 8.4)
	printf '{"person":{"name":"%s"},"organisation":{"name":"株式会社サンプルクラウド","corporate_number":"9010401123456"},"audit_firm":{"name":"あおぞら監査法人","selection_id":"AF-2025-017"},"roles":["%s"],"schemes":["%s"],"key":{"public_key_file":"%s.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' \
	    "${r%%:*}" "${r#*:}" "$scheme" "${r%%:*}" >"acc-${r%%:*}.json"
done
expect 0 "registry accredit --json" $INKAN registry accredit reg --key op.key acc-aud.json --json
check "...one object: registry, id, action, target, reason_code" has "$T/out" '
assert sorted(j) == ["action", "id", "reason_code", "registry", "target"], j
assert j["action"] == "accredit" and j["id"].startswith("sha256:") and j["registry"] == "reg"'
expect 2 "registry accredit --json of a missing file fails" $INKAN registry accredit reg --key op.key no-such.json --json
check "...with nothing on stdout" empty
$INKAN registry accredit reg --key op.key acc-mgmt.json >/dev/null
expect 0 "the record is added" $INKAN registry add reg a.dsse.json -q
check "...add -q prints nothing" empty
expect 0 "registry proof --json" $INKAN registry proof reg "$rid" --json
$INKAN registry checkpoint reg >cp
$INKAN registry proof reg "$rid" >proof.txt
check "...one object: id, format, integrated, index, hashes, checkpoint, the text proof's" has "$T/out" '
assert sorted(j) == ["checkpoint", "format", "hashes", "id", "index", "integrated"], j
assert j["id"] == "'"$rid"'" and j["format"] == "c2sp.org/tlog-proof@v1"
assert j["checkpoint"] == open("cp").read()
import base64
text = open("proof.txt").read()
assert text == "%s\nextra %s\nindex %d\n%s\n%s" % (j["format"],
    base64.b64encode(j["integrated"].encode()).decode(), j["index"],
    "".join(h + "\n" for h in j["hashes"]), j["checkpoint"]), text'
expect 5 "registry proof --json of a record not in the log fails" $INKAN registry proof reg sha256:0000000000000000000000000000000000000000000000000000000000000000 --json
check "...with nothing on stdout" empty
expect 0 "registry status --json" $INKAN registry status reg "$rid" --action suspend --reason INVESTIGATION --text test --key op.key --json
check "...one object: registry, id, action, target, reason_code" has "$T/out" '
assert sorted(j) == ["action", "id", "reason_code", "registry", "target"], j
assert j["action"] == "suspend" and j["target"] == "'"$rid"'" and j["reason_code"] == "INVESTIGATION"
assert j["id"].startswith("sha256:") and j["id"] != j["target"]'
expect 2 "registry status --json with an unknown action fails" $INKAN registry status reg "$rid" --action frobnicate --reason INVESTIGATION --key op.key --json
check "...with nothing on stdout" empty
expect 0 "registry verify -q of a sound registry" $INKAN registry verify reg -q
check "...prints nothing" empty
mkdir notreg
expect 2 "registry verify -q of a folder that is no registry" $INKAN registry verify notreg -q
check "...says why" err_has "^inkan: registry verify: "
expect 6 "registry verify -q of a registry whose trust root has expired" $INKAN registry verify reg -q --at 2031-01-01
check "...still prints what it found" out_has "PROBLEMS FOUND"

# scs check --json: the catalogue imported, the sheet filled as t0200 does.
mkdir cat && cp "$src/catalogs/schemes.json" cat/
INKAN_CATALOGS=$PWD/cat
export INKAN_CATALOGS
INKAN_NOW=2026-06-16T01:00:00Z
$INKAN scs catalog import "$src/tests/fixtures/scs-star3-criteria.csv" \
    --level 3 --base "$src/catalogs/scs-star3-2026.json" --version 2026-03-27 \
    -o cat/scs-star3-official.json >/dev/null 2>&1
$INKAN scs sheet export --catalog scs-star3 --format csv -o sheet.csv 2>/dev/null
$INKAN keys generate --out expert --no-passphrase >/dev/null 2>&1
E=$($INKAN keys id expert.pub)
python3 - sheet.csv filled.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
for r in rows[1:]:
    r[4:10] = ['対応済', '規程を整備し、運用している', '文書類、ヒアリング', '適合', '記録を確認した', '満たす']
with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(rows)
PY
cat >base3.json <<JSON
{
  "predicateType": "urn:inkan:scs-assessment:v1",
  "subject": [],
  "predicate": {
    "scheme": "scs-star3", "level": 3,
    "organisation": {"name": "AAA 株式会社", "corporate_number": "7000012050002"},
    "scope": {"kind": "company", "summary": "本社"},
    "expert": {"name": "応援 太郎", "qualification": "情報処理安全確保支援士", "registration_number": "RISS-012345"},
    "management_declaration": {"name": "情報 太郎", "title": "代表取締役社長", "date": "2026-06-16",
      "text": "当社は、要求事項に基づく評価の結果が事実に基づくものであることを宣言します。"},
    "confirmation_date": "2026-06-15",
    "signers": [
      {"role": "expert", "keyid": "$E", "name": "応援 太郎"},
      {"role": "management", "keyid": "$M", "name": "情報 太郎"}
    ]
  }
}
JSON
$INKAN scs sheet import filled.csv --catalog scs-star3 --draft base3.json -o scs.json 2>/dev/null
expect 0 "scs check --json" $INKAN scs check scs.json --json
check "...one object: file, registrable, scheme, level, catalog, requirements, validity, signers" has "$T/out" '
assert sorted(j) == ["catalog", "file", "level", "registrable", "requirements", "scheme", "signers", "validity"], j
assert j["registrable"] is True and j["scheme"] == "scs-star3" and j["level"] == 3
assert j["catalog"] == {"id": "scs-star3", "version": "2026-03-27"}, j["catalog"]
q = j["requirements"]
assert q["total"] == q["conformant"] + q["not_applicable"] + q["needs_improvement"] > 0, q
assert j["signers"] == ["expert", "management"] and j["validity"]["from"] < j["validity"]["until"]'
check "...the same counts as the line scs check prints" sh -c '
$0 scs check scs.json | grep -q "$1 requirements: $2 "' "$INKAN" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requirements"]["total"])' "$T/out")" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requirements"]["conformant"])' "$T/out")"
python3 -c 'import json,re,sys
d = json.loads(re.sub(r"(?m)^\s*//.*$", "", open("scs.json").read()))
del d["predicate"]["confirmation_date"]
json.dump(d, open("scs-bad.json", "w"), ensure_ascii=False)'
expect 1 "scs check --json of a draft with a problem fails" $INKAN scs check scs-bad.json --json
check "...with nothing on stdout" empty
check "...and the problem on stderr" err_has "^inkan: scs check: "

done_testing
