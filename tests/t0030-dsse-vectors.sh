#!/bin/sh
# The DSSE known answers of ../shared/vectors/dsse-ed25519.json: inkan
# sign --raw with the RFC 8032 TEST 1 key reproduces each envelope byte
# for byte, and inkan verify accepts it and rejects a changed one.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
test1_key k.pem
python3 - "$INKAN_VECTORS/dsse-ed25519.json" <<'PY'
import json,base64,sys
d=json.load(open(sys.argv[1]))
open("k.pub","w").write(d["dsse_key"]["public_pem"])
for i,v in enumerate(d["dsse"]):
    open("p%d" % i,"wb").write(base64.b64decode(v["payload_b64"]))
    open("t%d" % i,"w").write(v["payloadType"])
    open("e%d" % i,"w").write(json.dumps(v["envelope"],sort_keys=True,separators=(",",":"),ensure_ascii=False)+"\n")
PY
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dsse_key"]["keyid_sha256_spki"])' "$INKAN_VECTORS/dsse-ed25519.json")
expect 0 "keys id of the TEST 1 key" $INKAN keys id k.pem
check "TEST 1 key id matches the vector" test "$(cat "$T/out")" = "$want"
i=0
while [ -f "p$i" ]; do
	expect 0 "vector $i: sign --raw" $INKAN sign --raw --payload-type "$(cat t$i)" --key k.pem "p$i" -o "o$i"
	check "vector $i: envelope reproduced byte for byte" cmp -s "o$i" "e$i"
	expect 0 "vector $i: the vector's envelope verifies" $INKAN verify "e$i" --key k.pub
	sed 's/"sig":"./"sig":"A/' "e$i" >"x$i"
	cmp -s "e$i" "x$i" && sed 's/"sig":"./"sig":"B/' "e$i" >"x$i"
	expect 1 "vector $i: a changed signature does not verify" $INKAN verify "x$i" --key k.pub
	i=$((i + 1))
done
check "all three vectors were found" test "$i" -eq 3
done_testing
