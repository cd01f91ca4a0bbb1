-- tests/hooks/tags-nul.lua - a tag value with an embedded NUL (VN404).
function tags(r)
	return {env = "prod\0uction"}
end
