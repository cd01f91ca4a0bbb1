-- tests/hooks/debug.lua - no debug library: no registry, no upvalues,
-- no setmetatable on r (VN401).
function name(r)
	debug.setmetatable(r, nil)
	return "x"
end
