#!/bin/sh
# inkan's benchmarks (issue: performance).  Prints six figures, each with
# the exact command, the machine, the median of RUNS runs with min-max,
# and a ratio to the physical limit (openssl speed) or to a peer run
# side by side (minisign, Hugo).  Not a test: nothing here passes or fails.
#
# usage: bench/run.sh INKAN N [RUNS]     (make bench: N=100000; bench-quick: 10000)
set -eu
INKAN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=$2
RUNS=${3:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
CORES=$(nproc)
export INKAN_NOW=2026-06-01T00:00:00Z
# Where the work goes: BENCH_DIR, else with BENCH_IN_MEMORY=1 (make
# bench-quick) a folder in /dev/shm when that is a tmpfs with room for it
# (8 GiB), else build/bench on the checkout's disk (make bench: 100 000
# records need about 40 GB).
SHM_FREE=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')
if [ -n "${BENCH_DIR:-}" ]; then
	W=$BENCH_DIR
elif [ "${BENCH_IN_MEMORY:-0}" = 1 ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
	[ "${SHM_FREE:-0}" -ge 8388608 ]; then
	W=/dev/shm/inkan-bench
else
	W=$SRC/build/bench
fi
[ ! -e "$W" ] || mv "$W" "$W.old.$$"
mkdir -p "$W/trash"
# In memory, nothing is left behind; on disk, the work stays for a look.
if [ "$(stat -f -c %T "$W")" = tmpfs ]; then
	trap 'rm -rf "$W" "$W.old.$$"' EXIT
else
	trap 'rm -rf "$W/trash" "$W.old.$$"' EXIT
fi
# Outputs of earlier runs are removed before the next run, untimed.  On a
# disk (ext4) they are moved aside instead and deleted only at the end:
# creating files right after deleting many is slow there (the allocator
# skips recently freed inodes), so deleting between runs would time the
# file system's recovery, not inkan or Hugo.  At 100 000 records a site
# is 11 GB: when less than 30 GB is left, the trash is emptied first,
# outside the timed runs, and the next run pays the allocator's penalty.
# A tmpfs has no such penalty and the memory is better given back.
if [ "$(stat -f -c %T "$W")" = tmpfs ]; then
	cat >"$W/gone" <<GONE
#!/bin/sh
rm -rf "\$@"
GONE
else
	cat >"$W/gone" <<GONE
#!/bin/sh
if [ "\$(df -Pk "$W" | awk 'NR == 2 {print \$4}')" -lt 31457280 ]; then
	rm -rf "$W/trash" && mkdir "$W/trash"
fi
for d; do [ ! -e "\$d" ] || mv "\$d" "$W/trash/\$(date +%s%N)-\$\$"; done
GONE
fi
chmod +x "$W/gone"
GONE=$W/gone
# ASIDE: the full site builds' earlier outputs are moved aside on a tmpfs
# too, and deleted at once while the Hugo sources are written (nothing is
# timed then), not one by one between timed runs.
ASIDE=$GONE
if [ "$(stat -f -c %T "$W")" = tmpfs ]; then
	cat >"$W/aside" <<ASIDE
#!/bin/sh
for d; do [ ! -e "\$d" ] || mv "\$d" "$W/trash/\$(date +%s%N)-\$\$"; done
ASIDE
	chmod +x "$W/aside"
	ASIDE=$W/aside
fi
cd "$W"

say() { printf '%s\n' "$*"; }
# took: how long the figure just printed took, the bench's own time
# included (preparing runs, peers), so a slow bench shows where it goes.
T_FIG=$(date +%s) T_ALL=$(date +%s)
took() { say "  (this figure took $(( $(date +%s) - T_FIG )) s)"; say ""; T_FIG=$(date +%s); }
# hf NAME CMD [PREPARE]: hyperfine, RUNS runs; prints median and min-max
# seconds and leaves them in $MED $MIN $MAX.
# HF_RUNS and HF_WARMUP override the run count and warm-up runs.
hf() {
	name=$1 cmd=$2 prep=${3:-true} runs=${HF_RUNS:-$RUNS}
	hyperfine -N --runs "$runs" --warmup "${HF_WARMUP:-0}" --prepare "$prep" \
		--export-json "$W/$name.json" --style none "$cmd" >/dev/null 2>&1 ||
		hyperfine --runs "$runs" --prepare "$prep" \
		--export-json "$W/$name.json" --style none "$cmd" >/dev/null
	set -- $(python3 -c '
import json,sys,statistics
r=json.load(open(sys.argv[1]))["results"][0]; t=r["times"]
print("%.4f %.4f %.4f %.3f %.3f" % (statistics.median(t), min(t), max(t),
    r.get("user", 0), r.get("system", 0)))' "$W/$name.json")
	MED=$1 MIN=$2 MAX=$3
	# Paths in the checkout are shown relative to it: a result file names
	# no machine's folders.
	say "  command: $(printf '%s' "$cmd" | sed "s|$SRC/||g")"
	say "  time:    median $MED s (min $MIN, max $MAX) over $runs runs; cpu: user $4 s, sys $5 s (mean)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }

say "inkan benchmarks: N=$N, $RUNS runs each"
say "machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $CORES cores; $(free -g | awk '/Mem:/ {print $2}') GiB; $W on $(stat -f -c %T "$W")"
say "inkan: $($INKAN --version)"
say ""

# The physical limit: OpenSSL's own Ed25519 rates on this machine, the
# best of 3 runs of 1 s each (a short run alone can catch the machine
# slow, which would flatter every ratio below).
: >"$W/speed.txt"
for i in 1 2 3; do
	openssl speed -seconds 1 ed25519 2>/dev/null | awk '/Ed25519/ {print $(NF-1), $NF}' >>"$W/speed.txt"
done
set -- $(sort -n -k1,1 "$W/speed.txt" | tail -n 1 | cut -d' ' -f1) $(sort -n -k2,2 "$W/speed.txt" | tail -n 1 | cut -d' ' -f2)
SIGN_RATE=$1 VERIFY_RATE=$2
say "limit: openssl speed -seconds 1 ed25519, best of 3 runs: $SIGN_RATE sign/s, $VERIFY_RATE verify/s per core"
say ""

# ---- a synthetic registry of N audit records, made with the real commands
# ORGS organisations (organisation 0 is the draft template's, the others
# bench/gen.py's).  A management key signs only for an organisation its
# accreditation names (docs/FORMAT.md 8.4): the bench's one management
# key is accredited once for each, so that one key set verifies every
# record, as the figures below need.
ORGS=${ORGS:-997}
"$INKAN" keys generate --out op --no-passphrase >/dev/null 2>&1
"$INKAN" keys generate --out aud --no-passphrase >/dev/null 2>&1
"$INKAN" keys generate --out mgmt --no-passphrase >/dev/null 2>&1
"$INKAN" registry init reg --operator-key op.key --expires 2030-01-01 >/dev/null 2>&1
printf '{"person":{"name":"ベンチ aud"},"organisation":{"name":"ベンチ監査法人"},"audit_firm":{"name":"あおぞら監査法人","selection_id":"AF-2025-017"},"roles":["auditor"],"schemes":["soc2-type2"],"key":{"public_key_file":"aud.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' >acc-aud.json
"$INKAN" registry accredit reg --key op.key acc-aud.json >/dev/null
mg=$("$INKAN" keys id mgmt.pub) ids=""
i=0
while [ $i -lt "$ORGS" ]; do
	if [ $i -eq 0 ]; then c=9010401123456 o=株式会社サンプルクラウド; else
		c=$(python3 "$SRC/bench/gen.py" --corporate-number $i) o=株式会社ベンチ$i; fi
	printf '{"person":{"name":"ベンチ 経営"},"organisation":{"name":"%s","corporate_number":"%s"},"roles":["management"],"schemes":["*"],"key":{"public_key_file":"mgmt.pub"},"valid_from":"2026-01-01T00:00:00Z","valid_until":"2028-01-01T00:00:00Z"}\n' \
		"$o" "$c" >acc-mgmt.json
	"$INKAN" registry accredit reg --key op.key acc-mgmt.json >/dev/null
	ids="$ids${ids:+,}$mg"
	i=$((i + 1))
done
KEYS="--key aud.pub --key mgmt.pub"
t0=$(date +%s)
# N+EXTRA drafts: the last EXTRA are kept back, one to be added before
# each run of the incremental site build.
EXTRA=$(( ${HF_RUNS:-$RUNS} + 1 ))
python3 "$SRC/bench/gen.py" "$INKAN" . "$((N + EXTRA))" "$("$INKAN" keys id aud.pub)" "$ids"
"$INKAN" sign --files-from drafts.list --key aud.key --role auditor -q >/dev/null
sed 's/\.json$/.dsse.json/' drafts.list >all.list
"$INKAN" sign --files-from all.list --key mgmt.key --role management -q >/dev/null
head -n "$N" all.list >envs.list
tail -n "$EXTRA" all.list >extra.list
head -n "$N" drafts.list >d.tmp && mv d.tmp drafts.list
cp -a reg reg0
# Figure 3 adds the first S envelopes to a copy of reg0, S at most 10 000.
# When that is all N (make bench-quick), its last run's registry is the
# one the other figures use and figure 1's verify is its verify alone:
# the same commands on the same inputs, not run twice.
S=$(( N < 10000 ? N : 10000 ))
head -n "$S" envs.list >add.list
if [ "$S" -lt "$N" ]; then
	"$INKAN" registry add reg --files-from envs.list -q >/dev/null
	say "setup: $N drafts made, signed twice and registered in $(( $(date +%s) - t0 )) s"
else
	say "setup: $N drafts made and signed twice in $(( $(date +%s) - t0 )) s (figure 3's runs register them)"
fi
say ""
T_FIG=$(date +%s)
# BENCH_SETUP_ONLY=1: leave the synthetic registry in $W and stop.
if [ -n "${BENCH_SETUP_ONLY:-}" ]; then
	[ "$S" -lt "$N" ] || "$INKAN" registry add reg --files-from envs.list -q >/dev/null
	trap - EXIT
	rm -rf "$W/trash" "$W.old.$$"
	exit 0
fi

# ---- 3. registry add vs verify alone -------------------------------------
# (printed after figures 1 and 2)
fig3() {
	say "3. registry add of $S envelopes vs verifying the same $S alone"
	if [ "$S" -lt "$N" ]; then
		hf verify-alone "$INKAN verify --files-from add.list $KEYS -q"
		alone=$MED
	else
		say "  verify alone: figure 1's batch verify above (the same $S envelopes), median $alone s"
	fi
	hf add "$INKAN registry add $W/regadd --files-from add.list -q" \
		"sh -c '$GONE $W/regadd && cp -a $W/reg0 $W/regadd'"
	say "  ratio:   add / verify-alone = $(ratio "$MED" "$alone") (target <= 2)"
	took
}

# ---- 1. batch verify ------------------------------------------------------
{
say "1. batch verify of $N records (2 signatures each) vs the Ed25519 verify limit x $CORES cores"
hf verify "$INKAN verify --files-from envs.list $KEYS -q"
alone=$MED
rate=$(python3 -c "print(2*$N/$MED)")
say "  rate:    $(printf '%.0f' "$rate") signatures/s; limit $(python3 -c "print('%.0f' % ($VERIFY_RATE*$CORES))")/s; ratio $(ratio "$rate" "$(python3 -c "print($VERIFY_RATE*$CORES)")") (target >= 0.80)"
} >"$W/fig1.txt"
if [ "$S" -eq "$N" ]; then
	# (figure 1's time leaves out figure 3's)
	T1=$T_FIG T3=$(date +%s) T_FIG=$(date +%s)
	fig3 >"$W/fig3.txt"
	"$GONE" "$W/reg" && mv regadd reg
	T_FIG=$(( T1 + $(date +%s) - T3 ))
fi
{
hf regverify "$INKAN registry verify reg"
rate=$(python3 -c "print(2*$N/$MED)")
say "  registry verify: $(printf '%.0f' "$rate") signatures/s; ratio $(ratio "$rate" "$(python3 -c "print($VERIFY_RATE*$CORES)")")"
took
} >>"$W/fig1.txt"
cat "$W/fig1.txt"

# ---- 2. batch sign ----------------------------------------------------------
# (the drafts are linked, not copied, into a fresh folder for each run:
# sign only reads them and writes the envelope and disclosures beside)
mkdir signing
head -n "$S" drafts.list >sign-drafts.list
xargs cp -l -t signing <sign-drafts.list
ls signing/*.json >sign.list
say "2. batch sign of $S drafts vs the Ed25519 sign limit (1 core)"
hf sign "$INKAN sign --files-from sign.list --key aud.key --role auditor -q" \
	"sh -c '$GONE $W/signing && mkdir $W/signing && xargs cp -l -t $W/signing <$W/sign-drafts.list'"
rate=$(python3 -c "print($S/$MED)")
say "  rate:    $(printf '%.0f' "$rate") drafts/s; limit $SIGN_RATE/s; ratio $(ratio "$rate" "$SIGN_RATE") (target >= 0.70)"
took

if [ "$S" -eq "$N" ]; then
	cat "$W/fig3.txt"
else
	fig3
fi

# ---- 4. one verify against registries of growing size --------------------
say "4. verifying one record against registries of $(printf '%s\n' 1000 10000 "$N" | sort -nu | tr '\n' ' ')records"
one=$(sed -n 1p envs.list)
for n in $(printf '%s\n' 1000 10000 "$N" | sort -nu); do
	[ "$n" -le "$N" ] || continue
	rdir=reg
	if [ "$n" -lt "$N" ]; then
		rdir=reg$n
		cp -a reg0 "$rdir"
		head -n "$n" envs.list >sub.list
		"$INKAN" registry add "$rdir" --files-from sub.list -q >/dev/null
	fi
	hf one$n "$INKAN verify $one --registry $rdir -q"
	bytes=$(strace -f -e trace=read,pread64 -o "$W/strace$n" "$INKAN" verify "$one" --registry "$rdir" -q >/dev/null 2>&1; \
		awk -F'= ' '/^[0-9]+ +p?read/ {s += $NF} /^p?read/ {s += $NF} END {print s+0}' "$W/strace$n")
	say "  $n records: median $MED s, $bytes bytes read"
	eval "t$n=$MED b$n=$bytes"
done
say "  growth 1k -> $N: time x$(ratio "$(eval echo \$t$N)" "$t1000"), bytes x$(ratio "$(eval echo \$b$N)" "$b1000") (target <= 1.5)"
took

# ---- 5. site build vs Hugo -----------------------------------------------
say "5. site build of $N records vs Hugo building equivalent pages"
if "$INKAN" site -h >/dev/null 2>&1; then
	# Peak RSS is read by /usr/bin/time around each timed full build
	# (the largest of the runs), not by a build of its own.
	: >"$W/rss"
	hf site "/usr/bin/time -f %M -a -o $W/rss $INKAN site build reg -o $W/site -q" "$ASIDE $W/site"
	site=$MED
	pages=$(find "$W/site" -name '*.html' | wc -l)
	rm_pid=
	if [ "$ASIDE" != "$GONE" ]; then
		mv "$W/trash" "$W/trash.gone" && mkdir "$W/trash"
		rm -rf "$W/trash.gone" &
		rm_pid=$!
	fi
	python3 "$SRC/bench/hugo-site.py" "$INKAN" reg "$W/hugo" >/dev/null
	[ -z "$rm_pid" ] || wait "$rm_pid"
	hf hugo "hugo --quiet -s $W/hugo -d $W/hugo/public" "$GONE $W/hugo/public"
	hpages=$(find "$W/hugo/public" -name '*.html' | wc -l)
	ip=$(python3 -c "print($pages/$site)") hp=$(python3 -c "print($hpages/$MED)")
	say "  inkan: $pages pages, $(printf '%.0f' "$ip") pages/s; hugo: $hpages pages, $(printf '%.0f' "$hp") pages/s; ratio $(ratio "$ip" "$hp") (target >= 5)"
	# Incremental: the site of reg (the last full build) rebuilt where
	# it is, with its cache, after one more record is added to reg
	# before each run (untimed): the next run rebuilds the site the
	# last one left, as an operator's would be.
	cp extra.list extra.todo
	cat >"$W/add-one" <<ADD
#!/bin/sh
f=\$(head -n 1 "$W/extra.todo") && sed -i 1d "$W/extra.todo" &&
	"$INKAN" registry add "$W/reg" "\$f" -q >/dev/null
ADD
	chmod +x "$W/add-one"
	hf incr "$INKAN site build reg -o $W/site -q" "$W/add-one"
	say "  incremental rebuild after adding one record: $(ratio "$MED" "$site") of a full build (target <= 0.02)"
	say "  peak RSS of a full build: $(( $(sort -n "$W/rss" | tail -n 1) / 1024 )) MiB, the largest of the $RUNS timed builds (target <= 1024)"
else
	say "  not measured: this build has no 'inkan site'"
fi
took

# ---- 6. one verify vs minisign -V ----------------------------------------
say "6. one inkan verify --key vs minisign -V of one file (process wall time)"
"$INKAN" keys export-pub aud.key --format minisign -o aud.minisign.pub
"$INKAN" export minisign "$one" --key aud.key -o one >/dev/null 2>&1
HF_RUNS=30 HF_WARMUP=3 hf inkan1 "$INKAN verify $one --key aud.pub --key mgmt.pub -q"
i1=$MED
HF_RUNS=30 HF_WARMUP=3 hf minisign1 "minisign -V -q -p aud.minisign.pub -m one.payload"
m1=$MED
say "  ratio:   inkan / minisign = $(ratio "$i1" "$m1") (target <= 2)"
# The floor for any verifier built on libcrypto, as inkan is: bench/floor.c
# loads libcrypto, reads the key, the signed bytes and the signature, and
# verifies the one signature; checked to fail on a changed message first.
cc -O2 -o floor "$SRC/bench/floor.c" $(pkg-config --cflags --libs libcrypto)
python3 - "$one" "$("$INKAN" keys id aud.pub)" <<'PAE'
import base64, json, sys
env = json.load(open(sys.argv[1]))
pt, body = env["payloadType"].encode(), base64.b64decode(env["payload"])
sig = next(s for s in env["signatures"] if s["keyid"] == sys.argv[2])
msg = b"DSSEv1 %d %s %d %s" % (len(pt), pt, len(body), body)
open("floor.msg", "wb").write(msg)
open("floor.bad", "wb").write(msg[:-1] + bytes([msg[-1] ^ 1]))
open("floor.sig", "wb").write(base64.b64decode(sig["sig"]))
PAE
./floor aud.pub floor.msg floor.sig && ! ./floor aud.pub floor.bad floor.sig
HF_RUNS=30 HF_WARMUP=3 hf floor1 "./floor aud.pub floor.msg floor.sig"
say "  floor:   libcrypto Ed25519 verify alone / minisign = $(ratio "$MED" "$m1"); inkan / floor = $(ratio "$i1" "$MED")"
took
# The clean-up is part of what the bench costs: done here, not after the
# last line, so that the time printed is the time it took.
T_END=$(date +%s)
cd /
if [ "$(stat -f -c %T "$W")" = tmpfs ]; then
	rm -rf "$W" "$W.old.$$"
else
	rm -rf "$W/trash" "$W.old.$$"
fi
trap - EXIT
say "bench took $(( $(date +%s) - T_ALL )) s in all, $(( $(date +%s) - T_END )) s of it cleaning up (N=$N, $RUNS runs each)"
