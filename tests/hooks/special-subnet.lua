-- tests/hooks/special-subnet.lua - makes an ordinary subnet the Bastion
-- subnet: the name says what a subnet is for (VN404).
function name(r)
	if r.kind == "subnet" and r.key == "apps" then
		return "AzureBastionSubnet"
	end
end
