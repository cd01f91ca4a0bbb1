#!/bin/sh
# tests/install.sh - make install / make uninstall into a temporary DESTDIR:
# the files land where they should, the installed vnetc finds its data in
# PREFIX/share/vnetc when run from elsewhere (not in the source tree), the
# bash completion completes, and uninstall removes every file.
# Prints "N passed, N failed" last; exit 1 on failure.
O=${O:-build}
VERSION=$(sed -n 's/^VERSION = //p' Makefile)
SRC=$PWD
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

root=$tmp/root
pre=$root/usr/local
if make -s O="$O" DESTDIR="$root" install >"$tmp/make.out" 2>&1; then
	ok
else
	ko "make install"
	sed 's/^/  | /' "$tmp/make.out" | tail -n 20
fi
check "binary installed and executable" test -x "$pre/bin/vnetc"
check "prologue in share/vnetc/templates" \
	test -f "$pre/share/vnetc/templates/prologue.sh"
find templates lua -type f >"$tmp/data" 2>/dev/null
while read -r f; do
	check "$f installed" cmp -s "$f" "$pre/share/vnetc/$f"
done <"$tmp/data"
check "vnetc(1) installed" test -f "$pre/share/man/man1/vnetc.1"
check "vnetc-spec(5) installed" test -f "$pre/share/man/man5/vnetc-spec.5"
check "man pages carry the version" grep -q "^\.Os vnetc $VERSION\$" \
	"$pre/share/man/man1/vnetc.1"
check "no @VERSION@ left" sh -c "! grep -q @VERSION@ '$pre'/share/man/*/*"
check "vnetc-rules(7) installed" grep -q '^\.Dt VNETC-RULES 7' \
	"$pre/share/man/man7/vnetc-rules.7"
# (the specs point editors at the schema beside them: ../docs/)
for f in README.md docs/*.md docs/vnetc.schema.json specs/*.yaml; do
	check "$f installed in share/doc/vnetc" cmp -s "$f" "$pre/share/doc/vnetc/$f"
done
# The installed vnetc points at the installed documentation.
env -u VNETC_DATADIR "$pre/bin/vnetc" check --help >"$tmp/help" 2>&1
check "check --help names vnetc-rules(7)" grep -q 'vnetc-rules(7)' "$tmp/help"
check "check --help names the installed Markdown" grep -q \
	"as Markdown: $pre/share/doc/vnetc/docs/\$" "$tmp/help"
check "bash completion installed" \
	test -f "$pre/share/bash-completion/completions/vnetc"
check "nothing installed outside PREFIX" test -z \
	"$(cd "$root" && find . -type f ! -path './usr/local/*')"

# The installed vnetc, run from another directory without VNETC_DATADIR,
# finds its templates in PREFIX/share/vnetc.
mkdir -p "$tmp/work"
cp specs/isolated-backend.yaml "$tmp/work/"
(
	cd "$tmp/work" || exit 1
	env -u VNETC_DATADIR "$pre/bin/vnetc" build isolated-backend.yaml \
		-o out --no-graph
) >"$tmp/out" 2>&1
check "installed vnetc builds from another directory" \
	test -s "$tmp/work/out/isolated-backend.sh"
check "its script has the installed prologue" grep -q '^vnetc_die()' \
	"$tmp/work/out/isolated-backend.sh"
check "the script is the one the source tree builds" sh -c \
	"'$SRC/$O/vnetc' build '$SRC/specs/isolated-backend.yaml' -o '$tmp/ref' \
	--no-graph 2>/dev/null && cmp -s '$tmp/ref/isolated-backend.sh' \
	'$tmp/work/out/isolated-backend.sh'"
# Without share/vnetc it must fail: proof that it was used above.
mv "$pre/share/vnetc" "$tmp/moved"
(cd "$tmp/work" && env -u VNETC_DATADIR "$pre/bin/vnetc" build \
	isolated-backend.yaml -o out2 --no-graph) >"$tmp/out" 2>&1
check "without share/vnetc the build fails" test ! -e "$tmp/work/out2"
check "and says what it misses" grep -q "templates/prologue.sh" "$tmp/out"
# VNETC_DATADIR points elsewhere.
(cd "$tmp/work" && VNETC_DATADIR="$tmp/moved" "$pre/bin/vnetc" build \
	isolated-backend.yaml -o out3 --no-graph) >"$tmp/out" 2>&1
check "VNETC_DATADIR is honoured" test -s "$tmp/work/out3/isolated-backend.sh"
mv "$tmp/moved" "$pre/share/vnetc"

# The man pages render.
if command -v groff >/dev/null; then
	check "vnetc(1) renders" sh -c "groff -mdoc -Tascii -P-cbu \
		'$pre/share/man/man1/vnetc.1' 2>/dev/null | grep -q 'SYNOPSIS'"
fi

# Bash completion: commands, options and values come from --help.
comp() { # words... -> COMPREPLY, one per line
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_vnetc; printf "%s\n" "${COMPREPLY[@]}"' \
		comp "$pre/share/bash-completion/completions/vnetc" "$@"
}
comp "$pre/bin/vnetc" "" >"$tmp/c"
check "completes the commands" sh -c "grep -qx build '$tmp/c' &&
	grep -qx check '$tmp/c' && grep -qx graph '$tmp/c'"
comp "$pre/bin/vnetc" b >"$tmp/c"
check "completes 'b' to build" test "$(cat "$tmp/c")" = build
comp "$pre/bin/vnetc" build --no >"$tmp/c"
check "completes build's --no-graph" test "$(cat "$tmp/c")" = --no-graph
comp "$pre/bin/vnetc" graph x.yaml --format "" >"$tmp/c"
check "completes graph --format values" test \
	"$(tr '\n' ' ' <"$tmp/c")" = "svg dot mermaid "
comp "$pre/bin/vnetc" check x.yaml -d "" >"$tmp/c"
check "completes -d values" test "$(tr '\n' ' ' <"$tmp/c")" = "spec named plan "
comp "$pre/bin/vnetc" check x.yaml -W "" >"$tmp/c"
check "completes -W with no-RULE of the warnings" sh -c "grep -qx no-VN205 '$tmp/c' &&
	grep -qx no-VN407 '$tmp/c' && ! grep -qv '^no-VN[0-9]*\$' '$tmp/c' &&
	! grep -qx no-VN201 '$tmp/c'"
comp "$pre/bin/vnetc" build x.yaml -W no-VN2 >"$tmp/c"
check "completes -W no-VN2 to the VN2xx warnings" test \
	"$(tr '\n' ' ' <"$tmp/c")" = "no-VN205 no-VN211 no-VN216 "
mkdir -p "$tmp/cdir/journals"
: >"$tmp/cdir/journal-file"
(cd "$tmp/cdir" && comp "$pre/bin/vnetc" apply x.yaml -o "jo") >"$tmp/c"
check "completes apply -o with directories only" test "$(cat "$tmp/c")" = journals
(cd specs && comp "$pre/bin/vnetc" check isolated) >"$tmp/c"
check "completes a spec file" grep -qx isolated-backend.yaml "$tmp/c"

# Another PREFIX: the binary finds ../share/vnetc wherever it is.
if make -s O="$O" DESTDIR="$root" PREFIX=/opt/vnetc install >"$tmp/make.out" \
	2>&1; then ok; else ko "make install PREFIX=/opt/vnetc"; fi
(cd "$tmp/work" && env -u VNETC_DATADIR "$root/opt/vnetc/bin/vnetc" build \
	isolated-backend.yaml -o out4 --no-graph) >/dev/null 2>&1
check "PREFIX=/opt/vnetc works" test -s "$tmp/work/out4/isolated-backend.sh"

# uninstall removes every file it installed.
make -s O="$O" DESTDIR="$root" uninstall >/dev/null 2>&1 &&
	make -s O="$O" DESTDIR="$root" PREFIX=/opt/vnetc uninstall >/dev/null 2>&1
check "make uninstall" test $? = 0
left=$(cd "$root" && find . -type f)
check "uninstall leaves no file (left: $left)" test -z "$left"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
