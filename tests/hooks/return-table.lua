-- tests/hooks/return-table.lua - a name is a string (VN404).
function name(r)
	return {r.name}
end
