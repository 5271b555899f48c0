#!/bin/sh
# Batch verify on several threads: the same lines in the same order, the
# same exit code and the same diagnostics as on one thread, whatever fails
# in the middle of the batch.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2

$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out other --no-passphrase >/dev/null 2>&1
A=$($INKAN keys id aud.pub)
export INKAN_NOW=2026-06-01T00:00:00Z
: >drafts
i=0
while [ $i -lt 300 ]; do
	cat >d$i.json <<JSON
{"predicateType": "urn:inkan:test-record:v1",
 "subject": [{"name": "r$i.pdf", "digest": {"sha256": "$(printf 'r%s' $i | sha256sum | cut -c1-64)"}}],
 "predicate": {"title": "記録 $i",
  "validity": {"not_before": "2026-01-01T00:00:00Z", "not_after": "2027-01-01T00:00:00Z"},
  "signers": [{"role": "auditor", "keyid": "$A", "name": "山田 花子"}]}}
JSON
	echo d$i.json >>drafts
	i=$((i + 1))
done
expect 0 "300 drafts signed in one run" $INKAN sign --files-from drafts --key aud.key --role auditor -q
sed 's/\.json$/.dsse.json/' drafts >envs
# Trouble in the middle: a tampered payload, a missing file, a file that
# is not JSON, and a signature lifted from another envelope.
python3 - <<'PY'
import json, base64
e = json.load(open("d100.dsse.json"))
p = base64.b64decode(e["payload"]).replace("記録 100".encode(), "記録 999".encode())
e["payload"] = base64.b64encode(p).decode()
json.dump(e, open("d100.dsse.json", "w"))
# d250 carries d251's signature: a forgery.
e, f = json.load(open("d250.dsse.json")), json.load(open("d251.dsse.json"))
e["signatures"] = f["signatures"]
json.dump(e, open("d250.dsse.json", "w"))
PY
rm d150.dsse.json
printf 'not json' >d200.dsse.json

for t in 1 2 4; do
	INKAN_THREADS=$t $INKAN verify --files-from envs --key aud.pub >out$t 2>err$t
	echo $? >rc$t
done
check "one thread: exit 2, a missing envelope being the worst" test "$(cat rc1)" -eq 2
check "one thread: a line for each of the 300" test "$(grep -c '^d[0-9]*\.dsse\.json: ' out1 | head -1)" -ge 300
check "the tampered envelope is NOT valid" grep -q '^d100.dsse.json: NOT valid' out1
check "the missing one could not be checked" grep -q "d150.dsse.json" err1
check "the one with a lifted signature is NOT valid" grep -q "^d250.dsse.json: NOT valid" out1
check "lines are in input order" sh -c "grep -o '^d[0-9]*' out1 | uniq | tr -d d | sort -n -c"
for t in 2 4; do
	check "$t threads: the same output, line for line" cmp -s out1 out$t
	check "$t threads: the same diagnostics" cmp -s err1 err$t
	check "$t threads: the same exit code" test "$(cat rc1)" -eq "$(cat rc$t)"
done
INKAN_THREADS=1 $INKAN verify --files-from envs --key aud.pub --json >j1 2>/dev/null
INKAN_THREADS=2 $INKAN verify --files-from envs --key aud.pub --json >j2 2>/dev/null
check "--json: the same array on one thread and two" cmp -s j1 j2
check "--json: one result per envelope" python3 -c 'import json; assert len(json.load(open("j2"))) == 300'
head -n 99 envs >good
expect 0 "a clean batch on two threads: exit 0" env INKAN_THREADS=2 $INKAN verify --files-from good --key aud.pub
check "99 valid lines" test "$(grep -c ': valid: ' "$T/out")" -eq 99
expect 1 "a forged batch on two threads still fails" env INKAN_THREADS=2 $INKAN verify --files-from good --key other.pub
done_testing
