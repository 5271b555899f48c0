#!/bin/sh
# make install puts the binary, man pages, catalogues and bash completion
# in place under DESTDIR/PREFIX, the installed binary finds its
# catalogues, and uninstall removes what install put there.
. "$(dirname "$0")/lib.sh"
src=${INKAN_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
bin=$(dirname "$INKAN")
expect 0 "make install DESTDIR=... PREFIX=/usr" make -s -C "$src" BUILD="$bin" install DESTDIR="$T/root" PREFIX=/usr
check "the binary is installed" test -x "$T/root/usr/bin/inkan"
check "a man page per command is installed" test -f "$T/root/usr/share/man/man1/inkan-verify.1"
check "the catalogues are installed" test -f "$T/root/usr/share/inkan/catalogs/schemes.json"
check "bash completion is installed" test -f "$T/root/usr/share/bash-completion/completions/inkan"
expect 0 "the installed binary runs" "$T/root/usr/bin/inkan" --version
expect 0 "the installed binary finds its catalogues" "$T/root/usr/bin/inkan" new audit-report -o "$T/d.json"
check "completion offers 'registry' for 'inkan reg'" bash -c '
	PATH="$0:$PATH"; . "$1"; COMP_WORDS=(inkan reg); COMP_CWORD=1; _inkan
	printf "%s\n" "${COMPREPLY[@]}" | grep -qx registry' "$T/root/usr/bin" "$T/root/usr/share/bash-completion/completions/inkan"
check "completion offers roles after --role" bash -c '
	PATH="$0:$PATH"; . "$1"; COMP_WORDS=(inkan sign x --role ""); COMP_CWORD=4; _inkan
	printf "%s\n" "${COMPREPLY[@]}" | grep -qx management' "$T/root/usr/bin" "$T/root/usr/share/bash-completion/completions/inkan"
expect 0 "the installed binary builds the demo (its criteria lists are installed)" "$T/root/usr/bin/inkan" demo "$T/demo"
expect 0 "make uninstall" make -s -C "$src" BUILD="$bin" uninstall DESTDIR="$T/root" PREFIX=/usr
check "uninstall removes the files" sh -c '! find "$0/root" -type f | grep -q .' "$T"
done_testing
