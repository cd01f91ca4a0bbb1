-- tests/hooks/alloc-table.lua - a table that grows without end: the
-- memory cap stops it before the instruction budget does (VN403).
local t = {}
function name(r)
	for i = 1, math.maxinteger do
		t[i] = string.rep("x", 1000) .. i
	end
end
