# bash completion for bouncediag(1)
_bouncediag()
{
	local cur prev words cword
	_init_completion || return

	case $prev in
	-f|--format)
		COMPREPLY=($(compgen -W 'text json tsv csv' -- "$cur")); return ;;
	-l|--lang)
		COMPREPLY=($(compgen -W 'en zh ru' -- "$cur")); return ;;
	-r|--rules)
		_filedir -d; return ;;
	-j|--jobs)
		COMPREPLY=($(compgen -W "1 2 4 8 $(nproc 2>/dev/null)" -- "$cur")); return ;;
	--color|--progress)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
	esac
	case $cur in
	--*=*)
		local opt=${cur%%=*} val=${cur#*=}
		case $opt in
		--format) COMPREPLY=($(compgen -W 'text json tsv csv' -- "$val")) ;;
		--lang) COMPREPLY=($(compgen -W 'en zh ru' -- "$val")) ;;
		--color|--progress) COMPREPLY=($(compgen -W 'auto always never' -- "$val")) ;;
		esac
		return ;;
	-*)
		COMPREPLY=($(compgen -W '--format --lang --rules --summary --no-summary
		    --jobs --color --progress --help --version -f -l -r -s -j -h -V' -- "$cur"))
		return ;;
	esac
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'explain rules' -- "$cur"))
		_filedir
		return
	fi
	case ${words[1]} in
	explain)
		COMPREPLY=($(compgen -W '421 450 451 452 550 551 552 553 554 5.1.1 5.1.2 5.2.2 5.7.1 5.7.26' -- "$cur"))
		return ;;
	rules)
		if [[ $cword -eq 2 ]]; then
			COMPREPLY=($(compgen -W 'check' -- "$cur"))
		else
			_filedir -d
		fi
		return ;;
	esac
	_filedir
} && complete -F _bouncediag bouncediag
