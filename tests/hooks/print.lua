-- tests/hooks/print.lua - print() goes to stderr, never into stdout (a
-- SARIF log or -d named) (tests/naming.sh).
function name(r)
	print("naming", r.kind, r.key)
	return nil
end
