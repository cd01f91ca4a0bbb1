-- tests/hooks/require.lua - no require, no package (VN401).
local os = require("os")
function name(r)
	return os.getenv("HOME")
end
