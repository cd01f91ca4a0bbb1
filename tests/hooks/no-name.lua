-- tests/hooks/no-name.lua - defines neither name(r) nor tags(r) (VN401).
local function nom(r)
	return r.name
end
