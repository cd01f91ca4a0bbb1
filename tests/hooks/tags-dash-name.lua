-- tests/hooks/tags-dash-name.lua - a tag name that begins with '-': Azure
-- takes it, but az's --tags would read it as an option (VN408).
function name(r)
	return nil
end
function tags(r)
	return {["-owner"] = "team"}
end
