-- tests/hooks/pattern-bomb.lua - a pattern that backtracks for ages inside
-- string.find, where no Lua instruction runs: the CPU watchdog (VN402).
function name(r)
	return string.find(string.rep("a", 40), string.rep("a*", 40) .. "b")
end
