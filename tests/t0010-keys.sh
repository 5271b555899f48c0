#!/bin/sh
# Keys: encrypted by default, 0600, never overwritten, passphrases never
# from argv, OpenSSL-made keys accepted.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2

printf 'correct horse battery\n' >pw
expect 0 "generate an encrypted key" $INKAN keys generate --out a --passphrase-file pw
id=$(cat "$T/out")
check "key id is 64 hex digits" sh -c 'echo "$0" | grep -qx "[0-9a-f]\{64\}"' "$id"
check "private key is encrypted (no plain PKCS#8 label)" sh -c '! grep -q "BEGIN PRIVATE KEY" a.key && grep -q "BEGIN ENCRYPTED PRIVATE KEY" a.key'
check "private key is mode 0600" test "$(stat -c %a a.key)" = 600
check "private key uses scrypt" sh -c 'openssl asn1parse -in a.key | grep -q ":scrypt"'
cp a.key a.key.before
expect 2 "generate refuses to overwrite" $INKAN keys generate --out a --passphrase-file pw
check "the refused key is untouched" cmp -s a.key a.key.before
check "the refusal says why" err_has "already exists"

expect 0 "keys id of the public key" $INKAN keys id a.pub
check "public key id matches generate's" test "$(cat "$T/out")" = "$id"
expect 0 "keys id of the encrypted private key with --passphrase-file" $INKAN keys id a.key --passphrase-file pw
check "private key id matches" test "$(cat "$T/out")" = "$id"
expect 0 "INKAN_PASSPHRASE_FILE is read" env INKAN_PASSPHRASE_FILE=pw $INKAN keys id a.key
printf 'wrong\n' >bad
expect 2 "wrong passphrase is refused" $INKAN keys id a.key --passphrase-file bad
check "wrong passphrase: one line saying so" sh -c 'test "$(wc -l <"$0")" -eq 1 && grep -q "wrong passphrase" "$0"' "$T/err"
check "the passphrase never appears in an error" sh -c '! grep -q "correct horse" "$0"' "$T/err"
expect 2 "no passphrase and no terminal: asks for --passphrase-file" setsid $INKAN keys id a.key
check "the error says what to do" err_has "passphrase-file"
expect 2 "no --passphrase option takes a secret on the command line" $INKAN keys generate --out z --passphrase secret

expect 0 "generate --no-passphrase" $INKAN keys generate --out b --no-passphrase
check "--no-passphrase writes plain PKCS#8" grep -q "BEGIN PRIVATE KEY" b.key
expect 0 "keys show --json" $INKAN keys show b.key --json
check "show --json says unencrypted" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["encrypted"] is False and len(d["keyid"])==64' "$T/out"
expect 0 "keys export-pub" $INKAN keys export-pub b.key -o b2.pub
check "export-pub equals the .pub written by generate" cmp -s b.pub b2.pub

openssl genpkey -algorithm ed25519 -out o.pem 2>/dev/null
openssl pkey -in o.pem -pubout -out o.pub 2>/dev/null
expect 0 "an openssl genpkey key works as it is" $INKAN keys id o.pem
want=$(openssl pkey -in o.pem -pubout -outform DER 2>/dev/null | sha256sum | cut -c1-64)
check "key id = sha256 of the DER SubjectPublicKeyInfo" test "$(cat "$T/out")" = "$want"
openssl genpkey -algorithm ed448 -out e.pem 2>/dev/null
expect 2 "an Ed448 key is refused" $INKAN keys id e.pem
echo garbage >g.pem
expect 2 "a file that is no key is refused" $INKAN keys id g.pem
expect 2 "a missing key file is refused" $INKAN keys id nope.pem
done_testing
