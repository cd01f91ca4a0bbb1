# bash completion for vnetc                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/vnetc (make install).
#
# Commands, options and option values are read from vnetc's own --help,
# so this file never lags behind the program: a new command or option
# completes as soon as its --help line exists. Specs complete as *.yaml.

# _vnetc_help [COMMAND]: the help text of vnetc or of one command.
_vnetc_help()
{
	"${COMP_WORDS[0]}" "$@" --help 2>/dev/null
}

# The commands: the "commands:" block of vnetc --help, first word of each
# line ("  build SPEC   check, then write ...").
_vnetc_commands()
{
	_vnetc_help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The options of a command: the first words of its "options:" lines
# ("  -o DIR  ...", "  -h, --help  ...").
_vnetc_options()
{
	_vnetc_help "$1" | sed -n '/^options:/,/^$/p' |
		grep -o -e '^  -[-a-zA-Z]*' -e ', --[-a-zA-Z]*' | tr -d ' ,'
}

# The values an option takes when --help lists them as a|b|c
# ("  --format text|json  ..."); nothing otherwise.
_vnetc_values()
{
	_vnetc_help "$1" | sed -n "s/^  \\(-[a-zA-Z], \\)\\{0,1\\}$2 \\([a-z|]*|[a-z|]*\\) .*/\\2/p" |
		head -n 1 | tr '|' ' '
}

_vnetc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd=${COMP_WORDS[1]} values
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_vnetc_commands) --help --version" -- "$cur")
		return
	fi
	case $prev in
	-o)
		# build, apply, destroy -o DIR; graph -o FILE
		if [ "$cmd" = build ] || [ "$cmd" = apply ] || [ "$cmd" = destroy ]; then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return
		;;
	-p)
		return # NAME=VALUE: nothing sensible to offer
		;;
	-W)
		# no-RULE for each warning the command's --help lists
		mapfile -t COMPREPLY < <(compgen -W "$(_vnetc_help "$cmd" |
			sed -n '/^warnings/,/^$/s/^  \(VN[0-9]*\) .*/no-\1/p')" -- "$cur")
		return
		;;
	-*)
		values=$(_vnetc_values "$cmd" "$prev")
		if [ -n "$values" ]; then
			mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
			return
		fi
		;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_vnetc_options "$cmd")" -- "$cur")
		return
	fi
	# A spec: YAML files and directories to walk into.
	mapfile -t COMPREPLY < <(compgen -f -X '!*.yaml' -- "$cur"
		compgen -f -X '!*.yml' -- "$cur"; compgen -d -- "$cur")
}

complete -F _vnetc -o filenames vnetc
