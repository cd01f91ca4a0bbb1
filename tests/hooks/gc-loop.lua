-- tests/hooks/gc-loop.lua - a finalizer that loops: Lua runs __gc with
-- debug hooks off, so the sandbox refuses __gc (VN401).
setmetatable({}, {__gc = function()
	while true do
	end
end})
function name(r)
	return nil
end
