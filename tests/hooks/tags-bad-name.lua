-- tests/hooks/tags-bad-name.lua - Azure's tag names have no '/' (VN408).
function name(r)
	return nil
end
function tags(r)
	return {["cost/center"] = "42"}
end
