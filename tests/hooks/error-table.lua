-- tests/hooks/error-table.lua - an error that is not a string, whose
-- __tostring vnetc does not run (VN401).
function name(r)
	error(setmetatable({}, {__tostring = function()
		while true do
		end
	end}))
end
