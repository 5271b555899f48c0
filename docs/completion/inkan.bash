# bash completion for inkan(1).  Installed by `make install` into
# $(BASHCOMPDIR); source it by hand with `. docs/completion/inkan.bash`.
_inkan()
{
	local cur prev cmd sub
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	sub=${COMP_WORDS[2]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(inkan -h 2>/dev/null |
		    sed -n 's/^  \([a-z-]*\) .*/\1/p') --version --help" -- "$cur"))
		return
	fi
	case $prev in
	--key|-k|--operator-key|--log-key|--new-key|--passphrase-file|\
	--artifact|--disclosure|--since-checkpoint|-o|--output|--out)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--registry)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--role)
		COMPREPLY=($(compgen -W "auditor expert management operator" -- "$cur"))
		return ;;
	--action)
		COMPREPLY=($(compgen -W "revoke suspend reinstate withdraw supersede correct delist" -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W "md html json csv xlsx pem minisign ssh" -- "$cur"))
		return ;;
	--lang)
		COMPREPLY=($(compgen -W "ja en" -- "$cur"))
		return ;;
	esac
	if [ "$COMP_CWORD" -eq 2 ]; then
		case $cmd in
		keys) COMPREPLY=($(compgen -W "generate id show export-pub import" -- "$cur")); return ;;
		registry) COMPREPLY=($(compgen -W "init accredit add status list show verify checkpoint proof rotate-root export restore" -- "$cur")); return ;;
		new) COMPREPLY=($(compgen -W "$(inkan new -h 2>/dev/null | sed -n 's/^  \([a-z-]*\) .*/\1/p')" -- "$cur")); return ;;
		scs) COMPREPLY=($(compgen -W "catalog sheet plan check" -- "$cur")); return ;;
		site) COMPREPLY=($(compgen -W "build" -- "$cur")); return ;;
		help) COMPREPLY=($(compgen -W "$(inkan -h 2>/dev/null | sed -n 's/^  \([a-z-]*\) .*/\1/p')" -- "$cur")); return ;;
		esac
	fi
	if [[ $cur == -* ]]; then
		# The options a command's usage mentions.
		COMPREPLY=($(compgen -W "$(inkan "$cmd" -h 2>/dev/null |
		    grep -o -- '--[a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _inkan inkan
