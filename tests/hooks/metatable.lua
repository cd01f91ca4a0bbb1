-- tests/hooks/metatable.lua - r's metatable is protected: getmetatable
-- gives a string, setmetatable refuses (VN401).
function name(r)
	local mt = getmetatable(r)
	mt.__newindex = nil
	return nil
end
