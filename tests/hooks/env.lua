-- tests/hooks/env.lua - _ENV tricks reach nothing the sandbox took away
-- (VN401).
local _ENV = setmetatable({}, {__index = _G})
function name(r)
	local g = load("return _G", "=x", "t", _G)()
	return g.io.open("/etc/passwd"):read("a")
end
_G.name = name
