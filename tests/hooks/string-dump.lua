-- tests/hooks/string-dump.lua - string.dump is gone: no bytecode to load
-- back (VN401).
local code = string.dump(function() return "x" end)
function name(r)
	return nil
end
