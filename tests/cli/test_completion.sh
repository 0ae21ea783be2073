#!/usr/bin/env bash
# Bash completion: subcommands, options per subcommand, values of enumerated options.
. "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
. "$SRC/completion/erready.bash"
PATH="$(dirname "$ER"):$PATH"

complete_words() { # complete_words WORD... : completions for the last word
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _erready
  [ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

got=$(complete_words erready ba)
check '[ "$got" = "baseline " ]' "subcommand prefix (got '$got')"
got=$(complete_words erready check --for)
check '[ "$got" = "--format " ]' "check option (got '$got')"
got=$(complete_words erready check --format "")
check '[ "$got" = "csv html json junit markdown sarif text " ]' "check formats (got '$got')"
got=$(complete_words erready routes --format "")
check '[ "$got" = "csv json text " ]' "routes formats (got '$got')"
got=$(complete_words erready check --fail-on n)
check '[ "$got" = "never " ]' "severities (got '$got')"
got=$(complete_words erready baseline --min)
check '[ "$got" = "--min-severity " ]' "baseline option (got '$got')"
got=$(complete_words erready check --input-format "")
check '[[ "$got" == *ios-bgp* ]]' "input formats from 'erready formats' (got '$got')"
got=$(complete_words erready update --cloud u)
check '[ "$got" = "usgov " ]' "update clouds (got '$got')"
got=$(complete_words erready check --reason "")
check '[ -z "$got" ]' "free-text option value: no completion"

# Every command of `erready --help` is completed and described in the man page.
for c in $("$ER" --help | awk '/^commands:/ {f = 1; next} f && NF == 0 {exit} f {print $1}'); do
  got=$(complete_words erready "$c")
  check '[[ " $got" == *" $c "* ]]' "completion knows '$c'"
  check 'grep -q "^\.B $c\$" "$SRC/docs/erready.1"' "man page describes '$c'"
done

# `cmake --install` puts the completion and the man page where bash and man look.
if command -v cmake >/dev/null 2>&1 && [ -f "$(dirname "$ER")/cmake_install.cmake" ]; then
  cmake --install "$(dirname "$ER")" --prefix "$TMP/inst" >/dev/null 2>&1
  check '[ -f "$TMP/inst/share/bash-completion/completions/erready" ]' "completion installed"
  check '[ -f "$TMP/inst/share/man/man1/erready.1" ]' "man page installed"
  check '[ -x "$TMP/inst/bin/erready" ]' "binary installed"
fi
finish
