#!/bin/sh
# inkan witness serve: the C2SP tlog-witness add-checkpoint protocol over
# HTTP, its status codes (200, 400, 403, 404, 405, 409 with the size as
# text/x.tlog.size, 413, 422), the monitoring GET, malformed and oversized
# requests survived, and a clean stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry reg 証人試験
synthetic_envelopes 2
$INKAN keys generate --out wk --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out other --no-passphrase >/dev/null 2>&1
wv=$($INKAN witness init ws --name witness.example/w1 --key wk.key)
lv=$($INKAN registry checkpoint reg --vkey)
$INKAN witness add-log ws --log-vkey "$lv"
$INKAN registry checkpoint reg >cp.a
size_a=$(sed -n 2p cp.a)
cp -a reg fork
$INKAN registry add reg "$(sed -n 1p envs.list)" -q
$INKAN registry add fork "$(sed -n 2p envs.list)" -q
$INKAN registry checkpoint reg >cp.b
$INKAN registry checkpoint fork >cp.fb
$INKAN registry consistency reg "$size_a" >p.ab
$INKAN registry consistency fork "$size_a" >p.fab

$INKAN witness serve ws --listen 127.0.0.1:0 >serve.out 2>serve.err &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 100); do
	grep -q '^listening on port' serve.out && break
	sleep 0.1
done
port=$(sed -n 's/^listening on port //p' serve.out)
check "the server says which port it listens on" test -n "$port"

# req NAME METHOD PATH [BODYFILE]: the answer's status, content type and
# body in NAME.status, NAME.type and NAME.body.
req() {
	python3 - "$port" "$@" <<'PY'
import http.client, sys
port, name, method, path = sys.argv[1:5]
body = open(sys.argv[5], "rb").read() if len(sys.argv) > 5 else None
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=20)
c.request(method, path, body=body)
r = c.getresponse()
open(name + ".status", "w").write("%d\n" % r.status)
open(name + ".type", "w").write((r.getheader("Content-Type") or "") + "\n")
open(name + ".body", "wb").write(r.read())
PY
}
status() { test "$(cat "$1.status")" = "$2"; }
body() { { cat "$1"; echo; cat "$2"; } >"$3"; }

echo "old 0" >p.0
body p.0 cp.a r.a
req a POST /add-checkpoint r.a
check "the first checkpoint: 200" status a 200
check "...one cosignature line" sh -c "test \$(wc -l <a.body) -eq 1 && grep -q '^— witness.example/w1 ' a.body"
cat cp.a a.body >cs.a
check "...that verifies independently, added to the checkpoint" sh -c "$chk '$lv' '$wv' cs.a >/dev/null"
req a2 POST /add-checkpoint r.a
check "the same request again (old 0): 409" status a2 409
check "...as text/x.tlog.size" sh -c 'grep -qx "text/x.tlog.size" a2.type'
check "...the witness's size and a newline" sh -c "printf '%s\n' $size_a | cmp -s - a2.body"
body p.ab cp.b r.b
req b POST /add-checkpoint r.b
check "the next checkpoint with its proof: 200" status b 200
cat cp.b b.body >cs.b
check "...verifies independently" sh -c "$chk '$lv' '$wv' cs.b >/dev/null"
size_b=$(sed -n 2p cp.b)
echo "old $size_b" >p.bb
body p.bb cp.fb r.fork
req fork POST /add-checkpoint r.fork
check "the fork at the same size: 422" status fork 422
body p.fab cp.fb r.fork2
req fork2 POST /add-checkpoint r.fork2
check "the fork with its own proof from the old size: 409 (the witness moved on)" status fork2 409
echo "old $((size_b + 5))" >p.above
body p.above cp.b r.above
req above POST /add-checkpoint r.above
check "an old size above the checkpoint's: 400" status above 400
python3 - cp.b cp.badsig <<'PY'
import base64, sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
name, sig = t[-2][2:].split(" ")
b = bytearray(base64.b64decode(sig)); b[20] ^= 1
t[-2] = "\u2014 %s %s" % (name, base64.b64encode(bytes(b)).decode())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(t))
PY
body p.bb cp.badsig r.badsig
req badsig POST /add-checkpoint r.badsig
check "a bad log signature: 403" status badsig 403
sed -n '1,/^$/p' cp.b | head -n -1 | sed "1s/.*/other.example\/log/" >body.o
python3 "$src/tests/witness/mknote.py" sign other.key other.example/log body.o >cp.o
body p.0 cp.o r.unknown
req unknown POST /add-checkpoint r.unknown
check "a log the witness does not witness: 404" status unknown 404
printf 'hello\n' >r.junk
req junk POST /add-checkpoint r.junk
check "a body that is not a request: 400" status junk 400
: >r.empty
req empty POST /add-checkpoint r.empty
check "an empty body: 400" status empty 400
{ echo "old $size_b"; for i in $(seq 64); do echo 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw='; done; echo; cat cp.b; } >r.many
req many POST /add-checkpoint r.many
check "64 proof lines: 400" status many 400
req get GET /add-checkpoint
check "a GET of add-checkpoint: 405" status get 405
req nowhere POST /elsewhere r.a
check "another path: 404" status nowhere 404

# Oversized: a declared length past the limit is refused (413) before the
# body is read; a chunked body that grows past it has its connection
# closed, unanswered.
python3 - "$port" <<'PY' >big.out
import socket, sys
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.sendall(b"POST /add-checkpoint HTTP/1.1\r\nHost: x\r\n"
          b"Content-Length: 100000000\r\n\r\n" + b"old 0\n" * 100)
print(s.recv(4096).split(b"\r\n")[0].decode())
s.close()
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.sendall(b"POST /add-checkpoint HTTP/1.1\r\nHost: x\r\n"
          b"Transfer-Encoding: chunked\r\n\r\n")
chunk = b"%x\r\n%s\r\n" % (8192, b"a" * 8192)
got = b""
try:
    for i in range(40):
        s.sendall(chunk)
    s.settimeout(20)
    got = s.recv(4096)
except OSError:
    try:
        got = s.recv(4096)
    except OSError:
        got = b""
print(got.split(b"\r\n")[0].decode() or "closed")
PY
check "a Content-Length over the limit: 413" sh -c 'sed -n 1p big.out | grep -q " 413 "'
check "a chunked body growing over the limit: the connection closed" sh -c 'sed -n 2p big.out | grep -qx closed'
python3 - "$port" <<'PY'
import socket, sys
# Garbage that is not HTTP, and a connection dropped mid-request.
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"\x00\xff\xfe garbage \r\n\r\n")
try:
    s.recv(100)
except OSError:
    pass
s.close()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST /add-checkpoint HTTP/1.1\r\nContent-Length: 500\r\n\r\nold")
s.close()
PY

req mon GET "/$(printf '%s' "$(head -n 1 cp.b)" | sha256sum | cut -c1-64)/checkpoint"
check "the monitoring GET: 200" status mon 200
check "...the last checkpoint cosigned, with its cosignature" sh -c "$chk '$lv' '$wv' mon.body | grep -q ' $size_b '"
req mon2 GET "/$(printf 'x' | sha256sum | cut -c1-64)/checkpoint"
check "...404 for a log it has not cosigned" status mon2 404

echo "old $size_b" >p.bb2
body p.bb2 cp.b r.again
req again POST /add-checkpoint r.again
check "after all that, the server still cosigns (the same size again): 200" status again 200
check "...and its process is alive" kill -0 $srv

kill -TERM $srv
i=0
while kill -0 $srv 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait $srv
rc=$?
check "SIGTERM stops it, exit 0 ($rc)" test $rc -eq 0
check "...saying so" grep -q 'stopping on signal' serve.err
check "each add-checkpoint answered is logged on stderr, with the reason of a refusal" \
	sh -c "grep -q '^inkan: witness serve: add-checkpoint: 200\$' serve.err && grep -q '^inkan: witness serve: add-checkpoint: 422: .*not consistent' serve.err && grep -q '^inkan: witness serve: add-checkpoint: 409: ' serve.err"
trap 'rm -rf "$T"' EXIT

expect 2 "serve on an address that is not ADDR:PORT: exit 2" \
	$INKAN witness serve ws --listen nowhere
expect 2 "serve on a state that is not a witness: exit 2" \
	$INKAN witness serve reg --listen 127.0.0.1:0

done_testing
