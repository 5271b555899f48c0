#!/bin/sh
# registry verify on several threads: workers read each committed record
# ahead through their own handle on the same commit and verify its
# signatures into a memo; the calling thread applies every rule in log
# order.  Whatever the thread count, the answer must be the same -- the
# same output, the same problems and the same exit code -- for a clean
# registry, for a working tree edited but not committed, and for
# committed records that were forged or swapped behind inkan's back.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z

synthetic_registry reg 並列監査法人 threads.test/reg
# More leaves than the pool's window (256), so that slots are reused.
synthetic_envelopes 300
$INKAN registry add reg --files-from envs.list -q >/dev/null

# same_on_threads NAME DIR WANT: registry verify of DIR on 1, 2 and 4
# threads exits WANT each time, with the same stdout and stderr.
same_on_threads() {
	name=$1 dir=$2 want=$3
	for t in 1 2 4; do
		INKAN_THREADS=$t $INKAN registry verify "$dir" >"$name.out$t" \
		    2>"$name.err$t"
		echo $? >"$name.rc$t"
	done
	check "$name: exit $want on 1, 2 and 4 threads" sh -c \
	    "test \"\$(cat $name.rc1 $name.rc2 $name.rc4 | sort -u)\" = $want"
	check "$name: the same output on 1, 2 and 4 threads" sh -c \
	    "cmp -s $name.out1 $name.out2 && cmp -s $name.out1 $name.out4 &&
	     cmp -s $name.err1 $name.err2 && cmp -s $name.err1 $name.err4"
}

same_on_threads clean reg 0

# The working tree is not what is audited: a record file changed there
# (not committed) gives the same answer on every thread count.
cp -a reg wt
f=$(git -C wt ls-files 'records/audit-report/*' | sed -n 10p)
g=$(git -C wt ls-files 'records/audit-report/*' | sed -n 11p)
cp "wt/$g" "wt/$f"
same_on_threads worktree wt 0

# Committed behind inkan's back: one record's signature forged, another
# record's file holding a third record's bytes.
cp -a reg bad
f1=$(git -C bad ls-files 'records/audit-report/*' | sed -n 5p)
f2=$(git -C bad ls-files 'records/audit-report/*' | sed -n 280p)
f3=$(git -C bad ls-files 'records/audit-report/*' | sed -n 281p)
python3 - "bad/$f1" <<'PY'
import base64, json, sys
e = json.load(open(sys.argv[1]))
s = bytearray(base64.b64decode(e["signatures"][0]["sig"])); s[9] ^= 1
e["signatures"][0]["sig"] = base64.b64encode(bytes(s)).decode()
open(sys.argv[1], "w").write(json.dumps(e, separators=(",", ":")))
PY
cp "bad/$f3" "bad/$f2"
git -C bad -c user.name=x -c user.email=x@x.invalid commit -q -a \
    -m "edited by hand" --no-gpg-sign
same_on_threads forged bad 1
check "...naming the forged record" grep -q "$(basename "$f1" .dsse.json)" forged.out2 forged.err2
check "...its signature not valid" sh -c 'grep -q "no valid signature" forged.out2 forged.err2'
check "...and the swapped file as edited after registration" sh -c \
    'grep -q "edited after registration" forged.out2 forged.err2'

done_testing
