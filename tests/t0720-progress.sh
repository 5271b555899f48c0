#!/bin/sh
# Progress on long work: a 10k-record site build in a terminal (tmux)
# shows a progress line with counts, rate and time left; the same build
# with stderr piped shows none.  Also batch sign and registry add.
. "$(dirname "$0")/lib.sh"
N=${INKAN_PROGRESS_N:-10000}
cd "$T" || exit 2
export INKAN_NOW=2026-06-01T00:00:00Z
command -v tmux >/dev/null || { not_ok "tmux is missing: tools/deps check installs it"; done_testing; exit 1; }
synthetic_registry reg 進捗試験
synthetic_drafts "$N"
expect 0 "batch sign of $N drafts, piped: no progress line" $INKAN sign --files-from drafts.list --key aud.key --role auditor
check "...stderr carries no progress" sh -c '! grep -q "left" "$0"' "$T/err"
sed 's/\.json$/.dsse.json/' drafts.list >envs.list
synthetic_sign_mgmt
expect 0 "registry add of $N records" $INKAN registry add reg --files-from envs.list -q

# In a terminal: tmux runs the build; the pane is read while it works.
# A tmux server of this run alone: two checkouts may test at once.
sock=inkan-test-$$
tmux -L "$sock" kill-server 2>/dev/null
tmux -L "$sock" new-session -d -x 160 -y 20 \
	"$INKAN site build reg -o site1; echo BUILD-DONE; sleep 30"
seen=""
for i in $(seq 1 600); do
	pane=$(tmux -L "$sock" capture-pane -p) || break
	case "$pane" in *"left"*) seen=$(printf '%s\n' "$pane" | grep "left" | tail -1) ;; esac
	case "$pane" in *BUILD-DONE*) break ;; esac
	sleep 0.2
done
tmux -L "$sock" kill-server 2>/dev/null
check "a terminal shows a progress line (counts, rate, time left)" sh -c 'printf "%s" "$0" | grep -q "[0-9]/[0-9].*/s.*left"' "$seen"
[ -n "$seen" ] && echo "# captured: $seen"
check "the build in the terminal finished" test -f site1/index.html
# registry verify, the other long job, in the terminal too: on a server of
# its own (a new server on the socket just killed can race the old one's
# exit: "server exited unexpectedly").
sock=inkan-test-$$-verify
tmux -L "$sock" kill-server 2>/dev/null
tmux -L "$sock" new-session -d -x 160 -y 20 \
	"$INKAN registry verify reg >/dev/null; echo VERIFY-DONE; sleep 30"
seen=""
for i in $(seq 1 900); do
	pane=$(tmux -L "$sock" capture-pane -p) || break
	case "$pane" in *"registry verify:"*) seen=$(printf '%s\n' "$pane" | grep "registry verify:" | tail -1) ;; esac
	case "$pane" in *VERIFY-DONE*) break ;; esac
	sleep 0.2
done
tmux -L "$sock" kill-server 2>/dev/null
check "registry verify shows progress in a terminal" sh -c 'printf "%s" "$0" | grep -q "registry verify: [0-9]*/[0-9]*.*left"' "$seen"
expect 0 "registry verify piped" $INKAN registry verify reg
check "...shows no progress line" sh -c '! grep -q "left" "$0"' "$T/err"
expect 0 "the same build piped" $INKAN site build reg -o site2
check "...shows no progress line" sh -c '! grep -q "left" "$0" && ! grep -q "$(printf "\r")" "$0"' "$T/err"
# The search page without JavaScript, past SITE_NOJS_MAX (5000)
# services: the organisations alone and a link to the service index, a
# page a phone can load (t0610 shows the small registry's, services and
# all).
if [ "$N" -gt 5000 ]; then
	check "past 5000 services the no-JS search page lists the organisations, not every service" sh -c \
	    '! grep -q "href=\"svc/[^i]" "$0" && grep -q "href=\"org/" "$0" && grep -q "href=\"svc/index.html\"" "$0" &&
	     test "$(wc -c <"$0")" -lt 1000000' site2/ja/search.html
fi
done_testing
