-- tests/hooks/pairs-iter.lua - the iterator pairs(r) returns, called with
-- something that is not r (found by fuzz/lua_fuzz.c: it was read as r).
function name(r)
	local next_field = pairs(r)
	return next_field("apps")
end
