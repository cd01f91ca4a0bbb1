-- tests/hooks/recursion.lua - recursion without end: Lua's stack limit
-- (VN401).
local function deeper(n)
	return 1 + deeper(n + 1)
end
function name(r)
	return deeper(1)
end
