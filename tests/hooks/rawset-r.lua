-- tests/hooks/rawset-r.lua - rawset cannot write into r either: r is not
-- a table (VN401).
function name(r)
	rawset(r, "name", "renamed")
	return nil
end
