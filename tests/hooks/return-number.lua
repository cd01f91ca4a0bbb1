-- tests/hooks/return-number.lua - a name is a string (VN404).
function name(r)
	return 42
end
