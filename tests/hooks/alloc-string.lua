-- tests/hooks/alloc-string.lua - a 1 GiB string: the memory cap (VN403).
function name(r)
	return string.rep("x", 1 << 30)
end
