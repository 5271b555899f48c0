#!/bin/sh
# Keys where signers keep them, end to end: the operator and the auditor
# keep their keys on a PKCS#11 token (SoftHSM2), management in an
# ssh-agent.  The operator accredits both from the token, the auditor signs
# an audit report on the token and management through the agent, the
# registry takes it and `verify` passes with the public keys alone; the
# envelope verifies with an independent DSSE check (Python's standard
# library for the PAE, the openssl command for Ed25519) and with
# Sigstore's verifier, as a file key's does.  And a process holding a
# decrypted key makes no core dump.  Needs (tools/deps): softhsm2,
# openssh-client, openssl, python3, nodejs and npm (make check runs npm ci
# in tests/interop).
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fill="python3 $src/tests/fixtures/fill-draft.py"
interop=$src/tests/interop
cd "$T" || exit 2

module=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/*/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && { module=$m; break; }
done
check "SoftHSM2 is installed (Debian softhsm2)" test -n "$module"
check "the npm packages are installed (make check runs npm ci)" \
	test -f "$interop/node_modules/@sigstore/verify/package.json"
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$T" >softhsm2.conf
# Under make check-asan, SoftHSM2's own leaks are not inkan's (the full
# unwinder finds the module's frames beneath libcrypto's).
export LSAN_OPTIONS="suppressions=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lsan-softhsm2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export SOFTHSM2_CONF="$T/softhsm2.conf" INKAN_PKCS11_MODULE="$module"
softhsm2-util --init-token --free --label audit-firm --so-pin 0000 --pin 1234 >/dev/null
echo 1234 >pin
echo 4321 >badpin
eval "$(ssh-agent -s -a "$T/agent.sock")" >/dev/null
trap 'kill "$SSH_AGENT_PID" 2>/dev/null; rm -rf "$T"' EXIT

OP='pkcs11:token=audit-firm;object=operator'
AUDK='pkcs11:token=audit-firm;object=auditor'
MGK=ssh-agent:mgmt_ssh.pub
expect 0 "the operator's key pair is made on the token" $INKAN keys generate --out op --pkcs11 "$OP" --passphrase-file pin
expect 0 "the auditor's key pair is made on the token" $INKAN keys generate --out aud --pkcs11 "$AUDK" --passphrase-file pin
ssh-keygen -q -t ed25519 -N '' -C management -f mgmt_ssh
check "management's OpenSSH key goes into the agent" ssh-add -q mgmt_ssh
expect 0 "...and its public key is imported for the accreditation" $INKAN keys import mgmt_ssh.pub --out mgmt
AUD=$($INKAN keys id aud.pub)
MG=$($INKAN keys id mgmt.pub)

accreditation() { # accreditation FILE PUB ROLE SCHEMES ORG [CORP] [SELECTION]
	_firm=
	[ -z "${7:-}" ] || _firm="\"audit_firm\": {\"name\": \"$5\", \"selection_id\": \"$7\"},"
	cat >"$1" <<JSON
{
  "person": {"name": "テスト 太郎"},
  "organisation": {"name": "$5", "corporate_number": "${6:-1234567890123}"},
  $_firm
  "roles": ["$3"],
  "schemes": $4,
  "key": {"public_key_file": "$2"},
  "valid_from": "2026-01-01T00:00:00Z",
  "valid_until": "2028-01-01T00:00:00Z"
}
JSON
}
export INKAN_NOW=2026-04-01T00:00:00Z
expect 0 "registry init with the operator's token key" $INKAN registry init reg --operator-key "$OP" --passphrase-file pin --name registry.test/inkan --expires 2030-01-01
accreditation acc-aud.json aud.pub auditor '["soc2-type2"]' あおぞら監査法人 "" AF-2025-017
accreditation acc-mg.json mgmt.pub management '["*"]' 株式会社サンプルクラウド 9010401123456
n=$(git -C reg rev-list --count HEAD)
expect 2 "accredit with a wrong PIN" $INKAN registry accredit reg --key "$OP" --passphrase-file badpin acc-aud.json
check "...says so in one line" sh -c 'test "$(wc -l <"$0/err")" -eq 1 && grep -q "wrong PIN" "$0/err"' "$T"
check "...and writes no commit" test "$(git -C reg rev-list --count HEAD)" = "$n"
expect 0 "the operator accredits the auditor from the token" $INKAN registry accredit reg --key "$OP" --passphrase-file pin acc-aud.json
expect 0 "...and management (the module from --pkcs11-module)" env -u INKAN_PKCS11_MODULE $INKAN registry accredit reg --key "$OP" --pkcs11-module "$module" --passphrase-file pin acc-mg.json
MGACC=$(cat "$T/out" | head -n 1)

export INKAN_NOW=2026-06-01T00:00:00Z
$INKAN new audit-report | $fill auditor="$AUD" management="$MG" '{}' >a.json
expect 0 "the auditor signs the audit report on the token" $INKAN sign a.json --key "$AUDK" --role auditor --passphrase-file pin -o a.dsse.json
expect 0 "management signs it through the agent" $INKAN sign a.dsse.json --key "$MGK" --role management
expect 0 "registry add takes it" $INKAN registry add reg a.dsse.json
RID=$(cut -d' ' -f1 "$T/out")
expect 0 "verify with the public keys" $INKAN verify a.dsse.json --key aud.pub --key mgmt.pub
expect 0 "verify against the registry" $INKAN verify a.dsse.json --registry reg
expect 0 "the registry verifies" $INKAN registry verify reg

# The same checks any reader makes, with no inkan code: the PAE by hand,
# each signature by `openssl pkeyutl`.
indep() { # indep ENVELOPE KEYID PUB
	python3 - "$1" "$2" <<'PY' &&
import base64, json, sys
env = json.load(open(sys.argv[1]))
pt, body = env["payloadType"].encode(), base64.b64decode(env["payload"])
sig = next(s for s in env["signatures"] if s["keyid"] == sys.argv[2])
open("pae.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(pt), pt, len(body), body))
open("sig.bin", "wb").write(base64.b64decode(sig["sig"]))
PY
	openssl pkeyutl -verify -pubin -inkey "$3" -rawin -in pae.bin -sigfile sig.bin >/dev/null 2>&1
}
check "an independent check verifies the token's signature" indep a.dsse.json "$AUD" aud.pub
check "...and the agent's" indep a.dsse.json "$MG" mgmt.pub
if indep a.dsse.json "$AUD" mgmt.pub; then
	not_ok "...and refuses the token's signature under management's key"
else
	ok "...and refuses the token's signature under management's key"
fi
expect 0 "export sigstore-bundle" $INKAN export sigstore-bundle a.dsse.json -o a
check "Sigstore's verifier verifies both bundles with the public keys" sh -c \
	'node "$0/verify-bundle.js" --key aud.pub --key mgmt.pub a.*.sigstore.json >tool.log 2>&1 || { cat tool.log >&2; exit 1; }' "$interop"

# A status record signed on the token.
expect 0 "registry status signed with the operator's token key" $INKAN registry status reg "$RID" --action withdraw --reason WITHDRAWN-BY-PROVIDER --text "test" --key "$OP" --passphrase-file pin

# The log key, which signs a checkpoint at every change, in the agent: the
# registry remembers where it is, from any folder.
expect 0 "registry init with the log key in the agent" $INKAN registry init reg2 --operator-key "$OP" --log-key "$MGK" --passphrase-file pin --name registry.test/two --expires 2030-01-01
check "...recorded with its public key file made absolute" grep -qx "ssh-agent:$T/mgmt_ssh.pub" reg2/.git/inkan/log-key-path
mkdir elsewhere
expect 0 "...and a later change, from another folder, signs its checkpoint through the agent" sh -c 'cd elsewhere && exec "$0" registry accredit ../reg2 --key "$1" --passphrase-file ../pin ../acc-aud.json' $INKAN "$OP"
expect 0 "...which verifies" $INKAN registry verify reg2

# --- no core dump while a key is loaded ------------------------------------
# rotate-root decrypts its --key files one after the other, reading the
# passphrase each time: with the passphrase file a FIFO held open, the
# process waits with the first key decrypted in memory.  A SIGSEGV then
# must leave no core, where the same signal makes one of a plain process.
# exe_is PID PROGRAM: PID runs PROGRAM (it got past its exec).
exe_is() {
	for _i in $(seq 100); do
		[ "$(readlink /proc/$1/exe 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
sleep=$(readlink -f "$(command -v sleep)")
(ulimit -c unlimited 2>/dev/null; exec sleep 30) & p=$!
exe_is $p "$sleep"
kill -SEGV $p; wait $p 2>/dev/null
if ! ls "$T"/core* >/dev/null 2>&1; then
	ok "# SKIP this system makes no core files in the folder (core_pattern)"
	ok "# SKIP"
	ok "# SKIP"
else
	rm -f "$T"/core*
	echo secret >pw
	$INKAN keys generate --out k1 --passphrase-file pw >/dev/null 2>&1
	$INKAN keys generate --out k2 --passphrase-file pw >/dev/null 2>&1
	mkfifo pwfifo
	(ulimit -c unlimited; exec $INKAN registry rotate-root reg --key k1.key --key k2.key --passphrase-file pwfifo) >/dev/null 2>&1 & p=$!
	timeout 10 sh -c 'echo secret >pwfifo'
	# Opened a second time: the first key is decrypted by then.
	(exec sleep 30 >pwfifo) & hold=$!
	check "inkan waits for the second passphrase, the first key decrypted" exe_is $hold "$sleep"
	check "...with core dumps off (RLIMIT_CORE 0)" grep -q '^Max core file size *0 *0 ' /proc/$p/limits
	kill -SEGV $p
	wait $p 2>/dev/null
	kill $hold 2>/dev/null
	check "...and a SIGSEGV leaves no core file" sh -c '! ls "$0"/core* >/dev/null 2>&1' "$T"
fi

done_testing
