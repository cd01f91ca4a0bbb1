-- tests/hooks/syntax.lua - does not parse (VN401 at the naming: key).
function name(r)
	return r.name ..
end
