#!/bin/sh
# Freeze and rollback (docs/FORMAT.md 8.6, 8.8): a mirror that keeps
# serving an old signed state shows readers a checkpoint its witnesses
# cosigned long ago.  --max-age DURATION refuses (exit 5) a checkpoint
# whose quorum of cosignatures — the quorum-th newest time — is older
# than now minus DURATION, and one dated in the future beyond the clock
# skew; a fresh quorum passes.  The witnesses cosign offline, each at
# the time INKAN_NOW gives it.  A reader holding the newer checkpoint
# also catches the rollback with --since-checkpoint.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
w1=$(cat wv1) w2=$(cat wv2)
synthetic_registry reg 凍結試験
synthetic_envelopes 2
env1=$(sed -n 1p envs.list) env2=$(sed -n 2p envs.list)
$INKAN registry rotate-root reg --key op.key --witness "$w1" --witness "$w2" >/dev/null 2>&1
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do $INKAN witness add-log ws$w --log-vkey "$lv"; done
$INKAN registry add reg "$env1" -q 2>/dev/null

# cosign_at TIME WITNESS...: each witness cosigns the registry's current
# checkpoint at TIME (from the size it last cosigned), and the lines are
# stored.
cosign_at() {
	_t=$1
	shift
	$INKAN registry checkpoint reg >carry
	_size=$(sed -n 2p carry)
	for _w in "$@"; do
		_old=$(sed -n 2p ws$_w/logs/*/checkpoint 2>/dev/null || echo 0)
		$INKAN registry consistency reg "${_old:-0}" >proof
		INKAN_NOW=$_t $INKAN witness cosign ws$_w carry --proof proof >cs$_w || return 1
	done
	for _w in "$@"; do $INKAN registry add-cosignatures reg cs$_w 2>/dev/null || return 1; done
}
check "both witnesses cosign on 2026-06-01" cosign_at 2026-06-01T00:00:00Z 1 2

export INKAN_NOW=2026-06-10T00:00:00Z
expect 0 "nine days later, --max-age 30d: exit 0" \
	$INKAN verify "$env1" --registry reg --max-age 30d
expect 0 "...registry verify --max-age 30d: exit 0" \
	$INKAN registry verify reg --max-age 30d -q
expect 0 "...site build --max-age 30d: exit 0" \
	$INKAN site build reg -o site --max-age 30d -q
expect 5 "nine days later, --max-age 5d: exit 5" \
	$INKAN verify "$env1" --registry reg --max-age 5d
check "...saying how old the quorum is" \
	err_has "inkan: verify: checkpoint of size [0-9]*: its quorum of cosignatures is from 2026-06-01T00:00:00Z, older than 5d"
expect 5 "...--max-age 200h (8 days and 8 hours): exit 5" \
	$INKAN verify "$env1" --registry reg --max-age 200h
expect 0 "...--max-age 13000m (9 days and 40 minutes): exit 0" \
	$INKAN verify "$env1" --registry reg --max-age 13000m

# The mirror freezes: no new cosignature for two months.
export INKAN_NOW=2026-08-01T00:00:00Z
expect 5 "frozen two months, --max-age 30d: verify --registry exit 5" \
	$INKAN verify "$env1" --registry reg --max-age 30d
expect 5 "...registry verify exit 5" $INKAN registry verify reg --max-age 30d
check "...names the limit" out_has "older than 30d"
expect 5 "...site build exit 5" $INKAN site build reg -o site --max-age 30d -q
expect 0 "...without --max-age the quorum alone still holds" \
	$INKAN verify "$env1" --registry reg

check "one witness cosigns afresh on 2026-08-01" cosign_at 2026-08-01T00:00:00Z 1
expect 5 "...one fresh, one stale of a quorum of 2: still refused" \
	$INKAN verify "$env1" --registry reg --max-age 30d
check "...the quorum's time is the stale one's" err_has "is from 2026-06-01T00:00:00Z"
check "the other cosigns afresh too" cosign_at 2026-08-01T00:00:00Z 2
expect 0 "...a fresh quorum: exit 0" \
	$INKAN verify "$env1" --registry reg --max-age 30d
expect 0 "...registry verify exit 0" $INKAN registry verify reg --max-age 30d -q
expect 0 "...site build exit 0" $INKAN site build reg -o site --max-age 30d -q

# A rollback: a mirror serves the state before the last record, whose
# checkpoint its witnesses cosigned; the reader who saw the newer one.
git clone -q reg mirror
$INKAN registry add reg "$env2" -q 2>/dev/null
check "the next state is cosigned on 2026-08-02" cosign_at 2026-08-02T00:00:00Z 1 2
$INKAN registry checkpoint reg >newer
export INKAN_NOW=2026-09-15T00:00:00Z
expect 5 "the mirror's older state, six weeks on, --max-age 30d: exit 5" \
	$INKAN verify "$env1" --registry mirror --max-age 30d
expect 5 "...and against the newer checkpoint a reader holds: exit 5" \
	$INKAN registry verify mirror --since-checkpoint newer
expect 0 "the registry itself, against that checkpoint: exit 0" \
	$INKAN registry verify reg --since-checkpoint newer -q

# A witness whose clock is far ahead: its cosignature is refused with
# --max-age (it would keep a frozen state looking fresh).
check "a witness cosigns dated 2027-06-01" cosign_at 2027-06-01T00:00:00Z 1
expect 5 "...--max-age: exit 5, a cosignature in the future" \
	$INKAN verify "$env2" --registry reg --max-age 30d
check "...names it" err_has "the cosignature by 'witness.example/w1' is dated 2027-06-01T00:00:00Z, in the future"
expect 0 "...without --max-age its time does not matter" \
	$INKAN verify "$env2" --registry reg
export INKAN_NOW=2027-05-31T23:54:00Z
expect 5 "...six minutes ahead of now: in the future, exit 5" \
	$INKAN verify "$env2" --registry reg --max-age 30d
check "...as such" err_has "in the future"
export INKAN_NOW=2027-05-31T23:56:00Z
expect 5 "...four minutes ahead, within the skew: not in the future (w2's is stale)" \
	$INKAN verify "$env2" --registry reg --max-age 30d
check "...stale, not future" sh -c "grep -q 'older than 30d' '$T/err' && ! grep -q future '$T/err'"

done_testing
