#!/bin/sh
# Keys an ssh-agent holds: --key ssh-agent:PUBFILE signs through a real
# ssh-agent (an OpenSSH private key added with ssh-add), and the envelope
# is the one a key file of the same key makes, byte for byte (Ed25519 is
# deterministic).  Negative twins: no agent, nothing listening, a key not
# in the agent, the agent gone in the middle of a batch, and an agent
# that answers with a signature that is not the key's.  Needs
# (tools/deps): openssh-client, python3 (python3-cryptography).
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
cd "$T" || exit 2

check "ssh-agent, ssh-add and ssh-keygen are installed" \
	sh -c 'have() { command -v "$1" >/dev/null; }; have ssh-agent && have ssh-add && have ssh-keygen'
agents=
trap 'for p in $agents; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
# agent SOCKET [ENV...]: starts an ssh-agent on SOCKET (with ENV), and
# points SSH_AUTH_SOCK at it.
agent() {
	_s=$1
	shift
	eval "$(env "$@" ssh-agent -s -a "$_s")" >/dev/null
	agents="$agents $SSH_AGENT_PID"
}
agent "$T/agent.sock"

ssh-keygen -q -t ed25519 -N '' -C mgmt -f mgmt_ssh
ssh-keygen -q -t ed25519 -N '' -C other -f other_ssh
check "ssh-add takes the OpenSSH private key" ssh-add -q mgmt_ssh
$INKAN keys import mgmt_ssh.pub --out mgmt >/dev/null 2>&1
MG=$($INKAN keys id mgmt.pub)
# The same key as PKCS#8, for the file key twin.
python3 - mgmt_ssh mgmt.key <<'PY'
import sys
from cryptography.hazmat.primitives import serialization as s
k = s.load_ssh_private_key(open(sys.argv[1], 'rb').read(), None)
open(sys.argv[2], 'wb').write(k.private_bytes(s.Encoding.PEM,
    s.PrivateFormat.PKCS8, s.NoEncryption()))
PY

# --- keys id and export-pub read the agent form ---------------------------
expect 0 "keys id ssh-agent:PUBFILE" $INKAN keys id ssh-agent:mgmt_ssh.pub
check "...is the key id of the imported public key" test "$(cat "$T/out")" = "$MG"
expect 0 "keys export-pub ssh-agent:PUBFILE" $INKAN keys export-pub ssh-agent:mgmt_ssh.pub -o mgmt2.pub
check "...writes the PEM public key" cmp -s mgmt.pub mgmt2.pub
expect 0 "a PEM public key names the agent's key too" $INKAN keys id ssh-agent:mgmt.pub

# A witness whose key the agent holds (issue 21: every signing key): it
# cosigns a log's checkpoint, and the cosignature verifies independently.
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry wreg 証人鍵
expect 0 "witness init with --key ssh-agent:PUBFILE" \
    $INKAN witness init wst --name witness.example/agent --key ssh-agent:mgmt_ssh.pub
wv=$(cat "$T/out")
expect 0 "...it witnesses the log" $INKAN witness add-log wst --log-vkey "$($INKAN registry checkpoint wreg --vkey)"
$INKAN registry checkpoint wreg >wcp
expect 0 "...and cosigns its checkpoint through the agent" $INKAN witness cosign wst wcp
cp "$T/out" wcs
check "...a cosignature the independent checker verifies" sh -c \
    'python3 "$1/tests/witness/cosig_check.py" "$2" "$3" wcs >/dev/null' \
    _ "$INKAN_SRC" "$($INKAN registry checkpoint wreg --vkey)" "$wv"
expect 2 "the twin: a witness init naming an agent key file that is not there" \
    $INKAN witness init wst2 --name w.example/x --key ssh-agent:nothere.pub
unset INKAN_NOW

# --- signing: the agent's signature is a file key's -----------------------
export INKAN_NOW=2026-06-01T00:00:00Z
$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
$INKAN new audit-report | $fill auditor="$($INKAN keys id aud.pub)" management="$MG" '{}' >a.json
$INKAN sign a.json --key aud.key --role auditor -o a.dsse.json >/dev/null 2>&1
cp a.dsse.json f.dsse.json
expect 0 "management signs an audit report through the agent" $INKAN sign a.dsse.json --key ssh-agent:mgmt_ssh.pub --role management
expect 0 "...and a copy with the same key from a file" $INKAN sign f.dsse.json --key mgmt.key --role management
check "...the two envelopes are the same bytes" cmp -s a.dsse.json f.dsse.json
expect 0 "the agent's envelope verifies with the public keys" $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub
printf 'hello\n' >m.txt
expect 0 "sign --raw through the agent" $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub m.txt -o m.dsse.json
expect 0 "...verifies" $INKAN verify m.dsse.json --key mgmt.pub
expect 0 "export minisign through the agent" $INKAN export minisign m.dsse.json --key ssh-agent:mgmt_ssh.pub -o ma
expect 0 "...and with the key file" $INKAN export minisign m.dsse.json --key mgmt.key -o mf
check "...the same signature" cmp -s ma.payload.minisig mf.payload.minisig
expect 0 "export sshsig through the agent" $INKAN export sshsig m.dsse.json --key ssh-agent:mgmt_ssh.pub -o sa
echo "$MG namespaces=\"inkan\" $(cut -d' ' -f1,2 mgmt_ssh.pub)" >allowed
check "...ssh-keygen -Y verify accepts it" sh -c 'ssh-keygen -Y verify -f allowed -I "$0" -n inkan -s sa.payload.sig <sa.payload >/dev/null 2>&1' "$MG"

# --- what goes wrong, each in one line with exit 2 ------------------------
expect 2 "no agent: SSH_AUTH_SOCK unset" env -u SSH_AUTH_SOCK $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub m.txt -o n1.dsse.json
check "...says so" err_has "^inkan: sign: no ssh-agent for 'mgmt_ssh.pub': SSH_AUTH_SOCK is not set$"
check "...and writes nothing" test ! -e n1.dsse.json
expect 2 "no agent listening at SSH_AUTH_SOCK" env SSH_AUTH_SOCK="$T/none.sock" $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub m.txt -o n2.dsse.json
check "...names the socket and the reason" err_has "^inkan: sign: no ssh-agent at '.*none.sock': No such file or directory$"
expect 2 "a key not in the agent" $INKAN sign --raw --payload-type text/plain --key ssh-agent:other_ssh.pub m.txt -o n3.dsse.json
check "...says which key and which agent" err_has "^inkan: sign: key 'other_ssh.pub' is not in the ssh-agent at '.*agent.sock' (add it with ssh-add)$"
check "...and writes nothing" test ! -e n3.dsse.json
expect 2 "an OpenSSH private key file cannot sign by itself" $INKAN sign --raw --payload-type text/plain --key mgmt_ssh m.txt -o n5.dsse.json
check "...and the reason says how it can" err_has "^inkan: sign: 'mgmt_ssh' is an OpenSSH private key: add it to an ssh-agent (ssh-add) and sign with --key ssh-agent:mgmt_ssh.pub$"
head -c 300000 /dev/zero | tr '\0' x >big.txt
expect 2 "a record past the agent's own message limit (256 KiB)" $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub big.txt -o n6.dsse.json
check "...says so, and writes nothing" sh -c 'grep -q "too long for the ssh-agent" "$0/err" && test ! -e n6.dsse.json' "$T"
expect 2 "keys id of a missing public key file" $INKAN keys id ssh-agent:nope.pub
expect 2 "ssh-agent: with no file" $INKAN keys id ssh-agent:
expect 2 "the agent form is for Ed25519 keys only" sh -c 'ssh-keygen -q -t ecdsa -N "" -f ec_ssh && ssh-add -q ec_ssh 2>/dev/null; exec "$0" keys id ssh-agent:ec_ssh.pub' $INKAN
check "...naming the type" err_has "ecdsa-sha2-nistp256"

# The agent gone in the middle of a batch: an agent that asks before each
# use (ssh-add -c) and whose "askpass" says yes once, then kills the agent.
cat >askpass <<EOF
#!/bin/sh
n=\$(cat "$T/asked" 2>/dev/null || echo 0)
echo \$((n + 1)) >"$T/asked"
[ "\$n" -eq 0 ] && exit 0
kill "\$PPID"
exit 1
EOF
chmod +x askpass
saved=$SSH_AUTH_SOCK
agent "$T/dying.sock" SSH_ASKPASS="$T/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=:0
ssh-add -q -c mgmt_ssh 2>/dev/null
for i in 1 2 3; do printf 'batch %d\n' $i >b$i.txt; done
expect 2 "the agent gone in the middle of a batch fails the batch" $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub b1.txt b2.txt b3.txt
check "...saying the agent went away" err_has "^inkan: sign: the ssh-agent at '.*dying.sock' went away$"
check "...one envelope, made before, is written" test "$(ls b*.dsse.json 2>/dev/null | wc -l)" -eq 1
check "...and it verifies" sh -c '"$0" verify b*.dsse.json --key mgmt.pub >/dev/null' $INKAN
SSH_AUTH_SOCK=$saved

# An agent that answers with a signature that is not the key's (here a
# Python agent that lists the key and "signs" with zeros): refused before
# anything is written, not left for a reader to find.
cat >fake-agent.py <<'PY'
import os, socket, struct, sys
blob = bytes.fromhex(sys.argv[2])
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[1] + '.ready', 'w').close()
def string(b): return struct.pack('>I', len(b)) + b
while True:
    c, _ = s.accept()
    while True:
        h = c.recv(4)
        if len(h) < 4: break
        n, = struct.unpack('>I', h)
        m = b''
        while len(m) < n: m += c.recv(n - len(m))
        if m[0] == 11:
            r = bytes([12]) + struct.pack('>I', 1) + string(blob) + string(b'fake')
        else:
            r = bytes([14]) + string(string(b'ssh-ed25519') + string(bytes(64)))
        c.sendall(struct.pack('>I', len(r)) + r)
    c.close()
PY
blob=$(cut -d' ' -f2 mgmt_ssh.pub | base64 -d | xxd -p | tr -d '\n')
python3 fake-agent.py "$T/fake.sock" "$blob" &
agents="$agents $!"
for i in $(seq 50); do [ -e "$T/fake.sock.ready" ] && break; sleep 0.1; done
expect 2 "an agent answering with a signature not by the key is refused" env SSH_AUTH_SOCK="$T/fake.sock" $INKAN sign --raw --payload-type text/plain --key ssh-agent:mgmt_ssh.pub m.txt -o n4.dsse.json
check "...saying so" err_has "^inkan: sign: the key's holder answered with a signature that does not verify under the key$"
check "...and writes nothing" test ! -e n4.dsse.json

done_testing
