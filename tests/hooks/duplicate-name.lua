-- tests/hooks/duplicate-name.lua - two subnets of one VNet named alike,
-- differing only in case (VN406).
function name(r)
	if r.kind == "subnet" then
		return r.index == 1 and "snet-shared" or "SNET-Shared"
	end
end
