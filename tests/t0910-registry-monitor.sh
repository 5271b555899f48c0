#!/bin/sh
# registry monitor (docs/FORMAT.md 8.10): a procurer's cron job.  The
# first run saves the state; later runs report new registrations and
# status changes of what is watched, from a clone or from a published
# site's log/, and are quiet otherwise; a forked or rewritten log (the
# same size with another root, or fewer leaves) is exit 5 and leaves the
# state as it was; a checkpoint short of its witnesses' quorum is exit 5;
# a corrupted state file is a clear exit 2.  A site is read from a folder
# or from an http(s) URL.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry reg 監視試験
synthetic_envelopes 4
CN=9010401123456
$INKAN registry add reg "$(sed -n 1p envs.list)" -q
cp -R reg fork
mon() { $INKAN registry monitor "$@"; }

expect 0 "the first run" mon reg --state st --watch $CN
check "...saves the state" grep -q '"format": "inkan-monitor/v1"' st
check "...prints nothing on stdout" test ! -s "$T/out"
check "...and says where it starts on stderr" err_has "watching 'inkan.invalid/reg' from"
expect 0 "nothing changed" mon reg --state st --watch $CN
check "...quiet: nothing on stdout or stderr" sh -c "test ! -s '$T/out' && test ! -s '$T/err'"
expect 0 "...with -v it says what it checked" mon reg --state st --watch $CN -v
check "...on stderr" err_has "consistently"

$INKAN registry add reg "$(sed -n 2p envs.list)" -q
expect 0 "a new registration of the watched organisation" mon reg --state st --watch $CN
check "...is reported" out_has "registered sha256:.* 株式会社サンプルクラウド ($CN) svc-000001"
cp st st.good
FIRST=$($INKAN registry list reg --kind audit-report --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
$INKAN registry status reg "$FIRST" --action revoke --reason FALSE-DECLARATION --key op.key >/dev/null
expect 0 "a revocation of a watched service (by its id)" mon reg --state st --watch svc-000000
check "...is reported with its target" out_has "revoke sha256:.* of $FIRST .*svc-000000"
$INKAN registry add reg "$(sed -n 3p envs.list)" -q
expect 0 "a registration of a service not watched" mon reg --state st --watch svc-000000
check "...is not reported" test ! -s "$T/out"
expect 0 "--json" mon reg --state st --watch $CN --json
check "...one JSON value" python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["changes"] == [] and j["first_run"] is False, j' "$T/out"

# A fork: the copy made before the second registration gets another one.
$INKAN registry add fork "$(sed -n 4p envs.list)" -q
cp st.good st.fork
expect 5 "the same size with another root: exit 5" mon fork --state st.fork --watch $CN
check "...names it" err_has "is not an extension of the one of"
check "...and leaves the state as it was" cmp -s st.fork st.good
cp st st.later
expect 5 "a log smaller than the one seen: exit 5" mon fork --state st.later
check "...says it was rewritten" err_has "fewer than the .* seen before"
check "...and leaves the state as it was" cmp -s st st.later

# From a published site: the log key must be given once, then is pinned.
$INKAN site build reg -o site -q
expect 2 "a site without --log-vkey the first time: exit 2" mon site --state sst
check "...says which key to give" err_has "give --log-vkey"
VK=$($INKAN registry checkpoint reg --vkey)
expect 0 "a site with the log's key" mon site --state sst --log-vkey "$VK"
check "...pins the key in the state" grep -q "$VK" sst
cp sst sst.seven
$INKAN registry add reg "$(sed -n 4p envs.list)" -q
$INKAN site build reg -o site -q
expect 0 "the rebuilt site: the new registration, from the entry bundles" \
	mon site --state sst --watch $CN
check "...is reported" out_has "registered sha256:.* svc-000003"
cp -R site bad
python3 - bad/log/tile/entries/000.p/* <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[20] ^= 1
open(p, "wb").write(bytes(b))
PY
cp sst sst.bad
expect 5 "an entry bundle changed on the site: exit 5" mon bad --state sst.bad --watch $CN
check "...the leaves do not give the root" err_has "do not give the checkpoint's root"
# The same site over HTTP (libcurl, loaded when a URL is read).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server -b 127.0.0.1 -d site "$port" >/dev/null 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do
	curl -sf "http://127.0.0.1:$port/log/checkpoint" >/dev/null && break
	sleep 0.3
done
cp sst.seven sst.url
expect 0 "the site at an http URL: the new registration" \
	mon "http://127.0.0.1:$port/" --state sst.url --watch $CN
check "...is reported" out_has "registered sha256:.* svc-000003"
check "...and the state is the one read from the folder" cmp -s sst.url sst
expect 2 "a URL with no site: exit 2" mon "http://127.0.0.1:$port/none" \
	--state sst.none --log-vkey "$VK"
check "...naming what is missing" err_has "none/log/checkpoint': HTTP 404"
kill $srv 2>/dev/null
cp -R site swapped
python3 - swapped "$(sed -n 3p envs.list)" <<'PY'
# The newest leaf's envelope replaced by another record's.
import json, os, shutil, sys
idx = json.load(open(os.path.join(sys.argv[1], "api/index.json")))["records"]
shutil.copy(sys.argv[2], os.path.join(sys.argv[1], "api/envelopes",
                                      idx[-1]["id"][7:] + ".dsse.json"))
PY
expect 5 "an envelope on the site that is not its leaf's record: exit 5" \
	mon swapped --state sst.seven --watch $CN
check "...says so" err_has "its envelope is of another record"
$INKAN registry init other --operator-key op.key --name inkan.invalid/reg \
	--expires 2030-01-01 >/dev/null 2>&1
expect 5 "a log key of the same name that did not sign it: exit 5" \
	mon site --state sst.other --log-vkey "$($INKAN registry checkpoint other --vkey)"
check "...and no state is saved" test ! -e sst.other
printf '{"format": "inkan-monitor/v1", "size": "x"}\n' >st.bad
expect 2 "a corrupted state file: exit 2" mon reg --state st.bad
check "...says so plainly" err_has "state file 'st.bad' is not a monitor state"
printf 'not json' >st.bad2
expect 2 "a state file that is not JSON: exit 2" mon reg --state st.bad2
check "...says so plainly" err_has "is not a monitor state"

# Witnesses: a checkpoint short of the root's quorum is not accepted.
$INKAN keys generate --out w1 --no-passphrase >/dev/null 2>&1
$INKAN witness init ws1 --name witness.example/w1 --key w1.key >wv1
$INKAN registry rotate-root reg --key op.key --witness "$(cat wv1)" >/dev/null 2>&1
cp st st.w
expect 5 "a checkpoint the witness has not cosigned: exit 5" mon reg --state st.w
check "...below the quorum" err_has "cosigned by 0 of the 1 witnesses needed"
check "...and leaves the state as it was" cmp -s st st.w
$INKAN witness add-log ws1 --log-vkey "$VK" >/dev/null
$INKAN registry checkpoint reg >cp
$INKAN witness cosign ws1 cp >cs1
$INKAN registry add-cosignatures reg cs1 >/dev/null 2>&1
expect 0 "...once cosigned it passes" mon reg --state st.w -v
check "...and names the witness" err_has "cosigned by 1 (quorum 1): witness.example/w1"
expect 2 "--log-vkey with a clone, whose root names the key: exit 2" \
	mon reg --state st.w --log-vkey "$VK"
check "...says which options are for a site" err_has "are for a site"
expect 0 "registry monitor -h" $INKAN registry monitor -h
done_testing
