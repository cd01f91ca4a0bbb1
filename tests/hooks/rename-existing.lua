-- tests/hooks/rename-existing.lua - renames an existing key vault: a
-- warning, the vault must exist under the new name (VN407).
function name(r)
	if r.kind == "kv" then
		return "kv-hooks-" .. r.index
	end
end
