#!/bin/sh
# A registry that has not changed stays fresh (docs/FORMAT.md 8.6):
# readers with --max-age refuse a checkpoint whose quorum cosigned it
# long ago, so the operator asks the witnesses again, from cron, with
# registry cosign — the same checkpoint, new cosignature times, one
# signed commit.  Its twins: without a witness address it says how to
# carry the checkpoint instead (exit 2, nothing written); with the
# witnesses down the registry stays stale and readers keep refusing.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
SYN_ORGS=1
for w in 1 2; do
	$INKAN keys generate --out w$w --no-passphrase >/dev/null 2>&1
	$INKAN witness init ws$w --name witness.example/w$w --key w$w.key >wv$w
done
synthetic_registry reg 再連署試験
synthetic_envelopes 1
env1=$(sed -n 1p envs.list)
$INKAN registry rotate-root reg --key op.key --witness "$(cat wv1)" \
    --witness "$(cat wv2)" >/dev/null 2>&1
lv=$($INKAN registry checkpoint reg --vkey)
for w in 1 2; do $INKAN witness add-log ws$w --log-vkey "$lv"; done

# serve N: witness N served over HTTP at the time INKAN_NOW says now
# (its cosignatures' times), its address given to the registry.
pids=
serve() {
	rm -f serve$1.out
	$INKAN witness serve ws$1 --listen 127.0.0.1:0 >serve$1.out 2>/dev/null &
	pids="$pids $!"
	for _i in $(seq 100); do
		grep -q '^listening on port' serve$1.out && break
		sleep 0.1
	done
	$INKAN registry witness-url reg witness.example/w$1 \
	    "http://127.0.0.1:$(sed -n 's/^listening on port //p' serve$1.out)"
}
stop() { kill $pids 2>/dev/null; wait 2>/dev/null; pids=; }
trap 'stop; rm -rf "$T"' EXIT

expect 2 "registry cosign with no witness address: exit 2" $INKAN registry cosign reg
check "...saying how to carry the checkpoint to offline witnesses instead" \
    err_has "no witness has an address.*witness cosign"
before=$(git -C reg rev-parse HEAD)

serve 1
serve 2
expect 0 "a write on 2026-06-01 collects both cosignatures" \
    $INKAN registry add reg "$env1" -q
stop
size=$($INKAN registry checkpoint reg | sed -n 2p)

export INKAN_NOW=2026-07-15T00:00:00Z
expect 5 "six weeks later a reader with --max-age 30d refuses it" \
    $INKAN verify "$env1" --registry reg --max-age 30d
expect 0 "registry cosign with both witnesses down: the write succeeds" \
    $INKAN registry cosign reg
check "...naming each witness it could not reach" \
    sh -c 'grep -q "witness .witness.example/w1.:" "$0" && grep -q "witness .witness.example/w2.:" "$0"' "$T/err"
expect 5 "...and readers still refuse the stale quorum" \
    $INKAN verify "$env1" --registry reg --max-age 30d

serve 1
serve 2
expect 0 "registry cosign with both witnesses up" $INKAN registry cosign reg
check "...both cosigned" err_has "has 2 of 2 required cosignatures$"
check "...the checkpoint is the same size" \
    test "$($INKAN registry checkpoint reg | sed -n 2p)" = "$size"
check "...in one more commit, signed by the log key" \
    sh -c 'test "$(git -C reg log --format=%s -1)" = "log: fresh cosignatures of the checkpoint"'
expect 0 "a reader with --max-age 30d trusts it again" \
    $INKAN verify "$env1" --registry reg --max-age 30d
expect 0 "registry verify agrees" $INKAN registry verify reg --max-age 30d -q
check "the refused cosign had written nothing" \
    sh -c "git -C reg merge-base --is-ancestor $before HEAD"
stop
done_testing
