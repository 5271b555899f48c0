#!/bin/sh
# log/cosignatures is hostile input (docs/FORMAT.md 8.6): what the holder
# of the log key commits there — garbage, a huge file, too many lines,
# duplicates, a line by a key the root does not name, a named witness's
# bad signature, a line under a named witness's name with another key —
# never crashes a reader and never makes a quorum: each case gets its
# exit code (5, naming what is wrong or missing), and its positive twin
# passes.  Each is committed signed by the log key (lib.sh's
# log_key_commit), so that the readers read it rather than refuse an
# unsigned commit.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2 3; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
# w2's name with w3's key: another key under a named witness's name.
$INKAN witness init ws2x --name witness.example/w2 --key w3.key >/dev/null
w1=$(cat wv1) w2=$(cat wv2)
synthetic_registry reg 敵対試験
synthetic_envelopes 1
env1=$(sed -n 1p envs.list)
$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2" >/dev/null 2>&1
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2 3 2x; do $INKAN witness add-log ws$w --log-vkey "$lv"; done
$INKAN registry add reg "$env1" -q 2>/dev/null
$INKAN registry checkpoint reg >cp
for w in 1 2 3 2x; do
	$INKAN witness cosign ws$w cp | tail -n 1 >line$w
done
check "four cosignature lines made" sh -c 'for w in 1 2 3 2x; do grep -q "^— " line$w || exit 1; done'

# put NAME FILE: commits FILE as log/cosignatures, signed by the log key.
put() {
	cp "$2" reg/log/cosignatures && log_key_commit reg reg "test: $1"
}
# readers DESC CODE [PATTERN]: verify --registry and registry verify both
# exit CODE, the first saying PATTERN on stderr.
readers() {
	expect "$2" "$1: verify --registry exit $2" $INKAN verify "$env1" --registry reg
	if [ $# -gt 2 ]; then check "...says '$3'" err_has "$3"; fi
	expect "$2" "$1: registry verify exit $2" $INKAN registry verify reg
}

cat line1 line2 >good
put good good
readers "both witnesses' lines" 0

head -c 3000 /dev/urandom >garbage
put garbage garbage
readers "random bytes" 5 "log/cosignatures"

{ cat line1 line2; printf 'hello world\n'; } >junkline
put junkline junkline
readers "a quorum and one line that is no cosignature line" 5 "line 3 is not a cosignature line"

{ cat line1 line2; printf '\342\200\224 witness.example/w1 !!!notbase64\n'; } >badb64
put badb64 badb64
readers "a named witness's line that is not base64" 5 "line 3 is not a cosignature line"

{ cat line1 line2; printf '\342\200\224 witness.example/w1'; } >nonl
put nonl nonl
readers "a last line without its newline" 5 "has no newline"

python3 -c 'import sys; sys.stdout.write(open("line1").read() * 300)' >huge
put huge huge
readers "a huge file (300 copies of one line)" 5 "larger than"

head -c 9000000 /dev/zero | tr '\0' 'x' >vast
put vast vast
readers "a file past every registry file's limit" 5 "larger than"

python3 -c 'import sys; sys.stdout.write(open("line1").read() * 30 + open("line2").read() * 40)' >many
put many many
readers "70 lines, under the size limit" 5 "more than 64 lines"

cat line1 line1 line1 >dups
put dups dups
readers "one witness's line three times" 5 "has 1 of 2 required cosignatures (missing: witness.example/w2)"

cat line1 line2 line1 line2 >dups2
put dups2 dups2
readers "both lines twice (duplicates count once, the quorum is met)" 0

cat line1 line3 >unlisted
put unlisted unlisted
readers "a line by a witness the root does not name, for the second" 5 "has 1 of 2 required cosignatures (missing: witness.example/w2)"

cat line3 line1 line2 >unlisted2
put unlisted2 unlisted2
readers "...and beside a quorum it is ignored" 0

python3 - line2 bad2 <<'PY'
import base64, sys
name, sig = open(sys.argv[1], encoding="utf-8").read().rstrip("\n")[2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[40] ^= 1
open(sys.argv[2], "w", encoding="utf-8").write("\u2014 %s %s\n" % (name, base64.b64encode(bytes(b)).decode()))
PY
cat line1 bad2 >badsig
put badsig badsig
readers "a named witness's bad signature" 5 "missing: witness.example/w2 (bad signature)"

cat line1 line2x >otherkey
put otherkey otherkey
readers "a line under a named witness's name by another key" 5 "missing: witness.example/w2)"

: >empty
put empty empty
readers "an empty file" 5 "has 0 of 2 required cosignatures"

expect 5 "site build of the last: exit 5, no crash" $INKAN site build reg -o site -q
put good good
readers "the good lines again" 0
expect 0 "...site build exit 0" $INKAN site build reg -o site -q

# A writer over hostile lines rewrites the file with what verifies.
put badsig badsig
cat cp line2 >carry
expect 0 "add-cosignatures over a bad line stores the good one" \
	$INKAN registry add-cosignatures reg carry
readers "...and the readers accept the result" 0
check "...one line a witness" sh -c 'test "$(git -C reg show HEAD:log/cosignatures | wc -l)" -eq 2'

# Last: registry verify also reports the deletion this makes.
rm reg/log/cosignatures && mkdir reg/log/cosignatures && cp line1 reg/log/cosignatures/x &&
	log_key_commit reg reg "test: a folder"
expect 5 "a folder where the file should be: verify --registry exit 5" \
	$INKAN verify "$env1" --registry reg
check "...says so" err_has "not a regular"

done_testing
