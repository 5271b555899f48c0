#!/bin/sh
# Nothing unsigned decides a verdict (docs/FORMAT.md 8.8): one push that
# hides a revocation, met by every reader and every writer.  Each reader
# answers from the last commit the log key signed (the record is still
# revoked) and exits 5; each writer changes nothing and exits 5; after
# 'registry restore' every reader and writer works again, and the pushed
# commit is kept as evidence.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$T" || exit 2
export INKAN_SRC="$src"

site_registry r
export INKAN_NOW=2026-09-05T00:00:00Z
W=$T/r/work
mail=$(grep '^mail ' r/ids | cut -d' ' -f2)
h=${mail#sha256:}
links=links/$(echo $h | cut -c1-2)/$h
git clone -q r/registry pushed
cp r/registry/.git/inkan/checkpoint pushed/.git/inkan/ 2>/dev/null || :
for s in $(git -C pushed show HEAD:$links); do
	x=${s#sha256:}
	git -C pushed rm -q "records/status/$(echo $x | cut -c1-2)/$x.dsse.json"
done
git -C pushed rm -q "$links"
git -C pushed -c user.name=mallory -c user.email=m@evil.test commit -qm \
	"nothing to see here"
pushed_head=$(git -C pushed rev-parse HEAD)

# Every reader: the signed commit's answer, then exit 5.
expect 5 "verify --registry: exit 5" $INKAN verify "$W/mail.dsse.json" --registry pushed
check "...still revoked" out_has "revoked"
check "...naming the pushed commit" out_has "nothing to see here"
expect 5 "verify of two envelopes: exit 5" $INKAN verify "$W/mail.dsse.json" "$W/hikari2.dsse.json" --registry pushed
expect 5 "registry list: exit 5" $INKAN registry list pushed --json
check "...the record listed revoked" python3 -c '
import json, sys
r = [x for x in json.load(open(sys.argv[1])) if x["id"] == sys.argv[2]][0]
assert r["status"] == "revoked", r' "$T/out" "$mail"
expect 5 "registry show: exit 5" $INKAN registry show pushed "$mail" --json
check "...revoked" python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["status"] == "revoked"' "$T/out"
expect 5 "registry proof: exit 5" $INKAN registry proof pushed "$mail"
expect 5 "registry checkpoint: exit 5" $INKAN registry checkpoint pushed
check "...the signed commit's checkpoint" sh -c 'git -C r/registry show HEAD:log/checkpoint | cmp -s - "$0"' "$T/out"
expect 5 "registry export allowed-signers: exit 5, nothing written" $INKAN registry export allowed-signers pushed -o allowed
check "...no file" test ! -e allowed
expect 1 "registry verify: exit 1 (the deleted status record outranks the unsigned commit, 5)" $INKAN registry verify pushed
check "...naming the unsigned commit and what it changed" sh -c 'grep -q "not signed by the log key" "$1" && grep -q "$0" "$1"' "$links" "$T/out"
expect 5 "export oscal --registry: exit 5, nothing exported" $INKAN export oscal "$W/hikari2.dsse.json" --registry pushed -o oscal.json
check "...no file" test ! -e oscal.json
expect 5 "site build: exit 5" $INKAN site build pushed -o site -q
check "...the site shows the record revoked" python3 -c '
import json, sys
r = [x for x in json.load(open("site/api/index.json"))["records"] if x["id"] == sys.argv[1]][0]
assert r["status"] == "revoked", r' "$mail"

# Every writer: nothing changes.
export INKAN_LOG_KEY=$T/r/registry/.git/inkan/log.key
for w in "registry add pushed $W/hikari2.dsse.json" \
	"registry status pushed $mail --action suspend --reason INVESTIGATION --key $W/op.key" \
	"registry accredit pushed --key $W/op.key $W/acc-aud1.json" \
	"registry rotate-root pushed --key $W/op.key"; do
	expect 5 "$(echo $w | cut -d' ' -f1-2): exit 5" $INKAN $w
	check "...HEAD unchanged" test "$(git -C pushed rev-parse HEAD)" = "$pushed_head"
done
check "...and says how to get back" err_has "registry restore"

# Back to the last signed commit; the push kept as evidence.
expect 0 "registry restore" $INKAN registry restore pushed
check "...HEAD is the signed commit" test "$(git -C pushed rev-parse HEAD)" = "$(git -C r/registry rev-parse HEAD)"
check "...the pushed commit is kept" sh -c 'git -C pushed for-each-ref --format="%(objectname)" refs/inkan/unsigned | grep -qx "$0"' "$pushed_head"
expect 0 "restore again: nothing to do" $INKAN registry restore pushed
check "...says so" out_has "nothing to restore"
expect 0 "registry verify after restore" $INKAN registry verify pushed
expect 4 "verify after restore: revoked, exit 4" $INKAN verify "$W/mail.dsse.json" --registry pushed
expect 0 "a writer works again" $INKAN registry status pushed "$mail" --action suspend --reason INVESTIGATION --key "$W/op.key"
expect 0 "registry verify after the write" $INKAN registry verify pushed
done_testing
