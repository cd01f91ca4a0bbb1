-- tests/hooks/vars-write.lua - r.vars is read-only too (VN401).
function name(r)
	r.vars.workload = "changed"
	return nil
end
