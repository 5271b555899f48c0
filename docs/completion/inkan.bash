# bash completion for inkan(1).  Installed by `make install` into
# $(BASHCOMPDIR); source it by hand with `. docs/completion/inkan.bash`.
#
# Every word offered comes from inkan's own -h, which is printed from its
# table of commands and options (cli/cli.h), so the completion cannot
# drift from the program: t0005 checks it against `inkan help --json`.

# The subcommand words of a command that follow the words given
# ("catalog" after "scs"), from its usage lines.
_inkan_subs()
{
	local cmd=$1; shift
	inkan "$cmd" -h 2>/dev/null |
	    sed -n "s/^\(usage:\|      \) inkan $cmd \(.*\)/\2/p" |
	    while read -r line; do
		set -- $line
		local w
		for w in $_inkan_before; do
			[ "$1" = "$w" ] || continue 2
			shift
		done
		case $1 in [a-z]*) echo "$1" ;; esac
	    done | sort -u
}

# The options of a command or subcommand, from the options its -h lists.
_inkan_opts()
{
	inkan "$@" -h 2>/dev/null |
	    sed -n 's/^  \(-[a-z], \|    \)\(--[a-z][a-z0-9-]*\).*/\2/p'
}

# The argument name of an option ("pem|minisign|ssh", "ACTION", "FILE").
_inkan_arg()
{
	local opt=$1 pat; shift
	case $opt in
	--*) pat="^  \(-[a-z], \|    \)$opt \([^ ]*\).*" ;;
	*) pat="^  \($opt, \)--[a-z-]* \([^ ]*\).*" ;;
	esac
	inkan "$@" -h 2>/dev/null | sed -n "s/$pat/\2/p" | head -n 1
}

_inkan()
{
	local cur prev cmd words arg i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(inkan -h 2>/dev/null |
		    sed -n 's/^  \([a-z-]*\) .*/\1/p') --version --help" -- "$cur"))
		return
	fi
	if [ "$cmd" = help ]; then
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(inkan -h \
		    2>/dev/null | sed -n 's/^  \([a-z-]*\) .*/\1/p') $(_inkan_opts \
		    help)" \
		    -- "$cur"))
		return
	fi
	# The words of the subcommand so far: those the usage lists.
	words=$cmd
	_inkan_before=
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in -*) break ;; esac
		if _inkan_subs "$cmd" | grep -qx -- "${COMP_WORDS[i]}"; then
			_inkan_before="$_inkan_before ${COMP_WORDS[i]}"
			words="$words ${COMP_WORDS[i]}"
		else
			break
		fi
	done
	case $prev in
	-?|--?*)
		arg=$(_inkan_arg "$prev" $words)
		case $arg in
		"") ;;
		*\|*)
			COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur"))
			return ;;
		DIR|REGISTRY)
			COMPREPLY=($(compgen -d -- "$cur"))
			return ;;
		KEY)
			# A key file, or a key an agent or a token holds
			# (inkan-keys(1), KEY FORMS).
			COMPREPLY=($(compgen -f -- "$cur") $(compgen -W \
			    "ssh-agent: pkcs11:" -- "$cur"))
			return ;;
		[A-Z]*)
			# ACTION, ROLE: the words the help lists as "actions:".
			local list
			list=$(inkan $words -h 2>/dev/null | sed -n \
			    "s/^$(echo "$arg" | tr 'A-Z' 'a-z')s: //p" | tr -d ,)
			if [ -n "$list" ]; then
				COMPREPLY=($(compgen -W "$list" -- "$cur"))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			return ;;
		esac ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_inkan_opts $words)" -- "$cur"))
		return
	fi
	# The next word of a subcommand, else a file.
	local subs
	subs=$(_inkan_subs "$cmd")
	if [ -n "$subs" ]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		[ ${#COMPREPLY[@]} -gt 0 ] && return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _inkan inkan
