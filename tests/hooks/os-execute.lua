-- tests/hooks/os-execute.lua - no os library in the sandbox (VN401).
function name(r)
	os.execute("touch /tmp/vnetc-hook-was-here")
	return nil
end
