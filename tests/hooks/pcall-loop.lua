-- tests/hooks/pcall-loop.lua - catches the budget error and loops on:
-- past the budget every instruction fails, so it cannot (VN402).
function name(r)
	while true do
		pcall(function()
			while true do
			end
		end)
	end
end
