#!/bin/sh
# Keys on a PKCS#11 token: a SoftHSM2 token of the test's own
# (SOFTHSM2_CONF in the scratch folder), a key pair made on it by `inkan
# keys generate --pkcs11`, records signed by the token (CKM_EDDSA) and
# verified with the public key alone.  Negative twins: a wrong PIN (exit 2,
# nothing written), no module, a token absent, a key absent, keys of
# another type on the token (EC P-256 and RSA, made with pkcs11-tool), a
# token without CKM_EDDSA, a PIN in the URI.  Needs (tools/deps):
# softhsm2, opensc.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2

module=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/*/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && { module=$m; break; }
done
check "SoftHSM2 is installed (Debian softhsm2)" test -n "$module"
check "pkcs11-tool is installed (Debian opensc)" sh -c 'command -v pkcs11-tool >/dev/null'
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$T" >softhsm2.conf
# Under make check-asan, SoftHSM2's own leaks are not inkan's (the full
# unwinder finds the module's frames beneath libcrypto's).
export LSAN_OPTIONS="suppressions=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lsan-softhsm2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export SOFTHSM2_CONF="$T/softhsm2.conf"
check "a token of the test's own" sh -c 'softhsm2-util --init-token --free --label inkan --so-pin 0000 --pin 1234 >/dev/null'
echo 1234 >pin
echo 9999 >badpin
unset INKAN_PKCS11_MODULE
URI='pkcs11:token=inkan;object=auditor'

# --- a key pair made on the token ------------------------------------------
expect 0 "keys generate --pkcs11 makes the key pair on the token" $INKAN keys generate --out aud --pkcs11 "$URI" --pkcs11-module "$module" --passphrase-file pin
AUD=$(cat "$T/out")
check "...and writes only PREFIX.pub" sh -c 'test -f aud.pub && test ! -e aud.key'
check "...a PEM Ed25519 public key" sh -c 'openssl pkey -pubin -in aud.pub -noout -text | grep -q ED25519'
check "...whose key id it printed" test "$($INKAN keys id aud.pub)" = "$AUD"
check "the token holds the private key, sensitive and not extractable" sh -c \
	'pkcs11-tool --module "$0" --token-label inkan --login --pin 1234 --list-objects --type privkey 2>/dev/null | grep -A8 "label: *auditor" | grep -q "sensitive.*never extractable\|never extractable"' "$module"
expect 0 "keys generate --pkcs11 --json" $INKAN keys generate --out json --pkcs11 'pkcs11:token=inkan;object=json;id=%4a' --pkcs11-module "$module" --passphrase-file pin --json
check "...names the URI as where the private key is" python3 -c '
import json,sys
j=json.load(open(sys.argv[1]))
assert j["private_key"]=="pkcs11:token=inkan;object=json;id=%4a" and j["public_key"]=="json.pub", j' "$T/out"
check "...and the key is found by its id alone" sh -c 'test "$("$0" keys id "pkcs11:token=inkan;id=J" --pkcs11-module "$1")" = "$("$0" keys id json.pub)"' $INKAN "$module"
expect 2 "a second key under the same name is refused" $INKAN keys generate --out aud2 --pkcs11 "$URI" --pkcs11-module "$module" --passphrase-file pin
check "...saying so, and writing nothing" sh -c 'grep -q "already has a key" "$0/err" && test ! -e aud2.pub' "$T"
expect 2 "an existing PREFIX.pub is refused before the token is asked" $INKAN keys generate --out aud --pkcs11 'pkcs11:token=inkan;object=fresh' --pkcs11-module "$module" --passphrase-file pin
expect 2 "a new key needs a label (object=)" $INKAN keys generate --out x --pkcs11 'pkcs11:token=inkan;id=%01' --pkcs11-module "$module" --passphrase-file pin
expect 2 "--no-passphrase is for key files" $INKAN keys generate --out x --pkcs11 "$URI" --no-passphrase --pkcs11-module "$module"

# --- reading it: no PIN needed ---------------------------------------------
expect 0 "keys id of the token key (module from --pkcs11-module)" $INKAN keys id "$URI" --pkcs11-module "$module"
check "...is the key id of PREFIX.pub" test "$(cat "$T/out")" = "$AUD"
expect 0 "...module from INKAN_PKCS11_MODULE" env INKAN_PKCS11_MODULE="$module" $INKAN keys id "$URI"
expect 0 "...module from the URI's module-path" $INKAN keys id "$URI?module-path=$module"
expect 0 "keys export-pub of the token key" $INKAN keys export-pub "$URI" --pkcs11-module "$module" -o aud-again.pub
check "...is PREFIX.pub" cmp -s aud.pub aud-again.pub

# --- signing on the token --------------------------------------------------
export INKAN_PKCS11_MODULE="$module"
printf 'hello\n' >m.txt
expect 0 "sign --raw with the token key" $INKAN sign --raw --payload-type text/plain --key "$URI" --passphrase-file pin m.txt -o m.dsse.json
expect 0 "...verifies with the public key" $INKAN verify m.dsse.json --key aud.pub
expect 0 "the PIN comes from INKAN_PASSPHRASE_FILE too" env INKAN_PASSPHRASE_FILE="$T/pin" $INKAN sign --raw --payload-type text/plain --key "$URI" m.txt -o m2.dsse.json
check "...the same signature (Ed25519 is deterministic)" cmp -s m.dsse.json m2.dsse.json
for i in 1 2 3 4 5 6; do printf 'batch %d\n' $i >b$i.txt; done
expect 0 "a batch signs on several threads through one session" $INKAN sign --raw --payload-type text/plain --key "$URI" --passphrase-file pin b1.txt b2.txt b3.txt b4.txt b5.txt b6.txt
check "...every envelope verifies" sh -c '"$0" verify b*.dsse.json --key aud.pub -q' $INKAN
expect 0 "export minisign with the token key" $INKAN export minisign m.dsse.json --key "$URI" --passphrase-file pin -o mm
check "...minisign -V accepts it" sh -c '"$0" keys export-pub aud.pub --format minisign -o aud.minisign.pub && { ! command -v minisign >/dev/null || minisign -V -q -p aud.minisign.pub -m mm.payload; }' $INKAN

# --- what goes wrong, each in one line with exit 2 -------------------------
expect 2 "a wrong PIN" $INKAN sign --raw --payload-type text/plain --key "$URI" --passphrase-file badpin m.txt -o w.dsse.json
check "...says so" err_has "^inkan: sign: cannot log in to token 'inkan': wrong PIN$"
check "...and writes nothing" test ! -e w.dsse.json
check "...in one line" test "$(wc -l <"$T/err")" -eq 1
expect 2 "no PIN and no terminal" env -u INKAN_PASSPHRASE_FILE setsid $INKAN sign --raw --payload-type text/plain --key "$URI" m.txt -o w.dsse.json
check "...writes nothing" test ! -e w.dsse.json
expect 2 "no module" env -u INKAN_PKCS11_MODULE $INKAN sign --raw --payload-type text/plain --key "$URI" --passphrase-file pin m.txt -o w.dsse.json
check "...says where a module may come from" err_has "no PKCS#11 module: give --pkcs11-module"
expect 2 "a module that cannot be loaded" $INKAN keys id "$URI" --pkcs11-module "$T/nope.so"
check "...names it" err_has "cannot load PKCS#11 module '.*nope.so'"
expect 2 "a token absent" $INKAN sign --raw --payload-type text/plain --key 'pkcs11:token=elsewhere;object=auditor' --passphrase-file pin m.txt -o w.dsse.json
check "...says so" err_has "^inkan: sign: token 'elsewhere' absent: no such token in PKCS#11 module '.*'$"
expect 2 "a key absent from the token" $INKAN sign --raw --payload-type text/plain --key 'pkcs11:token=inkan;object=nobody' --passphrase-file pin m.txt -o w.dsse.json
check "...says so" err_has "no public key 'pkcs11:token=inkan;object=nobody' on token 'inkan'"
pkcs11-tool --module "$module" --token-label inkan --login --pin 1234 --keypairgen --key-type EC:prime256v1 --label p256 >/dev/null 2>&1
pkcs11-tool --module "$module" --token-label inkan --login --pin 1234 --keypairgen --key-type rsa:2048 --label rsa >/dev/null 2>&1
expect 2 "an EC P-256 key on the token is refused" $INKAN sign --raw --payload-type text/plain --key 'pkcs11:token=inkan;object=p256' --passphrase-file pin m.txt -o w.dsse.json
check "...naming its type" err_has "^inkan: sign: 'pkcs11:token=inkan;object=p256' is an EC (ECDSA) key, not Ed25519: mechanism not supported$"
check "...and writes nothing" test ! -e w.dsse.json
expect 2 "an RSA key on the token is refused" $INKAN keys id 'pkcs11:token=inkan;object=rsa'
check "...naming its type" err_has "is an RSA key, not Ed25519: mechanism not supported$"
# The same token behind a module that offers no CKM_EDDSA (SoftHSM2's
# mechanism list cut down to ECDSA and RSA).
sed 's/^log.level.*/&\nslots.mechanisms = CKM_ECDSA,CKM_RSA_PKCS/' softhsm2.conf >nomech.conf
expect 2 "a token without CKM_EDDSA" env SOFTHSM2_CONF="$T/nomech.conf" $INKAN sign --raw --payload-type text/plain --key "$URI" --passphrase-file pin m.txt -o w.dsse.json
check "...says the mechanism is not supported" err_has "^inkan: sign: token.* cannot sign with .*mechanism not supported$"
check "...and writes nothing" test ! -e w.dsse.json
expect 2 "a PIN in the URI is refused (it would be in argv)" $INKAN keys id "$URI?pin-value=1234"
check "...with the reason" err_has "a PIN in the URI would be seen"
check "...and without repeating it" sh -c '! grep -q 1234 "$0/err"' "$T"
expect 2 "an attribute inkan does not know is refused, not ignored" $INKAN keys id "pkcs11:token=inkan;object=auditor;colour=blue"
expect 2 "a URI naming no key is refused" $INKAN keys id "pkcs11:token=inkan"
expect 2 "a bad %-escape is refused" $INKAN keys id "pkcs11:token=inkan;object=aud%zz"
expect 0 "%-escapes are decoded" $INKAN keys id "pkcs11:token=%69nkan;object=auditor"

done_testing
