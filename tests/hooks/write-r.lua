-- tests/hooks/write-r.lua - r is read-only (VN401).
function name(r)
	r.name = "renamed"
	return nil
end
