-- tests/hooks/return-nul.lua - a name with an embedded NUL: Lua strings
-- hold one, C strings end there (VN404).
function name(r)
	if r.kind == "vnet" then
		return "vnet-hub\0-evil"
	end
end
