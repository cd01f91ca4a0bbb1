-- tests/hooks/rename-group.lua - renames the resource group, which holds
-- an existing key vault: a warning, vnetc looks for the vault in the new
-- group (VN407). r.existing says so.
function name(r)
	if r.kind == "rg" and r.existing then
		return r.name .. "-renamed"
	end
end
