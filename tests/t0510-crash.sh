#!/bin/sh
# Crash, disk-full and concurrency safety of 'registry add': SIGKILL at
# random points of 200 adds, writes that fail for want of space, and four
# writers at once.  After each, 'registry verify' passes and the log holds
# exactly the adds that completed, in order, each record once.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2

$INKAN keys generate --out op --no-passphrase >/dev/null 2>&1
$INKAN keys generate --out aud --no-passphrase >/dev/null 2>&1
export INKAN_NOW=2026-04-01T00:00:00Z
$INKAN registry init reg --operator-key op.key --name crash.test/reg \
	--expires 2030-01-01 >/dev/null 2>&1
cp -a reg scratch

# 246 distinct records to add: accreditations of one key under 246 names,
# signed by the operator in a scratch registry, their envelopes taken out.
N=246
i=0
while [ $i -lt $N ]; do
	i=$((i + 1))
	cat >acc.json <<JSON
{"person": {"name": "crash $i"}, "organisation": {"name": "crash"},
 "roles": ["auditor"], "schemes": ["*"], "key": {"public_key_file": "aud.pub"},
 "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2028-01-01T00:00:00Z"}
JSON
	$INKAN registry accredit scratch --key op.key acc.json >>ids || break
done
check "$N records to add were made" test "$(wc -l <ids)" -eq $N
mkdir env
i=0
while read -r id; do
	i=$((i + 1))
	h=${id#sha256:}
	cp "scratch/records/signer/$(echo "$h" | cut -c1-2)/$h.dsse.json" \
		"env/$i.json"
done <ids

# A registry of its own for each part, so that one part's failure leaves
# the others meaningful: base holds the root and records 221-230; the
# killed adds use records 1-220, the full disk 231-233, the four writers
# 234-245.
cp -a reg base
$INKAN registry add base $(i=221; while [ $i -le 230 ]; do
	printf 'env/%d.json ' $i; i=$((i + 1)); done) >/dev/null 2>&1
check "the base registry for the later parts was made" \
	test "$(git -C base show HEAD:log/leaves | wc -l)" -eq 11
NKILL=220

# leaves: the record ids of the log, in order (the root and nothing else
# came before the adds).
leaves() { git -C reg show HEAD:log/leaves | cut -d' ' -f1 | sed 1d; }

# --- SIGKILL at random points --------------------------------------------
# Each of 200 runs adds the next one to three records not yet in the log
# (those of a run killed before it committed are tried again) and is
# killed after a random time between 0 and 1.2 times what one whole add
# takes on this machine (measured first, so that the kills spread over
# the whole add, in a fast build or a sanitizer one).  The sequence is
# fixed (the same every time), though where a kill lands still depends
# on the machine.  A run's records land all together or not at all: the
# log grows by the run's batch or by nothing.
t0=$(date +%s%N)
$INKAN registry add reg env/1.json >/dev/null 2>&1
t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 * 12 / 10 + 1 ))
echo "# one add takes $(( (t1 - t0) / 1000000 )) ms: kills within $span ms"
check "the first record was added whole" test "$(leaves)" = "$(head -n 1 ids)"
awk -v span=$span 'BEGIN { srand(20261122); for (k = 0; k < 200; k++)
	printf "%d %d\n", 1 + int(rand() * 3), int(rand() * span) }' >plan
: >runs
k=0
while read -r size ms; do
	k=$((k + 1))
	before=$(($(leaves | wc -l)))
	b=$((before + 1))
	e=$((before + size))
	# On a machine fast enough for most adds to finish, the records run
	# out: the last one again then (already registered, a no-op).
	[ $e -le $NKILL ] || e=$NKILL
	[ $b -le $NKILL ] || b=$NKILL
	size=$((e - b + 1))
	files=""
	i=$b
	while [ $i -le $e ]; do
		files="$files env/$i.json"
		i=$((i + 1))
	done
	$INKAN registry add reg $files >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	echo "$k $size $before $(($(leaves | wc -l))) $e" >>runs
	# Every 50 runs the registry, as left, is audited.
	if [ $((k % 50)) -eq 0 ]; then
		expect 0 "registry verify after $k killed adds" \
			$INKAN registry verify reg
	fi
done <plan
check "200 adds were killed" test "$(wc -l <runs)" -eq 200
check "each run's records landed all together or not at all" awk '
	{ if ($4 != $3 && $4 != $3 + $2) { print "# run " $1 ": " $3 " -> " $4 \
		" with a batch of " $2; bad = 1 } }
	END { exit bad }' runs
leaves >log-ids
check "the log is exactly a prefix of the records given, in order" \
	sh -c 'head -n "$(wc -l <log-ids)" ids | cmp -s - log-ids'
check "no record is in the log twice" \
	sh -c 'test -z "$(sort log-ids | uniq -d)"'
landed=$(awk '$4 != $3' runs | wc -l)
used=$(awk '$5 > m { m = $5 } END { print m }' runs)
echo "# $landed of 200 killed runs had committed; records tried: $used"
expect 0 "registry verify after 200 killed adds" $INKAN registry verify reg
check "git agrees the repository is sound (git fsck)" \
	git -C reg fsck --no-progress --no-dangling
expect 0 "a plain add after the crashes completes all records" \
	$INKAN registry add reg $(i=1; while [ $i -le $used ]; do
		printf 'env/%d.json ' $i; i=$((i + 1)); done)
leaves >log-ids
check "now every record given is in the log exactly once" sh -c '
	test -z "$(sort log-ids | uniq -d)" && test "$(wc -l <log-ids)" -eq '"$used"
expect 0 "registry verify of the completed registry" $INKAN registry verify reg

# --- a full filesystem ----------------------------------------------------
# A file-size limit makes writes fail (EFBIG) as a full disk does
# (ENOSPC); SIGXFSZ is ignored so the write fails instead of killing.
# Whatever the limit, an add either succeeds or fails with exit 2 and
# leaves the branch where it was and the registry valid.
cp -a base full
full=0
for blocks in 1 2 4 8 16 32 64 128 256; do
	c0=$(git -C full rev-parse HEAD)
	(trap '' XFSZ; ulimit -f $blocks; exec $INKAN registry add full \
		env/231.json) >out 2>err
	rc=$?
	if [ $rc -eq 0 ]; then
		check "with writes limited to $blocks blocks, add succeeds whole" \
			test "$(git -C full show HEAD:log/leaves | wc -l)" -eq 12
		break
	fi
	full=$((full + 1))
	check "with writes limited to $blocks blocks, add fails with exit 2 (got $rc)" \
		test $rc -eq 2
	check "...saying why on stderr" grep -q '^inkan: ' err
	check "...and the branch did not move" \
		test "$(git -C full rev-parse HEAD)" = "$c0"
	expect 0 "...and the registry verifies" $INKAN registry verify full
done
check "some write limit made add fail ($full did)" test $full -gt 0
expect 0 "once there is room, add works" $INKAN registry add full env/232.json
expect 0 "and the registry verifies" $INKAN registry verify full

# A real full filesystem, where a small tmpfs can be mounted (root).
mkdir mnt
if mount -t tmpfs -o size=4m tmpfs mnt 2>/dev/null; then
	trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
	cp -a base mnt/reg
	# Fill what is left, then free a little at a time: some add fails
	# for want of space, a later one succeeds.
	head -c 8m /dev/zero >mnt/filler 2>/dev/null
	nospace=0
	for free in 0 4 16 64 256 1024; do
		[ $free -gt 0 ] && truncate -s -${free}k mnt/filler
		c0=$(git -C mnt/reg rev-parse HEAD)
		$INKAN registry add mnt/reg env/231.json >out 2>err
		rc=$?
		[ $rc -eq 0 ] && break
		nospace=$((nospace + 1))
		check "on a full tmpfs ($free KiB freed) add fails with exit 2 (got $rc)" \
			test $rc -eq 2
		check "...and the branch did not move" \
			test "$(git -C mnt/reg rev-parse HEAD)" = "$c0"
	done
	check "the full tmpfs made an add fail" test $nospace -gt 0
	rm -f mnt/filler
	expect 0 "with space again, registry verify passes" \
		$INKAN registry verify mnt/reg
	expect 0 "...and add works" $INKAN registry add mnt/reg env/233.json
	umount mnt
else
	ok "# SKIP no tmpfs can be mounted here (not root): ulimit -f only"
fi

# --- four writers at once ---------------------------------------------------
# Four processes add three different records each, at the same time.
cp -a base four
pids=""
for w in 1 2 3 4; do
	a=$((234 + (w - 1) * 3))
	$INKAN registry add four env/$a.json env/$((a + 1)).json \
		env/$((a + 2)).json >w$w.out 2>w$w.err &
	pids="$pids $!"
done
rcs=""
for p in $pids; do
	wait $p
	rcs="$rcs$?"
done
check "four concurrent adds all succeed ($rcs)" test "$rcs" = 0000
check "their 12 records are each in the log exactly once" sh -c '
	for w in 1 2 3 4; do
		for id in $(cut -d" " -f1 w$w.out); do
			test "$(git -C four show HEAD:log/leaves | grep -c "^$id ")" = 1 ||
				exit 1
		done
		test "$(wc -l <w$w.out)" = 3 || exit 1
	done'
check "no record is in the log twice" sh -c '
	test -z "$(git -C four show HEAD:log/leaves | cut -d" " -f1 | sort | uniq -d)"'
check "the log holds the base and the 12 records" \
	test "$(git -C four show HEAD:log/leaves | wc -l)" -eq 23
expect 0 "registry verify after four concurrent writers" \
	$INKAN registry verify four
done_testing
