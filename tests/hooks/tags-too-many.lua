-- tests/hooks/tags-too-many.lua - a private DNS zone takes 15 tags
-- (VN408).
function tags(r)
	local t = {}
	for i = 1, (r.kind == "pdnsz" and 16 or 1) do
		t["tag" .. i] = "v"
	end
	return t
end
