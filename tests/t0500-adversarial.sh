#!/bin/sh
# The adversarial corpus: every case in tests/adversarial/NNN-name/ is a
# forgery, a tampering or a hostile input that inkan must refuse with the
# right exit code and reason (see tests/adversarial/README.md).  One TAP
# line per case; a case with a 'todo' file is a known library bug and is
# reported as TODO until fixed.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
ADV=$src/tests/adversarial
FILL=$src/tests/fixtures/fill-draft.py
export INKAN ADV FILL
# ADV_WORLD=DIR keeps the world in DIR (made once, reused after).
W=${ADV_WORLD:-$T/world}
mkdir -p "$W" "$T/cases"
cd "$W" || exit 2
. "$ADV/prepare.sh"
if [ ! -f "$W/ids.sh" ] && ! adv_prepare >"$T/prepare.log" 2>&1; then
	not_ok "the adversarial world could not be made"
	sed 's/^/#   /' "$T/prepare.log" | tail -n 20
	done_testing
	exit 1
fi
set -a
. "$W/ids.sh"
set +a
export W
export INKAN_NOW=2026-06-01T00:00:00Z

# A known bug's case fails as TODO: reported, not counted as a failure.
todo_not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $*"
}

# run_case DIR: runs one case in its scratch folder; its verdict goes to
# the folder's 'verdict' (ok, not_ok or todo_not_ok, then the
# description) and 'diag' (lines to show under a failure).
run_case() {
	d=$1
	name=${d##*/}
	s=$T/cases/$name
	mkdir -p "$s"
	for f in "$d"/*; do
		case ${f##*/} in cmd|expect|error|todo|setup) ;; *) cp -R "$f" "$s"/ ;; esac
	done
	want=$(cat "$d/expect")
	pat=$(cat "$d/error")
	todo=""
	fail=not_ok
	if [ -f "$d/todo" ]; then
		todo=" # TODO $(head -n 1 "$d/todo")"
		fail=todo_not_ok
	fi
	: >"$s/diag"
	if [ -f "$d/setup" ] &&
	    ! (cd "$s" && sh "$d/setup") >"$s/setup.log" 2>&1; then
		echo "$fail $name: its setup failed$todo" >"$s/verdict"
		tail -n 10 "$s/setup.log" >"$s/diag"
		return
	fi
	(cd "$s" && sh -c "$(cat "$d/cmd")") >"$s/out" 2>"$s/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "$fail $name (exit $got, wanted $want)$todo" >"$s/verdict"
		cat "$s/err" "$s/out" | head -n 8 >"$s/diag"
	elif ! grep -qF -- "$pat" "$s/out" "$s/err"; then
		echo "$fail $name (exit $got, but no '$pat' in its output)$todo" \
			>"$s/verdict"
		cat "$s/err" "$s/out" | head -n 8 >"$s/diag"
	else
		echo "ok $name: exit $got, '$pat'$todo" >"$s/verdict"
	fi
}

# The cases run ADV_JOBS at a time (default 2); their verdicts are
# printed in order.  ADV_ONLY=NNN runs the cases whose names start so
# (when debugging).
jobs=${ADV_JOBS:-2}
i=0
for d in "$ADV"/[0-9][0-9][0-9]-*/; do
	d=${d%/}
	case ${d##*/} in ${ADV_ONLY:-}*) ;; *) continue ;; esac
	run_case "$d" &
	i=$((i + 1))
	[ $((i % jobs)) -eq 0 ] && wait
done
wait
for d in "$ADV"/[0-9][0-9][0-9]-*/; do
	d=${d%/}
	name=${d##*/}
	case $name in ${ADV_ONLY:-}*) ;; *) continue ;; esac
	s=$T/cases/$name
	if [ ! -f "$s/verdict" ]; then
		not_ok "$name: no verdict"
		continue
	fi
	read -r verdict rest <"$s/verdict"
	$verdict "$rest"
	[ "$verdict" = ok ] || sed 's/^/#   /' "$s/diag"
done
done_testing
