-- tests/hooks/tags-number.lua - tag values are strings (VN404).
function name(r)
	return nil
end
function tags(r)
	return {costcenter = 42}
end
