-- tests/hooks/illegal-name.lua - a VNet name may not start with a hyphen
-- (VN405).
function name(r)
	if r.kind == "vnet" then
		return "-" .. r.key
	end
end
