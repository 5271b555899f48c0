#!/bin/sh
# The witness keeps its promise across SIGKILL and against a second
# process: two forks of one registry (a split view) are offered to it in
# random order, each attempt killed at a random moment (at least 100
# kills, some of them in the middle of its state write); of everything it
# issued, every cosignature verifies (the independent checker), all are of
# one fork, and their sizes never go down.  Then two processes race to
# cosign the two forks at once: one wins, the other is told the size
# (409), never both.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
chk="python3 $src/tests/witness/cosig_check.py"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
DEPTH=5
synthetic_registry reg 証人試験
synthetic_envelopes $((2 * DEPTH))
$INKAN keys generate --out wk --no-passphrase >/dev/null 2>&1
$INKAN witness init base --name witness.example/w1 --key wk.key >wv
lv=$($INKAN registry checkpoint reg --vkey)
wv=$(cat wv)
$INKAN witness add-log base --log-vkey "$lv"
s0=$($INKAN registry checkpoint reg | sed -n 2p)
$INKAN registry checkpoint reg >cp.A.$s0
cp cp.A.$s0 cp.B.$s0
echo "old $s0" >p.A.$s0.$s0
cp p.A.$s0.$s0 p.B.$s0.$s0

# Two forks, DEPTH records each past s0; every checkpoint kept, with the
# proof to it from every size before it (p.FORK.FROM.TO).
cp -a reg fork.B
mv reg fork.A
i=0
for f in A B; do
	for d in $(seq 1 $DEPTH); do
		i=$((i + 1))
		$INKAN registry add fork.$f "$(sed -n "${i}p" envs.list)" -q ||
			{ echo "Bail out! cannot grow fork $f"; exit 1; }
		t=$((s0 + d))
		$INKAN registry checkpoint fork.$f >cp.$f.$t
		for from in $(seq $s0 $t); do
			$INKAN registry consistency fork.$f $from >p.$f.$from.$t
		done
	done
done
check "the forks share size $s0 and differ after it" sh -c "! cmp -s cp.A.$((s0 + 1)) cp.B.$((s0 + 1))"
for f in A B; do
	for t in $(seq $s0 $((s0 + DEPTH))); do sed -n 3p cp.$f.$t; done >roots.$f
done

# One attempt: cosign a random fork's checkpoint of a size at or above the
# witness's (or, one time in five, from a wrong size), killed after a
# random delay.  Issued cosignatures are kept in order in issued/.
# How long one cosign takes here, so that the kills land anywhere in it
# however loaded the machine: delays from 0 to 1.5 times that.
rm -rf ws && cp -a base ws
$INKAN witness cosign ws cp.A.$s0 >/dev/null 2>&1
t0=$(date +%s%N)
for i in 1 2 3 4 5; do
	$INKAN witness cosign ws cp.A.$s0 --proof p.A.$s0.$s0 >/dev/null 2>&1
done
ms=$((($(date +%s%N) - t0) / 5000000))
maxd=$((ms * 3 / 2 + 2))
[ $maxd -lt 999 ] || maxd=999
mkdir issued
kills=0 attempts=0 midwrite=0 rounds=0 bad=0 tmpseen=0
cosigned_size() {
	sed -n 2p "$1"/logs/*/checkpoint 2>/dev/null || echo 0
}
# The shell's "Killed" notices are not the test's output.
exec 3>&2 2>/dev/null
# (at least 100 kills, and on until one has landed in the middle of the
# state write: where a kill lands is chance, slower under a sanitizer)
while { [ $kills -lt 100 ] || [ $((midwrite + tmpseen)) -eq 0 ]; } &&
    [ $attempts -lt 1500 ]; do
	if [ $((attempts % 40)) -eq 0 ]; then
		# A new round: a fresh witness that has cosigned s0.
		[ $rounds -eq 0 ] || midwrite=$((midwrite + $(ls ws/logs/*/ | grep -c '\.tmp')))
		rm -rf ws && cp -a base ws
		$INKAN witness cosign ws cp.A.$s0 >/dev/null 2>&1 || bad=$((bad + 1))
		rounds=$((rounds + 1))
		mkdir issued/$rounds
	fi
	attempts=$((attempts + 1))
	have=$(cosigned_size ws)
	f=$(shuf -n 1 -e A B)
	t=$(shuf -n 1 -i "$have-$((s0 + DEPTH))")
	from=$have
	[ "$(shuf -n 1 -i 1-5)" -ne 1 ] || from=$(shuf -n 1 -i "$s0-$t")
	[ -f p.$f.$from.$t ] || continue
	$INKAN witness cosign ws cp.$f.$t --proof p.$f.$from.$t \
	    >out 2>/dev/null &
	pid=$!
	sleep "$(printf '0.%03d' "$(shuf -n 1 -i 0-$maxd)")"
	kill -9 $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq 137 ]; then
		kills=$((kills + 1))
		ls ws/logs/*/ 2>/dev/null | grep -q '\.tmp' && tmpseen=1
	elif [ $rc -eq 0 ]; then
		cp out issued/$rounds/$(printf '%04d' $attempts)
	fi
done
exec 2>&3 3>&-
midwrite=$((midwrite + $(ls ws/logs/*/ | grep -c '\.tmp')))
check "at least 100 attempts killed ($kills of $attempts, in $rounds rounds)" test $kills -ge 100
check "some killed in the middle of the state write ($midwrite temporary files left at rounds' ends, one seen after a kill: $tmpseen)" \
    test $((midwrite + tmpseen)) -ge 1
check "every round's witness cosigned size $s0 first" test $bad -eq 0
n=$(find issued -type f | wc -l)
check "cosignatures were issued between the kills ($n; kills after up to ${maxd} ms)" test "$n" -ge 5
ok_all=1
for r in issued/*; do
	[ -n "$(ls "$r")" ] || continue
	if ! $chk "$lv" "$wv" "$r"/* >ver 2>err; then
		echo "# $r: $(cat err)"
		ok_all=0
		continue
	fi
	# One fork only: every root issued is on A's side, or every one on B's.
	awk '{ print $3 }' ver >got
	if grep -vxFf roots.A got >/dev/null && grep -vxFf roots.B got >/dev/null; then
		echo "# $r: cosignatures of both forks"
		ok_all=0
	fi
	if ! awk '{ if ($2 < last) exit 1; last = $2 }' ver; then
		echo "# $r: a smaller tree cosigned after a larger"
		ok_all=0
	fi
done
check "every cosignature issued verifies, each round's all of one fork, sizes never going down" test $ok_all -eq 1
t=$(cosigned_size ws)
f=$(grep -qxF "$(sed -n 3p ws/logs/*/checkpoint)" roots.A && echo A || echo B)
if [ "$t" -lt $((s0 + DEPTH)) ]; then
	expect 0 "after the kills, the witness still cosigns its fork's next checkpoint" \
		$INKAN witness cosign ws cp.$f.$((t + 1)) --proof p.$f.$t.$((t + 1))
else
	expect 0 "after the kills, the witness still cosigns its fork's checkpoint again" \
		$INKAN witness cosign ws cp.$f.$t --proof p.$f.$t.$t
fi

# Two processes at once, one per fork, both from s0: the lock lets one
# through and tells the other the size it now holds.
both=0 none=0
for r in $(seq 1 20); do
	rm -rf ws && cp -a base ws
	$INKAN witness cosign ws cp.A.$s0 >/dev/null 2>&1
	t=$((s0 + 1))
	$INKAN witness cosign ws cp.A.$t --proof p.A.$s0.$t >/dev/null 2>&1 &
	a=$!
	$INKAN witness cosign ws cp.B.$t --proof p.B.$s0.$t >/dev/null 2>&1 &
	b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	[ $ra -eq 0 ] && [ $rb -eq 0 ] && both=$((both + 1))
	[ $ra -ne 0 ] && [ $rb -ne 0 ] && none=$((none + 1))
done
check "two processes racing with the two forks: never both cosigned (20 races)" test $both -eq 0
check "...and always one of them" test $none -eq 0

done_testing
