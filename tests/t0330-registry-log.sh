#!/bin/sh
# The log's hash tiles and record index (docs/FORMAT.md 8.6): written by
# every add, checked by registry verify, and used by a one-record verify
# only where they prove themselves against the signed checkpoint; any
# lie in them, even in a commit the log key signed, sends verify back to
# the full log and makes registry verify fail (exit 5).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
synthetic_registry reg ログ試験
# 300 records: over one full tile of 256 leaves, so level 1 is written.
synthetic_envelopes 300
first=$(sed -n 1p envs.list) second=$(sed -n 2p envs.list)
last=$(sed -n 299p envs.list) outside=$(sed -n 300p envs.list)
head -n 200 envs.list >a.list
sed -n 201,299p envs.list >b.list

expect 0 "add 200 records" $INKAN registry add reg --files-from a.list -q
check "a partial level-0 tile holds the 203 leaves" test "$(git -C reg cat-file -s HEAD:log/tile/0/000)" = $((203 * 32))
check "no level-1 tile before 256 leaves" sh -c '! git -C reg cat-file -e HEAD:log/tile/1/000 2>/dev/null'
expect 0 "add 99 more: only the right edge changes" $INKAN registry add reg --files-from b.list -q
check "...the first tile is full" test "$(git -C reg cat-file -s HEAD:log/tile/0/000)" = 8192
check "...the second holds the other 46" test "$(git -C reg cat-file -s HEAD:log/tile/0/001)" = $((46 * 32))
check "...level 1 holds the head of the first 256" test "$(git -C reg cat-file -s HEAD:log/tile/1/000)" = 32
id1=$($INKAN verify "$first" --registry reg --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')
h=${id1#sha256:}
check "one index entry per leaf, saying where" sh -c "git -C reg show HEAD:log/index/$(echo $h | cut -c1-2)/$h | grep -qx '3 2026-06-01T00:00:00Z'"
expect 0 "registry verify checks the tiles and the index" $INKAN registry verify reg
check "...and counts them" sh -c 'grep -q "tiles  *3" "$0" && grep -q "indexed  *302" "$0"' "$T/out"

expect 0 "verify one record: from the tiles" $INKAN verify "$first" --registry reg --json
check "...proved from log/tile" out_has 'proved from log/tile'
expect 0 "verify the last record: from the tiles" $INKAN verify "$last" --registry reg --json
check "...proved from log/tile" out_has 'proved from log/tile'
expect 5 "a record not in the log: exit 5" $INKAN verify "$outside" --registry reg
check "...says so" out_has 'not in the log'

# A revocation is seen by the one-record verify.
expect 0 "revoke the second record" $INKAN registry status reg "$($INKAN verify "$second" --registry reg --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')" --action revoke --reason KEY-COMPROMISE --key op.key
expect 4 "the revoked record: exit 4" $INKAN verify "$second" --registry reg
check "...revoked" out_has 'revoked'
expect 0 "the tiles follow the status record" $INKAN registry verify reg

# Commits signed with the log key, as an operator who lies would sign.
python3 - reg/.git/inkan/log.key log.ssh <<'PY'
import sys
from cryptography.hazmat.primitives import serialization as s
k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
open(sys.argv[2], 'wb').write(k.private_bytes(s.Encoding.PEM,
    s.PrivateFormat.OpenSSH, s.NoEncryption()))
PY
chmod 600 log.ssh
signed() { # signed CLONE MESSAGE: commits the clone's changes, signed
	git -C "$1" -c gpg.format=ssh -c user.signingkey="$T/log.ssh" \
		-c user.name=op -c user.email=op@x -c commit.gpgsign=true \
		commit -q -a -m "$2" >/dev/null 2>&1
}
unsigned() {
	git -C "$1" -c user.name=x -c user.email=x@x -c commit.gpgsign=false \
		commit -q -a -m "$2" >/dev/null 2>&1
}
fresh() { rm -rf "$1"; git clone -q reg "$1" 2>/dev/null; }
idx=log/index/$(echo $h | cut -c1-2)/$h

fresh c0
echo note >c0/NOTE
git -C c0 add NOTE
signed c0 "a commit git signs with the log key (ssh-keygen)"
expect 0 "a HEAD git signed with the log key: verify reads the tiles" $INKAN verify "$first" --registry c0 --json
check "...proved from log/tile" out_has 'proved from log/tile'
echo more >c0/NOTE
unsigned c0 "the same, unsigned"
expect 5 "an unsigned HEAD: verify fails closed (exit 5)" $INKAN verify "$first" --registry c0 --json
check "...naming the unsigned commit" out_has 'the same, unsigned'
check "...and the last signed commit" out_has 'last signed: '

fresh c1
echo '4 2026-06-01T00:00:00Z' >c1/$idx
signed c1 "index lies about the leaf"
check "the lying commit is signed by the log key" sh -c 'git -C c1 cat-file commit HEAD | grep -q "BEGIN SSH SIGNATURE"'
expect 0 "an index entry naming the wrong leaf: verify falls back to the log" $INKAN verify "$first" --registry c1 --json
check "...and does not claim the tiles" sh -c '! grep -q "proved from log/tile" "$0"' "$T/out"
expect 5 "registry verify: the edited index, exit 5" $INKAN registry verify c1
check "...named" out_has "$idx does not say leaf 3"

fresh c2
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[3*32] ^= 1; open(p,"wb").write(b)' c2/log/tile/0/000
signed c2 "a tile edited"
expect 0 "an edited tile: verify falls back to the log" $INKAN verify "$first" --registry c2 --json
check "...and does not claim the tiles" sh -c '! grep -q "proved from log/tile" "$0"' "$T/out"
expect 5 "registry verify: the edited tile, exit 5" $INKAN registry verify c2
check "...named" out_has 'log/tile/0/000 does not hold the hashes'
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[0] ^= 1; open(p,"wb").write(b)' c2/log/tile/1/000
signed c2 "the level-1 tile edited too"
expect 0 "an edited level-1 tile: verify of the last record falls back" $INKAN verify "$last" --registry c2 --json
check "...and does not claim the tiles" sh -c '! grep -q "proved from log/tile" "$0"' "$T/out"

fresh c3
oh=$($INKAN verify "$outside" --key aud.pub --key mgmt.pub --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"][7:])')
mkdir -p c3/log/index/$(echo $oh | cut -c1-2)
echo '5 2026-06-01T00:00:00Z' >c3/log/index/$(echo $oh | cut -c1-2)/$oh
git -C c3 add log/index
signed c3 "an index entry for a record not in the log"
expect 5 "an index entry for a record not in the log: still not in the log" $INKAN verify "$outside" --registry c3
expect 5 "registry verify: the stray index entry, exit 5" $INKAN registry verify c3
check "...named" out_has 'indexes no leaf of the log'

fresh c4
sed -i 's/^\([0-9]*\)$/\1/; 2s/^.*$/302/' c4/log/checkpoint
signed c4 "a checkpoint edited"
expect 5 "an edited checkpoint: exit 5" $INKAN verify "$first" --registry c4

fresh c7
sed -i '5s/^.*$/not a leaf/' c7/log/leaves
signed c7 "log/leaves edited"
expect 0 "log/leaves edited under a signed HEAD: one verify needs only the tiles" $INKAN verify "$first" --registry c7 --json
check "...proved from log/tile" out_has 'proved from log/tile'
expect 5 "...registry verify finds it (exit 5)" $INKAN registry verify c7
expect 5 "...and registry list, which walks log/leaves, fails as before" $INKAN registry list c7

fresh c5
sh -c 'for f in c5/links/*/*; do : >"$f"; done'
unsigned c5 "links emptied, not signed"
expect 5 "links emptied in an unsigned commit: verify fails closed" $INKAN verify "$second" --registry c5 --json
check "...and the revocation still counts (from the signed commit)" out_has 'revoked'
fresh c6
sh -c 'for f in c6/links/*/*; do : >"$f"; done'
signed c6 "links emptied by the log key"
expect 1 "links emptied by the log key's commit: registry verify says so" $INKAN registry verify c6
check "...named" out_has 'does not match the records it indexes'

# The log key's holder lies about the status of a record (signed
# commits): every status record an index names is checked to be in its
# own folder and about that record, and one that is not makes the status
# unknown: exit 5, never "active".
id2=$($INKAN verify "$second" --registry reg --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["record_id"])')
h2=${id2#sha256:}
l2=links/$(echo $h2 | cut -c1-2)/$h2
s2=$(git -C reg show HEAD:$l2 | head -n 1 | cut -c8-)
sf=records/status/$(echo $s2 | cut -c1-2)/$s2.dsse.json
fresh c8
mkdir -p c8/records/audit-report/$(echo $s2 | cut -c1-2)
git -C c8 mv $sf records/audit-report/$(echo $s2 | cut -c1-2)/$s2.dsse.json
signed c8 "the revocation filed as an audit report"
expect 5 "a status record in another kind's folder (signed): exit 5" $INKAN verify "$second" --registry c8
check "...naming the file" out_has "not of its folder's kind"
fresh c9
mkdir -p c9/links/$(echo $h | cut -c1-2)
git -C reg show HEAD:$l2 >c9/links/$(echo $h | cut -c1-2)/$h
git -C c9 add links
signed c9 "the second record's revocation listed for the first"
expect 5 "an index naming a status record about another record (signed): exit 5, not revoked" $INKAN verify "$first" --registry c9
check "...saying it is not about it" out_has "not about it"
fresh c10
python3 -c 'import sys; f=open(sys.argv[1],"a"); [f.write("sha256:%064x\n" % i) for i in range(10001)]' c10/$l2
signed c10 "links padded past the limit"
expect 5 "links/ over its limit (signed): exit 5" $INKAN verify "$second" --registry c10
check "...saying so" out_has "more than"
fresh c11
echo '{}' >c11/$sf
signed c11 "the revocation emptied"
expect 5 "a status record replaced by {} (signed): exit 5" $INKAN verify "$second" --registry c11
expect 5 "...registry list says unknown, not active" sh -c '$0 registry list c11 --json >l.json; rc=$?; python3 -c "import json,sys; r=[x for x in json.load(open(\"l.json\")) if x[\"id\"]==sys.argv[1]][0]; assert r[\"status\"]==\"unknown\", r" "$1" || exit 9; exit $rc' "$INKAN" "$id2"

# A registry from before the tiles: verify reads the whole log; the next
# add writes the tiles and index again.
fresh old
git -C old rm -q -r log/tile log/index
signed old "as an older inkan left it"
expect 0 "no tiles: verify reads log/leaves" $INKAN verify "$first" --registry old --json
check "...not the tiles" sh -c '! grep -q "proved from log/tile" "$0"' "$T/out"
expect 0 "the next add writes them" env INKAN_LOG_KEY="$T/reg/.git/inkan/log.key" $INKAN registry add old "$outside" -q
check "...all of them" test "$(git -C old ls-tree -r --name-only HEAD log/index | wc -l)" = 304
expect 0 "verify from the tiles again" $INKAN verify "$outside" --registry old --json
check "...proved from log/tile" out_has 'proved from log/tile'
done_testing
