-- tests/hooks/load-binary.lua - load() takes text only: crafted bytecode
-- can crash Lua (VN401).
local chunk = "\27Lua\x54\0\x19\x93\r\n\x1a\n\4\8\8\x78\x56\0\0\0\0\0\0\0"
local f = assert(load(chunk, "=bytes", "b"))
function name(r)
	return f()
end
