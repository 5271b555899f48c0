#!/bin/sh
# How registry add stores a batch: one pack written by inkan (no loose
# files, no delta search) and a working tree updated file by file, not
# checked out again.  What git makes of the result must be exactly what a
# checkout would have made: fsck, verify-pack, status and clone agree.
# (280 records: past the thresholds where a second thread deflates and
# writes files.)
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z

synthetic_registry reg 保管監査法人 store.test/reg
synthetic_envelopes 281
head -n 280 envs.list >batch.list
last=$(sed -n 281p envs.list)
# One envelope of the batch forged: a signature byte changed.
forged=$(sed -n 7p batch.list)
python3 - "$forged" <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))
s = bytearray(base64.b64decode(e["signatures"][0]["sig"])); s[5] ^= 1
e["signatures"][0]["sig"] = base64.b64encode(bytes(s)).decode()
json.dump(e, open(sys.argv[1], "w"))
PY
packs() { ls reg/.git/objects/pack/*.pack 2>/dev/null | wc -l; }
p0=$(packs)
cp -a reg before
n0=$(git -C reg rev-list --count HEAD)
t0=$(date +%s%N)

expect 1 "a batch with one forged envelope: the forged one is refused" \
    $INKAN registry add reg --files-from batch.list -q
t1=$(date +%s%N)
check "...naming it" err_has "$forged"
check "...and the other 279 are added in one commit" test \
    "$(git -C reg show --name-only --format= HEAD | grep -c '^records/audit-report/')" = 279
check "...whose objects went to one new pack" test "$(packs)" = $((p0 + 1))
check "...that git reads back and checks (verify-pack)" sh -c \
    'for i in reg/.git/objects/pack/*.idx; do git verify-pack "$i" || exit 1; done'
check "git fsck --strict finds nothing wrong" git -C reg fsck --strict --no-dangling
check "git status: the working tree is clean" test -z "$(git -C reg status --porcelain --untracked-files=all)"
check "the index holds exactly the HEAD tree" test \
    "$(git -C reg ls-files -s | git -C reg hash-object --stdin)" = \
    "$(git -C reg ls-tree -r HEAD --format='%(objectmode) %(objectname) 0	%(path)' | git -C reg hash-object --stdin)"
check "each record file is the committed bytes" sh -c '
	cd reg && git ls-files records | while read -r f; do
		test "$(git hash-object "$f")" = "$(git rev-parse "HEAD:$f")" || exit 1
	done'
git clone -q reg clone
check "a git clone has the same tree and a clean status" sh -c \
    'test -z "$(git -C clone status --porcelain)" && test "$(git -C clone rev-parse HEAD^{tree})" = "$(git -C reg rev-parse HEAD^{tree})"'
expect 0 "registry verify checks the batch" $INKAN registry verify reg
check "...with all 279 records" out_has "audit-report  *279"

# git's view of the working tree is honest: an edited record shows up,
# and the next writer puts it back from HEAD (it is inkan's own path).
one=$(git -C reg ls-files records | head -n 1)
sed 's/"payload"/"payload" /' "reg/$one" >edited && cat edited >"reg/$one"
check "an edited record file is seen as modified by git" sh -c \
    'git -C reg status --porcelain | grep -q "^ M $0"' "$one"
expect 0 "a small add after it (loose objects, no pack)" $INKAN registry add reg "$last"
check "...repairs the edited file" test "$(git -C reg hash-object "$one")" = "$(git -C reg rev-parse "HEAD:$one")"
check "...adds no pack" test "$(packs)" = $((p0 + 1))
check "...and leaves a clean working tree" test -z "$(git -C reg status --porcelain --untracked-files=all)"
expect 0 "registry verify after both" $INKAN registry verify reg

# A pack changed on disk is not believed.
cp -a reg bad
pk=$(ls bad/.git/objects/pack/*.pack | head -n 1)
chmod u+w "$pk"
python3 - "$pk" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xff
open(p, "wb").write(bytes(b))
PY
expect_fail() { "$@" >"$T/out" 2>"$T/err"; test $? -ne 0; }
check "registry verify refuses a registry whose pack was changed" expect_fail $INKAN registry verify bad
check "...and git fsck agrees" expect_fail git -C bad fsck --strict
# A batch add killed anywhere (checking, packing, moving the branch,
# writing files) leaves the registry before or after, never between;
# the next add repairs the working tree and completes.
span=$(( (t1 - t0) / 1000000 ))
for k in 1 2 3 4 5 6; do
	rm -rf kreg && cp -a before kreg
	$INKAN registry add kreg --files-from batch.list -q >/dev/null 2>&1 &
	pid=$!
	sleep "$(python3 -c "print($span * $k / 6000.0)")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$(git -C kreg rev-list --count HEAD)
	check "kill $k: HEAD is before or after the batch" \
	    test "$n" -eq "$n0" -o "$n" -eq $((n0 + 1))
	expect 0 "kill $k: registry verify" $INKAN registry verify kreg
	expect 1 "kill $k: the add again (the forged one refused again)" \
	    $INKAN registry add kreg --files-from batch.list -q
	check "kill $k: every record registered, the working tree clean" sh -c \
	    'test "$(git -C kreg ls-files records/audit-report | wc -l)" -eq 279 && test -z "$(git -C kreg status --porcelain --untracked-files=all)"'
	check "kill $k: git fsck --strict" git -C kreg fsck --strict --no-dangling
done
done_testing
