-- tests/hooks/return-huge.lua - at most 1024 bytes (VN404).
function name(r)
	return string.rep("a", 5000)
end
