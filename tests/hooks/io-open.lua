-- tests/hooks/io-open.lua - no io library in the sandbox (VN401).
function name(r)
	local f = io.open("/etc/passwd")
	return f:read("l")
end
