-- tests/hooks/alloc-table.lua - a table that grows without end: the
-- memory cap stops it before the instruction budget or the CPU limit does
-- (VN403). 100 KB a step, copied whole: string.rep("x", n) in the loop made
-- n one-byte copies, each checked by AddressSanitizer under make check,
-- and ran into the CPU limit first.
local chunk = string.rep("x", 100000)
local t = {}
function name(r)
	for i = 1, math.maxinteger do
		t[i] = chunk .. i
	end
end
