# Sourced by tests/t0500-adversarial.sh inside the world folder $W: makes
# once, with inkan itself, what the adversarial cases share.  Signatures
# depend on keys generated here, so nothing signed is kept in the tree.
#
# Keys (KEY.key unencrypted, KEY.pub, KEY.id holding the 64-hex key id):
#   op        operator of reg (adv.test/reg)
#   op2       operator of reg2 (adv.test/other), another registry
#   aud       auditor for soc2-type1 and soc2-type2
#   mgmt      management, every scheme
#   aud2      auditor for ismap-cloud only (another scheme)
#   expert    expert for scs-star3 (another role)
#   audold    auditor, accreditation expired 2026-05-01
#   audnew    auditor, accreditation valid only from 2027-01-01
#   audrev    auditor, accreditation revoked from 2026-05-15
#   audsus    auditor, accreditation suspended from 2026-04-10
#   stranger  never accredited
# Files:
#   reg/, reg2/           the two registries (reg2 accredits aud and mgmt)
#   acc-KEY.json          the accreditations given to 'registry accredit'
#   good.json             the audit draft of the registered record
#   good.dsse.json        it, signed by aud and mgmt, registered in reg
#   good-aud.dsse.json    it, signed by the auditor only
#   good.disclosures.json its private bundle
#   cp-early, cp-now      reg's checkpoint before and after it was added
#   ids.sh                KEY=<key id> for every key, GOOD=<record id>
# Times: the world is made at 2026-04-01 (registries, accreditations),
# 2026-04-10 (revocation, suspension) and 2026-06-01 (records), which is
# INKAN_NOW for every case.

# Every key is accredited for the template's organisation (9010401123456)
# and audit firm (あおぞら監査法人, selection AF-2025-017), so that the
# records made from `inkan new` bind to their signers (FORMAT.md 8.4).
adv_accredit() { # adv_accredit REG OPKEY KEY ROLE SCHEMES FROM UNTIL
	cat >"acc-$3.json" <<JSON
{"person": {"name": "試験 $3"},
 "organisation": {"name": "株式会社サンプルクラウド", "corporate_number": "9010401123456"},
 "audit_firm": {"name": "あおぞら監査法人", "selection_id": "AF-2025-017"},
 "roles": ["$4"], "schemes": $5,
 "qualifications": [{"name": "CISA", "number": "00001"}],
 "key": {"public_key_file": "$3.pub"},
 "valid_from": "$6", "valid_until": "$7"}
JSON
	$INKAN registry accredit "$1" --key "$2" "acc-$3.json" >"acc-$3.id"
}

adv_prepare() {
	for k in op op2 aud mgmt aud2 expert audold audnew audrev audsus \
	    stranger; do
		$INKAN keys generate --out $k --no-passphrase >$k.id 2>/dev/null ||
			return 1
	done
	: >ids.tmp
	for k in op op2 aud mgmt aud2 expert audold audnew audrev audsus \
	    stranger; do
		echo "$(echo $k | tr a-z A-Z)=$(cat $k.id)" >>ids.tmp
	done

	INKAN_NOW=2026-04-01T00:00:00Z
	export INKAN_NOW
	$INKAN registry init reg --operator-key op.key --name adv.test/reg \
		--expires 2030-01-01 >/dev/null 2>&1 || return 1
	$INKAN registry init reg2 --operator-key op2.key --name adv.test/other \
		--expires 2030-01-01 >/dev/null 2>&1 || return 1
	adv_accredit reg op.key aud auditor '["soc2-type1", "soc2-type2"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key mgmt management '["*"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key aud2 auditor '["ismap-cloud"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key expert expert '["scs-star3"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key audold auditor '["*"]' \
		2026-01-01T00:00:00Z 2026-05-01T00:00:00Z || return 1
	adv_accredit reg op.key audnew auditor '["*"]' \
		2027-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key audrev auditor '["*"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	adv_accredit reg op.key audsus auditor '["*"]' \
		2026-01-01T00:00:00Z 2028-01-01T00:00:00Z || return 1
	# reg2 accredits the same people under its own operator.
	cp acc-aud.json acc2-aud.json
	cp acc-mgmt.json acc2-mgmt.json
	$INKAN registry accredit reg2 --key op2.key acc2-aud.json \
		>acc2-aud.id || return 1
	$INKAN registry accredit reg2 --key op2.key acc2-mgmt.json \
		>acc2-mgmt.id || return 1

	INKAN_NOW=2026-04-10T00:00:00Z
	$INKAN registry status reg "$(cat acc-audrev.id)" --action revoke \
		--reason MISCONDUCT --text "選定の取消し" \
		--effective-at 2026-05-15T00:00:00Z --key op.key >/dev/null 2>&1 ||
		return 1
	$INKAN registry status reg "$(cat acc-audsus.id)" --action suspend \
		--reason INVESTIGATION --key op.key >/dev/null 2>&1 || return 1
	$INKAN registry checkpoint reg >cp-early || return 1

	INKAN_NOW=2026-06-01T00:00:00Z
	$INKAN new audit-report >new.json || return 1
	python3 "$FILL" auditor="$(cat aud.id)" management="$(cat mgmt.id)" \
		<new.json >good.json || return 1
	$INKAN sign good.json --key aud.key --role auditor -o good.dsse.json \
		>/dev/null 2>&1 || return 1
	cp good.dsse.json good-aud.dsse.json
	$INKAN sign good.dsse.json --key mgmt.key --role management \
		>/dev/null 2>&1 || return 1
	$INKAN registry add reg good.dsse.json >/dev/null 2>&1 || return 1
	echo "GOOD=$(python3 "$ADV/adv.py" record-id good.dsse.json)" >>ids.tmp
	$INKAN registry checkpoint reg >cp-now || return 1
	$INKAN registry add reg2 good.dsse.json >/dev/null 2>&1 || return 1
	mv ids.tmp ids.sh
}
