#!/bin/sh
# Readers require the root's witness quorum (docs/FORMAT.md 8.6), and
# writers collect it: a registry with two witnesses, one served over HTTP
# (inkan witness serve on 127.0.0.1) and one offline, quorum 2.  A write
# collects the HTTP witness's cosignature into log/cosignatures in the
# same commit; verify --registry, registry verify and site build refuse
# (exit 5, naming the missing witness) until the offline one's is added
# with registry add-cosignatures; then all three pass, and the stored
# cosignatures verify with the independent checker.  A witness down
# during a write: the write succeeds, says so, and the readers refuse.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2)
synthetic_registry reg 証人試験
synthetic_envelopes 3
env1=$(sed -n 1p envs.list) env2=$(sed -n 2p envs.list) env3=$(sed -n 3p envs.list)
expect 0 "the root names two witnesses, both needed" \
	$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2"
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do $INKAN witness add-log ws$w --log-vkey "$lv"; done

$INKAN witness serve ws1 --listen 127.0.0.1:0 >serve.out 2>serve.err &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 100); do
	grep -q '^listening on port' serve.out && break
	sleep 0.1
done
port=$(sed -n 's/^listening on port //p' serve.out)
check "the HTTP witness listens" test -n "$port"

expect 2 "witness-url of a witness the root does not name: exit 2" \
	$INKAN registry witness-url reg witness.example/w9 "http://127.0.0.1:$port"
expect 2 "witness-url of an address that is not http(s): exit 2" \
	$INKAN registry witness-url reg witness.example/w1 "ftp://127.0.0.1:$port"
expect 0 "witness-url sets the HTTP witness's address" \
	$INKAN registry witness-url reg witness.example/w1 "http://127.0.0.1:$port"
expect 0 "...listed" $INKAN registry witness-url reg
check "...kept in .git/inkan/witnesses, not in the tree" sh -c \
	"grep -qx 'witness.example/w1 http://127.0.0.1:$port' reg/.git/inkan/witnesses && ! git -C reg ls-files | grep -q witnesses"

expect 0 "a write with one witness served" $INKAN registry add reg "$env1" -q
check "...says how many of the quorum it has, naming the missing one" \
	err_has "has 1 of 2 required cosignatures (missing: witness.example/w2)"
check "...the HTTP witness's line is in the same commit" sh -c \
	"git -C reg show HEAD:log/cosignatures | grep -q '^— witness.example/w1 '"
git -C reg show HEAD:log/checkpoint >cp1
git -C reg show HEAD:log/cosignatures | cat cp1 - >cs1
check "...and verifies with the independent checker" sh -c "$chk '$lv' '$w1' cs1 >/dev/null"
head -n 3 cp1 >hw
check "...the witness now holds that checkpoint" sh -c \
	"head -n 3 ws1/logs/*/checkpoint | cmp -s - hw"

expect 5 "verify --registry below the quorum: exit 5" \
	$INKAN verify "$env1" --registry reg
check "...one line naming the missing witness" \
	err_has "inkan: verify: checkpoint of size [0-9]* has 1 of 2 required cosignatures (missing: witness.example/w2)"
expect 5 "registry verify below the quorum: exit 5" $INKAN registry verify reg
check "...names it" out_has "missing: witness.example/w2"
expect 5 "site build below the quorum: exit 5" $INKAN site build reg -o site -q
check "...names it" err_has "missing: witness.example/w2"

# The offline witness: the checkpoint carried to it and back.
$INKAN registry checkpoint reg >carry
expect 0 "the offline witness cosigns the carried checkpoint" \
	$INKAN witness cosign ws2 carry
cp "$T/out" cs2
expect 0 "registry add-cosignatures after a write that collected one" \
	$INKAN registry add-cosignatures reg cs2
git -C reg show HEAD:log/cosignatures >lines
check "...both lines stored, one a witness" sh -c \
	"test \$(wc -l <lines) -eq 2 && grep -c '^— witness.example/w1 ' lines | grep -qx 1 && grep -c '^— witness.example/w2 ' lines | grep -qx 1"
cat cp1 lines >cs12
check "...each verifies with the independent checker" sh -c \
	"$chk '$lv' '$w1' cs12 >/dev/null && $chk '$lv' '$w2' cs12 >/dev/null"
expect 0 "verify --registry with the quorum: exit 0" \
	$INKAN verify "$env1" --registry reg
expect 0 "...--json says witnessed" $INKAN verify "$env1" --registry reg --json
check "...\"witnessed\": true" out_has '"witnessed": *true'
expect 0 "registry verify with the quorum: exit 0" $INKAN registry verify reg --json
check "...\"witnessed\": true, 2 cosignatures" sh -c \
	"grep -q '\"witnessed\": *true' '$T/out' && grep -q '\"cosignatures\": *2' '$T/out'"
expect 0 "site build with the quorum: exit 0" $INKAN site build reg -o site --json
check "...\"witnessed\":true" out_has '"witnessed":true'

# A witness down during a write.
expect 0 "witness-url points the offline witness at a port nobody serves" \
	$INKAN registry witness-url reg witness.example/w2 "http://127.0.0.1:1"
expect 0 "a write with a witness down still commits" \
	$INKAN registry add reg "$env2" -q
check "...stderr names the witness that did not answer" \
	err_has "^inkan: witness 'witness.example/w2': "
check "...and the quorum it has" \
	err_has "has 1 of 2 required cosignatures (missing: witness.example/w2)"
check "...the record is in the committed log" sh -c \
	"test \$(git -C reg show HEAD:log/checkpoint | sed -n 2p) -eq \$((\$(sed -n 2p cp1) + 1))"
expect 5 "verify --registry refuses for lack of quorum" \
	$INKAN verify "$env2" --registry reg
expect 5 "registry verify refuses" $INKAN registry verify reg
expect 5 "site build refuses" $INKAN site build reg -o site -q
expect 0 "witness-url - removes an address" \
	$INKAN registry witness-url reg witness.example/w2 -
check "...gone" sh -c "! grep -q w2 reg/.git/inkan/witnesses"

# A witness that accepts the connection but never answers: the write
# waits its time-out (shortened here), no more.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' >hang.port &
hang=$!
trap 'kill $srv $hang 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 50); do test -s hang.port && break; sleep 0.1; done
$INKAN registry witness-url reg witness.example/w2 "http://127.0.0.1:$(cat hang.port)"
start=$(date +%s)
INKAN_WITNESS_TIMEOUT=1 INKAN_WITNESS_CONNECT_TIMEOUT=1 \
	expect 0 "a write with a witness that never answers still commits" \
	$INKAN registry add reg "$env3" -q
took=$(($(date +%s) - start))
check "...says it timed out" err_has "^inkan: witness 'witness.example/w2': timed out after 1 s"
check "...within its time-outs and one retry ($took s)" test "$took" -lt 10
kill $hang 2>/dev/null

# The offline witness comes online, two checkpoints behind: it answers
# 409 with its size, and the write asks again from there, with the
# consistency proof from that size.
$INKAN witness serve ws2 --listen 127.0.0.1:0 >serve2.out 2>serve2.err &
srv2=$!
trap 'kill $srv $srv2 $hang 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 100); do
	grep -q '^listening on port' serve2.out && break
	sleep 0.1
done
behind=$(sed -n 2p ws2/logs/*/checkpoint)
$INKAN registry witness-url reg witness.example/w2 \
	"http://127.0.0.1:$(sed -n 's/^listening on port //p' serve2.out)"
expect 0 "a write with both witnesses served, one behind" \
	$INKAN registry rotate-root reg --key op.key
check "...both cosign: the one behind caught up from its own size ($behind)" \
	sh -c "grep -q 'has 2 of 2 required cosignatures\$' '$T/err' && ! grep -q missing '$T/err'"
check "...the witness moved from $behind to the new size" sh -c \
	"test \$(sed -n 2p ws2/logs/*/checkpoint) -eq \$(git -C reg show HEAD:log/checkpoint | sed -n 2p) && test $behind -lt \$(sed -n 2p ws2/logs/*/checkpoint)"
check "...its 200 after a 409 is in its log" sh -c "grep -q 409 serve2.err && grep -q 200 serve2.err"
expect 0 "...readers accept the registry again" $INKAN verify "$env3" --registry reg
kill $srv2 2>/dev/null

# An unwitnessed registry keeps working, and says so.
synthetic_registry plain 無証人
expect 0 "an unwitnessed registry: registry verify passes" $INKAN registry verify plain
check "...and says it is unwitnessed" out_has "witnessed *no"
expect 0 "...--json: \"witnessed\": false" $INKAN registry verify plain --json
check "...false" out_has '"witnessed": *false'
expect 5 "...with --max-age: exit 5" $INKAN registry verify plain --max-age 30d
check "...saying it is unwitnessed" out_has "unwitnessed"
expect 5 "verify --registry --max-age on it: exit 5" \
	$INKAN verify "$env1" --registry plain --max-age 30d
check "...saying it is unwitnessed" err_has "inkan: verify: the registry is unwitnessed"
expect 0 "site build of it passes" $INKAN site build plain -o site2 --json
check "...\"witnessed\":false" out_has '"witnessed":false'
expect 5 "site build --max-age of it: exit 5" $INKAN site build plain -o site3 -q --max-age 12h
expect 2 "--max-age that is no duration: exit 2" \
	$INKAN registry verify plain --max-age soon

done_testing
