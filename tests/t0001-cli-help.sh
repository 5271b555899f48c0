#!/bin/sh
# Every command answers -h, help finds each one, a typo gets a
# suggestion, and every command has a man page whose synopsis names it
# (t0005 checks the options of each synopsis against the table).
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(dirname "$0")/..}

expect 0 "inkan -h lists the commands" $INKAN -h
cmds=$(sed -n 's/^  \([a-z-]*\) .*/\1/p' "$T/out")
check "the list is not empty" test -n "$cmds"
for c in $cmds; do
	expect 0 "inkan $c -h" $INKAN $c -h
	check "inkan $c -h prints a usage line" out_has "^usage: inkan $c"
	expect 0 "inkan help $c" $INKAN help $c
	[ "$c" = help ] && continue
	check "man page for $c exists" test -f "$src/docs/man/inkan-$c.1"
	check "man page for $c has a synopsis naming it" grep -q "^\.Nm inkan $c\|^\.Cm $c" "$src/docs/man/inkan-$c.1"
	check "man page for $c documents exit status" grep -q "^\.Sh EXIT STATUS" "$src/docs/man/inkan-$c.1"
done
expect 2 "no command is a usage error" $INKAN
expect 2 "a mistyped command" $INKAN verfy
check "a mistyped command gets a suggestion" err_has "did you mean 'verify'"
expect 2 "an unknown option" $INKAN verify --frobnicate x
expect 0 "--version" $INKAN --version
done_testing
