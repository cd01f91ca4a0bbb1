-- tests/hooks/rename-zone.lua - a private DNS zone is named by its DNS
-- name (VN404).
function name(r)
	if r.kind == "pdnsz" then
		return "zone-" .. r.index
	end
end
