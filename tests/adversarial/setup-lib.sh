# Sourced by the setup scripts of the adversarial cases (run inside the
# case's scratch folder, with $INKAN, $W, $ADV, $FILL, the key ids of
# prepare.sh and INKAN_NOW in the environment).

A="python3 $ADV/adv.py"
XSS='<script>XSSMARK(1)</script><img src=x onerror=XSSMARK(2)>"'"'"'&<iframe src=javascript:XSSMARK(3)>'
XSSMD='[click](javascript:XSSMARK(4)) <javascript:XSSMARK(5)> ![i](javascript:XSSMARK(6)) <a href="javascript:XSSMARK(7)">a</a>'

# copy_reg [NAME]: a copy of the world's registry NAME (reg) to change.
copy_reg() {
	cp -a "$W/${1:-reg}" "./${1:-reg}"
}

# commit DIR MESSAGE: commits every change of DIR's working tree with git
# (as someone editing a clone by hand would).
commit() {
	git -C "$1" add -A &&
	git -C "$1" -c user.name=mallory -c user.email=m@evil.test \
		commit -q -m "$2"
}

# audit NAME AUDITOR MANAGEMENT [SET...]: NAME.json, a new audit draft
# (service id NAME) declaring the keys AUDITOR and MANAGEMENT (names of
# the world's keys), with adv.py draft SETs applied, and NAME.dsse.json
# signed by both (MANAGEMENT '-': by the auditor only).
audit() {
	_n=$1 _a=$2 _m=$3
	shift 3
	_mk=$_m
	[ "$_m" = - ] && _mk=mgmt
	$A draft "$W/good.json" "$_n.json" "predicate.service.id=\"$_n\"" \
		"predicate.signers.0.keyid=\"$(cat "$W/$_a.id")\"" \
		"predicate.signers.1.keyid=\"$(cat "$W/$_mk.id")\"" "$@" ||
		return 1
	$INKAN sign "$_n.json" --key "$W/$_a.key" --role auditor \
		-o "$_n.dsse.json" || return 1
	[ "$_m" = - ] && return 0
	$INKAN sign "$_n.dsse.json" --key "$W/$_m.key" --role management
}

# mgmt_named KEY NAME: a management key KEY (KEY.key, KEY.pub, KEY.id in
# the case's folder) accredited in ./reg for the template's organisation
# under the name NAME (a record shows only the name the operator vouched
# for: to register one whose organisation holds TEXT, its management's
# accreditation must hold it too, docs/FORMAT.md 8.4).
mgmt_named() {
	$INKAN keys generate --out "$1" --no-passphrase >"$1.id" 2>/dev/null ||
		return 1
	python3 - "$1" "$2" >"acc-$1.json" <<'PY' || return 1
import json, sys
print(json.dumps({"person": {"name": "試験 " + sys.argv[1]},
    "organisation": {"name": sys.argv[2], "corporate_number": "9010401123456"},
    "roles": ["management"], "schemes": ["*"],
    "key": {"public_key_file": sys.argv[1] + ".pub"},
    "valid_from": "2026-01-01T00:00:00Z",
    "valid_until": "2028-01-01T00:00:00Z"}, ensure_ascii=False))
PY
	$INKAN registry accredit reg --key "$W/op.key" "acc-$1.json" >/dev/null
}

# audit_by NAME AUDITOR MGMT_KEY [SET...]: as audit, the management's
# signature by MGMT_KEY of the case's folder (mgmt_named).
audit_by() {
	_n=$1 _a=$2 _m=$3
	shift 3
	$A draft "$W/good.json" "$_n.json" "predicate.service.id=\"$_n\"" \
		"predicate.signers.0.keyid=\"$(cat "$W/$_a.id")\"" \
		"predicate.signers.1.keyid=\"$(cat "$_m.id")\"" "$@" ||
		return 1
	$INKAN sign "$_n.json" --key "$W/$_a.key" --role auditor \
		-o "$_n.dsse.json" -q >/dev/null &&
	$INKAN sign "$_n.dsse.json" --key "$_m.key" --role management -q \
		>/dev/null
}

# statement FILE [SET...]: a minimal in-toto Statement of a record type
# inkan has no rules for, as canonical JSON, with SETs applied.
statement() {
	_f=$1
	shift
	printf '%s' '{"_type":"https://in-toto.io/Statement/v1","predicateType":"urn:inkan:test-record:v1","subject":[{"name":"x","digest":{"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}}],"predicate":{"title":"t"}}' >"$_f.tmp"
	$A draft "$_f.tmp" "$_f.tmp2" "$@" && $A canon <"$_f.tmp2" >"$_f"
	rm -f "$_f.tmp" "$_f.tmp2"
}

# raw_sign IN OUT [KEY]: signs IN's bytes as they are as an in-toto
# payload (default key: the auditor's), with openssl: inkan refuses to
# sign a Statement that breaks its rules, an attacker need not.
raw_sign() {
	$A sign "$W/${3:-aud}.key" application/vnd.in-toto+json "$1" >"$2"
}

# log_commit DIR MESSAGE: commits every change of DIR's working tree signed
# with its log key, as git does with gpg.format=ssh: the log key's holder
# lying (docs/FORMAT.md 8.8), which no one else can do.  log_commit_staged
# commits what is staged in git's index, as it is.
log_key_ssh() {
	python3 - "$1/.git/inkan/log.key" log-key.ssh <<'PY' || return 1
import sys
from cryptography.hazmat.primitives import serialization as s
k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
open(sys.argv[2], 'wb').write(k.private_bytes(s.Encoding.PEM,
    s.PrivateFormat.OpenSSH, s.NoEncryption()))
PY
	chmod 600 log-key.ssh
}
log_commit_staged() {
	log_key_ssh "$1" &&
	git -C "$1" -c gpg.format=ssh -c user.signingkey="$PWD/log-key.ssh" \
		-c user.name=op -c user.email=op@x -c commit.gpgsign=true \
		commit -q -m "$2"
}
log_commit() {
	git -C "$1" add -A && log_commit_staged "$1" "$2"
}
