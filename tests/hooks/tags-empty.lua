-- tests/hooks/tags-empty.lua - tags() returns an empty table: no tags, no
-- error (the Lua hook fuzz target found this passed NULL to qsort).
function tags(r)
	return {}
end
