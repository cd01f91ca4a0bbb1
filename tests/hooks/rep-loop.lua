-- tests/hooks/rep-loop.lua - an endless loop whose few instructions each
-- copy 64 KiB: within the instruction budget it ran for minutes of CPU,
-- so a call also has a CPU budget (VN402; found by fuzz/lua_fuzz.c). One
-- line: the note's line does not depend on where the budget stops it.
function name(r)
	while true do local s = string.rep("x", 64 << 10) end
end
